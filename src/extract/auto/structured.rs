//! Structured data finder: what the page declares about its products in schema.org
//! vocabulary or product meta tags, turned into profile rules.
//!
//! Sources, most trusted first:
//! - **JSON-LD** (`<script type="application/ld+json">`, arrays and `@graph` flattened by
//!   the engine, `@id` references followed by it): one `Product` object is a detail page
//!   ([`Shape::Single`]); several top-level `Product`s are a list unless the first is the
//!   page's own product (its URL is the page's canonical URL or its name the page's
//!   `og:title`) — then the others are related products and the page is single. An
//!   `ItemList` or `OfferCatalog` (never a `BreadcrumbList`), top-level or nested in a page
//!   object (`WebPage.mainEntity`), is a list whose items are `ListItem.item`, the
//!   `ListItem` itself (`name`/`url`), or `Offer.itemOffered`. A `Product` nested in a page
//!   object is a detail page.
//! - **Microdata** (`itemscope itemtype=…/Product`, `itemprop`) and **RDFa**
//!   (`typeof=Product`, `property`): the outermost product scopes are the cards; a
//!   property belongs to the product when it is not inside a nested item (brand, seller,
//!   review, related product, …); `content` attributes before text.
//! - **OpenGraph / product meta tags**, only when `og:type` says product or a
//!   `product:price:amount`/`og:price:amount` tag exists: a single listing from
//!   `og:title` (a trailing ` - Site`/` | Site` removed when it names the site, from
//!   `og:site_name` or the host), the canonical URL or `og:url`, the meta price, and the
//!   numeric id of that URL. Low prior: meta tags survive on pages whose item is gone.
//!
//! Prices are written in the page's style: the currency symbol the page prints before
//! the declared amount (`US$`, `$`, `₹`, with or without a space) is found in the page
//! source and mapped from the ISO code (`map`), ranges (`lowPrice`–`highPrice`) use the
//! page's separator; an `eligibleQuantity` is the MOQ. Sellers come from
//! `offers.seller` (name, url, address → location); a `brand` or `manufacturer` counts as
//! the seller only when its name has a company form (`Co., Ltd`, `有限公司`), because a
//! brand is usually the name being protected, not who sells. `product_id` is the `sku`
//! when the product URL carries it, else the URL's id, then `productID`/`sku`.
//!
//! It deliberately does not read page-level organisations (the site's publisher, a
//! store's `LocalBusiness`) into cards, never takes a location from shipping
//! destinations, and proposes nothing for pages without product markup. Every plan
//! requires a title. Reading is linear: one walk over the DOM, one parse of the JSON-LD,
//! a few substring searches of the source for the price style.

use std::collections::{BTreeMap, HashSet};

use scraper::ElementRef;
use serde_json::Value;
use toml::{Table, Value as Tv};

use super::{Method, PageView, Plan, Shape};
use crate::extract::rules::has_type;

/// Plans this finder proposes for the page.
pub(super) fn plans(view: &PageView<'_>) -> Vec<Plan> {
    let scan = Scan::of(view);
    let mut out = Vec::new();
    let objects = super::super::json_ld_objects(view.doc);
    if !objects.is_empty() {
        out.extend(json_ld_plans(view, &scan, &objects));
    }
    for (vocab, scopes) in [(&MICRODATA, &scan.microdata), (&RDFA, &scan.rdfa)] {
        if scopes.top > 0 {
            out.push(markup_plan(view, vocab, scopes));
        }
    }
    if let Some(p) = open_graph_plan(view, &scan) {
        out.push(p);
    }
    out
}

// ---------------------------------------------------------------------------------------
// One walk over the DOM.

/// Product scopes of one markup vocabulary.
#[derive(Default)]
struct Scopes {
    /// Product scopes not inside another product scope.
    top: usize,
    /// Whether the first of them contains an `<h1>` (it is the page's own product).
    first_has_h1: bool,
    /// An `itemprop=price`-like amount in the first scope (`content` or text).
    amount: Option<String>,
}

/// What one walk over the DOM finds.
#[derive(Default)]
struct Scan {
    /// `og:*`, `product:*`, `twitter:title` meta tags: key → content (first wins).
    meta: BTreeMap<String, String>,
    /// `link[rel=canonical]` href.
    canonical: Option<String>,
    microdata: Scopes,
    rdfa: Scopes,
}

impl Scan {
    fn of(view: &PageView<'_>) -> Scan {
        let mut scan = Scan::default();
        for node in view.doc.root_element().descendants() {
            let Some(el) = ElementRef::wrap(node) else {
                continue;
            };
            let e = el.value();
            match e.name() {
                "meta" => {
                    let key = e.attr("property").or_else(|| e.attr("name"));
                    if let (Some(k), Some(c)) = (key, e.attr("content")) {
                        let k = k.trim().to_ascii_lowercase();
                        if k.starts_with("og:") || k.starts_with("product:") || k == "twitter:title"
                        {
                            scan.meta.entry(k).or_insert_with(|| c.trim().to_string());
                        }
                    }
                }
                "link" if scan.canonical.is_none() => {
                    let canonical = e.attr("rel").is_some_and(|r| {
                        r.split_whitespace()
                            .any(|t| t.eq_ignore_ascii_case("canonical"))
                    });
                    if canonical {
                        scan.canonical = e.attr("href").map(|h| h.trim().to_string());
                    }
                }
                _ => {}
            }
            for (vocab, scopes) in [(&MICRODATA, &mut scan.microdata), (&RDFA, &mut scan.rdfa)] {
                if (vocab.is_product)(el)
                    && !el
                        .ancestors()
                        .filter_map(ElementRef::wrap)
                        .any(vocab.is_product)
                {
                    scopes.top += 1;
                    if scopes.top == 1 {
                        scopes.first_has_h1 = el
                            .descendants()
                            .filter_map(ElementRef::wrap)
                            .any(|d| d.value().name() == "h1");
                        scopes.amount = el
                            .descendants()
                            .filter_map(ElementRef::wrap)
                            .find(|d| {
                                d.value().attr(vocab.prop_attr).is_some_and(|p| {
                                    p.split_whitespace().any(|t| {
                                        let t = t.rsplit(':').next().unwrap_or(t);
                                        t == "price" || t == "lowPrice"
                                    })
                                })
                            })
                            .and_then(|d| {
                                d.value()
                                    .attr("content")
                                    .map(str::to_string)
                                    .or_else(|| Some(d.text().collect::<String>()))
                            })
                            .and_then(|t| number_in(&t));
                    }
                }
            }
        }
        scan
    }

