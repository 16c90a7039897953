//! Reading a whole file: decode, detect the dialect, read the header, validate every line and
//! intern the values it names. [`read`] turns the file's bytes and the [`ReadOptions`] into a
//! [`ParsedFile`]: its valid lines, its rejected lines, and the distinct values they name
//! ([`Keys`]), which are what PHP looks up and what plans are made from.
//!
//! Only what the file alone can show is checked here (columns, fields, commands, dates, ids);
//! whether the users, courses and roles exist is for [`crate::resolve`]. Large files are read
//! in pieces, in parallel, whose results are merged as if read in one go.

use std::ops::Range;

use rayon::prelude::*;

use rustc_hash::FxHashMap;

use crate::date::{Time, parse_time};
use crate::decode::{Decoded, Encoding, EncodingChoice, EncodingReason, decode};
use crate::dialect::{DelimiterChoice, Format, FormatChoice, detect_delimiter, detect_format};
use crate::error::{FileError, LineError};
use crate::keys::{KeyId, KeySet};
use crate::line::{Command, GroupCommand, Line, Named, Rejected, RoleRef, Skipped, TimeRef};
use crate::record::{Entry, Records, is_comment, lines_of_offsets, normalize_line_endings};
use crate::snapshot::Id;

/// Which user field the `uid` column holds (setting *user identifier*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum UserField {
    /// The user's database id (discouraged: ids differ between sites); must be a positive
    /// integer ([`LineError::BadId`]).
    Id,
    /// The user's ID number, as the information system knows them: the default.
    #[default]
    IdNumber,
    /// The username, matched in lower case (Moodle stores usernames so).
    Username,
    /// The e-mail address, matched without regard to case; it may match several users
    /// ([`LineError::AmbiguousUser`]).
    Email,
}

/// Which course field the `cid` column holds (setting *course identifier*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CourseField {
    /// The course's database id (discouraged: ids differ between sites); must be a positive
    /// integer ([`LineError::BadId`]).
    Id,
    /// The course's ID number, which Moodle lets be empty or shared
    /// ([`LineError::AmbiguousCourse`]).
    IdNumber,
    /// The course's short name, mandatory and unique in Moodle: the default.
    #[default]
    ShortName,
}

impl UserField {
    /// The setting's value: `id`, `idnumber`, `username` or `email` (the column's name).
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
    /// The setting's value: `id`, `idnumber` or `shortname` (the column's name).
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
    /// Setting *format*: detect it (default) or force native or flat file.
    pub format: FormatChoice,
    /// Setting *encoding*, for a file without byte-order mark (auto by default).
    pub encoding: EncodingChoice,
    /// Setting *delimiter*: detect it (default) or use the one given.
    pub delimiter: DelimiterChoice,
    /// Setting *default command*: the command of native lines whose `cmd` is absent or empty
    /// (`add` by default).
    pub default_command: Command,
    /// Setting *user identifier*: what `uid` holds (ID number by default). Ignored for flat
    /// files.
    pub user_field: UserField,
    /// Setting *course identifier*: what `cid` holds (short name by default). Ignored for flat
    /// files.
    pub course_field: CourseField,
    /// Setting *default role*: the role (its id) of lines whose role is empty, which then read
    /// as [`RoleRef::Default`]; `None` (the default): such lines fail.
    pub default_role: Option<Id>,
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
            default_role: None,
        }
    }
}

