//! Next.js flight payloads (React Server Components streamed as
//! `self.__next_f.push([1, "…"])`).
//!
//! The string chunks are concatenated and split into rows `<hex id>:<payload>`; JSON
//! payloads are parsed (a leading type tag such as `I` or `HL` is skipped), text rows
//! `T<hex length>,…` are skipped by length, and `"$<id>"` strings can be followed to the
//! row they name. Both the raw form (double-quoted JSON strings) and the Prettier-reformatted
//! form (single-quoted JavaScript strings with unescaped inner quotes) are read, because
//! each push argument goes through the tolerant [`super::jsonish`] reader. This module
//! never renders or interprets React trees; it only exposes rows as JSON.

use std::collections::HashMap;

use serde_json::Value;

use super::jsonish::parse_value_prefix;
use super::path::JsonPath;

const PUSH: &str = "self.__next_f.push(";

/// The parsed rows of a page's flight payload.
#[derive(Debug, Default)]
pub struct Flight {
    rows: Vec<(String, Value)>,
    by_id: HashMap<String, usize>,
}

impl Flight {
    /// Reads every `self.__next_f.push` chunk in `source`.
    pub fn from_page(source: &str) -> Self {
        let mut stream = String::new();
        for (at, _) in source.match_indices(PUSH) {
            let rest = &source[at + PUSH.len()..];
            if let Some((Value::Array(items), _)) = parse_value_prefix(rest)
                && items.first().and_then(Value::as_i64) == Some(1)
                && let Some(Value::String(chunk)) = items.get(1)
            {
                stream.push_str(chunk);
            }
        }
        Self::from_stream(&stream)
    }

    /// Splits a concatenated payload into rows.
    pub fn from_stream(stream: &str) -> Self {
        let mut flight = Flight::default();
        let mut pos = 0;
        while pos < stream.len() {
            let rest = &stream[pos..];
            let id_len = rest
                .find(|c: char| !c.is_ascii_hexdigit())
                .unwrap_or(rest.len());
            if id_len == 0 || !rest[id_len..].starts_with(':') {
                pos += next_line(rest);
                continue;
            }
            let id = rest[..id_len].to_string();
            let body_start = id_len + 1;
            let body = &rest[body_start..];
            if let Some(t) = body.strip_prefix('T') {
                // Text row: T<hex length>,<that many bytes>.
                let comma = t.find(',');
                let len = comma.and_then(|c| usize::from_str_radix(&t[..c], 16).ok());
                match (comma, len) {
                    (Some(c), Some(n)) => {
                        let skip = body_start + 1 + c + 1 + n;
                        pos += skip.min(rest.len());
                        // Land on a char boundary.
                        while pos < stream.len() && !stream.is_char_boundary(pos) {
                            pos += 1;
                        }
                    }
                    _ => pos += next_line(rest),
                }
                continue;
            }
            let tag_len = body
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(body.len());
            let json = &body[tag_len..];
            match parse_value_prefix(json) {
                Some((value, end)) if json.starts_with(['{', '[', '"']) || tag_len == 0 => {
                    flight.by_id.insert(id.clone(), flight.rows.len());
                    flight.rows.push((id, value));
                    let consumed = body_start + tag_len + end;
                    pos += consumed + next_line(&rest[consumed..]);
                }
                _ => pos += next_line(rest),
            }
        }
        flight
    }

    /// Number of rows read.
    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether no row was read.
    #[cfg(test)]
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// Every row's value, in stream order.
    pub fn rows(&self) -> impl Iterator<Item = &Value> {
        self.rows.iter().map(|(_, v)| v)
    }

    /// The first value `path` reaches in any row (rows in stream order), following
    /// `"$<id>"` references.
    pub fn find<'s>(&'s self, path: &JsonPath) -> Option<&'s Value> {
        let deref = |v: &'s Value| -> &'s Value {
            if let Value::String(s) = v
                && let Some(id) = s.strip_prefix('$')
                && let Some(&i) = self.by_id.get(id)
                && let Some((_, row)) = self.rows.get(i)
            {
                return row;
            }
            v
        };
        self.rows
            .iter()
            .find_map(|(_, row)| path.resolve_with(row, &deref).filter(|v| !v.is_null()))
    }
}

fn next_line(s: &str) -> usize {
    s.find('\n').map_or(s.len(), |i| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(p: &str) -> JsonPath {
        JsonPath::parse(p).expect("valid path")
    }

    #[test]
    fn rows_are_split_and_references_followed() {
        let page = r#"<script>self.__next_f.push([1,"1:HL[\"x.css\"]\n2:{\"p\":\"$3\"}\n"])</script>
<script>self.__next_f.push([1,"3:{\"itemCode\":5,\"minOrder\":\"100\"}\n4:T5,hello6:[\"$\",\"div\"]\n"])</script>"#;
        let f = Flight::from_page(page);
        assert_eq!(f.len(), 4);
        assert_eq!(
            f.find(&path("p.minOrder")).and_then(Value::as_str),
            Some("100")
        );
        assert_eq!(
            f.find(&path("..(itemCode).minOrder")),
            Some(&Value::from("100"))
        );
    }

    #[test]
    fn prettier_single_quoted_chunks_are_read() {
        let page = "<script>\n self.__next_f.push([\n   1,\n   '4f:{\"itemCode\":\"9\",\"plural\":\"Pieces\"}\\n',\n ]);\n</script>";
        let f = Flight::from_page(page);
        assert_eq!(f.find(&path("..plural")), Some(&Value::from("Pieces")));
    }

    #[test]
    fn garbage_gives_no_rows_and_no_panic() {
        let f = Flight::from_stream("zz\n:::\n1:T99999,ab\n2:{broken\n");
        assert!(f.is_empty());
    }
}
