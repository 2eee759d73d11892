//! Reading a sweep's `audit.csv` back (for the report and the takedown batches).
//!
//! Columns are found by header name (the README's list is the contract; unknown columns
//! are ignored, a missing column reads as empty). Cells are un-escaped for display with
//! [`display_cell`], the exact inverse of [`crate::output::spreadsheet_safe`]. Rows are
//! kept as text: nothing here trusts a cell to be a number or a URL.

use std::path::Path;

use anyhow::Context;

/// One row of `audit.csv`, cells as displayed (spreadsheet prefix removed).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Deserialize)]
#[serde(default)]
pub struct AuditRow {
    pub sweep_id: String,
    pub status: String,
    pub risk: String,
    pub risk_score: String,
    pub category: String,
    pub brand: String,
    pub matched_text: String,
    pub match_kind: String,
    pub signals: String,
    pub site: String,
    pub listing_url: String,
    pub product_id: String,
    pub title: String,
    pub price: String,
    pub moq: String,
    pub seller_name: String,
    pub seller_url: String,
    pub location: String,
    pub fetched_at: String,
    pub http_status: String,
    pub page_url: String,
    pub page_sha256: String,
    /// When the finding was first flagged (a newer column; empty when absent).
    pub first_seen: String,
    /// The analyst's decision in force (empty: open, or an older audit).
    pub decision: String,
    /// When it was made.
    pub decided_at: String,
    /// The earlier, removed listing this one looks like (empty: none, or an older file).
    pub relisted_from: String,
    /// Its similarity (exact Jaccard, two decimals).
    pub relisted_similarity: String,
    /// Where the row starts in its file, when read by [`read_audit_slim`] (not a column).
    #[serde(skip)]
    pub at: Option<csv::Position>,
}

impl AuditRow {
    /// Undoes the spreadsheet protection of every cell.
    fn unprotect(&mut self) {
        for cell in [
            &mut self.sweep_id,
            &mut self.status,
            &mut self.risk,
            &mut self.risk_score,
            &mut self.category,
            &mut self.brand,
            &mut self.matched_text,
            &mut self.match_kind,
            &mut self.signals,
            &mut self.site,
            &mut self.listing_url,
            &mut self.product_id,
            &mut self.title,
            &mut self.price,
            &mut self.moq,
            &mut self.seller_name,
            &mut self.seller_url,
            &mut self.location,
            &mut self.fetched_at,
            &mut self.http_status,
            &mut self.page_url,
            &mut self.page_sha256,
            &mut self.first_seen,
            &mut self.decision,
            &mut self.decided_at,
            &mut self.relisted_from,
            &mut self.relisted_similarity,
        ] {
            let shown = display_cell(cell).to_string();
            *cell = shown;
        }
    }

    /// `risk_score` as a number (0 when it is not one).
    pub fn score(&self) -> u32 {
        self.risk_score.trim().parse().unwrap_or(0)
    }
}

pub use crate::output::unprotect_cell as display_cell;

/// Reads every row of an `audit.csv`.
pub fn read_audit(path: &Path) -> anyhow::Result<Vec<AuditRow>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let mut rows = Vec::new();
    for (n, row) in reader.deserialize::<AuditRow>().enumerate() {
        let mut row = row.with_context(|| format!("{}: row {}", path.display(), n + 2))?;
        row.unprotect();
        rows.push(row);
    }
    Ok(rows)
}

/// The cells of a finding the report's summaries read, whichever way the finding is held:
/// a whole [`AuditRow`] or a compact [`Row`] of [`SlimRows`].
pub trait Cells {
    fn status(&self) -> &str;
    fn risk(&self) -> &str;
    fn risk_score(&self) -> &str;
    fn brand(&self) -> &str;
    fn site(&self) -> &str;
    fn listing_url(&self) -> &str;
    fn title(&self) -> &str;
    fn seller_name(&self) -> &str;
    fn seller_url(&self) -> &str;
    fn decision(&self) -> &str;
    fn decided_at(&self) -> &str;
    fn relisted_from(&self) -> &str;
    fn relisted_similarity(&self) -> &str;
    /// The risk score as a number (0 when it is not one).
    fn score(&self) -> u32 {
        self.risk_score().trim().parse().unwrap_or(0)
    }
}

