//! Splitting decoded text into records (RFC 4180, with the csv crate) while keeping, for each,
//! the physical line it starts on and its raw text. Blank lines and comment lines (`#`, `//`)
//! are skipped here, so the layers above only ever see data.

use std::io::Cursor;
use std::ops::Range;

/// One record as the layers above see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Physical line the record starts on (1-based).
    pub line: u32,
    /// Byte range of the record's text (without its line terminator).
    pub raw: Range<usize>,
    /// True when a quote opened in this record is never closed: the csv crate would run the
    /// field to the end of the file, so this is reported as an error for this line, and
    /// reading resumes on the next physical line.
    pub unterminated: bool,
}

/// A reader of [`Entry`]s; the fields of the last entry are read with [`Records::field`].
pub struct Records<'a> {
    text: &'a [u8],
    delimiter: u8,
    reader: csv::Reader<Cursor<&'a [u8]>>,
    /// Checked as UTF-8 once per record by the csv crate (the text is UTF-8 already, so the
    /// check never fails), so that fields need no check of their own.
    record: csv::StringRecord,
    /// Line numbers are counted here, from byte offsets: the csv crate does not count the
    /// lines of CRLF files.
    counted_to: usize,
    counted_lines: u32,
    /// Whether a record ran to the end of the text inside a quoted field (see
    /// [`Records::ran_into_open_quote`]).
    open_quote_at_end: bool,
}

impl<'a> Records<'a> {
    /// `text` must use `\n` or `\r\n` line endings (see [`normalize_line_endings`]), so that
    /// counting `\n` counts physical lines.
    pub fn new(text: &'a str, delimiter: u8) -> Self {
        let reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(Cursor::new(text.as_bytes()));
        Records {
            text: text.as_bytes(),
            delimiter,
            reader,
            record: csv::StringRecord::new(),
            counted_to: 0,
            counted_lines: 1,
            open_quote_at_end: false,
        }
    }

    /// The next data record, skipping blank and comment lines.
    pub fn next_entry(&mut self) -> Option<Entry> {
        loop {
            // Reading from memory cannot fail with an I/O error, and the csv crate reports no
            // other error for a flexible reader of UTF-8 text, so an error can only mean the end.
            if !self.reader.read_record(&mut self.record).unwrap_or(false) {
                return None;
            }
            // After a CRLF the csv crate places the next record on the LF: skip terminators.
            let mut start = self.record.position()?.byte() as usize;
            while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
                start += 1;
            }
            let line = self.line_at(start);
            let end = self.reader.position().byte() as usize;
            let raw = start..trim_terminator(self.text, start, end);
            let unterminated = end >= self.text.len()
                && ends_inside_quotes(&self.text[raw.clone()], self.delimiter);
            self.open_quote_at_end |= unterminated;
            if self.is_comment() {
                self.resume_after_first_line(&raw);
                continue;
            }
            if self.is_blank() {
                continue;
            }
            if unterminated {
                let first = self.resume_after_first_line(&raw);
                return Some(Entry {
                    line,
                    raw: first,
                    unterminated,
                });
            }
            return Some(Entry {
                line,
                raw,
                unterminated,
            });
        }
    }

    /// Where the record after the last entry starts (or its terminator, after a CRLF).
    pub fn offset(&self) -> usize {
        self.reader.position().byte() as usize
    }

    /// Whether a record, returned or skipped, ran to the end of the text inside a quoted field:
    /// the text is then not a whole number of records when more text follows it.
    pub fn ran_into_open_quote(&self) -> bool {
        self.open_quote_at_end
    }

    /// The line number of byte `offset`; offsets only ever grow.
    fn line_at(&mut self, offset: usize) -> u32 {
        let newlines = memchr::memchr_iter(b'\n', &self.text[self.counted_to..offset]).count();
        self.counted_lines += newlines as u32;
        self.counted_to = offset;
        self.counted_lines
    }

    /// Number of fields of the last entry.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    /// True when the last entry has no field (never the case for a returned entry).
    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// Field `i` of the last entry, trimmed; empty when absent.
    pub fn field(&self, i: usize) -> &str {
        self.record.get(i).map_or("", str::trim)
    }

    /// Whether the record in `raw` runs over more than one physical line.
    pub fn spans_lines(&self, raw: &Range<usize>) -> bool {
        memchr::memchr(b'\n', &self.text[raw.clone()]).is_some()
    }

    /// Gives up the rest of a record that spans several lines and reads on from the line after
    /// its first one; returns the range of that first line. Used for comments (a quote in a
    /// comment must not swallow data) and for records that a stray quote made run on.
    pub fn resume_after_first_line(&mut self, raw: &Range<usize>) -> Range<usize> {
        let first_end = match memchr::memchr(b'\n', &self.text[raw.clone()]) {
            Some(offset) => raw.start + offset,
            None => return raw.clone(),
        };
        let mut pos = csv::Position::new();
        pos.set_byte((first_end + 1) as u64);
        // Seeking a Cursor over memory cannot fail.
        let _ = self.reader.seek(pos);
        raw.start..trim_terminator(self.text, raw.start, first_end)
    }

    fn is_comment(&self) -> bool {
        let first = self.field(0);
        first.starts_with('#') || first.starts_with("//")
    }

    fn is_blank(&self) -> bool {
        self.record
            .iter()
            .all(|f| f.bytes().all(|b| b.is_ascii_whitespace()))
    }
}

