//! Extraction: a site profile applied to one decoded page gives listings and links.
//!
//! This is a pure, synchronous function of its inputs (page URL, page text, profile):
//! no I/O, no clock, no globals, so it can be tested and benchmarked offline and re-run
//! over stored evidence. `scraper::Html` is not `Send`; it never leaves
//! [`SiteProfile::extract`]. Page-derived data never panics the extractor: a malformed
//! page gives fewer fields. It does not fetch, decode bytes (see [`crate::decode`]),
//! canonicalise or scope links (the frontier does), or judge brands (see
//! [`crate::detect`]).
//!
//! Layout: `profile` compiles the TOML, `rules` evaluates one field rule, `path` is the
//! JSON path language, `jsonish` reads JSON and JS object literals, `flight` reads Next.js
//! flight payloads, `block` recognises block pages and names their vendor (from the markup,
//! and from the status and headers when the caller has them, see
//! [`SiteProfile::extract_served`]), `auto` proposes rules for pages no profile rule
//! reads; this file runs a page rule over a page.
//!
//! When the page matches no page kind, or its kind's listing rule finds nothing,
//! automatic extraction takes over and the result says so ([`Extraction::extraction`]).

pub mod auto;
mod block;
mod flight;
mod jsonish;
mod path;
mod profile;
mod rules;

use std::cell::{Cell, OnceCell, RefCell};
use std::collections::{BTreeMap, HashMap, HashSet};

use scraper::{Html, Selector};
use serde::Serialize;
use serde_json::Value;
use url::Url;

pub use block::{BlockVerdict, Served, verdict_from_response};
pub use path::JsonPath;
pub use profile::{
    Expectation, FIELD_NAMES, FieldRule, ListingSource, PageRule, SELLER_COLUMNS, SELLER_FIELDS,
    SellerRule, SiteProfile, URL_FIELDS, reserved_seller_name,
};
pub use rules::{Rule, Source};

use flight::Flight;
use rules::{Card, PageSources};

/// One product listing as a page shows it. Every field is the page's own text after the
/// normalisation the README describes; a field the page lacks is `None`, never invented.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Listing {
    /// Listing title.
    pub title: Option<String>,
    /// Price or price range as shown, currency included.
    pub price: Option<String>,
    /// Minimum order quantity with its unit.
    pub moq: Option<String>,
    /// Store or company name.
    pub seller_name: Option<String>,
    /// Link to the seller's store or profile (absolute).
    pub seller_url: Option<String>,
    /// Where the seller or stock is.
    pub location: Option<String>,
    /// Link to the listing itself (absolute).
    pub product_url: Option<String>,
    /// The marketplace's own identifier for the listing.
    pub product_id: Option<String>,
    /// Further text a profile extracts (description, attributes) for detection.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// The marketplace's own identifier for the seller (store, shop, company or member
    /// id), matched against a brand's `authorised_seller_ids`.
    pub seller_id: Option<String>,
}

impl Listing {
    /// The value of a field by name (`title`, `price`, …).
    pub fn get(&self, field: &str) -> Option<&str> {
        match field {
            "title" => self.title.as_deref(),
            "price" => self.price.as_deref(),
            "moq" => self.moq.as_deref(),
            "seller_name" => self.seller_name.as_deref(),
            "seller_url" => self.seller_url.as_deref(),
            "location" => self.location.as_deref(),
            "product_url" => self.product_url.as_deref(),
            "product_id" => self.product_id.as_deref(),
            "description" => self.description.as_deref(),
            "seller_id" => self.seller_id.as_deref(),
            _ => None,
        }
    }

    fn slot(&mut self, field: &str) -> Option<&mut Option<String>> {
        Some(match field {
            "title" => &mut self.title,
            "price" => &mut self.price,
            "moq" => &mut self.moq,
            "seller_name" => &mut self.seller_name,
            "seller_url" => &mut self.seller_url,
            "location" => &mut self.location,
            "product_url" => &mut self.product_url,
            "product_id" => &mut self.product_id,
            "description" => &mut self.description,
            "seller_id" => &mut self.seller_id,
            _ => return None,
        })
    }
}

/// A seller record as a seller's own page shows it (`[page.seller]`). Values are
/// normalised like listing fields; `url` is the page's own URL unless a rule gives one.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Seller {
    /// The marketplace's id of the seller, in the form listings carry it.
    pub seller_id: Option<String>,
    /// The seller's name.
    pub name: Option<String>,
    /// The seller page's URL (absolute).
    pub url: Option<String>,
    /// Where the seller is.
    pub location: Option<String>,
    /// Extra fields by name (`verified`, `business_type`, …); absent when the page lacks
    /// the value.
    pub extra: BTreeMap<String, String>,
}