impl<T: Cells + ?Sized> Cells for &T {
    fn status(&self) -> &str {
        (**self).status()
    }
    fn risk(&self) -> &str {
        (**self).risk()
    }
    fn risk_score(&self) -> &str {
        (**self).risk_score()
    }
    fn brand(&self) -> &str {
        (**self).brand()
    }
    fn site(&self) -> &str {
        (**self).site()
    }
    fn listing_url(&self) -> &str {
        (**self).listing_url()
    }
    fn title(&self) -> &str {
        (**self).title()
    }
    fn seller_name(&self) -> &str {
        (**self).seller_name()
    }
    fn seller_url(&self) -> &str {
        (**self).seller_url()
    }
    fn decision(&self) -> &str {
        (**self).decision()
    }
    fn decided_at(&self) -> &str {
        (**self).decided_at()
    }
    fn relisted_from(&self) -> &str {
        (**self).relisted_from()
    }
    fn relisted_similarity(&self) -> &str {
        (**self).relisted_similarity()
    }
}

impl Cells for AuditRow {
    fn status(&self) -> &str {
        &self.status
    }
    fn risk(&self) -> &str {
        &self.risk
    }
    fn risk_score(&self) -> &str {
        &self.risk_score
    }
    fn brand(&self) -> &str {
        &self.brand
    }
    fn site(&self) -> &str {
        &self.site
    }
    fn listing_url(&self) -> &str {
        &self.listing_url
    }
    fn title(&self) -> &str {
        &self.title
    }
    fn seller_name(&self) -> &str {
        &self.seller_name
    }
    fn seller_url(&self) -> &str {
        &self.seller_url
    }
    fn decision(&self) -> &str {
        &self.decision
    }
    fn decided_at(&self) -> &str {
        &self.decided_at
    }
    fn relisted_from(&self) -> &str {
        &self.relisted_from
    }
    fn relisted_similarity(&self) -> &str {
        &self.relisted_similarity
    }
}

/// Every finding of an `audit.csv`, held compact for the report: the cells many findings
/// share (status, risk, brand, site, seller, decision…) once each in one table, the
/// listing's URL and title as they are, and where the row starts in the file, so the
/// findings table reads each whole row back ([`AuditRows::full`]). A few hundred bytes a
/// finding, against more than a kilobyte as an [`AuditRow`].
#[derive(Default)]
pub struct SlimRows {
    texts: crate::texts::Texts,
    rows: Vec<SlimRow>,
}

/// One finding of [`SlimRows`]: ids into its texts, and its position in the file.
struct SlimRow {
    at: csv::Position,
    shared: [u32; 11],
    listing_url: Box<str>,
    title: Box<str>,
}

/// The shared cells of a [`SlimRow`], in `shared` order.
const STATUS: usize = 0;
const RISK: usize = 1;
const RISK_SCORE: usize = 2;
const BRAND: usize = 3;
const SITE: usize = 4;
const SELLER_NAME: usize = 5;
const SELLER_URL: usize = 6;
const DECISION: usize = 7;
const DECIDED_AT: usize = 8;
const RELISTED_FROM: usize = 9;
const RELISTED_SIMILARITY: usize = 10;

impl SlimRows {
    /// How many distinct shared texts the rows hold.
    pub fn shared_texts(&self) -> usize {
        self.texts.len()
    }

    /// Each finding, in file order.
    pub fn rows(&self) -> Vec<Row<'_>> {
        self.rows.iter().map(|row| Row { all: self, row }).collect()
    }
}

/// One finding of [`SlimRows`], read through [`Cells`].
#[derive(Clone, Copy)]
pub struct Row<'a> {
    all: &'a SlimRows,
    row: &'a SlimRow,
}

impl<'a> Row<'a> {
    fn text(&self, cell: usize) -> &'a str {
        self.all.texts.get(self.row.shared[cell])
    }

    /// Where the row starts in its file.
    pub fn at(&self) -> &csv::Position {
        &self.row.at
    }
}

impl Cells for Row<'_> {
    fn status(&self) -> &str {
        self.text(STATUS)
    }
    fn risk(&self) -> &str {
        self.text(RISK)
    }
    fn risk_score(&self) -> &str {
        self.text(RISK_SCORE)
    }
    fn brand(&self) -> &str {
        self.text(BRAND)
    }
    fn site(&self) -> &str {
        self.text(SITE)
    }
    fn listing_url(&self) -> &str {
        &self.row.listing_url
    }
    fn title(&self) -> &str {
        &self.row.title
    }
    fn seller_name(&self) -> &str {
        self.text(SELLER_NAME)
    }
    fn seller_url(&self) -> &str {
        self.text(SELLER_URL)
    }
    fn decision(&self) -> &str {
        self.text(DECISION)
    }
    fn decided_at(&self) -> &str {
        self.text(DECIDED_AT)
    }
    fn relisted_from(&self) -> &str {
        self.text(RELISTED_FROM)
    }
    fn relisted_similarity(&self) -> &str {
        self.text(RELISTED_SIMILARITY)
    }
}

