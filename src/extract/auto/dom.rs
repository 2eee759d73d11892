//! DOM record mining: listings as repeated sibling records (the MDR / DEPTA family).
//!
//! One linear pass indexes the document's elements in document order with, per element,
//! its short text and subtree aggregates (visible text length, innermost price-shaped
//! elements, links, distinct product-like link paths, whether a title-like text is
//! inside). Candidate record groups are elements of one tag under parents of the same tag
//! and classes anywhere in the page (so a grid wrapped per row is one group) — split by
//! the classes the records share, the tag alone only when the siblings look alike — and
//! elements of one tag and class anywhere (tiles in two layouts). A group qualifies when
//! ≥ 3 of its records (1 or 2 only when nothing else qualifies) each carry a link, a
//! title-like text and product evidence (a price token — currency sign or code next to
//! digits — or a link to an item / product / offer / detail path or an id-bearing URL),
//! and is worth more with prices, fewer extras and no repeated product links. Groups
//! whose records each hold a few records of a clean group are rows and give way to them;
//! a clean group nested in records that have their own product beside it is sub-cards
//! ("similar products"), gives way to the outer records and is left out of their fields;
//! a record holding very many is a container. Records under navigation, headers,
//! footers, asides or recommendation boxes (class names, or a heading such as "You may
//! also like") are discounted, and on a product's own page (an item URL, one JSON-LD
//! `Product`, `og:type` product) small lists are not proposed.
//!
//! The best groups become List plans in the profile language: `listing` is the simplest
//! of `tag.class`, `parent > tag.class`, `grandparent > parent > tag` that selects
//! exactly the group, and card-relative `fields.<f>` rules are chosen by content shape:
//! for each field the candidate selectors (`tag.class`, a hashed class by its stable
//! prefix as `[class*='…']`, `ancestor.class tag`, `itemprop`, the bare tag) are run on
//! every record and the one giving the most well-shaped values, weighed by how typical
//! its element is (headings and links for titles), wins, with a second rule as fallback
//! for records it misses. Price keeps only values with a digit and `exclude`s calls to
//! action and `/ unit` or `(…)` notes inside the price element; MOQ uses `contains` with
//! the label it saw and `remove`s labels; the title prefers a `title` attribute where
//! one is as good; `product_id` is a record `data-*id` attribute or an id captured from
//! the product URL, only when present and distinct in most records. Location is read
//! from texts that are places by content (`place`: whole, without tooltip children, or
//! after a `City/Province:` label), with up to three rules for lists that print it in
//! several layouts, else from elements whose class names a place. Records that sit a
//! few to a block (a supplier with its sample products) get the block's seller link,
//! name and location with `closest`.
//!
//! It deliberately does not read scripts or structured data (other finders do), takes no
//! value from outside the card or its block (a store page's own seller is `seller`'s
//! job), and leaves a field out rather than guess.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use scraper::node::Node;
use scraper::{ElementRef, Selector};

use super::super::collapse_whitespace;
use super::super::rules::element_text;
use super::{Method, PageView, Plan, Shape, place};

/// Element texts longer than this (bytes) are not kept in the index.
const TEXT_CAP: usize = 400;
/// At most this many distinct product links are tracked per subtree.
const LINK_CAP: usize = 3;
/// Plans proposed per page.
const MAX_PLANS: usize = 3;
/// The finder's base confidence in a DOM plan (structured sources carry 1.0).
const PRIOR: f64 = 0.85;

/// Plans this finder proposes for the page.
pub(super) fn plans(view: &PageView<'_>) -> Vec<Plan> {
    let single = single_product_page(view) || item_url(view.url);
    let mut out = Vec::new();
    if single {
        out.extend(detail_plan(view));
    }
    let index = Index::build(view);
    let groups = index.groups();
    if groups.is_empty() {
        return out;
    }
    let mut seen_selectors = HashSet::new();
    for g in groups.iter() {
        if out.len() >= MAX_PLANS {
            break;
        }
        let mut prior = PRIOR * g.context;
        // Hidden copies of products shown elsewhere: the list they copy is the page's own.
        if g.copies * 10 > g.records.len() * 3 {
            prior *= 0.2;
        }
        if g.records.len() < 3 {
            prior *= 0.4;
        }
        if single {
            // Lists on a product's own page are "more from this seller", "similar items".
            if g.context < 1.0 || g.records.len() < 30 {
                continue;
            }
            prior *= 0.1;
        }
        let Some(listing) = index.listing_selector(g) else {
            continue;
        };
        if !seen_selectors.insert(listing.clone()) {
            continue;
        }
        let Some((fields, found)) = index.fields(&g.records, &g.inner) else {
            continue;
        };
        let mut page = toml::Table::new();
        page.insert("listing".into(), listing.clone().into());
        page.insert("require".into(), toml::Value::Array(vec!["title".into()]));
        page.insert("fields".into(), toml::Value::Table(fields));
        out.push(Plan {
            method: Method::DomRecords,
            shape: Shape::List,
            page,
            note: format!(
                "{} repeated records `{listing}` ({})",
                g.records.len(),
                found.join(", ")
            ),
            prior,
        });
    }
    // Product links alone, only where no clean record list stands out.
    let main_list = groups
        .iter()
        .any(|g| g.context >= 1.0 && g.good >= 5 && g.copies * 10 <= g.records.len() * 3);
    if !main_list && !single {
        out.extend(product_link_plan(view));
    }
    out
}

/// The one product of a detail page that declares nothing in structured form: its
/// heading, the first price shown after it (not a struck-through one), the first seller
/// link after it, and the page's canonical URL and the id in it. Each field's selector is
/// one whose first match on the page is the element found, so the plan reads the same
/// element back.
fn detail_plan(view: &PageView<'_>) -> Option<Plan> {
    let h1_sel = Selector::parse("h1").ok()?;
    let h1 = view
        .doc
        .select(&h1_sel)
        .find(|h| title_like(&collapse_whitespace(&element_text(*h, None))))?;
    let mut fields = toml::Table::new();
    let title_css = page_selector(view, h1)?;
    fields.insert("title".into(), page_rule(&title_css, None));
    let (mut price, mut seller, mut after) = (None, None, false);
    for node in view.doc.root_element().descendants() {
        let Some(el) = ElementRef::wrap(node) else {
            continue;
        };
        if el.id() == h1.id() {
            after = true;
            continue;
        }
        if !after || (price.is_some() && seller.is_some()) {
            continue;
        }
        if price.is_none() && !struck(el) {
            let text: String = el.text().take(40).collect();
            let text = collapse_whitespace(&text);
            // A price with its currency, or a bare amount in an element named a price.
            let named = el.value().classes().chain(el.value().id()).any(|c| {
                let c = c.to_ascii_lowercase();
                c.contains("price") && !c.contains("box") && !c.contains("panel")
            });
            let bare = AMOUNT.as_ref().is_some_and(|re| re.is_match(&text));
            // One price only: a block holding the old and the new price is not the price.
            let one = PRICE
                .as_ref()
                .is_some_and(|re| re.find_iter(&text).count() == 1);
            if text.chars().count() <= 30 && ((one && price_shaped(&text)) || (named && bare)) {
                price = page_selector(view, el);
            }
        }
        if seller.is_none()
            && el.value().name() == "a"
            && let Some(href) = el.value().attr("href")
            && seller_like(href)
            && name_like(&collapse_whitespace(&element_text(el, None)))
        {
            seller = page_selector(view, el);
        }
    }
    let found_price = price.is_some();
    if let Some(css) = price {
        fields.insert("price".into(), page_rule(&css, None));
    }
    if let Some(css) = &seller {
        fields.insert("seller_name".into(), page_rule(css, None));
        fields.insert("seller_url".into(), page_rule(css, Some("href")));
    }
    // Without a price or a seller a heading is only a heading.
    if !found_price && seller.is_none() {
        return None;
    }
    let url_chain: toml::Value = r#"x = [
  { css = "link[rel=canonical]", attr = "href", scope = "page" },
  { css = "meta[property='og:url']", attr = "content", scope = "page" },
]"#
    .parse::<toml::Table>()
    .ok()?
    .remove("x")?;
    fields.insert("product_url".into(), url_chain);
    let id: toml::Value = r#"x = [
  { template = "{product_url}", capture = '(\d{6,})' },
  { template = "{url}", capture = '(\d{6,})' },
]"#
    .parse::<toml::Table>()
    .ok()?
    .remove("x")?;
    fields.insert("product_id".into(), id);
    let mut page = toml::Table::new();
    page.insert("require".into(), toml::Value::Array(vec!["title".into()]));
    page.insert("fields".into(), toml::Value::Table(fields));
    Some(Plan {
        method: Method::DomRecords,
        shape: Shape::Single,
        page,
        note: format!("detail page: heading `{title_css}`"),
        prior: 0.45,
    })
}

/// An amount or a range of amounts with no currency: `5499.00-6799.00`.
static AMOUNT: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"^\d[\d,]*(?:\.\d+)?(?:\s*[-~]\s*\d[\d,]*(?:\.\d+)?)?$").ok());

/// A struck-through or "original" price: not the price a buyer pays.
fn struck(el: ElementRef<'_>) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .take(4)
        .chain(std::iter::once(el))
        .any(|e| {
            matches!(e.value().name(), "del" | "s" | "strike")
                || e.value().classes().any(|c| {
                    let c = c.to_ascii_lowercase();
                    [
                        "origin", "old", "del", "strike", "through", "market", "before", "was",
                    ]
                    .iter()
                    .any(|w| c.contains(w))
                })
        })
}

/// A selector whose first match in the whole page is `el`: `#id`, `tag.class`, or `tag`.
pub(super) fn page_selector(view: &PageView<'_>, el: ElementRef<'_>) -> Option<String> {
    let tag = el.value().name();
    let mut tries = Vec::new();
    if let Some(id) = el.value().id()
        && !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !id.starts_with(|c: char| c.is_ascii_digit())
    {
        tries.push(format!("{tag}#{id}"));
    }
    for c in el.value().classes() {
        if let Some(css) = class_selector(tag, c) {
            tries.push(css);
        }
    }
    for (name, _) in el.value().attrs() {
        if name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            && !matches!(
                name,
                "class" | "id" | "style" | "href" | "src" | "title" | "alt"
            )
        {
            tries.push(format!("{tag}[{name}]"));
        }
    }
    tries.push(tag.to_string());
    // Under a parent that has an id of its own.
    if let Some(parent) = el.parent().and_then(ElementRef::wrap)
        && let Some(pid) = parent.value().id()
        && !pid.is_empty()
        && pid
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && !pid.starts_with(|c: char| c.is_ascii_digit())
    {
        tries.push(format!("#{pid} > {tag}"));
    }
    // Under an ancestor with a class: `div.title-txt a`, then with the element's class.
    let own = el
        .value()
        .classes()
        .filter(|c| usable_class(c))
        .find_map(|c| class_selector(tag, c))
        .unwrap_or_else(|| tag.to_string());
    for a in el.ancestors().filter_map(ElementRef::wrap).take(4) {
        let v = a.value();
        if let Some(anc) = v
            .classes()
            .filter(|c| usable_class(c))
            .find_map(|c| class_selector(v.name(), c))
        {
            tries.push(format!("{anc} > {own}"));
            tries.push(format!("{anc} {own}"));
        }
    }
    tries.into_iter().find(|css| {
        Selector::parse(css)
            .ok()
            .and_then(|sel| view.doc.select(&sel).next())
            .is_some_and(|first| first.id() == el.id())
    })
}

fn page_rule(css: &str, attr: Option<&str>) -> toml::Value {
    let mut t = toml::Table::new();
    t.insert("css".into(), css.into());
    if let Some(a) = attr {
        t.insert("attr".into(), a.into());
    }
    t.insert("scope".into(), "page".into());
    toml::Value::Table(t)
}

/// The last-resort list: every link to a product, once per product id. Some pages spread
/// their products over menus, sliders and category cards that share no structure; what
/// they share is links that carry a product's numeric id. Proposed when at least five
/// distinct ids are linked with a title-like text, with a low prior so that any real
/// record list wins.
fn product_link_plan(view: &PageView<'_>) -> Option<Plan> {
    let links = Selector::parse("a[href]").ok()?;
    let id_re = regex::Regex::new(LINK_ID).ok()?;
    let mut ids = HashSet::new();
    for a in view.doc.select(&links) {
        let Some(href) = a.value().attr("href") else {
            continue;
        };
        // The id is the product evidence; sellers' and non-links' ids are not products.
        if !real_link(href) || seller_like(href) {
            continue;
        }
        let Some(id) = id_re.captures(href).and_then(|c| c.get(1)) else {
            continue;
        };
        let text = super::super::collapse_whitespace(&a.text().collect::<String>());
        if title_like(&text) {
            ids.insert(id.as_str().to_string());
        }
    }
    if ids.len() < 5 {
        return None;
    }
    let text = format!(
        r#"listing = "a[href]"
require = ["title", "product_id"]
unique = "product_id"
fields.title = {{ css = ":scope", capture = '{LINK_TITLE}' }}
fields.product_url = {{ css = ":scope", attr = "href" }}
fields.product_id = {{ css = ":scope", attr = "href", capture = '{LINK_ID}' }}
"#
    );
    Some(Plan {
        method: Method::DomRecords,
        shape: Shape::List,
        page: text.parse().ok()?,
        note: format!("links to {} distinct product ids", ids.len()),
        prior: 0.25,
    })
}

