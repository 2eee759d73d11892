//! The compiled matcher: every brand name, alias, product line, void context and shared
//! term of a registry in one Aho–Corasick automaton over the leet-folded text (see
//! [`super::normalize`]), and a deletion-neighbourhood index for misspellings.
//!
//! Scanning a text is one automaton pass plus a few hash lookups per word, whatever the
//! number of brands. The misspelling layers (edit rules, sound and sight, scored
//! sound-alikes) are the expensive part: per word and per run of two or three words they
//! hash and probe several keys, and dense short consonant keys make many candidates to
//! score. Their answer is a pure function of the words, so a per-thread memo (`memo`)
//! keeps it: a word seen before (titles repeat `shoes`, `leather`, `wholesale` far more
//! often than they bring new words) costs one hash lookup.
//!
//! Each automaton hit is compared with the pattern's plain spelling: if the plain
//! skeleton agrees it is a plain hit, otherwise a leetspeak hit (brand names only, under
//! the leetspeak rules). A hit is only kept when it respects the rules that
//! keep matching honest:
//!
//! * **word boundaries** in Latin text: a hit must start and end where a word does
//!   (`pineapple`, `canonical` and `Bosch`/`Bose` do not match); CJK characters are words
//!   of their own, so CJK names match anywhere;
//! * **spacing**: separators inside a name are accepted where the name has them, and as
//!   evasion when they are invisible or punctuation (`L.V.`, `Lou-is`), or spaces that
//!   spell the name out letter by letter (`N I K E`) or split a name of six or more
//!   letters (`Vuit ton`); two ordinary words never join into a short name (`can on`);
//! * **terms** (indicators, compatibility phrases) match only as spelled, with exactly
//!   their own separators, so `1:1` is not `11`.
//!
//! This module reports hits with how they matched; it does not judge listings.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind as AcMatchKind};

use std::collections::HashMap;
use std::sync::Arc;

use pinyin::ToPinyin;

use super::chinese;
use super::fuzzy;
use super::normalize::{Class, Folded, Pos, Sep, fold, leet_fold};
use super::phonetic;
use super::words::Words;

/// What a pattern stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatKind {
    /// A brand's name (`role` 0), alias (1) or product line (2).
    Brand { brand: u32, role: Role },
    /// A phrase that voids the brand's matches it overlaps.
    VoidContext { brand: u32 },
    /// A word that voids the brand's matches in the same text.
    VoidTerm { brand: u32 },
    /// A counterfeit-indicator term (index into the term texts).
    Indicator { term: u32 },
    /// A phrase that cancels the indicators it overlaps.
    IndicatorExclusion,
    /// A compatibility phrase (goes before the brand).
    Compat { term: u32 },
    /// A compatibility suffix (goes after the brand).
    CompatSuffix { term: u32 },
    /// A word saying the goods carry no brand (`generic`, `无品牌`).
    Unbranded { term: u32 },
    /// A phrase that cancels the no-brand words it overlaps (`generic packaging`).
    UnbrandedExclusion,
}

/// Which of a brand's names matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// The canonical name.
    Name,
    /// An alias.
    Alias,
    /// A product line.
    ProductLine,
    /// A model number (found by the brand's `models` expressions, not by the automaton).
    Model,
}

/// Evasion techniques seen in one hit.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Evasion {
    pub homoglyph: bool,
    pub spacing: bool,
    pub leet: bool,
    pub typo: bool,
    /// Letters hidden behind `*`, `_`, `•`, `?` or `#`.
    pub masked: bool,
    /// A code name of the trade (`香家`, `L家`, `双C`) standing for the name.
    pub coded: bool,
    /// …one that other brands of the registry have too (`B家`).
    pub shared_code: bool,
    /// A Chinese name spelt in pinyin (`Laolishi` for 劳力士).
    pub pinyin: bool,
    /// A one-word name written apart, with plain spaces, as words that are each among the
    /// language's commonest (`Super Dry` for `Superdry`): an ordinary phrase, not a
    /// disguise (`spacing` stays false). The hit is weak.
    pub apart: bool,
    /// A Chinese name of two characters written with its second hidden (`耐*`, with
    /// `masked`): one character shown is a guess, so the mask is no evidence by itself.
    /// The hit is weak.
    pub half_hidden: bool,
    /// A short name written in capitals with one letter swapped for a capital or digit
    /// of like shape (`DKNV` for DKNY) or for another letter (`UNU` for UHU), or two of
    /// its letters changed round (`JTS` for JST), with `typo` ([`Matcher::scan_capitals`]).
    pub look_alike: bool,
    /// An ordinary word one edit from a name that the edit rules do not read (`Tempt`
    /// for Tempo), with `typo`: the word unless the brand's own marks stand with it (a
    /// product line, a model number, an indicator, its other name), never by the goods
    /// alone ([`fuzzy::Index::lookup_ordinary`]).
    pub word_edit: bool,
}

impl Evasion {
    pub fn any(self) -> bool {
        self.homoglyph || self.spacing || self.leet || self.typo || self.masked || self.coded
    }
}

#[derive(Debug, Clone)]
struct Meta {
    kind: PatKind,
    /// Skeleton byte offsets (within the pattern) preceded by a separator, with its kind.
    breaks: Box<[(u16, Sep)]>,
    /// Number of characters.
    chars: u16,
    /// All characters CJK.
    cjk: bool,
    /// Index of the display text.
    text: u32,
    /// The plain skeleton of the pattern.
    plain: Box<[u8]>,
    /// The pattern is a Chinese name spelt in pinyin (`laolishi` for 劳力士).
    pinyin: bool,
}

/// One accepted hit in a folded text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hit {
    pub kind: PatKind,
    /// Skeleton byte range.
    pub start: usize,
    pub end: usize,
    pub evasion: Evasion,
    /// Index of the pattern's display text ([`Matcher::text`]).
    pub text: u32,
    /// The name is weak (an ordinary word, a short acronym, part of ordinary compounds) or
    /// the misspelling is itself an ordinary word: it counts only with corroboration.
    pub weak: bool,
}

impl Hit {
    /// Whether this brand hit holds skeleton bytes `s..e` against a name found there later:
    /// it overlaps them and does not lie strictly inside them (a longer name written
    /// around a shorter one — `贵周茅台` around `茅台`, `Bro*her` around `her` — is the
    /// longer name).
    fn holds(&self, s: usize, e: usize) -> bool {
        matches!(self.kind, PatKind::Brand { .. })
            && self.start < e
            && s < self.end
            && !(s <= self.start && self.end <= e && self.end - self.start < e - s)
    }
}

/// A pattern before compilation.
pub(crate) struct PatternSpec {
    pub text: String,
    pub kind: PatKind,
    /// A weak brand name (see [`Hit::weak`]).
    pub weak: bool,
}

/// The compiled matcher.
#[derive(Debug, Clone)]
pub(crate) struct Matcher {
    automaton: Option<AhoCorasick>,
    metas: Vec<Vec<Meta>>,
    fuzzy: fuzzy::Index,
    /// Misspellings by sound and sight, scored (same ids as `fuzzy`).
    phonetic: phonetic::Index,
    /// Chinese homophones, masks and code names.
    chinese: chinese::Index,
    /// For chinese ids: (brand, role, text).
    chinese_targets: Vec<(u32, Role, u32)>,
    /// For fuzzy ids: (brand, role, text).
    fuzzy_targets: Vec<(u32, Role, u32)>,
    /// Names and aliases of three or four letters, by [`capital_key`]: read in a word of
    /// capitals with one letter swapped for a capital or digit of like shape
    /// ([`Matcher::scan_capitals`]).
    capitals: HashMap<u32, Vec<Capital>>,
    /// Names and aliases of three to six letters by [`wild_key`], once for each letter
    /// after the first hidden: read in a word of capitals with that one letter changed
    /// ([`Matcher::scan_capitals`]).
    capitals_wild: HashMap<u64, Vec<Capital>>,
    texts: Vec<String>,
    /// Per display text: the brand whose name, alias or product line it is.
    text_brands: Vec<Option<u32>>,
    /// Per display text: whether the name is weak.
    weak: Vec<bool>,
    /// The English word list: misspellings that are ordinary words are weak, or dropped
    /// when very common.
    words: Arc<Words>,
    /// Identifies this matcher in the per-thread word memo ([`memo`]).
    id: u64,
}

/// Names need this many characters to be matched through leetspeak.
const MIN_LEET_CHARS: usize = 4;
/// …and this many when the only substitution is `l` for `i` or back (`Guccl`, not `deli`).
const MIN_LI_SWAP_CHARS: usize = 5;
/// Words of one text checked for misspellings.
const MAX_TYPO_WORDS: usize = 64;
/// Words this common (rank in the English list) are never read as misspellings.
const STOP_RANK: u32 = 200;
/// Names this short must not touch digits.
const SHORT_NAME_CHARS: usize = 3;
/// Names up to this long are read in words of capitals with a look-alike swapped in
/// ([`Matcher::scan_capitals`]).
const CAPITAL_NAME_CHARS: usize = 4;
/// Names up to this long are read in words of capitals with one letter changed.
const WILD_NAME_CHARS: usize = 6;
/// Digits read as the capital they copy in [`Matcher::scan_capitals`].
const CAPITAL_DIGITS: [u8; 6] = [b'0', b'1', b'2', b'5', b'6', b'8'];
/// Pairs (written, name's letter) of capitals and digits alike in shape: `O` and `D` or
/// `Q`, `V` and `Y` or `U`, `E` and `F`, `P` and `R`, `C` and `G`, and the digits that
/// copy a capital (`0` O, `1` I or L, `2` Z, `5` S, `6` G, `8` B).
const CAPITAL_LOOK_ALIKES: [(u8, u8); 22] = [
    (b'o', b'd'),
    (b'd', b'o'),
    (b'o', b'q'),
    (b'q', b'o'),
    (b'v', b'y'),
    (b'y', b'v'),
    (b'v', b'u'),
    (b'u', b'v'),
    (b'e', b'f'),
    (b'f', b'e'),
    (b'p', b'r'),
    (b'r', b'p'),
    (b'c', b'g'),
    (b'g', b'c'),
    (b'0', b'o'),
    (b'1', b'i'),
    (b'1', b'l'),
    (b'2', b'z'),
    (b'5', b's'),
    (b'6', b'g'),
    (b'8', b'b'),
    (b'0', b'd'),
];

