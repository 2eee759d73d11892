//! `greysweep export`: one seller's case file — findings, the WARC records that prove
//! them, and a manifest.

use std::path::PathBuf;

use crate::output::terminal_safe;

/// Write a seller's case file: its findings (`findings.csv`), the WARC records that prove
/// them copied into a new WARC, its dossier (`seller.json`) and `manifest.json`.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    state: super::sellers::StateArgs,
    /// The seller: a dossier id as `greysweep sellers` prints it, one of its aliases, or
    /// a seller id or store URL that names exactly one seller.
    #[arg(long, value_name = "ID")]
    seller: String,
    /// The case folder to write (new or empty).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// Where the sweep folders are (default: the sweep file's output folder, else the
    /// state file's folder).
    #[arg(long, value_name = "DIR")]
    evidence_root: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let opened = args.state.open()?;
    let dossiers = crate::case::dossier::build(
        &opened.store,
        opened.profiles(),
        opened.threshold(),
        None,
        true,
    )?;
    let seller = match dossiers.resolve(&args.seller) {
        Ok(d) => d,
        Err(msg) => {
            crate::progress::error(&terminal_safe(&msg));
            return Ok(super::EXIT_USAGE);
        }
    };
    let findings = dossiers
        .findings
        .get(&seller.id)
        .map_or(&[][..], Vec::as_slice);
    let detector = opened
        .settings
        .as_ref()
        .map(|s| crate::detect::Detector::new(s.registry.clone()));
    let root = args
        .evidence_root
        .unwrap_or_else(|| opened.sweeps_dir.clone());
    let digests = opened
        .settings
        .as_ref()
        .map(|s| s.config_digests.clone())
        .unwrap_or_default();
    let summary = crate::case::export::export(
        seller,
        findings,
        &crate::case::export::ExportOptions {
            out: &args.out,
            evidence_root: &root,
            detector: detector.as_ref(),
            config_digests: &digests,
        },
    )?;
    for m in &summary.missing {
        crate::progress::warn(&format!("warning: evidence missing: {}", terminal_safe(m)));
    }
    crate::progress::info(&format!(
        "wrote the case file of {} to {}: {} findings, {} WARC records in {}{}",
        terminal_safe(&summary.seller),
        args.out.display(),
        summary.findings,
        summary.records,
        summary.warc_file,
        if summary.missing.is_empty() {
            String::new()
        } else {
            format!(", {} evidence records missing", summary.missing.len())
        },
    ));
    Ok(super::EXIT_OK)
}
