//! Runs `Detector::assess` over the detection benchmark's synthetic titles, for profiling
//! with callgrind (instruction counts do not depend on the machine's load):
//!
//! ```text
//! cargo build --profile bench --example detect_profile
//! valgrind --tool=callgrind --collect-atstart=no --toggle-collect='*assess_all*' \
//!     target/release/examples/detect_profile 1000 2
//! ```
//!
//! Arguments: the number of brands (default 1,000), or `corpus-latin` / `corpus-chinese`
//! for the labelled corpora's titles against their merged registry; and the number of
//! passes over the 2,000 titles (default 2: the first fills the per-thread caches as criterion's warm-up does, and
//! runs outside `assess_all`, so callgrind does not count it). Divide the collected
//! instructions by titles × (passes − 1) for instructions per warm title.

use std::hint::black_box;

use greysweep::detect::{Detector, Subject};

#[path = "../benches/support/corpus.rs"]
mod corpus;
#[path = "../benches/support/synthetic.rs"]
mod synthetic;

/// The first pass, which fills the per-thread memos: outside `assess_all`, so that a
/// callgrind run collecting only `assess_all` counts the warm passes alone. (It takes the
/// titles last to first, so that the compiler does not fold it into `assess_all`.)
#[inline(never)]
fn warm_up(detector: &Detector, titles: &[String]) -> usize {
    let mut n = 0;
    for t in titles.iter().rev() {
        n += each(detector, std::slice::from_ref(t));
    }
    n
}

/// The passes after the first.
#[inline(never)]
fn assess_all(detector: &Detector, titles: &[String]) -> usize {
    each(detector, titles)
}

#[inline(always)]
fn each(detector: &Detector, titles: &[String]) -> usize {
    let mut n = 0;
    for t in titles {
        n += detector
            .assess(black_box(&Subject {
                title: t,
                seller_name: Some("Shenzhen Trading Co."),
                ..Subject::default()
            }))
            .len();
    }
    n
}

fn main() {
    let mut args = std::env::args().skip(1);
    let first = args.next();
    let passes: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(2);
    let (titles, detector) = match first.as_deref() {
        // The corpora's titles against their merged registry.
        Some(which @ ("corpus-latin" | "corpus-chinese")) => (
            corpus::titles(which == "corpus-chinese", 2_000),
            Detector::new(corpus::registry()),
        ),
        n => {
            let brands: usize = n.and_then(|a| a.parse().ok()).unwrap_or(1_000);
            let reg = synthetic::registry(brands, 0x5eed_0001);
            (
                synthetic::titles(&reg, 2_000, 0x0071_71e5),
                Detector::new(reg),
            )
        }
    };
    for pass in 0..passes {
        let started = std::time::Instant::now();
        let findings = if pass == 0 {
            warm_up(&detector, &titles)
        } else {
            assess_all(&detector, &titles)
        };
        let secs = started.elapsed().as_secs_f64();
        println!(
            "pass {pass}: {findings} findings, {:.0} titles/s",
            titles.len() as f64 / secs
        );
    }
}
