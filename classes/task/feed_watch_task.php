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

use tool_enrolsync\feed;

/**
 * Every hour, whatever the sync task's schedule: tells the administrators once when the feed
 * becomes late, and once when it arrives again (see \tool_enrolsync\feed).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class feed_watch_task extends \core\task\scheduled_task {
    /**
     * The task's name, as administrators see it.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_feedwatch', 'tool_enrolsync');
    }

    /**
     * Watches the feed, and says in the task's log how it is.
     */
    public function execute() {
        foreach (feed::watch() as $failure) {
            mtrace($failure);
        }
        mtrace((new \tool_enrolsync\check\feed())->get_result()->get_summary());
    }
}
