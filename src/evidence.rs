//! Whom a damaged line may be about (spec §4, "Removal needs positive evidence").
//!
//! Full sync removes an enrolment only where the file was understood: a line that failed, or a
//! comment line that holds the delimiter (a [`Witness`]), keeps from removal every user *at
//! risk* — holding a managed enrolment that full sync is about to remove or suspend — that it
//! *may* name ([`Evidence::gather`]). Its columns cannot be trusted for that: a lost delimiter
//! joins two values (`MATH101U007`), an added one shifts them into other columns (`MATH;101`),
//! a changed byte alters one (`U0O7`), a cut ends one early (`U0`), a line joined with the next
//! holds two users. So the keys of the users at risk, and of the site's courses, are looked for
//! wherever a damage of one line may have left them ([`KeyIndex::find`]):
//!
//! - in the line's fields joined without their delimiters (two values a lost delimiter joined;
//!   a key an added delimiter split, whole again), even inside a field that is another key;
//! - within one character (changed, added or removed) of a field, of two adjacent fields joined
//!   (a character changed into the delimiter), of two adjacent values as written joined (the
//!   same next to a space inside a key, which trimmed fields lose), or of a value as written
//!   between delimiters (a quote changed or added, which the reader took for quoting); a key
//!   that holds the delimiter or a quote (written quoted), within one character of any part of
//!   the line as written; in a file read as Windows-1252 for want of any valid multi-byte UTF-8
//!   sequence, within one byte too, the case of letters folded ([`Seen::single_byte`]);
//! - as a key that the line's last field begins (the line was cut inside it), or, when that
//!   field ends with a character that is not ASCII, begins but for it (cut inside a character
//!   of several bytes).
//!
//! A field that is itself a key of the site may be another key damaged, so its neighbours are
//! looked for too, with one exception: when the line's course column names no course of the
//! site, a field that is a user's key is that user. One corruption damages one place of a line:
//! if the user field was damaged into another key, the course field is as written, and names no
//! course in which the original's user could be enrolled; if the course field was damaged, the
//! user field is as written. The users found are kept in the course the line's course column
//! names and in the courses found the same way, or in every course when that column names none.
//!
//! A valid line that did not fail may be two lines joined ([`Joined`]): a line written shorter
//! than its header, its line feed lost or changed into another byte, reads valid with the next
//! line's values in its free text (group names; the role of an `enable` or `disable` line, which
//! uses none) or its times (a key that is a number or a date is a valid time). From one of its values
//! on, its values then read as a line of the header's layout, the first of them ending with the
//! next line's first value: if that line names a user at risk and a course of the site, the
//! user is kept there. (A line feed changed into a quote makes the rest one quoted value: its
//! parts between delimiters are read too.) Only lines whose free text or times hold both a key
//! of a user at risk and a course's key are read so.
//!
//! A comment line's first field is looked at without its marker ([`Witness::fields`]): the
//! marker may be a data line's first byte damaged, and when that byte began a character of
//! several bytes, what is left of the character no longer decodes (`#\u{FFFD}mile` of `Émile`).
//!
//! Keys found that the line does not really name only keep an enrolment a night longer; a key
//! missed would lose a student's enrolment. The ordinary failures of a real feed (a user or a
//! course not created yet, a role not allowed) keep only keys that look like theirs, and never
//! stop full sync.

use std::hash::{Hash, Hasher};

use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet, FxHasher};
use smallvec::SmallVec;

use crate::date::{Time, parse_time};
use crate::decode::EncodingReason;
use crate::line::{Line, TimeRef};
use crate::read::{ParsedFile, UserField};
use crate::record::split_line;
use crate::simulate::Protection;
use crate::snapshot::{Id, Snapshot, UserMatch};

/// A line that may name whom full sync is about to remove: a line that failed (while reading,
/// or against the site), or a comment line that holds the delimiter.
#[derive(Debug, Clone)]
pub struct Witness<'a> {
    /// Its physical line number.
    pub number: u32,
    /// Its text.
    pub raw: &'a str,
    /// Its fields, as the reader splits them (a comment line's first without its marker).
    pub fields: Vec<String>,
    /// The users of the site its user column names.
    pub users: SmallVec<[Id; 2]>,
    /// The course its course column names, when the site has it; `None` when it cannot be told,
    /// and the users the line may name are then kept in every course.
    pub course: Option<Id>,
}

