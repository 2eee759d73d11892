//! The store: where a sweep's state lives — its frontier, the outcome of every URL, the
//! listings, the flagged findings and the history of sweeps.
//!
//! The crawl reads and writes through the [`Store`] trait only; the embedded default is
//! [`SqliteStore`] (one file, WAL); [`PgStore`] keeps the same state in a PostgreSQL
//! database several processes share. [`open`] picks one from the state location: a
//! `postgres://` or `postgresql://` URL opens PostgreSQL, anything else is a SQLite file.
//! Invariants: one page's outcome (its record, its
//! listings, its links, the frontier entries it adds, and the frontier entry it
//! finishes) is committed in one transaction, together with the other pages of its batch
//! ([`GroupCommit`]); outputs read listings through a cursor
//! ([`Store::for_each_listing`]), so memory does not grow with them; one listing is recorded once per sweep,
//! keyed stably per site by its product id, else its canonical product URL, else the page
//! it was on and its title; one seller record once per sweep and site, keyed by its seller
//! id, else its normalised URL (see [`crate::seller`]).

use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;

use std::collections::BTreeMap;

use crate::case::decision::DecisionRecord;
use crate::case::outcome::{BatchItem, BatchRecord};
use crate::detect::Finding;
use crate::extract::{ExtractionMethod, Listing};
use crate::frontier::Item;
use crate::seller::Joined;
pub use crate::seller::SellerRecord;

/// What happened to one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageStatus {
    /// Fetched and extracted.
    Ok,
    /// Unchanged since the previous sweep (304): its listings and links carried over.
    NotModified,
    /// Fetched, but not an HTML page.
    NotHtml,
    /// A 3xx hop; its target went back to the frontier.
    Redirect,
    /// Redirect chain longer than the cap.
    TooManyRedirects,
    /// A redirect back to a URL of its own chain.
    RedirectLoop,
    /// 4xx or 5xx answer (after retries for 429/503).
    HttpError,
    /// Captcha, access-denied or login-wall page.
    Blocked,
    /// A page of a kind that expects listings came back small and without any: a result
    /// page with no results, or a page that lost its content (see [`crate::health`]).
    Empty,
    /// No complete answer in time.
    Timeout,
    /// Body above the size cap.
    TooLarge,
    /// Connection refused or reset, DNS failure, protocol error.
    NetworkError,
    /// The body could not be decoded per its Content-Encoding.
    BadEncoding,
    /// robots.txt disallows it (not fetched).
    RobotsDenied,
    /// robots.txt could not be read (not fetched).
    RobotsUnavailable,
    /// A redirect led outside the sweep's scope (not fetched).
    OutOfScope,
    /// The host resolves to a private address the sweep does not allow (not fetched).
    PrivateAddress,
    /// Fetched, but its `link[rel=canonical]` names a page of the same host that this
    /// sweep already fetched or queued: its listings and links are that page's, and are
    /// not counted twice.
    Duplicate,
}

