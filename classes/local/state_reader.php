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

use EnrolSync\File;
use EnrolSync\Snapshot;
use tool_enrolsync\run_options;

/**
 * Reads, in a few chunked queries, the part of the site a file touches, into the extension's
 * snapshot: never one query per line.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class state_reader {
    /** Values per IN (...) list: well below PostgreSQL's 65535 parameters per query. */
    const CHUNK = 10000;

    /**
     * The snapshot of the site for a file.
     *
     * @param File $file
     * @param run_options $options the run's: with full sync, courses with enrolments this tool
     *     manages count too; the roles a run may assign
     * @param int[]|null $only the courses whose state to read (a part of a run); null: all of them
     * @return Snapshot
     */
    public static function read(File $file, run_options $options, ?array $only = null): Snapshot {
        $keys = $file->keys();
        $summary = $file->summary();
        $snapshot = new Snapshot();
        $snapshot->set_site_course((int) SITEID);
        self::add_users($snapshot, $keys['users'], $summary['useridentifier']);
        $courseids = self::add_courses($snapshot, $keys['courses'], $summary['courseidentifier']);
        if ($options->get('fullsync')) {
            $courseids = array_values(array_unique(array_merge($courseids, self::managed_courses())));
        }
        if ($only !== null) {
            $courseids = array_values(array_intersect($courseids, $only));
        }
        if ($options->get('fullsync')) {
            self::add_managed_keys($snapshot, $courseids, $summary['useridentifier'], $summary['courseidentifier']);
        }
        self::add_roles($snapshot, $options->allowed_roles());
        self::add_methods($snapshot);
        self::add_dates($snapshot, $keys['dates']);
        self::add_course_states($snapshot, $courseids);
        return $snapshot;
    }

    /**
     * Runs $query for each chunk of $values and hands every record to $consume.
     *
     * @param array $values
     * @param callable $query fn(string $insql, array $params): \moodle_recordset
     * @param callable $consume fn(\stdClass $record)
     */
    private static function each_chunk(array $values, callable $query, callable $consume): void {
        global $DB;
        foreach (array_chunk($values, self::CHUNK) as $chunk) {
            [$insql, $params] = $DB->get_in_or_equal($chunk, SQL_PARAMS_NAMED, 'k');
            $records = $query($insql, $params);
            try {
                foreach ($records as $record) {
                    $consume($record);
                }
            } finally {
                $records->close();
            }
        }
    }

    /**
     * Local, not deleted users whose identifier field has one of the keys.
     *
     * The same on every database (README, "Matching"): the extension maps each row back to the
     * file's key by its exact value, so a row that MariaDB's utf8mb4_unicode_ci also returns (a
     * key in another case, or without its accents) matches no line there, as it is not returned by
     * PostgreSQL. The file's usernames and e-mail addresses come in lower case.
     *
     * @param Snapshot $snapshot
     * @param array $keys
     * @param string $field id, idnumber, username or email
     */
    private static function add_users(Snapshot $snapshot, array $keys, string $field): void {
        global $DB, $CFG;
        if ($field === 'id') {
            $keys = array_map('intval', $keys);
        }
        // E-mail keys are lower case; Moodle compares addresses without regard to case.
        $column = $field === 'email' ? 'LOWER(u.email)' : "u.$field";
        $rows = [[], [], []];
        self::each_chunk(
            $keys,
            fn($insql, $params) => $DB->get_recordset_sql(
                "SELECT u.id, $column AS userkey, u.suspended
                   FROM {user} u
                  WHERE $column $insql AND u.deleted = 0 AND u.mnethostid = :localhost",
                $params + ['localhost' => $CFG->mnet_localhost_id]
            ),
            function ($user) use (&$rows) {
                $rows[0][] = (string) $user->userkey;
                $rows[1][] = $user->id;
                $rows[2][] = (bool) $user->suspended;
            }
        );
        $snapshot->add_users(...$rows);
    }

    /**
     * Courses whose identifier field has one of the keys: exactly, as for users (on MariaDB a
     * course whose key differs in case or accents is read too, and no line names it).
     *
     * @param Snapshot $snapshot
     * @param array $keys
     * @param string $field id, idnumber or shortname
     * @return int[] the ids of those found, but the site course's
     */
    private static function add_courses(Snapshot $snapshot, array $keys, string $field): array {
        global $DB;
        if ($field === 'id') {
            $keys = array_map('intval', $keys);
        }
        $rows = [[], []];
        self::each_chunk(
            $keys,
            fn($insql, $params) => $DB->get_recordset_sql(
                "SELECT c.id, c.$field AS coursekey FROM {course} c WHERE c.$field $insql",
                $params
            ),
            function ($course) use (&$rows) {
                $rows[0][] = (string) $course->coursekey;
                $rows[1][] = $course->id;
            }
        );
        // The site course is found, so that its lines say why they fail; it has no state to read.
        $snapshot->add_courses(...$rows);
        return array_values(array_diff(array_map('intval', $rows[1]), [SITEID]));
    }

    /**
     * The keys of the users holding an enrolment this tool manages in the courses, and of those
     * courses, whether the file names them or not: a damaged line may name them where its columns
     * do not (a lost delimiter joins two values), and full sync keeps what a failed line may be
     * about (README, "What a damaged line protects").
     *
     * @param Snapshot $snapshot
     * @param int[] $courseids
     * @param string $userfield id, idnumber, username or email
     * @param string $coursefield id, idnumber or shortname
     */
    private static function add_managed_keys(Snapshot $snapshot, array $courseids, string $userfield, string $coursefield): void {
        global $DB;
        // E-mail keys are lower case, as the file's are. An empty key names nobody.
        $column = $userfield === 'email' ? 'LOWER(u.email)' : "u.$userfield";
        $usernotempty = $userfield === 'id' ? '' : "AND $column <> ''";
        $coursenotempty = $coursefield === 'id' ? '' : "AND c.$coursefield <> ''";
        $users = [[], [], []];
        self::each_chunk(
            $courseids,
            fn($insql, $params) => $DB->get_recordset_sql(
                "SELECT DISTINCT u.id, $column AS userkey, u.suspended
                   FROM {tool_enrolsync_managed} m
                   JOIN {user_enrolments} ue ON ue.id = m.userenrolid
                   JOIN {enrol} e ON e.id = ue.enrolid
                   JOIN {user} u ON u.id = ue.userid
                  WHERE e.courseid $insql AND u.deleted = 0 $usernotempty",
                $params
            ),
            function ($user) use (&$users) {
                $users[0][] = (string) $user->userkey;
                $users[1][] = $user->id;
                $users[2][] = (bool) $user->suspended;
            }
        );
        $snapshot->add_users(...$users);
        $courses = [[], []];
        self::each_chunk(
            $courseids,
            fn($insql, $params) => $DB->get_recordset_sql(
                "SELECT c.id, c.$coursefield AS coursekey FROM {course} c WHERE c.id $insql $coursenotempty",
                $params
            ),
            function ($course) use (&$courses) {
                $courses[0][] = (string) $course->coursekey;
                $courses[1][] = $course->id;
            }
        );
        $snapshot->add_courses(...$courses);
    }

    /**
     * Courses where this tool manages enrolments.
     *
     * @return int[]
     */
    private static function managed_courses(): array {
        global $DB;
        return array_map('intval', $DB->get_fieldset_sql(
            'SELECT DISTINCT e.courseid FROM {tool_enrolsync_managed} m JOIN {enrol} e ON e.id = m.enrolid'
        ));
    }

    /**
     * Every role, with whether it can be assigned in course context, whether a run may assign it
     * and whether it is a student role.
     *
     * @param Snapshot $snapshot
     * @param int[] $allowed the roles a run may assign
     */
    private static function add_roles(Snapshot $snapshot, array $allowed): void {
        $incourse = array_flip(get_roles_for_contextlevels(CONTEXT_COURSE));
        $allowed = array_flip($allowed);
        $rows = [[], [], [], [], []];
        foreach (get_all_roles() as $role) {
            $rows[0][] = $role->shortname;
            $rows[1][] = $role->id;
            $rows[2][] = isset($incourse[$role->id]);
            $rows[3][] = isset($allowed[$role->id]);
            $rows[4][] = $role->archetype === 'student';
        }
        $snapshot->add_roles(...$rows);
    }

    /**
     * Installed enrolment plugins, enabled or not, whether they can add an instance, and whether
     * they let a tool enrol, manage and unenrol (their allow_enrol(), allow_manage() and
     * allow_unenrol(), asked for an instance of theirs: no plugin's answer depends on which).
     *
     * @param Snapshot $snapshot
     */
    private static function add_methods(Snapshot $snapshot): void {
        $rows = [[], [], [], [], []];
        foreach (enrol_get_plugins(false) as $name => $plugin) {
            $instance = (object) ['id' => 0, 'enrol' => $name, 'courseid' => 0, 'status' => ENROL_INSTANCE_ENABLED];
            $rows[0][] = $name;
            $rows[1][] = enrol_is_enabled($name);
            $rows[2][] = enrol_method::can_create_instances($plugin);
            $rows[3][] = $plugin->allow_enrol($instance) && $plugin->allow_manage($instance);
            $rows[4][] = (bool) $plugin->allow_unenrol($instance);
        }
        $snapshot->add_methods(...$rows);
    }

    /**
     * The file's dates (YYYY-MM-DD HH:MM:SS) as timestamps in the site's time zone.
     *
     * @param Snapshot $snapshot
     * @param array $dates
     */
    private static function add_dates(Snapshot $snapshot, array $dates): void {
        $zone = \core_date::get_server_timezone_object();
        $stamps = array_map(fn($date) => (new \DateTime($date, $zone))->getTimestamp(), $dates);
        $snapshot->add_dates($dates, $stamps);
    }

    /**
     * Instances, enrolments, role assignments, groups and memberships of the courses.
     *
     * @param Snapshot $snapshot
     * @param int[] $courseids
     */
    private static function add_course_states(Snapshot $snapshot, array $courseids): void {
        global $DB;
        $instances = [[], [], [], []];
        self::each_chunk(
            $courseids,
            fn($insql, $params) => $DB->get_recordset_sql(
                "SELECT id, courseid, enrol, status FROM {enrol} WHERE courseid $insql ORDER BY id",
                $params
            ),
            function ($instance) use (&$instances) {
                $instances[0][] = $instance->courseid;
                $instances[1][] = $instance->enrol;
                $instances[2][] = $instance->id;
                $instances[3][] = $instance->status;
            }
        );
        $snapshot->add_instances(...$instances);

        $enrolments = [];
        self::each_chunk(
            $courseids,
            fn($insql, $params) => $DB->get_recordset_sql(
                "SELECT ue.id, ue.enrolid, ue.userid, ue.status, ue.timestart, ue.timeend,
                        CASE WHEN m.id IS NULL THEN 0 ELSE 1 END AS managed
                   FROM {user_enrolments} ue
                   JOIN {enrol} e ON e.id = ue.enrolid
              LEFT JOIN {tool_enrolsync_managed} m ON m.userenrolid = ue.id
                  WHERE e.courseid $insql",
                $params
            ),
            function ($ue) use (&$enrolments) {
                array_push(
                    $enrolments,
                    $ue->enrolid,
                    $ue->userid,
                    $ue->status,
                    $ue->timestart,
                    $ue->timeend,
                    $ue->managed
                );
            }
        );
        $snapshot->add_enrolments($enrolments);

        $assignments = [];
        self::each_chunk(
            $courseids,
            fn($insql, $params) => $DB->get_recordset_sql(
                "SELECT ra.id, ctx.instanceid AS courseid, ra.userid, ra.roleid,
                        CASE WHEN ra.component = '' THEN 1 ELSE 0 END AS manual
                   FROM {role_assignments} ra
                   JOIN {context} ctx ON ctx.id = ra.contextid AND ctx.contextlevel = :level
                  WHERE ctx.instanceid $insql",
                $params + ['level' => CONTEXT_COURSE]
            ),
            function ($ra) use (&$assignments) {
                array_push($assignments, $ra->courseid, $ra->userid, $ra->roleid, $ra->manual);
            }
        );
        $snapshot->add_role_assignments($assignments);

        $groups = [[], [], []];
        self::each_chunk(
            $courseids,
            fn($insql, $params) => $DB->get_recordset_sql(
                "SELECT id, courseid, name FROM {groups} WHERE courseid $insql ORDER BY id",
                $params
            ),
            function ($group) use (&$groups) {
                $groups[0][] = $group->courseid;
                $groups[1][] = $group->id;
                $groups[2][] = $group->name;
            }
        );
        $snapshot->add_groups(...$groups);

        $members = [];
        self::each_chunk(
            $courseids,
            fn($insql, $params) => $DB->get_recordset_sql(
                "SELECT gm.id, gm.groupid, gm.userid
                   FROM {groups_members} gm
                   JOIN {groups} g ON g.id = gm.groupid
                  WHERE g.courseid $insql",
                $params
            ),
            function ($member) use (&$members) {
                array_push($members, $member->groupid, $member->userid);
            }
        );
        $snapshot->add_memberships($members);
    }
}
