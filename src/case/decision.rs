//! Analysts' decisions on findings, and the allow-list that `authorised` decisions feed.
//!
//! A decision is made once on a finding — a listing ([`ListingRecord::key`]) and a brand —
//! and every later sweep of the state respects it:
//!
//! - `confirmed`: the finding stays flagged, with its decision in `audit.csv`;
//! - `dismissed`: the finding is not flagged again while the listing's title and price are
//!   what they were when it was dismissed; a changed title or price reopens it (flagged,
//!   no decision, a signal saying what changed);
//! - `authorised`: the listing's seller (by seller id, else store URL, else name) goes on
//!   the state's allow-list for that brand and site, and detection treats every listing of
//!   that seller and brand on that site as `authorised`, as if the registry named it (the
//!   registry file is not edited);
//! - `open`: withdraws the previous decision (back into the queue).
//!
//! Decisions are appended, never overwritten: the latest one of a finding is in force, the
//! earlier ones stay in the state as its history (who, when, note, where from). This module
//! is pure apart from [`import`], which reads an `audit.csv` an analyst edited and records
//! what it can, reporting every row it could not apply with its line number.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use anyhow::Context;
use chrono::{DateTime, Utc};
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::detect::Category;
use crate::output::unprotect_cell;
use crate::store::{FindingKey, ListingRecord, Store};

/// What an analyst decided about a finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    /// Infringing: stays flagged.
    Confirmed,
    /// Not infringing: not flagged again while the listing's text is unchanged.
    Dismissed,
    /// The seller is authorised for the brand: allow-listed.
    Authorised,
    /// A previous decision withdrawn: the finding is open again.
    Open,
}

