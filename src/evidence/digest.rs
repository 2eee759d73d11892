//! Digests and identifiers of WARC records: `sha1:` + RFC 4648 base32 (what WARC tools
//! write and check), and version-4 UUID record ids from the OS random source.

use aws_lc_rs::digest::{Context, SHA1_FOR_LEGACY_USE_ONLY, digest};

const ALPHABET: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// RFC 4648 base32 (upper case, `=` padding).
pub fn base32(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    for chunk in bytes.chunks(5) {
        let mut buf = [0u8; 5];
        buf[..chunk.len()].copy_from_slice(chunk);
        let bits = buf.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b));
        let symbols = (chunk.len() * 8).div_ceil(5);
        for i in 0..8 {
            if i < symbols {
                let idx = ((bits >> (35 - 5 * i)) & 0x1f) as usize;
                out.push(char::from(ALPHABET[idx]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `sha1:` + base32 of the SHA-1 of `bytes`: the form of `WARC-Block-Digest` and
/// `WARC-Payload-Digest`.
///
/// SHA-1 (and the SHA-256 of page bodies, `crate::crawl`) come from aws-lc-rs, which the
/// TLS stack already links: its assembly runs about twice as fast as a portable Rust
/// implementation on CPUs without SHA extensions, and every page body is hashed three
/// times (see README "Benchmarks").
pub fn sha1_digest(bytes: &[u8]) -> String {
    format!(
        "sha1:{}",
        base32(digest(&SHA1_FOR_LEGACY_USE_ONLY, bytes).as_ref())
    )
}

/// [`sha1_digest`] of the concatenation of `parts`, without concatenating them.
pub fn sha1_digest_of(parts: &[&[u8]]) -> String {
    let mut h = Context::new(&SHA1_FOR_LEGACY_USE_ONLY);
    for p in parts {
        h.update(p);
    }
    format!("sha1:{}", base32(h.finish().as_ref()))
}

/// A fresh `<urn:uuid:…>` record id (UUID version 4).
pub(crate) fn new_record_id() -> std::io::Result<String> {
    let mut b = [0u8; 16];
    getrandom::fill(&mut b).map_err(|e| std::io::Error::other(format!("random source: {e}")))?;
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h = hex::encode(b);
    Ok(format!(
        "<urn:uuid:{}-{}-{}-{}-{}>",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base32_rfc4648_vectors() {
        for (input, want) in [
            ("", ""),
            ("f", "MY======"),
            ("fo", "MZXQ===="),
            ("foo", "MZXW6==="),
            ("foob", "MZXW6YQ="),
            ("fooba", "MZXW6YTB"),
            ("foobar", "MZXW6YTBOI======"),
        ] {
            assert_eq!(base32(input.as_bytes()), want, "{input:?}");
        }
    }

    #[test]
    fn sha1_digest_of_known_text() {
        // SHA-1("abc") = a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d
        assert_eq!(sha1_digest(b"abc"), "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5");
        // 20 bytes → 32 symbols, never padded.
        assert_eq!(sha1_digest(b"").len(), 5 + 32);
        assert_eq!(sha1_digest_of(&[b"a", b"", b"bc"]), sha1_digest(b"abc"));
    }

    #[test]
    fn record_ids_are_v4_and_distinct() {
        let a = new_record_id().unwrap();
        let b = new_record_id().unwrap();
        assert_ne!(a, b);
        assert!(a.starts_with("<urn:uuid:") && a.ends_with('>'));
        let uuid = &a[10..a.len() - 1];
        assert_eq!(uuid.len(), 36);
        assert_eq!(&uuid[14..15], "4");
        assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"));
    }
}
