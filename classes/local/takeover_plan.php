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
 * What taking over from enrol_flatfile changes, read from the site in a few queries (never one
 * per enrolment): its settings as this tool's, the file waiting where it reads, and its enrolments
 * as the executor's operations, course by course:
 * - a manual instance where the course has none (disabled when enrol_flatfile's is, as Moodle's
 *   own enrol_manual_migrate_plugin_enrolments() does);
 * - each role enrol_flatfile gave (component enrol_flatfile) given again by hand, as this tool
 *   gives roles, unless the user holds it so already (assign), before
 * - its enrolment, moved to the manual instance with its status, dates and creation time
 *   (move; suspended when enrol_flatfile's instance is disabled and the manual one is not, as
 *   Moodle's migration does), or, when the user is enrolled there already, removed (merge: the
 *   manual enrolment stays as it is);
 * - each enrolment enrol_flatfile holds back until its start (table enrol_flatfile), for a user
 *   not enrolled in the course, made with its start and end (enrol), as this tool makes an
 *   enrolment that starts later. Other actions held back are left there, and counted.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class takeover_plan {
    /** The method taken over. */
    const FROM = 'flatfile';
    /** The method this tool enrols through. */
    const TO = 'manual';
    /** Values per IN (...) list. */
    const CHUNK = 10000;

    /** @var array[][] the operations by course id, in the executor's form */
    public array $operations = [];
    /** @var array[] what the take-over changes in the settings: name => [now, then] (see takeover) */
    public array $settings = [];
    /** @var int[] ids of enrol_flatfile's held-back enrolments that the plan makes */
    public array $heldback = [];
    /** @var int actions enrol_flatfile holds back that the plan leaves */
    public int $heldbackleft = 0;

    /** @var \stdClass[] the manual instance of each course concerned, by course id (the first one) */
    private array $manual = [];
    /** @var true[] "courseid:userid" of the users enrolled there through it */
    private array $inmanual = [];
    /** @var int[][] roles given by enrol_flatfile: "instanceid:userid" => [roleid, ...] */
    private array $flatfileroles = [];
    /** @var true[] roles held by hand: "courseid:userid:roleid" */
    private array $manualroles = [];

    /**
     * What taking over from enrol_flatfile would change now.
     *
     * @param string $standardfile the standard file setting, where a waiting file goes
     * @return self
     */
    public static function read(string $standardfile): self {
        global $DB;
        $plan = new self();
        $plan->read_settings($standardfile);
        $enrolments = $DB->get_records_sql(
            "SELECT ue.id, ue.userid, ue.status, ue.timestart, ue.timeend, ue.timecreated, e.id AS enrolid, e.courseid,
                    e.status AS instancestatus
               FROM {user_enrolments} ue
               JOIN {enrol} e ON e.id = ue.enrolid
              WHERE e.enrol = :from AND e.courseid <> :site
           ORDER BY e.courseid, ue.id",
            ['from' => self::FROM, 'site' => SITEID]
        );
        $heldback = $plan->held_back();
        $courseids = array_values(array_unique(array_merge(
            array_column($enrolments, 'courseid'),
            array_column($heldback, 'courseid')
        )));
        $plan->read_courses($courseids);
        foreach ($enrolments as $ue) {
            $plan->take($ue);
        }
        $instances = [];
        foreach ($DB->get_records('enrol', ['enrol' => self::FROM], 'id', 'id, courseid, status') as $instance) {
            $instances[$instance->courseid] ??= $instance;
        }
        $pairs = array_count_values(array_map(fn($row) => "$row->courseid:$row->userid", $heldback));
        foreach ($heldback as $row) {
            $plan->start_later($row, $instances[$row->courseid] ?? null, $pairs["$row->courseid:$row->userid"] > 1);
        }
        return $plan;
    }

    /**
     * The settings: enrol_flatfile stops (before anything moves, as Moodle's migration does), its
     * role map and its del action become this tool's, and a file waiting where it reads is
     * brought in as the standard file when that is free.
     *
     * @param string $standardfile
     */
    private function read_settings(string $standardfile): void {
        $changes = [
            'enabled' => [enrol_is_enabled(self::FROM) ? '1' : '0', '0'],
            'rolemap' => [self::setting('rolemap'), flatfile_settings::role_map()],
            'delactionflatfile' => [self::setting('delactionflatfile'), (string) flatfile_settings::unenrol_action()],
        ];
        $waiting = self::location();
        if (self::is_waiting($waiting) && !\tool_enrolsync\run_files::standard_file($standardfile)) {
            $changes['location'] = [$waiting, $standardfile];
        }
        $this->settings = array_filter($changes, fn($change) => $change[0] !== $change[1]);
    }

    /**
     * One of this tool's settings as it is now (null: never set).
     *
     * @param string $name
     * @return string|null
     */
    private static function setting(string $name): ?string {
        $value = get_config('tool_enrolsync', $name);
        return $value === false ? null : $value;
    }

    /**
     * Where enrol_flatfile reads its file (its setting location, or its default).
     *
     * @return string
     */
    public static function location(): string {
        global $CFG;
        return get_config('enrol_flatfile', 'location') ?: "$CFG->dataroot/1/enrolments.txt";
    }

    /**
     * Whether a file waits at a path: a regular file, not a link to one.
     *
     * @param string $path
     * @return bool
     */
    public static function is_waiting(string $path): bool {
        return is_file($path) && !is_link($path);
    }

    /**
     * The actions enrol_flatfile holds back until their start, of existing users and courses.
     *
     * @return \stdClass[]
     */
    private function held_back(): array {
        global $DB;
        return $DB->get_records_sql(
            "SELECT ef.*
               FROM {enrol_flatfile} ef
               JOIN {user} u ON u.id = ef.userid AND u.deleted = 0
               JOIN {course} c ON c.id = ef.courseid AND c.id <> :site
           ORDER BY ef.id",
            ['site' => SITEID]
        );
    }

    /**
     * The manual instances, manual enrolments and course roles of the courses concerned.
     *
     * @param int[] $courseids
     */
    private function read_courses(array $courseids): void {
        global $DB;
        foreach (array_chunk($courseids, self::CHUNK) as $chunk) {
            [$insql, $params] = $DB->get_in_or_equal($chunk, SQL_PARAMS_NAMED);
            $instances = $DB->get_records_select('enrol', "enrol = :to AND courseid $insql", $params + ['to' => self::TO], 'id');
            foreach ($instances as $instance) {
                $this->manual[$instance->courseid] ??= $instance;
            }
            $ues = $DB->get_recordset_sql(
                "SELECT ue.id, ue.enrolid, ue.userid, e.courseid
                   FROM {user_enrolments} ue
                   JOIN {enrol} e ON e.id = ue.enrolid
                  WHERE e.enrol = :to AND e.courseid $insql",
                $params + ['to' => self::TO]
            );
            foreach ($ues as $ue) {
                if ((int) $ue->enrolid === (int) $this->manual[$ue->courseid]->id) {
                    $this->inmanual["$ue->courseid:$ue->userid"] = true;
                }
            }
            $ues->close();
            $roles = $DB->get_recordset_sql(
                "SELECT ra.id, ra.userid, ra.roleid, ra.component, ra.itemid, ctx.instanceid AS courseid
                   FROM {role_assignments} ra
                   JOIN {context} ctx ON ctx.id = ra.contextid AND ctx.contextlevel = :level
                  WHERE ctx.instanceid $insql AND (ra.component = :from OR ra.component = :manual)
               ORDER BY ra.id",
                $params + ['level' => CONTEXT_COURSE, 'from' => 'enrol_' . self::FROM, 'manual' => '']
            );
            foreach ($roles as $ra) {
                if ($ra->component === '') {
                    $this->manualroles["$ra->courseid:$ra->userid:$ra->roleid"] = true;
                } else {
                    $this->flatfileroles["$ra->itemid:$ra->userid"][] = (int) $ra->roleid;
                }
            }
            $roles->close();
        }
    }

    /**
     * The operations that take over one enrolment of enrol_flatfile.
     *
     * @param \stdClass $ue with its instance's id, course and status
     */
    private function take(\stdClass $ue): void {
        $courseid = (int) $ue->courseid;
        $manual = $this->manual_instance($courseid, (int) $ue->instancestatus);
        foreach ($this->flatfileroles["$ue->enrolid:$ue->userid"] ?? [] as $roleid) {
            if (!isset($this->manualroles["$courseid:$ue->userid:$roleid"])) {
                $this->manualroles["$courseid:$ue->userid:$roleid"] = true;
                $this->add($courseid, 'assign', (int) $ue->userid, $manual, ['roleid' => $roleid]);
            }
        }
        if (isset($this->inmanual["$courseid:$ue->userid"])) {
            $this->add($courseid, 'merge', (int) $ue->userid, $manual, ['fromid' => (int) $ue->enrolid]);
            return;
        }
        // A disabled instance gave no access: a moved enrolment gives none either.
        $noaccess = $ue->instancestatus != ENROL_INSTANCE_ENABLED && $manual && $manual->status == ENROL_INSTANCE_ENABLED;
        $this->add($courseid, 'move', (int) $ue->userid, $manual, [
            'fromid' => (int) $ue->enrolid,
            'status' => $noaccess ? ENROL_USER_SUSPENDED : (int) $ue->status,
            'timestart' => (int) $ue->timestart,
            'timeend' => (int) $ue->timeend,
            'timecreated' => (int) $ue->timecreated,
        ]);
        $this->inmanual["$courseid:$ue->userid"] = true;
    }

    /**
     * The operation that makes an enrolment enrol_flatfile holds back until its start: an add for a
     * user it names once and who is not enrolled in the course by either method.
     *
     * @param \stdClass $row of table enrol_flatfile
     * @param \stdClass|null $flatfile the course's enrol_flatfile instance, if any
     * @param bool $twice whether enrol_flatfile holds back more than one action for that user and course
     */
    private function start_later(\stdClass $row, ?\stdClass $flatfile, bool $twice): void {
        $courseid = (int) $row->courseid;
        $key = "$courseid:$row->userid";
        if ($row->action !== 'add' || $twice || isset($this->inmanual[$key])) {
            $this->heldbackleft++;
            return;
        }
        $manual = $this->manual_instance($courseid, (int) ($flatfile->status ?? ENROL_INSTANCE_ENABLED));
        $this->add($courseid, 'enrol', (int) $row->userid, $manual, ['roleid' => (int) $row->roleid,
            'timestart' => (int) $row->timestart, 'timeend' => (int) $row->timeend]);
        $this->inmanual[$key] = true;
        $this->heldback[] = (int) $row->id;
    }

    /**
     * The course's manual instance; when it has none, the operation that creates it comes first
     * (disabled, like enrol_flatfile's instance when that is disabled), and null stands for it.
     *
     * @param int $courseid
     * @param int $flatfilestatus the status of the course's enrol_flatfile instance
     * @return \stdClass|null
     */
    private function manual_instance(int $courseid, int $flatfilestatus): ?\stdClass {
        if (!array_key_exists($courseid, $this->manual)) {
            $this->manual[$courseid] = null;
            $this->operations[$courseid][] = ['op' => 'createinstance', 'line' => 0, 'courseid' => $courseid,
                'method' => self::TO, 'instanceid' => 0, 'status' => $flatfilestatus];
        }
        return $this->manual[$courseid];
    }

    /**
     * Adds an operation on a user's enrolment in a course's manual instance.
     *
     * @param int $courseid
     * @param string $op
     * @param int $userid
     * @param \stdClass|null $manual the instance, null for the one the plan creates
     * @param array $fields the operation's own
     */
    private function add(int $courseid, string $op, int $userid, ?\stdClass $manual, array $fields): void {
        $this->operations[$courseid][] = ['op' => $op, 'line' => 0, 'courseid' => $courseid, 'userid' => $userid,
            'method' => self::TO, 'instanceid' => $manual ? (int) $manual->id : 0] + $fields;
    }

    /**
     * The operations as a list, course by course.
     *
     * @return array[]
     */
    public function all_operations(): array {
        return array_merge([], ...array_values($this->operations));
    }
}
