//! Misspellings by sound and sight, scored: the layer that catches what the edit rules of
//! [`super::fuzzy`] leave out — `Shanel` and `Schanel` (ch/sh/sch), `Shaomi` (x/sh),
//! `Guchi` and `Cucci` (soft c, c/g), `Jagwar` (gu/gw), `Kalvin Clain` (c/k, ei/ai),
//! `Hauwei` (swapped vowels), `Nikey` and `Naike` (an added vowel), `Micheal Kores`,
//! `Luis Viton` (several small slips in a long name).
//!
//! Each name and each candidate word is first rewritten in a *sound spelling*
//! ([`sound_spelling`]): sound-alike spellings become one letter (`ph`→`f`, `ck`/`q`→`k`,
//! `sch`/`sh`/`ch`→`s`, `z`→`s`, `x`→`s` at the start and `ks` elsewhere, `gu`+vowel→`gw`,
//! `rn`→`m`, `vv`→`w`, `y`→`i`), a `c` before `e`, `i` or `y` becomes `C` (it reads as
//! `k` or `s`: `Nice`/`Nike`, `Gucci`/`Guchi`), and doubled letters collapse. Candidates
//! are found through a coarse key, the consonants of the sound spelling with `g`/`k`
//! merged (and the key with one consonant dropped, for a slipped consonant), then scored
//! by a weighted edit distance ([`distance`]): vowel slips, swapped neighbours and `g`/`k`
//! cost half, other consonant slips one. A name of four letters takes half a point, five
//! or six one, seven to nine one and a half, ten or more two; the first sound must agree.
//!
//! A candidate that is itself an ordinary word (`Channel`, `Relax`, `Couch`) may differ
//! from the name only by vowels, doubled letters and sound-alike letters, never by a
//! consonant: `Guest` is not `Guess`, `Relax` may be `Rolex`. The caller decides what
//! corroboration such a word needs.

use std::collections::HashMap;

/// Names shorter than this (in letters) are never matched by sound.
pub(crate) const MIN_LEN: usize = 4;

/// A vowel-like sound: slips between these are cheap.
fn vowelish(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'w')
}

/// The sound spelling of lowercase ASCII letters (see the module documentation).
pub(crate) fn sound_spelling(word: &[u8]) -> Vec<u8> {
    let mut w: Vec<u8> = Vec::with_capacity(word.len());
    for &c in word {
        if w.last() != Some(&c) {
            w.push(c);
        }
    }
    let mut out: Vec<u8> = Vec::with_capacity(w.len() + 2);
    let push = |b: u8, out: &mut Vec<u8>| {
        if out.last() != Some(&b) {
            out.push(b);
        }
    };
    let at = |i: usize| w.get(i).copied().unwrap_or(0);
    let mut i = 0;
    while i < w.len() {
        let c = w[i];
        let (next, after) = (at(i + 1), at(i + 2));
        match (c, next) {
            (b's', b'c') if after == b'h' => {
                push(b's', &mut out);
                i += 3;
            }
            (b's' | b'c', b'h') => {
                push(b's', &mut out);
                i += 2;
            }
            (b'p', b'h') => {
                push(b'f', &mut out);
                i += 2;
            }
            (b'c', b'k') => {
                push(b'k', &mut out);
                i += 2;
            }
            (b'r', b'n') => {
                push(b'm', &mut out);
                i += 2;
            }
            (b'v', b'v') => {
                push(b'w', &mut out);
                i += 2;
            }
            (b'g' | b'q', b'u') if matches!(after, b'a' | b'e' | b'i' | b'o') => {
                push(if c == b'q' { b'k' } else { b'g' }, &mut out);
                push(b'w', &mut out);
                i += 2;
            }
            _ => {
                match c {
                    b'c' if matches!(next, b'e' | b'i' | b'y') => push(b'C', &mut out),
                    b'c' | b'q' => push(b'k', &mut out),
                    b'z' => push(b's', &mut out),
                    b'x' if i == 0 => push(b's', &mut out),
                    b'x' => {
                        push(b'k', &mut out);
                        push(b's', &mut out);
                    }
                    b'y' if i > 0 => push(b'i', &mut out),
                    _ => push(c, &mut out),
                }
                i += 1;
            }
        }
    }
    out
}

