//! Takedown batches: a sweep's flagged findings grouped per platform and cut into CSV files
//! no longer than that platform's complaint tool accepts, `takedown/<site>-001.csv`,
//! `-002…`, ready to paste or upload.
//!
//! Input is the sweep folder's `audit.csv`. One row per listing URL within a platform
//! (a listing flagged for several brands becomes one row, brands `; `-joined), highest
//! risk first. `compatibility_mention` findings are left out: "compatible with X" is
//! usually lawful, and a rights holder whose complaints fail is sanctioned by the
//! platform. Batch sizes are in [`batch_limit`]. Cells are spreadsheet-safe again on the
//! way out. This module does not file anything.
//!
//! Each file is a batch whose id is `<sweep folder name>/<file stem>`
//! ([`crate::case::outcome::batch_id`]); `takedown/batches.csv` lists them (`batch_id`,
//! `file`, `site`, `listings`), and a sweep records them in its state so
//! `greysweep takedown sent BATCH_ID` can follow their outcome.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::output::spreadsheet_safe;
use crate::report::audit::{AuditRow, AuditRows, read_audit_unsigned};

/// The batches' folder in the sweep folder.
pub const TAKEDOWN_DIR: &str = "takedown";

/// Links per complaint when the platform is not one we know.
pub const DEFAULT_BATCH: usize = 200;

/// Columns of a batch file, in order.
pub const TAKEDOWN_COLUMNS: &[&str] = &[
    "listing_url",
    "product_id",
    "title",
    "seller_name",
    "seller_url",
    "brand",
    "category",
    "matched_text",
    "signals",
    "page_sha256",
    "fetched_at",
];

/// Links one complaint may carry on the platform a site profile is named after:
/// Alibaba's IPP takes 300, Made-in-China 800, anything else [`DEFAULT_BATCH`].
pub fn batch_limit(site: &str) -> usize {
    let s = site.to_ascii_lowercase();
    let compact: String = s.chars().filter(char::is_ascii_alphanumeric).collect();
    if compact.contains("madeinchina") {
        800
    } else if compact.contains("alibaba") {
        300
    } else {
        DEFAULT_BATCH
    }
}

/// A site name as a file name: ASCII letters, digits, `.`, `-`, `_`; anything else `_`.
fn file_stem(site: &str) -> String {
    let stem: String = site
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    let stem = stem.trim_start_matches('.').to_string();
    if stem.is_empty() {
        "unknown".to_string()
    } else {
        stem
    }
}

/// One listing to take down (several findings of the same URL merged). Its rows' signals
/// are read back from `audit.csv` when its batch is written (`rows`: where they start).
struct Entry {
    score: u32,
    row: AuditRow,
    brands: Vec<String>,
    categories: Vec<String>,
    matched: Vec<String>,
    /// Where each of its rows starts in `audit.csv` (or, for a row read from elsewhere,
    /// its signals).
    rows: Vec<(Option<csv::Position>, String)>,
}

impl Entry {
    /// Adds one audit row of the same listing.
    fn merge(&mut self, row: &AuditRow) {
        self.score = self.score.max(row.score());
        push_unique(&mut self.brands, [row.brand.clone()]);
        push_unique(&mut self.categories, [row.category.clone()]);
        push_unique(&mut self.matched, [row.matched_text.clone()]);
        // Only where the row starts: its signals are read back when written.
        self.rows.push((row.at.clone(), row.signals.clone()));
    }

    /// The signals of its rows, in audit order, each once.
    fn signals(&self, audit: &mut AuditRows) -> std::io::Result<Vec<String>> {
        let mut signals = Vec::new();
        for (at, own) in &self.rows {
            let read;
            let text = match at {
                Some(at) => {
                    read = audit.full(&AuditRow {
                        at: Some(at.clone()),
                        ..AuditRow::default()
                    })?;
                    &read.signals
                }
                None => own,
            };
            push_unique(&mut signals, text.split("; ").map(|x| x.trim().to_string()));
        }
        Ok(signals)
    }
}

