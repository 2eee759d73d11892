//! Seller dossiers: per seller, across every sweep of a state — the sites and store URLs
//! it was seen on, its findings by brand, when it was first and last seen, what happened
//! to its findings (decisions, removals) and its relisted listings.
//!
//! **Identity.** A seller is named by the first of: `<site>/id/<seller id>` (the
//! marketplace's id, from the listing or the seller record joined onto it),
//! `url/<seller URL>` (normalised by [`crate::seller::normalise_url`]: scheme, `www.`,
//! trailing `/` and tracking parameters ignored), `<site>/name/<seller name>` (lowercased,
//! whitespace collapsed). A listing that carries both an id and a URL links the two, so a
//! seller seen once by its id and once only by its store URL is one dossier, named by its
//! id; the other names are its `aliases`. A name alone links nothing (names collide).
//! Identities are the same in every sweep, on every machine, for the same state.
//!
//! Figures come from the flagged findings kept in the store (what `audit.csv` listed),
//! so a dossier is about findings, not every listing a seller has. `removed` counts the
//! seller's findings that were later resolved — gone from a page read healthily, or
//! 404/410 (see [`super::history`]) — or taken down after a notice; the analysts'
//! decisions in force and listings still up after a notice are counted beside it in
//! [`DossierOutcomes`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use anyhow::Context as _;
use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::case::decision::Decision;
use crate::case::history::{Visit, walk};
use crate::case::outcome::ItemStatus;
use crate::case::relist::{RelistIndex, Relisted};
use crate::extract::SiteProfile;
use crate::store::{FindingKey, ListingRecord, Store};
use crate::texts::Texts;

/// What happened to a seller's findings: the analysts' decisions in force on them
/// (`confirmed`, `dismissed`, `authorised`; see [`crate::case::decision`]), listings still
/// up after a takedown notice (`still_up`), and `removed`: findings found gone from a page
/// read healthily (resolved) or taken down after a notice (see [`crate::case::outcome`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DossierOutcomes {
    /// Findings an analyst confirmed.
    pub confirmed: usize,
    /// Findings an analyst dismissed.
    pub dismissed: usize,
    /// Findings whose seller was found authorised.
    pub authorised: usize,
    /// Findings whose listing was removed (resolved, or taken down after a notice).
    pub removed: usize,
    /// Findings still up after a notice.
    pub still_up: usize,
}

/// The file a sweep writes its dossiers to (beside `report.html`, which shows them).
pub const DOSSIERS_FILE: &str = "dossiers.json";

/// Writes dossiers as a pretty JSON array (what `greysweep sellers --json` prints),
/// streamed to the file (the text is never held whole: about 800 bytes a seller).
pub fn write_dossiers(path: &std::path::Path, sellers: &[SellerDossier]) -> anyhow::Result<()> {
    use std::io::Write as _;
    crate::atomic::write_with(path, |f| {
        serde_json::to_writer_pretty(&mut *f, sellers)?;
        f.write_all(b"\n")?;
        Ok(())
    })
}

/// One seller's dossier.
#[derive(Debug, Clone, Serialize)]
pub struct SellerDossier {
    /// The seller's identity (see the module doc); what `export --seller` takes.
    pub id: String,
    /// Other identities linked to it.
    pub aliases: Vec<String>,
    /// Names it was shown under.
    pub names: Vec<String>,
    /// Sites it was seen on.
    pub sites: Vec<String>,
    /// Its store URLs as shown.
    pub store_urls: Vec<String>,
    /// Its marketplace ids.
    pub seller_ids: Vec<String>,
    /// Sweep names it was seen in.
    pub sweep_names: Vec<String>,
    /// Sweeps with a finding of it.
    pub sweeps: usize,
    /// Distinct findings (listing and brand) across the sweeps.
    pub findings: usize,
    /// Those by brand.
    pub findings_by_brand: BTreeMap<String, usize>,
    /// Distinct listings flagged.
    pub listings: usize,
    /// When a flagged listing of it was first fetched (RFC 3339).
    pub first_seen: String,
    /// When one was last fetched (RFC 3339).
    pub last_seen: String,
    /// Decisions and removals.
    pub outcomes: DossierOutcomes,
    /// Its findings that look like a listing removed earlier (relistings by this seller).
    pub relisted: usize,
    /// Its removed listings that came back as another listing (of any seller).
    pub relisted_elsewhere: usize,
}

