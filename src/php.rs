//! The PHP extension: thin glue between PHP values and the core. Nothing here decides anything;
//! it converts arguments, calls the core, and hands back small arrays (see php/enrolsync.stub.php
//! for the API as PHP sees it).

use std::sync::Arc;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::convert::IntoZval;
use ext_php_rs::exception::{PhpException, PhpResult, throw_object};
use ext_php_rs::prelude::*;
use ext_php_rs::types::{ZendClassObject, ZendHashTable, Zval};
use ext_php_rs::zend::{ExecutorGlobals, ce};
use rustc_hash::FxHashMap;

use crate::decode::EncodingChoice;
use crate::dialect::{DelimiterChoice, FormatChoice};
use crate::error::FileError;
use crate::line::{Command, Line, Named, Rejected};
use crate::plan::{self, FullSync, LineStatus, Op, PlanOptions, Protection, RemovalAction};
use crate::read::{self, CourseField, ParsedFile, ReadOptions, UserField};
use crate::snapshot::{Enrolment, MethodInfo, RoleInfo, Snapshot as CoreSnapshot, UserMatch};

/// The version of the extension (the crate's version).
#[php_function]
pub fn enrolsync_version() -> &'static str {
    crate::VERSION
}

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
fn file_exception(error: FileError) -> PhpException {
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

fn option<'a>(options: &'a ZendHashTable, name: &str) -> Option<&'a Zval> {
    options.get(name).filter(|v| !v.is_null())
}

fn string_option(options: &ZendHashTable, name: &str) -> String {
    option(options, name)
        .and_then(Zval::coerce_to_string)
        .unwrap_or_default()
}

fn read_options(options: &ZendHashTable) -> Result<ReadOptions, FileError> {
    let defaults = ReadOptions::default();
    let or_default = |name: &str, default: &str| {
        let value = string_option(options, name);
        if value.is_empty() {
            default.to_string()
        } else {
            value
        }
    };
    Ok(ReadOptions {
        format: FormatChoice::parse(&string_option(options, "format"))?,
        encoding: EncodingChoice::parse(&string_option(options, "encoding"))?,
        delimiter: DelimiterChoice::parse(&string_option(options, "delimiter"))?,
        default_command: match string_option(options, "defaultcmd").as_str() {
            "" => defaults.default_command,
            value => Command::parse_option(value)?,
        },
        user_field: UserField::parse(&or_default("useridentifier", defaults.user_field.column()))?,
        course_field: CourseField::parse(&or_default(
            "courseidentifier",
            defaults.course_field.column(),
        ))?,
    })
}

/// A read and validated file. Its data stays in Rust; PHP gets summaries, keys and errors.
#[php_class]
#[php(name = "EnrolSync\\File")]
pub struct File {
    file: Arc<ParsedFile>,
}

#[php_impl]
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
            out.push(rejected_report(f, r, 0, Protection::None)?)?;
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

fn find_line(lines: &[Line], number: u32) -> Option<&Line> {
    lines
        .binary_search_by_key(&number, |l| l.number)
        .ok()
        .map(|i| &lines[i])
}

fn plan_options(options: &ZendHashTable) -> Result<PlanOptions, FileError> {
    let defaults = PlanOptions::default();
    let now = match option(options, "now") {
        None => unix_now(),
        Some(value) => value.long().ok_or_else(|| bad_option("now", value))?,
    };
    // Checked even without full sync, so that a wrong setting shows before it is turned on.
    let action = match option(options, "removalaction") {
        None => RemovalAction::Suspend,
        Some(value) => {
            let name = value
                .str()
                .ok_or_else(|| bad_option("removalaction", value))?;
            RemovalAction::parse(name)?
        }
    };
    let threshold = match option(options, "threshold") {
        None => FullSync::DEFAULT_THRESHOLD,
        Some(value) => number(value).ok_or_else(|| bad_option("threshold", value))?,
    };
    let full_sync = FullSync::new(action, threshold, strict_bool(options, "force", false)?)?;
    Ok(PlanOptions {
        now,
        create_instances: strict_bool(options, "createinstances", defaults.create_instances)?,
        enrol_when_disabled: strict_bool(
            options,
            "enrolwhendisabled",
            defaults.enrol_when_disabled,
        )?,
        full_sync: strict_bool(options, "fullsync", false)?.then_some(full_sync),
    })
}

