//! Site profiles: the TOML that tells greysweep where a directory's listings are.
//!
//! A profile is parsed and compiled once (selectors, patterns) and is immutable after;
//! every mistake is a [`ConfigError`] naming file, line and key.

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;
use scraper::{ElementRef, Selector};
use serde::Deserialize;
use url::Url;

use super::collapse_whitespace;
use crate::config::{ConfigError, parse_toml, read_file};

/// The fields a listing rule may fill.
pub const FIELD_NAMES: &[&str] = &[
    "title",
    "price",
    "moq",
    "seller_name",
    "seller_url",
    "location",
    "product_url",
    "product_id",
    "description",
];

/// A compiled site profile.
#[derive(Debug, Clone)]
pub struct SiteProfile {
    /// Site label used in outputs (`alibaba`, `made-in-china`, `demo`).
    pub name: String,
    /// Where a sweep of this site starts.
    pub start_urls: Vec<Url>,
    /// Hosts in scope. `example.com` matches that host only; `*.example.com` matches
    /// the host and every subdomain.
    pub hosts: Vec<String>,
    /// Extra block-page markers (besides [`super::DEFAULT_BLOCK_MARKERS`]).
    pub block_markers: Vec<String>,
    /// Page kinds, tried in order; the first whose pattern matches the URL applies.
    pub pages: Vec<PageRule>,
}

/// How to read one kind of page.
#[derive(Debug, Clone)]
pub struct PageRule {
    /// Name of the page kind (`search`, `product`, `store`).
    pub kind: String,
    /// Pattern matched against the URL's path and query.
    pub url_pattern: Regex,
    /// Each listing's container element; `None` means the page has no cards (JSON-LD only).
    pub listing: Option<Selector>,
    /// Field name → rule.
    pub fields: BTreeMap<String, FieldRule>,
    /// Links to follow (CSS selectors of `a[href]`).
    pub follow: Vec<Selector>,
    /// The next-page link.
    pub next_page: Option<Selector>,
}

/// Where one field comes from, inside a listing container.
#[derive(Debug, Clone)]
pub struct FieldRule {
    selector: Selector,
    attr: Option<String>,
}

impl FieldRule {
    /// The field's value in `card`, normalised; `None` when absent or empty.
    pub fn apply(&self, card: ElementRef<'_>) -> Option<String> {
        let el = card.select(&self.selector).next()?;
        let raw = match &self.attr {
            Some(a) => el.value().attr(a)?.to_string(),
            None => el.text().collect::<String>(),
        };
        Some(collapse_whitespace(&raw)).filter(|s| !s.is_empty())
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: String,
    start_urls: Vec<String>,
    hosts: Vec<String>,
    #[serde(default)]
    block_markers: Vec<String>,
    #[serde(default, rename = "page")]
    pages: Vec<RawPage>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    kind: String,
    url_pattern: String,
    #[serde(default)]
    listing: Option<String>,
    #[serde(default)]
    fields: BTreeMap<String, RawField>,
    #[serde(default)]
    follow: Vec<String>,
    #[serde(default)]
    next_page: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawField {
    css: String,
    #[serde(default)]
    attr: Option<String>,
}

impl SiteProfile {
    /// Reads and compiles the profile at `file`.
    pub fn load(file: &Path) -> Result<Self, ConfigError> {
        let src = read_file(file)?;
        Self::from_toml(file, &src)
    }

    /// Compiles a profile from its TOML text (`file` names it in errors).
    pub fn from_toml(file: &Path, src: &str) -> Result<Self, ConfigError> {
        let raw: RawProfile = parse_toml(file, src)?;
        let err = |key: String, msg: String| ConfigError::at_key(file, src, &key, msg);
        if raw.name.trim().is_empty() {
            return Err(err("name".into(), "must not be empty".into()));
        }
        if raw.start_urls.is_empty() {
            return Err(err("start_urls".into(), "needs at least one URL".into()));
        }
        let mut start_urls = Vec::new();
        for (i, s) in raw.start_urls.iter().enumerate() {
            let u = Url::parse(s).map_err(|e| {
                err(
                    format!("start_urls[{i}]"),
                    format!("not a URL ({e}): {s:?}"),
                )
            })?;
            if !matches!(u.scheme(), "http" | "https") {
                return Err(err(
                    format!("start_urls[{i}]"),
                    "must be http or https".into(),
                ));
            }
            start_urls.push(u);
        }
        if raw.hosts.is_empty() {
            return Err(err("hosts".into(), "needs at least one host".into()));
        }
        let hosts: Vec<String> = raw
            .hosts
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        let mut pages = Vec::new();
        for (i, p) in raw.pages.into_iter().enumerate() {
            let key = |k: &str| format!("page[{i}].{k}");
            let sel = |k: String, css: &str| {
                Selector::parse(css)
                    .map_err(|e| err(k, format!("invalid CSS selector {css:?}: {e}")))
            };
            let url_pattern = Regex::new(&p.url_pattern).map_err(|e| {
                err(
                    key("url_pattern"),
                    format!("invalid regular expression: {e}"),
                )
            })?;
            let listing = p
                .listing
                .as_deref()
                .map(|c| sel(key("listing"), c))
                .transpose()?;
            let mut fields = BTreeMap::new();
            for (name, f) in p.fields {
                if !FIELD_NAMES.contains(&name.as_str()) {
                    return Err(err(
                        format!("page[{i}].fields.{name}"),
                        format!("unknown field; expected one of {}", FIELD_NAMES.join(", ")),
                    ));
                }
                let selector = sel(format!("page[{i}].fields.{name}.css"), &f.css)?;
                fields.insert(
                    name,
                    FieldRule {
                        selector,
                        attr: f.attr,
                    },
                );
            }
            let follow = p
                .follow
                .iter()
                .enumerate()
                .map(|(j, c)| sel(format!("page[{i}].follow[{j}]"), c))
                .collect::<Result<_, _>>()?;
            let next_page = p
                .next_page
                .as_deref()
                .map(|c| sel(key("next_page"), c))
                .transpose()?;
            pages.push(PageRule {
                kind: p.kind,
                url_pattern,
                listing,
                fields,
                follow,
                next_page,
            });
        }
        let profile = SiteProfile {
            name: raw.name,
            start_urls,
            hosts,
            block_markers: raw.block_markers,
            pages,
        };
        for (i, u) in profile.start_urls.iter().enumerate() {
            if !profile.in_scope(u) {
                return Err(err(
                    format!("start_urls[{i}]"),
                    format!("host {:?} is not in `hosts`", u.host_str().unwrap_or("")),
                ));
            }
        }
        Ok(profile)
    }

    /// Whether `url`'s host is in this profile's scope.
    pub fn in_scope(&self, url: &Url) -> bool {
        let Some(host) = url.host_str() else {
            return false;
        };
        let host = host.to_ascii_lowercase();
        self.hosts.iter().any(|h| match h.strip_prefix("*.") {
            Some(domain) => host == domain || host.ends_with(&format!(".{domain}")),
            None => host == *h,
        })
    }

    /// The page rule for `url`, if any.
    pub fn page_for(&self, url: &Url) -> Option<&PageRule> {
        let tail = &url[url::Position::BeforePath..];
        self.pages.iter().find(|p| p.url_pattern.is_match(tail))
    }
}
