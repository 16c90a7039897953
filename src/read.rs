//! Reading a whole file: decode, detect the dialect, read the header, validate every line and
//! intern the values it names. The result, [`ParsedFile`], is what keys and plans are made from.

use std::ops::Range;

use rustc_hash::FxHashMap;

use crate::date::{Time, parse_time};
use crate::decode::{Encoding, EncodingChoice, decode};
use crate::dialect::{DelimiterChoice, Format, FormatChoice, detect_delimiter, detect_format};
use crate::error::{FileError, LineError};
use crate::keys::{KeyId, KeySet};
use crate::line::{Command, GroupCommand, Line, Rejected, RoleRef, TimeRef};
use crate::record::{Entry, Records, normalize_line_endings};

/// Which user field the `uid` column holds (setting *user identifier*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserField {
    Id,
    #[default]
    IdNumber,
    Username,
    Email,
}

/// Which course field the `cid` column holds (setting *course identifier*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CourseField {
    Id,
    IdNumber,
    #[default]
    ShortName,
}

impl UserField {
    pub fn parse(value: &str) -> Result<Self, FileError> {
        match value {
            "id" => Ok(Self::Id),
            "idnumber" => Ok(Self::IdNumber),
            "username" => Ok(Self::Username),
            "email" => Ok(Self::Email),
            _ => Err(FileError::BadOption {
                name: "useridentifier",
                value: value.into(),
            }),
        }
    }

    /// The column of Moodle's `user` table.
    pub fn column(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::IdNumber => "idnumber",
            Self::Username => "username",
            Self::Email => "email",
        }
    }
}

impl CourseField {
    pub fn parse(value: &str) -> Result<Self, FileError> {
        match value {
            "id" => Ok(Self::Id),
            "idnumber" => Ok(Self::IdNumber),
            "shortname" => Ok(Self::ShortName),
            _ => Err(FileError::BadOption {
                name: "courseidentifier",
                value: value.into(),
            }),
        }
    }

    /// The column of Moodle's `course` table.
    pub fn column(self) -> &'static str {
        match self {
            Self::Id => "id",
            Self::IdNumber => "idnumber",
            Self::ShortName => "shortname",
        }
    }
}

/// How to read a file (the reading settings of spec §8).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReadOptions {
    pub format: FormatChoice,
    pub encoding: EncodingChoice,
    pub delimiter: DelimiterChoice,
    pub default_command: Command,
    pub user_field: UserField,
    pub course_field: CourseField,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            format: FormatChoice::Auto,
            encoding: EncodingChoice::Auto,
            delimiter: DelimiterChoice::Auto,
            default_command: Command::Add,
            user_field: UserField::IdNumber,
            course_field: CourseField::ShortName,
        }
    }
}

/// A file, read and validated.
#[derive(Debug, Clone)]
pub struct ParsedFile {
    /// The decoded text; lines point into it.
    pub text: String,
    pub encoding: Encoding,
    pub delimiter: u8,
    pub format: Format,
    /// Range of the header line in `text` (empty for flat files).
    pub header: Range<usize>,
    /// The identifier fields in force (a flat file always names users and courses by idnumber).
    pub user_field: UserField,
    pub course_field: CourseField,
    pub lines: Vec<Line>,
    pub rejected: Vec<Rejected>,
    pub users: KeySet,
    pub courses: KeySet,
    pub roles: KeySet,
    pub methods: KeySet,
    pub groups: KeySet,
    pub dates: KeySet,
    /// Group name ids of all lines, each line owning a range.
    pub group_names: Vec<KeyId>,
}

impl ParsedFile {
    pub fn raw(&self, range: &Range<usize>) -> &str {
        &self.text[range.clone()]
    }

    /// Number of data lines (valid and rejected).
    pub fn line_count(&self) -> usize {
        self.lines.len() + self.rejected.len()
    }

    pub fn line_groups(&self, line: &Line) -> &[KeyId] {
        &self.group_names[line.groups.start as usize..line.groups.end as usize]
    }
}

