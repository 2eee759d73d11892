//! Site profiles: the TOML that tells greysweep where a directory's listings are.
//!
//! A profile is parsed and compiled once (selectors, patterns, JSON paths, templates) and is
//! immutable after; every mistake is a [`ConfigError`] naming file, line and key. The
//! profile language is documented in `docs/profiles.md`; the original keys (`listing` as a
//! CSS string, `fields.<f> = { css, attr }`, `follow`, `next_page` as CSS) keep their
//! meaning. This module only compiles; applying a profile lives in the parent module.

use std::collections::BTreeMap;
use std::path::Path;

use regex::Regex;
use scraper::Selector;
use serde::Deserialize;
use url::Url;

use super::path::JsonPath;
use super::rules::{Pick, Post, Rule, Source, TemplatePart};
use crate::canonical::{ParamPattern, QueryRules};
use crate::config::{ConfigError, parse_toml, read_file};

/// The fields a listing rule may fill. Names starting with `_` are helper fields: they can
/// be used in templates but are not part of the listing.
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
    "seller_id",
];

/// Fields whose values are links, made absolute against the page's base URL.
pub const URL_FIELDS: &[&str] = &["seller_url", "product_url"];

/// The fixed fields of a seller record (`[page.seller]`); `extra.<name>` adds free ones.
pub const SELLER_FIELDS: &[&str] = &["seller_id", "name", "url", "location"];

/// The fixed columns of `sellers.csv`, in order; one column per extra seller field
/// follows, sorted by name. Re-exported as `output::SELLER_COLUMNS`.
pub const SELLER_COLUMNS: &[&str] = &[
    "site",
    "seller_id",
    "name",
    "url",
    "location",
    "listings",
    "first_seen",
    "last_seen",
    "page_url",
    "fetched_at",
    "http_status",
    "page_sha256",
    "warc_file",
    "warc_record_id",
];

/// Whether an extra seller field may not take `name`: a column of `sellers.csv`, or the
/// template variable `page` or the `extra` table itself.
pub fn reserved_seller_name(name: &str) -> bool {
    SELLER_COLUMNS.contains(&name) || matches!(name, "page" | "extra")
}

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
    /// Which query parameters survive canonicalisation (`default_strip`, `strip_params`,
    /// `keep_params`, `sort_params`).
    pub query: QueryRules,
    /// `follow_sellers = true`: every listing's `seller_url` is followed (whatever the page
    /// kind or extraction method), so a kind with `[page.seller]` can read the seller page.
    pub follow_sellers: bool,
}

/// How to read one kind of page.
#[derive(Debug, Clone)]
pub struct PageRule {
    /// Name of the page kind (`search`, `product`, `store`).
    pub kind: String,
    /// Pattern matched against the URL's path and query.
    pub url_pattern: Regex,
    /// Each listing's container element (CSS); see also [`PageRule::listing_source`].
    pub listing: Option<Selector>,
    /// Where the listings are, tried in order until one yields cards: CSS elements or a
    /// JSON array. Empty: the whole page is one listing (detail pages).
    pub listing_sources: Vec<ListingSource>,
    /// Field name → rule chain (helper fields `_name` included).
    pub fields: BTreeMap<String, FieldRule>,
    /// Drop listings that lack any of these fields.
    pub require: Vec<String>,
    /// Keep only the first listing for each value of this field.
    pub unique: Option<String>,
    /// Links to follow (CSS selectors of `a[href]`).
    pub follow: Vec<Selector>,
    /// Listing fields whose links are followed (`product_url`, `seller_url`).
    pub follow_fields: Vec<String>,
    /// The next-page link (CSS), kept for the original profile form.
    pub next_page: Option<Selector>,
    /// The next page as a rule chain (link, JSON URL rule, template).
    pub next_page_rule: Option<FieldRule>,
    /// Stop paginating after this page number.
    pub max_pages: Option<u32>,
    /// Query parameter holding the current page number (default `page`).
    pub page_param: String,
    /// Pattern whose group 1 is the current page number in the URL (overrides
    /// `page_param`).
    pub page_pattern: Option<Regex>,
    /// What a healthy sweep of this kind yields (`expect = { … }`); a sweep that falls
    /// short warns (see `crate::health`).
    pub expect: Option<Expectation>,
    /// `auto = true|false`: whether automatic extraction reads pages of this kind when
    /// its rules find no listing. Unset: every finder for kinds with `listing` or `fields`;
    /// for kinds that only `follow` links, only what the page declares (schema.org data).
    pub auto: Option<bool>,
    /// `[page.seller]`: the seller record pages of this kind carry (a seller's profile or
    /// store page), joined onto that seller's listings when outputs are written.
    pub seller: Option<SellerRule>,
}

