//! `greysweep extract --site PROFILE.toml --url URL FILE.html [--format json|csv] [--explain]`
//! and `greysweep extract --auto [--url URL] FILE.html`.
//!
//! Runs one site profile over one saved page, offline, or automatic extraction alone with
//! no profile (`--auto`; the URL then defaults to the page's own canonical URL). A block
//! page's JSON carries `"block": {"vendor", "evidence"}`. With `--explain`, JSON output
//! gains an `explain` member (which page rule matched, who blocked the page and why, and for
//! every listing which rule of each field's fallback chain produced the value); with CSV
//! output the same explanation goes to stderr, one line per field.

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
    #[arg(long, required_unless_present = "auto", conflicts_with = "auto")]
    site: Option<PathBuf>,
    /// Automatic extraction alone (structured data, embedded state, repeated DOM records),
    /// no profile needed.
    #[arg(long)]
    auto: bool,
    /// The URL the page was served at (links resolve against it; page kinds match it).
    /// Optional with `--auto` when the page names its canonical URL.
    #[arg(long, required_unless_present = "auto")]
    url: Option<Url>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Json)]
    format: Format,
    /// Say which rule of each field's fallback chain produced its value.
    #[arg(long)]
    explain: bool,
    /// The saved page.
    file: PathBuf,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum Format {
    Json,
    Csv,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let profile = args.site.as_deref().map(SiteProfile::load).transpose()?;
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let url = match &args.url {
        Some(u) => u.clone(),
        None => {
            let guess = decode_html(&bytes, None, None);
            crate::extract::page_url_in(&guess.text).ok_or_else(|| {
                crate::config::ConfigError::file(
                    &args.file,
                    "the page names no canonical URL (link rel=canonical, og:url): give --url",
                )
            })?
        }
    };
    let page = decode_html(&bytes, None, Some(&url));
    let (extraction, explanation) = match &profile {
        Some(p) => p.extract_explained(&url, &page.text),
        None => crate::extract::extract_auto(&url, &page.text),
    };
    let mut out = std::io::stdout().lock();
    match args.format {
        Format::Json if args.explain => {
            #[derive(serde::Serialize)]
            struct Explained<'a> {
                #[serde(flatten)]
                extraction: &'a crate::extract::Extraction,
                explain: &'a crate::extract::Explanation,
                encoding: &'a str,
            }
            let doc = Explained {
                extraction: &extraction,
                explain: &explanation,
                encoding: page.encoding.name(),
            };
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
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
            if args.explain {
                explain_to_stderr(&explanation, page.encoding.name());
            }
        }
    }
    Ok(super::EXIT_OK)
}

fn explain_to_stderr(e: &crate::extract::Explanation, encoding: &str) {
    let safe = crate::output::terminal_safe;
    crate::progress::info(&format!(
        "decoded as {encoding}; page rule: {}",
        safe(
            e.page_kind
                .as_deref()
                .unwrap_or("(none: automatic extraction)")
        )
    ));
    if let Some(auto) = &e.auto {
        crate::progress::info(&format!("automatic extraction: {}", safe(auto)));
    }
    if let Some(why) = &e.blocked_by {
        crate::progress::info(&format!("blocked: {}", safe(why)));
    }
    for (i, fields) in e.listings.iter().enumerate() {
        for (field, rule) in fields {
            crate::progress::info(&format!("listing {i}: {field} <- {}", safe(rule)));
        }
    }
    if let Some(rule) = &e.next_page {
        crate::progress::info(&format!("next_page <- {}", safe(rule)));
    }
}
