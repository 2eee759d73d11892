//! Test harness: a fixture web server on 127.0.0.1 port 0 that records every request,
//! and a `Sweep` builder that writes a sweep file, a profile and a registry into a temp
//! folder and runs the library's sweep in-process.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, Response, StatusCode};
use greysweep::config::{Overrides, Settings};
use greysweep::progress::{Mode, Progress};
use greysweep::sweep::Outcome;
use tokio::net::TcpListener;

/// One canned answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn html(body: impl Into<String>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("content-type".into(), "text/html; charset=utf-8".into())],
            body: body.into().into_bytes(),
        }
    }
    pub fn text(body: impl Into<String>) -> Reply {
        Reply {
            status: 200,
            headers: vec![("content-type".into(), "text/plain".into())],
            body: body.into().into_bytes(),
        }
    }
    pub fn status(status: u16) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }
    pub fn redirect(to: &str) -> Reply {
        Reply {
            status: 302,
            headers: vec![("location".into(), to.into())],
            body: Vec::new(),
        }
    }
    pub fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
    /// Never answers (the request is recorded, then held open): a place to stop a sweep
    /// at, known from the server's side.
    pub fn hang() -> Reply {
        Reply::status(200).header(HANG, "1")
    }
}

/// The marker header of [`Reply::hang`] (never sent).
const HANG: &str = "x-fixture-hang";

/// One request the server saw.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub at: Instant,
    pub wall: std::time::SystemTime,
    pub user_agent: String,
    pub if_none_match: Option<String>,
}

#[derive(Debug, Default)]
struct Inner {
    routes: HashMap<String, Vec<Reply>>,
    hits: Vec<Hit>,
}

/// A fixture web server.
#[derive(Debug, Clone)]
pub struct Fixture {
    pub addr: SocketAddr,
    inner: Arc<Mutex<Inner>>,
}

impl Fixture {
    /// Starts a server on 127.0.0.1 port 0. Unknown paths answer 404; robots.txt is 404
    /// (allow all) unless set.
    pub async fn start() -> Fixture {
        Self::start_on("127.0.0.1").await
    }

    /// Starts a server on another loopback address (a separate host).
    pub async fn start_on(ip: &str) -> Fixture {
        let listener = TcpListener::bind((ip, 0)).await.expect("bind fixture");
        let addr = listener.local_addr().expect("addr");
        let inner = Arc::new(Mutex::new(Inner::default()));
        let app = Router::new().fallback(handle).with_state(inner.clone());
        tokio::spawn(async move {
            axum::serve(listener, app).await.expect("fixture server");
        });
        Fixture { addr, inner }
    }

    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.origin())
    }

    /// Sets the answer for `path` (path and query, exactly as requested).
    pub fn route(&self, path: &str, reply: Reply) -> &Self {
        self.inner
            .lock()
            .expect("lock")
            .routes
            .insert(path.to_string(), vec![reply]);
        self
    }

    /// Answers `path` with each reply in turn; the last one repeats.
    pub fn sequence(&self, path: &str, replies: Vec<Reply>) -> &Self {
        self.inner
            .lock()
            .expect("lock")
            .routes
            .insert(path.to_string(), replies);
        self
    }

    /// Removes a route (the page then answers 404).
    pub fn remove(&self, path: &str) -> &Self {
        self.inner.lock().expect("lock").routes.remove(path);
        self
    }

    pub fn page(&self, path: &str, html: &str) -> &Self {
        self.route(path, Reply::html(html))
    }

    pub fn hits(&self) -> Vec<Hit> {
        self.inner.lock().expect("lock").hits.clone()
    }

    pub fn hits_of(&self, path: &str) -> usize {
        self.hits().iter().filter(|h| h.path == path).count()
    }

    /// Hits other than robots.txt.
    pub fn page_hits(&self) -> Vec<Hit> {
        self.hits()
            .into_iter()
            .filter(|h| h.path != "/robots.txt")
            .collect()
    }
}

