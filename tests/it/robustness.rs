//! Politeness and fetch robustness: several hosts in parallel at their own rates,
//! Crawl-delay, Retry-After, robots.txt failures, hostile redirects, traps, huge and
//! slow bodies, decompression bombs, resets, charsets and block pages.

use std::io::Write;
use std::time::{Duration, Instant};

use crate::harness::{Fixture, Raw, Reply, Sweep, card, page, raw_server};

fn chain(f: &Fixture, prefix: &str, n: usize) {
    for i in 1..=n {
        let next = (i < n).then(|| format!("{prefix}?page={}", i + 1));
        let id = format!("{}-{i}", f.addr);
        f.page(
            &format!("{prefix}?page={i}"),
            &page(&[card(&id, "Thing", "S")], &[], next.as_deref()),
        );
    }
}

fn max_in_window(hits: &[crate::harness::Hit], window: Duration) -> usize {
    (0..hits.len())
        .map(|i| {
            hits[i..]
                .iter()
                .filter(|o| o.at.duration_since(hits[i].at) < window)
                .count()
        })
        .max()
        .unwrap_or(0)
}

#[tokio::test]
async fn four_hosts_at_two_per_second_each_run_in_parallel() {
    let ips = ["127.0.0.2", "127.0.0.3", "127.0.0.4", "127.0.0.5"];
    let mut fixtures = Vec::new();
    for ip in ips {
        let f = Fixture::start_on(ip).await;
        chain(&f, "/l", 5);
        fixtures.push(f);
    }
    let mut sweep = Sweep::new().crawler("rate_per_host", "2.0");
    for (f, ip) in fixtures.iter().zip(ips) {
        sweep = sweep.start(f, "/l?page=1").host(ip);
    }
    let swept = sweep.run().await;
    assert_eq!(swept.listings.len(), 20);
    let mut slowest = Duration::ZERO;
    let mut last_first_page = None;
    let mut first_last_page = None;
    for f in &fixtures {
        let hits = f.hits();
        assert_eq!(hits.len(), 6, "robots.txt and five pages");
        assert!(
            // Three requests at 2 per second span a second; the fixture's stamps can
            // come late on a loaded machine, so 150 ms are allowed (3 per second, 667
            // ms for three, still fails).
            max_in_window(&hits, Duration::from_millis(850)) <= 2,
            "more than 2 requests in a second on {}",
            f.addr
        );
        slowest = slowest.max(hits[5].at.duration_since(hits[0].at));
        last_first_page = last_first_page.max(Some(hits[1].at));
        first_last_page = Some(first_last_page.map_or(hits[5].at, |t: Instant| t.min(hits[5].at)));
    }
    // Each host needs 5 gaps of 500 ms; in sequence the four would need 4 × that.
    assert!(slowest >= Duration::from_millis(2500));
    // In parallel, every host has started its pages before any host has finished its
    // own; in sequence, a host would start only after the one before it finished. Only
    // the order of the server's hits is compared, so a loaded machine cannot fail it.
    assert!(
        last_first_page < first_last_page,
        "hosts were not crawled in parallel: a host began after another had finished"
    );
}

#[tokio::test]
async fn crawl_delay_is_honoured() {
    let f = Fixture::start().await;
    f.route(
        "/robots.txt",
        Reply::text("User-agent: *\nCrawl-delay: 1\n"),
    );
    chain(&f, "/l", 3);
    Sweep::new()
        .start(&f, "/l?page=1")
        .crawler("rate_per_host", "50.0")
        .run()
        .await;
    let hits = f.hits();
    assert_eq!(hits.len(), 4);
    for pair in hits[1..].windows(2) {
        assert!(pair[1].at.duration_since(pair[0].at) >= Duration::from_millis(990));
    }
}

/// Serves `/busy` with `status` and a Retry-After of `wait` seconds, given as seconds or
/// as an HTTP date, then a page; returns how much earlier than the header allowed the
/// retry came (zero when it waited long enough).
async fn retry_after_shortfall(status: u16, wait: u64, as_date: bool) -> Duration {
    let f = Fixture::start().await;
    f.page("/start", &page(&[], &["/busy"], None));
    let date = std::time::SystemTime::now() + Duration::from_secs(wait);
    let value = if as_date {
        httpdate::fmt_http_date(date)
    } else {
        wait.to_string()
    };
    f.sequence(
        "/busy",
        vec![
            Reply::status(status).header("retry-after", &value),
            Reply::html(page(&[card("7", "Thing", "S")], &[], None)),
        ],
    );
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(swept.listing_ids(), ["7"]);
    let busy: Vec<_> = f.hits().into_iter().filter(|h| h.path == "/busy").collect();
    assert_eq!(busy.len(), 2);
    if as_date {
        // The header names a whole second: the retry must not come before it, however
        // long the first request took to arrive.
        let allowed = httpdate::parse_http_date(&value).expect("the date we formatted");
        allowed.duration_since(busy[1].wall).unwrap_or_default()
    } else {
        let gap = busy[1].at.duration_since(busy[0].at);
        Duration::from_secs(wait).saturating_sub(gap)
    }
}

