//! The PostgreSQL schema: numbered migrations recorded in `schema_version`, applied on
//! open in one transaction under an advisory lock, so several workers starting at once
//! migrate once and each sees the whole schema or none of it.
//!
//! Tables and their meaning are those of the SQLite store ([`crate::store::sqlite`],
//! migrations 1–6), with PostgreSQL types: times are `TIMESTAMPTZ` (written at
//! millisecond precision, as the SQLite store keeps them), counts `BIGINT`, JSON
//! `JSONB`, flags `BOOLEAN`. Text that is compared or sorted is `COLLATE "C"`, so order
//! is byte order as in SQLite, whatever the database's locale. Because several
//! processes write at once, ordering columns (`seq`) come from one sequence,
//! `order_seq`, never from `max() + 1` or a per-process counter, and every table that
//! takes rows a page commit writes has a key that makes the write an idempotent upsert.
//!
//! To change the schema, append a migration to [`MIGRATIONS`]; never edit one that has
//! shipped (a database records how many it has applied, not what they said).

use anyhow::Context;

/// Frontier `state`: waiting to be fetched (the SQLite store's codes).
pub const PENDING: i32 = 0;
/// Frontier `state`: taken by a worker, in flight.
pub const TAKEN: i32 = 1;
/// Frontier `state`: done.
pub const DONE: i32 = 2;

/// Key of the advisory lock held while migrating (any constant unique to greysweep;
/// PostgreSQL's advisory locks are per database, so schemas of one database migrate one
/// after the other).
const MIGRATION_LOCK: i64 = 0x6772_6579_7377_6570; // "greyswep"

/// The migrations, in order; entry `i` brings the schema to version `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the SQLite store's schema 6 (sweeps, frontier, pages, links, listings, findings,
    // first/last seen, seller records, decisions, takedown batches). `links` and
    // `takedown_items` have a `seq` where SQLite orders by rowid, and `links` a key, so a
    // page committed twice does not give its links twice.
    r#"
    CREATE SEQUENCE order_seq;
    CREATE TABLE sweeps (
        id TEXT COLLATE "C" PRIMARY KEY,
        name TEXT COLLATE "C" NOT NULL,
        state TEXT NOT NULL,
        started_at TIMESTAMPTZ NOT NULL,
        ended_at TIMESTAMPTZ,
        summary TEXT
    );
    CREATE INDEX sweeps_name ON sweeps(name, started_at);
    CREATE TABLE frontier (
        sweep TEXT COLLATE "C" NOT NULL,
        url TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('order_seq'),
        host TEXT COLLATE "C" NOT NULL,
        query_path TEXT COLLATE "C",
        state INTEGER NOT NULL,
        depth BIGINT NOT NULL,
        profile BIGINT NOT NULL,
        referrer TEXT,
        redirects BIGINT NOT NULL,
        attempts BIGINT NOT NULL,
        pagination BIGINT NOT NULL,
        chain TEXT,
        PRIMARY KEY (sweep, url)
    );
    CREATE INDEX frontier_next ON frontier(sweep, host, state, seq);
    CREATE INDEX frontier_paths ON frontier(sweep, host, query_path) WHERE query_path IS NOT NULL;
    CREATE TABLE pages (
        sweep TEXT COLLATE "C" NOT NULL,
        url TEXT COLLATE "C" NOT NULL,
        site TEXT NOT NULL,
        status TEXT NOT NULL,
        http_status INTEGER,
        fetched_at TIMESTAMPTZ,
        depth BIGINT NOT NULL,
        listings BIGINT NOT NULL,
        sha256 TEXT,
        detail TEXT,
        etag TEXT,
        last_modified TEXT,
        seq BIGINT NOT NULL DEFAULT nextval('order_seq'),
        recorded_at TIMESTAMPTZ NOT NULL,
        warc_file TEXT,
        warc_record_id TEXT,
        page_kind TEXT,
        expects_listings BOOLEAN,
        extraction TEXT,
        found BIGINT,
        field_counts JSONB,
        PRIMARY KEY (sweep, url)
    );
    CREATE INDEX pages_seq ON pages(sweep, seq);
    CREATE TABLE links (
        sweep TEXT COLLATE "C" NOT NULL,
        page TEXT COLLATE "C" NOT NULL,
        url TEXT COLLATE "C" NOT NULL,
        via SMALLINT NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('order_seq'),
        PRIMARY KEY (sweep, page, url, via)
    );
    CREATE INDEX links_page ON links(sweep, page, seq);
    CREATE TABLE listings (
        sweep TEXT COLLATE "C" NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('order_seq'),
        site TEXT COLLATE "C" NOT NULL,
        listing_url TEXT COLLATE "C" NOT NULL,
        page_url TEXT COLLATE "C" NOT NULL,
        fetched_at TIMESTAMPTZ NOT NULL,
        http_status INTEGER NOT NULL,
        page_sha256 TEXT NOT NULL,
        title TEXT, price TEXT, moq TEXT, seller_name TEXT, seller_url TEXT,
        location TEXT, product_url TEXT, product_id TEXT, description TEXT,
        warc_file TEXT, warc_record_id TEXT,
        extraction TEXT,
        seller_id TEXT,
        PRIMARY KEY (sweep, key)
    );
    CREATE INDEX listings_page ON listings(sweep, page_url);
    CREATE INDEX listings_seq ON listings(sweep, seq);
    CREATE INDEX listings_url ON listings(listing_url);
    CREATE TABLE findings (
        sweep TEXT COLLATE "C" NOT NULL,
        listing TEXT COLLATE "C" NOT NULL,
        brand_key TEXT COLLATE "C" NOT NULL,
        brand TEXT NOT NULL,
        PRIMARY KEY (sweep, listing, brand_key)
    );
    CREATE TABLE seen (
        name TEXT COLLATE "C" NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        first_seen TIMESTAMPTZ NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (name, key)
    );
    CREATE TABLE sellers (
        sweep TEXT COLLATE "C" NOT NULL,
        key TEXT COLLATE "C" NOT NULL,
        seq BIGINT NOT NULL DEFAULT nextval('order_seq'),
        site TEXT COLLATE "C" NOT NULL,
        seller_id TEXT,
        name TEXT,
        url TEXT,
        location TEXT,
        extra JSONB NOT NULL DEFAULT '{}',
        page_url TEXT COLLATE "C" NOT NULL,
        fetched_at TIMESTAMPTZ NOT NULL,
        http_status INTEGER NOT NULL,
        page_sha256 TEXT NOT NULL,
        warc_file TEXT,
        warc_record_id TEXT,
        first_seen TIMESTAMPTZ NOT NULL,
        last_seen TIMESTAMPTZ NOT NULL,
        PRIMARY KEY (sweep, key)
    );
    CREATE INDEX sellers_page ON sellers(sweep, page_url);
    CREATE INDEX sellers_seq ON sellers(sweep, seq);
    CREATE TABLE decisions (
        id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        listing TEXT COLLATE "C" NOT NULL,
        brand_key TEXT COLLATE "C" NOT NULL,
        brand TEXT NOT NULL,
        decision TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        decided_by TEXT NOT NULL,
        decided_at TIMESTAMPTZ NOT NULL,
        sweep TEXT COLLATE "C" NOT NULL,
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
        id TEXT COLLATE "C" PRIMARY KEY,
        sweep TEXT COLLATE "C" NOT NULL,
        site TEXT NOT NULL,
        file TEXT NOT NULL,
        created_at TIMESTAMPTZ NOT NULL,
        sent_at TIMESTAMPTZ,
        sent_by TEXT,
        note TEXT
    );
    CREATE INDEX takedown_batches_sweep ON takedown_batches(sweep);
    CREATE TABLE takedown_items (
        batch TEXT COLLATE "C" NOT NULL,
        listing TEXT COLLATE "C" NOT NULL,
        site TEXT NOT NULL,
        listing_url TEXT NOT NULL,
        page_url TEXT NOT NULL,
        brands TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'unchecked',
        checked_sweep TEXT,
        checked_at TIMESTAMPTZ,
        removed_at TIMESTAMPTZ,
        removed_how TEXT,
        seq BIGINT NOT NULL DEFAULT nextval('order_seq'),
        PRIMARY KEY (batch, listing)
    );
    "#,
    // 2: the fleet's host leases, per-host pacing, workers and recorded configuration
    // (see crate::fleet).
    crate::fleet::SCHEMA,
];

