//! `greysweep check` and configuration errors: every mistake names file, line and key,
//! and exits with the usage/config code (2).

use std::path::Path;
use std::process::Command;

const SWEEP: &str = r#"name = "weekly"
profiles = ["site.toml"]
brands = ["brands.toml"]

[crawler]
contact = "mailto:team@example.com"
rate_per_host = 1.0
"#;

const SITE: &str = r#"name = "shop"
start_urls = ["https://shop.example.com/search"]
hosts = ["shop.example.com"]

[[page]]
kind = "search"
url_pattern = "^/search"
listing = "div.card"

[page.fields]
title = { css = "h2" }
"#;

const BRANDS: &str = r#"[[brand]]
name = "Acme"
aliases = ["ACME Corp"]
authorised_sellers = ["Acme Official"]
"#;

fn write(dir: &Path, sweep: &str, site: &str, brands: &str) {
    std::fs::write(dir.join("sweep.toml"), sweep).expect("sweep");
    std::fs::write(dir.join("site.toml"), site).expect("site");
    std::fs::write(dir.join("brands.toml"), brands).expect("brands");
}

fn check(dir: &Path) -> (i32, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .arg("check")
        .arg(dir.join("sweep.toml"))
        .output()
        .expect("run greysweep");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Asserts `check` fails with exit 2 and a message naming `file:line` and `key`.
fn assert_mistake(sweep: &str, site: &str, brands: &str, file: &str, line: usize, key: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), sweep, site, brands);
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 2, "exit code; stderr: {stderr}");
    assert!(
        stderr.contains(&format!("{file}:{line}:")),
        "expected {file}:{line} in: {stderr}"
    );
    assert!(
        stderr.contains(&format!("`{key}`")),
        "expected key `{key}` in: {stderr}"
    );
}

#[test]
fn a_valid_configuration_passes() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(dir.path(), SWEEP, SITE, BRANDS);
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 0, "{stderr}");
    assert!(stderr.contains("1 site profile(s), 1 brand(s)"), "{stderr}");
}

#[test]
fn the_shipped_sweep_files_pass() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for sweep in ["seeds/demo/sweep.toml", "seeds/sweeps/weekly-example.toml"] {
        let out = Command::new(env!("CARGO_BIN_EXE_greysweep"))
            .arg("check")
            .arg(root.join(sweep))
            .output()
            .expect("run");
        assert!(
            out.status.success(),
            "{sweep}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn unknown_key_is_named() {
    let sweep = SWEEP.replace("rate_per_host = 1.0", "rate_per_host = 1.0\nspeed = 3");
    assert_mistake(&sweep, SITE, BRANDS, "sweep.toml", 8, "crawler.speed");
}

#[test]
fn wrong_type_is_named() {
    let sweep = SWEEP.replace("rate_per_host = 1.0", "rate_per_host = \"fast\"");
    assert_mistake(
        &sweep,
        SITE,
        BRANDS,
        "sweep.toml",
        7,
        "crawler.rate_per_host",
    );
}

#[test]
fn missing_contact_is_named() {
    let sweep = SWEEP.replace("contact = \"mailto:team@example.com\"\n", "");
    assert_mistake(&sweep, SITE, BRANDS, "sweep.toml", 5, "crawler.contact");
}

#[test]
fn invalid_contact_is_named() {
    let sweep = SWEEP.replace("mailto:team@example.com", "nobody");
    assert_mistake(&sweep, SITE, BRANDS, "sweep.toml", 6, "crawler.contact");
}

#[test]
fn out_of_range_rate_is_named() {
    let sweep = SWEEP.replace("rate_per_host = 1.0", "rate_per_host = 0.0");
    assert_mistake(
        &sweep,
        SITE,
        BRANDS,
        "sweep.toml",
        7,
        "crawler.rate_per_host",
    );
}

#[test]
fn out_of_range_warc_compression_level_is_named() {
    let sweep = SWEEP.replace(
        "rate_per_host = 1.0",
        "rate_per_host = 1.0\nwarc_compression_level = 10",
    );
    assert_mistake(
        &sweep,
        SITE,
        BRANDS,
        "sweep.toml",
        8,
        "crawler.warc_compression_level",
    );
}

#[test]
fn missing_profile_file_is_named() {
    let sweep = SWEEP.replace("[\"site.toml\"]", "[\"sites/nope.toml\"]");
    assert_mistake(&sweep, SITE, BRANDS, "sweep.toml", 2, "profiles[0]");
}

#[test]
fn bad_css_selector_in_a_profile_is_named() {
    let site = SITE.replace("title = { css = \"h2\" }", "title = { css = \"h2[[\" }");
    assert_mistake(
        SWEEP,
        &site,
        BRANDS,
        "site.toml",
        11,
        "page[0].fields.title.css",
    );
}

#[test]
fn bad_regex_in_a_profile_is_named() {
    let site = SITE.replace("\"^/search\"", "\"^/search(\"");
    assert_mistake(SWEEP, &site, BRANDS, "site.toml", 7, "page[0].url_pattern");
}

#[test]
fn start_url_outside_the_hosts_is_named() {
    let site = SITE.replace(
        "https://shop.example.com/search",
        "https://other.example.com/search",
    );
    assert_mistake(SWEEP, &site, BRANDS, "site.toml", 2, "start_urls[0]");
}

#[test]
fn wrong_type_in_a_brand_registry_is_named() {
    let brands = BRANDS.replace("aliases = [\"ACME Corp\"]", "aliases = \"ACME Corp\"");
    assert_mistake(SWEEP, SITE, &brands, "brands.toml", 3, "brand[0].aliases");
}

#[test]
fn toml_syntax_error_is_located() {
    let dir = tempfile::tempdir().expect("tempdir");
    write(
        dir.path(),
        &SWEEP.replace("[crawler]", "[crawler"),
        SITE,
        BRANDS,
    );
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 2);
    assert!(stderr.contains("sweep.toml:5:"), "{stderr}");
}

