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

require_once(__DIR__ . '/../engine_testcase.php');

use tool_enrolsync\run_report;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\state_reader::class)]
/**
 * Who and what a line names (spec §3): both formats, every identifier setting, and the lines that
 * name nobody, several people, a deleted or remote user, or a role, method or group that will
 * not do; every group command (spec §4). How a file's keys match the site's users and courses,
 * the same on every database: PostgreSQL
 * compares text with case and accents, MariaDB's utf8mb4_unicode_ci without either. The rule
 * (README, "Matching"): usernames as Moodle stores them (lower case), e-mail addresses without
 * case, idnumbers and short names exactly; a key several users have is a line error. And the
 * chunked queries close their recordsets, also when a row cannot be used.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\local\state_reader
 */
final class state_reader_test extends \tool_enrolsync\engine_testcase {
    /**
     * The failed lines of a run: line number => error key.
     *
     * @param \stdClass $run
     * @return string[]
     */
    private function failures(\stdClass $run): array {
        return array_column(run_report::failed_lines($run->id), 'key', 'line');
    }

    public function test_user_idnumbers_match_exactly(): void {
        $generator = $this->getDataGenerator();
        $generator->create_user(['idnumber' => 'u001']);
        $generator->create_user(['idnumber' => 'X1']);
        $generator->create_user(['idnumber' => 'x1']);
        $generator->create_user(['idnumber' => 'é2']);
        $run = $this->run_file("cid;uid;rolename\n" .
            "MATH;U001;student\n" .  // Only u001 exists.
            "MATH;u001;student\n" .
            "MATH;x1;student\n" .    // X1 and x1 are two users, not one ambiguous key.
            "MATH;e2;student\n" .    // Only é2 exists.
            "MATH;É2;student\n");
        $this->assertSame([2 => 'unknownuser', 5 => 'unknownuser', 6 => 'unknownuser'], $this->failures($run));
        $this->assertSame(['u001' => 0, 'x1' => 0], $this->enrolments('MATH'));
    }

    public function test_course_short_names_and_idnumbers_match_exactly(): void {
        $generator = $this->getDataGenerator();
        $chem = $generator->create_course(['shortname' => 'CHÉM', 'idnumber' => 'c-001']);
        $this->courses['CHÉM'] = $chem;
        $file = "cid;uid;rolename\nCHEM;S1;student\nchém;S1;student\nCHÉM;S2;student\n";
        $run = $this->run_file($file, ['courseidentifier' => 'shortname']);
        $this->assertSame([2 => 'unknowncourse', 3 => 'unknowncourse'], $this->failures($run));
        $this->assertSame(['S2' => 0], $this->enrolments('CHÉM'));

        $run = $this->run_file("cid;uid;rolename\nC-001;S1;student\nc-001;S3;student\n", ['courseidentifier' => 'idnumber']);
        $this->assertSame([2 => 'unknowncourse'], $this->failures($run));
        $this->assertSame(['S2' => 0, 'S3' => 0], $this->enrolments('CHÉM'));
    }

    public function test_usernames_match_in_any_case_as_moodle_stores_them_in_lower_case(): void {
        $this->getDataGenerator()->create_user(['username' => 'jdupont', 'idnumber' => 'JD']);
        $file = "cid;uid;rolename\nMATH;JDupont;student\nPHYS;JDUPONT;student\nPHYS;jdupond;student\n";
        $run = $this->run_file($file, ['useridentifier' => 'username']);
        $this->assertSame([4 => 'unknownuser'], $this->failures($run));
        $this->assertSame(['JD' => 0], $this->enrolments('MATH'));
        $this->assertSame(['JD' => 0], $this->enrolments('PHYS'));
    }

    public function test_emails_match_in_any_case_but_with_their_accents(): void {
        $generator = $this->getDataGenerator();
        $generator->create_user(['email' => 'Marie.Curie@Example.ORG', 'idnumber' => 'MC']);
        $generator->create_user(['email' => 'josé@example.org', 'idnumber' => 'JO']);
        $file = "cid;uid;rolename\n" .
            "MATH;marie.curie@example.org;student\n" .
            "PHYS;MARIE.CURIE@EXAMPLE.ORG;student\n" .
            "MATH;jose@example.org;student\n" .  // Only josé exists.
            "PHYS;JOSÉ@example.org;student\n";
        $run = $this->run_file($file, ['useridentifier' => 'email']);
        $this->assertSame([4 => 'unknownuser'], $this->failures($run));
        $this->assertSame(['MC' => 0], $this->enrolments('MATH'));
        $this->assertSame(['JO' => 0, 'MC' => 0], $this->enrolments('PHYS'));
    }

