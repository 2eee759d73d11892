//! Takedown outcomes: which listings of a batch sent to a platform came down, and how fast.
//!
//! Every batch file a sweep writes (`takedown/<site>-NNN.csv`) is a batch with an id —
//! `<sweep-id>/<file stem>`, e.g. `weekly-20261130T030000Z/alibaba-001` — recorded in the
//! state with its listings. `greysweep takedown sent BATCH_ID [--at TIME]` records when it
//! was submitted. Each later sweep of the same name then looks at every sent listing not
//! yet removed ([`observe`]):
//!
//! - **removed**: its product URL or the page that listed it answered 404 or 410, or that
//!   page was fetched *and read healthily* (status `ok`/`not_modified`, its page kind
//!   without an extraction-health warning) and the listing was not on it nor anywhere
//!   else in the sweep; the time to removal is the time of that page's fetch minus the
//!   sent time;
//! - **still_up**: the sweep saw the listing again;
//! - otherwise the listing keeps its status (`unchecked` until a sweep could look): a page
//!   that was not read healthily never makes a listing `removed`.
//!
//! Only pages fetched after the sent time count. A removed listing stays removed (the
//! first observation is the time to removal); if it comes back it is a finding again.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::store::{PageRecord, PageStatus};

/// Where a sent listing stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemStatus {
    /// No sweep could look at it since it was sent (or the batch is not sent yet).
    Unchecked,
    /// Seen again by a sweep after it was sent.
    StillUp,
    /// Gone: 404/410, or missing from the page that listed it, read healthily.
    Removed,
}

impl ItemStatus {
    /// The word stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            ItemStatus::Unchecked => "unchecked",
            ItemStatus::StillUp => "still_up",
            ItemStatus::Removed => "removed",
        }
    }

    /// Parses [`ItemStatus::as_str`] (anything else is `unchecked`).
    pub fn parse(s: &str) -> ItemStatus {
        match s {
            "still_up" => ItemStatus::StillUp,
            "removed" => ItemStatus::Removed,
            _ => ItemStatus::Unchecked,
        }
    }
}

/// One takedown batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchRecord {
    /// `<sweep-id>/<file stem>`.
    pub id: String,
    /// The sweep that wrote it.
    pub sweep: String,
    /// The site (platform) of its listings.
    pub site: String,
    /// Its file, relative to the sweep folder (`takedown/<stem>.csv`).
    pub file: String,
    /// When it was written.
    pub created_at: DateTime<Utc>,
    /// Listings in it.
    pub listings: usize,
    /// When it was submitted to the platform (`None`: not recorded as sent).
    pub sent_at: Option<DateTime<Utc>>,
    /// Who recorded the submission.
    pub sent_by: Option<String>,
    /// A note on the submission (complaint number, …).
    pub note: Option<String>,
}

/// One listing of a batch and its outcome.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BatchItem {
    /// The batch id.
    pub batch: String,
    /// The listing's key ([`crate::store::ListingRecord::key`]).
    pub listing: String,
    /// The site.
    pub site: String,
    /// The listing's URL, as in `audit.csv`.
    pub listing_url: String,
    /// The page it was found on.
    pub page_url: String,
    /// Its brands, `; `-separated.
    pub brands: String,
    /// Its outcome.
    pub status: ItemStatus,
    /// The last sweep that looked at it.
    pub checked_sweep: Option<String>,
    /// When that sweep looked (the fetch of the page that showed it).
    pub checked_at: Option<DateTime<Utc>>,
    /// When it was first seen gone.
    pub removed_at: Option<DateTime<Utc>>,
    /// How: `http_404`, `http_410`, or `gone_from_page`.
    pub removed_how: Option<String>,
}

/// What one sweep saw, for [`observe`].
pub trait Observation {
    /// The sweep's id.
    fn sweep_id(&self) -> &str;
    /// When the sweep last confirmed a listing with this key was there: the fetch of the
    /// page it was on in this sweep, a 304 answer included (`None`: not seen).
    fn seen(&self, listing: &str) -> anyhow::Result<Option<DateTime<Utc>>>;
    /// The sweep's outcome of a URL (`None`: not fetched or refused).
    fn page(&self, url: &str) -> anyhow::Result<Option<PageRecord>>;
    /// Whether the sweep read `page` healthily (extracted, page kind without a warning).
    fn healthy(&self, page: &PageRecord) -> bool;
}