impl PageStatus {
    /// Every status, in the order outputs list them.
    pub const ALL: &'static [PageStatus] = &[
        PageStatus::Ok,
        PageStatus::NotModified,
        PageStatus::NotHtml,
        PageStatus::Redirect,
        PageStatus::TooManyRedirects,
        PageStatus::RedirectLoop,
        PageStatus::HttpError,
        PageStatus::Blocked,
        PageStatus::Empty,
        PageStatus::Timeout,
        PageStatus::TooLarge,
        PageStatus::NetworkError,
        PageStatus::BadEncoding,
        PageStatus::RobotsDenied,
        PageStatus::RobotsUnavailable,
        PageStatus::OutOfScope,
        PageStatus::PrivateAddress,
        PageStatus::Duplicate,
    ];

    /// Whether the outcome counts as an error in the summary: everything but `ok`,
    /// `not_modified`, `redirect`, `not_html`, `robots_denied` and `duplicate`.
    pub fn is_error(self) -> bool {
        !matches!(
            self,
            PageStatus::Ok
                | PageStatus::NotModified
                | PageStatus::Redirect
                | PageStatus::NotHtml
                | PageStatus::RobotsDenied
                | PageStatus::Duplicate
        )
    }

    /// Parses [`PageStatus::as_str`].
    pub fn parse(s: &str) -> Option<PageStatus> {
        PageStatus::ALL.iter().copied().find(|p| p.as_str() == s)
    }

    /// The snake_case word used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            PageStatus::Ok => "ok",
            PageStatus::NotModified => "not_modified",
            PageStatus::NotHtml => "not_html",
            PageStatus::Redirect => "redirect",
            PageStatus::TooManyRedirects => "too_many_redirects",
            PageStatus::RedirectLoop => "redirect_loop",
            PageStatus::HttpError => "http_error",
            PageStatus::Blocked => "blocked",
            PageStatus::Empty => "empty",
            PageStatus::Timeout => "timeout",
            PageStatus::TooLarge => "too_large",
            PageStatus::NetworkError => "network_error",
            PageStatus::BadEncoding => "bad_encoding",
            PageStatus::RobotsDenied => "robots_denied",
            PageStatus::RobotsUnavailable => "robots_unavailable",
            PageStatus::OutOfScope => "out_of_scope",
            PageStatus::PrivateAddress => "private_address",
            PageStatus::Duplicate => "duplicate",
        }
    }
}

/// One URL's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct PageRecord {
    /// The URL.
    pub url: Url,
    /// Site label of the profile that admitted it.
    pub site: String,
    /// Outcome.
    pub status: PageStatus,
    /// HTTP status, when a response arrived.
    pub http_status: Option<u16>,
    /// When the request was sent (`None` when nothing was sent).
    pub fetched_at: Option<DateTime<Utc>>,
    /// Hops from a start URL.
    pub depth: u32,
    /// Listings extracted from it.
    pub listings: usize,
    /// SHA-256 of the body as received.
    pub sha256: Option<String>,
    /// Details of a failure.
    pub detail: Option<String>,
    /// WARC file holding the response.
    pub warc_file: Option<String>,
    /// `WARC-Record-ID` of the response record.
    pub warc_record_id: Option<String>,
    /// What extraction made of the page (`None` when it was not extracted: failures,
    /// redirects, pages that are not HTML, and pages of sweeps older than these figures).
    pub figures: Option<PageFigures>,
}

/// What extraction made of one page: the per-page figures extraction health adds up
/// per site and page kind (see [`crate::health`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PageFigures {
    /// The profile's page kind that matched the URL (`None`: no kind matched).
    pub page_kind: Option<String>,
    /// Whether that kind has listing or field rules.
    pub expects_listings: bool,
    /// How the page's listings were extracted (`None`: there were none).
    pub extraction: Option<ExtractionMethod>,
    /// Listings extracted from the page (before de-duplication across pages).
    pub found: usize,
    /// Per field, how many of those listings have a value.
    pub fields: BTreeMap<String, usize>,
}

impl PageFigures {
    /// The figures of a page's extraction.
    pub fn of(x: &crate::extract::Extraction) -> PageFigures {
        PageFigures::from_listings(
            x.page_kind.clone(),
            x.expects_listings,
            x.extraction,
            x.listings.iter(),
        )
    }

    /// Figures from the listings a page gave.
    pub fn from_listings<'a>(
        page_kind: Option<String>,
        expects_listings: bool,
        extraction: Option<ExtractionMethod>,
        listings: impl Iterator<Item = &'a Listing>,
    ) -> PageFigures {
        let mut fields: BTreeMap<String, usize> = crate::extract::FIELD_NAMES
            .iter()
            .map(|f| ((*f).to_string(), 0))
            .collect();
        let mut found = 0;
        for l in listings {
            found += 1;
            for (name, n) in &mut fields {
                if l.get(name).is_some_and(|v| !v.trim().is_empty()) {
                    *n += 1;
                }
            }
        }
        PageFigures {
            page_kind,
            expects_listings,
            extraction: if found == 0 { None } else { extraction },
            found,
            fields,
        }
    }
}

