//! Re-auditing a sweep offline: extraction and detection re-run over the responses kept
//! in its WARC files (after a profile or the brand registry changed), without any fetch.
//!
//! Every `response` record with a 2xx status whose URL is in a profile's scope is decoded
//! (content coding, then charset) and extracted with the profile; robots.txt and block
//! pages are skipped. Listings keep the evidence they came from (WARC file, record id,
//! SHA-256 of the body as stored). Seller records (`[page.seller]`) are read the same way
//! and joined onto the listings before detection, as in a sweep. The result is written
//! like a sweep's audit, into a new folder, by the same output code.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::{DateTime, Utc};
use url::Url;

use crate::config::Settings;
use crate::crawl::{CrawlStats, sha256_hex};
use crate::decode::decode_html;
use crate::detect::Detector;
use crate::evidence::response_records;
use crate::output::{Comparison, Outputs, Summary, SweepFiles, write_all};
use crate::store::{ListingRecord, PageRecord, PageStatus, SellerRecord};

/// What a re-audit wrote.
#[derive(Debug)]
pub struct Reaudit {
    /// The new audit's id (`<name>-reaudit-<timestamp>`).
    pub id: String,
    /// Its files.
    pub files: SweepFiles,
    /// Its figures.
    pub summary: Summary,
}

/// Re-runs extraction and detection over the WARC files in `evidence_dir` and writes a
/// new audit under `settings.output_dir`.
pub fn run(settings: &Settings, evidence_dir: &Path) -> anyhow::Result<Reaudit> {
    let started = Utc::now();
    let detector = Detector::new(settings.registry.clone());
    let mut pages = Vec::new();
    let mut listings: Vec<ListingRecord> = Vec::new();
    let mut keys = HashSet::new();
    let mut sellers: Vec<SellerRecord> = Vec::new();
    let mut seller_at: HashMap<String, usize> = HashMap::new();
    let records = response_records(evidence_dir)
        .with_context(|| format!("reading WARC files in {}", evidence_dir.display()))?;
    let mut responses = 0;
    for record in records {
        let record = record?;
        responses += 1;
        let Some(url) = record.target_uri().and_then(|u| Url::parse(u).ok()) else {
            continue;
        };
        if url.path() == "/robots.txt" {
            continue;
        }
        let Some(profile) = settings.profiles.iter().find(|p| p.in_scope(&url)) else {
            continue;
        };
        let Some(status) = record.http_status() else {
            continue;
        };
        let Some((head, body)) = record.http_parts() else {
            continue;
        };
        if !(200..300).contains(&status) {
            continue;
        }
        let head = String::from_utf8_lossy(head);
        let header = |name: &str| {
            head.lines().skip(1).find_map(|l| {
                let (k, v) = l.split_once(':')?;
                k.trim()
                    .eq_ignore_ascii_case(name)
                    .then(|| v.trim().to_string())
            })
        };
        let fetched_at = record
            .header("WARC-Date")
            .and_then(|d| DateTime::parse_from_rfc3339(d).ok())
            .map_or(started, |d| d.with_timezone(&Utc));
        let content = match crate::fetch::decode_content(
            header("content-encoding").as_deref(),
            body,
            settings.crawler.max_body_bytes,
        ) {
            Ok(c) => c,
            Err(_) => continue,
        };
        let page = decode_html(&content, header("content-type").as_deref(), Some(&url));
        let extraction = profile.extract(&url, &page.text);
        let sha = sha256_hex(body);
        let warc_file = record
            .path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned());
        let mut rec = PageRecord {
            url: url.clone(),
            site: profile.name.clone(),
            status: if extraction.blocked {
                PageStatus::Blocked
            } else if extraction.expects_listings
                && extraction.listings.is_empty()
                && crate::health::empty_page(&page.text).is_some()
            {
                PageStatus::Empty
            } else {
                PageStatus::Ok
            },
            http_status: Some(status),
            fetched_at: Some(fetched_at),
            depth: 0,
            listings: 0,
            sha256: Some(sha.clone()),
            detail: Some("re-audited from WARC".into()),
            warc_file: warc_file.clone(),
            warc_record_id: Some(record.record_id().to_string()),
            figures: Some(crate::store::PageFigures::of(&extraction)),
        };
        let method = extraction.extraction;
        if let Some(s) = extraction.seller.clone().filter(|_| !extraction.blocked) {
            let s = SellerRecord {
                http_status: status,
                page_sha256: sha.clone(),
                warc_file: warc_file.clone(),
                warc_record_id: Some(record.record_id().to_string()),
                ..SellerRecord::new(&profile.name, s, &url, fetched_at)
            };
            match seller_at.get(&s.key()) {
                Some(&i) => sellers[i].absorb(&s),
                None => {
                    seller_at.insert(s.key(), sellers.len());
                    sellers.push(s);
                }
            }
        }
        if !extraction.blocked {
            for l in extraction.listings {
                let lr = ListingRecord {
                    site: profile.name.clone(),
                    listing_url: l.product_url.clone().unwrap_or_else(|| url.to_string()),
                    listing: l,
                    page_url: url.clone(),
                    fetched_at,
                    http_status: status,
                    page_sha256: sha.clone(),
                    warc_file: warc_file.clone(),
                    warc_record_id: Some(record.record_id().to_string()),
                    extraction: method,
                    joined: None,
                    findings: Vec::new(),
                };
                if keys.insert(lr.key()) {
                    listings.push(lr);
                    rec.listings += 1;
                }
            }
        }
        pages.push(rec);
    }
    if responses == 0 {
        anyhow::bail!("no WARC response records in {}", evidence_dir.display());
    }
    // Seller records join onto the listings before detection, as in a sweep.
    let seller_listings = crate::seller::join(&mut listings, &sellers);
    for l in &mut listings {
        l.findings = crate::sweep::assess(&detector, l);
    }
    let id = format!(
        "{}-reaudit-{}",
        settings.name,
        started.format("%Y%m%dT%H%M%SZ")
    );
    let mut dir: PathBuf = settings.output_dir.join(&id);
    let mut n = 2;
    while dir.exists() {
        dir = settings.output_dir.join(format!("{id}-{n}"));
        n += 1;
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let files = SweepFiles::in_dir(&dir);
    let stats = CrawlStats {
        started_at: started,
        ended_at: Utc::now(),
        ..CrawlStats::default()
    };
    let id = dir
        .file_name()
        .map_or(id.clone(), |f| f.to_string_lossy().into_owned());
    // Health without a comparison: a re-audit has no previous sweep of its own.
    let health = crate::health::assess(&settings.profiles, &pages, None);
    let summary = write_all(
        &files,
        &Outputs {
            sweep_id: &id,
            name: &settings.name,
            pages: &pages,
            listings: &listings,
            sellers: &sellers,
            seller_listings: &seller_listings,
            seller_extras: &crate::seller::extras_of(&settings.profiles),
            comparison: &Comparison::default(),
            resolved: &[],
            unverified: &[],
            health: &health,
            stats: &stats,
        },
    )?;
    crate::report::write_report(&dir).context("writing report.html")?;
    crate::takedown::write_takedown(&dir).context("writing takedown batches")?;
    Ok(Reaudit { id, files, summary })
}
