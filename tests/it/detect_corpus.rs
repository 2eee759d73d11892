//! The labelled corpus (`tests/corpus/titles.tsv` against `tests/corpus/brands.toml`):
//! precision and recall of flagged listings, no false positive on any trap, and the
//! expected brand and category for each row.
//!
//! The corpus is hand-written; this test only reads it. It prints the figures and every
//! row it gets wrong, then fails below precision 0.97 or recall 0.95.
//!
//! The context corpus (`tests/corpus/context_titles.tsv` against the deliberately naive
//! `tests/corpus/context_brands.toml`, no void contexts, with `classes` and `models`)
//! measures brand words on unrelated goods, weak names, misspellings and model numbers:
//! `context_corpus` prints its figures per trouble class, with the registry's classes and
//! without them (inference only), and holds issue 11's targets. The detector's context
//! rules were developed against it, so `heldout_corpus` measures them again on twenty
//! other brands and 352 titles written independently (`tests/corpus/heldout_*`), and
//! `fresh_corpus` on twenty more (`tests/corpus/fresh_*`). Both are development sets now;
//! of the third, only the half of its brands in `FRESH_CHECK_BRANDS` was kept out of
//! development and is printed separately.

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
    corpus_at("tests/corpus/titles.tsv")
}

/// Reads a labelled corpus (8 tab-separated columns) relative to the crate root.
fn corpus_at(relative: &str) -> Vec<Row> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(relative);
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
    s.chars().any(is_cjk)
}

