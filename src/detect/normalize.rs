//! Text folding: listing text → a *skeleton* the matcher scans, with a map back to the
//! original.
//!
//! The skeleton keeps only the characters that carry a name: ASCII letters (lowercased),
//! digits, CJK characters and the symbols sellers use as leetspeak (`@ $ ! |`). Every other
//! character is folded away first: NFKC (fullwidth `Ｎｉｋｅ` → `Nike`), then decancer's
//! confusables table (Cyrillic `о`, Greek `ο`, accented `ï` → ASCII), then case folding.
//! Whitespace and punctuation are dropped but remembered as a *separator* on the next kept
//! character; zero-width and other invisible characters are dropped and remembered as such,
//! so `N\u{200B}ike` still reads `nike` and the matcher can tell the name was split.
//!
//! A second, *leet-folded* skeleton of the same length maps digits and symbols to the
//! letters they imitate (`0→o 1→i 3→e 4→a 5→s 7→t 8→b 9→g @→a $→s !→i |→i`) and folds `l`
//! into `i` (sellers swap them: `Guccl`, `Nlke`). Both skeletons are byte-for-byte aligned,
//! so one position table serves both.
//!
//! Invariants: `skeleton.len() == leet.len() == pos.len()`; every position maps to a
//! non-empty byte range of the original text on char boundaries. This module does not
//! decide what a match is; it only describes the text.

use unicode_normalization::UnicodeNormalization;

/// What kind of character a skeleton position holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    /// ASCII letter (after folding) or a letter of another alphabetic script.
    Letter,
    /// ASCII digit.
    Digit,
    /// CJK ideograph, kana or hangul: every such character is a word of its own.
    Cjk,
    /// A leetspeak symbol (`@ $ ! |`).
    Symbol,
}

/// What separated a position from the previous kept character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Sep {
    /// Nothing: the characters were adjacent.
    None,
    /// Only invisible characters (zero-width space, soft hyphen, joiners).
    Invisible,
    /// Punctuation (`.`, `-`, `_`, `*`, `·`, CJK punctuation …), no whitespace.
    Punct,
    /// Whitespace.
    Space,
}

/// One byte of the skeleton.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Pos {
    /// Byte range of the original character this came from.
    pub orig_start: u32,
    pub orig_end: u32,
    /// Separator before this character (only meaningful at char starts).
    pub sep: Sep,
    /// Class in the plain skeleton.
    pub class: Class,
    /// Class in the leet skeleton (digits and symbols become letters).
    pub leet_class: Class,
    /// The character was written with a non-ASCII look-alike (another script, fullwidth,
    /// diacritics) of what the skeleton holds.
    pub homoglyph: bool,
    /// Whether this byte starts a UTF-8 character of the skeleton.
    pub char_start: bool,
    /// Word (token) number in the plain skeleton: separators, class changes and every CJK
    /// character start a new token.
    pub token: u32,
    /// Mask characters (`* _ • ? #`, each standing for one hidden letter) written right
    /// after this character, before any other separator: `G**ci` has two after `g`.
    pub masks_after: u8,
    /// Mask characters right before this character that follow no kept character (at
    /// the start of the text or after a space or other separator): `*ucci` has one
    /// before `u`. A mask glued to the character before it counts there instead.
    pub masks_before: u8,
    /// The character was an ASCII capital letter as written (`K` and `A` of `KlA`).
    pub upper: bool,
}

/// A folded text.
#[derive(Debug, Clone, Default)]
pub(crate) struct Folded {
    /// The plain skeleton (UTF-8).
    pub skeleton: Vec<u8>,
    /// The leet-folded skeleton, aligned byte for byte with `skeleton`.
    pub leet: Vec<u8>,
    /// Per skeleton byte.
    pub pos: Vec<Pos>,
    /// Whether the text has a mask character or a leetspeak symbol anywhere (a cheap
    /// test before looking for masked names: a symbol between letters may stand for any
    /// letter, `G$cci`).
    pub masks: bool,
}

/// Leetspeak symbols kept in the skeleton.
const fn is_leet_symbol(c: char) -> bool {
    matches!(c, '@' | '$' | '!' | '|')
}