impl Decision {
    /// Every decision, in the order outputs list them.
    pub const ALL: &'static [Decision] = &[
        Decision::Confirmed,
        Decision::Dismissed,
        Decision::Authorised,
        Decision::Open,
    ];

    /// The word stored and shown.
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Confirmed => "confirmed",
            Decision::Dismissed => "dismissed",
            Decision::Authorised => "authorised",
            Decision::Open => "open",
        }
    }

    /// Parses a decision as an analyst types it: case and surrounding spaces ignored,
    /// `authorized` accepted for `authorised`.
    pub fn parse(s: &str) -> Option<Decision> {
        Some(match s.trim().to_lowercase().as_str() {
            "confirmed" => Decision::Confirmed,
            "dismissed" => Decision::Dismissed,
            "authorised" | "authorized" => Decision::Authorised,
            "open" => Decision::Open,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Decision {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One decision as kept in the state: the finding, the decision, who made it, when, why,
/// and the listing's text and seller as they were when it was made.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DecisionRecord {
    /// The listing's key ([`ListingRecord::key`]).
    pub listing: String,
    /// The brand, lowercased.
    pub brand_key: String,
    /// The brand as the registry writes it.
    pub brand: String,
    /// What was decided.
    pub decision: Decision,
    /// The analyst's note (may be empty).
    pub note: String,
    /// Who decided.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The sweep whose finding was decided on.
    pub sweep: String,
    /// The listing's site.
    pub site: String,
    /// The listing's title when decided.
    pub title: Option<String>,
    /// The listing's price when decided.
    pub price: Option<String>,
    /// The seller's id when decided.
    pub seller_id: Option<String>,
    /// The seller's URL when decided.
    pub seller_url: Option<String>,
    /// The seller's name when decided.
    pub seller_name: Option<String>,
    /// Where the decision came from: `review` or `import FILE:LINE`.
    pub source: String,
}

impl DecisionRecord {
    /// A decision on the finding of `brand` in listing `rec` of sweep `sweep`.
    #[allow(clippy::too_many_arguments)]
    pub fn of(
        rec: &ListingRecord,
        brand: &str,
        decision: Decision,
        note: &str,
        decided_by: &str,
        decided_at: DateTime<Utc>,
        sweep: &str,
        source: &str,
    ) -> DecisionRecord {
        let l = &rec.listing;
        DecisionRecord {
            listing: rec.key(),
            brand_key: brand.to_lowercase(),
            brand: brand.to_string(),
            decision,
            note: note.trim().to_string(),
            decided_by: decided_by.to_string(),
            decided_at,
            sweep: sweep.to_string(),
            site: rec.site.clone(),
            title: l.title.clone(),
            price: l.price.clone(),
            seller_id: l.seller_id.clone(),
            seller_url: l.seller_url.clone(),
            seller_name: l.seller_name.clone(),
            source: source.to_string(),
        }
    }

    /// The finding decided on.
    pub fn key(&self) -> FindingKey {
        FindingKey {
            listing: self.listing.clone(),
            brand: self.brand_key.clone(),
        }
    }

    /// The finding's short id ([`finding_id`]).
    pub fn finding_id(&self) -> String {
        finding_id(&self.key())
    }

    /// What changed in the listing's text since this decision (`None`: nothing).
    pub fn text_change(&self, rec: &ListingRecord) -> Option<&'static str> {
        let title = same_text(self.title.as_deref(), rec.listing.title.as_deref());
        let price = same_text(self.price.as_deref(), rec.listing.price.as_deref());
        match (title, price) {
            (true, true) => None,
            (false, true) => Some("title"),
            (true, false) => Some("price"),
            (false, false) => Some("title and price"),
        }
    }
}

/// A finding's short id: the first 12 hex digits of the SHA-256 of its listing key and
/// brand. Stable across sweeps (it depends on nothing else), printed by `review --list`
/// and taken by `review --finding`.
pub fn finding_id(key: &FindingKey) -> String {
    let mut h = Sha256::new();
    h.update(key.listing.as_bytes());
    h.update(b"\n");
    h.update(key.brand.as_bytes());
    hex::encode(h.finalize())[..12].to_string()
}

/// Texts compared with whitespace runs collapsed and ends trimmed (a re-rendered page that
/// only re-flowed spaces is the same text); a missing value is an empty one.
fn same_text(a: Option<&str>, b: Option<&str>) -> bool {
    let norm = |s: Option<&str>| {
        s.unwrap_or("")
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
    };
    norm(a) == norm(b)
}

/// How an allow-list entry recognises the seller: the strongest identity the listing had.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "by", content = "value", rename_all = "snake_case")]
pub enum SellerIdentity {
    /// The marketplace's seller id, exactly.
    SellerId(String),
    /// The seller's store URL, normalised ([`crate::seller::normalise_url`]).
    SellerUrl(String),
    /// The seller's name, case and whitespace runs ignored.
    SellerName(String),
}

impl SellerIdentity {
    /// The identity of the seller of a decision: its id, else its store URL when it has a
    /// path (a bare host would allow a whole marketplace), else its name.
    pub fn of(d: &DecisionRecord) -> Option<SellerIdentity> {
        let nonempty = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        if let Some(id) = nonempty(&d.seller_id) {
            return Some(SellerIdentity::SellerId(id));
        }
        if let Some(url) = nonempty(&d.seller_url)
            .and_then(|u| crate::seller::normalise_url(&u))
            .filter(|u| u.trim_end_matches('/').contains('/'))
        {
            return Some(SellerIdentity::SellerUrl(url));
        }
        nonempty(&d.seller_name).map(|n| SellerIdentity::SellerName(fold_name(&n)))
    }

    fn matches(&self, rec: &ListingRecord) -> bool {
        let l = &rec.listing;
        match self {
            SellerIdentity::SellerId(id) => {
                l.seller_id.as_deref().map(str::trim) == Some(id.as_str())
            }
            SellerIdentity::SellerUrl(u) => l
                .seller_url
                .as_deref()
                .and_then(crate::seller::normalise_url)
                .is_some_and(|x| &x == u),
            SellerIdentity::SellerName(n) => {
                l.seller_name.as_deref().is_some_and(|x| fold_name(x) == *n)
            }
        }
    }

    /// The identity as one line of text.
    pub fn describe(&self) -> String {
        match self {
            SellerIdentity::SellerId(v) => format!("seller id {v}"),
            SellerIdentity::SellerUrl(v) => format!("store {v}"),
            SellerIdentity::SellerName(v) => format!("seller name {v}"),
        }
    }
}

fn fold_name(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// One seller allowed to use one brand on one site, by an `authorised` decision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AllowEntry {
    /// The site.
    pub site: String,
    /// The brand, lowercased.
    pub brand_key: String,
    /// The brand as written.
    pub brand: String,
    /// How the seller is recognised.
    pub seller: SellerIdentity,
    /// The decision that put it there.
    pub decided_by: String,
    /// When.
    pub decided_at: DateTime<Utc>,
    /// The decision's note.
    pub note: String,
    /// The finding decided on.
    pub finding_id: String,
}

/// What the decisions in force did to one flagged finding of a sweep.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// No decision: the finding is in the review queue.
    Open,
    /// Confirmed earlier: flagged, with its decision.
    Confirmed,
    /// Dismissed earlier and the text is unchanged: not flagged.
    Dismissed,
    /// Dismissed earlier, but the title or price changed: flagged again, open.
    Reopened,
    /// The seller is on the allow-list for the brand: `authorised`, not flagged.
    Authorised,
}

/// The decisions in force in a state: the latest decision of each finding, and the
/// allow-list built from the `authorised` ones.
#[derive(Debug, Default, Clone)]
pub struct Decisions {
    current: HashMap<FindingKey, DecisionRecord>,
    allow: Vec<AllowEntry>,
}

impl Decisions {
    /// The decisions in force, from the latest decision of each finding (see
    /// [`crate::store::Store::decision_current`]); `open` ones withdraw.
    pub fn new(latest: Vec<DecisionRecord>) -> Decisions {
        let mut current = HashMap::new();
        let mut allow = Vec::new();
        for d in latest {
            if d.decision == Decision::Open {
                continue;
            }
            if d.decision == Decision::Authorised
                && let Some(seller) = SellerIdentity::of(&d)
            {
                allow.push(AllowEntry {
                    site: d.site.clone(),
                    brand_key: d.brand_key.clone(),
                    brand: d.brand.clone(),
                    seller,
                    decided_by: d.decided_by.clone(),
                    decided_at: d.decided_at,
                    note: d.note.clone(),
                    finding_id: d.finding_id(),
                });
            }
            current.insert(d.key(), d);
        }
        allow.sort_by(|a, b| {
            (&a.site, &a.brand_key, a.decided_at).cmp(&(&b.site, &b.brand_key, b.decided_at))
        });
        allow.dedup_by(|a, b| {
            a.site == b.site && a.brand_key == b.brand_key && a.seller == b.seller
        });
        Decisions { current, allow }
    }

    /// The decision in force on a finding.
    pub fn get(&self, key: &FindingKey) -> Option<&DecisionRecord> {
        self.current.get(key)
    }

    /// Every decision in force.
    pub fn current(&self) -> impl Iterator<Item = &DecisionRecord> {
        self.current.values()
    }

    /// The allow-list.
    pub fn allow_list(&self) -> &[AllowEntry] {
        &self.allow
    }

    /// The allow-list entry that covers a listing's seller for `brand`.
    fn allowed(&self, rec: &ListingRecord, brand_key: &str) -> Option<&AllowEntry> {
        self.allow
            .iter()
            .find(|a| a.site == rec.site && a.brand_key == brand_key && a.seller.matches(rec))
    }

    /// Applies the decisions to a listing's findings (after detection): allow-listed
    /// sellers become `authorised` and unflagged, dismissed findings with unchanged text
    /// are unflagged, reopened ones gain a signal. Returns each finding that was flagged
    /// before, with what happened to it.
    pub fn apply(&self, rec: &mut ListingRecord) -> Vec<(FindingKey, Effect)> {
        if self.current.is_empty() {
            return rec
                .findings
                .iter()
                .filter(|f| f.flagged)
                .map(|f| (crate::output::finding_key(rec, &f.brand), Effect::Open))
                .collect();
        }
        let mut out = Vec::new();
        let key = rec.key();
        for i in 0..rec.findings.len() {
            if !rec.findings[i].flagged {
                continue;
            }
            let brand_key = rec.findings[i].brand.to_lowercase();
            let fkey = FindingKey {
                listing: key.clone(),
                brand: brand_key.clone(),
            };
            let own = self.current.get(&fkey);
            let allowed = self.allowed(rec, &brand_key).cloned();
            // The allow-list wins unless this finding's own confirmation is newer.
            let confirmed_later = own.is_some_and(|d| {
                d.decision == Decision::Confirmed
                    && allowed
                        .as_ref()
                        .is_some_and(|a| d.decided_at > a.decided_at)
            });
            let text_change = own.and_then(|d| d.text_change(rec));
            let f = &mut rec.findings[i];
            let effect = match (&allowed, own) {
                (Some(a), _) if !confirmed_later => {
                    f.signals.push(format!(
                        "{} is on the allow-list for {} (authorised by {} on {})",
                        a.seller.describe(),
                        a.brand,
                        a.decided_by,
                        a.decided_at.format("%Y-%m-%d")
                    ));
                    f.category = Category::Authorised;
                    f.flagged = false;
                    f.risk = 0;
                    Effect::Authorised
                }
                (_, Some(d)) if d.decision == Decision::Confirmed => Effect::Confirmed,
                (_, Some(d)) if d.decision == Decision::Dismissed => match text_change {
                    None => {
                        f.signals.push(format!(
                            "dismissed by {} on {}",
                            d.decided_by,
                            d.decided_at.format("%Y-%m-%d")
                        ));
                        f.flagged = false;
                        Effect::Dismissed
                    }
                    Some(what) => {
                        f.signals.push(format!(
                            "reopened: dismissed by {} on {}, but its {what} changed since",
                            d.decided_by,
                            d.decided_at.format("%Y-%m-%d")
                        ));
                        Effect::Reopened
                    }
                },
                (_, Some(d)) if d.decision == Decision::Authorised => {
                    f.signals.push(format!(
                        "reopened: authorised by {} on {}, but the listing's seller is no longer the one allow-listed",
                        d.decided_by,
                        d.decided_at.format("%Y-%m-%d")
                    ));
                    Effect::Reopened
                }
                _ => Effect::Open,
            };
            out.push((fkey, effect));
        }
        out
    }
}

/// The decisions in force of a kind (e.g. every `dismissed` finding, for relisting, or
/// every decision on a seller's findings, for dossiers), on findings of sweeps named `name`
/// (all names when `None`), in the order made.
pub fn in_force(
    store: &dyn Store,
    name: Option<&str>,
    decision: Decision,
) -> anyhow::Result<Vec<DecisionRecord>> {
    let of_name: Option<std::collections::HashSet<String>> = match name {
        Some(n) => Some(store.sweeps(Some(n))?.into_iter().map(|s| s.id).collect()),
        None => None,
    };
    Ok(store
        .decision_current()?
        .into_iter()
        .filter(|d| d.decision == decision)
        .filter(|d| of_name.as_ref().is_none_or(|ids| ids.contains(&d.sweep)))
        .collect())
}

/// `summary.json` `decisions`: what the decisions in force did to this sweep's findings.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DecisionFigures {
    /// Findings per decision in force: `confirmed` (flagged, in `audit.csv`),
    /// `dismissed` (not flagged: dismissed and unchanged), `authorised` (not flagged: the
    /// seller is allow-listed). Every decision is listed, zeros included.
    pub by_decision: BTreeMap<String, usize>,
    /// Flagged findings without a decision: the review queue (reopened ones included).
    pub open: usize,
    /// Of those, findings dismissed earlier whose title or price changed, or authorised
    /// earlier whose seller changed.
    pub reopened: usize,
    /// Entries on the state's allow-list.
    pub allow_listed_sellers: usize,
}

