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

use std::collections::{BTreeMap, BTreeSet, HashMap};

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
/// per seller key ([`SellerRecord::key`]), how many listings matched it.
pub fn join<'l>(
    listings: impl IntoIterator<Item = &'l mut ListingRecord>,
    sellers: &[SellerRecord],
) -> HashMap<String, usize> {
    let mut index = SellerIndex::new(sellers);
    for l in listings {
        index.join(l);
    }
    index.counts()
}

/// The seller records of a sweep indexed for [`join`], one listing at a time: outputs
/// stream listings from the store through it, so memory grows with the sellers, not the
/// listings.
#[derive(Debug)]
pub struct SellerIndex<'s> {
    sellers: &'s [SellerRecord],
    by_id: HashMap<(&'s str, &'s str), usize>,
    by_url: HashMap<(&'s str, String), usize>,
    counts: BTreeMap<usize, usize>,
}

impl<'s> SellerIndex<'s> {
    /// Indexes `sellers` by site and seller id, and by site and normalised URL.
    pub fn new(sellers: &'s [SellerRecord]) -> SellerIndex<'s> {
        let mut by_id: HashMap<(&str, &str), usize> = HashMap::new();
        let mut by_url: HashMap<(&str, String), usize> = HashMap::new();
        for (i, s) in sellers.iter().enumerate() {
            if let Some(id) = non_empty(&s.seller.seller_id) {
                by_id.entry((s.site.as_str(), id)).or_insert(i);
            }
            let urls = s
                .seller
                .url
                .as_deref()
                .and_then(normalise_url)
                .into_iter()
                .chain(normalise_url(s.page_url.as_str()));
            for u in urls {
                by_url.entry((s.site.as_str(), u)).or_insert(i);
            }
        }
        SellerIndex {
            sellers,
            by_id,
            by_url,
            counts: BTreeMap::new(),
        }
    }

    /// Joins one listing (see [`join`]) and counts the match.
    pub fn join(&mut self, l: &mut ListingRecord) {
        let id = non_empty(&l.listing.seller_id);
        let found = id
            .and_then(|id| self.by_id.get(&(l.site.as_str(), id)))
            .or_else(|| {
                let u = l.listing.seller_url.as_deref().and_then(normalise_url)?;
                self.by_url.get(&(l.site.as_str(), u))
            })
            .or_else(|| {
                self.by_url
                    .get(&(l.site.as_str(), normalise_url(l.page_url.as_str())?))
            })
            .copied();
        let Some(i) = found else { return };
        let rec = &self.sellers[i];
        if let (Some(mine), Some(theirs)) = (id, non_empty(&rec.seller.seller_id))
            && mine != theirs
        {
            return;
        }
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
        *self.counts.entry(i).or_default() += 1;
        l.joined = Some(Joined {
            fields,
            seller_page_url: rec.page_url.to_string(),
            seller_warc_file: rec.warc_file.clone(),
            seller_warc_record_id: rec.warc_record_id.clone(),
        });
    }

    /// Per seller key ([`SellerRecord::key`]), how many listings joined it so far.
    pub fn counts(&self) -> HashMap<String, usize> {
        self.counts
            .iter()
            .map(|(i, n)| (self.sellers[*i].key(), *n))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Listing;

    fn listing(site: &str, seller_url: Option<&str>, seller_id: Option<&str>) -> ListingRecord {
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
                extra: BTreeMap::new(),
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
        );
        let x = &ls[0].listing;
        assert_eq!(x.location.as_deref(), Some("Ningbo"));
        assert_eq!(x.seller_id.as_deref(), Some("7"));
        assert_eq!(x.seller_name.as_deref(), Some("Acme Trading"), "kept");
        let j = ls[0].joined.as_ref().expect("joined");
        assert_eq!(j.fields_cell(), "location;seller_id");
        assert_eq!(j.seller_warc_record_id.as_deref(), Some("<urn:uuid:1>"));
        assert_eq!(counts.get("d|id|7"), Some(&1));
    }

    #[test]
    fn ids_join_and_conflicting_ids_or_other_sites_do_not() {
        let sellers = [seller("d", "https://d.example/store/7", Some("7"))];
        let mut ls = vec![
            listing("d", None, Some("7")),
            listing("d", Some("https://d.example/store/7"), Some("8")),
            listing("other", Some("https://d.example/store/7"), None),
        ];
        join(&mut ls, &sellers);
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
        );
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
