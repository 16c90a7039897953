//! The meaning of one file line, once read: a valid [`Line`], or a [`Rejected`] one with its
//! error and whom it names ([`Named`]). The columns' values become [`Command`],
//! [`GroupCommand`], [`RoleRef`] and [`TimeRef`]; what a `del` does is a setting, the
//! [`DelAction`].
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
    /// The user's enrolment through the method ends as the *del action* setting of the file's
    /// format says ([`DelAction`]). Not enrolled: nothing to do, and said so.
    Del,
    /// Like [`Command::Add`], and the user's other roles that a run may assign are
    /// unassigned: they end up with exactly this one of those roles.
    Shift,
    /// tool_sync's `disable`: the user's enrolment through the line's method is suspended (its
    /// roles stay). Without an `enrol` column ([`Line::any_method`]), every enrolment of the
    /// user in the course through a method that lets a tool manage it. The role is not used.
    Disable,
    /// tool_sync's `enable`: the suspended enrolment is reactivated, through the line's method
    /// or, without an `enrol` column, every one the tool may manage. The role is not used.
    Enable,
}

impl Command {
    /// `add`, `del` (or `delete`), `shift`, `disable`, `enable`, in any case.
    pub fn parse(value: &str) -> Option<Self> {
        const NAMES: [(&str, Command); 6] = [
            ("add", Command::Add),
            ("del", Command::Del),
            ("delete", Command::Del),
            ("shift", Command::Shift),
            ("disable", Command::Disable),
            ("enable", Command::Enable),
        ];
        NAMES
            .iter()
            .find(|(name, _)| value.eq_ignore_ascii_case(name))
            .map(|&(_, command)| command)
    }

    /// Whether the line's role matters: `disable` and `enable` change an enrolment's status
    /// only, so their `rolename` may be empty or `*`.
    pub fn uses_role(self) -> bool {
        !matches!(self, Command::Disable | Command::Enable)
    }

    /// Whether the command gives access to the course (enrols, or reactivates), so that a
    /// disabled method or instance refuses it unless a setting allows it.
    pub fn gives_access(self) -> bool {
        matches!(self, Command::Add | Command::Shift | Command::Enable)
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
    /// `*`: every role (with `del`); also the role of `disable` and `enable` lines, which use
    /// none.
    All,
    /// A role as the file names it, matched through the role map or a role's shortname (see
    /// [`crate::resolve::RoleMap`]): its id in [`crate::read::Keys::roles`].
    Named(KeyId),
    /// Empty, with the *default role* setting set: that role
    /// ([`crate::read::ParsedFile::default_role`]).
    Default,
}

/// What a `del` line does to an enrolment: a setting per format (spec §4). The values of the
/// settings are Moodle's `ENROL_EXT_REMOVED_*` constants, as enrol_flatfile's *unenrolaction*
/// uses them, and -1 for tool_sync's behaviour.
///
/// Except for [`DelAction::ToolSync`], a `del` acts as enrol_flatfile's does on the enrolment
/// through the line's method: a user who holds roles in the course but not the line's is left
/// as they are (enrol_flatfile keeps them enrolled for their other roles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DelAction {
    /// -1, tool_sync's: the role is unassigned; the user is unenrolled from the method's
    /// instance when they then hold no role in the course (with `*`: unenrolled). The native
    /// format's default.
    ToolSync,
    /// `ENROL_EXT_REMOVED_UNENROL` (0): the role is unassigned and the user unenrolled from the
    /// method's instance, which takes their other roles, groups and course data with it when it
    /// was their last enrolment in the course.
    Unenrol,
    /// `ENROL_EXT_REMOVED_KEEP` (1): as enrol_flatfile, the `del` changes nothing: the
    /// enrolment and its roles stay.
    Keep,
    /// `ENROL_EXT_REMOVED_SUSPEND` (2): the enrolment is suspended; its roles stay.
    Suspend,
    /// `ENROL_EXT_REMOVED_SUSPENDNOROLES` (3): an active enrolment is suspended, and the
    /// line's role and the other roles a run may assign are unassigned (in enrol_flatfile, the
    /// roles its instance gave). An enrolment already suspended is left as it is. The flat-file
    /// format's default, as enrol_flatfile's.
    SuspendNoRoles,
    /// -2, spec §4's "remove the role only": the line's role is unassigned (with `*`, every role
    /// a run may assign) and the enrolment stays as it is. (enrol_flatfile's "keep" does nothing
    /// at all: [`DelAction::Keep`].)
    RoleOnly,
}

impl DelAction {
    /// The setting's value: -2, -1, 0, 1, 2 or 3 (see each variant).
    pub fn from_setting(value: i64) -> Option<Self> {
        match value {
            -2 => Some(DelAction::RoleOnly),
            -1 => Some(DelAction::ToolSync),
            0 => Some(DelAction::Unenrol),
            1 => Some(DelAction::Keep),
            2 => Some(DelAction::Suspend),
            3 => Some(DelAction::SuspendNoRoles),
            _ => None,
        }
    }
}

/// A validated `starttime` or `endtime`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TimeRef {
    /// Empty or 0 in a native file: not given. A new enrolment then starts at the run's start
    /// time and has no end; an existing one keeps its own.
    Unset,
    /// A Unix timestamp (seconds), used as it is. In a flat file, empty or 0 is `At(0)`: no
    /// start or no end, set as enrol_flatfile sets it, on an existing enrolment too.
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
    /// A `disable` or `enable` line of a file without an `enrol` column: it acts on every
    /// enrolment of the user in the course through a method the tool may manage, and `method`
    /// is not used.
    pub any_method: bool,
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
