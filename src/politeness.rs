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
    /// Earliest start of the next request.
    pub next_at: Instant,
    /// Crawl-delay from robots.txt (already capped).
    pub crawl_delay: Option<Duration>,
    /// A request to this host is in flight.
    pub busy: bool,
}

/// The politeness book of one sweep.
#[derive(Debug)]
pub struct Politeness {
    hosts: HashMap<String, Host>,
    agent: String,
    min_delay: Duration,
    max_crawl_delay: Duration,
}

impl Politeness {
    /// `agent` is the product token robots.txt groups are matched against.
    pub fn new(agent: &str, min_delay: Duration, max_crawl_delay: Duration) -> Self {
        Politeness {
            hosts: HashMap::new(),
            agent: agent.to_string(),
            min_delay,
            max_crawl_delay,
        }
    }

    fn host(&mut self, key: &str) -> &mut Host {
        self.hosts.entry(key.to_string()).or_insert_with(|| Host {
            robots: Robots::Unknown,
            next_at: Instant::now(),
            crawl_delay: None,
            busy: false,
        })
    }

    /// Whether a request to `host` may be dispatched now (nothing in flight).
    pub fn is_busy(&self, host: &str) -> bool {
        self.hosts.get(host).is_some_and(|h| h.busy)
    }

    /// The delay between two requests to `host`.
    pub fn delay(&self, host: &str) -> Duration {
        let crawl = self
            .hosts
            .get(host)
            .and_then(|h| h.crawl_delay)
            .unwrap_or_default();
        self.min_delay.max(crawl)
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
    /// request may start. Slots are spaced by the delay plus a small margin (1%, between
    /// 2 and 20 ms), so that the server, which sees arrivals rather than departures,
    /// never counts more requests in a window than the rate allows.
    pub fn reserve(&mut self, host: &str, now: Instant) -> Instant {
        let delay = self.delay(host);
        let delay =
            delay + (delay / 100).clamp(Duration::from_millis(2), Duration::from_millis(20));
        let h = self.host(host);
        let start = h.next_at.max(now);
        h.next_at = start + delay;
        h.busy = true;
        start
    }

    /// The request to `host` has finished; the next may start no earlier than `delay`
    /// after the last start, and not before now.
    pub fn release(&mut self, host: &str, now: Instant) {
        let h = self.host(host);
        h.busy = false;
        h.next_at = h.next_at.max(now);
    }

    /// Pushes the host's next request back to at least `until` (Retry-After, backoff).
    pub fn back_off(&mut self, host: &str, until: Instant) {
        let h = self.host(host);
        h.next_at = h.next_at.max(until);
    }

    /// Records the outcome of a robots.txt fetch.
    pub fn robots_fetched(&mut self, host: &str, outcome: RobotsOutcome, now: Instant) {
        let agent = self.agent.clone();
        let max_cd = self.max_crawl_delay;
        let h = self.host(host);
        match outcome {
            RobotsOutcome::Body(body) => {
                let cut = body.len().min(ROBOTS_MAX_BYTES as usize);
                match Robot::new(&agent, &body[..cut]) {
                    Ok(robot) => {
                        h.crawl_delay = robot
                            .delay
                            .filter(|d| d.is_finite() && *d > 0.0)
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

    #[test]
    fn robots_rules_and_crawl_delay_apply() {
        let mut p = Politeness::new(
            "greysweep",
            Duration::from_millis(100),
            Duration::from_secs(5),
        );
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
        let mut p = Politeness::new(
            "greysweep",
            Duration::from_millis(100),
            Duration::from_secs(5),
        );
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
    fn reservations_are_spaced_by_the_delay() {
        let mut p = Politeness::new(
            "greysweep",
            Duration::from_millis(500),
            Duration::from_secs(5),
        );
        let now = Instant::now();
        let a = p.reserve("h", now);
        p.release("h", now);
        let b = p.reserve("h", now);
        assert!(b.duration_since(a) >= Duration::from_millis(500));
        assert!(p.is_busy("h"));
    }
}
