//! The PostgreSQL store: the same [`Store`] as [`crate::store::SqliteStore`], in a
//! database several greysweep processes on several machines share.
//!
//! Selected by a state location that is a URL (`--state postgres://…` or
//! `state = "postgres://…"` in the sweep file, see [`crate::store::open`]). A schema other
//! than the default is chosen in the URL: `?options=-csearch_path%3Dmyschema`; it is
//! created when it does not exist. TLS follows `sslmode` (see [`conn`]).
//!
//! Invariants, beyond those of [`Store`]:
//! - Every write a page commit makes is idempotent: a frontier URL, a listing, a seller,
//!   a link, a finding is keyed, and written with `INSERT … ON CONFLICT`; a batch of
//!   pages committed twice (by a worker that lost its lease and committed anyway) leaves
//!   one row per key. A page's record is replaced, as in SQLite.
//! - Ordering (`seq`) comes from one database sequence, so rows written by several
//!   processes at once interleave in the order they were written, never collide.
//! - Between [`Store::begin`] and [`Store::commit`] the store keeps a replay log of its
//!   writes. When PostgreSQL ends the transaction with a deadlock (SQLSTATE 40P01, two
//!   workers inserting the same keys in different orders) or a serialization failure
//!   (40001), at a statement or at commit, the store rolls back and replays the log in a
//!   new transaction after a short random pause (see [`backoff`]), up to [`MAX_REPLAYS`]
//!   times, then fails with a message saying so.
//!   Since every write is an upsert, the replay ends in the same rows, except where
//!   another writer committed in between: a replayed [`Store::frontier_insert`] or
//!   [`Store::record_listing`] may return `true` though another worker inserted the same
//!   key meanwhile (it was new when first written), and a replayed write's own return
//!   value is the one the replay gave. Reads are not logged (they take no locks).
//! - Outside a transaction each write commits on its own (autocommit), as in SQLite;
//!   writes of several statements that must hold together ([`Store::record_seller`],
//!   [`Store::record_findings`], [`Store::takedown_record_batch`]) open their own.
//! - [`Store::for_each_page`] and [`Store::for_each_listing`] read in keyset pages of
//!   [`PAGE_ROWS`] rows, so memory stays flat. Rows written while a read is under way
//!   may be missed if their `seq` is below the read's position.

pub mod conn;
pub mod schema;

use std::collections::BTreeMap;
use std::sync::Arc;

use anyhow::Context;
use chrono::{DateTime, SubsecRound, Utc};
use postgres::Client;
use postgres::types::ToSql;
use url::Url;

pub use conn::PgConn;
use schema::{DONE, PENDING, TAKEN};

use super::{
    FindingKey, ListingRecord, PageFigures, PageRecord, PageStatus, SellerRecord, Store, SweepRow,
    SweepState, Validators,
};
use crate::case::decision::{Decision, DecisionRecord};
use crate::case::outcome::{BatchItem, BatchRecord, ItemStatus};
use crate::extract::{ExtractionMethod, Listing, Seller};
use crate::frontier::Item;

/// How many times a transaction is replayed after a deadlock or serialization failure
/// before the store gives up.
pub const MAX_REPLAYS: usize = 8;

/// Rows per keyset page of [`Store::for_each_page`] and [`Store::for_each_listing`].
pub const PAGE_ROWS: i64 = 1000;

/// One logged write: run again, in order, when its transaction is replayed.
type Write = Arc<dyn Fn(&mut Client) -> anyhow::Result<()> + Send + Sync>;

/// The PostgreSQL store (see the module doc).
pub struct PgStore {
    conn: PgConn,
    url: String,
    sweep: String,
    /// The writes since [`Store::begin`]; `None` when no transaction is open.
    log: Option<Vec<Write>>,
    /// Replays run since the store was opened.
    replays: usize,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("server", &self.conn.server())
            .field("sweep", &self.sweep)
            .field("in_transaction", &self.log.is_some())
            .finish_non_exhaustive()
    }
}

/// Whether `err` is PostgreSQL ending a transaction that a replay may redo: a deadlock
/// (40P01) or a serialization failure (40001).
pub fn is_retryable(err: &anyhow::Error) -> bool {
    use postgres::error::SqlState;
    err.chain().any(|c| {
        c.downcast_ref::<postgres::Error>()
            .and_then(postgres::Error::code)
            .is_some_and(|code| {
                *code == SqlState::T_R_DEADLOCK_DETECTED
                    || *code == SqlState::T_R_SERIALIZATION_FAILURE
            })
    })
}

/// The pause before replay `attempt` (from 0): 100 ms × 2^attempt, at most 2 s, times a
/// random factor in [0.5, 1.5), so the transaction that survived a deadlock can finish
/// first and two victims do not replay in step.
fn backoff(attempt: usize) -> std::time::Duration {
    use std::hash::{BuildHasher, Hasher};
    let base = 100u64.saturating_mul(1 << attempt.min(10)).min(2000);
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish()
        % 1000;
    std::time::Duration::from_millis(base * (500 + random) / 1000)
}

/// Runs `f` in a transaction of its own unless one is open (`in_tx`): writes of several
/// statements that must hold together.
fn atomically<T>(
    c: &mut Client,
    in_tx: bool,
    f: impl FnOnce(&mut Client) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    if in_tx {
        return f(c);
    }
    c.batch_execute("BEGIN")?;
    let r = f(c).and_then(|v| {
        c.batch_execute("COMMIT")?;
        Ok(v)
    });
    if r.is_err() {
        let _ = c.batch_execute("ROLLBACK");
    }
    r
}