#[tokio::test]
async fn retry_after_is_honoured_in_both_forms_on_429_and_503() {
    let (a, b, c, d) = tokio::join!(
        retry_after_shortfall(429, 2, false),
        retry_after_shortfall(503, 2, false),
        retry_after_shortfall(429, 3, true),
        retry_after_shortfall(503, 3, true),
    );
    // 50 ms for the fixture's own clock reading and the server's accept latency.
    for shortfall in [a, b, c, d] {
        assert!(
            shortfall <= Duration::from_millis(50),
            "retried {shortfall:?} before Retry-After allowed"
        );
    }
}

#[tokio::test]
async fn robots_5xx_blocks_the_host_until_robots_succeeds() {
    let f = Fixture::start().await;
    f.sequence(
        "/robots.txt",
        vec![
            Reply::status(500),
            Reply::text("User-agent: *\nDisallow: /no\n"),
        ],
    );
    f.page("/start", &page(&[card("1", "Thing", "S")], &["/no"], None));
    let swept = Sweep::new().start(&f, "/start").run().await;
    let hits = f.hits();
    assert_eq!(hits[0].path, "/robots.txt");
    assert_eq!(
        hits[1].path, "/robots.txt",
        "a page was fetched while robots.txt was failing"
    );
    assert!(
        hits[1].at.duration_since(hits[0].at) >= Duration::from_secs(2),
        "robots.txt retried with backoff"
    );
    assert_eq!(hits[2].path, "/start");
    assert_eq!(f.hits_of("/no"), 0);
    assert_eq!(swept.listing_ids(), ["1"]);
}

#[tokio::test]
async fn robots_4xx_allows_everything() {
    let f = Fixture::start().await;
    f.route("/robots.txt", Reply::status(403));
    f.page(
        "/start",
        &page(&[card("1", "Thing", "S")], &["/private/x"], None),
    );
    f.page("/private/x", &page(&[card("2", "Thing", "S")], &[], None));
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(swept.listing_ids(), ["1", "2"]);
}

#[tokio::test]
async fn redirect_to_a_private_address_is_not_followed() {
    let f = Fixture::start().await;
    let other = Fixture::start_on("127.0.0.6").await;
    other.page("/inside", &page(&[card("9", "Thing", "S")], &[], None));
    f.page("/start", &page(&[], &["/jump"], None));
    f.route("/jump", Reply::redirect(&other.url("/inside")));
    let swept = Sweep::new()
        .start(&f, "/start")
        .host("127.0.0.6")
        .crawler("allow_private_addresses", "[\"127.0.0.1\"]")
        .run()
        .await;
    assert!(other.hits().is_empty(), "the private address was contacted");
    assert_eq!(swept.status_count("private_address"), 1);
}

#[tokio::test]
async fn an_endless_calendar_is_cut_off() {
    let f = Fixture::start().await;
    for d in 0..200 {
        f.page(
            &format!("/cal?day={d}"),
            &page(&[], &[&format!("/cal?day={}", d + 1)], None),
        );
    }
    let swept = Sweep::new()
        .start(&f, "/cal?day=0")
        .crawler("max_depth", "1000")
        .crawler("max_query_variants", "20")
        .run()
        .await;
    assert_eq!(f.page_hits().len(), 20);
    assert_eq!(swept.summary["links_trap"], 1);
}

#[tokio::test]
async fn a_50_mb_body_is_too_large_whether_declared_or_not() {
    let f = Fixture::start().await;
    let chunked = raw_server(Raw::Chunked {
        total: 50 * 1024 * 1024,
    })
    .await;
    let stream_url = format!("http://{chunked}/big");
    f.page("/start", &page(&[], &["/declared"], None));
    f.route("/declared", Reply::html("x".repeat(50 * 1024 * 1024)));
    let started = Instant::now();
    let swept = Sweep::new()
        .start(&f, "/start")
        .crawler("max_body_bytes", "1048576")
        .run()
        .await;
    assert_eq!(swept.status_count("too_large"), 1);
    // The chunked stream, on its own host.
    let swept2 = Sweep::new()
        .crawler("max_body_bytes", "1048576")
        .start_url(&stream_url)
        .run()
        .await;
    assert_eq!(swept2.status_count("too_large"), 1);
    assert!(started.elapsed() < Duration::from_secs(30));
}

