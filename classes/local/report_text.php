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

namespace tool_enrolsync\local;

/**
 * A run's report as plain text: what the command line prints, what the tasks write to their log,
 * and the body of the administrators' message.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report_text {
    /** Failed lines the command line and the tasks' logs quote; the run's report has them all. */
    const FAILED_SHOWN = 100;

    /**
     * A run's report as text, with its first failed lines and how many more there are.
     *
     * @param \stdClass $run a record of tool_enrolsync_runs (or the locked outcome of engine::run())
     * @param int $shown failed lines quoted at most
     * @param array[] $changes journal::listing(), if asked for
     * @return string
     */
    public static function of_run(\stdClass $run, int $shown = self::FAILED_SHOWN, array $changes = []): string {
        [$failed, $others] = $run->id ? \tool_enrolsync\run_report::first_failed_lines($run->id, $shown) : [[], 0];
        return self::text(\tool_enrolsync\run_report::summary($run), $failed, $changes, $others);
    }

    /**
     * The report as text.
     *
     * @param array $summary run_report::summary()
     * @param array[] $failed run_report::failed_lines()
     * @param array[] $changes journal::listing(), if asked for
     * @param int $morefailed failed lines not in $failed
     * @return string
     */
    public static function text(array $summary, array $failed, array $changes = [], int $morefailed = 0): string {
        $out = [];
        if (isset($summary['error'])) {
            $out[] = get_string('clierror', 'tool_enrolsync', (object) $summary['error']);
        }
        if ($summary['status'] === \tool_enrolsync\engine::STATUS_LOCKED) {
            return implode("\n", $out) . "\n";
        }
        if ($summary['dryrun']) {
            $out[] = get_string('dryrunbanner', 'tool_enrolsync');
        }
        if ($summary['status'] === \tool_enrolsync\engine::STATUS_APPLYING) {
            $out[] = get_string('applyingbanner', 'tool_enrolsync');
        }
        $takeover = $summary['format'] === \tool_enrolsync\takeover::FORMAT;
        $out[] = $takeover ? \tool_enrolsync\run_report::reading($summary)
            : get_string('clisummary', 'tool_enrolsync', (object) $summary);
        foreach ($summary['settings'] ?? [] as $change) {
            // A value of several lines (the role map) goes on under its first line.
            $text = get_string('takeover_change', 'tool_enrolsync', (object) $change);
            $out[] = sprintf('  %-40s %s', $change['label'], str_replace("\n", "\n" . str_repeat(' ', 43), $text));
        }
        foreach ($summary['operations'] as $name => $count) {
            $out[] = sprintf('  %-40s %d', get_string('op_' . $name, 'tool_enrolsync'), $count);
        }
        foreach ($summary['notices'] ?? [] as $notice) {
            $out[] = get_string('clinotice', 'tool_enrolsync', $notice);
        }
        foreach ($failed as $line) {
            $out[] = get_string('clifailedline', 'tool_enrolsync', (object) $line);
            if ($line['protection'] !== '') {
                $out[] = '    ' . $line['protection'];
            }
        }
        if ($morefailed > 0) {
            $out[] = get_string('clifailedmore', 'tool_enrolsync', $morefailed);
        }
        foreach ($changes as $change) {
            $change['line'] = $change['line'] ?: get_string($takeover ? 'takeover_line' : 'fullsync', 'tool_enrolsync');
            $change['change'] = get_string('change_' . $change['change'], 'tool_enrolsync');
            $change['result'] = get_string('result_' . $change['result'], 'tool_enrolsync');
            $out[] = rtrim(get_string('clichange', 'tool_enrolsync', (object) $change));
        }
        return implode("\n", $out) . "\n";
    }
}
