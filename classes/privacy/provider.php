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

namespace tool_enrolsync\privacy;

use core_privacy\local\metadata\collection;
use core_privacy\local\request\approved_contextlist;
use core_privacy\local\request\approved_userlist;
use core_privacy\local\request\contextlist;
use core_privacy\local\request\transform;
use core_privacy\local\request\userlist;
use core_privacy\local\request\writer;
use tool_enrolsync\engine;
use tool_enrolsync\run_files;
use tool_enrolsync\run_parts;

/**
 * Privacy provider. In the system context the tool keeps: the runs a user started, the failed
 * lines that name a user the site knows (a line whose user key several users have names each of
 * them: tool_enrolsync_lineusers), and which of a user's enrolments the tool created. Exported
 * per user, deleted per user (runs are kept, without who started them; a failed line goes when
 * one of the users it names asks).
 *
 * The enrolments the tool created: deleting a user's data deletes the tool's record that it
 * created them (tool_enrolsync_managed). The enrolments themselves are Moodle's (core_enrol's
 * provider covers them) and stay. From then on full sync no longer suspends or removes them, as
 * for enrolments made by hand: a del line, or the course's participants page, ends one. Keeping
 * the record would keep what the user asked to delete; ending the enrolments would destroy course
 * data the request is not about.
 *
 * Files (core_files): the command file area (files waiting for the next run, and under archive/
 * the command files that ran), the copy of each run's input file and each run's failed lines.
 * Each names many users at once, in text only the tool reads: they are neither exported nor
 * edited per user. The history retention setting deletes them (a run's files with the run,
 * archived command files by their age); deleting every user's data deletes all of them but the
 * files waiting for the next run, which are the operator's input, not yet processed. A run still
 * being applied by its parts then has no file left to apply: it is marked interrupted at once,
 * and the next run applies the feed again.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class provider implements
    \core_privacy\local\metadata\provider,
    \core_privacy\local\request\core_userlist_provider,
    \core_privacy\local\request\plugin\provider {
    /** Failed lines deleted at a time. */
    const CHUNK = 10000;
    /** Per table, the field that names the user. */
    const USER_FIELDS = [
        'tool_enrolsync_runs' => 'userid',
        'tool_enrolsync_lines' => 'userid',
        'tool_enrolsync_lineusers' => 'userid',
        'tool_enrolsync_managed' => 'userid',
        'tool_enrolsync_changes' => 'userid',
    ];

    /**
     * What the plugin stores about users.
     *
     * @param collection $collection
     * @return collection
     */
    public static function get_metadata(collection $collection): collection {
        $collection->add_database_table('tool_enrolsync_runs', [
            'userid' => 'privacy:metadata:tool_enrolsync_runs:userid',
            'filename' => 'privacy:metadata:tool_enrolsync_runs:filename',
            'timestarted' => 'privacy:metadata:tool_enrolsync_runs:timestarted',
            'errorarg' => 'privacy:metadata:tool_enrolsync_runs:errorarg',
            'notices' => 'privacy:metadata:tool_enrolsync_runs:notices',
        ], 'privacy:metadata:tool_enrolsync_runs');
        $collection->add_database_table('tool_enrolsync_lines', [
            'userid' => 'privacy:metadata:tool_enrolsync_lines:userid',
            'rawline' => 'privacy:metadata:tool_enrolsync_lines:rawline',
            'errorkey' => 'privacy:metadata:tool_enrolsync_lines:errorkey',
            'errorarg' => 'privacy:metadata:tool_enrolsync_lines:errorarg',
        ], 'privacy:metadata:tool_enrolsync_lines');
        $collection->add_database_table('tool_enrolsync_lineusers', [
            'userid' => 'privacy:metadata:tool_enrolsync_lineusers:userid',
            'lineid' => 'privacy:metadata:tool_enrolsync_lineusers:lineid',
        ], 'privacy:metadata:tool_enrolsync_lineusers');
        $collection->add_database_table('tool_enrolsync_managed', [
            'userid' => 'privacy:metadata:tool_enrolsync_managed:userid',
            'userenrolid' => 'privacy:metadata:tool_enrolsync_managed:userenrolid',
            'enrolid' => 'privacy:metadata:tool_enrolsync_managed:enrolid',
            'runid' => 'privacy:metadata:tool_enrolsync_managed:runid',
        ], 'privacy:metadata:tool_enrolsync_managed');
        $collection->add_database_table('tool_enrolsync_parts', [
            'removals' => 'privacy:metadata:tool_enrolsync_parts:removals',
        ], 'privacy:metadata:tool_enrolsync_parts');
        $collection->add_database_table('tool_enrolsync_changes', [
            'userid' => 'privacy:metadata:tool_enrolsync_changes:userid',
            'courseid' => 'privacy:metadata:tool_enrolsync_changes:courseid',
            'op' => 'privacy:metadata:tool_enrolsync_changes:op',
            'roleid' => 'privacy:metadata:tool_enrolsync_changes:roleid',
            'groupname' => 'privacy:metadata:tool_enrolsync_changes:groupname',
            'method' => 'privacy:metadata:tool_enrolsync_changes:method',
            'line' => 'privacy:metadata:tool_enrolsync_changes:line',
            'result' => 'privacy:metadata:tool_enrolsync_changes:result',
            'error' => 'privacy:metadata:tool_enrolsync_changes:error',
        ], 'privacy:metadata:tool_enrolsync_changes');
        $collection->add_subsystem_link('core_files', [], 'privacy:metadata:core_files');
        $collection->add_subsystem_link('core_message', [], 'privacy:metadata:core_message');
        return $collection;
    }

    /**
     * The system context, when the tool holds something about the user.
     *
     * @param int $userid
     * @return contextlist
     */
    public static function get_contexts_for_userid(int $userid): contextlist {
        $contextlist = new contextlist();
        if (self::holds_data_about($userid)) {
            $contextlist->add_system_context();
        }
        return $contextlist;
    }

    /**
     * The users the tool holds something about.
     *
     * @param userlist $userlist
     */
    public static function get_users_in_context(userlist $userlist) {
        if (!$userlist->get_context() instanceof \context_system) {
            return;
        }
        foreach (self::USER_FIELDS as $table => $field) {
            $userlist->add_from_sql($field, "SELECT $field FROM {{$table}} WHERE $field > 0", []);
        }
    }

    /**
     * Exports the runs the user started, the failed lines that name them, and the enrolments the
     * tool created for them.
     *
     * @param approved_contextlist $contextlist
     */
    public static function export_user_data(approved_contextlist $contextlist) {
        global $DB;
        $context = \context_system::instance();
        if (!in_array($context->id, $contextlist->get_contextids())) {
            return;
        }
        $userid = $contextlist->get_user()->id;
        $base = [get_string('pluginname', 'tool_enrolsync')];
        $fields = 'id, origin, filename, dryrun, status, timestarted';
        $runs = $DB->get_records('tool_enrolsync_runs', ['userid' => $userid], 'id', $fields);
        if ($runs) {
            writer::with_context($context)->export_data(
                array_merge($base, [get_string('privacy:runs', 'tool_enrolsync')]),
                (object) ['runs' => array_values(array_map(
                    fn($run) => (object) [
                    'origin' => $run->origin,
                    'filename' => $run->filename,
                    'dryrun' => transform::yesno($run->dryrun),
                    'status' => $run->status,
                    'timestarted' => transform::datetime($run->timestarted),
                    ],
                    $runs
                ))]
            );
        }
        $lines = $DB->get_records_select(
            'tool_enrolsync_lines',
            'userid = ? OR id IN (SELECT lineid FROM {tool_enrolsync_lineusers} WHERE userid = ?)',
            [$userid, $userid],
            'runid, line'
        );
        if ($lines) {
            writer::with_context($context)->export_data(
                array_merge($base, [get_string('privacy:lines', 'tool_enrolsync')]),
                (object) ['lines' => array_values(array_map(
                    fn($line) => (object) [
                    'run' => $line->runid,
                    'line' => $line->line,
                    'raw' => $line->rawline,
                    'reason' => \tool_enrolsync\run_report::message($line->errorkey, $line->errorarg),
                    ],
                    $lines
                ))]
            );
        }
        self::export_changes($context, $userid, $base);
        $managed = $DB->get_records_sql(
            "SELECT m.id, c.shortname, e.enrol, m.runid
               FROM {tool_enrolsync_managed} m
               JOIN {enrol} e ON e.id = m.enrolid
               JOIN {course} c ON c.id = e.courseid
              WHERE m.userid = ?
           ORDER BY m.id",
            [$userid]
        );
        if ($managed) {
            writer::with_context($context)->export_data(
                array_merge($base, [get_string('privacy:managed', 'tool_enrolsync')]),
                (object) ['enrolments' => array_values(array_map(
                    fn($row) => (object) [
                    'course' => $row->shortname,
                    'method' => $row->enrol,
                    'run' => $row->runid,
                    ],
                    $managed
                ))]
            );
        }
    }

    /**
     * Exports the changes the tool made (or planned) to a user's enrolments, roles and groups.
     *
     * @param \context $context
     * @param int $userid
     * @param string[] $base the path of the plugin's data
     */
    private static function export_changes(\context $context, int $userid, array $base): void {
        global $DB;
        $changes = $DB->get_records_sql(
            "SELECT ch.id, ch.runid, ch.line, ch.op, ch.result, ch.error, ch.roleid, ch.groupname, ch.method,
                    r.timestarted, c.shortname
               FROM {tool_enrolsync_changes} ch
               JOIN {tool_enrolsync_runs} r ON r.id = ch.runid
          LEFT JOIN {course} c ON c.id = ch.courseid
              WHERE ch.userid = ?
           ORDER BY ch.id",
            [$userid]
        );
        if ($changes) {
            $roles = role_get_names(null, ROLENAME_ORIGINAL, true);
            writer::with_context($context)->export_data(
                array_merge($base, [get_string('changes', 'tool_enrolsync')]),
                (object) ['changes' => array_values(array_map(
                    fn($change) => (object) [
                    'run' => $change->runid,
                    'time' => transform::datetime($change->timestarted),
                    'line' => $change->line,
                    'change' => get_string('change_' . $change->op, 'tool_enrolsync'),
                    'course' => $change->shortname,
                    'method' => $change->method,
                    'role' => $change->roleid ? ($roles[$change->roleid] ?? $change->roleid) : null,
                    'group' => $change->groupname,
                    'result' => get_string('result_' . $change->result, 'tool_enrolsync'),
                    'error' => $change->error,
                    ],
                    $changes
                ))]
            );
        }
    }

    /**
     * Deletes what the tool holds about every user (the runs stay, without who started them).
     *
     * @param \context $context
     */
    public static function delete_data_for_all_users_in_context(\context $context) {
        global $DB;
        if ($context instanceof \context_system) {
            self::delete_where('userid > 0', []);
            // The files of what ran name many users each: the runs' input and failed lines, and
            // the archived command files.
            $fs = get_file_storage();
            foreach ([run_files::AREA_RUNS, run_files::AREA_FAILED] as $area) {
                $fs->delete_area_files($context->id, 'tool_enrolsync', $area);
            }
            run_files::delete_archived_files(PHP_INT_MAX);
            // A run applied by its parts cannot go on without its file: it is interrupted now,
            // so that new runs do not wait for parts that can no longer apply anything.
            foreach ($DB->get_fieldset_select('tool_enrolsync_runs', 'id', 'status = ?', [engine::STATUS_APPLYING]) as $runid) {
                run_parts::locked($runid, fn() => engine::interrupt_applying($runid, 'runinput', (string) $runid));
            }
        }
    }

    /**
     * Deletes what the tool holds about one user.
     *
     * @param approved_contextlist $contextlist
     */
    public static function delete_data_for_user(approved_contextlist $contextlist) {
        if (in_array(\context_system::instance()->id, $contextlist->get_contextids())) {
            self::delete_users([$contextlist->get_user()->id]);
        }
    }

    /**
     * Deletes what the tool holds about some users.
     *
     * @param approved_userlist $userlist
     */
    public static function delete_data_for_users(approved_userlist $userlist) {
        if ($userlist->get_context() instanceof \context_system) {
            self::delete_users($userlist->get_userids());
        }
    }

    /**
     * Whether the tool holds anything about a user.
     *
     * @param int $userid
     * @return bool
     */
    private static function holds_data_about(int $userid): bool {
        global $DB;
        foreach (self::USER_FIELDS as $table => $field) {
            if ($DB->record_exists($table, [$field => $userid])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Deletes what the tool holds about these users.
     *
     * @param int[] $userids
     */
    private static function delete_users(array $userids): void {
        global $DB;
        if ($userids) {
            [$insql, $params] = $DB->get_in_or_equal($userids);
            self::delete_where("userid $insql", $params);
        }
    }

    /**
     * Deletes the failed lines and the enrolment records of the users $where selects, and forgets
     * that they started runs (the runs stay).
     *
     * @param string $where on the userid field of each table
     * @param array $params
     */
    private static function delete_where(string $where, array $params): void {
        global $DB;
        $lineids = array_unique(array_merge(
            $DB->get_fieldset_select('tool_enrolsync_lines', 'id', $where, $params),
            $DB->get_fieldset_select('tool_enrolsync_lineusers', 'lineid', $where, $params)
        ));
        foreach (array_chunk($lineids, self::CHUNK) as $chunk) {
            $DB->delete_records_list('tool_enrolsync_lineusers', 'lineid', $chunk);
            $DB->delete_records_list('tool_enrolsync_lines', 'id', $chunk);
        }
        $DB->delete_records_select('tool_enrolsync_managed', $where, $params);
        $DB->delete_records_select('tool_enrolsync_changes', $where, $params);
        $DB->set_field_select('tool_enrolsync_runs', 'userid', 0, $where, $params);
    }
}
