//! WARC record writing: `WarcWriter::record_exchange` (request and response records, their
//! digests, one gzip member each, the index journal line) at several gzip levels.
//!
//! The bodies are the real directory pages in `$GREYSWEEP_REAL_PAGES` when it is set
//! (the sizes and markup a sweep archives), else the bundled demo directory's pages.
//! Throughput is in bytes of response body; the `warc/level-N` ids compare the default
//! level with zlib's default (6) and the others. After the timings the bench prints, per
//! level, the total compressed size (the size side of the trade-off) and the throughput in
//! CPU time of the writing thread (from `/proc/thread-self/stat`, so other processes on a
//! shared machine do not blur it as they blur criterion's wall-clock figures).
//!
//! Run: `GREYSWEEP_REAL_PAGES=/path/to/real-pages cargo bench --bench warc`.

use std::hint::black_box;
use std::path::Path;

use chrono::Utc;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use greysweep::demo::{Catalog, pages};
use greysweep::evidence::{DEFAULT_COMPRESSION_LEVEL, Exchange, WarcInfo, WarcWriter};
use url::Url;

const LEVELS: [u32; 6] = [0, 1, 2, 3, 6, 9];

fn bodies() -> Vec<Vec<u8>> {
    if let Some(root) = std::env::var_os("GREYSWEEP_REAL_PAGES") {
        let mut paths: Vec<_> = std::fs::read_dir(&root)
            .into_iter()
            .flatten()
            .flatten()
            .flat_map(|site| {
                std::fs::read_dir(site.path())
                    .into_iter()
                    .flatten()
                    .flatten()
            })
            .map(|f| f.path())
            .filter(|p| p.extension().is_some_and(|e| e == "html"))
            .collect();
        paths.sort();
        let real: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
        if !real.is_empty() {
            return real;
        }
    }
    eprintln!("bench warc: GREYSWEEP_REAL_PAGES not set; using the demo directory's pages");
    let c = Catalog::build();
    let mut out: Vec<Vec<u8>> = (1..=5).map(|p| pages::search(&c, p).into_bytes()).collect();
    out.push(pages::home().into_bytes());
    out.extend((0..3).map(|s| pages::store(&c, s).into_bytes()));
    out
}

fn write_all(w: &mut WarcWriter, url: &Url, bodies: &[Vec<u8>]) {
    let request_headers = vec![
        ("host".to_string(), "bench.example".to_string()),
        ("user-agent".to_string(), "greysweep-bench".to_string()),
    ];
    let response_headers = vec![
        (
            "content-type".to_string(),
            "text/html; charset=utf-8".to_string(),
        ),
        ("server".to_string(), "bench".to_string()),
    ];
    for body in bodies {
        let ex = Exchange {
            url,
            method: "GET",
            request_headers: &request_headers,
            http_version: "HTTP/1.1",
            status: 200,
            reason: None,
            response_headers: &response_headers,
            body,
            remote_ip: None,
            date: Utc::now(),
        };
        black_box(w.record_exchange(&ex).expect("bench: writing a record"));
    }
}

/// CPU time (user + system) of the calling thread, in seconds (Linux; 10 ms ticks).
fn thread_cpu_secs() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/thread-self/stat").ok()?;
    // Fields after the command name (which may hold spaces) start at state (field 3);
    // utime and stime are fields 14 and 15.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

fn writer(dir: &Path, level: u32) -> WarcWriter {
    let info = WarcInfo::new("bench", serde_json::json!({}));
    WarcWriter::create_with_level(dir, "bench", u64::MAX, &info, level).expect("bench: writer")
}

fn bench(c: &mut Criterion) {
    let bodies = bodies();
    let total: u64 = bodies.iter().map(|b| b.len() as u64).sum();
    let url = Url::parse("https://bench.example/search?q=sneakers").expect("url");
    let mut group = c.benchmark_group("warc");
    group.sample_size(10);
    group.warm_up_time(std::time::Duration::from_millis(500));
    group.measurement_time(std::time::Duration::from_secs(3));
    group.throughput(Throughput::Bytes(total));
    for level in LEVELS {
        group.bench_with_input(BenchmarkId::new("level", level), &level, |b, &level| {
            // One writer per sample batch: files grow, the writer is reused like a sweep's.
            let dir = tempfile::tempdir().expect("bench: tempdir");
            let mut w = writer(dir.path(), level);
            b.iter(|| write_all(&mut w, &url, &bodies));
        });
    }
    group.finish();

    eprintln!(
        "bench warc: {} pages, {:.1} MiB of bodies; default level {DEFAULT_COMPRESSION_LEVEL}",
        bodies.len(),
        total as f64 / (1 << 20) as f64
    );
    for level in LEVELS {
        let dir = tempfile::tempdir().expect("bench: tempdir");
        let mut w = writer(dir.path(), level);
        let rounds = 5;
        let cpu_before = thread_cpu_secs();
        for _ in 0..rounds {
            write_all(&mut w, &url, &bodies);
        }
        let cpu = thread_cpu_secs().zip(cpu_before).map(|(a, b)| a - b);
        let paths = w.finish().expect("bench: finish");
        let size: u64 = paths
            .iter()
            .filter(|p| p.to_string_lossy().ends_with(".warc.gz"))
            .filter_map(|p| std::fs::metadata(p).ok())
            .map(|m| m.len())
            .sum();
        let mib = (total * rounds) as f64 / (1 << 20) as f64;
        eprintln!(
            "  level {level}: {:.2} MiB written ({:.1} % of the bodies); {}",
            size as f64 / rounds as f64 / (1 << 20) as f64,
            100.0 * size as f64 / (total * rounds) as f64,
            match cpu {
                Some(s) if s > 0.0 => format!("{:.1} MiB/s of CPU time ({s:.2} s)", mib / s),
                _ => "CPU time not available".to_string(),
            }
        );
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
