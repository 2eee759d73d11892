//! Embedded-state finder: arrays of listing-like objects in the data a page ships in its
//! scripts.
//!
//! Where it looks: inline-script assignments whose value is a JSON or JS-literal object or
//! array (`window.__INITIAL_STATE__ = {…}`, `var pageData = […]`, `x.y = JSON.parse("…")`),
//! `<script type="application/json" id="…">` elements (`__NEXT_DATA__` and the like), and
//! the rows of a Next.js flight payload. Every parsed value is walked once; every array
//! of at least two objects is a candidate. A candidate's items (the first few dozen) are
//! flattened to their scalar leaves a few levels deep (`title.displayTitle`,
//! `prices.salePrice.formattedPrice`, `store.storeName`), and each field picks the leaf
//! path whose key names the field (generic English and camelCase vocabulary: `subject`,
//! `offerTitle`, `salePrice`, `minOrderQuantity`, `companyName`, `detailUrl`, `offerId`,
//! `shipFrom`, …) *and* whose values have the field's shape across most items (titles:
//! text of title length with letters; prices: digits with a currency; URLs: links, not
//! images; ids: compact tokens with digits). Sale and promotion prices come before plain
//! ones in a fallback chain, struck-through (original, market) prices never; leaves under
//! tracking, logging, image or style objects are ignored; seller keys are recognised by
//! the seller words of their own name or their parent's (`store.name`). An amount and a
//! currency, or a quantity and a unit, in separate keys become a `template` over helper
//! fields. When the items carry an id but no link, and the page's own links embed those
//! ids, the links' common form becomes a `product_url` template over the id.
//!
//! An array is only proposed when its items have a title-like leaf *and* a product-like
//! one (price, MOQ, seller, a product link or product id key): menus, categories,
//! filters, breadcrumbs and image lists have names and links but none of those. Arrays
//! named like variants, specifications, filters or reviews are skipped; arrays named like
//! recommendations ("related", "similar", "guess you like") get a low prior. On a page
//! that declares itself a product page (`og:type` product, exactly one JSON-LD `Product`
//! naming or offering a product), lists in state are recommendations and are not proposed.
//!
//! Detail pages (declared, or at an item-like address such as `/offer/963863008803.html`)
//! get a single-listing plan instead: the object outside any array that holds a title key
//! and, a few levels down, a price or a seller (related-product lists and variants live in
//! arrays and are never it), read with `fields.<f> = { script, json }` rules and a prior
//! below declared structured data.
//!
//! Each plan is the profile rule that reads the array
//! (`listing = { script = "<assignment target or #id>", json = "<path>" }` or
//! `{ flight = "<path>" }`) with `json` field rules relative to an item, and
//! `require = ["title"]`. Values passed after a named first argument
//! (`(window.contextPath,{…})`) are roots too, with the marker `window.contextPath,`. The
//! finder never evaluates JavaScript and never reads a value the rules could not read.

use std::collections::{HashMap, HashSet};

use scraper::Selector;
use serde_json::Value;
use toml::Table;

use super::super::flight::Flight;
use super::super::jsonish;
use super::super::path::JsonPath;
use super::{Method, PageView, Plan, Shape};

/// How many items of an array are examined.
const SAMPLE: usize = 60;
/// How deep inside an item leaves are looked for (objects nested this many levels).
const ITEM_DEPTH: usize = 4;
/// Leaves read per item at most (hostile or huge items).
const ITEM_LEAVES: usize = 400;
/// Values visited per parsed root at most while looking for arrays.
const WALK_BUDGET: usize = 200_000;
/// Plans proposed per page at most (the best by prior and size).
const MAX_PLANS: usize = 6;

/// Plans this finder proposes for the page.
pub(super) fn plans(view: &PageView<'_>) -> Vec<Plan> {
    let declared = looks_like_detail_page(view);
    let mut links: Option<Vec<String>> = None;
    let roots = script_roots(view);
    let mut out = Vec::new();
    if declared || item_like_url(view.url) {
        out.extend(single_plan(view, &roots, &mut links));
    }
    if declared {
        return out;
    }
    let mut candidates: Vec<(Plan, usize)> = Vec::new();
    let mut seen = HashSet::new();
    for (marker, root) in roots {
        let mut found = Vec::new();
        let mut budget = WALK_BUDGET;
        walk(&root, &mut String::new(), 0, &mut budget, &mut found);
        for (path, items) in found {
            if !seen.insert((marker.clone(), path.clone())) {
                continue;
            }
            let source = Listing::Script(&marker, &path);
            if let Some(c) = list_plan(view, &source, items, &mut links) {
                candidates.push(c);
            }
        }
    }
    if view.source.contains("self.__next_f.push(") {
        let flight = Flight::from_page(view.source);
        for row in flight.rows() {
            let mut found = Vec::new();
            let mut budget = WALK_BUDGET;
            walk(row, &mut String::new(), 0, &mut budget, &mut found);
            for (path, items) in found {
                // The rule reads the first row the path reaches: it must be this array.
                let same = JsonPath::parse(&path).ok().and_then(|p| flight.find(&p));
                if !same.is_some_and(|v| {
                    v.as_array()
                        .is_some_and(|a| std::ptr::eq(a.as_slice(), items))
                }) {
                    continue;
                }
                if !seen.insert(("flight".to_string(), path.clone())) {
                    continue;
                }
                let source = Listing::Flight(&path);
                if let Some(c) = list_plan(view, &source, items, &mut links) {
                    candidates.push(c);
                }
            }
        }
    }
    candidates.sort_by(|a, b| (b.0.prior * b.1 as f64).total_cmp(&(a.0.prior * a.1 as f64)));
    candidates.truncate(MAX_PLANS);
    out.extend(candidates.into_iter().map(|(p, _)| p));
    out
}

/// Where a listing array lives, as the rule addresses it.
enum Listing<'a> {
    /// A script marker and a path into the value after it.
    Script(&'a str, &'a str),
    /// A path into the flight payload's rows.
    Flight(&'a str),
}

