//! Evidence of a real sweep: the demo's WARC files read back with the independent `warc`
//! crate (digests, every fetch present, audit rows pointing at their records), the
//! manifest verified, and `reaudit` reproducing the audit offline — then flagging a brand
//! the registry gained.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::net::{Ipv4Addr, SocketAddr};
use std::path::Path;
use std::process::Command;

use greysweep::config::{Overrides, Settings};
use greysweep::evidence::sha1_digest;
use warc::{WarcHeader, WarcReader};

use crate::harness::{Swept, detect_to, read_csv, run_settings};

async fn demo_sweep(dir: &Path) -> (Swept, std::path::PathBuf) {
    let server = greysweep::demo::serve(SocketAddr::from((Ipv4Addr::LOCALHOST, 0)))
        .await
        .expect("demo server");
    let sweep =
        greysweep::demo::write_bundled_files(&dir.join("seeds"), &server.origin()).expect("files");
    let settings = Settings::load(
        &sweep,
        &Overrides {
            output_dir: Some(dir.join("out")),
            ..Default::default()
        },
    )
    .expect("settings");
    (
        run_settings(settings, std::future::pending(), None).await,
        sweep,
    )
}

fn comparable(path: &Path) -> Vec<HashMap<String, String>> {
    read_csv(path)
        .into_iter()
        .map(|mut r| {
            for k in ["sweep_id", "status", "first_seen"] {
                r.remove(k);
            }
            r
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sweeps_warc_holds_every_fetch_with_valid_digests_and_reaudit_reproduces_it() {
    let tmp = tempfile::tempdir().expect("tempdir");
    let (swept, sweep_file) = demo_sweep(tmp.path()).await;
    let dir = swept.outcome.files.dir.clone();
    let evidence = dir.join("evidence");

    // Read every WARC file back with an independent parser.
    let mut files: Vec<_> = std::fs::read_dir(&evidence)
        .expect("evidence dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    assert!(!files.is_empty());
    let mut responses: HashMap<String, String> = HashMap::new(); // record id → target URI
    let mut requests = 0;
    let mut metadata = 0;
    for f in &files {
        let records: Vec<_> = WarcReader::from_path_gzip(f)
            .expect("open")
            .iter_records()
            .collect::<Result<Vec<_>, _>>()
            .expect("parse");
        assert_eq!(records[0].warc_type().to_string(), "warcinfo");
        for r in &records {
            let block_digest = r
                .header(WarcHeader::BlockDigest)
                .expect("block digest")
                .to_string();
            assert_eq!(
                block_digest,
                sha1_digest(r.body()),
                "block digest of {}",
                r.warc_id()
            );
            match r.warc_type().to_string().as_str() {
                "request" => requests += 1,
                "metadata" => metadata += 1,
                "response" => {
                    let body = r.body();
                    let at = body
                        .windows(4)
                        .position(|w| w == b"\r\n\r\n")
                        .expect("http head")
                        + 4;
                    let payload = r
                        .header(WarcHeader::PayloadDigest)
                        .expect("payload digest")
                        .to_string();
                    assert_eq!(
                        payload,
                        sha1_digest(&body[at..]),
                        "payload digest of {}",
                        r.warc_id()
                    );
                    assert!(r.header(WarcHeader::ConcurrentTo).is_some());
                    assert_eq!(
                        r.header(WarcHeader::IPAddress)
                            .map(|v| v.to_string())
                            .as_deref(),
                        Some("127.0.0.1")
                    );
                    let uri = r.header(WarcHeader::TargetURI).expect("target").to_string();
                    responses.insert(r.warc_id().to_string(), uri);
                }
                _ => {}
            }
        }
    }
    // Every request of the sweep (pages and robots.txt) is there, each with its request.
    let sent = swept.summary["requests"].as_u64().expect("requests")
        + swept.summary["robots_requests"].as_u64().expect("robots");
    assert_eq!(responses.len() as u64, sent);
    assert_eq!(requests as u64, sent);
    assert_eq!(
        metadata as u64,
        swept.summary["pages_ok"].as_u64().expect("ok pages")
    );
    assert!(responses.values().any(|u| u.ends_with("/robots.txt")));
    // Every finding and listing points at a response record of its page.
    for row in swept.audit.iter().chain(&swept.listings) {
        let id = &row["warc_record_id"];
        assert_eq!(responses.get(id), Some(&row["page_url"]), "{id}");
        assert!(files.iter().any(|f| {
            f.file_name()
                .is_some_and(|n| n.to_string_lossy() == row["warc_file"])
        }));
    }
    assert!(
        swept
            .audit
            .iter()
            .map(|r| &r["warc_record_id"])
            .collect::<HashSet<_>>()
            .len()
            > 1
    );
    // The index has a line per response.
    let index = std::fs::read_to_string(evidence.join("index.cdxj")).expect("index");
    assert_eq!(index.lines().count(), responses.len());

    // The manifest verifies.
    assert_eq!(
        greysweep::manifest::verify_manifest(&dir).expect("manifest"),
        vec![]
    );

    // reaudit, nothing changed: the same audit, row for row.
    let bin = env!("CARGO_BIN_EXE_greysweep");
    let out_dir = tmp.path().join("reaudit");
    let run = |sweep: &Path| {
        let out = Command::new(bin)
            .arg("reaudit")
            .arg(&evidence)
            .arg("--sweep")
            .arg(sweep)
            .arg("--out")
            .arg(&out_dir)
            .output()
            .expect("reaudit");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let mut dirs: Vec<_> = std::fs::read_dir(&out_dir)
            .expect("out")
            .filter_map(Result::ok)
            .map(|e| e.path())
            .collect();
        dirs.sort();
        dirs.pop().expect("a reaudit folder")
    };
    let first = run(&sweep_file);
    assert_eq!(
        comparable(&first.join("audit.csv")),
        comparable(&swept.outcome.files.audit)
    );
    // …because it learns, from the same listings, the classes the sweep learned for the
    // demo registry's brands that give none.
    let summary: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(first.join("summary.json")).expect("reaudit summary"),
    )
    .expect("summary json");
    let learned = &swept.summary["learned_classes"];
    assert!(
        learned.as_array().is_some_and(|a| !a.is_empty()),
        "{learned}"
    );
    assert_eq!(&summary["learned_classes"], learned);

    // `detect` over the sweep's own listings.csv gives the same audit rows.
    let detect_out = tmp.path().join("detect-audit.csv");
    let registry = sweep_file
        .parent()
        .expect("seeds/demo")
        .join("../brands/demo.toml");
    let detect = |registry: &Path| {
        detect_to(registry, &swept.outcome.files.listings, &detect_out);
    };
    detect(&registry);
    assert_eq!(
        comparable(&detect_out),
        comparable(&swept.outcome.files.audit)
    );

    // The registry gains a brand: the re-audit flags it, from the same evidence, exactly
    // as `detect` does over the sweep's listings with that registry. `Bamboo` is an
    // ordinary word: it counts with goods of its classes (cutting boards, 21) where it
    // opens the title, not as the board's material after another word.
    let registry = sweep_file
        .parent()
        .expect("seeds/demo")
        .join("../brands/demo.toml");
    let mut text = std::fs::read_to_string(&registry).expect("registry");
    text.push_str(
        "\n[[brand]]\nname = \"Bamboo\"\naliases = []\nauthorised_sellers = []\nclasses = [21]\n",
    );
    std::fs::write(&registry, text).expect("write registry");
    let second = run(&sweep_file);
    let audit = read_csv(&second.join("audit.csv"));
    let bamboo: BTreeSet<_> = audit
        .iter()
        .filter(|r| r["brand"] == "Bamboo")
        .map(|r| r["product_id"].clone())
        .collect();
    let named: BTreeSet<_> = swept
        .listings
        .iter()
        .filter(|r| r["title"].split_whitespace().any(|w| w == "Bamboo"))
        .map(|r| r["product_id"].clone())
        .collect();
    detect(&registry);
    let expected: BTreeSet<_> = read_csv(&detect_out)
        .iter()
        .filter(|r| r["brand"] == "Bamboo")
        .map(|r| r["product_id"].clone())
        .collect();
    assert!(!expected.is_empty());
    assert!(
        expected.is_subset(&named),
        "{expected:?} not all named Bamboo"
    );
    assert_eq!(bamboo, expected);
    assert_eq!(audit.len(), swept.audit.len() + expected.len());
}
