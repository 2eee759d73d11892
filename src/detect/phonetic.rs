//! Misspellings by sound and sight, scored: the layer that catches what the edit rules of
//! [`super::fuzzy`] leave out — `Shanel` and `Schanel` (ch/sh/sch), `Shaomi` (x/sh),
//! `Guchi` and `Cucci` (soft c, c/g), `Jagwar` (gu/gw), `Kalvin Clain` (c/k, ei/ai),
//! `Hauwei` (swapped vowels), `Nikey` and `Naike` (an added vowel), `Micheal Kores`,
//! `Luis Viton` (several small slips in a long name).
//!
//! Each name and each candidate word is first rewritten in a *sound spelling*
//! ([`sound_spelling`]): sound-alike spellings become one letter (`ph`→`f`, `ck`/`q`→`k`,
//! `sch`/`sh`/`ch`→`s`, `z`→`s`, `x`→`s` at the start and `ks` elsewhere, `gu`+vowel→`gw`,
//! `rn`→`m`, `vv`→`w`, `y`→`i`, `wh`→`w`, and `igh`→`i`: `Off-Wight`, `Lite`), a `c` before `e`, `i` or `y` becomes `C` (it reads as
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

use rustc_hash::FxHashMap as HashMap;

/// Names shorter than this (in letters) are never matched by sound.
pub(crate) const MIN_LEN: usize = 4;

/// A vowel-like sound: slips between these are cheap.
fn vowelish(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u' | b'w')
}

/// The sound spelling of lowercase ASCII letters (see the module documentation).
pub(crate) fn sound_spelling(word: &[u8]) -> Vec<u8> {
    let mut buf = [0u8; 96];
    let n = sound_spelling_into(word, &mut buf);
    buf[..n].to_vec()
}

/// A fixed-capacity byte buffer (words are at most 40 letters here).
struct Buf<'a> {
    bytes: &'a mut [u8; 96],
    len: usize,
}

impl Buf<'_> {
    fn last(&self) -> Option<&u8> {
        self.len.checked_sub(1).map(|i| &self.bytes[i])
    }
    fn push(&mut self, b: u8) {
        if self.len < self.bytes.len() {
            self.bytes[self.len] = b;
            self.len += 1;
        }
    }
}

/// [`sound_spelling`] into `buf`; returns its length.
fn sound_spelling_into(word: &[u8], buf: &mut [u8; 96]) -> usize {
    let mut wbuf = [0u8; 96];
    let mut w = Buf {
        bytes: &mut wbuf,
        len: 0,
    };
    for &c in word {
        if w.last() != Some(&c) {
            w.push(c);
        }
    }
    let wlen = w.len;
    let w = &wbuf[..wlen];
    let mut out = Buf { bytes: buf, len: 0 };
    let push = |b: u8, out: &mut Buf<'_>| {
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
            // A silent `gh` after `i` (`light`, `wight`: `lite`, `white`).
            (b'i', b'g') if after == b'h' => {
                push(b'i', &mut out);
                i += 3;
            }
            // `wh` is `w` (`whyte`, `white`, `wite`).
            (b'w', b'h') => {
                push(b'w', &mut out);
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
    out.len
}

/// Calls `f` with every coarse key of a sound spelling: its consonants with `g` as `k`, a
/// leading vowel as `a`, and each `C` read once as `k` and once as `s` (at most two `C`s
/// branch; later ones read as `k`).
fn coarse_keys(sp: &[u8], mut f: impl FnMut(&[u8])) {
    let mut base = [0u8; 96];
    let mut len = 0;
    let mut soft = [0usize; 2];
    let mut n_soft = 0;
    for (i, &b) in sp.iter().enumerate() {
        let k = if vowelish(b) {
            if i != 0 {
                continue;
            }
            b'a'
        } else {
            match b {
                b'g' => b'k',
                // `b`/`d` look alike mirrored (`Abibas`).
                b'b' => b'd',
                b'h' if i > 0 => continue,
                b'C' => {
                    if n_soft < soft.len() {
                        soft[n_soft] = len;
                        n_soft += 1;
                    }
                    b'k'
                }
                _ => b,
            }
        };
        if len < base.len() {
            base[len] = k;
            len += 1;
        }
    }
    for m in 0..(1usize << n_soft) {
        for (j, &at) in soft[..n_soft].iter().enumerate() {
            base[at] = if m >> j & 1 == 1 { b's' } else { b'k' };
        }
        f(&base[..len]);
    }
}

fn hash(key: &[u8]) -> u64 {
    key.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x100_0000_01b3)
    })
}

