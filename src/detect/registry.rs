//! The brand registry: which brands are protected, what they are called, who may sell
//! them, what they cost, and which words around a name mean it is not the brand.
//!
//! A registry is one or more TOML files merged in order. Every mistake is a
//! [`ConfigError`] naming the file, the line and the key (unknown keys included). The
//! registry holds only what the files say; the compiled-in default term lists are added
//! by the [`Detector`](super::Detector) (see [`super::terms`]), unless a file sets
//! `terms.replace_defaults`. This module does no matching.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::config::{ConfigError, parse_toml, read_file};

/// All brands and shared term lists of one or more registry files.
#[derive(Debug, Clone, Default)]
pub struct Registry {
    /// The brands, in file order.
    pub brands: Vec<Brand>,
    /// Shared term lists that extend (or replace) the compiled-in defaults.
    pub terms: Terms,
    /// Price comparison settings.
    pub pricing: Pricing,
}

/// One protected brand. `Brand::default()` has typo tolerance on, like a registry entry
/// that does not mention it. An alias or product line written as a table may say
/// `weak = true` or `weak = false`: it is then listed in `weak_names` or `strong_names`.
#[derive(Debug, Clone, Deserialize)]
#[serde(from = "RawBrand")]
pub struct Brand {
    /// Canonical name.
    pub name: String,
    /// Other names it goes by (other scripts, abbreviations): `耐克`, `LV`.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// Product lines whose names alone point at the brand: `Air Jordan`, `iPhone`, or
    /// `{ name = "Air Jordan", reference_price = { amount = 180.0, currency = "USD" } }`
    /// when the line has its own typical price.
    #[serde(default)]
    pub product_lines: Vec<ProductLine>,
    /// Authorised sellers: seller names, store URLs (host and path prefix) or store hosts.
    #[serde(default)]
    pub authorised_sellers: Vec<String>,
    /// Authorised sellers by platform seller id.
    #[serde(default)]
    pub authorised_seller_ids: Vec<String>,
    /// A typical genuine price; listings far below it are suspicious.
    #[serde(default)]
    pub reference_price: Option<Money>,
    /// Phrases that contain the name but mean something else (`apple cider vinegar`,
    /// `pineapple`): a match inside one of them is void.
    #[serde(default)]
    pub void_contexts: Vec<String>,
    /// Words that, anywhere in the same text, void the brand's matches there (`水果` for
    /// 苹果, `millet` for 小米).
    #[serde(default)]
    pub void_terms: Vec<String>,
    /// Whether misspellings of the name are matched (default true; names shorter than
    /// five letters never are).
    #[serde(default = "yes")]
    pub typo_tolerance: bool,
    /// Nice classes of the brand's goods (`[14, 18, 25]`). With `goods`, they replace the
    /// classes inferred from the shipped marks file and the product lines.
    #[serde(default)]
    pub classes: Vec<u8>,
    /// Goods words of the brand (`["sneakers", "handbag"]`), looked up in the goods lexicon.
    #[serde(default)]
    pub goods: Vec<String>,
    /// The brand's own names (name, aliases, product lines) that are ordinary words or
    /// abbreviations and count only with corroboration, whatever the word lists say.
    #[serde(default)]
    pub weak_names: Vec<String>,
    /// The brand's own names never treated as weak, whatever the word lists say.
    #[serde(default)]
    pub strong_names: Vec<String>,
    /// Regular expressions of the brand's model numbers (`CF2\d\dA`, `1266\d\dLN`),
    /// matched case-insensitively as whole words.
    #[serde(default)]
    pub models: Vec<String>,
}

fn yes() -> bool {
    true
}

impl Default for Brand {
    fn default() -> Self {
        Brand {
            name: String::new(),
            aliases: Vec::new(),
            product_lines: Vec::new(),
            authorised_sellers: Vec::new(),
            authorised_seller_ids: Vec::new(),
            reference_price: None,
            void_contexts: Vec::new(),
            void_terms: Vec::new(),
            typo_tolerance: true,
            classes: Vec::new(),
            goods: Vec::new(),
            weak_names: Vec::new(),
            strong_names: Vec::new(),
            models: Vec::new(),
        }
    }
}

