//! Politeness: robots.txt rules and the per-host request schedule.
//!
//! Invariants: a host never has two requests in flight; two request starts to one host
//! are at least `delay` apart, where delay = max(configured minimum, the host's
//! Crawl-delay capped by the configured maximum); a page is fetched only after the host's
//! robots.txt was read (or found absent). robots.txt follows RFC 9309: 2xx → its rules,
//! 4xx → allow all, 5xx / 429 / network failure → the host is disallowed for now and
//! robots.txt is asked again later with backoff. This module keeps state and answers
//! questions; it never sleeps and never does I/O (the crawl does both).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use texting_robots::Robot;
use url::Url;

/// Largest robots.txt body parsed (RFC 9309 asks for at least 500 KiB).
pub const ROBOTS_MAX_BYTES: u64 = 500 * 1024;
/// How long a robots.txt answer is trusted.
pub const ROBOTS_TTL: Duration = Duration::from_secs(24 * 60 * 60);
/// robots.txt attempts before a host whose robots.txt keeps failing is given up.
pub const ROBOTS_MAX_ATTEMPTS: u32 = 4;

/// What is known about a host's robots.txt.
#[derive(Debug)]
pub enum Robots {
    /// Not asked yet.
    Unknown,
    /// Rules from a 2xx robots.txt.
    Rules {
        /// Parsed rules for our user agent.
        robot: Box<Robot>,
        /// When they were read.
        at: Instant,
    },
    /// robots.txt answered 4xx: everything is allowed.
    AllowAll {
        /// When that was learnt.
        at: Instant,
    },
    /// robots.txt failed (5xx, 429, network): nothing is allowed until `retry_at`.
    Unavailable {
        /// When to ask again.
        retry_at: Instant,
        /// Failed attempts so far.
        attempts: u32,
    },
}

/// The answer for one URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// Fetch it.
    Allowed,
    /// robots.txt disallows it.
    Denied,
    /// robots.txt must be fetched first.
    NeedRobots,
    /// robots.txt is unavailable; wait until the instant, then ask again.
    WaitRobots(Instant),
    /// robots.txt failed too often: the host is given up for this sweep.
    GiveUp,
}

/// Outcome of fetching a robots.txt, as the crawl reports it.
#[derive(Debug)]
pub enum RobotsOutcome {
    /// 2xx with this body.
    Body(Vec<u8>),
    /// 4xx.
    ClientError,
    /// 5xx, 429 or a network failure.
    Unavailable,
}

/// Per-host state.
#[derive(Debug)]
pub struct Host {
    /// robots.txt knowledge.
    pub robots: Robots,
    /// No request before this (pauses, backoff, Retry-After).
    pub next_at: Instant,
    /// Start of the last request, robots.txt included: the next waits the delay from it.
    pub last_start: Option<Instant>,
    /// Crawl-delay from robots.txt (already capped).
    pub crawl_delay: Option<Duration>,
    /// Delay learnt from the server's latency (AutoThrottle-like).
    pub adaptive: Duration,
    /// A request to this host is in flight.
    pub busy: bool,
    /// Failures in a row (errors, timeouts, 429/503, block pages).
    pub failures: u32,
    /// Pauses so far (each doubles the next).
    pub pauses: u32,
}

/// A host's pacing as handed from one process to another ([`Politeness::carry`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Carry {
    /// How long until the host's next request may start.
    pub wait: Duration,
    /// The adaptive delay learnt so far.
    pub adaptive: Duration,
    /// Failures in a row.
    pub failures: u32,
    /// Pauses so far.
    pub pauses: u32,
}

/// How a host is treated; from the sweep's `[crawler]` settings.
#[derive(Debug, Clone)]
pub struct Rules {
    /// Configured minimum delay between two requests to a host.
    pub min_delay: Duration,
    /// Cap on Crawl-delay and the adaptive delay.
    pub max_delay: Duration,
    /// Whether the delay follows latency.
    pub adaptive: bool,
    /// Failures in a row that pause a host (0: never).
    pub pause_after_failures: u32,
    /// First pause; doubled each time, at most an hour.
    pub host_pause: Duration,
    /// Whether robots.txt Crawl-delay is obeyed (`obey_crawl_delay`; off only for one's
    /// own servers). Retry-After and backoff are honoured either way.
    pub obey_crawl_delay: bool,
}

/// The politeness book of one sweep.
#[derive(Debug)]
pub struct Politeness {
    hosts: HashMap<String, Host>,
    agent: String,
    rules: Rules,
    jitter: u64,
}

