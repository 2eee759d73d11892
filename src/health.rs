//! Extraction health: is this sweep still reading the sites as well as the last one did?
//!
//! A directory that is redesigned between two sweeps does not fail loudly: its pages
//! still answer 200, they just stop yielding listings (or automatic extraction quietly
//! takes over from a profile whose rules no longer match). This module adds up what
//! extraction made of each page ([`crate::store::PageFigures`], kept in the store per page) per site
//! and page kind, compares the figures with the previous complete sweep of the same
//! name, checks the profile's `expect` tables, and turns what it sees into warnings —
//! like Spidermon's item-count, field-coverage and "finished with errors" monitors for
//! Scrapy.
//!
//! Every warning is a health failure of its site and page kind: a finding on a page of a
//! failing kind is *unverified*, never resolved (see [`crate::sweep`]), and
//! `sweep --exit-code` exits 5. It also decides what an `empty` page is
//! ([`empty_page`]). It is pure: pages in, figures and warnings out; printing belongs to
//! [`crate::progress`], files to [`crate::output`] and [`crate::report`].

use std::collections::BTreeMap;

use scraper::Html;
use scraper::node::Node;
use serde::Serialize;

use crate::extract::{ExtractionMethod, FIELD_NAMES, SiteProfile};
use crate::store::{PageRecord, PageStatus};

/// A page of a kind that expects listings, that yields none and is not a block page, is
/// `empty` when its visible text (scripts, styles and templates excluded, whitespace runs
/// collapsed) is shorter than this many characters: a result page saying "no results"
/// and little else. A large page that yields nothing is `ok`; if its whole kind stops
/// yielding, the comparison with the previous sweep catches it.
pub const EMPTY_PAGE_MAX_CHARS: usize = 2_000;

/// A field's coverage falling by more than this many percentage points since the previous
/// sweep is a warning.
pub const COVERAGE_DROP_POINTS: f64 = 20.0;

/// The page-kind label of pages that matched no `[[page]]` kind.
pub const NO_KIND: &str = "(none)";

/// `Some(visible characters)` when a page that was expected to list something and gave
/// nothing is small enough to be `empty`. A short "this item is no longer available" page
/// is not empty: the item is gone, which is an answer.
pub fn empty_page(html: &str) -> Option<usize> {
    let doc = Html::parse_document(html);
    if crate::extract::auto::unavailable(&doc).is_some() {
        return None;
    }
    let mut chars = 0;
    let mut space = true;
    for node in doc.root_element().descendants() {
        let Node::Text(text) = node.value() else {
            continue;
        };
        let hidden = node.ancestors().any(|a| {
            a.value().as_element().is_some_and(|e| {
                matches!(
                    e.name(),
                    "script" | "style" | "template" | "noscript" | "head"
                )
            })
        });
        if hidden {
            continue;
        }
        for c in text.chars() {
            if c.is_whitespace() {
                if !space {
                    chars += 1;
                    space = true;
                }
            } else {
                chars += 1;
                space = false;
            }
        }
        if chars >= EMPTY_PAGE_MAX_CHARS {
            return None;
        }
    }
    Some(chars)
}

/// The figures of one site and page kind over a sweep.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct KindHealth {
    /// The site (profile name).
    pub site: String,
    /// The page kind, or `(none)`.
    pub page_kind: String,
    /// Pages of the kind that were extracted (`ok`, `not_modified`, `empty`).
    pub pages: usize,
    /// Of those, pages that gave at least one listing.
    pub pages_with_listings: usize,
    /// Pages recorded as `empty`.
    pub empty_pages: usize,
    /// Block pages met where a page of this kind was asked for.
    pub blocked_pages: usize,
    /// Listings extracted from those pages (a listing seen on two pages counts twice).
    pub listings: usize,
    /// Listings by how they were extracted: `profile` and `auto`.
    pub listings_by_extraction: BTreeMap<String, usize>,
    /// Field → percentage of the listings with a value (one decimal); empty when there
    /// are no listings.
    pub coverage: BTreeMap<String, f64>,
}

impl KindHealth {
    fn share(&self, method: ExtractionMethod) -> f64 {
        if self.listings == 0 {
            return 0.0;
        }
        self.listings_by_extraction
            .get(method.as_str())
            .copied()
            .unwrap_or(0) as f64
            / self.listings as f64
    }
}