/// A valid line that did not fail, which may be two lines joined (see the module's
/// documentation).
#[derive(Debug, Clone, Copy)]
pub struct Joined<'a> {
    /// The line.
    pub line: &'a Line,
}

/// The users at risk and the courses a value of free text is, or ends with.
type Ending = (SmallVec<[Id; 2]>, SmallVec<[Id; 2]>);

/// The users at risk (holding a managed enrolment full sync is about to remove or suspend), each
/// with the courses where they are.
pub type AtRisk = FxHashMap<Id, SmallVec<[Id; 2]>>;

/// What the witnesses of a run keep full sync from removing (spec §4).
#[derive(Debug, Default)]
pub struct Evidence {
    /// The users kept in every course, each with the first line that keeps them.
    everywhere: FxHashMap<Id, u32>,
    /// The users kept in one course, by course, each with the first line that keeps them.
    in_course: FxHashMap<Id, FxHashMap<Id, u32>>,
}

impl Evidence {
    /// Gathers what `witnesses` (in file order) keep from removing `at_risk`, and what each
    /// witness keeps; and what valid lines that may be two lines joined keep.
    pub fn gather(
        file: &ParsedFile,
        snapshot: &Snapshot,
        at_risk: &AtRisk,
        witnesses: &[Witness],
        joined: &[Joined],
    ) -> (Self, Vec<Protection>) {
        let finder = Finder::new(file, snapshot, at_risk);
        // The users each witness may name, and the courses it keeps them in (None: every one).
        let found: Vec<(FxHashSet<Id>, Option<FxHashSet<Id>>)> = witnesses
            .par_iter()
            .map(|witness| {
                let mut users = finder.users_in(witness);
                users.extend(witness.users.iter().copied());
                let courses = witness
                    .course
                    .filter(|_| !users.is_empty())
                    .map(|course| finder.courses_in(witness, course));
                (users, courses)
            })
            .collect();
        let mut evidence = Evidence::default();
        let mut protections = Vec::with_capacity(witnesses.len());
        for (witness, (users, courses)) in witnesses.iter().zip(found) {
            if users.is_empty() {
                protections.push(Protection::None);
                continue;
            }
            let Some(courses) = courses else {
                for &user in &users {
                    evidence.everywhere.entry(user).or_insert(witness.number);
                }
                protections.push(Protection::EveryCourse);
                continue;
            };
            evidence.keep(at_risk, &users, &courses, witness.number);
            protections.push(Protection::Course);
        }
        let free = if joined.is_empty() {
            None
        } else {
            Some(FreeText::new(&finder, file))
        };
        let found: Vec<_> = joined
            .par_iter()
            .filter(|joined| {
                free.as_ref()
                    .is_some_and(|free| free.names_both(&finder, file, joined.line))
            })
            .map(|joined| (joined.line.number, finder.next_line_in(file, joined.line)))
            .collect();
        for (number, pairs) in found {
            for (users, courses) in pairs {
                evidence.keep(at_risk, &users, &courses, number);
            }
        }
        (evidence, protections)
    }

    /// Keeps `users` in `courses` by line `number`, unless an earlier line keeps them already:
    /// only where they are at risk (a line may name many users and courses, who are rarely
    /// at risk together).
    fn keep(
        &mut self,
        at_risk: &AtRisk,
        users: &FxHashSet<Id>,
        courses: &FxHashSet<Id>,
        number: u32,
    ) {
        for user in users {
            let risky = at_risk.get(user).into_iter().flatten();
            for course in risky.filter(|course| courses.contains(course)) {
                let line = self
                    .in_course
                    .entry(*course)
                    .or_default()
                    .entry(*user)
                    .or_insert(number);
                *line = (*line).min(number);
            }
        }
    }

    /// The first line that keeps `user`'s enrolments in `course` from full sync, if any.
    pub fn keeper(&self, course: Id, user: Id) -> Option<u32> {
        let here = self
            .in_course
            .get(&course)
            .and_then(|users| users.get(&user));
        let everywhere = self.everywhere.get(&user);
        here.into_iter().chain(everywhere).min().copied()
    }
}

/// The keys a witness may name: of the users at risk, and of the site's courses.
struct Finder<'a> {
    snapshot: &'a Snapshot,
    users: KeyIndex,
    courses: KeyIndex,
    /// Usernames and e-mail addresses are keys in lower case.
    lower_case_users: bool,
    delimiter: u8,
    /// See [`Seen::single_byte`].
    single_byte: bool,
}

