//! Group commits: many pages' outcomes in one store transaction.
//!
//! A transaction per page made the store the largest item of a sweep's profile (each
//! commit appends and syncs WAL frames). [`GroupCommit`] keeps one transaction open across
//! pages and commits it when it holds `max_pages` pages or has been open for `interval`,
//! whichever comes first, and whenever the crawl stops (end, budget, Ctrl-C/SIGTERM).
//!
//! Invariant: a batch boundary never falls inside a page. Everything one page writes —
//! its record, its listings and seller record, its links, the frontier entries it adds,
//! and the frontier entry it finishes — is written while the batch is open and becomes
//! durable with it, or not at all. A process killed with a batch open loses that batch
//! only: its pages are still pending (or in flight, which resume makes pending) in the
//! committed state, so `--resume` fetches them again and records them once. Their WARC
//! records, written before the batch, stay in the files as extra captures that nothing
//! points at; the refetch writes new records and its listings point at those.
//!
//! It does not decide what a page writes (see [`crate::crawl`]) nor how (see
//! [`super::Store`]); only when a transaction ends.

use std::time::{Duration, Instant};

use super::Store;

/// Pages per transaction at most (the timer usually commits first).
pub const DEFAULT_MAX_PAGES: usize = 256;

/// How long a transaction stays open at most.
pub const DEFAULT_INTERVAL: Duration = Duration::from_millis(200);

/// The open batch of page outcomes and when it is due.
#[derive(Debug)]
pub struct GroupCommit {
    max_pages: usize,
    interval: Duration,
    /// When the open transaction began (`None`: none open).
    opened: Option<Instant>,
    /// Pages completed in the open transaction.
    pages: usize,
}

impl GroupCommit {
    /// A batch policy: commit after `max_pages` pages (at least 1) or `interval`, whichever
    /// first. `interval` zero commits every page, as without batching.
    pub fn new(max_pages: usize, interval: Duration) -> GroupCommit {
        GroupCommit {
            max_pages: max_pages.max(1),
            interval,
            opened: None,
            pages: 0,
        }
    }

    /// Makes sure a transaction is open (writes that are not a page's — taking a URL from
    /// the frontier — join it rather than committing on their own).
    pub fn open(&mut self, store: &mut dyn Store) -> anyhow::Result<()> {
        if self.opened.is_none() {
            store.begin()?;
            self.opened = Some(Instant::now());
            self.pages = 0;
        }
        Ok(())
    }

    /// Counts one page whose writes are complete; commits when the batch is full or due.
    pub fn page_done(&mut self, store: &mut dyn Store) -> anyhow::Result<()> {
        self.pages += 1;
        let due = self.due().is_some_and(|at| at <= Instant::now());
        if self.pages >= self.max_pages || due {
            self.commit(store)?;
        }
        Ok(())
    }

    /// When the open batch must be committed (`None`: no batch open).
    pub fn due(&self) -> Option<Instant> {
        self.opened.map(|at| at + self.interval)
    }

    /// Commits the open batch, if any.
    pub fn commit(&mut self, store: &mut dyn Store) -> anyhow::Result<()> {
        if self.opened.take().is_some() {
            store.commit()?;
            self.pages = 0;
        }
        Ok(())
    }

    /// Pages in the open batch.
    pub fn pending(&self) -> usize {
        self.pages
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{SqliteStore, Store, SweepRow, SweepState};

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

    #[test]
    fn a_batch_commits_when_full_and_not_before() {
        let mut s = store();
        let mut g = GroupCommit::new(3, Duration::from_secs(3600));
        for _ in 0..2 {
            g.open(&mut s).expect("open");
            g.page_done(&mut s).expect("page");
        }
        assert_eq!(g.pending(), 2);
        assert!(g.due().is_some());
        g.open(&mut s).expect("open");
        g.page_done(&mut s).expect("page");
        assert_eq!(g.pending(), 0);
        assert!(g.due().is_none(), "committed");
        g.commit(&mut s).expect("nothing to commit is fine");
    }

    #[test]
    fn interval_zero_commits_every_page() {
        let mut s = store();
        let mut g = GroupCommit::new(100, Duration::ZERO);
        g.open(&mut s).expect("open");
        g.page_done(&mut s).expect("page");
        assert!(g.due().is_none());
    }
}
