//! The embedded store: one SQLite file (WAL) holding every sweep's state.
//!
//! The schema is versioned with `PRAGMA user_version` and migrated forward on open.
//! The frontier lives in the `frontier` table, so memory does not grow with it; the
//! coordinator keeps only per-host counts. A file is guarded by an exclusive lock on
//! `<file>.lock` held for the store's lifetime, so two sweeps never share one state.

use std::fs::File;
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use rusqlite::{Connection, OptionalExtension, params};
use url::Url;

use super::{
    FindingKey, ListingRecord, PageFigures, PageRecord, PageStatus, SellerRecord, Store, SweepRow,
    SweepState, Validators,
};
use crate::case::decision::{Decision, DecisionRecord};
use crate::case::outcome::{BatchItem, BatchRecord, ItemStatus};
use crate::extract::{ExtractionMethod, Listing, Seller};
use crate::frontier::Item;

/// How long opening waits for a lock held by another run before giving up.
const LOCK_GRACE: std::time::Duration = std::time::Duration::from_secs(2);
/// How often it tries again meanwhile.
const LOCK_RETRY: std::time::Duration = std::time::Duration::from_millis(100);

/// The state file is used by another running sweep.
#[derive(Debug, thiserror::Error)]
#[error(
    "the state file {path} is locked by another greysweep run (lock file {lock}); wait for it to finish"
)]
pub struct Locked {
    /// The state file.
    pub path: PathBuf,
    /// Its lock file.
    pub lock: PathBuf,
}

const MIGRATIONS: &[&str] = &[
    // 1: the first schema.
    r#"
    CREATE TABLE sweeps (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        state TEXT NOT NULL,
        started_at TEXT NOT NULL,
        ended_at TEXT,
        summary TEXT
    );
    CREATE INDEX sweeps_name ON sweeps(name, started_at);
    CREATE TABLE frontier (
        sweep TEXT NOT NULL,
        url TEXT NOT NULL,
        seq INTEGER NOT NULL,
        host TEXT NOT NULL,
        query_path TEXT,
        state INTEGER NOT NULL,
        depth INTEGER NOT NULL,
        profile INTEGER NOT NULL,
        referrer TEXT,
        redirects INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        pagination INTEGER NOT NULL,
        chain TEXT,
        PRIMARY KEY (sweep, url)
    ) WITHOUT ROWID;
    CREATE INDEX frontier_next ON frontier(sweep, host, state, seq);
    CREATE INDEX frontier_paths ON frontier(sweep, host, query_path) WHERE query_path IS NOT NULL;
    CREATE TABLE pages (
        sweep TEXT NOT NULL,
        url TEXT NOT NULL,
        site TEXT NOT NULL,
        status TEXT NOT NULL,
        http_status INTEGER,
        fetched_at TEXT,
        depth INTEGER NOT NULL,
        listings INTEGER NOT NULL,
        sha256 TEXT,
        detail TEXT,
        etag TEXT,
        last_modified TEXT,
        seq INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        warc_file TEXT,
        warc_record_id TEXT,
        PRIMARY KEY (sweep, url)
    );
    CREATE TABLE links (
        sweep TEXT NOT NULL,
        page TEXT NOT NULL,
        url TEXT NOT NULL,
        via INTEGER NOT NULL
    );
    CREATE INDEX links_page ON links(sweep, page);
    CREATE TABLE listings (
        sweep TEXT NOT NULL,
        key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        site TEXT NOT NULL,
        listing_url TEXT NOT NULL,
        page_url TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        http_status INTEGER NOT NULL,
        page_sha256 TEXT NOT NULL,
        title TEXT, price TEXT, moq TEXT, seller_name TEXT, seller_url TEXT,
        location TEXT, product_url TEXT, product_id TEXT, description TEXT,
        warc_file TEXT, warc_record_id TEXT,
        PRIMARY KEY (sweep, key)
    );
    CREATE INDEX listings_page ON listings(sweep, page_url);
    CREATE TABLE findings (
        sweep TEXT NOT NULL,
        listing TEXT NOT NULL,
        brand_key TEXT NOT NULL,
        brand TEXT NOT NULL,
        PRIMARY KEY (sweep, listing, brand_key)
    );
    CREATE TABLE seen (
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (name, key)
    );
    "#,
    // 2: extraction health. How each listing was extracted, and what extraction made of
    // each page (its kind, method, listings found and per-field counts as JSON). Rows of
    // older sweeps keep NULLs: their figures are unknown, never invented.
    r#"
    ALTER TABLE listings ADD COLUMN extraction TEXT;
    ALTER TABLE pages ADD COLUMN page_kind TEXT;
    ALTER TABLE pages ADD COLUMN expects_listings INTEGER;
    ALTER TABLE pages ADD COLUMN extraction TEXT;
    ALTER TABLE pages ADD COLUMN found INTEGER;
    ALTER TABLE pages ADD COLUMN field_counts TEXT;
    "#,
    // 3: seller ids. The marketplace's id of each listing's seller (matched against
    // `authorised_seller_ids`); rows of older sweeps keep NULL: unknown.
    r#"
    ALTER TABLE listings ADD COLUMN seller_id TEXT;
    "#,
    // 4: seller records (`[page.seller]`), one per sweep, site and seller; `extra` is a
    // JSON object of the free fields. Evidence is the first page that gave the record;
    // first/last seen span every page of the seller fetched in the sweep.
    r#"
    CREATE TABLE sellers (
        sweep TEXT NOT NULL,
        key TEXT NOT NULL,
        seq INTEGER NOT NULL,
        site TEXT NOT NULL,
        seller_id TEXT,
        name TEXT,
        url TEXT,
        location TEXT,
        extra TEXT NOT NULL DEFAULT '{}',
        page_url TEXT NOT NULL,
        fetched_at TEXT NOT NULL,
        http_status INTEGER NOT NULL,
        page_sha256 TEXT NOT NULL,
        warc_file TEXT,
        warc_record_id TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL,
        PRIMARY KEY (sweep, key)
    );
    CREATE INDEX sellers_page ON sellers(sweep, page_url);
    "#,
    // 5: outputs read listings, pages and sellers in the order first seen through a
    // cursor; these indexes give that order without sorting a whole sweep in memory.
    r#"
    CREATE INDEX listings_seq ON listings(sweep, seq);
    CREATE INDEX pages_seq ON pages(sweep, seq);
    CREATE INDEX sellers_seq ON sellers(sweep, seq);
    "#,
    // 6: case management (case14a). Analysts' decisions, appended (the latest of a finding
    // is in force, the earlier ones are its history), with the listing's text and seller
    // when decided; the allow-list is the view of the `authorised` ones in force. Takedown
    // batches written by sweeps, when each was sent, and each listing's outcome.
    r#"
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        listing TEXT NOT NULL,
        brand_key TEXT NOT NULL,
        brand TEXT NOT NULL,
        decision TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        decided_by TEXT NOT NULL,
        decided_at TEXT NOT NULL,
        sweep TEXT NOT NULL,
        site TEXT NOT NULL,
        title TEXT, price TEXT, seller_id TEXT, seller_url TEXT, seller_name TEXT,
        source TEXT NOT NULL
    );
    CREATE INDEX decisions_finding ON decisions(listing, brand_key, id);
    CREATE VIEW allow_list AS
        SELECT site, brand, seller_id, seller_url, seller_name, decided_by, decided_at, note, listing
        FROM decisions d WHERE decision = 'authorised'
        AND id = (SELECT MAX(id) FROM decisions e WHERE e.listing = d.listing AND e.brand_key = d.brand_key);
    CREATE TABLE takedown_batches (
        id TEXT PRIMARY KEY,
        sweep TEXT NOT NULL,
        site TEXT NOT NULL,
        file TEXT NOT NULL,
        created_at TEXT NOT NULL,
        sent_at TEXT,
        sent_by TEXT,
        note TEXT
    );
    CREATE INDEX takedown_batches_sweep ON takedown_batches(sweep);
    CREATE TABLE takedown_items (
        batch TEXT NOT NULL,
        listing TEXT NOT NULL,
        site TEXT NOT NULL,
        listing_url TEXT NOT NULL,
        page_url TEXT NOT NULL,
        brands TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'unchecked',
        checked_sweep TEXT,
        checked_at TEXT,
        removed_at TEXT,
        removed_how TEXT,
        PRIMARY KEY (batch, listing)
    );
    "#,
    // 9: the listings and seller records of one page in the order first seen, from one
    // index. With `(sweep, page_url)` alone the planner took `(sweep, seq)` for the order
    // and read the whole sweep for each page: a re-sweep's 304 answers (which copy the
    // page's listings and sellers over) and the outputs' seller join were quadratic.
    r#"
    DROP INDEX listings_page;
    CREATE INDEX listings_page ON listings(sweep, page_url, seq);
    DROP INDEX sellers_page;
    CREATE INDEX sellers_page ON sellers(sweep, page_url, seq);
    "#,
];

const PENDING: i64 = 0;
const IN_FLIGHT: i64 = 1;
const DONE: i64 = 2;

/// The SQLite store.
#[derive(Debug)]
pub struct SqliteStore {
    conn: Connection,
    sweep: String,
    seq: i64,
    _lock: Option<File>,
}