#[tokio::test]
async fn a_gzip_bomb_is_too_large() {
    let f = Fixture::start().await;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&vec![b' '; 64 * 1024 * 1024]).expect("gzip");
    let bomb = gz.finish().expect("gzip");
    assert!(bomb.len() < 1024 * 1024);
    f.page("/start", &page(&[], &["/bomb"], None));
    f.route(
        "/bomb",
        Reply {
            status: 200,
            headers: vec![
                ("content-type".into(), "text/html".into()),
                ("content-encoding".into(), "gzip".into()),
            ],
            body: bomb,
        },
    );
    let swept = Sweep::new()
        .start(&f, "/start")
        .crawler("max_body_bytes", "1048576")
        .run()
        .await;
    assert_eq!(swept.status_count("too_large"), 1);
}

#[tokio::test]
async fn gzip_pages_are_decoded_and_hashed_as_received() {
    let f = Fixture::start().await;
    let html = page(&[card("3", "Zipped thing", "S")], &[], None);
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    gz.write_all(html.as_bytes()).expect("gzip");
    let body = gz.finish().expect("gzip");
    let digest = greysweep::crawl::sha256_hex(&body);
    f.route(
        "/start",
        Reply {
            status: 200,
            headers: vec![
                ("content-type".into(), "text/html".into()),
                ("content-encoding".into(), "gzip".into()),
            ],
            body,
        },
    );
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(swept.listings[0]["title"], "Zipped thing");
    assert_eq!(swept.listings[0]["page_sha256"], digest);
}

#[tokio::test]
async fn a_slow_drip_body_times_out() {
    let addr = raw_server(Raw::Drip {
        interval: Duration::from_millis(100),
    })
    .await;
    let started = Instant::now();
    let swept = Sweep::new()
        .start_url(&format!("http://{addr}/slow"))
        .crawler("timeout_secs", "1.5")
        .run()
        .await;
    assert_eq!(swept.status_count("timeout"), 1);
    assert!(started.elapsed() < Duration::from_secs(10));
}

#[tokio::test]
async fn a_connection_reset_is_a_network_error() {
    let addr = raw_server(Raw::Reset).await;
    let swept = Sweep::new()
        .start_url(&format!("http://{addr}/reset"))
        .run()
        .await;
    assert_eq!(swept.status_count("network_error"), 1);
}

#[tokio::test]
async fn a_redirect_loop_ends_as_a_status() {
    let f = Fixture::start().await;
    f.route("/a", Reply::redirect("/b"));
    f.route("/b", Reply::redirect("/c"));
    f.route("/c", Reply::redirect("/a"));
    let swept = Sweep::new().start(&f, "/a").run().await;
    assert_eq!(swept.status_count("redirect_loop"), 1);
    assert_eq!(f.page_hits().len(), 3);
}

fn gbk(text: &str) -> Vec<u8> {
    encoding_rs::GBK.encode(text).0.into_owned()
}

#[tokio::test]
async fn gbk_pages_decode_whether_declared_in_header_meta_or_not_at_all() {
    let f = Fixture::start().await;
    let title = "耐克男子跑步鞋 透气 网面 运动鞋 厂家直销 批发";
    let body = |id: &str, meta: &str| {
        let filler =
            "<p>本店所有商品均为正品，支持七天无理由退换货，欢迎咨询客服了解更多详情。</p>"
                .repeat(20);
        gbk(&format!(
            "<html><head>{meta}<title>商品</title></head><body>{}{filler}</body></html>",
            card(id, title, "福建晋江鞋业")
        ))
    };
    let html = |body: Vec<u8>, ct: &str| Reply {
        status: 200,
        headers: vec![("content-type".into(), ct.into())],
        body,
    };
    f.page("/start", &page(&[], &["/header", "/meta", "/none"], None));
    f.route("/header", html(body("h", ""), "text/html; charset=GBK"));
    f.route(
        "/meta",
        html(
            body(
                "m",
                "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\">",
            ),
            "text/html",
        ),
    );
    f.route("/none", html(body("n", ""), "text/html"));
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(swept.listing_ids(), ["h", "m", "n"]);
    for row in &swept.listings {
        assert_eq!(
            row["title"], title,
            "page of listing {} mis-decoded",
            row["product_id"]
        );
        assert_eq!(row["seller_name"], "福建晋江鞋业");
    }
}

