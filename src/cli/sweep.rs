//! `greysweep sweep SWEEP.toml`.

use std::path::PathBuf;

/// Run a sweep.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sweep file.
    sweep: PathBuf,
    /// Write outputs under DIR instead of the sweep file's `output_dir`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let _ = args;
    anyhow::bail!("sweep is being built")
}