fn gone_status(p: &PageRecord) -> Option<&'static str> {
    match (p.status, p.http_status) {
        (PageStatus::HttpError, Some(404)) => Some("http_404"),
        (PageStatus::HttpError, Some(410)) => Some("http_410"),
        _ => None,
    }
}

/// Updates a sent item with what a sweep saw; `true` when it changed. `sent_at` is the
/// batch's sent time: nothing fetched before it counts.
pub fn observe(
    item: &mut BatchItem,
    sent_at: DateTime<Utc>,
    obs: &dyn Observation,
) -> anyhow::Result<bool> {
    if item.status == ItemStatus::Removed {
        return Ok(false);
    }
    let after = |t: Option<DateTime<Utc>>| t.filter(|t| *t >= sent_at);
    if let Some(at) = after(obs.seen(&item.listing)?) {
        item.status = ItemStatus::StillUp;
        item.checked_sweep = Some(obs.sweep_id().to_string());
        item.checked_at = Some(at);
        return Ok(true);
    }
    for url in [&item.listing_url, &item.page_url] {
        let Some(p) = obs.page(url)? else { continue };
        let Some(at) = after(p.fetched_at) else {
            continue;
        };
        let how = match gone_status(&p) {
            Some(how) => how,
            None if url == &item.page_url && obs.healthy(&p) => "gone_from_page",
            None => continue,
        };
        item.status = ItemStatus::Removed;
        item.checked_sweep = Some(obs.sweep_id().to_string());
        item.checked_at = Some(at);
        item.removed_at = Some(at);
        item.removed_how = Some(how.to_string());
        return Ok(true);
    }
    Ok(false)
}

/// Outcome figures of a set of sent listings (one platform, or one batch).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OutcomeFigures {
    /// Listings sent.
    pub sent: usize,
    /// Of those, removed.
    pub removed: usize,
    /// Seen again after they were sent.
    pub still_up: usize,
    /// Not looked at since they were sent.
    pub unchecked: usize,
    /// `removed / sent`, rounded to 3 decimals (`null` when nothing was sent).
    pub removal_rate: Option<f64>,
    /// Median of the removed listings' hours from sent to removal, rounded to 2 decimals
    /// (`null` when none was removed).
    pub median_hours_to_removal: Option<f64>,
}

impl OutcomeFigures {
    /// Figures of `items`, sent at `sent_at` each.
    pub fn of<'a>(items: impl Iterator<Item = (&'a BatchItem, DateTime<Utc>)>) -> OutcomeFigures {
        let (mut sent, mut removed, mut still_up, mut unchecked) = (0, 0, 0, 0);
        let mut hours = Vec::new();
        for (i, sent_at) in items {
            sent += 1;
            match i.status {
                ItemStatus::Removed => {
                    removed += 1;
                    if let Some(at) = i.removed_at {
                        hours.push((at - sent_at).num_milliseconds() as f64 / 3_600_000.0);
                    }
                }
                ItemStatus::StillUp => still_up += 1,
                ItemStatus::Unchecked => unchecked += 1,
            }
        }
        OutcomeFigures {
            sent,
            removed,
            still_up,
            unchecked,
            removal_rate: (sent > 0).then(|| round(removed as f64 / sent as f64, 3)),
            median_hours_to_removal: median(&mut hours).map(|m| round(m, 2)),
        }
    }
}

fn round(x: f64, decimals: i32) -> f64 {
    let f = 10f64.powi(decimals);
    (x * f).round() / f
}

/// The median (mean of the two middle values for an even count).
pub fn median(v: &mut [f64]) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f64::total_cmp);
    let n = v.len();
    Some(if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    })
}

/// One platform's figures in `summary.json` `takedown.platforms`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlatformFigures {
    /// The site.
    pub site: String,
    /// Sent batches of the site.
    pub batches: usize,
    /// The figures.
    #[serde(flatten)]
    pub figures: OutcomeFigures,
}

/// One sent batch's figures in `summary.json` `takedown.batches`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SentBatchFigures {
    /// The batch id.
    pub batch_id: String,
    /// The site.
    pub site: String,
    /// When it was sent.
    pub sent_at: String,
    /// The figures.
    #[serde(flatten)]
    pub figures: OutcomeFigures,
}

