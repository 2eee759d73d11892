//! Evidence-grade outputs: WARC files read back by an independent parser (the `warc`
//! crate) and by ours, digests recomputed from the bytes, rolling, the CDXJ index; the
//! manifest and its shell check; the HTML report; takedown batches.

use std::collections::HashMap;
use std::io::Write;
use std::net::IpAddr;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use flate2::Compression;
use flate2::write::GzEncoder;
use greysweep::evidence::{
    EvidenceRef, Exchange, WarcInfo, WarcWriter, read_record_at, response_records, sha1_digest,
};
use sha2::{Digest, Sha256};
use url::Url;
use warc::{WarcHeader, WarcReader};

/// An owned exchange, so tests can build a list of them.
struct Ex {
    url: Url,
    req: Vec<(String, String)>,
    status: u16,
    resp: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Ex {
    fn new(url: &str, status: u16, resp: &[(&str, &str)], body: &[u8]) -> Ex {
        Ex {
            url: Url::parse(url).expect("test setup"),
            req: vec![
                (
                    "User-Agent".into(),
                    "test greysweep/0 (+mailto:t@example.com)".into(),
                ),
                ("Accept-Encoding".into(), "gzip".into()),
            ],
            status,
            resp: resp
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body: body.to_vec(),
        }
    }

    fn exchange(&self) -> Exchange<'_> {
        Exchange {
            url: &self.url,
            method: "GET",
            request_headers: &self.req,
            http_version: "HTTP/1.1",
            status: self.status,
            reason: None,
            response_headers: &self.resp,
            body: &self.body,
            remote_ip: Some("127.0.0.1".parse::<IpAddr>().expect("test setup")),
            date: date(),
        }
    }
}

fn date() -> DateTime<Utc> {
    DateTime::parse_from_rfc3339("2026-11-27T12:34:56.789Z")
        .expect("test setup")
        .with_timezone(&Utc)
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    gz.write_all(bytes).expect("test setup");
    gz.finish().expect("test setup")
}

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

fn info() -> WarcInfo {
    WarcInfo::new(
        "weekly-20261127T123456Z",
        serde_json::json!({"rate_per_host": 1.0}),
    )
}

/// A page, a gzip-encoded page (kept compressed), a redirect, a robots.txt and a chunked
/// response.
fn sample_exchanges() -> Vec<Ex> {
    let page = b"<html><body><h1>Vantora replica</h1></body></html>".to_vec();
    vec![
        Ex::new(
            "http://127.0.0.1:8080/robots.txt",
            200,
            &[("Content-Type", "text/plain")],
            b"User-agent: *\nDisallow: /clearance\n",
        ),
        Ex::new(
            "http://127.0.0.1:8080/old",
            302,
            &[("Location", "/search?q=vantora"), ("Content-Length", "0")],
            b"",
        ),
        Ex::new(
            "http://127.0.0.1:8080/search?q=vantora",
            200,
            &[
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
            ],
            &gzip(&page),
        ),
        Ex::new(
            "http://127.0.0.1:8080/item/1",
            200,
            &[
                ("Content-Type", "text/html"),
                ("Transfer-Encoding", "chunked"),
            ],
            &page,
        ),
    ]
}

fn warc_files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("test setup")
        .map(|e| e.expect("test setup").path())
        .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
        .collect();
    v.sort();
    v
}

fn write_sample(dir: &Path, roll: u64) -> (Vec<Ex>, Vec<EvidenceRef>, Vec<PathBuf>) {
    let exs = sample_exchanges();
    let mut w = WarcWriter::create(dir, "greysweep-test", roll, &info()).expect("test setup");
    let mut refs = Vec::new();
    for ex in &exs {
        let r = w.record_exchange(&ex.exchange()).expect("test setup");
        w.record_metadata(
            &r.record_id,
            &ex.url,
            &serde_json::json!({"listings": 1, "note": "a\r\nb"}),
        )
        .expect("test setup");
        refs.push(r);
    }
    let paths = w.finish().expect("test setup");
    (exs, refs, paths)
}

