//! Goods classes: which Nice classes a listing's goods fall in, and which a brand's goods
//! do.
//!
//! The shipped lexicon (`seeds/goods/lexicon.toml`) maps product words in English and
//! Chinese to the 45 Nice classes; it is compiled once into an Aho–Corasick automaton
//! and a listing's title, description and category text are classified with one pass
//! each. English words match as whole words (plural `s`/`es` included), Chinese words
//! anywhere; the longest phrase wins (`luggage rack` is a vehicle part, not luggage), and a phrase
//! reaching past the one before it is read too (`herbal tea bags`: `tea bags`, not `bags`). The shipped marks file (`seeds/goods/marks.toml`) gives the classes of a few
//! hundred well-known marks, for registry brands that list neither `classes` nor `goods`.
//!
//! A class set is a `u64` bit set (bit *n* = class *n*). This module knows nothing about
//! matching brand names; the detector decides what a class overlap means.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use serde::Deserialize;

/// A set of Nice classes: bit *n* is class *n* (1–45); bit [`ACCESSORIES_BIT`] is the
/// accessories part of class 9, bit [`WATCHES_BIT`] the watches part of class 14.
pub type ClassSet = u64;

/// The accessories part of class 9 (eyewear, phone cases, headphones, smartwatches):
/// fashion brands' class-9 goods. Whole class 9 covers it too.
pub const ACCESSORIES_BIT: u32 = 46;

/// The watches part of class 14 (watches, clocks and their parts; the CNIPA table's
/// group 1410, apart from jewellery and precious metals): a watchmaker's class-14 goods,
/// so `Tudor Rose pendant` is not among Tudor's. Whole class 14 covers it too.
pub const WATCHES_BIT: u32 = 47;

/// The bits of the parts of classes (they count as their classes).
const PART_BITS: ClassSet = (1 << ACCESSORIES_BIT) | (1 << WATCHES_BIT);

const LEXICON: &str = include_str!("../../seeds/goods/lexicon.toml");
const MARKS: &str = include_str!("../../seeds/goods/marks.toml");

#[derive(Deserialize)]
struct RawLexicon {
    class: Vec<RawClass>,
}

#[derive(Deserialize)]
struct RawClass {
    number: u8,
    #[serde(default)]
    part: Option<String>,
    name: String,
    #[serde(default)]
    words: Vec<String>,
}

#[derive(Deserialize)]
struct RawMarks {
    #[serde(default)]
    ordinary_words: Vec<String>,
    marks: HashMap<String, Vec<MarkClass>>,
}

/// A class in the marks file: a number, `"9a"` for the accessories part of class 9 or
/// `"14w"` for the watches part of class 14.
#[derive(Deserialize)]
#[serde(untagged)]
enum MarkClass {
    Number(u8),
    Part(String),
}

impl MarkClass {
    fn bits(&self) -> ClassSet {
        match self {
            MarkClass::Number(n) => class_bit(*n),
            MarkClass::Part(p) if p == "9a" => 1 << ACCESSORIES_BIT,
            MarkClass::Part(p) if p == "14w" => 1 << WATCHES_BIT,
            MarkClass::Part(_) => 0,
        }
    }
}

/// The bits of one whole class (0 for numbers outside 1–45); class 9 includes its
/// accessories part, class 14 its watches part.
pub fn class_bit(n: u8) -> ClassSet {
    match n {
        9 => (1 << 9) | (1 << ACCESSORIES_BIT),
        14 => (1 << 14) | (1 << WATCHES_BIT),
        1..=45 => 1 << n,
        _ => 0,
    }
}

/// The class numbers of a set, ascending (the accessories part shows as 9, the watches
/// part as 14).
pub fn class_numbers(set: ClassSet) -> Vec<u8> {
    // Classes 1–45 are bits 1–45; a part counts as its class.
    let mut bits = set & (((1 << 46) - 1) & !1);
    if set & (1 << ACCESSORIES_BIT) != 0 {
        bits |= 1 << 9;
    }
    if set & (1 << WATCHES_BIT) != 0 {
        bits |= 1 << 14;
    }
    let mut out = Vec::with_capacity(bits.count_ones() as usize);
    while bits != 0 {
        out.push(bits.trailing_zeros() as u8);
        bits &= bits - 1;
    }
    out
}