/// Which mechanism produced a page's listings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ExtractionMethod {
    /// The site profile's rules for the page's kind.
    Profile,
    /// Automatic extraction (structured data, embedded state or repeated DOM records).
    Auto,
}

impl ExtractionMethod {
    /// `profile` or `auto`, as in the `extraction` column.
    pub fn as_str(self) -> &'static str {
        match self {
            ExtractionMethod::Profile => "profile",
            ExtractionMethod::Auto => "auto",
        }
    }
}

/// What one page yields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// The page is a block page (captcha, access denied, login wall), not content.
    pub blocked: bool,
    /// The `[[page]]` kind that matched the URL, if any.
    pub page_kind: Option<String>,
    /// Whether the page's kind expects listings (it has listing or field rules); a page of
    /// such a kind that yields none is suspicious (redesign, empty result, soft block).
    #[serde(skip)]
    pub expects_listings: bool,
    /// Which mechanism produced the listings (`None` when there are none).
    pub extraction: Option<ExtractionMethod>,
    /// Who blocked and the evidence, when `blocked`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub block: Option<BlockVerdict>,
    /// Listings in page order.
    pub listings: Vec<Listing>,
    /// The seller record the page carries, when its kind has `[page.seller]` and a rule
    /// found a value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seller: Option<Seller>,
    /// The next result page, if the page has one.
    pub next_page: Option<Url>,
    /// Every link the profile says to follow (product, seller and pagination pages),
    /// absolute, in page order, without duplicates. Includes `next_page`.
    #[serde(skip)]
    pub follow: Vec<Url>,
    /// The page's `link[rel=canonical]`, absolute (the crawl merges pages that name an
    /// already fetched page as theirs).
    #[serde(skip)]
    pub canonical: Option<Url>,
}

/// Which rule produced what, for `greysweep extract --explain`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Explanation {
    /// The `[[page]]` kind that matched the URL (`None`: no kind matched).
    pub page_kind: Option<String>,
    /// When automatic extraction produced the listings: its method and what it read
    /// (`embedded-state: script window.runParams → mods.itemList.content`).
    pub auto: Option<String>,
    /// Why the page counts as blocked, when it does: the vendor, then the evidence
    /// (`perimeterx: element #px-captcha`).
    pub blocked_by: Option<String>,
    /// Which `listing` source produced the cards (`listing[0]: json …`), or `page` when
    /// the whole page is one listing.
    pub listing_source: Option<String>,
    /// Per listing: field → the rule that produced it (`fields.title[1]: json title`).
    pub listings: Vec<BTreeMap<String, String>>,
    /// The rule that produced `next_page`.
    pub next_page: Option<String>,
    /// Seller record field → the rule that produced it (`seller.location: css …`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub seller: BTreeMap<String, String>,
}

/// Block-page markers every profile gets, matched case-insensitively in the page's title
/// and visible text (see `block` for how they are weighed).
pub const DEFAULT_BLOCK_MARKERS: &[&str] = &[
    "captcha",
    "access denied",
    "验证码拦截",
    "请拖动下方滑块完成验证",
    "unusual traffic",
    "are you a robot",
];

impl SiteProfile {
    /// Applies this profile to a page. `url` is where the page was served (links resolve
    /// against it, or against a `<base href>` on the same page).
    pub fn extract(&self, url: &Url, html: &str) -> Extraction {
        self.extract_explained(url, html).0
    }

    /// Like [`Self::extract`], for a page as served: the response's status and headers
    /// are block evidence too (`cf-mitigated: challenge`, an Akamai 403, vendor cookies).
    pub fn extract_served(&self, url: &Url, html: &str, served: Served<'_>) -> Extraction {
        self.extract_inner(url, html, Some(served)).0
    }

    /// Like [`Self::extract`], also saying which rule produced each value.
    pub fn extract_explained(&self, url: &Url, html: &str) -> (Extraction, Explanation) {
        self.extract_inner(url, html, None)
    }

