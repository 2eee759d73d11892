//! Brand matching throughput: titles per second through `Detector::assess` with a
//! synthetic registry of 1,000 and of 10,000 brands × 5 aliases.
//!
//! Registry and titles are generated deterministically (`support/synthetic.rs`, a
//! fixed-seed xorshift), so runs compare. Titles look like directory titles: product
//! words, model numbers, sometimes a brand name (plain or disguised), sometimes an
//! indicator or compatibility phrase. What these titles yield is held fixed by the
//! findings snapshot (`tests/it/detect_findings.rs`), so a faster detector is the same
//! detector.
//! The figure that matters is the ratio between the two registry sizes: the matcher
//! must not loop over brands per title.
//!
//! Two more runs take real titles: the labelled corpora's, Latin and mostly Chinese,
//! against their registries merged into one (`support/corpus.rs`).

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use greysweep::detect::{Detector, Subject};

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/synthetic.rs"]
mod synthetic;
use synthetic::{registry, titles};

/// Findings over all `titles` (one seller for all), the work one bench iteration does.
fn assess_all(detector: &Detector, titles: &[String]) -> usize {
    titles
        .iter()
        .map(|t| {
            detector
                .assess(black_box(&Subject {
                    title: t,
                    seller_name: Some("Shenzhen Trading Co."),
                    ..Subject::default()
                }))
                .len()
        })
        .sum()
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("detect");
    for (label, brands) in [("1k_brands", 1_000usize), ("10k_brands", 10_000)] {
        let reg = registry(brands, 0x5eed_0001);
        let ts = titles(&reg, 2_000, 0x0071_71e5);
        let started = std::time::Instant::now();
        let detector = Detector::new(reg);
        eprintln!("{label}: detector built in {:.2?}", started.elapsed());
        let hits = assess_all(&detector, &ts);
        eprintln!("{label}: {hits} findings in {} titles", ts.len());
        group.throughput(Throughput::Elements(ts.len() as u64));
        group.bench_function(label, |b| b.iter(|| assess_all(&detector, &ts)));
    }
    // Real titles against the corpora's merged registry (about 1,000 brands): Chinese
    // titles cost more than Latin ones (more names per title, readings, look-alikes).
    let reg = corpus::registry();
    let brands = reg.brands.len();
    let detector = Detector::new(reg);
    for (label, chinese) in [("corpus_latin", false), ("corpus_chinese", true)] {
        let ts = corpus::titles(chinese, 2_000);
        eprintln!("{label}: {} titles, {brands} brands", ts.len());
        group.throughput(Throughput::Elements(ts.len() as u64));
        group.bench_function(label, |b| b.iter(|| assess_all(&detector, &ts)));
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