thread_local! {
    /// Statements prepared on this thread's connection, by SQL text. Every closure that
    /// uses [`exec`] and its siblings runs on a [`PgConn`]'s own thread, and that thread
    /// owns exactly one connection for its whole life, so a statement found here always
    /// belongs to the connection it is used with. Saves a round trip (and the server's
    /// parsing) per write.
    static PREPARED: std::cell::RefCell<std::collections::HashMap<String, postgres::Statement>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// `sql` prepared on `c`, from [`PREPARED`] when it was prepared before.
fn prepared(c: &mut Client, sql: &str) -> anyhow::Result<postgres::Statement> {
    if let Some(st) = PREPARED.with(|p| p.borrow().get(sql).cloned()) {
        return Ok(st);
    }
    let st = c.prepare(sql)?;
    PREPARED.with(|p| p.borrow_mut().insert(sql.to_string(), st.clone()));
    Ok(st)
}

/// Runs a prepared statement; the number of rows it changed.
fn exec(c: &mut Client, sql: &str, params: &[&(dyn ToSql + Sync)]) -> anyhow::Result<u64> {
    let st = prepared(c, sql)?;
    Ok(c.execute(&st, params)?)
}

/// The rows of a prepared query.
fn query(
    c: &mut Client,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> anyhow::Result<Vec<postgres::Row>> {
    let st = prepared(c, sql)?;
    Ok(c.query(&st, params)?)
}

/// The row of a prepared query that gives at most one.
fn query_opt(
    c: &mut Client,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> anyhow::Result<Option<postgres::Row>> {
    let st = prepared(c, sql)?;
    Ok(c.query_opt(&st, params)?)
}

/// The row of a prepared query that gives exactly one.
fn query_one(
    c: &mut Client,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
) -> anyhow::Result<postgres::Row> {
    let st = prepared(c, sql)?;
    Ok(c.query_one(&st, params)?)
}

/// A time as both stores keep it: to the millisecond.
fn ms(t: DateTime<Utc>) -> DateTime<Utc> {
    t.trunc_subsecs(3)
}

fn to_i64(n: impl TryInto<i64>) -> i64 {
    n.try_into().unwrap_or(i64::MAX)
}

/// Parses [`ExtractionMethod::as_str`]; anything else (NULL) is unknown.
fn parse_method(s: Option<&str>) -> Option<ExtractionMethod> {
    match s? {
        "profile" => Some(ExtractionMethod::Profile),
        "auto" => Some(ExtractionMethod::Auto),
        _ => None,
    }
}

const ITEM_COLUMNS: &str = "url, depth, profile, referrer, redirects, attempts, pagination, chain";

fn item_from_row(r: &postgres::Row) -> anyhow::Result<Option<Item>> {
    let url: String = r.try_get(0)?;
    let Ok(url) = Url::parse(&url) else {
        return Ok(None);
    };
    let small = |i: usize| -> anyhow::Result<u32> {
        Ok(u32::try_from(r.try_get::<_, i64>(i)?).unwrap_or(u32::MAX))
    };
    let referrer: Option<String> = r.try_get(3)?;
    let chain: Option<String> = r.try_get(7)?;
    Ok(Some(Item {
        url,
        depth: small(1)?,
        profile: usize::try_from(r.try_get::<_, i64>(2)?).unwrap_or(0),
        referrer: referrer.and_then(|u| Url::parse(&u).ok()),
        redirects: small(4)?,
        attempts: small(5)?,
        pagination: small(6)?,
        redirect_chain: chain
            .map(|c| c.split('\n').filter_map(|u| Url::parse(u).ok()).collect())
            .unwrap_or_default(),
    }))
}

/// The columns [`page_from_row`] reads, in its order.
const PAGE_COLUMNS: &str = "url, site, status, http_status, fetched_at, depth, listings, sha256, detail, warc_file, \
     warc_record_id, page_kind, expects_listings, extraction, found, field_counts";

/// The health columns of a `pages` row (`page_kind, expects_listings, extraction, found,
/// field_counts`, starting at `at`) as figures; `None` when the page has none.
fn figures_from_row(r: &postgres::Row, at: usize) -> anyhow::Result<Option<PageFigures>> {
    let Some(found) = r.try_get::<_, Option<i64>>(at + 3)? else {
        return Ok(None);
    };
    let counts: Option<serde_json::Value> = r.try_get(at + 4)?;
    let method: Option<String> = r.try_get(at + 2)?;
    Ok(Some(PageFigures {
        page_kind: r.try_get(at)?,
        expects_listings: r.try_get::<_, Option<bool>>(at + 1)? == Some(true),
        extraction: parse_method(method.as_deref()),
        found: usize::try_from(found).unwrap_or(0),
        fields: counts
            .and_then(|c| serde_json::from_value(c).ok())
            .unwrap_or_default(),
    }))
}

/// A page outcome from a row of [`PAGE_COLUMNS`]; `None` for a URL that no longer parses.
fn page_from_row(r: &postgres::Row) -> anyhow::Result<Option<PageRecord>> {
    let url: String = r.try_get(0)?;
    let Ok(url) = Url::parse(&url) else {
        return Ok(None);
    };
    let status: String = r.try_get(2)?;
    Ok(Some(PageRecord {
        url,
        site: r.try_get(1)?,
        status: PageStatus::parse(&status).unwrap_or(PageStatus::NetworkError),
        http_status: r
            .try_get::<_, Option<i32>>(3)?
            .and_then(|s| u16::try_from(s).ok()),
        fetched_at: r.try_get(4)?,
        depth: u32::try_from(r.try_get::<_, i64>(5)?).unwrap_or(0),
        listings: usize::try_from(r.try_get::<_, i64>(6)?).unwrap_or(0),
        sha256: r.try_get(7)?,
        detail: r.try_get(8)?,
        warc_file: r.try_get(9)?,
        warc_record_id: r.try_get(10)?,
        figures: figures_from_row(r, 11)?,
    }))
}

const LISTING_COLUMNS: &str = "site, listing_url, page_url, fetched_at, http_status, page_sha256, title, price, moq, \
     seller_name, seller_url, location, product_url, product_id, description, warc_file, warc_record_id, \
     extraction, seller_id";

/// [`LISTING_COLUMNS`] qualified with the table alias `l`.
fn listing_columns_of_l() -> String {
    LISTING_COLUMNS
        .split(", ")
        .map(|c| format!("l.{}", c.trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// [`ListingRecord::key`] of a `listings` row, in SQL (see the SQLite store's).
const LISTING_KEY: &str = "CASE WHEN product_id IS NOT NULL THEN site || '|id|' || product_id \
     WHEN product_url IS NOT NULL THEN site || '|url|' || product_url \
     ELSE site || '|page|' || page_url || '|' || COALESCE(title, '') END";

/// A listing from a row of [`LISTING_COLUMNS`]; `None` for a page URL that no longer
/// parses.
fn listing_from_row(r: &postgres::Row) -> anyhow::Result<Option<ListingRecord>> {
    let page_url: String = r.try_get(2)?;
    let Ok(page_url) = Url::parse(&page_url) else {
        return Ok(None);
    };
    let extraction: Option<String> = r.try_get(17)?;
    Ok(Some(ListingRecord {
        site: r.try_get(0)?,
        listing_url: r.try_get(1)?,
        page_url,
        fetched_at: r.try_get(3)?,
        http_status: u16::try_from(r.try_get::<_, i32>(4)?).unwrap_or(0),
        page_sha256: r.try_get(5)?,
        listing: Listing {
            title: r.try_get(6)?,
            price: r.try_get(7)?,
            moq: r.try_get(8)?,
            seller_name: r.try_get(9)?,
            seller_url: r.try_get(10)?,
            location: r.try_get(11)?,
            product_url: r.try_get(12)?,
            product_id: r.try_get(13)?,
            description: r.try_get(14)?,
            seller_id: r.try_get(18)?,
        },
        warc_file: r.try_get(15)?,
        warc_record_id: r.try_get(16)?,
        extraction: parse_method(extraction.as_deref()),
        joined: None,
        findings: Vec::new(),
    }))
}

const SELLER_COLUMNS: &str = "site, seller_id, name, url, location, extra, page_url, fetched_at, http_status, \
     page_sha256, warc_file, warc_record_id, first_seen, last_seen";

fn seller_from_row(r: &postgres::Row) -> anyhow::Result<Option<SellerRecord>> {
    let page_url: String = r.try_get(6)?;
    let Ok(page_url) = Url::parse(&page_url) else {
        return Ok(None);
    };
    let extra: serde_json::Value = r.try_get(5)?;
    Ok(Some(SellerRecord {
        site: r.try_get(0)?,
        seller: Seller {
            seller_id: r.try_get(1)?,
            name: r.try_get(2)?,
            url: r.try_get(3)?,
            location: r.try_get(4)?,
            extra: serde_json::from_value::<BTreeMap<String, String>>(extra).unwrap_or_default(),
        },
        page_url,
        fetched_at: r.try_get(7)?,
        http_status: u16::try_from(r.try_get::<_, i32>(8)?).unwrap_or(0),
        page_sha256: r.try_get(9)?,
        warc_file: r.try_get(10)?,
        warc_record_id: r.try_get(11)?,
        first_seen: r.try_get(12)?,
        last_seen: r.try_get(13)?,
    }))
}

const DECISION_COLUMNS: &str = "listing, brand_key, brand, decision, note, decided_by, decided_at, sweep, site, \
     title, price, seller_id, seller_url, seller_name, source";

fn decision_from_row(r: &postgres::Row) -> anyhow::Result<Option<DecisionRecord>> {
    let decision: String = r.try_get(3)?;
    let Some(decision) = Decision::parse(&decision) else {
        return Ok(None);
    };
    Ok(Some(DecisionRecord {
        listing: r.try_get(0)?,
        brand_key: r.try_get(1)?,
        brand: r.try_get(2)?,
        decision,
        note: r.try_get(4)?,
        decided_by: r.try_get(5)?,
        decided_at: r.try_get(6)?,
        sweep: r.try_get(7)?,
        site: r.try_get(8)?,
        title: r.try_get(9)?,
        price: r.try_get(10)?,
        seller_id: r.try_get(11)?,
        seller_url: r.try_get(12)?,
        seller_name: r.try_get(13)?,
        source: r.try_get(14)?,
    }))
}

const BATCH_COLUMNS: &str = "b.id, b.sweep, b.site, b.file, b.created_at, b.sent_at, b.sent_by, b.note, \
     (SELECT COUNT(*) FROM takedown_items i WHERE i.batch = b.id)";

fn batch_from_row(r: &postgres::Row) -> anyhow::Result<BatchRecord> {
    Ok(BatchRecord {
        id: r.try_get(0)?,
        sweep: r.try_get(1)?,
        site: r.try_get(2)?,
        file: r.try_get(3)?,
        created_at: r.try_get(4)?,
        sent_at: r.try_get(5)?,
        sent_by: r.try_get(6)?,
        note: r.try_get(7)?,
        listings: usize::try_from(r.try_get::<_, i64>(8)?).unwrap_or(0),
    })
}

const ITEM_OUTCOME_COLUMNS: &str = "batch, listing, site, listing_url, page_url, brands, status, checked_sweep, \
     checked_at, removed_at, removed_how";

fn batch_item_from_row(r: &postgres::Row) -> anyhow::Result<BatchItem> {
    Ok(BatchItem {
        batch: r.try_get(0)?,
        listing: r.try_get(1)?,
        site: r.try_get(2)?,
        listing_url: r.try_get(3)?,
        page_url: r.try_get(4)?,
        brands: r.try_get(5)?,
        status: ItemStatus::parse(&r.try_get::<_, String>(6)?),
        checked_sweep: r.try_get(7)?,
        checked_at: r.try_get(8)?,
        removed_at: r.try_get(9)?,
        removed_how: r.try_get(10)?,
    })
}

/// The query-string bucket of a URL (path of URLs that carry a query), for trap guards.
fn query_path(url: &Url) -> Option<String> {
    url.query().map(|_| url.path().to_string())
}

/// Rows of a query mapped by `f`, skipping those it maps to `None`.
fn rows_where<T>(
    c: &mut Client,
    sql: &str,
    params: &[&(dyn ToSql + Sync)],
    f: impl Fn(&postgres::Row) -> anyhow::Result<Option<T>>,
) -> anyhow::Result<Vec<T>> {
    let mut out = Vec::new();
    for row in query(c, sql, params)? {
        if let Some(v) = f(&row)? {
            out.push(v);
        }
    }
    Ok(out)
}

impl PgStore {
    /// Connects to the database at `url` and brings its schema up to date (creating the
    /// URL's schema when it does not exist). No sweep is current until one is started,
    /// resumed or joined.
    pub fn open(url: &str) -> anyhow::Result<PgStore> {
        let conn = PgConn::connect(url)?;
        conn.call(schema::migrate)
            .context("preparing the PostgreSQL state")?;
        Ok(PgStore {
            conn,
            url: url.to_string(),
            sweep: String::new(),
            log: None,
            replays: 0,
        })
    }

    /// The connection, for code that keeps its own tables in the same database (fleet
    /// leases).
    pub(crate) fn conn(&self) -> &PgConn {
        &self.conn
    }

    /// The current sweep's id (empty until one is started, resumed or joined).
    pub fn sweep_id(&self) -> &str {
        &self.sweep
    }

    /// How many times a transaction (or a single write) was replayed after a deadlock
    /// or serialization failure since the store was opened.
    pub fn replays(&self) -> usize {
        self.replays
    }

    /// The URL the store was opened with (password included: show
    /// [`conn::redact`]ed).
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Makes an existing sweep current, as a fleet worker joining it does: unlike
    /// [`Store::resume_sweep`], URLs other workers have in flight stay theirs, and the
    /// sweep's state is left as it is. Errors when there is no sweep `id`.
    pub fn join_sweep(&mut self, id: &str) -> anyhow::Result<()> {
        let owned = id.to_string();
        let found = self.conn.call(move |c| {
            Ok(query_opt(c, "SELECT 1 FROM sweeps WHERE id = $1", &[&owned])?.is_some())
        })?;
        anyhow::ensure!(
            found,
            "no sweep {id} in the PostgreSQL state at {}",
            self.conn().server()
        );
        self.sweep = id.to_string();
        Ok(())
    }

    /// Runs the write `op`, logged for replay when a transaction is open; a deadlock or
    /// serialization failure replays the transaction (see the module doc).
    fn write<T: Send + 'static>(
        &mut self,
        op: impl Fn(&mut Client) -> anyhow::Result<T> + Send + Sync + 'static,
    ) -> anyhow::Result<T> {
        let op = Arc::new(op);
        let first = {
            let op = op.clone();
            self.conn.call(move |c| op(c))
        };
        let value = match first {
            Ok(v) => v,
            Err(e) if is_retryable(&e) => {
                let op = op.clone();
                self.replay(e, move |c| op(c))?
            }
            Err(e) => return Err(e),
        };
        if let Some(log) = &mut self.log {
            log.push(Arc::new(move |c: &mut Client| op(c).map(|_| ())));
        }
        Ok(value)
    }

    /// After `err` (retryable): rolls back, replays the logged writes in a new
    /// transaction and runs `then` in it, up to [`MAX_REPLAYS`] times. Outside a
    /// transaction only `then` runs again.
    fn replay<T: Send + 'static>(
        &mut self,
        mut err: anyhow::Error,
        then: impl Fn(&mut Client) -> anyhow::Result<T> + Send + Sync + 'static,
    ) -> anyhow::Result<T> {
        let then = Arc::new(then);
        for attempt in 0..MAX_REPLAYS {
            // The other writer still holds its keys: replaying at once meets them again.
            std::thread::sleep(backoff(attempt));
            self.replays += 1;
            let log = self.log.clone();
            let then = then.clone();
            let r = self.conn.call(move |c| {
                if let Some(log) = &log {
                    c.batch_execute("ROLLBACK; BEGIN")?;
                    for w in log {
                        w(c)?;
                    }
                }
                then(c)
            });
            match r {
                Ok(v) => return Ok(v),
                Err(e) if is_retryable(&e) => err = e,
                Err(e) => return Err(e),
            }
        }
        Err(err.context(format!(
            "the transaction was replayed {MAX_REPLAYS} times after deadlocks or serialization \
             failures with other writers, and failed each time"
        )))
    }

    /// A read: `f` on the connection's thread.
    fn read<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut Client) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        self.conn.call(f)
    }

    fn sellers_where(
        &self,
        clause: &'static str,
        args: Vec<String>,
    ) -> anyhow::Result<Vec<SellerRecord>> {
        self.read(move |c| {
            let params: Vec<&(dyn ToSql + Sync)> =
                args.iter().map(|a| a as &(dyn ToSql + Sync)).collect();
            rows_where(
                c,
                &format!("SELECT {SELLER_COLUMNS} FROM sellers WHERE {clause} ORDER BY seq"),
                &params,
                seller_from_row,
            )
        })
    }

    /// Calls `f` with the rows of `sql` (which takes `$1` = sweep, `$2` = the last `seq`
    /// seen, and returns `seq` as its last column), one keyset page at a time.
    fn for_each_keyset<T: Send + 'static>(
        &self,
        id: &str,
        sql: String,
        map: fn(&postgres::Row) -> anyhow::Result<Option<T>>,
        f: &mut dyn FnMut(T) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let sql = Arc::new(sql);
        let mut last = i64::MIN;
        loop {
            let (id, sql) = (id.to_string(), sql.clone());
            let batch = self.read(move |c| {
                let rows = query(c, sql.as_str(), &[&id, &last, &PAGE_ROWS])?;
                let mut out = Vec::with_capacity(rows.len());
                for r in &rows {
                    let seq: i64 = r.try_get(r.len() - 1)?;
                    out.push((seq, map(r)?));
                }
                Ok(out)
            })?;
            let full = batch.len() as i64 == PAGE_ROWS;
            for (seq, v) in batch {
                last = seq;
                if let Some(v) = v {
                    f(v)?;
                }
            }
            if !full {
                return Ok(());
            }
        }
    }
}

impl Store for PgStore {
    fn begin(&mut self) -> anyhow::Result<()> {
        // As SQLite refuses one: a second BEGIN would only warn, and the replay log would
        // lose the writes made before it.
        anyhow::ensure!(
            self.log.is_none(),
            "cannot begin a transaction: one is already open (PostgreSQL at {})",
            self.conn.server()
        );
        self.conn.call(|c| Ok(c.batch_execute("BEGIN")?))?;
        self.log = Some(Vec::new());
        Ok(())
    }

    fn commit(&mut self) -> anyhow::Result<()> {
        let r = self.conn.call(|c| Ok(c.batch_execute("COMMIT")?));
        let r = match r {
            Err(e) if is_retryable(&e) && self.log.is_some() => {
                self.replay(e, |c| Ok(c.batch_execute("COMMIT")?))
            }
            r => r,
        };
        self.log = None;
        r
    }

    fn start_sweep(&mut self, sweep: &SweepRow) -> anyhow::Result<()> {
        let (id, name, state, at) = (
            sweep.id.clone(),
            sweep.name.clone(),
            sweep.state.as_str(),
            ms(sweep.started_at),
        );
        self.write(move |c| {
            exec(
                c,
                "INSERT INTO sweeps (id, name, state, started_at) VALUES ($1, $2, $3, $4)",
                &[&id, &name, &state, &at],
            )?;
            Ok(())
        })
        .with_context(|| format!("starting sweep {}", sweep.id))?;
        self.sweep = sweep.id.clone();
        Ok(())
    }

    fn resume_sweep(&mut self, id: &str) -> anyhow::Result<()> {
        self.sweep = id.to_string();
        let id = id.to_string();
        let in_tx = self.log.is_some();
        self.write(move |c| {
            atomically(c, in_tx, |c| {
                exec(
                    c,
                    "UPDATE frontier SET state = $1 WHERE sweep = $2 AND state = $3",
                    &[&PENDING, &id, &TAKEN],
                )?;
                exec(
                    c,
                    "UPDATE sweeps SET state = 'running' WHERE id = $1",
                    &[&id],
                )?;
                Ok(())
            })
        })
    }

    fn set_sweep_state(
        &mut self,
        id: &str,
        state: SweepState,
        ended_at: Option<DateTime<Utc>>,
        summary: Option<&str>,
    ) -> anyhow::Result<()> {
        let (id, state, ended, summary) = (
            id.to_string(),
            state.as_str(),
            ended_at.map(ms),
            summary.map(str::to_string),
        );
        self.write(move |c| {
            exec(
                c,
                "UPDATE sweeps SET state = $2, ended_at = COALESCE($3, ended_at), \
                 summary = COALESCE($4, summary) WHERE id = $1",
                &[&id, &state, &ended, &summary],
            )?;
            Ok(())
        })
    }

    fn sweeps(&self, name: Option<&str>) -> anyhow::Result<Vec<SweepRow>> {
        let name = name.map(str::to_string);
        self.read(move |c| {
            rows_where(
                c,
                "SELECT id, name, state, started_at, ended_at, summary FROM sweeps \
                 WHERE $1::text IS NULL OR name = $1 ORDER BY started_at DESC, id DESC",
                &[&name],
                |r| {
                    let state: String = r.try_get(2)?;
                    Ok(Some(SweepRow {
                        id: r.try_get(0)?,
                        name: r.try_get(1)?,
                        state: SweepState::parse(&state).unwrap_or(SweepState::Abandoned),
                        started_at: r.try_get(3)?,
                        ended_at: r.try_get(4)?,
                        summary: r.try_get(5)?,
                    }))
                },
            )
        })
    }

    fn frontier_insert(&mut self, item: &Item, host: &str) -> anyhow::Result<bool> {
        let chain = (!item.redirect_chain.is_empty()).then(|| {
            item.redirect_chain
                .iter()
                .map(Url::as_str)
                .collect::<Vec<_>>()
                .join("\n")
        });
        let (sweep, url, host, qp) = (
            self.sweep.clone(),
            item.url.to_string(),
            host.to_string(),
            query_path(&item.url),
        );
        let referrer = item.referrer.as_ref().map(Url::to_string);
        let nums = [
            i64::from(item.depth),
            to_i64(item.profile),
            i64::from(item.redirects),
            i64::from(item.attempts),
            i64::from(item.pagination),
        ];
        self.write(move |c| {
            let n = exec(c,
                "INSERT INTO frontier (sweep, url, host, query_path, state, depth, profile, referrer, \
                 redirects, attempts, pagination, chain) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
                 ON CONFLICT (sweep, url) DO NOTHING",
                &[
                    &sweep, &url, &host, &qp, &PENDING, &nums[0], &nums[1], &referrer, &nums[2],
                    &nums[3], &nums[4], &chain,
                ],
            )?;
            Ok(n == 1)
        })
    }

    fn frontier_contains(&self, url: &Url) -> anyhow::Result<bool> {
        let (sweep, url) = (self.sweep.clone(), url.to_string());
        self.read(move |c| {
            Ok(query_opt(
                c,
                "SELECT 1 FROM frontier WHERE sweep = $1 AND url = $2",
                &[&sweep, &url],
            )?
            .is_some())
        })
    }

    fn frontier_peek(&self, host: &str) -> anyhow::Result<Option<Item>> {
        let (sweep, host) = (self.sweep.clone(), host.to_string());
        self.read(move |c| {
            let row = query_opt(c,
                &format!(
                    "SELECT {ITEM_COLUMNS} FROM frontier WHERE sweep = $1 AND host = $2 AND state = $3 \
                     ORDER BY seq LIMIT 1"
                ),
                &[&sweep, &host, &PENDING],
            )?;
            Ok(match row {
                Some(r) => item_from_row(&r)?,
                None => None,
            })
        })
    }

    fn frontier_take(&mut self, url: &Url) -> anyhow::Result<()> {
        let (sweep, url) = (self.sweep.clone(), url.to_string());
        self.write(move |c| {
            exec(
                c,
                "UPDATE frontier SET state = $3 WHERE sweep = $1 AND url = $2",
                &[&sweep, &url, &TAKEN],
            )?;
            Ok(())
        })
    }

    fn frontier_requeue(&mut self, item: &Item) -> anyhow::Result<()> {
        let (sweep, url, attempts) = (
            self.sweep.clone(),
            item.url.to_string(),
            i64::from(item.attempts),
        );
        self.write(move |c| {
            exec(
                c,
                "UPDATE frontier SET state = $3, seq = nextval('order_seq'), attempts = $4 \
                 WHERE sweep = $1 AND url = $2",
                &[&sweep, &url, &PENDING, &attempts],
            )?;
            Ok(())
        })
    }

    fn frontier_finish(&mut self, url: &Url) -> anyhow::Result<()> {
        let (sweep, url) = (self.sweep.clone(), url.to_string());
        self.write(move |c| {
            exec(
                c,
                "UPDATE frontier SET state = $3 WHERE sweep = $1 AND url = $2",
                &[&sweep, &url, &DONE],
            )?;
            Ok(())
        })
    }

    fn frontier_pending(&self) -> anyhow::Result<Vec<(String, usize)>> {
        let sweep = self.sweep.clone();
        self.read(move |c| {
            rows_where(
                c,
                "SELECT host, COUNT(*) FROM frontier WHERE sweep = $1 AND state = $2 \
                 GROUP BY host ORDER BY MIN(seq)",
                &[&sweep, &PENDING],
                |r| {
                    Ok(Some((
                        r.try_get(0)?,
                        usize::try_from(r.try_get::<_, i64>(1)?).unwrap_or(0),
                    )))
                },
            )
        })
    }

    fn frontier_count(&self, host: &str, path: Option<&str>) -> anyhow::Result<usize> {
        let (sweep, host, path) = (
            self.sweep.clone(),
            host.to_string(),
            path.map(str::to_string),
        );
        self.read(move |c| {
            let n: i64 = match &path {
                Some(p) => c
                    .query_one(
                        "SELECT COUNT(*) FROM frontier WHERE sweep = $1 AND host = $2 AND query_path = $3",
                        &[&sweep, &host, p],
                    )?
                    .try_get(0)?,
                None => c
                    .query_one(
                        "SELECT COUNT(*) FROM frontier WHERE sweep = $1 AND host = $2",
                        &[&sweep, &host],
                    )?
                    .try_get(0)?,
            };
            Ok(usize::try_from(n).unwrap_or(0))
        })
    }

    fn record_page(&mut self, page: &PageRecord, v: &Validators) -> anyhow::Result<()> {
        let sweep = self.sweep.clone();
        let fig = page.figures.as_ref();
        let text: [Option<String>; 10] = [
            Some(page.url.to_string()),
            Some(page.site.clone()),
            Some(page.status.as_str().to_string()),
            page.sha256.clone(),
            page.detail.clone(),
            v.etag.clone(),
            v.last_modified.clone(),
            page.warc_file.clone(),
            page.warc_record_id.clone(),
            fig.and_then(|f| f.page_kind.clone()),
        ];
        let extraction = fig.and_then(|f| f.extraction.map(|m| m.as_str().to_string()));
        let http_status = page.http_status.map(i32::from);
        let fetched_at = page.fetched_at.map(ms);
        let depth = i64::from(page.depth);
        let listings = to_i64(page.listings);
        let recorded_at = ms(Utc::now());
        let expects = fig.map(|f| f.expects_listings);
        let found = fig.map(|f| to_i64(f.found));
        let counts = fig.map(|f| serde_json::to_value(&f.fields)).transpose()?;
        self.write(move |c| {
            exec(c,
                "INSERT INTO pages (sweep, url, site, status, http_status, fetched_at, depth, listings, \
                 sha256, detail, etag, last_modified, recorded_at, warc_file, warc_record_id, \
                 page_kind, expects_listings, extraction, found, field_counts) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
                 $18, $19, $20) \
                 ON CONFLICT (sweep, url) DO UPDATE SET site = excluded.site, status = excluded.status, \
                 http_status = excluded.http_status, fetched_at = excluded.fetched_at, \
                 depth = excluded.depth, listings = excluded.listings, sha256 = excluded.sha256, \
                 detail = excluded.detail, etag = excluded.etag, last_modified = excluded.last_modified, \
                 seq = excluded.seq, recorded_at = excluded.recorded_at, warc_file = excluded.warc_file, \
                 warc_record_id = excluded.warc_record_id, page_kind = excluded.page_kind, \
                 expects_listings = excluded.expects_listings, extraction = excluded.extraction, \
                 found = excluded.found, field_counts = excluded.field_counts",
                &[
                    &sweep,
                    &text[0],
                    &text[1],
                    &text[2],
                    &http_status,
                    &fetched_at,
                    &depth,
                    &listings,
                    &text[3],
                    &text[4],
                    &text[5],
                    &text[6],
                    &recorded_at,
                    &text[7],
                    &text[8],
                    &text[9],
                    &expects,
                    &extraction,
                    &found,
                    &counts,
                ],
            )?;
            Ok(())
        })
    }

    fn record_links(&mut self, page: &Url, links: &[(Url, u8)]) -> anyhow::Result<()> {
        if links.is_empty() {
            return Ok(());
        }
        let (sweep, page) = (self.sweep.clone(), page.to_string());
        let urls: Vec<String> = links.iter().map(|(u, _)| u.to_string()).collect();
        let vias: Vec<i16> = links.iter().map(|(_, v)| i16::from(*v)).collect();
        self.write(move |c| {
            // One statement, in the links' order (`WITH ORDINALITY` keeps it for `seq`).
            exec(c,
                "INSERT INTO links (sweep, page, url, via) \
                 SELECT $1, $2, u, v FROM unnest($3::text[], $4::smallint[]) WITH ORDINALITY AS x(u, v, n) \
                 ORDER BY n ON CONFLICT DO NOTHING",
                &[&sweep, &page, &urls, &vias],
            )?;
            Ok(())
        })
    }

    fn record_listing(&mut self, l: &ListingRecord) -> anyhow::Result<bool> {
        let x = &l.listing;
        let sweep = self.sweep.clone();
        let key = l.key();
        let text: [Option<String>; 16] = [
            Some(l.site.clone()),
            Some(l.listing_url.clone()),
            Some(l.page_url.to_string()),
            Some(l.page_sha256.clone()),
            x.title.clone(),
            x.price.clone(),
            x.moq.clone(),
            x.seller_name.clone(),
            x.seller_url.clone(),
            x.location.clone(),
            x.product_url.clone(),
            x.product_id.clone(),
            x.description.clone(),
            l.warc_file.clone(),
            l.warc_record_id.clone(),
            x.seller_id.clone(),
        ];
        let fetched_at = ms(l.fetched_at);
        let http_status = i32::from(l.http_status);
        let extraction = l.extraction.map(|m| m.as_str().to_string());
        let profile = l.extraction == Some(ExtractionMethod::Profile);
        self.write(move |c| {
            // In `LISTING_COLUMNS` order after sweep and key.
            let params: [&(dyn ToSql + Sync); 21] = [
                &sweep,
                &key,
                &text[0],
                &text[1],
                &text[2],
                &fetched_at,
                &http_status,
                &text[3],
                &text[4],
                &text[5],
                &text[6],
                &text[7],
                &text[8],
                &text[9],
                &text[10],
                &text[11],
                &text[12],
                &text[13],
                &text[14],
                &extraction,
                &text[15],
            ];
            let inserted = c
                .query(
                    &format!(
                        "INSERT INTO listings (sweep, key, {LISTING_COLUMNS}) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, \
                         $17, $18, $19, $20, $21) \
                         ON CONFLICT (sweep, key) DO NOTHING RETURNING 1"
                    ),
                    &params,
                )?
                .len()
                == 1;
            // A listing seen twice in a sweep keeps its first record, except that a
            // profile's reading replaces an automatic one.
            if !inserted && profile {
                let set = LISTING_COLUMNS
                    .split(", ")
                    .enumerate()
                    .map(|(i, col)| format!("{} = ${}", col.trim(), i + 3))
                    .collect::<Vec<_>>()
                    .join(", ");
                exec(c,
                    &format!(
                        "UPDATE listings SET {set} WHERE sweep = $1 AND key = $2 AND extraction = 'auto'"
                    ),
                    &params,
                )?;
            }
            Ok(inserted)
        })
    }

    fn record_seller(&mut self, s: &SellerRecord) -> anyhow::Result<bool> {
        let sweep = self.sweep.clone();
        let key = s.key();
        let s = s.clone();
        let in_tx = self.log.is_some();
        self.write(move |c| {
            atomically(c, in_tx, |c| {
                let x = &s.seller;
                let extra = serde_json::to_value(&x.extra)?;
                let inserted = c
                    .query(
                        &format!(
                            "INSERT INTO sellers (sweep, key, {SELLER_COLUMNS}) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) \
                             ON CONFLICT (sweep, key) DO NOTHING RETURNING 1"
                        ),
                        &[
                            &sweep,
                            &key,
                            &s.site,
                            &x.seller_id,
                            &x.name,
                            &x.url,
                            &x.location,
                            &extra,
                            &s.page_url.as_str(),
                            &ms(s.fetched_at),
                            &i32::from(s.http_status),
                            &s.page_sha256,
                            &s.warc_file,
                            &s.warc_record_id,
                            &ms(s.first_seen),
                            &ms(s.last_seen),
                        ],
                    )?
                    .len()
                    == 1;
                if inserted {
                    return Ok(true);
                }
                // Already recorded (by this worker or another): merge under the row's lock.
                let row = query_one(c,
                    &format!(
                        "SELECT {SELLER_COLUMNS} FROM sellers WHERE sweep = $1 AND key = $2 FOR UPDATE"
                    ),
                    &[&sweep, &key],
                )?;
                let Some(mut old) = seller_from_row(&row)? else {
                    return Ok(false);
                };
                old.absorb(&s);
                let x = &old.seller;
                exec(c,
                    "UPDATE sellers SET seller_id = $3, name = $4, url = $5, location = $6, extra = $7, \
                     first_seen = $8, last_seen = $9 WHERE sweep = $1 AND key = $2",
                    &[
                        &sweep,
                        &key,
                        &x.seller_id,
                        &x.name,
                        &x.url,
                        &x.location,
                        &serde_json::to_value(&x.extra)?,
                        &ms(old.first_seen),
                        &ms(old.last_seen),
                    ],
                )?;
                Ok(false)
            })
        })
    }

    fn sellers(&self, id: &str) -> anyhow::Result<Vec<SellerRecord>> {
        self.sellers_where("sweep = $1", vec![id.to_string()])
    }

    fn sellers_on(&self, id: &str, page: &Url) -> anyhow::Result<Vec<SellerRecord>> {
        self.sellers_where(
            "sweep = $1 AND page_url = $2",
            vec![id.to_string(), page.to_string()],
        )
    }

    fn for_each_seller(
        &self,
        id: &str,
        f: &mut dyn FnMut(i64, SellerRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        self.for_each_keyset(
            id,
            format!(
                "SELECT {SELLER_COLUMNS}, seq FROM sellers WHERE sweep = $1 AND seq > $2 ORDER BY seq LIMIT $3"
            ),
            |r| {
                let seq: i64 = r.try_get(14)?;
                Ok(seller_from_row(r)?.map(|s| (seq, s)))
            },
            &mut |(seq, s)| f(seq, s),
        )
    }

    fn seller_at(&self, id: &str, seq: i64) -> anyhow::Result<Option<SellerRecord>> {
        let id = id.to_string();
        self.read(move |c| {
            let rows = rows_where(
                c,
                &format!("SELECT {SELLER_COLUMNS} FROM sellers WHERE sweep = $1 AND seq = $2"),
                &[&id, &seq],
                seller_from_row,
            )?;
            Ok(rows.into_iter().next())
        })
    }

    fn for_each_page(
        &self,
        id: &str,
        f: &mut dyn FnMut(PageRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        self.for_each_keyset(
            id,
            format!(
                "SELECT {PAGE_COLUMNS}, seq FROM pages WHERE sweep = $1 AND seq > $2 ORDER BY seq LIMIT $3"
            ),
            page_from_row,
            f,
        )
    }

    fn page(&self, id: &str, url: &str) -> anyhow::Result<Option<PageRecord>> {
        let (id, url) = (id.to_string(), url.to_string());
        self.read(move |c| {
            match query_opt(
                c,
                &format!("SELECT {PAGE_COLUMNS} FROM pages WHERE sweep = $1 AND url = $2"),
                &[&id, &url],
            )? {
                Some(r) => page_from_row(&r),
                None => Ok(None),
            }
        })
    }

    fn for_each_listing(
        &self,
        id: &str,
        f: &mut dyn FnMut(ListingRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        self.for_each_keyset(
            id,
            format!(
                "SELECT {LISTING_COLUMNS}, seq FROM listings WHERE sweep = $1 AND seq > $2 ORDER BY seq LIMIT $3"
            ),
            listing_from_row,
            f,
        )
    }

    fn listings_on(&self, id: &str, page: &Url) -> anyhow::Result<Vec<ListingRecord>> {
        let (id, page) = (id.to_string(), page.to_string());
        self.read(move |c| {
            rows_where(
                c,
                &format!(
                    "SELECT {LISTING_COLUMNS} FROM listings WHERE sweep = $1 AND page_url = $2 ORDER BY seq"
                ),
                &[&id, &page],
                listing_from_row,
            )
        })
    }

    fn links_of(&self, id: &str, page: &Url) -> anyhow::Result<Vec<(Url, u8)>> {
        let (id, page) = (id.to_string(), page.to_string());
        self.read(move |c| {
            rows_where(
                c,
                "SELECT url, via FROM links WHERE sweep = $1 AND page = $2 ORDER BY seq",
                &[&id, &page],
                |r| {
                    let u: String = r.try_get(0)?;
                    let via = u8::try_from(r.try_get::<_, i16>(1)?).unwrap_or(0);
                    Ok(Url::parse(&u).ok().map(|u| (u, via)))
                },
            )
        })
    }

    fn page_validators(&self, id: &str, url: &Url) -> anyhow::Result<Option<Validators>> {
        let (id, url) = (id.to_string(), url.to_string());
        self.read(move |c| {
            let row = query_opt(
                c,
                "SELECT etag, last_modified FROM pages WHERE sweep = $1 AND url = $2 \
                 AND status IN ('ok', 'not_modified')",
                &[&id, &url],
            )?;
            Ok(match row {
                Some(r) => Some(Validators {
                    etag: r.try_get(0)?,
                    last_modified: r.try_get(1)?,
                }),
                None => None,
            })
        })
    }

    fn page_figures(&self, id: &str, url: &Url) -> anyhow::Result<Option<PageFigures>> {
        let (id, url) = (id.to_string(), url.to_string());
        self.read(move |c| {
            match query_opt(
                c,
                "SELECT page_kind, expects_listings, extraction, found, field_counts FROM pages \
                 WHERE sweep = $1 AND url = $2",
                &[&id, &url],
            )? {
                Some(r) => figures_from_row(&r, 0),
                None => Ok(None),
            }
        })
    }

    fn record_findings(
        &mut self,
        id: &str,
        findings: &[(FindingKey, String)],
    ) -> anyhow::Result<()> {
        let id = id.to_string();
        let listings: Vec<String> = findings.iter().map(|(k, _)| k.listing.clone()).collect();
        let keys: Vec<String> = findings.iter().map(|(k, _)| k.brand.clone()).collect();
        let brands: Vec<String> = findings.iter().map(|(_, b)| b.clone()).collect();
        let in_tx = self.log.is_some();
        self.write(move |c| {
            atomically(c, in_tx, |c| {
                exec(c, "DELETE FROM findings WHERE sweep = $1", &[&id])?;
                exec(c,
                    "INSERT INTO findings (sweep, listing, brand_key, brand) \
                     SELECT $1, l, k, b FROM unnest($2::text[], $3::text[], $4::text[]) AS x(l, k, b) \
                     ON CONFLICT DO NOTHING",
                    &[&id, &listings, &keys, &brands],
                )?;
                Ok(())
            })
        })
    }

    fn findings(&self, id: &str) -> anyhow::Result<Vec<(FindingKey, ListingRecord, String)>> {
        let id = id.to_string();
        self.read(move |c| {
            rows_where(
                c,
                &format!(
                    "SELECT {}, f.listing, f.brand_key, f.brand FROM findings f \
                     JOIN listings l ON l.sweep = f.sweep AND l.key = f.listing \
                     WHERE f.sweep = $1 ORDER BY l.seq, f.brand_key",
                    listing_columns_of_l()
                ),
                &[&id],
                |r| {
                    let Some(l) = listing_from_row(r)? else {
                        return Ok(None);
                    };
                    let key = FindingKey {
                        listing: r.try_get(19)?,
                        brand: r.try_get(20)?,
                    };
                    Ok(Some((key, l, r.try_get::<_, String>(21)?)))
                },
            )
        })
    }

    fn touch_listing(
        &mut self,
        name: &str,
        key: &str,
        seen_at: DateTime<Utc>,
    ) -> anyhow::Result<DateTime<Utc>> {
        let (name, key, at) = (name.to_string(), key.to_string(), ms(seen_at));
        self.write(move |c| {
            Ok(query_one(c,
                "INSERT INTO seen (name, key, first_seen, last_seen) VALUES ($1, $2, $3, $3) \
                 ON CONFLICT (name, key) DO UPDATE SET last_seen = GREATEST(seen.last_seen, excluded.last_seen) \
                 RETURNING first_seen",
                &[&name, &key, &at],
            )?
            .try_get(0)?)
        })
    }

    fn touch_listings(
        &mut self,
        name: &str,
        id: &str,
        seen_at: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        let (name, id, at) = (name.to_string(), id.to_string(), ms(seen_at));
        self.write(move |c| {
            // DISTINCT: two rows of a sweep may give one key (a profile's reading gave an
            // automatic one a product id), and one upsert may not touch a row twice.
            exec(c,
                &format!(
                    "INSERT INTO seen (name, key, first_seen, last_seen) \
                     SELECT DISTINCT $1::text, {LISTING_KEY}, $3::timestamptz, $3::timestamptz \
                     FROM listings WHERE sweep = $2 \
                     ON CONFLICT (name, key) DO UPDATE SET last_seen = GREATEST(seen.last_seen, excluded.last_seen)"
                ),
                &[&name, &id, &at],
            )?;
            Ok(())
        })
    }

    fn first_seen(&self, name: &str, key: &str) -> anyhow::Result<Option<DateTime<Utc>>> {
        let (name, key) = (name.to_string(), key.to_string());
        self.read(move |c| {
            Ok(
                match query_opt(
                    c,
                    "SELECT first_seen FROM seen WHERE name = $1 AND key = $2",
                    &[&name, &key],
                )? {
                    Some(r) => Some(r.try_get(0)?),
                    None => None,
                },
            )
        })
    }

    fn decision_record(&mut self, d: &DecisionRecord) -> anyhow::Result<()> {
        let d = d.clone();
        self.write(move |c| {
            exec(
                c,
                &format!(
                    "INSERT INTO decisions ({DECISION_COLUMNS}) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
                ),
                &[
                    &d.listing,
                    &d.brand_key,
                    &d.brand,
                    &d.decision.as_str(),
                    &d.note,
                    &d.decided_by,
                    &ms(d.decided_at),
                    &d.sweep,
                    &d.site,
                    &d.title,
                    &d.price,
                    &d.seller_id,
                    &d.seller_url,
                    &d.seller_name,
                    &d.source,
                ],
            )?;
            Ok(())
        })
    }

    fn decision_current(&self) -> anyhow::Result<Vec<DecisionRecord>> {
        self.read(|c| {
            rows_where(
                c,
                &format!(
                    "SELECT {DECISION_COLUMNS} FROM decisions d WHERE id = \
                     (SELECT MAX(id) FROM decisions e WHERE e.listing = d.listing AND e.brand_key = d.brand_key) \
                     ORDER BY id"
                ),
                &[],
                decision_from_row,
            )
        })
    }

    fn decision_log(&self, name: Option<&str>) -> anyhow::Result<Vec<DecisionRecord>> {
        let name = name.map(str::to_string);
        self.read(move |c| {
            rows_where(
                c,
                &format!(
                    "SELECT {DECISION_COLUMNS} FROM decisions \
                     WHERE $1::text IS NULL OR sweep IN (SELECT id FROM sweeps WHERE name = $1) ORDER BY id"
                ),
                &[&name],
                decision_from_row,
            )
        })
    }

    fn takedown_record_batch(
        &mut self,
        b: &BatchRecord,
        items: &[BatchItem],
    ) -> anyhow::Result<()> {
        let b = b.clone();
        let column = |f: fn(&BatchItem) -> &String| -> Vec<String> {
            items.iter().map(|i| f(i).clone()).collect()
        };
        let cols = [
            column(|i| &i.listing),
            column(|i| &i.site),
            column(|i| &i.listing_url),
            column(|i| &i.page_url),
            column(|i| &i.brands),
        ];
        let in_tx = self.log.is_some();
        self.write(move |c| {
            atomically(c, in_tx, |c| {
                let sent = c
                    .query_opt(
                        "SELECT sent_at IS NOT NULL FROM takedown_batches WHERE id = $1 FOR UPDATE",
                        &[&b.id],
                    )?
                    .map(|r| r.try_get::<_, bool>(0))
                    .transpose()?
                    .unwrap_or(false);
                if sent {
                    return Ok(());
                }
                exec(c,
                    "INSERT INTO takedown_batches (id, sweep, site, file, created_at) VALUES ($1, $2, $3, $4, $5) \
                     ON CONFLICT (id) DO UPDATE SET site = excluded.site, file = excluded.file, \
                     created_at = excluded.created_at",
                    &[&b.id, &b.sweep, &b.site, &b.file, &ms(b.created_at)],
                )?;
                exec(c, "DELETE FROM takedown_items WHERE batch = $1", &[&b.id])?;
                exec(c,
                    "INSERT INTO takedown_items (batch, listing, site, listing_url, page_url, brands) \
                     SELECT $1, l, s, lu, pu, br \
                     FROM unnest($2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) \
                     WITH ORDINALITY AS x(l, s, lu, pu, br, n) ORDER BY n ON CONFLICT DO NOTHING",
                    &[&b.id, &cols[0], &cols[1], &cols[2], &cols[3], &cols[4]],
                )?;
                Ok(())
            })
        })
    }

    fn takedown_batches(&self, name: Option<&str>) -> anyhow::Result<Vec<BatchRecord>> {
        let name = name.map(str::to_string);
        self.read(move |c| {
            rows_where(
                c,
                &format!(
                    "SELECT {BATCH_COLUMNS} FROM takedown_batches b \
                     WHERE $1::text IS NULL OR b.sweep IN (SELECT id FROM sweeps WHERE name = $1) \
                     ORDER BY b.created_at, b.id"
                ),
                &[&name],
                |r| batch_from_row(r).map(Some),
            )
        })
    }

    fn takedown_items(&self, batch: &str) -> anyhow::Result<Vec<BatchItem>> {
        let batch = batch.to_string();
        self.read(move |c| {
            rows_where(
                c,
                &format!(
                    "SELECT {ITEM_OUTCOME_COLUMNS} FROM takedown_items WHERE batch = $1 ORDER BY seq"
                ),
                &[&batch],
                |r| batch_item_from_row(r).map(Some),
            )
        })
    }

    fn takedown_mark_sent(
        &mut self,
        batch: &str,
        at: DateTime<Utc>,
        by: &str,
        note: &str,
    ) -> anyhow::Result<()> {
        let (id, at, by, note) = (batch.to_string(), ms(at), by.to_string(), note.to_string());
        let n = self.write(move |c| {
            exec(
                c,
                "UPDATE takedown_batches SET sent_at = $2, sent_by = $3, note = $4 WHERE id = $1",
                &[&id, &at, &by, &note],
            )
        })?;
        anyhow::ensure!(n == 1, "no takedown batch {batch} in the state");
        Ok(())
    }

    fn takedown_update_item(&mut self, i: &BatchItem) -> anyhow::Result<()> {
        let i = i.clone();
        self.write(move |c| {
            exec(c,
                "UPDATE takedown_items SET status = $3, checked_sweep = $4, checked_at = $5, removed_at = $6, \
                 removed_how = $7 WHERE batch = $1 AND listing = $2",
                &[
                    &i.batch,
                    &i.listing,
                    &i.status.as_str(),
                    &i.checked_sweep,
                    &i.checked_at.map(ms),
                    &i.removed_at.map(ms),
                    &i.removed_how,
                ],
            )?;
            Ok(())
        })
    }

    fn takedown_listing_seen(
        &self,
        id: &str,
        key: &str,
    ) -> anyhow::Result<Option<(DateTime<Utc>, String)>> {
        let (id, key) = (id.to_string(), key.to_string());
        self.read(move |c| {
            Ok(
                match query_opt(
                    c,
                    "SELECT fetched_at, page_url FROM listings WHERE sweep = $1 AND key = $2",
                    &[&id, &key],
                )? {
                    Some(r) => Some((r.try_get(0)?, r.try_get(1)?)),
                    None => None,
                },
            )
        })
    }

    fn relist_listing_seen(&self, id: &str, key: &str) -> anyhow::Result<bool> {
        let (id, key) = (id.to_string(), key.to_string());
        self.read(move |c| {
            Ok(query_opt(
                c,
                "SELECT 1 FROM listings WHERE sweep = $1 AND key = $2",
                &[&id, &key],
            )?
            .is_some())
        })
    }

    fn relist_listings_by_url(&self, url: &str) -> anyhow::Result<Vec<(String, ListingRecord)>> {
        let url = url.to_string();
        self.read(move |c| {
            rows_where(
                c,
                &format!(
                    "SELECT {}, l.sweep FROM listings l JOIN sweeps s ON s.id = l.sweep \
                     WHERE l.listing_url = $1 ORDER BY s.started_at DESC, l.seq",
                    listing_columns_of_l()
                ),
                &[&url],
                |r| {
                    Ok(listing_from_row(r)?
                        .map(|l| (r.try_get::<_, String>(19).unwrap_or_default(), l)))
                },
            )
        })
    }
}
