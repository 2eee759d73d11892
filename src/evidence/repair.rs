//! Repairing WARC files after a crash: a process killed while writing a record leaves a
//! truncated gzip member at the end of its file. Every complete record before it is
//! intact (one gzip member per record), so the file is cut back to the end of the last
//! complete member, and the index journal is rebuilt from the records that remain (a
//! kill between a record and its journal line would otherwise leave the index short).
//! Run before a resumed sweep writes again.

use std::io::Read;
use std::path::{Path, PathBuf};

use url::Url;

use super::cdxj::{CdxjEntry, JOURNAL_FILE, surt, timestamp14};
use super::reader::WarcRecords;

/// One file that was cut back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repaired {
    /// The WARC file.
    pub path: PathBuf,
    /// Its length before.
    pub was: u64,
    /// Its length now (the end of its last complete record).
    pub now: u64,
}

/// Length of the valid prefix of a file of concatenated gzip members.
fn valid_prefix(data: &[u8]) -> usize {
    let mut pos = 0;
    while pos < data.len() {
        let mut rest = &data[pos..];
        let mut decoder = flate2::bufread::GzDecoder::new(&mut rest);
        let mut sink = Vec::new();
        if decoder.read_to_end(&mut sink).is_err() {
            break;
        }
        let consumed = data.len() - pos - rest.len();
        if consumed == 0 {
            break;
        }
        pos += consumed;
    }
    pos
}

/// Cuts every `*.warc.gz` in `dir` back to its last complete record; returns the files
/// that were cut. A missing folder is not an error.
pub fn repair_dir(dir: &Path) -> std::io::Result<Vec<Repaired>> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        if !path.to_string_lossy().ends_with(".warc.gz") {
            continue;
        }
        let data = std::fs::read(&path)?;
        let valid = valid_prefix(&data);
        if valid < data.len() {
            let file = std::fs::OpenOptions::new().write(true).open(&path)?;
            file.set_len(valid as u64)?;
            file.sync_all()?;
            out.push(Repaired {
                path,
                was: data.len() as u64,
                now: valid as u64,
            });
        }
    }
    out.sort_by(|a, b| a.path.cmp(&b.path));
    rebuild_journal(dir)?;
    Ok(out)
}

/// Cuts every WARC file of `dir` back to its last complete record (a fleet worker killed
/// mid-record), then writes `index.cdxj` from the response records of every WARC file
/// in it, whoever wrote them. Only for a folder nobody is writing to any more: the
/// report of a fleet sweep calls it once every worker is done.
pub fn reindex_dir(dir: &Path) -> std::io::Result<Vec<Repaired>> {
    let cut = repair_dir(dir)?;
    super::cdxj::write_index_from_journal(
        dir,
        &dir.join(super::cdxj::JOURNAL_FILE),
        super::cdxj::SORT_RUN_BYTES,
    )?;
    Ok(cut)
}

