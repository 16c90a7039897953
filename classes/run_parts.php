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

namespace tool_enrolsync;

use EnrolSync\Plan;
use tool_enrolsync\local\journal;

/**
 * A run applied in parts (setting parts, spec §10): its courses split into parts of about the
 * same number of operations, each applied by an adhoc task, so that several cron workers apply
 * the run in parallel. A part plans again, for its own courses, from the run's archived file (the
 * bytes the run planned) and the site as it is then: the outcome is that of a single run, and a
 * part tried again after a failure only does what is left. Of full sync's removals, a part
 * applies only those the run decided (within its threshold, or confirmed), recorded with the part.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_parts {
    /** Seconds a finished part waits for another one to record its own. */
    const LOCK_TIMEOUT = 60;
    /** See failure(): a part failed, Moodle will try it again. */
    const FAILING = 'failing';
    /** See failure(): a part will never be applied. */
    const ABANDONED = 'abandoned';

    /**
     * The plan's courses in at most $count parts of about the same number of operations: each
     * course, largest first, goes to the part with the fewest operations so far.
     *
     * @param Plan $plan
     * @param int $count
     * @return int[][] the course ids of each part, ascending
     */
    public static function split(Plan $plan, int $count): array {
        $sizes = [];
        foreach ($plan->courses() as $courseid) {
            $sizes[$courseid] = $plan->operation_count($courseid);
        }
        arsort($sizes);
        $count = max(1, min($count, count($sizes)));
        $parts = array_fill(0, $count, []);
        $loads = array_fill(0, $count, 0);
        foreach ($sizes as $courseid => $size) {
            $lightest = array_search(min($loads), $loads);
            $parts[$lightest][] = $courseid;
            $loads[$lightest] += $size;
        }
        foreach ($parts as &$part) {
            sort($part);
        }
        return $parts;
    }

    /**
     * Records the parts of a run and queues their tasks, all or none.
     *
     * @param \stdClass $run
     * @param int[][] $parts course ids of each part
     * @param string[] $removals full sync's removals the run decided (journal::removal_keys())
     * @param run_options $options the run's
     * @param callable $mark fn(): \stdClass, marks the run as applied by its parts, in the same
     *     transaction (so that no part can finish before the run says it has parts)
     * @return \stdClass what $mark returns
     */
    public static function queue(\stdClass $run, array $parts, array $removals, run_options $options, callable $mark): \stdClass {
        global $DB;
        $transaction = $DB->start_delegated_transaction();
        try {
            foreach ($parts as $courseids) {
                $partid = $DB->insert_record('tool_enrolsync_parts', ['runid' => $run->id, 'courses' => count($courseids),
                    'removals' => json_encode(self::in_courses($removals, $courseids))]);
                $task = new task\apply_part_task();
                $task->set_custom_data(['partid' => $partid, 'courseids' => $courseids, 'options' => $options->overrides()]);
                \core\task\manager::queue_adhoc_task($task);
            }
            $marked = $mark();
        } catch (\Throwable $e) {
            $transaction->rollback($e);
        }
        $transaction->allow_commit();
        return $marked;
    }

    /**
     * The removals among some that are in some courses.
     *
     * @param string[] $removals journal::removal_key()s
     * @param int[] $courseids
     * @return string[]
     */
    private static function in_courses(array $removals, array $courseids): array {
        $courses = array_flip($courseids);
        return array_values(array_filter($removals, fn($key) => isset($courses[(int) explode(':', $key)[1]])));
    }

    /**
     * Full sync's removals a part's plan makes in its courses.
     *
     * @param Plan $plan
     * @param int[] $courseids
     * @return string[] journal::removal_key()s
     */
    public static function removals_in(Plan $plan, array $courseids): array {
        return self::in_courses(journal::removal_keys($plan), $courseids);
    }

    /**
     * Whether parts of a run are still to apply: a new run waits for them. A part whose task
     * Moodle gave up on (after its retries) no longer counts, nor one of a run that is no longer
     * being applied (interrupted: its task ends at once when it runs).
     *
     * @return bool
     */
    public static function pending(): bool {
        global $DB;
        $partids = $DB->get_fieldset_sql(
            "SELECT p.id
               FROM {tool_enrolsync_parts} p
               JOIN {tool_enrolsync_runs} r ON r.id = p.runid
              WHERE r.status = ? AND p.timefinished = 0",
            [engine::STATUS_APPLYING]
        );
        $open = array_flip($partids);
        foreach (\core\task\manager::get_adhoc_tasks(task\apply_part_task::class) as $task) {
            if ($task->get_attempts_available() > 0 && isset($open[(int) $task->get_custom_data()->partid])) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a cron worker has begun to apply the run: a part is recorded, or the task of one has
     * started. Until then the run is only queued.
     *
     * @param int $runid
     * @return bool
     */
    public static function started(int $runid): bool {
        global $DB;
        $finished = $DB->get_records_menu('tool_enrolsync_parts', ['runid' => $runid], '', 'id, timefinished');
        if (array_filter($finished)) {
            return true;
        }
        foreach (\core\task\manager::get_adhoc_tasks(task\apply_part_task::class) as $task) {
            if (array_key_exists((int) $task->get_custom_data()->partid, $finished) && $task->get_timestarted()) {
                return true;
            }
        }
        return false;
    }

    /**
     * How the run's unfinished parts fare: ABANDONED when one will never be applied (Moodle gave
     * up on its task after its attempts, or the task is gone: Moodle deletes given-up tasks after
     * a retention time), else FAILING when one failed and Moodle will try its task again later
     * (with a longer delay each time), else null.
     *
     * @param int $runid
     * @return string|null
     */
    public static function failure(int $runid): ?string {
        global $DB;
        $partids = $DB->get_fieldset_select('tool_enrolsync_parts', 'id', 'runid = ? AND timefinished = 0', [$runid]);
        $tasks = array_fill_keys($partids, null);
        foreach (\core\task\manager::get_adhoc_tasks(task\apply_part_task::class) as $task) {
            $partid = (int) $task->get_custom_data()->partid;
            if (array_key_exists($partid, $tasks)) {
                $tasks[$partid] = $task;
            }
        }
        $failure = null;
        foreach ($tasks as $task) {
            if (!$task || $task->get_attempts_available() === 0) {
                return self::ABANDONED;
            }
            if ($task->get_fail_delay() > 0) {
                $failure = self::FAILING;
            }
        }
        return $failure;
    }

    /**
     * Records that a part is done (what it did is in the run's list of changes).
     *
     * @param \stdClass $part its record
     * @param string[] $notices what failed after its commits
     */
    public static function record(\stdClass $part, array $notices): void {
        global $DB;
        $DB->update_record('tool_enrolsync_parts', ['id' => $part->id, 'timefinished' => time(),
            'notices' => json_encode($notices)]);
    }

    /**
     * Once every part of the run is recorded, finishes the run (once, whichever part gets there
     * last) with $finish(the run, the parts' notices), which returns the run record.
     *
     * @param int $runid
     * @param callable $finish fn(\stdClass $run, string[] $notices): \stdClass
     * @return \stdClass the run record
     */
    public static function finish_when_done(int $runid, callable $finish): \stdClass {
        return self::locked($runid, function () use ($runid, $finish) {
            global $DB;
            $run = $DB->get_record('tool_enrolsync_runs', ['id' => $runid], '*', MUST_EXIST);
            $parts = $DB->get_records('tool_enrolsync_parts', ['runid' => $runid]);
            $unfinished = in_array(0, array_map('intval', array_column($parts, 'timefinished')));
            if ($run->status !== engine::STATUS_APPLYING || $unfinished) {
                return $run;
            }
            $notices = [];
            foreach ($parts as $part) {
                array_push($notices, ...(json_decode($part->notices ?? '[]', true) ?: []));
            }
            return $finish($run, $notices);
        });
    }

    /**
     * Runs $change while no other part of the run changes the run's state (finishes it, or
     * finds it cannot go on).
     *
     * @param int $runid
     * @param callable $change fn(): \stdClass
     * @return \stdClass what $change returns
     */
    public static function locked(int $runid, callable $change): \stdClass {
        $lock = \core\lock\lock_config::get_lock_factory('tool_enrolsync')->get_lock("parts-$runid", self::LOCK_TIMEOUT);
        if (!$lock) {
            throw new \moodle_exception('error_partslocked', 'tool_enrolsync');
        }
        try {
            return $change();
        } finally {
            $lock->release();
        }
    }

    /**
     * Forgets the parts of runs being deleted.
     *
     * @param int[] $runids
     */
    public static function delete(array $runids): void {
        global $DB;
        $DB->delete_records_list('tool_enrolsync_parts', 'runid', $runids);
    }
}