/// The letter a digit, symbol or confusable letter stands for in the leet skeleton.
pub(crate) fn leet_fold(b: u8) -> u8 {
    LEET[usize::from(b)]
}

/// [`leet_fold_byte`] of every byte, looked up once per skeleton byte.
const LEET: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = leet_fold_byte(b as u8);
        b += 1;
    }
    t
};

/// The letter a digit, symbol or confusable letter stands for (see [`leet_fold`]).
const fn leet_fold_byte(b: u8) -> u8 {
    match b {
        b'0' => b'o',
        b'1' | b'!' | b'|' | b'l' => b'i',
        b'3' => b'e',
        b'4' | b'@' => b'a',
        b'5' | b'$' => b's',
        b'7' => b't',
        b'8' => b'b',
        b'9' => b'g',
        other => other,
    }
}

/// `read` applied to `word` (trimmed) lower-cased, when it is ASCII and at most 64
/// bytes: lower-cased on the stack, for look-ups asked for every mention. `None` for any
/// other word (the caller lower-cases it as it needs).
pub(crate) fn with_ascii_lower<R>(word: &str, read: impl FnOnce(&str) -> R) -> Option<R> {
    let word = word.trim();
    let mut buf = [0u8; 64];
    let lower = buf.get_mut(..word.len()).filter(|_| word.is_ascii())?;
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    std::str::from_utf8(lower).ok().map(read)
}

/// CJK ideographs, kana and hangul: scripts written without spaces between words.
pub(crate) fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF       // hiragana, katakana
        | 0x3400..=0x4DBF     // CJK extension A
        | 0x4E00..=0x9FFF     // CJK unified ideographs
        | 0xAC00..=0xD7AF     // hangul syllables
        | 0xF900..=0xFAFF     // CJK compatibility ideographs
        | 0x20000..=0x3FFFF) // CJK extensions B–H
}

/// Traditional Chinese characters and the simplified ones they are read as (OpenCC,
/// Apache-2.0; see the file header): pairs of the same UTF-8 length, so a text read in
/// simplified form keeps its byte offsets.
const TRADITIONAL: &str = include_str!("../../seeds/words/zh_traditional.txt");

/// [`TRADITIONAL`]: the (traditional, simplified) pairs sorted by the first, and a bit
/// per character of the Basic Multilingual Plane set where a pair starts with it (most
/// characters of a Chinese title are simplified ones: one bit test each; the few pairs
/// beyond the plane are looked up).
struct Traditional {
    pairs: Vec<(char, char)>,
    starts: Vec<u64>,
}

fn traditional() -> &'static Traditional {
    static TABLE: std::sync::OnceLock<Traditional> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut pairs: Vec<(char, char)> = TRADITIONAL
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| {
                let mut cs = l.chars();
                let (t, _, s) = (cs.next()?, cs.next()?, cs.next()?);
                (t.len_utf8() == s.len_utf8()).then_some((t, s))
            })
            .collect();
        pairs.sort_unstable();
        let mut starts = vec![0u64; 0x10000 / 64];
        for &(t, _) in pairs.iter().filter(|&&(t, _)| (t as u32) <= 0xFFFF) {
            starts[t as usize / 64] |= 1 << (t as usize % 64);
        }
        Traditional { pairs, starts }
    })
}

/// The simplified character a traditional Chinese one is read as (`華` → `华`,
/// `錶` → `表`), or the character itself.
pub(crate) fn simplified_char(c: char) -> char {
    let at = c as usize;
    if at < 0x3400 {
        return c;
    }
    let table = traditional();
    if at <= 0xFFFF && table.starts[at / 64] & (1 << (at % 64)) == 0 {
        return c;
    }
    table
        .pairs
        .binary_search_by_key(&c, |&(t, _)| t)
        .map_or(c, |i| table.pairs[i].1)
}

