//! The report's case-management sections: the review queue and the decisions in force
//! (from `audit.csv`'s `decision` column and `summary.json` `decisions`), and takedown
//! outcomes (from `summary.json` `takedown`). Each is shown only when the summary has its
//! object (a re-audit's has neither). Every value goes through [`html_escape`].

use std::fmt::Write as _;

use serde_json::Value;

use super::audit::Cells;
use super::{MAX_NEW_LISTED, finding_cells};
use crate::output::html_escape;

/// "Review queue": flagged findings without a decision; then "Decisions": what the
/// decisions in force did to this sweep's findings, and the confirmed ones.
pub(super) fn review_sections<R: Cells>(h: &mut String, s: &Value, rows: &[&R]) {
    let Some(d) = s.get("decisions") else {
        return;
    };
    let n = |v: Option<&Value>| v.and_then(Value::as_u64).unwrap_or(0);
    let open: Vec<&&R> = rows.iter().filter(|r| r.decision().is_empty()).collect();
    h.push_str("<section id=\"review\">\n<h2>Review queue</h2>\n");
    let _ = writeln!(
        h,
        "<p class=\"meta\">{} flagged finding{} without a decision ({} reopened: dismissed \
         earlier, but the title or price changed). Record decisions with \
         <code>greysweep review</code>, or fill the <code>decision</code> column of \
         <code>audit.csv</code> and import it with <code>greysweep review --import</code>.</p>",
        open.len(),
        if open.len() == 1 { "" } else { "s" },
        n(d.get("reopened"))
    );
    if open.is_empty() {
        h.push_str("<p class=\"none\">The queue is empty.</p>\n</section>\n");
    } else {
        h.push_str(
            "<div class=\"wide\"><table>\n<thead><tr><th>risk</th><th>brand</th><th>listing</th>\
             <th>seller</th><th>site</th></tr></thead>\n<tbody>\n",
        );
        for r in open.iter().take(MAX_NEW_LISTED) {
            let _ = writeln!(h, "<tr>{}</tr>", finding_cells(r));
        }
        h.push_str("</tbody>\n</table></div>\n");
        if open.len() > MAX_NEW_LISTED {
            let _ = writeln!(
                h,
                "<p class=\"meta\">{} more: filter the table below.</p>",
                open.len() - MAX_NEW_LISTED
            );
        }
        h.push_str("</section>\n");
    }

    let by = d.get("by_decision");
    let count = |k: &str| n(by.and_then(|b| b.get(k)));
    h.push_str("<section id=\"decisions\">\n<h2>Decisions</h2>\n");
    let _ = writeln!(
        h,
        "<table class=\"figures\">\n<thead><tr><th>decision in force</th><th>findings of this sweep</th><th>what it did</th></tr></thead>\n<tbody>\n\
         <tr><td>confirmed</td><td class=\"num\">{}</td><td>flagged, with the decision in <code>audit.csv</code></td></tr>\n\
         <tr><td>dismissed</td><td class=\"num\">{}</td><td>not flagged: the listing's title and price are unchanged</td></tr>\n\
         <tr><td>authorised</td><td class=\"num\">{}</td><td>not flagged: the seller is on the allow-list ({} seller{})</td></tr>\n\
         <tr><td>none (open)</td><td class=\"num\">{}</td><td>in the review queue</td></tr>\n</tbody>\n</table>",
        count("confirmed"),
        count("dismissed"),
        count("authorised"),
        n(d.get("allow_listed_sellers")),
        if n(d.get("allow_listed_sellers")) == 1 {
            ""
        } else {
            "s"
        },
        n(d.get("open"))
    );
    let confirmed: Vec<&&R> = rows.iter().filter(|r| !r.decision().is_empty()).collect();
    if !confirmed.is_empty() {
        h.push_str(
            "<div class=\"wide\"><table>\n<thead><tr><th>risk</th><th>brand</th><th>listing</th>\
             <th>seller</th><th>site</th><th>decision</th><th>decided at</th></tr></thead>\n<tbody>\n",
        );
        for r in confirmed.iter().take(MAX_NEW_LISTED) {
            let _ = writeln!(
                h,
                "<tr>{}<td>{}</td><td>{}</td></tr>",
                finding_cells(r),
                html_escape(r.decision()),
                html_escape(r.decided_at())
            );
        }
        h.push_str("</tbody>\n</table></div>\n");
    }
    h.push_str("</section>\n");
}

fn figure(v: &Value, key: &str) -> String {
    match v.get(key) {
        Some(Value::Number(x)) => x.to_string(),
        _ => "—".to_string(),
    }
}

fn rate(v: &Value) -> String {
    v.get("removal_rate")
        .and_then(Value::as_f64)
        .map_or("—".to_string(), |r| format!("{:.1} %", r * 100.0))
}

