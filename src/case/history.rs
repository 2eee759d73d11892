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

/// What [`walk`] shows of one sweep of the history, in order: each of its flagged
/// findings, then the findings of the previous sweep gone in it.
pub enum Visit<'a> {
    /// A flagged finding of `sweep`, joined with the sweep's seller records, and the
    /// finding gone earlier it looks like (when claims are made).
    Finding {
        sweep: &'a SweepRow,
        key: &'a FindingKey,
        listing: &'a ListingRecord,
        brand: &'a str,
        claim: Option<&'a RelistMatch>,
    },
    /// The findings of the previous sweep that are gone in `sweep`.
    Removed {
        sweep: &'a SweepRow,
        removed: &'a [RelistCandidate],
    },
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
/// in it, one per line ([`crate::case::relist::contacts_in`] finds the same ones again),
/// and drops its matches: what relisting and dossiers read of a listing, as a candidate
/// keeps it for the rest of the walk.
pub fn lean_listing(rec: &mut ListingRecord) {
    rec.findings = Vec::new();
    if let Some(d) = &rec.listing.description {
        let found = crate::case::relist::contacts_in(d);
        rec.listing.description = (!found.is_empty()).then(|| found.join("\n"));
    }
}

/// Calls `f` with each flagged finding of sweep `sweep` joined with its seller records,
/// and its contacts, one at a time from the store (see [`Store::for_each_finding`]); with
/// `lean`, each listing is [`lean_listing`]ed first.
pub fn for_each_joined(
    store: &dyn Store,
    sweep: &str,
    lean: bool,
    f: &mut dyn FnMut(FindingKey, ListingRecord, String, Vec<String>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut sellers =
        crate::seller::SellerIndex::over(crate::seller::StoredSellers::new(store, sweep))?;
    store.for_each_finding(sweep, &mut |key, mut rec, brand| {
        sellers.join(&mut rec)?;
        let contacts = listing_contacts(&rec);
        if lean {
            lean_listing(&mut rec);
        }
        f(key, rec, brand, contacts)
    })
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

/// The findings of sweep `previous` that are gone in sweep `current`: listing absent from
/// the whole sweep, its page read healthily. Each becomes a [`RelistOrigin::Resolved`]
/// candidate dated when its page was fetched again. The findings are read from the store
/// one at a time; with `lean`, each candidate's listing is [`lean_listing`]ed.
pub fn removed_in(
    store: &dyn Store,
    previous: &str,
    current: &SweepRow,
    page: &dyn Fn(&str) -> anyhow::Result<Option<PageRecord>>,
    health: &Health,
    lean: bool,
) -> anyhow::Result<Vec<RelistCandidate>> {
    let mut out = Vec::new();
    for_each_joined(store, previous, lean, &mut |key, rec, brand, contacts| {
        let Some(page) = page(rec.page_url.as_str())? else {
            return Ok(());
        };
        if !read_healthily(&page, health) || store.relist_listing_seen(&current.id, &key.listing)? {
            return Ok(());
        }
        out.push(RelistCandidate {
            listing: rec,
            brand,
            origin: RelistOrigin::Resolved,
            when: page.fetched_at.unwrap_or(current.started_at),
            sweep_id: previous.to_string(),
            contacts,
        });
        Ok(())
    })?;
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

    /// The finding `key` of sweep `sweep` (its listing, brand and contacts) as a
    /// candidate, when a decision in force dismissed it.
    pub fn dismissed(
        &self,
        sweep: &str,
        key: &FindingKey,
        listing: &ListingRecord,
        brand: &str,
        contacts: &[String],
    ) -> Option<RelistCandidate> {
        let when = self.dismissed.get(sweep)?.get(key)?;
        Some(RelistCandidate {
            listing: listing.clone(),
            brand: brand.to_string(),
            origin: RelistOrigin::Dismissed,
            when: *when,
            sweep_id: sweep.to_string(),
            contacts: contacts.to_vec(),
        })
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
/// before). Returns the index of every candidate found.
///
/// Findings are read from the store one at a time, each sweep's twice (as a sweep, then
/// as the previous sweep of the next one): what stays in memory is the index (the
/// candidates, and a hash of every flagged finding's key). With `lean`, a candidate's
/// listing keeps of its description only the contacts written in it (what relisting
/// reads there). Callers that show or re-judge the listings (a case file) walk whole.
pub fn walk(
    store: &dyn Store,
    name: &str,
    current: Option<&str>,
    profiles: &[SiteProfile],
    threshold: f64,
    how: Walk,
    f: &mut dyn FnMut(&Visit<'_>, &RelistIndex) -> anyhow::Result<()>,
) -> anyhow::Result<RelistIndex> {
    let Walk { claims, lean } = how;
    let mut index = RelistIndex::new(threshold);
    let cases = CaseFacts::load(store, name)?;
    let mut prev: Option<SweepRow> = None;
    for sweep in sweeps_of(store, name, current)? {
        let mut removed = match &prev {
            Some(p) => {
                // Both sweeps' pages stream through the health figures; a finding's page
                // is looked up when it is needed. No sweep's pages are held.
                let health = crate::health::assess_stored(profiles, store, &sweep.id, Some(&p.id))?;
                removed_in(
                    store,
                    &p.id,
                    &sweep,
                    &|url| store.page(&sweep.id, url),
                    &health,
                    lean,
                )?
            }
            None => Vec::new(),
        };
        cases.relabel(&mut removed);
        for c in &removed {
            index.insert(c.clone());
        }
        // Findings of this sweep an analyst dismissed become candidates once its claims
        // are made (a listing is not a relisting of another one in the same sweep).
        let mut dismissed = Vec::new();
        for_each_joined(store, &sweep.id, lean, &mut |key, rec, brand, contacts| {
            let claim = if claims {
                index.find(&rec, &brand, &contacts)
            } else {
                None
            };
            dismissed.extend(cases.dismissed(&sweep.id, &key, &rec, &brand, &contacts));
            index.note_flagged(&sweep.id, std::iter::once(&key));
            f(
                &Visit::Finding {
                    sweep: &sweep,
                    key: &key,
                    listing: &rec,
                    brand: &brand,
                    claim: claim.as_ref(),
                },
                &index,
            )
        })?;
        for c in dismissed {
            index.insert(c);
        }
        f(
            &Visit::Removed {
                sweep: &sweep,
                removed: &removed,
            },
            &index,
        )?;
        prev = Some(sweep);
    }
    Ok(index)
}
