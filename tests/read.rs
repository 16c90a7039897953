//! Reading whole files: both formats, file-level errors, line-level errors, and robustness.

mod common;

use common::parse;
use enrolsync::decode::{EncodingChoice, EncodingReason};
use enrolsync::dialect::Format;
use enrolsync::error::{FileError, LineError};
use enrolsync::line::{Command, Named, RoleRef};
use enrolsync::read::{CourseField, ParsedFile, ReadOptions, UserField, read, read_in_pieces};
use proptest::prelude::*;

fn file_error(text: &str) -> FileError {
    read(text.as_bytes().to_vec(), &ReadOptions::default()).expect_err("the file is rejected")
}

#[test]
fn header_errors_name_the_column() {
    assert_eq!(
        file_error("cid;uid\nC1;u1\n"),
        FileError::MissingColumn {
            name: "rolename".into(),
            line: 1
        }
    );
    assert_eq!(
        file_error("# a comment\ncid;uid;rolename;colour\n"),
        FileError::UnknownColumn {
            name: "colour".into(),
            line: 2
        }
    );
    assert_eq!(
        file_error("cid;uid;rolename;CID\nx;y;z;w\n"),
        FileError::DuplicateColumn {
            name: "cid".into(),
            line: 1
        }
    );
    assert_eq!(file_error("# only a comment\n\n"), FileError::Empty);
    assert_eq!(file_error("cid;uid;rolename\n"), FileError::Empty);
}

#[test]
fn line_errors_carry_their_physical_line() {
    let file = parse(
        "# comment\nCID ; Uid ; RoleName ; cmd ; starttime ; gcmd\nC1;u1;student;add;2026-02-30;\n\nC1;u1;student;frobnicate;;\nC1;;student;;;\nC1;u1;student;add;;gadd\nC1;u1;student;add;;;extra\nC1;u1;*;add;;\n",
    );
    let errors: Vec<(u32, LineError)> = file
        .rejected
        .iter()
        .map(|r| (r.number, r.error.clone()))
        .collect();
    assert_eq!(
        errors,
        vec![
            (3, LineError::BadDate("2026-02-30".into())),
            (5, LineError::BadCommand("frobnicate".into())),
            (6, LineError::EmptyValue("uid")),
            (7, LineError::NoGroups),
            (8, LineError::TooManyFields(6)),
            (9, LineError::BadWildcard),
        ]
    );
    assert_eq!(
        file.raw(&file.rejected[0].raw),
        "C1;u1;student;add;2026-02-30;"
    );
}

#[test]
fn flat_files_are_detected_and_read() {
    let file = parse("add, student, S1, C1, 1700000000, 0\ndel,student,S2,C1\nadd,student,S3\n");
    assert_eq!(file.format, Format::FlatFile);
    assert_eq!(file.delimiter, b',');
    assert_eq!(file.lines.len(), 2);
    assert_eq!(file.rejected[0].error, LineError::TooFewFields);
    // The rejected line is short of a field: maybe shifted, it names nobody.
    assert_eq!(
        file.keys.users.values().collect::<Vec<_>>(),
        vec!["S1", "S2"]
    );
}

#[test]
fn disable_and_enable_need_no_role_and_without_an_enrol_column_act_on_every_method() {
    let text = "cmd;cid;uid;rolename\nDisable;C1;u1;\nenable;C1;u2;*\nenable;C1;u3;student\nadd;C1;u1;*\nadd;C1;u1;\n";
    let file = parse(text);
    let read: Vec<_> = file
        .lines
        .iter()
        .map(|l| (l.number, l.command, l.role, l.any_method))
        .collect();
    assert_eq!(
        read,
        vec![
            (2, Command::Disable, RoleRef::All, true),
            (3, Command::Enable, RoleRef::All, true),
            (4, Command::Enable, RoleRef::All, true),
        ]
    );
    let errors: Vec<_> = file.rejected.iter().map(|r| r.error.clone()).collect();
    assert_eq!(
        errors,
        vec![LineError::BadWildcard, LineError::EmptyValue("rolename")]
    );
    // With an enrol column, the line's method (manual when empty), as for any command.
    let file = parse("cmd;cid;uid;rolename;enrol\ndisable;C1;u1;;\nenable;C1;u1;;self\n");
    assert!(file.lines.iter().all(|l| !l.any_method));
    assert_eq!(
        file.keys.methods.values().collect::<Vec<_>>(),
        ["manual", "self"]
    );
    // Flat files know add and del only.
    let file = parse("add,student,S1,C1\ndisable,student,S1,C1\n");
    assert_eq!(
        file.rejected[0].error,
        LineError::BadCommand("disable".into())
    );
}

