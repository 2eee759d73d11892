//! `greysweep check FILE.toml`: validate a sweep file (with every profile and registry it
//! names), a site profile, or a brand registry — whichever the file is, told by its keys
//! (`profiles` → sweep file; `hosts`/`[[page]]` → site profile; `[[brand]]` → registry).
//! With `--names`, it also prints how the detector reads each brand of the registry.

use std::path::{Path, PathBuf};

use crate::config::{Overrides, Settings};
use crate::extract::SiteProfile;

/// Load and validate a sweep file, a site profile or a brand registry.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The sweep file, site profile or brand registry.
    #[arg(value_name = "FILE.toml")]
    sweep: PathBuf,
    /// Also print how the detector reads every brand of the registry (of a registry or a
    /// sweep file): its classes, and which names, aliases and product lines are weak.
    #[arg(long)]
    names: bool,
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
            if args.names {
                print_names(&settings.registry);
            }
            format!(
                "ok: {} — {} site profile(s), {} brand(s)",
                path.display(),
                settings.profiles.len(),
                settings.registry.brands.len()
            )
        }
        Kind::Profile => {
            if args.names {
                crate::progress::error(&format!(
                    "{}: --names reads a brand registry or a sweep file, not a site profile",
                    crate::output::terminal_safe(&path.display().to_string())
                ));
                return Ok(super::EXIT_USAGE);
            }
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
            if args.names {
                print_names(&registry);
            }
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

/// Prints, for every brand, the classes listings are judged by and how each name is read:
/// weak (counts only with corroboration), a dictionary word known as a mark (needs
/// corroboration on goods of other classes), or strong.
fn print_names(registry: &crate::detect::Registry) {
    let safe = crate::output::terminal_safe;
    let list = |c: &[u8]| {
        if c.is_empty() {
            "none".to_string()
        } else {
            c.iter().map(u8::to_string).collect::<Vec<_>>().join(", ")
        }
    };
    let detector = crate::detect::Detector::new(registry.clone());
    let (mut weak, mut all) = (0, 0);
    for b in detector.readings() {
        let from = match (b.classes.is_empty(), b.inferred) {
            (true, _) => "unknown: listings' goods are not checked".to_string(),
            (false, true) => format!("{} (inferred)", list(&b.classes)),
            (false, false) => format!("{} (registry)", list(&b.classes)),
        };
        let core = if b.core != b.classes && !b.classes.is_empty() {
            format!(
                "; core goods {} (weak names as spelt need these)",
                list(&b.core)
            )
        } else {
            String::new()
        };
        println!("{}: classes {from}{core}", safe(&b.brand));
        for n in &b.names {
            all += 1;
            let how = match (n.weak, n.soft) {
                (Some(why), _) => {
                    weak += 1;
                    format!("weak ({why}): counts only with corroboration")
                }
                (None, Some(why)) => {
                    format!("{why}: needs corroboration on goods of other classes")
                }
                (None, None) => "strong".to_string(),
            };
            let compounds = if n.compounds.is_empty() {
                String::new()
            } else {
                format!(" (in {})", n.compounds.join(", "))
            };
            println!(
                "  {} {:?}: {how}{}",
                n.role,
                safe(&n.text),
                safe(&compounds)
            );
        }
    }
    println!(
        "{weak} of {all} names are weak; write an alias or product line as `{{ name = \"…\", weak = false }}` (or list it in the brand's `strong_names`) to make it strong, `weak = true` (or `weak_names`) to make it weak"
    );
}
