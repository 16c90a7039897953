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

namespace tool_enrolsync\output;

use tool_enrolsync\local\journal;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\output\changes_table::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\journal::class)]
/**
 * The list of changes as a table: the search by user and course across runs, and what comes
 * from the file escaped.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\output\changes_table
 * @covers     \tool_enrolsync\local\journal
 */
final class changes_table_test extends \tool_enrolsync\engine_testcase {
    public function test_the_changes_of_a_user_or_a_course_are_found_across_runs(): void {
        global $DB, $PAGE;
        $this->run_file(self::FILE);
        $this->run_file("cmd;cid;uid;rolename\ndel;MATH;S1;*\n");
        $DB->set_field('user', 'email', 'ann.smith@example.org', ['id' => $this->users['S1']->id]);

        $this->assertSame([(int) $this->users['S1']->id], journal::find_users('ANN.SMITH'));
        $this->assertSame([(int) $this->users['S1']->id], journal::find_users('S1'));
        $this->assertSame([(int) $this->courses['PHYS']->id], journal::find_courses('phys'));
        $this->assertSame([], journal::find_users('nobody at all'));

        // Who removed S1 from MATH? The table answers, newest run first.
        $PAGE->set_url('/admin/tool/enrolsync/changes.php');
        $table = new changes_table(
            'test',
            new \moodle_url('/admin/tool/enrolsync/changes.php'),
            ['userids' => journal::find_users('S1'), 'courseids' => journal::find_courses('MATH')]
        );
        ob_start();
        $table->out(10, false);
        $html = ob_get_clean();
        // The unenrolment took S1's role with it (S1's last enrolment in MATH).
        $this->assertSame(4, preg_match_all('/<tr class="(?!emptyrow)[^"]*" id="test_r\d+"/', $html));
        $this->assertMatchesRegularExpression('/Unenrolled.*Role removed with the enrolment.*Enrolled.*Added to group/s', $html);
        // Nothing found is nothing shown.
        $none = new changes_table(
            'none',
            new \moodle_url('/admin/tool/enrolsync/changes.php'),
            ['userids' => []]
        );
        ob_start();
        $none->out(10, false);
        $this->assertStringContainsString(get_string('nothingtodisplay'), ob_get_clean());
    }

    public function test_a_file_value_in_the_list_is_escaped_on_the_page_and_in_html_downloads(): void {
        global $PAGE;
        $run = $this->run_file("cid;uid;rolename;gcmd;g1\nMATH;S1;student;gaddcreate;<b>Lab</b>\n");
        $PAGE->set_url('/admin/tool/enrolsync/changes.php');
        $table = new changes_table(
            'test',
            new \moodle_url('/admin/tool/enrolsync/changes.php'),
            ['runid' => $run->id]
        );
        ob_start();
        $table->out(10, false);
        $html = ob_get_clean();
        $this->assertStringContainsString('&lt;b&gt;Lab&lt;/b&gt;', $html);
        $this->assertStringNotContainsString('<b>Lab</b>', $html);
    }

    /**
     * Downloads a list of changes as the page does, through a CSV writer whose output goes to a
     * file a chunk at a time (nothing of it is kept in memory).
     *
     * @param array $filters
     * @param string $path where the download goes
     * @return changes_table the table, once its download is written
     */
    private function download_changes(array $filters, string $path): changes_table {
        global $PAGE;
        $PAGE->set_url('/admin/tool/enrolsync/changes.php');
        $table = new changes_table('tool_enrolsync_changes', new \moodle_url('/admin/tool/enrolsync/changes.php'), $filters);
        $table->is_downloadable(true);
        $out = fopen($path, 'w');
        ob_start(function (string $chunk) use ($out) {
            fwrite($out, $chunk);
            return '';
        }, 65536);
        try {
            // The document starts here (with its byte order mark).
            $table->is_downloading('csv', 'changes');
            // What out() does, but the end: closing the document ends the request.
            $table->setup();
            $table->query_db(1000, false);
            $this->assertInstanceOf(\moodle_recordset::class, $table->rawdata, 'a download reads its rows as a stream');
            $table->build_table();
            $table->close_recordset();
            $table->finish_output(false);
        } finally {
            ob_end_flush();
            fclose($out);
        }
        return $table;
    }

    public function test_a_download_of_every_change_streams_each_row_of_every_run(): void {
        global $DB;
        $run = $this->run_file(self::FILE);
        $this->run_file("cmd;cid;uid;rolename\ndel;MATH;S1;*\n");
        // As many more as a large run leaves, with the first change's course and user.
        $first = $DB->get_records(journal::TABLE, ['runid' => $run->id], 'id', '*', 0, 1);
        $first = (array) reset($first);
        unset($first['id']);
        $count = 20000;
        $extra = [];
        for ($line = 1001; $line < 1001 + $count; $line++) {
            $extra[] = ['line' => $line, 'op' => 'addmember', 'roleid' => 0, 'groupname' => str_repeat('g', 200) . $line] + $first;
        }
        journal::insert($extra);
        unset($extra);
        $total = $DB->count_records(journal::TABLE);

        $path = make_request_directory() . '/changes.csv';
        $peak = $this->peak_memory(fn() => $this->download_changes([], $path));

        $handle = fopen($path, 'r');
        $header = fgetcsv($handle, null, ',', '"', '');
        $this->assertSame("\u{FEFF}Run", $header[0]);
        $header[0] = 'Run';
        $lines = [];
        $rows = 0;
        while (($row = fgetcsv($handle, null, ',', '"', '')) !== false) {
            $rows++;
            $fields = array_combine($header, $row);
            $lines[$fields['Line']] = ($lines[$fields['Line']] ?? 0) + 1;
            if ($fields['Line'] === '1001') {
                $this->assertSame(
                    [(string) $run->id, 'enrols.csv', 'Added to group', 'MATH', str_repeat('g', 200) . '1001'],
                    [$fields['Run'], $fields['File'], $fields['Change'], $fields['Course'], $fields['Role or group']]
                );
            }
        }
        fclose($handle);
        // Every change, once: the generated ones, and those of both runs.
        $this->assertSame($total, $rows);
        $this->assertSame(array_fill(1001, $count, 1), array_intersect_key($lines, array_fill(1001, $count, 1)));
        if ($this->recordsets_stream()) {
            // Held in PHP, the rows would take tens of megabytes.
            $this->assertLessThan(8 * 1024 * 1024, $peak, 'the download held every row in memory');
        }
    }

    public function test_the_history_chart_shows_the_last_runs_with_their_removals(): void {
        $this->assertNull(history_chart::make());
        $this->run_file(self::FILE);
        $this->run_file("cid;uid;rolename\nMATH;S1;student\nMATH;NOBODY;student\n", ['fullsync' => 1, 'threshold' => 100]);
        $chart = history_chart::make();
        $this->assertCount(2, $chart->get_labels());
        $series = [];
        foreach ($chart->get_series() as $one) {
            $series[$one->get_label()] = $one->get_values();
        }
        $this->assertSame([4, 0], $series[get_string('chart_applied', 'tool_enrolsync')]);
        $this->assertSame([0, 1], $series[get_string('chart_unchanged', 'tool_enrolsync')]);
        $this->assertSame([0, 1], $series[get_string('chart_failed', 'tool_enrolsync')]);
        // S2 and T1 were suspended in MATH, S1 in PHYS.
        $this->assertSame([0, 3], $series[get_string('chart_removed', 'tool_enrolsync')]);
    }
}
