//! The frontier: which URLs are still to fetch, in what order, and which are never to be.
//!
//! Invariants: every URL is canonicalised (with the rules of the profile whose scope
//! admits it, see [`crate::canonical`]) before it is compared, so one page is queued at
//! most once per sweep, and what is queued and fetched is the canonical form; a URL outside every profile's scope, deeper than the depth
//! budget, longer than the URL cap, or caught by a trap guard is refused with a reason and
//! never queued. The queue itself lives in the [`Store`] (on disk), per host, so memory
//! does not grow with the frontier; this type keeps only per-host counts. It does not
//! fetch, wait or judge robots.txt (that is [`crate::politeness`]).

use std::collections::HashMap;

use url::Url;

pub use crate::canonical::canonicalize;
use crate::canonical::canonicalize_with;
use crate::extract::SiteProfile;
use crate::store::Store;

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

impl Item {
    /// A start URL's item: depth 0, the first profile, no referrer, no attempt yet.
    pub fn start(url: Url) -> Self {
        Item {
            url,
            depth: 0,
            profile: 0,
            referrer: None,
            redirects: 0,
            attempts: 0,
            pagination: 0,
            redirect_chain: Vec::new(),
        }
    }
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

/// Canonical form of `url` under the query rules of the first profile whose scope covers
/// it (the default rules when none does). The frontier compares and stores this form.
pub fn canonical_in(profiles: &[SiteProfile], url: &Url) -> Url {
    match profiles.iter().find(|p| p.in_scope(url)) {
        Some(p) => canonicalize_with(url, &p.query),
        None => canonicalize(url),
    }
}

/// What a fetched page's `link[rel=canonical]` makes of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CanonicalLink {
    /// No usable canonical link: it names the page itself, another host, a URL outside
    /// the scope, or not http(s). The page stands for itself.
    Own,
    /// The canonical URL was not known to the sweep; it is now marked done, so links to
    /// it are not fetched again. The page stands for it.
    Claimed(Url),
    /// The canonical URL was already fetched or queued in this sweep: the page is a
    /// duplicate of it.
    DuplicateOf(Url),
}

/// The frontier of one sweep: policy in memory, queue in the store.
#[derive(Debug)]
pub struct Frontier {
    max_depth: u32,
    max_pagination: u32,
    max_url_len: usize,
    limits: TrapLimits,
    pending: HashMap<String, usize>,
    order: Vec<String>,
    per_host: HashMap<String, usize>,
    queued: usize,
    /// Other processes add to the same queue (a fleet, see [`crate::fleet`]): per-host
    /// counts are read from the store each time, never cached.
    shared: bool,
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
    /// A frontier with the given budgets, over whatever the store's current sweep holds.
    pub fn new(max_depth: u32, max_pagination: u32, max_url_len: usize) -> Self {
        Frontier {
            max_depth,
            max_pagination,
            max_url_len,
            limits: TrapLimits::default(),
            pending: HashMap::new(),
            order: Vec::new(),
            per_host: HashMap::new(),
            queued: 0,
            shared: false,
        }
    }

    /// A frontier whose queue other processes write to as well (a fleet worker): the
    /// host budget is counted in the store, not in this process.
    pub fn shared(mut self) -> Self {
        self.shared = true;
        self
    }

    /// Sets the pending count of `host` as the store has it (a fleet worker that just
    /// leased the host, or whose other workers added to its queue).
    pub fn set_pending(&mut self, host: &str, n: usize) {
        let old = match self.pending.get_mut(host) {
            Some(p) => std::mem::replace(p, n),
            None => {
                self.order.push(host.to_string());
                self.pending.insert(host.to_string(), n);
                0
            }
        };
        self.queued = (self.queued + n).saturating_sub(old);
    }

    /// The pending count this process holds for `host`.
    pub fn pending_of(&self, host: &str) -> usize {
        self.pending.get(host).copied().unwrap_or(0)
    }

