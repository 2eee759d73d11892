//! `greysweep extract --site PROFILE.toml --url URL FILE.html`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use url::Url;

use crate::decode::decode_html;
use crate::extract::SiteProfile;
use crate::output::ListingRow;

/// Run a site profile over a saved page and print what it extracts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The site profile.
    #[arg(long)]
    site: PathBuf,
    /// The URL the page was served at (links resolve against it; page kinds match it).
    #[arg(long)]
    url: Url,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// The saved page.
    file: PathBuf,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Csv,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let profile = SiteProfile::load(&args.site)?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let page = decode_html(&bytes, None, Some(&args.url));
    let extraction = profile.extract(&args.url, &page.text);
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json => {
            serde_json::to_writer_pretty(&mut out, &extraction)?;
            writeln!(out)?;
        }
        Format::Csv => {
            let mut w = csv::Writer::from_writer(out);
            w.write_record(crate::output::EXTRACT_CSV_COLUMNS)?;
            for l in &extraction.listings {
                w.write_record(ListingRow::extract_cells(l))?;
            }
            w.flush()?;
        }
    }
    Ok(super::EXIT_OK)
}
