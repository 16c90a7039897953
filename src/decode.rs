//! Turning the file's bytes into UTF-8 text: BOM detection, UTF-16, and the single-byte fallbacks.
//!
//! [`decode`] reads the bytes with the operator's [`EncodingChoice`] and returns a [`Decoded`]
//! text with the [`Encoding`] used and the [`EncodingReason`] for it, both reported to the
//! operator. Invalid bytes in a UTF-8 file never stop the file: they become replacement
//! characters whose places are kept, so that only their lines fail.

use crate::error::FileError;

/// The encoding a file was read with (reported to the operator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 without BOM.
    Utf8,
    /// UTF-8 with its byte-order mark.
    Utf8Bom,
    /// UTF-16, little-endian (with BOM).
    Utf16Le,
    /// UTF-16, big-endian (with BOM).
    Utf16Be,
    /// Windows-1252 (Western European, a superset of ISO-8859-1's printable characters).
    Windows1252,
    /// ISO-8859-1 (each byte its own code point).
    Iso88591,
}

impl Encoding {
    /// The name shown to the operator.
    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf8Bom => "UTF-8 (BOM)",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1252 => "Windows-1252",
            Encoding::Iso88591 => "ISO-8859-1",
        }
    }
}

/// Why a file was read with its encoding (reported to the operator with it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EncodingReason {
    /// A byte-order mark, which wins over the setting.
    Bom,
    /// *auto*: the file is valid UTF-8.
    Valid,
    /// *auto*: the file holds valid multi-byte UTF-8 sequences, so it is UTF-8, but some of its
    /// lines hold bytes that are not: each of those lines is an error of its own.
    Multibyte,
    /// *auto*: no valid multi-byte UTF-8 sequence, and bytes above 0x7F: Windows-1252.
    NoMultibyte,
    /// The *encoding* setting.
    Setting,
}

impl EncodingReason {
    /// The message key (`encodingreason_<key>` in the language files).
    pub fn key(self) -> &'static str {
        match self {
            EncodingReason::Bom => "bom",
            EncodingReason::Valid => "valid",
            EncodingReason::Multibyte => "multibyte",
            EncodingReason::NoMultibyte => "nomultibyte",
            EncodingReason::Setting => "setting",
        }
    }
}

/// What the operator asked for (setting *encoding*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingChoice {
    /// A BOM if any; else UTF-8 when the file is valid UTF-8 or holds valid multi-byte UTF-8
    /// sequences; else Windows-1252.
    #[default]
    Auto,
    /// UTF-8 (a BOM still wins).
    Utf8,
    /// Windows-1252 (a BOM still wins).
    Windows1252,
    /// ISO-8859-1 (a BOM still wins).
    Iso88591,
}

impl EncodingChoice {
    /// `auto` (or empty), `utf-8`, `windows-1252`, `iso-8859-1` and their usual aliases, in any
    /// case.
    pub fn parse(value: &str) -> Result<Self, FileError> {
        match value.to_ascii_lowercase().as_str() {
            "" | "auto" => Ok(Self::Auto),
            "utf-8" | "utf8" => Ok(Self::Utf8),
            "windows-1252" | "cp1252" => Ok(Self::Windows1252),
            "iso-8859-1" | "latin1" => Ok(Self::Iso88591),
            _ => Err(FileError::BadOption {
                name: "encoding",
                value: value.to_string(),
            }),
        }
    }
}

/// A file's bytes turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    /// The text, without BOM.
    pub text: String,
    /// The encoding it was read with.
    pub encoding: Encoding,
    /// Why that one.
    pub reason: EncodingReason,
    /// Byte offsets in `text`, in order, of the replacement characters that stand for bytes
    /// that were not valid UTF-8 (only ever for UTF-8): their lines are errors.
    pub invalid: Vec<usize>,
}