/// How a page kind reads a seller record: `[page.seller]`, evaluated over the whole page.
#[derive(Debug, Clone)]
pub struct SellerRule {
    /// Rule chains by name: the fixed [`SELLER_FIELDS`], extra fields by their own name,
    /// and helper fields (`_…`) usable in templates.
    pub fields: BTreeMap<String, FieldRule>,
    /// The extra fields' names (`extra.<name>`), sorted.
    pub extras: Vec<String>,
}

/// A page kind's expectations: `expect = { min_listings = 10, min_coverage = { price = 90 } }`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Expectation {
    /// Listings per page of this kind, on average over the sweep's pages of the kind.
    pub min_listings: Option<u32>,
    /// Field → the least share of this kind's listings (percent, 0–100) with a value.
    pub min_coverage: BTreeMap<String, f64>,
}

/// Where a page's listings are.
#[derive(Debug, Clone)]
pub enum ListingSource {
    /// Each element matching the selector is one listing.
    Css(Selector),
    /// Each element of a JSON array (in a script object, JSON-LD or the flight payload).
    Json(Box<Rule>),
}

/// A field's fallback chain: the first rule that yields a value wins.
#[derive(Debug, Clone)]
pub struct FieldRule {
    /// Rules in order.
    pub rules: Vec<Rule>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawProfile {
    name: String,
    start_urls: Vec<String>,
    hosts: Vec<String>,
    #[serde(default)]
    block_markers: Vec<String>,
    #[serde(default = "default_true")]
    default_strip: bool,
    #[serde(default)]
    strip_params: Option<Vec<String>>,
    #[serde(default)]
    keep_params: Option<Vec<String>>,
    #[serde(default = "default_true")]
    sort_params: bool,
    #[serde(default, rename = "page")]
    pages: Vec<RawPage>,
    #[serde(default)]
    follow_sellers: bool,
}

fn default_true() -> bool {
    true
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPage {
    kind: String,
    url_pattern: String,
    #[serde(default)]
    listing: Option<toml::Value>,
    #[serde(default)]
    fields: BTreeMap<String, toml::Value>,
    #[serde(default)]
    require: Vec<String>,
    #[serde(default)]
    unique: Option<String>,
    #[serde(default)]
    follow: Vec<String>,
    #[serde(default)]
    follow_fields: Vec<String>,
    #[serde(default)]
    next_page: Option<toml::Value>,
    #[serde(default)]
    max_pages: Option<u32>,
    #[serde(default)]
    page_param: Option<String>,
    #[serde(default)]
    page_pattern: Option<String>,
    #[serde(default)]
    expect: Option<RawExpect>,
    #[serde(default)]
    auto: Option<bool>,
    #[serde(default)]
    seller: Option<toml::Value>,
}

/// `expect = { min_listings = 10, min_coverage = { price = 90, seller_name = 80 } }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawExpect {
    #[serde(default)]
    min_listings: Option<u32>,
    #[serde(default)]
    min_coverage: BTreeMap<String, f64>,
}

/// One rule as written. Exactly one source key; the rest are options.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    css: Option<String>,
    attr: Option<String>,
    #[serde(default)]
    html: bool,
    exclude: Option<String>,
    contains: Option<String>,
    scope: Option<String>,
    closest: Option<String>,
    json: Option<String>,
    script: Option<String>,
    jsonld: Option<String>,
    #[serde(rename = "type")]
    type_: Option<String>,
    flight: Option<String>,
    regex: Option<String>,
    template: Option<String>,
    #[serde(default)]
    url_decode: bool,
    #[serde(default)]
    unescape: bool,
    split: Option<String>,
    pick: Option<toml::Value>,
    capture: Option<String>,
    #[serde(default)]
    remove: Vec<String>,
    #[serde(default)]
    tier_lower_bound: bool,
    page_placeholder: Option<String>,
    map: Option<BTreeMap<String, String>>,
    only_if: Option<RawGuard>,
}

/// `only_if = { field = "_min", matches = '^1$' }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGuard {
    field: String,
    matches: String,
}

/// Compiles rules of one profile, reporting against its file and text.
struct Compiler<'a> {
    file: &'a Path,
    src: &'a str,
}

