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

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\unenrol_roles::class)]
/**
 * The roles an unenrolment takes with it: predicted for a dry run as a real run then reads them.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\local\unenrol_roles
 */
final class unenrol_roles_test extends \tool_enrolsync\engine_testcase {
    /**
     * The unenrolrole rows of a run: "role shortname:line", sorted.
     *
     * @param int $runid
     * @return string[]
     */
    private function removed_roles(int $runid): array {
        global $DB;
        $rows = $DB->get_fieldset_sql(
            "SELECT " . $DB->sql_concat('r.shortname', "':'", 'ch.line') . "
               FROM {" . journal::TABLE . "} ch
               JOIN {role} r ON r.id = ch.roleid
              WHERE ch.runid = ? AND ch.op = ?",
            [$runid, journal::UNENROL_ROLE]
        );
        sort($rows);
        return $rows;
    }

    public function test_the_last_of_several_unenrolments_takes_every_role(): void {
        global $DB;
        $generator = $this->getDataGenerator();
        $math = $this->courses['MATH']->id;
        $s2 = $this->users['S2']->id;
        $generator->enrol_user($s2, $math, 'student');
        $generator->enrol_user($s2, $math, 'teacher', 'self');
        $file = "cmd;cid;uid;rolename;enrol\ndel;MATH;S2;*;manual\ndel;MATH;S2;*;self\n";

        // Whichever goes first leaves the other enrolment: it takes only the roles its method gave
        // through its instance; the second, S2's last, takes all the others.
        $dry = $this->run_file($file, ['dryrun' => true]);
        $predicted = $this->removed_roles($dry->id);
        $this->assertSame(['student', 'teacher'], array_map(fn($role) => explode(':', $role)[0], $predicted));

        $run = $this->run_file($file);
        $this->assertSame($predicted, $this->removed_roles($run->id));
        $this->assertFalse($DB->record_exists('role_assignments', ['userid' => $s2]));
    }

    public function test_an_unenrolment_that_is_not_the_last_takes_only_the_roles_its_method_gave(): void {
        global $DB;
        $generator = $this->getDataGenerator();
        $math = $this->courses['MATH']->id;
        $s2 = $this->users['S2']->id;
        $generator->enrol_user($s2, $math, 'student');
        $self = $DB->get_record('enrol', ['courseid' => $math, 'enrol' => 'self']);
        $generator->enrol_user($s2, $math, null, 'self');
        // A role the self method gave through its instance (as a plugin that protects its roles does).
        $teacher = (int) $DB->get_field('role', 'id', ['shortname' => 'teacher']);
        role_assign($teacher, $s2, \context_course::instance($math)->id, 'enrol_self', $self->id);
        $file = "cmd;cid;uid;rolename;enrol\ndel;MATH;S2;*;self\n";

        $dry = $this->run_file($file, ['dryrun' => true]);
        $this->assertSame(['teacher:2'], $this->removed_roles($dry->id));
        $run = $this->run_file($file);
        $this->assertSame(['teacher:2'], $this->removed_roles($run->id));
        $this->assertSame(['S2:student'], $this->roles('MATH'));
    }

    public function test_held_reads_the_roles_in_the_course_and_below_it_only(): void {
        global $DB;
        $generator = $this->getDataGenerator();
        $s1 = $this->users['S1']->id;
        $student = (int) $DB->get_field('role', 'id', ['shortname' => 'student']);
        $teacher = (int) $DB->get_field('role', 'id', ['shortname' => 'teacher']);
        $forum = $generator->create_module('forum', ['course' => $this->courses['MATH']->id]);
        role_assign($student, $s1, \context_course::instance($this->courses['MATH']->id)->id);
        role_assign($teacher, $s1, \context_module::instance($forum->cmid)->id);
        role_assign($teacher, $s1, \context_course::instance($this->courses['PHYS']->id)->id);

        $held = unenrol_roles::held(\context_course::instance($this->courses['MATH']->id), $s1);
        $this->assertEqualsCanonicalizing([$student, $teacher], array_map(fn($ra) => (int) $ra->roleid, array_values($held)));
        $this->assertSame([$teacher], unenrol_roles::removed($held, array_filter($held, fn($ra) => $ra->roleid == $student)));
    }
}
