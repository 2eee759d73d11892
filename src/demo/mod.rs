//! The bundled demo directory.