/// Calls `f` with every coarse key of a sound spelling: its consonants with `g` as `k`, a
/// leading vowel as `a`, and each `C` read once as `k` and once as `s` (at most two `C`s
/// branch; later ones read as `k`).
fn coarse_keys(sp: &[u8], mut f: impl FnMut(&[u8])) {
    let mut base: Vec<u8> = Vec::with_capacity(sp.len());
    let mut soft: Vec<usize> = Vec::new();
    for (i, &b) in sp.iter().enumerate() {
        if vowelish(b) {
            if i == 0 {
                base.push(b'a');
            }
            continue;
        }
        match b {
            b'g' => base.push(b'k'),
            b'h' if i > 0 => {}
            b'C' => {
                if soft.len() < 2 {
                    soft.push(base.len());
                }
                base.push(b'k');
            }
            _ => base.push(b),
        }
    }
    let combos = 1usize << soft.len();
    let mut key = base.clone();
    for m in 0..combos {
        for (j, &at) in soft.iter().enumerate() {
            key[at] = if m >> j & 1 == 1 { b's' } else { b'k' };
        }
        f(&key);
    }
}

fn hash(key: &[u8]) -> u64 {
    key.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Costs in half points.
fn sub_cost(a: u8, b: u8) -> u32 {
    if a == b {
        return 0;
    }
    let pair = |x: u8, y: u8| (a == x && b == y) || (a == y && b == x);
    if pair(b'C', b'k') || pair(b'C', b's') {
        0
    } else if (vowelish(a) && vowelish(b)) || pair(b'g', b'k') || pair(b'i', b'l') {
        1
    } else {
        2
    }
}

fn indel_cost(a: u8) -> u32 {
    if vowelish(a) || a == b'h' { 1 } else { 2 }
}

/// Weighted optimal-string-alignment distance between two sound spellings, in half
/// points; with `vowels_only`, any consonant slip makes it `u32::MAX`.
pub(crate) fn distance(a: &[u8], b: &[u8], vowels_only: bool) -> u32 {
    let (n, m) = (a.len(), b.len());
    if n > 40 || m > 40 {
        return u32::MAX;
    }
    const INF: u32 = u32::MAX / 4;
    let mut d = [[INF; 41]; 41];
    let consonant_slip = |c: u32| vowels_only && c >= 2;
    d[0][0] = 0;
    for i in 1..=n {
        let c = indel_cost(a[i - 1]);
        d[i][0] = if consonant_slip(c) {
            INF
        } else {
            d[i - 1][0].saturating_add(c)
        };
    }
    for j in 1..=m {
        let c = indel_cost(b[j - 1]);
        d[0][j] = if consonant_slip(c) {
            INF
        } else {
            d[0][j - 1].saturating_add(c)
        };
    }
    for i in 1..=n {
        for j in 1..=m {
            let mut best = INF;
            let s = sub_cost(a[i - 1], b[j - 1]);
            if !consonant_slip(s) {
                best = best.min(d[i - 1][j - 1] + s);
            }
            let del = indel_cost(a[i - 1]);
            if !consonant_slip(del) {
                best = best.min(d[i - 1][j] + del);
            }
            let ins = indel_cost(b[j - 1]);
            if !consonant_slip(ins) {
                best = best.min(d[i][j - 1] + ins);
            }
            if i > 1
                && j > 1
                && a[i - 1] == b[j - 2]
                && a[i - 2] == b[j - 1]
                && a[i - 1] != a[i - 2]
            {
                best = best.min(d[i - 2][j - 2] + 1);
            }
            d[i][j] = best;
        }
    }
    if d[n][m] >= INF { u32::MAX } else { d[n][m] }
}

/// The largest distance (half points) a name of `letters` letters tolerates.
pub(crate) fn budget(letters: usize) -> u32 {
    match letters {
        0..MIN_LEN => 0,
        4 => 1,
        5 | 6 => 2,
        7..=9 => 3,
        _ => 4,
    }
}

/// Whether the first sounds of two sound spellings agree: the same letter, both vowels,
/// `c`/`k`/`g`, or soft `c` and `s`.
fn same_onset(a: u8, b: u8) -> bool {
    let hard = |x: u8| matches!(x, b'k' | b'g' | b'C');
    let sibilant = |x: u8| matches!(x, b's' | b'C');
    a == b || (vowelish(a) && vowelish(b)) || (hard(a) && hard(b)) || (sibilant(a) && sibilant(b))
}

/// Whether `a` is `b` with two neighbouring letters after the first swapped (`Coahc`).
fn swapped_once(a: &[u8], b: &[u8]) -> bool {
    if a.len() != b.len() {
        return false;
    }
    let diffs: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
    matches!(diffs.as_slice(), &[i, j] if i > 0 && j == i + 1 && a[i] == b[j] && a[j] == b[i])
}

#[derive(Debug, Clone)]
struct Entry {
    letters: Box<[u8]>,
    /// Words in the name.
    words: u8,
    spelling: Box<[u8]>,
    id: u32,
}

/// The sound index over names.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    entries: Vec<Entry>,
    keys: HashMap<u64, Vec<u32>>,
    /// One bit per key hash slot: most words are no name's key.
    bits: Vec<u64>,
}

