//! The bundled demo directory: a small B2B directory served by greysweep itself on
//! 127.0.0.1, so a complete sweep can be run with no internet and no setup.
//!
//! Two markup styles: server-rendered search-result cards with "next" pagination, and
//! product pages whose only data is JSON-LD (linked from some suppliers' store pages).
//! robots.txt disallows `/clearance/`, which holds listings a polite crawler never sees.
//! The catalog and its ground truth are in [`catalog`]; the sweep, profile and brand
//! registry it is swept with are compiled in from `seeds/` ([`BUNDLED_FILES`]).

pub mod catalog;
pub mod pages;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Router;
use axum::extract::{Path as UrlPath, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

pub use catalog::Catalog;

/// The origin written in the bundled demo files; replaced by the real one at run time.
pub const PLACEHOLDER_ORIGIN: &str = "http://127.0.0.1:8080";

/// The bundled demo files: (path relative to `seeds/`, contents).
pub const BUNDLED_FILES: &[(&str, &str)] = &[
    (
        "demo/sweep.toml",
        include_str!("../../seeds/demo/sweep.toml"),
    ),
    (
        "sites/demo.toml",
        include_str!("../../seeds/sites/demo.toml"),
    ),
    (
        "brands/demo.toml",
        include_str!("../../seeds/brands/demo.toml"),
    ),
];

/// A running demo directory.
#[derive(Debug)]
pub struct DemoServer {
    /// Where it listens.
    pub addr: SocketAddr,
    task: JoinHandle<()>,
}

impl DemoServer {
    /// `http://127.0.0.1:PORT`.
    pub fn origin(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Starts the demo directory on `addr` (port 0 for an ephemeral port).
pub async fn serve(addr: SocketAddr) -> std::io::Result<DemoServer> {
    let listener = TcpListener::bind(addr).await?;
    let addr = listener.local_addr()?;
    let app = router(Arc::new(Catalog::build()));
    let task = tokio::spawn(async move {
        // The server ends when its task is aborted; an accept error ends it early and
        // the sweep then records network errors rather than hanging.
        let _ = axum::serve(listener, app).await;
    });
    Ok(DemoServer { addr, task })
}

/// Writes the bundled demo files under `dir` (as `dir/demo/sweep.toml`, …) with
/// `origin` in place of the placeholder, and returns the sweep file's path.
pub fn write_bundled_files(dir: &Path, origin: &str) -> std::io::Result<PathBuf> {
    for (rel, text) in BUNDLED_FILES {
        let path = dir.join(rel);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(&path, text.replace(PLACEHOLDER_ORIGIN, origin))?;
    }
    Ok(dir.join("demo/sweep.toml"))
}

type Shared = State<Arc<Catalog>>;

#[derive(Debug, Deserialize)]
struct PageQuery {
    page: Option<usize>,
}

fn router(catalog: Arc<Catalog>) -> Router {
    Router::new()
        .route("/robots.txt", get(robots))
        .route("/", get(home))
        .route("/search", get(search))
        .route("/store/{file}", get(store))
        .route("/item/{file}", get(item))
        .route("/offer/{file}", get(offer))
        .route("/clearance/list", get(clearance))
        .fallback(not_found)
        .with_state(catalog)
}

fn html(body: String) -> Response {
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], body).into_response()
}

async fn not_found() -> Response {
    (
        StatusCode::NOT_FOUND,
        html(pages::layout("Not found", "<p>No such page.</p>")),
    )
        .into_response()
}

async fn robots() -> Response {
    (
        [(header::CONTENT_TYPE, "text/plain")],
        "User-agent: *\nDisallow: /clearance/\n",
    )
        .into_response()
}

async fn home() -> Response {
    html(pages::home())
}

async fn search(State(c): Shared, Query(q): Query<PageQuery>) -> Response {
    let page = q.page.unwrap_or(1);
    if !(1..=catalog::SEARCH_PAGES).contains(&page) {
        return not_found().await;
    }
    html(pages::search(&c, page))
}

async fn clearance(State(c): Shared, Query(q): Query<PageQuery>) -> Response {
    let page = q.page.unwrap_or(1);
    if !(1..=catalog::CLEARANCE_PAGES).contains(&page) {
        return not_found().await;
    }
    html(pages::clearance(&c, page))
}

async fn store(State(c): Shared, UrlPath(file): UrlPath<String>) -> Response {
    match file
        .strip_suffix(".html")
        .and_then(|slug| c.seller_by_slug(slug))
    {
        Some((i, _)) => html(pages::store(&c, i)),
        None => not_found().await,
    }
}

async fn item(State(c): Shared, UrlPath(file): UrlPath<String>) -> Response {
    let listing = file
        .strip_suffix(".html")
        .and_then(|id| id.parse().ok())
        .and_then(|id| c.by_id(id))
        .filter(|l| l.placement == catalog::Placement::Item);
    match listing {
        Some(l) => html(pages::item(&c, l)),
        None => not_found().await,
    }
}

async fn offer(State(c): Shared, UrlPath(file): UrlPath<String>) -> Response {
    let listing = file
        .strip_suffix(".html")
        .and_then(|id| id.parse().ok())
        .and_then(|id| c.by_id(id));
    match listing {
        Some(l) => html(pages::item(&c, l)),
        None => not_found().await,
    }
}
