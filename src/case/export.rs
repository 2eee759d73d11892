//! Case files: one seller's findings with the evidence that proves them, in a folder a
//! researcher can hand to a platform or a regulator.
//!
//! ```text
//! DIR/
//!   findings.csv                 the index: one row per finding and sweep, with its record ids
//!   seller.json                  the seller's dossier, and what was copied
//!   evidence/<seller>.warc.gz    the WARC records that prove the findings
//!   manifest.json                SHA-256 of every file above (written last)
//! ```
//!
//! Invariants: WARC records are copied byte for byte — each record is its own gzip member
//! in greysweep's files, and the member is copied as it is on disk — so their headers
//! (`WARC-Record-ID`, digests, `WARC-Target-URI`, `WARC-Date`) and blocks are unchanged
//! and every digest still verifies. With each listing page's `response` come the
//! `request` and `metadata` records of the same exchange and the `warcinfo` record its
//! `WARC-Warcinfo-ID` names, so the copy is a valid WARC file on its own; a seller page
//! the listing was joined with comes along the same way. A record that cannot be found
//! (its sweep folder moved or deleted) is named in the index (`evidence` =
//! `missing: …`) and in the result, never silently left out. The copy is read back and
//! every record's block digest checked before the manifest is written. The folder must
//! be new or empty: a case file is never mixed with older files.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use anyhow::Context;
use chrono::Utc;
use serde::Serialize;

use crate::case::dossier::{CaseFinding, SellerDossier};
use crate::detect::Detector;
use crate::evidence::reader::WarcRecords;
use crate::output::spreadsheet_safe;

/// Columns of a case file's `findings.csv`, in order.
pub const CASE_COLUMNS: &[&str] = &[
    "sweep_id",
    "sweep_name",
    "brand",
    "category",
    "risk_score",
    "matched_text",
    "signals",
    "site",
    "listing_url",
    "product_id",
    "title",
    "price",
    "seller_name",
    "seller_url",
    "seller_id",
    "fetched_at",
    "http_status",
    "page_url",
    "page_sha256",
    "warc_file",
    "warc_record_id",
    "seller_warc_record_id",
    "source_warc_file",
    "relisted_from",
    "relisted_similarity",
    "evidence",
];

/// The case file's index.
pub const FINDINGS_FILE: &str = "findings.csv";
/// The case file's dossier.
pub const SELLER_FILE: &str = "seller.json";

/// Why a case file could not be written.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// The output folder holds files already.
    #[error("{0} is not empty: a case file is written to a new or empty folder")]
    NotEmpty(PathBuf),
    /// A copied record does not verify.
    #[error("{path}: record {record_id} does not match its WARC-Block-Digest after copying")]
    Digest {
        /// The case WARC file.
        path: PathBuf,
        /// The record.
        record_id: String,
    },
}

/// What to write.
#[derive(Debug)]
pub struct ExportOptions<'a> {
    /// The case folder.
    pub out: &'a Path,
    /// Where sweep folders are (`<root>/<sweep-id>/evidence/…`).
    pub evidence_root: &'a Path,
    /// Re-runs detection for the risk columns (the sweep file's registry), when given.
    pub detector: Option<&'a Detector>,
    /// Config digests recorded in the manifest.
    pub config_digests: &'a [(String, String)],
}

/// What was written.
#[derive(Debug, Clone, Serialize)]
pub struct ExportSummary {
    /// The seller.
    pub seller: String,
    /// Rows of `findings.csv`.
    pub findings: usize,
    /// The case WARC file, relative to the folder.
    pub warc_file: String,
    /// Records copied into it.
    pub records: usize,
    /// Evidence records that could not be found: `<sweep-id>/<warc file> <record id>: why`.
    pub missing: Vec<String>,
}

/// A record wanted from one source WARC file.
#[derive(Debug, Default)]
struct Wanted {
    /// Response record ids wanted from the file.
    responses: BTreeSet<String>,
}

/// A file name safe on every system, from a seller id.
fn slug(id: &str) -> String {
    let s: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "-_.".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    let s = s.trim_matches(|c| c == '-' || c == '.').to_string();
    let s: String = s.chars().take(80).collect();
    if s.is_empty() { "seller".into() } else { s }
}

/// Whether a stored WARC file name is a plain file name (no folder, no `..`).
fn plain_name(name: &str) -> bool {
    !name.is_empty() && !name.contains(['/', '\\']) && name != ".." && name != "."
}

