//! One sweep, from validated settings to the files in `OUT/<sweep-id>/`.
//!
//! This is the library's entry point for running a sweep (`greysweep sweep` and
//! `greysweep demo` both call [`run`]). It opens the state file (taking its lock), starts
//! a new sweep or resumes an unfinished one, runs the crawl with the shutdown signal it is
//! given, then joins the seller records onto the listings ([`crate::seller`]), runs
//! detection over every listing and writes the outputs — also when the
//! crawl was interrupted, so nothing gathered is lost. A resumed sweep keeps its id and
//! folder, and its outputs are rewritten from the whole state, so no row is duplicated.
//!
//! Comparing with the previous complete sweep of the same name, it judges extraction
//! health ([`crate::health`]) and splits the previous findings that are not flagged now
//! into *resolved* (their page was read healthily, or answered 404/410) and *unverified*
//! (everything else): a site that stopped being read never passes for takedowns.

use std::cell::RefCell;
use std::collections::HashSet;
use std::future::Future;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;
use chrono::Utc;

use crate::case::decision::{DecisionFigures, Decisions, Effect};
use crate::case::outcome::{self, BatchItem, BatchRecord, ItemStatus, TakedownFigures};
use crate::config::Settings;
use crate::crawl::CrawlStats;
use crate::detect::{Detector, Finding, Subject};
use crate::evidence::{WarcInfo, WarcWriter};
use crate::frontier::{Frontier, TrapLimits};
use crate::output::{
    Comparison, ListingSource, ListingVisitor, Outputs, PageCounts, Summary, SweepFiles,
    write_listing_files, write_rest,
};
use crate::progress::Progress;
use crate::seller::{SellerIndex, StoredSellers};
use crate::store::{
    FindingKey, ListingRecord, PageRecord, PageStatus, Store, SweepRow, SweepState,
};

/// What a finished sweep left behind.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The sweep id.
    pub sweep_id: String,
    /// Its files.
    pub files: SweepFiles,
    /// Its figures.
    pub summary: Summary,
    /// Whether this run continued an unfinished sweep.
    pub resumed: bool,
}

/// How to start.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Continue the latest unfinished sweep of this name instead of starting a new one.
    pub resume: bool,
}

