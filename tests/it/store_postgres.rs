//! The PostgreSQL store against the SQLite store: the same operations give the same
//! results; a page batch committed twice (a worker that lost its lease) leaves one row per
//! key; concurrent writers that deadlock both commit, by replay; whole sweeps on either
//! store give the same outputs, change tracking and history.
//!
//! Each test needs `GREYSWEEP_TEST_POSTGRES` (see [`crate::pg`]) and prints a skip line
//! without it.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::process::Command;
use std::sync::{Arc, Barrier};

use chrono::{DateTime, TimeZone, Utc};
use greysweep::case::decision::{Decision, DecisionRecord};
use greysweep::case::outcome::{BatchItem, BatchRecord, ItemStatus};
use greysweep::extract::{ExtractionMethod, Listing, Seller};
use greysweep::frontier::Item;
use greysweep::store::{
    FindingKey, ListingRecord, PageFigures, PageRecord, PageStatus, PgStore, SellerRecord,
    SqliteStore, Store, SweepRow, SweepState, Validators,
};
use url::Url;

use crate::harness::{Fixture, Reply, Sweep, card, page, read_csv};
use crate::pg::fresh_postgres;
use greysweep::store::postgres::PgConn;

fn url(s: &str) -> Url {
    Url::parse(s).expect("url")
}

/// A time with sub-millisecond digits: both stores keep milliseconds.
fn at(secs: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_780_000_000 + secs, 123_456_789)
        .single()
        .expect("time")
}

fn item(u: &str) -> Item {
    Item {
        url: url(u),
        depth: 1,
        profile: 0,
        referrer: Some(url("https://a.example/")),
        redirects: 0,
        attempts: 0,
        pagination: 0,
        redirect_chain: Vec::new(),
    }
}

fn sweep_row(id: &str, name: &str, started: DateTime<Utc>) -> SweepRow {
    SweepRow {
        id: id.into(),
        name: name.into(),
        state: SweepState::Running,
        started_at: started,
        ended_at: None,
        summary: None,
    }
}

fn listing(page: &str, id: Option<&str>, title: &str, how: ExtractionMethod) -> ListingRecord {
    ListingRecord {
        site: "a".into(),
        listing_url: id.map_or_else(|| page.to_string(), |i| format!("https://a.example/p/{i}")),
        listing: Listing {
            title: Some(title.into()),
            price: Some("US$ 3".into()),
            seller_name: Some("Wile".into()),
            seller_id: Some("220145".into()),
            product_id: id.map(str::to_string),
            product_url: id.map(|i| format!("https://a.example/p/{i}")),
            ..Listing::default()
        },
        page_url: url(page),
        fetched_at: at(10),
        http_status: 200,
        page_sha256: "ab".into(),
        warc_file: Some("w.warc.gz".into()),
        warc_record_id: Some("<urn:uuid:1>".into()),
        extraction: Some(how),
        joined: None,
        findings: Vec::new(),
    }
}

fn page_rec(u: &str, status: PageStatus, figures: bool) -> PageRecord {
    PageRecord {
        url: url(u),
        site: "a".into(),
        status,
        http_status: Some(200),
        fetched_at: Some(at(5)),
        depth: 2,
        listings: 1,
        sha256: Some("cd".into()),
        detail: None,
        warc_file: Some("w.warc.gz".into()),
        warc_record_id: Some("<urn:uuid:2>".into()),
        figures: figures.then(|| {
            let l = Listing {
                title: Some("T".into()),
                ..Listing::default()
            };
            PageFigures::from_listings(
                Some("list".into()),
                true,
                Some(ExtractionMethod::Profile),
                std::iter::once(&l),
            )
        }),
    }
}

fn seller(page: &str, extra: &[(&str, &str)], secs: i64) -> SellerRecord {
    SellerRecord::new(
        "a",
        Seller {
            seller_id: Some("220145".into()),
            name: extra.is_empty().then(|| "Wile Trading".to_string()),
            location: (!extra.is_empty()).then(|| "Ningbo".to_string()),
            extra: extra
                .iter()
                .map(|(k, v)| ((*k).to_string(), (*v).to_string()))
                .collect(),
            ..Seller::default()
        },
        &url(page),
        at(secs),
    )
}

/// Runs one sequence of operations on `s` and writes down everything it answered.
/// Whether the page a listing was found on is in the store (read while another read is
/// under way).
fn s_page(s: &dyn Store, l: &ListingRecord) -> anyhow::Result<bool> {
    Ok(s.page("w-1", l.page_url.as_str())?.is_some())
}

