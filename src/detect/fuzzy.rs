//! Misspelt brand names: a deletion-neighbourhood index over every Latin name of five or
//! more letters, so a word is checked against all brands with a handful of hash lookups
//! instead of a loop over brands.
//!
//! Every indexed name contributes the hash of itself and of each one-letter deletion; a
//! word of the listing is looked up by the same hashes, which finds every name within one
//! insertion, deletion or substitution. A bit set in front of the hash map answers the
//! common "no" without touching the (large) map. Hits are verified on the real letters and
//! then judged by [`typo_allowed`]: names of five or six letters only tolerate repeated
//! or un-repeated letters (`Rolexx`, `Rolexxx`, `Addidas`, `Guci`) and an `m` written for
//! an `n` or back (`Demon`, `Devom`), and names of six one consonant dropped after the
//! second letter (`Chael`, `Leovo`); names of seven or more
//! any single edit, of ten or more two; the first letter must agree, and ordinary words on
//! the exclusion list never match. An ordinary word may also be a name of five or six
//! letters with one letter put in after the first and before the last (`Bridge` for
//! BRIDE, [`Index::lookup_ordinary`]): such a word is weak, for goods to decide; any
//! other ordinary word one edit from a name is weaker still, for the brand's own marks to
//! decide.
//!
//! Two more indexes catch what edit distance handles badly or slowly:
//! * a **sound skeleton** per name ([`sound_norm`], [`sound_key`]): phonetic and visual
//!   substitutions fold away (`ph→f`, `ck/c/q→k`, `z→s`, `x→ks`, `rn→m`, `vv→w`, `y→i`,
//!   doubled letters), then every vowel becomes `a`; names of five or more letters are
//!   also indexed with one vowel dropped. A word is looked up by its own key, then
//!   verified: at most one vowel changed or dropped (`Rolecks`, `Rolax`, `Rlex`, `Kanon`,
//!   `Nikke`), never a word that differs only in its first vowel (`Odidas`).
//! * a **mask index** per name of three or more letters: the name with one (two, for six
//!   or more letters) of its letters after the first replaced by `?` (the middle one of
//!   a three-letter name), so `G*cci`, `Ro_ex`, `G*P` and `L**is Vuitton` find their
//!   names with one hash lookup; a four-letter name shown only by its first and last
//!   letters (`N**e`) is checked against the names of that length one by one.
//!
//! This module knows nothing about brands beyond an opaque id per name.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// Names shorter than this never match with a typo.
pub(crate) const MIN_TYPO_LEN: usize = 5;
/// Names at least this long tolerate any single edit, not only doubled letters.
pub(crate) const ANY_EDIT_LEN: usize = 7;
/// Set on an id [`Index::lookup_ordinary`] gives: an ordinary word one edit from the
/// name, that the brand's own marks must corroborate. (Ids index the matcher's fuzzy
/// targets, a few per name: far below 2^31.)
pub(crate) const WORD_EDIT: u32 = 1 << 31;
/// Names at least this long tolerate two edits (`Louis Viton`).
pub(crate) const TWO_EDIT_LEN: usize = 10;

const P: u64 = 0x100_0000_01b3;

/// A hasher for keys that are already well-mixed 64-bit hashes.
#[derive(Default, Clone, Copy)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) ^ u64::from(b);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

type IdMap<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

fn mix(h: u64, len: usize) -> u64 {
    let x =
        (h ^ (len as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)).wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    x ^ (x >> 29)
}

/// Calls `f` with the key of `word` and of each one-letter deletion of it at the
/// positions `want` accepts.
fn keys(word: &[u8], want: impl Fn(usize) -> bool, mut f: impl FnMut(u64)) {
    let n = word.len();
    // prefix[i] = hash of word[..i]; suffix hash computed right to left with powers.
    let mut prefix = [0u64; 65];
    if n >= prefix.len() {
        return;
    }
    for i in 0..n {
        prefix[i + 1] = prefix[i].wrapping_mul(P).wrapping_add(u64::from(word[i]));
    }
    f(mix(prefix[n], n));
    let mut suffix = 0u64; // hash of word[i+1..]
    let mut pow = 1u64; // P^(n-1-i)
    for i in (0..n).rev() {
        if want(i) {
            let h = prefix[i].wrapping_mul(pow).wrapping_add(suffix);
            f(mix(h, n - 1));
        }
        suffix = suffix.wrapping_add(u64::from(word[i]).wrapping_mul(pow));
        pow = pow.wrapping_mul(P);
    }
}

/// Calls `f` with the key of each two-letter deletion of `word`.
fn keys2(word: &[u8], mut f: impl FnMut(u64)) {
    let n = word.len();
    if !(3..=64).contains(&n) {
        return;
    }
    let mut prefix = [0u64; 65];
    let mut pow = [1u64; 65];
    for i in 0..n {
        prefix[i + 1] = prefix[i].wrapping_mul(P).wrapping_add(u64::from(word[i]));
        pow[i + 1] = pow[i].wrapping_mul(P);
    }
    let sub = |a: usize, b: usize| prefix[b].wrapping_sub(prefix[a].wrapping_mul(pow[b - a]));
    for i in 0..n {
        for j in i + 1..n {
            // word[..i] + word[i+1..j] + word[j+1..]
            let mid = j - i - 1;
            let tail = n - j - 1;
            let h = sub(0, i)
                .wrapping_mul(pow[mid + tail])
                .wrapping_add(sub(i + 1, j).wrapping_mul(pow[tail]))
                .wrapping_add(sub(j + 1, n));
            f(mix(h, n - 2));
        }
    }
}

/// The key of a whole word (the same hash the index uses for it).
fn word_key(word: &[u8]) -> u64 {
    let h = word
        .iter()
        .fold(0u64, |h, &b| h.wrapping_mul(P).wrapping_add(u64::from(b)));
    mix(h, word.len())
}

