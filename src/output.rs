//! Outputs: the files of one sweep (`audit.csv`, `listings.csv`, `sellers.csv`,
//! `summary.json`) and the escaping that makes scraped text safe in spreadsheets and
//! terminals.
//!
//! Column lists here are the public contract (the README documents each column); add
//! columns at the end, never rename or reorder. Every text cell passes through
//! [`spreadsheet_safe`]. This module only writes what the store holds; it does not decide
//! what is flagged.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::case::decision::{Decision, DecisionFigures};
use crate::case::outcome::TakedownFigures;
use crate::case::relist::Relisted;
use crate::crawl::CrawlStats;
use crate::detect::Finding;
use crate::extract::{ExtractionMethod, Listing};
use crate::health::Health;
use crate::seller::Joined;
use crate::store::{FindingKey, ListingRecord, PageRecord, PageStatus};

/// Columns of `greysweep extract --format csv`.
pub const EXTRACT_CSV_COLUMNS: &[&str] = &[
    "title",
    "price",
    "moq",
    "seller_name",
    "seller_url",
    "location",
    "product_url",
    "product_id",
    "seller_id",
];

/// Columns of `audit.csv`, in order.
pub const AUDIT_COLUMNS: &[&str] = &[
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
    "warc_file",
    "warc_record_id",
    "extraction",
    "seller_id",
    "joined_fields",
    "seller_warc_file",
    "seller_warc_record_id",
    "decision",
    "decided_at",
    "relisted_from",
    "relisted_similarity",
];

/// Columns of `listings.csv`, in order.
pub const LISTING_COLUMNS: &[&str] = &[
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
    "brands",
    "flagged",
    "warc_file",
    "warc_record_id",
    "extraction",
    "seller_id",
    "joined_fields",
    "seller_warc_file",
    "seller_warc_record_id",
];

/// The fixed columns of `sellers.csv` (defined with the seller record's fields).
pub use crate::extract::SELLER_COLUMNS;

/// Neutralises a cell for spreadsheets: a cell that begins with `=`, `+`, `-`, `@`, a tab
/// or a carriage return (possibly after spaces) gets a leading `'`, so no spreadsheet
/// evaluates it as a formula. A cell that already begins with `'` before such a character
/// gets one more, so [`unprotect_cell`] gives back exactly the original text.
pub fn spreadsheet_safe(cell: &str) -> String {
    if needs_protection(cell) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// Whether `cell` starts (after spaces, or after `'`s that [`unprotect_cell`] would take
/// for protection) with a character a spreadsheet reads as the start of a formula.
fn needs_protection(cell: &str) -> bool {
    matches!(
        cell.trim_start_matches('\'')
            .trim_start_matches(' ')
            .chars()
            .next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}

/// Escapes control characters (ANSI escape sequences included) so scraped text cannot
/// drive a terminal.
pub fn terminal_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_control()
            || matches!(c, '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        {
            out.extend(c.escape_default());
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes text for HTML element content and attribute values.
pub fn html_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Row helpers for listings.
pub struct ListingRow;

impl ListingRow {
    /// Cells of one listing in [`EXTRACT_CSV_COLUMNS`] order.
    pub fn extract_cells(l: &Listing) -> Vec<String> {
        [
            &l.title,
            &l.price,
            &l.moq,
            &l.seller_name,
            &l.seller_url,
            &l.location,
            &l.product_url,
            &l.product_id,
            &l.seller_id,
        ]
        .iter()
        .map(|v| spreadsheet_safe(v.as_deref().unwrap_or("")))
        .collect()
    }
}

fn opt(v: &Option<String>) -> &str {
    v.as_deref().unwrap_or("")
}

/// Says whether a flagged finding looks like a listing removed earlier (see
/// [`crate::case::relist`]); the sweep builds one from the state's history.
pub trait RelistLookup: std::fmt::Debug + Send + Sync {
    /// The relisting claim on `rec`'s finding for `brand`, if any.
    fn relisted(&self, rec: &ListingRecord, brand: &str) -> Option<Relisted>;
}

/// How each flagged finding of this sweep compares with the previous complete sweep.
#[derive(Debug, Default, Clone)]
pub struct Comparison {
    /// The previous sweep's id, if there was one.
    pub previous: Option<String>,
    /// Flagged findings of the previous sweep.
    pub previous_flagged: HashSet<FindingKey>,
    /// When each listing (by key) was first seen under this sweep name.
    pub first_seen: HashMap<String, DateTime<Utc>>,
    /// The analysts' decisions in force, per finding: the decision and when it was made
    /// (see [`crate::case::decision`]).
    pub decisions: HashMap<FindingKey, (Decision, DateTime<Utc>)>,
    /// Relisting claims (`None`: none are looked for).
    pub relist: Option<std::sync::Arc<dyn RelistLookup>>,
}

impl Comparison {
    /// The relisting claims on `rec`'s flagged findings, in order.
    fn relisted(&self, rec: &ListingRecord) -> Vec<Option<Relisted>> {
        rec.findings
            .iter()
            .filter(|f| f.flagged)
            .map(|f| self.relist.as_ref().and_then(|r| r.relisted(rec, &f.brand)))
            .collect()
    }

    fn status(&self, key: &FindingKey) -> &'static str {
        if self.previous_flagged.contains(key) {
            "persisting"
        } else {
            "new"
        }
    }

    /// The decision shown beside a finding: on a flagged finding only a confirmation (a
    /// flagged finding that was dismissed or authorised has been reopened, so it is open
    /// again); on a previous finding (resolved, unverified) whatever is in force.
    fn decision(&self, key: &FindingKey, flagged: bool) -> Option<(Decision, DateTime<Utc>)> {
        self.decisions
            .get(key)
            .copied()
            .filter(|(d, _)| !flagged || *d == Decision::Confirmed)
    }
}

/// The key of a finding for comparing sweeps.
pub fn finding_key(rec: &ListingRecord, brand: &str) -> FindingKey {
    FindingKey {
        listing: rec.key(),
        brand: brand.to_lowercase(),
    }
}

/// The page URL cell; listings read from a CSV without one carry `about:blank`.
fn page_url_cell(rec: &ListingRecord) -> String {
    if rec.page_url.scheme() == "about" {
        String::new()
    } else {
        rec.page_url.to_string()
    }
}

/// Undoes [`spreadsheet_safe`]: a cell that is `'` followed by what it protected.
pub fn unprotect_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if needs_protection(rest) => rest,
        _ => cell,
    }
}