fn exercise(s: &mut dyn Store) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut note = |what: &str, v: String| out.push(format!("{what}: {v}"));

    s.start_sweep(&sweep_row("w-1", "weekly", at(0)))
        .expect("start");
    // Frontier.
    s.begin().expect("begin");
    note("nested begin refused", s.begin().is_err().to_string());
    let mut chained = item("https://a.example/r?x=1");
    chained.redirect_chain = vec![url("https://a.example/r0"), url("https://a.example/r1")];
    chained.redirects = 2;
    for (u, host) in [
        ("https://a.example/1", "a.example"),
        ("https://b.example/1", "b.example"),
        ("https://a.example/2?page=2", "a.example"),
        ("https://a.example/1", "a.example"),
    ] {
        note(
            "insert",
            format!("{u} {}", s.frontier_insert(&item(u), host).expect("insert")),
        );
    }
    note(
        "insert chained",
        s.frontier_insert(&chained, "a.example")
            .expect("insert")
            .to_string(),
    );
    s.commit().expect("commit");
    note(
        "contains",
        format!(
            "{} {}",
            s.frontier_contains(&url("https://a.example/1")).expect("c"),
            s.frontier_contains(&url("https://a.example/9")).expect("c")
        ),
    );
    note("pending", format!("{:?}", s.frontier_pending().expect("p")));
    let first = s.frontier_peek("a.example").expect("peek").expect("one");
    note("peek", format!("{first:?}"));
    s.frontier_take(&first.url).expect("take");
    note(
        "peek after take",
        format!("{:?}", s.frontier_peek("a.example").expect("peek")),
    );
    let mut again = first.clone();
    again.attempts = 1;
    s.frontier_requeue(&again).expect("requeue");
    let order: Vec<String> = std::iter::from_fn(|| {
        let i = s.frontier_peek("a.example").expect("peek")?;
        s.frontier_take(&i.url).expect("take");
        s.frontier_finish(&i.url).expect("finish");
        Some(format!("{} attempts={}", i.url, i.attempts))
    })
    .collect();
    note("a.example order", format!("{order:?}"));
    note(
        "pending after",
        format!("{:?}", s.frontier_pending().expect("p")),
    );
    note(
        "counts",
        format!(
            "{} {} {}",
            s.frontier_count("a.example", None).expect("n"),
            s.frontier_count("a.example", Some("/2")).expect("n"),
            s.frontier_count("b.example", Some("/2")).expect("n")
        ),
    );
    // A taken URL goes back to pending on resume.
    s.frontier_take(&url("https://b.example/1")).expect("take");
    note("b taken", format!("{:?}", s.frontier_pending().expect("p")));
    s.resume_sweep("w-1").expect("resume");
    note(
        "b resumed",
        format!("{:?}", s.frontier_pending().expect("p")),
    );

    // Pages, links, listings, sellers.
    s.begin().expect("begin");
    let v = Validators {
        etag: Some("\"e1\"".into()),
        last_modified: None,
    };
    s.record_page(&page_rec("https://a.example/c", PageStatus::Ok, true), &v)
        .expect("page");
    s.record_page(
        &page_rec("https://a.example/a", PageStatus::Blocked, false),
        &Validators::default(),
    )
    .expect("page");
    s.record_page(&page_rec("https://a.example/b", PageStatus::Ok, false), &v)
        .expect("page");
    s.record_page(
        &page_rec("https://a.example/c", PageStatus::HttpError, false),
        &Validators::default(),
    )
    .expect("page again");
    s.record_links(
        &url("https://a.example/b"),
        &[
            (url("https://a.example/z"), 1),
            (url("https://a.example/y"), 0),
        ],
    )
    .expect("links");
    let list = "https://a.example/b";
    for (id, title, how) in [
        (Some("7"), "Acme bottle", ExtractionMethod::Auto),
        (Some("7"), "Acme bottle 500 ml", ExtractionMethod::Profile),
        (Some("7"), "Acme bottle?", ExtractionMethod::Auto),
        (Some("8"), "Acme cap", ExtractionMethod::Profile),
        (None, "No id", ExtractionMethod::Profile),
        (Some("9"), "Acme Zeta", ExtractionMethod::Profile),
    ] {
        note(
            "listing",
            format!(
                "{id:?} {}",
                s.record_listing(&listing(list, id, title, how))
                    .expect("listing")
            ),
        );
    }
    note(
        "seller",
        s.record_seller(&seller("https://a.example/s/1", &[], 20))
            .expect("seller")
            .to_string(),
    );
    note(
        "seller again",
        s.record_seller(&seller(
            "https://a.example/s/1/contact",
            &[("phone", "+86 574")],
            25,
        ))
        .expect("seller")
        .to_string(),
    );
    s.commit().expect("commit");
    // Many listings, across the keyset pages of a cursor.
    s.begin().expect("begin");
    for i in 0..1234 {
        s.record_listing(&listing(
            "https://a.example/many",
            Some(&format!("m{i}")),
            "Bulk",
            ExtractionMethod::Profile,
        ))
        .expect("listing");
    }
    s.commit().expect("commit");

    let mut pages = Vec::new();
    s.for_each_page("w-1", &mut |p| {
        pages.push(format!("{p:?}"));
        Ok(())
    })
    .expect("pages");
    note("pages", pages.join("\n"));
    note(
        "page b",
        format!("{:?}", s.page("w-1", "https://a.example/b").expect("page")),
    );
    note(
        "page none",
        format!("{:?}", s.page("w-1", "https://a.example/q").expect("page")),
    );
    note(
        "validators",
        format!(
            "{:?} {:?}",
            s.page_validators("w-1", &url("https://a.example/b"))
                .expect("v"),
            s.page_validators("w-1", &url("https://a.example/c"))
                .expect("v")
        ),
    );
    note(
        "figures",
        format!(
            "{:?}",
            s.page_figures("w-1", &url("https://a.example/c"))
                .expect("f")
        ),
    );
    note(
        "links",
        format!(
            "{:?}",
            s.links_of("w-1", &url("https://a.example/b")).expect("l")
        ),
    );
    let mut n = 0;
    let mut head = Vec::new();
    s.for_each_listing("w-1", &mut |l| {
        n += 1;
        if n <= 5 || n % 400 == 0 {
            head.push(format!("{l:?}"));
        }
        Ok(())
    })
    .expect("listings");
    note("listings", format!("{n}\n{}", head.join("\n")));
    let mut calls = 0;
    let stopped = s.for_each_listing("w-1", &mut |_| {
        calls += 1;
        anyhow::bail!("stop")
    });
    note("stopped", format!("{} {calls}", stopped.is_err()));
    note(
        "listings on",
        format!(
            "{:?}",
            s.listings_on("w-1", &url(list))
                .expect("on")
                .iter()
                .map(|l| l.listing.title.clone())
                .collect::<Vec<_>>()
        ),
    );
    note(
        "sellers",
        format!("{:?}", s.sellers("w-1").expect("sellers")),
    );
    note(
        "sellers on",
        format!(
            "{} {}",
            s.sellers_on("w-1", &url("https://a.example/s/1"))
                .expect("on")
                .len(),
            s.sellers_on("w-1", &url("https://a.example/s/1/contact"))
                .expect("on")
                .len()
        ),
    );

    // Findings and change tracking.
    let key7 = "a|id|7".to_string();
    let key9 = "a|id|9".to_string();
    let flagged = vec![
        (
            FindingKey {
                listing: key9.clone(),
                brand: "acme".into(),
            },
            "Acme".to_string(),
        ),
        (
            FindingKey {
                listing: key7.clone(),
                brand: "zeta".into(),
            },
            "Zeta".to_string(),
        ),
        (
            FindingKey {
                listing: key7.clone(),
                brand: "acme".into(),
            },
            "Acme".to_string(),
        ),
    ];
    s.record_findings("w-1", &flagged).expect("findings");
    s.record_findings("w-1", &flagged).expect("findings again");
    let found = s.findings("w-1").expect("findings");
    note(
        "findings",
        format!(
            "{:?}",
            found
                .iter()
                .map(|(k, l, b)| (k.clone(), l.listing.title.clone(), b.clone()))
                .collect::<Vec<_>>()
        ),
    );
    // One at a time, in the same order, stopping at the first error; the store can be
    // read while the findings are being read.
    let mut one_by_one = Vec::new();
    s.for_each_finding("w-1", &mut |k, l, b| {
        let page = s_page(&*s, &l)?;
        one_by_one.push((k, l.listing.title.clone(), b, page));
        Ok(())
    })
    .expect("findings one at a time");
    assert_eq!(
        one_by_one
            .iter()
            .map(|(k, t, b, _)| (k.clone(), t.clone(), b.clone()))
            .collect::<Vec<_>>(),
        found
            .iter()
            .map(|(k, l, b)| (k.clone(), l.listing.title.clone(), b.clone()))
            .collect::<Vec<_>>()
    );
    assert!(one_by_one.iter().all(|(_, _, _, page)| *page));
    let mut calls = 0;
    let stopped = s.for_each_finding("w-1", &mut |_, _, _| {
        calls += 1;
        anyhow::bail!("stop")
    });
    note("findings stopped", format!("{} {calls}", stopped.is_err()));
    s.touch_listings("weekly", "w-1", at(100)).expect("touch");
    note(
        "touch",
        format!(
            "{:?} {:?}",
            s.touch_listing("weekly", &key7, at(200)).expect("touch"),
            s.touch_listing("weekly", "a|id|new", at(50))
                .expect("touch")
        ),
    );
    s.touch_listings("weekly", "w-1", at(10))
        .expect("touch older");
    note(
        "first seen",
        format!(
            "{:?} {:?} {:?}",
            s.first_seen("weekly", &key7).expect("seen"),
            s.first_seen("weekly", "a|id|m3").expect("seen"),
            s.first_seen("other", &key7).expect("seen")
        ),
    );
    s.set_sweep_state(
        "w-1",
        SweepState::Complete,
        Some(at(300)),
        Some("{\"pages\": 3}"),
    )
    .expect("state");
    s.set_sweep_state("w-1", SweepState::Complete, None, None)
        .expect("state keeps");

    // A second sweep, another name, decisions, takedown batches.
    s.start_sweep(&sweep_row("w-2", "weekly", at(1000)))
        .expect("start 2");
    s.start_sweep(&sweep_row("o-1", "other", at(500)))
        .expect("start other");
    s.start_sweep(&sweep_row("w-2", "weekly", at(1000)))
        .expect_err("a sweep id is started once");
    s.resume_sweep("w-2").expect("back to w-2");
    s.record_listing(&listing(
        list,
        Some("7"),
        "Acme bottle",
        ExtractionMethod::Profile,
    ))
    .expect("listing");
    let rec7 = &found
        .iter()
        .find(|(k, _, _)| k.listing == key7)
        .expect("7")
        .1;
    for (i, (d, note_text)) in [
        (Decision::Dismissed, "not ours"),
        (Decision::Authorised, "licensed"),
        (Decision::Confirmed, "fake"),
    ]
    .into_iter()
    .enumerate()
    {
        let brand = if i == 2 { "Zeta" } else { "Acme" };
        let sweep = if i == 2 { "o-1" } else { "w-1" };
        s.decision_record(&DecisionRecord::of(
            rec7,
            brand,
            d,
            note_text,
            "ana",
            at(400 + i as i64),
            sweep,
            "review",
        ))
        .expect("decision");
    }
    note(
        "decisions current",
        format!("{:?}", s.decision_current().expect("d")),
    );
    note(
        "decision log",
        format!(
            "{:?}\n{:?}",
            s.decision_log(Some("weekly")).expect("d"),
            s.decision_log(None).expect("d").len()
        ),
    );
    let batch = |id: &str, sweep: &str, secs: i64| BatchRecord {
        id: id.into(),
        sweep: sweep.into(),
        site: "a".into(),
        file: format!("takedown/{id}.csv"),
        created_at: at(secs),
        listings: 0,
        sent_at: None,
        sent_by: None,
        note: None,
    };
    let items = |b: &str, keys: &[&str]| -> Vec<BatchItem> {
        keys.iter()
            .map(|k| BatchItem {
                batch: b.into(),
                listing: (*k).into(),
                site: "a".into(),
                listing_url: format!("https://a.example/p/{k}"),
                page_url: list.into(),
                brands: "Acme".into(),
                status: ItemStatus::Unchecked,
                checked_sweep: None,
                checked_at: None,
                removed_at: None,
                removed_how: None,
            })
            .collect()
    };
    s.takedown_record_batch(
        &batch("w-1/a-002", "w-1", 600),
        &items("w-1/a-002", &["z", "y"]),
    )
    .expect("batch");
    s.takedown_record_batch(
        &batch("w-1/a-001", "w-1", 600),
        &items("w-1/a-001", &[&key9, &key7]),
    )
    .expect("batch");
    s.takedown_record_batch(&batch("o-1/a-001", "o-1", 500), &items("o-1/a-001", &["x"]))
        .expect("batch");
    // Unsent: replaced.
    s.takedown_record_batch(&batch("w-1/a-002", "w-1", 601), &items("w-1/a-002", &["y"]))
        .expect("batch again");
    s.takedown_mark_sent("w-1/a-001", at(700), "ana", "complaint 42")
        .expect("sent");
    note(
        "mark unknown",
        format!(
            "{}",
            s.takedown_mark_sent("nope", at(700), "ana", "").is_err()
        ),
    );
    let mut it = items("w-1/a-001", &[&key7]).remove(0);
    it.status = ItemStatus::Removed;
    it.checked_sweep = Some("w-2".into());
    it.checked_at = Some(at(800));
    it.removed_at = Some(at(790));
    it.removed_how = Some("http_404".into());
    s.takedown_update_item(&it).expect("outcome");
    // Sent: left as it is.
    s.takedown_record_batch(&batch("w-1/a-001", "w-1", 900), &[])
        .expect("sent batch again");
    note(
        "batches",
        format!(
            "{:?}\n{:?}",
            s.takedown_batches(Some("weekly")).expect("b"),
            s.takedown_batches(None).expect("b")
        ),
    );
    note(
        "items",
        format!(
            "{:?}\n{:?}",
            s.takedown_items("w-1/a-001").expect("i"),
            s.takedown_items("w-1/a-002").expect("i")
        ),
    );
    note(
        "listing seen",
        format!(
            "{:?} {:?} {:?}",
            s.takedown_listing_seen("w-1", &key7).expect("seen"),
            s.takedown_listing_seen("w-2", &key7).expect("seen"),
            s.takedown_listing_seen("w-2", &key9).expect("seen")
        ),
    );
    note(
        "relist seen",
        format!(
            "{} {}",
            s.relist_listing_seen("w-1", &key9).expect("seen"),
            s.relist_listing_seen("w-2", &key9).expect("seen")
        ),
    );
    note(
        "relist by url",
        format!(
            "{:?}",
            s.relist_listings_by_url("https://a.example/p/7")
                .expect("by url")
                .iter()
                .map(|(sweep, l)| (sweep.clone(), l.listing.title.clone()))
                .collect::<Vec<_>>()
        ),
    );
    let sweeps = |rows: Vec<SweepRow>| -> Vec<String> {
        rows.iter()
            .map(|r| {
                format!(
                    "{} {} {:?} {} {:?} {:?}",
                    r.id, r.name, r.state, r.started_at, r.ended_at, r.summary
                )
            })
            .collect()
    };
    note(
        "sweeps",
        format!(
            "{:?}\n{:?}\n{:?}",
            sweeps(s.sweeps(None).expect("sweeps")),
            sweeps(s.sweeps(Some("weekly")).expect("sweeps")),
            sweeps(s.sweeps(Some("none")).expect("sweeps"))
        ),
    );
    out
}

