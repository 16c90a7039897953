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

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\run_parts::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\task\apply_part_task::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\engine::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\executor::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\output\report::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\report_text::class)]
/**
 * Runs applied in parts by adhoc tasks (setting parts): the same outcome as a single run.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\run_parts
 * @covers     \tool_enrolsync\task\apply_part_task
 * @covers     \tool_enrolsync\engine
 * @covers     \tool_enrolsync\local\executor
 * @covers     \tool_enrolsync\output\report
 * @covers     \tool_enrolsync\local\report_text
 */
final class run_parts_test extends engine_testcase {
    /**
     * Runs the queued part tasks as cron would.
     *
     * @return string what they printed
     */
    private function run_part_tasks(): string {
        ob_start();
        $this->runAdhocTasks(task\apply_part_task::class);
        return ob_get_clean();
    }

    public function test_a_run_in_parts_reaches_the_outcome_of_a_single_run(): void {
        global $DB, $PAGE;
        $planned = $this->run_file(self::FILE, ['dryrun' => true]);
        $run = $this->run_file(self::FILE, ['parts' => 2]);

        // Planned and recorded, applied by nobody yet.
        $this->assertSame(engine::STATUS_APPLYING, $run->status);
        $this->assertEquals([4, 4, 0], [$run->linecount, $run->applied, $run->failed]);
        $this->assertSame([], $this->enrolments('MATH'));
        $this->assertCount(2, \core\task\manager::get_adhoc_tasks(task\apply_part_task::class));
        $this->assertEquals([1, 1], array_values($DB->get_fieldset_select(
            'tool_enrolsync_parts',
            'courses',
            'runid = ? ORDER BY id',
            [$run->id]
        )));
        $report = (new output\report($run, 0))->export_for_template($PAGE->get_renderer('core'));
        $this->assertEquals([true, []], [$report['applying'], $report['operations']]);
        $this->assertStringContainsString(
            'Being applied by adhoc tasks, in parts',
            local\report_text::text(run_report::summary($run), [])
        );
        // Until its parts are applied, a new run would overlap it.
        $this->assertSame(engine::STATUS_LOCKED, $this->run_file(self::FILE)->status);

        $output = $this->run_part_tasks();

        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
        $this->assertSame(['S1' => 0], $this->enrolments('PHYS'));
        $this->assertSame(['S1:student', 'S2:student', 'T1:editingteacher'], $this->roles('MATH'));
        $this->assertSame(['Group A' => ['S1'], 'Group B' => ['S2']], $this->group_members('MATH'));
        $this->assertEquals(4, $DB->count_records('tool_enrolsync_managed', ['runid' => $run->id]));
        $done = $DB->get_record('tool_enrolsync_runs', ['id' => $run->id]);
        $this->assertSame(engine::STATUS_DONE, $done->status);
        $this->assertEquals(json_decode($planned->operations, true), json_decode($done->operations, true));
        $this->assertEquals(0, $done->opsfailed);
        $this->assertStringContainsString("Run {$run->id}: a part of 1 course(s) applied", $output);
        $report = (new output\report($done, 0))->export_for_template($PAGE->get_renderer('core'));
        $this->assertFalse($report['applying']);

        // Nothing left to do: the same file again is done at once, and writes nothing.
        $before = $this->table_counts();
        $again = $this->run_file(self::FILE, ['parts' => 2]);
        $this->assertSame(engine::STATUS_DONE, $again->status);
        $this->assertEquals([0, 4], [$again->applied, $again->unchanged]);
        $this->assertSame($before, $this->table_counts());
        $this->assertSame([], \core\task\manager::get_adhoc_tasks(task\apply_part_task::class));
    }

    public function test_a_part_plans_again_and_does_only_what_is_left(): void {
        global $DB;
        $run = $this->run_file(self::FILE, ['parts' => 1]);
        // Between the run and its part, someone enrols S2 by hand, with the file's role but not its dates.
        $this->getDataGenerator()->enrol_user($this->users['S2']->id, $this->courses['MATH']->id, 'student');

        $this->run_part_tasks();

        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
        $this->assertSame(['S1:student', 'S2:student', 'T1:editingteacher'], $this->roles('MATH'));
        $this->assertSame(['Group A' => ['S1'], 'Group B' => ['S2']], $this->group_members('MATH'));
        $done = $DB->get_record('tool_enrolsync_runs', ['id' => $run->id]);
        $this->assertEquals(
            ['enrol' => 3, 'update' => 1, 'creategroup' => 2, 'addmember' => 2],
            json_decode($done->operations, true)
        );

        // A part that ran to the end already (its task failed afterwards, and Moodle tries it again)
        // does nothing more.
        $part = $DB->get_record('tool_enrolsync_parts', ['runid' => $run->id]);
        $before = $this->table_counts();
        $again = (new engine(new run_options()))->apply_part($part->id, [$this->courses['MATH']->id]);
        $this->assertSame(engine::STATUS_DONE, $again->status);
        $this->assertSame($before, $this->table_counts());
    }

