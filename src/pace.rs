//! Pacing: when a request may start, enforced with `governor` rate limiters — one per
//! host, holding that host's spacing, and one optional global limiter holding the
//! crawling machine's own budget (`max_requests_per_sec`) across every host.
//!
//! Every limiter has a burst of one, so spacing is strict: two grants of one limiter are
//! always at least its period apart, and the server never sees more than the rate in any
//! window. A host's period is the fixed part of its delay (the configured minimum and
//! Crawl-delay, with the politeness margin) from [`crate::politeness::Politeness::spacing`];
//! when it changes — Crawl-delay is learnt from robots.txt — the host's limiter is rebuilt
//! with the new quota and the next grant still counts from the host's last request, the
//! robots.txt request included. Latency-following delay, backoff, pauses and Retry-After
//! stay in [`crate::politeness`], which is pure and decides *whether* a host may go; this
//! module only says *when*, never sleeps, and runs on an injected [`Clock`], so tests use
//! `governor::clock::FakeRelativeClock`.
//!
//! The global limiter is asked before the host's own, and only when the host is due, so a
//! host that must wait never spends a global slot, and a slow host (long Crawl-delay) is
//! never starved by a fast one.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, MonotonicClock, Reference};
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};

type Limiter<C> = RateLimiter<NotKeyed, InMemoryState, C, NoOpMiddleware<<C as Clock>::Instant>>;

/// Margin added to every period (1 %, between 2 and 20 ms): the server sees arrivals, not
/// departures, so slots a hair longer than the rate keep any window within it.
pub fn margin(period: Duration) -> Duration {
    (period / 100).clamp(Duration::from_millis(2), Duration::from_millis(20))
}

/// A strict quota: one request per `period`, burst of one.
fn strict(period: Duration) -> Quota {
    let one = NonZeroU32::MIN;
    Quota::with_period(period.max(Duration::from_micros(1)))
        .unwrap_or_else(|| Quota::per_second(one))
        .allow_burst(one)
}

struct HostPace<C: Clock> {
    period: Duration,
    limiter: Limiter<C>,
    /// The host's last grant: the next is due its period later.
    last: Option<C::Instant>,
}

/// The pacing book of one sweep.
pub struct Pace<C: Clock + Clone = MonotonicClock> {
    clock: C,
    hosts: HashMap<String, HostPace<C>>,
    global: Option<(Duration, Limiter<C>)>,
}

impl<C: Clock + Clone> std::fmt::Debug for Pace<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pace")
            .field("hosts", &self.hosts.len())
            .field("global_period", &self.global.as_ref().map(|g| g.0))
            .finish()
    }
}

impl Pace<MonotonicClock> {
    /// Pacing on the real monotonic clock (the crawl's).
    pub fn new(max_requests_per_sec: Option<f64>) -> Self {
        Self::with_clock(max_requests_per_sec, MonotonicClock)
    }
}

impl<C: Clock + Clone> Pace<C> {
    /// Pacing on `clock`; `max_requests_per_sec` caps requests across all hosts.
    pub fn with_clock(max_requests_per_sec: Option<f64>, clock: C) -> Self {
        let global = max_requests_per_sec
            .filter(|r| r.is_finite() && *r > 0.0)
            .map(|r| {
                let period = Duration::from_secs_f64(1.0 / r);
                let period = period + margin(period);
                (
                    period,
                    Limiter::direct_with_clock(strict(period), clock.clone()),
                )
            });
        Pace {
            clock,
            hosts: HashMap::new(),
            global,
        }
    }

    /// The period between two grants across all hosts, if there is a global cap.
    pub fn global_period(&self) -> Option<Duration> {
        self.global.as_ref().map(|g| g.0)
    }

    /// Sets `host`'s period (already including its margin). A changed period rebuilds the
    /// host's limiter; its next grant still waits the new period from the last one.
    pub fn set_spacing(&mut self, host: &str, period: Duration) {
        let clock = &self.clock;
        match self.hosts.get_mut(host) {
            Some(h) if h.period == period => {}
            Some(h) => {
                // A fresh limiter would grant at once: `last` keeps the next grant a full
                // new period after the previous one.
                h.period = period;
                h.limiter = Limiter::direct_with_clock(strict(period), clock.clone());
            }
            None => {
                self.hosts.insert(
                    host.to_string(),
                    HostPace {
                        period,
                        limiter: Limiter::direct_with_clock(strict(period), clock.clone()),
                        last: None,
                    },
                );
            }
        }
    }

