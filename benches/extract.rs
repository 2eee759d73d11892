//! Extraction throughput over the real directory pages in `$GREYSWEEP_REAL_PAGES`.
//!
//! For every `<site>/<page>.html` the bench decodes the bytes once (outside the timing),
//! then times `SiteProfile::extract` with the shipped `seeds/sites/<site>.toml` profile and
//! the page's `base_url`, reporting throughput in bytes of page text (one core: extraction
//! is single-threaded). The `auto` group times automatic extraction alone
//! (`extract_auto`, no profile) on every page, one by one and over the whole set
//! (`auto/all-pages`, the overall MiB/s). The `decode` group times `decode_html` on the raw
//! bytes. The pages are not in the repository; without the variable the bench says so and
//! measures nothing.

use std::hint::black_box;
use std::path::{Path, PathBuf};

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use greysweep::decode::decode_html;
use greysweep::extract::{SiteProfile, extract_auto};
use url::Url;

struct Page {
    id: String,
    /// The shipped profile, when the site has one.
    profile: Option<SiteProfile>,
    url: Url,
    bytes: Vec<u8>,
    text: String,
}

fn load_pages(root: &Path) -> Vec<Page> {
    let sites_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds/sites");
    let mut paths: Vec<(String, PathBuf)> = Vec::new();
    for site in std::fs::read_dir(root).into_iter().flatten().flatten() {
        for f in std::fs::read_dir(site.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "html") {
                paths.push((site.file_name().to_string_lossy().into_owned(), p));
            }
        }
    }
    paths.sort();
    let mut pages = Vec::new();
    for (site, path) in paths {
        let profile = SiteProfile::load(&sites_dir.join(format!("{site}.toml"))).ok();
        let expected: serde_json::Value = std::fs::read(path.with_extension("expected.json"))
            .ok()
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default();
        let Some(url) = expected["base_url"]
            .as_str()
            .and_then(|u| Url::parse(u).ok())
        else {
            eprintln!("bench: no base_url for {}; skipping", path.display());
            continue;
        };
        let Ok(bytes) = std::fs::read(&path) else {
            continue;
        };
        let text = decode_html(&bytes, None, None).text.into_owned();
        let stem = path.file_stem().map(|s| s.to_string_lossy().into_owned());
        pages.push(Page {
            id: format!("{site}/{}", stem.unwrap_or_default()),
            profile,
            url,
            bytes,
            text,
        });
    }
    pages
}

fn bench(c: &mut Criterion) {
    let Some(root) = std::env::var_os("GREYSWEEP_REAL_PAGES") else {
        eprintln!("bench extract: skipped (GREYSWEEP_REAL_PAGES is not set)");
        return;
    };
    let pages = load_pages(Path::new(&root));
    if pages.is_empty() {
        eprintln!(
            "bench extract: no pages under {}",
            PathBuf::from(root).display()
        );
        return;
    }
    let mut group = c.benchmark_group("extract");
    group.sample_size(20);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(2));
    for p in &pages {
        let Some(profile) = &p.profile else {
            continue;
        };
        group.throughput(Throughput::Bytes(p.text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&p.id), p, |b, p| {
            b.iter(|| black_box(profile.extract(&p.url, black_box(&p.text))));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("auto");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(2));
    let total: u64 = pages.iter().map(|p| p.text.len() as u64).sum();
    group.throughput(Throughput::Bytes(total));
    group.bench_function("all-pages", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(extract_auto(&p.url, black_box(&p.text)));
            }
        });
    });
    for p in &pages {
        group.throughput(Throughput::Bytes(p.text.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&p.id), p, |b, p| {
            b.iter(|| black_box(extract_auto(&p.url, black_box(&p.text))));
        });
    }
    group.finish();

    let mut group = c.benchmark_group("decode");
    group.sample_size(20);
    group.warm_up_time(std::time::Duration::from_millis(300));
    group.measurement_time(std::time::Duration::from_secs(1));
    for p in &pages {
        group.throughput(Throughput::Bytes(p.bytes.len() as u64));
        group.bench_with_input(BenchmarkId::from_parameter(&p.id), p, |b, p| {
            b.iter(|| black_box(decode_html(black_box(&p.bytes), None, None)));
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
