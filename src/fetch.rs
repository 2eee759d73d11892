//! Fetching one URL: one HTTP exchange, no automatic redirects, bodies read in chunks
//! under a byte cap, and addresses checked before any connection.
//!
//! Invariants: reqwest never follows a redirect (the crawl does, hop by hop, so that each
//! hop is scope-, robots- and rate-checked); reqwest never decompresses (the raw bytes
//! are what evidence keeps); a private, loopback or link-local address is refused unless
//! the sweep allows it, both for IP literals and for every address DNS returns. This
//! module does not wait for politeness and does not decide what a status means.

use std::borrow::Cow;
use std::io::Read;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::{Bytes, BytesMut};
use chrono::{DateTime, Utc};
use reqwest::header::{
    ACCEPT, ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, HeaderMap, HeaderValue, USER_AGENT,
};
use thiserror::Error;
use url::Url;

use crate::config::{AddressPolicy, Crawler};
use crate::store::Validators;

/// Why a fetch produced no response.
#[derive(Debug, Error)]
pub enum FetchError {
    /// The request did not complete in time.
    #[error("timed out")]
    Timeout,
    /// The body is larger than the cap.
    #[error("body larger than {limit} bytes")]
    TooLarge {
        /// The cap.
        limit: u64,
    },
    /// The host resolves to an address the sweep does not allow.
    #[error("refused private address {0}")]
    PrivateAddress(IpAddr),
    /// DNS, connect, reset, TLS or protocol failure.
    #[error("network error: {0}")]
    Network(String),
    /// The body could not be decoded per its `Content-Encoding`.
    #[error("bad content encoding: {0}")]
    BadEncoding(String),
}

impl FetchError {
    /// The status word recorded for this error.
    pub fn status(&self) -> &'static str {
        match self {
            FetchError::Timeout => "timeout",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::PrivateAddress(_) => "private_address",
            FetchError::Network(_) => "network_error",
            FetchError::BadEncoding(_) => "bad_encoding",
        }
    }
}

/// One HTTP response as received.
///
/// The bodies are reference-counted [`Bytes`]: cloning a response (to hand it to the
/// analysis pool while the coordinator archives it) copies no page, and `content` shares
/// `body`'s buffer when there was no content coding to undo.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL requested.
    pub url: Url,
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body bytes exactly as received (not decompressed): what evidence keeps and hashes.
    pub body: Bytes,
    /// The body with its `Content-Encoding` undone (gzip, deflate, br), under the same
    /// cap: what is decoded and extracted. The same buffer as `body` when there was no
    /// encoding.
    pub content: Bytes,
    /// The request headers sent (name, value), `Host` included.
    pub request_headers: Vec<(String, String)>,
    /// HTTP version of the response (`HTTP/1.1`, `HTTP/2.0`).
    pub version: String,
    /// The peer address.
    pub remote_addr: Option<SocketAddr>,
    /// When the request was sent.
    pub fetched_at: DateTime<Utc>,
    /// Time from sending to the last body byte.
    pub elapsed: Duration,
}

impl Response {
    /// A header's value as text, if present and visible ASCII.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `Location` of a 3xx response, resolved against the request URL.
    pub fn redirect_target(&self) -> Option<Url> {
        if !(300..400).contains(&self.status) {
            return None;
        }
        let loc = self.header("location")?;
        self.url.join(loc).ok()
    }
}

/// An HTTP client set up for polite crawling.
#[derive(Debug, Clone)]
pub struct Fetcher {
    client: reqwest::Client,
    max_body_bytes: u64,
    policy: AddressPolicy,
    request_headers: Vec<(String, String)>,
}

/// Whether an address is loopback, private, link-local or otherwise not public.
pub fn is_private(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let o = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || (o[0] == 100 && (64..128).contains(&o[1]))
                || o[0] == 0
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_private(IpAddr::V4(v4));
            }
            let s = v6.segments();
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (s[0] & 0xfe00) == 0xfc00
                || (s[0] & 0xffc0) == 0xfe80
        }
    }
}

/// DNS resolution that drops addresses the sweep may not visit.
#[derive(Debug)]
struct GuardedResolver {
    policy: AddressPolicy,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let policy = self.policy.clone();
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| policy.permits(a.ip()))
                .collect();
            if allowed.is_empty() {
                let ip = addrs.first().map(|a| a.ip());
                let msg = match ip {
                    Some(ip) => format!("refused private address {ip}"),
                    None => "no address".to_string(),
                };
                return Err(msg.into());
            }
            let iter: reqwest::dns::Addrs = Box::new(allowed.into_iter());
            Ok(iter)
        })
    }
}