    public function test_a_run_whose_file_is_gone_is_interrupted_at_once_and_frees_the_lock(): void {
        global $DB;
        $run = $this->run_file(self::FILE, ['parts' => 2]);
        run_files::input($run->id)->delete();
        $before = $this->table_counts();
        $sink = $this->redirectMessages();

        // Both parts end at once, without error (Moodle does not try them again for days).
        $output = $this->run_part_tasks();

        $this->assertSame($before, $this->table_counts());
        $this->assertSame([], \core\task\manager::get_adhoc_tasks(task\apply_part_task::class));
        $interrupted = $DB->get_record('tool_enrolsync_runs', ['id' => $run->id]);
        $this->assertEquals([engine::STATUS_INTERRUPTED, 'runinput', 0], [$interrupted->status, $interrupted->errorkey,
            $interrupted->applied]);
        $message = run_report::summary($interrupted)['error']['message'];
        $this->assertStringContainsString("The file of run {$run->id} is no longer kept", $message);
        $this->assertStringContainsString("Run {$run->id} was interrupted: its part of 1 course(s) was not applied", $output);
        $this->assertCount(1, array_filter($sink->get_messages(), fn($m) => $m->eventtype === 'runreport'));
        // The next run is not kept waiting.
        $this->assertSame(engine::STATUS_DONE, $this->run_file(self::FILE)->status);
    }

    public function test_a_part_applies_only_the_removals_its_run_decided(): void {
        global $DB;
        $this->managed_students('MATH', 11);
        $math = $this->courses['MATH']->id;
        $status = fn(string $user, int $value) => $DB->set_field_select(
            'user_enrolments',
            'status',
            $value,
            'userid = ? AND enrolid IN (SELECT id FROM {enrol} WHERE courseid = ?)',
            [$this->users[$user]->id, $math]
        );
        // U11 was suspended already: suspending it again removes nothing.
        $status('U11', ENROL_USER_SUSPENDED);
        $lines = array_map(fn($i) => "add;MATH;U$i;student", range(1, 9));
        // U10 goes: 1 of the 10 active managed enrolments, within the threshold of 10 %.
        $run = $this->run_file(self::MANAGED_HEADER . implode("\n", $lines) . "\n", ['parts' => 1, 'fullsync' => 1]);
        $this->assertSame(engine::STATUS_APPLYING, $run->status);
        // Before the part is applied, someone reactivates U11: suspending it now is a removal the
        // run never weighed against its threshold.
        $status('U11', ENROL_USER_ACTIVE);

        $this->run_part_tasks();

        $enrolments = $this->enrolments('MATH');
        $this->assertEquals([1, 0], [$enrolments['U10'], $enrolments['U11']]);
        $done = $DB->get_record('tool_enrolsync_runs', ['id' => $run->id]);
        $this->assertSame(['suspend' => 1], json_decode($done->operations, true));
        $this->assertStringContainsString(
            '1 removal(s) of full sync were not applied',
            implode("\n", run_report::notices($done))
        );
    }

    public function test_a_part_tried_again_forgets_the_failed_lines_of_its_first_attempt(): void {
        global $DB;
        $this->preventResetByRollback();
        $math = (int) $this->courses['MATH']->id;
        $lab = $this->getDataGenerator()->create_group(['courseid' => $math, 'name' => 'Lab']);
        $run = $this->run_file("cid;uid;rolename;gcmd;g1\nMATH;S1;student;gaddcreate;Lab\n", ['parts' => 1]);
        $part = $DB->get_record('tool_enrolsync_parts', ['runid' => $run->id]);
        // First attempt: the group goes away once the part has planned (adding S1 to it fails),
        // and the task dies before it records that the part is done.
        $progress = $this->when_writes_begin(fn() => groups_delete_group($lab->id));
        try {
            $this->with_failing_writes('tool_enrolsync_parts', 'UPDATE', 1, fn() =>
                (new engine(new run_options(), $progress))->apply_part($part->id, [$math]));
            $this->fail('the first attempt dies');
        } catch (\dml_exception $e) {
            $this->assertSame([[2, 'opfailed']], array_map(
                fn($line) => [$line['line'], $line['key']],
                run_report::failed_lines($run->id)
            ));
        }

        // Moodle tries the task again: the part plans again (the group is created) and applies it all.
        $done = (new engine(new run_options()))->apply_part($part->id, [$math]);

        $this->assertSame(engine::STATUS_DONE, $done->status);
        $this->assertSame(['Lab' => ['S1']], $this->group_members('MATH'));
        $this->assertEquals([1, 0, 0], [$done->applied, $done->failed, $done->opsfailed]);
        $this->assertSame([], run_report::failed_lines($run->id));
        $this->assertNull(run_files::failed_lines_file($run->id));
        $this->assertSame(['creategroup' => 1, 'enrol' => 1, 'addmember' => 1], json_decode($done->operations, true));
    }

