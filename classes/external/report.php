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

use core_external\external_multiple_structure;
use core_external\external_single_structure;
use core_external\external_value;
use tool_enrolsync\engine;
use tool_enrolsync\run_parts;
use tool_enrolsync\run_report;

/**
 * The report of a run as the web services give it (tool_enrolsync_run_file and
 * tool_enrolsync_get_run): the summary of run_report, its failed lines a page at a time, and for
 * a run that full sync's threshold refused, the removals it would make, a page at a time.
 *
 * @package    tool_enrolsync
 * @category   external
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report {
    /**
     * The status of a run whose writes wait in adhoc tasks that no cron worker has begun (the
     * run's record says engine::STATUS_APPLYING until they are done).
     */
    const STATUS_QUEUED = 'queued';

    /**
     * A run's report.
     *
     * @param \stdClass $run the run's record
     * @param int $page of the failed lines and the removals, from 0
     * @param int $perpage
     * @return array
     */
    public static function export(\stdClass $run, int $page, int $perpage): array {
        global $DB;
        $summary = run_report::summary($run);
        $refused = $run->status === engine::STATUS_REFUSED;
        $report = [
            'runid' => $summary['runid'],
            'status' => self::status($run),
            'file' => $summary['file'],
            'origin' => $run->origin,
            'userid' => (int) $run->userid,
            'timestarted' => (int) $run->timestarted,
            'timefinished' => (int) $run->timefinished,
            'dryrun' => $summary['dryrun'],
            'fullsync' => $summary['fullsync'],
            'format' => $summary['format'],
            'encoding' => $summary['encoding'],
            'delimiter' => $summary['delimiter'],
            'counts' => array_intersect_key($summary, run_report::COUNTS),
            'operations' => array_map(
                fn($name, $count) => ['name' => $name, 'count' => $count],
                array_keys($summary['operations']),
                $summary['operations']
            ),
            'notices' => $summary['notices'],
            'confirmable' => $refused && engine::confirmable($run->id),
            'failedlines' => [
                'total' => $DB->count_records('tool_enrolsync_lines', ['runid' => $run->id]),
                'lines' => run_report::failed_lines($run->id, $page * $perpage, $perpage),
            ],
            // What a confirmation would remove: not the enrolments full sync kept, nor the roles an
            // unenrolment takes with it (the list of changes has them).
            'removals' => $refused ? get_changes::page(['runid' => $run->id, 'removals' => true], $page, $perpage)
                : ['total' => 0, 'changes' => []],
        ];
        if (isset($summary['error'])) {
            $report['error'] = ['arg' => (string) $summary['error']['arg']] + $summary['error'];
        }
        return $report;
    }

    /**
     * The run's status for the web services: its record's, but queued while no cron worker has
     * begun to apply it.
     *
     * @param \stdClass $run
     * @return string
     */
    private static function status(\stdClass $run): string {
        $queued = $run->status === engine::STATUS_APPLYING && !run_parts::started($run->id);
        return $queued ? self::STATUS_QUEUED : $run->status;
    }

    /**
     * The structure of a run's report. Text is as the site stores it, or as the page says it
     * (not HTML: escape it to show it).
     *
     * @return external_single_structure
     */
    public static function structure(): external_single_structure {
        $count = fn(string $description) => new external_value(PARAM_INT, $description);
        return new external_single_structure([
            'runid' => new external_value(PARAM_INT, 'The run'),
            'status' => new external_value(PARAM_ALPHA, 'running; queued (its writes wait for cron: poll get_run); ' .
                'applying (cron applies it); done (some lines or operations may have failed: see counts); rejected ' .
                '(nothing written: see error); refused (full sync\'s safety threshold: nothing written, see error, ' .
                'removals and confirmable); interrupted (its process died: see the changes done)'),
            'file' => new external_value(PARAM_RAW, 'The file name'),
            'origin' => new external_value(PARAM_ALPHA, 'Who started it: task, page, cli or webservice'),
            'userid' => new external_value(PARAM_INT, 'The user who started it (0: the scheduled task)'),
            'timestarted' => new external_value(PARAM_INT, 'When it started'),
            'timefinished' => new external_value(PARAM_INT, 'When it finished (for a queued run, when it was queued; ' .
                '0 while running)'),
            'dryrun' => new external_value(PARAM_BOOL, 'A dry run: nothing was written, the report says what a real run would do'),
            'fullsync' => new external_value(PARAM_BOOL, 'Full sync'),
            'format' => new external_value(PARAM_ALPHA, "How the file was read: native or flatfile ('': not read)"),
            'encoding' => new external_value(PARAM_ALPHANUMEXT, 'Its encoding'),
            'delimiter' => new external_value(PARAM_RAW, 'Its delimiter'),
            'counts' => new external_single_structure([
                'lines' => $count('Data lines of the file'),
                'applied' => $count('Lines applied (to apply, in a dry run or a queued run)'),
                'unchanged' => $count('Lines the site already had'),
                'failed' => $count('Lines that failed (see failedlines)'),
                'opsfailed' => $count('Operations Moodle refused (their lines are among the failed ones)'),
            ]),
            'operations' => new external_multiple_structure(new external_single_structure([
                'name' => new external_value(PARAM_ALPHA, 'The kind of change'),
                'count' => $count('How many'),
            ]), 'Changes done (planned, in a dry run) by kind, once the run is done'),
            'notices' => new external_multiple_structure(
                new external_value(PARAM_RAW, 'A notice'),
                'What failed after the writes committed (a message that could not be sent)'
            ),
            'error' => new external_single_structure([
                'key' => new external_value(PARAM_ALPHANUMEXT, 'Why (error_KEY in the language files)'),
                'arg' => new external_value(PARAM_RAW, "Its argument ('': none)"),
                'line' => $count('The line of the file it is about (0: none)'),
                'message' => new external_value(PARAM_RAW, 'Why, as the page says it'),
            ], 'Why the file was rejected, the run refused or interrupted', VALUE_OPTIONAL),
            'confirmable' => new external_value(PARAM_BOOL, 'A refused run that can still be confirmed: ' .
                'tool_enrolsync_run_file with confirm = this run'),
            'failedlines' => new external_single_structure([
                'total' => $count('How many lines failed, on every page'),
                'lines' => new external_multiple_structure(new external_single_structure([
                    'line' => $count('The line number in the file (the header is line 1)'),
                    'raw' => new external_value(PARAM_RAW, 'The line as the file has it'),
                    'key' => new external_value(PARAM_ALPHANUMEXT, 'Why (error_KEY in the language files)'),
                    'message' => new external_value(PARAM_RAW, 'Why, as the page says it'),
                    'protection' => new external_value(PARAM_RAW, "In full sync, what the line kept from removal ('': nothing)"),
                ]), 'This page of them'),
            ], 'The failed lines, a page at a time'),
            'removals' => get_changes::page_structure('A refused run: the enrolments its full sync would remove or ' .
                'suspend (what a confirmation confirms), a page at a time'),
        ]);
    }
}
