//! Ordinary senses of brand names (`seeds/goods/senses.toml`): for a name that is also an
//! everyday word, a place or an abbreviation, the words of a title that select its
//! ordinary sense (`coach` with `bus` or `team`, `LV` with `switchgear`, `苹果` with
//! `果汁`), and the fixed goods terms it is part of (`coach bolt`, `polo neck`, `CC CV`).
//!
//! Only weak names are read this way (the detector decides which names are weak); a
//! brand owner's `void_contexts` do the same for one registry.

use rustc_hash::FxHashMap as HashMap;

use serde::Deserialize;

const SENSES: &str = include_str!("../../seeds/goods/senses.toml");

#[derive(Debug, Deserialize)]
struct File {
    sense: Vec<SenseEntry>,
}

#[derive(Debug, Deserialize)]
struct SenseEntry {
    word: String,
    gloss: String,
    contexts: Vec<String>,
    #[serde(default)]
    terms: Vec<String>,
}

/// One word's ordinary senses.
#[derive(Debug, Clone)]
pub(crate) struct Sense {
    pub gloss: String,
    contexts: Vec<String>,
    terms: Vec<String>,
}

/// What selected the ordinary sense.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    /// The name is part of this goods term, which covers it here.
    Term(String),
    /// This word of the title selects the ordinary sense.
    Context(String),
}

/// The shipped senses, by lowercase word.
#[derive(Debug, Clone, Default)]
pub(crate) struct Senses {
    by_word: HashMap<String, Sense>,
}

/// Byte offsets of whole-word (for ASCII phrases) occurrences of `needle` in `hay` (both
/// lowercase).
fn occurrences<'a>(hay: &'a str, needle: &'a str) -> impl Iterator<Item = usize> + 'a {
    let ascii = needle.is_ascii();
    hay.match_indices(needle).filter_map(move |(at, _)| {
        if !ascii {
            return Some(at);
        }
        let before = hay[..at].chars().next_back();
        let after = hay[at + needle.len()..].chars().next();
        let edge = |c: Option<char>| c.is_none_or(|c| !c.is_ascii_alphanumeric());
        // A plural `s`/`es` after the phrase still ends the word.
        let rest = &hay[at + needle.len()..];
        let plural = rest
            .strip_prefix("es")
            .or_else(|| rest.strip_prefix('s'))
            .is_some_and(|r| edge(r.chars().next()));
        (edge(before) && (edge(after) || plural)).then_some(at)
    })
}

/// Words that, right after an ordinary word, make it a shape or a pattern (`apple
/// shaped`, `puma print`, `dove pattern`).
const SHAPE_WORDS: &[&str] = &[
    "shaped",
    "shape",
    "shapes",
    "print",
    "printed",
    "prints",
    "pattern",
    "patterns",
    "figurine",
    "figure",
    "silhouette",
    "motif",
    "造型",
    "形状",
    "图案",
    "印花",
];

/// The shape word right after byte `end` of `text` (after spaces or a hyphen), if any.
pub(crate) fn shape_after(text: &str, end: usize) -> Option<&'static str> {
    let rest = text.get(end..)?.trim_start_matches([' ', '-']);
    // (The longest shape word and the character after it.)
    let lower = Lower::head(rest, 12);
    SHAPE_WORDS.iter().copied().find(|w| {
        lower.starts_with(w)
            && (!w.is_ascii()
                || lower.as_str()[w.len()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_ascii_alphanumeric()))
    })
}

/// `text` compared as its [`str::to_lowercase`] would be, without copying ASCII text:
/// there lowercasing is ASCII lowercasing and keeps byte offsets, so comparing with a
/// lowercase word ignoring ASCII case gives the same answer. Other text is lowercased.
enum Lower<'a> {
    /// ASCII text as written (compared ignoring ASCII case).
    Ascii(&'a str),
    /// Non-ASCII text, lowercased.
    Owned(String),
}

impl<'a> Lower<'a> {
    fn of(text: &'a str) -> Self {
        if text.is_ascii() {
            Lower::Ascii(text)
        } else {
            Lower::Owned(text.to_lowercase())
        }
    }

