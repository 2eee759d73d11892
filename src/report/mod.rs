//! `report.html`: one self-contained page a person reads in a minute — the sweep's totals,
//! findings by brand, site and risk as inline-SVG bar charts, the sellers with the most
//! findings, what is new since the previous sweep, and the full findings table (sortable
//! and filterable by a few lines of inline vanilla JS).
//!
//! Input is the sweep folder's `audit.csv`, `summary.json` and (when present)
//! `unverified.csv` (the README's columns and fields are the contract); output is
//! `report.html` beside them. Nothing else is read. The extraction-health section comes
//! from `summary.json`'s `health` object.
//!
//! Invariants: every scraped value is attacker-controlled, so every cell and attribute
//! goes through [`html_escape`]; links get an `href` only when they parse as `http(s)`
//! URLs; the page loads nothing (no external script, font, image or style), and its
//! Content-Security-Policy allows only its own inline script (by hash) and styles, so
//! even a missed escape could not run injected script. The script reads with
//! `textContent` and only moves or hides rows. The page is a pure function of the two
//! inputs (no clock), so it can be snapshot-tested.

pub mod audit;
mod charts;
mod review;
mod sellers;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use anyhow::Context;
use serde_json::Value;
use sha2::{Digest, Sha256};
use url::Url;

use self::audit::{AuditRow, AuditRows, Cells, read_audit, read_audit_slim};
use self::charts::{bar_chart, shorten};
use crate::output::html_escape;

/// The report's file name in the sweep folder.
pub const REPORT_FILE: &str = "report.html";

/// Rows shown in the "new since the previous sweep" list (the full table has them all).
pub const MAX_NEW_LISTED: usize = 200;

/// Sellers shown in the "most findings" table.
pub const MAX_SELLERS: usize = 20;

const SCRIPT: &str = include_str!("report.js");
const STYLE: &str = include_str!("report.css");

/// Reads `audit.csv` and `summary.json` in `sweep_dir` and writes `report.html` there.
pub fn write_report(sweep_dir: &Path) -> anyhow::Result<()> {
    // The findings are held with the cells the summaries use; the table reads each
    // whole row back from the file as it is written.
    let audit_path = sweep_dir.join("audit.csv");
    let slim = read_audit_slim(&audit_path)?;
    let rows = slim.rows();
    let mut whole = AuditRows::open(&audit_path)?;
    let unverified_path = sweep_dir.join("unverified.csv");
    let unverified = if unverified_path.exists() {
        read_audit(&unverified_path)?
    } else {
        Vec::new()
    };
    let summary_path = sweep_dir.join("summary.json");
    let summary: Value = serde_json::from_str(
        &std::fs::read_to_string(&summary_path)
            .with_context(|| format!("reading {}", summary_path.display()))?,
    )
    .with_context(|| format!("parsing {}", summary_path.display()))?;
    let dossiers_path = sweep_dir.join(crate::case::dossier::DOSSIERS_FILE);
    let dossiers = if dossiers_path.exists() {
        let f = std::fs::File::open(&dossiers_path)
            .with_context(|| format!("reading {}", dossiers_path.display()))?;
        Some(
            self::sellers::DossierHead::read(std::io::BufReader::new(f))
                .with_context(|| format!("parsing {}", dossiers_path.display()))?,
        )
    } else {
        None
    };
    let path = sweep_dir.join(REPORT_FILE);
    // Written as it is rendered, a section (or a block of findings) at a time: the page is
    // never held whole.
    crate::atomic::write_with(&path, |f| {
        Ok(render_rows(
            f,
            &summary,
            &rows,
            &unverified,
            dossiers.as_ref(),
            &mut |r: &self::audit::Row<'_>| whole.full_at(r.at()),
        )?)
    })
}

/// The report page for a summary, audit rows and unverified rows.
pub fn render(summary: &Value, rows: &[AuditRow], unverified: &[AuditRow]) -> String {
    render_with(summary, rows, unverified, None)
}