/// A registry entry as written: aliases and product lines may be tables that say
/// whether the name is weak.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBrand {
    name: String,
    #[serde(default)]
    aliases: Vec<RawAlias>,
    #[serde(default)]
    product_lines: Vec<RawLine>,
    #[serde(default)]
    authorised_sellers: Vec<String>,
    #[serde(default)]
    authorised_seller_ids: Vec<String>,
    #[serde(default)]
    reference_price: Option<Money>,
    #[serde(default)]
    void_contexts: Vec<String>,
    #[serde(default)]
    void_terms: Vec<String>,
    #[serde(default = "yes")]
    typo_tolerance: bool,
    #[serde(default)]
    classes: Vec<u8>,
    #[serde(default)]
    goods: Vec<String>,
    #[serde(default)]
    weak_names: Vec<String>,
    #[serde(default)]
    strong_names: Vec<String>,
    #[serde(default)]
    models: Vec<String>,
}

/// An alias: a bare name, or `{ name = "…", weak = true }`.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "an alias is a string, or a table { name = \"…\", weak = true } (keys: name, weak)"
)]
enum RawAlias {
    Name(String),
    Table(AliasTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasTable {
    name: String,
    #[serde(default)]
    weak: Option<bool>,
}

/// A product line: a bare name, or a table with the name and its own reference price
/// and/or whether it is weak.
#[derive(Deserialize)]
#[serde(
    untagged,
    expecting = "a product line is a string, or a table { name = \"…\", reference_price = { amount = …, currency = \"USD\" }, weak = true } (keys: name, reference_price, weak)"
)]
enum RawLine {
    Name(String),
    Table(LineTable),
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct LineTable {
    name: String,
    #[serde(default)]
    weak: Option<bool>,
    #[serde(default)]
    reference_price: Option<Money>,
}

impl From<RawBrand> for Brand {
    fn from(r: RawBrand) -> Self {
        let mut weak_names = r.weak_names;
        let mut strong_names = r.strong_names;
        let mut said = |name: &str, weak: Option<bool>| match weak {
            Some(true) => weak_names.push(name.to_string()),
            Some(false) => strong_names.push(name.to_string()),
            None => {}
        };
        let mut aliases = Vec::with_capacity(r.aliases.len());
        for a in r.aliases {
            aliases.push(match a {
                RawAlias::Name(n) => n,
                RawAlias::Table(t) => {
                    said(&t.name, t.weak);
                    t.name
                }
            });
        }
        let mut product_lines = Vec::with_capacity(r.product_lines.len());
        for p in r.product_lines {
            product_lines.push(match p {
                RawLine::Name(n) => ProductLine::Name(n),
                RawLine::Table(t) => {
                    said(&t.name, t.weak);
                    match t.reference_price {
                        Some(reference_price) => ProductLine::Priced(PricedLine {
                            name: t.name,
                            reference_price,
                        }),
                        None => ProductLine::Name(t.name),
                    }
                }
            });
        }
        Brand {
            name: r.name,
            aliases,
            product_lines,
            authorised_sellers: r.authorised_sellers,
            authorised_seller_ids: r.authorised_seller_ids,
            reference_price: r.reference_price,
            void_contexts: r.void_contexts,
            void_terms: r.void_terms,
            typo_tolerance: r.typo_tolerance,
            classes: r.classes,
            goods: r.goods,
            weak_names,
            strong_names,
            models: r.models,
        }
    }
}

/// A product line: a bare name, or a name with its own reference price (read from the
/// registry through `RawLine`, which also takes `weak`).
#[derive(Debug, Clone, PartialEq)]
pub enum ProductLine {
    /// Just the name.
    Name(String),
    /// A name and a typical genuine price for the line.
    Priced(PricedLine),
}

/// A product line with its own reference price.
#[derive(Debug, Clone, PartialEq)]
pub struct PricedLine {
    /// The product line's name.
    pub name: String,
    /// A typical genuine price for the line (takes precedence over the brand's).
    pub reference_price: Money,
}

impl ProductLine {
    /// The product line's name.
    pub fn name(&self) -> &str {
        match self {
            ProductLine::Name(n) => n,
            ProductLine::Priced(p) => &p.name,
        }
    }

    /// The line's own reference price, if it has one.
    pub fn reference_price(&self) -> Option<&Money> {
        match self {
            ProductLine::Name(_) => None,
            ProductLine::Priced(p) => Some(&p.reference_price),
        }
    }
}

impl From<&str> for ProductLine {
    fn from(name: &str) -> Self {
        ProductLine::Name(name.to_string())
    }
}

/// An amount of money.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount.
    pub amount: f64,
    /// ISO 4217 code (`USD`, `CNY`, `EUR`).
    pub currency: String,
}

