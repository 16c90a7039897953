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
use tool_enrolsync\run_options;

/**
 * Applies one part of a run (see \tool_enrolsync\run_parts) with its run's options. Moodle tries
 * the task again if it fails; the part then plans again and does only what is left.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class apply_part_task extends \core\task\adhoc_task {
    /**
     * The task's name, as administrators see it.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_applypart', 'tool_enrolsync');
    }

    /**
     * Applies the part; the last part to finish prints the run's report. A part of a run that
     * was interrupted (its file is gone) ends at once: Moodle does not try it again.
     */
    public function execute() {
        global $DB;
        $data = $this->get_custom_data();
        $engine = new engine(new run_options((array) $data->options));
        $courseids = array_map('intval', $data->courseids);
        $run = $engine->apply_part((int) $data->partid, $courseids);
        $applied = $DB->record_exists_select('tool_enrolsync_parts', 'id = ? AND timefinished > 0', [$data->partid]);
        mtrace(get_string($applied ? 'partapplied' : 'partnotapplied', 'tool_enrolsync', (object) ['run' => $run->id,
            'courses' => count($courseids)]));
        if ($run->status === engine::STATUS_DONE) {
            mtrace(\tool_enrolsync\local\report_text::of_run($run));
        }
    }
}