/// A yes/no option: a bool, or the int 0 or 1. Anything else is refused: the string 'false'
/// would otherwise read as true.
fn strict_bool(
    options: &ZendHashTable,
    name: &'static str,
    default: bool,
) -> Result<bool, FileError> {
    let Some(value) = option(options, name) else {
        return Ok(default);
    };
    match (value.bool(), value.long()) {
        (Some(b), _) => Ok(b),
        (_, Some(0)) => Ok(false),
        (_, Some(1)) => Ok(true),
        _ => Err(bad_option(name, value)),
    }
}

/// An int or a float.
fn number(value: &Zval) -> Option<f64> {
    value.double().or_else(|| value.long().map(|n| n as f64))
}

fn bad_option(name: &'static str, value: &Zval) -> FileError {
    FileError::BadOption {
        name,
        value: value
            .coerce_to_string()
            .unwrap_or_else(|| format!("({})", type_name(value))),
    }
}

/// The PHP type of a value, for messages.
fn type_name(value: &Zval) -> String {
    format!("{:?}", value.get_type()).to_lowercase()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// The values of a PHP array in order, read from its storage. The API's iterator makes four
/// Zend calls per element, which made passing a million snapshot rows cost over a second.
fn values(list: &ZendHashTable) -> Values<'_> {
    // Since PHP 8.2 (this module API) a packed array stores bare zvals, others store buckets.
    const PACKED_ZVALS_SINCE: u32 = 20220829;
    const HASH_FLAG_PACKED: u32 = 1 << 2;
    let used = list.nNumUsed as usize;
    if used == 0 {
        return Values::Packed([].iter());
    }
    // SAFETY: a zend_array holds `nNumUsed` slots at `arPacked` (packed) or `arData`, holes
    // being UNDEF zvals; the borrow of `list` keeps it alive and unchanged meanwhile.
    let is_packed = unsafe { list.u.flags } & HASH_FLAG_PACKED != 0
        && ext_php_rs::ffi::ZEND_MODULE_API_NO >= PACKED_ZVALS_SINCE;
    unsafe {
        if is_packed {
            Values::Packed(std::slice::from_raw_parts(list.__bindgen_anon_1.arPacked, used).iter())
        } else {
            Values::Buckets(std::slice::from_raw_parts(list.__bindgen_anon_1.arData, used).iter())
        }
    }
}

/// The slots of a PHP array, holes skipped. A plain iterator over its storage, so that going
/// through an array twice costs no copy.
#[derive(Clone)]
enum Values<'a> {
    Packed(std::slice::Iter<'a, Zval>),
    Buckets(std::slice::Iter<'a, ext_php_rs::ffi::Bucket>),
}

impl<'a> Iterator for Values<'a> {
    type Item = &'a Zval;

    fn next(&mut self) -> Option<&'a Zval> {
        loop {
            let value = match self {
                Values::Packed(slots) => slots.next()?,
                Values::Buckets(buckets) => &buckets.next()?.val,
            };
            if zval_type(value) != ext_php_rs::ffi::IS_UNDEF as u8 {
                return Some(value);
            }
        }
    }
}

/// The type byte of a zval (`IS_LONG`, `IS_UNDEF`...), read in place: the API's type check per
/// value cost as much as the rest of passing millions of them.
fn zval_type(value: &Zval) -> u8 {
    // SAFETY: every zval has its type byte set.
    unsafe { value.u1.v.type_ }
}

