//! Extraction health: a directory redesigned between two sweeps must not pass for a
//! week of successful takedowns. Figures per site and page kind are compared with the
//! previous sweep; a kind that breaks warns (terminal, JSON log, summary.json, report),
//! `--exit-code` exits 5, and findings on pages that could not be read are unverified,
//! never resolved. Also: `empty` pages, coverage drops and profile expectations.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use crate::harness::{Fixture, Reply, Sweep, read_csv};

/// The mock directory's profile, written for markup A.
const PROFILE: &str = r#"
[[page]]
kind = "search"
url_pattern = "^/search"
listing = "div.result-card"
follow_fields = ["product_url"]
[page.fields]
title = { css = "h3.card-title" }
product_url = { css = "a.card-link", attr = "href" }
price = { css = "span.card-price" }
seller_name = { css = "span.card-seller" }

[[page]]
kind = "product"
url_pattern = "^/p/"
[page.fields]
title = { css = "h1.pd-title" }
price = { css = "span.pd-price" }
seller_name = { css = "a.pd-seller" }
"#;

const PRODUCTS: u32 = 12;

/// Odd products use the registry's brand (and are flagged), even ones do not.
fn title(n: u32) -> String {
    if n % 2 == 1 {
        format!("Acme rocket skates model {n}")
    } else {
        format!("Plain roller skates model {n}")
    }
}

fn seller(n: u32) -> String {
    format!("Wile Trading {}", n % 3)
}

/// Text long enough that a page carrying it is never `empty`.
fn prose() -> String {
    "These skates are shipped from our factory with a one year warranty and the usual \
     certificates; ask the seller for samples, custom colours and bulk discounts. "
        .repeat(20)
}

/// The search page: markup A (what the profile reads) or B (after the redesign: new
/// class names and structure, the same listings as ordinary repeated records).
fn search(markup_b: bool) -> String {
    let mut s = String::from("<html><head><title>Search: skates</title></head><body>");
    if markup_b {
        s.push_str("<main class=\"sx-results\">");
        for n in 1..=PRODUCTS {
            s.push_str(&format!(
                "<div class=\"sx-tile\"><a class=\"sx-go\" href=\"/p/{n}\"><h2 class=\"sx-name\">{}</h2></a>\
                 <span class=\"sx-amount\">US$ {n}.50</span><div class=\"sx-vendor\">{}</div></div>",
                title(n),
                seller(n)
            ));
        }
        s.push_str("</main>");
    } else {
        s.push_str("<section id=\"results\">");
        for n in 1..=PRODUCTS {
            s.push_str(&format!(
                "<div class=\"result-card\"><a class=\"card-link\" href=\"/p/{n}\"><h3 class=\"card-title\">{}</h3></a>\
                 <span class=\"card-price\">US$ {n}.50</span><span class=\"card-seller\">{}</span></div>",
                title(n),
                seller(n)
            ));
        }
        s.push_str("</section>");
    }
    s.push_str("</body></html>");
    s
}

/// A product page: markup A, or B, which carries the product in no structured form (no
/// JSON-LD, no microdata, no repeated records) — automatic extraction finds nothing.
fn product(n: u32, markup_b: bool) -> String {
    if markup_b {
        format!(
            "<html><head><title>Product</title></head><body><div class=\"pdp-v2\">\
             <p>{} — full specification. Sold by {}.</p><p>{}</p></div></body></html>",
            title(n),
            seller(n),
            prose()
        )
    } else {
        format!(
            "<html><head><title>{t}</title></head><body><h1 class=\"pd-title\">{t} — full specification</h1>\
             <span class=\"pd-price\">US$ {n}.50</span><a class=\"pd-seller\" href=\"/s/{n}\">{s}</a>\
             <p>{p}</p></body></html>",
            t = title(n),
            s = seller(n),
            p = prose()
        )
    }
}

fn serve(f: &Fixture, markup_b: bool) {
    f.page("/search?q=skates", &search(markup_b));
    for n in 1..=PRODUCTS {
        f.page(&format!("/p/{n}"), &product(n, markup_b));
    }
}

fn greysweep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_greysweep"))
}