    /// Takes a slot for a request to `host` now, from the global budget and the host's
    /// quota (set with [`Self::set_spacing`] first). `Err` says how long to wait.
    pub fn try_acquire(&mut self, host: &str) -> Result<(), Duration> {
        let now = self.clock.now();
        let Some(h) = self.hosts.get_mut(host) else {
            return Err(Duration::ZERO);
        };
        if let Some(due) = h.last.map(|l| l + h.period.into())
            && now < due
        {
            return Err(due.duration_since(now).into());
        }
        if let Some((_, global)) = &self.global
            && let Err(not_until) = global.check()
        {
            return Err(not_until
                .wait_time_from(now)
                .max(Duration::from_micros(100)));
        }
        match h.limiter.check() {
            Ok(()) => {
                h.last = Some(now);
                Ok(())
            }
            // The host's limiter and `last` agree (both strict, same period); should they
            // not, the global
            // slot just taken is then lost, which only slows the sweep.
            Err(not_until) => Err(not_until
                .wait_time_from(now)
                .max(Duration::from_micros(100))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use governor::clock::FakeRelativeClock;

    const MS: Duration = Duration::from_millis(1);

    #[test]
    fn a_host_is_spaced_strictly() {
        let clock = FakeRelativeClock::default();
        let mut pace = Pace::with_clock(None, clock.clone());
        pace.set_spacing("h", 100 * MS);
        assert_eq!(pace.try_acquire("h"), Ok(()));
        assert_eq!(pace.try_acquire("h"), Err(100 * MS));
        clock.advance(99 * MS);
        assert_eq!(pace.try_acquire("h"), Err(MS));
        clock.advance(MS);
        assert_eq!(pace.try_acquire("h"), Ok(()));
        // Another host is paced on its own.
        pace.set_spacing("g", 100 * MS);
        assert_eq!(pace.try_acquire("g"), Ok(()));
    }

    #[test]
    fn a_new_spacing_counts_from_the_last_grant() {
        let clock = FakeRelativeClock::default();
        let mut pace = Pace::with_clock(None, clock.clone());
        pace.set_spacing("h", 10 * MS);
        assert_eq!(pace.try_acquire("h"), Ok(()), "robots.txt");
        clock.advance(300 * MS);
        pace.set_spacing("h", 2000 * MS);
        assert_eq!(pace.try_acquire("h"), Err(1700 * MS));
        clock.advance(1700 * MS);
        assert_eq!(pace.try_acquire("h"), Ok(()));
        assert_eq!(pace.try_acquire("h"), Err(2000 * MS));
    }

    #[test]
    fn the_global_cap_holds_across_hosts_in_every_window() {
        let clock = FakeRelativeClock::default();
        let mut pace = Pace::with_clock(Some(20.0), clock.clone());
        let hosts: Vec<String> = (0..8).map(|i| format!("h{i}")).collect();
        for h in &hosts {
            pace.set_spacing(h, 100 * MS);
        }
        let mut grants: Vec<Duration> = Vec::new();
        let mut now = Duration::ZERO;
        while now < Duration::from_secs(5) {
            for h in &hosts {
                if pace.try_acquire(h).is_ok() {
                    grants.push(now);
                }
            }
            clock.advance(MS);
            now += MS;
        }
        let most = grants
            .iter()
            .map(|t| {
                grants
                    .iter()
                    .filter(|o| **o >= *t && **o < *t + 1000 * MS)
                    .count()
            })
            .max()
            .unwrap_or(0);
        assert!(most <= 20, "{most} grants in one second");
        assert!(
            grants.len() >= 90,
            "the cap is a cap, not a stall: {}",
            grants.len()
        );
    }

    #[test]
    fn a_waiting_host_spends_no_global_slot() {
        let clock = FakeRelativeClock::default();
        let mut pace = Pace::with_clock(Some(1.0), clock.clone());
        pace.set_spacing("slow", 10_000 * MS);
        pace.set_spacing("fast", 10 * MS);
        assert_eq!(pace.try_acquire("slow"), Ok(()));
        clock.advance(1100 * MS);
        assert!(pace.try_acquire("slow").is_err());
        assert_eq!(pace.try_acquire("fast"), Ok(()), "slow took the slot");
    }
}
