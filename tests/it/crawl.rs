//! Crawl behaviour against fixture servers: robots.txt, rate, scope, dedupe, pagination,
//! budgets, redirects, statuses.

use std::time::Duration;

use crate::harness::{Fixture, Reply, Sweep, card, page};

#[tokio::test]
async fn robots_disallow_is_respected() {
    let f = Fixture::start().await;
    f.route(
        "/robots.txt",
        Reply::text("User-agent: *\nDisallow: /private/\n"),
    );
    f.page(
        "/start",
        &page(
            &[card("1", "Open item", "S")],
            &["/private/a", "/public/b"],
            None,
        ),
    );
    f.page(
        "/private/a",
        &page(&[card("2", "Hidden item", "S")], &[], None),
    );
    f.page(
        "/public/b",
        &page(&[card("3", "Public item", "S")], &[], None),
    );
    let swept = Sweep::new().start(&f, "/start").run().await;

    assert_eq!(f.hits_of("/private/a"), 0, "a disallowed path was fetched");
    assert_eq!(f.hits_of("/public/b"), 1);
    assert_eq!(swept.listing_ids(), ["1", "3"]);
    assert_eq!(swept.status_count("robots_denied"), 1);
    // robots.txt is asked before any page.
    assert_eq!(
        f.hits().first().map(|h| h.path.as_str()),
        Some("/robots.txt")
    );
}

#[tokio::test]
async fn per_host_rate_is_respected_server_side() {
    let f = Fixture::start().await;
    let n = 8;
    for i in 1..=n {
        let next = (i < n).then(|| format!("/list?page={}", i + 1));
        f.page(
            &format!("/list?page={i}"),
            &page(&[card(&i.to_string(), "Thing", "S")], &[], next.as_deref()),
        );
    }
    let swept = Sweep::new()
        .start(&f, "/list?page=1")
        .crawler("rate_per_host", "4.0")
        .run()
        .await;
    assert_eq!(swept.listings.len(), n);

    // At 4 per second, five requests (robots.txt included) span at least a second. The
    // fixture stamps a request when its handler runs, so on a loaded machine one stamp
    // can come late and shorten the next gap; spans of four gaps absorb that with 150 ms
    // to spare, and a crawler at 5 per second (800 ms per five) still fails.
    let hits = f.hits();
    assert_eq!(hits.len(), n + 1);
    for five in hits.windows(5) {
        let span = five[4].at.duration_since(five[0].at);
        assert!(
            span >= Duration::from_millis(850),
            "five requests within {span:?}"
        );
    }
    let whole = hits[n].at.duration_since(hits[0].at);
    assert!(
        whole >= Duration::from_millis(250 * n as u64 - 150),
        "{} requests within {whole:?}",
        n + 1
    );
}

#[tokio::test]
async fn hosts_are_crawled_in_parallel() {
    // Two hosts (separate loopback ports count as separate hosts for politeness), each
    // with 5 pages at 5/s: together they take about as long as one, not the sum.
    let a = Fixture::start().await;
    let b = Fixture::start().await;
    for f in [&a, &b] {
        for i in 1..=5 {
            let next = (i < 5).then(|| format!("/l?page={}", i + 1));
            f.page(
                &format!("/l?page={i}"),
                &page(
                    &[card(&format!("{}-{i}", f.addr.port()), "Thing", "S")],
                    &[],
                    next.as_deref(),
                ),
            );
        }
    }
    let swept = Sweep::new()
        .start(&a, "/l?page=1")
        .start(&b, "/l?page=1")
        .crawler("rate_per_host", "4.0")
        .run()
        .await;
    assert_eq!(swept.listings.len(), 10);
    let first = a.hits()[0].at.min(b.hits()[0].at);
    let last = a
        .hits()
        .last()
        .expect("a")
        .at
        .max(b.hits().last().expect("b").at);
    let span = last.duration_since(first);
    // One host alone needs 5 gaps of 200 ms (robots.txt + 5 pages); in sequence, 10.
    assert!(
        span < Duration::from_millis(1900),
        "hosts were not crawled in parallel: {span:?}"
    );
}

#[tokio::test]
async fn scope_is_respected() {
    let f = Fixture::start().await;
    let outside = Fixture::start().await;
    // `localhost` is another host name for the same machine: not in the profile's hosts.
    let foreign = format!("http://localhost:{}/x", outside.addr.port());
    f.page(
        "/start",
        &page(
            &[card("1", "Thing", "S")],
            &[&foreign, "https://example.invalid/y"],
            None,
        ),
    );
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(
        outside.hits().len(),
        0,
        "an out-of-scope host was contacted"
    );
    assert_eq!(swept.summary["links_out_of_scope"], 2);
}

