//! `profile suggest`: a starting site profile from what automatic extraction found.
//!
//! Each saved page is run through the finders; the winning plan becomes a `[[page]]`
//! kind (`product` for a one-listing page, `search` for a list) whose `url_pattern` is the
//! literal head of the page's path. Pages whose kinds share a pattern are merged into
//! fallback chains. The text is ordinary profile TOML: `greysweep check` accepts it and
//! `greysweep extract` with it gives what automatic extraction gave. This module only
//! writes text; it reads no files.

use std::fmt::Write as _;

use scraper::Html;
use url::Url;

use super::{Method, Plan, Shape, Want, generic_next_page, rank, url_pattern_for};
use crate::extract::{PageData, base_url};

/// What was suggested for one page.
#[derive(Debug, Clone)]
pub struct SuggestedPage {
    /// Where the page was served.
    pub url: Url,
    /// The page kind it became (`search` or `product`).
    pub kind: String,
    /// The `url_pattern` of that kind.
    pub url_pattern: String,
    /// How its listings were found.
    pub method: Method,
    /// What the finder read.
    pub note: String,
    /// How many listings the plan extracts from the page.
    pub listings: usize,
}

/// A suggested profile.
#[derive(Debug, Clone)]
pub struct Suggestion {
    /// The profile as TOML text.
    pub toml: String,
    /// Per page, what it contributed.
    pub pages: Vec<SuggestedPage>,
}

/// Why no profile could be suggested.
#[derive(Debug, thiserror::Error)]
pub enum SuggestError {
    /// No page was given.
    #[error("no pages given")]
    NoPages,
    /// Automatic extraction found no listing on a page.
    #[error("automatic extraction found no listings on {0}")]
    NothingFound(Url),
}

/// A merged page kind under construction.
struct Kind {
    kind: String,
    pattern: String,
    listing: Vec<toml::Value>,
    fields: toml::Table,
    rest: toml::Table,
    next_page: Option<toml::Value>,
    sources: Vec<String>,
}

/// Suggests a profile for `pages` (`(url, decoded html)`), all of one site.
pub fn suggest_profile(pages: &[(Url, String)]) -> Result<Suggestion, SuggestError> {
    let first = pages.first().ok_or(SuggestError::NoPages)?.0.clone();
    let mut kinds: Vec<Kind> = Vec::new();
    let mut report = Vec::new();
    for (url, html) in pages {
        let doc = Html::parse_document(html);
        let base = base_url(&doc, url);
        let data = PageData::new(&doc, html, url, base.clone(), std::iter::empty());
        let (plan, _, listings) = rank(&data, Want::Any)
            .into_iter()
            .next()
            .ok_or_else(|| SuggestError::NothingFound(url.clone()))?;
        let kind = match plan.shape {
            Shape::Single => "product",
            Shape::List => "search",
        };
        let pattern = url_pattern_for(url);
        let next = generic_next_page(&doc, &base, url).and_then(|(_, why)| next_page_rule(&why));
        report.push(SuggestedPage {
            url: url.clone(),
            kind: kind.to_string(),
            url_pattern: pattern.clone(),
            method: plan.method,
            note: plan.note.clone(),
            listings,
        });
        let source = format!(
            "{url} — {} ({}), {listings} listing(s)",
            plan.method.as_str(),
            plan.note
        );
        match kinds
            .iter_mut()
            .find(|k| k.kind == kind && k.pattern == pattern)
        {
            Some(k) => merge(k, &plan, next, source),
            None => {
                let mut k = Kind {
                    kind: kind.to_string(),
                    pattern,
                    listing: Vec::new(),
                    fields: toml::Table::new(),
                    rest: toml::Table::new(),
                    next_page: None,
                    sources: Vec::new(),
                };
                merge(&mut k, &plan, next, source);
                kinds.push(k);
            }
        }
    }
    // Detail kinds first: their patterns are usually the more specific.
    kinds.sort_by_key(|k| k.kind != "product");
    Ok(Suggestion {
        toml: render(&first, &kinds),
        pages: report,
    })
}

