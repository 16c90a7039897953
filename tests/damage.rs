//! A damaged line costs nothing (spec §4, "Removal needs positive evidence"): for any file and
//! any corruption of one of its lines — a delimiter lost or added, a byte changed, the line cut
//! short or joined with the next, a quote inserted — full sync, against a site where every line
//! of the **original** file is applied, managed and active, removes or suspends nothing that the
//! original file lists. The one exception is a corrupted line that is itself a valid line about
//! another existing user and course: the test recognises those with an oracle of its own (the
//! spec's reading rules, column by column) and counts them, as it counts the lines a cut emptied
//! (a line deleted, which no reader can see). Its closing `damage:` line says how many cases each
//! kind was.
//!
//! Files are generated in both formats, with any delimiter, quoted fields, CRLF or LF, and native
//! headers with optional columns before, between and after the required ones; native lines may
//! be written shorter than their header (empty values at the end left out), name groups (which
//! a group command may create), or be `enable` lines (which use no role), and name users by ID
//! number or by username. Keys overlap on purpose (`MATH` is a course and a prefix of `MATH101`,
//! `U01` a user and a part of others).

use std::cell::RefCell;
use std::collections::BTreeSet;

use enrolsync::plan::{FullSync, Op, PlanOptions, RemovalAction, plan};
use enrolsync::read::{ReadOptions, UserField, read};
use enrolsync::snapshot::{Enrolment, MethodInfo, RoleInfo, Snapshot};
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, TestRunner};

const USERS: [&str; 10] = [
    "U0001", "U0002", "U0003", "U0004", "U0005", "U0006", "U0007", "U0008", "U01", "É0010",
];
const COURSES: [&str; 5] = ["MATH101", "MATH", "PHYS101", "CHIMIE-É", "C7"];
/// The dates files use, as the site converts them.
const DATES: [(&str, &str, i64); 1] = [("2020-09-01", "2020-09-01 00:00:00", 1_598_918_400)];
const GROUP: &str = "Group A";
/// Group names a `gaddcreate` line gives (the site has [`GROUP`] only).
const NEW_GROUPS: [&str; 2] = ["Team B", "Year 7"];
const DELIMITERS: [u8; 4] = [b';', b',', b'\t', b'|'];

fn user_id(i: usize) -> i64 {
    100 + i as i64
}

fn course_id(i: usize) -> i64 {
    2 + i as i64
}

/// A column of a native file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Column {
    Cid,
    Uid,
    Rolename,
    Cmd,
    Enrol,
    Starttime,
    Endtime,
    Gcmd,
    G1,
    G2,
    G3,
}

impl Column {
    const OPTIONAL: [Column; 8] = [
        Column::Cmd,
        Column::Enrol,
        Column::Starttime,
        Column::Endtime,
        Column::Gcmd,
        Column::G1,
        Column::G2,
        Column::G3,
    ];

    fn name(self) -> &'static str {
        match self {
            Column::Cid => "cid",
            Column::Uid => "uid",
            Column::Rolename => "rolename",
            Column::Cmd => "cmd",
            Column::Enrol => "enrol",
            Column::Starttime => "starttime",
            Column::Endtime => "endtime",
            Column::Gcmd => "gcmd",
            Column::G1 => "g1",
            Column::G2 => "g2",
            Column::G3 => "g3",
        }
    }
}

/// The layout of a generated file.
#[derive(Debug, Clone)]
enum Layout {
    /// A header with these columns, in this order.
    Native(Vec<Column>),
    /// enrol_flatfile's `op, role, user, course[, start[, end]]`.
    FlatFile,
}

/// How one line of the original file fills its optional fields.
#[derive(Debug, Clone)]
struct Filling {
    command: &'static str,
    enrol: &'static str,
    start: &'static str,
    end: &'static str,
    groups: Groups,
    /// Native lines: the empty values at the end left out (the line is shorter than its header).
    short: bool,
    /// Flat files: how many of start and end the line writes (0 to 2).
    times: usize,
}

/// What a native line does with groups.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Groups {
    None,
    /// `gadd` into [`GROUP`].
    Add,
    /// `gaddcreate` into [`GROUP`] and [`NEW_GROUPS`].
    AddCreate,
}

fn filling() -> impl Strategy<Value = Filling> {
    (
        prop_oneof![
            Just("add"),
            Just("ADD"),
            Just(""),
            Just("enable"),
            Just("Enable")
        ],
        prop_oneof![Just("manual"), Just("")],
        prop_oneof![Just(""), Just("1600000000"), Just("2020-09-01"), Just("0")],
        prop_oneof![Just(""), Just("1900000000")],
        prop_oneof![
            Just(Groups::None),
            Just(Groups::Add),
            Just(Groups::AddCreate)
        ],
        any::<bool>(),
        0usize..3,
    )
        .prop_map(
            |(command, enrol, start, end, groups, short, times)| Filling {
                command,
                enrol,
                start,
                end,
                groups,
                short,
                times,
            },
        )
}

/// A generated original file and what it lists.
#[derive(Debug, Clone)]
struct Original {
    layout: Layout,
    /// Users are named by username (native files only), else by ID number.
    by_username: bool,
    delimiter: u8,
    crlf: bool,
    /// The file's physical lines (header first for native files), without terminators.
    lines: Vec<String>,
    /// The pair each data line lists, by index into `lines` (None: the header or a comment).
    pairs: Vec<Option<(usize, usize)>>,
}

impl Original {
    /// The file of these lines, with the original's line terminator (a changed byte may have
    /// made a line invalid UTF-8: the reader must cope with it).
    fn bytes(&self, lines: &[Vec<u8>]) -> Vec<u8> {
        let eol: &[u8] = if self.crlf { b"\r\n" } else { b"\n" };
        lines
            .iter()
            .flat_map(|l| l.iter().chain(eol))
            .copied()
            .collect()
    }

    fn listed(&self) -> BTreeSet<(usize, usize)> {
        self.pairs.iter().flatten().copied().collect()
    }
}

/// Writes one field, quoted or not.
fn field(value: &str, quoted: bool) -> String {
    if quoted {
        format!("\"{}\"", value.replace('"', "\"\""))
    } else {
        value.to_string()
    }
}

fn layout() -> impl Strategy<Value = Layout> {
    let native = (
        proptest::sample::subsequence(Column::OPTIONAL.to_vec(), 0..=Column::OPTIONAL.len()),
        any::<u64>(),
    )
        .prop_map(|(mut columns, seed)| {
            columns.extend([Column::Cid, Column::Uid, Column::Rolename]);
            // A shuffle of its own, so that required columns land before, between and after
            // the optional ones.
            let mut state = seed | 1;
            for i in (1..columns.len()).rev() {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                columns.swap(i, (state % (i as u64 + 1)) as usize);
            }
            Layout::Native(columns)
        });
    prop_oneof![3 => native, 1 => Just(Layout::FlatFile)]
}

