//! The meaning of one file line, once read and validated: small, copyable, and free of strings
//! (values are ids into the file's [`crate::keys::KeySet`]s).

use std::ops::Range;

use crate::error::{FileError, LineError};
use crate::keys::KeyId;

/// Column `cmd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    Add,
    Del,
    Shift,
}

impl Command {
    /// `add`, `del` (or `delete`), `shift`, in any case.
    pub fn parse(value: &str) -> Option<Self> {
        let is = |name: &str| value.eq_ignore_ascii_case(name);
        if is("add") {
            Some(Command::Add)
        } else if is("del") || is("delete") {
            Some(Command::Del)
        } else if is("shift") {
            Some(Command::Shift)
        } else {
            None
        }
    }

    /// For the *default command* option.
    pub fn parse_option(value: &str) -> Result<Self, FileError> {
        Self::parse(value).ok_or_else(|| FileError::BadOption {
            name: "defaultcmd",
            value: value.into(),
        })
    }
}

/// Column `gcmd`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupCommand {
    Add,
    AddCreate,
    Replace,
    ReplaceCreate,
    Del,
}

impl GroupCommand {
    pub fn parse(value: &str) -> Result<Self, LineError> {
        const NAMES: [(&str, GroupCommand); 5] = [
            ("gadd", GroupCommand::Add),
            ("gaddcreate", GroupCommand::AddCreate),
            ("greplace", GroupCommand::Replace),
            ("greplacecreate", GroupCommand::ReplaceCreate),
            ("gdel", GroupCommand::Del),
        ];
        NAMES
            .iter()
            .find(|(name, _)| value.eq_ignore_ascii_case(name))
            .map(|&(_, command)| command)
            .ok_or_else(|| LineError::BadGroupCommand(value.into()))
    }

    /// Whether missing groups are created.
    pub fn creates(self) -> bool {
        matches!(self, GroupCommand::AddCreate | GroupCommand::ReplaceCreate)
    }

    /// Whether the user first leaves every group of the course.
    pub fn replaces(self) -> bool {
        matches!(self, GroupCommand::Replace | GroupCommand::ReplaceCreate)
    }

    /// `greplace` with no group means "in no group"; the others need at least one.
    pub fn needs_groups(self) -> bool {
        !self.replaces()
    }
}

/// Column `rolename`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleRef {
    /// `*`: every role (only with `del`).
    All,
    Named(KeyId),
}

/// A validated time field; dates are ids into the file's date keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeRef {
    Unset,
    At(i64),
    Local(KeyId),
}

/// A valid line of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Physical line number (1-based).
    pub number: u32,
    /// The line's text in the decoded file.
    pub raw: Range<usize>,
    pub command: Command,
    pub user: KeyId,
    pub course: KeyId,
    pub role: RoleRef,
    pub method: KeyId,
    pub start: TimeRef,
    pub end: TimeRef,
    pub group_command: Option<GroupCommand>,
    /// Range into [`crate::read::ParsedFile::group_names`].
    pub groups: Range<u32>,
}

/// Whom and where a rejected line is about, as far as it can be told: full sync never removes
/// what a line that failed names (spec §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Named {
    /// The user cannot be told: full sync withholds every removal of the run.
    Nobody,
    /// The user's key, and the course's key when it can be read (None: the user in every course).
    User {
        /// Into [`crate::read::Keys::users`].
        user: KeyId,
        /// Into [`crate::read::Keys::courses`].
        course: Option<KeyId>,
    },
}

/// A line rejected while reading, before any lookup.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Physical line number (1-based).
    pub number: u32,
    /// The line's text in the decoded file.
    pub raw: Range<usize>,
    /// Why it is rejected.
    pub error: LineError,
    /// Whom and where it is about.
    pub names: Named,
}
