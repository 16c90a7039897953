//! `EnrolSync\\FileException`: a file that cannot be applied, or an invalid argument, with the
//! message key, argument and line of the core's [`FileError`].

use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::{PhpException, throw_object};
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendClassObject;
use ext_php_rs::zend::{ExecutorGlobals, ce};

use crate::error::FileError;

/// Thrown for a file that cannot be applied at all, and for invalid arguments.
#[php_class]
#[php(name = "EnrolSync\\FileException")]
#[php(extends(ce = ce::exception, stub = "\\Exception"))]
#[derive(Default)]
pub struct FileException {
    key: String,
    arg: String,
    line: i64,
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl FileException {
    /// The message key: `error_<key>` in the plugin's language files.
    pub fn get_error_key(&self) -> String {
        self.key.clone()
    }

    /// The value the message names (a column, an option…), or ''.
    pub fn get_error_arg(&self) -> String {
        self.arg.clone()
    }

    /// The physical line of the file the error is about, or 0.
    pub fn get_line_number(&self) -> i64 {
        self.line
    }
}

/// Throws a [`FileException`] carrying the error's key, argument and line.
pub(super) fn file_exception(error: FileError) -> PhpException {
    PhpException::from_class::<FileException>(without_nul(error.to_string())).with_details(error)
}

/// The text with each NUL byte replaced: PHP's exception messages are C strings, which a NUL
/// would cut (the engine then throws a bare `Error`), and a database refuses it in text.
fn without_nul(text: String) -> String {
    if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text
    }
}

trait WithDetails {
    fn with_details(self, error: FileError) -> PhpException;
}

impl WithDetails for PhpException {
    /// The engine creates exception objects itself (with `Default`), so the details are written
    /// into the object after it is thrown, then it is thrown again.
    fn with_details(self, error: FileError) -> PhpException {
        self.throw();
        if let Some(mut object) = ExecutorGlobals::take_exception() {
            if let Some(exception) =
                ZendClassObject::<FileException>::from_zend_obj_mut(&mut object)
            {
                exception.key = error.key().to_string();
                exception.arg = without_nul(error.arg());
                exception.line = i64::from(error.line());
            }
            if let Ok(zval) = object.into_zval(false) {
                let _ = throw_object(zval);
            }
        }
        // An exception is now pending; returning another one is a no-op for the engine.
        PhpException::from_message(String::new())
    }
}
