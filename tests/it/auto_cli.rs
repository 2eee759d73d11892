//! `extract --auto`, `profile suggest` and `check` on a profile, through the binary, on a
//! small synthetic list page (no real pages needed).

use std::process::Command;

/// A results page in no profile's markup: cards in a grid, one JSON-LD Product nowhere.
fn list_page() -> String {
    let mut cards = String::new();
    for i in 1..=6 {
        cards.push_str(&format!(
            r#"<div class="res-item"><a class="res-link" href="/offer/{i}00{i}.html"><img src="/i/{i}.jpg" alt=""></a>
               <h3 class="res-title"><a href="/offer/{i}00{i}.html">Stainless steel bottle model {i}</a></h3>
               <div class="res-price">US$ {i}.50</div><div class="res-moq">Min. order: {i}0 pieces</div>
               <a class="res-shop" href="https://shop{i}.dir.example.com/">Ningbo Shop {i} Co., Ltd.</a></div>"#
        ));
    }
    format!(
        r#"<html><head><title>bottles</title><link rel="canonical" href="https://dir.example.com/search?q=bottle">
        <link rel="next" href="https://dir.example.com/search?q=bottle&page=2"></head>
        <body><nav><a href="/">Home</a><a href="/help">Help</a><a href="/about">About</a></nav>
        <main><div class="res-list">{cards}</div></main><footer><a href="/terms">Terms</a></footer></body></html>"#
    )
}

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_greysweep"))
}

#[test]
fn extract_auto_reads_a_page_without_a_profile_and_says_how() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("list.html");
    std::fs::write(&page, list_page()).expect("write");
    let out = bin()
        .args(["extract", "--auto", "--explain"])
        .arg(&page)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["extraction"], "auto");
    let listings = v["listings"].as_array().expect("listings");
    assert_eq!(listings.len(), 6, "{v:#}");
    assert_eq!(
        listings[0]["product_url"],
        "https://dir.example.com/offer/1001.html"
    );
    assert!(
        v["explain"]["auto"].as_str().is_some_and(|s| !s.is_empty()),
        "the method is named: {v:#}"
    );
    assert_eq!(
        v["next_page"], "https://dir.example.com/search?q=bottle&page=2",
        "the URL came from the page's canonical link"
    );

    // --site and --auto are exclusive; without either, --site is required.
    let both = bin()
        .args(["extract", "--auto", "--site", "x.toml"])
        .arg(&page)
        .output()
        .expect("runs");
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn profile_suggest_gives_a_profile_that_check_accepts_and_that_reproduces_auto() {
    let dir = tempfile::tempdir().expect("tempdir");
    let page = dir.path().join("list.html");
    std::fs::write(&page, list_page()).expect("write");
    let out = bin()
        .args([
            "profile",
            "suggest",
            "--url",
            "https://dir.example.com/search?q=bottle",
        ])
        .arg(&page)
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let toml = String::from_utf8(out.stdout).expect("UTF-8");
    assert!(toml.contains("kind = \"search\""), "{toml}");
    assert!(toml.contains("url_pattern = \"^/search\""), "{toml}");
    let profile_path = dir.path().join("suggested.toml");
    std::fs::write(&profile_path, &toml).expect("write");

    let check = bin()
        .arg("check")
        .arg(&profile_path)
        .output()
        .expect("runs");
    assert!(
        check.status.success(),
        "check accepts the suggestion: {}",
        String::from_utf8_lossy(&check.stderr)
    );

    let run = |args: &[&str]| -> serde_json::Value {
        let out = bin()
            .arg("extract")
            .args(args)
            .args(["--url", "https://dir.example.com/search?q=bottle"])
            .arg(&page)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        serde_json::from_slice(&out.stdout).expect("JSON")
    };
    let auto = run(&["--auto"]);
    let with_profile = run(&["--site", profile_path.to_str().expect("path")]);
    assert_eq!(with_profile["extraction"], "profile");
    assert_eq!(auto["listings"], with_profile["listings"]);
    assert_eq!(auto["next_page"], with_profile["next_page"]);
}

#[test]
fn check_names_the_line_of_a_mistake_in_a_profile() {
    let dir = tempfile::tempdir().expect("tempdir");
    let p = dir.path().join("site.toml");
    std::fs::write(
        &p,
        "name = \"x\"\nstart_urls = [\"https://a.example.com/\"]\nhosts = [\"a.example.com\"]\n\n[[page]]\nkind = \"search\"\nurl_pattern = \"^/s\"\nlisting = \"div[\"\n",
    )
    .expect("write");
    let out = bin().arg("check").arg(&p).output().expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("site.toml:8"), "{err}");
    assert!(err.contains("page[0].listing"), "{err}");
}
