//! Splitting decoded text into records: one record per physical line, whatever the quotes
//! (spec §2.3), with the line's number and raw text. Blank lines and comment lines (tool_sync's
//! markers: a line starting with `#`, `/`, `-`, `(`, `[` or a space, see [`is_comment`]) are
//! skipped here, so the layers above only ever see data; the comment lines that hold the
//! delimiter are remembered ([`Records::skipped`]), as a damaged data line may look like one.
//! [`Records`] yields an [`Entry`] per data line and gives its fields with [`Records::field`].
//!
//! Within a line, RFC 4180 quoting: a field that starts with `"` is quoted and may hold the
//! delimiter and doubled quotes (`""`); text after its closing quote, up to the delimiter, is
//! kept as it is, like the csv crate does. A quote elsewhere in a field is an ordinary
//! character. A quoted field never spans a line break: a quote still open at the end of the line
//! makes that line [`Entry::unterminated`], and the next line is read as a line of its own.
//!
//! Each byte is looked at a bounded number of times (`memchr` for line ends, delimiters and
//! quotes, within the line), so reading is linear in the size of the text.

use std::ops::Range;

use memchr::memchr;

/// One record as the layers above see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Physical line of the record (1-based).
    pub line: u32,
    /// Byte range of the line's text (without its line terminator).
    pub raw: Range<usize>,
    /// True when a quote opened on this line is never closed on it: an error for this line
    /// only. Its fields are still read (the open field runs to the end of the line), but they
    /// cannot be trusted.
    pub unterminated: bool,
}

/// Where a field's value lies: in the text, or, when it had to be unescaped (doubled quotes,
/// text after the closing quote), in the reader's scratch string.
#[derive(Debug, Clone, Copy)]
struct Span {
    start: usize,
    end: usize,
    in_scratch: bool,
}

/// A reader of [`Entry`]s; the fields of the last entry are read with [`Records::field`].
pub struct Records<'a> {
    text: &'a str,
    delimiter: u8,
    /// Where the next line starts.
    pos: usize,
    /// The number of the next line.
    line: u32,
    /// The fields of the last entry.
    fields: Vec<Span>,
    /// Unescaped values of the last entry's quoted fields that are not a slice of the text.
    scratch: String,
    /// Bytes looked at so far (see [`Records::examined`]).
    examined: usize,
    /// Comment lines holding the delimiter, in order (see [`Records::skipped`]).
    skipped: Vec<Entry>,
}

impl<'a> Records<'a> {
    /// `text` must use `\n` or `\r\n` line endings (see [`normalize_line_endings`]), so that
    /// each `\n` ends a physical line.
    pub fn new(text: &'a str, delimiter: u8) -> Self {
        Records {
            text,
            delimiter,
            pos: 0,
            line: 1,
            fields: Vec::new(),
            scratch: String::new(),
            examined: 0,
            skipped: Vec::new(),
        }
    }