#[test]
fn an_empty_role_reads_as_the_default_role_when_there_is_one() {
    let options = ReadOptions {
        default_role: Some(5),
        ..ReadOptions::default()
    };
    for text in ["cid;uid;rolename\nC1;u1;\n", "add,,S1,C1\n"] {
        let file = read(text.as_bytes().to_vec(), &options).unwrap();
        assert_eq!(file.default_role, Some(5));
        assert_eq!(file.lines[0].role, RoleRef::Default, "{text}");
        assert!(file.keys.roles.is_empty());
        let without = parse(text);
        assert!(matches!(
            without.rejected[0].error,
            LineError::EmptyValue(_)
        ));
    }
}

#[test]
fn windows_1252_files_with_crlf_and_quotes() {
    let bytes =
        b"cid,uid,rolename,g1\r\n\"Fran\xe7ais, 1\",u1,student,\"Groupe \"\"A\"\"\"\r\n".to_vec();
    let file = read(bytes, &ReadOptions::default()).unwrap();
    assert_eq!(file.encoding.name(), "Windows-1252");
    assert_eq!(file.encoding_reason, EncodingReason::NoMultibyte);
    assert_eq!(file.keys.courses.value(0), "Français, 1");
    assert_eq!(file.keys.groups.value(0), "Groupe \"A\"");
    assert_eq!(file.lines[0].number, 2);
}

/// The file's user keys as the site's rule compares them (README, "Matching"): usernames and
/// e-mail addresses in lower case, as Moodle stores and compares them; idnumbers exactly.
#[test]
fn usernames_and_emails_are_lower_cased_idnumbers_kept() {
    let text = "cid;uid;rolename\nC1;JDupont;student\nC1;jdupont;student\nC1;ÉLodie@Example.ORG;student\nC1;U001;student\n";
    let keys = |user_field| {
        let options = ReadOptions {
            user_field,
            ..ReadOptions::default()
        };
        let file = read(text.as_bytes().to_vec(), &options).unwrap();
        file.keys
            .users
            .values()
            .map(String::from)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        keys(UserField::Username),
        vec!["jdupont", "élodie@example.org", "u001"]
    );
    assert_eq!(
        keys(UserField::Email),
        vec!["jdupont", "élodie@example.org", "u001"]
    );
    assert_eq!(
        keys(UserField::IdNumber),
        vec!["JDupont", "jdupont", "ÉLodie@Example.ORG", "U001"]
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// No bytes make the reader panic (or loop: the test would never end).
    #[test]
    fn any_bytes_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        let _ = read(bytes, &ReadOptions::default());
    }

    /// Nor any CSV-like text.
    #[test]
    fn any_csv_like_text_reads_without_panic(text in "(cid|uid|rolename|add|del|\"|;|,|\\r|\\n|#|//| |x|\\*){0,80}") {
        if let Ok(file) = read(text.into_bytes(), &ReadOptions::default()) {
            for line in &file.lines {
                prop_assert!(line.number >= 1);
            }
        }
    }

    /// Reading in pieces (in parallel) gives what reading in one piece gives, line numbers and
    /// key order included, whatever the quotes, comments and line endings.
    #[test]
    fn pieces_read_like_the_whole(
        lines in proptest::collection::vec(
            "(C1|C2|\"C;3\"|u1|u2|u3|student|teacher|\\*|add|del|shift|gadd|greplace|G1|G2|2026-09-01|1790000000|x|\"|;| |#|//|\r\n|\n){0,14}",
            0..40,
        ),
        piece_bytes in 1usize..64,
    ) {
        let text = format!("cmd;cid;uid;rolename;starttime;gcmd;g1;g2\n{}\n", lines.join("\n"));
        let whole = read_in_pieces(text.clone().into_bytes(), &ReadOptions::default(), usize::MAX);
        let pieces = read_in_pieces(text.clone().into_bytes(), &ReadOptions::default(), piece_bytes);
        prop_assert_eq!(whole, pieces, "file:\n{}", text);
    }
}