impl<'a> Finder<'a> {
    fn new(file: &ParsedFile, snapshot: &'a Snapshot, at_risk: &AtRisk) -> Self {
        let users = snapshot.users.iter().filter_map(|(key, found)| {
            let ids: SmallVec<[Id; 2]> = match found {
                UserMatch::Found { id, .. } => SmallVec::from_slice(&[*id]),
                UserMatch::Ambiguous => snapshot.ambiguous_users(key).into(),
            };
            let ids: SmallVec<[Id; 2]> = ids
                .into_iter()
                .filter(|id| at_risk.contains_key(id))
                .collect();
            (!ids.is_empty()).then(|| (key.clone(), ids))
        });
        let courses = snapshot
            .courses
            .iter()
            .filter(|(key, _)| !snapshot.is_ambiguous_course(key))
            .map(|(key, &id)| (key.clone(), SmallVec::from_slice(&[id])));
        Finder {
            snapshot,
            users: KeyIndex::new(users).holding(file.delimiter),
            courses: KeyIndex::new(courses).holding(file.delimiter),
            lower_case_users: matches!(file.user_field, UserField::Username | UserField::Email),
            delimiter: file.delimiter,
            single_byte: file.encoding_reason == EncodingReason::NoMultibyte,
        }
    }

    /// The users at risk the witness may name.
    fn users_in(&self, witness: &Witness) -> FxHashSet<Id> {
        let mut found = FxHashSet::default();
        if self.users.is_empty() {
            return found;
        }
        // See the module's documentation: only a line that names no course trusts its fields.
        let trusted =
            |value: &str| witness.course.is_none() && self.snapshot.users.contains_key(value);
        if self.lower_case_users {
            let text = witness.raw.to_lowercase();
            let fields: Vec<String> = witness.fields.iter().map(|f| f.to_lowercase()).collect();
            self.users
                .find(&self.seen(&text, &fields), trusted, &mut found);
        } else {
            let seen = self.seen(witness.raw, &witness.fields);
            self.users.find(&seen, trusted, &mut found);
        }
        found
    }

    /// The courses the witness may name, its own `course` first.
    fn courses_in(&self, witness: &Witness, course: Id) -> FxHashSet<Id> {
        let mut found = FxHashSet::default();
        found.insert(course);
        let seen = self.seen(witness.raw, &witness.fields);
        self.courses.find(&seen, |_| false, &mut found);
        found
    }

    /// The users at risk and the courses whose key `value`, or a part of it between delimiters,
    /// is or ends with (but for quotes a join left); `None` for none.
    fn ending(&self, value: &str) -> Option<Ending> {
        let (mut users, mut courses) = (FxHashSet::default(), FxHashSet::default());
        for part in std::iter::once(value.trim_matches('"')).chain(self.parts(value)) {
            self.users_ending(part, &mut users);
            self.courses.ending(part, &mut courses);
        }
        (!users.is_empty() || !courses.is_empty())
            .then(|| (users.into_iter().collect(), courses.into_iter().collect()))
    }

