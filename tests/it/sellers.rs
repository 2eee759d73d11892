//! Seller records end to end: a directory whose cards carry only the seller's name and
//! link, while the seller's id and location live on the seller's own page. `[page.seller]`
//! reads that page, `follow_sellers` fetches it, and the join fills every listing —
//! whatever order the pages came in, across `--resume` — so `authorised_seller_ids`
//! clears a listing whose seller id only the seller page shows.

use std::collections::HashMap;
use std::path::Path;
use std::time::Duration;

use greysweep::config::{Overrides, Settings};
use greysweep::progress::{Mode, Progress};
use sha2::{Digest, Sha256};

use crate::harness::{Fixture, Sweep, Swept, read_csv, run_settings};

/// A result card: title, product link, and the seller only by name and link (with a
/// tracking parameter, as directories add).
fn card(id: &str, title: &str, seller: &str, slug: &str) -> String {
    card_linking(id, title, seller, &format!("/seller/{slug}?from=list"))
}

/// A result card whose seller link is `href`.
fn card_linking(id: &str, title: &str, seller: &str, href: &str) -> String {
    format!(
        "<div class=\"item\"><a class=\"t\" data-id=\"{id}\" href=\"/p/{id}\">{title}</a>\
         <a class=\"s\" href=\"{href}\">{seller}</a></div>"
    )
}

/// A seller's profile page: the only place its id, location and badge are shown.
fn seller_page(name: &str, id: &str, city: &str, verified: bool) -> String {
    let badge = if verified {
        "<span class=\"badge\">Verified supplier</span>"
    } else {
        ""
    };
    format!(
        "<html><body><h1 class=\"company\">{name}</h1>{badge}\
         <dl><dt>Member ID</dt><dd class=\"member\">{id}</dd>\
         <dt>Location</dt><dd class=\"loc\">{city}</dd>\
         <dt>Business type</dt><dd class=\"biz\">=Trading Company</dd></dl></body></html>"
    )
}

const PAGES: &str = r#"
follow_sellers = true

[[page]]
kind = "search"
url_pattern = '^/search'
listing = "div.item"
next_page = "a.next"

[page.fields]
title = { css = ".t" }
product_id = { css = ".t", attr = "data-id" }
product_url = { css = ".t", attr = "href" }
seller_name = { css = ".s" }
seller_url = { css = ".s", attr = "href" }

[[page]]
kind = "seller"
url_pattern = '^/seller/'

[page.seller]
seller_id = ".member"
name = "h1.company"
location = ".loc"
extra.verified = { css = ".badge", contains = "verified" }
extra.business_type = ".biz"
"#;

const BRANDS: &str = "[[brand]]\nname = \"Acme\"\nauthorised_seller_ids = [\"220145\"]\n";

/// Two result pages naming three sellers; `/seller/ghost` does not answer, and the second
/// page links the first seller in another form (trailing `/`, other tracking parameters),
/// which the join takes for the same seller.
fn site(f: &Fixture) {
    f.page(
        "/search?q=acme",
        &format!(
            "<html><body>{}{}{}<a class=\"next\" href=\"/search?q=acme&amp;page=2\">next</a></body></html>",
            card("1", "Acme Rocket Skates", "Acme Official Store", "acme"),
            card("2", "Acme Rocket Skates", "Roadrunner Supply", "rr"),
            card("3", "Plain steel anvil", "Roadrunner Supply", "rr"),
        ),
    );
    f.page(
        // Requested with its parameters sorted (canonical form).
        "/search?page=2&q=acme",
        &format!(
            "<html><body>{}{}</body></html>",
            card_linking(
                "4",
                "Acme giant magnet",
                "Acme Official Store",
                "/seller/acme/?spm=p2&amp;utm_source=x"
            ),
            card("5", "Acme anvil", "Ghost Trading", "ghost"),
        ),
    );
    f.page(
        "/seller/acme?from=list",
        &seller_page("Acme Official Store", "220145", "Ningbo, China", true),
    );
    f.page(
        "/seller/rr?from=list",
        &seller_page("Roadrunner Supply Co.", "999001", "Yiwu, China", false),
    );
    // Fetched as well unless the frontier takes it for the first link; either way one
    // seller.
    // The frontier strips `spm` and `utm_source` (default tracking parameters) before
    // it fetches.
    f.page(
        "/seller/acme/",
        &seller_page("Acme Official Store", "220145", "Ningbo, China", true),
    );
}

fn by_product(rows: &[HashMap<String, String>]) -> HashMap<String, HashMap<String, String>> {
    rows.iter()
        .map(|r| (r["product_id"].clone(), r.clone()))
        .collect()
}

