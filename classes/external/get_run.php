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

namespace tool_enrolsync\external;

use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_single_structure;
use core_external\external_value;

/**
 * The web service tool_enrolsync_get_run: a run's status and report, by id or the latest, with
 * its failed lines and (for a run full sync's threshold refused) its removals a page at a time.
 * A client polls it for a run that tool_enrolsync_run_file queued.
 *
 * @package    tool_enrolsync
 * @category   external
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_run extends external_api {
    /**
     * The parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'runid' => new external_value(PARAM_INT, 'The run; 0: the latest run', VALUE_DEFAULT, 0),
            'page' => new external_value(PARAM_INT, 'The page of failed lines and removals, from 0', VALUE_DEFAULT, 0),
            'perpage' => new external_value(
                PARAM_INT,
                'Failed lines (and removals) per page, 1 to ' . get_changes::MAX_PER_PAGE,
                VALUE_DEFAULT,
                get_changes::PER_PAGE
            ),
        ]);
    }

    /**
     * The run's report.
     *
     * @param int $runid 0: the latest
     * @param int $page
     * @param int $perpage
     * @return array
     */
    public static function execute(int $runid = 0, int $page = 0, int $perpage = get_changes::PER_PAGE): array {
        global $DB;
        $params = self::validate_parameters(
            self::execute_parameters(),
            ['runid' => $runid, 'page' => $page, 'perpage' => $perpage]
        );
        $context = \context_system::instance();
        self::validate_context($context);
        require_capability('tool/enrolsync:run', $context);
        get_changes::check_page($params['page'], $params['perpage']);
        $runid = $params['runid'] ?: (int) $DB->get_field_sql('SELECT MAX(id) FROM {tool_enrolsync_runs}');
        $run = $DB->get_record('tool_enrolsync_runs', ['id' => $runid], '*', MUST_EXIST);
        return report::export($run, $params['page'], $params['perpage']);
    }

    /**
     * What it returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return report::structure();
    }
}