    /// Sets the trap guards.
    pub fn with_limits(mut self, limits: TrapLimits) -> Self {
        self.limits = limits;
        self
    }

    /// Loads the pending counts of the store's current sweep (after a resume).
    pub fn load(&mut self, store: &dyn Store) -> anyhow::Result<()> {
        self.pending.clear();
        self.order.clear();
        self.queued = 0;
        for (host, n) in store.frontier_pending()? {
            self.order.push(host.clone());
            self.queued += n;
            self.pending.insert(host, n);
        }
        Ok(())
    }

    /// Offers a start URL; it is queued unless refused.
    pub fn offer_start(
        &mut self,
        store: &mut dyn Store,
        profiles: &[SiteProfile],
        url: &Url,
    ) -> anyhow::Result<Result<(), Refusal>> {
        self.offer_item(store, profiles, Item::start(url.clone()))
    }

    /// Offers a URL found from `from`; it is queued unless refused.
    pub fn offer(
        &mut self,
        store: &mut dyn Store,
        profiles: &[SiteProfile],
        url: &Url,
        from: &Item,
        via: Via,
    ) -> anyhow::Result<Result<(), Refusal>> {
        let (depth, redirects, pagination) = match via {
            Via::Start => (0, 0, 0),
            Via::Link => (from.depth + 1, 0, 0),
            Via::NextPage => (from.depth, 0, from.pagination + 1),
            Via::Redirect => (from.depth, from.redirects + 1, from.pagination),
        };
        if pagination > self.max_pagination {
            return Ok(Err(Refusal::TooManyPages));
        }
        let redirect_chain = if via == Via::Redirect {
            let mut chain = from.redirect_chain.clone();
            chain.push(from.url.clone());
            chain
        } else {
            Vec::new()
        };
        let item = Item {
            url: url.clone(),
            depth,
            profile: 0,
            referrer: Some(from.url.clone()),
            redirects,
            attempts: 0,
            pagination,
            redirect_chain,
        };
        self.offer_item(store, profiles, item)
    }

    fn offer_item(
        &mut self,
        store: &mut dyn Store,
        profiles: &[SiteProfile],
        mut item: Item,
    ) -> anyhow::Result<Result<(), Refusal>> {
        if !matches!(item.url.scheme(), "http" | "https") {
            return Ok(Err(Refusal::NotHttp));
        }
        if item.depth > self.max_depth {
            return Ok(Err(Refusal::TooDeep));
        }
        let Some(profile) = profiles.iter().position(|p| p.in_scope(&item.url)) else {
            return Ok(Err(Refusal::OutOfScope));
        };
        let url = canonicalize_with(&item.url, &profiles[profile].query);
        if url.as_str().len() > self.max_url_len {
            return Ok(Err(Refusal::TooLong));
        }
        if store.frontier_contains(&url)? {
            return Ok(Err(Refusal::Duplicate));
        }
        if repeats_segments(&url) {
            return Ok(Err(Refusal::Trap));
        }
        let key = host_key(&url);
        let host_count = match self.per_host.get(&key) {
            Some(n) if !self.shared => *n,
            _ => store.frontier_count(&key, None)?,
        };
        if self.limits.max_per_host > 0 && host_count >= self.limits.max_per_host {
            return Ok(Err(Refusal::HostBudget));
        }
        if url.query().is_some()
            && store.frontier_count(&key, Some(url.path()))? >= self.limits.max_query_variants
        {
            return Ok(Err(Refusal::Trap));
        }
        item.url = url;
        item.profile = profile;
        if !store.frontier_insert(&item, &key)? {
            return Ok(Err(Refusal::Duplicate));
        }
        self.per_host.insert(key.clone(), host_count + 1);
        self.add_pending(&key);
        Ok(Ok(()))
    }

    fn add_pending(&mut self, key: &str) {
        match self.pending.get_mut(key) {
            Some(n) => *n += 1,
            None => {
                self.order.push(key.to_string());
                self.pending.insert(key.to_string(), 1);
            }
        }
        self.queued += 1;
    }