/// Reads every row of an `audit.csv` into [`SlimRows`]: a report of a large sweep keeps
/// its findings' sort keys and summaries in memory, not their signals or whole rows.
pub fn read_audit_slim(path: &Path) -> anyhow::Result<SlimRows> {
    let mut all = SlimRows::default();
    each_positioned(path, &mut |row| {
        let shared = [
            &row.status,
            &row.risk,
            &row.risk_score,
            &row.brand,
            &row.site,
            &row.seller_name,
            &row.seller_url,
            &row.decision,
            &row.decided_at,
            &row.relisted_from,
            &row.relisted_similarity,
        ]
        .map(|t| all.texts.id(t));
        all.rows.push(SlimRow {
            at: row.at.unwrap_or_else(csv::Position::new),
            shared,
            listing_url: row.listing_url.into(),
            title: row.title.into(),
        });
    })?;
    all.rows.shrink_to_fit();
    Ok(all)
}

/// Hands every row of an `audit.csv` to `f`, one at a time, deserialized as `T` (any
/// subset of the columns; cells still spreadsheet-protected), with where it starts.
pub fn each_record<T: serde::de::DeserializeOwned>(
    path: &Path,
    f: &mut dyn FnMut(T, csv::Position) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = reader
        .byte_headers()
        .with_context(|| format!("reading {}", path.display()))?
        .clone();
    let mut record = csv::ByteRecord::new();
    for n in 2.. {
        let at = reader.position().clone();
        let more = reader
            .read_byte_record(&mut record)
            .with_context(|| format!("{}: row {n}", path.display()))?;
        if !more {
            break;
        }
        let row: T = record
            .deserialize(Some(&headers))
            .with_context(|| format!("{}: row {n}", path.display()))?;
        f(row, at)?;
    }
    Ok(())
}

/// Every row of an `audit.csv`, whole and unprotected, with where it starts.
fn each_positioned(path: &Path, f: &mut dyn FnMut(AuditRow)) -> anyhow::Result<()> {
    each_record(path, &mut |mut row: AuditRow, at| {
        row.unprotect();
        row.at = Some(at);
        f(row);
        Ok(())
    })
}

/// An `audit.csv` open for reading whole rows back by position.
pub struct AuditRows {
    reader: csv::Reader<std::fs::File>,
    headers: csv::ByteRecord,
    record: csv::ByteRecord,
}

impl AuditRows {
    pub fn open(path: &Path) -> anyhow::Result<Self> {
        let mut reader =
            csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
        let headers = reader.byte_headers()?.clone();
        Ok(Self {
            reader,
            headers,
            record: csv::ByteRecord::new(),
        })
    }

    /// The whole row that `row` (from [`read_audit_slim`] on the same file) was read
    /// from; `row` itself when it carries no position.
    pub fn full(&mut self, row: &AuditRow) -> std::io::Result<AuditRow> {
        match &row.at {
            Some(at) => self.full_at(at),
            None => Ok(row.clone()),
        }
    }

    /// The whole row that starts at `at`.
    pub fn full_at(&mut self, at: &csv::Position) -> std::io::Result<AuditRow> {
        let err = |e: csv::Error| std::io::Error::other(e.to_string());
        self.reader.seek(at.clone()).map_err(err)?;
        if !self
            .reader
            .read_byte_record(&mut self.record)
            .map_err(err)?
        {
            return Err(std::io::Error::other("audit row vanished"));
        }
        let mut full: AuditRow = self.record.deserialize(Some(&self.headers)).map_err(err)?;
        full.unprotect();
        full.at = Some(at.clone());
        Ok(full)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::spreadsheet_safe;

    #[test]
    fn display_cell_inverts_spreadsheet_safe() {
        for text in [
            "=HYPERLINK(\"http://x\")",
            "+1",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "  =1",
            "Nike Air",
            "'quoted'",
            "",
        ] {
            assert_eq!(display_cell(&spreadsheet_safe(text)), text, "{text:?}");
        }
        assert_eq!(display_cell("'=1"), "=1");
        assert_eq!(display_cell("'abc"), "'abc");
    }
}
