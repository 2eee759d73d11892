//! Seller records and the join that fills listings from them.
//!
//! A page kind with `[page.seller]` gives a seller record (id, name, URL, location, extra
//! fields) of the seller whose page it is. Directories often print a seller's location,
//! id or verification only there, so when outputs are written each listing whose seller
//! fields are empty is filled from its seller's record, found by seller id, else by seller
//! URL. The join runs over the whole sweep's state at the end (and in a re-audit over all
//! its records), so the order pages were fetched in does not matter; detection runs after
//! it, so a seller id known only from the seller page still authorises the listing.
//!
//! Invariants: the join only fills empty fields, never overwrites what the listing's own
//! page says; a listing and a record that carry different seller ids never join; every
//! filled field is named in [`Joined::fields`]. Records of different sites never meet.
//!
//! This module does not extract (see [`crate::extract`]) or store (see [`crate::store`]);
//! it decides identity and joins.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;

use crate::extract::{Seller, SiteProfile};
use crate::store::ListingRecord;

/// The listing fields the join may fill, in `listings.csv` column order.
pub const JOINABLE: &[&str] = &["seller_name", "seller_url", "location", "seller_id"];

/// Parameters stripped from seller URLs besides [`crate::canonical`]'s default tracking
/// list: on seller links they only say where the click came from.
const SELLER_LINK_PARAMS: &[&str] = &["ref", "from", "src"];

/// A seller URL in the form both sides of the join are compared in: canonical form
/// ([`crate::canonical::canonicalize_with`]: default tracking parameters and
/// [`SELLER_LINK_PARAMS`] dropped, the rest sorted, no fragment), then host lowercased
/// without a leading `www.`, a non-default port kept, the path without a trailing `/`;
/// the scheme is left out (`http` and `https` name the same seller). `None` for what is
/// not an http(s) URL.
pub fn normalise_url(u: &str) -> Option<String> {
    let url = Url::parse(u.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let rules = crate::canonical::QueryRules {
        strip: SELLER_LINK_PARAMS
            .iter()
            .filter_map(|p| crate::canonical::ParamPattern::new(p).ok())
            .collect(),
        ..crate::canonical::QueryRules::default()
    };
    let url = crate::canonical::canonicalize_with(&url, &rules);
    let host = url.host_str()?.to_ascii_lowercase();
    let host = host.strip_prefix("www.").unwrap_or(&host);
    let mut out = match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    };
    out.push_str(url.path().trim_end_matches('/'));
    if let Some(q) = url.query() {
        out.push('?');
        out.push_str(q);
    }
    Some(out)
}

/// One seller record with where it was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SellerRecord {
    /// Site label of the profile.
    pub site: String,
    /// The record's fields.
    pub seller: Seller,
    /// The seller page it was read from.
    pub page_url: Url,
    /// When that page was fetched.
    pub fetched_at: DateTime<Utc>,
    /// Its HTTP status.
    pub http_status: u16,
    /// SHA-256 of its body as received.
    pub page_sha256: String,
    /// WARC file holding its response.
    pub warc_file: Option<String>,
    /// `WARC-Record-ID` of that response record.
    pub warc_record_id: Option<String>,
    /// When a page of this seller was first fetched in the sweep.
    pub first_seen: DateTime<Utc>,
    /// When a page of this seller was last fetched in the sweep.
    pub last_seen: DateTime<Utc>,
}

impl SellerRecord {
    /// A record read from a page fetched at `fetched_at` (first and last seen then).
    pub fn new(site: &str, seller: Seller, page_url: &Url, fetched_at: DateTime<Utc>) -> Self {
        SellerRecord {
            site: site.to_string(),
            seller,
            page_url: page_url.clone(),
            fetched_at,
            http_status: 200,
            page_sha256: String::new(),
            warc_file: None,
            warc_record_id: None,
            first_seen: fetched_at,
            last_seen: fetched_at,
        }
    }

