//! The options arrays of `File::open()` and `File::plan()`: each value checked for its type, then
//! parsed by the core (an unknown value is a [`FileError::BadOption`], never a silent default).

use ext_php_rs::types::{ZendHashTable, Zval};

use crate::decode::EncodingChoice;
use crate::dialect::{DelimiterChoice, FormatChoice};
use crate::error::FileError;
use crate::line::{Command, DelAction};
use crate::plan::{FullSync, PlanOptions, RemovalAction};
use crate::read::{CourseField, ReadOptions, UserField};
use crate::resolve::RoleMap;

fn option<'a>(options: &'a ZendHashTable, name: &str) -> Option<&'a Zval> {
    options.get(name).filter(|v| !v.is_null())
}

fn string_option(options: &ZendHashTable, name: &str) -> String {
    option(options, name)
        .and_then(Zval::coerce_to_string)
        .unwrap_or_default()
}

pub(super) fn read_options(options: &ZendHashTable) -> Result<ReadOptions, FileError> {
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
        default_role: match option(options, "defaultrole") {
            None => None,
            Some(value) => match value.long() {
                Some(0) => None,
                Some(id) if id > 0 => Some(id),
                _ => return Err(bad_option("defaultrole", value)),
            },
        },
    })
}

pub(super) fn plan_options(options: &ZendHashTable) -> Result<PlanOptions, FileError> {
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
        role_map: role_map(options)?,
        del_action_flat_file: del_action(
            options,
            "delactionflatfile",
            defaults.del_action_flat_file,
        )?,
        del_action_native: del_action(options, "delactionnative", defaults.del_action_native)?,
    })
}

/// Option `rolemap`: an array of the file's role names (keys) to shortnames.
fn role_map(options: &ZendHashTable) -> Result<RoleMap, FileError> {
    let mut map = RoleMap::default();
    let Some(value) = option(options, "rolemap") else {
        return Ok(map);
    };
    let names = value.array().ok_or_else(|| bad_option("rolemap", value))?;
    for (name, shortname) in names {
        let shortname = shortname
            .str()
            .ok_or_else(|| bad_option("rolemap", shortname))?;
        map.insert(&name.to_string(), shortname);
    }
    Ok(map)
}

/// A *del action* option: an int, one of Moodle's `ENROL_EXT_REMOVED_*` or -1.
fn del_action(
    options: &ZendHashTable,
    name: &'static str,
    default: DelAction,
) -> Result<DelAction, FileError> {
    let Some(value) = option(options, name) else {
        return Ok(default);
    };
    value
        .long()
        .and_then(DelAction::from_setting)
        .ok_or_else(|| bad_option(name, value))
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