/// Writes the case file of `seller` (its findings from `findings`) into `opts.out`.
pub fn export(
    seller: &SellerDossier,
    findings: &[CaseFinding],
    opts: &ExportOptions<'_>,
) -> anyhow::Result<ExportSummary> {
    let started = Utc::now();
    if opts.out.exists() {
        let mut entries = std::fs::read_dir(opts.out)
            .with_context(|| format!("reading {}", opts.out.display()))?;
        if entries.next().is_some() {
            return Err(ExportError::NotEmpty(opts.out.to_path_buf()).into());
        }
    }
    let evidence_dir = opts.out.join("evidence");
    std::fs::create_dir_all(&evidence_dir)
        .with_context(|| format!("creating {}", evidence_dir.display()))?;
    let warc_name = format!("{}.warc.gz", slug(&seller.id));
    let warc_rel = format!("evidence/{warc_name}");

    // Which responses are wanted from which source file.
    let mut wanted: BTreeMap<PathBuf, Wanted> = BTreeMap::new();
    let mut source = |sweep: &str, file: Option<&str>, id: Option<&str>| -> Option<PathBuf> {
        let (file, id) = (file?, id?);
        if !plain_name(file) || !plain_name(sweep) {
            return None;
        }
        let path = opts.evidence_root.join(sweep).join("evidence").join(file);
        wanted
            .entry(path.clone())
            .or_default()
            .responses
            .insert(id.to_string());
        Some(path)
    };
    for f in findings {
        let l = &f.listing;
        source(
            &f.sweep_id,
            l.warc_file.as_deref(),
            l.warc_record_id.as_deref(),
        );
        if let Some(j) = &l.joined {
            source(
                &f.sweep_id,
                j.seller_warc_file.as_deref(),
                j.seller_warc_record_id.as_deref(),
            );
        }
    }

    // Copy the gzip members that hold them, and their companions, file by file.
    let out_path = evidence_dir.join(&warc_name);
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(&out_path)
            .with_context(|| format!("creating {}", out_path.display()))?,
    );
    let mut found: HashSet<(PathBuf, String)> = HashSet::new();
    let mut missing_files: HashMap<PathBuf, String> = HashMap::new();
    let mut copied_ids: Vec<String> = Vec::new();
    for (path, w) in &wanted {
        if !path.is_file() {
            missing_files.insert(path.clone(), "WARC file not found".into());
            continue;
        }
        match copy_members(path, &w.responses, &mut out) {
            Ok((ids, responses)) => {
                copied_ids.extend(ids);
                for r in responses {
                    found.insert((path.clone(), r));
                }
            }
            Err(e) => {
                missing_files.insert(path.clone(), format!("unreadable: {e:#}"));
            }
        }
    }
    out.flush()?;
    drop(out);

    // Read the copy back: every record's block digest must still verify.
    let mut records = 0;
    for r in WarcRecords::open(&out_path)? {
        let r = r?;
        if let Some(d) = r.header("WARC-Block-Digest")
            && d.starts_with("sha1:")
            && crate::evidence::sha1_digest(&r.block) != d
        {
            return Err(ExportError::Digest {
                path: out_path.clone(),
                record_id: r.record_id().to_string(),
            }
            .into());
        }
        records += 1;
    }

    // The index.
    let mut missing = Vec::new();
    let mut evidence_of = |sweep: &str, file: Option<&str>, id: Option<&str>| -> String {
        let (Some(file), Some(id)) = (file, id) else {
            return "missing: no WARC record kept for this page".into();
        };
        let path = opts.evidence_root.join(sweep).join("evidence").join(file);
        if found.contains(&(path.clone(), id.to_string())) {
            return "copied".into();
        }
        let why = missing_files
            .get(&path)
            .cloned()
            .unwrap_or_else(|| "record not in its WARC file".into());
        missing.push(format!("{sweep}/{file} {id}: {why}"));
        format!("missing: {why}")
    };
    let index_path = opts.out.join(FINDINGS_FILE);
    let mut w = csv::Writer::from_path(&index_path)
        .with_context(|| format!("creating {}", index_path.display()))?;
    w.write_record(CASE_COLUMNS)?;
    for f in findings {
        let l = &f.listing;
        let x = &l.listing;
        let assessed = opts.detector.and_then(|d| {
            crate::sweep::assess(d, l)
                .into_iter()
                .find(|g| g.brand.eq_ignore_ascii_case(&f.brand))
        });
        let mut status = evidence_of(
            &f.sweep_id,
            l.warc_file.as_deref(),
            l.warc_record_id.as_deref(),
        );
        let seller_rec = l
            .joined
            .as_ref()
            .and_then(|j| j.seller_warc_record_id.clone());
        if let Some(j) = &l.joined
            && j.seller_warc_record_id.is_some()
        {
            let s = evidence_of(
                &f.sweep_id,
                j.seller_warc_file.as_deref(),
                j.seller_warc_record_id.as_deref(),
            );
            if s != "copied" {
                status = format!("{status}; seller page {s}");
            }
        }
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let cells = vec![
            f.sweep_id.clone(),
            f.sweep_name.clone(),
            f.brand.clone(),
            assessed
                .as_ref()
                .map(|a| a.category.to_string())
                .unwrap_or_default(),
            assessed
                .as_ref()
                .map(|a| a.risk.to_string())
                .unwrap_or_default(),
            assessed
                .as_ref()
                .map(|a| a.matched_text.clone())
                .unwrap_or_default(),
            assessed
                .as_ref()
                .map(|a| a.signals.join("; "))
                .unwrap_or_default(),
            l.site.clone(),
            l.listing_url.clone(),
            opt(&x.product_id),
            opt(&x.title),
            opt(&x.price),
            opt(&x.seller_name),
            opt(&x.seller_url),
            opt(&x.seller_id),
            l.fetched_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            l.http_status.to_string(),
            l.page_url.to_string(),
            l.page_sha256.clone(),
            if l.warc_record_id.is_some() {
                warc_rel.clone()
            } else {
                String::new()
            },
            opt(&l.warc_record_id),
            seller_rec.unwrap_or_default(),
            l.warc_file
                .as_ref()
                .map(|w| format!("{}/evidence/{w}", f.sweep_id))
                .unwrap_or_default(),
            f.relisted
                .as_ref()
                .map(|r| r.from_url.clone())
                .unwrap_or_default(),
            f.relisted
                .as_ref()
                .map(|r| r.similarity_cell())
                .unwrap_or_default(),
            status,
        ];
        debug_assert_eq!(cells.len(), CASE_COLUMNS.len());
        w.write_record(cells.iter().map(|c| spreadsheet_safe(c)))?;
    }
    w.flush()?;
    drop(w);
    missing.sort();
    missing.dedup();

    let summary = ExportSummary {
        seller: seller.id.clone(),
        findings: findings.len(),
        warc_file: warc_rel,
        records,
        missing,
    };
    let seller_json = serde_json::json!({
        "format": "greysweep-case/1",
        "exported_at": started.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "tool_version": env!("CARGO_PKG_VERSION"),
        "seller": seller,
        "case": summary,
        "copied_record_ids": copied_ids,
    });
    let seller_path = opts.out.join(SELLER_FILE);
    crate::atomic::write(
        &seller_path,
        serde_json::to_string_pretty(&seller_json)? + "\n",
    )?;
    crate::manifest::write_manifest_with_digests(
        opts.out,
        opts.config_digests,
        started,
        Utc::now(),
        env!("CARGO_PKG_VERSION"),
    )
    .context("writing manifest.json")?;
    Ok(summary)
}

