//! Detection: brand registry + listing text → findings with reasons and risk.
//!
//! Pure and synchronous: a [`Detector`] is built once from a [`Registry`] and then judges
//! listings without I/O. It does not decide what to crawl or how outputs look; it only says
//! which brand a listing names, how the name matched, whether the seller is authorised,
//! and how risky the listing is, with the signals that raised the risk.

mod registry;

use std::fmt;

use serde::Serialize;

pub use registry::{Brand, Registry};

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
}

/// How a brand name was recognised.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum MatchKind {
    /// The brand's name, as written (case-insensitive).
    Exact,
    /// One of the brand's aliases.
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

/// A compiled matcher over a registry.
#[derive(Debug, Clone)]
pub struct Detector {
    registry: Registry,
    names: Vec<(usize, String, MatchKind)>,
}

impl Detector {
    /// Compiles the matcher.
    pub fn new(registry: Registry) -> Self {
        let mut names = Vec::new();
        for (i, b) in registry.brands.iter().enumerate() {
            names.push((i, b.name.to_lowercase(), MatchKind::Exact));
            for a in &b.aliases {
                names.push((i, a.to_lowercase(), MatchKind::Alias));
            }
        }
        Detector { registry, names }
    }

    /// The registry this detector was built from.
    pub fn registry(&self) -> &Registry {
        &self.registry
    }

    /// Every brand the listing names, one finding per brand.
    pub fn assess(&self, subject: &Subject<'_>) -> Vec<Finding> {
        let title = subject.title.to_lowercase();
        let mut out: Vec<Finding> = Vec::new();
        for (i, name, kind) in &self.names {
            let brand = &self.registry.brands[*i];
            if out.iter().any(|f| f.brand == brand.name) {
                continue;
            }
            let Some(at) = find_word(&title, name) else {
                continue;
            };
            let matched_text = subject
                .title
                .get(at..at + name.len())
                .unwrap_or(name)
                .to_string();
            let authorised = brand.is_authorised(subject.seller_name, subject.seller_url);
            let (category, risk, flagged, signal) = if authorised {
                (
                    Category::Authorised,
                    0,
                    false,
                    "seller is authorised for the brand",
                )
            } else {
                (
                    Category::UnauthorisedBrandUse,
                    60,
                    true,
                    "seller is not authorised for the brand",
                )
            };
            out.push(Finding {
                brand: brand.name.clone(),
                matched_text,
                match_kind: *kind,
                category,
                risk,
                signals: vec![signal.to_string()],
                flagged,
            });
        }
        out
    }
}

/// Byte offset of `needle` in `haystack` on word boundaries.
fn find_word(haystack: &str, needle: &str) -> Option<usize> {
    let mut start = 0;
    while let Some(pos) = haystack[start..].find(needle) {
        let at = start + pos;
        let end = at + needle.len();
        let before = haystack[..at].chars().next_back();
        let after = haystack[end..].chars().next();
        if !before.is_some_and(char::is_alphanumeric) && !after.is_some_and(char::is_alphanumeric) {
            return Some(at);
        }
        start = at + haystack[at..].chars().next().map_or(1, char::len_utf8);
    }
    None
}
