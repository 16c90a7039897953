//! Reading whole files: both formats, file-level errors, line-level errors, and robustness.

mod common;

use common::parse;
use enrolsync::decode::{EncodingChoice, EncodingReason};
use enrolsync::dialect::Format;
use enrolsync::error::{FileError, LineError};
use enrolsync::read::{ParsedFile, ReadOptions, read, read_in_pieces};
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
    assert_eq!(file.encoding_reason, EncodingReason::NoMultibyte);
    assert_eq!(file.keys.courses.value(0), "Français, 1");
    assert_eq!(file.keys.groups.value(0), "Groupe \"A\"");
    assert_eq!(file.lines[0].number, 2);
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