    fn meta(&self, key: &str) -> Option<&str> {
        self.meta
            .get(key)
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

// ---------------------------------------------------------------------------------------
// Rule building.

/// One rule table under construction.
struct R(Table);

impl R {
    fn new(source: &str, value: impl Into<String>) -> R {
        let mut t = Table::new();
        t.insert(source.into(), Tv::String(value.into()));
        R(t)
    }
    fn css(sel: impl Into<String>) -> R {
        R::new("css", sel)
    }
    fn template(t: &str) -> R {
        R::new("template", t)
    }
    fn set(mut self, k: &str, v: impl Into<Tv>) -> R {
        self.0.insert(k.into(), v.into());
        self
    }
    fn attr(self, a: &str) -> R {
        self.set("attr", a)
    }
    fn page(self) -> R {
        self.set("scope", "page")
    }
    fn capture(self, re: &str) -> R {
        self.set("capture", re)
    }
    fn only_if(self, field: &str, re: &str) -> R {
        let mut g = Table::new();
        g.insert("field".into(), field.into());
        g.insert("matches".into(), re.into());
        self.set("only_if", Tv::Table(g))
    }
    fn map(self, m: &BTreeMap<String, String>) -> R {
        let t: Table = m
            .iter()
            .map(|(k, v)| (k.clone(), Tv::String(v.clone())))
            .collect();
        self.set("map", Tv::Table(t))
    }
}

/// Field name → fallback chain.
#[derive(Default)]
struct Fields(Table);

impl Fields {
    fn add(&mut self, name: &str, rules: Vec<R>) {
        if rules.is_empty() {
            return;
        }
        let chain = self
            .0
            .entry(name.to_string())
            .or_insert_with(|| Tv::Array(Vec::new()));
        if let Tv::Array(a) = chain {
            a.extend(rules.into_iter().map(|r| Tv::Table(r.0)));
        }
    }
    fn has(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

fn plan(
    method: Method,
    shape: Shape,
    listing: Option<Tv>,
    fields: Fields,
    note: String,
    prior: f64,
) -> Plan {
    let mut page = Table::new();
    if let Some(l) = listing {
        page.insert("listing".into(), l);
        page.insert("unique".into(), "product_url".into());
    }
    page.insert("fields".into(), Tv::Table(fields.0));
    page.insert("require".into(), Tv::Array(vec!["title".into()]));
    Plan {
        method,
        shape,
        page,
        note,
        prior,
    }
}

/// Keeps a value only when it shows a currency (symbol or code) and a digit.
const PRICE_WITH_CURRENCY: &str =
    r"^(.*?(?:\p{Sc}|\b[A-Z]{2,3}\b|\bRs\.?).*?\d.*|.*?\d.*?(?:\p{Sc}|\b[A-Z]{3}\b).*)$";
/// A price prefix that is a symbol (or ends with a space), not a bare ISO code.
const SYMBOLIC: &str = r"\P{L}$";
/// The listing's own id in its URL: an `id`-like query parameter, or a long number that
/// ends the path.
const URL_ID: &str = r"(?i)(?:[?&](?:id|item_?id|product_?id|offer_?id|goods_?id)=(\d{5,})|(\d{6,})(?:\.html?|\.htm)?/?(?:[?#].*)?$)";
/// Trims separators left around address parts (`"Colony, "`).
const TRIM_SEPARATORS: &str = r"^[\s,;]*(.*?)[\s,;]*$";
/// Company forms that make a brand or manufacturer name a seller's name.
const COMPANY_FORM: &str = r"(?i)^(.*(?:\bco\b\.?|\bcorp\b\.?|\bltd\b\.?|\blimited\b|\binc\b\.?|\bllc\b|\bgmbh\b|\bcompany\b|\bfactory\b|\btrading\b|\bmanufactur\w*|\bindustr\w*|有限公司|公司|厂).*)$";

/// Price fields (`_amount`, `_low`, `_high`, `_currency`, `_sym`, `price`) from rules that
/// read the amount, range bounds and currency code.
struct PriceRules {
    amount: Vec<R>,
    low: Vec<R>,
    high: Vec<R>,
    currency: Vec<R>,
    /// The same currency rules again (for the mapped symbol).
    symbol: Vec<R>,
    /// Rules yielding the whole price text as shown (tried first).
    shown: Vec<R>,
}

fn add_price(fields: &mut Fields, p: PriceRules, style: &Style) {
    let has_range = !p.low.is_empty() && !p.high.is_empty() && style.range;
    fields.add("_amount", p.amount);
    fields.add("_low", p.low);
    fields.add("_high", p.high);
    let has_currency = !p.currency.is_empty();
    fields.add("_currency", p.currency);
    fields.add(
        "_sym",
        p.symbol
            .into_iter()
            .map(|r| r.map(&style.symbols))
            .collect(),
    );
    let mut chain = p.shown;
    let sep = &style.sep;
    if has_range {
        if has_currency {
            chain.push(
                R::template(&format!("{{_sym}}{{_low}}{sep}{{_high}}")).only_if("_sym", SYMBOLIC),
            );
            chain.push(R::template(&format!(
                "{{_currency}} {{_low}}{sep}{{_high}}"
            )));
        }
        chain.push(R::template(&format!("{{_low}}{sep}{{_high}}")));
    }
    if fields.has("_amount") {
        if has_currency {
            chain.push(R::template("{_sym}{_amount}").only_if("_sym", SYMBOLIC));
            chain.push(R::template("{_currency} {_amount}"));
        }
        chain.push(R::template("{_amount}"));
    }
    if fields.has("_low") {
        if has_currency {
            chain.push(R::template("{_sym}{_low}").only_if("_sym", SYMBOLIC));
            chain.push(R::template("{_currency} {_low}"));
        }
        chain.push(R::template("{_low}"));
    }
    fields.add("price", chain);
}

/// Location from address parts (`_locality`, `_region`, `_country`), in that order, the
/// way addresses are written.
fn add_location(
    fields: &mut Fields,
    whole: Vec<R>,
    locality: Vec<R>,
    region: Vec<R>,
    country: Vec<R>,
) {
    let trim = |v: Vec<R>| v.into_iter().map(|r| r.capture(TRIM_SEPARATORS)).collect();
    fields.add("_locality", trim(locality));
    fields.add("_region", trim(region));
    fields.add("_country", trim(country));
    let mut chain: Vec<R> = trim(whole);
    if !fields.has("_locality") && !fields.has("_region") && !fields.has("_country") {
        fields.add("location", chain);
        return;
    }
    for t in [
        "{_locality}, {_region}, {_country}",
        "{_region}, {_country}",
        "{_locality}, {_country}",
        "{_locality}, {_region}",
        "{_country}",
        "{_region}",
        "{_locality}",
    ] {
        chain.push(R::template(t));
    }
    fields.add("location", chain);
}

// ---------------------------------------------------------------------------------------
// The page's price style.

/// How the page writes prices of one currency.
struct Style {
    /// ISO code → prefix as printed (`USD` → `US$`, `INR` → `₹ `).
    symbols: BTreeMap<String, String>,
    /// Range separator (`-`, ` - `).
    sep: String,
    /// Whether the product shows a range (low and high differ).
    range: bool,
}

/// Ways pages print a currency before an amount, longest first.
fn printed_forms(code: &str) -> &'static [&'static str] {
    match code {
        "USD" => &["US $", "US$", "USD", "$"],
        "EUR" => &["EUR", "€"],
        "GBP" => &["GBP", "£"],
        "CNY" | "RMB" => &["RMB", "CNY", "CN¥", "￥", "¥"],
        "JPY" => &["JPY", "JP¥", "￥", "¥"],
        "INR" => &["INR", "Rs.", "Rs", "₹"],
        "KRW" => &["KRW", "₩"],
        "RUB" => &["RUB", "руб.", "₽"],
        "BRL" => &["BRL", "R$"],
        "AUD" => &["AUD", "AU $", "AU$", "A$"],
        "CAD" => &["CAD", "CA $", "CA$", "C$"],
        _ => &[],
    }
}

/// The usual symbol of a currency when the page shows none.
const DEFAULT_SYMBOLS: &[(&str, &str)] = &[
    ("AUD", "AU$"),
    ("BRL", "R$"),
    ("CAD", "CA$"),
    ("CNY", "¥"),
    ("EUR", "€"),
    ("GBP", "£"),
    ("INR", "₹"),
    ("JPY", "¥"),
    ("KRW", "₩"),
    ("RMB", "¥"),
    ("RUB", "₽"),
    ("USD", "$"),
];

impl Style {
    /// The style for `code` and a sample `amount` (and range bounds) declared by the page.
    fn of(
        source: &str,
        code: Option<&str>,
        amount: Option<&str>,
        range: Option<(&str, &str)>,
    ) -> Style {
        let mut symbols: BTreeMap<String, String> = DEFAULT_SYMBOLS
            .iter()
            .map(|(c, s)| ((*c).to_string(), (*s).to_string()))
            .collect();
        let code = code.map(|c| c.trim().to_ascii_uppercase());
        let mut sep = "-".to_string();
        let range = range.filter(|(lo, hi)| lo != hi);
        if let Some(code) = &code {
            let sample = range.map(|(lo, _)| lo).or(amount);
            if let Some(shown) = sample.and_then(|a| shown_prefix(source, code, a)) {
                symbols.insert(code.clone(), shown);
            }
        }
        if let Some((lo, hi)) = range
            && let Some(s) = shown_separator(source, lo, hi)
        {
            sep = s;
        }
        Style {
            symbols,
            sep,
            range: range.is_some(),
        }
    }
}

/// The printed prefix (with a trailing space when the page has one) of the first
/// occurrence of `amount` in `source` that follows one of `code`'s printed forms, tags
/// and whitespace in between skipped.
fn shown_prefix(source: &str, code: &str, amount: &str) -> Option<String> {
    let forms = printed_forms(code);
    let all_forms = [code];
    let forms: &[&str] = if forms.is_empty() { &all_forms } else { forms };
    for (at, _) in source.match_indices(amount).take(500) {
        let next = source[at + amount.len()..].chars().next();
        if next.is_some_and(|c| c.is_ascii_digit()) {
            continue;
        }
        let mut start = at.saturating_sub(80);
        while !source.is_char_boundary(start) {
            start += 1;
        }
        let raw = &source[start..at];
        if raw.ends_with(|c: char| c.is_ascii_digit() || c == '.' || c == ',') {
            continue;
        }
        let (before, spaced) = strip_markup_tail(raw);
        if let Some(form) = forms.iter().find(|f| before.ends_with(**f)) {
            let space = if spaced { " " } else { "" };
            return Some(format!("{form}{space}"));
        }
    }
    None
}

/// `s` without trailing tags, comments, whitespace and `&nbsp;`; and whether whitespace
/// was among them.
fn strip_markup_tail(mut s: &str) -> (&str, bool) {
    let mut spaced = false;
    loop {
        let t = s.trim_end();
        if t.len() < s.len() {
            spaced = true;
        }
        s = t;
        if let Some(rest) = s
            .strip_suffix("&nbsp;")
            .or_else(|| s.strip_suffix("&#160;"))
        {
            spaced = true;
            s = rest;
        } else if s.ends_with('>') {
            match s.rfind('<') {
                Some(i) => s = &s[..i],
                None => return (s, spaced),
            }
        } else {
            return (s, spaced);
        }
    }
}

/// The separator the page prints between `low` and `high` (`-`, ` - `, `~`), tags
/// and whitespace around it skipped.
fn shown_separator(source: &str, low: &str, high: &str) -> Option<String> {
    for (at, _) in source.match_indices(low).take(500) {
        if source[..at].ends_with(|c: char| c.is_ascii_digit() || c == '.') {
            continue;
        }
        let (rest, before) = skip_markup_head(&source[at + low.len()..]);
        let Some(c) = rest.chars().next().filter(|c| matches!(c, '-' | '–' | '~')) else {
            continue;
        };
        let (rest, after) = skip_markup_head(&rest[c.len_utf8()..]);
        let ends = rest
            .strip_prefix(high)
            .is_some_and(|r| !r.starts_with(|c: char| c.is_ascii_digit()));
        if ends {
            let space = |b: bool| if b { " " } else { "" };
            return Some(format!("{}{c}{}", space(before), space(after)));
        }
    }
    None
}

/// `s` without leading tags, whitespace and `&nbsp;`; and whether whitespace was among
/// them.
fn skip_markup_head(mut s: &str) -> (&str, bool) {
    let mut spaced = false;
    for _ in 0..16 {
        let t = s.trim_start();
        if t.len() < s.len() {
            spaced = true;
        }
        s = t;
        if let Some(rest) = s
            .strip_prefix("&nbsp;")
            .or_else(|| s.strip_prefix("&#160;"))
        {
            spaced = true;
            s = rest;
        } else if s.starts_with('<') {
            match s.find('>') {
                Some(i) => s = &s[i + 1..],
                None => break,
            }
        } else {
            break;
        }
    }
    (s, spaced)
}

/// The first number in a text (`"US$ 3.99"` → `3.99`).
fn number_in(s: &str) -> Option<String> {
    let start = s.find(|c: char| c.is_ascii_digit())?;
    let rest = &s[start..];
    let end = rest
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end_matches(['.', ',']).to_string())
}

// ---------------------------------------------------------------------------------------
// JSON-LD.

/// Where product data sits in a JSON-LD object: the object's `@type` and a path prefix.
#[derive(Clone)]
struct Site {
    type_: Option<String>,
    prefix: String,
}

/// How rules read a product: from page-level JSON-LD objects, or card-relative in a JSON
/// listing (each base path tried in turn).
enum Reader<'a> {
    Page(&'a Site),
    Card(&'a [&'a str]),
}

impl Reader<'_> {
    /// One rule per base path and relative path, bases outermost.
    fn rules(&self, rels: &[&str]) -> Vec<R> {
        match self {
            Reader::Page(site) => rels
                .iter()
                .map(|rel| {
                    let r = R::new("jsonld", format!("{}{rel}", site.prefix));
                    match &site.type_ {
                        Some(t) => r.set("type", t.as_str()),
                        None => r,
                    }
                })
                .collect(),
            Reader::Card(bases) => bases
                .iter()
                .flat_map(|b| {
                    rels.iter()
                        .map(move |rel| R::new("json", format!("{b}{rel}")))
                })
                .collect(),
        }
    }
}