/// Cells of one audit row.
pub fn audit_cells(
    sweep_id: &str,
    status: &str,
    rec: &ListingRecord,
    f: &Finding,
    first_seen: Option<DateTime<Utc>>,
    decision: Option<(Decision, DateTime<Utc>)>,
    relisted: Option<&Relisted>,
) -> Vec<String> {
    let mut cells = vec![
        sweep_id.to_string(),
        status.to_string(),
        f.risk_level().to_string(),
        f.risk.to_string(),
        f.category.to_string(),
        f.brand.clone(),
        f.matched_text.clone(),
        f.match_kind.to_string(),
        f.signals.join("; "),
    ];
    cells.extend(listing_cells(rec));
    cells.push(
        first_seen
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default(),
    );
    cells.extend(evidence_cells(rec));
    cells.push(extraction_cell(rec).to_string());
    cells.push(opt(&rec.listing.seller_id).to_string());
    cells.extend(joined_cells(rec));
    match decision {
        Some((d, at)) => cells.extend([d.as_str().to_string(), time_cell(at)]),
        None => cells.extend([String::new(), String::new()]),
    }
    cells.push(relisted.map(|r| r.from_url.clone()).unwrap_or_default());
    cells.push(relisted.map(Relisted::similarity_cell).unwrap_or_default());
    debug_assert_eq!(cells.len(), AUDIT_COLUMNS.len());
    cells.iter().map(|c| spreadsheet_safe(c)).collect()
}

/// The listing's own columns, shared by `audit.csv` and `listings.csv` (`site` …
/// `page_sha256`), unescaped.
fn listing_cells(rec: &ListingRecord) -> [String; 13] {
    let l = &rec.listing;
    [
        rec.site.clone(),
        rec.listing_url.clone(),
        opt(&l.product_id).to_string(),
        opt(&l.title).to_string(),
        opt(&l.price).to_string(),
        opt(&l.moq).to_string(),
        opt(&l.seller_name).to_string(),
        opt(&l.seller_url).to_string(),
        opt(&l.location).to_string(),
        rec.fetched_at
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        rec.http_status.to_string(),
        page_url_cell(rec),
        rec.page_sha256.clone(),
    ]
}

/// `warc_file`, `warc_record_id`, unescaped.
fn evidence_cells(rec: &ListingRecord) -> [String; 2] {
    [
        opt(&rec.warc_file).to_string(),
        opt(&rec.warc_record_id).to_string(),
    ]
}

/// `joined_fields`, `seller_warc_file`, `seller_warc_record_id`, unescaped: what the join
/// filled, and the seller page's evidence when the listing matched a seller record.
fn joined_cells(rec: &ListingRecord) -> [String; 3] {
    match &rec.joined {
        Some(j) => [
            j.fields_cell(),
            opt(&j.seller_warc_file).to_string(),
            opt(&j.seller_warc_record_id).to_string(),
        ],
        None => Default::default(),
    }
}

