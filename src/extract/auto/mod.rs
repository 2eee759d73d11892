//! Automatic extraction: listings from pages nobody wrote a profile for.
//!
//! Three families of finders each propose [`Plan`]s — a `[[page]]` table in the profile
//! language (listing source and field rules) plus what found it:
//! - `structured`: JSON-LD (`Product`, `ItemList`, offers, `@graph`), microdata and RDFa
//!   `Product`, OpenGraph product tags;
//! - `embedded`: arrays of listing-like objects in script state (`window.X = …`,
//!   `__NEXT_DATA__`, `application/json` scripts, flight payloads), recognised by key names
//!   and value shapes;
//! - `dom`: repeated sibling records carrying a product link, a title-like text and a
//!   price-like token (the MDR / DEPTA family), fields assigned by content shape.
//!
//! Two helpers serve them: `place` knows place names and location text shapes, and
//! `seller` finds the seller a whole page belongs to (a store host, a seller path or
//! folder), whose `scope = "page"` rules are added to every plan as the last fallback
//! for `seller_name`, `seller_url` and `location`.
//!
//! Every plan is compiled by the ordinary profile compiler and run by the ordinary
//! engine, and the plan whose *result* scores best wins. So an automatic result is always
//! one a profile can reproduce: `greysweep profile suggest` prints the winning plan as a
//! profile, and `extract` with that profile gives the same listings. This module is pure
//! and synchronous like the rest of `extract`; it never fetches, and it does not decide
//! whether a page is blocked (see `block`).

mod dom;
mod embedded;
mod place;
mod seller;
mod structured;
mod suggest;

pub use suggest::{SuggestError, SuggestedPage, Suggestion, suggest_profile};

use std::collections::BTreeMap;
use std::path::Path;

use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};
use serde::Serialize;
use url::Url;

use super::profile::{PageRule, SiteProfile};
use super::{Listing, PageData, resolve, run_listings};

/// How an automatic plan was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Method {
    /// `<script type="application/ld+json">` objects.
    JsonLd,
    /// `itemscope`/`itemprop` microdata or RDFa `typeof`/`property` attributes.
    Microdata,
    /// OpenGraph / product meta tags (`og:title`, `product:price:amount`).
    OpenGraph,
    /// An array of listing-like objects in a script's state.
    EmbeddedState,
    /// Repeated DOM records.
    DomRecords,
}

impl Method {
    /// The name used in explanations and suggested profiles.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::JsonLd => "json-ld",
            Method::Microdata => "microdata",
            Method::OpenGraph => "opengraph",
            Method::EmbeddedState => "embedded-state",
            Method::DomRecords => "dom-records",
        }
    }
}

/// Whether a plan reads one listing from the whole page or many from a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Shape {
    /// The page is one listing (a product detail page).
    Single,
    /// The page lists many (search results, a store's products, a category).
    List,
}

/// One proposal: a `[[page]]` table in the profile language, and what found it.
#[derive(Debug, Clone)]
pub struct Plan {
    /// The finder family.
    pub method: Method,
    /// One listing or a list.
    pub shape: Shape,
    /// The `[[page]]` table without `kind` and `url_pattern`: `listing` (absent for
    /// [`Shape::Single`]), `fields`, and optionally `require`, `unique`.
    pub page: toml::Table,
    /// What the finder saw, for `--explain` (`script window.runParams → mods.itemList.content`).
    pub note: String,
    /// The finder's confidence in the source, 0–1; multiplies the result's score.
    pub prior: f64,
}

/// What the caller knows about the page kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Unknown: lists and single listings compete.
    Any,
    /// A detail page kind: only single-listing plans.
    Single,
    /// A list page kind: only list plans.
    List,
    /// A kind that only follows links: only what the page declares (structured data),
    /// one listing or many.
    Declared,
}

/// The page as the finders see it.
pub(crate) struct PageView<'a> {
    /// The parsed document.
    pub doc: &'a Html,
    /// The decoded page source.
    pub source: &'a str,
    /// Where the page was served.
    pub url: &'a Url,
    /// What links resolve against (`<base href>` or `url`).
    pub base: &'a Url,
}

/// Every plan the finders propose for a page, unranked.
pub(crate) fn propose(view: &PageView<'_>, want: Want) -> Vec<Plan> {
    let mut plans = Vec::new();
    plans.extend(structured::plans(view));
    if want != Want::Declared {
        plans.extend(embedded::plans(view));
        plans.extend(dom::plans(view));
    }
    plans.retain(|p| match want {
        Want::Any | Want::Declared => true,
        Want::Single => p.shape == Shape::Single,
        Want::List => p.shape == Shape::List,
    });
    if !plans.is_empty()
        && let Some(owner) = seller::page_seller(view)
    {
        for p in &mut plans {
            seller::apply(&owner, &mut p.page);
            p.note.push_str("; ");
            p.note.push_str(&owner.note);
        }
    }
    plans
}