/// A product id in a link: the last run of six or more digits (path, query or fragment).
const LINK_ID: &str = r"(\d{6,})\D*$";

/// A link text that can be a title: two words or more, or CJK text.
const LINK_TITLE: &str = r"^(\S+\s+\S.*|.*\p{Han}{2}.*)$";

/// One element of the document, with what its subtree holds.
struct El<'a> {
    el: ElementRef<'a>,
    parent: Option<usize>,
    /// Element children, in document order.
    kids: Vec<usize>,
    /// One past the last descendant: the subtree is `self..end` in the index.
    end: usize,
    tag: &'a str,
    /// Classes usable in selectors (no state classes, CSS-safe characters).
    classes: Vec<&'a str>,
    /// Scripts, styles, templates, `<head>`, SVG: not content, not descended into.
    hidden: bool,
    /// The element's text when it is short (nothing inserted between elements).
    text: Option<String>,
    text_len: usize,
    /// Innermost price-shaped elements in the subtree.
    prices: u32,
    /// `a[href]` elements in the subtree.
    anchors: u32,
    /// Distinct paths of product-like links in the subtree (at most [`LINK_CAP`]).
    links: Vec<&'a str>,
    /// Some element of the subtree has a title-like text.
    titled: bool,
}

/// A candidate record group.
struct Group {
    records: Vec<usize>,
    /// Records with a link, a title-like text and product evidence.
    good: usize,
    /// Records that are hidden copies of a product shown beside them ([`Index::copy`]).
    copies: usize,
    /// How much the group is worth, before context.
    value: f64,
    /// 1.0, or less under navigation, footers or recommendation boxes.
    context: f64,
    /// Records of sub-card groups nested in these records ("similar products"): not
    /// read for fields.
    inner: HashSet<usize>,
}

struct Index<'a> {
    els: Vec<El<'a>>,
}

impl<'a> Index<'a> {
    fn build(view: &PageView<'a>) -> Self {
        let mut els: Vec<El<'a>> = Vec::new();
        let mut stack = vec![(view.doc.root_element(), None::<usize>)];
        while let Some((el, parent)) = stack.pop() {
            let idx = els.len();
            let tag = el.value().name();
            let hidden = matches!(
                tag,
                "script"
                    | "style"
                    | "noscript"
                    | "template"
                    | "head"
                    | "svg"
                    | "iframe"
                    | "select"
                    | "textarea"
            );
            if let Some(p) = parent
                && let Some(pe) = els.get_mut(p)
            {
                pe.kids.push(idx);
            }
            els.push(El {
                el,
                parent,
                kids: Vec::new(),
                end: idx + 1,
                tag,
                classes: el.value().classes().filter(|c| usable_class(c)).collect(),
                hidden,
                text: None,
                text_len: 0,
                prices: 0,
                anchors: 0,
                links: Vec::new(),
                titled: false,
            });
            if !hidden {
                let kids: Vec<ElementRef<'a>> =
                    el.children().filter_map(ElementRef::wrap).collect();
                stack.extend(kids.into_iter().rev().map(|k| (k, Some(idx))));
            }
        }
        // Children come after their parent: a reverse pass sees every subtree complete.
        for i in (0..els.len()).rev() {
            let kids = std::mem::take(&mut els[i].kids);
            let end = kids.last().map_or(i + 1, |&k| els[k].end);
            if els[i].hidden {
                els[i].end = end;
                els[i].text = Some(String::new());
                els[i].kids = kids;
                continue;
            }
            let mut text = String::new();
            let mut len = 0;
            let mut capped = false;
            let mut next_kid = kids.iter();
            for child in els[i].el.children() {
                match child.value() {
                    Node::Text(t) => {
                        // Indentation does not count against the cap: a pretty-printed
                        // page's short texts stay short.
                        if capped {
                            continue;
                        }
                        // A whitespace-only node still counts as text (one byte).
                        let added = push_squeezed(&mut text, t);
                        len += added.max(usize::from(!t.is_empty()));
                        if len > TEXT_CAP {
                            capped = true;
                        }
                    }
                    Node::Element(_) => {
                        let Some(&k) = next_kid.next() else { continue };
                        len += els[k].text_len;
                        match &els[k].text {
                            Some(s) if len <= TEXT_CAP && !capped => text.push_str(s),
                            _ => capped = true,
                        }
                    }
                    _ => {}
                }
            }
            let kid_prices: u32 = kids.iter().map(|&k| els[k].prices).sum();
            let mut anchors: u32 = kids.iter().map(|&k| els[k].anchors).sum();
            let mut links: Vec<&'a str> = Vec::new();
            let mut titled = false;
            for &k in &kids {
                titled |= els[k].titled;
                for l in &els[k].links {
                    if links.len() < LINK_CAP && !links.contains(l) {
                        links.push(l);
                    }
                }
            }
            let text = (!capped).then_some(text);
            // Already squeezed (no runs, no leading space): only the end to trim.
            let collapsed = text.map(|mut t| {
                t.truncate(t.trim_end().len());
                t
            });
            let own_price = collapsed.as_deref().is_some_and(price_shaped) && kid_prices == 0;
            titled |= collapsed.as_deref().is_some_and(title_like);
            let e = &els[i];
            if e.tag == "a"
                && let Some(href) = e.el.value().attr("href")
                && real_link(href)
            {
                anchors += 1;
                if product_like(href) {
                    let key = link_key(href);
                    if links.len() < LINK_CAP && !links.contains(&key) {
                        links.push(key);
                    }
                }
                if let Some(t) = e.el.value().attr("title") {
                    titled |= title_like(t.trim());
                }
            }
            let e = &mut els[i];
            e.kids = kids;
            e.end = end;
            e.text = collapsed;
            e.text_len = len;
            e.prices = kid_prices + u32::from(own_price);
            e.anchors = anchors;
            e.links = links;
            e.titled = titled;
        }
        Index { els }
    }

    fn good(&self, i: usize) -> bool {
        let e = &self.els[i];
        e.anchors > 0 && e.titled && (e.prices > 0 || !e.links.is_empty())
    }

    /// Qualifying record groups, best first, rows and sub-card groups removed.
    fn groups(&self) -> Vec<Group> {
        // Tag path: same tag under parents with the same tag and classes.
        let mut by_path: HashMap<(String, &str), Vec<usize>> = HashMap::new();
        for (i, e) in self.els.iter().enumerate() {
            if e.hidden || e.text_len == 0 || structural(e.tag) {
                continue;
            }
            let Some(p) = e.parent else { continue };
            by_path
                .entry((signature(&self.els[p]), e.tag))
                .or_default()
                .push(i);
        }
        // The same tag and class anywhere: records whose parents differ (tiles in two
        // layouts, cards wrapped in per-item containers).
        let mut by_class: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
        for (i, e) in self.els.iter().enumerate() {
            if e.hidden || e.text_len == 0 || structural(e.tag) {
                continue;
            }
            for c in &e.classes {
                by_class.entry((e.tag, c)).or_default().push(i);
            }
        }
        let mut seen: HashSet<(usize, usize, usize)> = HashSet::new();
        let mut groups = Vec::new();
        // Whether the records form a new qualifying group (pushed last).
        let mut consider = |records: Vec<usize>, groups: &mut Vec<Group>| -> bool {
            let (Some(&first), Some(&last)) = (records.first(), records.last()) else {
                return false;
            };
            if !seen.insert((first, last, records.len())) {
                return false;
            }
            match self.evaluate(records) {
                Some(g) => {
                    groups.push(g);
                    true
                }
                None => false,
            }
        };
        for records in by_path.into_values() {
            if !records.iter().any(|&i| self.good(i)) {
                continue;
            }
            // Split by the record classes they share, most common first.
            let mut counts: HashMap<&str, usize> = HashMap::new();
            for &i in &records {
                for c in &self.els[i].classes {
                    *counts.entry(c).or_default() += 1;
                }
            }
            let mut classes: Vec<(&str, usize)> = counts.into_iter().collect();
            classes.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            // Siblings of one tag but different classes are the parts of one record
            // (title area, price area, seller area), not records: the tag alone groups
            // them only when they look alike.
            let classless = records
                .iter()
                .filter(|&&i| self.els[i].classes.is_empty())
                .count();
            let top = classes.first().map_or(0, |c| c.1);
            // Or when nearly every one is a product record of its own (one card marked
            // `first` or `new` is still a card).
            let good = records.iter().filter(|&&i| self.good(i)).count();
            let alike = (top.max(classless)) * 5 >= records.len() * 4
                || (records.len() >= 3 && good * 5 >= records.len() * 4);
            for (c, n) in classes.into_iter().take(6) {
                if n < records.len() {
                    let subset: Vec<usize> = records
                        .iter()
                        .copied()
                        .filter(|&i| self.els[i].classes.contains(&c))
                        .collect();
                    consider(subset, &mut groups);
                }
            }
            if alike {
                consider(records, &mut groups);
            }
        }
        for records in by_class.into_values() {
            if records.len() >= 3 && records.iter().any(|&i| self.good(i)) {
                // Siblings under one parent are the stronger evidence of a list.
                if consider(records, &mut groups)
                    && let Some(g) = groups.last_mut()
                {
                    g.value *= 0.75;
                }
            }
        }
        let any_big = groups.iter().any(|g| g.good >= 3);
        groups.retain(|g| !any_big || g.good >= 3);
        groups.sort_by(|a, b| {
            (b.value * b.context)
                .total_cmp(&(a.value * a.context))
                .then(a.records[0].cmp(&b.records[0]))
        });
        groups.truncate(24);
        self.resolve_nesting(groups)
    }

    fn evaluate(&self, records: Vec<usize>) -> Option<Group> {
        let mut good = 0;
        let mut priced = 0;
        let mut linked = 0;
        let mut dup = 0;
        let mut first_links = HashSet::new();
        for &i in &records {
            let e = &self.els[i];
            if let Some(l) = e.links.first()
                && !first_links.insert(*l)
            {
                dup += 1;
            }
            if self.good(i) {
                good += 1;
                priced += usize::from(e.prices > 0);
                linked += usize::from(!e.links.is_empty());
            }
        }
        if good == 0 || good * 2 < records.len() {
            return None;
        }
        let mut value =
            good as f64 * (1.0 + 0.5 * priced as f64 / good as f64) + 0.3 * linked as f64;
        // Hover layers and other hidden copies of a product shown beside it.
        let copies = records.iter().filter(|&&i| self.copy(i)).count();
        if copies * 10 > records.len() * 3 {
            value *= 0.2;
        }
        // Between groups with the same records, the one without extras is cleaner.
        value *= 0.9 + 0.1 * good as f64 / records.len() as f64;
        // The same products again (hover copies, a carousel's clones).
        if dup * 10 > records.len() * 3 {
            value *= 0.3;
        }
        // Context of a sample of records; a group mixing a main list with a sidebar box
        // is worth less than the main list alone.
        let step = (records.len() / 16).max(1);
        let contexts: Vec<f64> = records
            .iter()
            .step_by(step)
            .map(|&r| self.context(r))
            .collect();
        let lowest = contexts.iter().copied().fold(1.0, f64::min);
        let highest = contexts.iter().copied().fold(0.0, f64::max);
        let context = if lowest < highest {
            lowest.min(0.5)
        } else {
            lowest
        };
        Some(Group {
            records,
            good,
            copies,
            value,
            context,
            inner: HashSet::new(),
        })
    }

    /// Whether record `r` is a second copy of a product shown just before it (a hover
    /// layer, a hidden enlarged view): inside the nearest ancestors that hold fewer than
    /// [`LINK_CAP`] product links (one product and its inquiry link, not a list), an
    /// earlier element of the same tag and classes carries the same
    /// product link and a title.
    fn copy(&self, r: usize) -> bool {
        let e = &self.els[r];
        let Some(link) = e.links.first() else {
            return false;
        };
        if e.links.len() > 1 {
            return false;
        }
        let mut scope = None;
        let mut cur = e.parent;
        let mut hops = 0;
        while let Some(p) = cur {
            hops += 1;
            if hops > 4 || self.els[p].links.len() >= LINK_CAP || structural(self.els[p].tag) {
                break;
            }
            scope = Some(p);
            cur = self.els[p].parent;
        }
        let Some(scope) = scope else { return false };
        let sig = signature(e);
        (scope + 1..r).any(|i| {
            let o = &self.els[i];
            if o.end > r || !o.titled || o.links.first() != Some(link) {
                return false;
            }
            if o.tag == e.tag && signature(o) == sig {
                return true;
            }
            // A layer showing the same title again.
            o.text.as_deref().is_some_and(|t| {
                title_like(t) && (r + 1..e.end).any(|k| self.els[k].text.as_deref() == Some(t))
            })
        })
    }

