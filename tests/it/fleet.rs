//! Issue 15: several worker processes sweep one site through a PostgreSQL frontier.
//! Server-side timestamps show no host ever exceeded its rate; every listing is found
//! exactly once; the outputs equal those of a single-process SQLite sweep of the same
//! site; a worker killed with SIGKILL mid-sweep loses nothing. The workers are real
//! processes of the `greysweep` binary; the fixture hosts are servers on 127.0.0.1.
//!
//! These tests need `GREYSWEEP_TEST_POSTGRES` (`.ci/run` sets it); without it they print
//! that they skipped.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::harness::{Fixture, Hit, Sweep, card, page, read_csv};
use crate::pg::fresh_postgres;

const HOSTS: usize = 4;
const PAGES: usize = 8;
/// Requests per second per host: a host's eight pages take at least 3.5 s, whoever
/// fetches them, so workers started after the sweep still find work.
const RATE: f64 = 2.0;

/// Four hosts (separate loopback ports count as separate hosts), each a chain of list
/// pages with three cards, the last linking to the next host's first page.
async fn site() -> Vec<Fixture> {
    let mut hosts = Vec::new();
    for _ in 0..HOSTS {
        hosts.push(Fixture::start().await);
    }
    for (n, f) in hosts.iter().enumerate() {
        let other = hosts[(n + 1) % HOSTS].url("/l?page=1");
        for i in 1..=PAGES {
            let next = (i < PAGES).then(|| format!("/l?page={}", i + 1));
            let port = f.addr.port();
            let cards: Vec<String> = (0..3)
                .map(|k| {
                    let (title, seller) = if k == 0 {
                        ("Acme Widget genuine", "Shady Trading")
                    } else {
                        ("Plain Widget", "Some Seller")
                    };
                    card(&format!("{port}-{i}-{k}"), title, seller)
                })
                .collect();
            let follow: Vec<&str> = if i == PAGES { vec![&other] } else { vec![] };
            f.page(
                &format!("/l?page={i}"),
                &page(&cards, &follow, next.as_deref()),
            );
        }
    }
    hosts
}

fn sweep_for(hosts: &[Fixture], dir: &Path) -> Sweep {
    let mut s = Sweep::new()
        .in_dir(dir)
        .crawler("rate_per_host", &format!("{RATE:.1}"))
        .crawler("concurrency", "4");
    for f in hosts {
        s = s.start(f, "/l?page=1");
    }
    s
}

/// A greysweep process, killed if the test ends before it does.
struct Proc(Child);

