//! The one place that writes human messages to the terminal (stderr).
//!
//! Data never goes through here: it goes to files. On a terminal a sweep shows a
//! progress line (indicatif); elsewhere (cron, CI, pipes) it writes one plain log line
//! per page. Text that came from the network is escaped with
//! [`crate::output::terminal_safe`] before it is printed.

use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};

use indicatif::{ProgressBar, ProgressStyle};

use crate::output::terminal_safe;
use crate::store::{PageRecord, PageStatus};

/// An informational line.
pub fn info(msg: &str) {
    eprintln!("{msg}");
}

/// A warning line.
pub fn warn(msg: &str) {
    eprintln!("warning: {msg}");
}

/// An error line.
pub fn error(msg: &str) {
    eprintln!("error: {msg}");
}

/// How a sweep reports progress.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// A live progress line (terminals).
    Bar,
    /// One line per page (logs).
    Lines,
    /// One JSON object per line (pipelines).
    Json,
    /// Nothing but errors.
    Quiet,
}

impl Mode {
    /// `Bar` when stderr is a terminal, `Lines` otherwise.
    pub fn detect() -> Mode {
        if std::io::stderr().is_terminal() {
            Mode::Bar
        } else {
            Mode::Lines
        }
    }
}

/// Progress of one sweep.
#[derive(Debug)]
pub struct Progress {
    mode: Mode,
    bar: Option<ProgressBar>,
    pages: AtomicUsize,
    listings: AtomicUsize,
    problems: AtomicUsize,
}

impl Progress {
    /// Starts reporting in `mode`.
    pub fn new(mode: Mode) -> Progress {
        let bar = (mode == Mode::Bar).then(|| {
            let bar = ProgressBar::new_spinner();
            if let Ok(style) = ProgressStyle::with_template("{spinner} {elapsed} {msg}") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(std::time::Duration::from_millis(120));
            bar
        });
        Progress {
            mode,
            bar,
            pages: AtomicUsize::new(0),
            listings: AtomicUsize::new(0),
            problems: AtomicUsize::new(0),
        }
    }

    /// A page's outcome was recorded.
    pub fn page(&self, rec: &PageRecord) {
        let pages = self.pages.fetch_add(1, Ordering::Relaxed) + 1;
        let listings = self.listings.fetch_add(rec.listings, Ordering::Relaxed) + rec.listings;
        let problems = if matches!(rec.status, PageStatus::Ok | PageStatus::Redirect) {
            self.problems.load(Ordering::Relaxed)
        } else {
            self.problems.fetch_add(1, Ordering::Relaxed) + 1
        };
        match self.mode {
            Mode::Bar => {
                if let Some(bar) = &self.bar {
                    bar.set_message(format!(
                        "{pages} pages, {listings} listings, {problems} not ok — {}",
                        terminal_safe(rec.url.as_str())
                    ));
                }
            }
            Mode::Lines => eprintln!(
                "page status={} http={} listings={} url={}",
                rec.status.as_str(),
                rec.http_status
                    .map_or_else(|| "-".to_string(), |s| s.to_string()),
                rec.listings,
                terminal_safe(rec.url.as_str())
            ),
            Mode::Json => self.event(
                "page",
                serde_json::json!({
                    "url": rec.url.as_str(),
                    "status": rec.status.as_str(),
                    "http_status": rec.http_status,
                    "listings": rec.listings,
                    "detail": rec.detail,
                }),
            ),
            Mode::Quiet => {}
        }
    }

    /// The reporting mode.
    pub fn mode(&self) -> Mode {
        self.mode
    }

    /// Writes one JSON log line `{"ts", "event", ...fields}` (JSON mode only). JSON
    /// escaping makes scraped text safe for terminals and log shippers.
    pub fn event(&self, event: &str, fields: serde_json::Value) {
        if self.mode != Mode::Json {
            return;
        }
        let mut obj = serde_json::Map::new();
        obj.insert(
            "ts".into(),
            chrono::Utc::now()
                .to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
                .into(),
        );
        obj.insert("event".into(), event.into());
        if let serde_json::Value::Object(map) = fields {
            obj.extend(map);
        }
        eprintln!("{}", serde_json::Value::Object(obj));
    }

    /// A note about the run (not about one page).
    pub fn note(&self, msg: &str) {
        match (&self.bar, self.mode) {
            (Some(bar), _) => bar.println(msg),
            (None, Mode::Quiet) => {}
            (None, Mode::Json) => self.event("note", serde_json::json!({ "message": msg })),
            (None, _) => eprintln!("{msg}"),
        }
    }

    /// An extraction-health warning. Printed in every mode, `--quiet` included: a sweep
    /// that stopped reading a site must not stay silent. JSON mode writes an event
    /// `health` with the warning's fields.
    pub fn health(&self, w: &crate::health::Warning) {
        match self.mode {
            Mode::Json => self.event(
                "health",
                serde_json::to_value(w).unwrap_or(serde_json::Value::Null),
            ),
            _ => {
                let line = format!("warning: extraction health: {}", terminal_safe(&w.message));
                match &self.bar {
                    Some(bar) => bar.println(line),
                    None => eprintln!("{line}"),
                }
            }
        }
    }

    /// The sweep is over; clears the live line.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