/// An int (or a numeric string, as Moodle's database layer returns them).
fn int(value: &Zval) -> Option<i64> {
    if zval_type(value) == ext_php_rs::ffi::IS_LONG as u8 {
        // SAFETY: the type byte says the value union holds a long.
        Some(unsafe { value.value.lval })
    } else {
        // Only a string that is an integer, whole: "12abc" is not 12, "1.9e30" not a saturated
        // id, "abc" not 0.
        value.str().and_then(|s| s.parse().ok())
    }
}

/// Reads a PHP list of ints.
fn ints(list: &ZendHashTable) -> PhpResult<Vec<i64>> {
    values(list)
        .map(|v| {
            int(v).ok_or_else(|| PhpException::from_message("expected a list of integers".into()))
        })
        .collect()
}

/// A flat PHP list of ints, which the snapshot goes through twice (counting each course's rows,
/// then placing them). Int zvals are read where they are; a list with other values (the numeric
/// strings Moodle's database returns) is converted once, not on every pass.
enum IntList<'a> {
    InPlace(Values<'a>, usize),
    Converted(Vec<i64>),
}

impl<'a> IntList<'a> {
    fn read(list: &'a ZendHashTable) -> PhpResult<Self> {
        let values = values(list);
        let is_long = |v: &Zval| zval_type(v) == ext_php_rs::ffi::IS_LONG as u8;
        if values.clone().all(is_long) {
            let count = values.clone().count();
            return Ok(IntList::InPlace(values, count));
        }
        Ok(IntList::Converted(ints(list)?))
    }

    /// The list as rows of `W`.
    fn rows<const W: usize>(&self) -> PhpResult<Rows<'_, W>> {
        let (cells, count) = match self {
            IntList::InPlace(values, count) => (Cells::InPlace(values.clone()), *count),
            IntList::Converted(ints) => (Cells::Converted(ints.iter()), ints.len()),
        };
        if count % W != 0 {
            return Err(PhpException::from_message(format!(
                "expected rows of {W} integers"
            )));
        }
        Ok(Rows {
            cells,
            left: count / W,
        })
    }
}

/// The ints of an [`IntList`], in order.
#[derive(Clone)]
enum Cells<'a> {
    InPlace(Values<'a>),
    Converted(std::slice::Iter<'a, i64>),
}

impl Iterator for Cells<'_> {
    type Item = i64;

    fn next(&mut self) -> Option<i64> {
        match self {
            // Every value was found to be an int.
            Cells::InPlace(values) => values.next().and_then(int),
            Cells::Converted(ints) => ints.next().copied(),
        }
    }
}

/// Rows of an [`IntList`].
#[derive(Clone)]
struct Rows<'a, const W: usize> {
    cells: Cells<'a>,
    left: usize,
}

impl<const W: usize> Iterator for Rows<'_, W> {
    type Item = [i64; W];

    fn next(&mut self) -> Option<[i64; W]> {
        self.left = self.left.checked_sub(1)?;
        let mut row = [0; W];
        for cell in &mut row {
            *cell = self.cells.next().unwrap_or_default();
        }
        Some(row)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.left, Some(self.left))
    }
}

fn strings(list: &ZendHashTable) -> PhpResult<Vec<String>> {
    values(list)
        .map(|v| {
            v.coerce_to_string()
                .ok_or_else(|| PhpException::from_message("expected a list of strings".into()))
        })
        .collect()
}

fn bools(list: &ZendHashTable) -> Vec<bool> {
    values(list).map(Zval::coerce_to_bool).collect()
}

/// Checks that parallel lists have the same length.
fn same_length(lengths: &[usize]) -> PhpResult<usize> {
    let first = lengths.first().copied().unwrap_or(0);
    if lengths.iter().all(|&l| l == first) {
        Ok(first)
    } else {
        Err(PhpException::from_message(
            "the lists must have the same length".into(),
        ))
    }
}