    fn extract_inner(
        &self,
        url: &Url,
        html: &str,
        served: Option<Served<'_>>,
    ) -> (Extraction, Explanation) {
        let doc = Html::parse_document(html);
        let base = base_url(&doc, url);
        let page_rule = self.page_for(url);
        let canonical = canonical_link(&doc, &base);
        let data = PageData::new(&doc, html, url, base, page_rule.into_iter());
        let mut out = Extraction {
            page_kind: page_rule.map(|p| p.kind.clone()),
            expects_listings: page_rule.is_some_and(|p| {
                p.auto == Some(true) || !p.listing_sources.is_empty() || !p.fields.is_empty()
            }),
            canonical,
            ..Extraction::default()
        };
        let mut explain = Explanation {
            page_kind: out.page_kind.clone(),
            ..Explanation::default()
        };
        if let Some(page) = page_rule {
            let (listings, why, source) = run_listings(page, &data);
            if !listings.is_empty() {
                out.listings = listings;
                out.extraction = Some(ExtractionMethod::Profile);
                explain.listings = why;
                explain.listing_source = source;
            }
        }
        // Block pages first: automatic extraction must not read a challenge page's
        // decorations as listings.
        let has_content = out.listings.iter().any(|l| l.title.is_some());
        if let Some(verdict) = block::detect(&doc, html, &self.block_markers, has_content, served) {
            explain.blocked_by = Some(verdict.to_string());
            explain.listings.clear();
            explain.listing_source = None;
            explain.auto = None;
            return (
                Extraction {
                    blocked: true,
                    page_kind: out.page_kind,
                    expects_listings: out.expects_listings,
                    block: Some(verdict),
                    ..Extraction::default()
                },
                explain,
            );
        }
        let mut auto_next = None;
        // Which finders may read the page: all where no kind matched or the kind's rules
        // failed; on a follow-only kind, what the page declares (unless `auto` says).
        let want = match page_rule {
            None => Some(auto::Want::Any),
            Some(p) if p.auto == Some(false) => None,
            Some(p) if !p.listing_sources.is_empty() => Some(auto::Want::List),
            Some(p) if !p.fields.is_empty() => Some(auto::Want::Single),
            Some(p) if p.auto == Some(true) => Some(auto::Want::Any),
            Some(_) => Some(auto::Want::Declared),
        };
        if out.listings.is_empty()
            && let Some(want) = want
            && let Some(found) = auto::extract(&data, want)
        {
            out.listings = found.listings;
            out.extraction = Some(ExtractionMethod::Auto);
            explain.listings = found.why;
            explain.listing_source = found.source;
            explain.auto = Some(found.description);
            auto_next = found.next_page;
        }
        if let Some(rule) = page_rule.and_then(|p| p.seller.as_ref()) {
            let (seller, why) = run_seller(rule, &data);
            out.seller = seller;
            explain.seller = why;
        }
        let mut seen = HashSet::new();
        if let Some(page) = page_rule {
            if let Some((next, why)) = next_page(page, &data) {
                out.next_page = Some(next);
                explain.next_page = Some(why);
            }
            for sel in &page.follow {
                for a in doc.select(sel) {
                    if let Some(u) = a.value().attr("href").and_then(|h| resolve(&data.base, h))
                        && seen.insert(u.clone())
                    {
                        out.follow.push(u);
                    }
                }
            }
            for l in &out.listings {
                for f in &page.follow_fields {
                    if let Some(u) = l.get(f).and_then(|h| Url::parse(h).ok())
                        && seen.insert(u.clone())
                    {
                        out.follow.push(u);
                    }
                }
            }
        }
        // Seller pages, for whatever kind of page and extraction the listing came from.
        if self.follow_sellers {
            for l in &out.listings {
                if let Some(u) = l.seller_url.as_deref().and_then(|h| Url::parse(h).ok())
                    && seen.insert(u.clone())
                {
                    out.follow.push(u);
                }
            }
        }
        if out.next_page.is_none()
            && let Some((next, why)) = auto_next
        {
            out.next_page = Some(next);
            explain.next_page = Some(why);
        }
        if let Some(next) = &out.next_page
            && seen.insert(next.clone())
        {
            out.follow.push(next.clone());
        }
        (out, explain)
    }
}

/// Automatic extraction alone, with no profile: what `greysweep extract --auto` runs.
/// Block pages are recognised with the default markers.
pub fn extract_auto(url: &Url, html: &str) -> (Extraction, Explanation) {
    static NO_PROFILE: std::sync::OnceLock<SiteProfile> = std::sync::OnceLock::new();
    let profile = NO_PROFILE.get_or_init(|| SiteProfile {
        name: "auto".into(),
        start_urls: Vec::new(),
        hosts: Vec::new(),
        block_markers: Vec::new(),
        pages: Vec::new(),
        query: crate::canonical::QueryRules::default(),
        follow_sellers: false,
    });
    profile.extract_explained(url, html)
}

