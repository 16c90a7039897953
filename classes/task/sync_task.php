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

use tool_enrolsync\engine;
use tool_enrolsync\run_files;
use tool_enrolsync\run_options;

/**
 * Brings the drop folder's files into the command file area, then applies the standard file.
 * Without a standard file, it skips quietly when the file is archived or deleted after each run
 * (no file means nothing new), and says so when the file is meant to be kept.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class sync_task extends \core\task\scheduled_task {
    /**
     * The task's name, as administrators see it.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_sync', 'tool_enrolsync');
    }

    /**
     * Runs the engine on the standard file.
     */
    public function execute() {
        $options = new run_options();
        foreach (run_files::pickup_drop_folder() as $name) {
            mtrace(get_string('droppedfile', 'tool_enrolsync', $name));
        }
        $run = run_files::run_standard_file(new engine($options), engine::ORIGIN_TASK, $options);
        if (!$run) {
            if ($options->get('fileaction') === 'keep') {
                mtrace(get_string('nostandardfile', 'tool_enrolsync', $options->get('standardfile')));
            }
            return;
        }
        mtrace(\tool_enrolsync\local\report_text::of_run($run));
    }
}