fn time_cell(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Writes `sellers.csv`: one row per seller record (per site and seller), with how many
/// listings of the sweep matched it (`listings`, by [`SellerRecord::key`]) and one column
/// per extra field: those in `extras` (the profiles' names) and any a record carries,
/// sorted. Returns the rows written.
pub fn write_sellers(
    path: &Path,
    sellers: &dyn crate::seller::SellerSource,
    listings: &HashMap<u64, usize>,
    extras: &[String],
) -> anyhow::Result<usize> {
    // Two passes over the records (read one at a time): the extra columns, then the rows.
    let mut names: std::collections::BTreeSet<String> = extras.iter().cloned().collect();
    sellers.each(&mut |_, s| {
        for k in s.seller.extra.keys() {
            if !names.contains(k) {
                names.insert(k.clone());
            }
        }
        Ok(())
    })?;
    crate::atomic::write_with(path, |f| {
        let mut w = csv::Writer::from_writer(f);
        w.write_record(
            SELLER_COLUMNS
                .iter()
                .copied()
                .chain(names.iter().map(String::as_str)),
        )?;
        let mut n = 0;
        sellers.each(&mut |pos, rec| {
            let s = &rec.seller;
            let mut cells = vec![
                rec.site.clone(),
                opt(&s.seller_id).to_string(),
                opt(&s.name).to_string(),
                opt(&s.url).to_string(),
                opt(&s.location).to_string(),
                listings.get(&pos).copied().unwrap_or(0).to_string(),
                time_cell(rec.first_seen),
                time_cell(rec.last_seen),
                rec.page_url.to_string(),
                time_cell(rec.fetched_at),
                rec.http_status.to_string(),
                rec.page_sha256.clone(),
                opt(&rec.warc_file).to_string(),
                opt(&rec.warc_record_id).to_string(),
            ];
            debug_assert_eq!(cells.len(), SELLER_COLUMNS.len());
            cells.extend(
                names
                    .iter()
                    .map(|e| s.extra.get(e).cloned().unwrap_or_default()),
            );
            w.write_record(cells.iter().map(|c| spreadsheet_safe(c)))?;
            n += 1;
            Ok(())
        })?;
        w.flush()?;
        Ok(n)
    })
}

/// `extraction`: `profile`, `auto`, or empty when unknown.
fn extraction_cell(rec: &ListingRecord) -> &'static str {
    rec.extraction.map_or("", ExtractionMethod::as_str)
}

/// Writes `audit.csv` (the flagged findings of `listings`) to `path`; returns the rows
/// written and how many were new.
pub fn write_audit(
    path: &Path,
    sweep_id: &str,
    listings: &[ListingRecord],
    cmp: &Comparison,
) -> anyhow::Result<(usize, usize)> {
    crate::atomic::write_with(path, |f| write_audit_to(f, sweep_id, listings, cmp))
}

/// Writes audit rows (header included) to any writer; see [`write_audit`].
pub fn write_audit_to(
    out: impl Write,
    sweep_id: &str,
    listings: &[ListingRecord],
    cmp: &Comparison,
) -> anyhow::Result<(usize, usize)> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(AUDIT_COLUMNS)?;
    let (mut rows, mut new) = (0, 0);
    for rec in listings {
        let first = cmp.first_seen.get(&rec.key()).copied();
        let rels = cmp.relisted(rec);
        let (r, n) = audit_rows(&mut w, sweep_id, rec, cmp, first, &rels)?;
        rows += r;
        new += n;
    }
    w.flush()?;
    Ok((rows, new))
}

/// Writes the `audit.csv` rows of one listing (one per flagged finding); returns the rows
/// and how many of them are new.
fn audit_rows<W: Write>(
    w: &mut csv::Writer<W>,
    sweep_id: &str,
    rec: &ListingRecord,
    cmp: &Comparison,
    first_seen: Option<DateTime<Utc>>,
    relisted: &[Option<Relisted>],
) -> anyhow::Result<(usize, usize)> {
    let (mut rows, mut new) = (0, 0);
    for (i, f) in rec.findings.iter().filter(|f| f.flagged).enumerate() {
        let key = finding_key(rec, &f.brand);
        let status = cmp.status(&key);
        if status == "new" {
            new += 1;
        }
        let decision = cmp.decision(&key, true);
        let rl = relisted.get(i).and_then(Option::as_ref);
        w.write_record(audit_cells(
            sweep_id, status, rec, f, first_seen, decision, rl,
        ))?;
        rows += 1;
    }
    Ok((rows, new))
}

