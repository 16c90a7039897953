//! Every message key and name the extension can hand PHP has its strings in the plugin's
//! language files, English and French: error keys, operation names, what a failed line keeps
//! from full sync, and why a file was read in its encoding.

use enrolsync::decode::EncodingReason;
use enrolsync::error::{FileError, LineError};
use enrolsync::plan::{Op, Protection};

/// Every line error, one of each; the match makes a new variant a compile error here.
fn line_errors() -> Vec<LineError> {
    let s = String::new;
    let all = vec![
        LineError::TooManyFields(1),
        LineError::TooFewFields,
        LineError::UnterminatedQuote,
        LineError::InvalidUtf8,
        LineError::EmptyValue("uid"),
        LineError::BadCommand(s()),
        LineError::BadGroupCommand(s()),
        LineError::NoGroups,
        LineError::BadDate(s()),
        LineError::BadId(s()),
        LineError::BadWildcard,
        LineError::EndBeforeStart,
        LineError::UnknownUser(s()),
        LineError::AmbiguousUser(s()),
        LineError::UnknownCourse(s()),
        LineError::SiteCourse,
        LineError::UnknownRole(s()),
        LineError::RoleNotAssignable(s()),
        LineError::UnknownMethod(s()),
        LineError::MethodDisabled(s()),
        LineError::InstanceDisabled(s()),
        LineError::NoInstance(s()),
        LineError::UnknownGroup(s()),
        LineError::RoleNotAllowed(s()),
        LineError::MethodNotAllowed(s()),
        LineError::AmbiguousCourse(s()),
    ];
    for error in &all {
        match error {
            LineError::TooManyFields(_)
            | LineError::TooFewFields
            | LineError::UnterminatedQuote
            | LineError::InvalidUtf8
            | LineError::EmptyValue(_)
            | LineError::BadCommand(_)
            | LineError::BadGroupCommand(_)
            | LineError::NoGroups
            | LineError::BadDate(_)
            | LineError::BadId(_)
            | LineError::BadWildcard
            | LineError::EndBeforeStart
            | LineError::UnknownUser(_)
            | LineError::AmbiguousUser(_)
            | LineError::UnknownCourse(_)
            | LineError::SiteCourse
            | LineError::UnknownRole(_)
            | LineError::RoleNotAssignable(_)
            | LineError::UnknownMethod(_)
            | LineError::MethodDisabled(_)
            | LineError::InstanceDisabled(_)
            | LineError::NoInstance(_)
            | LineError::UnknownGroup(_)
            | LineError::RoleNotAllowed(_)
            | LineError::MethodNotAllowed(_)
            | LineError::AmbiguousCourse(_) => {}
        }
    }
    all
}

/// Every file error, one of each, with the same guard.
fn file_errors() -> Vec<FileError> {
    let all = vec![
        FileError::Empty,
        FileError::Undecodable {
            encoding: "UTF-8",
            line: 1,
        },
        FileError::Unreadable(String::new()),
        FileError::UnknownColumn {
            name: String::new(),
            line: 1,
        },
        FileError::MissingColumn {
            name: String::new(),
            line: 1,
        },
        FileError::DuplicateColumn {
            name: String::new(),
            line: 1,
        },
        FileError::BadOption {
            name: "x",
            value: String::new(),
        },
    ];
    for error in &all {
        match error {
            FileError::Empty
            | FileError::Undecodable { .. }
            | FileError::Unreadable(_)
            | FileError::UnknownColumn { .. }
            | FileError::MissingColumn { .. }
            | FileError::DuplicateColumn { .. }
            | FileError::BadOption { .. } => {}
        }
    }
    all
}

fn protections() -> Vec<Protection> {
    let all = vec![
        Protection::None,
        Protection::Course,
        Protection::EveryCourse,
        Protection::All,
    ];
    for protection in &all {
        match protection {
            Protection::None | Protection::Course | Protection::EveryCourse | Protection::All => {}
        }
    }
    all
}

fn encoding_reasons() -> Vec<EncodingReason> {
    let all = vec![
        EncodingReason::Bom,
        EncodingReason::Valid,
        EncodingReason::Multibyte,
        EncodingReason::NoMultibyte,
        EncodingReason::Setting,
    ];
    for reason in &all {
        match reason {
            EncodingReason::Bom
            | EncodingReason::Valid
            | EncodingReason::Multibyte
            | EncodingReason::NoMultibyte
            | EncodingReason::Setting => {}
        }
    }
    all
}

/// The string ids a language file defines.
fn string_ids(lang: &str) -> Vec<String> {
    let path = format!(
        "{}/lang/{lang}/tool_enrolsync.php",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    text.lines()
        .filter_map(|line| line.strip_prefix("$string['"))
        .filter_map(|rest| rest.split_once("']").map(|(id, _)| id.to_string()))
        .collect()
}

#[test]
fn every_key_and_name_has_its_strings_in_english_and_french() {
    let mut needed: Vec<String> = Vec::new();
    needed.extend(line_errors().iter().map(|e| format!("error_{}", e.key())));
    needed.extend(file_errors().iter().map(|e| format!("error_{}", e.key())));
    for name in Op::NAMES {
        needed.push(format!("op_{name}"));
        needed.push(format!("change_{name}"));
    }
    needed.extend(
        protections()
            .into_iter()
            .filter(|p| *p != Protection::None)
            .map(|p| format!("protection_{}", p.name())),
    );
    needed.extend(
        encoding_reasons()
            .into_iter()
            .map(|r| format!("encodingreason_{}", r.key())),
    );
    for lang in ["en", "fr"] {
        let ids = string_ids(lang);
        let missing: Vec<&String> = needed.iter().filter(|id| !ids.contains(id)).collect();
        assert!(missing.is_empty(), "lang/{lang} lacks {missing:?}");
    }
}

#[test]
fn every_operation_name_is_listed_once() {
    let mut names = Op::NAMES.to_vec();
    names.sort_unstable();
    names.dedup();
    assert_eq!(names.len(), Op::NAMES.len());
}