impl Fetcher {
    /// Builds the client from the crawler settings.
    pub fn new(cfg: &Crawler) -> Result<Self, FetchError> {
        let mut headers = HeaderMap::new();
        headers.insert(
            ACCEPT,
            HeaderValue::from_static("text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"),
        );
        headers.insert(
            ACCEPT_ENCODING,
            HeaderValue::from_static("gzip, deflate, br"),
        );
        let ua = HeaderValue::from_str(&cfg.user_agent)
            .map_err(|e| FetchError::Network(e.to_string()))?;
        headers.insert(USER_AGENT, ua);
        let request_headers = headers
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_string(),
                    v.to_str().unwrap_or_default().to_string(),
                )
            })
            .collect();
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .timeout(cfg.timeout)
            .connect_timeout(cfg.connect_timeout)
            .read_timeout(cfg.timeout)
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver {
                policy: cfg.addresses.clone(),
            }))
            .build()
            .map_err(|e| FetchError::Network(format!("{e:#}")))?;
        Ok(Fetcher {
            client,
            max_body_bytes: cfg.max_body_bytes,
            policy: cfg.addresses.clone(),
            request_headers,
        })
    }

    /// GETs `url` and reads at most `cap` body bytes (the configured cap when `None`);
    /// the decoded content is held to the same cap.
    pub async fn get(&self, url: &Url, cap: Option<u64>) -> Result<Response, FetchError> {
        self.fetch(url, cap.unwrap_or(self.max_body_bytes), &[])
            .await
    }

    /// GETs `url` with `If-None-Match` / `If-Modified-Since` from an earlier answer, so
    /// an unchanged page answers 304.
    pub async fn get_conditional(
        &self,
        url: &Url,
        v: Option<&Validators>,
    ) -> Result<Response, FetchError> {
        let mut extra = Vec::new();
        if let Some(v) = v {
            if let Some(etag) = &v.etag {
                extra.push(("if-none-match", etag.as_str()));
            }
            if let Some(lm) = &v.last_modified {
                extra.push(("if-modified-since", lm.as_str()));
            }
        }
        self.fetch(url, self.max_body_bytes, &extra).await
    }

    async fn fetch(
        &self,
        url: &Url,
        cap: u64,
        extra: &[(&'static str, &str)],
    ) -> Result<Response, FetchError> {
        let url = &crate::canonical::without_credentials(url);
        let literal = match url.host() {
            Some(url::Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
            Some(url::Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
            _ => None,
        };
        if let Some(ip) = literal
            && !self.policy.permits(ip)
        {
            return Err(FetchError::PrivateAddress(ip));
        }
        let fetched_at = Utc::now();
        let started = Instant::now();
        let mut req = self.client.get(url.clone());
        for (k, v) in extra {
            req = req.header(*k, *v);
        }
        let mut resp = req.send().await.map_err(classify)?;
        let status = resp.status().as_u16();
        let version = format!("{:?}", resp.version());
        let headers = resp.headers().clone();
        let remote_addr = resp.remote_addr();
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > cap) {
            return Err(FetchError::TooLarge { limit: cap });
        }
        let body = read_body(&mut resp, declared, cap).await?;
        let encoding = headers.get(CONTENT_ENCODING).and_then(|v| v.to_str().ok());
        let content = match decode_content(encoding, &body, cap)? {
            Cow::Borrowed(_) => body.clone(),
            Cow::Owned(decoded) => Bytes::from(decoded),
        };
        let mut request_headers = vec![("host".to_string(), host_header(url))];
        request_headers.extend(self.request_headers.iter().cloned());
        request_headers.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
        Ok(Response {
            url: url.clone(),
            status,
            headers,
            body,
            content,
            request_headers,
            version,
            remote_addr,
            fetched_at,
            elapsed: started.elapsed(),
        })
    }
}

/// Reads the body under `cap`. A body that arrives in one chunk is kept as that chunk (no
/// copy); otherwise the chunks are appended to one buffer sized from `Content-Length`.
async fn read_body(
    resp: &mut reqwest::Response,
    declared: Option<u64>,
    cap: u64,
) -> Result<Bytes, FetchError> {
    let Some(first) = resp.chunk().await.map_err(classify)? else {
        return Ok(Bytes::new());
    };
    if first.len() as u64 > cap {
        return Err(FetchError::TooLarge { limit: cap });
    }
    let Some(second) = resp.chunk().await.map_err(classify)? else {
        return Ok(first);
    };
    let mut body = BytesMut::with_capacity(
        (declared.unwrap_or(0).min(cap) as usize).max(first.len() + second.len()),
    );
    for chunk in [first, second] {
        if body.len() as u64 + chunk.len() as u64 > cap {
            return Err(FetchError::TooLarge { limit: cap });
        }
        body.extend_from_slice(&chunk);
    }
    while let Some(chunk) = resp.chunk().await.map_err(classify)? {
        if body.len() as u64 + chunk.len() as u64 > cap {
            return Err(FetchError::TooLarge { limit: cap });
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body.freeze())
}

fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(p) => format!("{host}:{p}"),
        None => host.to_string(),
    }
}

/// Undoes a `Content-Encoding` (gzip, x-gzip, deflate — zlib or raw —, br; a list is
/// undone right to left) while holding the output to `cap` bytes, so a decompression
/// bomb ends as [`FetchError::TooLarge`] after reading at most `cap + 1` bytes of output.
/// Unknown codings leave the body as it is. A body with nothing to undo (no header,
/// `identity`, an unknown coding) is returned borrowed, not copied.
pub fn decode_content<'a>(
    encoding: Option<&str>,
    raw: &'a [u8],
    cap: u64,
) -> Result<Cow<'a, [u8]>, FetchError> {
    let Some(encoding) = encoding else {
        return Ok(Cow::Borrowed(raw));
    };
    let mut data = Cow::Borrowed(raw);
    for coding in encoding
        .split(',')
        .rev()
        .map(|c| c.trim().to_ascii_lowercase())
    {
        data = match coding.as_str() {
            "gzip" | "x-gzip" => Cow::Owned(read_capped(
                flate2::read::MultiGzDecoder::new(&data[..]),
                cap,
            )?),
            "deflate" => {
                // Servers send zlib-wrapped or raw deflate under this name; try zlib first.
                Cow::Owned(
                    match read_capped(flate2::read::ZlibDecoder::new(&data[..]), cap) {
                        Ok(d) => d,
                        Err(FetchError::BadEncoding(_)) => {
                            read_capped(flate2::read::DeflateDecoder::new(&data[..]), cap)?
                        }
                        Err(e) => return Err(e),
                    },
                )
            }
            "br" => Cow::Owned(read_capped(
                brotli_decompressor::Decompressor::new(&data[..], 8192),
                cap,
            )?),
            "identity" | "" => data,
            _ => return Ok(Cow::Borrowed(raw)),
        };
    }
    Ok(data)
}

