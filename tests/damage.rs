//! A damaged file costs nothing (spec §4, "Removal needs positive evidence"): for any file and
//! any corruption of it (bytes flipped, quotes inserted, lines cut, truncation, invalid bytes),
//! full sync against a site where every line of the original file is a managed, active
//! enrolment removes only pairs (user, course) that no line of the corrupted file names, and
//! nothing at all when a line's user cannot be told.
//!
//! "Names" is decided here by an oracle of its own, from the spec's reading rules, line by line:
//! the user and course columns of each physical line (§2.3: a quoted field never spans a line).

use std::collections::BTreeSet;

use enrolsync::dialect::Format;
use enrolsync::plan::{FullSync, PlanOptions, RemovalAction, plan};
use enrolsync::read::{ReadOptions, read};
use enrolsync::snapshot::{Enrolment, MethodInfo, RoleInfo, Snapshot};
use proptest::prelude::*;

/// Users U0001… and courses: keys of one width, so that none is a part of another; one course
/// key holds a multi-byte character, so that the file is UTF-8 as school files with accents are.
const COURSES: [&str; 4] = ["C01", "CÉ2", "C03", "C04"];
const USERS: usize = 12;
const HEADER: &str = "cmd;cid;uid;rolename";

fn user_key(i: usize) -> String {
    format!("U{:04}", i + 1)
}

fn user_id(i: usize) -> i64 {
    100 + i as i64
}

fn course_id(i: usize) -> i64 {
    2 + i as i64
}

/// The original file: one `add` line per (user, course) pair.
fn original(pairs: &BTreeSet<(usize, usize)>) -> Vec<u8> {
    let mut text = String::from(HEADER);
    for &(user, course) in pairs {
        text.push_str(&format!(
            "\nadd;{};{};student",
            COURSES[course],
            user_key(user)
        ));
    }
    text.push('\n');
    text.into_bytes()
}

/// The site: every user and course of the keys, each pair of the original file a managed,
/// active enrolment with the student role.
fn site(pairs: &BTreeSet<(usize, usize)>) -> Snapshot {
    let mut s = Snapshot::new();
    for user in 0..USERS {
        s.add_user(&user_key(user), user_id(user), false);
    }
    for (course, key) in COURSES.iter().enumerate() {
        s.add_course(key, course_id(course));
        s.add_instance(course_id(course), "manual", 1000 + course_id(course));
    }
    s.add_role(
        "student",
        RoleInfo {
            id: 5,
            assignable: true,
            allowed: true,
            student: true,
        },
    );
    s.add_method("manual", MethodInfo::default());
    for &(user, course) in pairs {
        let enrolment = Enrolment {
            active: true,
            start: 0,
            end: 0,
        };
        s.add_enrolment(1000 + course_id(course), user_id(user), enrolment, true)
            .expect("the instance exists");
        s.add_role_assignment(course_id(course), user_id(user), 5, true);
    }
    s
}

/// One way to damage a file.
#[derive(Debug, Clone)]
enum Damage {
    Flip(usize, u8),
    Quote(usize),
    Newline(usize),
    Cut(usize, usize),
    Truncate(usize),
    InvalidByte(usize, u8),
}

fn damage_strategy() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(at, x)| Damage::Flip(at, x)),
        any::<usize>().prop_map(Damage::Quote),
        any::<usize>().prop_map(Damage::Newline),
        (any::<usize>(), 1usize..40).prop_map(|(at, len)| Damage::Cut(at, len)),
        any::<usize>().prop_map(Damage::Truncate),
        (any::<usize>(), 0x80u8..=0xFF).prop_map(|(at, b)| Damage::InvalidByte(at, b)),
    ]
}

fn apply_damage(bytes: &mut Vec<u8>, damage: &Damage) {
    if bytes.is_empty() {
        return;
    }
    let at = |n: usize| n % bytes.len();
    match *damage {
        Damage::Flip(n, x) => {
            let i = at(n);
            bytes[i] ^= x;
        }
        Damage::Quote(n) => bytes.insert(at(n), b'"'),
        Damage::Newline(n) => bytes.insert(at(n), b'\n'),
        Damage::Cut(n, len) => {
            let start = at(n);
            let end = (start + len).min(bytes.len());
            bytes.drain(start..end);
        }
        Damage::Truncate(n) => bytes.truncate(at(n)),
        Damage::InvalidByte(n, b) => bytes.insert(at(n), b),
    }
}

/// What the oracle reads in a corrupted file: whether some line's user cannot be told, and the
/// (user key, course key or None for "cannot be told") each other data line names.
struct Named {
    withheld: bool,
    pairs: Vec<(String, Option<String>)>,
}