/// The filter word and two-bit mask of a key.
fn bloom_slot(k: u64, words: usize) -> (usize, u64) {
    let w = ((u128::from(k >> 16) * words as u128) >> 48) as usize;
    let m = (1u64 << (k & 63)) | (1u64 << ((k >> 6) & 63));
    (w.min(words.saturating_sub(1)), m)
}

/// A name in the index.
#[derive(Debug, Clone)]
struct Entry {
    letters: Box<[u8]>,
    id: u32,
    /// Words in the name.
    words: u8,
    /// The length of each word of the name.
    word_lens: Box<[u8]>,
    /// [`sound_norm`] of the letters.
    sound: Box<[u8]>,
}

impl Entry {
    /// Whether `written` is some of the name's words, whole (`raspberry` of `Raspberry
    /// Pi`): the shorter name, not a misspelling of the longer.
    fn part(&self, written: &[u8]) -> bool {
        let lens = &self.word_lens;
        let mut starts = Vec::with_capacity(lens.len() + 1);
        let mut at = 0usize;
        starts.push(0);
        for &l in lens.iter() {
            at += usize::from(l);
            starts.push(at);
        }
        (0..lens.len()).any(|i| {
            (i + 1..=lens.len()).any(|j| {
                (i, j) != (0, lens.len()) && self.letters.get(starts[i]..starts[j]) == Some(written)
            })
        })
    }
}

/// Sound keys are indexed for names of at least this many letters.
pub(crate) const MIN_SOUND_LEN: usize = 3;
/// Vowel swaps need names of this many letters, vowel drops one more.
pub(crate) const MIN_VOWEL_SWAP_LEN: usize = 4;
/// Names with this many letters take masked letters; two masks from
/// [`TWO_MASK_LEN`].
pub(crate) const MIN_MASK_LEN: usize = 4;
pub(crate) const TWO_MASK_LEN: usize = 6;
/// Names with this many letters take a mask on their first letter (`*ucci`): the
/// letters after it, four or more, must all show but for masks of their own.
pub(crate) const LEAD_MASK_LEN: usize = 5;

fn is_vowel(b: u8) -> bool {
    matches!(b, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Letters with phonetic and visual look-alikes folded and doubled letters collapsed:
/// `rolecks` and `rolex` are both `roleks`, `nikke` is `nike`, `phendi` is `fendi`.
pub(crate) fn sound_norm(word: &[u8]) -> Vec<u8> {
    let mut buf = [0u8; SOUND_BUF];
    sound_norm_into(word, &mut buf).to_vec()
}

/// Longest [`sound_norm`] computed (twice the longest indexed word).
const SOUND_BUF: usize = 132;

/// [`sound_norm`] into a stack buffer (words of up to 64 letters).
fn sound_norm_into<'b>(word: &[u8], buf: &'b mut [u8; SOUND_BUF]) -> &'b [u8] {
    let mut n = 0;
    sound_norm_each(word, |b| {
        if n < SOUND_BUF {
            buf[n] = b;
            n += 1;
        }
    });
    &buf[..n]
}

/// Calls `f` with each byte of [`sound_norm`] of `word`, without building it.
fn sound_norm_each(word: &[u8], mut f: impl FnMut(u8)) {
    let mut last = 0u8;
    let mut push = |b: u8| {
        if b != last {
            f(b);
            last = b;
        }
    };
    let mut i = 0;
    while i < word.len() {
        let c = word[i];
        let digraph = match (c, word.get(i + 1).copied()) {
            (b'p', Some(b'h')) => Some(b'f'),
            (b'r', Some(b'n')) => Some(b'm'),
            (b'v', Some(b'v')) => Some(b'w'),
            (b'c', Some(b'k')) => Some(b'k'),
            _ => None,
        };
        if let Some(d) = digraph {
            push(d);
            i += 2;
            continue;
        }
        match c {
            b'c' | b'q' => push(b'k'),
            b'z' => push(b's'),
            // A doubled `x` is one, as other doubled letters are (`Wixx`, `Rolexx`).
            b'x' if i > 0 && word[i - 1] == b'x' => {}
            b'x' => {
                push(b'k');
                push(b's');
            }
            b'y' => push(b'i'),
            _ => push(c),
        }
        i += 1;
    }
}

/// The sound-key hash of `word` ([`sound_key_hash`] of its [`sound_norm`]), streamed.
fn word_sound_hash(word: &[u8]) -> u64 {
    let mut h = 0u64;
    let mut len = 0;
    sound_norm_each(word, |b| {
        let b = if is_vowel(b) { b'a' } else { b };
        h = h.wrapping_mul(P).wrapping_add(u64::from(b));
        len += 1;
    });
    mix(h, len)
}

/// The lookup key of a [`sound_norm`]: every vowel becomes `a`.
pub(crate) fn sound_key(norm: &[u8]) -> Vec<u8> {
    norm.iter()
        .map(|&b| if is_vowel(b) { b'a' } else { b })
        .collect()
}

/// Whether `written` sounds and looks like `name` (both [`sound_norm`]s of lowercase
/// ASCII letters): equal but for one vowel swapped (names of four or more letters) or
/// dropped (five or more).
pub(crate) fn sounds_alike(written: &[u8], name: &[u8], name_len: usize) -> bool {
    if written == name {
        return true;
    }
    if written.first() != name.first() {
        return false;
    }
    if written.len() == name.len() {
        let diffs: Vec<usize> = (0..name.len()).filter(|&i| written[i] != name[i]).collect();
        let &[d] = diffs.as_slice() else {
            return false;
        };
        let (w, n) = (written[d], name[d]);
        let visual = matches!((w, n), (b'l', b'i') | (b'i', b'l'));
        return name_len >= MIN_VOWEL_SWAP_LEN && (visual || (is_vowel(w) && is_vowel(n)));
    }
    if written.len() + 1 == name.len() && name_len > MIN_VOWEL_SWAP_LEN {
        let i = first_diff(name, written);
        return is_vowel(name[i]) && name[i + 1..] == written[i..];
    }
    false
}