#[test]
fn the_postgres_store_answers_as_the_sqlite_store_does() {
    let Some(db) = fresh_postgres("conformance") else {
        return;
    };
    let mut sqlite = SqliteStore::in_memory().expect("sqlite");
    let mut pg = PgStore::open(&db.url).expect("postgres");
    let a = exercise(&mut sqlite);
    let b = exercise(&mut pg);
    assert!(a.len() > 40, "the sequence ran: {} answers", a.len());
    assert_eq!(a.len(), b.len());
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x, y, "SQLite (left) and PostgreSQL (right) differ");
    }
}

#[test]
fn a_fresh_schema_named_in_the_url_is_created_and_migrated_once() {
    let Some(db) = fresh_postgres("schema") else {
        return;
    };
    // A schema that does not exist yet, beside the fresh one (dropped with it below).
    let new_schema = format!("{}_new", db.schema);
    let url = db.url.replace(&db.schema, &new_schema);
    let mut first = PgStore::open(&url).expect("creates the schema");
    first
        .start_sweep(&sweep_row("s-1", "n", at(0)))
        .expect("start");
    // Several processes open at once: the second sees the migrated schema.
    let second = PgStore::open(&url).expect("opens again");
    assert_eq!(second.sweeps(None).expect("sweeps").len(), 1);
    let schema = new_schema.clone();
    let conn = PgConn::connect(&url).expect("connect");
    let tables: i64 = conn
        .call(move |c| {
            Ok(c.query_one(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = $1",
                &[&schema],
            )?
            .get(0))
        })
        .expect("count");
    assert!(tables >= 10, "{tables} tables in {new_schema}");
    let versions: i64 = conn
        .call(|c| {
            Ok(c.query_one("SELECT COUNT(*) FROM schema_version", &[])?
                .get(0))
        })
        .expect("versions");
    assert_eq!(
        versions as usize,
        greysweep::store::postgres::schema::MIGRATIONS.len()
    );
    drop((first, second, conn));
    let drop_sql = format!("DROP SCHEMA \"{new_schema}\" CASCADE");
    let conn = PgConn::connect(&db.url).expect("connect");
    conn.call(move |c| Ok(c.batch_execute(&drop_sql)?))
        .expect("drop");
}