    /// The parts of `value` between delimiters, without the quotes a quoted value left at their
    /// ends (a line feed changed into a quote makes the next line one quoted value).
    fn parts<'v>(&self, value: &'v str) -> impl Iterator<Item = &'v str> {
        let delimiter = char::from(self.delimiter);
        let several = value.contains(delimiter);
        value
            .split(delimiter)
            .filter(move |_| several)
            .map(|part| part.trim().trim_matches('"'))
    }

    fn users_ending(&self, value: &str, out: &mut FxHashSet<Id>) {
        if self.lower_case_users {
            self.users.ending(&value.to_lowercase(), out);
        } else {
            self.users.ending(value, out);
        }
    }

    /// The pairs of users at risk and courses that `line`, read as two lines joined, may name
    /// in its second: from each of its values on (its fields as read, or their parts between
    /// delimiters), the values at the layout's user and course columns, the first of them
    /// ending with its key.
    fn next_line_in(&self, file: &ParsedFile, line: &Line) -> Vec<(FxHashSet<Id>, FxHashSet<Id>)> {
        let fields = split_line(file.raw(&line.raw), file.delimiter).0;
        // Each field, or its parts when it holds the delimiter.
        let parts: Vec<&str> = fields
            .iter()
            .flat_map(|f| {
                let whole = (!f.contains(char::from(self.delimiter))).then(|| f.trim_matches('"'));
                whole.into_iter().chain(self.parts(f))
            })
            .collect();
        // A quote a join left at a value's end (the line feed changed into one) is not the key's.
        let fields: Vec<&str> = fields.iter().map(|f| f.trim_matches('"')).collect();
        let mut pairs = Vec::new();
        for values in [&fields, &parts] {
            for start in 1..values.len() {
                let next = &values[start..];
                let (Some(user), Some(course)) =
                    (next.get(file.user_column), next.get(file.course_column))
                else {
                    break;
                };
                let (mut users, mut courses) = (FxHashSet::default(), FxHashSet::default());
                if file.user_column == 0 {
                    self.users_ending(user, &mut users);
                } else if self.lower_case_users {
                    users.extend(self.users.exact(&user.to_lowercase()));
                } else {
                    users.extend(self.users.exact(user));
                }
                if file.course_column == 0 {
                    self.courses.ending(course, &mut courses);
                } else {
                    courses.extend(self.courses.exact(course));
                }
                if !users.is_empty() && !courses.is_empty() {
                    pairs.push((users, courses));
                }
            }
        }
        pairs
    }

    fn seen<'s>(&self, text: &'s str, fields: &'s [String]) -> Seen<'s> {
        Seen {
            text,
            fields,
            delimiter: self.delimiter,
            single_byte: self.single_byte,
        }
    }
}

/// What the free text and the times of valid lines hold, for [`Evidence::gather`] to read again
/// only the lines that may be two lines joined. Group names repeat from line to line: each is
/// looked at once.
struct FreeText {
    /// [`Finder::ending`] of each group name of the file.
    groups: Vec<Option<Ending>>,
    /// The keys of users at risk and of courses that a time column takes, by the time it reads
    /// (a number, `04711` as 4711; or a date, as the file's dates are kept).
    stamps: FxHashMap<i64, Ending>,
    dates: FxHashMap<Box<str>, Ending>,
}

impl FreeText {
    fn new(finder: &Finder, file: &ParsedFile) -> Self {
        let names: Vec<&str> = file.keys.groups.values().collect();
        let groups = names.par_iter().map(|name| finder.ending(name)).collect();
        let mut free = FreeText {
            groups,
            stamps: FxHashMap::default(),
            dates: FxHashMap::default(),
        };
        for (index, is_user) in [(&finder.users, true), (&finder.courses, false)] {
            for (key, ids) in index.keys() {
                let ending = match parse_time(key, true) {
                    Ok(Time::Timestamp(stamp)) => free.stamps.entry(stamp).or_default(),
                    Ok(Time::Local(date)) => free.dates.entry(date.into()).or_default(),
                    _ => continue,
                };
                let found = if is_user {
                    &mut ending.0
                } else {
                    &mut ending.1
                };
                found.extend_from_slice(ids);
            }
        }
        free
    }

    /// Whether `line`'s free text and times hold both a key of a user at risk and a course's.
    fn names_both(&self, finder: &Finder, file: &ParsedFile, line: &Line) -> bool {
        let role = (!line.command.uses_role())
            .then(|| split_line(file.raw(&line.raw), file.delimiter).0)
            .and_then(|fields| fields.into_iter().nth(file.role_column))
            .and_then(|role| finder.ending(&role));
        let times = [line.start, line.end]
            .into_iter()
            .filter_map(|time| match time {
                TimeRef::At(stamp) => self.stamps.get(&stamp),
                TimeRef::Local(date) => self.dates.get(file.keys.dates.value(date)),
                TimeRef::Unset => None,
            });
        let endings = file
            .line_groups(line)
            .iter()
            .filter_map(|&group| self.groups[group as usize].as_ref())
            .chain(&role)
            .chain(times);
        let (mut user, mut course) = (false, false);
        for (users, courses) in endings {
            user |= !users.is_empty();
            course |= !courses.is_empty();
        }
        user && course
    }
}

/// A line as a [`KeyIndex`] reads it.
pub struct Seen<'a> {
    /// Its text.
    pub text: &'a str,
    /// Its fields, as the reader splits them.
    pub fields: &'a [String],
    /// The file's delimiter.
    pub delimiter: u8,
    /// Whether the file was read as Windows-1252 because no valid multi-byte UTF-8 sequence was
    /// left in it: a damaged byte of a key's only accented character may be the reason, and a
    /// key is then within one edit of the line's *bytes* rather than of its characters.
    pub single_byte: bool,
}

