//! The crawl engine: moves URLs from the frontier through politeness, fetch, decode,
//! extract and detect, and records every outcome in the store.
//!
//! One coordinator owns all mutable state (frontier, politeness book, store) and is the
//! only place decisions are made; fetches run as tasks, at most one per host and at most
//! `concurrency` in all, and report back. Extraction and detection run on the blocking
//! pool (they are synchronous and CPU-bound), at most one page per core at a time (a
//! semaphore of `available_parallelism()` permits): more would only interleave parses and
//! hold more DOMs in memory. A page's result reaches the coordinator only once its
//! analysis is done, so its completion is always recorded after its analysis. Redirects are not followed inside a task:
//! the target goes back through the frontier, so every hop is scope-, robots- and
//! rate-checked. Cancellation is passed in: when `shutdown` resolves, no new request
//! starts, requests in flight finish, and the run returns what it has.
//!
//! Deliberate trade-off: the coordinator's own writes — store writes grouped into one
//! SQLite transaction per batch of pages ([`GroupCommit`]: `commit_pages` pages or
//! `commit_interval_ms`, whichever first, and whenever the crawl stops; WAL,
//! `synchronous = NORMAL`) and one WARC record per exchange — are synchronous and run on
//! the coordinator's task. They take well under a millisecond each on local disk and keep
//! the commit order equal to the evidence order (a page's WARC records are written before
//! the batch holding its outcome commits); fetches run on other tasks meanwhile. If a store on a slow or remote disk makes them long, move them behind a
//! channel to a dedicated writer thread rather than into the fetch tasks.

use std::future::Future;
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use tokio::task::JoinSet;
use url::Url;

use anyhow::Context;

use crate::config::Settings;
use crate::decode::decode_html;
use crate::evidence::{EvidenceRef, Exchange, WarcWriter, header_pairs};
use crate::extract::{BlockVerdict, Extraction, Served, verdict_from_response};
use crate::fetch::{FetchError, Fetcher, Response};
use crate::frontier::{CanonicalLink, Frontier, Item, Refusal, Via};
use crate::pace::Pace;
use crate::politeness::{Politeness, ROBOTS_MAX_BYTES, RobotsOutcome, Rules, Verdict};
use crate::progress::Progress;
use crate::store::{
    GroupCommit, ListingRecord, PageRecord, PageStatus, SellerRecord, Store, Validators,
};

/// Attempts per URL when the server answers 429 or 503.
pub const MAX_ATTEMPTS: u32 = 3;

/// A host paused after a streak of failures.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct HostPause {
    /// `host[:port]`.
    pub host: String,
    /// When the pause began.
    pub at: DateTime<Utc>,
    /// Its length.
    pub seconds: f64,
    /// The failure that completed the streak.
    pub reason: String,
}

/// Figures of one crawl.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct CrawlStats {
    /// Page requests sent (robots.txt excluded).
    pub requests: usize,
    /// robots.txt requests sent.
    pub robots_requests: usize,
    /// Links found on pages that lay outside every profile's scope (not queued).
    pub links_out_of_scope: usize,
    /// Links beyond the depth budget (not queued).
    pub links_too_deep: usize,
    /// Links longer than the URL cap (not queued).
    pub links_too_long: usize,
    /// "Next page" links beyond the pagination budget (not queued).
    pub links_too_many_pages: usize,
    /// Links refused as crawler traps (repeated segments, query explosions).
    pub links_trap: usize,
    /// Links beyond a host's page budget (not queued).
    pub links_host_budget: usize,
    /// Hosts paused after failure streaks.
    pub host_pauses: Vec<HostPause>,
    /// URLs still queued when the page budget ran out.
    pub unfetched_budget: usize,
    /// The page budget stopped the crawl.
    pub budget_exhausted: bool,
    /// The run was interrupted (Ctrl-C, SIGTERM).
    pub interrupted: bool,
    /// When the crawl started and ended.
    pub started_at: DateTime<Utc>,
    /// When the crawl ended.
    pub ended_at: DateTime<Utc>,
}

impl CrawlStats {
    /// The figures of two runs of one sweep (two fleet workers) together: counts added,
    /// flags of either, the earlier start and the later end.
    pub fn merged(mut self, o: CrawlStats) -> CrawlStats {
        self.requests += o.requests;
        self.robots_requests += o.robots_requests;
        self.links_out_of_scope += o.links_out_of_scope;
        self.links_too_deep += o.links_too_deep;
        self.links_too_long += o.links_too_long;
        self.links_too_many_pages += o.links_too_many_pages;
        self.links_trap += o.links_trap;
        self.links_host_budget += o.links_host_budget;
        self.host_pauses.extend(o.host_pauses);
        self.host_pauses.sort_by_key(|p| p.at);
        self.unfetched_budget = self.unfetched_budget.max(o.unfetched_budget);
        self.budget_exhausted |= o.budget_exhausted;
        self.interrupted |= o.interrupted;
        self.started_at = self.started_at.min(o.started_at);
        self.ended_at = self.ended_at.max(o.ended_at);
        self
    }

