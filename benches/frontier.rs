//! Frontier benchmark: offer 1,000,000 URLs (over 1,000 hosts; one offer in four repeats
//! an earlier URL, so 750,000 are new) to the on-disk frontier, then dequeue them all, and
//! report the rates, the duplicates refused and the peak resident memory. The seen check
//! is the store's (the `frontier` table's primary key), so memory does not grow with the
//! URLs.
//!
//! Not a criterion bench: what matters here is one long run's memory high-water mark
//! (`VmHWM` from /proc), which criterion's repeated samples would blur. Run with
//! `cargo bench --bench frontier` (optionally `-- 200000` for another URL count).

use std::time::Instant;

use greysweep::extract::SiteProfile;
use greysweep::frontier::{Frontier, TrapLimits};
use greysweep::store::{SqliteStore, Store, SweepRow, SweepState};
use url::Url;

fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() -> anyhow::Result<()> {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let hosts = 1_000;
    let dir = tempfile::tempdir()?;
    let mut store = SqliteStore::open(&dir.path().join("bench.sqlite"))?;
    store.start_sweep(&SweepRow {
        id: "bench".into(),
        name: "bench".into(),
        state: SweepState::Running,
        started_at: chrono::Utc::now(),
        ended_at: None,
        summary: None,
    })?;
    let profile = SiteProfile::from_toml(
        std::path::Path::new("bench.toml"),
        "name = \"bench\"\nstart_urls = [\"https://h0.example.com/\"]\nhosts = [\"*.example.com\"]\n",
    )?;
    let profiles = [profile];
    let mut frontier = Frontier::new(100, 100, 2048).with_limits(TrapLimits {
        max_per_host: 0,
        max_query_variants: usize::MAX,
    });
    let rss_before = peak_rss_mib();

    let start = Instant::now();
    store.begin()?;
    let mut duplicates = 0usize;
    for i in 0..n {
        // Every fourth offer repeats the URL offered three before (a page linked twice).
        let u = if i % 4 == 3 { i - 3 } else { i };
        let url = Url::parse(&format!(
            "https://h{}.example.com/catalog/item-{u}.html",
            u % hosts
        ))?;
        match frontier.offer_start(&mut store, &profiles, &url)? {
            Ok(()) => {}
            Err(greysweep::frontier::Refusal::Duplicate) if u != i => duplicates += 1,
            Err(r) => anyhow::bail!("URL {i} refused: {r:?}"),
        }
        if (i + 1).is_multiple_of(10_000) {
            store.commit()?;
            store.begin()?;
        }
    }
    store.commit()?;
    let enqueue = start.elapsed();
    let unique = n - duplicates;
    assert_eq!(duplicates, n / 4);
    assert_eq!(frontier.len(), unique);

    let start = Instant::now();
    let mut taken = 0usize;
    store.begin()?;
    let host_list: Vec<String> = frontier.hosts_with_work().map(str::to_string).collect();
    'outer: loop {
        let mut any = false;
        for h in &host_list {
            if let Some(item) = frontier.pop(&mut store, h)? {
                frontier.finish(&mut store, &item)?;
                taken += 1;
                any = true;
                if taken.is_multiple_of(10_000) {
                    store.commit()?;
                    store.begin()?;
                }
            }
        }
        if !any {
            break 'outer;
        }
    }
    store.commit()?;
    let dequeue = start.elapsed();
    assert_eq!(taken, unique);

    println!(
        "frontier: {n} URLs over {hosts} hosts (machine: {} cores)",
        std::thread::available_parallelism().map_or(0, |p| p.get())
    );
    println!(
        "  offer:   {:>8.0} URLs/s ({:.1} s; {duplicates} duplicates refused)",
        n as f64 / enqueue.as_secs_f64(),
        enqueue.as_secs_f64()
    );
    println!(
        "  dequeue: {:>8.0} URLs/s ({:.1} s)",
        unique as f64 / dequeue.as_secs_f64(),
        dequeue.as_secs_f64()
    );
    println!(
        "  peak RSS: {:.1} MiB (before enqueue: {:.1} MiB; target < 150 MiB)",
        peak_rss_mib(),
        rss_before
    );
    Ok(())
}
