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

namespace tool_enrolsync\task;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\task\sync_task::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\report_text::class)]
/**
 * What the scheduled task writes to its log (run_files_test covers what it runs and moves).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\task\sync_task
 * @covers     \tool_enrolsync\local\report_text
 */
final class sync_task_test extends \tool_enrolsync\engine_testcase {
    public function test_the_log_shows_the_first_100_failed_lines_and_how_many_more(): void {
        global $DB;
        $lines = array_map(fn($i) => "MATH;NOBODY$i;student", range(1, 150));
        $this->put_command_file('enrols.csv', "cid;uid;rolename\n" . implode("\n", $lines) . "\nMATH;S1;student\n");
        $sink = $this->redirectMessages();

        $output = $this->execute_task(new sync_task());

        $shown = array_values(preg_grep('/^  line \d+: /', explode("\n", $output)));
        $this->assertCount(100, $shown);
        $this->assertSame("  line 2: Unknown user 'NOBODY1': MATH;NOBODY1;student", $shown[0]);
        $this->assertSame("  line 101: Unknown user 'NOBODY100': MATH;NOBODY100;student", $shown[99]);
        $this->assertStringContainsString("  ... and 50 more failed lines: the run's report lists them all.", $output);
        // The report has them all.
        $this->assertEquals(150, $DB->count_records('tool_enrolsync_lines'));
        // So does the administrators' message, which quotes fewer.
        [$report] = array_values(array_filter($sink->get_messages(), fn($m) => $m->eventtype === 'runreport'));
        $this->assertSame(20, preg_match_all('/^  line \d+: /m', $report->fullmessage));
        $this->assertStringContainsString('... and 130 more failed lines', $report->fullmessage);
    }

    public function test_a_run_with_few_failed_lines_shows_them_all(): void {
        $this->put_command_file('enrols.csv', "cid;uid;rolename\nMATH;NOBODY;student\nMATH;S1;student\n");
        $output = $this->execute_task(new sync_task());
        $this->assertStringContainsString("  line 2: Unknown user 'NOBODY': MATH;NOBODY;student", $output);
        $this->assertStringNotContainsString('more failed lines', $output);
    }
}