#[test]
fn a_bad_url_or_a_missing_server_is_named_without_its_password() {
    let Err(err) = greysweep::store::open(std::path::Path::new(
        "postgres://gs:s3cret@127.0.0.1:1/x?connect_timeout=2",
    )) else {
        panic!("nothing listens on port 1");
    };
    let msg = format!("{err:#}");
    assert!(
        msg.starts_with("cannot connect to PostgreSQL at postgres://gs@127.0.0.1:1/x"),
        "{msg}"
    );
    assert!(!msg.contains("s3cret"), "{msg}");
}

/// One page's batch of writes, as a worker commits it.
fn commit_batch(s: &mut PgStore) {
    s.begin().expect("begin");
    let list = "https://a.example/list";
    s.frontier_insert(&item("https://a.example/p/2"), "a.example")
        .expect("insert");
    s.record_links(&url(list), &[(url("https://a.example/p/2"), 0)])
        .expect("links");
    for id in ["1", "2", "3"] {
        s.record_listing(&listing(list, Some(id), "Acme", ExtractionMethod::Profile))
            .expect("listing");
    }
    s.record_listing(&listing(list, None, "No id", ExtractionMethod::Auto))
        .expect("listing");
    s.record_seller(&seller("https://a.example/s/1", &[], 20))
        .expect("seller");
    s.record_seller(&seller("https://a.example/s/1/c", &[("phone", "1")], 25))
        .expect("seller");
    s.record_page(
        &page_rec(list, PageStatus::Ok, true),
        &Validators::default(),
    )
    .expect("page");
    s.frontier_finish(&url(list)).expect("finish");
    s.commit().expect("commit");
}

