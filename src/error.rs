//! What can go wrong with a file, at two levels: [`FileError`], a problem with the file as a
//! whole (or with the options it is read or planned with), which stops the run before anything
//! applies; and [`LineError`], a problem with one line, which fails that line only while the
//! others still apply.
//!
//! Every error has a stable message key ([`FileError::key`], [`LineError::key`]) and an
//! argument, the value the message names ([`FileError::arg`], [`LineError::arg`]). PHP turns
//! them into a translated string (`get_string('error_' . key, 'tool_enrolsync', arg)`), so the
//! keys are part of the API: each has its strings in `lang/en` and `lang/fr` (tests/lang.rs
//! checks it). The English messages here (`Display`) are for logs and tests.

use thiserror::Error;

/// A problem with the file as a whole: nothing in it is applied.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileError {
    /// The file holds no data line: it is empty, holds only blank and comment lines, or (native
    /// format) only its header.
    #[error("the file has no data line")]
    Empty,
    /// The file cannot be read as text: a UTF-16 file (known by its byte-order mark) holds an
    /// invalid sequence, or a native file's header line holds bytes that are not valid UTF-8
    /// (its column names cannot be read). Invalid bytes on a data line only fail that line
    /// ([`LineError::InvalidUtf8`]).
    #[error("line {line}: the file is not valid {encoding}")]
    Undecodable {
        /// The encoding's name, as [`crate::decode::Encoding::name`] gives it.
        encoding: &'static str,
        /// The physical line (1-based) of the first invalid sequence.
        line: u32,
    },
    /// The file at this path cannot be read from disk (missing, or not readable by the web
    /// server's user); raised by the PHP glue's `File::open()`.
    #[error("cannot read the file '{0}'")]
    Unreadable(String),
    /// A header field is none of the known columns (`cid`, `uid`, `rolename`, `cmd`, `enrol`,
    /// `starttime`, `endtime`, `gcmd`, `g1`…`g9`, compared trimmed and in any case). A header
    /// whose quote is never closed is reported this way too, its last column named with the
    /// open quote.
    ///
    /// Column errors carry the header's line, which comments may push down.
    #[error("unknown column '{name}'")]
    UnknownColumn {
        /// The column as the header writes it, trimmed and in lower case.
        name: String,
        /// The header's physical line (1-based).
        line: u32,
    },
    /// The header lacks one of the three required columns, `cid`, `uid` or `rolename`.
    #[error("missing required column '{name}'")]
    MissingColumn {
        /// The missing column's name.
        name: String,
        /// The header's physical line (1-based).
        line: u32,
    },
    /// The header names a column twice (compared trimmed and in any case).
    #[error("column '{name}' appears more than once")]
    DuplicateColumn {
        /// The repeated column, in lower case.
        name: String,
        /// The header's physical line (1-based).
        line: u32,
    },
    /// A reading or planning option has a value the core does not accept, whether a setting
    /// (delimiter, encoding, identifiers, default command, removal action, threshold) or an
    /// argument of the PHP API of the wrong type. Never replaced by a default in silence.
    #[error("invalid option {name}: '{value}'")]
    BadOption {
        /// The option's name, as the PHP options array spells it (`delimiter`, `threshold`…).
        name: &'static str,
        /// The value given, as text (or its PHP type in parentheses when it has no text).
        value: String,
    },
}

impl FileError {
    /// The message key (`error_<key>` in the language files).
    pub fn key(&self) -> &'static str {
        match self {
            FileError::Empty => "emptyfile",
            FileError::Undecodable { .. } => "undecodable",
            FileError::Unreadable(_) => "unreadable",
            FileError::UnknownColumn { .. } => "unknowncolumn",
            FileError::MissingColumn { .. } => "missingcolumn",
            FileError::DuplicateColumn { .. } => "duplicatecolumn",
            FileError::BadOption { .. } => "badoption",
        }
    }

    /// The value the message names (column, encoding, path, `option=value`), or '' when it
    /// names none.
    pub fn arg(&self) -> String {
        match self {
            FileError::Empty => String::new(),
            FileError::Undecodable { encoding, .. } => (*encoding).to_string(),
            FileError::Unreadable(path) => path.clone(),
            FileError::UnknownColumn { name, .. }
            | FileError::MissingColumn { name, .. }
            | FileError::DuplicateColumn { name, .. } => name.clone(),
            FileError::BadOption { name, value } => format!("{name}={value}"),
        }
    }

    /// The physical line the error is about (1-based), or 0 when it is about the whole file.
    pub fn line(&self) -> u32 {
        match self {
            FileError::Undecodable { line, .. }
            | FileError::UnknownColumn { line, .. }
            | FileError::MissingColumn { line, .. }
            | FileError::DuplicateColumn { line, .. } => *line,
            _ => 0,
        }
    }
}