#[tokio::test]
async fn seller_pages_fill_their_listings_and_authorise_by_id() {
    let f = Fixture::start().await;
    site(&f);
    let swept = Sweep::new()
        .brands(BRANDS)
        .pages(PAGES)
        .start(&f, "/search?q=acme")
        .run()
        .await;

    // Each seller page once, though several cards link to it.
    assert_eq!(f.hits_of("/seller/acme?from=list"), 1);
    assert_eq!(f.hits_of("/seller/rr?from=list"), 1);
    assert_eq!(f.hits_of("/seller/ghost?from=list"), 1);

    let listings = by_product(&swept.listings);
    assert_eq!(listings.len(), 5);
    for (id, seller_id, location) in [
        ("1", "220145", "Ningbo, China"),
        ("2", "999001", "Yiwu, China"),
        ("3", "999001", "Yiwu, China"),
        ("4", "220145", "Ningbo, China"),
    ] {
        let l = &listings[id];
        assert_eq!(l["seller_id"], seller_id, "listing {id}");
        assert_eq!(l["location"], location, "listing {id}");
        assert_eq!(l["joined_fields"], "location;seller_id", "listing {id}");
        assert!(
            l["seller_warc_record_id"].starts_with("<urn:uuid:"),
            "{l:?}"
        );
        assert_ne!(l["seller_warc_record_id"], l["warc_record_id"]);
    }
    // The card's own seller name and link are kept, never overwritten.
    assert_eq!(listings["2"]["seller_name"], "Roadrunner Supply");
    assert!(listings["2"]["seller_url"].ends_with("/seller/rr?from=list"));
    // A seller whose page does not answer: nothing joined, nothing invented.
    let ghost = &listings["5"];
    assert_eq!(
        (
            ghost["seller_id"].as_str(),
            ghost["location"].as_str(),
            ghost["joined_fields"].as_str(),
            ghost["seller_warc_record_id"].as_str()
        ),
        ("", "", "", "")
    );

    // The authorised seller's id came only from its seller page, and clears its listing;
    // the other seller's same title is flagged.
    assert_eq!(listings["1"]["flagged"], "false");
    assert_eq!(listings["4"]["flagged"], "false");
    assert_eq!(listings["2"]["flagged"], "true");
    let flagged: Vec<&str> = swept
        .audit
        .iter()
        .map(|r| r["product_id"].as_str())
        .collect();
    assert!(
        !flagged.contains(&"1") && !flagged.contains(&"4"),
        "{flagged:?}"
    );
    let row = swept
        .audit
        .iter()
        .find(|r| r["product_id"] == "2")
        .expect("listing 2 flagged");
    assert_eq!(row["seller_id"], "999001");
    assert_eq!(row["joined_fields"], "location;seller_id");

    // findings.jsonl: what was joined, and where the seller page is.
    let jsonl = std::fs::read_to_string(&swept.outcome.files.findings).expect("findings");
    let line: serde_json::Value = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .find(|l| l["listing"]["product_id"] == "2")
        .expect("finding of listing 2");
    assert_eq!(
        line["joined_fields"],
        serde_json::json!(["location", "seller_id"])
    );
    assert!(
        line["seller_evidence"]["page_url"]
            .as_str()
            .is_some_and(|u| u.ends_with("/seller/rr?from=list")),
        "{line}"
    );

    // sellers.csv: one row per seller with its evidence; extras sorted after the fixed
    // columns; cells spreadsheet-safe.
    let sellers = sellers_csv(&swept);
    assert_eq!(sellers.len(), 2, "{sellers:?}");
    let mut r = csv::Reader::from_path(swept.outcome.files.dir.join("sellers.csv")).expect("csv");
    let headers: Vec<&str> = r.headers().expect("headers").iter().collect();
    assert_eq!(
        headers,
        greysweep::output::SELLER_COLUMNS
            .iter()
            .copied()
            .chain(["business_type", "verified"])
            .collect::<Vec<_>>()
    );
    let acme = &sellers["220145"];
    assert_eq!(acme["site"], "fixture");
    assert_eq!(acme["name"], "Acme Official Store");
    assert_eq!(acme["location"], "Ningbo, China");
    assert!(acme["url"].ends_with("/seller/acme?from=list"));
    assert_eq!(acme["listings"], "2");
    assert_eq!(acme["verified"], "Verified supplier");
    assert_eq!(acme["business_type"], "'=Trading Company");
    assert_eq!(acme["http_status"], "200");
    assert!(!acme["first_seen"].is_empty() && acme["first_seen"] <= acme["last_seen"]);
    let rr = &sellers["999001"];
    assert_eq!(rr["listings"], "2");
    assert_eq!(rr["verified"], "");

    // Each evidence pointer resolves to the WARC response of that seller page, whose body
    // is the page as served.
    let evidence = swept.outcome.files.dir.join("evidence");
    for s in sellers.values() {
        let record = greysweep::evidence::response_records(&evidence)
            .expect("records")
            .map(|r| r.expect("record"))
            .find(|r| r.record_id() == s["warc_record_id"])
            .unwrap_or_else(|| panic!("no record {}", s["warc_record_id"]));
        assert_eq!(
            record.path.file_name().and_then(|n| n.to_str()),
            Some(s["warc_file"].as_str())
        );
        assert_eq!(record.target_uri(), Some(s["page_url"].as_str()));
        let (_, body) = record.http_parts().expect("http");
        assert_eq!(hex::encode(Sha256::digest(body)), s["page_sha256"]);
        assert!(String::from_utf8_lossy(body).contains(&s["seller_id"]));
    }
    assert_eq!(swept.summary["sellers"], 2);
}

