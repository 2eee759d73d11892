//! Replays the committed fuzz corpora (`fuzz/corpus/<target>/`) through the same
//! harnesses the fuzz targets use (`greysweep::fuzz_support`), so every input a fuzzer
//! ever kept — crash reproducers included — is checked by a plain `cargo test` on stable.

use std::path::{Path, PathBuf};

use greysweep::fuzz_support as h;

fn corpus(target: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut files: Vec<(PathBuf, Vec<u8>)> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("entry").path())
        .filter(|p| p.is_file())
        .map(|p| {
            let bytes = std::fs::read(&p).expect("read");
            (p, bytes)
        })
        .collect();
    files.sort();
    assert!(!files.is_empty(), "{} has no seeds", dir.display());
    files
}

#[test]
fn extract_profile_corpus_replays() {
    for (_, data) in corpus("extract_profile") {
        if let Some((&pick, page)) = data.split_first() {
            let profiles = h::profiles();
            h::extract_page(&profiles[usize::from(pick) % profiles.len()], page);
        }
    }
}

#[test]
fn jsonish_corpus_replays() {
    let parsed: usize = corpus("jsonish")
        .iter()
        .filter_map(|(_, d)| std::str::from_utf8(d).ok())
        .map(greysweep::extract::fuzzing::jsonish)
        .sum();
    assert!(parsed > 0, "the seeds hold parseable values");
}

#[test]
fn flight_corpus_replays() {
    let rows: usize = corpus("flight")
        .iter()
        .filter_map(|(_, d)| std::str::from_utf8(d).ok())
        .map(greysweep::extract::fuzzing::flight)
        .sum();
    assert!(rows > 0, "the seeds hold flight rows");
}

#[test]
fn decode_corpus_replays() {
    for (_, data) in corpus("decode") {
        h::decode_page(&data);
    }
}

#[test]
fn robots_corpus_replays() {
    for (_, data) in corpus("robots") {
        h::robots(&data);
    }
}

#[test]
fn brand_match_corpus_replays() {
    let findings: usize = corpus("brand_match")
        .iter()
        .filter_map(|(_, d)| std::str::from_utf8(d).ok())
        .map(h::match_listing)
        .sum();
    let _ = findings;
}

#[test]
fn config_corpus_replays() {
    let mut ok = 0;
    for (_, data) in corpus("config") {
        if let Some((&pick, rest)) = data.split_first()
            && let Ok(s) = std::str::from_utf8(rest)
            && h::parse_config(pick, s)
        {
            ok += 1;
        }
    }
    assert!(ok > 0, "the shipped profiles and registries parse");
}