/// Space-split names need this many characters (unless spelled out letter by letter).
const MIN_SPACE_SPLIT_CHARS: usize = 6;
/// Words shorter than this are never read as masked by an `x` ([`Matcher::scan_x_masks`]).
const MIN_X_MASK_LEN: usize = 5;

/// A name of three or four letters (or a word of capitals and digits) with letters alike
/// in shape made one (`O D Q 0`, `V Y U`, `E F`, `P R`, `C G 6`, `I L 1`, `S 5`, `Z 2`,
/// `B 8`), packed with its length: the key [`Matcher::scan_capitals`] looks names up by.
fn capital_key(word: &[u8]) -> u32 {
    word.iter().fold(word.len() as u32, |k, &b| {
        let c = match b {
            b'd' | b'q' | b'0' => b'o',
            b'y' | b'u' => b'v',
            b'f' => b'e',
            b'r' => b'p',
            b'g' | b'6' => b'c',
            b'l' | b'1' => b'i',
            b'5' => b's',
            b'2' => b'z',
            b'8' => b'b',
            other => other,
        };
        (k << 7) ^ u32::from(c)
    })
}

/// The letters of a short word with the one at `k` hidden, packed with the length: the
/// key by which a word of capitals finds the names one letter from it.
fn wild_key(word: &[u8], k: usize) -> u64 {
    word.iter()
        .enumerate()
        .fold(word.len() as u64, |key, (i, &b)| {
            (key << 7) ^ u64::from(if i == k { b'?' } else { b })
        })
}

/// A name [`Matcher::scan_capitals`] reads: its letters (lower case, zero-padded), brand,
/// role and display text.
#[derive(Debug, Clone)]
struct Capital {
    plain: [u8; WILD_NAME_CHARS],
    brand: u32,
    role: Role,
    text: u32,
}

fn skeleton_meta(text: &str, kind: PatKind, text_idx: u32) -> Option<(Vec<u8>, Vec<u8>, Meta)> {
    let f = fold(text);
    if f.skeleton.is_empty() {
        return None;
    }
    let mut breaks = Vec::new();
    let mut chars = 0u16;
    let mut cjk = true;
    for (i, p) in f.pos.iter().enumerate() {
        if !p.char_start {
            continue;
        }
        chars = chars.saturating_add(1);
        cjk &= p.class == Class::Cjk;
        if i > 0 && matches!(p.sep, Sep::Punct | Sep::Space) {
            breaks.push((i as u16, p.sep));
        }
    }
    Some((
        f.skeleton.clone(),
        f.leet,
        Meta {
            kind,
            breaks: breaks.into_boxed_slice(),
            chars,
            cjk,
            text: text_idx,
            plain: f.skeleton.clone().into_boxed_slice(),
            pinyin: false,
        },
    ))
}

/// The toneless pinyin of a Chinese name, syllables apart (`lao li shi`), where it is
/// long enough (six letters) not to be a chance string and is not an English word.
fn pinyin_spelling(name: &str, words: &Words) -> Option<String> {
    let syllables: Option<Vec<&str>> = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_pinyin().map(|p| p.plain()))
        .collect();
    let syllables = syllables?;
    let joined: String = syllables.concat();
    (syllables.len() >= 3 && joined.len() >= 6 && words.en_rank(joined.as_bytes()).is_none())
        .then(|| syllables.join(" "))
}

/// The largest brand automaton built as a DFA, in bytes (estimated by [`dfa_bytes`]).
/// A DFA reads a title with one table look-up per byte, a contiguous NFA follows failure
/// links: with 1,000 brands × 5 aliases (5,170 patterns) the DFA takes 13 MB instead of
/// 0.4 MB and detection runs about 6 % fewer instructions and 25–30 % faster
/// (`examples/detect_profile.rs`). A larger table no longer stays in the processor's
/// caches: with 10,000 brands (107 MB) the DFA was slower than the NFA (61,000 against
/// 65,000 titles/s), so bigger registries keep the NFA.
const MAX_DFA_BYTES: usize = 32 << 20;

/// The size of a DFA over `patterns`, about: one state per node of their trie (the start
/// and each distinct prefix), each a row of 4-byte transitions as wide as the power of two
/// at or above the number of byte classes (the distinct bytes, and one class for the rest).
fn dfa_bytes(patterns: &[Vec<u8>]) -> usize {
    let mut seen = [false; 256];
    let mut sorted: Vec<&[u8]> = patterns.iter().map(Vec::as_slice).collect();
    sorted.sort_unstable();
    let mut states = 1usize;
    let mut before: &[u8] = &[];
    for p in sorted {
        let shared = p.iter().zip(before).take_while(|(a, b)| a == b).count();
        states += p.len() - shared;
        for &b in p {
            seen[usize::from(b)] = true;
        }
        before = p;
    }
    let classes = seen.iter().filter(|&&s| s).count() + 1;
    states
        .saturating_mul(classes.next_power_of_two())
        .saturating_mul(4)
}

fn build_ac(patterns: &[Vec<u8>]) -> Option<AhoCorasick> {
    if patterns.is_empty() {
        return None;
    }
    let kind = if dfa_bytes(patterns) <= MAX_DFA_BYTES {
        aho_corasick::AhoCorasickKind::DFA
    } else {
        aho_corasick::AhoCorasickKind::ContiguousNFA
    };
    AhoCorasickBuilder::new()
        .match_kind(AcMatchKind::Standard)
        .kind(Some(kind))
        .build(patterns)
        .ok()
}

impl Matcher {
    /// Compiles `specs`. `exclusions` are words never read as misspellings.
    pub fn new(
        specs: Vec<PatternSpec>,
        exclusions: &[String],
        typo_brands: &[bool],
        words: Arc<Words>,
    ) -> Self {
        let mut texts = Vec::with_capacity(specs.len());
        let mut weak = Vec::with_capacity(specs.len());
        let mut text_brands = Vec::with_capacity(specs.len());
        let mut index: std::collections::HashMap<Vec<u8>, usize> = Default::default();
        let mut patterns: Vec<Vec<u8>> = Vec::new();
        let mut metas: Vec<Vec<Meta>> = Vec::new();
        let mut fuzzy_names = Vec::new();
        let mut fuzzy_targets = Vec::new();
        let mut fuzzy_seen = std::collections::HashSet::new();
        let mut chinese_targets = Vec::new();
        let (mut cjk_names, mut initials, mut doubles) = (Vec::new(), Vec::new(), Vec::new());
        let mut capitals: HashMap<u32, Vec<Capital>> = HashMap::new();
        let mut capitals_wild: HashMap<u64, Vec<Capital>> = HashMap::new();
        let mut capitals_seen: std::collections::HashSet<([u8; WILD_NAME_CHARS], u32)> =
            std::collections::HashSet::new();

        for spec in specs {
            let text_idx = texts.len() as u32;
            let Some((skel, leet, meta)) = skeleton_meta(&spec.text, spec.kind, text_idx) else {
                continue;
            };
            texts.push(spec.text);
            text_brands.push(match spec.kind {
                PatKind::Brand { brand, .. } => Some(brand),
                _ => None,
            });
            weak.push(spec.weak);
            if let PatKind::Brand { brand, role } = spec.kind
                && role != Role::Model
            {
                let id = chinese_targets.len() as u32;
                let name = &texts[text_idx as usize];
                if meta.cjk && meta.chars >= 2 {
                    cjk_names.push((name.clone(), brand, id));
                    chinese_targets.push((brand, role, text_idx));
                } else if skel.len() == 2 && skel[0] == skel[1] && skel[0].is_ascii_alphabetic() {
                    doubles.push((skel[0], id));
                    chinese_targets.push((brand, role, text_idx));
                } else if role == Role::Name
                    && let Some(c) = name.trim().chars().next().filter(char::is_ascii_alphabetic)
                {
                    initials.push((c.to_ascii_uppercase(), brand, id));
                    chinese_targets.push((brand, role, text_idx));
                }
            }
            if let PatKind::Brand { brand, role } = spec.kind
                && matches!(role, Role::Name | Role::Alias)
                && (SHORT_NAME_CHARS..=WILD_NAME_CHARS).contains(&skel.len())
                && skel.iter().all(u8::is_ascii_lowercase)
                && meta.breaks.is_empty()
                && typo_brands.get(brand as usize).copied().unwrap_or(false)
            {
                let mut plain = [0u8; WILD_NAME_CHARS];
                plain[..skel.len()].copy_from_slice(&skel);
                let capital = Capital {
                    plain,
                    brand,
                    role,
                    text: text_idx,
                };
                if capitals_seen.insert((plain, brand)) {
                    for k in 1..skel.len() {
                        capitals_wild
                            .entry(wild_key(&skel, k))
                            .or_default()
                            .push(capital.clone());
                    }
                    if skel.len() <= CAPITAL_NAME_CHARS {
                        capitals
                            .entry(capital_key(&skel))
                            .or_default()
                            .push(capital);
                    }
                }
            }
            // Misspellings are matched for names and aliases, not product lines: those are
            // often near ordinary words (`Submariner`/`submarine`, `Sauvage`/`savage`).
            if let PatKind::Brand { brand, role } = spec.kind
                && role != Role::ProductLine
                && skel.iter().all(u8::is_ascii_alphabetic)
                && typo_brands.get(brand as usize).copied().unwrap_or(false)
                // Once per spelling and split into words: `Kitchen Aid` beside `KitchenAid`
                // makes `Kitchen Aidd` a run worth looking up.
                && fuzzy_seen.insert((skel.clone(), brand, spec_words(&skel, &meta)))
            {
                let words = spec_words(&skel, &meta);
                let id = fuzzy_targets.len() as u32;
                // A word sellers abbreviate (`Yves St Laurant`): the name so written is
                // misspelt too.
                if words.iter().any(|w| abbreviation(w).is_some()) {
                    let short: Vec<Vec<u8>> = words
                        .iter()
                        .map(|w| abbreviation(w).map_or_else(|| w.clone(), <[u8]>::to_vec))
                        .collect();
                    fuzzy_names.push((short.concat(), short, id));
                }
                fuzzy_names.push((skel, words, id));
                fuzzy_targets.push((brand, role, text_idx));
            }
            // A Chinese name of three or more characters, or alias, spelt in pinyin:
            // sellers write `Laolishi` for 劳力士 to slip past keyword filters.
            let spelt = match spec.kind {
                PatKind::Brand { role, .. }
                    if meta.cjk && meta.chars >= 3 && matches!(role, Role::Name | Role::Alias) =>
                {
                    pinyin_spelling(&texts[text_idx as usize], &words)
                }
                _ => None,
            };
            let i = *index.entry(leet.clone()).or_insert_with(|| {
                patterns.push(leet);
                metas.push(Vec::new());
                patterns.len() - 1
            });
            metas[i].push(meta);
            if let Some((_, leet, mut meta)) =
                spelt.and_then(|p| skeleton_meta(&p, spec.kind, text_idx))
            {
                meta.pinyin = true;
                let i = *index.entry(leet.clone()).or_insert_with(|| {
                    patterns.push(leet);
                    metas.push(Vec::new());
                    patterns.len() - 1
                });
                metas[i].push(meta);
            }
        }
        let excl: Vec<Vec<u8>> = exclusions.iter().map(|e| fold(e).skeleton).collect();
        let phonetic = phonetic::Index::new(
            fuzzy_names
                .iter()
                .map(|(skel, w, id)| (skel.clone(), w.clone(), *id)),
        );
        let chinese = chinese::Index::new(&cjk_names, &initials, &doubles);
        Matcher {
            automaton: build_ac(&patterns),
            metas,
            phonetic,
            chinese,
            chinese_targets,
            fuzzy: fuzzy::Index::new(fuzzy_names, &excl),
            fuzzy_targets,
            capitals,
            capitals_wild,
            texts,
            text_brands,
            weak,
            words,
            id: memo::next_id(),
        }
    }

