//! The page's own seller: on a page that belongs to one seller (a store, a showroom, a
//! supplier's microsite), the seller's name, link and location, for listings that show
//! none of their own.
//!
//! A page belongs to one seller when its address says so, by general conventions only:
//! - a **store host** — a subdomain of the directory with a name and a language or region
//!   label above its registrable domain (`name.en.example.com`), the way directories give
//!   each seller a site;
//! - a **seller path** — the address is a store / shop / seller / supplier / company path
//!   (`/store/2155`, `/shop/name`);
//! - a **seller folder** — most of the page's product links lie under the page's own first
//!   path segment (`/acme-tools/…` on the directory's host), as microsites do.
//!
//! The name is the element that best looks like the seller's: a company form (`Co., Ltd`,
//! `Factory`, `有限公司`), a heading, class names of a seller's name, a link to the seller's
//! home, the page title naming it; never the directory's own name. The link is the
//! seller's home as the page links it (around the name, else the first such link), else
//! the canonical URL when it is that home. The location is the first place-shaped text
//! after the name (see `place`), or a country code in an element named a country. Every
//! value is a `scope = "page"` rule in the profile language, so `profile suggest` prints
//! it and `extract` reproduces it. Nothing is proposed on other pages: a search page's
//! heading is not a seller.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Selector};

use super::super::collapse_whitespace;
use super::super::rules::element_text;
use super::dom::{name_like, page_selector, product_like, seller_like};
use super::{PageView, place};

/// The page seller's field rules, and how the page was recognised.
pub(super) struct PageSeller {
    /// `(field, rule)` for `seller_name`, `seller_url`, `location`, as found.
    pub fields: Vec<(&'static str, toml::Value)>,
    /// For `--explain`: `page seller (store host): name h1.x, url a.y, location div.z`.
    pub note: String,
}

/// Elements of a page scanned for the seller's name (document order).
const SCAN: usize = 6000;

static COMPANY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)\b(?:co\.?\s*,?\s*(?:ltd|limited)|company|limited|ltd\.?|inc\.?|llc|l\.l\.c|corp\.?|corporation|gmbh|pvt\.?|private|enterprises?|industr(?:y|ies|ial)|factory|trading|manufactur\w*|group)(?:\W|$)|有限公司|公司|商行|工厂|厂$|旗舰店|专营店|专卖店",
    )
    .ok()
});

fn company_form(t: &str) -> bool {
    COMPANY.as_ref().is_some_and(|re| re.is_match(t))
}

/// Second-level labels under which country domains register names (`example.co.uk`).
const SECOND_LEVEL: &[&str] = &["co", "com", "net", "org", "gov", "ac", "edu", "ne", "or"];

/// The labels of `host` above its registrable domain, outermost first.
fn sub_labels(host: &str) -> (Vec<&str>, String) {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let keep = if n >= 3 && labels[n - 1].len() == 2 && SECOND_LEVEL.contains(&labels[n - 2]) {
        3
    } else {
        2
    };
    let split = n.saturating_sub(keep);
    (labels[..split].to_vec(), labels[split..].join("."))
}

/// Whether `host` is a seller's own site under the directory (`name.en.example.com`): a
/// name label above a language or region label, above the registrable domain.
fn store_host(host: &str) -> bool {
    const GENERIC: &[&str] = &[
        "www", "m", "s", "mobile", "wap", "detail", "item", "items", "search", "img", "image",
        "static", "cdn", "api", "secure", "login", "my", "help", "shop", "store", "global", "sale",
        "offer", "product", "products", "list",
    ];
    let (subs, _) = sub_labels(host);
    subs.len() >= 2 && !GENERIC.contains(&subs[0]) && subs[1].len() <= 3
}

/// The directory's own name as it would appear in text (`made-in-china`, `alibaba`).
fn site_word(host: &str) -> String {
    let (_, reg) = sub_labels(host);
    reg.split('.')
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase()
}

/// How the page belongs to one seller, and its home as a predicate on links.
enum Kind {
    /// `name.en.example.com`: home is that host's root or index page.
    StoreHost,
    /// `/store/2155`: home is the page's own path.
    SellerPath,
    /// `/acme-tools/…`: home is that folder.
    Folder(String),
}

