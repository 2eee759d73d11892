//! Word lists that tell a brand name from an ordinary word: the shipped English frequency
//! list (`seeds/words/en.txt`, from wordfreq) and Chinese word lists (`seeds/words/zh.txt`,
//! `zh2.txt`: jieba's dictionary, then the modern words of wordfreq's Chinese list), all
//! generated once by `scripts/wordlists.py`.
//!
//! A Latin name is an *ordinary word* when it is one word of the English list, unless the
//! goods marks file ([`super::goods`]) knows it as a brand and does not list it among its
//! `ordinary_words` (`nike` is in the frequency list only because of the brand). A Chinese
//! name is *part of ordinary compounds* when a listed compound contains it and is neither
//! another name of the same brand nor a company name (`三星级`, `小米粥`, but not
//! `三星公司`). The lists are compiled in; this module only answers questions about words.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::OnceLock;

/// English words, most frequent first (CC-BY-SA 4.0, see the file header).
const EN: &str = include_str!("../../seeds/words/en.txt");
/// Chinese compounds of three or four characters (jieba, MIT, then wordfreq, CC-BY-SA
/// 4.0; see the file header).
const ZH: &str = include_str!("../../seeds/words/zh.txt");
/// Two-character Chinese words (jieba, MIT, then wordfreq, CC-BY-SA 4.0), most frequent
/// first within each.
const ZH2: &str = include_str!("../../seeds/words/zh2.txt");
/// Dictionary words that `EN` lacks: SCOWL's lower-case entries (permissive licence, see
/// the file header).
const EN_DICT: &str = include_str!("../../seeds/words/en_dict.txt");
/// Words of `EN` that SCOWL has in lower case nowhere (`gucci`, `london`): see the file
/// header.
const EN_PROPER: &str = include_str!("../../seeds/words/en_proper.txt");
/// Given names of the 1990 US Census (public domain, see the file header).
const GIVEN: &str = include_str!("../../seeds/words/given_names.txt");
/// English compounds of two words (`coral reef`), from WordNet 3.0 (its licence, see the
/// file header).
const COMPOUNDS: &str = include_str!("../../seeds/words/en_compounds.txt");
/// Adjectives that inflect for degree (`fresh`, `fresher`), from lemminflect's table of
/// the SPECIALIST Lexicon (MIT licence, see the file header).
const ADJECTIVES: &str = include_str!("../../seeds/words/adjectives.txt");
/// Generic goods phrases: styles, cuts, grades and generic product types that every maker
/// writes in titles (written for greysweep, see the file header).
const GENERIC: &str = include_str!("../../seeds/words/generic.txt");

/// Compound endings that name a company, not another meaning (`三星公司`).
const COMPANY_SUFFIXES: &[&str] = &["公司", "集团", "电子", "科技", "品牌", "手机"];

/// Characters of size, age and colour that stand before the words of a Chinese phrase
/// (`小灯泡`, `蓝风铃`, `大吸力`).
const ZH_PHRASE_LEADS: &[char] = &[
    '大', '小', '老', '新', '冰', '红', '黑', '白', '蓝', '绿', '紫', '金', '银', '黄',
];

/// Characters that name goods after the words of a Chinese phrase (`沙漠靴`, `小黑瓶`,
/// `风味豆豉酱`): containers, garments, foods and forms of goods.
const ZH_PHRASE_TAILS: &[char] = &[
    '鞋', '靴', '裙', '衣', '裤', '帽', '包', '袋', '瓶', '罐', '盒', '杯', '壶', '锅', '机', '灯',
    '表', '笔', '油', '酒', '茶', '糖', '蛋', '酱', '面', '粉', '液', '膏', '霜', '露', '水', '乳',
    '奶', '钻', '链', '型', '版', '款', '味', '皂',
];

/// Words of the English list under this rank are common enough to be what a masked
/// word hides ([`Words::other_word_fills`]).
pub(crate) const MASK_RANK: u32 = 20_000;

