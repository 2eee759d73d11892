//! Seller ids in sweeps: a profile's `seller_id` field reaches detection, so a brand's
//! `authorised_seller_ids` clears its own store; the id is the last column of
//! `listings.csv` and `audit.csv`, part of the listing in `findings.jsonl`, and read back
//! by `greysweep detect --input`.

use crate::harness::{Fixture, Sweep, detect_to, page, read_csv};

/// Cards whose seller is known only by the store link (`/store/<id>.html`), the way
/// directories print a store: the seller name is the same on every card.
fn card(id: &str, title: &str, store: &str) -> String {
    format!(
        "<div class=\"item\"><a class=\"t\" data-id=\"{id}\" href=\"/p/{id}\">{title}</a>\
         <a class=\"s\" href=\"/store/{store}.html\">Skates Store</a></div>"
    )
}

const PAGES: &str = r#"
[[page]]
kind = "list"
url_pattern = "."
listing = "div.item"

[page.fields]
title = { css = ".t" }
product_id = { css = ".t", attr = "data-id" }
product_url = { css = ".t", attr = "href" }
seller_name = { css = ".s" }
seller_url = { css = ".s", attr = "href" }
seller_id = { css = ".s", attr = "href", capture = '/store/(\d+)\.html' }
"#;

const BRANDS: &str = "[[brand]]\nname = \"Acme\"\nauthorised_seller_ids = [\"220145\"]\n";

#[tokio::test]
async fn an_authorised_seller_id_clears_a_listing_in_a_sweep() {
    let f = Fixture::start().await;
    f.page(
        "/start",
        &page(
            &[
                card("1", "Acme Rocket Skates", "220145"),
                card("2", "Acme Rocket Skates", "999001"),
            ],
            &[],
            None,
        ),
    );
    let swept = Sweep::new()
        .brands(BRANDS)
        .pages(PAGES)
        .start(&f, "/start")
        .run()
        .await;

    // The same title and seller name: only the seller id tells them apart.
    assert_eq!(swept.audit.len(), 1, "{:?}", swept.audit);
    let row = &swept.audit[0];
    assert_eq!(row["product_id"], "2");
    assert_eq!(row["brand"], "Acme");
    assert_eq!(row["seller_id"], "999001");

    let ids: Vec<(&str, &str, &str)> = swept
        .listings
        .iter()
        .map(|r| {
            (
                r["product_id"].as_str(),
                r["seller_id"].as_str(),
                r["flagged"].as_str(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [("1", "220145", "false"), ("2", "999001", "true")],
        "the authorised store's listing is seen, matched, and not flagged"
    );

    // `seller_id` is appended after `extraction`, in both files, then the seller-record
    // join's columns (columns added later, such as `audit.csv`'s decision and relisting
    // ones, follow those).
    let out = &swept.outcome.files;
    for path in [&out.audit, &out.listings] {
        let mut r = csv::Reader::from_path(path).expect("csv");
        let headers: Vec<String> = r
            .headers()
            .expect("headers")
            .iter()
            .map(str::to_string)
            .collect();
        let at = headers
            .iter()
            .position(|h| h == "extraction")
            .expect("extraction column");
        assert_eq!(
            headers[at..at + 5],
            [
                "extraction",
                "seller_id",
                "joined_fields",
                "seller_warc_file",
                "seller_warc_record_id"
            ],
            "{}",
            path.display()
        );
    }

    let jsonl = std::fs::read_to_string(&out.findings).expect("findings.jsonl");
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["listing"]["seller_id"], "999001");
}

#[test]
fn detect_reads_a_seller_id_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let brands = dir.path().join("brands.toml");
    std::fs::write(&brands, BRANDS).expect("registry");
    let input = dir.path().join("listings.csv");
    std::fs::write(
        &input,
        "title,seller_name,seller_id\n\
         Acme rocket skates,Skates Store,220145\n\
         Acme rocket skates,Skates Store,999001\n",
    )
    .expect("listings");
    let out = dir.path().join("audit.csv");
    detect_to(&brands, &input, &out);
    let rows = read_csv(&out);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["seller_id"], "999001");
}
