//! Reading WARC files back: gzip member by member, so each record comes with the offset
//! of the member that holds it (what `EvidenceRef` and the index point at).
//!
//! Reads any `.warc.gz` made of gzip members with one or more records each (ours have
//! one). It checks the record framing (version line, `Content-Length`, the closing
//! CRLF CRLF), not the digests: callers that need to verify recompute them from
//! [`WarcRecord::block`].

use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use flate2::bufread::GzDecoder;
use thiserror::Error;

/// Why a WARC file could not be read.
#[derive(Debug, Error)]
pub enum EvidenceError {
    /// Reading the file failed.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// A record is not well formed.
    #[error("{path} at offset {offset}: {reason}")]
    Malformed {
        /// The file.
        path: PathBuf,
        /// Offset of the gzip member holding the record.
        offset: u64,
        /// What is wrong.
        reason: String,
    },
}

/// One WARC record as read from a file.
#[derive(Debug, Clone)]
pub struct WarcRecord {
    /// The file it came from.
    pub path: PathBuf,
    /// Offset of its gzip member.
    pub offset: u64,
    /// The version line's version, e.g. `1.1`.
    pub version: String,
    /// Named fields in order, as written.
    pub headers: Vec<(String, String)>,
    /// The record block (for `response`: status line, headers, body).
    pub block: Vec<u8>,
}

impl WarcRecord {
    /// A named field's value (case-insensitive name); the first if repeated.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Type`.
    pub fn warc_type(&self) -> &str {
        self.header("WARC-Type").unwrap_or("")
    }

    /// `WARC-Record-ID`.
    pub fn record_id(&self) -> &str {
        self.header("WARC-Record-ID").unwrap_or("")
    }

    /// `WARC-Target-URI`, if any.
    pub fn target_uri(&self) -> Option<&str> {
        self.header("WARC-Target-URI")
    }

    /// For `request`/`response` records: the HTTP head (start line and headers) and the
    /// body, split at the first empty line. `None` if the block has no empty line.
    pub fn http_parts(&self) -> Option<(&[u8], &[u8])> {
        let at = self.block.windows(4).position(|w| w == b"\r\n\r\n")?;
        Some((&self.block[..at + 2], &self.block[at + 4..]))
    }

    /// For `response` records: the status code from the status line.
    pub fn http_status(&self) -> Option<u16> {
        let (head, _) = self.http_parts()?;
        let line = head.split(|b| *b == b'\n').next()?;
        let line = std::str::from_utf8(line).ok()?;
        line.split_whitespace().nth(1)?.parse().ok()
    }
}

/// Iterates the records of one WARC file.
pub struct WarcRecords {
    path: PathBuf,
    reader: BufReader<File>,
    pending: std::vec::IntoIter<WarcRecord>,
    done: bool,
}

impl WarcRecords {
    /// Opens a `.warc.gz` file.
    pub fn open(path: &Path) -> Result<WarcRecords, EvidenceError> {
        let file = File::open(path).map_err(|source| EvidenceError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        Ok(WarcRecords {
            path: path.to_path_buf(),
            reader: BufReader::new(file),
            pending: Vec::new().into_iter(),
            done: false,
        })
    }

    fn io(&self, source: std::io::Error) -> EvidenceError {
        EvidenceError::Io {
            path: self.path.clone(),
            source,
        }
    }

    /// Reads the next gzip member; `Ok(None)` at the end of the file.
    fn next_member(&mut self) -> Result<Option<Vec<WarcRecord>>, EvidenceError> {
        let offset = self.reader.stream_position().map_err(|e| self.io(e))?;
        let at_end = match self.reader.fill_buf() {
            Ok(buf) => buf.is_empty(),
            Err(e) => return Err(self.io(e)),
        };
        if at_end {
            return Ok(None);
        }
        let mut data = Vec::new();
        GzDecoder::new(&mut self.reader)
            .read_to_end(&mut data)
            .map_err(|e| EvidenceError::Malformed {
                path: self.path.clone(),
                offset,
                reason: format!("bad gzip member: {e}"),
            })?;
        parse_records(&data, &self.path, offset).map(Some)
    }
}

impl Iterator for WarcRecords {
    type Item = Result<WarcRecord, EvidenceError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(r) = self.pending.next() {
                return Some(Ok(r));
            }
            if self.done {
                return None;
            }
            match self.next_member() {
                Ok(Some(records)) => self.pending = records.into_iter(),
                Ok(None) => {
                    self.done = true;
                    return None;
                }
                Err(e) => {
                    self.done = true;
                    return Some(Err(e));
                }
            }
        }
    }
}