/// "Takedown outcomes": per platform and per sent batch, and the batches this sweep wrote.
pub(super) fn takedown_section(h: &mut String, s: &Value) {
    let Some(t) = s.get("takedown") else {
        return;
    };
    h.push_str("<section id=\"takedown\">\n<h2>Takedown outcomes</h2>\n");
    let empty = Vec::new();
    let platforms = t
        .get("platforms")
        .and_then(Value::as_array)
        .unwrap_or(&empty);
    let batches = t.get("batches").and_then(Value::as_array).unwrap_or(&empty);
    if platforms.is_empty() {
        h.push_str(
            "<p class=\"none\">No batch of this sweep name has been recorded as sent \
             (<code>greysweep takedown sent BATCH_ID</code>).</p>\n",
        );
    } else {
        h.push_str(
            "<p class=\"meta\">A sent listing is removed when its page answered 404 or 410, or \
             the page that listed it was read healthily without it; time to removal runs from \
             the sent time to that fetch.</p>\n<div class=\"wide\"><table class=\"figures\">\n\
             <thead><tr><th>platform</th><th>batches</th><th>sent</th><th>removed</th><th>still up</th>\
             <th>unchecked</th><th>removal rate</th><th>median hours to removal</th></tr></thead>\n<tbody>\n",
        );
        for p in platforms {
            let _ = writeln!(
                h,
                "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                html_escape(p.get("site").and_then(Value::as_str).unwrap_or("")),
                figure(p, "batches"),
                figure(p, "sent"),
                figure(p, "removed"),
                figure(p, "still_up"),
                figure(p, "unchecked"),
                rate(p),
                figure(p, "median_hours_to_removal"),
            );
        }
        h.push_str("</tbody>\n</table></div>\n");
        h.push_str(
            "<div class=\"wide\"><table class=\"figures\">\n<thead><tr><th>batch</th><th>sent at</th>\
             <th>sent</th><th>removed</th><th>still up</th><th>unchecked</th><th>removal rate</th>\
             <th>median hours to removal</th></tr></thead>\n<tbody>\n",
        );
        for b in batches {
            let _ = writeln!(
                h,
                "<tr><td><code>{}</code></td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
                html_escape(b.get("batch_id").and_then(Value::as_str).unwrap_or("")),
                html_escape(b.get("sent_at").and_then(Value::as_str).unwrap_or("")),
                figure(b, "sent"),
                figure(b, "removed"),
                figure(b, "still_up"),
                figure(b, "unchecked"),
                rate(b),
                figure(b, "median_hours_to_removal"),
            );
        }
        h.push_str("</tbody>\n</table></div>\n");
    }
    if let Some(written) = t.get("written").and_then(Value::as_array)
        && !written.is_empty()
    {
        h.push_str("<h3>Batches written by this sweep</h3>\n<ul>\n");
        for w in written {
            let _ = writeln!(
                h,
                "<li><code>{}</code>: {} listings in <code>{}</code></li>",
                html_escape(w.get("batch_id").and_then(Value::as_str).unwrap_or("")),
                figure(w, "listings"),
                html_escape(w.get("file").and_then(Value::as_str).unwrap_or(""))
            );
        }
        h.push_str("</ul>\n");
    }
    h.push_str("</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::audit::AuditRow;

    fn row(title: &str, decision: &str) -> AuditRow {
        AuditRow {
            risk: "high".into(),
            risk_score: "80".into(),
            brand: "Acme".into(),
            title: title.into(),
            listing_url: "https://a.example/p/1".into(),
            seller_name: "Wile".into(),
            site: "a<b>".into(),
            decision: decision.into(),
            decided_at: if decision.is_empty() {
                String::new()
            } else {
                "2026-11-02T09:00:00Z".into()
            },
            ..AuditRow::default()
        }
    }

    #[test]
    fn the_sections_show_escaped_rows_and_the_figures() {
        let summary = serde_json::json!({
            "decisions": {"by_decision": {"confirmed": 1, "dismissed": 3, "authorised": 2},
                          "open": 1, "reopened": 1, "allow_listed_sellers": 1},
            "takedown": {
                "written": [{"batch_id": "s-2/a<x>-001", "site": "a", "file": "takedown/a-001.csv", "listings": 2}],
                "platforms": [{"site": "a<b>", "batches": 1, "sent": 7, "removed": 2, "still_up": 5,
                               "unchecked": 0, "removal_rate": 0.286, "median_hours_to_removal": 72.01}],
                "batches": [{"batch_id": "s-1/a-001", "site": "a", "sent_at": "2026-11-27T10:00:00Z", "sent": 7,
                             "removed": 2, "still_up": 5, "unchecked": 0, "removal_rate": 0.286,
                             "median_hours_to_removal": null}]
            }
        });
        let open = row("<script>alert(1)</script> skates", "");
        let confirmed = row("Acme boots", "confirmed");
        let rows = [&open, &confirmed];
        let mut h = String::new();
        review_sections(&mut h, &summary, &rows);
        takedown_section(&mut h, &summary);
        assert!(
            !h.contains("<script>") && h.contains("&lt;script&gt;alert(1)&lt;/script&gt; skates")
        );
        assert!(!h.contains("a<b>") && h.contains("a&lt;b&gt;"));
        let queue = &h[h.find("id=\"review\"").expect("queue")
            ..h.find("id=\"decisions\"").expect("decisions")];
        assert!(queue.contains("1 flagged finding without a decision (1 reopened"));
        assert_eq!(queue.matches("<tr>").count(), 2, "header and the open row");
        let decisions = &h[h.find("id=\"decisions\"").expect("decisions")
            ..h.find("id=\"takedown\"").expect("takedown")];
        assert!(decisions.contains("<td>dismissed</td><td class=\"num\">3</td>"));
        assert!(decisions.contains("allow-list (1 seller)"));
        assert!(decisions.contains("<td>confirmed</td><td>2026-11-02T09:00:00Z</td>"));
        let takedown = &h[h.find("id=\"takedown\"").expect("takedown")..];
        assert!(takedown.contains("28.6 %") && takedown.contains("72.01"));
        assert!(
            takedown.contains("<td class=\"num\">—</td></tr>"),
            "no median: a dash"
        );
        assert!(takedown.contains("s-2/a&lt;x&gt;-001"));

        // A summary without the objects (a re-audit, an older sweep) shows neither.
        let mut none = String::new();
        review_sections(&mut none, &serde_json::json!({}), &rows);
        takedown_section(&mut none, &serde_json::json!({}));
        assert!(none.is_empty());
    }
}