/// The enrolment method of lines that name none.
pub const DEFAULT_METHOD: &str = "manual";

/// Reads and validates a whole file. File-level problems are errors; line-level ones end up in
/// [`ParsedFile::rejected`].
pub fn read(bytes: Vec<u8>, options: &ReadOptions) -> Result<ParsedFile, FileError> {
    let (text, encoding) = decode(bytes, options.encoding)?;
    let text = normalize_line_endings(text);
    let first = first_data_line(&text).ok_or(FileError::Empty)?;
    let delimiter = match options.delimiter {
        DelimiterChoice::Auto => detect_delimiter(first),
        DelimiterChoice::Fixed(d) => d,
    };
    let format = match options.format {
        FormatChoice::Auto => {
            detect_format(first.split(char::from(delimiter)).next().unwrap_or(""))
        }
        FormatChoice::Fixed(f) => f,
    };
    let (user_field, course_field) = match format {
        Format::Native => (options.user_field, options.course_field),
        Format::FlatFile => (UserField::IdNumber, CourseField::IdNumber),
    };
    let mut file = ParsedFile {
        text: String::new(),
        encoding,
        delimiter,
        format,
        header: 0..0,
        user_field,
        course_field,
        // Sized once: growing a million-line vector by doubling copies it and can hold twice
        // the memory it needs.
        lines: Vec::with_capacity(memchr::memchr_iter(b'\n', text.as_bytes()).count() + 1),
        rejected: Vec::new(),
        users: KeySet::default(),
        courses: KeySet::default(),
        roles: KeySet::default(),
        methods: KeySet::default(),
        groups: KeySet::default(),
        dates: KeySet::default(),
        group_names: Vec::new(),
    };
    let mut records = Records::new(&text, delimiter);
    let layout = match format {
        Format::Native => {
            let header = records.next_entry().ok_or(FileError::Empty)?;
            file.header = header.raw.clone();
            Layout::Native(Columns::from_header(&records, header.line)?)
        }
        Format::FlatFile => Layout::FlatFile,
    };
    let mut reader = LineReader {
        file: &mut file,
        default_command: options.default_command,
        times: FxHashMap::default(),
    };
    while let Some(entry) = records.next_entry() {
        reader.add(&mut records, entry, &layout);
    }
    if file.line_count() == 0 {
        return Err(FileError::Empty);
    }
    file.text = text;
    Ok(file)
}

fn first_data_line(text: &str) -> Option<&str> {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"))
}

/// Where each known column of a native file is.
#[derive(Debug, Default)]
struct Columns {
    count: usize,
    cid: usize,
    uid: usize,
    rolename: usize,
    cmd: Option<usize>,
    enrol: Option<usize>,
    starttime: Option<usize>,
    endtime: Option<usize>,
    gcmd: Option<usize>,
    groups: Vec<usize>,
}

impl Columns {
    fn from_header(records: &Records, line: u32) -> Result<Self, FileError> {
        let mut seen: Vec<String> = Vec::new();
        let mut found: [Option<usize>; 8] = [None; 8];
        let mut groups = [None; 9];
        const NAMES: [&str; 8] = [
            "cid",
            "uid",
            "rolename",
            "cmd",
            "enrol",
            "starttime",
            "endtime",
            "gcmd",
        ];
        for i in 0..records.len() {
            let name = records.field(i).to_lowercase();
            if seen.contains(&name) {
                return Err(FileError::DuplicateColumn { name, line });
            }
            if let Some(slot) = NAMES.iter().position(|n| *n == name) {
                found[slot] = Some(i);
            } else if let Some(g) = group_column(&name) {
                groups[g] = Some(i);
            } else {
                return Err(FileError::UnknownColumn { name, line });
            }
            seen.push(name);
        }
        let required = |slot: usize| {
            found[slot].ok_or_else(|| FileError::MissingColumn {
                name: NAMES[slot].into(),
                line,
            })
        };
        Ok(Columns {
            count: records.len(),
            cid: required(0)?,
            uid: required(1)?,
            rolename: required(2)?,
            cmd: found[3],
            enrol: found[4],
            starttime: found[5],
            endtime: found[6],
            gcmd: found[7],
            groups: groups.into_iter().flatten().collect(),
        })
    }
}