/// Keys ([`word_key`]) of a name with one or two letters (after the first) masked as `?`.
fn mask_keys(letters: &[u8], mut f: impl FnMut(u64)) {
    let n = letters.len();
    if n == 3 {
        // Three letters: the middle one hidden (`G?P`).
        f(word_key(&[letters[0], b'?', letters[2]]));
        return;
    }
    if n < MIN_MASK_LEN {
        return;
    }
    let mut k = letters.to_vec();
    if n >= LEAD_MASK_LEN {
        k[0] = b'?';
        f(word_key(&k));
        k[0] = letters[0];
    }
    for i in 1..n {
        k[i] = b'?';
        if n >= TWO_MASK_LEN {
            for j in i + 1..n {
                k[j] = b'?';
                f(word_key(&k));
                k[j] = letters[j];
            }
        }
        f(word_key(&k));
        k[i] = letters[i];
    }
}

/// The deletion-neighbourhood index.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    /// A blocked Bloom filter: two bits per key, in one 64-bit word chosen by the key.
    bits: Vec<u64>,
    map: IdMap<Vec<u32>>,
    entries: Vec<Entry>,
    /// Keys ([`word_key`]) of the words never read as misspellings.
    exclusions: HashSet<u64, BuildHasherDefault<IdHasher>>,
    /// Keys of the words of multi-word names (a multi-word candidate must share one).
    words: HashSet<u64, BuildHasherDefault<IdHasher>>,
    /// Longest indexed name, in letters.
    pub max_len: usize,
    /// Most words in an indexed name.
    pub max_words: usize,
    /// Sound keys ([`sound_key`]) → entries (names of [`MIN_SOUND_LEN`] letters or more).
    sounds: IdMap<Vec<u32>>,
    /// A Bloom filter in front of `sounds` (most words are no name's sound-alike).
    sound_bits: Vec<u64>,
    /// [`word_key`] of names of four or more letters → entries (plural `s` lookups).
    plain: IdMap<Vec<u32>>,
    /// Masked names → entries.
    masks: IdMap<Vec<u32>>,
    /// Ids of one-word names of [`SPLIT_LEN`] letters or more: a misspelling may split
    /// them into two words (`Lull Lemon`).
    splittable: HashSet<u32>,
    /// Per first letter (`a`..=`z`), bit *n* set when a name of `splittable` has *n*
    /// letters: most pairs of words can reach no such name.
    split_lengths: [u64; 26],
}

/// One-word names at least this long are looked up as two words joined (`Lull Lemon`,
/// `Kitchen Maid`): shorter ones join from ordinary words too easily (`can on`).
pub(crate) const SPLIT_LEN: usize = 8;

impl Index {
    /// Builds the index. `names` are (letters, word count, id); letters are lowercase ASCII.
    pub fn new(names: Vec<(Vec<u8>, Vec<Vec<u8>>, u32)>, exclusions: &[Vec<u8>]) -> Self {
        let mut idx = Index {
            exclusions: exclusions.iter().map(|e| word_key(e)).collect(),
            max_words: 1,
            ..Index::default()
        };
        let mut seen = HashSet::new();
        for (letters, words, id) in names {
            if letters.len() < MIN_SOUND_LEN
                || letters.len() > 60
                || !seen.insert((letters.clone(), id))
            {
                continue;
            }
            if words.len() == 1 && letters.len() >= SPLIT_LEN {
                idx.splittable.insert(id);
                if let Some(first) = letters.first().filter(|b| b.is_ascii_lowercase()) {
                    idx.split_lengths[usize::from(first - b'a')] |= 1 << letters.len();
                }
            }
            idx.max_len = idx.max_len.max(letters.len());
            idx.max_words = idx.max_words.max(words.len());
            if words.len() > 1 {
                idx.words.extend(words.iter().map(|w| word_key(w)));
            }
            idx.entries.push(Entry {
                words: words.len().min(255) as u8,
                word_lens: words.iter().map(|w| w.len().min(255) as u8).collect(),
                sound: sound_norm(&letters).into_boxed_slice(),
                letters: letters.into_boxed_slice(),
                id,
            });
        }
        for (e_i, e) in idx.entries.iter().enumerate() {
            let e_i = e_i as u32;
            let add = |map: &mut IdMap<Vec<u32>>, k: u64| {
                let list = map.entry(k).or_default();
                if list.last() != Some(&e_i) {
                    list.push(e_i);
                }
            };
            if e.letters.len() >= MIN_VOWEL_SWAP_LEN {
                add(&mut idx.plain, word_key(&e.letters));
            }
            let key = sound_key(&e.sound);
            if e.letters.len() > MIN_VOWEL_SWAP_LEN {
                for i in 1..key.len() {
                    if key[i] == b'a' {
                        let mut k = key.clone();
                        k.remove(i);
                        add(&mut idx.sounds, word_key(&k));
                    }
                }
            }
            // `l` written for `i` (`Nlke`): the key with one `i` seen as `l`.
            if e.letters.len() >= MIN_VOWEL_SWAP_LEN {
                for (i, _) in e
                    .sound
                    .iter()
                    .enumerate()
                    .filter(|&(i, &c)| i > 0 && c == b'i')
                {
                    let mut k = key.clone();
                    k[i] = b'l';
                    add(&mut idx.sounds, word_key(&k));
                }
            }
            add(&mut idx.sounds, word_key(&key));
            mask_keys(&e.letters, |k| add(&mut idx.masks, k));
        }
        idx.sound_bits = vec![0; (idx.sounds.len() / 8).max(1)];
        for &k in idx.sounds.keys() {
            let (w, m) = bloom_slot(k, idx.sound_bits.len());
            idx.sound_bits[w] |= m;
        }
        let total_keys: usize = idx
            .entries
            .iter()
            .filter(|e| e.letters.len() >= MIN_TYPO_LEN)
            .map(|e| {
                let n = e.letters.len();
                n + 1
                    + if n >= TWO_EDIT_LEN {
                        n * (n - 1) / 2
                    } else {
                        0
                    }
            })
            .sum();
        // About 8 bits per key keeps the filter small enough for the CPU cache at 10,000
        // brands, with a few percent false positives (which only cost a map lookup).
        idx.bits = vec![0; (total_keys / 8).max(1)];
        for (e_i, e) in idx.entries.iter().enumerate() {
            if e.letters.len() < MIN_TYPO_LEN {
                continue;
            }
            let e_i = e_i as u32;
            let mut add = |k: u64| {
                let (w, m) = bloom_slot(k, idx.bits.len());
                idx.bits[w] |= m;
                let list = idx.map.entry(k).or_default();
                if list.last() != Some(&e_i) {
                    list.push(e_i);
                }
            };
            keys(&e.letters, |_| true, &mut add);
            // `m` written for `n` or back (`Demon` for Denon) in names too short for any
            // edit: the name with one of them swapped, found by the word's own key.
            if e.letters.len() < ANY_EDIT_LEN {
                for i in 1..e.letters.len() {
                    let swapped = match e.letters[i] {
                        b'm' => b'n',
                        b'n' => b'm',
                        _ => continue,
                    };
                    let mut variant = e.letters.to_vec();
                    variant[i] = swapped;
                    keys(&variant, |_| false, &mut add);
                }
            }
            if e.letters.len() >= TWO_EDIT_LEN {
                keys2(&e.letters, &mut add);
            }
        }
        idx
    }