    /// Below 1 when the record sits in navigation, a header or footer, an aside, or a
    /// recommendation box.
    fn context(&self, record: usize) -> f64 {
        const BOX: &[&str] = &[
            "recommend",
            "recommond",
            "related",
            "similar",
            "also-like",
            "alsolike",
            "you-may",
            "youmay",
            "maylike",
            "may-like",
            "guess",
            "history",
            "recently",
            "viewed",
            "upsell",
            "cross-sell",
            "bought",
        ];
        const CHROME: &[&str] = &[
            "nav",
            "menu",
            "footer",
            "header",
            "breadcrumb",
            "pagination",
            "pager",
            "filter",
            "sidebar",
            "side-bar",
        ];
        const BOX_WORDS: &[&str] = &[
            "you may also like",
            "you might also like",
            "related products",
            "related items",
            "similar products",
            "similar items",
            "recommended",
            "recommendations",
            "people also",
            "customers also",
            "also viewed",
            "猜你喜欢",
            "相关推荐",
            "为你推荐",
            "看了又看",
            "相似商品",
        ];
        let mut factor: f64 = 1.0;
        let mut cur = self.els[record].parent;
        let mut depth = 0;
        while let Some(i) = cur {
            let e = &self.els[i];
            let v = e.el.value();
            let names = format!(
                "{} {}",
                v.id().unwrap_or_default(),
                v.attr("class").unwrap_or_default()
            )
            .to_ascii_lowercase();
            if BOX.iter().any(|w| names.contains(w)) {
                factor = factor.min(0.3);
            }
            if matches!(e.tag, "nav" | "footer" | "header" | "aside")
                || names
                    .split(|c: char| c.is_whitespace())
                    .any(|n| CHROME.iter().any(|w| n.contains(w)))
            {
                factor = factor.min(0.3);
            }
            // A heading just before the list that names it a recommendation box.
            if depth < 3 {
                let before = e.el.prev_siblings().filter_map(ElementRef::wrap).take(2);
                for sib in before {
                    let v = sib.value();
                    let heading = matches!(v.name(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                        || v.classes().any(|c| {
                            let c = c.to_ascii_lowercase();
                            c.contains("title") || c.contains("head") || c.ends_with("hd")
                        });
                    if !heading {
                        continue;
                    }
                    let t = element_text(sib, None).to_lowercase();
                    if t.len() < 80 && BOX_WORDS.iter().any(|w| t.contains(w)) {
                        factor = factor.min(0.3);
                    }
                }
            }
            depth += 1;
            cur = e.parent;
        }
        factor
    }

    /// Drops groups whose records are rows of another group's records (nothing of their
    /// own beside them), and groups of sub-cards nested in records with their own product.
    fn resolve_nesting(&self, mut groups: Vec<Group>) -> Vec<Group> {
        let mut drop = vec![false; groups.len()];
        let mut sub_cards: Vec<(usize, usize)> = Vec::new();
        let mut owner: HashMap<usize, Vec<usize>> = HashMap::new();
        for (g, grp) in groups.iter().enumerate() {
            for &r in &grp.records {
                owner.entry(r).or_default().push(g);
            }
        }
        for (b, inner) in groups.iter().enumerate() {
            // Only clean groups (nearly every record a product) say what holds them.
            if inner.good * 5 < inner.records.len() * 4 || inner.copies * 10 > inner.records.len() {
                continue;
            }
            // Outer groups holding this group's records: which of their records hold some,
            // and how many in all.
            let mut held: HashMap<usize, (HashSet<usize>, usize)> = HashMap::new();
            for &r in &inner.records {
                let mut cur = self.els[r].parent;
                let mut hops = 0;
                while let Some(p) = cur {
                    if hops > 8 {
                        break;
                    }
                    for &a in owner.get(&p).map(Vec::as_slice).unwrap_or_default() {
                        if a != b {
                            let slot = held.entry(a).or_default();
                            slot.0.insert(p);
                            slot.1 += 1;
                        }
                    }
                    cur = self.els[p].parent;
                    hops += 1;
                }
            }
            for (a, (holders, n)) in held {
                if n * 5 < inner.records.len() * 4 || n * 2 < holders.len() * 3 {
                    continue; // not nested, or one record per wrapper
                }
                if n > holders.len() * 8 {
                    drop[a] = true; // a list's container, not records
                    continue;
                }
                let inner_set: HashSet<usize> = inner.records.iter().copied().collect();
                // Siblings of the inner records with their tag are more of them (another
                // variant of the same card), not the outer record's own product.
                let inner_tag = self.els[inner.records[0]].tag;
                let inner_parents: HashSet<usize> = inner
                    .records
                    .iter()
                    .filter_map(|&r| self.els[r].parent)
                    .collect();
                let own = holders
                    .iter()
                    .filter(|&&r| self.has_own_product(r, &inner_set, inner_tag, &inner_parents))
                    .count();
                if own * 5 >= holders.len() * 3 {
                    drop[b] = true; // sub-cards of real records
                    sub_cards.push((a, b));
                } else {
                    drop[a] = true; // rows of real records
                }
            }
        }
        for (a, b) in sub_cards {
            // Only whole sub-cards are left out of the outer records' fields.
            let inner: Vec<usize> = groups[b]
                .records
                .iter()
                .copied()
                .filter(|&r| self.good(r))
                .collect();
            groups[a].inner.extend(inner);
        }
        groups
            .into_iter()
            .zip(drop)
            .filter_map(|(g, d)| (!d).then_some(g))
            .collect()
    }

    /// Whether record `r` has a link and a title-like text outside the `inner` records.
    fn has_own_product(
        &self,
        r: usize,
        inner: &HashSet<usize>,
        inner_tag: &str,
        inner_parents: &HashSet<usize>,
    ) -> bool {
        let mut link = false;
        let mut title = false;
        let inner_links: HashSet<&str> = inner
            .iter()
            .filter(|&&k| k > r && k < self.els[r].end)
            .flat_map(|&k| self.els[k].links.iter().copied())
            .collect();
        let mut i = r + 1;
        while i < self.els[r].end {
            let e = &self.els[i];
            let variant =
                e.tag == inner_tag && e.parent.is_some_and(|p| inner_parents.contains(&p));
            // Copies of the inner records' products (hover layers, enlarged views) are
            // not a product of the block's own.
            let copy = !e.links.is_empty() && e.links.iter().all(|l| inner_links.contains(l));
            if inner.contains(&i) || variant || e.hidden || copy {
                i = e.end;
                continue;
            }
            // A product of its own: a titled link (not a bare inquiry button), not one of
            // the inner records' products again.
            link |= e.tag == "a"
                && e.titled
                && e.el
                    .value()
                    .attr("href")
                    .is_some_and(|h| product_like(h) && !inner_links.contains(link_key(h)));
            let innermost = e.kids.iter().all(|&k| !self.els[k].titled);
            title |= innermost && e.text.as_deref().is_some_and(title_like);
            // A price of its own outside the sub-cards.
            link |= e.prices > 0 && e.kids.iter().all(|&k| self.els[k].prices == 0);
            i += 1;
        }
        link && title
    }

    /// The simplest selector that selects exactly the group's records.
    fn listing_selector(&self, g: &Group) -> Option<String> {
        let recs = &g.records;
        let first = &self.els[*recs.first()?];
        let tag = first.tag;
        let shared = shared_classes(recs.iter().map(|&i| &self.els[i]));
        let mut own: Vec<String> = shared
            .iter()
            .take(3)
            .filter_map(|c| class_selector(tag, c))
            .collect();
        let bare_own = tag.to_string();
        let parents: Vec<usize> = dedup(recs.iter().filter_map(|&i| self.els[i].parent));
        let parent_sel = self.context_selector(&parents);
        let grand: Vec<usize> = dedup(parents.iter().filter_map(|&i| self.els[i].parent));
        let grand_sel = self.context_selector(&grand);
        let mut tries: Vec<String> = own.clone();
        own.push(bare_own);
        if let Some(p) = &parent_sel {
            tries.extend(own.iter().map(|o| format!("{p} > {o}")));
            if let Some(gp) = &grand_sel {
                tries.extend(own.iter().map(|o| format!("{gp} > {p} > {o}")));
            }
        }
        let want: HashSet<usize> = recs.iter().map(|&i| key(self.els[i].el)).collect();
        let doc_root = self.els.first()?.el;
        tries.into_iter().find(|css| {
            Selector::parse(css).is_ok_and(|sel| {
                let mut n = 0;
                for el in doc_root.select(&sel) {
                    if !want.contains(&key(el)) {
                        return false;
                    }
                    n += 1;
                }
                n == want.len()
            })
        })
    }

    /// A selector for a set of context elements (parents of records): their shared
    /// class, or a stable id when there is one element.
    fn context_selector(&self, els: &[usize]) -> Option<String> {
        let first = &self.els[*els.first()?];
        if els.iter().any(|&i| self.els[i].tag != first.tag) {
            return None;
        }
        let shared = shared_classes(els.iter().map(|&i| &self.els[i]));
        if let Some(s) = shared.iter().find_map(|c| class_selector(first.tag, c)) {
            return Some(s);
        }
        if els.len() == 1
            && let Some(id) = first.el.value().id()
            && stable_name(id)
        {
            return Some(format!("{}#{id}", first.tag));
        }
        matches!(first.tag, "html" | "body").then(|| first.tag.to_string())
    }

    /// Card-relative field rules and the names of the fields found.
    fn fields(
        &self,
        records: &[usize],
        skip: &HashSet<usize>,
    ) -> Option<(toml::Table, Vec<&'static str>)> {
        let recs: Vec<ElementRef<'a>> = records.iter().map(|&i| self.els[i].el).collect();
        let mut c = Candidates::default();
        for &r in records {
            let mut one = Candidates::default();
            self.collect(r, skip, &mut one);
            c.merge(one);
        }
        let mut fields = toml::Table::new();
        let mut found = Vec::new();
        let min = |share: f64| ((records.len() as f64 * share).ceil() as usize).max(1);

        let title = pick(&recs, &c.title, min(0.5), title_ok)?;
        fields.insert("title".into(), chain(&title, &Post::None));
        found.push("title");

        let product = pick(&recs, &c.product, min(0.4), |v| {
            real_link(v) && !seller_like(v)
        });
        let seller = pick(&recs, &c.seller_url, min(0.3), |v| {
            (seller_like(v) && !product_like(v)) || seller_home(v)
        });
        if let Some(p) = &product {
            fields.insert("product_url".into(), chain(p, &Post::None));
            found.push("product_url");
            if let Some(id) = self.product_id(records, &recs, p) {
                fields.insert("product_id".into(), id);
                found.push("product_id");
            }
        }
        if let Some(mut price) = pick(&recs, &c.price, min(0.3), price_shaped) {
            for cand in &mut price {
                cand.exclude = price_notes(&recs, cand);
            }
            fields.insert("price".into(), chain(&price, &Post::Price));
            found.push("price");
        }
        if let Some(moq) = pick(&recs, &c.moq, min(0.3), moq_shaped) {
            fields.insert("moq".into(), chain(&moq, &Post::Moq));
            found.push("moq");
        }
        if let Some(s) = &seller {
            fields.insert("seller_url".into(), chain(s, &Post::None));
            found.push("seller_url");
            let named: Vec<Cand> = s.iter().map(|x| Cand::new(&x.css, None)).collect();
            let names = candidates_from(&named);
            if let Some(n) = pick(&recs, &names, min(0.3), name_like) {
                fields.insert("seller_name".into(), chain(&n, &Post::None));
                found.push("seller_name");
            }
        }
        if !fields.contains_key("seller_name")
            && let Some(n) = pick(&recs, &c.seller_name, min(0.4), name_like)
        {
            fields.insert("seller_name".into(), chain(&n, &Post::None));
            found.push("seller_name");
        }
        // A place by its content first; an element named a place, with a looser shape,
        // only where no text is a known place.
        let location = pick_n(
            &recs,
            &place_columns(&recs, &c.place),
            min(0.4),
            place_like,
            2,
        )
        .or_else(|| pick_n(&recs, &c.location, min(0.4), place_like, 2));
        if let Some(l) = location {
            fields.insert("location".into(), chain(&l, &Post::None));
            found.push("location");
        }
        self.block_fields(records, skip, &mut fields, &mut found);
        Some((fields, found))
    }

    /// Records that sit a few to a block (a supplier with its sample products, a shop
    /// with its items): the blocks' seller link and name and location, outside the
    /// records, become rules with `closest = "<block>"` for the fields the records lack.
    /// A block is the outermost ancestor of a record that holds none of the other
    /// blocks' records; blocks must be at least two, fewer than the records, and share a
    /// selector that is each record's nearest matching ancestor.
    fn block_fields(
        &self,
        records: &[usize],
        skip: &HashSet<usize>,
        fields: &mut toml::Table,
        found: &mut Vec<&'static str>,
    ) {
        if ["seller_name", "seller_url", "location"]
            .iter()
            .all(|f| fields.contains_key(*f))
        {
            return;
        }
        let total = records.len();
        let mut count: HashMap<usize, usize> = HashMap::new();
        for &r in records {
            let mut a = self.els[r].parent;
            while let Some(i) = a {
                *count.entry(i).or_default() += 1;
                a = self.els[i].parent;
            }
        }
        let mut blocks: Vec<usize> = Vec::new();
        for &r in records {
            let mut block = r;
            while let Some(p) = self.els[block].parent {
                if count.get(&p).copied().unwrap_or(0) >= total || structural(self.els[p].tag) {
                    break;
                }
                block = p;
            }
            if block == r {
                return;
            }
            if blocks.last() != Some(&block) {
                blocks.push(block);
            }
        }
        let blocks = dedup(blocks.into_iter());
        if blocks.len() < 2 || blocks.len() * 3 > total * 2 {
            return;
        }
        let Some(block_css) = self.context_selector(&blocks) else {
            return;
        };
        let Ok(block_sel) = Selector::parse(&block_css) else {
            return;
        };
        // The engine reads from the nearest ancestor the selector matches: it must be
        // the block.
        for &r in records {
            let nearest = std::iter::once(self.els[r].el)
                .chain(self.els[r].el.ancestors().filter_map(ElementRef::wrap))
                .find(|e| block_sel.matches(e));
            let Some(nearest) = nearest else { return };
            if !blocks.iter().any(|&b| self.els[b].el.id() == nearest.id()) {
                return;
            }
        }
        let mut outside: HashSet<usize> = skip.clone();
        outside.extend(records.iter().copied());
        let mut c = Candidates::default();
        for &b in &blocks {
            let mut one = Candidates::default();
            self.collect(b, &outside, &mut one);
            c.merge(one);
        }
        let recs: Vec<ElementRef<'a>> = blocks.iter().map(|&i| self.els[i].el).collect();
        let min = (blocks.len() * 3).div_ceil(5);
        let with_block = |cands: &[Cand], post: &Post| {
            let mut v = chain(cands, post);
            let add = |t: &mut toml::Table| {
                t.insert("closest".into(), block_css.as_str().into());
            };
            match &mut v {
                toml::Value::Table(t) => add(t),
                toml::Value::Array(a) => a
                    .iter_mut()
                    .filter_map(toml::Value::as_table_mut)
                    .for_each(add),
                _ => {}
            }
            v
        };
        if !fields.contains_key("seller_url")
            && let Some(s) = pick(&recs, &c.seller_url, min, |v| {
                seller_like(v) && !product_like(v)
            })
        {
            fields.insert("seller_url".into(), with_block(&s, &Post::None));
            found.push("seller_url (block)");
            if !fields.contains_key("seller_name") {
                let named: Vec<Cand> = s.iter().map(|x| Cand::new(&x.css, None)).collect();
                if let Some(n) = pick(&recs, &candidates_from(&named), min, name_like) {
                    fields.insert("seller_name".into(), with_block(&n, &Post::None));
                    found.push("seller_name (block)");
                }
            }
        }
        if !fields.contains_key("seller_name")
            && let Some(n) = pick(&recs, &c.seller_name, min, name_like)
        {
            fields.insert("seller_name".into(), with_block(&n, &Post::None));
            found.push("seller_name (block)");
        }
        if !fields.contains_key("location")
            && let Some(l) = pick_n(&recs, &place_columns(&recs, &c.place), min, place_like, 2)
                .or_else(|| pick_n(&recs, &c.location, min, place_like, 2))
        {
            fields.insert("location".into(), with_block(&l, &Post::None));
            found.push("location (block)");
        }
    }

    /// Candidate selectors for each field in one record.
    fn collect(&self, r: usize, skip: &HashSet<usize>, c: &mut Candidates) {
        let rec = &self.els[r];
        if rec.tag == "a"
            && let Some(href) = rec.el.value().attr("href")
            && real_link(href)
        {
            c.product.add(
                Cand::new(":scope", Some("href")),
                if product_like(href) { 3.0 } else { 1.0 },
            );
        }
        let mut i = r;
        while i < rec.end {
            let e = &self.els[i];
            if e.hidden {
                i = e.end;
                continue;
            }
            if skip.contains(&i) {
                i = e.end;
                continue;
            }
            // Earlier elements of the card are a little more likely its own fields.
            let early = 1.0 - 0.2 * (i - r) as f64 / (rec.end - r) as f64;
            let text = e.text.as_deref().unwrap_or_default();
            // Selectors are built only for elements some field wants (most want none).
            let sels_cell: std::cell::OnceCell<Vec<String>> = std::cell::OnceCell::new();
            let sels = || -> &[String] { sels_cell.get_or_init(|| self.relative_selectors(i, r)) };
            let innermost = |f: fn(&str) -> bool| {
                e.kids
                    .iter()
                    .all(|&k| !self.els[k].text.as_deref().is_some_and(f))
            };
            let names = class_words(e);
            if i != r {
                if price_shaped(text) && innermost(price_shaped) {
                    c.price.add_all(sels(), None, 1.0 * early);
                }
                let moq_label = MOQ_LABEL.as_ref().and_then(|re| re.find(text));
                let plain = moq_shaped(text) && innermost(moq_shaped);
                if plain {
                    c.moq.add_all(sels(), None, 1.0 * early);
                }
                // A label in the text tells the MOQ from its look-alike siblings; the
                // labelled element is read whole even when its quantity sits in a child
                // (`<div>Min. Order: <span>5 Pieces</span></div>`).
                let labelled_whole = !plain
                    && moq_shaped(text)
                    && innermost(|t| {
                        moq_shaped(t) && MOQ_LABEL.as_ref().is_some_and(|re| re.is_match(t))
                    });
                if (plain || labelled_whole)
                    && let Some(label) = moq_label
                {
                    for css in sels() {
                        let cand = Cand {
                            contains: Some(label.as_str().to_string()),
                            ..Cand::new(css, None)
                        };
                        c.moq.add(cand, 1.2 * early);
                    }
                }
                if title_like(text) {
                    let w = if matches!(e.tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6") {
                        3.0
                    } else if e.tag == "a" {
                        2.5
                    } else if ["title", "name", "subject", "product"]
                        .iter()
                        .any(|w| names.contains(w))
                    {
                        2.0
                    } else if innermost(title_like) {
                        1.0
                    } else {
                        0.0
                    };
                    if w > 0.0 {
                        c.title.add_all(sels(), None, w * early);
                    }
                }
                if let Some(t) = e.el.value().attr("title")
                    && title_like(t.trim())
                    && (e.tag == "a"
                        || matches!(e.tag, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
                        || names.contains("title")
                        || names.contains("name"))
                {
                    c.title.add_all(sels(), Some("title"), 2.6 * early);
                }
                if e.tag == "a"
                    && let Some(href) = e.el.value().attr("href")
                    && real_link(href)
                {
                    if seller_like(href) {
                        c.seller_url.add_all(sels(), Some("href"), 1.0 * early);
                    } else if seller_home(href) && text.chars().count() <= 80 && name_like(text) {
                        // A named link to a site's home or to a one-folder page: the
                        // seller's own website or microsite.
                        c.seller_url.add_all(sels(), Some("href"), 0.7 * early);
                    } else {
                        let titled = e.titled || e.text.as_deref().is_some_and(title_like);
                        let w = match (product_like(href), titled) {
                            (true, true) => 3.0,
                            (true, false) => 2.0,
                            (false, true) => 1.0,
                            (false, false) => 0.0,
                        };
                        if w > 0.0 {
                            c.product.add_all(sels(), Some("href"), w * early);
                        }
                    }
                }
                if [
                    "company", "seller", "store", "shop", "supplier", "vendor", "merchant",
                ]
                .iter()
                .any(|w| names.contains(w))
                    && name_like(text)
                    && innermost(name_like)
                {
                    c.seller_name.add_all(sels(), None, 1.0 * early);
                }
                self.location_candidates(i, text, &names, &sels, early, c);
            }
            i += 1;
        }
    }

    /// Location candidates of element `i`: an element whose class names a place and
    /// whose text looks like one; a text that is a place by its content (the gazetteer in
    /// `place`), read whole, or without the child elements around its own text (a
    /// full-address tooltip inside); a `label: place` row, read with `contains` and the
    /// label removed.
    fn location_candidates<'s>(
        &self,
        i: usize,
        text: &str,
        names: &str,
        sels: &dyn Fn() -> &'s [String],
        early: f64,
        c: &mut Candidates,
    ) {
        let e = &self.els[i];
        let innermost = |f: &dyn Fn(&str) -> bool| {
            e.kids
                .iter()
                .all(|&k| !self.els[k].text.as_deref().is_some_and(f))
        };
        let class_named = [
            "location", "address", "addr", "city", "country", "region", "province", "origin",
            "place",
        ]
        .iter()
        .any(|w| names.contains(w));
        let known = place::place_text(text) && innermost(&place::place_text);
        if class_named && place_like(text) {
            c.location.add_all(sels(), None, early);
        }
        if known {
            c.place.add_all(sels(), None, 1.2 * early);
            return;
        }
        if let Some(label) = place::labelled_place(text)
            && innermost(&|t: &str| place::labelled_place(t).is_some())
        {
            for css in sels() {
                let cand = Cand {
                    contains: Some(label.clone()),
                    remove: Some(label.clone()),
                    ..Cand::new(css, None)
                };
                c.place.add(cand, 1.1 * early);
            }
            return;
        }
        // The element's own text is the place; its children are notes around it.
        if e.kids.is_empty() || !own_text(e.el).is_some_and(|t| place::place_text(&t)) {
            return;
        }
        let mut excluded: Vec<String> = Vec::new();
        for &k in &e.kids {
            let ke = &self.els[k];
            if ke.text.as_deref().is_none_or(|t| !t.trim().is_empty()) {
                let sel = ke
                    .classes
                    .iter()
                    .find_map(|cl| class_selector(ke.tag, cl))
                    .unwrap_or_else(|| ke.tag.to_string());
                if !excluded.contains(&sel) {
                    excluded.push(sel);
                }
            }
        }
        if excluded.is_empty() {
            return;
        }
        for css in sels() {
            let cand = Cand {
                exclude: Some(excluded.join(", ")),
                ..Cand::new(css, None)
            };
            c.place.add(cand, 1.1 * early);
        }
    }

    /// Selectors for element `d` relative to record `r`, most specific first.
    fn relative_selectors(&self, d: usize, r: usize) -> Vec<String> {
        let e = &self.els[d];
        let mut out: Vec<String> = e
            .classes
            .iter()
            .filter_map(|c| class_selector(e.tag, c))
            .take(3)
            .collect();
        if let Some(p) = e.el.value().attr("itemprop")
            && stable_name(p)
        {
            out.push(format!("[itemprop='{p}']"));
        }
        if out.is_empty() {
            let mut cur = e.parent;
            while let Some(a) = cur {
                if a == r {
                    break;
                }
                let ae = &self.els[a];
                if let Some(s) = ae.classes.iter().find_map(|c| class_selector(ae.tag, c)) {
                    out.push(format!("{s} {}", e.tag));
                    break;
                }
                cur = ae.parent;
            }
        }
        out.push(e.tag.to_string());
        out
    }

    /// `product_id`: a `data-*id` attribute of the record, or a numeric id captured from
    /// the product link, when the records carry one consistently.
    fn product_id(
        &self,
        records: &[usize],
        recs: &[ElementRef<'a>],
        product: &[Cand],
    ) -> Option<toml::Value> {
        let first = product.first()?;
        let reader = first.reader()?;
        let hrefs: Vec<Option<String>> = recs.iter().map(|r| reader.read(*r)).collect();
        let need = (records.len() * 4).div_ceil(5);
        // A numeric id attribute on the record itself.
        let mut attr_rule = None;
        let e0 = &self.els[records[0]];
        for (name, _) in e0.el.value().attrs() {
            let lname = name.to_ascii_lowercase();
            if !(lname.starts_with("data-")
                && (lname.ends_with("id") || lname.contains("sku") || lname.contains("-id")))
            {
                continue;
            }
            let vals: Vec<&str> = records
                .iter()
                .filter_map(|&i| self.els[i].el.value().attr(name))
                .filter(|v| v.len() >= 5 && v.chars().all(|c| c.is_ascii_digit()))
                .collect();
            let distinct: HashSet<&&str> = vals.iter().collect();
            if vals.len() >= need && distinct.len() * 10 >= vals.len() * 9 {
                let agree = vals
                    .iter()
                    .zip(&hrefs)
                    .filter(|(v, h)| h.as_deref().is_some_and(|h| h.contains(**v)))
                    .count();
                attr_rule = Some((name.to_string(), agree * 2 >= vals.len()));
                break;
            }
        }
        const PATTERNS: &[&str] = &[
            r"[?&](?:id|itemId|item_id|productId|product_id|offerId|offer_id|sku|pid)=(\d{5,})",
            r"/(\d{5,})\.html?",
            r"[_-](\d{5,})\.html?",
            r"/(\d{5,})(?:[/?#]|$)",
            r"/(?:items?|products?|offers?|details?|goods|dp)/([A-Za-z0-9]{8,24})(?:[/.?#]|$)",
        ];
        let mut url_rule = None;
        for pat in PATTERNS {
            let Ok(re) = Regex::new(pat) else { continue };
            let ids: Vec<&str> = hrefs
                .iter()
                .flatten()
                .filter_map(|h| re.captures(h).and_then(|c| c.get(1)).map(|m| m.as_str()))
                .collect();
            let distinct: HashSet<&&str> = ids.iter().collect();
            if ids.len() >= need && distinct.len() * 10 >= ids.len() * 9 {
                let mut t = rule_table(&first.css, first.attr.as_deref());
                t.insert("capture".into(), (*pat).into());
                url_rule = Some(t);
                break;
            }
        }
        let attr_table = attr_rule
            .as_ref()
            .map(|(name, _)| rule_table(":scope", Some(name)));
        let rules: Vec<toml::Table> = match (attr_table, url_rule, attr_rule) {
            (Some(a), Some(u), Some((_, true))) => vec![a, u],
            (Some(a), Some(u), _) => vec![u, a],
            (Some(a), None, _) => vec![a],
            (None, Some(u), _) => vec![u],
            (None, None, _) => return None,
        };
        Some(to_chain(rules))
    }
}

/// Candidate selectors per field, with how often (and how strongly) records offered them.
#[derive(Default)]
struct Candidates {
    title: CandSet,
    price: CandSet,
    moq: CandSet,
    product: CandSet,
    seller_url: CandSet,
    seller_name: CandSet,
    /// Elements whose class names a place.
    location: CandSet,
    /// Texts that are places by their content (gazetteer, `label: place`).
    place: CandSet,
}

#[derive(Default)]
struct CandSet {
    /// Summed best weight per record, and in how many records the candidate came up.
    weights: HashMap<Cand, (f64, usize)>,
}

impl Candidates {
    /// Adds one record's candidates.
    fn merge(&mut self, one: Candidates) {
        for (to, from) in [
            (&mut self.title, one.title),
            (&mut self.price, one.price),
            (&mut self.moq, one.moq),
            (&mut self.product, one.product),
            (&mut self.seller_url, one.seller_url),
            (&mut self.seller_name, one.seller_name),
            (&mut self.location, one.location),
            (&mut self.place, one.place),
        ] {
            for (c, (w, n)) in from.weights {
                let slot = to.weights.entry(c).or_default();
                slot.0 += w;
                slot.1 += n;
            }
        }
    }
}

impl CandSet {
    /// Within one record a candidate counts once, at its best weight.
    fn add(&mut self, c: Cand, w: f64) {
        let slot = self.weights.entry(c).or_default();
        *slot = (slot.0.max(w), 1);
    }
    fn add_all(&mut self, sels: &[String], attr: Option<&str>, w: f64) {
        // Earlier selectors are more specific: a small edge.
        for s in sels {
            let bare = s.chars().all(|c| c.is_ascii_alphanumeric());
            let heading = matches!(s.as_str(), "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
            let bonus = if bare && !heading { 0.5 } else { 1.0 };
            self.add(Cand::new(s, attr), w * bonus);
        }
    }
}

fn candidates_from(cands: &[Cand]) -> CandSet {
    let mut set = CandSet::default();
    for (k, c) in cands.iter().enumerate() {
        set.add(c.clone(), 10.0 - k as f64);
    }
    set
}

/// One candidate rule: a card-relative CSS selector and how it is read.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
struct Cand {
    css: String,
    attr: Option<String>,
    /// The first match whose text contains this (a label such as `MOQ`).
    contains: Option<String>,
    /// Descendants left out of the text (calls to action, unit notes).
    exclude: Option<String>,
    /// A label removed from the value (`City/Province:`).
    remove: Option<String>,
}

impl Cand {
    fn new(css: &str, attr: Option<&str>) -> Self {
        Cand {
            css: css.to_string(),
            attr: attr.map(str::to_string),
            ..Cand::default()
        }
    }

    /// The rule compiled for reading records, as the engine reads it.
    fn reader(&self) -> Option<Reader> {
        let sel = if self.css == ":scope" {
            None
        } else {
            Some(Selector::parse(&self.css).ok()?)
        };
        let exclude = match &self.exclude {
            Some(x) => Some(Selector::parse(x).ok()?),
            None => None,
        };
        Some(Reader {
            sel,
            attr: self.attr.clone(),
            contains: self.contains.as_ref().map(|c| c.to_lowercase()),
            exclude,
            remove: self.remove.clone(),
        })
    }

    fn table(&self) -> toml::Table {
        let mut t = rule_table(&self.css, self.attr.as_deref());
        if let Some(c) = &self.contains {
            t.insert("contains".into(), c.as_str().into());
        }
        if let Some(x) = &self.exclude {
            t.insert("exclude".into(), x.as_str().into());
        }
        if let Some(r) = &self.remove {
            t.insert("remove".into(), toml::Value::Array(vec![r.as_str().into()]));
        }
        t
    }
}

/// A compiled [`Cand`].
struct Reader {
    /// `None`: the card itself.
    sel: Option<Selector>,
    attr: Option<String>,
    contains: Option<String>,
    exclude: Option<Selector>,
    remove: Option<String>,
}

impl Reader {
    /// The element the rule reads in a record.
    fn element<'e>(&self, rec: ElementRef<'e>) -> Option<ElementRef<'e>> {
        let Some(sel) = &self.sel else {
            return Some(rec);
        };
        match &self.contains {
            Some(needle) => rec.select(sel).find(|e| {
                element_text(*e, self.exclude.as_ref())
                    .to_lowercase()
                    .contains(needle.as_str())
            }),
            None => rec.select(sel).next(),
        }
    }

    /// The value the rule reads from a record (text collapsed), `None` for nothing.
    fn read(&self, rec: ElementRef<'_>) -> Option<String> {
        let el = self.element(rec)?;
        let mut v = match &self.attr {
            Some(a) => el.value().attr(a)?.trim().to_string(),
            None => collapse_whitespace(&element_text(el, self.exclude.as_ref())),
        };
        if let Some(r) = &self.remove {
            v = v.replacen(r.as_str(), "", 1).trim().to_string();
        }
        (!v.is_empty()).then_some(v)
    }
}

/// The best rule for a field and, when it misses records, one fallback; `None` when no
/// rule gives `valid` values in at least `min` records.
fn pick(
    recs: &[ElementRef<'_>],
    set: &CandSet,
    min: usize,
    valid: impl Fn(&str) -> bool,
) -> Option<Vec<Cand>> {
    pick_n(recs, set, min, valid, 1)
}

/// [`pick`] with up to `fallbacks` further rules, each for records the rules before it
/// miss (a field printed in several layouts of one list).
fn pick_n(
    recs: &[ElementRef<'_>],
    set: &CandSet,
    min: usize,
    valid: impl Fn(&str) -> bool,
    fallbacks: usize,
) -> Option<Vec<Cand>> {
    let mut ranked: Vec<(&Cand, f64)> = set
        .weights
        .iter()
        .map(|(c, (w, n))| (c, *w / (*n).max(1) as f64))
        .collect();
    ranked.sort_by(|a, b| {
        let (na, nb) = (set.weights[a.0].1, set.weights[b.0].1);
        (b.1 * nb as f64)
            .total_cmp(&(a.1 * na as f64))
            .then(a.0.css.len().cmp(&b.0.css.len()))
            .then(a.0.css.cmp(&b.0.css))
    });
    ranked.truncate(8);
    // Per candidate and record: Some(valid?) for a value, None for nothing.
    let results: Vec<(&Cand, f64, Vec<Option<bool>>)> = ranked
        .into_iter()
        .filter_map(|(c, w)| {
            let reader = c.reader()?;
            let per: Vec<Option<bool>> = recs
                .iter()
                .map(|r| reader.read(*r).map(|v| valid(&v)))
                .collect();
            Some((c, w, per))
        })
        .collect();
    let quality = |per: &[Option<bool>]| {
        let ok = per.iter().filter(|v| **v == Some(true)).count();
        let bad = per.iter().filter(|v| **v == Some(false)).count();
        (ok, bad)
    };
    // Valid values weighed by how typical the candidate's element is for the field;
    // invalid values count against it.
    let worth = |w: f64, per: &[Option<bool>]| {
        let (ok, bad) = quality(per);
        w * (ok as f64 - 2.0 * bad as f64)
    };
    // With several fallbacks the chain as a whole must cover `min` records: a field
    // printed in three layouts has no single rule for most records.
    let first_min = if fallbacks >= 2 { 1 } else { min };
    let (best, best_per) = results
        .iter()
        .filter(|(_, _, per)| {
            let (ok, bad) = quality(per);
            ok >= first_min && bad * 4 <= ok
        })
        .max_by(|a, b| worth(a.1, &a.2).total_cmp(&worth(b.1, &b.2)))
        .map(|(c, _, per)| (*c, per))?;
    let mut out = vec![best.clone()];
    let mut missing: Vec<usize> = (0..recs.len()).filter(|&i| best_per[i].is_none()).collect();
    while !missing.is_empty() && out.len() <= fallbacks {
        let fallback = results
            .iter()
            .filter(|(c, _, _)| !out.contains(c))
            .map(|(c, _, per)| {
                let ok = missing.iter().filter(|&&i| per[i] == Some(true)).count();
                let bad = missing.iter().filter(|&&i| per[i] == Some(false)).count();
                (c, ok, bad, per)
            })
            .filter(|(_, ok, bad, _)| *ok > 0 && *bad == 0)
            .max_by_key(|(_, ok, _, _)| *ok);
        let Some((c, _, _, per)) = fallback else {
            break;
        };
        out.push((*c).clone());
        missing.retain(|&i| per[i].is_none());
    }
    let covered = recs.len() - missing.len();
    (covered >= min).then_some(out)
}

/// The candidates whose values are mostly known places (the gazetteer in `place`): a
/// column of places, whose other values need only look like one (a town the gazetteer
/// does not know).
fn place_columns(recs: &[ElementRef<'_>], set: &CandSet) -> CandSet {
    let mut out = CandSet::default();
    // The strongest candidates only, as `pick` ranks them.
    let mut ranked: Vec<(&Cand, &(f64, usize))> = set.weights.iter().collect();
    ranked.sort_by(|a, b| {
        (b.1.0)
            .total_cmp(&a.1.0)
            .then(a.0.css.len().cmp(&b.0.css.len()))
            .then(a.0.css.cmp(&b.0.css))
    });
    ranked.truncate(12);
    for (c, w) in ranked {
        let Some(reader) = c.reader() else { continue };
        let values: Vec<String> = recs.iter().filter_map(|r| reader.read(*r)).collect();
        let known = values.iter().filter(|v| place::place_text(v)).count();
        if known * 5 >= values.len() * 3 {
            out.weights.insert(c.clone(), *w);
        }
    }
    out
}

/// Descendants of a price element that are not the price: calls to action ("Get Latest
/// Price"), and unit or terms notes that start with `/` or `(` ("/ Piece", "(FOB Price)").
/// A unit word that follows the price's own `/` stays. The selector must match no
/// element with a digit in any record.
fn price_notes(recs: &[ElementRef<'_>], cand: &Cand) -> Option<String> {
    let reader = cand.reader()?;
    let mut counts: HashMap<String, usize> = HashMap::new();
    let mut els = Vec::new();
    for rec in recs {
        let Some(el) = reader.element(*rec) else {
            continue;
        };
        els.push(el);
        let mut seen = HashSet::new();
        for d in el.descendants().skip(1).filter_map(ElementRef::wrap) {
            let t = collapse_whitespace(&element_text(d, None));
            let words = t.split_whitespace().count();
            let letters = t.chars().filter(|c| c.is_alphabetic()).count();
            let note = !t.is_empty()
                && !t.contains(|c: char| c.is_ascii_digit())
                && (t.starts_with(['/', '(', '（']) || (words >= 2 && letters >= 6));
            if !note {
                continue;
            }
            let v = d.value();
            let sel = v
                .classes()
                .filter(|c| usable_class(c))
                .find_map(|c| class_selector(v.name(), c))
                .unwrap_or_else(|| v.name().to_string());
            if seen.insert(sel.clone()) {
                *counts.entry(sel).or_default() += 1;
            }
        }
    }
    let mut keep: Vec<String> = counts
        .into_iter()
        .filter(|(_, n)| *n * 10 >= recs.len() * 3)
        .map(|(sel, _)| sel)
        .filter(|sel| {
            Selector::parse(sel).is_ok_and(|x| {
                els.iter().all(|el| {
                    el.select(&x)
                        .all(|m| !element_text(m, None).contains(|c: char| c.is_ascii_digit()))
                })
            })
        })
        .collect();
    keep.sort();
    (!keep.is_empty()).then(|| keep.join(", "))
}

/// Post-processing a field's rules get.
enum Post {
    None,
    /// Only values with a digit ("Negotiable" is no price).
    Price,
    /// Labels such as `Min. order:` and `(MOQ)` removed.
    Moq,
}

fn rule_table(css: &str, attr: Option<&str>) -> toml::Table {
    let mut t = toml::Table::new();
    t.insert("css".into(), css.into());
    if let Some(a) = attr {
        t.insert("attr".into(), a.into());
    }
    t
}

fn to_chain(mut rules: Vec<toml::Table>) -> toml::Value {
    if rules.len() == 1 {
        toml::Value::Table(rules.remove(0))
    } else {
        toml::Value::Array(rules.into_iter().map(toml::Value::Table).collect())
    }
}

/// MOQ labels, longest first (removal is in order, ignoring case).
const MOQ_LABELS: &[&str] = &[
    "Minimum Order Quantity:",
    "Min. Order Quantity:",
    "Minimum order:",
    "Min. Order:",
    "Min Order:",
    "Min.Order:",
    "Min. Order",
    "Min Order",
    "(MOQ)",
    "MOQ:",
    "MOQ",
    "最小起订量:",
    "最小起订量",
    "起订量:",
    "起订量：",
    "起订量",
    "起批量",
    "起批",
    "起订",
    "起售",
];

fn chain(cands: &[Cand], post: &Post) -> toml::Value {
    let rules = cands
        .iter()
        .map(|c| {
            let mut t = c.table();
            match post {
                Post::None => {}
                Post::Price => {
                    t.insert("capture".into(), r"(?s)^(.*\d.*)$".into());
                }
                Post::Moq => {
                    t.insert(
                        "remove".into(),
                        toml::Value::Array(MOQ_LABELS.iter().map(|l| (*l).into()).collect()),
                    );
                }
            }
            t
        })
        .collect();
    to_chain(rules)
}

/// Whether the page says it shows one product (one JSON-LD `Product`, `og:type` product).
fn single_product_page(view: &PageView<'_>) -> bool {
    let products = super::super::json_ld_objects(view.doc)
        .iter()
        .filter(|o| match o.get("@type") {
            Some(serde_json::Value::String(s)) => s.eq_ignore_ascii_case("product"),
            Some(serde_json::Value::Array(a)) => a.iter().any(|t| {
                t.as_str()
                    .is_some_and(|s| s.eq_ignore_ascii_case("product"))
            }),
            _ => false,
        })
        .count();
    if products == 1 {
        return true;
    }
    static OG: LazyLock<Option<Selector>> =
        LazyLock::new(|| Selector::parse("meta[property='og:type'][content]").ok());
    OG.as_ref().is_some_and(|sel| {
        view.doc.select(sel).any(|m| {
            m.value()
                .attr("content")
                .is_some_and(|c| c.to_ascii_lowercase().contains("product"))
        })
    })
}

/// Whether the page's own URL is an item's: an item / product / offer / detail path or a
/// long number in the path, and no list, search or seller path.
fn item_url(url: &url::Url) -> bool {
    static ITEM: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"(?i)(?:^|/)(?:items?|products?|product-detail|offers?|details?|goods|dp|itm)(?:[/_.-]|$)|\d{6,}").ok()
    });
    static LIST: LazyLock<Option<Regex>> = LazyLock::new(|| {
        Regex::new(r"(?i)list|search|categor|catalog|wholesale|showroom|/tags?/|/s/|/w/").ok()
    });
    let path = url.path();
    ITEM.as_ref().is_some_and(|re| re.is_match(path))
        && !LIST.as_ref().is_some_and(|re| re.is_match(path))
        && !seller_like(url.as_str())
}

/// The element's own text (its text nodes, not its children's), collapsed; `None` when
/// it has none.
fn own_text(el: ElementRef<'_>) -> Option<String> {
    let mut s = String::new();
    for child in el.children() {
        if let Node::Text(t) = child.value()
            && !t.trim().is_empty()
        {
            s.push_str(t);
            s.push(' ');
        }
    }
    (!s.is_empty()).then(|| collapse_whitespace(&s))
}

/// Appends `t` with its runs of whitespace as one space (one at either end kept), and
/// returns how many bytes it added.
fn push_squeezed(out: &mut String, t: &str) -> usize {
    let before = out.len();
    let mut space = false;
    for c in t.chars() {
        if c.is_whitespace() {
            space = true;
        } else {
            if space && !out.is_empty() && !out.ends_with(' ') {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    if space && !out.is_empty() && !out.ends_with(' ') {
        out.push(' ');
    }
    out.len() - before
}

/// A stable identity for an element of the document (its node's address).
/// Elements that hold a page or its frame, never one record: the document, its body and
/// main area, navigation, headers and footers.
fn structural(tag: &str) -> bool {
    matches!(
        tag,
        "html" | "head" | "body" | "main" | "nav" | "header" | "footer" | "form"
    )
}

fn key(el: ElementRef<'_>) -> usize {
    std::ptr::from_ref(el.value()).addr()
}

fn dedup(it: impl Iterator<Item = usize>) -> Vec<usize> {
    let mut seen = HashSet::new();
    it.filter(|i| seen.insert(*i)).collect()
}

/// Classes every element has, in the first element's order.
fn shared_classes<'e, 'a: 'e>(mut els: impl Iterator<Item = &'e El<'a>>) -> Vec<&'a str> {
    let Some(first) = els.next() else {
        return Vec::new();
    };
    let mut shared = first.classes.clone();
    for e in els {
        shared.retain(|c| e.classes.contains(c));
    }
    shared
}

/// `tag` plus its usable classes, sorted: the grouping key of a parent.
fn signature(e: &El<'_>) -> String {
    let mut classes = e.classes.clone();
    classes.sort_unstable();
    let mut s = e.tag.to_string();
    for c in classes {
        s.push('.');
        s.push_str(c);
    }
    s
}

/// The element's class and id words, lowercased, for vocabulary checks.
fn class_words(e: &El<'_>) -> String {
    let v = e.el.value();
    format!(
        "{} {} {}",
        v.attr("class").unwrap_or_default(),
        v.id().unwrap_or_default(),
        v.attr("itemprop").unwrap_or_default()
    )
    .to_ascii_lowercase()
}

/// CSS-safe names without state words (`active`, `selected`, …).
fn usable_class(c: &str) -> bool {
    const STATE: &[&str] = &[
        "active", "current", "selected", "on", "hover", "first", "last", "odd", "even", "hidden",
        "show", "visible", "open", "clearfix", "fl", "fr", "left", "right",
    ];
    stable_name(c) && !STATE.contains(&c.to_ascii_lowercase().as_str())
}

/// An identifier usable unquoted in CSS: a letter or `_` first, then letters, digits,
/// `-`, `_`.
fn stable_name(s: &str) -> bool {
    let mut chars = s.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.len() <= 60
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `tag.class`, or `tag[class*='prefix']` for a class ending in a build hash
/// (`price--current--H7sGzQb`, `store_name__bwk_w`). `None` for a class that is all hash.
fn class_selector(tag: &str, class: &str) -> Option<String> {
    static HASHED: LazyLock<Option<Regex>> =
        LazyLock::new(|| Regex::new(r"^(.*[A-Za-z0-9](?:--|__))([A-Za-z0-9_-]{4,10})$").ok());
    if let Some(re) = HASHED.as_ref()
        && let Some(caps) = re.captures(class)
        && let (Some(prefix), Some(hash)) = (caps.get(1), caps.get(2))
        && looks_hashed(hash.as_str())
    {
        let prefix = prefix.as_str();
        return (prefix.len() >= 4).then(|| format!("{tag}[class*='{prefix}']"));
    }
    Some(format!("{tag}.{class}"))
}

fn looks_hashed(s: &str) -> bool {
    let digit = s.chars().any(|c| c.is_ascii_digit());
    let upper = s.chars().any(|c| c.is_ascii_uppercase());
    let lower = s.chars().any(|c| c.is_ascii_lowercase());
    let under = s.contains('_');
    (digit && (upper || lower)) || (upper && lower) || under
}

/// A link that leads somewhere (not `#`, not `javascript:`).
fn real_link(href: &str) -> bool {
    let h = href.trim();
    !(h.is_empty()
        || h.starts_with('#')
        || h.get(..11)
            .is_some_and(|p| p.eq_ignore_ascii_case("javascript:"))
        || h.starts_with("mailto:")
        || h.starts_with("tel:"))
}

/// The path of a link, without scheme, host, query and fragment.
fn link_key(href: &str) -> &str {
    let h = href.trim();
    let h = h.split(['?', '#']).next().unwrap_or_default();
    let rest = h
        .strip_prefix("https://")
        .or_else(|| h.strip_prefix("http://"))
        .or_else(|| h.strip_prefix("//"));
    match rest {
        Some(r) => r.find('/').map_or("/", |i| &r[i..]),
        None => h,
    }
}

/// The host of an absolute or protocol-relative link.
fn link_host(href: &str) -> Option<&str> {
    let h = href.trim();
    let rest = h
        .strip_prefix("https://")
        .or_else(|| h.strip_prefix("http://"))
        .or_else(|| h.strip_prefix("//"))?;
    rest.split(['/', '?', '#']).next()
}

static PRODUCT_PATH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|/)(?:items?|products?|product-detail|productdetail|offers?|details?|goods|dp|gp/product|prod|pd|itm|listing|sku)(?:[/_.-]|$)|\d{6,}|[?&](?:id|itemid|item_id|productid|product_id|offerid|offer_id|sku|pid)=\w",
    )
    .ok()
});

static NOT_PRODUCT_PATH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)/(?:search|category|categories|catalog|tags?|help|login|signin|register|cart|about|contact|news|blog|faq|privacy|terms|policy|wishlist)(?:[/._?-]|$)",
    )
    .ok()
});