    public function test_a_part_tried_again_forgets_a_line_that_failed_as_enrolled_meanwhile(): void {
        global $DB;
        $this->preventResetByRollback();
        $math = (int) $this->courses['MATH']->id;
        $run = $this->run_file("cid;uid;rolename\nMATH;S1;student\n", ['parts' => 1]);
        $part = $DB->get_record('tool_enrolsync_parts', ['runid' => $run->id]);
        // First attempt: a teacher enrols S1 once the part has planned (its line fails), and the
        // task dies before it records that the part is done.
        $student = $DB->get_field('role', 'id', ['shortname' => 'student']);
        $teacher = fn() => $this->getDataGenerator()->enrol_user($this->users['S1']->id, $math, $student);
        $progress = $this->when_writes_begin($teacher);
        try {
            $this->with_failing_writes('tool_enrolsync_parts', 'UPDATE', 1, fn() =>
                (new engine(new run_options(), $progress))->apply_part($part->id, [$math]));
            $this->fail('the first attempt dies');
        } catch (\dml_exception $e) {
            $this->assertSame([[2, 'enrolledmeanwhile']], array_map(
                fn($line) => [$line['line'], $line['key']],
                run_report::failed_lines($run->id)
            ));
        }

        // Moodle tries the task again: the part plans again, and finds S1 enrolled as the line asks.
        $done = (new engine(new run_options()))->apply_part($part->id, [$math]);

        $this->assertSame(engine::STATUS_DONE, $done->status);
        // The run's plan counted the line as applied; nothing failed in the end.
        $this->assertEquals([1, 0, 0], [$done->applied, $done->failed, $done->opsfailed]);
        $this->assertSame([], json_decode($done->operations, true));
        $this->assertSame([], run_report::failed_lines($run->id));
        $this->assertFalse($DB->record_exists('tool_enrolsync_managed', ['userid' => $this->users['S1']->id]));
    }

    public function test_full_sync_in_parts_removes_what_the_file_no_longer_lists(): void {
        $this->run_file("cid;uid;rolename\nMATH;S1;student\nMATH;S2;student\nPHYS;S3;student\n");
        $run = $this->run_file(
            "cid;uid;rolename\nMATH;S1;student\n",
            ['parts' => 2, 'fullsync' => 1, 'removalaction' => 'unenrol', 'threshold' => 70]
        );
        $this->assertSame(engine::STATUS_APPLYING, $run->status);

        $this->run_part_tasks();

        // PHYS, which the file no longer names, is one part: its own snapshot holds 1 managed
        // enrolment of 1, above the threshold, yet the run as a whole (2 of 3) was within it.
        $this->assertSame(['S1' => 0], $this->enrolments('MATH'));
        $this->assertSame([], $this->enrolments('PHYS'));
    }

    public function test_a_run_is_started_once_a_cron_worker_takes_a_part_or_a_part_is_recorded(): void {
        global $DB;
        $run = $this->run_file(self::FILE, ['parts' => 2]);
        $this->assertFalse(run_parts::started($run->id));

        $task = \core\task\manager::get_adhoc_tasks(task\apply_part_task::class);
        $DB->set_field('task_adhoc', 'timestarted', time(), ['id' => reset($task)->get_id()]);
        $this->assertTrue(run_parts::started($run->id));

        $DB->set_field('task_adhoc', 'timestarted', null);
        $part = $DB->get_record('tool_enrolsync_parts', ['runid' => $run->id], '*', IGNORE_MULTIPLE);
        run_parts::record($part, []);
        $this->assertTrue(run_parts::started($run->id));
        // Another run's parts say nothing of this one's.
        $this->assertFalse(run_parts::started($run->id + 1));
    }

    public function test_split_balances_the_operations_of_the_parts(): void {
        $lines = ["cid;uid;rolename"];
        $members = ['MATH' => ['S1', 'S2', 'S3', 'T1'], 'PHYS' => ['S1', 'S2'], 'CHEM' => ['S1'], 'BIO' => ['S3']];
        foreach ($members as $course => $users) {
            $this->courses[$course] ??= $this->getDataGenerator()->create_course(['shortname' => $course]);
            foreach ($users as $user) {
                $lines[] = "$course;$user;student";
            }
        }
        $file = \EnrolSync\File::from_string(implode("\n", $lines) . "\n", []);
        $plan = $file->plan(local\state_reader::read($file, new run_options()), ['now' => time()]);
        $id = fn(string $shortname) => (int) $this->courses[$shortname]->id;

        // 4, 2, 1 and 1 enrolments: the largest course alone, the three others together.
        $this->assertSame([[$id('MATH')], [$id('PHYS'), $id('CHEM'), $id('BIO')]], run_parts::split($plan, 2));
        $this->assertCount(4, run_parts::split($plan, 10));
        $this->assertCount(1, run_parts::split($plan, 1));
    }
}
