//! Conformance against real directory pages, in two passes.
//!
//! The pages are not in the repository (they belong to the marketplaces); the tests read
//! them from `$GREYSWEEP_REAL_PAGES` and skip, saying so, when it is unset. Every
//! `<site>/<page>.html` has a `<page>.expected.json`; pages are decoded from their raw
//! bytes with `decode_html` (no content type) and run with the page's `base_url`.
//!
//! - **Profiles** (`real_pages`): a folder with a shipped profile `seeds/sites/<site>.toml`
//!   runs it (automatic extraction takes over where its rules find nothing, as in a
//!   sweep); a folder without one runs automatic extraction alone. Required: every block
//!   page blocked with the vendor named and no content page blocked, listing counts
//!   equal, at least 98% of all expected non-null values (listing fields and
//!   `next_page`) matched exactly after whitespace normalisation, and no value where the
//!   expected one is null.
//! - **Automatic only** (`real_pages_auto`): every page through automatic extraction with
//!   no profile rules; prints field accuracy and listing-count accuracy per site, and for
//!   the held-out pages (never looked at while the finders were developed) separately.
//!   Required over the whole set: at least 80% of expected values matched and listing
//!   counts right on at least 80% of pages.
//!   `GREYSWEEP_AUTO_SPLIT=dev|holdout` restricts the pass to one part.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use greysweep::decode::decode_html;
use greysweep::extract::{
    Explanation, Extraction, ExtractionMethod, Listing, SiteProfile, extract_auto,
};
use serde_json::Value;
use url::Url;

/// The fields scored: the columns of `greysweep extract --format csv`. A field an
/// expected file does not mention (`seller_id`, added after the files were written) is
/// not scored for that listing: neither expected nor invented.
const FIELDS: &[&str] = greysweep::output::EXTRACT_CSV_COLUMNS;

/// Pages held out from the development of automatic extraction: its finders were written
/// and tuned without looking at these, so their score says how it does on unseen pages.
const HELD_OUT: &[&str] = &[
    "amazon/amazon_in_search_gaming-laptop.html",
    "amazon/amazon_pdp_slowplay-poker-chips_B0823MDHDJ.html",
    "lazada/lazada_ph_search_diapers-watson_2024-02.html",
    "jd/jd_search_shouji_2024-05.html",
    "made-in-china/mic_image_search_results_flags_2026-07.html",
    "indiamart/indiamart_search4mp_redmi-note-5-pro_2025-06.html",
    "aliexpress/aliexpress_image_search_us_2026-07.html",
    "taobao/taobao_item_raw_gbk_ffan-down-coat_561495525977_2018-01.html",
    "dhgate/dhgate_pdp_utf16le_mojibake_ie_guasha_1087570533.html",
];

#[derive(Default, Clone)]
struct Score {
    pages: usize,
    count_right: usize,
    matched: usize,
    expected: usize,
    invented: usize,
}

impl Score {
    fn add(&mut self, o: &Score) {
        self.pages += o.pages;
        self.count_right += o.count_right;
        self.matched += o.matched;
        self.expected += o.expected;
        self.invented += o.invented;
    }
    fn pct(&self) -> f64 {
        100.0 * self.matched as f64 / self.expected.max(1) as f64
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn field(l: &Listing, f: &str) -> Option<String> {
    l.get(f).map(norm).filter(|s| !s.is_empty())
}

/// One saved page and what it should give.
struct Page {
    site: String,
    /// `<site>/<file>`.
    name: String,
    text: String,
    base: Url,
    expected: Value,
}

fn load_pages() -> Option<Vec<Page>> {
    let root = PathBuf::from(std::env::var_os("GREYSWEEP_REAL_PAGES")?);
    let mut paths = Vec::new();
    for site in std::fs::read_dir(&root)
        .expect("real pages folder")
        .flatten()
    {
        let Ok(files) = std::fs::read_dir(site.path()) else {
            continue;
        };
        for f in files.flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "html") {
                paths.push((site.file_name().to_string_lossy().into_owned(), p));
            }
        }
    }
    paths.sort();
    assert!(!paths.is_empty(), "no pages under {}", root.display());
    let pages = paths
        .into_iter()
        .map(|(site, html_path)| {
            let expected_path = html_path.with_extension("expected.json");
            let expected: Value = serde_json::from_slice(
                &std::fs::read(&expected_path).expect("expected JSON readable"),
            )
            .expect("expected JSON parses");
            let file = html_path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let base = Url::parse(expected["base_url"].as_str().expect("base_url")).expect("URL");
            let bytes = std::fs::read(&html_path).expect("page readable");
            let text = decode_html(&bytes, None, None).text.into_owned();
            Page {
                name: format!("{site}/{file}"),
                site,
                text,
                base,
                expected,
            }
        })
        .collect();
    Some(pages)
}

