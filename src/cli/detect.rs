//! `greysweep detect --brands REGISTRY.toml --input LISTINGS.csv [--out AUDIT.csv]`:
//! detection alone, over listings an analyst already has (or an old sweep's
//! `listings.csv` after the registry changed). The `extraction` column carries over from
//! the input when it has one (`profile`/`auto`), else it is empty.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use chrono::{DateTime, Utc};
use url::Url;

use crate::extract::{ExtractionMethod, Listing};
use crate::output::{Comparison, unprotect_cell, write_audit, write_audit_to};
use crate::seller::{JOINABLE, Joined};
use crate::store::ListingRecord;

/// Run brand detection over a listings CSV (greysweep's `listings.csv` columns: at least
/// `title`; `seller_name`, `seller_url`, `seller_id`, `price` and the others are used when present)
/// and write the audit rows.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    brands: super::BrandArgs,
    /// The listings CSV.
    #[arg(long, value_name = "LISTINGS.csv")]
    input: PathBuf,
    /// Write the audit here instead of to standard output.
    #[arg(long, value_name = "AUDIT.csv")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let mut detector = args.brands.detector()?;
    let listings = read_listings(&args.input)?;
    // Brands whose registry entry gives no classes learn them from these listings first.
    for l in detector.learn_classes(listings.iter().map(crate::sweep::subject_of)) {
        crate::progress::info(&learned_text(&l));
    }
    let listings: Vec<ListingRecord> = listings
        .into_iter()
        .map(|mut l| {
            l.findings = crate::sweep::assess(&detector, &l);
            l
        })
        .collect();
    let id = "detect";
    let (rows, _) = match &args.out {
        Some(path) => write_audit(path, id, &listings, &Comparison::default())?,
        None => {
            let stdout = std::io::stdout().lock();
            let r = write_audit_to(stdout, id, &listings, &Comparison::default())?;
            std::io::stdout().flush()?;
            r
        }
    };
    crate::progress::info(&format!(
        "{} listings read, {rows} flagged findings",
        listings.len()
    ));
    Ok(super::EXIT_OK)
}

/// One brand's learned classes in words.
fn learned_text(l: &crate::detect::LearnedClasses) -> String {
    let classes: Vec<String> = l.added.iter().map(u8::to_string).collect();
    format!(
        "{}: no classes in the registry; {} listing(s) naming it with goods read{}",
        l.brand,
        l.listings,
        if classes.is_empty() {
            ", no class added".to_string()
        } else {
            format!(", class(es) {} learned from them", classes.join(", "))
        }
    )
}

/// The join columns of a `listings.csv` row (`joined_fields`, `seller_warc_file`,
/// `seller_warc_record_id`), carried over so the audit shows them too.
fn joined_from(get: &dyn Fn(&str) -> Option<String>) -> Option<Joined> {
    let (fields, file, record) = (
        get("joined_fields"),
        get("seller_warc_file"),
        get("seller_warc_record_id"),
    );
    if fields.is_none() && file.is_none() && record.is_none() {
        return None;
    }
    let fields = fields.unwrap_or_default();
    Some(Joined {
        fields: JOINABLE
            .iter()
            .copied()
            .filter(|f| fields.split(';').any(|g| g.trim() == *f))
            .collect(),
        seller_page_url: String::new(),
        seller_warc_file: file,
        seller_warc_record_id: record,
        contacts: Vec::new(),
    })
}

/// Reads listing rows by column name; `title` is required.
fn read_listings(path: &std::path::Path) -> anyhow::Result<Vec<ListingRecord>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(path)
        .with_context(|| format!("reading {}", path.display()))?;
    let headers = reader.headers()?.clone();
    let col: HashMap<&str, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.trim(), i))
        .collect();
    if !col.contains_key("title") {
        anyhow::bail!(
            "{}: no `title` column (columns: {})",
            path.display(),
            headers.iter().collect::<Vec<_>>().join(", ")
        );
    }
    let blank = Url::parse("about:blank")?;
    let mut out = Vec::new();
    for (n, row) in reader.records().enumerate() {
        let row = row.with_context(|| format!("{}: row {}", path.display(), n + 2))?;
        let get = |name: &str| -> Option<String> {
            let v = unprotect_cell(row.get(*col.get(name)?)?.trim());
            (!v.is_empty()).then(|| v.to_string())
        };
        let listing = Listing {
            title: get("title"),
            price: get("price"),
            moq: get("moq"),
            seller_name: get("seller_name"),
            seller_url: get("seller_url"),
            location: get("location"),
            product_url: get("product_url").or_else(|| get("listing_url")),
            product_id: get("product_id"),
            description: get("description"),
            seller_id: get("seller_id"),
        };
        out.push(ListingRecord {
            site: get("site").unwrap_or_else(|| "input".to_string()),
            listing_url: get("listing_url")
                .or_else(|| get("product_url"))
                .unwrap_or_default(),
            page_url: get("page_url")
                .and_then(|u| Url::parse(&u).ok())
                .unwrap_or_else(|| blank.clone()),
            fetched_at: get("fetched_at")
                .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
                .map_or_else(Utc::now, |t| t.with_timezone(&Utc)),
            http_status: get("http_status").and_then(|s| s.parse().ok()).unwrap_or(0),
            page_sha256: get("page_sha256").unwrap_or_default(),
            warc_file: get("warc_file"),
            warc_record_id: get("warc_record_id"),
            extraction: match get("extraction").as_deref() {
                Some("profile") => Some(ExtractionMethod::Profile),
                Some("auto") => Some(ExtractionMethod::Auto),
                _ => None,
            },
            joined: joined_from(&get),
            listing,
            findings: Vec::new(),
        });
    }
    Ok(out)
}
