//! The brand matcher: a listing title (and seller, price, description) → findings.
//! Fields are separated by newlines: title, seller, price, description.
#![no_main]

use greysweep::fuzz_support::match_listing;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        match_listing(s);
    }
});
