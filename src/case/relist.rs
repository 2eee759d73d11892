//! Relisting: a new finding that looks like a listing taken down (or dismissed) earlier,
//! on any seller or site — the whack-a-mole of brand protection.
//!
//! Each listing gets a *fingerprint*: a set of features — its normalised title's word
//! shingles (words, and adjacent word pairs; runs of CJK characters give character
//! pairs), its price band, its image URLs (when the listing carries any) and its seller's
//! contact details (e-mail addresses and phone numbers from the description and the seller
//! record). Two listings are alike in proportion to the Jaccard similarity of their sets.
//! The price band weighs as [`PRICE_WEIGHT`] features, each image URL and contact as
//! [`CONTACT_WEIGHT`]: an identical phone number says more than one shared word.
//!
//! Scale: a state can hold hundreds of thousands of earlier listings, so candidates are
//! never compared all-pairs. Every fingerprint gets a MinHash signature of
//! [`SIGNATURE_LEN`] values, cut into LSH bands ([`Banding::for_threshold`]); a query
//! only meets the listings that share a whole band with it, and only those are compared
//! exactly. The banding puts the S-curve's midpoint [`RECALL_MARGIN`] below the
//! threshold, so a pair at the threshold is found with probability above 98 %, and the
//! final decision is always the exact Jaccard, never the estimate.
//!
//! Invariants: a claim always names a listing with a different key (the same listing
//! coming back is not a relisting of itself) and the same brand; ties go to the most
//! recent candidate. This module is pure: which listings are candidates is decided by the
//! caller ([`RelistCandidate`] carries its origin), so decisions and takedown outcomes can
//! add candidates without touching it.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::{DateTime, Utc};
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::store::{FindingKey, ListingRecord};

/// MinHash values per signature.
pub const SIGNATURE_LEN: usize = 128;
/// How far below the threshold the LSH S-curve's midpoint is put (recall over precision:
/// the exact Jaccard decides).
pub const RECALL_MARGIN: f64 = 0.1;
/// Features the price band counts as.
pub const PRICE_WEIGHT: usize = 3;
/// Features each image URL or contact counts as.
pub const CONTACT_WEIGHT: usize = 4;
/// The default `relisting.threshold`.
pub const DEFAULT_THRESHOLD: f64 = 0.6;
/// The accepted range of `relisting.threshold`.
pub const THRESHOLD_RANGE: (f64, f64) = (0.3, 1.0);

/// Why an earlier listing is a candidate origin of a relisting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RelistOrigin {
    /// Flagged, then gone from a page that a later sweep read healthily (or that answered
    /// 404/410): the finding was resolved.
    Resolved,
    /// Taken down after a notice (takedown outcome `removed`).
    Removed,
    /// Dismissed by an analyst.
    Dismissed,
}

impl RelistOrigin {
    /// The word used in outputs.
    pub fn as_str(self) -> &'static str {
        match self {
            RelistOrigin::Resolved => "resolved",
            RelistOrigin::Removed => "removed",
            RelistOrigin::Dismissed => "dismissed",
        }
    }
}

/// An earlier listing a new finding may be a relisting of.
#[derive(Debug, Clone)]
pub struct RelistCandidate {
    /// The listing as last seen.
    pub listing: ListingRecord,
    /// The brand it was flagged for, as written.
    pub brand: String,
    /// Why it is a candidate.
    pub origin: RelistOrigin,
    /// When it was found gone (resolved, removed) or dismissed.
    pub when: DateTime<Utc>,
    /// The sweep it was last flagged in.
    pub sweep_id: String,
    /// Its seller's contact details (see [`contacts_in`]).
    pub contacts: Vec<String>,
}

/// One feature of a fingerprint, readable (for explanations).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Feature {
    /// `title`, `price`, `image` or `contact`.
    pub field: &'static str,
    /// The shingle, price band, URL or contact.
    pub value: String,
}

/// A listing's fingerprint: its features and their hashed tokens (sorted, distinct).
#[derive(Debug, Clone, Default)]
pub struct Fingerprint {
    /// Readable features (each once, before weighting).
    pub features: BTreeSet<Feature>,
    /// Hashed tokens, weights applied; sorted and distinct.
    pub tokens: Vec<u64>,
}