fn original() -> impl Strategy<Value = Original> {
    (
        layout(),
        proptest::sample::select(DELIMITERS.to_vec()),
        any::<bool>(),
        proptest::collection::btree_set((0..USERS.len(), 0..COURSES.len()), 3..16),
        proptest::collection::vec((filling(), proptest::collection::vec(any::<bool>(), 9)), 16),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(
            |(layout, delimiter, crlf, pairs, fillings, comment, by_username)| {
                let d = (delimiter as char).to_string();
                let mut lines = Vec::new();
                let mut listed = Vec::new();
                if comment {
                    lines.push("# nightly export".to_string());
                    listed.push(None);
                }
                if let Layout::Native(columns) = &layout {
                    lines.push(
                        columns
                            .iter()
                            .map(|c| c.name())
                            .collect::<Vec<_>>()
                            .join(&d),
                    );
                    listed.push(None);
                }
                for (&(user, course), (fill, quotes)) in pairs.iter().zip(&fillings) {
                    let enable = fill.command.eq_ignore_ascii_case("enable");
                    let values: Vec<&str> = match &layout {
                        Layout::Native(columns) => {
                            let mut values: Vec<&str> = columns
                                .iter()
                                .map(|column| match (column, fill.groups) {
                                    (Column::Cid, _) => COURSES[course],
                                    (Column::Uid, _) => USERS[user],
                                    // An enable line uses no role: some leave it out.
                                    (Column::Rolename, _) if enable && fill.short => "",
                                    (Column::Rolename, _) => "student",
                                    (Column::Cmd, _) => fill.command,
                                    (Column::Enrol, _) => fill.enrol,
                                    (Column::Starttime, _) => fill.start,
                                    (Column::Endtime, _) => fill.end,
                                    (Column::Gcmd, Groups::Add) => "gadd",
                                    (Column::Gcmd, Groups::AddCreate) => "gaddcreate",
                                    (Column::G1, Groups::Add | Groups::AddCreate) => GROUP,
                                    (Column::G2, Groups::AddCreate) => NEW_GROUPS[0],
                                    (Column::G3, Groups::AddCreate) => NEW_GROUPS[1],
                                    _ => "",
                                })
                                .collect();
                            if fill.short {
                                let used = values
                                    .iter()
                                    .rposition(|v| !v.is_empty())
                                    .map_or(0, |i| i + 1);
                                values.truncate(used);
                            }
                            values
                        }
                        Layout::FlatFile => {
                            let start = if fill.start.contains('-') {
                                "1600000000"
                            } else {
                                fill.start
                            };
                            let times = [start, "1900000000"];
                            let mut values = vec!["add", "student", USERS[user], COURSES[course]];
                            values.extend(&times[..fill.times]);
                            values
                        }
                    };
                    let written: Vec<String> = values
                        .iter()
                        .zip(quotes)
                        .map(|(value, &quoted)| field(value, quoted && !value.is_empty()))
                        .collect();
                    lines.push(written.join(&d));
                    listed.push(Some((user, course)));
                }
                Original {
                    by_username: by_username && matches!(layout, Layout::Native(_)),
                    layout,
                    delimiter,
                    crlf,
                    lines,
                    pairs: listed,
                }
            },
        )
}

/// The site: every user (by username, or by ID number), course, date and group of the keys; each pair of the original file a
/// managed, active enrolment with the student role; and `extra` managed enrolments that the file
/// does not list (which full sync may rightly remove).
fn site(
    listed: &BTreeSet<(usize, usize)>,
    extra: &BTreeSet<(usize, usize)>,
    by_username: bool,
) -> Snapshot {
    let mut s = Snapshot::new();
    for (i, key) in USERS.iter().enumerate() {
        // Moodle keeps usernames in lower case.
        let key = if by_username {
            key.to_lowercase()
        } else {
            key.to_string()
        };
        s.add_user(&key, user_id(i), false);
    }
    for (i, key) in COURSES.iter().enumerate() {
        s.add_course(key, course_id(i));
        s.add_instance(course_id(i), "manual", 1000 + course_id(i));
        s.add_group(course_id(i), 2000 + course_id(i), GROUP);
    }
    for (_, canonical, stamp) in DATES {
        s.add_date(canonical, stamp);
    }
    add_student_role(&mut s);
    s.add_method("manual", MethodInfo::default());
    for &(user, course) in listed.union(extra) {
        enrol_managed_student(&mut s, user, course);
        s.add_membership(2000 + course_id(course), user_id(user))
            .expect("the group exists");
    }
    s
}

/// The role `student` (id 5), assignable and allowed.
fn add_student_role(s: &mut Snapshot) {
    s.add_role(
        "student",
        RoleInfo {
            id: 5,
            assignable: true,
            allowed: true,
            student: true,
        },
    );
}

/// User `user` enrolled in course `course` through its manual instance (1000 + the course's
/// id) as a student (role 5), by this tool: a managed, active enrolment.
fn enrol_managed_student(s: &mut Snapshot, user: usize, course: usize) {
    let enrolment = Enrolment {
        active: true,
        start: 0,
        end: 0,
    };
    s.add_enrolment(1000 + course_id(course), user_id(user), enrolment, true)
        .expect("the instance exists");
    s.add_role_assignment(course_id(course), user_id(user), 5, true);
}

/// One corruption of one line.
#[derive(Debug, Clone)]
enum Corruption {
    LoseDelimiter(usize),
    AddDelimiter(usize),
    ChangeByte(usize, u8),
    CutShort(usize),
    JoinNext,
    /// Its line feed changed into this byte.
    JoinNextWith(u8),
    InsertQuote(usize),
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        any::<usize>().prop_map(Corruption::LoseDelimiter),
        any::<usize>().prop_map(Corruption::AddDelimiter),
        (any::<usize>(), byte()).prop_map(|(at, b)| Corruption::ChangeByte(at, b)),
        any::<usize>().prop_map(Corruption::CutShort),
        Just(Corruption::JoinNext),
        // A line feed or carriage return left as one: no join.
        byte()
            .prop_filter("a line break", |b| !matches!(b, b'\n' | b'\r'))
            .prop_map(Corruption::JoinNextWith),
        any::<usize>().prop_map(Corruption::InsertQuote),
    ]
}

/// A byte that a changed one becomes: any, but those that change how a line reads more often (the
/// delimiters, quotes, line breaks, comment markers, a letter, a byte that is not UTF-8).
fn byte() -> impl Strategy<Value = u8> {
    prop_oneof![
        2 => any::<u8>(),
        2 => proptest::sample::select(DELIMITERS.to_vec()),
        1 => proptest::sample::select(b"\"\n\r#- X".to_vec()),
        1 => 0x80u8..=0xFF,
    ]
}

