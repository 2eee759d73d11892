//! Relisting, seller dossiers and case files across three sweeps of one state.
//!
//! A directory whose search pages change between sweeps, with seller pages that give each
//! seller's id and phone:
//!
//! - sweep 1: Coyote Supply lists skates (1) and a magnet (2); Roadrunner Trading an
//!   anvil (3), a plain anvil (4, not flagged) and, on page 2, a tornado kit (8).
//! - sweep 2: the skates are gone (resolved); Wile E Outlet — same phone as Coyote —
//!   lists the same skates with two more words (5) and a portable hole (7).
//! - sweep 3: the magnet is gone and Roadrunner lists the same magnet (10); page 2
//!   answers 500, so the tornado kit is unverified, and Wile's identical tornado kit (9)
//!   is *not* a relisting (its origin was never seen removed).
//!
//! Expected similarities, by hand (see `docs/cases.md` for the features and weights):
//! skates: 13 title shingles + price band ×3 + shared phone ×4 = 20 tokens; the relisting
//! adds "fast", "ship", "quality fast", "fast ship" → 20 shared of 24: 0.83. Magnet:
//! 10 shingles + band ×3 shared, each seller's own phone ×4 → 13 of 21: 0.62.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

use greysweep::config::{Overrides, Settings};

use crate::harness::{Fixture, Reply, Sweep, Swept, read_csv, run_settings};

const PAGES: &str = r#"
follow_sellers = true

[[page]]
kind = "search"
url_pattern = '^/search'
listing = "div.item"
next_page = "a.next"

[page.fields]
title = { css = ".t" }
price = { css = ".price" }
product_id = { css = ".t", attr = "data-id" }
product_url = { css = ".t", attr = "href" }
seller_name = { css = ".s" }
seller_url = { css = ".s", attr = "href" }

[[page]]
kind = "seller"
url_pattern = '^/seller/'

[page.seller]
seller_id = ".member"
name = "h1.company"
extra.phone = ".phone"
"#;

const BRANDS: &str = "[[brand]]\nname = \"Acme\"\n";

fn card(id: &str, title: &str, price: &str, seller: &str, slug: &str) -> String {
    format!(
        "<div class=\"item\"><a class=\"t\" data-id=\"{id}\" href=\"/p/{id}\">{title}</a>\
         <span class=\"price\">{price}</span><a class=\"s\" href=\"/seller/{slug}?from=list\">{seller}</a></div>"
    )
}

fn seller_page(name: &str, id: &str, phone: &str) -> String {
    format!(
        "<html><body><h1 class=\"company\">{name}</h1><dl><dt>Member ID</dt>\
         <dd class=\"member\">{id}</dd><dt>Phone</dt><dd class=\"phone\">{phone}</dd></dl></body></html>"
    )
}

fn search(cards: &[String], next: bool) -> String {
    let mut s = String::from("<html><body>");
    for c in cards {
        s.push_str(c);
    }
    if next {
        s.push_str("<a class=\"next\" href=\"/search?q=acme&amp;page=2\">next</a>");
    }
    s.push_str("</body></html>");
    s
}

const SKATES: &str = "Acme Rocket Skates replica AAA mirror quality";
const MAGNET: &str = "Acme giant magnet 1:1 replica";
const TORNADO: &str = "Acme tornado kit replica";

fn c1() -> String {
    card("1", SKATES, "US$ 12.00", "Coyote Supply", "coyote")
}
fn c2() -> String {
    card("2", MAGNET, "US$ 30", "Coyote Supply", "coyote")
}
fn c3() -> String {
    card(
        "3",
        "Acme anvil replica",
        "US$ 50",
        "Roadrunner Trading",
        "rr",
    )
}
fn c4() -> String {
    card(
        "4",
        "Plain steel anvil",
        "US$ 40",
        "Roadrunner Trading",
        "rr",
    )
}
fn c5() -> String {
    card(
        "5",
        &format!("{SKATES} - fast ship"),
        "US$ 12.50",
        "Wile E Outlet\u{1b}[2J",
        "wile",
    )
}
fn c7() -> String {
    card(
        "7",
        "=HYPERLINK(\"http://x.example\") Acme portable hole replica",
        "US$ 99",
        "Wile E Outlet\u{1b}[2J",
        "wile",
    )
}
fn c8() -> String {
    card("8", TORNADO, "US$ 70", "Roadrunner Trading", "rr")
}
fn c9() -> String {
    card("9", TORNADO, "US$ 70", "Wile E Outlet\u{1b}[2J", "wile")
}
fn c10() -> String {
    card("10", MAGNET, "US$ 30", "Roadrunner Trading", "rr")
}

