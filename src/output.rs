//! Outputs: CSV and JSON files of a sweep, with cells safe for spreadsheets.

use crate::extract::Listing;

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
];

/// Neutralises a cell for spreadsheets: a leading `=`, `+`, `-`, `@`, tab or CR gets a `'`.
pub fn spreadsheet_safe(cell: &str) -> String {
    match cell.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{cell}"),
        _ => cell.to_string(),
    }
}

/// Escapes control characters (ANSI escapes included) so scraped text cannot drive a terminal.
pub fn terminal_safe(text: &str) -> String {
    text.chars()
        .flat_map(|c| {
            if c.is_control() && c != '\n' {
                c.escape_default().collect::<Vec<_>>()
            } else {
                vec![c]
            }
        })
        .collect()
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
        ]
        .iter()
        .map(|v| spreadsheet_safe(v.as_deref().unwrap_or("")))
        .collect()
    }
}
