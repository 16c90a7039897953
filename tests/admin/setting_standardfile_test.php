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

namespace tool_enrolsync\admin;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->libdir . '/adminlib.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\admin\setting_standardfile::class)]
/**
 * The standard file setting: a path inside the command file area, never outside it.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\admin\setting_standardfile
 */
final class setting_standardfile_test extends \advanced_testcase {
    public function test_the_standard_file_setting_stays_inside_the_command_area(): void {
        $setting = new setting_standardfile('tool_enrolsync/standardfile', 'Standard file', '');
        foreach (['enrols.csv', 'sis/enrols.csv', 'a b/c-d_e.txt'] as $good) {
            $this->assertTrue($setting->validate($good), $good);
        }
        foreach (['', 'sis/', '/etc/passwd', '../enrols.csv', 'sis/../../x.csv', 'sis\\x.csv'] as $bad) {
            $this->assertIsString($setting->validate($bad), $bad);
        }
    }
}
