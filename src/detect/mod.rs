//! Detection: brand registry + listing text → findings with reasons and risk.
//!
//! Pure and synchronous: a [`Detector`] is built once from a [`Registry`] and then judges
//! listings without I/O. It does not decide what to crawl or how outputs look; it only says
//! which brand a listing names, how the name matched, whether the seller is authorised,
//! and how risky the listing is, with the signals that raised the risk.
//!
//! The pipeline for one listing: every text field is folded (`normalize`) and scanned
//! once by the compiled `matcher` (names, aliases, product lines, void contexts,
//! counterfeit indicators and compatibility phrases in one automaton, plus leetspeak and
//! misspelling lookups); void matches are dropped; then each brand named in the title or
//! description becomes one [`Finding`] whose category follows a fixed order:
//! authorised seller → `authorised`; only named as what the product fits →
//! `compatibility_mention`; indicator terms or a price far below the reference →
//! `counterfeit_indicators`; otherwise `unauthorised_brand_use`.

mod fuzzy;
mod matcher;
mod normalize;
mod price;
mod registry;
pub mod terms;

use std::fmt;

use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use matcher::{Evasion, Matcher, PatKind, PatternSpec, Role};
use normalize::{Class, Folded, fold_into};
pub use registry::{Brand, Money, PricedLine, Pricing, ProductLine, Registry, Terms};

/// The text of one listing that detection reads.
#[derive(Debug, Clone, Copy, Default)]
pub struct Subject<'a> {
    /// Listing title (the main input).
    pub title: &'a str,
    /// Further listing text (description, attributes).
    pub description: Option<&'a str>,
    /// Seller or store name as shown.
    pub seller_name: Option<&'a str>,
    /// Seller or store URL.
    pub seller_url: Option<&'a str>,
    /// Price text as shown (`US$ 12.50`, `¥18.00-20.00`).
    pub price: Option<&'a str>,
    /// The platform's seller id, when known (matched against `authorised_seller_ids`).
    pub seller_id: Option<&'a str>,
}

/// How a brand name was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The brand's name, as written (case-insensitive).
    Exact,
    /// One of the brand's aliases or product lines.
    Alias,
    /// Look-alike characters from other scripts or fullwidth forms.
    Homoglyph,
    /// Separators or zero-width characters inside the name (`L.V.`, `Lou-is Vuit ton`).
    Spacing,
    /// Digits or symbols for letters (`N1ke`, `$amsung`).
    Leetspeak,
    /// A repeated, dropped or changed letter in a long enough name.
    Typo,
}

/// What kind of problem a match is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    /// Brand plus counterfeit-indicator terms, or a price far below the reference.
    CounterfeitIndicators,
    /// Brand used by a seller not authorised for it.
    UnauthorisedBrandUse,
    /// Brand named only as what the product fits (low risk, not flagged by default).
    CompatibilityMention,
    /// Brand sold by an authorised seller (never flagged).
    Authorised,
}

macro_rules! snake_display {
    ($t:ty) => {
        impl fmt::Display for $t {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                let v = serde_json::to_value(self).map_err(|_| fmt::Error)?;
                f.write_str(v.as_str().unwrap_or_default())
            }
        }
    };
}
snake_display!(MatchKind);
snake_display!(Category);

/// One brand matched in one listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// The registry's canonical brand name.
    pub brand: String,
    /// The listing text that matched, as written in the listing.
    pub matched_text: String,
    /// How it matched.
    pub match_kind: MatchKind,
    /// What kind of problem it is.
    pub category: Category,
    /// Risk score 0–100.
    pub risk: u8,
    /// Why: the signals that raised (or lowered) the risk, in words.
    pub signals: Vec<String>,
    /// Whether this finding belongs in the audit.
    pub flagged: bool,
    /// The registry name, alias or product line the match stands for.
    pub matched_name: String,
    /// Which field the match was in: `title` or `description`.
    pub field: &'static str,
}

impl Finding {
    /// `high` (≥ 70), `medium` (≥ 40) or `low`.
    pub fn risk_level(&self) -> &'static str {
        match self.risk {
            70.. => "high",
            40.. => "medium",
            _ => "low",
        }
    }
}

/// Choices about what gets flagged.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct DetectorOptions {
    /// Flag `compatibility_mention` findings too (default: reported, not flagged).
    pub flag_compatibility: bool,
}