/// The winning plan's result.
pub(crate) struct Found {
    /// Listings in page order.
    pub listings: Vec<Listing>,
    /// Per listing: field → the rule that produced it.
    pub why: Vec<BTreeMap<String, String>>,
    /// Which listing source produced the cards.
    pub source: Option<String>,
    /// `method: note`, for `--explain`.
    pub description: String,
    /// A next-page link found by the generic rules (`rel=next`, "Next" links).
    pub next_page: Option<(Url, String)>,
}

/// Plans ranked by the score of what they extract, best first; plans that extract
/// nothing, or fail to compile, are dropped.
pub(super) fn rank(data: &PageData<'_>, want: Want) -> Vec<(Plan, f64, usize)> {
    let view = PageView {
        doc: data.doc,
        source: data.source,
        url: data.url,
        base: &data.base,
    };
    if want != Want::List && unavailable(data.doc).is_some() {
        return Vec::new();
    }
    let compiled: Vec<(Plan, PageRule)> = propose(&view, want)
        .into_iter()
        .filter_map(|p| compile(&p, data.url).ok().map(|r| (p, r)))
        .collect();
    let runner = PageData::new(
        data.doc,
        data.source,
        data.url,
        data.base.clone(),
        compiled.iter().map(|(_, r)| r),
    );
    let mut ranked: Vec<(Plan, f64, usize)> = compiled
        .into_iter()
        .filter_map(|(plan, rule)| {
            let (listings, _, _) = run_listings(&rule, &runner);
            let s = score(&listings) * plan.prior;
            (s > 0.0).then_some((plan, s, listings.len()))
        })
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1));
    ranked
}

/// Automatic extraction: the best plan's listings, or `None` when no plan finds any.
pub(super) fn extract(data: &PageData<'_>, want: Want) -> Option<Found> {
    let (plan, _, _) = rank(data, want).into_iter().next()?;
    let rule = compile(&plan, data.url).ok()?;
    let runner = PageData::new(
        data.doc,
        data.source,
        data.url,
        data.base.clone(),
        std::iter::once(&rule),
    );
    let (listings, why, source) = run_listings(&rule, &runner);
    if listings.is_empty() {
        return None;
    }
    Some(Found {
        listings,
        why,
        source,
        description: format!("{}: {}", plan.method.as_str(), plan.note),
        next_page: generic_next_page(data.doc, &data.base, data.url),
    })
}

/// Phrases of "this item is gone" pages, matched in short visible texts. Such a page is
/// not a listing, even when its meta tags still name the item and it shows other items.
const UNAVAILABLE: &[&str] = &[
    "page you requested can not be found",
    "page you requested cannot be found",
    "page you requested could not be found",
    "this item is no longer available",
    "this product is no longer available",
    "item is unavailable",
    "product is unavailable",
    "商品已下架",
    "宝贝已下架",
    "该商品已下架",
    "商品不存在",
    "宝贝不存在",
    "页面不存在",
    "artikel ist leider",
    "nicht mehr verfügbar",
    "ya no está disponible",
    "n'est plus disponible",
];

/// `Some(phrase)` when a short visible text says the item or page is gone.
pub(crate) fn unavailable(doc: &Html) -> Option<&'static str> {
    for node in doc.root_element().descendants() {
        let Node::Text(text) = node.value() else {
            continue;
        };
        let t = text.trim();
        if t.is_empty() || t.len() > 300 {
            continue;
        }
        let hidden = node.parent().and_then(ElementRef::wrap).is_some_and(|p| {
            matches!(
                p.value().name(),
                "script" | "style" | "template" | "noscript"
            )
        });
        if hidden {
            continue;
        }
        let lower = t.to_lowercase();
        if let Some(p) = UNAVAILABLE.iter().find(|p| lower.contains(*p)) {
            return Some(p);
        }
    }
    None
}

/// Texts and labels of "next page" links across languages.
const NEXT_WORDS: &[&str] = &[
    "next",
    "next page",
    "next »",
    "next ›",
    "next >",
    "»",
    "›",
    ">",
    "下一页",
    "下页",
    "siguiente",
    "weiter",
    "suivant",
    "próxima",
    "successivo",
];

/// The next result page by generic conventions: `link[rel=next]`, `a[rel=next]`, then a
/// link whose text, `aria-label` or `title` says "next".
pub(crate) fn generic_next_page(doc: &Html, base: &Url, url: &Url) -> Option<(Url, String)> {
    let sel = |s: &str| Selector::parse(s).ok();
    for (css, why) in [
        ("link[rel~=next][href]", "auto: link[rel=next]"),
        ("a[rel~=next][href]", "auto: a[rel=next]"),
    ] {
        let found = sel(css).and_then(|s| {
            doc.select(&s)
                .filter_map(|a| a.value().attr("href"))
                .filter_map(|h| resolve(base, h))
                .find(|u| u != url)
        });
        if let Some(u) = found {
            return Some((u, why.to_string()));
        }
    }
    let links = sel("a[href]")?;
    for a in doc.select(&links) {
        let text = super::collapse_whitespace(&a.text().collect::<String>()).to_lowercase();
        let label = a
            .value()
            .attr("aria-label")
            .or_else(|| a.value().attr("title"))
            .unwrap_or_default()
            .trim()
            .to_lowercase();
        let says_next = |s: &str| !s.is_empty() && NEXT_WORDS.contains(&s);
        if !(says_next(&text) || says_next(&label)) {
            continue;
        }
        if let Some(u) = a.value().attr("href").and_then(|h| resolve(base, h))
            && u != *url
        {
            return Some((u, "auto: a link that says next".to_string()));
        }
    }
    None
}