    /// A hit at skeleton bytes `s..e` for misspelling-index entry `id`; weak if its name
    /// is, or if `word` (the text written is an ordinary word).
    fn fuzzy_hit(&self, id: u32, s: usize, e: usize, evasion: Evasion, word: bool) -> Option<Hit> {
        let &(brand, role, text) = self.fuzzy_targets.get(id as usize)?;
        Some(Hit {
            kind: PatKind::Brand { brand, role },
            start: s,
            end: e,
            evasion,
            text,
            weak: word || self.is_weak(text),
        })
    }

    /// Whether display text `idx` is a weak name.
    fn is_weak(&self, idx: u32) -> bool {
        self.weak.get(idx as usize).copied().unwrap_or(false)
    }

    /// The display text of a pattern.
    pub fn text(&self, idx: u32) -> &str {
        self.texts.get(idx as usize).map_or("", String::as_str)
    }

    /// Identifies this matcher (and the detector built around it) in per-thread memos.
    pub fn id(&self) -> u64 {
        self.id
    }

    /// The number of display texts.
    pub fn text_count(&self) -> usize {
        self.texts.len()
    }

    /// The brand a display text is a name, alias or product line of.
    pub fn text_brand(&self, idx: u32) -> Option<u32> {
        self.text_brands.get(idx as usize).copied().flatten()
    }

    /// Every accepted hit in `f`, appended to `out`.
    pub fn scan(&self, f: &Folded, out: &mut Vec<Hit>) {
        let first = out.len();
        if let Some(ac) = &self.automaton {
            for m in ac.find_overlapping_iter(&f.leet) {
                let (s, e) = (m.start(), m.end());
                let Some(metas) = self.metas.get(m.pattern().as_usize()) else {
                    continue;
                };
                for meta in metas {
                    let plain = f.skeleton[s..e] == *meta.plain;
                    let evasion = if plain {
                        accept(f, s, e, meta, false, &self.words)
                    } else if matches!(meta.kind, PatKind::Brand { .. })
                        && (leet_substitution_ok(f, s, e, meta)
                            || capital_look_alike(f, s, e, meta))
                    {
                        accept(f, s, e, meta, true, &self.words)
                            .map(|ev| Evasion { leet: true, ..ev })
                    } else {
                        None
                    };
                    if let Some(mut evasion) = evasion {
                        if meta.pinyin {
                            evasion.typo = true;
                            evasion.pinyin = true;
                        }
                        let straddles = meta.cjk
                            && matches!(meta.kind, PatKind::Brand { .. })
                            && self.straddles(f, s, e);
                        // A name of several parts written as one word that is an ordinary
                        // word (`Li-Ning` as `Lining`): that word, unless corroborated.
                        let joined = !meta.cjk
                            && !meta.breaks.is_empty()
                            && matches!(meta.kind, PatKind::Brand { .. })
                            && f.pos[s + 1..e].iter().all(|p| p.sep == Sep::None)
                            && self.words.en_rank(&f.skeleton[s..e]).is_some();
                        out.push(Hit {
                            kind: meta.kind,
                            start: s,
                            end: e,
                            evasion,
                            text: meta.text,
                            weak: self.is_weak(meta.text) || straddles || joined || evasion.apart,
                        });
                    }
                }
            }
        }
        self.scan_typos(f, first, out);
        self.scan_leet_typos(f, first, out);
        self.scan_masks(f, first, out);
        self.scan_x_masks(f, first, out);
        self.scan_capitals(f, first, out);
        self.scan_chinese(f, first, out);
    }

    /// A name of three or four letters in a word of capitals with one letter swapped for
    /// a capital or digit of like shape (`DKNV` for DKNY, `TOK` for TDK, `M1B` for MLB,
    /// `NEF` for NEC), or with two neighbouring letters after the first changed round
    /// (`JTS` for JST, `TKD` for TDK); and a name of three to six letters in a word of
    /// capitals with any one letter after the first changed (`UNU` for UHU, `CCN` for
    /// CCM, `BOSCK` for BOSCH): the first letter as the name's, the word no word
    /// of the English lists (`NFC`, `ADC` are), not glued to a code (`TOK-12`), and no
    /// name found there already. Always weak: a short word of capitals is as often
    /// another maker's acronym, so it counts only with corroboration (the brand's goods,
    /// a product line, a model number, a counterfeit indicator).
    ///
    /// (A three-letter name with `0` for `O` or `1`, `l`, `|` for `I` is the automaton's
    /// already, by its leetspeak form and [`capital_look_alike`], as a disguise: such a
    /// word holds a hit before this scan runs, and the scan leaves it alone.)
    #[inline(never)]
    fn scan_capitals(&self, f: &Folded, first: usize, out: &mut Vec<Hit>) {
        // (Every name the scan reads is in `capitals_wild`; `capitals` holds only those of
        // three or four letters.)
        if self.capitals_wild.is_empty() {
            return;
        }
        let n = f.pos.len();
        let capital = |j: usize| {
            let b = f.skeleton[j];
            (f.pos[j].upper && b.is_ascii_lowercase())
                || (f.pos[j].class == Class::Digit && CAPITAL_DIGITS.contains(&b))
        };
        let mut i = 0;
        while i < n {
            if !capital(i) || !f.boundary_at(i, true) {
                i += 1;
                continue;
            }
            let s = i;
            let mut e = i + 1;
            while e < n && !f.boundary_at(e, true) {
                e += 1;
            }
            i = e;
            if !(SHORT_NAME_CHARS..=WILD_NAME_CHARS).contains(&(e - s))
                || !(s..e).all(capital)
                || f.pos[s + 1..e].iter().any(|p| p.sep != Sep::None)
                || !f.skeleton[s].is_ascii_lowercase()
            {
                continue;
            }
            // Not part of a code: no digit joined on by a hyphen or other mark (`TOK-12`).
            let joined_digit = |p: &Pos| p.class == Class::Digit && p.sep != Sep::Space;
            if f.pos.get(e).is_some_and(joined_digit)
                || (s > 0 && f.pos[s].sep != Sep::Space && joined_digit(&f.pos[s - 1]))
            {
                continue;
            }
            let written = &f.skeleton[s..e];
            // The word as written, and with two neighbouring letters after the first
            // swapped back (`JTS` for JST, `TKD` for TDK).
            let mut swapped = [[0u8; CAPITAL_NAME_CHARS]; CAPITAL_NAME_CHARS - 1];
            let mut forms = 0;
            let short = written.len() <= CAPITAL_NAME_CHARS;
            for k in 1..written.len() - 1 {
                if short
                    && written[k] != written[k + 1]
                    && written[k].is_ascii_lowercase()
                    && written[k + 1].is_ascii_lowercase()
                {
                    let form = &mut swapped[forms];
                    form[..written.len()].copy_from_slice(written);
                    form.swap(k, k + 1);
                    forms += 1;
                }
            }
            let as_written = if short {
                self.capitals.get(&capital_key(written))
            } else {
                None
            };
            let transposed = || {
                swapped[..forms].iter().filter_map(|form| {
                    let form = &form[..written.len()];
                    self.capitals
                        .get(&capital_key(form))
                        .map(|list| (form, list))
                })
            };
            let wild = || {
                (1..written.len()).filter_map(|k| {
                    if !written[k].is_ascii_lowercase() {
                        return None;
                    }
                    self.capitals_wild
                        .get(&wild_key(written, k))
                        .map(|list| (k, list))
                })
            };
            if as_written.is_none() && transposed().next().is_none() && wild().next().is_none() {
                continue;
            }
            if self.words.dictionary_word(written) || out[first..].iter().any(|h| h.holds(s, e)) {
                continue;
            }
            let digit = written.iter().any(u8::is_ascii_digit);
            let fits = |c: &Capital| c.plain.get(written.len()).is_none_or(|&b| b == 0);
            let mut found: Vec<&Capital> = Vec::new();
            for c in as_written.into_iter().flatten().filter(|c| fits(c)) {
                let name = &c.plain[..written.len()];
                let mut swaps = 0;
                let mut like = true;
                for (k, (&w, &want)) in written.iter().zip(name).enumerate() {
                    if w != want {
                        swaps += 1;
                        like &= k > 0 && CAPITAL_LOOK_ALIKES.contains(&(w, want));
                    }
                }
                if swaps == 1 && like {
                    found.push(c);
                }
            }
            for (form, list) in transposed() {
                for c in list.iter().filter(|c| fits(c)) {
                    if c.plain[..written.len()] == *form
                        && !found.iter().any(|f| std::ptr::eq(*f, c))
                    {
                        found.push(c);
                    }
                }
            }
            for (k, list) in wild() {
                for c in list.iter().filter(|c| fits(c)) {
                    if c.plain[k] != written[k] && !found.iter().any(|f| std::ptr::eq(*f, c)) {
                        found.push(c);
                    }
                }
            }
            for c in found {
                out.push(Hit {
                    kind: PatKind::Brand {
                        brand: c.brand,
                        role: c.role,
                    },
                    start: s,
                    end: e,
                    evasion: Evasion {
                        typo: true,
                        leet: digit,
                        look_alike: true,
                        ..Evasion::default()
                    },
                    text: c.text,
                    weak: true,
                });
            }
        }
    }