fn sellers(f: &Fixture) {
    f.page(
        "/seller/coyote?from=list",
        &seller_page("Coyote Supply", "C100", "+86 138 0013 8000"),
    );
    f.page(
        "/seller/rr?from=list",
        &seller_page("Roadrunner Trading", "R200", "+86 574 8888 1234"),
    );
    f.page(
        "/seller/wile?from=list",
        &seller_page("Wile E Outlet\u{1b}[2J", "W300", "+86-138-0013-8000"),
    );
}

fn settings(dir: &Path) -> Settings {
    Settings::load(
        &dir.join("sweep.toml"),
        &Overrides {
            output_dir: Some(dir.join("out")),
            ..Default::default()
        },
    )
    .expect("settings")
}

async fn sweep(dir: &Path) -> Swept {
    run_settings(settings(dir), std::future::pending(), None).await
}

fn by_product(rows: &[HashMap<String, String>]) -> HashMap<String, HashMap<String, String>> {
    rows.iter()
        .map(|r| (r["product_id"].clone(), r.clone()))
        .collect()
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_greysweep"))
}

/// A python with warcio: `WARCIO_PYTHON`, else `python3` if it has the module.
fn warcio_python() -> Option<String> {
    let candidates = std::env::var("WARCIO_PYTHON")
        .ok()
        .into_iter()
        .chain(["python3".to_string()]);
    for py in candidates {
        let ok = Command::new(&py)
            .args(["-c", "import warcio"])
            .output()
            .is_ok_and(|o| o.status.success());
        if ok {
            return Some(py);
        }
    }
    None
}