/// A product page declares itself: `og:type` product, or exactly one JSON-LD `Product`
/// that describes a product (a `name` or `offers`; a site-wide stub with only a brand and
/// a rating, as some search pages carry, declares nothing). Lists in its state are
/// recommendations, not the page's listing.
fn looks_like_detail_page(view: &PageView<'_>) -> bool {
    let og_product = Selector::parse(r#"meta[property="og:type"]"#)
        .ok()
        .is_some_and(|s| {
            view.doc.select(&s).any(|m| {
                m.value()
                    .attr("content")
                    .is_some_and(|c| c.to_ascii_lowercase().contains("product"))
            })
        });
    og_product
        || super::super::json_ld_objects(view.doc)
            .iter()
            .filter(|o| match o.get("@type") {
                Some(Value::String(t)) => t == "Product",
                Some(Value::Array(a)) => a.iter().any(|t| t == "Product"),
                _ => false,
            })
            .filter(|o| declares_product(o))
            .count()
            == 1
}

/// A JSON-LD `Product` that names a product or offers it.
fn declares_product(o: &Value) -> bool {
    let named = o
        .get("name")
        .and_then(Value::as_str)
        .is_some_and(|n| !n.trim().is_empty());
    let offered = o
        .get("offers")
        .is_some_and(|v| !matches!(v, Value::Null) && v != &Value::Array(Vec::new()));
    named || offered
}

// ---------------------------------------------------------------------------------------
// One product in state (detail pages).

/// Leaves read from one candidate product object at most.
const SINGLE_LEAVES: usize = 3000;
/// How many levels above the object holding the title are tried.
const SINGLE_UP: usize = 3;

/// A URL that names one item: a path segment of ten-odd digits (an item id) under an
/// item-like word (`/offer/963863008803.html`, `/item/1005004.html`, `/dp/B0…`), or on an
/// `item.`/`detail.` host.
fn item_like_url(url: &url::Url) -> bool {
    let host_item = url.host_str().is_some_and(|h| {
        let first = h.split('.').next().unwrap_or_default();
        matches!(first, "item" | "detail" | "product" | "goods")
    });
    let segs: Vec<String> = url
        .path_segments()
        .map(|s| {
            s.filter(|x| !x.is_empty())
                .map(str::to_ascii_lowercase)
                .collect()
        })
        .unwrap_or_default();
    let Some(last) = segs.last() else {
        return false;
    };
    let digit_run = last
        .split(|c: char| !c.is_ascii_digit())
        .any(|r| r.len() >= 6);
    let worded = segs[..segs.len() - 1].iter().any(|s| {
        matches!(
            s.as_str(),
            "item" | "items" | "product" | "products" | "offer" | "dp" | "detail" | "goods" | "p"
        )
    }) || ["item", "product", "offer", "detail", "goods"]
        .iter()
        .any(|w| last.starts_with(w));
    digit_run && (host_item || worded)
}

/// Objects (not array items) holding a strong title key, and their ancestors a few
/// levels up: where one product's fields can sit together.
fn title_holders<'v>(
    v: &'v Value,
    path: &mut Vec<String>,
    budget: &mut usize,
    stack: &mut Vec<(String, &'v serde_json::Map<String, Value>)>,
    out: &mut Vec<(String, &'v serde_json::Map<String, Value>)>,
) {
    let Value::Object(m) = v else {
        return;
    };
    if *budget == 0 || stack.len() > 24 {
        return;
    }
    *budget -= 1;
    let here = path.join("");
    stack.push((here, m));
    let holds_title = m.iter().any(|(k, v)| {
        matches!(
            norm(k).as_str(),
            "title"
                | "subject"
                | "offertitle"
                | "producttitle"
                | "itemtitle"
                | "goodstitle"
                | "productname"
                | "itemname"
                | "goodsname"
                | "offername"
        ) && v.as_str().is_some_and(|t| t.chars().count() >= 4)
    });
    if holds_title {
        for (p, o) in stack.iter().rev().take(SINGLE_UP + 1) {
            if !out.iter().any(|(q, _)| q == p) {
                out.push((p.clone(), o));
            }
        }
    }
    for (k, child) in m {
        if !child.is_object() {
            continue;
        }
        let mut seg = String::new();
        if !push_key(&mut seg, k) {
            continue;
        }
        if !path.is_empty() && !seg.starts_with('[') {
            seg.insert(0, '.');
        }
        path.push(seg);
        title_holders(child, path, budget, stack, out);
        path.pop();
    }
    stack.pop();
}

/// A page-scope CSS rule reading an attribute.
fn page_attr(sel: &str, attr: &str) -> toml::Value {
    let mut t = Table::new();
    t.insert("css".into(), sel.into());
    t.insert("attr".into(), attr.into());
    t.insert("scope".into(), "page".into());
    toml::Value::Table(t)
}

/// `prefix` and a path relative to it, in the profile grammar.
fn join_path(prefix: &str, rel: &str) -> String {
    if prefix.is_empty() {
        rel.to_string()
    } else if rel.starts_with('[') {
        format!("{prefix}{rel}")
    } else {
        format!("{prefix}.{rel}")
    }
}

/// Rewrites item-relative `json` rules to read `marker` at `prefix`.
fn anchor_rules(v: &mut toml::Value, marker: &str, prefix: &str) {
    match v {
        toml::Value::Array(a) => a.iter_mut().for_each(|r| anchor_rules(r, marker, prefix)),
        toml::Value::Table(t) => {
            if let Some(toml::Value::String(rel)) = t.get("json") {
                let full = join_path(prefix, rel);
                t.insert("json".into(), full.into());
                t.insert("script".into(), marker.into());
            }
        }
        _ => {}
    }
}

/// On a detail page, the object in state that describes one product: a title and a
/// price (or seller), read where they sit together, not inside an array (lists on a
/// detail page are variants or other products). The best has the most fields; among
/// equals, the innermost.
fn single_plan(
    view: &PageView<'_>,
    roots: &[(String, Value)],
    links: &mut Option<Vec<String>>,
) -> Option<Plan> {
    let mut best: Option<(f64, usize, Plan)> = None;
    for (marker, root) in roots {
        let mut holders = Vec::new();
        let mut budget = WALK_BUDGET;
        title_holders(
            root,
            &mut Vec::new(),
            &mut budget,
            &mut Vec::new(),
            &mut holders,
        );
        for (path, obj) in holders {
            let lower = path.to_ascii_lowercase();
            if has(&lower, ASIDE) || has(&lower, &["sku", "variant", "review", "comment"]) {
                continue;
            }
            let leaves = collect_leaves_within(&[obj], SINGLE_LEAVES);
            let title = chain("title", &leaves, 1);
            let Some(&t) = title.first() else {
                continue;
            };
            if name_score("title", &leaves[t]) < 0.8 {
                continue;
            }
            let Some((mut fields, found)) = item_fields(view, &leaves, 1, &title, links) else {
                continue;
            };
            if !found.iter().any(|f| matches!(*f, "price" | "seller_name")) {
                continue;
            }
            let weight: f64 = found
                .iter()
                .map(|f| match *f {
                    "price" => 2.0,
                    "seller_name" | "moq" => 1.0,
                    _ => 0.5,
                })
                .sum();
            let depth = path.matches(['.', '[']).count();
            let better = best
                .as_ref()
                .is_none_or(|(w, d, _)| weight > *w || (weight == *w && depth > *d));
            if !better {
                continue;
            }
            // The id the page's own address carries, where one of the candidates is it.
            let url_path = view.url.path();
            if let Some(&(i, _)) = candidates("product_id", &leaves, 1).iter().find(|(i, _)| {
                leaves[*i]
                    .samples
                    .first()
                    .is_some_and(|v| v.len() >= 4 && url_path.contains(v.as_str()))
            }) {
                fields.insert("product_id".into(), json_rule(&leaves[i].path));
            } else if fields.contains_key("product_id")
                && url_path
                    .split(|c: char| !c.is_ascii_digit())
                    .any(|r| r.len() >= 6)
            {
                // The state's ids are other things' (a shipping or SKU id): the item id
                // in the page's address comes first.
                let mut from_url = page_attr("link[rel=canonical]", "href");
                if let toml::Value::Table(t) = &mut from_url {
                    t.insert("capture".into(), r"(\d{6,})".into());
                }
                let state = fields
                    .remove("product_id")
                    .unwrap_or(toml::Value::Array(Vec::new()));
                let mut ids = vec![from_url];
                match state {
                    toml::Value::Array(a) => ids.extend(a),
                    v => ids.push(v),
                }
                fields.insert("product_id".into(), toml::Value::Array(ids));
            }
            for (_, rules) in fields.iter_mut() {
                anchor_rules(rules, marker, &path);
            }
            // The page is the product: its canonical address comes first.
            let mut urls = vec![
                page_attr("link[rel=canonical]", "href"),
                page_attr(r#"meta[property="og:url"]"#, "content"),
            ];
            match fields.remove("product_url") {
                Some(toml::Value::Array(a)) => urls.extend(a),
                Some(v) => urls.push(v),
                None => {}
            }
            fields.insert("product_url".into(), toml::Value::Array(urls));
            let mut page = Table::new();
            page.insert("fields".into(), toml::Value::Table(fields));
            page.insert("require".into(), toml::Value::Array(vec!["title".into()]));
            let shown = if path.is_empty() { "$" } else { path.as_str() };
            let plan = Plan {
                method: Method::EmbeddedState,
                shape: Shape::Single,
                page,
                note: format!(
                    "script {marker} → {shown} (one product; {})",
                    found.join(", ")
                ),
                // Below declared structured data with the same fields.
                prior: (0.45 + 0.04 * found.len() as f64).min(0.7),
            };
            best = Some((weight, depth, plan));
        }
    }
    best.map(|(_, _, p)| p)
}

// ---------------------------------------------------------------------------------------
// Roots: values in scripts, each with the marker a rule uses to reach it.

/// Every object or array assigned in an inline script or held by an `application/json`
/// script with an id, in page order, with its marker.
fn script_roots(view: &PageView<'_>) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    let Ok(sel) = Selector::parse("script") else {
        return out;
    };
    for script in view.doc.select(&sel) {
        let el = script.value();
        if el.attr("src").is_some() {
            continue;
        }
        let ty = el.attr("type").unwrap_or_default().to_ascii_lowercase();
        if ty.contains("ld+json") {
            continue;
        }
        let text: String = script.text().collect();
        if ty.contains("json") {
            if let Some(id) = el.id().filter(|id| !id.is_empty() && !id.contains('"'))
                && let Some(v) = parse_json_text(&text)
            {
                out.push((format!("#{id}"), v));
            }
            continue;
        }
        if !(ty.is_empty() || ty.contains("javascript") || ty == "module") {
            continue;
        }
        assignments(&text, &mut out);
        call_arguments(&text, &mut out);
    }
    out
}

/// `(name, {…})`: an object literal passed after a named first argument, as in
/// `window.context = (function (b, d) {…})(window.contextPath, {…})`. The marker is the
/// name with its comma (`window.contextPath,`), which the `script` rule skips.
fn call_arguments(js: &str, out: &mut Vec<(String, Value)>) {
    for (at, _) in js.match_indices(',') {
        let rest = js[at + 1..].trim_start();
        if !rest.starts_with('{') {
            continue;
        }
        let Some(name) = target_before(js, at) else {
            continue;
        };
        let head = js[..at].trim_end();
        let opened = head[..head.len() - name.len()].trim_end().ends_with('(');
        if !opened || !name.contains('.') {
            continue;
        }
        if let Some((v @ Value::Object(_), _)) = jsonish::parse_value_prefix(rest)
            && v.as_object().is_some_and(|m| !m.is_empty())
        {
            out.push((format!("{name},"), v));
        }
    }
}

/// A JSON document, a JS literal, or a string holding JSON.
fn parse_json_text(text: &str) -> Option<Value> {
    match jsonish::parse_value_prefix(text)?.0 {
        Value::String(s) => parse_json_text(&s).filter(|v| !v.is_string()),
        v @ (Value::Object(_) | Value::Array(_)) => Some(v),
        _ => None,
    }
}

/// `target = {…}`, `target = […]`, `target = JSON.parse("…")` in `js`: the value and the
/// target as written (`window.__INITIAL_STATE__`, `pageData`).
fn assignments(js: &str, out: &mut Vec<(String, Value)>) {
    let b = js.as_bytes();
    let mut i = 0;
    while let Some(off) = js.get(i..).and_then(|r| r.find('=')) {
        let at = i + off;
        i = at + 1;
        if matches!(b.get(at + 1), Some(b'=' | b'>')) {
            i = at + 2;
            continue;
        }
        if at > 0 && b"=!<>+-*/%&|^?".contains(&b[at - 1]) {
            continue;
        }
        let Some(target) = target_before(js, at) else {
            continue;
        };
        let rest = js[at + 1..].trim_start();
        let rest_at = js.len() - rest.len();
        let parsed = if let Some(arg) = rest.strip_prefix("JSON.parse(") {
            jsonish::parse_js_string_prefix(arg).and_then(|(s, end)| {
                let v = parse_json_text(&s)?;
                Some((v, "JSON.parse(".len() + end))
            })
        } else if rest.starts_with(['{', '[']) {
            jsonish::parse_value_prefix(rest)
        } else {
            continue;
        };
        if let Some((v, end)) = parsed {
            i = rest_at + end;
            if matches!(&v, Value::Object(m) if !m.is_empty())
                || matches!(&v, Value::Array(a) if !a.is_empty())
            {
                out.push((target.to_string(), v));
            }
        }
    }
}

/// The assignment target ending just before `at` (whitespace skipped): a dotted name of
/// at least four characters, not a minified temporary.
fn target_before(js: &str, at: usize) -> Option<&str> {
    let head = js[..at].trim_end();
    let start = head
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.'))
        .last()
        .map(|(i, _)| i)?;
    let target = head[start..].trim_matches('.');
    let last = target.rsplit('.').next().unwrap_or(target);
    let ok = target.len() >= 4
        && !target.starts_with(|c: char| c.is_ascii_digit())
        && (target.contains('.') || last.len() >= 5 || last.starts_with('_'))
        && !target.contains("..");
    ok.then_some(target)
}

// ---------------------------------------------------------------------------------------
// Walking a root for candidate arrays.

/// Arrays of at least two objects in `v`, with their JSON paths, in document order. The
/// items of an array of objects are searched too (lists nest in sections).
fn walk<'v>(
    v: &'v Value,
    path: &mut String,
    depth: usize,
    budget: &mut usize,
    out: &mut Vec<(String, &'v [Value])>,
) {
    if depth > 24 || *budget == 0 {
        return;
    }
    *budget -= 1;
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if !matches!(child, Value::Object(_) | Value::Array(_)) {
                    continue;
                }
                let len = path.len();
                if push_key(path, k) {
                    walk(child, path, depth + 1, budget, out);
                }
                path.truncate(len);
            }
        }
        Value::Array(a) => {
            let objects = a.iter().filter(|x| x.is_object()).count();
            if objects >= 2 && objects * 2 >= a.len() {
                out.push((path.clone(), a.as_slice()));
            }
            for (i, child) in a.iter().enumerate() {
                if !matches!(child, Value::Object(_) | Value::Array(_)) {
                    continue;
                }
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(child, path, depth + 1, budget, out);
                path.truncate(len);
            }
        }
        _ => {}
    }
}