/// A file, read and validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedFile {
    /// The decoded text, with lone carriage returns made line feeds; lines point into it.
    pub text: String,
    /// The encoding the file was read with (reported to the operator).
    pub encoding: Encoding,
    /// Why that encoding.
    pub encoding_reason: EncodingReason,
    /// Physical lines (1-based, in order) that hold bytes that are not valid UTF-8, read as
    /// replacement characters: those that are data lines are rejected ([`LineError::InvalidUtf8`]).
    pub invalid_lines: Vec<u32>,
    /// The field delimiter, detected or set: one of [`crate::dialect::CANDIDATES`] (or the
    /// byte a setting gave).
    pub delimiter: u8,
    /// The file's format, detected or set.
    pub format: Format,
    /// Range of the header line in `text` (empty for flat files).
    pub header: Range<usize>,
    /// The user identifier field in force: the setting's, or the ID number for a flat file
    /// (which always names users and courses by ID number).
    pub user_field: UserField,
    /// The course identifier field in force: the setting's, or the ID number for a flat file.
    pub course_field: CourseField,
    /// Where a line's user is: its column (`uid`'s, or a flat file's third field), from 0.
    pub user_column: usize,
    /// Where a line's course is: its column (`cid`'s, or a flat file's fourth field), from 0.
    pub course_column: usize,
    /// Where a line's role is: its column (`rolename`'s, or a flat file's second field), from 0.
    pub role_column: usize,
    /// The role of lines whose role is empty ([`ReadOptions::default_role`]).
    pub default_role: Option<Id>,
    /// The valid lines, in file order.
    pub lines: Vec<Line>,
    /// The lines rejected while reading, in file order. With `lines`, every data line of the
    /// file is in exactly one of the two.
    pub rejected: Vec<Rejected>,
    /// The comment lines after the header (every one in a flat file) that hold the delimiter,
    /// in file order: not data, but no evidence either (full sync, spec §4).
    pub skipped: Vec<Skipped>,
    /// The distinct values the lines name, valid and rejected ones alike.
    pub keys: Keys,
    /// Group name ids (into [`Keys::groups`]) of all lines, one after the other: each line owns
    /// the range [`Line::groups`].
    pub group_names: Vec<KeyId>,
}

impl ParsedFile {
    /// The text of `range` (a line's or the header's), as the decoded file writes it.
    pub fn raw(&self, range: &Range<usize>) -> &str {
        &self.text[range.clone()]
    }

    /// Number of data lines (valid and rejected).
    pub fn line_count(&self) -> usize {
        self.lines.len() + self.rejected.len()
    }

    /// The groups a valid line names (ids into [`Keys::groups`]), in column order, each once.
    pub fn line_groups(&self, line: &Line) -> &[KeyId] {
        &self.group_names[line.groups.start as usize..line.groups.end as usize]
    }
}

/// The enrolment method of lines that name none.
pub const DEFAULT_METHOD: &str = "manual";

/// Files smaller than this are read in one piece: threads would cost more than they save.
const MIN_PIECE_BYTES: usize = 1 << 20;

/// Reads and validates a whole file. File-level problems are errors; line-level ones end up in
/// [`ParsedFile::rejected`].
///
/// Large files are read in one piece per thread, in parallel. Pieces are not smaller: merging
/// them interns again the keys each piece names, and a piece names most users of the file.
pub fn read(bytes: Vec<u8>, options: &ReadOptions) -> Result<ParsedFile, FileError> {
    let piece_bytes = bytes
        .len()
        .div_ceil(rayon::current_num_threads())
        .max(MIN_PIECE_BYTES);
    read_in_pieces(bytes, options, piece_bytes)
}

/// [`read`], with the lines after the header cut in pieces of about `piece_bytes` that are read
/// in parallel. The result is the same whatever the size (tests compare them).
pub fn read_in_pieces(
    bytes: Vec<u8>,
    options: &ReadOptions,
    piece_bytes: usize,
) -> Result<ParsedFile, FileError> {
    let Decoded {
        text,
        encoding,
        reason: encoding_reason,
        invalid,
    } = decode(bytes, options.encoding)?;
    let text = normalize_line_endings(text);
    let invalid_lines = lines_of_offsets(&text, &invalid);
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
    let mut records = Records::new(&text, delimiter);
    let (header, layout) = match format {
        Format::Native => {
            let header = records.next_entry().ok_or(FileError::Empty)?;
            if invalid_lines.binary_search(&header.line).is_ok() {
                // Its column names cannot be read.
                return Err(FileError::Undecodable {
                    encoding: encoding.name(),
                    line: header.line,
                });
            }
            let columns = Columns::from_header(&records, &header)?;
            (header.raw, Layout::Native(columns))
        }
        Format::FlatFile => (0..0, Layout::FlatFile),
    };
    let (user_column, course_column, role_column) = match &layout {
        Layout::Native(columns) => (columns.uid, columns.cid, columns.rolename),
        Layout::FlatFile => (FLAT_FILE_USER, FLAT_FILE_COURSE, FLAT_FILE_ROLE),
    };
    let settings = LineSettings {
        delimiter,
        layout,
        default_command: options.default_command,
        default_role: options.default_role.is_some(),
        user_field,
        course_field,
        invalid_lines,
    };
    let body = records.offset().min(text.len());
    let content = read_body(&text, body, &settings, piece_bytes);
    let file = ParsedFile {
        text,
        encoding,
        encoding_reason,
        invalid_lines: settings.invalid_lines,
        delimiter,
        format,
        header,
        user_field,
        course_field,
        user_column,
        course_column,
        role_column,
        default_role: options.default_role,
        lines: content.lines,
        rejected: content.rejected,
        skipped: content.skipped,
        keys: content.keys,
        group_names: content.group_names,
    };
    if file.line_count() == 0 {
        return Err(FileError::Empty);
    }
    Ok(file)
}