/// Decodes like spec §2.3 (auto): UTF-8 when the file holds a valid multi-byte sequence (bad
/// bytes replaced, so their fields cannot be read), else Windows-1252.
fn decode(bytes: &[u8]) -> String {
    let lossy = String::from_utf8_lossy(bytes);
    let multibyte = lossy
        .chars()
        .any(|c| c.len_utf8() > 1 && c != char::REPLACEMENT_CHARACTER);
    if multibyte || bytes.is_ascii() {
        lossy.into_owned()
    } else {
        encoding_rs::WINDOWS_1252.decode(bytes).0.into_owned()
    }
}

/// The fields of one line, RFC 4180 within the line: a quote opens a field only as its first
/// character, `""` inside is a quote, text after the closing quote belongs to the field; None
/// when a quote is left open at the end of the line.
fn fields(line: &str) -> Option<Vec<String>> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let (mut quoted, mut at_start) = (false, true);
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' if at_start => quoted = true,
            '"' if quoted && chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            '"' if quoted => quoted = false,
            ';' if !quoted => {
                fields.push(field.trim().to_string());
                field.clear();
                at_start = true;
                continue;
            }
            c => field.push(c),
        }
        at_start = false;
    }
    if quoted {
        return None;
    }
    fields.push(field.trim().to_string());
    Some(fields)
}

/// Reads the corrupted file as the oracle understands it; None when its header is not one the
/// spec accepts (the file is then rejected as a whole, and nothing applies).
fn oracle(bytes: &[u8]) -> Option<Named> {
    let text = decode(bytes).replace("\r\n", "\n").replace('\r', "\n");
    let mut lines = text
        .split('\n')
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#') && !l.starts_with("//"));
    let header = fields(lines.next()?)?;
    let header: Vec<String> = header.iter().map(|h| h.to_lowercase()).collect();
    let position = |name: &str| header.iter().position(|h| h == name);
    let (uid, cid) = (position("uid")?, position("cid")?);
    // The last column a line must reach: a line short of it lost a delimiter, maybe shifted.
    let required = uid.max(cid).max(position("rolename")?);
    let mut named = Named {
        withheld: false,
        pairs: Vec::new(),
    };
    for line in lines {
        let Some(fields) = fields(line) else {
            named.withheld = true;
            continue;
        };
        let used = fields
            .iter()
            .rposition(|f| !f.is_empty())
            .map_or(0, |i| i + 1);
        if fields.iter().all(String::is_empty) {
            continue;
        }
        let user = fields.get(uid).cloned().unwrap_or_default();
        let short = fields.len() <= required;
        if used > header.len()
            || short
            || user.is_empty()
            || user.contains(char::REPLACEMENT_CHARACTER)
        {
            named.withheld = true;
            continue;
        }
        let course = fields
            .get(cid)
            .filter(|c| !c.is_empty() && !c.contains(char::REPLACEMENT_CHARACTER))
            .cloned();
        named.pairs.push((user, course));
    }
    Some(named)
}

fn pairs_strategy() -> impl Strategy<Value = BTreeSet<(usize, usize)>> {
    proptest::collection::btree_set((0..USERS, 0..COURSES.len()), 4..30)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn full_sync_removes_only_what_no_line_of_a_damaged_file_names(
        pairs in pairs_strategy(),
        damages in proptest::collection::vec(damage_strategy(), 1..4),
        action in prop_oneof![Just(RemovalAction::Suspend), Just(RemovalAction::Unenrol)],
    ) {
        let mut bytes = original(&pairs);
        for damage in &damages {
            apply_damage(&mut bytes, damage);
        }
        // A header the damage made unreadable rejects the file: nothing applies. A header read
        // as another format or delimiter is outside what the oracle reads.
        let Ok(file) = read(bytes.clone(), &ReadOptions::default()) else {
            return Ok(());
        };
        if file.format != Format::Native || file.delimiter != b';' {
            return Ok(());
        }
        let options = PlanOptions {
            now: 1_700_000_000,
            full_sync: Some(FullSync::new(action, 100.0, true).expect("valid")),
            ..PlanOptions::default()
        };
        let planned = plan(&file, &site(&pairs), &options);
        let removed: Vec<(i64, i64)> = planned
            .removals()
            .map(|(course, op)| match op.op {
                enrolsync::plan::Op::Unenrol { user, .. }
                | enrolsync::plan::Op::UpdateEnrolment { user, .. } => (user, course.course),
                _ => unreachable!("a removal is an unenrol or a suspension"),
            })
            .collect();
        if removed.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let named = oracle(&bytes).unwrap_or_else(|| panic!("the file read, the oracle could not: {text:?}"));
        prop_assert!(!named.withheld, "a line whose user cannot be told, yet {removed:?} removed from {text:?}");
        for (user, course) in removed {
            let user_key = user_key((user - 100) as usize);
            let course_key = COURSES[(course - 2) as usize];
            let protected = named.pairs.iter().any(|(u, c)| {
                *u == user_key && c.as_deref().is_none_or(|c| c == course_key || !COURSES.contains(&c))
            });
            prop_assert!(!protected, "{user_key} removed from {course_key}, which a line names: {text:?}");
        }
    }
}
