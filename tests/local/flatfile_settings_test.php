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

namespace tool_enrolsync\local;

defined('MOODLE_INTERNAL') || die();

global $CFG;
require_once($CFG->libdir . '/adminlib.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\flatfile_settings::class)]
/**
 * enrol_flatfile's settings in this tool's terms, and taking them over where they are not set.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\local\flatfile_settings
 */
final class flatfile_settings_test extends \advanced_testcase {
    protected function setUp(): void {
        parent::setUp();
        $this->resetAfterTest();
    }

    /**
     * A role's id by its archetype.
     *
     * @param string $archetype
     * @return int
     */
    private static function role(string $archetype): int {
        return (int) array_key_first(get_archetype_roles($archetype));
    }

    public function test_the_role_map_holds_the_names_that_are_not_shortnames(): void {
        // The install of enrol_flatfile maps every role to its shortname: nothing to say.
        $this->assertSame('', flatfile_settings::role_map());
        set_config('map_' . self::role('student'), ' Etudiant ', 'enrol_flatfile');
        set_config('map_' . self::role('editingteacher'), 'TEACHER', 'enrol_flatfile');
        // Another role named the same: enrol_flatfile keeps the first, by id.
        set_config('map_' . self::role('teacher'), 'teacher', 'enrol_flatfile');
        // A role files cannot name there.
        set_config('map_' . self::role('manager'), '', 'enrol_flatfile');
        // The same name in another case is its shortname still.
        set_config('map_' . self::role('guest'), 'GUEST', 'enrol_flatfile');
        $this->assertSame("TEACHER = editingteacher\nEtudiant = student", flatfile_settings::role_map());
        $setting = new \tool_enrolsync\admin\setting_rolemap('tool_enrolsync/rolemap', '', '');
        $this->assertTrue($setting->validate(flatfile_settings::role_map()));
    }

    public function test_the_unenrol_action_is_enrol_flatfiles_or_its_default(): void {
        foreach ([ENROL_EXT_REMOVED_UNENROL, ENROL_EXT_REMOVED_KEEP, ENROL_EXT_REMOVED_SUSPENDNOROLES] as $action) {
            set_config('unenrolaction', $action, 'enrol_flatfile');
            $this->assertSame($action, flatfile_settings::unenrol_action());
        }
        unset_config('unenrolaction', 'enrol_flatfile');
        $this->assertSame(ENROL_EXT_REMOVED_SUSPENDNOROLES, flatfile_settings::unenrol_action());
        set_config('unenrolaction', 'nonsense', 'enrol_flatfile');
        $this->assertSame(ENROL_EXT_REMOVED_SUSPENDNOROLES, flatfile_settings::unenrol_action());
    }

    public function test_apply_takes_enrol_flatfiles_settings_over_only_where_none_is_set(): void {
        set_config('unenrolaction', ENROL_EXT_REMOVED_UNENROL, 'enrol_flatfile');
        set_config('map_' . self::role('student'), 'Learner', 'enrol_flatfile');
        // An administrator's choice stays.
        set_config('rolemap', 'Pupil = student', 'tool_enrolsync');
        set_config('delactionflatfile', ENROL_EXT_REMOVED_KEEP, 'tool_enrolsync');
        flatfile_settings::apply();
        $this->assertSame('Pupil = student', get_config('tool_enrolsync', 'rolemap'));
        $this->assertEquals(ENROL_EXT_REMOVED_KEEP, get_config('tool_enrolsync', 'delactionflatfile'));
        // Not set yet (the install, the upgrade that added them): enrol_flatfile's.
        unset_config('rolemap', 'tool_enrolsync');
        unset_config('delactionflatfile', 'tool_enrolsync');
        flatfile_settings::apply();
        $this->assertSame('Learner = student', get_config('tool_enrolsync', 'rolemap'));
        $this->assertEquals(ENROL_EXT_REMOVED_UNENROL, get_config('tool_enrolsync', 'delactionflatfile'));
    }
}
