//! tool_enrolsync's computational core: reading enrolment feed files (native and flat-file
//! formats), validating them line by line, collecting the keys PHP must look up, and planning the
//! minimal operations that bring a Moodle site to the state a file asks for.
//!
//! Everything here is plain Rust, tested with `cargo test`. The PHP extension is the thin glue in
//! `php/`, compiled with the `php` feature.

#![deny(unsafe_code)]

pub mod date;
pub mod decode;
pub mod dialect;
pub mod error;
pub mod keys;
pub mod line;
pub mod plan;
#[allow(unsafe_code)]
mod prefetch;
pub mod read;
pub mod record;
pub mod resolve;
pub mod simulate;
pub mod snapshot;

#[cfg(feature = "php")]
mod php;

/// The extension's version: the crate's, which the Moodle plugin checks against its own.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