    /// [`Lower::of`] the first `n` characters of `text`: enough for a test of the words
    /// that start it, without lowercasing the rest of a title. (Lowercasing maps each
    /// character to one or more, so the head's lowercase starts the text's.)
    fn head(text: &'a str, n: usize) -> Self {
        if text.is_ascii() {
            return Lower::Ascii(text);
        }
        let cut = text.char_indices().nth(n).map_or(text.len(), |(i, _)| i);
        Self::of(&text[..cut])
    }

    /// [`Lower::of`] the last `n` characters of `text` (ASCII text whole, as written): for
    /// a test of the words that end it.
    fn tail(text: &'a str, n: usize) -> Self {
        if text.is_ascii() {
            return Lower::Ascii(text);
        }
        let cut = text
            .char_indices()
            .rev()
            .nth(n.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        Self::of(&text[cut..])
    }

    /// The text (as written when ASCII): for slicing and for tests that ignore case.
    fn as_str(&self) -> &str {
        match self {
            Lower::Ascii(s) => s,
            Lower::Owned(s) => s,
        }
    }

    /// Whether the lowercased text starts with `w` (lowercase).
    fn starts_with(&self, w: &str) -> bool {
        match self {
            Lower::Ascii(s) => s
                .as_bytes()
                .get(..w.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(w.as_bytes())),
            Lower::Owned(s) => s.starts_with(w),
        }
    }

    /// Whether the lowercased text ends with `w` (lowercase).
    fn ends_with(&self, w: &str) -> bool {
        match self {
            Lower::Ascii(s) => s
                .len()
                .checked_sub(w.len())
                .and_then(|at| s.as_bytes().get(at..))
                .is_some_and(|tail| tail.eq_ignore_ascii_case(w.as_bytes())),
            Lower::Owned(s) => s.ends_with(w),
        }
    }

    /// Whether the lowercased text is `w` (lowercase).
    fn is(&self, w: &str) -> bool {
        match self {
            Lower::Ascii(s) => s.eq_ignore_ascii_case(w),
            Lower::Owned(s) => s == w,
        }
    }
}

/// Words that, right before or after a name, say it is shown as a mark (`GG logo`,
/// `Jaguar emblem`, `LV 标`), not used as a word.
const LOGO_WORDS: &[&str] = &[
    "logo", "logos", "emblem", "emblems", "monogram", "badge", "标", "标志", "logo款",
];

/// Whether a logo word is right before byte `at` or right after byte `end` of `text`, or
/// after one more word (`RL pony logo`).
/// `zh_word` says whether two Chinese characters make a word: `标` starting one that is
/// no mark (`化石标本` fossil specimen, `标准` standard, `标签` label) is not a logo.
pub(crate) fn logo_next_to(
    text: &str,
    at: usize,
    end: usize,
    zh_word: &dyn Fn(&str) -> bool,
) -> bool {
    let after = text.get(end..).unwrap_or("").trim_start_matches([' ', '-']);
    if let Some((word, rest)) = after.split_once(' ')
        && !word.is_empty()
        && word.chars().all(char::is_alphabetic)
        && !{
            let word = Lower::of(word);
            GENERIC_LOGO.iter().any(|g| word.is(g))
        }
        && logo_word_at(rest, zh_word)
    {
        return true;
    }
    let before = text.get(..at).unwrap_or("").trim_end_matches([' ', '-']);
    // `标` right after a Chinese name's last character that makes a word with it is
    // that word (`维达标` is `纤维达标`, meets the standard), unless the word is a mark's
    // (`商标`, `车标`).
    let glued_word = || {
        let last = text.get(..end).and_then(|t| t.chars().next_back());
        let next = text.get(end..).and_then(|t| t.chars().next());
        match (last, next) {
            (Some(l), Some(n)) if super::normalize::is_cjk(l) && n == '标' => {
                let pair = format!("{l}{n}");
                !TRADE_MARK_WORDS.contains(&pair.as_str()) && zh_word(&pair)
            }
            _ => false,
        }
    };
    if logo_word_at(after, zh_word) && !glued_word() {
        return true;
    }
    // The end of the text is enough: a logo word, spaces and a word before it.
    let lower = Lower::tail(before, 64);
    let before = lower.as_str();
    let generic = |head: &str| {
        let head = Lower::of(head.trim_end());
        GENERIC_LOGO.iter().any(|g| head.ends_with(g))
    };
    LOGO_WORDS.iter().any(|w| {
        lower.ends_with(w)
            && (!w.is_ascii()
                || before[..before.len() - w.len()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_ascii_alphanumeric()))
            && !generic(&before[..before.len() - w.len()])
    })
}

/// Words that make a logo the buyer's own (`custom logo`, `your logo`), not a mark.
const GENERIC_LOGO: &[&str] = &[
    "custom",
    "your",
    "own",
    "oem",
    "private",
    "customized",
    "定制",
    "印",
];

/// Whether `text` starts with a logo word.
fn logo_word_at(text: &str, zh_word: &dyn Fn(&str) -> bool) -> bool {
    // (The longest logo word and the character after it.)
    let after = Lower::head(text.trim_start_matches([' ', '-']), 12);
    LOGO_WORDS.iter().any(|w| {
        let word_end = |rest: &str| {
            if w.is_ascii() {
                return rest
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_ascii_alphanumeric());
            }
            // `标` beginning another word (`标本`, `标准`) unless that word is a mark.
            rest.chars().next().is_none_or(|c| {
                let pair = format!("{w}{c}");
                MARK_WORDS.contains(&pair.as_str()) || w.chars().count() > 1 || !zh_word(&pair)
            })
        };
        after.starts_with(w) && word_end(&after.as_str()[w.len()..])
    })
}