/// What a fingerprint is made of.
#[derive(Debug, Clone, Copy, Default)]
pub struct FingerprintInput<'a> {
    /// The title.
    pub title: &'a str,
    /// The price text as the page shows it.
    pub price: Option<&'a str>,
    /// Image URLs of the listing.
    pub images: &'a [String],
    /// Seller contact details.
    pub contacts: &'a [String],
}

impl Fingerprint {
    /// The fingerprint of a listing's parts.
    pub fn of(input: &FingerprintInput<'_>) -> Fingerprint {
        let mut features = BTreeSet::new();
        for s in title_shingles(input.title) {
            features.insert(Feature {
                field: "title",
                value: s,
            });
        }
        if let Some(band) = input.price.and_then(price_band) {
            features.insert(Feature {
                field: "price",
                value: band,
            });
        }
        for i in input.images {
            let v = i.trim();
            if !v.is_empty() {
                features.insert(Feature {
                    field: "image",
                    value: crate::seller::normalise_url(v).unwrap_or_else(|| v.to_string()),
                });
            }
        }
        for c in input.contacts {
            if let Some(v) = normalise_contact(c) {
                features.insert(Feature {
                    field: "contact",
                    value: v,
                });
            }
        }
        let mut tokens = Vec::with_capacity(features.len() + 8);
        for f in &features {
            let weight = match f.field {
                "price" => PRICE_WEIGHT,
                "image" | "contact" => CONTACT_WEIGHT,
                _ => 1,
            };
            for copy in 0..weight {
                tokens.push(token(f.field, &f.value, copy));
            }
        }
        tokens.sort_unstable();
        tokens.dedup();
        Fingerprint { features, tokens }
    }

    /// The fingerprint of a stored listing, with its seller's contacts.
    pub fn of_listing(l: &ListingRecord, contacts: &[String]) -> Fingerprint {
        let mut all: Vec<String> = contacts.to_vec();
        if let Some(d) = &l.listing.description {
            all.extend(contacts_in(d));
        }
        Fingerprint::of(&FingerprintInput {
            title: l.listing.title.as_deref().unwrap_or(""),
            price: l.listing.price.as_deref(),
            images: &[],
            contacts: &all,
        })
    }

    /// The MinHash signature.
    pub fn signature(&self) -> [u64; SIGNATURE_LEN] {
        let mut sig = [u64::MAX; SIGNATURE_LEN];
        let perms = permutations();
        for &t in &self.tokens {
            for (s, (a, b)) in sig.iter_mut().zip(perms.iter()) {
                let h = a.wrapping_mul(t).wrapping_add(*b);
                if h < *s {
                    *s = h;
                }
            }
        }
        sig
    }

    /// The exact Jaccard similarity of the two token sets (weights applied).
    pub fn jaccard(&self, other: &Fingerprint) -> f64 {
        jaccard(&self.tokens, &other.tokens)
    }
}

/// The exact Jaccard similarity of two sorted, distinct token lists.
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// The MinHash estimate of the Jaccard similarity: the share of equal signature values.
pub fn estimate(a: &[u64; SIGNATURE_LEN], b: &[u64; SIGNATURE_LEN]) -> f64 {
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / SIGNATURE_LEN as f64
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e37_79b9_7f4a_7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    x ^ (x >> 31)
}

/// The fixed hash family: `a·x + b` (wrapping), `a` odd. Fixed seeds, so signatures are
/// the same in every run and on every machine.
fn permutations() -> &'static [(u64, u64); SIGNATURE_LEN] {
    static PERMS: std::sync::OnceLock<[(u64, u64); SIGNATURE_LEN]> = std::sync::OnceLock::new();
    PERMS.get_or_init(|| {
        let mut p = [(0u64, 0u64); SIGNATURE_LEN];
        for (i, slot) in p.iter_mut().enumerate() {
            let i = i as u64;
            *slot = (splitmix(2 * i + 1) | 1, splitmix(2 * i + 2));
        }
        p
    })
}

