//! URL canonicalisation throughput: `canonicalize` (default rules) and `canonicalize_with`
//! (a profile's rules) over URLs shaped like directory links — tracking parameters, queries
//! in any order, fragments — reporting URLs per second.
//!
//! Run: `cargo bench --bench canonical`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use greysweep::canonical::{ParamPattern, QueryRules, canonicalize, canonicalize_with};
use url::Url;

fn urls(n: usize) -> Vec<Url> {
    (0..n)
        .map(|i| {
            let raw = match i % 4 {
                0 => format!(
                    "https://www.alibaba.com/trade/search?spm=a2700.{i}&SearchText=sneakers&page={}&utm_source=mail#top",
                    i % 50
                ),
                1 => format!(
                    "https://www.made-in-china.com/products-search/hot-china-products/Bag.html?b={i}&a=2&gclid=XYZ{i}&ref=home"
                ),
                2 => format!(
                    "https://detail.1688.com/offer/{i}.html?src=search&algo_pvid=f{i}&offerId={i}&scm=1007.1"
                ),
                _ => format!("https://www.dhgate.com/product/item-{i}.html"),
            };
            Url::parse(&raw).expect("bench: URL")
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let urls = urls(10_000);
    let profile = QueryRules {
        strip: ["ref", "src", "from"]
            .iter()
            .map(|p| ParamPattern::new(p).expect("bench: pattern"))
            .collect(),
        ..QueryRules::default()
    };
    let mut group = c.benchmark_group("canonical");
    group.sample_size(20);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(2));
    group.throughput(Throughput::Elements(urls.len() as u64));
    group.bench_function("default-rules", |b| {
        b.iter(|| {
            for u in &urls {
                black_box(canonicalize(black_box(u)));
            }
        });
    });
    group.bench_function("profile-rules", |b| {
        b.iter(|| {
            for u in &urls {
                black_box(canonicalize_with(black_box(u), &profile));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
