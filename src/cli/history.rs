//! `greysweep history`: past sweeps of a state (a SQLite file or a PostgreSQL URL) with
//! their figures.

use std::path::PathBuf;

use crate::output::terminal_safe;
use crate::store::SqliteStore;

/// List past sweeps (newest first) with their figures.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A sweep file: show the history of its state file and name.
    sweep: Option<PathBuf>,
    /// A state to read instead (all sweep names): a SQLite file or a PostgreSQL URL
    /// (`postgres://…`).
    #[arg(long, value_name = "FILE|URL", conflicts_with = "sweep")]
    state: Option<PathBuf>,
    /// Print JSON lines instead of a table.
    #[arg(long)]
    json: bool,
    /// Check the state file's integrity (SQLite `PRAGMA integrity_check`) instead of
    /// listing sweeps; exit 1 when it is damaged, saying how to recover. SQLite state
    /// files only (a PostgreSQL server checks its own pages).
    #[arg(long, conflicts_with = "json")]
    check: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let (state, name) = super::state_of(args.sweep.as_ref(), args.state.as_ref())?;
    if args.check {
        return check(&state);
    }
    let store = crate::store::open(&state)?;
    let rows = store.sweeps(name.as_deref())?;
    let mut out = String::new();
    if !args.json {
        out.push_str(&format!(
            "{:<36} {:<11} {:<20} {:>8} {:>7} {:>9} {:>8} {:>6} {:>8}\n",
            "sweep",
            "state",
            "started",
            "seconds",
            "pages",
            "listings",
            "findings",
            "new",
            "errors"
        ));
    }
    for r in rows {
        let s: serde_json::Value = r
            .summary
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok())
            .unwrap_or_default();
        let n = |k: &str| {
            s.get(k)
                .and_then(serde_json::Value::as_u64)
                .map_or_else(|| "-".to_string(), |v| v.to_string())
        };
        if args.json {
            let line = serde_json::json!({
                "sweep_id": r.id, "name": r.name, "state": r.state.as_str(),
                "started_at": r.started_at.to_rfc3339(), "ended_at": r.ended_at.map(|t| t.to_rfc3339()),
                "summary": s,
            });
            out.push_str(&line.to_string());
            out.push('\n');
        } else {
            let secs = s
                .get("duration_secs")
                .and_then(serde_json::Value::as_f64)
                .map_or_else(|| "-".into(), |d| format!("{d:.1}"));
            out.push_str(&format!(
                "{:<36} {:<11} {:<20} {:>8} {:>7} {:>9} {:>8} {:>6} {:>8}\n",
                terminal_safe(&r.id),
                r.state.as_str(),
                r.started_at.format("%Y-%m-%d %H:%M:%S"),
                secs,
                n("pages"),
                n("listings"),
                n("findings"),
                n("new_findings"),
                n("errors"),
            ));
        }
    }
    print!("{out}");
    Ok(super::EXIT_OK)
}

/// `history --check`: the integrity of the state file, and what to do when it is damaged.
fn check(state: &std::path::Path) -> anyhow::Result<u8> {
    if crate::store::is_postgres(state) {
        anyhow::bail!(
            "history --check checks SQLite state files; {} is a PostgreSQL database \
             (use the server's own tools, e.g. amcheck, to check it)",
            crate::store::describe(state)
        );
    }
    let problems = SqliteStore::check(state)?;
    if problems.is_empty() {
        println!("{}: ok", state.display());
        return Ok(0);
    }
    for p in problems.iter().take(20) {
        println!("{}: {}", state.display(), terminal_safe(p));
    }
    if problems.len() > 20 {
        println!("{}: … and {} more", state.display(), problems.len() - 20);
    }
    anyhow::bail!(crate::store::sqlite::damaged_message(state))
}