/// Runs `greysweep sweep --exit-code --log-format json` on `file`; returns the output and
/// the sweep folder (from the `sweep_done` event).
fn sweep_bin(file: &Path, out: &Path) -> (Output, PathBuf) {
    let output = greysweep()
        .args(["sweep", "--exit-code", "--log-format", "json", "--out"])
        .arg(out)
        .arg(file)
        .output()
        .expect("run greysweep");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let dir = stderr
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|v| v["event"] == "sweep_done")
        .and_then(|v| v["dir"].as_str().map(PathBuf::from))
        .unwrap_or_else(|| panic!("no sweep_done event in:\n{stderr}"));
    (output, dir)
}

fn json_events(output: &Output, event: &str) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|v| v["event"] == event)
        .collect()
}

fn summary(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("summary.json")).expect("summary.json"))
        .expect("json")
}

fn warnings(s: &serde_json::Value) -> Vec<(String, String, String)> {
    s["health"]["warnings"]
        .as_array()
        .expect("health.warnings")
        .iter()
        .map(|w| {
            (
                w["site"].as_str().unwrap_or("").to_string(),
                w["page_kind"].as_str().unwrap_or("").to_string(),
                w["check"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn kind<'a>(s: &'a serde_json::Value, key: &str, page_kind: &str) -> &'a serde_json::Value {
    s["health"][key]
        .as_array()
        .expect("health figures")
        .iter()
        .find(|k| k["page_kind"] == page_kind)
        .unwrap_or_else(|| panic!("no {page_kind} in health.{key}: {}", s["health"]))
}

// The binary talks to a fixture served by this runtime: it needs its own threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_redesigned_directory_warns_exits_5_and_leaves_its_findings_unverified() {
    let f = Fixture::start().await;
    serve(&f, false);
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let file = Sweep::new()
        .in_dir(dir.path())
        .start(&f, "/search?q=skates")
        .pages(PROFILE)
        .write();

    // Week 1, markup A: everything comes from the profile; new findings, healthy.
    let (first, first_dir) = sweep_bin(&file, &out);
    assert_eq!(
        first.status.code(),
        Some(4),
        "{}",
        String::from_utf8_lossy(&first.stderr)
    );
    let s1 = summary(&first_dir);
    assert_eq!(warnings(&s1), vec![], "{}", s1["health"]);
    assert_eq!(kind(&s1, "kinds", "search")["listings"], PRODUCTS);
    assert_eq!(kind(&s1, "kinds", "product")["listings"], PRODUCTS);
    assert_eq!(
        kind(&s1, "kinds", "search")["listings_by_extraction"]["profile"],
        PRODUCTS
    );
    let listings1 = read_csv(&first_dir.join("listings.csv"));
    assert!(listings1.iter().all(|r| r["extraction"] == "profile"));
    // 6 flagged on the search page, 6 on product pages.
    assert_eq!(s1["findings"], 12);

    // Week 2: the directory is redesigned (same URLs, same listings, new markup).
    serve(&f, true);
    let (second, second_dir) = sweep_bin(&file, &out);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(5), "{stderr}");
    let s2 = summary(&second_dir);
    assert_eq!(s2["previous_sweep"], s1["sweep_id"]);
    assert_eq!(s2["health"]["ok"], false);
    assert_eq!(s2["health"]["previous_sweep"], s1["sweep_id"]);
    assert_eq!(kind(&s2, "previous", "search")["listings"], PRODUCTS);
    let w = warnings(&s2);
    assert!(
        w.iter()
            .any(|(site, k, _)| site == "fixture" && k == "search"),
        "{w:?}"
    );
    // The JSON log carries one `health` event per warning.
    let events = json_events(&second, "health");
    assert_eq!(events.len(), w.len(), "{stderr}");
    assert!(
        events
            .iter()
            .any(|e| e["site"] == "fixture" && e["page_kind"] == "search"),
        "{stderr}"
    );
    let report = std::fs::read_to_string(second_dir.join("report.html")).expect("report");
    assert!(report.contains("<section id=\"health\">"));
    assert!(report.contains("fixture/search: "));

    // Nothing was resolved: the pages were not read healthily.
    let resolved = read_csv(&second_dir.join("resolved.csv"));
    assert_eq!(resolved.len(), 0, "{resolved:?}");
    assert_eq!(s2["resolved_findings"], 0);
    // The product pages broke beyond automatic extraction: their findings are unverified.
    let unverified = read_csv(&second_dir.join("unverified.csv"));
    assert!(unverified.iter().all(|r| r["status"] == "unverified"));
    let product_findings: Vec<&HashMap<String, String>> = unverified
        .iter()
        .filter(|r| r["page_url"].contains("/p/"))
        .collect();
    assert_eq!(product_findings.len(), 6, "{unverified:?}");
    assert!(
        product_findings
            .iter()
            .all(|r| r["extraction"] == "profile")
    );
    assert_eq!(s2["unverified_findings"], unverified.len());
    assert!(report.contains("<section id=\"unverified\">"));
    let manifest = std::fs::read_to_string(second_dir.join("manifest.json")).expect("manifest");
    assert!(manifest.contains("\"unverified.csv\""));

    // The redesigned search page's listings are still delivered, by automatic extraction
    // (the DOM record finder reads markup B's repeated cards).
    let listings2 = read_csv(&second_dir.join("listings.csv"));
    let from_search: Vec<&HashMap<String, String>> = listings2
        .iter()
        .filter(|r| r["page_url"].contains("/search"))
        .collect();
    assert_eq!(
        from_search.len(),
        PRODUCTS as usize,
        "markup B's cards must be read by automatic extraction: {listings2:?}"
    );
    assert!(from_search.iter().all(|r| r["extraction"] == "auto"));
    assert!(
        w.iter()
            .any(|(_, k, check)| k == "search" && check == "profile_broke"),
        "{w:?}"
    );
    assert!(
        w.iter()
            .any(|(_, k, check)| k == "product" && check == "no_listings"),
        "{w:?}"
    );
}

// The binary talks to a fixture served by this runtime: it needs its own threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unchanged_second_sweep_is_healthy_and_exits_0() {
    let f = Fixture::start().await;
    serve(&f, false);
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let file = Sweep::new()
        .in_dir(dir.path())
        .start(&f, "/search?q=skates")
        .pages(PROFILE)
        .write();
    let (first, _) = sweep_bin(&file, &out);
    assert_eq!(first.status.code(), Some(4), "new findings");
    let (second, second_dir) = sweep_bin(&file, &out);
    assert_eq!(
        second.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&second.stderr)
    );
    assert!(json_events(&second, "health").is_empty());
    let s = summary(&second_dir);
    assert_eq!(s["health"]["ok"], true);
    assert_eq!(warnings(&s), vec![]);
    assert_eq!(s["health"]["kinds"], s["health"]["previous"]);
    assert_eq!(s["unverified_findings"], 0);
    assert_eq!(s["resolved_findings"], 0);
    assert_eq!(s["new_findings"], 0);
    assert_eq!(s["pages_by_status"]["empty"], 0);
}