/// [`render`] with the seller dossiers of `dossiers.json` (a JSON array), when there are.
pub fn render_with(
    summary: &Value,
    rows: &[AuditRow],
    unverified: &[AuditRow],
    dossiers: Option<&Value>,
) -> String {
    let mut out = Vec::new();
    // Writing to a `Vec` cannot fail, and every piece written is a `String`.
    let head = dossiers.map(self::sellers::DossierHead::of);
    let _ = render_to(&mut out, summary, rows, unverified, head.as_ref());
    String::from_utf8(out).unwrap_or_default()
}

/// [`render_with`] written to `out` a section at a time (the findings table a block of
/// rows at a time).
pub fn render_to(
    out: &mut dyn std::io::Write,
    summary: &Value,
    rows: &[AuditRow],
    unverified: &[AuditRow],
    dossiers: Option<&self::sellers::DossierHead>,
) -> std::io::Result<()> {
    render_rows(out, summary, rows, unverified, dossiers, &mut |r| {
        Ok(r.clone())
    })
}

/// [`render_to`], the findings table showing `full(row)` for each row (the whole row
/// when `rows` hold only the summaries' cells).
fn render_rows<R: Cells>(
    out: &mut dyn std::io::Write,
    summary: &Value,
    rows: &[R],
    unverified: &[AuditRow],
    dossiers: Option<&self::sellers::DossierHead>,
    full: &mut dyn FnMut(&R) -> std::io::Result<AuditRow>,
) -> std::io::Result<()> {
    let mut rows: Vec<&R> = rows.iter().collect();
    rows.sort_by(|a, b| {
        b.score()
            .cmp(&a.score())
            .then_with(|| a.brand().cmp(b.brand()))
            .then_with(|| a.listing_url().cmp(b.listing_url()))
    });
    let sweep_id = text(summary, "sweep_id");
    let mut h = String::with_capacity(64 * 1024);
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src '{}'; img-src data:; base-uri 'none'; \
         form-action 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <title>greysweep report: {}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        script_hash(),
        html_escape(&sweep_id)
    );
    let mut flush = |h: &mut String| -> std::io::Result<()> {
        out.write_all(h.as_bytes())?;
        h.clear();
        Ok(())
    };
    header(&mut h, summary);
    totals(&mut h, summary, &rows);
    flush(&mut h)?;
    charts_section(&mut h, &rows);
    sellers(&mut h, &rows);
    flush(&mut h)?;
    if let Some(d) = dossiers {
        self::sellers::dossiers_section(&mut h, d);
        flush(&mut h)?;
    }
    self::sellers::relisted_section(&mut h, &rows);
    health_section(&mut h, summary);
    new_findings(&mut h, summary, &rows);
    flush(&mut h)?;
    unverified_section(&mut h, summary, unverified);
    flush(&mut h)?;
    review::review_sections(&mut h, summary, &rows);
    review::takedown_section(&mut h, summary);
    flush(&mut h)?;
    findings_table(&mut h, &rows, full, &mut flush)?;
    let _ = write!(
        h,
        "<footer>Written by greysweep {} from <code>audit.csv</code> and \
         <code>summary.json</code> of this folder. Every value on this page was scraped \
         from the sites and is shown as text.</footer>\n<script>\n{SCRIPT}</script>\n\
         </body>\n</html>\n",
        html_escape(&text(summary, "tool_version"))
    );
    flush(&mut h)
}

/// The CSP source for the inline script: `sha256-<base64>` of its exact text.
fn script_hash() -> String {
    format!("sha256-{}", base64(&Sha256::digest(format!("\n{SCRIPT}"))))
}

