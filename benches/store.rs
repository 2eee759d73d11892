//! Store benchmark: what the crawl writes per page — the page taken from the frontier,
//! its record, 20 listings, a seller record, two links queued and recorded, the page
//! finished — for 1,000 pages into a SQLite file (WAL, as a sweep uses it), committed
//! once per page (`commit_interval_ms = 0`) or in group commits of up to 256 pages (the
//! default). Figures are pages/s; compare the two as a ratio (batched / per page).
//!
//! `cargo bench --bench store`

use std::time::Duration;

use chrono::Utc;
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use greysweep::extract::{ExtractionMethod, Listing, Seller};
use greysweep::frontier::Item;
use greysweep::store::{
    GroupCommit, ListingRecord, PageRecord, PageStatus, SellerRecord, SqliteStore, Store, SweepRow,
    SweepState, Validators,
};
use url::Url;

const PAGES: usize = 1_000;
const LISTINGS: usize = 20;

fn item(url: Url) -> Item {
    Item {
        depth: 1,
        ..Item::start(url)
    }
}

fn open() -> (tempfile::TempDir, SqliteStore) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut store = SqliteStore::open(&dir.path().join("bench.sqlite")).expect("store");
    store
        .start_sweep(&SweepRow {
            id: "bench".into(),
            name: "bench".into(),
            state: SweepState::Running,
            started_at: Utc::now(),
            ended_at: None,
            summary: None,
        })
        .expect("sweep");
    (dir, store)
}

/// Writes one page's outcome the way the crawl does.
fn page(store: &mut SqliteStore, i: usize) -> anyhow::Result<()> {
    let url = Url::parse(&format!("https://d.example/search?page={i}"))?;
    store.frontier_insert(&item(url.clone()), "d.example")?;
    store.frontier_take(&url)?;
    let now = Utc::now();
    for k in 0..LISTINGS {
        store.record_listing(&ListingRecord {
            site: "d".into(),
            listing_url: format!("https://d.example/item/{i}-{k}.html"),
            listing: Listing {
                title: Some(format!("Stainless steel bottle 500 ml model {i}-{k}")),
                price: Some("US$ 1.20-2.50".into()),
                moq: Some("500 Pieces".into()),
                seller_name: Some(format!("Ningbo Trading Co {}", i % 50)),
                seller_url: Some(format!("https://d.example/store/{}", i % 50)),
                product_id: Some(format!("{i}-{k}")),
                ..Listing::default()
            },
            page_url: url.clone(),
            fetched_at: now,
            http_status: 200,
            page_sha256: "ab".repeat(32),
            warc_file: Some("bench-r01-00000.warc.gz".into()),
            warc_record_id: Some(format!("<urn:uuid:{i:08}-0000-4000-8000-000000000000>")),
            extraction: Some(ExtractionMethod::Profile),
            joined: None,
            findings: Vec::new(),
        })?;
    }
    store.record_seller(&SellerRecord::new(
        "d",
        Seller {
            seller_id: Some(format!("{}", i % 50)),
            name: Some(format!("Ningbo Trading Co {}", i % 50)),
            ..Seller::default()
        },
        &url,
        now,
    ))?;
    let mut links: Vec<(Url, u8)> = Vec::new();
    for d in 1..=2 {
        let u = Url::parse(&format!("https://d.example/search?page={}", i + PAGES * d))?;
        links.push((u, 0));
    }
    for (u, _) in &links {
        store.frontier_insert(&item(u.clone()), "d.example")?;
    }
    store.record_links(&url, &links)?;
    store.record_page(
        &PageRecord {
            url: url.clone(),
            site: "d".into(),
            status: PageStatus::Ok,
            http_status: Some(200),
            fetched_at: Some(now),
            depth: 1,
            listings: LISTINGS,
            sha256: Some("ab".repeat(32)),
            detail: None,
            warc_file: Some("bench-r01-00000.warc.gz".into()),
            warc_record_id: None,
            figures: None,
        },
        &Validators::default(),
    )?;
    store.frontier_finish(&url)
}

fn run(store: &mut SqliteStore, mut batch: GroupCommit) {
    for i in 0..PAGES {
        batch.open(store).expect("begin");
        page(store, i).expect("page");
        batch.page_done(store).expect("commit");
    }
    batch.commit(store).expect("commit");
}

fn commits(c: &mut Criterion) {
    let mut g = c.benchmark_group("store_1000_pages_x20_listings");
    g.throughput(Throughput::Elements(PAGES as u64));
    g.sample_size(10);
    g.bench_function("commit_per_page", |b| {
        b.iter_batched(
            open,
            |(_dir, mut store)| run(&mut store, GroupCommit::new(1, Duration::ZERO)),
            BatchSize::PerIteration,
        );
    });
    g.bench_function("group_commit_256_pages", |b| {
        b.iter_batched(
            open,
            |(_dir, mut store)| run(&mut store, GroupCommit::new(256, Duration::from_secs(3600))),
            BatchSize::PerIteration,
        );
    });
    g.finish();
}

criterion_group!(benches, commits);
criterion_main!(benches);
