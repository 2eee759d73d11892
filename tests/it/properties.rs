//! Properties checked over generated inputs (proptest): extraction never panics, the
//! brand matcher is deterministic and case/width invariant, every CSV cell the tool
//! writes reads back the same, and canonical URLs are idempotent.

use std::collections::{BTreeSet, HashMap};

use greysweep::detect::{MatchKind, Subject};
use greysweep::extract::Listing;
use greysweep::fuzz_support as h;
use greysweep::output::{self, Comparison, unprotect_cell};
use greysweep::store::ListingRecord;
use proptest::prelude::*;
use url::Url;

/// Tag soup: elements the shipped profiles look for, attributes, scripts with embedded
/// state, flight pushes, JSON-LD and stray text.
fn html() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        "<(div|a|span|h2|li|ul|p|script|img|meta|title|base)( (class|href|id|src|content|data-id|property|type)=\"[a-z0-9/:._ -]{0,12}\")*>",
        "</(div|a|span|h2|li|ul|p|script|title)>",
        "[a-zA-Z0-9 ¥$.,&;<>'\"-]{0,16}",
        "window\\.(runParams|__INIT_DATA__|pageData) = \\{[a-z0-9:,'\"\\[\\]{} .-]{0,24}",
        "self\\.__next_f\\.push\\(\\[1,\"[0-9a-f]{1,2}:[\\[\\]{}a-z0-9,\\\\\"$]{0,24}\"\\]\\)",
        "<script type=\"application/ld\\+json\">\\{\"@type\":\"(Product|Offer|ItemList)\",\"name\":\"[a-zA-Z ]{0,8}\"",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn extraction_never_panics(page in html(), pick in 0usize..6) {
        let profiles = h::profiles();
        h::extract_page(&profiles[pick % profiles.len()], page.as_bytes());
        let url = Url::parse("https://shop.example/s?q=x").expect("url");
        greysweep::extract::extract_auto(&url, &page);
    }

    #[test]
    fn extraction_of_arbitrary_bytes_never_panics(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        h::extract_page(&h::profiles()[0], &bytes);
    }
}

/// Full-width form of ASCII letters, digits and punctuation (U+FF01..U+FF5E).
fn full_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '!'..='~' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The brands a title is matched to, flagged or not.
fn brands(title: &str) -> BTreeSet<String> {
    let subject = Subject {
        title,
        description: None,
        seller_name: Some("Example Trading Co."),
        seller_url: None,
        price: None,
        seller_id: None,
        category: None,
    };
    h::detector()
        .assess(&subject)
        .into_iter()
        .map(|f| f.brand)
        .collect()
}

/// [`brands`] less those found only as a misspelling.
fn brands_not_misspelt(title: &str) -> BTreeSet<String> {
    let subject = Subject {
        title,
        seller_name: Some("Example Trading Co."),
        ..Subject::default()
    };
    h::detector()
        .assess(&subject)
        .into_iter()
        .filter(|f| f.match_kind != MatchKind::Typo)
        .map(|f| f.brand)
        .collect()
}

fn titles() -> impl Strategy<Value = String> {
    let brand = prop_oneof![
        Just("Vantora"),
        Just("Kestrel Audio"),
        Just("Lumaris"),
        Just("KestrelAudio"),
        Just(""),
    ];
    (
        "[a-z]{0,8}( [a-z0-9]{1,8}){0,4}",
        brand,
        "( [a-z0-9]{1,8}){0,4}",
    )
        .prop_map(|(a, b, c)| format!("{a} {b}{c}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn the_matcher_is_deterministic(title in titles()) {
        // `match_listing` asserts two runs give identical findings.
        h::match_listing(&title);
    }

    #[test]
    fn the_matcher_ignores_case(title in titles()) {
        let plain = brands(&title);
        prop_assert_eq!(&plain, &brands(&title.to_uppercase()), "upper case");
        prop_assert_eq!(&plain, &brands(&title.to_lowercase()), "lower case");
    }

    #[test]
    fn the_matcher_reads_full_width_as_ascii(title in titles()) {
        // Names and model numbers read the same in both widths. Misspellings are compared
        // apart: full-width letters are a look-alike disguise (`Ｎｉｋｅ` is a homoglyph
        // match), and a disguise is what lets a misspelt ordinary word (`ｕｐｌｌｉ`
        // for Apple) be reported where its plain spelling (`uplli`) is not.
        prop_assert_eq!(brands_not_misspelt(&title), brands_not_misspelt(&full_width(&title)));
    }
}

/// Text a listing might carry: formula starts, quotes, separators, newlines, controls,
/// bidi marks, CJK.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        "[ '=+@\t\r\n,\";a-zA-Z0-9\u{202e}\u{1b}高仿-]{0,16}",
        any::<String>(),
    ]
}