/// The site state the planner needs, filled by PHP in bulk with parallel or flat lists.
#[php_class]
#[php(name = "EnrolSync\\Snapshot")]
pub struct Snapshot {
    snapshot: CoreSnapshot,
}

#[php_impl]
impl Snapshot {
    pub fn __construct() -> Self {
        Snapshot {
            snapshot: CoreSnapshot::new(),
        }
    }

    /// The site course's id (never a target); 1 unless said otherwise.
    pub fn set_site_course(&mut self, id: i64) {
        self.snapshot.site_course = id;
    }

    /// Users found for the file's user keys; a key given twice with different ids is ambiguous.
    pub fn add_users(
        &mut self,
        keys: &ZendHashTable,
        ids: &ZendHashTable,
        suspended: &ZendHashTable,
    ) -> PhpResult<()> {
        let (keys, ids, suspended) = (strings(keys)?, ints(ids)?, bools(suspended));
        same_length(&[keys.len(), ids.len(), suspended.len()])?;
        for ((key, id), suspended) in keys.iter().zip(ids).zip(suspended) {
            self.snapshot.add_user(key, id, suspended);
        }
        Ok(())
    }

    pub fn add_courses(&mut self, keys: &ZendHashTable, ids: &ZendHashTable) -> PhpResult<()> {
        let (keys, ids) = (strings(keys)?, ints(ids)?);
        same_length(&[keys.len(), ids.len()])?;
        for (key, id) in keys.iter().zip(ids) {
            self.snapshot.add_course(key, id);
        }
        Ok(())
    }

    /// Roles by shortname: whether they can be assigned in a course, whether the settings let
    /// this tool give them, whether they are students.
    pub fn add_roles(
        &mut self,
        shortnames: &ZendHashTable,
        ids: &ZendHashTable,
        assignable: &ZendHashTable,
        allowed: &ZendHashTable,
        student: &ZendHashTable,
    ) -> PhpResult<()> {
        let (names, ids) = (strings(shortnames)?, ints(ids)?);
        let (assignable, allowed, student) = (bools(assignable), bools(allowed), bools(student));
        let count = same_length(&[
            names.len(),
            ids.len(),
            assignable.len(),
            allowed.len(),
            student.len(),
        ])?;
        for i in 0..count {
            let role = RoleInfo {
                id: ids[i],
                assignable: assignable[i],
                allowed: allowed[i],
                student: student[i],
            };
            self.snapshot.add_role(&names[i], role);
        }
        Ok(())
    }

    /// Installed enrolment plugins: enabled on the site, able to add an instance, letting a tool
    /// enrol (and manage enrolments), letting a tool unenrol.
    pub fn add_methods(
        &mut self,
        names: &ZendHashTable,
        enabled: &ZendHashTable,
        creatable: &ZendHashTable,
        mayenrol: &ZendHashTable,
        mayunenrol: &ZendHashTable,
    ) -> PhpResult<()> {
        let names = strings(names)?;
        let flags = [enabled, creatable, mayenrol, mayunenrol].map(bools);
        let count = same_length(&[
            names.len(),
            flags[0].len(),
            flags[1].len(),
            flags[2].len(),
            flags[3].len(),
        ])?;
        for i in 0..count {
            let method = MethodInfo {
                enabled: flags[0][i],
                can_create: flags[1][i],
                may_enrol: flags[2][i],
                may_unenrol: flags[3][i],
            };
            self.snapshot.add_method(&names[i], method);
        }
        Ok(())
    }

    /// The file's dates (`YYYY-MM-DD HH:MM:SS`) as timestamps in the site's time zone.
    pub fn add_dates(
        &mut self,
        dates: &ZendHashTable,
        timestamps: &ZendHashTable,
    ) -> PhpResult<()> {
        let (dates, stamps) = (strings(dates)?, ints(timestamps)?);
        same_length(&[dates.len(), stamps.len()])?;
        for (date, stamp) in dates.iter().zip(stamps) {
            self.snapshot.add_date(date, stamp);
        }
        Ok(())
    }

