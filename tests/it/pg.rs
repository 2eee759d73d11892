//! PostgreSQL for tests: a fresh schema per test in the server named by
//! `GREYSWEEP_TEST_POSTGRES` (e.g. `postgres://postgres@127.0.0.1:5432/test`), dropped
//! when the test ends. Without the variable the tests that need one print
//! `skipped: GREYSWEEP_TEST_POSTGRES not set` and return.

use std::sync::atomic::{AtomicUsize, Ordering};

use greysweep::store::postgres::PgConn;

/// A schema of its own in the test server, dropped (CASCADE) on drop.
#[derive(Debug)]
pub struct FreshSchema {
    /// The server's URL with `options=-csearch_path%3D<schema>`: a store opened on it
    /// keeps its tables in the schema.
    pub url: String,
    /// The schema's name.
    pub schema: String,
    /// The server's URL as given.
    base: String,
}

/// A fresh schema named `gs_<label>_<pid>_<counter>_<random>`, or `None` (after printing
/// the skip line) when `GREYSWEEP_TEST_POSTGRES` is not set.
pub fn fresh_postgres(label: &str) -> Option<FreshSchema> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let Ok(base) = std::env::var("GREYSWEEP_TEST_POSTGRES") else {
        println!("skipped: GREYSWEEP_TEST_POSTGRES not set");
        return None;
    };
    let label: String = label
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .take(30)
        .collect();
    let random = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or_default()
        ^ std::process::id().rotate_left(16);
    let schema = format!(
        "gs_{label}_{}_{}_{random:08x}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    );
    let sep = if base.contains('?') { '&' } else { '?' };
    let url = format!("{base}{sep}options=-csearch_path%3D{schema}");
    let conn = PgConn::connect(&base).expect("GREYSWEEP_TEST_POSTGRES answers");
    let create = format!("CREATE SCHEMA \"{schema}\"");
    conn.call(move |c| Ok(c.batch_execute(&create)?))
        .expect("create schema");
    Some(FreshSchema { url, schema, base })
}

impl Drop for FreshSchema {
    fn drop(&mut self) {
        let drop = format!("DROP SCHEMA IF EXISTS \"{}\" CASCADE", self.schema);
        if let Ok(conn) = PgConn::connect(&self.base) {
            let _ = conn.call(move |c| Ok(c.batch_execute(&drop)?));
        }
    }
}