/// The file's lines with line `index` corrupted (as bytes: a changed byte may not be UTF-8).
fn corrupt(original: &Original, index: usize, corruption: &Corruption) -> Vec<Vec<u8>> {
    let mut lines: Vec<Vec<u8>> = original
        .lines
        .iter()
        .map(|l| l.clone().into_bytes())
        .collect();
    let line = &mut lines[index];
    let len = line.len();
    match *corruption {
        Corruption::LoseDelimiter(n) => {
            let at: Vec<usize> = (0..len)
                .filter(|&i| line[i] == original.delimiter)
                .collect();
            if !at.is_empty() {
                line.remove(at[n % at.len()]);
            }
        }
        Corruption::AddDelimiter(n) => line.insert(n % (len + 1), original.delimiter),
        Corruption::ChangeByte(n, byte) => {
            if len > 0 {
                line[n % len] = byte;
            }
        }
        Corruption::CutShort(n) => line.truncate(n % len.max(1)),
        Corruption::InsertQuote(n) => line.insert(n % (len + 1), b'"'),
        Corruption::JoinNext | Corruption::JoinNextWith(_) => {
            if index + 1 < lines.len() {
                let next = lines.remove(index + 1);
                if let Corruption::JoinNextWith(byte) = *corruption {
                    lines[index].push(byte);
                }
                lines[index].extend(next);
            }
        }
    }
    lines
}

/// The fields of one line by the spec's rules (§2.3): RFC 4180 within the line, trimmed; None
/// when a quote is left open at its end.
fn split(line: &str, delimiter: char) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut value = String::new();
    let (mut quoted, mut at_start) = (false, true);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if at_start => quoted = true,
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                value.push('"');
            }
            '"' if quoted => quoted = false,
            c if c == delimiter && !quoted => {
                fields.push(value.trim().to_string());
                value.clear();
                at_start = true;
                continue;
            }
            c => value.push(c),
        }
        at_start = false;
    }
    if quoted {
        return None;
    }
    fields.push(value.trim().to_string());
    Some(fields)
}

/// A comment or blank line by tool_sync's rules (spec §2.3).
fn skipped(line: &str) -> bool {
    line.trim().is_empty() || line.starts_with(['#', '/', '-', '(', '[', ' '])
}

fn is_timestamp(value: &str) -> bool {
    !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) && value.len() < 12
}

/// The time a valid time field gives (None: not given), or Err for a value that is not one.
fn time(value: &str, dates: bool) -> Result<Option<i64>, ()> {
    if value.is_empty() || value == "0" {
        return Ok(None);
    }
    if is_timestamp(value) {
        return value.parse().map(Some).map_err(|_| ());
    }
    match DATES.iter().find(|(date, _, _)| dates && *date == value) {
        Some(&(_, _, stamp)) => Ok(Some(stamp)),
        None => Err(()),
    }
}

/// The (user, course) a line names if, read by the spec's rules against the test's site, it is a
/// valid line that applies: every field holds a value that can stand there. Users are named by
/// username (in any case) when `by_username`, else by ID number. `enrolled` tells the pairs the
/// site enrols: an `enable` line about another pair adds no one to its groups (§2: groups once
/// the user is enrolled), so they need not exist.
fn valid_pair(
    (layout, delimiter, by_username): (&Layout, u8, bool),
    enrolled: impl Fn((usize, usize)) -> bool,
    line: &str,
) -> Option<(usize, usize)> {
    if skipped(line) {
        return None;
    }
    let fields = split(line, delimiter as char)?;
    let used = fields
        .iter()
        .rposition(|f| !f.is_empty())
        .map_or(0, |i| i + 1);
    let get = |i: usize| fields.get(i).map_or("", String::as_str);
    let user = |value: &str| {
        USERS
            .iter()
            .position(|u| *u == value || (by_username && u.to_lowercase() == value.to_lowercase()))
    };
    let course = |value: &str| COURSES.iter().position(|c| *c == value);
    let role_ok = |value: &str| value.eq_ignore_ascii_case("student");
    let times_ok =
        |start: &str, end: &str, dates: bool| match (time(start, dates), time(end, dates)) {
            (Ok(Some(s)), Ok(Some(e))) => e >= s,
            (Ok(_), Ok(_)) => true,
            _ => false,
        };
    match layout {
        Layout::FlatFile => {
            let user = |value: &str| USERS.iter().position(|u| *u == value);
            let ok = (4..=6).contains(&used)
                && get(0).eq_ignore_ascii_case("add")
                && role_ok(get(1))
                && times_ok(get(4), get(5), false);
            ok.then_some((user(get(2))?, course(get(3))?))
        }
        Layout::Native(columns) => {
            if used > columns.len() {
                return None;
            }
            let at = |wanted: Column| {
                columns
                    .iter()
                    .position(|c| *c == wanted)
                    .map_or("", |i| get(i))
            };
            let command = at(Column::Cmd);
            let enable = command.eq_ignore_ascii_case("enable");
            let groups: Vec<&str> = [Column::G1, Column::G2, Column::G3]
                .into_iter()
                .map(at)
                .filter(|g| !g.is_empty())
                .collect();
            let pair = (user(at(Column::Uid))?, course(at(Column::Cid))?);
            // A group command names groups; gadd's must exist once the user is enrolled,
            // gaddcreate's are made.
            let joins = !enable || enrolled(pair);
            let groups_ok = match at(Column::Gcmd).to_ascii_lowercase().as_str() {
                "" => true,
                "gadd" => !groups.is_empty() && (!joins || groups.iter().all(|g| *g == GROUP)),
                "gaddcreate" => !groups.is_empty(),
                _ => false,
            };
            let ok = (command.is_empty() || command.eq_ignore_ascii_case("add") || enable)
                && (enable || role_ok(at(Column::Rolename)))
                && (at(Column::Enrol).is_empty()
                    || at(Column::Enrol).eq_ignore_ascii_case("manual"))
                && times_ok(at(Column::Starttime), at(Column::Endtime), true)
                && groups_ok;
            ok.then_some(pair)
        }
    }
}

/// What one case came to.
#[derive(Debug, Default)]
struct Tally {
    cases: usize,
    rejected: usize,
    /// Excluded: the corrupted line is valid about another pair, by what differs: the user
    /// only, the course only, both.
    another_valid_pair: [usize; 3],
    line_emptied: usize,
    checked: usize,
    rightful_removals: usize,
    rightful_made: usize,
}