#[test]
fn evidence_warc_round_trip_with_the_warc_crate() {
    let tmp = tempfile::tempdir().unwrap();
    let (exs, refs, paths) = write_sample(tmp.path(), 1 << 30);
    let files = warc_files(tmp.path());
    assert_eq!(files.len(), 1, "no roll at a large limit");
    assert_eq!(paths.len(), 2, "one WARC file and the index: {paths:?}");
    assert!(paths[1].ends_with("index.cdxj"));

    let records: Vec<_> = WarcReader::from_path_gzip(&files[0])
        .unwrap()
        .iter_records()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    // warcinfo + (request, response, metadata) per exchange
    assert_eq!(records.len(), 1 + 3 * exs.len());
    assert_eq!(records[0].warc_type().to_string(), "warcinfo");
    assert_eq!(records[0].warc_version(), "1.1");
    let info_body = String::from_utf8_lossy(records[0].body()).to_string();
    assert!(
        info_body.contains("format: WARC File Format 1.1"),
        "{info_body}"
    );
    assert!(info_body.contains("isPartOf: weekly-20261127T123456Z"));
    assert!(info_body.contains(r#"greysweep-settings: {"rate_per_host":1.0}"#));
    let info_id = records[0].warc_id().to_string();

    let by_id: HashMap<String, &warc::Record<warc::BufferedBody>> = records
        .iter()
        .map(|r| (r.warc_id().to_string(), r))
        .collect();
    for r in &records {
        // Every block digest recomputed from the bytes read back.
        let bd = r.header(WarcHeader::BlockDigest).unwrap().to_string();
        assert_eq!(bd, sha1_digest(r.body()), "{}", r.warc_id());
        assert!(r.warc_id().starts_with("<urn:uuid:"));
        if r.warc_type().to_string() != "warcinfo" {
            assert_eq!(r.header(WarcHeader::WarcInfoID).unwrap(), info_id.as_str());
        }
    }

    for (i, ex) in exs.iter().enumerate() {
        let req = &records[1 + 3 * i];
        let resp = &records[2 + 3 * i];
        let meta = &records[3 + 3 * i];
        assert_eq!(req.warc_type().to_string(), "request");
        assert_eq!(resp.warc_type().to_string(), "response");
        assert_eq!(meta.warc_type().to_string(), "metadata");
        // request ↔ response, metadata → response
        assert_eq!(
            req.header(WarcHeader::ConcurrentTo).unwrap(),
            resp.warc_id()
        );
        assert_eq!(
            resp.header(WarcHeader::ConcurrentTo).unwrap(),
            req.warc_id()
        );
        assert_eq!(
            meta.header(WarcHeader::ConcurrentTo).unwrap(),
            resp.warc_id()
        );
        assert!(by_id.contains_key(req.warc_id()));
        assert_eq!(resp.warc_id(), refs[i].record_id);
        for r in [req, resp] {
            assert_eq!(r.header(WarcHeader::TargetURI).unwrap(), ex.url.as_str());
            assert_eq!(r.header(WarcHeader::IPAddress).unwrap(), "127.0.0.1");
            assert_eq!(r.date().to_rfc3339(), date().to_rfc3339());
        }
        assert_eq!(
            req.header(WarcHeader::ContentType).unwrap(),
            "application/http;msgtype=request"
        );
        assert_eq!(
            resp.header(WarcHeader::ContentType).unwrap(),
            "application/http;msgtype=response"
        );
        let req_text = String::from_utf8_lossy(req.body()).to_string();
        let target = match ex.url.query() {
            Some(q) => format!("{}?{q}", ex.url.path()),
            None => ex.url.path().to_string(),
        };
        assert!(
            req_text.starts_with(&format!(
                "GET {target} HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n"
            )),
            "{req_text}"
        );
        assert!(req_text.contains("User-Agent: test greysweep/0"));
        assert!(req_text.ends_with("\r\n\r\n"));

        // The payload is the body as received, byte for byte.
        let block = resp.body();
        let split = block.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let (head, payload) = (&block[..split], &block[split + 4..]);
        assert_eq!(payload, ex.body.as_slice());
        assert_eq!(
            resp.header(WarcHeader::PayloadDigest).unwrap(),
            sha1_digest(&ex.body).as_str()
        );
        assert_eq!(refs[i].sha256, sha256_hex(&ex.body));
        let head = String::from_utf8_lossy(head).to_string();
        assert!(
            head.starts_with(&format!("HTTP/1.1 {} ", ex.status)),
            "{head}"
        );
        assert!(
            !head.to_ascii_lowercase().contains("transfer-encoding"),
            "{head}"
        );
        let dechunked = resp.header(WarcHeader::Unknown("warc-greysweep-note".into()));
        assert_eq!(
            dechunked.is_some(),
            ex.resp.iter().any(|(k, _)| k == "Transfer-Encoding")
        );
    }
    // The gzip-encoded page stays compressed, with its header.
    let gz = &records[2 + 3 * 2];
    let text = String::from_utf8_lossy(gz.body()).to_string();
    assert!(text.contains("Content-Encoding: gzip\r\n"));
    assert!(gz.body().windows(2).any(|w| w == [0x1f, 0x8b]));
    // The redirect keeps its status line and Location.
    let redirect = String::from_utf8_lossy(records[2 + 3].body()).to_string();
    assert!(redirect.starts_with("HTTP/1.1 302 Found\r\n"), "{redirect}");
    assert!(redirect.contains("Location: /search?q=vantora\r\n"));
    // Metadata is JSON; a CR LF inside a value cannot break the record.
    let meta: serde_json::Value = serde_json::from_slice(records[3].body()).unwrap();
    assert_eq!(meta["note"], "a\r\nb");
}

#[test]
fn evidence_refs_point_at_their_records_and_our_reader_agrees() {
    let tmp = tempfile::tempdir().unwrap();
    let (exs, refs, _) = write_sample(tmp.path(), 1 << 30);
    for (ex, r) in exs.iter().zip(&refs) {
        let rec = read_record_at(&tmp.path().join(&r.warc_file), r.offset).unwrap();
        assert_eq!(rec.record_id(), r.record_id);
        assert_eq!(rec.warc_type(), "response");
        assert_eq!(rec.http_status(), Some(ex.status));
        let (_, body) = rec.http_parts().unwrap();
        assert_eq!(sha256_hex(body), r.sha256);
        // The member is exactly `length` bytes: the next member starts right after.
        let file_len = std::fs::metadata(tmp.path().join(&r.warc_file))
            .unwrap()
            .len();
        assert!(r.offset + r.length < file_len, "a metadata record follows");
        let next = read_record_at(&tmp.path().join(&r.warc_file), r.offset + r.length).unwrap();
        assert_eq!(next.warc_type(), "metadata");
    }
    let responses: Vec<_> = response_records(tmp.path())
        .unwrap()
        .collect::<Result<Vec<_>, _>>()
        .unwrap();
    assert_eq!(responses.len(), exs.len());
    for (rec, r) in responses.iter().zip(&refs) {
        assert_eq!(rec.record_id(), r.record_id);
        assert_eq!(rec.offset, r.offset);
        assert_eq!(
            rec.header("WARC-Block-Digest"),
            Some(sha1_digest(&rec.block).as_str())
        );
    }
    assert!(read_record_at(&tmp.path().join(&refs[0].warc_file), 1).is_err());
}

#[test]
fn evidence_files_roll_at_the_size_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let (exs, refs, paths) = write_sample(tmp.path(), 200);
    let files = warc_files(tmp.path());
    // Every exchange after the first starts a new file (each pair exceeds 200 bytes).
    assert_eq!(files.len(), exs.len(), "{files:?}");
    assert_eq!(paths.len(), files.len() + 1);
    for (i, f) in files.iter().enumerate() {
        assert!(
            f.ends_with(format!("greysweep-test-{i:05}.warc.gz")),
            "{}",
            f.display()
        );
        let recs: Vec<_> = WarcReader::from_path_gzip(f)
            .unwrap()
            .iter_records()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(recs[0].warc_type().to_string(), "warcinfo");
        assert_eq!(
            recs[0].header(WarcHeader::Filename).unwrap(),
            f.file_name().unwrap().to_string_lossy()
        );
        let types: Vec<String> = recs.iter().map(|r| r.warc_type().to_string()).collect();
        assert_eq!(types, ["warcinfo", "request", "response", "metadata"]);
        assert_eq!(refs[i].warc_file, f.file_name().unwrap().to_string_lossy());
    }
}

#[test]
fn evidence_index_is_sorted_cdxj_with_one_line_per_response() {
    let tmp = tempfile::tempdir().unwrap();
    let (exs, refs, _) = write_sample(tmp.path(), 1 << 30);
    let index = std::fs::read_to_string(tmp.path().join("index.cdxj")).unwrap();
    let lines: Vec<&str> = index.lines().collect();
    assert_eq!(lines.len(), exs.len());
    let mut sorted = lines.clone();
    sorted.sort();
    assert_eq!(lines, sorted);
    let mut seen = 0;
    for line in &lines {
        let mut parts = line.splitn(3, ' ');
        let key = parts.next().unwrap();
        let ts = parts.next().unwrap();
        let json: serde_json::Value = serde_json::from_str(parts.next().unwrap()).unwrap();
        assert!(key.starts_with("127.0.0.1:8080)/"), "{key}");
        assert_eq!(ts, "20261127123456");
        let i = exs
            .iter()
            .position(|e| e.url.as_str() == json["url"])
            .unwrap();
        assert_eq!(json["status"], exs[i].status.to_string());
        assert_eq!(json["offset"], refs[i].offset.to_string());
        assert_eq!(json["length"], refs[i].length.to_string());
        assert_eq!(json["filename"], refs[i].warc_file);
        assert_eq!(
            format!("sha1:{}", json["digest"].as_str().unwrap()),
            sha1_digest(&exs[i].body)
        );
        seen += 1;
    }
    assert_eq!(seen, 4);
    assert!(index.contains(r#""mime":"text/plain""#));
    assert!(index.contains(r#"127.0.0.1:8080)/search?q=vantora 20261127123456"#));
}