/// Appends `key` to a JSON path in the profile grammar; `false` for keys the grammar
/// cannot address unambiguously (numeric keys, quotes, brackets).
fn push_key(path: &mut String, key: &str) -> bool {
    let plain = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '@' | ':'))
        && !key.starts_with('$');
    if key.is_empty() || key.parse::<i64>().is_ok() || key.trim() != key {
        return false;
    }
    if plain {
        if !path.is_empty() {
            path.push('.');
        }
        path.push_str(key);
        true
    } else if !key.contains(['\'', '"', '[', ']']) {
        path.push_str("['");
        path.push_str(key);
        path.push_str("']");
        true
    } else {
        false
    }
}

// ---------------------------------------------------------------------------------------
// Leaves of the items of one array.

/// A normalised key: lowercase, without `_` and `-`.
fn norm(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '_' | '-'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One leaf path inside the items and what its values look like.
#[derive(Default)]
struct Leaf {
    /// JSON path relative to an item.
    path: String,
    /// The normalised last key.
    key: String,
    /// The normalised keys above it, inside the item.
    ctx: Vec<String>,
    /// Items (of the sample) where the leaf has a value.
    seen: Vec<bool>,
    present: usize,
    title: usize,
    price_cur: usize,
    price_bare: usize,
    url: usize,
    image: usize,
    id: usize,
    digits: usize,
    bare_number: usize,
    name: usize,
    code: usize,
    symbol: usize,
    unit: usize,
    cjk_unit: usize,
    long_text: usize,
    distinct: HashSet<String>,
    samples: Vec<String>,
    /// For a value read out of a JSON object that a string leaf carries (raw or
    /// URL-encoded, as tracking parameters do): the key inside it, and whether the
    /// string is URL-encoded. Such leaves only give locations (`shipFrom`).
    inner: Option<(String, bool)>,
}

fn collect_leaves(items: &[&serde_json::Map<String, Value>]) -> Vec<Leaf> {
    collect_leaves_within(items, ITEM_LEAVES)
}

fn collect_leaves_within(items: &[&serde_json::Map<String, Value>], limit: usize) -> Vec<Leaf> {
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut leaves: Vec<Leaf> = Vec::new();
    let n = items.len();
    for (i, item) in items.iter().enumerate() {
        let mut budget = limit;
        let mut stack: Vec<(String, Vec<String>, &serde_json::Map<String, Value>)> =
            vec![(String::new(), Vec::new(), item)];
        while let Some((prefix, ctx, obj)) = stack.pop() {
            for (k, v) in obj {
                if budget == 0 {
                    break;
                }
                budget -= 1;
                let mut path = prefix.clone();
                if !push_key(&mut path, k) {
                    continue;
                }
                match v {
                    Value::Object(m) if ctx.len() + 1 < ITEM_DEPTH => {
                        let mut c = ctx.clone();
                        c.push(norm(k));
                        stack.push((path, c, m));
                    }
                    Value::String(_) | Value::Number(_) => {
                        let Some(text) = super::super::rules::scalar(v) else {
                            continue;
                        };
                        let text = text.trim();
                        if text.is_empty() {
                            continue;
                        }
                        let slot = *index.entry(path.clone()).or_insert_with(|| {
                            leaves.push(Leaf {
                                path: path.clone(),
                                key: norm(k),
                                ctx: ctx.clone(),
                                seen: vec![false; n],
                                ..Leaf::default()
                            });
                            leaves.len() - 1
                        });
                        let leaf = &mut leaves[slot];
                        if leaf.seen[i] {
                            continue;
                        }
                        leaf.seen[i] = true;
                        observe(leaf, text, v.is_number());
                        for (key, value, encoded) in encoded_places(text) {
                            let id = format!("{path}#{key}");
                            let slot = *index.entry(id).or_insert_with(|| {
                                leaves.push(Leaf {
                                    path: path.clone(),
                                    key: norm(&key),
                                    seen: vec![false; n],
                                    inner: Some((key.clone(), encoded)),
                                    ..Leaf::default()
                                });
                                leaves.len() - 1
                            });
                            let leaf = &mut leaves[slot];
                            if !leaf.seen[i] {
                                leaf.seen[i] = true;
                                observe(leaf, &value, false);
                            }
                        }
                    }
                    _ => {}
                }
            }
        }
    }
    leaves
}

/// Keys of a seller's or an item's ship-from place inside an encoded object.
const SHIP_FROM: &[&str] = &[
    "shipfrom",
    "shipsfrom",
    "shipfromcountry",
    "sendgoodsaddress",
    "sendaddress",
    "sendfrom",
    "deliveryfrom",
];

/// Ship-from places in a string that is itself a JSON object, raw (`{"shipFrom":"CN"}`)
/// or URL-encoded (`%7B%22shipFrom%22%3A%22CN%22%7D`): `(key, value, encoded)`.
fn encoded_places(text: &str) -> Vec<(String, String, bool)> {
    let t = text.trim_start();
    let encoded = t.len() > 6 && t.get(..3).is_some_and(|h| h.eq_ignore_ascii_case("%7B"));
    if !(encoded || t.starts_with('{')) || t.len() > 4000 {
        return Vec::new();
    }
    let decoded;
    let json = if encoded {
        decoded = super::super::rules::percent_decode(t);
        decoded.as_str()
    } else {
        t
    };
    let Ok(Value::Object(m)) = serde_json::from_str::<Value>(json) else {
        return Vec::new();
    };
    m.iter()
        .filter(|(k, _)| SHIP_FROM.contains(&norm(k).as_str()))
        .filter_map(|(k, v)| {
            let v = v.as_str()?.trim();
            (!v.is_empty()).then(|| (k.clone(), v.to_string(), encoded))
        })
        .collect()
}

/// The rule reading a leaf: its JSON path, and for a value inside an encoded object the
/// decoding and a capture of the key's value.
fn leaf_rule(leaf: &Leaf) -> toml::Value {
    let Some((key, encoded)) = &leaf.inner else {
        return json_rule(&leaf.path);
    };
    let mut t = Table::new();
    t.insert("json".into(), leaf.path.as_str().into());
    if *encoded {
        t.insert("url_decode".into(), true.into());
    }
    t.insert(
        "capture".into(),
        format!(r#""{}"\s*:\s*"([^"]*)""#, regex::escape(key)).into(),
    );
    toml::Value::Table(t)
}

/// Counts the shapes of one value.
fn observe(leaf: &mut Leaf, s: &str, is_number: bool) {
    leaf.present += 1;
    let chars = s.chars().count();
    let has_digit = s.bytes().any(|c| c.is_ascii_digit());
    let has_letter = s.chars().any(char::is_alphabetic);
    let url = is_url(s);
    let bare = has_digit
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-' | ' ' | '~'));
    leaf.bare_number += usize::from(is_number || bare);
    leaf.title += usize::from(!url && has_letter && (4..=300).contains(&chars) && !bare);
    leaf.price_cur += usize::from(has_digit && chars <= 48 && has_currency(s) && !url);
    leaf.price_bare += usize::from(is_number || (bare && chars <= 32));
    leaf.url += usize::from(url);
    leaf.image += usize::from(url && is_image(s));
    leaf.id += usize::from(
        has_digit
            && (3..=40).contains(&chars)
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')),
    );
    leaf.digits += usize::from(has_digit && chars <= 40 && !url);
    leaf.name += usize::from(!url && has_letter && (2..=150).contains(&chars));
    leaf.code += usize::from(!has_digit && (1..=4).contains(&chars) && !s.contains(' '));
    leaf.symbol += usize::from(!has_digit && (1..=4).contains(&chars) && !has_letter_ascii(s));
    leaf.unit += usize::from(!has_digit && has_letter && (1..=24).contains(&chars));
    leaf.cjk_unit += usize::from(s.chars().next().is_some_and(is_cjk));
    leaf.long_text += usize::from(has_letter && chars >= 10);
    if leaf.distinct.len() < 256 {
        leaf.distinct.insert(s.to_lowercase());
    }
    if leaf.samples.len() < 64 {
        leaf.samples.push(s.to_string());
    }
}

fn has_letter_ascii(s: &str) -> bool {
    s.bytes().any(|c| c.is_ascii_alphabetic())
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x9FFF | 0xF900..=0xFAFF)
}

fn is_url(s: &str) -> bool {
    let l = s.get(..8).unwrap_or(s).to_ascii_lowercase();
    (l.starts_with("http://")
        || l.starts_with("https://")
        || s.starts_with("//")
        || s.starts_with('/'))
        && s.len() >= 4
        && !s.contains(char::is_whitespace)
}

fn is_image(s: &str) -> bool {
    let path = s.split(['?', '#']).next().unwrap_or(s).to_ascii_lowercase();
    [
        ".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif", ".svg", ".bmp",
    ]
    .iter()
    .any(|e| path.ends_with(e) || path.contains(&format!("{e}_")))
}

/// Currency signs and codes as prices show them.
fn has_currency(s: &str) -> bool {
    const SIGNS: &[char] = &[
        '$', '€', '£', '¥', '￥', '₹', '₱', '₵', '₩', '₽', '฿', '₫', '₺', '₦', '₴', '₪', '元', '₭',
        '₮',
    ];
    if s.chars().any(|c| SIGNS.contains(&c)) {
        return true;
    }
    // A three-letter currency code (USD, ARS, INR) or a Latin abbreviation (Rs, RM, R$).
    s.split(|c: char| !c.is_ascii_alphabetic()).any(|w| {
        (w.len() == 3 && w.bytes().all(|c| c.is_ascii_uppercase()))
            || matches!(w, "Rs" | "RM" | "US")
    })
}

// ---------------------------------------------------------------------------------------
// Key vocabulary.

/// Words of seller objects and keys.
const SELLER: &[&str] = &[
    "store", "shop", "seller", "supplier", "company", "vendor", "merchant",
];
/// Objects whose leaves describe no field (tracking, logging, presentation, media).
const NOISE: &[&str] = &[
    "trace",
    "track",
    "log",
    "exposure",
    "spm",
    "algo",
    "analytic",
    "style",
    "icon",
    "image",
    "img",
    "pic",
    "video",
    "logo",
    "banner",
    "i18n",
    "css",
    "color",
    "theme",
    "seo",
    "abtest",
    "experiment",
];
/// Prices a page strikes through.
const STRUCK: &[&str] = &[
    "original", "orig", "market", "old", "before", "strike", "retail", "was",
];

fn any_has(segs: &[String], words: &[&str]) -> bool {
    segs.iter().any(|s| words.iter().any(|w| s.contains(w)))
}

fn has(s: &str, words: &[&str]) -> bool {
    words.iter().any(|w| s.contains(w))
}

/// How strongly the leaf's key names the field, 0–1.
fn name_score(field: &str, leaf: &Leaf) -> f64 {
    let k = leaf.key.as_str();
    if leaf.inner.is_some() {
        // A ship-from key inside an encoded object names the item's place, wherever
        // the object sits (often a tracking parameter).
        return if field == "location" { 1.0 } else { 0.0 };
    }
    let ctx = &leaf.ctx;
    if any_has(ctx, NOISE) {
        return 0.0;
    }
    let parent = ctx.last().map(String::as_str).unwrap_or_default();
    let seller_ctx = any_has(ctx, SELLER);
    match field {
        "title" => {
            if seller_ctx
                || has(k, SELLER)
                || any_has(
                    ctx,
                    &[
                        "categor", "brand", "attr", "prop", "sku", "tag", "badge", "label",
                        "promo", "coupon",
                    ],
                )
            {
                return 0.0;
            }
            match k {
                "title" | "subject" | "displaytitle" | "offertitle" | "producttitle"
                | "itemtitle" | "goodstitle" | "productname" | "itemname" | "goodsname"
                | "offername" | "headline" => 1.0,
                "name"
                    if parent.is_empty() || has(parent, &["product", "item", "goods", "offer"]) =>
                {
                    0.8
                }
                "text" | "value" | "content"
                    if parent.contains("title") || parent.contains("subject") =>
                {
                    0.8
                }
                "originaltitle" | "fulltitle" | "seotitle" | "longtitle" => 0.6,
                "name" => 0.3,
                _ if (k.contains("title") || k.contains("subject"))
                    && !has(
                        k,
                        &[
                            "url", "icon", "img", "image", "color", "style", "type", "id", "tag",
                            "badge", "short", "sub", "font", "size",
                        ],
                    ) =>
                {
                    0.4
                }
                _ => 0.0,
            }
        }
        "price" => {
            let all = std::iter::once(k).chain(ctx.iter().map(String::as_str));
            if all.clone().any(|s| has(s, STRUCK)) {
                return 0.0;
            }
            if has(
                k,
                &[
                    "type", "style", "color", "tag", "icon", "rate", "tax", "prefix", "suffix",
                    "currency", "unit", "label", "discount", "percent",
                ],
            ) || k.ends_with("id")
            {
                // `discountPrice` is a price, `minPriceDiscount` a percentage.
                if !k.ends_with("price") {
                    return 0.0;
                }
            }
            let promoted = all.clone().any(|s| {
                has(
                    s,
                    &[
                        "sale",
                        "promotion",
                        "promo",
                        "activity",
                        "deal",
                        "final",
                        "current",
                        "actual",
                        "special",
                        "discount",
                    ],
                )
            });
            let base = if k.ends_with("price")
                || k.ends_with("pricerange")
                || k.ends_with("pricestr")
                || k.ends_with("pricetext")
                || k.ends_with("pricedesc")
            {
                if has(k, &["max", "high", "upper"]) {
                    0.3
                } else if has(k, &["min", "low"]) {
                    0.6
                } else if has(k, &["format", "display", "show", "text", "str"]) {
                    0.9
                } else {
                    0.85
                }
            } else if parent.contains("price")
                && matches!(
                    k,
                    "text"
                        | "value"
                        | "display"
                        | "formatted"
                        | "formatedvalue"
                        | "formattedvalue"
                        | "amount"
                        | "str"
                )
            {
                0.8
            } else {
                0.0
            };
            if promoted && base > 0.0 {
                (base + 0.1_f64).min(1.0)
            } else {
                base
            }
        }
        "moq" => {
            if has(k, &["unit", "type", "desc", "tip", "label"]) && !k.starts_with("moq") {
                return 0.0;
            }
            if has(k, &["unit", "type"]) {
                return 0.0;
            }
            let moq = k.starts_with("moq")
                || has(
                    k,
                    &[
                        "minorder",
                        "minimumorder",
                        "quantitybegin",
                        "beginquantity",
                        "beginamount",
                        "startamount",
                        "minquantity",
                        "minbuy",
                        "minpurchase",
                        "minimumquantity",
                        "起批",
                        "起订",
                    ],
                );
            if moq { 1.0 } else { 0.0 }
        }
        "seller_name" => {
            if has(
                k,
                &[
                    "url", "href", "link", "id", "logo", "icon", "level", "year", "score", "type",
                    "rate", "tag", "code", "img", "image", "age", "count", "num",
                ],
            ) {
                return 0.0;
            }
            match k {
                "companyname" | "company" | "supplier" | "suppliername" | "seller"
                | "sellername" | "shop" | "shopname" | "store" | "storename" | "vendor"
                | "vendorname" | "merchant" | "merchantname" => 1.0,
                "name" | "title" | "displayname" | "text" if has(parent, SELLER) => 0.95,
                _ if has(k, SELLER) && k.contains("name") => 0.8,
                _ => 0.0,
            }
        }
        "seller_url" => {
            if has(
                k,
                &[
                    "logo", "icon", "img", "image", "contact", "message", "chat", "feedback",
                    "avatar",
                ],
            ) {
                return 0.0;
            }
            let linky = |s: &str| s.ends_with("url") || s.ends_with("href") || s.ends_with("link");
            if SELLER.iter().any(|w| {
                [format!("{w}url"), format!("{w}href"), format!("{w}link")]
                    .iter()
                    .any(|x| x == k)
            }) {
                1.0
            } else if matches!(k, "url" | "href" | "link" | "homeurl" | "homepage")
                && has(parent, SELLER)
            {
                0.95
            } else if has(k, SELLER) && linky(k) {
                0.9
            } else {
                0.0
            }
        }
        "location" => {
            let all = std::iter::once(k).chain(ctx.iter().map(String::as_str));
            if all.clone().any(|s| {
                has(
                    s,
                    &[
                        "user", "visitor", "buyer", "shipto", "deliver", "receiv", "dest",
                        "currency", "lang", "locale", "env",
                    ],
                )
            }) {
                return 0.0;
            }
            if has(k, &["id", "code", "url", "icon", "flag"]) && !matches!(k, "countrycode") {
                return 0.0;
            }
            match k {
                "location" | "shipfrom" | "shipsfrom" | "sendaddress" | "origin"
                | "placeoforigin" | "stocklocation" | "sendgoodsaddress" => 1.0,
                "province" | "city" | "region" | "area" | "provincename" | "cityname" | "state" => {
                    0.8
                }
                "country" | "countrycode" | "countryname" | "countrycompletename" | "nation" => {
                    0.75
                }
                _ if k.contains("location") || k.contains("shipfrom") => 0.7,
                _ if k.contains("country") || k.contains("address") => 0.5,
                _ => 0.0,
            }
        }
        "product_url" => {
            if seller_ctx
                || has(k, SELLER)
                || any_has(
                    ctx,
                    &["similar", "related", "recommend", "review", "categor"],
                )
            {
                return 0.0;
            }
            if has(
                k,
                &[
                    "img",
                    "image",
                    "pic",
                    "photo",
                    "icon",
                    "logo",
                    "video",
                    "thumb",
                    "contact",
                    "message",
                    "chat",
                    "similar",
                    "report",
                    "feedback",
                    "cart",
                    "review",
                    "avatar",
                    "categor",
                    "search",
                    "click",
                    "redirect",
                    "impression",
                    "track",
                ],
            ) || any_has(ctx, &["click", "redirect", "impression"])
                || ctx
                    .iter()
                    .any(|c| matches!(c.as_str(), "ad" | "ads" | "p4p"))
            {
                // Ad-click redirects are tracking, not the listing's address.
                return 0.0;
            }
            let product_ctx =
                ctx.is_empty() || has(parent, &["product", "item", "offer", "goods", "detail"]);
            match k {
                "producturl" | "itemurl" | "detailurl" | "productlink" | "itemlink"
                | "detaillink" | "pdpurl" | "producthref" | "itemhref" | "detailhref"
                | "offerurl" | "goodsurl" | "offerlink" | "offerhref" => 1.0,
                "url" | "href" | "link" | "canonicalurl" | "pageurl" if product_ctx => 0.75,
                _ if product_ctx
                    && (k.ends_with("url") || k.ends_with("href") || k.ends_with("link")) =>
                {
                    0.4
                }
                _ => 0.0,
            }
        }
        "product_id" => {
            if seller_ctx
                || has(k, SELLER)
                || any_has(ctx, &["sku", "categor", "brand", "user", "member"])
            {
                return 0.0;
            }
            match k {
                "productid" | "offerid" | "itemid" | "goodsid" | "spuid" | "listingid"
                | "productcode" | "itemcode" | "dispid" | "displayid" | "asin" => 1.0,
                "id" if ctx.is_empty() => 0.7,
                "sku" | "skuid" | "id" => 0.4,
                _ => 0.0,
            }
        }
        "seller_id" => match k {
            "sellerid" | "storeid" | "shopid" | "companyid" | "supplierid" | "memberid"
            | "vendorid" | "venderid" | "merchantid" | "storenum" => 1.0,
            "id" | "userid" if seller_ctx => 0.9,
            _ => 0.0,
        },
        "description" => {
            if seller_ctx {
                return 0.0;
            }
            match k {
                "description" | "desc" | "productdescription" | "summary" => 1.0,
                _ => 0.0,
            }
        }
        _ => 0.0,
    }
}

/// The share of a leaf's values with the field's shape.
fn shape_share(field: &str, leaf: &Leaf) -> f64 {
    let ok = match field {
        "title" => leaf.title,
        "price" => leaf.price_cur.max(leaf.price_bare),
        "moq" => leaf.digits,
        "seller_name" | "location" => leaf
            .name
            .min(leaf.present - leaf.bare_number.min(leaf.present)),
        "seller_url" => leaf.url,
        "product_url" => leaf.url - leaf.image,
        "product_id" | "seller_id" => leaf.id,
        "description" => leaf.long_text,
        _ => 0,
    };
    ok as f64 / leaf.present.max(1) as f64
}

/// Candidates for a field, best first: (leaf index, score).
fn candidates(field: &str, leaves: &[Leaf], n: usize) -> Vec<(usize, f64)> {
    let mut out: Vec<(usize, f64)> = leaves
        .iter()
        .enumerate()
        .filter_map(|(i, leaf)| {
            let name = name_score(field, leaf);
            let shape = shape_share(field, leaf);
            if name < 0.3 || shape < 0.6 {
                return None;
            }
            let coverage = leaf.present as f64 / n.max(1) as f64;
            let depth = 0.97_f64.powi(leaf.ctx.len() as i32);
            let s = match field {
                // A sale price, where an item has one, is the price it shows.
                "price" => name * 10.0 + shape + coverage,
                _ => name * shape * (0.5 + 0.5 * coverage) * depth,
            };
            Some((i, s))
        })
        .collect();
    out.sort_by(|a, b| b.1.total_cmp(&a.1));
    out
}

/// The primary leaf and fillers that add coverage where it is missing, at most three.
fn chain(field: &str, leaves: &[Leaf], n: usize) -> Vec<usize> {
    let cands = candidates(field, leaves, n);
    let mut out: Vec<usize> = Vec::new();
    let mut covered = vec![false; n];
    for (i, _) in cands {
        let adds = leaves[i]
            .seen
            .iter()
            .zip(&covered)
            .filter(|(s, c)| **s && !**c)
            .count();
        if adds == 0 || (!out.is_empty() && adds * 20 < n) {
            continue;
        }
        for (c, s) in covered.iter_mut().zip(&leaves[i].seen) {
            *c |= *s;
        }
        out.push(i);
        if out.len() == 3 {
            break;
        }
    }
    out
}

/// A leaf near `near` (same parent, else the item's top level) that `pred` accepts.
fn sibling<'l>(leaves: &'l [Leaf], near: &Leaf, pred: impl Fn(&Leaf) -> bool) -> Option<&'l Leaf> {
    let same_parent = leaves.iter().find(|l| l.ctx == near.ctx && pred(l));
    same_parent.or_else(|| leaves.iter().find(|l| l.ctx.is_empty() && pred(l)))
}