/// The records in one decompressed member.
fn parse_records(data: &[u8], path: &Path, offset: u64) -> Result<Vec<WarcRecord>, EvidenceError> {
    let bad = |reason: &str| EvidenceError::Malformed {
        path: path.to_path_buf(),
        offset,
        reason: reason.to_string(),
    };
    let mut out = Vec::new();
    let mut rest = data;
    while !rest.is_empty() {
        let end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .ok_or_else(|| bad("no end of the WARC header block"))?;
        let head = std::str::from_utf8(&rest[..end]).map_err(|_| bad("header is not UTF-8"))?;
        let mut lines = head.split("\r\n");
        let version = lines
            .next()
            .and_then(|l| l.strip_prefix("WARC/"))
            .ok_or_else(|| bad("no WARC/ version line"))?
            .to_string();
        let mut headers = Vec::new();
        for line in lines {
            let (k, v) = line
                .split_once(':')
                .ok_or_else(|| bad("header line without ':'"))?;
            headers.push((k.trim().to_string(), v.trim().to_string()));
        }
        let len: usize = headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("Content-Length"))
            .and_then(|(_, v)| v.parse().ok())
            .ok_or_else(|| bad("missing or bad Content-Length"))?;
        let start = end + 4;
        let block_end = start
            .checked_add(len)
            .filter(|e| *e + 4 <= rest.len())
            .ok_or_else(|| bad("record shorter than its Content-Length"))?;
        if &rest[block_end..block_end + 4] != b"\r\n\r\n" {
            return Err(bad("record does not end with CRLF CRLF"));
        }
        out.push(WarcRecord {
            path: path.to_path_buf(),
            offset,
            version,
            headers,
            block: rest[start..block_end].to_vec(),
        });
        rest = &rest[block_end + 4..];
    }
    Ok(out)
}

/// Reads the record(s) of the gzip member at `offset` in `path` (what an
/// [`super::EvidenceRef`] points at) and returns the first.
pub fn read_record_at(path: &Path, offset: u64) -> Result<WarcRecord, EvidenceError> {
    let mut records = WarcRecords::open(path)?;
    records
        .reader
        .seek(SeekFrom::Start(offset))
        .map_err(|e| records.io(e))?;
    match records.next_member()? {
        Some(v) => v.into_iter().next().ok_or(EvidenceError::Malformed {
            path: path.to_path_buf(),
            offset,
            reason: "empty gzip member".to_string(),
        }),
        None => Err(EvidenceError::Malformed {
            path: path.to_path_buf(),
            offset,
            reason: "offset is at or past the end of the file".to_string(),
        }),
    }
}

/// Every `response` record of the `*.warc.gz` files in `dir` (not recursive), files in
/// name order, records in file order.
pub fn response_records(
    dir: &Path,
) -> Result<impl Iterator<Item = Result<WarcRecord, EvidenceError>>, EvidenceError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| EvidenceError::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    Ok(files
        .into_iter()
        .flat_map(|p| match WarcRecords::open(&p) {
            Ok(r) => Box::new(r) as Box<dyn Iterator<Item = Result<WarcRecord, EvidenceError>>>,
            Err(e) => Box::new(std::iter::once(Err(e))),
        })
        .filter(|r| !matches!(r, Ok(rec) if rec.warc_type() != "response")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn framing_errors_are_reported() {
        let p = Path::new("x.warc.gz");
        let ok = b"WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n";
        let recs = parse_records(ok, p, 7).unwrap();
        assert_eq!(recs.len(), 1);
        assert_eq!(recs[0].block, b"abc");
        assert_eq!(recs[0].offset, 7);
        let two = [&ok[..], &ok[..]].concat();
        assert_eq!(parse_records(&two, p, 0).unwrap().len(), 2);
        let short = b"WARC/1.1\r\nContent-Length: 9\r\n\r\nabc\r\n\r\n";
        assert!(parse_records(short, p, 0).is_err());
        let no_len = b"WARC/1.1\r\nWARC-Type: x\r\n\r\nabc\r\n\r\n";
        assert!(parse_records(no_len, p, 0).is_err());
        let no_version = b"HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc\r\n\r\n";
        assert!(parse_records(no_version, p, 0).is_err());
    }
}