/// One record's identity and links, as read.
struct Seen {
    offset: u64,
    kind: String,
    id: String,
    concurrent: Vec<String>,
    warcinfo: Option<String>,
}

/// Copies, byte for byte, the gzip members of `path` that hold the wanted responses,
/// their requests and metadata (linked by `WARC-Concurrent-To` either way) and the
/// `warcinfo` records they name, in file order. Returns the ids of the records copied and
/// which wanted responses were found.
fn copy_members(
    path: &Path,
    responses: &BTreeSet<String>,
    out: &mut impl Write,
) -> anyhow::Result<(Vec<String>, Vec<String>)> {
    let mut seen = Vec::new();
    for r in WarcRecords::open(path)? {
        let r = r?;
        seen.push(Seen {
            offset: r.offset,
            kind: r.warc_type().to_string(),
            id: r.record_id().to_string(),
            concurrent: r
                .headers
                .iter()
                .filter(|(k, _)| k.eq_ignore_ascii_case("WARC-Concurrent-To"))
                .map(|(_, v)| v.clone())
                .collect(),
            warcinfo: r.header("WARC-Warcinfo-ID").map(str::to_string),
        });
    }
    let hit: Vec<&Seen> = seen
        .iter()
        .filter(|s| s.kind == "response" && responses.contains(&s.id))
        .collect();
    let mut keep_ids: HashSet<&str> = hit.iter().map(|s| s.id.as_str()).collect();
    for s in &hit {
        keep_ids.extend(s.concurrent.iter().map(String::as_str));
        keep_ids.extend(s.warcinfo.as_deref());
    }
    let hit_ids: HashSet<&str> = hit.iter().map(|s| s.id.as_str()).collect();
    let mut offsets: BTreeSet<u64> = BTreeSet::new();
    let mut copied = Vec::new();
    for s in &seen {
        let keep = keep_ids.contains(s.id.as_str())
            || (matches!(s.kind.as_str(), "request" | "metadata")
                && s.concurrent.iter().any(|c| hit_ids.contains(c.as_str())));
        if keep {
            offsets.insert(s.offset);
            copied.push(s.id.clone());
        }
    }
    // Member spans: from a record's member offset to the next member's.
    let mut starts: Vec<u64> = seen.iter().map(|s| s.offset).collect();
    starts.dedup();
    let len = std::fs::metadata(path)?.len();
    let mut file = std::fs::File::open(path)?;
    for (i, start) in starts.iter().enumerate() {
        if !offsets.contains(start) {
            continue;
        }
        let end = starts.get(i + 1).copied().unwrap_or(len);
        file.seek(SeekFrom::Start(*start))?;
        let mut buf = vec![0u8; usize::try_from(end - start)?];
        file.read_exact(&mut buf)?;
        out.write_all(&buf)?;
    }
    Ok((copied, hit.iter().map(|s| s.id.clone()).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_plain_file_names() {
        assert_eq!(slug("fixture/id/220145"), "fixture-id-220145");
        assert_eq!(
            slug("url/shop.example.com/store/9?x=1"),
            "url-shop.example.com-store-9-x-1"
        );
        assert_eq!(slug("../.."), "seller");
        assert!(!plain_name("../x.warc.gz"));
        assert!(plain_name("s-r01-00000.warc.gz"));
    }
}