/// Runs of vowels in a sound spelling (a key part: `Nike`, `Nikey` and `Naike` have two,
/// `Nokia` three), at most 15.
fn vowel_groups(sp: &[u8]) -> u8 {
    let mut n = 0u8;
    let mut in_vowels = false;
    for &b in sp {
        let v = vowelish(b);
        if v && !in_vowels {
            n = n.saturating_add(1);
        }
        in_vowels = v;
    }
    n.min(15)
}

/// A key's hash with its vowel-run count.
fn hash_g(key: &[u8], groups: u8) -> u64 {
    (hash(key) ^ u64::from(groups)).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The vowel-run counts a word with `groups` runs is looked up under: its own, and one
/// more or fewer unless it is an ordinary word (which may only change vowels in place).
fn group_range(groups: u8, ordinary_word: bool) -> std::ops::RangeInclusive<u8> {
    if ordinary_word {
        groups..=groups
    } else {
        groups.saturating_sub(1)..=groups.saturating_add(1)
    }
}

/// The coarse key (soft `c` read as `k`) hash of one word.
fn word_key_hash(word: &[u8]) -> u64 {
    let mut buf = [0u8; 96];
    let n = sound_spelling_into(word, &mut buf);
    let mut h = 0;
    let mut first = true;
    coarse_keys(&buf[..n], |k| {
        if first {
            h = hash(k);
            first = false;
        }
    });
    h
}

/// Costs in half points.
fn sub_cost(a: u8, b: u8) -> u32 {
    if a == b {
        return 0;
    }
    let pair = |x: u8, y: u8| (a == x && b == y) || (a == y && b == x);
    if pair(b'C', b'k') || pair(b'C', b's') {
        0
    } else if (vowelish(a) && vowelish(b))
        || pair(b'g', b'k')
        || pair(b'i', b'l')
        || pair(b'b', b'd')
        || pair(b'p', b'q')
    {
        1
    } else {
        2
    }
}

fn indel_cost(a: u8) -> u32 {
    if vowelish(a) || a == b'h' { 1 } else { 2 }
}

/// Weighted optimal-string-alignment distance between two sound spellings, in half
/// points; with `vowels_only`, any consonant slip makes it `u32::MAX`. Three rows of at
/// most 41 cells on the stack.
pub(crate) fn distance(a: &[u8], b: &[u8], vowels_only: bool) -> u32 {
    let (n, m) = (a.len(), b.len());
    if n > 40 || m > 40 {
        return u32::MAX;
    }
    const INF: u32 = u32::MAX / 4;
    let cost = |c: u32| if vowels_only && c >= 2 { INF } else { c };
    let mut prev2 = [INF; 41];
    let mut prev = [INF; 41];
    let mut cur = [INF; 41];
    prev[0] = 0;
    for j in 1..=m {
        prev[j] = prev[j - 1].saturating_add(cost(indel_cost(b[j - 1])));
    }
    for i in 1..=n {
        cur[0] = prev[0].saturating_add(cost(indel_cost(a[i - 1])));
        for j in 1..=m {
            let mut best = prev[j - 1].saturating_add(cost(sub_cost(a[i - 1], b[j - 1])));
            best = best.min(prev[j].saturating_add(cost(indel_cost(a[i - 1]))));
            best = best.min(cur[j - 1].saturating_add(cost(indel_cost(b[j - 1]))));
            if i > 1
                && j > 1
                && a[i - 1] == b[j - 2]
                && a[i - 2] == b[j - 1]
                && a[i - 1] != a[i - 2]
            {
                best = best.min(prev2[j - 2].saturating_add(1));
            }
            cur[j] = best.min(INF);
        }
        prev2 = prev;
        prev = cur;
    }
    if prev[m] >= INF { u32::MAX } else { prev[m] }
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
    /// Hash of the sorted letters of names of five or more letters → entries: a word with
    /// two neighbours swapped (`Coahc`) has the same letters.
    anagrams: HashMap<u64, Vec<u32>>,
    /// Coarse keys of the words of multi-word names: a run of words is worth looking up
    /// only if its first or last word sounds like one of them.
    name_words: std::collections::HashSet<u64>,
}

/// Hash of the letters of `word` in sorted order.
fn anagram_key(word: &[u8]) -> u64 {
    let mut counts = [0u8; 26];
    for &b in word {
        if b.is_ascii_lowercase() {
            counts[usize::from(b - b'a')] = counts[usize::from(b - b'a')].saturating_add(1);
        }
    }
    hash(&counts)
}

impl Index {
    /// Indexes `names`: (lowercase ASCII letters of the name, words joined; its words;
    /// id).
    pub fn new(names: impl IntoIterator<Item = (Vec<u8>, Vec<Vec<u8>>, u32)>) -> Self {
        let mut idx = Index::default();
        for (letters, parts, id) in names {
            let words = parts.len().max(1);
            if letters.len() < MIN_LEN || letters.len() > 40 {
                continue;
            }
            let spelling = sound_spelling(&letters);
            let groups = vowel_groups(&spelling);
            let e_i = idx.entries.len() as u32;
            let add = |k: &[u8], keys: &mut HashMap<u64, Vec<u32>>| {
                let list = keys.entry(hash_g(k, groups)).or_default();
                if list.last() != Some(&e_i) {
                    list.push(e_i);
                }
            };
            let long = letters.len() > 4;
            coarse_keys(&spelling, |k| {
                add(k, &mut idx.keys);
                // A slipped consonant: keys with one dropped, never shorter than three (a
                // short key would stand for half the words of any title).
                if long && k.len() >= 4 {
                    for i in 1..k.len() {
                        let mut d = k.to_vec();
                        d.remove(i);
                        add(&d, &mut idx.keys);
                    }
                }
            });
            if letters.len() > MIN_LEN {
                idx.anagrams
                    .entry(anagram_key(&letters))
                    .or_default()
                    .push(e_i);
            }
            for w in parts.iter().filter(|_| words > 1) {
                idx.name_words.insert(word_key_hash(w));
            }
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

    fn probe(&self, key: &[u8], groups: std::ops::RangeInclusive<u8>, f: &mut impl FnMut(u32)) {
        let slots = self.bits.len() as u64 * 64;
        for g in groups {
            let k = hash_g(key, g);
            let s = (k % slots) as usize;
            if self.bits[s / 64] & (1 << (s % 64)) == 0 {
                continue;
            }
            if let Some(list) = self.keys.get(&k) {
                for &e in list {
                    f(e);
                }
            }
        }
    }

    /// Ids of names `candidate` (lowercase ASCII letters of `words` words, joined) sounds
    /// or looks like, never an exact spelling. Several words only match a name of as many
    /// words (`Luis Viton`, not `Bo se` for `Bosch`). `ordinary_word`: the candidate is a
    /// dictionary word, so it may differ from a name only by vowels, doubled and
    /// sound-alike letters.
    /// Whether `word` (lowercase ASCII letters) sounds like a word of a multi-word name.
    pub fn knows_sound(&self, word: &[u8]) -> bool {
        !self.name_words.is_empty() && self.name_words.contains(&word_key_hash(word))
    }

    pub fn lookup(&self, candidate: &[u8], words: usize, ordinary_word: bool, out: &mut Vec<u32>) {
        if self.entries.is_empty() || candidate.len() < 3 || candidate.len() > 40 {
            return;
        }
        // Cheap refusal first: no key of the word (nor a swap of its letters) is in the
        // filter. Most words of most titles end here.
        if !self.may_match(candidate, ordinary_word) {
            return;
        }
        // The matcher's per-thread memo keeps the answers: no cache here.
        let mut ids = Vec::new();
        self.lookup_uncached(candidate, words, ordinary_word, &mut ids);
        for id in &ids {
            if !out.contains(id) {
                out.push(*id);
            }
        }
    }

    /// Whether any key of `candidate` passes the filter, or its letters are a name's.
    fn may_match(&self, candidate: &[u8], ordinary_word: bool) -> bool {
        let mut spelling_buf = [0u8; 96];
        let n = sound_spelling_into(candidate, &mut spelling_buf);
        let groups = group_range(vowel_groups(&spelling_buf[..n]), ordinary_word);
        let mut any = false;
        coarse_keys(&spelling_buf[..n], |k| {
            if any || self.passes(k, groups.clone()) {
                any = true;
                return;
            }
            if ordinary_word || k.len() < 4 {
                return;
            }
            let mut d = [0u8; 96];
            for i in 1..k.len() {
                d[..i].copy_from_slice(&k[..i]);
                d[i..k.len() - 1].copy_from_slice(&k[i + 1..]);
                if self.passes(&d[..k.len() - 1], groups.clone()) {
                    any = true;
                    return;
                }
            }
        });
        any || (!ordinary_word
            && candidate.len() > MIN_LEN
            && self.anagrams.contains_key(&anagram_key(candidate)))
    }

    /// Whether `key` passes the filter in front of the key map.
    fn passes(&self, key: &[u8], groups: std::ops::RangeInclusive<u8>) -> bool {
        let slots = self.bits.len() as u64 * 64;
        groups.into_iter().any(|g| {
            let s = (hash_g(key, g) % slots) as usize;
            self.bits[s / 64] & (1 << (s % 64)) != 0
        })
    }

    fn lookup_uncached(
        &self,
        candidate: &[u8],
        words: usize,
        ordinary_word: bool,
        out: &mut Vec<u32>,
    ) {
        // The fast path allocates nothing: most words are no name's key, and the filter
        // answers that from the key hashes alone.
        let mut seen: [u32; 32] = [0; 32];
        let mut n_seen = 0;
        let mut push = |e: u32| {
            if n_seen < seen.len() && !seen[..n_seen].contains(&e) {
                seen[n_seen] = e;
                n_seen += 1;
            }
        };
        let mut spelling_buf = [0u8; 96];
        let spelling_len = sound_spelling_into(candidate, &mut spelling_buf);
        let spelling = &spelling_buf[..spelling_len];
        let groups = group_range(vowel_groups(spelling), ordinary_word);
        coarse_keys(spelling, |k| {
            self.probe(k, groups.clone(), &mut push);
            // An ordinary word may not drop a consonant: its key must be the name's.
            if ordinary_word || k.len() < 4 {
                return;
            }
            let mut d = [0u8; 96];
            for i in 1..k.len() {
                d[..i].copy_from_slice(&k[..i]);
                d[i..k.len() - 1].copy_from_slice(&k[i + 1..]);
                self.probe(&d[..k.len() - 1], groups.clone(), &mut push);
            }
        });
        if !ordinary_word
            && candidate.len() > MIN_LEN
            && let Some(list) = self.anagrams.get(&anagram_key(candidate))
        {
            for &e_i in list {
                let e = &self.entries[e_i as usize];
                if swapped_once(candidate, &e.letters)
                    && (words == 1 || usize::from(e.words) == words)
                    && !out.contains(&e.id)
                {
                    out.push(e.id);
                }
            }
        }
        for &e_i in &seen[..n_seen] {
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
            // The shorter of the two sets the budget: `Goku` is too short to be `Gucci`.
            let limit = budget(e.letters.len().min(candidate.len()));
            if spelling.len().abs_diff(e.spelling.len()) as u32 > limit {
                continue;
            }
            if distance(spelling, &e.spelling, ordinary_word) <= limit {
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
                .map(|(i, n)| (n.as_bytes().to_vec(), vec![n.as_bytes().to_vec()], i as u32)),
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
            ("wight", "wit"),
            ("white", "wite"),
            ("whyte", "wite"),
            ("lite", "lite"),
            ("light", "lit"),
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
        // A silent `gh` and a `wh` are sounds, not consonants written in.
        let i = idx(&["offwhite", "lightblue"]);
        assert_eq!(find(&i, "offwight", false), [0]);
        assert_eq!(find(&i, "offwite", false), [0]);
        assert_eq!(find(&i, "liteblue", false), [1]);
    }
}
