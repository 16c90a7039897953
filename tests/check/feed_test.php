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
use tool_enrolsync\feed;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\check\feed::class)]
/**
 * The status check of the feed: has a file arrived in the hours the setting expects?
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\check\feed
 */
final class feed_test extends \advanced_testcase {
    public function test_the_check_warns_once_no_feed_arrived_for_longer_than_expected(): void {
        $this->resetAfterTest();
        $check = new \tool_enrolsync\check\feed();
        $this->assertContains(\tool_enrolsync\check\feed::class, array_map('get_class', tool_enrolsync_status_checks()));
        $this->assertSame(result::NA, $check->get_result()->get_status(), 'no feed yet: none expected');

        $arrived = time() - 25 * HOURSECS;
        set_config('feedarrived', $arrived, 'tool_enrolsync');
        $this->assertSame(result::OK, $check->get_result()->get_status());
        $this->assertStringContainsString(userdate($arrived), $check->get_result()->get_summary());

        $arrived = time() - 27 * HOURSECS;
        set_config('feedarrived', $arrived, 'tool_enrolsync');
        $result = $check->get_result();
        $this->assertSame(result::WARNING, $result->get_status());
        $expected = 'No enrolment file has arrived since ' . userdate($arrived) . ' (one is expected at least every 26 hours).';
        $this->assertSame($expected, $result->get_summary());
        $this->assertStringContainsString('admin/tool/enrolsync/index.php', $check->get_action_link()->url->out(false));

        set_config('feedhours', 30, 'tool_enrolsync');
        $this->assertSame(result::OK, $check->get_result()->get_status());
        set_config('feedhours', 0, 'tool_enrolsync');
        $this->assertSame(result::NA, $check->get_result()->get_status());
    }
}