/// One line of `findings.jsonl`: a flagged finding with every field and reason, the
/// listing and its evidence. JSON, so no spreadsheet escaping: consumers get the text as
/// scraped.
#[derive(Debug, Serialize)]
struct FindingLine<'a> {
    sweep_id: &'a str,
    status: &'a str,
    first_seen: Option<String>,
    site: &'a str,
    listing_url: &'a str,
    listing: &'a Listing,
    /// `profile` or `auto` (`null` when unknown).
    extraction: Option<ExtractionMethod>,
    /// Listing fields filled from the seller's record (empty: none).
    joined_fields: &'a [&'static str],
    /// The seller page the listing was joined with (`null`: no seller record matched).
    seller_evidence: Option<SellerEvidence<'a>>,
    /// The earlier, removed listing this one looks like (`null`: none).
    relisted: Option<&'a Relisted>,
    #[serde(flatten)]
    finding: &'a Finding,
    risk_level: &'static str,
    evidence: Evidence<'a>,
    /// The analyst's decision in force (`confirmed`), `null` when open.
    decision: Option<Decision>,
    /// When it was made (`null` when open).
    decided_at: Option<String>,
}

#[derive(Debug, Serialize)]
struct SellerEvidence<'a> {
    page_url: &'a str,
    warc_file: Option<&'a str>,
    warc_record_id: Option<&'a str>,
}

impl<'a> SellerEvidence<'a> {
    fn of(j: &'a Joined) -> Self {
        SellerEvidence {
            page_url: &j.seller_page_url,
            warc_file: j.seller_warc_file.as_deref(),
            warc_record_id: j.seller_warc_record_id.as_deref(),
        }
    }
}

#[derive(Debug, Serialize)]
struct Evidence<'a> {
    page_url: &'a str,
    fetched_at: String,
    http_status: u16,
    page_sha256: &'a str,
    warc_file: Option<&'a str>,
    warc_record_id: Option<&'a str>,
}

/// Writes `findings.jsonl`: one flagged finding per line, in audit order.
pub fn write_findings_jsonl(
    path: &Path,
    sweep_id: &str,
    listings: &[ListingRecord],
    cmp: &Comparison,
) -> anyhow::Result<()> {
    crate::atomic::write_with(path, |w| {
        for rec in listings {
            let first = cmp.first_seen.get(&rec.key()).copied();
            let rels = cmp.relisted(rec);
            finding_lines(w, sweep_id, rec, cmp, first, &rels)?;
        }
        Ok(())
    })
}

