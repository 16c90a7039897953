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
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\output\changes_table::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\journal::class)]
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
        $this->assertSame(3, preg_match_all('/<tr class="(?!emptyrow)[^"]*" id="test_r\d+"/', $html));
        $this->assertMatchesRegularExpression('/Unenrolled.*Enrolled.*Added to group/s', $html);
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