    fn count_refusal(&mut self, refusal: Refusal) {
        match refusal {
            Refusal::Duplicate | Refusal::NotHttp => {}
            Refusal::OutOfScope => self.links_out_of_scope += 1,
            Refusal::TooDeep => self.links_too_deep += 1,
            Refusal::TooLong => self.links_too_long += 1,
            Refusal::TooManyPages => self.links_too_many_pages += 1,
            Refusal::Trap => self.links_trap += 1,
            Refusal::HostBudget => self.links_host_budget += 1,
        }
    }
}

struct Ctx {
    fetcher: Fetcher,
    settings: Arc<Settings>,
    /// Permits to analyse a page on the blocking pool: one per core.
    analysis: Arc<tokio::sync::Semaphore>,
}

/// Pages analysed at once: the cores this process may use.
pub fn analysis_workers() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

enum Done {
    Robots {
        host: String,
        outcome: RobotsOutcome,
        /// Every response of the robots.txt fetch (redirect hops included), for evidence.
        responses: Vec<Response>,
        /// Why the host itself was refused (private address), if it was.
        refused: Option<String>,
    },
    Page {
        host: String,
        item: Box<Item>,
        outcome: PageOutcome,
    },
}

// One short-lived value per page: its size does not matter.
enum PageOutcome {
    Failed(FetchError, DateTime<Utc>),
    Answered {
        response: Box<Response>,
        analysis: Option<Box<Analysis>>,
    },
}

struct Analysis {
    extraction: Extraction,
    listings: Vec<ListingRecord>,
    /// The page's seller record (`[page.seller]`), evidence not yet attached.
    seller: Option<SellerRecord>,
    /// Visible characters of a page that expected listings, gave none and is small
    /// (`empty`); see [`crate::health::empty_page`].
    empty: Option<usize>,
}

/// What a crawl works on: the settings, the store (whose current sweep is the one being
/// crawled), the frontier over it, and the previous complete sweep of the same name (for
/// conditional requests).
pub struct Job<'a> {
    /// The sweep's settings.
    pub settings: Arc<Settings>,
    /// The store.
    pub store: &'a mut dyn Store,
    /// The frontier, seeded or loaded.
    pub frontier: &'a mut Frontier,
    /// The previous complete sweep of this name, if any.
    pub previous: Option<String>,
    /// Page requests already made by this sweep before a resume (they count toward
    /// `max_pages`).
    pub requests_before: usize,
    /// Where every exchange is archived.
    pub evidence: &'a mut WarcWriter,
    /// A fleet worker's host leases (`None`: this process crawls the sweep alone). With
    /// leases, only hosts this worker holds are fetched from, every request is confirmed
    /// against the lease first, the page budget is the sweep's, and the crawl ends when
    /// the whole sweep is done, not when this worker's queue is empty.
    pub fleet: Option<&'a mut crate::fleet::Leases>,
}