/// Decodes `bytes` into UTF-8 text. A byte-order mark always wins over the choice, because it
/// cannot be an accident. UTF-8 is decoded lossily: bytes that are not valid UTF-8 become
/// replacement characters whose places are kept, so that only their lines fail; a few invalid
/// bytes never change how the rest of the file reads (spec §2.3). A UTF-16 file must be valid.
pub fn decode(bytes: Vec<u8>, choice: EncodingChoice) -> Result<Decoded, FileError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        let body = &bytes[bom_len..];
        if encoding == encoding_rs::UTF_8 {
            return Ok(utf8(body.to_vec(), Encoding::Utf8Bom, EncodingReason::Bom));
        }
        let found = if encoding == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            let line = first_bad_line(&text);
            return Err(FileError::Undecodable {
                encoding: found.name(),
                line,
            });
        }
        return Ok(whole(text.into_owned(), found, EncodingReason::Bom));
    }
    Ok(match choice {
        EncodingChoice::Auto => match String::from_utf8(bytes) {
            Ok(text) => whole(text, Encoding::Utf8, EncodingReason::Valid),
            Err(error) if has_multibyte_utf8(error.as_bytes()) => {
                utf8_lossy(error.as_bytes(), Encoding::Utf8, EncodingReason::Multibyte)
            }
            Err(error) => whole(
                windows_1252(error.as_bytes()),
                Encoding::Windows1252,
                EncodingReason::NoMultibyte,
            ),
        },
        EncodingChoice::Utf8 => utf8(bytes, Encoding::Utf8, EncodingReason::Setting),
        EncodingChoice::Windows1252 => whole(
            windows_1252(&bytes),
            Encoding::Windows1252,
            EncodingReason::Setting,
        ),
        EncodingChoice::Iso88591 => whole(
            iso_8859_1(&bytes),
            Encoding::Iso88591,
            EncodingReason::Setting,
        ),
    })
}

/// A text decoded without error.
fn whole(text: String, encoding: Encoding, reason: EncodingReason) -> Decoded {
    Decoded {
        text,
        encoding,
        reason,
        invalid: Vec::new(),
    }
}

/// UTF-8; see [`utf8_lossy`]. A valid file is not copied.
fn utf8(bytes: Vec<u8>, encoding: Encoding, reason: EncodingReason) -> Decoded {
    match String::from_utf8(bytes) {
        Ok(text) => whole(text, encoding, reason),
        Err(error) => utf8_lossy(error.as_bytes(), encoding, reason),
    }
}

/// UTF-8, each maximal invalid sequence replaced by one replacement character (as
/// `String::from_utf8_lossy` does) whose place is recorded.
fn utf8_lossy(bytes: &[u8], encoding: Encoding, reason: EncodingReason) -> Decoded {
    let mut text = String::with_capacity(bytes.len() + bytes.len() / 2);
    let mut invalid = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            invalid.push(text.len());
            text.push(char::REPLACEMENT_CHARACTER);
        }
    }
    Decoded {
        text,
        encoding,
        reason,
        invalid,
    }
}

/// Whether `bytes` hold at least one valid multi-byte UTF-8 sequence.
fn has_multibyte_utf8(bytes: &[u8]) -> bool {
    bytes.utf8_chunks().any(|chunk| !chunk.valid().is_ascii())
}

fn windows_1252(bytes: &[u8]) -> String {
    // Windows-1252 maps every byte, so decoding cannot fail.
    encoding_rs::WINDOWS_1252
        .decode_without_bom_handling(bytes)
        .0
        .into_owned()
}

/// ISO-8859-1 is, by definition, the first 256 Unicode code points: each byte is its own code
/// point. (encoding_rs follows the WHATWG rule that treats the label as Windows-1252, which
/// would turn 0x80–0x9F into other characters.)
fn iso_8859_1(bytes: &[u8]) -> String {
    bytes.iter().map(|&b| char::from(b)).collect()
}

fn line_of_offset(prefix: &[u8]) -> u32 {
    1 + memchr::memchr_iter(b'\n', prefix).count() as u32
}