/// `text` with its traditional Chinese characters written in simplified form (same byte
/// length, every offset kept), or `None` when it has none: a listing from Taiwan or Hong
/// Kong (`華為 手錶`) is read as the registry's simplified names and the goods lexicon
/// are written (`华为 手表`).
pub(crate) fn simplified(text: &str) -> Option<String> {
    if text.is_ascii() || !text.chars().any(|c| simplified_char(c) != c) {
        return None;
    }
    Some(text.chars().map(simplified_char).collect())
}

/// Characters that are invisible in rendering and sellers insert to split names.
fn is_invisible(c: char) -> bool {
    matches!(c as u32,
        0x00AD | 0x034F | 0x061C | 0x115F | 0x1160 | 0x17B4 | 0x17B5 | 0x180B..=0x180E
        | 0x200B..=0x200F | 0x202A..=0x202E | 0x2060..=0x206F | 0x3164 | 0xFE00..=0xFE0F
        | 0xFEFF | 0xFFA0 | 0xE0000..=0xE0FFF)
        || (c.is_control() && !c.is_whitespace())
}

fn decancer_options() -> decancer::Options {
    decancer::Options::default()
        .retain_chinese()
        .retain_japanese()
        .retain_korean()
}

struct Builder<'a> {
    out: &'a mut Folded,
    pending: Sep,
    last_class: Option<Class>,
    token: u32,
    /// Whether mask characters right now still follow the last kept character.
    mask_open: bool,
    /// Mask characters since the last separator that followed no kept character.
    lead_masks: u8,
}

/// Characters sellers write for one hidden letter (`G*cci`, `Ro_ex`, `N•ke`).
pub(crate) const fn is_mask(c: char) -> bool {
    matches!(
        c,
        '*' | '_'
            | '•'
            | '?'
            | '#'
            | '＊'
            | '＿'
            | '？'
            | '＃'
            | '∙'
            // Middle dots and round bullets (`Sams·nite`, `G●cci`): between the
            // parts of a name (`Dolce·Gabbana`, `路易·威登`) they stay separators too.
            | '·'
            | '・'
            | '●'
            | '○'
            | '◯'
            // The multiplication sign and squares (`G×cci`, `香奈□`): symbols no name is
            // written with. (`Nike×Sacai`, a collaboration: the sign still parts the names.)
            | '×'
            | '□'
            | '■'
            // Stars and the tilde (`G★cci`, `Ro~ex`): decoration around words, a
            // hidden letter only where glued to one (`★ Hot ★` hides nothing).
            | '★'
            | '☆'
            | '~'
            | '～'
    )
}