/// Offer objects of a product: one, the first of several, the first of an
/// `AggregateOffer`'s list.
const OFFERS: &[&str] = &["offers", "offers[0]", "offers.offers[0]"];
/// Sellers of a product.
const SELLERS: &[&str] = &[
    "offers.seller",
    "offers[0].seller",
    "offers.offers[0].seller",
    "seller",
];

fn under(bases: &[&str], rel: &str) -> Vec<String> {
    bases.iter().map(|b| format!("{b}.{rel}")).collect()
}

fn refs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

/// The fields of a product read through `reader`.
fn product_fields(
    reader: &Reader<'_>,
    style: &Style,
    id_first: bool,
    page_url_fallback: bool,
) -> Fields {
    let mut f = Fields::default();
    f.add("title", reader.rules(&["name"]));
    let with_spec = |rel: &str| {
        let mut v = under(OFFERS, rel);
        v.extend(under(
            &[
                "offers.priceSpecification",
                "offers.priceSpecification[0]",
                "offers[0].priceSpecification",
                "offers[0].priceSpecification[0]",
            ],
            rel,
        ));
        v
    };
    add_price(
        &mut f,
        PriceRules {
            amount: reader.rules(&refs(&with_spec("price"))),
            low: reader.rules(&refs(&under(&["offers", "offers[0]"], "lowPrice"))),
            high: reader.rules(&refs(&under(&["offers", "offers[0]"], "highPrice"))),
            currency: reader.rules(&refs(&with_spec("priceCurrency"))),
            symbol: reader.rules(&refs(&with_spec("priceCurrency"))),
            shown: Vec::new(),
        },
        style,
    );
    let q = |rel: &str| {
        under(
            &[
                "offers.eligibleQuantity",
                "offers[0].eligibleQuantity",
                "offers.priceSpecification.eligibleQuantity",
                "offers[0].priceSpecification.eligibleQuantity",
            ],
            rel,
        )
    };
    f.add(
        "_moq_n",
        reader
            .rules(&refs(&q("minValue")))
            .into_iter()
            .chain(reader.rules(&refs(&q("value"))))
            .collect(),
    );
    f.add("_moq_unit", reader.rules(&refs(&q("unitText"))));
    f.add(
        "moq",
        vec![R::template("{_moq_n} {_moq_unit}"), R::template("{_moq_n}")],
    );

    let mut seller = reader.rules(&refs(&under(SELLERS, "name")));
    seller.extend(reader.rules(SELLERS));
    seller.extend(
        reader
            .rules(&["brand.name", "manufacturer.name", "brand", "manufacturer"])
            .into_iter()
            .map(|r| r.capture(COMPANY_FORM)),
    );
    f.add("seller_name", seller);
    let mut seller_url = reader.rules(&refs(&under(SELLERS, "url")));
    seller_url.extend(
        reader
            .rules(&refs(&under(SELLERS, "@id")))
            .into_iter()
            .map(|r| r.capture(r"^(https?://[^#]+)$")),
    );
    f.add("seller_url", seller_url);

    let addresses: Vec<String> = SELLERS
        .iter()
        .map(|s| format!("{s}.address"))
        .chain([
            "offers.availableAtOrFrom.address".to_string(),
            "offers[0].availableAtOrFrom.address".to_string(),
        ])
        .collect();
    let part = |rel: &str| reader.rules(&refs(&under(&refs(&addresses), rel)));
    let mut country = part("addressCountry.name");
    country.extend(part("addressCountry"));
    add_location(
        &mut f,
        reader.rules(&refs(&addresses)),
        part("addressLocality"),
        part("addressRegion"),
        country,
    );

    let mut urls = reader.rules(&["url"]);
    urls.extend(reader.rules(&refs(&under(OFFERS, "url"))));
    urls.extend(
        reader
            .rules(&["@id"])
            .into_iter()
            .map(|r| r.capture(r"^(https?://[^#]+)$")),
    );
    if page_url_fallback {
        urls.push(R::css("link[rel=canonical]").attr("href").page());
        urls.push(R::css(r#"meta[property="og:url"]"#).attr("content").page());
    }
    f.add("product_url", urls);
    let from_url = R::template("{product_url}").capture(URL_ID);
    let mut ids = Vec::new();
    if id_first {
        ids.extend(reader.rules(&["sku"]));
        ids.extend(reader.rules(&["productID"]));
        ids.push(from_url);
    } else {
        ids.push(from_url);
        ids.extend(reader.rules(&["productID", "sku"]));
    }
    f.add("product_id", ids);
    f.add("description", reader.rules(&["description"]));
    f
}

/// The first `@type` of an object.
fn type_of(v: &Value) -> Option<String> {
    match v.get("@type")? {
        Value::String(s) => Some(s.clone()),
        Value::Array(a) => a.iter().find_map(Value::as_str).map(str::to_string),
        _ => None,
    }
}

fn is_list(v: &Value) -> bool {
    (has_type(v, "ItemList") || has_type(v, "OfferCatalog"))
        && !has_type(v, "BreadcrumbList")
        && v.get("itemListElement")
            .and_then(Value::as_array)
            .is_some_and(|a| !a.is_empty())
}

/// Products and lists nested in a non-product object (`WebPage.mainEntity`), by path.
fn nested(
    v: &Value,
    prefix: &str,
    depth: usize,
    products: &mut Vec<String>,
    lists: &mut Vec<String>,
) {
    let Some(m) = v.as_object() else { return };
    if depth > 4 {
        return;
    }
    for (k, child) in m {
        if k.starts_with('@') || !child.is_object() {
            continue;
        }
        let path = format!("{prefix}{k}");
        if has_type(child, "Product") {
            products.push(path);
        } else if is_list(child) {
            lists.push(format!("{path}.itemListElement"));
        } else {
            nested(child, &format!("{path}."), depth + 1, products, lists);
        }
    }
}

/// Text of a JSON value at a dotted key path (no indexes).
fn at<'v>(v: &'v Value, path: &str) -> Option<&'v Value> {
    path.split('.').try_fold(v, |v, k| match v {
        Value::Array(a) => a.first()?.get(k),
        _ => v.get(k),
    })
}