/// Rewrites `index.cdxj.journal` from the response records of every WARC file in `dir`.
fn rebuild_journal(dir: &Path) -> std::io::Result<()> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    files.sort();
    let mut lines = Vec::new();
    for path in files {
        let file_len = std::fs::metadata(&path)?.len();
        let filename = path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default();
        let records: Vec<_> = WarcRecords::open(&path)
            .map_err(|e| std::io::Error::other(e.to_string()))?
            .collect::<Result<_, _>>()
            .map_err(|e| std::io::Error::other(e.to_string()))?;
        for (i, r) in records.iter().enumerate() {
            if r.warc_type() != "response" {
                continue;
            }
            let next = records.get(i + 1).map_or(file_len, |n| n.offset);
            let (Some(target), Some(status)) = (r.target_uri(), r.http_status()) else {
                continue;
            };
            let Ok(url) = Url::parse(target) else {
                continue;
            };
            let date = r
                .header("WARC-Date")
                .and_then(|d| chrono::DateTime::parse_from_rfc3339(d).ok())
                .map(|d| d.with_timezone(&chrono::Utc))
                .unwrap_or_default();
            let mime = r.http_parts().and_then(|(head, _)| {
                String::from_utf8_lossy(head).lines().skip(1).find_map(|l| {
                    let (k, v) = l.split_once(':')?;
                    k.trim()
                        .eq_ignore_ascii_case("content-type")
                        .then(|| {
                            v.split(';')
                                .next()
                                .unwrap_or("")
                                .trim()
                                .to_ascii_lowercase()
                        })
                        .filter(|m| !m.is_empty())
                })
            });
            let entry = CdxjEntry {
                key: surt(&url),
                timestamp: timestamp14(date),
                url: target.to_string(),
                mime,
                status: status.to_string(),
                digest: r.header("WARC-Payload-Digest").unwrap_or("").to_string(),
                length: (next - r.offset).to_string(),
                offset: r.offset.to_string(),
                filename: filename.clone(),
            };
            lines.push(entry.line());
        }
    }
    let mut text = lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    std::fs::write(dir.join(JOURNAL_FILE), text)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evidence::{Exchange, INDEX_FILE, WarcInfo, WarcWriter};
    use std::io::Write;

    fn exchange(w: &mut WarcWriter, url: &Url, body: &[u8]) {
        let headers = vec![("content-type".to_string(), "text/html".to_string())];
        w.record_exchange(&Exchange {
            url,
            method: "GET",
            request_headers: &[],
            http_version: "HTTP/1.1",
            status: 200,
            reason: None,
            response_headers: &headers,
            body,
            remote_ip: None,
            date: chrono::Utc::now(),
        })
        .expect("record");
    }

    #[test]
    fn a_truncated_last_record_is_cut_off_and_the_index_rebuilt() {
        let dir = tempfile::tempdir().expect("tempdir");
        let info = WarcInfo::new("s", serde_json::json!({}));
        let mut w = WarcWriter::create(dir.path(), "s-r01", 1 << 30, &info).expect("writer");
        let a = Url::parse("http://a.test/1").expect("url");
        let b = Url::parse("http://a.test/2").expect("url");
        exchange(&mut w, &a, b"<html>one</html>");
        exchange(&mut w, &b, b"<html>two</html>");
        let files = w.finish().expect("finish");
        let warc = files[0].clone();
        let index_before = std::fs::read_to_string(dir.path().join(INDEX_FILE)).expect("index");
        let good = std::fs::read(&warc).expect("read");
        // A third record, cut short by kill -9, and a journal that lost a line.
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(b"WARC/1.1\r\nWARC-Type: response\r\n")
            .expect("gzip");
        let partial = gz.finish().expect("gzip");
        let mut data = good.clone();
        data.extend_from_slice(&partial[..partial.len() / 2]);
        std::fs::write(&warc, &data).expect("write");
        let journal = dir.path().join(JOURNAL_FILE);
        let first_line = std::fs::read_to_string(&journal)
            .expect("journal")
            .lines()
            .next()
            .map(str::to_string);
        std::fs::write(&journal, first_line.unwrap_or_default()).expect("journal");

        let repaired = repair_dir(dir.path()).expect("repair");
        assert_eq!(
            repaired,
            vec![Repaired {
                path: warc.clone(),
                was: data.len() as u64,
                now: good.len() as u64
            }]
        );
        assert_eq!(std::fs::read(&warc).expect("read"), good);
        let mut rebuilt: Vec<String> = std::fs::read_to_string(&journal)
            .expect("journal")
            .lines()
            .map(str::to_string)
            .collect();
        rebuilt.sort();
        let expected: Vec<String> = index_before.lines().map(str::to_string).collect();
        assert_eq!(
            rebuilt, expected,
            "the rebuilt journal equals the writer's own index"
        );
        assert!(repair_dir(dir.path()).expect("again").is_empty());
    }
}