/// Keys of one kind (users' or courses'), with the ids each names, indexed for [`KeyIndex::find`].
pub struct KeyIndex {
    keys: Vec<(Box<str>, SmallVec<[Id; 2]>)>,
    /// Index into `keys` of each key.
    exact: FxHashMap<Box<str>, u32>,
    /// Keys by the hash of each of their one-character deletions and of themselves.
    near: FxHashMap<u64, SmallVec<[u32; 2]>>,
    /// The same for their bytes (as UTF-8), [`folded`].
    near_bytes: FxHashMap<u64, SmallVec<[u32; 2]>>,
    /// Each key's characters, and its bytes folded, as `near` and `near_bytes` compare them.
    chars: Vec<Box<[char]>>,
    bytes: Vec<Box<[u8]>>,
    /// Finds every key in a text, overlapping ones included; `None` if it could not be built,
    /// and every key is then taken to occur (the safe side).
    automaton: Option<AhoCorasick>,
    /// Indices into `keys`, sorted by key, for prefixes.
    sorted: Vec<u32>,
    /// Indices into `keys` of the keys that hold the delimiter or a quote (written quoted: a
    /// damaged quote or delimiter splits them over fields), see [`KeyIndex::holding`].
    holding: Vec<u32>,
}

impl KeyIndex {
    /// Indexes `keys` (empty keys are left out: they would be found everywhere, and an empty
    /// field names nobody).
    pub fn new(keys: impl IntoIterator<Item = (Box<str>, SmallVec<[Id; 2]>)>) -> Self {
        let keys: Vec<_> = keys.into_iter().filter(|(k, _)| !k.is_empty()).collect();
        let mut exact = FxHashMap::default();
        let (mut near, mut near_bytes) = (FxHashMap::default(), FxHashMap::default());
        let chars: Vec<Box<[char]>> = keys.iter().map(|(key, _)| key.chars().collect()).collect();
        let bytes: Vec<Box<[u8]>> = keys
            .iter()
            .map(|(key, _)| folded(key.as_bytes()).into())
            .collect();
        for (i, (key, _)) in keys.iter().enumerate() {
            exact.insert(key.clone(), i as u32);
            index_variants(&mut near, &chars[i], i as u32);
            index_variants(&mut near_bytes, &bytes[i], i as u32);
        }
        let automaton = AhoCorasick::new(keys.iter().map(|(k, _)| k.as_bytes())).ok();
        let mut sorted: Vec<u32> = (0..keys.len() as u32).collect();
        sorted.sort_unstable_by(|&a, &b| keys[a as usize].0.cmp(&keys[b as usize].0));
        KeyIndex {
            keys,
            exact,
            near,
            near_bytes,
            chars,
            bytes,
            automaton,
            sorted,
            holding: Vec::new(),
        }
    }

    /// Marks the keys that hold `delimiter` or a quote: [`KeyIndex::find`] looks for those
    /// within one edit of any part of a line as written.
    pub fn holding(mut self, delimiter: u8) -> Self {
        self.holding = (0..self.keys.len() as u32)
            .filter(|&i| {
                self.keys[i as usize]
                    .0
                    .bytes()
                    .any(|b| b == delimiter || b == b'"')
            })
            .collect();
        self
    }

    /// Each key, with the ids it names.
    fn keys(&self) -> impl Iterator<Item = (&str, &[Id])> {
        self.keys.iter().map(|(key, ids)| (&**key, ids.as_slice()))
    }

    /// Whether there is no key at all.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The ids of a key exactly as written.
    pub fn exact(&self, key: &str) -> &[Id] {
        self.exact
            .get(key)
            .map_or(&[], |&i| self.keys[i as usize].1.as_slice())
    }