fn ts(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

fn parse_ts(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s)
        .map_or_else(|_| DateTime::<Utc>::UNIX_EPOCH, |t| t.with_timezone(&Utc))
}

/// Parses [`ExtractionMethod::as_str`]; anything else (NULL in older rows) is unknown.
fn parse_method(s: Option<&str>) -> Option<ExtractionMethod> {
    match s? {
        "profile" => Some(ExtractionMethod::Profile),
        "auto" => Some(ExtractionMethod::Auto),
        _ => None,
    }
}

/// The health columns of a `pages` row (`page_kind, expects_listings, extraction, found,
/// field_counts`, starting at `at`) as figures; `None` when the page has none.
fn figures_from_row(r: &rusqlite::Row<'_>, at: usize) -> Option<PageFigures> {
    let found: Option<i64> = r.get(at + 3).ok().flatten();
    let found = usize::try_from(found?).unwrap_or(0);
    let counts: Option<String> = r.get(at + 4).ok().flatten();
    let method: Option<String> = r.get(at + 2).ok().flatten();
    Some(PageFigures {
        page_kind: r.get(at).ok().flatten(),
        expects_listings: r.get::<_, Option<i64>>(at + 1).ok().flatten() == Some(1),
        extraction: parse_method(method.as_deref()),
        found,
        fields: counts
            .and_then(|c| serde_json::from_str(&c).ok())
            .unwrap_or_default(),
    })
}

impl SqliteStore {
    /// Opens (creating and migrating) the state file at `path`, taking its lock.
    pub fn open(path: &Path) -> anyhow::Result<SqliteStore> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("creating {}", parent.display()))?;
        }
        let lock_path = PathBuf::from(format!("{}.lock", path.display()));
        let lock = File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .with_context(|| format!("opening {}", lock_path.display()))?;
        // A run that is ending may hold the lock a moment longer than its last write
        // (a process exiting, a child process that inherited the descriptor and has not
        // yet replaced itself): wait briefly before calling the file taken.
        let mut waited = std::time::Duration::ZERO;
        let taken = loop {
            match lock.try_lock() {
                Err(std::fs::TryLockError::WouldBlock) if waited < LOCK_GRACE => {
                    std::thread::sleep(LOCK_RETRY);
                    waited += LOCK_RETRY;
                }
                other => break other,
            }
        };
        match taken {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                return Err(Locked {
                    path: path.to_path_buf(),
                    lock: lock_path,
                }
                .into());
            }
            Err(std::fs::TryLockError::Error(e)) => {
                return Err(
                    anyhow::Error::new(e).context(format!("locking {}", lock_path.display()))
                );
            }
        }
        let conn = Connection::open(path).with_context(|| format!("opening {}", path.display()))?;
        Self::init(conn, Some(lock)).map_err(|e| {
            if is_corruption(&e) {
                e.context(damaged_message(path))
            } else {
                e.context(format!("preparing state file {}", path.display()))
            }
        })
    }

    /// Checks the state file at `path` without changing it (read-only, no lock, no
    /// migration): SQLite's `PRAGMA integrity_check` and `foreign_key_check`. Returns the
    /// problems found, empty when the file is sound; an error when it cannot be read as a
    /// database at all (its message says so and what to do).
    pub fn check(path: &Path) -> anyhow::Result<Vec<String>> {
        use rusqlite::OpenFlags;
        let run = || -> anyhow::Result<Vec<String>> {
            let conn = Connection::open_with_flags(
                path,
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
            )?;
            let mut problems = Vec::new();
            let mut st = conn.prepare("PRAGMA integrity_check")?;
            let rows = st.query_map([], |r| r.get::<_, String>(0))?;
            for row in rows {
                let row = row?;
                if row != "ok" {
                    problems.push(row);
                }
            }
            if problems.is_empty() {
                let mut st = conn.prepare("PRAGMA foreign_key_check")?;
                let rows = st.query_map([], |r| {
                    Ok(format!(
                        "table {} row {} refers to a missing row of {}",
                        r.get::<_, String>(0)?,
                        r.get::<_, Option<i64>>(1)?.unwrap_or(-1),
                        r.get::<_, String>(2)?
                    ))
                })?;
                for row in rows {
                    problems.push(row?);
                }
            }
            Ok(problems)
        };
        run().map_err(|e| {
            if is_corruption(&e) {
                e.context(damaged_message(path))
            } else {
                e.context(format!("checking state file {}", path.display()))
            }
        })
    }

    /// An in-memory store (tests, benchmarks).
    pub fn in_memory() -> anyhow::Result<SqliteStore> {
        Self::init(Connection::open_in_memory()?, None)
    }

    fn init(conn: Connection, lock: Option<File>) -> anyhow::Result<SqliteStore> {
        // WAL with `synchronous = NORMAL`: a commit is durable against a crash or kill of
        // the process (the WAL is in the OS's hands once written); a power loss or OS crash
        // may lose the last commits before a checkpoint, never corrupt the file. Resume then
        // fetches those pages again. Checkpoints every 4,096 WAL pages (16 MiB at the
        // default page size) instead of 1,000, so group commits rarely wait for one; an
        // 8 MiB page cache (the bound on the store's memory; the file's pages stay in the
        // OS's cache, and 16 MiB cost the same CPU per page in the end-to-end benchmark
        // for 8 MB more resident memory). `temp_store` stays the
        // default (files): a large sort spills to disk instead of growing memory.
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "wal_autocheckpoint", 4096)?;
        conn.pragma_update(None, "cache_size", -8_192)?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        conn.set_prepared_statement_cache_capacity(64);
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let version = usize::try_from(version).unwrap_or(0);
        if version > MIGRATIONS.len() {
            anyhow::bail!(
                "the state file was written by a newer greysweep (schema {version}, this one knows {})",
                MIGRATIONS.len()
            );
        }
        for (i, m) in MIGRATIONS.iter().enumerate().skip(version) {
            conn.execute_batch(&format!(
                "BEGIN; {m}; PRAGMA user_version = {}; COMMIT;",
                i + 1
            ))?;
        }
        Ok(SqliteStore {
            conn,
            sweep: String::new(),
            seq: 0,
            _lock: lock,
        })
    }

    fn next_seq(&mut self) -> i64 {
        self.seq += 1;
        self.seq
    }

    fn load_seq(&mut self) -> anyhow::Result<()> {
        let f: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM frontier WHERE sweep = ?1",
            [&self.sweep],
            |r| r.get(0),
        )?;
        let l: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM listings WHERE sweep = ?1",
            [&self.sweep],
            |r| r.get(0),
        )?;
        let p: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM pages WHERE sweep = ?1",
            [&self.sweep],
            |r| r.get(0),
        )?;
        let s: i64 = self.conn.query_row(
            "SELECT COALESCE(MAX(seq), 0) FROM sellers WHERE sweep = ?1",
            [&self.sweep],
            |r| r.get(0),
        )?;
        self.seq = f.max(l).max(p).max(s);
        Ok(())
    }

    fn item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<Item>> {
        let url: String = r.get(0)?;
        let Ok(url) = Url::parse(&url) else {
            return Ok(None);
        };
        let referrer: Option<String> = r.get(3)?;
        let chain: Option<String> = r.get(7)?;
        Ok(Some(Item {
            url,
            depth: r.get(1)?,
            profile: r.get::<_, i64>(2)? as usize,
            referrer: referrer.and_then(|u| Url::parse(&u).ok()),
            redirects: r.get(4)?,
            attempts: r.get(5)?,
            pagination: r.get(6)?,
            redirect_chain: chain
                .map(|c| c.split('\n').filter_map(|u| Url::parse(u).ok()).collect())
                .unwrap_or_default(),
        }))
    }

    fn listing_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<ListingRecord>> {
        let page_url: String = r.get(2)?;
        let Ok(page_url) = Url::parse(&page_url) else {
            return Ok(None);
        };
        let fetched_at: String = r.get(3)?;
        Ok(Some(ListingRecord {
            site: r.get(0)?,
            listing_url: r.get(1)?,
            page_url,
            fetched_at: parse_ts(&fetched_at),
            http_status: r.get(4)?,
            page_sha256: r.get(5)?,
            listing: Listing {
                title: r.get(6)?,
                price: r.get(7)?,
                moq: r.get(8)?,
                seller_name: r.get(9)?,
                seller_url: r.get(10)?,
                location: r.get(11)?,
                product_url: r.get(12)?,
                product_id: r.get(13)?,
                description: r.get(14)?,
                seller_id: r.get(18)?,
            },
            warc_file: r.get(15)?,
            warc_record_id: r.get(16)?,
            extraction: parse_method(r.get::<_, Option<String>>(17)?.as_deref()),
            joined: None,
            findings: Vec::new(),
        }))
    }

    fn seller_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<SellerRecord>> {
        let page_url: String = r.get(6)?;
        let Ok(page_url) = Url::parse(&page_url) else {
            return Ok(None);
        };
        let extra: String = r.get(5)?;
        let time =
            |i: usize| -> rusqlite::Result<DateTime<Utc>> { Ok(parse_ts(&r.get::<_, String>(i)?)) };
        Ok(Some(SellerRecord {
            site: r.get(0)?,
            seller: Seller {
                seller_id: r.get(1)?,
                name: r.get(2)?,
                url: r.get(3)?,
                location: r.get(4)?,
                extra: serde_json::from_str(&extra).unwrap_or_default(),
            },
            page_url,
            fetched_at: time(7)?,
            http_status: r.get(8)?,
            page_sha256: r.get(9)?,
            warc_file: r.get(10)?,
            warc_record_id: r.get(11)?,
            first_seen: time(12)?,
            last_seen: time(13)?,
        }))
    }

    fn sellers_where(&self, clause: &str, args: &[&str]) -> anyhow::Result<Vec<SellerRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SELLER_COLUMNS} FROM sellers WHERE {clause} ORDER BY seq"
        ))?;
        let rows = stmt.query_map(rusqlite::params_from_iter(args), Self::seller_from_row)?;
        Ok(rows
            .filter_map(|r| r.transpose())
            .collect::<Result<_, _>>()?)
    }
}