#[tokio::test]
async fn relisted_items_dossiers_and_a_case_file_across_three_sweeps() {
    let f = Fixture::start().await;
    sellers(&f);
    let dir = tempfile::tempdir().expect("tempdir");
    let d = dir.path();
    let path = Sweep::new()
        .in_dir(d)
        .brands(BRANDS)
        .pages(PAGES)
        .start(&f, "/search?q=acme")
        .write();
    let mut text = std::fs::read_to_string(&path).expect("sweep file");
    text.push_str("\n[relisting]\nthreshold = 0.6\n");
    std::fs::write(&path, text).expect("sweep file");

    // Sweep 1.
    f.page("/search?q=acme", &search(&[c1(), c2(), c3(), c4()], true));
    f.page("/search?page=2&q=acme", &search(&[c8()], false));
    let s1 = sweep(d).await;
    let a1 = by_product(&s1.audit);
    let mut ids: Vec<&str> = a1.keys().map(String::as_str).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["1", "2", "3", "8"]);
    assert!(s1.audit.iter().all(|r| r["relisted_from"].is_empty()));
    assert_eq!(s1.summary["relisted"], 0);

    // Sweep 2: the skates are gone; Wile lists them again.
    f.page(
        "/search?q=acme",
        &search(&[c2(), c3(), c4(), c5(), c7()], true),
    );
    let s2 = sweep(d).await;
    let a2 = by_product(&s2.audit);
    let mut ids: Vec<&str> = a2.keys().map(String::as_str).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["2", "3", "5", "7", "8"]);
    assert_eq!(s2.summary["resolved_findings"], 1);
    assert_eq!(s2.summary["relisted"], 1);
    assert_eq!(a2["5"]["relisted_from"], f.url("/p/1"));
    assert_eq!(a2["5"]["relisted_similarity"], "0.83");
    assert_eq!(a2["5"]["seller_id"], "W300");
    for id in ["2", "3", "7", "8"] {
        assert_eq!(a2[id]["relisted_from"], "", "{id}");
        assert_eq!(a2[id]["relisted_similarity"], "", "{id}");
    }
    // The hostile title stays spreadsheet-safe.
    assert!(a2["7"]["title"].starts_with("'="), "{}", a2["7"]["title"]);
    // findings.jsonl says where it came from.
    let jsonl =
        std::fs::read_to_string(s2.outcome.files.dir.join("findings.jsonl")).expect("jsonl");
    let line: serde_json::Value = jsonl
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).expect("json"))
        .find(|v| v["listing"]["product_id"] == "5")
        .expect("finding 5");
    let r = &line["relisted"];
    assert_eq!(r["from_url"], f.url("/p/1"));
    assert_eq!(r["from_seller"], "Coyote Supply");
    assert_eq!(r["from_seller_id"], "C100");
    assert_eq!(r["origin"], "resolved");
    assert_eq!(r["sweep_id"], s1.outcome.sweep_id);
    assert!((r["similarity"].as_f64().expect("similarity") - 20.0 / 24.0).abs() < 1e-9);
    // The report lists it.
    let html = std::fs::read_to_string(s2.outcome.files.dir.join("report.html")).expect("report");
    assert!(html.contains("<h2>Relisted (1)</h2>"));
    assert!(html.contains("id=\"dossiers\""));

    // Sweep 3: the magnet moves from Coyote to Roadrunner; page 2 fails.
    f.page(
        "/search?q=acme",
        &search(&[c3(), c4(), c5(), c7(), c9(), c10()], true),
    );
    f.route("/search?page=2&q=acme", Reply::status(500));
    let s3 = sweep(d).await;
    let a3 = by_product(&s3.audit);
    let mut ids: Vec<&str> = a3.keys().map(String::as_str).collect();
    ids.sort_unstable();
    assert_eq!(ids, ["10", "3", "5", "7", "9"]);
    assert_eq!(s3.summary["resolved_findings"], 1, "the magnet");
    assert_eq!(s3.summary["unverified_findings"], 1, "the tornado kit");
    assert_eq!(s3.summary["relisted"], 2);
    assert_eq!(a3["10"]["relisted_from"], f.url("/p/2"));
    assert_eq!(a3["10"]["relisted_similarity"], "0.62");
    assert_eq!(a3["5"]["status"], "persisting");
    assert_eq!(
        a3["5"]["relisted_from"],
        f.url("/p/1"),
        "the claim persists"
    );
    assert_eq!(
        a3["9"]["relisted_from"], "",
        "its origin was never seen removed"
    );
    assert_eq!(a3["9"]["status"], "new");

    // Dossiers: the report's file and `greysweep sellers --json` agree.
    let sweep_file = d.join("sweep.toml");
    let out = bin()
        .arg("sellers")
        .arg(&sweep_file)
        .arg("--json")
        .current_dir(d)
        .output()
        .expect("sellers");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let listed: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    let bytes = std::fs::read(s3.outcome.files.dir.join("dossiers.json")).expect("dossiers.json");
    let file: serde_json::Value = serde_json::from_slice(&bytes).expect("json");
    assert_eq!(listed, file);
    // Byte for byte (the sweep writes it through a spill file, `sellers` from memory).
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&bytes)
    );
    let ids: Vec<&str> = listed
        .as_array()
        .expect("array")
        .iter()
        .map(|d| d["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        ["fixture/id/R200", "fixture/id/W300", "fixture/id/C100"]
    );
    let by_id: HashMap<&str, &serde_json::Value> = listed
        .as_array()
        .expect("array")
        .iter()
        .map(|d| (d["id"].as_str().expect("id"), d))
        .collect();
    let host = f.addr.to_string();
    let coyote = by_id["fixture/id/C100"];
    assert_eq!(
        coyote["aliases"],
        serde_json::json!([format!("url/{host}/seller/coyote")])
    );
    assert_eq!(coyote["names"], serde_json::json!(["Coyote Supply"]));
    assert_eq!(coyote["sites"], serde_json::json!(["fixture"]));
    assert_eq!(coyote["seller_ids"], serde_json::json!(["C100"]));
    assert_eq!(
        coyote["store_urls"],
        serde_json::json!([f.url("/seller/coyote?from=list")])
    );
    assert_eq!(coyote["findings"], 2);
    assert_eq!(coyote["findings_by_brand"], serde_json::json!({"Acme": 2}));
    assert_eq!(coyote["listings"], 2);
    assert_eq!(coyote["sweeps"], 2);
    assert_eq!(coyote["first_seen"], a1["1"]["fetched_at"].as_str());
    assert_eq!(coyote["last_seen"], a2["2"]["fetched_at"].as_str());
    assert_eq!(coyote["outcomes"]["removed"], 2);
    assert_eq!(coyote["outcomes"]["confirmed"], 0);
    assert_eq!(coyote["relisted"], 0);
    assert_eq!(coyote["relisted_elsewhere"], 2);
    let rr = by_id["fixture/id/R200"];
    assert_eq!(rr["findings"], 3, "anvil, tornado kit, magnet");
    assert_eq!(rr["sweeps"], 3);
    assert_eq!(
        rr["outcomes"]["removed"], 0,
        "the tornado kit is unverified, not removed"
    );
    assert_eq!(rr["relisted"], 1);
    assert_eq!(rr["relisted_elsewhere"], 0);
    assert_eq!(rr["first_seen"], a1["3"]["fetched_at"].as_str());
    assert_eq!(rr["last_seen"], a3["10"]["fetched_at"].as_str());
    let wile = by_id["fixture/id/W300"];
    assert_eq!(wile["findings"], 3);
    assert_eq!(wile["sweeps"], 2);
    assert_eq!(wile["relisted"], 1);
    assert_eq!(wile["outcomes"]["removed"], 0);

    // The table escapes the hostile seller name.
    let out = bin()
        .arg("sellers")
        .arg(&sweep_file)
        .current_dir(d)
        .output()
        .expect("sellers");
    assert!(out.status.success());
    let table = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!table.contains('\u{1b}'));
    assert!(table.contains("Wile E Outlet\\u{1b}[2J"), "{table}");

    // explain-relist: the skates pair, feature by feature.
    let out = bin()
        .arg("explain-relist")
        .arg(&sweep_file)
        .args(["--new", &f.url("/p/5"), "--earlier", &f.url("/p/1")])
        .current_dir(d)
        .output()
        .expect("explain-relist");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).expect("utf-8");
    assert!(
        text.contains("exact Jaccard 0.833 (20 of 24 weighted features shared)"),
        "{text}"
    );
    assert!(text.contains("-> relisted"), "{text}");
    assert!(text.contains("contact: \"8613800138000\""), "{text}");
    assert!(
        text.contains("only new:     title: \"fast\", \"fast ship\", \"quality fast\", \"ship\""),
        "{text}"
    );
    assert!(text.contains("only earlier: (none)"), "{text}");
    assert!(!text.contains('\u{1b}'));

    // The case file of Coyote, named by its bare seller id.
    let case = d.join("case-coyote");
    let out = bin()
        .arg("export")
        .arg(&sweep_file)
        .args(["--seller", "C100", "--out"])
        .arg(&case)
        .current_dir(d)
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let index = read_csv(&case.join("findings.csv"));
    let rows: Vec<(String, String)> = index
        .iter()
        .map(|r| (r["sweep_id"].clone(), r["product_id"].clone()))
        .collect();
    assert_eq!(
        rows,
        [
            (s1.outcome.sweep_id.clone(), "1".to_string()),
            (s1.outcome.sweep_id.clone(), "2".to_string()),
            (s2.outcome.sweep_id.clone(), "2".to_string()),
        ]
    );
    for r in &index {
        assert_eq!(r["evidence"], "copied");
        assert_eq!(r["warc_file"], "evidence/fixture-id-C100.warc.gz");
        assert_eq!(r["category"], "counterfeit_indicators");
        let audit = if r["sweep_id"] == s1.outcome.sweep_id {
            &a1
        } else {
            &a2
        };
        assert_eq!(
            r["warc_record_id"],
            audit[&r["product_id"]]["warc_record_id"]
        );
        assert_eq!(r["page_sha256"], audit[&r["product_id"]]["page_sha256"]);
        assert_eq!(
            r["seller_warc_record_id"],
            audit[&r["product_id"]]["seller_warc_record_id"]
        );
    }
    check_case_warc(&case, d, &index);

    // The manifest verifies with the README's one-liner, and fails once a file changes.
    let one_liner = readme_one_liner();
    let run = |dir: &Path| {
        Command::new("sh")
            .arg("-c")
            .arg(one_liner.replace("cd SWEEP_DIR", &format!("cd '{}'", dir.display())))
            .output()
            .expect("python3")
    };
    let ok = run(&case);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    assert_eq!(String::from_utf8_lossy(&ok.stdout).trim(), "OK: 3 files");
    assert_eq!(
        greysweep::manifest::verify_manifest(&case).expect("manifest"),
        vec![]
    );

    if let Some(py) = warcio_python() {
        let out = Command::new(&py)
            .args([
                "-c",
                "import sys; from warcio.cli import main; sys.exit(main(sys.argv[1:]))",
            ])
            .args(["check", "-v"])
            .arg(case.join("evidence/fixture-id-C100.warc.gz"))
            .output()
            .expect("warcio");
        assert!(
            out.status.success(),
            "warcio check: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    } else {
        eprintln!("skipping warcio check: no python with warcio (set WARCIO_PYTHON)");
    }

    // Evidence that cannot be found is named, never silently left out.
    let lost = d.join("case-lost");
    let out = bin()
        .arg("export")
        .arg(&sweep_file)
        .args(["--seller", "fixture/id/C100", "--out"])
        .arg(&lost)
        .arg("--evidence-root")
        .arg(d.join("nowhere"))
        .current_dir(d)
        .output()
        .expect("export");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.matches("warning: evidence missing:").count(),
        4,
        "{stderr}"
    );
    assert!(stderr.contains("4 evidence records missing"), "{stderr}");
    let lost_index = read_csv(&lost.join("findings.csv"));
    assert_eq!(lost_index.len(), 3);
    assert!(
        lost_index
            .iter()
            .all(|r| r["evidence"].starts_with("missing: WARC file not found")),
        "{lost_index:?}"
    );
    let case_json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(lost.join("seller.json")).expect("seller.json"))
            .expect("json");
    assert_eq!(case_json["case"]["records"], 0);
    assert_eq!(
        case_json["case"]["missing"].as_array().map(Vec::len),
        Some(4)
    );
    assert_eq!(case_json["seller"]["id"], "fixture/id/C100");

    // Writing into a folder that holds files is refused; an unknown seller is a usage error.
    let again = bin()
        .arg("export")
        .arg(&sweep_file)
        .args(["--seller", "C100", "--out"])
        .arg(&case)
        .current_dir(d)
        .output()
        .expect("export");
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("is not empty"));
    let unknown = bin()
        .arg("export")
        .arg(&sweep_file)
        .args(["--seller", "nobody", "--out"])
        .arg(d.join("case-x"))
        .current_dir(d)
        .output()
        .expect("export");
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no seller \"nobody\""));

    // The tampered copy no longer verifies.
    let index_path = case.join("findings.csv");
    let mut tampered = std::fs::read(&index_path).expect("index");
    tampered.push(b'\n');
    std::fs::write(&index_path, tampered).expect("tamper");
    let bad = run(&case);
    assert!(!bad.status.success());
    assert!(String::from_utf8_lossy(&bad.stdout).contains("FAILED: findings.csv"));
}

