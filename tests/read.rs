//! Reading whole files: both formats, file-level errors, line-level errors, and robustness.

mod common;

use common::parse;
use enrolsync::dialect::Format;
use enrolsync::error::{FileError, LineError};
use enrolsync::read::{ReadOptions, UserField, read, read_in_pieces};
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
    assert_eq!(
        file.keys.users.values().collect::<Vec<_>>(),
        vec!["S1", "S2"]
    );
}

#[test]
fn windows_1252_files_with_crlf_and_quotes() {
    let bytes =
        b"cid,uid,rolename,g1\r\n\"Fran\xe7ais, 1\",u1,student,\"Groupe \"\"A\"\"\"\r\n".to_vec();
    let file = read(bytes, &ReadOptions::default()).unwrap();
    assert_eq!(file.encoding.name(), "Windows-1252");
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
    /// key order included, whatever the quotes, comments and line endings; a quote still open
    /// at the end of a piece makes the reader start again in one piece.
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
fn a_quoted_line_break_across_pieces_reads_as_in_one_piece() {
    let text = "cid;uid;rolename;g1\nC1;u1;student;\"G\n1\"\nC1;u2;student;G2\nC1;u3;\"stu\n";
    let whole = read_in_pieces(text.into(), &ReadOptions::default(), usize::MAX).unwrap();
    for piece_bytes in 1..text.len() {
        let pieces = read_in_pieces(text.into(), &ReadOptions::default(), piece_bytes).unwrap();
        assert_eq!(pieces, whole, "pieces of {piece_bytes} bytes");
    }
    assert_eq!(whole.keys.groups.value(0), "G\n1");
    assert_eq!(
        (whole.lines.len(), whole.rejected[0].number),
        (2, 5),
        "the unterminated quote fails on its own line"
    );
}
