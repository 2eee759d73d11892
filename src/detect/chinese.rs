//! Chinese names written around the rules: homophones, masks and code names.
//!
//! * **Homophones**: a run of Chinese characters that reads like a brand's Chinese name
//!   in toneless pinyin (`劳力仕` for 劳力士, `奈克` for 耐克, `飙马` for 彪马), sharing at
//!   least half of its characters with the name; names of three or more characters may
//!   also differ in one syllable's final (`路易威顿` for 路易威登; `任天童` for 任天堂, weak
//!   for three characters). Pinyin comes from the
//!   `pinyin` crate's tables: the most common reading of each character written, and
//!   every reading of a name's characters (`欧米伽` for 欧米茄, whose `茄` is also `jia`;
//!   `狼抓` for 狼爪, whose `爪` is also `zhua`, where the characters written are not a
//!   word of their own).
//! * **Masks**: a mask character replacing one character of a name of three or more
//!   (`香*儿`, `路易*登`) or inserted between two characters (`古*驰`, `小*米`).
//! * **Code names** of the counterfeit trade: `X家` ("house of X"), with X the first
//!   character of a Chinese name (`香家` Chanel, `劳家` Rolex, `驴家` from 驴牌) or the
//!   initial of a Latin name (`L家`) — reported for every brand of the registry that has
//!   the code, as [`How::SharedCode`] when there are several, for the listing's goods to
//!   tell which; and `双X` / `double X` for a brand whose alias is that letter doubled (`双C` is
//!   `CC`, `双G` is `GG`).
//!
//! * **Abridged names**: a transliteration of five characters or more written with one or
//!   two of its characters after the first left out, four characters at least
//!   (`卡文克莱` for 卡尔文克莱因, `汤米希尔` for 汤米希尔费格): sellers shorten long foreign
//!   names. Reported as misspellings.
//!
//! Homophones of two-character names, abridged names and code names are weak: they count
//! only with corroboration, like ordinary words.

use rustc_hash::FxHashMap as HashMap;

use pinyin::{ToPinyin, ToPinyinMulti};

use super::normalize::{Class, Folded, Sep};

/// A name this index can report, by the caller's id.
#[derive(Debug, Clone)]
struct Name {
    chars: Vec<char>,
    id: u32,
}

/// What a hit is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum How {
    Homophone,
    Masked,
    Code,
    /// A code name that several brands of the registry have (`B家` for Burberry and
    /// Brother): reported for each of them, for the goods to tell which.
    SharedCode,
}

/// One hit: skeleton byte range, the caller's id, how, and whether it is weak.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub id: u32,
    pub how: How,
    pub weak: bool,
    /// A homophone of a two-character name by one of its rarer readings (`狼抓` for
    /// 狼爪, whose `爪` is also `zhua`): the caller keeps it only where the characters
    /// written are not a word of their own.
    pub rare: bool,
    /// A look-alike of a two-character name (`木田` for 本田): the caller keeps it only
    /// where the characters written are not a word and do not make one with the
    /// character before or after them.
    pub loose: bool,
}

/// Characters that start an ordinary word with 家 (`家具`, `家居`, `家用` …): `X家` right
/// before one of them is not a code name.
const JIA_WORDS: &[char] = &[
    '具', '居', '用', '电', '庭', '纺', '装', '政', '务', '乡', '族', '人', '长', '常', '园', '私',
    '禽', '畜', '属', '教', '访', '境', '门', '底', '伙', '什', '当', '家', '里', '中', '的',
];

fn syllables(chars: &[char]) -> Option<Vec<&'static str>> {
    chars
        .iter()
        .map(|c| c.to_pinyin().map(|p| p.plain()))
        .collect()
}

/// Most readings of a name kept: the common one first, then others of characters that
/// have several (a name of heteronyms would otherwise make hundreds).
const MAX_READINGS: usize = 8;

/// The readings of `chars` in toneless pinyin: the common reading of each character, and
/// the others of characters with several (`茄`: `qie`, `jia`), up to [`MAX_READINGS`].
fn readings(chars: &[char]) -> Vec<Vec<&'static str>> {
    let Some(first) = syllables(chars) else {
        return Vec::new();
    };
    let mut out = vec![first];
    for (i, c) in chars.iter().enumerate() {
        let Some(multi) = c.to_pinyin_multi() else {
            continue;
        };
        let others: Vec<&'static str> = multi
            .into_iter()
            .map(|p| p.plain())
            .filter(|p| *p != out[0][i])
            .collect();
        let base = out.clone();
        for o in others {
            for b in &base {
                if out.len() >= MAX_READINGS {
                    return out;
                }
                let mut r = b.clone();
                r[i] = o;
                if !out.contains(&r) {
                    out.push(r);
                }
            }
        }
    }
    out
}