/// One listing with where it was seen and what detection said.
#[derive(Debug, Clone, Serialize)]
pub struct ListingRecord {
    /// Site label.
    pub site: String,
    /// The listing's URL (its product URL, else the page it was on).
    pub listing_url: String,
    /// The extracted fields.
    pub listing: Listing,
    /// The page it was extracted from.
    pub page_url: Url,
    /// When that page was fetched.
    pub fetched_at: DateTime<Utc>,
    /// HTTP status of that page.
    pub http_status: u16,
    /// SHA-256 of that page's body.
    pub page_sha256: String,
    /// WARC file holding that page's response.
    pub warc_file: Option<String>,
    /// `WARC-Record-ID` of that response record.
    pub warc_record_id: Option<String>,
    /// How the listing was extracted (`None`: not known, e.g. a listing read from a CSV
    /// without the column, or kept by an older greysweep).
    pub extraction: Option<ExtractionMethod>,
    /// The seller record the listing was joined with and what it filled (`None`: not
    /// joined; set by [`crate::seller::join`] when outputs are written, never stored).
    pub joined: Option<Joined>,
    /// Every brand match (flagged or not).
    pub findings: Vec<Finding>,
}

impl ListingRecord {
    /// Stable key of the listing within a site.
    pub fn key(&self) -> String {
        match (&self.listing.product_id, &self.listing.product_url) {
            (Some(id), _) => format!("{}|id|{id}", self.site),
            (None, Some(u)) => format!("{}|url|{u}", self.site),
            (None, None) => format!(
                "{}|page|{}|{}",
                self.site,
                self.page_url,
                self.listing.title.as_deref().unwrap_or("")
            ),
        }
    }
}

/// Where a sweep is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SweepState {
    /// Started and not finished (running, or killed).
    Running,
    /// Stopped by Ctrl-C or SIGTERM with its state saved; `--resume` continues it.
    Interrupted,
    /// Ran to the end.
    Complete,
    /// Left unfinished and superseded by a new sweep.
    Abandoned,
}

impl SweepState {
    /// The word stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            SweepState::Running => "running",
            SweepState::Interrupted => "interrupted",
            SweepState::Complete => "complete",
            SweepState::Abandoned => "abandoned",
        }
    }

    /// Parses [`SweepState::as_str`].
    pub fn parse(s: &str) -> Option<SweepState> {
        Some(match s {
            "running" => SweepState::Running,
            "interrupted" => SweepState::Interrupted,
            "complete" => SweepState::Complete,
            "abandoned" => SweepState::Abandoned,
            _ => return None,
        })
    }
}

/// One sweep in the history.
#[derive(Debug, Clone)]
pub struct SweepRow {
    /// Sweep id.
    pub id: String,
    /// Sweep name.
    pub name: String,
    /// Life state.
    pub state: SweepState,
    /// When it started.
    pub started_at: DateTime<Utc>,
    /// When it last ended (finished or was interrupted).
    pub ended_at: Option<DateTime<Utc>>,
    /// Its `summary.json`, once written.
    pub summary: Option<String>,
}

/// A flagged finding as kept for comparing sweeps.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FindingKey {
    /// Listing key ([`ListingRecord::key`]).
    pub listing: String,
    /// Brand, lowercased.
    pub brand: String,
}

/// A page's HTTP validators, for conditional requests.
#[derive(Debug, Clone, Default)]
pub struct Validators {
    /// `ETag` of the last answer.
    pub etag: Option<String>,
    /// `Last-Modified` of the last answer.
    pub last_modified: Option<String>,
}