    /// Stable key of the seller within a site: its id, else its normalised URL.
    pub fn key(&self) -> String {
        let s = &self.seller;
        match (
            non_empty(&s.seller_id),
            s.url.as_deref().and_then(normalise_url),
        ) {
            (Some(id), _) => format!("{}|id|{id}", self.site),
            (None, Some(u)) => format!("{}|url|{u}", self.site),
            (None, None) => format!(
                "{}|page|{}",
                self.site,
                normalise_url(self.page_url.as_str()).unwrap_or_default()
            ),
        }
    }

    /// Takes what `other` (another page of the same seller) adds: fields this record
    /// lacks, extra fields it lacks, and the span of times. The first page's evidence is
    /// kept.
    pub fn absorb(&mut self, other: &SellerRecord) {
        let (a, b) = (&mut self.seller, &other.seller);
        for (mine, theirs) in [
            (&mut a.seller_id, &b.seller_id),
            (&mut a.name, &b.name),
            (&mut a.url, &b.url),
            (&mut a.location, &b.location),
        ] {
            if non_empty(mine).is_none() && non_empty(theirs).is_some() {
                mine.clone_from(theirs);
            }
        }
        for (k, v) in &b.extra {
            a.extra.entry(k.clone()).or_insert_with(|| v.clone());
        }
        self.first_seen = self.first_seen.min(other.first_seen);
        self.last_seen = self.last_seen.max(other.last_seen);
    }
}

/// The extra seller fields (`[page.seller]` `extra.<name>`) the profiles read, sorted,
/// once each: the extra columns of `sellers.csv`.
pub fn extras_of(profiles: &[SiteProfile]) -> Vec<String> {
    let all: BTreeSet<&str> = profiles
        .iter()
        .flat_map(SiteProfile::seller_extras)
        .collect();
    all.into_iter().map(str::to_string).collect()
}

/// What the join did to one listing: the seller record it matched and what it filled.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Joined {
    /// Listing fields filled from the record, in `listings.csv` column order
    /// (`seller_name`, `seller_url`, `location`, `seller_id`); empty when the listing
    /// already had them all.
    pub fields: Vec<&'static str>,
    /// The seller page the record was read from.
    pub seller_page_url: String,
    /// The WARC file holding that page's response.
    pub seller_warc_file: Option<String>,
    /// The `WARC-Record-ID` of that response.
    pub seller_warc_record_id: Option<String>,
    /// The seller contacts of that page (see [`SellerSource::with`]), for relisting
    /// fingerprints; not written.
    #[serde(skip)]
    pub contacts: Vec<String>,
}

impl Joined {
    /// The `joined_fields` cell: the filled fields, `;`-separated.
    pub fn fields_cell(&self) -> String {
        self.fields.join(";")
    }
}

fn non_empty(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Joins listings with the seller records of their site. A listing matches the record
/// with its seller id, else the record whose URL (or page URL) is its seller URL, else the
/// record read from the page the listing was found on (a store page listing its own
/// products), URLs normalised by [`normalise_url`]; a match whose ids differ is no match. Empty seller
/// fields of the listing are filled and recorded in [`ListingRecord::joined`]. Returns,
/// per record position ([`SellerSource`]), how many listings matched it.
pub fn join<'l>(
    listings: impl IntoIterator<Item = &'l mut ListingRecord>,
    sellers: &[SellerRecord],
) -> anyhow::Result<HashMap<u64, usize>> {
    let mut index = SellerIndex::new(sellers)?;
    for l in listings {
        index.join(l)?;
    }
    Ok(index.into_counts())
}

/// [`join`] with the seller records of sweep `sweep` in `store`, read as needed (a few
/// findings of an earlier sweep, one listing).
pub fn join_stored<'l>(
    store: &dyn crate::store::Store,
    sweep: &str,
    listings: impl IntoIterator<Item = &'l mut ListingRecord>,
) -> anyhow::Result<()> {
    let mut index = SellerIndex::over(StoredSellers::new(store, sweep))?;
    for l in listings {
        index.join(l)?;
    }
    Ok(())
}