    /// Whether a multi-word candidate is worth looking up (one of its words belongs to a
    /// multi-word name).
    pub fn knows_word(&self, word: &[u8]) -> bool {
        self.words.contains(&word_key(word))
    }

    /// Whether the index holds anything.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Ids of names `candidate` is an allowed misspelling of (never an exact spelling).
    pub fn lookup(&self, candidate: &[u8], out: &mut Vec<u32>) {
        let n = candidate.len();
        if n + 1 < MIN_TYPO_LEN {
            return;
        }
        let start = out.len();
        if n <= self.max_len + 1 {
            self.probe(candidate, candidate, start, out);
        }
        // Letters repeated three times or more (`Rolexxx`, `Gucciiii`): probe the word
        // with every run collapsed, and verify against the word as written.
        if candidate.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
            let mut collapsed = candidate.to_vec();
            collapsed.dedup();
            if collapsed.len() + 1 >= MIN_TYPO_LEN && collapsed.len() <= self.max_len + 1 {
                self.probe(&collapsed, candidate, start, out);
            }
        }
        // Ordinary words are never misspellings (checked only when something matched).
        if out.len() > start && self.exclusions.contains(&word_key(candidate)) {
            out.truncate(start);
        }
    }

    /// Ids of names that `candidate`, an ordinary word the edit rules of [`Self::lookup`]
    /// do not read, spells with one edit, the first letter kept. Two readings, the first
    /// preferred:
    /// * a name of five or six letters with one letter put in after the first and before
    ///   the last (`Bridge` for BRIDE; `Tiler` no: a letter added at the end makes plurals
    ///   and adjectives): the plain id; the caller keeps it as a weak name, for goods to
    ///   decide;
    /// * failing that, a one-word name of five letters or more with one letter changed,
    ///   put in, left out or two neighbours changed round (`Tempt` for Tempo, `Fancy` for
    ///   Fancl): the id with [`WORD_EDIT`] set. Such a word is the word unless the brand's
    ///   own marks (a product line, a model number, a counterfeit indicator, its other
    ///   name) stand with it: the caller keeps it only so, never by the goods alone.
    pub fn lookup_ordinary(&self, candidate: &[u8], out: &mut Vec<u32>) {
        let n = candidate.len();
        if n + 1 < MIN_TYPO_LEN || n > 60 {
            return;
        }
        let start = out.len();
        let mut inserted = false;
        keys(
            candidate,
            |_| true,
            |k| {
                for &e_i in self.listed(k) {
                    let e = &self.entries[e_i as usize];
                    let name = &e.letters[..];
                    let put_in = name.len() + 1 == n && name.len() < ANY_EDIT_LEN && {
                        let i = first_diff(candidate, name);
                        i > 0 && i + 1 < n && candidate[i + 1..] == name[i..]
                    };
                    let id = if put_in && !e.part(candidate) {
                        inserted = true;
                        e.id
                    } else if e.words == 1
                        && name.len() >= MIN_TYPO_LEN
                        && name != candidate
                        && name.first() == candidate.first()
                        && osa_within(candidate, name, 1)
                    {
                        e.id | WORD_EDIT
                    } else {
                        continue;
                    };
                    if !out[start..].contains(&id) {
                        out.push(id);
                    }
                }
            },
        );
        if inserted {
            let found = out.split_off(start);
            out.extend(found.into_iter().filter(|&id| id & WORD_EDIT == 0));
        }
    }

    /// Ids of one-word names that two words joined (`candidate`) misspell: the edit rules
    /// of [`Self::lookup`], for names of [`SPLIT_LEN`] letters or more.
    pub fn lookup_split(&self, candidate: &[u8], out: &mut Vec<u32>) {
        if self.splittable.is_empty() || candidate.len() + 1 < SPLIT_LEN {
            return;
        }
        // The names the edit rules reach from `candidate` share its first letter and have
        // one letter fewer to two more (its keys and their one-letter deletions meet the
        // names' keys and their deletions of one or two letters); runs of three letters
        // collapse before they are looked up, so such a candidate is looked up in full.
        let n = candidate.len();
        let lengths = match candidate.first() {
            Some(&b) if b.is_ascii_lowercase() => self.split_lengths[usize::from(b - b'a')],
            _ => u64::MAX,
        };
        let reachable = (n - 1..=n + 2).any(|l| l < 64 && lengths >> l & 1 == 1);
        if !reachable && !candidate.windows(3).any(|w| w[0] == w[1] && w[1] == w[2]) {
            return;
        }
        let start = out.len();
        self.lookup(candidate, out);
        let mut i = start;
        while i < out.len() {
            if self.splittable.contains(&out[i]) {
                i += 1;
            } else {
                out.swap_remove(i);
            }
        }
    }

    /// Ids of names `candidate` sounds or looks like ([`sounds_alike`]), never an exact
    /// spelling and never an excluded word.
    pub fn lookup_sound(&self, candidate: &[u8], out: &mut Vec<u32>) {
        if candidate.len() < MIN_SOUND_LEN || self.sounds.is_empty() {
            return;
        }
        let start = out.len();
        // A plural or possessive `s` on a name of four or more letters (`Nikes`).
        if let Some(stem) = candidate.strip_suffix(b"s")
            && stem.len() >= MIN_VOWEL_SWAP_LEN
            && let Some(list) = self.plain.get(&word_key(stem))
        {
            for &e_i in list {
                let e = &self.entries[e_i as usize];
                if *e.letters == *stem && !out[start..].contains(&e.id) {
                    out.push(e.id);
                }
            }
        }
        let key = word_sound_hash(candidate);
        let (w, m) = bloom_slot(key, self.sound_bits.len());
        if self.sound_bits[w] & m != m {
            return self.drop_excluded(candidate, start, out);
        }
        let list = self.sounds.get(&key).map_or(&[][..], Vec::as_slice);
        let mut buf = [0u8; SOUND_BUF];
        let norm = sound_norm_into(candidate, &mut buf);
        for &e_i in list {
            let e = &self.entries[e_i as usize];
            let n = e.letters.len();
            let ok = *candidate != *e.letters
                && (candidate.len() >= MIN_VOWEL_SWAP_LEN || same_runs(candidate, &e.letters))
                && sounds_alike(norm, &e.sound, n);
            if ok && !out[start..].contains(&e.id) {
                out.push(e.id);
            }
        }
        self.drop_excluded(candidate, start, out);
    }

    /// Whether `word` is on the list of words never read as misspellings.
    pub fn is_excluded(&self, word: &[u8]) -> bool {
        self.exclusions.contains(&word_key(word))
    }

    /// Drops what `candidate` matched since `start` if it is an excluded word.
    fn drop_excluded(&self, candidate: &[u8], start: usize, out: &mut Vec<u32>) {
        if out.len() > start && self.exclusions.contains(&word_key(candidate)) {
            out.truncate(start);
        }
    }

    /// Ids of names of `words` words (any number for one word) that `masked` (letters
    /// and `?`, one per hidden letter, words joined) spells with its hidden letters
    /// filled in. At least three letters and three in five of the name's letters must
    /// show, or, for a word of three or four letters, its first and last; a hidden first
    /// letter (one mask before the word) needs four shown letters.
    /// Whether a name of one word may spell `masked` with its one `?` filled in: the
    /// index holds its key (a cheap test before [`Self::lookup_masked`]).
    pub fn may_fill_one(&self, masked: &[u8]) -> bool {
        self.masks.contains_key(&word_key(masked))
    }

    pub fn lookup_masked(&self, masked: &[u8], words: usize, out: &mut Vec<u32>) {
        let hidden = masked.iter().filter(|&&b| b == b'?').count();
        let shown = masked.len() - hidden;
        let lead = masked.first() == Some(&b'?');
        // A short name (three or four letters) shows its first and last letters and
        // hides what lies between (`G*P`, `N**e`): two letters shown are enough there,
        // since the mask says the word is a disguise and the length is exact.
        let short =
            (3..=4).contains(&masked.len()) && shown == 2 && !lead && masked.last() != Some(&b'?');
        if hidden == 0
            || (shown < 3 && !short)
            || (shown * 5 < masked.len() * 3 && !short)
            || (lead && (masked.get(1) == Some(&b'?') || shown < LEAD_MASK_LEN - 1))
        {
            return;
        }
        // A run of two or more masks may hide one letter more or less than it has
        // (`Louis V***on`): sellers do not count.
        let mut variants: Vec<Vec<u8>> = vec![masked.to_vec()];
        if let Some((at, len)) = longest_mask_run(masked)
            && len >= 2
            && !short
        {
            let mut more = masked.to_vec();
            more.insert(at, b'?');
            let mut less = masked.to_vec();
            less.remove(at);
            variants.push(more);
            variants.push(less);
        }
        let mut check = |e: &Entry| {
            let fits = (words == 1 || usize::from(e.words) == words)
                && variants.iter().any(|v| {
                    e.letters.len() == v.len()
                        && e.letters.iter().zip(v).all(|(&l, &m)| m == b'?' || l == m)
                });
            if fits && !out.contains(&e.id) {
                out.push(e.id);
            }
        };
        if let Some(list) = self.masks.get(&word_key(masked)) {
            list.iter()
                .for_each(|&e_i| check(&self.entries[e_i as usize]));
        } else if hidden > 1 || words > 1 {
            // More hidden letters than the index keys hold: masked words are rare, so
            // the names of that length are checked one by one.
            self.entries.iter().for_each(&mut check);
        }
    }

    /// The entries (indexes) the index holds under key `k`: none where the filter says
    /// so, without a map lookup.
    #[inline]
    fn listed(&self, k: u64) -> &[u32] {
        let (w, m) = bloom_slot(k, self.bits.len());
        if self.bits[w] & m != m {
            return &[];
        }
        self.map.get(&k).map_or(&[], Vec::as_slice)
    }

    fn probe(&self, word: &[u8], written: &[u8], start: usize, out: &mut Vec<u32>) {
        let n = word.len();
        // Words shorter than ANY_EDIT_LEN can only be a doubled letter away from a name
        // of five or six letters (or one deletion away from a longer name): only the
        // deletions of doubled letters need probing. (An `m` for an `n` is found by the
        // word's own key: the index holds each such name with one swapped.)
        let doubled = |i: usize| {
            n >= ANY_EDIT_LEN
                || (i > 0 && word[i - 1] == word[i])
                || word.get(i + 1) == Some(&word[i])
        };
        keys(word, doubled, |k| {
            for &e_i in self.listed(k) {
                let e = &self.entries[e_i as usize];
                if typo_allowed(written, &e.letters)
                    && !e.part(written)
                    && !out[start..].contains(&e.id)
                {
                    out.push(e.id);
                }
            }
        });
    }
}

