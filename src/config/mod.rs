//! Configuration: the sweep file and everything it references, loaded and validated
//! once, before any I/O of the crawl, into one immutable [`Settings`] value.
//!
//! Relative paths inside a sweep file resolve against the sweep file's folder; the
//! output folder resolves against the current directory. Every mistake is a
//! [`ConfigError`] naming the file, the line and the key. This module knows nothing
//! about clap: CLI overrides arrive as plain values ([`Overrides`]).

mod error;

use std::net::IpAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

pub use error::{ConfigError, config_file_exists, line_col, parse_toml, read_file, with_files};

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
    /// SHA-256 of every configuration file as it was loaded (path, hex digest): the sweep
    /// file, then the profiles, then the registries.
    pub config_digests: Vec<(String, String)>,
    /// Folder under which `<sweep-id>/` is written.
    pub output_dir: PathBuf,
    /// Where the state lives (frontier, fetch log, listings, history): a SQLite file, or
    /// a PostgreSQL URL (`postgres://…`, kept as written, never resolved as a path; see
    /// [`crate::store::open`]).
    pub state_file: PathBuf,
    /// Crawler behaviour.
    pub crawler: Crawler,
    /// Relisting detection, from the sweep file's `[relisting]` table.
    pub relisting: Relisting,
}

/// Relisting detection (see [`crate::case::relist`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Relisting {
    /// Exact Jaccard similarity of two listings' fingerprints at or above which a new
    /// finding is reported as relisted from an earlier, removed one
    /// (`relisting.threshold`, default [`crate::case::relist::DEFAULT_THRESHOLD`]).
    pub threshold: f64,
}

impl Default for Relisting {
    fn default() -> Self {
        Relisting {
            threshold: crate::case::relist::DEFAULT_THRESHOLD,
        }
    }
}

/// Crawler behaviour, from the sweep file's `[crawler]` table.
#[derive(Debug, Clone)]
pub struct Crawler {
    /// Full user agent: the configured token, greysweep's product token and the contact.
    pub user_agent: String,
    /// Minimum interval between two requests to one host (from `rate_per_host`).
    pub min_delay: Duration,
    /// Requests per second across all hosts at most (`max_requests_per_sec`); `None`: no
    /// global cap, only the per-host rates.
    pub max_requests_per_sec: Option<f64>,
    /// Whether robots.txt Crawl-delay is obeyed (`obey_crawl_delay`, default true; off
    /// only for one's own servers). Retry-After is honoured either way.
    pub obey_crawl_delay: bool,
    /// Global cap on requests in flight. With one request at a time per host, this is
    /// also the number of hosts crawled at once.
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
    /// Longest Crawl-delay, adaptive delay or Retry-After honoured.
    pub max_delay: Duration,
    /// Whether the per-host delay follows server latency (never faster than `min_delay`).
    pub adaptive_delay: bool,
    /// Consecutive failures (errors, timeouts, 429/503, block pages) after which a host
    /// is paused; 0 never pauses.
    pub pause_after_failures: u32,
    /// First pause of a failing host; each further pause doubles it (at most one hour).
    pub host_pause: Duration,
    /// URLs queued per host at most; 0 for no limit.
    pub max_pages_per_host: usize,
    /// Distinct query strings per host and path at most (endless calendars, facets).
    pub max_query_variants: usize,
    /// How long the store keeps a transaction of finished pages open before committing it
    /// (`commit_interval_ms`, default 200 ms; 0 commits every page). A kill loses at most
    /// the pages of the open transaction, which `--resume` fetches again.
    pub commit_interval: Duration,
    /// Pages per store transaction at most (`commit_pages`, default 256).
    pub commit_pages: usize,
    /// Which non-public addresses may be fetched (none by default; tests and the demo
    /// allow loopback).
    pub addresses: AddressPolicy,
    /// gzip level of the WARC records (`warc_compression_level`): 0 stores them
    /// uncompressed, 9 is smallest; default [`crate::evidence::DEFAULT_COMPRESSION_LEVEL`].
    pub warc_compression_level: u32,
}

/// Which private, loopback or link-local addresses a sweep may contact. Public
/// addresses are always allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddressPolicy {
    /// No non-public address (the default).
    PublicOnly,
    /// Every address.
    All,
    /// Public addresses and these networks (address, prefix length).
    Networks(Vec<(IpAddr, u8)>),
}

