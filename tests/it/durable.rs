//! Durable sweeps: change tracking between sweeps with conditional requests, the state
//! lock, history, exit codes, and SIGKILL at random moments followed by `--resume`.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime};

use crate::harness::{Fixture, Reply, Sweep, card, page, read_csv};
use greysweep::store::Store;

fn ids(rows: &[HashMap<String, String>]) -> BTreeSet<String> {
    rows.iter().map(|r| r["product_id"].clone()).collect()
}

fn status_of(rows: &[HashMap<String, String>]) -> BTreeMap<String, String> {
    rows.iter()
        .map(|r| (r["product_id"].clone(), r["status"].clone()))
        .collect()
}

#[tokio::test]
async fn a_changed_site_gives_new_persisting_and_resolved_with_304s_for_unchanged_pages() {
    let f = Fixture::start().await;
    let acme = |id: &str| {
        card(
            id,
            &format!("Acme rocket skates model {id}"),
            "Wile Trading",
        )
    };
    f.route(
        "/list",
        Reply::html(page(
            &[acme("1"), acme("2"), acme("3")],
            &["/p2", "/p3"],
            None,
        ))
        .header("etag", "\"list-v1\""),
    );
    f.route(
        "/p2",
        Reply::html(page(&[acme("4")], &[], None)).header("etag", "\"p2\""),
    );
    f.route(
        "/p3",
        Reply::html(page(&[acme("5")], &[], None)).header("etag", "\"p3\""),
    );
    let dir = tempfile::tempdir().expect("tempdir");

    let first = Sweep::new()
        .in_dir(dir.path())
        .start(&f, "/list")
        .run()
        .await;
    assert_eq!(
        ids(&first.audit),
        BTreeSet::from(["1", "2", "3", "4", "5"].map(String::from))
    );
    assert!(first.audit.iter().all(|r| r["status"] == "new"));

    // A week later: listing 3 is gone from the list, 6 is new, /p2 is unchanged, /p3
    // (listing 5) was taken down.
    f.route(
        "/list",
        Reply::html(page(
            &[acme("1"), acme("2"), acme("6")],
            &["/p2", "/p3"],
            None,
        ))
        .header("etag", "\"list-v2\""),
    );
    f.remove("/p3");
    let second = Sweep::new()
        .in_dir(dir.path())
        .start(&f, "/list")
        .run()
        .await;

    let expected: BTreeMap<String, String> = [
        ("1", "persisting"),
        ("2", "persisting"),
        ("4", "persisting"),
        ("6", "new"),
    ]
    .into_iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(status_of(&second.audit), expected);
    let resolved = read_csv(&second.outcome.files.resolved);
    assert_eq!(ids(&resolved), BTreeSet::from(["3", "5"].map(String::from)));
    assert!(resolved.iter().all(|r| r["status"] == "resolved"));
    assert_eq!(second.summary["new_findings"], 1);
    assert_eq!(second.summary["resolved_findings"], 2);
    assert_eq!(second.summary["previous_sweep"], first.summary["sweep_id"]);

    // The unchanged page was asked conditionally and answered 304; its listing carried over.
    let p2: Vec<_> = f.hits().into_iter().filter(|h| h.path == "/p2").collect();
    assert_eq!(p2.len(), 2);
    assert_eq!(p2[1].if_none_match.as_deref(), Some("\"p2\""));
    assert_eq!(second.status_count("not_modified"), 1);
    let l4 = second
        .listings
        .iter()
        .find(|r| r["product_id"] == "4")
        .expect("listing 4 carried over");
    assert_eq!(l4["http_status"], "304");
    // first_seen stays the first sweep's for persisting listings.
    let first_seen = |rows: &[HashMap<String, String>], id: &str| {
        rows.iter()
            .find(|r| r["product_id"] == id)
            .map(|r| r["first_seen"].clone())
            .expect("row")
    };
    assert_eq!(
        first_seen(&first.audit, "1"),
        first_seen(&second.audit, "1")
    );
}

fn greysweep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_greysweep"))
}

