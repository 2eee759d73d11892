//! greysweep: a polite, rate-limited crawler that audits B2B supplier directories for
//! grey-market and counterfeit listings.
//!
//! The crate follows the flow of a sweep; each module is one arrow of it:
//!
//! | module | responsibility |
//! | --- | --- |
//! | [`atomic`] | whole-file outputs written to a temporary file and renamed |
//! | [`config`] | sweep file, site profiles and brand registries → one validated [`config::Settings`] |
//! | [`canonical`] | canonical URLs: tracking parameters stripped, parameters sorted |
//! | [`frontier`] | dedupe on canonical URLs, scope, depth and page budgets |
//! | [`politeness`] | robots.txt and the per-host request schedule |
//! | [`pace`] | request spacing per host and the global request budget (governor) |
//! | [`fetch`] | HTTP with caps and manual redirects; raw bytes kept |
//! | [`decode`] | page bytes → text (charset) |
//! | [`extract`] | site profile + page → listings and links (pure) |
//! | [`detect`] | brand registry + listing → findings (pure) |
//! | [`store`] | where a sweep's state and results live: a SQLite file, or PostgreSQL |
//! | [`case`] | case management across sweeps: decisions, allow-list, takedown outcomes |
//! | [`seller`] | seller records, and the join that fills listings from them |
//! | [`health`] | extraction health: figures per site and page kind, compared between sweeps |
//! | [`output`] | CSV, JSON outputs; spreadsheet-safe cells |
//! | [`evidence`] | WARC 1.1 records of every exchange, digests, CDXJ index, reader |
//! | [`manifest`] | `manifest.json`: SHA-256 of every file of a sweep, and its check |
//! | [`report`] | `report.html`: one self-contained page a person reads |
//! | [`takedown`] | `takedown/`: findings batched per platform for complaint forms |
//! | [`crawl`] | the async engine that moves pages through the flow |
//! | [`sweep`] | one sweep: settings → crawl → files in `OUT/<sweep-id>/` |
//! | [`demo`] | the bundled demo directory, served on loopback |
//! | [`progress`] | the one place that writes to the terminal |
//! | [`reaudit`] | extraction and detection re-run offline over a sweep's WARC files |
//! | [`case`] | case management across sweeps: relisted items, seller dossiers, case-file export |
//! | [`cli`] | command-line verbs (clap stays here) |
//! | `fuzz_support` | harnesses shared by the fuzz targets (`fuzz/`) and the corpus replay test |

pub mod atomic;
pub mod canonical;
pub mod case;
pub mod cli;
pub mod config;
pub mod crawl;
pub mod decode;
pub mod demo;
pub mod detect;
pub mod evidence;
pub mod extract;
pub mod fetch;
pub mod fleet;
pub mod frontier;
#[doc(hidden)]
pub mod fuzz_support;
pub mod health;
pub mod manifest;
pub mod output;
pub mod pace;

pub mod politeness;
pub mod progress;
pub mod reaudit;
pub mod report;
pub mod seller;
pub mod store;
pub mod sweep;
pub mod takedown;
pub(crate) mod texts;
