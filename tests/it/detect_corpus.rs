//! The labelled corpus (`tests/corpus/titles.tsv` against `tests/corpus/brands.toml`):
//! precision and recall of flagged listings, no false positive on any trap, and the
//! expected brand and category for each row.
//!
//! The corpus is hand-written; this test only reads it. It prints the figures and every
//! row it gets wrong, then fails below precision 0.97 or recall 0.95.

use std::collections::BTreeMap;
use std::path::Path;

use greysweep::detect::{Detector, Registry, Subject};

const MIN_PRECISION: f64 = 0.97;
const MIN_RECALL: f64 = 0.95;
const MIN_CATEGORY_ACCURACY: f64 = 0.9;

struct Row {
    line: usize,
    flagged: bool,
    category: String,
    brand: String,
    title: String,
    seller: String,
    seller_url: String,
    price: String,
    tag: String,
}

fn corpus() -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/titles.tsv");
    let text = std::fs::read_to_string(&path).expect("corpus is readable");
    let mut rows = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 8, "line {}: 8 tab-separated columns", i + 1);
        assert!(
            matches!(cols[0], "flagged" | "not"),
            "line {}: label",
            i + 1
        );
        rows.push(Row {
            line: i + 1,
            flagged: cols[0] == "flagged",
            category: cols[1].to_string(),
            brand: cols[2].to_string(),
            title: cols[3].to_string(),
            seller: cols[4].to_string(),
            seller_url: cols[5].to_string(),
            price: cols[6].to_string(),
            tag: cols[7].to_string(),
        });
    }
    rows
}

fn opt(s: &str) -> Option<&str> {
    (!s.is_empty()).then_some(s)
}

fn has_cjk(s: &str) -> bool {
    s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c))
}

#[test]
fn corpus_precision_recall_and_traps() {
    let registry =
        Registry::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/brands.toml"))
            .expect("test registry loads");
    assert!((30..=60).contains(&registry.brands.len()));
    let detector = Detector::new(registry);
    let rows = corpus();

    assert!(rows.len() >= 400, "corpus has {} rows", rows.len());
    let chinese = rows.iter().filter(|r| has_cjk(&r.title)).count();
    assert!(chinese >= 80, "only {chinese} Chinese titles");
    for tag in [
        "exact",
        "alias",
        "alias_cjk",
        "product_line",
        "homoglyph",
        "fullwidth",
        "spacing",
        "zero_width",
        "spacing_cjk",
        "leet",
        "typo",
        "indicator",
        "indicator_cjk",
        "price",
        "seller_name",
        "authorised",
        "compat",
        "compat_cjk",
        "trap_boundary",
        "trap_void",
        "trap_void_cjk",
        "trap_typo_word",
        "trap_spacing",
        "trap_bosch_bose",
        "trap_indicator",
    ] {
        assert!(rows.iter().any(|r| r.tag == tag), "no row tagged {tag}");
    }

    let (mut tp, mut fp, mut fn_, mut tn) = (0usize, 0usize, 0usize, 0usize);
    let mut trap_fp = Vec::new();
    let mut wrong = Vec::new();
    let mut cat_total: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for r in &rows {
        let findings = detector.assess(&Subject {
            title: &r.title,
            seller_name: opt(&r.seller),
            seller_url: opt(&r.seller_url),
            price: opt(&r.price),
            ..Subject::default()
        });
        let predicted = findings.iter().any(|f| f.flagged);
        match (r.flagged, predicted) {
            (true, true) => tp += 1,
            (false, true) => fp += 1,
            (true, false) => fn_ += 1,
            (false, false) => tn += 1,
        }
        if r.tag.starts_with("trap") && predicted && !r.flagged {
            trap_fp.push(r.line);
        }
        // Expected brand and category.
        let got = findings.iter().find(|f| f.brand == r.brand);
        let ok = if r.category == "none" {
            findings.is_empty()
        } else {
            got.is_some_and(|f| f.category.to_string() == r.category)
        };
        // Near-miss traps: exactly the expected brand, nothing else.
        let exclusive = matches!(
            r.tag.as_str(),
            "trap_bosch_bose" | "trap_nikon_nike" | "trap_canon_cannon" | "trap_chanel_channel"
        );
        let ok = ok && (!exclusive || findings.len() == 1);
        let entry = cat_total.entry(r.category.clone()).or_default();
        entry.0 += 1;
        if ok {
            entry.1 += 1;
        }
        if !ok || r.flagged != predicted {
            let seen: Vec<String> = findings
                .iter()
                .map(|f| format!("{}:{}:{}:{}", f.brand, f.category, f.match_kind, f.flagged))
                .collect();
            wrong.push(format!(
                "  line {} [{}] expected {} {} {} — got {:?}: {}",
                r.line,
                r.tag,
                if r.flagged { "flagged" } else { "not" },
                r.category,
                r.brand,
                seen,
                r.title
            ));
        }
    }
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    let (all, right) = cat_total
        .values()
        .fold((0, 0), |(a, b), (x, y)| (a + x, b + y));
    let cat_accuracy = right as f64 / all.max(1) as f64;
    println!(
        "corpus: {} titles ({} Chinese), {} labelled flagged",
        rows.len(),
        chinese,
        tp + fn_
    );
    println!("flagged: tp {tp}, fp {fp}, fn {fn_}, tn {tn}");
    println!("precision {precision:.4}, recall {recall:.4}");
    for (cat, (n, ok)) in &cat_total {
        println!("category {cat}: {ok}/{n} right");
    }
    println!("category accuracy {cat_accuracy:.4}");
    if !wrong.is_empty() {
        println!("rows not as labelled:\n{}", wrong.join("\n"));
    }
    assert!(
        trap_fp.is_empty(),
        "false positives on traps at lines {trap_fp:?}"
    );
    assert!(precision >= MIN_PRECISION, "precision {precision:.4}");
    assert!(recall >= MIN_RECALL, "recall {recall:.4}");
    assert!(
        cat_accuracy >= MIN_CATEGORY_ACCURACY,
        "category accuracy {cat_accuracy:.4}"
    );
}