const SELLER_COLUMNS: &str = "site, seller_id, name, url, location, extra, page_url, fetched_at, http_status, \
     page_sha256, warc_file, warc_record_id, first_seen, last_seen";

const LISTING_COLUMNS: &str = "site, listing_url, page_url, fetched_at, http_status, page_sha256, title, price, moq, \
     seller_name, seller_url, location, product_url, product_id, description, warc_file, warc_record_id, \
     extraction, seller_id";

/// [`ListingRecord::key`] of a `listings` row, in SQL (the stored `key` is the key the
/// listing was first recorded under; a profile's reading that replaced an automatic one
/// may have given it a product id since).
const LISTING_KEY: &str = "CASE WHEN product_id IS NOT NULL THEN site || '|id|' || product_id \
     WHEN product_url IS NOT NULL THEN site || '|url|' || product_url \
     ELSE site || '|page|' || page_url || '|' || COALESCE(title, '') END";

const DECISION_COLUMNS: &str = "listing, brand_key, brand, decision, note, decided_by, decided_at, sweep, site, \
     title, price, seller_id, seller_url, seller_name, source";

fn decision_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<DecisionRecord>> {
    let decision: String = r.get(3)?;
    let Some(decision) = Decision::parse(&decision) else {
        return Ok(None);
    };
    Ok(Some(DecisionRecord {
        listing: r.get(0)?,
        brand_key: r.get(1)?,
        brand: r.get(2)?,
        decision,
        note: r.get(4)?,
        decided_by: r.get(5)?,
        decided_at: parse_ts(&r.get::<_, String>(6)?),
        sweep: r.get(7)?,
        site: r.get(8)?,
        title: r.get(9)?,
        price: r.get(10)?,
        seller_id: r.get(11)?,
        seller_url: r.get(12)?,
        seller_name: r.get(13)?,
        source: r.get(14)?,
    }))
}

const BATCH_COLUMNS: &str = "b.id, b.sweep, b.site, b.file, b.created_at, b.sent_at, b.sent_by, b.note, \
     (SELECT COUNT(*) FROM takedown_items i WHERE i.batch = b.id)";

fn batch_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BatchRecord> {
    Ok(BatchRecord {
        id: r.get(0)?,
        sweep: r.get(1)?,
        site: r.get(2)?,
        file: r.get(3)?,
        created_at: parse_ts(&r.get::<_, String>(4)?),
        sent_at: r.get::<_, Option<String>>(5)?.as_deref().map(parse_ts),
        sent_by: r.get(6)?,
        note: r.get(7)?,
        listings: usize::try_from(r.get::<_, i64>(8)?).unwrap_or(0),
    })
}

const ITEM_OUTCOME_COLUMNS: &str = "batch, listing, site, listing_url, page_url, brands, status, checked_sweep, \
     checked_at, removed_at, removed_how";

fn batch_item_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BatchItem> {
    let time = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(r.get::<_, Option<String>>(i)?.as_deref().map(parse_ts))
    };
    Ok(BatchItem {
        batch: r.get(0)?,
        listing: r.get(1)?,
        site: r.get(2)?,
        listing_url: r.get(3)?,
        page_url: r.get(4)?,
        brands: r.get(5)?,
        status: ItemStatus::parse(&r.get::<_, String>(6)?),
        checked_sweep: r.get(7)?,
        checked_at: time(8)?,
        removed_at: time(9)?,
        removed_how: r.get(10)?,
    })
}

const ITEM_COLUMNS: &str = "url, depth, profile, referrer, redirects, attempts, pagination, chain";

/// The query-string bucket of a URL (path of URLs that carry a query), for trap guards.
fn query_path(url: &Url) -> Option<String> {
    url.query().map(|_| url.path().to_string())
}

/// The columns [`page_from_row`] reads, in its order.
const PAGE_COLUMNS: &str = "url, site, status, http_status, fetched_at, depth, listings, sha256, detail, warc_file, \
     warc_record_id, page_kind, expects_listings, extraction, found, field_counts";

/// A page outcome from a row of [`PAGE_COLUMNS`]; `None` for a URL that no longer parses.
fn page_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Option<PageRecord>> {
    let url: String = r.get(0)?;
    let status: String = r.get(2)?;
    let fetched: Option<String> = r.get(4)?;
    Ok(Url::parse(&url).ok().map(|url| PageRecord {
        url,
        site: r.get(1).unwrap_or_default(),
        status: PageStatus::parse(&status).unwrap_or(PageStatus::NetworkError),
        http_status: r.get(3).ok().flatten(),
        fetched_at: fetched.as_deref().map(parse_ts),
        depth: r.get(5).unwrap_or_default(),
        listings: r.get::<_, i64>(6).unwrap_or_default() as usize,
        sha256: r.get(7).ok().flatten(),
        detail: r.get(8).ok().flatten(),
        warc_file: r.get(9).ok().flatten(),
        warc_record_id: r.get(10).ok().flatten(),
        figures: figures_from_row(r, 11),
    }))
}

impl Store for SqliteStore {
    fn begin(&mut self) -> anyhow::Result<()> {
        self.conn.prepare_cached("BEGIN IMMEDIATE")?.execute([])?;
        Ok(())
    }

    fn commit(&mut self) -> anyhow::Result<()> {
        self.conn.prepare_cached("COMMIT")?.execute([])?;
        Ok(())
    }

    fn start_sweep(&mut self, sweep: &SweepRow) -> anyhow::Result<()> {
        self.conn.execute(
            "INSERT INTO sweeps (id, name, state, started_at) VALUES (?1, ?2, ?3, ?4)",
            params![
                sweep.id,
                sweep.name,
                sweep.state.as_str(),
                ts(sweep.started_at)
            ],
        )?;
        self.sweep = sweep.id.clone();
        self.seq = 0;
        Ok(())
    }

    fn resume_sweep(&mut self, id: &str) -> anyhow::Result<()> {
        self.sweep = id.to_string();
        self.conn.execute(
            "UPDATE frontier SET state = ?1 WHERE sweep = ?2 AND state = ?3",
            params![PENDING, id, IN_FLIGHT],
        )?;
        self.conn
            .execute("UPDATE sweeps SET state = 'running' WHERE id = ?1", [id])?;
        self.load_seq()
    }

    fn set_sweep_state(
        &mut self,
        id: &str,
        state: SweepState,
        ended_at: Option<DateTime<Utc>>,
        summary: Option<&str>,
    ) -> anyhow::Result<()> {
        self.conn.execute(
            "UPDATE sweeps SET state = ?2, ended_at = COALESCE(?3, ended_at), summary = COALESCE(?4, summary) WHERE id = ?1",
            params![id, state.as_str(), ended_at.map(ts), summary],
        )?;
        Ok(())
    }

    fn sweeps(&self, name: Option<&str>) -> anyhow::Result<Vec<SweepRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, name, state, started_at, ended_at, summary FROM sweeps \
             WHERE ?1 IS NULL OR name = ?1 ORDER BY started_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([name], |r| {
            let state: String = r.get(2)?;
            let started: String = r.get(3)?;
            let ended: Option<String> = r.get(4)?;
            Ok(SweepRow {
                id: r.get(0)?,
                name: r.get(1)?,
                state: SweepState::parse(&state).unwrap_or(SweepState::Abandoned),
                started_at: parse_ts(&started),
                ended_at: ended.as_deref().map(parse_ts),
                summary: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn frontier_insert(&mut self, item: &Item, host: &str) -> anyhow::Result<bool> {
        let seq = self.next_seq();
        let chain = (!item.redirect_chain.is_empty()).then(|| {
            item.redirect_chain
                .iter()
                .map(Url::as_str)
                .collect::<Vec<_>>()
                .join("\n")
        });
        let n = self.conn.prepare_cached(
            "INSERT OR IGNORE INTO frontier (sweep, url, seq, host, query_path, state, depth, profile, referrer, redirects, attempts, pagination, chain) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?.execute(params![
            self.sweep,
            item.url.as_str(),
            seq,
            host,
            query_path(&item.url),
            PENDING,
            item.depth,
            item.profile as i64,
            item.referrer.as_ref().map(Url::as_str),
            item.redirects,
            item.attempts,
            item.pagination,
            chain,
        ])?;
        Ok(n == 1)
    }

    fn frontier_contains(&self, url: &Url) -> anyhow::Result<bool> {
        let found = self
            .conn
            .prepare_cached("SELECT 1 FROM frontier WHERE sweep = ?1 AND url = ?2")?
            .query_row(params![self.sweep, url.as_str()], |_| Ok(()))
            .optional()?;
        Ok(found.is_some())
    }

    fn frontier_peek(&self, host: &str) -> anyhow::Result<Option<Item>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {ITEM_COLUMNS} FROM frontier WHERE sweep = ?1 AND host = ?2 AND state = ?3 ORDER BY seq LIMIT 1"
        ))?;
        let item = stmt
            .query_row(params![self.sweep, host, PENDING], Self::item_from_row)
            .optional()?;
        Ok(item.flatten())
    }