    /// The next data record, skipping blank and comment lines. A line with an unterminated
    /// quote is returned (flagged) unless it is a comment.
    pub fn next_entry(&mut self) -> Option<Entry> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() {
            let start = self.pos;
            let (mut end, next) = match self.find(b'\n', start, bytes.len()) {
                Some(at) => (at, at + 1),
                None => (bytes.len(), bytes.len()),
            };
            if end > start && bytes[end - 1] == b'\r' {
                end -= 1;
            }
            let line = self.line;
            self.line = self.line.saturating_add(1);
            self.pos = next;
            if start == end {
                continue;
            }
            let raw = &bytes[start..end];
            if is_comment(raw) {
                if memchr(self.delimiter, raw).is_some() {
                    self.skipped.push(Entry {
                        line,
                        raw: start..end,
                        unterminated: false,
                    });
                }
                continue;
            }
            let unterminated = self.split(start, end);
            if !unterminated && self.is_blank() {
                continue;
            }
            return Some(Entry {
                line,
                raw: start..end,
                unterminated,
            });
        }
        None
    }

    /// The comment lines read so far that hold the delimiter, in order: skipped, but a data line
    /// whose first byte was damaged into a comment marker looks like one, so full sync takes them
    /// as no evidence of absence (spec §4).
    pub fn skipped(&self) -> &[Entry] {
        &self.skipped
    }

    /// Where the line after the last entry starts.
    pub fn offset(&self) -> usize {
        self.pos
    }

    /// How many bytes the reader has looked at so far: each byte of a line is looked at once
    /// to find the line's end and at most once more to split it, so never more than twice the
    /// length of the text (plus one a line): reading is linear whatever the quotes (spec §2.3).
    pub fn examined(&self) -> usize {
        self.examined
    }

    /// Number of fields of the last entry.
    pub fn len(&self) -> usize {
        self.fields.len()
    }

    /// True when the last entry has no field (never the case for a returned entry).
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty()
    }

    /// Field `i` of the last entry, trimmed; empty when absent.
    pub fn field(&self, i: usize) -> &str {
        self.fields
            .get(i)
            .map_or("", |span| self.value(span).trim())
    }

    fn value(&self, span: &Span) -> &str {
        let source = if span.in_scratch {
            self.scratch.as_str()
        } else {
            self.text
        };
        // Fields start and end next to ASCII bytes (delimiter, quote, line end), so the range
        // always falls on character boundaries.
        source.get(span.start..span.end).unwrap_or("")
    }

    /// Reads the fields of the line `start..end` (without terminator) into `self.fields`;
    /// returns whether a quote is still open at its end.
    fn split(&mut self, start: usize, end: usize) -> bool {
        self.fields.clear();
        self.scratch.clear();
        let bytes = self.text.as_bytes();
        let mut pos = start;
        loop {
            if pos < end && bytes[pos] == b'"' {
                match self.quoted(pos + 1, end) {
                    Some(field_end) => pos = field_end,
                    None => return true,
                }
            } else {
                let field_end = self.find(self.delimiter, pos, end).unwrap_or(end);
                self.push_field(pos..field_end, false, 0);
                pos = field_end;
            }
            // `pos` is now on the delimiter after the field, or at the end of the line.
            if pos >= end {
                return false;
            }
            pos += 1;
        }
    }

    /// Reads the quoted field whose content starts at `from` (just after its opening quote);
    /// returns where it ends (its delimiter, or the end of the line), or `None` when its quote
    /// is still open at the end of the line (the field then holds the rest of the line).
    fn quoted(&mut self, from: usize, end: usize) -> Option<usize> {
        let bytes = self.text.as_bytes();
        let scratch_start = self.scratch.len();
        // The value is a slice of the text (`pending..`) until a doubled quote or text after
        // the closing quote makes it a copy in the scratch string, from `scratch_start`.
        let mut pending = from;
        let mut copied = false;
        loop {
            let Some(quote) = self.find(b'"', pending, end) else {
                self.push_field(pending..end, copied, scratch_start);
                return None;
            };
            if quote + 1 < end && bytes[quote + 1] == b'"' {
                // A doubled quote: one quote in the value.
                self.scratch.push_str(&self.text[pending..=quote]);
                copied = true;
                pending = quote + 2;
                continue;
            }
            // The closing quote; what follows it up to the delimiter is kept as it is.
            let after = quote + 1;
            let field_end = self.find(self.delimiter, after, end).unwrap_or(end);
            if after < field_end {
                self.scratch.push_str(&self.text[pending..quote]);
                self.push_field(after..field_end, true, scratch_start);
            } else {
                self.push_field(pending..quote, copied, scratch_start);
            }
            return Some(field_end);
        }
    }

    /// The first `needle` in `from..end`, counting the bytes looked at.
    fn find(&mut self, needle: u8, from: usize, end: usize) -> Option<usize> {
        let found = memchr(needle, &self.text.as_bytes()[from..end]).map(|i| from + i);
        self.examined += found.map_or(end, |at| at + 1) - from;
        found
    }

    /// Adds a field whose value is `rest` of the text, after what the scratch string holds from
    /// `scratch_start` when `copied`.
    fn push_field(&mut self, rest: Range<usize>, copied: bool, scratch_start: usize) {
        let span = if copied {
            self.scratch.push_str(&self.text[rest]);
            Span {
                start: scratch_start,
                end: self.scratch.len(),
                in_scratch: true,
            }
        } else {
            Span {
                start: rest.start,
                end: rest.end,
                in_scratch: false,
            }
        };
        self.fields.push(span);
    }

    fn is_blank(&self) -> bool {
        self.fields
            .iter()
            .all(|span| self.value(span).bytes().all(|b| b.is_ascii_whitespace()))
    }
}