/// Where a [`SellerIndex`] reads the seller records of one sweep: a slice (a re-audit, a
/// few findings) or the store (a sweep's outputs, which keep only keys in memory). A
/// record is named by its position: its index in the slice, its `seq` in the store.
pub trait SellerSource {
    /// Calls `f` with every record and its position, in the order first seen.
    fn each(
        &self,
        f: &mut dyn FnMut(u64, &SellerRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()>;
    /// Calls `f` with the record at `pos` and the seller contacts of its page (those of
    /// the page's last record that has any, see [`crate::case::relist::seller_contacts`]);
    /// `f` is not called when there is no such record.
    fn with(&self, pos: u64, f: &mut dyn FnMut(&SellerRecord, &[String])) -> anyhow::Result<()>;
}

/// The contacts of each seller page: those of its last record that has any.
fn contacts_by_page<'s>(
    records: impl IntoIterator<Item = &'s SellerRecord>,
) -> HashMap<String, Vec<String>> {
    records
        .into_iter()
        .map(|s| {
            (
                s.page_url.to_string(),
                crate::case::relist::seller_contacts(&s.seller),
            )
        })
        .filter(|(_, c)| !c.is_empty())
        .collect()
}

/// A slice of records, with the contacts of their pages worked out on first use.
pub struct SliceSellers<'s> {
    records: &'s [SellerRecord],
    contacts: std::cell::OnceCell<HashMap<String, Vec<String>>>,
}

impl<'s> SliceSellers<'s> {
    /// The records of `records`, by index.
    pub fn new(records: &'s [SellerRecord]) -> Self {
        SliceSellers {
            records,
            contacts: std::cell::OnceCell::new(),
        }
    }
}

impl SellerSource for SliceSellers<'_> {
    fn each(
        &self,
        f: &mut dyn FnMut(u64, &SellerRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        (0u64..).zip(self.records).try_for_each(|(i, r)| f(i, r))
    }

    fn with(&self, pos: u64, f: &mut dyn FnMut(&SellerRecord, &[String])) -> anyhow::Result<()> {
        let Some(rec) = usize::try_from(pos).ok().and_then(|i| self.records.get(i)) else {
            return Ok(());
        };
        let by_page = self.contacts.get_or_init(|| contacts_by_page(self.records));
        let contacts = by_page
            .get(rec.page_url.as_str())
            .map_or(&[][..], Vec::as_slice);
        f(rec, contacts);
        Ok(())
    }
}

/// The seller records of one sweep in the store, read by `seq` as the join needs them
/// through a small cache ([`StoredSellers::CACHE`] records and their contacts, two
/// generations): memory stays the same however many sellers the sweep has.
pub struct StoredSellers<'a> {
    store: &'a dyn crate::store::Store,
    sweep: &'a str,
    cache: std::cell::RefCell<TwoGenerations<u64, CachedSeller>>,
}

/// A record read from the store and the contacts of its page.
type CachedSeller = std::rc::Rc<(SellerRecord, Vec<String>)>;

impl<'a> StoredSellers<'a> {
    /// Records kept in each generation of the cache.
    pub const CACHE: usize = 512;

    /// The seller records of sweep `sweep` in `store`.
    pub fn new(store: &'a dyn crate::store::Store, sweep: &'a str) -> Self {
        StoredSellers {
            store,
            sweep,
            cache: std::cell::RefCell::new(TwoGenerations::new(Self::CACHE)),
        }
    }
}

impl SellerSource for StoredSellers<'_> {
    fn each(
        &self,
        f: &mut dyn FnMut(u64, &SellerRecord) -> anyhow::Result<()>,
    ) -> anyhow::Result<()> {
        self.store.for_each_seller(self.sweep, &mut |seq, rec| {
            f(u64::try_from(seq).unwrap_or_default(), &rec)
        })
    }

    fn with(&self, pos: u64, f: &mut dyn FnMut(&SellerRecord, &[String])) -> anyhow::Result<()> {
        let cached = self.cache.borrow_mut().get(&pos);
        let entry = match cached {
            Some(e) => e,
            None => {
                let Some(rec) = self
                    .store
                    .seller_at(self.sweep, i64::try_from(pos).unwrap_or(i64::MAX))?
                else {
                    return Ok(());
                };
                let on_page = self.store.sellers_on(self.sweep, &rec.page_url)?;
                let contacts = contacts_by_page(&on_page)
                    .remove(rec.page_url.as_str())
                    .unwrap_or_default();
                let e = std::rc::Rc::new((rec, contacts));
                self.cache.borrow_mut().insert(pos, e.clone());
                e
            }
        };
        f(&entry.0, &entry.1);
        Ok(())
    }
}