    /// Adds to `out` the ids of every key that the line may name (see the module's
    /// documentation). `trusted` tells the fields that are what they say: their neighbours are
    /// not looked for.
    pub fn find(&self, line: &Seen, trusted: impl Fn(&str) -> bool, out: &mut FxHashSet<Id>) {
        let fields = line.fields;
        let trusted: Vec<bool> = fields.iter().map(|f| trusted(f)).collect();
        self.occurring(fields, out);
        // A key holding the delimiter or a quote is written quoted, and a damaged quote or
        // delimiter splits it over fields: it is within one edit of a part of the line as written.
        self.holding_in(line.text, out);
        // Values that may be a key with one character changed, added or removed: the fields; two
        // adjacent fields joined (a character changed into the delimiter); and the values
        // between delimiters as written (a quote changed or added may make the reader take a
        // key's quotes, or a part of it, for quoting).
        let trusted_values: FxHashSet<&str> = fields
            .iter()
            .zip(&trusted)
            .filter(|(_, t)| **t)
            .map(|(f, _)| f.as_str())
            .collect();
        let written = line
            .text
            .split(char::from(line.delimiter))
            .map(|w| w.trim().trim_matches('"'))
            .filter(|w| !trusted_values.contains(w))
            .map(str::to_string);
        let joined = fields.windows(2).map(|pair| pair.concat());
        // Two values as written, joined: a character changed into the delimiter next to a space
        // inside a key (`MATH ;01` of `MATH 101`) leaves the space that trimmed fields lose.
        let segments: Vec<&str> = line.text.split(char::from(line.delimiter)).collect();
        let joined_written = segments
            .windows(2)
            .map(|pair| pair.concat().trim().trim_matches('"').to_string());
        let untrusted = fields
            .iter()
            .zip(&trusted)
            .filter(|(_, t)| !**t)
            .map(|(f, _)| f.clone());
        for value in written.chain(joined).chain(joined_written).chain(untrusted) {
            if value.is_empty() {
                continue;
            }
            let chars: Vec<char> = value.chars().collect();
            self.within_one_edit(&self.near, &self.chars, &chars, out);
            if line.single_byte {
                let bytes = folded(&encoding_rs::WINDOWS_1252.encode(&value).0);
                self.within_one_edit(&self.near_bytes, &self.bytes, &bytes, out);
            }
        }
        let last = fields.len().checked_sub(1);
        if let Some(last) = last.filter(|&i| !trusted[i] && !fields[i].is_empty()) {
            let last = &fields[last];
            self.starting_with(last, out);
            // Cut inside a character of several bytes, the line ends with what those bytes read
            // as: a replacement character, or another character in Windows-1252.
            if let Some(c) = last.chars().last().filter(|c| !c.is_ascii()) {
                self.starting_with(&last[..last.len() - c.len_utf8()], out);
            }
        }
    }

    /// Adds the keys holding the delimiter or a quote that are within one edit of a part of
    /// `text`, a line as written.
    fn holding_in(&self, text: &str, out: &mut FxHashSet<Id>) {
        if self.holding.is_empty() {
            return;
        }
        let text: Vec<char> = text.chars().collect();
        for &i in &self.holding {
            if within_one_edit_of_a_part(&self.chars[i as usize], &text) {
                self.add(i, out);
            }
        }
    }

    fn add(&self, index: u32, out: &mut FxHashSet<Id>) {
        out.extend(self.keys[index as usize].1.iter().copied());
    }

    fn add_all(&self, out: &mut FxHashSet<Id>) {
        (0..self.keys.len() as u32).for_each(|i| self.add(i, out));
    }

    /// The keys in the fields joined without their delimiters (a lost delimiter joined two
    /// values; an added one split a key, which is whole again here), inside a field that is
    /// another key of the site too (`MATH` and `101` in `MATH101`).
    fn occurring(&self, fields: &[String], out: &mut FxHashSet<Id>) {
        let Some(automaton) = &self.automaton else {
            return self.add_all(out);
        };
        let joined = fields.concat();
        let Ok(found) = automaton.try_find_overlapping_iter(joined.as_str()) else {
            return self.add_all(out);
        };
        for m in found {
            self.add(m.pattern().as_u32(), out);
        }
    }

    /// The keys that `value` is or ends with.
    fn ending(&self, value: &str, out: &mut FxHashSet<Id>) {
        let Some(automaton) = &self.automaton else {
            return self.add_all(out);
        };
        let Ok(found) = automaton.try_find_overlapping_iter(value) else {
            return self.add_all(out);
        };
        for m in found.filter(|m| m.end() == value.len()) {
            self.add(m.pattern().as_u32(), out);
        }
    }