fn readme_one_liner() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README")
        .lines()
        .map(str::trim)
        .find(|l| l.starts_with("cd SWEEP_DIR && python3 -c"))
        .expect("one-liner")
        .to_string()
}

/// The case WARC holds, byte for byte, each proving response, its request and metadata,
/// and the warcinfo of its file — nothing else — and every digest verifies.
fn check_case_warc(case: &Path, d: &Path, index: &[HashMap<String, String>]) {
    use greysweep::evidence::reader::WarcRecords;
    let copy: Vec<_> = WarcRecords::open(&case.join("evidence/fixture-id-C100.warc.gz"))
        .expect("open")
        .map(|r| r.expect("record"))
        .collect();
    let mut wanted: std::collections::BTreeSet<String> = Default::default();
    for r in index {
        wanted.insert(r["warc_record_id"].clone());
        wanted.insert(r["seller_warc_record_id"].clone());
    }
    wanted.remove("");
    // Two listing pages (one per sweep) and two seller pages.
    assert_eq!(wanted.len(), 4, "{wanted:?}");
    let count = |t: &str| copy.iter().filter(|r| r.warc_type() == t).count();
    assert_eq!(count("response"), 4);
    assert_eq!(count("request"), 4);
    assert_eq!(count("metadata"), 4);
    assert_eq!(count("warcinfo"), 2, "one per source file");
    assert_eq!(copy.len(), 14);
    let responses: std::collections::BTreeSet<String> = copy
        .iter()
        .filter(|r| r.warc_type() == "response")
        .map(|r| r.record_id().to_string())
        .collect();
    assert_eq!(responses, wanted);
    // Each record is identical to its original: headers and block.
    let mut originals: HashMap<String, greysweep::evidence::WarcRecord> = HashMap::new();
    for entry in walk(&d.join("out")) {
        if entry.to_string_lossy().ends_with(".warc.gz") {
            for r in WarcRecords::open(&entry).expect("source") {
                let r = r.expect("record");
                originals.insert(r.record_id().to_string(), r);
            }
        }
    }
    for r in &copy {
        let o = &originals[r.record_id()];
        assert_eq!(r.headers, o.headers, "{}", r.record_id());
        assert_eq!(r.block, o.block, "{}", r.record_id());
        if let Some(digest) = r.header("WARC-Block-Digest") {
            assert_eq!(greysweep::evidence::sha1_digest(&r.block), digest);
        }
    }
    // The independent parser reads it too.
    let reader = warc::WarcReader::from_path_gzip(case.join("evidence/fixture-id-C100.warc.gz"))
        .expect("warc crate");
    assert_eq!(reader.iter_records().filter(Result::is_ok).count(), 14);
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(p) = stack.pop() {
        for e in std::fs::read_dir(&p).expect("dir").flatten() {
            let path = e.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push(path);
            }
        }
    }
    out
}

/// `relisting.threshold` outside 0.3–1 is a configuration mistake naming file, line and
/// key; `check` exits 2.
#[test]
fn a_bad_relisting_threshold_names_file_line_and_key() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = Sweep::new()
        .in_dir(dir.path())
        .start_url("http://127.0.0.1:9/")
        .write();
    let mut text = std::fs::read_to_string(&path).expect("sweep");
    let line = text.lines().count() + 3;
    text.push_str("\n[relisting]\nthreshold = 1.5\n");
    std::fs::write(&path, text).expect("sweep");
    let out = bin().arg("check").arg(&path).output().expect("check");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(&format!("sweep.toml:{line}:"))
            && err.contains(
                "key `relisting.threshold`: must be a similarity between 0.3 and 1, not 1.5"
            ),
        "{err}"
    );
    let mut text = std::fs::read_to_string(&path).expect("sweep");
    text = text.replace("threshold = 1.5", "treshold = 0.7");
    std::fs::write(&path, text).expect("sweep");
    let out = bin().arg("check").arg(&path).output().expect("check");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("treshold"));
}