/// A link to a product page: item / product / offer / detail paths, a long number, an id
/// query parameter, or a `.html` slug of several words.
pub(super) fn product_like(href: &str) -> bool {
    if !real_link(href) || seller_like(href) {
        return false;
    }
    let path = link_key(href);
    let query = href.split_once('?').map(|(_, q)| q).unwrap_or_default();
    let tail = format!("{path}?{query}");
    if NOT_PRODUCT_PATH
        .as_ref()
        .is_some_and(|re| re.is_match(path))
    {
        return false;
    }
    if PRODUCT_PATH.as_ref().is_some_and(|re| re.is_match(&tail)) {
        return true;
    }
    let last = path.rsplit('/').next().unwrap_or_default();
    let slug = last
        .strip_suffix(".html")
        .or_else(|| last.strip_suffix(".htm"))
        .unwrap_or_default();
    slug.split(['-', '_'])
        .filter(|w| w.len() >= 2 && w.chars().all(|c| c.is_ascii_lowercase()))
        .count()
        >= 3
}

static SELLER_PATH: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)(?:^|/)(?:stores?|shops?|sellers?|suppliers?|company|companies|vendors?|merchants?|showroom|manufacturers?|member|profile|brand-store|storefront)(?:[/_.-]|$)|[?&](?:seller|shop|store|member|supplier|vendor)_?id=",
    )
    .ok()
});

