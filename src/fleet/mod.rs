//! The fleet: several worker processes, on one machine or many, crawling one sweep
//! through a PostgreSQL store, with every host's politeness held across all of them.
//!
//! A plain shared queue multiplies the load on every site by the number of workers. Here
//! hosts are *leased* instead ([`Leases`]): a worker claims a host with
//! `FOR UPDATE SKIP LOCKED`, and only the holder of a host's lease fetches from it.
//! Invariants:
//! - Before every request the worker renews the host's lease in the database and records
//!   when the host's next request may start; a request starts only when that statement
//!   found the lease still the worker's. So two workers never fetch from one host at once,
//!   and the per-host delay holds across workers whatever their number.
//! - A host's pacing (when its next request may start, the adaptive delay, the failure
//!   streak) and its robots.txt live in the database (`fleet_hosts`): a worker taking a
//!   host over waits what the previous holder would have waited, and reads the same rules.
//! - A worker that dies stops renewing; once its leases expire another worker takes its
//!   hosts, and the URLs it had in flight (`taken` rows of those hosts) go back to
//!   pending. Every write of a page is idempotent (see the PostgreSQL store), so a page
//!   committed twice is recorded once.
//! - The page budget (`max_pages`) is counted in the database, for the whole sweep.
//! - A sweep is done when its frontier has no pending or taken URL: every page's outcome
//!   is then committed, whoever fetched it. Any process can then write the outputs
//!   ([`crate::sweep::report`]).
//! - Each worker writes its own WARC series (`<sweep-id>-<worker>-rNN-…`) into the
//!   sweep's evidence folder (a shared mount in production); the store records which file
//!   holds each response, and the report checks every referenced file is there.
//!
//! The settings of a fleet sweep travel with it: the sweep file and every profile and
//! registry it names are recorded in the database when the sweep starts ([`Bundle`]), so
//! a worker on another machine needs only the database URL.

mod lease;
mod run;

pub use lease::{Confirm, Leases};
pub use run::{FleetEnd, FleetOptions, is_postgres, quiet, report, sweep as run_sweep, worker};

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use serde::{Deserialize, Serialize};

use crate::config::{ConfigError, Overrides, Settings};
use crate::crawl::CrawlStats;
use crate::store::postgres::PgConn;

/// The fleet's tables, a migration of the PostgreSQL store. `fleet_hosts` gains a row for
/// each host with URLs pending, added by the claim itself from `frontier_open` (a skip
/// scan: one index probe per host, not per URL). Not a trigger on the frontier: it would
/// make every transaction that queues a new host's first URL wait for another that does
/// the same.
pub const SCHEMA: &str = r#"
CREATE TABLE fleet_sweeps (
    sweep TEXT PRIMARY KEY,
    bundle TEXT NOT NULL,
    lease_ms BIGINT NOT NULL,
    max_pages BIGINT NOT NULL,
    requests BIGINT NOT NULL DEFAULT 0,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    reported_by TEXT
);
CREATE TABLE fleet_hosts (
    sweep TEXT NOT NULL,
    host TEXT NOT NULL,
    owner TEXT,
    lease_until TIMESTAMPTZ,
    next_at TIMESTAMPTZ,
    adaptive_ms BIGINT NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    pauses INTEGER NOT NULL DEFAULT 0,
    robots_kind TEXT,
    robots_body BYTEA,
    claims INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (sweep, host)
);
CREATE TABLE fleet_workers (
    sweep TEXT NOT NULL,
    worker TEXT NOT NULL,
    started_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    seen_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at TIMESTAMPTZ,
    stats TEXT,
    PRIMARY KEY (sweep, worker)
);
CREATE INDEX frontier_open ON frontier (sweep, host) WHERE state < 2;
"#;

/// How long a lease lasts unless renewed, by default.
pub const DEFAULT_LEASE: Duration = Duration::from_secs(30);

/// A worker's name: `<machine>-<pid>`, letters, digits and `-` only (it names WARC
/// files), unless given.
pub fn worker_id(given: Option<&str>) -> anyhow::Result<String> {
    let clean = |s: &str| -> String {
        s.chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect::<String>()
            .trim_matches('-')
            .to_string()
    };
    match given {
        Some(g) => {
            let id = clean(g);
            anyhow::ensure!(
                !id.is_empty() && id == g,
                "--worker-id {g:?}: use letters, digits and '-' only (it names WARC files)"
            );
            Ok(id)
        }
        None => {
            let machine = std::fs::read_to_string("/proc/sys/kernel/hostname")
                .ok()
                .or_else(|| std::env::var("HOSTNAME").ok())
                .map(|h| clean(h.trim()))
                .filter(|h| !h.is_empty())
                .unwrap_or_else(|| "worker".to_string());
            let machine: String = machine.chars().take(40).collect();
            Ok(format!("{machine}-{}", std::process::id()))
        }
    }
}

/// A sweep's configuration as text: the sweep file and every profile and registry it
/// names, under the paths it was loaded from, so a machine without those files loads
/// the very same settings ([`Bundle::settings`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Bundle {
    /// The sweep file's path where it was loaded.
    pub sweep_file: PathBuf,
    /// Every file of the configuration, by the path it was read from.
    pub files: BTreeMap<PathBuf, String>,
}

impl Bundle {
    /// The files `settings` were loaded from, read now.
    pub fn of(settings: &Settings) -> Result<Bundle, ConfigError> {
        let mut files = BTreeMap::new();
        for f in std::iter::once(&settings.sweep_file)
            .chain(&settings.profile_files)
            .chain(&settings.brand_files)
        {
            files.insert(f.clone(), crate::config::read_file(f)?);
        }
        Ok(Bundle {
            sweep_file: settings.sweep_file.clone(),
            files,
        })
    }

