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

/**
 * The API of the PHP extension enrolsync, for IDEs and readers. Never loaded by Moodle: the
 * extension provides these. php/tests/stub.phpt fails when this file and the extension differ.
 * One file for the whole API, as PHP's extension stubs are: hence several classes in it.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// phpcs:disable PSR1.Classes.ClassDeclaration.MultipleClasses

namespace {
    /**
     * The extension's version; the plugin's release must be the same.
     *
     * @return string
     */
    function enrolsync_version(): string {
    }
}

namespace EnrolSync {
    /**
     * A file that cannot be applied at all (missing, unknown or duplicated column, empty or
     * undecodable file), or an invalid option. Nothing of the file is applied.
     */
    class FileException extends \Exception {
        /**
         * The message key: error_<key> in the plugin's language files.
         *
         * @return string
         */
        public function get_error_key(): string {
        }

        /**
         * The value the message names (column, encoding, option=value), or ''.
         *
         * @return string
         */
        public function get_error_arg(): string {
        }

        /**
         * The physical line of the file the error is about, or 0 for the whole file.
         *
         * @return int
         */
        public function get_line_number(): int {
        }
    }

    /**
     * A read and validated enrolment file. Its lines stay inside the extension; PHP gets
     * summaries, the keys to look up, errors, and plans.
     */
    class File {
        /**
         * Reads a file from disk.
         *
         * @param string $path
         * @param array $options format (auto|native|flatfile), encoding (auto|utf-8|windows-1252|
         *     iso-8859-1), delimiter (auto|comma|semicolon|tab|pipe or the character), defaultcmd
         *     (add|del|shift|disable|enable), useridentifier (id|idnumber|username|email),
         *     courseidentifier (id|idnumber|shortname); missing or '' means the default (first
         *     listed); defaultrole (the role id of lines whose role is empty; 0 or missing: none,
         *     such lines fail).
         * @return File
         * @throws FileException when the file cannot be applied at all
         */
        public static function open(string $path, array $options): File {
        }

        /**
         * Reads a file's content (as open()).
         *
         * @param string $content the file's bytes
         * @param array $options as for open()
         * @return File
         * @throws FileException
         */
        public static function from_string(string $content, array $options): File {
        }

        /**
         * How the file was read: format, encoding, encodingreason (why that encoding: bom, valid,
         * multibyte, nomultibyte or setting; the string encodingreason_<key>), invalidlines (the
         * number of lines holding bytes that are not valid UTF-8, each of those data lines
         * rejected), delimiter, useridentifier, courseidentifier (a flat file always uses
         * idnumber), and line counts: lines, valid, rejected.
         *
         * @return array
         */
        public function summary(): array {
        }

        /**
         * The distinct values the file names, each a list of strings in order of first
         * appearance: users, courses, roles, methods, groups, and dates (YYYY-MM-DD HH:MM:SS,
         * to convert in the site's time zone and hand back with Snapshot::add_dates()). E-mail
         * user keys are lower case.
         *
         * @return array
         */
        public function keys(): array {
        }

        /**
         * The header line as written ('' for a flat file).
         *
         * @return string
         */
        public function header(): string {
        }

        /**
         * The text of data line $number (physical line, 1-based), or null.
         *
         * @param int $number
         * @return string|null
         */
        public function line(int $number): ?string {
        }

        /**
         * Lines rejected while reading, each shaped like a line of Plan::lines() (status 'failed').
         *
         * @return array
         */
        public function rejected(): array {
        }

        /**
         * Plans the file against the site's state.
         *
         * @param Snapshot $snapshot
         * @param array $options now (start of new enrolments without one; default: the current
         *     time), createinstances (default true), enrolwhendisabled (default false: a method
         *     disabled on the site or an instance disabled in its course refuses lines that give
         *     access), fullsync (default false), removalaction (suspend|unenrol|keep), threshold
         *     (percent, default 10), force (default false), rolemap (the file's role names =>
         *     role shortnames, names matched trimmed and in any case; a name it lacks means the
         *     role of that shortname, in any case), delactionflatfile and delactionnative (what a
         *     del line does: -1 tool_sync's, or an ENROL_EXT_REMOVED_* value: 0 unenrol, 1 keep,
         *     2 suspend, 3 suspend and remove roles; defaults 3 and -1)
         * @return Plan
         * @throws FileException for an invalid option
         */
        public function plan(Snapshot $snapshot, array $options): Plan {
        }
    }

    /**
     * The site's state as far as a file touches it. Lists are parallel; rows are flat lists of
     * integers. Integers may be given as numeric strings (as Moodle's database layer returns them).
     */
    class Snapshot {
        /**
         * An empty snapshot.
         */
        public function __construct() {
        }

        /**
         * The site course's id (never a target); 1 unless said otherwise.
         *
         * @param int $id
         * @return void
         */
        public function set_site_course(int $id): void {
        }

        /**
         * Users found for the file's user keys (not deleted, local). A key given with two
         * different ids is ambiguous.
         *
         * @param array $keys
         * @param array $ids
         * @param array $suspended
         * @return void
         */
        public function add_users(array $keys, array $ids, array $suspended): void {
        }

        /**
         * Courses found for the file's course keys.
         *
         * @param array $keys
         * @param array $ids
         * @return void
         */
        public function add_courses(array $keys, array $ids): void {
        }