/// Why one line fails (or, for [`LineError::UnknownGroup`], why its group part does).
///
/// The first variants, up to [`LineError::BadWildcard`], are found while reading (the file
/// alone shows them): the line is then a [`crate::line::Rejected`] one. The others need the
/// site's state and are found while planning, when the line's keys are resolved against the
/// snapshot or its course is simulated: the line is then valid, but its
/// [`crate::plan::LineOutcome`] carries the error.
/// Either way the other lines of the file still apply.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error)]
pub enum LineError {
    /// The line has more fields than the header has columns (a flat-file line: more than six).
    /// Empty fields at the end of the line do not count, so a trailing delimiter is harmless.
    /// Holds the number of columns allowed.
    #[error("more fields than the header ({0} columns)")]
    TooManyFields(usize),
    /// A flat-file line has fewer than the four fields it needs (counting up to its last
    /// non-empty field).
    #[error("too few fields: a flat-file line is 'operation, role, user, course[, start[, end]]'")]
    TooFewFields,
    /// A field that opens with a quote is still open at the end of the line. The line's fields
    /// cannot be trusted; reading goes on with the next line, which no quote can swallow.
    #[error("a quote opened on this line is never closed")]
    UnterminatedQuote,
    /// A byte of the line is not valid UTF-8, in a file read as UTF-8.
    #[error("not valid UTF-8")]
    InvalidUtf8,
    /// A required value is empty: `cid`, `uid` or `rolename` in a native file; `role`, `user`
    /// or `course` in a flat file. Holds that column's name.
    #[error("'{0}' is empty")]
    EmptyValue(&'static str),
    /// Column `cmd` is not `add`, `del` (or `delete`), `shift`, `disable` or `enable`; in a flat
    /// file, the operation is not `add` or `del`. Holds the value as written.
    #[error("unknown command '{0}'")]
    BadCommand(String),
    /// Column `gcmd` is not `gadd`, `gaddcreate`, `greplace`, `greplacecreate` or `gdel`.
    /// Holds the value as written.
    #[error("unknown group command '{0}'")]
    BadGroupCommand(String),
    /// A group command other than `greplace`/`greplacecreate` (which may empty the user's
    /// groups) is given with every group column (`g1`…`g9`) empty.
    #[error("the group command needs at least one group name")]
    NoGroups,
    /// `starttime` or `endtime` is not a valid `YYYY-MM-DD`, `YYYY-MM-DD HH:MM:SS` or Unix
    /// timestamp (a flat file allows only timestamps); while planning, also a date the
    /// snapshot has no timestamp for. Holds the value as written.
    #[error("'{0}' is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or a Unix timestamp)")]
    BadDate(String),
    /// With the *id* identifier setting, `uid` or `cid` is not a positive integer: checked
    /// while reading, so that no lookup compares an id column with text.
    #[error("'{0}' is not a database id")]
    BadId(String),
    /// `rolename` is `*` (every role) on a line whose command is `add` or `shift`.
    #[error("role '*' can only be used with the del command")]
    BadWildcard,
    /// Both times are given and the end, once converted to a timestamp, is before the start
    /// (an equal end is accepted). Found while planning, since dates are converted by PHP.
    #[error("the end date is before the start date")]
    EndBeforeStart,
    /// No user of the site has this value in the field of the *user identifier* setting
    /// (deleted users and users of other MNet hosts never match).
    #[error("unknown user '{0}'")]
    UnknownUser(String),
    /// Several users have this value (possible for e-mail addresses): never guessed.
    #[error("'{0}' matches several users")]
    AmbiguousUser(String),
    /// No course of the site has this value in the field of the *course identifier* setting.
    #[error("unknown course '{0}'")]
    UnknownCourse(String),
    /// The course key names the site's front page course, which is never a target.
    #[error("the site course cannot be a target")]
    SiteCourse,
    /// No line of the role map names this role, and no role has it as its shortname (compared
    /// without regard to case); or the default role no longer exists (its id is named).
    #[error("unknown role '{0}'")]
    UnknownRole(String),
    /// The role exists but cannot be assigned in a course context.
    #[error("role '{0}' cannot be assigned in a course")]
    RoleNotAssignable(String),
    /// No enrolment plugin of this name is installed on the site (column `enrol`).
    #[error("unknown enrolment method '{0}'")]
    UnknownMethod(String),
    /// An `add`, `shift` or `enable` line names an enrolment plugin disabled site-wide, and the
    /// setting *enrol even when the method or instance is disabled* is off. A `del` or
    /// `disable` line is never refused for it.
    #[error("enrolment method '{0}' is disabled on this site")]
    MethodDisabled(String),
    /// An `add`, `shift` or `enable` line's course has an instance of the method, but it is
    /// disabled in the course (enrolled users would have no access), and the setting *enrol
    /// even when the method or instance is disabled* is off. Holds the method's name.
    #[error(
        "the course's '{0}' enrolment instance is disabled: enrolled users would have no access"
    )]
    InstanceDisabled(String),
    /// An `add` or `shift` line's course has no instance of the method, and none can be added:
    /// the setting *create missing instances* is off, or the plugin cannot add one.
    #[error("the course has no '{0}' enrolment instance and none can be created")]
    NoInstance(String),
    /// The group part names groups the course does not have, with a command that does not
    /// create them. Only that part fails: it changes no group membership, and the rest of the
    /// line still applies. Holds the unknown names, joined with ", ".
    #[error("unknown group(s) in the course: {0}")]
    UnknownGroup(String),
    /// The role is not one of those the setting *roles a run may assign* lists.
    #[error("role '{0}' is not one this tool may assign (setting)")]
    RoleNotAllowed(String),
    /// The enrolment plugin does not let a tool do what the line asks: enrol and manage
    /// enrolments (`add`, `shift`: its `allow_enrol()` and `allow_manage()`) or unenrol (`del`:
    /// its `allow_unenrol()`).
    #[error("the enrolment method '{0}' does not let a tool do this")]
    MethodNotAllowed(String),
    /// Several courses have this value (course ID numbers need not be unique): never guessed.
    #[error("'{0}' matches several courses")]
    AmbiguousCourse(String),
}