fn kind(view: &PageView<'_>) -> Option<Kind> {
    let host = view.url.host_str()?;
    if store_host(host) {
        return Some(Kind::StoreHost);
    }
    if seller_like(view.url.as_str()) {
        return Some(Kind::SellerPath);
    }
    // A folder: the page's first path segment holds most of its product links.
    let first = view
        .url
        .path()
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    if first.is_empty() || first.contains('.') || product_like(&format!("/{first}/")) {
        return None;
    }
    let links = Selector::parse("a[href]").ok()?;
    let folder = format!("/{first}/");
    let (mut products, mut inside) = (0usize, 0usize);
    for a in view.doc.select(&links) {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        if !product_like(href) {
            continue;
        }
        products += 1;
        // Only links that name the folder, or are relative to the page, are resolved.
        let relative = !(href.starts_with('/') || href.contains("://"));
        if !(relative || href.contains(&folder)) {
            continue;
        }
        let Ok(u) = view.base.join(href.trim()) else {
            continue;
        };
        if u.host_str() == Some(host) && u.path().starts_with(&folder) {
            inside += 1;
        }
    }
    (products >= 5 && inside * 5 >= products * 4).then(|| Kind::Folder(first.to_string()))
}

/// Whether `href` leads to the seller's home.
fn home(view: &PageView<'_>, kind: &Kind, href: &str) -> bool {
    let Ok(u) = view.base.join(href.trim()) else {
        return false;
    };
    if u.host_str() != view.url.host_str() {
        return false;
    }
    let path = u.path();
    match kind {
        Kind::StoreHost => matches!(
            path,
            "" | "/" | "/index.html" | "/index.htm" | "/index.php" | "/home" | "/home.html"
        ),
        Kind::SellerPath => path.trim_end_matches('/') == view.url.path().trim_end_matches('/'),
        Kind::Folder(f) => {
            let p = path.trim_matches('/');
            p == f || p == format!("{f}/index.html")
        }
    }
}

