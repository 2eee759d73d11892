//! The report's case sections: seller dossiers across every sweep of the state (from
//! `dossiers.json`, see [`crate::case::dossier`]) and the findings reported as relisted
//! (from `audit.csv`'s `relisted_from` and `relisted_similarity`).
//!
//! Like the rest of the report, every value is scraped text and goes through
//! [`html_escape`]; links only for `http(s)` URLs. A section whose data is absent (a
//! folder written by an older greysweep) is left out.

use std::fmt::Write as _;

use serde_json::Value;

use super::audit::Cells;
use super::link;
use crate::output::html_escape;

/// Dossiers shown (the most findings first; `greysweep sellers` lists them all).
pub const MAX_DOSSIERS: usize = 50;

fn strings(v: &Value, key: &str) -> Vec<String> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default()
}

fn num(v: &Value, path: &[&str]) -> u64 {
    let mut cur = v;
    for p in path {
        match cur.get(p) {
            Some(n) => cur = n,
            None => return 0,
        }
    }
    cur.as_u64().unwrap_or(0)
}

/// The "Seller dossiers" section: per seller across all sweeps of the state.
/// The dossiers a report shows: the first [`MAX_DOSSIERS`] of `dossiers.json` (which
/// lists the sellers with the most findings first) and how many the file has.
#[derive(Debug, Default)]
pub struct DossierHead {
    /// The first dossiers, as written.
    pub shown: Vec<Value>,
    /// Dossiers in the file.
    pub total: usize,
}

impl DossierHead {
    /// Reads `dossiers.json` as a stream: the dossiers past the first are counted, never
    /// held, so a state with many sellers costs the report no memory.
    pub fn read(r: impl std::io::Read) -> serde_json::Result<Self> {
        use serde::de::DeserializeSeed;
        let mut de = serde_json::Deserializer::from_reader(r);
        let head = HeadSeed(MAX_DOSSIERS).deserialize(&mut de)?;
        de.end()?;
        Ok(head)
    }

    /// The head of dossiers already parsed (a JSON array; anything else has none).
    pub fn of(all: &Value) -> Self {
        let list = all.as_array().map(Vec::as_slice).unwrap_or_default();
        DossierHead {
            shown: list.iter().take(MAX_DOSSIERS).cloned().collect(),
            total: list.len(),
        }
    }
}

/// Keeps the first `.0` elements of a JSON array and counts the rest.
struct HeadSeed(usize);

impl<'de> serde::de::DeserializeSeed<'de> for HeadSeed {
    type Value = DossierHead;

    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<DossierHead, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> serde::de::Visitor<'de> for HeadSeed {
    type Value = DossierHead;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a JSON array of seller dossiers")
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<DossierHead, A::Error> {
        let mut head = DossierHead::default();
        while head.shown.len() < self.0 {
            match seq.next_element::<Value>()? {
                Some(v) => head.shown.push(v),
                None => break,
            }
        }
        head.total = head.shown.len();
        while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {
            head.total += 1;
        }
        Ok(head)
    }
}