#[test]
fn no_corruption_of_one_line_removes_what_the_original_file_lists() {
    // PROPTEST_CASES=40000 for a longer search.
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok());
    let config = Config {
        cases: cases.unwrap_or(3000),
        source_file: Some(file!()),
        failure_persistence: Some(Box::new(FileFailurePersistence::SourceParallel(
            "proptest-regressions",
        ))),
        ..Config::default()
    };
    let tally = RefCell::new(Tally::default());
    let strategy = (
        original(),
        any::<usize>(),
        corruption(),
        proptest::collection::btree_set((0..USERS.len(), 0..COURSES.len()), 0..4),
        prop_oneof![Just(RemovalAction::Suspend), Just(RemovalAction::Unenrol)],
    );
    let result = TestRunner::new(config).run(&strategy, |(original, at, corruption, extra, action)| {
        let mut tally = tally.borrow_mut();
        tally.cases += 1;
        let index = at % original.lines.len();
        let lines = corrupt(&original, index, &corruption);
        let listed = original.listed();
        let extra: BTreeSet<_> = extra.difference(&listed).copied().collect();
        // The lines the corruption made (one, or two when it split the line with a line break).
        let made = String::from_utf8_lossy(&lines[index]).into_owned();
        let made: Vec<&str> = made.split(['\n', '\r']).collect();
        if original.pairs[index].is_some() {
            let empty = |line: &str| {
                split(line, original.delimiter as char).is_some_and(|f| f.iter().all(String::is_empty))
            };
            if made.iter().all(|line| empty(line)) && lines.len() == original.lines.len() {
                // A line deleted, or cut to its delimiters (spreadsheets write empty rows so): no
                // file can tell whom it was about.
                tally.line_emptied += 1;
                return Ok(());
            }
            let (user, course) = original.pairs[index].expect("a data line");
            let reading = (&original.layout, original.delimiter, original.by_username);
            let enrolled = |pair| listed.contains(&pair) || extra.contains(&pair);
            let other = made.iter().find_map(|line| {
                valid_pair(reading, enrolled, line).filter(|&pair| pair != (user, course))
            });
            if let Some((other_user, other_course)) = other {
                let differs = match (other_user != user, other_course != course) {
                    (true, false) => 0,
                    (false, true) => 1,
                    _ => 2,
                };
                tally.another_valid_pair[differs] += 1;
                return Ok(());
            }
        }
        let bytes = original.bytes(&lines);
        let read_options = ReadOptions {
            user_field: if original.by_username {
                UserField::Username
            } else {
                UserField::default()
            },
            ..ReadOptions::default()
        };
        let Ok(file) = read(bytes.clone(), &read_options) else {
            tally.rejected += 1;
            return Ok(());
        };
        tally.checked += 1;
        let options = PlanOptions {
            now: 1_700_000_000,
            full_sync: Some(FullSync::new(action, 100.0, true).expect("valid")),
            ..PlanOptions::default()
        };
        let planned = plan(&file, &site(&listed, &extra, original.by_username), &options);
        let removed: BTreeSet<(usize, usize)> = planned
            .removals()
            .map(|(course, op)| match op.op {
                Op::Unenrol { user, .. } | Op::UpdateEnrolment { user, .. } => {
                    ((user - 100) as usize, (course.course - 2) as usize)
                }
                _ => unreachable!("a removal is an unenrol or a suspension"),
            })
            .collect();
        tally.rightful_removals += extra.len();
        tally.rightful_made += removed.intersection(&extra).count();
        let wrong: Vec<String> = removed
            .intersection(&listed)
            .map(|&(user, course)| format!("{} from {}", USERS[user], COURSES[course]))
            .collect();
        prop_assert!(
            wrong.is_empty(),
            "removed {wrong:?}, which the original file lists; {corruption:?} of line {} gave {made:?}; file:\n{}",
            index + 1,
            String::from_utf8_lossy(&bytes)
        );
        Ok(())
    });
    let tally = tally.into_inner();
    println!(
        "damage: {} cases: {} corrupted files checked, {} rejected as a whole, {} excluded \
         (the corrupted line is a valid line about another existing pair: {} about another user \
         in the same course, {} about the same user in another course, {} about another user and \
         course), {} excluded (a cut left no value on the line); full sync made {} of the {} \
         removals the files rightly asked for",
        tally.cases,
        tally.checked,
        tally.rejected,
        tally.another_valid_pair.iter().sum::<usize>(),
        tally.another_valid_pair[0],
        tally.another_valid_pair[1],
        tally.another_valid_pair[2],
        tally.line_emptied,
        tally.rightful_made,
        tally.rightful_removals
    );
    if let Err(failure) = result {
        panic!("{failure}");
    }
}

// The cases of issue 26 as plain examples: 8 students (U001…U008) in 3 courses, 24 managed
// active enrolments, and a file that lists them all but one line is damaged.

const STUDENTS: usize = 8;
const ROSTER_COURSES: [&str; 3] = ["MATH101", "PHYS101", "CHEM101"];

/// The site of the examples: also a course `MATH` and a user `101`, which shifted values may
/// name, and the role `manager`, which a run may not give.
fn roster_site() -> Snapshot {
    let mut s = Snapshot::new();
    for user in 1..=STUDENTS {
        s.add_user(&format!("U{user:03}"), user_id(user), false);
    }
    s.add_user("101", 999, false);
    for (i, key) in ROSTER_COURSES.iter().chain(&["MATH"]).enumerate() {
        s.add_course(key, course_id(i));
        s.add_instance(course_id(i), "manual", 1000 + course_id(i));
    }
    add_student_role(&mut s);
    s.add_role(
        "manager",
        RoleInfo {
            id: 1,
            assignable: true,
            allowed: false,
            student: false,
        },
    );
    s.add_method("manual", MethodInfo::default());
    for user in 1..=STUDENTS {
        for course in 0..ROSTER_COURSES.len() {
            enrol_managed_student(&mut s, user, course);
        }
    }
    s
}

/// The roster file: `header`, then a line for each enrolment written by `line(user, course)`,
/// with the line of U007 in MATH101 replaced by `damaged` (when given).
fn roster(header: &str, line: impl Fn(&str, &str) -> String, damaged: Option<&str>) -> String {
    let mut text = String::new();
    if !header.is_empty() {
        text.push_str(header);
        text.push('\n');
    }
    for user in 1..=STUDENTS {
        for course in ROSTER_COURSES {
            let user = format!("U{user:03}");
            let written = match damaged {
                Some(damaged) if user == "U007" && course == "MATH101" => damaged.to_string(),
                _ => line(&user, course),
            };
            text.push_str(&written);
            text.push('\n');
        }
    }
    text
}

/// A (user key, course key) pair.
type Pair = (String, String);

/// The removals and kept enrolments of full sync (with the default threshold) on the roster site,
/// as ("user", "course") and ("user", "course", line).
fn full_sync_of(text: &str, action: RemovalAction) -> (Vec<Pair>, Vec<(String, String, u32)>) {
    full_sync_on(&roster_site(), text, action)
}

