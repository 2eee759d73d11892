//! Part numbers that are not a registry brand's model numbers: codes that many makers
//! sell under (`LM358`, `2N2222`, `HC-SR04`, `18650`, `DMX512`) and codes that are one
//! named maker's (`ACS712`, Allegro MicroSystems'). A brand's model expression that
//! matches one of them (ABB's `ACS ?[0-9]{3}` on `ACS712`, Kenwood's `TK-?\d{3,4}` on
//! the generic `TK102` tracker) has found that code, not the brand's model, unless the
//! code is the brand's own.
//!
//! The shipped list is `seeds/words/part_codes.txt`; its header gives its sources and
//! how it was written. Entry lines are `CODE` (generic), `CODE = Owner|Other name`
//! (one maker's). Codes compare in upper case,
//! letters and digits only (`GA12-N20` = `GA12N20`); a code written in a listing matches
//! an entry it equals or begins with when a letter follows (package and grade suffixes:
//! `LM358N`, `ACS712ELCTR-05B-T`), never when a digit does (`TK102` is not `TK1020`), nor
//! when a mark stood there and a digit follows (`RA01-JP001` is not `RA-01`).
//! (Families of codes, as regular expressions, were tried and left out: they also took
//! makers' own models.)

use std::collections::HashMap;
use std::sync::OnceLock;

const PART_CODES: &str = include_str!("../../seeds/words/part_codes.txt");

/// The parsed list.
#[derive(Debug)]
pub(crate) struct PartCodes {
    /// Normalised code → its owners' names, normalised (empty for a generic code).
    codes: HashMap<String, Vec<String>>,
}

/// What a listing's code is known as.
#[derive(Debug, PartialEq)]
pub(crate) enum Known<'a> {
    /// A code many makers sell under (the entry it matched).
    Generic(&'a str),
    /// A code of one maker's: the entry and its owners' names (normalised).
    Owned(&'a str, &'a [String]),
}

/// The fewest characters an entry has for a code to match it with a suffix of letters.
const SUFFIXED_ENTRY: usize = 5;