/// One platform's listings, in audit order, and where each URL is.
struct Platform {
    limit: usize,
    entries: Vec<Entry>,
    by_url: HashMap<String, usize>,
}

fn push_unique(v: &mut Vec<String>, items: impl IntoIterator<Item = String>) {
    for i in items {
        if !i.is_empty() && !v.contains(&i) {
            v.push(i);
        }
    }
}

/// The index of a sweep's batches in its `takedown/` folder.
pub const BATCH_INDEX: &str = "batches.csv";

/// Columns of `takedown/batches.csv`.
pub const BATCH_INDEX_COLUMNS: &[&str] = &["batch_id", "file", "site", "listings"];

/// One listing of a written batch.
#[derive(Debug, Clone)]
pub struct BatchEntry {
    /// The audit row it was made from (its first, when several brands).
    pub row: AuditRow,
    /// Its brands, in audit order.
    pub brands: Vec<String>,
}

/// One batch file written.
#[derive(Debug, Clone)]
pub struct Batch {
    /// `<sweep folder name>/<file stem>`.
    pub id: String,
    /// Its file.
    pub path: PathBuf,
    /// Its file relative to the sweep folder (`takedown/<stem>.csv`).
    pub file: String,
    /// The site of its listings.
    pub site: String,
    /// Its listings, in file order.
    pub entries: Vec<BatchEntry>,
}

/// Reads `sweep_dir/audit.csv` and writes the batches under `sweep_dir/takedown/`
/// (replacing the `.csv` files there). Returns the files written, sorted.
pub fn write_takedown(sweep_dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    Ok(write_batches(sweep_dir)?
        .into_iter()
        .map(|b| b.path)
        .collect())
}

