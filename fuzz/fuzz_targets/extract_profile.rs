//! Page extraction with a shipped site profile: HTML bytes → listings and links.
//! The first byte picks the profile; the rest is the page.
#![no_main]

use greysweep::fuzz_support::{extract_page, profiles};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, page)) = data.split_first() else {
        return;
    };
    let profiles = profiles();
    let profile = &profiles[usize::from(pick) % profiles.len()];
    extract_page(profile, page);
});