    /// Whether a Chinese name at skeleton bytes `s..e` may be straddling two words: the
    /// character before it and its first character, or its last character and the one
    /// after it, make a common two-character word (`精华为`, `最佳能效`, `仿古奇石`).
    fn straddles(&self, f: &Folded, s: usize, e: usize) -> bool {
        let Ok(text) = std::str::from_utf8(&f.skeleton) else {
            return false;
        };
        let cjk_at = |at: usize| {
            f.pos
                .get(at)
                .is_some_and(|p| p.class == Class::Cjk && p.sep == Sep::None)
        };
        let pair = |a: Option<char>, b: Option<char>| match (a, b) {
            (Some(a), Some(b)) => {
                let mut buf = String::with_capacity(6);
                buf.push(a);
                buf.push(b);
                self.words.zh_pair(&buf)
            }
            _ => false,
        };
        let (Some(head), Some(tail)) = (text.get(..s), text.get(e..)) else {
            return false;
        };
        let Some(name) = text.get(s..e) else {
            return false;
        };
        let before = head.chars().next_back();
        let after = tail.chars().next();
        let left = cjk_at(s) && before.is_some() && pair(before, name.chars().next());
        let right = cjk_at(e) && pair(name.chars().next_back(), after);
        left || right
    }

    /// Chinese homophones, masks and code names ([`chinese`]).
    fn scan_chinese(&self, f: &Folded, first: usize, out: &mut Vec<Hit>) {
        if self.chinese.is_empty() {
            return;
        }
        let mut found = Vec::new();
        {
            let hits = &out[first..];
            // A window is taken by a name found there, unless that name lies strictly
            // inside it: a longer name written with a homophone around a shorter exact
            // one (`贵周茅台` around `茅台`) is the longer name.
            let taken = |s: usize, e: usize| hits.iter().any(|h| h.holds(s, e));
            self.chinese.scan(f, taken, &mut found);
        }
        for x in found {
            let Some(&(brand, role, text)) = self.chinese_targets.get(x.id as usize) else {
                continue;
            };
            // A two-character name heard by a rarer reading (`狼抓` for 狼爪) counts where
            // the characters written are no word of their own (`公牛` is a bull, not
            // 红牛 read `gong niu`).
            // So does a look-alike of a two-character name (`木田` for 本田), which
            // must not make a word with a character beside it either (`实木田园`).
            let word = || {
                std::str::from_utf8(f.skeleton.get(x.start..x.end).unwrap_or_default())
                    .map_or(true, |w| self.words.zh_word(w))
            };
            if (x.rare || x.loose) && word() || x.loose && self.straddles(f, x.start, x.end) {
                continue;
            }
            out.push(Hit {
                kind: PatKind::Brand { brand, role },
                start: x.start,
                end: x.end,
                evasion: Evasion {
                    typo: x.how == chinese::How::Homophone,
                    masked: x.how == chinese::How::Masked,
                    half_hidden: x.how == chinese::How::Masked && x.weak,
                    coded: matches!(x.how, chinese::How::Code | chinese::How::SharedCode),
                    shared_code: x.how == chinese::How::SharedCode,
                    ..Evasion::default()
                },
                text,
                weak: x.weak || self.is_weak(text),
            });
        }
    }

    /// Misspellings written with digits or symbols for some letters (`Ro1ax`, `Chana1`,
    /// `B0sa`): a word of letters and leetspeak characters, starting with a letter, read
    /// with its digits as the letters they imitate (`1` both as `l` and as `i`) and looked
    /// up as a word is. Exact names so written are the automaton's; this finds the ones
    /// with a slip besides.
    #[inline(never)]
    fn scan_leet_typos(&self, f: &Folded, first: usize, out: &mut Vec<Hit>) {
        // A digit or symbol right after a letter somewhere (separators are not in the
        // skeleton, so this may also be a letter and a digit that were apart): one pass
        // the compiler can vectorise, and nothing more for most titles.
        let glued =
            f.skeleton
                .iter()
                .zip(f.skeleton.iter().skip(1))
                .fold(false, |acc, (&a, &b)| {
                    let letter = a.wrapping_sub(b'a') < 26;
                    let leet = (b.wrapping_sub(b'0') < 10)
                        | (b == b'@')
                        | (b == b'$')
                        | (b == b'!')
                        | (b == b'|');
                    acc | (letter & leet)
                });
        if self.fuzzy.is_empty() || !glued {
            return;
        }
        let n = f.pos.len();
        let mut word: Vec<u8> = Vec::new();
        let mut ids: Vec<u32> = Vec::new();
        // Each run of the leet skeleton that holds a digit or symbol, found from it (titles
        // have few).
        let mut done = 0;
        // Digits and leetspeak symbols are ASCII bytes of the skeleton.
        let leet_byte = |b: &u8| LEET_BYTES[usize::from(*b)];
        while let Some(at) = f
            .skeleton
            .get(done..)
            .and_then(|t| t.iter().position(leet_byte))
        {
            let j = done + at;
            // A word that starts with a letter and holds a digit has a digit right after
            // a letter (`2024` and `100ml` have none).
            if j == 0
                || !f.skeleton[j - 1].is_ascii_lowercase()
                || f.pos[j].sep != Sep::None
                || !matches!(f.pos[j].class, Class::Digit | Class::Symbol)
            {
                done = j + 1;
                continue;
            }
            let mut s = j;
            while s > done && !f.boundary_at(s, true) {
                s -= 1;
            }
            let mut e = j + 1;
            while e < n && !f.boundary_at(e, true) {
                e += 1;
            }
            done = e;
            let run = &f.pos[s..e];
            if run[0].class != Class::Letter
                || !f.skeleton[s].is_ascii_lowercase()
                || run.iter().any(|p| p.leet_class != Class::Letter)
                || e - s + 1 < fuzzy::MIN_TYPO_LEN
                || e - s > self.fuzzy.max_len + 1
                || !f.skeleton[s..e].is_ascii()
            {
                continue;
            }
            let letters = run.iter().filter(|p| p.class == Class::Letter).count();
            if letters * 2 < e - s + 1
                || out[first..]
                    .iter()
                    .any(|h| matches!(h.kind, PatKind::Brand { .. }) && h.start < e && s < h.end)
            {
                continue;
            }
            ids.clear();
            // Memoised by the word as written: its digits keep it apart from the words
            // and runs of words the memo also holds.
            let written = &f.skeleton[s..e];
            memo::ids(self.id, written, &mut ids, |ids| {
                for one in [b'l', b'i'] {
                    word.clear();
                    // Letters as written; digits and symbols as the leet skeleton reads
                    // them, but `1` and `|` both ways.
                    word.extend(written.iter().map(|&b| match b {
                        b'1' | b'|' => one,
                        letter if letter.is_ascii_lowercase() => letter,
                        other => leet_fold(other),
                    }));
                    if self.words.en_rank(&word).is_none() {
                        self.lookup_word(&word, None, ids);
                    }
                    if !ids.is_empty() || !written.iter().any(|&b| b == b'1' || b == b'|') {
                        break;
                    }
                }
            });
            let evasion = Evasion {
                typo: true,
                leet: true,
                ..Evasion::default()
            };
            out.extend(
                ids.iter()
                    .filter_map(|&id| self.fuzzy_hit(id, s, e, evasion, false)),
            );
        }
    }

    /// Names with letters hidden behind mask characters (`G*cci`, `Ro_ex`, `Gu**i`,
    /// `Louis V***on`): words of ASCII letters with masks inside or at their end, alone or
    /// with their neighbours for names of several words, looked up in the mask index.
    /// A letter hidden behind an `x` (`Gxcci`, `Chaxel`), the mask sellers type when `*`
    /// is filtered: a word of [`MIN_X_MASK_LEN`] letters or more, not a word of the
    /// dictionaries, with one `x` after its first letter, read as masked. A word a name
    /// already holds (`Rolex`, `Xerox`) is not read again. (Two or more are not read: the
    /// masked index keys hold one hidden letter, and such words would be checked against
    /// every name one by one.)
    #[inline(never)]
    fn scan_x_masks(&self, f: &Folded, first: usize, out: &mut Vec<Hit>) {
        if self.fuzzy.is_empty() {
            return;
        }
        let n = f.pos.len();
        let letter =
            |i: usize| f.pos[i].class == Class::Letter && f.skeleton[i].is_ascii_alphabetic();
        let mut ids = Vec::new();
        let mut key: Vec<u8> = Vec::new();
        let mut done = 0;
        // Only the words around an `x` are read: most titles have none.
        let mut from = 0;
        while let Some(at) = find_byte(&f.skeleton[from..], b'x') {
            let j = from + at;
            from = j + 1;
            if j < done || !letter(j) {
                continue;
            }
            let mut start = j;
            while start > 0 && f.pos[start].sep == Sep::None && letter(start - 1) {
                start -= 1;
            }
            let mut end = j + 1;
            while end < n && letter(end) && f.pos[end].sep == Sep::None {
                end += 1;
            }
            done = end;
            let word = &f.skeleton[start..end];
            let xs = word[1..].iter().filter(|&&c| c == b'x').count();
            if xs != 1 || word.len() < MIN_X_MASK_LEN {
                continue;
            }
            key.clear();
            key.push(word[0]);
            key.extend(word[1..].iter().map(|&c| if c == b'x' { b'?' } else { c }));
            // Cheapest first: no name of that shape, or the word is a name already.
            if !self.fuzzy.may_fill_one(&key)
                || !f.boundary_at(start, false)
                || !f.boundary_at(end, false)
                || f.pos[start..end].iter().any(|p| p.masks_after > 0)
                || out[first..].iter().any(|h| h.holds(start, end))
                || self.words.dictionary_word(word)
            {
                continue;
            }
            self.masked_hits(f, &key, 1, (start, end), &mut ids, out);
        }
    }