impl DecisionFigures {
    /// Figures with every decision at zero.
    pub fn new(allow_listed_sellers: usize) -> DecisionFigures {
        DecisionFigures {
            by_decision: [
                Decision::Confirmed,
                Decision::Dismissed,
                Decision::Authorised,
            ]
            .iter()
            .map(|d| (d.as_str().to_string(), 0))
            .collect(),
            open: 0,
            reopened: 0,
            allow_listed_sellers,
        }
    }

    /// Counts one finding.
    pub fn add(&mut self, effect: &Effect) {
        let d = match effect {
            Effect::Open => {
                self.open += 1;
                return;
            }
            Effect::Reopened => {
                self.open += 1;
                self.reopened += 1;
                return;
            }
            Effect::Confirmed => Decision::Confirmed,
            Effect::Dismissed => Decision::Dismissed,
            Effect::Authorised => Decision::Authorised,
        };
        *self.by_decision.entry(d.as_str().to_string()).or_insert(0) += 1;
    }
}

/// One row of an imported `audit.csv` that could not be applied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejected {
    /// Its line in the file (the header is line 1).
    pub line: u64,
    /// Why.
    pub reason: String,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Decisions recorded, with their line.
    pub applied: Vec<(u64, DecisionRecord)>,
    /// Rows whose decision was already the one in force (nothing recorded).
    pub unchanged: usize,
    /// Rows with an empty `decision` cell (left open).
    pub blank: usize,
    /// Rows that could not be applied.
    pub rejected: Vec<Rejected>,
}

