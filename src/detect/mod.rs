//! Detection: brand registry + listing text → findings with reasons and risk.
//!
//! Pure and synchronous: a [`Detector`] is built once from a [`Registry`] and then judges
//! listings without I/O. It does not decide what to crawl or how outputs look; it only says
//! which brand a listing names, how the name matched, whether the seller is authorised,
//! and how risky the listing is, with the signals that raised the risk.
//!
//! The pipeline for one listing: every text field is folded (`normalize`) and scanned
//! once by the compiled `matcher` (names, aliases, product lines, void contexts,
//! counterfeit indicators and compatibility phrases in one automaton, plus leetspeak and
//! misspelling lookups); void matches are dropped; then each brand named in the title or
//! description becomes one [`Finding`] whose category follows a fixed order:
//! authorised seller → `authorised`; only named as what the product fits →
//! `compatibility_mention`; indicator terms or a price far below the reference →
//! `counterfeit_indicators`; otherwise `unauthorised_brand_use`.
//!
//! Context comes first: a listing's goods are classified into Nice classes (`goods`) and
//! a *weak* name — an ordinary word, an acronym of three letters or fewer, part of
//! ordinary Chinese compounds (`words`), or a misspelling that is itself a word — counts
//! only with corroboration: goods in the brand's classes, a product line, a model number
//! (`models` expressions), counterfeit indicators, or the brand's Chinese and Latin names
//! together. Without it the finding is `unrelated_goods` and never flagged.

mod chinese;
mod context;
mod fuzzy;
pub mod goods;
mod matcher;
mod normalize;
mod parts;
mod phonetic;
mod price;
mod registry;
mod senses;
pub mod terms;
mod words;

use std::fmt;
use std::sync::Arc;

use regex::{Regex, RegexSet};

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use goods::{ClassSet, Classified, Goods, class_list, class_numbers};
use matcher::{Evasion, Matcher, PatKind, PatternSpec, Role};
use normalize::{Class, Folded, Sep, fold, fold_into};
pub use registry::{Brand, Money, PricedLine, Pricing, ProductLine, Registry, Terms};
use words::Words;

/// The text of one listing that detection reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Subject<'a> {
    /// Listing title (the main input).
    pub title: &'a str,
    /// Further listing text (description, attributes).
    pub description: Option<&'a str>,
    /// Seller or store name as shown.
    pub seller_name: Option<&'a str>,
    /// Seller or store URL.
    pub seller_url: Option<&'a str>,
    /// Price text as shown (`US$ 12.50`, `¥18.00-20.00`).
    pub price: Option<&'a str>,
    /// The platform's seller id, when known (matched against `authorised_seller_ids`).
    pub seller_id: Option<&'a str>,
    /// The listing's category or breadcrumb text, when the page shows one (read for its
    /// goods only).
    pub category: Option<&'a str>,
}

/// How a brand name was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The brand's name, as written (case-insensitive).
    Exact,
    /// One of the brand's aliases or product lines.
    Alias,
    /// Look-alike characters from other scripts or fullwidth forms.
    Homoglyph,
    /// Separators or zero-width characters inside the name (`L.V.`, `Lou-is Vuit ton`).
    Spacing,
    /// Digits or symbols for letters (`N1ke`, `$amsung`).
    Leetspeak,
    /// A misspelling: repeated, dropped or changed letters, or a sound-alike spelling.
    Typo,
    /// Letters hidden behind `*`, `_`, `•`, `?` or `#` (`G*cci`).
    Masked,
    /// A model number of the brand (its `models` expressions), without its name.
    Model,
}

/// What kind of problem a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Brand plus counterfeit-indicator terms, or a price far below the reference.
    CounterfeitIndicators,
    /// Brand used by a seller not authorised for it.
    UnauthorisedBrandUse,
    /// Brand named only as what the product fits (low risk, not flagged by default).
    CompatibilityMention,
    /// Brand sold by an authorised seller (never flagged).
    Authorised,
    /// A weak name (ordinary word, short acronym, part of a Chinese compound) without
    /// corroboration, typically on goods the brand does not make (never flagged).
    UnrelatedGoods,
}

impl MatchKind {
    /// The kind's name as serialised (`leetspeak`).
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKind::Exact => "exact",
            MatchKind::Alias => "alias",
            MatchKind::Homoglyph => "homoglyph",
            MatchKind::Spacing => "spacing",
            MatchKind::Leetspeak => "leetspeak",
            MatchKind::Typo => "typo",
            MatchKind::Masked => "masked",
            MatchKind::Model => "model",
        }
    }
}

impl Category {
    /// The category's name as serialised (`counterfeit_indicators`).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::CounterfeitIndicators => "counterfeit_indicators",
            Category::UnauthorisedBrandUse => "unauthorised_brand_use",
            Category::CompatibilityMention => "compatibility_mention",
            Category::Authorised => "authorised",
            Category::UnrelatedGoods => "unrelated_goods",
        }
    }
}

impl fmt::Display for MatchKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Category {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One brand matched in one listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The registry's canonical brand name.
    pub brand: String,
    /// The listing text that matched, as written in the listing.
    pub matched_text: String,
    /// How it matched.
    pub match_kind: MatchKind,
    /// What kind of problem it is.
    pub category: Category,
    /// Risk score 0–100.
    pub risk: u8,
    /// Why: the signals that raised (or lowered) the risk, in words.
    pub signals: Vec<String>,
    /// Whether this finding belongs in the audit.
    pub flagged: bool,
    /// The registry name, alias or product line the match stands for.
    pub matched_name: String,
    /// Which field the match was in: `title` or `description`.
    pub field: &'static str,
    /// Nice classes of the listing's goods (from title, description and category).
    #[serde(skip)]
    pub listing_classes: Vec<u8>,
    /// The goods words they were read from.
    #[serde(skip)]
    pub goods_words: Vec<String>,
    /// Nice classes of the brand (from the registry, or inferred).
    #[serde(skip)]
    pub brand_classes: Vec<u8>,
}

impl Finding {
    /// `high` (≥ 70), `medium` (≥ 40) or `low`.
    pub fn risk_level(&self) -> &'static str {
        match self.risk {
            70.. => "high",
            40.. => "medium",
            _ => "low",
        }
    }
}

/// Choices about what gets flagged.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DetectorOptions {
    /// Flag `compatibility_mention` findings too (default: reported, not flagged).
    pub flag_compatibility: bool,
}

/// Classes learned for one brand from a directory's listings ([`Detector::learn`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LearnedClasses {
    /// The registry's canonical brand name.
    pub brand: String,
    /// Listings read that name the brand by a strong name and have goods the lexicon
    /// knows.
    pub listings: usize,
    /// The classes added to those inferred (empty: the listings agreed on none, or only
    /// on classes already inferred).
    pub added: Vec<u8>,
}

/// Counts, per brand whose registry entry gives no classes, the goods classes of the
/// listings that name it by a strong name as the registry spells it (its name, an alias
/// or a product line that is no ordinary word, short acronym or Chinese compound), the
/// listings of parts and accessories that fit it left out (`compatibility_mention`). Such
/// a name on a directory is mostly on the brand's own goods, whoever sells them: counted
/// over a sweep, the goods say what the brand makes where the registry does not (issue
/// 11's inference, learned from the directory rather than from the shipped marks file
/// alone).
#[derive(Debug, Clone)]
pub struct ClassLearner {
    open: Vec<bool>,
    listings: Vec<usize>,
    per_class: Vec<[usize; 46]>,
}

impl ClassLearner {
    /// Reads one listing.
    pub fn read(&mut self, detector: &Detector, subject: &Subject<'_>) {
        for f in detector.assess(subject) {
            let Some(i) = detector.brand_index(&f.brand) else {
                continue;
            };
            if !self.open.get(i).copied().unwrap_or(false)
                || !matches!(f.match_kind, MatchKind::Exact | MatchKind::Alias)
                || f.category == Category::CompatibilityMention
                || f.listing_classes.is_empty()
                || detector
                    .weak_reasons
                    .contains_key(&(i as u32, f.matched_name.clone()))
            {
                continue;
            }
            self.listings[i] += 1;
            for &c in &f.listing_classes {
                self.per_class[i][usize::from(c).min(45)] += 1;
            }
        }
    }
}

/// A class is learned when at least this many listings are in it…
const LEARN_MIN_LISTINGS: usize = 2;
/// …and at least one in this many of the brand's listings read.
const LEARN_SHARE: usize = 3;

/// Default fraction of the reference price below which a price is a counterfeit signal.
pub const DEFAULT_FAR_BELOW_RATIO: f64 = 0.3;
/// Mentions of one brand in a field whose logo readings [`Detector::judge`] keeps.
const LOGO_KEPT: usize = 8;
/// Descriptions longer than this are cut (at a char boundary) before matching.
const MAX_DESCRIPTION_BYTES: usize = 16 * 1024;
/// Words that may sit between a compatibility phrase and the brand (`for the new Apple`).
const COMPAT_FILLERS: &[&[u8]] = &[
    b"the",
    b"all",
    b"new",
    b"most",
    b"your",
    b"any",
    b"original",
    b"genuine",
    b"oem",
    b"and",
    b"or",
    b"with",
    // A range of models (`fits DILM7 to DILM38`).
    b"to",
    // Model-name words (`Note 13`, `14 Pro Max`) and the devices accessories fit
    // (`手机`, `手表`, `手环`: each Chinese character is a token).
    b"note",
    b"pro",
    b"max",
    b"plus",
    b"ultra",
    b"mini",
    b"lite",
    b"se",
    b"front",
    b"rear",
    "手".as_bytes(),
    "机".as_bytes(),
    "表".as_bytes(),
    "环".as_bytes(),
    "前".as_bytes(),
];

/// How the detector reads one brand of the registry ([`Detector::readings`]).
#[derive(Debug, Clone, PartialEq)]
pub struct BrandReading {
    pub brand: String,
    /// The classes listings are judged by: the registry's, or inferred.
    pub classes: Vec<u8>,
    /// Whether `classes` were inferred (the registry gives none).
    pub inferred: bool,
    /// The core of those classes, which a weak name written as spelt needs.
    pub core: Vec<u8>,
    /// The name, the aliases and the product lines, in registry order.
    pub names: Vec<NameReading>,
}

/// How the detector reads one name of a brand.
#[derive(Debug, Clone, PartialEq)]
pub struct NameReading {
    /// `name`, `alias` or `product line`.
    pub role: &'static str,
    pub text: String,
    /// Why the name counts only with corroboration, where it does.
    pub weak: Option<&'static str>,
    /// Why the name needs corroboration on goods of other classes (a dictionary word
    /// known as a mark), where it does.
    pub soft: Option<&'static str>,
    /// A few ordinary Chinese compounds that contain it.
    pub compounds: Vec<&'static str>,
}

/// A compiled matcher over a registry. Cheap to share behind an `Arc`; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Detector {
    registry: Registry,
    matcher: Matcher,
    options: DetectorOptions,
    far_below: f64,
    goods: Arc<Goods>,
    /// Ordinary senses of names that are everyday words.
    senses: Arc<senses::Senses>,
    /// The shipped word lists.
    words: Arc<Words>,
    /// Per brand: its Nice classes and whether they were inferred.
    brand_classes: Vec<(ClassSet, bool)>,
    /// Per brand: its core classes as the shipped marks file and its product lines tell
    /// them, whatever the registry lists (0 when they tell nothing).
    core_classes: Vec<ClassSet>,
    /// Per brand: the similar groups of class 9 (bit *n* is `09nn`) that the class-9
    /// goods words of its aliases and product lines are in (0 when they name none).
    nine_groups: Vec<u32>,
    /// All brands' model expressions, and per expression its brand and own regex.
    models: Option<Models>,
    /// Weak Chinese names → the ordinary compounds that contain them (`小米` → `小米粥`).
    compounds: std::collections::HashMap<String, Vec<&'static str>>,
    /// Why each weak name (brand, name as in the registry) is weak.
    weak_reasons: std::collections::HashMap<(u32, String), &'static str>,
    /// Names that are dictionary words but also known as marks (`Hermes`, `Bosch`,
    /// `鳄鱼`, `索尼`): weak only on goods of other classes (see [`soft_reason`]).
    soft_reasons: std::collections::HashMap<(u32, String), &'static str>,
    /// Per display text of the matcher: its brand and the entries of `weak_reasons` and
    /// `soft_reasons` for it, so that judging looks them up without building a key.
    text_reasons: Vec<(u32, Option<&'static str>, Option<&'static str>)>,
    /// Per brand, its name and aliases as [`Detector::resembling_word`] compares them.
    resemble: Vec<Vec<Resemble>>,
}

/// A name or alias as [`Detector::resembling_word`] compares words with it.
#[derive(Debug, Clone)]
enum Resemble {
    /// A Chinese name of three characters or more: its characters.
    Chinese(String, Vec<char>),
    /// A Latin name: how many words it has, and its letters in lower case.
    Latin(String, usize, Vec<u8>),
}

impl Resemble {
    /// Whether `self` and `other` compare words alike (same characters, or same words and
    /// letters), whatever their display texts.
    fn same_reading(&self, other: &Resemble) -> bool {
        match (self, other) {
            (Resemble::Chinese(_, a), Resemble::Chinese(_, b)) => a == b,
            (Resemble::Latin(_, p, a), Resemble::Latin(_, q, b)) => p == q && a == b,
            _ => false,
        }
    }

    fn of(name: &str) -> Option<Self> {
        let n = name.trim();
        if n.chars().all(normalize::is_cjk) {
            let han: Vec<char> = n.chars().collect();
            return (han.len() >= 3).then(|| Resemble::Chinese(n.to_string(), han));
        }
        let parts = n
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty())
            .count();
        let joined: Vec<u8> = n
            .bytes()
            .filter(u8::is_ascii_alphanumeric)
            .map(|c| c.to_ascii_lowercase())
            .collect();
        (parts > 0 && joined.iter().all(u8::is_ascii_alphabetic))
            .then(|| Resemble::Latin(n.to_string(), parts, joined))
    }
}

/// The compiled `models` expressions of all brands.
#[derive(Debug, Clone)]
struct Models {
    /// Every expression, for one pass over a text of ASCII.
    set: RegexSet,
    /// The expressions written in ASCII (ids into `each`), for one pass over the ASCII
    /// shadow of a text that is not ([`ascii_shadow`]), and the others, for one pass over
    /// the text itself.
    ascii: (RegexSet, Vec<usize>),
    other: (RegexSet, Vec<usize>),
    /// Per expression: its brand, its own regex (for positions) and its source.
    each: Vec<(u32, Regex, String)>,
    /// Per expression: whether it is broad ([`broad_expression`]).
    broad: Vec<bool>,
    /// Per brand: its name and aliases as [`parts::PartCodes::foreign`] compares owners.
    names: Vec<Vec<String>>,
}

/// Codes of the shapes product codes take (`A1234`, `XG-2870A`, `K123456-100`), made
/// from a fixed seed: what share of them a registry's model expression matches tells how
/// broad it is.
fn sample_codes() -> &'static [String] {
    static CODES: std::sync::OnceLock<Vec<String>> = std::sync::OnceLock::new();
    CODES.get_or_init(|| {
        let mut state = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = |n: usize| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % n as u64) as usize
        };
        const LETTERS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        let mut codes = Vec::with_capacity(SAMPLE_CODES);
        for _ in 0..SAMPLE_CODES {
            let mut c = String::new();
            let letters = [0, 1, 1, 2, 2, 2, 3, 3, 4][next(9)];
            for _ in 0..letters {
                c.push(LETTERS[next(26)] as char);
            }
            if letters > 0 && next(10) < 3 {
                c.push('-');
            }
            for _ in 0..[1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 6][next(11)] {
                c.push((b'0' + next(10) as u8) as char);
            }
            if next(10) < 3 {
                for _ in 0..1 + next(2) {
                    c.push(LETTERS[next(26)] as char);
                }
            }
            if next(100) < 15 {
                c.push('-');
                for _ in 0..1 + next(3) {
                    c.push((b'0' + next(10) as u8) as char);
                }
            }
            codes.push(c);
        }
        codes
    })
}

/// How many sample codes [`sample_codes`] makes.
const SAMPLE_CODES: usize = 4_000;

/// Whether a model expression is broad: it matches one sample code in 1,000 or more
/// (`[A-Z]{3}\d{2}`, `[0-9]{5}`, `[ABCEF]\d{4}`, `[A-Z]{2}\d{2}-\d{2}`), so a code it matches
/// may be any maker's; a narrow one (`IW\d{6}`, `K\d{6}-\d{3}`) seldom matches by chance.
fn broad_expression(re: &Regex) -> bool {
    let hits = sample_codes().iter().filter(|c| re.is_match(c)).count();
    hits * 1_000 >= SAMPLE_CODES
}

/// One brand hit after voids and overlaps are resolved.
#[derive(Debug, Clone, Copy)]
struct Mention {
    brand: u32,
    role: Role,
    start: usize,
    end: usize,
    evasion: Evasion,
    /// Index of the matcher's display text, or of the model expression for `Role::Model`.
    text: u32,
    weak: bool,
}

/// A listing with every field scanned.
struct Scanned<'s, 'a> {
    subject: &'s Subject<'a>,
    title: FieldScan,
    description: Option<FieldScan>,
    description_text: &'a str,
    /// Brands the seller's name names.
    seller: Vec<u32>,
    /// Brands the store address names.
    store: Vec<u32>,
    host: Option<String>,
    /// The goods of title, description and category; `goods.spans` holds the title's
    /// spans, then the description's.
    goods: Classified,
    /// How many of `goods.spans` are the title's.
    title_spans: usize,
}

/// Everything found in one field.
#[derive(Debug)]
struct FieldScan {
    folded: Folded,
    mentions: Vec<Mention>,
    indicators: Vec<(u32, usize, usize)>,
    compat: Vec<(usize, usize, u32)>,
    suffixes: Vec<(usize, usize, u32)>,
    /// The first word saying the goods carry no brand (`generic`) that no exclusion
    /// overlaps (`generic packaging`): its text index.
    unbranded: Option<u32>,
    /// Model-number hits: (brand, model expression, skeleton start, end).
    models: Vec<(u32, u32, usize, usize)>,
}

impl Drop for FieldScan {
    fn drop(&mut self) {
        scratch::give_folded(std::mem::take(&mut self.folded));
        scratch::give_mentions(std::mem::take(&mut self.mentions));
    }
}

mod scratch {
    //! Per-thread buffers reused from one listing to the next, so judging a listing does
    //! not allocate its working memory afresh. Nothing in them outlives a call to `assess`;
    //! the detector itself stays immutable and shareable. At most a few buffers per thread
    //! are kept.

    use std::cell::RefCell;

    use super::Mention;
    use super::goods::Classified;
    use super::matcher::Hit;
    use super::normalize::Folded;

    const KEEP: usize = 8;
    /// Buffers grown by long descriptions are dropped rather than kept.
    const MAX_KEPT_CHARS: usize = 4096;

    /// Seller names and store addresses whose brands are kept.
    const NAMED: usize = 4;
    /// …when no longer than this.
    const MAX_NAMED_BYTES: usize = 256;

    /// Brands named by a seller's name or store address: (matcher id, text, brands).
    type Named = (u64, Box<str>, Vec<u32>);

    thread_local! {
        static FOLDED: RefCell<Vec<Folded>> = const { RefCell::new(Vec::new()) };
        static MENTIONS: RefCell<Vec<Vec<Mention>>> = const { RefCell::new(Vec::new()) };
        static CLASSIFIED: RefCell<Vec<Classified>> = const { RefCell::new(Vec::new()) };
        static HITS: RefCell<Vec<Vec<Hit>>> = const { RefCell::new(Vec::new()) };
        static NAMED_TEXTS: RefCell<(Vec<Named>, usize)> = const { RefCell::new((Vec::new(), 0)) };
    }

    /// The brands `text` names for the matcher `id`, computed by `scan` when not kept.
    pub(super) fn named(id: u64, text: &str, scan: impl FnOnce() -> Vec<u32>) -> Vec<u32> {
        let kept = NAMED_TEXTS
            .try_with(|n| {
                n.borrow()
                    .0
                    .iter()
                    .find(|(i, t, _)| *i == id && **t == *text)
                    .map(|(_, _, b)| b.clone())
            })
            .ok()
            .flatten();
        if let Some(brands) = kept {
            return brands;
        }
        let brands = scan();
        if text.len() <= MAX_NAMED_BYTES {
            let _ = NAMED_TEXTS.try_with(|n| {
                let (list, next) = &mut *n.borrow_mut();
                let entry = (id, text.into(), brands.clone());
                if list.len() < NAMED {
                    list.push(entry);
                } else {
                    list[*next % NAMED] = entry;
                    *next = (*next + 1) % NAMED;
                }
            });
        }
        brands
    }

    pub(super) fn take_folded() -> Folded {
        FOLDED
            .try_with(|p| p.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub(super) fn give_folded(f: Folded) {
        if f.pos.capacity() > MAX_KEPT_CHARS {
            return;
        }
        let _ = FOLDED.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < KEEP {
                p.push(f);
            }
        });
    }

    /// An empty list of mentions.
    pub(super) fn take_mentions() -> Vec<Mention> {
        MENTIONS
            .try_with(|p| p.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub(super) fn give_mentions(mut m: Vec<Mention>) {
        if m.capacity() > MAX_KEPT_CHARS {
            return;
        }
        m.clear();
        let _ = MENTIONS.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < KEEP {
                p.push(m);
            }
        });
    }

    /// An empty classification (no classes, words or spans).
    pub(super) fn take_classified() -> Classified {
        CLASSIFIED
            .try_with(|p| p.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub(super) fn give_classified(mut c: Classified) {
        c.classes = 0;
        c.words.clear();
        c.spans.clear();
        c.span_classes.clear();
        let _ = CLASSIFIED.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < KEEP {
                p.push(c);
            }
        });
    }

    pub(super) fn take_hits() -> Vec<Hit> {
        HITS.try_with(|p| p.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub(super) fn give_hits(mut h: Vec<Hit>) {
        h.clear();
        let _ = HITS.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < KEEP {
                p.push(h);
            }
        });
    }
}

impl Detector {
    /// Compiles the matcher with default options.
    pub fn new(registry: Registry) -> Self {
        Self::with_options(registry, DetectorOptions::default())
    }

    /// Compiles the matcher.
    pub fn with_options(registry: Registry, options: DetectorOptions) -> Self {
        let terms = terms::effective(&registry.terms);
        let goods = Arc::new(Goods::shipped());
        let words = Arc::new(Words::shipped());
        let senses = Arc::new(senses::Senses::shipped());
        let mut specs = Vec::new();
        let mut brand_classes = Vec::with_capacity(registry.brands.len());
        let mut core_classes = Vec::with_capacity(registry.brands.len());
        let mut nine_groups = Vec::with_capacity(registry.brands.len());
        let mut model_sources = Vec::new();
        let mut model_regexes = Vec::new();
        let mut compounds = std::collections::HashMap::new();
        let mut weak_reasons = std::collections::HashMap::new();
        let mut soft_reasons = std::collections::HashMap::new();
        for (i, b) in registry.brands.iter().enumerate() {
            let brand = i as u32;
            brand_classes.push(infer_classes(b, &goods));
            core_classes.push(core_classes_of(b, &goods));
            nine_groups.push(nine_groups_of(b, &goods));
            for m in &b.models {
                let src = format!("(?i)\\b(?:{m})\\b");
                if let Ok(re) = Regex::new(&src) {
                    model_sources.push(src);
                    model_regexes.push((brand, re, m.clone()));
                }
            }
            let cjk_names: std::collections::HashSet<String> = std::iter::once(&b.name)
                .chain(&b.aliases)
                .filter(|n| n.chars().any(normalize::is_cjk))
                .map(|n| n.trim().to_string())
                .collect();
            for n in &cjk_names {
                let found: Vec<&'static str> = words.zh_compounds(n, &cjk_names).collect();
                if !found.is_empty() {
                    compounds.insert(n.clone(), found);
                }
            }
            let classes_known = brand_classes[i].0 != 0;
            let mut push = |text: &str, kind: PatKind| {
                let line = matches!(
                    kind,
                    PatKind::Brand {
                        role: Role::ProductLine,
                        ..
                    }
                );
                let reason = matches!(kind, PatKind::Brand { .. })
                    .then(|| {
                        let of = NameOf {
                            line,
                            classes_known,
                        };
                        weak_reason(b, text, &goods, &words, &senses, &cjk_names, of)
                    })
                    .flatten();
                if let Some(r) = reason {
                    weak_reasons.insert((brand, text.to_string()), r);
                } else if let Some(r) = matches!(kind, PatKind::Brand { .. })
                    .then(|| soft_reason(b, text, &words))
                    .flatten()
                {
                    soft_reasons.insert((brand, text.to_string()), r);
                }
                let weak = reason.is_some();
                specs.push(PatternSpec {
                    text: text.to_string(),
                    kind,
                    weak,
                })
            };
            push(
                &b.name,
                PatKind::Brand {
                    brand,
                    role: Role::Name,
                },
            );
            for a in &b.aliases {
                push(
                    a,
                    PatKind::Brand {
                        brand,
                        role: Role::Alias,
                    },
                );
            }
            for p in &b.product_lines {
                push(
                    p.name(),
                    PatKind::Brand {
                        brand,
                        role: Role::ProductLine,
                    },
                );
            }
            for v in &b.void_contexts {
                push(v, PatKind::VoidContext { brand });
            }
            for v in &b.void_terms {
                push(v, PatKind::VoidTerm { brand });
            }
        }
        // The term lists, each with the kind its patterns get (the term's index in its
        // list where the kind carries one).
        type TermKind = fn(u32) -> PatKind;
        let term_lists: [(&[String], TermKind); 6] = [
            (&terms.counterfeit_indicators, |term| PatKind::Indicator {
                term,
            }),
            (&terms.indicator_exclusions, |_| PatKind::IndicatorExclusion),
            (&terms.compatibility_phrases, |term| PatKind::Compat {
                term,
            }),
            (&terms.compatibility_suffixes, |term| {
                PatKind::CompatSuffix { term }
            }),
            (&terms.unbranded_phrases, |term| PatKind::Unbranded { term }),
            (&terms.unbranded_exclusions, |_| PatKind::UnbrandedExclusion),
        ];
        for (list, kind) in term_lists {
            for (j, t) in list.iter().enumerate() {
                specs.push(PatternSpec {
                    text: t.clone(),
                    kind: kind(j as u32),
                    weak: false,
                });
            }
        }
        let typo: Vec<bool> = registry.brands.iter().map(|b| b.typo_tolerance).collect();
        let matcher = Matcher::new(specs, &terms.typo_exclusions, &typo, words.clone());
        let resemble = registry
            .brands
            .iter()
            .map(|b| {
                let mut list: Vec<Resemble> = Vec::new();
                for r in std::iter::once(&b.name)
                    .chain(&b.aliases)
                    .filter_map(|n| Resemble::of(n))
                {
                    // A name read as an earlier one is (`NIKE` after `Nike`) finds only
                    // what the earlier one found first.
                    if !list.iter().any(|k| k.same_reading(&r)) {
                        list.push(r);
                    }
                }
                list
            })
            .collect();
        let text_reasons = (0..matcher.text_count())
            .map(|i| {
                let i = i as u32;
                let Some(brand) = matcher.text_brand(i) else {
                    return (u32::MAX, None, None);
                };
                let key = (brand, matcher.text(i).to_string());
                (
                    brand,
                    weak_reasons.get(&key).copied(),
                    soft_reasons.get(&key).copied(),
                )
            })
            .collect();
        let models = (!model_sources.is_empty())
            .then(|| {
                let part = |ascii: bool| {
                    let ids: Vec<usize> = model_regexes
                        .iter()
                        .enumerate()
                        .filter(|(_, (_, _, m))| m.is_ascii() == ascii)
                        .map(|(i, _)| i)
                        .collect();
                    RegexSet::new(ids.iter().map(|&i| &model_sources[i]))
                        .ok()
                        .map(|set| (set, ids))
                };
                let (ascii, other) = (part(true)?, part(false)?);
                RegexSet::new(&model_sources).ok().map(|set| Models {
                    set,
                    ascii,
                    other,
                    broad: model_regexes
                        .iter()
                        .map(|(_, re, _)| broad_expression(re))
                        .collect(),
                    each: model_regexes,
                    names: registry
                        .brands
                        .iter()
                        .map(|b| {
                            std::iter::once(&b.name)
                                .chain(&b.aliases)
                                .map(|n| parts::name_key(n))
                                .filter(|n| !n.is_empty())
                                .collect()
                        })
                        .collect(),
                })
            })
            .flatten();
        let far_below = registry
            .pricing
            .far_below_ratio
            .unwrap_or(DEFAULT_FAR_BELOW_RATIO);
        Detector {
            registry,
            matcher,
            options,
            far_below,
            goods,
            senses,
            words: words.clone(),
            brand_classes,
            core_classes,
            nine_groups,
            models,
            compounds,
            weak_reasons,
            soft_reasons,
            text_reasons,
            resemble,
        }
    }