/// The profile rule for a generic next-page link, when the convention is expressible.
fn next_page_rule(why: &str) -> Option<toml::Value> {
    why.contains("rel=next")
        .then(|| toml::Value::from("link[rel~=next][href], a[rel~=next][href]"))
}

fn as_chain(v: &toml::Value) -> Vec<toml::Value> {
    match v {
        toml::Value::Array(a) => a.clone(),
        other => vec![other.clone()],
    }
}

fn push_unique(chain: &mut Vec<toml::Value>, items: Vec<toml::Value>) {
    for item in items {
        if !chain.contains(&item) {
            chain.push(item);
        }
    }
}

fn merge(k: &mut Kind, plan: &Plan, next: Option<toml::Value>, source: String) {
    k.sources.push(source);
    if let Some(listing) = plan.page.get("listing") {
        let items = as_chain(listing)
            .into_iter()
            .map(|v| match v {
                // A CSS string inside a chain must be a rule table.
                toml::Value::String(css) => {
                    let mut t = toml::Table::new();
                    t.insert("css".into(), css.into());
                    toml::Value::Table(t)
                }
                other => other,
            })
            .collect();
        push_unique(&mut k.listing, items);
    }
    if let Some(toml::Value::Table(fields)) = plan.page.get("fields") {
        for (name, rule) in fields {
            let mut chain = k.fields.get(name).map(as_chain).unwrap_or_default();
            push_unique(&mut chain, as_chain(rule));
            let value = if chain.len() == 1 {
                chain.remove(0)
            } else {
                toml::Value::Array(chain)
            };
            k.fields.insert(name.clone(), value);
        }
    }
    for (key, v) in &plan.page {
        if key != "listing" && key != "fields" && !k.rest.contains_key(key) {
            k.rest.insert(key.clone(), v.clone());
        }
    }
    if k.next_page.is_none() {
        k.next_page = next;
    }
}

/// A short site name from a host: `www.example.co.uk` → `example`.
fn site_name(host: &str) -> String {
    let labels: Vec<&str> = host.split('.').filter(|l| !l.is_empty()).collect();
    let skip = |l: &str| matches!(l, "www" | "m" | "en");
    let core = registrable(&labels);
    core.iter()
        .find(|l| !skip(l))
        .map(|l| l.to_string())
        .unwrap_or_else(|| host.to_string())
}

/// The labels of the registrable domain: the last two, or three when the second-level
/// label is a generic one (`co.uk`, `com.ph`).
fn registrable<'a>(labels: &[&'a str]) -> Vec<&'a str> {
    let n = labels.len();
    if n <= 2 {
        return labels.to_vec();
    }
    let sld = labels[n - 2];
    let take = if matches!(sld, "co" | "com" | "net" | "org" | "gov" | "ac" | "edu") {
        3
    } else {
        2
    };
    labels[n - take.min(n)..].to_vec()
}

/// A value in TOML's inline form (`{ css = "h2", attr = "href" }`).
fn inline(v: &toml::Value) -> String {
    match v {
        toml::Value::Table(t) => {
            let parts: Vec<String> = t
                .iter()
                .map(|(k, v)| format!("{} = {}", bare_key(k), inline(v)))
                .collect();
            format!("{{ {} }}", parts.join(", "))
        }
        toml::Value::Array(a) => {
            let parts: Vec<String> = a.iter().map(inline).collect();
            format!("[{}]", parts.join(", "))
        }
        other => other.to_string(),
    }
}

/// A fallback chain, one rule a line.
fn chain(items: &[toml::Value]) -> String {
    let mut s = String::from("[\n");
    for i in items {
        let _ = writeln!(s, "  {},", inline(i));
    }
    s.push(']');
    s
}

/// A key as TOML writes it: bare when it can be, quoted otherwise.
fn bare_key(k: &str) -> String {
    if !k.is_empty()
        && k.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        k.to_string()
    } else {
        toml::Value::from(k).to_string()
    }
}

