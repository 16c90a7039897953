//! `EnrolSync\\File`: a file read and validated by the core. Its data stays in Rust; PHP gets
//! summaries, keys and errors, and plans it against a snapshot.

use std::sync::Arc;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;

use super::exception::file_exception;
use super::options::{plan_options, read_options};
use super::plan::{Plan, rejected_report};
use super::snapshot::Snapshot;
use crate::error::FileError;
use crate::line::Line;
use crate::plan::{self, Protection};
use crate::read::{self, ParsedFile};

/// A read and validated file. Its data stays in Rust; PHP gets summaries, keys and errors.
#[php_class]
#[php(name = "EnrolSync\\File")]
pub struct File {
    file: Arc<ParsedFile>,
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl File {
    /// Reads the file at `path`. Options: format, encoding, delimiter, defaultcmd,
    /// useridentifier, courseidentifier.
    pub fn open(path: String, options: &ZendHashTable) -> PhpResult<File> {
        match std::fs::read(&path) {
            Ok(bytes) => Self::parse(bytes, options),
            Err(_) => Err(file_exception(FileError::Unreadable(path))),
        }
    }

    /// Reads a file's content.
    pub fn from_string(
        content: ext_php_rs::binary::Binary<u8>,
        options: &ZendHashTable,
    ) -> PhpResult<File> {
        Self::parse(content.into(), options)
    }

    /// Format, encoding and why (`encodingreason`: bom, valid, multibyte, nomultibyte or
    /// setting; `invalidlines`: the number of lines with bytes that are not valid UTF-8),
    /// delimiter, identifier fields and line counts.
    pub fn summary(&self) -> PhpResult<ZBox<ZendHashTable>> {
        let f = &*self.file;
        let mut out = ZendHashTable::new();
        out.insert("format", f.format.name())?;
        out.insert("encoding", f.encoding.name())?;
        out.insert("encodingreason", f.encoding_reason.key())?;
        out.insert("invalidlines", f.invalid_lines.len() as i64)?;
        out.insert("delimiter", char::from(f.delimiter).to_string())?;
        out.insert("useridentifier", f.user_field.column())?;
        out.insert("courseidentifier", f.course_field.column())?;
        out.insert("lines", f.line_count() as i64)?;
        out.insert("valid", f.lines.len() as i64)?;
        out.insert("rejected", f.rejected.len() as i64)?;
        Ok(out)
    }

    /// The distinct values to look up: users, courses, roles, methods, groups, dates.
    pub fn keys(&self) -> PhpResult<ZBox<ZendHashTable>> {
        let f = &self.file.keys;
        let mut out = ZendHashTable::new();
        for (name, set) in [
            ("users", &f.users),
            ("courses", &f.courses),
            ("roles", &f.roles),
            ("methods", &f.methods),
            ("groups", &f.groups),
            ("dates", &f.dates),
        ] {
            let mut list = ZendHashTable::with_capacity(set.len() as u32);
            for value in set.values() {
                list.push(value)?;
            }
            out.insert(name, list)?;
        }
        Ok(out)
    }

    /// The header line as written ('' for a flat file).
    pub fn header(&self) -> String {
        self.file.raw(&self.file.header).to_string()
    }

    /// The text of physical line `number`, when it is a data line.
    pub fn line(&self, number: i64) -> Option<String> {
        let f = &*self.file;
        let number = u32::try_from(number).ok()?;
        find_line(&f.lines, number)
            .map(|l| f.raw(&l.raw).to_string())
            .or_else(|| {
                f.rejected
                    .iter()
                    .find(|r| r.number == number)
                    .map(|r| f.raw(&r.raw).to_string())
            })
    }

    /// Lines rejected while reading, shaped like the lines of `Plan::lines()`.
    pub fn rejected(&self) -> PhpResult<ZBox<ZendHashTable>> {
        let f = &*self.file;
        let mut out = ZendHashTable::with_capacity(f.rejected.len() as u32);
        for r in &f.rejected {
            out.push(rejected_report(f, r, &[], Protection::None)?)?;
        }
        Ok(out)
    }

    /// Plans the file against a snapshot. Options: now, createinstances, enrolwhendisabled,
    /// fullsync, removalaction (keep|suspend|unenrol), threshold (percent), force.
    pub fn plan(&self, snapshot: &Snapshot, options: &ZendHashTable) -> PhpResult<Plan> {
        let options = plan_options(options).map_err(file_exception)?;
        let plan = plan::plan(&self.file, &snapshot.snapshot, &options);
        let methods = snapshot
            .snapshot
            .methods
            .values()
            .map(str::to_string)
            .collect();
        Ok(Plan::new(
            Arc::clone(&self.file),
            plan,
            methods,
            &snapshot.snapshot,
        ))
    }
}

impl File {
    fn parse(bytes: Vec<u8>, options: &ZendHashTable) -> PhpResult<File> {
        let options = read_options(options).map_err(file_exception)?;
        let file = read::read(bytes, &options).map_err(file_exception)?;
        Ok(File {
            file: Arc::new(file),
        })
    }
}

pub(super) fn find_line(lines: &[Line], number: u32) -> Option<&Line> {
    lines
        .binary_search_by_key(&number, |l| l.number)
        .ok()
        .map(|i| &lines[i])
}