/// Brings the database behind `client` to the latest schema: creates the first schema
/// of the connection's `search_path` when it does not exist (so a fresh schema name in
/// the URL just works), then applies the missing migrations, all in one transaction
/// under [`MIGRATION_LOCK`]. Errors when the database is newer than this greysweep.
pub fn migrate(client: &mut postgres::Client) -> anyhow::Result<()> {
    let mut tx = client.transaction()?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])?;
    let search_path: String = tx.query_one("SHOW search_path", &[])?.try_get(0)?;
    if let Some(schema) = first_schema(&search_path) {
        tx.batch_execute(&format!(
            "CREATE SCHEMA IF NOT EXISTS {}",
            quote_ident(&schema)
        ))
        .with_context(|| format!("creating schema {schema:?} (the URL's search_path)"))?;
    }
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS schema_version (
             version INTEGER PRIMARY KEY,
             applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
         )",
    )?;
    let version: i32 = tx
        .query_one("SELECT COALESCE(MAX(version), 0) FROM schema_version", &[])?
        .try_get(0)?;
    let version = usize::try_from(version).unwrap_or(0);
    if version > MIGRATIONS.len() {
        anyhow::bail!(
            "the database was written by a newer greysweep (schema {version}, this one knows {})",
            MIGRATIONS.len()
        );
    }
    for (i, m) in MIGRATIONS.iter().enumerate().skip(version) {
        let n = i32::try_from(i + 1).unwrap_or(i32::MAX);
        tx.batch_execute(m)
            .with_context(|| format!("applying schema migration {n}"))?;
        tx.execute("INSERT INTO schema_version (version) VALUES ($1)", &[&n])?;
    }
    tx.commit()?;
    Ok(())
}

/// The first schema named by a `search_path` setting, unquoted; `None` when it is empty
/// or starts with `$user` (PostgreSQL's default, which needs no creating).
fn first_schema(search_path: &str) -> Option<String> {
    let first = search_path.split(',').next()?.trim();
    let name = match first.strip_prefix('"').and_then(|s| s.strip_suffix('"')) {
        Some(quoted) => quoted.replace("\"\"", "\""),
        None => first.to_string(),
    };
    (!name.is_empty() && name != "$user").then_some(name)
}

/// `name` as a quoted SQL identifier.
fn quote_ident(name: &str) -> String {
    format!("\"{}\"", name.replace('"', "\"\""))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_schema_of_a_search_path() {
        assert_eq!(first_schema("gs_1, public").as_deref(), Some("gs_1"));
        assert_eq!(
            first_schema("\"My \"\"x\"\"\"").as_deref(),
            Some("My \"x\"")
        );
        assert_eq!(first_schema("\"$user\", public"), None);
        assert_eq!(first_schema("$user, public"), None);
        assert_eq!(first_schema(""), None);
        assert_eq!(quote_ident("a\"b"), "\"a\"\"b\"");
    }
}
