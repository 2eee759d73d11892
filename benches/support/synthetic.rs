//! The synthetic registry and titles of the detection benchmark (`benches/detect.rs`),
//! shared with the findings snapshot (`tests/it/detect_findings.rs`) so that what the
//! benchmark times is also what the snapshot holds fixed.
//!
//! Registry and titles are generated deterministically (a fixed-seed xorshift), so runs
//! compare. Titles look like directory titles: product words, model numbers, sometimes
//! a brand name (plain or disguised), sometimes an indicator or compatibility phrase.

use greysweep::detect::{Brand, Registry};

/// A fixed-seed xorshift64: deterministic, so benchmark runs compare.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const ONSETS: &[&str] = &[
    "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "br", "cr",
    "dr", "gr", "kl", "pl", "st", "tr", "sh", "ch",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou", "ei"];

fn word(rng: &mut Rng, syllables: usize) -> String {
    let mut w = String::new();
    for _ in 0..syllables {
        w.push_str(ONSETS[rng.below(ONSETS.len())]);
        w.push_str(VOWELS[rng.below(VOWELS.len())]);
    }
    if rng.below(2) == 0 {
        w.push_str(["x", "n", "s", "k", "l"][rng.below(5)]);
    }
    w
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}

pub fn registry(brands: usize, seed: u64) -> Registry {
    let mut rng = Rng(seed);
    let mut r = Registry::default();
    let mut seen = std::collections::HashSet::new();
    while r.brands.len() < brands {
        let syllables = 2 + rng.below(2);
        let name = capitalise(&word(&mut rng, syllables));
        if !seen.insert(name.to_lowercase()) {
            continue;
        }
        let mut aliases = Vec::new();
        for a in 0..5 {
            aliases.push(match a {
                0 => name.to_uppercase(),
                1 => format!("{name} {}", capitalise(&word(&mut rng, 2))),
                2 => capitalise(&word(&mut rng, 3)),
                3 => format!("{}{}", name, rng.below(900) + 100),
                _ => format!("{} Pro", capitalise(&word(&mut rng, 2))),
            });
        }
        r.brands.push(Brand {
            name,
            aliases,
            authorised_sellers: vec![format!("{} Official Store", word(&mut rng, 2))],
            ..Brand::default()
        });
    }
    r
}

const PRODUCT: &[&str] = &[
    "running",
    "shoes",
    "men",
    "women",
    "breathable",
    "sneakers",
    "leather",
    "handbag",
    "tote",
    "wallet",
    "watch",
    "automatic",
    "stainless",
    "steel",
    "wireless",
    "earbuds",
    "bluetooth",
    "headphones",
    "phone",
    "case",
    "silicone",
    "charger",
    "cable",
    "usb",
    "fast",
    "charging",
    "hoodie",
    "cotton",
    "t-shirt",
    "summer",
    "new",
    "2024",
    "wholesale",
    "factory",
    "price",
    "high",
    "quality",
    "sport",
    "casual",
    "fashion",
    "luxury",
    "designer",
    "bag",
    "belt",
    "sunglasses",
    "polarized",
    "perfume",
    "100ml",
    "eau",
    "de",
    "parfum",
    "jacket",
    "down",
    "winter",
    "outdoor",
    "hiking",
    "boots",
    "kids",
    "gift",
    "box",
    "set",
    "pcs",
    "lot",
    "custom",
    "logo",
    "oem",
    "odm",
    "free",
    "shipping",
    "hot",
    "sale",
    "model",
    "x200",
];

pub fn titles(reg: &Registry, n: usize, seed: u64) -> Vec<String> {
    let mut rng = Rng(seed);
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let mut words: Vec<String> = (0..6 + rng.below(8))
            .map(|_| PRODUCT[rng.below(PRODUCT.len())].to_string())
            .collect();
        let roll = rng.below(10);
        if roll < 4 {
            let b = &reg.brands[rng.below(reg.brands.len())];
            let name = match rng.below(5) {
                0 => b.name.clone(),
                1 => b.aliases[rng.below(b.aliases.len())].clone(),
                2 => b.name.chars().flat_map(|c| [c, ' ']).collect::<String>(),
                3 => b.name.replace('o', "0").replace('e', "3"),
                _ => format!("{}{}", b.name, b.name.chars().last().unwrap_or('x')),
            };
            let at = rng.below(words.len());
            words.insert(at, name);
            match rng.below(4) {
                0 => words.insert(0, "replica".into()),
                1 => words.insert(at, "compatible with".into()),
                _ => {}
            }
        }
        out.push(words.join(" "));
    }
    out
}