// The binary talks to a fixture served by this runtime: it needs its own threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_locked_state_exits_with_code_3() {
    let f = Fixture::start().await;
    f.page("/start", &page(&[], &[], None));
    let dir = tempfile::tempdir().expect("tempdir");
    let sweep = Sweep::new().in_dir(dir.path()).start(&f, "/start");
    let file = sweep.write();
    let held = greysweep::store::SqliteStore::open(&dir.path().join("out/greysweep.sqlite"))
        .expect("hold the lock");
    let out = greysweep()
        .args(["sweep", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&file)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(
        stderr.contains("locked by another greysweep run"),
        "{stderr}"
    );
    drop(held);
    let out = greysweep()
        .args(["sweep", "--quiet", "--out"])
        .arg(dir.path().join("out"))
        .arg(&file)
        .output()
        .expect("run");
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// The binary talks to a fixture served by this runtime: it needs its own threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exit_code_4_reports_new_findings_and_history_lists_sweeps() {
    let f = Fixture::start().await;
    f.page(
        "/start",
        &page(&[card("1", "Acme skates", "Wile Trading")], &[], None),
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Sweep::new().in_dir(dir.path()).start(&f, "/start").write();
    let run = || {
        greysweep()
            .args(["sweep", "--quiet", "--exit-code", "--out"])
            .arg(dir.path().join("out"))
            .arg(&file)
            .output()
            .expect("run")
    };
    assert_eq!(run().status.code(), Some(4), "first sweep: a new finding");
    assert_eq!(run().status.code(), Some(0), "second sweep: nothing new");
    let out = greysweep()
        .args(["history", "--json", "--state"])
        .arg(dir.path().join("out/greysweep.sqlite"))
        .output()
        .expect("history");
    let text = String::from_utf8_lossy(&out.stdout);
    let rows: Vec<serde_json::Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(rows.len(), 2);
    assert!(rows.iter().all(|r| r["state"] == "complete"));
    assert_eq!(rows[1]["summary"]["new_findings"], 1);
    assert_eq!(rows[0]["summary"]["new_findings"], 0);
}

/// A small deterministic generator for kill times (seeded from the clock, printed).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, lo: u64, hi: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        lo + (self.0 >> 33) % (hi - lo)
    }
}

/// A site of `n` pages, each with two listings (one misusing the brand) and links to the
/// next two pages.
fn site(f: &Fixture, n: usize) {
    for i in 0..n {
        f.page(&format!("/p{i}"), &site_page(i, n));
    }
}

/// Page `i` of [`site`].
fn site_page(i: usize, n: usize) -> String {
    let cards = [
        card(
            &format!("{i}a"),
            &format!("Acme gadget {i}"),
            "Wile Trading",
        ),
        card(
            &format!("{i}b"),
            &format!("Plain gadget {i}"),
            "Road Runner Ltd",
        ),
    ];
    let links: Vec<String> = [i + 1, i + 2]
        .iter()
        .filter(|j| **j < n)
        .map(|j| format!("/p{j}"))
        .collect();
    let refs: Vec<&str> = links.iter().map(String::as_str).collect();
    page(&cards, &refs, None)
}

fn comparable(path: &Path, drop: &[&str]) -> Vec<BTreeMap<String, String>> {
    let mut rows: Vec<BTreeMap<String, String>> = read_csv(path)
        .into_iter()
        .map(|r| {
            r.into_iter()
                .filter(|(k, _)| !drop.contains(&k.as_str()))
                .collect()
        })
        .collect();
    rows.sort_by(|a, b| a["product_id"].cmp(&b["product_id"]));
    rows
}

