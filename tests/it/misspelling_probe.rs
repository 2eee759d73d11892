//! The misspelling mechanisms measured on names nobody wrote titles for: every Latin
//! name of the corpus registries is misspelt by each kind of slip a seller makes (a sound
//! or a look-alike substitution, a vowel swapped or dropped, a letter doubled, undoubled,
//! dropped or transposed, a letter masked, the name split), put in front of goods of the
//! brand's own class, and the detector must flag it.
//!
//! The brands of the development corpora are where the rules were written; the brands of
//! the held-out corpora are the check: their recall is reported separately and is the
//! figure that says whether the mechanisms generalise. Only the registries' names are
//! read here, never a held-out title.

use std::collections::{BTreeMap, HashMap};

use pinyin::ToPinyin;
use std::path::Path;

use greysweep::detect::{Detector, Registry, Subject};

/// Registries whose corpora are development sets (their rows are studied).
const DEV: [&str; 6] = [
    "brands",
    "context_brands",
    "heldout_brands",
    "fresh4_brands",
    "fresh7_brands",
    "fresh11_brands",
];
/// Registries whose corpora are held out (their rows are never read).
const HELD_OUT: [&str; 7] = [
    "fresh3_brands",
    "fresh5_brands",
    "fresh6_brands",
    "fresh8_brands",
    "fresh9_brands",
    "fresh10_brands",
    "fresh12_brands",
];

/// Goods of one Nice class, as a listing would name them.
fn goods(class: u8) -> Option<&'static str> {
    Some(match class {
        2 => "printer ink cartridge refill black",
        3 => "perfume eau de parfum 100ml women gift",
        4 => "engine oil 5W-30 fully synthetic 4L",
        7 => "cordless electric drill brushless motor",
        8 => "combination pliers hand tool set",
        9 => "wireless bluetooth earphones headphones",
        11 => "split air conditioner inverter cooling",
        12 => "car brake pads front set auto parts",
        14 => "men automatic mechanical watch stainless steel",
        15 => "electric guitar 6 string",
        16 => "ballpoint pen stationery set",
        18 => "women leather handbag shoulder bag",
        20 => "office chair furniture",
        21 => "stainless steel cooking pot cookware",
        24 => "cotton bath towel",
        25 => "men running shoes sneakers",
        28 => "kids toy action figure set",
        29 => "milk powder 900g",
        30 => "chocolate candy gift box",
        32 => "energy drink 250ml can",
        33 => "whisky 700ml bottle",
        34 => "windproof lighter",
        _ => return None,
    })
}

/// The same goods in Chinese.
fn goods_zh(class: u8) -> Option<&'static str> {
    Some(match class {
        2 => "打印机 墨盒 黑色 原装",
        3 => "香水 女士 100ml 持久 淡香",
        4 => "机油 全合成 5W-30 4L",
        7 => "充电式 电钻 无刷 电动工具",
        8 => "钢丝钳 手动工具 套装",
        9 => "蓝牙耳机 无线 降噪",
        11 => "空调 挂机 变频 冷暖",
        12 => "刹车片 汽车配件 前轮",
        14 => "男士 机械表 自动 钢带 手表",
        15 => "电吉他 初学者",
        16 => "中性笔 文具 套装",
        18 => "女士 真皮 手提包 单肩包",
        20 => "办公椅 家具",
        21 => "不锈钢 汤锅 炊具",
        24 => "纯棉 浴巾",
        25 => "男鞋 跑步鞋 运动鞋",
        28 => "儿童 玩具 手办 套装",
        29 => "奶粉 900g",
        30 => "巧克力 糖果 礼盒",
        32 => "能量饮料 250ml 罐装",
        33 => "白酒 500ml 礼盒装",
        34 => "防风 打火机",
        _ => return None,
    })
}

/// One slip applied to a lower-case name; `None` where it does not apply.
type Slip = fn(&str) -> Option<String>;

fn replace_once(name: &str, from: &str, to: &str) -> Option<String> {
    // Never at the first letter: sellers keep it.
    let i = name[1..].find(from)? + 1;
    Some(format!("{}{to}{}", &name[..i], &name[i + from.len()..]))
}