    /// Judges the `link[rel=canonical]` of the fetched page `item`. A canonical URL on the
    /// page's own host and in scope, canonicalised like any link, that the sweep already
    /// fetched or queued makes the page a duplicate; one it does not know yet is marked
    /// done (the page stands for it). Other hosts and out-of-scope URLs are never merged.
    pub fn judge_canonical(
        &mut self,
        store: &mut dyn Store,
        profiles: &[SiteProfile],
        item: &Item,
        canonical: &Url,
    ) -> anyhow::Result<CanonicalLink> {
        if !matches!(canonical.scheme(), "http" | "https")
            || canonical.scheme() != item.url.scheme()
            || host_key(canonical) != host_key(&item.url)
        {
            return Ok(CanonicalLink::Own);
        }
        let Some(profile) = profiles.iter().find(|p| p.in_scope(canonical)) else {
            return Ok(CanonicalLink::Own);
        };
        let url = canonicalize_with(canonical, &profile.query);
        if url == item.url || url.as_str().len() > self.max_url_len {
            return Ok(CanonicalLink::Own);
        }
        if store.frontier_contains(&url)? {
            return Ok(CanonicalLink::DuplicateOf(url));
        }
        let claimed = Item {
            url: url.clone(),
            referrer: Some(item.url.clone()),
            redirect_chain: Vec::new(),
            ..item.clone()
        };
        let key = host_key(&url);
        if store.frontier_insert(&claimed, &key)? {
            store.frontier_take(&url)?;
            store.frontier_finish(&url)?;
        }
        Ok(CanonicalLink::Claimed(url))
    }

    /// The next item of `host`, if any, without taking it.
    pub fn peek(&self, store: &dyn Store, host: &str) -> anyhow::Result<Option<Item>> {
        if self.pending.get(host).copied().unwrap_or(0) == 0 {
            return Ok(None);
        }
        store.frontier_peek(host)
    }

    /// Takes the next item of `host` (it is then in flight), if any.
    pub fn pop(&mut self, store: &mut dyn Store, host: &str) -> anyhow::Result<Option<Item>> {
        let Some(item) = self.peek(store, host)? else {
            return Ok(None);
        };
        store.frontier_take(&item.url)?;
        if let Some(n) = self.pending.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        self.queued = self.queued.saturating_sub(1);
        Ok(Some(item))
    }

    /// Puts an item taken earlier back at the end of its host's queue (a retry).
    pub fn requeue(&mut self, store: &mut dyn Store, item: &Item) -> anyhow::Result<()> {
        store.frontier_requeue(item)?;
        self.add_pending(&host_key(&item.url));
        Ok(())
    }

    /// Marks a taken item done.
    pub fn finish(&mut self, store: &mut dyn Store, item: &Item) -> anyhow::Result<()> {
        store.frontier_finish(&item.url)
    }

    /// Takes every queued item of `host` and marks it done (a host given up).
    pub fn drain_host(&mut self, store: &mut dyn Store, host: &str) -> anyhow::Result<Vec<Item>> {
        let mut out = Vec::new();
        while let Some(item) = self.pop(store, host)? {
            store.frontier_finish(&item.url)?;
            out.push(item);
        }
        Ok(out)
    }

