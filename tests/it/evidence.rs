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
fn evidence_compression_level_changes_only_the_size() {
    // Every level (0 = stored) writes one gzip member per record with the same blocks
    // and digests: only the member lengths differ.
    let exs = sample_exchanges();
    let mut sizes = Vec::new();
    let mut blocks: Vec<Vec<(String, Vec<u8>)>> = Vec::new();
    for level in [0, 3, 9] {
        let tmp = tempfile::tempdir().unwrap();
        let mut w = WarcWriter::create_with_level(tmp.path(), "lvl", 1 << 30, &info(), level)
            .expect("test setup");
        let refs: Vec<EvidenceRef> = exs
            .iter()
            .map(|ex| w.record_exchange(&ex.exchange()).expect("test setup"))
            .collect();
        w.finish().expect("test setup");
        let file = tmp.path().join(&refs[0].warc_file);
        for r in &refs {
            let rec = read_record_at(&file, r.offset).unwrap();
            assert_eq!(rec.record_id(), r.record_id, "level {level}");
        }
        let records: Vec<_> = WarcReader::from_path_gzip(&file)
            .unwrap()
            .iter_records()
            .collect::<Result<Vec<_>, _>>()
            .unwrap();
        assert_eq!(records.len(), 1 + 2 * exs.len(), "level {level}");
        blocks.push(
            records
                .iter()
                .skip(1)
                .map(|r| {
                    let bd = r.header(WarcHeader::BlockDigest).unwrap().to_string();
                    assert_eq!(bd, sha1_digest(r.body()), "level {level}");
                    (r.warc_type().to_string(), r.body().to_vec())
                })
                .collect(),
        );
        sizes.push(std::fs::metadata(&file).unwrap().len());
    }
    assert_eq!(blocks[0], blocks[1]);
    assert_eq!(blocks[1], blocks[2]);
    assert!(sizes[0] > sizes[1], "stored is larger: {sizes:?}");
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
        assert!(key.starts_with("1,0,0,127:8080)/"), "{key}");
        assert_eq!(ts, "20261127123456");
        let i = exs
            .iter()
            .position(|e| e.url.as_str() == json["url"])
            .unwrap();
        assert_eq!(json["status"], exs[i].status.to_string());
        assert_eq!(json["offset"], refs[i].offset.to_string());
        assert_eq!(json["length"], refs[i].length.to_string());
        assert_eq!(json["filename"], refs[i].warc_file);
        assert_eq!(json["digest"], sha1_digest(&exs[i].body));
        seen += 1;
    }
    assert_eq!(seen, 4);
    assert!(index.contains(r#""mime":"text/plain""#));
    // The redirect has no Content-Type: no mime, as cdxj-indexer writes it.
    let redirect = lines
        .iter()
        .find(|l| l.contains(r#""status":"302""#))
        .unwrap();
    assert!(!redirect.contains("mime"), "{redirect}");
    assert!(index.contains(r#"1,0,0,127:8080)/search?q=vantora 20261127123456"#));
}

// ---------------------------------------------------------------------------------------
// A sweep folder written by hand: audit.csv + summary.json (+ evidence/ for the manifest).

const HOSTILE_TITLE: &str = "<img src=x onerror=alert(1)>";
const FORMULA: &str = "=HYPERLINK(\"http://evil.example/x\",\"click\")";

/// One audit row: (status, risk, score, category, brand, site, listing_url, title, seller,
/// seller_url).
type Row<'a> = (
    &'a str,
    &'a str,
    u32,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
    &'a str,
);

fn write_audit(dir: &Path, rows: &[Row<'_>]) {
    use greysweep::output::spreadsheet_safe;
    // The README's columns, then `first_seen` (added later; the readers find columns by
    // name, so this file is also what an older or newer sweep would write).
    const COLUMNS: &[&str] = &[
        "sweep_id",
        "status",
        "risk",
        "risk_score",
        "category",
        "brand",
        "matched_text",
        "match_kind",
        "signals",
        "site",
        "listing_url",
        "product_id",
        "title",
        "price",
        "moq",
        "seller_name",
        "seller_url",
        "location",
        "fetched_at",
        "http_status",
        "page_url",
        "page_sha256",
        "first_seen",
    ];
    let mut w = csv::Writer::from_path(dir.join("audit.csv")).expect("audit.csv");
    w.write_record(COLUMNS).expect("header");
    for (i, (status, risk, score, category, brand, site, url, title, seller, seller_url)) in
        rows.iter().enumerate()
    {
        let cells = [
            "weekly-20261127T123456Z".to_string(),
            status.to_string(),
            risk.to_string(),
            score.to_string(),
            category.to_string(),
            brand.to_string(),
            brand.to_lowercase(),
            "exact".to_string(),
            "counterfeit term \"replica\"; price far below reference".to_string(),
            site.to_string(),
            url.to_string(),
            format!("P{i}"),
            title.to_string(),
            "US$ 12.50".to_string(),
            "-5 pieces".to_string(),
            seller.to_string(),
            seller_url.to_string(),
            "Guangdong, CN".to_string(),
            "2026-11-27T12:34:56Z".to_string(),
            "200".to_string(),
            "http://127.0.0.1:8080/search?q=x".to_string(),
            "ab".repeat(32),
            "2026-11-13T08:00:00Z".to_string(),
        ];
        w.write_record(cells.iter().map(|c| spreadsheet_safe(c)))
            .expect("row");
    }
    w.flush().expect("flush");
}

fn write_summary(dir: &Path, findings: usize, previous: Option<&str>) {
    let s = serde_json::json!({
        "sweep_id": "weekly-20261127T123456Z", "name": "weekly", "tool_version": "0.1.0",
        "started_at": "2026-11-27T12:30:00.000Z", "ended_at": "2026-11-27T12:40:00.000Z",
        "duration_secs": 600.0, "requests": 120, "robots_requests": 2, "pages": 118,
        "pages_ok": 110, "blocked": 1, "errors": 3, "listings": 240, "findings": findings,
        "new_findings": 2, "previous_sweep": previous, "interrupted": false,
        "budget_exhausted": false, "unfetched": 0, "resolved_findings": 4
    });
    std::fs::write(dir.join("summary.json"), s.to_string()).expect("summary.json");
}

fn small_sweep_rows() -> Vec<Row<'static>> {
    vec![
        (
            "new",
            "high",
            90,
            "counterfeit_indicators",
            "Vantora",
            "alibaba",
            "https://www.alibaba.example/product/1.html",
            HOSTILE_TITLE,
            "Shenzhen Mirror Goods Co.",
            "https://mirror.alibaba.example/",
        ),
        (
            "persisting",
            "medium",
            55,
            "unauthorised_brand_use",
            "Vantora",
            "alibaba",
            "https://www.alibaba.example/product/2.html",
            "Vantora bag wholesale",
            "Shenzhen Mirror Goods Co.",
            "https://mirror.alibaba.example/",
        ),
        (
            "new",
            "low",
            20,
            "unauthorised_brand_use",
            "Kestrel",
            "made-in-china",
            "javascript:alert(document.domain)",
            "Kestrel style watch",
            FORMULA,
            "javascript:alert(2)",
        ),
    ]
}

fn findings_tbody(html: &str) -> &str {
    let table = html
        .find("<table id=\"findings\">")
        .expect("findings table");
    let start = table + html[table..].find("<tbody>").expect("tbody");
    let end = start + html[start..].find("</tbody>").expect("/tbody");
    &html[start..end]
}

#[test]
fn evidence_report_escapes_scraped_text_and_loads_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let rows = small_sweep_rows();
    write_audit(tmp.path(), &rows);
    write_summary(tmp.path(), rows.len(), Some("weekly-20261120T123456Z"));
    greysweep::report::write_report(tmp.path()).unwrap();
    let html = std::fs::read_to_string(tmp.path().join("report.html")).unwrap();

    // One row per audit row.
    assert_eq!(findings_tbody(&html).matches("<tr").count(), rows.len());
    // The hostile title is text, never markup.
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
    assert!(!html.contains("<img"), "an <img> element in the report");
    assert!(!html.contains("onerror=alert(1)>"));
    // The formula cell is shown without its spreadsheet prefix, escaped.
    assert!(html.contains("=HYPERLINK(&quot;http://evil.example/x&quot;,&quot;click&quot;)"));
    assert!(!html.contains("'=HYPERLINK"));
    // No external resource: no script src, no stylesheet link, no url() in styles.
    assert!(!html.contains("<script src"));
    assert!(!html.contains("<link"));
    assert!(!html.contains("url("));
    assert!(!html.contains("@import"));
    assert_eq!(html.matches("<script").count(), 1);
    assert!(!html.contains(" src=\""), "no element loads anything");
    for tag in [
        "<iframe", "<object", "<embed", "<video", "<audio", "<source", "<base",
    ] {
        assert!(!html.contains(tag), "{tag}");
    }
    // Links only to listings and sellers, only http(s).
    let allowed: Vec<&str> = rows.iter().flat_map(|r| [r.6, r.9]).collect();
    let mut hrefs = 0;
    for part in html.split("href=\"").skip(1) {
        let url = &part[..part.find('"').unwrap()];
        assert!(
            url.starts_with("https://") || url.starts_with("http://"),
            "{url}"
        );
        assert!(allowed.contains(&url), "unexpected link {url}");
        hrefs += 1;
    }
    assert!(hrefs >= 4, "listing and seller links: {hrefs}");
    assert!(!html.contains("javascript:alert(2)\""));
    assert!(!html.contains("href=\"javascript"));
    // Charts by brand, site and risk; sellers; new findings.
    for id in ["by-brand", "by-site", "by-risk", "sellers", "new", "totals"] {
        assert!(html.contains(&format!("id=\"{id}\"")), "{id}");
    }
    assert_eq!(html.matches("<svg").count(), 3);
    assert!(html.contains("compared with <code>weekly-20261120T123456Z</code>"));
    assert!(
        html.contains("<td>2026-11-13T08:00:00Z</td>"),
        "first_seen shown"
    );
    assert!(html.contains("<span class=\"n\">4</span><span class=\"l\">resolved"));
    // The seller with two findings comes first.
    let sellers = &html[html.find("id=\"sellers\"").unwrap()..html.find("id=\"new\"").unwrap()];
    let first_row = &sellers[sellers.find("<tbody>").unwrap()..];
    assert!(first_row[..first_row.find("</tr>").unwrap()].contains("Shenzhen Mirror Goods Co."));
    assert!(first_row[..first_row.find("</tr>").unwrap()].contains(">2<"));
    // The script never writes HTML from strings.
    assert!(!html.contains("innerHTML") && !html.contains("outerHTML"));
    assert!(!html.contains("document.write") && !html.contains("insertAdjacentHTML"));

    let body = &html[html.find("<section id=\"totals\"").unwrap()..html.find("<footer>").unwrap()];
    insta::assert_snapshot!("evidence_small_report_body", body);
}

#[test]
fn evidence_report_of_an_empty_first_sweep() {
    let tmp = tempfile::tempdir().unwrap();
    write_audit(tmp.path(), &[]);
    write_summary(tmp.path(), 0, None);
    greysweep::report::write_report(tmp.path()).unwrap();
    let html = std::fs::read_to_string(tmp.path().join("report.html")).unwrap();
    assert_eq!(findings_tbody(&html).matches("<tr").count(), 0);
    assert!(html.contains("every finding is new"));
    assert!(html.contains("No new findings."));
    // A missing input is an error, not an empty report.
    let other = tempfile::tempdir().unwrap();
    assert!(greysweep::report::write_report(other.path()).is_err());
}

// ---------------------------------------------------------------------------------------
// Takedown batches.

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    csv::Reader::from_path(path)
        .expect("batch file")
        .records()
        .collect::<Result<_, _>>()
        .expect("batch rows")
}

#[test]
fn evidence_takedown_batches_per_platform_limit() {
    let tmp = tempfile::tempdir().unwrap();
    let urls: Vec<String> = (0..801)
        .map(|i| format!("https://p.example/item/{i:04}.html"))
        .collect();
    let mut rows: Vec<Row<'_>> = Vec::new();
    for u in &urls[..650] {
        rows.push((
            "new",
            "high",
            80,
            "counterfeit_indicators",
            "Vantora",
            "alibaba",
            u,
            "Vantora replica",
            "s",
            "https://s.example/",
        ));
    }
    // The same listing flagged for a second brand: one row, both brands.
    rows.push((
        "new",
        "high",
        95,
        "counterfeit_indicators",
        "Kestrel",
        "alibaba",
        &urls[0],
        "Vantora replica",
        "s",
        "https://s.example/",
    ));
    for u in &urls {
        rows.push((
            "new",
            "medium",
            50,
            "unauthorised_brand_use",
            "Vantora",
            "made-in-china",
            u,
            FORMULA,
            "s",
            "",
        ));
    }
    for u in &urls[..5] {
        rows.push((
            "new",
            "low",
            30,
            "unauthorised_brand_use",
            "Vantora",
            "dhgate",
            u,
            "t",
            "s",
            "",
        ));
    }
    // Compatibility mentions are never sent.
    rows.push((
        "new",
        "low",
        10,
        "compatibility_mention",
        "Vantora",
        "other-site",
        &urls[0],
        "compatible with Vantora",
        "s",
        "",
    ));
    write_audit(tmp.path(), &rows);
    // A stale batch from an earlier run is replaced.
    std::fs::create_dir_all(tmp.path().join("takedown")).unwrap();
    std::fs::write(tmp.path().join("takedown/alibaba-009.csv"), "old").unwrap();

    let files = greysweep::takedown::write_takedown(tmp.path()).unwrap();
    let names: Vec<String> = files
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "alibaba-001.csv",
            "alibaba-002.csv",
            "alibaba-003.csv",
            "dhgate-001.csv",
            "made-in-china-001.csv",
            "made-in-china-002.csv"
        ]
    );
    let sizes: Vec<usize> = files.iter().map(|p| csv_rows(p).len()).collect();
    assert_eq!(sizes, [300, 300, 50, 5, 800, 1]);
    assert!(!tmp.path().join("takedown/alibaba-009.csv").exists());

    let header = csv::Reader::from_path(&files[0])
        .unwrap()
        .headers()
        .unwrap()
        .clone();
    assert_eq!(
        header.iter().collect::<Vec<_>>(),
        greysweep::takedown::TAKEDOWN_COLUMNS
    );
    // Highest risk first; the listing flagged twice is one row with both brands.
    let first = &csv_rows(&files[0])[0];
    assert_eq!(&first[0], urls[0].as_str());
    assert_eq!(&first[5], "Vantora; Kestrel");
    assert_eq!(&first[9], "ab".repeat(32));
    assert_eq!(&first[10], "2026-11-27T12:34:56Z");
    let all: Vec<String> = files[..3]
        .iter()
        .flat_map(|p| csv_rows(p))
        .map(|r| r[0].to_string())
        .collect();
    let unique: std::collections::HashSet<&String> = all.iter().collect();
    assert_eq!(unique.len(), all.len(), "listing URLs are deduplicated");
    // Formula cells stay neutralised.
    assert!(csv_rows(&files[4])[0][2].starts_with("'="));
}

