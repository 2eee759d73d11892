//! The command line: verbs, flags, and the mapping of outcomes to exit codes.
//!
//! clap types live here and nowhere else; each verb turns its flags into library calls.
//! Exit codes (documented in the README): 0 success, 1 the run failed, 2 usage or
//! configuration error.

mod check;
mod demo;
mod explain;
mod extract;
mod sweep;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::ConfigError;

/// Exit code: success.
pub const EXIT_OK: u8 = 0;
/// Exit code: the run failed (I/O, network setup, internal error).
pub const EXIT_FAILURE: u8 = 1;
/// Exit code: bad usage or a configuration mistake.
pub const EXIT_USAGE: u8 = 2;

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
    /// Load and validate a sweep file and every file it references.
    Check(check::Args),
    /// Explain how the brand detector judges one listing title.
    Explain(explain::Args),
}

/// Entry point of the binary.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Sweep(args) => sweep::run(args),
        Command::Demo(args) => demo::run(args),
        Command::Extract(args) => extract::run(args),
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err(err) => {
            crate::progress::error(&format!("{err:#}"));
            if err.downcast_ref::<ConfigError>().is_some() {
                ExitCode::from(EXIT_USAGE)
            } else {
                ExitCode::from(EXIT_FAILURE)
            }
        }
    }
}