/// `[9, 14]` as text, or `none`.
/// A class present only by its part is marked so: `9 (accessories)`, `14 (watches)`.
pub fn class_list(set: ClassSet) -> String {
    let n = class_numbers(set);
    if n.is_empty() {
        return "none".into();
    }
    n.iter()
        .map(|&c| match c {
            9 if set & (1 << 9) == 0 => "9 (accessories)".to_string(),
            14 if set & (1 << 14) == 0 => "14 (watches)".to_string(),
            c => c.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The compiled lexicon and marks.
#[derive(Debug, Clone)]
pub(crate) struct Goods {
    /// The ASCII forms of the lexicon words (patterns `0..other_first`).
    automaton: Option<AhoCorasick>,
    /// The other forms (patterns `other_first..`, numbered from 0 in this automaton).
    other_automaton: Option<AhoCorasick>,
    other_first: usize,
    /// Per automaton pattern: classes, and whether it needs Latin word boundaries.
    patterns: Vec<(ClassSet, bool)>,
    /// Per pattern: index of the lexicon word it came from (for explanations).
    words: Vec<u32>,
    /// The lexicon words.
    word_texts: Vec<String>,
    /// Bytes of the longest pattern (a phrase starting at `i` ends by `i + longest`).
    longest: usize,
    /// Class names, index = class number.
    names: Vec<String>,
    /// Lowercased mark name → classes.
    marks: HashMap<String, ClassSet>,
    /// Lowercased marks that are also ordinary words.
    ordinary: HashSet<String>,
    /// Every word of the marks of several words, lowercased (`land`, `rover`).
    mark_words: HashSet<String>,
}

thread_local! {
    /// The lower-cased copy of the text [`Goods::classify_into`] reads, kept from one
    /// text to the next.
    static LOWER: std::cell::RefCell<String> = const { std::cell::RefCell::new(String::new()) };
}

/// A lower-cased copy grown larger than this (by a long description) is dropped rather
/// than kept.
const MAX_LOWER_BYTES: usize = 16 * 1024;

/// What the lexicon found in a text.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Classified {
    pub classes: ClassSet,
    /// The lexicon words found ([`Goods::word`] indexes), in text order, without repeats.
    pub words: Vec<u32>,
    /// Byte ranges of the goods words found, with the word's index (positions are in the
    /// text classified; the caller keeps them apart per text).
    pub spans: Vec<(usize, usize, u32)>,
    /// The classes each span was read as, in its place (`spans[i]`'s classes).
    pub span_classes: Vec<ClassSet>,
}

impl Goods {
    /// Compiles the shipped lexicon and marks (both covered by tests, so they parse).
    pub fn shipped() -> Self {
        let lexicon: RawLexicon = toml::from_str(LEXICON).unwrap_or(RawLexicon { class: vec![] });
        let marks: RawMarks = toml::from_str(MARKS).unwrap_or(RawMarks {
            ordinary_words: vec![],
            marks: HashMap::default(),
        });
        let mut names = vec![String::new(); 46];
        let mut by_text: HashMap<String, (ClassSet, u32)> = HashMap::default();
        let mut word_texts: Vec<String> = Vec::new();
        let mut word_ids: HashMap<String, u32> = HashMap::default();
        for c in &lexicon.class {
            // A part's words are in the class and in the part; the class keeps its name.
            let bits = match c.part.as_deref() {
                Some("accessories") if c.number == 9 => (1 << 9) | (1 << ACCESSORIES_BIT),
                Some("watches") if c.number == 14 => (1 << 14) | (1 << WATCHES_BIT),
                Some(_) => 0,
                None => class_bit(c.number) & !PART_BITS,
            };
            if c.part.is_none()
                && let Some(slot) = names.get_mut(usize::from(c.number))
            {
                slot.clone_from(&c.name);
            }
            for w in &c.words {
                let lower = w.to_lowercase();
                let latin = lower.is_ascii();
                let mut forms = vec![lower.clone()];
                if latin && !lower.ends_with('s') {
                    forms.push(format!("{lower}s"));
                    forms.push(format!("{lower}es"));
                }
                let id = *word_ids.entry(lower.clone()).or_insert_with(|| {
                    word_texts.push(lower.clone());
                    word_texts.len() as u32 - 1
                });
                for f in forms {
                    let e = by_text.entry(f).or_insert((0, id));
                    e.0 |= bits;
                }
            }
        }
        // Two automata: the Latin (ASCII) forms, and the others (Chinese and mixed forms
        // such as `t恤`), searched only in texts that are not ASCII. One DFA over both
        // would take a stride of 256 for the UTF-8 bytes on every state: about 10 MB, a
        // sixth of a sweep's memory.
        let mut ascii = (Vec::new(), Vec::new());
        let mut other = (Vec::new(), Vec::new());
        for (text, (classes, word)) in by_text {
            let side = if text.is_ascii() {
                &mut ascii
            } else {
                &mut other
            };
            side.0.push(text);
            side.1.push((classes, word));
        }
        let other_first = ascii.0.len();
        let mut texts = Vec::with_capacity(ascii.0.len() + other.0.len());
        let mut patterns = Vec::with_capacity(texts.capacity());
        let mut words = Vec::with_capacity(texts.capacity());
        for (text, (classes, word)) in ascii
            .0
            .iter()
            .zip(ascii.1)
            .chain(other.0.iter().zip(other.1))
        {
            patterns.push((classes, text.is_ascii()));
            texts.push(text.clone());
            words.push(word);
        }
        let build = |texts: &[String], kind, fold_case| {
            AhoCorasickBuilder::new()
                .ascii_case_insensitive(fold_case)
                .match_kind(MatchKind::LeftmostLongest)
                .kind(Some(kind))
                .build(texts)
                .ok()
        };
        // The Latin forms (all lower case) in a DFA searched in a lower-cased copy of the
        // text: 5.6 MB, for 4.1 % fewer instructions per title in detection than a
        // contiguous NFA (callgrind, `examples/detect_profile.rs`, 1,000 brands: 56.12M
        // -> 53.80M). The same DFA ignoring ASCII case took 11 MB (twice the byte
        // classes). The other forms in a contiguous NFA (0.1 MB): a DFA over UTF-8 bytes
        // has a stride of 256.
        let automaton = build(
            &texts[..other_first],
            aho_corasick::AhoCorasickKind::DFA,
            false,
        );
        let other_automaton = build(
            &texts[other_first..],
            aho_corasick::AhoCorasickKind::ContiguousNFA,
            true,
        );
        let ordinary_words = marks.ordinary_words;
        let marks: HashMap<String, ClassSet> = marks
            .marks
            .into_iter()
            .map(|(k, v)| (mark_key(&k), v.iter().fold(0, |a, c| a | c.bits())))
            .collect();
        let mark_words = marks
            .keys()
            .filter(|k| k.contains(' '))
            .flat_map(|k| k.split(' ').map(str::to_string))
            .collect();
        Goods {
            mark_words,
            longest: texts.iter().map(|t| t.len()).max().unwrap_or(0),
            automaton,
            other_automaton,
            other_first,
            patterns,
            words,
            word_texts,
            names,
            marks,
            ordinary: ordinary_words.into_iter().map(|w| mark_key(&w)).collect(),
        }
    }

    /// A lexicon word by its index ([`Classified::words`]).
    pub fn word(&self, i: u32) -> &str {
        self.word_texts.get(i as usize).map_or("", String::as_str)
    }

    /// The lexicon words of `ids`, comma-separated.
    pub fn words_text(&self, ids: &[u32]) -> String {
        ids.iter()
            .map(|&i| self.word(i))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// The short name of class `n`.
    pub fn class_name(&self, n: u8) -> &str {
        self.names.get(usize::from(n)).map_or("", String::as_str)
    }

    /// `21 household and kitchen utensils, …; 25 clothing, …`: the classes of a set with
    /// their names.
    pub fn describe(&self, set: ClassSet) -> String {
        class_numbers(set)
            .into_iter()
            .map(|n| format!("{n} {}", self.class_name(n)))
            .collect::<Vec<_>>()
            .join("; ")
    }

    /// The classes of the goods words in `text`, added to `out`.
    pub fn classify_into(&self, text: &str, out: &mut Classified) {
        // The Latin automaton knows lower-case forms only; lower-casing ASCII letters
        // keeps every byte offset. The copy is written into the thread's buffer (a title
        // is classified once per listing: allocating a copy cost a malloc and a free).
        let mut lower = LOWER
            .try_with(|l| std::mem::take(&mut *l.borrow_mut()))
            .unwrap_or_default();
        lower.clear();
        lower.push_str(text);
        lower.make_ascii_lowercase();
        self.classify_lower(text, &lower, out);
        if lower.capacity() <= MAX_LOWER_BYTES {
            let _ = LOWER.try_with(|l| *l.borrow_mut() = lower);
        }
    }

    /// [`Self::classify_into`] of `text`, given `lower`, its copy with ASCII letters in
    /// lower case.
    fn classify_lower(&self, text: &str, lower: &str, out: &mut Classified) {
        let bytes = text.as_bytes();
        if text.is_ascii() {
            if let Some(ac) = &self.automaton {
                self.each_word(ac, lower, 0, &mut |m| self.take(bytes, m, out));
            }
            return;
        }
        // Both automata, merged into one leftmost-longest sequence in text order (a mixed
        // form such as `t恤` wins over a Latin word inside it).
        let mut found: Vec<(usize, usize, usize)> = Vec::new();
        if let Some(ac) = &self.automaton {
            self.each_word(ac, lower, 0, &mut |m| found.push(m));
        }
        if let Some(ac) = &self.other_automaton {
            self.each_word(ac, text, self.other_first, &mut |m| found.push(m));
        }
        found.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut reached = 0;
        let mut latin_before = false;
        for m in found {
            let latin = m.2 < self.other_first;
            // A Latin phrase reaching past the Latin phrase before it (`herbal tea bags`,
            // see `each_word`) is read too.
            if m.0 < reached && !(latin && latin_before && m.1 > reached) {
                continue;
            }
            reached = m.1;
            latin_before = latin;
            self.take(bytes, m, out);
        }
    }

    /// Every leftmost-longest match `(start, end, pattern)` of `ac` in `text` that stands
    /// as whole words (patterns numbered from `first`). A match cut out of a longer word
    /// (`fish fillet` starting inside `Toothfish Fillet`) is dropped and the search goes
    /// on from its next character, so the words inside it (`Fillet`) are still found.
    fn each_word(
        &self,
        ac: &AhoCorasick,
        text: &str,
        first: usize,
        f: &mut dyn FnMut((usize, usize, usize)),
    ) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < text.len() {
            let Some(m) = ac.find(aho_corasick::Input::new(text).range(at..)) else {
                break;
            };
            let pattern = first + m.pattern().as_usize();
            let latin = self.patterns.get(pattern).is_some_and(|p| p.1);
            let cut = latin
                && (m
                    .start()
                    .checked_sub(1)
                    .is_some_and(|i| bytes[i].is_ascii_alphanumeric())
                    || bytes.get(m.end()).is_some_and(u8::is_ascii_alphanumeric));
            if cut {
                // The next character boundary after the match's start.
                at = m.start() + 1;
                while at < text.len() && !text.is_char_boundary(at) {
                    at += 1;
                }
                continue;
            }
            f((m.start(), m.end(), pattern));
            at = m.end().max(at + 1);
            // A phrase of several words may be the start of a longer one that ends past
            // it (`herbal tea` in `herbal tea bags`: `tea bags` is what is sold). English
            // compounds end in their head, so the phrase that reaches further is read
            // too, and the word it takes in (`bags`) is not read alone.
            if let Some(x) = self.reaching_past(ac, text, m.start(), m.end()) {
                f((x.0, x.1, first + x.2));
                at = x.1;
            }
        }
    }

    /// The match of `ac` that starts at a word inside `start..end` (a match of several
    /// words) and ends past `end`, as whole words: `(start, end, pattern)`.
    fn reaching_past(
        &self,
        ac: &AhoCorasick,
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize, usize)> {
        let bytes = text.as_bytes();
        let mut i = start;
        while i < end {
            // The next word start inside the match: after a space.
            let space = bytes.get(i..end)?.iter().position(|&b| b == b' ')?;
            i += space + 1;
            if i >= end {
                return None;
            }
            let to = text.len().min(i + self.longest);
            let m = ac.find(aho_corasick::Input::new(text).range(i..to))?;
            if m.start() >= end {
                return None;
            }
            let pattern = m.pattern().as_usize();
            if m.start() == i
                && m.end() > end
                && !bytes.get(m.end()).is_some_and(u8::is_ascii_alphanumeric)
            {
                return Some((m.start(), m.end(), pattern));
            }
        }
        None
    }

    /// Adds one automaton match `(start, end, pattern)` of `bytes` to `out`.
    fn take(
        &self,
        bytes: &[u8],
        (start, end, pattern): (usize, usize, usize),
        out: &mut Classified,
    ) {
        let Some(&(classes, latin)) = self.patterns.get(pattern) else {
            return;
        };
        if latin {
            let before = start.checked_sub(1).map(|i| bytes[i]);
            let after = bytes.get(end).copied();
            if before.is_some_and(|b| b.is_ascii_alphanumeric())
                || after.is_some_and(|b| b.is_ascii_alphanumeric())
            {
                return;
            }
        }
        let word = self.words[pattern];
        if !latin && in_other_word(bytes, start, &self.word_texts[word as usize]) {
            return;
        }
        if latin
            && (packed_quantity(bytes, start, &self.word_texts[word as usize])
                || counted_packs(bytes, start, end, &self.word_texts[word as usize]))
        {
            return;
        }
        if latin
            && (offered_label(bytes, start, end, &self.word_texts[word as usize])
                || vacuum_packed(bytes, end, &self.word_texts[word as usize]))
        {
            return;
        }
        // A tablet with a dose in the title (`Viagra 100mg 30 Tablets`) is a pill.
        let classes = if latin && self.word_texts[word as usize] == "tablet" && dosed(bytes) {
            class_bit(5)
        } else {
            classes
        };
        out.classes |= classes;
        if out.spans.len() < 16 {
            out.spans.push((start, end, word));
            out.span_classes.push(classes);
        }
        if out.words.len() < 8 && !out.words.contains(&word) {
            out.words.push(word);
        }
    }

    /// The classes of the goods words in `text`.
    pub fn classify(&self, text: &str) -> Classified {
        let mut c = Classified::default();
        self.classify_into(text, &mut c);
        c
    }

    /// The classes of a well-known mark, by any of its names.
    pub fn mark_classes(&self, name: &str) -> ClassSet {
        self.marks
            .get(mark_key(name).as_str())
            .copied()
            .unwrap_or(0)
    }

    /// Whether `word` (lower case) is a word of a well-known mark of several words.
    pub fn in_mark_of_words(&self, word: &str) -> bool {
        self.mark_words.contains(word)
    }

    /// Whether `name` is one of the well-known marks' names.
    pub fn is_mark(&self, name: &str) -> bool {
        self.marks.contains_key(mark_key(name).as_str())
    }

    /// Whether `name` is a known mark that is not also an ordinary word.
    pub fn is_brand_only_word(&self, name: &str) -> bool {
        let n = mark_key(name);
        self.marks.contains_key(n.as_str()) && !self.ordinary.contains(n.as_str())
    }
}

/// How a mark is looked up: trimmed, lower case, accents dropped (`Kérastase`,
/// `Kerastase` and `KERASTASE` are one mark).
fn mark_key(name: &str) -> String {
    use unicode_normalization::{UnicodeNormalization, char::is_combining_mark};
    name.trim()
        .nfkd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// `private label`, `OEM label`, `your label`, `label available`: a label offered as a
/// service to the buyer (the buyer's brand on the goods), not labels sold as goods.
fn offered_label(bytes: &[u8], start: usize, end: usize, word: &str) -> bool {
    if !matches!(word, "label" | "labels") {
        return false;
    }
    const BEFORE: &[&[u8]] = &[
        b"private",
        b"own",
        b"oem",
        b"odm",
        b"custom",
        b"customized",
        b"customised",
        b"your",
        b"white",
        b"brand",
        b"customer",
    ];
    const AFTER: &[&[u8]] = &[
        b"available",
        b"accepted",
        b"acceptable",
        b"optional",
        b"service",
        b"printing",
    ];
    let prev = bytes[..start]
        .trim_ascii_end()
        .rsplit(|b| !b.is_ascii_alphanumeric() && *b != b'\'')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    BEFORE.contains(&prev.as_slice()) || AFTER.contains(&next_word(bytes, end).as_slice())
}

/// The word that starts after byte `end` of `bytes` (spaces skipped), lower-cased ASCII
/// letters and digits.
fn next_word(bytes: &[u8], end: usize) -> Vec<u8> {
    bytes
        .get(end..)
        .unwrap_or_default()
        .trim_ascii_start()
        .split(|b| !b.is_ascii_alphanumeric())
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// `Vacuum Pack`, `vacuum packed`, `vacuum packaging`: how food is packed, not a
/// vacuum cleaner or pump.
fn vacuum_packed(bytes: &[u8], end: usize, word: &str) -> bool {
    const AFTER: &[&[u8]] = &[b"pack", b"packs", b"packed", b"packing", b"packaging"];
    word == "vacuum" && AFTER.contains(&next_word(bytes, end).as_slice())
}

/// Words that hold a one-character goods word of the lexicon without naming those goods:
/// `书` (books) in a certificate (`证书`), a manual (`说明书`), calligraphy (`书法`). A
/// compound that is goods has its own entry (`书包`, `书架`), which the longer match takes.
const OTHER_WORDS: &[&str] = &[
    "证书",
    "说明书",
    "授权书",
    "保证书",
    "申请书",
    "书法",
    "书写",
    "书记",
    "秘书",
    "书房",
    "书面",
    "书香",
    "背书",
];

/// Whether the one-character Chinese goods word `word` at byte `start` of `bytes` is a
/// character of one of [`OTHER_WORDS`] written there.
fn in_other_word(bytes: &[u8], start: usize, word: &str) -> bool {
    let mut chars = word.chars();
    if chars.next().is_none() || chars.next().is_some() {
        return false;
    }
    OTHER_WORDS.iter().any(|other| {
        other.match_indices(word).any(|(at, _)| {
            start
                .checked_sub(at)
                .and_then(|s| bytes.get(s..s + other.len()))
                .is_some_and(|written| written == other.as_bytes())
        })
    })
}

/// Containers that also name goods (`bag`, `box`): after a measured quantity (`60kg
/// Bag`, `500g bag`, `1L bottle`) or a rate (`pcs/box`, `per carton`) they are how the
/// goods are packed, not what is sold.
const PACKAGING: &[&str] = &[
    "bag", "box", "carton", "bottle", "can", "jar", "sack", "pouch", "tin", "tube", "barrel",
    "drum", "case", "crate", "pack", "packet",
];

/// Units of a measured quantity right before a container word.
const QUANTITY_UNITS: &[&str] = &[
    "kg", "kgs", "g", "gr", "lb", "lbs", "oz", "ml", "l", "ltr", "litre", "liter", "pcs", "pc",
    "pieces", "t", "ton", "tons", "mt",
];

/// Whether the container word `word` at byte `start` of `bytes` follows a measured
/// quantity or a rate, so it is packaging (see [`PACKAGING`]).
fn packed_quantity(bytes: &[u8], start: usize, word: &str) -> bool {
    if !PACKAGING.contains(&word) {
        return false;
    }
    let before = &bytes[..start];
    let trimmed = before.trim_ascii_end();
    if trimmed.ends_with(b"/")
        || trimmed.len() < before.len() && {
            let lower = trimmed.to_ascii_lowercase();
            lower.ends_with(b" per") || lower == b"per"
        }
    {
        return true;
    }
    // `60kg`, `60 kg`, `1.5L`: a unit word ending right before, a number before it.
    let (number, unit) = split_trailing(trimmed, u8::is_ascii_alphabetic);
    if unit.is_empty()
        || !QUANTITY_UNITS
            .iter()
            .any(|u| u.as_bytes().eq_ignore_ascii_case(unit))
    {
        return false;
    }
    number
        .trim_ascii_end()
        .last()
        .is_some_and(u8::is_ascii_digit)
}

/// Units of a dose of medicine or supplement.
const DOSE_UNITS: &[&[u8]] = &[b"mg", b"mcg", b"ug", b"iu"];

/// Whether `bytes` (a title) gives a dose: a number right before a unit of
/// [`DOSE_UNITS`] (`100mg`, `500 mg`, `1000IU`), the unit a word of its own.
fn dosed(bytes: &[u8]) -> bool {
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        while i < bytes.len() && bytes[i].is_ascii_digit() {
            i += 1;
        }
        let at = if bytes.get(i) == Some(&b' ') {
            i + 1
        } else {
            i
        };
        let rest = &bytes[at..];
        if DOSE_UNITS.iter().any(|u| {
            rest.len() >= u.len()
                && rest[..u.len()].eq_ignore_ascii_case(u)
                && !rest.get(u.len()).is_some_and(u8::is_ascii_alphanumeric)
        }) {
            return true;
        }
    }
    false
}

/// `bytes` split before its trailing run of bytes that `keep` accepts: (the rest, the run).
fn split_trailing(bytes: &[u8], keep: impl Fn(&u8) -> bool) -> (&[u8], &[u8]) {
    let run = bytes.iter().rev().take_while(|b| keep(b)).count();
    bytes.split_at(bytes.len() - run)
}

/// Whether the container word at `start..end` of `bytes` is written in the plural right
/// after a bare count (`Cold Flu Granules 9 Bags`, `Tea 20 boxes`): the number of packs
/// the goods come in, not bags or boxes sold. Not after `of` (`Set of 3 Bags`), nor a
/// count joined to another number (`2x3 bags`, `1/2 boxes`).
fn counted_packs(bytes: &[u8], start: usize, end: usize, word: &str) -> bool {
    let singular = word
        .strip_suffix("es")
        .filter(|w| PACKAGING.contains(w))
        .or_else(|| word.strip_suffix('s'))
        .unwrap_or(word);
    if !PACKAGING.contains(&singular) || bytes[..end].last().is_none_or(|b| *b | 0x20 != b's') {
        return false;
    }
    let before = bytes[..start].trim_ascii_end();
    if before.len() == start {
        return false;
    }
    let (rest, count) = split_trailing(before, u8::is_ascii_digit);
    if count.is_empty() || rest.last().is_some_and(|b| !b.is_ascii_whitespace()) {
        return false;
    }
    let (_, prev_word) = split_trailing(rest.trim_ascii_end(), u8::is_ascii_alphabetic);
    !prev_word.eq_ignore_ascii_case(b"of")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn containers_after_a_bare_count_are_packs() {
        let at = |t: &str, w: &str| {
            let start = t.find(w).expect("word");
            counted_packs(t.as_bytes(), start, start + w.len(), &w.to_lowercase())
        };
        assert!(at("Cold Flu Granules 9 Bags Export", "Bags"));
        assert!(at("Green Tea 20 boxes", "boxes"));
        assert!(at("12 bottles of olive oil", "bottles"));
        // A set of bags, one bag, a count joined to another number, no count at all.
        assert!(!at("Set of 3 Bags Women Tote", "Bags"));
        assert!(!at("1 bag of rice", "bag"));
        assert!(!at("2x3 bags", "bags"));
        assert!(!at("Leather bags wholesale", "bags"));
        assert!(!at("3 handbags", "handbags"));
    }

    #[test]
    fn a_certificate_or_a_manual_is_no_book() {
        let g = Goods::shipped();
        for t in [
            "天然和田玉手镯 带证书",
            "电动牙刷 附中文说明书",
            "手写书法 折扇",
        ] {
            assert_eq!(g.classify(t).classes & class_bit(16), 0, "{t}");
        }
        for t in ["儿童绘本 图书 批发", "精装书 书籍", "实木书架 落地"] {
            assert_ne!(g.classify(t).classes, 0, "{t}");
        }
        assert_ne!(g.classify("儿童图书 批发").classes & class_bit(16), 0);
    }

    #[test]
    fn vacuum_packed_food_is_not_a_vacuum() {
        let g = Goods::shipped();
        let classes = |t: &str| class_numbers(g.classify(t).classes);
        assert_eq!(classes("Spicy Duck Neck Vacuum Pack 200g"), vec![29]);
        assert_eq!(classes("Beef Jerky vacuum packed"), vec![29]);
        assert_eq!(classes("Cordless Vacuum 25kPa"), vec![7]);
        assert_eq!(classes("Handheld Vacuum 8000Pa"), vec![7]);
    }

    #[test]
    fn a_tablet_with_a_dose_is_a_pill() {
        let g = Goods::shipped();
        let classes = |t: &str| class_numbers(g.classify(t).classes);
        assert_eq!(
            classes("Viagra 100mg 30 Tablets Blue Pill Wholesale"),
            vec![5]
        );
        assert_eq!(classes("Vitamin D3 1000 IU Tablet"), vec![5]);
        assert_eq!(classes("10.1 inch Android Tablet 4GB 64GB"), vec![9]);
        assert!(dosed(b"500 mg"));
        assert!(!dosed(b"5mgx"));
        assert!(!dosed(b"100 mAh"));
    }

    #[test]
    fn shipped_files_parse_with_every_class_named() {
        let lexicon: RawLexicon = toml::from_str(LEXICON).expect("lexicon parses");
        let numbers: Vec<u8> = lexicon
            .class
            .iter()
            .filter(|c| c.part.is_none())
            .map(|c| c.number)
            .collect();
        assert_eq!(numbers, (1..=45).collect::<Vec<u8>>());
        assert!(lexicon.class.iter().all(|c| !c.name.is_empty()));
        let words: usize = lexicon.class.iter().map(|c| c.words.len()).sum();
        assert!(words > 800, "{words} lexicon words");
        let marks: RawMarks = toml::from_str(MARKS).expect("marks parse");
        assert!(marks.marks.len() > 1_200, "{} marks", marks.marks.len());
        assert!(marks.marks.values().flatten().all(|c| c.bits() != 0));
    }

    #[test]
    fn a_phrase_cut_out_of_a_longer_word_leaves_the_words_inside_it() {
        let g = Goods::shipped();
        // `fish fillet` starts inside `Toothfish`: dropped, and `Fillet` still found.
        let c = g.classify("Frozen Toothfish Fillet IQF");
        assert_ne!(c.classes & class_bit(29), 0);
        assert_eq!(g.word(c.words[0]), "fillet");
        // Mixed text goes through the same search.
        let c = g.classify("冷冻 Toothfish Fillet 鱼排");
        assert_ne!(c.classes & class_bit(29), 0);
        assert!(g.classify("Catfishing rod").classes & class_bit(29) == 0);
    }

    #[test]
    fn containers_after_a_quantity_are_packaging() {
        let g = Goods::shipped();
        let bag = class_bit(18);
        for packed in [
            "Green Coffee Beans Arabica 60kg Bag",
            "Walnuts 10 kg bag",
            "Rice 25KG Bag",
            "Nitrile gloves 100 pcs/box",
            "Sugar sold per bag",
        ] {
            assert_eq!(g.classify(packed).classes & bag, 0, "{packed}");
        }
        for sold in [
            "Leather Tote Bag Women",
            "Kelly 25 Bag Swift Leather",
            "Canvas bag 40x30 cm",
        ] {
            assert_ne!(g.classify(sold).classes & bag, 0, "{sold}");
        }
        assert!(offered_label(b"powder private label oem", 15, 20, "label"));
        assert!(offered_label(
            b"your label or jinko label available",
            5,
            10,
            "label"
        ));
        assert!(offered_label(b"jinko label available", 6, 11, "label"));
        assert!(!offered_label(b"thermal label printer", 8, 13, "label"));
        assert!(!offered_label(b"private label", 8, 13, "sticker"));
        assert!(packed_quantity(b"1.5L bottle", 5, "bottle"));
        assert!(!packed_quantity(b"1.5L bottle", 5, "tote"));
    }

    #[test]
    fn class_numbers_are_the_classes_in_order() {
        let by_filter = |set: ClassSet| -> Vec<u8> {
            (1..=45)
                .filter(|&n| {
                    set & (1 << n) != 0
                        || (n == 9 && set & (1 << ACCESSORIES_BIT) != 0)
                        || (n == 14 && set & (1 << WATCHES_BIT) != 0)
                })
                .collect()
        };
        let sets = [
            0,
            1,
            u64::MAX,
            1 << ACCESSORIES_BIT,
            class_bit(9),
            class_bit(1) | class_bit(25) | class_bit(45),
            (1 << 8) | (1 << ACCESSORIES_BIT) | (1 << 63),
            1 << WATCHES_BIT,
            (1 << 14) | (1 << WATCHES_BIT),
        ];
        for set in sets {
            assert_eq!(class_numbers(set), by_filter(set), "{set:#x}");
        }
    }

    #[test]
    fn the_automata_stay_small_and_mixed_text_keeps_text_order() {
        let g = Goods::shipped();
        let bytes: usize = [&g.automaton, &g.other_automaton]
            .into_iter()
            .flatten()
            .map(AhoCorasick::memory_usage)
            .sum();
        // One DFA over every form took about 10 MB (a stride of 256 on every state), a DFA
        // over the Latin forms ignoring case 11 MB; over lower-case forms it takes 5.6 MB,
        // and the NFA of the others 0.1 MB. The lexicon's growth since (industrial goods,
        // solar modules, soups …) took it to 7.0 MB.
        assert!(bytes < 7_500_000, "{bytes} bytes");
        // Latin and Chinese words found by the two automata come back in text order.
        let c = g.classify("运动鞋 running shoes 女包 sneakers");
        let starts: Vec<usize> = c.spans.iter().map(|s| s.0).collect();
        assert!(starts.windows(2).all(|w| w[0] < w[1]), "{starts:?}");
        assert_eq!(c.spans.len(), 4, "{:?}", c.spans);
        assert_eq!(class_numbers(c.classes), [18, 25]);
        // Case does not matter, in ASCII text and in mixed text, and spans keep offsets.
        for (upper, lower) in [
            ("MEN'S RUNNING SHOES", "men's running shoes"),
            ("运动鞋 Running SHOES", "运动鞋 running shoes"),
        ] {
            let (u, l) = (g.classify(upper), g.classify(lower));
            assert_eq!((u.classes, &u.spans), (l.classes, &l.spans), "{upper}");
            assert!(!u.spans.is_empty(), "{upper}");
        }
    }

    #[test]
    fn classifies_english_and_chinese_goods() {
        let g = Goods::shipped();
        let c = g.classify("Men's Running Shoes breathable mesh sneakers");
        assert_eq!(class_numbers(c.classes), [25]);
        assert_eq!(g.words_text(&c.words), "running shoes, sneaker");
        assert_eq!(
            class_numbers(g.classify("正品运动鞋 女包").classes),
            [18, 25]
        );
        assert_eq!(
            class_numbers(g.classify("Silicone spatula kitchen").classes),
            [21]
        );
        // Whole words only: `car` is not in `card`, `bag` not in `cabbage`.
        assert_eq!(g.classify("cabbage card").classes, 0);
        assert_eq!(class_numbers(g.classify("two BAGS").classes), [18]);
        assert_eq!(class_numbers(g.classify("luggage rack").classes), [12]);
        // A phrase reaching past the one before it is read too, and the word it takes in
        // is not read alone: `herbal tea` + `tea bags`, no `bags` (18).
        assert_eq!(
            class_numbers(g.classify("Herbal Tea Bags 100g").classes),
            [30]
        );
        assert_eq!(
            class_numbers(g.classify("有机 Herbal Tea Bags 100g").classes),
            [30]
        );
        assert_eq!(g.class_name(25), "clothing, footwear, headwear");
        assert_eq!(
            g.describe(class_bit(25) | class_bit(28)),
            "25 clothing, footwear, headwear; 28 toys, games, sporting goods"
        );
    }

    #[test]
    fn marks_give_classes_and_know_ordinary_words() {
        let g = Goods::shipped();
        // Louis Vuitton's class-9 goods are accessories: a phone case, not a breaker.
        let lv = g.mark_classes("Louis Vuitton");
        assert_ne!(lv & g.classify("iPhone phone case").classes, 0);
        assert_eq!(lv & g.classify("circuit breaker switchgear").classes, 0);
        assert_ne!(class_bit(9) & g.classify("circuit breaker").classes, 0);
        assert_eq!(class_numbers(g.mark_classes("Rolex")), [14]);
        assert_eq!(class_numbers(g.mark_classes("apple")), [9]);
        assert!(g.is_brand_only_word("Nike"));
        assert!(!g.is_brand_only_word("Apple"));
        assert!(!g.is_brand_only_word("Acme"));
        // One entry serves every spelling with or without accents, in any case.
        for (listed, written) in [
            ("Hermès", "HERMES"),
            ("Lancôme", "lancome"),
            ("Nestlé", "Nestle"),
        ] {
            assert_ne!(g.mark_classes(listed), 0, "{listed}");
            assert_eq!(g.mark_classes(listed), g.mark_classes(written), "{written}");
        }
        assert!(g.is_brand_only_word("Lancome"));
    }
}
