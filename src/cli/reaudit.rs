//! `greysweep reaudit EVIDENCE_DIR --sweep SWEEP.toml`.

use std::path::PathBuf;

use crate::config::{Overrides, Settings};

/// Re-run extraction and detection offline over a sweep's WARC files (e.g. after the
/// brand registry changed) and write a new audit, without any fetch.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sweep's evidence folder (`OUT/<sweep-id>/evidence`).
    evidence: PathBuf,
    /// The sweep file whose profiles and brand registries to use.
    #[arg(long)]
    sweep: PathBuf,
    /// Write the new audit under DIR instead of the sweep file's `output_dir`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let settings = Settings::load(
        &args.sweep,
        &Overrides {
            output_dir: args.out,
            ..Default::default()
        },
    )?;
    let r = crate::reaudit::run(&settings, &args.evidence)?;
    let t = &r.throughput;
    crate::progress::info(&format!(
        "re-audit {}: {} listings, {} flagged findings\n  audit:    {}\n  listings: {}\n  re-extracted {} pages in {:.2} s: {:.1} pages/s, {:.1} listings/s ({} workers)",
        r.id,
        r.summary.listings,
        r.summary.findings,
        r.files.audit.display(),
        r.files.listings.display(),
        t.pages,
        t.elapsed.as_secs_f64(),
        t.pages_per_sec(),
        t.listings_per_sec(),
        t.workers
    ));
    Ok(super::EXIT_OK)
}