fn first_bad_line(text: &str) -> u32 {
    let offset = text.find(char::REPLACEMENT_CHARACTER).unwrap_or(0);
    line_of_offset(&text.as_bytes()[..offset])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(
        bytes: &[u8],
        choice: EncodingChoice,
    ) -> (String, Encoding, EncodingReason, Vec<usize>) {
        let d = decode(bytes.to_vec(), choice).unwrap();
        (d.text, d.encoding, d.reason, d.invalid)
    }

    #[test]
    fn plain_utf8_is_kept() {
        assert_eq!(
            read("cid;uid\né;x".as_bytes(), EncodingChoice::Auto),
            (
                "cid;uid\né;x".into(),
                Encoding::Utf8,
                EncodingReason::Valid,
                vec![]
            )
        );
        assert_eq!(
            read(b"ascii", EncodingChoice::Auto).2,
            EncodingReason::Valid
        );
    }

    #[test]
    fn utf8_bom_is_removed() {
        assert_eq!(
            read(b"\xEF\xBB\xBFcid", EncodingChoice::Windows1252),
            ("cid".into(), Encoding::Utf8Bom, EncodingReason::Bom, vec![])
        );
    }

    #[test]
    fn invalid_bytes_after_a_utf8_bom_are_replaced_and_placed() {
        assert_eq!(
            read(b"\xEF\xBB\xBFa\nb\xFF", EncodingChoice::Auto),
            (
                "a\nb\u{FFFD}".into(),
                Encoding::Utf8Bom,
                EncodingReason::Bom,
                vec![3]
            )
        );
    }

    #[test]
    fn utf16_both_byte_orders() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("é;a".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("é;a".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(
            read(&le, EncodingChoice::Auto),
            ("é;a".into(), Encoding::Utf16Le, EncodingReason::Bom, vec![])
        );
        assert_eq!(
            read(&be, EncodingChoice::Auto),
            ("é;a".into(), Encoding::Utf16Be, EncodingReason::Bom, vec![])
        );
    }

    #[test]
    fn invalid_utf16_is_a_file_error() {
        assert_eq!(
            decode(b"\xff\xfe\x00\xd8".to_vec(), EncodingChoice::Utf8),
            Err(FileError::Undecodable {
                encoding: "UTF-16LE",
                line: 1
            })
        );
    }

    #[test]
    fn without_multibyte_utf8_a_file_is_windows_1252() {
        assert_eq!(
            read(b"caf\xE9 \x80", EncodingChoice::Auto),
            (
                "café €".into(),
                Encoding::Windows1252,
                EncodingReason::NoMultibyte,
                vec![]
            )
        );
    }

    #[test]
    fn with_multibyte_utf8_invalid_bytes_are_replaced_and_placed() {
        // Each maximal invalid sequence is one replacement character: a lead byte cut short
        // (\xC3 before an ASCII byte) keeps the byte after it.
        let (text, encoding, reason, invalid) =
            read(b"CH\xC3\x89M\nx\xFF\xFEy\n\xC3;z\n", EncodingChoice::Auto);
        assert_eq!(text, "CHÉM\nx\u{FFFD}\u{FFFD}y\n\u{FFFD};z\n");
        assert_eq!(
            (encoding, reason),
            (Encoding::Utf8, EncodingReason::Multibyte)
        );
        assert_eq!(invalid, vec![7, 10, 15]);
        assert!(invalid.iter().all(|&i| text[i..].starts_with('\u{FFFD}')));
    }

    #[test]
    fn iso_8859_1_keeps_c1_controls() {
        assert_eq!(
            read(b"\xE9\x80", EncodingChoice::Iso88591),
            (
                "é\u{80}".into(),
                Encoding::Iso88591,
                EncodingReason::Setting,
                vec![]
            )
        );
    }

    #[test]
    fn forced_utf8_places_the_invalid_bytes() {
        assert_eq!(
            read(b"a\nb\nc\xE9\n", EncodingChoice::Utf8),
            (
                "a\nb\nc\u{FFFD}\n".into(),
                Encoding::Utf8,
                EncodingReason::Setting,
                vec![5]
            )
        );
        assert_eq!(
            read(b"a\n", EncodingChoice::Utf8).2,
            EncodingReason::Setting
        );
    }

    #[test]
    fn choice_names_and_reason_keys() {
        assert_eq!(
            EncodingChoice::parse("UTF-8").unwrap(),
            EncodingChoice::Utf8
        );
        assert!(EncodingChoice::parse("ebcdic").is_err());
        assert_eq!(EncodingReason::NoMultibyte.key(), "nomultibyte");
    }
}
