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
use tool_enrolsync\local\journal;
use tool_enrolsync\run_files;
use tool_enrolsync\run_report;

/**
 * The report of one run on the tool's page: the summary first (banner for a dry run, the file's
 * error or the refusal, counts per outcome and per operation), then the failed lines, a page at a
 * time, and the downloads.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class report implements \renderable, \templatable {
    /** Failed lines per page. */
    const PER_PAGE = 50;

    /** @var \stdClass the run record */
    private \stdClass $run;
    /** @var int page of failed lines, from 0 */
    private int $page;

    /**
     * The report of one run, at one page of its failed lines.
     *
     * @param \stdClass $run
     * @param int $page
     */
    public function __construct(\stdClass $run, int $page = 0) {
        $this->run = $run;
        $this->page = $page;
    }

    /**
     * The template's data. Everything from the file is passed as text: the template escapes it.
     *
     * @param \renderer_base $output
     * @return array
     */
    public function export_for_template(\renderer_base $output): array {
        global $DB;
        $summary = run_report::summary($this->run);
        $url = new \moodle_url('/admin/tool/enrolsync/index.php', ['runid' => $this->run->id]);
        $counts = [];
        // A take-over reads no lines: what it did is in its operations and changes.
        $lines = $this->run->format === \tool_enrolsync\takeover::FORMAT ? [] : array_keys(run_report::COUNTS);
        foreach ($lines as $name) {
            $counts[] = ['name' => $name, 'label' => get_string('count_' . $name, 'tool_enrolsync'), 'value' => $summary[$name]];
        }
        $operations = [];
        foreach ($summary['operations'] as $name => $count) {
            $operations[] = ['name' => $name, 'label' => get_string('op_' . $name, 'tool_enrolsync'), 'value' => $count];
        }
        $failed = run_report::failed_lines($this->run->id, $this->page * self::PER_PAGE, self::PER_PAGE);
        $input = run_files::input($this->run->id);
        return [
            'runid' => $this->run->id,
            'file' => $summary['file'],
            'fileurl' => $input ? self::file_url($input) : null,
            'started' => userdate($this->run->timestarted),
            'startedby' => run_report::started_by($this->run->origin, $this->starter_name()),
            'dryrun' => $summary['dryrun'],
            'reading' => run_report::reading($summary),
            'error' => $summary['error']['message'] ?? null,
            'errorline' => $summary['error']['line'] ?? 0,
            'refused' => $this->run->status === engine::STATUS_REFUSED,
            'applying' => $this->run->status === engine::STATUS_APPLYING,
            'counts' => $counts,
            'operations' => $operations,
            'hasoperations' => !empty($operations),
            'failedlines' => array_map(fn($line) => ['line' => $line['line'], 'raw' => $line['raw'],
                'reason' => $line['message'], 'protection' => $line['protection']], $failed),
            'withheldby' => self::withheld_by($this->run->id),
            'kept' => $DB->count_records(journal::TABLE, ['runid' => $this->run->id, 'result' => journal::KEPT]),
            'keptchanges' => (new \moodle_url('/admin/tool/enrolsync/changes.php', ['runid' => $this->run->id]))->out(false),
            'notices' => $summary['notices'],
            'hasnotices' => !empty($summary['notices']),
            'pagingbar' => $output->paging_bar($summary['failed'], $this->page, self::PER_PAGE, $url),
            'downloadreport' => $output->download_dataformat_selector(
                get_string('downloadreport', 'tool_enrolsync'),
                'index.php',
                'dataformat',
                ['runid' => $this->run->id, 'download' => 'report']
            ),
            'downloadfailed' => $summary['failed'] ? $output->download_dataformat_selector(
                get_string('downloadfailed', 'tool_enrolsync'),
                'index.php',
                'dataformat',
                ['runid' => $this->run->id, 'download' => 'failed']
            ) : null,
        ];
    }

    /**
     * The full name of the user who started the run ('' for the scheduled task).
     *
     * @return string
     */
    private function starter_name(): string {
        $user = $this->run->userid ? \core_user::get_user($this->run->userid) : null;
        return $user ? fullname($user) : '';
    }

    /**
     * The lines whose user could not be told, which kept full sync from removing anything.
     *
     * @param int $runid
     * @return string|null "3, 17" or null for none
     */
    private static function withheld_by(int $runid): ?string {
        global $DB;
        $lines = $DB->get_fieldset_select('tool_enrolsync_lines', 'line', 'runid = ? AND protection = ?', [$runid, 'all']);
        return $lines ? implode(', ', $lines) : null;
    }

    /**
     * The address of one of the tool's files, for download.
     *
     * @param \stored_file $file
     * @return string
     */
    public static function file_url(\stored_file $file): string {
        return \moodle_url::make_pluginfile_url(
            $file->get_contextid(),
            'tool_enrolsync',
            $file->get_filearea(),
            $file->get_itemid(),
            $file->get_filepath(),
            $file->get_filename(),
            true
        )->out(false);
    }
}