/// `g1` … `g9` → 0 … 8.
fn group_column(name: &str) -> Option<usize> {
    let digit = name.strip_prefix('g')?;
    match digit.as_bytes() {
        [d @ b'1'..=b'9'] => Some(usize::from(d - b'1')),
        _ => None,
    }
}

enum Layout {
    Native(Columns),
    FlatFile,
}

/// The fields of one line, before interning.
struct Fields<'r> {
    command: Command,
    user: &'r str,
    course: &'r str,
    role: &'r str,
    method: &'r str,
    /// Raw start and end, parsed (once per distinct value) by [`LineReader::time`].
    start: &'r str,
    end: &'r str,
    dates_allowed: bool,
    group_command: Option<GroupCommand>,
    groups: Vec<&'r str>,
}

struct LineReader<'f> {
    file: &'f mut ParsedFile,
    default_command: Command,
    /// Valid time values already parsed: a file repeats a few dates on every line.
    times: FxHashMap<Box<str>, TimeRef>,
}

impl LineReader<'_> {
    fn add(&mut self, records: &mut Records, entry: Entry, layout: &Layout) {
        let Entry {
            line: number,
            mut raw,
            unterminated,
        } = entry;
        let parsed = if unterminated {
            Err(LineError::UnterminatedQuote)
        } else {
            match layout {
                Layout::Native(columns) => self.native(records, columns),
                Layout::FlatFile => flat_file(records),
            }
        };
        let line = parsed
            .and_then(|fields| self.check_common(fields))
            .and_then(|fields| self.intern(number, raw.clone(), fields));
        match line {
            Ok(line) => self.file.lines.push(line),
            Err(error) => {
                // A record that runs over several lines and has too many fields is most likely
                // a stray quote: report it on its first line and read the next lines as lines.
                if matches!(error, LineError::TooManyFields(_)) && records.spans_lines(&raw) {
                    raw = records.resume_after_first_line(&raw);
                }
                self.file.rejected.push(Rejected { number, raw, error });
            }
        }
    }

    fn native<'r>(
        &self,
        records: &'r Records<'_>,
        columns: &Columns,
    ) -> Result<Fields<'r>, LineError> {
        let used = (0..records.len())
            .rev()
            .find(|&i| !records.field(i).is_empty())
            .map_or(0, |i| i + 1);
        if used > columns.count {
            return Err(LineError::TooManyFields(columns.count));
        }
        let get = |column: Option<usize>| column.map_or("", |i| records.field(i));
        let required = |i: usize, name: &'static str| {
            let value = records.field(i);
            if value.is_empty() {
                Err(LineError::EmptyValue(name))
            } else {
                Ok(value)
            }
        };
        let course = required(columns.cid, "cid")?;
        let user = required(columns.uid, "uid")?;
        let role = required(columns.rolename, "rolename")?;
        let command = match get(columns.cmd) {
            "" => self.default_command,
            value => Command::parse(value).ok_or_else(|| LineError::BadCommand(value.into()))?,
        };
        let group_command = match get(columns.gcmd) {
            "" => None,
            value => Some(GroupCommand::parse(value)?),
        };
        let groups: Vec<&str> = columns
            .groups
            .iter()
            .map(|&i| records.field(i))
            .filter(|g| !g.is_empty())
            .collect();
        if group_command.is_some_and(GroupCommand::needs_groups) && groups.is_empty() {
            return Err(LineError::NoGroups);
        }
        Ok(Fields {
            command,
            user,
            course,
            role,
            method: get(columns.enrol),
            start: get(columns.starttime),
            end: get(columns.endtime),
            dates_allowed: true,
            group_command,
            groups,
        })
    }

    /// Checks shared by both formats. Database ids must be numbers: checked here, so that no
    /// lookup compares an id with text.
    fn check_common<'r>(&self, fields: Fields<'r>) -> Result<Fields<'r>, LineError> {
        if fields.role == "*" && fields.command != Command::Del {
            return Err(LineError::BadWildcard);
        }
        let is_id = |v: &str| {
            v.bytes().all(|b| b.is_ascii_digit()) && v.parse::<i64>().is_ok_and(|n| n > 0)
        };
        if self.file.user_field == UserField::Id && !is_id(fields.user) {
            return Err(LineError::BadId(fields.user.into()));
        }
        if self.file.course_field == CourseField::Id && !is_id(fields.course) {
            return Err(LineError::BadId(fields.course.into()));
        }
        Ok(fields)
    }

    fn time(&mut self, value: &str, dates_allowed: bool) -> Result<TimeRef, LineError> {
        if let Some(&time) = self.times.get(value) {
            return Ok(time);
        }
        let time = match parse_time(value, dates_allowed)? {
            Time::Unset => TimeRef::Unset,
            Time::Timestamp(s) => TimeRef::At(s),
            Time::Local(date) => TimeRef::Local(self.file.dates.intern(&date)),
        };
        self.times.insert(value.into(), time);
        Ok(time)
    }

    /// The line with its values interned; times are checked first, so that a rejected line
    /// adds no key.
    fn intern(
        &mut self,
        number: u32,
        raw: Range<usize>,
        fields: Fields,
    ) -> Result<Line, LineError> {
        let start = self.time(fields.start, fields.dates_allowed)?;
        let end = self.time(fields.end, fields.dates_allowed)?;
        let file = &mut *self.file;
        let user = if file.user_field == UserField::Email {
            // Moodle compares e-mail addresses without regard to case.
            file.users.intern(&fields.user.to_lowercase())
        } else {
            file.users.intern(fields.user)
        };
        let role = if fields.role == "*" {
            RoleRef::All
        } else {
            RoleRef::Named(file.roles.intern(fields.role))
        };
        let method = if fields.method.is_empty() {
            file.methods.intern(DEFAULT_METHOD)
        } else if fields.method.bytes().any(|b| b.is_ascii_uppercase()) {
            file.methods.intern(&fields.method.to_ascii_lowercase())
        } else {
            file.methods.intern(fields.method)
        };
        let first_group = file.group_names.len() as u32;
        for name in &fields.groups {
            let id = file.groups.intern(name);
            if !file.group_names[first_group as usize..].contains(&id) {
                file.group_names.push(id);
            }
        }
        Ok(Line {
            number,
            raw,
            command: fields.command,
            user,
            course: file.courses.intern(fields.course),
            role,
            method,
            start,
            end,
            group_command: fields.group_command,
            groups: first_group..file.group_names.len() as u32,
        })
    }
}

/// `operation, role, user idnumber, course idnumber[, start[, end]]`, timestamps only.
fn flat_file<'r>(records: &'r Records<'_>) -> Result<Fields<'r>, LineError> {
    let used = (0..records.len())
        .rev()
        .find(|&i| !records.field(i).is_empty())
        .map_or(0, |i| i + 1);
    if used > 6 {
        return Err(LineError::TooManyFields(6));
    }
    if used < 4 {
        return Err(LineError::TooFewFields);
    }
    let operation = records.field(0);
    let command = match operation.to_ascii_lowercase().as_str() {
        "add" => Command::Add,
        "del" => Command::Del,
        _ => return Err(LineError::BadCommand(operation.into())),
    };
    let nonempty = |i: usize, name: &'static str| {
        let value = records.field(i);
        if value.is_empty() {
            Err(LineError::EmptyValue(name))
        } else {
            Ok(value)
        }
    };
    Ok(Fields {
        command,
        role: nonempty(1, "role")?,
        user: nonempty(2, "user")?,
        course: nonempty(3, "course")?,
        method: "",
        start: records.field(4),
        end: records.field(5),
        dates_allowed: false,
        group_command: None,
        groups: Vec::new(),
    })
}
