//! Secrets stay out of a sweep's outputs. Credentials are planted everywhere a user
//! might put them — a start URL with `user:password@`, proxy and database URLs in the
//! environment, links with credentials on pages — and the site hands out a session
//! cookie. Then every file of the sweep (WARC files gzip-decoded, the state file
//! included) and its logs (text and JSON) are searched for them.
//!
//! What greysweep does: it never sends credentials (URLs are fetched without their
//! user info, no `Authorization` or `Cookie` header is ever sent, proxies from the
//! environment are not used), so none can be written. A `Set-Cookie` the site sends is
//! part of the response as received and stays in that WARC `response` record (the
//! evidence), and nowhere else: not in logs, `summary.json`, the manifest or `warcinfo`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::harness::{Fixture, Reply, Sweep, card, page};

const URL_PASSWORD: &str = "hunter2-URL-PASSWORD";
const URL_USER: &str = "svc-URL-USER";
const PROXY_PASSWORD: &str = "PROXY-PASSWORD-9f2";
const DB_PASSWORD: &str = "PG-PASSWORD-71c";
const LINK_PASSWORD: &str = "LINK-PASSWORD-5aa";
const COOKIE: &str = "SESSION-COOKIE-3e1";

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("dir") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            files(&p, out);
        } else {
            out.push(p);
        }
    }
}

/// A file's bytes; gzip files (WARC) decoded, every member.
fn contents(p: &Path) -> Vec<u8> {
    let raw = std::fs::read(p).expect("read");
    if raw.starts_with(&[0x1f, 0x8b]) {
        let mut d = flate2::read::MultiGzDecoder::new(&raw[..]);
        let mut v = Vec::new();
        d.read_to_end(&mut v).expect("gunzip");
        v
    } else {
        raw
    }
}

fn find(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// WARC records of decoded WARC bytes, split on `WARC/1.1` record starts.
fn records(warc: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(warc)
        .split("WARC/1.1\r\n")
        .filter(|r| !r.is_empty())
        .map(str::to_string)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_planted_secret_reaches_any_output() {
    let f = Fixture::start().await;
    let with_creds = |path: &str| format!("http://{URL_USER}:{URL_PASSWORD}@{}{path}", f.addr);
    let link = format!("http://linkuser:{LINK_PASSWORD}@{}/l/2", f.addr);
    f.route(
        "/start",
        Reply::html(page(&[], &["/l/1", &link], None))
            .header("set-cookie", &format!("session={COOKIE}; Path=/; HttpOnly")),
    );
    for i in 1..=2 {
        f.page(
            &format!("/l/{i}"),
            &page(
                &[card(&i.to_string(), "Acme replica skates", "Wile")],
                &[],
                None,
            ),
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let file = Sweep::new()
        .in_dir(dir.path())
        .start_url(&with_creds("/start"))
        .write();
    let out = dir.path().join("out");
    let mut logs = Vec::new();
    for format in ["text", "json"] {
        let o = Command::new(env!("CARGO_BIN_EXE_greysweep"))
            .args(["sweep", "--log-format", format, "--out"])
            .arg(&out)
            .arg(&file)
            .env(
                "HTTP_PROXY",
                format!("http://proxyuser:{PROXY_PASSWORD}@127.0.0.1:9"),
            )
            .env(
                "HTTPS_PROXY",
                format!("http://proxyuser:{PROXY_PASSWORD}@127.0.0.1:9"),
            )
            .env(
                "ALL_PROXY",
                format!("socks5://proxyuser:{PROXY_PASSWORD}@127.0.0.1:9"),
            )
            .env(
                "DATABASE_URL",
                format!("postgres://greysweep:{DB_PASSWORD}@db.internal/gs"),
            )
            .env(
                "GREYSWEEP_DATABASE_URL",
                format!("postgres://gs:{DB_PASSWORD}@db/gs"),
            )
            .output()
            .expect("run");
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        logs.push((format!("stderr ({format})"), o.stderr));
        logs.push((format!("stdout ({format})"), o.stdout));
    }
    // The sweep reached the site (through no proxy) and followed the link with
    // credentials, without them.
    assert!(
        f.hits_of("/start") >= 1 && f.hits_of("/l/2") >= 1,
        "{:?}",
        f.hits()
    );

    let mut all = Vec::new();
    files(&out, &mut all);
    assert!(all.iter().any(|p| p.ends_with("summary.json")));
    assert!(all.iter().any(|p| p.ends_with("manifest.json")));
    let mut warcs = 0;
    let mut cookie_records = 0;
    let mut searched: Vec<(String, Vec<u8>)> = logs;
    for p in &all {
        let bytes = contents(p);
        let name = p.display().to_string();
        if name.ends_with(".warc.gz") {
            warcs += 1;
            for r in records(&bytes) {
                let lower = r.to_lowercase();
                assert!(
                    !lower.contains("\r\nauthorization:"),
                    "{name}: an Authorization header was sent:\n{r}"
                );
                assert!(
                    !lower.contains("\r\ncookie:"),
                    "{name}: a Cookie header was sent:\n{r}"
                );
                if r.contains(COOKIE) {
                    assert!(
                        r.contains("WARC-Type: response") && lower.contains("set-cookie: session="),
                        "{name}: the cookie outside the response that set it:\n{r}"
                    );
                    cookie_records += 1;
                }
                // The page as received holds the link with credentials the site wrote;
                // the response record keeps it (evidence). Everything else is searched.
                let mut without = r.replace(&format!("session={COOKIE}"), "");
                if r.contains("WARC-Type: response") {
                    without = without.replace(&format!("linkuser:{LINK_PASSWORD}@"), "");
                }
                searched.push((format!("{name} record"), without.into_bytes()));
            }
        } else {
            searched.push((name, bytes));
        }
    }
    assert!(warcs > 0, "WARC files were searched");
    assert!(
        cookie_records > 0,
        "the Set-Cookie response is kept as evidence"
    );
    for (name, bytes) in &searched {
        for secret in [
            URL_PASSWORD,
            URL_USER,
            PROXY_PASSWORD,
            DB_PASSWORD,
            LINK_PASSWORD,
            COOKIE,
        ] {
            assert!(!find(bytes, secret), "{secret} found in {name}");
        }
    }
}