/// Shared term lists (the `[terms]` table).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    /// Use only the lists of the registry files, not the compiled-in defaults.
    #[serde(default)]
    pub replace_defaults: bool,
    /// Terms that say a listing is a copy: `replica`, `AAA`, `1:1`, `高仿`.
    #[serde(default)]
    pub counterfeit_indicators: Vec<String>,
    /// Phrases containing an indicator that are innocent: `AAA battery`, `1:1 scale`.
    #[serde(default)]
    pub indicator_exclusions: Vec<String>,
    /// Phrases that, right before a brand, say the product only fits it: `compatible
    /// with`, `for`, `适用于`.
    #[serde(default)]
    pub compatibility_phrases: Vec<String>,
    /// Words that, right after a brand, say the same: `compatible`, `兼容`.
    #[serde(default)]
    pub compatibility_suffixes: Vec<String>,
    /// Ordinary words that are never read as a misspelt brand: `channel` (Chanel),
    /// `cannon` (Canon).
    #[serde(default)]
    pub typo_exclusions: Vec<String>,
    /// Words by which a listing says its goods carry no maker's brand: `generic`,
    /// `unbranded`, `无品牌`. Such a listing is not a brand's where only weak evidence
    /// names it.
    #[serde(default)]
    pub unbranded_phrases: Vec<String>,
    /// Phrases containing such a word that do not say so: `generic packaging`,
    /// `non-generic`.
    #[serde(default)]
    pub unbranded_exclusions: Vec<String>,
}

/// Price comparison settings (the `[pricing]` table).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pricing {
    /// A price below this fraction of the reference price is a counterfeit signal
    /// (default 0.3).
    #[serde(default)]
    pub far_below_ratio: Option<f64>,
    /// US dollars per unit of each currency (`CNY = 0.14`), extending the defaults.
    #[serde(default)]
    pub usd_rates: BTreeMap<String, f64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegistry {
    #[serde(default)]
    brand: Vec<Brand>,
    #[serde(default)]
    terms: Terms,
    #[serde(default)]
    pricing: Pricing,
}

impl Registry {
    /// Reads several registry files and merges them in order.
    pub fn load_all(files: &[std::path::PathBuf]) -> Result<Self, ConfigError> {
        let mut registry = Registry::default();
        for file in files {
            registry.merge(Registry::load(file)?);
        }
        Ok(registry)
    }

    /// Reads one registry file.
    pub fn load(file: &Path) -> Result<Self, ConfigError> {
        let src = read_file(file)?;
        Self::from_toml(file, &src)
    }