    /// Hosts with queued items, in the order they were first seen.
    pub fn hosts_with_work(&self) -> impl Iterator<Item = &str> {
        self.order
            .iter()
            .filter(|h| self.pending.get(*h).is_some_and(|n| *n > 0))
            .map(String::as_str)
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
    use crate::store::{SqliteStore, SweepRow, SweepState};
    use std::path::Path;

    fn profile() -> SiteProfile {
        SiteProfile::from_toml(
            Path::new("p.toml"),
            "name = \"t\"\nstart_urls = [\"http://a.test/\"]\nhosts = [\"a.test\", \"*.b.test\"]\n",
        )
        .expect("profile")
    }

    fn store() -> SqliteStore {
        let mut s = SqliteStore::in_memory().expect("store");
        s.start_sweep(&SweepRow {
            id: "t-1".into(),
            name: "t".into(),
            state: SweepState::Running,
            started_at: chrono::Utc::now(),
            ended_at: None,
            summary: None,
        })
        .expect("sweep");
        s
    }

    fn u(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    fn start(
        f: &mut Frontier,
        s: &mut SqliteStore,
        p: &[SiteProfile],
        url: &str,
    ) -> Result<(), Refusal> {
        f.offer_start(s, p, &u(url)).expect("store")
    }

    #[test]
    fn canonical_duplicates_are_refused() {
        let p = [profile()];
        let mut s = store();
        let mut f = Frontier::new(5, 100, 2048);
        assert_eq!(
            start(&mut f, &mut s, &p, "http://A.test:80/x?#frag"),
            Ok(())
        );
        assert_eq!(
            start(&mut f, &mut s, &p, "http://a.test/x"),
            Err(Refusal::Duplicate)
        );
        assert_eq!(
            start(&mut f, &mut s, &p, "http://a.test/x#other"),
            Err(Refusal::Duplicate)
        );
        assert_eq!(f.len(), 1);
    }

    #[test]
    fn scope_depth_and_length_are_enforced() {
        let p = [profile()];
        let mut s = store();
        let mut f = Frontier::new(2, 100, 64);
        assert_eq!(
            start(&mut f, &mut s, &p, "http://c.test/"),
            Err(Refusal::OutOfScope)
        );
        assert_eq!(start(&mut f, &mut s, &p, "http://x.b.test/"), Ok(()));
        let from = f.pop(&mut s, "x.b.test").expect("store").expect("item");
        let deep = Item { depth: 2, ..from };
        assert_eq!(
            f.offer(&mut s, &p, &u("http://a.test/deep"), &deep, Via::Link)
                .expect("store"),
            Err(Refusal::TooDeep)
        );
        let long = format!("http://a.test/{}", "x".repeat(80));
        assert_eq!(start(&mut f, &mut s, &p, &long), Err(Refusal::TooLong));
        assert_eq!(
            start(&mut f, &mut s, &p, "ftp://a.test/"),
            Err(Refusal::NotHttp)
        );
    }

    #[test]
    fn tracking_variants_are_one_page_and_profile_rules_apply() {
        let mut strict = SiteProfile::from_toml(
            Path::new("s.toml"),
            "name = \"s\"\nstart_urls = [\"http://s.test/\"]\nhosts = [\"s.test\"]\nstrip_params = [\"src\"]\n",
        )
        .expect("profile");
        strict.name = "s".into();
        let p = [profile(), strict];
        let mut s = store();
        let mut f = Frontier::new(5, 100, 2048);
        assert_eq!(
            start(&mut f, &mut s, &p, "http://a.test/l?b=2&a=1&spm=x.1"),
            Ok(())
        );
        for dup in [
            "http://a.test/l?a=1&b=2",
            "http://a.test/l?utm_source=mail&b=2&a=1",
            "http://a.test/l?a=1&spm=y.2&b=2&utm_medium=z#top",
        ] {
            assert_eq!(
                start(&mut f, &mut s, &p, dup),
                Err(Refusal::Duplicate),
                "{dup}"
            );
        }
        // `src` is content by default, tracking where the profile says so.
        assert_eq!(
            start(&mut f, &mut s, &p, "http://a.test/l?a=1&b=2&src=x"),
            Ok(())
        );
        assert_eq!(start(&mut f, &mut s, &p, "http://s.test/l?src=x"), Ok(()));
        assert_eq!(
            start(&mut f, &mut s, &p, "http://s.test/l?src=y"),
            Err(Refusal::Duplicate)
        );
        let item = f.pop(&mut s, "a.test").expect("store").expect("item");
        assert_eq!(item.url.as_str(), "http://a.test/l?a=1&b=2");
    }

    #[test]
    fn canonical_links_merge_only_within_the_host_and_scope() {
        let p = [profile()];
        let mut s = store();
        let mut f = Frontier::new(5, 100, 2048);
        start(&mut f, &mut s, &p, "http://a.test/p/1").expect("p1");
        start(&mut f, &mut s, &p, "http://a.test/p/1-blue").expect("variant");
        start(&mut f, &mut s, &p, "http://a.test/p/2-red").expect("variant");
        let p1 = f.pop(&mut s, "a.test").expect("store").expect("p1");
        let blue = f.pop(&mut s, "a.test").expect("store").expect("blue");
        let red = f.pop(&mut s, "a.test").expect("store").expect("red");
        let mut judge =
            |item: &Item, c: &str| f.judge_canonical(&mut s, &p, item, &u(c)).expect("store");
        assert_eq!(judge(&p1, "http://a.test/p/1?spm=x"), CanonicalLink::Own);
        assert_eq!(
            judge(&blue, "http://a.test/p/1#x"),
            CanonicalLink::DuplicateOf(u("http://a.test/p/1"))
        );
        assert_eq!(judge(&blue, "http://x.b.test/p/1"), CanonicalLink::Own);
        assert_eq!(judge(&blue, "http://c.test/p/1"), CanonicalLink::Own);
        assert_eq!(judge(&blue, "https://a.test/p/1"), CanonicalLink::Own);
        // A canonical URL not seen yet is claimed: a later link to it is a duplicate.
        assert_eq!(
            judge(&red, "http://a.test/p/2"),
            CanonicalLink::Claimed(u("http://a.test/p/2"))
        );
        assert_eq!(
            start(&mut f, &mut s, &p, "http://a.test/p/2?utm_source=x"),
            Err(Refusal::Duplicate)
        );
        assert!(f.is_empty());
    }

    #[test]
    fn traps_are_refused() {
        let p = [profile()];
        let mut s = store();
        let mut f = Frontier::new(50, 100, 2048).with_limits(TrapLimits {
            max_per_host: 5,
            max_query_variants: 3,
        });
        assert_eq!(
            start(&mut f, &mut s, &p, "http://a.test/x/y/x/y/x"),
            Err(Refusal::Trap)
        );
        for d in 1..=3 {
            assert_eq!(
                start(&mut f, &mut s, &p, &format!("http://a.test/cal?d={d}")),
                Ok(())
            );
        }
        assert_eq!(
            start(&mut f, &mut s, &p, "http://a.test/cal?d=4"),
            Err(Refusal::Trap)
        );
        assert_eq!(start(&mut f, &mut s, &p, "http://a.test/one"), Ok(()));
        assert_eq!(start(&mut f, &mut s, &p, "http://a.test/two"), Ok(()));
        assert_eq!(
            start(&mut f, &mut s, &p, "http://a.test/three"),
            Err(Refusal::HostBudget)
        );
    }

    #[test]
    fn hosts_are_queued_separately_and_resume_from_the_store() {
        let p = [profile()];
        let mut s = store();
        let mut f = Frontier::new(5, 100, 2048);
        start(&mut f, &mut s, &p, "http://a.test/1").expect("a1");
        start(&mut f, &mut s, &p, "http://x.b.test/1").expect("b1");
        start(&mut f, &mut s, &p, "http://a.test/2").expect("a2");
        let hosts: Vec<_> = f.hosts_with_work().map(str::to_string).collect();
        assert_eq!(hosts, ["a.test", "x.b.test"]);
        let first = f.pop(&mut s, "a.test").expect("store").expect("item");
        assert_eq!(first.url.path(), "/1");
        // A crash now: the in-flight item goes back to pending on resume.
        s.resume_sweep("t-1").expect("resume");
        let mut g = Frontier::new(5, 100, 2048);
        g.load(&s).expect("load");
        assert_eq!(g.len(), 3);
        assert_eq!(
            g.pop(&mut s, "a.test")
                .expect("store")
                .map(|i| i.url.path().to_string()),
            Some("/1".into())
        );
    }
}