/// The lines from byte `body` on, read piece by piece in parallel. A record never spans a line
/// break and pieces end at line ends, so each piece reads as it would in the whole text.
fn read_body(text: &str, body: usize, settings: &LineSettings, piece_bytes: usize) -> Content {
    let parts: Vec<Content> = pieces(text, body, piece_bytes)
        .par_iter()
        .map(|piece| read_piece(text, piece, settings))
        .collect();
    Content::merge(parts)
}

/// Whole physical lines of the text.
struct Piece {
    range: Range<usize>,
    /// Number of lines before the piece.
    lines_before: u32,
    /// Number of line feeds in the piece.
    newlines: usize,
}

/// Pieces of about `piece_bytes` from `body` to the end.
fn pieces(text: &str, body: usize, piece_bytes: usize) -> Vec<Piece> {
    let bytes = text.as_bytes();
    let count_newlines = |range: Range<usize>| memchr::memchr_iter(b'\n', &bytes[range]).count();
    let mut lines_before = count_newlines(0..body);
    let mut pieces = Vec::new();
    let mut start = body;
    loop {
        let nominal = start.saturating_add(piece_bytes.max(1));
        let end = match bytes
            .get(nominal..)
            .and_then(|rest| memchr::memchr(b'\n', rest))
        {
            Some(offset) => nominal + offset + 1,
            None => bytes.len(),
        };
        let newlines = count_newlines(start..end);
        pieces.push(Piece {
            range: start..end,
            lines_before: lines_before as u32,
            newlines,
        });
        if end == bytes.len() {
            return pieces;
        }
        lines_before += newlines;
        start = end;
    }
}

/// Reads the lines of one piece.
fn read_piece(text: &str, piece: &Piece, settings: &LineSettings) -> Content {
    let mut records = Records::new(&text[piece.range.clone()], settings.delimiter);
    let mut reader = LineReader {
        settings,
        content: Content::with_capacity(piece.newlines + 1),
        times: FxHashMap::default(),
        offset: piece.range.start,
        lines_before: piece.lines_before,
    };
    while let Some(entry) = records.next_entry() {
        reader.add(&records, entry);
    }
    let mut content = reader.content;
    content.skipped = records
        .skipped()
        .iter()
        .map(|entry| Skipped {
            number: piece.lines_before + entry.line,
            raw: entry.raw.start + piece.range.start..entry.raw.end + piece.range.start,
        })
        .collect();
    content
}

