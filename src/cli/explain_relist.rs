//! `greysweep explain-relist`: why one listing is (or is not) reported as relisted from
//! another — the fingerprint features they share, and the estimated and exact Jaccard.

use crate::case::relist::{Fingerprint, explain};
use crate::output::terminal_safe;
use crate::store::{ListingRecord, Store};

/// Compare two listings' fingerprints: shared and differing title shingles, price bands,
/// images and contacts; the MinHash estimate, the exact Jaccard and the threshold.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    state: super::sellers::StateArgs,
    /// The new listing's URL (`audit.csv` `listing_url`).
    #[arg(long = "new", value_name = "URL")]
    new: String,
    /// The earlier listing's URL (`audit.csv` `relisted_from`).
    #[arg(long = "earlier", value_name = "URL")]
    earlier: String,
    /// Print JSON instead of text.
    #[arg(long)]
    json: bool,
}

/// The latest stored record of a listing URL, joined with its sweep's seller records,
/// and its seller contacts.
fn latest(
    store: &dyn Store,
    url: &str,
) -> anyhow::Result<Option<(String, ListingRecord, Vec<String>)>> {
    let Some((sweep, mut rec)) = store.relist_listings_by_url(url)?.into_iter().next() else {
        return Ok(None);
    };
    crate::seller::join_stored(store, &sweep, std::iter::once(&mut rec))?;
    let contacts = crate::case::history::listing_contacts(&rec);
    Ok(Some((sweep, rec, contacts)))
}

pub fn run(args: Args) -> anyhow::Result<u8> {
    let opened = args.state.open()?;
    let mut found = Vec::new();
    for url in [&args.new, &args.earlier] {
        match latest(&opened.store, url)? {
            Some(x) => found.push(x),
            None => {
                crate::progress::error(&format!(
                    "no listing with URL {} in {}",
                    terminal_safe(url),
                    crate::store::describe(&opened.state_file)
                ));
                return Ok(super::EXIT_USAGE);
            }
        }
    }
    let (b_sweep, b, b_contacts) = found.pop().expect("two listings");
    let (a_sweep, a, a_contacts) = found.pop().expect("two listings");
    let fa = Fingerprint::of_listing(&a, &a_contacts);
    let fb = Fingerprint::of_listing(&b, &b_contacts);
    let threshold = opened.threshold();
    let e = explain(&fa, &fb, threshold);
    let side = |sweep: &str, l: &ListingRecord| {
        serde_json::json!({
            "sweep_id": sweep, "site": l.site, "listing_url": l.listing_url, "key": l.key(),
            "title": l.listing.title, "price": l.listing.price,
            "seller_name": l.listing.seller_name, "seller_id": l.listing.seller_id,
        })
    };
    if args.json {
        let v = serde_json::json!({
            "new": side(&a_sweep, &a), "earlier": side(&b_sweep, &b), "explanation": e,
        });
        println!("{}", serde_json::to_string_pretty(&v)?);
        return Ok(super::EXIT_OK);
    }
    let t = |s: &Option<String>| terminal_safe(s.as_deref().unwrap_or(""));
    let list = |fs: &[crate::case::relist::Feature]| -> String {
        let mut by: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        for f in fs {
            by.entry(f.field)
                .or_default()
                .push(format!("\"{}\"", terminal_safe(&f.value)));
        }
        if by.is_empty() {
            return "(none)".into();
        }
        by.into_iter()
            .map(|(k, v)| format!("{k}: {}", v.join(", ")))
            .collect::<Vec<_>>()
            .join("\n              ")
    };
    let mut out = String::new();
    for (label, sweep, l) in [("new", &a_sweep, &a), ("earlier", &b_sweep, &b)] {
        out.push_str(&format!(
            "{label:<8} {} ({}, seller {}, sweep {})\n         title: {}\n         price: {}\n",
            terminal_safe(&l.listing_url),
            terminal_safe(&l.site),
            t(&l.listing.seller_name),
            terminal_safe(sweep),
            t(&l.listing.title),
            t(&l.listing.price),
        ));
    }
    out.push_str(&format!(
        "similarity: exact Jaccard {:.3} ({} of {} weighted features shared), MinHash estimate {:.3}\n",
        e.exact, e.shared_tokens, e.union_tokens, e.estimated
    ));
    out.push_str(&format!(
        "threshold:  {:.2} -> {} (LSH {} bands x {} rows: a pair this similar meets with probability {:.1} %)\n",
        e.threshold,
        if e.relisted { "relisted" } else { "not relisted" },
        e.banding.bands,
        e.banding.rows,
        e.lsh_probability * 100.0
    ));
    out.push_str(&format!("shared:       {}\n", list(&e.shared)));
    out.push_str(&format!("only new:     {}\n", list(&e.only_new)));
    out.push_str(&format!("only earlier: {}\n", list(&e.only_earlier)));
    print!("{out}");
    Ok(super::EXIT_OK)
}
