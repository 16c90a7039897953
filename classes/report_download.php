<?php
// This file is part of Moodle - https://moodle.org/
//
// Moodle is free software: you can redistribute it and/or modify
// it under the terms of the GNU General Public License as published by
// the Free Software Foundation, either version 3 of the License, or
// (at your option) any later version.
//
// Moodle is distributed in the hope that it will be useful,
// but WITHOUT ANY WARRANTY; without even the implied warranty of
// MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
// GNU General Public License for more details.
//
// You should have received a copy of the GNU General Public License
// along with Moodle.  If not, see <https://www.gnu.org/licenses/>.

namespace tool_enrolsync;

/**
 * Downloads of a run through Moodle's dataformat API (CSV, Excel, ODS...): the report (a summary
 * sheet and a sheet of failed lines with their reasons), and the failed lines with the file's own
 * columns, to correct and run again. Cells are escaped for formats whose writer renders them as
 * HTML (HTML, PDF); in the others, cells that a spreadsheet would take for a formula are
 * neutralised.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report_download {
    /** The columns of a flat file, which has no header. */
    const FLATFILE_COLUMNS = ['operation', 'role', 'user', 'course', 'starttime', 'endtime'];

    /**
     * Sends a download and ends the request.
     *
     * @param \stdClass $run
     * @param string $kind report or failed
     * @param string $dataformat
     */
    public static function send(\stdClass $run, string $kind, string $dataformat): void {
        $format = \core\dataformat::get_format_instance($dataformat);
        \core_php_time_limit::raise();
        \core\session\manager::write_close();
        $name = pathinfo($run->filename, PATHINFO_FILENAME);
        $format->set_filename(clean_filename($name . ($kind === 'report' ? '-report' : '-failed') . '-run' . $run->id));
        $format->send_http_headers();
        $format->start_output();
        self::write($format, $run, $kind);
        $format->close_output();
    }

    /**
     * Writes the sheets of a download to a writer whose output is started.
     *
     * @param \core\dataformat\base $format
     * @param \stdClass $run
     * @param string $kind report or failed
     */
    public static function write(\core\dataformat\base $format, \stdClass $run, string $kind): void {
        $html = $format->supports_html();
        $cells = fn(array $row) => array_map(fn($cell) => self::cell($cell, $html), $row);
        foreach (($kind === 'report' ? self::report_sheets($run) : self::failed_sheets($run)) as $title => [$columns, $rows]) {
            $format->set_sheettitle($title);
            $format->start_sheet($cells($columns));
            $rownum = 0;
            foreach ($rows as $row) {
                $format->write_record($cells($row), $rownum++);
            }
            $format->close_sheet($columns);
        }
    }

    /**
     * A cell of a download. The writers of formats that support HTML (HTML, PDF) render cells as
     * HTML, and the PDF writer fetches the source of an image: for those, the text is escaped.
     * For the others (CSV, spreadsheets, JSON), it stays as it is, with formulas neutralised.
     *
     * @param mixed $cell
     * @param bool $html whether the format's writer renders cells as HTML (supports_html())
     * @return string
     */
    public static function cell($cell, bool $html): string {
        return $html ? s((string) $cell) : self::neutralise($cell);
    }

    /**
     * A cell as text that no spreadsheet evaluates: one starting with =, +, -, @ (or a tab or
     * carriage return before one) gets a leading apostrophe, as OWASP advises for CSV injection.
     *
     * @param mixed $cell
     * @return string
     */
    public static function neutralise($cell): string {
        $cell = (string) $cell;
        return preg_match('/^[=+\-@\t\r]/', $cell) ? "'" . $cell : $cell;
    }

    /**
     * The report: summary, then failed lines.
     *
     * @param \stdClass $run
     * @return array title => [columns, rows (an array, or a stream of them)]
     */
    public static function report_sheets(\stdClass $run): array {
        $summary = run_report::summary($run);
        $rows = [
            [get_string('file', 'tool_enrolsync'), $summary['file']],
            [get_string('started', 'tool_enrolsync'), userdate($run->timestarted)],
            [get_string('dryrun', 'tool_enrolsync'), $summary['dryrun'] ? get_string('yes') : get_string('no')],
            [get_string('status', 'tool_enrolsync'), get_string('status_' . $run->status, 'tool_enrolsync')],
            [run_report::reading($summary), ''],
        ];
        foreach ($summary['settings'] ?? [] as $change) {
            $rows[] = [$change['label'], get_string('takeover_change', 'tool_enrolsync', (object) $change)];
        }
        if (isset($summary['error'])) {
            $rows[] = [get_string('error'), $summary['error']['message']];
        }
        foreach (array_keys(run_report::COUNTS) as $count) {
            $rows[] = [get_string('count_' . $count, 'tool_enrolsync'), $summary[$count]];
        }
        foreach ($summary['operations'] as $name => $count) {
            $rows[] = [get_string('op_' . $name, 'tool_enrolsync'), $count];
        }
        return [
            get_string('summary') => [[get_string('item', 'tool_enrolsync'), get_string('value', 'tool_enrolsync')], $rows],
            get_string('failedlines', 'tool_enrolsync') => [[get_string('line', 'tool_enrolsync'),
                get_string('reason', 'tool_enrolsync'), get_string('rawline', 'tool_enrolsync')], self::failed_rows($run->id)],
        ];
    }

    /**
     * The failed lines of the report's second sheet, read as a stream.
     *
     * @param int $runid
     * @return \Generator of [line, reason, raw line]
     */
    private static function failed_rows(int $runid): \Generator {
        foreach (run_report::each_failed_line($runid) as $line) {
            yield [$line['line'], $line['message'], $line['raw']];
        }
    }

    /**
     * The failed lines in the file's own columns, read back from the run's failed-lines file as a
     * stream: once for the widest line (every row gets as many cells), then for the rows.
     *
     * @param \stdClass $run
     * @return array title => [columns, rows (a stream of them)]
     */
    public static function failed_sheets(\stdClass $run): array {
        $file = run_files::failed_lines_file($run->id);
        $delimiter = $run->delimiter ?: ',';
        $hasheader = $run->format !== 'flatfile';
        $columns = $hasheader ? [] : self::FLATFILE_COLUMNS;
        $width = count($columns);
        foreach ($file ? self::file_records($file, $delimiter) : [] as $number => $fields) {
            if ($hasheader && $number === 0) {
                $columns = $fields;
            }
            $width = max($width, count($fields));
        }
        $rows = $file ? self::padded_rows($file, $delimiter, $width, $hasheader) : [];
        return [get_string('failedlines', 'tool_enrolsync') => [array_pad($columns, $width, ''), $rows]];
    }

    /**
     * The records of a failed-lines file, the header first (if it has one), with trimmed fields.
     * Line by line, as the tool reads files: a quote left open (the reason some lines failed)
     * must not take the next lines with it. Without the byte order mark the file starts with.
     *
     * @param \stored_file $file
     * @param string $delimiter
     * @return \Generator of string[], numbered from 0
     */
    private static function file_records(\stored_file $file, string $delimiter): \Generator {
        $handle = $file->get_content_file_handle();
        try {
            $number = 0;
            while (($line = fgets($handle)) !== false) {
                $line = rtrim($number === 0 ? preg_replace('/^\xEF\xBB\xBF/', '', $line) : $line, "\r\n");
                if ($line !== '') {
                    yield $number++ => array_map('trim', str_getcsv($line, $delimiter, '"', ''));
                }
            }
        } finally {
            fclose($handle);
        }
    }

    /**
     * The failed lines of a failed-lines file, each padded to the same number of cells.
     *
     * @param \stored_file $file
     * @param string $delimiter
     * @param int $width
     * @param bool $hasheader whether its first record is the header (not a row)
     * @return \Generator of string[]
     */
    private static function padded_rows(\stored_file $file, string $delimiter, int $width, bool $hasheader): \Generator {
        foreach (self::file_records($file, $delimiter) as $number => $fields) {
            if (!$hasheader || $number > 0) {
                yield array_pad($fields, $width, '');
            }
        }
    }
}