/// Runs a crawl to completion, a budget, or `shutdown`.
pub async fn run(
    job: Job<'_>,
    progress: &Progress,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<CrawlStats> {
    let Job {
        settings,
        store,
        frontier,
        previous,
        requests_before,
        evidence,
        mut fleet,
    } = job;
    let c = &settings.crawler;
    let fetcher = Fetcher::new(c)?;
    let ctx = Arc::new(Ctx {
        fetcher,
        settings: settings.clone(),
        analysis: Arc::new(tokio::sync::Semaphore::new(analysis_workers())),
    });
    let mut stats = CrawlStats {
        started_at: Utc::now(),
        requests: requests_before,
        ..CrawlStats::default()
    };
    let mut politeness = Politeness::new(
        "greysweep",
        Rules {
            min_delay: c.min_delay,
            max_delay: c.max_delay,
            adaptive: c.adaptive_delay,
            pause_after_failures: c.pause_after_failures,
            host_pause: c.host_pause,
            obey_crawl_delay: c.obey_crawl_delay,
        },
    );
    let mut pace = Pace::new(c.max_requests_per_sec);
    let mut tasks: JoinSet<Done> = JoinSet::new();
    // Every store write of the crawl goes into the open batch; a page's writes never
    // straddle two.
    let mut batch = GroupCommit::new(c.commit_pages, c.commit_interval);
    tokio::pin!(shutdown);
    let mut stopping = false;

    loop {
        let now = Instant::now();
        let mut wake: Option<Instant> = None;
        if let Some(f) = fleet.as_deref_mut()
            && !stopping
        {
            f.tick(now, store, &mut batch, frontier, &mut politeness)?;
            wake = Some(f.next_tick());
        }
        if !stopping {
            let hosts: Vec<String> = frontier
                .hosts_with_work()
                .filter(|h| fleet.as_deref().is_none_or(|f| f.holds(h, now)))
                .map(str::to_string)
                .collect();
            for host in hosts {
                if tasks.len() >= c.concurrency {
                    break;
                }
                if politeness.is_busy(&host) {
                    continue;
                }
                while let Some(item) = frontier.peek(store, &host)? {
                    match politeness.verdict(&host, &item.url, now) {
                        Verdict::NeedRobots => {
                            let start = match admit(&mut politeness, &mut pace, &host, now) {
                                Ok(start) => start,
                                Err(at) => {
                                    wake = Some(wake.map_or(at, |w| w.min(at)));
                                    break;
                                }
                            };
                            if let Some(f) = fleet.as_deref_mut() {
                                let spacing = politeness.delay(&host);
                                if f.confirm(&host, spacing, false)? != crate::fleet::Confirm::Go {
                                    politeness.release(&host, now);
                                    break;
                                }
                            }
                            stats.robots_requests += 1;
                            let robots_url = robots_url(&item.url);
                            politeness.started(&host, Instant::now().max(start));
                            let ctx = ctx.clone();
                            let host = host.clone();
                            tasks.spawn(
                                async move { fetch_robots(ctx, host, robots_url, start).await },
                            );
                            break;
                        }
                        Verdict::WaitRobots(at) => {
                            wake = Some(wake.map_or(at, |w| w.min(at)));
                            break;
                        }
                        Verdict::GiveUp => {
                            batch.open(store)?;
                            for item in frontier.drain_host(store, &host)? {
                                let rec = page_record(
                                    &settings,
                                    &item,
                                    PageStatus::RobotsUnavailable,
                                    None,
                                );
                                record(store, progress, &rec, &Validators::default())?;
                            }
                            batch.page_done(store)?;
                            break;
                        }
                        Verdict::Denied => {
                            batch.open(store)?;
                            if let Some(item) = frontier.pop(store, &host)? {
                                let rec =
                                    page_record(&settings, &item, PageStatus::RobotsDenied, None);
                                record(store, progress, &rec, &Validators::default())?;
                                frontier.finish(store, &item)?;
                            }
                            batch.page_done(store)?;
                        }
                        Verdict::Allowed => {
                            if fleet.is_none() && stats.requests >= c.max_pages {
                                stats.budget_exhausted = true;
                                break;
                            }
                            let start = match admit(&mut politeness, &mut pace, &host, now) {
                                Ok(start) => start,
                                Err(at) => {
                                    wake = Some(wake.map_or(at, |w| w.min(at)));
                                    break;
                                }
                            };
                            if let Some(f) = fleet.as_deref_mut() {
                                let spacing = politeness.delay(&host);
                                match f.confirm(&host, spacing, true)? {
                                    crate::fleet::Confirm::Go => {}
                                    crate::fleet::Confirm::Lost => {
                                        politeness.release(&host, now);
                                        frontier.set_pending(&host, 0);
                                        break;
                                    }
                                    crate::fleet::Confirm::BudgetSpent => {
                                        politeness.release(&host, now);
                                        stats.budget_exhausted = true;
                                        stopping = true;
                                        break;
                                    }
                                }
                            }
                            batch.open(store)?;
                            let Some(item) = frontier.pop(store, &host)? else {
                                politeness.release(&host, now);
                                break;
                            };
                            let validators = match &previous {
                                Some(prev) => store.page_validators(prev, &item.url)?,
                                None => None,
                            };
                            stats.requests += 1;
                            // The store's reads and the lease check took time: the next
                            // request to the host is spaced from when this one leaves.
                            politeness.started(&host, Instant::now().max(start));
                            let ctx = ctx.clone();
                            let host = host.clone();
                            tasks.spawn(async move {
                                fetch_page(ctx, host, item, validators, start).await
                            });
                            break;
                        }
                    }
                }
            }
        }

        if tasks.is_empty() {
            if fleet.as_deref().is_some_and(|f| f.finished()) {
                break;
            }
            match wake {
                Some(at) if !stopping => {
                    tokio::select! {
                        _ = tokio::time::sleep_until(at.into()) => continue,
                        _ = sleep_until_opt(batch.due()) => { batch.commit(store)?; continue; }
                        _ = &mut shutdown => { stopping = true; stats.interrupted = true; continue; }
                    }
                }
                _ => break,
            }
        }

        let joined = tokio::select! {
            joined = tasks.join_next() => joined,
            _ = &mut shutdown, if !stopping => {
                stopping = true;
                stats.interrupted = true;
                progress.note("stopping: letting requests in flight finish");
                continue;
            }
            _ = sleep_until_opt(wake) => continue,
            _ = sleep_until_opt(batch.due()) => { batch.commit(store)?; continue; }
        };
        let Some(joined) = joined else { continue };
        let done = joined.map_err(|e| anyhow::anyhow!("crawl task failed: {e}"))?;
        let now = Instant::now();
        match done {
            Done::Robots {
                host,
                outcome,
                refused,
                responses,
            } => {
                politeness.release(&host, now);
                for r in &responses {
                    archive(evidence, r)?;
                }
                if let Some(f) = fleet.as_deref_mut()
                    && refused.is_none()
                {
                    f.robots_seen(&host, &outcome)?;
                }
                match refused {
                    // The host's address is not allowed: nothing on it will be fetched.
                    Some(why) => {
                        batch.open(store)?;
                        for item in frontier.drain_host(store, &host)? {
                            let rec = page_record(
                                &settings,
                                &item,
                                PageStatus::PrivateAddress,
                                Some(why.clone()),
                            );
                            record(store, progress, &rec, &Validators::default())?;
                        }
                        batch.page_done(store)?;
                    }
                    None => politeness.robots_fetched(&host, outcome, now),
                }
            }
            Done::Page {
                host,
                item,
                outcome,
            } => {
                politeness.release(&host, now);
                let evidence_ref = match &outcome {
                    PageOutcome::Answered { response, .. } => Some(archive(evidence, response)?),
                    PageOutcome::Failed(..) => None,
                };
                batch.open(store)?;
                let mut book = Book {
                    settings: &settings,
                    store: &mut *store,
                    progress,
                    frontier: &mut *frontier,
                    politeness: &mut politeness,
                    stats: &mut stats,
                    previous: previous.as_deref(),
                    evidence: &mut *evidence,
                    evidence_ref,
                };
                book.handle_page(&host, *item, outcome)?;
                batch.page_done(store)?;
                // A pause, backoff or Retry-After this answer imposed reaches the
                // database now, not at the next renewal: a worker dying meanwhile
                // hands the host over with it.
                if let Some(f) = fleet.as_deref_mut() {
                    let carry = politeness.carry(&host, Instant::now());
                    if carry.wait > politeness.delay(&host) || carry.failures > 0 {
                        f.persist_pacing(&host, &carry)?;
                    }
                }
            }
        }
    }
    // The end, the budget, or Ctrl-C/SIGTERM: what was gathered is committed.
    batch.commit(store)?;
    if let Some(f) = fleet {
        f.release_all(&politeness)?;
    }
    stats.unfetched_budget = frontier.len();
    stats.ended_at = Utc::now();
    Ok(stats)
}

/// Whether a request to `host` may start now: politeness says the host is due (pauses,
/// backoff, Retry-After, the delay since its last request), then the pacing limiters —
/// the global budget and the host's spacing — grant a slot. `Ok` reserves the host (busy)
/// and gives the start; `Err` gives when to ask again.
fn admit(
    politeness: &mut Politeness,
    pace: &mut Pace,
    host: &str,
    now: Instant,
) -> Result<Instant, Instant> {
    let ready = politeness.ready_at(host, now);
    if ready > now {
        return Err(ready);
    }
    pace.set_spacing(host, politeness.spacing(host));
    match pace.try_acquire(host) {
        Ok(()) => Ok(politeness.reserve(host, now)),
        Err(wait) => Err(Instant::now() + wait),
    }
}

async fn sleep_until_opt(at: Option<Instant>) {
    match at {
        Some(at) => tokio::time::sleep_until(at.into()).await,
        None => std::future::pending().await,
    }
}

fn record(
    store: &mut dyn Store,
    progress: &Progress,
    rec: &PageRecord,
    v: &Validators,
) -> anyhow::Result<()> {
    progress.page(rec);
    store.record_page(rec, v)
}

fn robots_url(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_path("/robots.txt");
    u.set_query(None);
    u.set_fragment(None);
    u
}

fn page_record(
    settings: &Settings,
    item: &Item,
    status: PageStatus,
    detail: Option<String>,
) -> PageRecord {
    PageRecord {
        url: item.url.clone(),
        site: settings.profiles[item.profile].name.clone(),
        status,
        http_status: None,
        fetched_at: None,
        depth: item.depth,
        listings: 0,
        sha256: None,
        detail,
        warc_file: None,
        warc_record_id: None,
        figures: None,
    }
}

/// Fetches robots.txt (following up to five same-scheme redirects, as RFC 9309 asks).
async fn fetch_robots(ctx: Arc<Ctx>, host: String, url: Url, start: Instant) -> Done {
    tokio::time::sleep_until(start.into()).await;
    let mut responses = Vec::new();
    let done = |outcome, refused, responses: &mut Vec<Response>| Done::Robots {
        host: host.clone(),
        outcome,
        refused,
        responses: std::mem::take(responses),
    };
    let mut target = url;
    for _ in 0..=5 {
        match ctx.fetcher.get(&target, Some(ROBOTS_MAX_BYTES * 4)).await {
            Ok(resp) => {
                let next = resp.redirect_target();
                let status = resp.status;
                responses.push(resp);
                if let Some(next) = next {
                    target = next;
                    continue;
                }
                let body = responses
                    .last()
                    .map(|r| r.content.to_vec())
                    .unwrap_or_default();
                let outcome = match status {
                    200..=299 => RobotsOutcome::Body(body),
                    429 => RobotsOutcome::Unavailable,
                    400..=499 => RobotsOutcome::ClientError,
                    _ => RobotsOutcome::Unavailable,
                };
                return done(outcome, None, &mut responses);
            }
            // An oversized robots.txt is treated as absent.
            Err(FetchError::TooLarge { .. }) => {
                return done(RobotsOutcome::ClientError, None, &mut responses);
            }
            Err(e @ FetchError::PrivateAddress(_)) => {
                return done(
                    RobotsOutcome::Unavailable,
                    Some(e.to_string()),
                    &mut responses,
                );
            }
            Err(_) => return done(RobotsOutcome::Unavailable, None, &mut responses),
        }
    }
    // More than five redirects: RFC 9309 §2.3.1.2 treats robots.txt as unavailable (4xx).
    done(RobotsOutcome::ClientError, None, &mut responses)
}

async fn fetch_page(
    ctx: Arc<Ctx>,
    host: String,
    item: Item,
    validators: Option<Validators>,
    start: Instant,
) -> Done {
    tokio::time::sleep_until(start.into()).await;
    let sent = Utc::now();
    let outcome = match ctx
        .fetcher
        .get_conditional(&item.url, validators.as_ref())
        .await
    {
        Err(e) => PageOutcome::Failed(e, sent),
        Ok(response) => {
            // Error answers are read too: a 403 or 429 is often a captcha or "Access
            // Denied" page, which is recorded as blocked.
            let readable = (200..300).contains(&response.status) || response.status >= 400;
            let analysis = if readable && is_html(&response) && !response.content.is_empty() {
                // The clone shares the body buffers (`Bytes`): no page is copied.
                let ctx2 = ctx.clone();
                let resp = response.clone();
                let profile = item.profile;
                // Never closed, so a permit always comes; it is held until the analysis ends.
                let permit = ctx.analysis.clone().acquire_owned().await.ok();
                tokio::task::spawn_blocking(move || {
                    let _permit = permit;
                    Box::new(analyse(&ctx2, profile, &resp))
                })
                .await
                .ok()
            } else {
                None
            };
            PageOutcome::Answered {
                response: Box::new(response),
                analysis,
            }
        }
    };
    Done::Page {
        host,
        item: Box::new(item),
        outcome,
    }
}

fn is_html(resp: &Response) -> bool {
    match resp.header("content-type") {
        None => true,
        Some(ct) => {
            let ct = ct.to_ascii_lowercase();
            ct.contains("html") || ct.starts_with("text/") || ct.contains("xml")
        }
    }
}

/// Writes one response (and its request) to the WARC files.
fn archive(evidence: &mut WarcWriter, r: &Response) -> anyhow::Result<EvidenceRef> {
    let headers = header_pairs(&r.headers);
    let ex = Exchange {
        url: &r.url,
        method: "GET",
        request_headers: &r.request_headers,
        http_version: &r.version,
        status: r.status,
        reason: None,
        response_headers: &headers,
        body: &r.body,
        remote_ip: r.remote_addr.map(|a| a.ip()),
        date: r.fetched_at,
    };
    let written = evidence.record_exchange(&ex);
    written.with_context(|| {
        let file = evidence.paths().last().map(|p| p.display().to_string());
        format!("writing WARC evidence to {}", file.unwrap_or_default())
    })
}

/// SHA-256 of bytes, as lowercase hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(aws_lc_rs::digest::digest(&aws_lc_rs::digest::SHA256, bytes))
}

