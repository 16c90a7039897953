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
 * Performs a plan's operations with Moodle's own APIs (so events, caches and logs are those of an
 * administrator doing it by hand), course by course, in batches: each batch is one delegated
 * transaction, with the rows of the list of changes (journal) that say it is done. A batch that
 * fails is rolled back and its operations are tried one at a time, each in its own transaction,
 * so that only the operation that fails is left out; the run goes on. An enrolment that exists
 * by the time its batch runs (someone enrolled the user since the run read the site) is not the
 * tool's: it is left as it is, and its line fails. The same executor applies a whole plan in the
 * run, or a part of its courses in an adhoc task, or a take-over's moves.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class executor {
    /** Operations per transaction. */
    const BATCH = 500;
    /**
     * Tries of a transaction that meets a database error: a deadlock between parts passes the
     * second time; an error that does not costs one more try before the batch is split.
     */
    const ATTEMPTS = 2;
    /** The reason of a line whose operation Moodle refused (errorarg: Moodle's error). */
    const ERROR_REFUSED = 'opfailed';
    /** The reason of a line whose user someone else enrolled after the run read the site (errorarg: the method). */
    const ERROR_ENROLLED_MEANWHILE = 'enrolledmeanwhile';
    /** The reasons a line gets when one of its operations fails here, once the plan said it applies. */
    const LINE_ERRORS = [self::ERROR_REFUSED, self::ERROR_ENROLLED_MEANWHILE];

    /** @var array[] operations that failed: the operation, with its error, and its line's reason (key, arg) */
    public array $failures = [];
    /** @var string[] what failed after a commit (a message Moodle could not send): the writes are done */
    public array $notices = [];
    /** @var int[][] users enrolled by the batches that were committed: courseid => [userid, ...] */
    public array $enrolled = [];

    /** @var int the run that creates the enrolments (provenance) */
    private int $runid;
    /** @var \core\progress\base */
    private \core\progress\base $progress;
    /** @var \enrol_plugin[] by name */
    private array $plugins = [];
    /** @var \stdClass[] the current course's instances by id */
    private array $instances = [];
    /** @var int[] instances and groups the plan created in the current course: "method:NAME" / "group:NAME" => id */
    private array $created = [];
    /** @var \stdClass[]|null the current course's groups by id, once an operation needed one */
    private ?array $groups = null;

    /** @var bool whether new enrolments get the welcome message their instance says */
    private bool $welcome;

    /**
     * Makes an executor for one run.
     *
     * @param int $runid
     * @param \core\progress\base $progress
     * @param bool $welcome false: enrolments made by this run get no course welcome message, whatever
     *     their instance says (setting welcomemessages)
     */
    public function __construct(int $runid, \core\progress\base $progress, bool $welcome = true) {
        $this->runid = $runid;
        $this->progress = $progress;
        $this->welcome = $welcome;
    }

    /**
     * Performs the operations of the plan in the given courses.
     *
     * @param Plan $plan
     * @param int[] $courseids all of $plan->courses(), or the part of them a task applies
     * @param array $leftout full sync's removals not to perform (a part leaves out those its run
     *     did not decide): journal::removal_key() => anything
     */
    public function execute(Plan $plan, array $courseids, array $leftout = []): void {
        $total = array_sum(array_map(fn($courseid) => $plan->operation_count($courseid), $courseids));
        $this->each_batch(
            $courseids,
            $total,
            fn(int $courseid, int $offset) => $plan->operations($courseid, $offset, self::BATCH),
            fn(array $op) => !$leftout || !journal::is_removal($op) || !isset($leftout[journal::removal_key($op)])
        );
    }

    /**
     * Performs operations made without the extension (a take-over), in the form Plan::operations()
     * gives them.
     *
     * @param array[][] $operations courseid => operations, in order
     */
    public function execute_operations(array $operations): void {
        $total = array_sum(array_map('count', $operations));
        $this->each_batch(array_keys($operations), $total, fn(int $courseid, int $offset) =>
            array_slice($operations[$courseid], $offset, self::BATCH));
    }

    /**
     * Performs the operations of each course, batch after batch.
     *
     * @param int[] $courseids
     * @param int $total how many operations, for the progress
     * @param callable $batch fn(int $courseid, int $offset): array[], a course's next operations ([]: none left)
     * @param callable|null $keep fn(array $op): bool, whether to perform an operation (null: all)
     */
    private function each_batch(array $courseids, int $total, callable $batch, ?callable $keep = null): void {
        global $DB;
        $this->progress->start_progress('', max(1, $total));
        $position = 0;
        foreach ($courseids as $courseid) {
            $this->instances = $DB->get_records('enrol', ['courseid' => $courseid]);
            $this->groups = null;
            $this->created = [];
            $context = \context_course::instance($courseid);
            for ($offset = 0; $ops = $batch($courseid, $offset); $offset += self::BATCH) {
                $position += count($ops);
                $ops = $keep ? array_values(array_filter($ops, $keep)) : $ops;
                if ($ops) {
                    $this->run_batch($context, $ops);
                }
                $this->progress->progress($position);
            }
        }
        $this->progress->end_progress();
    }

    /**
     * One batch; when it fails, its operations one at a time, so that only the one that fails is
     * left out (and reported on its line), and a re-run converges.
     *
     * @param \context_course $context
     * @param array[] $ops
     */
    private function run_batch(\context_course $context, array $ops): void {
        $error = $this->try_commit($context, $ops);
        if ($error === null) {
            return;
        }
        if (count($ops) === 1) {
            $this->fail($ops[0], $error);
            return;
        }
        foreach ($ops as $op) {
            $this->run_batch($context, [$op]);
        }
    }

    /**
     * Commits the operations in one transaction, tried again once after a database error: parts
     * of a run applied in parallel can deadlock each other (two transactions marking the same
     * users' access dirty), and the database then aborts one of them.
     *
     * @param \context_course $context
     * @param array[] $ops
     * @return \Throwable|null why they could not be committed
     */
    private function try_commit(\context_course $context, array $ops): ?\Throwable {
        for ($attempt = 1; true; $attempt++) {
            try {
                $this->commit_batch($context, $ops);
                return null;
            } catch (\Throwable $e) {
                if (!($e instanceof \dml_exception) || $attempt >= self::ATTEMPTS) {
                    return $e;
                }
            }
        }
    }

    /**
     * Records an operation that failed alone, with Moodle's error.
     *
     * @param array $op
     * @param \Throwable $error
     */
    private function fail(array $op, \Throwable $error): void {
        $message = $error->getMessage();
        $this->failures[] = $op + ['error' => $message, 'key' => self::ERROR_REFUSED, 'arg' => $message];
        journal::insert([journal::row($this->runid, $op, journal::FAILED, [], $message)]);
    }

    /**
     * The failure of an enrolment that exists already: someone (a teacher, another tool) enrolled
     * the user after the run read the site. It is theirs, not the tool's: enrol_user() would take
     * it over silently (change its dates and status, and the tool would record it as its own,
     * for full sync to remove one day), so it is left as it is and its line fails.
     *
     * @param array $op an enrol operation
     * @return array the operation, with its error and its line's reason
     */
    private function enrolled_meanwhile(array $op): array {
        $message = get_string('error_' . self::ERROR_ENROLLED_MEANWHILE, 'tool_enrolsync', $op['method']);
        return $op + ['error' => $message, 'key' => self::ERROR_ENROLLED_MEANWHILE, 'arg' => $op['method']];
    }

    /**
     * One transaction: all of the batch and its rows in the list of changes, or none of it.
     * Moodle sends the messages of a transaction (welcome messages) once it has committed: one
     * that fails then is a notice, never a rollback, as the writes are in the database.
     *
     * @param \context_course $context
     * @param array[] $ops
     */
    private function commit_batch(\context_course $context, array $ops): void {
        global $DB;
        $created = $this->created;
        $instances = $this->instances;
        $enrolled = [];
        $rows = [];
        $failures = [];
        $transaction = $DB->start_delegated_transaction();
        try {
            // Read inside the transaction, just before the batch writes.
            $existing = $this->existing_enrolments($ops);
            foreach ($ops as $op) {
                if ($op['op'] === 'enrol' && isset($existing[$this->instance_id($op) . ':' . $op['userid']])) {
                    $failures[] = $failure = $this->enrolled_meanwhile($op);
                    $rows[] = journal::row($this->runid, $op, journal::FAILED, [], $failure['error']);
                    continue;
                }
                $ids = $this->perform($context, $op, $enrolled);
                $rows[] = journal::row($this->runid, $op, journal::DONE, $ids);
                array_push($rows, ...journal::removed_role_rows($this->runid, $op, journal::DONE, $ids['roles'] ?? []));
            }
            $this->record_managed($enrolled);
            journal::insert($rows);
        } catch (\Throwable $e) {
            // What the batch created is gone with it: forget it too.
            $this->created = $created;
            $this->instances = $instances;
            // Throws $e again once the transaction is rolled back.
            $transaction->rollback($e);
        }
        try {
            $transaction->allow_commit();
        } catch (\Throwable $e) {
            if ($DB->is_transaction_started()) {
                // The commit itself failed: nothing is written. Moodle left the transaction on its
                // stack, disposed: close it, or every later batch would nest in it.
                $DB->force_transaction_rollback();
                $this->created = $created;
                $this->instances = $instances;
                throw $e;
            }
            $this->notices[] = $e->getMessage();
        }
        array_push($this->failures, ...$failures);
        if ($enrolled) {
            $courseid = $context->instanceid;
            $this->enrolled[$courseid] = array_merge($this->enrolled[$courseid] ?? [], ...array_values($enrolled));
        }
    }

    /**
     * One operation.
     *
     * @param \context_course $context
     * @param array $op as Plan::operations() gives it
     * @param array $enrolled [instanceid => [userid, ...]] of the batch, for provenance
     * @return array the ids of the instance or group it created, or used when the run created it:
     *     ['enrolid' => ..., 'groupid' => ...]; for an unenrolment, the roles it removed: 'roles' => [...]
     */
    private function perform(\context_course $context, array $op, array &$enrolled): array {
        $userid = $op['userid'] ?? 0;
        switch ($op['op']) {
            case 'createinstance':
                $course = get_course($context->instanceid);
                $id = $this->plugin($op['method'])->add_default_instance($course);
                if (!$id) {
                    throw new \moodle_exception('error_noinstance', 'tool_enrolsync', '', $op['method']);
                }
                $this->created['method:' . $op['method']] = (int) $id;
                $this->instances[$id] = $this->load_instance((int) $id);
                if (($op['status'] ?? ENROL_INSTANCE_ENABLED) != ENROL_INSTANCE_ENABLED) {
                    // Taking over a disabled instance: its enrolments give no access here either.
                    $this->plugin($op['method'])->update_status($this->instances[$id], $op['status']);
                    $this->instances[$id]->status = $op['status'];
                }
                return ['enrolid' => (int) $id];
            case 'creategroup':
                $id = (int) groups_create_group((object) ['courseid' => $context->instanceid, 'name' => $op['groupname']]);
                $this->created['group:' . $op['groupname']] = $id;
                return ['groupid' => $id];
            case 'enrol':
                $instance = $this->instance($op);
                $plugin = $this->plugin($op['method']);
                // Roles this tool gives are always manual ones (component ''), which it alone may
                // take back; a plugin that protects its roles would give them as its own.
                $protected = $plugin->roles_protected();
                $plugin->enrol_user(
                    $this->welcome ? $instance : self::without_welcome($instance),
                    $userid,
                    $protected ? null : ($op['roleid'] ?: null),
                    $op['timestart'],
                    $op['timeend'],
                    ENROL_USER_ACTIVE
                );
                if ($protected && $op['roleid']) {
                    role_assign($op['roleid'], $userid, $context->id);
                }
                $enrolled[$instance->id][] = $userid;
                return ['enrolid' => (int) $instance->id];
            case 'update':
            case 'suspend':
                $instance = $this->instance($op);
                $this->plugin($op['method'])->update_user_enrol(
                    $instance,
                    $userid,
                    $op['status'],
                    $op['timestart'],
                    $op['timeend']
                );
                return ['enrolid' => (int) $instance->id];
            case 'unenrol':
                $instance = $this->instance($op);
                $held = unenrol_roles::held($context, $userid);
                $this->plugin($op['method'])->unenrol_user($instance, $userid);
                $this->forget_managed($instance->id, $userid);
                return ['enrolid' => (int) $instance->id,
                    'roles' => unenrol_roles::removed($held, unenrol_roles::held($context, $userid))];
            case 'move':
                return $this->move($op, $enrolled);
            case 'merge':
                // The user is enrolled through the method already: the other enrolment goes.
                $this->unenrol_from($op['fromid'], $userid);
                return ['enrolid' => (int) $this->instance($op)->id];
            case 'assign':
                role_assign($op['roleid'], $userid, $context->id);
                return [];
            case 'unassign':
                role_unassign($op['roleid'], $userid, $context->id);
                return [];
            case 'addmember':
                $group = $this->group($context, $op);
                // The plan names only users the state reader found, none deleted: as an object,
                // Moodle does not read the user again.
                if (!groups_add_member($group, (object) ['id' => $userid, 'deleted' => 0])) {
                    throw new \moodle_exception('error_addmember', 'tool_enrolsync', '', $op['groupname']);
                }
                return ['groupid' => (int) $group->id];
            case 'removemember':
                $group = $this->group($context, $op);
                groups_remove_member($group, $userid);
                return ['groupid' => (int) $group->id];
            default:
                throw new \coding_exception('unknown operation ' . $op['op']);
        }
    }

    /**
     * Moves an enrolment of another method (a take-over) to the operation's: enrols the user
     * there with the same status, dates and creation time, without a welcome message, then
     * unenrols them from the other. Enrolled first, the user never leaves the course, so that
     * Moodle keeps their course data (it cleans up after a user's last enrolment only).
     *
     * @param array $op with fromid, status, timestart, timeend, timecreated
     * @param array $enrolled [instanceid => [userid, ...]] of the batch, for provenance
     * @return array ['enrolid' => the instance it moved to]
     */
    private function move(array $op, array &$enrolled): array {
        global $DB;
        $instance = $this->instance($op);
        $this->plugin($op['method'])->enrol_user(
            self::without_welcome($instance),
            $op['userid'],
            null,
            $op['timestart'],
            $op['timeend'],
            $op['status']
        );
        $DB->set_field('user_enrolments', 'timecreated', $op['timecreated'], ['enrolid' => $instance->id,
            'userid' => $op['userid']]);
        $this->unenrol_from($op['fromid'], $op['userid']);
        $enrolled[$instance->id][] = $op['userid'];
        return ['enrolid' => (int) $instance->id];
    }

    /**
     * Unenrols a user from an instance of another method, through its plugin.
     *
     * @param int $instanceid
     * @param int $userid
     */
    private function unenrol_from(int $instanceid, int $userid): void {
        $instance = $this->instances[$instanceid] ?? $this->load_instance($instanceid);
        $this->plugin($instance->enrol)->unenrol_user($instance, $userid);
    }

    /**
     * The instance as the enrolment plugins' welcome message callbacks (hook after_user_enrolled)
     * see it, saying "do not send": the instance itself is not changed. Public for the bench's
     * API floor, which must pass exactly what the executor passes.
     *
     * @param \stdClass $instance
     * @return \stdClass
     */
    public static function without_welcome(\stdClass $instance): \stdClass {
        $silent = clone $instance;
        // The field manual's callback reads: of core's methods, manual alone lets a tool enrol.
        $silent->customint1 = ENROL_DO_NOT_SEND_EMAIL;
        return $silent;
    }

    /**
     * The enrolment plugin of a method, loaded once.
     *
     * @param string $name
     * @return \enrol_plugin
     */
    private function plugin(string $name): \enrol_plugin {
        return $this->plugins[$name] ??= enrol_get_plugin($name);
    }

    /**
     * The instance an operation names (instanceid 0: the one the plan created).
     *
     * @param array $op
     * @return \stdClass
     */
    private function instance(array $op): \stdClass {
        $id = $this->instance_id($op);
        return $this->instances[$id] ?? $this->load_instance($id);
    }

    /**
     * The id of the instance an operation names (instanceid 0: the one the plan created; 0 while
     * it is not created yet).
     *
     * @param array $op
     * @return int
     */
    private function instance_id(array $op): int {
        return $op['instanceid'] ?: ($this->created['method:' . $op['method']] ?? 0);
    }

    /**
     * The enrolments that exist already for the users a batch enrols, as "instanceid:userid"
     * keys. The plan enrols only users it found not enrolled: any such enrolment was made by
     * someone else since the run read the site. One query per instance the batch enrols in (an
     * instance the batch itself creates has none).
     *
     * @param array[] $ops
     * @return true[]
     */
    private function existing_enrolments(array $ops): array {
        global $DB;
        $users = [];
        foreach ($ops as $op) {
            if ($op['op'] === 'enrol' && ($instanceid = $this->instance_id($op))) {
                $users[$instanceid][] = $op['userid'];
            }
        }
        $existing = [];
        foreach ($users as $instanceid => $userids) {
            [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED);
            $params['enrolid'] = $instanceid;
            $enrolled = $DB->get_fieldset_select('user_enrolments', 'userid', "enrolid = :enrolid AND userid $insql", $params);
            foreach ($enrolled as $userid) {
                $existing["$instanceid:$userid"] = true;
            }
        }
        return $existing;
    }

    /**
     * An enrolment instance, read from the database.
     *
     * @param int $id
     * @return \stdClass
     */
    private function load_instance(int $id): \stdClass {
        global $DB;
        return $DB->get_record('enrol', ['id' => $id], '*', MUST_EXIST);
    }

    /**
     * The group an operation names (groupid 0: the one the plan created), as a record: Moodle's
     * group functions then need not read it again for each member. The course's groups are read
     * once, when an operation first needs one.
     *
     * @param \context_course $context
     * @param array $op
     * @return \stdClass
     */
    private function group(\context_course $context, array $op): \stdClass {
        global $DB;
        $id = $op['groupid'] ?: ($this->created['group:' . $op['groupname']] ?? 0);
        if (!$id) {
            throw new \moodle_exception('error_unknowngroup', 'tool_enrolsync', '', $op['groupname']);
        }
        $this->groups ??= $DB->get_records('groups', ['courseid' => $context->instanceid]);
        return $this->groups[$id] ??= $DB->get_record('groups', ['id' => $id], '*', MUST_EXIST);
    }

    /**
     * Records the enrolments this batch created as this tool's (full sync may touch only those).
     *
     * @param array $enrolled [instanceid => [userid, ...]]
     */
    private function record_managed(array $enrolled): void {
        global $DB;
        $rows = [];
        foreach ($enrolled as $instanceid => $userids) {
            [$insql, $params] = $DB->get_in_or_equal($userids, SQL_PARAMS_NAMED);
            $params['enrolid'] = $instanceid;
            $ues = $DB->get_records_select(
                'user_enrolments',
                "enrolid = :enrolid AND userid $insql",
                $params,
                '',
                'id, enrolid, userid'
            );
            foreach ($ues as $ue) {
                $rows[] = ['userenrolid' => $ue->id, 'enrolid' => $ue->enrolid, 'userid' => $ue->userid,
                    'runid' => $this->runid];
            }
        }
        if ($rows) {
            $DB->insert_records('tool_enrolsync_managed', $rows);
        }
    }

    /**
     * Forgets that the tool created an enrolment it has just removed.
     *
     * @param int $instanceid
     * @param int $userid
     */
    private function forget_managed(int $instanceid, int $userid): void {
        global $DB;
        $DB->delete_records('tool_enrolsync_managed', ['enrolid' => $instanceid, 'userid' => $userid]);
    }
}