pub(super) fn dossiers_section(h: &mut String, dossiers: &DossierHead) {
    let list = dossiers.shown.as_slice();
    h.push_str(
        "<section id=\"dossiers\">\n<h2>Seller dossiers (all sweeps of the state)</h2>\n\
         <p class=\"meta\">Per seller across every sweep: findings by brand, when first and \
         last seen, listings found removed later, and relistings (a finding that looks like \
         a listing removed earlier). <code>greysweep export --seller ID</code> writes a \
         seller's case file.</p>\n",
    );
    if list.is_empty() {
        h.push_str("<p class=\"none\">None.</p>\n</section>\n");
        return;
    }
    h.push_str(
        "<div class=\"wide\"><table>\n<thead><tr><th>seller</th><th>names</th><th>sites</th>\
         <th>findings</th><th>by brand</th><th>sweeps</th><th>first seen</th><th>last seen</th>\
         <th>removed</th><th>relisted</th><th>relisted elsewhere</th><th>decisions</th></tr></thead>\n<tbody>\n",
    );
    for d in list.iter().take(MAX_DOSSIERS) {
        let id = d.get("id").and_then(Value::as_str).unwrap_or("");
        let urls = strings(d, "store_urls");
        let names = strings(d, "names").join(", ");
        let brands: Vec<String> = d
            .get("findings_by_brand")
            .and_then(Value::as_object)
            .map(|o| {
                o.iter()
                    .map(|(b, n)| format!("{b} {}", n.as_u64().unwrap_or(0)))
                    .collect()
            })
            .unwrap_or_default();
        let decisions = format!(
            "{} confirmed, {} dismissed, {} authorised",
            num(d, &["outcomes", "confirmed"]),
            num(d, &["outcomes", "dismissed"]),
            num(d, &["outcomes", "authorised"])
        );
        let seller = match urls.first() {
            Some(u) => link(u, id),
            None => html_escape(id),
        };
        let _ = writeln!(
            h,
            "<tr><td>{seller}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td><td>{}</td></tr>",
            html_escape(&names),
            html_escape(&strings(d, "sites").join(", ")),
            num(d, &["findings"]),
            html_escape(&brands.join(", ")),
            num(d, &["sweeps"]),
            html_escape(d.get("first_seen").and_then(Value::as_str).unwrap_or("")),
            html_escape(d.get("last_seen").and_then(Value::as_str).unwrap_or("")),
            num(d, &["outcomes", "removed"]),
            num(d, &["relisted"]),
            num(d, &["relisted_elsewhere"]),
            html_escape(&decisions),
        );
    }
    h.push_str("</tbody>\n</table></div>\n");
    if dossiers.total > list.len() {
        let _ = writeln!(
            h,
            "<p class=\"meta\">{} more sellers: <code>greysweep sellers</code> lists them all.</p>",
            dossiers.total - list.len()
        );
    }
    h.push_str("</section>\n");
}

/// The "Relisted" section: findings that look like a listing removed earlier.
pub(super) fn relisted_section<R: Cells>(h: &mut String, rows: &[&R]) {
    let relisted: Vec<&&R> = rows
        .iter()
        .filter(|r| !r.relisted_from().is_empty())
        .collect();
    if relisted.is_empty() {
        return;
    }
    let _ = writeln!(
        h,
        "<section id=\"relisted\">\n<h2>Relisted ({})</h2>\n<p class=\"meta\">New listings \
         that look like a listing removed earlier, on any seller or site; similarity is the \
         exact Jaccard of their fingerprints (<code>greysweep explain-relist</code> shows \
         why).</p>\n<div class=\"wide\"><table>\n<thead><tr><th>listing</th><th>seller</th>\
         <th>site</th><th>brand</th><th>relisted from</th><th>similarity</th></tr></thead>\n<tbody>",
        relisted.len()
    );
    for r in relisted {
        let title = if r.title().is_empty() {
            r.listing_url()
        } else {
            r.title()
        };
        let _ = writeln!(
            h,
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            link(r.listing_url(), title),
            link(r.seller_url(), r.seller_name()),
            html_escape(r.site()),
            html_escape(r.brand()),
            link(r.relisted_from(), r.relisted_from()),
            html_escape(r.relisted_similarity()),
        );
    }
    h.push_str("</tbody>\n</table></div>\n</section>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dossier_file_is_read_to_its_head_and_counted() {
        let all: Vec<Value> = (0..120)
            .map(|i| serde_json::json!({"id": format!("d/id/{i}"), "findings": 120 - i}))
            .collect();
        let text = serde_json::to_string_pretty(&all).expect("json");
        let head = DossierHead::read(text.as_bytes()).expect("reads");
        assert_eq!(head.total, 120);
        assert_eq!(head.shown.len(), MAX_DOSSIERS);
        assert_eq!(head.shown[0]["id"], "d/id/0");
        let of = DossierHead::of(&Value::Array(all));
        assert_eq!((of.shown, of.total), (head.shown.clone(), head.total));
        let mut h = String::new();
        dossiers_section(&mut h, &head);
        assert!(h.contains("70 more sellers"), "{h}");

        let none = DossierHead::read(&b"[]"[..]).expect("reads");
        assert_eq!((none.shown.len(), none.total), (0, 0));
        assert!(
            DossierHead::read(&b"{\"id\": 1}"[..]).is_err(),
            "not an array"
        );
        assert!(
            DossierHead::read(&b"[{}, {}] x"[..]).is_err(),
            "trailing text"
        );
    }
}
