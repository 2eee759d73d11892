//! Relisting benchmark: fingerprinting and candidate lookup against a state of earlier,
//! removed listings (200,000 by default; `RELIST_LISTINGS=500000 cargo bench --bench
//! relist` for another size).
//!
//! Synthetic, deterministic listings: titles of 6–12 words from a vocabulary of 3,000
//! pseudo-words, a price. 1,000 *planted* relistings copy an earlier listing's title with
//! one word added and one word swapped for another (same price); 1,000 *fresh* titles are
//! new. After criterion's wall-clock figures (fingerprint + signature of one listing; one
//! lookup in the full index) it prints the index build rate, the lookup rate, how many
//! indexed listings a lookup compares exactly (against all of them without LSH), the
//! planted relistings found and the fresh titles wrongly claimed, and the peak resident
//! memory once the index is built (titles, listings and index together).

use std::time::Instant;

use chrono::Utc;
use criterion::{Criterion, Throughput};
use greysweep::case::relist::{Fingerprint, RelistCandidate, RelistIndex, RelistOrigin};
use greysweep::extract::Listing;
use greysweep::store::ListingRecord;

// The synthetic detection registry and titles are not used here, only the generator.
#[allow(dead_code)]
#[path = "support/synthetic.rs"]
mod synthetic;
use synthetic::Rng;

fn vocabulary(rng: &mut Rng) -> Vec<String> {
    const SYL: &[&str] = &[
        "ka", "lo", "mi", "ren", "tor", "va", "zu", "pel", "dra", "quo", "sen", "bri", "mok", "ta",
        "ve", "lux", "or", "an", "del", "ix",
    ];
    (0..3000)
        .map(|_| {
            let n = 2 + rng.below(2);
            (0..n)
                .map(|_| SYL[rng.below(SYL.len())])
                .collect::<String>()
        })
        .collect()
}

fn record(id: usize, title: String, price: String) -> ListingRecord {
    ListingRecord {
        site: format!("site{}", id % 7),
        listing_url: format!("https://site{}.example/p/{id}", id % 7),
        listing: Listing {
            title: Some(title),
            price: Some(price),
            product_id: Some(id.to_string()),
            seller_name: Some(format!("seller {}", id % 5000)),
            ..Listing::default()
        },
        page_url: url::Url::parse("https://site.example/list").expect("url"),
        fetched_at: Utc::now(),
        http_status: 200,
        page_sha256: String::new(),
        warc_file: None,
        warc_record_id: None,
        extraction: None,
        joined: None,
        findings: Vec::new(),
    }
}

fn title(rng: &mut Rng, vocab: &[String]) -> Vec<String> {
    let n = 6 + rng.below(7);
    let mut t = vec!["acme".to_string()];
    t.extend((1..n).map(|_| vocab[rng.below(vocab.len())].clone()));
    t
}

/// Peak resident memory of this process (`VmHWM`), MiB.
fn peak_rss_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines().find(|l| l.starts_with("VmHWM:")).and_then(|l| {
                l.split_whitespace()
                    .nth(1)
                    .and_then(|kb| kb.parse::<f64>().ok())
            })
        })
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

fn main() {
    let n: usize = std::env::var("RELIST_LISTINGS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(200_000);
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let vocab = vocabulary(&mut rng);
    let mut earlier = Vec::with_capacity(n);
    for _ in 0..n {
        let t = title(&mut rng, &vocab);
        earlier.push((
            t,
            format!("US$ {}.{:02}", 1 + rng.below(500), rng.below(100)),
        ));
    }

    let start = Instant::now();
    let mut index = RelistIndex::new(0.6);
    for (i, (t, p)) in earlier.iter().enumerate() {
        index.insert(RelistCandidate {
            listing: record(i, t.join(" "), p.clone()),
            brand: "Acme".into(),
            origin: RelistOrigin::Resolved,
            when: Utc::now(),
            sweep_id: "bench".into(),
            contacts: Vec::new(),
        });
    }
    let build = start.elapsed().as_secs_f64();
    let rss = peak_rss_mib();

    let mut planted = Vec::new();
    for k in 0..1000 {
        let origin = rng.below(n);
        let mut t = earlier[origin].0.clone();
        let swap = 1 + rng.below(t.len() - 1);
        t[swap] = vocab[rng.below(vocab.len())].clone();
        t.push(vocab[rng.below(vocab.len())].clone());
        planted.push((
            origin,
            record(n + k, t.join(" "), earlier[origin].1.clone()),
        ));
    }
    let fresh: Vec<ListingRecord> = (0..1000)
        .map(|k| {
            record(
                2 * n + k,
                title(&mut rng, &vocab).join(" "),
                "US$ 20".into(),
            )
        })
        .collect();

    let mut c = Criterion::default().configure_from_args();
    let mut g = c.benchmark_group("relist");
    g.throughput(Throughput::Elements(1));
    let probe = &planted[0].1;
    g.bench_function("fingerprint+signature", |b| {
        b.iter(|| Fingerprint::of_listing(std::hint::black_box(probe), &[]).signature())
    });
    g.bench_function(format!("lookup in {n}"), |b| {
        b.iter(|| index.find(std::hint::black_box(probe), "Acme", &[]))
    });
    g.finish();
    c.final_summary();

    let start = Instant::now();
    let mut found = 0;
    let mut similarities = Vec::new();
    for (origin, l) in &planted {
        if let Some(m) = index.find(l, "Acme", &[]) {
            if index
                .candidate(m.candidate)
                .listing
                .listing
                .product_id
                .as_deref()
                == Some(origin.to_string().as_str())
            {
                found += 1;
            }
            similarities.push(m.exact);
        }
    }
    // Which planted pairs reach the threshold, by exact Jaccard: what LSH must find.
    let eligible = planted
        .iter()
        .filter(|(origin, l)| {
            let (t, p) = &earlier[*origin];
            let e = record(*origin, t.join(" "), p.clone());
            Fingerprint::of_listing(l, &[]).jaccard(&Fingerprint::of_listing(&e, &[])) >= 0.6
        })
        .count();
    let mut false_claims = 0;
    for l in &fresh {
        if index.find(l, "Acme", &[]).is_some() {
            false_claims += 1;
        }
    }
    let lookups = start.elapsed().as_secs_f64();
    let compared: usize = planted
        .iter()
        .map(|(_, l)| l)
        .chain(&fresh)
        .map(|l| index.compared(l, &[]))
        .sum();
    let b = index.banding();
    println!(
        "index: {n} earlier listings in {build:.2} s ({:.0} listings/s), LSH {} bands x {} rows; peak RSS after building {rss:.0} MiB",
        n as f64 / build,
        b.bands,
        b.rows
    );
    println!(
        "lookups: 2,000 in {lookups:.3} s ({:.0} lookups/s); exact comparisons per lookup: {:.1} on average (all-pairs: {n})",
        2000.0 / lookups,
        compared as f64 / 2000.0
    );
    similarities.sort_by(f64::total_cmp);
    let median = similarities
        .get(similarities.len() / 2)
        .copied()
        .unwrap_or(0.0);
    println!(
        "planted relistings found with their origin: {found} of 1000, of which {eligible} reach the threshold 0.6 by exact Jaccard (median similarity of the claims {median:.2}); fresh titles claimed: {false_claims} of 1000"
    );
}