async fn handle(State(inner): State<Arc<Mutex<Inner>>>, req: Request<Body>) -> Response<Body> {
    let path = req
        .uri()
        .path_and_query()
        .map_or("/".to_string(), |p| p.as_str().to_string());
    let user_agent = req
        .headers()
        .get("user-agent")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let if_none_match = req
        .headers()
        .get("if-none-match")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let reply = {
        let mut g = inner.lock().expect("lock");
        g.hits.push(Hit {
            path: path.clone(),
            at: Instant::now(),
            wall: std::time::SystemTime::now(),
            user_agent,
            if_none_match: if_none_match.clone(),
        });
        match g.routes.get_mut(&path) {
            Some(list) if list.len() > 1 => Some(list.remove(0)),
            Some(list) => list.first().cloned(),
            None => None,
        }
    };
    let reply = reply.unwrap_or_else(|| Reply::status(404));
    if reply.headers.iter().any(|(k, _)| k == HANG) {
        std::future::pending::<()>().await;
    }
    // Conditional requests: an ETag that matches If-None-Match answers 304.
    let etag = reply
        .headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("etag"))
        .map(|(_, v)| v.clone());
    if let (Some(etag), Some(inm)) = (etag, if_none_match)
        && etag == inm
    {
        return Response::builder()
            .status(StatusCode::NOT_MODIFIED)
            .header("etag", etag)
            .body(Body::empty())
            .expect("response");
    }
    let mut b = Response::builder().status(StatusCode::from_u16(reply.status).expect("status"));
    for (k, v) in &reply.headers {
        b = b.header(k, v);
    }
    b.body(Body::from(reply.body)).expect("response")
}

/// A card of the fixture markup the default test profile reads.
pub fn card(id: &str, title: &str, seller: &str) -> String {
    format!(
        "<div class=\"item\"><a class=\"t\" data-id=\"{id}\" href=\"/p/{id}\">{title}</a><span class=\"s\">{seller}</span></div>"
    )
}

/// A page with cards and links.
pub fn page(cards: &[String], follow: &[&str], next: Option<&str>) -> String {
    let mut s = String::from("<html><body>");
    for c in cards {
        s.push_str(c);
    }
    for f in follow {
        s.push_str(&format!("<a class=\"follow\" href=\"{f}\">link</a>"));
    }
    if let Some(n) = next {
        s.push_str(&format!("<a class=\"next\" href=\"{n}\">next</a>"));
    }
    s.push_str("</body></html>");
    s
}

/// Builder for an in-process sweep against fixtures.
pub struct Sweep {
    start_urls: Vec<String>,
    hosts: Vec<String>,
    crawler: Vec<(String, String)>,
    brands: String,
    pages: Option<String>,
    state: Option<String>,
    dir: PathBuf,
    tmp: Option<std::sync::Arc<tempfile::TempDir>>,
}

/// What a sweep left behind, read back.
#[allow(dead_code)] // `outcome` and `dir` are kept for tests that inspect files.
pub struct Swept {
    pub outcome: Outcome,
    pub audit: Vec<HashMap<String, String>>,
    pub listings: Vec<HashMap<String, String>>,
    pub summary: serde_json::Value,
    pub dir: Option<std::sync::Arc<tempfile::TempDir>>,
}

impl Swept {
    pub fn listing_ids(&self) -> Vec<String> {
        let mut v: Vec<String> = self
            .listings
            .iter()
            .map(|r| r["product_id"].clone())
            .collect();
        v.sort();
        v
    }
    pub fn status_count(&self, status: &str) -> u64 {
        self.summary["pages_by_status"][status]
            .as_u64()
            .expect("status count")
    }
}

/// Runs `greysweep detect --brands BRANDS --input INPUT --out OUT`, asserts it succeeded,
/// and returns what it wrote on standard error.
pub fn detect_to(brands: &Path, input: &Path, out: &Path) -> String {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_greysweep"))
        .args(["detect", "--brands"])
        .arg(brands)
        .arg("--input")
        .arg(input)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run");
    let stderr = String::from_utf8_lossy(&run.stderr).into_owned();
    assert!(run.status.success(), "{stderr}");
    stderr
}