/// The same on `site`, the roster site with more in it.
fn full_sync_on(
    site: &Snapshot,
    text: &str,
    action: RemovalAction,
) -> (Vec<Pair>, Vec<(String, String, u32)>) {
    let file = read(text.as_bytes().to_vec(), &ReadOptions::default()).expect("the file reads");
    let options = PlanOptions {
        now: 1_700_000_000,
        full_sync: Some(FullSync::new(action, FullSync::DEFAULT_THRESHOLD, false).expect("valid")),
        ..PlanOptions::default()
    };
    let planned = plan(&file, site, &options);
    assert!(planned.refusal.is_none(), "refused: {:?}", planned.refusal);
    let course_key = |id: i64| {
        ROSTER_COURSES
            .iter()
            .chain(&["MATH"])
            .nth((id - 2) as usize)
            .expect("a course")
            .to_string()
    };
    let user_key = |id: i64| format!("U{:03}", id - 100);
    let removed = planned
        .removals()
        .map(|(course, op)| match op.op {
            Op::Unenrol { user, .. } | Op::UpdateEnrolment { user, .. } => {
                (user_key(user), course_key(course.course))
            }
            _ => unreachable!("a removal is an unenrol or a suspension"),
        })
        .collect();
    let kept = planned
        .kept
        .iter()
        .map(|k| (user_key(k.user), course_key(k.course), k.line))
        .collect();
    (removed, kept)
}

fn pair(user: &str, course: &str) -> (String, String) {
    (user.to_string(), course.to_string())
}

#[test]
fn a_lost_or_added_delimiter_removes_no_student() {
    let native = |user: &str, course: &str| format!("add;{course};{user};student;manual");
    let short = |user: &str, course: &str| format!("add;{course};{user};student");
    let flat = |user: &str, course: &str| format!("add,student,{user},{course},0,0");
    let header = "cmd;cid;uid;rolename;enrol";
    // U007's line in MATH101 is line 20 of the native files and 19 of the flat one.
    for (text, line) in [
        (
            roster(header, native, Some("add;MATH101U007;student;manual")),
            20,
        ),
        (roster(header, short, Some("add;MATH;101;U007;student")), 20),
        (
            roster(
                &format!("{header};starttime"),
                native,
                Some("add;MATH101;U0;07;student;manual"),
            ),
            20,
        ),
        (roster("", flat, Some("add,student,U007MATH101,0,0")), 19),
    ] {
        for action in [RemovalAction::Suspend, RemovalAction::Unenrol] {
            let (removed, kept) = full_sync_of(&text, action);
            assert!(removed.is_empty(), "{removed:?} removed from\n{text}");
            assert!(
                kept.contains(&(pair("U007", "MATH101").0, pair("U007", "MATH101").1, line)),
                "{kept:?}\n{text}"
            );
        }
    }
}

#[test]
fn the_ordinary_failures_of_a_feed_keep_full_sync_going() {
    let native = |user: &str, course: &str| format!("add;{course};{user};student;manual");
    // U008 left MATH101; three lines fail as real feeds' lines do: a user not created yet, a
    // course not created yet, a role the run may not give.
    let text = roster("cmd;cid;uid;rolename;enrol", native, None)
        .replace("add;MATH101;U008;student;manual\n", "")
        .replace(
            "add;MATH101;U006;student;manual\n",
            "add;MATH101;U006;student;manual\nadd;MATH101;E4711;student;manual\n",
        )
        .replace(
            "add;PHYS101;U003;student;manual\n",
            "add;PHYS101;U003;student;manual\nadd;BIO101;U003;student;manual\n",
        )
        .replace(
            "add;PHYS101;U004;student;manual\n",
            "add;PHYS101;U004;student;manual\nadd;PHYS101;U004;manager;manual\n",
        );
    let (removed, kept) = full_sync_of(&text, RemovalAction::Suspend);
    assert_eq!(removed, [pair("U008", "MATH101")], "{kept:?}");
    assert!(kept.is_empty(), "{kept:?}");
}

#[test]
fn a_comment_line_holding_the_delimiter_keeps_whom_it_may_name() {
    let native = |user: &str, course: &str| format!("add;{course};{user};student;manual");
    // tool_sync's markers skip the line; a damaged first byte looks just like one.
    for damaged in [
        "#dd;MATH101;U007;student;manual",
        " add;MATH101;U007;student;manual",
        "-- U007;MATH101",
    ] {
        let text = roster("cmd;cid;uid;rolename;enrol", native, Some(damaged));
        let (removed, kept) = full_sync_of(&text, RemovalAction::Suspend);
        assert!(removed.is_empty(), "{damaged}: {removed:?}");
        assert_eq!(kept.len(), 1, "{damaged}: {kept:?}");
    }
    // A comment without the delimiter is no line at all.
    let text = roster(
        "cmd;cid;uid;rolename;enrol",
        native,
        Some("# U007 left MATH101"),
    );
    assert_eq!(
        full_sync_of(&text, RemovalAction::Suspend).0,
        [pair("U007", "MATH101")]
    );
}

#[test]
fn a_damaged_value_that_is_another_key_keeps_whom_it_hid() {
    let native = |user: &str, course: &str| format!("add;{course};{user};student;manual;");
    let header = "cmd;cid;uid;rolename;enrol;gcmd";
    // A byte of U007 changed into U001's: the line names another user of the site, and fails
    // for another reason (a group command without a group).
    let text = roster(header, native, Some("add;MATH101;U001;student;manual;gadd"));
    for action in [RemovalAction::Suspend, RemovalAction::Unenrol] {
        let (removed, kept) = full_sync_of(&text, action);
        assert!(removed.is_empty(), "{removed:?} removed from\n{text}");
        assert_eq!(kept.len(), 1, "{kept:?}");
    }
}

#[test]
fn two_values_that_joined_are_another_key_keep_whom_they_hid() {
    let native = |user: &str, course: &str| format!("add;{course};{user};student;manual;");
    // U0071 too is in MATH101. A byte of its key changed into the delimiter leaves two values
    // that, joined, are U001's key.
    let mut site = roster_site();
    site.add_user("U0071", 171, false);
    site.add_enrolment(1002, 171, active(), true)
        .expect("MATH101");
    site.add_role_assignment(2, 171, 5, true);
    let text = roster("cmd;cid;uid;rolename;enrol", native, None);
    for damaged in ["add;MATH101;U0071;student;", "add;MATH101;U00;1;student;"] {
        let (removed, _) =
            full_sync_on(&site, &format!("{text}{damaged}\n"), RemovalAction::Suspend);
        assert!(removed.is_empty(), "{damaged}: {removed:?}");
    }
}

