//! Case management across sweeps: what happens to findings between one sweep and the
//! next — relisted items and seller dossiers with their case files (this half), analyst
//! decisions and takedown outcomes (the other). Each topic is one module; they read the
//! store and never change what a sweep fetched.

pub mod dossier;
pub mod export;
pub mod history;
pub mod relist;