/// Where a sweep's state lives: its frontier, what each URL gave, the listings, and the
/// history of sweeps. All writes of one page's outcome happen between [`Store::begin`]
/// and [`Store::commit`], so a crash leaves either all of them or none; the crawl puts
/// many pages in one transaction ([`GroupCommit`]), never part of one.
pub trait Store: Send {
    /// Opens a transaction.
    fn begin(&mut self) -> anyhow::Result<()>;
    /// Commits the open transaction.
    fn commit(&mut self) -> anyhow::Result<()>;

    /// Registers a new sweep and makes it current.
    fn start_sweep(&mut self, sweep: &SweepRow) -> anyhow::Result<()>;
    /// Makes an existing sweep current (resume): URLs in flight go back to pending.
    fn resume_sweep(&mut self, id: &str) -> anyhow::Result<()>;
    /// Sets a sweep's state (and its end time and summary when given).
    fn set_sweep_state(
        &mut self,
        id: &str,
        state: SweepState,
        ended_at: Option<DateTime<Utc>>,
        summary: Option<&str>,
    ) -> anyhow::Result<()>;
    /// Sweeps, newest first; only those named `name` when given.
    fn sweeps(&self, name: Option<&str>) -> anyhow::Result<Vec<SweepRow>>;

    /// Adds a URL to the current sweep's frontier; `false` when it was already there.
    fn frontier_insert(&mut self, item: &Item, host: &str) -> anyhow::Result<bool>;
    /// Whether the current sweep's frontier already holds `url` (any state).
    fn frontier_contains(&self, url: &Url) -> anyhow::Result<bool>;
    /// The next pending URL of `host`, without taking it.
    fn frontier_peek(&self, host: &str) -> anyhow::Result<Option<Item>>;
    /// Marks a pending URL in flight.
    fn frontier_take(&mut self, url: &Url) -> anyhow::Result<()>;
    /// Puts an item back at the end of its host's queue, with its new attempt count.
    fn frontier_requeue(&mut self, item: &Item) -> anyhow::Result<()>;
    /// Marks a URL done.
    fn frontier_finish(&mut self, url: &Url) -> anyhow::Result<()>;
    /// Pending URLs per host.
    fn frontier_pending(&self) -> anyhow::Result<Vec<(String, usize)>>;
    /// URLs of `host` in the frontier (any state); only those on `path` with a query
    /// string when `path` is given.
    fn frontier_count(&self, host: &str, path: Option<&str>) -> anyhow::Result<usize>;

    /// Records one URL's outcome (replacing an earlier one for the same URL).
    fn record_page(&mut self, page: &PageRecord, validators: &Validators) -> anyhow::Result<()>;
    /// Records the links a page gave (for pages answered 304 in a later sweep).
    fn record_links(&mut self, page: &Url, links: &[(Url, u8)]) -> anyhow::Result<()>;
    /// Records a listing; `false` when the same listing was already recorded in this sweep.
    fn record_listing(&mut self, listing: &ListingRecord) -> anyhow::Result<bool>;