/// Words ending in `标` that name a mark (`商标` trade mark, `车标` car badge).
const TRADE_MARK_WORDS: &[&str] = &[
    "商标", "车标", "字标", "徽标", "图标", "胸标", "领标", "吊标", "唛标",
];

/// Words beginning with `标` that still name a mark (`标识` sign, `标记` mark, `标牌`
/// badge plate).
const MARK_WORDS: &[&str] = &["标志", "标识", "标记", "标牌"];

/// Characters that, right after a Chinese name, make it a colour or a pattern: `蒂芙尼蓝`
/// (Tiffany blue), `爱马仕橙`, `鳄鱼纹` (crocodile grain), `豹纹`.
const COLOUR_CHARS: &[char] = &[
    '蓝', '橙', '绿', '红', '黄', '紫', '粉', '灰', '棕', '褐', '色', '纹',
];

/// Words that, right after an animal's Chinese name, make it the animal's skin or fur as
/// a material: `鳄鱼皮纹` (crocodile-grain leather), `北极狐毛领` (an arctic-fox fur
/// collar), `狐狸皮草`. (Not `皮` or `毛` alone: `鳄鱼皮带` is a belt, `毛衣` a sweater.)
const MATERIAL_WORDS: &[&str] = &["皮纹", "皮草", "毛皮", "毛领"];

/// The colour or pattern character, or the material word, right after byte `end` of
/// `text`, if any.
pub(crate) fn colour_after(text: &str, end: usize) -> Option<&str> {
    let after = text.get(end..)?;
    if let Some(w) = MATERIAL_WORDS.iter().find(|w| after.starts_with(**w)) {
        return after.get(..w.len());
    }
    let c = after.chars().next().filter(|c| COLOUR_CHARS.contains(c))?;
    after.get(..c.len_utf8())
}

/// Phrases of goods made to carry a person's name: a first name there is a name. (Each
/// holds `name` or `名字`: [`personal_name_goods`] passes over titles with neither.)
const NAME_GOODS: &[&str] = &[
    "name necklace",
    "name bracelet",
    "name ring",
    "name plate",
    "nameplate",
    "name tag",
    "name keychain",
    "name sign",
    "custom name",
    "personalized name",
    "personalised name",
    "any name",
    "your name",
    "baby name",
    "name sash",
    "embroidered name",
    "name embroidered",
    "name embroidery",
    "名字项链",
    "定制名字",
    "名字定制",
    "刻名字",
];