// ---------------------------------------------------------------------------------------
// Building the plan.

fn json_rule(path: &str) -> toml::Value {
    let mut t = Table::new();
    t.insert("json".into(), path.into());
    toml::Value::Table(t)
}

fn template_rule(t: &str) -> toml::Value {
    let mut r = Table::new();
    r.insert("template".into(), t.into());
    toml::Value::Table(r)
}

fn rules_value(mut rules: Vec<toml::Value>) -> toml::Value {
    if rules.len() == 1 {
        rules.remove(0)
    } else {
        toml::Value::Array(rules)
    }
}

/// Array names that are never the page's listings.
const NOT_LISTINGS: &[&str] = &[
    "sku",
    "variant",
    "spec",
    "attr",
    "prop",
    "filter",
    "facet",
    "categor",
    "breadcrumb",
    "nav",
    "menu",
    "tab",
    "review",
    "comment",
    "coupon",
    "image",
    "picture",
    "photo",
    "banner",
    "crumb",
];
/// Array names of other items shown beside the page's own.
const ASIDE: &[&str] = &[
    "recommend",
    "related",
    "similar",
    "guess",
    "youlike",
    "maylike",
    "alsolike",
    "history",
    "viewed",
    "footprint",
    "aside",
    "sidebar",
];

fn list_plan(
    view: &PageView<'_>,
    source: &Listing<'_>,
    items: &[Value],
    links: &mut Option<Vec<String>>,
) -> Option<(Plan, usize)> {
    let array_path = match source {
        Listing::Script(_, p) | Listing::Flight(p) => *p,
    };
    // The array's own name (its last key), normalised.
    let named = match source {
        Listing::Script(marker, "") => marker,
        _ => array_path,
    };
    let name = norm(
        named
            .rsplit(['.', '['])
            .find(|s| !s.is_empty() && !s.ends_with(']'))
            .unwrap_or_default()
            .trim_end_matches(['\'', ']']),
    );
    if has(&name, NOT_LISTINGS) {
        return None;
    }
    let objects: Vec<&serde_json::Map<String, Value>> =
        items.iter().filter_map(Value::as_object).collect();
    let total = objects.len();
    let sample = &objects[..total.min(SAMPLE)];
    let n = sample.len();
    let leaves = collect_leaves(sample);

    let title = chain("title", &leaves, n);
    let &first = title.first()?;
    let t = &leaves[first];
    if t.present * 2 < n || t.distinct.len() * 5 < t.present * 3 {
        return None;
    }
    let (fields, found) = item_fields(view, &leaves, n, &title, links)?;

    let mut page = Table::new();
    let mut listing = Table::new();
    match source {
        Listing::Script(marker, path) => {
            listing.insert("script".into(), (*marker).into());
            listing.insert("json".into(), (*path).into());
        }
        Listing::Flight(path) => {
            listing.insert("flight".into(), (*path).into());
        }
    }
    page.insert("listing".into(), toml::Value::Table(listing));
    page.insert("fields".into(), toml::Value::Table(fields));
    page.insert("require".into(), toml::Value::Array(vec!["title".into()]));

    let mean_title = t.samples.iter().map(|s| s.chars().count()).sum::<usize>() as f64
        / t.samples.len().max(1) as f64;
    let mut prior = (0.55 + 0.07 * found.len() as f64).min(0.95);
    if mean_title < 12.0 {
        prior *= 0.6;
    }
    let full = array_path.to_ascii_lowercase();
    if has(&full, ASIDE) {
        prior *= 0.35;
    }
    let note = match source {
        Listing::Script(marker, path) => {
            format!(
                "script {marker} → {path} ({total} items; {})",
                found.join(", ")
            )
        }
        Listing::Flight(path) => format!("flight {path} ({total} items; {})", found.join(", ")),
    };
    Some((
        Plan {
            method: Method::EmbeddedState,
            shape: Shape::List,
            page,
            note,
            prior,
        },
        total,
    ))
}

