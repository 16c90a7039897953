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

namespace tool_enrolsync\task;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\task\feed_watch_task::class)]
/**
 * The hourly watch of the feed: one message when it is late, whatever the sync task's schedule.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\task\feed_watch_task
 */
final class feed_watch_task_test extends \advanced_testcase {
    public function test_it_tells_the_administrators_once_that_the_feed_is_late(): void {
        $this->resetAfterTest();
        $this->preventResetByRollback();
        $task = \core\task\manager::get_scheduled_task(feed_watch_task::class);
        $this->assertNotNull($task, 'declared in db/tasks.php');
        $this->assertSame('*', $task->get_hour());
        set_config('feedarrived', time() - 2 * DAYSECS, 'tool_enrolsync');

        $sink = $this->redirectMessages();
        ob_start();
        $task->execute();
        $task->execute();
        $output = ob_get_clean();

        $messages = array_filter($sink->get_messages(), fn($m) => $m->component === 'tool_enrolsync');
        $this->assertCount(1, $messages);
        $this->assertSame('runreport', reset($messages)->eventtype);
        $this->assertStringContainsString('No enrolment file has arrived since', $output);
    }
}