/// What a warning is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// The kind yielded listings in the previous sweep and yields none now.
    NoListings,
    /// Its listings came from the profile before and (mostly) from automatic extraction
    /// now: the profile's rules stopped matching.
    ProfileBroke,
    /// A field's coverage fell by more than [`COVERAGE_DROP_POINTS`].
    CoverageDrop,
    /// Pages of the kind came back `empty`.
    EmptyPages,
    /// The profile's `expect` table is not met.
    Expectation,
}

/// One health warning.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Warning {
    /// The site.
    pub site: String,
    /// The page kind, or `(none)`.
    pub page_kind: String,
    /// What was checked.
    pub check: Check,
    /// The field, for coverage warnings.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// What is wrong, in words.
    pub message: String,
}

/// The `health` object of `summary.json`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Health {
    /// No warnings.
    pub ok: bool,
    /// This sweep's figures per site and page kind.
    pub kinds: Vec<KindHealth>,
    /// The sweep compared with (the previous complete sweep of the same name).
    pub previous_sweep: Option<String>,
    /// Its figures (empty when there is none, or it predates these figures).
    pub previous: Vec<KindHealth>,
    /// Every warning, in site and kind order.
    pub warnings: Vec<Warning>,
}

impl Health {
    /// Whether the page kind `kind` (`None`: no kind) of `site` has a warning.
    pub fn failed(&self, site: &str, kind: Option<&str>) -> bool {
        let kind = kind.unwrap_or(NO_KIND);
        self.warnings
            .iter()
            .any(|w| w.site == site && w.page_kind == kind)
    }
}

/// Adds up the figures of `pages` per site and page kind (sorted by both).
pub fn figures<'p>(pages: impl IntoIterator<Item = &'p PageRecord>) -> Vec<KindHealth> {
    let mut acc = Figures::default();
    for p in pages {
        acc.add(p);
    }
    acc.finish()
}

/// The figures of a sweep added up one page at a time, so a sweep's pages can stream
/// from the store through it: it holds one entry per site and page kind, never a page.
#[derive(Debug, Default)]
pub struct Figures {
    by: BTreeMap<(String, String), FiguresAcc>,
}

#[derive(Debug)]
struct FiguresAcc {
    h: KindHealth,
    fields: BTreeMap<String, usize>,
}

impl Figures {
    /// Adds one page.
    pub fn add(&mut self, p: &PageRecord) {
        let by = &mut self.by;
        let Some(f) = &p.figures else { return };
        let kind = f.page_kind.clone().unwrap_or_else(|| NO_KIND.to_string());
        let acc = by
            .entry((p.site.clone(), kind.clone()))
            .or_insert_with(|| FiguresAcc {
                h: KindHealth {
                    site: p.site.clone(),
                    page_kind: kind,
                    listings_by_extraction: [ExtractionMethod::Profile, ExtractionMethod::Auto]
                        .iter()
                        .map(|m| (m.as_str().to_string(), 0))
                        .collect(),
                    ..KindHealth::default()
                },
                fields: BTreeMap::new(),
            });
        match p.status {
            PageStatus::Blocked => {
                acc.h.blocked_pages += 1;
                return;
            }
            PageStatus::Ok | PageStatus::NotModified | PageStatus::Empty => {}
            _ => return,
        }
        acc.h.pages += 1;
        acc.h.empty_pages += usize::from(p.status == PageStatus::Empty);
        if f.found > 0 {
            acc.h.pages_with_listings += 1;
            acc.h.listings += f.found;
            if let Some(m) = f.extraction {
                *acc.h
                    .listings_by_extraction
                    .entry(m.as_str().to_string())
                    .or_default() += f.found;
            }
            for (field, n) in &f.fields {
                *acc.fields.entry(field.clone()).or_default() += n;
            }
        }
    }

