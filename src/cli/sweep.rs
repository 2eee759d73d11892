//! `greysweep sweep SWEEP.toml`.

use std::path::PathBuf;

use crate::config::{Overrides, Settings};
use crate::progress::Progress;

/// Run a sweep.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sweep file.
    sweep: PathBuf,
    /// Write outputs (and, unless the sweep file sets `state`, the state file) under DIR
    /// instead of the sweep file's `output_dir`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Continue the latest unfinished run of this sweep (after a crash, kill or Ctrl-C).
    #[arg(long)]
    resume: bool,
    /// Keep the sweep's state in FILE (SQLite) or, for a fleet of workers, in the
    /// PostgreSQL database at `postgres://…` (over the sweep file's `state`).
    #[arg(long, value_name = "FILE|URL")]
    state: Option<PathBuf>,
    #[command(flatten)]
    fleet: super::worker::FleetArgs,
    /// Exit with code 5 when extraction health failed, else 4 when the audit has new
    /// findings (like `git diff --exit-code`).
    #[arg(long)]
    exit_code: bool,
    #[command(flatten)]
    output: super::OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let settings = Settings::load(
        &args.sweep,
        &Overrides {
            output_dir: args.out,
            state: args.state.clone(),
        },
    )?;
    let rt = super::runtime()?;
    let progress = Progress::new(args.output.mode());
    let options = crate::sweep::Options {
        resume: args.resume,
    };
    let state = settings.state_file.clone();
    if crate::fleet::is_postgres(&state) {
        let options = args.fleet.options()?;
        let end = rt.block_on(crate::fleet::run_sweep(
            settings,
            &options,
            &progress,
            crate::sweep::shutdown_signal(),
        ))?;
        let outcome = match end {
            crate::fleet::FleetEnd::Reported(outcome) => *outcome,
            crate::fleet::FleetEnd::ReportedBy { sweep_id, worker } => {
                progress.note(&format!(
                    "sweep {sweep_id} is done; its outputs are written by worker {worker}"
                ));
                return Ok(super::EXIT_OK);
            }
            crate::fleet::FleetEnd::Left { sweep_id, open } => {
                progress.note(&format!(
                    "stopped; sweep {sweep_id} goes on with its other workers ({open} URLs pending                      or in flight): `greysweep worker --state URL` continues it,                      `greysweep report --state URL --sweep {sweep_id}` writes its outputs once it is done"
                ));
                return Ok(super::EXIT_OK);
            }
        };
        super::print_outcome(&outcome, &progress);
        if args.exit_code && !outcome.summary.health.ok {
            return Ok(super::EXIT_HEALTH);
        }
        if args.exit_code && outcome.summary.new_findings > 0 {
            return Ok(super::EXIT_NEW_FINDINGS);
        }
        return Ok(super::EXIT_OK);
    }
    let outcome = rt
        .block_on(crate::sweep::run(
            settings,
            options,
            &progress,
            crate::sweep::shutdown_signal(),
        ))
        .map_err(|e| name_state_file(e, &state))?;
    super::print_outcome(&outcome, &progress);
    if args.exit_code && !outcome.summary.health.ok {
        return Ok(super::EXIT_HEALTH);
    }
    if args.exit_code && outcome.summary.new_findings > 0 {
        return Ok(super::EXIT_NEW_FINDINGS);
    }
    Ok(super::EXIT_OK)
}

/// A state error deep in a sweep does not know where the state is: it is added, so
/// "database or disk is full" says which disk. A SQLite file is named by its path, a
/// PostgreSQL database by its URL without the password.
fn name_state_file(err: anyhow::Error, state: &std::path::Path) -> anyhow::Error {
    let shown = crate::store::describe(state);
    let from_store = err.chain().any(|c| {
        c.downcast_ref::<rusqlite::Error>().is_some()
            || c.downcast_ref::<postgres::Error>().is_some()
    });
    if from_store && !format!("{err:#}").contains(&shown) {
        if crate::store::is_postgres(state) {
            err.context(format!("PostgreSQL state at {shown}"))
        } else {
            err.context(format!("state file {shown}"))
        }
    } else {
        err
    }
}
