//! `greysweep check` and configuration errors.