/// A fresh sweep id: `<name>-<YYYYMMDDTHHMMSSZ>`, suffixed when that id or folder exists.
pub(crate) fn new_sweep_id(settings: &Settings, taken: &HashSet<String>) -> String {
    let base = format!("{}-{}", settings.name, Utc::now().format("%Y%m%dT%H%M%SZ"));
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) || settings.output_dir.join(&id).exists() {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// Runs a sweep and writes its outputs.
pub async fn run(
    settings: Settings,
    options: Options,
    progress: &Progress,
    shutdown: impl Future<Output = ()>,
) -> anyhow::Result<Outcome> {
    // A PostgreSQL state is a fleet's: the sweep runs as one worker with host leases
    // (default worker id and lease), so it never fetches beside other workers unleased.
    if crate::fleet::is_postgres(&settings.state_file) {
        let _ = options;
        return match crate::fleet::run_sweep(
            settings,
            &crate::fleet::FleetOptions::default(),
            progress,
            shutdown,
        )
        .await?
        {
            crate::fleet::FleetEnd::Reported(outcome) => Ok(*outcome),
            crate::fleet::FleetEnd::ReportedBy { sweep_id, worker } => Err(anyhow::anyhow!(
                "fleet sweep {sweep_id} is done; its outputs are written by worker {worker}"
            )),
            crate::fleet::FleetEnd::Left { sweep_id, open } => Err(anyhow::anyhow!(
                "stopped; fleet sweep {sweep_id} goes on with its other workers ({open} URLs \
                 pending or in flight); `greysweep report` writes its outputs once it is done"
            )),
        };
    }
    // A start URL on an address the sweep may not contact would end as a sweep of
    // `private_address` pages: refuse before anything is opened or sent.
    for t in settings.private_targets() {
        if t.start {
            return Err(t.error.into());
        }
        progress.note(&format!("warning: {}", t.error));
    }
    if let Some(e) = settings
        .private_start_names(std::time::Duration::from_secs(5))
        .await
        .into_iter()
        .next()
    {
        return Err(e.into());
    }
    // Opening may wait a moment for the lock of a run that is ending: off the runtime.
    let state_file = settings.state_file.clone();
    let mut store = tokio::task::spawn_blocking(move || crate::store::open(&state_file))
        .await
        .context("opening the state store")??;
    let history = store.sweeps(Some(&settings.name))?;
    let unfinished = history
        .iter()
        .find(|s| matches!(s.state, SweepState::Running | SweepState::Interrupted))
        .cloned();
    let c = &settings.crawler;
    let mut frontier =
        Frontier::new(c.max_depth, c.max_pagination, c.max_url_len).with_limits(TrapLimits {
            max_per_host: c.max_pages_per_host,
            max_query_variants: c.max_query_variants,
        });

    let (sweep_id, resumed, requests_before) = match (&unfinished, options.resume) {
        (Some(u), true) => {
            store.resume_sweep(&u.id)?;
            frontier.load(&store)?;
            let mut before = 0;
            store.for_each_page(&u.id, &mut |p| {
                before += usize::from(p.fetched_at.is_some());
                Ok(())
            })?;
            progress.note(&format!(
                "resuming sweep {} ({} URLs still queued, {before} pages already fetched)",
                u.id,
                frontier.len()
            ));
            (u.id.clone(), true, before)
        }
        (u, resume) => {
            if resume {
                progress.note(&format!(
                    "no unfinished sweep of '{}' to resume: starting a new one",
                    settings.name
                ));
            }
            if let Some(u) = u {
                progress.note(&format!(
                    "warning: the previous run of '{}' ({}) is unfinished; starting a new sweep \
                     (use --resume to continue that one instead)",
                    settings.name, u.id
                ));
                store.set_sweep_state(&u.id, SweepState::Abandoned, None, None)?;
            }
            let taken: HashSet<String> = store.sweeps(None)?.into_iter().map(|s| s.id).collect();
            let id = new_sweep_id(&settings, &taken);
            start_new_sweep(&mut *store, &mut frontier, &settings, &id)?;
            (id, false, 0)
        }
    };
    let previous = history
        .iter()
        .find(|s| s.state == SweepState::Complete && s.id != sweep_id)
        .map(|s| s.id.clone());

    let dir: PathBuf = settings.output_dir.join(&sweep_id);
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let files = SweepFiles::in_dir(&dir);
    let evidence_dir = dir.join("evidence");
    // A run killed mid-record leaves a truncated record at the end of its WARC file.
    for r in crate::evidence::repair_dir(&evidence_dir).context("checking WARC files")? {
        progress.note(&format!(
            "cut the unfinished last record off {} ({} → {} bytes)",
            r.path.display(),
            r.was,
            r.now
        ));
    }
    let run = next_run_number(&evidence_dir, &sweep_id);
    let info = WarcInfo {
        user_agent: Some(settings.crawler.user_agent.clone()),
        ..WarcInfo::new(&sweep_id, warcinfo_settings(&settings, run))
    };
    let mut evidence = WarcWriter::create_with_level(
        &evidence_dir,
        &format!("{sweep_id}-r{run:02}"),
        WARC_ROLL_BYTES,
        &info,
        settings.crawler.warc_compression_level,
    )
    .with_context(|| format!("creating WARC files in {}", evidence_dir.display()))?;
    let settings = Arc::new(settings);
    let job = crate::crawl::Job {
        evidence: &mut evidence,
        settings: settings.clone(),
        store: &mut store,
        frontier: &mut frontier,
        previous: previous.clone(),
        requests_before,
        fleet: None,
    };
    let stats = crate::crawl::run(job, progress, shutdown).await?;
    progress.finish();
    evidence.finish().context("closing WARC files")?;
    let summary = write_outputs(
        &mut store, &settings, &sweep_id, previous, &stats, &dir, progress,
    )?;
    Ok(Outcome {
        sweep_id,
        files,
        summary,
        resumed,
    })
}

/// Everything after the crawl, from the whole state of sweep `sweep_id`: seller records
/// joined onto the listings, detection, the comparison with the `previous` complete sweep
/// of the same name, the output files in `dir`, the report and the manifest; then the
/// sweep's state is set (`interrupted` when `stats` says so, else `complete`). A fleet
/// sweep's report calls it too, with every worker's figures added up.
pub(crate) fn write_outputs(
    store: &mut dyn Store,
    settings: &Settings,
    sweep_id: &str,
    previous: Option<String>,
    stats: &CrawlStats,
    dir: &std::path::Path,
    progress: &Progress,
) -> anyhow::Result<Summary> {
    let files = SweepFiles::in_dir(dir);
    let sweep_id = sweep_id.to_string();
    let dir = dir.to_path_buf();

    // Seller records joined onto the listings, then detection over every listing of the
    // sweep (including those of earlier runs of a resumed sweep), then the comparison
    // with the previous complete sweep. The join runs here, over the whole state, so a
    // seller page fetched after its listings fills them too, and detection sees the
    // seller ids it filled. Listings stream from the store through the join and detection
    // into the files one at a time ([`SweptListings`]); seller records are read from the
    // store as the join needs them ([`StoredSellers`]). Memory grows with the flagged
    // findings and a few hashes per seller, not with the listings.
    let mut detector = Detector::new(settings.registry.clone());
    store.touch_listings(&settings.name, &sweep_id, Utc::now())?;
    // Brands whose registry entry gives no classes learn them from this sweep's listings
    // first: one pass, counting the goods of the listings that name them by a strong name.
    let learned_classes = match detector.class_learner() {
        Some(mut learner) => {
            store.for_each_listing(&sweep_id, &mut |l| {
                learner.read(&detector, &subject_of(&l));
                Ok(())
            })?;
            detector.learn(&learner)
        }
        None => Vec::new(),
    };
    // Pages stream from the store into the health figures; later steps look a page up
    // by URL when a finding needs it. No step holds the sweep's pages.
    let mut figures = crate::health::Figures::default();
    let mut page_counts = PageCounts::default();
    store.for_each_page(&sweep_id, &mut |p| {
        figures.add(&p);
        page_counts.add(&p);
        Ok(())
    })?;
    let health = crate::health::assess_figures(
        &settings.profiles,
        figures.finish(),
        match &previous {
            Some(prev) => Some((prev.as_str(), crate::health::figures_stored(&*store, prev)?)),
            None => None,
        },
    );
    // The analysts' decisions in force: dismissed findings stay quiet, allow-listed
    // sellers are authorised, confirmed ones carry their decision (see `case::decision`).
    let decisions = Decisions::new(store.decision_current()?);
    let mut comparison = Comparison {
        previous: previous.clone(),
        decisions: decisions
            .current()
            .map(|d| (d.key(), (d.decision, d.decided_at)))
            .collect(),
        ..Comparison::default()
    };
    observe_sent(&mut *store, &settings.name, &sweep_id, &health)
        .context("following sent takedown batches")?;
    // Relisting candidates: findings gone between earlier complete sweeps of this name,
    // then those of the previous sweep gone in this one.
    let threshold = settings.relisting.threshold;
    let mut relist_index = crate::case::history::walk(
        &*store,
        &settings.name,
        None,
        &settings.profiles,
        threshold,
        crate::case::history::Walk {
            claims: false,
            lean: true,
        },
        &mut |_, _| Ok(()),
    )?;
    if let Some(prev) = &previous {
        // The previous sweep's findings are read from the store as they are needed (here,
        // and again for `resolved.csv`): only their keys are held.
        store.for_each_finding(prev, &mut |key, _, _| {
            comparison.previous_flagged.insert(key);
            Ok(())
        })?;
        let current = SweepRow {
            id: sweep_id.clone(),
            name: settings.name.clone(),
            state: SweepState::Running,
            started_at: stats.started_at,
            ended_at: None,
            summary: None,
        };
        let mut gone = crate::case::history::removed_in(
            &*store,
            prev,
            &current,
            &|url| store.page(&sweep_id, url),
            &health,
            true,
        )?;
        // Listings a takedown removed (observed just now) are `removed`, not `resolved`.
        crate::case::history::CaseFacts::load(&*store, &settings.name)?.relabel(&mut gone);
        for c in gone {
            relist_index.insert(c);
        }
    }
    comparison.relist = Some(Arc::new(SweepRelist {
        index: relist_index,
    }));
    let source = SweptListings {
        store: &*store,
        sweep_id: &sweep_id,
        name: &settings.name,
        detector: &detector,
        // Seller records stay in the store: the index keeps their keys' hashes.
        sellers: RefCell::new(SellerIndex::over(StoredSellers::new(&*store, &sweep_id))?),
        decisions: &decisions,
        applied: RefCell::new((
            DecisionFigures::new(decisions.allow_list().len()),
            HashSet::new(),
        )),
    };
    let tally = write_listing_files(&files, &sweep_id, &source, &comparison)?;
    let (decision_figures, suppressed) = source.applied.replace(Default::default());

    let mut resolved = Vec::new();
    let mut unverified = Vec::new();
    if let Some(prev) = &previous {
        let now: HashSet<&FindingKey> = tally.flagged.iter().map(|(k, _)| k).collect();
        crate::case::history::for_each_joined(
            &*store,
            prev,
            false,
            &mut |key, mut rec, brand, _| {
                // Flagged now, or kept quiet by a decision (dismissed, allow-listed): not gone.
                if now.contains(&key) || suppressed.contains(&key) {
                    return Ok(());
                }
                let verified = store
                    .page(&sweep_id, rec.page_url.as_str())?
                    .is_some_and(|p| looked_again(&p, &health));
                rec.findings = assess(&detector, &rec);
                let finding = rec
                    .findings
                    .iter()
                    .find(|f| f.brand.eq_ignore_ascii_case(&brand))
                    .cloned()
                    .unwrap_or_else(|| Finding {
                        matched_name: brand.clone(),
                        field: "title",
                        brand: brand.clone(),
                        matched_text: String::new(),
                        match_kind: crate::detect::MatchKind::Exact,
                        category: crate::detect::Category::UnauthorisedBrandUse,
                        risk: 0,
                        signals: vec!["no longer matched by the current registry".into()],
                        flagged: false,
                        listing_classes: Vec::new(),
                        goods_words: Vec::new(),
                        brand_classes: Vec::new(),
                    });
                if verified {
                    resolved.push((rec, finding));
                } else {
                    unverified.push((rec, finding));
                }
                Ok(())
            },
        )?;
    }
    for w in &health.warnings {
        progress.health(w);
    }
    let seller_listings = source.sellers.borrow().counts().clone();
    drop(source);
    store.record_findings(&sweep_id, &tally.flagged)?;
    // Takedown batches from the audit, recorded with their listings; then the figures of
    // the batches sent earlier (their listings were followed above, by `observe_sent`).
    let takedown = takedown_outcomes(&mut *store, &settings.name, &sweep_id, &dir, progress)
        .context("writing takedown batches")?;
    // Seller dossiers across every sweep of the state, this one included, for the report.
    // Built and written without holding them all (see `write_built`).
    crate::case::dossier::write_built(
        &dir.join(crate::case::dossier::DOSSIERS_FILE),
        &*store,
        &settings.profiles,
        threshold,
        Some((&settings.name, &sweep_id)),
    )?;

    let summary = write_rest(
        &files,
        &Outputs {
            sweep_id: &sweep_id,
            name: &settings.name,
            pages: &page_counts,
            listings: &Vec::new(),
            sellers: &StoredSellers::new(&*store, &sweep_id),
            seller_listings: &seller_listings,
            seller_extras: &crate::seller::extras_of(&settings.profiles),
            comparison: &comparison,
            resolved: &resolved,
            unverified: &unverified,
            health: &health,
            stats,
            decisions: Some(&decision_figures),
            takedown: Some(&takedown),
            learned_classes: &learned_classes,
        },
        tally,
    )?;
    crate::report::write_report(&dir).context("writing report.html")?;
    // Last: the manifest hashes every other file of the folder.
    crate::manifest::write_manifest_with_digests(
        &dir,
        &settings.config_digests,
        stats.started_at,
        stats.ended_at,
        env!("CARGO_PKG_VERSION"),
    )
    .context("writing manifest.json")?;
    let state = if stats.interrupted {
        SweepState::Interrupted
    } else {
        SweepState::Complete
    };
    store.set_sweep_state(
        &sweep_id,
        state,
        Some(stats.ended_at),
        Some(&serde_json::to_string(&summary)?),
    )?;
    Ok(summary)
}

/// Records a new sweep `id` as running and offers every profile's start URLs to its
/// frontier, in one transaction (the single-process sweep and the fleet's first worker).
pub(crate) fn start_new_sweep(
    store: &mut dyn Store,
    frontier: &mut Frontier,
    settings: &Settings,
    id: &str,
) -> anyhow::Result<()> {
    store.start_sweep(&SweepRow {
        id: id.to_string(),
        name: settings.name.clone(),
        state: SweepState::Running,
        started_at: Utc::now(),
        ended_at: None,
        summary: None,
    })?;
    store.begin()?;
    for profile in &settings.profiles {
        for url in &profile.start_urls {
            // Duplicates among start URLs are harmless; anything else was validated.
            let _ = frontier.offer_start(store, &settings.profiles, url)?;
        }
    }
    store.commit()
}

/// WARC files roll over at 1 GB, the customary size.
pub const WARC_ROLL_BYTES: u64 = 1_000_000_000;

/// Each run of a sweep (the first, and each resume) writes its own WARC files:
/// `<sweep-id>-r01-00000.warc.gz`, `<sweep-id>-r02-…`.
fn next_run_number(evidence_dir: &std::path::Path, sweep_id: &str) -> u32 {
    let prefix = format!("{sweep_id}-r");
    let runs = std::fs::read_dir(evidence_dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .filter_map(|e| e.file_name().into_string().ok())
                .filter_map(|n| {
                    n.strip_prefix(&prefix)
                        .and_then(|r| r.get(..2))
                        .and_then(|r| r.parse::<u32>().ok())
                })
                .max()
                .unwrap_or(0)
        })
        .unwrap_or(0);
    runs + 1
}

