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

use tool_enrolsync\local\journal;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\engine::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\state_reader::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\executor::class)]
/**
 * The engine on a real site: files in, database rows, events and run records out.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\engine
 * @covers     \tool_enrolsync\local\state_reader
 * @covers     \tool_enrolsync\local\executor
 */
final class engine_test extends engine_testcase {
    public function test_add_enrols_with_roles_dates_and_groups(): void {
        global $DB;
        $sink = $this->redirectEvents();
        $run = $this->run_file(self::FILE);

        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertEquals([4, 4, 0, 0], [$run->linecount, $run->applied, $run->unchanged, $run->failed]);
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
        $this->assertSame(['S1' => 0], $this->enrolments('PHYS'));
        $this->assertSame(['S1:student', 'S2:student', 'T1:editingteacher'], $this->roles('MATH'));
        $this->assertSame(['Group A' => ['S1'], 'Group B' => ['S2']], $this->group_members('MATH'));
        $ue = $DB->get_record_sql('SELECT ue.* FROM {user_enrolments} ue JOIN {enrol} e ON e.id = ue.enrolid
            WHERE e.courseid = ? AND ue.userid = ?', [$this->courses['MATH']->id, $this->users['S1']->id]);
        $zone = \core_date::get_server_timezone_object();
        $this->assertEquals((new \DateTime('2026-09-01', $zone))->getTimestamp(), $ue->timestart);
        $this->assertEquals((new \DateTime('2027-07-05', $zone))->getTimestamp(), $ue->timeend);
        // Every enrolment is this tool's, and Moodle's own events were fired for each write.
        $this->assertEquals(4, $DB->count_records('tool_enrolsync_managed', ['runid' => $run->id]));
        $events = array_count_values(array_map(fn($e) => $e->eventname, $sink->get_events()));
        $this->assertEquals(4, $events['\core\event\user_enrolment_created']);
        $this->assertEquals(4, $events['\core\event\role_assigned']);
        $this->assertEquals(2, $events['\core\event\group_created']);
        $this->assertEquals(2, $events['\core\event\group_member_added']);
        $this->assertEquals(['enrol' => 4, 'creategroup' => 2, 'addmember' => 2], json_decode($run->operations, true));
        // The input is kept with its run.
        $this->assertSame(self::FILE, run_files::input($run->id)->get_content());
    }

    public function test_same_file_twice_writes_nothing_the_second_time(): void {
        global $DB;
        $this->run_file(self::FILE);
        $before = $this->table_counts();
        $sink = $this->redirectEvents();
        $writes = $DB->perf_get_writes();
        $run = $this->run_file(self::FILE);

        $this->assertEquals([0, 4], [$run->applied, $run->unchanged]);
        $this->assertSame([], json_decode($run->operations, true));
        $this->assertSame([], $sink->get_events());
        $this->assertSame($before, $this->table_counts());
        // The run's own record (insert, its plan's counts, its end) and the copy of its input (two
        // rows in {files}: the file, which shares the first run's content, and its directory):
        // nothing else.
        $this->assertSame(5, $DB->perf_get_writes() - $writes);
    }

    public function test_dry_run_writes_nothing_and_reports_the_plan(): void {
        global $DB;
        $before = $this->table_counts();
        $run = $this->run_file(self::FILE, ['dryrun' => true]);

        $this->assertSame($before, $this->table_counts());
        $this->assertEquals(1, $run->dryrun);
        $this->assertEquals(4, $run->applied);
        $this->assertEquals(['enrol' => 4, 'creategroup' => 2, 'addmember' => 2], json_decode($run->operations, true));
        $this->assertTrue($DB->record_exists('tool_enrolsync_runs', ['id' => $run->id, 'dryrun' => 1]));
    }

    public function test_del_and_shift_change_existing_enrolments(): void {
        $generator = $this->getDataGenerator();
        $math = $this->courses['MATH']->id;
        $generator->enrol_user($this->users['S1']->id, $math, 'student');
        $generator->enrol_user($this->users['S2']->id, $math, 'student');
        $generator->enrol_user($this->users['S3']->id, $math, 'student');
        $run = $this->run_file("cmd,cid,uid,rolename\ndel,MATH,S1,student\nshift,MATH,S2,teacher\n" .
            "del,MATH,S3,*\ndel,MATH,T1,student\n");

        $this->assertEquals([3, 1, 0], [$run->applied, $run->unchanged, $run->failed]);
        $this->assertSame(['S2' => 0], $this->enrolments('MATH'));
        $this->assertSame(['S2:teacher'], $this->roles('MATH'));
    }

    public function test_bad_lines_fail_alone_with_their_reason(): void {
        $run = $this->run_file("cid;uid;rolename;starttime\nMATH;S1;student;\nMATH;NOBODY;student;\n" .
            "NOWHERE;S1;student;\nMATH;S2;studnet;\nMATH;S3;student;2026-02-30\n");

        $this->assertEquals([1, 4], [$run->applied, $run->failed]);
        $this->assertSame(['S1' => 0], $this->enrolments('MATH'));
        $failed = run_report::failed_lines($run->id);
        $this->assertSame([3, 4, 5, 6], array_column($failed, 'line'));
        $this->assertSame(['unknownuser', 'unknowncourse', 'unknownrole', 'baddate'], array_column($failed, 'key'));
        $this->assertSame("Unknown user 'NOBODY'", $failed[0]['message']);
        $this->assertSame('MATH;NOBODY;student;', $failed[0]['raw']);
        $this->assertSame(run_report::EXIT_LINES_FAILED, run_report::exit_status($run));
    }

    /**
     * The rows of a run's list of changes: "op:user idnumber:role shortname:line:result", sorted.
     *
     * @param int $runid
     * @return string[]
     */
    private function changes(int $runid): array {
        global $DB;
        $rows = $DB->get_records_sql(
            "SELECT ch.id, ch.op, ch.line, ch.result, u.idnumber, r.shortname
               FROM {" . local\journal::TABLE . "} ch
               JOIN {user} u ON u.id = ch.userid
          LEFT JOIN {role} r ON r.id = ch.roleid
              WHERE ch.runid = ?
           ORDER BY ch.id",
            [$runid]
        );
        $changes = array_map(fn($row) => "$row->op:$row->idnumber:$row->shortname:$row->line:$row->result", $rows);
        sort($changes);
        return $changes;
    }

    public function test_an_unenrolment_lists_every_role_it_takes_with_it(): void {
        global $DB;
        $generator = $this->getDataGenerator();
        $math = $this->courses['MATH']->id;
        $roleid = fn(string $shortname) => (int) $DB->get_field('role', 'id', ['shortname' => $shortname]);
        // S3's only enrolment in MATH: the tool may give neither the manager role nor roles in an
        // activity, and Moodle's unenrol_user() takes them all with this last enrolment.
        $generator->enrol_user($this->users['S3']->id, $math, 'student');
        role_assign($roleid('manager'), $this->users['S3']->id, \context_course::instance($math)->id);
        $forum = $generator->create_module('forum', ['course' => $math]);
        role_assign($roleid('teacher'), $this->users['S3']->id, \context_module::instance($forum->cmid)->id);
        // S2 is enrolled twice: removing the manual enrolment leaves the self one, and every role.
        $generator->enrol_user($this->users['S2']->id, $math, 'student');
        $generator->enrol_user($this->users['S2']->id, $math, 'student', 'self');
        $file = "cmd,cid,uid,rolename\ndel,MATH,S3,*\ndel,MATH,S2,*\n";
        $expected = ['unenrol:S2::3', 'unenrol:S3::2', 'unenrolrole:S3:manager:2', 'unenrolrole:S3:student:2',
            'unenrolrole:S3:teacher:2'];

        $dry = $this->run_file($file, ['dryrun' => true]);
        $this->assertSame(array_map(fn($change) => "$change:planned", $expected), $this->changes($dry->id));
        $this->assertSame(['unenrol' => 2, 'unenrolrole' => 3], json_decode($dry->operations, true));

        $run = $this->run_file($file);
        $this->assertSame(array_map(fn($change) => "$change:done", $expected), $this->changes($run->id));
        $this->assertSame(['unenrol' => 2, 'unenrolrole' => 3], json_decode($run->operations, true));
        $this->assertSame(['S2:student'], $this->roles('MATH'));
        $this->assertFalse($DB->record_exists('role_assignments', ['userid' => $this->users['S3']->id]));
        // The command line's list of changes names them too.
        $listed = array_map(fn($change) => "$change[change]:$change[user]:$change[role]", local\journal::listing($run->id, 10));
        $this->assertContains('unenrolrole:S3:manager', $listed);
    }

    public function test_full_sync_lists_the_roles_its_unenrolments_remove_before_and_after_confirmation(): void {
        global $DB;
        $this->managed_students('MATH', 3);
        $manager = (int) $DB->get_field('role', 'id', ['shortname' => 'manager']);
        role_assign($manager, $this->users['U3']->id, \context_course::instance($this->courses['MATH']->id)->id);
        $file = self::MANAGED_HEADER . "add;MATH;U1;student\nadd;MATH;U2;student\n";
        $expected = ['unenrol:U3::0', 'unenrolrole:U3:manager:0', 'unenrolrole:U3:student:0'];

        // Above the threshold: the refusal lists them, and its confirmation applies exactly them.
        $refused = $this->run_file($file, ['fullsync' => 1, 'removalaction' => 'unenrol']);
        $this->assertSame(engine::STATUS_REFUSED, $refused->status);
        $this->assertSame(array_map(fn($change) => "$change:planned", $expected), $this->changes($refused->id));
        $done = $this->confirm($refused, ['removalaction' => 'unenrol']);
        $this->assertSame(engine::STATUS_DONE, $done->status);
        $this->assertSame(array_map(fn($change) => "$change:done", $expected), $this->changes($done->id));
        $this->assertSame(['U1' => 0, 'U2' => 0], $this->enrolments('MATH'));
    }

    public function test_a_rejected_file_changes_nothing(): void {
        $before = $this->table_counts();
        $run = $this->run_file("cid;uid;rolename;colour\nMATH;S1;student;blue\n");

        $this->assertSame(engine::STATUS_REJECTED, $run->status);
        $this->assertEquals(['unknowncolumn', 'colour', 1], [$run->errorkey, $run->errorarg, $run->errorline]);
        $this->assertSame($before, $this->table_counts());
        $this->assertSame(run_report::EXIT_REJECTED, run_report::exit_status($run));
        $this->assertSame("Unknown column 'colour' in the header", run_report::summary($run)['error']['message']);
    }

    public function test_full_sync_suspends_only_its_own_enrolments_within_the_threshold(): void {
        $this->run_file("cid;uid;rolename\nMATH;S1;student\nMATH;S2;student\n");
        // S3 was enrolled by hand: full sync never touches it.
        $this->getDataGenerator()->enrol_user($this->users['S3']->id, $this->courses['MATH']->id, 'student');
        $before = $this->table_counts();

        $refused = $this->run_file("cid;uid;rolename\nMATH;S1;student\n", ['fullsync' => 1]);
        $this->assertSame(engine::STATUS_REFUSED, $refused->status);
        $this->assertSame($before, $this->table_counts());
        $this->assertStringContainsString('1 of the 2 active enrolments', run_report::summary($refused)['error']['message']);

        $forced = $this->run_file("cid;uid;rolename\nMATH;S1;student\n", ['fullsync' => 1, 'force' => true]);
        $this->assertSame(engine::STATUS_DONE, $forced->status);
        $this->assertSame(['S1' => 0, 'S2' => 1, 'S3' => 0], $this->enrolments('MATH'));
        $this->assertSame(['suspend' => 1], json_decode($forced->operations, true));

        $unenrol = $this->run_file(
            "cid;uid;rolename\nMATH;S1;student\n",
            ['fullsync' => 1, 'force' => true, 'removalaction' => 'unenrol']
        );
        $this->assertSame(['S1' => 0, 'S3' => 0], $this->enrolments('MATH'));
        // S2's last enrolment in MATH: Moodle takes its role with it.
        $this->assertSame(['unenrol' => 1, 'unenrolrole' => 1], json_decode($unenrol->operations, true));

        // With keep, an enrolment the file no longer lists stays as it is.
        $this->run_file("cid;uid;rolename\nMATH;S2;student\n");
        $keep = $this->run_file("cid;uid;rolename\nMATH;S1;student\n", ['fullsync' => 1, 'removalaction' => 'keep']);
        $this->assertSame(engine::STATUS_DONE, $keep->status);
        $this->assertSame([], json_decode($keep->operations, true));
        $this->assertSame(['S1' => 0, 'S2' => 0, 'S3' => 0], $this->enrolments('MATH'));
    }

    public function test_a_run_waits_for_no_other(): void {
        global $DB, $CFG;
        // PostgreSQL's advisory locks are re-entrant within one connection: file locks are not.
        $CFG->lock_factory = '\\core\\lock\\file_lock_factory';
        $lock = \core\lock\lock_config::get_lock_factory('tool_enrolsync')->get_lock('run', 0);
        $this->assertNotFalse($lock);
        try {
            $run = $this->run_file(self::FILE);
        } finally {
            $lock->release();
        }
        $this->assertSame(engine::STATUS_LOCKED, $run->status);
        $this->assertSame(run_report::EXIT_LOCKED, run_report::exit_status($run));
        $this->assertSame([], $this->enrolments('MATH'));
        $this->assertEquals(0, $DB->count_records('tool_enrolsync_runs'));
    }

    public function test_only_a_real_web_service_run_above_the_setting_is_queued(): void {
        // The file plans 8 operations: more than the setting.
        set_config('webservicequeue', 7, 'tool_enrolsync');
        $tasks = fn() => count(\core\task\manager::get_adhoc_tasks(task\apply_part_task::class));
        $this->assertSame(engine::STATUS_DONE, $this->run_file(self::FILE, ['dryrun' => true], engine::ORIGIN_WEBSERVICE)->status);
        $this->assertSame(0, $tasks());

        $run = $this->run_file(self::FILE, [], engine::ORIGIN_WEBSERVICE);

        $this->assertSame(engine::STATUS_APPLYING, $run->status);
        $this->assertSame(1, $tasks());
        $this->assertSame([], $this->enrolments('MATH'));
        ob_start();
        $this->runAdhocTasks(task\apply_part_task::class);
        ob_end_clean();
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));