fn render(first: &Url, kinds: &[Kind]) -> String {
    let host = first.host_str().unwrap_or("localhost").to_ascii_lowercase();
    let labels: Vec<&str> = host.split('.').collect();
    let domain = registrable(&labels).join(".");
    let scope = if host.parse::<std::net::IpAddr>().is_ok() || !domain.contains('.') {
        host.clone()
    } else {
        format!("*.{domain}")
    };
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# Suggested by `greysweep profile suggest` from what automatic extraction found.\n\
         # A starting point: check each rule with `greysweep extract --explain`, prefer stable\n\
         # sources, widen each url_pattern to the site's URL scheme, and add `follow`.\n"
    );
    let name = site_name(&host).replace(|c: char| !c.is_ascii_alphanumeric() && c != '-', "-");
    let _ = writeln!(out, "name = {}", inline(&name.into()));
    let _ = writeln!(
        out,
        "start_urls = [{}]",
        inline(&first.as_str().to_string().into())
    );
    let _ = writeln!(out, "hosts = [{}]", inline(&scope.into()));
    for k in kinds {
        out.push('\n');
        for s in &k.sources {
            let _ = writeln!(out, "# from {}", s.replace(['\n', '\r'], " "));
        }
        let _ = writeln!(out, "[[page]]");
        let _ = writeln!(out, "kind = {}", inline(&k.kind.clone().into()));
        let _ = writeln!(out, "url_pattern = {}", inline(&k.pattern.clone().into()));
        match k.listing.len() {
            0 => {}
            1 => {
                let only = match &k.listing[0] {
                    toml::Value::Table(t) if t.len() == 1 && t.contains_key("css") => {
                        t["css"].clone()
                    }
                    other => other.clone(),
                };
                let _ = writeln!(out, "listing = {}", inline(&only));
            }
            _ => {
                let _ = writeln!(out, "listing = {}", chain(&k.listing));
            }
        }
        for (key, v) in &k.rest {
            let _ = writeln!(out, "{} = {}", bare_key(key), inline(v));
        }
        if let Some(next) = &k.next_page {
            let _ = writeln!(out, "next_page = {}", inline(next));
        }
        for (name, rule) in &k.fields {
            let value = match rule {
                toml::Value::Array(items) => chain(items),
                other => inline(other),
            };
            let _ = writeln!(out, "fields.{} = {value}", bare_key(name));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_and_scopes() {
        assert_eq!(site_name("www.example.co.uk"), "example");
        assert_eq!(site_name("dir.example.com"), "example");
        assert_eq!(site_name("www.lazada.com.ph"), "lazada");
        assert_eq!(
            registrable(&["a", "b", "example", "com"]),
            ["example", "com"]
        );
    }

    #[test]
    fn a_json_ld_product_page_becomes_a_product_kind_that_compiles() {
        let html = r#"<html><head><script type="application/ld+json">
            {"@type":"Product","name":"Steel bottle 500 ml","sku":"88",
             "offers":{"@type":"Offer","price":"3.20","priceCurrency":"USD"}}
            </script></head><body><h1>Steel bottle</h1></body></html>"#;
        let url = Url::parse("https://dir.example.com/item/88.html").expect("url");
        let s = suggest_profile(&[(url.clone(), html.to_string())]).expect("suggests");
        assert_eq!(s.pages[0].kind, "product");
        assert!(s.toml.contains("url_pattern = \"^/item\""), "{}", s.toml);
        let profile =
            crate::extract::SiteProfile::from_toml(std::path::Path::new("s.toml"), &s.toml)
                .expect("the suggestion compiles");
        let got = profile.extract(&url, html);
        assert_eq!(got.listings.len(), 1);
        assert_eq!(
            got.listings[0].title.as_deref(),
            Some("Steel bottle 500 ml")
        );
        assert_eq!(got.listings[0].price.as_deref(), Some("$3.20"));
    }

    #[test]
    fn a_page_with_nothing_says_so() {
        let url = Url::parse("https://dir.example.com/about").expect("url");
        let err = suggest_profile(&[(url, "<p>About us</p>".into())]).expect_err("nothing");
        assert!(matches!(err, SuggestError::NothingFound(_)));
    }
}
