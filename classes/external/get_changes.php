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
use core_external\external_multiple_structure;
use core_external\external_single_structure;
use core_external\external_value;
use tool_enrolsync\local\journal;

/**
 * The web service tool_enrolsync_get_changes: the list of changes of a run, or across runs for a
 * user or a course, with the filters of the page What changed (changes.php), a page at a time.
 *
 * @package    tool_enrolsync
 * @category   external
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class get_changes extends external_api {
    /** Items per page unless the caller says (changes here, failed lines and removals in get_run). */
    const PER_PAGE = 100;
    /** The most items a page may hold. */
    const MAX_PER_PAGE = 1000;

    /**
     * The parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        $operations = implode(', ', journal::OPERATIONS);
        return new external_function_parameters([
            'runid' => new external_value(PARAM_INT, 'Only the changes of this run; 0: across every run', VALUE_DEFAULT, 0),
            'op' => new external_value(PARAM_ALPHA, "Only this kind of change ($operations); '': every kind", VALUE_DEFAULT, ''),
            'userid' => new external_value(PARAM_INT, 'Only the changes to this user; 0: see user', VALUE_DEFAULT, 0),
            'user' => new external_value(PARAM_RAW_TRIMMED, "Only the changes to the users whose ID number, username, " .
                "e-mail, first, last or full name contains this (the first 100 such users); '': any user", VALUE_DEFAULT, ''),
            'courseid' => new external_value(PARAM_INT, 'Only the changes in this course; 0: see course', VALUE_DEFAULT, 0),
            'course' => new external_value(PARAM_RAW_TRIMMED, "Only the changes in the courses whose short name, full name " .
                "or ID number contains this (the first 100 such courses); '': any course", VALUE_DEFAULT, ''),
            'page' => new external_value(PARAM_INT, 'The page, from 0', VALUE_DEFAULT, 0),
            'perpage' => new external_value(
                PARAM_INT,
                'Changes per page, 1 to ' . self::MAX_PER_PAGE,
                VALUE_DEFAULT,
                self::PER_PAGE
            ),
        ]);
    }

    /**
     * The changes that match the filters: those of one run in the order of the file's lines, or
     * across runs the newest run first.
     *
     * @param int $runid
     * @param string $op
     * @param int $userid
     * @param string $user
     * @param int $courseid
     * @param string $course
     * @param int $page
     * @param int $perpage
     * @return array
     */
    public static function execute(
        int $runid = 0,
        string $op = '',
        int $userid = 0,
        string $user = '',
        int $courseid = 0,
        string $course = '',
        int $page = 0,
        int $perpage = self::PER_PAGE
    ): array {
        global $DB;
        $params = self::validate_parameters(self::execute_parameters(), ['runid' => $runid, 'op' => $op,
            'userid' => $userid, 'user' => $user, 'courseid' => $courseid, 'course' => $course, 'page' => $page,
            'perpage' => $perpage]);
        $context = \context_system::instance();
        self::validate_context($context);
        require_capability('tool/enrolsync:run', $context);
        if ($params['op'] !== '' && !in_array($params['op'], journal::OPERATIONS)) {
            throw new \invalid_parameter_exception("op: '{$params['op']}' is not a kind of change");
        }
        self::check_page($params['page'], $params['perpage']);
        if ($params['runid']) {
            $DB->get_record('tool_enrolsync_runs', ['id' => $params['runid']], 'id', MUST_EXIST);
        }
        $filters = journal::filters(
            $params['runid'],
            $params['op'],
            $params['userid'],
            $params['user'],
            $params['courseid'],
            $params['course']
        );
        return self::page($filters, $params['page'], $params['perpage']);
    }

    /**
     * What it returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return self::page_structure('The changes that match the filters');
    }

    /**
     * Refuses a page out of bounds.
     *
     * @param int $page
     * @param int $perpage
     * @throws \invalid_parameter_exception
     */
    public static function check_page(int $page, int $perpage): void {
        if ($page < 0 || $perpage < 1 || $perpage > self::MAX_PER_PAGE) {
            throw new \invalid_parameter_exception('page must be 0 or more, perpage from 1 to ' . self::MAX_PER_PAGE);
        }
    }

    /**
     * A page of the changes that match filters (the query of the changes table): those of one
     * run in the order of the file's lines, or across runs the newest run first.
     *
     * @param array $filters as journal::filters() gives them
     * @param int $page from 0
     * @param int $perpage
     * @return array total, changes
     */
    public static function page(array $filters, int $page, int $perpage): array {
        global $DB;
        $sql = journal::changes_sql($filters);
        $order = empty($filters['runid']) ? 'c.runid DESC, c.id' : 'c.line, c.id';
        $rows = $DB->get_records_sql(
            "SELECT {$sql['fields']} FROM {$sql['from']} WHERE {$sql['where']} ORDER BY $order",
            $sql['params'],
            $page * $perpage,
            $perpage
        );
        $roles = $DB->get_records_menu('role', null, '', 'id, shortname');
        return [
            'total' => $DB->count_records_sql($sql['count'], $sql['params']),
            'changes' => array_values(array_map(fn(\stdClass $row) => self::change($row, $roles), $rows)),
        ];
    }

    /**
     * One change as the web service gives it.
     *
     * @param \stdClass $row a row of the changes table's query
     * @param string[] $roles role short names by id
     * @return array
     */
    private static function change(\stdClass $row, array $roles): array {
        $user = \user_picture::unalias($row, ['idnumber'], 'userid', 'u_');
        return [
            'runid' => (int) $row->runid,
            'timestarted' => (int) $row->timestarted,
            'file' => $row->filename,
            'line' => (int) $row->line,
            'op' => $row->op,
            'courseid' => (int) $row->courseid,
            'course' => $row->courseshortname ?? '',
            'userid' => (int) $row->userid,
            'useridnumber' => (string) ($user->idnumber ?? ''),
            'userfullname' => $row->userid && $user->firstname !== null ? fullname($user) : '',
            'roleid' => (int) $row->roleid,
            'role' => $roles[$row->roleid] ?? '',
            'groupid' => (int) $row->groupid,
            'groupname' => (string) $row->groupname,
            'method' => (string) $row->method,
            'result' => $row->result,
            'error' => (string) $row->error,
        ];
    }

    /**
     * The structure of a page of changes.
     *
     * @param string $description
     * @return external_single_structure
     */
    public static function page_structure(string $description): external_single_structure {
        return new external_single_structure([
            'total' => new external_value(PARAM_INT, 'How many changes match, on every page'),
            'changes' => new external_multiple_structure(self::change_structure(), 'This page of them'),
        ], $description);
    }

    /**
     * The structure of one change. Text is as the site stores it (not HTML: escape it to show it).
     *
     * @return external_single_structure
     */
    private static function change_structure(): external_single_structure {
        return new external_single_structure([
            'runid' => new external_value(PARAM_INT, 'The run that made (or planned) it'),
            'timestarted' => new external_value(PARAM_INT, 'When that run started'),
            'file' => new external_value(PARAM_RAW, "That run's file name"),
            'line' => new external_value(PARAM_INT, 'The line of the file that caused it; 0: full sync'),
            'op' => new external_value(PARAM_ALPHA, 'The kind of change: ' . implode(', ', journal::OPERATIONS)),
            'courseid' => new external_value(PARAM_INT, 'The course'),
            'course' => new external_value(PARAM_RAW, "The course's short name ('': deleted since)"),
            'userid' => new external_value(PARAM_INT, 'The user (0: a change of no user, such as a group created)'),
            'useridnumber' => new external_value(PARAM_RAW, "The user's ID number"),
            'userfullname' => new external_value(PARAM_RAW, "The user's full name"),
            'roleid' => new external_value(PARAM_INT, 'The role assigned or unassigned (0: none)'),
            'role' => new external_value(PARAM_RAW, "The role's short name"),
            'groupid' => new external_value(PARAM_INT, 'The group (0: none)'),
            'groupname' => new external_value(PARAM_RAW, "The group's name"),
            'method' => new external_value(PARAM_ALPHANUMEXT, 'The enrolment method'),
            'result' => new external_value(PARAM_ALPHA, 'planned (a dry run, or a refused run), done (committed) or failed'),
            'error' => new external_value(PARAM_RAW, "Moodle's error, for a change that failed"),
        ]);
    }
}
