//! Recognising block pages: captcha and access-denied interstitials that arrive with
//! status 200 in place of the page that was asked for.
//!
//! Markers (the built-in [`super::DEFAULT_BLOCK_MARKERS`] plus a profile's
//! `block_markers`) are matched case-insensitively in two places only: the document's
//! `<title>` and its *visible* text (scripts, styles and templates excluded), never in the
//! raw source, so a product page whose scripts mention "captcha" is not a block page.
//! A marker in the title is strong evidence when the page is small (interstitials are)
//! or carries no content; a marker in the body counts only when the page is small and
//! no listing with a title was extracted. A seller literally named "Sign In" is content:
//! "sign in" is not a default marker, and a profile that adds such a marker still needs
//! the page to be small and empty. This module does not decide what to do about a block
//! (politeness backs off); it only says whether and why.

use scraper::{ElementRef, Html, Selector};

use super::rules::element_text;
use super::{DEFAULT_BLOCK_MARKERS, collapse_whitespace};

/// Interstitials are short: above this many characters of visible text a page is content.
const SMALL_PAGE_CHARS: usize = 20_000;

/// `Some(reason)` when the page is a block page.
pub fn blocked(doc: &Html, profile_markers: &[String], has_content: bool) -> Option<String> {
    let markers: Vec<String> = DEFAULT_BLOCK_MARKERS
        .iter()
        .map(|m| m.to_lowercase())
        .chain(profile_markers.iter().map(|m| m.to_lowercase()))
        .collect();
    let title = document_title(doc).to_lowercase();
    let title_hit = markers.iter().find(|m| title.contains(m.as_str()));
    if title_hit.is_none() && has_content {
        // A page with content is only a block page on title evidence.
        return None;
    }
    let visible = collapse_whitespace(&element_text(doc.root_element(), None));
    let small = visible.chars().count() < SMALL_PAGE_CHARS;
    if let Some(m) = title_hit
        && (small || !has_content)
    {
        return Some(format!("title contains {m:?}"));
    }
    if has_content || !small {
        return None;
    }
    let lower = visible.to_lowercase();
    markers
        .iter()
        .find(|m| lower.contains(m.as_str()))
        .map(|m| format!("visible text of a small page without listings contains {m:?}"))
}

/// The text of the first `<title>` outside inline SVG.
fn document_title(doc: &Html) -> String {
    let Ok(sel) = Selector::parse("title") else {
        return String::new();
    };
    doc.select(&sel)
        .find(|t| !in_svg(*t))
        .map(|t| collapse_whitespace(&t.text().collect::<String>()))
        .unwrap_or_default()
}

fn in_svg(el: ElementRef<'_>) -> bool {
    el.ancestors()
        .filter_map(ElementRef::wrap)
        .any(|a| a.value().name() == "svg")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, has_content: bool) -> Option<String> {
        blocked(&Html::parse_document(html), &[], has_content)
    }

    #[test]
    fn interstitial_titles_block() {
        assert!(check("<title>Access Denied</title><h1>Access Denied</h1>", false).is_some());
        assert!(
            check(
                "<title>验证码拦截</title><p>亲，请拖动下方滑块完成验证</p>",
                false
            )
            .is_some()
        );
    }

    #[test]
    fn captcha_inside_scripts_of_a_content_page_does_not_block() {
        let html = "<title>条纹长裤</title><script>var captcha = 'nc';</script><h1>条纹长裤</h1>";
        assert_eq!(check(html, true), None);
        // Not even without listings: scripts are not visible text.
        assert_eq!(check(html, false), None);
    }

    #[test]
    fn a_seller_named_sign_in_is_not_a_block_page() {
        let html = "<title>Sign In - Manufacturer of Sign Boards</title><h1>Sign In</h1>";
        assert_eq!(check(html, true), None);
        let with_marker = blocked(&Html::parse_document(html), &["sign in".into()], true);
        let big = format!(
            "<title>Sign In - Boards</title><h1>Sign In</h1><p>{}</p>",
            "boards ".repeat(5000)
        );
        assert!(
            with_marker.is_some(),
            "a profile marker in a small page's title counts"
        );
        assert_eq!(
            blocked(&Html::parse_document(&big), &["sign in".into()], true),
            None
        );
    }

    #[test]
    fn body_markers_need_a_small_empty_page() {
        assert!(check("<p>Please complete the CAPTCHA</p>", false).is_some());
        assert_eq!(check("<p>Please complete the CAPTCHA</p>", true), None);
    }
}
