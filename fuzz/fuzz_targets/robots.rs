//! robots.txt handling: a body as the crawl reports it, then verdicts for URLs.
#![no_main]

use greysweep::fuzz_support::robots;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    robots(data);
});
