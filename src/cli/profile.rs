//! `greysweep profile suggest --url URL FILE.html [MORE.html …]`.
//!
//! Prints a starting site profile (TOML, on stdout) from what automatic extraction finds
//! on saved pages of one site, and a line per page on stderr saying what each contributed.
//! Each `--url` pairs with the file at the same position; files without one use the page's
//! own `link[rel=canonical]` / `og:url`.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use url::Url;

use crate::config::ConfigError;
use crate::decode::decode_html;
use crate::extract::auto::suggest_profile;

/// Work with site profiles.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, clap::Subcommand)]
enum Command {
    /// Print a starting profile for saved pages of a new directory.
    Suggest(SuggestArgs),
}

/// `profile suggest`.
#[derive(Debug, clap::Args)]
struct SuggestArgs {
    /// The URL each page was served at, in the order of the files (repeatable).
    #[arg(long = "url", value_name = "URL")]
    urls: Vec<Url>,
    /// Saved pages of one site (search or list pages, detail pages).
    #[arg(required = true, value_name = "FILE.html")]
    files: Vec<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    match args.command {
        Command::Suggest(a) => suggest(a),
    }
}

fn suggest(args: SuggestArgs) -> anyhow::Result<u8> {
    if args.urls.len() > args.files.len() {
        crate::progress::error("more --url values than files");
        return Ok(super::EXIT_USAGE);
    }
    let mut pages = Vec::new();
    for (i, file) in args.files.iter().enumerate() {
        let bytes =
            std::fs::read(file).with_context(|| format!("cannot read {}", file.display()))?;
        let url = match args.urls.get(i) {
            Some(u) => u.clone(),
            None => {
                let guess = decode_html(&bytes, None, None);
                crate::extract::page_url_in(&guess.text).ok_or_else(|| {
                    ConfigError::file(
                        file,
                        "no --url for this file, and the page names no canonical URL (og:url)",
                    )
                })?
            }
        };
        let page = decode_html(&bytes, None, Some(&url));
        pages.push((url, page.text.into_owned()));
    }
    let suggestion = suggest_profile(&pages)?;
    let safe = crate::output::terminal_safe;
    for p in &suggestion.pages {
        crate::progress::info(&format!(
            "{}: kind {} ({}), {} via {} ({})",
            safe(p.url.as_str()),
            p.kind,
            safe(&p.url_pattern),
            match p.listings {
                1 => "1 listing".to_string(),
                n => format!("{n} listings"),
            },
            p.method.as_str(),
            safe(&p.note)
        ));
    }
    let mut out = std::io::stdout().lock();
    out.write_all(suggestion.toml.as_bytes())?;
    out.flush()?;
    Ok(super::EXIT_OK)
}