/// The Chinese characters glued to `text[s..e]` (a Latin acronym) whose pinyin initials
/// spell it, before it or after it: `京东` for `JD` in `发京东JD快递`, `顺丰` for `SF`.
pub(crate) fn spelled_by_neighbours(text: &str, s: usize, e: usize) -> Option<String> {
    let acronym = text.get(s..e)?.to_ascii_lowercase();
    let n = acronym.chars().count();
    if !(2..=4).contains(&n) || !acronym.bytes().all(|b| b.is_ascii_lowercase()) {
        return None;
    }
    let spells = |chars: &[char]| {
        chars.len() == n
            && syllables(chars).is_some_and(|syl| {
                syl.iter()
                    .zip(acronym.bytes())
                    .all(|(p, a)| p.as_bytes().first() == Some(&a))
            })
    };
    let mut before: Vec<char> = text[..s]
        .chars()
        .rev()
        .take_while(|c| super::normalize::is_cjk(*c))
        .take(n)
        .collect();
    before.reverse();
    if spells(&before) {
        return Some(before.into_iter().collect());
    }
    let after: Vec<char> = text[e..]
        .chars()
        .take_while(|c| super::normalize::is_cjk(*c))
        .take(n)
        .collect();
    spells(&after).then(|| after.into_iter().collect())
}

/// The initial of a pinyin syllable (`zh`, `ch`, `sh` or one consonant; empty for a vowel).
fn initial(s: &str) -> &str {
    for d in ["zh", "ch", "sh"] {
        if s.starts_with(d) {
            return &s[..2];
        }
    }
    match s.as_bytes().first() {
        Some(b) if !b"aeiouv".contains(b) => &s[..1],
        _ => "",
    }
}

/// A syllable with the sounds many speakers merge folded together, as Chinese input
/// methods' fuzzy pinyin does: `zh/z`, `ch/c`, `sh/s`, `n/l`, `eng/en`, `ing/in`,
/// `ang/an` (`爱普森` ai pu sen for 爱普生 ai pu sheng).
fn fuzzy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let rest = if let Some(r) = s.strip_prefix("zh") {
        out.push('z');
        r
    } else if let Some(r) = s.strip_prefix("ch") {
        out.push('c');
        r
    } else if let Some(r) = s.strip_prefix("sh") {
        out.push('s');
        r
    } else if let Some(r) = s.strip_prefix('l') {
        out.push('n');
        r
    } else {
        s
    };
    let rest = rest
        .strip_suffix("ng")
        .filter(|r| r.ends_with(['a', 'e', 'i']))
        .map_or(rest.to_string(), |r| format!("{r}n"));
    out.push_str(&rest);
    out
}

/// Whether `written` repeats the pattern of `name`'s characters (the same characters
/// where the name has the same) and keeps at least half of its distinct characters:
/// `香漂漂` for 香飘飘, one character changed where it is doubled.
fn redoubled(name: &[char], written: &[char]) -> bool {
    let n = name.len();
    if written.len() != n || !(0..n).any(|i| (i + 1..n).any(|j| name[i] == name[j])) {
        return false;
    }
    let same_pattern =
        (0..n).all(|i| (0..n).all(|j| (name[i] == name[j]) == (written[i] == written[j])));
    let mut distinct: Vec<char> = Vec::new();
    for &c in name {
        if !distinct.contains(&c) {
            distinct.push(c);
        }
    }
    let kept = distinct
        .iter()
        .filter(|&&c| (0..n).all(|i| name[i] != c || written[i] == c))
        .count();
    same_pattern && kept > 0 && kept * 2 >= distinct.len() && kept < distinct.len()
}

fn key(syl: &[&str], loose: Option<usize>) -> String {
    let mut k = String::new();
    let folded: Vec<String> = syl.iter().map(|s| fuzzy(s)).collect();
    key_into(&mut k, folded.iter().map(String::as_str), loose);
    k
}

/// Writes into `buf` (cleared) the key of syllables already folded ([`fuzzy`]): joined by
/// spaces, the `loose`th written as its initial and `*`. The index's keys ([`key`]) and
/// the scan's are written by this one function, so that they stay alike.
fn key_into<'a>(buf: &mut String, folded: impl Iterator<Item = &'a str>, loose: Option<usize>) {
    buf.clear();
    for (i, f) in folded.enumerate() {
        if i > 0 {
            buf.push(' ');
        }
        if loose == Some(i) {
            buf.push_str(initial(f));
            buf.push('*');
        } else {
            buf.push_str(f);
        }
    }
}