    /// Every page outcome of sweep `id`, in the order recorded. Holds them all in memory:
    /// what runs over a whole sweep uses [`Store::for_each_page`].
    fn pages(&self, id: &str) -> anyhow::Result<Vec<PageRecord>> {
        let mut out = Vec::new();
        self.for_each_page(id, &mut |p| {
            out.push(p);
            Ok(())
        })?;
        Ok(out)
    }
    /// Calls `f` with every page outcome of sweep `id`, one at a time from a cursor, in the
    /// order recorded; stops at `f`'s first error. Memory stays flat however many pages
    /// the sweep has.
    fn for_each_page(
        &self,
        id: &str,
        f: &mut dyn FnMut(PageRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>;
    /// The outcome of `url` (its canonical form, as recorded) in sweep `id`.
    fn page(&self, id: &str, url: &str) -> anyhow::Result<Option<PageRecord>>;
    /// Every listing of sweep `id`, in the order first seen (findings empty: detection runs
    /// on output). Holds them all in memory: outputs use [`Store::for_each_listing`].
    fn listings(&self, id: &str) -> anyhow::Result<Vec<ListingRecord>> {
        let mut out = Vec::new();
        self.for_each_listing(id, &mut |l| {
            out.push(l);
            Ok(())
        })?;
        Ok(out)
    }
    /// Calls `f` with every listing of sweep `id`, one at a time from a cursor, in the
    /// order first seen (findings empty); stops at `f`'s first error. Memory stays flat
    /// however many listings the sweep has.
    fn for_each_listing(
        &self,
        id: &str,
        f: &mut dyn FnMut(ListingRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>;
    /// Listings of sweep `id` found on `page`.
    fn listings_on(&self, id: &str, page: &Url) -> anyhow::Result<Vec<ListingRecord>>;

    /// Records a seller record, keyed per site ([`SellerRecord::key`]); a seller already
    /// recorded in this sweep takes what the new record adds ([`SellerRecord::absorb`]).
    /// `false` when the seller was already recorded.
    fn record_seller(&mut self, seller: &SellerRecord) -> anyhow::Result<bool>;
    /// Every seller record of sweep `id`, in the order first seen.
    fn sellers(&self, id: &str) -> anyhow::Result<Vec<SellerRecord>>;
    /// Seller records of sweep `id` read from `page`.
    fn sellers_on(&self, id: &str, page: &Url) -> anyhow::Result<Vec<SellerRecord>>;
    /// Calls `f` with every seller record of sweep `id` and its position (`seq`, unique in
    /// the sweep, kept when the record is updated), in the order first seen; stops at
    /// `f`'s first error. Memory stays flat however many sellers the sweep has.
    fn for_each_seller(
        &self,
        id: &str,
        f: &mut dyn FnMut(i64, SellerRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>;
    /// The seller record of sweep `id` at position `seq` (see [`Store::for_each_seller`]).
    fn seller_at(&self, id: &str, seq: i64) -> anyhow::Result<Option<SellerRecord>>;
    /// Links recorded for `page` in sweep `id`.
    fn links_of(&self, id: &str, page: &Url) -> anyhow::Result<Vec<(Url, u8)>>;
    /// The validators and outcome of `url` in sweep `id`.
    fn page_validators(&self, id: &str, url: &Url) -> anyhow::Result<Option<Validators>>;
    /// The extraction figures kept for `url` in sweep `id` (`None` when the page was not
    /// extracted or the sweep predates these figures).
    fn page_figures(&self, id: &str, url: &Url) -> anyhow::Result<Option<PageFigures>>;

    /// Replaces the flagged findings kept for sweep `id`: each finding's key and its brand
    /// as written.
    fn record_findings(
        &mut self,
        id: &str,
        findings: &[(FindingKey, String)],
    ) -> anyhow::Result<()>;
    /// Flagged findings kept for sweep `id`, with their listing and brand as written.
    fn findings(&self, id: &str) -> anyhow::Result<Vec<(FindingKey, ListingRecord, String)>>;
    /// Calls `f` with each flagged finding of sweep `id` (as [`Store::findings`] gives
    /// them, in the same order), one at a time; stops at `f`'s first error. `f` may read
    /// the store. The SQLite store reads them from a cursor, so memory stays flat however
    /// many findings the sweep has; this default reads them all first.
    fn for_each_finding(
        &self,
        id: &str,
        f: &mut dyn FnMut(FindingKey, ListingRecord, String) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        for (key, rec, brand) in self.findings(id)? {
            f(key, rec, brand)?;
        }
        Ok(())
    }
    /// First-seen time of a listing key under sweep name `name`, updating its last-seen.
    fn touch_listing(
        &mut self,
        name: &str,
        key: &str,
        seen_at: DateTime<Utc>,
    ) -> anyhow::Result<DateTime<Utc>>;
    /// [`Store::touch_listing`] for every listing of sweep `id` at once, under sweep name
    /// `name` (one statement, nothing held in memory).
    fn touch_listings(
        &mut self,
        name: &str,
        id: &str,
        seen_at: DateTime<Utc>,
    ) -> anyhow::Result<()>;
    /// First-seen time of a listing key under sweep name `name` (`None`: never touched).
    fn first_seen(&self, name: &str, key: &str) -> anyhow::Result<Option<DateTime<Utc>>>;

    /// Appends one decision on a finding (the latest of a finding is in force; the earlier
    /// ones stay as its history).
    fn decision_record(&mut self, decision: &DecisionRecord) -> anyhow::Result<()>;
    /// The latest decision of every decided finding, `open` withdrawals included, in the
    /// order they were made.
    fn decision_current(&self) -> anyhow::Result<Vec<DecisionRecord>>;
    /// Every decision ever recorded, in the order made; only those on findings of sweeps
    /// named `name` when given.
    fn decision_log(&self, name: Option<&str>) -> anyhow::Result<Vec<DecisionRecord>>;

    /// Records a takedown batch a sweep wrote, with its listings. A batch already recorded
    /// as sent is left as it is (its listings and outcomes are history); an unsent one is
    /// replaced (a resumed sweep rewrites its batches).
    fn takedown_record_batch(
        &mut self,
        batch: &BatchRecord,
        items: &[BatchItem],
    ) -> anyhow::Result<()>;
    /// Takedown batches, oldest first; only those of sweeps named `name` when given.
    fn takedown_batches(&self, name: Option<&str>) -> anyhow::Result<Vec<BatchRecord>>;
    /// The listings of a batch with their outcomes, in file order.
    fn takedown_items(&self, batch: &str) -> anyhow::Result<Vec<BatchItem>>;
    /// Records that a batch was submitted at `at` by `by` (errors when there is no such
    /// batch).
    fn takedown_mark_sent(
        &mut self,
        batch: &str,
        at: DateTime<Utc>,
        by: &str,
        note: &str,
    ) -> anyhow::Result<()>;
    /// Stores a listing's outcome ([`crate::case::outcome::observe`]).
    fn takedown_update_item(&mut self, item: &BatchItem) -> anyhow::Result<()>;
    /// Whether sweep `id` has the listing with key `key`: when its page was fetched (for a
    /// listing carried over from a page answered 304, that of the earlier sweep) and that
    /// page's URL (`None`: the sweep has no such listing).
    fn takedown_listing_seen(
        &self,
        id: &str,
        key: &str,
    ) -> anyhow::Result<Option<(DateTime<Utc>, String)>>;
    /// Whether sweep `id` recorded a listing with key `key` ([`ListingRecord::key`]): a
    /// listing gone from a whole sweep is what relisting starts from.
    fn relist_listing_seen(&self, id: &str, key: &str) -> anyhow::Result<bool>;
    /// Every recorded listing whose `listing_url` is `url`, newest sweep first, with its
    /// sweep id (findings empty).
    fn relist_listings_by_url(&self, url: &str) -> anyhow::Result<Vec<(String, ListingRecord)>>;
}

/// A boxed store is a store: what [`open`] returns is used where the SQLite store was.
impl<S: Store + ?Sized> Store for Box<S> {
    fn begin(&mut self) -> anyhow::Result<()> {
        (**self).begin()
    }
    fn commit(&mut self) -> anyhow::Result<()> {
        (**self).commit()
    }
    fn start_sweep(&mut self, sweep: &SweepRow) -> anyhow::Result<()> {
        (**self).start_sweep(sweep)
    }
    fn resume_sweep(&mut self, id: &str) -> anyhow::Result<()> {
        (**self).resume_sweep(id)
    }
    fn set_sweep_state(
        &mut self,
        id: &str,
        state: SweepState,
        ended_at: Option<DateTime<Utc>>,
        summary: Option<&str>,
    ) -> anyhow::Result<()> {
        (**self).set_sweep_state(id, state, ended_at, summary)
    }
    fn sweeps(&self, name: Option<&str>) -> anyhow::Result<Vec<SweepRow>> {
        (**self).sweeps(name)
    }
    fn frontier_insert(&mut self, item: &Item, host: &str) -> anyhow::Result<bool> {
        (**self).frontier_insert(item, host)
    }
    fn frontier_contains(&self, url: &Url) -> anyhow::Result<bool> {
        (**self).frontier_contains(url)
    }
    fn frontier_peek(&self, host: &str) -> anyhow::Result<Option<Item>> {
        (**self).frontier_peek(host)
    }
    fn frontier_take(&mut self, url: &Url) -> anyhow::Result<()> {
        (**self).frontier_take(url)
    }
    fn frontier_requeue(&mut self, item: &Item) -> anyhow::Result<()> {
        (**self).frontier_requeue(item)
    }
    fn frontier_finish(&mut self, url: &Url) -> anyhow::Result<()> {
        (**self).frontier_finish(url)
    }
    fn frontier_pending(&self) -> anyhow::Result<Vec<(String, usize)>> {
        (**self).frontier_pending()
    }
    fn frontier_count(&self, host: &str, path: Option<&str>) -> anyhow::Result<usize> {
        (**self).frontier_count(host, path)
    }
    fn record_page(&mut self, page: &PageRecord, validators: &Validators) -> anyhow::Result<()> {
        (**self).record_page(page, validators)
    }
    fn record_links(&mut self, page: &Url, links: &[(Url, u8)]) -> anyhow::Result<()> {
        (**self).record_links(page, links)
    }
    fn record_listing(&mut self, listing: &ListingRecord) -> anyhow::Result<bool> {
        (**self).record_listing(listing)
    }
    fn for_each_page(
        &self,
        id: &str,
        f: &mut dyn FnMut(PageRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        (**self).for_each_page(id, f)
    }
    fn page(&self, id: &str, url: &str) -> anyhow::Result<Option<PageRecord>> {
        (**self).page(id, url)
    }
    fn for_each_listing(
        &self,
        id: &str,
        f: &mut dyn FnMut(ListingRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        (**self).for_each_listing(id, f)
    }
    fn listings_on(&self, id: &str, page: &Url) -> anyhow::Result<Vec<ListingRecord>> {
        (**self).listings_on(id, page)
    }
    fn record_seller(&mut self, seller: &SellerRecord) -> anyhow::Result<bool> {
        (**self).record_seller(seller)
    }
    fn sellers(&self, id: &str) -> anyhow::Result<Vec<SellerRecord>> {
        (**self).sellers(id)
    }
    fn sellers_on(&self, id: &str, page: &Url) -> anyhow::Result<Vec<SellerRecord>> {
        (**self).sellers_on(id, page)
    }
    fn for_each_seller(
        &self,
        id: &str,
        f: &mut dyn FnMut(i64, SellerRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        (**self).for_each_seller(id, f)
    }
    fn seller_at(&self, id: &str, seq: i64) -> anyhow::Result<Option<SellerRecord>> {
        (**self).seller_at(id, seq)
    }
    fn links_of(&self, id: &str, page: &Url) -> anyhow::Result<Vec<(Url, u8)>> {
        (**self).links_of(id, page)
    }
    fn page_validators(&self, id: &str, url: &Url) -> anyhow::Result<Option<Validators>> {
        (**self).page_validators(id, url)
    }
    fn page_figures(&self, id: &str, url: &Url) -> anyhow::Result<Option<PageFigures>> {
        (**self).page_figures(id, url)
    }
    fn record_findings(
        &mut self,
        id: &str,
        findings: &[(FindingKey, String)],
    ) -> anyhow::Result<()> {
        (**self).record_findings(id, findings)
    }
    fn findings(&self, id: &str) -> anyhow::Result<Vec<(FindingKey, ListingRecord, String)>> {
        (**self).findings(id)
    }
    fn for_each_finding(
        &self,
        id: &str,
        f: &mut dyn FnMut(FindingKey, ListingRecord, String) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        (**self).for_each_finding(id, f)
    }
    fn touch_listing(
        &mut self,
        name: &str,
        key: &str,
        seen_at: DateTime<Utc>,
    ) -> anyhow::Result<DateTime<Utc>> {
        (**self).touch_listing(name, key, seen_at)
    }
    fn touch_listings(
        &mut self,
        name: &str,
        id: &str,
        seen_at: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        (**self).touch_listings(name, id, seen_at)
    }
    fn first_seen(&self, name: &str, key: &str) -> anyhow::Result<Option<DateTime<Utc>>> {
        (**self).first_seen(name, key)
    }
    fn decision_record(&mut self, decision: &DecisionRecord) -> anyhow::Result<()> {
        (**self).decision_record(decision)
    }
    fn decision_current(&self) -> anyhow::Result<Vec<DecisionRecord>> {
        (**self).decision_current()
    }
    fn decision_log(&self, name: Option<&str>) -> anyhow::Result<Vec<DecisionRecord>> {
        (**self).decision_log(name)
    }
    fn takedown_record_batch(
        &mut self,
        batch: &BatchRecord,
        items: &[BatchItem],
    ) -> anyhow::Result<()> {
        (**self).takedown_record_batch(batch, items)
    }
    fn takedown_batches(&self, name: Option<&str>) -> anyhow::Result<Vec<BatchRecord>> {
        (**self).takedown_batches(name)
    }
    fn takedown_items(&self, batch: &str) -> anyhow::Result<Vec<BatchItem>> {
        (**self).takedown_items(batch)
    }
    fn takedown_mark_sent(
        &mut self,
        batch: &str,
        at: DateTime<Utc>,
        by: &str,
        note: &str,
    ) -> anyhow::Result<()> {
        (**self).takedown_mark_sent(batch, at, by, note)
    }
    fn takedown_update_item(&mut self, item: &BatchItem) -> anyhow::Result<()> {
        (**self).takedown_update_item(item)
    }
    fn takedown_listing_seen(
        &self,
        id: &str,
        key: &str,
    ) -> anyhow::Result<Option<(DateTime<Utc>, String)>> {
        (**self).takedown_listing_seen(id, key)
    }
    fn relist_listing_seen(&self, id: &str, key: &str) -> anyhow::Result<bool> {
        (**self).relist_listing_seen(id, key)
    }
    fn relist_listings_by_url(&self, url: &str) -> anyhow::Result<Vec<(String, ListingRecord)>> {
        (**self).relist_listings_by_url(url)
    }
}

pub mod batch;
pub mod postgres;
pub mod sqlite;

pub use self::postgres::PgStore;
pub use batch::GroupCommit;
pub use sqlite::SqliteStore;

/// Whether a state location is a PostgreSQL URL (`postgres://…` or `postgresql://…`)
/// rather than a SQLite file.
pub fn is_postgres(state: &std::path::Path) -> bool {
    state.to_str().is_some_and(|s| {
        let s = s.trim_start();
        s.starts_with("postgres://") || s.starts_with("postgresql://")
    })
}

/// A state location as messages show it: a file's path, or a PostgreSQL URL without its
/// password.
pub fn describe(state: &std::path::Path) -> String {
    match state.to_str() {
        Some(url) if is_postgres(state) => self::postgres::conn::redact(url.trim()),
        _ => state.display().to_string(),
    }
}

/// Opens the store at a state location: a PostgreSQL URL opens [`PgStore`] (connecting
/// and migrating), anything else the SQLite file at that path ([`SqliteStore::open`],
/// created when missing, locked for the store's lifetime).
pub fn open(state: &std::path::Path) -> anyhow::Result<Box<dyn Store>> {
    match state.to_str() {
        Some(url) if is_postgres(state) => Ok(Box::new(PgStore::open(url.trim())?)),
        _ => Ok(Box::new(SqliteStore::open(state)?)),
    }
}