/// The page, parsed once, with lazily read embedded data.
struct PageData<'a> {
    doc: &'a Html,
    source: &'a str,
    url: &'a Url,
    base: Url,
    /// Script markers the page rule uses, each read on first use.
    scripts: HashMap<String, OnceCell<Vec<Value>>>,
    json_ld: OnceCell<Vec<Value>>,
    /// `@id` → where the JSON-LD node with that id is defined, built on first use.
    json_ld_ids: OnceCell<HashMap<String, NodeAt>>,
    flight: OnceCell<Flight>,
}

impl<'a> PageData<'a> {
    fn new<'r>(
        doc: &'a Html,
        source: &'a str,
        url: &'a Url,
        base: Url,
        pages: impl Iterator<Item = &'r PageRule>,
    ) -> Self {
        // Every script marker the page rules use gets a slot, filled on first use.
        let mut scripts = HashMap::new();
        for page in pages {
            let listing_rules = page.listing_sources.iter().filter_map(|s| match s {
                ListingSource::Json(r) => Some(r.as_ref()),
                ListingSource::Css(_) => None,
            });
            let all = page
                .fields
                .values()
                .chain(page.seller.iter().flat_map(|s| s.fields.values()))
                .chain(page.next_page_rule.iter())
                .flat_map(|f| f.rules.iter())
                .chain(listing_rules);
            for rule in all {
                if let Source::Json {
                    script: Some(marker),
                    ..
                } = &rule.source
                {
                    scripts.entry(marker.clone()).or_insert_with(OnceCell::new);
                }
            }
        }
        PageData {
            doc,
            source,
            url,
            base,
            scripts,
            json_ld: OnceCell::new(),
            json_ld_ids: OnceCell::new(),
            flight: OnceCell::new(),
        }
    }

    fn script(&self, marker: &str) -> &[Value] {
        match self.scripts.get(marker) {
            Some(cell) => cell.get_or_init(|| match marker.strip_prefix('#') {
                Some(id) => element_values(self.doc, id),
                None => script_values(self.source, marker),
            }),
            None => &[],
        }
    }

    fn json_ld_values(&self) -> &[Value] {
        self.json_ld.get_or_init(|| json_ld_objects(self.doc))
    }

    /// The JSON-LD node defined with `@id` `id`.
    fn json_ld_node(&self, id: &str) -> Option<&Value> {
        let objects = self.json_ld_values();
        let (top, steps) = self
            .json_ld_ids
            .get_or_init(|| json_ld_ids(objects))
            .get(id)?;
        steps
            .iter()
            .try_fold(objects.get(*top)?, |v, step| match step {
                Step::Key(k) => v.get(k.as_str()),
                Step::Index(i) => v.get(*i),
            })
    }

    /// `v`, or the node it references by `@id`.
    fn linked<'s>(&'s self, v: &'s Value) -> &'s Value {
        match v.as_object() {
            Some(m) if m.keys().all(|k| k == "@id" || k == "@type") => m
                .get("@id")
                .and_then(Value::as_str)
                .and_then(|id| self.json_ld_node(id))
                .unwrap_or(v),
            _ => v,
        }
    }

    fn flight_rows(&self) -> &Flight {
        self.flight.get_or_init(|| Flight::from_page(self.source))
    }

    /// The cards a JSON listing rule points at: the elements of an array, or, for a
    /// `jsonld` rule with the empty path, every JSON-LD object of its `type`.
    fn listing_array(&self, rule: &Rule) -> Option<Vec<&Value>> {
        if let Source::JsonLd { type_, path } = &rule.source {
            let typed = |o: &&Value| type_.as_deref().is_none_or(|t| rules::has_type(o, t));
            let objects = self.json_ld_values().iter().filter(typed);
            if path.is_empty() {
                let all: Vec<&Value> = objects.collect();
                return (!all.is_empty()).then_some(all);
            }
            let arr = objects
                .filter_map(|o| path.resolve_with(o, &|v| self.linked(v)))
                .find_map(Value::as_array)?;
            return Some(arr.iter().collect());
        }
        let arr = match &rule.source {
            Source::Json {
                script: Some(marker),
                path,
            } => self
                .script(marker)
                .iter()
                .find_map(|root| path.resolve(root).filter(|v| v.is_array())),
            Source::Flight { path } => self.flight_rows().find(path).filter(|v| v.is_array()),
            _ => None,
        }?;
        arr.as_array().map(|a| a.iter().collect())
    }
}

