//! Case management across sweeps: what happens to findings between one sweep and the
//! next: analysts' decisions and the allow-list they feed ([`decision`]), the outcome of
//! takedown batches sent to platforms ([`outcome`]), listings relisted after they went
//! ([`relist`], over the sweep history that [`history`] walks), and seller dossiers
//! ([`dossier`]) with their case files ([`export`]). The state these read and write lives
//! in the store (`decision_*`, `takedown_*` and `relist_*` methods of
//! [`crate::store::Store`]); they never change what a sweep fetched, and the functions here
//! are pure where they can be, so sweeps and verbs share them.

pub mod decision;
pub mod dossier;
pub mod export;
pub mod history;
pub mod outcome;
pub mod relist;
