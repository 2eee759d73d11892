//! Decoding page bytes to text: BOM, then the HTTP `Content-Type` charset, then a
//! `<meta>` prescan, then detection (chardetng, with the URL's TLD as a hint).
//!
//! Pure: bytes in, text out. Labels are resolved the WHATWG way (`gbk` → GB18030's
//! decoder, `iso-8859-1` → windows-1252), and malformed sequences become U+FFFD, never
//! an error.

use encoding_rs::Encoding;
use url::Url;

/// Where the encoding decision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharsetSource {
    /// A byte-order mark.
    Bom,
    /// The HTTP `Content-Type` header.
    Header,
    /// A `<meta charset>` or `<meta http-equiv>` in the page.
    Meta,
    /// Statistical detection.
    Detected,
}

/// A decoded page.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Why that encoding.
    pub source: CharsetSource,
}

/// Decodes `bytes` as a page served with `content_type` from `url`.
pub fn decode_html(bytes: &[u8], content_type: Option<&str>, url: Option<&Url>) -> Decoded {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: enc,
            source: CharsetSource::Bom,
        };
    }
    let (encoding, source) = content_type
        .and_then(charset_from_content_type)
        .map(|e| (e, CharsetSource::Header))
        .or_else(|| meta_prescan(bytes).map(|e| (e, CharsetSource::Meta)))
        .unwrap_or_else(|| (detect(bytes, url), CharsetSource::Detected));
    // A UTF-16 label in a header or meta of an ASCII-compatible page is a lie (WHATWG).
    let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
        encoding_rs::UTF_8
    } else {
        encoding
    };
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text: text.into_owned(),
        encoding,
        source,
    }
}

fn charset_from_content_type(ct: &str) -> Option<&'static Encoding> {
    ct.split(';').skip(1).find_map(|param| {
        let (k, v) = param.split_once('=')?;
        if k.trim().eq_ignore_ascii_case("charset") {
            Encoding::for_label(v.trim().trim_matches(['"', '\'']).as_bytes())
        } else {
            None
        }
    })
}

/// Looks for a charset declaration in `<meta>` tags anywhere in the page (pages saved by
/// browsers put it far from the top).
fn meta_prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
    let mut from = 0;
    while let Some(pos) = find(&lower[from..], b"<meta") {
        let start = from + pos;
        let end = find(&lower[start..], b">").map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        if let Some(cs) = find(tag, b"charset") {
            let rest = &tag[cs + 7..];
            let rest = trim_start(rest);
            if let Some(rest) = rest.strip_prefix(b"=") {
                let rest = trim_start(rest);
                let rest = rest
                    .strip_prefix(b"\"")
                    .or_else(|| rest.strip_prefix(b"'"))
                    .unwrap_or(rest);
                let label_end = rest
                    .iter()
                    .position(|b| matches!(b, b'"' | b'\'' | b';' | b' ' | b'/' | b'>'))
                    .unwrap_or(rest.len());
                if let Some(enc) = Encoding::for_label(&rest[..label_end]) {
                    return Some(enc);
                }
            }
        }
        from = end.max(start + 5);
    }
    None
}

fn trim_start(mut s: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = s {
        if first.is_ascii_whitespace() {
            s = rest;
        } else {
            break;
        }
    }
    s
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn detect(bytes: &[u8], url: Option<&Url>) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let tld = url
        .and_then(|u| u.host_str().map(str::to_string))
        .and_then(|h| h.rsplit('.').next().map(|t| t.as_bytes().to_vec()));
    det.guess(tld.as_deref(), chardetng::Utf8Detection::Allow)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gbk_declared_in_header_decodes() {
        let (bytes, _, _) = encoding_rs::GBK.encode("耐克运动鞋");
        let d = decode_html(&bytes, Some("text/html; charset=GBK"), None);
        assert_eq!(d.text, "耐克运动鞋");
        assert_eq!(d.source, CharsetSource::Header);
    }

    #[test]
    fn meta_far_from_the_top_is_found() {
        let mut page = String::from("<html><head>");
        page.push_str(&"<script charset=\"utf-8\" src=\"x.js\"></script>".repeat(2000));
        page.push_str("<meta charset=\"gbk\"></head><body>阿迪达斯</body></html>");
        let (bytes, _, _) = encoding_rs::GBK.encode(&page);
        let d = decode_html(&bytes, None, None);
        assert!(d.text.contains("阿迪达斯"));
    }
}
