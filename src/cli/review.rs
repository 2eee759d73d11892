//! `greysweep review`: analysts' decisions on findings — one at a time by finding id, or
//! imported from an edited `audit.csv` — the open queue, and the decision log.

use std::path::PathBuf;

use chrono::{DateTime, Utc};

use crate::case::decision::{
    Decision, DecisionRecord, Decisions, Effect, SellerIdentity, finding_id, joined_findings,
};
use crate::detect::{Category, Finding, MatchKind};
use crate::output::terminal_safe;
use crate::store::{FindingKey, ListingRecord, Store, SweepState};

/// Record decisions on findings, import them from an edited audit.csv, or list the open
/// review queue.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// A sweep file: use its state file, and only its sweep name's findings.
    sweep: Option<PathBuf>,
    /// A state to use instead (every sweep name in it): a SQLite file or a PostgreSQL URL
    /// (`postgres://…`).
    #[arg(long, value_name = "FILE|URL", conflicts_with = "sweep")]
    state: Option<PathBuf>,
    /// List the open review queue: flagged findings of the latest complete sweep without a
    /// decision (and reopened ones).
    #[arg(long, conflicts_with_all = ["import", "finding", "log"])]
    list: bool,
    /// List every decision recorded (who, when, note, where from), oldest first.
    #[arg(long, conflicts_with_all = ["import", "finding"])]
    log: bool,
    /// List the allow-list: sellers authorised per brand and site by `authorised` decisions.
    #[arg(long, conflicts_with_all = ["import", "finding", "log", "list"])]
    allow_list: bool,
    /// Import the `decision` column of an audit.csv edited in a spreadsheet.
    #[arg(long, value_name = "AUDIT.csv", conflicts_with = "finding")]
    import: Option<PathBuf>,
    /// With --import: check the file and say what would be recorded, recording nothing.
    #[arg(long, requires = "import")]
    dry_run: bool,
    /// A finding id (as `--list` prints it); repeat for several.
    #[arg(long = "finding", value_name = "ID", requires = "decision")]
    finding: Vec<String>,
    /// The decision: confirmed, dismissed, authorised or open (withdraws the previous one).
    #[arg(long, value_name = "DECISION")]
    decision: Option<String>,
    /// A note kept with the decision.
    #[arg(long, value_name = "TEXT", default_value = "")]
    note: String,
    /// Who decides (default: $GREYSWEEP_USER, else $USER, else `unknown`).
    #[arg(long, value_name = "NAME")]
    by: Option<String>,
    /// When the decision was made (RFC 3339, or a date: midnight UTC; default: now).
    #[arg(long, value_name = "TIME")]
    at: Option<String>,
    /// Print JSON lines instead of a table (`--list`, `--log`).
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let at = match super::parse_time(args.at.as_deref(), "--at") {
        Ok(t) => t,
        Err(msg) => return super::usage(&msg),
    };
    let by = super::who(args.by.as_deref());
    let (state, name) = super::state_of(args.sweep.as_ref(), args.state.as_ref())?;
    let mut store = crate::store::open(&state)?;
    if args.list {
        return list(&store, name.as_deref(), args.json);
    }
    if args.log {
        return log(&store, name.as_deref(), args.json);
    }
    if args.allow_list {
        return allow_list(&store, args.json);
    }
    if let Some(file) = &args.import {
        return import(&mut store, file, &by, at, args.dry_run);
    }
    if !args.finding.is_empty() {
        let raw = args.decision.as_deref().unwrap_or("");
        let Some(decision) = Decision::parse(raw) else {
            return super::usage(&format!(
                "--decision `{}` is not one of confirmed, dismissed, authorised, open",
                terminal_safe(raw)
            ));
        };
        return decide(
            &mut store,
            name.as_deref(),
            &args.finding,
            decision,
            &args.note,
            &by,
            at,
        );
    }
    super::usage(
        "nothing to do: give --list, --log, --allow-list, --import AUDIT.csv, or --finding ID --decision DECISION",
    )
}

/// A flagged finding of a sweep, with its listing.
struct Flagged {
    sweep: String,
    key: FindingKey,
    rec: ListingRecord,
    brand: String,
}

/// The flagged findings of the latest complete sweep of each name (or of `name`).
fn latest_flagged(store: &dyn Store, name: Option<&str>) -> anyhow::Result<Vec<Flagged>> {
    let mut done = std::collections::HashSet::new();
    let mut out = Vec::new();
    for s in store.sweeps(name)? {
        if s.state != SweepState::Complete || !done.insert(s.name.clone()) {
            continue;
        }
        for (key, rec, brand) in joined_findings(store, &s.id)? {
            out.push(Flagged {
                sweep: s.id.clone(),
                key,
                rec,
                brand,
            });
        }
    }
    Ok(out)
}