/// The sweep settings recorded in every `warcinfo` record.
pub(crate) fn warcinfo_settings(s: &Settings, run: u32) -> serde_json::Value {
    let c = &s.crawler;
    serde_json::json!({
        "name": s.name,
        "run": run,
        "sweep_file": s.sweep_file,
        "profiles": s.profile_files,
        "brand_registries": s.brand_files,
        "user_agent": c.user_agent,
        "min_delay_secs": c.min_delay.as_secs_f64(),
        "max_requests_per_sec": c.max_requests_per_sec,
        "concurrency": c.concurrency,
        "max_pages": c.max_pages,
        "max_depth": c.max_depth,
        "timeout_secs": c.timeout.as_secs_f64(),
        "max_body_bytes": c.max_body_bytes,
        "robots": "obey",
        "crawl_delay": if c.obey_crawl_delay { "obey" } else { "ignored" },
    })
}

/// The relisting lookup of a sweep: the index of earlier removed findings (a listing's
/// seller contacts come with its join).
#[derive(Debug)]
struct SweepRelist {
    index: crate::case::relist::RelistIndex,
}

impl crate::output::RelistLookup for SweepRelist {
    fn relisted(&self, rec: &ListingRecord, brand: &str) -> Option<crate::case::relist::Relisted> {
        let contacts = crate::case::history::listing_contacts(rec);
        self.index
            .find(rec, brand, &contacts)
            .map(|m| crate::case::relist::Relisted::of(&m, &self.index))
    }
}