impl Builder<'_> {
    #[inline(always)]
    fn sep(&mut self, s: Sep) {
        self.mask_open = false;
        self.lead_masks = 0;
        if s > self.pending {
            self.pending = s;
        }
    }

    /// A mask character: punctuation that also counts as one hidden letter.
    fn mask(&mut self) {
        self.out.masks = true;
        let open = self.mask_open;
        let lead = self.lead_masks;
        self.sep(Sep::Punct);
        if open && let Some(last) = self.out.pos.last_mut() {
            last.masks_after = last.masks_after.saturating_add(1);
            self.mask_open = true;
        } else {
            self.lead_masks = lead.saturating_add(1);
        }
    }

    /// [`Self::push`] of an ASCII letter (lowercase) or digit written as itself.
    #[inline(always)]
    fn push_ascii(&mut self, b: u8, class: Class, upper: bool, orig: (usize, usize)) {
        let new_token = self
            .last_class
            .is_some_and(|prev| matches!(self.pending, Sep::Punct | Sep::Space) || prev != class);
        self.token += u32::from(new_token);
        self.out.skeleton.push(b);
        self.out.leet.push(leet_fold(b));
        self.out.pos.push(Pos {
            orig_start: orig.0 as u32,
            orig_end: orig.1 as u32,
            sep: self.pending,
            class,
            leet_class: Class::Letter,
            homoglyph: false,
            char_start: true,
            token: self.token,
            masks_after: 0,
            masks_before: self.lead_masks,
            upper,
        });
        self.mask_open = true;
        self.lead_masks = 0;
        self.pending = Sep::None;
        self.last_class = Some(class);
    }

    fn push(&mut self, c: char, class: Class, homoglyph: bool, orig: (usize, usize)) {
        self.push_cased(c, class, homoglyph, false, orig);
    }

    fn push_cased(
        &mut self,
        c: char,
        class: Class,
        homoglyph: bool,
        upper: bool,
        orig: (usize, usize),
    ) {
        let leet_class = match class {
            Class::Digit | Class::Symbol => Class::Letter,
            other => other,
        };
        let new_token = match self.last_class {
            None => false,
            Some(prev) => {
                matches!(self.pending, Sep::Punct | Sep::Space)
                    || prev != class
                    || class == Class::Cjk
            }
        };
        if new_token {
            self.token += 1;
        }
        if c.is_ascii() {
            // One byte, one position (nearly every character of a listing).
            let b = c as u8;
            self.out.skeleton.push(b);
            self.out.leet.push(leet_fold(b));
            self.out.pos.push(Pos {
                orig_start: orig.0 as u32,
                orig_end: orig.1 as u32,
                sep: self.pending,
                class,
                leet_class,
                homoglyph,
                char_start: true,
                token: self.token,
                masks_after: 0,
                masks_before: self.lead_masks,
                upper,
            });
            self.mask_open = true;
            self.lead_masks = 0;
            self.pending = Sep::None;
            self.last_class = Some(class);
            return;
        }
        let mut buf = [0u8; 4];
        let bytes = c.encode_utf8(&mut buf).as_bytes();
        for (i, &b) in bytes.iter().enumerate() {
            self.out.skeleton.push(b);
            self.out
                .leet
                .push(if bytes.len() == 1 { leet_fold(b) } else { b });
            self.out.pos.push(Pos {
                orig_start: orig.0 as u32,
                orig_end: orig.1 as u32,
                sep: if i == 0 { self.pending } else { Sep::None },
                class,
                leet_class,
                homoglyph,
                char_start: i == 0,
                token: self.token,
                masks_after: 0,
                masks_before: if i == 0 { self.lead_masks } else { 0 },
                upper: false,
            });
        }
        self.mask_open = true;
        self.lead_masks = 0;
        self.pending = Sep::None;
        self.last_class = Some(class);
    }

    /// One character after NFKC, from an original char at `orig`.
    fn fold_char(&mut self, c: char, from_non_ascii: bool, orig: (usize, usize)) {
        if c.is_ascii() {
            if c.is_ascii_alphabetic() {
                self.push_cased(
                    c.to_ascii_lowercase(),
                    Class::Letter,
                    from_non_ascii,
                    c.is_ascii_uppercase() && !from_non_ascii,
                    orig,
                );
            } else if c.is_ascii_digit() {
                self.push(c, Class::Digit, from_non_ascii, orig);
            } else if is_leet_symbol(c) {
                self.out.masks = true;
                self.push(c, Class::Symbol, from_non_ascii, orig);
            } else if c.is_ascii_whitespace() {
                self.sep(Sep::Space);
            } else if c.is_ascii_control() {
                self.sep(Sep::Invisible);
            } else {
                self.sep(Sep::Punct);
            }
            return;
        }
        if is_invisible(c) {
            self.sep(Sep::Invisible);
            return;
        }

        if c.is_whitespace() {
            self.sep(Sep::Space);
            return;
        }
        if is_cjk(c) {
            self.push(simplified_char(c), Class::Cjk, false, orig);
            return;
        }
        match decancer::cure_char(c, decancer_options()) {
            decancer::Translation::Character(t) => self.fold_cured(t, orig),
            decancer::Translation::String(s) => {
                for t in s.chars() {
                    self.fold_cured(t, orig);
                }
            }
            decancer::Translation::None => self.sep(Sep::Invisible),
        }
    }

    fn fold_cured(&mut self, t: char, orig: (usize, usize)) {
        if t.is_ascii() {
            if t.is_ascii_alphanumeric() || is_leet_symbol(t) {
                self.fold_char(t, true, orig);
            } else if t.is_ascii_whitespace() {
                self.sep(Sep::Space);
            } else {
                self.sep(Sep::Punct);
            }
        } else if is_cjk(t) {
            self.push(simplified_char(t), Class::Cjk, false, orig);
        } else if t.is_alphabetic() {
            for l in t.to_lowercase() {
                self.push(l, Class::Letter, false, orig);
            }
        } else if t.is_numeric() {
            self.push(t, Class::Letter, false, orig);
        } else if t.is_whitespace() {
            self.sep(Sep::Space);
        } else {
            self.sep(Sep::Punct);
        }
    }
}