/// Writes the `findings.jsonl` lines of one listing (one per flagged finding).
fn finding_lines(
    w: &mut impl Write,
    sweep_id: &str,
    rec: &ListingRecord,
    cmp: &Comparison,
    first_seen: Option<DateTime<Utc>>,
    relisted: &[Option<Relisted>],
) -> anyhow::Result<()> {
    for (i, f) in rec.findings.iter().filter(|f| f.flagged).enumerate() {
        let page_url = page_url_cell(rec);
        let decision = cmp.decision(&finding_key(rec, &f.brand), true);
        let line = FindingLine {
            decision: decision.map(|(d, _)| d),
            decided_at: decision.map(|(_, at)| time_cell(at)),
            sweep_id,
            status: cmp.status(&finding_key(rec, &f.brand)),
            first_seen: first_seen.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            site: &rec.site,
            listing_url: &rec.listing_url,
            listing: &rec.listing,
            extraction: rec.extraction,
            joined_fields: rec.joined.as_ref().map_or(&[], |j| j.fields.as_slice()),
            seller_evidence: rec.joined.as_ref().map(SellerEvidence::of),
            relisted: relisted.get(i).and_then(Option::as_ref),
            finding: f,
            risk_level: f.risk_level(),
            evidence: Evidence {
                page_url: &page_url,
                fetched_at: rec
                    .fetched_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                http_status: rec.http_status,
                page_sha256: &rec.page_sha256,
                warc_file: rec.warc_file.as_deref(),
                warc_record_id: rec.warc_record_id.as_deref(),
            },
        };
        serde_json::to_writer(&mut *w, &line)?;
        w.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes `resolved.csv`: findings flagged in the previous sweep whose listing is gone
/// (or no longer flagged) now, in `audit.csv`'s columns with status `resolved`.
pub fn write_resolved(
    path: &Path,
    sweep_id: &str,
    resolved: &[(ListingRecord, Finding)],
    cmp: &Comparison,
) -> anyhow::Result<usize> {
    write_previous(path, sweep_id, "resolved", resolved, cmp)
}

/// Writes `unverified.csv`: findings flagged in the previous sweep that are not flagged
/// now, but whose page this sweep could not read healthily (not revisited, blocked,
/// `empty`, or of a page kind with a health warning), with status `unverified`.
pub fn write_unverified(
    path: &Path,
    sweep_id: &str,
    unverified: &[(ListingRecord, Finding)],
    cmp: &Comparison,
) -> anyhow::Result<usize> {
    write_previous(path, sweep_id, "unverified", unverified, cmp)
}

/// Audit rows of previous findings, with `status`.
fn write_previous(
    path: &Path,
    sweep_id: &str,
    status: &str,
    rows: &[(ListingRecord, Finding)],
    cmp: &Comparison,
) -> anyhow::Result<usize> {
    crate::atomic::write_with(path, |out| {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(AUDIT_COLUMNS)?;
        for (rec, f) in rows {
            let decision = cmp.decision(&finding_key(rec, &f.brand), false);
            w.write_record(audit_cells(sweep_id, status, rec, f, None, decision, None))?;
        }
        w.flush()?;
        Ok(rows.len())
    })
}

/// Writes `listings.csv` (every listing) to `path`.
pub fn write_listings(path: &Path, listings: &[ListingRecord]) -> anyhow::Result<()> {
    crate::atomic::write_with(path, |out| {
        let mut w = csv::Writer::from_writer(out);
        w.write_record(LISTING_COLUMNS)?;
        for rec in listings {
            listing_row(&mut w, rec)?;
        }
        w.flush()?;
        Ok(())
    })
}

/// Writes the `listings.csv` row of one listing.
fn listing_row<W: Write>(w: &mut csv::Writer<W>, rec: &ListingRecord) -> anyhow::Result<()> {
    let brands: Vec<&str> = rec.findings.iter().map(|f| f.brand.as_str()).collect();
    let mut cells: Vec<String> = listing_cells(rec).into();
    cells.push(brands.join("; "));
    cells.push(rec.findings.iter().any(|f| f.flagged).to_string());
    cells.extend(evidence_cells(rec));
    cells.push(extraction_cell(rec).to_string());
    cells.push(opt(&rec.listing.seller_id).to_string());
    cells.extend(joined_cells(rec));
    debug_assert_eq!(cells.len(), LISTING_COLUMNS.len());
    w.write_record(cells.iter().map(|c| spreadsheet_safe(c)))?;
    Ok(())
}

/// What [`ListingSource::each`] calls with each listing and its first-seen time.
pub type ListingVisitor<'a> =
    dyn FnMut(&ListingRecord, Option<DateTime<Utc>>) -> anyhow::Result<()> + 'a;

/// Where the outputs' listings come from, one at a time: a sweep streams them from the
/// store (joined with seller records and assessed as they pass), a re-audit holds them in
/// a `Vec`. Memory use is the source's business; the writers keep one listing at a time.
pub trait ListingSource {
    /// Calls `f` with every listing, in output order, joined and with its findings, and
    /// its first-seen time when the source knows it (else [`Comparison::first_seen`] is
    /// asked); stops at the first error.
    fn each(&self, f: &mut ListingVisitor<'_>) -> anyhow::Result<()>;
}

impl ListingSource for Vec<ListingRecord> {
    fn each(&self, f: &mut ListingVisitor<'_>) -> anyhow::Result<()> {
        self.iter().try_for_each(|l| f(l, None))
    }
}

/// What one pass over the listings counted, for `summary.json` and the comparison.
#[derive(Debug, Default, Clone)]
pub struct ListingTally {
    /// Listings written.
    pub listings: usize,
    /// Flagged findings (rows of `audit.csv`).
    pub findings: usize,
    /// Of those, new since the previous sweep.
    pub new_findings: usize,
    /// Of those, reported as relisted from an earlier, removed listing.
    pub relisted: usize,
    /// Flagged findings per category.
    pub by_category: BTreeMap<String, usize>,
    /// Flagged findings per brand.
    pub by_brand: BTreeMap<String, usize>,
    /// Every flagged finding's key and brand as written (grows with the findings, as
    /// `report.html` does, not with the listings).
    pub flagged: Vec<(FindingKey, String)>,
}

/// Writes `audit.csv`, `findings.jsonl` and `listings.csv` in one pass over `listings`.
pub fn write_listing_files(
    files: &SweepFiles,
    sweep_id: &str,
    listings: &dyn ListingSource,
    cmp: &Comparison,
) -> anyhow::Result<ListingTally> {
    let create = |p: &Path| crate::atomic::AtomicFile::create(p);
    let mut audit = csv::Writer::from_writer(create(&files.audit)?);
    audit.write_record(AUDIT_COLUMNS)?;
    let mut jsonl = create(&files.findings)?;
    let mut all = csv::Writer::from_writer(create(&files.listings)?);
    all.write_record(LISTING_COLUMNS)?;
    let mut t = ListingTally::default();
    listings.each(&mut |rec, first| {
        let first = first.or_else(|| {
            (!cmp.first_seen.is_empty())
                .then(|| cmp.first_seen.get(&rec.key()).copied())
                .flatten()
        });
        let rels = cmp.relisted(rec);
        let (rows, new) = audit_rows(&mut audit, sweep_id, rec, cmp, first, &rels)?;
        t.findings += rows;
        t.new_findings += new;
        t.relisted += rels.iter().filter(|r| r.is_some()).count();
        if rows > 0 {
            finding_lines(&mut jsonl, sweep_id, rec, cmp, first, &rels)?;
            for f in rec.findings.iter().filter(|f| f.flagged) {
                *t.by_category.entry(f.category.to_string()).or_insert(0) += 1;
                *t.by_brand.entry(f.brand.clone()).or_insert(0) += 1;
                t.flagged
                    .push((finding_key(rec, &f.brand), f.brand.clone()));
            }
        }
        listing_row(&mut all, rec)?;
        t.listings += 1;
        Ok(())
    })?;
    // All three are complete before any is put in place.
    let inner = |w: csv::Writer<crate::atomic::AtomicFile>| -> anyhow::Result<_> {
        w.into_inner().map_err(|e| anyhow::anyhow!("{}", e.error()))
    };
    let (audit, all) = (inner(audit)?, inner(all)?);
    audit.commit()?;
    jsonl.commit()?;
    all.commit()?;
    Ok(t)
}

/// Figures of one sweep, written as `summary.json`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Sweep id (`<name>-<UTC timestamp>`).
    pub sweep_id: String,
    /// Sweep name from the sweep file.
    pub name: String,
    /// greysweep version.
    pub tool_version: String,
    /// Start time (RFC 3339, UTC).
    pub started_at: String,
    /// End time (RFC 3339, UTC).
    pub ended_at: String,
    /// Wall-clock seconds.
    pub duration_secs: f64,
    /// Page requests sent (robots.txt excluded).
    pub requests: usize,
    /// robots.txt requests sent.
    pub robots_requests: usize,
    /// URLs with an outcome (fetched or refused).
    pub pages: usize,
    /// Outcomes by status word (every status listed, zeros included).
    pub pages_by_status: BTreeMap<String, usize>,
    /// Pages fetched and extracted.
    pub pages_ok: usize,
    /// Pages answered 304 (unchanged since the previous sweep).
    pub not_modified: usize,
    /// Block pages met.
    pub blocked: usize,
    /// Outcomes that are failures (everything but ok, not_modified, redirect, not_html,
    /// robots_denied, duplicate; `empty` pages count).
    pub errors: usize,
    /// `errors` by status word, only the statuses that occurred.
    pub errors_by_status: BTreeMap<String, usize>,
    /// Distinct listings.
    pub listings: usize,
    /// Rows of `sellers.csv` (seller records read from seller pages).
    pub sellers: usize,
    /// Audit rows (flagged findings).
    pub findings: usize,
    /// Audit rows not in the previous sweep's audit.
    pub new_findings: usize,
    /// Rows of `resolved.csv`.
    pub resolved_findings: usize,
    /// Rows of `unverified.csv`.
    pub unverified_findings: usize,
    /// Audit rows with a `relisted_from` (relisted from an earlier, removed listing).
    pub relisted: usize,
    /// Flagged findings by category.
    pub findings_by_category: BTreeMap<String, usize>,
    /// Flagged findings by brand.
    pub findings_by_brand: BTreeMap<String, usize>,
    /// The previous sweep compared against, if any.
    pub previous_sweep: Option<String>,
    /// Links outside the scope (not queued).
    pub links_out_of_scope: usize,
    /// Links beyond the depth budget (not queued).
    pub links_too_deep: usize,
    /// Links longer than the URL cap (not queued).
    pub links_too_long: usize,
    /// "Next page" links beyond the pagination budget (not queued).
    pub links_too_many_pages: usize,
    /// Links refused as crawler traps (not queued).
    pub links_trap: usize,
    /// Links beyond a host's page budget (not queued).
    pub links_host_budget: usize,
    /// Hosts paused after failure streaks.
    pub host_pauses: Vec<crate::crawl::HostPause>,
    /// The page budget stopped the crawl.
    pub budget_exhausted: bool,
    /// URLs left unfetched when the budget ran out.
    pub unfetched: usize,
    /// The sweep was interrupted.
    pub interrupted: bool,
    /// Extraction health: figures per site and page kind, the previous sweep's, warnings.
    pub health: Health,
    /// What the analysts' decisions did to this sweep's findings (sweeps only; absent in
    /// a re-audit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub decisions: Option<DecisionFigures>,
    /// Takedown batches written, and the outcomes of sent ones (sweeps only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub takedown: Option<TakedownFigures>,
    /// Per brand whose registry entry gives no classes: the listings that named it by a
    /// strong name with goods the lexicon knows, and the classes their goods added to
    /// those inferred (absent when every brand has its classes from the registry).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub learned_classes: Vec<crate::detect::LearnedClasses>,
}

/// The paths of one sweep's files.
#[derive(Debug, Clone)]
pub struct SweepFiles {
    /// `OUT/<sweep-id>/`.
    pub dir: PathBuf,
    /// `audit.csv`.
    pub audit: PathBuf,
    /// `listings.csv`.
    pub listings: PathBuf,
    /// `summary.json`.
    pub summary: PathBuf,
    /// `resolved.csv`.
    pub resolved: PathBuf,
    /// `findings.jsonl`.
    pub findings: PathBuf,
    /// `unverified.csv`.
    pub unverified: PathBuf,
    /// `sellers.csv`.
    pub sellers: PathBuf,
}

impl SweepFiles {
    /// The files under `dir`.
    pub fn in_dir(dir: &Path) -> SweepFiles {
        SweepFiles {
            dir: dir.to_path_buf(),
            audit: dir.join("audit.csv"),
            listings: dir.join("listings.csv"),
            summary: dir.join("summary.json"),
            resolved: dir.join("resolved.csv"),
            findings: dir.join("findings.jsonl"),
            unverified: dir.join("unverified.csv"),
            sellers: dir.join("sellers.csv"),
        }
    }
}

/// A sweep's page outcomes counted for `summary.json`, one page at a time (pages stream
/// from the store through it; it never holds one).
#[derive(Debug, Clone)]
pub struct PageCounts {
    /// Pages per status (every status named, zero included).
    pub by_status: BTreeMap<String, usize>,
    /// Pages that were requested (a fetch time).
    pub requests: usize,
    /// Page outcomes.
    pub pages: usize,
}

impl Default for PageCounts {
    fn default() -> Self {
        PageCounts {
            by_status: PageStatus::ALL
                .iter()
                .map(|s| (s.as_str().to_string(), 0))
                .collect(),
            requests: 0,
            pages: 0,
        }
    }
}

impl PageCounts {
    /// Counts one page outcome.
    pub fn add(&mut self, p: &PageRecord) {
        match self.by_status.get_mut(p.status.as_str()) {
            Some(n) => *n += 1,
            None => {
                self.by_status.insert(p.status.as_str().to_string(), 1);
            }
        }
        self.requests += usize::from(p.fetched_at.is_some());
        self.pages += 1;
    }

    /// The counts of `pages`.
    pub fn of<'p>(pages: impl IntoIterator<Item = &'p PageRecord>) -> Self {
        let mut c = PageCounts::default();
        for p in pages {
            c.add(p);
        }
        c
    }
}

/// What a sweep's outputs are made from.
pub struct Outputs<'a> {
    /// Sweep id.
    pub sweep_id: &'a str,
    /// Sweep name.
    pub name: &'a str,
    /// The page outcomes, counted.
    pub pages: &'a PageCounts,
    /// Every listing, with its findings (joined with the seller records).
    pub listings: &'a dyn ListingSource,
    /// Every seller record.
    pub sellers: &'a dyn crate::seller::SellerSource,
    /// Listings matched per seller record position ([`crate::seller::join`]'s result).
    pub seller_listings: &'a HashMap<u64, usize>,
    /// The extra seller fields the profiles name (columns of `sellers.csv`), sorted.
    pub seller_extras: &'a [String],
    /// Comparison with the previous sweep.
    pub comparison: &'a Comparison,
    /// Previous findings that are gone now, from pages read healthily.
    pub resolved: &'a [(ListingRecord, Finding)],
    /// Previous findings not flagged now whose page could not be read healthily.
    pub unverified: &'a [(ListingRecord, Finding)],
    /// Extraction health.
    pub health: &'a Health,
    /// Crawl figures.
    pub stats: &'a CrawlStats,
    /// What the decisions did (`None`: not a sweep).
    pub decisions: Option<&'a DecisionFigures>,
    /// Takedown batches and outcomes (`None`: not a sweep).
    pub takedown: Option<&'a TakedownFigures>,
    /// Classes learned from the listings for brands whose registry entry gives none.
    pub learned_classes: &'a [crate::detect::LearnedClasses],
}

