//! Configuration: the sweep file and everything it references, loaded and validated
//! once, before any I/O of the crawl, into one immutable [`Settings`] value.
//!
//! Relative paths inside a sweep file resolve against the sweep file's folder; the
//! output folder resolves against the current directory. Every mistake is a
//! [`ConfigError`] naming the file, the line and the key. This module knows nothing
//! about clap: CLI overrides arrive as plain values ([`Overrides`]).

mod error;

use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

pub use error::{ConfigError, line_col, parse_toml, read_file};

use crate::detect::Registry;
use crate::extract::SiteProfile;

/// Product token sent in every request's user agent.
pub const PRODUCT_TOKEN: &str = concat!("greysweep/", env!("CARGO_PKG_VERSION"));

/// A fully resolved, validated sweep.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Sweep name (used in the sweep id and outputs).
    pub name: String,
    /// The sweep file these settings came from.
    pub sweep_file: PathBuf,
    /// Compiled site profiles, in sweep-file order.
    pub profiles: Vec<SiteProfile>,
    /// Files the profiles came from (same order).
    pub profile_files: Vec<PathBuf>,
    /// Brands of every registry file, merged.
    pub registry: Registry,
    /// Registry files.
    pub brand_files: Vec<PathBuf>,
    /// Folder under which `<sweep-id>/` is written.
    pub output_dir: PathBuf,
    /// Crawler behaviour.
    pub crawler: Crawler,
}

/// Crawler behaviour, from the sweep file's `[crawler]` table.
#[derive(Debug, Clone)]
pub struct Crawler {
    /// Full user agent: the configured token, greysweep's product token and the contact.
    pub user_agent: String,
    /// Minimum interval between two requests to one host (from `rate_per_host`).
    pub min_delay: Duration,
    /// Global cap on requests in flight.
    pub concurrency: usize,
    /// Stop after this many fetched pages (robots.txt excluded).
    pub max_pages: usize,
    /// Follow links at most this many hops from a start URL ("next page" links do not
    /// count as hops).
    pub max_depth: u32,
    /// Follow at most this many "next page" links in a row.
    pub max_pagination: u32,
    /// Whole-request timeout.
    pub timeout: Duration,
    /// TCP connect timeout.
    pub connect_timeout: Duration,
    /// Largest body read; larger pages are recorded as `too_large`.
    pub max_body_bytes: u64,
    /// Longest URL accepted into the frontier.
    pub max_url_len: usize,
    /// Redirect hops followed per fetch.
    pub max_redirects: u32,
    /// Whether loopback and private addresses may be fetched (tests and the demo).
    pub allow_private_addresses: bool,
}