    /// Enrolment instances of the affected courses, in id order.
    pub fn add_instances(
        &mut self,
        courseids: &ZendHashTable,
        methods: &ZendHashTable,
        ids: &ZendHashTable,
    ) -> PhpResult<()> {
        let (courses, methods, ids) = (ints(courseids)?, strings(methods)?, ints(ids)?);
        same_length(&[courses.len(), methods.len(), ids.len()])?;
        for i in 0..ids.len() {
            self.snapshot.add_instance(courses[i], &methods[i], ids[i]);
        }
        Ok(())
    }

    /// User enrolments as a flat list: instanceid, userid, status (0 active), timestart,
    /// timeend, managed (1 when this tool created it), repeated.
    pub fn add_enrolments(&mut self, rows6: &ZendHashTable) -> PhpResult<()> {
        let list = IntList::read(rows6)?;
        let rows = list.rows::<6>()?.map(|r| {
            let enrolment = Enrolment {
                active: r[2] == 0,
                start: r[3],
                end: r[4],
            };
            (r[0], r[1], enrolment, r[5] != 0)
        });
        self.snapshot
            .add_enrolments(rows)
            .map_err(|e| PhpException::from_message(e.to_string()))
    }

    /// Role assignments in course contexts as a flat list: courseid, userid, roleid, manual
    /// (1 when the component is ''), repeated.
    pub fn add_role_assignments(&mut self, rows4: &ZendHashTable) -> PhpResult<()> {
        let list = IntList::read(rows4)?;
        let rows = list.rows::<4>()?;
        self.snapshot
            .add_role_assignments(rows.map(|r| (r[0], r[1], r[2], r[3] != 0)));
        Ok(())
    }

    pub fn add_groups(
        &mut self,
        courseids: &ZendHashTable,
        ids: &ZendHashTable,
        names: &ZendHashTable,
    ) -> PhpResult<()> {
        let (courses, ids, names) = (ints(courseids)?, ints(ids)?, strings(names)?);
        same_length(&[courses.len(), ids.len(), names.len()])?;
        for i in 0..ids.len() {
            self.snapshot.add_group(courses[i], ids[i], &names[i]);
        }
        Ok(())
    }

    /// Group memberships as a flat list: groupid, userid, repeated.
    pub fn add_memberships(&mut self, rows2: &ZendHashTable) -> PhpResult<()> {
        let list = IntList::read(rows2)?;
        let rows = list.rows::<2>()?;
        self.snapshot
            .add_memberships(rows.map(|r| (r[0], r[1])))
            .map_err(|e| PhpException::from_message(e.to_string()))
    }
}

/// A plan: operations by course, and every line's outcome.
#[php_class]
#[php(name = "EnrolSync\\Plan")]
pub struct Plan {
    file: Arc<ParsedFile>,
    plan: plan::Plan,
    methods: Vec<String>,
    /// Valid and rejected lines merged in file order: (line number, index, rejected?).
    order: Vec<(u32, usize, bool)>,
    /// The user of each failed line that the snapshot knows, by (index, rejected?): failed lines
    /// are stored with it, so that the privacy API finds the lines that name a user.
    failed_users: FxHashMap<(usize, bool), i64>,
}

/// Valid and rejected lines in file order: (line number, index, rejected?). Both lists are in
/// file order already, so they are merged rather than sorted.
fn file_order(file: &ParsedFile) -> Vec<(u32, usize, bool)> {
    let mut order = Vec::with_capacity(file.line_count());
    let (mut valid, mut rejected) = (file.lines.iter().enumerate().peekable(), 0);
    while let Some(&(i, line)) = valid.peek() {
        match file.rejected.get(rejected) {
            Some(r) if r.number < line.number => {
                order.push((r.number, rejected, true));
                rejected += 1;
            }
            _ => {
                order.push((line.number, i, false));
                valid.next();
            }
        }
    }
    order.extend(
        file.rejected[rejected..]
            .iter()
            .enumerate()
            .map(|(i, r)| (r.number, rejected + i, true)),
    );
    order
}

