//! One sweep, from validated settings to the files in `OUT/<sweep-id>/`.
//!
//! This is the library's entry point for running a sweep (`greysweep sweep` and
//! `greysweep demo` both call [`run`]). It names the sweep, creates its folder, runs the
//! crawl with the store and the shutdown signal it is given, and writes the outputs —
//! also when the crawl was interrupted, so nothing gathered is lost.

use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use chrono::Utc;

use crate::config::Settings;
use crate::detect::Detector;
use crate::output::{PreviousAudit, Summary, SweepFiles, write_all};
use crate::progress::Progress;
use crate::store::{MemoryStore, Store};

/// What a finished sweep left behind.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The sweep id.
    pub sweep_id: String,
    /// Its files.
    pub files: SweepFiles,
    /// Its figures.
    pub summary: Summary,
}

/// A fresh sweep id: `<name>-<YYYYMMDDTHHMMSSZ>`, suffixed when that folder exists.
pub fn new_sweep_id(settings: &Settings) -> String {
    let base = format!("{}-{}", settings.name, Utc::now().format("%Y%m%dT%H%M%SZ"));
    let mut id = base.clone();
    let mut n = 2;
    while settings.output_dir.join(&id).exists() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Runs a sweep and writes its outputs.
pub async fn run(
    settings: Settings,
    progress: &Progress,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<Outcome> {
    let sweep_id = new_sweep_id(&settings);
    let dir: PathBuf = settings.output_dir.join(&sweep_id);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let files = SweepFiles::in_dir(&dir);
    let previous = PreviousAudit::find(&settings.output_dir, &settings.name, &sweep_id)?;
    let detector = Arc::new(Detector::new(settings.registry.clone()));
    let name = settings.name.clone();
    let settings = Arc::new(settings);
    let mut store = MemoryStore::default();
    let stats = crate::crawl::run(settings, detector, &mut store, progress, shutdown).await?;
    progress.finish();
    let summary = write_all(
        &files,
        &sweep_id,
        &name,
        &store as &dyn Store,
        &stats,
        &previous,
    )?;
    Ok(Outcome {
        sweep_id,
        files,
        summary,
    })
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
