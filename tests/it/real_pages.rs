//! Conformance of the shipped site profiles against real directory pages.
//!
//! The pages are not in the repository (they belong to the marketplaces); the test reads
//! them from `$GREYSWEEP_REAL_PAGES` and skips, saying so, when it is unset. For every
//! `<site>/<page>.html` with its `<page>.expected.json`, it runs `seeds/sites/<site>.toml`
//! with the page's `base_url`, decoding the raw bytes with `decode_html` (no content type),
//! and requires: block pages detected, listing counts equal, at least 95% of all expected
//! non-null values (listing fields and `next_page`) matched exactly after whitespace
//! normalisation, and no value where the expected one is null.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use greysweep::decode::decode_html;
use greysweep::extract::{Listing, SiteProfile};
use serde_json::Value;
use url::Url;

/// The eight fields of the expected files: the columns of `greysweep extract --format csv`.
const FIELDS: &[&str] = greysweep::output::EXTRACT_CSV_COLUMNS;

#[derive(Default)]
struct Score {
    pages: usize,
    matched: usize,
    expected: usize,
    invented: usize,
}

fn norm(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn field(l: &Listing, f: &str) -> Option<String> {
    l.get(f).map(norm).filter(|s| !s.is_empty())
}

fn pages(root: &Path) -> Vec<(String, PathBuf)> {
    let mut out = Vec::new();
    let Ok(sites) = std::fs::read_dir(root) else {
        return out;
    };
    for site in sites.flatten() {
        let Ok(files) = std::fs::read_dir(site.path()) else {
            continue;
        };
        for f in files.flatten() {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "html") {
                out.push((site.file_name().to_string_lossy().into_owned(), p));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn real_pages() {
    let Some(root) = std::env::var_os("GREYSWEEP_REAL_PAGES") else {
        println!("real_pages: skipped (GREYSWEEP_REAL_PAGES is not set)");
        return;
    };
    let root = PathBuf::from(root);
    let all = pages(&root);
    assert!(!all.is_empty(), "no pages under {}", root.display());
    let sites_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/sites");
    let mut scores: BTreeMap<String, Score> = BTreeMap::new();
    let mut failures = Vec::new();
    for (site, html_path) in &all {
        let expected_path = html_path.with_extension("expected.json");
        let expected: Value =
            serde_json::from_slice(&std::fs::read(&expected_path).expect("expected JSON readable"))
                .expect("expected JSON parses");
        let name = html_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned());
        let name = name.unwrap_or_default();
        let profile = SiteProfile::load(&sites_dir.join(format!("{site}.toml")))
            .unwrap_or_else(|e| panic!("profile for {site}: {e}"));
        let base = Url::parse(expected["base_url"].as_str().expect("base_url")).expect("URL");
        let bytes = std::fs::read(html_path).expect("page readable");
        let page = decode_html(&bytes, None, None);
        let got = profile.extract(&base, &page.text);
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
            let partial = profile.extract(&base, &page.text[..at]);
            assert!(partial.listings.len() <= got.listings.len().max(1) * 2);
        }
        let score = scores.entry(site.clone()).or_default();
        score.pages += 1;

        let want_blocked = expected["blocked"].as_bool().unwrap_or(false);
        if got.blocked != want_blocked {
            failures.push(format!(
                "{name}: blocked {} (want {want_blocked})",
                got.blocked
            ));
        }
        let want: Vec<&Value> = expected["listings"]
            .as_array()
            .map(|a| a.iter().collect())
            .unwrap_or_default();
        if got.listings.len() != want.len() {
            failures.push(format!(
                "{name}: {} listings (want {})",
                got.listings.len(),
                want.len()
            ));
        }
        let mut misses = Vec::new();
        for (i, w) in want.iter().enumerate() {
            let g = got.listings.get(i);
            for f in FIELDS {
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
        let want_next = expected["next_page"].as_str().map(str::to_string);
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
        if !misses.is_empty() {
            println!("{name}: {} mismatches", misses.len());
            for m in misses.iter().take(12) {
                println!("{m}");
            }
        }
    }
    let mut total = Score::default();
    println!("site            pages  matched/expected  invented");
    for (site, s) in &scores {
        println!(
            "{site:<15} {:>5}  {:>7}/{:<8}  {:>8}   {:.1}%",
            s.pages,
            s.matched,
            s.expected,
            s.invented,
            100.0 * s.matched as f64 / s.expected.max(1) as f64
        );
        total.pages += s.pages;
        total.matched += s.matched;
        total.expected += s.expected;
        total.invented += s.invented;
    }
    let pct = 100.0 * total.matched as f64 / total.expected.max(1) as f64;
    println!(
        "overall         {:>5}  {:>7}/{:<8}  {:>8}   {pct:.1}%",
        total.pages, total.matched, total.expected, total.invented
    );
    if total.invented > 0 {
        failures.push(format!(
            "{} values invented where null was expected",
            total.invented
        ));
    }
    if pct < 95.0 {
        failures.push(format!(
            "only {pct:.1}% of expected values matched (need 95%)"
        ));
    }
    assert!(
        failures.is_empty(),
        "conformance failures:\n{}",
        failures.join("\n")
    );
}

/// Every shipped profile compiles (this needs no real pages).
#[test]
fn shipped_profiles_compile() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/sites");
    let mut n = 0;
    for site in [
        "alibaba",
        "made-in-china",
        "1688",
        "dhgate",
        "indiamart",
        "aliexpress",
        "taobao",
    ] {
        let p = SiteProfile::load(&dir.join(format!("{site}.toml")))
            .unwrap_or_else(|e| panic!("{site}: {e}"));
        assert_eq!(p.name, site);
        assert!(!p.pages.is_empty(), "{site} has page rules");
        n += 1;
    }
    assert_eq!(n, 7);
}