#[tokio::test]
async fn a_captcha_page_is_blocked_and_the_host_backs_off() {
    let f = Fixture::start().await;
    f.page("/start", &page(&[], &["/x", "/denied", "/y"], None));
    f.route("/denied", Reply { status: 403, ..Reply::html("<HTML><HEAD><TITLE>Access Denied</TITLE></HEAD><BODY>You don't have permission to access this page.</BODY></HTML>") });
    f.page("/x", "<html><head><title>Security Verification</title></head><body>Please complete the captcha below to continue.</body></html>");
    f.page("/y", &page(&[card("1", "Thing", "S")], &[], None));
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(
        swept.status_count("blocked"),
        2,
        "a 200 captcha and a 403 Access Denied"
    );
    assert_eq!(
        swept.listing_ids(),
        ["1"],
        "a block page is not a page with zero listings"
    );
    let x = f.hits().into_iter().find(|h| h.path == "/x").expect("x").at;
    let y = f.hits().into_iter().find(|h| h.path == "/y").expect("y").at;
    assert!(
        y.duration_since(x) >= Duration::from_secs(2),
        "host not backed off after a block page"
    );
}

#[tokio::test]
async fn vendor_challenges_are_blocked_with_the_vendor_in_the_page_detail() {
    let f = Fixture::start().await;
    f.page("/start", &page(&[], &["/cf", "/cf429", "/px", "/y"], None));
    // Nothing in these bodies says "challenge": only the header does.
    let cf = "<!DOCTYPE html><html><head><title>One moment, please</title></head>\
              <body><noscript>Enable JavaScript and cookies to continue</noscript></body></html>";
    f.route(
        "/cf",
        Reply {
            status: 403,
            ..Reply::html(cf)
        }
        .header("cf-mitigated", "challenge")
        .header("server", "cloudflare"),
    );
    f.route(
        "/cf429",
        Reply {
            status: 429,
            ..Reply::html(cf)
        }
        .header("cf-mitigated", "challenge"),
    );
    f.page(
        "/px",
        "<html><head><title>Before we continue</title><script>window._pxAppId='PXab12';</script></head>\
         <body><div id=\"px-captcha\"></div><p>Press &amp; Hold to confirm you are a human.</p>\
         <script src=\"https://captcha.px-cdn.net/PXab12/captcha.js\"></script></body></html>",
    );
    f.page("/y", &page(&[card("1", "Thing", "S")], &[], None));
    let swept = Sweep::new().start(&f, "/start").run().await;
    assert_eq!(swept.status_count("blocked"), 3);
    assert_eq!(swept.listing_ids(), ["1"]);
    assert_eq!(
        f.hits_of("/cf429"),
        1,
        "a vendor challenge on a 429 is not retried"
    );

    let dir = swept.dir.as_ref().expect("sweep dir").path();
    let store =
        greysweep::store::SqliteStore::open(&dir.join("out/greysweep.sqlite")).expect("state");
    let sweeps = greysweep::store::Store::sweeps(&store, None).expect("sweeps");
    let pages = greysweep::store::Store::pages(&store, &sweeps[0].id).expect("pages");
    let detail = |path: &str| {
        let p = pages
            .iter()
            .find(|p| p.url.path() == path)
            .unwrap_or_else(|| panic!("no record of {path}"));
        assert_eq!(p.status, greysweep::store::PageStatus::Blocked, "{path}");
        p.detail.clone().unwrap_or_default()
    };
    for path in ["/cf", "/cf429"] {
        let d = detail(path);
        assert!(
            d.starts_with("block page (cloudflare: header cf-mitigated: challenge")
                && d.contains("host backed off"),
            "{path}: {d}"
        );
    }
    let d = detail("/px");
    assert!(d.starts_with("block page (perimeterx: "), "{d}");
}

#[tokio::test]
async fn a_failing_host_is_paused_and_reported() {
    let f = Fixture::start().await;
    let links: Vec<String> = (0..4).map(|i| format!("/e{i}")).collect();
    let refs: Vec<&str> = links.iter().map(String::as_str).collect();
    f.page("/start", &page(&[], &refs, None));
    for l in &links {
        f.route(l, Reply::status(500));
    }
    let swept = Sweep::new()
        .start(&f, "/start")
        .crawler("pause_after_failures", "3")
        .crawler("host_pause_secs", "1")
        .run()
        .await;
    let pauses = swept.summary["host_pauses"].as_array().expect("pauses");
    assert_eq!(pauses.len(), 1);
    assert_eq!(pauses[0]["seconds"], 1.0);
    let e = |p: &str| f.hits().into_iter().find(|h| h.path == p).expect("hit").at;
    assert!(e("/e3").duration_since(e("/e2")) >= Duration::from_millis(950));
    assert_eq!(swept.status_count("http_error"), 4);
}