fn text_at(v: &Value, path: &str) -> Option<String> {
    at(v, path).and_then(crate::extract::rules::scalar)
}

/// Host and path of a URL, for comparing a product's URL with the page's.
fn url_key(u: &str) -> Option<String> {
    let u = u.trim();
    let abs = if let Some(rest) = u.strip_prefix("//") {
        format!("https://{rest}")
    } else {
        u.to_string()
    };
    let parsed = url::Url::parse(&abs).ok()?;
    let host = parsed
        .host_str()?
        .trim_start_matches("www.")
        .to_ascii_lowercase();
    Some(format!("{host}{}", parsed.path().trim_end_matches('/')))
}

fn json_ld_plans(view: &PageView<'_>, scan: &Scan, objects: &[Value]) -> Vec<Plan> {
    let products: Vec<&Value> = objects.iter().filter(|o| has_type(o, "Product")).collect();
    let mut nested_products = Vec::new();
    let mut lists: Vec<Site> = Vec::new();
    for o in objects {
        if has_type(o, "Product") {
            continue;
        }
        if is_list(o) {
            lists.push(Site {
                type_: type_of(o),
                prefix: "itemListElement".into(),
            });
            continue;
        }
        let mut p = Vec::new();
        let mut l = Vec::new();
        nested(o, "", 0, &mut p, &mut l);
        let t = type_of(o);
        nested_products.extend(p.into_iter().map(|prefix| {
            (
                Site {
                    type_: t.clone(),
                    prefix: format!("{prefix}."),
                },
                o,
            )
        }));
        lists.extend(l.into_iter().map(|prefix| Site {
            type_: t.clone(),
            prefix,
        }));
    }
    let page_keys: HashSet<String> = [
        scan.canonical.as_deref(),
        scan.meta("og:url"),
        Some(view.url.as_str()),
    ]
    .into_iter()
    .flatten()
    .filter_map(url_key)
    .collect();
    let og_title = scan
        .meta("og:title")
        .map(|t| strip_site_suffix(t, scan, view).unwrap_or_else(|| t.to_string()));
    let is_page_product = |p: &Value| {
        ["url", "offers.url", "@id"]
            .iter()
            .filter_map(|k| text_at(p, k))
            .filter_map(|u| url_key(&u))
            .any(|k| page_keys.contains(&k))
            || text_at(p, "name").is_some_and(|n| og_title.as_deref() == Some(n.trim()))
    };

    let mut out = Vec::new();
    let single = match products.as_slice() {
        [] => nested_products
            .first()
            .filter(|_| nested_products.len() == 1)
            .map(|(s, o)| (s.clone(), at(o, s.prefix.trim_end_matches('.')))),
        [one] => Some((
            Site {
                type_: Some("Product".into()),
                prefix: String::new(),
            },
            Some(*one),
        )),
        [first, ..] if is_page_product(first) => Some((
            Site {
                type_: Some("Product".into()),
                prefix: String::new(),
            },
            Some(*first),
        )),
        _ => None,
    };
    if let Some((site, obj)) = single {
        let obj = obj.unwrap_or(&Value::Null);
        let style = style_of(view, obj, "");
        let fields = product_fields(&Reader::Page(&site), &style, sku_in_url(obj, ""), true);
        let note = match &site.type_ {
            Some(t) if site.prefix.is_empty() => format!("JSON-LD {t}"),
            Some(t) => format!("JSON-LD {t} → {}", site.prefix.trim_end_matches('.')),
            None => format!("JSON-LD → {}", site.prefix.trim_end_matches('.')),
        };
        out.push(plan(Method::JsonLd, Shape::Single, None, fields, note, 1.0));
        return out;
    }
    if products.len() >= 2 {
        let first = products[0];
        let style = style_of(view, first, "");
        let fields = product_fields(&Reader::Card(&[""]), &style, sku_in_url(first, ""), false);
        let mut listing = Table::new();
        listing.insert("jsonld".into(), "$".into());
        listing.insert("type".into(), "Product".into());
        out.push(plan(
            Method::JsonLd,
            Shape::List,
            Some(Tv::Table(listing)),
            fields,
            format!("JSON-LD Product ×{}", products.len()),
            0.95,
        ));
    }
    for site in lists.iter().take(3) {
        let bases: &[&str] = &["item.", "", "itemOffered.", "item.itemOffered."];
        let first_item = objects
            .iter()
            .filter(|o| site.type_.as_deref().is_none_or(|t| has_type(o, t)))
            .find_map(|o| at(o, &site.prefix).and_then(Value::as_array))
            .and_then(|a| a.first());
        let (style, id_first) = match first_item {
            Some(item) => {
                let base = ["item", "itemOffered", "item.itemOffered"]
                    .into_iter()
                    .find(|b| {
                        at(item, b)
                            .is_some_and(|v| v.get("name").is_some() || v.get("offers").is_some())
                    })
                    .map_or(String::new(), |b| format!("{b}."));
                (style_of(view, item, &base), sku_in_url(item, &base))
            }
            None => (Style::of(view.source, None, None, None), false),
        };
        let fields = product_fields(&Reader::Card(bases), &style, id_first, false);
        let mut listing = Table::new();
        listing.insert("jsonld".into(), site.prefix.clone().into());
        if let Some(t) = &site.type_ {
            listing.insert("type".into(), t.clone().into());
        }
        let note = format!(
            "JSON-LD {} → {}",
            site.type_.as_deref().unwrap_or("object"),
            site.prefix
        );
        out.push(plan(
            Method::JsonLd,
            Shape::List,
            Some(Tv::Table(listing)),
            fields,
            note,
            0.9,
        ));
    }
    out
}