    /// Loads the settings from the recorded text, not from disk.
    pub fn settings(&self, overrides: &Overrides) -> Result<Settings, ConfigError> {
        let files: HashMap<PathBuf, String> = self
            .files
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        crate::config::with_files(files, || Settings::load(&self.sweep_file, overrides))
    }
}

/// A fleet sweep as recorded: its id, settings and lease length.
#[derive(Debug, Clone)]
pub struct FleetSweep {
    /// Sweep id.
    pub id: String,
    /// Its configuration.
    pub bundle: Bundle,
    /// Lease length of its hosts.
    pub lease: Duration,
}

/// Records a sweep as a fleet sweep (idempotent: a sweep recorded already keeps its
/// settings and lease).
pub fn register(
    conn: &PgConn,
    sweep: &str,
    bundle: &Bundle,
    lease: Duration,
    max_pages: usize,
) -> anyhow::Result<()> {
    let sweep = sweep.to_string();
    let text = serde_json::to_string(bundle)?;
    let lease_ms = lease.as_millis() as i64;
    let max_pages = i64::try_from(max_pages).unwrap_or(i64::MAX);
    conn.call(move |c| {
        c.execute(
            "INSERT INTO fleet_sweeps (sweep, bundle, lease_ms, max_pages) VALUES ($1, $2, $3, $4)
             ON CONFLICT (sweep) DO NOTHING",
            &[&sweep, &text, &lease_ms, &max_pages],
        )?;
        Ok(())
    })
}

/// The fleet sweep `id`, if it is one.
pub fn sweep(conn: &PgConn, id: &str) -> anyhow::Result<Option<FleetSweep>> {
    let id = id.to_string();
    let row = conn.call(move |c| {
        Ok(c.query_opt(
            "SELECT sweep, bundle, lease_ms FROM fleet_sweeps WHERE sweep = $1",
            &[&id],
        )?
        .map(|r| {
            (
                r.get::<_, String>(0),
                r.get::<_, String>(1),
                r.get::<_, i64>(2),
            )
        }))
    })?;
    row.map(|(id, bundle, lease_ms)| {
        Ok(FleetSweep {
            bundle: serde_json::from_str(&bundle)
                .with_context(|| format!("the recorded configuration of sweep {id}"))?,
            id,
            lease: Duration::from_millis(lease_ms.max(1) as u64),
        })
    })
    .transpose()
}

/// Fleet sweeps still running (per the sweep history) whose frontier has URLs pending or
/// in flight, oldest first: what `greysweep worker` joins.
pub fn open_sweeps(conn: &PgConn) -> anyhow::Result<Vec<String>> {
    conn.call(|c| {
        Ok(c.query(
            "SELECT f.sweep FROM fleet_sweeps f JOIN sweeps s ON s.id = f.sweep
             WHERE s.state = 'running'
               AND EXISTS (SELECT 1 FROM frontier q WHERE q.sweep = f.sweep AND q.state < 2)
             ORDER BY f.created_at, f.sweep",
            &[],
        )?
        .iter()
        .map(|r| r.get::<_, String>(0))
        .collect())
    })
}

/// URLs of sweep `sweep` pending or in flight.
pub fn open_urls(conn: &PgConn, sweep: &str) -> anyhow::Result<i64> {
    let sweep = sweep.to_string();
    conn.call(move |c| {
        Ok(c.query_one(
            "SELECT count(*) FROM frontier WHERE sweep = $1 AND state < 2",
            &[&sweep],
        )?
        .get::<_, i64>(0))
    })
}

/// Records what worker `worker` did in sweep `sweep` (replacing what it recorded before:
/// a worker records its whole run each time it stops).
pub fn record_stats(
    conn: &PgConn,
    sweep: &str,
    worker: &str,
    stats: &CrawlStats,
) -> anyhow::Result<()> {
    let (sweep, worker) = (sweep.to_string(), worker.to_string());
    let text = serde_json::to_string(stats)?;
    conn.call(move |c| {
        c.execute(
            "INSERT INTO fleet_workers (sweep, worker, ended_at, stats) VALUES ($1, $2, now(), $3)
             ON CONFLICT (sweep, worker) DO UPDATE SET ended_at = now(), seen_at = now(), stats = $3",
            &[&sweep, &worker, &text],
        )?;
        Ok(())
    })
}

/// The figures of every worker of sweep `sweep` added up: requests and refused links
/// summed, the earliest start and the latest end, pauses of every worker; `None` when no
/// worker recorded any.
pub fn merged_stats(conn: &PgConn, sweep: &str) -> anyhow::Result<Option<CrawlStats>> {
    let sweep = sweep.to_string();
    let texts: Vec<String> = conn.call(move |c| {
        Ok(c.query(
            "SELECT stats FROM fleet_workers WHERE sweep = $1 AND stats IS NOT NULL ORDER BY worker",
            &[&sweep],
        )?
        .iter()
        .map(|r| r.get::<_, String>(0))
        .collect())
    })?;
    let mut out: Option<CrawlStats> = None;
    for t in texts {
        let s: CrawlStats = serde_json::from_str(&t).context("a worker's recorded figures")?;
        out = Some(match out {
            None => s,
            Some(m) => m.merged(s),
        });
    }
    Ok(out)
}

/// The evidence folder of sweep `sweep_id` under `out`.
pub fn evidence_dir(out: &Path, sweep_id: &str) -> PathBuf {
    out.join(sweep_id).join("evidence")
}
