//! The frontier: which URLs are still to fetch, in what order, and which are never to be.
//!
//! Invariants: every URL is canonicalised before it is compared, so one page is queued
//! at most once per sweep; a URL outside every profile's scope, deeper than the depth
//! budget or longer than the URL cap is refused with a reason and never queued. Queues
//! are kept per host so the crawl can serve hosts in parallel while each host sees one
//! request at a time. The frontier does not fetch, wait or judge robots.txt (that is
//! [`crate::politeness`]).

use std::collections::{HashMap, HashSet, VecDeque};

use url::Url;

use crate::extract::SiteProfile;

/// One URL waiting to be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Canonical URL.
    pub url: Url,
    /// Hops from a start URL.
    pub depth: u32,
    /// Index of the site profile whose scope admitted the URL.
    pub profile: usize,
    /// The page that linked here (`None` for start URLs).
    pub referrer: Option<Url>,
    /// How many redirects led here.
    pub redirects: u32,
    /// Earlier attempts at this URL (429/503 retries).
    pub attempts: u32,
    /// Position in a chain of "next page" links (0 for anything else). Pagination keeps
    /// its page's depth; this counter bounds it instead.
    pub pagination: u32,
    /// The URLs of the redirect chain that led here (empty unless reached by redirect).
    pub redirect_chain: Vec<Url>,
}

/// How a URL was found, which decides its depth and pagination counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Via {
    /// A start URL.
    Start,
    /// A link followed from a page (depth + 1).
    Link,
    /// The "next page" link of a result list (same depth, pagination + 1).
    NextPage,
    /// A redirect target (same depth, redirects + 1).
    Redirect,
}

/// Why a URL was not queued.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Already queued or fetched in this sweep.
    Duplicate,
    /// No profile's host scope covers it.
    OutOfScope,
    /// Beyond the depth budget.
    TooDeep,
    /// Beyond the pagination budget.
    TooManyPages,
    /// The host's page budget is spent.
    HostBudget,
    /// A crawler trap: a path segment repeated three times or more, or more distinct
    /// query strings for one path than allowed (endless calendars, facet explosions).
    Trap,
    /// Longer than the URL cap.
    TooLong,
    /// Not http(s).
    NotHttp,
}

/// Host key used for per-host queues and politeness: `host[:port]`.
pub fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("").to_ascii_lowercase();
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host,
    }
}

/// Canonical form of a URL: lowercase scheme and host (the `url` crate does this), default
/// port removed, fragment dropped, empty query removed, `/` for an empty path. Query
/// parameter order is kept: directories give it meaning often enough.
pub fn canonicalize(url: &Url) -> Url {
    let mut u = url.clone();
    u.set_fragment(None);
    if u.query() == Some("") {
        u.set_query(None);
    }
    u
}

/// The frontier of one sweep.
#[derive(Debug)]
pub struct Frontier {
    queues: HashMap<String, VecDeque<Item>>,
    order: Vec<String>,
    seen: HashSet<String>,
    max_depth: u32,
    max_pagination: u32,
    max_url_len: usize,
    queued: usize,
    limits: TrapLimits,
    per_host: HashMap<String, usize>,
    query_variants: HashMap<String, usize>,
}

/// Trap guards of a frontier.
#[derive(Debug, Clone, Copy)]
pub struct TrapLimits {
    /// URLs accepted per host (0: no limit).
    pub max_per_host: usize,
    /// Distinct query strings per host and path.
    pub max_query_variants: usize,
}

impl Default for TrapLimits {
    fn default() -> Self {
        TrapLimits {
            max_per_host: 0,
            max_query_variants: 200,
        }
    }
}

/// Whether some non-empty path segment occurs three times or more (`/a/b/a/b/a/b`).
fn repeats_segments(url: &Url) -> bool {
    let Some(segments) = url.path_segments() else {
        return false;
    };
    let mut counts: HashMap<&str, u32> = HashMap::new();
    segments.filter(|s| !s.is_empty()).any(|s| {
        let n = counts.entry(s).or_default();
        *n += 1;
        *n >= 3
    })
}

impl Frontier {
    /// An empty frontier with the given budgets.
    pub fn new(max_depth: u32, max_pagination: u32, max_url_len: usize) -> Self {
        Frontier {
            queues: HashMap::new(),
            order: Vec::new(),
            seen: HashSet::new(),
            max_depth,
            max_pagination,
            max_url_len,
            queued: 0,
            limits: TrapLimits::default(),
            per_host: HashMap::new(),
            query_variants: HashMap::new(),
        }
    }