#[test]
fn a_course_key_inside_another_keeps_whom_it_hid() {
    let native = |user: &str, course: &str| format!("add;{course};{user};student;manual;");
    let text = roster("cmd;cid;uid;rolename;enrol", native, None);
    // User 101 is in course MATH. The delimiter between them lost, the line names MATH101, another
    // course of the site, in which 101 is found; it must keep 101 in MATH too.
    let mut site = roster_site();
    site.add_enrolment(1005, 999, active(), true).expect("MATH");
    site.add_role_assignment(5, 999, 5, true);
    for damaged in ["add;MATH;101;student;manual", "add;MATH101;student;manual"] {
        let (removed, _) =
            full_sync_on(&site, &format!("{text}{damaged}\n"), RemovalAction::Unenrol);
        assert!(removed.is_empty(), "{damaged}: {removed:?}");
    }
}

fn active() -> Enrolment {
    Enrolment {
        active: true,
        start: 0,
        end: 0,
    }
}

#[test]
fn a_course_key_holding_the_delimiter_keeps_whom_it_hid_when_its_quote_is_damaged() {
    // Course short names may hold the delimiter (quoted): "Math, Year 7", and there is a course
    // "Math" too. Three students in both, managed and active.
    let site = two_course_site(["Math", "Math, Year 7"]);
    let original = "add,\"Math, Year 7\",U002,student,";
    let mut wrong = Vec::new();
    for damaged in [
        // A quote inserted before the opening one: the empty quoted field "" then Math.
        "add,\"\"Math, Year 7\",U002,student,",
        // The opening quote changed into a space.
        "add, Math, Year 7\",U002,student,",
        // A quote inserted inside: the quoted "M", then ath.
        "add,\"M\"ath, Year 7\",U002,student,",
    ] {
        let mut text = String::from("cmd,cid,uid,rolename,enrol\n");
        for user in 1..=3 {
            text.push_str(&format!("add,Math,U{user:03},student,\n"));
            let line = format!("add,\"Math, Year 7\",U{user:03},student,");
            text.push_str(if line == original { damaged } else { &line });
            text.push('\n');
        }
        let file = read(text.as_bytes().to_vec(), &ReadOptions::default()).expect("reads");
        let options = PlanOptions {
            now: 1_700_000_000,
            full_sync: Some(FullSync::new(RemovalAction::Unenrol, 100.0, true).expect("valid")),
            ..PlanOptions::default()
        };
        let planned = plan(&file, &site, &options);
        let removed: Vec<_> = planned
            .removals()
            .map(|(course, op)| (course.course, format!("{:?}", op.op)))
            .collect();
        if !removed.is_empty() {
            wrong.push(format!("{damaged}: removed {removed:?}"));
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_course_key_with_a_space_keeps_whom_it_hid_when_a_byte_next_to_it_becomes_the_delimiter() {
    // Courses MATH and MATH 101; three students in both. In U002's line of MATH 101, the 1
    // after the space is changed into the delimiter: the fields are trimmed, so the line names
    // MATH, then 01, and the space is gone from every value the index looks at.
    let site = two_course_site(["MATH", "MATH 101"]);
    let mut text = String::from("cmd;cid;uid;rolename;enrol\n");
    for user in 1..=3 {
        text.push_str(&format!("add;MATH;U{user:03};student;\n"));
        if user == 2 {
            text.push_str("add;MATH ;01;U002;student;\n");
        } else {
            text.push_str(&format!("add;MATH 101;U{user:03};student;\n"));
        }
    }
    let file = read(text.as_bytes().to_vec(), &ReadOptions::default()).expect("reads");
    let options = PlanOptions {
        now: 1_700_000_000,
        full_sync: Some(FullSync::new(RemovalAction::Suspend, 100.0, true).expect("valid")),
        ..PlanOptions::default()
    };
    let removed: Vec<_> = plan(&file, &site, &options)
        .removals()
        .map(|(course, op)| (course.course, format!("{:?}", op.op)))
        .collect();
    assert!(removed.is_empty(), "removed {removed:?} from\n{text}");
}

/// U001…U003, each a managed, active student of both `courses`.
fn two_course_site(courses: [&str; 2]) -> Snapshot {
    let mut site = Snapshot::new();
    for user in 1..=3 {
        site.add_user(&format!("U{user:03}"), user_id(user), false);
    }
    for (i, key) in courses.iter().enumerate() {
        site.add_course(key, course_id(i));
        site.add_instance(course_id(i), "manual", 1000 + course_id(i));
    }
    add_student_role(&mut site);
    site.add_method("manual", MethodInfo::default());
    for user in 1..=3 {
        for course in 0..2 {
            enrol_managed_student(&mut site, user, course);
        }
    }
    site
}

/// The roster file with U007's lines in MATH101 and PHYS101 (lines 20 and 21) made one: the line
/// feed between them lost, or changed into the delimiter.
fn joined_roster(header: &str, line: impl Fn(&str, &str) -> String, between: &str) -> String {
    let (first, second) = (line("U007", "MATH101"), line("U007", "PHYS101"));
    roster(header, line, None).replace(
        &format!("{first}\n{second}\n"),
        &format!("{first}{between}{second}\n"),
    )
}

#[test]
fn a_short_line_joined_with_the_next_keeps_whom_the_next_named() {
    // Lines written shorter than the header: the next line's values land in free-text columns
    // (group names; a role that the command does not use) and the joined line reads valid.
    let grouped = |user: &str, course: &str| {
        if course == "MATH101" {
            format!("add;{course};{user};student;gaddcreate;Group A")
        } else {
            format!("add;{course};{user};student")
        }
    };
    let short = |user: &str, course: &str| format!("add;{course};{user};student");
    let enable = |user: &str, course: &str| format!("enable;{course};{user}");
    // An empty last value written, and a quoted group name: a line feed changed into a quote
    // makes the next line one quoted value, delimiters and all.
    let quoted = |user: &str, course: &str| {
        if course == "PHYS101" {
            format!("add;{course};{user};student;\"Group A\"")
        } else {
            format!("add;{course};{user};student;")
        }
    };
    let mut wrong = Vec::new();
    for text in [
        joined_roster("cmd;cid;uid;rolename;gcmd;g1;g2;g3;g4", grouped, ""),
        joined_roster("cmd;cid;uid;rolename;gcmd;g1;g2;g3;g4", grouped, ";"),
        joined_roster(
            "cmd;cid;uid;rolename;gcmd;g1;g2;g3;g4",
            short,
            ";gaddcreate;",
        ),
        joined_roster("cmd;cid;uid;rolename;g1;g2;g3;g4", short, ";"),
        joined_roster("cmd;cid;uid;g1;g2;rolename", enable, ";"),
        joined_roster("cmd;cid;uid;g1;g2;rolename", enable, ""),
        joined_roster("cmd;cid;uid;rolename;g1", quoted, "\""),
    ] {
        for action in [RemovalAction::Suspend, RemovalAction::Unenrol] {
            let (removed, kept) = full_sync_of(&text, action);
            let line = text.lines().nth(19).expect("line 20");
            if !removed.is_empty() {
                wrong.push(format!("{line}: {removed:?} removed"));
            } else if !kept.contains(&("U007".into(), "PHYS101".into(), 20)) {
                wrong.push(format!("{line}: kept {kept:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_damaged_accented_username_keeps_whom_it_named_in_a_file_read_as_windows_1252() {
    // Users named by username (Moodle keeps them in lower case): u001…u003 and élodie, managed
    // students of MATH101; élodie's is the file's only accented character, so a damaged byte of
    // it leaves no valid multi-byte sequence and the file is read as Windows-1252.
    let mut site = Snapshot::new();
    for (i, name) in ["u001", "u002", "u003", "élodie"].iter().enumerate() {
        site.add_user(name, user_id(i), false);
    }
    site.add_course("MATH101", course_id(0));
    site.add_instance(course_id(0), "manual", 1000 + course_id(0));
    add_student_role(&mut site);
    site.add_method("manual", MethodInfo::default());
    for user in 0..4 {
        enrol_managed_student(&mut site, user, 0);
    }
    let options = ReadOptions {
        user_field: UserField::Username,
        ..ReadOptions::default()
    };
    let mut wrong = Vec::new();
    for written in ["élodie", "Élodie", "ÉLODIE"] {
        for at in 0..2 {
            for byte in [b'X', b'x', b'5', 0xE9] {
                let mut text = b"cid;uid;rolename\n".to_vec();
                for user in ["U001", "U002", written, "U003"] {
                    let mut user = user.as_bytes().to_vec();
                    if user.len() > 4 {
                        user[at] = byte;
                    }
                    text.extend(b"MATH101;");
                    text.extend(user);
                    text.extend(b";student\n");
                }
                let file = read(text.clone(), &options).expect("the file reads");
                let sync = FullSync::new(RemovalAction::Unenrol, 100.0, true).expect("valid");
                let options = PlanOptions {
                    now: 1_700_000_000,
                    full_sync: Some(sync),
                    ..PlanOptions::default()
                };
                let planned = plan(&file, &site, &options);
                let removed: Vec<i64> = planned
                    .removals()
                    .map(|(_, op)| match op.op {
                        Op::Unenrol { user, .. } => user,
                        _ => unreachable!("full sync unenrols"),
                    })
                    .collect();
                if !removed.is_empty() {
                    let line = String::from_utf8_lossy(&text[..])
                        .lines()
                        .nth(3)
                        .map(str::to_string);
                    wrong.push(format!("{line:?}: removed {removed:?}"));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_first_byte_of_a_character_damaged_into_a_comment_marker_keeps_whom_it_named() {
    // Émile's line begins with É (C3 89): its first byte damaged into one of tool_sync's comment
    // markers leaves a comment line holding the delimiter, whose first value is the marker and
    // what is left of É (undecodable): two characters from Émile's key. The file is UTF-8 (the
    // course's É), so nothing else reads it.
    let mut site = two_course_site(["CHIMIE-É", "MATH"]);
    site.add_user("Émile", user_id(4), false);
    enrol_managed_student(&mut site, 4, 0);
    for marker in [b'#', b'/', b'-', b'(', b'[', b' '] {
        let mut text = b"uid;cid;rolename\n".to_vec();
        for user in ["U001", "U002", "U003", "Émile"] {
            for course in ["CHIMIE-É", "MATH"] {
                if user == "Émile" && course == "MATH" {
                    continue;
                }
                let mut line = format!("{user};{course};student").into_bytes();
                if user == "Émile" {
                    line[0] = marker;
                }
                text.extend(line);
                text.push(b'\n');
            }
        }
        let file = read(text.clone(), &ReadOptions::default()).expect("the file reads");
        let options = PlanOptions {
            now: 1_700_000_000,
            full_sync: Some(FullSync::new(RemovalAction::Unenrol, 100.0, true).expect("valid")),
            ..PlanOptions::default()
        };
        let planned = plan(&file, &site, &options);
        let text = String::from_utf8_lossy(&text);
        assert_eq!(planned.removals().count(), 0, "{text}");
        let kept: Vec<_> = planned.kept.iter().map(|k| (k.user, k.line)).collect();
        assert_eq!(kept, [(user_id(4), 8)], "{text}");
    }
}

// Found by a second adversarial review: joins whose next line lands in times, quoted values or a
// key holding the delimiter; and honest files that must not keep anyone for ever.

/// A site where each of `users` (ids 100…) is a managed, active student of each of `courses`
/// (ids 2…).
fn every_pair_site(users: &[&str], courses: &[&str]) -> Snapshot {
    let mut site = Snapshot::new();
    for (i, key) in users.iter().enumerate() {
        site.add_user(key, user_id(i), false);
    }
    for (i, key) in courses.iter().enumerate() {
        site.add_course(key, course_id(i));
        site.add_instance(course_id(i), "manual", 1000 + course_id(i));
    }
    add_student_role(&mut site);
    site.add_method("manual", MethodInfo::default());
    for user in 0..users.len() {
        for course in 0..courses.len() {
            enrol_managed_student(&mut site, user, course);
        }
    }
    site
}

/// The (user, course) keys that full sync (unenrol) removes from `site` with `bytes`.
fn unenrolled(
    site: &Snapshot,
    keys: (&[&str], &[&str]),
    bytes: &[u8],
    read_options: &ReadOptions,
) -> Vec<Pair> {
    let file = read(bytes.to_vec(), read_options).expect("the file reads");
    let options = PlanOptions {
        now: 1_700_000_000,
        full_sync: Some(FullSync::new(RemovalAction::Unenrol, 100.0, true).expect("valid")),
        ..PlanOptions::default()
    };
    let (users, courses) = keys;
    plan(&file, site, &options)
        .removals()
        .map(|(course, op)| match op.op {
            Op::Unenrol { user, .. } => pair(
                users[(user - 100) as usize],
                courses[(course.course - 2) as usize],
            ),
            _ => unreachable!("full sync unenrols"),
        })
        .collect()
}

/// Adds to `wrong` what full sync (unenrol) removes from `site` with `bytes`, and the file.
fn note_removals(
    wrong: &mut Vec<String>,
    site: &Snapshot,
    keys: (&[&str], &[&str]),
    bytes: &[u8],
    options: &ReadOptions,
) {
    let gone = unenrolled(site, keys, bytes, options);
    if !gone.is_empty() {
        wrong.push(format!(
            "{gone:?} removed from\n{}",
            String::from_utf8_lossy(bytes)
        ));
    }
}

/// `header`, then a line `line(user, course)` for each course and user, the line feed after line
/// `at` (from 0) made `between`.
fn joined_file(
    header: &str,
    (users, courses): (&[&str], &[&str]),
    line: impl Fn(&str, &str) -> String,
    at: usize,
    between: &str,
) -> Vec<u8> {
    let mut text = format!("{header}\n");
    let lines = courses
        .iter()
        .flat_map(|c| users.iter().map(move |u| (u, c)));
    for (i, (user, course)) in lines.enumerate() {
        text.push_str(&line(user, course));
        text.push_str(if i == at { between } else { "\n" });
    }
    text.into_bytes()
}

#[test]
fn a_joined_line_keeps_the_keys_that_landed_in_its_times() {
    // Course ID numbers and student numbers are numbers (leading zeros too), which a time column
    // takes: the next line's course in `starttime`, or its course and user in `starttime` and
    // `endtime`; so are courses named by a date (one-day workshops).
    let by_idnumber = ReadOptions {
        course_field: enrolsync::read::CourseField::IdNumber,
        ..ReadOptions::default()
    };
    let default_role = ReadOptions {
        default_role: Some(5),
        ..by_idnumber
    };
    let letters = (&["U001", "U002", "U003"][..], &["48213", "48214"][..]);
    let numbers = (
        &["20231234", "20231235", "20231236"][..],
        &["4711", "4712"][..],
    );
    let zeros = (
        &["020231234", "020231235", "020231236"][..],
        &["04711", "04712"][..],
    );
    let dates = (
        &["U001", "U002", "U003"][..],
        &["2024-09-01", "2024-09-02"][..],
    );
    let (enable, roleless) = (
        "cmd;cid;uid;rolename;starttime;endtime",
        "cid;uid;starttime;endtime;rolename",
    );
    let dated = "uid;cid;rolename;g1;starttime;g2";
    let mut wrong = Vec::new();
    for (keys, header, line, options) in [
        (
            letters,
            "cid;uid;rolename;starttime;g1;g2",
            "{c};{u};student",
            &by_idnumber,
        ),
        (numbers, enable, "enable;{c};{u}", &by_idnumber),
        (numbers, roleless, "{c};{u}", &default_role),
        (zeros, enable, "enable;{c};{u}", &by_idnumber),
        (zeros, roleless, "{c};{u}", &default_role),
        (dates, dated, "{u};{c};student", &ReadOptions::default()),
        (dates, dated, "{u};{c};student", &by_idnumber),
    ] {
        let write = |u: &str, c: &str| line.replace("{c}", c).replace("{u}", u);
        // The third line (the last user in the first course) joined with the fourth.
        let bytes = joined_file(header, keys, write, 2, ";");
        let mut site = every_pair_site(keys.0, keys.1);
        site.add_date("2024-09-01 00:00:00", 1_725_148_800);
        site.add_date("2024-09-02 00:00:00", 1_725_235_200);
        note_removals(&mut wrong, &site, keys, &bytes, options);
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_line_feed_changed_into_a_quote_keeps_whom_the_next_line_named() {
    let keys = (&["U001", "U002", "U003"][..], &["MATH101", "PHYS101"][..]);
    let site = every_pair_site(keys.0, keys.1);
    let header = "uid;cid;rolename;gcmd;g1;g2;g3;g4;g5";
    let mut wrong = Vec::new();
    for group in ["Group A", "\"Group A\""] {
        let line = |u: &str, c: &str| format!("\"{u}\";\"{c}\";\"student\";\"gaddcreate\";{group}");
        let bytes = joined_file(header, keys, line, 2, "\"");
        note_removals(&mut wrong, &site, keys, &bytes, &ReadOptions::default());
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn a_joined_line_keeps_a_course_whose_key_holds_the_delimiter() {
    let keys = (&["U001", "U002", "U003"][..], &["Math", "Math, Year 7"][..]);
    let site = every_pair_site(keys.0, keys.1);
    let line = |u: &str, c: &str| format!("{u},\"{c}\",student,gaddcreate,Group A");
    let bytes = joined_file(
        "uid,cid,rolename,gcmd,g1,g2,g3,g4,g5,g6",
        keys,
        line,
        2,
        ",",
    );
    let gone = unenrolled(&site, keys, &bytes, &ReadOptions::default());
    assert!(
        gone.is_empty(),
        "{gone:?} removed from\n{}",
        String::from_utf8_lossy(&bytes)
    );
}

#[test]
fn a_group_named_after_a_user_keeps_no_leaver_for_ever() {
    // Honest files: student 2023 left MATH101, whose lines put everyone in "Class of 2023"; so
    // did the tutor jsmith, in "Tutor jsmith". Their keys end group names, but no line reads as
    // two lines joined: they are removed.
    for (users, user_field, group) in [
        (
            ["2021", "2022", "2023"],
            UserField::IdNumber,
            "Class of 2023",
        ),
        (
            ["u001", "u002", "jsmith"],
            UserField::Username,
            "Tutor jsmith",
        ),
    ] {
        let keys = (&users[..], &["MATH101"][..]);
        let mut site = every_pair_site(keys.0, keys.1);
        site.add_group(course_id(0), 3002, group);
        let text = format!(
            "cid;uid;rolename;gcmd;g1\nMATH101;{};student;gadd;{group}\nMATH101;{};student;gadd;{group}\n",
            users[0], users[1]
        );
        let options = ReadOptions {
            user_field,
            ..ReadOptions::default()
        };
        let gone = unenrolled(&site, keys, text.as_bytes(), &options);
        assert_eq!(gone, [pair(users[2], "MATH101")], "{text}");
    }
}

#[test]
fn a_comment_in_another_encoding_withholds_nothing() {
    // A UTF-8 file (CHIMIE-É) with a comment written in Latin-1, or holding replacement
    // characters an earlier conversion left: U003, who left MATH, is removed.
    let keys = (&["U001", "U002", "U003"][..], &["CHIMIE-É", "MATH"][..]);
    let site = every_pair_site(keys.0, keys.1);
    for comment in [
        &b"#\xC9l\xE8ves de 6e; liste du jour"[..],
        "#\u{FFFD}l\u{FFFD}ves; liste".as_bytes(),
    ] {
        let mut bytes = b"cid;uid;rolename\n".to_vec();
        bytes.extend(comment);
        bytes.push(b'\n');
        for course in keys.1 {
            for user in keys.0.iter().filter(|&&u| (u, *course) != ("U003", "MATH")) {
                bytes.extend(format!("{course};{user};student\n").as_bytes());
            }
        }
        let gone = unenrolled(&site, keys, &bytes, &ReadOptions::default());
        assert_eq!(
            gone,
            [pair("U003", "MATH")],
            "{}",
            String::from_utf8_lossy(comment)
        );
    }
}