impl Plan {
    fn new(
        file: Arc<ParsedFile>,
        plan: plan::Plan,
        methods: Vec<String>,
        snapshot: &CoreSnapshot,
    ) -> Self {
        let order = file_order(&file);
        let known = |key| match snapshot.users.get(file.keys.users.value(key)) {
            Some(&UserMatch::Found { id, .. }) => Some(id),
            _ => None,
        };
        let valid = plan
            .outcomes
            .iter()
            .enumerate()
            .filter(|(_, outcome)| outcome.status() == LineStatus::Failed)
            .filter_map(|(index, _)| Some(((index, false), known(file.lines[index].user)?)));
        let rejected = file
            .rejected
            .iter()
            .enumerate()
            .filter_map(|(index, line)| match line.names {
                Named::User { user, .. } => Some(((index, true), known(user)?)),
                Named::Nobody => None,
            });
        let failed_users = valid.chain(rejected).collect();
        Plan {
            file,
            plan,
            methods,
            order,
            failed_users,
        }
    }

    fn course(&self, courseid: i64) -> Option<&plan::CoursePlan> {
        self.plan
            .courses
            .binary_search_by_key(&courseid, |c| c.course)
            .ok()
            .map(|i| &self.plan.courses[i])
    }

    fn line_entry(
        &self,
        &(number, index, rejected): &(u32, usize, bool),
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let f = &*self.file;
        let userid = self
            .failed_users
            .get(&(index, rejected))
            .copied()
            .unwrap_or(0);
        if rejected {
            let protection = self
                .plan
                .rejected_protection
                .get(index)
                .copied()
                .unwrap_or_default();
            return rejected_report(f, &f.rejected[index], userid, protection);
        }
        let outcome = &self.plan.outcomes[index];
        line_report(
            i64::from(number),
            f.raw(&f.lines[index].raw),
            outcome.status().name(),
            outcome.error.as_deref(),
            outcome.ops,
            (outcome.not_enrolled, outcome.user_suspended),
            userid,
            outcome.protection,
        )
    }
}

/// The report of a line rejected while reading: its user when the site knows it, and what it
/// kept from full sync's removals.
fn rejected_report(
    file: &ParsedFile,
    line: &Rejected,
    userid: i64,
    protection: Protection,
) -> PhpResult<ZBox<ZendHashTable>> {
    line_report(
        i64::from(line.number),
        file.raw(&line.raw),
        "failed",
        Some(&line.error),
        0,
        (false, false),
        userid,
        protection,
    )
}

#[allow(clippy::too_many_arguments)]
fn line_report(
    number: i64,
    raw: &str,
    status: &str,
    error: Option<&crate::error::LineError>,
    ops: u32,
    (not_enrolled, user_suspended): (bool, bool),
    userid: i64,
    protection: Protection,
) -> PhpResult<ZBox<ZendHashTable>> {
    let mut entry = ZendHashTable::new();
    entry.insert("line", number)?;
    entry.insert("raw", raw)?;
    entry.insert("status", status)?;
    entry.insert("key", error.map_or("", |e| e.key()))?;
    entry.insert("arg", error.map(|e| e.arg()).unwrap_or_default())?;
    entry.insert("message", error.map(|e| e.to_string()).unwrap_or_default())?;
    entry.insert("ops", i64::from(ops))?;
    entry.insert("notenrolled", not_enrolled)?;
    entry.insert("usersuspended", user_suspended)?;
    entry.insert("userid", userid)?;
    entry.insert("protection", protection.name())?;
    Ok(entry)
}

