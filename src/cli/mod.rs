//! The command line: verbs, flags, and the mapping of outcomes to exit codes.
//!
//! clap types live here and nowhere else; each verb turns its flags into library calls.
//! Exit codes (documented in the README): 0 success, 1 the run failed, 2 usage or
//! configuration error, 3 the state file is locked by another run, 4 new findings (only
//! with `sweep --exit-code`), 5 an extraction-health failure (only with `sweep
//! --exit-code`; it takes precedence over 4).

mod check;
mod demo;
mod detect;
mod explain;
mod explain_relist;
mod export;
mod extract;
mod history;
mod profile;
mod reaudit;
mod report;
mod review;
mod sellers;
mod sweep;
mod takedown;
mod worker;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::ConfigError;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the run failed (I/O, network setup, internal error).
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: bad usage or a configuration mistake.
pub const EXIT_USAGE: u8 = 2;
/// Exit code: another run holds the state file's lock.
pub const EXIT_LOCKED: u8 = 3;
/// Exit code: the sweep found new findings (`sweep --exit-code`).
pub const EXIT_NEW_FINDINGS: u8 = 4;
/// Exit code: extraction health failed — a page kind stopped yielding, fell back to
/// automatic extraction, lost field coverage, came back empty or missed its profile
/// expectations (`sweep --exit-code`). Takes precedence over [`EXIT_NEW_FINDINGS`]: the
/// findings of a sweep that could not read a site are incomplete.
pub const EXIT_HEALTH: u8 = 5;

/// The brand registries and detector options of the verbs that run detection alone.
#[derive(Debug, Clone, clap::Args)]
pub struct BrandArgs {
    /// Brand registry file (repeat to merge several).
    #[arg(long = "brands", value_name = "REGISTRY.toml", required = true)]
    brands: Vec<std::path::PathBuf>,
    /// Flag compatibility mentions too.
    #[arg(long)]
    flag_compatibility: bool,
}

impl BrandArgs {
    /// Loads the registries and builds the detector.
    fn detector(&self) -> Result<crate::detect::Detector, ConfigError> {
        let registry = crate::detect::Registry::load_all(&self.brands)?;
        let options = crate::detect::DetectorOptions {
            flag_compatibility: self.flag_compatibility,
        };
        Ok(crate::detect::Detector::with_options(registry, options))
    }
}

/// How a sweep talks to the terminal.
#[derive(Debug, Clone, clap::Args)]
pub struct OutputArgs {
    /// Print nothing but errors.
    #[arg(long, short)]
    quiet: bool,
    /// Progress and messages as text (a live line on terminals) or JSON lines.
    #[arg(long, value_enum, default_value_t = LogFormat::Text)]
    log_format: LogFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LogFormat {
    Text,
    Json,
}

impl OutputArgs {
    fn mode(&self) -> crate::progress::Mode {
        use crate::progress::Mode;
        match (self.quiet, self.log_format) {
            (true, _) => Mode::Quiet,
            (false, LogFormat::Json) => Mode::Json,
            (false, LogFormat::Text) => Mode::detect(),
        }
    }
}

#[derive(Debug, Parser)]
#[command(
    name = "greysweep",
    version,
    about = "Polite crawler that audits B2B supplier directories for grey-market and counterfeit listings.",
    propagate_version = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run a sweep described by a sweep file.
    Sweep(sweep::Args),
    /// Serve the bundled demo directory on 127.0.0.1 and sweep it.
    Demo(demo::Args),
    /// Run a site profile over a saved page and print what it extracts.
    Extract(extract::Args),
    /// Load and validate a sweep file (and every file it references), a site profile or a
    /// brand registry.
    Check(check::Args),
    /// Work with site profiles: `profile suggest` writes a starting profile for a new
    /// directory from saved pages.
    Profile(profile::Args),
    /// List past sweeps with their figures.
    History(history::Args),
    /// Re-run extraction and detection over a sweep's WARC files, without fetching.
    Reaudit(reaudit::Args),
    /// Explain how the brand detector judges one listing title.
    Explain(explain::Args),
    /// Run brand detection alone over a listings CSV and write audit rows.
    Detect(detect::Args),
    /// Record analysts' decisions on findings (or import them from an edited audit.csv),
    /// list the open review queue and the decision log.
    Review(review::Args),
    /// Takedown batches: record one as sent, list them with their outcomes, show one.
    Takedown(takedown::Args),
    /// Every seller's dossier across the sweeps of a state.
    Sellers(sellers::Args),
    /// Write one seller's case file: findings, the WARC records that prove them, a manifest.
    Export(export::Args),
    /// Explain why one listing is (or is not) reported as relisted from another.
    ExplainRelist(explain_relist::Args),
    /// Join the open fleet sweeps of a PostgreSQL state as one more worker.
    Worker(worker::Args),
    /// Write the outputs of a fleet sweep whose workers are done.
    Report(report::Args),
}