/// [`write_takedown`], returning each batch with its id and listings, and writing
/// `takedown/batches.csv`.
pub fn write_batches(sweep_dir: &Path) -> anyhow::Result<Vec<Batch>> {
    let folder = sweep_dir
        .file_name()
        .map_or_else(|| "sweep".to_string(), |n| n.to_string_lossy().into_owned());
    // Rows without their signals (the longest cell); a batch reads them back as it is
    // written.
    let audit_path = sweep_dir.join("audit.csv");
    let rows = read_audit_unsigned(&audit_path)?;
    let mut audit = AuditRows::open(&audit_path)?;
    let dir = sweep_dir.join(TAKEDOWN_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "csv") && path.is_file() {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }

    // platform file stem → its listings
    let mut platforms: BTreeMap<String, Platform> = BTreeMap::new();
    for row in rows {
        if row.category == "compatibility_mention" || row.listing_url.trim().is_empty() {
            continue;
        }
        let p = platforms
            .entry(file_stem(&row.site))
            .or_insert_with(|| Platform {
                limit: batch_limit(&row.site),
                entries: Vec::new(),
                by_url: HashMap::new(),
            });
        let url = row.listing_url.trim().to_string();
        let i = match p.by_url.get(&url) {
            Some(&i) => i,
            None => {
                p.by_url.insert(url, p.entries.len());
                p.entries.push(Entry {
                    score: 0,
                    // The listing's first row, moved in below.
                    row: AuditRow::default(),
                    brands: Vec::new(),
                    categories: Vec::new(),
                    matched: Vec::new(),
                    rows: Vec::new(),
                });
                p.entries.len() - 1
            }
        };
        let e = &mut p.entries[i];
        e.merge(&row);
        if e.rows.len() == 1 {
            e.row = row;
        }
    }

    let mut written = Vec::new();
    for (
        stem,
        Platform {
            limit, mut entries, ..
        },
    ) in platforms
    {
        entries.sort_by(|a, b| {
            b.score
                .cmp(&a.score)
                .then_with(|| a.row.listing_url.cmp(&b.row.listing_url))
        });
        for (n, batch) in entries.chunks(limit.max(1)).enumerate() {
            let file_stem = format!("{stem}-{:03}", n + 1);
            let path = dir.join(format!("{file_stem}.csv"));
            crate::atomic::write_with(&path, |out| {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(TAKEDOWN_COLUMNS)?;
                for e in batch {
                    let r = &e.row;
                    let signals = e.signals(&mut audit)?;
                    let cells = [
                        r.listing_url.trim().to_string(),
                        r.product_id.clone(),
                        r.title.clone(),
                        r.seller_name.clone(),
                        r.seller_url.clone(),
                        e.brands.join("; "),
                        e.categories.join("; "),
                        e.matched.join("; "),
                        signals.join("; "),
                        r.page_sha256.clone(),
                        r.fetched_at.clone(),
                    ];
                    w.write_record(cells.iter().map(|c| spreadsheet_safe(c)))?;
                }
                w.flush()?;
                Ok(())
            })?;
            written.push(Batch {
                id: crate::case::outcome::batch_id(&folder, &file_stem),
                path,
                file: format!("{TAKEDOWN_DIR}/{file_stem}.csv"),
                site: batch
                    .first()
                    .map(|e| e.row.site.clone())
                    .unwrap_or_default(),
                entries: batch
                    .iter()
                    .map(|e| BatchEntry {
                        row: e.row.clone(),
                        brands: e.brands.clone(),
                    })
                    .collect(),
            });
        }
    }
    written.sort_by(|a, b| a.path.cmp(&b.path));
    let index = dir.join(BATCH_INDEX);
    let mut w =
        csv::Writer::from_path(&index).with_context(|| format!("creating {}", index.display()))?;
    w.write_record(BATCH_INDEX_COLUMNS)?;
    for b in &written {
        let cells = [
            b.id.clone(),
            b.file.clone(),
            b.site.clone(),
            b.entries.len().to_string(),
        ];
        w.write_record(cells.iter().map(|c| spreadsheet_safe(c)))?;
    }
    w.flush()
        .with_context(|| format!("writing {}", index.display()))?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn findings_of_one_listing_merge_their_signals_read_back_from_the_audit() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::write(
            dir.path().join("audit.csv"),
            "site,listing_url,brand,category,matched_text,risk_score,signals,title\n\
             demo,https://d.example/p/1,Nike,unauthorised_brand_use,Nike,55,\"a; b\",Shoe\n\
             demo,https://d.example/p/2,Gucci,unauthorised_brand_use,Gucci,60,c,Bag\n\
             demo,https://d.example/p/1,Adidas,counterfeit_indicators,Adidas,80,\"b; =d\",Shoe\n",
        )
        .expect("write audit");
        let batches = write_batches(dir.path()).expect("batches");
        assert_eq!(batches.len(), 1);
        assert_eq!(batches[0].entries.len(), 2);
        let mut r = csv::Reader::from_path(&batches[0].path).expect("batch file");
        let rows: Vec<csv::StringRecord> = r.records().map(|x| x.expect("row")).collect();
        // Highest score first: the merged listing (80), then the other (60).
        assert_eq!(&rows[0][0], "https://d.example/p/1");
        assert_eq!(&rows[0][5], "Nike; Adidas");
        assert_eq!(&rows[0][8], "a; b; =d");
        assert_eq!(&rows[1][8], "c");
    }

    #[test]
    fn platform_limits() {
        assert_eq!(batch_limit("alibaba"), 300);
        assert_eq!(batch_limit("Alibaba.com"), 300);
        assert_eq!(batch_limit("made-in-china"), 800);
        assert_eq!(batch_limit("made_in_china"), 800);
        assert_eq!(batch_limit("dhgate"), DEFAULT_BATCH);
        assert_eq!(batch_limit("demo"), DEFAULT_BATCH);
    }

    #[test]
    fn file_stems_are_safe() {
        assert_eq!(file_stem("Made-in-China"), "made-in-china");
        assert_eq!(file_stem("../../etc/x"), "_.._etc_x");
        assert_eq!(file_stem(""), "unknown");
        assert_eq!(file_stem("a b/c"), "a_b_c");
    }
}
