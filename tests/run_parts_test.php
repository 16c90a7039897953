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
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\run_parts::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\task\apply_part_task::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\engine::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\executor::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\output\report::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\report_text::class)]
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

    public function test_a_part_whose_file_is_gone_fails_with_a_clear_error_and_writes_nothing(): void {
        global $DB;
        $run = $this->run_file(self::FILE, ['parts' => 1]);
        run_files::input($run->id)->delete();
        $part = $DB->get_record('tool_enrolsync_parts', ['runid' => $run->id]);
        $before = $this->table_counts();
        try {
            (new engine(new run_options()))->apply_part($part->id, [$this->courses['MATH']->id]);
            $this->fail('a part without its file was applied');
        } catch (\moodle_exception $e) {
            $this->assertSame('error_runinput', $e->errorcode);
            $this->assertStringContainsString("The file of run {$run->id} is no longer kept", $e->getMessage());
        }
        $this->assertSame($before, $this->table_counts());
        $this->assertSame(engine::STATUS_APPLYING, $DB->get_field('tool_enrolsync_runs', 'status', ['id' => $run->id]));
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