/// Writes `audit.csv`, `resolved.csv`, `unverified.csv`, `findings.jsonl`, `listings.csv`,
/// `sellers.csv` and `summary.json`; returns the summary.
pub fn write_all(files: &SweepFiles, o: &Outputs<'_>) -> anyhow::Result<Summary> {
    let tally = write_listing_files(files, o.sweep_id, o.listings, o.comparison)?;
    write_rest(files, o, tally)
}

/// Writes `resolved.csv`, `unverified.csv`, `sellers.csv` and `summary.json` after
/// [`write_listing_files`] (whose tally gives the listing figures); returns the summary.
/// `o.listings` is not read again.
pub fn write_rest(
    files: &SweepFiles,
    o: &Outputs<'_>,
    tally: ListingTally,
) -> anyhow::Result<Summary> {
    let resolved = write_resolved(&files.resolved, o.sweep_id, o.resolved, o.comparison)?;
    let unverified = write_unverified(&files.unverified, o.sweep_id, o.unverified, o.comparison)?;
    let sellers = write_sellers(
        &files.sellers,
        o.sellers,
        o.seller_listings,
        o.seller_extras,
    )?;
    let by_status = o.pages.by_status.clone();
    let count = |s: PageStatus| by_status.get(s.as_str()).copied().unwrap_or(0);
    let errors_by_status: BTreeMap<String, usize> = PageStatus::ALL
        .iter()
        .filter(|s| s.is_error())
        .map(|s| (s.as_str().to_string(), count(*s)))
        .filter(|(_, n)| *n > 0)
        .collect();
    let errors = errors_by_status.values().sum();
    let stats = o.stats;
    let requests = o.pages.requests;
    let summary = Summary {
        sweep_id: o.sweep_id.to_string(),
        name: o.name.to_string(),
        tool_version: env!("CARGO_PKG_VERSION").to_string(),
        started_at: stats
            .started_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        ended_at: stats
            .ended_at
            .to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        duration_secs: (stats.ended_at - stats.started_at).num_milliseconds() as f64 / 1000.0,
        requests,
        robots_requests: stats.robots_requests,
        pages: o.pages.pages,
        pages_ok: count(PageStatus::Ok),
        not_modified: count(PageStatus::NotModified),
        blocked: count(PageStatus::Blocked),
        pages_by_status: by_status,
        errors,
        errors_by_status,
        listings: tally.listings,
        sellers,
        findings: tally.findings,
        new_findings: tally.new_findings,
        resolved_findings: resolved,
        unverified_findings: unverified,
        relisted: tally.relisted,
        findings_by_category: tally.by_category,
        findings_by_brand: tally.by_brand,
        previous_sweep: o.comparison.previous.clone(),
        links_out_of_scope: stats.links_out_of_scope,
        links_too_deep: stats.links_too_deep,
        links_too_long: stats.links_too_long,
        links_too_many_pages: stats.links_too_many_pages,
        links_trap: stats.links_trap,
        links_host_budget: stats.links_host_budget,
        host_pauses: stats.host_pauses.clone(),
        budget_exhausted: stats.budget_exhausted,
        unfetched: stats.unfetched_budget,
        interrupted: stats.interrupted,
        health: o.health.clone(),
        decisions: o.decisions.cloned(),
        takedown: o.takedown.cloned(),
        learned_classes: o.learned_classes.to_vec(),
    };
    crate::atomic::write_with(&files.summary, |w| {
        serde_json::to_writer_pretty(&mut *w, &summary)?;
        writeln!(w)?;
        Ok(())
    })?;
    Ok(summary)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cell_already_quoted_before_a_formula_reads_back_the_same() {
        // Found by the CSV round-trip property: `'=x` was written as is and read back
        // as `=x`.
        for cell in ["'=x", "''+1", "' -2", "'abc", "'", "=1"] {
            let safe = spreadsheet_safe(cell);
            assert_eq!(unprotect_cell(&safe), cell, "{safe:?}");
        }
        assert_eq!(spreadsheet_safe("'=x"), "''=x");
        assert_eq!(spreadsheet_safe("'abc"), "'abc");
    }

    #[test]
    fn formula_cells_are_neutralised() {
        for bad in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2+3",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "  =1+1",
        ] {
            assert!(spreadsheet_safe(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(spreadsheet_safe("Nike Air"), "Nike Air");
    }

    #[test]
    fn terminal_and_html_escaping() {
        assert_eq!(terminal_safe("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(
            html_escape("<img src=x onerror=alert(1)>"),
            "&lt;img src=x onerror=alert(1)&gt;"
        );
    }
}
