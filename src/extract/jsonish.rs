//! A tolerant reader for data that pages embed in scripts: strict JSON, JavaScript object
//! literals (bare and numeric keys, single-quoted strings, trailing commas, comments,
//! `undefined`, `!0`/`!1`), and JavaScript string literals.
//!
//! Everything becomes a [`serde_json::Value`] so the rest of extraction deals with one data
//! model. Invariants: the reader never panics on any input and never reads past the first
//! complete value; it reports where that value ended so callers can keep scanning. It does
//! not evaluate JavaScript: a function call, `new Date()` or an identifier other than the
//! literals above is a parse failure (`None`), never a guess.

use serde_json::{Map, Number, Value};

/// Nesting limit, so hostile input cannot exhaust the stack.
const MAX_DEPTH: usize = 256;

/// Parses the first JSON or JS-literal value at the start of `src` (leading whitespace and
/// comments allowed). Returns the value and the byte offset just past it.
pub fn parse_value_prefix(src: &str) -> Option<(Value, usize)> {
    // Fast path: strict JSON via serde_json, which stops after the first value.
    let trimmed = src.trim_start();
    let lead = src.len() - trimmed.len();
    if trimmed.starts_with(['{', '[', '"']) {
        let mut stream = serde_json::Deserializer::from_str(trimmed).into_iter::<Value>();
        if let Some(Ok(v)) = stream.next() {
            return Some((v, lead + stream.byte_offset()));
        }
    }
    let mut p = Parser {
        s: src.as_bytes(),
        src,
        i: 0,
        depth: 0,
    };
    let v = p.value()?;
    Some((v, p.i))
}

/// Parses a JavaScript string literal (single or double quoted) at the start of `src`,
/// returning its decoded contents and the offset just past the closing quote.
pub fn parse_js_string_prefix(src: &str) -> Option<(String, usize)> {
    let mut p = Parser {
        s: src.as_bytes(),
        src,
        i: 0,
        depth: 0,
    };
    p.skip_ws();
    let s = p.string()?;
    Some((s, p.i))
}

