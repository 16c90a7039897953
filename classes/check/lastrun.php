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
use tool_enrolsync\engine;
use tool_enrolsync\run_parts;

/**
 * Status check (Site administration > Reports > System status): how did the last scheduled run
 * go? OK when it applied every line; a warning when lines or operations failed; an error when
 * its file was rejected, full sync refused, or the run died (a run still marked running while no
 * run holds the lock is marked interrupted here); nothing to say before the first one. A run in parts:
 * information while its parts are applied, a warning when one of them failed.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class lastrun extends check {
    /**
     * Name of the check.
     *
     * @return string
     */
    public function get_name(): string {
        return get_string('checklastrun', 'tool_enrolsync');
    }

    /**
     * A link to the run's report.
     *
     * @return \action_link|null
     */
    public function get_action_link(): ?\action_link {
        $run = self::last_run();
        return $run ? new \action_link(
            new \moodle_url('/admin/tool/enrolsync/index.php', ['runid' => $run->id]),
            get_string('report', 'tool_enrolsync')
        ) : null;
    }

    /**
     * The result, from the last real run of the scheduled task.
     *
     * @return result
     */
    public function get_result(): result {
        self::mark_dead_runs();
        $run = self::last_run();
        if (!$run) {
            return new result(result::NA, get_string('checklastrun_none', 'tool_enrolsync'));
        }
        $a = (object) ['time' => userdate($run->timestarted), 'failed' => $run->failed, 'operations' => $run->opsfailed,
            'status' => get_string('status_' . $run->status, 'tool_enrolsync')];
        if ($run->status === engine::STATUS_RUNNING) {
            return new result(result::INFO, get_string('checklastrun_running', 'tool_enrolsync', $a));
        }
        if ($run->status === engine::STATUS_APPLYING) {
            [$status, $summary] = match (run_parts::failure($run->id)) {
                run_parts::ABANDONED => [result::ERROR, 'checklastrun_partabandoned'],
                run_parts::FAILING => [result::WARNING, 'checklastrun_partfailed'],
                null => [result::INFO, 'checklastrun_applying'],
            };
            return new result($status, get_string($summary, 'tool_enrolsync', $a));
        }
        if ($run->status !== engine::STATUS_DONE) {
            return new result(result::ERROR, get_string('checklastrun_error', 'tool_enrolsync', $a));
        }
        if ($run->failed || $run->opsfailed) {
            return new result(result::WARNING, get_string('checklastrun_warning', 'tool_enrolsync', $a));
        }
        return new result(result::OK, get_string('checklastrun_ok', 'tool_enrolsync', $a));
    }

    /**
     * Marks the runs whose process died as interrupted: those still marked running while no run
     * holds the lock (a run holds it from start to end).
     */
    private static function mark_dead_runs(): void {
        global $DB;
        if (!$DB->record_exists('tool_enrolsync_runs', ['status' => engine::STATUS_RUNNING])) {
            return;
        }
        $lock = \core\lock\lock_config::get_lock_factory('tool_enrolsync')->get_lock('run', 0);
        if ($lock) {
            try {
                engine::mark_interrupted();
            } finally {
                $lock->release();
            }
        }
    }

    /**
     * The last run of the scheduled task that was not a dry run, if any.
     *
     * @return \stdClass|null
     */
    private static function last_run(): ?\stdClass {
        global $DB;
        $runs = $DB->get_records('tool_enrolsync_runs', ['origin' => engine::ORIGIN_TASK, 'dryrun' => 0], 'id DESC', '*', 0, 1);
        return reset($runs) ?: null;
    }
}
