//! `greysweep sweep SWEEP.toml`.

use std::path::PathBuf;

use crate::config::{Overrides, Settings};
use crate::progress::{Mode, Progress};

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
    let settings = Settings::load(
        &args.sweep,
        &Overrides {
            output_dir: args.out,
        },
    )?;
    let rt = super::runtime()?;
    let progress = Progress::new(Mode::detect());
    let outcome = rt.block_on(crate::sweep::run(
        settings,
        &progress,
        crate::sweep::shutdown_signal(),
    ))?;
    super::print_outcome(&outcome);
    Ok(super::EXIT_OK)
}
