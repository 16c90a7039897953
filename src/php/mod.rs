//! The PHP extension: thin glue between PHP values and the core. Nothing here decides anything:
//! it converts arguments, calls the core, and hands back small arrays (see
//! php/enrolsync.stub.php for the API as PHP sees it). One module per concern:
//!
//! - [`zval`]: reading PHP arrays and values in place (the only module with `unsafe`);
//! - [`options`]: the options arrays of `File::open()` and `File::plan()`, checked strictly;
//! - [`exception`]: `EnrolSync\\FileException`, which carries a message key, its argument and a line;
//! - [`file`], [`snapshot`], [`plan`]: the three PHP classes.

mod exception;
mod file;
mod options;
mod plan;
mod snapshot;
#[allow(unsafe_code)]
mod zval;

use ext_php_rs::prelude::*;

/// The version of the extension (the crate's version).
#[php_function]
pub fn enrolsync_version() -> &'static str {
    crate::VERSION
}

/// Registers the extension's function and classes with PHP.
#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(enrolsync_version))
        .class::<exception::FileException>()
        .class::<file::File>()
        .class::<snapshot::Snapshot>()
        .class::<plan::Plan>()
}