fn first_data_line(text: &str) -> Option<&str> {
    text.lines()
        .filter(|l| !is_comment(l.as_bytes()))
        .map(str::trim)
        .find(|l| !l.is_empty())
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
    fn from_header(records: &Records, header: &Entry) -> Result<Self, FileError> {
        let line = header.line;
        if header.unterminated {
            // The open field runs to the end of the line: named with its quote, it is unknown.
            let open = records.field(records.len().saturating_sub(1));
            return Err(FileError::UnknownColumn {
                name: format!("\"{open}"),
                line,
            });
        }
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
        // A header ending with a delimiter (spreadsheets write them) has no column there.
        let count = used_fields(records);
        for i in 0..count {
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
            count,
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
    /// `disable`/`enable` without an `enrol` column ([`Line::any_method`]).
    any_method: bool,
    /// Raw start and end, parsed (once per distinct value) by [`LineReader::time`].
    start: &'r str,
    end: &'r str,
    dates_allowed: bool,
    /// Flat files: a time that is 0 or empty is no start or no end (0), set as enrol_flatfile
    /// sets it, rather than not given.
    empty_time_is_zero: bool,
    group_command: Option<GroupCommand>,
    groups: Vec<&'r str>,
}

/// How the lines of a file are read: from its header and the options.
struct LineSettings {
    delimiter: u8,
    layout: Layout,
    default_command: Command,
    /// Whether a line's role may be empty (the *default role* setting is set).
    default_role: bool,
    user_field: UserField,
    course_field: CourseField,
    /// Physical lines that hold bytes that are not valid UTF-8, in order.
    invalid_lines: Vec<u32>,
}

/// The distinct values that lines name, each in its order of first appearance (lines hold ids
/// into them). PHP looks each set up in bulk to fill the [`crate::snapshot::Snapshot`].
///
/// Users and courses include those that rejected lines name ([`crate::line::Named`]), so that
/// full sync can tell whom a failed line protects.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Keys {
    /// Values of `uid`, in the field of [`ParsedFile::user_field`]; in lower case when that is
    /// the username or e-mail address.
    pub users: KeySet,
    /// Values of `cid`, in the field of [`ParsedFile::course_field`].
    pub courses: KeySet,
    /// Role shortnames (never `*`, which is [`RoleRef::All`]).
    pub roles: KeySet,
    /// Enrolment plugin names, in lower case, [`DEFAULT_METHOD`] for lines that name none.
    pub methods: KeySet,
    /// Group names, as written (trimmed): matched by name within each line's course.
    pub groups: KeySet,
    /// Calendar dates, canonical (`YYYY-MM-DD HH:MM:SS`), for PHP to convert to timestamps in
    /// the site's time zone ([`crate::snapshot::Snapshot::add_date`]).
    pub dates: KeySet,
}

/// The lines of a piece of the file, with the keys they name.
#[derive(Default)]
struct Content {
    lines: Vec<Line>,
    rejected: Vec<Rejected>,
    skipped: Vec<Skipped>,
    keys: Keys,
    /// Group name ids of all lines, each line owning a range.
    group_names: Vec<KeyId>,
}

impl Content {
    fn with_capacity(lines: usize) -> Self {
        // Sized once: growing a million-line vector by doubling copies it and can hold twice
        // the memory it needs.
        Content {
            lines: Vec::with_capacity(lines),
            ..Default::default()
        }
    }

    /// The contents of consecutive pieces as one. Keys keep their order of first appearance,
    /// so the result is the content of the pieces read as one.
    fn merge(parts: Vec<Content>) -> Content {
        let lines = parts.iter().map(|p| p.lines.len()).sum::<usize>();
        let mut parts = parts.into_iter();
        let mut whole = parts.next().unwrap_or_default();
        whole.lines.reserve(lines - whole.lines.len());
        for part in parts {
            whole.append(part);
        }
        whole
    }

    fn append(&mut self, part: Content) {
        let keys = &mut self.keys;
        let users = keys.users.intern_all(&part.keys.users);
        let courses = keys.courses.intern_all(&part.keys.courses);
        let roles = keys.roles.intern_all(&part.keys.roles);
        let methods = keys.methods.intern_all(&part.keys.methods);
        let groups = keys.groups.intern_all(&part.keys.groups);
        let dates = keys.dates.intern_all(&part.keys.dates);
        let time = |time: TimeRef| match time {
            TimeRef::Local(date) => TimeRef::Local(dates[date as usize]),
            other => other,
        };
        // Each line owns a range of the group names, in line order: appending them all shifts
        // every range by the same amount.
        let shift = self.group_names.len() as u32;
        self.group_names
            .extend(part.group_names.iter().map(|&name| groups[name as usize]));
        self.lines
            .par_extend(part.lines.into_par_iter().map(|line| Line {
                user: users[line.user as usize],
                course: courses[line.course as usize],
                role: match line.role {
                    RoleRef::Named(role) => RoleRef::Named(roles[role as usize]),
                    other => other,
                },
                method: methods[line.method as usize],
                start: time(line.start),
                end: time(line.end),
                groups: line.groups.start + shift..line.groups.end + shift,
                ..line
            }));
        self.skipped.extend(part.skipped);
        self.rejected
            .extend(part.rejected.into_iter().map(|rejected| Rejected {
                names: match rejected.names {
                    Named::Nobody => Named::Nobody,
                    Named::User { user, course } => Named::User {
                        user: users[user as usize],
                        course: course.map(|course| courses[course as usize]),
                    },
                },
                ..rejected
            }));
    }
}

/// Reads the lines of one piece of the file into its [`Content`].
struct LineReader<'s> {
    settings: &'s LineSettings,
    content: Content,
    /// Valid time values already parsed: a file repeats a few dates on every line.
    times: FxHashMap<Box<str>, TimeRef>,
    /// Where the piece starts in the text, and the number of lines before it.
    offset: usize,
    lines_before: u32,
}