    /// The names `key` (letters and `?`, `words` words) spells with its hidden letters
    /// filled in, as masked hits on skeleton bytes `span`.
    fn masked_hits(
        &self,
        f: &Folded,
        key: &[u8],
        words: usize,
        (start, end): (usize, usize),
        ids: &mut Vec<u32>,
        out: &mut Vec<Hit>,
    ) {
        ids.clear();
        self.fuzzy.lookup_masked(key, words, ids);
        let evasion = Evasion {
            masked: true,
            homoglyph: f.pos[start..end].iter().any(|p| p.homoglyph),
            ..Evasion::default()
        };
        out.extend(
            ids.iter()
                .filter_map(|&id| self.fuzzy_hit(id, start, end, evasion, false)),
        );
    }

    fn scan_masks(&self, f: &Folded, first: usize, out: &mut Vec<Hit>) {
        if self.fuzzy.is_empty() || !f.masks {
            return;
        }
        let n = f.pos.len();
        let letter =
            |i: usize| f.pos[i].class == Class::Letter && f.skeleton[i].is_ascii_alphabetic();
        // One ASCII digit or leetspeak symbol glued to a letter on either side, or to a
        // letter before it and masks after it.
        let leet_inside = |i: usize| {
            f.pos[i].class != Class::Letter
                && f.skeleton[i].is_ascii()
                && f.leet[i].is_ascii_lowercase()
                && f.pos[i].sep == Sep::None
                && i + 1 < n
                && letter(i + 1)
                && (f.pos[i + 1].sep == Sep::None || f.pos[i].masks_after > 0)
        };
        // Words: (start, end, key with `?` per hidden letter, masked).
        let mut words: Vec<(usize, usize, Vec<u8>, bool)> = Vec::new();
        let mut i = 0;
        while i < n && words.len() < MAX_TYPO_WORDS {
            if !letter(i) || !f.boundary_at(i, false) {
                i += 1;
                continue;
            }
            let start = i;
            let mut key: Vec<u8> = Vec::new();
            // One mask standing before the word (`*ucci`) hides its first letter.
            let mut masked = f.pos[i].masks_before == 1;
            if masked {
                key.push(b'?');
            }
            let mut end = i;
            while end < n && (letter(end) || (end > start && leet_inside(end))) {
                // A digit or symbol for a letter inside a masked word (`R0l*x`) is one
                // more hidden letter: the mask says the word is a disguise. A symbol
                // (`$ @ ! |`) between letters is a mask itself (`G$cci`, `Ro$ex`), read
                // so when its letter makes no name (`Ch@nel` is leetspeak, found before).
                if letter(end) {
                    key.push(f.skeleton[end]);
                } else {
                    key.push(b'?');
                    masked |= f.pos[end].class == Class::Symbol;
                }
                let m = f.pos[end].masks_after;
                end += 1;
                if m > 0 {
                    masked = true;
                    key.extend(std::iter::repeat_n(b'?', usize::from(m)));
                    // The word goes on only if the next letter is glued to the masks.
                    if !(end < n && f.pos[end].sep == Sep::Punct && letter(end)) {
                        break;
                    }
                } else if end < n && f.pos[end].sep != Sep::None {
                    break;
                }
            }
            i = end.max(start + 1);
            if f.boundary_at(end, false) {
                words.push((start, end, key, masked));
            }
        }
        let mut ids = Vec::new();
        let mut joined: Vec<u8> = Vec::new();
        for w in 0..words.len() {
            for k in 1..=self.fuzzy.max_words.min(words.len() - w) {
                let window = &words[w..w + k];
                if k > 1 {
                    let (_, prev_end, _, _) = window[k - 2];
                    let (next_start, _, _, _) = window[k - 1];
                    let adjacent = f.pos[next_start].token == f.pos[prev_end - 1].token + 1
                        && matches!(f.pos[next_start].sep, Sep::Space | Sep::Punct);
                    if !adjacent {
                        break;
                    }
                }
                if !window.iter().any(|x| x.3) {
                    continue;
                }
                joined.clear();
                window.iter().for_each(|x| joined.extend_from_slice(&x.2));
                if joined.len() > self.fuzzy.max_len {
                    break;
                }
                let (start, end) = (window[0].0, window[k - 1].1);
                // A name found strictly inside the masked word does not hold it: the mask
                // cut the word, and `her` in `Bro*her` is a piece of it.
                if out[first..].iter().any(|h| h.holds(start, end)) {
                    continue;
                }
                self.masked_hits(f, &joined, k, (start, end), &mut ids, out);
            }
        }
    }

    /// Misspelt names: whole words (or runs of words, for multi-word names) looked up in
    /// the deletion-neighbourhood index.
    fn scan_typos(&self, f: &Folded, first: usize, out: &mut Vec<Hit>) {
        if self.fuzzy.is_empty() {
            return;
        }
        // Words of ASCII letters: (start, end) skeleton byte ranges. The first
        // MAX_TYPO_WORDS words of a text are checked (a title has far fewer).
        let mut word_buf = [(0usize, 0usize); MAX_TYPO_WORDS];
        let mut word_count = 0;
        let mut i = 0;
        let n = f.pos.len().min(f.skeleton.len());
        let (pos, skeleton) = (&f.pos[..n], &f.skeleton[..n]);
        let ascii_letter =
            |i: usize| pos[i].class == Class::Letter && skeleton[i].is_ascii_alphabetic();
        while i < n {
            if !ascii_letter(i) {
                i += 1;
                continue;
            }
            let start = i;
            let token = pos[i].token;
            i += 1;
            while i < n && pos[i].token == token && ascii_letter(i) {
                i += 1;
            }
            // The word must be a whole token (`rolexx2024` yes, `x2rolexx` has no letters
            // before; a letter run cut by a non-ASCII letter is not a word).
            if f.boundary_at(start, false) && f.boundary_at(i, false) {
                if word_count == MAX_TYPO_WORDS {
                    break;
                }
                word_buf[word_count] = (start, i);
                word_count += 1;
            }
        }
        let words = &word_buf[..word_count];
        // What each word is and which names it is a misspelling of, from the per-thread
        // memo: titles repeat their words far more often than they bring new ones, so most
        // words cost one hash lookup here. A word's names are `word_ids[spans[w]]`.
        let mut info_buf = [memo::Word::default(); MAX_TYPO_WORDS];
        let mut spans = [(0u32, 0u32); MAX_TYPO_WORDS];
        // The working lists are the thread's, reused from one text to the next.
        let memo::Buffers {
            mut word_ids,
            mut ids,
            mut buf,
            mut key,
        } = memo::take_buffers();
        // The words kept are read under one borrow of the memo; the others after it.
        let mut kept = [false; MAX_TYPO_WORDS];
        memo::with_kept(|memo| {
            for (w, &(ws, we)) in words.iter().enumerate() {
                let from = word_ids.len() as u32;
                if let Some(facts) = memo.word(self.id, &f.skeleton[ws..we], &mut word_ids) {
                    info_buf[w] = facts;
                    spans[w] = (from, word_ids.len() as u32);
                    kept[w] = true;
                }
            }
        });
        for (((info, span), &(ws, we)), _) in info_buf
            .iter_mut()
            .zip(spans.iter_mut())
            .zip(words)
            .zip(kept)
            .filter(|(_, kept)| !kept)
        {
            let word = &f.skeleton[ws..we];
            let from = word_ids.len() as u32;
            *info = memo::word(self.id, word, &mut word_ids, |ids| {
                let facts = self.word_facts(word);
                // Only words that may be read as misspellings below are looked up.
                let stop = facts.rank.is_some_and(|r| r < STOP_RANK);
                if word.len() + 1 >= fuzzy::MIN_TYPO_LEN && !stop {
                    self.lookup_word(word, facts.rank, ids);
                }
                facts
            });
            *span = (from, word_ids.len() as u32);
        }
        let infos = &info_buf[..word_count];
        for w in 0..words.len() {
            for k in 1..=self.fuzzy.max_words.min(words.len() - w) {
                let (s, _) = words[w];
                let (_, e) = words[w + k - 1];
                // Consecutive words only, separated by spaces or punctuation.
                if k > 1 {
                    let (ps, pe) = words[w + k - 2];
                    let (ns, _) = words[w + k - 1];
                    let adjacent = f.pos[ns].token == f.pos[pe - 1].token + 1
                        && matches!(f.pos[ns].sep, Sep::Space | Sep::Punct);
                    if !adjacent || ps >= ns {
                        break;
                    }
                }
                let len: usize = words[w..w + k].iter().map(|&(ws, we)| we - ws).sum();
                if len > self.fuzzy.max_len + 4 {
                    break;
                }
                if len + 1 < fuzzy::MIN_TYPO_LEN {
                    continue;
                }
                let (first_i, last_i) = (&infos[w], &infos[w + k - 1]);
                // A run of words is only looked up when its first or last word is (or
                // sounds like) a word of a multi-word name: otherwise it names nothing.
                let known = first_i.knows_word || last_i.knows_word;
                let sounds_known = first_i.knows_sound || last_i.knows_sound;
                // …or when two words joined may misspell a long one-word name (`Lull
                // Lemon`).
                let split = k == 2 && !known && !sounds_known;
                if split && len + 1 < fuzzy::SPLIT_LEN {
                    continue;
                }
                // A word with no names needs nothing more.
                if k == 1 && spans[w].0 == spans[w].1 {
                    continue;
                }
                // Skip spans that already carry a brand hit (not an ordinary word one
                // edit from a name: the weakest reading, it takes no run from another).
                if out[first..].iter().any(|h| {
                    matches!(h.kind, PatKind::Brand { .. })
                        && !h.evasion.word_edit
                        && h.start < e
                        && s < h.end
                }) {
                    continue;
                }
                // A misspelling that is itself an ordinary word counts only with
                // corroboration; the most common words (`the`, `new`) never.
                let rank = if k == 1 { first_i.rank } else { None };
                if rank.is_some_and(|r| r < STOP_RANK) {
                    continue;
                }
                ids.clear();
                if k == 1 {
                    let (from, to) = spans[w];
                    ids.extend_from_slice(&word_ids[from as usize..to as usize]);
                } else if split {
                    // Two words joined, looked up directly: nearly every pair of a title
                    // is new, so memoising them would only churn the memo.
                    ids.clear();
                    buf.clear();
                    for &(ws, we) in &words[w..w + k] {
                        buf.extend_from_slice(&f.skeleton[ws..we]);
                    }
                    self.fuzzy.lookup_split(&buf, &mut ids);
                } else {
                    // The names a run of words is a misspelling of are a fact about its
                    // words and where they split, memoised with them.
                    key.clear();
                    for &(ws, we) in &words[w..w + k] {
                        if !key.is_empty() {
                            key.push(b' ');
                        }
                        key.extend_from_slice(&f.skeleton[ws..we]);
                    }
                    memo::ids(self.id, &key, &mut ids, |ids| {
                        buf.clear();
                        for &(ws, we) in &words[w..w + k] {
                            buf.extend_from_slice(&f.skeleton[ws..we]);
                        }
                        let candidate: &[u8] = &buf;
                        if known && len <= self.fuzzy.max_len + 1 {
                            self.fuzzy.lookup(candidate, ids);
                            // Sound and sight, as for one word (`Vvhite Rabbit`).
                            if ids.is_empty() {
                                self.fuzzy.lookup_sound(candidate, ids);
                            }
                        }
                        if ids.is_empty() && sounds_known && !self.fuzzy.is_excluded(candidate) {
                            self.phonetic.lookup(candidate, k, false, ids);
                        }
                    });
                }
                if ids.is_empty() {
                    continue;
                }
                // A mask between the letters (`Herb*life`): the misspelling is a
                // disguise, not two words.
                let masked = f.pos[s..e - 1].iter().any(|p| p.masks_after > 0);
                let evasion = Evasion {
                    typo: true,
                    masked,
                    homoglyph: f.pos[s..e].iter().any(|p| p.homoglyph),
                    ..Evasion::default()
                };
                // A misspelling that is a word, or two ordinary words that misspell a name
                // joined (`Tight List`), are those words unless something corroborates them.
                let word = !masked
                    && (rank.is_some()
                        || split && infos[w].rank.is_some() && infos[w + 1].rank.is_some());
                out.extend(ids.iter().filter_map(|&id| {
                    let word_edit = id & fuzzy::WORD_EDIT != 0;
                    self.fuzzy_hit(
                        id & !fuzzy::WORD_EDIT,
                        s,
                        e,
                        Evasion {
                            word_edit,
                            ..evasion
                        },
                        word,
                    )
                }));
            }
        }
        memo::give_buffers(memo::Buffers {
            word_ids,
            ids,
            buf,
            key,
        });
    }
}

