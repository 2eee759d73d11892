//! Case management across sweeps (issue 14, half A): decisions imported from an audit.csv
//! an analyst edited in a spreadsheet (bad rows reported one by one), a dismissed finding
//! that stays quiet until its title changes, an allow-listed seller, and a takedown batch
//! whose listings disappear — removed, with their time to removal — in `summary.json`,
//! the report and `greysweep takedown`.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{DateTime, Utc};

use crate::harness::{Fixture, Reply, Sweep, Swept, card, page, read_csv};

fn greysweep() -> Command {
    Command::new(env!("CARGO_BIN_EXE_greysweep"))
}

fn run(args: &[&str]) -> Output {
    let out = greysweep().args(args).output().expect("run greysweep");
    eprintln!(
        "greysweep {}\n{}{}",
        args.join(" "),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn skates(id: &str, title: &str, seller: &str) -> String {
    card(id, title, seller)
}

/// The directory: `/list` links `/list2`. Week 1 lists every listing; later weeks change.
fn serve(f: &Fixture, week: u32) {
    let mut list = vec![
        skates(
            "1",
            if week >= 3 {
                "Acme rocket skates model 1 PRO"
            } else {
                "Acme rocket skates model 1"
            },
            "Wile Trading",
        ),
        skates("-2", "Acme rocket skates model 2", "Coyote Co"),
        skates("3", "Acme rocket skates model 3", "Road Runner Ltd"),
        skates("4", "Acme rocket skates model 4", "Road  Runner Ltd"),
        // Hostile seller text: a terminal escape.
        skates("9", "Acme rocket skates model 9", "Elmer \u{1b}[31mFudd"),
        skates("6", "Plain roller skates model 6", "Wile Trading"),
    ];
    if week == 1 {
        // Taken down after week 1: gone from the page that listed it.
        list.push(skates("5", "Acme rocket skates model 5", "Bugs Ltd"));
    }
    if week >= 5 {
        // Week 5: the item taken down (5) and the one dismissed in week 3 (1, "PRO") come
        // back under other storefronts.
        list.push(skates("15", "Acme rocket skates model 5", "Porky Ltd"));
        list.push(skates("11", "Acme rocket skates model 1 PRO", "Taz Ltd"));
    }
    let list = page(&list, &["/list2"], None);
    if week >= 5 {
        f.route("/list", Reply::html(list).header("etag", "\"w5\""));
    } else if week >= 3 {
        // From week 3 the page carries a validator: week 4 gets a 304.
        f.route("/list", Reply::html(list).header("etag", "\"w3\""));
    } else {
        f.page("/list", &list);
    }
    if week == 1 {
        f.page(
            "/list2",
            &page(
                &[skates("8", "Acme rocket skates model 8", "Daffy Ltd")],
                &[],
                None,
            ),
        );
    } else {
        // The whole page is gone.
        f.route("/list2", Reply::status(410));
    }
}

fn sweep(dir: &Path, f: &Fixture) -> Sweep {
    Sweep::new().in_dir(dir).start(f, "/list")
}

fn ids(rows: &[HashMap<String, String>]) -> Vec<String> {
    let mut v: Vec<String> = rows.iter().map(|r| r["product_id"].clone()).collect();
    v.sort();
    v
}

fn time(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .unwrap_or_else(|e| panic!("{s:?}: {e}"))
        .with_timezone(&Utc)
}

/// The audit.csv of `swept` as an analyst saves it from a spreadsheet: UTF-8 BOM, CRLF,
/// headers in capitals, the `decision` column moved first and filled per product id, a
/// `Note` column added, the rows in another order; then `extra` rows appended.
fn edited_audit(swept: &Swept, decisions: &[(&str, &str, &str)], extra: &[&str]) -> String {
    let mut r = csv::Reader::from_path(&swept.outcome.files.audit).expect("audit");
    let headers: Vec<String> = r
        .headers()
        .expect("headers")
        .iter()
        .map(str::to_string)
        .collect();
    let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
    let col = |name: &str| headers.iter().position(|h| h == name).expect(name);
    let mut out = String::from("\u{feff}");
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let mut head = vec!["Decision".to_string(), "Note".to_string()];
    head.extend(
        headers
            .iter()
            .filter(|h| *h != "decision")
            .map(|h| h.to_uppercase()),
    );
    w.write_record(&head).expect("header");
    for row in rows.iter().rev() {
        // Cells as the file has them (spreadsheet-safe prefix included).
        let pid = &row[col("product_id")];
        let (d, note) = decisions
            .iter()
            .find(|(p, _, _)| *p == pid)
            .map_or(("", ""), |(_, d, n)| (*d, *n));
        let mut cells = vec![d.to_string(), note.to_string()];
        // The spreadsheet read product id 3 as a number and wrote it back as `3.0`: the
        // row is matched by its listing URL instead.
        cells.extend(
            headers
                .iter()
                .enumerate()
                .filter(|(_, h)| *h != "decision")
                .map(|(i, h)| match (h.as_str(), &row[i]) {
                    ("product_id", "3") => "3.0".to_string(),
                    (_, cell) => cell.to_string(),
                }),
        );
        w.write_record(&cells).expect("row");
    }
    out.push_str(&String::from_utf8(w.into_inner().expect("csv")).expect("utf-8"));
    for e in extra {
        out.push_str(e);
        out.push_str("\r\n");
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn decisions_and_takedown_outcomes_across_sweeps() {
    let f = Fixture::start().await;
    let tmp = tempfile::tempdir().expect("tempdir");
    let dir = tmp.path();
    let state: PathBuf = dir.join("out/greysweep.sqlite");
    let state_s = state.to_str().expect("utf-8 path");

    // Week 1: seven flagged findings, all new, one takedown batch of seven listings.
    serve(&f, 1);
    let first = sweep(dir, &f).run().await;
    assert_eq!(ids(&first.audit), ["'-2", "1", "3", "4", "5", "8", "9"]);
    assert!(
        first
            .audit
            .iter()
            .all(|r| r["decision"].is_empty() && r["decided_at"].is_empty())
    );
    let s1 = &first.summary;
    assert_eq!(s1["decisions"]["open"], 7);
    assert_eq!(s1["decisions"]["by_decision"]["confirmed"], 0);
    let batch = format!("{}/fixture-001", first.outcome.sweep_id);
    assert_eq!(s1["takedown"]["written"][0]["batch_id"], batch.as_str());
    assert_eq!(s1["takedown"]["written"][0]["listings"], 7);
    assert_eq!(
        s1["takedown"]["written"][0]["file"],
        "takedown/fixture-001.csv"
    );
    assert_eq!(s1["takedown"]["platforms"], serde_json::json!([]));
    let index = read_csv(&first.outcome.files.dir.join("takedown/batches.csv"));
    assert_eq!(index.len(), 1);
    assert_eq!(index[0]["batch_id"], batch);
    assert_eq!(index[0]["listings"], "7");
    // The product id `-2` is protected in the audit, as every formula-like cell.
    let two = first
        .audit
        .iter()
        .find(|r| r["title"].ends_with("model 2"))
        .expect("2");
    assert_eq!(two["product_id"], "'-2");

    // The review queue lists the seven, with the hostile seller escaped.
    let queue = run(&["review", "--state", state_s, "--list"]);
    assert!(queue.status.success());
    let text = String::from_utf8_lossy(&queue.stdout);
    assert_eq!(text.lines().count(), 1 + 7, "{text}");
    assert!(!text.contains('\u{1b}'), "escaped for the terminal");
    assert!(text.contains("Elmer \\u{1b}[31mFudd"), "{text}");

    // The analyst's spreadsheet: decisions on four rows, three bad ones, one left blank.
    let sweep1 = first.outcome.sweep_id.clone();
    let edited = edited_audit(
        &first,
        &[
            ("1", "Dismissed", "a toy brand of the same name"),
            ("'-2", "confirmed", "counterfeit, photos copied"),
            ("3", " AUTHORIZED ", "licensed distributor"),
            ("5", "confirmed", ""),
            ("8", "maybe", ""),
        ],
        &[
            // Line 9: a sweep that is not in the state.
            "dismissed,,nope-20260101T000000Z,new,high,80,counterfeit_indicators,Acme,Acme,exact,,fixture,http://x/p/1,1",
            // Line 10: a listing with no flagged finding.
            &format!(
                "confirmed,,{sweep1},new,high,80,counterfeit_indicators,Acme,Acme,exact,,fixture,http://x/p/77,77"
            ),
            // Line 11: the same finding as an earlier row, another decision.
            &format!(
                "dismissed,,{sweep1},new,high,80,counterfeit_indicators,Acme,Acme,exact,,fixture,http://x/p/5,5"
            ),
        ],
    );
    let edited_path = dir.join("audit-edited.csv");
    std::fs::write(&edited_path, &edited).expect("write");
    // A dry run reports the same and records nothing.
    let dry = run(&[
        "review",
        "--state",
        state_s,
        "--import",
        edited_path.to_str().expect("path"),
        "--dry-run",
    ]);
    assert_eq!(dry.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&dry.stderr).contains(
            "would import 4 decisions (0 already in force, 2 rows without a decision left open, 4 rejected)"
        )
    );
    let import = run(&[
        "review",
        "--state",
        state_s,
        "--import",
        edited_path.to_str().expect("path"),
        "--by",
        "ana",
        "--at",
        "2026-11-02T09:00:00Z",
    ]);
    assert_eq!(
        import.status.code(),
        Some(2),
        "rejected rows make the exit code 2"
    );
    let err = String::from_utf8_lossy(&import.stderr);
    let file = edited_path.display().to_string();
    // Header on line 1, rows in reverse audit order: 8, 5, 9, 4, 3, -2, 1 on lines 2–8.
    let rejected: Vec<&str> = err.lines().filter(|l| l.starts_with("error: ")).collect();
    assert_eq!(rejected.len(), 4, "{err}");
    assert!(
        err.contains(&format!("{file}:2: decision `maybe` is not one of")),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}:9: sweep `nope-20260101T000000Z` is not in this state file"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "{file}:10: no flagged finding of brand `Acme` for product_id `77`"
        )),
        "{err}"
    );
    assert!(
        err.contains(&format!("{file}:11: the same finding as line 3, with another decision (confirmed there, dismissed here)")),
        "{err}"
    );
    assert!(err.contains("imported 4 decisions (0 already in force, 2 rows without a decision left open, 4 rejected)"), "{err}");
    // Importing the same file again changes nothing.
    let again = run(&[
        "review",
        "--state",
        state_s,
        "--import",
        edited_path.to_str().expect("path"),
        "--by",
        "ana",
    ]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&again.stderr).contains("imported 0 decisions (4 already in force")
    );

    // The batch is sent, 72 h before week 1's sweep started.
    let sent_at =
        time(s1["started_at"].as_str().expect("started_at")) - chrono::Duration::hours(72);
    let sent_at_s = sent_at.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let unknown = run(&[
        "takedown",
        "sent",
        &batch,
        "nope/fixture-001",
        "--state",
        state_s,
    ]);
    assert_eq!(
        unknown.status.code(),
        Some(2),
        "all or nothing: the known batch is not recorded either"
    );
    let sent = run(&[
        "takedown", "sent", &batch, "--state", state_s, "--at", &sent_at_s, "--by", "ana",
        "--note", "IPP 42",
    ]);
    assert!(sent.status.success());
    let twice = run(&["takedown", "sent", &batch, "--state", state_s]);
    assert_eq!(
        twice.status.code(),
        Some(2),
        "already sent: --replace needed"
    );

    // Week 2: 5 is gone from its page, /list2 answers 410.
    serve(&f, 2);
    let second = sweep(dir, &f).run().await;
    // 1 dismissed (unchanged), 3 and 4 authorised (the seller is allow-listed, names
    // folded), 5 and 8 gone: the confirmed -2 and the open 9 are left.
    assert_eq!(ids(&second.audit), ["'-2", "9"]);
    let confirmed = second
        .audit
        .iter()
        .find(|r| r["product_id"] == "'-2")
        .expect("-2");
    assert_eq!(confirmed["decision"], "confirmed");
    assert_eq!(confirmed["decided_at"], "2026-11-02T09:00:00Z");
    let open = second
        .audit
        .iter()
        .find(|r| r["product_id"] == "9")
        .expect("9");
    assert_eq!(
        (open["decision"].as_str(), open["status"].as_str()),
        ("", "persisting")
    );
    let jsonl = std::fs::read_to_string(&second.outcome.files.findings).expect("findings.jsonl");
    let lines: Vec<serde_json::Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(lines.len(), 2);
    let line = lines
        .iter()
        .find(|l| l["listing"]["product_id"] == "-2")
        .expect("-2");
    assert_eq!(line["decision"], "confirmed");
    assert_eq!(line["decided_at"], "2026-11-02T09:00:00Z");
    // Dismissed and authorised findings are not "resolved": only 5 and 8 are.
    let resolved = read_csv(&second.outcome.files.resolved);
    assert_eq!(ids(&resolved), ["5", "8"]);
    assert_eq!(
        resolved.iter().find(|r| r["product_id"] == "5").expect("5")["decision"],
        "confirmed"
    );
    let listing = |id: &str| {
        second
            .listings
            .iter()
            .find(|l| l["product_id"] == id)
            .expect(id)
            .clone()
    };
    assert_eq!(listing("4")["flagged"], "false");
    assert_eq!(listing("1")["flagged"], "false");

    let allow = run(&["review", "--state", state_s, "--allow-list", "--json"]);
    let allow: Vec<serde_json::Value> = String::from_utf8_lossy(&allow.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(allow.len(), 1);
    assert_eq!(
        allow[0]["seller"],
        serde_json::json!({"by": "seller_name", "value": "road runner ltd"})
    );
    assert_eq!(
        (allow[0]["brand"].as_str(), allow[0]["site"].as_str()),
        (Some("Acme"), Some("fixture"))
    );
    assert_eq!(allow[0]["note"], "licensed distributor");
    let s2 = &second.summary;
    assert_eq!(
        s2["decisions"],
        serde_json::json!({
            "by_decision": {"authorised": 2, "confirmed": 1, "dismissed": 1},
            "open": 1, "reopened": 0, "allow_listed_sellers": 1
        })
    );
    // Takedown outcomes: 5 gone from /list, 8 on a page answering 410; five still up.
    let list_fetched = time(&listing("9")["fetched_at"]);
    let show = run(&["takedown", "show", &batch, "--state", state_s, "--json"]);
    assert!(show.status.success());
    let items: Vec<serde_json::Value> = String::from_utf8_lossy(&show.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json line"))
        .collect();
    assert_eq!(items.len(), 7);
    let item = |key: &str| {
        items
            .iter()
            .find(|i| i["listing"] == key)
            .expect(key)
            .clone()
    };
    let five = item("fixture|id|5");
    assert_eq!(
        (five["status"].as_str(), five["removed_how"].as_str()),
        (Some("removed"), Some("gone_from_page"))
    );
    // The time of removal is the fetch that showed it gone (seconds, as listings.csv has it).
    let removed5 = time(five["removed_at"].as_str().expect("removed_at"));
    assert_eq!(removed5.timestamp(), list_fetched.timestamp());
    let eight = item("fixture|id|8");
    assert_eq!(
        (eight["status"].as_str(), eight["removed_how"].as_str()),
        (Some("removed"), Some("http_410"))
    );
    let removed8 = time(eight["removed_at"].as_str().expect("removed_at"));
    let hours = |t: DateTime<Utc>| (t - sent_at).num_milliseconds() as f64 / 3_600_000.0;
    let round2 = |x: f64| (x * 100.0).round() / 100.0;
    assert_eq!(
        five["hours_to_removal"].as_f64(),
        Some(round2(hours(removed5)))
    );
    assert!(
        hours(removed5) > 72.0 && hours(removed5) < 73.0,
        "{}",
        hours(removed5)
    );
    for still in [
        "fixture|id|1",
        "fixture|id|-2",
        "fixture|id|3",
        "fixture|id|4",
        "fixture|id|9",
    ] {
        assert_eq!(item(still)["status"], "still_up", "{still}");
    }
    let t = &s2["takedown"];
    let median = round2((hours(removed5) + hours(removed8)) / 2.0);
    for figures in [&t["platforms"][0], &t["batches"][0]] {
        assert_eq!(figures["sent"], 7);
        assert_eq!(figures["removed"], 2);
        assert_eq!(figures["still_up"], 5);
        assert_eq!(figures["unchecked"], 0);
        assert_eq!(figures["removal_rate"], 0.286);
        assert_eq!(figures["median_hours_to_removal"].as_f64(), Some(median));
    }
    assert_eq!(t["platforms"][0]["site"], "fixture");
    assert_eq!(t["platforms"][0]["batches"], 1);
    assert_eq!(t["batches"][0]["batch_id"], batch.as_str());
    // Week 2's own batch (the two findings left) is written and not sent.
    assert_eq!(t["written"][0]["listings"], 2);
    let list = run(&["takedown", "list", "--state", state_s, "--json"]);
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&list.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["note"], "IPP 42");
    assert_eq!(lines[0]["outcome"]["removed"], 2);
    assert_eq!(lines[1]["sent_at"], serde_json::Value::Null);

    // The report shows the queue, the decisions and the outcomes.
    let html =
        std::fs::read_to_string(second.outcome.files.dir.join("report.html")).expect("report");
    for id in ["id=\"review\"", "id=\"decisions\"", "id=\"takedown\""] {
        assert!(html.contains(id), "{id}");
    }
    assert!(html.contains("28.6 %"), "removal rate shown");

    // Week 3: listing 1's title changed: reopened, flagged again, back in the queue.
    serve(&f, 3);
    let third = sweep(dir, &f).run().await;
    assert_eq!(ids(&third.audit), ["'-2", "1", "9"]);
    let one = third
        .audit
        .iter()
        .find(|r| r["product_id"] == "1")
        .expect("1");
    assert_eq!(one["decision"], "");
    assert!(
        one["signals"]
            .contains("reopened: dismissed by ana on 2026-11-02, but its title changed since"),
        "{}",
        one["signals"]
    );
    assert_eq!(third.summary["decisions"]["reopened"], 1);
    assert_eq!(third.summary["decisions"]["open"], 2);
    assert_eq!(third.summary["decisions"]["by_decision"]["dismissed"], 0);
    // The removed listings stay removed with their first time.
    let t3 = &third.summary["takedown"]["batches"][0];
    assert_eq!(
        (t3["removed"].as_u64(), t3["still_up"].as_u64()),
        (Some(2), Some(5))
    );
    assert_eq!(t3["median_hours_to_removal"].as_f64(), Some(median));

    let queue = run(&["review", "--state", state_s, "--list", "--json"]);
    let open: Vec<serde_json::Value> = String::from_utf8_lossy(&queue.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    let states: Vec<(String, String)> = open
        .iter()
        .map(|o| {
            (
                o["product_id"].as_str().unwrap_or("").to_string(),
                o["state"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(states.len(), 2, "{states:?}");
    assert!(states.contains(&("1".into(), "reopened".into())));
    assert!(states.contains(&("9".into(), "open".into())));

    // Dismissing it again by its id (from the queue) quiets it for the next sweep.
    let id = open.iter().find(|o| o["product_id"] == "1").expect("1")["finding_id"]
        .as_str()
        .expect("id")
        .to_string();
    let decide = run(&[
        "review",
        "--state",
        state_s,
        "--finding",
        &id,
        "--decision",
        "dismissed",
        "--note",
        "still a toy",
        "--by",
        "bo",
    ]);
    assert!(decide.status.success());
    // Week 3's batch (-2, 1, 9) is sent now; week 4's /list answers 304, and listings
    // carried over from an unchanged page are still up, not removed.
    let batch3 = third.summary["takedown"]["written"][0]["batch_id"]
        .as_str()
        .expect("batch id")
        .to_string();
    assert!(
        run(&["takedown", "sent", &batch3, "--state", state_s])
            .status
            .success()
    );
    let fourth = sweep(dir, &f).run().await;
    assert_eq!(ids(&fourth.audit), ["'-2", "9"]);
    assert_eq!(fourth.status_count("not_modified"), 1);
    let b3 = &fourth.summary["takedown"]["batches"][1];
    assert_eq!(b3["batch_id"], batch3.as_str());
    assert_eq!(
        (
            b3["sent"].as_u64(),
            b3["still_up"].as_u64(),
            b3["removed"].as_u64()
        ),
        (Some(3), Some(3), Some(0))
    );
    // Week 5: the relistings name their origin — removed after the notice, dismissed by
    // an analyst — and the persisting findings beside them are not relistings.
    serve(&f, 5);
    let fifth = sweep(dir, &f).run().await;
    assert_eq!(ids(&fifth.audit), ["'-2", "11", "15", "9"]);
    let mut relisted: Vec<(&str, &str, &str)> = fifth
        .audit
        .iter()
        .map(|r| {
            (
                r["product_id"].as_str(),
                r["relisted_from"].as_str(),
                r["relisted_similarity"].as_str(),
            )
        })
        .collect();
    relisted.sort();
    let base = f.url("/p/");
    assert_eq!(
        relisted,
        [
            ("'-2", "", ""),
            ("11", format!("{base}1").as_str(), "1.00"),
            ("15", format!("{base}5").as_str(), "1.00"),
            ("9", "", ""),
        ]
    );
    assert_eq!(fifth.summary["relisted"], 2);
    let jsonl = std::fs::read_to_string(&fifth.outcome.files.findings).expect("findings.jsonl");
    let origins: HashMap<String, String> = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json line"))
        .filter(|l| !l["relisted"].is_null())
        .map(|l| {
            (
                l["listing"]["product_id"]
                    .as_str()
                    .unwrap_or("")
                    .to_string(),
                l["relisted"]["origin"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert_eq!(origins["15"], "removed");
    assert_eq!(origins["11"], "dismissed");
    // The dossiers count decisions and takedown outcomes.
    let dossiers = run(&["sellers", "--state", state_s, "--json"]);
    assert!(dossiers.status.success());
    let dossiers: Vec<serde_json::Value> =
        serde_json::from_slice(&dossiers.stdout).expect("sellers --json");
    let of = |name: &str| {
        dossiers
            .iter()
            .find(|d| {
                d["names"]
                    .as_array()
                    .is_some_and(|n| n.iter().any(|x| x == name))
            })
            .unwrap_or_else(|| panic!("{name}: {dossiers:?}"))
            .clone()
    };
    let bugs = of("Bugs Ltd");
    assert_eq!(bugs["outcomes"]["removed"], 1);
    assert_eq!(bugs["relisted_elsewhere"], 1);
    let coyote = of("Coyote Co");
    assert_eq!(coyote["outcomes"]["confirmed"], 1);
    assert_eq!(coyote["outcomes"]["still_up"], 1);
    let wile = of("Wile Trading");
    assert_eq!(wile["outcomes"]["dismissed"], 1);

    // The log keeps every decision: four imported, one by id.
    let log = run(&["review", "--state", state_s, "--log", "--json"]);
    let log: Vec<serde_json::Value> = String::from_utf8_lossy(&log.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("json"))
        .collect();
    assert_eq!(log.len(), 5);
    assert_eq!(log[4]["decided_by"], "bo");
    assert_eq!(log[4]["note"], "still a toy");
    assert!(
        log[0]["source"]
            .as_str()
            .expect("source")
            .starts_with(&format!("import {file}:"))
    );
}