        /**
         * Roles by shortname: assignable in course context, allowed by the settings (a line naming
         * another role fails), student archetype.
         *
         * @param array $shortnames
         * @param array $ids
         * @param array $assignable
         * @param array $allowed
         * @param array $student
         * @return void
         */
        public function add_roles(array $shortnames, array $ids, array $assignable, array $allowed, array $student): void {
        }

        /**
         * Installed enrolment plugins: enabled on the site, may add an instance to a course, let a
         * tool enrol (and manage enrolments), let a tool unenrol.
         *
         * @param array $names
         * @param array $enabled
         * @param array $creatable
         * @param array $mayenrol
         * @param array $mayunenrol
         * @return void
         */
        public function add_methods(array $names, array $enabled, array $creatable, array $mayenrol, array $mayunenrol): void {
        }

        /**
         * Timestamps of the file's dates in the site's time zone.
         *
         * @param array $dates
         * @param array $timestamps
         * @return void
         */
        public function add_dates(array $dates, array $timestamps): void {
        }

        /**
         * Enrolment instances of the affected courses, in id order, with their status (enrol.status:
         * 0 enabled; all enabled when not given).
         *
         * @param array $courseids
         * @param array $methods
         * @param array $ids
         * @param array|null $statuses
         * @return void
         */
        public function add_instances(array $courseids, array $methods, array $ids, ?array $statuses = null): void {
        }

        /**
         * User enrolments, flat: instanceid, userid, status (0 active), timestart, timeend,
         * managed (1 when this tool created it), repeated. Instances must be added first.
         *
         * @param array $rows6
         * @return void
         */
        public function add_enrolments(array $rows6): void {
        }

        /**
         * Role assignments in course contexts, flat: courseid, userid, roleid, manual (1 when the
         * component is ''), repeated.
         *
         * @param array $rows4
         * @return void
         */
        public function add_role_assignments(array $rows4): void {
        }

        /**
         * Groups of the affected courses.
         *
         * @param array $courseids
         * @param array $ids
         * @param array $names
         * @return void
         */
        public function add_groups(array $courseids, array $ids, array $names): void {
        }

        /**
         * Group memberships, flat: groupid, userid, repeated. Groups must be added first.
         *
         * @param array $rows2
         * @return void
         */
        public function add_memberships(array $rows2): void {
        }
    }

    /**
     * A plan: the operations by course, and every line's outcome. A plan refused by full sync's
     * safety threshold has no operation.
     */
    class Plan {
        /**
         * Counts: operations (by name: createinstance, creategroup, enrol, update, suspend,
         * unenrol, assign, unassign, addmember, removemember), lines (applied, unchanged,
         * failed), courses, syncremovals, withheldby (the lines whose user cannot be told, which
         * withheld every removal of full sync), kept (the enrolments full sync would have removed
         * or suspended but kept: see kept()), noaccess (the lines that enrol or reactivate through
         * a disabled method or instance, which the options allowed: no access until it is
         * enabled), refused (null, or removals, managed (active enrolments this tool manages),
         * threshold).
         *
         * @return array
         */
        public function summary(): array {
        }

        /**
         * Whether full sync's safety threshold refused the plan.
         *
         * @return bool
         */
        public function is_refused(): bool {
        }

        /**
         * Ids of the courses with operations, ascending.
         *
         * @return array
         */
        public function courses(): array {
        }

        /**
         * How many operations one course has (0 for a course the plan does not touch).
         *
         * @param int $courseid
         * @return int
         */
        public function operation_count(int $courseid): int {
        }

        /**
         * Operations of one course in order, $limit of them from $offset. Each has op, line (0 for
         * full sync), courseid, and as the operation needs: userid, method and instanceid (0 when
         * the plan creates it), roleid, timestart, timeend, status (null: unchanged), groupid (0
         * when the plan creates it) and groupname.
         *
         * @param int $courseid
         * @param int $offset
         * @param int $limit
         * @return array
         */
        public function operations(int $courseid, int $offset, int $limit): array {
        }

        /**
         * Users newly enrolled as students in a course.
         *
         * @param int $courseid
         * @return array
         */
        public function new_students(int $courseid): array {
        }

        /**
         * The enrolments full sync removes or suspends (or, when the plan is refused, would
         * have), shaped like operations, $limit of them from $offset.
         *
         * @param int $offset
         * @param int $limit
         * @return array
         */
        public function removals(int $offset, int $limit): array {
        }

        /**
         * The enrolments full sync would have removed or suspended and kept, because a line may
         * be about them, shaped like removals (op suspend or unenrol, courseid, userid, method,
         * instanceid), each with line (the line that kept it) and reason (protected: that line
         * failed, or is a comment line holding the delimiter, and may name the user in the
         * course; withheld: that line's user could not be told, so the run removed nothing),
         * $limit of them from $offset.
         *
         * @param int $offset
         * @param int $limit
         * @return array
         */
        public function kept(int $offset, int $limit): array {
        }

        /**
         * Line outcomes in file order, each [line, raw, status (applied|unchanged|failed), key,
         * arg, message, ops, notenrolled, usersuspended, noaccess, userid (of a failed line whose
         * user the site knows, else 0), userids (every user of the site a failed line's user key
         * may mean: one, several when the key is ambiguous, or none), protection (in full sync,
         * what the failed line keeps from removal: course, everycourse, all, or '')]; with
         * $failedonly, failed lines only ($offset and $limit then count those).
         *
         * @param int $offset
         * @param int $limit
         * @param bool $failedonly
         * @return array
         */
        public function lines(int $offset, int $limit, bool $failedonly): array {
        }
    }
}
