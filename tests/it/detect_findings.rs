//! Every finding the detector makes on every labelled corpus (`tests/corpus/`: the first
//! corpus, the context, held-out and fresh to fresh7 corpora, the last nine also
//! with their classes removed) and on the detection benchmark's synthetic titles (1,000 and 10,000
//! brands), written out in full and compared with `tests/corpus/findings.jsonl.gz`.
//!
//! This is the safety net for work on the detector's speed: an optimisation must not
//! change one brand, category, match kind, signal or score. A change of the detector's
//! judgement changes the snapshot on purpose: run with `GREYSWEEP_BLESS=1` to rewrite it
//! and review the difference (`target/detect-findings/` keeps the last run's findings as
//! plain text, next to the snapshot's, for `diff`).
//!
//! Each corpus row is judged twice: as a title with its seller, store address and price,
//! and as the description of a neutral title with a category, so the description and
//! category paths are held too.

use std::io::{Read, Write};
use std::path::PathBuf;

use greysweep::detect::{Detector, Registry, Subject};

#[path = "../../benches/support/synthetic.rs"]
mod synthetic;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// (title, seller, store URL, price) of each row of a corpus file.
fn rows(relative: &str) -> Vec<(usize, [String; 4])> {
    let text = std::fs::read_to_string(root().join(relative)).expect("corpus is readable");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let c: Vec<&str> = l.split('\t').collect();
            assert_eq!(c.len(), 8, "{relative} line {}", i + 1);
            let s = |i: usize| c[i].to_string();
            (i + 1, [s(3), s(4), s(5), s(6)])
        })
        .collect()
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

/// Appends every finding of `subject` to `out`, one JSON line each, after a line naming
/// the input.
fn record(out: &mut String, detector: &Detector, label: &str, subject: &Subject<'_>) {
    let findings = detector.assess(subject);
    if findings.is_empty() {
        return;
    }
    out.push_str(&format!(
        "## {label} {:?} {:?}\n",
        subject.title, subject.description
    ));
    for f in findings {
        out.push_str(&serde_json::to_string(&f).expect("a finding serialises"));
        out.push('\n');
    }
}

fn corpus(out: &mut String, name: &str, registry: Registry, titles: &str) {
    let detector = Detector::new(registry);
    for (line, [title, seller, url, price]) in rows(titles) {
        record(
            out,
            &detector,
            &format!("{name}:{line}"),
            &Subject {
                title: &title,
                seller_name: opt(&seller),
                seller_url: opt(&url),
                price: opt(&price),
                ..Subject::default()
            },
        );
        record(
            out,
            &detector,
            &format!("{name}:{line}:description"),
            &Subject {
                title: "wholesale item 2024",
                description: Some(&title),
                category: Some("Consumer Electronics > Accessories"),
                seller_name: opt(&seller),
                ..Subject::default()
            },
        );
    }
}

/// Drops every `classes = …` line: the same registry, goods classes left to inference.
fn without_classes(src: &str) -> String {
    src.lines()
        .filter(|l| !l.trim_start().starts_with("classes"))
        .map(|l| format!("{l}\n"))
        .collect()
}

fn all_findings() -> String {
    let mut out = String::new();
    let first = root().join("tests/corpus/brands.toml");
    corpus(
        &mut out,
        "titles",
        Registry::load(&first).expect("registry loads"),
        "tests/corpus/titles.tsv",
    );
    for stem in [
        "context", "heldout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7",
    ] {
        let file = root().join(format!("tests/corpus/{stem}_brands.toml"));
        let src = std::fs::read_to_string(&file).expect("registry is readable");
        let titles = format!("tests/corpus/{stem}_titles.tsv");
        let reg = Registry::from_toml(&file, &src).expect("registry parses");
        corpus(&mut out, stem, reg, &titles);
        let reg = Registry::from_toml(&file, &without_classes(&src)).expect("registry parses");
        corpus(&mut out, &format!("{stem}-inferred"), reg, &titles);
    }
    for brands in [1_000, 10_000] {
        let reg = synthetic::registry(brands, 0x5eed_0001);
        let titles = synthetic::titles(&reg, 2_000, 0x0071_71e5);
        let detector = Detector::new(reg);
        for (i, t) in titles.iter().enumerate() {
            record(
                &mut out,
                &detector,
                &format!("bench-{brands}:{i}"),
                &Subject {
                    title: t,
                    seller_name: Some("Shenzhen Trading Co."),
                    ..Subject::default()
                },
            );
        }
    }
    out
}

#[test]
fn findings_match_the_snapshot() {
    let snapshot = root().join("tests/corpus/findings.jsonl.gz");
    let now = all_findings();
    let dir = root().join("target/detect-findings");
    std::fs::create_dir_all(&dir).expect("target is writable");
    std::fs::write(dir.join("now.jsonl"), &now).expect("findings written");
    if std::env::var_os("GREYSWEEP_BLESS").is_some() {
        let file = std::fs::File::create(&snapshot).expect("snapshot is writable");
        let mut gz = flate2::write::GzEncoder::new(file, flate2::Compression::best());
        gz.write_all(now.as_bytes()).expect("snapshot written");
        gz.finish().expect("snapshot written");
        return;
    }
    let mut was = String::new();
    flate2::read::GzDecoder::new(
        std::fs::File::open(&snapshot)
            .expect("tests/corpus/findings.jsonl.gz exists (GREYSWEEP_BLESS=1 writes it)"),
    )
    .read_to_string(&mut was)
    .expect("snapshot is gzipped text");
    std::fs::write(dir.join("snapshot.jsonl"), &was).expect("snapshot copy written");
    if now != was {
        let (a, b): (Vec<&str>, Vec<&str>) = (was.lines().collect(), now.lines().collect());
        let first = a
            .iter()
            .zip(&b)
            .position(|(x, y)| x != y)
            .unwrap_or(a.len().min(b.len()));
        panic!(
            "findings differ from the snapshot ({} lines, now {}); first difference at line {}:\n  was {}\n  now {}\n\
             diff target/detect-findings/snapshot.jsonl target/detect-findings/now.jsonl",
            a.len(),
            b.len(),
            first + 1,
            a.get(first).unwrap_or(&"(end)"),
            b.get(first).unwrap_or(&"(end)"),
        );
    }
    let findings = now.lines().filter(|l| !l.starts_with("## ")).count();
    assert!(
        findings > 3_000,
        "only {findings} findings: the inputs went missing"
    );
}