impl Index {
    /// Indexes `names`: (lowercase ASCII letters of the name, words joined; number of
    /// words; id).
    pub fn new(names: impl IntoIterator<Item = (Vec<u8>, usize, u32)>) -> Self {
        let mut idx = Index::default();
        for (letters, words, id) in names {
            if letters.len() < MIN_LEN || letters.len() > 40 {
                continue;
            }
            let spelling = sound_spelling(&letters);
            let e_i = idx.entries.len() as u32;
            let add = |k: &[u8], keys: &mut HashMap<u64, Vec<u32>>| {
                let list = keys.entry(hash(k)).or_default();
                if list.last() != Some(&e_i) {
                    list.push(e_i);
                }
            };
            let long = letters.len() > 4;
            coarse_keys(&spelling, |k| {
                add(k, &mut idx.keys);
                if long {
                    for i in 1..k.len() {
                        let mut d = k.to_vec();
                        d.remove(i);
                        add(&d, &mut idx.keys);
                    }
                }
            });
            idx.entries.push(Entry {
                words: words.min(255) as u8,
                letters: letters.into_boxed_slice(),
                spelling: spelling.into_boxed_slice(),
                id,
            });
        }
        idx.bits = vec![0; (idx.keys.len() / 4).max(1)];
        let slots = idx.bits.len() * 64;
        for &k in idx.keys.keys() {
            let s = (k % slots as u64) as usize;
            idx.bits[s / 64] |= 1 << (s % 64);
        }
        idx
    }

    fn probe(&self, key: &[u8], mut f: impl FnMut(u32)) {
        let k = hash(key);
        let slots = self.bits.len() as u64 * 64;
        let s = (k % slots) as usize;
        if self.bits[s / 64] & (1 << (s % 64)) == 0 {
            return;
        }
        if let Some(list) = self.keys.get(&k) {
            list.iter().for_each(|&e| f(e));
        }
    }

