//! The file's dialect: which delimiter separates fields ([`detect_delimiter`],
//! [`DelimiterChoice`]) and which of the two formats the file is in ([`detect_format`],
//! [`Format`], [`FormatChoice`]). Both are told from the first data line, unless a setting
//! fixes them.

use crate::error::FileError;

/// The delimiters tried by detection, in order of preference when counts tie.
pub const CANDIDATES: [u8; 4] = [b';', b',', b'\t', b'|'];

/// Setting *delimiter*: detect it, or use the one given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DelimiterChoice {
    /// Detected from the header (or, in a flat file, the first line): the default.
    #[default]
    Auto,
    /// This byte, one of [`CANDIDATES`], whatever the file's first line holds.
    Fixed(u8),
}

impl DelimiterChoice {
    /// Accepts `auto`, one of the candidate characters, or the words `tab`, `comma`, `semicolon`,
    /// `pipe` (Moodle's own names for them in `csv_import_reader`).
    pub fn parse(value: &str) -> Result<Self, FileError> {
        let fixed = match value {
            "" | "auto" => return Ok(Self::Auto),
            "tab" | "\t" => b'\t',
            "comma" | "," => b',',
            "semicolon" | ";" => b';',
            "pipe" | "|" => b'|',
            _ => {
                return Err(FileError::BadOption {
                    name: "delimiter",
                    value: value.to_string(),
                });
            }
        };
        Ok(Self::Fixed(fixed))
    }
}

/// Picks the delimiter of a header (or first) line: the candidate that occurs most often outside
/// quotes; a comma when none occurs (a one-column file then fails on its missing columns).
pub fn detect_delimiter(first_line: &str) -> u8 {
    let mut counts = [0usize; CANDIDATES.len()];
    let mut in_quotes = false;
    for byte in first_line.bytes() {
        if byte == b'"' {
            in_quotes = !in_quotes;
        } else if !in_quotes && let Some(i) = CANDIDATES.iter().position(|&c| c == byte) {
            counts[i] += 1;
        }
    }
    let mut best = 1; // ',' when nothing is found
    for (i, &count) in counts.iter().enumerate() {
        if count > counts[best] || (count == counts[best] && count > 0 && i < best) {
            best = i;
        }
    }
    CANDIDATES[best]
}

/// The two supported file formats (spec §2).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Header-driven, compatible with tool_sync files: the first data line names the columns
    /// (`cid`, `uid`, `rolename` required), in any order.
    Native,
    /// Headerless `operation, role, user idnumber, course idnumber[, start[, end]]`, as core
    /// enrol_flatfile reads: users and courses are always named by ID number, times are Unix
    /// timestamps only.
    FlatFile,
}

impl Format {
    /// The name the settings, PHP and reports use: `native` or `flatfile`.
    pub fn name(self) -> &'static str {
        match self {
            Format::Native => "native",
            Format::FlatFile => "flatfile",
        }
    }
}

/// Setting / option *format*.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FormatChoice {
    /// Told from the first data line ([`detect_format`]): the default.
    #[default]
    Auto,
    /// This format, whatever the file looks like.
    Fixed(Format),
}

impl FormatChoice {
    /// Accepts `auto` (or empty), `native` or `flatfile`.
    pub fn parse(value: &str) -> Result<Self, FileError> {
        match value {
            "" | "auto" => Ok(Self::Auto),
            "native" => Ok(Self::Fixed(Format::Native)),
            "flatfile" => Ok(Self::Fixed(Format::FlatFile)),
            _ => Err(FileError::BadOption {
                name: "format",
                value: value.to_string(),
            }),
        }
    }
}

/// A flat file starts with a data line whose first field is an operation; a native file starts
/// with its header, whose names never are.
pub fn detect_format(first_field: &str) -> Format {
    let field = first_field.trim();
    if field.eq_ignore_ascii_case("add") || field.eq_ignore_ascii_case("del") {
        Format::FlatFile
    } else {
        Format::Native
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_each_candidate() {
        assert_eq!(detect_delimiter("cid;uid;rolename"), b';');
        assert_eq!(detect_delimiter("cid,uid,rolename"), b',');
        assert_eq!(detect_delimiter("cid\tuid\trolename"), b'\t');
        assert_eq!(detect_delimiter("cid|uid|rolename"), b'|');
    }

    #[test]
    fn ignores_delimiters_inside_quotes_and_prefers_semicolon_on_ties() {
        assert_eq!(detect_delimiter("\"a,b,c\";x;y"), b';');
        assert_eq!(detect_delimiter("a;b,c"), b';');
        assert_eq!(detect_delimiter("single"), b',');
    }

    #[test]
    fn format_from_first_field() {
        assert_eq!(detect_format(" ADD "), Format::FlatFile);
        assert_eq!(detect_format("cid"), Format::Native);
        assert_eq!(detect_format("cmd"), Format::Native);
    }

    #[test]
    fn parses_choices() {
        assert_eq!(
            DelimiterChoice::parse("tab").unwrap(),
            DelimiterChoice::Fixed(b'\t')
        );
        assert!(DelimiterChoice::parse("::").is_err());
        assert_eq!(
            FormatChoice::parse("flatfile").unwrap(),
            FormatChoice::Fixed(Format::FlatFile)
        );
        assert!(FormatChoice::parse("xml").is_err());
    }
}