/// The field rules (JSON paths relative to an item) for items whose leaves are `leaves`,
/// with the fields found; `None` when nothing product-like is there.
fn item_fields(
    view: &PageView<'_>,
    leaves: &[Leaf],
    n: usize,
    title: &[usize],
    links: &mut Option<Vec<String>>,
) -> Option<(Table, Vec<&'static str>)> {
    let mut fields = Table::new();
    fields.insert(
        "title".into(),
        rules_value(title.iter().map(|&i| json_rule(&leaves[i].path)).collect()),
    );
    let mut found = Vec::new();

    // Price: a price with its currency, or an amount with a currency key beside it.
    let price = chain("price", leaves, n);
    if let Some(&p) = price.first() {
        let leaf = &leaves[p];
        if leaf.price_cur * 5 >= leaf.present * 3 {
            let with_cur: Vec<_> = price
                .iter()
                .filter(|&&i| leaves[i].price_cur * 5 >= leaves[i].present * 3)
                .map(|&i| json_rule(&leaves[i].path))
                .collect();
            fields.insert("price".into(), rules_value(with_cur));
        } else {
            let currency = sibling(leaves, leaf, |l| {
                matches!(
                    l.key.as_str(),
                    "currency"
                        | "currencycode"
                        | "currencysymbol"
                        | "pricecurrency"
                        | "symbol"
                        | "currencysign"
                        | "currencyunit"
                ) && l.code * 5 >= l.present * 4
            });
            fields.insert("_price_amount".into(), json_rule(&leaf.path));
            match currency {
                Some(c) => {
                    fields.insert("_price_currency".into(), json_rule(&c.path));
                    let t = if c.symbol == c.present {
                        "{_price_currency}{_price_amount}"
                    } else {
                        "{_price_currency} {_price_amount}"
                    };
                    fields.insert("price".into(), template_rule(t));
                }
                None => {
                    fields.insert("price".into(), template_rule("{_price_amount}"));
                }
            }
        }
        found.push("price");
    }

    // MOQ: labels dropped; a bare quantity joined with its unit.
    let moq = chain("moq", leaves, n);
    if let Some(&m) = moq.first() {
        let leaf = &leaves[m];
        let remove = toml::Value::Array(
            [
                "Min. order:",
                "Min order:",
                "Minimum order:",
                "MOQ:",
                "(MOQ)",
                "起批",
                "起订",
            ]
            .iter()
            .map(|s| (*s).into())
            .collect(),
        );
        let unit = (leaf.bare_number * 5 >= leaf.present * 4)
            .then(|| {
                sibling(leaves, leaf, |l| {
                    (matches!(
                        l.key.as_str(),
                        "unit"
                            | "moqunit"
                            | "moqtype"
                            | "measurename"
                            | "unitname"
                            | "offerunit"
                            | "quantityunit"
                            | "units"
                            | "saleunit"
                            | "minorderunit"
                            | "measure"
                            | "plural"
                            | "unitplural"
                    ) || (l.key.ends_with("unit") && !l.key.contains("price")))
                        && l.unit * 5 >= l.present * 4
                })
            })
            .flatten();
        match unit {
            Some(u) => {
                let mut a = Table::new();
                a.insert("json".into(), leaf.path.as_str().into());
                fields.insert("_moq_amount".into(), toml::Value::Table(a));
                fields.insert("_moq_unit".into(), json_rule(&u.path));
                let t = if u.cjk_unit * 2 > u.present {
                    "{_moq_amount}{_moq_unit}"
                } else {
                    "{_moq_amount} {_moq_unit}"
                };
                fields.insert("moq".into(), template_rule(t));
            }
            None => {
                let rules = moq
                    .iter()
                    .map(|&i| {
                        let mut r = Table::new();
                        r.insert("json".into(), leaves[i].path.as_str().into());
                        r.insert("remove".into(), remove.clone());
                        toml::Value::Table(r)
                    })
                    .collect();
                fields.insert("moq".into(), rules_value(rules));
            }
        }
        found.push("moq");
    }

    let mut strong_link = false;
    let mut strong_id = false;
    let mut url_rules = Vec::new();
    let mut url_coverage = 0.0;
    let mut id_leaf = None;
    for field in [
        "seller_name",
        "seller_url",
        "location",
        "product_url",
        "product_id",
        "description",
        "seller_id",
    ] {
        let c = chain(field, leaves, n);
        let Some(&best) = c.first() else {
            continue;
        };
        let rules: Vec<toml::Value> = c.iter().map(|&i| leaf_rule(&leaves[i])).collect();
        match field {
            "product_url" => {
                strong_link = name_score(field, &leaves[best]) >= 1.0;
                url_coverage = leaves[best].present as f64 / n.max(1) as f64;
                url_rules = rules;
                continue;
            }
            "product_id" => {
                strong_id = name_score(field, &leaves[best]) >= 1.0;
                id_leaf = Some(&leaves[best]);
            }
            _ => {}
        }
        fields.insert(field.into(), rules_value(rules));
        found.push(field);
    }
    // Product-like: something a menu or a category list does not have.
    let productish = found
        .iter()
        .any(|f| matches!(*f, "price" | "moq" | "seller_name"))
        || strong_link
        || strong_id;
    if !productish {
        return None;
    }
    // Links stored with most items are the data; otherwise the form of the page's own
    // links to the items' ids comes first.
    if url_coverage < 0.8
        && let Some(id) = id_leaf
        && let Some(t) = link_template(view, &id.samples, links)
    {
        url_rules.insert(0, template_rule(&t));
    }
    if !url_rules.is_empty() {
        fields.insert("product_url".into(), rules_value(url_rules));
        found.push("product_url");
    }
    Some((fields, found))
}