/// Folds `text` into `out` (cleared first; reusing it saves allocations).
pub(crate) fn fold_into(text: &str, out: &mut Folded) {
    out.skeleton.clear();
    out.leet.clear();
    out.pos.clear();
    out.masks = false;
    out.skeleton.reserve(text.len());
    out.leet.reserve(text.len());
    out.pos.reserve(text.len());
    if text.is_ascii() {
        // Nearly every title: one byte is one character, no decoding, no look-alikes.
        fold_ascii(text.as_bytes(), out);
    } else {
        fold_chars(text, out);
    }
}

/// [`fold_into`] of any text (`out` cleared), character by character.
fn fold_chars(text: &str, out: &mut Folded) {
    let mut b = Builder {
        out,
        pending: Sep::None,
        last_class: None,
        token: 0,
        mask_open: false,
        lead_masks: 0,
    };
    let mut before = None;
    for (at, c) in text.char_indices() {
        let orig = (at, at + c.len_utf8());
        let prev = before.replace(c);
        // One `x` after a Chinese character, before another or at the end of the word,
        // hides the character it stands for (`香x儿`, `劳X士`, `李维x`), as `*` does:
        // Chinese words are not written with Latin letters in them. (`李宁 x 迪士尼`, a
        // collaboration, has a space before it; `3x4`, `xl` are sizes.)
        if matches!(c, 'x' | 'X' | 'ｘ' | 'Ｘ')
            && prev.is_some_and(is_cjk)
            && text[orig.1..]
                .chars()
                .next()
                .is_none_or(|n| is_cjk(n) || n.is_whitespace())
        {
            b.mask();
            continue;
        }
        // ASCII letters and digits (most of a listing) take the short way.
        if c.is_ascii_alphanumeric() {
            let class = if c.is_ascii_digit() {
                Class::Digit
            } else {
                Class::Letter
            };
            b.push_ascii(
                c.to_ascii_lowercase() as u8,
                class,
                c.is_ascii_uppercase(),
                orig,
            );
            continue;
        }
        if is_mask(c) {
            b.mask();
        } else if c.is_ascii() {
            b.fold_char(c, false, orig);
        } else if matches!(c, '™' | '℠' | '®' | '©' | '℗') {
            // Trade mark signs read as punctuation, not as the letters NFKC makes of them
            // (`Nike™` is Nike, not `niketm`).
            b.sep(Sep::Punct);
        } else {
            // NFKC of one char: fullwidth and compatibility forms become their plain letters.
            let mut buf = [char::default(); 4];
            let mut n = 0;
            for d in std::iter::once(c).nfkc() {
                if n < buf.len() {
                    buf[n] = d;
                    n += 1;
                }
            }
            for &d in &buf[..n] {
                b.fold_char(d, true, orig);
            }
        }
    }
}

/// What the ASCII path of [`fold_into`] does with one byte: what [`Builder::fold_char`]
/// and [`is_mask`] make of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Ascii {
    /// Kept, as a character of this class (letters lowercased).
    Kept(Class),
    /// A mask character (`* _ ? #`): punctuation that also counts as one hidden letter.
    Mask,
    /// Dropped, remembered as this separator.
    Dropped(Sep),
}

/// [`Ascii`] of every ASCII byte.
const ASCII: [Ascii; 128] = {
    let mut t = [Ascii::Dropped(Sep::Punct); 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            Ascii::Kept(Class::Letter)
        } else if c.is_ascii_digit() {
            Ascii::Kept(Class::Digit)
        } else if is_mask(c as char) {
            Ascii::Mask
        } else if is_leet_symbol(c as char) {
            Ascii::Kept(Class::Symbol)
        } else if c.is_ascii_whitespace() {
            Ascii::Dropped(Sep::Space)
        } else if c.is_ascii_control() {
            Ascii::Dropped(Sep::Invisible)
        } else {
            Ascii::Dropped(Sep::Punct)
        };
        b += 1;
    }
    t
};