/// Default fraction of the reference price below which a price is a counterfeit signal.
pub const DEFAULT_FAR_BELOW_RATIO: f64 = 0.3;
/// Descriptions longer than this are cut (at a char boundary) before matching.
const MAX_DESCRIPTION_BYTES: usize = 16 * 1024;
/// Words that may sit between a compatibility phrase and the brand (`for the new Apple`).
const COMPAT_FILLERS: &[&[u8]] = &[
    b"the",
    b"all",
    b"new",
    b"most",
    b"your",
    b"any",
    b"original",
    b"genuine",
    b"oem",
    b"and",
    b"or",
    b"with",
];

/// A compiled matcher over a registry. Cheap to share behind an `Arc`; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct Detector {
    registry: Registry,
    matcher: Matcher,
    options: DetectorOptions,
    far_below: f64,
}

/// One brand hit after voids and overlaps are resolved.
#[derive(Debug, Clone, Copy)]
struct Mention {
    brand: u32,
    role: Role,
    start: usize,
    end: usize,
    evasion: Evasion,
    text: u32,
}

/// A listing with every field scanned.
struct Scanned<'s, 'a> {
    subject: &'s Subject<'a>,
    title: FieldScan,
    description: Option<FieldScan>,
    description_text: &'a str,
    seller: Option<FieldScan>,
    store: Option<FieldScan>,
    host: Option<String>,
}

/// Everything found in one field.
#[derive(Debug)]
struct FieldScan {
    folded: Folded,
    mentions: Vec<Mention>,
    indicators: Vec<(u32, usize, usize)>,
    compat: Vec<(usize, usize, u32)>,
    suffixes: Vec<(usize, usize, u32)>,
}

impl Drop for FieldScan {
    fn drop(&mut self) {
        scratch::give_folded(std::mem::take(&mut self.folded));
    }
}

mod scratch {
    //! Per-thread buffers reused from one listing to the next, so judging a listing does
    //! not allocate its working memory afresh. Nothing in them outlives a call to `assess`;
    //! the detector itself stays immutable and shareable. At most a few buffers per thread
    //! are kept.

    use std::cell::RefCell;

    use super::matcher::Hit;
    use super::normalize::Folded;

    const KEEP: usize = 8;
    /// Buffers grown by long descriptions are dropped rather than kept.
    const MAX_KEPT_CHARS: usize = 4096;

    thread_local! {
        static FOLDED: RefCell<Vec<Folded>> = const { RefCell::new(Vec::new()) };
        static HITS: RefCell<Vec<Vec<Hit>>> = const { RefCell::new(Vec::new()) };
    }

    pub(super) fn take_folded() -> Folded {
        FOLDED
            .try_with(|p| p.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub(super) fn give_folded(f: Folded) {
        if f.pos.capacity() > MAX_KEPT_CHARS {
            return;
        }
        let _ = FOLDED.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < KEEP {
                p.push(f);
            }
        });
    }

    pub(super) fn take_hits() -> Vec<Hit> {
        HITS.try_with(|p| p.borrow_mut().pop())
            .ok()
            .flatten()
            .unwrap_or_default()
    }

    pub(super) fn give_hits(mut h: Vec<Hit>) {
        h.clear();
        let _ = HITS.try_with(|p| {
            let mut p = p.borrow_mut();
            if p.len() < KEEP {
                p.push(h);
            }
        });
    }
}

impl Detector {
    /// Compiles the matcher with default options.
    pub fn new(registry: Registry) -> Self {
        Self::with_options(registry, DetectorOptions::default())
    }

