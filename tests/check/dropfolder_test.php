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
use tool_enrolsync\run_files;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\check\dropfolder::class)]
/**
 * The status check of the drop folder.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\check\dropfolder
 */
final class dropfolder_test extends \advanced_testcase {
    /** @var string the drop folder's path */
    private string $folder;

    protected function setUp(): void {
        global $CFG;
        parent::setUp();
        $this->resetAfterTest();
        $this->folder = $CFG->dataroot . '/' . run_files::DROP_FOLDER;
        $this->remove_folder();
    }

    protected function tearDown(): void {
        $this->remove_folder();
        parent::tearDown();
    }

    /**
     * Removes the drop folder, or what stands in its place.
     */
    private function remove_folder(): void {
        if (is_link($this->folder) || is_file($this->folder)) {
            unlink($this->folder);
        }
        remove_dir($this->folder);
    }

    /**
     * The check's result.
     *
     * @return result
     */
    private function check_result(): result {
        return (new dropfolder())->get_result();
    }

    public function test_the_check_says_whether_the_task_can_take_files_from_the_drop_folder(): void {
        $this->assertSame(result::NA, $this->check_result()->get_status());

        mkdir($this->folder);
        $this->assertSame(result::OK, $this->check_result()->get_status());

        file_put_contents("$this->folder/alock.txt", '');
        $this->assertSame(result::INFO, $this->check_result()->get_status());
        $this->assertStringContainsString('alock.txt', $this->check_result()->get_summary());
        $since = time() - 3 * HOURSECS - 60;
        touch("$this->folder/alock.txt", $since);
        clearstatcache();
        $result = $this->check_result();
        $this->assertSame(result::WARNING, $result->get_status());
        $this->assertStringContainsString(userdate($since), $result->get_summary());
        $this->assertCount(1, array_filter(\core\check\manager::get_status_checks(), fn($c) => $c instanceof dropfolder));
    }

    public function test_a_drop_folder_that_is_a_link_or_a_file_is_an_error(): void {
        $elsewhere = make_request_directory();
        symlink($elsewhere, $this->folder);
        $result = $this->check_result();
        $this->assertSame(result::ERROR, $result->get_status());
        $this->assertStringContainsString('is not a folder', $result->get_summary());
        unlink($this->folder);
        file_put_contents($this->folder, '');
        $this->assertSame(result::ERROR, $this->check_result()->get_status());
    }
}