    /// Parses a registry from its TOML text.
    pub fn from_toml(file: &Path, src: &str) -> Result<Self, ConfigError> {
        let raw: RawRegistry = parse_toml(file, src)?;
        let err = |key: String, msg: &str| ConfigError::at_key(file, src, &key, msg);
        let mut seen = std::collections::HashMap::new();
        for (i, b) in raw.brand.iter().enumerate() {
            if b.name.trim().is_empty() {
                return Err(err(format!("brand[{i}].name"), "must not be empty"));
            }
            if !has_word(&b.name) {
                return Err(err(
                    format!("brand[{i}].name"),
                    "must contain at least one letter, digit or CJK character",
                ));
            }
            let key = b.name.trim().to_lowercase();
            if let Some(first) = seen.insert(key, i) {
                return Err(err(
                    format!("brand[{i}].name"),
                    &format!("brand {:?} is already defined as brand[{first}]", b.name),
                ));
            }
            let line_names: Vec<String> = b
                .product_lines
                .iter()
                .map(|p| p.name().to_string())
                .collect();
            for (list, items) in [
                ("aliases", &b.aliases),
                ("product_lines", &line_names),
                ("authorised_sellers", &b.authorised_sellers),
                ("authorised_seller_ids", &b.authorised_seller_ids),
                ("void_contexts", &b.void_contexts),
                ("void_terms", &b.void_terms),
                ("goods", &b.goods),
                ("weak_names", &b.weak_names),
                ("strong_names", &b.strong_names),
                ("models", &b.models),
            ] {
                for (j, item) in items.iter().enumerate() {
                    if item.trim().is_empty() {
                        return Err(err(format!("brand[{i}].{list}[{j}]"), "must not be empty"));
                    }
                    let needs_word = !list.starts_with("authorised");
                    if needs_word && !has_word(item) {
                        return Err(err(
                            format!("brand[{i}].{list}[{j}]"),
                            "must contain at least one letter, digit or CJK character",
                        ));
                    }
                }
            }
            for (j, c) in b.classes.iter().enumerate() {
                if !(1..=45).contains(c) {
                    return Err(err(
                        format!("brand[{i}].classes[{j}]"),
                        "must be a Nice class number from 1 to 45",
                    ));
                }
            }
            let own = |n: &str| {
                let n = n.trim().to_lowercase();
                std::iter::once(b.name.as_str())
                    .chain(b.aliases.iter().map(String::as_str))
                    .chain(line_names.iter().map(String::as_str))
                    .any(|o| o.trim().to_lowercase() == n)
            };
            for (list, items) in [
                ("weak_names", &b.weak_names),
                ("strong_names", &b.strong_names),
            ] {
                for (j, item) in items.iter().enumerate() {
                    if !own(item) {
                        return Err(err(
                            format!("brand[{i}].{list}[{j}]"),
                            "must be the brand's name, one of its aliases or one of its product lines",
                        ));
                    }
                }
            }
            for (j, m) in b.models.iter().enumerate() {
                if let Err(e) = regex::Regex::new(m) {
                    return Err(err(
                        format!("brand[{i}].models[{j}]"),
                        &format!("is not a valid regular expression: {e}"),
                    ));
                }
            }
            let prices = std::iter::once((
                format!("brand[{i}].reference_price"),
                b.reference_price.as_ref(),
            ))
            .chain(b.product_lines.iter().enumerate().map(|(j, p)| {
                (
                    format!("brand[{i}].product_lines[{j}].reference_price"),
                    p.reference_price(),
                )
            }));
            for (key, price) in prices {
                let Some(p) = price else { continue };
                if !(p.amount.is_finite() && p.amount > 0.0) {
                    return Err(err(format!("{key}.amount"), "must be a positive number"));
                }
                if !is_currency_code(&p.currency) {
                    return Err(err(
                        format!("{key}.currency"),
                        "must be a three-letter ISO 4217 code such as \"USD\" or \"CNY\"",
                    ));
                }
            }
        }
        let t = &raw.terms;
        for (list, items) in [
            ("counterfeit_indicators", &t.counterfeit_indicators),
            ("indicator_exclusions", &t.indicator_exclusions),
            ("compatibility_phrases", &t.compatibility_phrases),
            ("compatibility_suffixes", &t.compatibility_suffixes),
            ("typo_exclusions", &t.typo_exclusions),
            ("unbranded_phrases", &t.unbranded_phrases),
            ("unbranded_exclusions", &t.unbranded_exclusions),
        ] {
            for (j, item) in items.iter().enumerate() {
                if !has_word(item) {
                    return Err(err(
                        format!("terms.{list}[{j}]"),
                        "must contain at least one letter, digit or CJK character",
                    ));
                }
            }
        }
        if let Some(r) = raw.pricing.far_below_ratio
            && !(r.is_finite() && r > 0.0 && r < 1.0)
        {
            return Err(err(
                "pricing.far_below_ratio".into(),
                "must be a fraction between 0 and 1 (exclusive)",
            ));
        }
        for (code, rate) in &raw.pricing.usd_rates {
            if !is_currency_code(code) {
                return Err(err(
                    format!("pricing.usd_rates.{code}"),
                    "must be a three-letter ISO 4217 code in capitals",
                ));
            }
            if !(rate.is_finite() && *rate > 0.0) {
                return Err(err(
                    format!("pricing.usd_rates.{code}"),
                    "must be a positive number of US dollars per unit",
                ));
            }
        }
        Ok(Registry {
            brands: raw.brand,
            terms: raw.terms,
            pricing: raw.pricing,
        })
    }

    /// Adds the brands and term lists of `other`; its pricing settings take precedence.
    pub fn merge(&mut self, other: Registry) {
        self.brands.extend(other.brands);
        let (t, o) = (&mut self.terms, other.terms);
        t.replace_defaults |= o.replace_defaults;
        t.counterfeit_indicators.extend(o.counterfeit_indicators);
        t.indicator_exclusions.extend(o.indicator_exclusions);
        t.compatibility_phrases.extend(o.compatibility_phrases);
        t.compatibility_suffixes.extend(o.compatibility_suffixes);
        t.typo_exclusions.extend(o.typo_exclusions);
        t.unbranded_phrases.extend(o.unbranded_phrases);
        t.unbranded_exclusions.extend(o.unbranded_exclusions);
        if other.pricing.far_below_ratio.is_some() {
            self.pricing.far_below_ratio = other.pricing.far_below_ratio;
        }
        self.pricing.usd_rates.extend(other.pricing.usd_rates);
    }
}

