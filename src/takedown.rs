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

use crate::output::{spreadsheet_safe, unprotect_cell};
use crate::report::audit::{AuditRow, AuditRows, each_record};
use crate::texts::Texts;

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

/// One listing to take down (several findings of the same URL merged), held compact: its
/// URL, its best score, the distinct brands, categories and matched texts of its rows (as
/// [`Texts`] ids) and where each of its rows starts in `audit.csv`. The rows' other cells
/// (title, seller, signals…) are read back when its batch is written, so a sweep's
/// findings cost a few dozen bytes each here, not a whole row.
struct Entry {
    score: u32,
    url: Box<str>,
    brands: Vec<u32>,
    categories: Vec<u32>,
    matched: Vec<u32>,
    /// Where each of its rows starts in `audit.csv`, in audit order.
    rows: Vec<csv::Position>,
}

impl Entry {
    /// Adds one audit row of the same listing.
    fn merge(&mut self, row: &Head, at: csv::Position, texts: &mut Texts) {
        self.score = self.score.max(row.score());
        for (list, text) in [
            (&mut self.brands, &row.brand),
            (&mut self.categories, &row.category),
            (&mut self.matched, &row.matched_text),
        ] {
            let text = unprotect_cell(text);
            if !text.is_empty() {
                let id = texts.id(text);
                if !list.contains(&id) {
                    list.push(id);
                }
            }
        }
        self.rows.push(at);
    }

    /// Its first row, whole, and the signals of all its rows (in audit order, each once).
    fn read(&self, audit: &mut AuditRows) -> std::io::Result<(AuditRow, Vec<String>)> {
        let mut first = None;
        let mut signals = Vec::new();
        for at in &self.rows {
            let row = audit.full(&AuditRow {
                at: Some(at.clone()),
                ..AuditRow::default()
            })?;
            push_unique(
                &mut signals,
                row.signals.split("; ").map(|x| x.trim().to_string()),
            );
            if first.is_none() {
                first = Some(row);
            }
        }
        Ok((first.unwrap_or_default(), signals))
    }
}

/// The cells of an audit row that group it into a batch.
#[derive(serde::Deserialize)]
struct Head {
    #[serde(default)]
    site: String,
    #[serde(default)]
    listing_url: String,
    #[serde(default)]
    brand: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    matched_text: String,
    #[serde(default)]
    risk_score: String,
}

impl Head {
    fn score(&self) -> u32 {
        unprotect_cell(&self.risk_score).trim().parse().unwrap_or(0)
    }
}

/// One platform's listings, in audit order, and where each URL is: by a 64-bit hash of
/// the URL, with the rare URLs whose hash another URL already has kept whole.
struct Platform {
    limit: usize,
    entries: Vec<Entry>,
    by_hash: HashMap<u64, u32>,
    clashes: HashMap<Box<str>, u32>,
}

impl Platform {
    /// The index of `url`'s entry, made when it has none.
    fn entry(&mut self, url: &str) -> usize {
        use std::hash::{Hash, Hasher};
        let mut h = std::hash::DefaultHasher::new();
        url.hash(&mut h);
        let hash = h.finish();
        let fresh = |entries: &mut Vec<Entry>| {
            entries.push(Entry {
                score: 0,
                url: url.into(),
                brands: Vec::new(),
                categories: Vec::new(),
                matched: Vec::new(),
                rows: Vec::new(),
            });
            entries.len() as u32 - 1
        };
        match self.by_hash.get(&hash) {
            None => {
                let i = fresh(&mut self.entries);
                self.by_hash.insert(hash, i);
                i as usize
            }
            Some(&i) if &*self.entries[i as usize].url == url => i as usize,
            Some(_) => match self.clashes.get(url) {
                Some(&i) => i as usize,
                None => {
                    let i = fresh(&mut self.entries);
                    self.clashes.insert(url.into(), i);
                    i as usize
                }
            },
        }
    }
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
    let mut all = Vec::new();
    each_batch(sweep_dir, &mut |b| {
        all.push(b);
        Ok(())
    })?;
    all.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(all)
}

