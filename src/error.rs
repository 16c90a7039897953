//! Typed errors. Every error has a stable message key: the PHP side turns it into a translated
//! string (`get_string('error_' . key, 'tool_enrolsync', arg)`), so the keys are part of the API.

use thiserror::Error;

/// A problem with the file as a whole: nothing in it is applied.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum FileError {
    #[error("the file has no data line")]
    Empty,
    #[error("line {line}: the file is not valid {encoding}")]
    Undecodable { encoding: &'static str, line: u32 },
    #[error("cannot read the file '{0}'")]
    Unreadable(String),
    /// Column errors carry the header's line, which comments may push down.
    #[error("unknown column '{name}'")]
    UnknownColumn { name: String, line: u32 },
    #[error("missing required column '{name}'")]
    MissingColumn { name: String, line: u32 },
    #[error("column '{name}' appears more than once")]
    DuplicateColumn { name: String, line: u32 },
    #[error("invalid option {name}: '{value}'")]
    BadOption { name: &'static str, value: String },
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

    /// The value the message names (column, encoding, option), if any.
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

/// Why one line is rejected (or, for [`LineError::UnknownGroup`], why part of it is).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Error)]
pub enum LineError {
    #[error("more fields than the header ({0} columns)")]
    TooManyFields(usize),
    #[error("too few fields: a flat-file line is 'operation, role, user, course[, start[, end]]'")]
    TooFewFields,
    #[error("a quote opened on this line is never closed")]
    UnterminatedQuote,
    /// A byte of the line is not valid UTF-8, in a file read as UTF-8.
    #[error("not valid UTF-8")]
    InvalidUtf8,
    #[error("'{0}' is empty")]
    EmptyValue(&'static str),
    #[error("unknown command '{0}'")]
    BadCommand(String),
    #[error("unknown group command '{0}'")]
    BadGroupCommand(String),
    #[error("the group command needs at least one group name")]
    NoGroups,
    #[error("'{0}' is not a date (YYYY-MM-DD, YYYY-MM-DD HH:MM:SS or a Unix timestamp)")]
    BadDate(String),
    #[error("'{0}' is not a database id")]
    BadId(String),
    #[error("role '*' can only be used with the del command")]
    BadWildcard,
    #[error("the end date is before the start date")]
    EndBeforeStart,
    #[error("unknown user '{0}'")]
    UnknownUser(String),
    #[error("'{0}' matches several users")]
    AmbiguousUser(String),
    #[error("unknown course '{0}'")]
    UnknownCourse(String),
    #[error("the site course cannot be a target")]
    SiteCourse,
    #[error("unknown role '{0}'")]
    UnknownRole(String),
    #[error("role '{0}' cannot be assigned in a course")]
    RoleNotAssignable(String),
    #[error("unknown enrolment method '{0}'")]
    UnknownMethod(String),
    #[error("enrolment method '{0}' is disabled on this site")]
    MethodDisabled(String),
    #[error("the course has no '{0}' enrolment instance and none can be created")]
    NoInstance(String),
    #[error("unknown group(s) in the course: {0}")]
    UnknownGroup(String),
    #[error("role '{0}' is not one this tool may assign (setting)")]
    RoleNotAllowed(String),
    #[error("the enrolment method '{0}' does not let a tool do this")]
    MethodNotAllowed(String),
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
            LineError::NoInstance(_) => "noinstance",
            LineError::UnknownGroup(_) => "unknowngroup",
            LineError::RoleNotAllowed(_) => "rolenotallowed",
            LineError::MethodNotAllowed(_) => "methodnotallowed",
            LineError::AmbiguousCourse(_) => "ambiguouscourse",
        }
    }

    /// The value the message names, if any.
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