    /// Ids of names `candidate` (lowercase ASCII letters of `words` words, joined) sounds
    /// or looks like, never an exact spelling. Several words only match a name of as many
    /// words (`Luis Viton`, not `Bo se` for `Bosch`). `ordinary_word`: the candidate is a
    /// dictionary word, so it may differ from a name only by vowels, doubled and
    /// sound-alike letters.
    pub fn lookup(&self, candidate: &[u8], words: usize, ordinary_word: bool, out: &mut Vec<u32>) {
        if self.entries.is_empty() || candidate.len() < 3 || candidate.len() > 44 {
            return;
        }
        let spelling = sound_spelling(candidate);
        let mut seen: Vec<u32> = Vec::new();
        coarse_keys(&spelling, |k| {
            self.probe(k, |e| seen.push(e));
            for i in 1..k.len() {
                let mut d = k.to_vec();
                d.remove(i);
                self.probe(&d, |e| seen.push(e));
            }
        });
        seen.sort_unstable();
        seen.dedup();
        for e_i in seen {
            let e = &self.entries[e_i as usize];
            if *e.letters == *candidate
                || out.contains(&e.id)
                || (words > 1 && usize::from(e.words) != words)
            {
                continue;
            }
            let (Some(&a), Some(&b)) = (spelling.first(), e.spelling.first()) else {
                continue;
            };
            if !same_onset(a, b) {
                continue;
            }
            if !ordinary_word && e.letters.len() > MIN_LEN && swapped_once(candidate, &e.letters) {
                out.push(e.id);
                continue;
            }
            // The shorter of the two sets the budget: `Goku` is too short to be `Gucci`.
            let limit = budget(e.letters.len().min(candidate.len()));
            if spelling.len().abs_diff(e.spelling.len()) as u32 > limit {
                continue;
            }
            if distance(&spelling, &e.spelling, ordinary_word) <= limit {
                out.push(e.id);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn idx(names: &[&str]) -> Index {
        Index::new(
            names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.as_bytes().to_vec(), 1, i as u32)),
        )
    }

    fn find(idx: &Index, w: &str, word: bool) -> Vec<u32> {
        let mut out = Vec::new();
        idx.lookup(w.as_bytes(), 1, word, &mut out);
        out
    }

    #[test]
    fn sound_spellings() {
        for (w, s) in [
            ("chanel", "sanel"),
            ("schanel", "sanel"),
            ("shanel", "sanel"),
            ("xiaomi", "siaomi"),
            ("gucci", "guCi"),
            ("guchi", "gusi"),
            ("jaguar", "jagwar"),
            ("nikey", "nikei"),
            ("rolex", "roleks"),
            ("cannon", "kanon"),
        ] {
            assert_eq!(
                String::from_utf8_lossy(&sound_spelling(w.as_bytes())),
                s,
                "{w}"
            );
        }
    }

    #[test]
    fn misspellings_by_sound_sight_and_slips() {
        let i = idx(&[
            "nike",
            "gucci",
            "chanel",
            "xiaomi",
            "huawei",
            "jaguar",
            "calvinklein",
            "michaelkors",
            "louisvuitton",
            "coach",
            "rolex",
        ]);
        for (w, id) in [
            ("nikey", 0),
            ("naike", 0),
            ("guchi", 1),
            ("gucchi", 1),
            ("cucci", 1),
            ("shanel", 2),
            ("schanel", 2),
            ("shaomi", 3),
            ("hauwei", 4),
            ("huawie", 4),
            ("jagwar", 5),
            ("kalvinklein", 6),
            ("calvinclain", 6),
            ("michealkores", 7),
            ("luisvuiton", 8),
            ("luisviton", 8),
            ("coahc", 9),
        ] {
            assert_eq!(find(&i, w, false), [id], "{w}");
        }
        for w in ["nokia", "neck", "gusto", "shell", "louis", "coca", "goku"] {
            assert!(find(&i, w, false).is_empty(), "{w}");
        }
    }

    #[test]
    fn ordinary_words_may_differ_only_by_vowels_and_sound_alikes() {
        let i = idx(&["chanel", "canon", "rolex", "coach", "guess", "nike"]);
        assert_eq!(find(&i, "channel", true), [0]);
        assert_eq!(find(&i, "cannon", true), [1]);
        assert_eq!(find(&i, "relax", true), [2]);
        assert_eq!(find(&i, "couch", true), [3]);
        assert_eq!(find(&i, "nice", true), [5]);
        assert!(find(&i, "guest", true).is_empty());
        assert!(find(&i, "roles", true).is_empty());
    }
}