fn record(title: String, seller: String, price: String) -> ListingRecord {
    let subject = Subject {
        title: &title,
        description: None,
        seller_name: Some(&seller),
        seller_url: None,
        price: Some(&price),
        seller_id: None,
        category: None,
    };
    let findings = h::detector().assess(&subject);
    ListingRecord {
        site: "shop".into(),
        listing_url: "https://shop.example/p/1".into(),
        listing: Listing {
            title: Some(title.clone()),
            price: Some(price.clone()),
            seller_name: Some(seller.clone()),
            product_id: Some("1".into()),
            ..Listing::default()
        },
        page_url: Url::parse("https://shop.example/s").expect("url"),
        fetched_at: chrono::Utc::now(),
        http_status: 200,
        page_sha256: "00".into(),
        warc_file: None,
        warc_record_id: None,
        extraction: None,
        joined: None,
        findings,
    }
}

fn read_back(path: &std::path::Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let headers = r.headers().expect("headers").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            assert_eq!(rec.len(), headers.len(), "row width");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), unprotect_cell(v).to_string()))
                .collect()
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn csv_cells_round_trip(title in cell(), seller in cell(), price in cell()) {
        let d = tempfile::tempdir().expect("tempdir");
        // A brand in the title makes audit.csv and the takedown batch have a row.
        let title = format!("{title} Vantora replica {title}");
        let rec = record(title.clone(), seller.clone(), price.clone());
        let listings = vec![rec];
        let files = output::SweepFiles::in_dir(d.path());
        output::write_listing_files(&files, "s-1", &listings, &Comparison::default())
            .expect("write");
        for path in [&files.listings, &files.audit] {
            let rows = read_back(path);
            prop_assert!(!rows.is_empty(), "{} has no row", path.display());
            for row in &rows {
                prop_assert_eq!(&row["title"], &title);
                prop_assert_eq!(&row["seller_name"], &seller);
                prop_assert_eq!(&row["price"], &price);
            }
        }
        let batches = greysweep::takedown::write_batches(d.path()).expect("takedown");
        prop_assert!(!batches.is_empty());
        for b in &batches {
            for row in read_back(&b.path) {
                prop_assert_eq!(&row["title"], &title);
                prop_assert_eq!(&row["seller_name"], &seller);
            }
        }
    }

    #[test]
    fn spreadsheet_safe_is_undone_exactly(text in cell()) {
        let safe = output::spreadsheet_safe(&text);
        prop_assert_eq!(unprotect_cell(&safe), text.as_str());
        let first = safe.trim_start_matches(' ').chars().next();
        prop_assert!(!matches!(first, Some('=' | '+' | '-' | '@' | '\t' | '\r')), "{:?}", safe);
    }
}

fn urls() -> impl Strategy<Value = String> {
    (
        prop_oneof![Just("http"), Just("https"), Just("HTTPS")],
        "[a-zA-Z0-9.-]{1,12}\\.(com|example|CN)",
        prop_oneof![Just(""), Just(":80"), Just(":443"), Just(":8080")],
        "(/[a-zA-Z0-9%._~!$&'()*+,;=:@ -]{0,8}){0,4}",
        prop::collection::vec(
            (
                prop_oneof![
                    Just("utm_source".to_string()),
                    Just("spm".to_string()),
                    "[a-zA-Z_]{1,6}"
                ],
                "[a-zA-Z0-9%+ =&-]{0,6}",
            ),
            0..5,
        ),
        "(#[a-z]{0,5})?",
    )
        .prop_map(|(scheme, host, port, path, query, frag)| {
            let q: Vec<String> = query.iter().map(|(k, v)| format!("{k}={v}")).collect();
            let q = if q.is_empty() {
                String::new()
            } else {
                format!("?{}", q.join("&"))
            };
            format!("{scheme}://{host}{port}{path}{q}{frag}")
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn canonical_urls_are_idempotent(u in urls()) {
        if let Ok(url) = Url::parse(&u) {
            let once = greysweep::canonical::canonicalize(&url);
            let twice = greysweep::canonical::canonicalize(&once);
            prop_assert_eq!(once.as_str(), twice.as_str());
            // and stable through a text round trip (the store keeps them as text)
            let reparsed = Url::parse(once.as_str()).expect("a canonical URL parses");
            let again = greysweep::canonical::canonicalize(&reparsed);
            prop_assert_eq!(again.as_str(), once.as_str());
        }
    }
}