impl Politeness {
    /// `agent` is the product token robots.txt groups are matched against.
    pub fn new(agent: &str, rules: Rules) -> Self {
        let seed = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0x9E37_79B9, |d| d.as_nanos() as u64);
        Politeness {
            hosts: HashMap::new(),
            agent: agent.to_string(),
            rules,
            jitter: seed | 1,
        }
    }

    fn host(&mut self, key: &str) -> &mut Host {
        self.hosts.entry(key.to_string()).or_insert_with(|| Host {
            robots: Robots::Unknown,
            next_at: Instant::now(),
            last_start: None,
            crawl_delay: None,
            adaptive: Duration::ZERO,
            busy: false,
            failures: 0,
            pauses: 0,
        })
    }

    /// A factor in [1.0, 1.5) for backoff jitter (xorshift; not for cryptography).
    fn jitter_factor(&mut self) -> f64 {
        self.jitter ^= self.jitter << 13;
        self.jitter ^= self.jitter >> 7;
        self.jitter ^= self.jitter << 17;
        1.0 + (self.jitter % 1000) as f64 / 2000.0
    }

    /// Exponential backoff with jitter for the `attempt`-th retry (1-based) on `host`.
    pub fn backoff(&mut self, host: &str, attempt: u32) -> Duration {
        let base = self.delay(host).max(Duration::from_millis(500));
        let exp = base.saturating_mul(2u32.saturating_pow(attempt.min(16)));
        exp.mul_f64(self.jitter_factor()).min(self.rules.max_delay)
    }

    /// Records a response's latency; `ok` is false for error answers, which may slow the
    /// host down but never speed it up.
    pub fn observe(&mut self, host: &str, latency: Duration, ok: bool) {
        if !self.rules.adaptive {
            return;
        }
        let max = self.rules.max_delay;
        let h = self.host(host);
        // AutoThrottle with a target of one request in flight: the delay tends to the
        // latency, averaging the old delay with the new latency.
        let target = latency.min(max);
        let next = (h.adaptive + target) / 2;
        h.adaptive = if ok { next } else { next.max(h.adaptive) };
    }

    /// A request to `host` succeeded: the failure streak ends.
    pub fn succeeded(&mut self, host: &str) {
        self.host(host).failures = 0;
    }

    /// A request to `host` failed. Returns the pause imposed when this failure completes
    /// a streak of `pause_after_failures`.
    pub fn failed(&mut self, host: &str, now: Instant) -> Option<Duration> {
        let limit = self.rules.pause_after_failures;
        let base = self.rules.host_pause;
        let h = self.host(host);
        h.failures += 1;
        if limit == 0 || h.failures < limit {
            return None;
        }
        h.failures = 0;
        let pause = base
            .saturating_mul(2u32.saturating_pow(h.pauses.min(16)))
            .min(Duration::from_secs(3600));
        h.pauses += 1;
        h.next_at = h.next_at.max(now + pause);
        Some(pause)
    }

    /// Whether a request to `host` may be dispatched now (nothing in flight).
    pub fn is_busy(&self, host: &str) -> bool {
        self.hosts.get(host).is_some_and(|h| h.busy)
    }

    /// The delay between two requests to `host`: max(configured minimum, Crawl-delay,
    /// adaptive delay), the last two capped at the configured maximum.
    pub fn delay(&self, host: &str) -> Duration {
        let (crawl, adaptive) = self
            .hosts
            .get(host)
            .map_or((Duration::ZERO, Duration::ZERO), |h| {
                (h.crawl_delay.unwrap_or_default(), h.adaptive)
            });
        let max = self.rules.max_delay;
        self.rules
            .min_delay
            .max(crawl.min(max))
            .max(adaptive.min(max))
    }

    /// The fixed part of the spacing of `host`'s requests: max(configured minimum,
    /// Crawl-delay capped at the maximum), plus the margin of [`crate::pace::margin`].
    /// The adaptive delay is left out: it moves with every answer.
    pub fn spacing(&self, host: &str) -> Duration {
        let crawl = self
            .hosts
            .get(host)
            .and_then(|h| h.crawl_delay)
            .unwrap_or_default()
            .min(self.rules.max_delay);
        let d = self.rules.min_delay.max(crawl);
        d + crate::pace::margin(d)
    }

    /// Earliest start of `host`'s next request, seen at `now`: not before a pause, backoff
    /// or Retry-After, and the whole delay (plus margin) after the start of its last
    /// request — robots.txt included, so the first page after a robots.txt with a
    /// Crawl-delay waits all of it.
    pub fn ready_at(&self, host: &str, now: Instant) -> Instant {
        let Some(h) = self.hosts.get(host) else {
            return now;
        };
        let delay = self.delay(host);
        let spaced = h
            .last_start
            .map_or(now, |last| last + delay + crate::pace::margin(delay));
        now.max(h.next_at).max(spaced)
    }

    /// What robots.txt says about `url` on `host` at `now`.
    pub fn verdict(&mut self, host: &str, url: &Url, now: Instant) -> Verdict {
        let h = self.host(host);
        match &h.robots {
            Robots::Unknown => Verdict::NeedRobots,
            Robots::Rules { at, .. } | Robots::AllowAll { at }
                if now.duration_since(*at) > ROBOTS_TTL =>
            {
                Verdict::NeedRobots
            }
            Robots::Rules { robot, .. } => {
                if robot.allowed(url.as_str()) {
                    Verdict::Allowed
                } else {
                    Verdict::Denied
                }
            }
            Robots::AllowAll { .. } => Verdict::Allowed,
            Robots::Unavailable { attempts, .. } if *attempts >= ROBOTS_MAX_ATTEMPTS => {
                Verdict::GiveUp
            }
            Robots::Unavailable { retry_at, .. } if now < *retry_at => {
                Verdict::WaitRobots(*retry_at)
            }
            Robots::Unavailable { .. } => Verdict::NeedRobots,
        }
    }

    /// Reserves the next request slot of `host`: marks it busy and returns when the
    /// request may start ([`Self::ready_at`]). Slots are spaced by the delay in force when
    /// the next one is reserved plus a small margin (1%, between 2 and 20 ms), so that the
    /// server, which sees arrivals rather than departures, never counts more requests in a
    /// window than the rate allows.
    pub fn reserve(&mut self, host: &str, now: Instant) -> Instant {
        self.host(host);
        let start = self.ready_at(host, now);
        let h = self.host(host);
        h.last_start = Some(start);
        h.busy = true;
        start
    }

    /// The request reserved for `host` leaves now, at `at`: later than reserved when
    /// getting it ready took time (the store's reads, a fleet's lease check), and the next
    /// request is spaced from here, so a slow preparation never shortens the gap the server
    /// sees. Never moves the start earlier.
    pub fn started(&mut self, host: &str, at: Instant) {
        let h = self.host(host);
        h.last_start = Some(h.last_start.map_or(at, |s| s.max(at)));
    }

    /// The request to `host` has finished; the next may start no earlier than the delay
    /// after the last start.
    pub fn release(&mut self, host: &str, _now: Instant) {
        self.host(host).busy = false;
    }

    /// Pushes the host's next request back to at least `until` (Retry-After, backoff).
    pub fn back_off(&mut self, host: &str, until: Instant) {
        let h = self.host(host);
        h.next_at = h.next_at.max(until);
    }

    /// What another process needs to go on with `host` where this one stops (a fleet
    /// worker handing a host over, see [`crate::fleet`]): how long from `now` until its
    /// next request may start (the delay since the last start, a pause, backoff or
    /// Retry-After — whichever is latest), and the adaptive delay and failure streak.
    /// robots.txt rules are not in it: the fleet keeps the robots.txt body itself.
    pub fn carry(&self, host: &str, now: Instant) -> Carry {
        let wait = self.ready_at(host, now).saturating_duration_since(now);
        match self.hosts.get(host) {
            Some(h) => Carry {
                wait,
                adaptive: h.adaptive,
                failures: h.failures,
                pauses: h.pauses,
            },
            None => Carry {
                wait,
                ..Carry::default()
            },
        }
    }

    /// Takes over `host` as [`Self::carry`] left it elsewhere: no request before
    /// `now + carry.wait`, the same adaptive delay and failure streak. Only ever slows the
    /// host down: what this process already knows of it stays in force too.
    pub fn take_over(&mut self, host: &str, carry: &Carry, now: Instant) {
        let h = self.host(host);
        h.next_at = h.next_at.max(now + carry.wait);
        h.adaptive = h.adaptive.max(carry.adaptive);
        h.failures = h.failures.max(carry.failures);
        h.pauses = h.pauses.max(carry.pauses);
    }

    /// Records the outcome of a robots.txt fetch.
    pub fn robots_fetched(&mut self, host: &str, outcome: RobotsOutcome, now: Instant) {
        let agent = self.agent.clone();
        let max_cd = self.rules.max_delay;
        let obey = self.rules.obey_crawl_delay;
        let h = self.host(host);
        match outcome {
            RobotsOutcome::Body(body) => {
                let cut = body.len().min(ROBOTS_MAX_BYTES as usize);
                match Robot::new(&agent, &body[..cut]) {
                    Ok(robot) => {
                        h.crawl_delay = robot
                            .delay
                            .filter(|d| obey && d.is_finite() && *d > 0.0)
                            .map(|d| Duration::from_secs_f32(d).min(max_cd));
                        h.robots = Robots::Rules {
                            robot: Box::new(robot),
                            at: now,
                        };
                    }
                    // An unparseable robots.txt is treated like an absent one.
                    Err(_) => h.robots = Robots::AllowAll { at: now },
                }
            }
            RobotsOutcome::ClientError => h.robots = Robots::AllowAll { at: now },
            RobotsOutcome::Unavailable => {
                let attempts = match h.robots {
                    Robots::Unavailable { attempts, .. } => attempts + 1,
                    _ => 1,
                };
                let backoff = Duration::from_secs(2u64.saturating_pow(attempts).min(300));
                h.robots = Robots::Unavailable {
                    retry_at: now + backoff,
                    attempts,
                };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).expect("url")
    }

    fn rules(min_ms: u64) -> Rules {
        Rules {
            min_delay: Duration::from_millis(min_ms),
            max_delay: Duration::from_secs(5),
            adaptive: true,
            pause_after_failures: 3,
            host_pause: Duration::from_secs(10),
            obey_crawl_delay: true,
        }
    }

    #[test]
    fn adaptive_delay_follows_latency_and_never_speeds_up_on_errors() {
        let mut p = Politeness::new("greysweep", rules(100));
        for _ in 0..10 {
            p.observe("h", Duration::from_secs(2), true);
        }
        assert!(p.delay("h") > Duration::from_millis(1900));
        let before = p.delay("h");
        p.observe("h", Duration::from_millis(1), false);
        assert_eq!(p.delay("h"), before, "an error answer sped the host up");
        for _ in 0..20 {
            p.observe("h", Duration::from_millis(1), true);
        }
        assert_eq!(
            p.delay("h"),
            Duration::from_millis(100),
            "never below the configured minimum"
        );
    }

    #[test]
    fn the_next_request_is_spaced_from_when_the_last_one_left() {
        let mut p = Politeness::new("greysweep", rules(500));
        let t0 = Instant::now();
        let start = p.reserve("h", t0);
        assert!(start < t0 + Duration::from_millis(50));
        // Getting the request ready (the store's reads) took 300 ms: it left then.
        p.started("h", t0 + Duration::from_millis(300));
        p.release("h", t0 + Duration::from_millis(400));
        let delay = Duration::from_millis(500);
        let next = p.ready_at("h", t0 + Duration::from_millis(400));
        assert!(next >= t0 + Duration::from_millis(300) + delay + crate::pace::margin(delay));
        assert!(next < t0 + Duration::from_millis(300) + delay + Duration::from_millis(50));
        // A start earlier than the one reserved changes nothing.
        p.reserve("g", t0 + Duration::from_secs(1));
        p.started("g", t0);
        assert!(p.ready_at("g", t0) >= t0 + Duration::from_secs(1) + delay);
    }

    #[test]
    fn failure_streaks_pause_the_host_with_doubling() {
        let mut p = Politeness::new("greysweep", rules(100));
        let now = Instant::now();
        assert_eq!(p.failed("h", now), None);
        assert_eq!(p.failed("h", now), None);
        assert_eq!(p.failed("h", now), Some(Duration::from_secs(10)));
        p.succeeded("h");
        assert_eq!(p.failed("h", now), None);
        assert_eq!(p.failed("h", now), None);
        assert_eq!(p.failed("h", now), Some(Duration::from_secs(20)));
        assert!(p.reserve("h", now) >= now + Duration::from_secs(20));
    }

    #[test]
    fn backoff_grows_with_jitter_and_is_capped() {
        let mut p = Politeness::new("greysweep", rules(500));
        let one = p.backoff("h", 1);
        assert!(
            one >= Duration::from_secs(1) && one < Duration::from_millis(1500),
            "{one:?}"
        );
        assert_eq!(p.backoff("h", 20), Duration::from_secs(5));
    }

    #[test]
    fn robots_rules_and_crawl_delay_apply() {
        let mut p = Politeness::new("greysweep", rules(100));
        let now = Instant::now();
        assert_eq!(p.verdict("h", &url("http://h/x"), now), Verdict::NeedRobots);
        p.robots_fetched(
            "h",
            RobotsOutcome::Body(b"User-agent: *\nDisallow: /private\nCrawl-delay: 1\n".to_vec()),
            now,
        );
        assert_eq!(
            p.verdict("h", &url("http://h/private/a"), now),
            Verdict::Denied
        );
        assert_eq!(
            p.verdict("h", &url("http://h/public"), now),
            Verdict::Allowed
        );
        assert_eq!(p.delay("h"), Duration::from_secs(1));
    }

    #[test]
    fn robots_4xx_allows_and_5xx_blocks_then_retries() {
        let mut p = Politeness::new("greysweep", rules(100));
        let now = Instant::now();
        p.robots_fetched("a", RobotsOutcome::ClientError, now);
        assert_eq!(p.verdict("a", &url("http://a/x"), now), Verdict::Allowed);
        p.robots_fetched("b", RobotsOutcome::Unavailable, now);
        assert!(matches!(
            p.verdict("b", &url("http://b/x"), now),
            Verdict::WaitRobots(_)
        ));
        let later = now + Duration::from_secs(3);
        assert_eq!(
            p.verdict("b", &url("http://b/x"), later),
            Verdict::NeedRobots
        );
        p.robots_fetched("b", RobotsOutcome::Body(Vec::new()), later);
        assert_eq!(p.verdict("b", &url("http://b/x"), later), Verdict::Allowed);
    }

    #[test]
    fn crawl_delay_counts_from_the_robots_request() {
        let mut p = Politeness::new("greysweep", rules(100));
        let t0 = p.reserve("h", Instant::now());
        let later = t0 + Duration::from_millis(500);
        p.release("h", later);
        p.robots_fetched(
            "h",
            RobotsOutcome::Body(b"User-agent: *\nCrawl-delay: 2\n".to_vec()),
            later,
        );
        let first_page = p.ready_at("h", later);
        assert!(
            first_page >= t0 + Duration::from_secs(2),
            "{:?}",
            first_page - t0
        );
        assert_eq!(p.reserve("h", later), first_page);
        assert_eq!(p.spacing("h"), Duration::from_millis(2020));
    }

    #[test]
    fn crawl_delay_can_be_ignored_but_retry_after_is_not() {
        let mut p = Politeness::new(
            "greysweep",
            Rules {
                obey_crawl_delay: false,
                ..rules(100)
            },
        );
        let t0 = Instant::now();
        p.reserve("h", t0);
        p.release("h", t0);
        p.robots_fetched(
            "h",
            RobotsOutcome::Body(b"User-agent: *\nCrawl-delay: 30\n".to_vec()),
            t0,
        );
        assert_eq!(p.delay("h"), Duration::from_millis(100));
        p.back_off("h", t0 + Duration::from_secs(4));
        assert!(p.ready_at("h", t0) >= t0 + Duration::from_secs(4));
    }

    #[test]
    fn reservations_are_spaced_by_the_delay() {
        let mut p = Politeness::new("greysweep", rules(500));
        let now = Instant::now();
        let a = p.reserve("h", now);
        p.release("h", now);
        let b = p.reserve("h", now);
        assert!(b.duration_since(a) >= Duration::from_millis(500));
        assert!(p.is_busy("h"));
    }
    #[test]
    fn a_carried_host_waits_out_the_delay_it_had_elsewhere() {
        let t0 = Instant::now();
        let mut a = Politeness::new("greysweep", rules(1000));
        a.robots_fetched("h", RobotsOutcome::ClientError, t0);
        let start = a.reserve("h", t0);
        a.release("h", t0);
        a.failed("h", t0);
        let carry = a.carry("h", start + Duration::from_millis(200));
        assert!(carry.wait >= Duration::from_millis(800), "{carry:?}");
        assert_eq!(carry.failures, 1);
        // Another process takes the host over 200 ms after the last start: its first
        // request waits the rest of the delay.
        let now = start + Duration::from_millis(200);
        let mut b = Politeness::new("greysweep", rules(1000));
        b.take_over("h", &carry, now);
        assert!(b.ready_at("h", now) >= start + Duration::from_millis(1000));
        assert_eq!(b.carry("h", now).failures, 1);
    }
}