/// The state file and sweep name of the verbs that read the state: a sweep file's, else
/// `--state` (every name), else `output/greysweep.sqlite`. A state file that does not
/// exist is an error (nothing has run there).
fn state_of(
    sweep: Option<&std::path::PathBuf>,
    state: Option<&std::path::PathBuf>,
) -> anyhow::Result<(std::path::PathBuf, Option<String>)> {
    let settings = match sweep {
        Some(sweep) => Some(crate::config::Settings::load(
            sweep,
            &crate::config::Overrides::default(),
        )?),
        None => None,
    };
    let path = existing_state_file(settings.as_ref(), state)?;
    Ok((path, settings.map(|s| s.name)))
}

/// The one rule for which state file a reading verb opens: the sweep file's, else
/// `--state`, else `output/greysweep.sqlite`; a file must exist (a PostgreSQL URL is
/// checked when the store connects).
fn existing_state_file(
    settings: Option<&crate::config::Settings>,
    state: Option<&std::path::PathBuf>,
) -> anyhow::Result<std::path::PathBuf> {
    let path = match (settings, state) {
        (Some(s), _) => s.state_file.clone(),
        (None, Some(state)) => state.clone(),
        (None, None) => std::path::PathBuf::from("output/greysweep.sqlite"),
    };
    if !crate::store::is_postgres(&path) && !path.is_file() {
        anyhow::bail!(
            "no state file at {} (no sweep has run there yet)",
            path.display()
        );
    }
    Ok(path)
}

/// An RFC 3339 time given as `flag` (`None`: now).
fn parse_time(text: Option<&str>, flag: &str) -> Result<chrono::DateTime<chrono::Utc>, String> {
    match text {
        None => Ok(chrono::Utc::now()),
        Some(t) => {
            let t = t.trim();
            // A date alone is that day's midnight, UTC.
            if let Ok(d) = chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d") {
                return Ok(d.and_time(chrono::NaiveTime::MIN).and_utc());
            }
            chrono::DateTime::parse_from_rfc3339(t)
                .map(|t| t.with_timezone(&chrono::Utc))
                .map_err(|e| {
                    format!(
                        "{flag} `{}` is not an RFC 3339 time such as 2026-11-30T09:00:00Z, nor a date such as 2026-11-30 ({e})",
                        crate::output::terminal_safe(t)
                    )
                })
        }
    }
}

/// Who is acting: `by`, else `$GREYSWEEP_USER`, else `$USER`, else `unknown`.
fn who(by: Option<&str>) -> String {
    by.map(str::to_string)
        .or_else(|| std::env::var("GREYSWEEP_USER").ok())
        .or_else(|| std::env::var("USER").ok())
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| "unknown".to_string())
}

/// Prints a usage error and returns its exit code.
fn usage(msg: &str) -> anyhow::Result<u8> {
    crate::progress::error(msg);
    Ok(EXIT_USAGE)
}

/// The runtime every async verb runs on.
fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    Ok(tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?)
}

/// Prints where a sweep's files are and its main figures (stderr, or a JSON line).
fn print_outcome(outcome: &crate::sweep::Outcome, progress: &crate::progress::Progress) {
    if progress.mode() != crate::progress::Mode::Bar
        && progress.mode() != crate::progress::Mode::Lines
    {
        if progress.mode() == crate::progress::Mode::Json {
            progress.event(
                "sweep_done",
                serde_json::json!({
                    "sweep_id": outcome.sweep_id,
                    "dir": outcome.files.dir,
                    "summary": outcome.summary,
                }),
            );
        }
        return;
    }
    let s = &outcome.summary;
    let count = |k: &str| s.pages_by_status.get(k).copied().unwrap_or(0);
    let mut lines = vec![
        format!(
            "sweep {} {} in {:.1}s",
            s.sweep_id,
            if s.interrupted {
                "interrupted"
            } else {
                "finished"
            },
            s.duration_secs
        ),
        format!(
            "  pages: {} requested, {} ok, {} blocked, {} robots-denied, {}",
            s.requests,
            s.pages_ok,
            s.blocked,
            count("robots_denied"),
            errors_phrase(s.errors, &s.errors_by_status)
        ),
        format!(
            "  listings: {}, flagged findings: {} ({} new, {} resolved, {} unverified since the previous sweep)",
            s.listings, s.findings, s.new_findings, s.resolved_findings, s.unverified_findings
        ),
    ];
    if !s.health.ok {
        let n = s.health.warnings.len();
        lines.push(format!(
            "  extraction health: {n} warning{} (see summary.json `health`)",
            if n == 1 { "" } else { "s" }
        ));
    }
    if s.budget_exhausted {
        lines.push(format!(
            "  page budget reached: {} URLs left unfetched",
            s.unfetched
        ));
    }
    if let Some(d) = &s.decisions {
        let n = |k: &str| d.by_decision.get(k).copied().unwrap_or(0);
        lines.push(format!(
            "  review queue: {} open ({} reopened); decisions in force: {} confirmed, {} dismissed, {} authorised",
            d.open,
            d.reopened,
            n("confirmed"),
            n("dismissed"),
            n("authorised")
        ));
    }
    if let Some(t) = &s.takedown {
        for b in t.written.iter().take(10) {
            lines.push(format!(
                "  takedown batch {} ({} listing{}): {}",
                crate::output::terminal_safe(&b.batch_id),
                b.listings,
                if b.listings == 1 { "" } else { "s" },
                crate::output::terminal_safe(&b.file)
            ));
        }
        if t.written.len() > 10 {
            lines.push(format!(
                "  … and {} more batches (takedown/batches.csv lists them all)",
                t.written.len() - 10
            ));
        }
        for p in &t.platforms {
            lines.push(format!(
                "  takedown outcomes on {}: {} of {} sent listings removed ({}), median {} h to removal, {} still up, {} unchecked",
                crate::output::terminal_safe(&p.site),
                p.figures.removed,
                p.figures.sent,
                p.figures
                    .removal_rate
                    .map_or("-".to_string(), |r| format!("{:.1} %", r * 100.0)),
                p.figures
                    .median_hours_to_removal
                    .map_or("-".to_string(), |h| format!("{h:.2}")),
                p.figures.still_up,
                p.figures.unchecked
            ));
        }
    }
    lines.push(format!("  audit:    {}", outcome.files.audit.display()));
    lines.push(format!("  listings: {}", outcome.files.listings.display()));
    lines.push(format!("  summary:  {}", outcome.files.summary.display()));
    crate::progress::info(&lines.join("\n"));
}