    /// Compiles the matcher.
    pub fn with_options(registry: Registry, options: DetectorOptions) -> Self {
        let terms = terms::effective(&registry.terms);
        let mut specs = Vec::new();
        for (i, b) in registry.brands.iter().enumerate() {
            let brand = i as u32;
            let mut push = |text: &str, kind: PatKind| {
                specs.push(PatternSpec {
                    text: text.to_string(),
                    kind,
                })
            };
            push(
                &b.name,
                PatKind::Brand {
                    brand,
                    role: Role::Name,
                },
            );
            for a in &b.aliases {
                push(
                    a,
                    PatKind::Brand {
                        brand,
                        role: Role::Alias,
                    },
                );
            }
            for p in &b.product_lines {
                push(
                    p.name(),
                    PatKind::Brand {
                        brand,
                        role: Role::ProductLine,
                    },
                );
            }
            for v in &b.void_contexts {
                push(v, PatKind::VoidContext { brand });
            }
            for v in &b.void_terms {
                push(v, PatKind::VoidTerm { brand });
            }
        }
        for (j, t) in terms.counterfeit_indicators.iter().enumerate() {
            specs.push(PatternSpec {
                text: t.clone(),
                kind: PatKind::Indicator { term: j as u32 },
            });
        }
        for t in &terms.indicator_exclusions {
            specs.push(PatternSpec {
                text: t.clone(),
                kind: PatKind::IndicatorExclusion,
            });
        }
        for (j, t) in terms.compatibility_phrases.iter().enumerate() {
            specs.push(PatternSpec {
                text: t.clone(),
                kind: PatKind::Compat { term: j as u32 },
            });
        }
        for (j, t) in terms.compatibility_suffixes.iter().enumerate() {
            specs.push(PatternSpec {
                text: t.clone(),
                kind: PatKind::CompatSuffix { term: j as u32 },
            });
        }
        let typo: Vec<bool> = registry.brands.iter().map(|b| b.typo_tolerance).collect();
        let matcher = Matcher::new(specs, &terms.typo_exclusions, &typo);
        let far_below = registry
            .pricing
            .far_below_ratio
            .unwrap_or(DEFAULT_FAR_BELOW_RATIO);
        Detector {
            registry,
            matcher,
            options,
            far_below,
        }
    }

    /// The registry this detector was built from.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// The options this detector was built with.
    pub fn options(&self) -> DetectorOptions {
        self.options
    }

    fn scan_field(&self, text: &str) -> FieldScan {
        let mut scan = FieldScan {
            folded: scratch::take_folded(),
            mentions: Vec::new(),
            indicators: Vec::new(),
            compat: Vec::new(),
            suffixes: Vec::new(),
        };
        fold_into(text, &mut scan.folded);
        let mut hits = scratch::take_hits();
        self.matcher.scan(&scan.folded, &mut hits);
        if hits.is_empty() {
            scratch::give_hits(hits);
            return scan;
        }
        let mut mentions: Vec<Mention> = Vec::new();
        for h in &hits {
            let PatKind::Brand { brand, role } = h.kind else {
                continue;
            };
            let void = hits.iter().any(|v| match v.kind {
                PatKind::VoidContext { brand: b } => {
                    b == brand && v.start < h.end && h.start < v.end
                }
                PatKind::VoidTerm { brand: b } => b == brand,
                _ => false,
            });
            if !void {
                mentions.push(Mention {
                    brand,
                    role,
                    start: h.start,
                    end: h.end,
                    evasion: h.evasion,
                    text: h.text,
                });
            }
        }
        // A hit strictly inside a longer hit (of any brand) is part of that name; of two
        // hits of one brand on overlapping text, keep the plainer, then the longer.
        mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
        let mut kept: Vec<Mention> = Vec::new();
        for m in mentions {
            let shadowed = kept.iter().any(|k| {
                let inside =
                    k.start <= m.start && m.end <= k.end && (k.end - k.start) > (m.end - m.start);
                let overlap_same = k.brand == m.brand && k.start < m.end && m.start < k.end;
                inside || overlap_same
            });
            if let Some(pos) = kept.iter().position(|k| {
                k.brand == m.brand
                    && k.start == m.start
                    && k.end == m.end
                    && k.evasion.any()
                    && !m.evasion.any()
            }) {
                kept[pos] = m;
                continue;
            }
            if !shadowed {
                kept.push(m);
            }
        }
        scan.mentions = kept;
        let exclusions: Vec<(usize, usize)> = hits
            .iter()
            .filter(|h| h.kind == PatKind::IndicatorExclusion)
            .map(|h| (h.start, h.end))
            .collect();
        for h in &hits {
            match h.kind {
                PatKind::Indicator { .. }
                    if !exclusions.iter().any(|&(s, e)| s < h.end && h.start < e)
                        && !scan.indicators.iter().any(|&(t, _, _)| t == h.text) =>
                {
                    scan.indicators.push((h.text, h.start, h.end));
                }
                PatKind::Compat { .. } => scan.compat.push((h.start, h.end, h.text)),
                PatKind::CompatSuffix { .. } => scan.suffixes.push((h.start, h.end, h.text)),
                _ => {}
            }
        }
        scratch::give_hits(hits);
        // Indicators nested in a longer indicator (`aaa` in `grade aaa`) are one term.
        let all = scan.indicators.clone();
        scan.indicators.retain(|&(_, s, e)| {
            !all.iter()
                .any(|&(_, s2, e2)| s2 <= s && e <= e2 && (e2 - s2) > (e - s))
        });
        scan
    }