#[test]
fn missing_sweep_file_is_a_config_error() {
    let dir = tempfile::tempdir().expect("tempdir");
    let (code, stderr) = check(dir.path());
    assert_eq!(code, 2);
    assert!(
        stderr.contains("sweep.toml") && stderr.contains("cannot read"),
        "{stderr}"
    );
}

#[test]
fn numeric_keys_out_of_range_name_file_line_and_key() {
    for (line, key, value) in [
        (
            "max_requests_per_sec = 0",
            "crawler.max_requests_per_sec",
            "0",
        ),
        (
            "max_requests_per_sec = 5000",
            "crawler.max_requests_per_sec",
            "5000",
        ),
        ("concurrency = 0", "crawler.concurrency", "0"),
        ("max_depth = 20000", "crawler.max_depth", "20000"),
        ("max_url_len = 10", "crawler.max_url_len", "10"),
        (
            "max_body_bytes = 2147483648",
            "crawler.max_body_bytes",
            "2147483648",
        ),
        (
            "pause_after_failures = 5000",
            "crawler.pause_after_failures",
            "5000",
        ),
        ("timeout_secs = 0", "crawler.timeout_secs", "0"),
        ("max_pages = -1", "crawler.max_pages", "-1"),
        (
            "commit_interval_ms = 60001",
            "crawler.commit_interval_ms",
            "60001",
        ),
        ("commit_pages = 0", "crawler.commit_pages", "0"),
    ] {
        let sweep = format!("{SWEEP}{line}\n");
        let dir = tempfile::tempdir().expect("tempdir");
        write(dir.path(), &sweep, SITE, BRANDS);
        let (code, stderr) = check(dir.path());
        assert_eq!(code, 2, "{line}: {stderr}");
        assert!(stderr.contains("sweep.toml:8:"), "{line}: {stderr}");
        assert!(stderr.contains(&format!("`{key}`")), "{line}: {stderr}");
        assert!(stderr.contains(value), "{line}: {stderr}");
    }
}

#[test]
fn strip_and_keep_params_together_are_a_mistake() {
    let site = SITE.replace(
        "hosts = [\"shop.example.com\"]\n",
        "hosts = [\"shop.example.com\"]\nstrip_params = [\"src\"]\nkeep_params = [\"q\"]\n",
    );
    assert_mistake(SWEEP, &site, BRANDS, "site.toml", 5, "keep_params");
}

#[test]
fn names_shows_how_the_detector_reads_each_name_of_a_registry() {
    let dir = tempfile::tempdir().expect("tempdir");
    let registry = dir.path().join("brands.toml");
    std::fs::write(
        &registry,
        r#"
[[brand]]
name = "Craftsman"
aliases = ["CMT"]
product_lines = ["V-Series", "Quick Grip"]
classes = [7, 8]
strong_names = ["CMT"]

[[brand]]
name = "Quorvath"
"#,
    )
    .expect("registry");
    let out = Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .args(["check", "--names"])
        .arg(&registry)
        .output()
        .expect("run greysweep");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for line in [
        "Craftsman: classes 7, 8 (registry)",
        "  name \"Craftsman\": weak (an ordinary word): counts only with corroboration",
        "  alias \"CMT\": strong",
        "  product line \"Quick Grip\": weak (a phrase of ordinary words)",
        "Quorvath: classes unknown: listings' goods are not checked",
        "  name \"Quorvath\": strong",
        "2 of 5 names are weak",
    ] {
        assert!(stdout.contains(line), "{line:?} not in:\n{stdout}");
    }
    // Without the flag, `check` prints nothing of the kind.
    let out = Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .arg("check")
        .arg(&registry)
        .output()
        .expect("run greysweep");
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).is_empty());
    // A site profile has no names: a usage error.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .args(["check", "--names"])
        .arg(root.join("seeds/sites/1688.toml"))
        .output()
        .expect("run greysweep");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--names reads a brand registry"));
}
