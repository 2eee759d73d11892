//! The Next.js flight payload parser (`self.__next_f.push(…)` pages and bare streams).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(s) = std::str::from_utf8(data) {
        greysweep::extract::fuzzing::flight(s);
    }
});
