//! JSON paths as profiles write them: `offerResultData.offers`, `items[0].title`,
//! `..prodShip.stockCountryName`, `..(itemCode).minOrder`.
//!
//! Grammar: segments joined by `.`; `name` reads a key, `[n]` an array element (`[-1]` is
//! the last), `..name` finds the first object (depth first: arrays in order, object keys
//! in sorted order, since objects are unordered maps) that has
//! key `name` and reads it, and `..(name)` finds that object itself. A path is compiled
//! once when the profile loads ([`JsonPath::parse`] reports mistakes); resolving never
//! fails loudly, it just yields `None`. Paths do not filter by value or evaluate
//! expressions: what they cannot say, a profile says with a regex or a template.

use std::fmt;

use serde_json::Value;

/// One compiled path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    segs: Vec<Seg>,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Seg {
    Key(String),
    Index(i64),
    /// `..name`: first descendant object with `name`, then its value.
    Find(String),
    /// `..(name)`: first descendant object with `name`, itself.
    FindObject(String),
}

/// A path the grammar does not accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError(pub String);

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Resolves Next.js `"$<id>"` references while walking; identity for plain JSON.
pub type Deref<'v> = dyn Fn(&'v Value) -> &'v Value + 'v;

impl JsonPath {
    /// Compiles `text`. The empty path (or `$`) is the value itself.
    pub fn parse(text: &str) -> Result<Self, PathError> {
        let mut segs = Vec::new();
        let body = text.trim();
        let body = body.strip_prefix('$').unwrap_or(body);
        let b = body.as_bytes();
        let mut i = 0;
        while i < b.len() {
            if body[i..].starts_with("..") {
                i += 2;
                if body[i..].starts_with('(') {
                    let end = body[i..]
                        .find(')')
                        .ok_or_else(|| PathError(format!("unclosed `(` in path {text:?}")))?;
                    let name = &body[i + 1..i + end];
                    if name.is_empty() {
                        return Err(PathError(format!("empty `()` in path {text:?}")));
                    }
                    segs.push(Seg::FindObject(name.to_string()));
                    i += end + 1;
                } else {
                    let name = take_name(&body[i..]);
                    if name.is_empty() {
                        return Err(PathError(format!("`..` needs a key name in {text:?}")));
                    }
                    i += name.len();
                    segs.push(Seg::Find(name.to_string()));
                }
            } else if b[i] == b'.' {
                i += 1;
                if i >= b.len() || b[i] == b'.' || b[i] == b'[' {
                    return Err(PathError(format!("empty key in path {text:?}")));
                }
            } else if b[i] == b'[' {
                let end = body[i..]
                    .find(']')
                    .ok_or_else(|| PathError(format!("unclosed `[` in path {text:?}")))?;
                let inner = body[i + 1..i + end].trim();
                let inner = inner.trim_matches(['"', '\'']);
                match inner.parse::<i64>() {
                    Ok(n) => segs.push(Seg::Index(n)),
                    Err(_) if !inner.is_empty() => segs.push(Seg::Key(inner.to_string())),
                    Err(_) => return Err(PathError(format!("empty `[]` in path {text:?}"))),
                }
                i += end + 1;
            } else {
                let name = take_name(&body[i..]);
                if name.is_empty() {
                    return Err(PathError(format!("unexpected character in path {text:?}")));
                }
                i += name.len();
                segs.push(Seg::Key(name.to_string()));
            }
        }
        Ok(JsonPath {
            segs,
            text: text.to_string(),
        })
    }

    /// The path as written in the profile.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether this is the empty path (`""` or `$`): the value itself.
    pub fn is_empty(&self) -> bool {
        self.segs.is_empty()
    }

    /// The value at this path in `root`, if any.
    pub fn resolve<'v>(&self, root: &'v Value) -> Option<&'v Value> {
        self.resolve_with(root, &|v| v)
    }

    /// Like [`Self::resolve`], passing every value reached through `deref` first.
    pub fn resolve_with<'v>(&self, root: &'v Value, deref: &Deref<'v>) -> Option<&'v Value> {
        let mut cur = deref(root);
        for seg in &self.segs {
            cur = match seg {
                Seg::Key(k) => cur.as_object()?.get(k)?,
                Seg::Index(n) => {
                    let a = cur.as_array()?;
                    let idx = if *n < 0 {
                        a.len().checked_sub(n.unsigned_abs() as usize)?
                    } else {
                        *n as usize
                    };
                    a.get(idx)?
                }
                Seg::Find(k) => find_holder(cur, k, 0)?.get(k)?,
                Seg::FindObject(k) => find_holder(cur, k, 0)?,
            };
            cur = deref(cur);
        }
        Some(cur)
    }
}

fn take_name(s: &str) -> &str {
    let end = s.find(['.', '[']).unwrap_or(s.len());
    &s[..end]
}

const MAX_DEPTH: usize = 512;

/// The first object (depth first, document order) that has `key`.
fn find_holder<'v>(v: &'v Value, key: &str, depth: usize) -> Option<&'v Value> {
    if depth > MAX_DEPTH {
        return None;
    }
    match v {
        Value::Object(m) => {
            if m.contains_key(key) {
                return Some(v);
            }
            m.values().find_map(|c| find_holder(c, key, depth + 1))
        }
        Value::Array(a) => a.iter().find_map(|c| find_holder(c, key, depth + 1)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn at<'v>(p: &str, v: &'v Value) -> Option<&'v Value> {
        JsonPath::parse(p).expect("valid path").resolve(v)
    }

    #[test]
    fn keys_indexes_and_negative_indexes() {
        let v = json!({"a": {"b": [10, 20, 30]}});
        assert_eq!(at("a.b[1]", &v), Some(&json!(20)));
        assert_eq!(at("a.b[-1]", &v), Some(&json!(30)));
        assert_eq!(at("a.b[3]", &v), None);
        assert_eq!(at("", &v), Some(&v));
        assert_eq!(at("a['b'][0]", &v), Some(&json!(10)));
    }

    #[test]
    fn recursive_find_takes_the_first_object_in_document_order() {
        let v = json!([{"rec": {"minOrder": "1 Piece"}}, {"itemCode": 7, "minOrder": "100"}]);
        assert_eq!(at("..minOrder", &v), Some(&json!("1 Piece")));
        assert_eq!(at("..(itemCode).minOrder", &v), Some(&json!("100")));
    }

    #[test]
    fn bad_paths_are_reported() {
        assert!(JsonPath::parse("a..").is_err());
        assert!(JsonPath::parse("a[0").is_err());
        assert!(JsonPath::parse("a.").is_err());
        assert!(JsonPath::parse("..()").is_err());
    }
}
