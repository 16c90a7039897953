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
 * Who and what a line names (spec §3): both formats, every identifier setting, and the lines that
 * name nobody, several people, a deleted or remote user, or a role, method or group that will
 * not do; and every group command (spec §4).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\local\state_reader
 * @covers     \tool_enrolsync\engine
 */
final class identity_test extends engine_testcase {
    /**
     * The failed lines of a run: line number => error key.
     *
     * @param \stdClass $run
     * @return string[]
     */
    private function failures(\stdClass $run): array {
        return array_column(run_report::failed_lines($run->id), 'key', 'line');
    }

    /**
     * Every user identifier setting, with the field its values come from.
     *
     * @return array
     */
    public static function user_identifiers(): array {
        return ['id' => ['id', 'id'], 'idnumber' => ['idnumber', 'idnumber'], 'username' => ['username', 'username'],
            'email, any case' => ['email', 'email']];
    }

    /**
     * @dataProvider user_identifiers
     * @param string $setting
     * @param string $field
     */
    public function test_users_are_found_by_each_identifier(string $setting, string $field): void {
        $s1 = $this->users['S1']->$field;
        $s2 = $this->users['S2']->$field;
        if ($setting === 'email') {
            $s2 = strtoupper($s2);
        }
        $nobody = $setting === 'id' ? 99999999 : 'zz-nobody';
        $run = $this->run_file("cid;uid;rolename\nMATH;$s1;student\nMATH;$s2;student\nMATH;$nobody;student\n",
            ['useridentifier' => $setting]);
        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('MATH'));
        $this->assertSame([4 => 'unknownuser'], $this->failures($run));
    }

    /**
     * Every course identifier setting.
     *
     * @return array
     */
    public static function course_identifiers(): array {
        return ['id' => ['id'], 'idnumber' => ['idnumber'], 'shortname' => ['shortname']];
    }

    /**
     * @dataProvider course_identifiers
     * @param string $setting
     */
    public function test_courses_are_found_by_each_identifier(string $setting): void {
        global $DB;
        $DB->set_field('course', 'idnumber', 'C-MATH', ['id' => $this->courses['MATH']->id]);
        $math = $DB->get_field('course', $setting, ['id' => $this->courses['MATH']->id]);
        $site = $DB->get_field('course', $setting, ['id' => SITEID]);
        $nowhere = $setting === 'id' ? 99999999 : 'zz-nowhere';
        $lines = "cid;uid;rolename\n$math;S1;student\n$nowhere;S1;student\n";
        $run = $this->run_file($lines . ($site !== '' ? "$site;S2;student\n" : ''), ['courseidentifier' => $setting]);
        $this->assertSame(['S1' => 0], $this->enrolments('MATH'));
        // The site course is never a target, whatever names it.
        $this->assertSame([3 => 'unknowncourse'] + ($site !== '' ? [4 => 'sitecourse'] : []), $this->failures($run));
    }

    public function test_a_flat_file_names_users_and_courses_by_idnumber(): void {
        global $DB;
        $DB->set_field('course', 'idnumber', 'C-MATH', ['id' => $this->courses['MATH']->id]);
        $start = make_timestamp(2026, 9, 1);
        $run = $this->run_file("add, student, S1, C-MATH, $start, 0\nadd, editingteacher, T1, C-MATH\n" .
            "add, student, S2, MATH\n", ['useridentifier' => 'username', 'courseidentifier' => 'shortname']);
        $this->assertEquals(['flatfile', ','], [$run->format, $run->delimiter]);
        $this->assertSame(['S1' => 0, 'T1' => 0], $this->enrolments('MATH'));
        $this->assertSame(['S1:student', 'T1:editingteacher'], $this->roles('MATH'));
        $this->assertEquals($start, $DB->get_field('user_enrolments', 'timestart', ['userid' => $this->users['S1']->id]));
        $this->assertSame([3 => 'unknowncourse'], $this->failures($run));

        $run = $this->run_file("del, student, S1, C-MATH\n");
        $this->assertSame(['T1' => 0], $this->enrolments('MATH'));
    }

    public function test_an_email_shared_by_two_users_is_ambiguous_never_a_guess(): void {
        set_config('allowaccountssameemail', 1);
        $generator = $this->getDataGenerator();
        $generator->create_user(['email' => 'twin@example.com', 'idnumber' => 'TW1']);
        $generator->create_user(['email' => 'Twin@Example.com', 'idnumber' => 'TW2']);
        $run = $this->run_file("cid;uid;rolename\nMATH;twin@example.com;student\n", ['useridentifier' => 'email']);
        $this->assertSame([], $this->enrolments('MATH'));
        $this->assertSame([2 => 'ambiguoususer'], $this->failures($run));
    }

    public function test_deleted_and_remote_users_never_match(): void {
        global $DB;
        delete_user($this->users['S3']);
        $remote = $this->getDataGenerator()->create_user(['idnumber' => 'R1', 'mnethostid' => 9999]);
        $run = $this->run_file("cid;uid;rolename\nMATH;{$this->users['S3']->id};student\nMATH;{$remote->id};student\n" .
            "MATH;{$this->users['S1']->id};student\n", ['useridentifier' => 'id']);
        $this->assertSame(['S1' => 0], $this->enrolments('MATH'));
        $this->assertSame([2 => 'unknownuser', 3 => 'unknownuser'], $this->failures($run));
        $this->assertFalse($DB->record_exists('user_enrolments', ['userid' => $remote->id]));
    }

    public function test_a_suspended_user_is_enrolled_all_the_same(): void {
        $this->getDataGenerator()->create_user(['idnumber' => 'SUS', 'suspended' => 1]);
        $run = $this->run_file("cid;uid;rolename\nMATH;SUS;student\n");
        $this->assertSame(['SUS' => 0], $this->enrolments('MATH'));
        $this->assertEquals(1, $run->applied);
    }

    public function test_roles_methods_and_groups_that_will_not_do_fail_their_line(): void {
        $this->getDataGenerator()->create_group(['courseid' => $this->courses['MATH']->id, 'name' => 'Lab']);
        $run = $this->run_file("cid;uid;rolename;enrol;gcmd;g1\n" .
            "MATH;S1;coursecreator;;;\n" .   // Assignable at category level only.
            "MATH;S1;nosuchrole;;;\n" .
            "MATH;S1;student;nosuchmethod;;\n" .
            "MATH;S2;student;;gadd;Kitchen\n" . // Enrolled all the same: only the group part fails.
            "MATH;S3;student;;gadd;Lab\n");
        $this->assertSame([2 => 'rolenotassignable', 3 => 'unknownrole', 4 => 'unknownmethod', 5 => 'unknowngroup'],
            $this->failures($run));
        $this->assertSame(['S2' => 0, 'S3' => 0], $this->enrolments('MATH'));
        $this->assertSame(['Lab' => ['S3']], $this->groups('MATH'));
    }

    public function test_a_disabled_method_fails_unless_the_setting_allows_it(): void {
        set_config('enrol_plugins_enabled', 'self');
        $run = $this->run_file("cid;uid;rolename\nMATH;S1;student\n");
        $this->assertSame([2 => 'methoddisabled'], $this->failures($run));
        $this->assertSame([], $this->enrolments('MATH'));

        $run = $this->run_file("cid;uid;rolename\nMATH;S1;student\n", ['enrolwhendisabled' => 1]);
        $this->assertSame(['S1' => 0], $this->enrolments('MATH'));
    }

    public function test_a_missing_instance_is_created_when_the_setting_allows_it(): void {
        global $DB;
        foreach ($DB->get_records('enrol', ['courseid' => $this->courses['MATH']->id, 'enrol' => 'manual']) as $instance) {
            enrol_get_plugin('manual')->delete_instance($instance);
        }
        $run = $this->run_file("cid;uid;rolename\nMATH;S1;student\n", ['createinstances' => 0]);
        $this->assertSame([2 => 'noinstance'], $this->failures($run));

        $run = $this->run_file("cid;uid;rolename\nMATH;S1;student\nMATH;S2;student\n");
        $this->assertEquals(['createinstance' => 1, 'enrol' => 2], json_decode($run->operations, true));
        $this->assertEquals(1, $DB->count_records('enrol', ['courseid' => $this->courses['MATH']->id, 'enrol' => 'manual']));
        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('MATH'));
    }

    public function test_every_group_command(): void {
        $generator = $this->getDataGenerator();
        foreach (['A', 'B', 'C'] as $name) {
            $generator->create_group(['courseid' => $this->courses['MATH']->id, 'name' => $name]);
        }
        $this->run_file("cid;uid;rolename;gcmd;g1;g2\nMATH;S1;student;gadd;A;B\nMATH;S2;student;gadd;A;\n" .
            "MATH;S3;student;gadd;C;\n");
        $this->assertSame(['A' => ['S1', 'S2'], 'B' => ['S1'], 'C' => ['S3']], $this->groups('MATH'));

        $run = $this->run_file("cid;uid;rolename;gcmd;g1;g2\n" .
            "MATH;S1;student;greplace;C;\n" .          // Out of A and B, into C.
            "MATH;S2;student;greplacecreate;D;B\n" .    // Out of A, into a new D and B.
            "MATH;S3;student;gdel;C;\n" .               // Out of C.
            "MATH;T1;student;gaddcreate;E;\n" .         // Enrolled, then into a new E.
            "MATH;S1;student;greplace;A;Nowhere\n");    // An unknown group: no group changes, S1 stays in C.
        $this->assertSame(['A' => [], 'B' => ['S2'], 'C' => ['S1'], 'D' => ['S2'], 'E' => ['T1']], $this->groups('MATH'));
        $this->assertSame([6 => 'unknowngroup'], $this->failures($run));
    }
}