/// Scores one page's extraction against its expected file; mismatches go to `misses`.
fn score_page(page: &Page, got: &Extraction, misses: &mut Vec<String>) -> Score {
    let mut score = Score {
        pages: 1,
        ..Score::default()
    };
    let want: Vec<&Value> = page.expected["listings"]
        .as_array()
        .map(|a| a.iter().collect())
        .unwrap_or_default();
    if got.listings.len() == want.len() {
        score.count_right = 1;
    } else {
        misses.push(format!(
            "  {} listings (want {})",
            got.listings.len(),
            want.len()
        ));
    }
    for (i, w) in want.iter().enumerate() {
        let g = got.listings.get(i);
        for f in FIELDS {
            if w.get(*f).is_none() {
                continue;
            }
            let wv = w[*f].as_str().map(norm).filter(|s| !s.is_empty());
            let gv = g.and_then(|l| field(l, f));
            match (&wv, &gv) {
                (Some(a), Some(b)) if a == b => {
                    score.expected += 1;
                    score.matched += 1;
                }
                (Some(_), _) => {
                    score.expected += 1;
                    misses.push(format!("  #{i} {f}: got {gv:?}, want {wv:?}"));
                }
                (None, Some(_)) => {
                    score.invented += 1;
                    misses.push(format!("  #{i} {f}: INVENTED {gv:?}"));
                }
                (None, None) => {}
            }
        }
    }
    let want_next = page.expected["next_page"].as_str().map(str::to_string);
    let got_next = got.next_page.as_ref().map(|u| u.to_string());
    match (&want_next, &got_next) {
        (Some(a), Some(b)) if a == b => {
            score.expected += 1;
            score.matched += 1;
        }
        (Some(_), _) => {
            score.expected += 1;
            misses.push(format!("  next_page: got {got_next:?}, want {want_next:?}"));
        }
        (None, Some(_)) => {
            score.invented += 1;
            misses.push(format!("  next_page: INVENTED {got_next:?}"));
        }
        (None, None) => {}
    }
    score
}

/// Checks the block verdict; returns a failure line when it is wrong.
fn check_block(page: &Page, got: &Extraction, why: &Explanation) -> Option<String> {
    let want = page.expected["blocked"].as_bool().unwrap_or(false);
    if got.blocked != want {
        return Some(format!(
            "{}: blocked {} (want {want})",
            page.name, got.blocked
        ));
    }
    if want {
        // The reason names the vendor: `perimeterx: element #px-captcha`.
        let vendor = got.block.as_ref().map(|b| b.vendor.as_str());
        if vendor.is_none_or(|v| v.is_empty() || v == "generic")
            || why.blocked_by.as_deref().is_none_or(str::is_empty)
        {
            return Some(format!(
                "{}: blocked without its vendor named ({:?})",
                page.name, why.blocked_by
            ));
        }
    }
    None
}

fn print_table(title: &str, scores: &BTreeMap<String, Score>) -> Score {
    println!("{title}");
    println!("site            pages  counts right  matched/expected  invented   fields");
    let mut total = Score::default();
    for (site, s) in scores {
        println!(
            "{site:<15} {:>5}  {:>5}/{:<6}  {:>7}/{:<8}  {:>8}   {:.1}%",
            s.pages,
            s.count_right,
            s.pages,
            s.matched,
            s.expected,
            s.invented,
            s.pct()
        );
        total.add(s);
    }
    println!(
        "overall         {:>5}  {:>5}/{:<6}  {:>7}/{:<8}  {:>8}   {:.1}%",
        total.pages,
        total.count_right,
        total.pages,
        total.matched,
        total.expected,
        total.invented,
        total.pct()
    );
    total
}