    /// Every brand the listing names, one finding per brand.
    pub fn assess(&self, subject: &Subject<'_>) -> Vec<Finding> {
        let title = self.scan_field(subject.title);
        let description_text = subject.description.map(|d| cut(d, MAX_DESCRIPTION_BYTES));
        let description = description_text.map(|d| self.scan_field(d));
        let mut order: Vec<u32> = Vec::new();
        for m in title
            .mentions
            .iter()
            .chain(description.iter().flat_map(|d| d.mentions.iter()))
        {
            if !order.contains(&m.brand) {
                order.push(m.brand);
            }
        }
        if order.is_empty() {
            return Vec::new();
        }
        let host = subject.seller_url.and_then(url_host);
        let listing = Scanned {
            subject,
            store: host.as_deref().map(|h| self.scan_field(h)),
            host,
            seller: subject.seller_name.map(|s| self.scan_field(s)),
            title,
            description,
            description_text: description_text.unwrap_or(""),
        };
        order
            .into_iter()
            .filter_map(|b| self.judge(b, &listing))
            .collect()
    }

    /// The finding for brand `b` in a scanned listing.
    fn judge(&self, b: u32, listing: &Scanned<'_, '_>) -> Option<Finding> {
        let Scanned {
            subject,
            title,
            description,
            description_text,
            seller,
            store,
            host,
        } = listing;
        let (description, seller, store, host) = (
            description.as_ref(),
            seller.as_ref(),
            store.as_ref(),
            host.as_deref(),
        );
        let brand = self.registry.brands.get(b as usize)?;
        let in_title: Vec<&Mention> = title.mentions.iter().filter(|m| m.brand == b).collect();
        let (field, scan, text, mentions) = if in_title.is_empty() {
            let d = description?;
            let ms: Vec<&Mention> = d.mentions.iter().filter(|m| m.brand == b).collect();
            ("description", d, *description_text, ms)
        } else {
            ("title", title, subject.title, in_title)
        };
        let primary = *mentions.first()?;
        let matched_text = scan
            .folded
            .original(text, primary.start, primary.end)
            .to_string();
        let matched_name = self.matcher.text(primary.text).to_string();
        let match_kind = kind_of(primary, &matched_text, &matched_name);

        let mut signals = Vec::new();
        let how = match match_kind {
            MatchKind::Exact => "its name".to_string(),
            MatchKind::Alias => match primary.role {
                Role::ProductLine => format!("product line {matched_name:?}"),
                _ => format!("alias {matched_name:?}"),
            },
            other => format!("{matched_name:?} ({})", kind_words(other)),
        };
        signals.push(format!(
            "{field} names {} as {:?}, matching {how}",
            brand.name, matched_text
        ));
        for m in mentions.iter().skip(1).take(3) {
            let written = scan.folded.original(text, m.start, m.end);
            let name = self.matcher.text(m.text);
            signals.push(format!(
                "also named as {written:?} ({}, for {name:?})",
                kind_of(m, written, name)
            ));
        }
        // Evasions of every mention not written as the registry spells it.
        let mut evasion = Evasion::default();
        for m in &mentions {
            let written = scan.folded.original(text, m.start, m.end);
            if !matches!(
                kind_of(m, written, self.matcher.text(m.text)),
                MatchKind::Exact | MatchKind::Alias
            ) {
                evasion.homoglyph |= m.evasion.homoglyph;
                evasion.leet |= m.evasion.leet;
                evasion.spacing |= m.evasion.spacing;
                evasion.typo |= m.evasion.typo;
            }
        }
        let evasion_words = evasion_words(evasion);
        for w in &evasion_words {
            signals.push(format!("name disguised: {w}"));
        }

        // Counterfeit indicators in the title and the description.
        let mut indicators: Vec<String> = Vec::new();
        for s in std::iter::once(title).chain(description) {
            for &(t, _, _) in &s.indicators {
                let t = self.matcher.text(t).to_string();
                if !indicators.contains(&t) {
                    indicators.push(t);
                }
            }
        }

        // Authorisation comes first: authorised sellers are never flagged.
        if let Some(entry) =
            brand.authorisation(subject.seller_name, subject.seller_url, subject.seller_id)
        {
            signals.push(format!(
                "seller is authorised for {} ({entry:?})",
                brand.name
            ));
            for t in &indicators {
                signals.push(format!(
                    "counterfeit indicator {t:?} ignored: the seller is authorised"
                ));
            }
            return Some(Finding {
                brand: brand.name.clone(),
                matched_text,
                match_kind,
                category: Category::Authorised,
                risk: 0,
                signals,
                flagged: false,
                matched_name,
                field,
            });
        }

        // A product line's own reference price beats the brand's.
        let line_price = mentions.iter().find_map(|m| {
            (m.role == Role::ProductLine)
                .then(|| {
                    let name = self.matcher.text(m.text);
                    brand
                        .product_lines
                        .iter()
                        .find(|p| p.name() == name)
                        .and_then(|p| p.reference_price().map(|r| (p.name(), r)))
                })
                .flatten()
        });
        let price_signal = self.price_signal(brand, line_price, subject.price);
        let compat = mentions.iter().all(|m| self.is_compat(scan, m));

        let seller_uses = seller.is_some_and(|s| s.mentions.iter().any(|m| m.brand == b));
        let store_uses = store.is_some_and(|s| s.mentions.iter().any(|m| m.brand == b));

        let (category, mut risk) = if !indicators.is_empty() {
            (Category::CounterfeitIndicators, 80i32)
        } else if compat {
            (Category::CompatibilityMention, 15)
        } else if price_signal.is_some() {
            (Category::CounterfeitIndicators, 75)
        } else {
            (Category::UnauthorisedBrandUse, 55)
        };

        for t in &indicators {
            signals.push(format!("counterfeit indicator {t:?}"));
        }
        if indicators.len() > 1 {
            risk += 5 * (indicators.len() as i32 - 1).min(2);
        }
        if compat && category == Category::CompatibilityMention {
            signals.push(format!(
                "{} is named only as what the product fits (compatibility phrase)",
                brand.name
            ));
        }
        if let Some(p) = &price_signal {
            signals.push(p.clone());
            if category != Category::CompatibilityMention && !indicators.is_empty() {
                risk += 5;
            }
        }
        if !evasion_words.is_empty() {
            risk += if category == Category::UnauthorisedBrandUse {
                10
            } else {
                5
            };
        }
        match (subject.seller_name, subject.seller_url) {
            (None, None) => signals.push(format!(
                "no seller given, so no authorisation for {}",
                brand.name
            )),
            (name, url) => {
                let who = name.or(url).map(|s| format!("{s:?}")).unwrap_or_default();
                signals.push(format!("seller {who} is not authorised for {}", brand.name));
            }
        }
        if seller_uses && let Some(name) = subject.seller_name {
            signals.push(format!("seller name {name:?} uses the brand name"));
            risk += 10;
        }
        if store_uses && let Some(h) = host {
            signals.push(format!("store address {h:?} uses the brand name"));
            risk += 5;
        }
        if field == "description" {
            signals.push("brand named only in the description".to_string());
            risk -= 15;
        }
        if category == Category::CompatibilityMention {
            risk = risk.min(35);
        }
        let risk = risk.clamp(0, 100) as u8;
        let flagged = match category {
            Category::CounterfeitIndicators | Category::UnauthorisedBrandUse => true,
            Category::CompatibilityMention => self.options.flag_compatibility,
            Category::Authorised => false,
        };
        Some(Finding {
            brand: brand.name.clone(),
            matched_text,
            match_kind,
            category,
            risk,
            signals,
            flagged,
            matched_name,
            field,
        })
    }