/// Values assigned after `marker` in the page: `marker = {…}`, `marker({…})`,
/// `marker = JSON.parse("…")`, in page order. Occurrences that are not followed by a
/// readable value are skipped.
fn script_values(source: &str, marker: &str) -> Vec<Value> {
    let mut out = Vec::new();
    for (at, _) in source.match_indices(marker) {
        let mut rest = &source[at + marker.len()..];
        rest = rest.trim_start_matches([' ', '\t', '\r', '\n', '=', '(', ',', ':']);
        let value = if let Some(arg) = rest.strip_prefix("JSON.parse(") {
            jsonish::parse_js_string_prefix(arg)
                .and_then(|(s, _)| jsonish::parse_value_prefix(&s).map(|(v, _)| v))
        } else {
            jsonish::parse_value_prefix(rest).map(|(v, _)| v)
        };
        match value {
            Some(Value::String(s)) if s.trim_start().starts_with(['{', '[']) => {
                if let Some((v, _)) = jsonish::parse_value_prefix(&s) {
                    out.push(v);
                }
            }
            Some(v @ (Value::Object(_) | Value::Array(_))) => out.push(v),
            _ => {}
        }
    }
    out
}

/// The values held by `<script id="…">` elements with this id (`<script id="__NEXT_DATA__"
/// type="application/json">`), in page order: JSON, a JS literal, or a string holding JSON.
fn element_values(doc: &Html, id: &str) -> Vec<Value> {
    let Some(sel) = static_selector("script[id]") else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for script in doc.select(&sel).filter(|s| s.value().id() == Some(id)) {
        let text: String = script.text().collect();
        match jsonish::parse_value_prefix(&text).map(|(v, _)| v) {
            Some(Value::String(s)) if s.trim_start().starts_with(['{', '[']) => {
                if let Some((v, _)) = jsonish::parse_value_prefix(&s) {
                    out.push(v);
                }
            }
            Some(v @ (Value::Object(_) | Value::Array(_))) => out.push(v),
            _ => {}
        }
    }
    out
}

/// The evaluation context of one listing: the page, the card, and memoised fields.
struct ListingCtx<'p, 'a> {
    page: &'p PageData<'a>,
    /// The rule chains fields are read with (a page kind's `fields`, or `[page.seller]`).
    fields: &'p BTreeMap<String, FieldRule>,
    /// Which of those fields are links, made absolute.
    url_fields: &'p [&'p str],
    card: Card<'p>,
    index: usize,
    next_page_no: Option<u32>,
    memo: RefCell<HashMap<String, Option<(String, String)>>>,
    depth: Cell<usize>,
}

impl PageSources for ListingCtx<'_, '_> {
    fn doc(&self) -> &Html {
        self.page.doc
    }
    fn source(&self) -> &str {
        self.page.source
    }
    fn script_values(&self, marker: &str) -> &[Value] {
        self.page.script(marker)
    }
    fn json_ld(&self) -> &[Value] {
        self.page.json_ld_values()
    }
    fn json_ld_node(&self, id: &str) -> Option<&Value> {
        self.page.json_ld_node(id)
    }
    fn flight(&self, path: &JsonPath) -> Option<String> {
        self.page.flight_rows().find(path).and_then(rules::scalar)
    }
    fn var(&self, name: &str) -> Option<String> {
        match name {
            "url" => Some(self.page.url.to_string()),
            "page" => self.next_page_no.map(|n| n.to_string()),
            field => self.field(field).map(|(v, _)| v),
        }
    }
}

impl ListingCtx<'_, '_> {
    /// A field's value and the rule that produced it.
    fn field(&self, name: &str) -> Option<(String, String)> {
        if let Some(hit) = self.memo.borrow().get(name) {
            return hit.clone();
        }
        // Templates referring to each other in a cycle end here.
        if self.depth.get() > 16 {
            return None;
        }
        self.depth.set(self.depth.get() + 1);
        let result = self
            .fields
            .get(name)
            .and_then(|chain| self.eval_chain(&format!("fields.{name}"), chain, name));
        self.depth.set(self.depth.get() - 1);
        self.memo
            .borrow_mut()
            .insert(name.to_string(), result.clone());
        result
    }