fn print_misses(name: &str, misses: &[String]) {
    if !misses.is_empty() {
        println!("{name}: {} mismatches", misses.len());
        for m in misses.iter().take(12) {
            println!("{m}");
        }
    }
}

#[test]
fn real_pages() {
    let Some(pages) = load_pages() else {
        println!("real_pages: skipped (GREYSWEEP_REAL_PAGES is not set)");
        return;
    };
    let sites_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/sites");
    let mut profiles: BTreeMap<String, Option<SiteProfile>> = BTreeMap::new();
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut failures = Vec::new();
    for page in &pages {
        let profile = profiles.entry(page.site.clone()).or_insert_with(|| {
            let path = sites_dir.join(format!("{}.toml", page.site));
            path.exists().then(|| {
                SiteProfile::load(&path).unwrap_or_else(|e| panic!("profile {}: {e}", page.site))
            })
        });
        let profile = &*profile;
        let run = |text: &str| match profile {
            Some(p) => p.extract_explained(&page.base, text),
            None => extract_auto(&page.base, text),
        };
        let (got, why) = run(&page.text);
        // A cut-off page gives fewer fields, never a panic.
        for cut in [
            page.text.len() / 3,
            page.text.len() / 2,
            page.text.len() * 9 / 10,
        ] {
            let mut at = cut;
            while !page.text.is_char_boundary(at) {
                at -= 1;
            }
            let (partial, _) = run(&page.text[..at]);
            // A profile reads no more from a part than from the whole; automatic
            // extraction may read what the part shows once the profile's list is cut off.
            assert!(
                partial.extraction != Some(ExtractionMethod::Profile)
                    || partial.listings.len() <= got.listings.len().max(1) * 2,
                "{}: cut at {at} bytes gives {} listings, the whole page {}",
                page.name,
                partial.listings.len(),
                got.listings.len()
            );
        }
        failures.extend(check_block(page, &got, &why));
        let mut misses = Vec::new();
        let s = score_page(page, &got, &mut misses);
        if s.count_right == 0 {
            failures.push(format!(
                "{}: {} listings (want {})",
                page.name,
                got.listings.len(),
                page.expected["listing_count"]
            ));
        }
        print_misses(&page.name, &misses);
        scores.entry(page.site.clone()).or_default().add(&s);
    }
    let total = print_table(
        "profiles (automatic extraction where no profile exists)",
        &scores,
    );
    if total.invented > 0 {
        failures.push(format!(
            "{} values invented where null was expected",
            total.invented
        ));
    }
    if total.pct() < 98.0 {
        failures.push(format!(
            "only {:.1}% of expected values matched (need 98%)",
            total.pct()
        ));
    }
    assert!(
        failures.is_empty(),
        "conformance failures:\n{}",
        failures.join("\n")
    );
}