/// A bounded cache: `cap` entries in the current generation; when it is full it becomes
/// the old one (the older is dropped). A hit in the old generation moves to the current.
/// At most `2 × cap` entries, about least-recently-used.
struct TwoGenerations<K, V> {
    cap: usize,
    current: HashMap<K, V>,
    old: HashMap<K, V>,
}

impl<K: std::hash::Hash + Eq + Clone, V: Clone> TwoGenerations<K, V> {
    fn new(cap: usize) -> Self {
        TwoGenerations {
            cap: cap.max(1),
            current: HashMap::new(),
            old: HashMap::new(),
        }
    }

    fn get(&mut self, k: &K) -> Option<V> {
        if let Some(v) = self.current.get(k) {
            return Some(v.clone());
        }
        let v = self.old.remove(k)?;
        self.insert(k.clone(), v.clone());
        Some(v)
    }

    fn insert(&mut self, k: K, v: V) {
        if self.current.len() >= self.cap {
            self.old = std::mem::take(&mut self.current);
        }
        self.current.insert(k, v);
    }
}

/// The seller records of a sweep indexed for [`join`], one listing at a time: outputs
/// stream listings from the store through it. The index keeps, per record, 64-bit hashes
/// of its keys (site and id; site and normalised URL, page URL) and its position; the
/// records stay in their [`SellerSource`]. About 80 bytes a seller, however large the
/// records. A record found by hash is checked against the listing before it is used, so
/// two keys of one hash can cost a join, never give a wrong one.
pub struct SellerIndex<S: SellerSource> {
    source: S,
    hasher: std::hash::RandomState,
    by_id: HashMap<u64, u64>,
    by_url: HashMap<u64, u64>,
    counts: HashMap<u64, usize>,
}

impl<S: SellerSource> std::fmt::Debug for SellerIndex<S> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SellerIndex")
            .field("ids", &self.by_id.len())
            .field("urls", &self.by_url.len())
            .finish_non_exhaustive()
    }
}

impl<'s> SellerIndex<SliceSellers<'s>> {
    /// Indexes the records of a slice.
    pub fn new(sellers: &'s [SellerRecord]) -> anyhow::Result<Self> {
        SellerIndex::over(SliceSellers::new(sellers))
    }
}

impl<S: SellerSource> SellerIndex<S> {
    /// Indexes the records of `source` by site and seller id, and by site and normalised
    /// URL; the first record of a key keeps it.
    pub fn over(source: S) -> anyhow::Result<Self> {
        let hasher = std::hash::RandomState::new();
        let mut by_id: HashMap<u64, u64> = HashMap::new();
        let mut by_url: HashMap<u64, u64> = HashMap::new();
        source.each(&mut |pos, s| {
            use std::hash::BuildHasher;
            if let Some(id) = non_empty(&s.seller.seller_id) {
                by_id
                    .entry(hasher.hash_one((s.site.as_str(), id)))
                    .or_insert(pos);
            }
            let urls = s
                .seller
                .url
                .as_deref()
                .and_then(normalise_url)
                .into_iter()
                .chain(normalise_url(s.page_url.as_str()));
            for u in urls {
                by_url
                    .entry(hasher.hash_one((s.site.as_str(), u.as_str())))
                    .or_insert(pos);
            }
            Ok(())
        })?;
        Ok(SellerIndex {
            source,
            hasher,
            by_id,
            by_url,
            counts: HashMap::new(),
        })
    }

    /// Where the records are read.
    pub fn source(&self) -> &S {
        &self.source
    }