/// FNV-1a over the field, the value and the copy number, then mixed.
fn token(field: &str, value: &str, copy: usize) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in field
        .bytes()
        .chain([0u8])
        .chain(value.bytes())
        .chain([0u8, copy as u8])
    {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    splitmix(h)
}

/// The title's shingles: NFKC, lowercased, punctuation as spaces; each word, and each
/// pair of adjacent words; a run of CJK characters gives its characters and its
/// character pairs instead.
pub fn title_shingles(title: &str) -> BTreeSet<String> {
    let norm: String = title
        .nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut units: Vec<String> = Vec::new();
    for word in norm.split_whitespace() {
        // Split a word at script changes: CJK characters each form a unit.
        let mut latin = String::new();
        for c in word.chars() {
            if is_cjk(c) {
                if !latin.is_empty() {
                    units.push(std::mem::take(&mut latin));
                }
                units.push(c.to_string());
            } else {
                latin.push(c);
            }
        }
        if !latin.is_empty() {
            units.push(latin);
        }
    }
    let mut out = BTreeSet::new();
    for u in &units {
        out.insert(u.clone());
    }
    for w in units.windows(2) {
        let sep = if w[0].chars().all(is_cjk) && w[1].chars().all(is_cjk) {
            ""
        } else {
            " "
        };
        out.insert(format!("{}{sep}{}", w[0], w[1]));
    }
    out
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff)
}

/// The price band of a price text: its first number, on a logarithmic scale of 25 %
/// steps (`band 13` holds 11.6–14.5). `None` without a positive number.
pub fn price_band(price: &str) -> Option<String> {
    let value = first_number(price)?;
    if !(value.is_finite() && value > 0.0) {
        return None;
    }
    let band = (value.ln() / 1.25f64.ln()).floor() as i64;
    Some(format!("band {band}"))
}

/// The first number in a text: digits with `,` thousands separators and an optional
/// decimal part (`US$ 1,200.50 - 1,500` → 1200.5).
fn first_number(text: &str) -> Option<f64> {
    let start = text.find(|c: char| c.is_ascii_digit())?;
    let mut s = String::new();
    for c in text[start..].chars() {
        match c {
            '0'..='9' | '.' => s.push(c),
            ',' => {}
            _ => break,
        }
    }
    s.trim_end_matches('.').parse().ok()
}

/// A contact in comparable form: an e-mail address lowercased, a phone number as its
/// digits (at least 7); `None` for anything else.
pub fn normalise_contact(c: &str) -> Option<String> {
    let c = c.trim();
    if c.contains('@') {
        let e = c.trim_start_matches("mailto:").to_lowercase();
        return (e.len() > 3).then_some(e);
    }
    let digits: String = c.chars().filter(char::is_ascii_digit).collect();
    (digits.len() >= 7).then_some(digits)
}

/// E-mail addresses and phone numbers written in a text (a description, a seller's
/// contact field).
pub fn contacts_in(text: &str) -> Vec<String> {
    static RE: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    let re = RE.get_or_init(|| {
        regex::Regex::new(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}|\+?\d[\d \-().]{6,}\d")
            .expect("contact pattern")
    });
    re.find_iter(text)
        .filter_map(|m| normalise_contact(m.as_str()))
        .collect()
}

/// The contacts of a seller record: values of its extra fields named like a contact
/// (`phone`, `tel`, `mobile`, `email`, `whatsapp`, `wechat`, `contact`).
pub fn seller_contacts(seller: &crate::extract::Seller) -> Vec<String> {
    seller
        .extra
        .iter()
        .filter(|(k, _)| {
            let k = k.to_lowercase();
            [
                "phone", "tel", "mobile", "mail", "whatsapp", "wechat", "contact",
            ]
            .iter()
            .any(|n| k.contains(n))
        })
        .flat_map(|(_, v)| {
            let found = contacts_in(v);
            if found.is_empty() {
                normalise_contact(v).into_iter().collect()
            } else {
                found
            }
        })
        .collect()
}