/// What the decisions in force make of a flagged finding now.
fn effect(decisions: &Decisions, f: &Flagged) -> Effect {
    let mut rec = f.rec.clone();
    rec.findings = vec![Finding {
        matched_name: f.brand.clone(),
        field: "title",
        brand: f.brand.clone(),
        matched_text: String::new(),
        match_kind: MatchKind::Exact,
        category: Category::UnauthorisedBrandUse,
        risk: 0,
        signals: Vec::new(),
        flagged: true,
        listing_classes: Vec::new(),
        goods_words: Vec::new(),
        brand_classes: Vec::new(),
    }];
    decisions
        .apply(&mut rec)
        .into_iter()
        .next()
        .map_or(Effect::Open, |(_, e)| e)
}

fn cut(s: &str, n: usize) -> String {
    let s = terminal_safe(s);
    if s.chars().count() <= n {
        s
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn list(store: &dyn Store, name: Option<&str>, json: bool) -> anyhow::Result<u8> {
    let decisions = Decisions::new(store.decision_current()?);
    let mut out = String::new();
    if !json {
        out.push_str(&format!(
            "{:<12}  {:<8}  {:<14}  {:<14}  {:<24}  {:<40}  {}\n",
            "finding", "state", "site", "brand", "seller", "title", "listing_url"
        ));
    }
    let mut open = 0;
    for f in latest_flagged(store, name)? {
        let state = match effect(&decisions, &f) {
            Effect::Open => "open",
            Effect::Reopened => "reopened",
            _ => continue,
        };
        open += 1;
        let l = &f.rec.listing;
        let id = finding_id(&f.key);
        if json {
            let line = serde_json::json!({
                "finding_id": id, "state": state, "sweep_id": f.sweep, "site": f.rec.site,
                "brand": f.brand, "listing_key": f.key.listing, "listing_url": f.rec.listing_url,
                "product_id": l.product_id, "title": l.title, "price": l.price,
                "seller_name": l.seller_name, "seller_url": l.seller_url, "seller_id": l.seller_id,
            });
            out.push_str(&line.to_string());
            out.push('\n');
        } else {
            out.push_str(&format!(
                "{:<12}  {:<8}  {:<14}  {:<14}  {:<24}  {:<40}  {}\n",
                id,
                state,
                cut(&f.rec.site, 14),
                cut(&f.brand, 14),
                cut(
                    l.seller_name
                        .as_deref()
                        .or(l.seller_id.as_deref())
                        .unwrap_or(""),
                    24
                ),
                cut(l.title.as_deref().unwrap_or(""), 40),
                terminal_safe(&f.rec.listing_url),
            ));
        }
    }
    print!("{out}");
    crate::progress::info(&format!(
        "{open} open finding{} in the review queue",
        if open == 1 { "" } else { "s" }
    ));
    Ok(super::EXIT_OK)
}

fn log(store: &dyn Store, name: Option<&str>, json: bool) -> anyhow::Result<u8> {
    let mut out = String::new();
    if !json {
        out.push_str(&format!(
            "{:<12}  {:<10}  {:<20}  {:<16}  {:<14}  {:<14}  {:<30}  {}\n",
            "finding", "decision", "decided_at", "decided_by", "site", "brand", "title", "note"
        ));
    }
    for d in store.decision_log(name)? {
        if json {
            let mut v = serde_json::to_value(&d)?;
            v["finding_id"] = serde_json::Value::String(d.finding_id());
            out.push_str(&v.to_string());
            out.push('\n');
        } else {
            out.push_str(&format!(
                "{:<12}  {:<10}  {:<20}  {:<16}  {:<14}  {:<14}  {:<30}  {}\n",
                d.finding_id(),
                d.decision.as_str(),
                d.decided_at.format("%Y-%m-%d %H:%M:%S"),
                cut(&d.decided_by, 16),
                cut(&d.site, 14),
                cut(&d.brand, 14),
                cut(d.title.as_deref().unwrap_or(""), 30),
                terminal_safe(&d.note),
            ));
        }
    }
    print!("{out}");
    Ok(super::EXIT_OK)
}

fn allow_list(store: &dyn Store, json: bool) -> anyhow::Result<u8> {
    let decisions = Decisions::new(store.decision_current()?);
    let mut out = String::new();
    if !json {
        out.push_str(&format!(
            "{:<14}  {:<14}  {:<40}  {:<16}  {:<20}  {}\n",
            "site", "brand", "seller", "decided_by", "decided_at", "note"
        ));
    }
    for a in decisions.allow_list() {
        if json {
            out.push_str(&serde_json::to_string(a)?);
            out.push('\n');
        } else {
            out.push_str(&format!(
                "{:<14}  {:<14}  {:<40}  {:<16}  {:<20}  {}\n",
                cut(&a.site, 14),
                cut(&a.brand, 14),
                cut(&a.seller.describe(), 40),
                cut(&a.decided_by, 16),
                a.decided_at.format("%Y-%m-%d %H:%M:%S"),
                terminal_safe(&a.note),
            ));
        }
    }
    print!("{out}");
    Ok(super::EXIT_OK)
}

fn import(
    store: &mut dyn Store,
    file: &std::path::Path,
    by: &str,
    at: DateTime<Utc>,
    dry_run: bool,
) -> anyhow::Result<u8> {
    let report = match crate::case::decision::import(store, file, by, at, dry_run) {
        Ok(r) => r,
        Err(e) => return super::usage(&format!("{e:#}")),
    };
    for (line, d) in &report.applied {
        crate::progress::info(&format!(
            "{}:{line}: {} {} ({}, {})",
            terminal_safe(&file.display().to_string()),
            d.finding_id(),
            d.decision,
            cut(&d.brand, 30),
            cut(d.title.as_deref().unwrap_or(&d.listing), 60)
        ));
    }
    for r in &report.rejected {
        crate::progress::error(&format!(
            "{}:{}: {}",
            terminal_safe(&file.display().to_string()),
            r.line,
            r.reason
        ));
    }
    crate::progress::info(&format!(
        "{} {} decision{} ({} already in force, {} rows without a decision left open, {} rejected)",
        if dry_run { "would import" } else { "imported" },
        report.applied.len(),
        if report.applied.len() == 1 { "" } else { "s" },
        report.unchanged,
        report.blank,
        report.rejected.len()
    ));
    Ok(if report.rejected.is_empty() {
        super::EXIT_OK
    } else {
        super::EXIT_USAGE
    })
}

fn decide(
    store: &mut dyn Store,
    name: Option<&str>,
    ids: &[String],
    decision: Decision,
    note: &str,
    by: &str,
    at: DateTime<Utc>,
) -> anyhow::Result<u8> {
    let decisions = Decisions::new(store.decision_current()?);
    let mut chosen = Vec::new();
    for id in ids {
        let id = id.trim().to_lowercase();
        let mut found = None;
        for s in store.sweeps(name)? {
            if let Some((key, rec, brand)) = joined_findings(store, &s.id)?
                .into_iter()
                .find(|(k, _, _)| finding_id(k) == id)
            {
                found = Some((s.id.clone(), key, rec, brand));
                break;
            }
        }
        let Some((sweep, key, rec, brand)) = found else {
            return super::usage(&format!(
                "no flagged finding with id `{}` in the state (`greysweep review --list` shows the ids)",
                terminal_safe(&id)
            ));
        };
        let d = DecisionRecord::of(&rec, &brand, decision, note, by, at, &sweep, "review");
        if decision == Decision::Authorised && SellerIdentity::of(&d).is_none() {
            return super::usage(&format!(
                "finding {id}: `authorised` needs a seller to allow-list, and this listing has no seller id, store URL or name"
            ));
        }
        let unchanged = match decisions.get(&key) {
            // Re-dismissing a reopened finding records its new text; other decisions do
            // not depend on the text.
            Some(cur) => {
                cur.decision == decision
                    && (cur.decision != Decision::Dismissed || cur.text_change(&rec).is_none())
            }
            None => decision == Decision::Open,
        };
        chosen.push((d, unchanged));
    }
    store.begin()?;
    for (d, unchanged) in &chosen {
        if !unchanged {
            store.decision_record(d)?;
        }
    }
    store.commit()?;
    for (d, unchanged) in &chosen {
        crate::progress::info(&format!(
            "{} {}: {} ({}, {}) by {} at {}",
            d.finding_id(),
            if *unchanged { "unchanged" } else { "recorded" },
            d.decision,
            cut(&d.brand, 30),
            cut(d.title.as_deref().unwrap_or(&d.listing), 60),
            terminal_safe(&d.decided_by),
            d.decided_at
                .to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        ));
    }
    Ok(super::EXIT_OK)
}
