//! The one place that writes human messages to the terminal (stderr).
//!
//! Data never goes through here: it goes to files. Text that came from the network is
//! escaped with [`crate::output::terminal_safe`] before it reaches a terminal.

/// An informational line.
pub fn info(msg: &str) {
    eprintln!("{msg}");
}

/// A warning line.
pub fn warn(msg: &str) {
    eprintln!("warning: {msg}");
}

/// An error line.
pub fn error(msg: &str) {
    eprintln!("error: {msg}");
}
