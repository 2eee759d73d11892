//! Placeholder until the PostgreSQL store lands (branch `pg`).
mod conn;
pub use conn::PgConn;
