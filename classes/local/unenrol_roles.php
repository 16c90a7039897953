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
 * The roles Moodle's unenrol_user() (lib/enrollib.php) removes with an enrolment: those its
 * method gave through that instance (component enrol_NAME); and, when it was the user's last
 * enrolment in the course, every other role of theirs in the course and in its activities and
 * blocks, whatever gave it, whether or not the setting lets the tool give it. The list of
 * changes records them after the unenrolment (journal: unenrolrole): a real run reads what went
 * (held() before and after), a dry run and a refused run predict it from the site's state and
 * the plan (predict()).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class unenrol_roles {
    /** @var int[] "courseid:userid" => the plan's unenrolments of the user in the course */
    private array $unenrols = [];
    /** @var int[] "courseid:userid" => the plan's new enrolments of the user in the course */
    private array $enrols = [];
    /** @var int[] "courseid:userid" => the unenrolments predict() has seen so far */
    private array $seen = [];

    /**
     * Prepares the predictions for a plan's operations (one course's, or full sync's removals).
     *
     * @param iterable $ops every operation predict() will be given, in the same order
     */
    public function __construct(iterable $ops) {
        foreach ($ops as $op) {
            if ($op['op'] === 'unenrol') {
                $this->unenrols[self::key($op)] = ($this->unenrols[self::key($op)] ?? 0) + 1;
            } else if ($op['op'] === 'enrol') {
                $this->enrols[self::key($op)] = ($this->enrols[self::key($op)] ?? 0) + 1;
            }
        }
    }

    /**
     * The roles the unenrolments among the next operations would remove, on the site as it is.
     * An unenrolment leaves the user enrolled in the course when they have other enrolments
     * there that the plan keeps, or gets; the plan's last one for a user in a course is then
     * their last enrolment there.
     *
     * @param array[] $ops the next operations, in order
     * @return int[][] index in $ops => role ids, for the unenrolments that remove any
     */
    public function predict(array $ops): array {
        $unenrols = array_filter($ops, fn($op) => $op['op'] === 'unenrol');
        $bycourse = [];
        foreach ($unenrols as $op) {
            $bycourse[$op['courseid']][] = $op['userid'];
        }
        $state = [];
        foreach ($bycourse as $courseid => $userids) {
            $state[$courseid] = self::state(\context_course::instance($courseid), array_unique($userids));
        }
        $removed = [];
        foreach ($unenrols as $i => $op) {
            $key = self::key($op);
            $this->seen[$key] = ($this->seen[$key] ?? 0) + 1;
            [$enrolments, $assignments] = $state[$op['courseid']];
            $left = ($enrolments[$op['userid']] ?? 0) - $this->unenrols[$key] + ($this->enrols[$key] ?? 0);
            $last = $this->seen[$key] === $this->unenrols[$key] && $left <= 0;
            $roles = array_filter(
                $assignments[$op['userid']] ?? [],
                fn($ra) => $last || ($ra->component === 'enrol_' . $op['method'] && (int) $ra->itemid === $op['instanceid'])
            );
            if ($roles) {
                $removed[$i] = self::role_ids($roles);
            }
        }
        return $removed;
    }

    /**
     * A user's role assignments in a course and in its activities and blocks, now.
     *
     * @param \context_course $context
     * @param int $userid
     * @return \stdClass[] by id: roleid, component, itemid
     */
    public static function held(\context_course $context, int $userid): array {
        return self::assignments($context, [$userid])[$userid] ?? [];
    }

    /**
     * The roles among $before that are no longer held.
     *
     * @param \stdClass[] $before held() before
     * @param \stdClass[] $after held() after
     * @return int[] role ids, ascending, each once
     */
    public static function removed(array $before, array $after): array {
        return self::role_ids(array_diff_key($before, $after));
    }

    /**
     * The distinct roles of role assignments.
     *
     * @param \stdClass[] $assignments
     * @return int[] ascending
     */
    private static function role_ids(array $assignments): array {
        $ids = array_unique(array_map(fn($ra) => (int) $ra->roleid, $assignments));
        sort($ids);
        return $ids;
    }

    /**
     * How many enrolments in the course, and which role assignments in it and below it, some users have.
     *
     * @param \context_course $context
     * @param int[] $userids
     * @return array [userid => enrolments], [userid => [id => assignment]]
     */
    private static function state(\context_course $context, array $userids): array {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal($userids);
        $enrolments = $DB->get_records_sql_menu(
            "SELECT ue.userid, COUNT(1)
               FROM {user_enrolments} ue
               JOIN {enrol} e ON e.id = ue.enrolid
              WHERE e.courseid = ? AND ue.userid $insql
           GROUP BY ue.userid",
            array_merge([$context->instanceid], $params)
        );
        return [array_map('intval', $enrolments), self::assignments($context, $userids)];
    }

    /**
     * Some users' role assignments in a course and in its activities and blocks.
     *
     * @param \context_course $context
     * @param int[] $userids
     * @return \stdClass[][] userid => [id => roleid, component, itemid]
     */
    private static function assignments(\context_course $context, array $userids): array {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED);
        $records = $DB->get_records_sql(
            "SELECT ra.id, ra.userid, ra.roleid, ra.component, ra.itemid
               FROM {role_assignments} ra
               JOIN {context} ctx ON ctx.id = ra.contextid
              WHERE ra.userid $insql AND (ctx.id = :contextid OR " . $DB->sql_like('ctx.path', ':below') . ")",
            $params + ['contextid' => $context->id, 'below' => $context->path . '/%']
        );
        $assignments = [];
        foreach ($records as $id => $record) {
            $assignments[$record->userid][$id] = $record;
        }
        return $assignments;
    }

    /**
     * The key of a user in a course.
     *
     * @param array $op
     * @return string "courseid:userid"
     */
    private static function key(array $op): string {
        return $op['courseid'] . ':' . $op['userid'];
    }
}