/// A batch written by this sweep, in `summary.json` `takedown.written`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct WrittenBatch {
    /// The batch id.
    pub batch_id: String,
    /// The site.
    pub site: String,
    /// The file, relative to the sweep folder.
    pub file: String,
    /// Listings in it.
    pub listings: usize,
}

/// `summary.json` `takedown`.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TakedownFigures {
    /// The batches this sweep wrote.
    pub written: Vec<WrittenBatch>,
    /// Per platform, over every sent batch of this sweep name.
    pub platforms: Vec<PlatformFigures>,
    /// Per sent batch of this sweep name, oldest first.
    pub batches: Vec<SentBatchFigures>,
}

/// Figures of sent batches (with their items), per platform and per batch.
pub fn figures(
    sent: &[(BatchRecord, Vec<BatchItem>)],
) -> (Vec<PlatformFigures>, Vec<SentBatchFigures>) {
    let mut per_site: BTreeMap<&str, Vec<(&BatchItem, DateTime<Utc>)>> = BTreeMap::new();
    let mut batches_of: BTreeMap<&str, usize> = BTreeMap::new();
    let mut batches = Vec::new();
    for (b, items) in sent {
        let Some(at) = b.sent_at else { continue };
        *batches_of.entry(&b.site).or_insert(0) += 1;
        per_site
            .entry(&b.site)
            .or_default()
            .extend(items.iter().map(|i| (i, at)));
        batches.push(SentBatchFigures {
            batch_id: b.id.clone(),
            site: b.site.clone(),
            sent_at: at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            figures: OutcomeFigures::of(items.iter().map(|i| (i, at))),
        });
    }
    let platforms = per_site
        .into_iter()
        .map(|(site, items)| PlatformFigures {
            site: site.to_string(),
            batches: batches_of.get(site).copied().unwrap_or(0),
            figures: OutcomeFigures::of(items.into_iter()),
        })
        .collect();
    (platforms, batches)
}

/// The keys a listing of an `audit.csv` row may have been stored under
/// ([`crate::store::ListingRecord::key`]), most specific first: by product id, by product
/// URL, by the page and title.
pub fn listing_key_candidates(
    site: &str,
    product_id: &str,
    listing_url: &str,
    page_url: &str,
    title: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    if !product_id.trim().is_empty() {
        out.push(format!("{site}|id|{product_id}"));
    }
    if !listing_url.trim().is_empty() {
        out.push(format!("{site}|url|{listing_url}"));
    }
    out.push(format!("{site}|page|{page_url}|{title}"));
    out
}

/// Every sent listing that was removed, with its batch, for sweeps named `name` (all
/// names when `None`), oldest batch first: what relisting and seller dossiers read as
/// "removed after a takedown".
pub fn removed_listings(
    store: &dyn crate::store::Store,
    name: Option<&str>,
) -> anyhow::Result<Vec<(BatchRecord, BatchItem)>> {
    let mut out = Vec::new();
    for b in store.takedown_batches(name)? {
        if b.sent_at.is_none() {
            continue;
        }
        for i in store.takedown_items(&b.id)? {
            if i.status == ItemStatus::Removed {
                out.push((b.clone(), i));
            }
        }
    }
    Ok(out)
}