fn sellers_csv(swept: &Swept) -> HashMap<String, HashMap<String, String>> {
    read_csv(&swept.outcome.files.dir.join("sellers.csv"))
        .into_iter()
        .map(|r| (r["seller_id"].clone(), r))
        .collect()
}

/// The order pages come in does not matter: one seller page is fetched before the
/// result page that links to it, the other after.
#[tokio::test]
async fn a_seller_page_before_or_after_its_listings_both_fill_them() {
    let f = Fixture::start().await;
    f.page(
        "/search?q=acme",
        &format!(
            "<html><body>{}{}</body></html>",
            card("1", "Acme Rocket Skates", "Acme Official Store", "acme"),
            card("2", "Acme Rocket Skates", "Roadrunner Supply", "rr"),
        ),
    );
    f.page(
        "/seller/acme?from=list",
        &seller_page("Acme Official Store", "220145", "Ningbo, China", true),
    );
    f.page(
        "/seller/rr?from=list",
        &seller_page("Roadrunner Supply Co.", "999001", "Yiwu, China", false),
    );
    let swept = Sweep::new()
        .brands(BRANDS)
        .pages(PAGES)
        .start(&f, "/seller/acme?from=list")
        .start(&f, "/search?q=acme")
        .run()
        .await;

    let order: Vec<String> = f.page_hits().into_iter().map(|h| h.path).collect();
    assert_eq!(
        order,
        [
            "/seller/acme?from=list",
            "/search?q=acme",
            "/seller/rr?from=list"
        ]
    );
    let listings = by_product(&swept.listings);
    assert_eq!(
        listings["1"]["seller_id"], "220145",
        "seller page fetched first"
    );
    assert_eq!(
        listings["2"]["seller_id"], "999001",
        "seller page fetched last"
    );
    for id in ["1", "2"] {
        assert_eq!(listings[id]["joined_fields"], "location;seller_id");
    }
    assert_eq!(listings["1"]["flagged"], "false");
    assert_eq!(listings["2"]["flagged"], "true");
    assert_eq!(sellers_csv(&swept).len(), 2);
}

fn settings(dir: &Path) -> Settings {
    Settings::load(
        &dir.join("sweep.toml"),
        &Overrides {
            output_dir: Some(dir.join("out")),
            ..Default::default()
        },
    )
    .expect("settings")
}

