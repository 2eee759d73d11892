//! Running a fleet sweep: `greysweep sweep --state postgres://…` (start or join a sweep,
//! crawl as one of its workers, write the outputs when every worker is done),
//! `greysweep worker --state postgres://…` (join the open sweeps) and
//! `greysweep report --state postgres://… --sweep ID` (write the outputs of a done sweep).

use std::collections::HashSet;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context;
use chrono::Utc;
use futures_util::FutureExt;

use super::{Bundle, Leases};
use crate::config::{Overrides, Settings};
use crate::crawl::CrawlStats;
use crate::evidence::{WarcInfo, WarcWriter};
use crate::frontier::{Frontier, TrapLimits};
use crate::output::SweepFiles;
use crate::progress::Progress;
use crate::store::postgres::{PgConn, PgStore};
use crate::store::{Store, SweepState};
use crate::sweep::Outcome;

/// How a fleet process runs.
#[derive(Debug, Clone)]
pub struct FleetOptions {
    /// This worker's name (`None`: `<machine>-<pid>`).
    pub worker_id: Option<String>,
    /// Lease length for a sweep this process starts (a joined sweep keeps its own).
    pub lease: Duration,
}

impl Default for FleetOptions {
    fn default() -> Self {
        FleetOptions {
            worker_id: None,
            lease: super::DEFAULT_LEASE,
        }
    }
}

/// How a fleet `sweep` ended.
#[derive(Debug)]
pub enum FleetEnd {
    /// Every worker is done and this process wrote the outputs.
    Reported(Box<Outcome>),
    /// Every worker is done and another `sweep` process of the fleet writes the outputs
    /// (one process writes them, the first to get there).
    ReportedBy {
        /// The sweep id.
        sweep_id: String,
        /// The worker that writes them.
        worker: String,
    },
    /// This process stopped (Ctrl-C, SIGTERM) while the sweep goes on with other
    /// workers: `greysweep worker` continues it, `greysweep report` writes its outputs.
    Left {
        /// The sweep id.
        sweep_id: String,
        /// URLs of the sweep still pending or in flight.
        open: i64,
    },
}

/// Whether a state names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres(state: &Path) -> bool {
    let s = state.to_string_lossy();
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

fn url_of(state: &Path) -> String {
    state.to_string_lossy().into_owned()
}