    /// Whether a mention sits right after a compatibility phrase (`compatible with`,
    /// `for`, `适用于`) or right before a compatibility suffix (`compatible`, `兼容`).
    /// Between them may sit other brand names, model numbers and a few filler words.
    fn is_compat(&self, scan: &FieldScan, m: &Mention) -> bool {
        let f = &scan.folded;
        let tokens_between = |from: usize, to: usize| -> Option<usize> {
            // Tokens strictly between skeleton byte offsets `from` (exclusive end of the
            // left item) and `to` (start of the right item), if all are skippable.
            if from > to {
                return None;
            }
            let mut count = 0;
            let mut i = from;
            while i < to {
                let tok = f.pos[i].token;
                let start = i;
                while i < to && f.pos[i].token == tok {
                    i += 1;
                }
                let word = &f.skeleton[start..i];
                let covered = scan.mentions.iter().any(|o| o.start <= start && i <= o.end);
                if covered {
                    // Other brand names and product lines (`for Apple iPhone`) are free.
                    continue;
                }
                let skippable = f.pos[start].class == Class::Digit
                    || word.iter().any(u8::is_ascii_digit)
                    || COMPAT_FILLERS.contains(&word);
                if !skippable {
                    return None;
                }
                count += 1;
            }
            Some(count)
        };
        let before = scan
            .compat
            .iter()
            .any(|&(_, e, _)| e <= m.start && tokens_between(e, m.start).is_some_and(|n| n <= 3));
        let after = scan
            .suffixes
            .iter()
            .any(|&(s, _, _)| s >= m.end && tokens_between(m.end, s).is_some_and(|n| n <= 2));
        before || after
    }

