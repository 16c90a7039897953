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

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\report_download::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\run_report::class)]
/**
 * The downloads of a run.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\report_download
 * @covers     \tool_enrolsync\run_report
 */
final class report_download_test extends engine_testcase {
    public function test_formulas_are_neutralised_and_other_text_kept(): void {
        foreach (['=HYPERLINK("x")', '+1', '-1', '@SUM(A1)', "\t=1"] as $cell) {
            $this->assertSame("'" . $cell, report_download::neutralise($cell));
        }
        foreach (['MATH', 'a=b', '', 'Group <b>A</b>', 12] as $cell) {
            $this->assertSame((string) $cell, report_download::neutralise($cell));
        }
    }

    public function test_the_report_has_a_summary_and_the_failed_lines_with_reasons(): void {
        $run = $this->run_file(self::FILE . "add;MATH;NOBODY;student;;;;\n", ['dryrun' => true]);
        [$summary, $failed] = array_values(report_download::report_sheets($run));
        $rows = array_column($summary[1], 1, 0);
        $this->assertSame('enrols.csv', $rows['File']);
        $this->assertSame('Yes', $rows['Dry run']);
        $this->assertSame(5, $rows['Lines']);
        $this->assertSame(1, $rows['Failed']);
        $this->assertSame(4, $rows['Users enrolled']);
        $this->assertSame([[6, "Unknown user 'NOBODY'", 'add;MATH;NOBODY;student;;;;']], iterator_to_array($failed[1], false));
    }

    public function test_the_report_of_a_takeover_says_what_it_changes(): void {
        \core\plugininfo\enrol::enable_plugin('flatfile', 1);
        $options = new run_options(['dryrun' => true]);
        $run = takeover::run(new engine($options), $options, engine::ORIGIN_PAGE);

        [$summary] = array_values(report_download::report_sheets($run));
        $rows = array_column($summary[1], 1, 0);
        $this->assertSame('enrol_flatfile', $rows['File']);
        $this->assertArrayHasKey('Take-over of enrol_flatfile: its settings and its enrolments', $rows);
        $this->assertSame('Enabled → Disabled', $rows['enrol_flatfile']);
    }

    public function test_the_failed_lines_come_in_the_file_own_columns(): void {
        $run = $this->run_file("cid|uid|rolename\nMATH|NOBODY|student\n\"MATH\"|\"S1|x\"|student\n");
        [[$columns, $rows]] = array_values(report_download::failed_sheets($run));
        $this->assertSame(['cid', 'uid', 'rolename'], $columns);
        $this->assertSame([['MATH', 'NOBODY', 'student'], ['MATH', 'S1|x', 'student']], iterator_to_array($rows, false));

        global $DB;
        $DB->set_field('course', 'idnumber', 'M1', ['id' => $this->courses['MATH']->id]);
        $run = $this->run_file("add, student, NOBODY, M1, 0\n", ['format' => 'flatfile']);
        [[$columns, $rows]] = array_values(report_download::failed_sheets($run));
        $this->assertSame(report_download::FLATFILE_COLUMNS, $columns);
        $this->assertSame([['add', 'student', 'NOBODY', 'M1', '0', '']], iterator_to_array($rows, false));
    }

    public function test_a_line_with_an_open_quote_takes_no_failed_line_after_it(): void {
        $run = $this->run_file("cid;uid;rolename\nMATH;\"S1;student\nMATH;NOBODY;student\n");
        [[, $rows]] = array_values(report_download::failed_sheets($run));
        $rows = iterator_to_array($rows, false);
        $this->assertCount(2, $rows);
        $this->assertSame(['MATH', 'NOBODY', 'student'], $rows[1]);
    }

    /**
     * A local HTTP listener in a process of its own: it answers every request with a 404 and
     * writes one line per request to a log, so a test can tell whether anything fetched a URL.
     *
     * @return array [port, log path, process]
     */
    private function start_listener(): array {
        $log = make_request_directory() . '/requests.log';
        touch($log);
        $code = 'file_put_contents($argv[1], "", FILE_APPEND); $server = stream_socket_server("tcp://127.0.0.1:0");' .
            'echo stream_socket_get_name($server, false), "\n"; fclose(STDOUT);' .
            'while ($c = @stream_socket_accept($server, 60)) { file_put_contents($argv[1], fgets($c), FILE_APPEND);' .
            'fwrite($c, "HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n"); fclose($c); }';
        $process = proc_open([PHP_BINARY, '-n', '-r', $code, '--', $log], [1 => ['pipe', 'w']], $pipes);
        $address = trim(fgets($pipes[1]));
        fclose($pipes[1]);
        return [(int) substr($address, strrpos($address, ':') + 1), $log, $process];
    }

    /**
     * The cells of a spreadsheet-like download (CSV, JSON, Excel, ODS), row by row, sheet after sheet.
     *
     * @param string $dataformat
     * @param string $content the download
     * @return array[]
     */
    private function download_rows(string $dataformat, string $content): array {
        if ($dataformat === 'csv') {
            $content = preg_replace('/^\x{FEFF}/u', '', $content);
            return array_map(fn($line) => str_getcsv($line, ',', '"', ''), preg_split('/\r?\n/', trim($content)));
        }
        if ($dataformat === 'json') {
            return array_map('array_values', array_merge(...json_decode($content, true)));
        }
        $path = make_request_directory() . '/download.' . ($dataformat === 'excel' ? 'xlsx' : 'ods');
        file_put_contents($path, $content);
        $reader = $dataformat === 'excel' ? new \OpenSpout\Reader\XLSX\Reader() : new \OpenSpout\Reader\ODS\Reader();
        $reader->open($path);
        $rows = [];
        foreach ($reader->getSheetIterator() as $sheet) {
            foreach ($sheet->getRowIterator() as $row) {
                $rows[] = array_map(fn($cell) => (string) $cell->getValue(), $row->getCells());
            }
        }
        $reader->close();
        return $rows;
    }

