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

use tool_enrolsync\run_files;

/**
 * The history of runs: who or what started each, when, which file, dry run or not, how it went,
 * with links to its report and its archived file. Newest first, a page at a time.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class history_table extends \core_table\sql_table {
    /** Columns with their header string (in tool_enrolsync). */
    const COLUMNS = ['timestarted' => 'started', 'startedby' => 'startedby', 'filename' => 'file', 'dryrun' => 'dryrun',
        'status' => 'status', 'linecount' => 'count_lines', 'applied' => 'count_applied', 'unchanged' => 'count_unchanged',
        'failed' => 'count_failed', 'report' => 'report'];

    /** @var \stored_file[] the input file of each run of the page, by run id */
    private array $inputs = [];

    /**
     * The table of every run, newest first.
     *
     * @param \moodle_url $baseurl
     */
    public function __construct(\moodle_url $baseurl) {
        parent::__construct('tool_enrolsync_history');
        $this->define_baseurl($baseurl);
        $this->define_columns(array_keys(self::COLUMNS));
        $this->define_headers(array_map(fn($key) => get_string($key, 'tool_enrolsync'), array_values(self::COLUMNS)));
        $this->sortable(true, 'timestarted', SORT_DESC);
        foreach (['startedby', 'report'] as $column) {
            $this->no_sorting($column);
        }
        $userfields = \core_user\fields::for_name()->get_sql('u', false, '', '', false)->selects;
        $this->set_sql("r.*, $userfields", '{tool_enrolsync_runs} r LEFT JOIN {user} u ON u.id = r.userid', '1 = 1');
        $this->set_count_sql('SELECT COUNT(1) FROM {tool_enrolsync_runs}');
        $this->attributes['class'] = 'generaltable tool_enrolsync-history';
    }

    /**
     * The page's runs, then their input files in one query rather than one per row.
     *
     * @param int $pagesize
     * @param bool $useinitialsbar
     */
    public function query_db($pagesize, $useinitialsbar = true) {
        parent::query_db($pagesize, $useinitialsbar);
        $this->inputs = run_files::inputs(array_keys($this->rawdata));
    }

    /**
     * When the run started.
     *
     * @param \stdClass $run
     * @return string
     */
    public function col_timestarted($run): string {
        return userdate($run->timestarted, get_string('strftimedatetimeshort', 'langconfig'));
    }

    /**
     * The user who started it, or the scheduled task.
     *
     * @param \stdClass $run
     * @return string
     */
    public function col_startedby($run): string {
        return s(\tool_enrolsync\run_report::started_by($run->origin, $run->userid ? fullname($run) : ''));
    }

    /**
     * The file, linked to its archived copy.
     *
     * @param \stdClass $run
     * @return string
     */
    public function col_filename($run): string {
        $file = $this->inputs[$run->id] ?? null;
        return $file ? \html_writer::link(report::file_url($file), s($run->filename)) : s($run->filename);
    }

    /**
     * Whether it was a dry run.
     *
     * @param \stdClass $run
     * @return string
     */
    public function col_dryrun($run): string {
        return $run->dryrun ? get_string('yes') : get_string('no');
    }

    /**
     * How the run went.
     *
     * @param \stdClass $run
     * @return string
     */
    public function col_status($run): string {
        return get_string('status_' . $run->status, 'tool_enrolsync');
    }

    /**
     * A link to the run's report.
     *
     * @param \stdClass $run
     * @return string
     */
    public function col_report($run): string {
        return \html_writer::link(
            new \moodle_url('/admin/tool/enrolsync/index.php', ['runid' => $run->id]),
            get_string('view')
        );
    }
}