/// Decode, extract and detect: the pure part of handling one page.
fn analyse(ctx: &Ctx, profile: usize, resp: &Response) -> Analysis {
    let profile_ref = &ctx.settings.profiles[profile];
    let page = decode_html(&resp.content, resp.header("content-type"), Some(&resp.url));
    // The status and headers are block evidence too (`cf-mitigated: challenge`, …).
    let headers = header_pairs(&resp.headers);
    let served = Served {
        status: resp.status,
        headers: &headers,
    };
    let extraction = profile_ref.extract_served(&resp.url, &page.text, served);
    let listings = extraction
        .listings
        .iter()
        .map(|l| ListingRecord {
            site: profile_ref.name.clone(),
            listing_url: l
                .product_url
                .clone()
                .unwrap_or_else(|| resp.url.to_string()),
            listing: l.clone(),
            page_url: resp.url.clone(),
            fetched_at: resp.fetched_at,
            http_status: resp.status,
            // Filled in by the coordinator from the evidence record (the WARC writer
            // hashes the body as it archives it): the body is hashed once.
            page_sha256: String::new(),
            warc_file: None,
            warc_record_id: None,
            extraction: extraction.extraction,
            joined: None,
            findings: Vec::new(),
        })
        .collect();
    let seller = extraction.seller.clone().map(|s| SellerRecord {
        http_status: resp.status,
        page_sha256: String::new(),
        ..SellerRecord::new(&profile_ref.name, s, &resp.url, resp.fetched_at)
    });
    // Only pages that expected listings and got none are parsed again for their size.
    let empty =
        (extraction.expects_listings && extraction.listings.is_empty() && !extraction.blocked)
            .then(|| crate::health::empty_page(&page.text))
            .flatten();
    Analysis {
        extraction,
        listings,
        seller,
        empty,
    }
}