fn is_cjk(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// What the detector reads of a row: its title, seller and price.
fn subject(r: &Row) -> Subject<'_> {
    Subject {
        title: &r.title,
        seller_name: opt(&r.seller),
        seller_url: opt(&r.seller_url),
        price: opt(&r.price),
        ..Subject::default()
    }
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
        let findings = detector.assess(&subject(r));
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

/// The context corpus' trouble classes (the `tag` column).
const CONTEXT_TAGS: [&str; 9] = [
    "unrelated_goods",
    "weak_name_trap",
    "weak_name_corroborated",
    "misspelling_word",
    "misspelling",
    "masked",
    "model_number",
    "chinese_compound",
    "ordinary",
];

#[derive(Default)]
struct TagFigures {
    rows: usize,
    labelled_flagged: usize,
    flagged_right: usize,
    false_positives: usize,
    misses: usize,
    category_right: usize,
}

/// Whether a set of rows may be studied: development sets print the rows they get wrong
/// (with `GREYSWEEP_CORPUS_ROWS` set); held-out halves never do.
#[derive(Clone, Copy, PartialEq)]
enum Rows {
    Development,
    HeldOut,
}

/// Runs one detector over a labelled context corpus and prints precision, recall, a
/// per-tag table and misspelling recall. Rows not as labelled (line, tag, title, what was
/// found and its signals) are listed only for [`Rows::Development`] and only when
/// `GREYSWEEP_CORPUS_ROWS` is set (every row, right or wrong, when it is `all`). With
/// `GREYSWEEP_CORPUS_KINDS` set, every set (held-out ones too) prints how many of its
/// errors are of each kind ([`error_kind`]), never a row.
/// Prints the figures; returns precision, recall and misspelling recall.
fn context_report(
    corpus: &str,
    label: &str,
    detector: &Detector,
    rows: &[Row],
    kind: Rows,
) -> (f64, f64, f64, BTreeMap<String, usize>) {
    let rows_var = std::env::var("GREYSWEEP_CORPUS_ROWS").ok();
    let show_rows = kind == Rows::Development && rows_var.is_some();
    // `GREYSWEEP_CORPUS_ROWS=all` lists every row of a development set, right or wrong.
    let show_all = show_rows && rows_var.as_deref() == Some("all");
    let mut per_tag: BTreeMap<&str, TagFigures> = BTreeMap::new();
    let mut wrong = Vec::new();
    let kinds_var = std::env::var("GREYSWEEP_CORPUS_KINDS").ok();
    let kinds_on = kinds_var.is_some();
    let kinds_all = kinds_var.as_deref() == Some("all");
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    // `GREYSWEEP_CORPUS_PREDICT=FILE` appends every row's verdict (set, line, flagged,
    // brands) to FILE, for comparing with a second annotator's labels; it prints nothing.
    let predict_to = std::env::var("GREYSWEEP_CORPUS_PREDICT").ok();
    for r in rows {
        let findings = detector.assess(&subject(r));
        let predicted = findings.iter().any(|f| f.flagged);
        if let Some(path) = &predict_to {
            record_prediction(path, corpus, label, r.line, &findings);
        }
        // `none`: no finding, or a brand word read as unrelated goods (not flagged).
        let category_ok = if r.category == "none" {
            findings
                .iter()
                .all(|f| !f.flagged && f.category.to_string() == "unrelated_goods")
        } else {
            findings
                .iter()
                .find(|f| f.brand == r.brand)
                .is_some_and(|f| f.category.to_string() == r.category)
        };
        // `GREYSWEEP_CORPUS_KINDS=all` counts right flags by kind too: what share of a
        // kind of evidence is right.
        if kinds_all && r.flagged && predicted {
            let key = error_kind(&findings, false);
            *kinds.entry(format!("tp {} {key}", r.tag)).or_insert(0usize) += 1;
        }
        if kinds_on && r.flagged != predicted {
            let mut key = error_kind(&findings, r.flagged);
            // A miss with no finding at all: how far the title's closest word is from
            // the brand's names (`GREYSWEEP_CORPUS_KINDS=shape`).
            if kinds_var.as_deref() == Some("shape") && key == "no finding" {
                key = format!("no finding: {}", miss_shape(detector, &r.brand, &r.title));
            }
            // …or why the rules set the brand's match aside (`GREYSWEEP_CORPUS_KINDS=aside`):
            // how it matched, whether weak, and whether the lexicon knew the listing's goods.
            if kinds_var.as_deref() == Some("aside") && key == "no finding" {
                key = format!("no finding: {}", aside_shape(detector, &findings, r));
            }
            // …and `GREYSWEEP_CORPUS_KINDS=why` what rule gave a miss's finding its
            // verdict, as a template of its last signal (quotes, brackets, digits and
            // Chinese taken out: the rule's words, not the row's).
            if kinds_var.as_deref() == Some("why")
                && r.flagged
                && let Some(last) = findings.first().and_then(|f| f.signals.last())
            {
                key = format!("{key} | {}", signal_template(last));
            }
            // …and `GREYSWEEP_CORPUS_KINDS=classes` the classes of the listing's goods and
            // of the brand, and how long the matched text is (no word of the row).
            if kinds_var.as_deref() == Some("classes")
                && let Some(f) = if r.flagged {
                    findings.first()
                } else {
                    findings.iter().find(|f| f.flagged)
                }
            {
                key = format!(
                    "{key} | listing {:?} brand {:?} {} chars",
                    f.listing_classes,
                    f.brand_classes,
                    f.matched_text.chars().count()
                );
            }
            *kinds
                .entry(format!(
                    "{} {} {key}",
                    if r.flagged { "fn" } else { "fp" },
                    r.tag
                ))
                .or_insert(0usize) += 1;
        }
        let t = per_tag.entry(r.tag.as_str()).or_default();
        t.rows += 1;
        t.labelled_flagged += usize::from(r.flagged);
        t.flagged_right += usize::from(r.flagged && predicted);
        t.false_positives += usize::from(!r.flagged && predicted);
        t.misses += usize::from(r.flagged && !predicted);
        t.category_right += usize::from(category_ok);
        if show_all || (show_rows && (!category_ok || r.flagged != predicted)) {
            let seen: Vec<String> = findings
                .iter()
                .map(|f| {
                    format!(
                        "{}:{}:{}:{} {:?} goods {:?} {:?} brand {:?} [{}]",
                        f.brand,
                        f.category,
                        f.match_kind,
                        f.flagged,
                        f.matched_text,
                        f.goods_words,
                        f.listing_classes,
                        f.brand_classes,
                        f.signals.join("; ")
                    )
                })
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
    let sum = |f: fn(&TagFigures) -> usize| per_tag.values().map(f).sum::<usize>();
    let (tp, fp, fn_) = (
        sum(|t| t.flagged_right),
        sum(|t| t.false_positives),
        sum(|t| t.misses),
    );
    let precision = tp as f64 / (tp + fp).max(1) as f64;
    let recall = tp as f64 / (tp + fn_).max(1) as f64;
    println!("{corpus}, {label}: {} titles", rows.len());
    println!("  flagged: tp {tp}, fp {fp}, fn {fn_}; precision {precision:.4}, recall {recall:.4}");
    println!(
        "  {:<24} {:>5} {:>8} {:>13} {:>6} {:>7} {:>9}",
        "tag", "rows", "labelled", "flagged right", "fp", "misses", "category"
    );
    for (tag, t) in &per_tag {
        println!(
            "  {:<24} {:>5} {:>8} {:>13} {:>6} {:>7} {:>5}/{:<3}",
            tag,
            t.rows,
            t.labelled_flagged,
            t.flagged_right,
            t.false_positives,
            t.misses,
            t.category_right,
            t.rows
        );
    }
    let (m_pos, m_right) = ["misspelling", "misspelling_word", "masked"]
        .iter()
        .filter_map(|tag| per_tag.get(tag))
        .fold((0, 0), |(n, k), t| {
            (n + t.labelled_flagged, k + t.flagged_right)
        });
    println!(
        "  misspelling recall (misspelling, misspelling_word positives, masked): {m_right}/{m_pos} = {:.4}",
        m_right as f64 / m_pos.max(1) as f64
    );
    for (k, n) in &kinds {
        println!("  kind {k}: {n}");
    }
    if !wrong.is_empty() {
        println!("  rows not as labelled:\n{}", wrong.join("\n"));
    }
    let fps = per_tag
        .iter()
        .map(|(tag, t)| (tag.to_string(), t.false_positives))
        .collect();
    (precision, recall, m_right as f64 / m_pos.max(1) as f64, fps)
}

/// Appends one row's verdict to `path`: set, run, line, whether flagged, and the brands
/// of flagged findings (`-` when none), TAB-separated.
fn record_prediction(
    path: &str,
    corpus: &str,
    label: &str,
    line: usize,
    findings: &[greysweep::detect::Finding],
) {
    use std::io::Write;
    let brands: Vec<&str> = findings
        .iter()
        .filter(|f| f.flagged)
        .map(|f| f.brand.as_str())
        .collect();
    let mut file = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("prediction file opens");
    writeln!(
        file,
        "{corpus}\t{label}\t{line}\t{}\t{}",
        !brands.is_empty(),
        if brands.is_empty() {
            "-".to_string()
        } else {
            brands.join(",")
        }
    )
    .expect("prediction is written");
}

/// Drops every `classes = …` line: the same registry, goods classes left to inference.
fn without_classes(src: &str) -> String {
    src.lines()
        .filter(|l| !l.trim_start().starts_with("classes"))
        .map(|l| format!("{l}\n"))
        .collect()
}

#[test]
fn context_corpus() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/context_brands.toml");
    let src = std::fs::read_to_string(&file).expect("context registry is readable");
    let rows = corpus_at("tests/corpus/context_titles.tsv");
    assert!(rows.len() >= 400, "context corpus has {} rows", rows.len());
    let chinese = rows.iter().filter(|r| has_cjk(&r.title)).count();
    assert!(chinese >= 100, "only {chinese} Chinese titles");
    for r in &rows {
        assert!(
            CONTEXT_TAGS.contains(&r.tag.as_str()),
            "line {}: unknown tag {}",
            r.line,
            r.tag
        );
    }
    for tag in CONTEXT_TAGS {
        assert!(rows.iter().any(|r| r.tag == tag), "no row tagged {tag}");
    }
    let flagged = rows.iter().filter(|r| r.flagged).count();
    println!(
        "context corpus: {} titles ({chinese} Chinese), {flagged} labelled flagged",
        rows.len()
    );

    // Issue 11's acceptance: precision 0.995, recall 0.985, misspelling recall 0.95 and
    // no flag among unrelated goods and weak-name traps; 0.99 / 0.97 with the classes
    // left to inference. (The detector's context rules were developed on this corpus;
    // `heldout_corpus` below measures them on titles and brands they never saw.)
    let with_classes = Registry::from_toml(&file, &src).expect("context registry parses");
    assert_eq!(with_classes.brands.len(), 20);
    let (p, r, m, fps) = context_report(
        "context corpus",
        "registry classes",
        &Detector::new(with_classes),
        &rows,
        Rows::Development,
    );
    assert!(
        p >= 0.995 && r >= 0.985 && m >= 0.95,
        "context corpus: precision {p:.4}, recall {r:.4}, misspellings {m:.4}"
    );
    for tag in ["unrelated_goods", "weak_name_trap"] {
        assert_eq!(fps.get(tag), Some(&0), "flags among {tag}");
    }

    assert!(
        src.lines().any(|l| l.trim_start().starts_with("classes")),
        "the context registry declares classes"
    );
    let stripped = without_classes(&src);
    let inferred =
        Registry::from_toml(&file, &stripped).expect("context registry without classes parses");
    let (p, r, _, _) = context_report(
        "context corpus",
        "classes removed (inference only)",
        &inference_detector(inferred.clone(), &rows, false),
        &rows,
        Rows::Development,
    );
    assert!(
        p >= 0.99 && r >= 0.97,
        "inference only: precision {p:.4}, recall {r:.4}"
    );
    // The same with classes learned from the corpus' listings, as a sweep would.
    let (p, r, _, _) = context_report(
        "context corpus",
        LEARNED,
        &inference_detector(inferred, &rows, true),
        &rows,
        Rows::Development,
    );
    assert!(
        p >= 0.99 && r >= 0.97,
        "learned from the listings: precision {p:.4}, recall {r:.4}"
    );
}

/// The detector for a registry with its classes removed: classes inferred, and with
/// `learn` also learned from the corpus' listings, as a sweep learns them from a
/// directory's ([`Detector::learn_classes`]).
fn inference_detector(registry: Registry, rows: &[Row], learn: bool) -> Detector {
    let mut detector = Detector::new(registry);
    if learn {
        detector.learn_classes(rows.iter().map(subject));
    }
    detector
}

/// The label of the inference-only run with classes learned from the corpus' listings.
const LEARNED: &str = "classes removed, learned from its listings";

/// Runs a held-out corpus (`tests/corpus/{stem}_titles.tsv` against
/// `tests/corpus/{stem}_brands.toml`) with the registry's classes and with them removed,
/// prints both, and holds `floor` (precision, recall, misspelling recall; inference only
/// 0.02 below).
fn held_out(stem: &str, name: &str, floor: (f64, f64, f64), kind: Rows) {
    held_out_with(stem, name, floor, (floor.0 - 0.02, floor.1 - 0.02), kind);
}

/// [`held_out`] with the inference-only floors (precision, recall) given apart: for a
/// corpus whose brands the marks file mostly lacks, inference has little to go on.
fn held_out_with(
    stem: &str,
    name: &str,
    floor: (f64, f64, f64),
    inference_floor: (f64, f64),
    kind: Rows,
) {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/corpus/{stem}_brands.toml"));
    let src = std::fs::read_to_string(&file).expect("held-out registry is readable");
    let rows = corpus_at(&format!("tests/corpus/{stem}_titles.tsv"));
    assert!(rows.len() >= 250, "{name} has {} rows", rows.len());
    for r in &rows {
        assert!(
            CONTEXT_TAGS.contains(&r.tag.as_str()),
            "line {}: unknown tag {}",
            r.line,
            r.tag
        );
    }
    let registry = Registry::from_toml(&file, &src).expect("held-out registry parses");
    let (p, r, m, _) = context_report(
        name,
        "registry classes",
        &Detector::new(registry),
        &rows,
        kind,
    );
    let inferred = Registry::from_toml(&file, &without_classes(&src))
        .expect("held-out registry without classes parses");
    let (pi, ri, _, _) = context_report(
        name,
        "classes removed (inference only)",
        &inference_detector(inferred.clone(), &rows, false),
        &rows,
        kind,
    );
    // Printed, not held: what a sweep over these listings would judge by.
    context_report(
        name,
        LEARNED,
        &inference_detector(inferred, &rows, true),
        &rows,
        kind,
    );
    assert!(
        p >= floor.0 && r >= floor.1 && m >= floor.2,
        "{name} fell below its floors: precision {p:.4}, recall {r:.4}, misspellings {m:.4}"
    );
    assert!(
        pi >= inference_floor.0 && ri >= inference_floor.1,
        "{name}, inference only: precision {pi:.4}, recall {ri:.4}"
    );
}

/// The second corpus (`tests/corpus/heldout_*`): twenty other brands and 352 titles
/// written independently of the detector. Its first run (precision 0.808, recall 0.925,
/// misspellings 0.937) measured the context rules on material they had not seen; the
/// rules were then refined on it, so it is a development set now and its floors are the
/// figures after the later refinements.
#[test]
fn heldout_corpus() {
    held_out(
        "heldout",
        "second corpus",
        (0.97, 0.94, 0.94),
        Rows::Development,
    );
}

/// The third corpus (`tests/corpus/fresh_*`): twenty more brands and 332 titles written
/// independently. Its first run, before anything was tuned on it, measured precision
/// 0.815, recall 0.926, misspellings 0.900. It then became a development set for half of
/// its brands only: [`FRESH_CHECK_BRANDS`], fixed before any result was looked at, stay
/// out of development, and `fresh_corpus` prints their rows separately as the check
/// half (the other half is the dev half).
#[test]
fn fresh_corpus() {
    halves(
        "fresh",
        "third corpus",
        &FRESH_CHECK_BRANDS,
        FRESH_DEV_FLOOR,
        FRESH_CHECK_FLOOR,
    );
    held_out("fresh", "third corpus", FRESH_FLOOR, Rows::HeldOut);
}

/// Splits a corpus by [`half_brand`] into the check half (`check_brands`, kept out of
/// development: figures only) and the dev half (rows printed), prints both with the
/// registry's classes and with them removed, and holds each half's floor (precision,
/// recall with the registry's classes).
fn halves(
    stem: &str,
    name: &str,
    check_brands: &[&str],
    dev_floor: (f64, f64),
    check_floor: (f64, f64),
) {
    let file =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/corpus/{stem}_brands.toml"));
    let src = std::fs::read_to_string(&file).expect("registry is readable");
    let registry = Registry::from_toml(&file, &src).expect("registry parses");
    for b in check_brands {
        assert!(
            registry.brands.iter().any(|x| x.name == *b),
            "{b} is not a brand of {stem}"
        );
    }
    let rows = corpus_at(&format!("tests/corpus/{stem}_titles.tsv"));
    let (check, dev): (Vec<Row>, Vec<Row>) = rows
        .into_iter()
        .partition(|r| check_brands.contains(&half_brand(&registry, r).as_str()));
    assert!(check.len() >= 100 && dev.len() >= 100);
    let inferred = Registry::from_toml(&file, &without_classes(&src)).expect("parses");
    // Both halves are printed before either floor is held.
    let mut below = Vec::new();
    for (label, half, kind, floor) in [
        ("check half", &check, Rows::HeldOut, check_floor),
        ("dev half", &dev, Rows::Development, dev_floor),
    ] {
        let (p, r, _, _) = context_report(
            &format!("{name}, {label}"),
            "registry classes",
            &Detector::new(registry.clone()),
            half,
            kind,
        );
        context_report(
            &format!("{name}, {label}"),
            "classes removed (inference only)",
            &inference_detector(inferred.clone(), half, false),
            half,
            kind,
        );
        context_report(
            &format!("{name}, {label}"),
            LEARNED,
            &inference_detector(inferred.clone(), half, true),
            half,
            kind,
        );
        if p < floor.0 || r < floor.1 {
            below.push(format!(
                "{name}, {label} fell below its floors: precision {p:.4}, recall {r:.4}"
            ));
        }
    }
    assert!(below.is_empty(), "{}", below.join("; "));
}

/// The third corpus' brands kept out of development (every other brand of its registry,
/// chosen before looking at any result).
const FRESH_CHECK_BRANDS: [&str; 10] = [
    "Prada",
    "Versace",
    "Bulgari",
    "Montblanc",
    "Onitsuka Tiger",
    "Ray-Ban",
    "Sony",
    "Philips",
    "Makita",
    "JBL",
];

/// The brand a row belongs to for the dev/check split: its brand column, else the first
/// brand of the registry one of whose names the title contains (case-insensitive), else
/// a brand chosen by line number.
fn half_brand(registry: &Registry, r: &Row) -> String {
    if r.brand != "-" {
        return r.brand.clone();
    }
    let title = r.title.to_lowercase();
    for b in &registry.brands {
        let names = std::iter::once(b.name.as_str())
            .chain(b.aliases.iter().map(String::as_str))
            .chain(b.product_lines.iter().map(|p| p.name()));
        if names
            .map(str::to_lowercase)
            .any(|n| n.chars().count() >= 2 && title.contains(&n))
        {
            return b.name.clone();
        }
    }
    registry.brands[r.line % registry.brands.len()].name.clone()
}

/// Floors of the third corpus: precision, recall and misspelling recall after the
/// dev-half refinements (first run 0.815 / 0.926 / 0.900).
const FRESH_FLOOR: (f64, f64, f64) = (0.91, 0.93, 0.92);

/// Precision and recall floors of the third corpus' dev half.
const FRESH_DEV_FLOOR: (f64, f64) = (0.96, 0.93);

/// Precision and recall floors of the third corpus' check half.
const FRESH_CHECK_FLOOR: (f64, f64) = (0.87, 0.94);

/// The fourth corpus (`tests/corpus/fresh2_*`): twenty more brands (344 titles) written
/// by someone who read neither the detector nor the other corpora. It was measured on
/// main before the `fresh_*`-half tuning (precision 0.800, recall 0.964, misspellings
/// 0.966; inference only 0.819 / 0.954) and once after it (0.839, 0.964, 0.966; inference
/// only 0.861 / 0.949), and nothing was tuned on it: it is the figure for registries and
/// titles nobody has seen. Floors: the second run, rounded down.
///
/// Since issue 11's generalisation work half of its brands is a development set:
/// [`FRESH2_CHECK_BRANDS`] were drawn at random before any row was looked at and stay
/// out of development; `fresh2_corpus` prints both halves, the check half's rows never.
#[test]
fn fresh2_corpus() {
    halves(
        "fresh2",
        "fourth corpus",
        &FRESH2_CHECK_BRANDS,
        FRESH2_DEV_FLOOR,
        FRESH2_CHECK_FLOOR,
    );
    held_out("fresh2", "fourth corpus", FRESH2_FLOOR, Rows::HeldOut);
}

/// The fourth corpus' brands kept out of development: ten of its twenty, drawn before
/// any row was looked at with Python's `random.Random(20261130).sample(range(20), 10)`
/// over the registry's brands in file order (indices 1, 4, 10, 11, 12, 15, 16, 17, 18,
/// 19). The dev half is Armani, Longchamp, Champion, Beats, Marshall, DJI, Milwaukee,
/// DeWalt, Estée Lauder and Brembo.
const FRESH2_CHECK_BRANDS: [&str; 10] = [
    "Bottega Veneta",
    "Columbia",
    "Pokémon",
    "Barbie",
    "MAC Cosmetics",
    "Michelin",
    "Zippo",
    "Le Creuset",
    "Coca-Cola",
    "Red Bull",
];

/// Precision and recall floors of the fourth corpus' dev half.
const FRESH2_DEV_FLOOR: (f64, f64) = (0.97, 0.99);

/// Precision and recall floors of the fourth corpus' check half.
const FRESH2_CHECK_FLOOR: (f64, f64) = (0.89, 0.90);

/// Precision, recall and misspelling recall floors of the fourth corpus.
const FRESH2_FLOOR: (f64, f64, f64) = (0.93, 0.95, 0.96);

/// The fifth corpus (`tests/corpus/fresh3_*`): twenty more brands (The North Face, New
/// Balance, UGG, Under Armour, Lacoste, Michael Kors, Tiffany & Co., Pandora, Dove,
/// Xiaomi, Dyson, Stanley, Shell, NGK, LEGO, Hot Wheels, Monster Energy, Nestlé,
/// Thermos, Lancôme) and 343 titles (137 with Chinese), written blind on 2026-11-30 by
/// someone who read neither the detector nor any other corpus. It is kept out of
/// development: nobody reads its rows to change a rule. Floors: its first run, on main
/// at the time it was added (8b2f277: precision 0.864, recall 0.958, misspellings 0.940;
/// inference only 0.856 / 0.958) and after the context rules of `src/detect/context.rs`
/// (precision 0.876, recall 0.958; inference only 0.868 / 0.958), rounded down; since the
/// goods-context rules developed on the sixth corpus (2026-12-01: a misspelling, or one
/// name alone, on goods wholly of other classes; phrases of the commonest words; Chinese
/// compatibility words read against what follows them) precision 0.909, recall 0.938,
/// misspellings 0.904 (inference only 0.900 / 0.938): fewer errors, some of them misses.
#[test]
fn fresh3_corpus() {
    held_out("fresh3", "fifth corpus", FRESH3_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the fifth corpus.
const FRESH3_FLOOR: (f64, f64, f64) = (0.90, 0.93, 0.90);

/// The sixth corpus (`tests/corpus/fresh4_*`): twenty more brands (Timberland, Skechers,
/// Fila, Asics, Patagonia, Carhartt, Citizen, Seiko, Fossil, Mulberry, Garmin, Anker,
/// Corsair, Kingston, Gillette, Duracell, Castrol, Bridgestone, Hasbro, Starbucks) and
/// 351 titles (120 with Chinese), written blind on 2026-12-01 by someone who read neither
/// the detector nor any other corpus, with many weak names in its registry (`TBL`, `BS`,
/// `精工`, `化石`, `海盗船`, `Ultra`, `Edge`). It is a development set from its first run.
#[test]
fn fresh4_corpus() {
    held_out("fresh4", "sixth corpus", FRESH4_FLOOR, Rows::Development);
}

/// Precision, recall and misspelling recall floors of the sixth corpus.
const FRESH4_FLOOR: (f64, f64, f64) = (0.92, 0.99, 0.98);

/// The seventh corpus (`tests/corpus/fresh5_*`): twenty more brands (Jordan, Valentino,
/// Balmain, Jimmy Choo, Kate Spade, Swatch, Breitling, TAG Heuer, OPPO, vivo, OnePlus,
/// Sennheiser, Razer, SanDisk, Fujifilm, Yamaha, Fender, Stihl, Nivea, Ferrero Rocher)
/// and 351 titles (124 with Chinese), written blind on 2026-12-01 by someone who read
/// neither the detector nor any other corpus, and kept out of development: nobody reads
/// its rows to change a rule. Its first run, on main after the goods-context rules
/// developed on the sixth corpus: precision 0.831, recall 0.975, misspellings 0.976
/// (inference only 0.845 / 0.970); the same corpus on the main of the day before those
/// rules (`0dd4c0b`): 0.802 / 0.985 (inference only 0.818 / 0.980). Floors: the first
/// run, rounded down.
#[test]
fn fresh5_corpus() {
    held_out("fresh5", "seventh corpus", FRESH5_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the seventh corpus.
const FRESH5_FLOOR: (f64, f64, f64) = (0.83, 0.97, 0.97);

/// The eighth corpus (`tests/corpus/fresh6_*`): twenty more brands (Gap, Mango, Celine,
/// Rado, Chopard, IWC, LG, Panasonic, Dell, Snap-on, Denso, Continental, Bandai, Olay,
/// Benefit, Pepsi, Tsingtao, Corona, Wilson, Head) and 351 titles (113 in Chinese),
/// written blind on 2026-12-01 by someone who read neither the detector nor any other
/// corpus, with more weak names than any corpus before it (`Gap`, `Head`, `Benefit`,
/// `Corona`, `Wilson`, `LG`, `雷达`, `芒果`, `青岛`). Held out: nobody reads its rows to
/// change a rule. Floors: its first run, rounded down (figures in docs/brands.md).
#[test]
fn fresh6_corpus() {
    held_out("fresh6", "eighth corpus", FRESH6_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the eighth corpus.
const FRESH6_FLOOR: (f64, f64, f64) = (0.88, 0.96, 0.93);

/// The ninth corpus (`tests/corpus/fresh7_*`): twenty more brands (Zara, Levi's, Kappa,
/// Tudor, Chow Tai Fook, Midea, Nokia, Realme, Craftsman, Irwin, Gates, TotalEnergies,
/// Fisher-Price, Tamiya, Lush, Shiseido, Jack Daniel's, Moutai, Li-Ning, Yonex) and 280
/// titles (111 in Chinese) about weak names alone, written blind on 2026-12-01 by someone
/// who read neither the detector nor any other corpus: 100 weak names in their ordinary
/// sense on goods of the brand's own kind (tagged `weak_name_trap`), 40 on other goods
/// (`unrelated_goods`), 100 corroborated and 40 ordinary listings. A development set from
/// its first run, for the weak-name rules.
#[test]
fn fresh7_corpus() {
    held_out("fresh7", "ninth corpus", FRESH7_FLOOR, Rows::Development);
}

/// Precision, recall and misspelling recall floors of the ninth corpus (it has no
/// misspellings).
const FRESH7_FLOOR: (f64, f64, f64) = (0.73, 0.96, 0.0);

/// The tenth corpus (`tests/corpus/fresh8_*`): twenty more brands (Guerlain, Clinique,
/// Maybelline, Hublot, Longines, Tissot, Salomon, Mizuno, Brooks, Reebok, Birkenstock,
/// Jabra, Ricoh, Husqvarna, Bic, Tefal, Haier, Anta, Wuliangye, Victorinox) and 359
/// titles (118 mostly Chinese) over every trouble class, written blind on 2026-12-01 by
/// someone who read neither the detector nor any other corpus. Held out: nobody reads its
/// rows to change a rule. Floors: its first run, rounded down (figures in docs/brands.md).
#[test]
fn fresh8_corpus() {
    held_out("fresh8", "tenth corpus", FRESH8_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the tenth corpus. (Misspellings
/// lowered from 0.98 on 2026-12-02: names that are ordinary words read with the word
/// before them cost it one misspelt title that a product line had carried, 0.9725 since;
/// the six held-out sets together lost 2 true and 6 false findings: docs/brands.md.)
const FRESH8_FLOOR: (f64, f64, f64) = (0.86, 0.96, 0.97);

/// The eleventh corpus (`tests/corpus/fresh9_*`): twenty more brands (Zenith, Van Cleef &
/// Arpels, Samsonite, Arc'teryx, Dr. Martens, Canada Goose, Creed, Rejoice,
/// Audio-Technica, Shure, Fluke, KYB, Mobil, Nerf, Molten, Phoenix, Absolut, Johnnie
/// Walker, Xerox, WMF) and 364 titles (152 mostly Chinese) over every trouble class,
/// written blind on 2026-12-02 by someone who read neither the detector nor any other
/// corpus. Held out: nobody reads its rows to change a rule. Its first run, on `fd1f8f6`:
/// precision 0.865, recall 0.956, misspellings 0.938; inference only 0.870 / 0.886.
/// Floors: that run rounded down, the recall floor set so that the inference-only run
/// (held 0.02 below) passes.
#[test]
fn fresh9_corpus() {
    held_out("fresh9", "eleventh corpus", FRESH9_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the eleventh corpus.
const FRESH9_FLOOR: (f64, f64, f64) = (0.86, 0.90, 0.93);

/// The twelfth corpus (`tests/corpus/fresh10_*`): twenty more brands (Audemars Piguet,
/// Daniel Wellington, Qeelin, MCM, Goyard, Superdry, Clarks, Lee, Fresh, Tom Ford,
/// Motorola, ZTE, Zebra, Hilti, Mann-Filter, Sachs, Monopoly, Spalding, Luzhou Laojiao,
/// Lodge) and 360 titles (146 mostly Chinese), written blind on 2026-12-02 by someone who
/// read neither the detector nor any other corpus, and run once, at the end of that day's
/// work (`a42a43a`), with no rule changed after: the day's closing measure on material
/// nobody had seen. That run: precision
/// 0.876, recall 0.965, misspellings 0.973 (inference only 0.876 / 0.938); the day's
/// first build (`fd1f8f6`): 0.868 / 0.960 / 0.982 (0.864 / 0.872). Floors: that run
/// rounded down, the recall floor set so that the inference-only run (held 0.02 below)
/// passes. A development set since the sixth session of 2026-12-02 (its rows are
/// printed): the development sets no longer held the kinds of false positive blind
/// writers make (weak names in their ordinary sense on goods close to the brand's), and
/// this set has the most of them; the seventeenth corpus took its place as a blind measure.
#[test]
fn fresh10_corpus() {
    held_out(
        "fresh10",
        "twelfth corpus",
        FRESH10_FLOOR,
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the twelfth corpus.
const FRESH10_FLOOR: (f64, f64, f64) = (0.87, 0.95, 0.97);

/// The thirteenth corpus (`tests/corpus/fresh11_*`): twenty more brands (Off-White,
/// Loewe, Panerai, Chrome Hearts, The Ordinary, Perfect Diary, Jo Malone, NVIDIA, Google,
/// Edifier, Knipex, Pirelli, Pop Mart, Lululemon, Peak, Titleist, White Rabbit,
/// Hennessy, Joyoung, KitchenAid) and 360 titles (159 mostly Chinese), written blind on
/// 2026-12-02 (second session) by someone who read neither the detector nor any other
/// corpus, and run twice: on the session's first build (`6b26b4a`: precision 0.939,
/// recall 0.920, misspellings 0.900; inference only 0.947 / 0.907) and on the build that
/// added it (0.948 / 0.920 / 0.900; inference only the same), with no rule changed after.
/// A development set since the third session of 2026-12-02 (its rows are printed): the
/// fourteenth corpus took its place as the blind measure. Floors: the blind run rounded
/// down.
#[test]
fn fresh11_corpus() {
    held_out(
        "fresh11",
        "thirteenth corpus",
        FRESH11_FLOOR,
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the thirteenth corpus.
const FRESH11_FLOOR: (f64, f64, f64) = (0.94, 0.91, 0.90);

/// The fourteenth corpus (`tests/corpus/fresh12_*`): twenty more brands (Stone Island,
/// Givenchy, Patek Philippe, Lao Feng Xiang, La Mer, Florasis, Bang & Olufsen, Acer,
/// Ridgid, Hella, Hongqi, Sanrio, Ping, DHS, Forever, Bull, Yili, Gree, Mars, Warrior) and
/// 360 titles (178 mostly Chinese), written blind on 2026-12-02 (third session) by someone
/// who read neither the detector nor any other corpus, and run twice: on the session's
/// first build (`6792b22`: precision 0.940, recall 0.860, misspellings 0.825; inference
/// only 0.952 / 0.835) and on the build that added it (0.958 / 0.860 / 0.817; inference
/// only 0.965 / 0.826), with no rule changed after. Held out: nobody reads its rows to
/// change a rule. Floors: that run rounded down, the recall floor set so that the
/// inference-only run (held 0.02 below) passes. At the end of the fourth session (its
/// totals only, read once): 0.958 / 0.873 / 0.842 (inference only 0.965 / 0.826).
#[test]
fn fresh12_corpus() {
    held_out("fresh12", "fourteenth corpus", FRESH12_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the fourteenth corpus.
const FRESH12_FLOOR: (f64, f64, f64) = (0.95, 0.84, 0.81);

/// The fifteenth corpus (`tests/corpus/fresh13_*`): twenty more brands (Ferragamo,
/// Orient, Chow Sang Sang, L'Oréal, Pechoin, Pioneer, AUX, Dremel, Deli, Goodyear,
/// Transformers, Victor, Lao Gan Ma, Heineken, Robam, Hongdou, Shimano, Carolina Herrera,
/// TRW, Changhong) and 360 titles (191 mostly Chinese), written blind on 2026-12-02
/// (fourth session) by someone who read neither the detector nor any other corpus, and run
/// on the session's first build (`a4be63b`), on `6cb77cb` and on its last, with no rule
/// changed after; all three runs gave precision 0.930, recall 0.938, misspellings 0.925
/// (inference only 0.946 / 0.883). Held out: nobody reads its rows to change a rule. Floors: that run
/// rounded down, the recall floor set so that the inference-only run (held 0.02 below)
/// passes.
#[test]
fn fresh13_corpus() {
    held_out("fresh13", "fifteenth corpus", FRESH13_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the fifteenth corpus.
const FRESH13_FLOOR: (f64, f64, f64) = (0.92, 0.90, 0.92);

/// The sixteenth corpus (`tests/corpus/fresh14_*`): twenty more brands (Balenciaga,
/// Chloé, Richard Mille, Swarovski, Sea-Gull, Proya, Clarins, Bose, Dahua, Baseus,
/// Dongcheng, Worx, BYD, Valeo, Playmobil, Want Want, Oreo, Speedo, Tide, Zwilling) and
/// 360 titles (189 mostly Chinese), written blind on 2026-12-02 (fifth session) by someone
/// who read neither the detector nor any other corpus, and run on the session's first
/// build (`83c1441`: precision 0.939, recall 0.968, misspellings 0.944; inference only
/// 0.934 / 0.963) and on its last (`2081f55`: 0.939 / 0.974 / 0.956; inference only
/// 0.934 / 0.968). Held out: nobody reads its rows to change a rule. Floors: the first run
/// rounded down, the recall floor set so that the inference-only run (held 0.02 below)
/// passes.
#[test]
fn fresh14_corpus() {
    held_out("fresh14", "sixteenth corpus", FRESH14_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the sixteenth corpus.
const FRESH14_FLOOR: (f64, f64, f64) = (0.93, 0.94, 0.94);

/// The seventeenth corpus (`tests/corpus/fresh15_*`): twenty more brands (Dior, Ball
/// Watch, Chaumet, Dabao, SK-II, Axis, Hikvision, FLEX, Monroe, UNO, Feiyue,
/// Uni-President, Snow Beer, Lock & Lock, Ninja, Bear, Polar, TCL, GoPro, imoo) and 360
/// titles (204 mostly Chinese), written blind on 2026-12-02 (sixth session) by someone who
/// read neither the detector nor any other corpus, and run on the session's first build
/// (`7c0d501`: precision 0.924, recall 0.919, misspellings 0.865; inference only 0.910 /
/// 0.924) and on its last (`5b63368`, and `0cbd371` after the mask changes: 0.933 /
/// 0.919 / 0.865; inference only 0.920 / 0.924). Held out: nobody reads its rows to change a rule. Floors: the first run
/// rounded down.
#[test]
fn fresh15_corpus() {
    held_out(
        "fresh15",
        "seventeenth corpus",
        FRESH15_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventeenth corpus.
const FRESH15_FLOOR: (f64, f64, f64) = (0.92, 0.91, 0.86);

/// The eighteenth corpus (`tests/corpus/fresh16_*`): twenty more brands (Supreme, Rimowa,
/// Piaget, Fiyta, AMD, Ugreen, Ring, SATA, Wera, Mahle, Wanxiang, Kiehl's, Liushen,
/// Jellycat, Enlighten, Arawana, Bright Dairy, Lindt, On, Xtep) and 360 titles (207 mostly
/// Chinese), written blind on 2026-12-02 (seventh session) by someone who read neither the
/// detector nor any other corpus, and run on the session's first build (`a21bec8`:
/// precision 0.846, recall 0.984, misspellings 0.978; inference only 0.841 / 0.947) and on
/// its last (`7ca9d29`: the same). Held out: nobody reads its rows to change a rule. Floors: the first run rounded down, the
/// recall floor set so that the inference-only run (held 0.02 below) passes.
#[test]
fn fresh16_corpus() {
    held_out("fresh16", "eighteenth corpus", FRESH16_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the eighteenth corpus.
const FRESH16_FLOOR: (f64, f64, f64) = (0.84, 0.96, 0.97);

/// The nineteenth corpus (`tests/corpus/fresh17_*`): twenty more brands (Alexander
/// McQueen, Golden Goose, Hoka, Saucony, Texas Instruments, Insta360, Mitutoyo, Festool,
/// Bilstein, Aisin, Laneige, Charlotte Tilbury, Lay's, Haribo, Funko, Seven Wolves, Little
/// Swan, Erdos, Hero, Supor) and 360 titles (197 mostly Chinese), written blind on
/// 2026-12-03 (eighth session) by someone who read neither the detector nor any other
/// corpus, and run on the session's first build (`5a31a33`: precision 0.895, recall 0.947,
/// misspellings 0.920; inference only 0.886 / 0.947). Held out: nobody reads its rows to
/// change a rule. Floors: the first run rounded down.
#[test]
fn fresh17_corpus() {
    held_out("fresh17", "nineteenth corpus", FRESH17_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the nineteenth corpus.
const FRESH17_FLOOR: (f64, f64, f64) = (0.89, 0.94, 0.92);

/// The twentieth corpus (`tests/corpus/fresh18_*`): twenty more brands (Hamilton,
/// Vivienne Westwood, Acne Studios, Lotto, 361°, MSI, Hisense, EZVIZ, Nubia, 3M, Kobalt,
/// SKF, Geely, Delphi, Aesop, Vichy, Kinder, Master Kong, Yanghe, Play-Doh) and 378
/// titles (203 mostly Chinese), written blind on 2026-12-03 (ninth session) by someone
/// who read neither the detector nor any other corpus. Run first on `b4d09d5` (before the
/// session's rules: precision 0.852, recall 0.929, misspellings 0.897; inference only
/// 0.852 / 0.905), then on `845383b` (after `apart_from_goods` and the no-goods mid-title
/// rule, developed on other sets: precision 0.863, recall 0.929, misspellings 0.897;
/// inference only 0.864 / 0.905: three false positives fewer, no flag lost), and on the
/// session's last (`b29a2df`: the same; inference only 0.860 / 0.905). Held out: nobody reads
/// its rows to change a rule. Floors: the first run rounded down.
#[test]
fn fresh18_corpus() {
    held_out("fresh18", "twentieth corpus", FRESH18_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the twentieth corpus.
const FRESH18_FLOOR: (f64, f64, f64) = (0.86, 0.92, 0.89);

/// The twenty-first corpus (`tests/corpus/fresh19_*`): twenty more brands (Breguet,
/// Bally, Bell & Ross, Lao Miao, Luk Fook, ASUS, Braun, Fotile, Aigo, Crescent, NSK,
/// Chint, LUX, Origins, Bee&Flower, Nongfu Spring, Three Squirrels, Lipton, Butterfly,
/// Decathlon) and 386 titles (223 mostly Chinese), written blind on 2026-12-03 (tenth
/// session) by someone who read neither the detector nor any other corpus. Run first on
/// `4a61745` (before the session's change: precision 0.925, recall 0.925, misspellings
/// 0.892; inference only 0.920 / 0.920), then with masks on a first letter, stars,
/// tildes and digits in masked words read (precision 0.925, recall 0.930, misspellings
/// 0.901; inference only 0.921 / 0.925: one masked name more found, nothing more flagged
/// wrongly). Held out: nobody reads its rows to change a rule. Floors: the first run rounded down.
#[test]
fn fresh19_corpus() {
    held_out(
        "fresh19",
        "twenty-first corpus",
        FRESH19_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the twenty-first corpus.
const FRESH19_FLOOR: (f64, f64, f64) = (0.92, 0.92, 0.90);

/// The twenty-second corpus (`tests/corpus/fresh20_*`): twenty more brands (Leatherman,
/// Bioderma, Jaeger-LeCoultre, A Bathing Ape, Nutella, Sylvanian Families, Babolat, Motul,
/// Mengniu, Galanz, Fenjiu, Bosideng, Chow Tai Seng, Meizu, Wahaha, Caterpillar, Shark,
/// Camel, Roborock, Shede) and 386 titles (206 mostly Chinese), written blind on
/// 2026-12-03 (eleventh session) by someone who read neither the detector nor any other
/// corpus. First run on the session's first build (precision 0.945, recall 0.954,
/// misspellings 0.914; inference only 0.933 / 0.899). Held out: nobody reads its rows to
/// change a rule. Floors: the first run rounded down; recall's is 0.91 because the
/// inference-only run must come within 0.02 of it (0.899).
#[test]
fn fresh20_corpus() {
    held_out(
        "fresh20",
        "twenty-second corpus",
        FRESH20_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the twenty-second corpus.
const FRESH20_FLOOR: (f64, f64, f64) = (0.94, 0.91, 0.91);

/// The twenty-third corpus (`tests/corpus/fresh21_*`): twenty more brands (Yeti, Sprite,
/// Matchbox, Keen, Vaseline, Klein Tools, Callaway, Osram, NIU, Haitian, Blue Moon, M&G,
/// Yanjing, Flyco, Erke, HLA, Pigeon, Kao, Himalaya, Cuckoo), sixteen of them named by
/// ordinary words, acronyms or ordinary Chinese words, and 394 titles (212 mostly
/// Chinese), written blind on 2026-12-03 (twelfth session) by someone who read neither
/// the detector nor any other corpus. First run, on the session's first build (`bf88210`):
/// precision 0.934, recall 0.947, misspellings 0.927 (inference only 0.931 / 0.889), 13 of
/// its 15 false positives among the weak-name traps. Held out: nobody reads its rows to
/// change a rule. Floors: the first run rounded down; recall's is 0.90 because the
/// inference-only run must come within 0.02 of it (0.889).
#[test]
fn fresh21_corpus() {
    held_out(
        "fresh21",
        "twenty-third corpus",
        FRESH21_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the twenty-third corpus.
const FRESH21_FLOOR: (f64, f64, f64) = (0.93, 0.90, 0.92);

/// The twenty-fourth corpus (`tests/corpus/fresh22_*`): twenty more brands (Obey, Arena,
/// Pilot, BlackBerry, Glad, Finish, STP, Fram, LeapFrog, Camper, Tiger Balm, JVC, YAYA,
/// Red Dragonfly, Xiuzheng, Panda, Synear, Sanyuan, e.l.f., Husky), eighteen of them named
/// by ordinary words, acronyms or ordinary Chinese words, and 409 titles (214 mostly
/// Chinese), written blind on 2026-12-03 (thirteenth session) by someone who read neither
/// the detector nor any other corpus. First run, on the session's first build (`6dd57f0`):
/// precision 0.924, recall 0.966, misspellings 0.955 (inference only 0.921 / 0.887); 10 of
/// its 19 false positives among the weak-name traps, 7 model numbers. Held out: nobody
/// reads its rows to change a rule. Floors: the first run rounded down; recall's is 0.90
/// because the inference-only run must come within 0.02 of it (0.887).
#[test]
fn fresh22_corpus() {
    held_out(
        "fresh22",
        "twenty-fourth corpus",
        FRESH22_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the twenty-fourth corpus.
const FRESH22_FLOOR: (f64, f64, f64) = (0.92, 0.90, 0.95);

/// The twenty-fifth corpus (`tests/corpus/fresh23_*`): twenty more brands (Parker,
/// Wrangler, Hunter, Giant, Kindle, Crest, Always, Frozen, EGO, Colorful, Triangle,
/// Fulinmen, Arctic Ocean, BBK, Peskoe, Comix, White Cat, Prince, Safeguard, Hershey's),
/// all of them named by ordinary words, acronyms, surnames or ordinary Chinese words, and
/// 410 titles (205 mostly Chinese), written blind on 2026-12-03 (fourteenth session) by
/// someone who read neither the detector nor any other corpus. First run, on the
/// session's first build (`babbeef`):
/// precision 0.922, recall 0.941, misspellings 0.944 (inference only 0.920 / 0.908); 12
/// of its 19 false positives among the weak-name traps, 4 model numbers. Held out:
/// nobody reads its rows to change a rule. Floors: the first run rounded down; recall's
/// is 0.92 because the inference-only run must come within 0.02 of it (0.908).
#[test]
fn fresh23_corpus() {
    held_out(
        "fresh23",
        "twenty-fifth corpus",
        FRESH23_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the twenty-fifth corpus.
const FRESH23_FLOOR: (f64, f64, f64) = (0.92, 0.92, 0.94);

/// The twenty-sixth corpus (`tests/corpus/fresh24_*`): twenty more brands (Peacebird,
/// Uniqlo, ECCO, Fjällräven, Vacheron Constantin, Mido, Intel, Nothing, Ryobi, Yokohama,
/// Revlon, CeraVe, Ultraman, Rubik's, Lafite, Jiugui, Zojirushi, OMO, Specialized,
/// Toread) and 456 titles (220 mostly in Chinese), written blind on 2026-12-04 by someone
/// who read neither the detector nor any other corpus, with Chinese names that are
/// ordinary words (`太平鸟`, `北极狐`, `奥妙`, `闪电`, `酒鬼`, `横滨`) and an English word
/// for a name (`Nothing`, `Specialized`). First run, on the session's first build (`d50c9af`,
/// the detector of `7cfdc89`): precision 0.959, recall 0.944, misspellings 0.899
/// (inference only 0.962 / 0.933); 6 of its 11 false positives among the weak-name traps,
/// 9 of its 15 misses misspellings that are words. Held out: nobody reads its rows to
/// change a rule. Floors: the first run rounded down.
#[test]
fn fresh24_corpus() {
    held_out(
        "fresh24",
        "twenty-sixth corpus",
        FRESH24_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the twenty-sixth corpus.
const FRESH24_FLOOR: (f64, f64, f64) = (0.95, 0.94, 0.89);

/// The twenty-seventh corpus (`tests/corpus/fresh25_*`): twenty more brands (Next, Only,
/// Daphne, Osprey, Titan, Tenda, NVC, Clear, Dettol, Vessel, Chaoyang, BBS, Sluban,
/// Haidilao, Baixiang, Red Star, Hearttex, TOTO, Cobra, Merida) and 451 titles (238
/// mostly in Chinese), written blind on 2026-12-04 by someone who read neither the
/// detector nor any other corpus. First run, on the session's first build (the detector
/// of `625f229`): precision 0.881, recall 0.954, misspellings 0.938 (tp/fp/fn 230/31/11;
/// inference only 0.895 / 0.888); 14 of its 31 false positives among the weak-name traps,
/// 7 among unrelated goods, 7 among model numbers. Held out: nobody reads its rows to
/// change a rule. Floors: the first run rounded down, recall 0.90 because the
/// inference-only run must come within 0.02 of it.
#[test]
fn fresh25_corpus() {
    held_out(
        "fresh25",
        "twenty-seventh corpus",
        FRESH25_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the twenty-seventh corpus.
const FRESH25_FLOOR: (f64, f64, f64) = (0.88, 0.90, 0.93);

/// The twenty-eighth corpus (`tests/corpus/fresh26_*`): twenty more brands (Redmi, Tile,
/// Belle, Reef, Marubi, Essence, AEG, Greatstar, Slinky, Silverlit, Juewei, Extra,
/// Linglong, Optima, Whirlpool, Povos, Trek, Daiwa, Genki Forest, Marmot) and 474 titles
/// (227 mostly in Chinese), written blind on 2026-12-04 by someone who read neither the
/// detector nor any other corpus, eleven of them named by ordinary words or acronyms. First
/// run, on the session's first build (the detector of `6261725`): precision 0.874, recall
/// 0.917, misspellings 0.952 (tp/fp/fn 264/38/24; inference only 0.863 / 0.896); 19 of its
/// 38 false positives among the weak-name traps. Held out until the nineteenth session
/// (2026-12-04), which read its wrong rows to find rules: a development set since, whose
/// wrong rows `GREYSWEEP_CORPUS_ROWS` lists. Floors: the first run rounded down.
#[test]
fn fresh26_corpus() {
    held_out(
        "fresh26",
        "twenty-eighth corpus",
        FRESH26_FLOOR,
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the twenty-eighth corpus.
const FRESH26_FLOOR: (f64, f64, f64) = (0.87, 0.91, 0.95);

/// The twenty-ninth corpus (`tests/corpus/fresh27_*`): twenty more brands (Crucial, AOC,
/// Hasee, Tecno, Kyocera, Police, Tianwang, Fox Racing, Hush Puppies, Kipling, Avon,
/// Metabo, Great Wall Motors, Takara Tomy, Kraft, Coconut Palm, TaylorMade, Flying Pigeon,
/// Instant Pot, Little Duck) and 452 titles (242 mostly in Chinese), written blind on
/// 2026-12-04 by someone who read neither the detector nor any other corpus. First run, on
/// the session's first build (the detector of `495537d`): precision 0.933, recall 0.945,
/// misspellings 0.953 (tp/fp/fn 223/16/13; inference only 0.925 / 0.941). Held out:
/// nobody reads its rows to change a rule, and this session's rules were chosen without
/// running it. Floors: the first run rounded down.
#[test]
fn fresh27_corpus() {
    held_out(
        "fresh27",
        "twenty-ninth corpus",
        FRESH27_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the twenty-ninth corpus (the
/// misspelling floor 0.94 since the fortieth session's ordinary senses: one misspelling
/// is read in its word's sense, three false flags less).
const FRESH27_FLOOR: (f64, f64, f64) = (0.93, 0.94, 0.94);

/// The thirtieth corpus (`tests/corpus/fresh28_*`): twenty more brands (Furla, Kenzo,
/// Sonos, AKG, Lexar, Beta, Tajima, MOMO, Liqui Moly, Sulwhasoo, Carslan, Bounty, Wong Lo
/// Kat, Golden Monkey, Schleich, Mikasa, Skshu, Yishion, Chunlan, Black Diamond) and 465
/// titles (232 mostly in Chinese), written blind on 2026-12-04 by someone who read neither
/// the detector nor any other corpus. First run, on the session's first build (the
/// detector of `948108e`): precision 0.940, recall 0.969,
/// misspellings 0.973 (tp/fp/fn 252/16/8; inference only 0.943 / 0.950). Held out: nobody reads its rows to change a rule, and
/// this session's rules were chosen without running it. Floors: the first run rounded down.
#[test]
fn fresh28_corpus() {
    held_out("fresh28", "thirtieth corpus", FRESH28_FLOOR, Rows::HeldOut);
}

/// Precision, recall and misspelling recall floors of the thirtieth corpus.
const FRESH28_FLOOR: (f64, f64, f64) = (0.94, 0.96, 0.97);

/// The thirty-first corpus (`tests/corpus/fresh29_*`): twenty more brands (Tory Burch,
/// Fear of God, Blancpain, Jeep, Western Digital, TP-Link, Skyworth, Romoss, HiKOKI, NYX
/// Professional Makeup, Urban Decay, La Roche-Posay, Penfolds, Daohuaxiang, Chupa Chups,
/// Six Walnuts, BRIO, Jack Wolfskin, Sailun, Fuyao) and 489 titles (238 mostly in
/// Chinese), written blind on 2026-12-04 by someone who read neither the detector nor any
/// other corpus. First run, on the detector of `4bbdf7d` (the session's first build) and
/// again at `2b70727` with the same result: precision 0.968, recall 0.950, misspellings
/// 0.934 (tp/fp/fn 303/10/16; inference only 0.945 / 0.966, 308/18/11). Held out: nobody
/// reads its rows to change a rule. Floors: the first run rounded down.
#[test]
fn fresh29_corpus() {
    held_out(
        "fresh29",
        "thirty-first corpus",
        FRESH29_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the thirty-first corpus.
const FRESH29_FLOOR: (f64, f64, f64) = (0.96, 0.94, 0.93);

/// The thirty-second corpus (`tests/corpus/fresh30_*`): twenty more brands (Christian
/// Louboutin, Loro Piana, Bulova, Everlast, Harman Kardon, Shokz, FAST, Ecovacs, Hakko,
/// UNI-T, ACDelco, Changan, Helena Rubinstein, Hourglass, Sensodyne, Rémy Martin, Anchor,
/// JDB, Paw Patrol, Goodbaby) and 489 titles (244 mostly in Chinese), written blind on
/// 2026-12-04 by someone who read neither the detector nor any other corpus, and kept
/// sealed (not run) while that session's rules were made. First run, after them (at
/// `c938b38`): precision 0.966, recall 0.937, misspellings 0.933 (tp/fp/fn 284/10/19;
/// inference only the same); the detector of `4bbdf7d`, before them, 283/10/20 (recall
/// 0.934, misspellings 0.924). Held out: nobody reads its rows to change a rule. Floors:
/// the first run rounded down.
#[test]
fn fresh30_corpus() {
    held_out(
        "fresh30",
        "thirty-second corpus",
        FRESH30_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the thirty-second corpus.
const FRESH30_FLOOR: (f64, f64, f64) = (0.96, 0.93, 0.93);

/// The thirty-third corpus (`tests/corpus/fresh31_*`): twenty more brands (Miu Miu,
/// Palace, Oris, Frederique Constant, Toshiba, Sigma, Bahco, Hankook, K&N, Whoo, Chando,
/// Orion, Gujinggong, Peppa Pig, VTech, Double Fish, Umbro, OXO, Feihe, Dreame) and 548
/// titles (269 mostly in Chinese), written blind on 2026-12-05 by someone who read
/// neither the detector nor any other corpus. First run, on the detector of `737689c`:
/// precision 0.963, recall 0.955, misspellings 0.972 (tp/fp/fn 316/12/15; inference
/// only 0.954 / 0.943). The registry's one model pattern with a look-ahead, which the
/// detector rejects (file, line and key named), was rewritten without it; no row was read
/// or changed. Held out: nobody reads its rows to change a rule. Floors: the first run
/// rounded down.
#[test]
fn fresh31_corpus() {
    held_out(
        "fresh31",
        "thirty-third corpus",
        FRESH31_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the thirty-third corpus: its first
/// run rounded down, less 0.005 of recall for the one true positive that reading
/// dictionary names by the brand's core goods (twenty-second session) costs it, a rule
/// that took five false positives off the other sets.
const FRESH31_FLOOR: (f64, f64, f64) = (0.96, 0.945, 0.97);

/// The thirty-fourth corpus (`tests/corpus/fresh32_*`): twenty more brands (Max Mara,
/// Marc Jacobs, Certina, Maurice Lacroix, Transcend, HTC, Godox, Fein, Kärcher, ATE, Shu
/// Uemura, Budweiser, Gundam, Atomic, Royal Canin, Huggies, Segway-Ninebot, Mixue,
/// Bissell, Akebono) and 536 titles (258 mostly in Chinese), written blind on 2026-12-05
/// by someone who read neither the detector nor any other corpus, and kept sealed (not
/// run) while that session's rules were made. First run, after them (at `371eb61`):
/// precision 0.979, recall 0.976, misspellings 0.992 (tp/fp/fn 325/7/8; inference only
/// 0.982 / 0.970); the detector of `737689c`, before them, 326/7/7 (the short-code rule
/// of `371eb61` costs one). Held out: nobody reads its rows to change a rule. Floors: the
/// first run rounded down.
#[test]
fn fresh32_corpus() {
    held_out(
        "fresh32",
        "thirty-fourth corpus",
        FRESH32_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the thirty-fourth corpus.
const FRESH32_FLOOR: (f64, f64, f64) = (0.97, 0.97, 0.99);

/// A thirty-fifth corpus (20 brands, 517 titles), written by a helper that read neither
/// the detector nor any corpus. First run (the session-start detector `ea8bdfa` and
/// `9624ce5` alike): 289 / 13 / 35, precision 0.957, recall 0.892, misspellings 0.885.
#[test]
fn fresh33_corpus() {
    held_out(
        "fresh33",
        "thirty-fifth corpus",
        FRESH33_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the thirty-fifth corpus.
const FRESH33_FLOOR: (f64, f64, f64) = (0.95, 0.89, 0.88);

/// A thirty-sixth corpus (20 brands, 517 titles), written by a helper that read neither
/// the detector nor any corpus, and kept sealed while the twenty-second session's rules
/// were made. First run (`96b2ce7`): 293 / 13 / 36, precision 0.957, recall 0.891,
/// misspellings 0.847; the session-start detector (`ea8bdfa`) gives 292 / 12 / 37.
#[test]
fn fresh34_corpus() {
    held_out(
        "fresh34",
        "thirty-sixth corpus",
        FRESH34_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the thirty-sixth corpus. Recall and
/// misspellings were 0.89 / 0.84 until the twenty-third session: reading a code glued to
/// its letters (`EC685`) as one code between a fits phrase and a name cost one disguised
/// name here (292 / 13 / 37), while it removed five wrong flags on other unread sets.
const FRESH34_FLOOR: (f64, f64, f64) = (0.95, 0.88, 0.83);

/// The shape of a miss the detector found nothing in: the title word (letters, with
/// `*`-like masks as `?`) closest to one of the brand's Latin names or name words, by
/// edit distance (adjacent swaps count one), with the name's length, whether the first
/// letters agree, and for one edit which (a vowel or consonant changed, a letter
/// added or dropped, two swapped); `zh` where the brand is written in Chinese only.
/// Printed as counts, so held-out sets show where misspellings are lost without
/// showing a row.
/// For `GREYSWEEP_CORPUS_KINDS=aside`: the shape of the note `explain` gives for the row's
/// brand set aside (its match kind, weak or not, goods unknown, in or out of the brand's
/// classes), without a word of the row.
fn aside_shape(detector: &Detector, findings: &[greysweep::detect::Finding], r: &Row) -> String {
    let listing = subject(r);
    let needle = format!(" {}; ", r.brand);
    let lines = detector.set_aside(&listing, findings);
    let Some(line) = lines
        .iter()
        .find(|l| l.contains(&needle) || l.ends_with(&r.brand))
    else {
        // Which script the title is mostly in: where the unread misspelling likely is.
        let cjk = r.title.chars().filter(|&c| is_cjk(c)).count();
        let latin = r.title.chars().filter(char::is_ascii_alphabetic).count();
        return format!(
            "not read, title mostly {}",
            if cjk * 2 >= latin { "Chinese" } else { "Latin" }
        );
    };
    let kind = line
        .split(" in the ")
        .nth(1)
        .and_then(|t| {
            t.strip_prefix("title (")
                .or_else(|| t.strip_prefix("description ("))
        })
        .and_then(|t| t.split(',').next())
        .unwrap_or("?");
    let script = if has_cjk(line.split(" in the ").next().unwrap_or("")) {
        "zh"
    } else {
        "latin"
    };
    let weak = if line.contains("is a weak name") {
        " weak"
    } else {
        ""
    };
    let goods = if line.contains("no goods the lexicon knows") {
        "no goods"
    } else {
        "other goods"
    };
    let edit = if line.contains("an ordinary word one letter") {
        " word-edit"
    } else {
        ""
    };
    format!("{kind} {script}{weak}{edit}, {goods}")
}

fn miss_shape(detector: &Detector, brand: &str, title: &str) -> String {
    let Some(reading) = detector.readings().into_iter().find(|b| b.brand == brand) else {
        return "unknown brand".into();
    };
    let mut names: Vec<String> = Vec::new();
    for n in reading.names.iter().filter(|n| n.role != "product line") {
        let whole: String = n
            .text
            .chars()
            .filter(char::is_ascii_alphabetic)
            .collect::<String>()
            .to_ascii_lowercase();
        if whole.len() >= 3 {
            names.push(whole);
        }
        names.extend(
            n.text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| w.len() >= 4)
                .map(str::to_ascii_lowercase),
        );
    }
    let lower = title.to_lowercase();
    let zh = zh_shape(&reading, title);
    let mut words: Vec<String> = lower
        .split(|c: char| !(c.is_ascii_alphanumeric() || "*_?#•·$@!|".contains(c)))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .map(|w| {
            w.chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '?' })
                .collect()
        })
        .collect();
    let singles = words.clone();
    words.extend(singles.windows(2).map(|p| format!("{}{}", p[0], p[1])));
    let is_masked = |w: &str| w.contains('?');
    let best = names
        .iter()
        .flat_map(|n| {
            words
                .iter()
                .map(move |w| (strsim::osa_distance(w, n), w, n))
        })
        .filter(|(_, w, n)| w.len().abs_diff(n.len()) <= 3)
        .min_by_key(|(d, w, n)| (*d, w.len().abs_diff(n.len()), n.len()));
    let Some((d, w, n)) = best else {
        return zh.unwrap_or_else(|| "no latin name".into());
    };
    if d * 2 > n.len() {
        return zh.unwrap_or_else(|| "far".into());
    }
    let len = match n.len() {
        0..=4 => "len<=4",
        5..=6 => "len5-6",
        _ => "len7+",
    };
    let first = if w.as_bytes().first() == n.as_bytes().first() {
        "first same"
    } else {
        "first differs"
    };
    let what = if is_masked(w) {
        "masked".to_string()
    } else if d == 0 {
        "exact".to_string()
    } else if d == 1 {
        one_edit(w.as_bytes(), n.as_bytes()).to_string()
    } else {
        format!("{d} edits")
    };
    format!("{len} {first} {what}")
}

/// [`miss_shape`] of a title against the brand's Chinese names: for the closest window of
/// the title (the name's length, one more or one less), the name's length, how many of
/// its characters the window has in place, and the characters standing for the others
/// (`*`, `x`, `口`, a homophone `字`).
fn zh_shape(reading: &greysweep::detect::BrandReading, title: &str) -> Option<String> {
    let is_cjk = |c: char| ('\u{4e00}'..='\u{9fff}').contains(&c);
    if !title.chars().any(is_cjk) {
        return None;
    }
    let chars: Vec<char> = title.chars().collect();
    let mut best: Option<(usize, usize, String)> = None;
    for n in &reading.names {
        let name: Vec<char> = n.text.chars().collect();
        if name.len() < 2 || !name.iter().all(|&c| is_cjk(c)) {
            continue;
        }
        for len in name.len().saturating_sub(1).max(1)..=name.len() + 1 {
            for w in chars.windows(len) {
                // Characters of the name found in order in the window.
                let mut at = 0;
                let mut shared = 0;
                for &c in w {
                    if let Some(k) = name[at..].iter().position(|&x| x == c) {
                        at += k + 1;
                        shared += 1;
                    }
                }
                let others: String = w
                    .iter()
                    .map(|&c| {
                        if name.contains(&c) {
                            '='
                        } else if is_cjk(c) {
                            '字'
                        } else {
                            c
                        }
                    })
                    .collect();
                let score = (shared, usize::MAX - len.abs_diff(name.len()));
                if shared >= 1
                    && best
                        .as_ref()
                        .is_none_or(|b| score > (b.0, usize::MAX - b.1.abs_diff(name.len())))
                {
                    best = Some((shared, len, format!("zh name {} {others}", name.len())));
                }
            }
        }
    }
    Some(best.map_or("zh, no character of a Chinese name".into(), |b| b.2))
}

/// Which single edit turns `w` into `n`.
fn one_edit(w: &[u8], n: &[u8]) -> &'static str {
    let vowel = |c: u8| b"aeiouy".contains(&c);
    if w.len() + 1 == n.len() {
        return "letter dropped";
    }
    if w.len() == n.len() + 1 {
        return "letter added";
    }
    let diff: Vec<usize> = (0..w.len()).filter(|&i| w[i] != n[i]).collect();
    match diff.as_slice() {
        [i] if vowel(w[*i]) && vowel(n[*i]) => "vowel changed",
        [i] if w[*i].is_ascii_digit() => "digit for a letter",
        [_] => "consonant changed",
        _ => "letters swapped",
    }
}

/// A signal with what it quotes (`"…"`), what it lists in brackets, its digits and its
/// Chinese taken out, cut to 70 characters: which rule spoke, not about which row.
fn signal_template(signal: &str) -> String {
    let mut out = String::new();
    let (mut quoted, mut depth) = (false, 0usize);
    for c in signal.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                if quoted {
                    out.push('Q');
                }
            }
            _ if quoted => {}
            '(' | '[' => {
                if depth == 0 {
                    out.push_str("(…)");
                }
                depth += 1;
            }
            ')' | ']' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_ascii_digit() => {
                if !out.ends_with('N') {
                    out.push('N');
                }
            }
            c if ('\u{3400}'..='\u{9fff}').contains(&c) => {}
            c => out.push(c),
        }
    }
    out.chars().take(70).collect()
}

/// What kind of error a row not flagged as labelled is, for `GREYSWEEP_CORPUS_KINDS`:
/// the goods (none recognised, of the brand's classes, of others), the words matched,
/// the category, how the brand was named (name, alias, product line, model, misspelling;
/// `/zh` for Chinese), weak or strong, and what corroborated a weak name. Counts of
/// these are printed for every set, held-out ones too: they show where errors lie
/// without showing a row.
fn error_kind(findings: &[greysweep::detect::Finding], labelled_flagged: bool) -> String {
    let f = if labelled_flagged {
        findings.first()
    } else {
        findings.iter().find(|f| f.flagged)
    };
    let Some(f) = f else {
        return "no finding".into();
    };
    let sig = f.signals.join("; ");
    let role = if sig.contains("matching product line") {
        "line"
    } else if sig.contains("matching model number") {
        "model"
    } else if sig.contains("(misspelling)") {
        "typo"
    } else if sig.contains("matching alias") {
        "alias"
    } else if sig.contains("matching its name") {
        "name"
    } else {
        "other"
    };
    let cjk = f
        .matched_text
        .chars()
        .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
    let weak = sig.contains("is a weak name");
    // Why it is weak, in a word (`acronym`, `ordinary`, `compounds`, …).
    let reason = sig
        .split("is a weak name (")
        .nth(1)
        .and_then(|r| {
            r.split([')', ' ', ':'])
                .find(|w| w.len() > 3 && *w != "part")
        })
        .unwrap_or_default();
    let by = sig
        .split("weak name corroborated by ")
        .nth(1)
        .map(|rest| {
            rest.split("; ")
                .map(|p| p.split([' ', '(']).take(2).collect::<Vec<_>>().join(" "))
                .filter(|p| {
                    !p.starts_with("seller")
                        && !p.starts_with("no seller")
                        && !p.starts_with("price")
                })
                .collect::<Vec<_>>()
                .join("+")
        })
        .unwrap_or_default();
    let goods = if f.listing_classes.is_empty() {
        "nogoods"
    } else if f
        .listing_classes
        .iter()
        .any(|c| f.brand_classes.contains(c))
    {
        "brandgoods"
    } else {
        "othergoods"
    };
    let words = f.matched_text.split_whitespace().count();
    format!(
        "{goods} w{words} {} {}{} {}{}",
        f.category,
        role,
        if cjk { "/zh" } else { "" },
        if weak {
            format!("weak({reason})")
        } else {
            "strong".to_string()
        },
        if by.is_empty() {
            String::new()
        } else {
            format!(" by {by}")
        }
    )
}

/// A thirty-seventh corpus (20 brands, 496 titles), written by a helper that read neither
/// the detector nor any corpus. Run once as it came (`3c70bb1`): 293 / 19 / 14, precision 0.939, recall 0.954, misspellings 0.981; then read, as a
/// development set, to see what misses look like on brands no rule was made for.
#[test]
fn fresh35_corpus() {
    held_out(
        "fresh35",
        "thirty-seventh corpus",
        FRESH35_FLOOR,
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the thirty-seventh corpus (read:
/// 296 / 11 / 11 after the twenty-third session's changes, P 0.964, R 0.964; 301 / 9 / 6
/// after the twenty-fourth's, P 0.971, R 0.980).
const FRESH35_FLOOR: (f64, f64, f64) = (0.97, 0.97, 0.98);

/// A thirty-eighth corpus (20 brands, 520 titles), written by a helper that read neither
/// the detector nor any corpus, and kept sealed while the twenty-third session's rules
/// were made. First run (`db2b95b`): 297 / 17 / 19, precision 0.946, recall 0.940,
/// misspellings 0.949; the session-start detector (`3c70bb1`) gives 297 / 18 / 19.
#[test]
fn fresh36_corpus() {
    held_out(
        "fresh36",
        "thirty-eighth corpus",
        FRESH36_FLOOR,
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the thirty-eighth corpus.
const FRESH36_FLOOR: (f64, f64, f64) = (0.94, 0.93, 0.94);

/// A thirty-ninth corpus (20 brands, 494 titles, 262 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus. Run once as it came (`e658927`): 284 /
/// 16 / 11, precision 0.947, recall 0.963, misspellings 0.973; then read, as a development
/// set, like the thirty-seventh.
#[test]
fn fresh37_corpus() {
    held_out(
        "fresh37",
        "thirty-ninth corpus",
        FRESH37_FLOOR,
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the thirty-ninth corpus (read: 294 /
/// 12 / 1 after the twenty-fourth session's changes, P 0.961, R 0.997; inference only
/// 286 / 12 / 9, R 0.969, so recall is held at 0.98).
const FRESH37_FLOOR: (f64, f64, f64) = (0.96, 0.98, 0.99);

/// A fortieth corpus (20 brands, 478 titles, 264 mostly Chinese), written by a helper that
/// read neither the detector nor any corpus, and kept sealed while the twenty-fourth
/// session's rules were made. First run (`ea7612a`): 267 / 7 / 22, precision 0.975,
/// recall 0.924, misspellings 0.943; the session-start detector (`e658927`) gives the
/// same. Inference only: 231 / 15 / 58 (P 0.939, R 0.799): most of its brands (Chinese
/// makers and industrial suppliers) are not in the marks file, and their names give no
/// goods words to infer classes from.
#[test]
fn fresh38_corpus() {
    held_out_with(
        "fresh38",
        "fortieth corpus",
        FRESH38_FLOOR,
        (0.93, 0.79),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the fortieth corpus.
const FRESH38_FLOOR: (f64, f64, f64) = (0.97, 0.92, 0.94);

/// A forty-first corpus (20 brands, 485 titles, 263 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus. Run once as it came (`8103e98`): 284 / 3
/// / 20, precision 0.990, recall 0.934, misspellings 0.903; inference only 277 / 4 / 27.
/// Then read, as a development set.
#[test]
fn fresh39_corpus() {
    held_out_with(
        "fresh39",
        "forty-first corpus",
        FRESH39_FLOOR,
        (0.99, 0.94),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the forty-first corpus (read: 299 /
/// 1 / 5 after the twenty-fifth session's changes, P 0.997, R 0.984, misspellings 0.963;
/// inference only 287 / 2 / 17).
const FRESH39_FLOOR: (f64, f64, f64) = (0.99, 0.98, 0.96);

/// A forty-second corpus (20 brands, 511 titles, 250 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed while the twenty-fifth
/// session's rules were made. First run (`41be671`): 287 / 12 / 24, precision 0.960,
/// recall 0.923, misspellings 0.940; the session-start detector (`8103e98`) gives 286 / 12
/// / 25. Inference only: 279 / 18 / 32 (P 0.939, R 0.897). Its wrong rows were then read
/// (a development set since); nothing built from them landed.
#[test]
fn fresh40_corpus() {
    held_out_with(
        "fresh40",
        "forty-second corpus",
        FRESH40_FLOOR,
        (0.93, 0.89),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the forty-second corpus.
const FRESH40_FLOOR: (f64, f64, f64) = (0.95, 0.92, 0.93);

/// A forty-third corpus (20 brands, 520 titles, 288 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus. Run once as it came (`dbdaa95`): 308 /
/// 5 / 13, precision 0.984, recall 0.960, misspellings 0.928; inference only 307 / 5 / 14.
/// Then read, as a development set.
#[test]
fn fresh41_corpus() {
    held_out_with(
        "fresh41",
        "forty-third corpus",
        FRESH41_FLOOR,
        (0.99, 0.97),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the forty-third corpus (read: 315 /
/// 2 / 6 after the twenty-sixth session's changes, P 0.994, R 0.981, misspellings 0.960;
/// inference only the same).
const FRESH41_FLOOR: (f64, f64, f64) = (0.99, 0.98, 0.96);

/// A forty-fourth corpus (20 brands, 444 titles, 258 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the twenty-sixth session's rules were made. First run, on the session-start detector
/// (`dbdaa95`): 267 / 13 / 19, precision 0.954, recall 0.934, misspellings 0.929;
/// inference only the same; unchanged by that session's rules. Read from the
/// twenty-seventh session on, as a development set.
#[test]
fn fresh42_corpus() {
    held_out_with(
        "fresh42",
        "forty-fourth corpus",
        FRESH42_FLOOR,
        (0.95, 0.93),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the forty-fourth corpus (its first
/// run, rounded down).
const FRESH42_FLOOR: (f64, f64, f64) = (0.95, 0.93, 0.92);

/// A forty-fifth corpus (20 brands, 467 titles, 241 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the twenty-seventh session's rules were made. First run, on the session-start detector
/// (`33e9084`): 277 / 14 / 7, precision 0.952, recall 0.975, misspellings 0.981;
/// inference only 277 / 13 / 7; unchanged by that session's rules. Read from the
/// twenty-eighth session on, as a development set.
#[test]
fn fresh43_corpus() {
    held_out_with(
        "fresh43",
        "forty-fifth corpus",
        FRESH43_FLOOR,
        (0.95, 0.97),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the forty-fifth corpus (its first
/// run, rounded down).
const FRESH43_FLOOR: (f64, f64, f64) = (0.95, 0.97, 0.98);

/// A forty-sixth corpus (20 brands, 515 titles, 238 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the twenty-seventh session's rules were made. First run, on the session-start detector
/// (`33e9084`): 291 / 14 / 17, precision 0.954, recall 0.945, misspellings 0.950;
/// inference only 274 / 17 / 34, precision 0.942, recall 0.890. Read from the
/// twenty-ninth session on, as a development set.
#[test]
fn fresh44_corpus() {
    held_out_with(
        "fresh44",
        "forty-sixth corpus",
        FRESH44_FLOOR,
        (0.94, 0.88),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the forty-sixth corpus (its first
/// run, rounded down).
const FRESH44_FLOOR: (f64, f64, f64) = (0.95, 0.94, 0.94);

/// A forty-seventh corpus (20 brands, 464 titles, 252 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows
/// unread) while the twenty-eighth session's rules were made. First run, on the
/// session-start detector (`ec186e3`): 255 / 9 / 27,
/// precision 0.966, recall 0.904, misspellings 0.904; inference only the same. Read from
/// the thirtieth session on, as a development set.
#[test]
fn fresh45_corpus() {
    held_out_with(
        "fresh45",
        "forty-seventh corpus",
        FRESH45_FLOOR,
        (0.96, 0.90),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the forty-seventh corpus (its
/// first run, rounded down).
const FRESH45_FLOOR: (f64, f64, f64) = (0.96, 0.90, 0.90);

/// A forty-eighth corpus (20 brands, 478 titles, 265 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows
/// unread) while the twenty-eighth session's rules were made. First run, on the
/// session-start detector (`ec186e3`): 259 / 13 / 28,
/// precision 0.952, recall 0.902, misspellings 0.884; inference only 257 / 10 / 30,
/// precision 0.962, recall 0.896. Read from the thirty-first session on, as a
/// development set.
#[test]
fn fresh46_corpus() {
    held_out_with(
        "fresh46",
        "forty-eighth corpus",
        FRESH46_FLOOR,
        (0.96, 0.89),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the forty-eighth corpus (its
/// first run, rounded down).
const FRESH46_FLOOR: (f64, f64, f64) = (0.95, 0.90, 0.88);

/// A forty-ninth corpus (20 brands, 514 titles, 266 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the twenty-ninth session's rules were made. First run, on the session-start detector
/// (`8418fe1`): 272 / 10 / 24, precision 0.964, recall 0.918, misspellings 0.945;
/// inference only 265 / 11 / 31, precision 0.960, recall 0.895. Read from the
/// thirty-second session on, as a development set. Inference-only precision floor 0.95
/// from the thirty-eighth session's larger goods lexicon (269 / 11 / 27 -> 273 / 13 / 23).
#[test]
fn fresh47_corpus() {
    held_out_with(
        "fresh47",
        "forty-ninth corpus",
        FRESH47_FLOOR,
        (0.95, 0.89),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the forty-ninth corpus (its first
/// run, rounded down).
const FRESH47_FLOOR: (f64, f64, f64) = (0.96, 0.91, 0.94);

/// A fiftieth corpus (20 brands, 519 titles, 271 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the twenty-ninth session's rules were made. First run, on the session-start detector
/// (`8418fe1`): 262 / 9 / 17, precision 0.966, recall 0.939, misspellings 0.907;
/// inference only 247 / 9 / 32, precision 0.964, recall 0.885. Read from the
/// thirty-third session on, as a development set.
#[test]
fn fresh48_corpus() {
    held_out_with(
        "fresh48",
        "fiftieth corpus",
        FRESH48_FLOOR,
        (0.96, 0.88),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the fiftieth corpus (its first run,
/// rounded down).
const FRESH48_FLOOR: (f64, f64, f64) = (0.96, 0.93, 0.90);

/// A fifty-first corpus (20 brands, 487 titles, 255 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirtieth session's rules were made. First run, on the session-start detector
/// (`b478083`): 265 / 10 / 22, precision 0.964, recall 0.923, misspellings 0.916;
/// inference only 262 / 16 / 25, precision 0.942, recall 0.913. Inference-only recall
/// floor 0.90 from the forty-first session's class-9 groups from the marks file (one true
/// flag fewer; rows unread).
#[test]
fn fresh49_corpus() {
    held_out_with(
        "fresh49",
        "fifty-first corpus",
        FRESH49_FLOOR,
        (0.94, 0.90),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the fifty-first corpus (its first
/// run, rounded down).
const FRESH49_FLOOR: (f64, f64, f64) = (0.96, 0.92, 0.91);

/// A fifty-second corpus (20 brands, 496 titles, 241 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirtieth session's rules were made. First run, on the session-start detector
/// (`b478083`): 274 / 20 / 22, precision 0.932, recall 0.926, misspellings 0.954;
/// inference only 266 / 23 / 30, precision 0.920, recall 0.899.
#[test]
fn fresh50_corpus() {
    held_out_with(
        "fresh50",
        "fifty-second corpus",
        FRESH50_FLOOR,
        (0.92, 0.89),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the fifty-second corpus (its first
/// run, rounded down).
const FRESH50_FLOOR: (f64, f64, f64) = (0.93, 0.92, 0.95);

/// A fifty-third corpus (20 brands, 483 titles, 247 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-first session's rules were made. First run, on the session-start detector
/// (`a720afc`): 267 / 12 / 15, precision 0.957, recall 0.947, misspellings 0.957;
/// inference only 258 / 12 / 24, precision 0.956, recall 0.915.
#[test]
fn fresh51_corpus() {
    held_out_with(
        "fresh51",
        "fifty-third corpus",
        FRESH51_FLOOR,
        (0.95, 0.91),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the fifty-third corpus (its first
/// run, rounded down).
const FRESH51_FLOOR: (f64, f64, f64) = (0.95, 0.94, 0.95);

/// A fifty-fourth corpus (20 brands, 481 titles, 241 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-first session's rules were made. First run, on the session-start detector
/// (`a720afc`): 268 / 4 / 14, precision 0.985, recall 0.950, misspellings 0.958;
/// inference only 253 / 10 / 29, precision 0.962, recall 0.897.
#[test]
fn fresh52_corpus() {
    held_out_with(
        "fresh52",
        "fifty-fourth corpus",
        FRESH52_FLOOR,
        (0.96, 0.89),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the fifty-fourth corpus (its first
/// run, rounded down).
const FRESH52_FLOOR: (f64, f64, f64) = (0.98, 0.95, 0.95);

/// A fifty-fifth corpus (20 brands, 512 titles, 281 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-second session's rules were made. First run, on the session-start detector
/// (`7709517`): 272 / 9 / 17, precision 0.968, recall 0.941, misspellings 0.910;
/// inference only 272 / 11 / 17, precision 0.961, recall 0.941.
#[test]
fn fresh53_corpus() {
    held_out_with(
        "fresh53",
        "fifty-fifth corpus",
        FRESH53_FLOOR,
        (0.96, 0.94),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the fifty-fifth corpus (its first
/// run, rounded down).
const FRESH53_FLOOR: (f64, f64, f64) = (0.96, 0.94, 0.91);

/// A fifty-sixth corpus (20 brands, 510 titles, 289 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-second session's rules were made. First run, on the session-start detector
/// (`7709517`): 271 / 14 / 24, precision 0.951, recall 0.919, misspellings 0.933;
/// inference only 270 / 20 / 25, precision 0.931, recall 0.915. Its titles (not its
/// labels) were shown by mistake at the start of the thirty-third session, so it is read
/// from then on, as a development set.
#[test]
fn fresh54_corpus() {
    held_out_with(
        "fresh54",
        "fifty-sixth corpus",
        FRESH54_FLOOR,
        (0.93, 0.91),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the fifty-sixth corpus (its first
/// run, rounded down).
const FRESH54_FLOOR: (f64, f64, f64) = (0.95, 0.91, 0.93);

/// A fifty-seventh corpus (20 brands, 496 titles, 286 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-third session's rules were made. First run, on the session-start detector
/// (`37839ef`): 267 / 4 / 30, precision 0.985, recall 0.899, misspellings 0.907;
/// inference only 261 / 6 / 36, precision 0.977, recall 0.878. Read from the
/// thirty-fourth session on, as a development set.
#[test]
fn fresh55_corpus() {
    held_out_with(
        "fresh55",
        "fifty-seventh corpus",
        FRESH55_FLOOR,
        (0.97, 0.87),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the fifty-seventh corpus (its first
/// run, rounded down).
const FRESH55_FLOOR: (f64, f64, f64) = (0.98, 0.89, 0.90);

/// A fifty-eighth corpus (20 brands, 505 titles, 286 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-third session's rules were made. First run, on the session-start detector
/// (`37839ef`): 277 / 15 / 27, precision 0.949, recall 0.911, misspellings 0.901;
/// inference only 276 / 19 / 28, precision 0.936, recall 0.907.
#[test]
fn fresh56_corpus() {
    held_out_with(
        "fresh56",
        "fifty-eighth corpus",
        FRESH56_FLOOR,
        (0.93, 0.90),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the fifty-eighth corpus (its first
/// run, rounded down).
const FRESH56_FLOOR: (f64, f64, f64) = (0.94, 0.91, 0.90);

/// A fifty-ninth corpus (20 brands, 513 titles, 256 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-fourth session's rules were made. First run, on the session-start detector
/// (`32d8979`): 275 / 20 / 40, precision 0.932, recall 0.873, misspellings 0.885;
/// inference only 279 / 19 / 36, precision 0.936, recall 0.886. Read from the
/// thirty-fifth session on, as a development set.
#[test]
fn fresh57_corpus() {
    held_out_with(
        "fresh57",
        "fifty-ninth corpus",
        FRESH57_FLOOR,
        (0.93, 0.88),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the fifty-ninth corpus (its first
/// run, rounded down; recall 0.86 since `private label` says a listing's goods carry no
/// maker's brand, which read `RITZ Type Butter Crackers … Private Label` as no Ritz).
const FRESH57_FLOOR: (f64, f64, f64) = (0.93, 0.86, 0.88);

/// A sixtieth corpus (20 brands, 509 titles, 257 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-fourth session's rules were made. First run, on the session-start detector
/// (`32d8979`): 291 / 16 / 17, precision 0.948, recall 0.945, misspellings 0.930;
/// inference only 279 / 14 / 29, precision 0.952, recall 0.906.
#[test]
fn fresh58_corpus() {
    held_out_with(
        "fresh58",
        "sixtieth corpus",
        FRESH58_FLOOR,
        (0.95, 0.90),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the sixtieth corpus (its first
/// run, rounded down).
const FRESH58_FLOOR: (f64, f64, f64) = (0.94, 0.94, 0.92);

/// A sixty-first corpus (20 brands, 489 titles, 284 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-fifth session's rules were made. First run, on the session-start detector
/// (`c02e8eb`): 194 / 9 / 30, precision 0.956, recall 0.866, misspellings 0.894;
/// inference only 195 / 11 / 29, precision 0.947, recall 0.871. Held out until the
/// thirty-sixth session (2026-12-06), which reads its wrong rows to find rules: a
/// development set since, whose wrong rows `GREYSWEEP_CORPUS_ROWS` lists.
#[test]
fn fresh59_corpus() {
    held_out_with(
        "fresh59",
        "sixty-first corpus",
        FRESH59_FLOOR,
        (0.94, 0.87),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the sixty-first corpus (its first
/// run, rounded down).
const FRESH59_FLOOR: (f64, f64, f64) = (0.95, 0.86, 0.89);

/// A sixty-second corpus (20 brands, 494 titles, 249 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-fifth session's rules were made. First run, on the session-start detector
/// (`c02e8eb`): 207 / 28 / 17, precision 0.881, recall 0.924, misspellings 0.905;
/// inference only 207 / 36 / 17, precision 0.852, recall 0.924. Inference-only recall
/// floor 0.91 from the thirty-eighth session's larger goods lexicon (207 / 34 / 17 ->
/// 205 / 36 / 19; all blind sets together gained 52 right flags for 3 false ones).
#[test]
fn fresh60_corpus() {
    held_out_with(
        "fresh60",
        "sixty-second corpus",
        FRESH60_FLOOR,
        (0.85, 0.91),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the sixty-second corpus (its first
/// run, rounded down).
const FRESH60_FLOOR: (f64, f64, f64) = (0.88, 0.92, 0.90);

/// A sixty-third corpus (20 brands, 495 titles, 243 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-sixth session's rules were made; read from the thirty-seventh session on
/// (development). First run, on the session-start detector
/// (`df00600`): 216 / 15 / 16, precision 0.935, recall 0.931, misspellings 0.934;
/// inference only 199 / 13 / 33, precision 0.939, recall 0.858.
#[test]
fn fresh61_corpus() {
    held_out_with(
        "fresh61",
        "sixty-third corpus",
        FRESH61_FLOOR,
        (0.93, 0.85),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the sixty-third corpus (its first
/// run, rounded down).
const FRESH61_FLOOR: (f64, f64, f64) = (0.93, 0.93, 0.93);

/// A sixty-fourth corpus (20 brands, 515 titles, 247 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-sixth session's rules were made. First run, on the session-start detector
/// (`df00600`): 227 / 26 / 13, precision 0.897, recall 0.946, misspellings 0.930;
/// inference only 213 / 26 / 27, precision 0.891, recall 0.888.
#[test]
fn fresh62_corpus() {
    held_out_with(
        "fresh62",
        "sixty-fourth corpus",
        FRESH62_FLOOR,
        (0.89, 0.88),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the sixty-fourth corpus (its first
/// run, rounded down).
const FRESH62_FLOOR: (f64, f64, f64) = (0.89, 0.94, 0.93);

/// A sixty-sixth corpus (20 brands, 502 titles, 236 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-seventh and thirty-eighth sessions' rules were made; read from the
/// thirty-ninth session on (development). First run, on the session-start detector
/// (`21e0315`): 267 / 24 / 22, precision 0.918, recall 0.924, misspellings 0.906;
/// inference only 263 / 29 / 26, precision 0.901, recall 0.910.
#[test]
fn fresh64_corpus() {
    held_out_with(
        "fresh64",
        "sixty-sixth corpus",
        FRESH64_FLOOR,
        (0.90, 0.91),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the sixty-sixth corpus (its first
/// run, rounded down).
const FRESH64_FLOOR: (f64, f64, f64) = (0.91, 0.92, 0.90);

/// A sixty-fifth corpus (20 brands, 500 titles, 262 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-seventh session's rules were made; read from the thirty-eighth session on
/// (development). First run, on the session-start detector
/// (`21e0315`): 245 / 10 / 26, precision 0.961, recall 0.904, misspellings 0.883;
/// inference only 242 / 11 / 29, precision 0.957, recall 0.893.
#[test]
fn fresh63_corpus() {
    held_out_with(
        "fresh63",
        "sixty-fifth corpus",
        FRESH63_FLOOR,
        (0.95, 0.89),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the sixty-fifth corpus (its first
/// run, rounded down).
const FRESH63_FLOOR: (f64, f64, f64) = (0.96, 0.90, 0.88);

/// A sixty-eighth corpus (20 brands, 507 titles, 245 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-eighth to fortieth sessions' rules were made; read from the forty-first
/// session on (development). First run, on the session-start detector
/// (`63ba3b1`): 268 / 16 / 9, precision 0.944, recall 0.968, misspellings 0.971;
/// inference only 265 / 14 / 12, precision 0.950, recall 0.957.
#[test]
fn fresh66_corpus() {
    held_out_with(
        "fresh66",
        "sixty-eighth corpus",
        FRESH66_FLOOR,
        (0.94, 0.95),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the sixty-eighth corpus (its first
/// run, rounded down).
const FRESH66_FLOOR: (f64, f64, f64) = (0.94, 0.96, 0.97);

/// A sixty-seventh corpus (20 brands, 502 titles, 237 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-eighth and thirty-ninth sessions' rules were made; read from the fortieth
/// session on (development). First run, on the session-start detector
/// (`63ba3b1`): 262 / 11 / 13, precision 0.960, recall 0.953, misspellings 0.951;
/// inference only 253 / 6 / 22, precision 0.977, recall 0.920. Inference-only recall floor
/// 0.90 from the same session's larger goods lexicon (250 / 5 / 25); precision floor 0.96
/// from the fortieth session's marks of several words (252 / 9 / 23: `EMU Australia` now
/// known for boots, so `Emu plush slippers` reads as the brand's goods).
#[test]
fn fresh65_corpus() {
    held_out_with(
        "fresh65",
        "sixty-seventh corpus",
        FRESH65_FLOOR,
        (0.96, 0.90),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the sixty-seventh corpus (its first
/// run, rounded down).
const FRESH65_FLOOR: (f64, f64, f64) = (0.95, 0.95, 0.95);

/// A sixty-ninth corpus (20 brands, 512 titles, 252 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-ninth session's rules were made. First run, on the session-start detector
/// (`fbf8504`): 228 / 35 / 23, precision 0.867, recall 0.908, misspellings 0.912;
/// inference only 211 / 35 / 40, precision 0.858, recall 0.841.
#[test]
fn fresh67_corpus() {
    held_out_with(
        "fresh67",
        "sixty-ninth corpus",
        FRESH67_FLOOR,
        (0.85, 0.84),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the sixty-ninth corpus (its first
/// run, rounded down).
/// Misspelling recall 0.90 since the forty-second session: a product line that is a goods
/// word no longer names the brand alone, and a misspelt title had been flagged by such a
/// line (rows unread).
const FRESH67_FLOOR: (f64, f64, f64) = (0.86, 0.90, 0.90);

/// A seventieth corpus (20 brands, 509 titles, 238 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the thirty-ninth session's rules were made. First run, on the session-start detector
/// (`fbf8504`): 225 / 29 / 17, precision 0.886, recall 0.930, misspellings 0.940;
/// inference only 209 / 34 / 33, precision 0.860, recall 0.864.
#[test]
fn fresh68_corpus() {
    held_out_with(
        "fresh68",
        "seventieth corpus",
        FRESH68_FLOOR,
        (0.86, 0.86),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventieth corpus (its first
/// run, rounded down).
const FRESH68_FLOOR: (f64, f64, f64) = (0.88, 0.92, 0.94);

/// A seventy-first corpus (20 brands, 506 titles, 246 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the fortieth session's rules were made. First run, on the session-start detector
/// (`88ba78a`): 312 / 10 / 15, precision 0.969, recall 0.954, misspellings 0.956; inference
/// only 284 / 11 / 43, precision 0.963, recall 0.869.
#[test]
fn fresh69_corpus() {
    held_out_with(
        "fresh69",
        "seventy-first corpus",
        FRESH69_FLOOR,
        (0.96, 0.86),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventy-first corpus (its first
/// run, rounded down).
const FRESH69_FLOOR: (f64, f64, f64) = (0.96, 0.95, 0.95);

/// A seventy-second corpus (20 brands, 510 titles, 249 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows unread)
/// while the fortieth session's rules were made. First run, on the session-start detector
/// (`88ba78a`): 318 / 7 / 15, precision 0.979, recall 0.955, misspellings 0.937; inference
/// only 295 / 11 / 38, precision 0.964, recall 0.886.
#[test]
fn fresh70_corpus() {
    held_out_with(
        "fresh70",
        "seventy-second corpus",
        FRESH70_FLOOR,
        (0.96, 0.88),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventy-second corpus (its
/// first run, rounded down).
const FRESH70_FLOOR: (f64, f64, f64) = (0.97, 0.95, 0.93);

/// A seventy-third corpus (20 brands, 498 titles, 262 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the forty-first session's rules were made. First run, on the session-start detector
/// (`05e8ca5`): 313 / 16 / 7, precision 0.951, recall 0.978, misspellings 0.981; inference
/// only 302 / 21 / 18, precision 0.935, recall 0.944.
#[test]
fn fresh71_corpus() {
    held_out_with(
        "fresh71",
        "seventy-third corpus",
        FRESH71_FLOOR,
        (0.93, 0.94),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventy-third corpus (its first
/// run, rounded down).
const FRESH71_FLOOR: (f64, f64, f64) = (0.95, 0.97, 0.98);

/// A seventy-fourth corpus (20 brands, 508 titles, 296 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows unread)
/// while the forty-first session's rules were made. A development set since the
/// forty-second session: its titles were printed by mistake (a column count meant for its
/// tags), so they are no longer unseen. First run, on the session-start
/// detector (`05e8ca5`): 297 / 8 / 18, precision 0.974, recall 0.943, misspellings 0.973;
/// inference only 292 / 13 / 23, precision 0.957, recall 0.927.
#[test]
fn fresh72_corpus() {
    held_out_with(
        "fresh72",
        "seventy-fourth corpus",
        FRESH72_FLOOR,
        (0.95, 0.92),
        Rows::Development,
    );
}

/// Precision, recall and misspelling recall floors of the seventy-fourth corpus (its
/// first run, rounded down).
const FRESH72_FLOOR: (f64, f64, f64) = (0.97, 0.94, 0.97);

/// A seventy-fifth corpus (20 brands, 506 titles, 268 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the forty-second session's rules were made. First run, on the session-start detector
/// (`33ff9f3`): 244 / 29 / 26, precision 0.894, recall 0.904, misspellings 0.918;
/// inference only 244 / 27 / 26, precision 0.900, recall 0.904.
#[test]
fn fresh73_corpus() {
    held_out_with(
        "fresh73",
        "seventy-fifth corpus",
        FRESH73_FLOOR,
        (0.90, 0.88),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventy-fifth corpus (its first
/// run, rounded down).
const FRESH73_FLOOR: (f64, f64, f64) = (0.89, 0.90, 0.91);

/// A seventy-sixth corpus (20 brands, 504 titles, 301 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the forty-second session's rules were made. First run, on the session-start detector
/// (`33ff9f3`): 246 / 26 / 9, precision 0.904, recall 0.965, misspellings 0.951;
/// inference only 245 / 40 / 10, precision 0.860, recall 0.961.
#[test]
fn fresh74_corpus() {
    held_out_with(
        "fresh74",
        "seventy-sixth corpus",
        FRESH74_FLOOR,
        (0.85, 0.96),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventy-sixth corpus (its first
/// run, rounded down).
const FRESH74_FLOOR: (f64, f64, f64) = (0.90, 0.96, 0.95);

/// A seventy-seventh corpus (20 brands, 504 titles, 269 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows unread)
/// while the forty-third session's rules were made. First run, on the session-start
/// detector (`d25de97`): 236 / 18 / 26, precision 0.929, recall 0.901, misspellings
/// 0.885; inference only 238 / 16 / 24, precision 0.937, recall 0.908.
#[test]
fn fresh75_corpus() {
    held_out_with(
        "fresh75",
        "seventy-seventh corpus",
        FRESH75_FLOOR,
        (0.92, 0.89),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventy-seventh corpus (its
/// first run, rounded down).
const FRESH75_FLOOR: (f64, f64, f64) = (0.92, 0.90, 0.88);

/// A seventy-eighth corpus (20 brands, 512 titles, 267 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows unread)
/// while the forty-third session's rules were made. First run, on the session-start
/// detector (`d25de97`): 245 / 5 / 19, precision 0.980, recall 0.928, misspellings
/// 0.960; inference only 244 / 13 / 20, precision 0.949, recall 0.924.
#[test]
fn fresh76_corpus() {
    held_out_with(
        "fresh76",
        "seventy-eighth corpus",
        FRESH76_FLOOR,
        (0.94, 0.90),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventy-eighth corpus (its first
/// run, rounded down).
const FRESH76_FLOOR: (f64, f64, f64) = (0.98, 0.92, 0.96);

/// A seventy-ninth corpus (20 brands, 496 titles, 252 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the forty-fourth session's rules were made. First run, on the session-start detector
/// (`df476b2`): 267 / 11 / 10, precision 0.960, recall 0.964, misspellings 0.980;
/// inference only 266 / 26 / 11, precision 0.911, recall 0.960.
#[test]
fn fresh77_corpus() {
    held_out_with(
        "fresh77",
        "seventy-ninth corpus",
        FRESH77_FLOOR,
        (0.91, 0.96),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the seventy-ninth corpus (its first
/// run, rounded down).
const FRESH77_FLOOR: (f64, f64, f64) = (0.96, 0.96, 0.98);

/// An eightieth corpus (20 brands, 500 titles, 251 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the forty-fourth session's rules were made. First run, on the session-start detector
/// (`df476b2`): 263 / 10 / 16, precision 0.963, recall 0.943, misspellings 0.952;
/// inference only 255 / 10 / 24, precision 0.962, recall 0.914.
#[test]
fn fresh78_corpus() {
    held_out_with(
        "fresh78",
        "eightieth corpus",
        FRESH78_FLOOR,
        (0.96, 0.90),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the eightieth corpus (its first run,
/// rounded down).
const FRESH78_FLOOR: (f64, f64, f64) = (0.96, 0.94, 0.95);

/// An eighty-first corpus (20 brands, 482 titles, 269 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the forty-fifth session's rules were made. First run, on the session-start detector
/// (`9fc48db`): 251 / 19 / 8, precision 0.930, recall 0.969, misspellings 0.971;
/// inference only 213 / 26 / 46, precision 0.891, recall 0.822.
#[test]
fn fresh79_corpus() {
    held_out_with(
        "fresh79",
        "eighty-first corpus",
        FRESH79_FLOOR,
        (0.89, 0.82),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the eighty-first corpus (its first
/// run, rounded down).
const FRESH79_FLOOR: (f64, f64, f64) = (0.92, 0.96, 0.97);

/// An eighty-second corpus (20 brands, 485 titles, 258 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows unread)
/// while the forty-fifth session's rules were made. Its registry is as the helper wrote it
/// but for one model pattern, whose look-ahead `(?![A-Za-z])` `greysweep check` rejects
/// (models match whole words anyway). First run, on the session-start detector
/// (`9fc48db`): 247 / 15 / 17, precision 0.943, recall 0.936, misspellings 0.941;
/// inference only 232 / 15 / 32, precision 0.939, recall 0.879.
#[test]
fn fresh80_corpus() {
    held_out_with(
        "fresh80",
        "eighty-second corpus",
        FRESH80_FLOOR,
        (0.93, 0.87),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the eighty-second corpus (its first
/// run, rounded down).
const FRESH80_FLOOR: (f64, f64, f64) = (0.94, 0.93, 0.94);

/// An eighty-third corpus (20 brands, 515 titles, 261 mostly Chinese), written by a helper
/// that read neither the detector nor any corpus, and kept sealed (its rows unread) while
/// the forty-sixth session's rules were made. First run, on the session-start detector
/// (`06fc9e0`): 325 / 5 / 25, precision 0.985, recall 0.929, misspellings 0.939;
/// inference only 302 / 7 / 48, precision 0.977, recall 0.863.
#[test]
fn fresh81_corpus() {
    held_out_with(
        "fresh81",
        "eighty-third corpus",
        FRESH81_FLOOR,
        (0.97, 0.84),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the eighty-third corpus (its first
/// run, rounded down).
const FRESH81_FLOOR: (f64, f64, f64) = (0.98, 0.92, 0.93);

/// An eighty-fourth corpus (20 brands, 513 titles, 246 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows unread)
/// while the forty-sixth session's rules were made. First run, on the session-start
/// detector (`06fc9e0`): 308 / 7 / 16, precision 0.978, recall 0.951, misspellings 0.960;
/// inference only 308 / 13 / 16, precision 0.960, recall 0.951.
#[test]
fn fresh82_corpus() {
    held_out_with(
        "fresh82",
        "eighty-fourth corpus",
        FRESH82_FLOOR,
        (0.95, 0.94),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the eighty-fourth corpus (its first
/// run, rounded down).
const FRESH82_FLOOR: (f64, f64, f64) = (0.97, 0.95, 0.96);

/// An eighty-fifth corpus (20 brands, 500 titles, 341 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows unread)
/// while the forty-seventh session's rules were made. First run, on the session-start
/// detector (`1ff728a`): 232 / 11 / 22, precision 0.955, recall 0.913, misspellings 0.909;
/// inference only 227 / 18 / 27, precision 0.927, recall 0.894.
#[test]
fn fresh83_corpus() {
    held_out_with(
        "fresh83",
        "eighty-fifth corpus",
        FRESH83_FLOOR,
        (0.92, 0.89),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the eighty-fifth corpus (its first
/// run, rounded down).
const FRESH83_FLOOR: (f64, f64, f64) = (0.95, 0.91, 0.90);

/// An eighty-sixth corpus (20 brands, 484 titles, 334 mostly Chinese), written by a
/// helper that read neither the detector nor any corpus, and kept sealed (its rows unread)
/// while the forty-seventh session's rules were made. First run, on the session-start
/// detector (`1ff728a`): 259 / 22 / 19, precision 0.922, recall 0.932, misspellings 0.956;
/// inference only 244 / 15 / 34, precision 0.942, recall 0.878.
#[test]
fn fresh84_corpus() {
    held_out_with(
        "fresh84",
        "eighty-sixth corpus",
        FRESH84_FLOOR,
        (0.94, 0.87),
        Rows::HeldOut,
    );
}

/// Precision, recall and misspelling recall floors of the eighty-sixth corpus (its first
/// run, rounded down).
const FRESH84_FLOOR: (f64, f64, f64) = (0.92, 0.93, 0.95);