impl Drop for Proc {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn greysweep(args: &[&str], log: &Path) -> Proc {
    let err = std::fs::File::create(log).expect("log file");
    Proc(
        Command::new(env!("CARGO_BIN_EXE_greysweep"))
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .expect("start greysweep"),
    )
}

/// `greysweep sweep FILE --state DB --out OUT --worker-id ID [--lease-secs N]`.
fn fleet_sweep(file: &str, db: &str, out: &str, id: &str, lease: Option<&str>, log: &Path) -> Proc {
    let mut args = vec![
        "sweep",
        file,
        "--state",
        db,
        "--out",
        out,
        "--worker-id",
        id,
    ];
    if let Some(secs) = lease {
        args.extend(["--lease-secs", secs]);
    }
    greysweep(&args, log)
}

/// `greysweep worker --state DB --out OUT --worker-id ID`.
fn fleet_worker(db: &str, out: &str, id: &str, log: &Path) -> Proc {
    greysweep(
        &["worker", "--state", db, "--out", out, "--worker-id", id],
        log,
    )
}

/// Waits for a process without blocking the fixture servers' runtime; kills it after
/// three minutes (a hung fleet fails the test instead of hanging it).
async fn wait_ok(child: &mut Proc, what: &str, log: &Path) {
    let child = &mut child.0;
    for _ in 0..3600 {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "{what} failed ({status}): {}", read(log));
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    panic!("{what} did not finish: {}", read(log));
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_default()
}

/// Polls `query` (one boolean) on the test database until it is true (at most two
/// minutes: a loaded machine starts processes slowly).
async fn until(url: &str, query: &str, what: &str) {
    for _ in 0..2400 {
        if sql_bool(url, query).await {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

async fn sql_bool(url: &str, query: &str) -> bool {
    let (url, query) = (url.to_string(), query.to_string());
    tokio::task::spawn_blocking(move || {
        let mut c = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
        c.query_opt(&query, &[])
            .ok()
            .flatten()
            .is_some_and(|r| r.get::<_, Option<bool>>(0).unwrap_or(false))
    })
    .await
    .expect("query task")
}

/// No host saw two requests closer together than its delay allows: the fixture stamps a
/// request when its handler runs, so a stamp may come late and shorten the next gap;
/// spans of four gaps absorb that, and a fleet crawling any host at even 25 % over its
/// rate fails.
fn assert_rate(hosts: &[Fixture]) {
    let gap = Duration::from_secs_f64(1.0 / RATE);
    for f in hosts {
        let mut hits: Vec<Hit> = f.hits();
        hits.sort_by_key(|h| h.at);
        for five in hits.windows(5) {
            let span = five[4].at.duration_since(five[0].at);
            assert!(
                span >= gap * 4 - Duration::from_millis(150),
                "host {}: five requests within {span:?} ({:?})",
                f.addr,
                five.iter().map(|h| h.path.as_str()).collect::<Vec<_>>()
            );
        }
    }
}

/// The rows of an output CSV as sets of the columns that do not depend on who fetched
/// what when (times, WARC files and record ids, the sweep id are left out), sorted.
fn comparable(path: &Path) -> Vec<BTreeMap<String, String>> {
    let skip = [
        "fetched_at",
        "first_seen",
        "warc_file",
        "warc_record_id",
        "seller_warc_file",
        "seller_warc_record_id",
        "sweep_id",
    ];
    let mut rows: Vec<BTreeMap<String, String>> = read_csv(path)
        .into_iter()
        .map(|r| {
            r.into_iter()
                .filter(|(k, _)| !skip.contains(&k.as_str()))
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

fn sweep_dir(out: &Path) -> PathBuf {
    std::fs::read_dir(out)
        .expect("out")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .find(|p| p.is_dir() && p.join("summary.json").is_file())
        .expect("a sweep folder with outputs")
}

/// Compares the fleet's outputs with a single-process SQLite sweep of the same site.
async fn assert_same_as_sqlite(hosts: &[Fixture], fleet_out: &Path) {
    let fleet_dir = sweep_dir(fleet_out);
    let fleet_listings = comparable(&fleet_dir.join("listings.csv"));
    let ids: Vec<&String> = fleet_listings.iter().map(|r| &r["product_id"]).collect();
    let unique: HashSet<&&String> = ids.iter().collect();
    assert_eq!(ids.len(), HOSTS * PAGES * 3, "every listing, exactly once");
    assert_eq!(unique.len(), ids.len(), "a listing recorded twice");

    let single = tempfile::tempdir().expect("tempdir");
    let swept = sweep_for(hosts, single.path()).run().await;
    let single_dir = swept.outcome.files.dir.clone();
    assert_eq!(
        fleet_listings,
        comparable(&single_dir.join("listings.csv")),
        "listings.csv differs from a single-process SQLite sweep"
    );
    assert_eq!(
        comparable(&fleet_dir.join("audit.csv")),
        comparable(&single_dir.join("audit.csv")),
        "audit.csv differs from a single-process SQLite sweep"
    );
    let summary = |d: &Path| -> serde_json::Value {
        serde_json::from_slice(&std::fs::read(d.join("summary.json")).expect("summary"))
            .expect("json")
    };
    let (f, s) = (summary(&fleet_dir), summary(&single_dir));
    for key in ["pages_by_status", "listings", "flagged", "new_findings"] {
        assert_eq!(f[key], s[key], "summary.json {key}");
    }
    // The evidence of every page is in the shared folder and indexed once.
    let index = read(&fleet_dir.join("evidence").join("index.cdxj"));
    for i in 1..=PAGES {
        for h in hosts {
            assert!(
                index.contains(&h.url(&format!("/l?page={i}"))),
                "{} not in index.cdxj",
                h.url(&format!("/l?page={i}"))
            );
        }
    }
}

fn warc_writers(dir: &Path) -> HashSet<String> {
    std::fs::read_dir(dir.join("evidence"))
        .expect("evidence")
        .filter_map(Result::ok)
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| n.ends_with(".warc.gz"))
        .filter_map(|n| {
            ["-wa-", "-wb-", "-wc-"]
                .iter()
                .find(|w| n.contains(*w))
                .map(|w| w.to_string())
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn three_workers_share_hosts_politely_and_match_a_single_sqlite_sweep() {
    let Some(db) = fresh_postgres("fleet3") else {
        return;
    };
    let hosts = site().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let sweep_file = sweep_for(&hosts, dir.path()).write();
    let sweep_file = sweep_file.to_str().expect("path");
    let out_s = out.to_str().expect("path");
    let log = |n: &str| dir.path().join(format!("{n}.log"));

    let mut a = fleet_sweep(sweep_file, &db.url, out_s, "wa", Some("5"), &log("a"));
    until(
        &db.url,
        "SELECT EXISTS (SELECT 1 FROM fleet_hosts WHERE owner IS NOT NULL)",
        "the sweep to start and claim hosts",
    )
    .await;
    let mut b = fleet_worker(&db.url, out_s, "wb", &log("b"));
    let mut c = fleet_worker(&db.url, out_s, "wc", &log("c"));
    wait_ok(&mut a, "the sweep process", &log("a")).await;
    wait_ok(&mut b, "worker b", &log("b")).await;
    wait_ok(&mut c, "worker c", &log("c")).await;

    assert_rate(&hosts);
    let fleet_dir = sweep_dir(&out);
    let writers = warc_writers(&fleet_dir);
    assert!(
        writers.len() >= 2,
        "the hosts were not spread over the workers: only {writers:?} wrote WARC files"
    );
    // No host was fetched by two workers at once: each page was requested once.
    for f in &hosts {
        for i in 1..=PAGES {
            assert_eq!(f.hits_of(&format!("/l?page={i}")), 1, "{} page {i}", f.addr);
        }
    }
    assert_same_as_sqlite(&hosts, &out).await;

    // Any machine can write the outputs again: `report` checks every WARC file the
    // store refers to is in the evidence folder first.
    let sweep_id = fleet_dir
        .file_name()
        .and_then(|n| n.to_str())
        .expect("sweep id")
        .to_string();
    let report = |log_name: &str| {
        std::process::Command::new(env!("CARGO_BIN_EXE_greysweep"))
            .args([
                "report", "--state", &db.url, "--sweep", &sweep_id, "--out", out_s,
            ])
            .stderr(std::fs::File::create(log(log_name)).expect("log"))
            .status()
            .expect("report")
    };
    std::fs::remove_file(fleet_dir.join("manifest.json")).expect("remove manifest");
    assert!(report("report1").success(), "{}", read(&log("report1")));
    assert!(
        fleet_dir.join("manifest.json").is_file(),
        "report wrote no manifest"
    );
    let referenced = read_csv(&fleet_dir.join("listings.csv"))[0]["warc_file"].clone();
    let warc = fleet_dir.join("evidence").join(referenced);
    assert!(warc.is_file(), "{}", warc.display());
    let aside = warc.with_extension("moved");
    std::fs::rename(&warc, &aside).expect("move");
    std::fs::remove_file(fleet_dir.join("manifest.json")).expect("remove manifest");
    assert!(
        !report("report2").success(),
        "report passed with a WARC file missing"
    );
    let said = read(&log("report2"));
    assert!(
        said.contains("WARC file") && said.contains("evidence"),
        "the refusal does not say what is missing: {said}"
    );
    assert!(
        !fleet_dir.join("manifest.json").exists(),
        "a manifest was written over missing evidence"
    );
    std::fs::rename(&aside, &warc).expect("move back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_worker_killed_mid_sweep_loses_nothing() {
    let Some(db) = fresh_postgres("fleetkill") else {
        return;
    };
    let hosts = site().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let sweep_file = sweep_for(&hosts, dir.path()).write();
    let sweep_file = sweep_file.to_str().expect("path");
    let out_s = out.to_str().expect("path");
    let log = |n: &str| dir.path().join(format!("{n}.log"));

    // The process that starts the sweep is the worker killed: it is alone at first, so
    // it surely holds hosts, with pages in flight and in an uncommitted batch, when it
    // dies; and nobody is left to write the outputs but `report`.
    let mut a = fleet_sweep(sweep_file, &db.url, out_s, "wa", Some("2"), &log("a"));
    until(
        &db.url,
        "SELECT EXISTS (SELECT 1 FROM fleet_hosts WHERE owner = 'wa' AND next_at IS NOT NULL)
            AND EXISTS (SELECT 1 FROM fleet_sweeps WHERE requests >= 6)",
        "the sweep process to work on its hosts",
    )
    .await;
    let killed = std::process::Command::new("kill")
        .args(["-KILL", &a.0.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let _ = a.0.wait();
    assert!(
        !sql_bool(
            &db.url,
            "SELECT NOT EXISTS (SELECT 1 FROM frontier WHERE state < 2)"
        )
        .await,
        "the sweep was already done when its worker was killed"
    );
    let mut b = fleet_worker(&db.url, out_s, "wb", &log("b"));
    let mut c = fleet_worker(&db.url, out_s, "wc", &log("c"));
    wait_ok(&mut b, "worker b", &log("b")).await;
    wait_ok(&mut c, "worker c", &log("c")).await;

    // The killed worker's hosts were taken over once its leases expired, by workers
    // that said so.
    let (lb, lc) = (read(&log("b")), read(&log("c")));
    assert!(
        lb.contains("took over") || lc.contains("took over"),
        "no host was taken over after the kill:\n{lb}\n{lc}"
    );
    let sweep_id = std::fs::read_dir(&out)
        .expect("out")
        .filter_map(Result::ok)
        .find(|e| e.path().is_dir())
        .and_then(|e| e.file_name().into_string().ok())
        .expect("the sweep's folder");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .args([
            "report", "--state", &db.url, "--sweep", &sweep_id, "--out", out_s,
        ])
        .stderr(std::fs::File::create(log("report")).expect("log"))
        .status()
        .expect("report");
    assert!(status.success(), "report: {}", read(&log("report")));
    assert_rate(&hosts);
    assert_same_as_sqlite(&hosts, &out).await;
}

/// A worker on another machine loads the very settings the sweep was started with, from
/// the text recorded in the database, with none of the files on its disk.
#[test]
fn a_sweeps_settings_travel_with_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = Sweep::new()
        .in_dir(dir.path())
        .start_url("http://127.0.0.1:9/l")
        .write();
    let settings = greysweep::config::Settings::load(&path, &Default::default()).expect("settings");
    let bundle = greysweep::fleet::Bundle::of(&settings).expect("bundle");
    let text = serde_json::to_string(&bundle).expect("json");
    for f in ["sweep.toml", "site.toml", "brands.toml"] {
        std::fs::remove_file(dir.path().join(f)).expect("remove");
    }
    let back: greysweep::fleet::Bundle = serde_json::from_str(&text).expect("json");
    let loaded = back
        .settings(&greysweep::config::Overrides {
            output_dir: Some(PathBuf::from("/srv/evidence")),
            state: Some(PathBuf::from("postgres://db/greysweep")),
        })
        .expect("settings from the bundle");
    assert_eq!(loaded.name, settings.name);
    assert_eq!(loaded.config_digests, settings.config_digests);
    assert_eq!(loaded.profiles.len(), settings.profiles.len());
    assert_eq!(
        loaded.profiles[0].start_urls,
        settings.profiles[0].start_urls
    );
    assert_eq!(loaded.output_dir, PathBuf::from("/srv/evidence"));
    assert_eq!(
        loaded.state_file,
        PathBuf::from("postgres://db/greysweep"),
        "--state wins over the sweep file's"
    );
    // Outside the bundle, the files are gone: a normal load says so.
    assert!(greysweep::config::Settings::load(&path, &Default::default()).is_err());
}

#[test]
fn worker_ids_name_files_safely() {
    assert!(greysweep::fleet::worker_id(Some("wa-1")).is_ok());
    assert!(greysweep::fleet::worker_id(Some("../x")).is_err());
    assert!(greysweep::fleet::worker_id(Some("")).is_err());
    let auto = greysweep::fleet::worker_id(None).expect("auto id");
    assert!(
        auto.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'),
        "{auto}"
    );
    assert!(auto.ends_with(&format!("-{}", std::process::id())));
}

/// A second `sweep` of the same name on the same database joins the running sweep as
/// another worker, on the settings the sweep started with even when the files changed
/// since (here the brand registry): the outputs are those of the original settings.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_sweep_joins_on_the_recorded_settings() {
    let Some(db) = fresh_postgres("fleetjoin") else {
        return;
    };
    let hosts = site().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let sweep_file = sweep_for(&hosts, dir.path()).write();
    let sweep_file = sweep_file.to_str().expect("path");
    let out_s = out.to_str().expect("path");
    let log = |n: &str| dir.path().join(format!("{n}.log"));
    let mut a = fleet_sweep(sweep_file, &db.url, out_s, "wa", None, &log("a"));
    until(
        &db.url,
        "SELECT EXISTS (SELECT 1 FROM fleet_hosts WHERE owner IS NOT NULL)",
        "the sweep to start and claim hosts",
    )
    .await;
    // The registry changes under the running sweep: a brand nobody sells.
    std::fs::write(
        dir.path().join("brands.toml"),
        "[[brand]]\nname = \"Zyxq\"\n",
    )
    .expect("registry");
    let mut b = fleet_sweep(sweep_file, &db.url, out_s, "wb", None, &log("b"));
    wait_ok(&mut a, "the first sweep process", &log("a")).await;
    wait_ok(&mut b, "the second sweep process", &log("b")).await;
    let said = read(&log("b"));
    assert!(said.contains("joining sweep"), "{said}");
    assert!(said.contains("changed since sweep"), "{said}");
    // One of the two wrote the outputs; the other said who.
    let both = format!("{}{said}", read(&log("a")));
    assert!(both.contains("outputs are written by worker"), "{both}");
    assert_eq!(
        std::fs::read_dir(&out)
            .expect("out")
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .count(),
        1,
        "the second process started a sweep of its own"
    );
    // Back to the registry the sweep started with, for the single-process comparison.
    std::fs::write(
        dir.path().join("brands.toml"),
        "[[brand]]\nname = \"Acme\"\nauthorised_sellers = [\"Acme Official\"]\n",
    )
    .expect("registry");
    assert_rate(&hosts);
    assert_same_as_sqlite(&hosts, &out).await;
}

/// A Retry-After reaches the database as soon as the answer is handled, not at the next
/// lease renewal (a minute away here): a worker dying meanwhile would otherwise hand the
/// host over without it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_after_is_in_the_database_at_once() {
    let Some(db) = fresh_postgres("fleetretry") else {
        return;
    };
    let f = Fixture::start().await;
    f.page("/start", &page(&[], &["/busy"], None));
    f.sequence(
        "/busy",
        vec![
            crate::harness::Reply::status(429).header("retry-after", "5"),
            crate::harness::Reply::html(page(&[card("5", "Thing", "S")], &[], None)),
        ],
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let sweep_file = Sweep::new().in_dir(dir.path()).start(&f, "/start").write();
    let log = dir.path().join("a.log");
    let mut a = greysweep(
        &[
            "sweep",
            sweep_file.to_str().expect("path"),
            "--state",
            &db.url,
            "--out",
            dir.path().join("out").to_str().expect("path"),
            "--lease-secs",
            "180",
        ],
        &log,
    );
    let mut seen = false;
    for _ in 0..200 {
        if sql_bool(
            &db.url,
            "SELECT next_at > now() + interval '3 seconds' FROM fleet_hosts",
        )
        .await
        {
            seen = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        seen,
        "the Retry-After was not in fleet_hosts within 10 s: {}",
        read(&log)
    );
    wait_ok(&mut a, "the sweep", &log).await;
    let busy: Vec<Hit> = f.hits().into_iter().filter(|h| h.path == "/busy").collect();
    assert_eq!(busy.len(), 2);
    assert!(busy[1].at.duration_since(busy[0].at) >= Duration::from_millis(4900));
}
