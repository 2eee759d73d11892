//! Charset decoding: page bytes (+ a Content-Type) → text.
//! The bytes up to the first newline are the Content-Type header (when short).
#![no_main]

use greysweep::fuzz_support::decode_page;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    decode_page(data);
});
