//! Field rules: where one value comes from, and how it is cleaned up.
//!
//! A field is a fallback chain of [`Rule`]s; the first rule that yields a non-empty value
//! wins. Each rule has one source (CSS, a JSON path into the card or into an embedded
//! script object, JSON-LD, the Next.js flight payload, a regular expression, or a template
//! over other fields) followed by a fixed pipeline of post-processing steps (see
//! [`Post`]). Rules are compiled when the profile loads and never fail at extraction time:
//! a missing element, a malformed script or an unexpected type gives `None`.
//! This module does not know about listings or pages as a whole (see the parent module),
//! nor about TOML (see `profile`).

use std::fmt::Write as _;

use regex::Regex;
use scraper::node::Node;
use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use super::collapse_whitespace;
use super::path::JsonPath;

/// One way to read a value.
#[derive(Debug, Clone)]
pub struct Rule {
    /// Where the raw value comes from.
    pub source: Source,
    /// What is done to it afterwards.
    pub post: Post,
    /// Evaluate the rule only when this field (or `url`) has a value matching the pattern.
    pub only_if: Option<(String, Regex)>,
}

/// Where a rule reads its raw value.
#[derive(Debug, Clone)]
pub enum Source {
    /// A CSS selector inside the card (or the whole page when `page` is set, or when the
    /// card is a JSON item).
    Css {
        /// The selector as written.
        text: String,
        /// The element.
        selector: Selector,
        /// Read this attribute instead of the text.
        attr: Option<String>,
        /// Read the inner HTML instead of the text.
        html: bool,
        /// Descendants whose text is left out (unit spans, hidden tooltips, CTAs).
        exclude: Option<Selector>,
        /// Take the first matching element whose text contains this.
        contains: Option<String>,
        /// Select in the whole document, not in the card.
        page: bool,
        /// Select in the card's nearest ancestor (or the card itself) matching this: values
        /// a group shares with the records inside it (a supplier block's name for each of
        /// its sample products).
        closest: Option<Selector>,
        /// The selector is `:scope`: the card element itself.
        itself: bool,
    },
    /// A JSON path: into the card when the listing is a JSON array and `script` is unset,
    /// otherwise into the object a script assigns after the `script` marker.
    Json {
        /// Marker text the object follows (`window.runParams`), if not card-relative.
        script: Option<String>,
        /// Path into the value.
        path: JsonPath,
    },
    /// A JSON path into the page's JSON-LD objects, optionally only those of one `@type`.
    JsonLd {
        /// Required `@type`.
        type_: Option<String>,
        /// Path into the object.
        path: JsonPath,
    },
    /// A JSON path searched through the rows of the Next.js flight payload.
    Flight {
        /// Path into each row, first match wins.
        path: JsonPath,
    },
    /// A regular expression over the card's HTML (or the page's, with `page`); the value
    /// is capture group 1 when there is one, else the whole match.
    Regex {
        /// The pattern.
        re: Regex,
        /// Match the whole page source.
        page: bool,
    },
    /// A string with `{field}` placeholders (also `{url}`, the page URL, and `{page}`, the
    /// next page number in pagination rules).
    Template {
        /// Literal text and placeholders, in order.
        parts: Vec<TemplatePart>,
    },
}

/// A piece of a template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    /// Literal text.
    Lit(String),
    /// The value of a field or variable; the template fails when it is missing.
    Var(String),
}

/// Which element of a split value to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    /// The element at the listing's own position (parallel lists in page order).
    Card,
    /// A fixed position (negative counts from the end).
    Nth(i64),
}