/// A sweep stopped after the first seller page and resumed: the seller recorded before
/// the stop is not recorded twice, the one after joins too, and the outputs rewritten
/// from the whole state hold each seller once.
#[tokio::test]
async fn a_resumed_sweep_keeps_one_row_per_seller() {
    let f = Fixture::start().await;
    site(&f);
    let dir = tempfile::tempdir().expect("tempdir");
    Sweep::new()
        .in_dir(dir.path())
        .brands(BRANDS)
        .pages(PAGES)
        .crawler("rate_per_host", "4.0")
        .start(&f, "/seller/acme?from=list")
        .start(&f, "/search?q=acme")
        .write();

    // Stop as soon as the first seller page has been requested.
    let f2 = f.clone();
    let stop = async move {
        while f2.hits_of("/seller/acme?from=list") == 0 {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
    };
    let first = run_settings(settings(dir.path()), stop, None).await;
    assert_eq!(first.summary["interrupted"], true);
    assert_eq!(sellers_csv(&first).len(), 1, "only the first seller so far");

    let progress = Progress::new(Mode::Quiet);
    let outcome = tokio::time::timeout(
        Duration::from_secs(120),
        greysweep::sweep::run(
            settings(dir.path()),
            greysweep::sweep::Options { resume: true },
            &progress,
            std::future::pending(),
        ),
    )
    .await
    .expect("in time")
    .expect("resumed");
    assert!(outcome.resumed);
    assert_eq!(outcome.sweep_id, first.outcome.sweep_id);
    assert_eq!(f.hits_of("/seller/acme?from=list"), 1, "not fetched again");
    assert_eq!(outcome.summary.sellers, 2);

    let sellers: Vec<HashMap<String, String>> = read_csv(&outcome.files.sellers);
    let mut ids: Vec<&str> = sellers.iter().map(|r| r["seller_id"].as_str()).collect();
    ids.sort();
    assert_eq!(ids, ["220145", "999001"]);
    let listings = by_product(&read_csv(&outcome.files.listings));
    assert_eq!(listings.len(), 5);
    for id in ["1", "2", "3", "4"] {
        assert_eq!(listings[id]["joined_fields"], "location;seller_id", "{id}");
    }
    assert_eq!(listings["1"]["flagged"], "false");
}

/// A seller page unchanged since the previous sweep (304) carries its record over, so its
/// listings are still filled.
#[tokio::test]
async fn an_unchanged_seller_page_carries_its_record_over() {
    let f = Fixture::start().await;
    site(&f);
    for (path, name, id, city) in [
        (
            "/seller/acme?from=list",
            "Acme Official Store",
            "220145",
            "Ningbo, China",
        ),
        (
            "/seller/rr?from=list",
            "Roadrunner Supply Co.",
            "999001",
            "Yiwu, China",
        ),
    ] {
        f.route(
            path,
            crate::harness::Reply::html(seller_page(name, id, city, false))
                .header("etag", &format!("\"{id}\"")),
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let sweep = || {
        Sweep::new()
            .in_dir(dir.path())
            .brands(BRANDS)
            .pages(PAGES)
            .start(&f, "/search?q=acme")
    };
    let first = sweep().run().await;
    assert_eq!(sellers_csv(&first).len(), 2);
    let second = sweep().run().await;
    assert_ne!(second.outcome.sweep_id, first.outcome.sweep_id);
    let sellers = sellers_csv(&second);
    assert_eq!(sellers.len(), 2, "{sellers:?}");
    assert_eq!(sellers["220145"]["http_status"], "304");
    assert_eq!(
        sellers["220145"]["warc_record_id"],
        sellers_csv(&first)["220145"]["warc_record_id"],
        "the evidence is the page as last received"
    );
    let listings = by_product(&second.listings);
    assert_eq!(listings["1"]["joined_fields"], "location;seller_id");
    assert_eq!(listings["1"]["flagged"], "false");
    assert_eq!(listings["3"]["location"], "Yiwu, China");
}

/// `greysweep check` names file, line and key of a mistake in `[page.seller]`, and
/// `greysweep extract` prints the record a seller page gives.
#[test]
fn check_and_extract_know_seller_records() {
    let dir = tempfile::tempdir().expect("tempdir");
    let head =
        "name = \"d\"\nstart_urls = [\"https://d.example/search\"]\nhosts = [\"d.example\"]\n";
    let site = dir.path().join("site.toml");
    let run = |args: &[&std::ffi::OsStr]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_greysweep"))
            .args(args)
            .output()
            .expect("run greysweep")
    };

    let bad = PAGES.replace("name = \"h1.company\"", "seller_name = \"h1.company\"");
    std::fs::write(&site, format!("{head}{bad}")).expect("site");
    let out = run(&["check".as_ref(), site.as_os_str()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    let line = format!("{head}{bad}")
        .lines()
        .position(|l| l.starts_with("seller_name = \"h1"))
        .expect("line")
        + 1;
    assert!(
        stderr.contains(&format!("site.toml:{line}:"))
            && stderr.contains("key `page[1].seller.seller_name`"),
        "{stderr}"
    );

    std::fs::write(&site, format!("{head}{PAGES}")).expect("site");
    let page = dir.path().join("seller.html");
    std::fs::write(
        &page,
        seller_page("Acme Official Store", "220145", "Ningbo, China", true),
    )
    .expect("page");
    let out = run(&[
        "extract".as_ref(),
        "--site".as_ref(),
        site.as_os_str(),
        "--url".as_ref(),
        "https://d.example/seller/acme".as_ref(),
        page.as_os_str(),
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(
        json["seller"],
        serde_json::json!({
            "seller_id": "220145",
            "name": "Acme Official Store",
            "url": "https://d.example/seller/acme",
            "location": "Ningbo, China",
            "extra": {"business_type": "=Trading Company", "verified": "Verified supplier"},
        })
    );
}
