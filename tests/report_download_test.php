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

/**
 * The downloads of a run, and the settings' own validation.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\report_download
 * @covers     \tool_enrolsync\admin\setting_standardfile
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
        $this->assertSame([[6, "Unknown user 'NOBODY'", 'add;MATH;NOBODY;student;;;;']], $failed[1]);
    }

    public function test_the_failed_lines_come_in_the_file_own_columns(): void {
        $run = $this->run_file("cid|uid|rolename\nMATH|NOBODY|student\n\"MATH\"|\"S1|x\"|student\n");
        [[$columns, $rows]] = array_values(report_download::failed_sheets($run));
        $this->assertSame(['cid', 'uid', 'rolename'], $columns);
        $this->assertSame([['MATH', 'NOBODY', 'student'], ['MATH', 'S1|x', 'student']], $rows);

        global $DB;
        $DB->set_field('course', 'idnumber', 'M1', ['id' => $this->courses['MATH']->id]);
        $run = $this->run_file("add, student, NOBODY, M1, 0\n", ['format' => 'flatfile']);
        [[$columns, $rows]] = array_values(report_download::failed_sheets($run));
        $this->assertSame(report_download::FLATFILE_COLUMNS, $columns);
        $this->assertSame([['add', 'student', 'NOBODY', 'M1', '0', '']], $rows);
    }

    public function test_the_standard_file_setting_stays_inside_the_command_area(): void {
        $setting = new admin\setting_standardfile('tool_enrolsync/standardfile', 'Standard file', '');
        foreach (['enrols.csv', 'sis/enrols.csv', 'a b/c-d_e.txt'] as $good) {
            $this->assertTrue($setting->validate($good), $good);
        }
        foreach (['', 'sis/', '/etc/passwd', '../enrols.csv', 'sis/../../x.csv', 'sis\\x.csv'] as $bad) {
            $this->assertIsString($setting->validate($bad), $bad);
        }
    }
}