/// Writes the batches like [`write_batches`], handing each to `f` as soon as its file is
/// written instead of keeping them: memory holds one batch's rows at a time, and a compact
/// entry per listing (see [`Entry`]), whatever the number of findings.
pub fn each_batch(
    sweep_dir: &Path,
    f: &mut dyn FnMut(Batch) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let folder = sweep_dir
        .file_name()
        .map_or_else(|| "sweep".to_string(), |n| n.to_string_lossy().into_owned());
    let audit_path = sweep_dir.join("audit.csv");
    let dir = sweep_dir.join(TAKEDOWN_DIR);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    for entry in std::fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "csv") && path.is_file() {
            std::fs::remove_file(&path).with_context(|| format!("removing {}", path.display()))?;
        }
    }

    // platform file stem → its listings, read from the audit a row at a time
    let mut texts = Texts::default();
    let mut platforms: BTreeMap<String, Platform> = BTreeMap::new();
    each_record(&audit_path, &mut |row: Head, at| {
        let url = unprotect_cell(&row.listing_url).trim();
        if unprotect_cell(&row.category) == "compatibility_mention" || url.is_empty() {
            return Ok(());
        }
        let site = unprotect_cell(&row.site);
        let p = platforms
            .entry(file_stem(site))
            .or_insert_with(|| Platform {
                limit: batch_limit(site),
                entries: Vec::new(),
                by_hash: HashMap::new(),
                clashes: HashMap::new(),
            });
        let i = p.entry(url);
        p.entries[i].merge(&row, at, &mut texts);
        Ok(())
    })?;

    let mut audit = AuditRows::open(&audit_path)?;
    let mut index = Vec::new();
    for (
        stem,
        Platform {
            limit, mut entries, ..
        },
    ) in platforms
    {
        entries.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.url.cmp(&b.url)));
        for (n, batch) in entries.chunks(limit.max(1)).enumerate() {
            let file_stem = format!("{stem}-{:03}", n + 1);
            let path = dir.join(format!("{file_stem}.csv"));
            let mut listed = Vec::with_capacity(batch.len());
            crate::atomic::write_with(&path, |out| {
                let mut w = csv::Writer::from_writer(out);
                w.write_record(TAKEDOWN_COLUMNS)?;
                for e in batch {
                    let (r, signals) = e.read(&mut audit)?;
                    let brands = texts.join(&e.brands);
                    let cells = [
                        r.listing_url.trim().to_string(),
                        r.product_id.clone(),
                        r.title.clone(),
                        r.seller_name.clone(),
                        r.seller_url.clone(),
                        brands,
                        texts.join(&e.categories),
                        texts.join(&e.matched),
                        signals.join("; "),
                        r.page_sha256.clone(),
                        r.fetched_at.clone(),
                    ];
                    w.write_record(cells.iter().map(|c| spreadsheet_safe(c)))?;
                    listed.push(BatchEntry {
                        brands: e.brands.iter().map(|&i| texts.get(i).to_string()).collect(),
                        row: AuditRow {
                            signals: String::new(),
                            ..r
                        },
                    });
                }
                w.flush()?;
                Ok(())
            })?;
            let batch = Batch {
                id: crate::case::outcome::batch_id(&folder, &file_stem),
                path,
                file: format!("{TAKEDOWN_DIR}/{file_stem}.csv"),
                site: listed
                    .first()
                    .map(|e| e.row.site.clone())
                    .unwrap_or_default(),
                entries: listed,
            };
            index.push([
                batch.id.clone(),
                batch.file.clone(),
                batch.site.clone(),
                batch.entries.len().to_string(),
            ]);
            f(batch)?;
        }
    }
    index.sort_by(|a, b| a[1].cmp(&b[1]));
    let index_path = dir.join(BATCH_INDEX);
    let mut w = csv::Writer::from_path(&index_path)
        .with_context(|| format!("creating {}", index_path.display()))?;
    w.write_record(BATCH_INDEX_COLUMNS)?;
    for cells in &index {
        w.write_record(cells.iter().map(|c| spreadsheet_safe(c)))?;
    }
    w.flush()
        .with_context(|| format!("writing {}", index_path.display()))?;
    Ok(())
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
    fn a_url_whose_hash_another_url_has_gets_its_own_entry() {
        use std::hash::{Hash, Hasher};
        let mut p = Platform {
            limit: 10,
            entries: Vec::new(),
            by_hash: HashMap::new(),
            clashes: HashMap::new(),
        };
        assert_eq!(p.entry("https://d.example/p/1"), 0);
        // Pretend the second URL hashes like the first.
        let mut h = std::hash::DefaultHasher::new();
        "https://d.example/p/2".hash(&mut h);
        p.by_hash.insert(h.finish(), 0);
        assert_eq!(p.entry("https://d.example/p/2"), 1);
        assert_eq!(p.entry("https://d.example/p/2"), 1);
        assert_eq!(p.entry("https://d.example/p/1"), 0);
        assert_eq!(&*p.entries[1].url, "https://d.example/p/2");
    }

    #[test]
    fn batches_are_handed_out_one_at_a_time_and_indexed_in_file_order() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut audit =
            String::from("site,listing_url,brand,category,matched_text,risk_score,signals,title\n");
        // 250 listings on one platform (two batches of at most 200), one with a
        // spreadsheet-protected brand cell, and a compatibility mention left out.
        for i in 0..250 {
            audit.push_str(&format!(
                "demo,https://d.example/p/{i},Nike,unauthorised_brand_use,Nike,{},s{i},T{i}\n",
                50 + i % 7
            ));
        }
        audit.push_str("demo,https://d.example/p/7,'=Evil,unauthorised_brand_use,x,99,e,T7\n");
        audit.push_str("demo,https://d.example/c/1,Nike,compatibility_mention,Nike,15,c,C1\n");
        std::fs::write(dir.path().join("audit.csv"), audit).expect("write audit");
        let mut seen = Vec::new();
        each_batch(dir.path(), &mut |b| {
            seen.push((b.file.clone(), b.entries.len()));
            Ok(())
        })
        .expect("batches");
        assert_eq!(
            seen,
            vec![
                ("takedown/demo-001.csv".to_string(), 200),
                ("takedown/demo-002.csv".to_string(), 50)
            ]
        );
        let mut r =
            csv::Reader::from_path(dir.path().join("takedown/demo-001.csv")).expect("batch");
        let first = r.records().next().expect("a row").expect("row");
        // The merged listing scores 99 and leads; the joined cell does not start with
        // `=`, so it needs no protection.
        assert_eq!(&first[0], "https://d.example/p/7");
        assert_eq!(&first[5], "Nike; =Evil");
        assert_eq!(&first[8], "s7; e");
        let index =
            std::fs::read_to_string(dir.path().join("takedown/batches.csv")).expect("index");
        assert!(index.contains("takedown/demo-001.csv,demo,200"), "{index}");
        assert!(index.contains("takedown/demo-002.csv,demo,50"), "{index}");
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