/// Whether this sweep looked at a previous finding's page again and could read it: the
/// page was fetched and extracted (`ok`, or `not_modified`) by a page kind without a
/// health warning, or it answered 404 or 410 (taken down). Only then is a finding that is
/// gone *resolved*; otherwise — not revisited, blocked, `empty`, any other failure, or a
/// page kind that broke — it is *unverified*.
fn looked_again(page: &PageRecord, health: &crate::health::Health) -> bool {
    match page.status {
        PageStatus::Ok | PageStatus::NotModified => {
            let kind = page.figures.as_ref().and_then(|f| f.page_kind.as_deref());
            !health.failed(&page.site, kind)
        }
        PageStatus::HttpError => matches!(page.http_status, Some(404 | 410)),
        _ => false,
    }
}

/// Writes the sweep's takedown batch files and records them (with their listings) in the
/// state, then returns the figures for `summary.json`: the batches written, and per
/// platform and batch the outcomes of the listings of batches of sweep name `name` sent
/// before.
fn takedown_outcomes(
    store: &mut dyn Store,
    name: &str,
    sweep_id: &str,
    dir: &std::path::Path,
    progress: &Progress,
) -> anyhow::Result<TakedownFigures> {
    let now = Utc::now();
    let mut written = Vec::new();
    // Each batch is recorded as soon as its file is written, then dropped.
    crate::takedown::each_batch(dir, &mut |b| {
        let mut items = Vec::new();
        for e in &b.entries {
            let r = &e.row;
            let key = outcome::listing_key_candidates(
                &r.site,
                &r.product_id,
                &r.listing_url,
                &r.page_url,
                &r.title,
            )
            .into_iter()
            .find_map(|k| match store.takedown_listing_seen(sweep_id, &k) {
                Ok(Some(_)) => Some(Ok(k)),
                Ok(None) => None,
                Err(e) => Some(Err(e)),
            })
            .transpose()?;
            let Some(key) = key else {
                // Not expected (every audit row comes from a stored listing); said, never
                // silently dropped.
                progress.note(&format!(
                    "warning: takedown batch {}: no listing of this sweep matches {}; its outcome will not be followed",
                    crate::output::terminal_safe(&b.id),
                    crate::output::terminal_safe(&r.listing_url)
                ));
                continue;
            };
            items.push(BatchItem {
                batch: b.id.clone(),
                listing: key,
                site: r.site.clone(),
                listing_url: r.listing_url.trim().to_string(),
                page_url: r.page_url.clone(),
                brands: e.brands.join("; "),
                status: ItemStatus::Unchecked,
                checked_sweep: None,
                checked_at: None,
                removed_at: None,
                removed_how: None,
            });
        }
        store.takedown_record_batch(
            &BatchRecord {
                id: b.id.clone(),
                sweep: sweep_id.to_string(),
                site: b.site.clone(),
                file: b.file.clone(),
                created_at: now,
                listings: items.len(),
                sent_at: None,
                sent_by: None,
                note: None,
            },
            &items,
        )?;
        written.push(outcome::WrittenBatch {
            batch_id: b.id.clone(),
            site: b.site.clone(),
            file: b.file.clone(),
            listings: b.entries.len(),
        });
        Ok(())
    })?;
    written.sort_by(|a, b| a.file.cmp(&b.file));

    let mut all = Vec::new();
    for b in store.takedown_batches(Some(name))? {
        if b.sent_at.is_some() {
            let items = store.takedown_items(&b.id)?;
            all.push((b, items));
        }
    }
    let (platforms, batches) = outcome::figures(&all);
    Ok(TakedownFigures {
        written,
        platforms,
        batches,
    })
}