/// The phrase of `text` that says its goods carry a person's name, if any.
pub(crate) fn personal_name_goods(text: &str) -> Option<&'static str> {
    // Every phrase holds `name` or `名字`: a title with neither (most) is not lowercased
    // and searched phrase by phrase. (Only ASCII letters lowercase to `name`.)
    if !text
        .as_bytes()
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"name"))
        && !text.contains("名字")
    {
        return None;
    }
    let lower = text.to_lowercase();
    NAME_GOODS.iter().copied().find(|p| {
        occurrences(&lower, p).any(|at| {
            let after = lower[at + p.len()..].chars().next();
            !p.is_ascii() || after.is_none_or(|c| !c.is_ascii_alphanumeric() || c == 's')
        })
    })
}

/// The digits glued to an acronym right after byte `end` of `text`, directly or by a
/// hyphen (`NS-2000`, `MB1200`): a part or model code of whatever the listing sells.
pub(crate) fn code_after(text: &str, end: usize) -> Option<&str> {
    let rest = text.get(end..)?;
    let body = rest.strip_prefix('-').unwrap_or(rest);
    let digits = body
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_alphanumeric())
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let code = &body[..digits];
    (code.chars().next().is_some_and(|c| c.is_ascii_digit())
        && code.chars().filter(char::is_ascii_digit).count() >= 2)
        .then(|| &rest[..digits + (rest.len() - body.len())])
}

/// Whether a number ends right before byte `at` of `text`, directly or after one space
/// (`512 MB`, `2HP`, `3.5 FF`): an acronym there is a unit.
pub(crate) fn number_before(text: &str, at: usize) -> bool {
    let head = text.get(..at).unwrap_or("");
    let head = head.strip_suffix(' ').unwrap_or(head);
    let digits = head.len()
        - head
            .trim_end_matches(|c: char| c.is_ascii_digit() || c == '.')
            .len();
    digits > 0
        && head[head.len() - digits..]
            .chars()
            .any(|c| c.is_ascii_digit())
        && head[..head.len() - digits]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric())
}

/// The words right before byte `at` or right after byte `end` of `text` whose initials
/// spell the acronym `name` (`Free Fire FF`, `PP (polypropylene)` is not: one word), if
/// any.
pub(crate) fn spelled_out(text: &str, at: usize, end: usize, name: &str) -> Option<String> {
    let letters: Vec<char> = name
        .chars()
        .filter(char::is_ascii_alphabetic)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    let n = letters.len();
    if n < 2 {
        return None;
    }
    let word = |w: &&str| !w.is_empty() && w.chars().all(|c| c.is_ascii_alphabetic());
    let split = |t: &str| -> Vec<String> {
        t.split(|c: char| c.is_whitespace() || "()[],;/".contains(c))
            .filter(|w| !w.is_empty())
            .map(str::to_string)
            .collect()
    };
    let before = split(text.get(..at)?);
    let after = split(text.get(end..)?);
    let spells = |ws: &[String]| {
        ws.len() == n
            && ws.iter().all(|w| word(&w.as_str()) && w.len() > 1)
            && ws
                .iter()
                .zip(&letters)
                .all(|(w, l)| w.chars().next().map(|c| c.to_ascii_lowercase()) == Some(*l))
    };
    if before.len() >= n && spells(&before[before.len() - n..]) {
        return Some(before[before.len() - n..].join(" "));
    }
    if after.len() >= n && spells(&after[..n]) {
        return Some(after[..n].join(" "));
    }
    None
}