/// The price style for a product object (paths under `base`, `""` or `item.`).
fn style_of(view: &PageView<'_>, product: &Value, base: &str) -> Style {
    let first = |rels: &[&str]| {
        rels.iter().find_map(|r| {
            ["offers", "offers.offers"]
                .iter()
                .find_map(|o| text_at(product, &format!("{base}{o}.{r}")))
        })
    };
    let code = first(&["priceCurrency", "priceSpecification.priceCurrency"]);
    let amount = first(&["price", "priceSpecification.price"]);
    let low = first(&["lowPrice"]);
    let high = first(&["highPrice"]);
    let range = low.as_deref().zip(high.as_deref());
    Style::of(view.source, code.as_deref(), amount.as_deref(), range)
}

/// Whether the product's `sku` appears in its URL (then it is the listing's id).
fn sku_in_url(product: &Value, base: &str) -> bool {
    let Some(sku) = text_at(product, &format!("{base}sku")).filter(|s| s.len() >= 3) else {
        return false;
    };
    ["url", "offers.url", "@id"]
        .iter()
        .filter_map(|k| text_at(product, &format!("{base}{k}")))
        .any(|u| u.contains(&sku))
}

// ---------------------------------------------------------------------------------------
// Microdata and RDFa.

/// The attribute vocabulary of one markup syntax.
struct Vocab {
    method: Method,
    method_note: &'static str,
    /// CSS of a product scope.
    scope: &'static str,
    /// The property attribute (`itemprop`, `property`).
    prop_attr: &'static str,
    /// Prefixes a property name may carry (`""`, `"schema:"`).
    prefixes: &'static [&'static str],
    is_product: fn(ElementRef<'_>) -> bool,
    prior: f64,
}