/// The index over a registry's Chinese names and single-letter codes.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    names: Vec<Name>,
    /// Pinyin key → names.
    sounds: HashMap<String, Vec<u32>>,
    /// Pinyin key of a two-character name read by a rarer reading of one of its
    /// characters → names.
    rare_two: HashMap<String, Vec<u32>>,
    /// Lengths (in characters) of the names.
    lengths: Vec<usize>,
    /// Code character (first Chinese character, or uppercase Latin initial) → ids (one
    /// per brand that has the code).
    codes: HashMap<char, Vec<u32>>,
    /// The codes of several brands.
    shared: std::collections::HashSet<char>,
    /// A letter whose doubling is an alias (`c` for `CC`) → ids.
    doubles: HashMap<u8, Vec<u32>>,
    /// Names of five characters or more with one or two characters after the first left
    /// out (four at least) → names.
    abridged: HashMap<Vec<char>, Vec<u32>>,
    /// Lengths (in characters) of the abridged forms.
    abridged_lengths: Vec<usize>,
    /// Names of two characters or more with one character swapped for one that looks
    /// like it (`大白免` for 大白兔) → names.
    lookalike: HashMap<Vec<char>, Vec<u32>>,
    /// Lengths (in characters) of those names.
    lookalike_lengths: Vec<usize>,
    /// A name's first character, and the second of names of three or more → the names:
    /// a name written with a mask shows one of them first.
    by_lead: HashMap<char, Vec<u32>>,
}

/// Characters that look alike (形近字, `seeds/words/zh_lookalikes.txt`): each character
/// with the ones that look like it.
fn lookalikes() -> &'static HashMap<char, Vec<char>> {
    static PAIRS: std::sync::OnceLock<HashMap<char, Vec<char>>> = std::sync::OnceLock::new();
    PAIRS.get_or_init(|| {
        let mut map: HashMap<char, Vec<char>> = HashMap::default();
        for line in include_str!("../../seeds/words/zh_lookalikes.txt").lines() {
            let mut c = line.chars();
            if let (Some(a), Some(b), None) = (c.next(), c.next(), c.next())
                && a != '#'
            {
                // A title is read in simplified characters ([`normalize::simplified`]):
                // a traditional look-alike (`佈` for `伟`) is found as the simplified
                // character it reads as (`布`).
                for (x, y) in [(a, b), (b, a)] {
                    let ys = map.entry(x).or_default();
                    for z in [y, super::normalize::simplified_char(y)] {
                        if z != x && !ys.contains(&z) {
                            ys.push(z);
                        }
                    }
                }
            }
        }
        map
    })
}

impl Index {
    /// `cjk`: (name, id) for Chinese names; `initials`: (uppercase initial, brand
    /// number, id) for the Latin names that give `X家` codes; `doubles`: (letter, id) for
    /// aliases that are one letter doubled. A code name is reported with the first id of
    /// each brand that has it; one that several brands have is [`How::SharedCode`].
    pub fn new(
        cjk: &[(String, u32, u32)],
        initials: &[(char, u32, u32)],
        doubles: &[(u8, u32)],
    ) -> Self {
        let mut idx = Index::default();
        let mut code_brands: HashMap<char, Vec<(u32, u32)>> = HashMap::default();
        for (text, brand, id) in cjk {
            // `汤米·希尔费格`: the dot and spaces are not characters of the name as sellers
            // write it.
            // A name the registry writes in traditional characters is read in simplified
            // ones, as titles are ([`super::normalize::simplified`]).
            let chars: Vec<char> = text
                .chars()
                .filter(|c| !c.is_whitespace() && !matches!(c, '·' | '・' | '•' | '.'))
                .map(super::normalize::simplified_char)
                .collect();
            if chars.len() < 2 {
                continue;
            }
            let n = idx.names.len() as u32;
            // Every reading of a name of three characters or more (`欧米茄` is `ou mi qie`
            // and `ou mi jia`: `欧米伽` sounds like it), as sellers pick a character for
            // any of them. Two characters read by a rare reading make ordinary words
            // (`红牛` read `gong niu` is `公牛`, a bull): those readings are kept apart
            // (`rare_two`), and their finds marked for the caller to drop the words.
            let all = if chars.len() >= 3 {
                readings(&chars)
            } else {
                for syl in readings(&chars).into_iter().skip(1) {
                    let ids = idx.rare_two.entry(key(&syl, None)).or_default();
                    if !ids.contains(&n) {
                        ids.push(n);
                    }
                }
                syllables(&chars).into_iter().collect()
            };
            for syl in all {
                let mut push = |k: String| {
                    let ids = idx.sounds.entry(k).or_default();
                    if !ids.contains(&n) {
                        ids.push(n);
                    }
                };
                push(key(&syl, None));
                if chars.len() >= 3 {
                    for i in 0..syl.len() {
                        push(key(&syl, Some(i)));
                    }
                }
            }
            if !idx.lengths.contains(&chars.len()) {
                idx.lengths.push(chars.len());
            }
            code_brands.entry(chars[0]).or_default().push((*brand, *id));
            if chars.len() >= 5 {
                let mut forms: Vec<Vec<char>> = Vec::new();
                for i in 1..chars.len() {
                    let mut one = chars.clone();
                    one.remove(i);
                    for j in i..one.len() {
                        let mut two = one.clone();
                        two.remove(j);
                        if two.len() >= 4 {
                            forms.push(two);
                        }
                    }
                    forms.push(one);
                }
                for form in forms {
                    if !idx.abridged_lengths.contains(&form.len()) {
                        idx.abridged_lengths.push(form.len());
                    }
                    let list = idx.abridged.entry(form).or_default();
                    if !list.contains(&n) {
                        list.push(n);
                    }
                }
            }
            if chars.len() >= 2 {
                let table = lookalikes();
                for i in 0..chars.len() {
                    for &other in table.get(&chars[i]).map_or(&[][..], Vec::as_slice) {
                        let mut form = chars.clone();
                        form[i] = other;
                        let list = idx.lookalike.entry(form).or_default();
                        if !list.contains(&n) {
                            list.push(n);
                        }
                    }
                }
                if !idx.lookalike_lengths.contains(&chars.len()) {
                    idx.lookalike_lengths.push(chars.len());
                }
            }
            for (i, c) in chars
                .iter()
                .enumerate()
                .take(if chars.len() >= 3 { 2 } else { 1 })
            {
                let list = idx.by_lead.entry(*c).or_default();
                if i == 0 || list.last() != Some(&n) {
                    list.push(n);
                }
            }
            idx.names.push(Name { chars, id: *id });
        }
        for &(c, brand, id) in initials {
            code_brands.entry(c).or_default().push((brand, id));
        }
        for (c, list) in code_brands {
            // The first id of each brand, in the order the brands came.
            let mut ids: Vec<u32> = Vec::new();
            let mut seen: Vec<u32> = Vec::new();
            for &(b, id) in &list {
                if !seen.contains(&b) {
                    seen.push(b);
                    ids.push(id);
                }
            }
            if ids.len() > 1 {
                idx.shared.insert(c);
            }
            idx.codes.insert(c, ids);
        }
        for &(l, id) in doubles {
            idx.doubles.entry(l).or_default().push(id);
        }
        idx
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty() && self.codes.is_empty() && self.doubles.is_empty()
    }

