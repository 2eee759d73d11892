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
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::{DateTime, Utc};
use url::Url;

use crate::config::Settings;
use crate::crawl::{CrawlStats, sha256_hex};
use crate::decode::decode_html;
use crate::detect::Detector;
use crate::evidence::{WarcRecord, response_records};
use crate::extract::SiteProfile;
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
    /// Throughput of the re-extraction and detection.
    pub throughput: Throughput,
}

/// How fast a re-audit read, re-extracted and assessed the stored pages (outputs not
/// included).
#[derive(Debug, Clone, Copy)]
pub struct Throughput {
    /// Pages re-extracted (response records in a profile's scope with a 2xx status).
    pub pages: usize,
    /// Listings found on them (after de-duplication).
    pub listings: usize,
    /// Wall time from the first record read to the last listing assessed.
    pub elapsed: Duration,
    /// Worker threads used (one per core).
    pub workers: usize,
}

impl Throughput {
    /// Pages per second of wall time.
    pub fn pages_per_sec(&self) -> f64 {
        per_sec(self.pages, self.elapsed)
    }

    /// Listings per second of wall time.
    pub fn listings_per_sec(&self) -> f64 {
        per_sec(self.listings, self.elapsed)
    }
}

fn per_sec(n: usize, d: Duration) -> f64 {
    n as f64 / d.as_secs_f64().max(1e-6)
}

/// One stored response handed to a worker.
struct Job {
    seq: usize,
    record: WarcRecord,
    url: Url,
    profile: usize,
    status: u16,
}

/// What a worker made of one page: its record, its listings (in page order, not yet
/// de-duplicated across pages) and its seller record.
struct PageResult {
    seq: usize,
    page: PageRecord,
    listings: Vec<ListingRecord>,
    seller: Option<SellerRecord>,
}

/// Re-runs extraction and detection over the WARC files in `evidence_dir` and writes a
/// new audit under `settings.output_dir`.
///
/// Pages are re-extracted on one worker thread per core while this thread reads the WARC
/// files; results are merged in record order, so the outputs are the same whatever the
/// number of workers. Detection then runs over the listings on the same number of threads.
pub fn run(settings: &Settings, evidence_dir: &Path) -> anyhow::Result<Reaudit> {
    let started = Utc::now();
    let clock = Instant::now();
    let workers = crate::crawl::analysis_workers();
    let mut detector = Detector::new(settings.registry.clone());
    let records = response_records(evidence_dir)
        .with_context(|| format!("reading WARC files in {}", evidence_dir.display()))?;

    let mut results: Vec<PageResult> = Vec::new();
    let mut responses = 0;
    // Bounded: the reader stays a few records ahead of the workers, no further.
    let (job_tx, job_rx) = mpsc::sync_channel::<Job>(workers * 2);
    let job_rx = std::sync::Mutex::new(job_rx);
    let (result_tx, result_rx) = mpsc::channel::<PageResult>();
    std::thread::scope(|scope| -> anyhow::Result<()> {
        for _ in 0..workers {
            let job_rx = &job_rx;
            let result_tx = result_tx.clone();
            scope.spawn(move || {
                loop {
                    let job = match job_rx.lock() {
                        Ok(rx) => rx.recv(),
                        Err(_) => return,
                    };
                    let Ok(job) = job else { return };
                    let profile = &settings.profiles[job.profile];
                    if let Some(r) = reextract(settings, profile, job, started)
                        && result_tx.send(r).is_err()
                    {
                        return;
                    }
                }
            });
        }
        drop(result_tx);
        let mut seq = 0;
        let read = (|| -> anyhow::Result<()> {
            for record in records {
                let record = record?;
                responses += 1;
                let Some(url) = record.target_uri().and_then(|u| Url::parse(u).ok()) else {
                    continue;
                };
                if url.path() == "/robots.txt" {
                    continue;
                }
                let Some(profile) = settings.profiles.iter().position(|p| p.in_scope(&url)) else {
                    continue;
                };
                let Some(status) = record.http_status() else {
                    continue;
                };
                if !(200..300).contains(&status) {
                    continue;
                }
                let job = Job {
                    seq,
                    record,
                    url,
                    profile,
                    status,
                };
                seq += 1;
                if job_tx.send(job).is_err() {
                    break;
                }
            }
            Ok(())
        })();
        // Closing the queue lets the workers finish what is queued and stop.
        drop(job_tx);
        results.extend(result_rx.iter());
        read
    })?;
    if responses == 0 {
        anyhow::bail!("no WARC response records in {}", evidence_dir.display());
    }
    results.sort_by_key(|r| r.seq);

    // Merged in record order, exactly as a one-thread pass would: the first record of a
    // listing keeps it, seller records of one seller are absorbed into the first.
    let mut pages = Vec::with_capacity(results.len());
    let mut listings: Vec<ListingRecord> = Vec::new();
    let mut keys = HashSet::new();
    let mut sellers: Vec<SellerRecord> = Vec::new();
    let mut seller_at: HashMap<String, usize> = HashMap::new();
    for r in results {
        let mut rec = r.page;
        if let Some(s) = r.seller {
            match seller_at.get(&s.key()) {
                Some(&i) => sellers[i].absorb(&s),
                None => {
                    seller_at.insert(s.key(), sellers.len());
                    sellers.push(s);
                }
            }
        }
        for lr in r.listings {
            if keys.insert(lr.key()) {
                listings.push(lr);
                rec.listings += 1;
            }
        }
        pages.push(rec);
    }
    // Seller records join onto the listings before detection, as in a sweep.
    let seller_listings = crate::seller::join(&mut listings, &sellers)?;
    // As in a sweep: brands whose registry entry gives no classes learn them from the
    // listings first.
    let learned_classes = detector.learn_classes(listings.iter().map(crate::sweep::subject_of));
    assess_all(&detector, &mut listings, workers);
    let throughput = Throughput {
        pages: pages.len(),
        listings: listings.len(),
        elapsed: clock.elapsed(),
        workers,
    };
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
            pages: &crate::output::PageCounts::of(&pages),
            listings: &listings,
            sellers: &crate::seller::SliceSellers::new(&sellers),
            seller_listings: &seller_listings,
            seller_extras: &crate::seller::extras_of(&settings.profiles),
            comparison: &Comparison::default(),
            resolved: &[],
            unverified: &[],
            health: &health,
            stats: &stats,
            decisions: None,
            takedown: None,
            learned_classes: &learned_classes,
        },
    )?;
    crate::report::write_report(&dir).context("writing report.html")?;
    crate::takedown::write_takedown(&dir).context("writing takedown batches")?;
    Ok(Reaudit {
        id,
        files,
        summary,
        throughput,
    })
}