/// A link to a seller: store / shop / seller / supplier / company paths or parameters, or
/// a site's own subdomain home (`https://name.en.example.com/`).
pub(super) fn seller_like(href: &str) -> bool {
    if !real_link(href) {
        return false;
    }
    let path = link_key(href);
    let query = href.split_once('?').map(|(_, q)| q).unwrap_or_default();
    if SELLER_PATH
        .as_ref()
        .is_some_and(|re| re.is_match(&format!("{path}?{query}")))
    {
        return true;
    }
    // A store subdomain's home: name.<site> with an empty or one-segment path.
    link_host(href).is_some_and(|h| {
        let labels = h.split('.').count();
        let first = h.split('.').next().unwrap_or_default();
        labels >= 4
            && !matches!(
                first,
                "www" | "m" | "s" | "detail" | "item" | "search" | "img"
            )
            && path.trim_matches('/').split('/').count() <= 1
            && !has_long_number(path)
    })
}

/// Whether a text has a run of five or more digits (an id).
fn has_long_number(s: &str) -> bool {
    let mut run = 0;
    for c in s.chars() {
        run = if c.is_ascii_digit() { run + 1 } else { 0 };
        if run >= 5 {
            return true;
        }
    }
    false
}

/// A link to a site's home page (`https://www.acme-tools.com/`) or to a one-folder page
/// of a site (`/acme-tools/`, any query): where directories send a card's seller name
/// when the seller has its own website or microsite.
fn seller_home(href: &str) -> bool {
    let h = href.trim();
    if !real_link(h) {
        return false;
    }
    let lower = h.get(..8).unwrap_or(h).to_ascii_lowercase();
    let absolute =
        lower.starts_with("http://") || lower.starts_with("https://") || h.starts_with("//");
    let path = link_key(h);
    if absolute && matches!(path, "" | "/") && !h.contains('?') {
        return true;
    }
    let folder = path.trim_matches('/');
    path.ends_with('/')
        && !folder.is_empty()
        && !folder.contains('/')
        && !folder.contains('.')
        && !has_long_number(folder)
        && !NOT_PRODUCT_PATH
            .as_ref()
            .is_some_and(|re| re.is_match(path))
        && !PRODUCT_PATH.as_ref().is_some_and(|re| re.is_match(path))
}