/// How the signature is cut into LSH bands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Banding {
    /// Bands.
    pub bands: usize,
    /// Signature values per band.
    pub rows: usize,
}

impl Banding {
    /// The banding for a similarity threshold: the most rows per band (fewest chance
    /// meetings) whose S-curve midpoint `(1/bands)^(1/rows)` stays at least
    /// [`RECALL_MARGIN`] below the threshold.
    pub fn for_threshold(threshold: f64) -> Banding {
        let target = (threshold - RECALL_MARGIN).max(0.05);
        let mut best = Banding {
            bands: SIGNATURE_LEN,
            rows: 1,
        };
        for rows in 1..=SIGNATURE_LEN {
            let bands = SIGNATURE_LEN / rows;
            if bands == 0 {
                break;
            }
            if (Banding { bands, rows }).midpoint() <= target {
                best = Banding { bands, rows };
            }
        }
        best
    }

    /// The similarity at which a pair becomes a candidate with probability about ½.
    pub fn midpoint(self) -> f64 {
        (1.0 / self.bands as f64).powf(1.0 / self.rows as f64)
    }

    /// The probability that a pair of similarity `s` shares at least one band.
    pub fn probability(self, s: f64) -> f64 {
        1.0 - (1.0 - s.powi(self.rows as i32)).powi(self.bands as i32)
    }
}

/// A relisting claim: the candidate a listing looks like, and how much.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct RelistMatch {
    /// Index of the candidate in the index.
    pub candidate: usize,
    /// MinHash estimate of the Jaccard similarity.
    pub estimated: f64,
    /// Exact Jaccard similarity of the fingerprints.
    pub exact: f64,
}

struct Entry {
    key: String,
    brand: String,
    when: DateTime<Utc>,
    tokens: Vec<u64>,
}

/// Earlier listings indexed for near-duplicate lookup (MinHash + LSH banding).
pub struct RelistIndex {
    threshold: f64,
    banding: Banding,
    entries: Vec<Entry>,
    /// Per band: band value (hashed to 32 bits: a collision only adds a candidate that
    /// the exact comparison turns down) → the latest entry with it.
    buckets: Vec<HashMap<u32, u32>>,
    /// Per band: entry → the previous entry with the same band value ([`NONE`] at the
    /// end). Chained lists instead of a `Vec` per bucket: most buckets hold one entry,
    /// and a `Vec` each would triple the index's memory.
    chains: Vec<Vec<u32>>,
    candidates: Vec<RelistCandidate>,
    /// Per sweep id: a hash of each finding flagged in it ([`key_hash`]). A finding
    /// flagged in a candidate's sweep was up beside that listing, not put up after it
    /// went: not a relisting of it. Eight bytes a finding, for every sweep of a history.
    flagged_in: HashMap<String, HashSet<u64>>,
}

/// A 64-bit hash of a finding key, the same for equal keys within one build (a collision
/// among a history's findings, at odds of about n²/2⁶⁵, would drop one claim).
fn key_hash(key: &FindingKey) -> u64 {
    use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
    BuildHasherDefault::<DefaultHasher>::default().hash_one(key)
}

/// The end of a bucket's chain.
const NONE: u32 = u32::MAX;

impl std::fmt::Debug for RelistIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RelistIndex")
            .field("threshold", &self.threshold)
            .field("banding", &self.banding)
            .field("candidates", &self.candidates.len())
            .finish()
    }
}

impl RelistIndex {
    /// An empty index deciding at `threshold` (exact Jaccard).
    pub fn new(threshold: f64) -> RelistIndex {
        let banding = Banding::for_threshold(threshold);
        RelistIndex {
            threshold,
            banding,
            entries: Vec::new(),
            buckets: (0..banding.bands).map(|_| HashMap::new()).collect(),
            chains: (0..banding.bands).map(|_| Vec::new()).collect(),
            candidates: Vec::new(),
            flagged_in: HashMap::new(),
        }
    }

    /// The threshold.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// The banding in use.
    pub fn banding(&self) -> Banding {
        self.banding
    }