/// Detection over every listing, in contiguous chunks on `workers` threads.
fn assess_all(detector: &Detector, listings: &mut [ListingRecord], workers: usize) {
    let chunk = listings.len().div_ceil(workers.max(1)).max(1);
    std::thread::scope(|scope| {
        for part in listings.chunks_mut(chunk) {
            scope.spawn(move || {
                for l in part {
                    l.findings = crate::sweep::assess(detector, l);
                }
            });
        }
    });
}

/// Decodes and re-extracts one stored page (on a worker thread). `None` when its content
/// coding cannot be undone.
fn reextract(
    settings: &Settings,
    profile: &SiteProfile,
    job: Job,
    started: DateTime<Utc>,
) -> Option<PageResult> {
    let Job {
        seq,
        record,
        url,
        status,
        ..
    } = job;
    let (head, body) = record.http_parts()?;
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
    let content = crate::fetch::decode_content(
        header("content-encoding").as_deref(),
        body,
        settings.crawler.max_body_bytes,
    )
    .ok()?;
    let page = decode_html(&content, header("content-type").as_deref(), Some(&url));
    let extraction = profile.extract(&url, &page.text);
    let sha = sha256_hex(body);
    let warc_file = record
        .path
        .file_name()
        .map(|f| f.to_string_lossy().into_owned());
    let rec = PageRecord {
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
    let seller = extraction
        .seller
        .clone()
        .filter(|_| !extraction.blocked)
        .map(|s| SellerRecord {
            http_status: status,
            page_sha256: sha.clone(),
            warc_file: warc_file.clone(),
            warc_record_id: Some(record.record_id().to_string()),
            ..SellerRecord::new(&profile.name, s, &url, fetched_at)
        });
    let listings = if extraction.blocked {
        Vec::new()
    } else {
        extraction
            .listings
            .into_iter()
            .map(|l| ListingRecord {
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
            })
            .collect()
    };
    Some(PageResult {
        seq,
        page: rec,
        listings,
        seller,
    })
}