// The binary talks to a fixture served by this runtime: it needs its own threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_at_random_moments_then_resume_loses_and_duplicates_nothing() {
    let pages = 150;
    let reference = Fixture::start().await;
    site(&reference, pages);
    let f = Fixture::start().await;
    site(&f, pages);
    let ref_dir = tempfile::tempdir().expect("tempdir");
    let dir = tempfile::tempdir().expect("tempdir");
    let rate = "20.0";
    let uninterrupted = Sweep::new()
        .in_dir(ref_dir.path())
        .start(&reference, "/p0")
        .crawler("rate_per_host", rate)
        .crawler("max_depth", "1000")
        .run()
        .await;

    let file = Sweep::new()
        .in_dir(dir.path())
        .start(&f, "/p0")
        .crawler("rate_per_host", rate)
        .crawler("max_depth", "1000")
        .write();
    let out_dir = dir.path().join("out");
    let seed = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(7, |d| d.as_nanos() as u64);
    eprintln!("kill schedule seed: {seed}");
    let mut rng = Lcg(seed);
    let mut kills = 0;
    let mut finished = false;
    while kills < 10 {
        let mut child = greysweep()
            .args(["sweep", "--resume", "--quiet", "--out"])
            .arg(&out_dir)
            .arg(&file)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        tokio::time::sleep(Duration::from_millis(rng.next(80, 300))).await;
        if child.try_wait().expect("wait").is_some() {
            finished = true;
            break;
        }
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        kills += 1;
    }
    assert!(
        !finished,
        "the sweep finished before 10 kills; make the site bigger"
    );
    let out = greysweep()
        .args(["sweep", "--resume", "--quiet", "--out"])
        .arg(&out_dir)
        .arg(&file)
        .output()
        .expect("final run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // One sweep, complete, with the same listings and findings as the uninterrupted one.
    let store =
        greysweep::store::SqliteStore::open(&out_dir.join("greysweep.sqlite")).expect("state");
    let sweeps = greysweep::store::Store::sweeps(&store, None).expect("sweeps");
    assert_eq!(sweeps.len(), 1, "resume must continue the same sweep");
    assert_eq!(sweeps[0].state, greysweep::store::SweepState::Complete);
    let sweep_dir = out_dir.join(&sweeps[0].id);
    let volatile = [
        "fetched_at",
        "first_seen",
        "sweep_id",
        "listing_url",
        "seller_url",
        "page_url",
        "warc_file",
        "warc_record_id",
    ];
    let got_listings = comparable(&sweep_dir.join("listings.csv"), &volatile);
    let want_listings = comparable(&uninterrupted.outcome.files.listings, &volatile);
    assert_eq!(got_listings.len(), pages * 2);
    assert!(
        got_listings == want_listings,
        "listings differ from the uninterrupted sweep"
    );
    let got_audit = comparable(&sweep_dir.join("audit.csv"), &volatile);
    assert_eq!(
        got_audit,
        comparable(&uninterrupted.outcome.files.audit, &volatile)
    );
    let unique: BTreeSet<_> = got_listings
        .iter()
        .map(|r| r["product_id"].clone())
        .collect();
    assert_eq!(unique.len(), got_listings.len(), "duplicated listing rows");

    // The evidence survived the kills: every WARC file reads to its end with an
    // independent parser (records cut short by a kill were cut off on resume), and the
    // index lists every response.
    let evidence = sweep_dir.join("evidence");
    let mut responses = 0;
    for entry in std::fs::read_dir(&evidence).expect("evidence") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".warc.gz") {
            continue;
        }
        for record in warc::WarcReader::from_path_gzip(&path)
            .expect("open")
            .iter_records()
        {
            let record = record.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if record.warc_type().to_string() == "response" {
                responses += 1;
            }
        }
    }
    let index = std::fs::read_to_string(evidence.join("index.cdxj")).expect("index");
    assert_eq!(index.lines().count(), responses);
    assert!(responses >= pages);

    // No page was fetched again after its outcome was committed.
    drop(store);
    let conn = rusqlite::Connection::open(out_dir.join("greysweep.sqlite")).expect("open");
    let mut stmt = conn
        .prepare("SELECT url, recorded_at FROM pages")
        .expect("query");
    let committed: HashMap<String, String> = stmt
        .query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
        .expect("rows")
        .map(|r| r.expect("row"))
        .collect();
    assert_eq!(committed.len(), pages);
    for hit in f.page_hits() {
        let url = format!("{}{}", f.origin(), hit.path);
        let at = chrono::DateTime::parse_from_rfc3339(&committed[&url]).expect("time");
        let hit_at: chrono::DateTime<chrono::Utc> = hit.wall.into();
        // `recorded_at` keeps milliseconds: a fetch committed within the same
        // millisecond (a release build on a quick machine) is not after it.
        assert!(
            hit_at.timestamp_millis() <= at.timestamp_millis(),
            "{url} fetched at {hit_at} after it was committed at {at}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigterm_stops_cleanly_and_resume_fetches_nothing_twice() {
    let pages = 30;
    let f = Fixture::start().await;
    site(&f, pages);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Sweep::new()
        .in_dir(dir.path())
        .start(&f, "/p0")
        .crawler("rate_per_host", "10.0")
        .crawler("max_depth", "1000")
        .write();
    let out_dir = dir.path().join("out");
    let child = greysweep()
        .args(["sweep", "--quiet", "--out"])
        .arg(&out_dir)
        .arg(&file)
        .spawn()
        .expect("spawn");
    tokio::time::sleep(Duration::from_millis(1200)).await;
    let term = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(term.success());
    let out = child.wait_with_output().expect("wait");
    assert_eq!(out.status.code(), Some(0), "a clean stop is a success");

    // The interrupted sweep wrote its outputs with what it had.
    let store =
        greysweep::store::SqliteStore::open(&out_dir.join("greysweep.sqlite")).expect("state");
    let sweeps = greysweep::store::Store::sweeps(&store, None).expect("sweeps");
    assert_eq!(sweeps[0].state, greysweep::store::SweepState::Interrupted);
    let first = read_csv(&out_dir.join(&sweeps[0].id).join("listings.csv"));
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(out_dir.join(&sweeps[0].id).join("summary.json"))
            .expect("summary"),
    )
    .expect("json");
    assert_eq!(summary["interrupted"], true);
    assert!(
        !first.is_empty() && first.len() < pages * 2,
        "{} listings after SIGTERM",
        first.len()
    );
    drop(store);

    let out = greysweep()
        .args(["sweep", "--resume", "--quiet", "--out"])
        .arg(&out_dir)
        .arg(&file)
        .output()
        .expect("resume");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let all = read_csv(&out_dir.join(&sweeps[0].id).join("listings.csv"));
    assert_eq!(all.len(), pages * 2);
    // Requests in flight at SIGTERM finished and were committed: no page twice.
    let mut hits: BTreeMap<String, usize> = BTreeMap::new();
    for h in f.page_hits() {
        *hits.entry(h.path).or_default() += 1;
    }
    assert_eq!(hits.len(), pages);
    assert!(hits.values().all(|n| *n == 1), "{hits:?}");
}

