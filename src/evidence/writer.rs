//! The WARC writer: records → gzip members → rolled files, plus the index entries.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, SecondsFormat, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use url::Url;

use super::cdxj::{
    CdxjEntry, JOURNAL_FILE, SORT_RUN_BYTES, surt, timestamp14, write_index_from_journal,
};
use super::digest::{new_record_id, sha1_digest, sha1_digest_of};
use super::{EvidenceRef, Exchange, WarcInfo};
use crate::crawl::sha256_hex;

/// The note put on a response whose chunked transfer coding was removed.
pub const DECHUNKED_NOTE: &str =
    "Transfer-Encoding chunked removed by the client; the payload is the de-chunked body";

/// The gzip level of WARC records unless the sweep sets `warc_compression_level`: 3. On
/// real directory pages (zlib-rs) it writes files about 8 % larger than level 6, zlib's
/// default, for about a third of the deflate CPU; level 1 is cheaper still but about 40 %
/// larger. `cargo bench --bench warc` prints both sides; the README (Evidence) has the
/// figures.
pub const DEFAULT_COMPRESSION_LEVEL: u32 = 3;

/// Writes WARC 1.1 files: one gzip member per record, a `warcinfo` record first in every
/// file, a new file once the current one reaches the roll size.
#[derive(Debug)]
pub struct WarcWriter {
    dir: PathBuf,
    prefix: String,
    roll_bytes: u64,
    /// gzip level of every member (0 = stored, 9 = smallest).
    level: Compression,
    /// The buffer a member is compressed into, kept between records so a sweep does not
    /// allocate one per record.
    member: Vec<u8>,
    info: WarcInfo,
    /// The open file, its name, bytes written so far, and its warcinfo record id.
    file: File,
    file_name: String,
    written: u64,
    warcinfo_id: String,
    records_in_file: usize,
    serial: u32,
    paths: Vec<PathBuf>,
    /// `index.cdxj.journal`: every index line, appended as its record is written, so an
    /// index survives a crash and spans every run of a resumed sweep.
    journal: File,
}

/// One record's named fields and block, before serialisation.
struct Record<'a> {
    warc_type: &'a str,
    record_id: &'a str,
    date: DateTime<Utc>,
    fields: Vec<(&'static str, String)>,
    content_type: &'a str,
    /// The block, in parts written one after the other (a response's head, then its body
    /// as received: the body is never copied into a block).
    block: &'a [&'a [u8]],
}

impl WarcWriter {
    /// Creates `dir` if needed and opens `<prefix>-00000.warc.gz` in it, starting with its
    /// `warcinfo` record. A file is closed and the next opened before an exchange once it
    /// holds at least `roll_bytes` (a request and its response never straddle two files).
    ///
    /// Records are compressed at [`DEFAULT_COMPRESSION_LEVEL`]; see
    /// [`WarcWriter::create_with_level`].
    pub fn create(
        dir: &Path,
        prefix: &str,
        roll_bytes: u64,
        info: &WarcInfo,
    ) -> std::io::Result<WarcWriter> {
        Self::create_with_level(dir, prefix, roll_bytes, info, DEFAULT_COMPRESSION_LEVEL)
    }

    /// As [`WarcWriter::create`], compressing every record's gzip member at `level`
    /// (0 = stored without compression … 9 = smallest and slowest; above 9 counts as 9).
    pub fn create_with_level(
        dir: &Path,
        prefix: &str,
        roll_bytes: u64,
        info: &WarcInfo,
        level: u32,
    ) -> std::io::Result<WarcWriter> {
        Self::create_with_journal(dir, prefix, roll_bytes, info, level, JOURNAL_FILE)
    }

    /// As [`WarcWriter::create_with_level`], keeping the index journal in `journal` (a
    /// file name in `dir`). A fleet worker, which shares the evidence folder with other
    /// workers, keeps a journal of its own (`<prefix>.cdxj.journal`) and closes with
    /// [`WarcWriter::finish_files`]; the sweep's `index.cdxj` is written once, by the
    /// report, from every WARC file ([`crate::evidence::reindex_dir`]).
    pub fn create_with_journal(
        dir: &Path,
        prefix: &str,
        roll_bytes: u64,
        info: &WarcInfo,
        level: u32,
        journal: &str,
    ) -> std::io::Result<WarcWriter> {
        std::fs::create_dir_all(dir)?;
        let (file, file_name, path) = open_file(dir, prefix, 0)?;
        let mut w = WarcWriter {
            dir: dir.to_path_buf(),
            prefix: prefix.to_string(),
            roll_bytes,
            level: Compression::new(level.min(9)),
            member: Vec::new(),
            info: info.clone(),
            file,
            file_name,
            written: 0,
            warcinfo_id: String::new(),
            records_in_file: 0,
            serial: 0,
            paths: vec![path],
            journal: std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(dir.join(journal))?,
        };
        w.write_warcinfo()?;
        Ok(w)
    }

