//! Decoding page bytes to text: BOM, then the HTTP `Content-Type` charset, then a
//! `<meta>` prescan, then detection (chardetng, with the URL's TLD as a hint).
//!
//! A declaration that the bytes contradict (malformed sequences under it, a clean decode
//! under the detected encoding) loses to detection.
//!
//! Pure: bytes in, text out. Labels are resolved the WHATWG way (`gbk` → GB18030's
//! decoder, `iso-8859-1` → windows-1252), and malformed sequences become U+FFFD, never
//! an error.

use std::borrow::Cow;

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
pub struct Decoded<'a> {
    /// The text: borrowed from the bytes when they are already valid UTF-8 decoded as
    /// UTF-8 (most pages), so the page is not copied.
    pub text: Cow<'a, str>,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Why that encoding.
    pub source: CharsetSource,
}

/// Decodes `bytes` as a page served with `content_type` from `url`.
///
/// Order: a byte-order mark wins; then the `Content-Type` charset; then a `<meta>`
/// declaration anywhere in the page (comments skipped); then detection. A declaration is
/// trusted unless it is contradicted by the bytes: when decoding with the declared
/// encoding produces malformed sequences and the detected encoding decodes the page
/// cleanly, the detected one is used (pages saved by browsers and proxies often keep a
/// stale `<meta charset>`).
pub fn decode_html<'a>(
    bytes: &'a [u8],
    content_type: Option<&str>,
    url: Option<&Url>,
) -> Decoded<'a> {
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text,
            encoding: enc,
            source: CharsetSource::Bom,
        };
    }
    let declared = content_type
        .and_then(charset_from_content_type)
        .map(|e| (e, CharsetSource::Header))
        .or_else(|| meta_prescan(bytes).map(|e| (e, CharsetSource::Meta)));
    if let Some((encoding, source)) = declared {
        // A UTF-16 label in a header or meta of an ASCII-compatible page is a lie (WHATWG).
        let encoding = if encoding == encoding_rs::UTF_16LE || encoding == encoding_rs::UTF_16BE {
            encoding_rs::UTF_8
        } else {
            encoding
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        if !had_errors {
            return Decoded {
                text,
                encoding,
                source,
            };
        }
        let detected = detect(bytes, url);
        if detected != encoding {
            let (alt, alt_errors) = detected.decode_without_bom_handling(bytes);
            if !alt_errors {
                return Decoded {
                    text: alt,
                    encoding: detected,
                    source: CharsetSource::Detected,
                };
            }
        }
        return Decoded {
            text,
            encoding,
            source,
        };
    }
    let encoding = detect(bytes, url);
    let (text, _) = encoding.decode_without_bom_handling(bytes);
    Decoded {
        text,
        encoding,
        source: CharsetSource::Detected,
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
/// browsers put it far from the top), skipping comments. Only `<meta>` counts: the
/// `charset` attribute of `<script>` describes the script, not the page.
fn meta_prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let mut from = 0;
    while from < bytes.len() {
        let lt = from + bytes[from..].iter().position(|&b| b == b'<')?;
        let rest = &bytes[lt..];
        if rest.starts_with(b"<!--") {
            from = find(&rest[4..], b"-->").map_or(bytes.len(), |e| lt + 4 + e + 3);
            continue;
        }
        let is_meta = rest.len() > 5
            && rest[1..5].eq_ignore_ascii_case(b"meta")
            && (rest[5].is_ascii_whitespace() || rest[5] == b'/');
        let end = find(rest, b">").map_or(bytes.len(), |e| lt + e);
        if is_meta && let Some(enc) = charset_in_tag(&bytes[lt..end]) {
            return Some(enc);
        }
        from = if is_meta { end.max(lt + 1) } else { lt + 1 };
    }
    None
}

/// The encoding named by `charset=` in one `<meta …>` tag.
fn charset_in_tag(tag: &[u8]) -> Option<&'static Encoding> {
    let lower: Vec<u8> = tag.iter().map(u8::to_ascii_lowercase).collect();
    let mut at = 0;
    while let Some(cs) = find(&lower[at..], b"charset") {
        let rest = trim_start(&lower[at + cs + 7..]);
        at += cs + 7;
        let Some(rest) = rest.strip_prefix(b"=") else {
            continue;
        };
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
    let (&first, tail) = needle.split_first()?;
    let mut from = 0;
    while let Some(p) = haystack[from..].iter().position(|&b| b == first) {
        let at = from + p;
        if haystack[at + 1..].starts_with(tail) {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

fn detect(bytes: &[u8], url: Option<&Url>) -> &'static Encoding {
    // Valid UTF-8 is what chardetng would answer for it (with UTF-8 detection allowed),
    // and checking it is far cheaper than feeding the detector a large page.
    if std::str::from_utf8(bytes).is_ok() {
        return encoding_rs::UTF_8;
    }
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

    const ZH: &str = "耐克运动鞋正品专卖店，全国包邮，支持七天无理由退货。阿迪达斯三条杠经典款休闲裤，\
        广东揭阳微调十一服装有限公司出品。苏宁易购官方旗舰店，苹果手机全网通。";
    const TW: &str = "耐吉運動鞋正品專賣店，全台灣免運費，支援七天鑑賞期退貨。愛迪達三條線經典款休閒褲，\
        台北市信義區服飾有限公司出品。官方旗艦店，蘋果手機全頻段。";

    fn url(u: &str) -> Url {
        Url::parse(u).expect("valid URL")
    }

    #[test]
    fn gbk_declared_in_header_decodes() {
        let (bytes, _, _) = encoding_rs::GBK.encode("耐克运动鞋");
        let d = decode_html(&bytes, Some("text/html; charset=GBK"), None);
        assert_eq!(d.text, "耐克运动鞋");
        assert_eq!(d.source, CharsetSource::Header);
    }

    #[test]
    fn gbk_declared_in_meta_decodes() {
        let page = format!(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gbk\"></head><body>{ZH}</body></html>"
        );
        let (bytes, _, _) = encoding_rs::GBK.encode(&page);
        let d = decode_html(&bytes, None, None);
        assert_eq!(d.text, page);
        assert_eq!(d.source, CharsetSource::Meta);
        assert_eq!(d.encoding, encoding_rs::GBK);
    }

    #[test]
    fn meta_far_from_the_top_after_script_charsets_is_found() {
        let mut page = String::from("<html><head><!-- <meta charset=\"big5\"> -->");
        page.push_str(&"<script charset=\"utf-8\" src=\"x.js\"></script>".repeat(4000));
        page.push_str("<meta charset=\"gbk\"></head><body>阿迪达斯</body></html>");
        assert!(page.len() > 150_000);
        let (bytes, _, _) = encoding_rs::GBK.encode(&page);
        let d = decode_html(&bytes, None, None);
        assert!(d.text.contains("阿迪达斯"));
        assert_eq!(d.source, CharsetSource::Meta);
    }

    #[test]
    fn undeclared_gbk_is_detected() {
        let page = format!("<html><body><p>{ZH}</p></body></html>");
        let (bytes, _, _) = encoding_rs::GBK.encode(&page);
        let d = decode_html(
            &bytes,
            None,
            Some(&url("https://detail.tmall.com/item.htm")),
        );
        assert_eq!(d.text, page);
        assert_eq!(d.source, CharsetSource::Detected);
        assert_eq!(d.encoding, encoding_rs::GBK);
    }

    #[test]
    fn big5_declared_and_undeclared() {
        let page = format!("<html><head><meta charset=big5></head><body>{TW}</body></html>");
        let (bytes, _, _) = encoding_rs::BIG5.encode(&page);
        let d = decode_html(&bytes, None, None);
        assert_eq!(d.text, page);
        assert_eq!(d.encoding, encoding_rs::BIG5);

        let page = format!("<html><body><p>{TW}</p></body></html>");
        let (bytes, _, _) = encoding_rs::BIG5.encode(&page);
        let d = decode_html(&bytes, None, Some(&url("https://shop.example.com.tw/")));
        assert_eq!(d.text, page);
        assert_eq!(d.encoding, encoding_rs::BIG5);
    }

    #[test]
    fn a_meta_that_lies_loses_to_the_bytes() {
        let page =
            format!("<html><head><meta charset=\"utf-8\"></head><body><p>{ZH}</p></body></html>");
        let (bytes, _, _) = encoding_rs::GBK.encode(&page);
        let d = decode_html(&bytes, None, None);
        assert_eq!(d.text, page);
        assert_eq!(d.encoding, encoding_rs::GBK);
        assert_eq!(d.source, CharsetSource::Detected);
    }

    #[test]
    fn bom_wins_and_utf8_without_declaration_is_detected() {
        let mut bytes = vec![0xEF, 0xBB, 0xBF];
        bytes.extend_from_slice("<meta charset=gbk>ok ✓".as_bytes());
        let d = decode_html(&bytes, Some("text/html; charset=gbk"), None);
        assert_eq!(d.source, CharsetSource::Bom);
        assert!(d.text.ends_with("ok ✓"));

        let d = decode_html("<p>Ünïcödé ₹ 15,000</p>".as_bytes(), None, None);
        assert_eq!(d.encoding, encoding_rs::UTF_8);
        assert_eq!(d.text, "<p>Ünïcödé ₹ 15,000</p>");
    }
}
