//! Evidence: every HTTP exchange of a sweep kept as WARC 1.1 records, exactly as it went
//! over the wire, with digests, a CDXJ index, and a reader to get the records back.
//!
//! Layout: `<dir>/<prefix>-00000.warc.gz`, `-00001…` (a new file when one reaches the
//! roll size), each starting with a `warcinfo` record, every record its own gzip member
//! (so any record can be read from its offset alone), and `<dir>/index.cdxj` written by
//! [`WarcWriter::finish`]. See `docs/evidence.md` for the record layout.
//!
//! Invariants: bodies are written as received — a `Content-Encoding: gzip` body stays
//! compressed; only a chunked transfer coding (which the HTTP client has already undone)
//! is dropped, and the record says so in a `WARC-Greysweep-Note` field. A request and its
//! response always land in the same file, linked both ways by `WARC-Concurrent-To`.
//! Digests are computed here from the bytes written, never taken from the caller.
//!
//! This module does not fetch, decide what to record, or know about listings: the crawl
//! hands it [`Exchange`]s and stores the [`EvidenceRef`] it gets back. The writer does
//! blocking file I/O (one `write` per record, no buffering, so a crash loses at most the
//! record being written): call it from a blocking context, and call
//! [`WarcWriter::finish`] at the end, which is what writes the index.
//!
//! The writer is ours (no WARC crate) because the format is small and we need offsets,
//! exact bytes and per-record gzip members. The production reader ([`reader`]) is ours
//! too: it must report each record's file offset (for `reaudit` and index checks) and
//! tolerate any number of records per gzip member; the `warc` crate does neither, so it is
//! only a dev-dependency, used to check our files with an independent parser.

mod cdxj;
mod digest;
pub mod reader;
mod repair;
mod writer;

use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use url::Url;

pub use cdxj::{INDEX_FILE, surt};
pub use digest::{base32, sha1_digest, sha1_digest_of};
pub use reader::{EvidenceError, WarcRecord, WarcRecords, read_record_at, response_records};
pub use repair::{Repaired, reindex_dir, repair_dir};
pub use writer::{DEFAULT_COMPRESSION_LEVEL, WarcWriter};

/// Header pairs in order from a reqwest header map, for [`Exchange`]. A value that is not
/// UTF-8 (obs-text) is converted lossily; repeated headers stay separate pairs.
pub fn header_pairs(headers: &reqwest::header::HeaderMap) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|(k, v)| {
            (
                k.as_str().to_string(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect()
}

/// What the `warcinfo` record at the head of every file says about the sweep.
#[derive(Debug, Clone)]
pub struct WarcInfo {
    /// The sweep id (`isPartOf`).
    pub sweep_id: String,
    /// The tool that wrote the file, e.g. `greysweep/0.1.0`.
    pub software: String,
    /// The user agent the sweep sent, if known.
    pub user_agent: Option<String>,
    /// The sweep's settings (written as one line of JSON).
    pub settings: serde_json::Value,
}

impl WarcInfo {
    /// A `warcinfo` for `sweep_id` written by this build of greysweep.
    pub fn new(sweep_id: &str, settings: serde_json::Value) -> WarcInfo {
        WarcInfo {
            sweep_id: sweep_id.to_string(),
            software: format!("greysweep/{}", env!("CARGO_PKG_VERSION")),
            user_agent: None,
            settings,
        }
    }
}

/// One HTTP request and its response, as exchanged.
#[derive(Debug, Clone)]
pub struct Exchange<'a> {
    /// The URL requested (its path and query form the request target).
    pub url: &'a Url,
    /// The request method, e.g. `GET`.
    pub method: &'a str,
    /// Request headers as sent, in order. A missing `Host` is added from the URL (HTTP/1.1
    /// clients always send one; hyper adds it below reqwest).
    pub request_headers: &'a [(String, String)],
    /// The protocol, e.g. `HTTP/1.1`.
    pub http_version: &'a str,
    /// Response status code.
    pub status: u16,
    /// Reason phrase as received; the canonical one for the status when `None`.
    pub reason: Option<&'a str>,
    /// Response headers as received, in order.
    pub response_headers: &'a [(String, String)],
    /// Response body as received (content coding kept; chunked transfer coding undone).
    pub body: &'a [u8],
    /// The peer address, when known.
    pub remote_ip: Option<IpAddr>,
    /// When the request was sent.
    pub date: DateTime<Utc>,
}

/// Where one response was stored: what a finding cites as its evidence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvidenceRef {
    /// The WARC file's name (no folder).
    pub warc_file: String,
    /// The `WARC-Record-ID` of the response record, `<urn:uuid:…>`.
    pub record_id: String,
    /// Offset of the response record's gzip member in the file.
    pub offset: u64,
    /// Length of that gzip member in bytes.
    pub length: u64,
    /// SHA-256 of the response body as received, lowercase hex.
    pub sha256: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_pairs_keep_order_and_repeats() {
        let mut h = reqwest::header::HeaderMap::new();
        h.append("set-cookie", "a=1".parse().unwrap());
        h.append("set-cookie", "b=2".parse().unwrap());
        h.insert(
            "x-latin",
            reqwest::header::HeaderValue::from_bytes(b"caf\xe9").unwrap(),
        );
        let pairs = header_pairs(&h);
        assert_eq!(pairs[0], ("set-cookie".to_string(), "a=1".to_string()));
        assert_eq!(pairs[1], ("set-cookie".to_string(), "b=2".to_string()));
        assert_eq!(pairs[2].1, "caf\u{fffd}");
    }
}