    /// The WARC files opened so far.
    pub fn paths(&self) -> &[PathBuf] {
        &self.paths
    }

    /// Writes a `request` and a `response` record for one exchange and returns where the
    /// response is.
    pub fn record_exchange(&mut self, ex: &Exchange<'_>) -> std::io::Result<EvidenceRef> {
        self.check_in_place()?;
        if self.written >= self.roll_bytes && self.records_in_file > 1 {
            self.roll()?;
        }
        let request_id = new_record_id()?;
        let response_id = new_record_id()?;
        let date = ex.date;
        let target = ex.url.as_str().to_string();

        let request_block = request_block(ex);
        let mut fields = vec![
            ("WARC-Target-URI", target.clone()),
            ("WARC-Concurrent-To", response_id.clone()),
        ];
        if let Some(ip) = ex.remote_ip {
            fields.push(("WARC-IP-Address", ip.to_string()));
        }
        fields.push(("WARC-Block-Digest", sha1_digest(&request_block)));
        self.write_record(&Record {
            warc_type: "request",
            record_id: &request_id,
            date,
            fields,
            content_type: "application/http;msgtype=request",
            block: &[&request_block],
        })?;

        // The response block is its head followed by the body; both digests are taken
        // over the parts, so the body is read in place, never copied.
        let (response_head, dechunked) = response_head(ex);
        let payload_digest = sha1_digest(ex.body);
        let block_digest = sha1_digest_of(&[&response_head, ex.body]);
        let mut fields = vec![
            ("WARC-Target-URI", target.clone()),
            ("WARC-Concurrent-To", request_id),
        ];
        if let Some(ip) = ex.remote_ip {
            fields.push(("WARC-IP-Address", ip.to_string()));
        }
        fields.push(("WARC-Block-Digest", block_digest));
        fields.push(("WARC-Payload-Digest", payload_digest.clone()));
        if dechunked {
            fields.push(("WARC-Greysweep-Note", DECHUNKED_NOTE.to_string()));
        }
        let (offset, length) = self.write_record(&Record {
            warc_type: "response",
            record_id: &response_id,
            date,
            fields,
            content_type: "application/http;msgtype=response",
            block: &[&response_head, ex.body],
        })?;

        let mime = header(ex.response_headers, "content-type")
            .and_then(|ct| ct.split(';').next())
            .map(|m| m.trim().to_ascii_lowercase())
            .filter(|m| !m.is_empty());
        let entry = CdxjEntry {
            key: surt(ex.url),
            timestamp: timestamp14(date),
            url: target,
            mime,
            status: ex.status.to_string(),
            digest: payload_digest.clone(),
            length: length.to_string(),
            offset: offset.to_string(),
            filename: self.file_name.clone(),
        };
        self.journal
            .write_all(format!("{}\n", entry.line()).as_bytes())?;
        Ok(EvidenceRef {
            warc_file: self.file_name.clone(),
            record_id: response_id,
            offset,
            length,
            sha256: sha256_hex(ex.body),
        })
    }

    /// Writes a `metadata` record (`application/json`) about the record `concurrent_to`
    /// (e.g. what was extracted from a response).
    pub fn record_metadata(
        &mut self,
        concurrent_to: &str,
        target_uri: &Url,
        json: &serde_json::Value,
    ) -> std::io::Result<()> {
        let block = serde_json::to_vec(json)?;
        let id = new_record_id()?;
        self.write_record(&Record {
            warc_type: "metadata",
            record_id: &id,
            date: Utc::now(),
            fields: vec![
                ("WARC-Target-URI", target_uri.as_str().to_string()),
                ("WARC-Concurrent-To", one_line(concurrent_to)),
                ("WARC-Block-Digest", sha1_digest(&block)),
            ],
            content_type: "application/json",
            block: &[&block],
        })?;
        Ok(())
    }

