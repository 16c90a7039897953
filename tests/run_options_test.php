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

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\run_options::class)]
/**
 * The options of a run: the settings, their defaults, what the caller overrides, and the options
 * the extension gets.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\run_options
 */
final class run_options_test extends \advanced_testcase {
    protected function setUp(): void {
        parent::setUp();
        $this->resetAfterTest();
    }

    public function test_settings_never_saved_have_their_defaults(): void {
        $options = new run_options();
        // Moodle saves the roles setting at install, as the ids of its default archetypes
        // (test_the_roles_a_run_may_assign_are_the_setting_or_the_default_archetypes).
        foreach (array_diff_key(run_options::DEFAULTS, ['roles' => 1]) as $name => $default) {
            $this->assertEquals($default, $options->get($name), $name);
            $this->assertEquals($default, run_options::setting($name), $name);
        }
        $this->assertFalse($options->dryrun || $options->force);
        $this->assertSame(0, $options->confirms);
    }

    public function test_overrides_win_over_the_settings_and_unknown_names_are_ignored(): void {
        set_config('fullsync', 1, 'tool_enrolsync');
        set_config('threshold', 25, 'tool_enrolsync');
        $options = new run_options(['threshold' => 5, 'dryrun' => true, 'nosuchsetting' => 1, 'confirms' => '7']);
        $this->assertEquals([1, 5], [$options->get('fullsync'), $options->get('threshold')]);
        $this->assertTrue($options->dryrun);
        $this->assertSame(7, $options->confirms);
        // A part of a run gets the same options whatever the settings are by then.
        set_config('threshold', 90, 'tool_enrolsync');
        $again = new run_options($options->overrides());
        $this->assertEquals(5, $again->get('threshold'));
        $this->assertSame(7, $again->confirms);
    }

    public function test_the_extension_gets_typed_options(): void {
        set_config('threshold', '12.5', 'tool_enrolsync');
        set_config('createinstances', '0', 'tool_enrolsync');
        set_config('rolemap', "Etudiant = student\n\n 1 = teacher ", 'tool_enrolsync');
        set_config('delactionflatfile', '0', 'tool_enrolsync');
        $options = new run_options(['fullsync' => '1']);
        $this->assertSame(['now' => 1700000000, 'createinstances' => false, 'enrolwhendisabled' => false, 'fullsync' => true,
            'removalaction' => 'suspend', 'threshold' => 12.5, 'force' => false,
            'rolemap' => ['Etudiant' => 'student', '1' => 'teacher'], 'delactionflatfile' => ENROL_EXT_REMOVED_UNENROL,
            'delactionnative' => run_options::DEL_TOOLSYNC], $options->plan_options(1700000000));
        $this->assertEqualsCanonicalizing(
            ['format', 'encoding', 'delimiter', 'defaultcmd', 'useridentifier', 'courseidentifier', 'defaultrole'],
            array_keys($options->read_options())
        );
        $this->assertSame(0, $options->read_options()['defaultrole']);
        set_config('defaultrole', '5', 'tool_enrolsync');
        $this->assertSame(5, (new run_options())->read_options()['defaultrole']);
        // A confirmation goes past the threshold: it then applies only the removals it was shown.
        $this->assertTrue((new run_options(['confirms' => 3]))->plan_options(0)['force']);
    }

    public function test_a_confirmation_takes_the_confirmed_run_as_it_was(): void {
        global $DB;
        $run = fn(int $dryrun) => $DB->insert_record('tool_enrolsync_runs', ['origin' => 'cli', 'filename' => 'enrols.csv',
            'contenthash' => '', 'format' => 'flatfile', 'encoding' => '', 'delimiter' => '', 'errorkey' => 'refused',
            'dryrun' => $dryrun, 'fullsync' => 1, 'status' => 'refused', 'timestarted' => time()]);
        $dry = new run_options(['confirms' => $run(1), 'format' => 'native']);
        $this->assertEquals([true, 1, 'flatfile'], [$dry->dryrun, $dry->get('fullsync'), $dry->get('format')]);
        // A real run's confirmation is real, unless the caller asks for a preview.
        $this->assertFalse((new run_options(['confirms' => $run(0)]))->dryrun);
        $this->assertTrue((new run_options(['confirms' => $run(0), 'dryrun' => true]))->dryrun);
    }

    public function test_the_roles_a_run_may_assign_are_the_setting_or_the_default_archetypes(): void {
        $ids = fn(string $archetype) => array_keys(get_archetype_roles($archetype));
        $default = (new run_options())->allowed_roles();
        sort($default);
        $expected = array_merge($ids('student'), $ids('teacher'), $ids('editingteacher'));
        sort($expected);
        $this->assertSame($expected, $default);
        $this->assertNotContains($ids('manager')[0], $default);

        set_config('roles', implode(',', $ids('manager')), 'tool_enrolsync');
        $this->assertSame($ids('manager'), (new run_options())->allowed_roles());
        // Saved with no role ticked: none, not the default ones.
        set_config('roles', '', 'tool_enrolsync');
        $this->assertSame([], (new run_options())->allowed_roles());
        // Never saved: the default archetypes.
        unset_config('roles', 'tool_enrolsync');
        $this->assertEqualsCanonicalizing($expected, (new run_options())->allowed_roles());
    }

    public function test_the_role_map_reaches_the_extension_trimmed_without_lines_that_are_not_mappings(): void {
        $this->assertSame([], (new run_options())->role_map());
        $value = " Etudiant =  student \r\n\nnot a mapping\n a=b = teacher\n= student";
        $this->assertSame(['Etudiant' => 'student', 'a=b' => 'teacher'], (new run_options(['rolemap' => $value]))->role_map());
        $this->assertSame(
            [1 => ['Etudiant', 'student'], 3 => ['', ''], 4 => ['a=b', 'teacher'], 5 => ['', 'student']],
            run_options::role_mappings($value)
        );
    }

    public function test_the_switch_settings_default_to_what_the_tools_they_replace_do(): void {
        $this->assertSame('', run_options::DEFAULTS['rolemap']);
        $this->assertSame(0, run_options::DEFAULTS['defaultrole']);
        // The del of tool_sync for native files, enrol_flatfile's default unenrol action for flat files.
        $this->assertSame(-1, run_options::DEFAULTS['delactionnative']);
        $this->assertSame(ENROL_EXT_REMOVED_SUSPENDNOROLES, run_options::DEFAULTS['delactionflatfile']);
        // Installed on a site whose enrol_flatfile has its defaults: the same, from it.
        $this->assertSame('', get_config('tool_enrolsync', 'rolemap'));
        $this->assertEquals(ENROL_EXT_REMOVED_SUSPENDNOROLES, get_config('tool_enrolsync', 'delactionflatfile'));
        $options = (new run_options())->plan_options(0);
        $this->assertSame(
            [[], ENROL_EXT_REMOVED_SUSPENDNOROLES, -1],
            [$options['rolemap'], $options['delactionflatfile'], $options['delactionnative']]
        );
    }
}
