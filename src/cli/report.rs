//! `greysweep report --state postgres://… --sweep ID`.

use std::path::PathBuf;

use crate::progress::Progress;

/// Write the outputs of a fleet sweep whose workers are done.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The fleet's PostgreSQL database (`postgres://user@host/db`).
    #[arg(long, value_name = "URL")]
    state: String,
    /// The sweep id.
    #[arg(long, value_name = "ID")]
    sweep: String,
    /// Folder holding `<sweep-id>/evidence` (the workers' shared folder); the outputs go
    /// to `DIR/<sweep-id>/`. Default: the sweep file's `output_dir`.
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    output: super::OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    if !crate::fleet::is_postgres(std::path::Path::new(&args.state)) {
        return super::usage(&format!(
            "--state {}: `report` writes a fleet sweep's outputs from its PostgreSQL database \
             (postgres://…); a SQLite sweep writes its outputs itself",
            crate::output::terminal_safe(&args.state)
        ));
    }
    let progress = Progress::new(args.output.mode());
    let outcome = crate::fleet::report(&args.state, &args.sweep, args.out.as_deref(), &progress)?;
    super::print_outcome(&outcome, &progress);
    Ok(super::EXIT_OK)
}