    /// The figures per site and page kind (sorted by both).
    pub fn finish(self) -> Vec<KindHealth> {
        self.by
            .into_values()
            .map(|mut acc| {
                if acc.h.listings > 0 {
                    acc.h.coverage = FIELD_NAMES
                        .iter()
                        .map(|f| {
                            let n = acc.fields.get(*f).copied().unwrap_or(0);
                            let pct = n as f64 * 100.0 / acc.h.listings as f64;
                            ((*f).to_string(), (pct * 10.0).round() / 10.0)
                        })
                        .collect();
                }
                acc.h
            })
            .collect()
    }
}

/// The health of a sweep: its figures, the previous sweep's, and the warnings.
pub fn assess(
    profiles: &[SiteProfile],
    pages: &[PageRecord],
    previous: Option<(&str, &[PageRecord])>,
) -> Health {
    assess_figures(
        profiles,
        figures(pages),
        previous.map(|(id, p)| (id, figures(p))),
    )
}

/// The health of a sweep of the store: its pages and the previous sweep's stream from
/// the store through [`Figures`], so memory does not grow with the sweep.
pub fn assess_stored(
    profiles: &[SiteProfile],
    store: &dyn crate::store::Store,
    sweep: &str,
    previous: Option<&str>,
) -> anyhow::Result<Health> {
    let previous = match previous {
        Some(id) => Some((id, figures_stored(store, id)?)),
        None => None,
    };
    Ok(assess_figures(
        profiles,
        figures_stored(store, sweep)?,
        previous,
    ))
}

/// The figures of sweep `id`, its pages streamed from the store.
pub fn figures_stored(
    store: &dyn crate::store::Store,
    id: &str,
) -> anyhow::Result<Vec<KindHealth>> {
    let mut acc = Figures::default();
    store.for_each_page(id, &mut |p| {
        acc.add(&p);
        Ok(())
    })?;
    Ok(acc.finish())
}