impl LineReader<'_> {
    fn add(&mut self, records: &Records, entry: Entry) {
        let number = self.lines_before + entry.line;
        let raw = entry.raw.start + self.offset..entry.raw.end + self.offset;
        let invalid = self.settings.invalid_lines.binary_search(&number).is_ok();
        let parsed = if invalid {
            Err(LineError::InvalidUtf8)
        } else if entry.unterminated {
            Err(LineError::UnterminatedQuote)
        } else {
            match &self.settings.layout {
                Layout::Native(columns) => self.native(records, columns),
                Layout::FlatFile => flat_file(records, self.settings.default_role),
            }
        };
        let line = parsed
            .and_then(|fields| self.check_common(fields))
            .and_then(|fields| self.intern(number, raw.clone(), fields));
        match line {
            Ok(line) => self.content.lines.push(line),
            Err(error) => {
                let names = self.names(records, entry.unterminated, invalid);
                self.content.rejected.push(Rejected {
                    number,
                    raw,
                    error,
                    names,
                });
            }
        }
    }

    /// Whom and where a rejected line is about (spec §4): nobody when its fields cannot be
    /// trusted (an open quote; more fields than the header, or too few to reach its last
    /// required column: a delimiter added or lost, so maybe shifted) or its user field is empty
    /// or undecodable; else its user, interned as a valid line's, in its course when that can be
    /// read.
    fn names(&mut self, records: &Records, unterminated: bool, invalid: bool) -> Named {
        let (count, required, user, course) = match &self.settings.layout {
            Layout::Native(columns) => (
                columns.count,
                columns.cid.max(columns.uid).max(columns.rolename),
                columns.uid,
                columns.cid,
            ),
            Layout::FlatFile => (
                FLAT_FILE_FIELDS,
                FLAT_FILE_REQUIRED - 1,
                FLAT_FILE_USER,
                FLAT_FILE_COURSE,
            ),
        };
        if unterminated || used_fields(records) > count || records.len() <= required {
            return Named::Nobody;
        }
        // Empty, or holding a byte that was not UTF-8 (a replacement character, on such a line).
        let unreadable = |value: &str| {
            value.is_empty() || (invalid && value.contains(char::REPLACEMENT_CHARACTER))
        };
        let (user, course) = (records.field(user), records.field(course));
        if unreadable(user) {
            return Named::Nobody;
        }
        let course_known =
            !unreadable(course) && (self.settings.course_field != CourseField::Id || is_id(course));
        let keys = &mut self.content.keys;
        Named::User {
            user: intern_user(&mut keys.users, self.settings.user_field, user),
            course: course_known.then(|| keys.courses.intern(course)),
        }
    }

    fn native<'r>(
        &self,
        records: &'r Records<'_>,
        columns: &Columns,
    ) -> Result<Fields<'r>, LineError> {
        if used_fields(records) > columns.count {
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
        let command = match get(columns.cmd) {
            "" => self.settings.default_command,
            value => Command::parse(value).ok_or_else(|| LineError::BadCommand(value.into()))?,
        };
        // An empty role means the default role, if set; disable and enable use none.
        let role = if self.settings.default_role || !command.uses_role() {
            records.field(columns.rolename)
        } else {
            required(columns.rolename, "rolename")?
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
            any_method: !command.uses_role() && columns.enrol.is_none(),
            start: get(columns.starttime),
            end: get(columns.endtime),
            dates_allowed: true,
            empty_time_is_zero: false,
            group_command,
            groups,
        })
    }

    /// Checks shared by both formats. Database ids must be numbers: checked here, so that no
    /// lookup compares an id with text.
    fn check_common<'r>(&self, fields: Fields<'r>) -> Result<Fields<'r>, LineError> {
        if fields.role == "*" && matches!(fields.command, Command::Add | Command::Shift) {
            return Err(LineError::BadWildcard);
        }
        if self.settings.user_field == UserField::Id && !is_id(fields.user) {
            return Err(LineError::BadId(fields.user.into()));
        }
        if self.settings.course_field == CourseField::Id && !is_id(fields.course) {
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
            Time::Local(date) => TimeRef::Local(self.content.keys.dates.intern(&date)),
        };
        self.times.insert(value.into(), time);
        Ok(time)
    }

    /// The line with its values interned; times are checked first, so that a line rejected for
    /// them adds no key but those it names ([`LineReader::names`]).
    fn intern(
        &mut self,
        number: u32,
        raw: Range<usize>,
        fields: Fields,
    ) -> Result<Line, LineError> {
        let given = |time| match time {
            TimeRef::Unset if fields.empty_time_is_zero => TimeRef::At(0),
            time => time,
        };
        let start = given(self.time(fields.start, fields.dates_allowed)?);
        let end = given(self.time(fields.end, fields.dates_allowed)?);
        let user_field = self.settings.user_field;
        let content = &mut self.content;
        let keys = &mut content.keys;
        let user = intern_user(&mut keys.users, user_field, fields.user);
        let role = match fields.role {
            "*" => RoleRef::All,
            _ if !fields.command.uses_role() => RoleRef::All,
            "" => RoleRef::Default,
            named => RoleRef::Named(keys.roles.intern(named)),
        };
        let method = if fields.method.is_empty() {
            keys.methods.intern(DEFAULT_METHOD)
        } else if fields.method.bytes().any(|b| b.is_ascii_uppercase()) {
            keys.methods.intern(&fields.method.to_ascii_lowercase())
        } else {
            keys.methods.intern(fields.method)
        };
        let first_group = content.group_names.len() as u32;
        for name in &fields.groups {
            let id = keys.groups.intern(name);
            if !content.group_names[first_group as usize..].contains(&id) {
                content.group_names.push(id);
            }
        }
        Ok(Line {
            number,
            raw,
            command: fields.command,
            user,
            course: keys.courses.intern(fields.course),
            role,
            method,
            any_method: fields.any_method,
            start,
            end,
            group_command: fields.group_command,
            groups: first_group..content.group_names.len() as u32,
        })
    }
}