fn sound(name: &str) -> Option<String> {
    [
        ("ph", "f"),
        ("ck", "k"),
        ("c", "k"),
        ("k", "c"),
        ("s", "z"),
        ("z", "s"),
        ("x", "ks"),
        ("f", "ph"),
    ]
    .iter()
    .find_map(|(a, b)| replace_once(name, a, b))
}

fn visual(name: &str) -> Option<String> {
    [
        ("rn", "m"),
        ("m", "rn"),
        ("w", "vv"),
        ("l", "1"),
        ("i", "l"),
        ("o", "0"),
    ]
    .iter()
    .find_map(|(a, b)| replace_once(name, a, b))
}

fn is_vowel(c: u8) -> bool {
    matches!(c, b'a' | b'e' | b'i' | b'o' | b'u')
}

/// Position of the last vowel after the first letter (the middle of most names).
fn inner_vowel(name: &str) -> Option<usize> {
    let b = name.as_bytes();
    (1..b.len()).rev().find(|&i| is_vowel(b[i]))
}

fn vowel_swap(name: &str) -> Option<String> {
    let i = inner_vowel(name)?;
    let b = name.as_bytes();
    let to = match b[i] {
        b'a' => 'e',
        b'e' => 'a',
        b'i' => 'e',
        b'o' => 'u',
        _ => 'o',
    };
    Some(format!("{}{to}{}", &name[..i], &name[i + 1..]))
}

fn vowel_drop(name: &str) -> Option<String> {
    let i = inner_vowel(name)?;
    (name.len() >= 5).then(|| format!("{}{}", &name[..i], &name[i + 1..]))
}

fn double(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let i = (1..b.len()).find(|&i| !is_vowel(b[i]) && b[i] != b[i - 1])?;
    Some(format!("{}{}", &name[..=i], &name[i..]))
}

fn undouble(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let i = (1..b.len()).find(|&i| b[i] == b[i - 1])?;
    Some(format!("{}{}", &name[..i], &name[i + 1..]))
}

fn drop_consonant(name: &str) -> Option<String> {
    let b = name.as_bytes();
    if b.len() < 6 {
        return None;
    }
    let i = (2..b.len() - 1).find(|&i| !is_vowel(b[i]) && b[i] != b[i - 1])?;
    Some(format!("{}{}", &name[..i], &name[i + 1..]))
}

fn transpose(name: &str) -> Option<String> {
    let b = name.as_bytes();
    if b.len() < 5 {
        return None;
    }
    let i = (b.len() / 2..b.len() - 1).find(|&i| b[i] != b[i + 1])?;
    let mut v = b.to_vec();
    v.swap(i, i + 1);
    String::from_utf8(v).ok()
}

fn mask(name: &str) -> Option<String> {
    let i = name.len() / 2;
    (name.len() >= 4).then(|| format!("{}*{}", &name[..i], &name[i + 1..]))
}

/// The first letter hidden by a mask (`*ucci`): names of five letters or more.
fn mask_first(name: &str) -> Option<String> {
    (name.len() >= 5).then(|| format!("*{}", &name[1..]))
}

/// A letter hidden by a star and a vowel written as a digit (`G★cci`, `R0l*x`): names
/// of five letters or more.
fn mask_star(name: &str) -> Option<String> {
    let i = name.len() / 2;
    (name.len() >= 5).then(|| format!("{}★{}", &name[..i], &name[i + 1..]))
}

/// A letter hidden by a leetspeak symbol that does not stand for it (`G$cci`, `Ro$ex`;
/// `@` where the letter is an `s`): names of four letters or more.
fn mask_symbol(name: &str) -> Option<String> {
    let i = name.len() / 2;
    let symbol = if name.as_bytes()[i] == b's' { '@' } else { '$' };
    (name.len() >= 4).then(|| format!("{}{symbol}{}", &name[..i], &name[i + 1..]))
}

fn mask_and_digit(name: &str) -> Option<String> {
    let b = name.as_bytes();
    let v = (1..b.len() - 1).find(|&i| matches!(b[i], b'o' | b'e' | b'a'))?;
    let m = (1..b.len()).rev().find(|&i| i != v && i.abs_diff(v) > 1)?;
    let mut out = String::new();
    for (i, &c) in b.iter().enumerate() {
        out.push(if i == v {
            match c {
                b'o' => '0',
                b'e' => '3',
                _ => '4',
            }
        } else if i == m {
            '*'
        } else {
            char::from(c)
        });
    }
    (name.len() >= 5).then_some(out)
}