/// The health of a sweep from its figures and the previous sweep's.
pub fn assess_figures(
    profiles: &[SiteProfile],
    kinds: Vec<KindHealth>,
    previous: Option<(&str, Vec<KindHealth>)>,
) -> Health {
    let previous_sweep = previous.as_ref().map(|(id, _)| id.to_string());
    let prev = previous.map(|(_, k)| k).unwrap_or_default();
    let mut warnings = Vec::new();
    for now in &kinds {
        let before = prev
            .iter()
            .find(|p| p.site == now.site && p.page_kind == now.page_kind);
        let w = |check: Check, field: Option<&str>, what: String| Warning {
            site: now.site.clone(),
            page_kind: now.page_kind.clone(),
            check,
            field: field.map(str::to_string),
            message: format!("{}/{}: {what}", now.site, now.page_kind),
        };
        if let Some(before) = before {
            if before.listings > 0 && now.listings == 0 && now.pages > 0 {
                warnings.push(w(
                    Check::NoListings,
                    None,
                    format!(
                        "yielded {} listings on {} pages in the previous sweep, none on {} pages now",
                        before.listings, before.pages, now.pages
                    ),
                ));
            }
            let profile_before = before.share(ExtractionMethod::Profile);
            let auto_now = now.share(ExtractionMethod::Auto);
            if before.listings > 0 && profile_before >= 0.5 && auto_now > 0.5 {
                warnings.push(w(
                    Check::ProfileBroke,
                    None,
                    format!(
                        "{:.0}% of listings came from the profile in the previous sweep, {:.0}% \
                         come from automatic extraction now: the profile no longer matches the pages",
                        profile_before * 100.0,
                        auto_now * 100.0
                    ),
                ));
            }
            if now.listings > 0 {
                for (field, was) in &before.coverage {
                    let is = now.coverage.get(field).copied().unwrap_or(0.0);
                    if was - is > COVERAGE_DROP_POINTS {
                        warnings.push(w(
                            Check::CoverageDrop,
                            Some(field),
                            format!("coverage of `{field}` fell from {was:.1}% to {is:.1}%"),
                        ));
                    }
                }
            }
        }
        if now.empty_pages > 0 {
            warnings.push(w(
                Check::EmptyPages,
                None,
                format!(
                    "{} of {} pages came back empty (small, and no listings where listings were expected)",
                    now.empty_pages, now.pages
                ),
            ));
        }
        let expect = profiles
            .iter()
            .filter(|p| p.name == now.site)
            .flat_map(|p| p.pages.iter())
            .filter(|r| r.kind == now.page_kind)
            .find_map(|r| r.expect.as_ref());
        if let Some(e) = expect
            && now.pages > 0
        {
            if let Some(min) = e.min_listings {
                let avg = now.listings as f64 / now.pages as f64;
                if avg < f64::from(min) {
                    warnings.push(w(
                        Check::Expectation,
                        None,
                        format!(
                            "{avg:.1} listings per page on average ({} on {} pages); the profile expects at least {min}",
                            now.listings, now.pages
                        ),
                    ));
                }
            }
            if now.listings > 0 {
                for (field, min) in &e.min_coverage {
                    let is = now.coverage.get(field).copied().unwrap_or(0.0);
                    if is < *min {
                        warnings.push(w(
                            Check::Expectation,
                            Some(field),
                            format!(
                                "coverage of `{field}` is {is:.1}%; the profile expects at least {min}%"
                            ),
                        ));
                    }
                }
            }
        }
    }
    Health {
        ok: warnings.is_empty(),
        kinds,
        previous_sweep,
        previous: prev,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::extract::Listing;
    use crate::store::PageFigures;

    fn page(
        kind: &str,
        status: PageStatus,
        method: ExtractionMethod,
        listings: &[Listing],
    ) -> PageRecord {
        PageRecord {
            url: url::Url::parse("https://a.example/x").expect("url"),
            site: "a".into(),
            status,
            http_status: Some(200),
            fetched_at: None,
            depth: 0,
            listings: listings.len(),
            sha256: None,
            detail: None,
            warc_file: None,
            warc_record_id: None,
            figures: Some(PageFigures::from_listings(
                Some(kind.into()),
                true,
                Some(method),
                listings.iter(),
            )),
        }
    }

    fn listing(price: bool) -> Listing {
        Listing {
            title: Some("t".into()),
            price: price.then(|| "US$ 1".to_string()),
            ..Listing::default()
        }
    }

    fn profile(expect: &str) -> SiteProfile {
        SiteProfile::from_toml(
            Path::new("a.toml"),
            &format!(
                "name = \"a\"\nstart_urls = [\"https://a.example/\"]\nhosts = [\"a.example\"]\n\
                 [[page]]\nkind = \"search\"\nurl_pattern = \".\"\nlisting = \".c\"\nfields.title = \"h2\"\n{expect}"
            ),
        )
        .expect("profile")
    }

    #[test]
    fn figures_add_up_per_kind() {
        let full = vec![listing(true), listing(false)];
        let pages = vec![
            page("search", PageStatus::Ok, ExtractionMethod::Profile, &full),
            page("search", PageStatus::Empty, ExtractionMethod::Profile, &[]),
            page(
                "search",
                PageStatus::Blocked,
                ExtractionMethod::Profile,
                &[],
            ),
        ];
        let k = &figures(&pages)[0];
        assert_eq!(
            (
                k.pages,
                k.pages_with_listings,
                k.empty_pages,
                k.blocked_pages
            ),
            (2, 1, 1, 1)
        );
        assert_eq!(k.listings, 2);
        assert_eq!(k.listings_by_extraction["profile"], 2);
        assert_eq!(k.coverage["title"], 100.0);
        assert_eq!(k.coverage["price"], 50.0);
    }

    #[test]
    fn figures_added_one_page_at_a_time_equal_figures_of_the_slice() {
        let full = vec![listing(true), listing(false)];
        let pages = vec![
            page("search", PageStatus::Ok, ExtractionMethod::Profile, &full),
            page(
                "product",
                PageStatus::Ok,
                ExtractionMethod::Auto,
                &full[..1],
            ),
            page("search", PageStatus::Empty, ExtractionMethod::Profile, &[]),
            page("search", PageStatus::Blocked, ExtractionMethod::Auto, &[]),
        ];
        let mut acc = Figures::default();
        for p in pages.iter().rev() {
            acc.add(p);
        }
        let streamed = acc.finish();
        assert_eq!(streamed, figures(&pages));
        assert_eq!(streamed.len(), 2);
        let h = assess_figures(
            &[profile("")],
            streamed.clone(),
            Some(("prev", streamed.clone())),
        );
        assert_eq!(h, assess(&[profile("")], &pages, Some(("prev", &pages))));
    }

    #[test]
    fn an_unchanged_sweep_has_no_warnings() {
        let l = vec![listing(true); 3];
        let pages = vec![page(
            "search",
            PageStatus::Ok,
            ExtractionMethod::Profile,
            &l,
        )];
        let h = assess(&[profile("")], &pages, Some(("prev", &pages)));
        assert!(h.ok, "{:?}", h.warnings);
        assert_eq!(h.previous, h.kinds);
    }

    #[test]
    fn a_coverage_drop_of_more_than_20_points_warns() {
        let before = vec![page(
            "search",
            PageStatus::Ok,
            ExtractionMethod::Profile,
            &[listing(true), listing(true), listing(true), listing(true)],
        )];
        // 100% → 75%: 25 points.
        let now = vec![page(
            "search",
            PageStatus::Ok,
            ExtractionMethod::Profile,
            &[listing(true), listing(true), listing(true), listing(false)],
        )];
        let h = assess(&[profile("")], &now, Some(("prev", &before)));
        assert_eq!(h.warnings.len(), 1, "{:?}", h.warnings);
        assert_eq!(h.warnings[0].check, Check::CoverageDrop);
        assert_eq!(h.warnings[0].field.as_deref(), Some("price"));
        assert!(h.failed("a", Some("search")));
        assert!(!h.failed("a", Some("product")));
        // 100% → 80% is within the tolerance.
        let now = vec![page(
            "search",
            PageStatus::Ok,
            ExtractionMethod::Profile,
            &[
                listing(true),
                listing(true),
                listing(true),
                listing(true),
                listing(false),
            ],
        )];
        assert!(assess(&[profile("")], &now, Some(("prev", &before))).ok);
    }

    #[test]
    fn a_kind_that_stops_yielding_or_falls_back_to_auto_warns() {
        let l = vec![listing(true); 4];
        let before = vec![page(
            "search",
            PageStatus::Ok,
            ExtractionMethod::Profile,
            &l,
        )];
        let none = vec![page(
            "search",
            PageStatus::Ok,
            ExtractionMethod::Profile,
            &[],
        )];
        let h = assess(&[profile("")], &none, Some(("prev", &before)));
        assert_eq!(h.warnings[0].check, Check::NoListings);
        let auto = vec![page("search", PageStatus::Ok, ExtractionMethod::Auto, &l)];
        let h = assess(&[profile("")], &auto, Some(("prev", &before)));
        assert_eq!(h.warnings[0].check, Check::ProfileBroke);
        assert!(h.warnings[0].message.starts_with("a/search: "));
    }

    #[test]
    fn expectations_and_empty_pages_warn_without_a_previous_sweep() {
        let l = vec![listing(true), listing(false)];
        let pages = vec![page(
            "search",
            PageStatus::Ok,
            ExtractionMethod::Profile,
            &l,
        )];
        let h = assess(
            &[profile(
                "expect = { min_listings = 3, min_coverage = { price = 90, title = 100 } }\n",
            )],
            &pages,
            None,
        );
        let checks: Vec<_> = h
            .warnings
            .iter()
            .map(|w| (w.check, w.field.clone()))
            .collect();
        assert_eq!(
            checks,
            vec![
                (Check::Expectation, None),
                (Check::Expectation, Some("price".to_string())),
            ]
        );
        let empty = vec![page(
            "search",
            PageStatus::Empty,
            ExtractionMethod::Profile,
            &[],
        )];
        let h = assess(&[profile("")], &empty, None);
        assert_eq!(h.warnings[0].check, Check::EmptyPages);
    }

    #[test]
    fn small_pages_without_listings_are_empty_and_large_ones_are_not() {
        let small = "<html><head><title>Search</title><style>.x{}</style></head><body>\
                     <h1>No products found for “acme”</h1><script>var big = '<p>x</p>';</script></body></html>";
        assert!(empty_page(small).is_some_and(|n| n < 100));
        let large = format!("<html><body><p>{}</p></body></html>", "word ".repeat(1000));
        assert_eq!(empty_page(&large), None);
        let gone = "<html><body><p>This item is no longer available.</p></body></html>";
        assert_eq!(empty_page(gone), None);
    }
}