    fn frontier_take(&mut self, url: &Url) -> anyhow::Result<()> {
        self.conn
            .prepare_cached("UPDATE frontier SET state = ?3 WHERE sweep = ?1 AND url = ?2")?
            .execute(params![self.sweep, url.as_str(), IN_FLIGHT])?;
        Ok(())
    }

    fn frontier_requeue(&mut self, item: &Item) -> anyhow::Result<()> {
        let seq = self.next_seq();
        self.conn
            .prepare_cached("UPDATE frontier SET state = ?3, seq = ?4, attempts = ?5 WHERE sweep = ?1 AND url = ?2")?
            .execute(params![self.sweep, item.url.as_str(), PENDING, seq, item.attempts])?;
        Ok(())
    }

    fn frontier_finish(&mut self, url: &Url) -> anyhow::Result<()> {
        self.conn
            .prepare_cached("UPDATE frontier SET state = ?3 WHERE sweep = ?1 AND url = ?2")?
            .execute(params![self.sweep, url.as_str(), DONE])?;
        Ok(())
    }

    fn frontier_pending(&self) -> anyhow::Result<Vec<(String, usize)>> {
        let mut stmt = self.conn.prepare(
            "SELECT host, COUNT(*) FROM frontier WHERE sweep = ?1 AND state = ?2 GROUP BY host ORDER BY MIN(seq)",
        )?;
        let rows = stmt.query_map(params![self.sweep, PENDING], |r| {
            Ok((r.get(0)?, r.get::<_, i64>(1)? as usize))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn frontier_count(&self, host: &str, path: Option<&str>) -> anyhow::Result<usize> {
        let n: i64 = match path {
            Some(p) => self
                .conn
                .prepare_cached("SELECT COUNT(*) FROM frontier WHERE sweep = ?1 AND host = ?2 AND query_path = ?3")?
                .query_row(params![self.sweep, host, p], |r| r.get(0))?,
            None => self
                .conn
                .prepare_cached("SELECT COUNT(*) FROM frontier WHERE sweep = ?1 AND host = ?2")?
                .query_row(params![self.sweep, host], |r| r.get(0))?,
        };
        Ok(n as usize)
    }

    fn record_page(&mut self, page: &PageRecord, v: &Validators) -> anyhow::Result<()> {
        let seq = self.next_seq();
        let fig = page.figures.as_ref();
        self.conn
            .prepare_cached(
                "INSERT OR REPLACE INTO pages (sweep, url, site, status, http_status, fetched_at, depth, listings, sha256, detail, etag, last_modified, seq, recorded_at, warc_file, warc_record_id, \
                 page_kind, expects_listings, extraction, found, field_counts) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
            )?
            .execute(params![
                self.sweep,
                page.url.as_str(),
                page.site,
                page.status.as_str(),
                page.http_status,
                page.fetched_at.map(ts),
                page.depth,
                page.listings as i64,
                page.sha256,
                page.detail,
                v.etag,
                v.last_modified,
                seq,
                ts(Utc::now()),
                page.warc_file,
                page.warc_record_id,
                fig.and_then(|f| f.page_kind.as_deref()),
                fig.map(|f| i64::from(f.expects_listings)),
                fig.and_then(|f| f.extraction.map(ExtractionMethod::as_str)),
                fig.map(|f| f.found as i64),
                fig.map(|f| serde_json::to_string(&f.fields)).transpose()?,
            ])?;
        Ok(())
    }

    fn record_links(&mut self, page: &Url, links: &[(Url, u8)]) -> anyhow::Result<()> {
        let mut stmt = self
            .conn
            .prepare_cached("INSERT INTO links (sweep, page, url, via) VALUES (?1, ?2, ?3, ?4)")?;
        for (u, via) in links {
            stmt.execute(params![self.sweep, page.as_str(), u.as_str(), via])?;
        }
        Ok(())
    }

    fn record_listing(&mut self, l: &ListingRecord) -> anyhow::Result<bool> {
        let seq = self.next_seq();
        let x = &l.listing;
        let key = l.key();
        let fetched_at = ts(l.fetched_at);
        let extraction = l.extraction.map(ExtractionMethod::as_str);
        // In `LISTING_COLUMNS` order.
        let values: [&dyn rusqlite::ToSql; 19] = [
            &l.site,
            &l.listing_url,
            &l.page_url.as_str(),
            &fetched_at,
            &l.http_status,
            &l.page_sha256,
            &x.title,
            &x.price,
            &x.moq,
            &x.seller_name,
            &x.seller_url,
            &x.location,
            &x.product_url,
            &x.product_id,
            &x.description,
            &l.warc_file,
            &l.warc_record_id,
            &extraction,
            &x.seller_id,
        ];
        let head: [&dyn rusqlite::ToSql; 3] = [&self.sweep, &key, &seq];
        let n = self
            .conn
            .prepare_cached(&format!(
                "INSERT OR IGNORE INTO listings (sweep, key, seq, {LISTING_COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22)"
            ))?
            .execute(rusqlite::params_from_iter(head.iter().chain(values.iter())))?;
        // A listing seen twice in a sweep keeps its first record, except that a profile's
        // reading replaces an automatic one (the same product read first from a page no
        // rule covers, then from its own page).
        if n == 0 && l.extraction == Some(ExtractionMethod::Profile) {
            self.conn
                .prepare_cached(&format!(
                    "UPDATE listings SET ({LISTING_COLUMNS}) = \
                     (?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21) \
                     WHERE sweep = ?1 AND key = ?2 AND extraction = 'auto'"
                ))?
                .execute(rusqlite::params_from_iter(
                    head[..2].iter().chain(values.iter()),
                ))?;
        }
        Ok(n == 1)
    }

    fn record_seller(&mut self, s: &SellerRecord) -> anyhow::Result<bool> {
        let key = s.key();
        let old = self
            .sellers_where("sweep = ?1 AND key = ?2", &[&self.sweep, &key])?
            .into_iter()
            .next();
        let new = old.is_none();
        let rec = match old {
            Some(mut old) => {
                old.absorb(s);
                old
            }
            None => s.clone(),
        };
        let seq = self.next_seq();
        let x = &rec.seller;
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO sellers (sweep, key, seq, {SELLER_COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17) \
                 ON CONFLICT(sweep, key) DO UPDATE SET seller_id = excluded.seller_id, name = excluded.name, \
                 url = excluded.url, location = excluded.location, extra = excluded.extra, \
                 first_seen = excluded.first_seen, last_seen = excluded.last_seen"
            ))?
            .execute(params![
                self.sweep,
                key,
                seq,
                rec.site,
                x.seller_id,
                x.name,
                x.url,
                x.location,
                serde_json::to_string(&x.extra)?,
                rec.page_url.as_str(),
                ts(rec.fetched_at),
                rec.http_status,
                rec.page_sha256,
                rec.warc_file,
                rec.warc_record_id,
                ts(rec.first_seen),
                ts(rec.last_seen),
            ])?;
        Ok(new)
    }

    fn sellers(&self, id: &str) -> anyhow::Result<Vec<SellerRecord>> {
        self.sellers_where("sweep = ?1", &[id])
    }

    fn sellers_on(&self, id: &str, page: &Url) -> anyhow::Result<Vec<SellerRecord>> {
        self.sellers_where("sweep = ?1 AND page_url = ?2", &[id, page.as_str()])
    }

    fn for_each_seller(
        &self,
        id: &str,
        f: &mut dyn FnMut(i64, SellerRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SELLER_COLUMNS}, seq FROM sellers WHERE sweep = ?1 ORDER BY seq"
        ))?;
        let mut rows = stmt.query([id])?;
        while let Some(row) = rows.next()? {
            let seq: i64 = row.get(14)?;
            if let Some(s) = Self::seller_from_row(row)? {
                f(seq, s)?;
            }
        }
        Ok(())
    }

