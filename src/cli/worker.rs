//! `greysweep worker --state postgres://…`.

use std::path::PathBuf;
use std::time::Duration;

use crate::progress::Progress;

/// The fleet flags `sweep` and `worker` share.
#[derive(Debug, Clone, clap::Args)]
pub struct FleetArgs {
    /// This worker's name in the fleet and in its WARC file names (letters, digits, '-';
    /// default: `<machine>-<pid>`). Only with a `postgres://` state.
    #[arg(long, value_name = "ID")]
    worker_id: Option<String>,
    /// How long a worker's hold on a host lasts unless renewed: after a worker dies, its
    /// hosts wait this long before another worker takes them. Set by the process that
    /// starts the sweep; workers that join use the sweep's. Only with a `postgres://` state.
    #[arg(long, value_name = "SECS", default_value_t = 30.0)]
    lease_secs: f64,
}

impl FleetArgs {
    /// The fleet options these flags give.
    pub fn options(&self) -> anyhow::Result<crate::fleet::FleetOptions> {
        if !(self.lease_secs.is_finite() && (0.5..=3600.0).contains(&self.lease_secs)) {
            anyhow::bail!(
                "--lease-secs must be seconds in [0.5, 3600], not {}",
                self.lease_secs
            );
        }
        if let Some(id) = &self.worker_id {
            crate::fleet::worker_id(Some(id))?;
        }
        Ok(crate::fleet::FleetOptions {
            worker_id: self.worker_id.clone(),
            lease: Duration::from_secs_f64(self.lease_secs),
        })
    }
}

/// Join the open fleet sweeps as one more worker.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sweeps' PostgreSQL database (`postgres://user@host/db`).
    #[arg(long, value_name = "URL")]
    state: String,
    /// Folder under which each sweep's evidence folder is (`DIR/<sweep-id>/evidence`): the
    /// same shared folder for every worker, so the report finds every WARC file.
    #[arg(long, value_name = "DIR", default_value = "output")]
    out: PathBuf,
    /// When no sweep has work, wait for the next one instead of exiting.
    #[arg(long)]
    follow: bool,
    #[command(flatten)]
    fleet: FleetArgs,
    #[command(flatten)]
    output: super::OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if !crate::fleet::is_postgres(std::path::Path::new(&args.state)) {
        return super::usage(&format!(
            "--state {}: a worker needs the fleet's PostgreSQL database (postgres://…)",
            crate::output::terminal_safe(&args.state)
        ));
    }
    let options = args.fleet.options()?;
    let rt = super::runtime()?;
    let progress = Progress::new(args.output.mode());
    let worked = rt.block_on(crate::fleet::worker(
        &args.state,
        &args.out,
        &options,
        args.follow,
        &progress,
        crate::sweep::shutdown_signal(),
    ))?;
    for id in &worked {
        progress.note(&format!("worked on sweep {id}"));
    }
    Ok(super::EXIT_OK)
}