/// Values from the command line that take precedence over the sweep file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--out DIR`.
    pub output_dir: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSweep {
    name: String,
    profiles: Vec<PathBuf>,
    brands: Vec<PathBuf>,
    #[serde(default)]
    output_dir: Option<PathBuf>,
    crawler: RawCrawler,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrawler {
    #[serde(default)]
    user_agent: Option<String>,
    contact: String,
    #[serde(default = "defaults::rate")]
    rate_per_host: f64,
    #[serde(default = "defaults::concurrency")]
    concurrency: usize,
    #[serde(default = "defaults::max_pages")]
    max_pages: usize,
    #[serde(default = "defaults::max_depth")]
    max_depth: u32,
    #[serde(default = "defaults::max_pagination")]
    max_pagination: u32,
    #[serde(default = "defaults::timeout")]
    timeout_secs: f64,
    #[serde(default = "defaults::connect_timeout")]
    connect_timeout_secs: f64,
    #[serde(default = "defaults::max_body_bytes")]
    max_body_bytes: u64,
    #[serde(default = "defaults::max_url_len")]
    max_url_len: usize,
    #[serde(default = "defaults::max_redirects")]
    max_redirects: u32,
    #[serde(default)]
    allow_private_addresses: bool,
}

mod defaults {
    pub fn rate() -> f64 {
        1.0
    }
    pub fn concurrency() -> usize {
        8
    }
    pub fn max_pages() -> usize {
        10_000
    }
    pub fn max_depth() -> u32 {
        10
    }
    pub fn max_pagination() -> u32 {
        100
    }
    pub fn timeout() -> f64 {
        30.0
    }
    pub fn connect_timeout() -> f64 {
        10.0
    }
    pub fn max_body_bytes() -> u64 {
        10 * 1024 * 1024
    }
    pub fn max_url_len() -> usize {
        2048
    }
    pub fn max_redirects() -> u32 {
        5
    }
}

impl Settings {
    /// Loads the sweep file at `path` and everything it references.
    pub fn load(path: &Path, overrides: &Overrides) -> Result<Settings, ConfigError> {
        let src = read_file(path)?;
        Self::from_toml(path, &src, overrides)
    }

    /// Builds settings from a sweep file's text; referenced files are read from disk,
    /// relative to `path`'s folder.
    pub fn from_toml(
        path: &Path,
        src: &str,
        overrides: &Overrides,
    ) -> Result<Settings, ConfigError> {
        let raw: RawSweep = parse_toml(path, src)?;
        let err = |key: &str, msg: String| ConfigError::at_key(path, src, key, msg);
        let dir = path.parent().unwrap_or(Path::new("."));
        let c = &raw.crawler;

        if raw.name.trim().is_empty()
            || !raw
                .name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || "-_.".contains(ch))
        {
            return Err(err(
                "name",
                "use letters, digits, '-', '_' or '.' (it names output folders)".into(),
            ));
        }
        validate_contact(&c.contact).map_err(|m| err("crawler.contact", m))?;
        if let Some(ua) = &c.user_agent
            && (ua.trim().is_empty() || ua.chars().any(char::is_control))
        {
            return Err(err(
                "crawler.user_agent",
                "must be a non-empty single line".into(),
            ));
        }
        if !(c.rate_per_host.is_finite() && c.rate_per_host > 0.0 && c.rate_per_host <= 100.0) {
            return Err(err(
                "crawler.rate_per_host",
                format!(
                    "must be a number of requests per second in (0, 100], not {}",
                    c.rate_per_host
                ),
            ));
        }
        if c.concurrency == 0 || c.concurrency > 1024 {
            return Err(err(
                "crawler.concurrency",
                "must be between 1 and 1024".into(),
            ));
        }
        if c.max_pages == 0 {
            return Err(err("crawler.max_pages", "must be at least 1".into()));
        }
        for (key, v) in [
            ("crawler.timeout_secs", c.timeout_secs),
            ("crawler.connect_timeout_secs", c.connect_timeout_secs),
        ] {
            if !(v.is_finite() && v > 0.0 && v <= 3600.0) {
                return Err(err(key, format!("must be seconds in (0, 3600], not {v}")));
            }
        }
        if c.max_body_bytes < 1024 {
            return Err(err(
                "crawler.max_body_bytes",
                "must be at least 1024".into(),
            ));
        }
        if c.max_url_len < 64 {
            return Err(err("crawler.max_url_len", "must be at least 64".into()));
        }
        if c.max_redirects > 20 {
            return Err(err("crawler.max_redirects", "must be at most 20".into()));
        }
        if raw.profiles.is_empty() {
            return Err(err("profiles", "needs at least one site profile".into()));
        }
        let mut profiles = Vec::new();
        let mut profile_files = Vec::new();
        for (i, p) in raw.profiles.iter().enumerate() {
            let file = dir.join(p);
            if !file.is_file() {
                return Err(err(
                    &format!("profiles[{i}]"),
                    format!("no such file: {}", file.display()),
                ));
            }
            profiles.push(SiteProfile::load(&file)?);
            profile_files.push(file);
        }
        if raw.brands.is_empty() {
            return Err(err("brands", "needs at least one brand registry".into()));
        }
        let mut registry = Registry::default();
        let mut brand_files = Vec::new();
        for (i, b) in raw.brands.iter().enumerate() {
            let file = dir.join(b);
            if !file.is_file() {
                return Err(err(
                    &format!("brands[{i}]"),
                    format!("no such file: {}", file.display()),
                ));
            }
            registry.merge(Registry::load(&file)?);
            brand_files.push(file);
        }

        let token = match &c.user_agent {
            Some(ua) => format!("{} {PRODUCT_TOKEN}", ua.trim()),
            None => PRODUCT_TOKEN.to_string(),
        };
        Ok(Settings {
            name: raw.name,
            sweep_file: path.to_path_buf(),
            profiles,
            profile_files,
            registry,
            brand_files,
            output_dir: overrides
                .output_dir
                .clone()
                .or(raw.output_dir)
                .unwrap_or_else(|| PathBuf::from("output")),
            crawler: Crawler {
                user_agent: format!("{token} (+{})", c.contact.trim()),
                min_delay: Duration::from_secs_f64(1.0 / c.rate_per_host),
                concurrency: c.concurrency,
                max_pages: c.max_pages,
                max_depth: c.max_depth,
                max_pagination: c.max_pagination,
                timeout: Duration::from_secs_f64(c.timeout_secs),
                connect_timeout: Duration::from_secs_f64(c.connect_timeout_secs),
                max_body_bytes: c.max_body_bytes,
                max_url_len: c.max_url_len,
                max_redirects: c.max_redirects,
                allow_private_addresses: c.allow_private_addresses,
            },
        })
    }
}

/// A contact is an e-mail address or an http(s)/mailto URL.
fn validate_contact(contact: &str) -> Result<(), String> {
    let c = contact.trim();
    if c.chars().any(char::is_control) || c.contains(' ') {
        return Err("must be one e-mail address or URL, without spaces".into());
    }
    if let Ok(u) = url::Url::parse(c)
        && matches!(u.scheme(), "http" | "https" | "mailto")
    {
        return Ok(());
    }
    let mut parts = c.split('@');
    match (parts.next(), parts.next(), parts.next()) {
        (Some(user), Some(domain), None) if !user.is_empty() && domain.contains('.') => Ok(()),
        _ => Err(format!(
            "must be an e-mail address or an http(s)/mailto URL where site operators can reach you, not {c:?}"
        )),
    }
}