    fn eval_chain(&self, key: &str, chain: &FieldRule, name: &str) -> Option<(String, String)> {
        chain.rules.iter().enumerate().find_map(|(i, rule)| {
            let mut v = rule.eval(self, self.card, self.index)?;
            if let Some(n) = self.next_page_no {
                v = rules::fill_page_placeholder(&rule.post, v, n);
            }
            if self.url_fields.contains(&name) || name == "next_page" {
                v = absolutize(&self.page.base, &v)?;
            }
            let label = if chain.rules.len() > 1 {
                format!("{key}[{i}]: {}", rule.describe())
            } else {
                format!("{key}: {}", rule.describe())
            };
            Some((v, label))
        })
    }
}

/// Listings of a page, the rule that produced each field, and which listing source won.
type RunResult = (Vec<Listing>, Vec<BTreeMap<String, String>>, Option<String>);

fn run_listings(page: &PageRule, data: &PageData<'_>) -> RunResult {
    let (cards, source): (Vec<Card<'_>>, Option<String>) = if page.listing_sources.is_empty() {
        if page.fields.is_empty() {
            (Vec::new(), None)
        } else {
            (
                vec![Card::Dom(data.doc.root_element())],
                Some("page".into()),
            )
        }
    } else {
        page.listing_sources
            .iter()
            .enumerate()
            .map(|(i, source)| match source {
                ListingSource::Css(sel) => (
                    data.doc.select(sel).map(Card::Dom).collect::<Vec<_>>(),
                    format!("listing[{i}]: css"),
                ),
                ListingSource::Json(rule) => (
                    data.listing_array(rule)
                        .map(|items| items.into_iter().map(Card::Json).collect())
                        .unwrap_or_default(),
                    format!("listing[{i}]: {}", rule.describe()),
                ),
            })
            .find(|(cards, _)| !cards.is_empty())
            .map_or((Vec::new(), None), |(cards, why)| (cards, Some(why)))
    };
    let mut listings = Vec::new();
    let mut why = Vec::new();
    let mut seen_keys = HashSet::new();
    for (index, card) in cards.into_iter().enumerate() {
        let ctx = ListingCtx {
            page: data,
            fields: &page.fields,
            url_fields: URL_FIELDS,
            card,
            index,
            next_page_no: None,
            memo: RefCell::new(HashMap::new()),
            depth: Cell::new(0),
        };
        let mut listing = Listing::default();
        let mut explained = BTreeMap::new();
        for name in FIELD_NAMES {
            if let Some((v, label)) = ctx.field(name)
                && let Some(slot) = listing.slot(name)
            {
                *slot = Some(v);
                explained.insert((*name).to_string(), label);
            }
        }
        if listing == Listing::default() {
            continue;
        }
        if page.require.iter().any(|f| listing.get(f).is_none()) {
            continue;
        }
        if let Some(key) = &page.unique {
            match listing.get(key) {
                Some(k) if !seen_keys.insert(k.to_string()) => continue,
                _ => {}
            }
        }
        listings.push(listing);
        why.push(explained);
    }
    (listings, why, source)
}

/// The seller record of a page (`[page.seller]` over the whole page), and the rule that
/// produced each value. No record when no rule found a value: the page's own URL alone
/// says nothing about a seller.
fn run_seller(
    rule: &SellerRule,
    data: &PageData<'_>,
) -> (Option<Seller>, BTreeMap<String, String>) {
    let ctx = ListingCtx {
        page: data,
        fields: &rule.fields,
        url_fields: &["url"],
        card: Card::Dom(data.doc.root_element()),
        index: 0,
        next_page_no: None,
        memo: RefCell::new(HashMap::new()),
        depth: Cell::new(0),
    };
    let mut seller = Seller::default();
    let mut why = BTreeMap::new();
    let mut read = |name: &str, key: String| {
        let (v, label) = ctx.field(name)?;
        let label = label.replacen(&format!("fields.{name}"), &format!("seller.{key}"), 1);
        why.insert(key, label);
        Some(v)
    };
    seller.seller_id = read("seller_id", "seller_id".into());
    seller.name = read("name", "name".into());
    seller.url = read("url", "url".into());
    seller.location = read("location", "location".into());
    for name in &rule.extras {
        if let Some(v) = read(name, format!("extra.{name}")) {
            seller.extra.insert(name.clone(), v);
        }
    }
    if seller == Seller::default() {
        return (None, why);
    }
    if seller.url.is_none() {
        seller.url = Some(data.url.to_string());
    }
    (Some(seller), why)
}