/// When the page's own links embed the items' ids, their common form with the id as a
/// placeholder: `https://host/item/{product_id}.html`. Query and fragment are dropped
/// (they carry per-card tracking).
fn link_template(
    view: &PageView<'_>,
    ids: &[String],
    links: &mut Option<Vec<String>>,
) -> Option<String> {
    let ids: HashSet<&str> = ids
        .iter()
        .map(String::as_str)
        .filter(|s| s.len() >= 5 && s.bytes().any(|c| c.is_ascii_digit()))
        .collect();
    if ids.len() < 2 {
        return None;
    }
    let hrefs = links.get_or_insert_with(|| {
        Selector::parse("a[href]")
            .ok()
            .map(|s| {
                view.doc
                    .select(&s)
                    .filter_map(|a| a.value().attr("href"))
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    });
    let mut forms: HashMap<String, HashSet<&str>> = HashMap::new();
    for href in hrefs.iter() {
        let Some(abs) = super::super::resolve(view.base, href) else {
            continue;
        };
        let mut u = abs;
        u.set_query(None);
        u.set_fragment(None);
        let s = u.as_str();
        let tokens = s
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|t| ids.contains(t));
        for id in tokens {
            if let Some(at) = s.find(id)
                && s[at + id.len()..].find(id).is_none()
            {
                let form = format!(
                    "{}{{product_id}}{}",
                    s[..at].replace('{', "{{").replace('}', "}}"),
                    s[at + id.len()..].replace('{', "{{").replace('}', "}}")
                );
                if let Some(id) = ids.get(id) {
                    forms.entry(form).or_default().insert(id);
                }
            }
        }
    }
    let (form, hits) = forms
        .into_iter()
        .max_by_key(|(f, h)| (h.len(), std::cmp::Reverse(f.len())))?;
    // Two links can be a coincidence in a small list, not three.
    (hits.len() >= 3 || (hits.len() >= 2 && ids.len() <= 4)).then_some(form)
}

#[cfg(test)]
mod tests {
    use scraper::Html;
    use url::Url;

    use super::*;
    use crate::extract::extract_auto;

    fn auto(html: &str) -> crate::extract::Extraction {
        let url = Url::parse("https://dir.example.com/search?q=sofa").expect("url");
        extract_auto(&url, html).0
    }

    fn plans_for(html: &str) -> Vec<Plan> {
        let url = Url::parse("https://dir.example.com/search?q=sofa").expect("url");
        let doc = Html::parse_document(html);
        let view = PageView {
            doc: &doc,
            source: html,
            url: &url,
            base: &url,
        };
        plans(&view)
    }

    const STATE: &str = r#"<html><body><div id=app></div>
<script>window.__INITIAL_STATE__ = {};</script>
<script>
  window.__INITIAL_STATE__ = {
    nav: { menu: [{ name: 'Furniture', url: '/c/furniture', id: 1 }, { name: 'Lighting', url: '/c/lighting', id: 2 }] },
    search: { result: { offers: [
      { offerId: 1001, subject: 'Modern <b>Sofa</b> Three Seater Fabric', priceInfo: { salePrice: 'US$ 220-260', originalPrice: 'US$ 400' },
        minOrder: 2, unit: 'pieces', company: { name: 'Foshan Example Furniture Co., Ltd.', url: '//foshan.example.com' },
        detailUrl: '//dir.example.com/offer/1001.html', city: 'Foshan', images: [{ url: '//img.example.com/a.jpg' }] },
      { offerId: 1002, subject: 'Compressed Vacuum Sofa Bed', priceInfo: { salePrice: 'US$ 149', originalPrice: 'US$ 199' },
        minOrder: 5, unit: 'pieces', company: { name: 'Ganzhou Sofa Factory', url: '//ganzhou.example.com' },
        detailUrl: '//dir.example.com/offer/1002.html', images: [] },
      { offerId: 1003, subject: 'Leather Recliner Chair', priceInfo: { originalPrice: 'US$ 80' },
        minOrder: 1, unit: 'piece', company: { name: 'Anji Chairs Ltd', url: '//anji.example.com' },
        detailUrl: '//dir.example.com/offer/1003.html', city: 'Anji' }
    ] } },
    footer: { links: [{ title: 'About us', href: '/about' }, { title: 'Contact', href: '/contact' }] }
  };
</script></body></html>"#;

    #[test]
    fn js_literal_state_gives_every_field_and_skips_menus() {
        let e = auto(STATE);
        assert_eq!(e.listings.len(), 3, "{:?}", e.listings);
        let l = &e.listings[0];
        assert_eq!(l.title.as_deref(), Some("Modern Sofa Three Seater Fabric"));
        assert_eq!(l.price.as_deref(), Some("US$ 220-260"));
        assert_eq!(l.moq.as_deref(), Some("2 pieces"));
        assert_eq!(
            l.seller_name.as_deref(),
            Some("Foshan Example Furniture Co., Ltd.")
        );
        assert_eq!(l.seller_url.as_deref(), Some("https://foshan.example.com"));
        assert_eq!(
            l.product_url.as_deref(),
            Some("https://dir.example.com/offer/1001.html")
        );
        assert_eq!(l.product_id.as_deref(), Some("1001"));
        assert_eq!(l.location.as_deref(), Some("Foshan"));
        // No sale price: no price (the struck one is not it); no city: no location.
        assert_eq!(e.listings[2].price, None);
        assert_eq!(e.listings[1].location, None);
    }

    /// A ship-from place inside a URL-encoded (or raw) JSON string of each item, as
    /// tracking parameters carry it; items without one get none.
    #[test]
    fn ship_from_places_inside_encoded_json_strings() {
        let items: Vec<String> = (1..=4)
            .map(|i| {
                let blob = match i {
                    1 => r#""cdi":"%7B%22itemId%22%3A%221%22%2C%22shipFrom%22%3A%22CN%22%7D""#.to_string(),
                    2 => r#""cdi":"{\"shipFrom\":\"US\",\"star\":\"4.8\"}""#.to_string(),
                    3 => r#""cdi":"%7B%22itemId%22%3A%223%22%7D""#.to_string(),
                    _ => r#""cdi":"%7B%22shipFrom%22%3A%22CN%22%7D""#.to_string(),
                };
                format!(
                    r#"{{"title":"Clear magnetic phone case model {i}","productId":"100500{i}","prices":{{"salePrice":{{"formattedPrice":"US $1.{i}9"}}}},"trace":{{"pdp":{{{blob}}}}}}}"#
                )
            })
            .collect();
        let html = format!(
            r#"<html><body><script>window.state = {{"items":[{}]}};</script></body></html>"#,
            items.join(",")
        );
        let e = auto(&html);
        assert_eq!(e.listings.len(), 4, "{:?}", e.listings);
        let locs: Vec<Option<&str>> = e.listings.iter().map(|l| l.location.as_deref()).collect();
        assert_eq!(locs, [Some("CN"), Some("US"), None, Some("CN")]);
        // Nothing else is read out of the blob.
        assert!(
            e.listings
                .iter()
                .all(|l| l.product_id.as_deref() != Some("1"))
        );
        assert!(encoded_places("%E4%B8%AD").is_empty());
        assert!(encoded_places("7天无理由退货").is_empty());
    }

    #[test]
    fn plans_are_profile_rules_with_generic_markers() {
        let plans = plans_for(STATE);
        assert_eq!(plans.len(), 1, "{plans:?}");
        let listing = plans[0].page.get("listing").expect("listing");
        assert_eq!(
            listing.get("script").and_then(|v| v.as_str()),
            Some("window.__INITIAL_STATE__")
        );
        assert_eq!(
            listing.get("json").and_then(|v| v.as_str()),
            Some("search.result.offers")
        );
    }

    #[test]
    fn next_data_json_parse_and_split_prices() {
        let html = r#"<html><body>
<script id="__NEXT_DATA__" type="application/json">{"props":{"pageProps":{"results":[
 {"fields":{"title":"Stainless Steel Travel Mug 500ml","price":3.99,"currency":"$","moq":200,"moqUnit":"Pieces","productId":"A1b2C3d4"}},
 {"fields":{"title":"Double Wall Vacuum Flask","price":5.5,"currency":"$","moq":100,"moqUnit":"Pieces","productId":"Z9y8X7w6"}}
]}}}</script>
<script>var searchState = JSON.parse("{\"list\":[{\"name\":\"Desk Lamp LED\",\"price\":\"€12.50\"},{\"name\":\"Floor Lamp\",\"price\":\"€40\"}]}");</script>
</body></html>"#;
        let plans = plans_for(html);
        assert!(
            plans
                .iter()
                .any(|p| p.note.starts_with("script #__NEXT_DATA__"))
        );
        assert!(
            plans
                .iter()
                .any(|p| p.note.starts_with("script searchState"))
        );
        let e = auto(html);
        assert_eq!(e.listings.len(), 2);
        assert_eq!(e.listings[0].price.as_deref(), Some("$3.99"));
        assert_eq!(e.listings[0].moq.as_deref(), Some("200 Pieces"));
        assert_eq!(e.listings[1].product_id.as_deref(), Some("Z9y8X7w6"));
    }

    #[test]
    fn product_urls_follow_the_pages_own_links_to_ids() {
        let html = r#"<html><body>
<a href="/item/100200300.html?spm=a1">Lamp</a><a href="/item/100200301.html?spm=a2">Chair</a>
<script>window.runData = {"items":[
 {"productId":"100200300","title":{"displayTitle":"LED Desk Lamp Dimmable"},"prices":{"salePrice":{"formattedPrice":"US $3.10"}}},
 {"productId":"100200301","title":{"displayTitle":"Ergonomic Office Chair"},"prices":{"salePrice":{"formattedPrice":"US $45.00"}}},
 {"productId":"100200302","title":{"displayTitle":"Monitor Arm"},"prices":{"salePrice":{"formattedPrice":"US $12.00"}}}
]};</script></body></html>"#;
        let e = auto(html);
        assert_eq!(e.listings.len(), 3);
        assert_eq!(e.listings[0].price.as_deref(), Some("US $3.10"));
        assert_eq!(
            e.listings[2].product_url.as_deref(),
            Some("https://dir.example.com/item/100200302.html")
        );
    }

    #[test]
    fn traps_give_no_listings() {
        // Prices without titles, a category menu, breadcrumbs, image lists, SKU variants.
        let html = r#"<html><body>
<script>window.pageState = {
  prices: [{ price: '$1.00' }, { price: '$2.00' }, { price: '$3.00' }],
  categories: [{ name: 'Phones', url: '/c/1', id: 1 }, { name: 'Cases', url: '/c/2', id: 2 }],
  breadcrumb: [{ title: 'Home', href: '/' }, { title: 'Phones', href: '/c/1' }],
  gallery: [{ url: '//img.example.com/1.jpg', alt: 'front' }, { url: '//img.example.com/2.jpg', alt: 'back' }],
  skuList: [{ skuName: 'Red XL', price: '$5.00' }, { skuName: 'Blue L', price: '$5.00' }]
};</script></body></html>"#;
        assert!(plans_for(html).is_empty(), "{:?}", plans_for(html));
        assert!(
            auto("<html><body><p>Nothing here.</p><script>var x = 1;</script></body></html>")
                .listings
                .is_empty()
        );
    }

    #[test]
    fn related_products_on_a_detail_page_are_not_listings() {
        let html = r#"<html><head><meta property="og:type" content="product"></head><body>
<h1>Wireless Earbuds Pro</h1>
<script>window.detailData = { related: [
  { title: 'Bluetooth Speaker Mini', price: 'US$ 9.90', productUrl: '/p/1' },
  { title: 'Charging Case Cover', price: 'US$ 2.10', productUrl: '/p/2' }
]};</script></body></html>"#;
        assert!(plans_for(html).is_empty());
    }

    #[test]
    fn a_stub_json_ld_product_does_not_make_a_detail_page() {
        // A site-wide `Product` with only a brand and a rating names no product.
        let stub = r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org/","@type":"Product","brand":"Example","aggregateRating":{"@type":"AggregateRating","ratingValue":4.5,"ratingCount":1}}</script></head><body>"#;
        let html = STATE.replacen("<html><body>", stub, 1);
        assert_eq!(auto(&html).listings.len(), 3);
        // One that names a product does.
        let named = stub.replace(r#""brand""#, r#""name":"Modern Sofa","brand""#);
        let html = STATE.replacen("<html><body>", &named, 1);
        assert!(plans_for(&html).iter().all(|p| p.shape != Shape::List));
    }

    const DETAIL: &str = r#"<html><head><meta property="og:type" content="product">
<link rel="canonical" href="https://dir.example.com/item/77001234.html"></head><body>
<h1>Compressed Vacuum Sofa Bed</h1>
<script>window.pageState = { data: {
  tracking: { title: 'Product page view event', price: 1 },
  product: { itemId: '77001234', subject: 'Compressed Vacuum Sofa Bed With Storage',
    priceInfo: { salePrice: 'US$ 149.00', originalPrice: 'US$ 199.00' },
    minOrder: 5, unit: 'pieces', skus: [{ skuId: 1, title: 'Grey Fabric Variant', price: 'US$ 150' }] },
  store: { storeName: 'Ganzhou Sofa Factory', storeUrl: '//ganzhou.example.com' },
  related: { items: [
    { title: 'Leather Recliner Chair Deluxe', price: 'US$ 80', productUrl: '/item/1.html', storeName: 'Anji Chairs' },
    { title: 'Modern Three Seater Sofa', price: 'US$ 260', productUrl: '/item/2.html', storeName: 'Foshan Co' }
  ] } } };</script></body></html>"#;

    #[test]
    fn one_product_in_detail_state_is_a_single_plan() {
        let plans = plans_for(DETAIL);
        assert_eq!(plans.len(), 1, "{plans:?}");
        assert_eq!(plans[0].shape, Shape::Single);
        assert!(!plans[0].page.contains_key("listing"));
        let url = Url::parse("https://dir.example.com/item/77001234.html").expect("url");
        let e = extract_auto(&url, DETAIL).0;
        assert_eq!(e.listings.len(), 1);
        let l = &e.listings[0];
        // The product, not a related item, a variant or a tracking event.
        assert_eq!(
            l.title.as_deref(),
            Some("Compressed Vacuum Sofa Bed With Storage")
        );
        assert_eq!(l.price.as_deref(), Some("US$ 149.00"));
        assert_eq!(l.moq.as_deref(), Some("5 pieces"));
        assert_eq!(l.seller_name.as_deref(), Some("Ganzhou Sofa Factory"));
        assert_eq!(l.product_id.as_deref(), Some("77001234"));
        assert_eq!(
            l.product_url.as_deref(),
            Some("https://dir.example.com/item/77001234.html")
        );
    }

    #[test]
    fn state_passed_as_a_call_argument_on_an_item_url() {
        let html = r#"<html><body><script>window.contextPath = "/x";
window.context=(function(b,d){return d})(window.contextPath,{result:{data:{main:{fields:{
  offerTitle:'Striped Wide Leg Trousers', tradeModel:{ price:'¥18.00', beginAmount: 2, unit:'条' },
  sellerModel:{ companyName:'Jieyang Garments Co., Ltd.' }, offerId: 963863008803 }}}}});</script></body></html>"#;
        // No declaration: the item-like address makes it a detail page.
        let url = Url::parse("https://detail.example.com/offer/963863008803.html").expect("url");
        let e = extract_auto(&url, html).0;
        assert_eq!(e.listings.len(), 1);
        let l = &e.listings[0];
        assert_eq!(l.title.as_deref(), Some("Striped Wide Leg Trousers"));
        assert_eq!(l.price.as_deref(), Some("¥18.00"));
        assert_eq!(l.seller_name.as_deref(), Some("Jieyang Garments Co., Ltd."));
        // A search address is not an item address: no single plan.
        assert!(plans_for(html).iter().all(|p| p.shape != Shape::Single));
        let mut roots = Vec::new();
        call_arguments("f(window.contextPath,{a:1}); g(x, {b:2})", &mut roots);
        assert_eq!(roots.len(), 1);
        assert_eq!(roots[0].0, "window.contextPath,");
    }

    #[test]
    fn item_like_urls() {
        for (u, want) in [
            ("https://detail.example.com/offer/963863008803.html", true),
            ("https://www.example.com/item/1005003568989271.html", true),
            ("https://www.example.com/product/sofa-bed-7700123", true),
            ("https://www.example.com/search?q=1234567", false),
            ("https://www.example.com/store/1101366561", false),
            (
                "https://www.example.com/category/100003109/sofas.html",
                false,
            ),
        ] {
            assert_eq!(item_like_url(&Url::parse(u).expect("url")), want, "{u}");
        }
    }

    #[test]
    fn flight_rows_are_searched() {
        let html = r#"<script>self.__next_f.push([1,"5:{\"products\":[{\"productName\":\"Garden Hose 30m\",\"price\":\"$12.00\",\"itemId\":\"G1\"},{\"productName\":\"Hose Reel Cart\",\"price\":\"$33.00\",\"itemId\":\"G2\"}]}\n"])</script>"#;
        let plans = plans_for(html);
        assert_eq!(plans.len(), 1);
        let e = auto(html);
        assert_eq!(e.listings.len(), 2);
        assert_eq!(e.listings[1].title.as_deref(), Some("Hose Reel Cart"));
    }

    #[test]
    fn assignment_targets_are_read_exactly() {
        let mut out = Vec::new();
        assignments(
            "if(a==b){} var e={x:1}; window.g_config = {a:[1]}; x.y.z=[{a:1}]; f = () => 1; obj.k >= 2",
            &mut out,
        );
        let names: Vec<&str> = out.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(names, ["window.g_config", "x.y.z"]);
    }

    #[test]
    fn seller_ids_come_from_seller_id_keys_and_ids_under_seller_objects() {
        let html = r#"<html><body><script>
  window.runParams = { items: [
    { productId: '1005001', title: 'Ski Goggles Anti Fog Double Layer', price: 'US$ 12.50',
      store: { storeName: 'Snow Gear Store', storeId: 1102158319 } },
    { productId: '1005002', title: 'Winter Gloves Touch Screen Warm', price: 'US$ 6.10',
      store: { storeName: 'Hand Warmers Official', storeId: 912419622 } },
    { productId: '1005003', title: 'Thermal Scarf Fleece Neck Warmer', price: 'US$ 3.99',
      store: { storeName: 'Snow Gear Store', storeId: 1102158319 } }
  ] };
</script></body></html>"#;
        let e = auto(html);
        let ids: Vec<Option<&str>> = e.listings.iter().map(|l| l.seller_id.as_deref()).collect();
        assert_eq!(
            ids,
            [Some("1102158319"), Some("912419622"), Some("1102158319")],
            "{:?}",
            e.listings
        );
        assert_eq!(e.listings[0].product_id.as_deref(), Some("1005001"));
    }
}
