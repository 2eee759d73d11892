//! Frontier claim throughput of a fleet (issue 15): URLs per second that 1, 2 and 4
//! workers take from a shared PostgreSQL frontier, each URL the way the crawl takes it —
//! the host leased (`FOR UPDATE SKIP LOCKED`), the lease confirmed and the page budget
//! counted before the URL is taken, the URL marked done, batches committed every 50
//! pages. No HTTP: this is the coordination cost a fleet adds per page.
//!
//! Needs a PostgreSQL database: `GREYSWEEP_TEST_POSTGRES=postgres://postgres@127.0.0.1:5432/test
//! cargo bench --bench fleet`. Each run uses a fresh schema and drops it. Without the
//! variable it prints that it skipped.

use std::time::{Duration, Instant};

use greysweep::fleet::Leases;
use greysweep::frontier::{Frontier, Item};
use greysweep::politeness::{Politeness, Rules};
use greysweep::store::postgres::{PgConn, PgStore};
use greysweep::store::{GroupCommit, Store, SweepRow, SweepState};

const HOSTS: usize = 32;
const URLS_PER_HOST: usize = 250;

fn main() {
    let Ok(base) = std::env::var("GREYSWEEP_TEST_POSTGRES") else {
        println!("fleet claim throughput: skipped: GREYSWEEP_TEST_POSTGRES not set");
        return;
    };
    println!(
        "fleet claim throughput: {HOSTS} hosts × {URLS_PER_HOST} URLs, {} cores",
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    for workers in [1usize, 2, 4] {
        let schema = format!("gs_bench_fleet_{}_{workers}", std::process::id());
        let url = with_schema(&base, &schema);
        let (urls, took) = run(&url, workers);
        drop_schema(&base, &schema);
        println!(
            "  {workers} worker(s): {urls} URLs in {:.2}s = {:.0} URLs/s",
            took.as_secs_f64(),
            urls as f64 / took.as_secs_f64()
        );
    }
}

fn with_schema(base: &str, schema: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}options=-csearch_path%3D{schema}")
}

fn drop_schema(base: &str, schema: &str) {
    if let Ok(c) = PgConn::connect(base) {
        let sql = format!("DROP SCHEMA IF EXISTS {schema} CASCADE");
        let _ = c.call(move |c| Ok(c.batch_execute(&sql)?));
    }
}

/// Seeds a sweep, then lets `workers` threads drain it; returns the URLs taken and the
/// time from the first claim to the last commit.
fn run(url: &str, workers: usize) -> (usize, Duration) {
    let mut store = PgStore::open(url).expect("store");
    let id = "bench-fleet".to_string();
    store
        .start_sweep(&SweepRow {
            id: id.clone(),
            name: "bench".into(),
            state: SweepState::Running,
            started_at: chrono::Utc::now(),
            ended_at: None,
            summary: None,
        })
        .expect("sweep");
    store.begin().expect("begin");
    for h in 0..HOSTS {
        let host = format!("h{h}.example:80");
        for u in 0..URLS_PER_HOST {
            let item = Item::start(
                url::Url::parse(&format!("http://h{h}.example:80/p/{u}")).expect("url"),
            );
            store.frontier_insert(&item, &host).expect("insert");
        }
    }
    store.commit().expect("commit");
    let conn = PgConn::connect(url).expect("conn");
    greysweep::fleet::register(
        &conn,
        &id,
        &greysweep::fleet::Bundle {
            sweep_file: "bench.toml".into(),
            files: Default::default(),
        },
        Duration::from_secs(30),
        usize::MAX,
    )
    .expect("register");
    drop(store);

    let start = Instant::now();
    let taken: usize = std::thread::scope(|s| {
        let handles: Vec<_> = (0..workers)
            .map(|w| {
                let (url, id) = (url.to_string(), id.clone());
                s.spawn(move || drain(&url, &id, &format!("bench-{w}")))
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("worker")).sum()
    });
    (taken, start.elapsed())
}

/// One worker: claim hosts, take their URLs one at a time as the crawl does, until the
/// sweep has nothing left.
fn drain(url: &str, sweep: &str, worker: &str) -> usize {
    let mut store = PgStore::open(url).expect("store");
    store.join_sweep(sweep).expect("join");
    let mut leases = Leases::join(
        PgConn::connect(url).expect("conn"),
        sweep,
        worker,
        Duration::from_secs(30),
        4,
    )
    .expect("leases");
    let mut frontier = Frontier::new(10, 10, 2048).shared();
    let mut politeness = Politeness::new(
        "greysweep",
        Rules {
            min_delay: Duration::ZERO,
            max_delay: Duration::from_secs(1),
            adaptive: false,
            pause_after_failures: 0,
            host_pause: Duration::from_secs(1),
            obey_crawl_delay: true,
        },
    );
    let mut batch = GroupCommit::new(50, Duration::from_secs(1));
    let mut taken = 0;
    loop {
        let now = Instant::now();
        leases
            .tick(now, &mut store, &mut batch, &mut frontier, &mut politeness)
            .expect("tick");
        if leases.finished() {
            break;
        }
        let hosts: Vec<String> = frontier
            .hosts_with_work()
            .filter(|h| leases.holds(h, now))
            .map(str::to_string)
            .collect();
        if hosts.is_empty() {
            std::thread::sleep(Duration::from_millis(5));
            continue;
        }
        for host in hosts {
            if leases
                .confirm(&host, Duration::ZERO, true)
                .expect("confirm")
                != greysweep::fleet::Confirm::Go
            {
                continue;
            }
            batch.open(&mut store).expect("open");
            if let Some(item) = frontier.pop(&mut store, &host).expect("pop") {
                frontier.finish(&mut store, &item).expect("finish");
                taken += 1;
            }
            batch.page_done(&mut store).expect("done");
        }
    }
    batch.commit(&mut store).expect("commit");
    leases.release_all(&politeness).expect("release");
    taken
}