pub fn read_csv(path: &Path) -> Vec<HashMap<String, String>> {
    let mut r = csv::Reader::from_path(path).expect("csv");
    let headers = r.headers().expect("headers").clone();
    r.records()
        .map(|rec| {
            let rec = rec.expect("record");
            headers
                .iter()
                .zip(rec.iter())
                .map(|(h, v)| (h.to_string(), v.to_string()))
                .collect()
        })
        .collect()
}

impl Sweep {
    pub fn new() -> Sweep {
        Sweep {
            start_urls: Vec::new(),
            hosts: vec!["127.0.0.1".into()],
            crawler: vec![
                ("contact".into(), "\"mailto:tests@example.com\"".into()),
                ("rate_per_host".into(), "50.0".into()),
                ("allow_private_addresses".into(), "true".into()),
                ("timeout_secs".into(), "5".into()),
            ],
            brands: "[[brand]]\nname = \"Acme\"\nauthorised_sellers = [\"Acme Official\"]\n".into(),
            pages: None,
            state: None,
            dir: PathBuf::new(),
            tmp: None,
        }
        .in_dir_owned(tempfile::tempdir().expect("tempdir"))
    }

    fn in_dir_owned(mut self, tmp: tempfile::TempDir) -> Sweep {
        self.dir = tmp.path().to_path_buf();
        self.tmp = Some(std::sync::Arc::new(tmp));
        self
    }

    /// Uses `dir` (kept by the caller) for the files, outputs and state, so several
    /// sweeps can share one state.
    pub fn in_dir(mut self, dir: &Path) -> Sweep {
        self.dir = dir.to_path_buf();
        self.tmp = None;
        self
    }

    /// Starts at `path` on `fixture`.
    pub fn start(mut self, fixture: &Fixture, path: &str) -> Sweep {
        self.start_urls.push(fixture.url(path));
        self
    }

    /// Starts at an absolute URL.
    pub fn start_url(mut self, url: &str) -> Sweep {
        self.start_urls.push(url.into());
        self
    }

    /// Adds a host to the scope.
    pub fn host(mut self, host: &str) -> Sweep {
        self.hosts.push(host.into());
        self
    }

    /// Sets a `[crawler]` key (value in TOML syntax).
    pub fn crawler(mut self, key: &str, value: &str) -> Sweep {
        self.crawler.retain(|(k, _)| k != key);
        self.crawler.push((key.into(), value.into()));
        self
    }

    /// Replaces the brand registry (TOML).
    pub fn brands(mut self, brands: &str) -> Sweep {
        self.brands = brands.to_string();
        self
    }

    /// Replaces the profile's `[[page]]` tables (TOML) with `pages`.
    pub fn pages(mut self, pages: &str) -> Sweep {
        self.pages = Some(pages.to_string());
        self
    }

    /// Sets the sweep file's `state` (a SQLite path or a PostgreSQL URL).
    pub fn state(mut self, state: &str) -> Sweep {
        self.state = Some(state.to_string());
        self
    }