    fn price_signal(
        &self,
        brand: &Brand,
        line: Option<(&str, &Money)>,
        price: Option<&str>,
    ) -> Option<String> {
        let (what, reference) = match line {
            Some((name, r)) => (format!("{name:?}"), r),
            None => (brand.name.clone(), brand.reference_price.as_ref()?),
        };
        let text = price?;
        let parsed = price::parse(text)?;
        let rates = &self.registry.pricing.usd_rates;
        let ref_usd = reference.amount * price::usd_rate(&reference.currency, rates)?;
        let (usd, assumed) = match parsed.currency {
            Some(c) => (parsed.amount * price::usd_rate(c, rates)?, false),
            None => (
                parsed.amount * price::usd_rate(&reference.currency, rates)?,
                true,
            ),
        };
        let ratio = usd / ref_usd;
        if ratio >= self.far_below {
            return None;
        }
        let pct = (ratio * 100.0).max(0.0);
        let pct = if pct < 1.0 {
            "under 1%".to_string()
        } else {
            format!("{pct:.0}%")
        };
        Some(format!(
            "price {text:?}{} is {pct} of the reference price of {what}, {:.2} {} (below {:.0}%)",
            if assumed {
                format!(" (read as {})", reference.currency)
            } else {
                String::new()
            },
            reference.amount,
            reference.currency,
            self.far_below * 100.0
        ))
    }
}

/// The host and path of a store URL (or of `host/path` text without a scheme), without
/// scheme, query or trailing slash: the part of the address a seller chooses.
fn url_host(u: &str) -> Option<String> {
    let u = u.trim();
    let parsed = if u.contains("://") {
        url::Url::parse(u).ok()?
    } else {
        url::Url::parse(&format!("https://{u}")).ok()?
    };
    let host = parsed.host_str()?.to_ascii_lowercase();
    let path = parsed.path().trim_end_matches('/');
    Some(format!("{host}{path}"))
}

/// `s` cut to at most `max` bytes at a char boundary.
fn cut(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut i = max;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    &s[..i]
}

/// Lowercase, canonical composition, whitespace runs as one space: the spelling as
/// written, without folding look-alikes (fullwidth `Ｎｉｋｅ` stays different from `nike`).
fn nfc_lower(s: &str) -> String {
    let lower: String = s.nfc().flat_map(char::to_lowercase).collect();
    lower.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kind_of(m: &Mention, matched_text: &str, name: &str) -> MatchKind {
    // Written exactly like the registry has it (modulo case and spaces): no evasion, even
    // if the registry's own spelling is non-ASCII (`Hermès`).
    if nfc_lower(matched_text) == nfc_lower(name) && !m.evasion.typo {
        return match m.role {
            Role::Name => MatchKind::Exact,
            Role::Alias | Role::ProductLine => MatchKind::Alias,
        };
    }
    let e = m.evasion;
    if e.typo {
        MatchKind::Typo
    } else if e.homoglyph {
        MatchKind::Homoglyph
    } else if e.leet {
        MatchKind::Leetspeak
    } else if e.spacing {
        MatchKind::Spacing
    } else {
        match m.role {
            Role::Name => MatchKind::Exact,
            Role::Alias | Role::ProductLine => MatchKind::Alias,
        }
    }
}

fn kind_words(k: MatchKind) -> &'static str {
    match k {
        MatchKind::Exact => "exact",
        MatchKind::Alias => "alias",
        MatchKind::Homoglyph => "look-alike characters",
        MatchKind::Spacing => "separators inside the name",
        MatchKind::Leetspeak => "leetspeak",
        MatchKind::Typo => "misspelling",
    }
}

fn evasion_words(e: Evasion) -> Vec<&'static str> {
    let mut out = Vec::new();
    if e.homoglyph {
        out.push("look-alike characters from other scripts or fullwidth forms");
    }
    if e.leet {
        out.push("digits or symbols for letters (leetspeak)");
    }
    if e.spacing {
        out.push("separators or invisible characters inside the name");
    }
    if e.typo {
        out.push("misspelling (repeated, dropped or changed letter)");
    }
    out
}

#[cfg(test)]
mod tests;
