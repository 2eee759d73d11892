//! Inline-SVG horizontal bar charts: no script, no external resource, every label escaped.

use std::fmt::Write;

use crate::output::html_escape;

/// Most bars drawn; the rest are summed into one "other" bar.
pub const MAX_BARS: usize = 15;

const LABEL_W: u32 = 150;
const BAR_W: u32 = 200;
const ROW_H: u32 = 24;

/// A bar chart of `(label, count)` pairs, in the order given, titled `title` (for screen
/// readers). An empty list draws a "none" note instead.
pub fn bar_chart(title: &str, items: &[(String, usize)], class: &str) -> String {
    if items.is_empty() {
        return "<p class=\"none\">None.</p>\n".to_string();
    }
    let mut bars: Vec<(String, usize)> = items.iter().take(MAX_BARS).cloned().collect();
    if items.len() > MAX_BARS {
        let rest: usize = items[MAX_BARS..].iter().map(|(_, n)| n).sum();
        bars.push((format!("{} others", items.len() - MAX_BARS), rest));
    }
    let max = bars.iter().map(|(_, n)| *n).max().unwrap_or(1).max(1);
    let height = ROW_H * bars.len() as u32 + 4;
    let width = LABEL_W + BAR_W + 50;
    let mut svg = String::new();
    let _ = writeln!(
        svg,
        "<svg class=\"chart {}\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {width} {height}\" \
         width=\"{width}\" height=\"{height}\">",
        html_escape(class),
        html_escape(title)
    );
    for (i, (label, n)) in bars.iter().enumerate() {
        let y = i as u32 * ROW_H + 2;
        let w = ((*n as f64 / max as f64) * f64::from(BAR_W))
            .round()
            .max(1.0) as u32;
        let shown = shorten(label, 22);
        let _ = writeln!(
            svg,
            "<g><title>{}: {n}</title>\
             <text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\
             <rect x=\"{LABEL_W}\" y=\"{}\" width=\"{w}\" height=\"{}\" rx=\"2\"></rect>\
             <text x=\"{}\" y=\"{}\">{n}</text></g>",
            html_escape(label),
            LABEL_W - 8,
            y + 16,
            html_escape(&shown),
            y + 3,
            ROW_H - 6,
            LABEL_W + w + 6,
            y + 16,
        );
    }
    svg.push_str("</svg>\n");
    svg
}

/// At most `max` characters, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max.saturating_sub(1)).collect();
    s.push('…');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_bars_scaled() {
        let svg = bar_chart(
            "by brand",
            &[("<b>x</b>".to_string(), 4), ("y".to_string(), 2)],
            "brand",
        );
        assert!(svg.contains("&lt;b&gt;x&lt;/b&gt;"));
        assert!(!svg.contains("<b>"));
        assert!(svg.contains(&format!("width=\"{BAR_W}\"")));
        assert!(svg.contains(&format!("width=\"{}\"", BAR_W / 2)));
    }

    #[test]
    fn long_lists_are_folded_into_others() {
        let items: Vec<(String, usize)> = (0..20).map(|i| (format!("s{i}"), 1)).collect();
        let svg = bar_chart("t", &items, "c");
        assert_eq!(svg.matches("<rect").count(), MAX_BARS + 1);
        assert!(svg.contains("5 others"));
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