struct Parser<'a> {
    s: &'a [u8],
    src: &'a str,
    i: usize,
    depth: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn skip_ws(&mut self) {
        loop {
            match self.peek() {
                Some(b' ' | b'\t' | b'\n' | b'\r' | 0x0c | 0x0b) => self.i += 1,
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'/') => {
                    while let Some(c) = self.peek() {
                        if c == b'\n' {
                            break;
                        }
                        self.i += 1;
                    }
                }
                Some(b'/') if self.s.get(self.i + 1) == Some(&b'*') => {
                    self.i += 2;
                    while self.i < self.s.len()
                        && !(self.s[self.i] == b'*' && self.s.get(self.i + 1) == Some(&b'/'))
                    {
                        self.i += 1;
                    }
                    self.i = (self.i + 2).min(self.s.len());
                }
                _ => {
                    // U+00A0 and U+FEFF are whitespace in JavaScript.
                    let rest = &self.src.get(self.i..).unwrap_or("");
                    if rest.starts_with('\u{a0}') || rest.starts_with('\u{feff}') {
                        self.i += rest.chars().next().map_or(1, char::len_utf8);
                    } else {
                        return;
                    }
                }
            }
        }
    }

    fn value(&mut self) -> Option<Value> {
        self.skip_ws();
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return None;
        }
        let v = match self.peek()? {
            b'{' => self.object(),
            b'[' => self.array(),
            b'"' | b'\'' | b'`' => self.string().map(Value::String),
            b'-' | b'+' | b'.' | b'0'..=b'9' => self.number(),
            b'!' => {
                // Minified booleans: !0 is true, !1 is false.
                self.i += 1;
                match self.peek()? {
                    b'0' => {
                        self.i += 1;
                        Some(Value::Bool(true))
                    }
                    b'1' => {
                        self.i += 1;
                        Some(Value::Bool(false))
                    }
                    _ => None,
                }
            }
            _ => {
                let word = self.ident()?;
                match word {
                    "true" => Some(Value::Bool(true)),
                    "false" => Some(Value::Bool(false)),
                    "null" | "undefined" | "NaN" | "Infinity" => Some(Value::Null),
                    _ => None,
                }
            }
        };
        self.depth -= 1;
        v
    }

    fn ident(&mut self) -> Option<&str> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80 {
                self.i += 1;
            } else {
                break;
            }
        }
        if self.i == start {
            return None;
        }
        self.src.get(start..self.i)
    }

    fn object(&mut self) -> Option<Value> {
        self.i += 1; // '{'
        let mut map = Map::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b'}' => {
                    self.i += 1;
                    return Some(Value::Object(map));
                }
                b',' => {
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            let key = match self.peek()? {
                b'"' | b'\'' | b'`' => self.string()?,
                b'0'..=b'9' | b'-' | b'.' => {
                    let start = self.i;
                    while let Some(c) = self.peek() {
                        if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'+') {
                            self.i += 1;
                        } else {
                            break;
                        }
                    }
                    self.src.get(start..self.i)?.to_string()
                }
                _ => self.ident()?.to_string(),
            };
            self.skip_ws();
            if self.peek()? != b':' {
                return None;
            }
            self.i += 1;
            let v = self.value()?;
            map.insert(key, v);
            self.skip_ws();
            match self.peek()? {
                b',' => self.i += 1,
                b'}' => {}
                _ => return None,
            }
        }
    }

    fn array(&mut self) -> Option<Value> {
        self.i += 1; // '['
        let mut items = Vec::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b']' => {
                    self.i += 1;
                    return Some(Value::Array(items));
                }
                b',' => {
                    // An elision (`[1,,2]`) is a hole; a trailing comma is not.
                    self.i += 1;
                    continue;
                }
                _ => {}
            }
            items.push(self.value()?);
            self.skip_ws();
            match self.peek()? {
                b',' => self.i += 1,
                b']' => {}
                _ => return None,
            }
        }
    }

    fn number(&mut self) -> Option<Value> {
        let start = self.i;
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, b'.' | b'-' | b'+') {
                self.i += 1;
            } else {
                break;
            }
        }
        let text = self.src.get(start..self.i)?;
        let text = text.strip_prefix('+').unwrap_or(text);
        if let Ok(n) = text.parse::<i64>() {
            return Some(Value::Number(n.into()));
        }
        if let Ok(n) = text.parse::<u64>() {
            return Some(Value::Number(n.into()));
        }
        if let Some(hex) = text.strip_prefix("0x").or_else(|| text.strip_prefix("0X")) {
            return i64::from_str_radix(hex, 16)
                .ok()
                .map(|n| Value::Number(n.into()));
        }
        let f: f64 = text.parse().ok()?;
        Number::from_f64(f).map(Value::Number).or(Some(Value::Null))
    }

    fn string(&mut self) -> Option<String> {
        let quote = self.peek()?;
        if !matches!(quote, b'"' | b'\'' | b'`') {
            return None;
        }
        self.i += 1;
        let mut out = String::new();
        loop {
            // Copy the run up to the next quote or backslash in one go.
            let run_start = self.i;
            while let Some(c) = self.peek() {
                if c == quote || c == b'\\' {
                    break;
                }
                self.i += 1;
            }
            out.push_str(self.src.get(run_start..self.i)?);
            match self.peek()? {
                c if c == quote => {
                    self.i += 1;
                    return Some(out);
                }
                _ => {
                    self.i += 1; // backslash
                    self.escape(&mut out)?;
                }
            }
        }
    }

    fn escape(&mut self, out: &mut String) -> Option<()> {
        let c = self.peek()?;
        self.i += 1;
        match c {
            b'n' => out.push('\n'),
            b't' => out.push('\t'),
            b'r' => out.push('\r'),
            b'b' => out.push('\u{8}'),
            b'f' => out.push('\u{c}'),
            b'v' => out.push('\u{b}'),
            b'0' if !self.peek().is_some_and(|d| d.is_ascii_digit()) => out.push('\0'),
            b'\n' => {}
            b'\r' => {
                if self.peek() == Some(b'\n') {
                    self.i += 1;
                }
            }
            b'x' => {
                let hex = self.src.get(self.i..self.i + 2)?;
                let n = u32::from_str_radix(hex, 16).ok()?;
                self.i += 2;
                out.push(char::from_u32(n)?);
            }
            b'u' => {
                let n = self.unicode_escape()?;
                if (0xD800..0xDC00).contains(&n) && self.src.get(self.i..self.i + 2) == Some("\\u")
                {
                    let save = self.i;
                    self.i += 2;
                    let lo = self.unicode_escape()?;
                    if (0xDC00..0xE000).contains(&lo) {
                        let cp = 0x10000 + ((n - 0xD800) << 10) + (lo - 0xDC00);
                        out.push(char::from_u32(cp).unwrap_or('\u{fffd}'));
                    } else {
                        out.push('\u{fffd}');
                        self.i = save;
                    }
                } else {
                    out.push(char::from_u32(n).unwrap_or('\u{fffd}'));
                }
            }
            _ => {
                // Any other escaped character stands for itself (`\'`, `\"`, `\/`, `\\`);
                // step back to copy it whole, multi-byte characters included.
                self.i -= 1;
                let ch = self.src.get(self.i..)?.chars().next()?;
                self.i += ch.len_utf8();
                out.push(ch);
            }
        }
        Some(())
    }

    fn unicode_escape(&mut self) -> Option<u32> {
        if self.peek() == Some(b'{') {
            let end = self.src.get(self.i..)?.find('}')?;
            let n = u32::from_str_radix(self.src.get(self.i + 1..self.i + end)?, 16).ok()?;
            self.i += end + 1;
            return Some(n);
        }
        let hex = self.src.get(self.i..self.i + 4)?;
        let n = u32::from_str_radix(hex, 16).ok()?;
        self.i += 4;
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(s: &str) -> Option<Value> {
        parse_value_prefix(s).map(|(v, _)| v)
    }

    #[test]
    fn strict_json_takes_the_fast_path_and_reports_the_end() {
        let (v, end) = parse_value_prefix(r#"  {"a":[1,2]}; var x = 1"#).expect("parses");
        assert_eq!(v, json!({"a": [1, 2]}));
        assert_eq!(end, 13);
    }

    #[test]
    fn js_literals_with_bare_numeric_keys_single_quotes_and_trailing_commas() {
        let v =
            parse("{result: {1: 'a', 'b': \"c\\u00e9\", list: [1, 2,], ok: !0, u: undefined,}}")
                .expect("parses");
        assert_eq!(
            v,
            json!({"result": {"1": "a", "b": "cé", "list": [1, 2], "ok": true, "u": null}})
        );
    }

    #[test]
    fn comments_and_escaped_quotes_are_handled() {
        let v = parse("/* c */ {a: 'it\\'s', // line\n b: \"x\\\"y\"}").expect("parses");
        assert_eq!(v, json!({"a": "it's", "b": "x\"y"}));
    }

    #[test]
    fn unevaluable_javascript_is_a_failure_not_a_guess() {
        assert_eq!(parse("{a: new Date()}"), None);
        assert_eq!(parse("function(){}"), None);
        assert_eq!(parse("{a: 1"), None);
    }

    #[test]
    fn big_integers_keep_their_digits() {
        assert_eq!(
            parse("{id: 1005004468964928}").expect("parses")["id"].to_string(),
            "1005004468964928"
        );
    }

    #[test]
    fn js_string_literal_decodes_unescaped_inner_quotes() {
        let (s, end) = parse_js_string_prefix("'4f:{\"a\":1}\\n', x").expect("parses");
        assert_eq!(s, "4f:{\"a\":1}\n");
        assert_eq!(end, 14);
    }

    #[test]
    fn deep_nesting_is_refused_without_overflow() {
        let s = "[".repeat(10_000);
        assert_eq!(parse(&s), None);
    }
}