    /// Writes the files and returns the sweep file's path.
    pub fn write(&self) -> PathBuf {
        let d = self.dir.as_path();
        let quote = |v: &[String]| {
            v.iter()
                .map(|s| format!("{s:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let pages = self.pages.clone().unwrap_or_else(|| {
            "[[page]]\nkind = \"list\"\nurl_pattern = \".\"\n\
             listing = \"div.item\"\nfollow = [\"a.follow\"]\nnext_page = \"a.next\"\n\n[page.fields]\n\
             title = { css = \".t\" }\nseller_name = { css = \".s\" }\nproduct_id = { css = \".t\", attr = \"data-id\" }\n\
             product_url = { css = \".t\", attr = \"href\" }\n"
                .to_string()
        });
        let profile = format!(
            "name = \"fixture\"\nstart_urls = [{}]\nhosts = [{}]\n\n{pages}",
            quote(&self.start_urls),
            quote(&self.hosts)
        );
        std::fs::write(d.join("site.toml"), profile).expect("profile");
        std::fs::write(d.join("brands.toml"), &self.brands).expect("brands");
        let mut sweep = String::from(
            "name = \"t\"\nprofiles = [\"site.toml\"]\nbrands = [\"brands.toml\"]\noutput_dir = \"out\"\n\n[crawler]\n",
        );
        if let Some(state) = &self.state {
            sweep = sweep.replacen(
                "\n\n[crawler]",
                &format!("\nstate = {state:?}\n\n[crawler]"),
                1,
            );
        }
        for (k, v) in &self.crawler {
            sweep.push_str(&format!("{k} = {v}\n"));
        }
        let path = d.join("sweep.toml");
        std::fs::write(&path, sweep).expect("sweep");
        path
    }

    pub async fn run(self) -> Swept {
        self.run_with_shutdown(std::future::pending()).await
    }

    pub async fn run_with_shutdown(self, shutdown: impl std::future::Future<Output = ()>) -> Swept {
        let path = self.write();
        let overrides = Overrides {
            output_dir: Some(self.dir.join("out")),
            ..Default::default()
        };
        let settings = Settings::load(&path, &overrides).expect("settings");
        run_settings(settings, shutdown, self.tmp).await
    }
}

pub async fn run_settings(
    settings: Settings,
    shutdown: impl std::future::Future<Output = ()>,
    dir: Option<std::sync::Arc<tempfile::TempDir>>,
) -> Swept {
    let progress = Progress::new(Mode::Quiet);
    let outcome = tokio::time::timeout(
        Duration::from_secs(120),
        greysweep::sweep::run(
            settings,
            greysweep::sweep::Options::default(),
            &progress,
            shutdown,
        ),
    )
    .await
    .expect("sweep finished in time")
    .expect("sweep ran");
    let audit = read_csv(&outcome.files.audit);
    let listings = read_csv(&outcome.files.listings);
    let summary: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&outcome.files.summary).expect("summary"))
            .expect("json");
    Swept {
        outcome,
        audit,
        listings,
        summary,
        dir,
    }
}

/// What a raw TCP fixture does with each connection.
#[derive(Debug, Clone, Copy)]
pub enum Raw {
    /// Reads the request, then resets the connection.
    Reset,
    /// Sends headers, then one body byte every `interval` forever.
    Drip { interval: Duration },
    /// Sends a chunked HTML body of `total` bytes (no Content-Length).
    Chunked { total: usize },
}

/// A raw TCP server on 127.0.0.1 for behaviour an HTTP framework will not produce.
pub async fn raw_server(behaviour: Raw) -> SocketAddr {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind raw");
    let addr = listener.local_addr().expect("addr");
    tokio::spawn(async move {
        loop {
            let Ok((mut sock, _)) = listener.accept().await else {
                return;
            };
            tokio::spawn(async move {
                let mut buf = vec![0u8; 8192];
                let mut got = Vec::new();
                while !got.windows(4).any(|w| w == b"\r\n\r\n") {
                    match sock.read(&mut buf).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => got.extend_from_slice(&buf[..n]),
                    }
                }
                let is_robots = got.starts_with(b"GET /robots.txt");
                if is_robots {
                    let _ = sock
                        .write_all(b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n")
                        .await;
                    return;
                }
                match behaviour {
                    Raw::Reset => {
                        let _ = sock.set_zero_linger();
                        drop(sock);
                    }
                    Raw::Drip { interval } => {
                        let _ = sock
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ncontent-length: 100000\r\n\r\n")
                            .await;
                        loop {
                            if sock.write_all(b"<").await.is_err() {
                                return;
                            }
                            tokio::time::sleep(interval).await;
                        }
                    }
                    Raw::Chunked { total } => {
                        let _ = sock
                            .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: text/html\r\ntransfer-encoding: chunked\r\n\r\n")
                            .await;
                        let chunk = vec![b'x'; 64 * 1024];
                        let mut sent = 0;
                        while sent < total {
                            let head = format!("{:x}\r\n", chunk.len());
                            if sock.write_all(head.as_bytes()).await.is_err()
                                || sock.write_all(&chunk).await.is_err()
                                || sock.write_all(b"\r\n").await.is_err()
                            {
                                return;
                            }
                            sent += chunk.len();
                        }
                        let _ = sock.write_all(b"0\r\n\r\n").await;
                    }
                }
            });
        }
    });
    addr
}