/// One finding of a seller, with where it was flagged.
#[derive(Debug, Clone)]
pub struct CaseFinding {
    /// The sweep that flagged it.
    pub sweep_id: String,
    /// That sweep's name.
    pub sweep_name: String,
    /// Its key.
    pub key: FindingKey,
    /// Its brand as written.
    pub brand: String,
    /// The listing, joined with the sweep's seller records.
    pub listing: ListingRecord,
    /// The relisting claim on it, if any.
    pub relisted: Option<Relisted>,
}

/// Every seller's dossier, and (when kept) each seller's findings.
#[derive(Debug, Default)]
pub struct Dossiers {
    /// Dossiers, most findings first.
    pub sellers: Vec<SellerDossier>,
    /// Per dossier id, its findings in sweep order (only with `keep_findings`).
    pub findings: HashMap<String, Vec<CaseFinding>>,
}

impl Dossiers {
    /// The dossier named `id`: its id, one of its aliases, or — when exactly one dossier
    /// carries it — a bare seller id or a store URL.
    pub fn resolve(&self, id: &str) -> Result<&SellerDossier, String> {
        let id = id.trim();
        if let Some(d) = self
            .sellers
            .iter()
            .find(|d| d.id == id || d.aliases.iter().any(|a| a == id))
        {
            return Ok(d);
        }
        let url = crate::seller::normalise_url(id).map(|u| format!("url/{u}"));
        let hits: Vec<&SellerDossier> = self
            .sellers
            .iter()
            .filter(|d| {
                d.seller_ids.iter().any(|s| s == id)
                    || url
                        .as_ref()
                        .is_some_and(|u| d.id == *u || d.aliases.contains(u))
            })
            .collect();
        match hits.as_slice() {
            [one] => Ok(one),
            [] => Err(format!(
                "no seller {id:?} in the state (`greysweep sellers` lists them)"
            )),
            many => Err(format!(
                "{id:?} names {} sellers: {}; give one of these ids",
                many.len(),
                many.iter()
                    .map(|d| d.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The identities a listing's seller fields give: (id, url, name), each when present.
pub fn identities(rec: &ListingRecord) -> [Option<String>; 3] {
    let l = &rec.listing;
    [
        non_empty(&l.seller_id).map(|id| format!("{}/id/{id}", rec.site)),
        non_empty(&l.seller_url)
            .and_then(crate::seller::normalise_url)
            .map(|u| format!("url/{u}")),
        non_empty(&l.seller_name).map(|n| {
            let n = n
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            format!("{}/name/{n}", rec.site)
        }),
    ]
}

/// The rank of an identity: id, then URL, then name.
fn rank(identity: &str) -> u8 {
    if identity.starts_with("url/") {
        1
    } else if identity.contains("/id/") {
        0
    } else {
        2
    }
}

/// The identity of a listing's seller by itself (no links): its id, else URL, else
/// name; `None` when the listing names no seller.
pub fn identity(rec: &ListingRecord) -> Option<String> {
    identities(rec).into_iter().flatten().next()
}

#[derive(Default)]
struct Links {
    ids: HashMap<String, usize>,
    parent: Vec<usize>,
    names: Vec<String>,
}

impl Links {
    fn node(&mut self, k: &str) -> usize {
        if let Some(&i) = self.ids.get(k) {
            return i;
        }
        let i = self.parent.len();
        self.parent.push(i);
        self.names.push(k.to_string());
        self.ids.insert(k.to_string(), i);
        i
    }
    fn find(&mut self, mut i: usize) -> usize {
        while self.parent[i] != i {
            self.parent[i] = self.parent[self.parent[i]];
            i = self.parent[i];
        }
        i
    }
    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            let (lo, hi) = if a < b { (a, b) } else { (b, a) };
            self.parent[hi] = lo;
        }
    }
    /// A listing's identity node, linking its id and URL.
    fn of(&mut self, rec: &ListingRecord) -> Option<usize> {
        let [id, url, name] = identities(rec);
        match (id, url) {
            (Some(i), Some(u)) => {
                let (a, b) = (self.node(&i), self.node(&u));
                self.union(a, b);
                Some(a)
            }
            (Some(i), None) => Some(self.node(&i)),
            (None, Some(u)) => Some(self.node(&u)),
            (None, None) => name.map(|n| self.node(&n)),
        }
    }
}

enum Event {
    Finding(Box<Facts>),
    Removed { key: u64 },
    RelistedElsewhere { key: u64 },
}

/// What a dossier takes from one finding; the whole finding only when findings are kept.
/// Events wait in memory until every identity is linked, so they carry no more than
/// this: texts shared by many findings (sites, sweeps, brands, a seller's names) as
/// numbers of one table of [`Texts`], the finding's and listing's keys as 64-bit hashes
/// (a dossier only counts them), about 80 bytes a finding.
struct Facts {
    seller_name: Option<u32>,
    seller_url: Option<u32>,
    seller_id: Option<u32>,
    site: u32,
    sweep_name: u32,
    sweep_id: u32,
    brand: u32,
    /// Hashes of the finding's key and of its listing's key ([`hash_of`]).
    key: u64,
    listing: u64,
    fetched_at: DateTime<Utc>,
    relisted: bool,
    /// Boxed: most builds keep no finding, and a whole listing inline would make every
    /// event the size of one.
    kept: Option<Box<CaseFinding>>,
}

/// A 64-bit hash of a key, the same for equal keys within one build: a dossier counts
/// distinct findings and listings by these (a collision among a state's findings, at
/// odds of about n²/2⁶⁵, would undercount by one).
fn hash_of<T: std::hash::Hash + ?Sized>(t: &T) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(t)
}

/// Builds every seller's dossier from the state: all sweep names, their complete sweeps,
/// and `current` (a sweep of `current.0` still writing its outputs) when given. Health is
/// judged with `profiles`; relisting at `threshold`. With `keep_findings` each seller's
/// findings are kept (for a case file).
pub fn build(
    store: &dyn Store,
    profiles: &[SiteProfile],
    threshold: f64,
    current: Option<(&str, &str)>,
    keep_findings: bool,
) -> anyhow::Result<Dossiers> {
    let mut out = Dossiers::default();
    build_each(
        store,
        profiles,
        threshold,
        current,
        keep_findings,
        &mut |d, kept| {
            if keep_findings {
                out.findings.insert(d.id.clone(), kept);
            }
            out.sellers.push(d);
            Ok(())
        },
    )?;
    out.sellers.sort_by(most_findings_first);
    Ok(out)
}

/// The order of dossiers: most findings first, then by id.
fn most_findings_first(a: &SellerDossier, b: &SellerDossier) -> std::cmp::Ordering {
    b.findings.cmp(&a.findings).then_with(|| a.id.cmp(&b.id))
}

/// [`build`], handing each dossier (with its kept findings, empty without
/// `keep_findings`) to `sink` as soon as it is made, in no particular order: nothing holds
/// them all.
pub fn build_each(
    store: &dyn Store,
    profiles: &[SiteProfile],
    threshold: f64,
    current: Option<(&str, &str)>,
    keep_findings: bool,
    sink: &mut dyn FnMut(SellerDossier, Vec<CaseFinding>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut names: BTreeSet<String> = store.sweeps(None)?.into_iter().map(|s| s.name).collect();
    if let Some((name, _)) = current {
        names.insert(name.to_string());
    }
    let mut links = Links::default();
    let mut texts = Texts::default();
    let mut events: Vec<(usize, Event)> = Vec::new();
    for name in &names {
        let cur = current.filter(|(n, _)| n == name).map(|(_, id)| id);
        walk(
            store,
            name,
            cur,
            profiles,
            threshold,
            crate::case::history::Walk {
                claims: true,
                lean: !keep_findings,
            },
            &mut |visit: &Visit<'_>, index: &RelistIndex| {
                match *visit {
                    Visit::Finding {
                        sweep,
                        key,
                        listing: rec,
                        brand,
                        claim,
                    } => {
                        let Some(node) = links.of(rec) else {
                            return Ok(());
                        };
                        let relisted = claim.map(|m| Relisted::of(m, index));
                        if let Some(m) = claim {
                            let origin = &index.candidate(m.candidate).listing;
                            if let Some(o) = links.of(origin) {
                                events.push((
                                    o,
                                    Event::RelistedElsewhere {
                                        key: hash_of(&origin.key()),
                                    },
                                ));
                            }
                        }
                        let l = &rec.listing;
                        events.push((
                            node,
                            Event::Finding(Box::new(Facts {
                                seller_name: non_empty(&l.seller_name).map(|s| texts.id(s)),
                                seller_url: non_empty(&l.seller_url).map(|s| texts.id(s)),
                                seller_id: non_empty(&l.seller_id).map(|s| texts.id(s)),
                                site: texts.id(&rec.site),
                                sweep_name: texts.id(name),
                                sweep_id: texts.id(&sweep.id),
                                brand: texts.id(brand),
                                key: hash_of(key),
                                listing: hash_of(&key.listing),
                                fetched_at: rec.fetched_at,
                                relisted: relisted.is_some(),
                                kept: keep_findings.then(|| {
                                    Box::new(CaseFinding {
                                        sweep_id: sweep.id.clone(),
                                        sweep_name: name.clone(),
                                        key: key.clone(),
                                        brand: brand.to_string(),
                                        listing: rec.clone(),
                                        relisted: relisted.clone(),
                                    })
                                }),
                            })),
                        ));
                    }
                    Visit::Removed { removed, .. } => {
                        for c in removed {
                            if let Some(node) = links.of(&c.listing) {
                                events.push((
                                    node,
                                    Event::Removed {
                                        key: hash_of(&crate::output::finding_key(
                                            &c.listing, &c.brand,
                                        )),
                                    },
                                ));
                            }
                        }
                    }
                }
                Ok(())
            },
        )?;
    }

    use std::collections::HashSet;
    #[derive(Default)]
    struct Acc {
        aliases: BTreeSet<String>,
        names: HashSet<u32>,
        sites: HashSet<u32>,
        urls: HashSet<u32>,
        ids: HashSet<u32>,
        sweep_names: HashSet<u32>,
        sweeps: HashSet<u32>,
        /// Finding key hash → listing key hash.
        findings: HashMap<u64, u64>,
        by_brand: HashMap<u32, HashSet<u64>>,
        listings: HashSet<u64>,
        first: Option<DateTime<Utc>>,
        last: Option<DateTime<Utc>>,
        removed: HashSet<u64>,
        relisted: HashSet<u64>,
        elsewhere: HashSet<u64>,
        kept: Vec<CaseFinding>,
    }
    let time = |t: Option<DateTime<Utc>>| {
        t.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default()
    };
    // Decisions in force and takedown outcomes, by finding and by listing (hashed as the
    // dossiers' keys are).
    let decided: HashMap<u64, Decision> = store
        .decision_current()?
        .into_iter()
        .map(|d| (hash_of(&d.key()), d.decision))
        .collect();
    let mut taken: HashMap<u64, ItemStatus> = HashMap::new();
    for b in store.takedown_batches(None)? {
        if b.sent_at.is_some() {
            for i in store.takedown_items(&b.id)? {
                taken.insert(hash_of(&i.listing), i.status);
            }
        }
    }
    let mut finish = |mut a: Acc| -> anyhow::Result<()> {
        let mut outcomes = DossierOutcomes::default();
        for (k, listing) in &a.findings {
            match decided.get(k) {
                Some(Decision::Confirmed) => outcomes.confirmed += 1,
                Some(Decision::Dismissed) => outcomes.dismissed += 1,
                Some(Decision::Authorised) => outcomes.authorised += 1,
                Some(Decision::Open) | None => {}
            }
            match taken.get(listing) {
                Some(ItemStatus::StillUp) => outcomes.still_up += 1,
                Some(ItemStatus::Removed) => {
                    a.removed.insert(*k);
                }
                Some(ItemStatus::Unchecked) | None => {}
            }
        }
        outcomes.removed = a.removed.len();
        let id = a
            .aliases
            .iter()
            .min_by(|x, y| rank(x).cmp(&rank(y)).then(x.cmp(y)))
            .cloned()
            .unwrap_or_default();
        let d = SellerDossier {
            aliases: a.aliases.iter().filter(|x| **x != id).cloned().collect(),
            id: id.clone(),
            names: texts.sorted(&a.names),
            sites: texts.sorted(&a.sites),
            store_urls: texts.sorted(&a.urls),
            seller_ids: texts.sorted(&a.ids),
            sweep_names: texts.sorted(&a.sweep_names),
            sweeps: a.sweeps.len(),
            findings: a.findings.len(),
            findings_by_brand: a
                .by_brand
                .iter()
                .map(|(b, l)| (texts.get(*b).to_string(), l.len()))
                .collect(),
            listings: a.listings.len(),
            first_seen: time(a.first),
            last_seen: time(a.last),
            outcomes,
            relisted: a.relisted.len(),
            relisted_elsewhere: a.elsewhere.len(),
        };
        sink(d, a.kept)
    };
    // Events grouped by their seller (the root of its identities), so one seller's
    // accumulator is alive at a time: it becomes its dossier before the next is made.
    let roots: Vec<usize> = (0..links.parent.len()).map(|i| links.find(i)).collect();
    let mut by_root: Vec<usize> = (0..roots.len()).collect();
    by_root.sort_by_key(|&i| (roots[i], i));
    events.sort_by_key(|(node, _)| roots[*node]);
    let mut events = events.into_iter().peekable();
    let mut nodes = by_root.into_iter().peekable();
    while let Some(&root) = nodes.peek().map(|&i| &roots[i]) {
        let mut a = Acc::default();
        while let Some(i) = nodes.next_if(|&i| roots[i] == root) {
            a.aliases.insert(links.names[i].clone());
        }
        while let Some((_, ev)) = events.next_if(|(node, _)| roots[*node] == root) {
            match ev {
                Event::Finding(f) => {
                    let f = *f;
                    a.names.extend(f.seller_name);
                    a.urls.extend(f.seller_url);
                    a.ids.extend(f.seller_id);
                    a.sites.insert(f.site);
                    a.sweep_names.insert(f.sweep_name);
                    a.sweeps.insert(f.sweep_id);
                    a.findings.insert(f.key, f.listing);
                    a.by_brand.entry(f.brand).or_default().insert(f.listing);
                    a.listings.insert(f.listing);
                    let t = f.fetched_at;
                    a.first = Some(a.first.map_or(t, |x| x.min(t)));
                    a.last = Some(a.last.map_or(t, |x| x.max(t)));
                    if f.relisted {
                        a.relisted.insert(f.key);
                    }
                    a.kept.extend(f.kept.map(|k| *k));
                }
                Event::Removed { key } => {
                    a.removed.insert(key);
                }
                Event::RelistedElsewhere { key } => {
                    a.elsewhere.insert(key);
                }
            }
        }
        if !a.findings.is_empty() {
            finish(a)?;
        }
    }
    Ok(())
}

/// Builds the dossiers of a sweep's state (see [`build`]; no findings kept) and writes
/// them to `path` as [`write_dossiers`] does, without holding them: each dossier's JSON
/// goes to a spill file beside `path` as it is made, and is copied from there in order
/// (most findings first). What stays in memory is an index of about 60 bytes a seller.
/// Returns the number of dossiers.
pub fn write_built(
    path: &std::path::Path,
    store: &dyn Store,
    profiles: &[SiteProfile],
    threshold: f64,
    current: Option<(&str, &str)>,
) -> anyhow::Result<usize> {
    write_spilled(path, &mut |sink| {
        build_each(store, profiles, threshold, current, false, &mut |d, _| {
            sink(d)
        })
    })
}

/// Where [`write_spilled`]'s `fill` hands each dossier.
type DossierSink<'a> = dyn FnMut(SellerDossier) -> anyhow::Result<()> + 'a;

/// Writes the dossiers `fill` hands out (in any order) to `path` as [`write_dossiers`]
/// writes them sorted, through a spill file beside `path`. Returns how many.
fn write_spilled(
    path: &std::path::Path,
    fill: &mut dyn FnMut(&mut DossierSink<'_>) -> anyhow::Result<()>,
) -> anyhow::Result<usize> {
    use std::io::{BufWriter, Read as _, Seek as _, SeekFrom, Write as _};
    let dir = path.parent().unwrap_or(std::path::Path::new("."));
    let spill = tempfile::tempfile_in(dir)
        .with_context(|| format!("creating a spill file in {}", dir.display()))?;
    let mut w = BufWriter::new(spill);
    // (findings, id, offset, length) of each dossier's element text in the spill file.
    let mut index: Vec<(usize, String, u64, usize)> = Vec::new();
    let mut at = 0u64;
    fill(&mut |d| {
        let text = element_text(&d)?;
        w.write_all(text.as_bytes())?;
        index.push((d.findings, d.id, at, text.len()));
        at += text.len() as u64;
        Ok(())
    })?;
    let mut spill = w.into_inner().map_err(|e| e.into_error())?;
    index.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let n = index.len();
    crate::atomic::write_with(path, |f| {
        if index.is_empty() {
            f.write_all(b"[]\n")?;
            return Ok(());
        }
        f.write_all(b"[\n")?;
        let mut buf = Vec::new();
        for (i, (_, _, offset, len)) in index.iter().enumerate() {
            if i > 0 {
                f.write_all(b",\n")?;
            }
            buf.resize(*len, 0);
            spill.seek(SeekFrom::Start(*offset))?;
            spill.read_exact(&mut buf)?;
            f.write_all(&buf)?;
        }
        f.write_all(b"\n]\n")?;
        Ok(())
    })?;
    Ok(n)
}

/// A dossier as an element of the pretty JSON array [`write_dossiers`] writes: indented
/// one level, without the separating comma.
fn element_text(d: &SellerDossier) -> anyhow::Result<String> {
    let one = serde_json::to_string_pretty(std::slice::from_ref(d))?;
    let inner = one
        .strip_prefix("[\n")
        .and_then(|t| t.strip_suffix("\n]"))
        .ok_or_else(|| anyhow::anyhow!("unexpected JSON for a dossier"))?;
    Ok(inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Listing;

    fn rec(id: Option<&str>, url: Option<&str>, name: Option<&str>) -> ListingRecord {
        ListingRecord {
            site: "s".into(),
            listing_url: "https://s.example/p/1".into(),
            listing: Listing {
                seller_id: id.map(str::to_string),
                seller_url: url.map(str::to_string),
                seller_name: name.map(str::to_string),
                ..Listing::default()
            },
            page_url: url::Url::parse("https://s.example/list").expect("url"),
            fetched_at: Utc::now(),
            http_status: 200,
            page_sha256: String::new(),
            warc_file: None,
            warc_record_id: None,
            extraction: None,
            joined: None,
            findings: Vec::new(),
        }
    }

    #[test]
    fn dossiers_are_written_as_the_pretty_array_streamed() {
        let d = SellerDossier {
            id: "s/id/42".into(),
            aliases: vec!["url/shop.example/store/9".into()],
            names: vec!["Acme \"Co\"".into()],
            sites: vec!["s".into()],
            store_urls: Vec::new(),
            seller_ids: vec!["42".into()],
            sweep_names: vec!["weekly".into()],
            sweeps: 2,
            findings: 3,
            findings_by_brand: BTreeMap::from([("Nike".to_string(), 3)]),
            listings: 2,
            first_seen: "2026-12-01T00:00:00Z".into(),
            last_seen: "2026-12-02T00:00:00Z".into(),
            outcomes: DossierOutcomes::default(),
            relisted: 0,
            relisted_elsewhere: 1,
        };
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join(DOSSIERS_FILE);
        let all = vec![
            d.clone(),
            SellerDossier {
                id: "s/id/7".into(),
                ..d
            },
        ];
        write_dossiers(&path, &all).expect("write");
        let written = std::fs::read_to_string(&path).expect("read");
        let expected = serde_json::to_string_pretty(&all).expect("json") + "\n";
        // Through a spill file, handed out in any order: the same bytes, sorted.
        let spilled = dir.path().join("spilled.json");
        let mut more = all.clone();
        more.push(SellerDossier {
            id: "s/id/1".into(),
            findings: 9,
            ..all[0].clone()
        });
        let n = write_spilled(&spilled, &mut |sink| {
            for d in more.iter().rev() {
                sink(d.clone())?;
            }
            Ok(())
        })
        .expect("spilled");
        assert_eq!(n, 3);
        more.sort_by(most_findings_first);
        assert_eq!(
            std::fs::read_to_string(&spilled).expect("read"),
            serde_json::to_string_pretty(&more).expect("json") + "\n"
        );
        write_spilled(&spilled, &mut |_| Ok(())).expect("none");
        assert_eq!(std::fs::read_to_string(&spilled).expect("read"), "[]\n");
        // Nothing is left beside the file.
        let left: Vec<_> = std::fs::read_dir(dir.path())
            .expect("dir")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert_eq!(left.len(), 2, "{left:?}");
        assert_eq!(written, expected);
    }

    #[test]
    fn identity_prefers_id_then_url_then_name() {
        let full = rec(
            Some("42"),
            Some("https://www.Shop.example/store/9/?spm=x"),
            Some("  Acme   Co "),
        );
        assert_eq!(
            identities(&full),
            [
                Some("s/id/42".to_string()),
                Some("url/shop.example/store/9".to_string()),
                Some("s/name/acme co".to_string())
            ]
        );
        assert_eq!(identity(&full).as_deref(), Some("s/id/42"));
        assert_eq!(
            identity(&rec(
                None,
                Some("http://shop.example/store/9"),
                Some("Acme")
            ))
            .as_deref(),
            Some("url/shop.example/store/9")
        );
        assert_eq!(
            identity(&rec(None, None, Some("Acme"))).as_deref(),
            Some("s/name/acme")
        );
        assert_eq!(identity(&rec(None, None, Some("  "))), None);
    }

    #[test]
    fn an_id_and_a_url_seen_together_link_two_sightings() {
        let mut links = Links::default();
        let by_url = links
            .of(&rec(None, Some("https://shop.example/store/9"), None))
            .expect("url");
        let by_id = links.of(&rec(Some("42"), None, None)).expect("id");
        assert_ne!(links.find(by_url), links.find(by_id));
        let both = links
            .of(&rec(Some("42"), Some("http://shop.example/store/9/"), None))
            .expect("both");
        assert_eq!(links.find(by_url), links.find(by_id));
        assert_eq!(links.find(both), links.find(by_id));
        // A name alone links nothing.
        let named = links.of(&rec(None, None, Some("Acme"))).expect("name");
        assert_ne!(links.find(named), links.find(by_id));
        assert!(rank("s/id/42") < rank("url/x") && rank("url/x") < rank("s/name/x"));
    }
}