impl Compiler<'_> {
    fn err(&self, key: &str, msg: impl Into<String>) -> ConfigError {
        ConfigError::at_key(self.file, self.src, key, msg)
    }

    fn selector(&self, key: &str, css: &str) -> Result<Selector, ConfigError> {
        Selector::parse(css)
            .map_err(|e| self.err(key, format!("invalid CSS selector {css:?}: {e}")))
    }

    fn regex(&self, key: &str, re: &str) -> Result<Regex, ConfigError> {
        Regex::new(re).map_err(|e| self.err(key, format!("invalid regular expression: {e}")))
    }

    fn path(&self, key: &str, p: &str) -> Result<JsonPath, ConfigError> {
        JsonPath::parse(p).map_err(|e| self.err(key, format!("invalid JSON path: {e}")))
    }

    /// A field value: a CSS string, one rule table, or an array of rule tables.
    fn chain(&self, key: &str, v: toml::Value) -> Result<FieldRule, ConfigError> {
        let rules = match v {
            toml::Value::String(css) => vec![self.rule(
                key,
                RawRule {
                    css: Some(css),
                    ..RawRule::default()
                },
            )?],
            toml::Value::Table(_) => vec![self.rule(key, self.raw_rule(key, v)?)?],
            toml::Value::Array(items) => {
                if items.is_empty() {
                    return Err(self.err(key, "a fallback chain needs at least one rule"));
                }
                let mut rules = Vec::new();
                for (i, item) in items.into_iter().enumerate() {
                    let k = format!("{key}[{i}]");
                    let raw = match item {
                        toml::Value::String(css) => RawRule {
                            css: Some(css),
                            ..RawRule::default()
                        },
                        other => self.raw_rule(&k, other)?,
                    };
                    rules.push(self.rule(&k, raw)?);
                }
                rules
            }
            _ => {
                return Err(self.err(
                    key,
                    "expected a CSS selector string, a rule table or an array of rules",
                ));
            }
        };
        Ok(FieldRule { rules })
    }

    fn raw_rule(&self, key: &str, v: toml::Value) -> Result<RawRule, ConfigError> {
        RawRule::deserialize(v).map_err(|e| {
            let msg = e.message().to_string();
            // Point at the unknown key itself when serde names it.
            let sub = msg
                .split('`')
                .nth(1)
                .filter(|_| msg.starts_with("unknown field"))
                .map(|f| format!("{key}.{f}"));
            self.err(sub.as_deref().unwrap_or(key), msg)
        })
    }

    fn rule(&self, key: &str, r: RawRule) -> Result<Rule, ConfigError> {
        let k = |sub: &str| format!("{key}.{sub}");
        let sources = [
            r.css.is_some(),
            r.json.is_some(),
            r.jsonld.is_some(),
            r.flight.is_some(),
            r.regex.is_some(),
            r.template.is_some(),
        ]
        .iter()
        .filter(|b| **b)
        .count();
        if sources != 1 {
            return Err(self.err(
                key,
                "a rule needs exactly one of `css`, `json`, `jsonld`, `flight`, `regex`, `template`",
            ));
        }
        let page = match r.scope.as_deref() {
            None | Some("card") => false,
            Some("page") => true,
            Some(other) => {
                return Err(self.err(
                    &k("scope"),
                    format!("expected \"card\" or \"page\", found {other:?}"),
                ));
            }
        };
        let only_with = |present: bool, opt: &str, with: &str| {
            if present {
                Err(self.err(&k(opt), format!("`{opt}` only applies to `{with}` rules")))
            } else {
                Ok(())
            }
        };
        if r.css.is_none() {
            only_with(r.attr.is_some(), "attr", "css")?;
            only_with(r.html, "html", "css")?;
            only_with(r.exclude.is_some(), "exclude", "css")?;
            only_with(r.contains.is_some(), "contains", "css")?;
            only_with(r.closest.is_some(), "closest", "css")?;
        }
        if page && r.closest.is_some() {
            return Err(self.err(
                &k("closest"),
                "`closest` selects from an ancestor of the card; it cannot be combined with `scope = \"page\"`",
            ));
        }
        if r.json.is_none() {
            only_with(r.script.is_some(), "script", "json")?;
        }
        if r.jsonld.is_none() {
            only_with(r.type_.is_some(), "type", "jsonld")?;
        }
        let source = if let Some(css) = &r.css {
            let itself = css.trim() == ":scope";
            Source::Css {
                text: css.trim().to_string(),
                selector: if itself {
                    self.selector(&k("css"), "*")?
                } else {
                    self.selector(&k("css"), css)?
                },
                itself,
                attr: r.attr.clone(),
                html: r.html,
                exclude: r
                    .exclude
                    .as_deref()
                    .map(|x| self.selector(&k("exclude"), x))
                    .transpose()?,
                contains: r.contains.clone(),
                page,
                closest: r
                    .closest
                    .as_deref()
                    .map(|x| self.selector(&k("closest"), x))
                    .transpose()?,
            }
        } else if let Some(p) = &r.json {
            if r.script.as_deref().is_some_and(|s| s.trim().is_empty()) {
                return Err(self.err(&k("script"), "the script marker must not be empty"));
            }
            Source::Json {
                script: r.script.clone(),
                path: self.path(&k("json"), p)?,
            }
        } else if let Some(p) = &r.jsonld {
            Source::JsonLd {
                type_: r.type_.clone(),
                path: self.path(&k("jsonld"), p)?,
            }
        } else if let Some(p) = &r.flight {
            Source::Flight {
                path: self.path(&k("flight"), p)?,
            }
        } else if let Some(re) = &r.regex {
            Source::Regex {
                re: self.regex(&k("regex"), re)?,
                page,
            }
        } else {
            let t = r.template.as_deref().unwrap_or_default();
            Source::Template {
                parts: parse_template(t).map_err(|m| self.err(&k("template"), m))?,
            }
        };
        let pick = match r.pick {
            None => None,
            Some(toml::Value::String(s)) if s == "card" => Some(Pick::Card),
            Some(toml::Value::Integer(n)) => Some(Pick::Nth(n)),
            Some(_) => {
                return Err(self.err(&k("pick"), "expected \"card\" or an integer position"));
            }
        };
        if pick.is_some() && r.split.is_none() {
            return Err(self.err(&k("pick"), "`pick` needs `split`"));
        }
        let post = Post {
            url_decode: r.url_decode,
            unescape: r.unescape,
            split: r.split,
            pick,
            capture: r
                .capture
                .as_deref()
                .map(|c| self.regex(&k("capture"), c))
                .transpose()?,
            remove: r.remove,
            tier_lower_bound: r.tier_lower_bound,
            page_placeholder: r.page_placeholder,
            map: r.map.unwrap_or_default().into_iter().collect(),
        };
        let only_if = match r.only_if {
            None => None,
            Some(g) => Some((g.field, self.regex(&k("only_if.matches"), &g.matches)?)),
        };
        Ok(Rule {
            source,
            post,
            only_if,
        })
    }
}