/// `code` in upper case, letters and digits only.
pub(crate) fn normalise(code: &str) -> String {
    code.chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A maker's name as owners and brand names compare: lower case, letters and digits.
pub(crate) fn name_key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

impl PartCodes {
    /// The shipped list, parsed once per process.
    pub(crate) fn shipped() -> &'static PartCodes {
        static SHIPPED: OnceLock<PartCodes> = OnceLock::new();
        SHIPPED.get_or_init(|| PartCodes::parse(PART_CODES))
    }

    /// Parses a list: one entry a line, `#` comments and blank lines skipped.
    pub(crate) fn parse(src: &str) -> PartCodes {
        let mut codes = HashMap::new();
        for line in src.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let (code, owners) = match line.split_once('=') {
                Some((c, o)) => (
                    c,
                    o.split('|')
                        .map(name_key)
                        .filter(|o| !o.is_empty())
                        .collect(),
                ),
                None => (line, Vec::new()),
            };
            let code = normalise(code);
            if !code.is_empty() {
                codes.insert(code, owners);
            }
        }
        PartCodes { codes }
    }

    /// What `code` (as written in a listing) is known as, if the list knows it.
    pub(crate) fn lookup<'a>(&'a self, code: &str) -> Option<Known<'a>> {
        // The code's letters and digits, each with whether a mark (`-`, `.`, `/`) stood
        // before it as written.
        let mut norm = String::with_capacity(code.len());
        let mut marked = Vec::with_capacity(code.len());
        let mut mark = false;
        for c in code.chars() {
            if c.is_ascii_alphanumeric() {
                norm.push(c.to_ascii_uppercase());
                marked.push(mark);
                mark = false;
            } else {
                mark = true;
            }
        }
        let code = norm;
        let bytes = code.as_bytes();
        // The longest entry the code begins with, a letter (or nothing) after it. After a
        // mark, only letters may follow (`ACS712ELCTR-05B-T` is ACS712's, `RA01-JP001`, a
        // card's number, is not Ra-01's). An entry of four characters or fewer is taken
        // only whole: `PS4S` is a tyre, not Sony's PS4.
        for end in (2..=bytes.len()).rev() {
            if end < bytes.len()
                && (end < SUFFIXED_ENTRY
                    || !bytes[end].is_ascii_alphabetic()
                    || marked[end] && bytes[end..].iter().any(u8::is_ascii_digit))
            {
                continue;
            }
            if let Some((k, owners)) = self.codes.get_key_value(&code[..end]) {
                return Some(if owners.is_empty() {
                    Known::Generic(k)
                } else {
                    Known::Owned(k, owners)
                });
            }
        }
        None
    }

    /// Whether `code` is known as a part number that is not the brand's whose names (as
    /// [`name_key`] gives them) are `names`: generic, or another maker's. The entry it
    /// matched, for the explanation.
    pub(crate) fn foreign<'a>(&'a self, code: &str, names: &[String]) -> Option<&'a str> {
        match self.lookup(code)? {
            Known::Generic(k) => Some(k),
            Known::Owned(k, owners) => {
                let owns = owners.iter().any(|o| {
                    names.iter().any(|n| {
                        n == o
                            || (n.chars().count().min(o.chars().count()) >= 4
                                && (n.starts_with(o.as_str()) || o.starts_with(n.as_str())))
                    })
                });
                (!owns).then_some(k)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str =
        "# test list\nLM358\nGA12-N20\nTK102\n2N2222\nACS712 = Allegro MicroSystems|Allegro\n";

    #[test]
    fn codes_match_whole_or_with_a_letter_suffix() {
        let p = PartCodes::parse(LIST);
        assert_eq!(p.lookup("LM358"), Some(Known::Generic("LM358")));
        assert_eq!(p.lookup("lm358n"), Some(Known::Generic("LM358")));
        assert_eq!(p.lookup("GA12-N20"), Some(Known::Generic("GA12N20")));
        assert!(p.lookup("TK102").is_some());
        // A digit after the entry is another code.
        assert!(p.lookup("TK1020").is_none());
        assert!(p.lookup("LM3580").is_none());
        assert!(p.lookup("2N2222A").is_some());
        assert!(p.lookup("2N22").is_none());
        assert!(p.lookup("2N3904").is_none());
        assert!(matches!(
            p.lookup("ACS712ELCTR-05B-T"),
            Some(Known::Owned("ACS712", _))
        ));
        assert!(p.lookup("ACS880").is_none());
        // After a mark, a code with digits is another code; letters are a suffix.
        assert!(p.lookup("LM358-JP001").is_none());
        assert!(p.lookup("LM358-N").is_some());
        // A short entry is taken only whole.
        let short = PartCodes::parse("PS4 = Sony\n");
        assert!(short.lookup("PS4").is_some());
        assert!(short.lookup("PS4S").is_none());
    }

    #[test]
    fn an_owned_code_is_foreign_to_every_brand_but_its_owner() {
        let p = PartCodes::parse(LIST);
        let abb = vec![name_key("ABB")];
        let allegro = vec![name_key("Allegro MicroSystems Inc"), name_key("Allegro")];
        assert_eq!(p.foreign("ACS712", &abb), Some("ACS712"));
        assert_eq!(p.foreign("ACS712", &allegro), None);
        assert_eq!(p.foreign("LM358", &allegro), Some("LM358"));
        assert_eq!(p.foreign("ACS880", &abb), None);
    }

    #[test]
    fn the_shipped_list_parses_whole() {
        let p = PartCodes::shipped();
        let entries = PART_CODES
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'));
        // Every entry line is a code, alone or with its owners.
        for l in entries {
            let code = l.split_once('=').map_or(l, |(c, _)| c).trim();
            assert!(
                !code.is_empty()
                    && code
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-./".contains(c)),
                "{l}"
            );
        }
        assert!(p.codes.len() >= 400);
        for code in ["LM358", "NE555", "HC-SR04", "18650", "DMX512"] {
            assert!(p.lookup(code).is_some(), "{code}");
        }
    }
}