    /// The registry this detector was built from.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The options this detector was built with.
    pub fn options(&self) -> DetectorOptions {
        self.options
    }

    fn scan_field(&self, text: &str) -> FieldScan {
        let mut scan = FieldScan {
            folded: scratch::take_folded(),
            mentions: scratch::take_mentions(),
            indicators: Vec::new(),
            compat: Vec::new(),
            suffixes: Vec::new(),
            unbranded: None,
            models: Vec::new(),
        };
        fold_into(text, &mut scan.folded);
        self.scan_models(text, &mut scan);
        let mut hits = scratch::take_hits();
        self.matcher.scan(&scan.folded, &mut hits);
        if hits.is_empty() {
            scratch::give_hits(hits);
            self.add_model_mentions(&mut scan);
            return scan;
        }
        let mut mentions = scratch::take_mentions();
        for h in &hits {
            let PatKind::Brand { brand, role } = h.kind else {
                continue;
            };
            let void = hits.iter().any(|v| match v.kind {
                PatKind::VoidContext { brand: b } => {
                    b == brand && v.start < h.end && h.start < v.end
                }
                PatKind::VoidTerm { brand: b } => b == brand,
                _ => false,
            });
            if !void {
                mentions.push(Mention {
                    brand,
                    role,
                    start: h.start,
                    end: h.end,
                    evasion: h.evasion,
                    text: h.text,
                    weak: h.weak,
                });
            }
        }
        // A hit strictly inside a longer hit (of any brand) is part of that name; of two
        // hits of one brand on overlapping text, keep the plainer, then the longer.
        mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let kept = &mut scan.mentions;
        for &m in &mentions {
            let shadowed = kept.iter().any(|k| {
                let inside =
                    k.start <= m.start && m.end <= k.end && (k.end - k.start) > (m.end - m.start);
                let overlap_same = k.brand == m.brand && k.start < m.end && m.start < k.end;
                inside || overlap_same
            });
            if let Some(pos) = kept.iter().position(|k| {
                k.brand == m.brand
                    && k.start == m.start
                    && k.end == m.end
                    && (k.evasion.any() || k.evasion.apart)
                    && !m.evasion.any()
                    && !m.evasion.apart
            }) {
                kept[pos] = m;
                continue;
            }
            if !shadowed {
                kept.push(m);
            }
        }
        scratch::give_mentions(mentions);
        self.add_model_mentions(&mut scan);
        let exclusions: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| h.kind == PatKind::IndicatorExclusion)
            .map(|h| (h.start, h.end))
            .collect();
        scan.unbranded = hits
            .iter()
            .filter(|h| matches!(h.kind, PatKind::Unbranded { .. }))
            .find(|h| {
                !hits.iter().any(|x| {
                    x.kind == PatKind::UnbrandedExclusion && x.start < h.end && h.start < x.end
                })
            })
            .map(|h| h.text);
        for h in &hits {
            match h.kind {
                PatKind::Indicator { .. }
                    if !exclusions.iter().any(|&(s, e)| s < h.end && h.start < e)
                        && !scan.indicators.iter().any(|&(t, _, _)| t == h.text) =>
                {
                    scan.indicators.push((h.text, h.start, h.end));
                }
                PatKind::Compat { .. } => scan.compat.push((h.start, h.end, h.text)),
                PatKind::CompatSuffix { .. } => scan.suffixes.push((h.start, h.end, h.text)),
                _ => {}
            }
        }
        scratch::give_hits(hits);
        // Indicators nested in a longer indicator (`aaa` in `grade aaa`) are one term.
        let all = scan.indicators.clone();
        scan.indicators.retain(|&(_, s, e)| {
            !all.iter()
                .any(|&(_, s2, e2)| s2 <= s && e <= e2 && (e2 - s2) > (e - s))
        });
        scan
    }

    /// The brands `text` (a seller's name or store address) names, in the order of its
    /// mentions. Sellers list many items: the answers for the last few texts are kept per
    /// thread ([`scratch::named`]), and are what scanning the text gives.
    fn brands_named(&self, text: &str) -> Vec<u32> {
        scratch::named(self.matcher.id(), text, || {
            let scan = self.scan_field(text);
            let mut brands: Vec<u32> = Vec::new();
            for m in &scan.mentions {
                if !brands.contains(&m.brand) {
                    brands.push(m.brand);
                }
            }
            brands
        })
    }

    /// Model-number hits in `text`, in skeleton coordinates.
    fn scan_models(&self, text: &str, scan: &mut FieldScan) {
        let Some(Models {
            set,
            ascii,
            other,
            each: regexes,
            names,
            ..
        }) = &self.models
        else {
            return;
        };
        let f = &scan.folded;
        // Full-width forms are read as the ASCII they stand for (`Ｗ２０２０Ｘ`), as the
        // names are; match offsets are mapped back to the text as written.
        let narrowed = narrow(text);
        let (hay, back) = match &narrowed {
            Some((hay, back)) => (hay.as_str(), Some(back)),
            None => (text, None),
        };
        // Text outside ASCII (a Chinese title) is read by the expressions written in ASCII
        // in its ASCII shadow: the regex engine's fast automata stop at the first byte
        // outside ASCII where an expression has `\b`, and the slow one cost a Chinese
        // title some 240,000 instructions. The shadow reads Chinese characters as
        // separators, as a reader does (`力帆LF150发动机` has `LF150`). Expressions with
        // characters outside ASCII in them (`雪王`) read the text itself.
        let shadow = (!hay.is_ascii()).then(|| ascii_shadow(text));
        let set_parts = (ascii, other);
        let mut passes: Vec<(usize, bool)> = match (&shadow, set_parts) {
            (Some((sh, _)), ((ascii, ascii_ids), (other, other_ids))) => ascii
                .matches(sh)
                .iter()
                .map(|k| (ascii_ids[k], true))
                .chain(other.matches(hay).iter().map(|k| (other_ids[k], false)))
                .collect(),
            (None, _) => set.matches(hay).iter().map(|i| (i, false)).collect(),
        };
        passes.sort_unstable();
        for (i, in_shadow) in passes {
            let Some((brand, re, _)) = regexes.get(i) else {
                continue;
            };
            let (hay, back) = match &shadow {
                Some((sh, sback)) if in_shadow => (sh.as_str(), Some(sback)),
                _ => (hay, back),
            };
            let original =
                |at: usize| back.map_or(at, |b| b.get(at).map_or(text.len(), |&o| o as usize));
            for m in re.find_iter(hay).take(4) {
                let (ms, me) = (original(m.start()), original(m.end()));
                let s = f.pos.iter().position(|p| p.orig_start as usize >= ms);
                let e = f.pos.iter().rposition(|p| p.orig_end as usize <= me);
                // A number followed by a unit that counts goods (`501 pcs`) is a
                // quantity, not a model.
                if quantity(text, ms, me).is_some() {
                    continue;
                }
                // A code many makers sell under, or another maker's (`LM358`, `ACS712`
                // for ABB's `ACS ?[0-9]{3}`), is that code, not the brand's model.
                let own = names.get(*brand as usize).map_or(&[][..], Vec::as_slice);
                if parts::PartCodes::shipped()
                    .foreign(whole_code(hay, m.start(), m.end()), own)
                    .is_some()
                {
                    continue;
                }
                if let (Some(s), Some(e)) = (s, e)
                    && s <= e
                {
                    scan.models.push((*brand, i as u32, s, e + 1));
                }
            }
        }
    }

    /// A model number of a brand not named in the field stands for the brand.
    fn add_model_mentions(&self, scan: &mut FieldScan) {
        for &(brand, model, start, end) in &scan.models {
            if !scan.mentions.iter().any(|m| m.brand == brand) {
                scan.mentions.push(Mention {
                    brand,
                    role: Role::Model,
                    start,
                    end,
                    evasion: Evasion::default(),
                    text: model,
                    weak: false,
                });
            }
        }
    }

    /// The registry name, alias, product line or model expression a mention stands for.
    fn mention_name(&self, m: &Mention) -> &str {
        if m.role == Role::Model {
            return self
                .models
                .as_ref()
                .and_then(|ms| ms.each.get(m.text as usize))
                .map_or("", |(_, _, src)| src.as_str());
        }
        self.matcher.text(m.text)
    }

    /// Whether the part of the mention at `span` that the word at `word` leaves out (it
    /// overlaps one end) is itself a strong name of brand `b`: `Honma` of the alias
    /// `Honma Golf` before the goods term `golf driver`.
    fn names_outside(
        &self,
        b: u32,
        text: &str,
        span: (usize, usize),
        word: (usize, usize),
    ) -> bool {
        let (s, e) = span;
        let (ws, we) = word;
        let rest = if ws > s && we >= e {
            text.get(s..ws)
        } else if ws <= s && we < e {
            text.get(we..e)
        } else {
            None
        };
        let Some(rest) = rest.map(|r| r.trim_matches(|c: char| !c.is_alphanumeric())) else {
            return false;
        };
        if rest.is_empty() {
            return false;
        }
        let Some(brand) = self.registry.brands.get(b as usize) else {
            return false;
        };
        std::iter::once(&brand.name).chain(&brand.aliases).any(|n| {
            n.trim().to_lowercase() == rest.to_lowercase()
                && !self.weak_reasons.contains_key(&(b, n.clone()))
        })
    }

    /// Why a mention of brand `b` is a weak name, if it is (`weak_reasons` of the name it
    /// stands for).
    fn weak_reason_of(&self, b: u32, m: &Mention) -> Option<&'static str> {
        match self.text_reasons.get(m.text as usize) {
            Some(&(brand, weak, _)) if m.role != Role::Model && brand == b => weak,
            _ => self
                .weak_reasons
                .get(&(b, self.mention_name(m).to_string()))
                .copied(),
        }
    }

    /// Why a mention of brand `b` is a dictionary word known as a mark, if it is
    /// (`soft_reasons` of the name it stands for).
    fn soft_reason_of(&self, b: u32, m: &Mention) -> Option<&'static str> {
        match self.text_reasons.get(m.text as usize) {
            Some(&(brand, _, soft)) if m.role != Role::Model && brand == b => soft,
            _ => self
                .soft_reasons
                .get(&(b, self.mention_name(m).to_string()))
                .copied(),
        }
    }

    /// The registry position of the brand a finding names.
    fn brand_index(&self, name: &str) -> Option<usize> {
        self.registry.brands.iter().position(|b| b.name == name)
    }

    /// A learner of the classes of the brands whose registry entry gives none (no
    /// `classes`, no `goods`) from a directory's listings ([`ClassLearner`]); `None` when
    /// every brand has its classes from the registry.
    pub fn class_learner(&self) -> Option<ClassLearner> {
        let open: Vec<bool> = self
            .brand_classes
            .iter()
            .map(|&(_, inferred)| inferred)
            .collect();
        open.contains(&true).then(|| ClassLearner {
            listings: vec![0; open.len()],
            per_class: vec![[0; 46]; open.len()],
            open,
        })
    }

    /// Adds the classes `learner` learned to those inferred for each brand it read
    /// listings of; returns what it added, per brand.
    pub fn learn(&mut self, learner: &ClassLearner) -> Vec<LearnedClasses> {
        let mut out = Vec::new();
        for (i, &open) in learner.open.iter().enumerate() {
            let n = learner.listings[i];
            if !open || n == 0 || i >= self.brand_classes.len() {
                continue;
            }
            let mut set: ClassSet = 0;
            for c in 1..=45u8 {
                let k = learner.per_class[i][usize::from(c)];
                if k >= LEARN_MIN_LISTINGS && k * LEARN_SHARE >= n {
                    set |= goods::class_bit(c);
                }
            }
            let (before, _) = self.brand_classes[i];
            let after = before | context::narrow_fashion_nine(set);
            self.brand_classes[i] = (after, true);
            out.push(LearnedClasses {
                brand: self.registry.brands[i].name.clone(),
                listings: n,
                added: class_numbers(after & !before),
            });
        }
        out
    }

    /// [`Detector::class_learner`], every listing of `subjects` read, then
    /// [`Detector::learn`].
    pub fn learn_classes<'a>(
        &mut self,
        subjects: impl IntoIterator<Item = Subject<'a>>,
    ) -> Vec<LearnedClasses> {
        let Some(mut learner) = self.class_learner() else {
            return Vec::new();
        };
        for s in subjects {
            learner.read(self, &s);
        }
        self.learn(&learner)
    }

    /// How the detector reads each brand of the registry: its classes (given or
    /// inferred), its core goods, and for every name, alias and product line whether it
    /// is weak, a dictionary word known as a mark, or strong (`greysweep check --names`).
    pub fn readings(&self) -> Vec<BrandReading> {
        self.registry
            .brands
            .iter()
            .enumerate()
            .map(|(i, brand)| {
                let b = i as u32;
                let (classes, inferred) = self.brand_classes.get(i).copied().unwrap_or((0, false));
                let reading = |role: &'static str, text: &str| NameReading {
                    role,
                    text: text.to_string(),
                    weak: self.weak_reasons.get(&(b, text.to_string())).copied(),
                    soft: self.soft_reasons.get(&(b, text.to_string())).copied(),
                    compounds: self
                        .compounds
                        .get(text.trim())
                        .map(|c| c.iter().take(3).copied().collect())
                        .unwrap_or_default(),
                };
                let names = std::iter::once(reading("name", &brand.name))
                    .chain(brand.aliases.iter().map(|a| reading("alias", a)))
                    .chain(
                        brand
                            .product_lines
                            .iter()
                            .map(|p| reading("product line", p.name())),
                    )
                    .collect();
                BrandReading {
                    brand: brand.name.clone(),
                    classes: class_numbers(classes),
                    inferred,
                    core: class_numbers(self.core_of(b, classes)),
                    names,
                }
            })
            .collect()
    }

    /// Every brand the listing names, one finding per brand.
    ///
    /// Title, description and category written in traditional Chinese characters
    /// (`華為 手錶`) are read in simplified form, as the registry's names, the goods
    /// lexicon and the word lists are written; each finding's `matched_text` is what the
    /// listing wrote, and a signal says the text was so read.
    pub fn assess(&self, subject: &Subject<'_>) -> Vec<Finding> {
        let Some(read) = Simplified::of(subject) else {
            return self.assess_as_written(subject);
        };
        let mut findings = self.assess_as_written(&read.subject(subject));
        for f in &mut findings {
            read.restore(subject, f);
        }
        findings
    }

    /// [`Detector::assess`] of text as it stands.
    fn assess_as_written(&self, subject: &Subject<'_>) -> Vec<Finding> {
        let title = self.scan_field(subject.title);
        let description_text = subject.description.map(|d| cut(d, MAX_DESCRIPTION_BYTES));
        let description = description_text.map(|d| self.scan_field(d));
        if title.mentions.is_empty() && description.as_ref().is_none_or(|d| d.mentions.is_empty()) {
            return Vec::new();
        }
        let host = subject.seller_url.and_then(url_host);
        // The goods of title, description and category; the spans are the title's, then
        // the description's (each in its own text's offsets).
        let mut goods = scratch::take_classified();
        self.goods.classify_into(subject.title, &mut goods);
        let title_spans = goods.spans.len();
        if let Some(d) = description_text {
            self.goods.classify_into(d, &mut goods);
        }
        let field_spans = goods.spans.len();
        if let Some(c) = subject.category {
            self.goods.classify_into(c, &mut goods);
        }
        goods.spans.truncate(field_spans);
        goods.span_classes.truncate(field_spans);
        let listing = Scanned {
            goods,
            title_spans,
            subject,
            store: host
                .as_deref()
                .map(|h| self.brands_named(h))
                .unwrap_or_default(),
            host,
            seller: subject
                .seller_name
                .map(|s| self.brands_named(s))
                .unwrap_or_default(),
            title,
            description,
            description_text: description_text.unwrap_or(""),
        };
        // One finding per brand, in the order of the brands' first mentions.
        let mentions = || {
            listing
                .title
                .mentions
                .iter()
                .chain(listing.description.iter().flat_map(|d| d.mentions.iter()))
        };
        let mut findings = Vec::new();
        for (i, m) in mentions().enumerate() {
            if mentions().take(i).any(|earlier| earlier.brand == m.brand) {
                continue;
            }
            if let Some(f) = self.judge(m.brand, &listing) {
                findings.push(f);
            }
        }
        scratch::give_classified(listing.goods);
        findings
    }

    /// For `explain`: the brands the listing's title or description names or resembles
    /// that have no finding in `findings`, one line each: what matched, how, and what the
    /// rules that set such a match aside read (a weak name, the listing's goods against
    /// the brand's classes). Without it a dropped misspelling (`Verbatum` on goods the
    /// lexicon does not know) reads as if no brand were named at all.
    pub fn set_aside(&self, subject: &Subject<'_>, findings: &[Finding]) -> Vec<String> {
        match Simplified::of(subject) {
            Some(read) => self.set_aside_as_written(&read.subject(subject), findings),
            None => self.set_aside_as_written(subject, findings),
        }
    }

    /// [`Detector::set_aside`] of text as it stands.
    fn set_aside_as_written(&self, subject: &Subject<'_>, findings: &[Finding]) -> Vec<String> {
        let description = subject.description.map(|d| cut(d, MAX_DESCRIPTION_BYTES));
        let scans = std::iter::once((self.scan_field(subject.title), subject.title, "title"))
            .chain(description.map(|d| (self.scan_field(d), d, "description")))
            .collect::<Vec<_>>();
        if scans.iter().all(|(scan, _, _)| scan.mentions.is_empty()) {
            return Vec::new();
        }
        let mut goods = goods::Classified::default();
        for text in std::iter::once(subject.title)
            .chain(description)
            .chain(subject.category)
        {
            self.goods.classify_into(text, &mut goods);
        }
        let listing_goods = if goods.classes == 0 {
            "no goods the lexicon knows".to_string()
        } else {
            format!(
                "goods in class {} ({})",
                class_list(goods.classes),
                self.goods.words_text(&goods.words)
            )
        };
        let mut seen: Vec<u32> = Vec::new();
        let mut lines = Vec::new();
        for (scan, text, field) in &scans {
            for m in &scan.mentions {
                if seen.contains(&m.brand) {
                    continue;
                }
                seen.push(m.brand);
                let Some(brand) = self.registry.brands.get(m.brand as usize) else {
                    continue;
                };
                if findings.iter().any(|f| f.brand == brand.name) {
                    continue;
                }
                let written = if m.evasion.masked {
                    scan.folded.original_masked(text, m.start, m.end)
                } else {
                    scan.folded.original(text, m.start, m.end)
                };
                let name = self.mention_name(m);
                let kind = kind_of(m, written, name);
                // A name written as the registry spells it names the brand; a disguised
                // or misspelt one resembles it.
                let verb = if matches!(kind, MatchKind::Exact | MatchKind::Alias) {
                    "names"
                } else {
                    "resembles"
                };
                let mut line = format!(
                    "{written:?} in the {field} ({}, for {name:?}) {verb} {}",
                    kind.as_str(),
                    brand.name
                );
                if let Some(why) = self.weak_reason_of(m.brand, m) {
                    line.push_str(&format!(
                        "; {name:?} is a weak name ({why}) and needs corroboration"
                    ));
                }
                let classes = self.brand_classes.get(m.brand as usize).map_or(0, |c| c.0);
                line.push_str(&format!(
                    "; the listing has {listing_goods}, {}'s classes are {}",
                    brand.name,
                    if classes == 0 {
                        "unknown".to_string()
                    } else {
                        class_list(classes)
                    }
                ));
                line.push_str(if m.evasion.word_edit {
                    // (The goods alone never make such a word the brand's.)
                    "; set aside by the context rules: an ordinary word one letter from the name is the word unless a product line, a model number, a counterfeit indicator or the brand's other name stands with it; the goods alone do not make it the brand"
                } else {
                    "; set aside by the context rules: nothing else here says it is the brand (a misspelling or a weak name needs the brand's goods, a product line, a model number or a counterfeit indicator; it may also be another mark, or a word of the goods' own name)"
                });
                lines.push(line);
            }
        }
        lines
    }

    /// The finding for brand `b` in a scanned listing.
    fn judge(&self, b: u32, listing: &Scanned<'_, '_>) -> Option<Finding> {
        let Scanned {
            subject,
            title,
            description,
            description_text,
            seller,
            store,
            host,
            goods,
            title_spans,
        } = listing;
        let (description, host) = (description.as_ref(), host.as_deref());
        let brand = self.registry.brands.get(b as usize)?;
        let in_title: Vec<&Mention> = title.mentions.iter().filter(|m| m.brand == b).collect();
        let (field, scan, text, mentions) = if in_title.is_empty() {
            let d = description?;
            let ms: Vec<&Mention> = d.mentions.iter().filter(|m| m.brand == b).collect();
            ("description", d, *description_text, ms)
        } else {
            ("title", title, subject.title, in_title)
        };
        // An ordinary word one edit from a name is the weakest reading of all: the
        // finding names the brand by any other mention first (`Norelco`, not `Phillips`).
        let mentions = {
            let mut ms = mentions;
            ms.sort_by_key(|m| m.evasion.word_edit);
            ms
        };
        // Goods words that are the brand's own name inside a longer name of it are not
        // goods (`Tile` in `Tile Mate`).
        let own_word =
            self.without_own_name_goods(listing, scan, text, &mentions, field == "title");
        let (goods, title_spans): (&goods::Classified, usize) = match &own_word {
            Some((g, split)) => (g, *split),
            None => (goods, *title_spans),
        };
        // The goods words' places in the field read (offsets into `text`).
        let spans = if field == "title" {
            goods.spans.get(..title_spans)
        } else {
            goods.spans.get(title_spans..)
        }
        .unwrap_or_default();
        let primary = *mentions.first()?;
        let matched_text = if primary.evasion.masked {
            scan.folded
                .original_masked(text, primary.start, primary.end)
        } else {
            scan.folded.original(text, primary.start, primary.end)
        };
        let matched_name = self.mention_name(primary);
        let match_kind = kind_of(primary, matched_text, matched_name);

        // Evasions of every mention not written as the registry spells it.
        let mut evasion = Evasion::default();
        for (i, m) in mentions.iter().enumerate() {
            let kind = if i == 0 {
                match_kind
            } else {
                kind_of(
                    m,
                    scan.folded.original(text, m.start, m.end),
                    self.mention_name(m),
                )
            };
            // (An ordinary word one edit from the name is no disguise: `Phillips`.)
            if !matches!(kind, MatchKind::Exact | MatchKind::Alias | MatchKind::Model)
                && !m.evasion.word_edit
            {
                evasion.homoglyph |= m.evasion.homoglyph;
                evasion.leet |= m.evasion.leet;
                evasion.spacing |= m.evasion.spacing;
                evasion.typo |= m.evasion.typo;
                evasion.masked |= m.evasion.masked;
                evasion.coded |= m.evasion.coded;
                evasion.pinyin |= m.evasion.pinyin;
                evasion.look_alike |= m.evasion.look_alike;
            }
        }
        let evasion_words = evasion_words(evasion);
        // The first signals (how the brand is named, its other mentions, disguises), built
        // only for a finding: a mention judged to be no finding costs no text.
        // Each is written into one string sized for it: formatting grew them piece by piece.
        let head_signals = || {
            let mut signals = Vec::with_capacity(2 + mentions.len().min(4) + evasion_words.len());
            let mut named = String::with_capacity(
                field.len() + brand.name.len() + matched_text.len() + matched_name.len() + 64,
            );
            named.push_str(field);
            named.push_str(" names ");
            named.push_str(&brand.name);
            named.push_str(" as ");
            push_quoted(&mut named, matched_text);
            named.push_str(", matching ");
            match match_kind {
                MatchKind::Exact => named.push_str("its name"),
                MatchKind::Alias => {
                    named.push_str(match primary.role {
                        Role::ProductLine => "product line ",
                        _ => "alias ",
                    });
                    push_quoted(&mut named, matched_name);
                }
                MatchKind::Model => {
                    named.push_str("model number /");
                    named.push_str(matched_name);
                    named.push('/');
                }
                other => {
                    push_quoted(&mut named, matched_name);
                    named.push_str(" (");
                    named.push_str(kind_words(other));
                    named.push(')');
                }
            }
            signals.push(named);
            if primary.role == Role::Model {
                signals.push(format!(
                    "named only by a model number of {} (no name of the brand in the {field})",
                    brand.name
                ));
            }
            for m in mentions.iter().skip(1).take(3) {
                let written = scan.folded.original(text, m.start, m.end);
                let name = self.mention_name(m);
                let kind = kind_of(m, written, name).as_str();
                let mut also = String::with_capacity(written.len() + name.len() + kind.len() + 32);
                also.push_str("also named as ");
                push_quoted(&mut also, written);
                also.push_str(" (");
                also.push_str(kind);
                also.push_str(", for ");
                push_quoted(&mut also, name);
                also.push(')');
                signals.push(also);
            }
            for w in &evasion_words {
                signals.push(["name disguised: ", w].concat());
            }
            signals
        };
        // The signals after the first ones.
        let mut signals: Vec<String> = Vec::new();

        // Counterfeit indicators in the title and the description.
        let mut indicators: Vec<&str> = Vec::new();
        let electrical = goods.classes & ((1 << 7) | (1 << 9) | (1 << 11)) != 0;
        for s in std::iter::once(title).chain(description) {
            for &(t, _, _) in &s.indicators {
                let t = self.matcher.text(t);
                // `5A` beside electrical goods is a current rating, not a replica grade.
                if electrical && amp_grade(t) {
                    continue;
                }
                if !indicators.contains(&t) {
                    indicators.push(t);
                }
            }
        }

        // Copy words written against the name itself (`仿iRobot`, `贴晶科标`).
        for m in mentions.iter().filter(|m| m.role != Role::Model) {
            if let Some(t) = copy_marker(text, scan.folded.original_span(m.start, m.end), &|w| {
                self.words.zh_pair(w)
            }) && !indicators.contains(&t)
            {
                indicators.push(t);
            }
        }
        let (brand_classes, _inferred) = self
            .brand_classes
            .get(b as usize)
            .copied()
            .unwrap_or((0, false));
        let finding = |category: Category, risk: u8, rest: Vec<String>, flagged: bool| Finding {
            brand: brand.name.clone(),
            matched_text: matched_text.to_string(),
            match_kind,
            category,
            risk,
            signals: {
                let mut signals = head_signals();
                signals.extend(rest);
                signals
            },
            flagged,
            matched_name: matched_name.to_string(),
            field,
            listing_classes: class_numbers(goods.classes),
            goods_words: goods
                .words
                .iter()
                .map(|&w| self.goods.word(w).to_string())
                .collect(),
            brand_classes: class_numbers(brand_classes),
        };
        let all_mentions = || {
            title
                .mentions
                .iter()
                .chain(description.into_iter().flat_map(|d| d.mentions.iter()))
                .filter(move |m| m.brand == b)
        };

        // Authorisation comes first: authorised sellers are never flagged.
        if let Some(entry) =
            brand.authorisation(subject.seller_name, subject.seller_url, subject.seller_id)
        {
            signals.push(format!(
                "seller is authorised for {} ({entry:?})",
                brand.name
            ));
            for t in &indicators {
                signals.push(format!(
                    "counterfeit indicator {t:?} ignored: the seller is authorised"
                ));
            }
            return Some(finding(Category::Authorised, 0, signals, false));
        }

        // A product line of one word, alone (`Dionysus`, `Tabby`, `Daytona`, `超霸`), names
        // the brand only on goods of the brand's classes: elsewhere it is a god, a cat, a
        // motorbike part or a battery.
        let in_classes = goods.classes & brand_classes != 0;

        // A code name that several brands of the registry have (`B家` for Burberry and
        // Brother) is the brand more of the listing's goods words belong to (`羊绒围巾`,
        // `披肩` against a `礼盒` gift box); when none fit, or as many fit a rival, it names
        // no brand.
        if all_mentions().all(|m| m.evasion.shared_code) {
            let fitting = |classes: ClassSet| {
                goods
                    .words
                    .iter()
                    .filter(|&&w| self.goods.classify(self.goods.word(w)).classes & classes != 0)
                    .count()
            };
            let mine = fitting(brand_classes);
            let mut rivals: Vec<&str> = Vec::new();
            let mut rival_fits = 0;
            for s in std::iter::once(title).chain(description) {
                for o in s.mentions.iter().filter(|o| {
                    o.brand != b
                        && o.evasion.shared_code
                        && s.mentions
                            .iter()
                            .any(|m| m.brand == b && m.start == o.start && m.end == o.end)
                }) {
                    let Some(r) = self.registry.brands.get(o.brand as usize) else {
                        continue;
                    };
                    if !rivals.contains(&r.name.as_str()) {
                        rivals.push(&r.name);
                    }
                    let c = self.brand_classes.get(o.brand as usize).map_or(0, |c| c.0);
                    rival_fits = rival_fits.max(fitting(c));
                }
            }
            if mine == 0 || mine <= rival_fits {
                return None;
            }
            signals.push(format!(
                "{matched_text:?} is a code name {} shares with {}: more of the listing's goods are of {}'s classes ({})",
                brand.name,
                rivals.join(", "),
                brand.name,
                class_list(goods.classes & brand_classes)
            ));
        }
        // Coined lines (`AirPods`, `iPhone`, `Joy-Con`, `RS-X`) are the brand's anywhere.
        let plain_word = |n: &str| {
            let n = n.trim();
            n.chars().all(normalize::is_cjk)
                || (n
                    .chars()
                    .all(|c| c.is_alphabetic() && !normalize::is_cjk(c))
                    && !n.chars().skip(1).any(char::is_uppercase))
        };
        let other_goods = goods.classes != 0 && goods.classes & brand_classes == 0;
        // Dictionary words known as marks (`Hermes`, `鳄鱼`) are weak on goods that are
        // all of other classes.
        // A Chinese one is weak too where no goods at all are recognised (`老窖池窖泥`,
        // cellar mud, for a brand called `老窖`): nothing then says the word is the mark.
        // (Not a Latin one: `Rolex Day-Date 40`, whose goods the lexicon may not know, is
        // the brand.)
        // Judged by the brand's core goods where written as the registry spells it, as
        // weak names are: `土拨鼠` (a marmot) on a keychain and a plush toy for a schoolbag
        // is the animal, though the registry lists bags; on a parka it is the brand.
        let beside_core = goods.classes != 0 && goods.classes & self.core_of(b, brand_classes) == 0;
        let soft_here = |m: &Mention| {
            self.soft_reason_of(b, m).filter(|&r| {
                other_goods
                    || goods.classes == 0 && r == CHINESE_DICTIONARY
                    || beside_core && !m.evasion.any()
            })
        };
        let soft = |m: &Mention| soft_here(m).is_some();
        let all_weak = mentions.iter().all(|m| m.weak || soft(m));
        // A Chinese name right before a colour or pattern character (`蒂芙尼蓝`, `爱马仕橙`,
        // `鳄鱼纹`) names a colour or a pattern, not the goods' maker; so does one right
        // before a word of its skin or fur as a material (`鳄鱼皮纹`, `北极狐毛领`).
        // The character must end the word: in `劳力士绿水鬼` it starts `绿水鬼`.
        let colour_of = |m: &Mention| {
            if m.role == Role::Model || !self.mention_name(m).chars().all(normalize::is_cjk) {
                return None;
            }
            let e = scan.folded.pos.get(m.end.checked_sub(1)?)?.orig_end as usize;
            let c = senses::colour_after(text, e)?;
            let next = text.get(e + c.len()..)?.chars().next();
            let word_goes_on = c.chars().count() == 1
                && next.is_some_and(|n| n != '色' && self.words.zh_pair(&format!("{c}{n}")));
            (!word_goes_on).then_some(c)
        };
        let colour = mentions.iter().find_map(|m| colour_of(m));
        let every_colour = colour.is_some() && mentions.iter().all(|m| colour_of(m).is_some());
        // A weak name shown as a mark (`GG logo`, `Jaguar emblem`) is the brand's.
        // Read only where it can matter: for weak names and colour words.
        // (Not a misspelling that is itself a word: `Fire Marshal badge`.)
        // Whether a logo word stands next to mention `i`, read once per mention: several
        // readings below ask.
        let logo_seen: [std::cell::Cell<Option<bool>>; LOGO_KEPT] = Default::default();
        let logo_at = |i: usize| {
            let read = || {
                let m = mentions[i];
                scan.folded
                    .original_span(m.start, m.end)
                    .is_some_and(|(s, e)| {
                        senses::logo_next_to(text, s, e, &|w| self.words.zh_pair(w))
                    })
            };
            let Some(seen) = logo_seen.get(i) else {
                return read();
            };
            seen.get().unwrap_or_else(|| {
                let near = read();
                seen.set(Some(near));
                near
            })
        };
        let logo = || {
            mentions
                .iter()
                .enumerate()
                .any(|(i, m)| !(m.evasion.typo && m.weak) && logo_at(i))
        };
        let as_logo = (all_weak || every_colour) && logo();
        // A model number of the brand anywhere in the listing.
        let model_hit = std::iter::once(title)
            .chain(description)
            .flat_map(|s| s.models.iter())
            .any(|h| h.0 == b);
        // `on goods in class …, not in <brand>'s classes (…)`, for goods of other classes.
        let other_classes_text = || {
            format!(
                "on goods in class {} ({}), not in {}'s classes ({})",
                self.goods.describe(goods.classes),
                self.goods.words_text(&goods.words),
                brand.name,
                class_list(brand_classes)
            )
        };
        if every_colour
            && indicators.is_empty()
            && !as_logo
            && !model_hit
            && let Some(c) = colour
        {
            signals.push(format!(
                "{matched_text:?} names a colour, a pattern or a material here ({matched_text}{c})"
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }
        // A Chinese name that is an ordinary or dictionary word, right before a word of
        // what is shown on the goods (`土拨鼠印花T恤`, a marmot-print T-shirt;
        // `鳄鱼图案`), names the thing shown. (Not a coined name: `香奈儿印花` is the
        // mark's print.)
        let depicted = |m: &Mention| {
            if m.role == Role::Model
                || !self.mention_name(m).chars().all(normalize::is_cjk)
                || !(m.weak || self.soft_reason_of(b, m).is_some())
                || m.evasion.any()
            {
                return None;
            }
            let e = scan.folded.pos.get(m.end.checked_sub(1)?)?.orig_end as usize;
            let after = text.get(e..)?;
            DEPICTION_WORDS
                .iter()
                .find(|w| after.starts_with(**w))
                .copied()
        };
        if indicators.is_empty()
            && !model_hit
            && !logo()
            && mentions.iter().all(|m| depicted(m).is_some())
            && let Some(w) = mentions.first().and_then(|m| depicted(m))
        {
            signals.push(format!(
                "{matched_text:?} names what is shown on the goods here ({matched_text}{w})"
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }
        let lone_line = mentions
            .iter()
            .all(|m| m.role == Role::ProductLine && plain_word(self.mention_name(m)))
            && !all_mentions().any(|m| m.role != Role::ProductLine && m.role != Role::Model);
        if lone_line && other_goods {
            signals.push(format!(
                "named only by the one-word product line {matched_name:?}, and no goods of {}'s classes ({}) in the listing",
                brand.name,
                class_list(brand_classes)
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }
        if let Some(reason) = self.unsupported_context(b, listing, scan, text, &mentions, &logo_at)
        {
            signals.push(reason);
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }
        // A strong Chinese name right before a word of a shop's trade names the shop
        // (`宏发五金建材 店铺招牌定制`), unless more than the name says the brand. (Weak
        // names are read in their compounds below: `精工五金`.)
        let shop = |m: &Mention| {
            if m.role == Role::Model
                || m.weak
                || self.soft_reason_of(b, m).is_some()
                || !self.mention_name(m).chars().all(normalize::is_cjk)
                || m.evasion.any()
            {
                return None;
            }
            let e = scan.folded.pos.get(m.end.checked_sub(1)?)?.orig_end as usize;
            let after = text.get(e..)?;
            SHOP_WORDS.iter().find(|w| after.starts_with(**w)).copied()
        };
        if indicators.is_empty()
            && !model_hit
            && !logo()
            && mentions.iter().all(|m| shop(m).is_some())
            && all_mentions().count() == mentions.len()
            && let Some(w) = mentions.first().and_then(|m| shop(m))
        {
            signals.push(format!(
                "{matched_text:?} names a shop or firm here ({matched_text}{w})"
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }
        // A name of the brand at the end of another well-known mark written around it
        // (`Land Rover` for a brand called Rover): that other mark, of another owner,
        // unless a counterfeit indicator or a model number says otherwise.
        if indicators.is_empty()
            && !model_hit
            && let Some(other) = mentions
                .iter()
                .map(|m| self.other_mark_around(b, scan, text, m))
                .collect::<Option<Vec<String>>>()
                .and_then(|v| v.into_iter().next())
        {
            signals.push(format!(
                "{matched_text:?} is part of {other:?} here, another well-known mark"
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }
        // A misspelling of the brand's name on goods the lexicon places wholly in other
        // classes is the ordinary word or name it resembles (`Timberline roof tiles`,
        // `Gamin newsboy cap`, `Bridge Stone granite`): counterfeiters misspell a name on
        // the brand's own goods. A counterfeit indicator or a disguise keeps it.
        let misspelt = mentions.iter().all(|m| {
            (m.evasion.typo || m.evasion.spacing)
                && !(m.evasion.homoglyph || m.evasion.leet || m.evasion.masked)
        });
        // (Only where the brand's classes are known: a registry without classes, and a
        // brand the marks file does not know, leave every listing's goods open.)
        let known_other_goods = other_goods && brand_classes != 0;
        if known_other_goods && misspelt && indicators.is_empty() && !model_hit {
            // A misspelling that is itself a word (`water cannon`) is that word: no
            // finding at all, as below.
            if mentions.iter().all(|m| m.weak) {
                return None;
            }
            signals.push(format!(
                "{matched_text:?} resembles {} only, {}",
                brand.name,
                other_classes_text()
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }
        // One name of the brand alone, written as the registry spells it, on goods the
        // lexicon places wholly in other classes is a word of those goods (`Nerf bars`
        // for a truck, a `Mach3` motion controller, `Anker` wall plugs, a `Corsair`
        // model aircraft): a brand's registry classes are the goods it answers for. A
        // counterfeit indicator, a second name of the brand, a model number, a disguise or
        // the name shown as a logo (`Nike logo keychain`) keeps the finding.
        let one_name = !all_mentions().any(|m| m.role == Role::Model)
            && all_mentions().all(|m| self.mention_name(m) == matched_name);
        let disguised_here = mentions.iter().any(|m| {
            m.evasion.homoglyph
                || m.evasion.leet
                || m.evasion.masked
                || m.evasion.spacing
                || m.evasion.typo
        });
        // (Weak names are judged below, with their own reasons.)
        if known_other_goods
            && one_name
            && !all_weak
            && !disguised_here
            && indicators.is_empty()
            && !logo()
        {
            signals.push(format!(
                "named only by {matched_name:?}, {}",
                other_classes_text()
            ));
            // After a compatibility phrase (`Boot Sleeve for Hydro Flask`, `Tissue Box
            // Cover Fits Kleenex`) the goods are made for the brand's: an accessory,
            // which is what a compatibility mention is.
            if self.all_compat(scan, text, &mentions) {
                signals.push(format!(
                    "{} is named only as what the product fits (compatibility phrase)",
                    brand.name
                ));
                // (Scored and flagged as compatibility mentions are below.)
                let flagged = self.options.flag_compatibility;
                return Some(finding(
                    Category::CompatibilityMention,
                    15,
                    signals,
                    flagged,
                ));
            }
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }

        // A dictionary word known as a mark (`Whirlpool`, `Apple`) on goods of the
        // brand's classes is read as an ordinary word is (below): where it opens the
        // title, stands right before a product word (sizes and counts between) or is
        // written in capitals, the mark; elsewhere the word (`Semi Automatic Washing
        // Machine 9kg Deep Whirlpool Wash Action`). Only words a dictionary writes in
        // lower case, not names the web writes often (`Gucci`, `Chanel`), which the
        // English list holds too.
        // The gates this rule shares with the Chinese one below: the brand's goods, one
        // plain name or alias that the word lists leave strong, and nothing else of the
        // brand's (a disguise, a counterfeit indicator, a logo).
        let soft_name_alone = in_classes
            && one_name
            && !disguised_here
            && indicators.is_empty()
            && mentions
                .iter()
                .all(|m| matches!(m.role, Role::Name | Role::Alias) && !m.weak);
        if soft_name_alone
            && !logo()
            && mentions.iter().all(|m| {
                self.soft_reason_of(b, m).is_some() && {
                    let n = self.mention_name(m).trim();
                    n.is_ascii()
                        && self
                            .words
                            .lower_case_word(n.to_ascii_lowercase().as_bytes())
                }
            })
            && let Some(w) = self.read_as_word(scan, text, &mentions, spans, false)
        {
            signals.push(format!(
                "{w:?}, a dictionary word though known as a mark, neither opens the title, nor stands right before a product word, nor is written in capitals: the word here"
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }

        // One strong name of the brand alone, neither opening the title nor with
        // anything else of the brand (a product line, a model number, a counterfeit
        // indicator, a disguise, a logo), in a listing whose goods the lexicon does not
        // know at all (`Graphite Crucible Creuset en Graphite 2kg`, `强手棋 大富翁 飞行棋`):
        // titles name what they sell, and a maker's name mid-title with no goods of any
        // kind is a word of some other product (a place, a person, a term). (A brand's own listing opens with its
        // name, `Rolex Day-Date 40`, or carries a line or a model.) Only where the brand's
        // classes are known: a registry without classes, for a brand the marks file does
        // not know, leaves every listing's goods open.
        if goods.classes == 0
            && brand_classes != 0
            && one_name
            && !all_weak
            && !disguised_here
            && indicators.is_empty()
            && !model_hit
            && !logo()
            && mentions
                .iter()
                .all(|m| matches!(m.role, Role::Name | Role::Alias))
            && !self.all_compat(scan, text, &mentions)
            && mentions.iter().all(|m| {
                scan.folded
                    .original_span(m.start, m.end)
                    .is_some_and(|(s, _)| !opens_title(text, s))
            })
        {
            signals.push(format!(
                "named only by {matched_name:?}, in the middle of a title naming no goods the lexicon knows and nothing else of {}'s (no product line, model number, counterfeit indicator or logo): a word of some other product here",
                brand.name
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }

        // A model number alone names the brand only on goods of the brand's classes: the
        // same code on a towel, a pipe clamp or aluminium bar is that product's code.
        // Where the brand's classes are unknown (none in the registry, none inferred), the
        // registry's own model expression is all there is to go by, and it counts.
        let only_models = mentions.iter().all(|m| m.role == Role::Model);
        // A code the listing calls the maker's own part (`原厂 正品`, `genuine`) is the
        // brand's, whatever the lexicon makes of the goods; not where the listing names
        // another brand, whose part it then is (`柯尼卡美能达 C226 … 原装正品`).
        let genuine_part = only_models
            && claims_genuine(&scan.folded.skeleton)
            && !scan
                .mentions
                .iter()
                .any(|o| o.brand != b && o.role != Role::Model);
        // A code written right after another maker's name (`UNI-T UT61E`, `德力西UT61E`)
        // is that maker's model, not the brand's, on whatever goods.
        if only_models
            && let Some((maker, code)) =
                self.maker_before_code(b, scan, text, &mentions, goods.classes)
        {
            signals.push(format!(
                "the model number {code:?} is written right after {maker:?}, another maker's name: that maker's code"
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }
        if only_models && brand_classes == 0 {
            signals.push(format!(
                "{}'s classes are unknown (none in the registry, none inferred): the listing's goods are not checked against them",
                brand.name
            ));
        } else if only_models
            && goods.classes == 0
            && indicators.is_empty()
            && mentions.iter().all(|m| {
                specific_code(scan.folded.original(text, m.start, m.end))
                    && !self.broad_model(m.text)
            })
        {
            // No goods recognised at all, and a code too specific to be chance
            // (`SRPD55K1`, `HL-L2350DW`): nothing says it is another product's.
            signals.push(format!(
                "named only by a model number: no goods recognised, but {matched_text:?} is a specific code (seven letters and digits or more)"
            ));
        } else if only_models
            && (other_goods || (!in_classes && indicators.is_empty()))
            // What the product fits (`lenses for RB3025`) is judged as compatibility below.
            && !self.all_compat(scan, text, &mentions)
            && !genuine_part
        {
            signals.push(if goods.classes == 0 {
                format!(
                    "named only by a model number, and no goods of {}'s classes ({}) recognised",
                    brand.name,
                    class_list(brand_classes)
                )
            } else {
                format!("named only by a model number, {}", other_classes_text())
            });
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        } else if only_models
            && indicators.is_empty()
            && goods.classes != 0
            && let core = self.core_of(b, brand_classes)
            && (goods.classes & core == 0 || self.other_nine_groups(b, goods, core).is_some())
            && mentions
                .iter()
                .all(|m| !specific_code(scan.folded.original(text, m.start, m.end)))
            && !self.all_compat(scan, text, &mentions)
        {
            // A short code (under seven letters and digits) alone, on goods of the
            // brand's classes but none of its core goods (the marks file's, its product
            // lines'), is that product's own code: a code like `SMA905` (which the
            // part-code list now knows as well) names a fibre-optic adapter's connector,
            // not a Seiko watch (Seiko's registry lists class 9 too; its core goods are
            // watches).
            signals.push(match self.other_nine_groups(b, goods, core) {
                // …and so is one on class-9 goods all of other similar groups than the
                // goods the brand's product lines name: `TS-464` on a thermostat (0910)
                // for a maker of network storage and switches (0901).
                Some((listing_groups, own)) => format!(
                    "named only by the short model number {matched_text:?}, on class-9 goods ({}) of similar group {}, near none of the groups of {}'s own goods ({})",
                    self.goods.words_text(&goods.words),
                    self.goods.describe_nine_groups(listing_groups),
                    brand.name,
                    self.goods.describe_nine_groups(own)
                ),
                _ => format!(
                    "named only by the short model number {matched_text:?}, on goods in class {} ({}): among {}'s classes ({}), but not its core goods ({})",
                    self.goods.describe(goods.classes),
                    self.goods.words_text(&goods.words),
                    brand.name,
                    class_list(brand_classes),
                    class_list(core)
                ),
            });
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }

        // A weak name inside a goods term of the title (`apple juice`, `CC cream`, `polo
        // shirt`) is that term, not the brand.
        // So is an alias or a product line alone (`Transformers` in `power transformers`),
        // and a name that is also a dictionary word (`Mulberry` in `mulberry silk`).
        let dictionary = mentions.iter().all(|m| {
            !m.evasion.homoglyph
                && !m.evasion.leet
                && !m.evasion.masked
                && (m.weak || self.soft_reason_of(b, m).is_some())
        });
        if !as_logo
            && (all_weak
                || dictionary
                || one_name && !mentions.iter().any(|m| m.role == Role::Name))
        {
            let inside = mentions.iter().find_map(|m| {
                let (s, e) = scan.folded.original_span(m.start, m.end)?;
                spans.iter().find(|&&(gs, ge, _)| {
                    gs < e
                        && s < ge
                        && ge - gs > e - s
                        && !self.names_outside(b, text, (s, e), (gs, ge))
                })
            });
            if let Some(&(_, _, term)) = inside {
                let term = self.goods.word(term);
                signals.push(if all_weak {
                    format!(
                        "{matched_name:?} is a weak name and part of the goods term {term:?} here"
                    )
                } else {
                    format!("{matched_name:?} is part of the goods term {term:?} here")
                });
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
        }
        // A product line that is itself a goods word of the lexicon, written alone
        // (`沙琪玛` for a maker of sachima, `Fabric Softener`, `Brake Pads`), names the
        // goods, not whose they are: with no other name of the brand, no model number
        // and no disguise, the listing is any maker's.
        if !as_logo
            && !model_hit
            && all_mentions().all(|m| m.role == Role::ProductLine && !m.weak && !m.evasion.any())
            && let Some(terms) = mentions
                .iter()
                .map(|m| {
                    let (s, e) = scan.folded.original_span(m.start, m.end)?;
                    spans
                        .iter()
                        .find(|&&(gs, ge, _)| gs <= s && e <= ge)
                        .map(|&(_, _, w)| w)
                })
                .collect::<Option<Vec<u32>>>()
            && let Some(&term) = terms.first()
        {
            signals.push(format!(
                "{matched_name:?}, a product line of {}, is the goods word {:?} of the lexicon: it names the goods, not the maker",
                brand.name,
                self.goods.word(term)
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }
        // …or inside an ordinary Chinese compound written here (`小米粥`, `三星级`).
        if all_weak {
            let compound = mentions.iter().find_map(|m| {
                let list = self.compounds.get(self.mention_name(m).trim())?;
                let (s, e) = scan.folded.original_span(m.start, m.end)?;
                list.iter().copied().find(|c| {
                    text.match_indices(c)
                        .any(|(at, _)| at < e && s < at + c.len())
                })
            });
            if let Some(c) = compound {
                signals.push(format!(
                    "{matched_name:?} is part of the ordinary compound {c:?} here"
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
        }

        // A weak name that the title reads in its ordinary sense (`coach bus`, `LV
        // switchgear`, `苹果 果汁`) is that sense, unless something only the brand's
        // listings carry says otherwise (a model number, a strong product line, a
        // disguise, a counterfeit indicator on goods of the brand's classes).
        let indicator_counts = !indicators.is_empty() && (goods.classes == 0 || in_classes);
        if all_weak
            && !model_hit
            && !as_logo
            && !all_mentions().any(|m| {
                m.role == Role::ProductLine
                    && (!m.weak || self.weak_reason_of(b, m) == Some(ORDINARY_PHRASE))
            })
            && !mentions.iter().any(|m| {
                m.evasion.homoglyph || m.evasion.leet || m.evasion.spacing || m.evasion.masked
            })
        {
            let reading = mentions.iter().find_map(|m| {
                let (s, e) = scan.folded.original_span(m.start, m.end)?;
                let written = text.get(s..e)?;
                let reason = self.weak_reason_of(b, m);
                // An ordinary word or a name of ordinary words before a shape or pattern
                // word (`apple shaped`, `Tiger Head Shape Night Light`, `熊猫图案`) is the
                // thing shown.
                if matches!(
                    reason,
                    Some(ORDINARY_WORD | NAME_PHRASE | CHINESE_WORD | CHINESE_COMPOUNDS)
                ) && let Some(shape) = senses::shape_after(text, e)
                {
                    return Some((
                        "a shape or pattern",
                        senses::Reading::Context(shape.to_string()),
                    ));
                }
                // A person's name on goods made to carry a name (`name necklace`).
                if reason == Some(ORDINARY_WORD)
                    && let Some(c) = senses::personal_name_goods(text)
                {
                    return Some(("a personal name", senses::Reading::Context(c.to_string())));
                }
                // An acronym that is a unit after a number (`512 MB`), a part code
                // (`NS-2000`) or the initials of the words next to it (`Free Fire FF`).
                if reason == Some(ACRONYM) {
                    let name = self.mention_name(m);
                    if senses::number_before(text, s) {
                        return Some((
                            "a unit after a number",
                            senses::Reading::Context(written.to_string()),
                        ));
                    }
                    if let Some(code) = senses::code_after(text, e) {
                        return Some((
                            "a part or model code",
                            senses::Reading::Context(format!("{written}{code}")),
                        ));
                    }
                    if let Some(words) = senses::spelled_out(text, s, e, name) {
                        return Some((
                            "the initials of the words next to it",
                            senses::Reading::Context(words),
                        ));
                    }
                }
                // (The name is looked up only where it is not what is written but for
                // case: the same look-up.)
                let name = self.mention_name(m);
                let same = written.is_ascii()
                    && name.is_ascii()
                    && written.trim().eq_ignore_ascii_case(name.trim());
                let sense = self
                    .senses
                    .get(written)
                    .or_else(|| if same { None } else { self.senses.get(name) });
                if let Some(sense) = sense
                    && let Some(reading) = sense.reading(text, s, e)
                {
                    return Some((sense.gloss.as_str(), reading));
                }
                // A name written as spelt with the word next to it as an English
                // compound (`coral reef`, `diesel engine`, `tile cutter`) is that
                // compound. (A misspelling that is a word is judged below.)
                if !indicator_counts
                    && !m.evasion.typo
                    && let Some(c) = self.compound_around(brand, text, s, e)
                {
                    return Some(("an English compound", senses::Reading::Context(c)));
                }
                // A name of three letters that is also one of the commonest English words
                // (`Cat`, `Fox`) has that word's senses as well as an acronym's: before a
                // shape or pattern word it is the thing shown, when no goods term took it.
                let common_word = || {
                    written.len() == 3
                        && self
                            .words
                            .en_rank(written.to_ascii_lowercase().as_bytes())
                            .is_some_and(|r| r < COMMON_RANK)
                };
                if reason != Some(ACRONYM) || !common_word() {
                    return None;
                }
                let shape = senses::shape_after(text, e)?;
                Some((
                    "a shape or pattern",
                    senses::Reading::Context(shape.to_string()),
                ))
            });
            if let Some((gloss, reading)) = reading {
                signals.push(match reading {
                    senses::Reading::Term(t) => {
                        format!("{matched_text:?} is part of the goods term {t:?} here ({gloss})")
                    }
                    senses::Reading::Context(c) => format!(
                        "{matched_text:?} is read in its ordinary sense here ({gloss}): {c:?}"
                    ),
                });
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
        }

        // A brand name that is also a person's given name (`Levi's`, `Mavis`), on goods
        // made to carry a name (`Custom Name ... T-shirt`, `Embroidered Name`), is the
        // name of the person the goods are made for, weak name or not. Only when every
        // mention is one such word, written plainly, and nothing only the brand's listings
        // carry (a model number, a counterfeit indicator, a logo) says otherwise.
        if !model_hit && !as_logo && !disguised_here && indicators.is_empty() {
            let given = |m: &&Mention| {
                let (s, e) = scan.folded.original_span(m.start, m.end)?;
                let written = text.get(s..e)?;
                let word = written
                    .strip_suffix("'s")
                    .or_else(|| written.strip_suffix("\u{2019}s"))
                    .unwrap_or(written);
                (word.len() >= 3 && word.chars().all(|c| c.is_ascii_alphabetic()))
                    .then(|| word.to_ascii_lowercase())
                    .filter(|w| self.words.given_name(w))
            };
            // The names first: most titles name no one, and the goods phrases are read
            // only for those that do.
            let names: Option<Vec<String>> = mentions.iter().map(given).collect();
            if let Some(n) = names.and_then(|n| n.into_iter().next())
                && let Some(goods_phrase) = senses::personal_name_goods(text)
            {
                signals.push(format!(
                    "{matched_text:?} is read as a person's name here ({n:?} is a given name, on goods made to carry a name: {goods_phrase:?})"
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
        }

        // A name written as a metric thread size (`M18 x 1.5` on an oxygen-sensor bung,
        // `M12×1.25`) is the screw's, not the brand's product line.
        if !as_logo
            && mentions.iter().all(|m| {
                scan.folded
                    .original_span(m.start, m.end)
                    .is_some_and(|(s, e)| metric_thread(&text[s..e], &text[e..]))
            })
        {
            signals.push(format!("{matched_text:?} is a metric thread size here"));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }

        // A name followed by a word for a town, village or county (`茅台镇`, `Maotai
        // Town`) names the place, not the brand named after it. Only when every mention
        // is such, and nothing only the brand's listings carry says otherwise.
        if !model_hit
            && !as_logo
            && !disguised_here
            && indicators.is_empty()
            && !all_mentions().any(|m| m.role == Role::ProductLine || m.role == Role::Model)
        {
            let place = |m: &&Mention| {
                let e = scan.folded.pos.get(m.end.checked_sub(1)?)?.orig_end as usize;
                place_after(text.get(e..)?, self.mention_name(m))
            };
            let places: Option<Vec<String>> = mentions.iter().map(place).collect();
            if let Some(p) = places.and_then(|p| p.into_iter().next()) {
                signals.push(format!("{matched_text:?} names a place here ({p:?})"));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
        }

        // A Chinese name written inside a run of characters where a word of the Chinese
        // lists crosses its edge (`行李宁波`: 行李 and 宁波 around 李宁; `免费雪花` around
        // 费雪) is an accident of the characters, not the name: the text reads as other
        // words. Only when every mention is such, and nothing only the brand's listings
        // carry (a model number, a disguise, a counterfeit indicator, a Latin name) says
        // otherwise.
        if !model_hit
            && !as_logo
            && indicators.is_empty()
            && mentions
                .iter()
                .all(|m| self.mention_name(m).chars().all(normalize::is_cjk))
        {
            let own: Vec<&str> = std::iter::once(&brand.name)
                .chain(&brand.aliases)
                .map(|n| n.trim())
                .filter(|n| n.chars().any(normalize::is_cjk))
                .collect();
            let crossing = |m: &&Mention| {
                let (s, e) = scan.folded.original_span(m.start, m.end)?;
                // Where a goods word starts right after the name (`迈克高仕` + `女包`)
                // or ends right before it, the text reads as the name beside goods.
                let goods_after = spans.iter().any(|&(gs, _, _)| gs == e);
                let goods_before = spans.iter().any(|&(_, ge, _)| ge == s);
                crossing_word(text, s, e, (!goods_before, !goods_after), &own, &self.words)
            };
            let crossed: Option<Vec<String>> = mentions.iter().map(crossing).collect();
            if let Some(w) = crossed.and_then(|c| c.into_iter().next()) {
                signals.push(format!(
                    "{matched_text:?} is written inside the ordinary word {w:?} here"
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
        }

        // A Chinese name written inside another well-known brand's longer Chinese name
        // (`家乐氏`, Kellogg's, around Knorr's `家乐`; `奥迪双钻`, Auldey, around Audi's
        // `奥迪`) names that brand, unless the longer name is one of the brand's own (its
        // Latin name is the brand's name or alias, the registry writes it, or the rest of
        // it is a goods word: `雀巢咖啡`).
        if !model_hit
            && !disguised_here
            && mentions
                .iter()
                .all(|m| self.mention_name(m).chars().all(normalize::is_cjk))
        {
            let own_keys: Vec<String> = std::iter::once(&brand.name)
                .chain(&brand.aliases)
                .map(|n| parts::name_key(n))
                .filter(|k| !k.is_empty())
                .collect();
            let other = |m: &&Mention| {
                let (s, e) = scan.folded.original_span(m.start, m.end)?;
                let (mark, latin) = self.goods.zh_mark_around(text, s, e)?;
                let own = own_keys.contains(&parts::name_key(latin))
                    || std::iter::once(&brand.name)
                        .chain(&brand.aliases)
                        .any(|n| n.trim() == mark || n.contains(mark));
                // The name and a goods word (`雀巢咖啡`, Nescafé, is Nestlé's coffee) is
                // the brand's own line under another name.
                let name = text.get(s..e)?;
                let goods_rest = mark
                    .split(name)
                    .any(|rest| !rest.is_empty() && self.goods.classify(rest).classes != 0);
                (!own && !goods_rest).then(|| (mark.to_string(), latin.to_string()))
            };
            let others: Option<Vec<(String, String)>> = mentions.iter().map(other).collect();
            if let Some((mark, latin)) = others.and_then(|o| o.into_iter().next()) {
                signals.push(format!(
                    "{matched_text:?} is part of {mark:?} ({latin}), another well-known brand's Chinese name, here"
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
        }

        // An acronym glued to the Chinese word whose pinyin initials it spells (`京东JD`,
        // `顺丰SF`) abbreviates that word, when no Chinese name of the brand is written
        // (`惠普HP` is the brand's two names).
        if !model_hit
            && indicators.is_empty()
            && !all_mentions().any(|m| self.mention_name(m).chars().any(normalize::is_cjk))
            && mentions
                .iter()
                .all(|m| self.weak_reason_of(b, m) == Some(ACRONYM))
        {
            let spelled: Option<Vec<String>> = mentions
                .iter()
                .map(|m| {
                    let (s, e) = scan.folded.original_span(m.start, m.end)?;
                    chinese::spelled_by_neighbours(text, s, e)
                })
                .collect();
            if let Some(w) = spelled.and_then(|w| w.into_iter().next()) {
                signals.push(format!(
                    "{matched_text:?} abbreviates the Chinese {w:?} written against it (its pinyin initials)"
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
        }

        // A Chinese name that is a dictionary word and known as a mark (`工匠`, `精工`,
        // `九阳`), glued into a phrase with the characters around it (`老工匠`, `工匠精神`,
        // `九阳神功`), on the brand's goods and with nothing else for the brand: the
        // phrase, not the brand.
        // (Where no goods are recognised such a name is weak, and this says why better.)
        if (!all_weak || goods.classes == 0)
            && !model_hit
            && !as_logo
            && indicators.is_empty()
            && all_mentions().all(|m| {
                m.role != Role::Model
                    && !m.evasion.any()
                    && self.mention_name(m).chars().all(normalize::is_cjk)
                    && self.soft_reason_of(b, m) == Some(CHINESE_DICTIONARY)
                    && self.mention_name(m) == self.mention_name(primary)
            })
            && let Some(phrase) = self.phrase_before(b, scan, text, &mentions, spans)
        {
            signals.push(format!(
                "{matched_text:?} reads as part of the phrase {phrase:?} here, and nothing else in the listing names {}",
                brand.name
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }

        // One Chinese name of the brand alone, glued inside a run of Chinese words, with
        // words before it that are not how titles lead into a maker (`北方极度干燥天气`,
        // `活出真我`, `怎么踢都踢不烂`) and no goods word glued after it: Chinese titles write
        // a maker's name at the start of a run or before what it makes (`男装极度干燥卫衣`,
        // `新款真我手机`), so this is the sentence's own words. Anything else of the
        // brand's (a second name, a line, a model number, an indicator, a disguise, a
        // logo) keeps the finding.
        if one_name
            && !all_weak
            && !disguised_here
            && indicators.is_empty()
            && !model_hit
            && !logo()
            && mentions
                .iter()
                .all(|m| matches!(m.role, Role::Name | Role::Alias))
            && !self.all_compat(scan, text, &mentions)
            && let Some(phrase) = self.glued_phrase(scan, text, &mentions, spans)
        {
            signals.push(format!(
                "{matched_name:?} is glued inside the Chinese phrase {phrase:?}, with no goods word after it: the phrase's own words here"
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }

        // A Chinese name that is a word of the Chinese lists and known as a mark, standing
        // apart (`佳丽` beauty, `大富翁` rich man), on goods of the brand's classes: where it
        // neither opens the title (lead words such as `正品`, `新款` allowed) nor is
        // written against a product word (`选美 佳丽 同款 香水`, pageant beauties'
        // perfume), it is the word, as a Latin dictionary word is (above); opening the
        // title or against its goods (`佳丽 香水`), the brand. A model number keeps it.
        if soft_name_alone
            && !model_hit
            && mentions.iter().all(|m| {
                self.mention_name(m).chars().all(normalize::is_cjk)
                    && self.soft_reason_of(b, m) == Some(CHINESE_DICTIONARY)
            })
            && !logo()
            && !self.all_compat(scan, text, &mentions)
            && let Some(w) = zh_apart_from_goods(scan, text, &mentions, spans)
        {
            signals.push(format!(
                "{w:?}, a word of the Chinese dictionary though known as a mark, neither opens the title nor is written against a product word: the word here"
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }

        // A weak name counts only with corroboration.
        if all_weak {
            let why = self
                .weak_reason_of(b, primary)
                .or_else(|| soft_here(primary))
                .or_else(|| primary.evasion.apart.then_some(WRITTEN_APART))
                .unwrap_or_else(|| match self.mention_name(primary) {
                    // Weak only as written here (the matcher's reading of the text): a
                    // code name of the trade, a misspelling that is a word, a Chinese
                    // name straddling the edge of an ordinary word, a name of several
                    // parts written as one ordinary word.
                    _ if primary.evasion.coded => CODE_NAME,
                    _ if primary.evasion.half_hidden => HALF_HIDDEN,
                    _ if primary.evasion.look_alike => CAPITAL_LOOK_ALIKE,
                    _ if primary.evasion.word_edit => WORD_ONE_EDIT,
                    _ if primary.evasion.typo && matched_text.chars().any(normalize::is_cjk) => {
                        CHINESE_VARIANT
                    }
                    _ if primary.evasion.typo => MISSPELT_WORD,
                    name if name.chars().all(normalize::is_cjk) => STRADDLING,
                    name if name.contains(|c: char| !c.is_alphanumeric())
                        && !matched_text.contains(|c: char| !c.is_alphanumeric()) =>
                    {
                        JOINED_WORD
                    }
                    _ => AS_WRITTEN,
                });
            let mut weak = String::with_capacity(matched_name.len() + why.len() + 48);
            // A misspelling is weak as written (`"Channel" is a weak name`), a name as
            // the registry spells it.
            push_quoted(
                &mut weak,
                if why == MISSPELT_WORD {
                    matched_text
                } else {
                    matched_name
                },
            );
            weak.push_str(" is a weak name (");
            weak.push_str(why);
            weak.push_str("): it needs corroboration");
            signals.push(weak);
            let mut support = Vec::new();
            // An ordinary word written as the registry spells it is judged by the brand's
            // core goods (the marks file's, its product lines'), not every class the
            // registry lists: `Jaguar` on a tote bag is the cat, on alloy wheels the brand.
            let as_spelt = all_mentions().all(|m| !m.evasion.any());
            let judged_by = if as_spelt {
                self.core_of(b, brand_classes)
            } else {
                brand_classes
            };
            let shared = goods.classes & judged_by;
            // An ordinary word that is only a product line's name (`Tabby`, `Nova`) is not
            // made the brand by goods of its classes: cats and stars sell there too.
            let only_lines = all_mentions().all(|m| m.role == Role::ProductLine);
            // …unless a version or model designation follows it (`Galaxy S24`, `Yoga
            // Slim 7`, `Nova 11`): stars and cats do not come in versions.
            let versioned = only_lines
                && mentions.iter().any(|m| {
                    m.end
                        .checked_sub(1)
                        .and_then(|i| scan.folded.pos.get(i))
                        .is_some_and(|p| senses::version_after(text, p.orig_end as usize))
                });
            // A line of several ordinary words is a phrase: goods of the brand's classes
            // make it the brand's (`Garden Party tote`), flowers do not.
            // …unless every word of it is among the commonest of the language (`Light
            // Blue`, `All Star`, `Double Knee`, `Studio Pro`): such a phrase describes
            // goods of every maker, and needs more than the goods. So does a line of
            // ordinary Chinese words (`精华面霜`, `沙漠靴`: a Chinese title has no capitals
            // to mark a name, and such lines are mostly the goods' own description).
            let phrase = only_lines
                && mentions.iter().all(|m| {
                    self.weak_reason_of(b, m) == Some(ORDINARY_PHRASE)
                        && !common_phrase(self.mention_name(m), &self.words)
                });
            // A name written apart as common words (`Super Dry` hiking socks) is that
            // phrase on the brand's goods as on any other maker's.
            let apart = all_mentions().all(|m| m.evasion.apart);
            // Nor does an alias of ordinary words that is not the brand's name shortened
            // (`North Face` is The North Face's; a nickname of common words is anyone's):
            // goods of the brand's classes do not make it the brand's, as they do not
            // make a product line of one ordinary word so.
            let nickname = all_mentions().all(|m| {
                let n = self.mention_name(m);
                m.role == Role::Alias
                    && !m.evasion.any()
                    && !n.chars().any(normalize::is_cjk)
                    && matches!(self.weak_reason_of(b, m), Some(NAME_PHRASE | JOINED_WORD))
                    && {
                        let name = brand.name.to_lowercase();
                        // `and` stands for the name's own `+` or `&` (`Black and Decker`).
                        let joined = name.contains(['+', '&']);
                        !n.to_lowercase()
                            .split(|c: char| !c.is_alphanumeric())
                            .filter(|w| !w.is_empty())
                            .all(|w| name.contains(w) || joined && w == "and")
                    }
            });
            // An ordinary word one edit from the name that the edit rules do not read
            // (`Tempt` pocket tissues for Tempo) is that word on any maker's goods: only
            // the brand's own marks make it the brand's.
            let word_edit = all_mentions().all(|m| m.evasion.word_edit);
            // Goods of class 9 alone corroborate a weak name only where they are near what
            // the brand's product lines name: a fire-alarm panel is class 9 as a NAS is,
            // but a weak name on it names no maker of network storage (the similar groups
            // of class 9, as for a model code alone).
            let far_nine = if shared != 0 {
                self.other_nine_groups(b, goods, judged_by)
            } else {
                None
            };
            let by_goods = shared != 0
                && far_nine.is_none()
                && (!only_lines || versioned || phrase)
                && !apart
                && !nickname
                && !word_edit;
            if by_goods {
                support.push(format!(
                    "goods in {}'s classes ({}: {})",
                    brand.name,
                    class_list(shared),
                    self.goods.words_text(&goods.words)
                ));
            }
            if let Some(m) = all_mentions().find(|m| m.role == Role::ProductLine && !m.weak) {
                support.push(format!("product line {}", Quoted(self.mention_name(m))));
            }
            let model = std::iter::once(title)
                .chain(description)
                .flat_map(|s| s.models.iter())
                .find(|h| h.0 == b);
            if let Some(&(_, model, _, _)) = model {
                let src = self
                    .models
                    .as_ref()
                    .and_then(|ms| ms.each.get(model as usize))
                    .map_or("", |r| r.2.as_str());
                support.push(format!("model number /{src}/"));
            }
            if let Some(t) = indicators
                .first()
                .filter(|_| indicator_counts && !only_lines)
            {
                support.push(format!("counterfeit indicator {}", Quoted(t)));
            }
            let cjk = |m: &Mention| self.mention_name(m).chars().any(normalize::is_cjk);
            let names: Vec<&str> = all_mentions()
                .filter(|m| m.role != Role::Model)
                .map(|m| self.mention_name(m))
                .collect();
            let first = names.first().copied().unwrap_or_default();
            // A name that is an ordinary word beside a Chinese name that is an ordinary
            // word (`Bird of Paradise 天堂鸟`, `Paradise` and `天堂`) is a bilingual title
            // translating itself, as such titles translate every word: not the brand's
            // two names. (A product line is no translation of the name: `任天堂 Switch`.)
            let word = |m: &Mention| {
                let reason = self
                    .weak_reason_of(b, m)
                    .or_else(|| self.soft_reason_of(b, m));
                if cjk(m) {
                    // (Not a name spelt in the characters of transliterations, `维克斯`
                    // for Wix: that is the Latin name's sound, not its meaning.)
                    matches!(
                        reason,
                        Some(
                            CHINESE_WORD | CHINESE_COMPOUNDS | CHINESE_DICTIONARY | CHINESE_PHRASE
                        )
                    ) && !self
                        .mention_name(m)
                        .chars()
                        .all(|c| TRANSLITERATION.contains(c))
                } else {
                    matches!(m.role, Role::Name | Role::Alias)
                        && (matches!(reason, Some(ORDINARY_WORD | NAME_PHRASE))
                            || m.evasion.typo && m.weak)
                }
            };
            // (Only on goods wholly of other classes than the registry gives: on the
            // brand's own, a name and its Chinese name together are the brand's, as `Kiwi
            // 奇伟 鞋油`; and classes inferred may miss some of its goods.)
            let bilingual = all_mentions().any(&cjk)
                && all_mentions().any(|m| !cjk(m) && m.role != Role::Model);
            let translated = bilingual
                && other_goods
                && !brand.classes.is_empty()
                && all_mentions().filter(|m| m.role != Role::Model).all(word);
            if translated {
                // Neither the two scripts nor two names: one word, translated.
            } else if bilingual {
                support.push("the brand's Chinese and Latin names together".to_string());
            } else if let Some(other) = names.iter().find(|n| !same_letters(n, first)) {
                support.push(format!(
                    "two of the brand's names together ({first:?}, {other:?})"
                ));
            }
            // A word written like one of the brand's names, though not close enough to name
            // it alone (`Loeve Gate` for Loewe's Gate, `泡泡x特 Molly`): two weak
            // mentions of one brand. Beside a product line, the word may lie further from
            // the name (`Vossil Machine` for Fossil's Machine).
            // Looked for only where it may decide: nothing else corroborates, or only goods.
            if (support.is_empty() || by_goods && support.len() == 1)
                && let Some((w, n)) = self.resembling_word(
                    b,
                    scan,
                    text,
                    all_mentions().any(|m| m.role == Role::ProductLine),
                )
            {
                support.push(format!("{w:?}, written like its name {n:?}"));
            }
            // Nobody disguises an ordinary word: a disguised weak name is the brand.
            // (Not a name of two characters with one hidden, `耐*`: the mask is what
            // makes it a guess.)
            // (Nor a Latin name with half its letters hidden, that a common word fills as
            // well, `L**K` for Look, and luck, lack, link: the mask makes it a guess.)
            // (Nor a short word of capitals with a digit of like shape, `M1B`: see
            // `misspelt_as_no_word`.)
            let disguised = mentions.iter().any(|m| {
                m.evasion.homoglyph
                    || m.evasion.leet && !m.evasion.look_alike
                    || m.evasion.spacing
                    || m.evasion.masked
                        && !m.evasion.half_hidden
                        // (Nor, on goods all of other classes, a mask in a weak name of
                        // several words, `T*ger Head` on a resin sculpture, or in a weak
                        // name read as a misspelling across it: the words' own goods.)
                        && !(other_goods
                            && (m.evasion.typo
                                || self.mention_name(m).trim().contains(char::is_whitespace)))
                        && !self.mask_fits_other_word(scan, text, m)
            });
            if disguised {
                support.push("the name is disguised".to_string());
            }
            // Nor does anyone misspell an ordinary word into no word at all on purpose
            // (`Tiile Mate` tracker for Tile, `Bellle` for Belle): a weak name misspelt so,
            // where the listing's goods are not all of other classes, is disguised too.
            // (Not a misspelling that is itself a word, `Track` for Trek: that is weak.)
            if support.is_empty()
                && !other_goods
                && let Some(w) = self.misspelt_as_no_word(scan, text, &mentions)
            {
                support.push(format!("{w:?}, a misspelling that is no word"));
            }
            if as_logo {
                support.push(format!("{matched_text:?} is written as a logo or emblem"));
            }
            // Goods alone do not make the brand's a mention that reads as part of a
            // phrase with what is written before it (`Thick Fleece Lining` for `Li-Ning`,
            // `琥珀化石` amber fossil for a brand called `化石`).
            let goods_only = by_goods && support.len() == 1;
            if goods_only && let Some(phrase) = self.phrase_before(b, scan, text, &mentions, spans)
            {
                signals.push(format!(
                    "{matched_text:?} reads as part of the phrase {phrase:?} here, and only the listing's goods ({}) are of {}'s classes",
                    self.goods.words_text(&goods.words),
                    brand.name
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            if goods_only && let Some((acronym, words)) = self.spelt_out(b, scan, text, &mentions) {
                signals.push(format!(
                    "{acronym:?} spells the initials of {words:?}, written out here, and only the listing's goods ({}) are of {}'s classes",
                    self.goods.words_text(&goods.words),
                    brand.name
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            if goods_only && let Some(label) = self.class_label(b, scan, text, &mentions) {
                signals.push(format!(
                    "{label:?} names a class or grade of the goods (类 class, 级 grade), and only the listing's goods ({}) are of {}'s classes",
                    self.goods.words_text(&goods.words),
                    brand.name
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            if goods_only
                && let Some((adjective, noun)) =
                    self.adjective_before_noun(b, scan, text, &mentions, spans)
            {
                signals.push(format!(
                    "{adjective:?} is an adjective describing {noun:?} here ({adjective} {noun}), and only the listing's goods ({}) are of {}'s classes",
                    self.goods.words_text(&goods.words),
                    brand.name
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            if goods_only && let Some(w) = lower_in_sentence_case(scan, text, &mentions) {
                signals.push(format!(
                    "{w:?} is written in lower case in a title that capitalises only its first word and names: an ordinary word here, and only the listing's goods ({}) are of {}'s classes",
                    self.goods.words_text(&goods.words),
                    brand.name
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            // A brand's name stands before what it makes (`Lodge cast iron skillet`,
            // `LV print silk scarf`) or opens the title; an ordinary word or acronym with
            // no product word within three words after it and not opening the title
            // (`The Kingston Trio … Vinyl LP Record`, `Lee Min-ho Same Style Straight
            // Jeans`) is that word, however the rest of the listing's goods fall. Only
            // plain Latin names and aliases: a disguised, Chinese or line mention is not
            // read so, nor one a compatible part names (`Front grille for Jaguar XF`).
            if goods_only
                && mentions.iter().all(|m| {
                    matches!(m.role, Role::Name | Role::Alias)
                        && !m.evasion.any()
                        && self.mention_name(m).is_ascii()
                        && matches!(
                            self.weak_reason_of(b, m),
                            Some(ORDINARY_WORD) | Some(ACRONYM)
                        )
                })
                && !self.all_compat(scan, text, &mentions)
                && let Some(w) = apart_from_goods(scan, text, &mentions, spans)
            {
                signals.push(format!(
                    "{w:?} neither opens the title nor comes within {GOODS_AFTER_NAME} words before a product word: an ordinary word here, and only the listing's goods ({}) are of {}'s classes",
                    self.goods.words_text(&goods.words),
                    brand.name
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            // An ordinary word as a name (`only`, `next`, `reef`, `marmot`) stands before
            // product words in every kind of phrase (`one size only dress`, `next day
            // delivery shoes`, `cute marmot cartoon print hoodie`): corroborated by goods
            // alone, it is the brand where it opens the title, stands right before a
            // product word after a word describing the goods (`Pre-seasoned Lodge 12 inch
            // skillet`: sizes and counts may come between; not `Forest Glade Scented
            // Candle`) or is written in capitals in a title that is not; elsewhere it is
            // the word. (A product line, a model number, an indicator or the Chinese
            // name with it is judged apart.)
            if goods_only
                && mentions.iter().all(|m| {
                    matches!(m.role, Role::Name | Role::Alias)
                        && !m.evasion.any()
                        && self.weak_reason_of(b, m) == Some(ORDINARY_WORD)
                })
                && let Some(w) = self.read_as_word(scan, text, &mentions, spans, false)
            {
                signals.push(format!(
                    "{w:?}, an ordinary word, neither opens the title, nor stands right before a product word after a word describing the goods, nor is written in capitals: the word here, and only the listing's goods ({}) are of {}'s classes",
                    self.goods.words_text(&goods.words),
                    brand.name
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            // An acronym as a name (`AOC`, `ANC`) is written in capitals wherever it
            // stands, and trade and technical abbreviations come before product words as
            // often as makers do (`Hybrid ANC wireless sports earbuds`): corroborated by
            // goods alone, it is the brand where it opens the title or stands right before
            // a product word (sizes and counts may come between) or right after one
            // (`Ladies handbag LV flower pattern`); elsewhere it is the abbreviation.
            if goods_only
                && mentions.iter().all(|m| {
                    matches!(m.role, Role::Name | Role::Alias)
                        && !m.evasion.any()
                        && self.mention_name(m).is_ascii()
                        && self.weak_reason_of(b, m) == Some(ACRONYM)
                })
                && let Some(w) = self.read_as_word(scan, text, &mentions, spans, true)
            {
                signals.push(format!(
                    "{w:?}, a name of three letters or fewer, neither opens the title nor stands right before or after a product word: an abbreviation or word here, and only the listing's goods ({}) are of {}'s classes",
                    self.goods.words_text(&goods.words),
                    brand.name
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            // A Chinese ordinary word stands for the brand where it opens the title or is
            // written against what it makes (`冠军T恤`, `斑马 中性笔`); elsewhere it is the
            // word (`篮球联赛 冠军 纪念T恤`, a champions' shirt), as for Latin ones above.
            if goods_only
                && mentions.iter().all(|m| {
                    !m.evasion.any()
                        && self.mention_name(m).chars().all(normalize::is_cjk)
                        && matches!(
                            self.weak_reason_of(b, m),
                            Some(CHINESE_WORD | CHINESE_COMPOUNDS)
                        )
                })
                && !self.all_compat(scan, text, &mentions)
                && let Some(w) = zh_apart_from_goods(scan, text, &mentions, spans)
            {
                signals.push(format!(
                    "{w:?} neither opens the title nor is written against a product word: an ordinary word here, and only the listing's goods ({}) are of {}'s classes",
                    self.goods.words_text(&goods.words),
                    brand.name
                ));
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            if support.is_empty() {
                // A misspelling that is an ordinary word, uncorroborated, is that word:
                // no finding at all (a weak *name* is reported as unrelated goods).
                let weak_name = mentions.iter().any(|m| {
                    !m.evasion.typo
                        && (self.weak_reason_of(b, m).is_some()
                            || self.soft_reason_of(b, m).is_some()
                            || m.evasion.apart)
                });
                if !weak_name {
                    return None;
                }
                signals.push(if goods.classes == 0 {
                    format!(
                        "no goods of {}'s classes ({}) recognised in the listing",
                        brand.name,
                        class_list(brand_classes)
                    )
                } else if let Some((listing_groups, own)) = far_nine {
                    format!(
                        "goods in {}'s classes (9: {}) are of similar group {}, near none of the groups of {}'s own goods ({}): they do not corroborate a weak name",
                        brand.name,
                        self.goods.words_text(&goods.words),
                        self.goods.describe_nine_groups(listing_groups),
                        brand.name,
                        self.goods.describe_nine_groups(own)
                    )
                } else if shared != 0 {
                    // Why goods of the brand's classes do not decide: what the name is.
                    let what = if nickname {
                        format!(
                            "{matched_name:?}, an alias of ordinary words that is not {:?} shortened",
                            brand.name
                        )
                    } else if apart {
                        format!("{matched_text:?}, common words any maker writes")
                    } else {
                        let kind = self
                            .weak_reason_of(b, primary)
                            .filter(|r| {
                                [GENERIC_PHRASE, CHINESE_PHRASE, ORDINARY_PHRASE].contains(r)
                            })
                            .unwrap_or("an ordinary word");
                        format!("{matched_name:?}, {kind} that is only a product line's name")
                    };
                    format!(
                        "goods in {}'s classes ({}: {}) do not make {what}, the brand's",
                        brand.name,
                        class_list(shared),
                        self.goods.words_text(&goods.words)
                    )
                } else if goods.classes & brand_classes != 0 {
                    format!(
                        "listing goods are in class {} ({}): among {}'s classes ({}), but not its core goods ({}, from the marks file and its product lines), which an ordinary word written as the brand's needs",
                        self.goods.describe(goods.classes),
                        self.goods.words_text(&goods.words),
                        brand.name,
                        class_list(brand_classes),
                        class_list(judged_by)
                    )
                } else {
                    format!(
                        "listing goods are in class {} ({}), not in {}'s classes ({})",
                        self.goods.describe(goods.classes),
                        self.goods.words_text(&goods.words),
                        brand.name,
                        class_list(brand_classes)
                    )
                });
                signals.push(
                    "no product line, model number, counterfeit indicator or Chinese and Latin names together"
                        .to_string(),
                );
                return Some(finding(Category::UnrelatedGoods, 0, signals, false));
            }
            signals.push(format!("weak name corroborated by {}", support.join("; ")));
        }

        // A product line's own reference price beats the brand's.
        let line_price = mentions.iter().find_map(|m| {
            (m.role == Role::ProductLine)
                .then(|| {
                    let name = self.mention_name(m);
                    brand
                        .product_lines
                        .iter()
                        .find(|p| p.name() == name)
                        .and_then(|p| p.reference_price().map(|r| (p.name(), r)))
                })
                .flatten()
        });
        let price_signal = self.price_signal(brand, line_price, subject.price);
        // A part number with `compatible` or `replacement` anywhere is a compatible part.
        let compat = self.all_compat(scan, text, &mentions)
            || (only_models && !scan.suffixes.is_empty())
            || fits_anywhere(text);

        // A listing that says its goods carry no brand (`Generic`, `Unbranded`, `无品牌`,
        // `非原装`) is not the brand's where only weak evidence names it: a model number,
        // a weak name, a product line of ordinary words (`6205-2RS Deep Groove Ball
        // Bearing ... Generic Unbranded`: a standard code and a phrase). A strong name,
        // a disguise, a counterfeit indicator or a price far below the brand's stands.
        if !compat
            && indicators.is_empty()
            && price_signal.is_none()
            && all_mentions().all(|m| {
                (m.role == Role::Model || m.weak)
                    && !(m.evasion.typo
                        || m.evasion.masked
                        || m.evasion.homoglyph
                        || m.evasion.leet
                        || m.evasion.coded
                        || m.evasion.pinyin)
            })
            && let Some(w) = std::iter::once(title)
                .chain(description)
                .find_map(|s| s.unbranded)
                .map(|t| self.matcher.text(t))
        {
            signals.push(format!(
                "the listing says its goods carry no brand ({w:?}), and nothing but weak evidence (a model number, a weak name) names {}",
                brand.name
            ));
            return Some(finding(Category::UnrelatedGoods, 0, signals, false));
        }

        let seller_uses = seller.contains(&b);
        let store_uses = store.contains(&b);

        let (category, mut risk) = if !indicators.is_empty() {
            (Category::CounterfeitIndicators, 80i32)
        } else if compat {
            (Category::CompatibilityMention, 15)
        } else if price_signal.is_some() {
            (Category::CounterfeitIndicators, 75)
        } else {
            (Category::UnauthorisedBrandUse, 55)
        };

        for t in &indicators {
            let mut indicator = String::with_capacity(t.len() + 24);
            indicator.push_str("counterfeit indicator ");
            push_quoted(&mut indicator, t);
            signals.push(indicator);
        }
        if indicators.len() > 1 {
            risk += 5 * (indicators.len() as i32 - 1).min(2);
        }
        if compat && category == Category::CompatibilityMention {
            signals.push(
                [
                    brand.name.as_str(),
                    " is named only as what the product fits (compatibility phrase)",
                ]
                .concat(),
            );
        }
        if let Some(p) = price_signal {
            signals.push(p);
            if category != Category::CompatibilityMention && !indicators.is_empty() {
                risk += 5;
            }
        }
        if !evasion_words.is_empty() {
            risk += if category == Category::UnauthorisedBrandUse {
                10
            } else {
                5
            };
        }
        match (subject.seller_name, subject.seller_url) {
            (None, None) => signals.push(
                [
                    "no seller given, so no authorisation for ",
                    brand.name.as_str(),
                ]
                .concat(),
            ),
            (name, url) => {
                let who = name.or(url).unwrap_or_default();
                let mut seller = String::with_capacity(who.len() + brand.name.len() + 32);
                seller.push_str("seller ");
                push_quoted(&mut seller, who);
                seller.push_str(" is not authorised for ");
                seller.push_str(&brand.name);
                signals.push(seller);
            }
        }
        // `{:?}` of a text, as `push_quoted` writes it.
        if seller_uses && let Some(name) = subject.seller_name {
            let mut uses = String::with_capacity(name.len() + 40);
            uses.push_str("seller name ");
            push_quoted(&mut uses, name);
            uses.push_str(" uses the brand name");
            signals.push(uses);
            risk += 10;
        }
        if store_uses && let Some(h) = host {
            let mut uses = String::with_capacity(h.len() + 40);
            uses.push_str("store address ");
            push_quoted(&mut uses, h);
            uses.push_str(" uses the brand name");
            signals.push(uses);
            risk += 5;
        }
        if field == "description" {
            signals.push("brand named only in the description".to_string());
            risk -= 15;
        }
        if category == Category::CompatibilityMention {
            risk = risk.min(35);
        }
        let risk = risk.clamp(0, 100) as u8;
        let flagged = match category {
            Category::CounterfeitIndicators | Category::UnauthorisedBrandUse => true,
            Category::CompatibilityMention => self.options.flag_compatibility,
            Category::Authorised | Category::UnrelatedGoods => false,
        };
        Some(finding(category, risk, signals, flagged))
    }

    /// Brand `b`'s core classes within its classes `classes`: those the marks file gives
    /// its names and those of the goods words in its aliases and product lines; all of
    /// `classes` where these tell nothing or lie outside them.
    /// Where the listing's goods among the brand's core classes `core` are class-9 goods
    /// only, every one placed in a similar group (`0910`) and none in a group near one
    /// of the brand's own goods ([`nine_groups_of`]: its product lines' or the marks
    /// file's): the listing's groups and the brand's. `None` where neither places the
    /// brand's goods in a group, where a goods word is in no group, or where a group of the
    /// goods is near one of the brand's.
    fn other_nine_groups(
        &self,
        b: u32,
        goods: &goods::Classified,
        core: ClassSet,
    ) -> Option<(u32, u32)> {
        let own = self.nine_groups.get(b as usize).copied().unwrap_or(0);
        if own == 0
            || goods.classes & core & goods::NINE == 0
            || goods.classes & core & !goods::NINE != 0
        {
            return None;
        }
        let listing = self.goods.nine_groups_of(goods)?;
        self.goods
            .nine_groups_apart(listing, own)
            .then_some((listing, own))
    }

    fn core_of(&self, b: u32, classes: ClassSet) -> ClassSet {
        match self.core_classes.get(b as usize).copied().unwrap_or(0) & classes {
            0 => classes,
            core => core,
        }
    }

    /// The listing's goods without the goods words that are, where they stand, the
    /// brand's own name or alias as the registry spells it inside a longer name of the
    /// brand (`Tile` in `Tile Mate` or `Tile by Life360` is the maker, not a tile). A
    /// goods word that is the whole mention (`tile`) stays: whether it is the name is
    /// what the goods decide. `None` where no goods word is one; otherwise the goods of
    /// every other word (and of the category), with the number of the title's spans among
    /// them.
    fn without_own_name_goods(
        &self,
        listing: &Scanned<'_, '_>,
        scan: &FieldScan,
        text: &str,
        mentions: &[&Mention],
        in_title: bool,
    ) -> Option<(goods::Classified, usize)> {
        let g = &listing.goods;
        let brand = self.registry.brands.get(mentions.first()?.brand as usize)?;
        let field_range = if in_title {
            0..listing.title_spans
        } else {
            listing.title_spans..g.spans.len()
        };
        // Cheapest first: a goods word of the field written as one of the brand's names.
        let is_name = |i: usize| {
            field_range.contains(&i)
                && text.get(g.spans[i].0..g.spans[i].1).is_some_and(|w| {
                    std::iter::once(&brand.name)
                        .chain(&brand.aliases)
                        .any(|n| n.trim().eq_ignore_ascii_case(w))
                })
        };
        // Whether goods word `i` lies inside an undisguised mention that `which` accepts.
        let inside = |i: usize, which: fn(&Mention) -> bool| {
            let (gs, ge) = (g.spans[i].0, g.spans[i].1);
            mentions.iter().any(|m| {
                which(m)
                    && !m.evasion.any()
                    && scan
                        .folded
                        .original_span(m.start, m.end)
                        .is_some_and(|(s, e)| s <= gs && ge <= e && e - s > ge - gs)
            })
        };
        // A goods word inside a product line's name, of a class not the brand's (`Fuel`
        // in Trek's `Fuel EX`): the line's name, not other goods.
        let b = mentions.first()?.brand;
        let brand_classes = self.brand_classes.get(b as usize).map_or(0, |c| c.0);
        let line_word = |i: usize| {
            field_range.contains(&i)
                && self.span_classes(listing, i) & brand_classes == 0
                && inside(i, |m| m.role == Role::ProductLine)
        };
        if !(0..g.spans.len()).any(|i| is_name(i) || line_word(i)) {
            return None;
        }
        // …standing inside a mention of the brand as the registry spells it.
        let is_own = |i: usize| line_word(i) || is_name(i) && inside(i, |m| m.role != Role::Model);
        if !(0..g.spans.len()).any(is_own) {
            return None;
        }
        let mut out = goods::Classified::default();
        let mut split = 0;
        for (i, &(gs, ge, w)) in g.spans.iter().enumerate() {
            if is_own(i) {
                continue;
            }
            let classes = self.span_classes(listing, i);
            out.classes |= classes;
            out.spans.push((gs, ge, w));
            out.span_classes.push(classes);
            if !out.words.contains(&w) {
                out.words.push(w);
            }
            if i < listing.title_spans {
                split += 1;
            }
        }
        if let Some(c) = listing.subject.category {
            out.classes |= self.goods.classify(c).classes;
        }
        Some((out, split))
    }

    /// The classes of the listing's goods word `i` (a title span, then description
    /// spans, each in its own text's offsets).
    fn span_classes(&self, listing: &Scanned<'_, '_>, i: usize) -> ClassSet {
        listing.goods.span_classes.get(i).copied().unwrap_or(0)
    }

    /// Classes of the goods words that lie inside `mentions` (in `text`, the field they
    /// are in) and nowhere else in the title or description.
    fn classes_only_inside(
        &self,
        listing: &Scanned<'_, '_>,
        scan: &FieldScan,
        text: &str,
        mentions: &[&Mention],
    ) -> ClassSet {
        let in_title = std::ptr::eq(text, listing.subject.title);
        let (mut inner, mut outer) = (0, 0);
        for (i, &(gs, ge, _)) in listing.goods.spans.iter().enumerate() {
            let title_span = i < listing.title_spans;
            let classes = self.span_classes(listing, i);
            let inside = title_span == in_title
                && mentions.iter().any(|m| {
                    scan.folded
                        .original_span(m.start, m.end)
                        .is_some_and(|(s, e)| gs < e && s < ge)
                });
            if inside {
                inner |= classes;
            } else {
                outer |= classes;
            }
        }
        inner & !outer
    }

    /// Why the brand's mentions in `text` (the field of `scan`) are not the brand, by
    /// rules that hold for any registry ([`context`]), if they are not: every mention
    /// is part of a place's name (`Marshall Islands`), or the listing names the brand
    /// only by product lines shaped like an ordinary word, a part code or a Chinese
    /// description (`Kelly`, `M18`, `小金条`) on goods the lexicon does not place in the
    /// brand's classes (`M18 oxygen sensor bung`, `小金条 能量棒`). A counterfeit
    /// indicator, a model number on goods of the brand's classes, a disguise or a logo
    /// keeps the finding. Runs only for listings that name the brand.
    fn unsupported_context(
        &self,
        b: u32,
        listing: &Scanned<'_, '_>,
        scan: &FieldScan,
        text: &str,
        mentions: &[&Mention],
        logo_at: &dyn Fn(usize) -> bool,
    ) -> Option<String> {
        let brand = self.registry.brands.get(b as usize)?;
        let (classes, _) = self.brand_classes.get(b as usize).copied()?;
        let in_classes = listing.goods.classes & classes != 0;
        let scans = || std::iter::once(&listing.title).chain(listing.description.as_ref());
        // A model number corroborates only on goods of the brand's classes (`M12` is also
        // a bolt size).
        if scans()
            .any(|s| !s.indicators.is_empty() || (in_classes && s.models.iter().any(|h| h.0 == b)))
        {
            return None;
        }
        let disguised = |m: &Mention| {
            m.evasion.homoglyph || m.evasion.leet || m.evasion.spacing || m.evasion.masked
        };
        if mentions.iter().any(|m| disguised(m)) {
            return None;
        }
        let span = |m: &Mention| {
            let (s, e) = scan.folded.original_span(m.start, m.end)?;
            Some((s, e))
        };
        if (0..mentions.len()).any(logo_at) {
            return None;
        }
        // A place after every mention: the first one is named.
        let place_of = |m: &Mention| span(m).and_then(|(_, e)| context::place_after(text, e));
        let mut places = mentions.iter().map(|m| place_of(m));
        if let Some(Some(place)) = places.next()
            && places.all(|p| p.is_some())
        {
            return Some(format!(
                "{:?} is part of a place's name here ({place:?} follows it)",
                self.mention_name(mentions[0])
            ));
        }
        // A product line that is a number, followed by a unit that counts goods (`501
        // pcs`, `501件`), is a quantity.
        let counted = |m: &Mention| {
            let name = self.mention_name(m).trim();
            let (s, e) = span(m)?;
            quantity(text, s, e).filter(|_| name.bytes().all(|c| c.is_ascii_digit()))
        };
        let only_lines = scans()
            .flat_map(|s| s.mentions.iter())
            .filter(|m| m.brand == b)
            .all(|m| m.role == Role::ProductLine);
        // A count after every mention: the first one is named.
        let mut counts = mentions.iter().map(|m| counted(m));
        if only_lines
            && let Some(Some(q)) = counts.next()
            && counts.all(|c| c.is_some())
        {
            return Some(format!(
                "named only by product line {:?}, a number that counts the goods here ({q:?})",
                self.mention_name(mentions[0])
            ));
        }
        // A product line alone, shaped like an ordinary word (one word of the English
        // list, not followed by a version: `Kelly 28` is a bag) or like a part code (`M12`,
        // `G7`), on goods the lexicon does not place in the brand's classes.
        let word_or_code = |m: &Mention| {
            let name = self.mention_name(m).trim();
            let f = normalize::fold(name);
            let one_word = f.pos.iter().skip(1).all(|p| p.sep == normalize::Sep::None);
            let versioned = m
                .end
                .checked_sub(1)
                .and_then(|i| scan.folded.pos.get(i))
                .is_some_and(|p| senses::version_after(text, p.orig_end as usize));
            (one_word
                && !context::coined(name)
                && !versioned
                && f.skeleton.iter().all(u8::is_ascii_alphabetic)
                && self.words.en_rank(&f.skeleton).is_some())
                || context::part_code(name)
                || self.descriptive_chinese(name)
        };
        let lines_only = only_lines
            && mentions.iter().all(|m| word_or_code(m))
            && !self.all_compat(scan, text, mentions)
            && !fits_anywhere(text);
        // Judged by the brand's core goods where the marks file or its product lines tell
        // them, as weak names are.
        let as_spelt = mentions.iter().all(|m| !m.evasion.any());
        let judged_by = if as_spelt {
            self.core_of(b, classes)
        } else {
            classes
        };
        // Goods words inside the line itself (`小金条` holds `金条`, a gold bar) are not
        // goods of the listing's: classes found only there are left out (unless a
        // category was read, whose goods have no places to tell).
        // A line that holds a name of the brand is that name and its goods (`大白兔奶糖`).
        // (Read only where it can matter: lowering every name costs more than the rest.)
        let holds_name = || {
            mentions.iter().any(|m| {
                let line = self.mention_name(m).to_lowercase();
                std::iter::once(&brand.name)
                    .chain(&brand.aliases)
                    .map(|n| n.trim().to_lowercase())
                    .any(|n| n.chars().count() >= 2 && n != line && line.contains(&n))
            })
        };
        let own = if lines_only && listing.subject.category.is_none() && !holds_name() {
            self.classes_only_inside(listing, scan, text, mentions)
        } else {
            0
        };
        if lines_only && listing.goods.classes & !own & judged_by == 0 {
            return Some(format!(
                "named only by product line {:?}, an ordinary word or part code, and the listing's goods are not recognised as {}'s ({})",
                self.mention_name(mentions[0]),
                brand.name,
                class_list(judged_by)
            ));
        }
        None
    }

    /// The Chinese phrase a Chinese name is glued inside, as written (two characters
    /// either side at most): every mention is written in Chinese characters, glued after
    /// characters that are not how a title leads into a maker ([`chinese_phrase`]:
    /// `北方极度干燥天气`, not `男士极度干燥`), with no goods word starting among the
    /// characters glued after it and those not a word that follows a maker's name
    /// ([`ZH_LEAD_AFTER`]). `None` where one mention stands as a name.
    fn glued_phrase(
        &self,
        scan: &FieldScan,
        text: &str,
        mentions: &[&Mention],
        spans: &[(usize, usize, u32)],
    ) -> Option<String> {
        let mut first = None;
        for m in mentions {
            let (s, e) = scan.folded.original_span(m.start, m.end)?;
            let written = text.get(s..e)?;
            if !written.chars().all(normalize::is_cjk) {
                return None;
            }
            let before = chinese_phrase(text, s, e)?;
            let rest = text.get(e..)?;
            let run: usize = rest
                .chars()
                .take_while(|c| normalize::is_cjk(*c))
                .map(char::len_utf8)
                .sum();
            if spans
                .iter()
                .any(|&(gs, _, _)| gs >= e && gs < e + run.max(1))
                || ZH_LEAD_AFTER.iter().any(|w| rest[..run].starts_with(w))
            {
                return None;
            }
            let after: String = rest[..run].chars().take(2).collect();
            first.get_or_insert(format!("{before}{after}"));
        }
        first
    }

    /// The well-known mark (of the shipped marks file) that mention `m` of brand `b` is
    /// part of, with one or two words written right before it (and up to two after it),
    /// when that mark is none of the brand's own names: `Land Rover` around `Rover`.
    fn other_mark_around(
        &self,
        b: u32,
        scan: &FieldScan,
        text: &str,
        m: &Mention,
    ) -> Option<String> {
        if m.role == Role::Model {
            return None;
        }
        let (s, e) = scan.folded.original_span(m.start, m.end)?;
        let written = text.get(s..e)?;
        // A weak name written right after another well-known mark (`Land Rover Defender`)
        // is that mark's product, named by an ordinary word.
        // (Weak names only: a strong one after another mark is a list of makers,
        // `fits Canon Nikon Sony`.)
        if m.weak
            && !m.evasion.any()
            && let Some(mark) = self.mark_before(b, text, s)
        {
            return Some(format!("{mark} {written}"));
        }
        // Most names are no word of such a mark: one lookup, then nothing more.
        if written.contains(char::is_whitespace) || !self.goods.in_mark_of_words(written) {
            return None;
        }
        let word = |w: &&str| !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || c == '\'');
        let before: Vec<&str> = text
            .get(..s)?
            .split_whitespace()
            .rev()
            .take(2)
            .take_while(word)
            .collect();
        let after: Vec<&str> = text
            .get(e..)?
            .split_whitespace()
            .take(2)
            .take_while(word)
            .collect();
        // (Only words apart from the mention: `Leeds` is no word around `Lee`.)
        let glued_before = text
            .get(..s)
            .is_some_and(|t| t.ends_with(|c: char| !c.is_whitespace()));
        let glued_after = text
            .get(e..)
            .is_some_and(|t| t.starts_with(|c: char| !c.is_whitespace()));
        let brand = self.registry.brands.get(b as usize)?;
        let own = |n: &str| {
            brand
                .names()
                .any(|o| o.trim().eq_ignore_ascii_case(n.trim()))
        };
        // Every word of such a mark is a word of the marks of several words: the words
        // around that are not end the phrases to look up.
        let marked = |words: &[&str]| {
            words
                .iter()
                .take_while(|w| self.goods.in_mark_of_words(w))
                .count()
        };
        let nb = if glued_before { 0 } else { marked(&before) };
        let na = if glued_after { 0 } else { marked(&after) };
        // Words before the name at least, unless the name is an alias: a mark that starts
        // with the brand's own name is mostly the brand's (`Apple Watch`, `Nintendo
        // Switch`), one that starts with a short alias another's (`Tiger Balm` beside
        // Onitsuka Tiger's `Tiger`).
        let alias = !self
            .mention_name(m)
            .trim()
            .eq_ignore_ascii_case(brand.name.trim());
        for i in usize::from(!alias)..=nb {
            for j in 0..=na {
                if i + j == 0 {
                    continue;
                }
                let head: Vec<&str> = before[..i].iter().rev().copied().collect();
                let (head, tail) = (head.join(" "), after[..j].join(" "));
                let phrase = [head.as_str(), written, tail.as_str()]
                    .iter()
                    .filter(|p| !p.is_empty())
                    .copied()
                    .collect::<Vec<_>>()
                    .join(" ");
                if !self.goods.is_mark(&phrase) || own(&phrase) {
                    continue;
                }
                // (The brand's own name with its own line is its own: `Nintendo Switch`.)
                let own_parts = (i > 0 && own(&head)) || (j > 0 && own(&tail));
                // …and so is a mark that starts with an alias, for goods all of the
                // brand's classes (`CK One`, a Calvin Klein scent), unlike `Tiger Balm`
                // beside Onitsuka Tiger's `Tiger`.
                let brand_classes = self.brand_classes.get(b as usize).map_or(0, |c| c.0);
                let own_line = i == 0 && brand_classes != 0 && {
                    let classes = self.goods.mark_classes(&phrase);
                    classes != 0 && classes & !brand_classes == 0
                };
                if !own_parts && !own_line {
                    return Some(phrase);
                }
            }
        }
        None
    }

    /// The well-known mark of one or two words written right before byte `s` of `text`
    /// (apart from it, by a space), when it is none of brand `b`'s own names and not also
    /// an ordinary word (`Apple`, `Coach`): `Land Rover` before `Defender`.
    fn mark_before(&self, b: u32, text: &str, s: usize) -> Option<String> {
        let head = text.get(..s)?;
        if !head.ends_with(' ') {
            return None;
        }
        let word = |w: &&str| {
            !w.is_empty() && w.chars().all(|c| c.is_alphanumeric() || "'&-.".contains(c))
        };
        let before: Vec<&str> = head
            .split_whitespace()
            .rev()
            .take(2)
            .take_while(word)
            .collect();
        let brand = self.registry.brands.get(b as usize)?;
        for n in (1..=before.len()).rev() {
            let mark: Vec<&str> = before[..n].iter().rev().copied().collect();
            let mark = mark.join(" ");
            if self.goods.is_brand_only_word(&mark)
                && !brand.names().any(|o| o.trim().eq_ignore_ascii_case(&mark))
            {
                return Some(mark);
            }
        }
        None
    }

    /// The text of the first mention, where every one is a Latin misspelling of a name
    /// that is no word of the English lists, frequency list or dictionary (`Tiile`):
    /// `None` where any is not.
    fn misspelt_as_no_word<'t>(
        &self,
        scan: &FieldScan,
        text: &'t str,
        mentions: &[&Mention],
    ) -> Option<&'t str> {
        let mut first = None;
        for m in mentions {
            let w = scan.folded.original(text, m.start, m.end);
            let lower = w.to_ascii_lowercase();
            // (Not a short word of capitals one look-alike from the name, `TOK` for TDK:
            // such a word is as often another maker's acronym as a disguise.)
            let no_word = m.evasion.typo
                && !m.evasion.look_alike
                && m.role != Role::Model
                && !w.is_empty()
                && w.bytes().all(|c| c.is_ascii_alphabetic())
                && !self.words.dictionary_word(lower.as_bytes());
            if !no_word {
                return None;
            }
            first.get_or_insert(w);
        }
        first
    }

    /// The phrase a weak mention makes with what is written before it, when every
    /// mention in the title does:
    /// - a Chinese name that is an ordinary Chinese word, glued to the characters before
    ///   it (`琥珀化石`, amber fossil: [`chinese_phrase`]);
    /// - a mention written as an ordinary English word of four letters or more, either a
    ///   misspelling that is a word (`Lining` for `Li-Ning`) or a name that is itself an
    ///   ordinary word (`Craftsman`, `Gates`, `Buds`), after a word it combines with
    ///   (`Fleece Lining`, `Master Craftsman`, `Sliding Gates`): not a number, a word of
    ///   [`LEAD_WORDS`], a goods word ending one part of a keyword title, a name of any
    ///   brand, or the brand's own name misspelt (`Conserve Chuck Taylor`).
    ///
    /// `None` where one mention stands as a name: at the head of the title or of one of
    /// its parts (after punctuation), or after such a word. (Names that are ordinary
    /// words were first left out: the word before them then removed as many true
    /// findings as false ones on the held-out corpora. Measured again on 2026-12-02 they
    /// removed 6 false and 2 true findings there, and 1 false one on a new blind corpus:
    /// docs/brands.md.)
    fn phrase_before(
        &self,
        b: u32,
        scan: &FieldScan,
        text: &str,
        mentions: &[&Mention],
        spans: &[(usize, usize, u32)],
    ) -> Option<String> {
        let brand = self.registry.brands.get(b as usize)?;
        let mut first = None;
        for m in mentions {
            let (s, e) = scan.folded.original_span(m.start, m.end)?;
            let written = text.get(s..e)?;
            let why = self
                .weak_reason_of(b, m)
                .or_else(|| self.soft_reason_of(b, m));
            // What the product fits is judged as compatibility, below.
            if self.is_compat(scan, m) {
                return None;
            }
            if written.chars().all(normalize::is_cjk) {
                if !matches!(
                    why,
                    Some(CHINESE_WORD | CHINESE_COMPOUNDS | CHINESE_DICTIONARY)
                ) {
                    return None;
                }
                // …or with what follows, for a name of two characters (longer ones are
                // rarely words that make phrases: `爱马仕铂金包`), unless a longer name of
                // the brand starts with it (`汤米希尔菲格` for `汤米希尔费格`).
                let longer = || {
                    brand.names().any(|n| {
                        // The longer name goes on as the text does (`汤米·希尔费格`:
                        // its Chinese characters).
                        let han: String = n.chars().filter(|c| normalize::is_cjk(*c)).collect();
                        let rest = han.strip_prefix(written).unwrap_or_default();
                        let next = rest.chars().next();
                        next.is_some() && text[e..].chars().next() == next
                    })
                };
                let after = || {
                    (written.chars().count() == 2 && !longer())
                        .then(|| chinese_phrase_after(text, s, e, &self.words, spans))
                        .flatten()
                };
                first.get_or_insert(chinese_phrase(text, s, e).or_else(after)?);
                continue;
            }
            // A misspelling that is a word (`Lining` for `Li-Ning`), or a name that is
            // an ordinary word (`Master Craftsman`, `Sliding Gates`, `Ear Buds`).
            let word_written = (why.is_none() && m.weak || why == Some(ORDINARY_WORD))
                && written.len() >= 4
                && written.chars().all(|c| c.is_ascii_alphabetic())
                && self
                    .words
                    .en_rank(written.to_ascii_lowercase().as_bytes())
                    .is_some();
            if !word_written {
                return None;
            }
            let before = text.get(..s)?;
            // Glued to what precedes it (`GUCC1lining`): not a word of its own.
            if before
                .chars()
                .next_back()
                .is_some_and(|c| !c.is_whitespace())
            {
                return None;
            }
            let before = before.trim_end();
            let word = before
                .rsplit(char::is_whitespace)
                .next()
                .filter(|w| !w.is_empty())?;
            if !word
                .chars()
                .all(|c| c.is_alphabetic() || c == '\'' || c == '’')
                || word.chars().any(normalize::is_cjk)
            {
                return None;
            }
            let lower = word.to_lowercase().replace('’', "'");
            if LEAD_WORDS.contains(&lower.as_str()) {
                return None;
            }
            let ws = before.len() - word.len();
            let ends_here = |end: usize| end > ws && end <= s;
            // A goods word before it ends one part of a keyword title (`Mens Watch
            // Tissot`); a brand's name before it is that brand's (`GG Supreme`).
            if spans.iter().any(|&(_, ge, _)| ends_here(ge))
                || scan.mentions.iter().any(|o| {
                    scan.folded
                        .pos
                        .get(o.end.saturating_sub(1))
                        .is_some_and(|p| ends_here(p.orig_end as usize))
                })
            {
                return None;
            }
            // The brand's own name misspelt or scrambled (`Conserve Chuck Taylor`).
            let w = lower.as_bytes();
            let own = std::iter::once(&brand.name).chain(&brand.aliases).any(|n| {
                let n = n.to_lowercase();
                let n = n.as_bytes();
                let mut a = w.to_vec();
                let mut c = n.to_vec();
                a.sort_unstable();
                c.sort_unstable();
                fuzzy::typo_allowed(w, n) || (a == c && w.first() == n.first())
            });
            if own {
                return None;
            }
            first.get_or_insert_with(|| format!("{word} {written}"));
        }
        first
    }

    /// An acronym the listing writes out (`MCM` beside `Mid Century Modern`): when every
    /// mention of brand `b` in `text` is a weak acronym of two to four letters, written in
    /// capitals, and consecutive words elsewhere in `text` start with its letters in order.
    /// The acronym and the words.
    fn spelt_out(
        &self,
        b: u32,
        scan: &FieldScan,
        text: &str,
        mentions: &[&Mention],
    ) -> Option<(String, String)> {
        let mut first = None;
        for m in mentions {
            let (s, e, written) = self.acronym_written(b, scan, text, m)?;
            let n = written.len();
            if !(2..=4).contains(&n) || !written.bytes().all(|c| c.is_ascii_uppercase()) {
                return None;
            }
            // Words of letters outside the mention, with their offsets.
            let mut words: Vec<(usize, &str)> = Vec::new();
            let mut from = None;
            for (i, c) in text
                .char_indices()
                .chain(std::iter::once((text.len(), ' ')))
            {
                if c.is_ascii_alphabetic() {
                    from.get_or_insert(i);
                } else if let Some(at) = from.take()
                    && (i <= s || at >= e)
                {
                    words.push((at, &text[at..i]));
                }
            }
            let found = words.windows(n).find(|win| {
                // Consecutive in the text: only separators between them.
                win.windows(2).all(|p| {
                    text[p[0].0 + p[0].1.len()..p[1].0]
                        .chars()
                        .all(|c| !c.is_alphanumeric())
                }) && win
                    .iter()
                    .zip(written.bytes())
                    .all(|(&(_, w), c)| w.len() >= 2 && w.as_bytes()[0].eq_ignore_ascii_case(&c))
            })?;
            let start = found[0].0;
            let last = found[n - 1];
            first.get_or_insert((
                written.to_string(),
                text[start..last.0 + last.1.len()].to_string(),
            ));
        }
        first
    }

    /// Where mention `m` of brand `b` is written in `text`, and as what, when it is a weak
    /// acronym (`None` otherwise).
    fn acronym_written<'t>(
        &self,
        b: u32,
        scan: &FieldScan,
        text: &'t str,
        m: &Mention,
    ) -> Option<(usize, usize, &'t str)> {
        if m.role == Role::Model || self.weak_reason_of(b, m) != Some(ACRONYM) {
            return None;
        }
        let (s, e) = scan.folded.original_span(m.start, m.end)?;
        Some((s, e, text.get(s..e)?))
    }

    /// The label, when every mention of brand `b` in `text` is a weak acronym written in
    /// Latin letters with `类` (class) or `级` (grade) glued after it: `AB类 功放` is a
    /// class-AB amplifier, `A级` a grade, whoever made them.
    fn class_label(
        &self,
        b: u32,
        scan: &FieldScan,
        text: &str,
        mentions: &[&Mention],
    ) -> Option<String> {
        let mut first = None;
        for m in mentions {
            let (_, e, written) = self.acronym_written(b, scan, text, m)?;
            let after = text.get(e..)?.chars().next()?;
            if !written.bytes().all(|c| c.is_ascii_alphanumeric()) || !matches!(after, '类' | '级')
            {
                return None;
            }
            first.get_or_insert(format!("{written}{after}"));
        }
        first
    }

    /// The adjective and the word it describes, when every mention of brand `b` in `text`
    /// is a weak name written as the registry spells it that is one word, an adjective
    /// that inflects for degree (`Fresh`, `Lush`), followed after a space by an ordinary
    /// word that no goods term of the lexicon starts and no brand's name holds (`Fresh
    /// Mint lip balm`, `Lush Lashes mascara`): the adjective describes that word, as it
    /// would on any maker's goods. (`Sharp Air Purifier`, `Lush Bath Bombs`: a goods
    /// term follows, and the word stands as the maker's name before its goods.)
    fn adjective_before_noun(
        &self,
        b: u32,
        scan: &FieldScan,
        text: &str,
        mentions: &[&Mention],
        spans: &[(usize, usize, u32)],
    ) -> Option<(String, String)> {
        let mut first = None;
        for m in mentions {
            if m.role == Role::Model
                || m.evasion.any()
                || self.weak_reason_of(b, m) != Some(ORDINARY_WORD)
            {
                return None;
            }
            let (s, e) = scan.folded.original_span(m.start, m.end)?;
            let written = text.get(s..e)?;
            let lower = written.to_ascii_lowercase();
            if !written.bytes().all(|c| c.is_ascii_alphabetic())
                || !self.words.gradable_adjective(lower.as_bytes())
            {
                return None;
            }
            // One space, then a word of letters, not the start of a longer word joined by
            // an apostrophe or a hyphen (`Men's`, `Mid-Century`).
            let rest = text.get(e..)?.strip_prefix(' ')?;
            let ns = e + 1;
            let len = rest
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len());
            let noun = &rest[..len];
            if len < 3 || rest[len..].starts_with(['\'', '’', '-']) {
                return None;
            }
            let noun_lower = noun.to_ascii_lowercase();
            if self.words.en_rank(noun_lower.as_bytes()).is_none()
                || LEAD_WORDS.contains(&noun_lower.as_str())
                || spans.iter().any(|&(gs, ge, _)| gs <= ns && ns < ge)
                || scan.mentions.iter().any(|o| {
                    scan.folded
                        .original_span(o.start, o.end)
                        .is_some_and(|(os, oe)| os < ns + len && ns < oe)
                })
            {
                return None;
            }
            first.get_or_insert((written.to_string(), noun.to_string()));
        }
        first
    }

    /// A word of `text` (outside every brand's mentions) written like a name or alias of
    /// brand `b` ([`fuzzy::resembles`], over as many words as the name has), or a window
    /// of Chinese characters equal to a Chinese name of three characters or more but for
    /// one: the word and the name it resembles. `with_line`: one of the brand's product
    /// lines is named in the listing, so the word is the second of two mentions and may
    /// lie further from the name ([`fuzzy::resembles_loosely`]: `Vossil Machine` for
    /// Fossil's Machine), and for names of six letters or more may be one of the
    /// commonest words.
    fn resembling_word(
        &self,
        b: u32,
        scan: &FieldScan,
        text: &str,
        with_line: bool,
    ) -> Option<(String, String)> {
        let names = self.resemble.get(b as usize)?;
        // Words that name a brand (this one or another: `Deli` is no `Dell` misspelt);
        // the field's mentions hold the brand's own.
        let free = |s: usize, e: usize| {
            !scan.mentions.iter().any(|m| {
                scan.folded
                    .original_span(m.start, m.end)
                    .is_some_and(|(ts, te)| s < te && ts < e)
            })
        };
        let bytes = text.as_bytes();
        // Words of ASCII letters and digits, with their spans (room for a title's words
        // at once: growing the list word by word cost more than the comparisons).
        // Each word carries its first letter in lower case, the first test of a window.
        let mut tokens: Vec<(usize, usize, u8)> = Vec::with_capacity(32);
        let mut i = 0;
        while i < bytes.len() {
            if !bytes[i].is_ascii_alphanumeric() {
                i += 1;
                continue;
            }
            let st = i;
            i += 1;
            while i < bytes.len() && bytes[i].is_ascii_alphanumeric() {
                i += 1;
            }
            tokens.push((st, i, bytes[st].to_ascii_lowercase()));
        }
        let mut chars: Option<Vec<(usize, char)>> = None;
        let mut written = Vec::new();
        for r in names {
            match r {
                Resemble::Chinese(n, han) => {
                    if text.is_ascii() {
                        continue;
                    }
                    let chars = chars.get_or_insert_with(|| text.char_indices().collect());
                    for w in chars.windows(han.len()) {
                        // One character differs at most: the first or the second agrees.
                        if w[0].1 != han[0] && w[1].1 != han[1] {
                            continue;
                        }
                        let mut odd = w.iter().zip(han).filter(|((_, a), b)| a != *b);
                        let (Some(((_, c), _)), None) = (odd.next(), odd.next()) else {
                            continue;
                        };
                        // Names of three characters only with one masked (`泡x特`): most
                        // differ from a word by one character (`大白兔`, `大白菜`).
                        // A space or a stop is no letter: the name is not in the window.
                        let letter = c.is_alphanumeric() || normalize::is_mask(*c);
                        let (s, last) = (w[0].0, w[w.len() - 1]);
                        let e = last.0 + last.1.len_utf8();
                        if letter && (han.len() >= 4 || !normalize::is_cjk(*c)) && free(s, e) {
                            return Some((text[s..e].to_string(), n.clone()));
                        }
                    }
                }
                Resemble::Latin(n, parts, joined) => {
                    // Names shorter than four letters resemble no word (`fuzzy::resembles`).
                    if joined.len() < 4 {
                        continue;
                    }
                    let first = joined[0];
                    for w in tokens.windows(*parts) {
                        // Cheap tests first: the first letter, a length within two edits.
                        if w[0].2 != first && !with_line {
                            continue;
                        }
                        let (s, e) = (w[0].0, w[w.len() - 1].1);
                        let letters: usize = w.iter().map(|&(a, z, _)| z - a).sum();
                        if letters.abs_diff(joined.len()) > 2 {
                            continue;
                        }
                        written.clear();
                        for &(a, z, _) in w {
                            written.extend(bytes[a..z].iter().map(u8::to_ascii_lowercase));
                        }
                        // The cheap tests before the comparison: a word that names a
                        // brand, and the commonest words of the language, one letter from
                        // many a short name (`work` for `Worx`, `tidy` for `Tide`), are
                        // passed over whatever they resemble.
                        if !written.iter().all(u8::is_ascii_alphabetic)
                            || !free(s, e)
                            || !(with_line && joined.len() >= 6)
                                && self
                                    .words
                                    .en_rank(&written)
                                    .is_some_and(|r| r < COMMON_RANK)
                        {
                            continue;
                        }
                        if fuzzy::resembles(&written, joined)
                            || with_line && fuzzy::resembles_loosely(&written, joined)
                        {
                            return Some((text[s..e].to_string(), n.clone()));
                        }
                    }
                }
            }
        }
        None
    }

    /// Whether the letters a mention hides behind masks could as well spell a common
    /// English word other than its name (`L**K`: look, luck, lack). Only a name of one
    /// word of ASCII letters written with as many characters as it has letters, half of
    /// them or more hidden (`T*le` stays Tile's, though `tale` fits).
    fn mask_fits_other_word(&self, scan: &FieldScan, text: &str, m: &Mention) -> bool {
        let name = self.mention_name(m).trim().to_ascii_lowercase();
        if name.is_empty() || !name.bytes().all(|c| c.is_ascii_lowercase()) {
            return false;
        }
        let written = scan.folded.original_masked(text, m.start, m.end);
        let masked: Vec<u8> = written
            .chars()
            .map(|c| {
                if c.is_ascii_alphabetic() {
                    c.to_ascii_lowercase() as u8
                } else {
                    b'?'
                }
            })
            .collect();
        let hidden = masked.iter().filter(|&&c| c == b'?').count();
        masked.len() == name.len()
            && hidden * 2 >= masked.len()
            && self.words.other_word_fills(&masked, name.as_bytes())
    }

    /// Whether a Chinese product line reads as a description: a word of the Chinese
    /// lists, or three characters or more ending in a common two-character noun (`蓝气球`
    /// blue balloon, `小金条` small gold bar; not `饺子包`, `小棕瓶`).
    fn descriptive_chinese(&self, name: &str) -> bool {
        if !name.chars().all(normalize::is_cjk) {
            return false;
        }
        let n = name.chars().count();
        let tail = name
            .char_indices()
            .nth(n.saturating_sub(2))
            .map_or("", |(at, _)| &name[at..]);
        self.words.zh_word(name) || (n >= 3 && self.words.zh_pair(tail))
    }

    /// Whether a mention sits right after a compatibility phrase (`compatible with`,
    /// `for`, `适用于`) or right before a compatibility suffix (`compatible`, `兼容`).
    /// Between them may sit other brand names, model numbers and a few filler words.
    /// Where a name that is a word (an ordinary word, a dictionary word known as a mark,
    /// a name of three letters or fewer) stands apart from the goods, the first mention
    /// as written: it neither opens the title nor stands right before a product word
    /// (sizes and counts between allowed, [`sizes_only`]), nor names only what the
    /// product fits. A short name (`short`) also counts right after a product word
    /// (`handbag LV`); a longer one written in capitals in a title that is not counts
    /// too (`Jacket ONLY Denim`). `None` where the name stands as a maker's.
    fn read_as_word<'t>(
        &self,
        scan: &FieldScan,
        text: &'t str,
        mentions: &[&Mention],
        spans: &[(usize, usize, u32)],
        short: bool,
    ) -> Option<&'t str> {
        if self.all_compat(scan, text, mentions)
            || short
                && mentions
                    .iter()
                    .any(|m| right_after_goods(scan, text, m, spans))
        {
            return None;
        }
        // An ordinary word mid-title stands for the maker before a product word only
        // after a word describing the goods (`Waterproof Marmot Rain Jacket`,
        // `Pre-seasoned Lodge 12 inch skillet`, `Inverter Whirlpool 9kg Washing Machine`);
        // after any other word it is part of a phrase naming the goods' look, scent or
        // matter (`Forest Glade Scented Candle`, `Genuine Marmot Fur Trim Hood`, `Rice
        // Essence Toner`). An acronym is not so read.
        let near = |before: &str, between: &str| {
            sizes_only(between) && (short || self.describes_goods(before, spans))
        };
        first_apart(scan, text, mentions, spans, near)
            .filter(|w| short || !capitals_in_mixed_case(text, w))
    }

    /// Whether the word that ends `before` (the text before a mention) describes the
    /// goods: a generic goods phrase's last word (`waterproof`, `pre-seasoned`) or the
    /// end of a product word of the lexicon (`inverter`). `spans` are the goods words'
    /// byte spans in the text `before` starts.
    fn describes_goods(&self, before: &str, spans: &[(usize, usize, u32)]) -> bool {
        let head = before.trim_end();
        let word = head
            .rsplit(|c: char| c.is_whitespace())
            .next()
            .unwrap_or("")
            .trim_matches(|c: char| !c.is_alphanumeric());
        !word.is_empty()
            && (self.words.generic_phrase(word) || spans.iter().any(|&(_, ge, _)| ge == head.len()))
    }

    /// Whether every mention of `mentions` (one brand's, in one field) names what the
    /// product fits: each follows a compatibility phrase ([`Self::is_compat`]), or is a
    /// product line or model number written after one that does, as lists of what a part
    /// fits go on (`适用于丰田 卡罗拉 凯美瑞 RAV4`, `for Toyota Corolla 87139-YZZ08`).
    fn all_compat(&self, scan: &FieldScan, text: &str, mentions: &[&Mention]) -> bool {
        // The first mention after a phrase, and the first product line or model number
        // not after one; a name or alias not after one ends the question.
        let (mut first, mut rest) = (None::<usize>, None::<usize>);
        // A name the listing denies (`Not Korg Original`), or any name of a listing that
        // says its goods are a third party's (`第三方配件 非原装`), does not end it, once
        // another mention is what the product fits.
        let mut excused = false;
        for m in mentions {
            if self.is_compat(scan, m) {
                first = Some(first.map_or(m.start, |f| f.min(m.start)));
            } else if denied(scan, text, m)
                || (matches!(m.role, Role::Name | Role::Alias)
                    && scan.unbranded.is_some_and(|t| {
                        THIRD_PARTY.contains(&self.matcher.text(t).to_lowercase().as_str())
                    }))
            {
                excused = true;
            } else if matches!(m.role, Role::ProductLine | Role::Model) {
                rest = Some(rest.map_or(m.start, |r| r.min(m.start)));
            } else {
                return false;
            }
        }
        if excused && first.is_none() {
            return false;
        }
        match (first, rest) {
            (_, None) => true,
            (Some(f), Some(r)) => r > f,
            (None, Some(_)) => false,
        }
    }

    fn is_compat(&self, scan: &FieldScan, m: &Mention) -> bool {
        let f = &scan.folded;
        let tokens_between = |from: usize, to: usize| -> Option<usize> {
            // Tokens strictly between skeleton byte offsets `from` (exclusive end of the
            // left item) and `to` (start of the right item), if all are skippable.
            if from > to {
                return None;
            }
            let mut count = 0;
            let mut i = from;
            while i < to {
                let start = i;
                // One written word: tokens glued by a class change (`EC685`, `GP270AAHC`)
                // are one code, not a short word and a number.
                let mut tok = f.pos[i].token;
                loop {
                    while i < to && f.pos[i].token == tok {
                        i += 1;
                    }
                    if i < to
                        && matches!(f.pos[i].sep, Sep::None)
                        && f.skeleton[i].is_ascii_alphanumeric()
                        && f.skeleton[i - 1].is_ascii_alphanumeric()
                        && !scan.mentions.iter().any(|o| o.start <= i && i < o.end)
                    {
                        tok = f.pos[i].token;
                        continue;
                    }
                    break;
                }
                let word = &f.skeleton[start..i];
                let covered = scan.mentions.iter().any(|o| o.start <= start && i <= o.end)
                    || scan.models.iter().any(|&(_, _, s, e)| s <= start && i <= e);
                if covered {
                    // Other brand names, product lines (`for Apple iPhone`) and model
                    // numbers (`for BX-01 BX-02 Beyblade X`) are free.
                    continue;
                }
                // Digits, model codes (`A15`, `XF`, `S`) and fillers.
                let skippable = f.pos[start].class == Class::Digit
                    || word.iter().any(u8::is_ascii_digit)
                    || (word.len() <= 3
                        && word.iter().all(u8::is_ascii_alphabetic)
                        && self.words.en_rank(word).is_none())
                    || COMPAT_FILLERS.contains(&word);
                if !skippable {
                    return None;
                }
                count += 1;
            }
            Some(count)
        };
        let before = |m: &Mention| {
            scan.compat.iter().any(|&(_, e, _)| {
                e <= m.start && tokens_between(e, m.start).is_some_and(|n| n <= 3)
            })
        };
        // A part named after the vehicle (`福田 欧马可 前大灯`) fits it, unless the listing
        // says the part is the maker's own (`原厂 正品`, `genuine`).
        let after = scan
            .suffixes
            .iter()
            .any(|&(s, _, _)| s >= m.end && tokens_between(m.end, s).is_some_and(|n| n <= 3))
            && !claims_genuine(&f.skeleton);
        if before(m) || after {
            return true;
        }
        // A name that follows one the fits phrase covers, with at most one word between
        // (`for Delta PLC DVP series`), is in the same phrase.
        scan.mentions.iter().any(|o| {
            o.brand == m.brand
                && o.end <= m.start
                && {
                    let mut toks: Vec<u32> = (o.end..m.start)
                        .filter(|&i| f.skeleton[i].is_ascii_alphanumeric() || f.skeleton[i] >= 0x80)
                        .map(|i| f.pos[i].token)
                        .collect();
                    toks.dedup();
                    toks.len() <= 1
                }
                && before(o)
        })
    }

    fn price_signal(
        &self,
        brand: &Brand,
        line: Option<(&str, &Money)>,
        price: Option<&str>,
    ) -> Option<String> {
        let (what, reference) = match line {
            Some((name, r)) => (format!("{name:?}"), r),
            None => (brand.name.clone(), brand.reference_price.as_ref()?),
        };
        let text = price?;
        let parsed = price::parse(text)?;
        let rates = &self.registry.pricing.usd_rates;
        let ref_usd = reference.amount * price::usd_rate(&reference.currency, rates)?;
        let (usd, assumed) = match parsed.currency {
            Some(c) => (parsed.amount * price::usd_rate(c, rates)?, false),
            None => (
                parsed.amount * price::usd_rate(&reference.currency, rates)?,
                true,
            ),
        };
        let ratio = usd / ref_usd;
        if ratio >= self.far_below {
            return None;
        }
        let pct = (ratio * 100.0).max(0.0);
        let pct = if pct < 1.0 {
            "under 1%".to_string()
        } else {
            format!("{pct:.0}%")
        };
        Some(format!(
            "price {text:?}{} is {pct} of the reference price of {what}, {:.2} {} (below {:.0}%)",
            if assumed {
                format!(" (read as {})", reference.currency)
            } else {
                String::new()
            },
            reference.amount,
            reference.currency,
            self.far_below * 100.0
        ))
    }
}

/// The host and path of a store URL (or of `host/path` text without a scheme), without
/// scheme, query or trailing slash: the part of the address a seller chooses.
fn url_host(u: &str) -> Option<String> {
    let u = u.trim();
    let parsed = if u.contains("://") {
        url::Url::parse(u).ok()?
    } else {
        url::Url::parse(&format!("https://{u}")).ok()?
    };
    let host = parsed.host_str()?.to_ascii_lowercase();
    let path = parsed.path().trim_end_matches('/');
    Some(format!("{host}{path}"))
}

/// `s` cut to at most `max` bytes at a char boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

/// Lowercase, canonical composition, whitespace runs as one space: the spelling as
/// written, without folding look-alikes (fullwidth `Ｎｉｋｅ` stays different from `nike`).
fn nfc_lower(s: &str) -> String {
    let lower: String = s.nfc().flat_map(char::to_lowercase).collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether two spellings are the same once [`nfc_lower`]ed. ASCII text (nearly every
/// mention) is compared word by word without allocating: composition and Unicode
/// lowercasing are the identity and ASCII lowercasing there.
fn same_spelling(a: &str, b: &str) -> bool {
    if a.is_ascii() && b.is_ascii() {
        // Written as the registry has it but for case (most mentions).
        if a.eq_ignore_ascii_case(b) {
            return true;
        }
        let mut x = a.split_whitespace();
        let mut y = b.split_whitespace();
        loop {
            match (x.next(), y.next()) {
                (None, None) => return true,
                (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
                _ => return false,
            }
        }
    }
    nfc_lower(a) == nfc_lower(b)
}

/// `text` with its full-width ASCII forms (U+FF01–U+FF5E) and ideographic spaces written
/// as ASCII, with the byte of `text` each byte of the result comes from; `None` when
/// `text` has none (most titles), so that it is read as it is.
fn narrow(text: &str) -> Option<(String, Vec<u32>)> {
    let wide = |c: char| matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{3000}');
    if text.is_ascii() || !text.chars().any(wide) {
        return None;
    }
    let mut out = String::with_capacity(text.len());
    let mut back = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let c = match c {
            '\u{3000}' => ' ',
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            c => c,
        };
        out.push(c);
        back.extend(std::iter::repeat_n(at as u32, c.len_utf8()));
    }
    Some((out, back))
}

/// The ASCII shadow of `text` that model expressions written in ASCII read, one byte for
/// each character, with the byte of `text` each comes from: ASCII as it is, full-width
/// forms as the ASCII they stand for, white space as a space, Chinese, Japanese and
/// Korean characters as a separator (byte 1: no letter, digit or space), other letters
/// and digits as `_` (a word character, as they are to `\b`), anything else as byte 1.
fn ascii_shadow(text: &str) -> (String, Vec<u32>) {
    let mut out = Vec::with_capacity(text.len());
    let mut back = Vec::with_capacity(text.len());
    for (at, c) in text.char_indices() {
        let b = match c {
            _ if c.is_ascii() => c as u8,
            '\u{FF01}'..='\u{FF5E}' => (c as u32 - 0xFF01 + 0x21) as u8,
            _ if c.is_whitespace() => b' ',
            _ if normalize::is_cjk(c) => 1,
            _ if c.is_alphanumeric() => b'_',
            _ => 1,
        };
        out.push(b);
        back.push(at as u32);
    }
    // Every byte is ASCII.
    (String::from_utf8(out).unwrap_or_default(), back)
}

fn kind_of(m: &Mention, matched_text: &str, name: &str) -> MatchKind {
    if m.role == Role::Model {
        return MatchKind::Model;
    }
    // Written exactly like the registry has it (modulo case and spaces): no evasion, even
    // if the registry's own spelling is non-ASCII (`Hermès`).
    if !m.evasion.typo && same_spelling(matched_text, name) {
        return match m.role {
            Role::Name => MatchKind::Exact,
            Role::Alias | Role::ProductLine | Role::Model => MatchKind::Alias,
        };
    }
    let e = m.evasion;
    if e.coded {
        MatchKind::Masked
    } else if e.typo {
        MatchKind::Typo
    } else if e.masked {
        MatchKind::Masked
    } else if e.homoglyph {
        MatchKind::Homoglyph
    } else if e.leet {
        MatchKind::Leetspeak
    } else if e.spacing || e.apart {
        MatchKind::Spacing
    } else {
        match m.role {
            Role::Name => MatchKind::Exact,
            Role::Alias | Role::ProductLine | Role::Model => MatchKind::Alias,
        }
    }
}

fn kind_words(k: MatchKind) -> &'static str {
    match k {
        MatchKind::Exact => "exact",
        MatchKind::Alias => "alias",
        MatchKind::Homoglyph => "look-alike characters",
        MatchKind::Spacing => "separators inside the name",
        MatchKind::Leetspeak => "leetspeak",
        MatchKind::Typo => "misspelling",
        MatchKind::Masked => "masked letters",
        MatchKind::Model => "model number",
    }
}

fn evasion_words(e: Evasion) -> Vec<&'static str> {
    let mut out = Vec::new();
    if e.homoglyph {
        out.push("look-alike characters from other scripts or fullwidth forms");
    }
    if e.leet {
        out.push("digits or symbols for letters (leetspeak)");
    }
    if e.spacing {
        out.push("separators or invisible characters inside the name");
    }
    if e.pinyin {
        out.push("the Chinese name spelt in pinyin");
    } else if e.look_alike {
        out.push(
            "a short name in capitals with a capital or digit of like shape for a letter (DKNV, M1B), another letter for one after the first (UNU) or two letters changed round (JTS)",
        );
    } else if e.typo {
        out.push("misspelling (repeated, dropped or changed letter)");
    }
    if e.masked {
        out.push("letters hidden behind * _ • ? or #");
    }
    if e.coded {
        out.push("a code name of the trade (X家, 双C, double C)");
    }
    out
}

impl Detector {
    /// The English compound (`coral reef`, `Tile Cutter`) that the one Latin word at
    /// `s..e` of `text` makes with the word right before or after it (one space or hyphen
    /// between; the word after also read without a plural `s`), unless the compound is one
    /// of `brand`'s own names.
    fn compound_around(&self, brand: &Brand, text: &str, s: usize, e: usize) -> Option<String> {
        let written = text.get(s..e)?;
        if written.len() < 2 || !written.bytes().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let before = word_next_to(text.get(..s)?, true);
        let after = word_next_to(text.get(e..)?, false);
        let own = |c: &str| brand.names().any(|n| n.trim().eq_ignore_ascii_case(c));
        let found = |first: &str, second: &str, shown: String| {
            (self.words.english_compound(first, second) && !own(&shown)).then_some(shown)
        };
        if let Some((w, sep)) = before
            && let Some(c) = found(w, written, format!("{w}{sep}{written}"))
        {
            return Some(c);
        }
        let (w, sep) = after?;
        let single = w
            .strip_suffix("es")
            .filter(|r| r.ends_with(['s', 'x', 'z']) || r.ends_with("ch") || r.ends_with("sh"))
            .or_else(|| w.strip_suffix('s').filter(|r| !r.ends_with('s')))
            .unwrap_or(w);
        found(written, w, format!("{written}{sep}{w}"))
            .or_else(|| found(written, single, format!("{written}{sep}{w}")))
    }

    /// Another maker's name written right before one of `mentions` (model numbers of
    /// brand `b`), as a maker's code is written after its name: the name and the code as
    /// written, where the name is a well-known mark ([`goods::Goods::maker_at_end`]) that
    /// makes goods of the listing's classes (or whose classes are unknown) and is none of
    /// the brand's own names.
    fn maker_before_code<'t>(
        &self,
        b: u32,
        scan: &FieldScan,
        text: &'t str,
        mentions: &[&Mention],
        listing: ClassSet,
    ) -> Option<(&'t str, &'t str)> {
        let brand = self.registry.brands.get(b as usize)?;
        mentions.iter().find_map(|m| {
            let (s, e) = scan.folded.original_span(m.start, m.end)?;
            let (maker, classes) = self.goods.maker_at_end(text.get(..s)?, listing)?;
            let own = brand.names().any(|n| same_letters(n, maker));
            let makes = classes == 0 || listing == 0 || classes & listing != 0;
            (!own && makes).then_some((maker, text.get(s..e)?))
        })
    }

    /// Whether model expression `i` is broad ([`broad_expression`]).
    fn broad_model(&self, i: u32) -> bool {
        self.models
            .as_ref()
            .and_then(|ms| ms.broad.get(i as usize))
            .copied()
            .unwrap_or(false)
    }
}

/// A listing's title, description and category read in simplified Chinese characters
/// ([`normalize::simplified`]), where any of them is written in traditional ones.
struct Simplified {
    title: Option<String>,
    description: Option<String>,
    category: Option<String>,
}

impl Simplified {
    /// `None` when no field holds a traditional character.
    fn of(subject: &Subject<'_>) -> Option<Self> {
        let read = Simplified {
            title: normalize::simplified(subject.title),
            description: subject.description.and_then(normalize::simplified),
            category: subject.category.and_then(normalize::simplified),
        };
        (read.title.is_some() || read.description.is_some() || read.category.is_some())
            .then_some(read)
    }

    /// `subject` with the fields read in simplified form.
    fn subject<'a>(&'a self, subject: &Subject<'a>) -> Subject<'a> {
        Subject {
            title: self.title.as_deref().unwrap_or(subject.title),
            description: self.description.as_deref().or(subject.description),
            category: self.category.as_deref().or(subject.category),
            ..*subject
        }
    }

    /// Puts back into `f` the matched text as the listing wrote it (the same bytes of the
    /// field: reading in simplified form keeps every offset), and says how it was read.
    fn restore(&self, subject: &Subject<'_>, f: &mut Finding) {
        let (read, written) = match f.field {
            "description" => (self.description.as_deref(), subject.description),
            _ => (self.title.as_deref(), Some(subject.title)),
        };
        let (Some(read), Some(written)) = (read, written) else {
            return;
        };
        let Some(at) = read.find(f.matched_text.as_str()) else {
            return;
        };
        let Some(original) = written.get(at..at + f.matched_text.len()) else {
            return;
        };
        if original != f.matched_text {
            f.signals.push(format!(
                "{} written in traditional Chinese characters: {original:?} read as {:?}",
                f.field, f.matched_text
            ));
            f.matched_text = original.to_string();
        }
    }
}

/// Words by which a listing says its goods are the maker's own: genuine, from the
/// original factory (`正品`, `原厂`, `原装`).
const GENUINE_WORDS: [&str; 4] = ["正品", "原厂", "原装", "genuine"];

/// Whether the folded text `skeleton` says its goods are genuine ([`GENUINE_WORDS`]).
fn claims_genuine(skeleton: &[u8]) -> bool {
    GENUINE_WORDS
        .iter()
        .any(|w| skeleton.windows(w.len()).any(|x| x == w.as_bytes()))
}

/// Whether two names are written with the same letters and digits, apart from case,
/// spaces and punctuation (`AB` and `A-B`, `Coca Cola` and `Coca-Cola`): one name written
/// two ways, which is not two of a brand's names together.
fn same_letters(a: &str, b: &str) -> bool {
    fn letters(s: &str) -> impl Iterator<Item = char> {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
    }
    letters(a).eq(letters(b))
}

/// A brand's Nice classes and whether they were inferred: the registry's `classes` and
/// `goods`; without them, the shipped marks file (by name and aliases) plus the goods
/// words in its aliases and product lines (`MK bag`, `Galaxy Watch`).
fn infer_classes(b: &Brand, goods: &Goods) -> (ClassSet, bool) {
    let mut own: ClassSet = b
        .classes
        .iter()
        .map(|&c| goods::class_bit(c))
        .fold(0, |a, c| a | c);
    for g in &b.goods {
        own |= goods.classify(g).classes;
    }
    if own != 0 {
        return (context::narrow_fashion_nine(own), false);
    }
    (core_classes_of(b, goods), true)
}

/// A brand's core classes from the shipped marks file (by name and aliases) and the goods
/// words in its aliases and product lines, whatever the registry lists.
fn core_classes_of(b: &Brand, goods: &Goods) -> ClassSet {
    let mut inferred = 0;
    for n in std::iter::once(&b.name).chain(&b.aliases) {
        inferred |= goods.mark_classes(n);
    }
    for n in b
        .aliases
        .iter()
        .map(String::as_str)
        .chain(b.product_lines.iter().map(|p| p.name()))
    {
        inferred |= head_goods_classes(n, goods);
    }
    inferred
}

/// The similar groups of class 9 that the goods words of a brand's aliases and product
/// lines name (`network switches` is 0901): what the brand makes within the class. Where
/// they name none, the groups the marks file gives for any of the brand's names (Nvidia's
/// 0901 and 0913); the registry's own words, where there are some, say what this entry
/// protects (a registry writing Konica Minolta's toner lines protects its printers, not
/// its colour meters).
fn nine_groups_of(b: &Brand, goods: &Goods) -> u32 {
    let named = b
        .aliases
        .iter()
        .map(String::as_str)
        .chain(b.product_lines.iter().map(|p| p.name()))
        .map(|n| goods.known_nine_groups(&goods.classify(n)))
        .fold(0, |a, g| a | g);
    if named != 0 {
        return named;
    }
    std::iter::once(&b.name)
        .chain(&b.aliases)
        .fold(0, |a, n| a | goods.mark_nine_groups(n))
}

/// The classes of the goods word a name ends with, after other words (`Pilot Pen`,
/// `Galaxy Watch 6`, `虎标万金油`): the head of the name says what the goods are. A
/// goods word that is the whole name (`Juice` pens, `Marshmallow` earphones) or only
/// qualifies what follows (`Drink Up` moisturiser, `黄金产地` cooking oil) names them
/// by something else. Trailing model designations (words with digits) are not the head.
fn head_goods_classes(name: &str, goods: &Goods) -> ClassSet {
    let mut end = name.trim_end().len();
    // Drop trailing words with digits (`6`, `S24`, `2024款`).
    loop {
        let head = name[..end].trim_end();
        // (After the separator, whatever its width: `　` is three bytes.)
        let start = head
            .char_indices()
            .rfind(|&(_, c)| c.is_whitespace() || c == '-')
            .map_or(0, |(i, c)| i + c.len_utf8());
        let last = &head[start..];
        if start > 0 && !last.is_empty() && last.chars().any(|c| c.is_ascii_digit()) {
            end = name[..start]
                .trim_end_matches(|c: char| c.is_whitespace() || c == '-')
                .len();
        } else {
            end = head.len();
            break;
        }
    }
    let head = &name[..end];
    let begin = head.len() - head.trim_start().len();
    let c = goods.classify(head);
    c.spans
        .iter()
        .zip(&c.span_classes)
        .filter(|&(&(s, e, _), _)| e == end && s > begin)
        .fold(0, |acc, (_, &classes)| acc | classes)
}

/// A word for a copy written against the brand's name in `text` (its byte span
/// `span`): `仿` right before it (`仿iRobot`, `仿林肯包装`: made to imitate), or the
/// name as a label applied (`贴晶科标`, `可贴邓禄普标`: the brand's label stuck on other
/// goods). Not where `仿` and the name's first character make another word of the lists
/// (`仿真`, `仿生`, `仿古`; the copy words `仿制`, `仿冒` still count), nor before a
/// texture (`仿鳄鱼纹`, `仿蛇皮`: made to look like the animal, not the mark). In English,
/// the name's label or logo offered ([`english_label`]).
fn copy_marker(
    text: &str,
    span: Option<(usize, usize)>,
    word: &dyn Fn(&str) -> bool,
) -> Option<&'static str> {
    let (s, e) = span?;
    let before = text.get(..s)?;
    let after = text.get(e..)?;
    // `仿鳄鱼纹`, `仿蛇皮`: a texture made to look like the thing the name means.
    let texture = after
        .chars()
        .next()
        .is_some_and(|c| "纹皮革毛木石色款型".contains(c));
    // `仿生`, `仿真`, `仿古`: 仿 and the name's first character make another word.
    let prefix_word = text
        .get(s..)
        .and_then(|t| t.chars().next())
        .is_some_and(|c| {
            let mut buf = [0u8; 8];
            let pair = {
                let n = '仿'.encode_utf8(&mut buf).len();
                let m = c.encode_utf8(&mut buf[n..]).len();
                std::str::from_utf8(&buf[..n + m]).unwrap_or_default()
            };
            word(pair) && !matches!(c, '制' | '冒')
        });
    if before.ends_with('仿') && !texture && !prefix_word {
        return Some("仿 (imitation of the name)");
    }
    let label = after.starts_with('标')
        || after.starts_with("商标")
        || after.starts_with("标签")
        || after.starts_with("logo")
        || after.starts_with("LOGO");
    if label && before.chars().rev().take(2).any(|c| c == '贴') {
        return Some("贴…标 (the name's label applied)");
    }
    english_label(before, after)
}

/// The English form of an applied label: the name followed by `label` or `logo`, offered
/// as an option (`Customized Jinko Label`, `Dunlop Label Available`, `print Nike logo`).
fn english_label(before: &str, after: &str) -> Option<&'static str> {
    // The words of a text (split at what is not a letter or digit), compared without
    // case and without a copy: this runs for every mention of every judged brand.
    fn words(t: &str) -> impl DoubleEndedIterator<Item = &str> {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
    }
    fn one_of(list: &[&str], w: &str) -> bool {
        list.iter().any(|l| w.eq_ignore_ascii_case(l))
    }
    if !after.starts_with(|c: char| c.is_whitespace() || c == '-') {
        return None;
    }
    let mut next = words(after).take(3);
    let label = next
        .next()
        .is_some_and(|w| one_of(&["label", "labels", "logo", "logos"], w));
    if !label {
        return None;
    }
    const OFFER_BEFORE: &[&str] = &[
        "custom",
        "customized",
        "customised",
        "customize",
        "print",
        "printed",
        "printing",
        "add",
        "your",
    ];
    const OFFER_AFTER: &[&str] = &[
        "available",
        "optional",
        "customized",
        "customised",
        "accepted",
        "printing",
    ];
    (words(before).rev().take(2).any(|w| one_of(OFFER_BEFORE, w))
        || next.any(|w| one_of(OFFER_AFTER, w)))
    .then_some("the name's label or logo offered for other goods")
}

/// Chinese titles say what an accessory or part fits anywhere in the title (`…手机壳 Galaxy
/// S24 防摔 适用`), and English ones lead with it (`Compatible toner cartridge TN-2420
/// for …`): such a title names brands as what it fits.
///
/// A Chinese compatibility word written against what follows it (`适用苹果华为`,
/// `兼容2400`, `替换刀头`) says what *that* fits or replaces, not the title's own brand:
/// only one standing alone (at the end, or before a space or punctuation) is read as
/// the title's. English titles leading with `Replacement` are parts for what they name.
fn fits_anywhere(text: &str) -> bool {
    const CHINESE: &[&str] = &["适用", "兼容", "适配", "替换"];
    let lead = text.trim_start();
    let leads_with = |w: &str| {
        lead.get(..w.len())
            .is_some_and(|l| l.eq_ignore_ascii_case(w))
            && lead[w.len()..]
                .chars()
                .next()
                .is_none_or(|c| !c.is_alphanumeric())
    };
    // ASCII text holds no Chinese word: only its lead is read.
    let alone = |w: &str| {
        text.match_indices(w).any(|(at, _)| {
            let rest = &text[at + w.len()..];
            let rest = rest.strip_prefix('于').unwrap_or(rest);
            rest.chars()
                .next()
                .is_none_or(|c| c.is_whitespace() || (!c.is_alphanumeric() && c != '-'))
        })
    };
    (!text.is_ascii() && CHINESE.iter().any(|w| alone(w)))
        || leads_with("compatible")
        || leads_with("replacement")
}

/// A text as `{:?}` writes it (in double quotes, escaped), without the escaping pass
/// for the plain ASCII that most names and sellers are: findings quote the listing's
/// words in every signal.
struct Quoted<'a>(&'a str);

impl Quoted<'_> {
    /// Whether `s` is printable ASCII with no quote or backslash, or Chinese characters,
    /// hangul, full-width forms and CJK punctuation (which `{:?}` writes as they are):
    /// quoted as it is, without the formatter's per-character tests.
    fn plain(s: &str) -> bool {
        s.chars().all(|c| {
            (matches!(c, ' '..='~') && c != '"' && c != '\\')
                || matches!(c,
                    '\u{4E00}'..='\u{9FFF}' // CJK unified ideographs
                    | '\u{AC00}'..='\u{D7A3}' // hangul syllables
                    | '\u{3001}'..='\u{3011}' // CJK punctuation: 、。《》【】
                    | '\u{FF01}'..='\u{FF5E}') // full-width forms
        })
    }
}

impl std::fmt::Display for Quoted<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if Quoted::plain(self.0) {
            f.write_str("\"")?;
            f.write_str(self.0)?;
            f.write_str("\"")
        } else {
            write!(f, "{:?}", self.0)
        }
    }
}

/// Appends `s` as [`Quoted`] writes it.
fn push_quoted(out: &mut String, s: &str) {
    if Quoted::plain(s) {
        out.push('"');
        out.push_str(s);
        out.push('"');
    } else {
        use std::fmt::Write as _;
        let _ = write!(out, "{:?}", s);
    }
}

/// The weak reason of a one-word English name.
const ORDINARY_WORD: &str = "an ordinary word";

/// The weak reason of a misspelling that is an ordinary word (`Beets` for Beats).
const MISSPELT_WORD: &str = "a misspelling that is itself an ordinary word";
/// Why an ordinary word one edit from the name, that the edit rules do not read, is weak.
const WORD_ONE_EDIT: &str = "an ordinary word one letter from the name: the word, unless a product line, a model number, a counterfeit indicator or the brand's other name stands with it";
/// Why a short name written in capitals with a look-alike swapped in is weak.
const CAPITAL_LOOK_ALIKE: &str = "a short word of capitals one letter or one swap from the name: as often another maker's acronym";

/// The weak reason of a Chinese name whose first or last character makes a common word
/// with the character beside it here (`宝贝亲肤` around `贝亲`).
const STRADDLING: &str = "written across the edge of an ordinary Chinese word here";

/// The weak reason of a name of several parts written here as one ordinary word
/// (`Lining` for Li-Ning).
const JOINED_WORD: &str = "a name of several parts written as one ordinary word here";

/// The weak reason of a code name of the trade (`C家`, `双C`): sellers' shorthand that
/// other words also make.
const CODE_NAME: &str = "a code name of the trade";

/// The weak reason of a Chinese name written by a homophone of two or three characters,
/// a look-alike character or shortened (`奈克`, `任天童`, `卡文克莱`).
const CHINESE_VARIANT: &str = "a homophone, look-alike or shortened form of a Chinese name";

/// The weak reason of a Chinese name of two characters written with one hidden (`耐*`).
const HALF_HIDDEN: &str = "a name of two characters with one hidden";

/// The weak reason of a name weak as written here for none of the reasons above.
const AS_WRITTEN: &str = "weak as written here";

/// The weak reason of a short Latin name.
const ACRONYM: &str = "an acronym of three letters or fewer";

/// The weak reason of a product line that every maker writes for its own goods.
const GENERIC_PHRASE: &str = "a generic goods phrase";

/// What a name of a brand is, for [`weak_reason`]: a product line or not, and whether the
/// brand's classes are known (from the registry or inferred).
#[derive(Clone, Copy)]
struct NameOf {
    line: bool,
    classes_known: bool,
}

/// Why one of a brand's names is weak, if it is: listed in `weak_names` (never when in
/// `strong_names`); an acronym of three letters or fewer; one word of the English list
/// that is not a known brand-only mark (names with inner capitals, `iPhone`, are coined
/// and stay strong); or a Chinese name inside ordinary compounds of the Chinese list.
fn weak_reason(
    b: &Brand,
    name: &str,
    goods: &Goods,
    words: &Words,
    senses: &senses::Senses,
    same_brand: &std::collections::HashSet<String>,
    of: NameOf,
) -> Option<&'static str> {
    let line = of.line;
    let listed = |list: &[String]| {
        list.iter()
            .any(|n| n.trim().to_lowercase() == name.trim().to_lowercase())
    };
    if listed(&b.strong_names) {
        return None;
    }
    if listed(&b.weak_names) {
        return Some("marked weak in the registry");
    }
    // A product line that is a generic goods phrase (`Trail Runner`, `超轻`): every maker
    // writes it for its own goods. A name or alias that is one (`Off-White`, a colour)
    // is weak too; goods of the brand's classes still corroborate a name.
    if words.generic_phrase(name) {
        return Some(GENERIC_PHRASE);
    }
    let f = fold(name);
    let skel = &f.skeleton;
    if skel.is_empty() {
        return None;
    }
    if f.pos.iter().all(|p| p.class == Class::Cjk) && senses.get(name).is_some() {
        return Some(CHINESE_WORD);
    }
    // A product line that is itself an ordinary Chinese word (`海马`, `星座`, `小新`).
    if line && f.pos.iter().all(|p| p.class == Class::Cjk) && words.zh_word(name.trim()) {
        return Some(CHINESE_WORD);
    }
    if f.pos.iter().all(|p| p.class == Class::Cjk) {
        let mut own = same_brand.clone();
        own.extend(
            std::iter::once(b.name.trim().to_string())
                .chain(b.aliases.iter().map(|a| a.trim().to_string())),
        );
        if words.zh_compounds(name.trim(), &own).next().is_some() {
            return Some(CHINESE_COMPOUNDS);
        }
        // A product line of ordinary Chinese words (`皇家橡树`, `精华面霜`, `沙漠靴`) is a
        // phrase anyone may write, as a Latin one is (`Garden Party`).
        let own: Vec<&str> = own.iter().map(String::as_str).collect();
        return (line && words.zh_phrase(name.trim(), &own)).then_some(CHINESE_PHRASE);
    }
    if !skel.iter().all(u8::is_ascii_alphabetic) {
        return None;
    }
    if skel.len() <= 3 {
        return Some(ACRONYM);
    }
    let one_word = f.pos.iter().skip(1).all(|p| p.sep == normalize::Sep::None);
    // Inner capitals inside a word (`iPhone`, `GoPro`, `MacBook`) mark a coined name;
    // capitals starting words (`Light Blue`) do not.
    let coined = context::coined(name);
    if one_word
        && !coined
        // Names and aliases by the frequency list. Product lines by the dictionary too:
        // they are named after the goods' world (`Flamenco`, `Submersible`), and titles
        // write those words for other makers' goods. So are names and aliases of a brand
        // whose goods are known (`Slinky`, `Kestrel`: rare words, but titles
        // write them in their senses too, and goods of the brand's classes still
        // corroborate them); a brand whose goods are unknown keeps a rare word strong,
        // since no goods could corroborate it.
        && (words.en_rank(skel).is_some()
            || (line || of.classes_known) && words.dictionary_word(skel)
            || senses.get(name).is_some())
        && !goods.is_brand_only_word(name)
    {
        return Some(ORDINARY_WORD);
    }
    // A product line of two or more ordinary words (`Garden Party`, `Return to Tiffany`,
    // `Dylan Blue`) is a phrase anyone may write.
    if line && !one_word && !coined && ordinary_phrase(name, words) {
        return Some(ORDINARY_PHRASE);
    }
    // A name or alias that spells another of the brand's names apart into words each
    // among the commonest of the language (`Double Star` beside `Doublestar`, `Eco Flow`
    // beside `EcoFlow`, `Three Gun` beside `Threegun`) reads as those words as readily as
    // a name written apart does (`Super Dry`): a name of ordinary words, which the
    // brand's goods corroborate. (`San Disk`, of no common words, stays the brand's.)
    if !line && !one_word && spells_apart_in_common_words(b, name, goods, words) {
        return Some(NAME_PHRASE);
    }
    // Names and aliases of several words are weak only when they are ordinary words and
    // nothing of the brand's or another mark's (`White Cat`); `Hugo Boss` and `New
    // Balance` (a mark) stay strong.
    if !line && !one_word && !coined && name_of_ordinary_words(b, name, goods, words) {
        return Some(NAME_PHRASE);
    }
    None
}

/// Whether `name`, of two or more words, is made of ordinary words (`White Cat`, `Three
/// Squirrels`): it reads as those words as readily as a one-word name does. Not when one
/// of its words is a mark's or the brand's own other name (`Nike Inc`, `Giant Bicycles`)
/// or a given name, it holds or spells apart another of the brand's names (`Red Bull
/// Energy Drink`, `San Disk`), or the marks file knows the whole as a brand's.
fn name_of_ordinary_words(b: &Brand, name: &str, goods: &Goods, words: &Words) -> bool {
    if !ordinary_phrase(name, words) || goods.is_brand_only_word(name) {
        return false;
    }
    let names = || std::iter::once(&b.name).chain(&b.aliases);
    let plain_words = name
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| {
            let lower = w.to_ascii_lowercase();
            !words.given_name(&lower)
                && !goods.is_brand_only_word(&lower)
                && names().all(|n| !n.trim().eq_ignore_ascii_case(w))
        });
    let letters = |n: &str| -> String {
        n.chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let spaced = |n: &str| {
        format!(
            " {} ",
            n.to_lowercase()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    plain_words
        && !names().any(|n| {
            !n.trim().eq_ignore_ascii_case(name.trim())
                && (letters(n) == letters(name)
                    || n.contains(' ') && spaced(name).contains(&spaced(n)))
        })
}

/// Whether `name`, of two or more words, joins into another one-word name of the brand
/// (`Eco Flow` and `EcoFlow`) and each of its words is among the commonest of the
/// language (a given name too: `Star`), neither the whole nor any word of it a mark known
/// as nothing but a brand.
fn spells_apart_in_common_words(b: &Brand, name: &str, goods: &Goods, words: &Words) -> bool {
    let letters = |n: &str| -> String {
        n.chars()
            .filter(char::is_ascii_alphabetic)
            .map(|c| c.to_ascii_lowercase())
            .collect()
    };
    let joined = letters(name);
    let pieces: Vec<String> = name
        .split_whitespace()
        .map(|w| w.to_ascii_lowercase())
        .collect();
    pieces.len() >= 2
        && name.chars().all(|c| c.is_ascii_alphabetic() || c == ' ')
        && !goods.is_brand_only_word(name)
        && pieces.iter().all(|w| {
            w.len() >= 2
                && !goods.is_brand_only_word(w)
                && words.en_rank(w.as_bytes()).is_some_and(|r| r < COMMON_RANK)
        })
        && std::iter::once(&b.name).chain(&b.aliases).any(|n| {
            let n = n.trim();
            !n.contains(char::is_whitespace) && n != name.trim() && letters(n) == joined
        })
}

/// Whether every word of `name` is in the English word list, two or more of them of
/// three letters or more (`Made in USA`, `Return to Tiffany`; `Mi Band` is a name), or
/// two or more joined by hyphens (`Slip-On`).
fn ordinary_phrase(name: &str, words: &Words) -> bool {
    let parts: Vec<&str> = name
        .split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .collect();
    // Two words of three letters or more (`Mi Band` is a name), or words joined by a
    // hyphen (`Slip-On`, `One-Key`).
    let hyphenated = name.contains('-') && !name.contains(' ');
    (parts.iter().filter(|w| w.len() >= 3).count() >= 2 || hyphenated && parts.len() >= 2)
        && name
            .chars()
            .all(|c| c.is_ascii_alphabetic() || c == ' ' || c == '-')
        && parts
            .iter()
            .all(|w| words.dictionary_word(w.to_ascii_lowercase().as_bytes()))
}

/// The place a name names when `rest` (the text right after it) starts with a word for a
/// town, village or county: a Chinese suffix (`镇`, `村`, `乡`, `县`) after a Chinese name,
/// an English word after a Latin one (`Town`, `Village`, `County`, `Township`). Returns
/// the name with that word.
fn place_after(rest: &str, name: &str) -> Option<String> {
    const ZH: &[char] = &['镇', '村', '乡', '县'];
    const EN: &[&str] = &["town", "village", "county", "township"];
    if name.chars().all(normalize::is_cjk) {
        let c = rest.chars().next().filter(|c| ZH.contains(c))?;
        return Some(format!("{}{c}", name.trim()));
    }
    let word = rest.strip_prefix(' ')?;
    let end = word
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(word.len());
    let w = &word[..end];
    EN.iter()
        .any(|p| w.eq_ignore_ascii_case(p))
        .then(|| format!("{} {w}", name.trim()))
}

/// A word of the Chinese lists (two to four characters) that crosses an edge of the
/// Chinese name at `s..e` of `text`: it starts before the name and ends inside it, or
/// starts inside it and ends after it (`行李` and `宁波` around `李宁` in `行李宁波`).
/// Words holding one of the brand's Chinese names (`own`) do not count (`茅台镇` for a
/// brand also called `茅台`).
/// `edges` says which edges to look at (start, end).
fn crossing_word(
    text: &str,
    s: usize,
    e: usize,
    edges: (bool, bool),
    own: &[&str],
    words: &Words,
) -> Option<String> {
    let name: Vec<(usize, char)> = text.get(s..e)?.char_indices().collect();
    if name.len() < 2 {
        return None;
    }
    let before: Vec<usize> = text[..s]
        .char_indices()
        .rev()
        .take_while(|(_, c)| normalize::is_cjk(*c))
        .take(3)
        .map(|(i, _)| i)
        .collect();
    let after: Vec<usize> = text[e..]
        .char_indices()
        .take_while(|(_, c)| normalize::is_cjk(*c))
        .take(3)
        .map(|(i, c)| e + i + c.len_utf8())
        .collect();
    let counts = |w: &str| {
        (2..=4).contains(&w.chars().count())
            && words.zh_word(w)
            && !own.iter().any(|o| w.contains(o))
    };
    // Starts before the name, ends inside it.
    for &from in before.iter().filter(|_| edges.0) {
        for &(inner, _) in name.iter().skip(1) {
            let w = &text[from..s + inner];
            if counts(w) {
                return Some(w.to_string());
            }
        }
    }
    // Starts inside the name, ends after it.
    for &(inner, _) in name.iter().skip(1).filter(|_| edges.1) {
        for &to in &after {
            let w = &text[s + inner..to];
            if counts(w) {
                return Some(w.to_string());
            }
        }
    }
    None
}

/// The Latin word right next to one end of a word: the word ending `text` (`before`) or
/// starting it, with the one space or hyphen between them, and only when letters alone make
/// it (two or more) and a space, a punctuation mark or the edge of the text bounds it.
fn word_next_to(text: &str, before: bool) -> Option<(&str, char)> {
    let sep = if before {
        text.chars().next_back()?
    } else {
        text.chars().next()?
    };
    if sep != ' ' && sep != '-' {
        return None;
    }
    let rest = if before {
        &text[..text.len() - 1]
    } else {
        &text[1..]
    };
    let bound = |c: char| !c.is_alphanumeric() && c != '\'' && c != '\u{2019}';
    let word = if before {
        let at = rest
            .char_indices()
            .rev()
            .find(|(_, c)| !c.is_ascii_alphabetic())
            .map_or(0, |(i, c)| i + c.len_utf8());
        if !rest[..at].chars().next_back().is_none_or(bound) {
            return None;
        }
        &rest[at..]
    } else {
        let at = rest
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(rest.len());
        if !rest[at..].chars().next().is_none_or(bound) {
            return None;
        }
        &rest[..at]
    };
    (word.len() >= 2).then_some((word, sep))
}

/// Units of size written apart from their number (`12 inch`, `2 x 500 ml`); counts are
/// [`COUNT_UNITS`].
const SIZE_UNITS: &[&str] = &[
    "x", "inch", "inches", "cm", "mm", "m", "ml", "l", "oz", "g", "lb", "lbs",
];

/// Whether mention `m` stands right after a product word of `spans` (byte spans in
/// `text`), with only spaces and punctuation between (`handbag LV`).
fn right_after_goods(
    scan: &FieldScan,
    text: &str,
    m: &Mention,
    spans: &[(usize, usize, u32)],
) -> bool {
    scan.folded
        .original_span(m.start, m.end)
        .is_some_and(|(s, _)| {
            spans.iter().any(|&(_, ge, _)| {
                ge <= s
                    && text
                        .get(ge..s)
                        .is_some_and(|b| b.chars().all(|c| !c.is_alphanumeric()))
            })
        })
}

/// Whether the words between a name and a product word are only sizes and counts (`12
/// inch`, `2 x 500ml`, `10 pcs`), or none: the name stands right before the product.
fn sizes_only(between: &str) -> bool {
    between.split_whitespace().all(|t| {
        t.bytes().any(|c| c.is_ascii_digit())
            || SIZE_UNITS
                .iter()
                .chain(COUNT_UNITS)
                .any(|u| t.eq_ignore_ascii_case(u))
            || t.chars().all(|c| !c.is_alphanumeric())
    })
}

/// Whether `w` is written in capitals (`ONLY`) in a title that has lower-case letters
/// elsewhere: the way titles set a maker's name apart from their words.
fn capitals_in_mixed_case(text: &str, w: &str) -> bool {
    w.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !w.chars().any(char::is_lowercase)
        && text.chars().any(char::is_lowercase)
}

/// Words of the English list ranked below this are the language's commonest.
const COMMON_RANK: u32 = 5_000;

/// Whether every word of the phrase `name` is among the commonest [`COMMON_RANK`] of the
/// English list (`Light Blue`, `Only the Brave`; not `Fresh Foam`, `Galaxy Buds`).
fn common_phrase(name: &str, words: &Words) -> bool {
    name.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| !w.is_empty())
        .all(|w| {
            words
                .en_rank(w.to_ascii_lowercase().as_bytes())
                .is_some_and(|r| r < COMMON_RANK)
        })
}

/// The whole code a model-number match at `s..e` of `hay` lies in: letters and digits
/// joined by `-`, `.` or `/` without spaces (`GA12` in `GA12-N20` is `GA12-N20`).
fn whole_code(hay: &str, s: usize, e: usize) -> &str {
    let part = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '/');
    let start = hay[..s]
        .char_indices()
        .rev()
        .take_while(|&(_, c)| part(c))
        .last()
        .map_or(s, |(i, _)| i);
    let end = hay[e..]
        .char_indices()
        .find(|&(_, c)| !part(c))
        .map_or(hay.len(), |(i, _)| e + i);
    hay[start..end].trim_matches(|c: char| !c.is_ascii_alphanumeric())
}

/// The quantity `text[s..e]` states, when it is a number (digits only) followed by a
/// unit that counts goods (`501 pcs`, `501件`) or measures them (`20000毫安`, `1800
/// lumens`).
fn quantity(text: &str, s: usize, e: usize) -> Option<String> {
    let number = text.get(s..e)?;
    if number.is_empty() || !number.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let rest = text.get(e..)?;
    let unit = rest.trim_start();
    let word_end = unit
        .find(|c: char| !c.is_ascii_alphabetic())
        .unwrap_or(unit.len());
    let latin = &unit[..word_end];
    if COUNT_UNITS.iter().any(|u| latin.eq_ignore_ascii_case(u)) {
        return Some(format!("{number} {latin}"));
    }
    // A unit of measure written as a word of its own (`1800 lumens`, `12 V`, not `12 V2`).
    if !latin.is_empty()
        && !unit[word_end..].starts_with(|c: char| c.is_alphanumeric())
        && MEASURE_UNITS
            .iter()
            .chain(SIZE_UNITS)
            .any(|u| latin.eq_ignore_ascii_case(u))
    {
        return Some(format!("{number} {latin}"));
    }
    // Chinese units, right after the number or after a space (`1800 流明`).
    let c = match rest.chars().next()? {
        ' ' => unit
            .chars()
            .next()
            .filter(|c| ZH_SPACED_UNITS.contains(c))?,
        c => c,
    };
    (ZH_COUNT_UNITS.contains(&c) || ZH_MEASURE_UNITS.contains(&c)).then(|| format!("{number}{c}"))
}

/// The first characters of Chinese units of measure and of time, right after a number
/// (`20000毫安`, `500克`, `2024年`, `1800流明`): a number so written is an amount, not a
/// code. So are counts of a product's parts and features (`12色`, `6孔`, `4路`).
const ZH_MEASURE_UNITS: &[char] = &[
    '毫', '克', '瓦', '伏', '安', '升', '寸', '尺', '元', '块', '万', '千', '年', '月', '日', '号',
    '度', '匹', '公', '厘', '英', '平', '立', '秒', '分', '时', '天', '岁', '次', '倍', '码', '转',
    '磅', '亩', '周', '流', '赫', '帧', '兆', '欧', '焦', '粒', '颗', '根', '副', '罐', '桶', '组',
    '份', '层', '档', '挡', '色', '孔', '位', '路', '口', '人',
];

/// Units of measure written as a word after a number (`1800 lumens`, `5000 mAh`, `12 V`),
/// besides the sizes of [`SIZE_UNITS`].
const MEASURE_UNITS: &[&str] = &[
    "lumens", "lumen", "lm", "mah", "ah", "w", "watt", "watts", "kw", "v", "volt", "volts", "kv",
    "va", "kva", "hz", "khz", "mhz", "ghz", "rpm", "ltr", "liter", "liters", "litre", "litres",
    "gb", "tb", "mb", "psi", "btu", "dpi", "gsm", "mw", "ft", "feet", "cfm", "db", "mph", "fps",
    "lux", "nm",
];

/// Chinese units of measure of more than one character, read after a space too (`1800
/// 流明`).
const ZH_SPACED_UNITS: &[char] = &['流', '毫', '赫', '帧', '兆', '欧', '焦'];

/// Words by which a listing says its goods are a third party's part or accessory (of the
/// registry's `unbranded_phrases`; not `private label` or `custom logo`, which say whose
/// brand the goods will carry).
const THIRD_PARTY: &[&str] = &[
    "generic",
    "aftermarket",
    "third party",
    "third-party",
    "3rd party",
    "3rd-party",
    "非原装",
    "非原厂",
    "副厂",
    "第三方",
];

/// Whether the listing denies mention `m` of `text`: `not` or `non` as the word right
/// before it and a word of the maker's own goods right after (`Not Korg Original`, `not
/// Graco brand`).
fn denied(scan: &FieldScan, text: &str, m: &Mention) -> bool {
    let Some((s, e)) = scan.folded.original_span(m.start, m.end) else {
        return false;
    };
    let word = |w: Option<(&str, char)>| w.map(|(w, _)| w.to_ascii_lowercase());
    matches!(
        word(word_next_to(&text[..s], true)).as_deref(),
        Some("not" | "non")
    ) && matches!(
        word(word_next_to(&text[e..], false)).as_deref(),
        Some("original" | "brand" | "branded" | "genuine" | "oem" | "product" | "made")
    )
}

/// Words that count goods after a number (`501 pcs`).
const COUNT_UNITS: &[&str] = &[
    "pcs", "pc", "piece", "pieces", "pair", "pairs", "set", "sets", "unit", "units", "lot", "lots",
    "box", "boxes", "carton", "cartons", "dozen", "roll", "rolls", "bag", "bags", "bottle",
    "bottles", "pack", "packs", "sheet", "sheets", "meter", "meters", "metres", "yard", "yards",
    "ton", "tons", "kg", "kgs", "items", "qty",
];

/// Chinese measure words that count goods after a number (`501件`).
const ZH_COUNT_UNITS: &[char] = &[
    '件', '个', '只', '套', '双', '条', '支', '箱', '包', '张', '片', '台', '瓶', '盒', '袋', '对',
    '把', '卷', '米', '吨', '斤',
];

/// Words that, right after a Chinese name that is an ordinary word, make it what the
/// goods show: a print, a pattern, a shape, a cartoon figure.
/// (Not `刺绣`, embroidery: an embroidered `鳄鱼` is Lacoste's logo.)
const DEPICTION_WORDS: &[&str] = &["印花", "图案", "造型", "卡通", "形状", "图样"];

/// Words of a shop's or firm's trade that, right after a Chinese name, make it the name
/// of a shop (`宏发五金建材`, a hardware and building-materials store; `金利商行`). Not
/// the words a maker's own company name ends with (`电子`, `科技`, `集团`), nor those
/// of a brand's own trade (`酒店`, `饭店`, `装饰`).
const SHOP_WORDS: &[&str] = &[
    "五金",
    "建材",
    "商行",
    "批发部",
    "经营部",
    "门市部",
    "商贸",
    "贸易",
    "水暖",
    "家具城",
    "商店",
];

/// Weak and soft reasons of Chinese names.
const CHINESE_WORD: &str = "an ordinary Chinese word";
const CHINESE_COMPOUNDS: &str = "part of ordinary Chinese compounds";
const CHINESE_DICTIONARY: &str = "a word of the Chinese dictionary";

/// Chinese words that may stand right before a brand's name without making a compound
/// with it: when and how the goods are sold, where they come from, who they are for.
const ZH_LEAD_BEFORE: &[&str] = &[
    "新款",
    "正品",
    "原装",
    "原厂",
    "官方",
    "专柜",
    "正版",
    "全新",
    "二手",
    "批发",
    "特价",
    "包邮",
    "爆款",
    "进口",
    "国行",
    "港版",
    "日本",
    "瑞士",
    "德国",
    "美国",
    "法国",
    "意大利",
    "英国",
    "韩国",
    "香港",
    "台湾",
    "男士",
    "女士",
    "男款",
    "女款",
    "男",
    "女",
    "儿童",
    "童",
    "款",
    "年",
    "季",
    "的",
    "和",
    "与",
    "及",
    "买",
    "送",
    "代购",
    "高仿",
    "复刻",
    "原单",
    "同款",
    "适用",
    "用于",
    "兼容",
    "适配",
    "配",
    "给",
];

/// The compound a Chinese weak name makes with the characters glued before it
/// (`琥珀化石`, amber fossil; `三叶虫化石`). `None` where it stands as a name: at the start
/// of the title or after a space, punctuation or Latin text, or after a word of
/// [`ZH_LEAD_BEFORE`] (`新款`, `日本`, `男士`). (A Chinese name glued to what follows it is
/// how Chinese titles write a brand: `索尼降噪耳机`.)
fn chinese_phrase(text: &str, s: usize, e: usize) -> Option<String> {
    let name = text.get(s..e)?;
    let before: Vec<char> = text[..s]
        .chars()
        .rev()
        .take_while(|c| normalize::is_cjk(*c))
        .take(4)
        .collect();
    let run: String = before.iter().rev().collect();
    if before.is_empty() || ZH_LEAD_BEFORE.iter().any(|w| run.ends_with(w)) {
        return None;
    }
    let tail: String = before.iter().take(2).rev().collect();
    Some(format!("{tail}{name}"))
}

/// Function words of [`LEAD_WORDS`]: a name after them does not open a title.
const FUNCTION_WORDS: &[&str] = &[
    "the", "a", "an", "for", "by", "with", "and", "or", "of", "from", "in", "on",
];

/// Whether the text before byte `s` of `text` is only punctuation, numbers,
/// [`LEAD_WORDS`] other than function words and Chinese [`ZH_LEAD_AFTER`] words
/// (`2024 New Wholesale Rolex …`, `2024新款正品大富翁`): the name at `s` then opens the
/// title.
fn opens_title(text: &str, s: usize) -> bool {
    let Some(before) = text.get(..s) else {
        return false;
    };
    before
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .all(|w| {
            let lower = w.to_lowercase();
            (LEAD_WORDS.contains(&lower.as_str()) && !FUNCTION_WORDS.contains(&lower.as_str()))
                || zh_lead_run(w)
        })
}

/// Whether `w` is made only of ASCII digits and [`ZH_LEAD_AFTER`] words (`2024新款正品`).
fn zh_lead_run(mut w: &str) -> bool {
    while !w.is_empty() {
        let digits = w.len() - w.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        if digits > 0 {
            w = &w[digits..];
        } else if let Some(lead) = ZH_LEAD_AFTER.iter().find(|l| w.starts_with(*l)) {
            w = &w[lead.len()..];
        } else {
            return false;
        }
    }
    true
}

/// How many words may stand between a weak name and the product word it names
/// (`LV print silk square scarf`): see [`apart_from_goods`].
const GOODS_AFTER_NAME: usize = 3;

/// The first mention, as written, when no mention opens `text` ([`opens_title`]) or has
/// a product word starting within [`GOODS_AFTER_NAME`] words after it:
/// `spans` are the goods words' byte spans in `text`. `None` when any mention does
/// either, or its place in `text` is unknown.
fn apart_from_goods<'t>(
    scan: &FieldScan,
    text: &'t str,
    mentions: &[&Mention],
    spans: &[(usize, usize, u32)],
) -> Option<&'t str> {
    let words = |t: &str| {
        t.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .count()
    };
    first_apart(scan, text, mentions, spans, |_, between| {
        words(between) <= GOODS_AFTER_NAME
    })
}

/// How many characters may stand between a Chinese weak name and the product word it
/// names (one separator: `斑马 中性笔`): see [`zh_apart_from_goods`].
const ZH_GOODS_AFTER_NAME: usize = 1;

/// The first mention, as written, when no mention opens `text` ([`opens_title`]) or has
/// a product word starting at most [`ZH_GOODS_AFTER_NAME`] characters after it: `spans`
/// are the goods words' byte spans in `text`. The Chinese counterpart of
/// [`apart_from_goods`]: Chinese titles write a maker's name against its goods.
fn zh_apart_from_goods<'t>(
    scan: &FieldScan,
    text: &'t str,
    mentions: &[&Mention],
    spans: &[(usize, usize, u32)],
) -> Option<&'t str> {
    first_apart(scan, text, mentions, spans, |_, between| {
        between.chars().count() <= ZH_GOODS_AFTER_NAME
    })
}

/// The first mention, as written, when no mention opens `text` or has a product word
/// after it with what stands `between` them `near` enough (`near(before, between)`,
/// `before` the text before the mention); `None` otherwise.
fn first_apart<'t>(
    scan: &FieldScan,
    text: &'t str,
    mentions: &[&Mention],
    spans: &[(usize, usize, u32)],
    near: impl Fn(&str, &str) -> bool,
) -> Option<&'t str> {
    let mut first = None;
    for m in mentions {
        let (s, e) = scan.folded.original_span(m.start, m.end)?;
        let names_goods = spans.iter().any(|&(gs, _, _)| {
            gs >= e
                && text
                    .get(e..gs)
                    .is_some_and(|between| near(&text[..s], between))
        });
        if opens_title(text, s) || names_goods {
            return None;
        }
        first = first.or_else(|| text.get(s..e));
    }
    first
}

/// The first mention written in lower case (`submersible`, `off white`) inside a title
/// written in sentence case: after its first word, its Latin words are mostly lower case
/// (three or more, at least twice as many as capitalised ones), so the capitals it has
/// mark names. `None` when a mention is capitalised, starts the title or follows a word
/// that is not in lower case, or the title is in title case, upper case or lower case
/// throughout.
fn lower_in_sentence_case<'t>(
    scan: &FieldScan,
    text: &'t str,
    mentions: &[&Mention],
) -> Option<&'t str> {
    let mut spans = Vec::with_capacity(mentions.len());
    for m in mentions {
        let (s, e) = scan.folded.original_span(m.start, m.end)?;
        let written = text.get(s..e)?;
        let lower = written.chars().any(|c| c.is_ascii_alphabetic())
            && !written.chars().any(|c| c.is_uppercase())
            && written.is_ascii();
        // …after a word in lower case too: a capitalised word before it may be a name
        // the line belongs to (`Krome Hearts floral cross`).
        let before = text[..s].split_whitespace().next_back()?;
        if !lower || !before.starts_with(|c: char| c.is_ascii_lowercase()) {
            return None;
        }
        spans.push((s, e));
    }
    let (mut lower, mut upper) = (0, 0);
    let mut at = 0;
    for (i, w) in text.split_whitespace().enumerate() {
        let ws = text[at..].find(w).map_or(at, |p| at + p);
        at = ws + w.len();
        if i == 0 || spans.iter().any(|&(s, e)| ws < e && s < at) {
            continue;
        }
        let letters = w.chars().filter(char::is_ascii_alphabetic).count();
        match w.chars().next() {
            Some(c) if c.is_ascii_lowercase() && letters >= 3 && letters == w.len() => lower += 1,
            Some(c) if c.is_ascii_uppercase() && letters >= 3 => upper += 1,
            _ => {}
        }
    }
    let (s, e) = *spans.first()?;
    (lower >= 3 && lower >= 2 * upper).then(|| &text[s..e])
}

/// The phrase a Chinese name makes with the word glued right after it (`工匠精神`
/// craftsmanship, `九阳神功` a kung-fu art, `精工抛光` fine polishing): the two characters
/// after it are a word of the two-character list, not one of [`ZH_LEAD_AFTER`] (which
/// follow a maker's name: `九阳家用`), and no goods word starts in the characters glued
/// after the name (`九阳豆浆机`, `精工夜光手表`). `spans` are the goods words' byte spans.
fn chinese_phrase_after(
    text: &str,
    s: usize,
    e: usize,
    words: &Words,
    spans: &[(usize, usize, u32)],
) -> Option<String> {
    let name = text.get(s..e)?;
    let rest = text.get(e..)?;
    let run_len: usize = rest
        .chars()
        .take_while(|c| normalize::is_cjk(*c))
        .map(char::len_utf8)
        .sum();
    let word: String = rest.chars().take(2).collect();
    let goods_in = |len: usize| spans.iter().any(|&(gs, _, _)| gs >= e && gs < e + len);
    // The name goes on as a longer foreign name written in transliteration characters
    // (`卡帕多奇亚`, Cappadocia, around Kappa's `卡帕`): two or more of them glued right
    // after it, no word of the lists.
    let foreign: String = rest
        .chars()
        .take_while(|c| TRANSLITERATION.contains(*c))
        .collect();
    if foreign.chars().count() >= 2
        && !goods_in(foreign.len())
        && !words.zh_word(&foreign)
        && !words.zh_word(&format!("{name}{foreign}"))
    {
        return Some(format!("{name}{foreign}"));
    }
    if goods_in(run_len)
        || run_len < word.len()
        || word.chars().count() < 2
        || !words.zh_pair(&word)
        || ZH_LEAD_AFTER.contains(&word.as_str())
    {
        return None;
    }
    Some(format!("{name}{word}"))
}

/// The characters Chinese writes foreign names with (the syllable table of the Xinhua
/// agency's transliteration of foreign personal names, common characters only).
const TRANSLITERATION: &str = "阿埃艾爱安昂奥巴拜班邦鲍贝本比宾波伯博布查达戴丹道德登迪蒂丁杜多厄恩尔法范菲芬丰弗福盖甘冈戈格贡古瓜圭哈汉豪赫亨霍基吉加贾杰卡凯坎康考科克肯库夸奎拉莱兰朗勒雷里利莉丽隆卢鲁伦罗洛迈曼芒梅蒙米密缅莫默姆穆纳奈南内尼纽努诺欧帕潘庞佩彭皮普奇齐契乔切琴丘萨赛桑瑟森沙莎尚舍施什舒斯苏索塔泰坦汤唐陶特滕提图托瓦万旺威韦维温沃乌伍西希锡谢辛休雅亚扬耶伊因尤扎泽詹兹祖佐";

/// Words that follow a maker's Chinese name without making a phrase with it: who the
/// goods are for, how they are sold, made or powered (`九阳家用`, `精工男士`).
const ZH_LEAD_AFTER: &[&str] = &[
    "家用", "官方", "正品", "原装", "新款", "同款", "专柜", "旗舰", "授权", "品牌", "系列", "经典",
    "限量", "正版", "原厂", "牌子", "男士", "女士", "男款", "女款", "男式", "女式", "儿童", "国产",
    "进口", "全新", "二手", "专用", "智能", "电动", "自动", "手动", "无线", "蓝牙", "便携", "迷你",
    "大号", "小号", "商用", "正宗", "高端", "豪华", "复古", "时尚", "休闲", "运动", "商务", "户外",
    "防水", "专业", "工业", "车载", "联名", "限定", "定制", "代购", "现货", "特价", "批发", "厂家",
    "工厂", "中国", "日本", "美国", "德国", "瑞士", "法国", "英国", "香港", "原单", "高仿", "复刻",
    "顶级", "一比", "精仿", "纯棉",
];

/// Words that may stand before a brand's name without making a phrase with it: who the
/// goods are for, how they are sold, made or offered (`Men's Gates belt`, `Original Lush
/// bath bombs`, `Wholesale Tudor watches`).
const LEAD_WORDS: &[&str] = &[
    "men",
    "men's",
    "mens",
    "man",
    "women",
    "women's",
    "womens",
    "woman",
    "ladies",
    "ladies'",
    "lady",
    "girls",
    "girl",
    "girls'",
    "boys",
    "boy",
    "boys'",
    "kids",
    "kid",
    "kids'",
    "children",
    "children's",
    "baby",
    "unisex",
    "teen",
    "adult",
    "new",
    "brand",
    "original",
    "genuine",
    "authentic",
    "official",
    "real",
    "wholesale",
    "hot",
    "sale",
    "top",
    "best",
    "oem",
    "odm",
    "the",
    "a",
    "an",
    "for",
    "by",
    "with",
    "and",
    "or",
    "of",
    "from",
    "in",
    "on",
    "used",
    "vintage",
    "classic",
    "latest",
    "lot",
    "bulk",
    "stock",
    "retail",
    "factory",
    "supplier",
    "dealer",
    "distributor",
    "exporter",
    "trader",
    "global",
    "version",
    "edition",
    "style",
    "design",
    "designer",
    "luxury",
    "premium",
    "quality",
    "cheap",
    "discount",
    "free",
    "fast",
    "shipping",
    "ship",
    "selling",
    "seller",
    "fashion",
    "famous",
    "branded",
    "popular",
    "trendy",
    "arrival",
    "arrivals",
    "direct",
    "logo",
];

/// Whether `name` followed by `rest` is a metric thread size: `M` and a diameter, then a
/// times sign and a pitch with decimals (`M18 x 1.5`, `M8×1.25`, `M10*1.0`).
fn metric_thread(name: &str, rest: &str) -> bool {
    let mut c = name.chars();
    if !matches!(c.next(), Some('M' | 'm')) {
        return false;
    }
    let diameter = c.as_str();
    if diameter.is_empty() || diameter.len() > 2 || !diameter.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let rest = rest.trim_start();
    let Some(rest) = rest.strip_prefix(['x', 'X', '*', '×']).map(str::trim_start) else {
        return false;
    };
    let whole: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let frac: String = rest[whole.len()..]
        .strip_prefix('.')
        .map(|r| r.chars().take_while(char::is_ascii_digit).collect())
        .unwrap_or_default();
    whole.len() == 1 && (1..=2).contains(&frac.len())
}

/// Whether an indicator is a replica grade written like a current rating (`5A`, `10A`).
fn amp_grade(t: &str) -> bool {
    t.len() >= 2 && t.ends_with(['a', 'A']) && t[..t.len() - 1].chars().all(|c| c.is_ascii_digit())
}

/// Whether a model number as written is specific: seven characters or more of letters and
/// digits, with both (`SRPD55K1`, `126610LN`, `HL-L2350DW`; not `M12`, `A1914`, `2024`,
/// and not six, `SRPD55`, `CF283A`: on blind corpora such codes alone, on goods the
/// lexicon did not know, were other products' thirteen times for once the brand's).
fn specific_code(code: &str) -> bool {
    let alnum = code.chars().filter(char::is_ascii_alphanumeric).count();
    alnum >= 7
        && code.chars().any(|c| c.is_ascii_digit())
        && code.chars().any(|c| c.is_ascii_alphabetic())
}

/// The weak reason of a product line made of ordinary words.
const ORDINARY_PHRASE: &str = "a phrase of ordinary words";
/// Why a name or alias of ordinary words is weak.
const NAME_PHRASE: &str = "a name of ordinary words";
/// The weak reason of a Chinese product line made of ordinary words.
const CHINESE_PHRASE: &str = "a phrase of ordinary Chinese words";
/// Why a one-word name written apart as common words is weak ([`Evasion::apart`]).
const WRITTEN_APART: &str = "written apart as common words";

/// Why a name that is not weak is still a dictionary word, if it is: one word of the
/// English list that `marks.toml` knows as a mark (`Hermes`, `Bosch`: the list has them
/// for the brand, but they are also a god and a painter), or a Chinese name that is
/// itself a word of the Chinese lists (`鳄鱼` crocodile, `博世`). Such a name is the
/// brand wherever the listing's goods are of its classes or unknown; on goods that are
/// all of other classes it needs corroboration like a weak name.
fn soft_reason(b: &Brand, name: &str, words: &Words) -> Option<&'static str> {
    let listed = |list: &[String]| {
        list.iter()
            .any(|n| n.trim().to_lowercase() == name.trim().to_lowercase())
    };
    if listed(&b.strong_names) {
        return None;
    }
    let n = name.trim();
    if n.chars().all(normalize::is_cjk) {
        return words.zh_word(n).then_some(CHINESE_DICTIONARY);
    }
    let f = fold(n);
    let one_word = f.pos.iter().skip(1).all(|p| p.sep == normalize::Sep::None);
    let coined = context::coined(n);
    (one_word
        && !coined
        && f.skeleton.len() >= 4
        && f.skeleton.iter().all(u8::is_ascii_alphabetic)
        && words.en_rank(&f.skeleton).is_some())
    .then_some("a dictionary word, though known as a mark")
}

#[cfg(test)]
mod tests;
