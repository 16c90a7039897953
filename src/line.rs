//! The meaning of one file line, once read: a valid [`Line`], or a [`Rejected`] one with its
//! error and whom it names ([`Named`]). The columns' values become [`Command`],
//! [`GroupCommand`], [`RoleRef`] and [`TimeRef`].
//!
//! A valid line is small and free of strings: the values it names are ids into the file's
//! [`crate::read::Keys`], and its text is a range of the decoded file. "Valid" means the file
//! alone shows nothing wrong; whether its user, course, role… exist is only known once they
//! are resolved against the site ([`crate::resolve`]).

use std::ops::Range;

use crate::error::{FileError, LineError};
use crate::keys::KeyId;

/// Column `cmd` (a flat file's operation): what the line does to the user's enrolment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Command {
    /// The user ends up enrolled through the line's method and holding its role: enrolled if
    /// not, a suspended enrolment reactivated, dates set when the line gives different ones.
    Add,
    /// With a role: that role is unassigned, and when the user then holds no role in the
    /// course, they are unenrolled from the method's instance. With `*`: unenrolled from it
    /// (which takes their roles with it). Not enrolled: nothing to do, and said so.
    Del,
    /// Like [`Command::Add`], and the user's other roles that a run may assign are
    /// unassigned: they end up with exactly this one of those roles.
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

/// Column `gcmd`: what to do with the groups the line names (`g1`…`g9`), applied after `cmd`
/// and only when the user is then enrolled. Groups are matched by name within the course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GroupCommand {
    /// `gadd`: into the named groups, which must exist.
    Add,
    /// `gaddcreate`: into the named groups, creating those the course lacks.
    AddCreate,
    /// `greplace`: out of every group of the course but the named ones, which must exist, and
    /// into those. With no group named: out of every group.
    Replace,
    /// `greplacecreate`: like `greplace`, creating the named groups the course lacks.
    ReplaceCreate,
    /// `gdel`: out of the named groups, which must exist.
    Del,
}

impl GroupCommand {
    /// `gadd`, `gaddcreate`, `greplace`, `greplacecreate` or `gdel`, in any case.
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

/// Column `rolename` (a flat file's role).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RoleRef {
    /// `*`: every role (only with `del`).
    All,
    /// A role's shortname: its id in [`crate::read::Keys::roles`].
    Named(KeyId),
}

/// A validated `starttime` or `endtime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeRef {
    /// Empty or 0: not given. A new enrolment then starts at the run's start time and has no
    /// end; an existing one keeps its own.
    Unset,
    /// A Unix timestamp (seconds), used as it is.
    At(i64),
    /// A calendar date in the site's time zone: its id in [`crate::read::Keys::dates`], which
    /// hold it as `YYYY-MM-DD HH:MM:SS`. PHP converts it to a timestamp.
    Local(KeyId),
}

/// A valid line of the file: one wish about one user in one course.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    /// Physical line number (1-based).
    pub number: u32,
    /// The line's text: a byte range of [`crate::read::ParsedFile::text`], without its line
    /// terminator.
    pub raw: Range<usize>,
    /// What the line does (column `cmd`, or the *default command* setting when the column is
    /// absent or empty).
    pub command: Command,
    /// The user: id of the `uid` value in [`crate::read::Keys::users`].
    pub user: KeyId,
    /// The course: id of the `cid` value in [`crate::read::Keys::courses`].
    pub course: KeyId,
    /// The role to assign or unassign.
    pub role: RoleRef,
    /// The enrolment method (plugin name, in lower case; `manual` when `enrol` is empty or
    /// absent): id in [`crate::read::Keys::methods`].
    pub method: KeyId,
    /// The enrolment's start.
    pub start: TimeRef,
    /// The enrolment's end.
    pub end: TimeRef,
    /// Column `gcmd`, if given.
    pub group_command: Option<GroupCommand>,
    /// The group names of `g1`…`g9`, non-empty and each once: a range into
    /// [`crate::read::ParsedFile::group_names`] (see [`crate::read::ParsedFile::line_groups`]).
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

/// A line rejected while reading, before any lookup: the file alone shows it cannot apply
/// (too many fields, an open quote, a bad date…).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    /// Physical line number (1-based).
    pub number: u32,
    /// The line's text: a byte range of [`crate::read::ParsedFile::text`], without its line
    /// terminator.
    pub raw: Range<usize>,
    /// Why it is rejected.
    pub error: LineError,
    /// Whom and where it is about.
    pub names: Named,
}

/// A comment line (spec §2.3: it starts with `#`, `/`, `-`, `(`, `[` or a space) that holds the
/// file's delimiter. It is skipped, but a data line whose first byte was damaged into a comment
/// marker looks just like it: full sync leaves alone those it may name (spec §4).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// Physical line number (1-based).
    pub number: u32,
    /// The line's text: a byte range of [`crate::read::ParsedFile::text`], without its line
    /// terminator.
    pub raw: Range<usize>,
}
