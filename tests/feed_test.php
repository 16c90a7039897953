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

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\feed::class)]
/**
 * When the feed last arrived, and the messages when it is late and when it is back.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\feed
 */
final class feed_test extends engine_testcase {
    /**
     * Puts the standard file in the command file area, as written at a time.
     *
     * @param int $written
     * @return \stored_file
     */
    private function standard_file_written(int $written): \stored_file {
        return get_file_storage()->create_file_from_string(['contextid' => \context_system::instance()->id,
            'component' => 'tool_enrolsync', 'filearea' => run_files::AREA_COMMANDS, 'itemid' => 0, 'filepath' => '/',
            'filename' => 'enrols.csv', 'timecreated' => $written, 'timemodified' => $written], self::FILE);
    }

    /**
     * The messages about the feed sent while $send runs.
     *
     * @param callable $send
     * @return \stdClass[]
     */
    private function feed_messages(callable $send): array {
        $sink = $this->redirectMessages();
        $send();
        $messages = array_values(array_filter($sink->get_messages(), fn($m) => $m->component === 'tool_enrolsync'));
        $sink->close();
        return $messages;
    }

    public function test_a_feed_arrives_when_the_scheduled_task_runs_a_new_standard_file(): void {
        $this->assertNull(feed::last_arrival());
        $this->assertFalse(feed::is_late(), 'no feed expected before the first one');

        $written = time() - HOURSECS;
        $this->standard_file_written($written);
        $this->execute_task(new task\sync_task());

        $this->assertSame($written, feed::last_arrival());
        $this->assertFalse(feed::is_late());
        $this->assertTrue(feed::is_late($written + 26 * HOURSECS + 1), 'expected every 26 hours by default');
        // Nothing new: the task skips quietly, and the feed is as old as it was.
        $this->execute_task(new task\sync_task());
        $this->assertSame($written, feed::last_arrival());
    }

    public function test_a_kept_file_run_again_is_no_new_feed(): void {
        set_config('fileaction', 'keep', 'tool_enrolsync');
        $written = time() - 3 * DAYSECS;
        $this->standard_file_written($written);

        $this->execute_task(new task\sync_task());

        // The file ran tonight, but it was written three days ago.
        $this->assertNotNull(run_files::standard_file('enrols.csv'));
        $this->assertSame($written, feed::last_arrival());
        $this->assertTrue(feed::is_late());
    }

    public function test_a_dry_run_or_a_file_uploaded_on_the_page_is_no_feed(): void {
        $this->standard_file_written(time());
        $options = new run_options(['dryrun' => true]);
        run_files::run_standard_file(new engine($options), engine::ORIGIN_PAGE, $options);
        $this->run_file(self::FILE);
        $this->assertNull(feed::last_arrival());

        // A file run for real from the command line is one: as old as the file.
        $path = make_request_directory() . '/export.csv';
        $written = time() - HOURSECS;
        file_put_contents($path, self::FILE);
        touch($path, $written);
        $run = (new engine(new run_options()))->run($path, 'export.csv', engine::ORIGIN_CLI);
        feed::ran($run, $written);
        $this->assertSame($written, feed::last_arrival());
        // Not when another run held the lock: nothing was read.
        feed::ran((object) ['id' => 0, 'status' => engine::STATUS_LOCKED, 'dryrun' => 0], time());
        $this->assertSame($written, feed::last_arrival());
    }

    public function test_administrators_are_told_once_when_it_is_late_and_once_when_it_is_back(): void {
        $this->preventResetByRollback();
        $written = time() - 2 * DAYSECS;
        $this->standard_file_written($written);
        $this->execute_task(new task\sync_task());
        $this->assertTrue(feed::is_late());

        $late = $this->feed_messages(fn() => feed::watch());
        $this->assertCount(1, $late);
        $this->assertSame('runreport', $late[0]->eventtype);
        $this->assertEquals(get_admin()->id, $late[0]->useridto);
        $this->assertStringContainsString('No enrolment file has arrived since', $late[0]->fullmessage);
        $this->assertStringContainsString(userdate($written), $late[0]->fullmessage);
        $this->assertSame([], $this->feed_messages(fn() => feed::watch()), 'told once, not at every cron run');

        $this->standard_file_written(time());
        $this->execute_task(new task\sync_task());
        $back = $this->feed_messages(fn() => feed::watch());
        $this->assertCount(1, $back);
        $this->assertStringContainsString('arrived again', $back[0]->subject);
        $this->assertSame([], $this->feed_messages(fn() => feed::watch()));
    }

    public function test_no_feed_is_expected_when_the_setting_is_0(): void {
        $this->preventResetByRollback();
        $this->standard_file_written(time() - 2 * DAYSECS);
        $this->execute_task(new task\sync_task());
        set_config('feedhours', 0, 'tool_enrolsync');

        $this->assertFalse(feed::is_late());
        $this->assertSame([], $this->feed_messages(fn() => feed::watch()));
    }
}