/// [`fold_into`] of ASCII text (`out` cleared): what the [`Builder`] does, one table
/// look-up per byte, with the leet skeleton mapped from the plain one at the end (every
/// character is one byte, so the two align byte for byte).
///
/// A kept character and the characters of its class glued after it (the rest of a word
/// or a number) are written as one run: after the first, each is the next byte with no
/// separator, no mask before it and the same token, so the run is copied in one
/// `extend` each for skeleton and positions rather than pushed byte by byte through the
/// separator and mask logic (pushing cost about 60 instructions per character).
fn fold_ascii(text: &[u8], out: &mut Folded) {
    let mut pending = Sep::None;
    let mut last: Option<Class> = None;
    let mut token = 0u32;
    let mut mask_open = false;
    let mut lead_masks = 0u8;
    let n = text.len();
    let mut at = 0;
    while at < n {
        let c = text[at];
        let class = match ASCII[usize::from(c & 0x7f)] {
            Ascii::Kept(class) => {
                out.masks |= class == Class::Symbol;
                class
            }
            Ascii::Mask => {
                at += 1;
                out.masks = true;
                let open = mask_open;
                mask_open = false;
                pending = pending.max(Sep::Punct);
                if open && let Some(last) = out.pos.last_mut() {
                    last.masks_after = last.masks_after.saturating_add(1);
                    mask_open = true;
                } else {
                    lead_masks = lead_masks.saturating_add(1);
                }
                continue;
            }
            Ascii::Dropped(sep) => {
                at += 1;
                mask_open = false;
                lead_masks = 0;
                pending = pending.max(sep);
                continue;
            }
        };
        let new_token =
            last.is_some_and(|prev| matches!(pending, Sep::Punct | Sep::Space) || prev != class);
        token += u32::from(new_token);
        // The run of this class starting here.
        let mut end = at + 1;
        while end < n && ASCII[usize::from(text[end] & 0x7f)] == Ascii::Kept(class) {
            end += 1;
        }
        out.skeleton
            .extend(text[at..end].iter().map(u8::to_ascii_lowercase));
        let pos = |i: usize, sep: Sep, masks_before: u8| Pos {
            orig_start: i as u32,
            orig_end: i as u32 + 1,
            sep,
            class,
            leet_class: Class::Letter,
            homoglyph: false,
            char_start: true,
            token,
            masks_after: 0,
            masks_before,
            upper: text[i].is_ascii_uppercase(),
        };
        out.pos.push(pos(at, pending, lead_masks));
        out.pos.extend((at + 1..end).map(|i| pos(i, Sep::None, 0)));
        mask_open = true;
        lead_masks = 0;
        pending = Sep::None;
        last = Some(class);
        at = end;
    }
    out.leet.extend(out.skeleton.iter().map(|&b| leet_fold(b)));
}

/// Folds `text` into a fresh value.
pub(crate) fn fold(text: &str) -> Folded {
    let mut f = Folded::default();
    fold_into(text, &mut f);
    f
}

impl Folded {
    /// Whether a word ends before position `at` in the plain (`leet == false`) or leet
    /// skeleton: the start or end of the text, a separator, or a change of character class.
    /// CJK characters are words of their own.
    pub fn boundary_at(&self, at: usize, leet: bool) -> bool {
        if at == 0 || at >= self.pos.len() {
            return true;
        }
        let here = &self.pos[at];
        if !here.char_start {
            return false;
        }
        if matches!(here.sep, Sep::Punct | Sep::Space) {
            return true;
        }
        let prev = &self.pos[at - 1];
        let (a, b) = if leet {
            (prev.leet_class, here.leet_class)
        } else {
            (prev.class, here.class)
        };
        a != b || a == Class::Cjk
    }