#[test]
fn a_quote_never_spans_a_line_break_whatever_the_pieces() {
    let text = "cid;uid;rolename;g1\nC1;u1;student;\"G\n1\"\nC1;u2;student;G2\nC1;u3;\"stu\n";
    let whole = read_in_pieces(text.into(), &ReadOptions::default(), usize::MAX).unwrap();
    for piece_bytes in 1..text.len() {
        let pieces = read_in_pieces(text.into(), &ReadOptions::default(), piece_bytes).unwrap();
        assert_eq!(pieces, whole, "pieces of {piece_bytes} bytes");
    }
    assert_eq!(
        lines_and_errors(&whole),
        (
            vec![4],
            vec![
                (2, "unterminatedquote"),
                (3, "emptyvalue"),
                (5, "unterminatedquote")
            ]
        )
    );
    assert_eq!(whole.keys.groups.value(0), "G2");
}

fn lines_and_errors(file: &ParsedFile) -> (Vec<u32>, Vec<(u32, &'static str)>) {
    (
        file.lines.iter().map(|l| l.number).collect(),
        file.rejected
            .iter()
            .map(|r| (r.number, r.error.key()))
            .collect(),
    )
}

#[test]
fn a_stray_quote_fails_its_own_line_and_swallows_none() {
    let file = parse(
        "cmd;cid;uid;rolename\nadd;\"MATH101;U003;student\nadd;MATH101;U004;student\nadd;MATH101;U005;\"student\"\n",
    );
    assert_eq!(
        lines_and_errors(&file),
        (vec![3, 4], vec![(2, "unterminatedquote")])
    );
    assert_eq!(
        file.keys.users.values().collect::<Vec<_>>(),
        vec!["U004", "U005"]
    );
    // Two opening quotes that would pair up across lines: both fail, the line between reads.
    let file = parse(
        "cmd;cid;uid;rolename\nadd;\"MATH101;U003;student\nadd;MATH101;U004;student\nadd;MATH101;U005;\"student\n",
    );
    assert_eq!(
        lines_and_errors(&file),
        (
            vec![3],
            vec![(2, "unterminatedquote"), (4, "unterminatedquote")]
        )
    );
    assert_eq!(
        file.raw(&file.rejected[0].raw),
        "add;\"MATH101;U003;student"
    );
    assert_eq!(
        file.raw(&file.rejected[1].raw),
        "add;MATH101;U005;\"student"
    );
}

/// About `bytes` of lines of quotes that never close: `C1;uN";"` (a quote in a field, then one
/// that opens the last field) or `C1;"uN;student` (an opening quote and no closing one).
fn open_quotes(bytes: usize, line: fn(usize) -> String) -> String {
    let mut text = String::from("cid;uid;rolename\n");
    let mut i = 0;
    while text.len() < bytes {
        text.push_str(&line(i));
        text.push('\n');
        i += 1;
    }
    text
}

#[test]
fn open_quotes_read_in_linear_time() {
    for line in [(|i| format!("C1;u{i}\";\"")) as fn(usize) -> String, |i| {
        format!("C1;\"u{i};student")
    }] {
        let text = open_quotes(2 << 20, line);
        let lines = text.lines().count() - 1;
        let started = std::time::Instant::now();
        let file = parse(&text);
        let elapsed = started.elapsed();
        assert_eq!((file.lines.len(), file.rejected.len()), (0, lines));
        assert!(
            file.rejected
                .iter()
                .all(|r| r.error == LineError::UnterminatedQuote)
        );
        // Quadratic reading (each open quote running to the end of the file) takes minutes.
        assert!(
            elapsed < std::time::Duration::from_secs(2),
            "2 MB of open quotes read in {elapsed:?}"
        );
    }
}

#[test]
fn one_invalid_byte_in_a_utf8_file_fails_its_line_only() {
    let bytes =
        b"cid;uid;rolename\nCH\xC3\x89M;u1;student\nCH\xC3\x89M;u2;stud\xFFent\nCH\xC3\x89M;u3;student\n"
            .to_vec();
    let file = read(bytes, &ReadOptions::default()).unwrap();
    assert_eq!(file.encoding.name(), "UTF-8");
    assert_eq!(
        lines_and_errors(&file),
        (vec![2, 4], vec![(3, "invalidutf8")])
    );
    assert_eq!(file.keys.courses.value(0), "CHÉM");
    assert_eq!(file.raw(&file.rejected[0].raw), "CHÉM;u2;stud\u{FFFD}ent");
}

#[test]
fn the_reason_for_the_encoding_is_told() {
    let reason = |bytes: &[u8], encoding| {
        let options = ReadOptions {
            encoding,
            ..ReadOptions::default()
        };
        let file = read(bytes.to_vec(), &options).unwrap();
        (
            file.encoding.name(),
            file.encoding_reason,
            file.invalid_lines,
        )
    };
    let auto = EncodingChoice::Auto;
    let header = "cid;uid;rolename\n";
    assert_eq!(
        reason(format!("{header}CHÉM;u1;student\n").as_bytes(), auto),
        ("UTF-8", EncodingReason::Valid, vec![])
    );
    assert_eq!(
        reason(
            format!("\u{FEFF}{header}CHÉM;u1;student\n").as_bytes(),
            auto
        ),
        ("UTF-8 (BOM)", EncodingReason::Bom, vec![])
    );
    assert_eq!(
        reason(
            b"cid;uid;rolename\nCH\xC3\x89M;u1;student\n# \xFF\nC;u\xFF;x\n",
            auto
        ),
        ("UTF-8", EncodingReason::Multibyte, vec![3, 4])
    );
    assert_eq!(
        reason(b"cid;uid;rolename\nFran\xE7ais;u1;student\n", auto),
        ("Windows-1252", EncodingReason::NoMultibyte, vec![])
    );
    assert_eq!(
        reason(
            b"cid;uid;rolename\nFran\xE7ais;u1;student\n",
            EncodingChoice::Utf8
        ),
        ("UTF-8", EncodingReason::Setting, vec![2])
    );
    assert_eq!(
        reason(
            b"cid;uid;rolename\nCH\xC3\x89M;u1;student\n",
            EncodingChoice::Windows1252
        ),
        ("Windows-1252", EncodingReason::Setting, vec![])
    );
}

#[test]
fn forced_utf8_fails_the_lines_with_invalid_bytes_only() {
    let options = ReadOptions {
        encoding: EncodingChoice::Utf8,
        ..ReadOptions::default()
    };
    let file = read(
        b"cid;uid;rolename\nFran\xE7ais;u1;student\nC2;u2;student\n".to_vec(),
        &options,
    )
    .unwrap();
    assert_eq!(lines_and_errors(&file), (vec![3], vec![(2, "invalidutf8")]));
    assert_eq!(
        file.raw(&file.rejected[0].raw),
        "Fran\u{FFFD}ais;u1;student"
    );
}

#[test]
fn a_header_that_cannot_be_read_is_a_file_error() {
    assert_eq!(
        read(
            b"ci\xFFd;uid;rolename\nCH\xC3\x89M;u1;student\n".to_vec(),
            &ReadOptions::default()
        ),
        Err(FileError::Undecodable {
            encoding: "UTF-8",
            line: 1
        })
    );
    assert_eq!(
        file_error("# x\ncid;uid;\"rolename\nC1;u1;student\n"),
        FileError::UnknownColumn {
            name: "\"rolename".into(),
            line: 2
        }
    );
}

/// A user key and maybe a course key, as text.
type NamedKeys<'f> = Option<(&'f str, Option<&'f str>)>;

/// Each rejected line as (number, error key, user, course), keys as text.
fn named(file: &ParsedFile) -> Vec<(u32, &'static str, NamedKeys<'_>)> {
    file.rejected
        .iter()
        .map(|r| {
            let names = match r.names {
                Named::Nobody => None,
                Named::User { user, course } => Some((
                    file.keys.users.value(user),
                    course.map(|c| file.keys.courses.value(c)),
                )),
            };
            (r.number, r.error.key(), names)
        })
        .collect()
}

#[test]
fn a_rejected_native_line_names_its_user_and_course_as_far_as_it_can() {
    let file = read(
        b"cmd;cid;uid;rolename;starttime;gcmd;g1\n\
add;CH\xC3\x89M;u1;student;2026-02-30;;\n\
frob;C1;u2;student;;;\n\
add;C1;u3;student;;gfoo;G\n\
add;C1;u4;student;;gadd;\n\
add;C1;u5;*;;;\n\
add;C1;;student;;;\n\
add; ;u7;student;;;\n\
add;C1;u8;;;;\n\
add;C1;u9;student;;;G;extra\n\
add;C1;\"u10;student\n\
add;C1;u\xFF;student;;;\n\
add;C\xFF;u12;student;;;\n\
add;C1;u13;student;;;G\xFF\n\
add;C1;\" u14 \";student;;;\"G\n\
add;C1;u15;student;;;\n"
            .to_vec(),
        &ReadOptions::default(),
    )
    .unwrap();
    assert_eq!(
        named(&file),
        vec![
            (2, "baddate", Some(("u1", Some("CHÉM")))),
            (3, "badcommand", Some(("u2", Some("C1")))),
            (4, "badgroupcommand", Some(("u3", Some("C1")))),
            (5, "nogroups", Some(("u4", Some("C1")))),
            (6, "badwildcard", Some(("u5", Some("C1")))),
            (7, "emptyvalue", None),
            (8, "emptyvalue", Some(("u7", None))),
            (9, "emptyvalue", Some(("u8", Some("C1")))),
            (10, "toomanyfields", None),
            (11, "unterminatedquote", None),
            (12, "invalidutf8", None),
            (13, "invalidutf8", Some(("u12", None))),
            (14, "invalidutf8", Some(("u13", Some("C1")))),
            (15, "unterminatedquote", None),
        ]
    );
    assert_eq!(file.lines.len(), 1);
    // Rejected lines' keys are looked up like any other.
    assert_eq!(
        file.keys.users.values().collect::<Vec<_>>(),
        vec![
            "u1", "u2", "u3", "u4", "u5", "u7", "u8", "u12", "u13", "u15"
        ]
    );
    assert_eq!(
        file.keys.courses.values().collect::<Vec<_>>(),
        vec!["CHÉM", "C1"]
    );
}

#[test]
fn a_rejected_line_names_keys_as_valid_lines_do() {
    let options = ReadOptions {
        user_field: UserField::Email,
        course_field: CourseField::Id,
        ..ReadOptions::default()
    };
    let file = read(
        b"cid;uid;rolename;starttime\n12;Ann@Example.org;student;never\nMATHS;bob@example.org;student;\n0;Cy@X.org;student;\n"
            .to_vec(),
        &options,
    )
    .unwrap();
    assert_eq!(
        named(&file),
        vec![
            (2, "baddate", Some(("ann@example.org", Some("12")))),
            (3, "badid", Some(("bob@example.org", None))),
            (4, "badid", Some(("cy@x.org", None))),
        ]
    );
    // A user id that is not a number is kept as a key: it matches nobody.
    let options = ReadOptions {
        user_field: UserField::Id,
        ..ReadOptions::default()
    };
    let file = read(b"cid;uid;rolename\nC1;abc;student\n".to_vec(), &options).unwrap();
    assert_eq!(named(&file), vec![(2, "badid", Some(("abc", Some("C1"))))]);
}

#[test]
fn a_rejected_flat_file_line_names_fields_three_and_four() {
    let file = parse(
        "add,student,S1,C1,never\nadd,student,S2\nadd,student\nfrob,student,S4,C4\nadd,student,S5,C5,1,2,3\nadd,student,,C6\ndel,student,S7,\"C7\n",
    );
    assert_eq!(file.format, Format::FlatFile);
    assert_eq!(
        named(&file),
        vec![
            (1, "baddate", Some(("S1", Some("C1")))),
            (2, "toofewfields", None),
            (3, "toofewfields", None),
            (4, "badcommand", Some(("S4", Some("C4")))),
            (5, "toomanyfields", None),
            (6, "emptyvalue", None),
            (7, "unterminatedquote", None),
        ]
    );
}

#[test]
fn rejected_lines_keep_their_names_when_read_in_pieces() {
    let text = "cmd;cid;uid;rolename\nadd;C1;u1;x\nfrob;C2;u2;student\nadd;C3;u3;student\nfrob;C1;u3;student\nadd;C2;u4;*\n";
    let whole = read_in_pieces(text.into(), &ReadOptions::default(), usize::MAX).unwrap();
    for piece_bytes in 1..text.len() {
        let pieces = read_in_pieces(text.into(), &ReadOptions::default(), piece_bytes).unwrap();
        assert_eq!(pieces, whole, "pieces of {piece_bytes} bytes");
        assert_eq!(
            named(&pieces),
            vec![
                (3, "badcommand", Some(("u2", Some("C2")))),
                (5, "badcommand", Some(("u3", Some("C1")))),
                (6, "badwildcard", Some(("u4", Some("C2")))),
            ]
        );
    }
}

/// The fields of one physical line as the csv crate reads them (no line break in it, so an
/// open quote runs to its end), trimmed.
fn csv_fields(line: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(b';')
        .from_reader(line.as_bytes());
    let mut record = csv::StringRecord::new();
    match reader.read_record(&mut record) {
        Ok(true) => record.iter().map(|f| f.trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

/// One way of damaging a file; positions are taken in the body, after the header.
#[derive(Debug, Clone)]
enum Corruption {
    Flip(prop::sample::Index, u8),
    InsertQuote(prop::sample::Index),
    InsertInvalid(prop::sample::Index, u8),
    CutLine(prop::sample::Index),
    Truncate(prop::sample::Index),
}

fn corruption() -> impl Strategy<Value = Corruption> {
    prop_oneof![
        (any::<prop::sample::Index>(), any::<u8>()).prop_map(|(i, b)| Corruption::Flip(i, b)),
        any::<prop::sample::Index>().prop_map(Corruption::InsertQuote),
        (any::<prop::sample::Index>(), 0x80u8..=0xFF)
            .prop_map(|(i, b)| Corruption::InsertInvalid(i, b)),
        any::<prop::sample::Index>().prop_map(Corruption::CutLine),
        any::<prop::sample::Index>().prop_map(Corruption::Truncate),
    ]
}

fn corrupt(bytes: &mut Vec<u8>, body: usize, corruption: &Corruption) {
    let at = |index: &prop::sample::Index, len: usize| body + index.index(len - body + 1);
    match corruption {
        Corruption::Flip(i, b) if bytes.len() > body => {
            let i = body + i.index(bytes.len() - body);
            bytes[i] = *b;
        }
        Corruption::Flip(..) => {}
        Corruption::InsertQuote(i) => bytes.insert(at(i, bytes.len()), b'"'),
        Corruption::InsertInvalid(i, b) => bytes.insert(at(i, bytes.len()), *b),
        Corruption::CutLine(i) => bytes.insert(at(i, bytes.len()), b'\n'),
        Corruption::Truncate(i) => bytes.truncate(at(i, bytes.len())),
    }
}

const FIELD: &str = "(add|del|frob|C1|CH\u{c9}M|\"C;2\"|u1|U2|\"u;3\"|u\"4|student|\\*|2026-09-01|x|gadd|G1|\"G \"\"A\"\"\"| ){0,2}";

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// Whatever damage a file takes past its header (bytes changed, quotes or invalid bytes
    /// added, lines cut, the end cut off): every physical data line is accounted for once, as
    /// a valid or a rejected line with its own number and text; none covers another line; and a
    /// rejected line that names a user names the one in its user field, in its course.
    #[test]
    fn every_damaged_line_is_accounted_for_on_its_own(
        lines in proptest::collection::vec(
            (proptest::collection::vec(FIELD, 4..9), prop_oneof!["\n", "\r\n", "\r"]),
            1..25,
        ),
        corruptions in proptest::collection::vec(corruption(), 0..6),
    ) {
        let header = "cmd;cid;uid;rolename;starttime;gcmd;g1\n";
        let mut bytes = header.as_bytes().to_vec();
        for (fields, end) in &lines {
            bytes.extend_from_slice(fields.join(";").as_bytes());
            bytes.extend_from_slice(end.as_bytes());
        }
        for corruption in &corruptions {
            corrupt(&mut bytes, header.len(), corruption);
        }
        let file = match read(bytes.clone(), &ReadOptions::default()) {
            Ok(file) => file,
            Err(error) => {
                prop_assert_eq!(error, FileError::Empty);
                return Ok(());
            }
        };
        let physical: Vec<&str> = file
            .text
            .split('\n')
            .map(|line| line.strip_suffix('\r').unwrap_or(line))
            .collect();
        let mut seen = vec![false; physical.len() + 1];
        let reported = file
            .lines
            .iter()
            .map(|l| (l.number, &l.raw))
            .chain(file.rejected.iter().map(|r| (r.number, &r.raw)));
        for (number, raw) in reported {
            let number = number as usize;
            prop_assert!(number >= 2 && number <= physical.len(), "line {}", number);
            prop_assert!(!seen[number], "line {} twice", number);
            seen[number] = true;
            prop_assert_eq!(file.raw(raw), physical[number - 1], "line {}", number);
        }
        for (i, line) in physical.iter().enumerate().skip(1) {
            // tool_sync's comment markers, on the line's first byte (spec §2.3).
            let comment = line.starts_with(['#', '/', '-', '(', '[', ' ']);
            let data = line.bytes().any(|b| !b.is_ascii_whitespace() && b != b';' && b != b'"');
            if comment {
                prop_assert!(!seen[i + 1], "comment line {} read", i + 1);
            } else if data {
                prop_assert!(seen[i + 1], "line {} lost: {:?}", i + 1, line);
            }
        }
        let field = |fields: &[String], i: usize| fields.get(i).cloned().unwrap_or_default();
        for r in &file.rejected {
            let fields = csv_fields(physical[r.number as usize - 1]);
            if let Named::User { user, course } = r.names {
                prop_assert_eq!(file.keys.users.value(user), field(&fields, 2));
                if let Some(course) = course {
                    prop_assert_eq!(file.keys.courses.value(course), field(&fields, 1));
                }
            }
            prop_assert_eq!(
                r.error == LineError::InvalidUtf8,
                file.invalid_lines.binary_search(&r.number).is_ok()
            );
        }
        for l in &file.lines {
            let fields = csv_fields(physical[l.number as usize - 1]);
            prop_assert_eq!(file.keys.users.value(l.user), field(&fields, 2));
            prop_assert!(file.invalid_lines.binary_search(&l.number).is_err());
        }
    }
}

#[test]
fn a_header_ending_with_a_delimiter_reads_as_the_header() {
    let file = read(
        b"cid;uid;rolename;\nC1;u1;student;\nC1;u2;student\n".to_vec(),
        &ReadOptions::default(),
    )
    .expect("the file reads");
    assert_eq!((file.lines.len(), file.rejected.len()), (2, 0));
    // An empty column name anywhere else is still a mistake.
    assert!(matches!(
        file_error("cid;;uid;rolename\nC1;;u1;student\n"),
        FileError::UnknownColumn { name, .. } if name.is_empty()
    ));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]

    /// Within a line, fields are those the csv crate reads: quotes, doubled quotes, text
    /// after a closing quote, and an open quote (running to the end of the line).
    #[test]
    fn a_line_splits_like_the_csv_crate(line in "(a|b| |é|;|\"|\"\"|#|//){1,24}") {
        let mut records = enrolsync::record::Records::new(&line, b';');
        let Some(_) = records.next_entry() else {
            return Ok(());
        };
        let ours: Vec<String> = (0..records.len()).map(|i| records.field(i).to_string()).collect();
        prop_assert_eq!(ours, csv_fields(&line), "line {:?}", line);
    }
}
