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

/// Class 9 with its accessories part: the class the similar groups ([`Goods::nine_groups_of`])
/// divide.
pub const NINE: ClassSet = (1 << 9) | (1 << ACCESSORIES_BIT);

/// The bits of the parts of classes (they count as their classes).
const PART_BITS: ClassSet = (1 << ACCESSORIES_BIT) | (1 << WATCHES_BIT);

const LEXICON: &str = include_str!("../../seeds/goods/lexicon.toml");
const MARKS: &str = include_str!("../../seeds/goods/marks.toml");
/// Chinese names of well-known brands, with their Latin names (`家乐氏` Kellogg's).
const MARKS_ZH: &str = include_str!("../../seeds/goods/marks_zh.tsv");

#[derive(Deserialize, Default)]
struct RawLexicon {
    class: Vec<RawClass>,
    #[serde(default)]
    not_goods: Vec<RawNotGoods>,
    #[serde(default)]
    packaging: RawPackaging,
    #[serde(default)]
    dose: Option<RawDose>,
    #[serde(default)]
    group: Vec<RawGroup>,
}

/// A `[[group]]` table: one similar group of class 9 (CNIPA's 类似群 `0901`–`0924`) and
/// the class-9 words of the lexicon in it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    class: u8,
    code: String,
    name: String,
    /// Groups of one family are near one another.
    #[serde(default)]
    family: Option<String>,
    words: Vec<String>,
}

/// A `[[not_goods]]` table: goods words of the lexicon, and the words around them that
/// say they name no goods there.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawNotGoods {
    words: Vec<String>,
    /// Words that, right before the goods word, make it something else.
    #[serde(default)]
    after: Vec<String>,
    /// Words that, right after it, do the same.
    #[serde(default)]
    before: Vec<String>,
    /// Longer words that hold it written in them and mean something else.
    #[serde(default)]
    inside: Vec<String>,
}

/// The `[packaging]` table: containers that also name goods, and the units of a
/// quantity before them.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawPackaging {
    #[serde(default)]
    words: Vec<String>,
    #[serde(default)]
    units: Vec<String>,
}

/// The `[dose]` table: goods words read as medicine (`class`) in a title that gives a
/// dose in one of `units`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawDose {
    words: Vec<String>,
    class: u8,
    units: Vec<String>,
}

/// A [`Goods::rule_flags`] bit: the word has a `[[not_goods]]` rule.
const HAS_NOT_GOODS: u8 = 1;
/// A [`Goods::rule_flags`] bit: the word is a container of `[packaging]` (or its plural).
const CONTAINER: u8 = 2;
/// A [`Goods::rule_flags`] bit: the word is a word of `[dose]`.
const DOSED: u8 = 4;

/// Where a goods word names no goods ([`RawNotGoods`], lower case).
#[derive(Debug, Clone, Default)]
struct NotGoods {
    after: Vec<Vec<u8>>,
    before: Vec<Vec<u8>>,
    inside: Vec<String>,
}

impl NotGoods {
    /// Whether the goods word `word`, written at `start..end` of `bytes`, stands in one
    /// of these contexts.
    fn holds(&self, bytes: &[u8], start: usize, end: usize, word: &str) -> bool {
        (!self.after.is_empty() && self.after.contains(&prev_word(bytes, start)))
            || (!self.before.is_empty() && self.before.contains(&next_word(bytes, end)))
            || self
                .inside
                .iter()
                .any(|other| written_inside(bytes, start, word, other))
    }
}

/// The goods words read as medicine where a title gives a dose ([`RawDose`]).
#[derive(Debug, Clone, Default)]
struct Dose {
    words: Vec<u32>,
    classes: ClassSet,
    units: Vec<Vec<u8>>,
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

/// A class in the marks file: a number, `"9a"` for the accessories part of class 9,
/// `"14w"` for the watches part of class 14, or a similar group of class 9 (`"0901"`):
/// where within class 9 the brand's own goods are.
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

