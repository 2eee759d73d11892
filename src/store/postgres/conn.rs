//! [`PgConn`]: one PostgreSQL connection behind a synchronous bridge that works from any
//! thread, including from inside a tokio runtime.
//!
//! `postgres::Client` (the synchronous façade of tokio-postgres) runs its own small
//! runtime and panics when used on a thread that already drives one; the crawl
//! coordinator is async and calls the store synchronously. So a dedicated OS thread owns
//! the client and runs jobs sent to it, one at a time, in the order sent; [`PgConn::call`]
//! blocks the caller until its job is done. The thread ends when the `PgConn` is dropped.
//!
//! TLS follows the URL's `sslmode`, with libpq's meanings: `disable`, `prefer` (the
//! default: no TLS is offered, since the connection is made without a TLS connector) and
//! unset connect in the clear; `require` encrypts without checking the server's
//! certificate; `verify-full` (and `verify-ca`, checked as strictly) encrypts and checks
//! the certificate and host name against the platform's roots. TLS is rustls with the
//! crypto provider the crate graph already has (aws-lc-rs, through reqwest).
//!
//! Every error names the server as [`redact`] shows it: the URL without its password.

use std::sync::Arc;
use std::sync::mpsc;
use std::thread::JoinHandle;

use anyhow::Context;

/// A job run on the connection's thread.
type Job = Box<dyn FnOnce(&mut postgres::Client) + Send>;

/// One PostgreSQL connection owned by its own thread (see the module doc).
pub struct PgConn {
    /// Sends jobs to the thread; `None` only while dropping.
    jobs: Option<mpsc::Sender<Job>>,
    /// The thread, joined on drop.
    thread: Option<JoinHandle<()>>,
    /// The URL without its password, for messages.
    server: String,
}

impl std::fmt::Debug for PgConn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgConn")
            .field("server", &self.server)
            .finish_non_exhaustive()
    }
}

/// How the connection is encrypted, from the URL's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tls {
    /// `disable`, `prefer`, `allow` or unset: in the clear.
    Off,
    /// `require`: encrypted, certificate not checked (libpq's meaning).
    Encrypt,
    /// `verify-ca` / `verify-full`: encrypted, certificate and host name checked.
    Verify,
}

impl PgConn {
    /// Connects (TLS per sslmode) and starts the connection's thread.
    pub fn connect(url: &str) -> anyhow::Result<PgConn> {
        let server = redact(url);
        let (conninfo, tls) = tls_mode(url).with_context(|| cannot_connect(&server))?;
        let config: postgres::Config = conninfo
            .parse()
            .map_err(anyhow::Error::new)
            .with_context(|| cannot_connect(&server))?;
        let connector = match tls {
            Tls::Off => None,
            Tls::Encrypt | Tls::Verify => {
                Some(rustls_connector(tls).with_context(|| cannot_connect(&server))?)
            }
        };
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(), postgres::Error>>();
        let (jobs, queue) = mpsc::channel::<Job>();
        let thread = std::thread::Builder::new()
            .name("greysweep-postgres".into())
            .spawn(move || {
                let client = match connector {
                    None => config.connect(postgres::NoTls),
                    Some(c) => config.connect(c),
                };
                let mut client = match client {
                    Ok(c) => {
                        let _ = ready_tx.send(Ok(()));
                        c
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e));
                        return;
                    }
                };
                // Ends when every sender is gone (the `PgConn` was dropped).
                while let Ok(job) = queue.recv() {
                    job(&mut client);
                }
            })
            .context("starting the PostgreSQL connection thread")?;
        let ready = ready_rx
            .recv()
            .map_err(|_| anyhow::anyhow!("the connection thread stopped"))
            .and_then(|r| r.map_err(anyhow::Error::new));
        if let Err(e) = ready {
            let _ = thread.join();
            return Err(e.context(cannot_connect(&server)));
        }
        Ok(PgConn {
            jobs: Some(jobs),
            thread: Some(thread),
            server,
        })
    }

    /// Runs `f` on the connection's thread and waits for its result.
    pub fn call<T: Send + 'static>(
        &self,
        f: impl FnOnce(&mut postgres::Client) -> anyhow::Result<T> + Send + 'static,
    ) -> anyhow::Result<T> {
        let (tx, rx) = mpsc::sync_channel(1);
        let job: Job = Box::new(move |client| {
            let _ = tx.send(f(client));
        });
        let gone = || {
            anyhow::anyhow!(
                "the connection to PostgreSQL at {} is gone (its thread stopped)",
                self.server
            )
        };
        self.jobs
            .as_ref()
            .ok_or_else(gone)?
            .send(job)
            .map_err(|_| gone())?;
        match rx.recv() {
            Ok(r) => r.with_context(|| format!("PostgreSQL at {}", self.server)),
            Err(_) => Err(gone()),
        }
    }

    /// The server as messages name it: the URL without its password.
    pub fn server(&self) -> &str {
        &self.server
    }
}

