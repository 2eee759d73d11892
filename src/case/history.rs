//! The history of a sweep name, read back from the store: which flagged findings were
//! resolved between consecutive complete sweeps (the relisting candidates, see
//! [`super::relist`]), and which findings of each sweep look like one of them.
//!
//! A finding of one sweep is *resolved* in the next when its listing is gone from the
//! whole next sweep and the page it was on was read healthily there (`ok` or
//! `not_modified` with no extraction-health warning on its site and page kind) or answered
//! 404/410 — the rule `resolved.csv` uses (see [`crate::sweep`]), with one difference: a
//! listing still present but no longer flagged (its title was edited) is not gone, so it
//! is not a relisting candidate. Health is judged with the profiles given (the sweep
//! file's); without them only the page status counts.
//!
//! Nothing is stored: the history is recomputed from the sweeps' pages, listings and
//! findings, so it is the same for a state written by an older greysweep.

use std::collections::HashMap;

use chrono::{DateTime, Utc};

use crate::case::relist::{RelistCandidate, RelistIndex, RelistMatch, RelistOrigin};
use crate::extract::SiteProfile;
use crate::health::Health;
use crate::store::{FindingKey, ListingRecord, PageRecord, Store, SweepRow, SweepState};

/// A flagged finding as kept in the store: its key, its listing (joined with the sweep's
/// seller records) and its brand as written.
pub type StoredFinding = (FindingKey, ListingRecord, String);

/// One sweep of the history.
pub struct Step<'a> {
    /// The sweep.
    pub sweep: &'a SweepRow,
    /// Its flagged findings, joined with its seller records.
    pub findings: &'a [StoredFinding],
    /// Each finding's seller contacts (same order).
    pub contacts: &'a [Vec<String>],
    /// Findings of the previous sweep that are gone in this one.
    pub removed: &'a [RelistCandidate],
    /// Relisting claims: (index into `findings`, the match in the index).
    pub claims: &'a [(usize, RelistMatch)],
}

/// The seller contacts of a joined listing (those its join found, see
/// [`crate::seller::Joined::contacts`]).
pub fn listing_contacts(rec: &ListingRecord) -> Vec<String> {
    rec.joined
        .as_ref()
        .map(|j| j.contacts.clone())
        .unwrap_or_default()
}

/// Keeps of a listing's description only the e-mail addresses and phone numbers written
/// in it, one per line ([`crate::case::relist::contacts_in`] finds the same ones again).
pub fn lean_listing(rec: &mut ListingRecord) {
    if let Some(d) = &rec.listing.description {
        let found = crate::case::relist::contacts_in(d);
        rec.listing.description = (!found.is_empty()).then(|| found.join("\n"));
    }
}

/// A sweep's flagged findings joined with its seller records, and their contacts.
pub fn joined_findings(
    store: &dyn Store,
    sweep: &str,
) -> anyhow::Result<(Vec<StoredFinding>, Vec<Vec<String>>)> {
    let mut findings = store.findings(sweep)?;
    crate::seller::join_stored(store, sweep, findings.iter_mut().map(|(_, rec, _)| rec))?;
    let contacts = findings
        .iter()
        .map(|(_, rec, _)| listing_contacts(rec))
        .collect();
    Ok((findings, contacts))
}

/// Whether a sweep read a page healthily (see the module doc).
pub fn read_healthily(page: &PageRecord, health: &Health) -> bool {
    use crate::store::PageStatus;
    match page.status {
        PageStatus::Ok | PageStatus::NotModified => {
            let kind = page.figures.as_ref().and_then(|f| f.page_kind.as_deref());
            !health.failed(&page.site, kind)
        }
        PageStatus::HttpError => matches!(page.http_status, Some(404 | 410)),
        _ => false,
    }
}

