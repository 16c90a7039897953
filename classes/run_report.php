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

namespace tool_enrolsync;

/**
 * What a run did, from its record: the summary, the failed lines with translated reasons, and
 * the CLI's exit status. Plain data, for the CLI's text and JSON and the tool's page.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_report {
    /** Exit status of cli/sync.php (spec §6): every line applied. */
    const EXIT_APPLIED = 0;
    /** Exit status: some lines or operations failed (or the run was interrupted). */
    const EXIT_LINES_FAILED = 1;
    /** Exit status: the file was rejected, or full sync refused. */
    const EXIT_REJECTED = 2;
    /** Exit status: another run holds the lock. */
    const EXIT_LOCKED = 3;

    /**
     * The line and operation counts a run records, in the order reports show them: the report's
     * name (the summary's key, in the command line's JSON too) => the column of tool_enrolsync_runs.
     */
    const COUNTS = ['lines' => 'linecount', 'applied' => 'applied', 'unchanged' => 'unchanged', 'failed' => 'failed',
        'opsfailed' => 'opsfailed'];

    /**
     * The notices of a run: what failed after a commit, or a message that could not be sent.
     *
     * @param \stdClass $run a record, or one being finished (its notices then a list)
     * @return string[]
     */
    public static function notices(\stdClass $run): array {
        $notices = $run->notices ?? null;
        return is_array($notices) ? $notices : (json_decode($notices ?? '[]', true) ?: []);
    }

    /**
     * The translated reason of an error key and its argument.
     *
     * @param string $key
     * @param string|null $arg
     * @return string
     */
    public static function message(string $key, ?string $arg): string {
        // The refusal's argument is a JSON object: removals, managed, threshold.
        $a = $key === 'refused' ? json_decode((string) $arg) : $arg;
        if ($key === 'toolarge') {
            // The file's size and the limit, in bytes.
            $sizes = json_decode((string) $arg);
            $a = (object) ['size' => display_size($sizes->size ?? 0), 'limit' => display_size($sizes->limit ?? 0)];
        }
        return get_string('error_' . $key, 'tool_enrolsync', $a);
    }

    /**
     * Who or what started a run, as the history and the report say it: the user's name with the
     * origin ("Ann Smith (Web service)"), or the origin alone (the scheduled task).
     *
     * @param string $origin engine::ORIGIN_*
     * @param string $fullname the user's full name ('' for none)
     * @return string plain text
     */
    public static function started_by(string $origin, string $fullname): string {
        $origin = get_string('origin_' . $origin, 'tool_enrolsync');
        return $fullname === '' ? $origin : "$fullname ($origin)";
    }

    /**
     * The run's summary.
     *
     * @param \stdClass $run a record of tool_enrolsync_runs (or the locked outcome of engine::run())
     * @return array
     */
    public static function summary(\stdClass $run): array {
        $summary = ['runid' => (int) $run->id, 'status' => $run->status, 'file' => $run->filename];
        if ($run->status === engine::STATUS_LOCKED) {
            return $summary + ['error' => ['key' => 'locked', 'message' => self::message('locked', null)]];
        }
        $summary += [
            'dryrun' => (bool) $run->dryrun,
            'fullsync' => (bool) $run->fullsync,
            'format' => $run->format ?? '',
            'encoding' => $run->encoding ?? '',
            'delimiter' => $run->delimiter ?? '',
        ];
        foreach (self::COUNTS as $count => $column) {
            $summary[$count] = (int) ($run->$column ?? 0);
        }
        $summary['operations'] = json_decode($run->operations ?? '[]', true) ?: [];
        $summary['notices'] = self::notices($run);
        if ($summary['format'] === takeover::FORMAT) {
            $summary['settings'] = takeover::settings_changes($run);
        }
        if (!empty($run->errorkey)) {
            // A run being finished has only the fields its end set.
            $arg = $run->errorarg ?? null;
            $summary['error'] = ['key' => $run->errorkey, 'arg' => $arg, 'line' => (int) ($run->errorline ?? 0),
                'message' => self::message($run->errorkey, $arg)];
        }
        return $summary;
    }

    /**
     * How the run read its input: the file's format, encoding and delimiter, or a take-over.
     *
     * @param array $summary summary()
     * @return string
     */
    public static function reading(array $summary): string {
        if ($summary['format'] === takeover::FORMAT) {
            return get_string('takeover_reading', 'tool_enrolsync');
        }
        return get_string('reading', 'tool_enrolsync', (object) $summary);
    }

    /**
     * Failed lines of a run, in file order.
     *
     * @param int $runid
     * @param int $offset
     * @param int $limit
     * @return array[] line, raw, key, message, protection (in full sync, what the line kept from
     *     removal: '' or a sentence)
     */
    public static function failed_lines(int $runid, int $offset = 0, int $limit = 0): array {
        global $DB;
        $records = $DB->get_records('tool_enrolsync_lines', ['runid' => $runid], 'line', '*', $offset, $limit);
        return array_values(array_map([self::class, 'failed_line'], $records));
    }

    /**
     * The first failed lines of a run, and how many more there are: what a log or a message
     * quotes of a run that may have failed a million lines.
     *
     * @param int $runid
     * @param int $limit
     * @return array [failed_lines() of the first $limit, the number of the others]
     */
    public static function first_failed_lines(int $runid, int $limit): array {
        global $DB;
        $lines = self::failed_lines($runid, 0, $limit);
        $others = count($lines) < $limit ? 0 : $DB->count_records('tool_enrolsync_lines', ['runid' => $runid]) - count($lines);
        return [$lines, $others];
    }

    /**
     * Every failed line of a run, in file order, read as a stream (never all in memory).
     *
     * @param int $runid
     * @return \Generator of failed_lines()'s arrays
     */
    public static function each_failed_line(int $runid): \Generator {
        global $DB;
        $records = $DB->get_recordset('tool_enrolsync_lines', ['runid' => $runid], 'line');
        try {
            foreach ($records as $record) {
                yield self::failed_line($record);
            }
        } finally {
            $records->close();
        }
    }

    /**
     * A failed line as reports give it.
     *
     * @param \stdClass $record of tool_enrolsync_lines
     * @return array line, raw, key, message, protection
     */
    private static function failed_line(\stdClass $record): array {
        return [
            'line' => (int) $record->line,
            'raw' => $record->rawline,
            'key' => $record->errorkey,
            'message' => self::message($record->errorkey, $record->errorarg),
            'protection' => $record->protection ? get_string('protection_' . $record->protection, 'tool_enrolsync') : '',
        ];
    }

    /**
     * The exit status of cli/sync.php for a run.
     *
     * @param \stdClass $run
     * @return int
     */
    public static function exit_status(\stdClass $run): int {
        switch ($run->status) {
            case engine::STATUS_LOCKED:
                return self::EXIT_LOCKED;
            case engine::STATUS_REJECTED:
            case engine::STATUS_REFUSED:
                return self::EXIT_REJECTED;
            case engine::STATUS_INTERRUPTED:
                return self::EXIT_LINES_FAILED;
            default:
                return ($run->failed ?? 0) || ($run->opsfailed ?? 0) ? self::EXIT_LINES_FAILED : self::EXIT_APPLIED;
        }
    }
}
