//! Config parsing: sweep file, site profile and brand registry. The first byte picks
//! which; the rest is the TOML text.
#![no_main]

use greysweep::fuzz_support::parse_config;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    if let Ok(s) = std::str::from_utf8(rest) {
        parse_config(pick, s);
    }
});