/// The findings of the previous sweep (`before`, with their contacts) that are gone in
/// sweep `current`: listing absent from the whole sweep, its page read healthily. Each
/// becomes a [`RelistOrigin::Resolved`] candidate dated when its page was fetched again.
pub fn removed_between(
    store: &dyn Store,
    previous: &str,
    before: &[StoredFinding],
    contacts: &[Vec<String>],
    current: &SweepRow,
    page: &dyn Fn(&str) -> anyhow::Result<Option<PageRecord>>,
    health: &Health,
) -> anyhow::Result<Vec<RelistCandidate>> {
    let mut out = Vec::new();
    for (i, (key, rec, brand)) in before.iter().enumerate() {
        let Some(page) = page(rec.page_url.as_str())? else {
            continue;
        };
        if !read_healthily(&page, health) || store.relist_listing_seen(&current.id, &key.listing)? {
            continue;
        }
        out.push(RelistCandidate {
            listing: rec.clone(),
            brand: brand.clone(),
            origin: RelistOrigin::Resolved,
            when: page.fetched_at.unwrap_or(current.started_at),
            sweep_id: previous.to_string(),
            contacts: contacts.get(i).cloned().unwrap_or_default(),
        });
    }
    Ok(out)
}

/// What the analysts and the platforms said about findings of a sweep name (see
/// [`crate::case::decision`] and [`crate::case::outcome`]): the findings dismissed by a
/// decision in force, and the listings a takedown removed. Relisting reads them: a
/// resolved candidate whose listing a takedown removed is [`RelistOrigin::Removed`]
/// (dated when it was found removed), and a dismissed finding is a
/// [`RelistOrigin::Dismissed`] candidate (dated when it was dismissed).
#[derive(Debug, Default)]
pub struct CaseFacts {
    /// Dismissed findings in force, by sweep: finding key → when dismissed.
    dismissed: HashMap<String, HashMap<FindingKey, DateTime<Utc>>>,
    /// Listings removed after a takedown: listing key → when found removed.
    removed: HashMap<String, DateTime<Utc>>,
}

impl CaseFacts {
    /// Reads the decisions in force and the takedown outcomes of sweeps named `name`.
    pub fn load(store: &dyn Store, name: &str) -> anyhow::Result<CaseFacts> {
        let mut facts = CaseFacts::default();
        for d in crate::case::decision::in_force(
            store,
            Some(name),
            crate::case::decision::Decision::Dismissed,
        )? {
            facts
                .dismissed
                .entry(d.sweep.clone())
                .or_default()
                .insert(d.key(), d.decided_at);
        }
        for (batch, item) in crate::case::outcome::removed_listings(store, Some(name))? {
            let when = item
                .removed_at
                .or(batch.sent_at)
                .unwrap_or(batch.created_at);
            facts.removed.insert(item.listing, when);
        }
        Ok(facts)
    }

    /// Marks the resolved candidates whose listing a takedown removed as removed.
    pub fn relabel(&self, candidates: &mut [RelistCandidate]) {
        for c in candidates {
            if c.origin != RelistOrigin::Resolved {
                continue;
            }
            if let Some(when) = self.removed.get(&c.listing.key()) {
                c.origin = RelistOrigin::Removed;
                c.when = *when;
            }
        }
    }

    /// The findings of sweep `sweep` (with their contacts) dismissed by a decision in
    /// force, as candidates.
    pub fn dismissed_in(
        &self,
        sweep: &str,
        findings: &[StoredFinding],
        contacts: &[Vec<String>],
    ) -> Vec<RelistCandidate> {
        let Some(of_sweep) = self.dismissed.get(sweep) else {
            return Vec::new();
        };
        findings
            .iter()
            .enumerate()
            .filter_map(|(i, (key, rec, brand))| {
                of_sweep.get(key).map(|when| RelistCandidate {
                    listing: rec.clone(),
                    brand: brand.clone(),
                    origin: RelistOrigin::Dismissed,
                    when: *when,
                    sweep_id: sweep.to_string(),
                    contacts: contacts.get(i).cloned().unwrap_or_default(),
                })
            })
            .collect()
    }
}