/// The page kind of `item`'s URL under its profile, and whether it expects listings.
fn settings_kind(settings: &Settings, item: &Item) -> Option<(String, bool)> {
    settings.profiles[item.profile]
        .page_for(&item.url)
        .map(|p| {
            (
                p.kind.clone(),
                !p.listing_sources.is_empty() || !p.fields.is_empty(),
            )
        })
}

/// Parses `Retry-After` (delta-seconds or an HTTP date) relative to `now`.
pub fn parse_retry_after(value: &str, now: std::time::SystemTime) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(v).ok()?;
    Some(at.duration_since(now).unwrap_or_default())
}

/// The coordinator's mutable state, borrowed for handling one result.
struct Book<'a> {
    settings: &'a Settings,
    store: &'a mut dyn Store,
    progress: &'a Progress,
    frontier: &'a mut Frontier,
    politeness: &'a mut Politeness,
    stats: &'a mut CrawlStats,
    previous: Option<&'a str>,
    evidence: &'a mut WarcWriter,
    /// Where this page's response was archived.
    evidence_ref: Option<EvidenceRef>,
}

/// What became of a page's frontier entry.
enum Settled {
    /// Done: never fetched again in this sweep.
    Done,
    /// Back in the queue for another attempt.
    Requeued,
}

/// Link kinds kept in the store: 0 a followed link, 1 a "next page" link.
const VIA_LINK: u8 = 0;
const VIA_NEXT: u8 = 1;