    /// Flushes and closes the files, writes `index.cdxj` beside them and returns every path
    /// written (the WARC files, then the index).
    pub fn finish(self) -> std::io::Result<Vec<PathBuf>> {
        self.check_in_place()?;
        self.file.sync_all()?;
        self.journal.sync_all()?;
        write_index_from_journal(&self.dir, &self.dir.join(JOURNAL_FILE), SORT_RUN_BYTES)?;
        let mut paths = self.paths;
        paths.push(self.dir.join(super::INDEX_FILE));
        Ok(paths)
    }

    /// Flushes and closes the files without writing `index.cdxj` (a fleet worker: the
    /// folder is shared, and the report indexes it once every worker is done). Returns
    /// the WARC files written.
    pub fn finish_files(self) -> std::io::Result<Vec<PathBuf>> {
        self.check_in_place()?;
        self.file.sync_all()?;
        self.journal.sync_all()?;
        Ok(self.paths)
    }

    /// Fails when the open WARC file is no longer at its path (its folder was deleted
    /// or moved during the sweep): records written on would go to a file nobody can
    /// read. A `stat` per exchange, small beside a fetch. The error names the folder.
    fn check_in_place(&self) -> std::io::Result<()> {
        let Some(path) = self.paths.last() else {
            return Ok(());
        };
        match std::fs::metadata(path) {
            Ok(_) => Ok(()),
            Err(e) => Err(std::io::Error::new(
                e.kind(),
                format!(
                    "the evidence folder {} or its WARC file {} was deleted or moved during the sweep ({e})",
                    self.dir.display(),
                    path.file_name().unwrap_or_default().to_string_lossy()
                ),
            )),
        }
    }

    fn roll(&mut self) -> std::io::Result<()> {
        self.file.sync_all()?;
        self.serial += 1;
        let (file, name, path) = open_file(&self.dir, &self.prefix, self.serial)?;
        self.file = file;
        self.file_name = name;
        self.paths.push(path);
        self.written = 0;
        self.records_in_file = 0;
        self.write_warcinfo()
    }

    fn write_warcinfo(&mut self) -> std::io::Result<()> {
        let id = new_record_id()?;
        let mut body = String::new();
        let mut field = |k: &str, v: &str| {
            body.push_str(k);
            body.push_str(": ");
            body.push_str(&one_line(v));
            body.push_str("\r\n");
        };
        field("software", &self.info.software);
        field("format", "WARC File Format 1.1");
        field(
            "conformsTo",
            "https://iipc.github.io/warc-specifications/specifications/warc-format/warc-1.1/",
        );
        field("isPartOf", &self.info.sweep_id);
        field("robots", "obey");
        if let Some(ua) = &self.info.user_agent {
            field("http-header-user-agent", ua);
        }
        field(
            "greysweep-settings",
            &serde_json::to_string(&self.info.settings)?,
        );
        let filename = self.file_name.clone();
        self.write_record(&Record {
            warc_type: "warcinfo",
            record_id: &id,
            date: Utc::now(),
            fields: vec![
                ("WARC-Filename", filename),
                ("WARC-Block-Digest", sha1_digest(body.as_bytes())),
            ],
            content_type: "application/warc-fields",
            block: &[body.as_bytes()],
        })?;
        self.warcinfo_id = id;
        Ok(())
    }

    /// Serialises and compresses one record as its own gzip member; returns the member's
    /// offset and length.
    fn write_record(&mut self, r: &Record<'_>) -> std::io::Result<(u64, u64)> {
        let mut head = String::with_capacity(512);
        head.push_str("WARC/1.1\r\n");
        let mut push = |k: &str, v: &str| {
            head.push_str(k);
            head.push_str(": ");
            head.push_str(v);
            head.push_str("\r\n");
        };
        push("WARC-Type", r.warc_type);
        push("WARC-Record-ID", r.record_id);
        push(
            "WARC-Date",
            &r.date.to_rfc3339_opts(SecondsFormat::Micros, true),
        );
        if r.warc_type != "warcinfo" && !self.warcinfo_id.is_empty() {
            push("WARC-Warcinfo-ID", &self.warcinfo_id);
        }
        for (k, v) in &r.fields {
            push(k, v);
        }
        push("Content-Type", r.content_type);
        let block_len: usize = r.block.iter().map(|p| p.len()).sum();
        push("Content-Length", &block_len.to_string());
        head.push_str("\r\n");

        let mut buf = std::mem::take(&mut self.member);
        buf.clear();
        buf.reserve(block_len / 2 + 256);
        let mut gz = GzEncoder::new(buf, self.level);
        gz.write_all(head.as_bytes())?;
        for part in r.block {
            gz.write_all(part)?;
        }
        gz.write_all(b"\r\n\r\n")?;
        let member = gz.finish()?;
        let written = self.file.write_all(&member);
        let length = member.len() as u64;
        // Large members are not kept: one huge page must not pin its buffer all sweep.
        if member.capacity() <= MAX_KEPT_BUFFER {
            self.member = member;
        }
        written?;
        let offset = self.written;
        self.written += length;
        self.records_in_file += 1;
        Ok((offset, length))
    }
}

