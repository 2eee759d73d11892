//! `greysweep takedown`: the batches sweeps wrote, recording their submission, and their
//! outcomes.

use std::path::PathBuf;

use chrono::Utc;

use crate::case::outcome::{BatchRecord, OutcomeFigures};
use crate::output::terminal_safe;
use crate::store::Store;

/// Takedown batches: record one as sent, list them with their outcomes, show one.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

/// Where the state is: a sweep file (its state, its name's batches) or a state file.
#[derive(Debug, Clone, clap::Args)]
struct StateArgs {
    /// A sweep file: use its state file, and only its sweep name's batches.
    sweep: Option<PathBuf>,
    /// A state to use instead: a SQLite file or a PostgreSQL URL (`postgres://…`).
    #[arg(long, value_name = "FILE|URL", conflicts_with = "sweep")]
    state: Option<PathBuf>,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Record that batches were submitted to their platform.
    Sent {
        /// The batch ids (`<sweep-id>/<file stem>`, as in `takedown/batches.csv`), and
        /// optionally a sweep file (an argument ending in `.toml`): use its state file and
        /// only its sweep name's batches.
        #[arg(required = true, value_name = "BATCH_ID|SWEEP.toml")]
        args: Vec<String>,
        /// A state to use instead of a sweep file's: a SQLite file or a PostgreSQL URL.
        #[arg(long, value_name = "FILE|URL")]
        state: Option<PathBuf>,
        /// When they were submitted (RFC 3339, or a date: midnight UTC; default: now).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
        /// Who submitted them (default: $GREYSWEEP_USER, else $USER, else `unknown`).
        #[arg(long, value_name = "NAME")]
        by: Option<String>,
        /// A note (complaint number, …).
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
        /// Replace an earlier submission record of a batch.
        #[arg(long)]
        replace: bool,
    },
    /// List batches with their submission and outcome figures.
    List {
        #[command(flatten)]
        state: StateArgs,
        /// JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Show one batch's listings and their outcomes.
    Show {
        /// The batch id.
        batch: String,
        #[command(flatten)]
        state: StateArgs,
        /// JSON lines instead of a table.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.command {
        Command::Sent {
            args,
            state,
            at,
            by,
            note,
            replace,
        } => {
            let at = match super::parse_time(at.as_deref(), "--at") {
                Ok(t) => t,
                Err(msg) => return super::usage(&msg),
            };
            if at > Utc::now() + chrono::Duration::minutes(5) {
                return super::usage(&format!(
                    "--at {} is in the future",
                    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                ));
            }
            let (sweeps, batches): (Vec<String>, Vec<String>) =
                args.into_iter().partition(|a| a.ends_with(".toml"));
            if sweeps.len() > 1 || (!sweeps.is_empty() && state.is_some()) {
                return super::usage("give one sweep file or --state, not several");
            }
            if batches.is_empty() {
                return super::usage("no batch id given");
            }
            let sweep = sweeps.first().map(PathBuf::from);
            let (path, name) = super::state_of(sweep.as_ref(), state.as_ref())?;
            let mut store = crate::store::open(&path)?;
            // Every batch is checked before any is recorded: all or nothing.
            let mut found = Vec::new();
            for batch in &batches {
                let Some(b) = find(&store, name.as_deref(), batch)? else {
                    return super::usage(&format!(
                        "no takedown batch `{}` in {} (`greysweep takedown list` shows them)",
                        terminal_safe(batch),
                        crate::store::describe(&path)
                    ));
                };
                if let (Some(was), false) = (b.sent_at, replace) {
                    return super::usage(&format!(
                        "batch {} was already recorded as sent at {} by {}; pass --replace to change it",
                        terminal_safe(&b.id),
                        was.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        terminal_safe(b.sent_by.as_deref().unwrap_or("?"))
                    ));
                }
                if at < b.created_at {
                    crate::progress::warn(&format!(
                        "--at is before batch {} was written ({})",
                        terminal_safe(&b.id),
                        b.created_at
                            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                    ));
                }
                found.push(b);
            }
            let by = super::who(by.as_deref());
            store.begin()?;
            for b in &found {
                store.takedown_mark_sent(&b.id, at, &by, note.trim())?;
            }
            store.commit()?;
            for b in &found {
                crate::progress::info(&format!(
                    "batch {} ({} listings on {}) recorded as sent at {} by {}; later sweeps of this name will follow its listings",
                    terminal_safe(&b.id),
                    b.listings,
                    terminal_safe(&b.site),
                    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                    terminal_safe(&by)
                ));
            }
            Ok(super::EXIT_OK)
        }
        Command::List { state, json } => {
            let (path, name) = super::state_of(state.sweep.as_ref(), state.state.as_ref())?;
            let store = crate::store::open(&path)?;
            let mut out = String::new();
            if !json {
                out.push_str(&format!(
                    "{:<44}  {:<14}  {:>8}  {:<20}  {:>7}  {:>8}  {:>9}  {:>7}  {}\n",
                    "batch",
                    "site",
                    "listings",
                    "sent_at",
                    "removed",
                    "still_up",
                    "unchecked",
                    "rate",
                    "median_h"
                ));
            }
            for b in store.takedown_batches(name.as_deref())? {
                let items = store.takedown_items(&b.id)?;
                let f = b
                    .sent_at
                    .map(|at| OutcomeFigures::of(items.iter().map(|i| (i, at))));
                if json {
                    let line = serde_json::json!({
                        "batch_id": b.id, "sweep_id": b.sweep, "site": b.site, "file": b.file,
                        "listings": b.listings, "created_at": b.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                        "sent_at": b.sent_at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
                        "sent_by": b.sent_by, "note": b.note, "outcome": f,
                    });
                    out.push_str(&line.to_string());
                    out.push('\n');
                } else {
                    let n = |v: Option<usize>| v.map_or("-".to_string(), |v| v.to_string());
                    out.push_str(&format!(
                        "{:<44}  {:<14}  {:>8}  {:<20}  {:>7}  {:>8}  {:>9}  {:>7}  {}\n",
                        terminal_safe(&b.id),
                        terminal_safe(&b.site),
                        b.listings,
                        b.sent_at.map_or("not sent".to_string(), |t| t
                            .format("%Y-%m-%d %H:%M:%S")
                            .to_string()),
                        n(f.as_ref().map(|f| f.removed)),
                        n(f.as_ref().map(|f| f.still_up)),
                        n(f.as_ref().map(|f| f.unchecked)),
                        f.as_ref()
                            .and_then(|f| f.removal_rate)
                            .map_or("-".to_string(), |r| format!("{:.1} %", r * 100.0)),
                        f.as_ref()
                            .and_then(|f| f.median_hours_to_removal)
                            .map_or("-".to_string(), |h| format!("{h:.2}")),
                    ));
                }
            }
            print!("{out}");
            Ok(super::EXIT_OK)
        }
        Command::Show { batch, state, json } => {
            let (path, name) = super::state_of(state.sweep.as_ref(), state.state.as_ref())?;
            let store = crate::store::open(&path)?;
            let Some(b) = find(&store, name.as_deref(), &batch)? else {
                return super::usage(&format!(
                    "no takedown batch `{}` in {}",
                    terminal_safe(&batch),
                    crate::store::describe(&path)
                ));
            };
            let mut out = String::new();
            if !json {
                out.push_str(&format!(
                    "{:<10}  {:<20}  {:>8}  {:<14}  {}\n",
                    "status", "removed_at", "hours", "how", "listing_url"
                ));
            }
            for i in store.takedown_items(&b.id)? {
                let hours = match (i.removed_at, b.sent_at) {
                    (Some(r), Some(s)) => Some(
                        ((r - s).num_milliseconds() as f64 / 3_600_000.0 * 100.0).round() / 100.0,
                    ),
                    _ => None,
                };
                if json {
                    let mut v = serde_json::to_value(&i)?;
                    v["hours_to_removal"] = serde_json::json!(hours);
                    out.push_str(&v.to_string());
                    out.push('\n');
                } else {
                    out.push_str(&format!(
                        "{:<10}  {:<20}  {:>8}  {:<14}  {}\n",
                        i.status.as_str(),
                        i.removed_at.map_or("-".to_string(), |t| t
                            .format("%Y-%m-%d %H:%M:%S")
                            .to_string()),
                        hours.map_or("-".to_string(), |h| format!("{h:.2}")),
                        i.removed_how.as_deref().unwrap_or("-"),
                        terminal_safe(&i.listing_url),
                    ));
                }
            }
            print!("{out}");
            Ok(super::EXIT_OK)
        }
    }
}

fn find(store: &dyn Store, name: Option<&str>, id: &str) -> anyhow::Result<Option<BatchRecord>> {
    let id = id.trim();
    Ok(store
        .takedown_batches(name)?
        .into_iter()
        .find(|b| b.id == id))
}
