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
use tool_enrolsync\local\journal;
use tool_enrolsync\run_files;
use tool_enrolsync\run_options;
use tool_enrolsync\run_parts;

/**
 * Forgets runs older than the history retention setting: their records, failed lines and files,
 * and the command files archived (under archive/ in the command file area) before then. What
 * the runs did to enrolments stays, and so does the record of the enrolments the tool created
 * (full sync needs it whatever the age of the run). A run that is not finished is never
 * touched: one still running, or still being applied by its parts, which read its file; but an
 * old run with a part Moodle gave up on (it will never be finished) is forgotten like the others.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class cleanup_task extends \core\task\scheduled_task {
    /**
     * The task's name, as administrators see it.
     *
     * @return string
     */
    public function get_name() {
        return get_string('task_cleanup', 'tool_enrolsync');
    }

    /**
     * Deletes the old runs and archived files (none when the retention is 0 days: history is then
     * kept for ever).
     */
    public function execute() {
        global $DB;
        $days = (int) (new run_options())->get('retentiondays');
        if ($days <= 0) {
            return;
        }
        $before = time() - $days * DAYSECS;
        [$unfinished, $params] = $DB->get_in_or_equal([engine::STATUS_RUNNING, engine::STATUS_APPLYING], SQL_PARAMS_QM, '', false);
        $runids = $DB->get_fieldset_select(
            'tool_enrolsync_runs',
            'id',
            "timestarted < ? AND status $unfinished",
            array_merge([$before], $params)
        );
        $applying = $DB->get_fieldset_select(
            'tool_enrolsync_runs',
            'id',
            'timestarted < ? AND status = ?',
            [$before, engine::STATUS_APPLYING]
        );
        // Moodle gave up on a part of these: they will never be finished.
        $abandoned = array_filter($applying, fn($runid) => run_parts::failure($runid) === run_parts::ABANDONED);
        $runids = array_merge($runids, $abandoned);
        foreach (array_chunk($runids, 1000) as $chunk) {
            $transaction = $DB->start_delegated_transaction();
            foreach ($chunk as $runid) {
                run_files::delete_run_files($runid);
            }
            [$insql, $inparams] = $DB->get_in_or_equal($chunk);
            $DB->delete_records_select(
                'tool_enrolsync_lineusers',
                "lineid IN (SELECT id FROM {tool_enrolsync_lines} WHERE runid $insql)",
                $inparams
            );
            $DB->delete_records_list('tool_enrolsync_lines', 'runid', $chunk);
            journal::delete($chunk);
            run_parts::delete($chunk);
            $DB->delete_records_list('tool_enrolsync_runs', 'id', $chunk);
            $transaction->allow_commit();
        }
        mtrace(get_string('cleanupdone', 'tool_enrolsync', count($runids)));
        $archived = run_files::delete_archived_files($before);
        if ($archived) {
            mtrace(get_string('cleanuparchived', 'tool_enrolsync', $archived));
        }
    }
}