/// A plan compiled into a page rule of the ordinary engine.
pub(crate) fn compile(plan: &Plan, url: &Url) -> Result<PageRule, String> {
    let text = profile_toml(&[(plan, "auto", ".*")], url, "auto");
    let profile = SiteProfile::from_toml(Path::new("<automatic extraction>"), &text)
        .map_err(|e| format!("{e:#}"))?;
    profile
        .pages
        .into_iter()
        .next()
        .ok_or_else(|| "no page rule".to_string())
}

/// A whole profile (name, start URL, hosts, one `[[page]]` per plan) as TOML text.
pub(crate) fn profile_toml(pages: &[(&Plan, &str, &str)], url: &Url, name: &str) -> String {
    let mut root = toml::Table::new();
    root.insert("name".into(), name.into());
    root.insert(
        "start_urls".into(),
        toml::Value::Array(vec![url.as_str().into()]),
    );
    let host = url.host_str().unwrap_or("localhost").to_ascii_lowercase();
    root.insert("hosts".into(), toml::Value::Array(vec![host.into()]));
    let mut list = Vec::new();
    for (plan, kind, pattern) in pages {
        let mut page = toml::Table::new();
        page.insert("kind".into(), (*kind).into());
        page.insert("url_pattern".into(), (*pattern).into());
        for (k, v) in &plan.page {
            page.insert(k.clone(), v.clone());
        }
        list.push(toml::Value::Table(page));
    }
    root.insert("page".into(), toml::Value::Array(list));
    toml::to_string(&root).unwrap_or_default()
}

/// A result's worth: how many listings, and how complete. Titles are required; fields
/// weigh by what a brand-protection analyst needs most.
pub(crate) fn score(listings: &[super::Listing]) -> f64 {
    let mut titles = std::collections::HashSet::new();
    let mut total = 0.0;
    for l in listings {
        let Some(title) = l.title.as_deref() else {
            continue;
        };
        let len = title.chars().count();
        if !(2..=400).contains(&len) {
            continue;
        }
        // Repeated titles are navigation or boilerplate, not records.
        let weight = if titles.insert(title.to_lowercase()) {
            1.0
        } else {
            0.2
        };
        let mut s = 3.0;
        for (field, w) in [
            ("price", 2.0),
            ("product_url", 2.0),
            ("seller_name", 1.0),
            ("moq", 1.0),
            ("product_id", 0.5),
            ("seller_url", 0.5),
            ("location", 0.5),
        ] {
            if l.get(field).is_some() {
                s += w;
            }
        }
        total += s * weight;
    }
    total
}

/// Suggested `url_pattern` for pages like `url`: the first path segment (or the path's
/// shape for detail pages with ids), anchored.
pub fn url_pattern_for(url: &Url) -> String {
    let path = url.path();
    let first = path
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    if first.is_empty() {
        return "^/($|\\?)".to_string();
    }
    // A segment that carries a number is an id: keep the literal part before it.
    let literal: String = first
        .chars()
        .take_while(|c| !c.is_ascii_digit())
        .collect::<String>();
    let literal = literal.trim_end_matches(['-', '_', '.']);
    if literal.is_empty() {
        return "^/".to_string();
    }
    format!("^/{}", regex::escape(literal))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_patterns_keep_the_literal_head() {
        let u = |s: &str| Url::parse(s).expect("url");
        assert_eq!(
            url_pattern_for(&u("https://a.com/w/wholesale-x.html")),
            "^/w"
        );
        assert_eq!(url_pattern_for(&u("https://a.com/item/123.html")), "^/item");
        assert_eq!(url_pattern_for(&u("https://a.com/")), "^/($|\\?)");
        assert_eq!(url_pattern_for(&u("https://a.com/123.html")), "^/");
    }

    #[test]
    fn generated_profiles_compile() {
        let mut page = toml::Table::new();
        page.insert("listing".into(), "div.card".into());
        let mut fields = toml::Table::new();
        fields.insert("title".into(), "h2 a".into());
        page.insert("fields".into(), toml::Value::Table(fields));
        let plan = Plan {
            method: Method::DomRecords,
            shape: Shape::List,
            page,
            note: String::new(),
            prior: 1.0,
        };
        let url = Url::parse("https://dir.example.com/search?q=x").expect("url");
        let rule = compile(&plan, &url).expect("compiles");
        assert_eq!(rule.kind, "auto");
    }
}
