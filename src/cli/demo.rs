//! `greysweep demo`.

use std::path::PathBuf;

/// Serve the demo directory and sweep it.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Write outputs under DIR instead of the sweep file's `output_dir`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let _ = args;
    anyhow::bail!("sweep is being built")
}
