//! The README is part of the public contract: its examples parse, its verbs exist, and
//! every output column and status it must document is there.

use std::path::Path;
use std::process::Command;

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md")
}

fn toml_blocks(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur: Option<String> = None;
    for line in text.lines() {
        match (&mut cur, line.trim_start()) {
            (None, l) if l.starts_with("```toml") => cur = Some(String::new()),
            (Some(_), l) if l.starts_with("```") => out.extend(cur.take()),
            (Some(b), _) => {
                b.push_str(line);
                b.push('\n');
            }
            _ => {}
        }
    }
    out
}

#[test]
fn readme_profile_and_registry_examples_parse() {
    let blocks = toml_blocks(&readme());
    let profile = blocks
        .iter()
        .find(|b| b.contains("[[page]]"))
        .expect("a profile example");
    greysweep::extract::SiteProfile::from_toml(Path::new("README.md"), profile)
        .expect("the README profile example parses");
    let registry = blocks
        .iter()
        .find(|b| b.contains("[[brand]]"))
        .expect("a registry example");
    greysweep::detect::Registry::from_toml(Path::new("README.md"), registry)
        .expect("the README registry example parses");
}

#[test]
fn readme_sweep_example_passes_check() {
    let blocks = toml_blocks(&readme());
    let sweep = blocks
        .iter()
        .find(|b| b.contains("[crawler]"))
        .expect("a sweep example");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let seeds = dir.path().join("seeds");
    std::fs::create_dir_all(seeds.join("sweeps")).expect("dirs");
    std::fs::create_dir_all(seeds.join("sites")).expect("dirs");
    std::fs::create_dir_all(seeds.join("brands")).expect("dirs");
    std::fs::copy(
        root.join("seeds/sites/alibaba.toml"),
        seeds.join("sites/alibaba.toml"),
    )
    .expect("profile");
    std::fs::copy(
        root.join("seeds/brands/example.toml"),
        seeds.join("brands/example.toml"),
    )
    .expect("registry");
    let file = seeds.join("sweeps/weekly.toml");
    std::fs::write(&file, sweep).expect("sweep");
    let out = Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .arg("check")
        .arg(&file)
        .output()
        .expect("run");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn readme_verbs_exist() {
    for verb in [
        "sweep",
        "demo",
        "extract",
        "check",
        "explain",
        "detect",
        "reaudit",
        "history",
        "review",
        "takedown",
        "sellers",
        "export",
        "explain-relist",
        "worker",
        "report",
    ] {
        assert!(
            readme().contains(&format!("`greysweep {verb}")),
            "README does not document `{verb}`"
        );
        let out = Command::new(env!("CARGO_BIN_EXE_greysweep"))
            .args([verb, "--help"])
            .output()
            .expect("run");
        assert!(out.status.success(), "greysweep {verb} --help failed");
    }
}

#[test]
fn readme_documents_every_column_and_status() {
    let text = readme();
    for col in greysweep::output::AUDIT_COLUMNS
        .iter()
        .chain(greysweep::output::LISTING_COLUMNS)
        .chain(greysweep::output::SELLER_COLUMNS)
    {
        assert!(
            text.contains(&format!("`{col}`")) || text.contains(col),
            "column {col} is not documented"
        );
    }
    for s in greysweep::store::PageStatus::ALL {
        assert!(
            text.contains(&format!("`{}`", s.as_str())),
            "status {} is not documented",
            s.as_str()
        );
    }
}

#[test]
fn readme_documents_every_exit_code_and_output_file() {
    use greysweep::cli::*;
    let text = readme();
    for code in [
        EXIT_OK,
        EXIT_FAILURE,
        EXIT_USAGE,
        EXIT_LOCKED,
        EXIT_NEW_FINDINGS,
        EXIT_HEALTH,
    ] {
        assert!(
            text.contains(&format!("\n| {code} |")),
            "exit code {code} is not documented"
        );
    }
    for file in [
        "audit.csv",
        "resolved.csv",
        "unverified.csv",
        "listings.csv",
        "sellers.csv",
        "dossiers.json",
    ] {
        assert!(
            text.contains(&format!("    {file} ")),
            "{file} is not in the outputs tree"
        );
    }
    for key in [
        "`health`",
        "`unverified_findings`",
        "`extraction`",
        "`decisions`",
        "`by_decision`",
        "`takedown`",
        "`removal_rate`",
        "`median_hours_to_removal`",
        "`takedown/batches.csv`",
        "`relisted`",
        "`relisting.threshold`",
    ] {
        assert!(text.contains(key), "{key} is not documented");
    }
}

#[test]
fn readme_manifest_one_liner_is_the_tested_one() {
    let line = |text: &str| {
        text.lines()
            .map(str::trim)
            .find(|l| l.starts_with("cd SWEEP_DIR && python3 -c"))
            .map(str::to_string)
            .expect("the python one-liner")
    };
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/evidence.md"))
            .expect("docs");
    assert_eq!(line(&readme()), line(&docs));
}

/// Seller records are documented where users look: the README names the profile keys and
/// every `sellers.csv` column, the profile reference names every `[page.seller]` key, and
/// its example compiles.
#[test]
fn seller_records_are_documented_and_the_example_compiles() {
    let text = readme();
    for key in [
        "`[page.seller]`",
        "`follow_sellers = true`",
        "`joined_fields`",
        "`seller_warc_file`",
        "`seller_warc_record_id`",
        "`seller_evidence`",
    ] {
        assert!(text.contains(key), "README does not document {key}");
    }
    let section = text
        .split("### `sellers.csv`")
        .nth(1)
        .and_then(|rest| rest.split("\n### ").next())
        .expect("a sellers.csv section");
    for col in greysweep::output::SELLER_COLUMNS {
        assert!(
            section.contains(&format!("`{col}`")),
            "sellers.csv column {col} is not in the README's table"
        );
    }
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/profiles.md"))
            .expect("docs");
    for key in greysweep::extract::SELLER_FIELDS
        .iter()
        .map(|f| format!("| `{f}` |"))
        .chain([
            "| `extra.<name>` |".to_string(),
            "| `follow_sellers` |".into(),
            "| `[page.seller]` |".into(),
        ])
    {
        assert!(
            docs.contains(&key),
            "docs/profiles.md does not document {key}"
        );
    }
    let example = toml_blocks(&docs)
        .into_iter()
        .find(|b| b.contains("[page.seller]"))
        .expect("a seller example");
    let profile = format!(
        "name = \"d\"\nstart_urls = [\"https://d.example/\"]\nhosts = [\"d.example\"]\n{example}"
    );
    let p = greysweep::extract::SiteProfile::from_toml(Path::new("docs/profiles.md"), &profile)
        .expect("the seller example compiles");
    assert!(p.follow_sellers);
}

/// Case management is documented where users look: README points at docs/cases.md, which
/// has its two sections (decisions, takedown outcomes) and names every decision, every
/// takedown outcome and how a removal was seen.
#[test]
fn decisions_and_takedown_outcomes_are_documented() {
    assert!(readme().contains("(docs/cases.md)"));
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/cases.md"))
        .expect("docs/cases.md");
    for heading in ["\n## Decisions\n", "\n## Takedown outcomes\n"] {
        assert!(docs.contains(heading), "docs/cases.md has no {heading:?}");
    }
    for d in greysweep::case::decision::Decision::ALL {
        assert!(
            docs.contains(&format!("| `{}` |", d.as_str())),
            "decision {} is not documented",
            d.as_str()
        );
    }
    for word in [
        "`removed`",
        "`still_up`",
        "`unchecked`",
        "`http_404`",
        "`http_410`",
        "`gone_from_page`",
    ] {
        assert!(docs.contains(word), "{word} is not documented");
    }
}