/// Columns an imported file must have (matched ignoring case, spaces and `-`/`_`).
pub const IMPORT_REQUIRED: &[&str] = &["sweep_id", "site", "brand", "decision"];

/// A header cell as a column name: BOM, spaces and a spreadsheet's `'` trimmed, lowercased,
/// inner spaces and `-` as `_`.
fn column_name(h: &str) -> String {
    h.trim_start_matches('\u{feff}')
        .trim()
        .trim_start_matches('\'')
        .trim()
        .to_lowercase()
        .replace([' ', '-'], "_")
}

/// Reads an `audit.csv` an analyst edited (see [`import`]) into rows of named cells, each
/// with its line number. Tolerates what spreadsheet programs do to a CSV: a UTF-8 BOM, CRLF
/// line ends, `;` or tab as separator (when the header has no comma), reordered and extra
/// columns, header case, short rows; cells are un-escaped ([`unprotect_cell`]).
pub fn read_import(path: &Path) -> anyhow::Result<Vec<(u64, HashMap<String, String>)>> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        anyhow::anyhow!(
            "{}: not UTF-8 text (byte {}); save it as \"CSV UTF-8\"",
            path.display(),
            e.utf8_error().valid_up_to()
        )
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let first = text.lines().next().unwrap_or("");
    let delimiter = if first.contains(',') {
        b','
    } else if first.contains(';') {
        b';'
    } else if first.contains('\t') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .with_context(|| format!("{}: line 1", path.display()))?
        .iter()
        .map(column_name)
        .collect();
    let missing: Vec<&str> = IMPORT_REQUIRED
        .iter()
        .copied()
        .filter(|c| !headers.iter().any(|h| h == c))
        .collect();
    if !missing.is_empty() {
        anyhow::bail!(
            "{}:1: the header has no {} column{} (an audit.csv of greysweep with a `decision` column filled in is expected)",
            path.display(),
            missing
                .iter()
                .map(|c| format!("`{c}`"))
                .collect::<Vec<_>>()
                .join(", "),
            if missing.len() == 1 { "" } else { "s" }
        );
    }
    if !headers
        .iter()
        .any(|h| h == "product_id" || h == "listing_url")
    {
        anyhow::bail!(
            "{}:1: the header has neither a `product_id` nor a `listing_url` column: rows cannot name their listing",
            path.display()
        );
    }
    let mut rows = Vec::new();
    for rec in reader.records() {
        let rec = rec.with_context(|| format!("reading {}", path.display()))?;
        // The csv reader's own line count misses CRLF ends: count from the byte offset.
        let line = rec.position().map_or(0, |p| line_at(text, p.byte()));
        if rec.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut cells = HashMap::new();
        for (h, v) in headers.iter().zip(rec.iter()) {
            // The first column of a name wins (a spreadsheet may have duplicated one).
            cells
                .entry(h.clone())
                .or_insert_with(|| unprotect_cell(v).to_string());
        }
        rows.push((line, cells));
    }
    Ok(rows)
}