    /// Sets the trap guards.
    pub fn with_limits(mut self, limits: TrapLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Offers a start URL; it is queued unless refused.
    pub fn offer_start(&mut self, profiles: &[SiteProfile], url: &Url) -> Result<(), Refusal> {
        self.offer_item(profiles, url, 0, None, 0, 0)
    }

    /// Offers a URL found from `from`; it is queued unless refused.
    pub fn offer(
        &mut self,
        profiles: &[SiteProfile],
        url: &Url,
        from: &Item,
        via: Via,
    ) -> Result<(), Refusal> {
        let (depth, redirects, pagination) = match via {
            Via::Start => (0, 0, 0),
            Via::Link => (from.depth + 1, 0, 0),
            Via::NextPage => (from.depth, 0, from.pagination + 1),
            Via::Redirect => (from.depth, from.redirects + 1, from.pagination),
        };
        if pagination > self.max_pagination {
            return Err(Refusal::TooManyPages);
        }
        self.offer_item(profiles, url, depth, Some(&from.url), redirects, pagination)?;
        if via == Via::Redirect {
            let mut chain = from.redirect_chain.clone();
            chain.push(from.url.clone());
            let key = host_key(&canonicalize(url));
            if let Some(item) = self.queues.get_mut(&key).and_then(|q| q.back_mut()) {
                item.redirect_chain = chain;
            }
        }
        Ok(())
    }

    fn offer_item(
        &mut self,
        profiles: &[SiteProfile],
        url: &Url,
        depth: u32,
        referrer: Option<&Url>,
        redirects: u32,
        pagination: u32,
    ) -> Result<(), Refusal> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(Refusal::NotHttp);
        }
        let url = canonicalize(url);
        if url.as_str().len() > self.max_url_len {
            return Err(Refusal::TooLong);
        }
        if depth > self.max_depth {
            return Err(Refusal::TooDeep);
        }
        let Some(profile) = profiles.iter().position(|p| p.in_scope(&url)) else {
            return Err(Refusal::OutOfScope);
        };
        if self.seen.contains(url.as_str()) {
            return Err(Refusal::Duplicate);
        }
        if repeats_segments(&url) {
            return Err(Refusal::Trap);
        }
        let key = host_key(&url);
        if self.limits.max_per_host > 0
            && self.per_host.get(&key).copied().unwrap_or(0) >= self.limits.max_per_host
        {
            return Err(Refusal::HostBudget);
        }
        if url.query().is_some() {
            let path_key = format!("{key}{}", url.path());
            let n = self.query_variants.entry(path_key).or_default();
            if *n >= self.limits.max_query_variants {
                return Err(Refusal::Trap);
            }
            *n += 1;
        }
        *self.per_host.entry(key.clone()).or_default() += 1;
        self.seen.insert(url.as_str().to_string());
        if !self.queues.contains_key(&key) {
            self.order.push(key.clone());
        }
        self.queues.entry(key).or_default().push_back(Item {
            url,
            depth,
            profile,
            referrer: referrer.cloned(),
            redirects,
            attempts: 0,
            pagination,
            redirect_chain: Vec::new(),
        });
        self.queued += 1;
        Ok(())
    }

    /// Whether `url` was already offered and accepted.
    pub fn has_seen(&self, url: &Url) -> bool {
        self.seen.contains(canonicalize(url).as_str())
    }

    /// The next item of `host`, if any, without taking it.
    pub fn peek(&self, host: &str) -> Option<&Item> {
        self.queues.get(host)?.front()
    }

    /// Puts an item taken earlier back at the end of its host's queue (a retry).
    pub fn requeue(&mut self, item: Item) {
        let key = host_key(&item.url);
        if !self.queues.contains_key(&key) {
            self.order.push(key.clone());
        }
        self.queues.entry(key).or_default().push_back(item);
        self.queued += 1;
    }

    /// Takes the next item of `host`, if any.
    pub fn pop(&mut self, host: &str) -> Option<Item> {
        let item = self.queues.get_mut(host)?.pop_front();
        if item.is_some() {
            self.queued -= 1;
        }
        item
    }

    /// Hosts with queued items, in the order they were first seen.
    pub fn hosts_with_work(&self) -> impl Iterator<Item = &str> {
        self.order
            .iter()
            .filter(|h| self.queues.get(*h).is_some_and(|q| !q.is_empty()))
            .map(String::as_str)
    }

    /// Drops every queued item of `host` and returns them (a host paused for good).
    pub fn drain_host(&mut self, host: &str) -> Vec<Item> {
        let items: Vec<Item> = self
            .queues
            .get_mut(host)
            .map(|q| q.drain(..).collect())
            .unwrap_or_default();
        self.queued -= items.len();
        items
    }

    /// Items waiting.
    pub fn len(&self) -> usize {
        self.queued
    }

    /// Whether nothing is waiting.
    pub fn is_empty(&self) -> bool {
        self.queued == 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn profile() -> SiteProfile {
        SiteProfile::from_toml(
            Path::new("p.toml"),
            "name = \"t\"\nstart_urls = [\"http://a.test/\"]\nhosts = [\"a.test\", \"*.b.test\"]\n",
        )
        .expect("profile")
    }

    #[test]
    fn canonical_duplicates_are_refused() {
        let p = [profile()];
        let mut f = Frontier::new(5, 100, 2048);
        let u = |s: &str| Url::parse(s).expect("url");
        assert_eq!(f.offer_start(&p, &u("http://A.test:80/x?#frag")), Ok(()));
        assert_eq!(
            f.offer_start(&p, &u("http://a.test/x")),
            Err(Refusal::Duplicate)
        );
        assert_eq!(
            f.offer_start(&p, &u("http://a.test/x#other")),
            Err(Refusal::Duplicate)
        );
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn scope_depth_and_length_are_enforced() {
        let p = [profile()];
        let mut f = Frontier::new(2, 100, 64);
        let u = |s: &str| Url::parse(s).expect("url");
        assert_eq!(
            f.offer_start(&p, &u("http://c.test/")),
            Err(Refusal::OutOfScope)
        );
        assert_eq!(f.offer_start(&p, &u("http://x.b.test/")), Ok(()));
        assert_eq!(
            f.offer_item(&p, &u("http://a.test/deep"), 3, None, 0, 0),
            Err(Refusal::TooDeep)
        );
        let long = format!("http://a.test/{}", "x".repeat(80));
        assert_eq!(f.offer_start(&p, &u(&long)), Err(Refusal::TooLong));
        assert_eq!(
            f.offer_start(&p, &u("ftp://a.test/")),
            Err(Refusal::NotHttp)
        );
    }

    #[test]
    fn traps_are_refused() {
        let p = [profile()];
        let u = |s: &str| Url::parse(s).expect("url");
        let mut f = Frontier::new(50, 100, 2048).with_limits(TrapLimits {
            max_per_host: 5,
            max_query_variants: 3,
        });
        assert_eq!(
            f.offer_start(&p, &u("http://a.test/x/y/x/y/x")),
            Err(Refusal::Trap)
        );
        for d in 1..=3 {
            assert_eq!(
                f.offer_start(&p, &u(&format!("http://a.test/cal?d={d}"))),
                Ok(())
            );
        }
        assert_eq!(
            f.offer_start(&p, &u("http://a.test/cal?d=4")),
            Err(Refusal::Trap)
        );
        assert_eq!(f.offer_start(&p, &u("http://a.test/one")), Ok(()));
        assert_eq!(f.offer_start(&p, &u("http://a.test/two")), Ok(()));
        assert_eq!(
            f.offer_start(&p, &u("http://a.test/three")),
            Err(Refusal::HostBudget)
        );
    }

    #[test]
    fn hosts_are_queued_separately() {
        let p = [profile()];
        let mut f = Frontier::new(5, 100, 2048);
        let u = |s: &str| Url::parse(s).expect("url");
        f.offer_start(&p, &u("http://a.test/1")).expect("a1");
        f.offer_start(&p, &u("http://x.b.test/1")).expect("b1");
        f.offer_start(&p, &u("http://a.test/2")).expect("a2");
        let hosts: Vec<_> = f.hosts_with_work().map(str::to_string).collect();
        assert_eq!(hosts, ["a.test", "x.b.test"]);
        assert_eq!(
            f.pop("a.test").map(|i| i.url.path().to_string()),
            Some("/1".into())
        );
    }
}