/// The compiled word lists.
#[derive(Debug, Clone, Default)]
pub(crate) struct Words {
    /// English word → frequency rank (0 = most frequent).
    en: HashMap<Box<[u8]>, u32>,
    /// Chinese compounds.
    zh: Vec<&'static str>,
    /// Every inner substring of two or three characters of the compounds → the compounds
    /// (built on first use: registries without Chinese names never pay for it).
    zh_index: OnceLock<HashMap<&'static str, Vec<u32>>>,
    zh2: OnceLock<HashSet<&'static str>>,
    /// The compounds as a set (built on first use, like `zh_index`).
    zh_set: OnceLock<HashSet<&'static str>>,
    given: OnceLock<HashSet<&'static str>>,
    /// Dictionary words that `en` lacks (built on first use).
    dict: OnceLock<HashSet<&'static [u8]>>,
    /// Words of `en` that no dictionary has in lower case (built on first use).
    proper: OnceLock<HashSet<&'static [u8]>>,
    /// Generic goods phrases by [`phrase_key`] (built on first use).
    generic: OnceLock<HashSet<String>>,
    /// Adjectives that inflect for degree (built on first use).
    adjectives: OnceLock<HashSet<&'static [u8]>>,
    /// English compounds of two words (built on first use).
    compounds: OnceLock<HashSet<&'static str>>,
    /// The words of `en` under [`MASK_RANK`], by length (built on first use).
    common_by_len: OnceLock<Vec<Vec<&'static [u8]>>>,
}