fn has_word(s: &str) -> bool {
    !super::normalize::fold(s).skeleton.is_empty()
}

fn is_currency_code(s: &str) -> bool {
    s.len() == 3 && s.bytes().all(|b| b.is_ascii_uppercase())
}

/// Case-insensitive comparison of seller names with runs of whitespace collapsed. Look-alike
/// characters are deliberately *not* folded: `Nіke Official` with a Cyrillic `і` is not the
/// authorised `Nike Official`.
fn same_seller_name(a: &str, b: &str) -> bool {
    // ASCII names (most) compare word by word without allocating: lowercasing is ASCII
    // lowercasing there, one word at a time.
    if a.is_ascii() && b.is_ascii() {
        // Names that start with different letters (most entries against most sellers)
        // differ in their first word.
        let first = |s: &str| {
            s.trim_start()
                .bytes()
                .next()
                .map(|c| c.to_ascii_lowercase())
        };
        if first(a) != first(b) {
            return false;
        }
        let (mut x, mut y) = (a.split_whitespace(), b.split_whitespace());
        loop {
            match (x.next(), y.next()) {
                (None, None) => return true,
                (Some(p), Some(q)) if p.eq_ignore_ascii_case(q) => {}
                _ => return false,
            }
        }
    }
    // Chinese names compare in simplified characters: `華為官方旗艦店` is the store the
    // registry writes `华为官方旗舰店`.
    let norm = |s: &str| -> String {
        s.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase()
            .chars()
            .map(super::normalize::simplified_char)
            .collect()
    };
    norm(a) == norm(b)
}

/// Host (lowercased, without `www.`) and path of a URL or bare `host/path` text.
fn host_and_path(s: &str) -> Option<(String, String)> {
    let s = s.trim();
    let parsed = if s.contains("://") {
        url::Url::parse(s).ok()?
    } else {
        if s.contains(char::is_whitespace) || !s.contains('.') {
            return None;
        }
        url::Url::parse(&format!("https://{s}")).ok()?
    };
    let host = parsed.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host).to_string();
    let path = parsed.path().trim_end_matches('/').to_ascii_lowercase();
    Some((host, path))
}