/// The flagged findings of sweep `id` with their listings joined with the sweep's seller
/// records, as the sweep's outputs showed them (a seller id only the seller page gave is
/// what an `authorised` decision allow-lists).
pub fn joined_findings(
    store: &dyn Store,
    id: &str,
) -> anyhow::Result<Vec<(FindingKey, ListingRecord, String)>> {
    let mut findings = store.findings(id)?;
    crate::seller::join_stored(store, id, findings.iter_mut().map(|(_, rec, _)| rec))?;
    Ok(findings)
}

/// The 1-based line of byte offset `at` in `text` (`\n`, `\r\n` and a lone `\r` end a line).
fn line_at(text: &str, at: u64) -> u64 {
    // The reader's offset may point into the previous record's CRLF: a record never starts
    // with a line end (blank lines are skipped), so step over them.
    let bytes = text.as_bytes();
    let mut at = usize::try_from(at).unwrap_or(usize::MAX).min(bytes.len());
    while matches!(bytes.get(at), Some(b'\r' | b'\n')) {
        at += 1;
    }
    let head = &bytes[..at];
    let mut lines = 1;
    for (i, b) in head.iter().enumerate() {
        if *b == b'\n' || (*b == b'\r' && head.get(i + 1) != Some(&b'\n')) {
            lines += 1;
        }
    }
    lines
}