#[tokio::test]
async fn a_small_page_without_listings_is_empty_counts_as_an_error_and_does_not_back_off() {
    let f = Fixture::start().await;
    let mut start = search(false);
    start = start.replace(
        "</body>",
        "<a class=\"more\" href=\"/search?q=nothing\">more</a></body>",
    );
    f.page("/search?q=skates", &start);
    f.page(
        "/search?q=nothing",
        "<html><head><title>Search</title></head><body><h1>No products found for “nothing”</h1></body></html>",
    );
    let profile = PROFILE.replace("follow_fields = [\"product_url\"]", "follow = [\"a.more\"]");
    let swept = Sweep::new()
        .start(&f, "/search?q=skates")
        .pages(&profile)
        .crawler("pause_after_failures", "1")
        .run()
        .await;
    assert_eq!(swept.status_count("empty"), 1);
    assert_eq!(swept.status_count("ok"), 1);
    assert_eq!(swept.summary["errors"], 1);
    assert_eq!(
        swept.summary["host_pauses"].as_array().map(Vec::len),
        Some(0)
    );
    let w = warnings(&swept.summary);
    assert_eq!(
        w,
        vec![("fixture".into(), "search".into(), "empty_pages".into())]
    );
    assert_eq!(kind(&swept.summary, "kinds", "search")["empty_pages"], 1);
    // A large page that yields nothing is `ok`: the comparison between sweeps catches it.
    let f = Fixture::start().await;
    f.page(
        "/search?q=skates",
        &format!("<html><body><p>{}</p></body></html>", prose()),
    );
    let swept = Sweep::new()
        .start(&f, "/search?q=skates")
        .pages(PROFILE)
        .run()
        .await;
    assert_eq!(swept.status_count("ok"), 1);
    assert_eq!(swept.status_count("empty"), 0);
}

