//! The admin studio's built files (`ui/dist`, made by `scripts/studio`), embedded at compile time.
//!
//! A crate of its own so that a new studio build recompiles only this crate and the binaries,
//! never the engine. Empty when the studio was not built: `/admin` then says how to build it.

/// One file: path under `/admin/`, content type, bytes, gzip-compressed bytes, ETag.
pub type File = (
    &'static str,
    &'static str,
    &'static [u8],
    &'static [u8],
    &'static str,
);

include!(concat!(env!("OUT_DIR"), "/files.rs"));