    /// Every hit in `f`; `taken(start, end)` says a range already holds a brand hit.
    pub fn scan(&self, f: &Folded, taken: impl Fn(usize, usize) -> bool, out: &mut Vec<Found>) {
        if self.is_empty() {
            return;
        }
        // Latin text without `double` has nothing for this index (both read a word or a
        // vector of the skeleton at a time: most titles end here).
        if f.skeleton.is_ascii()
            && !std::str::from_utf8(&f.skeleton).is_ok_and(|t| t.contains("double"))
        {
            return;
        }
        // Characters of the skeleton: (start byte, end byte, char).
        let mut chars: Vec<(usize, usize, char)> = Vec::new();
        let text = std::str::from_utf8(&f.skeleton).unwrap_or("");
        for (at, c) in text.char_indices() {
            chars.push((at, at + c.len_utf8(), c));
        }
        let cjk = |i: usize| {
            chars
                .get(i)
                .is_some_and(|&(s, _, _)| f.pos[s].class == Class::Cjk)
        };
        self.scan_doubles(f, &chars, &taken, out);
        if !chars.iter().any(|&(s, _, _)| f.pos[s].class == Class::Cjk) {
            return;
        }
        // Runs of Chinese characters (masks between them do not break a run).
        let mut i = 0;
        while i < chars.len() {
            if !cjk(i) {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && cjk(i) && (i == start || f.pos[chars[i].0].sep != Sep::Space) {
                i += 1;
            }
            self.scan_run(f, &chars[start..i], &taken, out);
        }
        self.scan_codes(f, &chars, &taken, out);
    }

    fn scan_run(
        &self,
        f: &Folded,
        run: &[(usize, usize, char)],
        taken: &impl Fn(usize, usize) -> bool,
        out: &mut Vec<Found>,
    ) {
        // Masks are counted on the last byte of the character before them.
        let masks = |i: usize| f.pos[run[i].1 - 1].masks_after;
        // This run's finds start here.
        let first = out.len();
        // A find over the run's characters `s..e`.
        let found = |s: usize, e: usize, id: u32, how: How, weak: bool| Found {
            start: run[s].0,
            end: run[e - 1].1,
            id,
            how,
            weak,
            rare: false,
            loose: false,
        };
        let glyphs: Vec<char> = run.iter().map(|r| r.2).collect();
        // Homophones.
        let syl: Vec<Option<&'static str>> = glyphs
            .iter()
            .map(|c| c.to_pinyin().map(|p| p.plain()))
            .collect();
        // The other readings of characters that have several (`伽`: `jia`, `qie`).
        let other: Vec<Vec<&'static str>> = glyphs
            .iter()
            .zip(&syl)
            .map(|(c, first)| {
                c.to_pinyin_multi().map_or_else(Vec::new, |m| {
                    m.into_iter()
                        .map(|p| p.plain())
                        .filter(|p| Some(*p) != *first)
                        .collect()
                })
            })
            .collect();
        // Each character's common reading and other readings folded as the index's keys
        // are (`fuzzy`), once per run: a window's keys are these joined, built in one
        // reused buffer and looked up as they are built.
        let folded: Vec<Option<String>> = syl.iter().map(|s| s.map(fuzzy)).collect();
        let folded_other: Vec<Vec<String>> = other
            .iter()
            .map(|alts| alts.iter().map(|a| fuzzy(a)).collect())
            .collect();
        let mut buf = String::new();
        let mut seen: Vec<(u32, bool)> = Vec::new();
        let mut rare: Vec<u32> = Vec::new();
        for &len in &self.lengths {
            for s in 0..run.len().saturating_sub(len - 1) {
                let e = s + len;
                if folded[s..e].iter().any(Option::is_none) {
                    continue;
                }
                if (s..e - 1).any(|i| masks(i) > 0) || taken(run[s].0, run[e - 1].1) {
                    continue;
                }
                // The window's syllables, the `i`th read as `alt` (another reading) or
                // by its initial alone (`loose`).
                let window_key =
                    |buf: &mut String, alt: Option<(usize, &str)>, loose: Option<usize>| {
                        let parts = folded[s..e].iter().enumerate().map(|(i, f)| match alt {
                            Some((at, a)) if at == i => a,
                            _ => f.as_deref().unwrap_or_default(),
                        });
                        key_into(buf, parts, loose);
                    };
                seen.clear();
                rare.clear();
                window_key(&mut buf, None, None);
                if len == 2 {
                    for &n in self
                        .rare_two
                        .get(buf.as_str())
                        .map_or(&[][..], Vec::as_slice)
                    {
                        if !self
                            .sounds
                            .get(buf.as_str())
                            .is_some_and(|v| v.contains(&n))
                        {
                            rare.push(n);
                            seen.push((n, true));
                        }
                    }
                }
                // Keys read exactly (the common reading, or another of one character),
                // then with one final changed.
                let mut add = |buf: &str, exact: bool| {
                    for &n in self.sounds.get(buf).map_or(&[][..], Vec::as_slice) {
                        if let Some(e) = seen.iter_mut().find(|e| e.0 == n) {
                            e.1 |= exact;
                        } else {
                            seen.push((n, exact));
                        }
                    }
                };
                add(&buf, true);
                if len >= 3 {
                    for (i, alts) in folded_other[s..e].iter().enumerate() {
                        for alt in alts {
                            window_key(&mut buf, Some((i, alt)), None);
                            add(&buf, true);
                        }
                    }
                    for i in 0..len {
                        window_key(&mut buf, None, Some(i));
                        add(&buf, false);
                    }
                }
                for &(n, sounds_alike) in &seen {
                    let name = &self.names[n as usize];
                    let shared = name
                        .chars
                        .iter()
                        .zip(&glyphs[s..e])
                        .filter(|(a, b)| a == b)
                        .count();
                    if shared == len || shared == 0 {
                        continue;
                    }
                    // A name with a character doubled (`香飘飘`) written with another one
                    // doubled (`香漂漂`) has one character changed, twice: counted once.
                    let doubled = shared * 2 < len && redoubled(&name.chars, &glyphs[s..e]);
                    if shared * 2 < len && !doubled {
                        continue;
                    }
                    // A three-character name with one final changed (`任天童`) is weak,
                    // as two-character homophones are, and so is one redoubled.
                    let weak = len == 2 || (len == 3 && !sounds_alike) || doubled;
                    let mut x = found(s, e, name.id, How::Homophone, weak);
                    x.rare = rare.contains(&n);
                    out.push(x);
                }
            }
        }
        // Look-alikes: one character of a name of two or more swapped for one that looks
        // like it (`大白免`, `木田` for 本田); weak for two and three characters, as homophones are.
        for &len in &self.lookalike_lengths {
            for s in 0..run.len().saturating_sub(len - 1) {
                let e = s + len;
                if (s..e - 1).any(|i| masks(i) > 0) || taken(run[s].0, run[e - 1].1) {
                    continue;
                }
                for &n in self
                    .lookalike
                    .get(&glyphs[s..e])
                    .map_or(&[][..], Vec::as_slice)
                {
                    // Read once: a homophone found on the same characters already says it
                    // (`任天棠` sounds like 任天堂 as well as looking like it).
                    let mut f = found(s, e, self.names[n as usize].id, How::Homophone, len <= 3);
                    f.loose = len == 2;
                    if !out[first..]
                        .iter()
                        .any(|o| o.id == f.id && o.start == f.start && o.end == f.end)
                    {
                        out.push(f);
                    }
                }
            }
        }
        // Masks: one character hidden (`香*儿`) or a mask inside the name (`古*驰`). Each
        // form has a mask in the run (or right before it) and shows the name's first
        // character, or the second when the first is hidden: only the names led by a
        // character of the run are tried, and none in a run without a mask (most).
        let masked = f.pos[run[0].0].masks_before > 0 || (0..run.len()).any(|i| masks(i) > 0);
        let mut candidates: Vec<u32> = Vec::new();
        if masked {
            for g in &glyphs {
                candidates.extend(self.by_lead.get(g).map_or(&[][..], Vec::as_slice));
            }
            candidates.sort_unstable();
            candidates.dedup();
        }
        for name in candidates.iter().map(|&n| &self.names[n as usize]) {
            let len = name.chars.len();
            for s in 0..run.len() {
                // Inserted: the name's characters in a row, one mask after one of them.
                if s + len <= run.len()
                    && glyphs[s..s + len] == name.chars[..]
                    && (s..s + len - 1).any(|i| masks(i) > 0)
                    && !taken(run[s].0, run[s + len - 1].1)
                {
                    out.push(found(s, s + len, name.id, How::Masked, false));
                }
                // Replaced: the character after a mask is the one after the hidden one.
                // One mask hides one character; a run of two or more may hide one more
                // or one less than it has (`香**儿`, `路**登`, `路***登`): sellers do not
                // count. Two characters at least stay shown.
                for hidden in 1..=2 {
                    if len < hidden + 2 || s + len - hidden > run.len() {
                        continue;
                    }
                    for hole in 1..=len - hidden {
                        let before = &name.chars[..hole];
                        let after = &name.chars[hole + hidden..];
                        let e = s + len - hidden;
                        let m = usize::from(masks(s + hole - 1));
                        let fits = m == hidden || (m >= 2 && m.abs_diff(hidden) == 1);
                        if fits
                            && glyphs[s..s + hole] == *before
                            && glyphs[s + hole..e] == *after
                            && !taken(run[s].0, run[e - 1].1)
                        {
                            out.push(found(s, e, name.id, How::Masked, false));
                        }
                    }
                }
                // A name of two characters with its second hidden (`耐*`, `李X`): one mask
                // right after the first character, not a multiplication sign before a
                // number (`5双*2`; a number after a space is the goods' own, `椰* 350`).
                // Weak: one character shown tells little by itself.
                let times = || {
                    f.skeleton.get(run[s].1).is_some_and(u8::is_ascii_digit)
                        && f.pos.get(run[s].1).is_some_and(|p| p.sep != Sep::Space)
                };
                if len == 2
                    && glyphs[s] == name.chars[0]
                    && masks(s) == 1
                    && glyphs.get(s + 1) != Some(&name.chars[1])
                    && !times()
                    && !taken(run[s].0, run[s].1)
                {
                    out.push(found(s, s + 1, name.id, How::Masked, true));
                }
                if len >= 3 && s + len - 1 <= run.len() {
                    // The first character hidden (`*奈儿`): one mask right before the
                    // rest of the name, at the start of the run or after a character.
                    let e = s + len - 1;
                    let masked_before = if s == 0 {
                        f.pos[run[0].0].masks_before
                    } else {
                        masks(s - 1)
                    };
                    if masked_before == 1
                        && glyphs[s..e] == name.chars[1..]
                        && !taken(run[s].0, run[e - 1].1)
                    {
                        out.push(found(s, e, name.id, How::Masked, false));
                    }
                }
            }
        }
        // Abridged: a long name with one or two characters left out (`卡文克莱`), standing
        // as a run of its own or between words it does not continue. (Read after the
        // masks: `伊丽莎白雅*` is the name with its end hidden, not shortened.)
        for &len in &self.abridged_lengths {
            for s in 0..run.len().saturating_sub(len - 1) {
                let e = s + len;
                let (start, end) = (run[s].0, run[e - 1].1);
                if (s..e - 1).any(|i| masks(i) > 0)
                    || taken(start, end)
                    || out[first..]
                        .iter()
                        .any(|o| o.how == How::Masked && o.start < end && start < o.end)
                {
                    continue;
                }
                for &n in self
                    .abridged
                    .get(&glyphs[s..e])
                    .map_or(&[][..], Vec::as_slice)
                {
                    let name = &self.names[n as usize];
                    // The whole name written here is the name, not an abridgement of it.
                    if glyphs.len() >= s + name.chars.len()
                        && glyphs[s..s + name.chars.len()] == name.chars[..]
                    {
                        continue;
                    }
                    out.push(found(s, e, name.id, How::Homophone, true));
                }
            }
        }
    }

    /// `X家` code names.
    fn scan_codes(
        &self,
        f: &Folded,
        chars: &[(usize, usize, char)],
        taken: &impl Fn(usize, usize) -> bool,
        out: &mut Vec<Found>,
    ) {
        for i in 1..chars.len() {
            if chars[i].2 != '家' || f.pos[chars[i].0].sep != Sep::None {
                continue;
            }
            if chars
                .get(i + 1)
                .is_some_and(|c| JIA_WORDS.contains(&c.2) && f.pos[c.0].sep == Sep::None)
            {
                continue;
            }
            let (s, _, c) = chars[i - 1];
            let code = if c.is_ascii_alphabetic() {
                // A lone letter: a word boundary before it.
                if i >= 2 && chars[i - 2].2.is_ascii_alphanumeric() && f.pos[s].sep == Sep::None {
                    continue;
                }
                c.to_ascii_uppercase()
            } else {
                c
            };
            let Some(ids) = self.codes.get(&code) else {
                continue;
            };
            if taken(s, chars[i].1) {
                continue;
            }
            let how = if self.shared.contains(&code) {
                How::SharedCode
            } else {
                How::Code
            };
            for &id in ids {
                out.push(Found {
                    start: s,
                    end: chars[i].1,
                    id,
                    how,
                    weak: true,
                    rare: false,
                    loose: false,
                });
            }
        }
    }

    /// `双C`, `double C`: the alias `CC`.
    fn scan_doubles(
        &self,
        f: &Folded,
        chars: &[(usize, usize, char)],
        taken: &impl Fn(usize, usize) -> bool,
        out: &mut Vec<Found>,
    ) {
        if self.doubles.is_empty() {
            return;
        }
        let lone = |i: usize| {
            chars.get(i).is_some_and(|c| c.2.is_ascii_alphabetic())
                && chars
                    .get(i + 1)
                    .is_none_or(|n| !n.2.is_ascii_alphanumeric() || f.pos[n.0].sep != Sep::None)
        };
        let spells_double = |i: usize| {
            chars
                .get(i..i + 6)
                .is_some_and(|w| w.iter().map(|x| x.2).eq("double".chars()))
                && (i == 0 || f.pos[chars[i].0].sep != Sep::None)
                && chars
                    .get(i + 6)
                    .is_some_and(|c| f.pos[c.0].sep != Sep::None)
        };
        for (i, &(s, _, c)) in chars.iter().enumerate() {
            let letter_at = if c == '双' {
                i + 1
            } else if c == 'd' && spells_double(i) {
                i + 6
            } else {
                continue;
            };
            if !lone(letter_at) {
                continue;
            }
            let l = chars[letter_at].2.to_ascii_lowercase() as u8;
            let Some(ids) = self.doubles.get(&l) else {
                continue;
            };
            let end = chars[letter_at].1;
            if taken(s, end) {
                continue;
            }
            for &id in ids {
                out.push(Found {
                    start: s,
                    end,
                    id,
                    how: How::Code,
                    weak: true,
                    rare: false,
                    loose: false,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::normalize::fold;

    fn idx() -> Index {
        Index::new(
            &[
                ("劳力士".into(), 0, 0),
                ("香奈儿".into(), 1, 1),
                ("路易威登".into(), 2, 2),
                ("驴牌".into(), 2, 3),
                ("耐克".into(), 3, 4),
                ("小米".into(), 4, 5),
                ("彪马".into(), 5, 6),
                ("古驰".into(), 6, 7),
            ],
            &[('L', 2, 8), ('G', 6, 9), ('G', 7, 10), ('C', 1, 11)],
            &[(b'c', 11), (b'g', 12)],
        )
    }

    /// Every hit of `idx` in `text`: (id, how, weak).
    fn found_in(idx: &Index, text: &str) -> Vec<(u32, How, bool)> {
        let f = fold(text);
        let mut out = Vec::new();
        idx.scan(&f, |_, _| false, &mut out);
        out.iter().map(|x| (x.id, x.how, x.weak)).collect()
    }

    fn found(text: &str) -> Vec<(u32, How, bool)> {
        found_in(&idx(), text)
    }

    #[test]
    fn homophones_share_characters_and_sound() {
        assert_eq!(found("劳力仕 手表"), [(0, How::Homophone, false)]);
        assert_eq!(found("香奈尔 香水"), [(1, How::Homophone, false)]);
        assert_eq!(found("路易威顿 老花"), [(2, How::Homophone, false)]);
        assert_eq!(found("奈克 运动鞋"), [(4, How::Homophone, true)]);
        assert_eq!(found("飙马 板鞋"), [(6, How::Homophone, true)]);
        assert!(found("水表 表码 清零").is_empty(), "no shared character");
        assert_eq!(fuzzy("sheng"), "sen");
        assert_eq!(fuzzy("zhang"), "zan");
        assert_eq!(fuzzy("long"), "nong");
        assert!(
            found("劳力士 手表").is_empty(),
            "the exact name is not a homophone"
        );
    }

    #[test]
    fn three_character_names_with_one_final_changed_are_weak_homophones() {
        let idx = Index::new(&[("任天堂".into(), 0, 0)], &[], &[]);
        let found = |text: &str| found_in(&idx, text);
        // 童 tóng for 堂 táng: same initial, another final.
        assert_eq!(found("任天童 游戏机"), [(0, How::Homophone, true)]);
        // Same sound, two characters shared: a homophone, not weak.
        assert_eq!(found("任天棠 游戏机"), [(0, How::Homophone, false)]);
        // Only one character of the name: not a homophone of it.
        assert!(found("人田童 游戏机").is_empty());
        assert!(found("任天 游戏机").is_empty());
    }

    #[test]
    fn a_doubled_character_changed_in_both_places_is_one_change() {
        let idx = Index::new(&[("香飘飘".into(), 0, 0)], &[], &[]);
        let found = |text: &str| found_in(&idx, text);
        assert_eq!(found("香漂漂 奶茶"), [(0, How::Homophone, true)]);
        assert_eq!(found("香瓢瓢 奶茶"), [(0, How::Homophone, true)]);
        // Two different characters in its place are two changes.
        assert!(found("香漂瓢 奶茶").is_empty());
        assert!(redoubled(&['香', '飘', '飘'], &['香', '漂', '漂']));
        assert!(
            !redoubled(&['路', '易', '威'], &['路', '一', '微']),
            "no doubled character"
        );
    }

    #[test]
    fn long_names_abridged() {
        let idx = Index::new(
            &[("卡尔文克莱因".into(), 0, 0), ("汤米希尔费格".into(), 1, 1)],
            &[],
            &[],
        );
        let found = |text: &str| found_in(&idx, text);
        assert_eq!(found("卡文克莱 男士内裤"), [(0, How::Homophone, true)]);
        assert_eq!(found("汤米希尔 衬衫"), [(1, How::Homophone, true)]);
        assert!(found("卡尔文克莱因 内裤").is_empty(), "the whole name");
        assert!(
            found("文克莱因 内裤").is_empty(),
            "the first character stays"
        );
        assert!(found("卡克莱 内裤").is_empty(), "four characters at least");
        // A mask right after the shortened name: the name with its end hidden, not an
        // abridgement of it.
        assert_eq!(found("卡尔文克莱* 内裤"), [(0, How::Masked, false)]);
    }

    #[test]
    fn masks_and_codes() {
        assert_eq!(found("香*儿 香水"), [(1, How::Masked, false)]);
        assert_eq!(found("古*驰 腰带"), [(7, How::Masked, false)]);
        assert_eq!(found("小*米 充电宝"), [(5, How::Masked, false)]);
        // An `x` between Chinese characters is a mask too.
        assert_eq!(found("香x儿 香水"), [(1, How::Masked, false)]);
        assert_eq!(found("古X驰 腰带"), [(7, How::Masked, false)]);
        assert_eq!(found("劳家 男表"), [(0, How::Code, true)]);
        assert_eq!(found("驴家 老花"), [(3, How::Code, true)]);
        assert_eq!(found("L家 钱包"), [(8, How::Code, true)]);
        assert_eq!(
            found("G家 钱包"),
            [(9, How::SharedCode, true), (10, How::SharedCode, true)],
            "G fits two brands: both are reported, for the goods to tell"
        );
        assert!(found("香家居 摆件").is_empty(), "家居 is a word");
        assert_eq!(found("双C 耳环"), [(11, How::Code, true)]);
        assert_eq!(found("double G buckle"), [(12, How::Code, true)]);
        assert!(found("double glazing").is_empty());
    }

    #[test]
    fn a_name_of_two_characters_with_its_second_hidden_is_a_weak_mask() {
        assert_eq!(found("耐* 运动鞋"), [(4, How::Masked, true)]);
        assert_eq!(found("耐*运动鞋 男"), [(4, How::Masked, true)]);
        assert_eq!(found("耐X 运动鞋"), [(4, How::Masked, true)]);
        // A multiplication sign before a number is no mask; nor is a character alone.
        assert!(found("运动袜 5双耐*2").is_empty());
        // A number after a space is no product of the mask: the goods' own number.
        assert_eq!(found("耐* 350 跑鞋"), [(4, How::Masked, true)]);
        assert!(found("耐 运动鞋").is_empty());
        // Both characters shown with a mask between them: the name, not weak.
        assert_eq!(found("耐*克 运动鞋"), [(4, How::Masked, false)]);
    }
}