    /// The keys one edit or less from `value` (a string of `T`s, characters or bytes, as the
    /// `near` index and `units`, each key's, read them).
    fn within_one_edit<T: Hash + PartialEq>(
        &self,
        near: &FxHashMap<u64, SmallVec<[u32; 2]>>,
        units: &[Box<[T]>],
        value: &[T],
        out: &mut FxHashSet<Id>,
    ) {
        for hash in variant_hashes(value) {
            for &i in near.get(&hash).into_iter().flatten() {
                if one_edit_apart(&units[i as usize], value) {
                    self.add(i, out);
                }
            }
        }
    }

    fn starting_with(&self, prefix: &str, out: &mut FxHashSet<Id>) {
        let key = |i: &u32| &*self.keys[*i as usize].0;
        let first = self.sorted.partition_point(|i| key(i) < prefix);
        for i in self.sorted[first..]
            .iter()
            .take_while(|i| key(i).starts_with(prefix))
        {
            self.add(*i, out);
        }
    }
}

/// `bytes` with the case of letters folded, for [`KeyIndex::find`]'s comparison of bytes. In a
/// file read as Windows-1252, a key in lower case (a username) was lowered as Windows-1252 text:
/// the first byte of a damaged UTF-8 character reads as a capital letter (`Ã` of `é`'s C3 A9)
/// and is lowered (`ã`, E3); a capital written in the file (`É`, C3 89) differs from the key's
/// small one (`é`) in its last byte. Folded: ASCII capitals, Latin-1 capitals (C0–DE, which hold
/// the first bytes of two-byte UTF-8 characters) and the last bytes of Latin-1 capitals in
/// UTF-8 (80–9E) are made what their small letters are.
fn folded(bytes: &[u8]) -> Vec<u8> {
    bytes
        .iter()
        .map(|&b| match b {
            b'A'..=b'Z' | 0x80..=0x9E | 0xC0..=0xD6 | 0xD8..=0xDE => b + 0x20,
            _ => b,
        })
        .collect()
}

/// Indexes key `index` under each of its [`variant_hashes`].
fn index_variants<T: Hash>(near: &mut FxHashMap<u64, SmallVec<[u32; 2]>>, units: &[T], index: u32) {
    for hash in variant_hashes(units) {
        let entry = near.entry(hash).or_default();
        if entry.last() != Some(&index) {
            entry.push(index);
        }
    }
}

/// The hashes of `value` and of each string made by removing one of its units (characters or
/// bytes): two strings within one edit of each other share one (the deletion-neighbourhood of
/// symmetric-delete spelling correction), and strings further apart rarely do
/// ([`one_edit_apart`] checks).
fn variant_hashes<T: Hash>(value: &[T]) -> impl Iterator<Item = u64> + '_ {
    std::iter::once(None)
        .chain((0..value.len()).map(Some))
        .map(move |skip| {
            let mut hasher = FxHasher::default();
            for (i, unit) in value.iter().enumerate() {
                if Some(i) != skip {
                    unit.hash(&mut hasher);
                }
            }
            hasher.finish()
        })
}

/// Whether some part of `text` is at most one edit from `key` (Sellers' algorithm: the edit
/// distance from `key` to the best-matching part of `text`).
fn within_one_edit_of_a_part(key: &[char], text: &[char]) -> bool {
    // column[i]: the fewest edits turning key[..i] into a part of text ending here.
    let mut column: Vec<usize> = (0..=key.len()).collect();
    if column[key.len()] <= 1 {
        return true;
    }
    for &c in text {
        let mut diagonal = column[0];
        column[0] = 0;
        for i in 1..=key.len() {
            let above = column[i];
            column[i] = (diagonal + usize::from(key[i - 1] != c))
                .min(column[i - 1] + 1)
                .min(above + 1);
            diagonal = above;
        }
        if column[key.len()] <= 1 {
            return true;
        }
    }
    false
}