#[tokio::test]
async fn duplicate_urls_and_listings_are_fetched_and_listed_once() {
    let f = Fixture::start().await;
    f.page(
        "/start",
        &page(
            &[card("1", "Thing", "S")],
            &["/a", "/a#frag", "/a?", "/b", "/start"],
            None,
        ),
    );
    f.page(
        "/a",
        &page(&[card("2", "Thing two", "S")], &["/b", "/start"], None),
    );
    f.page(
        "/b",
        &page(
            &[card("2", "Thing two", "S"), card("3", "Thing three", "S")],
            &["/a"],
            None,
        ),
    );
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(f.hits_of("/a"), 1);
    assert_eq!(f.hits_of("/b"), 1);
    assert_eq!(f.hits_of("/start"), 1);
    assert_eq!(swept.listing_ids(), ["1", "2", "3"]);
}

#[tokio::test]
async fn pagination_is_followed_beyond_the_depth_budget() {
    let f = Fixture::start().await;
    for i in 1..=6 {
        let next = (i < 6).then(|| format!("/s?page={}", i + 1));
        f.page(
            &format!("/s?page={i}"),
            &page(&[card(&i.to_string(), "Thing", "S")], &[], next.as_deref()),
        );
    }
    let swept = Sweep::new()
        .start(&f, "/s?page=1")
        .crawler("max_depth", "1")
        .run()
        .await;
    assert_eq!(swept.listing_ids(), ["1", "2", "3", "4", "5", "6"]);

    let swept = Sweep::new()
        .start(&f, "/s?page=1")
        .crawler("max_pagination", "2")
        .run()
        .await;
    assert_eq!(swept.listing_ids(), ["1", "2", "3"]);
    assert_eq!(swept.summary["links_too_many_pages"], 1);
}

#[tokio::test]
async fn page_and_depth_budgets_stop_the_crawl() {
    let f = Fixture::start().await;
    // A chain of links: /d0 → /d1 → /d2 → …
    for i in 0..10 {
        let next = format!("/d{}", i + 1);
        f.page(
            &format!("/d{i}"),
            &page(&[card(&i.to_string(), "Thing", "S")], &[&next], None),
        );
    }
    let swept = Sweep::new()
        .start(&f, "/d0")
        .crawler("max_pages", "3")
        .run()
        .await;
    assert_eq!(f.page_hits().len(), 3);
    assert_eq!(swept.summary["budget_exhausted"], true);
    assert_eq!(swept.summary["requests"], 3);

    let g = Fixture::start().await;
    for i in 0..10 {
        let next = format!("/d{}", i + 1);
        g.page(
            &format!("/d{i}"),
            &page(&[card(&i.to_string(), "Thing", "S")], &[&next], None),
        );
    }
    let swept = Sweep::new()
        .start(&g, "/d0")
        .crawler("max_depth", "2")
        .run()
        .await;
    assert_eq!(swept.listing_ids(), ["0", "1", "2"]);
    assert_eq!(g.hits_of("/d3"), 0);
    assert_eq!(swept.summary["links_too_deep"], 1);
}

#[tokio::test]
async fn redirects_are_checked_hop_by_hop() {
    let f = Fixture::start().await;
    f.route(
        "/robots.txt",
        Reply::text("User-agent: *\nDisallow: /private/\n"),
    );
    f.page(
        "/start",
        &page(&[], &["/to-private", "/to-outside", "/to-ok"], None),
    );
    f.route("/to-private", Reply::redirect("/private/x"));
    f.route("/to-outside", Reply::redirect("https://example.invalid/"));
    f.route("/to-ok", Reply::redirect("/ok"));
    f.page("/ok", &page(&[card("9", "Thing", "S")], &[], None));
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(f.hits_of("/private/x"), 0);
    assert_eq!(f.hits_of("/ok"), 1);
    assert_eq!(swept.listing_ids(), ["9"]);
    assert_eq!(swept.status_count("redirect"), 3);
    assert_eq!(swept.status_count("robots_denied"), 1);
    assert_eq!(swept.status_count("out_of_scope"), 1);
}

#[tokio::test]
async fn failures_are_recorded_statuses() {
    let f = Fixture::start().await;
    f.page(
        "/start",
        &page(&[], &["/missing", "/verify", "/boom", "/image"], None),
    );
    f.route("/boom", Reply::status(500));
    f.route("/verify", Reply::html("<html><title>Security check</title><body>Please solve the CAPTCHA to continue</body></html>"));
    f.route(
        "/image",
        Reply {
            status: 200,
            headers: vec![("content-type".into(), "image/png".into())],
            body: vec![0x89, b'P', b'N', b'G'],
        },
    );
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(swept.status_count("http_error"), 2, "404 and 500");
    assert_eq!(swept.status_count("blocked"), 1);
    assert_eq!(swept.status_count("not_html"), 1);
    assert_eq!(swept.summary["blocked"], 1);
    // The start page is a small page of a listing kind without listings: `empty`.
    assert_eq!(swept.status_count("empty"), 1);
    assert_eq!(swept.summary["errors"], 4);
}