    /// The similar group of class 9 this entry names (bit *n* is group `09nn`), or 0.
    fn nine_group(&self) -> u32 {
        match self {
            MarkClass::Part(p) => nine_group_number(p).map_or(0, |n| 1 << n),
            MarkClass::Number(_) => 0,
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

/// The number of a similar group of class 9 within the class (`"0910"` is 10), if
/// `code` is one (`0901`–`0931`).
fn nine_group_number(code: &str) -> Option<u32> {
    let n: u32 = code.strip_prefix("09")?.parse().ok()?;
    (code.len() == 4 && (1..32).contains(&n)).then_some(n)
}

/// The most characters a Chinese name of `marks_zh.tsv` has.
const MARK_ZH_CHARS: usize = 6;

/// Parses `marks_zh.tsv`: `CHINESE<TAB>LATIN` a line; `#` comments and blank lines skipped.
fn parse_marks_zh(src: &str) -> HashMap<String, String> {
    src.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|l| l.split_once('\t'))
        .map(|(zh, latin)| (zh.trim().to_string(), latin.trim().to_string()))
        .filter(|(zh, _)| {
            let n = zh.chars().count();
            (3..=MARK_ZH_CHARS).contains(&n) && zh.chars().all(super::normalize::is_cjk)
        })
        .collect()
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
    /// Lowercased mark name → the similar groups of class 9 its goods are in (marks that
    /// give them).
    mark_groups: HashMap<String, u32>,
    /// Chinese name of a well-known brand → its Latin name (`seeds/goods/marks_zh.tsv`).
    marks_zh: HashMap<String, String>,
    /// Lowercased marks that are also ordinary words.
    ordinary: HashSet<String>,
    /// Every word of the marks of several words, lowercased (`land`, `rover`).
    mark_words: HashSet<String>,
    /// Per lexicon word (index): where it names no goods (the lexicon's `[[not_goods]]`).
    not_goods: HashMap<u32, NotGoods>,
    /// Per lexicon word (index): which of the context rules may apply to it
    /// ([`HAS_NOT_GOODS`], [`CONTAINER`], [`DOSED`]), so the others are not tried.
    rule_flags: Vec<u8>,
    /// Containers that also name goods, lower case (the lexicon's `[packaging]`).
    packaging: Vec<String>,
    /// Units of a measured quantity before a container word.
    quantity_units: Vec<String>,
    /// Goods words that name medicine beside a dose (the lexicon's `[dose]`).
    dose: Dose,
    /// Per lexicon word (index): its similar groups of class 9 (bit *n* is group
    /// `09nn`), 0 where the lexicon places it in none (the lexicon's `[[group]]`).
    nine_groups: Vec<u32>,
    /// Group headings, index = the group's number within class 9 (`0901` is 1).
    group_names: Vec<String>,
    /// Per group number: the groups near it (itself and its family).
    near_groups: Vec<u32>,
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
        let lexicon: RawLexicon = toml::from_str(LEXICON).unwrap_or_default();
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
        let ids = |list: &[String]| -> Vec<u32> {
            list.iter()
                .filter_map(|w| word_ids.get(&w.to_lowercase()).copied())
                .collect()
        };
        let lower_bytes = |list: &[String]| -> Vec<Vec<u8>> {
            list.iter().map(|w| w.to_lowercase().into_bytes()).collect()
        };
        let mut not_goods: HashMap<u32, NotGoods> = HashMap::default();
        for rule in &lexicon.not_goods {
            for id in ids(&rule.words) {
                let e = not_goods.entry(id).or_default();
                e.after.extend(lower_bytes(&rule.after));
                e.before.extend(lower_bytes(&rule.before));
                e.inside
                    .extend(rule.inside.iter().map(|w| w.to_lowercase()));
            }
        }
        let dose = lexicon.dose.as_ref().map_or_else(Dose::default, |d| Dose {
            words: ids(&d.words),
            classes: class_bit(d.class),
            units: lower_bytes(&d.units),
        });
        let lower =
            |list: &[String]| -> Vec<String> { list.iter().map(|w| w.to_lowercase()).collect() };
        let packaging = lower(&lexicon.packaging.words);
        let quantity_units = lower(&lexicon.packaging.units);
        let rule_flags = word_texts
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let id = i as u32;
                let container = |w: &str| packaging.iter().any(|p| p == w);
                let singular = [w.strip_suffix("es"), w.strip_suffix('s')];
                let mut flags = 0;
                if not_goods.contains_key(&id) {
                    flags |= HAS_NOT_GOODS;
                }
                if container(w) || singular.into_iter().flatten().any(container) {
                    flags |= CONTAINER;
                }
                if dose.words.contains(&id) {
                    flags |= DOSED;
                }
                flags
            })
            .collect();
        let mut nine_groups = vec![0u32; word_texts.len()];
        let mut group_names = vec![String::new(); 32];
        let mut near_groups: Vec<u32> = (0..32).map(|n| 1 << n).collect();
        let numbered = || {
            lexicon
                .group
                .iter()
                .filter(|g| g.class == 9)
                .filter_map(|g| Some((nine_group_number(&g.code)?, g)))
        };
        for (n, g) in numbered() {
            group_names[n as usize].clone_from(&g.name);
            for id in ids(&g.words) {
                nine_groups[id as usize] |= 1 << n;
            }
            let family = numbered()
                .filter(|(_, o)| g.family.is_some() && o.family == g.family)
                .fold(0u32, |a, (m, _)| a | 1 << m);
            near_groups[n as usize] |= family;
        }
        let ordinary_words = marks.ordinary_words;
        let mark_groups: HashMap<String, u32> = marks
            .marks
            .iter()
            .map(|(k, v)| (k, v.iter().fold(0, |a, c| a | c.nine_group())))
            .filter(|&(_, g)| g != 0)
            .map(|(k, g)| (mark_key(k), g))
            .collect();
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
            mark_groups,
            marks_zh: parse_marks_zh(MARKS_ZH),
            ordinary: ordinary_words.into_iter().map(|w| mark_key(&w)).collect(),
            not_goods,
            rule_flags,
            packaging,
            quantity_units,
            dose,
            nine_groups,
            group_names,
            near_groups,
        }
    }

    /// The similar groups of class 9 of each goods word in `c` read as class-9 goods (bit
    /// *n* is group `09nn`; 0 for a word placed in no group).
    fn nine_groups_each<'a>(&'a self, c: &'a Classified) -> impl Iterator<Item = u32> + 'a {
        c.spans
            .iter()
            .zip(&c.span_classes)
            .filter(|&(_, &classes)| classes & NINE != 0)
            .map(|(&(_, _, w), _)| self.nine_groups.get(w as usize).copied().unwrap_or(0))
    }

    /// The similar groups of class 9 of the goods words in `c` read as class-9 goods:
    /// `None` where none is, or where one of them is in no group (then the goods are not
    /// known well enough to tell groups apart).
    pub fn nine_groups_of(&self, c: &Classified) -> Option<u32> {
        let groups = self
            .nine_groups_each(c)
            .try_fold(0, |a, g| (g != 0).then_some(a | g))?;
        (groups != 0).then_some(groups)
    }

    /// The similar groups of class 9 that the class-9 goods words of `c` are placed in,
    /// ignoring words placed in none (a brand's product lines: what they say of it).
    pub fn known_nine_groups(&self, c: &Classified) -> u32 {
        self.nine_groups_each(c).fold(0, |a, g| a | g)
    }

    /// Whether no group of `listing` is near a group of `own` (groups of class 9, bit *n*
    /// is `09nn`): not the same group, nor one of its family.
    pub fn nine_groups_apart(&self, listing: u32, own: u32) -> bool {
        (1..32).filter(|n| listing & (1 << n) != 0).all(|n| {
            self.near_groups
                .get(n as usize)
                .copied()
                .unwrap_or(u32::MAX)
                & own
                == 0
        })
    }

    /// Similar groups of class 9 for the reader: `0910 (measuring, testing and
    /// laboratory instruments)`, comma-separated.
    pub fn describe_nine_groups(&self, groups: u32) -> String {
        (1..32)
            .filter(|n| groups & (1 << n) != 0)
            .map(|n| {
                format!(
                    "09{n:02} ({})",
                    self.group_names.get(n as usize).map_or("", String::as_str)
                )
            })
            .collect::<Vec<_>>()
            .join(", ")
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
            // So is a Chinese word crossing the end of the Chinese word before it.
            if m.0 < reached && !(latin == latin_before && m.1 > reached) {
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
            // Chinese compounds end in their head too, and are written without spaces:
            // a word starting inside this one and ending past it is read as well, as it
            // may be what is sold (`三角钢琴`, a grand piano, holds `角钢`, angle steel,
            // then `钢琴`; `钢卷尺` holds `钢卷` then `卷尺`).
            if !latin && let Some(x) = self.crossing(ac, text, m.start(), m.end()) {
                f((x.0, x.1, first + x.2));
                at = x.1;
                continue;
            }
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

    /// The first match of `ac` that starts at a character inside `start..end` (a
    /// Chinese match) and ends past `end`: `(start, end, pattern)`. The search stops
    /// a longest pattern past `end`, so a long text without more words is not scanned
    /// to its end for each word.
    fn crossing(
        &self,
        ac: &AhoCorasick,
        text: &str,
        start: usize,
        end: usize,
    ) -> Option<(usize, usize, usize)> {
        let to = text.len().min(end + self.longest);
        let mut i = start;
        loop {
            i += text.get(i..)?.chars().next()?.len_utf8();
            if i >= end {
                return None;
            }
            let m = ac.find(aho_corasick::Input::new(text).range(i..to))?;
            if m.start() >= end {
                return None;
            }
            if m.end() > end {
                return Some((m.start(), m.end(), m.pattern().as_usize()));
            }
            i = m.start();
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
        let text = self.word_texts[word as usize].as_str();
        let flags = self.rule_flags.get(word as usize).copied().unwrap_or(0);
        if flags & HAS_NOT_GOODS != 0
            && self
                .not_goods
                .get(&word)
                .is_some_and(|rule| rule.holds(bytes, start, end, text))
        {
            return;
        }
        if latin
            && flags & CONTAINER != 0
            && (packed_quantity(bytes, start, text, &self.packaging, &self.quantity_units)
                || counted_packs(bytes, start, end, text, &self.packaging))
        {
            return;
        }
        // A tablet with a dose in the title (`Viagra 100mg 30 Tablets`) is a pill.
        let classes = if latin && flags & DOSED != 0 && dosed(bytes, &self.dose.units) {
            self.dose.classes
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

    /// The similar groups of class 9 a well-known mark's goods are in, by any of its
    /// names (0 where the marks file does not say).
    pub fn mark_nine_groups(&self, name: &str) -> u32 {
        self.mark_groups
            .get(mark_key(name).as_str())
            .copied()
            .unwrap_or(0)
    }

    /// Whether `word` (in any case, with or without accents) is a word of a well-known
    /// mark of several words.
    pub fn in_mark_of_words(&self, word: &str) -> bool {
        // (A short ASCII word is lower-cased on the stack: asked for every mention.)
        super::normalize::with_ascii_lower(word, |k| self.mark_words.contains(k))
            .unwrap_or_else(|| self.mark_words.contains(mark_key(word).as_str()))
    }

    /// Whether `name` is one of the well-known marks' names.
    pub fn is_mark(&self, name: &str) -> bool {
        self.marks.contains_key(mark_key(name).as_str())
    }

    /// The longest Chinese name of a well-known brand (`seeds/goods/marks_zh.tsv`) that
    /// holds the Chinese text at `s..e` of `text` and is longer than it (`家乐氏` around
    /// `家乐`): the name as written and its brand's Latin name.
    pub fn zh_mark_around<'t>(&self, text: &'t str, s: usize, e: usize) -> Option<(&'t str, &str)> {
        if self.marks_zh.is_empty() {
            return None;
        }
        // Up to five Chinese characters on each side.
        let starts: Vec<usize> = std::iter::once(s)
            .chain(
                text.get(..s)?
                    .char_indices()
                    .rev()
                    .take_while(|&(_, c)| super::normalize::is_cjk(c))
                    .take(5)
                    .map(|(i, _)| i),
            )
            .collect();
        let ends: Vec<usize> = std::iter::once(e)
            .chain(
                text.get(e..)?
                    .char_indices()
                    .take_while(|&(_, c)| super::normalize::is_cjk(c))
                    .take(5)
                    .map(|(i, c)| e + i + c.len_utf8()),
            )
            .collect();
        let mut best: Option<(&'t str, &str)> = None;
        for &from in &starts {
            for &to in &ends {
                if (from, to) == (s, e) {
                    continue;
                }
                let Some(w) = text.get(from..to) else {
                    continue;
                };
                let n = w.chars().count();
                if !(3..=MARK_ZH_CHARS).contains(&n)
                    || best.is_some_and(|(b, _)| b.chars().count() >= n)
                {
                    continue;
                }
                if let Some(latin) = self.marks_zh.get(w) {
                    best = Some((w, latin.as_str()));
                }
            }
        }
        best
    }

    /// The maker's name that ends `before` (the text right before a model code): the
    /// longest Chinese name of a well-known brand the text ends with (`德力西` in
    /// `数字万用表 德力西`, Delixi), or its last one to three Latin words where they are a
    /// well-known mark (`UNI-T`, `Black & Decker`) — a mark that is also an ordinary word
    /// (`Fluke`, `Shark`) only written with a capital and making goods of `listing`'s
    /// classes. The name as written and the mark's classes (0 where unknown).
    pub fn maker_at_end<'t>(
        &self,
        before: &'t str,
        listing: ClassSet,
    ) -> Option<(&'t str, ClassSet)> {
        let before = before.trim_end_matches([' ', '-', '/', '\u{3000}']);
        let cjk_start = before
            .char_indices()
            .rev()
            .take_while(|&(_, c)| super::normalize::is_cjk(c))
            .last()
            .map(|(i, _)| i);
        if let Some(start) = cjk_start {
            // Longest first: `美的集团` before `美的`.
            let run = &before[start..];
            return run
                .char_indices()
                .map(|(i, _)| &run[i..])
                .filter(|w| (2..=MARK_ZH_CHARS).contains(&w.chars().count()))
                .find_map(|w| {
                    let latin = self.marks_zh.get(w).map(String::as_str);
                    let classes = latin.map_or(0, |l| self.mark_classes(l));
                    (latin.is_some() || self.is_mark(w))
                        .then(|| (w, classes | self.mark_classes(w)))
                });
        }
        let words: Vec<(usize, &str)> = before
            .split_whitespace()
            .rev()
            .take(3)
            .map(|w| (w.as_ptr() as usize - before.as_ptr() as usize, w))
            .collect();
        // Longest first, each phrase ending at the text's end.
        for k in (1..=words.len()).rev() {
            let from = words[k - 1].0;
            let phrase = before[from..].trim_start_matches(|c: char| !c.is_alphanumeric());
            if phrase.is_empty()
                || phrase.chars().any(super::normalize::is_cjk)
                || !phrase.chars().any(|c| c.is_alphabetic())
                || !self.is_mark(phrase)
            {
                continue;
            }
            let classes = self.mark_classes(phrase);
            let ordinary = self.ordinary.contains(mark_key(phrase).as_str());
            if !ordinary
                || (phrase.chars().next().is_some_and(char::is_uppercase) && classes & listing != 0)
            {
                return Some((phrase, classes));
            }
        }
        None
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
    // (ASCII has no accents to drop: most names, looked up for every mention.)
    if name.is_ascii() {
        return name.trim().to_ascii_lowercase();
    }
    name.trim()
        .nfkd()
        .filter(|&c| !is_combining_mark(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The word that ends before byte `start` of `bytes` (spaces skipped), lower-cased
/// ASCII letters and digits (an apostrophe kept: `customer's`).
fn prev_word(bytes: &[u8], start: usize) -> Vec<u8> {
    bytes[..start]
        .trim_ascii_end()
        .rsplit(|b| !b.is_ascii_alphanumeric() && *b != b'\'')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
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

/// Whether the goods word `word`, written at byte `start` of `bytes`, is a part of
/// `other` written there (`书` in `证书`, a certificate).
fn written_inside(bytes: &[u8], start: usize, word: &str, other: &str) -> bool {
    other.match_indices(word).any(|(at, _)| {
        start
            .checked_sub(at)
            .and_then(|s| bytes.get(s..s + other.len()))
            .is_some_and(|written| written.eq_ignore_ascii_case(other.as_bytes()))
    })
}

/// Whether the container word `word` (one of `packaging`) at byte `start` of `bytes`
/// follows a measured quantity (a number and one of `units`: `60kg Bag`, `1.5L
/// bottle`) or a rate (`pcs/box`, `per carton`), so it is how the goods are packed.
fn packed_quantity(
    bytes: &[u8],
    start: usize,
    word: &str,
    packaging: &[String],
    units: &[String],
) -> bool {
    if !packaging.iter().any(|p| p == word) {
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
        || !units
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

/// Whether `bytes` (a title) gives a dose: a number right before one of `units` (lower
/// case: `100mg`, `500 mg`, `1000IU`), the unit a word of its own.
fn dosed(bytes: &[u8], units: &[Vec<u8>]) -> bool {
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
        if units.iter().any(|u| {
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
/// count joined to another number (`2x3 bags`, `1/2 boxes`). `packaging`: the container
/// words.
fn counted_packs(bytes: &[u8], start: usize, end: usize, word: &str, packaging: &[String]) -> bool {
    let container = |w: &str| packaging.iter().any(|p| p == w);
    let singular = word
        .strip_suffix("es")
        .filter(|w| container(w))
        .or_else(|| word.strip_suffix('s'))
        .unwrap_or(word);
    if !container(singular) || bytes[..end].last().is_none_or(|b| *b | 0x20 != b's') {
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
            counted_packs(
                t.as_bytes(),
                start,
                start + w.len(),
                &w.to_lowercase(),
                &Goods::shipped().packaging,
            )
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
    fn a_label_offered_as_a_service_is_no_label_sold() {
        let g = Goods::shipped();
        let label = |t: &str| {
            g.classify(t)
                .words
                .iter()
                .any(|&w| g.word(w).starts_with("label"))
        };
        for offered in [
            "Setting Powder Private Label OEM",
            "Solar Panel 450W your label or Jinko label available",
            "Jinko Label Available 550W",
            "Customized Label Printing Service",
        ] {
            assert!(!label(offered), "{offered}");
        }
        for sold in ["Thermal Label Printer Roll", "Blank Labels 100x150mm"] {
            assert!(label(sold), "{sold}");
        }
    }

    #[test]
    fn context_rules_name_lexicon_words() {
        // A word of `[[not_goods]]` or `[dose]` that is not a lexicon word would be
        // dropped without a word: every one is a word of some class.
        let lexicon: RawLexicon = toml::from_str(LEXICON).expect("lexicon parses");
        let words: HashSet<String> = lexicon
            .class
            .iter()
            .flat_map(|c| c.words.iter().map(|w| w.to_lowercase()))
            .collect();
        let listed = lexicon
            .not_goods
            .iter()
            .flat_map(|r| &r.words)
            .chain(lexicon.dose.iter().flat_map(|d| &d.words));
        let mut n = 0;
        for w in listed {
            assert!(words.contains(&w.to_lowercase()), "{w} is no lexicon word");
            n += 1;
        }
        assert!(n >= 4, "{n} words");
        assert!(lexicon.packaging.words.len() >= 10);
        assert!(lexicon.packaging.units.contains(&"kg".to_string()));
    }

    #[test]
    fn similar_groups_place_class_nine_words_once_and_know_their_families() {
        // Every word of a `[[group]]` is a class-9 word of the lexicon, in one group only:
        // a word misspelt there would be left in no group without a word.
        let lexicon: RawLexicon = toml::from_str(LEXICON).expect("lexicon parses");
        let nine: HashSet<String> = lexicon
            .class
            .iter()
            .filter(|c| c.number == 9)
            .flat_map(|c| c.words.iter().map(|w| w.to_lowercase()))
            .collect();
        let mut seen = HashSet::default();
        for g in &lexicon.group {
            assert_eq!(g.class, 9, "group {}", g.code);
            assert!(nine_group_number(&g.code).is_some(), "code {}", g.code);
            for w in &g.words {
                assert!(nine.contains(&w.to_lowercase()), "{w} is no class-9 word");
                assert!(seen.insert(w.to_lowercase()), "{w} is in two groups");
            }
        }
        assert!(
            seen.len() * 10 >= nine.len() * 9,
            "{} of {}",
            seen.len(),
            nine.len()
        );
        let g = Goods::shipped();
        let groups = |text: &str| g.nine_groups_of(&g.classify(text));
        assert_eq!(groups("smart thermostat wifi"), Some(1 << 10));
        assert_eq!(groups("4 bay NAS with network switch"), Some(1 << 1));
        // A word in no group leaves the goods' groups unknown.
        assert_eq!(groups("thermostat adapter"), None);
        assert_eq!(groups("cotton t-shirt"), None);
        // Computers and telephones are one family; a thermostat is of neither; batteries
        // and chargers are a group of their own.
        assert!(!g.nine_groups_apart(1 << 7, 1 << 1));
        assert!(!g.nine_groups_apart((1 << 10) | (1 << 7), 1 << 1));
        assert!(g.nine_groups_apart(1 << 10, 1 << 1));
        assert!(g.nine_groups_apart(1 << 22, 1 << 1));
        assert!(
            g.describe_nine_groups(1 << 10)
                .starts_with("0910 (measuring")
        );
    }

    #[test]
    fn a_fruit_before_wei_is_a_flavour_not_fruit() {
        let g = Goods::shipped();
        assert_eq!(class_numbers(g.classify("新鲜 芒果 5斤").classes), [31]);
        assert_eq!(g.classify("芒果味 软糖").classes & (1 << 31), 0);
    }

    #[test]
    fn blank_discs_are_recorded_media() {
        // Optical discs (Nice class 9: `compact discs`, `DVDs`, `blank optical discs`),
        // sold by the spindle in a `cake box` (class 16 on its own).
        let g = Goods::shipped();
        let classes = |t: &str| class_numbers(g.classify(t).classes);
        assert_eq!(
            classes("Verbatim DVD-R 4.7GB 16X Blank Media 100pcs Cake Box"),
            vec![9, 16]
        );
        assert_eq!(classes("威宝 光盘 DVD-R刻录盘 50片"), vec![9]);
        assert_eq!(classes("CD-R 700MB 52X 10 pack"), vec![9]);
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
        let units = &g.dose.units;
        assert!(dosed(b"500 mg", units));
        assert!(!dosed(b"5mgx", units));
        assert!(!dosed(b"100 mAh", units));
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
        // Every entry is a class, a part of one or a group of class 9 the lexicon has, and
        // a mark placed in groups of class 9 has class 9.
        let groups: u32 = lexicon
            .group
            .iter()
            .filter(|g| g.class == 9)
            .filter_map(|g| nine_group_number(&g.code))
            .fold(0, |a, n| a | 1 << n);
        for (mark, classes) in &marks.marks {
            for c in classes {
                assert!(
                    c.bits() != 0 || c.nine_group() & groups != 0,
                    "{mark}: an entry that is neither a class nor a known group of class 9"
                );
            }
            let has_groups = classes.iter().any(|c| c.nine_group() != 0);
            let nine = classes.iter().fold(0, |a, c| a | c.bits()) & NINE;
            assert!(
                !has_groups || nine != 0,
                "{mark}: groups of class 9 without it"
            );
        }
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
        let (p, u) = (&g.packaging, &g.quantity_units);
        assert!(packed_quantity(b"1.5L bottle", 5, "bottle", p, u));
        assert!(!packed_quantity(b"1.5L bottle", 5, "tote", p, u));
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
    fn every_line_of_the_chinese_brand_names_is_read() {
        // A line the parser would drop (no TAB, a name too short or too long, Latin
        // letters in it) is a mistake in the file, not a name to skip quietly.
        let lines: Vec<&str> = MARKS_ZH
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .collect();
        let parsed = parse_marks_zh(MARKS_ZH);
        assert!(parsed.len() > 1_500, "{} names", parsed.len());
        assert_eq!(parsed.len(), lines.len(), "a line is malformed or repeated");
        assert!(parsed.values().all(|latin| !latin.is_empty()));
        assert_eq!(
            parse_marks_zh("家乐氏\tKellogg's\n家乐\tToo short\nNo tab here\n")
                .into_keys()
                .collect::<Vec<_>>(),
            ["家乐氏"]
        );
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
        // solar modules, soups …) took it to 7.0 MB, and some 9,000 more words of the Nice
        // and CNIPA lists (the thirty-eighth session) to 19.8 MB, 2,640 more (classes 1–22,
        // the forty-first session) to 23.4 MB: the DFA still, for speed.
        assert!(bytes < 25_000_000, "{bytes} bytes");
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
    fn a_chinese_word_crossing_the_end_of_another_is_read_too() {
        let g = Goods::shipped();
        // `三角钢琴` (a grand piano) holds `角钢` (angle steel), then `钢琴` (piano)
        // across its end; `钢卷尺` (a steel tape measure) holds `钢卷` (steel coil), then
        // `卷尺` (tape measure).
        let c = g.classify("施坦威 三角钢琴 演奏级");
        assert_eq!(class_numbers(c.classes), [6, 15]);
        assert_eq!(g.words_text(&c.words), "角钢, 钢琴");
        assert_eq!(class_numbers(g.classify("钢卷尺 5米").classes), [6, 9]);
        // The same in a title that mixes scripts.
        assert_eq!(
            class_numbers(g.classify("Steinway 三角钢琴 Model D").classes),
            [6, 15]
        );
        // A word inside another, ending with it or before it, is not read.
        assert_eq!(class_numbers(g.classify("角钢 批发").classes), [6]);
    }

    #[test]
    fn goods_names_of_the_nice_list_that_titles_use() {
        let g = Goods::shipped();
        // Floor wax (3) on wooden floors, a hair straightening iron (8), a caliper (9),
        // an engine's oil filter (7), poultry meat and processed seeds (29), kiwi fruit and
        // live poultry (31).
        for (title, class) in [
            ("木地板蜡 500ml", 3),
            ("Hair Straightening Iron Ceramic", 8),
            ("Dial Caliper 150mm", 9),
            ("游标卡尺 0-150mm", 9),
            ("机油滤清器 批发", 7),
            ("冷冻 鹅肉 整只", 29),
            ("Roasted Sunflower Seeds 260g", 29),
            ("新西兰 奇异果 22个", 31),
            ("活禽 批发", 31),
        ] {
            assert!(
                class_numbers(g.classify(title).classes).contains(&class),
                "{title}: {:?}",
                class_numbers(g.classify(title).classes)
            );
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
        // Whole words only: `car` is not in `card`, `bag` not in `cabbage` (a vegetable,
        // class 31, itself).
        assert_eq!(class_numbers(g.classify("cabbage card").classes), [31]);
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
