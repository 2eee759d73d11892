//! The embedded JSON / JS-literal parser (`window.runParams = {…}`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        greysweep::extract::fuzzing::jsonish(s);
    }
});