fn split(name: &str) -> Option<String> {
    let i = name.len() / 2;
    (name.len() >= 6).then(|| format!("{} {}", &name[..i], &name[i..]))
}

const SLIPS: [(&str, Slip); 15] = [
    ("sound", sound),
    ("visual", visual),
    ("vowel swap", vowel_swap),
    ("vowel drop", vowel_drop),
    ("doubled", double),
    ("undoubled", undouble),
    ("consonant dropped", drop_consonant),
    ("transposed", transpose),
    ("masked", mask),
    ("first letter masked", mask_first),
    ("star mask", mask_star),
    ("mask and digit", mask_and_digit),
    ("symbol mask", mask_symbol),
    ("split", split),
    ("spaced letters", |n| {
        (n.len() >= 3).then(|| n.chars().map(String::from).collect::<Vec<_>>().join(" "))
    }),
];

/// Two slips at once: what a seller does when one is not enough.
const TWO_SLIPS: [(&str, Slip, Slip); 4] = [
    ("vowel swap + doubled", vowel_swap, double),
    ("sound + vowel swap", sound, vowel_swap),
    ("transposed + doubled", transpose, double),
    ("visual + vowel swap", visual, vowel_swap),
];

/// For each character, the most frequent other character of the same toneless reading,
/// from the two-character words of the shipped Chinese list.
fn homophones() -> HashMap<char, char> {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/words/zh2.txt"))
            .expect("zh2.txt");
    let mut freq: HashMap<char, usize> = HashMap::new();
    for (rank, line) in text.lines().filter(|l| !l.starts_with('#')).enumerate() {
        for c in line.chars() {
            *freq.entry(c).or_default() += 80_000usize.saturating_sub(rank);
        }
    }
    let mut by_sound: HashMap<&'static str, Vec<(usize, char)>> = HashMap::new();
    for (&c, &n) in &freq {
        if let Some(p) = c.to_pinyin() {
            by_sound.entry(p.plain()).or_default().push((n, c));
        }
    }
    let mut out = HashMap::new();
    for &c in freq.keys() {
        let Some(p) = c.to_pinyin() else { continue };
        if let Some(&(_, h)) = by_sound[p.plain()].iter().filter(|(_, h)| *h != c).max() {
            out.insert(c, h);
        }
    }
    out
}

/// Upper-cases the first letter, as titles write names.
fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[derive(Default)]
struct Tally {
    tried: usize,
    found: usize,
    missed: Vec<String>,
}

