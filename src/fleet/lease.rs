//! Host leases: which hosts of a fleet sweep this worker may fetch from, and for how long.
//!
//! The crawl asks [`Leases::holds`] before it looks at a host's queue, and
//! [`Leases::confirm`] right before each request; [`Leases::tick`] renews, claims and
//! releases leases as they fall due. The leases live in `fleet_hosts` and are read and
//! written on a connection of their own, so a claim or renewal commits at once, whatever
//! page batch the store has open.
//!
//! Times are the database's (`now()`), never this machine's: a lease's end and a host's
//! next start are sent as durations from the database's now and read back the same way,
//! so clocks that disagree between machines do not matter. Locally a lease counts as
//! valid from when its renewal was *sent* plus the lease length minus a third of it: the
//! database's copy always ends later than the local one.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::frontier::Frontier;
use crate::politeness::{Carry, Politeness, RobotsOutcome};
use crate::store::postgres::PgConn;
use crate::store::{GroupCommit, Store};

/// What [`Leases::confirm`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Confirm {
    /// The lease is this worker's (renewed just now): the request may start.
    Go,
    /// Another worker holds the host now: do not fetch from it.
    Lost,
    /// The sweep's page budget is spent (across every worker).
    BudgetSpent,
}

#[derive(Debug)]
struct Held {
    /// Until when this worker may start requests to the host (local, conservative).
    valid_until: Instant,
}

/// This worker's leases in one fleet sweep.
pub struct Leases {
    conn: PgConn,
    sweep: String,
    worker: String,
    lease: Duration,
    concurrency: usize,
    held: HashMap<String, Held>,
    next_renew: Instant,
    next_claim: Instant,
    finished: bool,
    /// How many hosts this worker should hold: the hosts with work spread over the live
    /// workers, at most its concurrency (updated at each claim).
    share: usize,
    /// Hosts taken over from a worker whose lease had expired (for the progress line).
    taken_over: usize,
}

impl std::fmt::Debug for Leases {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Leases")
            .field("sweep", &self.sweep)
            .field("worker", &self.worker)
            .field("held", &self.held)
            .finish()
    }
}

/// Seconds as PostgreSQL takes them for `make_interval(secs => …)`.
fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

impl Leases {
    /// Joins sweep `sweep` as `worker` on `conn` (a connection of its own), with hosts
    /// leased for `lease`, holding at most `concurrency` hosts at once.
    pub fn join(
        conn: PgConn,
        sweep: &str,
        worker: &str,
        lease: Duration,
        concurrency: usize,
    ) -> anyhow::Result<Leases> {
        let (s, w) = (sweep.to_string(), worker.to_string());
        conn.call(move |c| {
            c.execute(
                "INSERT INTO fleet_workers (sweep, worker) VALUES ($1, $2)
                 ON CONFLICT (sweep, worker) DO UPDATE SET seen_at = now(), ended_at = NULL",
                &[&s, &w],
            )?;
            Ok(())
        })?;
        let now = Instant::now();
        Ok(Leases {
            conn,
            sweep: sweep.to_string(),
            worker: worker.to_string(),
            lease: lease.max(Duration::from_millis(300)),
            concurrency: concurrency.max(1),
            held: HashMap::new(),
            next_renew: now,
            next_claim: now,
            finished: false,
            share: concurrency.max(1),
            taken_over: 0,
        })
    }

    /// This worker's name.
    pub fn worker(&self) -> &str {
        &self.worker
    }

    /// Hosts taken over from workers whose leases had expired.
    pub fn taken_over(&self) -> usize {
        self.taken_over
    }

    fn local_validity(&self, sent: Instant) -> Instant {
        sent + self.lease - self.lease / 3
    }

    /// Whether this worker holds `host`'s lease, valid for a while yet.
    pub fn holds(&self, host: &str, now: Instant) -> bool {
        self.held.get(host).is_some_and(|h| h.valid_until > now)
    }