fn lines(src: &'static str) -> impl Iterator<Item = &'static str> {
    src.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Words {
    /// Parses the shipped lists (a few milliseconds; done once per detector).
    pub fn shipped() -> Self {
        let en = lines(EN)
            .enumerate()
            .map(|(i, w)| (w.as_bytes().into(), i as u32))
            .collect();
        Words {
            en,
            zh: lines(ZH).collect(),
            zh_index: OnceLock::new(),
            zh2: OnceLock::new(),
            zh_set: OnceLock::new(),
            given: OnceLock::new(),
            dict: OnceLock::new(),
            proper: OnceLock::new(),
            generic: OnceLock::new(),
            adjectives: OnceLock::new(),
            compounds: OnceLock::new(),
            common_by_len: OnceLock::new(),
        }
    }

    /// Whether `phrase` is a generic goods phrase of the shipped list (`bomber jacket`,
    /// `Slip-On`, `加厚`), in any case and with or without spaces and hyphens.
    pub fn generic_phrase(&self, phrase: &str) -> bool {
        self.generic
            .get_or_init(|| lines(GENERIC).map(phrase_key).collect())
            .contains(&phrase_key(phrase))
    }

    /// Whether `pair` (two Chinese characters) is a word of the two-character list.
    pub fn zh_pair(&self, pair: &str) -> bool {
        self.zh2.get_or_init(|| lines(ZH2).collect()).contains(pair)
    }

    /// Whether `word` is a Chinese word of the shipped lists (two characters, or three
    /// to four).
    pub fn zh_word(&self, word: &str) -> bool {
        match word.chars().count() {
            2 => self.zh_pair(word),
            3 | 4 => self
                .zh_set
                .get_or_init(|| self.zh.iter().copied().collect())
                .contains(word),
            _ => false,
        }
    }

    /// Whether the Chinese `name` (three characters or more) is a phrase of ordinary
    /// words: it holds none of `own` (the brand's own Chinese names) and splits wholly
    /// into words of the lists (two to four characters), two or more of them, or one
    /// or more with a character that says size or colour before them (`小`, `蓝`) or a
    /// character that names goods after them (`瓶`, `靴`): `皇家橡树`, `精华面霜`,
    /// `沙漠靴`, `小灯泡`. Transliterations do not split so (`皮卡丘`, `卡西欧`).
    pub fn zh_phrase(&self, name: &str, own: &[&str]) -> bool {
        let chars: Vec<(usize, char)> = name.char_indices().collect();
        let n = chars.len();
        if n < 3
            || !chars.iter().all(|&(_, c)| super::normalize::is_cjk(c))
            || own.iter().any(|o| !o.is_empty() && name.contains(o))
        {
            return false;
        }
        let at = |i: usize| chars.get(i).map_or(name.len(), |&(b, _)| b);
        let lead = usize::from(ZH_PHRASE_LEADS.contains(&chars[0].1));
        let tail = usize::from(ZH_PHRASE_TAILS.contains(&chars[n - 1].1));
        // Fewest words splitting chars[from..to], if any split does.
        let words_in = |from: usize, to: usize| -> Option<usize> {
            let mut best: Vec<Option<usize>> = vec![None; to - from + 1];
            best[0] = Some(0);
            for i in 0..to - from {
                let Some(k) = best[i] else { continue };
                for len in 2..=4 {
                    let j = i + len;
                    if j > to - from {
                        break;
                    }
                    let w = &name[at(from + i)..at(from + j)];
                    if self.zh_word(w) {
                        best[j] = Some(best[j].map_or(k + 1, |b: usize| b.min(k + 1)));
                    }
                }
            }
            best[to - from]
        };
        (0..=lead).any(|l| {
            (0..=tail).any(|t| {
                n - l - t >= 2 && words_in(l, n - t).is_some_and(|words| words + l + t >= 2)
            })
        })
    }

    /// Whether a common word of the English list (rank under [`MASK_RANK`]) other than
    /// `name` fills `masked` (lowercase ASCII letters, `?` for each hidden letter):
    /// `l??k` is `look`, but `luck`, `lack` and `link` too.
    pub fn other_word_fills(&self, masked: &[u8], name: &[u8]) -> bool {
        let by_len = self.common_by_len.get_or_init(|| {
            let mut by_len: Vec<Vec<&'static [u8]>> = Vec::new();
            // The list is in order of frequency: its line number is the rank.
            for w in lines(EN).take(MASK_RANK as usize) {
                let w = w.as_bytes();
                if by_len.len() <= w.len() {
                    by_len.resize_with(w.len() + 1, Vec::new);
                }
                by_len[w.len()].push(w);
            }
            by_len
        });
        by_len.get(masked.len()).is_some_and(|words| {
            words
                .iter()
                .any(|w| *w != name && w.iter().zip(masked).all(|(a, b)| *b == b'?' || a == b))
        })
    }

    /// Frequency rank of a lowercase ASCII word in the English list.
    pub fn en_rank(&self, word: &[u8]) -> Option<u32> {
        self.en.get(word).copied()
    }

    /// Whether a lowercase ASCII word is a word of the language: in the frequency list or,
    /// rare on the web but in the dictionary (`flamenco`, `submersible`, `baguette`), in
    /// SCOWL's lower-case entries. Frequency ranks ([`Self::en_rank`]) stay the frequency
    /// list's alone.
    pub fn dictionary_word(&self, word: &[u8]) -> bool {
        self.en.contains_key(word)
            || self
                .dict
                .get_or_init(|| lines(EN_DICT).map(str::as_bytes).collect())
                .contains(word)
    }

    /// Whether a lowercase ASCII word of the English list is a dictionary word written
    /// in lower case (`whirlpool`, `apple`), not a name the web writes often (`gucci`,
    /// `london`).
    pub fn lower_case_word(&self, word: &[u8]) -> bool {
        self.en.contains_key(word)
            && !self
                .proper
                .get_or_init(|| lines(EN_PROPER).map(str::as_bytes).collect())
                .contains(word)
    }

    /// Whether a lowercase ASCII word is an adjective that inflects for degree (`fresh`,
    /// `lush`, `sharp`): one that describes the word after it.
    pub fn gradable_adjective(&self, word: &[u8]) -> bool {
        self.adjectives
            .get_or_init(|| lines(ADJECTIVES).map(str::as_bytes).collect())
            .contains(word)
    }

    /// Whether two words, in any case, make an English compound of the shipped list
    /// (`coral reef`, `diesel engine`).
    pub fn english_compound(&self, first: &str, second: &str) -> bool {
        let mut key = String::with_capacity(first.len() + second.len() + 1);
        key.push_str(first);
        key.push(' ');
        key.push_str(second);
        key.make_ascii_lowercase();
        self.compounds
            .get_or_init(|| lines(COMPOUNDS).collect())
            .contains(key.as_str())
    }

    /// Whether a lowercase word is a given name of the shipped list (`levi`, `mavis`).
    pub fn given_name(&self, word: &str) -> bool {
        self.given
            .get_or_init(|| lines(GIVEN).collect())
            .contains(word)
    }

    /// Chinese compounds that contain `name` and mean something else: not one of
    /// `same_brand` (the brand's other names) and not a company name.
    pub fn zh_compounds<'w>(
        &'w self,
        name: &str,
        same_brand: &'w std::collections::HashSet<String>,
    ) -> impl Iterator<Item = &'static str> + 'w {
        let index = self.zh_index.get_or_init(|| {
            let mut index: HashMap<&'static str, Vec<u32>> = HashMap::default();
            for (i, w) in self.zh.iter().enumerate() {
                let bounds: Vec<usize> = w
                    .char_indices()
                    .map(|(at, _)| at)
                    .chain(std::iter::once(w.len()))
                    .collect();
                for a in 0..bounds.len() {
                    for b in a + 2..bounds.len().min(a + 4) {
                        if b - a < bounds.len() - 1 {
                            index
                                .entry(&w[bounds[a]..bounds[b]])
                                .or_default()
                                .push(i as u32);
                        }
                    }
                }
            }
            index
        });
        let found = index.get(name.trim()).map_or(&[][..], Vec::as_slice);
        let name = name.trim().to_string();
        found.iter().map(|&i| self.zh[i as usize]).filter(move |w| {
            *w != name
                && w.contains(name.as_str())
                && !same_brand
                    .iter()
                    .any(|o| w.contains(o.as_str()) && *o != name)
                && !COMPANY_SUFFIXES.iter().any(|s| w.ends_with(s))
        })
    }
}

/// How a generic phrase is compared: lower case, letters and digits only (`Slip-On`,
/// `slip on` and `SLIPON` are one phrase).
fn phrase_key(phrase: &str) -> String {
    phrase
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn a_mask_is_filled_by_common_words_of_its_length_only() {
        let w = Words::shipped();
        // `l??k`: look, but luck and lack too.
        assert!(w.other_word_fills(b"l??k", b"look"));
        // `lo?k` is lock too; `zeb?a` is zebra alone, and `l??kz` no word.
        assert!(w.other_word_fills(b"lo?k", b"look"));
        assert!(!w.other_word_fills(b"zeb?a", b"zebra"));
        assert!(!w.other_word_fills(b"l??kz", b"lookz"));
        assert!(!w.other_word_fills(b"", b"look"));
    }

    #[test]
    fn lists_parse_and_answer() {
        let w = Words::shipped();
        assert!(w.en_rank(b"the").is_some_and(|r| r < 10));
        assert!(w.en_rank(b"apple").is_some());
        assert!(w.en_rank(b"xqzzv").is_none());
        // Rare on the web, but words of the dictionary; proper nouns are not.
        assert!(w.en_rank(b"submersible").is_none() && w.dictionary_word(b"submersible"));
        assert!(w.dictionary_word(b"flamenco") && w.dictionary_word(b"apple"));
        assert!(!w.dictionary_word(b"panerai") && !w.dictionary_word(b"xqzzv"));
        assert!(w.given_name("levi") && w.given_name("mavis"));
        assert!(!w.given_name("nike") && !w.given_name("Levi"));
        let none = HashSet::new();
        assert!(w.zh_compounds("小米", &none).any(|c| c == "小米粥"));
        assert!(w.zh_compounds("三星", &none).all(|c| c != "三星公司"));
        assert_eq!(w.zh_compounds("耐克", &none).count(), 0);
        let adidas: HashSet<String> = ["阿迪达斯".to_string(), "阿迪".to_string()].into();
        assert_eq!(w.zh_compounds("阿迪", &adidas).count(), 0);
    }

    #[test]
    fn chinese_phrases_split_into_ordinary_words() {
        let w = Words::shipped();
        // Words of the lists, with a character of size or colour before them or of goods
        // after them.
        for p in [
            "皇家橡树",
            "精华面霜",
            "沙漠靴",
            "小灯泡",
            "蓝风铃",
            "迷你四驱",
        ] {
            assert!(w.zh_phrase(p, &[]), "{p}");
        }
        // Transliterations and coined names do not split so; two characters are a word,
        // not a phrase; a line holding the brand's own name is the brand's.
        for p in [
            "皮卡丘",
            "卡西欧",
            "施华洛世奇",
            "凯蒂猫",
            "神仙",
            "Rolex表",
        ] {
            assert!(!w.zh_phrase(p, &[]), "{p}");
        }
        assert!(w.zh_phrase("大白兔奶糖", &[]));
        assert!(!w.zh_phrase("大白兔奶糖", &["大白兔"]));
    }

    #[test]
    fn generic_phrases_are_one_per_key_and_match_any_spelling() {
        let phrases: Vec<&str> = lines(GENERIC).collect();
        assert!(phrases.len() > 1_500, "{} phrases", phrases.len());
        let mut keys = HashSet::new();
        for p in &phrases {
            assert!(
                !p.chars().any(char::is_uppercase),
                "{p:?} is not lower case"
            );
            assert!(keys.insert(phrase_key(p)), "{p:?} is listed twice");
        }
        let w = Words::shipped();
        for (written, generic) in [
            ("Slip-On", true),
            ("SLIP ON", true),
            ("Trucker Jacket", true),
            ("超轻", true),
            ("Air Max", false),
            ("Neverfull", false),
        ] {
            assert_eq!(w.generic_phrase(written), generic, "{written}");
        }
    }

    #[test]
    fn the_chinese_lists_hold_modern_words_but_not_pieces_of_names() {
        let w = Words::shipped();
        // jieba's dictionary lacks these; wordfreq's modern list has them.
        for word in ["酒庄", "拉风", "四驱"] {
            assert!(w.zh_word(word), "{word}");
        }
        // Pieces of transliterated names that wordfreq's tokenizer cut out stay out.
        for piece in ["达尼", "阿迪", "普拉达"] {
            assert!(!w.zh_word(piece), "{piece}");
        }
        // jieba's own words are still there.
        assert!(w.zh_word("精华") && w.zh_word("三星级"));
    }
}
