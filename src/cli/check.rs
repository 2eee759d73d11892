//! `greysweep check FILE.toml`: validate a sweep file (with every profile and registry it
//! names), a site profile, or a brand registry — whichever the file is, told by its keys
//! (`profiles` → sweep file; `hosts`/`[[page]]` → site profile; `[[brand]]` → registry).

use std::path::{Path, PathBuf};

use crate::config::{Overrides, Settings};
use crate::extract::SiteProfile;

/// Load and validate a sweep file, a site profile or a brand registry.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sweep file, site profile or brand registry.
    #[arg(value_name = "FILE.toml")]
    sweep: PathBuf,
}

/// What kind of configuration file a path holds.
enum Kind {
    Sweep,
    Profile,
    Registry,
}

fn kind_of(path: &Path) -> Kind {
    let Ok(text) = std::fs::read_to_string(path) else {
        return Kind::Sweep;
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        // Let the sweep loader report the syntax error with its line.
        return Kind::Sweep;
    };
    if table.contains_key("profiles") {
        Kind::Sweep
    } else if table.contains_key("page") || table.contains_key("hosts") {
        Kind::Profile
    } else if table.contains_key("brand") || table.contains_key("terms") {
        Kind::Registry
    } else {
        Kind::Sweep
    }
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let path = &args.sweep;
    let line = match kind_of(path) {
        Kind::Sweep => {
            let settings = Settings::load(path, &Overrides::default())?;
            for t in settings.private_targets() {
                let refusal = if t.start {
                    "; `greysweep sweep` refuses to run"
                } else {
                    "; links and redirects there are recorded as private_address"
                };
                crate::progress::warn(&format!("{}{refusal}", t.error));
            }
            format!(
                "ok: {} — {} site profile(s), {} brand(s)",
                path.display(),
                settings.profiles.len(),
                settings.registry.brands.len()
            )
        }
        Kind::Profile => {
            let profile = SiteProfile::load(path)?;
            let by = "the default of `allow_private_addresses` (a sweep file may allow it)";
            for t in crate::config::private_targets(
                &profile,
                path,
                &crate::config::AddressPolicy::PublicOnly,
                by,
            ) {
                crate::progress::warn(&t.error.to_string());
            }
            format!(
                "ok: {} — site profile {:?}, {} page kind(s)",
                path.display(),
                crate::output::terminal_safe(&profile.name),
                profile.pages.len()
            )
        }
        Kind::Registry => {
            let registry = crate::detect::Registry::load_all(std::slice::from_ref(path))?;
            format!(
                "ok: {} — brand registry, {} brand(s)",
                path.display(),
                registry.brands.len()
            )
        }
    };
    crate::progress::info(&line);
    Ok(super::EXIT_OK)
}