/// Whether a line (its raw bytes, without terminator) is a comment: it starts with one of
/// tool_sync's comment markers, `#`, `/`, `-`, `(`, `[` or a space (spec §2.3).
pub fn is_comment(line: &[u8]) -> bool {
    matches!(line.first(), Some(b'#' | b'/' | b'-' | b'(' | b'[' | b' '))
}

/// The fields of one line (without terminator), trimmed, as [`Records`] reads them, and whether a
/// quote is left open at its end: for lines read again later, such as failed ones.
pub fn split_line(line: &str, delimiter: u8) -> (Vec<String>, bool) {
    let mut records = Records::new(line, delimiter);
    let unterminated = records.split(0, line.len());
    let fields = (0..records.len())
        .map(|i| records.field(i).to_string())
        .collect();
    (fields, unterminated)
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

/// The physical line (1-based) of each of the sorted byte `offsets` of `text`, once each.
pub fn lines_of_offsets(text: &str, offsets: &[usize]) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut lines: Vec<u32> = Vec::new();
    let (mut counted_to, mut line) = (0, 1u32);
    for &offset in offsets {
        let offset = offset.clamp(counted_to, bytes.len());
        line += memchr::memchr_iter(b'\n', &bytes[counted_to..offset]).count() as u32;
        counted_to = offset;
        if lines.last() != Some(&line) {
            lines.push(line);
        }
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
    fn keeps_physical_line_numbers_across_blanks_and_comments() {
        // tool_sync's comment markers: #, /, -, (, [ and a space; not a tab.
        let text = "a;b\n\n# note\n\"x;y\";z\n// other\n c ; d \n ; \n\"\";\"\"\n-- x;y\n(a;b)\n[c;d]\n/e\n\tg ; h \n";
        assert_eq!(
            collect(text),
            vec![
                (1, f(&["a", "b"]), false),
                (4, f(&["x;y", "z"]), false),
                (13, f(&["g", "h"]), false)
            ]
        );
        // Those that hold the delimiter are remembered.
        let mut records = Records::new(text, b';');
        while records.next_entry().is_some() {}
        let skipped: Vec<u32> = records.skipped().iter().map(|e| e.line).collect();
        assert_eq!(skipped, [6, 7, 9, 10, 11]);
    }

    #[test]
    fn all_line_endings() {
        for text in ["a;b\r\nc;d\r\n", "a;b\rc;d\r", "a;b\nc;d", "a;b\r\rc;d"] {
            let got: Vec<_> = collect(text)
                .into_iter()
                .map(|(_, fields, open)| (fields, open))
                .collect();
            assert_eq!(
                got,
                vec![(f(&["a", "b"]), false), (f(&["c", "d"]), false)],
                "{text:?}"
            );
        }
        assert_eq!(collect("a;b\r\rc;d")[1].0, 3, "a lone CR ends a line");
    }

    #[test]
    fn quotes_doubled_quotes_and_delimiters_in_quotes() {
        let got = collect("\"a;b\";\"say \"\"hi\"\"\";\"\"\"\";\"\";x\"y\"\n");
        assert_eq!(
            got,
            vec![(1, f(&["a;b", "say \"hi\"", "\"", "", "x\"y\""]), false)]
        );
    }

    #[test]
    fn text_after_the_closing_quote_is_kept() {
        let got = collect("\"ab\"cd;\"x\" ;\"q\"\"\"r\"s;\"e\"\n");
        assert_eq!(got, vec![(1, f(&["abcd", "x", "q\"r\"s", "e"]), false)]);
    }

    #[test]
    fn a_quote_not_at_the_start_of_a_field_is_a_character() {
        // After a space, a quote does not open a quoted field either.
        let got = collect("a\"b;c\"; \"d;e\"\n");
        assert_eq!(got, vec![(1, f(&["a\"b", "c\"", "\"d", "e\""]), false)]);
    }

    #[test]
    fn an_unterminated_quote_fails_its_own_line_and_reading_goes_on() {
        let text = "a;b\n\"open;c\nd;\"e\"\r\nf;\"x\"\"\ng;h";
        let mut records = Records::new(text, b';');
        assert_eq!(records.next_entry().map(|e| e.line), Some(1));
        let bad = records.next_entry().unwrap();
        assert_eq!(
            (bad.line, bad.unterminated, &text[bad.raw]),
            (2, true, "\"open;c")
        );
        assert_eq!(records.field(0), "open;c");
        let next = records.next_entry().unwrap();
        assert_eq!(
            (
                next.line,
                next.unterminated,
                records.field(0),
                records.field(1)
            ),
            (3, false, "d", "e")
        );
        let bad = records.next_entry().unwrap();
        assert_eq!(
            (bad.line, bad.unterminated, &text[bad.raw]),
            (4, true, "f;\"x\"\"")
        );
        assert_eq!(records.field(1), "x\"");
        let last = records.next_entry().unwrap();
        assert_eq!((last.line, records.field(1)), (5, "h"));
        assert_eq!(records.next_entry(), None);
    }

    #[test]
    fn a_quote_in_a_comment_does_not_swallow_data_nor_fail() {
        let got = collect("// say \"hi\n# \"open;\n\"x\";y\n");
        assert_eq!(got, vec![(3, f(&["x", "y"]), false)]);
    }

    #[test]
    fn a_lone_quote_is_an_unterminated_line_not_a_blank_one() {
        assert_eq!(collect("\"\n;\" \na\n").len(), 3);
        assert!(collect("\"\n").iter().all(|(_, _, open)| *open));
    }

    /// Lines whose quotes never close, which made the csv crate run each to the end of the
    /// text: each byte is still searched at most twice.
    #[test]
    fn open_quotes_are_read_in_linear_time() {
        for line in [
            "C1;u1\";\"",
            "C1;\"u1;student",
            "\"\"\"\"\"",
            "\"a\"\"b\"\";",
        ] {
            let text = format!("{line}\n").repeat(10_000);
            let mut records = Records::new(&text, b';');
            let mut open = 0;
            while let Some(entry) = records.next_entry() {
                open += usize::from(entry.unterminated);
            }
            assert_eq!(open, 10_000, "{line}");
            assert!(records.examined() <= 2 * text.len(), "{line}");
        }
    }

    #[test]
    fn raw_text_excludes_the_terminator_and_the_offset_follows_the_line() {
        let text = "a;b\r\nc;d";
        let mut records = Records::new(text, b';');
        let first = records.next_entry().unwrap();
        assert_eq!(&text[first.raw], "a;b");
        assert_eq!(records.offset(), 5);
        let second = records.next_entry().unwrap();
        assert_eq!(&text[second.raw], "c;d");
        assert_eq!(records.offset(), text.len());
    }

    #[test]
    fn offsets_to_lines() {
        let text = "a\nb\u{FFFD}\u{FFFD}\nc\n\u{FFFD}";
        let offsets: Vec<usize> = text.match_indices('\u{FFFD}').map(|(i, _)| i).collect();
        assert_eq!(lines_of_offsets(text, &offsets), vec![2, 4]);
        assert_eq!(lines_of_offsets(text, &[]), Vec::<u32>::new());
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Every line is one record, and the scan is linear: each line is its own record or
        /// skipped, whatever the quotes.
        #[test]
        fn every_record_is_one_physical_line(
            lines in proptest::collection::vec("(a|;|\"|\"\"| |#|\r){0,12}", 0..30)
        ) {
            let text = normalize_line_endings(lines.join("\n"));
            let physical: Vec<&str> = text.split('\n').collect();
            let mut records = Records::new(&text, b';');
            let mut last = 0;
            while let Some(entry) = records.next_entry() {
                prop_assert!(entry.line > last);
                last = entry.line;
                let line = physical[entry.line as usize - 1];
                prop_assert_eq!(&text[entry.raw], line.strip_suffix('\r').unwrap_or(line));
            }
            prop_assert!(records.examined() <= 2 * text.len() + physical.len());
        }
    }
}