/// Splits `a{b}c` into literal and variable parts. `{{` and `}}` are literal braces.
fn parse_template(t: &str) -> Result<Vec<TemplatePart>, String> {
    let mut parts = Vec::new();
    let mut lit = String::new();
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                lit.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                lit.push('}');
            }
            '{' => {
                let mut name = String::new();
                loop {
                    match chars.next() {
                        Some('}') => break,
                        Some(ch) => name.push(ch),
                        None => return Err(format!("unclosed `{{` in template {t:?}")),
                    }
                }
                let name = name.trim().to_string();
                if name.is_empty() {
                    return Err(format!("empty `{{}}` in template {t:?}"));
                }
                if !lit.is_empty() {
                    parts.push(TemplatePart::Lit(std::mem::take(&mut lit)));
                }
                parts.push(TemplatePart::Var(name));
            }
            '}' => return Err(format!("stray `}}` in template {t:?}")),
            _ => lit.push(c),
        }
    }
    if !lit.is_empty() {
        parts.push(TemplatePart::Lit(lit));
    }
    Ok(parts)
}

/// Every field a chain refers to: template variables and `only_if` fields.
fn template_vars(rule: &FieldRule) -> impl Iterator<Item = &str> {
    rule.rules.iter().flat_map(|r| {
        let mut vars: Vec<&str> = match &r.source {
            Source::Template { parts } => parts
                .iter()
                .filter_map(|p| match p {
                    TemplatePart::Var(v) => Some(v.as_str()),
                    TemplatePart::Lit(_) => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        vars.extend(r.only_if.as_ref().map(|(f, _)| f.as_str()));
        vars
    })
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
        let c = Compiler { file, src };
        if raw.name.trim().is_empty() {
            return Err(c.err("name", "must not be empty"));
        }
        if raw.start_urls.is_empty() {
            return Err(c.err("start_urls", "needs at least one URL"));
        }
        let mut start_urls = Vec::new();
        for (i, s) in raw.start_urls.iter().enumerate() {
            let u = Url::parse(s).map_err(|e| {
                c.err(
                    &format!("start_urls[{i}]"),
                    format!("not a URL ({e}): {s:?}"),
                )
            })?;
            if !matches!(u.scheme(), "http" | "https") {
                return Err(c.err(&format!("start_urls[{i}]"), "must be http or https"));
            }
            start_urls.push(u);
        }
        if raw.hosts.is_empty() {
            return Err(c.err("hosts", "needs at least one host"));
        }
        let hosts: Vec<String> = raw
            .hosts
            .iter()
            .map(|h| h.trim().to_ascii_lowercase())
            .collect();
        for (i, m) in raw.block_markers.iter().enumerate() {
            if m.trim().is_empty() {
                return Err(c.err(&format!("block_markers[{i}]"), "must not be empty"));
            }
        }
        let query = compile_query_rules(&c, &raw)?;
        let mut pages = Vec::new();
        for (i, p) in raw.pages.into_iter().enumerate() {
            pages.push(compile_page(&c, i, p)?);
        }
        if raw.follow_sellers && !pages.iter().any(|p| p.seller.is_some()) {
            return Err(c.err(
                "follow_sellers",
                "follows seller pages for a page kind with `[page.seller]` to read, but no `[[page]]` has one",
            ));
        }
        let profile = SiteProfile {
            name: raw.name,
            start_urls,
            hosts,
            block_markers: raw.block_markers,
            pages,
            query,
            follow_sellers: raw.follow_sellers,
        };
        for (i, u) in profile.start_urls.iter().enumerate() {
            if !profile.in_scope(u) {
                return Err(c.err(
                    &format!("start_urls[{i}]"),
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

    /// The extra seller fields any page kind of this profile reads, sorted, once each.
    pub fn seller_extras(&self) -> impl Iterator<Item = &str> {
        let all: std::collections::BTreeSet<&str> = self
            .pages
            .iter()
            .filter_map(|p| p.seller.as_ref())
            .flat_map(|s| s.extras.iter().map(String::as_str))
            .collect();
        all.into_iter()
    }
}

/// Compiles `[page.seller]`: the fixed fields, `extra.<name>` tables of free fields, and
/// helpers. Any other key is a mistake (a typo would otherwise become a silent column).
fn compile_seller(c: &Compiler<'_>, i: usize, v: toml::Value) -> Result<SellerRule, ConfigError> {
    let key = format!("page[{i}].seller");
    let toml::Value::Table(table) = v else {
        return Err(c.err(&key, "expected a table of seller fields (`[page.seller]`)"));
    };
    let mut fields = BTreeMap::new();
    let mut extras = Vec::new();
    for (name, v) in table {
        let fkey = format!("{key}.{name}");
        if name == "extra" {
            let toml::Value::Table(extra) = v else {
                return Err(c.err(
                    &fkey,
                    "expected a table of extra fields (`extra.verified = \".badge\"`)",
                ));
            };
            for (ename, ev) in extra {
                let ekey = format!("{fkey}.{ename}");
                let well_formed = ename.starts_with(|ch: char| ch.is_ascii_lowercase())
                    && ename.len() <= 40
                    && ename
                        .chars()
                        .all(|ch| ch.is_ascii_lowercase() || ch.is_ascii_digit() || ch == '_');
                if !well_formed {
                    return Err(c.err(
                        &ekey,
                        "an extra field's name is its column in sellers.csv: lowercase letters, digits and `_`, starting with a letter, at most 40 characters",
                    ));
                }
                if reserved_seller_name(&ename) {
                    return Err(c.err(
                        &ekey,
                        format!("`{ename}` is a column of sellers.csv already; name the extra field otherwise"),
                    ));
                }
                fields.insert(ename.clone(), c.chain(&ekey, ev)?);
                extras.push(ename);
            }
            continue;
        }
        let helper = name.starts_with('_') && name.len() > 1;
        if !helper && !SELLER_FIELDS.contains(&name.as_str()) {
            let hint = match name.as_str() {
                "seller_name" => "; the seller's name is `name`".to_string(),
                "seller_url" => "; the seller page's link is `url`".to_string(),
                _ => format!("; put free fields under `extra` (`extra.{name} = …`)"),
            };
            return Err(c.err(
                &fkey,
                format!(
                    "unknown seller field; expected one of {}, `extra.<name>` or a helper field named `_…`{hint}",
                    SELLER_FIELDS.join(", ")
                ),
            ));
        }
        fields.insert(name, c.chain(&fkey, v)?);
    }
    for (name, rule) in &fields {
        for var in template_vars(rule) {
            if var != "url" && var != "page" && !fields.contains_key(var) {
                let at = if extras.contains(name) {
                    format!("{key}.extra.{name}")
                } else {
                    format!("{key}.{name}")
                };
                return Err(c.err(
                    &at,
                    format!(
                        "template uses `{{{var}}}`, which is not a field of this seller record"
                    ),
                ));
            }
        }
    }
    if fields.keys().all(|k| k.starts_with('_')) {
        return Err(c.err(
            &key,
            format!(
                "a seller record needs at least one of {} or an `extra` field",
                SELLER_FIELDS.join(", ")
            ),
        ));
    }
    extras.sort();
    Ok(SellerRule { fields, extras })
}

/// `default_strip`, `strip_params`, `keep_params`, `sort_params`: which query parameters
/// survive canonicalisation.
fn compile_query_rules(c: &Compiler<'_>, raw: &RawProfile) -> Result<QueryRules, ConfigError> {
    if raw.strip_params.is_some() && raw.keep_params.is_some() {
        return Err(c.err(
            "keep_params",
            "give either `strip_params` (drop these) or `keep_params` (keep only these), not both",
        ));
    }
    let patterns = |key: &str, list: &[String]| -> Result<Vec<ParamPattern>, ConfigError> {
        list.iter()
            .enumerate()
            .map(|(i, p)| ParamPattern::new(p).map_err(|m| c.err(&format!("{key}[{i}]"), m)))
            .collect()
    };
    let strip = patterns(
        "strip_params",
        raw.strip_params.as_deref().unwrap_or_default(),
    )?;
    let keep = match &raw.keep_params {
        Some(list) if list.is_empty() => {
            return Err(c.err(
                "keep_params",
                "an empty allow-list would drop every query parameter; give the parameters to keep",
            ));
        }
        Some(list) => Some(patterns("keep_params", list)?),
        None => None,
    };
    Ok(QueryRules {
        default_strip: raw.default_strip,
        strip,
        keep,
        sort: raw.sort_params,
    })
}

fn compile_page(c: &Compiler<'_>, i: usize, p: RawPage) -> Result<PageRule, ConfigError> {
    let key = |k: &str| format!("page[{i}].{k}");
    let url_pattern = c.regex(&key("url_pattern"), &p.url_pattern)?;
    let (listing, listing_sources) = match p.listing {
        None => (None, Vec::new()),
        Some(toml::Value::String(css)) => {
            let sel = c.selector(&key("listing"), &css)?;
            (Some(sel.clone()), vec![ListingSource::Css(sel)])
        }
        Some(v) => {
            let chain = c.chain(&key("listing"), v)?;
            let mut sources = Vec::new();
            for (j, rule) in chain.rules.into_iter().enumerate() {
                sources.push(match rule.source {
                    Source::Css { selector, .. } => ListingSource::Css(selector),
                    Source::Json { .. } | Source::JsonLd { .. } | Source::Flight { .. } => {
                        ListingSource::Json(Box::new(rule))
                    }
                    Source::Regex { .. } | Source::Template { .. } => {
                        return Err(c.err(
                            &format!("page[{i}].listing[{j}]"),
                            "listings come from `css` elements or a JSON array (`json`, `jsonld`, `flight`)",
                        ));
                    }
                });
            }
            let first_css = sources.iter().find_map(|s| match s {
                ListingSource::Css(sel) => Some(sel.clone()),
                _ => None,
            });
            (first_css, sources)
        }
    };
    let mut fields = BTreeMap::new();
    for (name, v) in p.fields {
        let fkey = format!("page[{i}].fields.{name}");
        let helper = name.starts_with('_') && name.len() > 1;
        if !helper && !FIELD_NAMES.contains(&name.as_str()) {
            return Err(c.err(
                &fkey,
                format!(
                    "unknown field; expected one of {} (or a helper field named `_…`)",
                    FIELD_NAMES.join(", ")
                ),
            ));
        }
        fields.insert(name, c.chain(&fkey, v)?);
    }
    // Template variables must name a field, a helper, `url` or `page`.
    for (name, rule) in &fields {
        for var in template_vars(rule) {
            if var != "url" && var != "page" && !fields.contains_key(var) {
                return Err(c.err(
                    &format!("page[{i}].fields.{name}"),
                    format!("template uses `{{{var}}}`, which is not a field of this page"),
                ));
            }
        }
    }
    let known = |k: &str, list: &[String]| -> Result<(), ConfigError> {
        for (j, f) in list.iter().enumerate() {
            if !FIELD_NAMES.contains(&f.as_str()) {
                return Err(c.err(
                    &format!("page[{i}].{k}[{j}]"),
                    format!("unknown field {f:?}"),
                ));
            }
        }
        Ok(())
    };
    known("require", &p.require)?;
    known("follow_fields", &p.follow_fields)?;
    if let Some(u) = &p.unique
        && !FIELD_NAMES.contains(&u.as_str())
    {
        return Err(c.err(&key("unique"), format!("unknown field {u:?}")));
    }
    let follow = p
        .follow
        .iter()
        .enumerate()
        .map(|(j, css)| c.selector(&format!("page[{i}].follow[{j}]"), css))
        .collect::<Result<_, _>>()?;
    let (next_page, next_page_rule) = match p.next_page {
        None => (None, None),
        Some(toml::Value::String(css)) => (Some(c.selector(&key("next_page"), &css)?), None),
        Some(v) => {
            let chain = c.chain(&key("next_page"), v)?;
            for var in template_vars(&chain) {
                if var != "url" && var != "page" && !fields.contains_key(var) {
                    return Err(c.err(
                        &key("next_page"),
                        format!("template uses `{{{var}}}`, which is not a field of this page"),
                    ));
                }
            }
            (None, Some(chain))
        }
    };
    if p.max_pages == Some(0) {
        return Err(c.err(&key("max_pages"), "must be at least 1"));
    }
    let page_pattern = p
        .page_pattern
        .as_deref()
        .map(|re| c.regex(&key("page_pattern"), re))
        .transpose()?;
    let expect = match p.expect {
        None => None,
        Some(e) => {
            for (field, pct) in &e.min_coverage {
                let k = format!("page[{i}].expect.min_coverage.{field}");
                if !FIELD_NAMES.contains(&field.as_str()) {
                    return Err(c.err(
                        &k,
                        format!("unknown field; expected one of {}", FIELD_NAMES.join(", ")),
                    ));
                }
                if !(0.0..=100.0).contains(pct) {
                    return Err(c.err(&k, "a coverage is a percentage from 0 to 100"));
                }
            }
            Some(Expectation {
                min_listings: e.min_listings,
                min_coverage: e.min_coverage,
            })
        }
    };
    let seller = p.seller.map(|v| compile_seller(c, i, v)).transpose()?;
    Ok(PageRule {
        seller,
        auto: p.auto,
        kind: p.kind,
        url_pattern,
        listing,
        listing_sources,
        fields,
        require: p.require,
        unique: p.unique,
        follow,
        follow_fields: p.follow_fields,
        next_page,
        next_page_rule,
        max_pages: p.max_pages,
        page_param: p.page_param.unwrap_or_else(|| "page".into()),
        page_pattern,
        expect,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn load(src: &str) -> Result<SiteProfile, ConfigError> {
        SiteProfile::from_toml(Path::new("p.toml"), src)
    }

    const HEAD: &str =
        "name = \"t\"\nstart_urls = [\"https://a.example/\"]\nhosts = [\"a.example\"]\n";

    #[test]
    fn original_keys_still_compile() {
        let p = load(&format!(
            "{HEAD}[[page]]\nkind = \"search\"\nurl_pattern = \"^/s\"\nlisting = \".card\"\nfields.title = {{ css = \"h2\" }}\nfields.product_url = {{ css = \"a\", attr = \"href\" }}\nfollow = [\"a.p\"]\nnext_page = \"a.next\"\n"
        ))
        .expect("compiles");
        assert!(p.pages[0].listing.is_some());
        assert!(p.pages[0].next_page.is_some());
    }

    #[test]
    fn chains_and_new_rule_kinds_compile() {
        let p = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\nlisting = {{ script = \"window.x\", json = \"a.items\" }}\nfields.title = [{{ json = \"t\" }}, {{ css = \"h1\", scope = \"page\" }}]\nfields._id = {{ json = \"id\" }}\nfields.product_url = {{ template = \"/item/{{_id}}.html\" }}\nnext_page = {{ script = \"window.x\", json = \"p.rule\", page_placeholder = \"{{0}}\" }}\n"
        ))
        .expect("compiles");
        assert_eq!(p.pages[0].fields["title"].rules.len(), 2);
        assert!(matches!(
            p.pages[0].listing_sources[0],
            ListingSource::Json(_)
        ));
    }

    #[test]
    fn query_parameter_keys_compile_and_name_their_mistakes() {
        let p = load(&format!(
            "{HEAD}strip_params = [\"src\", \"x_*\"]\nsort_params = false\n"
        ))
        .expect("strip_params");
        assert!(p.query.default_strip && !p.query.sort);
        assert_eq!(p.query.strip.len(), 2);
        let p = load(&format!(
            "{HEAD}default_strip = false\nkeep_params = [\"q\"]\n"
        ))
        .expect("keep_params");
        assert!(!p.query.default_strip && p.query.keep.is_some());

        let e = load(&format!(
            "{HEAD}strip_params = [\"src\"]\nkeep_params = [\"q\"]\n"
        ))
        .expect_err("both");
        assert_eq!(e.key.as_deref(), Some("keep_params"));
        assert_eq!(e.line, Some(5));
        assert!(e.message.contains("not both"), "{e}");
        let e = load(&format!("{HEAD}strip_params = [\"ok\", \"a b\"]\n")).expect_err("bad name");
        assert_eq!(e.key.as_deref(), Some("strip_params[1]"));
        assert_eq!(e.line, Some(4));
        let e = load(&format!("{HEAD}keep_params = []\n")).expect_err("empty allow-list");
        assert_eq!(e.key.as_deref(), Some("keep_params"));
    }

    #[test]
    fn mistakes_name_file_line_and_key() {
        let e = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\nfields.title = [\n  {{ css = \"h1\" }},\n  {{ css = \"h1[\" }},\n]\n"
        ))
        .expect_err("bad selector");
        assert_eq!(e.key.as_deref(), Some("page[0].fields.title[1].css"));
        assert_eq!(e.line, Some(9));

        let e = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\nfields.title = {{ json = \"a..\" }}\n"
        ))
        .expect_err("bad path");
        assert!(e.message.contains("JSON path"), "{e}");
        assert_eq!(e.line, Some(7));

        let e = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\nfields.title = {{ css = \"h1\", colour = \"red\" }}\n"
        ))
        .expect_err("unknown key");
        assert_eq!(e.key.as_deref(), Some("page[0].fields.title.colour"));
        assert_eq!(e.line, Some(7));

        let e = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\nfields.moq = {{ regex = \"(\" }}\n"
        ))
        .expect_err("bad regex");
        assert_eq!(e.key.as_deref(), Some("page[0].fields.moq.regex"));

        let e = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\nfields.product_url = {{ template = \"/{{nope}}\" }}\n"
        ))
        .expect_err("unknown template var");
        assert!(e.message.contains("nope"), "{e}");

        let e = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\nfields.title = {{ css = \"h1\", json = \"a\" }}\n"
        ))
        .expect_err("two sources");
        assert!(e.message.contains("exactly one"), "{e}");
    }

    #[test]
    fn expectations_compile_and_name_their_mistakes() {
        let p = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\nlisting = \".c\"\nfields.title = \"h2\"\n\
             expect = {{ min_listings = 10, min_coverage = {{ price = 90, seller_name = 80.5 }} }}\n"
        ))
        .expect("compiles");
        let e = p.pages[0].expect.as_ref().expect("expect");
        assert_eq!(e.min_listings, Some(10));
        assert_eq!(e.min_coverage["price"], 90.0);
        assert_eq!(e.min_coverage["seller_name"], 80.5);

        let e = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\n\
             expect = {{ min_coverage = {{ colour = 90 }} }}\n"
        ))
        .expect_err("unknown field");
        assert_eq!(e.key.as_deref(), Some("page[0].expect.min_coverage.colour"));
        assert_eq!(e.line, Some(7));
        assert!(e.message.contains("unknown field"), "{e}");

        let e = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\n\
             expect = {{ min_coverage = {{ price = 120 }} }}\n"
        ))
        .expect_err("over 100");
        assert_eq!(e.key.as_deref(), Some("page[0].expect.min_coverage.price"));

        let e = load(&format!(
            "{HEAD}[[page]]\nkind = \"s\"\nurl_pattern = \".\"\n\
             expect = {{ min_listing = 3 }}\n"
        ))
        .expect_err("unknown key");
        assert!(e.message.contains("min_listing"), "{e}");
        assert_eq!(e.line, Some(7));
    }

    #[test]
    fn seller_records_compile_and_name_their_mistakes() {
        let seller_kind =
            "[[page]]\nkind = \"seller\"\nurl_pattern = \"^/seller/\"\n\n[page.seller]\n";
        let p = load(&format!(
            "{HEAD}follow_sellers = true\n{seller_kind}seller_id = {{ css = \"#sid\" }}\nname = \"h1\"\nlocation = [\".loc\", {{ jsonld = \"address.addressLocality\" }}]\n\
             _years = {{ css = \".years\" }}\nextra.years_on_platform = {{ template = \"{{_years}} yrs\" }}\nextra.verified = \".badge\"\n"
        ))
        .expect("compiles");
        assert!(p.follow_sellers);
        let s = p.pages[0].seller.as_ref().expect("seller rule");
        assert_eq!(s.extras, ["verified", "years_on_platform"]);
        assert_eq!(s.fields["location"].rules.len(), 2);
        assert_eq!(
            p.seller_extras().collect::<Vec<_>>(),
            ["verified", "years_on_platform"]
        );

        let e = load(&format!(
            "{HEAD}{seller_kind}name = \"h1\"\nseller_name = \"h1\"\n"
        ))
        .expect_err("unknown key");
        assert_eq!(e.key.as_deref(), Some("page[0].seller.seller_name"));
        assert_eq!(e.line, Some(10));
        assert!(e.message.contains("`name`"), "{e}");

        let e = load(&format!("{HEAD}{seller_kind}verified = \".badge\"\n"))
            .expect_err("free field outside extra");
        assert_eq!(e.key.as_deref(), Some("page[0].seller.verified"));
        assert!(e.message.contains("extra.verified"), "{e}");

        let e = load(&format!(
            "{HEAD}{seller_kind}name = \"h1\"\nextra.warc_file = \"b\"\n"
        ))
        .expect_err("reserved column");
        assert_eq!(e.key.as_deref(), Some("page[0].seller.extra.warc_file"));
        assert_eq!(e.line, Some(10));

        let e = load(&format!("{HEAD}{seller_kind}extra.\"Verified!\" = \"b\"\n"))
            .expect_err("bad column name");
        assert_eq!(e.key.as_deref(), Some("page[0].seller.extra.Verified!"));

        let e = load(&format!("{HEAD}{seller_kind}name = {{ css = \"h1[\" }}\n"))
            .expect_err("bad selector");
        assert_eq!(e.key.as_deref(), Some("page[0].seller.name.css"));
        assert_eq!(e.line, Some(9));

        let e = load(&format!(
            "{HEAD}{seller_kind}name = {{ template = \"{{nope}}\" }}\n"
        ))
        .expect_err("unknown template var");
        assert!(e.message.contains("nope"), "{e}");

        let e = load(&format!(
            "{HEAD}follow_sellers = true\n[[page]]\nkind = \"s\"\nurl_pattern = \".\"\n"
        ))
        .expect_err("nothing reads seller pages");
        assert_eq!(e.key.as_deref(), Some("follow_sellers"));
        assert_eq!(e.line, Some(4));
    }

    #[test]
    fn templates_parse_literals_and_variables() {
        assert_eq!(
            parse_template("https://x/{ id }.html{{1}}").expect("ok"),
            vec![
                TemplatePart::Lit("https://x/".into()),
                TemplatePart::Var("id".into()),
                TemplatePart::Lit(".html{1}".into()),
            ]
        );
        assert!(parse_template("{a").is_err());
        assert!(parse_template("a}").is_err());
    }
}