#[tokio::test]
async fn a_field_coverage_drop_of_more_than_20_points_warns() {
    let f = Fixture::start().await;
    serve(&f, false);
    let dir = tempfile::tempdir().expect("tempdir");
    let run = || {
        Sweep::new()
            .in_dir(dir.path())
            .start(&f, "/search?q=skates")
            .pages(PROFILE)
            .run()
    };
    let first = run().await;
    assert_eq!(warnings(&first.summary), vec![]);
    assert_eq!(
        kind(&first.summary, "kinds", "search")["coverage"]["price"],
        100.0
    );
    // Half the cards lose their price.
    let page = search(false);
    let mut cut = String::new();
    for (i, part) in page.split("<span class=\"card-price\">").enumerate() {
        if i == 0 {
            cut.push_str(part);
        } else if i % 2 == 0 {
            cut.push_str("<span class=\"card-price\">");
            cut.push_str(part);
        } else {
            cut.push_str("<span class=\"gone\">");
            cut.push_str(part);
        }
    }
    f.page("/search?q=skates", &cut);
    let second = run().await;
    assert_eq!(
        kind(&second.summary, "kinds", "search")["coverage"]["price"],
        50.0
    );
    let w = &second.summary["health"]["warnings"];
    assert_eq!(w.as_array().map(Vec::len), Some(1), "{w}");
    assert_eq!(w[0]["check"], "coverage_drop");
    assert_eq!(w[0]["field"], "price");
    assert_eq!(w[0]["page_kind"], "search");
    assert!(
        w[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("100.0% to 50.0%")),
        "{w}"
    );
}

#[tokio::test]
async fn a_failed_profile_expectation_warns() {
    let f = Fixture::start().await;
    serve(&f, false);
    let profile = PROFILE.replace(
        "follow_fields = [\"product_url\"]",
        "follow_fields = [\"product_url\"]\nexpect = { min_listings = 20, min_coverage = { price = 90, location = 50 } }",
    );
    let swept = Sweep::new()
        .start(&f, "/search?q=skates")
        .pages(&profile)
        .run()
        .await;
    let w = &swept.summary["health"]["warnings"];
    let got: Vec<(String, String)> = w
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| {
            (
                w["check"].as_str().unwrap_or("").to_string(),
                w["field"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("expectation".to_string(), String::new()),
            ("expectation".to_string(), "location".to_string()),
        ],
        "{w}"
    );
    assert!(
        w[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("12.0 listings per page"))
    );
    // The same expectation met: no warning.
    let met = PROFILE.replace(
        "follow_fields = [\"product_url\"]",
        "follow_fields = [\"product_url\"]\nexpect = { min_listings = 12, min_coverage = { price = 100 } }",
    );
    let f2 = Fixture::start().await;
    serve(&f2, false);
    let swept = Sweep::new()
        .start(&f2, "/search?q=skates")
        .pages(&met)
        .run()
        .await;
    assert_eq!(
        swept.summary["health"]["ok"], true,
        "{}",
        swept.summary["health"]
    );
}

/// A page that answers 404 is a takedown, whatever the health of other kinds: its
/// findings resolve. One that is blocked is unverified.
#[tokio::test]
async fn findings_resolve_only_where_the_page_was_read() {
    let f = Fixture::start().await;
    serve(&f, false);
    let dir = tempfile::tempdir().expect("tempdir");
    let run = || {
        Sweep::new()
            .in_dir(dir.path())
            .start(&f, "/search?q=skates")
            .pages(PROFILE)
            .run()
    };
    run().await;
    f.remove("/p/1");
    f.route(
        "/p/3",
        Reply::html(
            "<html><title>Security check</title><body>Please solve the CAPTCHA</body></html>",
        ),
    );
    let second = run().await;
    let resolved = read_csv(&second.outcome.files.resolved);
    let unverified = read_csv(&second.outcome.files.unverified);
    let pages = |rows: &[HashMap<String, String>]| {
        let mut v: Vec<String> = rows
            .iter()
            .map(|r| r["page_url"].rsplit('/').next().unwrap_or("").to_string())
            .collect();
        v.sort();
        v
    };
    assert_eq!(pages(&resolved), ["1"]);
    assert_eq!(pages(&unverified), ["3"]);
    assert_eq!(second.summary["resolved_findings"], 1);
    assert_eq!(second.summary["unverified_findings"], 1);
}