    public function test_a_key_several_users_have_is_a_line_error(): void {
        set_config('allowaccountssameemail', 1);
        $generator = $this->getDataGenerator();
        $generator->create_user(['email' => 'twin@example.org', 'idnumber' => 'TW']);
        $generator->create_user(['email' => 'twin@example.org', 'idnumber' => 'TW']);
        $generator->create_user(['email' => 'TWIN@example.org', 'idnumber' => 'TW3']);
        $run = $this->run_file("cid;uid;rolename\nMATH;Twin@Example.org;student\n", ['useridentifier' => 'email']);
        $this->assertSame([2 => 'ambiguoususer'], $this->failures($run));
        $run = $this->run_file("cid;uid;rolename\nMATH;TW;student\nMATH;TW3;student\n");
        $this->assertSame([2 => 'ambiguoususer'], $this->failures($run));
        $this->assertSame(['TW3' => 0], $this->enrolments('MATH'));
    }

    public function test_a_recordset_is_closed_when_its_rows_throw(): void {
        $recordset = new class extends \moodle_recordset {
            /** @var bool */
            public bool $closed = false;
            /** @var int */
            private int $row = 0;

            /**
             * One row.
             *
             * @return \stdClass
             */
            public function current(): \stdClass {
                return (object) ['id' => 1];
            }

            /**
             * The row's number.
             *
             * @return int
             */
            public function key(): int {
                return $this->row;
            }

            /**
             * The next row.
             */
            public function next(): void {
                $this->row++;
            }

            /**
             * Whether there is a row.
             *
             * @return bool
             */
            public function valid(): bool {
                return $this->row < 1;
            }

            /**
             * Closes it.
             */
            public function close() {
                $this->closed = true;
            }
        };
        $eachchunk = new \ReflectionMethod(state_reader::class, 'each_chunk');
        try {
            $eachchunk->invoke(null, [1], fn() => $recordset, fn() => throw new \coding_exception('bad row'));
            $this->fail('no exception');
        } catch (\coding_exception $e) {
            $this->assertStringContainsString('bad row', $e->getMessage());
        }
        $this->assertTrue($recordset->closed);
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
     * Each user identifier setting finds users by its field, and only them.
     *
     * @dataProvider user_identifiers
     * @param string $setting
     * @param string $field
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('user_identifiers')]
    public function test_users_are_found_by_each_identifier(string $setting, string $field): void {
        $s1 = $this->users['S1']->$field;
        $s2 = $this->users['S2']->$field;
        if ($setting === 'email') {
            $s2 = strtoupper($s2);
        }
        $nobody = $setting === 'id' ? 99999999 : 'zz-nobody';
        $run = $this->run_file(
            "cid;uid;rolename\nMATH;$s1;student\nMATH;$s2;student\nMATH;$nobody;student\n",
            ['useridentifier' => $setting]
        );
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
     * Each course identifier setting finds courses by its field, and never the site course.
     *
     * @dataProvider course_identifiers
     * @param string $setting
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('course_identifiers')]
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

        // A flat file's del does what enrol_flatfile's unenrol action says: by default, suspend and
        // remove the roles.
        $run = $this->run_file("del, student, S1, C-MATH\n");
        $this->assertSame(['S1' => 1, 'T1' => 0], $this->enrolments('MATH'));
        $this->assertSame(['T1:editingteacher'], $this->roles('MATH'));
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
        $this->assertSame(
            [2 => 'rolenotassignable', 3 => 'unknownrole', 4 => 'unknownmethod', 5 => 'unknowngroup'],
            $this->failures($run)
        );
        $this->assertSame(['S2' => 0, 'S3' => 0], $this->enrolments('MATH'));
        $this->assertSame(['Lab' => ['S3']], $this->group_members('MATH'));
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
        $this->assertSame(['A' => ['S1', 'S2'], 'B' => ['S1'], 'C' => ['S3']], $this->group_members('MATH'));

        $run = $this->run_file("cid;uid;rolename;gcmd;g1;g2\n" .
            "MATH;S1;student;greplace;C;\n" .          // Out of A and B, into C.
            "MATH;S2;student;greplacecreate;D;B\n" .    // Out of A, into a new D and B.
            "MATH;S3;student;gdel;C;\n" .               // Out of C.
            "MATH;T1;student;gaddcreate;E;\n" .         // Enrolled, then into a new E.
            "MATH;S1;student;greplace;A;Nowhere\n");    // An unknown group: no group changes, S1 stays in C.
        $this->assertSame(['A' => [], 'B' => ['S2'], 'C' => ['S1'], 'D' => ['S2'], 'E' => ['T1']], $this->group_members('MATH'));
        $this->assertSame([6 => 'unknowngroup'], $this->failures($run));
    }
}