#[test]
fn a_page_batch_committed_twice_leaves_one_row_per_key() {
    let Some(db) = fresh_postgres("idempotent") else {
        return;
    };
    let mut first = PgStore::open(&db.url).expect("open");
    first
        .start_sweep(&sweep_row("s-1", "n", at(0)))
        .expect("start");
    first
        .frontier_insert(&item("https://a.example/list"), "a.example")
        .expect("insert");
    commit_batch(&mut first);
    let sellers_once = first.sellers("s-1").expect("sellers");
    // A worker that lost its lease commits the same batch again, from its own connection.
    let mut late = PgStore::open(&db.url).expect("open");
    late.join_sweep("s-1").expect("join");
    commit_batch(&mut late);
    commit_batch(&mut first);

    let listings = first.listings("s-1").expect("listings");
    let keys: BTreeSet<String> = listings.iter().map(ListingRecord::key).collect();
    assert_eq!(listings.len(), 4);
    assert_eq!(keys.len(), 4);
    let sellers = first.sellers("s-1").expect("sellers");
    assert_eq!(sellers.len(), 1);
    assert_eq!(sellers[0].seller.extra, sellers_once[0].seller.extra);
    assert_eq!(sellers[0].first_seen, sellers_once[0].first_seen);
    assert_eq!(sellers[0].last_seen, sellers_once[0].last_seen);
    assert_eq!(first.pages("s-1").expect("pages").len(), 1);
    assert_eq!(
        first
            .links_of("s-1", &url("https://a.example/list"))
            .expect("links")
            .len(),
        1
    );
    assert_eq!(first.frontier_count("a.example", None).expect("count"), 2);
    assert!(late.join_sweep("nope").is_err(), "no such sweep");
}

