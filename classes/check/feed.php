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

use core\check\check;
use core\check\result;

/**
 * Status check (Site administration > Reports > System status): has the feed arrived in the hours
 * the setting feedhours expects (see \tool_enrolsync\feed)? OK when it has, a warning saying since
 * when when it has not; nothing to say when no feed is expected, or before the first one.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class feed extends check {
    /**
     * Name of the check.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('checkfeed', 'tool_enrolsync');
    }

    /**
     * A link to the tool's page: its history, and its command files.
     *
     * @return \action_link|null
     */
    public function get_action_link(): ?\action_link {
        return new \action_link(
            new \moodle_url('/admin/tool/enrolsync/index.php'),
            get_string('pluginname', 'tool_enrolsync')
        );
    }

    /**
     * The result.
     *
     * @return result
     */
    public function get_result(): result {
        $arrived = \tool_enrolsync\feed::last_arrival();
        $hours = \tool_enrolsync\feed::hours();
        if ($hours <= 0 || $arrived === null) {
            return new result(result::NA, get_string($hours <= 0 ? 'checkfeed_off' : 'checkfeed_none', 'tool_enrolsync'));
        }
        $a = (object) ['time' => userdate($arrived), 'hours' => $hours];
        if (\tool_enrolsync\feed::is_late()) {
            return new result(result::WARNING, get_string('checkfeed_late', 'tool_enrolsync', $a));
        }
        return new result(result::OK, get_string('checkfeed_ok', 'tool_enrolsync', $a));
    }
}