impl Matcher {
    /// The memoised facts of one word: its English rank, and whether it is (or sounds
    /// like) a word of a multi-word name.
    fn word_facts(&self, word: &[u8]) -> memo::Word {
        memo::Word {
            rank: self.words.en_rank(word),
            knows_word: self.fuzzy.knows_word(word),
            knows_sound: self.phonetic.knows_sound(word),
        }
    }

    /// The names one word (of `rank` in the English list) is a misspelling of: the edit
    /// rules, then sound and sight ([`fuzzy`]), then the scored sound-alikes
    /// ([`phonetic`]). A pure function of the word, so [`memo`] keeps its answers.
    fn lookup_word(&self, word: &[u8], rank: Option<u32>, ids: &mut Vec<u32>) {
        if word.len() <= self.fuzzy.max_len + 1 {
            self.fuzzy.lookup(word, ids);
            if ids.is_empty() {
                self.fuzzy.lookup_sound(word, ids);
            }
        }
        if ids.is_empty() && !self.fuzzy.is_excluded(word) {
            self.phonetic.lookup(word, 1, rank.is_some(), ids);
        }
        // An ordinary word that is a short name with one letter put in (`Bridge`):
        // weak, as every misspelling that is a word is; any other one edit from a name
        // (`Tempt`): weaker still.
        if ids.is_empty() && rank.is_some() {
            self.fuzzy.lookup_ordinary(word, ids);
        }
    }
}

mod memo {
    //! The per-thread memo of word facts and misspelling answers, for single words and for
    //! runs of words. Everything kept is a pure function of the matcher (named by its id)
    //! and the key (a word, or the words of a run joined by spaces), so a hit gives
    //! exactly what computing afresh would. Entries are checked against their key (the
    //! map is keyed by a hash of it); the memo is emptied when it reaches its cap.

    use std::cell::RefCell;
    use std::collections::HashMap;
    use std::hash::{BuildHasherDefault, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};

    /// Entries kept per thread before the memo is emptied.
    const CAP: usize = 1 << 16;

    /// Facts about one word.
    #[derive(Debug, Clone, Copy, Default)]
    pub(super) struct Word {
        /// Rank in the English word list.
        pub rank: Option<u32>,
        /// A word of a multi-word name (see `fuzzy::Index::knows_word`).
        pub knows_word: bool,
        /// Sounds like a word of a multi-word name (see `phonetic::Index::knows_sound`).
        pub knows_sound: bool,
    }

    struct Entry {
        matcher: u64,
        key: Box<[u8]>,
        /// The word's facts (`None` for a run of words).
        facts: Option<Word>,
        /// The names the word or run is a misspelling of.
        ids: Box<[u32]>,
    }

    /// The map's keys are already hashes: passed through.
    #[derive(Default)]
    struct Prehashed(u64);

    impl Hasher for Prehashed {
        fn finish(&self) -> u64 {
            self.0
        }
        fn write(&mut self, bytes: &[u8]) {
            for &b in bytes {
                self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x100_0000_01b3);
            }
        }
        fn write_u64(&mut self, n: u64) {
            self.0 = n;
        }
    }

    type Map = HashMap<u64, Entry, BuildHasherDefault<Prehashed>>;

    thread_local! {
        static MEMO: RefCell<Map> = RefCell::new(Map::default());
        static BUFFERS: RefCell<Option<Buffers>> = const { RefCell::new(None) };
    }

    /// The working lists of one misspelling scan (`Matcher::scan_typos`), kept per thread
    /// so that scanning a text does not allocate them afresh. Empty when taken.
    #[derive(Default)]
    pub(super) struct Buffers {
        /// The names of each word, one after the other.
        pub word_ids: Vec<u32>,
        /// The names of one word or run of words.
        pub ids: Vec<u32>,
        /// A run of words joined.
        pub buf: Vec<u8>,
        /// A run of words joined by spaces (its memo key).
        pub key: Vec<u8>,
    }

    /// Buffers grown larger than this (by a long text) are dropped rather than kept.
    const MAX_KEPT: usize = 4096;

    /// The thread's working lists, emptied (fresh ones if they are out or being used).
    pub(super) fn take_buffers() -> Buffers {
        let mut b = BUFFERS
            .try_with(|b| b.borrow_mut().take())
            .ok()
            .flatten()
            .unwrap_or_default();
        b.word_ids.clear();
        b.ids.clear();
        b.buf.clear();
        b.key.clear();
        b
    }

    /// Gives the working lists back for the next scan.
    pub(super) fn give_buffers(b: Buffers) {
        let small = [
            b.word_ids.capacity(),
            b.ids.capacity(),
            b.buf.capacity(),
            b.key.capacity(),
        ]
        .iter()
        .all(|&c| c <= MAX_KEPT);
        if small {
            let _ = BUFFERS.try_with(|slot| *slot.borrow_mut() = Some(b));
        }
    }

    static NEXT_ID: AtomicU64 = AtomicU64::new(1);

    /// A fresh matcher id.
    pub(super) fn next_id() -> u64 {
        NEXT_ID.fetch_add(1, Ordering::Relaxed)
    }

    const K: u64 = 0x517c_c1b7_2722_0a95;

    /// An FxHash-style hash of `key` (eight bytes at a time) and the matcher id, mixed
    /// at the end so that the low bits the map uses depend on every byte.
    fn hash(matcher: u64, key: &[u8]) -> u64 {
        let mut h = matcher.wrapping_mul(K);
        let mut chunks = key.chunks_exact(8);
        for c in &mut chunks {
            let mut w = [0u8; 8];
            w.copy_from_slice(c);
            h = (h.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(K);
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            h = (h.rotate_left(5) ^ tail_word(rest)).wrapping_mul(K);
        }
        h = (h.rotate_left(5) ^ key.len() as u64).wrapping_mul(K);
        h ^ (h >> 29)
    }

    /// The last one to seven bytes of a key as one word, without copying them out (a copy
    /// of a length not known in advance is a call to `memcpy`, and nearly every word of a
    /// title ends in one): two four-byte reads that overlap from four bytes up, else the
    /// first, middle and last bytes. Either way every byte is read, so with the length
    /// (mixed in after) different tails give different words.
    fn tail_word(rest: &[u8]) -> u64 {
        let n = rest.len();
        let four = |at: usize| {
            rest.get(at..at + 4)
                .map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        };
        if n >= 4 {
            u64::from(four(0)) | (u64::from(four(n - 4)) << 32)
        } else {
            let byte = |at: usize| u64::from(rest.get(at).copied().unwrap_or(0));
            byte(0) | (byte(n / 2) << 8) | (byte(n.saturating_sub(1)) << 16)
        }
    }

    /// Looks `key` up: `Some` of what `read` makes of its entry, `None` when it is not
    /// kept (or the thread is being torn down).
    fn get<R>(h: u64, matcher: u64, key: &[u8], read: impl FnOnce(&Entry) -> R) -> Option<R> {
        MEMO.try_with(|m| entry(&m.borrow(), h, matcher, key).map(read))
            .ok()
            .flatten()
    }

    /// The entry `map` keeps for `key` of `matcher` (hashed to `h`), if any.
    fn entry<'m>(map: &'m Map, h: u64, matcher: u64, key: &[u8]) -> Option<&'m Entry> {
        map.get(&h)
            .filter(|e| e.matcher == matcher && *e.key == *key)
    }

    /// What a kept word's entry gives: its facts, with its names appended to `ids`
    /// (`None` for a run of words).
    fn read_word(e: &Entry, ids: &mut Vec<u32>) -> Option<Word> {
        // (Most words name nothing: no copy then.)
        e.facts.inspect(|_| {
            if !e.ids.is_empty() {
                ids.extend_from_slice(&e.ids)
            }
        })
    }

    /// The memo, borrowed for a run of look-ups (`with_kept`).
    pub(super) struct Kept<'a>(&'a Map);

    impl Kept<'_> {
        /// The facts of `word`, with its names appended to `ids`, if kept (what `word`
        /// gives without computing).
        pub(super) fn word(&self, matcher: u64, word: &[u8], ids: &mut Vec<u32>) -> Option<Word> {
            read_word(entry(self.0, hash(matcher, word), matcher, word)?, ids)
        }
    }

    /// Runs `read` with the memo borrowed once (not at all while the thread is being torn
    /// down). `read` must not compute or keep anything.
    pub(super) fn with_kept(read: impl FnOnce(&Kept<'_>)) {
        let _ = MEMO.try_with(|m| read(&Kept(&m.borrow())));
    }

    /// Keeps an entry (replacing whatever held its slot).
    fn put(h: u64, entry: Entry) {
        let _ = MEMO.try_with(|m| {
            let mut m = m.borrow_mut();
            if m.len() >= CAP {
                m.clear();
            }
            m.insert(h, entry);
        });
    }

    /// The facts of `word`, with the names it is a misspelling of appended to `ids`;
    /// both computed by `compute` (given an empty list) the first time.
    pub(super) fn word(
        matcher: u64,
        word: &[u8],
        ids: &mut Vec<u32>,
        compute: impl FnOnce(&mut Vec<u32>) -> Word,
    ) -> Word {
        let h = hash(matcher, word);
        let kept = get(h, matcher, word, |e| read_word(e, ids));
        if let Some(Some(facts)) = kept {
            return facts;
        }
        // `compute` starts from an empty list, as the lookups expect.
        let mut found = Vec::new();
        let facts = compute(&mut found);
        ids.extend_from_slice(&found);
        put(
            h,
            Entry {
                matcher,
                key: word.into(),
                facts: Some(facts),
                ids: found.into_boxed_slice(),
            },
        );
        facts
    }

    /// Appends the names the run of words `key` is a misspelling of to `out` (empty on
    /// entry), computed by `lookup` the first time.
    pub(super) fn ids(
        matcher: u64,
        key: &[u8],
        out: &mut Vec<u32>,
        lookup: impl FnOnce(&mut Vec<u32>),
    ) {
        let h = hash(matcher, key);
        if get(h, matcher, key, |e| out.extend_from_slice(&e.ids)).is_some() {
            return;
        }
        lookup(out);
        put(
            h,
            Entry {
                matcher,
                key: key.into(),
                facts: None,
                ids: out.as_slice().into(),
            },
        );
    }
}