    /// Joins one listing (see [`join`]) and counts the match.
    pub fn join(&mut self, l: &mut ListingRecord) -> anyhow::Result<()> {
        use std::hash::BuildHasher;
        let site = l.site.clone();
        let id = non_empty(&l.listing.seller_id).map(str::to_string);
        // The candidates in order: by id, by seller URL, by the page the listing is on.
        let mut candidates: Vec<(u64, Option<String>)> = Vec::with_capacity(3);
        if let Some(pos) = id
            .as_deref()
            .and_then(|id| self.by_id.get(&self.hasher.hash_one((site.as_str(), id))))
        {
            candidates.push((*pos, None));
        }
        for u in [
            l.listing.seller_url.as_deref().and_then(normalise_url),
            normalise_url(l.page_url.as_str()),
        ]
        .into_iter()
        .flatten()
        {
            if let Some(pos) = self
                .by_url
                .get(&self.hasher.hash_one((site.as_str(), u.as_str())))
            {
                candidates.push((*pos, Some(u)));
            }
        }
        for (pos, url) in candidates {
            let mut joined = None;
            let mut found = false;
            self.source.with(pos, &mut |rec, contacts| {
                // The hash's record must be the key's record.
                let same = rec.site == site
                    && match &url {
                        None => non_empty(&rec.seller.seller_id) == id.as_deref(),
                        Some(u) => {
                            rec.seller.url.as_deref().and_then(normalise_url).as_ref() == Some(u)
                                || normalise_url(rec.page_url.as_str()).as_ref() == Some(u)
                        }
                    };
                if !same {
                    return;
                }
                found = true;
                if let (Some(mine), Some(theirs)) =
                    (id.as_deref(), non_empty(&rec.seller.seller_id))
                    && mine != theirs
                {
                    return;
                }
                joined = Some(fill(l, rec, contacts));
            })?;
            if found {
                if joined.is_some() {
                    *self.counts.entry(pos).or_default() += 1;
                    l.joined = joined;
                }
                return Ok(());
            }
        }
        Ok(())
    }

    /// Per record position, how many listings joined it so far.
    pub fn counts(&self) -> &HashMap<u64, usize> {
        &self.counts
    }

    /// The counts (see [`SellerIndex::counts`]), the index done with.
    pub fn into_counts(self) -> HashMap<u64, usize> {
        self.counts
    }
}

