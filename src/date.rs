//! Start and end times as files write them. Calendar dates are validated here and handed to PHP
//! in one canonical form, because only Moodle knows the site's time zone (and its DST rules):
//! PHP converts each distinct date once, like any other key. [`parse_time`] turns a field into a
//! [`Time`].

use crate::error::LineError;

/// A time field after validation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Time {
    /// Empty, or 0: not given.
    Unset,
    /// A Unix timestamp.
    Timestamp(i64),
    /// A calendar date and time in the site's time zone, as `YYYY-MM-DD HH:MM:SS`.
    Local(String),
}

/// Parses `YYYY-MM-DD HH:MM:SS`, `YYYY-MM-DD` or a Unix timestamp; with `dates_allowed` false
/// (flat files) only a timestamp.
pub fn parse_time(value: &str, dates_allowed: bool) -> Result<Time, LineError> {
    let bad = || LineError::BadDate(value.to_string());
    if value.is_empty() {
        return Ok(Time::Unset);
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        let stamp: i64 = value.parse().map_err(|_| bad())?;
        return Ok(if stamp == 0 {
            Time::Unset
        } else {
            Time::Timestamp(stamp)
        });
    }
    if !dates_allowed {
        return Err(bad());
    }
    let (date, time) = match value.split_once(' ') {
        Some((date, time)) => (date, time.trim_start()),
        None => (value, "00:00:00"),
    };
    let [year, month, day] = numbers::<3>(date, '-', &[4, 2, 2]).ok_or_else(bad)?;
    let [hour, minute, second] = numbers::<3>(time, ':', &[2, 2, 2]).ok_or_else(bad)?;
    let valid = (1..=12).contains(&month)
        && (1..=days_in_month(year, month)).contains(&day)
        && hour < 24
        && minute < 60
        && second < 60;
    if !valid {
        return Err(bad());
    }
    Ok(Time::Local(format!(
        "{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}"
    )))
}

/// Splits `text` on `separator` into exactly N all-digit parts of the given widths.
fn numbers<const N: usize>(text: &str, separator: char, widths: &[usize; N]) -> Option<[u32; N]> {
    let mut out = [0u32; N];
    let mut parts = text.split(separator);
    for (slot, &width) in out.iter_mut().zip(widths) {
        let part = parts.next()?;
        if part.len() != width || !part.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        *slot = part.parse().ok()?;
    }
    parts.next().is_none().then_some(out)
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        4 | 6 | 9 | 11 => 30,
        2 if year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400)) => {
            29
        }
        2 => 28,
        _ => 31,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepted_forms() {
        assert_eq!(parse_time("", true), Ok(Time::Unset));
        assert_eq!(parse_time("0", false), Ok(Time::Unset));
        assert_eq!(
            parse_time("1767225600", false),
            Ok(Time::Timestamp(1_767_225_600))
        );
        assert_eq!(
            parse_time("2026-09-01", true),
            Ok(Time::Local("2026-09-01 00:00:00".into()))
        );
        assert_eq!(
            parse_time("2026-09-01 08:30:00", true),
            Ok(Time::Local("2026-09-01 08:30:00".into()))
        );
        assert_eq!(
            parse_time("2024-02-29", true),
            Ok(Time::Local("2024-02-29 00:00:00".into()))
        );
    }

    #[test]
    fn rejected_forms() {
        for value in [
            "2026-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-04-31",
            "2026-9-1",
            "2026-09-01 24:00:00",
            "2026-09-01 8:30",
            "01/09/2026",
            "-5",
            "2026-09-01T08:30:00",
            "99999999999999999999",
        ] {
            assert_eq!(
                parse_time(value, true),
                Err(LineError::BadDate(value.into())),
                "{value}"
            );
        }
        assert!(parse_time("2026-09-01", false).is_err());
    }
}