/// A database id: digits only, a positive number.
fn is_id(value: &str) -> bool {
    value.bytes().all(|b| b.is_ascii_digit()) && value.parse::<i64>().is_ok_and(|n| n > 0)
}

/// The id of a user key, as lines and rejected lines name it.
fn intern_user(users: &mut KeySet, field: UserField, value: &str) -> KeyId {
    if matches!(field, UserField::Email | UserField::Username) {
        // Moodle stores usernames in lower case and compares e-mail addresses without regard to
        // case: on every database, whatever its collation (README, "Matching").
        users.intern(&value.to_lowercase())
    } else {
        users.intern(value)
    }
}

/// The number of fields of the last record, not counting empty ones at its end.
fn used_fields(records: &Records) -> usize {
    (0..records.len())
        .rev()
        .find(|&i| !records.field(i).is_empty())
        .map_or(0, |i| i + 1)
}

/// A flat-file line has at most this many fields.
const FLAT_FILE_FIELDS: usize = 6;
/// The flat-file field of the role (the second).
const FLAT_FILE_ROLE: usize = 1;
/// The flat-file field of the user's idnumber (the third).
const FLAT_FILE_USER: usize = 2;
/// The flat-file field of the course's idnumber (the fourth).
const FLAT_FILE_COURSE: usize = 3;
/// A flat-file line has at least this many fields (operation, role, user, course).
const FLAT_FILE_REQUIRED: usize = 4;

/// `operation, role, user idnumber, course idnumber[, start[, end]]`, timestamps only. The role
/// may be empty when there is a default role.
fn flat_file<'r>(records: &'r Records<'_>, default_role: bool) -> Result<Fields<'r>, LineError> {
    let used = used_fields(records);
    if used > FLAT_FILE_FIELDS {
        return Err(LineError::TooManyFields(FLAT_FILE_FIELDS));
    }
    if used < FLAT_FILE_REQUIRED {
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
        role: if default_role {
            records.field(FLAT_FILE_ROLE)
        } else {
            nonempty(FLAT_FILE_ROLE, "role")?
        },
        user: nonempty(FLAT_FILE_USER, "user")?,
        course: nonempty(FLAT_FILE_COURSE, "course")?,
        method: "",
        any_method: false,
        start: records.field(4),
        end: records.field(5),
        dates_allowed: false,
        empty_time_is_zero: true,
        group_command: None,
        groups: Vec::new(),
    })
}