const MICRODATA: Vocab = Vocab {
    method: Method::Microdata,
    method_note: "microdata",
    scope: r#"[itemscope][itemtype$="/Product"]"#,
    prop_attr: "itemprop",
    prefixes: &[""],
    is_product: |e| {
        e.value().attr("itemscope").is_some()
            && e.value()
                .attr("itemtype")
                .is_some_and(|t| t.ends_with("/Product"))
    },
    prior: 0.8,
};

const RDFA: Vocab = Vocab {
    method: Method::Microdata,
    method_note: "RDFa",
    scope: r#"[typeof~="Product"], [typeof~="schema:Product"]"#,
    prop_attr: "property",
    prefixes: &["", "schema:"],
    is_product: |e| {
        e.value().attr("typeof").is_some_and(|t| {
            t.split_whitespace()
                .any(|x| x == "Product" || x == "schema:Product")
        })
    },
    prior: 0.75,
};

/// Properties whose values are other items; a product's own `name` or `price` is never
/// inside them.
const NESTED_ITEMS: &[&str] = &[
    "brand",
    "seller",
    "manufacturer",
    "review",
    "reviews",
    "author",
    "aggregateRating",
    "isRelatedTo",
    "isSimilarTo",
    "isAccessoryOrSparePartFor",
    "isConsumableFor",
    "isVariantOf",
    "hasVariant",
    "model",
    "additionalProperty",
    "image",
    "video",
    "subjectOf",
    "publisher",
    "provider",
    "audience",
    "hasMerchantReturnPolicy",
    "shippingDetails",
    "breadcrumb",
];