/// Standard base64 with padding (for the CSP hash).
fn base64(bytes: &[u8]) -> String {
    const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(A[((n >> (18 - 6 * i)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A summary field as display text (`—` when absent).
fn text(summary: &Value, key: &str) -> String {
    match summary.get(key) {
        None | Some(Value::Null) => "—".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// A link when `url` is an `http(s)` URL, else the escaped text alone.
fn link(url: &str, label: &str) -> String {
    match Url::parse(url.trim()) {
        Ok(u) if matches!(u.scheme(), "http" | "https") => format!(
            "<a href=\"{}\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">{}</a>",
            html_escape(u.as_str()),
            html_escape(label)
        ),
        _ => html_escape(label),
    }
}

fn header(h: &mut String, s: &Value) {
    let prev = match s.get("previous_sweep") {
        Some(Value::String(p)) => format!("compared with <code>{}</code>", html_escape(p)),
        _ => "first sweep of this name: every finding is new".to_string(),
    };
    let _ = writeln!(
        h,
        "<header>\n<h1>greysweep report</h1>\n<p class=\"meta\">Sweep <code>{}</code> \
         ({}) · {} → {} ({} s) · {}</p>",
        html_escape(&text(s, "sweep_id")),
        html_escape(&text(s, "name")),
        html_escape(&text(s, "started_at")),
        html_escape(&text(s, "ended_at")),
        html_escape(&text(s, "duration_secs")),
        prev
    );
    let mut notes = Vec::new();
    if s.get("interrupted") == Some(&Value::Bool(true)) {
        notes.push("The sweep was interrupted: figures cover what was gathered.".to_string());
    }
    let warnings = s
        .pointer("/health/warnings")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    if warnings > 0 {
        notes.push(format!(
            "Extraction health: {warnings} warning{} (see below). Findings on pages of the \
             affected page kinds are unverified, not resolved.",
            if warnings == 1 { "" } else { "s" }
        ));
    }
    if s.get("budget_exhausted") == Some(&Value::Bool(true)) {
        notes.push(format!(
            "The page budget ran out with {} URLs unfetched.",
            html_escape(&text(s, "unfetched"))
        ));
    }
    for n in notes {
        let _ = writeln!(h, "<p class=\"meta\"><strong>{n}</strong></p>");
    }
    h.push_str("</header>\n");
}

fn totals<R: Cells>(h: &mut String, s: &Value, rows: &[&R]) {
    let new = rows.iter().filter(|r| r.status() == "new").count();
    let sellers: BTreeSet<(&str, &str)> = rows.iter().map(|r| (r.site(), seller_key(r))).collect();
    let mut cards = vec![
        ("findings", rows.len().to_string(), !rows.is_empty()),
        ("new since last sweep", new.to_string(), new > 0),
        ("sellers flagged", sellers.len().to_string(), false),
        ("listings seen", text(s, "listings"), false),
        ("pages fetched", text(s, "pages_ok"), false),
        ("requests", text(s, "requests"), false),
        ("blocked pages", text(s, "blocked"), false),
        ("errors", text(s, "errors"), false),
    ];
    if s.get("unverified_findings").is_some() {
        let n = s
            .get("unverified_findings")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        cards.insert(2, ("unverified", text(s, "unverified_findings"), n > 0));
    }
    if let Some(w) = s.pointer("/health/warnings").and_then(Value::as_array) {
        cards.push(("health warnings", w.len().to_string(), !w.is_empty()));
    }
    if s.get("resolved_findings").is_some() {
        cards.insert(
            2,
            (
                "resolved since last sweep",
                text(s, "resolved_findings"),
                false,
            ),
        );
    }
    h.push_str("<section id=\"totals\" class=\"cards\">\n");
    for (label, value, alert) in cards {
        let _ = writeln!(
            h,
            "<div class=\"card{}\"><span class=\"n\">{}</span><span class=\"l\">{}</span></div>",
            if alert { " alert" } else { "" },
            html_escape(&value),
            label
        );
    }
    h.push_str("</section>\n");
}

/// Counts by a key, largest first, ties by name.
fn count_by<'a, R: Cells>(rows: &[&'a R], key: impl Fn(&'a R) -> &'a str) -> Vec<(String, usize)> {
    let mut m: BTreeMap<&str, usize> = BTreeMap::new();
    for r in rows {
        let k = key(r);
        *m.entry(if k.is_empty() { "(none)" } else { k })
            .or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = m.into_iter().map(|(k, n)| (k.to_string(), n)).collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

fn charts_section<R: Cells>(h: &mut String, rows: &[&R]) {
    let mut by_risk = count_by(rows, |r| r.risk());
    let order = |k: &str| match k {
        "high" => 0,
        "medium" => 1,
        "low" => 2,
        _ => 3,
    };
    by_risk.sort_by(|a, b| order(&a.0).cmp(&order(&b.0)).then_with(|| a.0.cmp(&b.0)));
    h.push_str("<section id=\"charts\">\n<h2>Findings</h2>\n<div class=\"charts\">\n");
    for (id, title, items, class) in [
        (
            "by-brand",
            "By brand",
            count_by(rows, |r| r.brand()),
            "brand",
        ),
        ("by-site", "By site", count_by(rows, |r| r.site()), "site"),
        ("by-risk", "By risk", by_risk, "risk"),
    ] {
        let _ = write!(
            h,
            "<figure id=\"{id}\"><figcaption>{title}</figcaption>\n{}</figure>\n",
            bar_chart(&format!("Findings {}", title.to_lowercase()), &items, class)
        );
    }
    h.push_str("</div>\n</section>\n");
}

fn seller_key<R: Cells + ?Sized>(r: &R) -> &str {
    if r.seller_name().is_empty() {
        r.seller_url()
    } else {
        r.seller_name()
    }
}

fn sellers<R: Cells>(h: &mut String, rows: &[&R]) {
    struct Seller<'a> {
        site: &'a str,
        name: &'a str,
        url: &'a str,
        findings: usize,
        new: usize,
        listings: BTreeSet<&'a str>,
        brands: BTreeSet<&'a str>,
    }
    let mut map: HashMap<(&str, &str), Seller<'_>> = HashMap::new();
    for r in rows {
        let name = seller_key(r);
        if name.is_empty() {
            continue;
        }
        let s = map.entry((r.site(), name)).or_insert_with(|| Seller {
            site: r.site(),
            name,
            url: r.seller_url(),
            findings: 0,
            new: 0,
            listings: BTreeSet::new(),
            brands: BTreeSet::new(),
        });
        s.findings += 1;
        s.new += usize::from(r.status() == "new");
        s.listings.insert(r.listing_url());
        s.brands.insert(r.brand());
        if s.url.is_empty() {
            s.url = r.seller_url();
        }
    }
    let mut list: Vec<Seller<'_>> = map.into_values().collect();
    list.sort_by(|a, b| {
        b.findings
            .cmp(&a.findings)
            .then_with(|| a.site.cmp(b.site))
            .then_with(|| a.name.cmp(b.name))
    });
    h.push_str("<section id=\"sellers\">\n<h2>Sellers with the most findings</h2>\n");
    if list.is_empty() {
        h.push_str("<p class=\"none\">None.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<div class=\"wide\"><table>\n<thead><tr><th>seller</th><th>site</th><th>findings</th>\
         <th>new</th><th>listings</th><th>brands</th></tr></thead>\n<tbody>\n",
    );
    for s in list.iter().take(MAX_SELLERS) {
        let brands: Vec<&str> = s.brands.iter().copied().collect();
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td>{}</td></tr>",
            link(s.url, s.name),
            html_escape(s.site),
            s.findings,
            s.new,
            s.listings.len(),
            html_escape(&brands.join(", "))
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    if list.len() > MAX_SELLERS {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} more sellers in the table below.</p>",
            list.len() - MAX_SELLERS
        );
    }
    h.push_str("</section>\n");
}

fn new_findings<R: Cells>(h: &mut String, s: &Value, rows: &[&R]) {
    let new: Vec<&&R> = rows.iter().filter(|r| r.status() == "new").collect();
    h.push_str("<section id=\"new\">\n<h2>New since the previous sweep</h2>\n");
    if !matches!(s.get("previous_sweep"), Some(Value::String(_))) {
        h.push_str("<p class=\"meta\">No previous sweep of this name: every finding is new.</p>\n");
    }
    if new.is_empty() {
        h.push_str("<p class=\"none\">No new findings.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<div class=\"wide\"><table>\n<thead><tr><th>risk</th><th>brand</th><th>listing</th>\
         <th>seller</th><th>site</th></tr></thead>\n<tbody>\n",
    );
    for r in new.iter().take(MAX_NEW_LISTED) {
        let _ = writeln!(h, "<tr>{}</tr>", finding_cells(r));
    }
    h.push_str("</tbody>\n</table></div>\n");
    if new.len() > MAX_NEW_LISTED {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} more: filter the table below on status “new”.</p>",
            new.len() - MAX_NEW_LISTED
        );
    }
    h.push_str("</section>\n");
}

/// The extraction-health section: warnings, then figures per site and page kind beside
/// the previous sweep's. Shown when the summary has a `health` object.
fn health_section(h: &mut String, s: &Value) {
    let Some(health) = s.get("health") else {
        return;
    };
    h.push_str("<section id=\"health\">\n<h2>Extraction health</h2>\n");
    match health.get("previous_sweep") {
        Some(Value::String(p)) => {
            let _ = writeln!(
                h,
                "<p class=\"meta\">Figures per site and page kind, compared with <code>{}</code>.</p>",
                html_escape(p)
            );
        }
        _ => h.push_str(
            "<p class=\"meta\">Figures per site and page kind; no previous sweep to compare with.</p>\n",
        ),
    }
    let warnings = health
        .get("warnings")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    if warnings.is_empty() {
        h.push_str("<p class=\"none\">No warnings.</p>\n");
    } else {
        h.push_str("<ul class=\"warnings\">\n");
        for w in &warnings {
            let _ = writeln!(
                h,
                "<li>{}</li>",
                html_escape(w.get("message").and_then(Value::as_str).unwrap_or(""))
            );
        }
        h.push_str("</ul>\n");
    }
    let kinds = health
        .get("kinds")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let previous = health
        .get("previous")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    let key = |k: &Value| {
        (
            k.get("site")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
            k.get("page_kind")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_string(),
        )
    };
    let mut all: Vec<(String, String)> = kinds.iter().chain(&previous).map(key).collect();
    all.sort();
    all.dedup();
    if all.is_empty() {
        h.push_str("</section>\n");
        return;
    }
    let failed: BTreeSet<(String, String)> = warnings.iter().map(key).collect();
    h.push_str(
        "<div class=\"wide\"><table id=\"health-table\">\n<thead><tr><th>site</th><th>page kind</th>\
         <th>pages</th><th>with listings</th><th>empty</th><th>blocked</th><th>listings</th>\
         <th>listings before</th><th>by profile</th><th>by auto</th><th>coverage (before)</th>\
         </tr></thead>\n<tbody>\n",
    );
    let num = |v: Option<&Value>, k: &str| {
        v.and_then(|v| v.get(k))
            .and_then(Value::as_u64)
            .map_or_else(|| "—".to_string(), |n| n.to_string())
    };
    for (site, kind) in &all {
        let now = kinds
            .iter()
            .find(|k| key(k) == (site.clone(), kind.clone()));
        let before = previous
            .iter()
            .find(|k| key(k) == (site.clone(), kind.clone()));
        let by = |m: &str| {
            now.and_then(|k| k.pointer(&format!("/listings_by_extraction/{m}")))
                .and_then(Value::as_u64)
                .map_or_else(|| "—".to_string(), |n| n.to_string())
        };
        let mut coverage = Vec::new();
        let cov = |v: Option<&Value>, f: &str| {
            v.and_then(|v| v.pointer(&format!("/coverage/{f}")))
                .and_then(Value::as_f64)
        };
        for f in crate::extract::FIELD_NAMES {
            let (is, was) = (cov(now, f), cov(before, f));
            if is.unwrap_or(0.0) == 0.0 && was.unwrap_or(0.0) == 0.0 {
                continue;
            }
            let fmt = |p: Option<f64>| p.map_or_else(|| "—".to_string(), |p| format!("{p:.0}%"));
            coverage.push(match was {
                Some(_) => format!("{f} {} ({})", fmt(is), fmt(was)),
                None => format!("{f} {}", fmt(is)),
            });
        }
        let bad = failed.contains(&(site.clone(), kind.clone()));
        let _ = writeln!(
            h,
            "<tr{}><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
             <td>{}</td></tr>",
            if bad { " class=\"health-bad\"" } else { "" },
            html_escape(site),
            html_escape(kind),
            num(now, "pages"),
            num(now, "pages_with_listings"),
            num(now, "empty_pages"),
            num(now, "blocked_pages"),
            num(now, "listings"),
            num(before, "listings"),
            by("profile"),
            by("auto"),
            html_escape(&coverage.join(" · ")),
        );
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
}

/// Previous findings that are not flagged now but could not be checked (`unverified.csv`).
/// Shown when the summary counts them.
fn unverified_section(h: &mut String, s: &Value, rows: &[AuditRow]) {
    if s.get("unverified_findings").is_none() && rows.is_empty() {
        return;
    }
    h.push_str(
        "<section id=\"unverified\">\n<h2>Unverified since the previous sweep</h2>\n\
         <p class=\"meta\">Findings of the previous sweep that are not flagged now, whose page \
         this sweep could not read healthily (not revisited, blocked, empty, or of a page kind \
         with a health warning). They are not known to be taken down.</p>\n",
    );
    if rows.is_empty() {
        h.push_str("<p class=\"none\">None.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<div class=\"wide\"><table>\n<thead><tr><th>risk</th><th>brand</th><th>listing</th>\
         <th>seller</th><th>site</th><th>page</th></tr></thead>\n<tbody>\n",
    );
    for r in rows.iter().take(MAX_NEW_LISTED) {
        let _ = writeln!(
            h,
            "<tr>{}<td>{}</td></tr>",
            finding_cells(r),
            link(&r.page_url, &shorten(&r.page_url, 80)),
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    if rows.len() > MAX_NEW_LISTED {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} more in <code>unverified.csv</code>.</p>",
            rows.len() - MAX_NEW_LISTED
        );
    }
    h.push_str("</section>\n");
}

/// The cells a finding shows in the short tables (new, unverified): risk, brand, the
/// listing, the seller and the site, escaped.
fn finding_cells<R: Cells + ?Sized>(r: &R) -> String {
    format!(
        "<td class=\"{}\">{} {}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>",
        risk_class(r.risk()),
        html_escape(r.risk()),
        html_escape(r.risk_score()),
        html_escape(r.brand()),
        link(r.listing_url(), &shorten(title_or_url(r), 120)),
        link(r.seller_url(), seller_key(r)),
        html_escape(r.site())
    )
}

fn title_or_url<R: Cells + ?Sized>(r: &R) -> &str {
    if r.title().is_empty() {
        r.listing_url()
    } else {
        r.title()
    }
}

fn risk_class(risk: &str) -> &'static str {
    match risk {
        "high" => "risk-high",
        "medium" => "risk-medium",
        "low" => "risk-low",
        _ => "",
    }
}

/// Rows of the findings table rendered between two writes of the page.
const TABLE_BLOCK: usize = 256;

fn findings_table<R: Cells>(
    h: &mut String,
    rows: &[&R],
    full: &mut dyn FnMut(&R) -> std::io::Result<AuditRow>,
    flush: &mut dyn FnMut(&mut String) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let _ = write!(
        h,
        "<section id=\"all\">\n<h2>All findings</h2>\n<div class=\"controls\">\
         <label>Filter <input id=\"filter-text\" type=\"search\" \
         placeholder=\"brand, seller, title, signal…\"></label>\
         <label>Risk <select id=\"filter-risk\"><option value=\"\">all</option>\
         <option value=\"high\">high</option><option value=\"medium\">medium</option>\
         <option value=\"low\">low</option></select></label>\
         <label>Status <select id=\"filter-status\"><option value=\"\">all</option>\
         <option value=\"new\">new</option><option value=\"persisting\">persisting</option>\
         </select></label>\
         <span><span id=\"shown-count\">{}</span> of {} shown</span></div>\n",
        rows.len(),
        rows.len()
    );
    h.push_str("<div class=\"wide\"><table id=\"findings\">\n<thead><tr>");
    for (name, num) in [
        ("status", false),
        ("risk", true),
        ("brand", false),
        ("category", false),
        ("matched", false),
        ("listing", false),
        ("site", false),
        ("seller", false),
        ("price", false),
        ("MOQ", false),
        ("location", false),
        ("signals", false),
        ("fetched", false),
        ("first seen", false),
        ("page SHA-256", false),
    ] {
        let _ = write!(
            h,
            "<th{}><button type=\"button\">{name}</button></th>",
            if num { " data-type=\"num\"" } else { "" }
        );
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for (i, r) in rows.iter().enumerate() {
        if i % TABLE_BLOCK == 0 {
            flush(h)?;
        }
        let whole = full(r)?;
        let r = &whole;
        let status = if r.status == "new" {
            "<span class=\"tag-new\">new</span>".to_string()
        } else {
            html_escape(&r.status)
        };
        let page_hash = if r.page_sha256.is_empty() {
            String::new()
        } else {
            format!(
                "<span title=\"{}\">{}</span>",
                html_escape(&r.page_sha256),
                html_escape(&shorten(&r.page_sha256, 13))
            )
        };
        let _ = writeln!(
            h,
            "<tr data-risk=\"{}\" data-status=\"{}\"><td>{status}</td>\
             <td class=\"num {}\" data-sort=\"{}\">{} {}</td><td>{}</td><td>{}</td>\
             <td>{} <small>({})</small></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"hash\">{page_hash}</td></tr>",
            html_escape(&r.risk),
            html_escape(&r.status),
            risk_class(&r.risk),
            r.score(),
            html_escape(&r.risk),
            html_escape(&r.risk_score),
            html_escape(&r.brand),
            html_escape(&r.category),
            html_escape(&r.matched_text),
            html_escape(&r.match_kind),
            link(&r.listing_url, title_or_url(r)),
            html_escape(&r.site),
            link(&r.seller_url, seller_key(r)),
            html_escape(&r.price),
            html_escape(&r.moq),
            html_escape(&r.location),
            html_escape(&r.signals),
            html_escape(&r.fetched_at),
            html_escape(&r.first_seen),
        );
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc4648() {
        for (i, o) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(i.as_bytes()), o);
        }
    }

    #[test]
    fn links_only_for_http() {
        assert!(
            link("https://x.example/a?b=1&c=2", "t")
                .contains("href=\"https://x.example/a?b=1&amp;c=2\"")
        );
        assert_eq!(link("javascript:alert(1)", "t"), "t");
        assert_eq!(link("data:text/html,<b>", "<t>"), "&lt;t&gt;");
        assert!(!link("\" onmouseover=\"x", "t").contains("href"));
    }

    #[test]
    fn the_health_section_shows_escaped_warnings_and_figures() {
        let summary = serde_json::json!({
            "unverified_findings": 1,
            "health": {
                "ok": false,
                "previous_sweep": "t-1",
                "kinds": [{"site": "<s>", "page_kind": "search", "pages": 2, "pages_with_listings": 0,
                           "empty_pages": 0, "blocked_pages": 0, "listings": 0,
                           "listings_by_extraction": {"profile": 0, "auto": 0}, "coverage": {}}],
                "previous": [{"site": "<s>", "page_kind": "search", "pages": 2, "pages_with_listings": 2,
                              "empty_pages": 0, "blocked_pages": 0, "listings": 24,
                              "listings_by_extraction": {"profile": 24, "auto": 0},
                              "coverage": {"title": 100.0, "price": 50.0}}],
                "warnings": [{"site": "<s>", "page_kind": "search", "check": "no_listings",
                              "message": "<s>/search: yielded 24 listings <b>before</b>"}]
            }
        });
        let row = AuditRow {
            brand: "Acme".into(),
            title: "<img src=x>".into(),
            status: "unverified".into(),
            ..AuditRow::default()
        };
        let html = render(&summary, &[], &[row]);
        assert!(html.contains("<section id=\"health\">"));
        assert!(html.contains("&lt;s&gt;/search: yielded 24 listings &lt;b&gt;before&lt;/b&gt;"));
        assert!(html.contains("class=\"health-bad\""));
        assert!(html.contains("title — (100%) · price — (50%)"), "{html}");
        assert!(html.contains("<section id=\"unverified\">"));
        assert!(html.contains("&lt;img src=x&gt;"));
        assert!(!html.contains("<img src=x>"));
    }

    /// The page is written as it is rendered: the same bytes as the whole page, in pieces
    /// no larger than a block of findings.
    #[test]
    fn a_report_from_slim_rows_is_the_report_from_whole_rows() {
        let dir = tempfile::tempdir().expect("tempdir");
        let mut csv = String::from(
            "sweep_id,status,risk,risk_score,category,brand,matched_text,match_kind,signals,\
             site,listing_url,title,price,seller_name,seller_url,fetched_at,page_sha256\n",
        );
        for i in 0..700 {
            csv.push_str(&format!(
                "s1,{},{},{},unauthorised_brand_use,Brand{},\"'=cmd\",exact,\"signal {i}, with \"\"quotes\"\"\nand a line\",\
                 site{},https://s.example/p/{i},\"Title {i} <b>\",US $ {i},Seller {},https://s.example/store/{},\
                 2026-12-01T00:00:00Z,{:064x}\n",
                if i % 3 == 0 { "new" } else { "persisting" },
                ["high", "medium", "low"][i % 3],
                (i * 37) % 100,
                i % 7,
                i % 3,
                i % 11,
                i % 11,
                i
            ));
        }
        std::fs::write(dir.path().join("audit.csv"), &csv).expect("write audit");
        let summary = serde_json::json!({"sweep_id": "s1", "tool_version": "t"});
        std::fs::write(dir.path().join("summary.json"), summary.to_string()).expect("write");
        write_report(dir.path()).expect("report");
        let written = std::fs::read_to_string(dir.path().join(REPORT_FILE)).expect("read");
        let whole = read_audit(&dir.path().join("audit.csv")).expect("audit");
        assert_eq!(written, render(&summary, &whole, &[]));
        assert!(written.contains("signal 699, with &quot;quotes&quot;"));
        // The compact rows hold the summaries' cells, each shared text once, and where
        // each row starts (the table reads its whole row back from there).
        let slim = read_audit_slim(&dir.path().join("audit.csv")).expect("slim");
        let rows = slim.rows();
        assert_eq!(rows.len(), whole.len());
        let mut again = AuditRows::open(&dir.path().join("audit.csv")).expect("open");
        for (r, w) in rows.iter().zip(&whole) {
            assert_eq!(
                (r.brand(), r.site(), r.seller_name(), r.title(), r.score()),
                (w.brand(), w.site(), w.seller_name(), w.title(), w.score())
            );
            let back = again.full_at(r.at()).expect("row back");
            assert_eq!(AuditRow { at: None, ..back }, *w);
        }
        assert!(slim.shared_texts() < whole.len());
    }

    #[test]
    fn the_page_is_written_a_block_at_a_time() {
        let rows: Vec<AuditRow> = (0..1_000)
            .map(|i| AuditRow {
                brand: "Acme".into(),
                title: format!("Listing {i} <b>"),
                listing_url: format!("https://d.example/p/{i}"),
                risk: "high".into(),
                risk_score: format!("{}", i % 100),
                status: "new".into(),
                ..AuditRow::default()
            })
            .collect();
        let summary = serde_json::json!({"sweep_id": "s-1"});
        struct Pieces(Vec<u8>, usize);
        impl std::io::Write for Pieces {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0.extend_from_slice(b);
                self.1 = self.1.max(b.len());
                Ok(b.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut out = Pieces(Vec::new(), 0);
        render_to(&mut out, &summary, &rows, &[], None).expect("render");
        let whole = render_with(&summary, &rows, &[], None);
        assert_eq!(String::from_utf8(out.0).expect("utf-8"), whole);
        let table = findings_tbody_len(&whole);
        assert!(
            out.1 < table / 3,
            "largest write {} of a findings table of {table} bytes",
            out.1
        );
    }

    fn findings_tbody_len(html: &str) -> usize {
        let start = html.find("<tbody>").expect("tbody");
        let end = html.rfind("</tbody>").expect("/tbody");
        end - start
    }

    #[test]
    fn the_csp_hash_covers_the_script_as_written() {
        let html = render(&serde_json::json!({}), &[], &[]);
        let start = html.find("<script>").unwrap() + "<script>".len();
        let end = html.find("</script>").unwrap();
        let digest = base64(&Sha256::digest(&html[start..end]));
        assert!(html.contains(&format!("script-src 'sha256-{digest}'")));
        assert!(!SCRIPT.contains("innerHTML"));
    }
}