/// What this sweep saw of the listings of takedown batches sent earlier (see
/// [`outcome::observe`]): each is marked `removed` or `still_up` in the state. Runs before
/// the outputs are written, so relisting already knows the listings removed now.
fn observe_sent(
    store: &mut dyn Store,
    name: &str,
    sweep_id: &str,
    health: &crate::health::Health,
) -> anyhow::Result<()> {
    let sent: Vec<BatchRecord> = store
        .takedown_batches(Some(name))?
        .into_iter()
        .filter(|b| b.sent_at.is_some())
        .collect();
    let mut updates = Vec::new();
    {
        let obs = SweepObservation {
            store,
            sweep_id,
            health,
        };
        for b in sent {
            let mut items = store.takedown_items(&b.id)?;
            if b.sweep != sweep_id
                && let Some(at) = b.sent_at
            {
                for i in &mut items {
                    if outcome::observe(i, at, &obs)? {
                        updates.push(i.clone());
                    }
                }
            }
        }
    }
    if !updates.is_empty() {
        store.begin()?;
        for i in &updates {
            store.takedown_update_item(i)?;
        }
        store.commit()?;
    }
    Ok(())
}

/// What a sweep saw, for takedown outcomes.
struct SweepObservation<'a> {
    store: &'a dyn Store,
    sweep_id: &'a str,
    health: &'a crate::health::Health,
}

