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

namespace tool_enrolsync\check;

use core\check\result;
use tool_enrolsync\engine;
use tool_enrolsync\run_files;
use tool_enrolsync\run_parts;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\check\lastrun::class)]
/**
 * The status check of the last scheduled run.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\check\lastrun
 */
final class lastrun_test extends \tool_enrolsync\engine_testcase {
    /**
     * Lets the scheduled task run a standard file with this content.
     *
     * @param string $content
     */
    private function task_runs(string $content): void {
        $this->put_command_file('enrols.csv', $content);
        $this->execute_task(new \tool_enrolsync\task\sync_task());
    }

    public function test_the_check_follows_the_last_real_run_of_the_task(): void {
        $check = new \tool_enrolsync\check\lastrun();
        $this->assertSame(result::NA, $check->get_result()->get_status());
        $this->assertNull($check->get_action_link());

        $this->task_runs(self::FILE);
        $this->assertSame(result::OK, $check->get_result()->get_status());
        $this->assertStringContainsString('runid=', $check->get_action_link()->url->out(false));

        $this->task_runs("cid;uid;rolename\nMATH;NOBODY;student\n");
        $this->assertSame(result::WARNING, $check->get_result()->get_status());
        $this->assertStringContainsString('1 line(s) failed', $check->get_result()->get_summary());

        // Dry runs and runs from the page or the command line do not count.
        $this->run_file("cid;uid;colour\nMATH;S1;blue\n");
        $this->assertSame(result::WARNING, $check->get_result()->get_status());

        $this->task_runs("cid;uid;colour\nMATH;S1;blue\n");
        $this->assertSame(result::ERROR, $check->get_result()->get_status());
        $this->assertContains('tool_enrolsync', array_map(fn($c) => $c->get_component(), \core\check\manager::get_status_checks()));
    }

    public function test_a_run_whose_process_died_is_marked_interrupted_and_reported(): void {
        global $DB, $CFG;
        $this->task_runs(self::FILE);
        // A run killed with its process: still marked running, and no run holds the lock.
        $run = $DB->get_record('tool_enrolsync_runs', []);
        $DB->set_field('tool_enrolsync_runs', 'status', engine::STATUS_RUNNING, ['id' => $run->id]);
        // PostgreSQL's advisory locks are re-entrant within one connection: file locks are not.
        $CFG->lock_factory = '\\core\\lock\\file_lock_factory';
        $lock = \core\lock\lock_config::get_lock_factory('tool_enrolsync')->get_lock('run', 0);
        try {
            // While a run holds the lock, it is alive.
            $this->assertSame(result::INFO, (new \tool_enrolsync\check\lastrun())->get_result()->get_status());
        } finally {
            $lock->release();
        }
        $sink = $this->redirectMessages();
        $result = (new \tool_enrolsync\check\lastrun())->get_result();

        $this->assertSame(result::ERROR, $result->get_status());
        $this->assertStringContainsString(get_string('status_interrupted', 'tool_enrolsync'), $result->get_summary());
        $this->assertSame(engine::STATUS_INTERRUPTED, $DB->get_field('tool_enrolsync_runs', 'status', ['id' => $run->id]));
        $this->assertCount(1, array_filter($sink->get_messages(), fn($m) => $m->eventtype === 'runreport'));
    }

    public function test_a_run_in_parts_is_being_applied_until_its_last_part_is(): void {
        global $DB;
        set_config('parts', 2, 'tool_enrolsync');
        $this->task_runs(self::FILE);
        $check = new \tool_enrolsync\check\lastrun();
        $this->assertSame(result::INFO, $check->get_result()->get_status());
        $this->assertStringContainsString('being applied by adhoc tasks', $check->get_result()->get_summary());
        // Its file is archived at once: the parts read the run's own copy.
        $this->assertNull(run_files::standard_file('enrols.csv'));

        // A part fails (cron marks its task so): Moodle will try it again later; the run waits.
        $task = \core\task\manager::get_next_adhoc_task(time() + 1, false, \tool_enrolsync\task\apply_part_task::class);
        \core\task\manager::adhoc_task_failed($task);
        $this->assertSame(result::WARNING, $check->get_result()->get_status());
        $this->assertStringContainsString('a part of the run failed', $check->get_result()->get_summary());
        // Cron tries it again, with the other part, and both succeed.
        ob_start();
        $this->runAdhocTasks(\tool_enrolsync\task\apply_part_task::class);
        $output = ob_get_clean();
        $this->assertSame(result::OK, $check->get_result()->get_status());
        // The last part prints the run's report, as the scheduled task does.
        $this->assertStringContainsString('4 applied, 0 unchanged, 0 failed', $output);
        $this->assertEquals(1, $DB->count_records('tool_enrolsync_runs'));
    }

    public function test_a_part_moodle_gave_up_on_leaves_the_run_incomplete(): void {
        global $DB;
        set_config('parts', 2, 'tool_enrolsync');
        $this->task_runs(self::FILE);
        $check = new \tool_enrolsync\check\lastrun();

        // The last attempt of a part fails: Moodle keeps the task but runs it no more.
        $task = \core\task\manager::get_next_adhoc_task(time() + 1, false, \tool_enrolsync\task\apply_part_task::class);
        $task->set_attempts_available(1);
        \core\task\manager::adhoc_task_failed($task);
        $this->assertSame(result::ERROR, $check->get_result()->get_status());
        $this->assertStringContainsString('Moodle no longer tries it', $check->get_result()->get_summary());

        // The other part is applied; the run stays incomplete, also once Moodle deletes the task.
        $other = \core\task\manager::get_next_adhoc_task(time() + 1, false, \tool_enrolsync\task\apply_part_task::class);
        $this->assertNotEquals($task->get_id(), $other->get_id());
        ob_start();
        $other->execute();
        ob_end_clean();
        \core\task\manager::adhoc_task_complete($other);
        $this->assertSame(result::ERROR, $check->get_result()->get_status());
        // A new run does not wait for the part given up.
        $this->assertFalse(run_parts::pending());
        $DB->delete_records('task_adhoc', ['classname' => '\\' . \tool_enrolsync\task\apply_part_task::class]);
        $this->assertSame(result::ERROR, $check->get_result()->get_status());
        $this->assertEquals(1, $DB->count_records('tool_enrolsync_parts', ['timefinished' => 0]));
    }
}