    /// Candidates indexed.
    pub fn len(&self) -> usize {
        self.candidates.len()
    }

    /// Whether nothing is indexed.
    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty()
    }

    /// The candidate at `i`.
    pub fn candidate(&self, i: usize) -> &RelistCandidate {
        &self.candidates[i]
    }

    fn band_keys(&self, sig: &[u64; SIGNATURE_LEN]) -> Vec<u32> {
        let rows = self.banding.rows;
        (0..self.banding.bands)
            .map(|b| {
                let mut h: u64 = b as u64;
                for v in &sig[b * rows..(b + 1) * rows] {
                    h = splitmix(h ^ v);
                }
                (h >> 32) as u32
            })
            .collect()
    }

    /// Notes the findings flagged in sweep `sweep_id`: none of them is a relisting of a
    /// candidate last flagged in that sweep (they were up at the same time).
    pub fn note_flagged<'a>(
        &mut self,
        sweep_id: &str,
        keys: impl IntoIterator<Item = &'a FindingKey>,
    ) {
        self.flagged_in
            .entry(sweep_id.to_string())
            .or_default()
            .extend(keys.into_iter().map(key_hash));
    }

    /// Adds a candidate; a listing with an empty fingerprint (no title) is not indexed.
    pub fn insert(&mut self, c: RelistCandidate) {
        let fp = Fingerprint::of_listing(&c.listing, &c.contacts);
        if fp.tokens.is_empty() {
            return;
        }
        let id = self.entries.len() as u32;
        let keys = self.band_keys(&fp.signature());
        for ((bucket, chain), k) in self.buckets.iter_mut().zip(&mut self.chains).zip(keys) {
            chain.push(bucket.insert(k, id).unwrap_or(NONE));
        }
        self.entries.push(Entry {
            key: c.listing.key(),
            brand: c.brand.to_lowercase(),
            when: c.when,
            tokens: fp.tokens,
        });
        self.candidates.push(c);
    }

    /// The candidate `listing` (flagged for `brand`) most looks like, if any reaches the
    /// threshold: same brand, another listing, highest exact Jaccard, then most recent.
    pub fn find(
        &self,
        listing: &ListingRecord,
        brand: &str,
        contacts: &[String],
    ) -> Option<RelistMatch> {
        if self.entries.is_empty() {
            return None;
        }
        let fp = Fingerprint::of_listing(listing, contacts);
        if fp.tokens.is_empty() {
            return None;
        }
        let sig = fp.signature();
        let key = listing.key();
        let brand = brand.to_lowercase();
        let mut seen: HashSet<u32> = HashSet::new();
        let mut best: Option<RelistMatch> = None;
        for (b, k) in self.band_keys(&sig).into_iter().enumerate() {
            let mut next = self.buckets[b].get(&k).copied().unwrap_or(NONE);
            while next != NONE {
                let id = next;
                next = self.chains[b][id as usize];
                if !seen.insert(id) {
                    continue;
                }
                let e = &self.entries[id as usize];
                if e.key == key || e.brand != brand {
                    continue;
                }
                let sweep = &self.candidates[id as usize].sweep_id;
                if self.flagged_in.get(sweep).is_some_and(|f| {
                    f.contains(&key_hash(&FindingKey {
                        listing: key.clone(),
                        brand: brand.clone(),
                    }))
                }) {
                    continue;
                }
                let exact = jaccard(&fp.tokens, &e.tokens);
                if exact + 1e-9 < self.threshold {
                    continue;
                }
                let better = match &best {
                    None => true,
                    Some(b) => {
                        let other = &self.entries[b.candidate];
                        exact > b.exact + 1e-12
                            || ((exact - b.exact).abs() <= 1e-12 && e.when > other.when)
                    }
                };
                if better {
                    best = Some(RelistMatch {
                        candidate: id as usize,
                        estimated: 0.0,
                        exact,
                    });
                }
            }
        }
        // The estimate of the winner only: signatures are not kept (a kilobyte each).
        best.map(|mut b| {
            let other = Fingerprint {
                features: BTreeSet::new(),
                tokens: self.entries[b.candidate].tokens.clone(),
            };
            b.estimated = estimate(&sig, &other.signature());
            b
        })
    }

    /// How many indexed listings share at least one band with `listing`: the exact
    /// comparisons a lookup makes (what LSH saves against comparing with all).
    pub fn compared(&self, listing: &ListingRecord, contacts: &[String]) -> usize {
        let fp = Fingerprint::of_listing(listing, contacts);
        let mut seen: HashSet<u32> = HashSet::new();
        for (b, k) in self.band_keys(&fp.signature()).into_iter().enumerate() {
            let mut next = self.buckets[b].get(&k).copied().unwrap_or(NONE);
            while next != NONE {
                seen.insert(next);
                next = self.chains[b][next as usize];
            }
        }
        seen.len()
    }
}

