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

namespace tool_enrolsync\output;

use tool_enrolsync\engine;

/**
 * The chart above the run history: for each of the last runs, its lines applied, unchanged and
 * failed, and the enrolments it removed or suspended, so that a bad night stands out. Moodle's
 * chart API draws it, with its data table for those who cannot see it.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class history_chart {
    /** Runs the chart shows. */
    const RUNS = 30;

    /**
     * The chart of the last runs that read their file, oldest first; null before the first.
     *
     * @return \core\chart_bar|null
     */
    public static function make(): ?\core\chart_bar {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal([engine::STATUS_LOCKED], SQL_PARAMS_QM, 'param', false);
        $runs = array_reverse($DB->get_records_select(
            'tool_enrolsync_runs',
            "status $insql",
            $params,
            'id DESC',
            'id, timestarted, dryrun, applied, unchanged, failed, operations',
            0,
            self::RUNS
        ));
        if (!$runs) {
            return null;
        }
        $series = ['applied' => [], 'unchanged' => [], 'failed' => [], 'removed' => []];
        $labels = [];
        foreach ($runs as $run) {
            $operations = json_decode($run->operations ?? '[]', true) ?: [];
            $series['applied'][] = (int) $run->applied;
            $series['unchanged'][] = (int) $run->unchanged;
            $series['failed'][] = (int) $run->failed;
            $series['removed'][] = ($operations['suspend'] ?? 0) + ($operations['unenrol'] ?? 0);
            $labels[] = get_string('chartrun', 'tool_enrolsync', (object) ['id' => $run->id,
                'time' => userdate($run->timestarted, get_string('strftimedatetimeshort', 'langconfig')),
                'dryrun' => $run->dryrun ? get_string('chartdryrun', 'tool_enrolsync') : '']);
        }
        $chart = new \core\chart_bar();
        $chart->set_title(get_string('charttitle', 'tool_enrolsync', count($runs)));
        foreach ($series as $name => $values) {
            $chart->add_series(new \core\chart_series(get_string('chart_' . $name, 'tool_enrolsync'), $values));
        }
        $chart->set_labels($labels);
        return $chart;
    }
}