#[test]
fn joining_a_sweep_leaves_other_workers_urls_in_flight() {
    let Some(db) = fresh_postgres("join") else {
        return;
    };
    let mut a = PgStore::open(&db.url).expect("open");
    a.start_sweep(&sweep_row("s-1", "n", at(0))).expect("start");
    for u in ["https://a.example/1", "https://a.example/2"] {
        a.frontier_insert(&item(u), "a.example").expect("insert");
    }
    a.frontier_take(&url("https://a.example/1")).expect("take");
    let mut b = PgStore::open(&db.url).expect("open");
    b.join_sweep("s-1").expect("join");
    assert_eq!(
        b.frontier_pending().expect("pending"),
        [("a.example".to_string(), 1)]
    );
    b.resume_sweep("s-1").expect("resume");
    assert_eq!(
        b.frontier_pending().expect("pending"),
        [("a.example".to_string(), 2)]
    );
}

#[test]
fn writers_that_deadlock_both_commit_by_replay_and_nothing_is_lost_or_doubled() {
    let Some(db) = fresh_postgres("deadlock") else {
        return;
    };
    let mut setup = PgStore::open(&db.url).expect("open");
    setup
        .start_sweep(&sweep_row("s-1", "n", at(0)))
        .expect("start");
    let urls: Vec<String> = (0..60)
        .map(|i| format!("https://a.example/p/{i:03}"))
        .collect();
    let barrier = Arc::new(Barrier::new(2));
    let workers: Vec<_> = [false, true]
        .into_iter()
        .map(|reversed| {
            let (url_s, barrier, urls) = (db.url.clone(), barrier.clone(), urls.clone());
            std::thread::spawn(move || {
                let mut s = PgStore::open(&url_s).expect("open");
                s.join_sweep("s-1").expect("join");
                let order: Vec<&String> = if reversed {
                    urls.iter().rev().collect()
                } else {
                    urls.iter().collect()
                };
                s.begin().expect("begin");
                // Each holds its first key before both go on: they meet in the middle, each
                // waiting for a key the other holds, and PostgreSQL ends one transaction.
                s.frontier_insert(&item(order[0]), "a.example")
                    .expect("insert");
                barrier.wait();
                let mut new = 0;
                for u in &order[1..] {
                    if s.frontier_insert(&item(u), "a.example").expect("insert") {
                        new += 1;
                    }
                    let id = u.rsplit('/').next().unwrap_or_default();
                    s.record_listing(&listing(u, Some(id), "Acme", ExtractionMethod::Profile))
                        .expect("listing");
                }
                s.commit().expect("both commit");
                (new, s.replays())
            })
        })
        .collect();
    let results: Vec<(usize, usize)> = workers
        .into_iter()
        .map(|w| w.join().expect("worker"))
        .collect();
    let replays: usize = results.iter().map(|r| r.1).sum();
    println!("replays: {replays}");
    assert!(replays >= 1, "one of the two was ended and replayed");
    assert_eq!(setup.frontier_count("a.example", None).expect("count"), 60);
    let listings = setup.listings("s-1").expect("listings");
    assert_eq!(listings.len(), 60, "one per URL");
    let keys: BTreeSet<String> = listings.iter().map(ListingRecord::key).collect();
    assert_eq!(keys.len(), listings.len());
}