/// The largest member buffer kept for the next record (4 MiB).
const MAX_KEPT_BUFFER: usize = 4 << 20;

fn open_file(dir: &Path, prefix: &str, serial: u32) -> std::io::Result<(File, String, PathBuf)> {
    let name = format!("{prefix}-{serial:05}.warc.gz");
    let path = dir.join(&name);
    let file = File::options().write(true).create_new(true).open(&path)?;
    Ok((file, name, path))
}

/// A header value on one line: CR and LF become spaces, so no value can end a header
/// block early.
fn one_line(v: &str) -> String {
    v.replace(['\r', '\n'], " ")
}

fn header<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn push_headers(out: &mut Vec<u8>, headers: &[(String, String)]) {
    for (k, v) in headers {
        out.extend_from_slice(one_line(k).as_bytes());
        out.extend_from_slice(b": ");
        out.extend_from_slice(one_line(v).as_bytes());
        out.extend_from_slice(b"\r\n");
    }
}

/// Request line and headers (GET has no body).
fn request_block(ex: &Exchange<'_>) -> Vec<u8> {
    let mut target = ex.url.path().to_string();
    if let Some(q) = ex.url.query() {
        target.push('?');
        target.push_str(q);
    }
    let mut out = format!(
        "{} {} {}\r\n",
        one_line(ex.method),
        one_line(&target),
        one_line(ex.http_version)
    )
    .into_bytes();
    if header(ex.request_headers, "host").is_none() {
        let host = match (ex.url.host_str(), ex.url.port()) {
            (Some(h), Some(p)) => format!("{h}:{p}"),
            (Some(h), None) => h.to_string(),
            (None, _) => String::new(),
        };
        push_headers(&mut out, &[("Host".to_string(), host)]);
    }
    push_headers(&mut out, ex.request_headers);
    out.extend_from_slice(b"\r\n");
    out
}

/// Status line and headers up to the empty line (the body follows it in the block); the
/// flag says a chunked transfer coding was dropped.
fn response_head(ex: &Exchange<'_>) -> (Vec<u8>, bool) {
    let reason = match ex.reason {
        Some(r) => r.to_string(),
        None => reqwest::StatusCode::from_u16(ex.status)
            .ok()
            .and_then(|s| s.canonical_reason())
            .unwrap_or("")
            .to_string(),
    };
    let mut out = format!(
        "{} {} {}\r\n",
        one_line(ex.http_version),
        ex.status,
        one_line(&reason)
    )
    .into_bytes();
    let mut dechunked = false;
    let mut kept: Vec<(String, String)> = Vec::with_capacity(ex.response_headers.len());
    for (k, v) in ex.response_headers {
        if k.eq_ignore_ascii_case("transfer-encoding") {
            let codings: Vec<&str> = v
                .split(',')
                .map(str::trim)
                .filter(|c| !c.is_empty())
                .collect();
            if codings.iter().any(|c| c.eq_ignore_ascii_case("chunked")) {
                dechunked = true;
                let rest: Vec<&str> = codings
                    .into_iter()
                    .filter(|c| !c.eq_ignore_ascii_case("chunked"))
                    .collect();
                if !rest.is_empty() {
                    kept.push((k.clone(), rest.join(", ")));
                }
                continue;
            }
        }
        kept.push((k.clone(), v.clone()));
    }
    push_headers(&mut out, &kept);
    out.extend_from_slice(b"\r\n");
    (out, dechunked)
}