/// The page's seller, when the page belongs to one.
pub(super) fn page_seller(view: &PageView<'_>) -> Option<PageSeller> {
    let kind = kind(view)?;
    let host = view.url.host_str().unwrap_or_default();
    let site = site_word(host);
    let title = page_title(view);
    let site_name = meta(view, "og:site_name").map(|s| s.to_lowercase());
    let is_home = |a: ElementRef<'_>| {
        a.value().name() == "a" && a.value().attr("href").is_some_and(|h| home(view, &kind, h))
    };

    // The name: the best-scoring element, the earliest among equals.
    let mut best: Option<(f64, ElementRef<'_>, String)> = None;
    for el in view
        .doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .take(SCAN)
    {
        let tag = el.value().name();
        if matches!(
            tag,
            "script" | "style" | "head" | "noscript" | "template" | "svg"
        ) {
            continue;
        }
        let words = format!(
            "{} {}",
            el.value().attr("class").unwrap_or_default(),
            el.value().id().unwrap_or_default()
        )
        .to_ascii_lowercase();
        let heading = matches!(tag, "h1" | "h2" | "h3");
        let named = [
            "company", "shop", "store", "seller", "supplier", "vendor", "merchant",
        ]
        .iter()
        .any(|w| words.contains(w))
            && ["name", "title", "tit"].iter().any(|w| words.contains(w));
        let linked_home = is_home(el);
        if !(heading || named || linked_home) {
            continue;
        }
        let Some(text) = short_text(el, 150) else {
            continue;
        };
        let lower = text.to_lowercase();
        if text.chars().count() > 100
            || !name_like(&text)
            || lower.contains(&site)
            || site_name.as_deref() == Some(lower.as_str())
            || place::place_text(&text)
        {
            continue;
        }
        let near_home = linked_home
            || el
                .ancestors()
                .filter_map(ElementRef::wrap)
                .take(3)
                .any(is_home)
            || el.descendants().filter_map(ElementRef::wrap).any(is_home);
        let mut score = 0.0;
        if company_form(&text) {
            score += 2.0;
        }
        if tag == "h1" {
            score += 1.5;
        } else if heading {
            score += 0.5;
        }
        if named {
            score += 1.0;
        }
        if near_home {
            score += 2.0;
        }
        if title.as_deref().is_some_and(|t| names_in_title(t, &text)) {
            score += 1.5;
        }
        if score >= 2.5 && best.as_ref().is_none_or(|(s, _, _)| score > *s) {
            best = Some((score, el, text));
        }
    }
    let (_, name_el, _) = best?;
    // Read the name from the outermost element with the same text (a selectable one).
    let name_el = outermost_same_text(name_el);
    let name_css = page_selector(view, name_el)?;
    let mut fields = vec![("seller_name", page_rule(&name_css, None, None))];
    let mut note = format!("name `{name_css}`");

    // The link: around or inside the name, else the first link home, else canonical.
    let around = std::iter::once(name_el)
        .chain(name_el.ancestors().filter_map(ElementRef::wrap).take(3))
        .find(|e| is_home(*e))
        .or_else(|| {
            name_el
                .descendants()
                .filter_map(ElementRef::wrap)
                .find(|e| is_home(*e))
        });
    let first_home = || {
        let links = Selector::parse("a[href]").ok()?;
        view.doc.select(&links).find(|a| is_home(*a))
    };
    let url_rule = around
        .or_else(first_home)
        .and_then(|a| page_selector(view, a))
        .map(|css| {
            note.push_str(&format!(", url `{css}`"));
            page_rule(&css, Some("href"), None)
        })
        .or_else(|| {
            let canonical = Selector::parse("link[rel=canonical][href]").ok()?;
            let href = view.doc.select(&canonical).next()?.value().attr("href")?;
            home(view, &kind, href).then(|| {
                note.push_str(", url the canonical link");
                page_rule("link[rel=canonical]", Some("href"), None)
            })
        });
    if let Some(r) = url_rule {
        fields.push(("seller_url", r));
    }

    if let Some((css, label)) = location_after(view, name_el) {
        note.push_str(&format!(", location `{css}`"));
        fields.push(("location", page_rule(&css, None, label.as_deref())));
    }
    let why = match kind {
        Kind::StoreHost => "a store host",
        Kind::SellerPath => "a seller path",
        Kind::Folder(_) => "a seller folder",
    };
    Some(PageSeller {
        fields,
        note: format!("page seller ({why}): {note}"),
    })
}

/// The first location after the seller's name: a text that is a place (whole or after a
/// location label), or a country code in an element named a country.
fn location_after(view: &PageView<'_>, name: ElementRef<'_>) -> Option<(String, Option<String>)> {
    let mut after = false;
    for el in view
        .doc
        .root_element()
        .descendants()
        .filter_map(ElementRef::wrap)
        .take(SCAN * 2)
    {
        if el.id() == name.id() {
            after = true;
            continue;
        }
        if !after
            || matches!(
                el.value().name(),
                "script" | "style" | "head" | "noscript" | "template" | "svg" | "title"
            )
        {
            continue;
        }
        let Some(text) = short_text(el, 200) else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        let kids_have = |f: &dyn Fn(&str) -> bool| {
            el.children()
                .filter_map(ElementRef::wrap)
                .any(|k| f(&collapse_whitespace(&element_text(k, None))))
        };
        if place::place_text(&text) && !kids_have(&place::place_text) {
            let el = outermost_same_text(el);
            return page_selector(view, el).map(|css| (css, None));
        }
        if let Some(label) = place::labelled_place(&text)
            && !kids_have(&|t: &str| place::labelled_place(t).is_some())
        {
            return page_selector(view, el).map(|css| (css, Some(label)));
        }
        let words = el
            .value()
            .attr("class")
            .unwrap_or_default()
            .to_ascii_lowercase();
        if words.contains("country")
            && text.len() == 2
            && text.chars().all(|c| c.is_ascii_uppercase())
        {
            return page_selector(view, el).map(|css| (css, None));
        }
        if let Some(k) = el
            .children()
            .filter_map(ElementRef::wrap)
            .find(|k| {
                let t = collapse_whitespace(&element_text(*k, None));
                t.len() == 2 && t.chars().all(|c| c.is_ascii_uppercase())
            })
            .filter(|_| words.contains("country"))
        {
            return page_selector(view, k).map(|css| (css, None));
        }
    }
    None
}