impl LineError {
    /// The message key (`error_<key>` in the language files).
    pub fn key(&self) -> &'static str {
        match self {
            LineError::TooManyFields(_) => "toomanyfields",
            LineError::TooFewFields => "toofewfields",
            LineError::UnterminatedQuote => "unterminatedquote",
            LineError::InvalidUtf8 => "invalidutf8",
            LineError::EmptyValue(_) => "emptyvalue",
            LineError::BadCommand(_) => "badcommand",
            LineError::BadGroupCommand(_) => "badgroupcommand",
            LineError::NoGroups => "nogroups",
            LineError::BadDate(_) => "baddate",
            LineError::BadId(_) => "badid",
            LineError::BadWildcard => "badwildcard",
            LineError::EndBeforeStart => "endbeforestart",
            LineError::UnknownUser(_) => "unknownuser",
            LineError::AmbiguousUser(_) => "ambiguoususer",
            LineError::UnknownCourse(_) => "unknowncourse",
            LineError::SiteCourse => "sitecourse",
            LineError::UnknownRole(_) => "unknownrole",
            LineError::RoleNotAssignable(_) => "rolenotassignable",
            LineError::UnknownMethod(_) => "unknownmethod",
            LineError::MethodDisabled(_) => "methoddisabled",
            LineError::InstanceDisabled(_) => "instancedisabled",
            LineError::NoInstance(_) => "noinstance",
            LineError::UnknownGroup(_) => "unknowngroup",
            LineError::RoleNotAllowed(_) => "rolenotallowed",
            LineError::MethodNotAllowed(_) => "methodnotallowed",
            LineError::AmbiguousCourse(_) => "ambiguouscourse",
        }
    }

    /// The value the message names (the value as written, a column name, a column count), or
    /// '' when it names none.
    pub fn arg(&self) -> String {
        match self {
            LineError::TooManyFields(n) => n.to_string(),
            LineError::EmptyValue(column) => (*column).to_string(),
            LineError::BadCommand(v)
            | LineError::BadGroupCommand(v)
            | LineError::BadDate(v)
            | LineError::BadId(v)
            | LineError::UnknownUser(v)
            | LineError::AmbiguousUser(v)
            | LineError::UnknownCourse(v)
            | LineError::UnknownRole(v)
            | LineError::RoleNotAssignable(v)
            | LineError::UnknownMethod(v)
            | LineError::MethodDisabled(v)
            | LineError::InstanceDisabled(v)
            | LineError::NoInstance(v)
            | LineError::UnknownGroup(v)
            | LineError::RoleNotAllowed(v)
            | LineError::MethodNotAllowed(v)
            | LineError::AmbiguousCourse(v) => v.clone(),
            LineError::TooFewFields
            | LineError::UnterminatedQuote
            | LineError::InvalidUtf8
            | LineError::NoGroups
            | LineError::BadWildcard
            | LineError::EndBeforeStart
            | LineError::SiteCourse => String::new(),
        }
    }
}