/// Whether one of the two words right after byte `end` of `text` is a version or model
/// designation: a word with a digit (`S24`, `7`, `11`, `V2`), not a quantity (`100ml`,
/// `5cm`, `2pcs`). After a Chinese name the number may be glued to it (`超轻20`).
pub(crate) fn version_after(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("");
    let after_cjk = text
        .get(..end)
        .and_then(|t| t.chars().next_back())
        .is_some_and(super::normalize::is_cjk);
    if rest
        .chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && !(after_cjk && c.is_ascii_digit()))
    {
        return false;
    }
    const UNITS: [&str; 13] = [
        "ml", "cm", "mm", "pcs", "gb", "kg", "g", "m", "l", "inch", "w", "v", "mah",
    ];
    let words: Vec<String> = rest
        .split_whitespace()
        .take(3)
        .map(|w| {
            w.trim_matches(|c: char| !c.is_alphanumeric())
                .to_lowercase()
        })
        .collect();
    words.iter().take(2).enumerate().any(|(i, w)| {
        let digits = w.chars().filter(char::is_ascii_digit).count();
        let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || c == '.');
        // A size, glued (`10mm`) or spaced (`10 Inch`, `500 ml`), is not a version.
        let glued = UNITS
            .iter()
            .any(|u| w.ends_with(u) && w.len() > u.len() && number(&w[..w.len() - u.len()]));
        let spaced = number(w)
            && words.get(i + 1).is_some_and(|n| {
                UNITS.contains(&n.as_str()) || matches!(n.as_str(), "inches" | "pieces" | "pc")
            });
        digits > 0 && w.len() <= 6 && w.is_ascii() && !glued && !spaced
    })
}

impl Senses {
    pub fn shipped() -> Self {
        let file: File = toml::from_str(SENSES).unwrap_or(File { sense: Vec::new() });
        let by_word = file
            .sense
            .into_iter()
            .map(|e| {
                (
                    e.word.trim().to_lowercase(),
                    Sense {
                        gloss: e.gloss,
                        contexts: e.contexts.iter().map(|c| c.to_lowercase()).collect(),
                        terms: e.terms.iter().map(|c| c.to_lowercase()).collect(),
                    },
                )
            })
            .collect();
        Senses { by_word }
    }

    pub fn get(&self, word: &str) -> Option<&Sense> {
        // Short ASCII words (nearly every name) are lowercased on the stack.
        super::normalize::with_ascii_lower(word, |lower| self.by_word.get(lower))
            .unwrap_or_else(|| self.by_word.get(&word.trim().to_lowercase()))
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.by_word.len()
    }
}

impl Sense {
    /// Whether `text` (as written) reads the word at bytes `at..end` in its ordinary
    /// sense: a goods term covering it, or a context word anywhere outside it.
    pub fn reading(&self, text: &str, at: usize, end: usize) -> Option<Reading> {
        let lower = text.to_lowercase();
        if lower.len() != text.len() {
            // Lowercasing changed byte offsets (rare scripts): read contexts only.
            return self.context_in(&lower, None);
        }
        for t in &self.terms {
            if occurrences(&lower, t).any(|s| s <= at && end <= s + t.len()) {
                return Some(Reading::Term(t.clone()));
            }
        }
        self.context_in(&lower, Some((at, end)))
    }

