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
 * The file size limit (setting maxfilesize): a larger file is rejected before it is read.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\engine
 */
final class file_size_test extends engine_testcase {
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
}