    /// Whether the sweep is done: no URL pending or in flight in any worker, and this
    /// worker holds no host.
    pub fn finished(&self) -> bool {
        self.finished
    }

    /// When [`Leases::tick`] has work next.
    pub fn next_tick(&self) -> Instant {
        self.next_renew.min(self.next_claim)
    }

    /// Right before a request to `host`: renews its lease and records that its next
    /// request may not start before `spacing` from now (robots.txt requests included).
    /// A page request (`page`) also takes one unit of the sweep's page budget. Only on
    /// [`Confirm::Go`] may the request start.
    pub fn confirm(
        &mut self,
        host: &str,
        spacing: Duration,
        page: bool,
    ) -> anyhow::Result<Confirm> {
        let (sweep, h, worker) = (self.sweep.clone(), host.to_string(), self.worker.clone());
        let (lease, spacing) = (secs(self.lease), secs(spacing));
        let sent = Instant::now();
        let (held, budget) = self.conn.call(move |c| {
            let r = c.query_one(
                "WITH h AS (
                    UPDATE fleet_hosts
                       SET lease_until = now() + make_interval(secs => $4),
                           next_at = GREATEST(next_at, now() + make_interval(secs => $5))
                     WHERE sweep = $1 AND host = $2 AND owner = $3
                    RETURNING 1),
                 b AS (
                    UPDATE fleet_sweeps SET requests = requests + 1
                     WHERE sweep = $1 AND $6 AND requests < max_pages AND EXISTS (SELECT 1 FROM h)
                    RETURNING 1)
                 SELECT EXISTS (SELECT 1 FROM h), EXISTS (SELECT 1 FROM b)",
                &[&sweep, &h, &worker, &lease, &spacing, &page],
            )?;
            Ok((r.get::<_, bool>(0), r.get::<_, bool>(1)))
        })?;
        if !held {
            self.held.remove(host);
            return Ok(Confirm::Lost);
        }
        let valid_until = self.local_validity(sent);
        if let Some(x) = self.held.get_mut(host) {
            x.valid_until = valid_until;
        }
        if page && !budget {
            return Ok(Confirm::BudgetSpent);
        }
        Ok(Confirm::Go)
    }

    /// Records `host`'s pacing now (a pause, backoff or Retry-After just imposed, a
    /// failure streak), so a worker taking the host over keeps to it even if this one
    /// dies before its next renewal.
    pub fn persist_pacing(&mut self, host: &str, carry: &Carry) -> anyhow::Result<()> {
        let (sweep, h, worker) = (self.sweep.clone(), host.to_string(), self.worker.clone());
        let (wait, adaptive) = (secs(carry.wait), carry.adaptive.as_millis() as i64);
        let (failures, pauses) = (carry.failures as i32, carry.pauses as i32);
        self.conn.call(move |c| {
            c.execute(
                "UPDATE fleet_hosts
                    SET next_at = GREATEST(next_at, now() + make_interval(secs => $4)),
                        adaptive_ms = $5, failures = $6, pauses = $7
                  WHERE sweep = $1 AND host = $2 AND owner = $3",
                &[&sweep, &h, &worker, &wait, &adaptive, &failures, &pauses],
            )?;
            Ok(())
        })
    }

    /// Records the robots.txt `host` gave, for whoever holds the host next.
    pub fn robots_seen(&mut self, host: &str, outcome: &RobotsOutcome) -> anyhow::Result<()> {
        let (kind, body): (&str, Option<Vec<u8>>) = match outcome {
            RobotsOutcome::Body(b) => ("body", Some(b.clone())),
            RobotsOutcome::ClientError => ("allow_all", None),
            // Not known: the next holder asks again.
            RobotsOutcome::Unavailable => return Ok(()),
        };
        let (sweep, h, kind) = (self.sweep.clone(), host.to_string(), kind.to_string());
        self.conn.call(move |c| {
            c.execute(
                "UPDATE fleet_hosts SET robots_kind = $3, robots_body = $4 WHERE sweep = $1 AND host = $2",
                &[&sweep, &h, &kind, &body],
            )?;
            Ok(())
        })
    }

    /// Renews the leases held, releases hosts with nothing left to fetch, and claims
    /// hosts while this worker holds fewer than its share; hosts taken over come with the
    /// previous holder's pacing and robots.txt, and their in-flight URLs go back to
    /// pending. Commits the store's open batch first, so what this worker did is visible
    /// to the counts it reads.
    pub fn tick(
        &mut self,
        now: Instant,
        store: &mut dyn Store,
        batch: &mut GroupCommit,
        frontier: &mut Frontier,
        politeness: &mut Politeness,
    ) -> anyhow::Result<()> {
        if now < self.next_tick() {
            return Ok(());
        }
        batch.commit(store)?;
        if now >= self.next_renew {
            self.renew(now, frontier, politeness)?;
            self.next_renew = now + self.lease / 3;
        }
        if now >= self.next_claim {
            self.release_idle(now, frontier, politeness)?;
            let claimed = self.claim(now, frontier, politeness)?;
            self.shed_surplus(now, frontier, politeness)?;
            // Look again soon while short of the share (hosts free up as other workers
            // finish them); at the renewal pace once the share is held.
            let poll = if self.held.len() < self.share {
                Duration::from_millis(250)
            } else {
                Duration::from_secs(2)
            }
            .min(self.lease / 3);
            self.next_claim = now + if claimed > 0 { Duration::ZERO } else { poll };
            if self.held.is_empty() && claimed == 0 {
                self.finished = super::open_urls(&self.conn, &self.sweep)? == 0;
            }
        }
        Ok(())
    }

    fn renew(
        &mut self,
        now: Instant,
        frontier: &mut Frontier,
        politeness: &Politeness,
    ) -> anyhow::Result<()> {
        let hosts: Vec<String> = self.held.keys().cloned().collect();
        let Carried {
            waits,
            adaptive,
            failures,
            pauses,
        } = Carried::of(&hosts, now, politeness);
        let (sweep, worker, lease) = (self.sweep.clone(), self.worker.clone(), secs(self.lease));
        let sent = Instant::now();
        let hosts_q = hosts.clone();
        let (kept, pending): (Vec<String>, Vec<(String, i64)>) = self.conn.call(move |c| {
            let mut tx = c.transaction()?;
            tx.execute(
                "UPDATE fleet_workers SET seen_at = now() WHERE sweep = $1 AND worker = $2",
                &[&sweep, &worker],
            )?;
            let kept = tx
                .query(
                    "UPDATE fleet_hosts h
                        SET lease_until = now() + make_interval(secs => $3),
                            next_at = GREATEST(h.next_at, now() + make_interval(secs => u.wait)),
                            adaptive_ms = u.adaptive, failures = u.failures, pauses = u.pauses
                       FROM unnest($4::text[], $5::float8[], $6::int8[], $7::int4[], $8::int4[])
                            AS u(host, wait, adaptive, failures, pauses)
                      WHERE h.sweep = $1 AND h.owner = $2 AND h.host = u.host
                  RETURNING h.host",
                    &[
                        &sweep, &worker, &lease, &hosts_q, &waits, &adaptive, &failures, &pauses,
                    ],
                )?
                .iter()
                .map(|r| r.get::<_, String>(0))
                .collect();
            let pending = tx
                .query(
                    "SELECT host, count(*) FROM frontier
                      WHERE sweep = $1 AND host = ANY($2) AND state = 0 GROUP BY host",
                    &[&sweep, &hosts_q],
                )?
                .iter()
                .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1)))
                .collect();
            tx.commit()?;
            Ok((kept, pending))
        })?;
        let valid_until = self.local_validity(sent);
        let kept: std::collections::HashSet<String> = kept.into_iter().collect();
        for h in hosts {
            if kept.contains(&h) {
                if let Some(x) = self.held.get_mut(&h) {
                    x.valid_until = valid_until;
                }
            } else {
                // Lost (this worker was too slow to renew): its queue is another's now.
                self.held.remove(&h);
                frontier.set_pending(&h, 0);
            }
        }
        // Other workers may have queued URLs on these hosts: the store's count is the
        // truth once this worker's batch is committed.
        let pending: HashMap<String, i64> = pending.into_iter().collect();
        for h in self.held.keys() {
            let n = pending.get(h).copied().unwrap_or(0);
            frontier.set_pending(h, usize::try_from(n).unwrap_or(0));
        }
        Ok(())
    }

    /// Gives back hosts with nothing left to fetch and no request in flight, with their
    /// pacing, so the host waits its delay whoever takes it next.
    fn release_idle(
        &mut self,
        now: Instant,
        frontier: &mut Frontier,
        politeness: &Politeness,
    ) -> anyhow::Result<()> {
        let idle: Vec<String> = self
            .held
            .keys()
            .filter(|h| frontier.pending_of(h) == 0 && !politeness.is_busy(h))
            .cloned()
            .collect();
        if idle.is_empty() {
            return Ok(());
        }
        let released: std::collections::HashSet<String> = self
            .release_hosts(&idle, now, politeness, false)?
            .into_iter()
            .collect();
        for h in &released {
            self.held.remove(h);
        }
        // Not released: other workers queued URLs on them since; count them.
        let kept: Vec<String> = idle.into_iter().filter(|h| !released.contains(h)).collect();
        if !kept.is_empty() {
            let (sweep, hosts) = (self.sweep.clone(), kept.clone());
            let counts: HashMap<String, i64> = self.conn.call(move |c| {
                Ok(c.query(
                    "SELECT host, count(*) FROM frontier
                      WHERE sweep = $1 AND host = ANY($2) AND state = 0 GROUP BY host",
                    &[&sweep, &hosts],
                )?
                .iter()
                .map(|r| (r.get::<_, String>(0), r.get::<_, i64>(1)))
                .collect())
            })?;
            for h in kept {
                let n = counts.get(&h).copied().unwrap_or(0);
                frontier.set_pending(&h, usize::try_from(n).unwrap_or(0));
            }
        }
        Ok(())
    }

    /// Releases `hosts` (only those with no URL pending or in flight, unless `force`)
    /// and returns those released.
    fn release_hosts(
        &mut self,
        hosts: &[String],
        now: Instant,
        politeness: &Politeness,
        force: bool,
    ) -> anyhow::Result<Vec<String>> {
        let Carried {
            waits,
            adaptive,
            failures,
            pauses,
        } = Carried::of(hosts, now, politeness);
        let (sweep, worker, hosts) = (self.sweep.clone(), self.worker.clone(), hosts.to_vec());
        self.conn.call(move |c| {
            Ok(c.query(
                "UPDATE fleet_hosts h
                    SET owner = NULL, lease_until = NULL,
                        next_at = GREATEST(h.next_at, now() + make_interval(secs => u.wait)),
                        adaptive_ms = u.adaptive, failures = u.failures, pauses = u.pauses
                   FROM unnest($3::text[], $4::float8[], $5::int8[], $6::int4[], $7::int4[])
                        AS u(host, wait, adaptive, failures, pauses)
                  WHERE h.sweep = $1 AND h.owner = $2 AND h.host = u.host
                    AND ($8 OR NOT EXISTS (SELECT 1 FROM frontier f
                                            WHERE f.sweep = h.sweep AND f.host = h.host AND f.state < 2))
              RETURNING h.host",
                &[
                    &sweep, &worker, &hosts, &waits, &adaptive, &failures, &pauses, &force,
                ],
            )?
            .iter()
            .map(|r| r.get::<_, String>(0))
            .collect())
        })
    }

    /// At the end of this worker's run (done, or stopping): every lease is given back
    /// with its host's pacing, so other workers go on at once. The store's batch must
    /// be committed before.
    pub fn release_all(&mut self, politeness: &Politeness) -> anyhow::Result<()> {
        let hosts: Vec<String> = self.held.keys().cloned().collect();
        if !hosts.is_empty() {
            self.release_hosts(&hosts, Instant::now(), politeness, true)?;
        }
        self.held.clear();
        Ok(())
    }

    /// Gives back hosts beyond this worker's share (more workers joined since it claimed
    /// them), those with no request in flight, so the fleet spreads out.
    fn shed_surplus(
        &mut self,
        now: Instant,
        frontier: &mut Frontier,
        politeness: &Politeness,
    ) -> anyhow::Result<()> {
        let surplus = self.held.len().saturating_sub(self.share);
        if surplus == 0 {
            return Ok(());
        }
        let mut idle: Vec<String> = self
            .held
            .keys()
            .filter(|h| !politeness.is_busy(h))
            .cloned()
            .collect();
        idle.sort();
        idle.truncate(surplus);
        if idle.is_empty() {
            return Ok(());
        }
        for h in self.release_hosts(&idle, now, politeness, true)? {
            self.held.remove(&h);
            frontier.set_pending(&h, 0);
        }
        Ok(())
    }

    /// Claims hosts with work whose lease is free or expired, up to this worker's share:
    /// the hosts with work spread over the live workers, at most its concurrency.
    fn claim(
        &mut self,
        now: Instant,
        frontier: &mut Frontier,
        politeness: &mut Politeness,
    ) -> anyhow::Result<usize> {
        let (sweep, worker, lease) = (self.sweep.clone(), self.worker.clone(), secs(self.lease));
        let held = self.held.len() as i64;
        let concurrency = self.concurrency as i64;
        let sent = Instant::now();
        let (share, claimed): (i64, Vec<Claimed>) = self.conn.call(move |c| {
            // Hosts that entered the frontier since: one index probe per host.
            c.execute(
                "WITH RECURSIVE t(host) AS (
                    (SELECT host FROM frontier WHERE sweep = $1 AND state < 2 ORDER BY host LIMIT 1)
                    UNION ALL
                    SELECT (SELECT f.host FROM frontier f
                             WHERE f.sweep = $1 AND f.state < 2 AND f.host > t.host
                             ORDER BY f.host LIMIT 1)
                      FROM t WHERE t.host IS NOT NULL)
                 INSERT INTO fleet_hosts (sweep, host)
                 SELECT $1, host FROM t WHERE host IS NOT NULL
                 ON CONFLICT DO NOTHING",
                &[&sweep],
            )?;
            let mut tx = c.transaction()?;
            // This worker's share: hosts with work over live workers, rounded up.
            let share = tx.query_one(
                "SELECT
                    (SELECT count(*) FROM fleet_hosts h WHERE h.sweep = $1 AND EXISTS
                        (SELECT 1 FROM frontier f WHERE f.sweep = h.sweep AND f.host = h.host AND f.state < 2)),
                    (SELECT count(*) FROM fleet_workers w WHERE w.sweep = $1 AND w.ended_at IS NULL
                        AND (w.worker = $2 OR w.seen_at > now() - make_interval(secs => $3)))",
                &[&sweep, &worker, &lease],
            )?;
            let (hosts, workers): (i64, i64) = (share.get(0), share.get(1));
            let share = ((hosts + workers.max(1) - 1) / workers.max(1)).clamp(1, concurrency);
            let want = share - held;
            if want <= 0 {
                tx.commit()?;
                return Ok((share, Vec::new()));
            }
            let rows = tx.query(
                "WITH c AS (
                    SELECT h.host, h.owner FROM fleet_hosts h
                     WHERE h.sweep = $1 AND (h.owner IS NULL OR h.lease_until < now())
                       AND EXISTS (SELECT 1 FROM frontier f
                                    WHERE f.sweep = h.sweep AND f.host = h.host AND f.state < 2)
                     ORDER BY h.next_at NULLS FIRST, h.host
                     LIMIT $4
                     FOR UPDATE OF h SKIP LOCKED)
                 UPDATE fleet_hosts h
                    SET owner = $2, lease_until = now() + make_interval(secs => $3), claims = h.claims + 1
                   FROM c
                  WHERE h.sweep = $1 AND h.host = c.host
              RETURNING h.host, c.owner IS NOT NULL,
                        GREATEST(EXTRACT(EPOCH FROM (h.next_at - now()))::float8, 0),
                        h.adaptive_ms, h.failures, h.pauses, h.robots_kind, h.robots_body",
                &[&sweep, &worker, &lease, &want],
            )?;
            let mut out = Vec::new();
            for r in rows {
                let host: String = r.get(0);
                // The URLs a previous holder had in flight go back to the queue.
                tx.execute(
                    "UPDATE frontier SET state = 0 WHERE sweep = $1 AND host = $2 AND state = 1",
                    &[&sweep, &host],
                )?;
                let pending: i64 = tx
                    .query_one(
                        "SELECT count(*) FROM frontier WHERE sweep = $1 AND host = $2 AND state = 0",
                        &[&sweep, &host],
                    )?
                    .get(0);
                let wait: Option<f64> = r.get(2);
                let kind: Option<String> = r.get(6);
                let body: Option<Vec<u8>> = r.get(7);
                out.push(Claimed {
                    host,
                    from_other: r.get(1),
                    carry: Carry {
                        wait: Duration::from_secs_f64(wait.unwrap_or(0.0).clamp(0.0, 86_400.0)),
                        adaptive: Duration::from_millis(r.get::<_, i64>(3).max(0) as u64),
                        failures: r.get::<_, i32>(4).max(0) as u32,
                        pauses: r.get::<_, i32>(5).max(0) as u32,
                    },
                    robots: match (kind.as_deref(), body) {
                        (Some("body"), Some(b)) => Some(RobotsOutcome::Body(b)),
                        (Some("allow_all"), _) => Some(RobotsOutcome::ClientError),
                        _ => None,
                    },
                    pending: usize::try_from(pending).unwrap_or(0),
                });
            }
            tx.commit()?;
            Ok((share, out))
        })?;
        self.share = usize::try_from(share).unwrap_or(1).max(1);
        let valid_until = self.local_validity(sent);
        let n = claimed.len();
        for c in claimed {
            politeness.take_over(&c.host, &c.carry, now);
            if let Some(r) = c.robots {
                politeness.robots_fetched(&c.host, r, now);
            }
            frontier.set_pending(&c.host, c.pending);
            if c.from_other {
                self.taken_over += 1;
            }
            self.held.insert(c.host, Held { valid_until });
        }
        Ok(n)
    }
}

/// A host just claimed, with what the database kept of it.
struct Claimed {
    host: String,
    /// Its lease had been another worker's (expired).
    from_other: bool,
    carry: Carry,
    robots: Option<RobotsOutcome>,
    pending: usize,
}

/// The pacing of some hosts as the columns of `fleet_hosts` take it (one array per
/// column, in the order of the hosts), for `unnest` in a renewal or a release.
struct Carried {
    waits: Vec<f64>,
    adaptive: Vec<i64>,
    failures: Vec<i32>,
    pauses: Vec<i32>,
}

impl Carried {
    fn of(hosts: &[String], now: Instant, politeness: &Politeness) -> Self {
        let carries: Vec<Carry> = hosts.iter().map(|h| politeness.carry(h, now)).collect();
        Carried {
            waits: carries.iter().map(|k| secs(k.wait)).collect(),
            adaptive: carries
                .iter()
                .map(|k| k.adaptive.as_millis() as i64)
                .collect(),
            failures: carries.iter().map(|k| k.failures as i32).collect(),
            pauses: carries.iter().map(|k| k.pauses as i32).collect(),
        }
    }
}