/// Fills the empty seller fields of `l` from `rec`; what was filled.
fn fill(l: &mut ListingRecord, rec: &SellerRecord, contacts: &[String]) -> Joined {
    let s = &rec.seller;
    let x = &mut l.listing;
    let mut fields = Vec::new();
    for (name, slot, value) in [
        ("seller_name", &mut x.seller_name, &s.name),
        ("seller_url", &mut x.seller_url, &s.url),
        ("location", &mut x.location, &s.location),
        ("seller_id", &mut x.seller_id, &s.seller_id),
    ] {
        if non_empty(slot).is_none()
            && let Some(v) = non_empty(value)
        {
            *slot = Some(v.to_string());
            fields.push(name);
        }
    }
    Joined {
        fields,
        seller_page_url: rec.page_url.to_string(),
        seller_warc_file: rec.warc_file.clone(),
        seller_warc_record_id: rec.warc_record_id.clone(),
        contacts: contacts.to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Listing;

    pub(super) fn listing(
        site: &str,
        seller_url: Option<&str>,
        seller_id: Option<&str>,
    ) -> ListingRecord {
        let page = Url::parse("https://d.example/search").expect("url");
        ListingRecord {
            site: site.into(),
            listing_url: "https://d.example/p/1".into(),
            listing: Listing {
                title: Some("T".into()),
                seller_name: Some("Acme Trading".into()),
                seller_url: seller_url.map(str::to_string),
                seller_id: seller_id.map(str::to_string),
                ..Listing::default()
            },
            page_url: page,
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

    fn seller(site: &str, url: &str, id: Option<&str>) -> SellerRecord {
        let page = Url::parse(url).expect("url");
        let mut r = SellerRecord::new(
            site,
            Seller {
                seller_id: id.map(str::to_string),
                name: Some("ACME TRADING CO".into()),
                url: Some(url.into()),
                location: Some("Ningbo".into()),
                extra: std::collections::BTreeMap::new(),
            },
            &page,
            Utc::now(),
        );
        r.warc_record_id = Some("<urn:uuid:1>".into());
        r
    }

    #[test]
    fn urls_normalise_for_comparison() {
        let n = |u| normalise_url(u).expect("url");
        assert_eq!(
            n("https://WWW.d.example/store/7/?spm=a.b&utm_source=x#top"),
            "d.example/store/7"
        );
        assert_eq!(n("http://d.example/store/7"), "d.example/store/7");
        assert_eq!(
            n("https://d.example/shop?seller=B2&from=list&a=1"),
            "d.example/shop?a=1&seller=B2"
        );
        assert_eq!(n("http://d.example:8080/"), "d.example:8080");
        assert_eq!(normalise_url("mailto:x@y"), None);
    }

    #[test]
    fn a_listing_is_filled_by_url_and_only_where_empty() {
        let mut ls = vec![listing("d", Some("https://d.example/store/7/?spm=1"), None)];
        let counts = join(
            &mut ls,
            &[seller("d", "https://d.example/store/7", Some("7"))],
        )
        .expect("join");
        let x = &ls[0].listing;
        assert_eq!(x.location.as_deref(), Some("Ningbo"));
        assert_eq!(x.seller_id.as_deref(), Some("7"));
        assert_eq!(x.seller_name.as_deref(), Some("Acme Trading"), "kept");
        let j = ls[0].joined.as_ref().expect("joined");
        assert_eq!(j.fields_cell(), "location;seller_id");
        assert_eq!(j.seller_warc_record_id.as_deref(), Some("<urn:uuid:1>"));
        assert_eq!(counts.get(&0), Some(&1), "the first record, once");
    }

    #[test]
    fn ids_join_and_conflicting_ids_or_other_sites_do_not() {
        let sellers = [seller("d", "https://d.example/store/7", Some("7"))];
        let mut ls = vec![
            listing("d", None, Some("7")),
            listing("d", Some("https://d.example/store/7"), Some("8")),
            listing("other", Some("https://d.example/store/7"), None),
        ];
        join(&mut ls, &sellers).expect("join");
        assert_eq!(
            ls[0].joined.as_ref().map(Joined::fields_cell).as_deref(),
            Some("seller_url;location")
        );
        assert!(ls[1].joined.is_none(), "different ids: another seller");
        assert!(ls[2].joined.is_none(), "another site");
    }

    #[test]
    fn listings_on_a_seller_page_are_that_sellers() {
        let mut on_store = listing("d", None, None);
        on_store.page_url = Url::parse("https://d.example/store/7/?spm=x").expect("url");
        let mut ls = vec![on_store, listing("d", None, None)];
        join(
            &mut ls,
            &[seller("d", "https://d.example/store/7", Some("7"))],
        )
        .expect("join");
        assert_eq!(
            ls[0].joined.as_ref().map(Joined::fields_cell).as_deref(),
            Some("seller_url;location;seller_id")
        );
        assert!(ls[1].joined.is_none(), "found on a search page");
    }

    #[test]
    fn records_of_one_seller_merge() {
        let mut a = seller("d", "https://d.example/store/7", Some("7"));
        a.seller.location = None;
        let mut b = seller("d", "https://d.example/store/7/contact", Some("7"));
        b.seller.extra.insert("phone".into(), "+86 1".into());
        b.last_seen = a.last_seen + chrono::Duration::seconds(5);
        assert_eq!(a.key(), b.key());
        a.absorb(&b);
        assert_eq!(a.seller.location.as_deref(), Some("Ningbo"));
        assert_eq!(a.seller.url.as_deref(), Some("https://d.example/store/7"));
        assert_eq!(a.seller.extra["phone"], "+86 1");
        assert_eq!(a.last_seen, b.last_seen);
    }
}

#[cfg(test)]
mod stored_tests {
    use super::*;
    use crate::store::Store;
    use crate::store::sqlite::SqliteStore;

    fn store_with(records: &[SellerRecord]) -> SqliteStore {
        let mut store = crate::store::sqlite::tests::store_with_sweep("s-1");
        for r in records {
            store.record_seller(r).expect("seller");
        }
        store
    }

    fn record(url: &str, id: Option<&str>, phone: Option<&str>) -> SellerRecord {
        let mut r = SellerRecord::new(
            "d",
            Seller {
                seller_id: id.map(str::to_string),
                name: Some(format!("Seller {url}")),
                url: Some(url.into()),
                location: Some("Ningbo".into()),
                extra: phone
                    .map(|p| [("phone".to_string(), p.to_string())].into())
                    .unwrap_or_default(),
            },
            &Url::parse(url).expect("url"),
            Utc::now(),
        );
        r.warc_record_id = Some(format!("<urn:uuid:{url}>"));
        r
    }

    fn listing(seller_url: Option<&str>, seller_id: Option<&str>) -> ListingRecord {
        super::tests::listing("d", seller_url, seller_id)
    }

    /// The sweep's outputs join through the store (records read by position, a few at a
    /// time); the result must be the in-memory join's, contacts included.
    #[test]
    fn the_store_join_is_the_in_memory_join() {
        let records: Vec<SellerRecord> = (0..40)
            .map(|i| {
                record(
                    &format!("https://d.example/store/{i}"),
                    (i % 3 != 0).then(|| format!("{i}")).as_deref(),
                    (i % 2 == 0)
                        .then(|| format!("+86 574 8888 {i:04}"))
                        .as_deref(),
                )
            })
            .collect();
        let store = store_with(&records);
        let mut by_memory: Vec<ListingRecord> = (0..40)
            .flat_map(|i| {
                [
                    listing(None, Some(&format!("{i}"))),
                    listing(
                        Some(&format!("https://www.d.example/store/{i}/?spm=1")),
                        None,
                    ),
                    listing(Some(&format!("https://d.example/store/{i}")), Some("other")),
                ]
            })
            .collect();
        let mut by_store = by_memory.clone();
        let counts = join(&mut by_memory, &records).expect("join");
        join_stored(&store, "s-1", &mut by_store).expect("join");
        let view = |ls: &[ListingRecord]| {
            ls.iter()
                .map(|l| format!("{:?} {:?}", l.listing, l.joined))
                .collect::<Vec<_>>()
        };
        assert_eq!(view(&by_memory), view(&by_store));
        let joined = by_store.iter().filter(|l| l.joined.is_some()).count();
        // By id: the 26 records with one; by URL: all 40; URL and another id: only the 14
        // records without an id.
        assert_eq!(joined, 26 + 40 + 14);
        assert_eq!(counts.values().sum::<usize>(), joined);
        let with_phone = by_store
            .iter()
            .filter_map(|l| l.joined.as_ref())
            .filter(|j| !j.contacts.is_empty())
            .count();
        assert!(with_phone > 0, "contacts come with the join");

        // sellers.csv from the store has every record, with the counts by position.
        let mut index = SellerIndex::over(StoredSellers::new(&store, "s-1")).expect("index");
        for l in &mut by_store {
            l.joined = None;
            index.join(l).expect("join");
        }
        let mut seen = 0;
        index
            .source()
            .each(&mut |pos, rec| {
                assert!(rec.seller.url.is_some());
                seen += index.counts().get(&pos).copied().unwrap_or(0);
                Ok(())
            })
            .expect("each");
        assert_eq!(seen, joined, "joined again, the same listings");
    }

    #[test]
    fn the_record_cache_is_bounded() {
        let mut c = TwoGenerations::new(4);
        for i in 0..100 {
            c.insert(i, i);
            assert!(c.current.len() + c.old.len() <= 8);
        }
        assert_eq!(c.get(&99), Some(99));
        assert_eq!(c.get(&0), None, "long gone");
    }
}