/// A relisting claim as written in the outputs: the earlier listing, why it was a
/// candidate, and the similarity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Relisted {
    /// The earlier listing's URL (`audit.csv` `relisted_from`).
    pub from_url: String,
    /// Its key ([`ListingRecord::key`]).
    pub from_key: String,
    /// Its site.
    pub from_site: String,
    /// Its seller's name as shown.
    pub from_seller: String,
    /// Its seller's id, when known.
    pub from_seller_id: Option<String>,
    /// Why it was a candidate.
    pub origin: RelistOrigin,
    /// The sweep it was last flagged in.
    pub sweep_id: String,
    /// When it was found gone (or dismissed), RFC 3339.
    pub gone_at: String,
    /// Exact Jaccard similarity of the fingerprints (`relisted_similarity`).
    pub similarity: f64,
    /// MinHash estimate of it.
    pub estimated: f64,
}

impl Relisted {
    /// The claim of a match in `index`.
    pub fn of(m: &RelistMatch, index: &RelistIndex) -> Relisted {
        let c = index.candidate(m.candidate);
        Relisted {
            from_url: c.listing.listing_url.clone(),
            from_key: c.listing.key(),
            from_site: c.listing.site.clone(),
            from_seller: c.listing.listing.seller_name.clone().unwrap_or_default(),
            from_seller_id: c.listing.listing.seller_id.clone(),
            origin: c.origin,
            sweep_id: c.sweep_id.clone(),
            gone_at: c.when.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            similarity: m.exact,
            estimated: m.estimated,
        }
    }

    /// The `relisted_similarity` cell: the exact Jaccard with two decimals.
    pub fn similarity_cell(&self) -> String {
        format!("{:.2}", self.similarity)
    }
}

/// Why two listings are (or are not) alike: the features they share and do not, and the
/// estimated and exact Jaccard similarity.
#[derive(Debug, Clone, Serialize)]
pub struct Explanation {
    /// Features both have, by field.
    pub shared: Vec<Feature>,
    /// Features only the first (the new listing) has.
    pub only_new: Vec<Feature>,
    /// Features only the second (the earlier listing) has.
    pub only_earlier: Vec<Feature>,
    /// Tokens (weights applied) shared, and in the union.
    pub shared_tokens: usize,
    /// Tokens in the union.
    pub union_tokens: usize,
    /// MinHash estimate.
    pub estimated: f64,
    /// Exact Jaccard.
    pub exact: f64,
    /// The threshold compared with.
    pub threshold: f64,
    /// Whether the exact similarity reaches it.
    pub relisted: bool,
    /// The banding, and the probability that LSH brings this pair together.
    pub banding: Banding,
    /// That probability.
    pub lsh_probability: f64,
}