/// Start and length of the longest run of `?` in `key`.
fn longest_mask_run(key: &[u8]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    let mut i = 0;
    while i < key.len() {
        if key[i] == b'?' {
            let start = i;
            while i < key.len() && key[i] == b'?' {
                i += 1;
            }
            if best.is_none_or(|(_, l)| i - start > l) {
                best = Some((start, i - start));
            }
        } else {
            i += 1;
        }
    }
    best
}

/// Whether `written` is an allowed misspelling of `name` (both lowercase ASCII letters).
pub(crate) fn typo_allowed(written: &[u8], name: &[u8]) -> bool {
    if written == name || name.len() < MIN_TYPO_LEN || written.first() != name.first() {
        return false;
    }
    // Letters repeated or un-repeated any number of times (`rolexxx`, `guci`).
    if same_runs(written, name) {
        return true;
    }
    let any_edit = name.len() >= ANY_EDIT_LEN;
    let (w, n) = (written.len(), name.len());
    if n >= TWO_EDIT_LEN {
        return osa_within(written, name, 2);
    }
    if w == n + 1 {
        // One letter inserted: allowed when it doubles a neighbour (`rolexx`).
        let i = first_diff(written, name);
        if written[i + 1..] != name[i..] {
            return false;
        }
        let c = written[i];
        any_edit || (i > 0 && written[i - 1] == c) || written.get(i + 1) == Some(&c)
    } else if w + 1 == n {
        // One letter dropped: allowed when it was one of a double (`guci`, `viton`).
        let i = first_diff(name, written);
        if name[i + 1..] != written[i..] {
            return false;
        }
        let c = name[i];
        // Names of six letters also lose one consonant after the second letter
        // (`Chael`, `Leovo`).
        any_edit
            || (i > 0 && name[i - 1] == c)
            || name.get(i + 1) == Some(&c)
            || (n + 1 == ANY_EDIT_LEN && i >= 2 && !b"aeiouy".contains(&c))
    } else if w == n {
        let i = first_diff(written, name);
        if written[i + 1..] == name[i + 1..] {
            // `m` for `n` and back, letters that differ by one stroke (`Demon`, `Devom`).
            return any_edit || matches!((written[i], name[i]), (b'm', b'n') | (b'n', b'm'));
        }
        // Adjacent transposition.
        any_edit
            && i + 1 < n
            && written[i] == name[i + 1]
            && written[i + 1] == name[i]
            && written[i + 2..] == name[i + 2..]
    } else {
        false
    }
}