/// Misspells every single-word Latin name of the registries' brands and counts what is
/// flagged, per slip.
fn probe(stems: &[&str]) -> BTreeMap<&'static str, Tally> {
    let mut out: BTreeMap<&'static str, Tally> = BTreeMap::new();
    let homophone = homophones();
    for stem in stems {
        let file = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/corpus/{stem}.toml"));
        let src = std::fs::read_to_string(&file).expect("registry is readable");
        let detector = Detector::new(Registry::from_toml(&file, &src).expect("registry parses"));
        for reading in detector.readings() {
            let mut cases: Vec<(&'static str, String)> = Vec::new();
            // The brand's longest word of Latin letters: the one a seller misspells.
            let longest = reading
                .brand
                .split(|c: char| !c.is_ascii_alphabetic())
                .max_by_key(|w| w.len())
                .filter(|w| w.len() >= 4);
            let en = reading.classes.iter().find_map(|&c| goods(c));
            if let (Some(longest), Some(goods)) = (longest, en) {
                let word = longest.to_ascii_lowercase();
                let mut variants: Vec<(&'static str, String)> = SLIPS
                    .iter()
                    .filter_map(|(slip, f)| Some((*slip, f(&word)?)))
                    .collect();
                variants.extend(
                    TWO_SLIPS
                        .iter()
                        .filter_map(|(slip, f, g)| Some((*slip, g(&f(&word)?)?))),
                );
                for (slip, variant) in variants {
                    if !variant.eq_ignore_ascii_case(&word) {
                        let name = reading.brand.replacen(longest, &capitalised(&variant), 1);
                        cases.push((slip, format!("{name} {goods} wholesale")));
                    }
                }
            }
            // Chinese names: one character (the last, and for three or more the
            // second) swapped for its most common homophone.
            let zh = reading.classes.iter().find_map(|&c| goods_zh(c));
            for n in &reading.names {
                let chars: Vec<char> = n.text.chars().collect();
                if n.role == "product line"
                    || chars.len() < 2
                    || !chars.iter().all(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
                {
                    continue;
                }
                let Some(zh) = zh else { break };
                // The name spelt in pinyin, as sellers write it to slip past filters
                // (`laolishi` for 劳力士).
                if chars.len() >= 3 {
                    let spelt: Option<String> = chars
                        .iter()
                        .map(|c| c.to_pinyin().map(|p| p.plain()))
                        .collect();
                    if let Some(spelt) = spelt {
                        cases.push((
                            "zh pinyin (3+)",
                            format!("{} {zh} 批发", capitalised(&spelt)),
                        ));
                    }
                }
                // Masks: the first character hidden by one (`*奈儿`), and a middle one
                // or two hidden by two (`香**儿`, `路**登`).
                if chars.len() >= 3 {
                    let rest: String = chars[1..].iter().collect();
                    cases.push(("zh first masked (3+)", format!("*{rest} {zh} 批发")));
                    let hidden = if chars.len() >= 4 { 2 } else { 1 };
                    let shown: String = chars[..1]
                        .iter()
                        .chain(std::iter::once(&'*'))
                        .chain(std::iter::once(&'*'))
                        .chain(&chars[1 + hidden..])
                        .collect();
                    cases.push(("zh two masks (3+)", format!("{shown} {zh} 批发")));
                }
                let slip = if chars.len() == 2 {
                    "zh homophone (2)"
                } else {
                    "zh homophone (3+)"
                };
                let mut at = vec![chars.len() - 1];
                if chars.len() >= 3 {
                    at.push(1);
                }
                for i in at {
                    if let Some(&h) = homophone.get(&chars[i]) {
                        let mut v = chars.clone();
                        v[i] = h;
                        let v: String = v.into_iter().collect();
                        cases.push((slip, format!("{v} {zh} 批发")));
                    }
                }
            }
            for (slip, title) in cases {
                let findings = detector.assess(&Subject {
                    title: &title,
                    seller_name: Some("Yiwu Trading Co., Ltd."),
                    ..Subject::default()
                });
                let t = out.entry(slip).or_default();
                t.tried += 1;
                if findings
                    .iter()
                    .any(|f| f.flagged && f.brand == reading.brand)
                {
                    t.found += 1;
                } else {
                    t.missed.push(format!("{title} ({})", reading.brand));
                }
            }
        }
    }
    out
}

fn report(label: &str, tally: &BTreeMap<&'static str, Tally>) -> f64 {
    let (tried, found) = tally
        .values()
        .fold((0, 0), |(a, b), t| (a + t.tried, b + t.found));
    println!(
        "misspelling probe, {label}: {found}/{tried} = {:.4}",
        found as f64 / tried.max(1) as f64
    );
    for (slip, t) in tally {
        println!(
            "  {slip:<18} {:>4}/{:<4} {:.3}",
            t.found,
            t.tried,
            t.found as f64 / t.tried.max(1) as f64
        );
        if std::env::var_os("GREYSWEEP_PROBE_MISSES").is_some() && label.starts_with("dev") {
            for m in &t.missed {
                println!("      missed: {m}");
            }
        }
    }
    found as f64 / tried.max(1) as f64
}

/// Recall floors of the probe on the development and the held-out registries.
const PROBE_FLOOR: (f64, f64) = (0.97, 0.98);

#[test]
fn misspelling_probe() {
    let dev = report("development registries", &probe(&DEV));
    let held = report("held-out registries", &probe(&HELD_OUT));
    // Floors: the figures when the probe was written, rounded down. Below them a
    // mechanism lost names it used to find.
    assert!(dev >= PROBE_FLOOR.0, "development registries: {dev:.4}");
    assert!(held >= PROBE_FLOOR.1, "held-out registries: {held:.4}");
}