/// `greysweep sweep SWEEP.toml --state postgres://…`: joins the unfinished sweep of this
/// name if there is one (a fleet starts its workers in any order), else starts a new one
/// and records its configuration for the workers; crawls as one worker; when every
/// worker is done, writes the outputs.
pub async fn sweep(
    mut settings: Settings,
    options: &FleetOptions,
    progress: &Progress,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<FleetEnd> {
    for t in settings.private_targets() {
        if t.start {
            return Err(t.error.into());
        }
        progress.note(&format!("warning: {}", t.error));
    }
    let url = url_of(&settings.state_file);
    let mut store = PgStore::open(&url)?;
    let conn = PgConn::connect(&url)?;
    let history = store.sweeps(Some(&settings.name))?;
    let unfinished = history
        .iter()
        .find(|s| matches!(s.state, SweepState::Running | SweepState::Interrupted))
        .cloned();
    let c = &settings.crawler;
    let mut frontier = fleet_frontier(&settings);
    let mut recorded: Option<Settings> = None;
    let sweep_id = match unfinished {
        Some(u) => {
            store.join_sweep(&u.id)?;
            // A sweep runs on the settings it started with, whoever joins it: if the
            // files changed since, this process follows the recorded ones.
            if let Some(f) = super::sweep(&conn, &u.id)?
                && f.bundle != Bundle::of(&settings)?
            {
                progress.note(&format!(
                    "warning: the sweep file, a profile or a registry changed since sweep {} \
                     started; joining it with the settings it started with",
                    u.id
                ));
                recorded = Some(f.bundle.settings(&Overrides {
                    output_dir: Some(settings.output_dir.clone()),
                    state: Some(settings.state_file.clone()),
                })?);
            }
            if u.state == SweepState::Interrupted {
                store.set_sweep_state(&u.id, SweepState::Running, None, None)?;
            }
            super::register(
                &conn,
                &u.id,
                &Bundle::of(&settings)?,
                options.lease,
                c.max_pages,
            )?;
            progress.note(&format!(
                "joining sweep {} ({} URLs pending or in flight)",
                u.id,
                super::open_urls(&conn, &u.id)?
            ));
            u.id
        }
        None => {
            let taken: HashSet<String> = store.sweeps(None)?.into_iter().map(|s| s.id).collect();
            let id = crate::sweep::new_sweep_id(&settings, &taken);
            super::register(
                &conn,
                &id,
                &Bundle::of(&settings)?,
                options.lease,
                c.max_pages,
            )?;
            crate::sweep::start_new_sweep(&mut store, &mut frontier, &settings, &id)?;
            progress.note(&format!("started fleet sweep {id}"));
            id
        }
    };
    if let Some(r) = recorded {
        settings = r;
    }
    let settings = Arc::new(settings);
    let shutdown = Box::pin(shutdown).shared();
    let stats = work(
        &mut store,
        conn,
        &settings,
        &sweep_id,
        &settings.output_dir,
        options,
        progress,
        shutdown.clone(),
    )
    .await?;
    let conn = PgConn::connect(&url)?;
    if stats.interrupted {
        return Ok(FleetEnd::Left {
            open: super::open_urls(&conn, &sweep_id)?,
            sweep_id,
        });
    }
    // The budget may end this worker before the frontier is empty: wait until no other
    // worker has a page in flight.
    wait_quiet(&conn, &sweep_id, progress, shutdown).await?;
    let me = super::worker_id(options.worker_id.as_deref())?;
    let writer = claim_report(&conn, &sweep_id, &me)?;
    if writer != me {
        return Ok(FleetEnd::ReportedBy {
            sweep_id,
            worker: writer,
        });
    }
    let outcome = report_with(&mut store, &conn, &settings, &sweep_id, progress)?;
    Ok(FleetEnd::Reported(Box::new(outcome)))
}

fn fleet_frontier(settings: &Settings) -> Frontier {
    let c = &settings.crawler;
    Frontier::new(c.max_depth, c.max_pagination, c.max_url_len)
        .with_limits(TrapLimits {
            max_per_host: c.max_pages_per_host,
            max_query_variants: c.max_query_variants,
        })
        .shared()
}

/// Crawls sweep `sweep_id` as one worker until the sweep is done (or `shutdown`), with
/// its own WARC series in the sweep's evidence folder under `out`; records this worker's
/// figures in the database.
#[allow(clippy::too_many_arguments)]
async fn work(
    store: &mut PgStore,
    conn: PgConn,
    settings: &Arc<Settings>,
    sweep_id: &str,
    out: &Path,
    options: &FleetOptions,
    progress: &Progress,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<CrawlStats> {
    let worker = super::worker_id(options.worker_id.as_deref())?;
    let lease = super::sweep(&conn, sweep_id)?.map_or(options.lease, |s| s.lease);
    let stats_conn = PgConn::connect(&url_of(&settings.state_file))?;
    let previous = store
        .sweeps(Some(&settings.name))?
        .into_iter()
        .find(|s| s.state == SweepState::Complete && s.id != sweep_id)
        .map(|s| s.id);
    let dir = out.join(sweep_id);
    let evidence_dir = dir.join("evidence");
    std::fs::create_dir_all(&evidence_dir)
        .with_context(|| format!("creating {}", evidence_dir.display()))?;
    let run = next_worker_run(&evidence_dir, sweep_id, &worker);
    let prefix = format!("{sweep_id}-{worker}-r{run:02}");
    let info = WarcInfo {
        user_agent: Some(settings.crawler.user_agent.clone()),
        ..WarcInfo::new(sweep_id, crate::sweep::warcinfo_settings(settings, run))
    };
    let mut evidence = WarcWriter::create_with_journal(
        &evidence_dir,
        &prefix,
        crate::sweep::WARC_ROLL_BYTES,
        &info,
        settings.crawler.warc_compression_level,
        &format!("{prefix}.cdxj.journal"),
    )
    .with_context(|| format!("creating WARC files in {}", evidence_dir.display()))?;
    let mut leases = Leases::join(conn, sweep_id, &worker, lease, settings.crawler.concurrency)?;
    progress.note(&format!(
        "worker {worker} on sweep {sweep_id} (leases of {:.1}s)",
        lease.as_secs_f64()
    ));
    let mut frontier = fleet_frontier(settings);
    let job = crate::crawl::Job {
        settings: settings.clone(),
        store,
        frontier: &mut frontier,
        previous,
        requests_before: 0,
        evidence: &mut evidence,
        fleet: Some(&mut leases),
    };
    let stats = crate::crawl::run(job, progress, shutdown).await?;
    progress.finish();
    evidence.finish_files().context("closing WARC files")?;
    if leases.taken_over() > 0 {
        progress.note(&format!(
            "took over {} host(s) from workers whose leases had expired",
            leases.taken_over()
        ));
    }
    super::record_stats(&stats_conn, sweep_id, &worker, &stats)?;
    Ok(stats)
}

/// The next run number of `worker`'s WARC series in `evidence_dir`.
fn next_worker_run(evidence_dir: &Path, sweep_id: &str, worker: &str) -> u32 {
    let prefix = format!("{sweep_id}-{worker}-r");
    std::fs::read_dir(evidence_dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter_map(|n| {
                    n.strip_prefix(&prefix)
                        .and_then(|r| r.get(..2))
                        .and_then(|r| r.parse::<u32>().ok())
                })
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0)
        + 1
}

/// Waits until sweep `sweep_id` has nothing in flight: no URL pending or in flight, or
/// (the page budget spent) no host leased by a live worker.
async fn wait_quiet(
    conn: &PgConn,
    sweep_id: &str,
    progress: &Progress,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<()> {
    tokio::pin!(shutdown);
    let mut said = false;
    loop {
        if quiet(conn, sweep_id)? {
            return Ok(());
        }
        if !said {
            progress.note("waiting for the other workers' pages in flight");
            said = true;
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(250)) => {}
            _ = &mut shutdown => anyhow::bail!("stopped while waiting for the other workers of sweep {sweep_id}"),
        }
    }
}

/// Claims the writing of sweep `sweep_id`'s outputs at its end for worker `me`; returns
/// the worker that has it (`me`, or the `sweep` process that got there first). Two
/// processes never write one sweep's folder at once. (`greysweep report` does not ask:
/// it is run by hand, once the sweep is done.)
fn claim_report(conn: &PgConn, sweep_id: &str, me: &str) -> anyhow::Result<String> {
    let (id, me) = (sweep_id.to_string(), me.to_string());
    conn.call(move |c| {
        c.execute(
            "UPDATE fleet_sweeps SET reported_by = $2 WHERE sweep = $1 AND reported_by IS NULL",
            &[&id, &me],
        )?;
        Ok(c.query_one(
            "SELECT COALESCE(reported_by, '') FROM fleet_sweeps WHERE sweep = $1",
            &[&id],
        )?
        .get::<_, String>(0))
    })
}

/// Whether sweep `sweep_id` is done: no URL pending or in flight; or its page budget is
/// spent and no host's lease is held (every worker has committed and let go).
pub fn quiet(conn: &PgConn, sweep_id: &str) -> anyhow::Result<bool> {
    let id = sweep_id.to_string();
    conn.call(move |c| {
        let r = c.query_one(
            "SELECT
                NOT EXISTS (SELECT 1 FROM frontier WHERE sweep = $1 AND state < 2),
                EXISTS (SELECT 1 FROM fleet_sweeps WHERE sweep = $1 AND requests >= max_pages),
                EXISTS (SELECT 1 FROM fleet_hosts WHERE sweep = $1 AND owner IS NOT NULL AND lease_until > now())",
            &[&id],
        )?;
        let (empty, spent, leased): (bool, bool, bool) = (r.get(0), r.get(1), r.get(2));
        Ok(empty || (spent && !leased))
    })
}

/// `greysweep worker --state postgres://…`: joins the open fleet sweeps one after the
/// other, each until it is done, with WARC files under `out`; with `follow`, then waits
/// for new ones instead of returning. Returns the sweeps worked on.
pub async fn worker(
    state: &str,
    out: &Path,
    options: &FleetOptions,
    follow: bool,
    progress: &Progress,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<Vec<String>> {
    let shutdown = Box::pin(shutdown).shared();
    let mut worked = Vec::new();
    loop {
        let conn = PgConn::connect(state)?;
        let open = super::open_sweeps(&conn)?;
        let Some(id) = open.into_iter().next() else {
            if !follow {
                if worked.is_empty() {
                    progress.note("no fleet sweep has work: nothing to do");
                }
                return Ok(worked);
            }
            tokio::select! {
                _ = tokio::time::sleep(Duration::from_secs(2)) => continue,
                _ = shutdown.clone() => return Ok(worked),
            }
        };
        let fleet = super::sweep(&conn, &id)?
            .with_context(|| format!("sweep {id} is not a fleet sweep"))?;
        let settings = fleet
            .bundle
            .settings(&Overrides {
                output_dir: Some(out.to_path_buf()),
                state: Some(PathBuf::from(state)),
            })
            .with_context(|| format!("loading the recorded configuration of sweep {id}"))?;
        let settings = Arc::new(settings);
        let mut store = PgStore::open(state)?;
        store.join_sweep(&id)?;
        let stats = work(
            &mut store,
            conn,
            &settings,
            &id,
            out,
            options,
            progress,
            shutdown.clone(),
        )
        .await?;
        worked.push(id);
        if stats.interrupted {
            return Ok(worked);
        }
    }
}

/// `greysweep report --state postgres://… --sweep ID`: writes the outputs of a fleet
/// sweep whose workers are done, under `out` (default: the sweep file's `output_dir`).
/// Refuses while URLs are pending or in flight, and when a WARC file the store refers to
/// is not in the evidence folder.
pub fn report(
    state: &str,
    sweep_id: &str,
    out: Option<&Path>,
    progress: &Progress,
) -> anyhow::Result<Outcome> {
    let conn = PgConn::connect(state)?;
    let fleet = super::sweep(&conn, sweep_id)?
        .with_context(|| format!("no fleet sweep {sweep_id} in {}", redacted(state)))?;
    let settings = fleet.bundle.settings(&Overrides {
        output_dir: out.map(Path::to_path_buf),
        state: Some(PathBuf::from(state)),
    })?;
    if !quiet(&conn, sweep_id)? {
        anyhow::bail!(
            "sweep {sweep_id} is not done: {} URLs are pending or in flight; \
             let its workers finish (`greysweep worker --state …`), then report",
            super::open_urls(&conn, sweep_id)?
        );
    }
    let mut store = PgStore::open(state)?;
    store.join_sweep(sweep_id)?;
    report_with(&mut store, &conn, &settings, sweep_id, progress)
}

fn redacted(state: &str) -> String {
    match url::Url::parse(state) {
        Ok(mut u) => {
            if u.password().is_some() {
                let _ = u.set_password(Some("***"));
            }
            u.to_string()
        }
        Err(_) => state.to_string(),
    }
}

/// The outputs of a done fleet sweep: every WARC file the store refers to must be in
/// the evidence folder; the folder is indexed once (every worker's files); then the
/// outputs as a single process writes them, with every worker's figures added up.
fn report_with(
    store: &mut PgStore,
    conn: &PgConn,
    settings: &Settings,
    sweep_id: &str,
    progress: &Progress,
) -> anyhow::Result<Outcome> {
    let dir = settings.output_dir.join(sweep_id);
    let evidence_dir = dir.join("evidence");
    let mut referenced = std::collections::BTreeSet::new();
    store.for_each_page(sweep_id, &mut |p| {
        if let Some(f) = p.warc_file {
            referenced.insert(f);
        }
        Ok(())
    })?;
    let missing: Vec<&String> = referenced
        .iter()
        .filter(|f| !evidence_dir.join(f.as_str()).is_file())
        .collect();
    if !missing.is_empty() {
        anyhow::bail!(
            "{} WARC file(s) the sweep's pages refer to are not in {} (first: {}); \
             mount the shared evidence folder every worker wrote to, or copy the workers' \
             files there, then report again",
            missing.len(),
            evidence_dir.display(),
            missing[0]
        );
    }
    for r in crate::evidence::reindex_dir(&evidence_dir)
        .with_context(|| format!("indexing {}", evidence_dir.display()))?
    {
        progress.note(&format!(
            "cut the unfinished last record off {} ({} → {} bytes): a worker stopped mid-record",
            r.path.display(),
            r.was,
            r.now
        ));
    }
    let mut stats = super::merged_stats(conn, sweep_id)?.unwrap_or_else(|| {
        let now = Utc::now();
        CrawlStats {
            started_at: now,
            ended_at: now,
            ..CrawlStats::default()
        }
    });
    // The sweep is done (the caller checked): a worker stopped by Ctrl-C did not
    // interrupt it, others went on.
    stats.interrupted = false;
    let previous = store
        .sweeps(Some(&settings.name))?
        .into_iter()
        .find(|s| s.state == SweepState::Complete && s.id != sweep_id)
        .map(|s| s.id);
    let summary =
        crate::sweep::write_outputs(store, settings, sweep_id, previous, &stats, &dir, progress)?;
    Ok(Outcome {
        sweep_id: sweep_id.to_string(),
        files: SweepFiles::in_dir(&dir),
        summary,
        resumed: false,
    })
}
