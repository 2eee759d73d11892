//! `greysweep check SWEEP.toml`.

use std::path::PathBuf;

use crate::config::{Overrides, Settings};

/// Load and validate a sweep file and every profile and registry it names.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sweep file.
    sweep: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let settings = Settings::load(&args.sweep, &Overrides::default())?;
    crate::progress::info(&format!(
        "ok: {} — {} site profile(s), {} brand(s)",
        args.sweep.display(),
        settings.profiles.len(),
        settings.registry.brands.len()
    ));
    Ok(super::EXIT_OK)
}