impl outcome::Observation for SweepObservation<'_> {
    fn sweep_id(&self) -> &str {
        self.sweep_id
    }

    fn seen(&self, listing: &str) -> anyhow::Result<Option<chrono::DateTime<Utc>>> {
        // A listing carried over from a page answered 304 keeps the earlier fetch time:
        // this sweep's fetch of its page is when it was seen.
        let Some((at, page)) = self.store.takedown_listing_seen(self.sweep_id, listing)? else {
            return Ok(None);
        };
        let fetched = self
            .store
            .page(self.sweep_id, page.as_str())?
            .and_then(|p| p.fetched_at);
        Ok(Some(fetched.map_or(at, |p| p.max(at))))
    }

    fn page(&self, url: &str) -> anyhow::Result<Option<PageRecord>> {
        if let Some(p) = self.store.page(self.sweep_id, url.trim())? {
            return Ok(Some(p));
        }
        match url::Url::parse(url.trim()) {
            Ok(u) => {
                let canonical = crate::canonical::canonicalize(&u);
                self.store.page(self.sweep_id, canonical.as_str())
            }
            Err(_) => Ok(None),
        }
    }

    fn healthy(&self, page: &PageRecord) -> bool {
        looked_again(page, self.health)
    }
}

/// A sweep's listings as its outputs read them: streamed from the store, each joined with
/// its seller record, assessed and judged by the decisions in force as it passes, with its
/// first-seen time when flagged.
struct SweptListings<'a> {
    store: &'a dyn Store,
    sweep_id: &'a str,
    name: &'a str,
    detector: &'a Detector,
    sellers: RefCell<SellerIndex<StoredSellers<'a>>>,
    decisions: &'a Decisions,
    /// What the decisions did, and the findings they kept from being flagged.
    applied: RefCell<(DecisionFigures, HashSet<FindingKey>)>,
}