static PRICE: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?:(?:US|AU|A|C|CA|HK|NZ|S|SG|NT|R|MX)\s?\$|\$|¥|￥|₹|€|£|₩|₱|฿|₫|₦|₵|GH₵|\bRM|\bRp\.?|\bRs\.?|\b(?:USD|EUR|GBP|CNY|RMB|JPY|INR|ARS|BRL|MXN|AUD|CAD|PHP|IDR|MYR|THB|VND|KRW|TRY|RUB|PKR|AED|SAR|CHF|SEK|PLN)\b)\s?\d|\d[\d,.]*\s?(?:元|円|€|\b(?:USD|EUR|RMB|CNY)\b)",
    )
    .ok()
});

/// A short text that is a price: a currency sign or code next to digits, with little
/// else (a range, a unit).
fn price_shaped(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.chars().count() > 60 {
        return false;
    }
    let Some(m) = PRICE.as_ref().and_then(|re| re.find(t)) else {
        return false;
    };
    let letters = t[..m.start()]
        .chars()
        .chain(t[m.end()..].chars())
        .filter(|c| c.is_alphabetic())
        .count();
    letters <= 24
}

static MOQ_LABEL: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"(?i)\bmin(?:imum)?\.?\s*order\b|\bMOQ\b|起批|起订|起售").ok());