#[test]
fn real_pages_auto() {
    let Some(pages) = load_pages() else {
        println!("real_pages_auto: skipped (GREYSWEEP_REAL_PAGES is not set)");
        return;
    };
    let split = std::env::var("GREYSWEEP_AUTO_SPLIT").unwrap_or_default();
    let mut dev: BTreeMap<String, Score> = BTreeMap::new();
    let mut held: BTreeMap<String, Score> = BTreeMap::new();
    let mut all: BTreeMap<String, Score> = BTreeMap::new();
    let mut block_failures = Vec::new();
    for page in &pages {
        let is_held = HELD_OUT.contains(&page.name.as_str());
        match split.as_str() {
            "dev" if is_held => continue,
            "holdout" if !is_held => continue,
            _ => {}
        }
        let (got, why) = extract_auto(&page.base, &page.text);
        block_failures.extend(check_block(page, &got, &why));
        let mut misses = Vec::new();
        let s = score_page(page, &got, &mut misses);
        print_misses(&page.name, &misses);
        let part = if is_held { &mut held } else { &mut dev };
        part.entry(page.site.clone()).or_default().add(&s);
        all.entry(page.site.clone()).or_default().add(&s);
    }
    if split != "holdout" {
        print_table("automatic only: development pages", &dev);
    }
    if split != "dev" {
        print_table("automatic only: held-out pages", &held);
    }
    let total = print_table("automatic only: all pages", &all);
    println!(
        "automatic only: {:.1}% of fields, listing counts right on {:.1}% of pages",
        total.pct(),
        100.0 * total.count_right as f64 / total.pages.max(1) as f64
    );
    assert!(
        block_failures.is_empty(),
        "block verdicts without a profile:\n{}",
        block_failures.join("\n")
    );
    // The goal, held over the whole set (a split measures a part only).
    if split.is_empty() {
        let counts = 100.0 * total.count_right as f64 / total.pages.max(1) as f64;
        assert!(
            total.pct() >= 80.0 && counts >= 80.0,
            "automatic only: {:.1}% of fields (need 80%), counts right on {counts:.1}% of pages (need 80%)",
            total.pct()
        );
    }
}

/// `profile suggest` on every search/list page: the suggestion compiles (what `check`
/// runs) and, run as a profile, finds at least 90% of the page's listings — a listing
/// counts when its title or its product URL is one the expected file lists.
#[test]
fn real_pages_suggest() {
    let Some(pages) = load_pages() else {
        println!("real_pages_suggest: skipped (GREYSWEEP_REAL_PAGES is not set)");
        return;
    };
    let mut failures = Vec::new();
    let mut n = 0;
    for page in &pages {
        let kind = page.expected["kind"].as_str().unwrap_or_default();
        let want: Vec<&Value> = page.expected["listings"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        if !matches!(kind, "search" | "store" | "supplier") || want.len() < 2 {
            continue;
        }
        n += 1;
        let suggestion = match greysweep::extract::auto::suggest_profile(&[(
            page.base.clone(),
            page.text.clone(),
        )]) {
            Ok(s) => s,
            Err(e) => {
                failures.push(format!("{}: {e}", page.name));
                continue;
            }
        };
        let profile = match SiteProfile::from_toml(Path::new("suggested.toml"), &suggestion.toml) {
            Ok(p) => p,
            Err(e) => {
                failures.push(format!("{}: suggestion does not compile: {e}", page.name));
                continue;
            }
        };
        let got = profile.extract(&page.base, &page.text);
        let norm_of = |v: &Value, f: &str| v[f].as_str().map(norm);
        let matched = got
            .listings
            .iter()
            .filter(|l| {
                want.iter().any(|w| {
                    (norm_of(w, "title").is_some() && norm_of(w, "title") == field(l, "title"))
                        || (norm_of(w, "product_url").is_some()
                            && norm_of(w, "product_url") == field(l, "product_url"))
                })
            })
            .count();
        let share = matched as f64 / want.len() as f64;
        println!(
            "suggest {:<75} {:>3}/{:<3} listings ({} extracted) via {}",
            page.name,
            matched,
            want.len(),
            got.listings.len(),
            suggestion
                .pages
                .first()
                .map(|p| p.method.as_str())
                .unwrap_or_default()
        );
        if share < 0.9 {
            failures.push(format!(
                "{}: the suggested profile finds {matched} of {} listings",
                page.name,
                want.len()
            ));
        }
    }
    println!(
        "suggest: {} of {n} list pages at >= 90%",
        n - failures.len()
    );
    assert!(
        failures.is_empty(),
        "profile suggest:\n{}",
        failures.join("\n")
    );
}

/// Every shipped profile compiles (this needs no real pages).
#[test]
fn shipped_profiles_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/sites");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).expect("seeds/sites").flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "toml") {
            continue;
        }
        let p = SiteProfile::load(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        assert_eq!(
            Some(p.name.clone()),
            stem,
            "a profile is named after its file"
        );
        assert!(!p.pages.is_empty(), "{} has page rules", p.name);
        n += 1;
    }
    assert!(n >= 8, "the seven directories and the demo ship profiles");
}