/// `3 errors (2 timeout, 1 private_address)`: the count, then each error status with its
/// count, most frequent first.
pub fn errors_phrase(
    errors: usize,
    by_status: &std::collections::BTreeMap<String, usize>,
) -> String {
    let noun = if errors == 1 { "error" } else { "errors" };
    let mut parts: Vec<(&String, &usize)> = by_status.iter().filter(|(_, n)| **n > 0).collect();
    if parts.is_empty() {
        return format!("{errors} {noun}");
    }
    parts.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
    let list: Vec<String> = parts.iter().map(|(s, n)| format!("{n} {s}")).collect();
    format!("{errors} {noun} ({})", list.join(", "))
}

/// Exit code of a run whose standard output was closed by its reader: 128 + SIGPIPE, what
/// shells report for a Unix tool that the closed pipe ended.
const CLOSED_PIPE: i32 = 141;

/// Whether a panic is `print!` failing because the reader of standard output went away
/// (`greysweep check --names reg.toml | head`).
fn closed_pipe(info: &std::panic::PanicHookInfo<'_>) -> bool {
    let message = info
        .payload()
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| info.payload().downcast_ref::<&str>().copied())
        .unwrap_or("");
    message.starts_with("failed printing to std") && message.contains("Broken pipe")
}

/// Ends the process quietly when its output is piped into a reader that closed early
/// (`| head`), with exit code 141 as a Unix tool killed by that closed pipe ends, instead
/// of printing a panic and a backtrace. Every other panic is reported as before.
fn quiet_on_closed_pipe() {
    let report = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if closed_pipe(info) {
            std::process::exit(CLOSED_PIPE);
        }
        report(info);
    }));
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    quiet_on_closed_pipe();
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sweep(args) => sweep::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Check(args) => check::run(args),
        Command::Profile(args) => profile::run(args),
        Command::History(args) => history::run(args),
        Command::Reaudit(args) => reaudit::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Detect(args) => detect::run(args),
        Command::Review(args) => review::run(args),
        Command::Takedown(args) => takedown::run(args),
        Command::Sellers(args) => sellers::run(args),
        Command::Export(args) => export::run(args),
        Command::ExplainRelist(args) => explain_relist::run(args),
        Command::Worker(args) => worker::run(args),
        Command::Report(args) => report::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            crate::progress::error(&format!("{err:#}"));
            if err.downcast_ref::<ConfigError>().is_some() {
                ExitCode::from(EXIT_USAGE)
            } else if err.downcast_ref::<crate::store::sqlite::Locked>().is_some() {
                ExitCode::from(EXIT_LOCKED)
            } else {
                ExitCode::from(EXIT_FAILURE)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc_3339_or_a_date() {
        let t = |s: &str| parse_time(Some(s), "--at").map(|t| t.to_rfc3339());
        assert_eq!(t("2026-11-30").as_deref(), Ok("2026-11-30T00:00:00+00:00"));
        assert_eq!(
            t(" 2026-11-30T10:00:00+02:00 ").as_deref(),
            Ok("2026-11-30T08:00:00+00:00")
        );
        let err = t("30/11/2026").expect_err("not a time");
        assert!(
            err.starts_with("--at `30/11/2026` is not an RFC 3339 time"),
            "{err}"
        );
        assert!(parse_time(None, "--at").is_ok());
    }

    #[test]
    fn the_errors_phrase_names_each_status() {
        let by: std::collections::BTreeMap<String, usize> = [
            ("private_address".to_string(), 1),
            ("timeout".to_string(), 2),
        ]
        .into_iter()
        .collect();
        assert_eq!(
            errors_phrase(3, &by),
            "3 errors (2 timeout, 1 private_address)"
        );
        assert_eq!(errors_phrase(0, &Default::default()), "0 errors");
        let one = [("empty".to_string(), 1)].into_iter().collect();
        assert_eq!(errors_phrase(1, &one), "1 error (1 empty)");
    }
}