static QUANTITY: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^[≥>]?=?\s*\d[\d,.]*\s*(?:-\s*\d[\d,.]*\s*)?(?:pieces?|pcs|sets?|pairs?|units?|boxes|box|cartons?|meters?|metres?|kilograms?|kgs?|tons?|tonnes?|bags?|rolls?|dozens?|square meters?|sq\.? ?m|lots?|packs?|bottles?|sheets?|yards?|feet|件|个|條|条|套|只|双|台|箱|米|把|张|片|袋|盒|包|支|瓶|根|块|对|顶|副|千克|公斤|吨)\b?(?:\s*\(MOQ\))?$",
    )
    .ok()
});

/// A minimum-order text: a label with a number, or a bare quantity with a unit.
fn moq_shaped(t: &str) -> bool {
    let t = t.trim();
    if t.is_empty() || t.chars().count() > 60 || !t.contains(|c: char| c.is_ascii_digit()) {
        return false;
    }
    if price_shaped(t) {
        return false;
    }
    MOQ_LABEL.as_ref().is_some_and(|re| re.is_match(t))
        || QUANTITY.as_ref().is_some_and(|re| re.is_match(t))
}

/// Calls to action and badges that are never titles or names.
const NOT_TITLES: &[&str] = &[
    "add to",
    "buy now",
    "contact supplier",
    "contact now",
    "contact seller",
    "chat now",
    "chat with supplier",
    "inquire now",
    "send inquiry",
    "send message",
    "get latest price",
    "get best quote",
    "get best price",
    "get quote",
    "request a quote",
    "view details",
    "view more",
    "view all",
    "learn more",
    "read more",
    "see more",
    "see all",
    "show more",
    "click here",
    "click to",
    "sponsored",
    "free shipping",
    "立即购买",
    "加入购物车",
    "联系供应商",
    "查看详情",
    "查看更多",
];

/// A product-title-like text: several words (or several CJK characters), not a price,
/// a quantity or a call to action.
fn title_like(t: &str) -> bool {
    let t = t.trim();
    let n = t.chars().count();
    if !(6..=300).contains(&n) {
        return false;
    }
    let cjk = t
        .chars()
        .filter(|c| ('\u{4e00}'..='\u{9fff}').contains(c))
        .count();
    let letters = t.chars().filter(|c| c.is_alphabetic()).count();
    let words = t.split_whitespace().count();
    if letters < 4 || !(cjk >= 5 || (words >= 3 && n >= 12) || n >= 24) {
        return false;
    }
    let digits = t.chars().filter(char::is_ascii_digit).count();
    if digits * 5 > n * 2 || PRICE.as_ref().is_some_and(|re| re.is_match(t)) {
        return false;
    }
    let lower = t.to_lowercase();
    !(NOT_TITLES.iter().any(|w| lower.starts_with(w)) || moq_shaped(t))
}

/// A title value: looser than [`title_like`], which finds records; a chosen title
/// element may hold a short title ("TWS Earbuds").
fn title_ok(t: &str) -> bool {
    let t = t.trim();
    let n = t.chars().count();
    let lower = t.to_lowercase();
    (3..=300).contains(&n)
        && t.chars().filter(|c| c.is_alphabetic()).count() >= 2
        && !price_shaped(t)
        && !NOT_TITLES.iter().any(|w| lower.starts_with(w))
}

/// A seller-name-like text: short, with letters, not a call to action or a price.
pub(super) fn name_like(t: &str) -> bool {
    const NOT_NAMES: &[&str] = &[
        "contact", "chat", "inquire", "inquiry", "visit", "view", "send", "message", "call",
        "follow", "more", "shop now", "store", "go to", "进店", "联系", "旺旺", "咨询",
    ];
    let t = t.trim();
    let n = t.chars().count();
    if !(2..=120).contains(&n) || !t.chars().any(char::is_alphabetic) {
        return false;
    }
    let lower = t.to_lowercase();
    !(NOT_NAMES
        .iter()
        .any(|w| lower.starts_with(w) && lower.len() < w.len() + 12)
        || price_shaped(t)
        || moq_shaped(t))
}

/// A place-like text: short, letters, hardly any digits, no label or price.
fn place_like(t: &str) -> bool {
    let t = t.trim();
    let n = t.chars().count();
    let digits = t.chars().filter(char::is_ascii_digit).count();
    let lower = t.to_lowercase();
    (2..=60).contains(&n)
        && digits == 0
        && t.chars().any(char::is_alphabetic)
        && !t.contains([':', '：', '+', '%'])
        && !lower.contains("deliver")
        && !lower.contains("ship to")
        && !price_shaped(t)
}

#[cfg(test)]
mod tests {
    use super::super::super::SiteProfile;
    use super::super::super::extract_auto;
    use super::*;
    use url::Url;

    fn run(html: &str) -> Vec<crate::extract::Listing> {
        let url = Url::parse("https://dir.example.com/search?q=sofa").expect("url");
        extract_auto(&url, html).0.listings
    }

    fn plans_for(html: &str) -> Vec<Plan> {
        let url = Url::parse("https://dir.example.com/search?q=sofa").expect("url");
        let doc = scraper::Html::parse_document(html);
        let view = PageView {
            doc: &doc,
            source: html,
            url: &url,
            base: &url,
        };
        plans(&view)
    }

    const NAV: &str = r#"<nav class="top-nav"><ul class="menu">
        <li class="menu-item"><a href="/category/sofas">Sofas and couches for home</a></li>
        <li class="menu-item"><a href="/category/chairs">Chairs and stools for office</a></li>
        <li class="menu-item"><a href="/category/tables">Tables and desks for work</a></li>
        <li class="menu-item"><a href="/category/beds">Beds and mattresses for sleep</a></li>
        </ul></nav>"#;

    const FOOTER: &str = r#"<footer><ul class="links">
        <li class="f"><a href="/about">About our company and team</a></li>
        <li class="f"><a href="/terms">Terms of use for buyers</a></li>
        <li class="f"><a href="/privacy">Privacy policy for everyone</a></li>
        </ul></footer>"#;

    fn card(i: usize, seller: bool) -> String {
        let seller_html = if seller {
            format!(
                r#"<div class="supplier"><a class="company-link" href="https://acme{i}.en.example.com/">Acme Furniture Co., Ltd. {i}</a>
                <span class="location">Guangdong, China</span></div>"#
            )
        } else {
            String::new()
        };
        format!(
            r#"<div class="item-card card-{i}">
              <a class="pic" href="/product/10000{i}0/sofa.html"><img src="x.jpg"></a>
              <h2 class="item-title"><a href="/product/10000{i}0/sofa.html" title="Modern fabric bubble sofa model {i}">Modern fabric bubble sofa model {i}</a></h2>
              <div class="price-box"><span class="price--current--H7sGzQb">US$ {i}20.50</span><span class="unit">/ Piece</span></div>
              <div class="moq">Min. order: {i}0 pieces</div>
              {seller_html}
              <button>Contact supplier</button>
            </div>"#
        )
    }

    #[test]
    fn finds_a_result_grid_and_its_fields() {
        let cards: String = (1..=5).map(|i| card(i, true)).collect();
        let html = format!(
            "<html><body>{NAV}<div class=\"results\"><div class=\"list\">{cards}</div></div>{FOOTER}</body></html>"
        );
        let got = run(&html);
        assert_eq!(got.len(), 5, "{got:#?}");
        let l = &got[1];
        assert_eq!(
            l.title.as_deref(),
            Some("Modern fabric bubble sofa model 2")
        );
        assert_eq!(l.price.as_deref(), Some("US$ 220.50"));
        assert_eq!(l.moq.as_deref(), Some("20 pieces"));
        assert_eq!(
            l.product_url.as_deref(),
            Some("https://dir.example.com/product/1000020/sofa.html")
        );
        assert_eq!(l.product_id.as_deref(), Some("1000020"));
        assert_eq!(l.seller_name.as_deref(), Some("Acme Furniture Co., Ltd. 2"));
        assert_eq!(
            l.seller_url.as_deref(),
            Some("https://acme2.en.example.com/")
        );
        assert_eq!(l.location.as_deref(), Some("Guangdong, China"));
    }

    #[test]
    fn the_plan_is_a_profile_that_reproduces_the_result() {
        let cards: String = (1..=4).map(|i| card(i, false)).collect();
        let html = format!("<html><body><div class=\"list\">{cards}</div></body></html>");
        let plans = plans_for(&html);
        let plan = plans.first().expect("a plan");
        let listing = plan.page.get("listing").and_then(|v| v.as_str());
        assert_eq!(listing, Some("div.item-card"));
        let fields = plan
            .page
            .get("fields")
            .and_then(|v| v.as_table())
            .expect("fields");
        // The hashed price class is matched by its stable prefix.
        let price = fields
            .get("price")
            .map(ToString::to_string)
            .unwrap_or_default();
        assert!(price.contains("[class*='price--current--']"), "{price}");
        assert!(
            !fields.contains_key("seller_name"),
            "no seller on the cards"
        );
        let url = Url::parse("https://dir.example.com/search?q=sofa").expect("url");
        let text = super::super::profile_toml(&[(plan, "search", ".*")], &url, "t");
        let profile = SiteProfile::from_toml(std::path::Path::new("t.toml"), &text)
            .expect("the plan compiles as a profile");
        let by_profile = profile.extract(&url, &html).listings;
        assert_eq!(by_profile, run(&html));
    }

    #[test]
    fn rows_of_a_grid_give_one_list() {
        let mut rows = String::new();
        for r in 0..3 {
            rows.push_str("<div class=\"row\">");
            for c in 1..=3 {
                rows.push_str(&card(r * 3 + c, false));
            }
            rows.push_str("</div>");
        }
        let html = format!("<html><body><div class=\"grid\">{rows}</div></body></html>");
        let got = run(&html);
        assert_eq!(got.len(), 9, "{got:#?}");
        assert_eq!(got[4].price.as_deref(), Some("US$ 520.50"));
    }

    #[test]
    fn navigation_and_footers_alone_give_nothing() {
        let html = format!(
            "<html><body>{NAV}<p>Welcome to our directory of goods.</p>{FOOTER}</body></html>"
        );
        assert!(run(&html).is_empty());
        assert!(plans_for(&html).is_empty());
    }

    #[test]
    fn a_page_without_listings_gives_none() {
        let html = "<html><body><h1>About us</h1><p>We are a trading company with \
                    many years of experience.</p><ul><li>One</li><li>Two</li><li>Three</li></ul></body></html>";
        assert!(plans_for(html).is_empty());
        assert!(run(html).is_empty());
    }

    #[test]
    fn prices_without_titles_are_not_listings() {
        let rows: String = (1..=6)
            .map(|i| format!("<tr class=\"tier\"><td><a href=\"/offer/12345{i}.html\">{i}0 pcs</a></td><td class=\"p\">US$ {i}.50</td></tr>"))
            .collect();
        let html = format!("<html><body><table><tbody>{rows}</tbody></table></body></html>");
        let got = run(&html);
        assert!(got.is_empty(), "{got:#?}");
    }

    #[test]
    fn a_related_carousel_on_a_detail_page_loses_to_the_product() {
        let related: String = (1..=8).map(|i| card(i, false)).collect();
        let html = format!(
            r#"<html><head><script type="application/ld+json">{{"@type":"Product","name":"Leather office chair with wheels","offers":{{"price":"35.00","priceCurrency":"USD"}}}}</script></head>
            <body><h1>Leather office chair with wheels</h1><div class="price">US$ 35.00</div>
            <div class="related-products"><h3>You may also like</h3><div class="slider">{related}</div></div></body></html>"#
        );
        let url = Url::parse("https://dir.example.com/product/555555.html").expect("url");
        let got = extract_auto(&url, &html).0.listings;
        assert_eq!(got.len(), 1, "{got:#?}");
        assert_eq!(
            got[0].title.as_deref(),
            Some("Leather office chair with wheels")
        );
    }

    #[test]
    fn main_list_wins_over_a_recommendation_sidebar() {
        let side: String = (6..=9).map(|i| card(i, false)).collect();
        let main: String = (1..=5).map(|i| card(i, false)).collect();
        let html = format!(
            r#"<html><body><div class="product-recommend-small"><div class="slide">{side}</div></div>
            <div class="main"><div class="grid">{main}</div></div></body></html>"#
        );
        let got = run(&html);
        assert_eq!(got.len(), 5, "{got:#?}");
        assert_eq!(
            got[0].title.as_deref(),
            Some("Modern fabric bubble sofa model 1")
        );
    }

