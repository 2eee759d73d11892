//! Harnesses shared by the fuzz targets (`fuzz/`) and the corpus replay test of the
//! normal suite: each takes raw input bytes and drives one parser the way a sweep does,
//! asserting the invariants a crash would break. Not part of the library's interface.
//!
//! The profiles and registry are the shipped ones (`seeds/`), compiled once.

use std::path::Path;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use url::Url;

use crate::config::{Overrides, Settings};
use crate::detect::{Detector, Registry, Subject};
use crate::extract::SiteProfile;
use crate::politeness::{Politeness, RobotsOutcome, Rules};

const PROFILES: &[(&str, &str)] = &[
    ("demo.toml", include_str!("../seeds/sites/demo.toml")),
    ("alibaba.toml", include_str!("../seeds/sites/alibaba.toml")),
    ("1688.toml", include_str!("../seeds/sites/1688.toml")),
    (
        "aliexpress.toml",
        include_str!("../seeds/sites/aliexpress.toml"),
    ),
    (
        "made-in-china.toml",
        include_str!("../seeds/sites/made-in-china.toml"),
    ),
    ("dhgate.toml", include_str!("../seeds/sites/dhgate.toml")),
];

/// The shipped site profiles the extraction target picks from.
pub fn profiles() -> &'static [SiteProfile] {
    static P: OnceLock<Vec<SiteProfile>> = OnceLock::new();
    P.get_or_init(|| {
        PROFILES
            .iter()
            .map(|(name, src)| {
                SiteProfile::from_toml(Path::new(name), src).expect("shipped profile compiles")
            })
            .collect()
    })
}

/// Decodes `page` and extracts it with `profile` at the profile's first start URL and
/// at a product-looking URL of the same host.
pub fn extract_page(profile: &SiteProfile, page: &[u8]) -> usize {
    let decoded = crate::decode::decode_html(page, None, None);
    let mut found = 0;
    let start = &profile.start_urls[0];
    for url in [
        start.clone(),
        start.join("/product/1.html").unwrap_or(start.clone()),
    ] {
        let e = profile.extract(&url, &decoded.text);
        for l in &e.listings {
            if let Some(u) = &l.product_url {
                assert!(Url::parse(u).is_ok(), "product URL {u:?} is not absolute");
            }
        }
        found += e.listings.len() + e.follow.len();
    }
    found
}

/// Decodes `data`: a first line shorter than 100 bytes is the Content-Type header.
pub fn decode_page(data: &[u8]) -> usize {
    let (ct, body) = match data.iter().position(|&b| b == b'\n') {
        Some(n) if n < 100 => (std::str::from_utf8(&data[..n]).ok(), &data[n + 1..]),
        _ => (None, data),
    };
    let url = Url::parse("https://shop.example/p/1.html").ok();
    let d = crate::decode::decode_html(body, ct, url.as_ref());
    d.text.len()
}

/// Feeds `body` as a 2xx robots.txt, then asks for verdicts on URLs built from it.
pub fn robots(body: &[u8]) -> usize {
    let rules = Rules {
        min_delay: Duration::from_millis(100),
        max_delay: Duration::from_secs(30),
        adaptive: true,
        pause_after_failures: 3,
        host_pause: Duration::from_secs(60),
        obey_crawl_delay: true,
    };
    let mut p = Politeness::new("greysweep", rules);
    let now = Instant::now();
    p.robots_fetched("shop.example", RobotsOutcome::Body(body.to_vec()), now);
    let delay = p.delay("shop.example");
    assert!(
        delay <= Duration::from_secs(30),
        "Crawl-delay not capped: {delay:?}"
    );
    let mut asked = 0;
    // Paths the file itself names, and a few fixed ones.
    let text = String::from_utf8_lossy(body);
    let paths = text
        .lines()
        .filter_map(|l| l.split_once(':').map(|(_, v)| v.trim()))
        .filter(|v| v.starts_with('/'))
        .take(8)
        .chain(["/", "/products/1.html", "/search?q=x", "/%E4%B8%AD"]);
    for path in paths {
        if let Ok(url) = Url::parse("https://shop.example/").and_then(|b| b.join(path)) {
            p.verdict("shop.example", &url, now);
            asked += 1;
        }
    }
    asked
}

/// The demo registry's detector.
pub fn detector() -> &'static Detector {
    static D: OnceLock<Detector> = OnceLock::new();
    D.get_or_init(|| {
        let mut r = Registry::from_toml(
            Path::new("demo.toml"),
            include_str!("../seeds/brands/demo.toml"),
        )
        .expect("shipped registry parses");
        r.merge(
            Registry::from_toml(
                Path::new("example.toml"),
                include_str!("../seeds/brands/example.toml"),
            )
            .expect("shipped registry parses"),
        );
        Detector::new(r)
    })
}

/// Matches a listing given as newline-separated fields: title, seller, price,
/// description. Asserts the matcher is deterministic.
pub fn match_listing(text: &str) -> usize {
    let mut parts = text.splitn(4, '\n');
    let title = parts.next().unwrap_or("");
    let seller_name = parts.next();
    let price = parts.next();
    let description = parts.next();
    let subject = Subject {
        title,
        description,
        seller_name,
        seller_url: None,
        price,
        seller_id: None,
        category: None,
    };
    let d = detector();
    let a = d.assess(&subject);
    let b = d.assess(&subject);
    assert_eq!(
        format!("{a:?}"),
        format!("{b:?}"),
        "the matcher is not deterministic"
    );
    a.len()
}

/// Parses `src` as a sweep file (`pick % 3 == 0`), a site profile (1) or a brand
/// registry (2). Files a sweep file references are looked up in a folder that does not
/// exist, so they fail cleanly.
pub fn parse_config(pick: u8, src: &str) -> bool {
    match pick % 3 {
        0 => Settings::from_toml(
            Path::new("/nonexistent/greysweep-fuzz/sweep.toml"),
            src,
            &Overrides::default(),
        )
        .is_ok(),
        1 => SiteProfile::from_toml(Path::new("profile.toml"), src).is_ok(),
        _ => Registry::from_toml(Path::new("brands.toml"), src).is_ok(),
    }
}
