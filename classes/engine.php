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

use EnrolSync\File;
use EnrolSync\FileException;
use EnrolSync\Plan;
use tool_enrolsync\local\executor;
use tool_enrolsync\local\notifier;
use tool_enrolsync\local\state_reader;

/**
 * Applies an enrolment file to the site: the one processor behind the scheduled task, the
 * tool's page and the CLI. It holds the lock, records the run (with a copy of the file), reads the
 * file and the site's state, plans with the extension, and performs the plan unless it is a dry
 * run: itself, or through adhoc tasks that apply it in parts (setting parts).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class engine {
    /** A run's outcome, as the runs table and the CLI's exit status tell it. */
    const STATUS_DONE = 'done';
    /** Queued in parts, which adhoc tasks apply (see run_parts). */
    const STATUS_APPLYING = 'applying';
    const STATUS_REJECTED = 'rejected';
    const STATUS_REFUSED = 'refused';
    const STATUS_LOCKED = 'locked';

    /** Failed lines read from the extension at a time. */
    const LINES_CHUNK = 1000;

    /** @var run_options */
    private run_options $options;
    /** @var \core\progress\base */
    private \core\progress\base $progress;

    /**
     * @param run_options $options
     * @param \core\progress\base|null $progress told of the operations performed
     */
    public function __construct(run_options $options, ?\core\progress\base $progress = null) {
        $this->options = $options;
        $this->progress = $progress ?? new \core\progress\none();
    }

    /**
     * Runs a file.
     *
     * @param string $path the file on disk
     * @param string $filename its name, for the history
     * @param string $origin task, page or cli
     * @return \stdClass the run record (status locked: none was stored)
     */
    public function run(string $path, string $filename, string $origin): \stdClass {
        $lock = \core\lock\lock_config::get_lock_factory('tool_enrolsync')->get_lock('run', 0);
        $locked = (object) ['id' => 0, 'status' => self::STATUS_LOCKED, 'filename' => $filename];
        if (!$lock) {
            return $locked;
        }
        try {
            // A run in parts is not over until its tasks are: this one would overlap it.
            return run_parts::pending() ? $locked : $this->run_locked($path, $filename, $origin);
        } finally {
            $lock->release();
        }
    }

    /**
     * The run, once the lock is held.
     *
     * @param string $path
     * @param string $filename
     * @param string $origin
     * @return \stdClass
     */
    private function run_locked(string $path, string $filename, string $origin): \stdClass {
        global $DB, $USER;
        $run = (object) [
            'origin' => $origin,
            'userid' => $origin === 'task' ? 0 : (int) $USER->id,
            'filename' => \core_text::substr($filename, 0, 255),
            'dryrun' => (int) $this->options->dryrun,
            'fullsync' => (int) $this->options->get('fullsync'),
            'status' => 'running',
            'timestarted' => time(),
            // Known once the file is read, or kept and read.
            'contenthash' => '',
            'format' => '',
            'encoding' => '',
            'delimiter' => '',
            'errorkey' => '',
        ];
        $run->id = $DB->insert_record('tool_enrolsync_runs', $run);
        $run->contenthash = run_files::archive_input($run->id, $path, $filename);
        try {
            $file = File::open($path, $this->options->read_options());
        } catch (FileException $e) {
            return $this->finish($run, self::STATUS_REJECTED, ['errorkey' => $e->getErrorKey(),
                'errorarg' => $e->getErrorArg(), 'errorline' => $e->getLineNumber()]);
        }
        $summary = $file->summary();
        foreach (['format', 'encoding', 'delimiter'] as $field) {
            $run->$field = $summary[$field];
        }
        $snapshot = state_reader::read($file, (bool) $this->options->get('fullsync'));
        $plan = $file->plan($snapshot, $this->options->plan_options($run->timestarted));
        $this->record_failed_lines($run, $file, $plan);
        $totals = $plan->summary();
        $counts = ['linecount' => $summary['lines']] + $totals['lines'];
        if ($plan->isRefused()) {
            $refused = $totals['refused'];
            return $this->finish($run, self::STATUS_REFUSED, $counts + ['errorkey' => 'refused',
                'errorarg' => json_encode($refused), 'operations' => json_encode([])]);
        }
        if ($this->options->dryrun) {
            return $this->finish($run, self::STATUS_DONE,
                $counts + ['operations' => json_encode(array_filter($totals['operations']))]);
        }
        $parts = (int) $this->options->get('parts');
        if ($parts > 0 && $plan->courses()) {
            run_parts::queue($run, run_parts::split($plan, $parts), $this->options);
            return $this->finish($run, self::STATUS_APPLYING, $counts + ['operations' => json_encode([])]);
        }
        $executor = $this->apply($run->id, $plan, $plan->courses());
        $run->failedbatches = $executor->failedbatches;
        return $this->finish($run, self::STATUS_DONE, $counts + ['operations' => json_encode($executor->done),
            'batchesfailed' => count($executor->failedbatches)]);
    }

    /**
     * Applies one part of a run queued in parts; the last part to finish finishes the run.
     *
     * @param int $partid
     * @param int[] $courseids the part's courses
     * @return \stdClass the run record
     */
    public function apply_part(int $partid, array $courseids): \stdClass {
        global $DB;
        $part = $DB->get_record('tool_enrolsync_parts', ['id' => $partid], '*', MUST_EXIST);
        // A part recorded already (its task ran to the end but failed after it) has nothing left.
        if (!$part->timefinished) {
            $run = $DB->get_record('tool_enrolsync_runs', ['id' => $part->runid], '*', MUST_EXIST);
            $path = run_files::required_input($run->id)->copy_content_to_temp('tool_enrolsync');
            try {
                $file = File::open($path, $this->options->read_options());
            } finally {
                @unlink($path);
            }
            $snapshot = state_reader::read($file, (bool) $this->options->get('fullsync'), $courseids);
            $plan = $file->plan($snapshot, $this->options->plan_options($run->timestarted));
            $executor = $this->apply($run->id, $plan, array_values(array_intersect($courseids, $plan->courses())));
            run_parts::record($part, $executor->done, $executor->failedbatches);
        }
        return run_parts::finish_when_done($part->runid, function(\stdClass $run, array $operations, array $failedbatches) {
            $run->failedbatches = $failedbatches;
            return $this->finish($run, self::STATUS_DONE, ['operations' => json_encode($operations),
                'batchesfailed' => count($failedbatches)]);
        });
    }

    /**
     * Performs the plan's operations in the given courses, and tells teachers of their new
     * students if the settings say so.
     *
     * @param int $runid
     * @param Plan $plan
     * @param int[] $courseids
     * @return executor what it did
     */
    private function apply(int $runid, Plan $plan, array $courseids): executor {
        $executor = new executor($runid, $this->progress);
        $executor->execute($plan, $courseids);
        if ($this->options->get('notifyteachers')) {
            notifier::new_students($plan, $executor->enrolled);
        }
        return $executor;
    }

    /**
     * Stores the failed lines of the run, and the file of those lines to correct and run again.
     *
     * @param \stdClass $run
     * @param File $file
     * @param Plan $plan
     */
    private function record_failed_lines(\stdClass $run, File $file, Plan $plan): void {
        global $DB;
        $raw = [];
        for ($offset = 0; $lines = $plan->lines($offset, self::LINES_CHUNK, true); $offset += self::LINES_CHUNK) {
            $DB->insert_records('tool_enrolsync_lines', array_map(fn($line) => [
                'runid' => $run->id,
                'line' => $line['line'],
                'rawline' => $line['raw'],
                'errorkey' => $line['key'],
                'errorarg' => $line['arg'],
                'userid' => $line['userid'],
            ], $lines));
            array_push($raw, ...array_column($lines, 'raw'));
        }
        if ($raw) {
            run_files::store_failed_lines($run->id, $run->filename, $file->header(), $raw);
        }
    }

    /**
     * Records the end of the run.
     *
     * @param \stdClass $run
     * @param string $status
     * @param array $fields
     * @return \stdClass the run record
     */
    private function finish(\stdClass $run, string $status, array $fields): \stdClass {
        global $DB;
        foreach ($fields as $name => $value) {
            $run->$name = $value;
        }
        $run->status = $status;
        $run->timefinished = time();
        $DB->update_record('tool_enrolsync_runs', $run);
        // As stored, with the batches that failed (not stored beyond their number).
        $stored = $DB->get_record('tool_enrolsync_runs', ['id' => $run->id], '*', MUST_EXIST);
        $stored->failedbatches = $run->failedbatches ?? [];
        // A run in parts reports when its last part is done.
        $reported = !$stored->dryrun && $stored->status !== self::STATUS_APPLYING;
        if ($reported && ($stored->status !== self::STATUS_DONE || $stored->failed || $stored->batchesfailed)) {
            notifier::run_report($stored);
        }
        return $stored;
    }
}
