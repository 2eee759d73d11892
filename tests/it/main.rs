//! greysweep's integration tests: one binary, one module per capability.
//! Fixture servers listen on 127.0.0.1 port 0; nothing here leaves the machine.

mod harness;
mod pg;

mod auto_cli;
mod cases_relist;
mod cases_review;
mod config_check;
mod crawl;
mod demo;
mod detect_corpus;
mod detect_findings;
mod detect_verb;
mod durable;
mod evidence;
mod evidence_sweep;
mod explain;
mod faults;
mod fidelity;
mod fleet;
mod fuzz_corpus;
mod health;
mod misspelling_probe;
mod properties;
mod readme;
mod real_pages;
mod robustness;
mod secrets;
mod seller_ids;
mod sellers;
mod store_postgres;
