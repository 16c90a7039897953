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

namespace tool_enrolsync\privacy;

use core_privacy\local\metadata\collection;

/**
 * Privacy provider: what the plugin stores about users. Exporting and deleting it per user is
 * not written yet (see the closing note of the session that added the tables).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class provider implements \core_privacy\local\metadata\provider {
    /**
     * The tables that hold personal data.
     *
     * @param collection $collection
     * @return collection
     */
    public static function get_metadata(collection $collection): collection {
        $collection->add_database_table('tool_enrolsync_runs', [
            'userid' => 'privacy:metadata:tool_enrolsync_runs:userid',
            'timestarted' => 'privacy:metadata:tool_enrolsync_runs:timestarted',
        ], 'privacy:metadata:tool_enrolsync_runs');
        $collection->add_database_table('tool_enrolsync_lines', [
            'raw' => 'privacy:metadata:tool_enrolsync_lines:raw',
        ], 'privacy:metadata:tool_enrolsync_lines');
        $collection->add_database_table('tool_enrolsync_managed', [
            'userid' => 'privacy:metadata:tool_enrolsync_managed:userid',
        ], 'privacy:metadata:tool_enrolsync_managed');
        return $collection;
    }
}