/// Which bytes are ASCII digits or leetspeak symbols (`@ $ ! |`): one look-up per byte
/// where [`Matcher::scan_leet_typos`] looks for them through a title.
const LEET_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_digit() || matches!(c, b'@' | b'$' | b'!' | b'|');
        b += 1;
    }
    t
};

/// The index of the first byte of `hay` that is `b`, tested eight bytes at a time (a
/// word holds `b` when `word ^ b…b` has a zero byte): a scan of a whole title for a
/// byte it mostly does not hold, which `Iterator::position` does one byte per step.
fn find_byte(hay: &[u8], b: u8) -> Option<usize> {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    let pattern = ONES * u64::from(b);
    let mut chunks = hay.chunks_exact(8);
    let mut at = 0;
    for c in &mut chunks {
        let mut w = [0u8; 8];
        w.copy_from_slice(c);
        let x = u64::from_le_bytes(w) ^ pattern;
        // The lowest byte flagged is the first zero byte (a borrow only flags bytes above
        // a zero one).
        let zero = x.wrapping_sub(ONES) & !x & HIGHS;
        if zero != 0 {
            return Some(at + (zero.trailing_zeros() / 8) as usize);
        }
        at += 8;
    }
    chunks
        .remainder()
        .iter()
        .position(|&c| c == b)
        .map(|i| at + i)
}

/// The abbreviation sellers write for a word of a name (`saint` as `st`), if any.
fn abbreviation(word: &[u8]) -> Option<&'static [u8]> {
    match word {
        b"saint" => Some(b"st"),
        b"sainte" => Some(b"ste"),
        b"mount" => Some(b"mt"),
        b"brothers" => Some(b"bros"),
        b"international" => Some(b"intl"),
        _ => None,
    }
}

fn spec_words(skel: &[u8], meta: &Meta) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    let mut last = 0;
    for &(at, _) in meta.breaks.iter() {
        let at = usize::from(at);
        if at > last && at <= skel.len() {
            out.push(skel[last..at].to_vec());
            last = at;
        }
    }
    out.push(skel[last..].to_vec());
    out
}

/// A leet hit must really substitute something: digits or symbols for letters in a name
/// of at least four characters, or the letter a digit of the name copies (`WD-4O` for
/// WD-40, `O` for `0`, `I` or `l` for `1`), or `l`/`i` swaps in one of at least five; and
/// at least two real letters must remain (`5050` is not `soso`, `deli` is not `Dell`).
fn leet_substitution_ok(f: &Folded, s: usize, e: usize, meta: &Meta) -> bool {
    let chars = usize::from(meta.chars);
    if chars < MIN_LEET_CHARS || !meta.plain.is_ascii() {
        return false;
    }
    let mut letters = 0;
    let mut symbolic = false;
    let mut swapped = false;
    for (&b, &want) in f.skeleton[s..e].iter().zip(meta.plain.iter()) {
        if b.is_ascii_alphabetic() {
            letters += 1;
        }
        if b != want {
            if b.is_ascii_digit()
                || matches!(b, b'@' | b'$' | b'!' | b'|')
                || matches!((b, want), (b'o', b'0') | (b'i' | b'l', b'1'))
            {
                symbolic = true;
            } else if want.is_ascii_digit() {
                // A letter for a digit it does not copy (`WDAO`): another code.
                return false;
            } else {
                swapped = true;
            }
        }
    }
    letters >= 2 && (symbolic || (swapped && chars >= MIN_LI_SWAP_CHARS))
}

/// A three-letter name written in capitals with one letter swapped for the digit or
/// lower-case letter that copies its shape (`B0E` for BOE, `KlA` for KIA): the capitals
/// around it show the swap is no word and no code of lower-case letters. One swap only,
/// `0` for `O` or `1`, `l`, `|` for `I`, no separator inside.
fn capital_look_alike(f: &Folded, s: usize, e: usize, meta: &Meta) -> bool {
    if usize::from(meta.chars) != SHORT_NAME_CHARS
        || e - s != SHORT_NAME_CHARS
        || !meta.plain.iter().all(u8::is_ascii_alphabetic)
    {
        return false;
    }
    // Not part of a code: no digits joined on by a hyphen or other mark (`B0E-12`).
    let joined_digit = |p: &Pos| p.class == Class::Digit && p.sep != Sep::Space;
    if f.pos.get(e).is_some_and(joined_digit)
        || s > 0 && f.pos[s].sep != Sep::Space && joined_digit(&f.pos[s - 1])
    {
        return false;
    }
    let mut swaps = 0;
    for (i, (&b, &want)) in f.skeleton[s..e].iter().zip(meta.plain.iter()).enumerate() {
        let p = &f.pos[s + i];
        if i > 0 && p.sep != Sep::None {
            return false;
        }
        if b == want {
            if !p.upper {
                return false;
            }
        } else if matches!((b, want), (b'0', b'o') | (b'1' | b'l' | b'|', b'i')) && !p.upper {
            swaps += 1;
        } else {
            return false;
        }
    }
    swaps == 1
}

