//! Reading a sweep's `audit.csv` back (for the report and the takedown batches).
//!
//! Columns are found by header name (the README's list is the contract; unknown columns
//! are ignored, a missing column reads as empty). Cells are un-escaped for display with
//! [`display_cell`], the exact inverse of [`crate::output::spreadsheet_safe`]. Rows are
//! kept as text: nothing here trusts a cell to be a number or a URL.

use std::path::Path;

use anyhow::Context;

/// One row of `audit.csv`, cells as displayed (spreadsheet prefix removed).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
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
}

impl AuditRow {
    /// `risk_score` as a number (0 when it is not one).
    pub fn score(&self) -> u32 {
        self.risk_score.trim().parse().unwrap_or(0)
    }
}

/// Removes the `'` that [`crate::output::spreadsheet_safe`] put before a cell starting
/// (after optional spaces) with `=`, `+`, `-`, `@`, a tab or a carriage return. Any other
/// leading `'` is the scraped text's own and is kept.
pub fn display_cell(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest)
            if matches!(
                rest.trim_start_matches(' ').chars().next(),
                Some('=' | '+' | '-' | '@' | '\t' | '\r')
            ) =>
        {
            rest
        }
        _ => cell,
    }
}

/// Reads every row of an `audit.csv`.
pub fn read_audit(path: &Path) -> anyhow::Result<Vec<AuditRow>> {
    let mut reader =
        csv::Reader::from_path(path).with_context(|| format!("reading {}", path.display()))?;
    let headers = reader
        .headers()
        .with_context(|| format!("reading {}", path.display()))?
        .clone();
    let col = |name: &str| headers.iter().position(|h| h == name);
    let idx: Vec<Option<usize>> = [
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
    ]
    .iter()
    .map(|n| col(n))
    .collect();
    let mut rows = Vec::new();
    for (n, record) in reader.records().enumerate() {
        let record = record.with_context(|| format!("{}: row {}", path.display(), n + 2))?;
        let get = |i: usize| -> String {
            idx[i]
                .and_then(|c| record.get(c))
                .map(|v| display_cell(v).to_string())
                .unwrap_or_default()
        };
        rows.push(AuditRow {
            sweep_id: get(0),
            status: get(1),
            risk: get(2),
            risk_score: get(3),
            category: get(4),
            brand: get(5),
            matched_text: get(6),
            match_kind: get(7),
            signals: get(8),
            site: get(9),
            listing_url: get(10),
            product_id: get(11),
            title: get(12),
            price: get(13),
            moq: get(14),
            seller_name: get(15),
            seller_url: get(16),
            location: get(17),
            fetched_at: get(18),
            http_status: get(19),
            page_url: get(20),
            page_sha256: get(21),
            first_seen: get(22),
        });
    }
    Ok(rows)
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
