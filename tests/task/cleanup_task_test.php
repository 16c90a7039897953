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

use tool_enrolsync\run_files;
defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\task\cleanup_task::class)]
/**
 * The cleanup of the run history: runs older than the retention setting go, with their failed
 * lines and files; the record of the enrolments the tool created stays.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\task\cleanup_task
 */
final class cleanup_task_test extends \tool_enrolsync\engine_testcase {
    /**
     * Runs a file with a failed line, dated $days days ago.
     *
     * @param int $days
     * @param int $parts the setting parts (the run's parts are applied before it returns)
     * @return int the run's id
     */
    private function old_run(int $days, int $parts = 0): int {
        global $DB;
        $run = $this->run_file(self::FILE . "MATH;NOBODY;student;;;;\n", ['parts' => $parts]);
        if ($parts) {
            ob_start();
            $this->runAdhocTasks(\tool_enrolsync\task\apply_part_task::class);
            ob_end_clean();
        }
        $DB->set_field('tool_enrolsync_runs', 'timestarted', time() - $days * DAYSECS, ['id' => $run->id]);
        return $run->id;
    }

    /**
     * Runs the cleanup task.
     *
     * @return string what it printed
     */
    private function clean(): string {
        return $this->execute_task(new \tool_enrolsync\task\cleanup_task());
    }

    public function test_runs_older_than_the_retention_go_with_their_lines_and_files(): void {
        global $DB;
        $old = $this->old_run(91, 2);
        $recent = $this->old_run(89);
        $managed = $DB->count_records('tool_enrolsync_managed');
        $this->assertEquals(2, $DB->count_records('tool_enrolsync_parts', ['runid' => $old]));
        $this->assertTrue($DB->record_exists(\tool_enrolsync\local\journal::TABLE, ['runid' => $old]));

        $this->assertStringContainsString('1 old runs deleted', $this->clean());

        $this->assertSame([$recent], array_map('intval', $DB->get_fieldset_select('tool_enrolsync_runs', 'id', '1 = 1')));
        $this->assertFalse($DB->record_exists('tool_enrolsync_lines', ['runid' => $old]));
        $this->assertFalse($DB->record_exists('tool_enrolsync_parts', ['runid' => $old]));
        $this->assertFalse($DB->record_exists(\tool_enrolsync\local\journal::TABLE, ['runid' => $old]));
        $this->assertTrue($DB->record_exists('tool_enrolsync_lines', ['runid' => $recent]));
        $this->assertNull(run_files::input($old));
        $this->assertNull(run_files::failed_lines_file($old));
        $this->assertNotNull(run_files::input($recent));
        $this->assertNotNull(run_files::failed_lines_file($recent));
        $this->assertEquals($managed, $DB->count_records('tool_enrolsync_managed'));
        $this->assertGreaterThan(0, $managed);
    }

    public function test_a_run_still_being_applied_is_never_cleaned_up(): void {
        global $DB;
        // Queued in parts long ago (cron was stopped), its parts not applied yet.
        $run = $this->run_file(self::FILE, ['parts' => 2]);
        $DB->set_field('tool_enrolsync_runs', 'timestarted', time() - 91 * DAYSECS, ['id' => $run->id]);

        $this->assertStringContainsString('0 old runs deleted', $this->clean());

        $this->assertNotNull(run_files::input($run->id));
        ob_start();
        $this->runAdhocTasks(\tool_enrolsync\task\apply_part_task::class);
        ob_end_clean();
        $this->assertSame(\tool_enrolsync\engine::STATUS_DONE, $DB->get_field('tool_enrolsync_runs', 'status', ['id' => $run->id]));
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
    }

    public function test_an_old_run_with_a_part_moodle_gave_up_on_is_cleaned_up(): void {
        global $DB;
        $run = $this->run_file(self::FILE, ['parts' => 2]);
        $DB->set_field('tool_enrolsync_runs', 'timestarted', time() - 91 * DAYSECS, ['id' => $run->id]);
        // Moodle tried one part's task for the last time: it will never be applied.
        $tasks = \core\task\manager::get_adhoc_tasks(\tool_enrolsync\task\apply_part_task::class);
        $DB->set_field('task_adhoc', 'attemptsavailable', 0, ['id' => reset($tasks)->get_id()]);

        $this->assertStringContainsString('1 old runs deleted', $this->clean());

        $this->assertFalse($DB->record_exists('tool_enrolsync_runs', ['id' => $run->id]));
        $this->assertNull(run_files::input($run->id));
    }

    /**
     * Puts a file in the command file area, created $days days ago.
     *
     * @param string $filepath
     * @param string $filename
     * @param int $days
     */
    private function command_file(string $filepath, string $filename, int $days): void {
        $record = [
            'contextid' => \context_system::instance()->id,
            'component' => 'tool_enrolsync',
            'filearea' => run_files::AREA_COMMANDS,
            'itemid' => 0,
            'filepath' => $filepath,
            'filename' => $filename,
            'timecreated' => time() - $days * DAYSECS,
            'timemodified' => time() - $days * DAYSECS,
        ];
        get_file_storage()->create_file_from_string($record, self::FILE);
    }

    /**
     * The files of the command file area: path and name, sorted.
     *
     * @return string[]
     */
    private function command_files(): array {
        $context = \context_system::instance();
        $area = run_files::AREA_COMMANDS;
        $files = get_file_storage()->get_area_files($context->id, 'tool_enrolsync', $area, 0, 'filepath, filename', false);
        return array_values(array_map(fn($file) => $file->get_filepath() . $file->get_filename(), $files));
    }

    public function test_archived_command_files_older_than_the_retention_go(): void {
        $this->command_file('/archive/', '20260101-021500-run1-enrols.csv', 91);
        $this->command_file('/archive/', '20260301-021500-run2-enrols.csv', 89);
        $this->command_file('/archive/2025/', 'kept-by-hand.csv', 400);
        // Files outside the archive are the operator's: the standard file, whatever its age.
        $this->command_file('/', 'enrols.csv', 400);
        $this->command_file('/sis/', 'feed.csv', 400);

        $this->assertStringContainsString('2 archived command files deleted', $this->clean());

        $kept = ['/enrols.csv', '/archive/20260301-021500-run2-enrols.csv', '/sis/feed.csv'];
        $this->assertSame($kept, $this->command_files());
    }

    public function test_a_retention_of_zero_days_keeps_the_history_for_ever(): void {
        global $DB;
        set_config('retentiondays', 0, 'tool_enrolsync');
        $this->old_run(4000);
        $this->command_file('/archive/', '20150101-021500-run1-enrols.csv', 4000);
        $this->assertSame('', $this->clean());
        $this->assertEquals(1, $DB->count_records('tool_enrolsync_runs'));
        $this->assertSame(['/archive/20150101-021500-run1-enrols.csv'], $this->command_files());
    }
}