#[php_impl]
impl Plan {
    /// Counts of operations by kind, of lines by status, and the full-sync figures.
    pub fn summary(&self) -> PhpResult<ZBox<ZendHashTable>> {
        let mut ops = ZendHashTable::new();
        for name in OP_NAMES {
            ops.insert(name, 0i64)?;
        }
        let mut counts = std::collections::HashMap::<&str, i64>::new();
        for op in self.plan.courses.iter().flat_map(|c| &c.ops) {
            *counts.entry(op.op.name()).or_default() += 1;
        }
        for name in OP_NAMES {
            ops.insert(name, counts.get(name).copied().unwrap_or(0))?;
        }
        let mut lines = ZendHashTable::new();
        let status_count = |s: LineStatus| {
            self.plan
                .outcomes
                .iter()
                .filter(|o| o.status() == s)
                .count() as i64
        };
        lines.insert("applied", status_count(LineStatus::Applied))?;
        lines.insert("unchanged", status_count(LineStatus::Unchanged))?;
        lines.insert(
            "failed",
            status_count(LineStatus::Failed) + self.file.rejected.len() as i64,
        )?;
        let mut out = ZendHashTable::new();
        out.insert("operations", ops)?;
        out.insert("lines", lines)?;
        out.insert(
            "courses",
            self.plan
                .courses
                .iter()
                .filter(|c| !c.ops.is_empty())
                .count() as i64,
        )?;
        out.insert("syncremovals", self.plan.sync_removals as i64)?;
        let mut withheld = ZendHashTable::new();
        for &line in &self.plan.withheld_by {
            withheld.push(i64::from(line))?;
        }
        out.insert("withheldby", withheld)?;
        match &self.plan.refusal {
            Some(refusal) => {
                let mut r = ZendHashTable::new();
                r.insert("removals", refusal.removals as i64)?;
                r.insert("managed", refusal.managed as i64)?;
                r.insert("threshold", refusal.threshold_percent)?;
                out.insert("refused", r)?;
            }
            None => out.insert("refused", ())?,
        }
        Ok(out)
    }

    /// Whether full sync's safety threshold stopped the plan (it then has no operation).
    pub fn is_refused(&self) -> bool {
        self.plan.refusal.is_some()
    }

    /// Ids of the courses that have operations, ascending.
    pub fn courses(&self) -> Vec<i64> {
        self.plan
            .courses
            .iter()
            .filter(|c| !c.ops.is_empty())
            .map(|c| c.course)
            .collect()
    }

    /// How many operations one course has (0 for a course the plan does not touch).
    pub fn operation_count(&self, courseid: i64) -> i64 {
        self.course(courseid).map_or(0, |c| c.ops.len() as i64)
    }

    /// The operations of one course, in order, `limit` of them from `offset`.
    pub fn operations(
        &self,
        courseid: i64,
        offset: i64,
        limit: i64,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let Some(course) = self.course(courseid) else {
            return Ok(ZendHashTable::new());
        };
        let start = usize::try_from(offset).unwrap_or(0).min(course.ops.len());
        let end = start
            .saturating_add(usize::try_from(limit).unwrap_or(0))
            .min(course.ops.len());
        let mut out = ZendHashTable::with_capacity((end - start) as u32);
        for planned in &course.ops[start..end] {
            out.push(self.op_entry(course, planned)?)?;
        }
        Ok(out)
    }

    /// Users newly enrolled as students in a course (for the teachers' message).
    pub fn new_students(&self, courseid: i64) -> Vec<i64> {
        self.course(courseid)
            .map(|c| c.new_students.clone())
            .unwrap_or_default()
    }

    /// The enrolments full sync removes or suspends (or, refused, would have), shaped like
    /// operations, `limit` of them from `offset`.
    pub fn removals(&self, offset: i64, limit: i64) -> PhpResult<ZBox<ZendHashTable>> {
        let offset = usize::try_from(offset).unwrap_or(0);
        let limit = usize::try_from(limit).unwrap_or(0);
        let mut out = ZendHashTable::new();
        for (course, planned) in self.plan.removals().skip(offset).take(limit) {
            out.push(self.op_entry(course, planned)?)?;
        }
        Ok(out)
    }

