//! greysweep's integration tests: one binary, one module per capability.
//! Fixture servers listen on 127.0.0.1 port 0; nothing here leaves the machine.

mod config_check;
mod detect_corpus;
mod explain;