    fn seller_at(&self, id: &str, seq: i64) -> anyhow::Result<Option<SellerRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {SELLER_COLUMNS} FROM sellers WHERE sweep = ?1 AND seq = ?2"
        ))?;
        let mut rows = stmt.query(params![id, seq])?;
        match rows.next()? {
            Some(row) => Ok(Self::seller_from_row(row)?),
            None => Ok(None),
        }
    }

    fn for_each_page(
        &self,
        id: &str,
        f: &mut dyn FnMut(PageRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PAGE_COLUMNS} FROM pages WHERE sweep = ?1 ORDER BY seq"
        ))?;
        let mut rows = stmt.query([id])?;
        while let Some(row) = rows.next()? {
            if let Some(p) = page_from_row(row)? {
                f(p)?;
            }
        }
        Ok(())
    }

    fn page(&self, id: &str, url: &str) -> anyhow::Result<Option<PageRecord>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {PAGE_COLUMNS} FROM pages WHERE sweep = ?1 AND url = ?2"
        ))?;
        let mut rows = stmt.query([id, url])?;
        match rows.next()? {
            Some(row) => Ok(page_from_row(row)?),
            None => Ok(None),
        }
    }

    fn for_each_listing(
        &self,
        id: &str,
        f: &mut dyn FnMut(ListingRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {LISTING_COLUMNS} FROM listings WHERE sweep = ?1 ORDER BY seq"
        ))?;
        let mut rows = stmt.query([id])?;
        while let Some(row) = rows.next()? {
            if let Some(l) = Self::listing_from_row(row)? {
                f(l)?;
            }
        }
        Ok(())
    }

    fn listings_on(&self, id: &str, page: &Url) -> anyhow::Result<Vec<ListingRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {LISTING_COLUMNS} FROM listings WHERE sweep = ?1 AND page_url = ?2 ORDER BY seq"
        ))?;
        let rows = stmt.query_map(params![id, page.as_str()], Self::listing_from_row)?;
        Ok(rows
            .filter_map(|r| r.transpose())
            .collect::<Result<_, _>>()?)
    }

    fn links_of(&self, id: &str, page: &Url) -> anyhow::Result<Vec<(Url, u8)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT url, via FROM links WHERE sweep = ?1 AND page = ?2 ORDER BY rowid")?;
        let rows = stmt.query_map(params![id, page.as_str()], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, u8>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (u, via) = row?;
            if let Ok(u) = Url::parse(&u) {
                out.push((u, via));
            }
        }
        Ok(out)
    }

    fn page_validators(&self, id: &str, url: &Url) -> anyhow::Result<Option<Validators>> {
        let v = self
            .conn
            .prepare_cached("SELECT etag, last_modified FROM pages WHERE sweep = ?1 AND url = ?2 AND status IN ('ok', 'not_modified')")?
            .query_row(params![id, url.as_str()], |r| Ok(Validators { etag: r.get(0)?, last_modified: r.get(1)? }))
            .optional()?;
        Ok(v)
    }

    fn page_figures(&self, id: &str, url: &Url) -> anyhow::Result<Option<PageFigures>> {
        let f = self
            .conn
            .prepare_cached(
                "SELECT page_kind, expects_listings, extraction, found, field_counts FROM pages WHERE sweep = ?1 AND url = ?2",
            )?
            .query_row(params![id, url.as_str()], |r| Ok(figures_from_row(r, 0)))
            .optional()?;
        Ok(f.flatten())
    }

    fn record_findings(
        &mut self,
        id: &str,
        findings: &[(FindingKey, String)],
    ) -> anyhow::Result<()> {
        let tx = self.conn.transaction()?;
        tx.execute("DELETE FROM findings WHERE sweep = ?1", [id])?;
        {
            let mut stmt =
                tx.prepare("INSERT OR IGNORE INTO findings (sweep, listing, brand_key, brand) VALUES (?1, ?2, ?3, ?4)")?;
            for (k, brand) in findings {
                stmt.execute(params![id, k.listing, k.brand, brand])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn findings(&self, id: &str) -> anyhow::Result<Vec<(FindingKey, ListingRecord, String)>> {
        let mut out = Vec::new();
        self.for_each_finding(id, &mut |key, rec, brand| {
            out.push((key, rec, brand));
            Ok(())
        })?;
        Ok(out)
    }

    fn for_each_finding(
        &self,
        id: &str,
        f: &mut dyn FnMut(FindingKey, ListingRecord, String) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        // Keys first, in order, then each listing by its key: sorted whole (every column
        // of every flagged listing, descriptions included) the ORDER BY's temporary
        // B-tree held megabytes per thousand findings; sorted as keys it holds a few
        // dozen bytes a finding.
        let mut order = self.conn.prepare_cached(
            "SELECT f.listing, f.brand_key, f.brand FROM findings f \
             JOIN listings l ON l.sweep = f.sweep AND l.key = f.listing \
             WHERE f.sweep = ?1 ORDER BY l.seq, f.brand_key",
        )?;
        let mut one = self.conn.prepare_cached(&format!(
            "SELECT {LISTING_COLUMNS} FROM listings WHERE sweep = ?1 AND key = ?2"
        ))?;
        let mut rows = order.query([id])?;
        while let Some(r) = rows.next()? {
            let key = FindingKey {
                listing: r.get(0)?,
                brand: r.get(1)?,
            };
            let brand: String = r.get(2)?;
            let listing = one
                .query_row(params![id, key.listing], Self::listing_from_row)
                .optional()?
                .flatten();
            if let Some(l) = listing {
                f(key, l, brand)?;
            }
        }
        Ok(())
    }

    fn touch_listing(
        &mut self,
        name: &str,
        key: &str,
        seen_at: DateTime<Utc>,
    ) -> anyhow::Result<DateTime<Utc>> {
        let now = ts(seen_at);
        self.conn
            .prepare_cached(
                "INSERT INTO seen (name, key, first_seen, last_seen) VALUES (?1, ?2, ?3, ?3) \
                 ON CONFLICT(name, key) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)",
            )?
            .execute(params![name, key, now])?;
        let first: String = self
            .conn
            .prepare_cached("SELECT first_seen FROM seen WHERE name = ?1 AND key = ?2")?
            .query_row(params![name, key], |r| r.get(0))?;
        Ok(parse_ts(&first))
    }

    fn touch_listings(
        &mut self,
        name: &str,
        id: &str,
        seen_at: DateTime<Utc>,
    ) -> anyhow::Result<()> {
        // `WHERE` keeps the upsert unambiguous after a SELECT (SQLite's parsing rule).
        self.conn.execute(
            &format!(
                "INSERT INTO seen (name, key, first_seen, last_seen) \
             SELECT ?1, {LISTING_KEY}, ?3, ?3 FROM listings WHERE sweep = ?2 \
             ON CONFLICT(name, key) DO UPDATE SET last_seen = MAX(last_seen, excluded.last_seen)"
            ),
            params![name, id, ts(seen_at)],
        )?;
        Ok(())
    }

    fn decision_record(&mut self, d: &DecisionRecord) -> anyhow::Result<()> {
        self.conn
            .prepare_cached(&format!(
                "INSERT INTO decisions ({DECISION_COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)"
            ))?
            .execute(params![
                d.listing,
                d.brand_key,
                d.brand,
                d.decision.as_str(),
                d.note,
                d.decided_by,
                ts(d.decided_at),
                d.sweep,
                d.site,
                d.title,
                d.price,
                d.seller_id,
                d.seller_url,
                d.seller_name,
                d.source,
            ])?;
        Ok(())
    }

    fn decision_current(&self) -> anyhow::Result<Vec<DecisionRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions d WHERE id = \
             (SELECT MAX(id) FROM decisions e WHERE e.listing = d.listing AND e.brand_key = d.brand_key) ORDER BY id"
        ))?;
        let rows = stmt.query_map([], decision_from_row)?;
        Ok(rows
            .filter_map(|r| r.transpose())
            .collect::<Result<_, _>>()?)
    }

    fn decision_log(&self, name: Option<&str>) -> anyhow::Result<Vec<DecisionRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {DECISION_COLUMNS} FROM decisions \
             WHERE ?1 IS NULL OR sweep IN (SELECT id FROM sweeps WHERE name = ?1) ORDER BY id"
        ))?;
        let rows = stmt.query_map([name], decision_from_row)?;
        Ok(rows
            .filter_map(|r| r.transpose())
            .collect::<Result<_, _>>()?)
    }

    fn takedown_record_batch(
        &mut self,
        b: &BatchRecord,
        items: &[BatchItem],
    ) -> anyhow::Result<()> {
        let tx = self.conn.transaction()?;
        let sent: Option<Option<String>> = tx
            .query_row(
                "SELECT sent_at FROM takedown_batches WHERE id = ?1",
                [&b.id],
                |r| r.get(0),
            )
            .optional()?;
        if sent.flatten().is_none() {
            tx.execute(
                "INSERT INTO takedown_batches (id, sweep, site, file, created_at) VALUES (?1, ?2, ?3, ?4, ?5) \
                 ON CONFLICT(id) DO UPDATE SET site = excluded.site, file = excluded.file, created_at = excluded.created_at",
                params![b.id, b.sweep, b.site, b.file, ts(b.created_at)],
            )?;
            tx.execute("DELETE FROM takedown_items WHERE batch = ?1", [&b.id])?;
            let mut stmt = tx.prepare(
                "INSERT OR IGNORE INTO takedown_items (batch, listing, site, listing_url, page_url, brands) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for i in items {
                stmt.execute(params![
                    b.id,
                    i.listing,
                    i.site,
                    i.listing_url,
                    i.page_url,
                    i.brands
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    fn takedown_batches(&self, name: Option<&str>) -> anyhow::Result<Vec<BatchRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {BATCH_COLUMNS} FROM takedown_batches b \
             WHERE ?1 IS NULL OR b.sweep IN (SELECT id FROM sweeps WHERE name = ?1) ORDER BY b.created_at, b.id"
        ))?;
        let rows = stmt.query_map([name], batch_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn takedown_items(&self, batch: &str) -> anyhow::Result<Vec<BatchItem>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {ITEM_OUTCOME_COLUMNS} FROM takedown_items WHERE batch = ?1 ORDER BY rowid"
        ))?;
        let rows = stmt.query_map([batch], batch_item_from_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    fn takedown_mark_sent(
        &mut self,
        batch: &str,
        at: DateTime<Utc>,
        by: &str,
        note: &str,
    ) -> anyhow::Result<()> {
        let n = self.conn.execute(
            "UPDATE takedown_batches SET sent_at = ?2, sent_by = ?3, note = ?4 WHERE id = ?1",
            params![batch, ts(at), by, note],
        )?;
        anyhow::ensure!(n == 1, "no takedown batch {batch} in the state");
        Ok(())
    }

    fn takedown_update_item(&mut self, i: &BatchItem) -> anyhow::Result<()> {
        self.conn
            .prepare_cached(
                "UPDATE takedown_items SET status = ?3, checked_sweep = ?4, checked_at = ?5, removed_at = ?6, \
                 removed_how = ?7 WHERE batch = ?1 AND listing = ?2",
            )?
            .execute(params![
                i.batch,
                i.listing,
                i.status.as_str(),
                i.checked_sweep,
                i.checked_at.map(ts),
                i.removed_at.map(ts),
                i.removed_how,
            ])?;
        Ok(())
    }

    fn takedown_listing_seen(
        &self,
        id: &str,
        key: &str,
    ) -> anyhow::Result<Option<(DateTime<Utc>, String)>> {
        let row: Option<(String, String)> = self
            .conn
            .prepare_cached(
                "SELECT fetched_at, page_url FROM listings WHERE sweep = ?1 AND key = ?2",
            )?
            .query_row(params![id, key], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        Ok(row.map(|(at, page)| (parse_ts(&at), page)))
    }

    fn first_seen(&self, name: &str, key: &str) -> anyhow::Result<Option<DateTime<Utc>>> {
        let first: Option<String> = self
            .conn
            .prepare_cached("SELECT first_seen FROM seen WHERE name = ?1 AND key = ?2")?
            .query_row(params![name, key], |r| r.get(0))
            .optional()?;
        Ok(first.as_deref().map(parse_ts))
    }

    fn relist_listing_seen(&self, id: &str, key: &str) -> anyhow::Result<bool> {
        Ok(self
            .conn
            .prepare_cached("SELECT 1 FROM listings WHERE sweep = ?1 AND key = ?2")?
            .query_row(params![id, key], |_| Ok(()))
            .optional()?
            .is_some())
    }

    fn relist_listings_by_url(&self, url: &str) -> anyhow::Result<Vec<(String, ListingRecord)>> {
        let cols = LISTING_COLUMNS
            .split(", ")
            .map(|c| format!("l.{}", c.trim()))
            .collect::<Vec<_>>()
            .join(", ");
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {cols}, l.sweep FROM listings l JOIN sweeps s ON s.id = l.sweep \
             WHERE l.listing_url = ?1 ORDER BY s.started_at DESC, l.seq"
        ))?;
        let rows = stmt.query_map([url], |r| {
            let listing = Self::listing_from_row(r)?;
            Ok(listing.map(|l| (r.get::<_, String>(19).unwrap_or_default(), l)))
        })?;
        Ok(rows
            .filter_map(|r| r.transpose())
            .collect::<Result<_, _>>()?)
    }
}

/// Whether `err` says the file is not a database or is damaged.
fn is_corruption(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        matches!(
            cause.downcast_ref::<rusqlite::Error>(),
            Some(rusqlite::Error::SqliteFailure(e, _))
                if matches!(
                    e.code,
                    rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
                )
        )
    })
}

