//! The bundled demo: a complete sweep whose audit is exactly the demo's ground truth.

use std::collections::BTreeSet;
use std::net::{Ipv4Addr, SocketAddr};

use greysweep::config::{Overrides, Settings};
use greysweep::demo::catalog::{BRANDS, Catalog};

use crate::harness::run_settings;

#[tokio::test]
async fn demo_audit_is_exactly_the_unauthorised_brand_listings() {
    let server = greysweep::demo::serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("demo server");
    let dir = tempfile::tempdir().expect("tempdir");
    let sweep = greysweep::demo::write_bundled_files(dir.path(), &server.origin()).expect("files");
    let overrides = Overrides {
        output_dir: Some(dir.path().join("out")),
        ..Default::default()
    };
    let settings = Settings::load(&sweep, &overrides).expect("bundled demo settings");
    let swept = run_settings(
        settings,
        std::future::pending(),
        Some(std::sync::Arc::new(dir)),
    )
    .await;

    let catalog = Catalog::build();
    let crawlable: BTreeSet<String> = catalog
        .listings
        .iter()
        .filter(|l| l.crawlable())
        .map(|l| l.id.to_string())
        .collect();
    let hidden: BTreeSet<String> = catalog
        .listings
        .iter()
        .filter(|l| !l.crawlable())
        .map(|l| l.id.to_string())
        .collect();
    let expected_flagged: BTreeSet<String> = catalog
        .listings
        .iter()
        .filter(|l| l.crawlable() && l.expected_flag)
        .map(|l| l.id.to_string())
        .collect();
    let authorised_brand: usize = catalog
        .listings
        .iter()
        .filter(|l| l.crawlable() && l.brand.is_some() && !l.expected_flag)
        .count();

    // The demo has what it promises: about 200 listings, misuse, authorised use, clean ones.
    assert!(
        (190..=210).contains(&crawlable.len()),
        "{} crawlable listings",
        crawlable.len()
    );
    assert!(
        expected_flagged.len() >= 30 && authorised_brand >= 10,
        "{} flagged, {authorised_brand} authorised",
        expected_flagged.len()
    );
    assert!(
        !hidden.is_empty()
            && catalog
                .listings
                .iter()
                .any(|l| !l.crawlable() && l.expected_flag)
    );

    let listed: BTreeSet<String> = swept
        .listings
        .iter()
        .map(|r| r["product_id"].clone())
        .collect();
    assert_eq!(
        listed, crawlable,
        "listings.csv must hold every crawlable listing"
    );
    assert!(
        listed.is_disjoint(&hidden),
        "robots-disallowed listings were crawled"
    );

    let flagged: BTreeSet<String> = swept
        .audit
        .iter()
        .map(|r| r["product_id"].clone())
        .collect();
    assert_eq!(
        swept.audit.len(),
        flagged.len(),
        "one audit row per flagged listing"
    );
    assert_eq!(
        flagged, expected_flagged,
        "audit.csv must be exactly the unauthorised brand listings"
    );
    for row in &swept.audit {
        let l = catalog
            .by_id(row["product_id"].parse().expect("id"))
            .expect("listing");
        assert_eq!(row["brand"], BRANDS[l.brand.expect("brand")].name);
    }
    // findings.jsonl carries the same findings with their reasons and evidence.
    let jsonl = std::fs::read_to_string(&swept.outcome.files.findings).expect("findings.jsonl");
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), swept.audit.len());
    for (line, row) in lines.iter().zip(&swept.audit) {
        assert_eq!(line["listing"]["product_id"], row["product_id"].as_str());
        assert_eq!(line["brand"], row["brand"].as_str());
        assert!(!line["signals"].as_array().expect("signals").is_empty());
        assert_eq!(
            line["evidence"]["warc_record_id"],
            row["warc_record_id"].as_str()
        );
    }
    assert_eq!(swept.summary["errors"], 0);
    assert_eq!(swept.summary["pages_by_status"]["robots_denied"], 1);
    // The bundled registry gives no classes and the marks file knows none of its invented
    // brands: each learns its class from the listings that name it.
    let learned: Vec<(String, Vec<u64>)> = swept.summary["learned_classes"]
        .as_array()
        .expect("learned_classes")
        .iter()
        .map(|l| {
            assert!(l["listings"].as_u64().expect("listings") >= 5, "{l}");
            (
                l["brand"].as_str().expect("brand").to_string(),
                l["added"]
                    .as_array()
                    .expect("added")
                    .iter()
                    .filter_map(serde_json::Value::as_u64)
                    .collect(),
            )
        })
        .collect();
    let expected = [
        ("Vantora", 25),
        ("Kestrel Audio", 9),
        ("Lumaris", 14),
        ("Orvex", 7),
        ("Halvorsen", 18),
        ("Sorrelle", 3),
    ];
    assert_eq!(
        learned,
        expected
            .iter()
            .map(|&(b, c)| (b.to_string(), vec![c]))
            .collect::<Vec<_>>()
    );
}

#[test]
fn demo_catalog_agrees_with_the_bundled_registry() {
    let (_, text) = greysweep::demo::BUNDLED_FILES
        .iter()
        .find(|(p, _)| *p == "brands/demo.toml")
        .expect("registry");
    let registry =
        greysweep::detect::Registry::from_toml(std::path::Path::new("brands/demo.toml"), text)
            .expect("parses");
    assert_eq!(registry.brands.len(), BRANDS.len());
    let catalog = Catalog::build();
    for (b, demo) in registry.brands.iter().zip(BRANDS) {
        assert_eq!(b.name, demo.name);
        for &s in demo.authorised {
            assert!(
                b.is_authorised(Some(catalog.sellers[s].name), None),
                "{} for {}",
                catalog.sellers[s].name,
                b.name
            );
        }
    }
}