/// The current page number: `page_pattern`'s group 1, else the `page_param` query value,
/// else 1.
fn current_page_number(page: &PageRule, url: &Url) -> u32 {
    if let Some(re) = &page.page_pattern {
        let tail = &url[url::Position::BeforePath..];
        if let Some(n) = re
            .captures(tail)
            .and_then(|c| c.get(1))
            .and_then(|m| m.as_str().parse().ok())
        {
            return n;
        }
    }
    url.query_pairs()
        .find(|(k, _)| *k == page.page_param.as_str())
        .and_then(|(_, v)| v.parse().ok())
        .unwrap_or(1)
}

fn next_page(page: &PageRule, data: &PageData<'_>) -> Option<(Url, String)> {
    let current = current_page_number(page, data.url);
    if page.max_pages.is_some_and(|max| current >= max) {
        return None;
    }
    let next_no = current.saturating_add(1);
    if let Some(sel) = &page.next_page {
        let u = data
            .doc
            .select(sel)
            .filter_map(|a| a.value().attr("href"))
            .filter_map(|h| resolve(&data.base, h))
            .find(|u| u != data.url)?;
        return Some((u, "next_page: css (@href)".into()));
    }
    let chain = page.next_page_rule.as_ref()?;
    let ctx = ListingCtx {
        page: data,
        fields: &page.fields,
        url_fields: URL_FIELDS,
        card: Card::Dom(data.doc.root_element()),
        index: 0,
        next_page_no: Some(next_no),
        memo: RefCell::new(HashMap::new()),
        depth: Cell::new(0),
    };
    let (v, why) = ctx.eval_chain("next_page", chain, "next_page")?;
    let u = Url::parse(&v).ok()?;
    (u != *data.url).then_some((u, why))
}

/// The URL a saved page names for itself: `link[rel=canonical]`, else `og:url`, else an
/// absolute `<base href>` (for pages saved without their address).
pub fn page_url_in(html: &str) -> Option<Url> {
    let doc = Html::parse_document(html);
    [
        ("link[rel=canonical][href]", "href"),
        ("meta[property='og:url'][content]", "content"),
        ("base[href]", "href"),
    ]
    .into_iter()
    .find_map(|(css, attr)| {
        let sel = static_selector(css)?;
        doc.select(&sel)
            .filter_map(|e| e.value().attr(attr))
            .find_map(|h| {
                let h = h.trim();
                let abs = match h.strip_prefix("//") {
                    Some(rest) => format!("https://{rest}"),
                    None => h.to_string(),
                };
                Url::parse(&abs)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"))
            })
    })
}