// ---- whole sweeps ----

fn ids(rows: &[HashMap<String, String>]) -> BTreeSet<String> {
    rows.iter().map(|r| r["product_id"].clone()).collect()
}

fn status_of(rows: &[HashMap<String, String>]) -> BTreeMap<String, String> {
    rows.iter()
        .map(|r| (r["product_id"].clone(), r["status"].clone()))
        .collect()
}

/// The columns of a CSV that do not depend on when or where the sweep ran.
fn stable(rows: &[HashMap<String, String>]) -> Vec<BTreeMap<String, String>> {
    const VOLATILE: &[&str] = &[
        "sweep_id",
        "fetched_at",
        "first_seen",
        "last_seen",
        "warc_file",
        "warc_record_id",
        "seller_warc_file",
        "seller_warc_record_id",
        "decided_at",
    ];
    let mut v: Vec<BTreeMap<String, String>> = rows
        .iter()
        .map(|r| {
            r.iter()
                .filter(|(k, _)| !VOLATILE.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect()
        })
        .collect();
    v.sort();
    v
}

fn summary_counts(s: &serde_json::Value) -> Vec<(String, serde_json::Value)> {
    [
        "pages_by_status",
        "pages_ok",
        "not_modified",
        "errors",
        "listings",
        "sellers",
        "findings",
        "new_findings",
        "resolved_findings",
        "unverified_findings",
        "findings_by_brand",
    ]
    .iter()
    .map(|k| ((*k).to_string(), s[*k].clone()))
    .collect()
}

#[tokio::test]
async fn a_sweep_on_postgres_gives_what_it_gives_on_sqlite_twice_over() {
    let Some(db) = fresh_postgres("e2e") else {
        return;
    };
    let f = Fixture::start().await;
    let acme = |id: &str| {
        card(
            id,
            &format!("Acme rocket skates model {id}"),
            "Wile Trading",
        )
    };
    let week = |ids: [&str; 3], tag: &str| {
        f.route(
            "/list",
            Reply::html(page(&ids.map(acme), &["/p2", "/p3"], None))
                .header("etag", &format!("\"list-{tag}\"")),
        );
    };
    week(["1", "2", "3"], "v1");
    f.route(
        "/p2",
        Reply::html(page(&[acme("4")], &[], None)).header("etag", "\"p2\""),
    );
    f.route(
        "/p3",
        Reply::html(page(&[acme("5")], &[], None)).header("etag", "\"p3\""),
    );
    let on_sqlite = tempfile::tempdir().expect("tempdir");
    let on_pg = tempfile::tempdir().expect("tempdir");
    let run = |dir: &std::path::Path, state: Option<&str>| {
        let s = Sweep::new().in_dir(dir).start(&f, "/list");
        match state {
            Some(st) => s.state(st),
            None => s,
        }
        .run()
    };
    let a1 = run(on_sqlite.path(), None).await;
    let b1 = run(on_pg.path(), Some(&db.url)).await;
    assert!(
        !on_pg.path().join("out/greysweep.sqlite").exists(),
        "no SQLite file"
    );
    assert_eq!(stable(&a1.listings), stable(&b1.listings));
    assert_eq!(stable(&a1.audit), stable(&b1.audit));
    assert_eq!(summary_counts(&a1.summary), summary_counts(&b1.summary));
    assert_eq!(ids(&b1.audit).len(), 5);

    // A week later: 3 gone, 6 new, /p2 unchanged (304), /p3 taken down.
    week(["1", "2", "6"], "v2");
    f.remove("/p3");
    let a2 = run(on_sqlite.path(), None).await;
    let b2 = run(on_pg.path(), Some(&db.url)).await;
    assert_eq!(status_of(&a2.audit), status_of(&b2.audit));
    assert_eq!(status_of(&b2.audit)["6"], "new");
    assert_eq!(status_of(&b2.audit)["1"], "persisting");
    let resolved = |s: &crate::harness::Swept| ids(&read_csv(&s.outcome.files.resolved));
    assert_eq!(resolved(&a2), resolved(&b2));
    assert_eq!(resolved(&b2).len(), 2);
    assert_eq!(summary_counts(&a2.summary), summary_counts(&b2.summary));
    assert_eq!(stable(&a2.listings), stable(&b2.listings));
    assert_eq!(b2.summary["previous_sweep"], b1.summary["sweep_id"]);

    // `history` and `reaudit` with the PostgreSQL state.
    let bin = env!("CARGO_BIN_EXE_greysweep");
    let out = Command::new(bin)
        .args(["history", "--json", "--state", &db.url])
        .output()
        .expect("history");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["sweep_id"], b2.summary["sweep_id"]);
    assert_eq!(lines[0]["state"], "complete");
    let check = Command::new(bin)
        .args(["history", "--check", "--state", &db.url])
        .output()
        .expect("history --check");
    assert!(!check.status.success());
    assert!(
        String::from_utf8_lossy(&check.stderr).contains("checks SQLite state files"),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let sweep_file = on_pg.path().join("sweep.toml");
    let evidence = b2.outcome.files.dir.join("evidence");
    let re = Command::new(bin)
        .arg("reaudit")
        .arg(&evidence)
        .arg("--sweep")
        .arg(&sweep_file)
        .arg("--out")
        .arg(on_pg.path().join("re"))
        .output()
        .expect("reaudit");
    assert!(
        re.status.success(),
        "{}",
        String::from_utf8_lossy(&re.stderr)
    );
    let missing = Command::new(bin)
        .args([
            "history",
            "--state",
            "postgres://nobody:pw@127.0.0.1:1/x?connect_timeout=2",
        ])
        .output()
        .expect("history");
    assert!(!missing.status.success());
    let err = String::from_utf8_lossy(&missing.stderr);
    assert!(
        err.contains("cannot connect to PostgreSQL at postgres://nobody@127.0.0.1:1/x"),
        "{err}"
    );
    assert!(!err.contains(":pw@"), "{err}");
}

#[test]
fn sslmode_require_encrypts_and_verify_full_checks_the_certificate() {
    let Some(db) = fresh_postgres("tls") else {
        return;
    };
    let plain = PgConn::connect(&db.url).expect("connect");
    let offered: String = plain
        .call(|c| Ok(c.query_one("SHOW ssl", &[])?.try_get(0)?))
        .expect("show ssl");
    if offered != "on" {
        println!("skipped: the test server does not offer TLS (ssl = {offered})");
        return;
    }
    let encrypted = |conn: &PgConn| -> bool {
        conn.call(|c| {
            Ok(c.query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )?
            .try_get(0)?)
        })
        .expect("pg_stat_ssl")
    };
    assert!(!encrypted(&plain), "no sslmode: in the clear");
    let url = format!("{}&sslmode=require", db.url);
    assert!(encrypted(&PgConn::connect(&url).expect("TLS")));
    let mut store = PgStore::open(&url).expect("a store over TLS");
    store
        .start_sweep(&sweep_row("s-1", "n", at(0)))
        .expect("start");
    assert_eq!(store.sweeps(None).expect("sweeps").len(), 1);
    // verify-full checks the certificate against the platform's roots: a test server's
    // self-signed certificate fails, and the message says where.
    match PgConn::connect(&format!("{}&sslmode=verify-full", db.url)) {
        Ok(conn) => assert!(encrypted(&conn)),
        Err(e) => {
            let msg = format!("{e:#}");
            assert!(
                msg.starts_with("cannot connect to PostgreSQL at postgres://"),
                "{msg}"
            );
            println!("verify-full refused: {msg}");
        }
    }
}