    /// Line outcomes in file order, `limit` of them from `offset`; with `failedonly`, only
    /// failed lines (offset and limit then count failed lines).
    pub fn lines(
        &self,
        offset: i64,
        limit: i64,
        failedonly: bool,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let offset = usize::try_from(offset).unwrap_or(0);
        let limit = usize::try_from(limit).unwrap_or(0);
        let failed = |&&(_, index, rejected): &&(u32, usize, bool)| {
            rejected || self.plan.outcomes[index].status() == LineStatus::Failed
        };
        let mut out = ZendHashTable::new();
        let selected: Box<dyn Iterator<Item = &(u32, usize, bool)>> = if failedonly {
            Box::new(self.order.iter().filter(failed))
        } else {
            Box::new(self.order.iter())
        };
        for entry in selected.skip(offset).take(limit) {
            out.push(self.line_entry(entry)?)?;
        }
        Ok(out)
    }
}

const OP_NAMES: [&str; 10] = [
    "createinstance",
    "creategroup",
    "enrol",
    "update",
    "suspend",
    "unenrol",
    "assign",
    "unassign",
    "addmember",
    "removemember",
];

impl Plan {
    fn op_entry(
        &self,
        course: &plan::CoursePlan,
        planned: &plan::PlannedOp,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let mut e = ZendHashTable::new();
        e.insert("op", planned.op.name())?;
        e.insert("line", i64::from(planned.line))?;
        e.insert("courseid", course.course)?;
        let instance = |e: &mut ZBox<ZendHashTable>, slot: u32| -> PhpResult<()> {
            let instance = course.instances[slot as usize];
            e.insert("method", self.methods[instance.method as usize].as_str())?;
            e.insert("instanceid", instance.id.unwrap_or(0))?;
            Ok(())
        };
        let group = |e: &mut ZBox<ZendHashTable>, slot: u32| -> PhpResult<()> {
            let group = &course.groups[slot as usize];
            e.insert("groupid", group.id.unwrap_or(0))?;
            e.insert("groupname", &*group.name)?;
            Ok(())
        };
        match planned.op {
            Op::CreateInstance { instance: slot } => instance(&mut e, slot)?,
            Op::CreateGroup { group: slot } => group(&mut e, slot)?,
            Op::Enrol {
                user,
                instance: slot,
                role,
                start,
                end,
            } => {
                e.insert("userid", user)?;
                instance(&mut e, slot)?;
                e.insert("roleid", role.unwrap_or(0))?;
                e.insert("timestart", start)?;
                e.insert("timeend", end)?;
            }
            Op::UpdateEnrolment {
                user,
                instance: slot,
                active,
                start,
                end,
            } => {
                e.insert("userid", user)?;
                instance(&mut e, slot)?;
                match active {
                    Some(active) => e.insert("status", i64::from(!active))?,
                    None => e.insert("status", ())?,
                }
                e.insert("timestart", start)?;
                e.insert("timeend", end)?;
            }
            Op::Unenrol {
                user,
                instance: slot,
            } => {
                e.insert("userid", user)?;
                instance(&mut e, slot)?;
            }
            Op::Assign { user, role } | Op::Unassign { user, role } => {
                e.insert("userid", user)?;
                e.insert("roleid", role)?;
            }
            Op::AddMember { user, group: slot } | Op::RemoveMember { user, group: slot } => {
                e.insert("userid", user)?;
                group(&mut e, slot)?;
            }
        }
        Ok(e)
    }
}

#[php_module]
pub fn get_module(module: ModuleBuilder) -> ModuleBuilder {
    module
        .function(wrap_function!(enrolsync_version))
        .class::<FileException>()
        .class::<File>()
        .class::<Snapshot>()
        .class::<Plan>()
}