/// The first `link[rel=canonical]` with an http(s) `href`, made absolute against `base`.
fn canonical_link(doc: &Html, base: &Url) -> Option<Url> {
    let sel = static_selector("link[rel][href]")?;
    doc.select(&sel)
        .filter(|e| {
            e.value().attr("rel").is_some_and(|r| {
                r.split_ascii_whitespace()
                    .any(|t| t.eq_ignore_ascii_case("canonical"))
            })
        })
        .filter_map(|e| e.value().attr("href"))
        .find_map(|h| resolve(base, h))
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

pub(crate) fn base_url(doc: &Html, url: &Url) -> Url {
    static_selector("base[href]")
        .and_then(|s| doc.select(&s).next())
        .and_then(|b| b.value().attr("href"))
        .and_then(|h| resolve(url, h))
        .unwrap_or_else(|| url.clone())
}

fn static_selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

/// Resolves a link against `base`; protocol-relative links take `https` when the base is
/// not http(s).
pub fn resolve(base: &Url, href: &str) -> Option<Url> {
    let href = href.trim();
    if href.is_empty() || href.starts_with("javascript:") || href.starts_with('#') {
        return None;
    }
    if let Some(rest) = href.strip_prefix("//") {
        return Url::parse(&format!("https://{rest}"))
            .ok()
            .map(|u| crate::canonical::without_credentials(&u));
    }
    base.join(href)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .map(|u| crate::canonical::without_credentials(&u))
}

/// A link as the page gives it, made absolute: `//host/…` becomes `https://host/…`,
/// relative links resolve against `base`, absolute http(s) links are kept verbatim
/// (no trailing slash added, query and fragment kept).
pub fn absolutize(base: &Url, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let lower = href.get(..8).unwrap_or(href).to_ascii_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") {
        // Credentials in a link (`http://user:pw@host/`) are dropped, never kept.
        return Url::parse(href).ok().map(|u| {
            if u.username().is_empty() && u.password().is_none() {
                href.to_string()
            } else {
                crate::canonical::without_credentials(&u).to_string()
            }
        });
    }
    if href.starts_with("//") {
        let abs = format!("https:{href}");
        return Url::parse(&abs).ok().map(|_| abs);
    }
    if lower.starts_with("javascript:")
        || lower.starts_with("mailto:")
        || lower.starts_with("data:")
    {
        return None;
    }
    resolve(base, href).map(String::from)
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Every JSON-LD object on the page, with top-level arrays and `@graph` flattened.
pub(crate) fn json_ld_objects(doc: &Html) -> Vec<Value> {
    let Some(sel) = static_selector(r#"script[type="application/ld+json"]"#) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for script in doc.select(&sel) {
        let text: String = script.text().collect();
        let Some((value, _)) = jsonish::parse_value_prefix(&text) else {
            continue;
        };
        flatten_ld(value, &mut out, 0);
    }
    out
}

/// One step of the way from a JSON-LD object to a node inside it.
#[derive(Debug, Clone)]
enum Step {
    Key(String),
    Index(usize),
}

/// Where a JSON-LD node is defined: the index of its object and the way into it.
type NodeAt = (usize, Vec<Step>);

/// Every node that defines an `@id` (it has other keys than `@id` and `@type`), by id;
/// the first definition in page order wins. One walk over the objects.
fn json_ld_ids(objects: &[Value]) -> HashMap<String, NodeAt> {
    fn walk(v: &Value, top: usize, steps: &mut Vec<Step>, out: &mut HashMap<String, NodeAt>) {
        if steps.len() > 16 {
            return;
        }
        match v {
            Value::Object(m) => {
                if let Some(id) = m.get("@id").and_then(Value::as_str)
                    && m.keys().any(|k| k != "@id" && k != "@type")
                {
                    out.entry(id.to_string())
                        .or_insert_with(|| (top, steps.clone()));
                }
                for (k, child) in m {
                    if child.is_object() || child.is_array() {
                        steps.push(Step::Key(k.clone()));
                        walk(child, top, steps, out);
                        steps.pop();
                    }
                }
            }
            Value::Array(a) => {
                for (i, child) in a.iter().enumerate() {
                    steps.push(Step::Index(i));
                    walk(child, top, steps, out);
                    steps.pop();
                }
            }
            _ => {}
        }
    }
    let mut out = HashMap::new();
    for (top, o) in objects.iter().enumerate() {
        walk(o, top, &mut Vec::new(), &mut out);
    }
    out
}

fn flatten_ld(v: Value, out: &mut Vec<Value>, depth: usize) {
    if depth > 8 {
        return;
    }
    match v {
        Value::Array(items) => items
            .into_iter()
            .for_each(|i| flatten_ld(i, out, depth + 1)),
        Value::Object(mut map) => {
            if let Some(graph) = map.remove("@graph") {
                flatten_ld(graph, out, depth + 1);
            }
            out.push(Value::Object(map));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests;

/// Entry points into the embedded-data parsers for fuzz targets and property tests
/// (`fuzz/`); not part of the library's interface.
#[doc(hidden)]
pub mod fuzzing {
    use super::{Flight, jsonish};

    /// Runs the JSON / JS-literal parser over `src` from every char boundary of its
    /// first bytes, as the extractor does after `window.x =`. Returns how many values
    /// parsed.
    pub fn jsonish(src: &str) -> usize {
        let mut parsed = 0;
        for (i, _) in src.char_indices().take(8) {
            if let Some((_, used)) = jsonish::parse_value_prefix(&src[i..]) {
                assert!(src[i..].is_char_boundary(used), "offset not on a boundary");
                parsed += 1;
            }
            if let Some((_, used)) = jsonish::parse_js_string_prefix(&src[i..]) {
                assert!(src[i..].is_char_boundary(used), "offset not on a boundary");
                parsed += 1;
            }
        }
        parsed
    }

    /// Parses `src` as a page carrying a flight payload and as a bare flight stream.
    /// Returns the rows found.
    pub fn flight(src: &str) -> usize {
        let page = Flight::from_page(src);
        let stream = Flight::from_stream(src);
        page.rows().count() + stream.rows().count()
    }
}