/// The message of a damaged state file: what is wrong and what to do.
pub fn damaged_message(path: &Path) -> String {
    format!(
        "the state file {p} is damaged (truncated or corrupted); run \
         `greysweep history --check --state {p}` for details, then move it aside \
         (with its -wal and -shm files) and either salvage it \
         (`sqlite3 {p}.damaged .recover | sqlite3 {p}`) or let the next sweep start \
         a new one; see README, \"Damaged state file\"",
        p = path.display()
    )
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An in-memory store with one running sweep, `id`.
    pub(crate) fn store_with_sweep(id: &str) -> SqliteStore {
        let mut store = SqliteStore::in_memory().expect("store");
        store
            .start_sweep(&SweepRow {
                id: id.into(),
                name: "s".into(),
                state: SweepState::Running,
                started_at: Utc::now(),
                ended_at: None,
                summary: None,
            })
            .expect("sweep");
        store
    }

    #[test]
    fn a_lock_released_within_the_grace_period_is_taken_and_one_held_is_named() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("state.sqlite");
        // A run ending: its lock goes a moment after the next run asks for it.
        let first = SqliteStore::open(&path).expect("first run");
        let ending = std::thread::spawn(move || {
            std::thread::sleep(std::time::Duration::from_millis(300));
            drop(first);
        });
        let second = SqliteStore::open(&path).expect("taken once released");
        ending.join().expect("thread");
        // A run that goes on holding it: named, after the grace period.
        let Err(err) = SqliteStore::open(&path) else {
            panic!("opened a state file another run holds");
        };
        assert!(err.downcast_ref::<Locked>().is_some(), "{err:#}");
        drop(second);
        SqliteStore::open(&path).expect("free again");
    }

    /// The listings and sellers of one page are read through the page index, never by
    /// walking the whole sweep in `seq` order (which made re-sweeps quadratic).
    #[test]
    fn one_pages_rows_are_found_by_the_page_index() {
        let store = store_with_sweep("s-1");
        for (table, columns) in [("listings", LISTING_COLUMNS), ("sellers", SELLER_COLUMNS)] {
            let plan: Vec<String> = store
                .conn
                .prepare(&format!(
                    "EXPLAIN QUERY PLAN SELECT {columns} FROM {table} \
                     WHERE sweep = ?1 AND page_url = ?2 ORDER BY seq"
                ))
                .expect("plan")
                .query_map(params!["s-1", "https://d.example/p"], |r| {
                    r.get::<_, String>(3)
                })
                .expect("rows")
                .collect::<Result<_, _>>()
                .expect("plan rows");
            let plan = plan.join(" | ");
            assert!(
                plan.contains(&format!("INDEX {table}_page (sweep=? AND page_url=?)")),
                "{table}: {plan}"
            );
            assert!(
                !plan.contains("TEMP B-TREE"),
                "{table}: sorted apart: {plan}"
            );
        }
    }

    /// A state file written by the previous version (schema 1) opens, gains the health
    /// columns, and its rows read back with unknown extraction and no figures.
    #[test]
    fn a_schema_1_state_file_is_migrated() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.sqlite");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(MIGRATIONS[0]).expect("schema 1");
            conn.pragma_update(None, "user_version", 1)
                .expect("version");
            conn.execute_batch(
                "INSERT INTO sweeps VALUES ('s-1', 's', 'complete', '2026-01-01T00:00:00.000Z', NULL, NULL);
                 INSERT INTO pages (sweep, url, site, status, depth, listings, seq, recorded_at)
                   VALUES ('s-1', 'https://a.example/list', 'a', 'ok', 0, 1, 1, '2026-01-01T00:00:00.000Z');
                 INSERT INTO listings (sweep, key, seq, site, listing_url, page_url, fetched_at, http_status, page_sha256, title)
                   VALUES ('s-1', 'a|url|x', 2, 'a', 'https://a.example/p/1', 'https://a.example/list', '2026-01-01T00:00:00.000Z', 200, 'ab', 'Old');",
            )
            .expect("old rows");
        }
        let store = SqliteStore::open(&path).expect("migrates");
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, MIGRATIONS.len() as i64);
        let listings = store.listings("s-1").expect("listings");
        assert_eq!(listings.len(), 1);
        assert_eq!(listings[0].listing.title.as_deref(), Some("Old"));
        assert_eq!(listings[0].extraction, None);
        assert_eq!(listings[0].listing.seller_id, None);
        let pages = store.pages("s-1").expect("pages");
        assert_eq!(pages.len(), 1);
        assert_eq!(pages[0].figures, None);
    }

    /// A state file of schema 2 (extraction health, no seller ids) opens, gains the
    /// `seller_id` column, reads its rows back with an unknown seller id and a flagged
    /// finding intact, and takes new listings with one.
    #[test]
    fn a_schema_2_state_file_is_migrated() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.sqlite");
        {
            let conn = Connection::open(&path).expect("open");
            conn.execute_batch(MIGRATIONS[0]).expect("schema 1");
            conn.execute_batch(MIGRATIONS[1]).expect("schema 2");
            conn.pragma_update(None, "user_version", 2)
                .expect("version");
            conn.execute_batch(
                "INSERT INTO sweeps VALUES ('s-1', 's', 'complete', '2026-01-01T00:00:00.000Z', NULL, NULL);
                 INSERT INTO listings (sweep, key, seq, site, listing_url, page_url, fetched_at, http_status, page_sha256, title, seller_name, extraction)
                   VALUES ('s-1', 'a|url|x', 2, 'a', 'https://a.example/p/1', 'https://a.example/list', '2026-01-01T00:00:00.000Z', 200, 'ab', 'Old', 'Acme', 'profile');
                 INSERT INTO findings VALUES ('s-1', 'a|url|x', 'acme', 'Acme');",
            )
            .expect("old rows");
        }
        let mut store = SqliteStore::open(&path).expect("migrates");
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, MIGRATIONS.len() as i64);
        let listings = store.listings("s-1").expect("listings");
        assert_eq!(listings.len(), 1);
        assert_eq!(listings[0].listing.seller_name.as_deref(), Some("Acme"));
        assert_eq!(listings[0].extraction, Some(ExtractionMethod::Profile));
        assert_eq!(listings[0].listing.seller_id, None);
        let findings = store.findings("s-1").expect("findings");
        assert_eq!(findings.len(), 1);
        assert_eq!(findings[0].0.brand, "acme");
        assert_eq!(findings[0].2, "Acme");

        store
            .start_sweep(&SweepRow {
                id: "s-2".into(),
                name: "s".into(),
                state: SweepState::Running,
                started_at: Utc::now(),
                ended_at: None,
                summary: None,
            })
            .expect("sweep");
        let url = Url::parse("https://a.example/p/1").expect("url");
        store
            .record_listing(&ListingRecord {
                site: "a".into(),
                listing_url: url.to_string(),
                listing: Listing {
                    title: Some("New".into()),
                    seller_id: Some("220145".into()),
                    ..Listing::default()
                },
                page_url: url,
                fetched_at: Utc::now(),
                http_status: 200,
                page_sha256: String::new(),
                warc_file: None,
                warc_record_id: None,
                extraction: Some(ExtractionMethod::Profile),
                joined: None,
                findings: Vec::new(),
            })
            .expect("listing");
        let now = store.listings("s-2").expect("listings");
        assert_eq!(now[0].listing.seller_id.as_deref(), Some("220145"));
    }

    /// A state file of schema 3 (seller ids, no seller records) opens, gains the
    /// `sellers` table, keeps its listings, pages and findings, and takes seller records
    /// that merge per seller and resume without duplicates.
    #[test]
    fn a_schema_3_state_file_is_migrated() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.sqlite");
        {
            let conn = Connection::open(&path).expect("open");
            for m in &MIGRATIONS[..3] {
                conn.execute_batch(m).expect("old schema");
            }
            conn.pragma_update(None, "user_version", 3)
                .expect("version");
            conn.execute_batch(
                "INSERT INTO sweeps VALUES ('s-1', 's', 'complete', '2026-01-01T00:00:00.000Z', NULL, NULL);
                 INSERT INTO pages (sweep, url, site, status, depth, listings, seq, recorded_at)
                   VALUES ('s-1', 'https://a.example/list', 'a', 'ok', 0, 1, 1, '2026-01-01T00:00:00.000Z');
                 INSERT INTO listings (sweep, key, seq, site, listing_url, page_url, fetched_at, http_status, page_sha256, title, seller_name, extraction, seller_id)
                   VALUES ('s-1', 'a|url|x', 2, 'a', 'https://a.example/p/1', 'https://a.example/list', '2026-01-01T00:00:00.000Z', 200, 'ab', 'Old', 'Acme', 'profile', '220145');
                 INSERT INTO findings VALUES ('s-1', 'a|url|x', 'acme', 'Acme');",
            )
            .expect("old rows");
        }
        let mut store = SqliteStore::open(&path).expect("migrates");
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, MIGRATIONS.len() as i64);
        let listings = store.listings("s-1").expect("listings");
        assert_eq!(listings.len(), 1);
        assert_eq!(listings[0].listing.seller_id.as_deref(), Some("220145"));
        assert_eq!(store.pages("s-1").expect("pages").len(), 1);
        assert_eq!(store.findings("s-1").expect("findings").len(), 1);
        assert!(store.sellers("s-1").expect("sellers").is_empty());

        store
            .start_sweep(&SweepRow {
                id: "s-2".into(),
                name: "s".into(),
                state: SweepState::Running,
                started_at: Utc::now(),
                ended_at: None,
                summary: None,
            })
            .expect("sweep");
        let page = Url::parse("https://a.example/seller/220145").expect("url");
        let t0 = Utc::now();
        let mut first = SellerRecord::new(
            "a",
            Seller {
                seller_id: Some("220145".into()),
                name: Some("Acme Trading".into()),
                ..Seller::default()
            },
            &page,
            t0,
        );
        first.warc_record_id = Some("<urn:uuid:a>".into());
        assert!(store.record_seller(&first).expect("seller"), "new");
        let contact = Url::parse("https://a.example/seller/220145/contact").expect("url");
        let mut second = SellerRecord::new(
            "a",
            Seller {
                seller_id: Some("220145".into()),
                location: Some("Ningbo".into()),
                extra: [("phone".to_string(), "+86 574".to_string())].into(),
                ..Seller::default()
            },
            &contact,
            t0 + chrono::Duration::seconds(3),
        );
        second.warc_record_id = Some("<urn:uuid:b>".into());
        assert!(
            !store.record_seller(&second).expect("seller"),
            "the same seller"
        );
        drop(store);

        let mut store = SqliteStore::open(&path).expect("reopens");
        store.resume_sweep("s-2").expect("resume");
        let sellers = store.sellers("s-2").expect("sellers");
        assert_eq!(sellers.len(), 1);
        let s = &sellers[0];
        assert_eq!(s.seller.name.as_deref(), Some("Acme Trading"));
        assert_eq!(s.seller.location.as_deref(), Some("Ningbo"));
        assert_eq!(s.seller.extra["phone"], "+86 574");
        assert_eq!(
            s.warc_record_id.as_deref(),
            Some("<urn:uuid:a>"),
            "first page's evidence"
        );
        assert_eq!(s.page_url, page);
        assert!(s.last_seen > s.first_seen);
        assert_eq!(store.sellers_on("s-2", &page).expect("on page").len(), 1);
        assert!(!store.record_seller(&first).expect("again"), "no duplicate");
        assert_eq!(store.sellers("s-2").expect("sellers").len(), 1);
    }

    /// A state file of schema 5 (the release before case management) opens, keeps its
    /// sweeps, pages, listings, findings, seller records and first-seen history, and takes
    /// decisions and takedown batches, whose outcomes survive a reopen.
    #[test]
    fn a_schema_5_state_file_is_migrated() {
        use crate::case::decision::{Decision, DecisionRecord, Decisions};
        use crate::case::outcome::{BatchItem, BatchRecord, ItemStatus};
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("old.sqlite");
        {
            let conn = Connection::open(&path).expect("open");
            for m in &MIGRATIONS[..5] {
                conn.execute_batch(m).expect("old schema");
            }
            conn.pragma_update(None, "user_version", 5)
                .expect("version");
            conn.execute_batch(
                "INSERT INTO sweeps VALUES ('s-1', 's', 'complete', '2026-01-01T00:00:00.000Z', '2026-01-01T00:10:00.000Z', '{\"findings\": 1}');
                 INSERT INTO sweeps VALUES ('s-2', 's', 'complete', '2026-01-08T00:00:00.000Z', '2026-01-08T00:10:00.000Z', '{\"findings\": 1}');
                 INSERT INTO pages (sweep, url, site, status, http_status, fetched_at, depth, listings, seq, recorded_at)
                   VALUES ('s-2', 'https://a.example/list', 'a', 'ok', 200, '2026-01-08T00:01:00.000Z', 0, 1, 1, '2026-01-08T00:01:00.000Z');
                 INSERT INTO listings (sweep, key, seq, site, listing_url, page_url, fetched_at, http_status, page_sha256, title, price, seller_name, extraction, seller_id)
                   VALUES ('s-2', 'a|id|7', 2, 'a', 'https://a.example/p/7', 'https://a.example/list', '2026-01-08T00:01:00.000Z', 200, 'ab', 'Acme skates', 'US$ 3', 'Wile', 'profile', '220145');
                 INSERT INTO findings VALUES ('s-2', 'a|id|7', 'acme', 'Acme');
                 INSERT INTO seen VALUES ('s', 'a|id|7', '2026-01-01T00:01:00.000Z', '2026-01-08T00:01:00.000Z');
                 INSERT INTO sellers (sweep, key, seq, site, seller_id, page_url, fetched_at, http_status, page_sha256, first_seen, last_seen)
                   VALUES ('s-2', 'a|id|220145', 3, 'a', '220145', 'https://a.example/s/1', '2026-01-08T00:02:00.000Z', 200, 'cd', '2026-01-08T00:02:00.000Z', '2026-01-08T00:02:00.000Z');",
            )
            .expect("old rows");
        }
        let mut store = SqliteStore::open(&path).expect("migrates");
        let version: i64 = store
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .expect("version");
        assert_eq!(version, MIGRATIONS.len() as i64);
        let sweeps = store.sweeps(Some("s")).expect("sweeps");
        assert_eq!(
            sweeps.iter().map(|s| s.id.as_str()).collect::<Vec<_>>(),
            ["s-2", "s-1"]
        );
        assert!(
            sweeps[0]
                .summary
                .as_deref()
                .is_some_and(|s| s.contains("findings"))
        );
        assert_eq!(store.pages("s-2").expect("pages").len(), 1);
        assert_eq!(store.sellers("s-2").expect("sellers").len(), 1);
        assert_eq!(
            store.first_seen("s", "a|id|7").expect("seen"),
            Some(parse_ts("2026-01-01T00:01:00.000Z"))
        );
        let findings = store.findings("s-2").expect("findings");
        assert_eq!(findings.len(), 1);
        assert!(store.decision_current().expect("decisions").is_empty());
        assert!(store.takedown_batches(None).expect("batches").is_empty());

        // The new tables take a decision and a batch, and keep them across a reopen.
        let (key, rec, brand) = &findings[0];
        let at = parse_ts("2026-01-09T09:00:00.000Z");
        let d = DecisionRecord::of(
            rec,
            brand,
            Decision::Authorised,
            "licensed",
            "ana",
            at,
            "s-2",
            "review",
        );
        store.decision_record(&d).expect("decision");
        let batch = BatchRecord {
            id: "s-2/a-001".into(),
            sweep: "s-2".into(),
            site: "a".into(),
            file: "takedown/a-001.csv".into(),
            created_at: at,
            listings: 1,
            sent_at: None,
            sent_by: None,
            note: None,
        };
        let mut item = BatchItem {
            batch: batch.id.clone(),
            listing: key.listing.clone(),
            site: "a".into(),
            listing_url: rec.listing_url.clone(),
            page_url: rec.page_url.to_string(),
            brands: "Acme".into(),
            status: ItemStatus::Unchecked,
            checked_sweep: None,
            checked_at: None,
            removed_at: None,
            removed_how: None,
        };
        store
            .takedown_record_batch(&batch, std::slice::from_ref(&item))
            .expect("batch");
        store
            .takedown_mark_sent(&batch.id, at, "ana", "complaint 42")
            .expect("sent");
        item.status = ItemStatus::Removed;
        item.removed_at = Some(at + chrono::Duration::hours(30));
        item.removed_how = Some("http_404".into());
        store.takedown_update_item(&item).expect("outcome");
        // Re-recording a sent batch (a resumed sweep) leaves it and its outcomes alone.
        store.takedown_record_batch(&batch, &[]).expect("again");
        drop(store);

        let store = SqliteStore::open(&path).expect("reopens");
        let current = store.decision_current().expect("decisions");
        assert_eq!(current, vec![d]);
        let allow = Decisions::new(current);
        assert_eq!(allow.allow_list().len(), 1);
        let view: i64 = store
            .conn
            .query_row("SELECT COUNT(*) FROM allow_list", [], |r| r.get(0))
            .expect("allow_list view");
        assert_eq!(view, 1);
        let batches = store.takedown_batches(Some("s")).expect("batches");
        assert_eq!(batches.len(), 1);
        assert_eq!(batches[0].sent_at, Some(at));
        assert_eq!(batches[0].note.as_deref(), Some("complaint 42"));
        assert_eq!(batches[0].listings, 1);
        assert_eq!(
            store.takedown_items("s-2/a-001").expect("items"),
            vec![item.clone()]
        );
        // The seams relisting and dossiers read.
        let removed = crate::case::outcome::removed_listings(&store, Some("s")).expect("removed");
        assert_eq!(removed.len(), 1);
        assert_eq!(removed[0].1, item);
        assert!(
            crate::case::outcome::removed_listings(&store, Some("other"))
                .expect("removed")
                .is_empty()
        );
        let authorised = crate::case::decision::in_force(&store, Some("s"), Decision::Authorised)
            .expect("in force");
        assert_eq!(authorised.len(), 1);
        assert!(
            crate::case::decision::in_force(&store, None, Decision::Dismissed)
                .expect("in force")
                .is_empty()
        );
        assert_eq!(
            store.takedown_listing_seen("s-2", "a|id|7").expect("seen"),
            Some((
                parse_ts("2026-01-08T00:01:00.000Z"),
                "https://a.example/list".to_string()
            ))
        );
        assert_eq!(
            store.takedown_listing_seen("s-1", "a|id|7").expect("seen"),
            None
        );
    }

    #[test]
    fn figures_and_extraction_round_trip() {
        let mut store = store_with_sweep("s-1");
        let url = Url::parse("https://a.example/list").expect("url");
        let listing = Listing {
            title: Some("T".into()),
            price: Some("US$ 1".into()),
            ..Listing::default()
        };
        let figures = PageFigures::from_listings(
            Some("search".into()),
            true,
            Some(ExtractionMethod::Auto),
            std::iter::once(&listing),
        );
        let page = PageRecord {
            url: url.clone(),
            site: "a".into(),
            status: PageStatus::Ok,
            http_status: Some(200),
            fetched_at: Some(Utc::now()),
            depth: 0,
            listings: 1,
            sha256: None,
            detail: None,
            warc_file: None,
            warc_record_id: None,
            figures: Some(figures.clone()),
        };
        store
            .record_page(&page, &Validators::default())
            .expect("page");
        store
            .record_listing(&ListingRecord {
                site: "a".into(),
                listing_url: url.to_string(),
                listing,
                page_url: url.clone(),
                fetched_at: Utc::now(),
                http_status: 200,
                page_sha256: String::new(),
                warc_file: None,
                warc_record_id: None,
                extraction: Some(ExtractionMethod::Auto),
                joined: None,
                findings: Vec::new(),
            })
            .expect("listing");
        assert_eq!(
            store.pages("s-1").expect("pages")[0].figures,
            Some(figures.clone())
        );
        assert_eq!(
            store.page_figures("s-1", &url).expect("figures"),
            Some(figures)
        );
        assert_eq!(
            store.listings("s-1").expect("listings")[0].extraction,
            Some(ExtractionMethod::Auto)
        );
    }

    #[test]
    fn pages_stream_in_the_order_recorded_and_one_is_found_by_url() {
        let mut store = store_with_sweep("s-1");
        let page = |path: &str, status: PageStatus| PageRecord {
            url: Url::parse(&format!("https://a.example/{path}")).expect("url"),
            site: "a".into(),
            status,
            http_status: Some(200),
            fetched_at: None,
            depth: 1,
            listings: 0,
            sha256: Some(format!("sha-{path}")),
            detail: None,
            warc_file: None,
            warc_record_id: None,
            figures: None,
        };
        for (path, status) in [
            ("c", PageStatus::Ok),
            ("a", PageStatus::Blocked),
            ("b", PageStatus::Ok),
        ] {
            store
                .record_page(&page(path, status), &Validators::default())
                .expect("page");
        }
        // Recorded again: it moves to the end, once.
        store
            .record_page(&page("c", PageStatus::HttpError), &Validators::default())
            .expect("page");
        let mut seen = Vec::new();
        store
            .for_each_page("s-1", &mut |p| {
                seen.push((p.url.path().to_string(), p.status));
                Ok(())
            })
            .expect("stream");
        assert_eq!(
            seen,
            [
                ("/a".to_string(), PageStatus::Blocked),
                ("/b".to_string(), PageStatus::Ok),
                ("/c".to_string(), PageStatus::HttpError),
            ]
        );
        assert_eq!(store.pages("s-1").expect("pages").len(), 3);
        let b = store
            .page("s-1", "https://a.example/b")
            .expect("lookup")
            .expect("found");
        assert_eq!(b.sha256.as_deref(), Some("sha-b"));
        assert!(
            store
                .page("s-1", "https://a.example/zz")
                .expect("lookup")
                .is_none()
        );
        assert!(
            store
                .page("s-2", "https://a.example/b")
                .expect("lookup")
                .is_none()
        );
        // A callback's error stops the stream and is returned.
        let mut calls = 0;
        let r = store.for_each_page("s-1", &mut |_| {
            calls += 1;
            anyhow::bail!("stop")
        });
        assert!(r.is_err());
        assert_eq!(calls, 1);
    }

    #[test]
    fn a_profile_reading_replaces_an_automatic_one_and_nothing_else_does() {
        let mut store = store_with_sweep("s-1");
        let store_page = Url::parse("https://a.example/store/x").expect("url");
        let item_page = Url::parse("https://a.example/item/7.html").expect("url");
        let rec = |page: &Url, title: &str, seller: Option<&str>, how| ListingRecord {
            site: "a".into(),
            listing_url: item_page.to_string(),
            listing: Listing {
                title: Some(title.into()),
                seller_name: seller.map(str::to_string),
                seller_id: seller.map(|s| format!("id-{s}")),
                product_id: Some("7".into()),
                ..Listing::default()
            },
            page_url: page.clone(),
            fetched_at: Utc::now(),
            http_status: 200,
            page_sha256: String::new(),
            warc_file: None,
            warc_record_id: None,
            extraction: Some(how),
            joined: None,
            findings: Vec::new(),
        };
        let auto = rec(&store_page, "Bottle", None, ExtractionMethod::Auto);
        assert!(store.record_listing(&auto).expect("first"), "new");
        let profile = rec(
            &item_page,
            "Bottle 500 ml",
            Some("Acme"),
            ExtractionMethod::Profile,
        );
        assert!(!store.record_listing(&profile).expect("second"), "not new");
        let later_auto = rec(&store_page, "Bottle?", None, ExtractionMethod::Auto);
        assert!(!store.record_listing(&later_auto).expect("third"));
        let later_profile = rec(&item_page, "Bottle again", None, ExtractionMethod::Profile);
        assert!(!store.record_listing(&later_profile).expect("fourth"));
        let got = store.listings("s-1").expect("listings");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].listing.title.as_deref(), Some("Bottle 500 ml"));
        assert_eq!(got[0].listing.seller_name.as_deref(), Some("Acme"));
        assert_eq!(got[0].listing.seller_id.as_deref(), Some("id-Acme"));
        assert_eq!(got[0].page_url, item_page);
        assert_eq!(got[0].extraction, Some(ExtractionMethod::Profile));
    }
}
