//! The CDXJ index (pywb's form): one line per response record,
//! `<SURT key> <14-digit timestamp> {json}`, sorted bytewise so replay tools can binary
//! search it.
//!
//! The index is sorted from the journal with bounded memory: runs of at most
//! [`SORT_RUN_BYTES`] of lines are sorted in memory and spilled to temporary files beside
//! the index, then merged. A sweep's memory does not grow with its number of pages here.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

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

/// Lines of the journal sorted in memory at once (bytes of text): above this the sort
/// spills sorted runs to disk and merges them.
pub const SORT_RUN_BYTES: usize = 4 << 20;

/// Writes `dir/index.cdxj`: the non-empty lines of the journal at `journal`, sorted
/// bytewise, duplicates dropped. Memory is bounded by `run_bytes` of lines whatever the
/// journal's size; the temporary run files are removed whether it succeeds or not.
pub(crate) fn write_index_from_journal(
    dir: &Path,
    journal: &Path,
    run_bytes: usize,
) -> std::io::Result<()> {
    let mut runs = Runs {
        paths: Vec::new(),
        dir: dir.to_path_buf(),
    };
    let mut lines: Vec<String> = Vec::new();
    let mut bytes = 0;
    for line in BufReader::new(File::open(journal)?).lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        bytes += line.len();
        lines.push(line);
        if bytes >= run_bytes {
            runs.spill(&mut lines)?;
            bytes = 0;
        }
    }
    lines.sort_unstable();
    lines.dedup();
    if runs.paths.is_empty() {
        return write_lines(dir, lines.into_iter().map(Ok));
    }
    runs.spill(&mut lines)?;
    let mut readers = Vec::new();
    for p in &runs.paths {
        readers.push(BufReader::new(File::open(p)?).lines());
    }
    let mut heap = BinaryHeap::new();
    for (i, r) in readers.iter_mut().enumerate() {
        if let Some(l) = r.next() {
            heap.push(Reverse((l?, i)));
        }
    }
    let mut last: Option<String> = None;
    let merged = std::iter::from_fn(|| {
        loop {
            let Reverse((line, i)) = heap.pop()?;
            match readers[i].next() {
                Some(Ok(next)) => heap.push(Reverse((next, i))),
                Some(Err(e)) => return Some(Err(e)),
                None => {}
            }
            if last.as_deref() != Some(line.as_str()) {
                last = Some(line.clone());
                return Some(Ok(line));
            }
        }
    });
    write_lines(dir, merged)
}

/// Sorted run files of an index being built; removed when dropped.
struct Runs {
    paths: Vec<PathBuf>,
    dir: PathBuf,
}

impl Runs {
    /// Sorts `lines`, writes them to a new run file and empties `lines`.
    fn spill(&mut self, lines: &mut Vec<String>) -> std::io::Result<()> {
        lines.sort_unstable();
        lines.dedup();
        let path = self.dir.join(format!(
            ".{INDEX_FILE}.run-{}-{}",
            std::process::id(),
            self.paths.len()
        ));
        self.paths.push(path.clone());
        let mut w = BufWriter::new(File::create(&path)?);
        for l in lines.drain(..) {
            writeln!(w, "{l}")?;
        }
        w.into_inner().map_err(|e| e.into_error())?;
        Ok(())
    }
}

impl Drop for Runs {
    fn drop(&mut self) {
        for p in &self.paths {
            let _ = std::fs::remove_file(p);
        }
    }
}

/// Writes `lines` (sorted) to `dir/index.cdxj`, atomically.
fn write_lines(
    dir: &Path,
    lines: impl Iterator<Item = std::io::Result<String>>,
) -> std::io::Result<()> {
    crate::atomic::write_with(&dir.join(INDEX_FILE), |f| {
        for l in lines {
            writeln!(f, "{}", l?)?;
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

    /// The index is the journal's lines sorted and deduplicated, however many runs the
    /// sort spills; no run file is left behind.
    #[test]
    fn the_index_is_sorted_and_deduplicated_whatever_the_run_size() {
        let dir = tempfile::tempdir().expect("tmp");
        let journal = dir.path().join(JOURNAL_FILE);
        let mut text = String::new();
        let mut expected = Vec::new();
        for i in 0..500u32 {
            let line = format!(
                "com,example)/p/{:03} 20260101000000 {{\"n\": {i}}}",
                (i * 7919) % 389
            );
            text.push_str(&line);
            text.push('\n');
            if i % 50 == 0 {
                text.push_str(&line);
                text.push_str("\n\n");
            }
            expected.push(line);
        }
        std::fs::write(&journal, &text).expect("journal");
        expected.sort();
        expected.dedup();
        for run_bytes in [1, 100, 4096, 1 << 20] {
            write_index_from_journal(dir.path(), &journal, run_bytes).expect("index");
            let index = std::fs::read_to_string(dir.path().join(INDEX_FILE)).expect("index");
            let got: Vec<&str> = index.lines().collect();
            assert_eq!(got, expected, "run size {run_bytes}");
            let names: Vec<String> = std::fs::read_dir(dir.path())
                .expect("dir")
                .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
                .collect();
            let mut names = names;
            names.sort();
            assert_eq!(names, [INDEX_FILE, JOURNAL_FILE], "run size {run_bytes}");
        }
    }

    #[test]
    fn timestamps_have_14_digits() {
        let d = DateTime::parse_from_rfc3339("2026-01-02T03:04:05.678Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(timestamp14(d), "20260102030405");
    }
}