    fn context_in(&self, lower: &str, span: Option<(usize, usize)>) -> Option<Reading> {
        self.contexts
            .iter()
            .find(|c| {
                occurrences(lower, c).any(|s| span.is_none_or(|(a, e)| s + c.len() <= a || e <= s))
            })
            .map(|c| Reading::Context(c.clone()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shipped_senses_parse_and_read_titles() {
        let s = Senses::shipped();
        assert!(s.len() > 100, "{}", s.len());
        let coach = s.get("Coach").expect("coach");
        let t = "Coach bolt DIN 603 M8";
        assert_eq!(
            coach.reading(t, 0, 5),
            Some(Reading::Term("coach bolt".into()))
        );
        let t = "Luxury coach bus 53 seats";
        assert!(coach.reading(t, 7, 12).is_some());
        let t = "Coach leather shoulder bag women";
        assert_eq!(coach.reading(t, 0, 5), None);
        let apple = s.get("苹果").expect("苹果");
        let t = "烟台红富士苹果 新鲜水果";
        let at = t.find("苹果").expect("in title");
        assert!(apple.reading(t, at, at + 6).is_some());
    }

    #[test]
    fn every_personal_name_phrase_holds_the_word_name() {
        for p in NAME_GOODS {
            assert!(p.contains("name") || p.contains("名字"), "{p}");
        }
        assert_eq!(
            personal_name_goods("Custom NAME Necklace"),
            Some("name necklace")
        );
        assert_eq!(personal_name_goods("Gold Necklace"), None);
        assert_eq!(personal_name_goods("刻名字 手链"), Some("刻名字"));
    }

    #[test]
    fn lower_compares_as_to_lowercase_does() {
        let texts = [
            "LOGO Jacket",
            "Logo款 外套",
            "Custom ",
            "your",
            "\u{212A}ELVIN logo",
            "İSTANBUL emblem",
            "ΣΑΣ logo",
            "",
            "Monogram",
        ];
        let words = [
            "logo", "logo款", "custom", "your", "kelvin", "emblem", "σας", "", "k",
        ];
        for t in texts {
            let lower = Lower::of(t);
            let expected = t.to_lowercase();
            for w in words {
                assert_eq!(lower.starts_with(w), expected.starts_with(w), "{t:?} {w:?}");
                assert_eq!(lower.ends_with(w), expected.ends_with(w), "{t:?} {w:?}");
                assert_eq!(lower.is(w), expected == w, "{t:?} {w:?}");
                // A head or a tail long enough for the word answers as the whole does.
                let n = w.chars().count() + 1;
                let head = Lower::head(t, n);
                assert_eq!(head.starts_with(w), expected.starts_with(w), "{t:?} {w:?}");
                let tail = Lower::tail(t, n);
                assert_eq!(tail.ends_with(w), expected.ends_with(w), "{t:?} {w:?}");
            }
        }
        // Only the head is lowercased: a long Chinese title is not copied whole.
        let long = format!("标志 {}", "中".repeat(500));
        assert!(Lower::head(&long, 12).as_str().len() < 40);
        assert!(Lower::tail(&long, 12).as_str().len() < 40);
        let s = Senses::shipped();
        assert!(s.get(" COACH ").is_some());
        assert_eq!(
            s.get("Coach").map(|x| &x.gloss),
            s.get("coach").map(|x| &x.gloss)
        );
    }

    #[test]
    fn contexts_are_whole_words() {
        let hay = "busbar copper 100a";
        assert_eq!(occurrences(hay, "bus").count(), 0);
        assert_eq!(occurrences("two buses", "bus").count(), 1);
        assert_eq!(occurrences("小米粥", "米粥").count(), 1);
    }

    #[test]
    fn colours_codes_initials_and_name_goods() {
        let t = "蒂芙尼蓝 乳胶漆";
        assert_eq!(colour_after(t, "蒂芙尼".len()), Some("蓝"));
        assert_eq!(colour_after("鳄鱼皮纹 皮带", "鳄鱼".len()), Some("皮纹"));
        assert_eq!(colour_after("鳄鱼皮带 男士", "鳄鱼".len()), None);
        assert_eq!(colour_after("蒂芙尼 项链", "蒂芙尼".len()), None);

        assert_eq!(code_after("NS-2000 cable tester", 2), Some("-2000"));
        assert_eq!(code_after("MB1200 pump", 2), Some("1200"));
        assert_eq!(code_after("NS switch", 2), None);
        assert_eq!(code_after("FF-X cover", 2), None);
        assert!(number_before("USB stick 512 MB", 13));
        assert!(number_before("2HP pump", 1));
        assert!(!number_before("A3 MB cover", 3));
        assert!(!number_before("MB pen", 0));

        let t = "Free Fire FF Gaming Trigger";
        assert_eq!(spelled_out(t, 10, 12, "FF").as_deref(), Some("Free Fire"));
        assert_eq!(spelled_out("FF Gaming Trigger", 0, 2, "FF"), None);
        let t = "MB (Mother Board) repair";
        assert_eq!(spelled_out(t, 0, 2, "MB").as_deref(), Some("Mother Board"));

        assert_eq!(
            personal_name_goods("Personalized Name Necklace Tiffany Gold"),
            Some("name necklace")
        );
        assert_eq!(personal_name_goods("Tiffany heart tag necklace"), None);
        assert_eq!(personal_name_goods("nameplates custom"), Some("nameplate"));
    }
}