    public function test_every_download_format_gives_the_file_text_as_text(): void {
        [$port, $log, $listener] = $this->start_listener();
        // TCPDF fetches the source of an image whose address is quoted.
        $image = "<img src=http://127.0.0.1:$port/x>";
        $quoted = "<img src=\"http://127.0.0.1:$port/y\">";
        $script = '<script>alert(1)</script>';
        $run = $this->run_file("cid;uid;rolename\nMATH;$image;student\nMATH;$script;student\n" .
            "MATH;\"" . str_replace('"', '""', $quoted) . "\";student\nMATH;=HYPERLINK(\"\"http://x\"\");student\n");
        $this->assertEquals(4, $run->failed);
        $formats = array_keys(\core_plugin_manager::instance()->get_plugins_of_type('dataformat'));
        $this->assertContains('pdf', $formats);
        try {
            foreach ($formats as $dataformat) {
                foreach (['report', 'failed'] as $kind) {
                    // What report_download::send() sends, written to a file.
                    $format = \core\dataformat::get_format_instance($dataformat);
                    $path = make_request_directory() . "/download" . $format->get_extension();
                    $format->set_filepath($path);
                    $format->start_output_to_file();
                    report_download::write($format, $run, $kind);
                    $format->close_output_to_file();
                    $content = file_get_contents($path);
                    $this->assertSame('', file_get_contents($log), "$dataformat $kind: the writer fetched a URL of the file");
                    if ($format->supports_html()) {
                        // Rendered as HTML: every tag of the file is text.
                        if ($dataformat === 'html') {
                            $this->assertDoesNotMatchRegularExpression('/<(script|img)/i', $content, "$dataformat $kind");
                            $this->assertStringContainsString(s($script), $content, "$dataformat $kind");
                            $this->assertStringContainsString(s($image), $content, "$dataformat $kind");
                            $this->assertStringContainsString(s($quoted), $content, "$dataformat $kind");
                        }
                        continue;
                    }
                    // Spreadsheets and data: the text as it is, formulas neutralised.
                    $cells = array_merge(...$this->download_rows($dataformat, $content));
                    $this->assertTrue(
                        in_array($script, $cells, true) || in_array("MATH;$script;student", $cells, true),
                        "$dataformat $kind: " . json_encode($cells)
                    );
                    $this->assertTrue(
                        in_array($image, $cells, true) || in_array("MATH;$image;student", $cells, true),
                        "$dataformat $kind: " . json_encode($cells)
                    );
                    $this->assertEmpty(preg_grep('/^[=+\-@]/', $cells), "$dataformat $kind: " . json_encode($cells));
                }
            }
        } finally {
            proc_terminate($listener);
            proc_close($listener);
        }
    }

    public function test_the_downloads_of_a_large_run_stream_every_failed_line(): void {
        $run = $this->run_file("cid;uid;rolename\nMATH;NOBODY;student\n");
        $count = 20000;
        $this->add_failed_lines($run->id, 3, $count);
        \tool_enrolsync\run_files::store_failed_lines($run->id, 'enrols.csv', 'cid;uid;rolename');
        foreach (['report', 'failed'] as $kind) {
            $format = \core\dataformat::get_format_instance('csv');
            $path = make_request_directory() . '/download.csv';
            $format->set_filepath($path);
            $peak = $this->peak_memory(function () use ($format, $run, $kind) {
                $format->start_output_to_file();
                report_download::write($format, $run, $kind);
                $format->close_output_to_file();
            });
            // The failed lines come last: with their reason in the report, in the file's columns
            // in the failed-lines download.
            $rows = array_slice($this->download_rows('csv', file_get_contents($path)), -$count - 2);
            $expected = $kind === 'report'
                ? fn($line) => [(string) $line, "Unknown user 'NOBODY$line'", self::failed_raw($line)]
                : fn($line) => ['MATH', "NOBODY$line", 'student', str_repeat('x', 400)];
            // The failed lines have one field more than the header: the columns are padded.
            $this->assertSame(
                $kind === 'report' ? ['Line', 'Reason', 'Line as in the file'] : ['cid', 'uid', 'rolename', ''],
                $rows[0]
            );
            $this->assertSame(
                $kind === 'report' ? ['2', "Unknown user 'NOBODY'", 'MATH;NOBODY;student'] : ['MATH', 'NOBODY', 'student', ''],
                $rows[1]
            );
            foreach (range(3, $count + 2) as $i => $line) {
                $this->assertSame($expected($line), $rows[$i + 2], "$kind: line $line");
            }
            if ($this->recordsets_stream()) {
                // Held in PHP, the lines would take tens of megabytes.
                $this->assertLessThan(8 * 1024 * 1024, $peak, "$kind: the failed lines were held in memory");
            }
        }
    }
}