        // Other origins apply at once whatever the size; so does a web service run of no more.
        set_config('webservicequeue', 0, 'tool_enrolsync');
        $run = $this->run_file("cid;uid;rolename\nPHYS;S2;student\n", [], engine::ORIGIN_PAGE);
        $this->assertSame(engine::STATUS_DONE, $run->status);
        set_config('webservicequeue', 1, 'tool_enrolsync');
        $this->assertSame(
            engine::STATUS_DONE,
            $this->run_file("cid;uid;rolename\nPHYS;S3;student\n", [], engine::ORIGIN_WEBSERVICE)->status
        );
        $this->assertSame(['S1' => 0, 'S2' => 0, 'S3' => 0], $this->enrolments('PHYS'));
        $this->assertSame(0, $tasks());
    }

    public function test_a_failed_batch_is_tried_one_operation_at_a_time_and_a_rerun_converges(): void {
        global $DB;
        // The batch's own transaction must be the outermost one, as in a real run.
        $this->preventResetByRollback();
        $group = $this->getDataGenerator()->create_group(['courseid' => $this->courses['MATH']->id, 'name' => 'Lab']);
        $content = "cid;uid;rolename;gcmd;g1\nMATH;S1;student;gadd;Lab\nMATH;S2;student;;\nPHYS;S2;student;;\n";
        $file = \EnrolSync\File::from_string($content, []);
        $plan = $file->plan(local\state_reader::read($file, new run_options()), ['now' => time()]);
        // The group goes away between planning and writing: MATH's batch fails, and its
        // operations are then tried one at a time: only adding S1 to the group fails.
        groups_delete_group($group->id);
        $executor = new local\executor(0, new \core\progress\none());
        $executor->execute($plan, $plan->courses());

        $this->assertCount(1, $executor->failures, json_encode($executor->failures));
        $this->assertEquals(['addmember', 2], [$executor->failures[0]['op'], $executor->failures[0]['line']]);
        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('MATH'));
        $this->assertSame(['S2' => 0], $this->enrolments('PHYS'));
        $this->assertEquals(3, $DB->count_records(local\journal::TABLE, ['result' => local\journal::DONE]));
        $this->assertEquals(1, $DB->count_records(local\journal::TABLE, ['result' => local\journal::FAILED, 'op' => 'addmember']));

        $this->getDataGenerator()->create_group(['courseid' => $this->courses['MATH']->id, 'name' => 'Lab']);
        $run = $this->run_file($content);
        $this->assertEquals([1, 2, 0], [$run->applied, $run->unchanged, $run->opsfailed]);
        $this->assertSame(['Lab' => ['S1']], $this->group_members('MATH'));
    }

    public function test_a_batch_is_tried_again_once_after_a_database_error(): void {
        $this->preventResetByRollback();
        // Once: as a deadlock between two parts would, the first insert fails, and its batch's second try passes.
        $run = $this->with_failing_writes('user_enrolments', 'INSERT', 1, fn() => $this->run_file(self::FILE));
        // Four enrolments, the first of them tried twice.
        $this->assertEquals([0, 5], [$run->opsfailed, $this->tries]);
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
        $this->assertSame(['Group A' => ['S1'], 'Group B' => ['S2']], $this->group_members('MATH'));
        $this->assertEquals(['enrol' => 4, 'creategroup' => 2, 'addmember' => 2], json_decode($run->operations, true));

        // Twice: MATH's only operation fails for good after its second try, and PHYS's is done (three
        // inserts); the line of the failed operation fails with Moodle's error.
        $file = "cid;uid;rolename\nMATH;S3;student\nPHYS;S2;student\n";
        $run = $this->with_failing_writes('user_enrolments', 'INSERT', 2, fn() => $this->run_file($file));
        $this->assertEquals([1, 3], [$run->opsfailed, $this->tries]);
        $this->assertEquals([1, 1], [$run->applied, $run->failed]);
        $this->assertSame([[2, 'opfailed']], array_map(fn($l) => [$l['line'], $l['key']], run_report::failed_lines($run->id)));
        $this->assertArrayNotHasKey('S3', $this->enrolments('MATH'));
        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('PHYS'));
    }

    public function test_a_line_rejected_while_reading_protects_its_user_from_full_sync(): void {
        $lines = $this->managed_students('MATH', 8);
        // The whole roster again, but one line's date does not exist.
        $lines[4] .= ';2026-09-31';
        $run = $this->run_file(
            "cmd;cid;uid;rolename;starttime\n" . implode("\n", $lines) . "\n",
            ['fullsync' => 1, 'threshold' => 50]
        );

        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertSame(array_fill_keys(array_map(fn($i) => "U$i", range(1, 8)), 0), $this->enrolments('MATH'));
        $this->assertSame([], json_decode($run->operations, true));
        [$failed] = run_report::failed_lines($run->id);
        $this->assertEquals([6, 'baddate'], [$failed['line'], $failed['key']]);
        $this->assertSame(get_string('protection_course', 'tool_enrolsync'), $failed['protection']);
    }

    public function test_a_lost_or_added_delimiter_removes_no_student(): void {
        global $DB, $PAGE;
        $this->courses['CHEM'] = $this->getDataGenerator()->create_course(['shortname' => 'CHEM']);
        $roster = [];
        foreach (['MATH' => 9, 'PHYS' => 8, 'CHEM' => 8] as $course => $students) {
            $roster = array_merge($roster, array_map(fn($line) => "$line;manual", $this->managed_students($course, $students)));
        }
        // The whole roster again, with an optional column after the required ones, but one line
        // lost a delimiter (line 10: U9, in MATH only, whom no other line names), and another
        // gained one (line 17: U7 in PHYS).
        $roster[8] = 'add;MATHU9;student;manual';
        $roster[15] = 'add;PH;YS;U7;student';
        $run = $this->run_file("cmd;cid;uid;rolename;enrol\n" . implode("\n", $roster) . "\n", ['fullsync' => 1]);

        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertSame([], json_decode($run->operations, true));
        foreach (['MATH' => 9, 'PHYS' => 8, 'CHEM' => 8] as $course => $students) {
            $everyone = array_fill_keys(array_map(fn($i) => "U$i", range(1, $students)), 0);
            $this->assertSame($everyone, $this->enrolments($course), $course);
        }
        // The list of changes says what full sync kept, and which line kept it.
        $rows = $DB->get_records_sql(
            "SELECT ch.id, ch.line, ch.op, c.shortname, u.idnumber, ch.error
               FROM {" . journal::TABLE . "} ch
               JOIN {course} c ON c.id = ch.courseid
               JOIN {user} u ON u.id = ch.userid
              WHERE ch.runid = ? AND ch.result = ?
           ORDER BY c.shortname",
            [$run->id, journal::KEPT]
        );
        $kept = array_map(
            fn($row) => [(int) $row->line, $row->op, $row->shortname, $row->idnumber, $row->error],
            array_values($rows)
        );
        $this->assertSame([
            [10, 'suspend', 'MATH', 'U9', journal::KEPT_PROTECTED],
            [17, 'suspend', 'PHYS', 'U7', journal::KEPT_PROTECTED],
        ], $kept);
        $report = (new output\report($run, 0))->export_for_template($PAGE->get_renderer('core'));
        $this->assertSame(2, $report['kept']);
        // Kept enrolments are no change: the counts per course leave them out. The command line's
        // list of changes names them.
        $this->assertSame([], output\page::changes_by_course($run->id)['courses']);
        $text = local\report_text::of_run($run, 10, journal::listing($run->id, 10));
        $this->assertStringContainsString(get_string('result_kept', 'tool_enrolsync'), $text);
    }

    public function test_a_stray_quote_swallows_no_line_and_withholds_every_removal(): void {
        $lines = $this->managed_students('MATH', 8);
        $lines[2] = 'add;"MATH;U3;student';
        $lines[4] = 'add;MATH;U5;"student"';
        $run = $this->run_file(self::MANAGED_HEADER . implode("\n", $lines) . "\n", ['fullsync' => 1, 'threshold' => 100]);

        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertEquals([0, 7, 1], [$run->applied, $run->unchanged, $run->failed]);
        $this->assertSame(array_fill_keys(array_map(fn($i) => "U$i", range(1, 8)), 0), $this->enrolments('MATH'));
        [$failed] = run_report::failed_lines($run->id);
        $this->assertEquals([4, 'unterminatedquote'], [$failed['line'], $failed['key']]);
        $this->assertSame(get_string('protection_all', 'tool_enrolsync'), $failed['protection']);
        global $PAGE;
        $report = (new output\report($run, 0))->export_for_template($PAGE->get_renderer('core'));
        $this->assertSame('4', $report['withheldby']);
    }

    public function test_one_invalid_byte_fails_its_own_line_only(): void {
        $this->courses['CHÉM'] = $this->getDataGenerator()->create_course(['shortname' => 'CHÉM']);
        $lines = $this->managed_students('CHÉM', 8);
        $lines[7] .= "\xFF";
        $run = $this->run_file(self::MANAGED_HEADER . implode("\n", $lines) . "\n", ['fullsync' => 1, 'threshold' => 100]);

        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertSame('UTF-8', $run->encoding);
        $this->assertEquals([7, 1], [$run->unchanged, $run->failed]);
        $this->assertSame(array_fill_keys(array_map(fn($i) => "U$i", range(1, 8)), 0), $this->enrolments('CHÉM'));
        $this->assertSame(['invalidutf8'], array_column(run_report::failed_lines($run->id), 'key'));
    }

    public function test_a_first_byte_damaged_into_a_comment_marker_keeps_the_user_its_line_named(): void {
        global $DB;
        $this->courses['ÉCO'] = $this->getDataGenerator()->create_course(['shortname' => 'ÉCO']);
        $this->managed_students('ÉCO', 8);
        // U3's line begins with the É of ÉCO (C3 89): its first byte became a comment marker, and
        // the rest of É is not UTF-8. The comment holds the delimiter: it keeps U3, in every course
        // (its course cannot be told), and the list of changes says which line kept it.
        $lines = array_map(fn($i) => "ÉCO;add;U$i;student", range(1, 8));
        $lines[2] = "#\x89CO;add;U3;student";
        $run = $this->run_file("cid;cmd;uid;rolename\n" . implode("\n", $lines) . "\n", ['fullsync' => 1, 'threshold' => 100]);

        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertEquals([7, 0], [$run->unchanged, $run->failed]);
        $this->assertSame(array_fill_keys(array_map(fn($i) => "U$i", range(1, 8)), 0), $this->enrolments('ÉCO'));
        $kept = $DB->get_records(local\journal::TABLE, ['runid' => $run->id, 'result' => local\journal::KEPT]);
        $this->assertEquals([[4, $this->users['U3']->id]], array_values(array_map(fn($k) => [$k->line, $k->userid], $kept)));
    }

    public function test_the_threshold_counts_active_managed_enrolments_only(): void {
        global $DB;
        $this->managed_students('MATH', 16);
        // Eight leavers, suspended by an earlier full sync: they have nothing left to lose.
        foreach (range(9, 16) as $i) {
            $DB->set_field('user_enrolments', 'status', ENROL_USER_SUSPENDED, ['userid' => $this->users["U$i"]->id]);
        }
        $run = $this->run_file(self::MANAGED_HEADER . "add;MATH;U1;student\n", ['fullsync' => 1, 'threshold' => 50]);

        $this->assertSame(engine::STATUS_REFUSED, $run->status);
        $this->assertEquals((object) ['removals' => 7, 'managed' => 8, 'threshold' => 50], json_decode($run->errorarg));
        $this->assertSame(0, $this->enrolments('MATH')['U2']);
        // The refused run lists what it would suspend: the seven active ones, not the suspended.
        $this->assertEquals(7, $DB->count_records(local\journal::TABLE, ['runid' => $run->id, 'op' => 'suspend',
            'result' => local\journal::PLANNED]));
    }

    public function test_a_confirmation_applies_exactly_the_removals_it_was_shown(): void {
        global $DB;
        $this->managed_students('MATH', 3);
        $file = self::MANAGED_HEADER . "add;MATH;U1;student\n";
        $refused = $this->run_file($file, ['fullsync' => 1]);
        $this->assertSame(engine::STATUS_REFUSED, $refused->status);
        $this->assertTrue(engine::confirmable($refused->id));

        // Someone unenrols U3 by hand meanwhile: the removals are no longer those shown.
        $instance = $DB->get_record('enrol', ['courseid' => $this->courses['MATH']->id, 'enrol' => 'manual']);
        enrol_get_plugin('manual')->unenrol_user($instance, $this->users['U3']->id);
        $changed = $this->confirm($refused);
        $this->assertSame(engine::STATUS_REFUSED, $changed->status);
        $this->assertSame('removalschanged', $changed->errorkey);
        $this->assertSame(['U1' => 0, 'U2' => 0], $this->enrolments('MATH'));
        $this->assertFalse(engine::confirmable($refused->id), 'only the latest refused run can be confirmed');
        $this->assertSame(engine::STATUS_REJECTED, $this->confirm($refused)->status);

        // The new list, confirmed as shown, applies.
        $this->assertEquals(['suspend:' . $this->users['U2']->id], array_map(
            fn($r) => "$r->op:$r->userid",
            array_values($DB->get_records(local\journal::TABLE, ['runid' => $changed->id]))
        ));
        $done = $this->confirm($changed);
        $this->assertSame(engine::STATUS_DONE, $done->status);
        $this->assertSame(['U1' => 0, 'U2' => 1], $this->enrolments('MATH'));
        $this->assertSame(['suspend' => 1], json_decode($done->operations, true));
        $this->assertFalse(engine::confirmable($changed->id), 'a confirmed run cannot be confirmed again');

        // Confirming a refused dry run is a dry run: it writes nothing, and keeps the refused
        // run confirmable.
        $this->run_file(self::MANAGED_HEADER . "add;MATH;U1;student\nadd;MATH;U2;student\nadd;MATH;U3;student\n");
        $refused = $this->run_file($file, ['fullsync' => 1, 'dryrun' => true]);
        $engine = new engine(new run_options(['fullsync' => 1, 'confirms' => $refused->id, 'dryrun' => true]));
        $preview = run_files::run_stored_file($engine, run_files::input($refused->id), $refused->filename, 'page');
        $this->assertEquals([engine::STATUS_DONE, 1], [$preview->status, $preview->dryrun]);
        $this->assertSame(['U1' => 0, 'U2' => 0, 'U3' => 0], $this->enrolments('MATH'));
        $this->assertTrue(engine::confirmable($refused->id));

        // A day later, a refused run can no longer be confirmed.
        $this->run_file(self::MANAGED_HEADER . "add;MATH;U1;student\nadd;MATH;U2;student\nadd;MATH;U3;student\n");
        $late = $this->run_file($file, ['fullsync' => 1]);
        $DB->set_field('tool_enrolsync_runs', 'timestarted', time() - DAYSECS - 1, ['id' => $late->id]);
        $this->assertSame('notconfirmable', $this->confirm($late)->errorkey);
        $this->assertSame(['U1' => 0, 'U2' => 0, 'U3' => 0], $this->enrolments('MATH'));
    }

    public function test_a_confirmation_confirms_the_run_as_it_was_whatever_the_caller_says(): void {
        $this->managed_students('MATH', 3);
        $file = self::MANAGED_HEADER . "add;MATH;U1;student\n";
        $refused = $this->run_file($file, ['fullsync' => 1, 'dryrun' => true]);
        $this->assertSame(engine::STATUS_REFUSED, $refused->status);
        $before = $this->table_counts();

        // As cli/sync.php --confirm=N without --dry-run (and the web services) ask for it: no
        // dry run, no full sync of their own. The refused run was a dry run: so is its confirmation.
        $engine = new engine(new run_options(['confirms' => $refused->id]));
        $preview = run_files::run_stored_file($engine, run_files::input($refused->id), $refused->filename, 'cli');

        $this->assertEquals([engine::STATUS_DONE, 1, 1], [$preview->status, $preview->dryrun, $preview->fullsync]);
        $this->assertSame($before, $this->table_counts());
        $this->assertSame(['U1' => 0, 'U2' => 0, 'U3' => 0], $this->enrolments('MATH'));
        $this->assertSame(['suspend' => 2], json_decode($preview->operations, true));

        // A real refused run confirmed as a dry run is previewed, never applied.
        $real = $this->run_file($file, ['fullsync' => 1]);
        $engine = new engine(new run_options(['confirms' => $real->id, 'dryrun' => true]));
        $preview = run_files::run_stored_file($engine, run_files::input($real->id), $real->filename, 'cli');
        $this->assertEquals([engine::STATUS_DONE, 1], [$preview->status, $preview->dryrun]);
        $this->assertSame(['U1' => 0, 'U2' => 0, 'U3' => 0], $this->enrolments('MATH'));
    }

    /**
     * Confirms a refused run as the tool's page does: its file again, with its removals.
     *
     * @param \stdClass $refused
     * @param array $options more run_options overrides
     * @return \stdClass the new run
     */
    private function confirm(\stdClass $refused, array $options = []): \stdClass {
        $engine = new engine(new run_options(['fullsync' => 1, 'confirms' => $refused->id] + $options));
        return run_files::run_stored_file($engine, run_files::input($refused->id), $refused->filename, 'page');
    }

    public function test_a_run_whose_process_died_is_marked_interrupted_by_the_next(): void {
        global $DB;
        $this->preventResetByRollback();
        $dead = $DB->insert_record('tool_enrolsync_runs', ['origin' => 'task', 'filename' => 'enrols.csv',
            'contenthash' => '', 'format' => '', 'encoding' => '', 'delimiter' => '', 'errorkey' => '',
            'status' => engine::STATUS_RUNNING, 'timestarted' => time() - HOURSECS]);
        $sink = $this->redirectMessages();
        $this->run_file(self::FILE);

        $this->assertSame(engine::STATUS_INTERRUPTED, $DB->get_field('tool_enrolsync_runs', 'status', ['id' => $dead]));
        $reports = array_filter($sink->get_messages(), fn($m) => $m->eventtype === 'runreport');
        $this->assertCount(1, $reports);
        $this->assertStringContainsString('interrupted', reset($reports)->fullmessage);
    }

    public function test_an_error_outside_a_batch_marks_the_run_interrupted(): void {
        global $DB;
        $progress = new class extends \core\progress\none {
            /**
             * Fails as a run that meets an error before its first batch.
             *
             * @param string $description
             * @param int $max
             * @param int $parentcount
             */
            public function start_progress($description, $max = self::INDETERMINATE, $parentcount = 1) {
                throw new \moodle_exception('error_exception', 'tool_enrolsync', '', 'disk full');
            }
        };
        $path = make_request_directory() . '/enrols.csv';
        file_put_contents($path, self::FILE);
        try {
            (new engine(new run_options(), $progress))->run($path, 'enrols.csv', 'cli');
            $this->fail('the error goes on to the caller');
        } catch (\moodle_exception $e) {
            $this->assertStringContainsString('disk full', $e->getMessage());
        }
        $run = $DB->get_record('tool_enrolsync_runs', []);
        $this->assertSame(engine::STATUS_INTERRUPTED, $run->status);
        $this->assertSame('exception', $run->errorkey);
        $this->assertStringContainsString('disk full', run_report::summary($run)['error']['message']);
        $this->assertSame(run_report::EXIT_LINES_FAILED, run_report::exit_status($run));
    }

    public function test_an_interrupted_run_keeps_its_line_counts_and_failed_lines(): void {
        global $DB, $PAGE;
        $this->preventResetByRollback();
        $lab = $this->getDataGenerator()->create_group(['courseid' => $this->courses['MATH']->id, 'name' => 'Lab']);
        $content = "cid;uid;rolename;gcmd;g1\nMATH;S1;student;gadd;Lab\nMATH;NOBODY;student;;\nPHYS;S2;student;;\n";
        // The group goes away once the run has planned (adding S1 to it fails), and the run dies
        // after MATH's batch, before PHYS's. What a killed process would leave is read as it starts.
        $progress = new class ($lab->id) extends \core\progress\none {
            /** @var \stdClass|null the run's record as the database held it when the writes began */
            public ?\stdClass $running = null;
            /** @var string|null its failed-lines file then */
            public ?string $failedlines = null;
            /** @var int the group to delete */
            private int $groupid;

            /**
             * The group to delete.
             *
             * @param int $groupid
             */
            public function __construct(int $groupid) {
                $this->groupid = $groupid;
            }

            /**
             * Reads what a run killed now would leave, and deletes the group.
             *
             * @param string $description
             * @param int $max
             * @param int $parentcount
             */
            public function start_progress($description, $max = self::INDETERMINATE, $parentcount = 1) {
                global $DB;
                $this->running = $DB->get_record('tool_enrolsync_runs', ['status' => engine::STATUS_RUNNING]);
                $this->failedlines = run_files::failed_lines_file($this->running->id)->get_content();
                groups_delete_group($this->groupid);
            }

            /**
             * Dies after the first course.
             *
             * @param int $position
             */
            public function progress($position = self::INDETERMINATE) {
                throw new \moodle_exception('error_exception', 'tool_enrolsync', '', 'disk full');
            }
        };
        $path = make_request_directory() . '/enrols.csv';
        file_put_contents($path, $content);
        try {
            (new engine(new run_options(), $progress))->run($path, 'enrols.csv', 'cli');
            $this->fail('the error goes on to the caller');
        } catch (\moodle_exception $e) {
            $this->assertStringContainsString('disk full', $e->getMessage());
        }

        // Killed then, the run would have left its plan's counts and its failed line, with their file.
        $this->assertEquals([3, 0, 0, 1], [$progress->running->linecount, $progress->running->applied,
            $progress->running->unchanged, $progress->running->failed]);
        $this->assertStringContainsString('MATH;NOBODY;student;;', $progress->failedlines);
        // Interrupted by an error, it also has the line whose operation failed before it died; no
        // line is counted applied, since what was done is in its changes.
        $run = $DB->get_record('tool_enrolsync_runs', ['id' => $progress->running->id]);
        $this->assertSame(engine::STATUS_INTERRUPTED, $run->status);
        $this->assertEquals([3, 0, 0, 2, 1], [$run->linecount, $run->applied, $run->unchanged, $run->failed, $run->opsfailed]);
        $this->assertSame(['enrol' => 1], json_decode($run->operations, true));
        $this->assertSame([[2, 'opfailed'], [3, 'unknownuser']], array_map(
            fn($line) => [$line['line'], $line['key']],
            run_report::failed_lines($run->id)
        ));
        $this->assertSame(
            "\u{FEFF}cid;uid;rolename;gcmd;g1\nMATH;S1;student;gadd;Lab\nMATH;NOBODY;student;;\n",
            run_files::failed_lines_file($run->id)->get_content()
        );
        $report = (new output\report($run, 0))->export_for_template($PAGE->get_renderer('core'));
        $this->assertNotNull($report['downloadfailed']);
        $this->assertCount(2, $report['failedlines']);
    }

    public function test_a_run_plans_exactly_the_bytes_it_keeps(): void {
        $path = make_request_directory() . '/enrols.csv';
        file_put_contents($path, "cid;uid;rolename\nMATH;S1;student\n");
        // A writer rewrites the file in place while the run goes on: once its copy is kept.
        $rewriter = new class ($path) extends extension {
            /** @var string the file to rewrite */
            private string $path;

            /**
             * The file to rewrite.
             *
             * @param string $path
             */
            public function __construct(string $path) {
                $this->path = $path;
            }

            /**
             * Rewrites the file, then says what the extension says.
             *
             * @return string|null
             */
            public function loaded_version(): ?string {
                file_put_contents($this->path, "cid;uid;rolename\nPHYS;S2;student\n");
                return parent::loaded_version();
            }
        };
        $run = (new engine(new run_options(), null, $rewriter))->run($path, 'enrols.csv', 'cli');

        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertSame("cid;uid;rolename\nMATH;S1;student\n", run_files::input($run->id)->get_content());
        $this->assertSame(sha1("cid;uid;rolename\nMATH;S1;student\n"), $run->contenthash);
        $this->assertSame(['S1' => 0], $this->enrolments('MATH'));
        $this->assertSame([], $this->enrolments('PHYS'));
    }

    public function test_without_the_extension_a_run_is_refused_cleanly(): void {
        $missing = new class extends extension {
            /**
             * As if the extension were not loaded.
             *
             * @return string|null
             */
            public function loaded_version(): ?string {
                return null;
            }
        };
        $path = make_request_directory() . '/enrols.csv';
        file_put_contents($path, self::FILE);
        $before = $this->table_counts();
        $run = (new engine(new run_options(), null, $missing))->run($path, 'enrols.csv', 'task');

        $this->assertSame(engine::STATUS_REJECTED, $run->status);
        $this->assertSame(run_report::EXIT_REJECTED, run_report::exit_status($run));
        $this->assertStringContainsString('is not loaded', run_report::summary($run)['error']['message']);
        $this->assertSame($before, $this->table_counts());
    }

    public function test_a_run_gives_only_the_roles_the_setting_allows(): void {
        $run = $this->run_file("cid;uid;rolename\nMATH;S1;manager\nMATH;S2;student\n");
        $this->assertSame(['S2:student'], $this->roles('MATH'));
        [$failed] = run_report::failed_lines($run->id);
        $this->assertSame('rolenotallowed', $failed['key']);

        $manager = (int) get_archetype_roles('manager')[array_key_first(get_archetype_roles('manager'))]->id;
        $student = array_key_first(get_archetype_roles('student'));
        set_config('roles', "$student,$manager", 'tool_enrolsync');
        $this->run_file("cid;uid;rolename\nMATH;S1;manager\n");
        $this->assertSame(['S1:manager', 'S2:student'], $this->roles('MATH'));
    }

    public function test_a_run_uses_only_methods_that_let_a_tool_enrol_and_unenrol(): void {
        $this->getDataGenerator()->enrol_user($this->users['S3']->id, $this->courses['MATH']->id, 'student', 'self');
        // The self method lets a user enrol themselves, not a tool: Moodle's allow_enrol() says no.
        $run = $this->run_file("cmd;cid;uid;rolename;enrol\nadd;MATH;S1;student;self\nadd;MATH;S2;student;manual\n");
        $this->assertSame(['S2' => 0, 'S3' => 0], $this->enrolments('MATH'));
        $this->assertSame(['methodnotallowed'], array_column(run_report::failed_lines($run->id), 'key'));
        // It lets a tool unenrol: del goes through.
        $run = $this->run_file("cmd;cid;uid;rolename;enrol\ndel;MATH;S3;*;self\n");
        $this->assertEquals([1, 0], [$run->applied, $run->failed]);
        $this->assertSame(['S2' => 0], $this->enrolments('MATH'));
    }

    /**
     * A valid file of exactly $bytes bytes: one line enrolling S1 in MATH, then a comment.
     *
     * @param int $bytes
     * @return string
     */
    private function file_of(int $bytes): string {
        $content = "cid;uid;rolename\nMATH;S1;student\n#";
        return $content . str_repeat('x', $bytes - strlen($content) - 1) . "\n";
    }

    public function test_the_limit_is_200_mb_by_default(): void {
        $this->assertEquals(200, (new run_options())->get('maxfilesize'));
    }

    public function test_a_file_larger_than_the_limit_is_rejected_before_it_is_read(): void {
        set_config('maxfilesize', 1, 'tool_enrolsync');
        $run = $this->run_file($this->file_of(1024 * 1024 + 1));

        $this->assertSame([engine::STATUS_REJECTED, 'toolarge'], [$run->status, $run->errorkey]);
        $this->assertSame(['', 0], [$run->format, (int) $run->linecount]);
        // Not even a copy is kept.
        $this->assertNull(run_files::input($run->id));
        $this->assertSame([], $this->enrolments('MATH'));
        $message = run_report::summary($run)['error']['message'];
        $this->assertStringContainsString(display_size(1024 * 1024 + 1), $message);
        $this->assertStringContainsString(display_size(1024 * 1024), $message);
    }

    public function test_a_file_of_the_limit_is_read(): void {
        set_config('maxfilesize', 1, 'tool_enrolsync');
        $run = $this->run_file($this->file_of(1024 * 1024));
        $this->assertSame([engine::STATUS_DONE, 1], [$run->status, (int) $run->applied]);

        // 0: no limit.
        set_config('maxfilesize', 0, 'tool_enrolsync');
        $this->assertSame(engine::STATUS_DONE, $this->run_file($this->file_of(1024 * 1024 + 1))->status);
    }

    public function test_unclosed_quotes_cost_no_more_than_clean_lines(): void {
        // 400 kB of lines whose quotes never close: each fails on its own line, and reading stays
        // linear (it took 26 s when each such line ran to the end of the file, with the lock held).
        $lines = '';
        for ($i = 0; strlen($lines) < 400 * 1024; $i++) {
            $lines .= "MATH;S$i\";\"\n";
        }
        $start = microtime(true);
        $run = $this->run_file("cid;uid;rolename\n" . $lines, ['dryrun' => true]);
        $this->assertLessThan(5, microtime(true) - $start);
        $this->assertEquals([$i, $i], [$run->linecount, $run->failed]);
    }

    public function test_a_disabled_instance_fails_its_lines_unless_the_setting_says_so_and_then_says_no_access(): void {
        global $DB;
        $math = $this->courses['MATH']->id;
        $this->getDataGenerator()->enrol_user($this->users['S2']->id, $math, 'student');
        $DB->set_field('enrol', 'status', ENROL_INSTANCE_DISABLED, ['courseid' => $math, 'enrol' => 'manual']);
        $file = "cmd;cid;uid;rolename\nadd;MATH;S1;student\ndel;MATH;S2;student\n";
        $run = $this->run_file($file);
        $this->assertEquals([1, 1], [$run->applied, $run->failed]);
        $this->assertSame([], $this->enrolments('MATH'));
        [$failed] = run_report::failed_lines($run->id);
        $this->assertSame([2, 'instancedisabled'], [$failed['line'], $failed['key']]);
        $this->assertStringContainsString('disabled', $failed['message']);

        set_config('enrolwhendisabled', 1, 'tool_enrolsync');
        $run = $this->run_file($file);
        $this->assertEquals([1, 1, 0], [$run->applied, $run->unchanged, $run->failed]);
        $this->assertSame(['S1' => 0], $this->enrolments('MATH'));
        $this->assertSame(
            [get_string('notice_noaccess', 'tool_enrolsync', (object) ['count' => 1, 'lines' => '2'])],
            run_report::summary($run)['notices']
        );
    }

    public function test_disable_and_enable_suspend_and_reactivate_every_enrolment_the_tool_may_manage(): void {
        global $DB;
        $math = $this->courses['MATH']->id;
        $generator = $this->getDataGenerator();
        $generator->enrol_user($this->users['S1']->id, $math, 'student');
        $generator->enrol_user($this->users['S1']->id, $math, 'student', 'self');
        $generator->enrol_user($this->users['S2']->id, $math, 'student');
        // Without an enrol column: every enrolment of a method that lets a tool manage it (not self).
        $run = $this->run_file("cmd;cid;uid;rolename\ndisable;MATH;S1;\ndisable;MATH;S3;\n");
        $this->assertEquals([1, 1, 0], [$run->applied, $run->unchanged, $run->failed]);
        $statuses = fn() => array_map('intval', $DB->get_records_sql_menu(
            "SELECT e.enrol, ue.status FROM {user_enrolments} ue JOIN {enrol} e ON e.id = ue.enrolid
              WHERE e.courseid = ? AND ue.userid = ? ORDER BY e.enrol",
            [$math, $this->users['S1']->id]
        ));
        $this->assertSame(['manual' => 1, 'self' => 0], $statuses());
        $this->assertSame(['S1:student', 'S2:student'], $this->roles('MATH'));
        $run = $this->run_file("cmd;cid;uid;rolename;enrol\nenable;MATH;S1;*;manual\ndisable;MATH;S2;;manual\n");
        $this->assertEquals(2, $run->applied);
        $this->assertSame(['manual' => 0, 'self' => 0], $statuses());
        $s2 = $this->users['S2']->id;
        $this->assertEquals(ENROL_USER_SUSPENDED, $DB->get_field('user_enrolments', 'status', ['userid' => $s2]));
    }

    public function test_the_list_of_changes_names_what_each_del_did(): void {
        $math = $this->courses['MATH']->id;
        foreach (['S1', 'S2'] as $user) {
            $this->getDataGenerator()->enrol_user($this->users[$user]->id, $math, 'student');
        }
        set_config('delactionnative', ENROL_EXT_REMOVED_SUSPENDNOROLES, 'tool_enrolsync');
        $run = $this->run_file("cmd;cid;uid;rolename\ndel;MATH;S1;student\nadd;PHYS;S3;student\ndel;MATH;S2;teacher\n");
        // S2 holds no teacher role: enrol_flatfile's rule leaves them enrolled as a student.
        $this->assertEquals([2, 1, 0], [$run->applied, $run->unchanged, $run->failed]);
        $changes = array_map(
            fn($change) => [$change['line'], $change['change'], $change['user'], $change['role']],
            \tool_enrolsync\local\journal::listing($run->id, 10)
        );
        $this->assertEqualsCanonicalizing(
            [[2, 'suspend', 'S1', ''], [2, 'unassign', 'S1', 'student'], [3, 'enrol', 'S3', 'student']],
            $changes
        );
        $this->assertSame(['S1' => 1, 'S2' => 0], $this->enrolments('MATH'));
        $this->assertSame(['S2:student'], $this->roles('MATH'));
    }

    public function test_roles_come_through_the_role_map_and_the_default_role(): void {
        set_config('rolemap', "Etudiant = student\nTeacher = editingteacher", 'tool_enrolsync');
        set_config('defaultrole', array_key_first(get_archetype_roles('student')), 'tool_enrolsync');
        $run = $this->run_file("cid;uid;rolename\nMATH;S1;ETUDIANT\nMATH;T1;teacher\nMATH;S2;\nMATH;S3;Student\nPHYS;S1;Learner\n");
        $this->assertEquals([4, 1], [$run->applied, $run->failed]);
        $this->assertSame(['S1:student', 'S2:student', 'S3:student', 'T1:editingteacher'], $this->roles('MATH'));
        $this->assertSame(['unknownrole'], array_column(run_report::failed_lines($run->id), 'key'));
    }
}