impl Drop for PgConn {
    fn drop(&mut self) {
        // Closing the queue ends the thread's loop; the client closes with it.
        self.jobs = None;
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn cannot_connect(server: &str) -> String {
    format!("cannot connect to PostgreSQL at {server}")
}

/// `url` without its password, whether in the user info (`user:secret@`) or as a
/// `password=` parameter: what messages and logs may show.
pub fn redact(url: &str) -> String {
    let (head, query) = match url.split_once('?') {
        Some((h, q)) => (h, Some(q)),
        None => (url, None),
    };
    let mut out = match head.split_once("://") {
        Some((scheme, rest)) => {
            let (authority, path) = match rest.find('/') {
                Some(i) => rest.split_at(i),
                None => (rest, ""),
            };
            let authority = match authority.rsplit_once('@') {
                Some((userinfo, hosts)) => {
                    let user = userinfo.split_once(':').map_or(userinfo, |(u, _)| u);
                    format!("{user}@{hosts}")
                }
                None => authority.to_string(),
            };
            format!("{scheme}://{authority}{path}")
        }
        None => head.to_string(),
    };
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|kv| !kv.to_ascii_lowercase().starts_with("password="))
            .collect();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
    }
    out
}

/// The URL tokio-postgres is given (its `sslmode` knows `disable`, `prefer` and
/// `require` only: `verify-ca` and `verify-full` become `require`, and the check is done
/// by the TLS connector), and how to encrypt.
fn tls_mode(url: &str) -> anyhow::Result<(String, Tls)> {
    let Some((head, query)) = url.split_once('?') else {
        return Ok((url.to_string(), Tls::Off));
    };
    let mut tls = Tls::Off;
    let mut params = Vec::new();
    for kv in query.split('&') {
        match kv.split_once('=') {
            Some(("sslmode", mode)) => {
                let (mode, t) = match mode {
                    "disable" | "allow" | "prefer" => ("disable", Tls::Off),
                    "require" => ("require", Tls::Encrypt),
                    "verify-ca" | "verify-full" => ("require", Tls::Verify),
                    other => anyhow::bail!(
                        "unknown sslmode {other:?} (disable, prefer, require, verify-ca or verify-full)"
                    ),
                };
                tls = t;
                params.push(format!("sslmode={mode}"));
            }
            _ => params.push(kv.to_string()),
        }
    }
    Ok((format!("{head}?{}", params.join("&")), tls))
}

/// The rustls connector for `tls` (not [`Tls::Off`]).
fn rustls_connector(tls: Tls) -> anyhow::Result<tokio_postgres_rustls::MakeRustlsConnect> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
        .with_safe_default_protocol_versions()
        .context("setting up TLS")?;
    let config = if tls == Tls::Verify {
        let verifier = rustls_platform_verifier::Verifier::new(provider)
            .context("loading the platform's root certificates")?;
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(verifier))
            .with_no_client_auth()
    } else {
        builder
            .dangerous()
            .with_custom_certificate_verifier(Arc::new(EncryptOnly(provider)))
            .with_no_client_auth()
    };
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// `sslmode=require`: the certificate is not checked (libpq's meaning of `require`), but
/// the handshake's signatures are, so the session is encrypted with the key the server
/// presented.
#[derive(Debug)]
struct EncryptOnly(Arc<rustls::crypto::CryptoProvider>);

impl rustls::client::danger::ServerCertVerifier for EncryptOnly {
    fn verify_server_cert(
        &self,
        _end_entity: &rustls::pki_types::CertificateDer<'_>,
        _intermediates: &[rustls::pki_types::CertificateDer<'_>],
        _server_name: &rustls::pki_types::ServerName<'_>,
        _ocsp_response: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        Ok(rustls::client::danger::ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &rustls::pki_types::CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_are_removed_from_what_is_shown() {
        assert_eq!(
            redact("postgres://gs:s3cret@db.example:5432/sweeps?sslmode=require"),
            "postgres://gs@db.example:5432/sweeps?sslmode=require"
        );
        assert_eq!(
            redact("postgresql://db.example/x?password=s3cret&options=-csearch_path%3Da"),
            "postgresql://db.example/x?options=-csearch_path%3Da"
        );
        assert_eq!(redact("postgres://u@h/d"), "postgres://u@h/d");
        assert_eq!(redact("postgres://u:p@h"), "postgres://u@h");
    }

    #[test]
    fn sslmode_decides_tls() {
        let (url, tls) = tls_mode("postgres://h/d?sslmode=verify-full&x=1").expect("mode");
        assert_eq!(
            (url.as_str(), tls),
            ("postgres://h/d?sslmode=require&x=1", Tls::Verify)
        );
        let (_, tls) = tls_mode("postgres://h/d?sslmode=require").expect("mode");
        assert_eq!(tls, Tls::Encrypt);
        let (_, tls) = tls_mode("postgres://h/d").expect("mode");
        assert_eq!(tls, Tls::Off);
        assert!(tls_mode("postgres://h/d?sslmode=always").is_err());
    }

    #[test]
    fn a_server_that_does_not_answer_is_named() {
        // Port 1 on loopback: nothing listens there.
        let err = PgConn::connect("postgres://gs:s3cret@127.0.0.1:1/x?connect_timeout=2")
            .expect_err("nothing listens");
        let msg = format!("{err:#}");
        assert!(
            msg.starts_with("cannot connect to PostgreSQL at postgres://gs@127.0.0.1:1/x"),
            "{msg}"
        );
        assert!(!msg.contains("s3cret"), "{msg}");
    }
}