/// Response records per target URI in the WARC files of `evidence` (each file read to its
/// end by an independent parser), and the number of index lines.
fn warc_responses(evidence: &Path) -> (HashMap<String, String>, usize) {
    let mut by_id = HashMap::new();
    for entry in std::fs::read_dir(evidence).expect("evidence") {
        let path = entry.expect("entry").path();
        if !path.to_string_lossy().ends_with(".warc.gz") {
            continue;
        }
        for record in warc::WarcReader::from_path_gzip(&path)
            .expect("open")
            .iter_records()
        {
            let record = record.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
            if record.warc_type().to_string() == "response" {
                let uri = record
                    .header(warc::WarcHeader::TargetURI)
                    .expect("target")
                    .to_string();
                by_id.insert(record.warc_id().to_string(), uri);
            }
        }
    }
    let index = std::fs::read_to_string(evidence.join("index.cdxj")).expect("index");
    (by_id, index.lines().count())
}

// The binary talks to a fixture served by this runtime: it needs its own threads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sigkill_with_a_batch_open_refetches_its_pages_once_and_the_evidence_verifies() {
    let pages = 40;
    let f = Fixture::start().await;
    site(&f, pages);
    // Pages are fetched in order, one at a time. The first request for /p20 never gets
    // an answer: the sweep then holds p0..p19 finished — two batches of 8 committed, the
    // last 4 in the open batch (the timer is a minute away) — when it is killed.
    let gate = "/p20";
    f.sequence(gate, vec![Reply::hang(), Reply::html(site_page(20, pages))]);
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Sweep::new()
        .in_dir(dir.path())
        .start(&f, "/p0")
        .crawler("max_depth", "1000")
        .crawler("commit_pages", "8")
        .crawler("commit_interval_ms", "60000")
        .crawler("timeout_secs", "600")
        .write();
    let out_dir = dir.path().join("out");
    let mut child = greysweep()
        .args(["sweep", "--quiet", "--out"])
        .arg(&out_dir)
        .arg(&file)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    // Killed when the server sees the gate asked for, whatever the time it takes.
    while f.hits_of(gate) == 0 {
        assert!(
            child.try_wait().expect("wait").is_none(),
            "the sweep ended before the gate"
        );
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    child.kill().expect("SIGKILL");
    child.wait().expect("reap");
    let before_kill: BTreeSet<String> = f.page_hits().into_iter().map(|h| h.path).collect();

    // What the kill left committed: whole batches only.
    let path = |u: &str| u.trim_start_matches(&f.origin()).to_string();
    let committed: BTreeSet<String> = {
        let conn = rusqlite::Connection::open(out_dir.join("greysweep.sqlite")).expect("open");
        let mut stmt = conn.prepare("SELECT url FROM pages").expect("query");
        stmt.query_map([], |r| r.get::<_, String>(0))
            .expect("rows")
            .map(|r| path(&r.expect("row")))
            .collect()
    };
    assert_eq!(committed.len(), 16, "{committed:?}");
    let listed: BTreeSet<String> = {
        let conn = rusqlite::Connection::open(out_dir.join("greysweep.sqlite")).expect("open");
        let mut stmt = conn
            .prepare("SELECT DISTINCT page_url FROM listings")
            .expect("query");
        stmt.query_map([], |r| r.get::<_, String>(0))
            .expect("rows")
            .map(|r| path(&r.expect("row")))
            .collect()
    };
    assert_eq!(listed, committed, "a page's listings commit with it");
    let open_batch: BTreeSet<String> = before_kill
        .difference(&committed)
        .filter(|p| p.as_str() != gate)
        .cloned()
        .collect();
    assert_eq!(open_batch.len(), 4, "{open_batch:?}");

    let out = greysweep()
        .args(["sweep", "--resume", "--quiet", "--out"])
        .arg(&out_dir)
        .arg(&file)
        .output()
        .expect("resume");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );

    // Every page fetched at most twice: the committed ones once, those of the open batch
    // (and the gate) again.
    let mut hits: BTreeMap<String, usize> = BTreeMap::new();
    for h in f.page_hits() {
        *hits.entry(h.path).or_default() += 1;
    }
    assert_eq!(hits.len(), pages);
    for (p, n) in &hits {
        let want = if open_batch.contains(p) || p == gate {
            2
        } else {
            1
        };
        assert_eq!(*n, want, "{p} fetched {n} times");
    }

    // Every listing exactly once, in one complete sweep.
    let store =
        greysweep::store::SqliteStore::open(&out_dir.join("greysweep.sqlite")).expect("state");
    let sweeps = store.sweeps(None).expect("sweeps");
    assert_eq!(sweeps.len(), 1);
    assert_eq!(sweeps[0].state, greysweep::store::SweepState::Complete);
    drop(store);
    let sweep_dir = out_dir.join(&sweeps[0].id);
    let listings = read_csv(&sweep_dir.join("listings.csv"));
    assert_eq!(listings.len(), pages * 2);
    assert_eq!(ids(&listings).len(), pages * 2, "duplicated listing rows");
    let audit = read_csv(&sweep_dir.join("audit.csv"));
    assert_eq!(audit.len(), pages, "one Acme finding per page");

    // The evidence verifies: the open batch's responses are still in the first run's
    // WARC file (captures nothing points at), the refetch wrote new ones, and every
    // listing and finding points at a response record of its own page; the index lists
    // every response and the manifest verifies.
    let evidence = sweep_dir.join("evidence");
    let (responses, index_lines) = warc_responses(&evidence);
    assert_eq!(index_lines, responses.len());
    let captures = |p: &str| {
        let url = f.url(p);
        responses.values().filter(|u| **u == url).count()
    };
    for p in &open_batch {
        assert_eq!(captures(p), 2, "{p}: the orphan and the refetch");
    }
    for row in listings.iter().chain(&audit) {
        let id = &row["warc_record_id"];
        assert_eq!(responses.get(id), Some(&row["page_url"]), "{id}");
        if open_batch.contains(&path(&row["page_url"])) {
            assert!(row["warc_file"].contains("-r02-"), "{row:?}");
        }
    }
    assert_eq!(
        greysweep::manifest::verify_manifest(&sweep_dir).expect("manifest"),
        vec![]
    );
}
