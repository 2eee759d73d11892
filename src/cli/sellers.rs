//! `greysweep sellers`: every seller's dossier across the sweeps of a state.

use std::path::PathBuf;

use crate::config::{Overrides, Settings};
use crate::output::terminal_safe;
use crate::store::Store;

/// Which state to read: a sweep file's (its profiles, registry, threshold and output
/// folder come along), or a state file.
#[derive(Debug, Clone, clap::Args)]
pub struct StateArgs {
    /// A sweep file: read its state file, with its profiles, registry, relisting threshold
    /// and output folder.
    pub sweep: Option<PathBuf>,
    /// A state to read instead: a SQLite file or a PostgreSQL URL (`postgres://…`).
    #[arg(long, value_name = "FILE|URL", conflicts_with = "sweep")]
    pub state: Option<PathBuf>,
}

/// An opened state and what comes with it.
pub struct Opened {
    /// The store.
    pub store: Box<dyn Store>,
    /// The sweep file's settings, when one was given.
    pub settings: Option<Settings>,
    /// The state file (or PostgreSQL URL).
    pub state_file: PathBuf,
    /// Where sweep folders are by default: the sweep file's output folder, else the state
    /// file's folder (`output` for a PostgreSQL state).
    pub sweeps_dir: PathBuf,
}

impl Opened {
    /// The relisting threshold (the sweep file's, else the default).
    pub fn threshold(&self) -> f64 {
        self.settings
            .as_ref()
            .map_or(crate::case::relist::DEFAULT_THRESHOLD, |s| {
                s.relisting.threshold
            })
    }

    /// The profiles (empty without a sweep file).
    pub fn profiles(&self) -> &[crate::extract::SiteProfile] {
        self.settings
            .as_ref()
            .map_or(&[], |s| s.profiles.as_slice())
    }
}

impl StateArgs {
    /// Opens the state (it must exist).
    pub fn open(&self) -> anyhow::Result<Opened> {
        let settings = match &self.sweep {
            Some(p) => Some(Settings::load(p, &Overrides::default())?),
            None => None,
        };
        let state_file = super::existing_state_file(settings.as_ref(), self.state.as_ref())?;
        let sweeps_dir = match &settings {
            Some(s) => s.output_dir.clone(),
            None if crate::store::is_postgres(&state_file) => PathBuf::from("output"),
            None => state_file
                .parent()
                .map(PathBuf::from)
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or_else(|| PathBuf::from(".")),
        };
        Ok(Opened {
            store: crate::store::open(&state_file)?,
            settings,
            state_file,
            sweeps_dir,
        })
    }
}

/// Every seller with findings across the sweeps of a state: sites, store URLs, findings
/// by brand, first and last seen, removed and relisted listings.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    state: StateArgs,
    /// Print the dossiers as a JSON array instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let opened = args.state.open()?;
    let dossiers = crate::case::dossier::build(
        &opened.store,
        opened.profiles(),
        opened.threshold(),
        None,
        false,
    )?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&dossiers.sellers)?);
        return Ok(super::EXIT_OK);
    }
    let mut out = format!(
        "{:<48} {:>8} {:>8} {:>7} {:>8} {:<20} {:<20} {}\n",
        "seller",
        "findings",
        "listings",
        "removed",
        "relisted",
        "first seen",
        "last seen",
        "brands / sites / names"
    );
    for d in &dossiers.sellers {
        let brands: Vec<String> = d
            .findings_by_brand
            .iter()
            .map(|(b, n)| format!("{b} {n}"))
            .collect();
        out.push_str(&format!(
            "{:<48} {:>8} {:>8} {:>7} {:>8} {:<20} {:<20} {} | {} | {}\n",
            terminal_safe(&d.id),
            d.findings,
            d.listings,
            d.outcomes.removed,
            d.relisted,
            d.first_seen,
            d.last_seen,
            terminal_safe(&brands.join(", ")),
            terminal_safe(&d.sites.join(", ")),
            terminal_safe(&d.names.join(", ")),
        ));
    }
    print!("{out}");
    if dossiers.sellers.is_empty() {
        crate::progress::info("no seller has a flagged finding in this state");
    }
    Ok(super::EXIT_OK)
}