    /// The original text a skeleton range came from.
    pub fn original<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        self.original_span(start, end)
            .and_then(|(s, e)| text.get(s..e))
            .unwrap_or("")
    }

    /// [`Self::original`] of a masked name, with the masks before its first character
    /// and after its last that belong to it (`*ucci`, `Gucc*`, not just `ucci`, `Gucc`).
    pub fn original_masked<'t>(&self, text: &'t str, start: usize, end: usize) -> &'t str {
        let Some((mut s, mut e)) = self.original_span(start, end) else {
            return "";
        };
        let (before, after) = (
            self.pos.get(start).map_or(0, |p| p.masks_before),
            self.pos
                .get(end.wrapping_sub(1))
                .map_or(0, |p| p.masks_after),
        );
        for c in text
            .get(..s)
            .unwrap_or("")
            .chars()
            .rev()
            .take(usize::from(before))
        {
            if !is_mask(c) {
                break;
            }
            s -= c.len_utf8();
        }
        // (An `x` after a Chinese character is a mask too, `索X`: the fold counted it.)
        for c in text.get(e..).unwrap_or("").chars().take(usize::from(after)) {
            if !is_mask(c) && !matches!(c, 'x' | 'X' | 'ｘ' | 'Ｘ') {
                break;
            }
            e += c.len_utf8();
        }
        text.get(s..e).unwrap_or("")
    }

    /// Byte range in the original text of skeleton bytes `start..end`.
    pub fn original_span(&self, start: usize, end: usize) -> Option<(usize, usize)> {
        if start >= end {
            return None;
        }
        let s = self.pos.get(start)?.orig_start as usize;
        let e = self.pos.get(end - 1)?.orig_end as usize;
        Some((s, e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skel(s: &str) -> String {
        String::from_utf8(fold(s).skeleton).unwrap_or_default()
    }

    fn leet(s: &str) -> String {
        String::from_utf8(fold(s).leet).unwrap_or_default()
    }

    #[test]
    fn ascii_text_folds_as_char_by_char() {
        // Every ASCII byte after a letter, a digit, a space and a mask, and runs that mix
        // them: the table path gives what the general one does.
        let mut texts: Vec<String> = Vec::new();
        for b in 0u8..128 {
            let c = char::from(b);
            for pre in ["", "a", "7", " ", "G*", "x_", "N!ke"] {
                texts.push(format!("{pre}{c}"));
                texts.push(format!("{pre}{c}{c}k3 ?#{c}"));
            }
        }
        texts.extend(
            [
                "G**ci",
                "Ro_ex 2024 L.V.",
                "$amsung  N1ke\tshoes",
                "a\u{7}b\u{b}c\u{1f}d",
                "* lead",
                "*ucci _olex a *b* ?? x*y",
                "end #",
                "replica | aaa @ 1:1",
            ]
            .map(String::from),
        );
        for t in &texts {
            let (mut fast, mut slow) = (Folded::default(), Folded::default());
            fold_ascii(t.as_bytes(), &mut fast);
            fold_chars(t, &mut slow);
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{t:?}");
        }
    }

    #[test]
    fn a_mask_before_a_word_is_counted_on_its_first_letter() {
        for (t, counted) in [
            ("*ucci", true),
            ("bag *ucci", true),
            ("包 *奈儿", true),
            ("bag•ucci", false),
        ] {
            let f = fold(t);
            let first = f.pos.iter().position(|p| p.masks_before > 0);
            assert_eq!(first.is_some(), counted, "{t}: {f:?}");
        }
        // Glued to a letter before it, a mask is that letter's.
        let f = fold("bag•ucci");
        assert_eq!(f.pos[2].masks_after, 1);
        assert_eq!(fold("**ucci").pos[0].masks_before, 2);
        assert_eq!(fold("* ucci").pos[0].masks_before, 0);
    }

    #[test]
    fn separators_and_case_are_folded_away() {
        assert_eq!(skel("Lou-is Vuit ton"), "louisvuitton");
        assert_eq!(skel("L.V."), "lv");
        assert_eq!(skel("N\u{200B}ike"), "nike");
        assert_eq!(skel("Nike™ GUCCI®"), "nikegucci");
    }

    #[test]
    fn middle_dots_are_masks_and_separators() {
        // `Sams·nite`: one hidden letter after `s`; `Dolce·Gabbana`: still two words
        // of one skeleton.
        let f = fold("Sams·nite");
        assert_eq!(f.skeleton, b"samsnite");
        assert_eq!(f.pos[3].masks_after, 1);
        assert_eq!(skel("Dolce·Gabbana"), "dolcegabbana");
        assert_eq!(skel("路易·威登"), "路易威登");
    }

    #[test]
    fn an_x_between_chinese_characters_is_a_mask() {
        let f = fold("香x儿 香水");
        assert_eq!(String::from_utf8_lossy(&f.skeleton), "香儿香水");
        // The mask is counted on the last byte of the character before it.
        assert_eq!(f.pos[2].masks_after, 1);
        assert_eq!(skel("劳Ｘ士"), "劳士");
        let f = fold("李维x 牛仔裤");
        assert_eq!(String::from_utf8_lossy(&f.skeleton), "李维牛仔裤");
        assert_eq!(f.pos[5].masks_after, 1);
        // Not beside Latin letters, digits or spaces: a word, a size, a collaboration.
        assert_eq!(skel("李宁 x 迪士尼"), "李宁x迪士尼");
        assert_eq!(skel("3x4厘米"), "3x4厘米");
        assert_eq!(skel("包xl码"), "包xl码");
        assert_eq!(skel("红xx蓝"), "红xx蓝");
    }

    #[test]
    fn traditional_characters_read_as_simplified_ones_of_the_same_length() {
        let read = simplified("華為 手錶 Apple 樂高").expect("traditional characters");
        assert_eq!(read, "华为 手表 Apple 乐高");
        assert_eq!(read.len(), "華為 手錶 Apple 樂高".len());
        assert_eq!(simplified("华为 手表"), None);
        assert_eq!(simplified("Nike Air"), None);
        // `乾` is written in simplified text too (乾隆): it stays.
        assert_eq!(simplified("乾隆"), None);
        assert_eq!(fold("華為").skeleton, fold("华为").skeleton);
    }

    #[test]
    fn fullwidth_and_lookalikes_become_ascii() {
        assert_eq!(skel("Ｎｉｋｅ"), "nike");
        // Cyrillic о and е, Greek ο.
        assert_eq!(skel("R\u{043E}l\u{0435}x"), "rolex");
        assert_eq!(skel("R\u{03BF}lex"), "rolex");
        assert_eq!(skel("Nïke"), "nike");
        let f = fold("R\u{043E}lex");
        assert!(f.pos[1].homoglyph);
        assert!(!f.pos[0].homoglyph);
    }

    #[test]
    fn cjk_is_kept_and_every_char_is_a_word() {
        let f = fold("正品耐克Nike鞋");
        assert_eq!(
            String::from_utf8(f.skeleton.clone()).unwrap_or_default(),
            "正品耐克nike鞋"
        );
        assert!(f.boundary_at(3, false));
        let n = "正品耐克".len();
        assert!(f.boundary_at(n, false));
        assert!(f.boundary_at(n + 4, false));
    }

    #[test]
    fn leet_skeleton_maps_digits_and_symbols() {
        assert_eq!(leet("N1ke"), "nike");
        assert_eq!(leet("Ch@nel"), "chanei");
        assert_eq!(leet("$amsung"), "samsung");
        assert_eq!(leet("Guccl"), "gucci");
    }

    #[test]
    fn word_boundaries() {
        let f = fold("pineapple juice");
        assert!(!f.boundary_at(4, false));
        assert!(f.boundary_at(9, false));
        let f = fold("Rolex2024");
        assert!(f.boundary_at(5, false));
        assert!(!f.boundary_at(5, true));
    }

    #[test]
    fn original_text_is_recovered() {
        let text = "Ｎｉｋｅ shoes";
        let f = fold(text);
        assert_eq!(f.original(text, 0, 4), "Ｎｉｋｅ");
    }
}