/// Post-processing, applied in this order: `url_decode`, `unescape` (one extra round of
/// HTML entity decoding), markup removal for values not read from the DOM, `split` +
/// `pick`, `capture`, `remove`, whitespace collapsing, `tier_lower_bound`,
/// `map`, `page_placeholder`. An empty result counts as missing.
#[derive(Debug, Clone, Default)]
pub struct Post {
    /// Percent-decode the value.
    pub url_decode: bool,
    /// Decode HTML entities once more (text that was escaped markup).
    pub unescape: bool,
    /// Split the value on this separator ...
    pub split: Option<String>,
    /// ... and keep this element (default: the first).
    pub pick: Option<Pick>,
    /// Keep only group 1 (or every group, concatenated) of this pattern's first match;
    /// no match means no value.
    pub capture: Option<Regex>,
    /// Remove these substrings (labels such as `Min. order:` or `(MOQ)`), ignoring case.
    pub remove: Vec<String>,
    /// Read a quantity range such as `300 - 1000 pairs` or `>= 5001 pairs` as its lower
    /// bound with its unit (`300 pairs`).
    pub tier_lower_bound: bool,
    /// Replace this token (`{0}`) with the next page number.
    pub page_placeholder: Option<String>,
    /// Replace a whole value by another (`USD` → `$`); other values pass unchanged.
    pub map: Vec<(String, String)>,
}