impl ListingSource for SweptListings<'_> {
    fn each(&self, f: &mut ListingVisitor<'_>) -> anyhow::Result<()> {
        self.store.for_each_listing(self.sweep_id, &mut |mut l| {
            self.sellers.borrow_mut().join(&mut l)?;
            l.findings = assess(self.detector, &l);
            {
                let mut applied = self.applied.borrow_mut();
                for (key, effect) in self.decisions.apply(&mut l) {
                    applied.0.add(&effect);
                    if matches!(effect, Effect::Dismissed | Effect::Authorised) {
                        applied.1.insert(key);
                    }
                }
            }
            let first = if l.findings.iter().any(|f| f.flagged) {
                self.store.first_seen(self.name, &l.key())?
            } else {
                None
            };
            f(&l, first)
        })
    }
}

/// Runs detection over one listing's text.
pub(crate) fn assess(detector: &Detector, l: &ListingRecord) -> Vec<Finding> {
    detector.assess(&subject_of(l))
}

/// The text of one listing that detection reads.
pub(crate) fn subject_of(l: &ListingRecord) -> Subject<'_> {
    let x = &l.listing;
    Subject {
        title: x.title.as_deref().unwrap_or(""),
        category: None,
        description: x.description.as_deref(),
        seller_name: x.seller_name.as_deref(),
        seller_url: x.seller_url.as_deref(),
        price: x.price.as_deref(),
        seller_id: x.seller_id.as_deref(),
    }
}

/// Resolves on Ctrl-C or SIGTERM.
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        let mut term =
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(s) => s,
                Err(_) => {
                    let _ = tokio::signal::ctrl_c().await;
                    return;
                }
            };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
