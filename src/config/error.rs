//! Configuration errors that name the file, the line and the key.
//!
//! Every TOML input (sweep file, site profile, brand registry) is parsed through
//! [`parse_toml`], and every semantic check reports through [`ConfigError::at_key`], so
//! a user always learns *where* the mistake is: `seeds/sweep.toml:12:1: crawler.rate: …`.
//! Locating keys uses `toml_edit`'s span-preserving parser; this module never reads files
//! itself (callers pass the text they read) and never decides what is valid.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use toml_edit::{Item, Table, Value};

/// A mistake in one configuration file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file the mistake is in.
    pub file: PathBuf,
    /// 1-based line of the mistake, when it can be pinned to one.
    pub line: Option<usize>,
    /// 1-based column of the mistake, when it can be pinned to one.
    pub column: Option<usize>,
    /// Dotted key path (`crawler.rate`, `brand[2].aliases`), when the mistake belongs to a key.
    pub key: Option<String>,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        if let Some(key) = &self.key {
            write!(f, ": key `{key}`")?;
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for ConfigError {}

impl ConfigError {
    /// An error about a whole file (unreadable, missing), with no line or key.
    pub fn file(file: &Path, message: impl Into<String>) -> Self {
        ConfigError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            key: None,
            message: message.into(),
        }
    }

    /// An error about the value of `key` (dotted path, `[n]` for array elements), located
    /// in `src` so the message carries its line. Falls back to the nearest existing parent
    /// key when the key itself is absent (a missing required key is reported at its table).
    pub fn at_key(file: &Path, src: &str, key: &str, message: impl Into<String>) -> Self {
        let offset = toml_edit::Document::parse(src)
            .ok()
            .and_then(|doc| locate(doc.as_table(), &split_path(key)));
        let (line, column) = match offset {
            Some(o) => {
                let (l, c) = line_col(src, o);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        ConfigError {
            file: file.to_path_buf(),
            line,
            column,
            key: Some(key.to_string()),
            message: message.into(),
        }
    }
}

thread_local! {
    /// Configuration files given as text instead of read from disk ([`with_files`]).
    static OVERLAY: std::cell::RefCell<Option<std::collections::HashMap<std::path::PathBuf, String>>> =
        const { std::cell::RefCell::new(None) };
}

/// Runs `f` (a configuration load on this thread) with `files` standing in for the disk:
/// a path in the map is read from it, any other path is missing. A fleet worker loads a
/// sweep's settings this way from the files the sweep recorded in the database, on a
/// machine that does not have them (see [`crate::fleet`]).
pub fn with_files<T>(
    files: std::collections::HashMap<std::path::PathBuf, String>,
    f: impl FnOnce() -> T,
) -> T {
    let before = OVERLAY.with(|o| o.replace(Some(files)));
    let out = f();
    OVERLAY.with(|o| o.replace(before));
    out
}

/// Reads a configuration file as text, naming it in the error.
pub fn read_file(path: &Path) -> Result<String, ConfigError> {
    if let Some(found) = OVERLAY.with(|o| {
        o.borrow()
            .as_ref()
            .map(|files| files.get(path).cloned().ok_or(()))
    }) {
        return found.map_err(|()| {
            ConfigError::file(
                path,
                "cannot read file: not among the sweep's recorded files",
            )
        });
    }
    std::fs::read_to_string(path)
        .map_err(|e| ConfigError::file(path, format!("cannot read file: {e}")))
}

/// Whether a configuration file exists ([`read_file`] would find it).
pub fn config_file_exists(path: &Path) -> bool {
    OVERLAY.with(|o| match o.borrow().as_ref() {
        Some(files) => files.contains_key(path),
        None => path.is_file(),
    })
}

/// Deserialises `src` (the text of `file`) into `T`. Unknown keys are rejected by the
/// `deny_unknown_fields` on the configuration structs; this function turns serde's span
/// into a line and a key path.
pub fn parse_toml<T: DeserializeOwned>(file: &Path, src: &str) -> Result<T, ConfigError> {
    toml::from_str(src).map_err(|e| {
        let raw = e.message().trim().to_string();
        let span = e.span();
        let (line, column) = match &span {
            Some(r) => {
                let (l, c) = line_col(src, r.start);
                (Some(l), Some(c))
            }
            None => (None, None),
        };
        let mut key = span.and_then(|r| {
            toml_edit::Document::parse(src)
                .ok()
                .and_then(|doc| key_at(doc.as_table(), &r))
        });
        // serde names the offending field for unknown/missing fields; the span then points
        // at the key itself (unknown) or at its table (missing).
        if let Some(field) = backticked_field(&raw) {
            let parent_is_field = key.as_deref().is_some_and(|k| last_segment(k) == field);
            if !parent_is_field {
                key = Some(match key {
                    Some(parent) if !parent.is_empty() => format!("{parent}.{field}"),
                    _ => field.to_string(),
                });
            }
        }
        ConfigError {
            file: file.to_path_buf(),
            line,
            column,
            key,
            message: raw,
        }
    })
}

fn backticked_field(msg: &str) -> Option<&str> {
    for prefix in ["unknown field `", "missing field `", "duplicate field `"] {
        if let Some(rest) = msg.find(prefix).map(|i| &msg[i + prefix.len()..]) {
            return rest.split('`').next();
        }
    }
    None
}

fn last_segment(path: &str) -> &str {
    let tail = path.rsplit('.').next().unwrap_or(path);
    tail.split('[').next().unwrap_or(tail)
}

/// 1-based line and column of a byte offset.
pub fn line_col(src: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(src.len());
    let before = &src[..floor_char_boundary(src, offset)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

enum Seg {
    Key(String),
    Index(usize),
}

fn split_path(path: &str) -> Vec<Seg> {
    let mut out = Vec::new();
    for part in path.split('.') {
        let mut rest = part;
        if let Some(i) = rest.find('[') {
            if i > 0 {
                out.push(Seg::Key(rest[..i].to_string()));
            }
            rest = &rest[i..];
            while let Some(stripped) = rest.strip_prefix('[') {
                let end = stripped.find(']').unwrap_or(stripped.len());
                if let Ok(n) = stripped[..end].parse() {
                    out.push(Seg::Index(n));
                }
                rest = stripped.get(end + 1..).unwrap_or("");
            }
        } else if !rest.is_empty() {
            out.push(Seg::Key(rest.to_string()));
        }
    }
    out
}

/// Byte offset of the deepest existing key along `path`.
fn locate(root: &Table, path: &[Seg]) -> Option<usize> {
    let mut best = None;
    let mut item: Option<&Item> = None;
    let mut table: Option<&Table> = Some(root);
    for seg in path {
        match seg {
            Seg::Key(k) => {
                let (key, next) = match (table, item) {
                    (Some(t), _) => t.get_key_value(k)?,
                    (None, Some(Item::Value(Value::InlineTable(t)))) => t.get_key_value(k)?,
                    _ => return best,
                };
                best = key.span().map(|r| r.start).or(best);
                item = Some(next);
                table = next.as_table();
            }
            Seg::Index(i) => {
                let next_table = match item {
                    Some(Item::ArrayOfTables(a)) => a.get(*i),
                    _ => None,
                };
                if let Some(t) = next_table {
                    best = t.span().map(|r| r.start).or(best);
                    table = Some(t);
                    item = None;
                    continue;
                }
                let value = match item {
                    Some(Item::Value(Value::Array(a))) => a.get(*i),
                    _ => None,
                }?;
                best = value.span().map(|r| r.start).or(best);
                table = None;
                item = None;
                if let Value::InlineTable(_) = value {
                    // Indexing into inline tables inside arrays is rare; stop here.
                    return best;
                }
            }
        }
    }
    best
}

/// Dotted path of the deepest key whose key or value span contains `span.start`.
fn key_at(root: &Table, span: &Range<usize>) -> Option<String> {
    let mut path = String::new();
    descend_table(root, span.start, &mut path);
    Some(path)
}

fn contains(r: Option<Range<usize>>, at: usize) -> bool {
    r.is_some_and(|r| r.start <= at && at < r.end.max(r.start + 1))
}

fn push_key(path: &mut String, key: &str) {
    if !path.is_empty() {
        path.push('.');
    }
    path.push_str(key);
}

fn descend_table(table: &Table, at: usize, path: &mut String) {
    // Prefer the key whose own span (key or inline value) holds the offset; for standard
    // tables, the one whose header is at or before the offset and which is the latest.
    let mut header_candidate: Option<(&str, &Item)> = None;
    for (k, item) in table.iter() {
        let key_span = table.key(k).and_then(|key| key.span());
        if contains(key_span.clone(), at) || contains(item.span(), at) {
            push_key(path, k);
            descend_item(item, at, path);
            return;
        }
        let header_start = match item {
            Item::Table(t) => t.span().map(|r| r.start),
            Item::ArrayOfTables(a) => a.iter().filter_map(|t| t.span()).map(|r| r.start).min(),
            _ => None,
        };
        if let Some(start) = header_start
            && start <= at
        {
            let better = match header_candidate {
                None => true,
                Some((_, prev)) => item_start(prev) < Some(start),
            };
            if better {
                header_candidate = Some((k, item));
            }
        }
    }
    if let Some((k, item)) = header_candidate {
        push_key(path, k);
        descend_item(item, at, path);
    }
}

fn item_start(item: &Item) -> Option<usize> {
    match item {
        Item::Table(t) => t.span().map(|r| r.start),
        Item::ArrayOfTables(a) => a.iter().filter_map(|t| t.span()).map(|r| r.start).min(),
        other => other.span().map(|r| r.start),
    }
}

fn descend_item(item: &Item, at: usize, path: &mut String) {
    match item {
        Item::Table(t) => descend_table(t, at, path),
        Item::ArrayOfTables(a) => {
            let mut chosen = None;
            for (i, t) in a.iter().enumerate() {
                if t.span().is_some_and(|r| r.start <= at) {
                    chosen = Some((i, t));
                }
            }
            if let Some((i, t)) = chosen {
                path.push_str(&format!("[{i}]"));
                descend_table(t, at, path);
            }
        }
        Item::Value(Value::InlineTable(t)) => {
            for (k, v) in t.iter() {
                let key_span = t.key(k).and_then(|key| key.span());
                if contains(key_span, at) || contains(v.span(), at) {
                    push_key(path, k);
                    descend_item(&Item::Value(v.clone()), at, path);
                    return;
                }
            }
        }
        Item::Value(Value::Array(a)) => {
            for (i, v) in a.iter().enumerate() {
                if contains(v.span(), at) {
                    path.push_str(&format!("[{i}]"));
                    if let Value::InlineTable(_) = v {
                        descend_item(&Item::Value(v.clone()), at, path);
                    }
                    return;
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        name: String,
        crawler: Crawler,
        #[serde(default)]
        brand: Vec<Brand>,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Crawler {
        rate: f64,
        contact: String,
    }
    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Brand {
        name: String,
    }

    fn err(src: &str) -> ConfigError {
        parse_toml::<Doc>(Path::new("x.toml"), src).expect_err("should fail")
    }

    #[test]
    fn unknown_key_is_named_with_its_line() {
        let e = err("name = \"a\"\n[crawler]\nrate = 1.0\ncontact = \"x\"\nspeed = 3\n");
        assert_eq!(e.line, Some(5));
        assert_eq!(e.key.as_deref(), Some("crawler.speed"));
    }

    #[test]
    fn wrong_type_is_named_with_its_line() {
        let e = err("name = \"a\"\n[crawler]\nrate = \"fast\"\ncontact = \"x\"\n");
        assert_eq!(e.line, Some(3));
        assert_eq!(e.key.as_deref(), Some("crawler.rate"));
    }

    #[test]
    fn missing_key_is_reported_at_its_table() {
        let e = err("name = \"a\"\n[crawler]\nrate = 1.0\n");
        assert_eq!(e.key.as_deref(), Some("crawler.contact"));
        assert!(e.line.is_some());
    }

    #[test]
    fn array_of_tables_elements_are_indexed() {
        let e = err(
            "name = \"a\"\n[crawler]\nrate = 1.0\ncontact = \"x\"\n[[brand]]\nname = \"A\"\n[[brand]]\nname = 3\n",
        );
        assert_eq!(e.key.as_deref(), Some("brand[1].name"));
        assert_eq!(e.line, Some(8));
    }

    #[test]
    fn at_key_locates_nested_keys() {
        let src = "name = \"a\"\n[crawler]\nrate = 1.0\ncontact = \"x\"\n[[brand]]\nname = \"A\"\n[[brand]]\nname = \"B\"\n";
        let e = ConfigError::at_key(Path::new("x.toml"), src, "brand[1].name", "bad");
        assert_eq!(e.line, Some(8));
        let e = ConfigError::at_key(Path::new("x.toml"), src, "crawler.rate", "bad");
        assert_eq!(e.line, Some(3));
        assert_eq!(e.to_string(), "x.toml:3:1: key `crawler.rate`: bad");
    }

    #[test]
    fn syntax_errors_carry_a_line() {
        let e = err("name = \"a\"\n[crawler\nrate = 1.0\n");
        assert_eq!(e.line, Some(2));
    }
}
