//! Case management across sweeps: what happens to findings between one sweep and the
//! next. Analysts' decisions and the allow-list they feed ([`decision`]), and the outcome
//! of takedown batches sent to platforms ([`outcome`]). The state these read and write
//! lives in the store (`decision_*` and `takedown_*` methods of [`crate::store::Store`]);
//! the functions here are pure where they can be, so sweeps and verbs share them.

pub mod decision;
pub mod outcome;