/// Whether `a` becomes `b` by changing, adding or removing at most one unit.
fn one_edit_apart<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let same = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if same == short.len() {
        return true;
    }
    // Past the first difference: the rest matches once the changed (or added) unit is skipped.
    let changed = usize::from(short.len() == long.len());
    short[same + changed..] == long[same + 1..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use smallvec::smallvec;

    fn index(keys: &[(&str, Id)]) -> KeyIndex {
        KeyIndex::new(keys.iter().map(|&(k, id)| (k.into(), smallvec![id])))
    }

    /// The ids `index` finds in a line that names no course: its fields that are users' keys
    /// are what they say.
    fn found(index: &KeyIndex, line: &str) -> Vec<Id> {
        found_trusting(index, line, true)
    }

    /// The ids `index` finds in a line that names a course: every field may be damaged.
    fn found_in_course(index: &KeyIndex, line: &str) -> Vec<Id> {
        found_trusting(index, line, false)
    }

    fn found_trusting(index: &KeyIndex, line: &str, keys_trusted: bool) -> Vec<Id> {
        let (fields, _) = crate::record::split_line(line, b';');
        let mut out = FxHashSet::default();
        let is_key = |v: &str| keys_trusted && (!index.exact(v).is_empty() || v == "U1");
        let seen = Seen {
            text: line,
            fields: &fields,
            delimiter: b';',
            single_byte: false,
        };
        index.find(&seen, is_key, &mut out);
        let mut out: Vec<Id> = out.into_iter().collect();
        out.sort_unstable();
        out
    }

    fn apart(a: &str, b: &str) -> bool {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        one_edit_apart(&a, &b) && one_edit_apart(&b, &a)
    }

    #[test]
    fn one_edit() {
        for (a, b) in [
            ("U007", "U007"),
            ("U007", "U00X"),
            ("U007", "U07"),
            ("U007", "U0077"),
            ("", "a"),
            ("É1", "E1"),
        ] {
            assert!(apart(a, b), "{a} {b}");
        }
        for (a, b) in [
            ("U007", "U0"),
            ("U007", "0U07"),
            ("ab", "ba"),
            ("U007", "U00XY"),
        ] {
            assert!(!apart(a, b), "{a} {b}");
        }
        // Bytes: the first byte of É (C3 89) changed.
        assert!(one_edit_apart("É1".as_bytes(), b"\x0E\x891"));
    }

    #[test]
    fn finds_keys_a_damaged_line_may_name() {
        // At risk: U007, U008, U1234; U1 is a user of the site, not at risk.
        let users = index(&[("U007", 7), ("U008", 8), ("U1234", 12)]);
        // Lost, added and changed delimiters, a changed byte, a cut, two lines joined.
        assert_eq!(found(&users, "add;MATH101U007;student"), [7]);
        assert_eq!(found(&users, "add;MATH;101;U007;student"), [7]);
        // Joined, U0 and 07 are U007, or U008 with a byte changed into the delimiter.
        assert_eq!(found(&users, "add;MATH101;U0;07;student"), [7, 8]);
        assert_eq!(found(&users, "add;MATH101;U0;7;student"), [7]);
        assert_eq!(found(&users, "add;MATH101;U0X7;student"), [7]);
        assert_eq!(found(&users, "add;MATH101;U\"007;student"), [7]);
        assert_eq!(found(&users, "add;MATH101;student;U12"), [12]);
        assert_eq!(
            found(&users, "add;C;U007;studentadd;C;U008;student"),
            [7, 8]
        );
        // An honest line about someone else names nobody at risk.
        assert!(found(&users, "add;MATH101;E2031;student").is_empty());
        // A value that is no key may be one damaged: its neighbours are kept.
        assert_eq!(found(&users, "add;MATH101;U009;student"), [7, 8]);
        // A key is what it says in a line that names no course; in a line that names one, it
        // may be another key damaged.
        assert_eq!(found(&users, "add;BIO101;U007;student"), [7]);
        assert!(found(&users, "add;BIO101;U1;student").is_empty());
        assert_eq!(found_in_course(&users, "add;MATH101;U007;studnet"), [7, 8]);
    }

    #[test]
    fn a_key_within_one_edit_of_a_part_of_a_line() {
        let part = |key: &str, text: &str| {
            let (key, text): (Vec<char>, Vec<char>) =
                (key.chars().collect(), text.chars().collect());
            within_one_edit_of_a_part(&key, &text)
        };
        assert!(part("Math, Year 7", "add,\"Math, Year 7\",U002"));
        assert!(part("Math, Year 7", "add,\"M\"ath, Year 7\",U002"));
        assert!(part("Math, Year 7", "add, Math, Yar 7\",U002"));
        assert!(!part("Math, Year 7", "add,\"Math, Yr 7\",U002"));
        assert!(!part("Math, Year 7", "add,Math,U002"));
    }

    #[test]
    fn empty_keys_are_never_found() {
        let users = index(&[("", 1), ("U007", 7)]);
        assert!(found(&users, "add;;;").is_empty());
        assert_eq!(users.exact(""), &[] as &[Id]);
    }
}