fn trim_terminator(text: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(text[end - 1], b'\n' | b'\r') {
        end -= 1;
    }
    end
}

/// Whether a quoted field is still open at the end of `raw`, with the csv crate's rules: a quote
/// opens a field only as its first character, and `""` inside it is an escaped quote.
fn ends_inside_quotes(raw: &[u8], delimiter: u8) -> bool {
    let mut in_quotes = false;
    let mut at_field_start = true;
    let mut i = 0;
    while i < raw.len() {
        let b = raw[i];
        if in_quotes {
            if b == b'"' {
                if raw.get(i + 1) == Some(&b'"') {
                    i += 1;
                } else {
                    in_quotes = false;
                }
            }
        } else if b == b'"' && at_field_start {
            in_quotes = true;
            at_field_start = false;
        } else {
            at_field_start = b == delimiter || b == b'\n';
        }
        i += 1;
    }
    in_quotes
}

/// Turns lone carriage returns (old Mac line endings) into line feeds, so line numbers count
/// them; CRLF is left alone. Same length, so byte offsets are unchanged.
pub fn normalize_line_endings(text: String) -> String {
    let bytes = text.as_bytes();
    let lone_cr = memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n'));
    if !lone_cr {
        return text;
    }
    let mut bytes = text.into_bytes();
    for i in 0..bytes.len() {
        if bytes[i] == b'\r' && bytes.get(i + 1) != Some(&b'\n') {
            bytes[i] = b'\n';
        }
    }
    // Replacing one ASCII byte with another keeps the text valid UTF-8.
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn collect(text: &str) -> Vec<(u32, Vec<String>, bool)> {
        let text = normalize_line_endings(text.to_string());
        let mut records = Records::new(&text, b';');
        let mut out = Vec::new();
        while let Some(entry) = records.next_entry() {
            let fields = (0..records.len())
                .map(|i| records.field(i).to_string())
                .collect();
            out.push((entry.line, fields, entry.unterminated));
        }
        out
    }

    fn f(fields: &[&str]) -> Vec<String> {
        fields.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn keeps_physical_line_numbers_across_quoted_newlines_blanks_and_comments() {
        let got = collect("a;b\n\n# note\n\"x\ny\";z\n// other\n c ; d \n");
        assert_eq!(
            got,
            vec![
                (1, f(&["a", "b"]), false),
                (4, f(&["x\ny", "z"]), false),
                (7, f(&["c", "d"]), false)
            ]
        );
    }

    #[test]
    fn all_line_endings() {
        for text in ["a;b\r\nc;d\r\n", "a;b\rc;d\r", "a;b\nc;d"] {
            let got = collect(text);
            assert_eq!(
                got,
                vec![(1, f(&["a", "b"]), false), (2, f(&["c", "d"]), false)],
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_quote_in_a_comment_does_not_swallow_data() {
        let got = collect("// say \"hi\n\"x\";y\n");
        assert_eq!(got, vec![(2, f(&["x", "y"]), false)]);
    }

    #[test]
    fn an_unterminated_quote_is_reported_on_its_line_and_reading_goes_on() {
        let text = "a;b\n\"open;c\nd;e\n";
        let mut records = Records::new(text, b';');
        assert_eq!(records.next_entry().map(|e| e.line), Some(1));
        let bad = records.next_entry().unwrap();
        assert_eq!(
            (bad.line, bad.unterminated, &text[bad.raw]),
            (2, true, "\"open;c")
        );
        let next = records.next_entry().unwrap();
        assert_eq!(
            (next.line, records.field(0), records.field(1)),
            (3, "d", "e")
        );
        assert_eq!(records.next_entry(), None);
    }

    #[test]
    fn escaped_quotes_close_properly() {
        assert!(!ends_inside_quotes(b"\"a\"\"b\";c", b';'));
        assert!(ends_inside_quotes(b"\"a\"\"b;c", b';'));
        assert!(!ends_inside_quotes(b"ab\"c", b';'));
    }

    #[test]
    fn raw_text_excludes_the_terminator() {
        let text = "a;b\r\nc;d";
        let mut records = Records::new(text, b';');
        let first = records.next_entry().unwrap();
        assert_eq!(&text[first.raw], "a;b");
    }
}