/// Whether `written` looks like `name` (both lowercase ASCII letters) closely enough to
/// corroborate another weak mention of the same brand, though not closely enough to
/// name it alone: the same first letter and at most one edit (names of five letters or
/// fewer) or two (longer names), or the same sound (`wight` for `white`). Names shorter
/// than four letters never do.
pub(crate) fn resembles(written: &[u8], name: &[u8]) -> bool {
    if written == name || name.len() < 4 || written.first() != name.first() {
        return false;
    }
    let edits = if name.len() <= 5 { 1 } else { 2 };
    osa_within(written, name, edits) || {
        let (mut a, mut b) = ([0u8; SOUND_BUF], [0u8; SOUND_BUF]);
        sound_norm_into(written, &mut a) == sound_norm_into(name, &mut b)
    }
}

/// [`resembles`], looser: the first letter may differ too, and a name of five letters or
/// more may be two edits away.
pub(crate) fn resembles_loosely(written: &[u8], name: &[u8]) -> bool {
    let edits = if name.len() <= 4 { 1 } else { 2 };
    written != name
        && name.len() >= 4
        && (resembles(written, name) || osa_within(written, name, edits))
}

/// Whether `a` and `b` are equal once every run of a repeated letter counts as one.
fn same_runs(a: &[u8], b: &[u8]) -> bool {
    fn runs(s: &[u8]) -> impl Iterator<Item = u8> + '_ {
        s.iter()
            .enumerate()
            .filter(move |&(i, c)| i == 0 || s[i - 1] != *c)
            .map(|(_, &c)| c)
    }
    runs(a).eq(runs(b))
}

/// Optimal-string-alignment distance (Levenshtein plus adjacent transpositions).
#[cfg(test)]
fn osa_distance(a: &[u8], b: &[u8]) -> usize {
    osa_bounded(a, b, usize::MAX)
}

/// Whether the [`osa_distance`] of `a` and `b` is `k` or less.
fn osa_within(a: &[u8], b: &[u8], k: usize) -> bool {
    osa_bounded(a, b, k) <= k
}

/// [`osa_distance`], or some distance above `bound` as soon as the table shows that it
/// exceeds it.
fn osa_bounded(a: &[u8], b: &[u8], bound: usize) -> usize {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 2 {
        return 3;
    }
    // Three rows of the table (two back, one back, this one), on the stack for the
    // words of a listing; longer ones take the heap.
    const ROW: usize = 48;
    if m < ROW {
        let mut rows = [[0usize; ROW]; 3];
        osa_rows(a, b, bound, &mut rows)
    } else {
        let mut rows = [
            vec![0usize; m + 1],
            vec![0usize; m + 1],
            vec![0usize; m + 1],
        ];
        osa_rows(a, b, bound, &mut rows)
    }
}