impl Book<'_> {
    fn record(&mut self, rec: &PageRecord, v: &Validators) -> anyhow::Result<Settled> {
        record(self.store, self.progress, rec, v)?;
        Ok(Settled::Done)
    }

    /// Counts a failure against `host`; pauses and reports it after a streak.
    fn failure(&mut self, host: &str, reason: &str) {
        if let Some(pause) = self.politeness.failed(host, Instant::now()) {
            self.progress.note(&format!(
                "pausing {host} for {}s after {} failures in a row (last: {reason})",
                pause.as_secs(),
                self.settings.crawler.pause_after_failures
            ));
            self.stats.host_pauses.push(HostPause {
                host: host.to_string(),
                at: Utc::now(),
                seconds: pause.as_secs_f64(),
                reason: reason.to_string(),
            });
        }
    }

    /// A block page: recorded as such (never as a page with no listings), with the vendor
    /// and evidence in the detail, and the host backs off instead of being hammered.
    fn blocked(
        &mut self,
        host: &str,
        mut rec: PageRecord,
        verdict: Option<&BlockVerdict>,
    ) -> anyhow::Result<Settled> {
        rec.status = PageStatus::Blocked;
        let pause = self.politeness.backoff(host, 3);
        self.politeness.back_off(host, Instant::now() + pause);
        let why = verdict.map(|v| format!(" ({v})")).unwrap_or_default();
        rec.detail = Some(format!(
            "block page{why}; host backed off {:.1}s",
            pause.as_secs_f32()
        ));
        self.failure(host, "block page");
        self.record(&rec, &Validators::default())
    }

    /// Offers a link and counts a refusal.
    fn offer(&mut self, url: &Url, from: &Item, via: Via) -> anyhow::Result<Result<(), Refusal>> {
        let r = self
            .frontier
            .offer(self.store, &self.settings.profiles, url, from, via)?;
        if let Err(refusal) = r
            && !matches!(refusal, Refusal::OutOfScope | Refusal::NotHttp)
        {
            self.stats.count_refusal(refusal);
        }
        Ok(r)
    }

    /// Handles one page result; all its writes belong to the caller's transaction.
    fn handle_page(&mut self, host: &str, item: Item, outcome: PageOutcome) -> anyhow::Result<()> {
        match self.settle(host, &item, outcome)? {
            Settled::Done => self.frontier.finish(self.store, &item),
            Settled::Requeued => Ok(()),
        }
    }

    fn settle(&mut self, host: &str, item: &Item, outcome: PageOutcome) -> anyhow::Result<Settled> {
        let settings = self.settings;
        let c = &settings.crawler;
        let (response, analysis) = match outcome {
            PageOutcome::Failed(e, sent) => {
                let status = match &e {
                    FetchError::Timeout => PageStatus::Timeout,
                    FetchError::TooLarge { .. } => PageStatus::TooLarge,
                    FetchError::PrivateAddress(_) => PageStatus::PrivateAddress,
                    FetchError::Network(_) => PageStatus::NetworkError,
                    FetchError::BadEncoding(_) => PageStatus::BadEncoding,
                };
                let mut rec = page_record(settings, item, status, Some(e.to_string()));
                if status != PageStatus::PrivateAddress {
                    rec.fetched_at = Some(sent);
                }
                if matches!(status, PageStatus::Timeout | PageStatus::NetworkError) {
                    self.failure(host, status.as_str());
                }
                return self.record(&rec, &Validators::default());
            }
            PageOutcome::Answered { response, analysis } => (response, analysis),
        };
        let ok_answer = response.status < 400;
        self.politeness.observe(host, response.elapsed, ok_answer);
        let validators = Validators {
            etag: response.header("etag").map(str::to_string),
            last_modified: response.header("last-modified").map(str::to_string),
        };
        let mut rec = page_record(settings, item, PageStatus::Ok, None);
        rec.http_status = Some(response.status);
        rec.fetched_at = Some(response.fetched_at);
        // The writer hashed the body as it archived it: not hashed again here.
        rec.sha256 = Some(match &self.evidence_ref {
            Some(e) => e.sha256.clone(),
            None => sha256_hex(&response.body),
        });
        rec.warc_file = self.evidence_ref.as_ref().map(|e| e.warc_file.clone());
        rec.warc_record_id = self.evidence_ref.as_ref().map(|e| e.record_id.clone());

        if response.status == 304
            && let Some(prev) = self.previous
        {
            return self.not_modified(host, item, rec, prev, &validators);
        }

        if let Some(target) = response.redirect_target() {
            self.politeness.succeeded(host);
            rec.status = PageStatus::Redirect;
            rec.detail = Some(format!("to {target}"));
            let canonical = crate::frontier::canonical_in(&settings.profiles, &target);
            if canonical == item.url || item.redirect_chain.contains(&canonical) {
                rec.status = PageStatus::RedirectLoop;
                return self.record(&rec, &Validators::default());
            }
            if item.redirects >= c.max_redirects {
                rec.status = PageStatus::TooManyRedirects;
                return self.record(&rec, &Validators::default());
            }
            self.record(&rec, &Validators::default())?;
            if let Err(Refusal::OutOfScope | Refusal::NotHttp) =
                self.offer(&target, item, Via::Redirect)?
            {
                let detail = Some(format!("redirect from {}", item.url));
                let mut r = page_record(settings, item, PageStatus::OutOfScope, detail);
                r.url = target;
                self.record(&r, &Validators::default())?;
            }
            return Ok(Settled::Done);
        }

        rec.figures = analysis
            .as_ref()
            .map(|a| crate::store::PageFigures::of(&a.extraction));
        // A vendor's block on an error status is a block, not an error to retry; a block
        // known only by phrase markers on a 429/503 takes the retry path below. A body that
        // was not analysed (empty, not HTML) still has its headers.
        let block = match &analysis {
            Some(a) => a.extraction.block.clone(),
            None => verdict_from_response(response.status, &header_pairs(&response.headers), None),
        };
        if response.status >= 400
            && let Some(v) = &block
            && (!v.is_generic() || !matches!(response.status, 429 | 503))
        {
            return self.blocked(host, rec, Some(v));
        }
        if matches!(response.status, 429 | 503) {
            self.failure(host, &format!("HTTP {}", response.status));
            let wait = response
                .header("retry-after")
                .and_then(|v| parse_retry_after(v, std::time::SystemTime::now()));
            // Retry-After is a floor; without it, exponential backoff with jitter.
            let backoff = match wait {
                Some(w) => w.max(self.politeness.delay(host)),
                None => self.politeness.backoff(host, item.attempts + 1),
            };
            if item.attempts + 1 < MAX_ATTEMPTS && backoff <= c.max_delay {
                self.politeness.back_off(host, Instant::now() + backoff);
                let mut retry = item.clone();
                retry.attempts += 1;
                self.frontier.requeue(self.store, &retry)?;
                return Ok(Settled::Requeued);
            }
            rec.status = PageStatus::HttpError;
            rec.detail = Some(match wait {
                Some(w) if w > c.max_delay => {
                    format!(
                        "HTTP {}; Retry-After {}s is beyond max_delay_secs",
                        response.status,
                        w.as_secs()
                    )
                }
                _ => format!("HTTP {} after {MAX_ATTEMPTS} attempts", response.status),
            });
            rec.figures = None;
            return self.record(&rec, &Validators::default());
        }
        if !(200..300).contains(&response.status) {
            if response.status >= 500 {
                self.failure(host, &format!("HTTP {}", response.status));
            } else {
                self.politeness.succeeded(host);
            }
            rec.status = PageStatus::HttpError;
            rec.detail = Some(format!("HTTP {}", response.status));
            rec.figures = None;
            return self.record(&rec, &Validators::default());
        }
        let Some(analysis) = analysis else {
            self.politeness.succeeded(host);
            rec.status = PageStatus::NotHtml;
            rec.detail = response
                .header("content-type")
                .map(|ct| format!("content-type {ct}"));
            return self.record(&rec, &validators);
        };
        if analysis.extraction.blocked {
            return self.blocked(host, rec, block.as_ref());
        }
        self.politeness.succeeded(host);
        if let Some(canonical) = &analysis.extraction.canonical
            && let CanonicalLink::DuplicateOf(of) =
                self.frontier
                    .judge_canonical(self.store, &settings.profiles, item, canonical)?
        {
            // Its listings and links are those of the page it names: not counted twice,
            // and no validators, so the next sweep asks for it in full again.
            rec.status = PageStatus::Duplicate;
            rec.detail = Some(format!("duplicate of {of} (its link rel=canonical)"));
            rec.figures = None;
            return self.record(&rec, &Validators::default());
        }
        let mut new_listings = 0;
        let sha = rec.sha256.clone().unwrap_or_default();
        for l in &analysis.listings {
            let mut l = l.clone();
            l.page_sha256.clone_from(&sha);
            l.warc_file.clone_from(&rec.warc_file);
            l.warc_record_id.clone_from(&rec.warc_record_id);
            if self.store.record_listing(&l)? {
                new_listings += 1;
            }
        }
        if let Some(s) = &analysis.seller {
            let mut s = s.clone();
            s.page_sha256.clone_from(&sha);
            s.warc_file.clone_from(&rec.warc_file);
            s.warc_record_id.clone_from(&rec.warc_record_id);
            self.store.record_seller(&s)?;
        }
        if let Some(ev) = &self.evidence_ref {
            let mut meta = serde_json::json!({
                "profile": settings.profiles[item.profile].name,
                "blocked": analysis.extraction.blocked,
                "listings": analysis.extraction.listings,
                "next_page": analysis.extraction.next_page,
            });
            if let Some(s) = &analysis.extraction.seller {
                meta["seller"] = serde_json::to_value(s)?;
            }
            self.evidence
                .record_metadata(&ev.record_id, &item.url, &meta)
                .context("writing WARC metadata")?;
        }
        rec.listings = new_listings;
        // A small page of a kind that expects listings, without any: a "no results" page
        // or a page that lost its content. Not a block: the host is not backed off.
        if let Some(chars) = analysis.empty {
            rec.status = PageStatus::Empty;
            rec.detail = Some(format!(
                "no listings on a page of kind {:?}; {chars} characters of visible text",
                analysis.extraction.page_kind.as_deref().unwrap_or_default()
            ));
        }
        let next = analysis.extraction.next_page.as_ref();
        let mut links: Vec<(Url, u8)> = Vec::new();
        if let Some(next) = next {
            links.push((next.clone(), VIA_NEXT));
        }
        for link in analysis
            .extraction
            .follow
            .iter()
            .filter(|l| Some(*l) != next)
        {
            links.push((link.clone(), VIA_LINK));
        }
        self.follow(item, &links)?;
        self.store.record_links(&item.url, &links)?;
        self.record(&rec, &validators)
    }

    fn follow(&mut self, item: &Item, links: &[(Url, u8)]) -> anyhow::Result<()> {
        for (link, via) in links {
            let via = if *via == VIA_NEXT {
                Via::NextPage
            } else {
                Via::Link
            };
            if let Err(Refusal::OutOfScope) = self.offer(link, item, via)? {
                self.stats.links_out_of_scope += 1;
            }
        }
        Ok(())
    }

    /// A 304: the page is as it was in the previous sweep, so its listings and links
    /// carry over from there.
    fn not_modified(
        &mut self,
        host: &str,
        item: &Item,
        mut rec: PageRecord,
        prev: &str,
        validators: &Validators,
    ) -> anyhow::Result<Settled> {
        self.politeness.succeeded(host);
        let mut carried = 0;
        let before = self.store.listings_on(prev, &item.url)?;
        for l in &before {
            let mut l = l.clone();
            l.http_status = 304;
            if self.store.record_listing(&l)? {
                carried += 1;
            }
        }
        // Its seller record too, seen again now; the evidence stays the previous sweep's.
        for mut s in self.store.sellers_on(prev, &item.url)? {
            s.http_status = 304;
            if let Some(at) = rec.fetched_at {
                (s.first_seen, s.last_seen) = (at, at);
            }
            self.store.record_seller(&s)?;
        }
        // The page is what it was: so is what extraction made of it. A previous sweep
        // older than these figures gives them from the listings it kept on the page.
        rec.figures = match self.store.page_figures(prev, &item.url)? {
            Some(f) => Some(f),
            None => {
                let kind = settings_kind(self.settings, item);
                Some(crate::store::PageFigures::from_listings(
                    kind.as_ref().map(|k| k.0.clone()),
                    kind.is_some_and(|k| k.1),
                    before.iter().find_map(|l| l.extraction),
                    before.iter().map(|l| &l.listing),
                ))
            }
        };
        let links = self.store.links_of(prev, &item.url)?;
        self.follow(item, &links)?;
        self.store.record_links(&item.url, &links)?;
        rec.status = PageStatus::NotModified;
        rec.listings = carried;
        rec.detail = Some(format!("unchanged since sweep {prev}"));
        // Keep the validators the page had: a 304 may omit them.
        let old = self
            .store
            .page_validators(prev, &item.url)?
            .unwrap_or_default();
        let v = Validators {
            etag: validators.etag.clone().or(old.etag),
            last_modified: validators.last_modified.clone().or(old.last_modified),
        };
        self.record(&rec, &v)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_takes_both_forms() {
        let now = std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(30));
        assert_eq!(
            parse_retry_after(&later, now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("soon", now), None);
    }
}
