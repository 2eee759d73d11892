//! The store: where a sweep's pages, listings and findings are recorded as they happen.
//!
//! The crawl writes through the [`Store`] trait only, so the embedded in-memory store used
//! today can be replaced by a durable one (SQLite, PostgreSQL) without touching the crawl.
//! Invariant: one listing is recorded once per sweep, keyed stably per site by its
//! product id, else its canonical product URL, else the page it was on and its title.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;

use crate::detect::Finding;
use crate::extract::Listing;

/// What happened to one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageStatus {
    /// Fetched and extracted.
    Ok,
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
}

impl PageStatus {
    /// The snake_case word used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            PageStatus::Ok => "ok",
            PageStatus::NotHtml => "not_html",
            PageStatus::Redirect => "redirect",
            PageStatus::TooManyRedirects => "too_many_redirects",
            PageStatus::RedirectLoop => "redirect_loop",
            PageStatus::HttpError => "http_error",
            PageStatus::Blocked => "blocked",
            PageStatus::Timeout => "timeout",
            PageStatus::TooLarge => "too_large",
            PageStatus::NetworkError => "network_error",
            PageStatus::BadEncoding => "bad_encoding",
            PageStatus::RobotsDenied => "robots_denied",
            PageStatus::RobotsUnavailable => "robots_unavailable",
            PageStatus::OutOfScope => "out_of_scope",
            PageStatus::PrivateAddress => "private_address",
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

/// Where the crawl records what happened.
pub trait Store: Send {
    /// Records one URL's outcome.
    fn record_page(&mut self, page: PageRecord) -> anyhow::Result<()>;
    /// Records a listing; returns `false` when the same listing was already recorded
    /// in this sweep (it is then not recorded again).
    fn record_listing(&mut self, listing: ListingRecord) -> anyhow::Result<bool>;
    /// Every page outcome, in the order recorded.
    fn pages(&self) -> &[PageRecord];
    /// Every distinct listing, in the order first seen.
    fn listings(&self) -> &[ListingRecord];
}

/// A store that keeps everything in memory for the length of one sweep.
#[derive(Debug, Default)]
pub struct MemoryStore {
    pages: Vec<PageRecord>,
    listings: Vec<ListingRecord>,
    keys: HashSet<String>,
}

impl Store for MemoryStore {
    fn record_page(&mut self, page: PageRecord) -> anyhow::Result<()> {
        self.pages.push(page);
        Ok(())
    }

    fn record_listing(&mut self, listing: ListingRecord) -> anyhow::Result<bool> {
        if !self.keys.insert(listing.key()) {
            return Ok(false);
        }
        self.listings.push(listing);
        Ok(true)
    }

    fn pages(&self) -> &[PageRecord] {
        &self.pages
    }

    fn listings(&self) -> &[ListingRecord] {
        &self.listings
    }
}
