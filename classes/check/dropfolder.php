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
use tool_enrolsync\run_files;

/**
 * Status check (Site administration > Reports > System status): can the scheduled task take files
 * from the drop folder (<dataroot>/sync)? Nothing to say without one; an error when something else
 * has its name (a symbolic link is never followed); information while the remote writer's lock
 * (alock.txt) is there, a warning once it is older than 3 hours; OK otherwise.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class dropfolder extends check {
    /**
     * Name of the check.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('checkdropfolder', 'tool_enrolsync');
    }

    /**
     * The result, from the drop folder as it is now.
     *
     * @return result
     */
    public function get_result(): result {
        $a = (object) ['folder' => run_files::drop_folder_path(), 'lock' => run_files::WRITER_LOCK];
        switch (run_files::drop_folder_state()) {
            case run_files::DROP_FOLDER_MISSING:
                return new result(result::NA, get_string('checkdropfolder_none', 'tool_enrolsync', $a));
            case run_files::DROP_FOLDER_NOT_FOLDER:
                return new result(result::ERROR, get_string('dropnotfolder', 'tool_enrolsync', $a->folder));
        }
        $since = run_files::writer_lock_time();
        if ($since === null) {
            return new result(result::OK, get_string('checkdropfolder_ok', 'tool_enrolsync', $a));
        }
        $a->since = userdate($since);
        if (time() - $since > run_files::STALE_LOCK) {
            return new result(result::WARNING, get_string('checkdropfolder_stalelock', 'tool_enrolsync', $a));
        }
        return new result(result::INFO, get_string('checkdropfolder_locked', 'tool_enrolsync', $a));
    }
}
