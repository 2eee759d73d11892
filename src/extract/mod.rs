//! Extraction: a site profile applied to one decoded page gives listings and links.
//!
//! This is a pure, synchronous function of its inputs (page URL, page text, profile):
//! no I/O, no clock, no globals, so it can be tested and benchmarked offline and re-run
//! over stored evidence. `scraper::Html` is not `Send`; it never leaves [`SiteProfile::extract`].
//! It does not fetch, decode bytes (see [`crate::decode`]), canonicalise or scope links
//! (the frontier does), or judge brands (see [`crate::detect`]).

mod profile;

use std::collections::HashSet;

use scraper::{ElementRef, Html, Selector};
use serde::Serialize;
use url::Url;

pub use profile::{FieldRule, PageRule, SiteProfile};

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
}

/// What one page yields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Extraction {
    /// The page is a block page (captcha, access denied, login wall), not content.
    pub blocked: bool,
    /// Listings in page order.
    pub listings: Vec<Listing>,
    /// The next result page, if the page has one.
    pub next_page: Option<Url>,
    /// Every link the profile says to follow (product, seller and pagination pages),
    /// absolute, in page order, without duplicates. Includes `next_page`.
    #[serde(skip)]
    pub follow: Vec<Url>,
}

/// Block-page markers every profile gets, matched case-insensitively in the page text.
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
        let doc = Html::parse_document(html);
        let base = base_url(&doc, url);
        let mut out = Extraction {
            blocked: self.is_block_page(html),
            ..Extraction::default()
        };
        if out.blocked {
            return out;
        }
        let Some(page) = self.page_for(url) else {
            out.listings = json_ld_products(&doc, &base);
            return out;
        };
        if let Some(container) = &page.listing {
            for card in doc.select(container) {
                let listing = listing_from(card, page, &base);
                if listing != Listing::default() {
                    out.listings.push(listing);
                }
            }
        }
        if out.listings.is_empty() {
            out.listings = json_ld_products(&doc, &base);
        }
        let mut seen = HashSet::new();
        if let Some(next) = &page.next_page {
            out.next_page = doc
                .select(next)
                .filter_map(|a| a.value().attr("href"))
                .find_map(|h| resolve(&base, h));
        }
        for sel in &page.follow {
            for a in doc.select(sel) {
                if let Some(u) = a.value().attr("href").and_then(|h| resolve(&base, h))
                    && seen.insert(u.clone())
                {
                    out.follow.push(u);
                }
            }
        }
        if let Some(next) = &out.next_page
            && seen.insert(next.clone())
        {
            out.follow.push(next.clone());
        }
        out
    }

    fn is_block_page(&self, html: &str) -> bool {
        let lower = html.to_lowercase();
        self.block_markers
            .iter()
            .map(String::as_str)
            .chain(DEFAULT_BLOCK_MARKERS.iter().copied())
            .any(|m| lower.contains(&m.to_lowercase()))
    }
}

fn base_url(doc: &Html, url: &Url) -> Url {
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
    base.join(href)
        .ok()
        .filter(|u| matches!(u.scheme(), "http" | "https"))
}

fn listing_from(card: ElementRef<'_>, page: &PageRule, base: &Url) -> Listing {
    let field = |name: &str| -> Option<String> {
        let rule = page.fields.get(name)?;
        let value = rule.apply(card)?;
        if matches!(name, "seller_url" | "product_url") {
            resolve(base, &value).map(String::from)
        } else {
            Some(value)
        }
    };
    Listing {
        title: field("title"),
        price: field("price"),
        moq: field("moq"),
        seller_name: field("seller_name"),
        seller_url: field("seller_url"),
        location: field("location"),
        product_url: field("product_url"),
        product_id: field("product_id"),
        description: field("description"),
    }
}

/// Collapses runs of whitespace to one space and trims.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Built-in fallback: `schema.org/Product` objects in JSON-LD scripts.
fn json_ld_products(doc: &Html, base: &Url) -> Vec<Listing> {
    let Some(sel) = static_selector(r#"script[type="application/ld+json"]"#) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for script in doc.select(&sel) {
        let text: String = script.text().collect();
        let Ok(value) = serde_json::from_str::<serde_json::Value>(&text) else {
            continue;
        };
        collect_products(&value, base, &mut out);
    }
    out
}

fn collect_products(v: &serde_json::Value, base: &Url, out: &mut Vec<Listing>) {
    use serde_json::Value;
    match v {
        Value::Array(items) => items.iter().for_each(|i| collect_products(i, base, out)),
        Value::Object(map) => {
            if let Some(graph) = map.get("@graph") {
                collect_products(graph, base, out);
            }
            let is_product = match map.get("@type") {
                Some(Value::String(t)) => t == "Product",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "Product"),
                _ => false,
            };
            if !is_product {
                return;
            }
            let s = |v: Option<&Value>| -> Option<String> {
                match v? {
                    Value::String(s) => Some(collapse_whitespace(s)).filter(|s| !s.is_empty()),
                    Value::Number(n) => Some(n.to_string()),
                    _ => None,
                }
            };
            let offer = match map.get("offers") {
                Some(Value::Array(a)) => a.first(),
                other => other,
            };
            let price = offer.and_then(|o| {
                let amount = s(o.get("price")).or_else(|| s(o.get("lowPrice")))?;
                Some(match s(o.get("priceCurrency")) {
                    Some(cur) => format!("{cur} {amount}"),
                    None => amount,
                })
            });
            let seller = offer.and_then(|o| o.get("seller"));
            out.push(Listing {
                title: s(map.get("name")),
                price,
                moq: offer
                    .and_then(|o| s(o.get("eligibleQuantity").and_then(|q| q.get("minValue")))),
                seller_name: seller.and_then(|x| s(x.get("name"))),
                seller_url: seller
                    .and_then(|x| s(x.get("url")))
                    .and_then(|u| resolve(base, &u))
                    .map(String::from),
                location: seller
                    .and_then(|x| x.get("address"))
                    .and_then(|a| s(a.get("addressCountry")).or_else(|| s(Some(a)))),
                product_url: s(map.get("url"))
                    .or_else(|| offer.and_then(|o| s(o.get("url"))))
                    .and_then(|u| resolve(base, &u))
                    .map(String::from),
                product_id: s(map.get("sku")).or_else(|| s(map.get("productID"))),
                description: s(map.get("description")),
            });
        }
        _ => {}
    }
}