/// What a rule is evaluated against.
#[derive(Clone, Copy)]
pub enum Card<'a> {
    /// A DOM element (a listing container or the document root).
    Dom(ElementRef<'a>),
    /// An item of a JSON listing array.
    Json(&'a Value),
}

/// Everything about the page a rule may read, supplied by the caller (lazily cached there).
pub trait PageSources {
    /// The parsed document.
    fn doc(&self) -> &Html;
    /// The page source.
    fn source(&self) -> &str;
    /// Candidate values assigned after `marker` in scripts, in page order.
    fn script_values(&self, marker: &str) -> &[Value];
    /// JSON-LD objects (arrays and `@graph` flattened), in page order.
    fn json_ld(&self) -> &[Value];
    /// The JSON-LD node defined with this `@id` (an object with `@id` and other keys).
    fn json_ld_node(&self, _id: &str) -> Option<&Value> {
        None
    }
    /// The first value `path` reaches in the flight payload's rows.
    fn flight(&self, path: &JsonPath) -> Option<String>;
    /// Value of a template variable (`url`, `page`, or another field).
    fn var(&self, name: &str) -> Option<String>;
}

impl Rule {
    /// Evaluates the rule for `card`, the `index`-th listing.
    pub fn eval(&self, page: &dyn PageSources, card: Card<'_>, index: usize) -> Option<String> {
        if let Some((field, re)) = &self.only_if
            && !page.var(field).is_some_and(|v| re.is_match(&v))
        {
            return None;
        }
        let (raw, from_dom_text) = self.raw(page, card)?;
        self.post.apply(raw, from_dom_text, index)
    }

    /// A short description for `--explain`.
    pub fn describe(&self) -> String {
        let mut s = match &self.source {
            Source::Css {
                text,
                attr,
                html,
                page,
                closest,
                ..
            } => {
                let what = match (attr, html) {
                    (Some(a), _) => format!("@{a}"),
                    (None, true) => "html".into(),
                    (None, false) => "text".into(),
                };
                // Where it reads: the card (unsaid), the whole page, or the card's block.
                let scope = if *page {
                    ", page".to_string()
                } else if closest.is_some() {
                    ", in the card's block".to_string()
                } else {
                    String::new()
                };
                format!("css {text} ({what}{scope})")
            }
            Source::Json { script, path } => match script {
                Some(m) => format!("json {m} → {}", path.as_str()),
                None => format!("json {}", path.as_str()),
            },
            Source::JsonLd { type_, path } => match type_ {
                Some(t) => format!("jsonld {t} → {}", path.as_str()),
                None => format!("jsonld {}", path.as_str()),
            },
            Source::Flight { path } => format!("flight {}", path.as_str()),
            Source::Regex { re, .. } => format!("regex {}", re.as_str()),
            Source::Template { parts } => {
                let mut t = String::from("template ");
                for p in parts {
                    match p {
                        TemplatePart::Lit(l) => t.push_str(l),
                        TemplatePart::Var(v) => {
                            let _ = write!(t, "{{{v}}}");
                        }
                    }
                }
                t
            }
        };
        if self.post.capture.is_some() {
            s.push_str(" + capture");
        }
        s
    }

    /// The raw value, and whether it is already DOM text (entities decoded, no markup).
    fn raw(&self, page: &dyn PageSources, card: Card<'_>) -> Option<(String, bool)> {
        match &self.source {
            Source::Css {
                text: _,
                selector,
                attr,
                html,
                exclude,
                contains,
                page: whole_page,
                itself,
                closest,
            } => {
                let scope = match card {
                    _ if *whole_page => page.doc().root_element(),
                    Card::Dom(el) => match closest {
                        Some(group) => std::iter::once(el)
                            .chain(el.ancestors().filter_map(ElementRef::wrap))
                            .find(|e| group.matches(e))?,
                        None => el,
                    },
                    // A card-scoped selector means nothing inside a JSON item.
                    Card::Json(_) => return None,
                };
                let own = itself.then_some(scope);
                let mut matches = own
                    .into_iter()
                    .chain(
                        scope
                            .select(selector)
                            .take(if *itself { 0 } else { usize::MAX }),
                    );
                let el = match contains {
                    Some(needle) => {
                        let needle = needle.to_lowercase();
                        matches.find(|e| {
                            element_text(*e, exclude.as_ref())
                                .to_lowercase()
                                .contains(&needle)
                        })?
                    }
                    None => matches.next()?,
                };
                match (attr, html) {
                    (Some(a), _) => Some((el.value().attr(a)?.to_string(), true)),
                    (None, true) => Some((el.inner_html(), false)),
                    (None, false) => Some((element_text(el, exclude.as_ref()), true)),
                }
            }
            Source::Json { script, path } => {
                let v = match (script, card) {
                    (Some(marker), _) => page
                        .script_values(marker)
                        .iter()
                        .find_map(|root| path.resolve(root).filter(|v| !v.is_null()))?,
                    (None, Card::Json(item)) => path.resolve_with(item, &|v| linked(page, v))?,
                    (None, Card::Dom(_)) => return None,
                };
                scalar(v).map(|s| (s, false))
            }
            Source::JsonLd { type_, path } => page
                .json_ld()
                .iter()
                .filter(|o| type_.as_deref().is_none_or(|t| has_type(o, t)))
                .find_map(|o| path.resolve_with(o, &|v| linked(page, v)).and_then(scalar))
                .map(|s| (s, false)),
            Source::Flight { path } => page.flight(path).map(|s| (s, false)),
            Source::Regex { re, page: whole } => {
                let owned;
                let hay = match card {
                    Card::Dom(el) if !whole => {
                        owned = el.html();
                        owned.as_str()
                    }
                    _ => page.source(),
                };
                let caps = re.captures(hay)?;
                let m = caps.get(1).or_else(|| caps.get(0))?;
                Some((m.as_str().to_string(), false))
            }
            Source::Template { parts } => {
                let mut out = String::new();
                for p in parts {
                    match p {
                        TemplatePart::Lit(l) => out.push_str(l),
                        TemplatePart::Var(v) => out.push_str(&page.var(v)?),
                    }
                }
                Some((out, true))
            }
        }
    }
}

impl Post {
    fn apply(&self, raw: String, from_dom_text: bool, index: usize) -> Option<String> {
        let mut v = raw;
        if self.url_decode {
            v = percent_decode(&v);
        }
        if self.unescape {
            v = html_to_text(&v);
        }
        if !from_dom_text && (v.contains('<') || v.contains('&')) {
            v = html_to_text(&v);
        }
        if let Some(sep) = &self.split {
            let parts: Vec<&str> = v.split(sep.as_str()).collect();
            let idx = match self.pick.unwrap_or(Pick::Nth(0)) {
                Pick::Card => Some(index),
                Pick::Nth(n) if n < 0 => parts.len().checked_sub(n.unsigned_abs() as usize),
                Pick::Nth(n) => Some(n as usize),
            };
            v = parts.get(idx?)?.to_string();
        }
        if let Some(re) = &self.capture {
            let caps = re.captures(&v)?;
            v = if caps.len() > 1 {
                caps.iter()
                    .skip(1)
                    .flatten()
                    .map(|m| m.as_str())
                    .collect::<String>()
            } else {
                caps.get(0)?.as_str().to_string()
            };
        }
        for label in &self.remove {
            v = remove_ignore_case(&v, label);
        }
        v = collapse_whitespace(&v);
        if self.tier_lower_bound {
            v = tier_lower_bound(&v)?;
        }
        if let Some((_, to)) = self.map.iter().find(|(from, _)| *from == v) {
            v = to.clone();
        }
        Some(v).filter(|s| !s.is_empty())
    }
}

/// The page-placeholder substitution for pagination rules.
pub fn fill_page_placeholder(post: &Post, value: String, next_page: u32) -> String {
    match &post.page_placeholder {
        Some(tok) => value.replace(tok.as_str(), &next_page.to_string()),
        None => value,
    }
}

/// Whether a JSON-LD object has `@type` `t` (also written `schema:T` or
/// `https://schema.org/T`), alone or in a list of types.
pub(crate) fn has_type(o: &Value, t: &str) -> bool {
    fn local(x: &str) -> &str {
        x.rsplit(['/', ':', '#']).next().unwrap_or(x)
    }
    let is = |s: &str| local(s).eq_ignore_ascii_case(local(t));
    match o.get("@type") {
        Some(Value::String(s)) => is(s),
        Some(Value::Array(a)) => a.iter().any(|x| x.as_str().is_some_and(is)),
        _ => false,
    }
}

/// A JSON-LD reference (an object with only `@id`, and perhaps `@type`) replaced by the
/// node the page defines with that `@id`; every other value is itself.
pub(crate) fn linked<'v>(page: &'v dyn PageSources, v: &'v Value) -> &'v Value {
    match v.as_object() {
        Some(m) if m.keys().all(|k| k == "@id" || k == "@type") => m
            .get("@id")
            .and_then(Value::as_str)
            .and_then(|id| page.json_ld_node(id))
            .unwrap_or(v),
        _ => v,
    }
}

/// A JSON scalar as text; `null`, objects and arrays are not values.
pub fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The text content of `el`: text nodes in order, without scripts, styles, templates and
/// subtrees matching `exclude`; nothing inserted between elements.
pub fn element_text(el: ElementRef<'_>, exclude: Option<&Selector>) -> String {
    let mut out = String::new();
    let mut stack = vec![*el];
    while let Some(node) = stack.pop() {
        match node.value() {
            Node::Text(t) => out.push_str(t),
            Node::Element(e) => {
                let skip = node.id() != el.id()
                    && (matches!(e.name(), "script" | "style" | "noscript" | "template")
                        || exclude.is_some_and(|x| {
                            ElementRef::wrap(node).is_some_and(|r| x.matches(&r))
                        }));
                if !skip {
                    // Children in reverse so they pop in document order.
                    let mut kids: Vec<_> = node.children().collect();
                    kids.reverse();
                    stack.extend(kids);
                }
            }
            Node::Document | Node::Fragment => {
                let mut kids: Vec<_> = node.children().collect();
                kids.reverse();
                stack.extend(kids);
            }
            _ => {}
        }
    }
    out
}

/// Markup removed and entities decoded, the way a browser reads text.
pub fn html_to_text(s: &str) -> String {
    let frag = Html::parse_fragment(s);
    element_text(frag.root_element(), None)
}

pub(crate) fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(n) = u8::from_str_radix(hex, 16)
        {
            out.push(n);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn remove_ignore_case(hay: &str, needle: &str) -> String {
    if needle.is_empty() {
        return hay.to_string();
    }
    let lower_hay = hay.to_lowercase();
    let lower_needle = needle.to_lowercase();
    // Offsets in the lowercased text are only valid in `hay` when lowercasing kept every
    // byte where it was (true for ASCII and most scripts); otherwise match exactly.
    if lower_hay.len() != hay.len() || lower_needle.len() != needle.len() {
        return hay.replace(needle, " ");
    }
    let mut out = String::with_capacity(hay.len());
    let mut last = 0;
    for (i, _) in lower_hay.match_indices(&lower_needle) {
        let end = i + needle.len();
        match (hay.get(last..i), hay.get(i..end)) {
            (Some(before), Some(_)) if i >= last => {
                out.push_str(before);
                out.push(' ');
                last = end;
            }
            _ => return hay.replace(needle, " "),
        }
    }
    out.push_str(hay.get(last..).unwrap_or_default());
    out
}

/// `300 - 1000 pairs` → `300 pairs`; `>= 5001 pairs` → `5001 pairs`; `10 sets` stays.
fn tier_lower_bound(s: &str) -> Option<String> {
    let s = s.trim_start_matches(['>', '≥', '=', ' ']);
    let num_end = s
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(s.len());
    let (num, rest) = s.split_at(num_end);
    if num.is_empty() {
        return None;
    }
    let rest = rest.trim_start();
    // Drop the upper bound of a range: `- 1000`, `~1000`, `to 1000`.
    let unit = match rest
        .strip_prefix('-')
        .or_else(|| rest.strip_prefix('~'))
        .or_else(|| rest.strip_prefix('–'))
        .or_else(|| rest.strip_prefix("to "))
    {
        Some(r) => {
            let r = r.trim_start();
            r.trim_start_matches(|c: char| c.is_ascii_digit() || c == ',' || c == '.')
        }
        None => rest,
    };
    let unit = unit.trim();
    Some(if unit.is_empty() {
        num.to_string()
    } else {
        format!("{num} {unit}")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tier_lower_bound_reads_ranges_and_open_tiers() {
        assert_eq!(
            tier_lower_bound("300 - 1000 pairs").as_deref(),
            Some("300 pairs")
        );
        assert_eq!(
            tier_lower_bound(">= 5001 pairs").as_deref(),
            Some("5001 pairs")
        );
        assert_eq!(tier_lower_bound("2-9 sets").as_deref(), Some("2 sets"));
        assert_eq!(tier_lower_bound("10 sets").as_deref(), Some("10 sets"));
        assert_eq!(tier_lower_bound("pairs"), None);
    }

    #[test]
    fn labels_are_removed_ignoring_case() {
        assert_eq!(
            remove_ignore_case("Min. Order: 10 pieces", "min. order:").trim(),
            "10 pieces"
        );
        assert_eq!(
            remove_ignore_case("1 Piece(MOQ)", "(MOQ)").trim(),
            "1 Piece"
        );
    }

    #[test]
    fn markup_in_json_strings_is_stripped_and_entities_decoded() {
        assert_eq!(
            collapse_whitespace(&html_to_text(
                "<img src=x><strong>Sofa</strong> &amp; chair"
            )),
            "Sofa & chair"
        );
    }

    #[test]
    fn percent_decoding_handles_utf8_and_stray_percent() {
        assert_eq!(percent_decode("%E8%8D%A3%E4%BA%AE 100%"), "荣亮 100%");
    }

    #[test]
    fn post_pipeline_splits_picks_the_card_and_captures() {
        let post = Post {
            url_decode: true,
            split: Some(",".into()),
            pick: Some(Pick::Card),
            capture: Some(Regex::new(r"^(\d+)").expect("valid")),
            ..Post::default()
        };
        assert_eq!(
            post.apply("11%3Aa%2C22%3Ab".into(), false, 1).as_deref(),
            Some("22")
        );
        assert_eq!(post.apply("11%3Aa%2C22%3Ab".into(), false, 2), None);
    }

    #[test]
    fn element_text_skips_scripts_and_excluded_subtrees() {
        let doc = Html::parse_fragment(
            "<p class=prc>₹ 15,000<span class=cta>Get Latest Price</span><script>x=1</script>/Piece</p>",
        );
        let p = doc
            .select(&Selector::parse("p").expect("valid"))
            .next()
            .expect("p");
        let ex = Selector::parse(".cta").expect("valid");
        assert_eq!(element_text(p, Some(&ex)), "₹ 15,000/Piece");
    }
}
