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

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\admin\setting_rolemap::class)]
/**
 * The role map setting: what it accepts, and the mappings the extension gets.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\admin\setting_rolemap
 */
final class setting_rolemap_test extends \advanced_testcase {
    public function test_only_mappings_to_existing_roles_each_name_once_are_accepted(): void {
        $setting = new setting_rolemap('tool_enrolsync/rolemap', 'Role map', '');
        foreach (['', "\n\n", "Etudiant = student", "Etudiant=Student\r\nTeacher = editingteacher\n\n a=b = teacher "] as $good) {
            $this->assertTrue($setting->validate($good), json_encode($good));
        }
        $bad = [
            "Etudiant = student\nTeacher" => get_string('rolemap_badline', 'tool_enrolsync', 2),
            "= student" => get_string('rolemap_badline', 'tool_enrolsync', 1),
            "Etudiant = " => get_string('rolemap_badline', 'tool_enrolsync', 1),
            "Etudiant = student\n\nETUDIANT = teacher" => get_string('rolemap_duplicate', 'tool_enrolsync', 3),
            "Etudiant = pupil" => get_string('rolemap_unknown', 'tool_enrolsync', (object) ['line' => 1, 'shortname' => 'pupil']),
        ];
        foreach ($bad as $value => $error) {
            $this->assertSame($error, $setting->validate($value), json_encode($value));
        }
    }
}
