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

use tool_enrolsync\engine;
use tool_enrolsync\run_options;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\journal::class)]
/**
 * The list of changes of every run: what each operation records, a dry run as the exact preview
 * of a real run, runs in parts.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\local\journal
 */
final class journal_test extends \tool_enrolsync\engine_testcase {
    /** A file with every kind of change on the site of engine_testcase, once S1..S3 are in MATH. */
    const EVERY_KIND = "cmd;cid;uid;rolename;enrol;starttime;gcmd;g1\n" .
        "add;MATH;T1;editingteacher;;;gaddcreate;Lab\n" .
        "add;MATH;S1;student;;2026-09-01;;\n" .
        "shift;MATH;S2;teacher;;;gdel;Old\n" .
        "del;MATH;S3;*;;;;\n" .
        "add;PHYS;S1;student;;;;\n";

    /**
     * S1..S3 in MATH (S2 in the group Old, S3 as a student only), PHYS without its manual
     * enrolment method.
     */
    private function prepare_site(): void {
        $generator = $this->getDataGenerator();
        $math = $this->courses['MATH']->id;
        foreach (['S1', 'S2', 'S3'] as $idnumber) {
            $generator->enrol_user($this->users[$idnumber]->id, $math, 'student');
        }
        $old = $generator->create_group(['courseid' => $math, 'name' => 'Old']);
        $generator->create_group_member(['groupid' => $old->id, 'userid' => $this->users['S2']->id]);
        // PHYS has no manual instance: the run adds one.
        global $DB;
        $DB->delete_records('enrol', ['courseid' => $this->courses['PHYS']->id, 'enrol' => 'manual']);
        $this->run_file("cmd;cid;uid;rolename\nadd;MATH;S1;student\n");
    }

    /**
     * The changes of a run: "line op course user role/group method result", in the order made.
     *
     * @param int $runid
     * @return string[]
     */
    private function changes(int $runid): array {
        return array_map(fn($c) => preg_replace('/ +/', ' ', implode(' ', [$c['line'], $c['change'], $c['course'],
            $c['user'], $c['role'] . $c['group'], $c['method'], $c['result']])), journal::listing($runid, 100));
    }

    public function test_each_operation_records_what_and_why(): void {
        $this->prepare_site();
        $run = $this->run_file(self::EVERY_KIND);

        $changes = $this->changes($run->id);
        sort($changes);
        $this->assertSame([
            '2 addmember MATH T1 Lab done',
            '2 creategroup MATH Lab done',
            '2 enrol MATH T1 editingteacher manual done',
            '3 update MATH S1 manual done',
            '4 assign MATH S2 teacher done',
            '4 removemember MATH S2 Old done',
            '4 unassign MATH S2 student done',
            '5 unenrol MATH S3 manual done',
            // S3's last enrolment in MATH: Moodle takes its role with it.
            '5 unenrolrole MATH S3 student manual done',
            '6 createinstance PHYS manual done',
            '6 enrol PHYS S1 student manual done',
        ], $changes);
        // The instance and group the run created are named by the ids they got.
        global $DB;
        $created = $DB->get_record(journal::TABLE, ['runid' => $run->id, 'op' => 'createinstance']);
        $this->assertEquals(
            $DB->get_field('enrol', 'id', ['courseid' => $this->courses['PHYS']->id, 'enrol' => 'manual']),
            $created->enrolid
        );
        $this->assertEquals($created->enrolid, $DB->get_field(journal::TABLE, 'enrolid', ['runid' => $run->id,
            'op' => 'enrol', 'courseid' => $this->courses['PHYS']->id]));
    }

    public function test_the_journal_knows_every_operation_the_extension_plans(): void {
        // The journal lists operations without the extension loaded (pages, privacy): its list
        // must be the extension's own, in any order, and the roles an unenrolment takes with it.
        $plan = \EnrolSync\File::from_string("cid;uid;rolename\nC1;u1;student\n", [])->plan(new \EnrolSync\Snapshot(), []);
        $names = array_keys($plan->summary()['operations']);
        sort($names);
        $ours = journal::PLAN_OPERATIONS;
        sort($ours);
        $this->assertSame($names, $ours);
        // The roles an unenrolment takes with it, and a take-over's operations, come on top.
        $this->assertSame(
            array_merge(journal::PLAN_OPERATIONS, [journal::UNENROL_ROLE], journal::TAKEOVER_OPERATIONS),
            journal::OPERATIONS
        );
    }

    public function test_a_dry_run_lists_exactly_what_a_real_run_then_does(): void {
        $this->prepare_site();
        $dry = $this->run_file(self::EVERY_KIND, ['dryrun' => true]);
        $real = $this->run_file(self::EVERY_KIND);

        $planned = str_replace(' planned', '', $this->changes($dry->id));
        $done = str_replace(' done', '', $this->changes($real->id));
        $this->assertCount(11, $planned);
        $this->assertSame($planned, $done);
        $this->assertSame(json_decode($dry->operations, true), json_decode($real->operations, true));
    }

    public function test_a_run_in_parts_records_the_changes_of_a_single_run(): void {
        $single = $this->run_file(self::FILE, ['dryrun' => true]);
        $run = $this->run_file(self::FILE, ['parts' => 2]);
        ob_start();
        $this->runAdhocTasks(\tool_enrolsync\task\apply_part_task::class);
        ob_end_clean();

        $planned = str_replace(' planned', '', $this->changes($single->id));
        $done = str_replace(' done', '', $this->changes($run->id));
        sort($planned);
        sort($done);
        $this->assertSame($planned, $done);
    }

    public function test_the_filters_of_a_list_of_changes_as_the_reader_asks(): void {
        $math = (int) $this->courses['MATH']->id;
        $s1 = (int) $this->users['S1']->id;
        $this->assertSame(
            ['runid' => 3, 'op' => 'enrol', 'userids' => null, 'courseids' => null],
            journal::filters(3, 'enrol', 0, '', 0, '')
        );
        // An id wins over a search; a search finds ids, or none.
        $this->assertSame(
            ['runid' => 0, 'op' => '', 'userids' => [$s1], 'courseids' => [$math]],
            journal::filters(0, '', $s1, 'T1', 0, 'MATH')
        );
        $this->assertSame([], journal::filters(0, '', 0, 'nobody at all', 0, '')['userids']);
        // An operation it does not know is any (the page ignores what its form never offers).
        $this->assertSame('', journal::filters(0, 'destroy', 0, '', 0, '')['op']);
    }
}
