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

    /// Empties the cells only the report's findings table shows (its signals, digest,
    /// prices, times): [`AuditRows::full`] reads them back when the table is written.
    fn slim(&mut self) {
        for cell in [
            &mut self.sweep_id,
            &mut self.category,
            &mut self.matched_text,
            &mut self.match_kind,
            &mut self.signals,
            &mut self.product_id,
            &mut self.price,
            &mut self.moq,
            &mut self.location,
            &mut self.fetched_at,
            &mut self.http_status,
            &mut self.page_url,
            &mut self.page_sha256,
            &mut self.first_seen,
        ] {
            *cell = String::new();
        }
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

/// Reads every row of an `audit.csv` with only the cells the report's summaries use
/// (brand, site, seller, listing, title, risk, status, decision, relisting): a report of
/// a large sweep keeps its findings' sort keys and summaries in memory, not their
/// signals. Each row remembers where it starts, for [`AuditRows::full`].
pub fn read_audit_slim(path: &Path) -> anyhow::Result<Vec<AuditRow>> {
    read_positioned(path, AuditRow::slim)
}

/// Reads every row of an `audit.csv`, `thin` emptying the cells not kept, with its
/// position.
fn read_positioned(path: &Path, thin: fn(&mut AuditRow)) -> anyhow::Result<Vec<AuditRow>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = reader
        .byte_headers()
        .with_context(|| format!("reading {}", path.display()))?
        .clone();
    let mut record = csv::ByteRecord::new();
    let mut rows = Vec::new();
    for n in 2.. {
        let at = reader.position().clone();
        let more = reader
            .read_byte_record(&mut record)
            .with_context(|| format!("{}: row {n}", path.display()))?;
        if !more {
            break;
        }
        let mut row: AuditRow = record
            .deserialize(Some(&headers))
            .with_context(|| format!("{}: row {n}", path.display()))?;
        row.unprotect();
        thin(&mut row);
        row.at = Some(at);
        rows.push(row);
    }
    Ok(rows)
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
        let Some(at) = &row.at else {
            return Ok(row.clone());
        };
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
