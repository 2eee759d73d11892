//! The CDXJ index (pywb's form): one line per response record,
//! `<SURT key> <14-digit timestamp> {json}`, sorted bytewise so replay tools can binary
//! search it.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;

/// The index's file name, beside the WARC files.
pub const INDEX_FILE: &str = "index.cdxj";

/// The JSON part of one index line; every value is a string, as pywb writes them.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CdxjEntry {
    #[serde(skip)]
    pub key: String,
    #[serde(skip)]
    pub timestamp: String,
    pub url: String,
    /// Media type without parameters; left out when the response had no `Content-Type`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mime: Option<String>,
    pub status: String,
    /// Payload digest, `sha1:` + base32 (as cdxj-indexer writes it).
    pub digest: String,
    /// Length of the record's gzip member.
    pub length: String,
    /// Offset of the record's gzip member.
    pub offset: String,
    pub filename: String,
}

impl CdxjEntry {
    pub(crate) fn line(&self) -> String {
        let json = serde_json::to_string(self).unwrap_or_else(|_| "{}".to_string());
        format!("{} {} {}", self.key, self.timestamp, json)
    }
}

/// The 14-digit `YYYYMMDDhhmmss` timestamp of an index line.
pub(crate) fn timestamp14(date: DateTime<Utc>) -> String {
    date.format("%Y%m%d%H%M%S").to_string()
}

/// Sort-friendly URL form (SURT) as pywb's indexer computes index keys: scheme dropped,
/// host lowercased with a leading `www.` removed and its labels reversed and comma-joined
/// (IPv4 addresses too, `1,0,0,127`; IPv6 kept as written), a non-default port kept, then
/// `)`, the path and the query with its parameters sorted, all lowercased.
pub fn surt(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    let host_part = match url.host() {
        Some(url::Host::Domain(_) | url::Host::Ipv4(_)) => {
            let trimmed = strip_www(&host);
            let mut labels: Vec<&str> = trimmed.split('.').filter(|l| !l.is_empty()).collect();
            labels.reverse();
            labels.join(",")
        }
        _ => host,
    };
    let port = match url.port() {
        Some(p) => format!(":{p}"),
        None => String::new(),
    };
    let mut key = format!("{host_part}{port})");
    key.push_str(&url.path().to_lowercase());
    if let Some(q) = url.query().filter(|q| !q.is_empty()) {
        let mut params: Vec<&str> = q.split('&').collect();
        params.sort_unstable();
        key.push('?');
        key.push_str(&params.join("&").to_lowercase());
    }
    key
}

fn strip_www(host: &str) -> &str {
    // `www.`, `www2.`, … as the surt library does.
    if let Some(rest) = host.strip_prefix("www") {
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        if let Some(after) = rest[digits..].strip_prefix('.')
            && after.contains('.')
        {
            return after;
        }
    }
    host
}

/// The unsorted journal of index lines the index is built from.
pub const JOURNAL_FILE: &str = "index.cdxj.journal";

/// Writes the sorted index lines to `dir/index.cdxj`.
pub(crate) fn write_index(dir: &Path, mut lines: Vec<String>) -> std::io::Result<()> {
    lines.sort();
    lines.dedup();
    crate::atomic::write_with(&dir.join(INDEX_FILE), |f| {
        for l in lines {
            writeln!(f, "{l}")?;
        }
        Ok(())
    })
    .map_err(|e| std::io::Error::other(format!("{e:#}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(u: &str) -> String {
        surt(&Url::parse(u).unwrap())
    }

    #[test]
    fn surt_keys() {
        assert_eq!(
            s("http://www.Example.com/A/b?z=1&a=2"),
            "com,example)/a/b?a=2&z=1"
        );
        assert_eq!(s("https://sub.example.com/"), "com,example,sub)/");
        assert_eq!(
            s("http://127.0.0.1:8080/robots.txt"),
            "1,0,0,127:8080)/robots.txt"
        );
        assert_eq!(s("http://[::1]:8080/x"), "[::1]:8080)/x");
        assert_eq!(s("https://example.com:443/x"), "com,example)/x");
        assert_eq!(s("http://www2.example.co.uk/"), "uk,co,example)/");
        assert_eq!(s("http://www.com/"), "com,www)/");
    }

    #[test]
    fn timestamps_have_14_digits() {
        let d = DateTime::parse_from_rfc3339("2026-01-02T03:04:05.678Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp14(d), "20260102030405");
    }
}