/// [`osa_bounded`] over three rows of at least `b.len() + 1` cells each. A cell is at
/// least the least of the row before or one more than the least of the row two before:
/// once two rows in a row hold only values above `bound`, so does the last.
fn osa_rows<R: AsMut<[usize]>>(a: &[u8], b: &[u8], bound: usize, rows: &mut [R; 3]) -> usize {
    let (n, m) = (a.len(), b.len());
    let [r0, r1, r2] = rows;
    let (mut back2, mut back1, mut here) = (r0.as_mut(), r1.as_mut(), r2.as_mut());
    for (j, cell) in back1[..=m].iter_mut().enumerate() {
        *cell = j;
    }
    // The least value of the row one back (the first row's is 0).
    let mut least_back = 0;
    for i in 1..=n {
        here[0] = i;
        let mut least = i;
        for j in 1..=m {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (back1[j] + 1).min(here[j - 1] + 1).min(back1[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(back2[j - 2] + 1);
            }
            here[j] = v;
            least = least.min(v);
        }
        if least > bound && least_back > bound {
            return least;
        }
        least_back = least;
        // This row becomes the one back, the one back two back.
        std::mem::swap(&mut back2, &mut back1);
        std::mem::swap(&mut back1, &mut here);
    }
    back1[m]
}

fn first_diff(a: &[u8], b: &[u8]) -> usize {
    a.iter().zip(b).take_while(|(x, y)| x == y).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doubled_and_undoubled_letters_in_short_names() {
        assert!(typo_allowed(b"rolexx", b"rolex"));
        assert!(typo_allowed(b"addidas", b"adidas"));
        assert!(typo_allowed(b"guci", b"gucci"));
        assert!(!typo_allowed(b"rolax", b"rolex"));
        assert!(!typo_allowed(b"roles", b"rolex"));
        assert!(!typo_allowed(b"nikes", b"nike"));
        assert!(typo_allowed(b"rolexxx", b"rolex"));
        assert!(typo_allowed(b"devom", b"devon"));
        assert!(typo_allowed(b"demon", b"denon"));
        assert!(!typo_allowed(b"devop", b"devon"));
        assert!(typo_allowed(b"gucciiii", b"gucci"));
    }

    #[test]
    fn six_letter_names_lose_one_consonant_after_the_second_letter() {
        assert!(typo_allowed(b"chael", b"chanel"));
        assert!(typo_allowed(b"leovo", b"lenovo"));
        assert!(typo_allowed(b"oaley", b"oakley"));
        // Not a vowel (the sound index judges those), not the first two letters, and not
        // in names of five letters.
        assert!(!typo_allowed(b"chnel", b"chanel"));
        assert!(!typo_allowed(b"canel", b"chanel"));
        assert!(!typo_allowed(b"rlex", b"rolex"));
        assert!(!typo_allowed(b"gcci", b"gucci"));
    }

    #[test]
    fn long_names_take_any_single_edit() {
        assert!(typo_allowed(b"louisviton", b"louisvuitton"));
        assert!(typo_allowed(b"samsong", b"samsung"));
        assert!(typo_allowed(b"samsnug", b"samsung"));
        assert!(!typo_allowed(b"ramsung", b"samsung"));
        assert!(!typo_allowed(b"samsonite", b"samsung"));
        assert!(typo_allowed(b"balenciagga", b"balenciaga"));
        assert!(!typo_allowed(b"louisvittonbag", b"louisvuitton"));
    }

    #[test]
    fn osa_distance_keeps_three_rows_of_the_full_table() {
        // The whole table, as the distance was first computed.
        fn full(a: &[u8], b: &[u8]) -> usize {
            let (n, m) = (a.len(), b.len());
            let mut d = vec![vec![0usize; m + 1]; n + 1];
            for (i, row) in d.iter_mut().enumerate() {
                row[0] = i;
            }
            for (j, cell) in d[0].iter_mut().enumerate() {
                *cell = j;
            }
            for i in 1..=n {
                for j in 1..=m {
                    let cost = usize::from(a[i - 1] != b[j - 1]);
                    let mut v = (d[i - 1][j] + 1)
                        .min(d[i][j - 1] + 1)
                        .min(d[i - 1][j - 1] + cost);
                    if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                        v = v.min(d[i - 2][j - 2] + 1);
                    }
                    d[i][j] = v;
                }
            }
            d[n][m]
        }
        let long = "ab".repeat(40);
        let longer = format!("{long}ba");
        let words = [
            "",
            "a",
            "ab",
            "ba",
            "abc",
            "acb",
            "samsung",
            "samsnug",
            "ramsung",
            "samsonite",
            "louisviton",
            "louisvuitton",
            "balenciagga",
            "balenciaga",
            &long,
            &longer,
        ];
        for a in words {
            for b in words {
                let want = if a.len().abs_diff(b.len()) > 2 {
                    3
                } else {
                    full(a.as_bytes(), b.as_bytes())
                };
                assert_eq!(osa_distance(a.as_bytes(), b.as_bytes()), want, "{a} / {b}");
                for k in 0..4 {
                    assert_eq!(
                        osa_within(a.as_bytes(), b.as_bytes(), k),
                        want <= k,
                        "{a} / {b} within {k}"
                    );
                }
            }
        }
    }

    #[test]
    fn some_words_of_a_name_are_no_misspelling_of_it() {
        let names = vec![(
            b"raspberrypi".to_vec(),
            vec![b"raspberry".to_vec(), b"pi".to_vec()],
            0,
        )];
        let idx = Index::new(names, &[]);
        let mut out = Vec::new();
        idx.lookup(b"raspberry", &mut out);
        assert!(out.is_empty(), "the first word alone is a raspberry");
        idx.lookup(b"raspbery", &mut out);
        assert!(out.is_empty(), "two edits from the name, no part of it");
        idx.lookup(b"rasberrypi", &mut out);
        assert_eq!(out, [0], "a letter dropped from the whole name");
    }

    #[test]
    fn index_finds_neighbours_and_respects_exclusions() {
        let names = vec![
            (b"rolex".to_vec(), vec![b"rolex".to_vec()], 0),
            (
                b"louisvuitton".to_vec(),
                vec![b"louis".to_vec(), b"vuitton".to_vec()],
                1,
            ),
            (b"chanel".to_vec(), vec![b"chanel".to_vec()], 2),
        ];
        let idx = Index::new(names, &[b"channel".to_vec()]);
        let mut out = Vec::new();
        idx.lookup(b"rolexx", &mut out);
        assert_eq!(out, [0]);
        out.clear();
        idx.lookup(b"louisviton", &mut out);
        assert_eq!(out, [1]);
        out.clear();
        idx.lookup(b"channel", &mut out);
        assert!(out.is_empty());
        idx.lookup(b"rolex", &mut out);
        assert!(out.is_empty());
        idx.lookup(b"rolexxxx", &mut out);
        assert_eq!(out, [0]);
        assert!(idx.knows_word(b"louis"));
    }

    #[test]
    fn split_lookups_find_what_the_edit_rules_find() {
        // The filter on first letters and lengths in front of split lookups drops nothing
        // the edit rules would find: names one letter shorter to two longer, and runs of
        // three letters that collapse.
        let idx = index(&["lululemon", "kitchenaid", "mountainbike", "bo se"]);
        for w in [
            "lulllemon",
            "lululemmon",
            "luluemon",
            "lululemonnn",
            "kitchenaidd",
            "kitchenad",
            "kitcheenaid",
            "kitchenaaaaaid",
            "mountanbike",
            "mountainbikes",
            "mountainbik",
            "mounntainbikke",
            "zitchenaid",
            "kitchenaidmountain",
        ] {
            let mut split = Vec::new();
            idx.lookup_split(w.as_bytes(), &mut split);
            let mut all = Vec::new();
            idx.lookup(w.as_bytes(), &mut all);
            all.retain(|id| idx.splittable.contains(id));
            assert_eq!(split, all, "{w}");
        }
        let found = |w: &str| {
            let mut out = Vec::new();
            idx.lookup_split(w.as_bytes(), &mut out);
            out
        };
        assert_eq!(found("lulllemon"), [0]);
        assert_eq!(found("kitchenaidd"), [1]);
        assert_eq!(found("mountanbike"), [2]);
    }

    fn index(names: &[&str]) -> Index {
        let names = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_bytes().to_vec(), vec![n.as_bytes().to_vec()], i as u32))
            .collect();
        Index::new(names, &[b"channel".to_vec()])
    }

    fn sound(idx: &Index, w: &str) -> Vec<u32> {
        let mut out = Vec::new();
        idx.lookup_sound(w.as_bytes(), &mut out);
        out
    }

    #[test]
    fn sound_alikes_phonetic_visual_vowels_and_doubles() {
        let idx = index(&[
            "rolex", "nike", "canon", "fendi", "gucci", "adidas", "dell", "chanel", "wix",
        ]);
        for (w, id) in [
            ("rolecks", 0),
            ("rolax", 0),
            ("rlex", 0),
            ("nikke", 1),
            ("nyke", 1),
            ("kanon", 2),
            ("phendi", 3),
            ("guccy", 4),
            ("addidas", 5),
            ("delll", 6),
            ("nlke", 1),
            ("nikes", 1),
            ("wixx", 8),
            ("rolexx", 0),
        ] {
            assert_eq!(sound(&idx, w), [id], "{w}");
        }
        for w in ["goku", "odidas", "rolex", "neck", "roles", "channel", "nk"] {
            assert!(sound(&idx, w).is_empty(), "{w}");
        }
    }

    #[test]
    fn streamed_sound_hash_is_the_key_hash() {
        for w in [&b"rolecks"[..], b"phendi", b"nikke", b"x", b"wixx", b""] {
            assert_eq!(word_sound_hash(w), word_key(&sound_key(&sound_norm(w))));
        }
    }

    #[test]
    fn short_names_masked_between_their_first_and_last_letters_are_found() {
        let idx = index(&["gap", "nike", "gucci"]);
        let mut out = Vec::new();
        idx.lookup_masked(b"g?p", 1, &mut out);
        assert_eq!(out, [0]);
        out.clear();
        idx.lookup_masked(b"n??e", 1, &mut out);
        assert_eq!(out, [1]);
        out.clear();
        // Not the first or the last letter hidden, not one letter more or less, not a
        // longer name shown by two letters.
        for w in [
            &b"?ap"[..],
            b"ga?",
            b"n?e",
            b"n???e",
            b"?i?e",
            b"ni??",
            b"g???i",
        ] {
            idx.lookup_masked(w, 1, &mut out);
            assert!(out.is_empty(), "{}", String::from_utf8_lossy(w));
        }
    }

    #[test]
    fn masked_letters_find_their_names() {
        let idx = index(&["gucci", "rolex", "nike", "louisvuitton"]);
        let mut out = Vec::new();
        idx.lookup_masked(b"g?cci", 1, &mut out);
        idx.lookup_masked(b"gu??i", 1, &mut out);
        assert_eq!(out, [0]);
        out.clear();
        out.clear();
        idx.lookup_masked(b"r??ex", 1, &mut out);
        idx.lookup_masked(b"n?ke", 1, &mut out);
        idx.lookup_masked(b"lou?svu?tton", 1, &mut out);
        idx.lookup_masked(b"louisv???on", 1, &mut out);
        assert_eq!(out, [1, 2, 3]);
        out.clear();
        idx.lookup_masked(b"g???i", 1, &mut out);
        // The first letter hidden: one mask, four letters shown after it.
        idx.lookup_masked(b"?ike", 1, &mut out);
        idx.lookup_masked(b"??cci", 1, &mut out);
        idx.lookup_masked(b"?u?ci", 1, &mut out);
        assert!(out.is_empty());
        idx.lookup_masked(b"?ucci", 1, &mut out);
        idx.lookup_masked(b"?olex", 1, &mut out);
        assert_eq!(out, [0, 1]);
    }
}