/// Whether a raw hit is a real match; returns the evasions it shows.
fn accept(
    f: &Folded,
    s: usize,
    e: usize,
    meta: &Meta,
    leet: bool,
    words: &Words,
) -> Option<Evasion> {
    let starts_ok = f.boundary_at(s, leet);
    let ends_ok = f.boundary_at(e, leet);
    match meta.kind {
        PatKind::Brand { .. } => {
            if !(starts_ok && ends_ok) {
                return None;
            }
            // Names of one to three letters glued to digits are codes, not brands (`LV2`
            // is a level, `MK3` a model); longer names may carry a year (`Rolex2024`).
            if usize::from(meta.chars) <= SHORT_NAME_CHARS
                && !meta.cjk
                && ((s > 0 && f.pos[s].sep == Sep::None && f.pos[s - 1].class == Class::Digit)
                    || f.pos
                        .get(e)
                        .is_some_and(|p| p.class == Class::Digit && p.sep == Sep::None))
            {
                return None;
            }
            // A name or alias of digits alone (`999`, `361`) glued to a letter is part of
            // a code or grade (`S999` silver, `AU999` gold, `999A`), not the name. (Not a
            // product line: `ML574` and `501XX` are the line's own model codes.)
            let glued_letter = |p: &Pos| p.class == Class::Letter && p.sep == Sep::None;
            if matches!(
                meta.kind,
                PatKind::Brand {
                    role: Role::Name | Role::Alias,
                    ..
                }
            ) && meta.plain.iter().all(u8::is_ascii_digit)
                && ((s > 0 && f.pos[s].sep == Sep::None && f.pos[s - 1].class == Class::Letter)
                    || f.pos.get(e).is_some_and(glued_letter))
            {
                return None;
            }
            let spacing = spacing(f, s, e, meta, words)?;
            let apart = spacing && written_apart(f, s, e, meta, words);
            let homoglyph = f.pos[s..e].iter().any(|p| p.homoglyph);
            Some(Evasion {
                spacing: spacing && !apart,
                apart,
                homoglyph,
                ..Evasion::default()
            })
        }
        PatKind::VoidContext { .. } | PatKind::VoidTerm { .. } => {
            starts_ok.then_some(Evasion::default())
        }
        // A grade written with digits (`5A`, `10A`) right after a number and a decimal
        // point is the end of a quantity (`1.5A`, `2,5A`: amperes), not a replica grade.
        PatKind::Indicator { .. }
            if meta.plain.first().is_some_and(u8::is_ascii_digit)
                && s > 0
                && f.pos[s].sep == Sep::Punct
                && f.pos[s - 1].class == Class::Digit =>
        {
            None
        }
        // …and a grade word glued to a number (`6A Grade` silk, `3A grade` pearls: the
        // trade's own grading) is that grade, not the replica trade's `A grade`.
        PatKind::Indicator { .. }
            if meta.plain.first().is_some_and(u8::is_ascii_alphabetic)
                && s > 0
                && f.pos[s].sep == Sep::None
                && f.pos[s - 1].class == Class::Digit =>
        {
            None
        }
        PatKind::Indicator { .. }
        | PatKind::IndicatorExclusion
        | PatKind::Compat { .. }
        | PatKind::CompatSuffix { .. }
        | PatKind::Unbranded { .. }
        | PatKind::UnbrandedExclusion => {
            (starts_ok && ends_ok && same_separators(f, s, e, meta)).then_some(Evasion::default())
        }
    }
}

/// Separators inside a brand hit: `Some(false)` when there are none beyond the name's
/// own, `Some(true)` when they are an accepted evasion, `None` when the hit is two
/// ordinary words that happen to spell a short name.
fn spacing(f: &Folded, s: usize, e: usize, meta: &Meta, words: &Words) -> Option<bool> {
    let mut evasive = false;
    let mut space_split = false;
    let mut visible_split = false;
    let mut every_char_split = true;
    for i in s + 1..e {
        let p = &f.pos[i];
        if !p.char_start {
            continue;
        }
        let off = (i - s) as u16;
        let natural = meta.breaks.iter().any(|&(at, _)| at == off);
        match p.sep {
            Sep::None => every_char_split = false,
            Sep::Invisible => evasive = true,
            Sep::Punct | Sep::Space if natural => {}
            Sep::Punct => {
                evasive = true;
                visible_split = true;
            }
            Sep::Space => {
                evasive = true;
                space_split = true;
                visible_split = true;
            }
        }
    }
    // Product lines are often compounds of ordinary words (`Keepall`, `Speedmaster`,
    // `ThinkPad`): written apart they are those words, unless spelled out letter by letter.
    let product_line = matches!(
        meta.kind,
        PatKind::Brand {
            role: Role::ProductLine,
            ..
        }
    );
    if product_line && visible_split && !every_char_split && !meta.cjk {
        return None;
    }
    if space_split
        && !meta.cjk
        && !every_char_split
        && usize::from(meta.chars) < MIN_SPACE_SPLIT_CHARS
        && !odd_halves(f, s, e, meta, words)
    {
        return None;
    }
    Some(evasive)
}

/// Whether a one-word Latin name or alias is written apart, by plain spaces only, into
/// pieces that are each among the commonest words of the language (`Super Dry` for
/// `Superdry`, `Good Year` for `Goodyear`): what such a title writes is the phrase, which
/// the brand's own spelling joins. Not a product line (written apart, it is no match at
/// all), not a name spelled out letter by letter.
fn written_apart(f: &Folded, s: usize, e: usize, meta: &Meta, words: &Words) -> bool {
    let name = matches!(
        meta.kind,
        PatKind::Brand {
            role: Role::Name | Role::Alias,
            ..
        }
    );
    if !name || meta.cjk || !meta.breaks.is_empty() {
        return false;
    }
    // Pieces start after plain spaces; any other separator is no such writing.
    let cut = |i: usize| f.pos[i].sep == Sep::Space && f.pos[i].char_start;
    if (s + 1..e).any(|i| f.pos[i].sep != Sep::None && !cut(i)) || !(s + 1..e).any(cut) {
        return false;
    }
    let mut from = s;
    (s + 1..e)
        .filter(|&i| cut(i))
        .chain(std::iter::once(e))
        .all(|to| {
            let piece = &f.skeleton[std::mem::replace(&mut from, to)..to];
            piece.len() >= 2
                && piece.iter().all(u8::is_ascii_alphabetic)
                && words
                    .en_rank(piece)
                    .is_some_and(|rank| rank < super::COMMON_RANK)
        })
}

/// Whether a name of five letters written as two pieces split by one space (`Gu cci`)
/// is split into pieces no reader takes for words: neither is a common English word, and
/// one is no word of the list at all. (`Pra da`, `Fen di`: `da` and `di` are common
/// words, so the pair may be two words.) A name of four or five letters whose first
/// letter stands apart (`G ucci`, `R olex`) is split so when the rest is no word of the
/// dictionary: a lone letter before a word (`A frame`, `T shirt`, and `N ike`, `ike`
/// being in the word list) is no disguise.
fn odd_halves(f: &Folded, s: usize, e: usize, meta: &Meta, words: &Words) -> bool {
    if !(4..=5).contains(&usize::from(meta.chars)) || meta.cjk || !meta.breaks.is_empty() {
        return false;
    }
    let mut splits = (s + 1..e).filter(|&i| f.pos[i].char_start && f.pos[i].sep != Sep::None);
    let (Some(at), None) = (splits.next(), splits.next()) else {
        return false;
    };
    if f.pos[at].sep != Sep::Space || e - at < 2 {
        return false;
    }
    let (a, b) = (&f.skeleton[s..at], &f.skeleton[at..e]);
    if !a.iter().chain(b).all(u8::is_ascii_alphabetic) {
        return false;
    }
    if a.len() == 1 {
        return !words.dictionary_word(b);
    }
    if usize::from(meta.chars) != 5 {
        return false;
    }
    let common = |w: &[u8]| words.en_rank(w).is_some_and(|r| r < super::COMMON_RANK);
    !common(a) && !common(b) && (words.en_rank(a).is_none() || words.en_rank(b).is_none())
}

/// A term matches only with its own separators: where it has one the text must have one
/// (punctuation for punctuation), and nowhere else.
fn same_separators(f: &Folded, s: usize, e: usize, meta: &Meta) -> bool {
    for i in s + 1..e {
        let p = &f.pos[i];
        if !p.char_start {
            continue;
        }
        let off = (i - s) as u16;
        let want = meta
            .breaks
            .iter()
            .find(|&&(at, _)| at == off)
            .map(|&(_, k)| k);
        let ok = match (want, p.sep) {
            (None, Sep::None | Sep::Invisible) => true,
            (None, _) => false,
            (Some(_), Sep::None | Sep::Invisible) => false,
            (Some(Sep::Punct), Sep::Space) => false,
            (Some(_), _) => true,
        };
        if !ok {
            return false;
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Patterns of `n` words of `len` letters from a fixed-seed generator over `alphabet`.
    fn patterns(n: usize, len: usize, alphabet: &[u8]) -> Vec<Vec<u8>> {
        let mut x = 0x2545_f491_4f6c_dd1du64;
        (0..n)
            .map(|_| {
                (0..len)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 7;
                        x ^= x << 17;
                        alphabet[(x % alphabet.len() as u64) as usize]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn find_byte_finds_what_position_finds() {
        // Every length up to three words of eight, every place of the byte, the byte
        // twice, and bytes on either side of it (a borrow must not flag a byte before).
        for len in 0..=24 {
            for at in 0..=len {
                for second in at..=len {
                    let mut hay: Vec<u8> = (0..len).map(|i| [b'w', b'y', 0x80, 0][i % 4]).collect();
                    if at < len {
                        hay[at] = b'x';
                    }
                    if second < len {
                        hay[second] = b'x';
                    }
                    let want = hay.iter().position(|&c| c == b'x');
                    assert_eq!(find_byte(&hay, b'x'), want, "{hay:?}");
                }
            }
        }
        assert_eq!(find_byte(b"\x00\x01xx", 0), Some(0));
        assert_eq!(find_byte(b"abcdefghi\x00", 0), Some(9));
    }

    #[test]
    fn the_brand_automaton_is_a_dfa_while_its_table_is_small() {
        // The estimate is the DFA's size within a tenth.
        let small = patterns(3_000, 9, b"abcdefghijklmnopqrstuvwxyz ");
        let ac = build_ac(&small).expect("automaton");
        assert_eq!(ac.kind(), aho_corasick::AhoCorasickKind::DFA);
        let (estimate, real) = (dfa_bytes(&small), ac.memory_usage());
        assert!(
            estimate.abs_diff(real) * 10 < real,
            "estimated {estimate}, built {real}"
        );
        // Shared prefixes are one state: the same words twice cost nothing more.
        let twice: Vec<Vec<u8>> = small.iter().chain(&small).cloned().collect();
        assert_eq!(dfa_bytes(&twice), estimate);
        // Every byte value in the patterns: a row of 256 transitions a state, so that
        // 40,000 pattern bytes would take about 40 MB as a DFA; it stays an NFA.
        let all: Vec<u8> = (0..=255).collect();
        let wide = patterns(4_000, 10, &all);
        assert!(dfa_bytes(&wide) > MAX_DFA_BYTES);
        let ac = build_ac(&wide).expect("automaton");
        assert_eq!(ac.kind(), aho_corasick::AhoCorasickKind::ContiguousNFA);
        assert!(ac.memory_usage() < MAX_DFA_BYTES / 4);
        assert!(build_ac(&[]).is_none());
    }
}