#[tokio::test]
async fn retry_after_is_honoured_on_429() {
    let f = Fixture::start().await;
    f.page("/start", &page(&[], &["/busy"], None));
    f.sequence(
        "/busy",
        vec![
            Reply::status(429).header("retry-after", "1"),
            Reply::html(page(&[card("5", "Thing", "S")], &[], None)),
        ],
    );
    let swept = Sweep::new().start(&f, "/start").run().await;
    let busy: Vec<_> = f.hits().into_iter().filter(|h| h.path == "/busy").collect();
    assert_eq!(busy.len(), 2);
    assert!(busy[1].at.duration_since(busy[0].at) >= Duration::from_millis(950));
    assert_eq!(swept.listing_ids(), ["5"]);
}

#[tokio::test]
async fn requests_identify_the_crawler_and_its_contact() {
    let f = Fixture::start().await;
    f.page("/start", &page(&[], &[], None));
    Sweep::new()
        .start(&f, "/start")
        .crawler("user_agent", "\"acme-brand-team\"")
        .run()
        .await;
    for h in f.hits() {
        assert!(
            h.user_agent.starts_with("acme-brand-team greysweep/"),
            "{}",
            h.user_agent
        );
        assert!(
            h.user_agent.contains("(+mailto:tests@example.com)"),
            "{}",
            h.user_agent
        );
    }
}

#[tokio::test]
async fn private_addresses_are_refused_unless_allowed() {
    // A start URL on a loopback address the sweep does not allow: refused before any
    // request, as a configuration mistake naming the profile file, key and host.
    let f = Fixture::start().await;
    f.page("/start", &page(&[card("1", "Thing", "S")], &[], None));
    let sweep = Sweep::new()
        .start(&f, "/start")
        .crawler("allow_private_addresses", "false");
    let path = sweep.write();
    let dir = path.parent().expect("dir");
    let settings = greysweep::config::Settings::load(
        &path,
        &greysweep::config::Overrides {
            output_dir: Some(dir.join("out")),
            ..Default::default()
        },
    )
    .expect("settings");
    let err = greysweep::sweep::run(
        settings,
        greysweep::sweep::Options::default(),
        &greysweep::progress::Progress::new(greysweep::progress::Mode::Quiet),
        std::future::pending(),
    )
    .await
    .expect_err("the sweep is refused");
    let e = err
        .downcast_ref::<greysweep::config::ConfigError>()
        .expect("a configuration error (exit code 2)");
    assert!(e.file.ends_with("site.toml"), "{e}");
    assert_eq!(e.key.as_deref(), Some("start_urls[0]"));
    assert!(e.line.is_some());
    assert!(
        e.message.contains("127.0.0.1") && e.message.contains("loopback"),
        "{e}"
    );
    assert!(f.hits().is_empty(), "a loopback address was contacted");
    assert!(
        !dir.join("out").exists(),
        "outputs written for a refused sweep"
    );
}

#[tokio::test]
async fn unauthorised_brand_use_is_flagged_and_authorised_is_not() {
    let f = Fixture::start().await;
    f.page(
        "/start",
        &page(
            &[
                card("1", "Acme Rocket Skates", "Wile Trading"),
                card("2", "Acme Rocket Skates", "Acme Official"),
                card("3", "Plain skates", "Wile Trading"),
            ],
            &[],
            None,
        ),
    );
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(swept.audit.len(), 1);
    let row = &swept.audit[0];
    assert_eq!(row["product_id"], "1");
    assert_eq!(row["brand"], "Acme");
    assert_eq!(row["status"], "new");
    assert_eq!(row["seller_name"], "Wile Trading");
    assert_eq!(row["page_sha256"].len(), 64);
}

#[tokio::test]
async fn hostile_cells_are_neutralised_in_csv() {
    let f = Fixture::start().await;
    f.page(
        "/start",
        &page(
            &[card("1", "=HYPERLINK(\"http://evil\") Acme", "@Wile")],
            &[],
            None,
        ),
    );
    let swept = Sweep::new().start(&f, "/start").run().await;
    let row = &swept.audit[0];
    assert!(row["title"].starts_with("'="), "{}", row["title"]);
    assert!(row["seller_name"].starts_with("'@"));
    assert!(swept.listings[0]["title"].starts_with("'="));
}