fn read_capped(reader: impl Read, cap: u64) -> Result<Vec<u8>, FetchError> {
    let mut out = Vec::new();
    reader
        .take(cap + 1)
        .read_to_end(&mut out)
        .map_err(|e| FetchError::BadEncoding(e.to_string()))?;
    if out.len() as u64 > cap {
        return Err(FetchError::TooLarge { limit: cap });
    }
    Ok(out)
}

fn classify(e: reqwest::Error) -> FetchError {
    if e.is_timeout() {
        return FetchError::Timeout;
    }
    let chain = format!("{:#}", anyhow::Error::new(e));
    if let Some(pos) = chain.find("refused private address ") {
        let rest = &chain[pos + "refused private address ".len()..];
        let ip_text: String = rest
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != ')' && *c != ',')
            .collect();
        if let Ok(ip) = ip_text.parse() {
            return FetchError::PrivateAddress(ip);
        }
    }
    FetchError::Network(chain)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn content_encodings_are_undone_under_the_cap() {
        let text = b"<html>hello</html>".repeat(10);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        gz.write_all(&text).expect("gzip");
        let gz = gz.finish().expect("gzip");
        assert_eq!(
            decode_content(Some("gzip"), &gz, 1 << 20).expect("gunzip"),
            text
        );
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(&text).expect("zlib");
        let z = z.finish().expect("zlib");
        assert_eq!(
            decode_content(Some("deflate"), &z, 1 << 20).expect("inflate"),
            text
        );
        assert!(matches!(
            decode_content(Some("gzip"), &gz, 50),
            Err(FetchError::TooLarge { limit: 50 })
        ));
        assert!(matches!(
            decode_content(Some("gzip"), b"not gzip", 1000),
            Err(FetchError::BadEncoding(_))
        ));
        assert_eq!(
            &*decode_content(Some("zstd"), b"raw", 1000).expect("unknown kept"),
            b"raw"
        );
        assert!(matches!(
            decode_content(None, b"plain", 1000),
            Ok(Cow::Borrowed(b"plain"))
        ));
    }

    #[test]
    fn private_ranges_are_recognised() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.1.1",
            "100.64.0.1",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:10.0.0.1",
            "0.0.0.0",
        ] {
            assert!(is_private(ip.parse().expect("ip")), "{ip}");
        }
        for ip in ["93.184.216.34", "2606:4700::1111", "8.8.8.8"] {
            assert!(!is_private(ip.parse().expect("ip")), "{ip}");
        }
    }
}