/// The element's text, collapsed, or `None` when it has more than `cap` characters that
/// are not whitespace (checked before the text is built: most elements of a page are
/// large).
fn short_text(el: ElementRef<'_>, cap: usize) -> Option<String> {
    let mut n = 0;
    for t in el.text() {
        n += t.chars().filter(|c| !c.is_whitespace()).count();
        if n > cap {
            return None;
        }
    }
    Some(collapse_whitespace(&element_text(el, None)))
}

/// The outermost ancestor-or-self whose text is the same as `el`'s.
fn outermost_same_text(el: ElementRef<'_>) -> ElementRef<'_> {
    let text = collapse_whitespace(&element_text(el, None));
    let mut cur = el;
    for a in el.ancestors().filter_map(ElementRef::wrap).take(4) {
        if matches!(a.value().name(), "body" | "html") {
            break;
        }
        if collapse_whitespace(&element_text(a, None)) == text {
            cur = a;
        } else {
            break;
        }
    }
    cur
}

/// Whether the page title names `name` as one of its ` - `, ` | `, `_` separated parts.
fn names_in_title(title: &str, name: &str) -> bool {
    let name = name.to_lowercase();
    let mut parts = vec![title.to_lowercase()];
    for sep in [" - ", " | ", "_", " – ", " — "] {
        parts = parts
            .iter()
            .flat_map(|p| p.split(sep).map(str::to_string).collect::<Vec<_>>())
            .collect();
    }
    parts.iter().any(|p| p.trim() == name)
}

fn page_title(view: &PageView<'_>) -> Option<String> {
    let sel = Selector::parse("title").ok()?;
    let t = view
        .doc
        .select(&sel)
        .next()
        .map(|t| collapse_whitespace(&t.text().collect::<String>()))
        .filter(|t| !t.is_empty());
    t.or_else(|| meta(view, "og:title"))
}

fn meta(view: &PageView<'_>, property: &str) -> Option<String> {
    let sel = Selector::parse(&format!("meta[property='{property}'][content]")).ok()?;
    view.doc
        .select(&sel)
        .next()
        .and_then(|m| m.value().attr("content"))
        .map(collapse_whitespace)
        .filter(|s| !s.is_empty())
}

fn page_rule(css: &str, attr: Option<&str>, label: Option<&str>) -> toml::Value {
    let mut t = toml::Table::new();
    t.insert("css".into(), css.into());
    if let Some(a) = attr {
        t.insert("attr".into(), a.into());
    }
    if let Some(l) = label {
        t.insert("contains".into(), l.into());
        t.insert("remove".into(), toml::Value::Array(vec![l.into()]));
    }
    t.insert("scope".into(), "page".into());
    toml::Value::Table(t)
}

/// Adds the page seller's rules to a plan: a field the plan lacks gets the rule, a field
/// it has gets it as the last fallback (listings that show no seller of their own).
pub(super) fn apply(seller: &PageSeller, page: &mut toml::Table) {
    let Some(fields) = page
        .entry("fields")
        .or_insert_with(|| toml::Value::Table(toml::Table::new()))
        .as_table_mut()
    else {
        return;
    };
    for (name, rule) in &seller.fields {
        match fields.remove(*name) {
            None => {
                fields.insert((*name).into(), rule.clone());
            }
            Some(toml::Value::Array(mut chain)) => {
                chain.push(rule.clone());
                fields.insert((*name).into(), toml::Value::Array(chain));
            }
            Some(other) => {
                fields.insert(
                    (*name).into(),
                    toml::Value::Array(vec![other, rule.clone()]),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn store_hosts_are_name_and_language_labels_above_the_domain() {
        assert!(store_host("acme.en.example.com"));
        assert!(store_host("acme-tools.en.example.co.uk"));
        assert!(!store_host("www.example.com"));
        assert!(!store_host("www.example.co.uk"));
        assert!(!store_host("search.example.com"));
        assert!(!store_host("www.en.example.com"));
        assert!(!store_host("img.cdn.example.com"));
    }

    use crate::extract::extract_auto;

    fn grid(prefix: &str) -> String {
        (1..=5)
            .map(|i| {
                format!(
                    r#"<div class="prod"><a class="t" href="{prefix}/product/{i}0000001/kettle.html">Stainless steel electric kettle model {i}</a>
                    <span class="price">US$ {i}.50</span></div>"#
                )
            })
            .collect()
    }

    fn store_page(products: &str) -> String {
        format!(
            r#"<html><head><title>Kettles - Acme Housewares Co., Ltd.</title></head><body>
            <div class="head"><div class="sign"><a href="https://acme.en.dir.example.com/"><h1>Acme Housewares Co., Ltd.</h1></a></div>
            <div class="info"><div class="addr">Zhejiang, China</div></div></div>
            <div class="grid">{products}</div></body></html>"#
        )
    }

    #[test]
    fn a_store_hosts_seller_fills_its_listings() {
        let url =
            url::Url::parse("https://acme.en.dir.example.com/product-list-1.html").expect("url");
        let (e, why) = extract_auto(&url, &store_page(&grid("https://acme.en.dir.example.com")));
        assert_eq!(e.listings.len(), 5);
        for l in &e.listings {
            assert_eq!(l.seller_name.as_deref(), Some("Acme Housewares Co., Ltd."));
            assert_eq!(
                l.seller_url.as_deref(),
                Some("https://acme.en.dir.example.com/")
            );
            assert_eq!(l.location.as_deref(), Some("Zhejiang, China"));
        }
        let auto = why.auto.unwrap_or_default();
        assert!(auto.contains("page seller (a store host)"), "{auto}");
        assert!(
            why.listings[0]["seller_name"].contains("scope")
                || why.listings[0]["seller_name"].contains("css"),
            "{:?}",
            why.listings[0]
        );
    }

    #[test]
    fn a_search_page_has_no_page_seller() {
        // The same header on the directory's own search page names no seller.
        let url = url::Url::parse("https://www.dir.example.com/search?q=kettle").expect("url");
        let (e, _) = extract_auto(&url, &store_page(&grid("")));
        assert_eq!(e.listings.len(), 5);
        assert!(
            e.listings
                .iter()
                .all(|l| l.seller_name.is_none() && l.seller_url.is_none() && l.location.is_none())
        );
    }

    #[test]
    fn a_seller_folder_on_the_directory_host() {
        let cards: String = (1..=6)
            .map(|i| {
                format!(
                    r#"<li class="it"><a href="/acme-signs/board-2850{i}00000.html">LED outdoor sign board model {i}</a><span class="p">₹ {i},500</span></li>"#
                )
            })
            .collect();
        let html = format!(
            r#"<html><head><title>Acme Signs - Manufacturer of Sign Boards from Pune</title>
            <link rel="canonical" href="https://dir.example.com/acme-signs/"></head><body>
            <div class="hd"><h1 class="nm"><a href="javascript:void(0)">Acme Signs</a></h1>
            <a class="loc"><span></span><span>Shivaji Nagar, Pune, Maharashtra</span></a></div>
            <ul class="prods">{cards}</ul></body></html>"#
        );
        let url = url::Url::parse("https://dir.example.com/acme-signs/").expect("url");
        let (e, why) = extract_auto(&url, &html);
        assert_eq!(e.listings.len(), 6, "{:?}", why.auto);
        for l in &e.listings {
            assert_eq!(l.seller_name.as_deref(), Some("Acme Signs"));
            assert_eq!(
                l.seller_url.as_deref(),
                Some("https://dir.example.com/acme-signs/")
            );
            assert_eq!(
                l.location.as_deref(),
                Some("Shivaji Nagar, Pune, Maharashtra")
            );
        }
    }

    #[test]
    fn company_forms() {
        assert!(company_form("Dongguan Acme Electric CO., LTD"));
        assert!(company_form("Acme Furniture Factory"));
        assert!(company_form("深圳市某某科技有限公司"));
        assert!(!company_form("Sign Boards and Standees"));
    }
}