// ---------------------------------------------------------------------------------------
// Manifest: the documented one-liners, run as written.

/// The `cd SWEEP_DIR && …` lines of docs/evidence.md.
fn documented_one_liners() -> Vec<String> {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/evidence.md"))
            .expect("docs/evidence.md");
    doc.lines()
        .filter(|l| l.starts_with("cd SWEEP_DIR && "))
        .map(str::to_string)
        .collect()
}

/// Whether `tool` can run the one-liners (python3 needs `hashlib.file_digest`, 3.11+).
fn has_tool(tool: &str) -> bool {
    let probe = if tool == "python3" {
        "python3 -c 'import hashlib; hashlib.file_digest' >/dev/null 2>&1".to_string()
    } else {
        format!("command -v {tool} >/dev/null 2>&1")
    };
    std::process::Command::new("sh")
        .arg("-c")
        .arg(probe)
        .status()
        .map(|s| s.success())
        .unwrap_or(false)
}

/// A sweep folder with every evidence output, written the way the sweep will.
fn full_sweep(dir: &Path) {
    let rows = small_sweep_rows();
    write_audit(dir, &rows);
    write_summary(dir, rows.len(), None);
    let exs = sample_exchanges();
    // A small roll size, so the folder has several WARC files.
    let mut w = WarcWriter::create(&dir.join("evidence"), "greysweep-weekly", 1500, &info())
        .expect("warc writer");
    for ex in &exs {
        let r = w.record_exchange(&ex.exchange()).expect("exchange");
        w.record_metadata(&r.record_id, &ex.url, &serde_json::json!({"listings": []}))
            .expect("metadata");
    }
    w.finish().expect("finish");
    greysweep::report::write_report(dir).expect("report");
    greysweep::takedown::write_takedown(dir).expect("takedown");
}

