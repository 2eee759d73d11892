//! Fetching one URL: one HTTP exchange, no automatic redirects, bodies read in chunks
//! under a byte cap, and addresses checked before any connection.
//!
//! Invariants: reqwest never follows a redirect (the crawl does, hop by hop, so that each
//! hop is scope-, robots- and rate-checked); reqwest never decompresses (the raw bytes
//! are what evidence keeps); a private, loopback or link-local address is refused unless
//! the sweep allows it, both for IP literals and for every address DNS returns. This
//! module does not wait for politeness and does not decide what a status means.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use reqwest::header::{
    ACCEPT, ACCEPT_ENCODING, CONTENT_LENGTH, HeaderMap, HeaderValue, USER_AGENT,
};
use thiserror::Error;
use url::Url;

use crate::config::Crawler;

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
}

impl FetchError {
    /// The status word recorded for this error.
    pub fn status(&self) -> &'static str {
        match self {
            FetchError::Timeout => "timeout",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::PrivateAddress(_) => "private_address",
            FetchError::Network(_) => "network_error",
        }
    }
}

/// One HTTP response as received.
#[derive(Debug, Clone)]
pub struct Response {
    /// The URL requested.
    pub url: Url,
    /// HTTP status code.
    pub status: u16,
    /// Response headers.
    pub headers: HeaderMap,
    /// Body bytes exactly as received (not decompressed).
    pub body: Vec<u8>,
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
    allow_private: bool,
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
    allow_private: bool,
}

impl reqwest::dns::Resolve for GuardedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_string();
        Box::pin(async move {
            let addrs: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            let allowed: Vec<SocketAddr> = addrs
                .iter()
                .copied()
                .filter(|a| allow_private || !is_private(a.ip()))
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
        headers.insert(ACCEPT_ENCODING, HeaderValue::from_static("identity"));
        let ua = HeaderValue::from_str(&cfg.user_agent)
            .map_err(|e| FetchError::Network(e.to_string()))?;
        headers.insert(USER_AGENT, ua);
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .default_headers(headers)
            .timeout(cfg.timeout)
            .connect_timeout(cfg.connect_timeout)
            .read_timeout(cfg.timeout)
            .no_proxy()
            .dns_resolver(Arc::new(GuardedResolver {
                allow_private: cfg.allow_private_addresses,
            }))
            .build()
            .map_err(|e| FetchError::Network(format!("{e:#}")))?;
        Ok(Fetcher {
            client,
            max_body_bytes: cfg.max_body_bytes,
            allow_private: cfg.allow_private_addresses,
        })
    }

    /// GETs `url` and reads at most `cap` body bytes (the configured cap when `None`).
    pub async fn get(&self, url: &Url, cap: Option<u64>) -> Result<Response, FetchError> {
        let cap = cap.unwrap_or(self.max_body_bytes);
        if let Some(url::Host::Ipv4(_) | url::Host::Ipv6(_)) = url.host() {
            let ip: Option<IpAddr> = match url.host() {
                Some(url::Host::Ipv4(v4)) => Some(IpAddr::V4(v4)),
                Some(url::Host::Ipv6(v6)) => Some(IpAddr::V6(v6)),
                _ => None,
            };
            if let Some(ip) = ip
                && !self.allow_private
                && is_private(ip)
            {
                return Err(FetchError::PrivateAddress(ip));
            }
        }
        let fetched_at = Utc::now();
        let started = Instant::now();
        let mut resp = self
            .client
            .get(url.clone())
            .send()
            .await
            .map_err(classify)?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let remote_addr = resp.remote_addr();
        let declared = headers
            .get(CONTENT_LENGTH)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > cap) {
            return Err(FetchError::TooLarge { limit: cap });
        }
        let mut body = Vec::with_capacity(declared.unwrap_or(0).min(cap) as usize);
        while let Some(chunk) = resp.chunk().await.map_err(classify)? {
            if body.len() as u64 + chunk.len() as u64 > cap {
                return Err(FetchError::TooLarge { limit: cap });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Response {
            url: url.clone(),
            status,
            headers,
            body,
            remote_addr,
            fetched_at,
            elapsed: started.elapsed(),
        })
    }
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