/// A batch id: the sweep folder's name and the batch file's stem.
pub fn batch_id(sweep_id: &str, stem: &str) -> String {
    format!("{sweep_id}/{stem}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;
    use url::Url;

    fn t(h: i64) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
            .expect("time")
            .with_timezone(&Utc)
            + chrono::Duration::hours(h)
    }

    fn item(key: &str) -> BatchItem {
        BatchItem {
            batch: "s-1/a-001".into(),
            listing: key.into(),
            site: "a".into(),
            listing_url: format!("https://a.example/p/{key}"),
            page_url: "https://a.example/list".into(),
            brands: "Acme".into(),
            status: ItemStatus::Unchecked,
            checked_sweep: None,
            checked_at: None,
            removed_at: None,
            removed_how: None,
        }
    }

    fn page(url: &str, status: PageStatus, http: u16, at: DateTime<Utc>) -> PageRecord {
        PageRecord {
            url: Url::parse(url).expect("url"),
            site: "a".into(),
            status,
            http_status: Some(http),
            fetched_at: Some(at),
            depth: 0,
            listings: 0,
            sha256: None,
            detail: None,
            warc_file: None,
            warc_record_id: None,
            figures: None,
        }
    }

    struct Seen {
        listings: HashMap<String, DateTime<Utc>>,
        pages: HashMap<String, PageRecord>,
        healthy: bool,
    }

    impl Observation for Seen {
        fn sweep_id(&self) -> &str {
            "s-2"
        }
        fn seen(&self, l: &str) -> anyhow::Result<Option<DateTime<Utc>>> {
            Ok(self.listings.get(l).copied())
        }
        fn page(&self, url: &str) -> anyhow::Result<Option<PageRecord>> {
            Ok(self.pages.get(url).cloned())
        }
        fn healthy(&self, _: &PageRecord) -> bool {
            self.healthy
        }
    }

    #[test]
    fn outcomes_follow_the_evidence() {
        let list = "https://a.example/list";
        let obs = Seen {
            listings: [("up".to_string(), t(30))].into(),
            pages: [
                (list.to_string(), page(list, PageStatus::Ok, 200, t(30))),
                (
                    "https://a.example/p/gone".to_string(),
                    page(
                        "https://a.example/p/gone",
                        PageStatus::HttpError,
                        410,
                        t(31),
                    ),
                ),
            ]
            .into(),
            healthy: true,
        };
        let mut up = item("up");
        assert!(observe(&mut up, t(0), &obs).expect("observe"));
        assert_eq!(up.status, ItemStatus::StillUp);
        let mut gone = item("gone");
        observe(&mut gone, t(0), &obs).expect("observe");
        assert_eq!(gone.status, ItemStatus::Removed);
        assert_eq!(gone.removed_how.as_deref(), Some("http_410"));
        assert_eq!(gone.removed_at, Some(t(31)));
        let mut missing = item("missing");
        observe(&mut missing, t(0), &obs).expect("observe");
        assert_eq!(missing.removed_how.as_deref(), Some("gone_from_page"));
        assert_eq!(missing.removed_at, Some(t(30)));
        // Pages fetched before the batch was sent say nothing about it.
        let mut early = item("missing");
        assert!(!observe(&mut early, t(40), &obs).expect("observe"));
        assert_eq!(early.status, ItemStatus::Unchecked);
        // A removed listing stays removed.
        assert!(!observe(&mut gone, t(0), &obs).expect("observe"));
    }

    #[test]
    fn a_page_not_read_healthily_never_removes() {
        let list = "https://a.example/list";
        for (status, healthy) in [
            (PageStatus::Ok, false),
            (PageStatus::Blocked, true),
            (PageStatus::Empty, true),
        ] {
            let obs = Seen {
                listings: HashMap::new(),
                pages: [(list.to_string(), page(list, status, 200, t(30)))].into(),
                healthy: healthy && status == PageStatus::Ok,
            };
            let mut i = item("x");
            i.status = ItemStatus::StillUp;
            assert!(!observe(&mut i, t(0), &obs).expect("observe"), "{status:?}");
            assert_eq!(i.status, ItemStatus::StillUp);
        }
    }

    #[test]
    fn rates_and_medians() {
        let mut items = Vec::new();
        for (n, h) in [(1, Some(24)), (2, Some(72)), (3, Some(48)), (4, None)] {
            let mut i = item(&n.to_string());
            if let Some(h) = h {
                i.status = ItemStatus::Removed;
                i.removed_at = Some(t(h));
            } else {
                i.status = ItemStatus::StillUp;
            }
            items.push(i);
        }
        let f = OutcomeFigures::of(items.iter().map(|i| (i, t(0))));
        assert_eq!((f.sent, f.removed, f.still_up, f.unchecked), (4, 3, 1, 0));
        assert_eq!(f.removal_rate, Some(0.75));
        assert_eq!(f.median_hours_to_removal, Some(48.0));
        let mut even = vec![10.0, 1.0, 4.0, 2.0];
        assert_eq!(median(&mut even), Some(3.0));
        assert_eq!(median(&mut []), None);
        let none = OutcomeFigures::of(std::iter::empty());
        assert_eq!(
            (none.removal_rate, none.median_hours_to_removal),
            (None, None)
        );
    }
}