/// The complete sweeps of `name`, oldest first, and `current` last when given.
pub fn sweeps_of(
    store: &dyn Store,
    name: &str,
    current: Option<&str>,
) -> anyhow::Result<Vec<SweepRow>> {
    let mut rows: Vec<SweepRow> = store
        .sweeps(Some(name))?
        .into_iter()
        .filter(|s| s.state == SweepState::Complete || Some(s.id.as_str()) == current)
        .collect();
    rows.sort_by(|a, b| {
        let last = |s: &SweepRow| Some(s.id.as_str()) == current;
        last(a)
            .cmp(&last(b))
            .then(a.started_at.cmp(&b.started_at))
            .then(a.id.cmp(&b.id))
    });
    Ok(rows)
}

/// The sweep before the one being walked: its row, findings and their contacts.
type Previous = (SweepRow, Vec<StoredFinding>, Vec<Vec<String>>);

/// What [`walk`] does besides walking: make relisting claims on each sweep's findings
/// (`claims`), and keep only what relisting reads of each listing's description (`lean`).
#[derive(Debug, Clone, Copy)]
pub struct Walk {
    pub claims: bool,
    pub lean: bool,
}

/// Walks the history of `name` (its complete sweeps oldest first, then `current` when
/// given): each sweep's findings, the previous sweep's findings gone in it, and — with
/// `claims` — which of its findings look like a finding gone earlier (in this sweep or
/// before). Returns the index of every candidate found. With `lean`, each finding's
/// listing keeps of its description only the contacts written in it (what relisting reads
/// there): two sweeps' findings are held at a time, and descriptions are most of a
/// listing's bytes. Callers that show or re-judge the listings (a case file) walk whole.
pub fn walk(
    store: &dyn Store,
    name: &str,
    current: Option<&str>,
    profiles: &[SiteProfile],
    threshold: f64,
    how: Walk,
    f: &mut dyn FnMut(&Step<'_>, &RelistIndex) -> anyhow::Result<()>,
) -> anyhow::Result<RelistIndex> {
    let Walk { claims, lean } = how;
    let mut index = RelistIndex::new(threshold);
    let cases = CaseFacts::load(store, name)?;
    let mut prev: Option<Previous> = None;
    for sweep in sweeps_of(store, name, current)? {
        let (mut findings, contacts) = joined_findings(store, &sweep.id)?;
        if lean {
            for (_, rec, _) in &mut findings {
                lean_listing(rec);
            }
        }
        let removed = match &prev {
            Some((p, p_findings, p_contacts)) => {
                // Both sweeps' pages stream through the health figures; a finding's page
                // is looked up when it is needed. No sweep's pages are held.
                let health = crate::health::assess_stored(profiles, store, &sweep.id, Some(&p.id))?;
                removed_between(
                    store,
                    &p.id,
                    p_findings,
                    p_contacts,
                    &sweep,
                    &|url| store.page(&sweep.id, url),
                    &health,
                )?
            }
            None => Vec::new(),
        };
        let mut removed = removed;
        cases.relabel(&mut removed);
        for c in &removed {
            index.insert(c.clone());
        }
        let mut found = Vec::new();
        if claims {
            for (i, ((_, rec, brand), c)) in findings.iter().zip(&contacts).enumerate() {
                if let Some(m) = index.find(rec, brand, c) {
                    found.push((i, m));
                }
            }
        }
        // Findings of this sweep an analyst dismissed become candidates once its claims
        // are made (a listing is not a relisting of another one in the same sweep).
        for c in cases.dismissed_in(&sweep.id, &findings, &contacts) {
            index.insert(c);
        }
        index.note_flagged(&sweep.id, findings.iter().map(|(k, _, _)| k));
        f(
            &Step {
                sweep: &sweep,
                findings: &findings,
                contacts: &contacts,
                removed: &removed,
                claims: &found,
            },
            &index,
        )?;
        prev = Some((sweep, findings, contacts));
    }
    Ok(index)
}