impl Brand {
    /// Every name the brand goes by: its name, its aliases and its product lines.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str())
            .chain(self.aliases.iter().map(String::as_str))
            .chain(self.product_lines.iter().map(ProductLine::name))
    }

    /// Whether a seller (by name, store URL or host) is authorised for this brand.
    pub fn is_authorised(&self, seller_name: Option<&str>, seller_url: Option<&str>) -> bool {
        self.authorisation(seller_name, seller_url, None).is_some()
    }

    /// The `authorised_sellers` or `authorised_seller_ids` entry that authorises this
    /// seller, if any.
    ///
    /// A name entry matches the seller name case-insensitively. A URL or host entry matches
    /// a seller URL on the same host (or a subdomain of it) whose path starts with the
    /// entry's path. An id entry matches the seller id exactly.
    pub fn authorisation(
        &self,
        seller_name: Option<&str>,
        seller_url: Option<&str>,
        seller_id: Option<&str>,
    ) -> Option<&str> {
        let seller = seller_url.and_then(host_and_path);
        for entry in &self.authorised_sellers {
            if let Some(name) = seller_name
                && same_seller_name(name, entry)
            {
                return Some(entry);
            }
            // The entry is read as a store address only when there is one to compare.
            if let Some((host, path)) = &seller
                && let Some((a_host, a_path)) = host_and_path(entry)
            {
                let host_ok =
                    *host == a_host || host.ends_with(&format!(".{a_host}")) && !a_host.is_empty();
                let path_ok =
                    a_path.is_empty() || *path == a_path || path.starts_with(&format!("{a_path}/"));
                if host_ok && path_ok {
                    return Some(entry);
                }
            }
        }
        if let Some(id) = seller_id.map(str::trim).filter(|s| !s.is_empty()) {
            return self
                .authorised_seller_ids
                .iter()
                .find(|a| a.trim() == id)
                .map(String::as_str);
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> Result<Registry, ConfigError> {
        Registry::from_toml(Path::new("b.toml"), src)
    }

    #[test]
    fn minimal_registry_keeps_working() {
        let r = parse("[[brand]]\nname = \"Acme\"\naliases = [\"ACM\"]\nauthorised_sellers = [\"Acme Ltd\"]\n")
            .expect("valid");
        assert_eq!(r.brands.len(), 1);
        assert!(r.brands[0].typo_tolerance);
        assert!(Brand::default().typo_tolerance);
    }

    #[test]
    fn all_keys_parse() {
        let src = r#"
[terms]
counterfeit_indicators = ["fake"]
compatibility_phrases = ["suits"]
unbranded_phrases = ["no-name"]
unbranded_exclusions = ["no-name seller"]
[pricing]
far_below_ratio = 0.25
usd_rates = { CNY = 0.14 }
[[brand]]
name = "Nike"
aliases = ["耐克"]
product_lines = ["Air Jordan", { name = "Air Max", reference_price = { amount = 130.0, currency = "USD" } }]
authorised_sellers = ["Nike Official", "https://nike.en.alibaba.com"]
authorised_seller_ids = ["220145"]
reference_price = { amount = 120.0, currency = "USD" }
void_contexts = ["nike missile"]
void_terms = ["greek goddess"]
typo_tolerance = false
classes = [18, 25]
goods = ["sneakers"]
weak_names = ["NIKE"]
strong_names = ["耐克"]
models = ["DD\\d{4}-\\d{3}"]
"#;
        let r = parse(src).expect("valid");
        assert_eq!(r.brands[0].classes, [18, 25]);
        assert_eq!(r.brands[0].models, ["DD\\d{4}-\\d{3}"]);
        assert_eq!(r.terms.counterfeit_indicators, ["fake"]);
        assert_eq!(r.terms.unbranded_phrases, ["no-name"]);
        assert_eq!(r.terms.unbranded_exclusions, ["no-name seller"]);
        assert_eq!(r.pricing.far_below_ratio, Some(0.25));
        let b = &r.brands[0];
        assert_eq!(b.reference_price.as_ref().map(|p| p.amount), Some(120.0));
        assert!(!b.typo_tolerance);
        assert_eq!(b.product_lines[0].name(), "Air Jordan");
        assert_eq!(
            b.product_lines[1].reference_price().map(|p| p.amount),
            Some(130.0)
        );
    }

    #[test]
    fn an_alias_or_product_line_says_whether_it_is_weak() {
        let r = parse(
            r#"[[brand]]
name = "Nike"
aliases = ["耐克", { name = "勾", weak = true }, { name = "Swoosh", weak = false }]
product_lines = [
  "Air Max",
  { name = "Cortez", weak = true },
  { name = "Jordan 1", weak = false, reference_price = { amount = 180.0, currency = "USD" } },
  { name = "Dunk Low", reference_price = { amount = 110.0, currency = "USD" } },
]
weak_names = ["Air Max"]
"#,
        )
        .expect("parses");
        let b = &r.brands[0];
        assert_eq!(b.aliases, ["耐克", "勾", "Swoosh"]);
        let lines: Vec<(&str, Option<f64>)> = b
            .product_lines
            .iter()
            .map(|p| (p.name(), p.reference_price().map(|m| m.amount)))
            .collect();
        assert_eq!(
            lines,
            [
                ("Air Max", None),
                ("Cortez", None),
                ("Jordan 1", Some(180.0)),
                ("Dunk Low", Some(110.0))
            ]
        );
        assert_eq!(b.weak_names, ["Air Max", "勾", "Cortez"]);
        assert_eq!(b.strong_names, ["Swoosh", "Jordan 1"]);

        // A misspelt key or a price on an alias is a mistake at its line.
        for (src, line) in [
            (
                "[[brand]]\nname = \"A\"\naliases = [{ name = \"B\", wek = true }]\n",
                3,
            ),
            (
                "[[brand]]\nname = \"A\"\n\naliases = [{ name = \"B\", reference_price = { amount = 1.0, currency = \"USD\" } }]\n",
                4,
            ),
            (
                "[[brand]]\nname = \"A\"\nproduct_lines = [{ name = \"B\", weak = \"yes\" }]\n",
                3,
            ),
        ] {
            let e = parse(src).expect_err(src);
            assert_eq!(e.line, Some(line), "{src}: {e}");
            assert!(
                e.key.as_deref().is_some_and(|k| k.starts_with("brand[0].")),
                "{src}: {e}"
            );
        }
    }

    #[test]
    fn mistakes_name_file_line_and_key() {
        let e = parse("[[brand]]\nname = \"A\"\n[[brand]]\nname = \"B\"\nalias = [\"x\"]\n")
            .expect_err("unknown key");
        assert_eq!(e.line, Some(5));
        assert_eq!(e.key.as_deref(), Some("brand[1].alias"));

        let e = parse(
            "[[brand]]\nname = \"A\"\nreference_price = { amount = -3.0, currency = \"USD\" }\n",
        )
        .expect_err("negative price");
        assert_eq!(e.key.as_deref(), Some("brand[0].reference_price.amount"));
        assert_eq!(e.line, Some(3));

        let e = parse("[[brand]]\nname = \"A\"\n[[brand]]\nname = \"a\"\n").expect_err("duplicate");
        assert_eq!(e.key.as_deref(), Some("brand[1].name"));
        assert_eq!(e.line, Some(4));

        let e = parse("[terms]\ncounterfeit_indicators = [\"ok\", \"--\"]\n").expect_err("no word");
        assert_eq!(e.key.as_deref(), Some("terms.counterfeit_indicators[1]"));
        assert_eq!(e.line, Some(2));

        let e =
            parse("[terms]\n\nunbranded_phrases = [\"generic\", \" \"]\n").expect_err("no word");
        assert_eq!(e.key.as_deref(), Some("terms.unbranded_phrases[1]"));
        assert_eq!(e.line, Some(3));

        let e = parse(
            "[[brand]]\nname = \"A\"\nproduct_lines = [\"x\", { name = \"y\", price = 3 }]\n",
        )
        .expect_err("bad product line");
        assert_eq!(e.line, Some(3));
        assert!(
            e.key
                .as_deref()
                .is_some_and(|k| k.starts_with("brand[0].product_lines"))
        );

        let e = parse("[[brand]]\nname = \"A\"\nclasses = [46]\n").expect_err("class");
        assert_eq!(e.key.as_deref(), Some("brand[0].classes[0]"));
        let e = parse("[[brand]]\nname = \"A\"\nweak_names = [\"B\"]\n").expect_err("weak");
        assert_eq!(e.key.as_deref(), Some("brand[0].weak_names[0]"));
        let e = parse("[[brand]]\nname = \"A\"\nmodels = [\"(\"]\n").expect_err("regex");
        assert_eq!(e.key.as_deref(), Some("brand[0].models[0]"));

        let e = parse("[pricing]\nfar_below_ratio = 2.0\n").expect_err("ratio");
        assert_eq!(e.key.as_deref(), Some("pricing.far_below_ratio"));
    }

    #[test]
    fn a_seller_name_in_traditional_characters_is_the_registrys_simplified_one() {
        let r = parse("[[brand]]\nname = \"Huawei\"\nauthorised_sellers = [\"华为官方旗舰店\"]\n")
            .expect("valid");
        let b = &r.brands[0];
        assert!(b.is_authorised(Some("華為官方旗艦店"), None));
        assert!(b.is_authorised(Some("华为官方旗舰店"), None));
        assert!(!b.is_authorised(Some("華為專賣店"), None));
    }

    #[test]
    fn authorisation_by_name_url_host_and_id() {
        let b = Brand {
            name: "Nike".into(),
            authorised_sellers: vec![
                "Nike Official Store".into(),
                "https://www.dhgate.com/store/12345".into(),
                "nike.en.alibaba.com".into(),
            ],
            authorised_seller_ids: vec!["220145".into()],
            ..Brand::default()
        };
        assert!(b.is_authorised(Some("nike  official store"), None));
        assert!(!b.is_authorised(Some("N\u{0456}ke Official Store"), None));
        assert!(b.is_authorised(None, Some("https://dhgate.com/store/12345/products")));
        assert!(!b.is_authorised(None, Some("https://dhgate.com/store/123456")));
        assert!(b.is_authorised(None, Some("https://nike.en.alibaba.com/productlist.html")));
        assert!(!b.is_authorised(None, Some("https://nike.en.alibaba.com.evil.cn/")));
        assert!(b.authorisation(None, None, Some("220145")).is_some());
        assert!(b.authorisation(None, None, Some("2201")).is_none());
    }
}
