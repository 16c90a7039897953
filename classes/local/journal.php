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

use EnrolSync\Plan;

/**
 * The list of changes of every run (spec §6, "What changed, and why"): one row per operation,
 * with its course, user, role or group, method, the line that caused it (0: full sync) and its
 * result. A real run writes the rows of a batch inside the batch's transaction, so a change is
 * "done" exactly when it committed; a dry run, and a run that full sync's threshold refused,
 * write what they would do as "planned". Rows are written in bulk, never one query each. An
 * unenrolment's row is followed by one row per role Moodle takes with it (unenrolrole: see
 * unenrol_roles), those the tool may not give included.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class journal {
    /** The table. */
    const TABLE = 'tool_enrolsync_changes';
    /** A change a dry run or a refused run would make. */
    const PLANNED = 'planned';
    /** A change committed to the database. */
    const DONE = 'done';
    /** A change that failed alone in its own transaction (Moodle's error is kept). */
    const FAILED = 'failed';
    /**
     * A removal or suspension full sync did not make, because a line may be about it (spec §4); its
     * line is the line that kept it, its error why: KEPT_PROTECTED or KEPT_WITHHELD. Not a change.
     */
    const KEPT = 'kept';
    /** Kept because the line failed (or is a comment holding the delimiter) and may name the user there. */
    const KEPT_PROTECTED = 'protected';
    /** Kept because the line's user could not be told, so full sync removed nothing. */
    const KEPT_WITHHELD = 'withheld';
    /** The operations the extension plans. */
    const PLAN_OPERATIONS = ['createinstance', 'creategroup', 'enrol', 'update', 'suspend', 'unenrol', 'assign', 'unassign',
        'addmember', 'removemember'];
    /** The row of a role an unenrolment removes: Moodle's doing, not an operation of the plan. */
    const UNENROL_ROLE = 'unenrolrole';
    /**
     * A take-over's own operations (see takeover_plan): an enrolment of another method moved to
     * this tool's, or removed where the user was enrolled through this tool's method already.
     */
    const TAKEOVER_OPERATIONS = ['move', 'merge'];
    /** Every kind of row but KEPT's, in the order reports list them (op_NAME in the language files). */
    const OPERATIONS = [...self::PLAN_OPERATIONS, self::UNENROL_ROLE, ...self::TAKEOVER_OPERATIONS];
    /** The operations of full sync's removals (on line 0): what its threshold weighs and a confirmation confirms. */
    const REMOVALS = ['suspend', 'unenrol'];
    /** Users or courses a search of the changes looks for at most. */
    const SEARCH_LIMIT = 100;
    /** Operations read from the extension, and rows written, at a time. */
    const CHUNK = 1000;

    /**
     * The row of one operation.
     *
     * @param int $runid
     * @param array $op as Plan::operations() gives it
     * @param string $result PLANNED, DONE or FAILED
     * @param array $ids the ids the operation got when the run created its instance or group:
     *     ['enrolid' => ..., 'groupid' => ...]
     * @param string|null $error
     * @return array
     */
    public static function row(int $runid, array $op, string $result, array $ids = [], ?string $error = null): array {
        return [
            'runid' => $runid,
            'line' => $op['line'],
            'op' => $op['op'],
            'courseid' => $op['courseid'],
            'userid' => $op['userid'] ?? 0,
            'roleid' => $op['roleid'] ?? 0,
            'method' => $op['method'] ?? null,
            'enrolid' => ($op['instanceid'] ?? 0) ?: ($ids['enrolid'] ?? 0),
            'groupid' => ($op['groupid'] ?? 0) ?: ($ids['groupid'] ?? 0),
            'groupname' => isset($op['groupname']) ? \core_text::substr($op['groupname'], 0, 254) : null,
            'result' => $result,
            'error' => $error,
        ];
    }

    /**
     * The rows of the roles an unenrolment removes (or would): one unenrolrole row per role.
     *
     * @param int $runid
     * @param array $op the unenrolment, as Plan::operations() gives it
     * @param string $result PLANNED or DONE
     * @param int[] $roleids
     * @return array[]
     */
    public static function removed_role_rows(int $runid, array $op, string $result, array $roleids): array {
        return array_map(
            fn($roleid) => self::row($runid, ['op' => self::UNENROL_ROLE, 'roleid' => $roleid] + $op, $result),
            $roleids
        );
    }

    /**
     * Writes rows in chunks.
     *
     * @param array[] $rows
     */
    public static function insert(array $rows): void {
        global $DB;
        foreach (array_chunk($rows, self::CHUNK) as $chunk) {
            $DB->insert_records(self::TABLE, $chunk);
        }
    }

    /**
     * Records every operation of a plan as planned (a dry run).
     *
     * @param int $runid
     * @param Plan $plan
     */
    public static function record_plan(int $runid, Plan $plan): void {
        $unenrols = $plan->summary()['operations']['unenrol'] > 0;
        foreach ($plan->courses() as $courseid) {
            self::record_planned($runid, fn(int $offset) => $plan->operations($courseid, $offset, self::CHUNK), $unenrols);
        }
    }

    /**
     * Records the removals of full sync as planned (a run its threshold refused: they are what a
     * confirmation confirms).
     *
     * @param int $runid
     * @param Plan $plan
     */
    public static function record_removals(int $runid, Plan $plan): void {
        self::record_planned($runid, fn(int $offset) => $plan->removals($offset, self::CHUNK), true);
    }

    /**
     * Records operations as planned, each unenrolment followed by the roles it would remove.
     *
     * @param int $runid
     * @param callable $chunk fn(int $offset): array, CHUNK operations from $offset
     * @param bool $unenrols whether there may be unenrolments among them
     */
    private static function record_planned(int $runid, callable $chunk, bool $unenrols): void {
        $roles = $unenrols ? new unenrol_roles(self::each($chunk)) : null;
        for ($offset = 0; $ops = $chunk($offset); $offset += self::CHUNK) {
            $removed = $roles ? $roles->predict($ops) : [];
            $rows = [];
            foreach ($ops as $i => $op) {
                $rows[] = self::row($runid, $op, self::PLANNED);
                array_push($rows, ...self::removed_role_rows($runid, $op, self::PLANNED, $removed[$i] ?? []));
            }
            self::insert($rows);
        }
    }

    /**
     * Records the enrolments full sync kept though it would have removed or suspended them, each
     * with the line that kept it: for a real run and a dry run alike, since nothing is written for
     * them either way.
     *
     * @param int $runid
     * @param Plan $plan
     */
    public static function record_kept(int $runid, Plan $plan): void {
        for ($offset = 0; $kept = $plan->kept($offset, self::CHUNK); $offset += self::CHUNK) {
            self::insert(array_map(fn($op) => self::row($runid, $op, self::KEPT, [], $op['reason']), $kept));
        }
    }

    /**
     * Every operation of a chunked source, one at a time.
     *
     * @param callable $chunk fn(int $offset): array, CHUNK operations from $offset
     * @return \Generator
     */
    private static function each(callable $chunk): \Generator {
        for ($offset = 0; $ops = $chunk($offset); $offset += self::CHUNK) {
            yield from $ops;
        }
    }

    /**
     * Whether an operation is one of full sync's removals.
     *
     * @param array $op as Plan::operations() gives it
     * @return bool
     */
    public static function is_removal(array $op): bool {
        return $op['line'] === 0 && in_array($op['op'], self::REMOVALS, true);
    }

    /**
     * The key of one of full sync's removals, to compare the removals of two plans.
     *
     * @param array $op as Plan::removals() gives it
     * @return string "op:courseid:userid:enrolid"
     */
    public static function removal_key(array $op): string {
        return "{$op['op']}:{$op['courseid']}:{$op['userid']}:{$op['instanceid']}";
    }

    /**
     * The removals of a plan, or those recorded for a run, as comparable keys.
     *
     * @param Plan|int $source a plan, or a run id
     * @return string[] sorted "op:courseid:userid:enrolid"
     */
    public static function removal_keys($source): array {
        global $DB;
        $keys = [];
        if ($source instanceof Plan) {
            for ($offset = 0; $ops = $source->removals($offset, self::CHUNK); $offset += self::CHUNK) {
                array_push($keys, ...array_map([self::class, 'removal_key'], $ops));
            }
        } else {
            [$insql, $params] = $DB->get_in_or_equal(self::REMOVALS);
            $rows = $DB->get_recordset_select(
                self::TABLE,
                "runid = ? AND line = 0 AND op $insql",
                array_merge([$source], $params),
                '',
                'id, op, courseid, userid, enrolid AS instanceid'
            );
            foreach ($rows as $row) {
                $keys[] = self::removal_key((array) $row);
            }
            $rows->close();
        }
        sort($keys);
        return $keys;
    }

    /**
     * What a run's rows count: operations by name for one result, and the operations that failed.
     *
     * @param int $runid
     * @param string $result DONE for a real run, PLANNED for a dry run
     * @return array [operation name => count, ...], number failed
     */
    public static function counts(int $runid, string $result): array {
        global $DB;
        $rows = $DB->get_recordset_sql("SELECT op, result, COUNT(1) AS n
                                          FROM {" . self::TABLE . "}
                                         WHERE runid = ?
                                      GROUP BY op, result", [$runid]);
        $counts = array_fill_keys(self::OPERATIONS, 0);
        $failed = 0;
        foreach ($rows as $row) {
            if ($row->result === $result) {
                $counts[$row->op] += (int) $row->n;
            } else if ($row->result === self::FAILED) {
                $failed += (int) $row->n;
            }
        }
        $rows->close();
        return [array_filter($counts), $failed];
    }

    /**
     * The first changes of a run as plain data, for the command line: line (0: full sync),
     * change, course, user, role, group, method, result and error, in the order they were made.
     *
     * @param int $runid
     * @param int $limit
     * @return array[]
     */
    public static function listing(int $runid, int $limit): array {
        global $DB;
        $rows = $DB->get_records_sql("SELECT ch.*, c.shortname AS course, u.idnumber, u.username, r.shortname AS role
                                        FROM {" . self::TABLE . "} ch
                                   LEFT JOIN {course} c ON c.id = ch.courseid
                                   LEFT JOIN {user} u ON u.id = ch.userid
                                   LEFT JOIN {role} r ON r.id = ch.roleid
                                       WHERE ch.runid = ?
                                    ORDER BY ch.id", [$runid], 0, $limit);
        return array_values(array_map(fn($row) => [
            'line' => (int) $row->line,
            'change' => $row->op,
            'course' => $row->course ?? (string) $row->courseid,
            'user' => $row->userid ? ($row->idnumber ?: $row->username ?? (string) $row->userid) : '',
            'role' => $row->role ?? '',
            'group' => $row->groupname ?? '',
            'method' => $row->method ?? '',
            'result' => $row->result,
            'error' => $row->error ?? '',
        ], $rows));
    }

    /**
     * The filters of a list of changes, from what the reader asks (changes.php, and the web
     * service tool_enrolsync_get_changes).
     *
     * @param int $runid 0: every run
     * @param string $op one of OPERATIONS ('', or another: any)
     * @param int $userid only this user's changes (0: see $usersearch)
     * @param string $usersearch only the changes of the users find_users() finds ('': any user)
     * @param int $courseid only the changes in this course (0: see $coursesearch)
     * @param string $coursesearch only the changes in the courses find_courses() finds ('': any)
     * @return array runid, op, userids and courseids (null: any), as changes_sql() takes them
     */
    public static function filters(
        int $runid,
        string $op,
        int $userid,
        string $usersearch,
        int $courseid,
        string $coursesearch
    ): array {
        return [
            'runid' => $runid,
            'op' => in_array($op, self::OPERATIONS) ? $op : '',
            'userids' => $userid ? [$userid] : ($usersearch !== '' ? self::find_users($usersearch) : null),
            'courseids' => $courseid ? [$courseid] : ($coursesearch !== '' ? self::find_courses($coursesearch) : null),
        ];
    }

    /**
     * The query of a list of changes (the changes table's, and the web service's): each change
     * (table alias c) with its run's start and file name, its course's short and full names, and
     * its user's name fields and ID number (prefixed u_), for the filters.
     *
     * @param array $filters runid (0: every run), op ('': any), courseids and userids (null: any;
     *     []: none), as filters() gives them; a missing filter is "any"; removals (true: only full
     *     sync's removals still planned, what confirming a refused run would remove)
     * @return array fields, from, where, params, and count (the SQL that counts the changes)
     */
    public static function changes_sql(array $filters): array {
        global $DB;
        $filters += ['runid' => 0, 'op' => '', 'courseids' => null, 'userids' => null, 'removals' => false];
        $where = [];
        $params = [];
        if ($filters['runid']) {
            $where[] = 'c.runid = :runid';
            $params['runid'] = (int) $filters['runid'];
        }
        if ($filters['op'] !== '') {
            $where[] = 'c.op = :op';
            $params['op'] = $filters['op'];
        }
        if ($filters['removals']) {
            [$insql, $inparams] = $DB->get_in_or_equal(self::REMOVALS, SQL_PARAMS_NAMED, 'removal');
            $where[] = "c.op $insql AND c.result = :planned";
            $params += $inparams + ['planned' => self::PLANNED];
        }
        foreach (['courseids' => 'courseid', 'userids' => 'userid'] as $filter => $column) {
            if ($filters[$filter] === []) {
                // A search that found no one matches no change.
                $where[] = '1 = 0';
            } else if ($filters[$filter] !== null) {
                [$insql, $inparams] = $DB->get_in_or_equal($filters[$filter], SQL_PARAMS_NAMED, $column);
                $where[] = "c.$column $insql";
                $params += $inparams;
            }
        }
        $where = $where ? implode(' AND ', $where) : '1 = 1';
        $userfields = \core_user\fields::for_name()->including('idnumber')->get_sql('u', false, 'u_', 'userid', true);
        return [
            'fields' => "c.*, r.timestarted, r.filename, r.format, co.shortname AS courseshortname, co.fullname AS coursefullname
                        {$userfields->selects}",
            'from' => "{" . self::TABLE . "} c
                  JOIN {tool_enrolsync_runs} r ON r.id = c.runid
             LEFT JOIN {course} co ON co.id = c.courseid
             LEFT JOIN {user} u ON u.id = c.userid",
            'where' => $where,
            'params' => $params,
            'count' => "SELECT COUNT(1) FROM {" . self::TABLE . "} c WHERE $where",
        ];
    }

    /**
     * The users a search names: those whose ID number, username, e-mail, first or last name, or
     * full name contains it (for searching the changes across runs).
     *
     * @param string $search
     * @return int[] at most SEARCH_LIMIT ids
     */
    public static function find_users(string $search): array {
        global $DB;
        $fullname = $DB->sql_concat('firstname', "' '", 'lastname');
        return self::find('user', ['idnumber', 'username', 'email', 'firstname', 'lastname', $fullname], $search);
    }

    /**
     * The courses a search names: those whose short name, full name or ID number contains it.
     *
     * @param string $search
     * @return int[] at most SEARCH_LIMIT ids
     */
    public static function find_courses(string $search): array {
        return self::find('course', ['shortname', 'fullname', 'idnumber'], $search);
    }

    /**
     * Ids of the rows of a table where one of the columns contains the search, without regard to
     * case.
     *
     * @param string $table
     * @param string[] $columns
     * @param string $search
     * @return int[]
     */
    private static function find(string $table, array $columns, string $search): array {
        global $DB;
        $where = [];
        $params = [];
        foreach ($columns as $i => $column) {
            $where[] = $DB->sql_like($column, ":s$i", false, false);
            $params["s$i"] = '%' . $DB->sql_like_escape($search) . '%';
        }
        return array_map('intval', array_keys($DB->get_records_select_menu(
            $table,
            implode(' OR ', $where),
            $params,
            'id DESC',
            'id, id AS same',
            0,
            self::SEARCH_LIMIT
        )));
    }

    /**
     * Forgets the operations of a run that failed in some courses (before a part of the run is
     * tried again there).
     *
     * @param int $runid
     * @param int[] $courseids
     * @return int[] the lines of the file that caused them (0, full sync, left out)
     */
    public static function forget_failures(int $runid, array $courseids): array {
        global $DB;
        if (!$courseids) {
            return [];
        }
        [$insql, $params] = $DB->get_in_or_equal($courseids);
        $select = "runid = ? AND result = ? AND courseid $insql";
        $params = array_merge([$runid, self::FAILED], $params);
        $lines = $DB->get_fieldset_select(self::TABLE, 'DISTINCT line', "$select AND line > 0", $params);
        $DB->delete_records_select(self::TABLE, $select, $params);
        return array_map('intval', $lines);
    }

    /**
     * Forgets the changes of runs being deleted.
     *
     * @param int[] $runids
     */
    public static function delete(array $runids): void {
        global $DB;
        $DB->delete_records_list(self::TABLE, 'runid', $runids);
    }
}