impl AddressPolicy {
    /// Whether `ip` may be contacted.
    pub fn permits(&self, ip: IpAddr) -> bool {
        match self {
            AddressPolicy::All => true,
            AddressPolicy::PublicOnly => !crate::fetch::is_private(ip),
            AddressPolicy::Networks(nets) => {
                !crate::fetch::is_private(ip)
                    || nets.iter().any(|(net, len)| in_network(ip, *net, *len))
            }
        }
    }
}

fn in_network(ip: IpAddr, net: IpAddr, len: u8) -> bool {
    match (ip, net) {
        (IpAddr::V4(a), IpAddr::V4(n)) => {
            let mask = if len == 0 {
                0
            } else {
                u32::MAX << (32 - u32::from(len.min(32)))
            };
            u32::from(a) & mask == u32::from(n) & mask
        }
        (IpAddr::V6(a), IpAddr::V6(n)) => {
            let mask = if len == 0 {
                0
            } else {
                u128::MAX << (128 - u32::from(len.min(128)))
            };
            u128::from(a) & mask == u128::from(n) & mask
        }
        _ => false,
    }
}

/// Parses `10.0.0.0/8`, `127.0.0.2` or `fd00::/8`.
fn parse_network(s: &str) -> Option<(IpAddr, u8)> {
    let (addr, len) = match s.split_once('/') {
        Some((a, l)) => (a, Some(l.parse::<u8>().ok()?)),
        None => (s, None),
    };
    let ip: IpAddr = addr.trim().parse().ok()?;
    let max = if ip.is_ipv4() { 32 } else { 128 };
    let len = len.unwrap_or(max);
    (len <= max).then_some((ip, len))
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawAddresses {
    Flag(bool),
    List(Vec<String>),
}

impl Default for RawAddresses {
    fn default() -> Self {
        RawAddresses::Flag(false)
    }
}

/// Values from the command line that take precedence over the sweep file.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    /// `--out DIR`.
    pub output_dir: Option<PathBuf>,
    /// `--state FILE|URL`: a SQLite file or a `postgres://` URL, over the sweep file's
    /// `state`.
    pub state: Option<PathBuf>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSweep {
    name: String,
    profiles: Vec<PathBuf>,
    brands: Vec<PathBuf>,
    #[serde(default)]
    output_dir: Option<PathBuf>,
    #[serde(default)]
    state: Option<PathBuf>,
    crawler: RawCrawler,
    #[serde(default)]
    relisting: RawRelisting,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRelisting {
    #[serde(default = "defaults::relist_threshold")]
    threshold: f64,
}

impl Default for RawRelisting {
    fn default() -> Self {
        RawRelisting {
            threshold: defaults::relist_threshold(),
        }
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCrawler {
    #[serde(default)]
    user_agent: Option<String>,
    contact: String,
    #[serde(default = "defaults::rate")]
    rate_per_host: f64,
    #[serde(default)]
    max_requests_per_sec: Option<f64>,
    #[serde(default = "defaults::yes")]
    obey_crawl_delay: bool,
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
    #[serde(default = "defaults::max_delay")]
    max_delay_secs: f64,
    #[serde(default = "defaults::yes")]
    adaptive_delay: bool,
    #[serde(default = "defaults::pause_after_failures")]
    pause_after_failures: u32,
    #[serde(default = "defaults::host_pause")]
    host_pause_secs: f64,
    #[serde(default)]
    max_pages_per_host: usize,
    #[serde(default = "defaults::max_query_variants")]
    max_query_variants: usize,
    #[serde(default = "defaults::commit_interval_ms")]
    commit_interval_ms: u64,
    #[serde(default = "defaults::commit_pages")]
    commit_pages: usize,
    #[serde(default)]
    allow_private_addresses: RawAddresses,
    #[serde(default = "defaults::warc_compression_level")]
    warc_compression_level: u32,
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
    pub fn max_delay() -> f64 {
        600.0
    }
    pub fn yes() -> bool {
        true
    }
    pub fn pause_after_failures() -> u32 {
        5
    }
    pub fn host_pause() -> f64 {
        60.0
    }
    pub fn max_query_variants() -> usize {
        200
    }
    pub fn max_redirects() -> u32 {
        5
    }
    pub fn warc_compression_level() -> u32 {
        crate::evidence::DEFAULT_COMPRESSION_LEVEL
    }
    pub fn commit_interval_ms() -> u64 {
        200
    }
    pub fn commit_pages() -> usize {
        256
    }
    pub fn relist_threshold() -> f64 {
        crate::case::relist::DEFAULT_THRESHOLD
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
        let seconds = |key: &str, v: f64, max: f64| -> Result<(), ConfigError> {
            if v.is_finite() && v > 0.0 && v <= max {
                Ok(())
            } else {
                Err(err(key, format!("must be seconds in (0, {max}], not {v}")))
            }
        };
        if !(c.rate_per_host.is_finite() && c.rate_per_host > 0.0 && c.rate_per_host <= 100.0) {
            return Err(err(
                "crawler.rate_per_host",
                format!(
                    "must be a number of requests per second in (0, 100], not {}",
                    c.rate_per_host
                ),
            ));
        }
        if let Some(r) = c.max_requests_per_sec
            && !(r.is_finite() && r > 0.0 && r <= 1000.0)
        {
            return Err(err(
                "crawler.max_requests_per_sec",
                format!(
                    "must be a number of requests per second in (0, 1000] (leave it out for no global cap), not {r}"
                ),
            ));
        }
        seconds("crawler.timeout_secs", c.timeout_secs, 3600.0)?;
        seconds(
            "crawler.connect_timeout_secs",
            c.connect_timeout_secs,
            3600.0,
        )?;
        seconds("crawler.max_delay_secs", c.max_delay_secs, 86_400.0)?;
        seconds("crawler.host_pause_secs", c.host_pause_secs, 86_400.0)?;
        for (key, v, min, max) in [
            ("crawler.concurrency", c.concurrency as u64, 1, 1024),
            ("crawler.max_pages", c.max_pages as u64, 1, 100_000_000),
            ("crawler.max_depth", u64::from(c.max_depth), 0, 10_000),
            (
                "crawler.max_pagination",
                u64::from(c.max_pagination),
                0,
                100_000,
            ),
            ("crawler.max_body_bytes", c.max_body_bytes, 1024, 1 << 30),
            ("crawler.max_url_len", c.max_url_len as u64, 64, 65_536),
            ("crawler.max_redirects", u64::from(c.max_redirects), 0, 20),
            (
                "crawler.pause_after_failures",
                u64::from(c.pause_after_failures),
                0,
                1000,
            ),
            (
                "crawler.max_pages_per_host",
                c.max_pages_per_host as u64,
                0,
                100_000_000,
            ),
            (
                "crawler.max_query_variants",
                c.max_query_variants as u64,
                1,
                1_000_000,
            ),
            (
                "crawler.warc_compression_level",
                u64::from(c.warc_compression_level),
                0,
                9,
            ),
            (
                "crawler.commit_interval_ms",
                c.commit_interval_ms,
                0,
                60_000,
            ),
            ("crawler.commit_pages", c.commit_pages as u64, 1, 100_000),
        ] {
            if !(min..=max).contains(&v) {
                return Err(err(
                    key,
                    format!("must be between {min} and {max}, not {v}"),
                ));
            }
        }
        let (lo, hi) = crate::case::relist::THRESHOLD_RANGE;
        let t = raw.relisting.threshold;
        if !(t.is_finite() && (lo..=hi).contains(&t)) {
            return Err(err(
                "relisting.threshold",
                format!("must be a similarity between {lo} and {hi}, not {t}"),
            ));
        }
        let addresses = match &c.allow_private_addresses {
            RawAddresses::Flag(false) => AddressPolicy::PublicOnly,
            RawAddresses::Flag(true) => AddressPolicy::All,
            RawAddresses::List(list) => {
                let mut nets = Vec::new();
                for (i, n) in list.iter().enumerate() {
                    let net = parse_network(n).ok_or_else(|| {
                        err(
                            &format!("crawler.allow_private_addresses[{i}]"),
                            format!(
                                "not an address or network (like 127.0.0.1 or 10.0.0.0/8): {n:?}"
                            ),
                        )
                    })?;
                    nets.push(net);
                }
                AddressPolicy::Networks(nets)
            }
        };
        if raw.profiles.is_empty() {
            return Err(err("profiles", "needs at least one site profile".into()));
        }
        let mut profiles = Vec::new();
        let mut profile_files = Vec::new();
        for (i, p) in raw.profiles.iter().enumerate() {
            let file = dir.join(p);
            if !error::config_file_exists(&file) {
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
            if !error::config_file_exists(&file) {
                return Err(err(
                    &format!("brands[{i}]"),
                    format!("no such file: {}", file.display()),
                ));
            }
            registry.merge(Registry::load(&file)?);
            brand_files.push(file);
        }

        let mut config_digests = vec![(path.display().to_string(), sha256_hex(src.as_bytes()))];
        for f in profile_files.iter().chain(&brand_files) {
            let bytes = read_file(f)?.into_bytes();
            config_digests.push((f.display().to_string(), sha256_hex(&bytes)));
        }
        let output_dir = overrides
            .output_dir
            .clone()
            .or(raw.output_dir.clone())
            .unwrap_or_else(|| PathBuf::from("output"));
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
            config_digests,
            state_file: overrides
                .state
                .clone()
                .or(raw.state.clone())
                .unwrap_or_else(|| output_dir.join("greysweep.sqlite")),
            output_dir,
            crawler: Crawler {
                user_agent: format!("{token} (+{})", c.contact.trim()),
                min_delay: Duration::from_secs_f64(1.0 / c.rate_per_host),
                max_requests_per_sec: c.max_requests_per_sec,
                obey_crawl_delay: c.obey_crawl_delay,
                concurrency: c.concurrency,
                max_pages: c.max_pages,
                max_depth: c.max_depth,
                max_pagination: c.max_pagination,
                timeout: Duration::from_secs_f64(c.timeout_secs),
                connect_timeout: Duration::from_secs_f64(c.connect_timeout_secs),
                max_body_bytes: c.max_body_bytes,
                max_url_len: c.max_url_len,
                max_redirects: c.max_redirects,
                max_delay: Duration::from_secs_f64(c.max_delay_secs),
                adaptive_delay: c.adaptive_delay,
                pause_after_failures: c.pause_after_failures,
                host_pause: Duration::from_secs_f64(c.host_pause_secs),
                max_pages_per_host: c.max_pages_per_host,
                max_query_variants: c.max_query_variants,
                commit_interval: Duration::from_millis(c.commit_interval_ms),
                commit_pages: c.commit_pages,
                addresses,
                warc_compression_level: c.warc_compression_level,
            },
            relisting: Relisting {
                threshold: raw.relisting.threshold,
            },
        })
    }
}

/// A start URL or scope host of a profile that is a private, loopback or link-local
/// address (an IP literal, or `localhost`) the sweep's `allow_private_addresses` does
/// not allow.
#[derive(Debug, Clone)]
pub struct PrivateTarget {
    /// The mistake, located in the profile file (`start_urls[i]` or `hosts[i]`).
    pub error: ConfigError,
    /// Whether it is a start URL (a sweep refuses to run) rather than a scope host (only
    /// links and redirects lead there, and each is refused when fetched).
    pub start: bool,
}

/// The private addresses a host name literally stands for: an IP literal (brackets
/// allowed) or `localhost` / `*.localhost`. Names that need DNS are not looked up.
fn literal_addresses(host: &str) -> Vec<IpAddr> {
    let h = host.trim().trim_start_matches("*.").to_ascii_lowercase();
    let h = h.trim_start_matches('[').trim_end_matches(']');
    if h == "localhost" || h.ends_with(".localhost") {
        return vec![
            IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            IpAddr::V6(std::net::Ipv6Addr::LOCALHOST),
        ];
    }
    h.parse::<IpAddr>().map(|ip| vec![ip]).unwrap_or_default()
}

fn address_kind(ip: IpAddr) -> &'static str {
    let v4 = match ip {
        IpAddr::V4(v4) => Some(v4),
        IpAddr::V6(v6) => v6.to_ipv4_mapped(),
    };
    match (ip, v4) {
        (_, Some(v4)) if v4.is_loopback() => "a loopback address",
        (_, Some(v4)) if v4.is_private() => "a private address",
        (_, Some(v4)) if v4.is_link_local() => "a link-local address",
        (IpAddr::V6(v6), None) if v6.is_loopback() => "a loopback address",
        (IpAddr::V6(v6), None) if (v6.segments()[0] & 0xffc0) == 0xfe80 => "a link-local address",
        (IpAddr::V6(v6), None) if (v6.segments()[0] & 0xfe00) == 0xfc00 => "a private address",
        _ => "not a public address",
    }
}

/// The start URLs and scope hosts of `profile` (read from `file`) that are private,
/// loopback or link-local addresses `policy` does not allow; `allowed_by` names where the
/// policy comes from, for the message.
pub fn private_targets(
    profile: &SiteProfile,
    file: &Path,
    policy: &AddressPolicy,
    allowed_by: &str,
) -> Vec<PrivateTarget> {
    let src = read_file(file).unwrap_or_default();
    let refused = |host: &str| -> Option<IpAddr> {
        let ips = literal_addresses(host);
        let first = ips.first().copied()?;
        (crate::fetch::is_private(first) && !ips.iter().any(|ip| policy.permits(*ip)))
            .then_some(first)
    };
    let message = |what: String, ip: IpAddr| {
        format!(
            "{what} is {}, and {allowed_by} does not allow it (set \
             `allow_private_addresses` to true or list the address, for a server of your own)",
            address_kind(ip)
        )
    };
    let mut out = Vec::new();
    for (i, u) in profile.start_urls.iter().enumerate() {
        let host = u.host_str().unwrap_or("");
        if let Some(ip) = refused(host) {
            out.push(PrivateTarget {
                error: ConfigError::at_key(
                    file,
                    &src,
                    &format!("start_urls[{i}]"),
                    message(format!("start URL {u} (host {host})"), ip),
                ),
                start: true,
            });
        }
    }
    for (i, h) in profile.hosts.iter().enumerate() {
        if let Some(ip) = refused(h) {
            out.push(PrivateTarget {
                error: ConfigError::at_key(
                    file,
                    &src,
                    &format!("hosts[{i}]"),
                    message(format!("host {h}"), ip),
                ),
                start: false,
            });
        }
    }
    out
}

impl Settings {
    /// The start URLs whose host *name* resolves (DNS, `timeout` at most per name) only to
    /// addresses `allow_private_addresses` does not allow: the network-facing half of
    /// [`Settings::private_targets`], which judges literals alone. A name that does not
    /// resolve is not judged here (the fetch records it).
    pub async fn private_start_names(&self, timeout: Duration) -> Vec<ConfigError> {
        let policy = &self.crawler.addresses;
        let mut out = Vec::new();
        for (profile, file) in self.profiles.iter().zip(&self.profile_files) {
            for (i, u) in profile.start_urls.iter().enumerate() {
                let Some(url::Host::Domain(name)) = u.host() else {
                    continue;
                };
                if !literal_addresses(name).is_empty() {
                    continue;
                }
                let lookup =
                    tokio::net::lookup_host((name, u.port_or_known_default().unwrap_or(80)));
                let Ok(Ok(addrs)) = tokio::time::timeout(timeout, lookup).await else {
                    continue;
                };
                let ips: Vec<IpAddr> = addrs.map(|a| a.ip()).collect();
                let Some(first) = ips.first().copied() else {
                    continue;
                };
                if ips.iter().all(|ip| !policy.permits(*ip)) {
                    let src = read_file(file).unwrap_or_default();
                    out.push(ConfigError::at_key(
                        file,
                        &src,
                        &format!("start_urls[{i}]"),
                        format!(
                            "start URL {u}: {name} resolves to {first}, {}, and \
                             crawler.allow_private_addresses in {} does not allow it",
                            address_kind(first),
                            self.sweep_file.display()
                        ),
                    ));
                }
            }
        }
        out
    }

    /// [`private_targets`] of every profile of the sweep, under its
    /// `allow_private_addresses`.
    pub fn private_targets(&self) -> Vec<PrivateTarget> {
        let by = format!(
            "crawler.allow_private_addresses in {}",
            self.sweep_file.display()
        );
        self.profiles
            .iter()
            .zip(&self.profile_files)
            .flat_map(|(p, f)| private_targets(p, f, &self.crawler.addresses, &by))
            .collect()
    }
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    hex::encode(sha2::Sha256::digest(bytes))
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