impl Vocab {
    /// `[itemprop~="name"]` (and its prefixed forms).
    fn props(&self, name: &str) -> Vec<String> {
        self.prefixes
            .iter()
            .map(|p| format!(r#"[{}~="{p}{name}"]"#, self.prop_attr))
            .collect()
    }

    /// The scope selectors, one per alternative.
    fn scopes(&self) -> Vec<&'static str> {
        self.scope.split(", ").collect()
    }

    /// Selector of property `path` (`seller name`: `name` inside `seller`) of the product:
    /// not inside a nested item other than the path's own, nor inside a nested product.
    /// `within`: the product scope prefix for whole-page (single) plans.
    fn sel(&self, path: &[&str], within: bool) -> String {
        let mut excluded: Vec<String> = NESTED_ITEMS
            .iter()
            .filter(|n| !path.contains(n))
            .flat_map(|n| self.props(n))
            .map(|s| format!("{s} *"))
            .collect();
        if path.len() == 1
            && path[0] != "price"
            && path[0] != "priceCurrency"
            && path[0] != "lowPrice"
        {
            excluded.extend(self.props("offers").into_iter().map(|s| format!("{s} *")));
        }
        for a in self.scopes() {
            for b in self.scopes() {
                excluded.push(format!("{a} {b} *"));
            }
        }
        let not = format!(":not({})", excluded.join(", "));
        // Every combination of the path's property alternatives.
        let mut combos: Vec<String> = if within {
            self.scopes().iter().map(|s| (*s).to_string()).collect()
        } else {
            vec![String::new()]
        };
        for step in path {
            combos = combos
                .iter()
                .flat_map(|c| {
                    self.props(step)
                        .into_iter()
                        .map(move |p| if c.is_empty() { p } else { format!("{c} {p}") })
                })
                .collect();
        }
        combos
            .iter()
            .map(|c| format!("{c}{not}"))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// `content` attribute first, then text (or `href`/`src` for links).
    fn value(&self, path: &[&str], within: bool, link: bool) -> Vec<R> {
        let s = self.sel(path, within);
        let mut v = vec![R::css(s.clone()).attr("content")];
        if link {
            v.push(R::css(s.clone()).attr("href"));
            v.push(R::css(s.clone()).attr("resource"));
        } else {
            v.push(R::css(s));
        }
        v
    }
}

fn markup_plan(view: &PageView<'_>, vocab: &Vocab, scopes: &Scopes) -> Plan {
    let single = scopes.top == 1 || scopes.first_has_h1;
    let within = single;
    let code = {
        // The currency code as declared on the first product.
        let sel = scraper::Selector::parse(&vocab.sel(&["priceCurrency"], true)).ok();
        sel.and_then(|s| view.doc.select(&s).next()).and_then(|e| {
            e.value()
                .attr("content")
                .map(str::to_string)
                .or_else(|| Some(e.text().collect::<String>()))
        })
    };
    let style = Style::of(
        view.source,
        code.as_deref().map(str::trim),
        scopes.amount.as_deref(),
        None,
    );
    let mut f = Fields::default();
    f.add("title", vocab.value(&["name"], within, false));
    let price_sel = vocab.sel(&["price"], within);
    add_price(
        &mut f,
        PriceRules {
            amount: vec![
                R::css(price_sel.clone()).attr("content"),
                R::css(price_sel.clone()).capture(r"(\d[\d.,]*\d|\d)"),
            ],
            low: vocab.value(&["lowPrice"], within, false),
            high: vocab.value(&["highPrice"], within, false),
            currency: vocab.value(&["priceCurrency"], within, false),
            symbol: vocab.value(&["priceCurrency"], within, false),
            shown: vec![R::css(price_sel).capture(PRICE_WITH_CURRENCY)],
        },
        &style,
    );
    let mut moq = vocab.value(&["eligibleQuantity", "minValue"], within, false);
    moq.extend(vocab.value(&["eligibleQuantity", "value"], within, false));
    f.add("_moq_n", moq);
    f.add(
        "_moq_unit",
        vocab.value(&["eligibleQuantity", "unitText"], within, false),
    );
    f.add(
        "moq",
        vec![R::template("{_moq_n} {_moq_unit}"), R::template("{_moq_n}")],
    );
    f.add(
        "seller_name",
        vocab.value(&["seller", "name"], within, false),
    );
    let mut seller_url = vocab.value(&["seller", "url"], within, true);
    seller_url.push(R::css(vocab.sel(&["seller"], within)).attr("href"));
    f.add("seller_url", seller_url);
    let whole = vocab.value(&["seller", "address"], within, false);
    add_location(&mut f, whole, Vec::new(), Vec::new(), Vec::new());
    let mut urls = vocab.value(&["url"], within, true);
    if single {
        urls.push(R::css("link[rel=canonical]").attr("href").page());
    }
    f.add("product_url", urls);
    let mut ids = vocab.value(&["productID"], within, false);
    ids.extend(vocab.value(&["sku"], within, false));
    ids.push(R::template("{product_url}").capture(URL_ID));
    f.add("product_id", ids);
    f.add("description", vocab.value(&["description"], within, false));
    if single {
        let note = format!("{} Product", vocab.method_note);
        plan(vocab.method, Shape::Single, None, f, note, vocab.prior)
    } else {
        let listing = vocab
            .scopes()
            .iter()
            .map(|s| {
                format!(
                    "{s}:not({})",
                    vocab
                        .scopes()
                        .iter()
                        .map(|a| format!("{a} *"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let note = format!("{} Product ×{}", vocab.method_note, scopes.top);
        plan(
            vocab.method,
            Shape::List,
            Some(Tv::String(listing)),
            f,
            note,
            vocab.prior,
        )
    }
}

// ---------------------------------------------------------------------------------------
// OpenGraph.

fn meta_rule(key: &str) -> R {
    R::css(format!(r#"meta[property="{key}"], meta[name="{key}"]"#))
        .attr("content")
        .page()
}

/// The site's name in comparable form: lowercase letters and digits only, without a
/// leading `www` and a trailing top-level domain (`AliExpress.com` → `aliexpress`).
fn name_core(s: &str) -> String {
    let s = s.trim().to_lowercase();
    let s = s.strip_prefix("www.").unwrap_or(&s);
    let s = ["com", "net", "org", "cn", "in", "co"]
        .iter()
        .find_map(|tld| s.strip_suffix(&format!(".{tld}")))
        .unwrap_or(s);
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// The host's name label (`es.aliexpress.com` → `aliexpress`, `x.co.uk` → `x`).
fn host_core(host: &str) -> Option<String> {
    let labels: Vec<&str> = host.split('.').collect();
    let n = labels.len();
    let label = match n {
        0 | 1 => labels.first().copied(),
        _ if n >= 3 && labels[n - 2].len() <= 3 && labels[n - 1].len() == 2 => Some(labels[n - 3]),
        _ => Some(labels[n - 2]),
    }?;
    Some(name_core(label))
}

/// Title separators before a site suffix.
const SUFFIX_SEPARATORS: &[&str] = &[" - ", " | ", " – ", " — ", " :: ", " · "];

/// `og:title` without a trailing ` - Site` that names the site (`og:site_name` or the
/// host, ignoring case, a top-level domain and a trailing number). `None` when the title
/// has no such suffix.
fn strip_site_suffix(title: &str, scan: &Scan, view: &PageView<'_>) -> Option<String> {
    let (at, sep) = SUFFIX_SEPARATORS
        .iter()
        .filter_map(|s| title.rfind(s).map(|i| (i, *s)))
        .max_by_key(|(i, _)| *i)?;
    let suffix = &title[at + sep.len()..];
    let core =
        name_core(suffix.trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace()));
    let names: Vec<String> = [
        scan.meta("og:site_name").map(name_core),
        view.url.host_str().and_then(host_core),
    ]
    .into_iter()
    .flatten()
    .filter(|n| n.len() >= 2)
    .collect();
    (!core.is_empty() && names.contains(&core)).then(|| title[..at].trim().to_string())
}

fn open_graph_plan(view: &PageView<'_>, scan: &Scan) -> Option<Plan> {
    let product_type = scan.meta("og:type").is_some_and(|t| {
        t.to_ascii_lowercase().starts_with("product") || t.eq_ignore_ascii_case("og:product")
    });
    let amount = scan
        .meta("product:price:amount")
        .or_else(|| scan.meta("og:price:amount"));
    if !(product_type || amount.is_some()) || scan.meta("og:title").is_none() {
        return None;
    }
    let mut f = Fields::default();
    let mut title = Vec::new();
    if let Some(t) = scan.meta("og:title")
        && let Some(stripped) = strip_site_suffix(t, scan, view)
    {
        let suffix = t[stripped.len()..].trim_start();
        // Separator, then the suffix's letters case-insensitively, a domain or number.
        let word: String = suffix
            .trim_start_matches(|c: char| !c.is_alphanumeric())
            .trim_end_matches(|c: char| c.is_ascii_digit() || c.is_whitespace())
            .to_string();
        let re = format!(
            r"(?i)^(.*?\S)\s*(?:[-|–—·]|::)\s*{}(?:\s*\d+)?\s*$",
            regex::escape(&word)
        );
        title.push(meta_rule("og:title").capture(&re));
    }
    title.push(meta_rule("og:title"));
    f.add("title", title);
    let code = scan
        .meta("product:price:currency")
        .or_else(|| scan.meta("og:price:currency"));
    let style = Style::of(view.source, code, amount, None);
    add_price(
        &mut f,
        PriceRules {
            amount: vec![
                meta_rule("product:price:amount"),
                meta_rule("og:price:amount"),
            ],
            low: Vec::new(),
            high: Vec::new(),
            currency: vec![
                meta_rule("product:price:currency"),
                meta_rule("og:price:currency"),
            ],
            symbol: vec![
                meta_rule("product:price:currency"),
                meta_rule("og:price:currency"),
            ],
            shown: Vec::new(),
        },
        &style,
    );
    f.add(
        "product_url",
        vec![
            R::css("link[rel=canonical]").attr("href").page(),
            meta_rule("og:url"),
        ],
    );
    f.add(
        "product_id",
        vec![
            meta_rule("product:retailer_item_id"),
            R::template("{product_url}").capture(URL_ID),
        ],
    );
    Some(plan(
        Method::OpenGraph,
        Shape::Single,
        None,
        f,
        "OpenGraph product meta tags".to_string(),
        0.3,
    ))
}

#[cfg(test)]
mod tests;
