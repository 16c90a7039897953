//! Turning the file's bytes into UTF-8 text: BOM detection, UTF-16, and the single-byte fallbacks.

use crate::error::FileError;

/// The encoding a file was read with (reported to the operator).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le,
    Utf16Be,
    Windows1252,
    Iso88591,
}

impl Encoding {
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

/// What the operator asked for (setting *encoding*).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EncodingChoice {
    /// BOM if any, else UTF-8 when the bytes are valid UTF-8, else Windows-1252.
    #[default]
    Auto,
    Utf8,
    Windows1252,
    Iso88591,
}

impl EncodingChoice {
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

/// Decodes `bytes` into UTF-8 text. A byte-order mark always wins over the choice, because it
/// cannot be an accident. The result never contains the BOM.
pub fn decode(bytes: Vec<u8>, choice: EncodingChoice) -> Result<(String, Encoding), FileError> {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(&bytes) {
        let found = if encoding == encoding_rs::UTF_8 {
            Encoding::Utf8Bom
        } else if encoding == encoding_rs::UTF_16LE {
            Encoding::Utf16Le
        } else {
            Encoding::Utf16Be
        };
        let body = &bytes[bom_len..];
        let (text, had_errors) = encoding.decode_without_bom_handling(body);
        if had_errors {
            let line = first_bad_line(&text);
            return Err(FileError::Undecodable {
                encoding: found.name(),
                line,
            });
        }
        return Ok((text.into_owned(), found));
    }
    match choice {
        EncodingChoice::Auto | EncodingChoice::Utf8 => match String::from_utf8(bytes) {
            Ok(text) => Ok((text, Encoding::Utf8)),
            Err(err) if choice == EncodingChoice::Auto => {
                Ok((windows_1252(err.as_bytes()), Encoding::Windows1252))
            }
            Err(err) => {
                let valid = err.utf8_error().valid_up_to();
                let line = line_of_offset(&err.as_bytes()[..valid]);
                Err(FileError::Undecodable {
                    encoding: Encoding::Utf8.name(),
                    line,
                })
            }
        },
        EncodingChoice::Windows1252 => Ok((windows_1252(&bytes), Encoding::Windows1252)),
        EncodingChoice::Iso88591 => Ok((iso_8859_1(&bytes), Encoding::Iso88591)),
    }
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

    #[test]
    fn plain_utf8_is_kept() {
        let (text, enc) = decode("cid;uid\né;x".as_bytes().to_vec(), EncodingChoice::Auto).unwrap();
        assert_eq!(text, "cid;uid\né;x");
        assert_eq!(enc, Encoding::Utf8);
    }

    #[test]
    fn utf8_bom_is_removed() {
        let (text, enc) = decode(b"\xEF\xBB\xBFcid".to_vec(), EncodingChoice::Windows1252).unwrap();
        assert_eq!(text, "cid");
        assert_eq!(enc, Encoding::Utf8Bom);
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
            decode(le, EncodingChoice::Auto).unwrap(),
            ("é;a".to_string(), Encoding::Utf16Le)
        );
        assert_eq!(
            decode(be, EncodingChoice::Auto).unwrap(),
            ("é;a".to_string(), Encoding::Utf16Be)
        );
    }

    #[test]
    fn invalid_utf8_falls_back_to_windows_1252() {
        let (text, enc) = decode(b"caf\xE9 \x80".to_vec(), EncodingChoice::Auto).unwrap();
        assert_eq!(text, "café €");
        assert_eq!(enc, Encoding::Windows1252);
    }

    #[test]
    fn iso_8859_1_keeps_c1_controls() {
        let (text, _) = decode(b"\xE9\x80".to_vec(), EncodingChoice::Iso88591).unwrap();
        assert_eq!(text, "é\u{80}");
    }

    #[test]
    fn forced_utf8_reports_the_bad_line() {
        let err = decode(b"a\nb\nc\xE9\n".to_vec(), EncodingChoice::Utf8).unwrap_err();
        assert_eq!(
            err,
            FileError::Undecodable {
                encoding: "UTF-8",
                line: 3
            }
        );
    }

    #[test]
    fn choice_names() {
        assert_eq!(
            EncodingChoice::parse("UTF-8").unwrap(),
            EncodingChoice::Utf8
        );
        assert!(EncodingChoice::parse("ebcdic").is_err());
    }
}