/// Imports the decisions of an edited `audit.csv` into the state: every row with a
/// `decision` cell is matched with the flagged finding of its sweep (`sweep_id`), site,
/// brand and listing (`product_id`, else `listing_url`; `title` when several listings of a
/// page share a URL), and recorded as decided by `by` at `at` (a `note` column, and a
/// `decided_by` column overriding `by`, are read when present). Rows that cannot be
/// applied are returned with their line and reason; the others are recorded all the same
/// (unless `dry_run`: then nothing is recorded, and the report says what would be).
pub fn import(
    store: &mut dyn Store,
    path: &Path,
    by: &str,
    at: DateTime<Utc>,
    dry_run: bool,
) -> anyhow::Result<ImportReport> {
    let rows = read_import(path)?;
    let known: std::collections::HashSet<String> =
        store.sweeps(None)?.into_iter().map(|s| s.id).collect();
    let latest = Decisions::new(store.decision_current()?);
    let mut findings: HashMap<String, Vec<(FindingKey, ListingRecord, String)>> = HashMap::new();
    let mut report = ImportReport::default();
    let mut seen: HashMap<FindingKey, (u64, Decision)> = HashMap::new();
    let mut to_record = Vec::new();
    let file = path.display().to_string();
    for (line, cells) in rows {
        let cell = |k: &str| cells.get(k).map(|s| s.trim()).unwrap_or("");
        let mut reject = |reason: String| report.rejected.push(Rejected { line, reason });
        let raw = cell("decision");
        if raw.is_empty() {
            report.blank += 1;
            continue;
        }
        let Some(decision) = Decision::parse(raw) else {
            reject(format!(
                "decision `{}` is not one of confirmed, dismissed, authorised, open",
                crate::output::terminal_safe(raw)
            ));
            continue;
        };
        let sweep = cell("sweep_id");
        if sweep.is_empty() {
            reject("`sweep_id` is empty: the row cannot be matched with a sweep".into());
            continue;
        }
        if !known.contains(sweep) {
            reject(format!(
                "sweep `{}` is not in this state file (was the audit written with another state?)",
                crate::output::terminal_safe(sweep)
            ));
            continue;
        }
        let (site, brand) = (cell("site"), cell("brand"));
        if site.is_empty() || brand.is_empty() {
            reject("`site` or `brand` is empty".into());
            continue;
        }
        let (pid, url, title) = (cell("product_id"), cell("listing_url"), cell("title"));
        if pid.is_empty() && url.is_empty() {
            reject(
                "both `product_id` and `listing_url` are empty: the row names no listing".into(),
            );
            continue;
        }
        if !findings.contains_key(sweep) {
            findings.insert(sweep.to_string(), joined_findings(store, sweep)?);
        }
        let brand_key = brand.to_lowercase();
        // By product id, else by URL — also when the id does not match: spreadsheets turn
        // `00123` into `123` and long ids into `1.23E+15`, but leave URLs alone.
        let of_finding = |by_id: bool| -> Vec<&(FindingKey, ListingRecord, String)> {
            findings[sweep]
                .iter()
                .filter(|(k, rec, _)| {
                    k.brand == brand_key
                        && rec.site == site
                        && if by_id {
                            rec.listing.product_id.as_deref() == Some(pid)
                        } else {
                            rec.listing_url == url
                        }
                })
                .collect()
        };
        let mut candidates = if pid.is_empty() {
            Vec::new()
        } else {
            of_finding(true)
        };
        if candidates.is_empty() && !url.is_empty() {
            candidates = of_finding(false);
        }
        let chosen = match candidates.as_slice() {
            [] => None,
            [one] => Some(*one),
            many => many
                .iter()
                .find(|(_, rec, _)| same_text(rec.listing.title.as_deref(), Some(title)))
                .copied(),
        };
        let Some((key, rec, brand_written)) = chosen else {
            reject(format!(
                "no flagged finding of brand `{}` for {} on site `{}` in sweep `{}`",
                crate::output::terminal_safe(brand),
                match (pid.is_empty(), url.is_empty()) {
                    (false, false) => format!(
                        "product_id `{}` nor listing_url `{}`",
                        crate::output::terminal_safe(pid),
                        crate::output::terminal_safe(url)
                    ),
                    (false, true) => format!("product_id `{}`", crate::output::terminal_safe(pid)),
                    _ => format!("listing_url `{}`", crate::output::terminal_safe(url)),
                },
                crate::output::terminal_safe(site),
                crate::output::terminal_safe(sweep)
            ));
            continue;
        };
        if let Some((other, d)) = seen.get(key) {
            if *d != decision {
                reject(format!(
                    "the same finding as line {other}, with another decision ({d} there, {decision} here)"
                ));
            } else {
                report.unchanged += 1;
            }
            continue;
        }
        let record = DecisionRecord::of(
            rec,
            brand_written,
            decision,
            cell("note"),
            match cell("decided_by") {
                "" => by,
                who => who,
            },
            at,
            sweep,
            &format!("import {file}:{line}"),
        );
        if decision == Decision::Authorised && SellerIdentity::of(&record).is_none() {
            reject(
                "`authorised` needs a seller to allow-list, and this listing has no seller id, store URL or name"
                    .into(),
            );
            continue;
        }
        seen.insert(key.clone(), (line, decision));
        let in_force = latest.get(key);
        let same = match in_force {
            // Re-dismissing a reopened finding records its new text; other decisions do
            // not depend on the text.
            Some(d) => {
                d.decision == decision
                    && (d.decision != Decision::Dismissed || d.text_change(rec).is_none())
            }
            None => decision == Decision::Open,
        };
        if same {
            report.unchanged += 1;
            continue;
        }
        to_record.push((line, record));
    }
    if !to_record.is_empty() && !dry_run {
        store.begin()?;
        for (_, d) in &to_record {
            store.decision_record(d)?;
        }
        store.commit()?;
    }
    report.applied = to_record;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::detect::{Finding, MatchKind};
    use crate::extract::Listing;

    fn listing(title: &str, price: &str, seller: &str) -> ListingRecord {
        let url = url::Url::parse("https://a.example/list").expect("url");
        ListingRecord {
            site: "a".into(),
            listing_url: "https://a.example/p/1".into(),
            listing: Listing {
                title: Some(title.into()),
                price: Some(price.into()),
                seller_name: Some(seller.into()),
                product_id: Some("1".into()),
                ..Listing::default()
            },
            page_url: url,
            fetched_at: Utc::now(),
            http_status: 200,
            page_sha256: String::new(),
            warc_file: None,
            warc_record_id: None,
            extraction: None,
            joined: None,
            findings: vec![Finding {
                matched_name: "Acme".into(),
                field: "title",
                brand: "Acme".into(),
                matched_text: "Acme".into(),
                match_kind: MatchKind::Exact,
                category: Category::UnauthorisedBrandUse,
                risk: 55,
                signals: Vec::new(),
                flagged: true,
                listing_classes: Vec::new(),
                goods_words: Vec::new(),
                brand_classes: Vec::new(),
            }],
        }
    }

    fn decide(rec: &ListingRecord, d: Decision) -> DecisionRecord {
        DecisionRecord::of(rec, "Acme", d, "n", "ana", Utc::now(), "s-1", "review")
    }

    #[test]
    fn decisions_parse_as_analysts_type_them() {
        assert_eq!(Decision::parse(" Dismissed "), Some(Decision::Dismissed));
        assert_eq!(Decision::parse("AUTHORIZED"), Some(Decision::Authorised));
        assert_eq!(Decision::parse("yes"), None);
        for d in Decision::ALL {
            assert_eq!(Decision::parse(d.as_str()), Some(*d));
        }
    }

    #[test]
    fn a_dismissed_finding_stays_quiet_until_its_title_or_price_changes() {
        let rec = listing("Acme rocket skates", "US$ 5", "Wile");
        let ds = Decisions::new(vec![decide(&rec, Decision::Dismissed)]);

        let mut same = listing("Acme  rocket skates ", "US$ 5", "Wile");
        assert_eq!(ds.apply(&mut same)[0].1, Effect::Dismissed);
        assert!(!same.findings[0].flagged);

        let mut retitled = listing("Acme rocket skates PRO", "US$ 5", "Wile");
        assert_eq!(ds.apply(&mut retitled)[0].1, Effect::Reopened);
        assert!(retitled.findings[0].flagged);
        assert!(retitled.findings[0].signals[0].contains("its title changed"));

        let mut repriced = listing("Acme rocket skates", "US$ 4", "Wile");
        assert_eq!(ds.apply(&mut repriced)[0].1, Effect::Reopened);
        assert!(repriced.findings[0].signals[0].contains("its price changed"));
    }

    #[test]
    fn authorised_allow_lists_the_seller_for_that_brand_and_site_only() {
        let rec = listing("Acme rocket skates", "US$ 5", "Wile  Trading");
        let ds = Decisions::new(vec![decide(&rec, Decision::Authorised)]);
        assert_eq!(ds.allow_list().len(), 1);
        // Another listing of the same seller (name folded) and brand: authorised.
        let mut other = listing("Acme jet boots", "US$ 9", "wile trading");
        other.listing.product_id = Some("2".into());
        assert_eq!(ds.apply(&mut other)[0].1, Effect::Authorised);
        assert_eq!(other.findings[0].category, Category::Authorised);
        assert!(!other.findings[0].flagged);
        // Another seller: still flagged, open.
        let mut stranger = listing("Acme jet boots", "US$ 9", "Coyote Co");
        stranger.listing.product_id = Some("3".into());
        assert_eq!(ds.apply(&mut stranger)[0].1, Effect::Open);
        // The same seller on another site: not covered.
        let mut elsewhere = listing("Acme jet boots", "US$ 9", "Wile Trading");
        elsewhere.site = "b".into();
        assert_eq!(ds.apply(&mut elsewhere)[0].1, Effect::Open);
    }

    #[test]
    fn a_bare_host_is_never_allow_listed() {
        let mut rec = listing("Acme", "1", "");
        rec.listing.seller_name = None;
        rec.listing.seller_url = Some("https://market.example/".into());
        assert_eq!(
            SellerIdentity::of(&decide(&rec, Decision::Authorised)),
            None
        );
        rec.listing.seller_url = Some("https://market.example/store/77/".into());
        assert_eq!(
            SellerIdentity::of(&decide(&rec, Decision::Authorised)),
            Some(SellerIdentity::SellerUrl("market.example/store/77".into()))
        );
        rec.listing.seller_id = Some(" 77 ".into());
        assert_eq!(
            SellerIdentity::of(&decide(&rec, Decision::Authorised)),
            Some(SellerIdentity::SellerId("77".into()))
        );
    }

    #[test]
    fn finding_ids_are_short_and_stable() {
        let k = FindingKey {
            listing: "a|id|1".into(),
            brand: "acme".into(),
        };
        assert_eq!(finding_id(&k).len(), 12);
        assert_eq!(finding_id(&k), finding_id(&k.clone()));
        assert_ne!(
            finding_id(&k),
            finding_id(&FindingKey {
                brand: "other".into(),
                ..k
            })
        );
    }

    #[test]
    fn figures_count_every_effect() {
        let mut f = DecisionFigures::new(1);
        for e in [
            Effect::Open,
            Effect::Reopened,
            Effect::Confirmed,
            Effect::Dismissed,
            Effect::Dismissed,
            Effect::Authorised,
        ] {
            f.add(&e);
        }
        assert_eq!(f.open, 2);
        assert_eq!(f.reopened, 1);
        assert_eq!(f.by_decision["confirmed"], 1);
        assert_eq!(f.by_decision["dismissed"], 2);
        assert_eq!(f.by_decision["authorised"], 1);
    }

    /// An import against a real store: the decision takes the seller id that only the
    /// seller page gave (the join), so the allow-list recognises the seller by it.
    #[test]
    fn an_imported_authorisation_allow_lists_the_joined_seller_id() {
        use crate::store::{SqliteStore, SweepRow, SweepState};
        let mut store = SqliteStore::in_memory().expect("store");
        store
            .start_sweep(&SweepRow {
                id: "s-1".into(),
                name: "s".into(),
                state: SweepState::Complete,
                started_at: Utc::now(),
                ended_at: None,
                summary: None,
            })
            .expect("sweep");
        let mut rec = listing("Acme rocket skates", "US$ 5", "Wile");
        rec.listing.seller_url = Some("https://a.example/store/9".into());
        store.record_listing(&rec).expect("listing");
        let page = url::Url::parse("https://a.example/store/9").expect("url");
        let seller = crate::seller::SellerRecord::new(
            "a",
            crate::extract::Seller {
                seller_id: Some("900".into()),
                url: Some(page.to_string()),
                ..Default::default()
            },
            &page,
            Utc::now(),
        );
        store.record_seller(&seller).expect("seller");
        store
            .record_findings(
                "s-1",
                &[(crate::output::finding_key(&rec, "Acme"), "Acme".into())],
            )
            .expect("findings");

        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("audit.csv");
        std::fs::write(
            &path,
            "sweep_id,site,brand,product_id,listing_url,decision\n\
             s-1,a,Acme,1,https://a.example/p/1,authorised\n\
             s-1,a,ACME,,https://a.example/p/1,confirmed\n",
        )
        .expect("write");
        let at = Utc::now();
        let report = import(&mut store, &path, "ana", at, false).expect("import");
        assert_eq!(report.applied.len(), 1, "{report:?}");
        assert_eq!(
            report.rejected,
            vec![Rejected {
                line: 3,
                reason: "the same finding as line 2, with another decision (authorised there, confirmed here)".into()
            }]
        );
        let ds = Decisions::new(store.decision_current().expect("current"));
        assert_eq!(
            ds.allow_list()[0].seller,
            SellerIdentity::SellerId("900".into())
        );
        assert_eq!(ds.allow_list()[0].decided_by, "ana");
        assert_eq!(
            report.applied[0].1.source,
            format!("import {}:2", path.display())
        );
    }

    #[test]
    fn the_import_reader_tolerates_spreadsheets() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("a.csv");
        std::fs::write(
            &path,
            "\u{feff}Extra;Decision;SWEEP_ID;Site;Brand;Product ID;Title\r\n\
             x;Dismissed;s-1;a;Acme;1;'=HYPERLINK(1)\r\n\
             \r\n\
             y;;s-1;a;Acme\r\n",
        )
        .expect("write");
        let rows = read_import(&path).expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].0, 2);
        assert_eq!(rows[0].1["decision"], "Dismissed");
        assert_eq!(rows[0].1["product_id"], "1");
        assert_eq!(rows[0].1["title"], "=HYPERLINK(1)");
        assert_eq!(rows[1].0, 4);
        assert_eq!(rows[1].1.get("product_id"), None);

        std::fs::write(&path, "site,brand,product_id\n").expect("write");
        let err = read_import(&path).expect_err("no decision column");
        assert!(
            format!("{err:#}")
                .contains("a.csv:1: the header has no `sweep_id`, `decision` columns"),
            "{err:#}"
        );
    }
}