/// Explains the similarity of a new listing's fingerprint and an earlier one's.
pub fn explain(new: &Fingerprint, earlier: &Fingerprint, threshold: f64) -> Explanation {
    let shared: Vec<Feature> = new
        .features
        .intersection(&earlier.features)
        .cloned()
        .collect();
    let only_new = new
        .features
        .difference(&earlier.features)
        .cloned()
        .collect();
    let only_earlier = earlier
        .features
        .difference(&new.features)
        .cloned()
        .collect();
    let exact = new.jaccard(earlier);
    let inter = new
        .tokens
        .iter()
        .filter(|t| earlier.tokens.binary_search(t).is_ok())
        .count();
    let banding = Banding::for_threshold(threshold);
    Explanation {
        shared,
        only_new,
        only_earlier,
        shared_tokens: inter,
        union_tokens: new.tokens.len() + earlier.tokens.len() - inter,
        estimated: estimate(&new.signature(), &earlier.signature()),
        exact,
        threshold,
        relisted: exact + 1e-9 >= threshold,
        banding,
        lsh_probability: banding.probability(exact),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::Listing;

    fn rec(site: &str, id: &str, title: &str, price: &str) -> ListingRecord {
        ListingRecord {
            site: site.into(),
            listing_url: format!("https://{site}.example/p/{id}"),
            listing: Listing {
                title: Some(title.into()),
                price: Some(price.into()),
                product_id: Some(id.into()),
                ..Listing::default()
            },
            page_url: url::Url::parse(&format!("https://{site}.example/list")).expect("url"),
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
    fn a_lean_listing_has_the_fingerprint_of_the_whole_one() {
        let mut whole = rec("s", "1", "Acme hoodie men black", "US $12.00");
        whole.listing.description = Some(format!(
            "{} Contact sales@acme-copy.example or +86 138 0013 8000 for wholesale. {}",
            "Soft cotton fleece. ".repeat(40),
            "Ships in 3 days. ".repeat(40)
        ));
        let mut lean = whole.clone();
        crate::case::history::lean_listing(&mut lean);
        let d = lean.listing.description.as_deref().unwrap_or("");
        assert!(d.len() < 60, "{d}");
        let (a, b) = (
            Fingerprint::of_listing(&lean, &[]),
            Fingerprint::of_listing(&whole, &[]),
        );
        assert_eq!(a.tokens, b.tokens);
        assert!(a.features.iter().any(|f| f.field == "contact"));
        // No contacts: no description left.
        let mut plain = rec("s", "2", "Acme cap", "US $3.00");
        plain.listing.description = Some("Cotton cap. ".repeat(50));
        crate::case::history::lean_listing(&mut plain);
        assert_eq!(plain.listing.description, None);
    }

    fn cand(r: ListingRecord, brand: &str) -> RelistCandidate {
        RelistCandidate {
            listing: r,
            brand: brand.into(),
            origin: RelistOrigin::Resolved,
            when: Utc::now(),
            sweep_id: "s-1".into(),
            contacts: Vec::new(),
        }
    }

    #[test]
    fn shingles_fold_case_width_punctuation_and_cjk() {
        let s = title_shingles("ＶＡＮＴＯＲＡ Stride-Max 万托拉鞋");
        for want in [
            "vantora",
            "stride",
            "max",
            "vantora stride",
            "stride max",
            "万",
            "万托",
            "拉鞋",
            "max 万",
        ] {
            assert!(s.contains(want), "{want:?} in {s:?}");
        }
        assert_eq!(title_shingles("a, b").len(), 3);
    }

    #[test]
    fn price_bands_are_logarithmic() {
        assert_eq!(price_band("US$ 12.50 - 15.00"), price_band("12.9"));
        assert_ne!(price_band("12.5"), price_band("25"));
        assert_eq!(price_band("US$ 1,200"), price_band("1200"));
        assert_eq!(price_band("ask"), None);
        assert_eq!(price_band("0"), None);
    }

    #[test]
    fn contacts_are_found_and_normalised() {
        let c = contacts_in("WhatsApp +86 138-0013-8000 or Sales@Rep.example.com, MOQ 12");
        assert_eq!(
            c,
            vec![
                "8613800138000".to_string(),
                "sales@rep.example.com".to_string()
            ]
        );
    }

    #[test]
    fn jaccard_and_estimate_agree_roughly() {
        let a = Fingerprint::of(&FingerprintInput {
            title: "Acme rocket skates replica AAA quality fast shipping",
            price: Some("US$ 12"),
            ..Default::default()
        });
        let b = Fingerprint::of(&FingerprintInput {
            title: "Acme rocket skates replica AAA quality free shipping",
            price: Some("US$ 12.50"),
            ..Default::default()
        });
        let exact = a.jaccard(&b);
        let est = estimate(&a.signature(), &b.signature());
        assert!(exact > 0.5 && exact < 0.9, "{exact}");
        assert!((exact - est).abs() < 0.2, "{exact} vs {est}");
        assert_eq!(a.jaccard(&a), 1.0);
    }

    #[test]
    fn banding_puts_the_midpoint_below_the_threshold() {
        for t in [0.3, 0.5, 0.6, 0.8, 0.9, 1.0] {
            let b = Banding::for_threshold(t);
            assert!(b.bands * b.rows <= SIGNATURE_LEN);
            assert!(b.midpoint() <= t - RECALL_MARGIN + 1e-9, "{t}: {b:?}");
            assert!(b.probability(t) > 0.98, "{t}: {b:?} {}", b.probability(t));
        }
        assert_eq!(Banding::for_threshold(0.6), Banding { bands: 32, rows: 4 });
    }

    #[test]
    fn the_index_finds_the_relisted_item_and_not_the_others() {
        let mut idx = RelistIndex::new(0.6);
        idx.insert(cand(
            rec(
                "a",
                "1",
                "Acme rocket skates replica AAA 1:1 mirror",
                "US$ 12",
            ),
            "Acme",
        ));
        idx.insert(cand(
            rec("a", "2", "Acme giant magnet industrial", "US$ 300"),
            "Acme",
        ));
        idx.insert(cand(
            rec(
                "b",
                "9",
                "Acme rocket skates replica AAA 1:1 mirror",
                "US$ 12",
            ),
            "Other",
        ));
        for i in 0..200 {
            idx.insert(cand(
                rec(
                    "c",
                    &format!("x{i}"),
                    &format!("unrelated widget number {i} steel"),
                    "5",
                ),
                "Acme",
            ));
        }
        let new = rec(
            "b",
            "77",
            "Acme rocket skates replica AAA 1:1 mirror quality",
            "US$ 12.5",
        );
        let m = idx.find(&new, "ACME", &[]).expect("a relisting");
        assert_eq!(
            idx.candidate(m.candidate)
                .listing
                .listing
                .product_id
                .as_deref(),
            Some("1")
        );
        assert!(m.exact >= 0.6 && m.exact < 1.0, "{m:?}");
        // The same listing is not a relisting of itself.
        let same = rec(
            "a",
            "1",
            "Acme rocket skates replica AAA 1:1 mirror",
            "US$ 12",
        );
        assert_eq!(idx.find(&same, "Acme", &[]), None);
        // Below the threshold: nothing.
        let other = rec("b", "78", "Acme rocket boots", "US$ 90");
        assert_eq!(idx.find(&other, "Acme", &[]), None);
    }

    #[test]
    fn a_shared_contact_lifts_a_reworded_title_over_the_threshold() {
        let earlier = rec("a", "1", "Acme skates replica shipping worldwide", "US$ 12");
        let new = rec("b", "2", "Acme skates copy ship global", "US$ 12");
        let phone = vec!["+86 138 0013 8000".to_string()];
        let plain =
            Fingerprint::of_listing(&new, &[]).jaccard(&Fingerprint::of_listing(&earlier, &[]));
        let with = Fingerprint::of_listing(&new, &phone)
            .jaccard(&Fingerprint::of_listing(&earlier, &phone));
        assert!(plain < 0.6 && with > plain, "{plain} {with}");
        let e = explain(
            &Fingerprint::of_listing(&new, &phone),
            &Fingerprint::of_listing(&earlier, &phone),
            0.6,
        );
        assert!(
            e.shared
                .iter()
                .any(|f| f.field == "contact" && f.value == "8613800138000")
        );
        assert!(e.shared.iter().any(|f| f.field == "price"));
        assert!(e.only_new.iter().any(|f| f.value == "copy"));
        assert!(e.only_earlier.iter().any(|f| f.value == "replica"));
        assert_eq!(e.exact, with);
    }
}