#[test]
fn evidence_manifest_verifies_with_the_documented_one_liners() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("weekly-20261127T123456Z");
    std::fs::create_dir_all(&dir).unwrap();
    full_sweep(&dir);
    let seeds = tmp.path().join("sweep.toml");
    std::fs::write(&seeds, "name = \"weekly\"\n").unwrap();
    greysweep::manifest::write_manifest(&dir, &[seeds], date(), date(), "0.1.0").unwrap();
    assert_eq!(greysweep::manifest::verify_manifest(&dir).unwrap(), vec![]);
    let m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    let paths: Vec<&str> = m["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    for p in [
        "audit.csv",
        "evidence/greysweep-weekly-00000.warc.gz",
        "evidence/index.cdxj",
        "report.html",
        "summary.json",
        "takedown/alibaba-001.csv",
    ] {
        assert!(paths.contains(&p), "{p} not in {paths:?}");
    }

    if let Ok(keep) = std::env::var("GREYSWEEP_KEEP_SAMPLE_SWEEP") {
        // For trying .ci/warc-check.sh and .ci/report-check.sh by hand.
        let status = std::process::Command::new("cp")
            .arg("-a")
            .arg(&dir)
            .arg(&keep)
            .status()
            .unwrap();
        assert!(status.success());
    }

    let liners = documented_one_liners();
    assert_eq!(liners.len(), 2, "{liners:?}");
    let quoted = format!("'{}'", dir.display().to_string().replace('\'', "'\\''"));
    let run = |liner: &str| {
        std::process::Command::new("sh")
            .arg("-c")
            .arg(liner.replacen("SWEEP_DIR", &quoted, 1))
            .output()
            .unwrap()
    };
    let mut ran = 0;
    for liner in &liners {
        let tool = liner["cd SWEEP_DIR && ".len()..]
            .split_whitespace()
            .next()
            .unwrap();
        let needs: &[&str] = if tool == "jq" {
            &["jq", "sha256sum"]
        } else {
            &[tool]
        };
        if let Some(missing) = needs.iter().find(|t| !has_tool(t)) {
            eprintln!("skipping the {tool} one-liner: {missing} is not installed");
            continue;
        }
        let ok = run(liner);
        assert!(
            ok.status.success(),
            "{liner}\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&ok.stdout),
            String::from_utf8_lossy(&ok.stderr)
        );
        ran += 1;
    }

    // Tamper with one file: every one-liner (and verify_manifest) must now fail.
    let audit = dir.join("audit.csv");
    let mut text = std::fs::read_to_string(&audit).unwrap();
    text.push_str("tampered\n");
    std::fs::write(&audit, text).unwrap();
    for liner in &liners {
        let tool = liner["cd SWEEP_DIR && ".len()..]
            .split_whitespace()
            .next()
            .unwrap();
        if !has_tool(tool) || (tool == "jq" && !has_tool("sha256sum")) {
            continue;
        }
        let bad = run(liner);
        assert!(!bad.status.success(), "{liner} accepted a tampered file");
        let out = format!(
            "{}{}",
            String::from_utf8_lossy(&bad.stdout),
            String::from_utf8_lossy(&bad.stderr)
        );
        assert!(out.contains("audit.csv"), "{out}");
    }
    let mismatches = greysweep::manifest::verify_manifest(&dir).unwrap();
    assert_eq!(mismatches.len(), 1, "{mismatches:?}");
    assert!(has_tool("python3") || ran == 0);
}
