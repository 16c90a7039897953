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

use tool_enrolsync\local\journal;

/**
 * A list of changes (spec §6, "What changed, and why"): those of one run, or every change of the
 * tool to a user or a course across runs. Each row: the run (across runs), the line that caused
 * it ("full sync" for removals), the operation, the course and user linked to their pages, the
 * role or group, the method, and the result. Filterable by operation, course and user; a page at
 * a time; downloadable through Moodle's dataformats.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class changes_table extends \core_table\sql_table {
    /** @var array the filters: runid (0: every run), op ('': any), courseids and userids (null: any) */
    private array $filters;
    /** @var string[] role names by id */
    private array $roles;
    /** @var bool|null whether the download's format renders cells as HTML (known once downloading) */
    private ?bool $htmlcells = null;

    /**
     * Makes the table for a set of filters.
     *
     * @param string $uniqueid
     * @param \moodle_url $baseurl with the parameters that make the filters
     * @param array $filters runid (0: every run), op ('': any), courseids and userids (null: any)
     */
    public function __construct(string $uniqueid, \moodle_url $baseurl, array $filters) {
        parent::__construct($uniqueid);
        $this->filters = $filters + ['runid' => 0, 'op' => '', 'courseids' => null, 'userids' => null];
        $this->define_baseurl($baseurl);
        $columns = ['line' => get_string('line', 'tool_enrolsync'), 'op' => get_string('operation', 'tool_enrolsync'),
            'course' => get_string('course'), 'user' => get_string('user'),
            'rolegroup' => get_string('rolegroup', 'tool_enrolsync'), 'method' => get_string('method', 'tool_enrolsync'),
            'result' => get_string('result', 'tool_enrolsync')];
        if (!$this->filters['runid']) {
            $columns = ['runid' => get_string('run', 'tool_enrolsync'), 'timestarted' => get_string('started', 'tool_enrolsync'),
                'filename' => get_string('file', 'tool_enrolsync')] + $columns;
        }
        $this->define_columns(array_keys($columns));
        $this->define_headers(array_values($columns));
        $this->sortable(true, $this->filters['runid'] ? 'line' : 'runid', $this->filters['runid'] ? SORT_ASC : SORT_DESC);
        foreach (['rolegroup', 'user', 'course'] as $column) {
            $this->no_sorting($column);
        }
        $this->roles = role_get_names(null, ROLENAME_ORIGINAL, true);

        $sql = journal::changes_sql($this->filters);
        $this->set_sql($sql['fields'], $sql['from'], $sql['where'], $sql['params']);
        $this->set_count_sql($sql['count'], $sql['params']);
        $this->attributes['class'] = 'generaltable tool_enrolsync-changes';
    }

    /**
     * The rows: a page of them on the page; every one in a download, read as a stream (a
     * recordset, which build_table() goes through once and close_recordset() closes), never all
     * at once in memory.
     *
     * @param int $pagesize
     * @param bool $useinitialsbar
     */
    public function query_db($pagesize, $useinitialsbar = true) {
        global $DB;
        if (!$this->is_downloading()) {
            parent::query_db($pagesize, $useinitialsbar);
            return;
        }
        $this->rawdata = $DB->get_recordset_sql(
            "SELECT {$this->sql->fields} FROM {$this->sql->from} WHERE {$this->sql->where} ORDER BY " . $this->get_sql_sort(),
            $this->sql->params
        );
    }

    /**
     * The sort asked for, then the order the changes were made in.
     *
     * @return string
     */
    public function get_sql_sort() {
        $sort = parent::get_sql_sort();
        return $sort ? "$sort, id" : 'id';
    }

    /**
     * The run, linked to its report.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_runid($row): string {
        if ($this->is_downloading()) {
            return (string) $row->runid;
        }
        return \html_writer::link(new \moodle_url('/admin/tool/enrolsync/index.php', ['runid' => $row->runid]), $row->runid);
    }

    /**
     * When the run started.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_timestarted($row): string {
        return userdate($row->timestarted, get_string('strftimedatetimeshort', 'langconfig'));
    }

    /**
     * The run's file name.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_filename($row): string {
        return $this->text($row->filename);
    }

    /**
     * The file line that caused the change, or full sync, or a take-over.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_line($row): string {
        if ($row->line) {
            return (string) $row->line;
        }
        return get_string($row->format === \tool_enrolsync\takeover::FORMAT ? 'takeover_line' : 'fullsync', 'tool_enrolsync');
    }

    /**
     * The operation.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_op($row): string {
        return get_string('change_' . $row->op, 'tool_enrolsync');
    }

    /**
     * The course, linked to it.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_course($row): string {
        $name = $row->courseshortname ?? '#' . $row->courseid;
        if ($this->is_downloading() || $row->courseshortname === null) {
            return $this->text($name);
        }
        return \html_writer::link(
            new \moodle_url('/course/view.php', ['id' => $row->courseid]),
            s($name),
            ['title' => $row->coursefullname]
        );
    }

    /**
     * The user, linked to their profile in the course.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_user($row): string {
        if (!$row->userid) {
            return '';
        }
        $user = \user_picture::unalias($row, ['idnumber'], 'userid', 'u_');
        $name = fullname($user) . ($user->idnumber !== '' && $user->idnumber !== null ? " ({$user->idnumber})" : '');
        if ($this->is_downloading() || $user->firstname === null) {
            return $this->text($user->firstname === null ? '#' . $row->userid : $name);
        }
        return \html_writer::link(
            new \moodle_url('/user/view.php', ['id' => $row->userid, 'course' => $row->courseid]),
            s($name)
        );
    }

    /**
     * The role, or the group.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_rolegroup($row): string {
        if ($row->roleid) {
            return $this->text($this->roles[$row->roleid] ?? '#' . $row->roleid);
        }
        return $this->text((string) $row->groupname);
    }

    /**
     * The enrolment method.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_method($row): string {
        return $this->text((string) $row->method);
    }

    /**
     * Planned, done, or failed with Moodle's error.
     *
     * @param \stdClass $row
     * @return string
     */
    public function col_result($row): string {
        if ($row->result === journal::KEPT) {
            return get_string('kept_' . $row->error, 'tool_enrolsync', $row->line);
        }
        $result = get_string('result_' . $row->result, 'tool_enrolsync');
        return $row->error !== null ? $result . ': ' . $this->text($row->error) : $result;
    }

    /**
     * Text as a cell: escaped on the page and in downloads whose format renders cells as HTML
     * (HTML, PDF); in the others (CSV, spreadsheets), with formulas neutralised.
     *
     * @param string $text
     * @return string
     */
    private function text(string $text): string {
        if (!$this->is_downloading()) {
            return s($text);
        }
        $this->htmlcells ??= \core\dataformat::get_format_instance($this->download)->supports_html();
        return \tool_enrolsync\report_download::cell($text, $this->htmlcells);
    }
}