    #[test]
    fn similar_product_sub_cards_stay_inside_their_card() {
        let cards: String = (1..=4)
            .map(|i| {
                let subs: String = (1..=3)
                    .map(|j| format!(r#"<div class="mini"><a href="/product/9{i}{j}0000.html">Similar cushion cover number {i}{j}</a><span>US$ {j}.00</span></div>"#))
                    .collect();
                format!(
                    r#"<li class="lst"><h3 class="pnm"><a href="/product/7{i}00000.html">Industrial drilling machine type {i}</a></h3><p class="prc">₹ {i}5,000/Piece</p><div class="similar">{subs}</div></li>"#
                )
            })
            .collect();
        let html = format!("<html><body><ul class=\"results\">{cards}</ul></body></html>");
        let got = run(&html);
        assert_eq!(got.len(), 4, "{got:#?}");
        assert_eq!(
            got[2].title.as_deref(),
            Some("Industrial drilling machine type 3")
        );
        assert_eq!(got[2].price.as_deref(), Some("₹ 35,000/Piece"));
    }

    #[test]
    fn shapes() {
        assert!(price_shaped("US$ 220-260"));
        assert!(price_shaped("¥18.00"));
        assert!(price_shaped("₹ 15,000/Piece"));
        assert!(price_shaped("Rs. 450"));
        assert!(!price_shaped("10 pairs"));
        assert!(!price_shaped("Negotiable"));
        assert!(moq_shaped("Min. order: 1 set"));
        assert!(moq_shaped("1,000 Pieces (MOQ)"));
        assert!(moq_shaped("2件起批"));
        assert!(!moq_shaped("100 sold"));
        assert!(!moq_shaped("成交2.4万+元"));
        assert!(title_like("Fabric bubble sofa modern"));
        assert!(title_like("适用华为小米三星数据线"));
        assert!(!title_like("Add to cart now please"));
        assert!(!title_like("Home"));
        assert!(product_like("//www.example.com/product/123.html"));
        assert!(product_like(
            "https://x.com/item/1005003568989271.html?spm=1"
        ));
        assert!(!product_like("/category/sofas"));
        assert!(seller_like("https://zhida.en.example.com/"));
        assert!(seller_like("//www.example.com/store/21755262"));
        assert!(!seller_like("//detail.example.com/offer/123.html"));
        assert_eq!(
            class_selector("span", "price--current--H7sGzQb").as_deref(),
            Some("span[class*='price--current--']")
        );
        assert_eq!(
            class_selector("div", "card__title").as_deref(),
            Some("div.card__title")
        );
    }

    /// Supplier blocks, each with its name, a location and three sample products, and a
    /// hover layer repeating those products: the products are the records, once each.
    #[test]
    fn products_inside_supplier_blocks_win_and_hover_copies_do_not() {
        let mut blocks = String::new();
        let mut n = 0;
        for s in 0..4 {
            let (mut lis, mut pops) = (String::new(), String::new());
            for _ in 0..3 {
                n += 1;
                lis.push_str(&format!(
                    r#"<li><a href="/product/{n}.html"><img src="/i/{n}.jpg"></a><a class="t" href="/product/{n}.html">Stainless steel vacuum flask model {n} 500ml</a><span class="p">US$ {n}.50</span></li>"#
                ));
                pops.push_str(&format!(
                    r#"<div class="pop-item"><a href="/product/{n}.html">Stainless steel vacuum flask model {n} 500ml</a><span class="p">US$ {n}.50</span></div>"#
                ));
            }
            blocks.push_str(&format!(
                r#"<div class="supplier"><h2><a href="https://acme{s}.en.dir.example.com/">Acme Supplier {s} Co., Ltd.</a></h2><p>Zhejiang, China</p><ul class="rec">{lis}</ul><div class="pop">{pops}</div></div>"#
            ));
        }
        let html = format!(
            r#"<html><body><nav><a href="/">Home</a></nav><div class="list">{blocks}</div></body></html>"#
        );
        let url = Url::parse("https://dir.example.com/manufacturers/flask.html").expect("url");
        let (e, why) = extract_auto(&url, &html);
        assert_eq!(e.listings.len(), 12, "{:?}", why.auto);
        assert!(
            why.auto.as_deref().is_some_and(|a| a.contains("li")),
            "{:?}",
            why.auto
        );
        assert_eq!(
            e.listings[0].title.as_deref(),
            Some("Stainless steel vacuum flask model 1 500ml")
        );
        assert_eq!(
            e.listings[11].product_url.as_deref(),
            Some("https://dir.example.com/product/12.html")
        );
        // Each product carries its block's seller and location (`closest`).
        for (i, l) in e.listings.iter().enumerate() {
            let s = i / 3;
            let name = format!("Acme Supplier {s} Co., Ltd.");
            let link = format!("https://acme{s}.en.dir.example.com/");
            assert_eq!(l.seller_name.as_deref(), Some(name.as_str()), "#{i}");
            assert_eq!(l.seller_url.as_deref(), Some(link.as_str()), "#{i}");
            assert_eq!(l.location.as_deref(), Some("Zhejiang, China"), "#{i}");
        }
        let plan = plans_for(&html)
            .into_iter()
            .find(|p| p.page["listing"].as_str().is_some_and(|l| l.contains("li")))
            .expect("the product plan");
        let fields = plan.page["fields"].as_table().expect("fields");
        for f in ["seller_name", "seller_url", "location"] {
            assert!(
                fields[f].to_string().contains("closest = \"div.supplier\""),
                "{f}: {}",
                fields[f]
            );
        }
    }

    /// A supplier block's `City/Province:` row is read with its label removed.
    #[test]
    fn labelled_location_rows_of_supplier_blocks() {
        let mut blocks = String::new();
        let cities = [
            "Dongguan, Guangdong, China",
            "Ningbo, Zhejiang, China",
            "Xiamen, Fujian, China",
        ];
        for (s, city) in cities.iter().enumerate() {
            let lis: String = (0..3)
                .map(|k| {
                    let n = s * 3 + k;
                    format!(
                        r#"<li class="pro"><a class="t" href="/product/{n}00000.html">Silicone earphone case cover model {n}</a></li>"#
                    )
                })
                .collect();
            blocks.push_str(&format!(
                r#"<div class="node"><h2 class="co"><a href="//acme{s}.en.dir.example.com">Acme {s} Co., Ltd.</a></h2>
                <table class="intro"><tr><td>Business Type:</td><td>Manufacturer</td></tr>
                <tr><td>City/Province:</td><td> {city} </td></tr></table><ul class="rec">{lis}</ul></div>"#
            ));
        }
        let html = format!(r#"<html><body><div class="list">{blocks}</div></body></html>"#);
        let got = run(&html);
        assert_eq!(got.len(), 9);
        for (i, l) in got.iter().enumerate() {
            assert_eq!(l.location.as_deref(), Some(cities[i / 3]), "#{i}");
            assert_eq!(
                l.seller_url.as_deref(),
                Some(format!("https://acme{}.en.dir.example.com", i / 3).as_str())
            );
        }
    }

    /// Places are recognised by their content, whatever the element is called; a full
    /// address tooltip inside is left out; a field printed in three layouts gets a chain.
    #[test]
    fn locations_by_content_in_several_layouts() {
        let cards: String = (0..9)
            .map(|i| {
                let place = match i % 3 {
                    0 => r#"<p class="sm">Narela, New Delhi <span class="tip">Plot 12, Sector 4, Narela, New Delhi - 110040</span></p>"#.to_string(),
                    1 => r#"<div class="x"><i class="icon"></i><span>Hubei, China</span></div>"#.to_string(),
                    _ => r#"<em>Austin, Texas</em>"#.to_string(),
                };
                format!(
                    r#"<div class="card"><a class="t" href="/item/{i}000000.html">Industrial sewing machine heavy duty model {i}</a>
                    <span class="pr">US$ {i}5.00</span>{place}</div>"#
                )
            })
            .collect();
        let html = format!(r#"<html><body><div class="grid">{cards}</div></body></html>"#);
        let got = run(&html);
        assert_eq!(got.len(), 9);
        for (i, l) in got.iter().enumerate() {
            let want = ["Narela, New Delhi", "Hubei, China", "Austin, Texas"][i % 3];
            assert_eq!(l.location.as_deref(), Some(want), "#{i}");
        }
    }

    /// A product title that names a country is no location; a card without a place
    /// gets none.
    #[test]
    fn titles_naming_places_are_not_locations() {
        let cards: String = (0..6)
            .map(|i| {
                format!(
                    r#"<div class="card"><a class="t" href="/item/{i}000000.html">Made in China stainless steel kettle {i}</a>
                    <span class="pr">US$ {i}5.00</span><span class="tag">China</span></div>"#
                )
            })
            .collect();
        let html = format!(r#"<html><body><div class="grid">{cards}</div></body></html>"#);
        let got = run(&html);
        assert_eq!(got.len(), 6);
        // `China` alone in every card is a place by content (a country tag).
        assert!(got.iter().all(|l| l.location.as_deref() == Some("China")));
        let bare: String = (0..6)
            .map(|i| {
                format!(
                    r#"<div class="card"><a class="t" href="/item/{i}000000.html">Made in China stainless steel kettle {i}</a>
                    <span class="pr">US$ {i}5.00</span></div>"#
                )
            })
            .collect();
        let got = run(&format!(
            r#"<html><body><div class="grid">{bare}</div></body></html>"#
        ));
        assert!(got.iter().all(|l| l.location.is_none()), "{got:?}");
    }

    /// A card's named link to another site's home, or to a one-folder microsite of the
    /// directory, is the seller's.
    #[test]
    fn named_links_to_a_sites_home_are_sellers() {
        let cards: String = (0..6)
            .map(|i| {
                let link = if i % 2 == 0 {
                    format!("https://www.maker{i}.com/")
                } else {
                    format!("https://dir.example.com/maker-{i}/?pid=12345678")
                };
                format!(
                    r#"<li class="lst"><a class="pt" href="https://dir.example.com/proddetail/press-{i}0000000.html">Hydraulic press machine model {i}</a>
                    <p class="price">₹ {i}5,000/Piece</p><div class="r"><a href="{link}"><h2 class="nm">Maker {i} Engineering</h2></a></div></li>"#
                )
            })
            .collect();
        let html = format!(r#"<html><body><ul class="list">{cards}</ul></body></html>"#);
        let got = run(&html);
        assert_eq!(got.len(), 6);
        for (i, l) in got.iter().enumerate() {
            assert_eq!(
                l.seller_name.as_deref(),
                Some(format!("Maker {i} Engineering").as_str())
            );
            assert!(
                l.seller_url.as_deref().is_some_and(|u| u.contains(&format!(
                    "maker{}",
                    if i % 2 == 0 {
                        i.to_string()
                    } else {
                        format!("-{i}")
                    }
                ))),
                "{:?}",
                l.seller_url
            );
        }
        assert!(seller_home("https://www.maker.com/"));
        assert!(seller_home("/maker-tools/?pid=1"));
        assert!(!seller_home("/search/"));
        assert!(!seller_home("/product/12345678/"));
        assert!(!seller_home("https://www.maker.com/?q=x"));
    }

    /// `Min. Order: <span>5 Pieces</span>` is read whole, label removed, not the first
    /// look-alike value of the card.
    #[test]
    fn a_labelled_moq_with_its_quantity_in_a_child() {
        let cards: String = (1..=5)
            .map(|i| {
                format!(
                    r#"<div class="prod"><a class="t" href="/product/p{i}0000000.html">Folding vacuum compressed sofa bed {i}</a>
                    <div class="pp"><span class="label">FOB Price:</span> <span class="value">US $1{i}9</span></div>
                    <div class="mo"><span class="label">Min. Order:</span> <span class="value">{i} Pieces</span></div></div>"#
                )
            })
            .collect();
        let got = run(&format!(
            r#"<html><body><div class="grid">{cards}</div></body></html>"#
        ));
        assert_eq!(got.len(), 5);
        for (i, l) in got.iter().enumerate() {
            assert_eq!(l.moq.as_deref(), Some(format!("{} Pieces", i + 1).as_str()));
        }
    }

    /// A detail page with no structured data: the heading, the price after it (not the
    /// struck-through one), the seller link, the canonical URL and its id.
    #[test]
    fn a_detail_page_without_structured_data_reads_its_heading_price_and_seller() {
        let related: String = (1..=4).map(|i| card(i, false)).collect();
        let html = format!(
            r#"<html><head><link rel="canonical" href="https://dir.example.com/item/7788991.html"></head>
            <body><h1 class="logo">DirExample</h1><div class="crumbs">Home / Bottles</div>
            <h1 data-role="name">Stainless steel vacuum flask 500ml double wall</h1>
            <div class="prices"><del class="p-old">US$ 9.90</del><span class="p-now">US$ 6.50</span></div>
            <a class="shop" href="/store/acme">Acme Flask Co., Ltd.</a>
            <div class="related">{related}</div></body></html>"#
        );
        let url = Url::parse("https://dir.example.com/item/7788991.html").expect("url");
        let (e, why) = extract_auto(&url, &html);
        assert_eq!(e.listings.len(), 1, "{:?}", why.auto);
        let l = &e.listings[0];
        assert_eq!(
            l.title.as_deref(),
            Some("Stainless steel vacuum flask 500ml double wall")
        );
        assert_eq!(l.price.as_deref(), Some("US$ 6.50"));
        assert_eq!(l.seller_name.as_deref(), Some("Acme Flask Co., Ltd."));
        assert_eq!(
            l.seller_url.as_deref(),
            Some("https://dir.example.com/store/acme")
        );
        assert_eq!(l.product_id.as_deref(), Some("7788991"));
        // A heading with neither a price nor a seller after it is not a product.
        let bare = r#"<html><body><h1>About our company and its history</h1><p>Since 1990.</p></body></html>"#;
        assert!(extract_auto(&url, bare).0.listings.is_empty());
    }
}
