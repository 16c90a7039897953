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
use tool_enrolsync\local\journal;
use tool_enrolsync\local\notifier;
use tool_enrolsync\local\state_reader;

/**
 * Applies an enrolment file to the site: the one processor behind the scheduled task, the
 * tool's page, the CLI and the web services. It holds the lock, records the run (with a copy of
 * the file), checks the extension, reads the file and the site's state, plans with the extension,
 * and performs the plan unless it is a dry run: itself, or through adhoc tasks that apply it in
 * parts (setting parts; a large run through the web service, setting webservicequeue). What the
 * run did is read back from its list of changes, so the report says what the database holds.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class engine {
    /** A run still going on (or one whose process died: see mark_interrupted()). */
    const STATUS_RUNNING = 'running';
    /** A run that applied its plan (some lines or operations may have failed). */
    const STATUS_DONE = 'done';
    /** Queued in parts, which adhoc tasks apply (see run_parts). */
    const STATUS_APPLYING = 'applying';
    /** The file could not be applied at all (or the extension is missing): nothing was written. */
    const STATUS_REJECTED = 'rejected';
    /** Full sync's safety threshold stopped it, or its confirmation no longer matched: nothing was written. */
    const STATUS_REFUSED = 'refused';
    /** Another run held the lock: nothing was done, nothing recorded. */
    const STATUS_LOCKED = 'locked';
    /** The run died (an error, a killed process): what its committed batches did is in its changes. */
    const STATUS_INTERRUPTED = 'interrupted';

    /** A run of the scheduled task. */
    const ORIGIN_TASK = 'task';
    /** A run from the tool's page. */
    const ORIGIN_PAGE = 'page';
    /** A run from cli/sync.php. */
    const ORIGIN_CLI = 'cli';
    /** A run through the web service tool_enrolsync_run_file. */
    const ORIGIN_WEBSERVICE = 'webservice';

    /** Failed lines read from the extension at a time. */
    const LINES_CHUNK = 1000;
    /** How long a refused run can be confirmed. */
    const CONFIRM_WINDOW = DAYSECS;
    /** Notices kept on a run. */
    const NOTICES_KEPT = 10;
    /** Line numbers a notice names at most. */
    const NOTICE_LINES = 20;

    /** @var run_options */
    private run_options $options;
    /** @var \core\progress\base */
    private \core\progress\base $progress;
    /** @var extension */
    private extension $extension;

    /**
     * Makes an engine for runs with the given options.
     *
     * @param run_options $options
     * @param \core\progress\base|null $progress told of the operations performed
     * @param extension|null $extension the extension's check (tests give another)
     */
    public function __construct(run_options $options, ?\core\progress\base $progress = null, ?extension $extension = null) {
        $this->options = $options;
        $this->progress = $progress ?? new \core\progress\none();
        $this->extension = $extension ?? new extension();
    }

    /**
     * What is told of the operations performed (a take-over's executor tells it too).
     *
     * @return \core\progress\base
     */
    public function progress(): \core\progress\base {
        return $this->progress;
    }

    /**
     * Runs a file.
     *
     * @param string $path the file on disk
     * @param string $filename its name, for the history
     * @param string $origin ORIGIN_TASK, ORIGIN_PAGE, ORIGIN_CLI or ORIGIN_WEBSERVICE
     * @return \stdClass the run record (status locked: none was stored)
     */
    public function run(string $path, string $filename, string $origin): \stdClass {
        return $this->exclusively($filename, $origin, fn(\stdClass $run) => $this->process($run, $path));
    }

    /**
     * Does a run's work holding the lock that lets one run at a time: records the run, hands it to
     * $process, which finishes it, and marks it interrupted if the work dies (what its committed
     * batches did is in its changes). A take-over of another plugin's enrolments is such a run too.
     *
     * @param string $filename what the run reads, for the history
     * @param string $origin ORIGIN_TASK, ORIGIN_PAGE or ORIGIN_CLI
     * @param callable $process fn(\stdClass $run): \stdClass, the finished run
     * @param array $fields of the run's record, beyond what the options say (a take-over's format)
     * @return \stdClass the run record (status locked: none was stored)
     */
    public function exclusively(string $filename, string $origin, callable $process, array $fields = []): \stdClass {
        $lock = \core\lock\lock_config::get_lock_factory('tool_enrolsync')->get_lock('run', 0);
        $locked = (object) ['id' => 0, 'status' => self::STATUS_LOCKED, 'filename' => $filename];
        if (!$lock) {
            return $locked;
        }
        try {
            // A run in parts is not over until its tasks are: this one would overlap it.
            return run_parts::pending() ? $locked : $this->run_locked($filename, $origin, $process, $fields);
        } finally {
            $lock->release();
        }
    }

    /**
     * The run, once the lock is held. A run that dies on an error is marked interrupted, with the
     * error, and the error goes on to the caller.
     *
     * @param string $filename
     * @param string $origin
     * @param callable $process
     * @param array $fields
     * @return \stdClass
     */
    private function run_locked(string $filename, string $origin, callable $process, array $fields): \stdClass {
        global $DB, $USER;
        // Holding the lock, no other run is going on: one still "running" died.
        self::mark_interrupted();
        $run = (object) array_merge([
            'origin' => $origin,
            'userid' => $origin === self::ORIGIN_TASK ? 0 : (int) $USER->id,
            'filename' => \core_text::substr($filename, 0, 255),
            'dryrun' => (int) $this->options->dryrun,
            'fullsync' => (int) $this->options->get('fullsync'),
            'confirmedrun' => $this->options->confirms,
            'status' => self::STATUS_RUNNING,
            'timestarted' => time(),
            // Known once the file is read, or kept and read.
            'contenthash' => '',
            'format' => '',
            'encoding' => '',
            'delimiter' => '',
            'errorkey' => '',
        ], $fields);
        $run->id = $DB->insert_record('tool_enrolsync_runs', $run);
        // A fatal error ends the process without unwinding: the run is marked then.
        \core_shutdown_manager::register_function([self::class, 'mark_interrupted'], [$run->id]);
        try {
            return $process($run);
        } catch (\Throwable $e) {
            self::interrupt($run, 'exception', $e->getMessage());
            throw $e;
        }
    }

    /**
     * Keeps a copy of the file, then reads that copy (never the path again: a file rewritten
     * meanwhile must not be planned from other bytes than those kept, which parts and
     * confirmations apply again), and plans and applies it.
     *
     * @param \stdClass $run the run's record
     * @param string $path the file
     * @return \stdClass the run record
     */
    private function process(\stdClass $run, string $path): \stdClass {
        // A file over the limit is refused before anything reads it, even to keep a copy.
        $size = (int) @filesize($path);
        if ($this->too_large($size)) {
            return $this->finish($run, self::STATUS_REJECTED, $this->size_refusal($size));
        }
        $input = run_files::archive_input($run->id, $path, $run->filename);
        $run->contenthash = $input ? $input->get_contenthash() : '';
        if ($input && $this->too_large($input->get_filesize())) {
            // It grew after it was measured.
            $input->delete();
            return $this->finish($run, self::STATUS_REJECTED, $this->size_refusal($input->get_filesize()));
        }
        if ($this->extension->status() !== extension::OK) {
            return $this->finish($run, self::STATUS_REJECTED, ['errorkey' => 'extension',
                'errorarg' => $this->extension->problem()]);
        }
        if ($this->options->confirms && !self::confirmable($this->options->confirms)) {
            return $this->finish($run, self::STATUS_REJECTED, ['errorkey' => 'notconfirmable',
                'errorarg' => $this->options->confirms]);
        }
        if (!$input) {
            return $this->finish($run, self::STATUS_REJECTED, ['errorkey' => 'unreadable', 'errorarg' => $path]);
        }
        try {
            $file = self::open_input($input, $this->options);
        } catch (FileException $e) {
            return $this->finish($run, self::STATUS_REJECTED, ['errorkey' => $e->get_error_key(),
                'errorarg' => $e->get_error_arg(), 'errorline' => $e->get_line_number()]);
        }
        try {
            return $this->plan_and_apply($run, $file);
        } catch (\Throwable $e) {
            // The lines whose operations failed before the error join the failed-lines file.
            run_files::store_failed_lines($run->id, $run->filename, $file->header());
            throw $e;
        }
    }

    /**
     * Whether a file of this size is over the setting maxfilesize.
     *
     * @param int $size bytes
     * @return bool
     */
    private function too_large(int $size): bool {
        $limit = (int) $this->options->get('maxfilesize') * 1024 * 1024;
        return $limit > 0 && $size > $limit;
    }

    /**
     * The refusal of a file over the setting maxfilesize.
     *
     * @param int $size bytes
     * @return array the run's fields
     */
    private function size_refusal(int $size): array {
        return ['errorkey' => 'toolarge', 'errorarg' => json_encode(['size' => $size,
            'limit' => (int) $this->options->get('maxfilesize') * 1024 * 1024])];
    }

    /**
     * Reads a run's kept file, as Moodle's file system holds it (no copy of it is made).
     *
     * @param \stored_file $input
     * @param run_options $options
     * @return File
     * @throws FileException when the file cannot be applied at all
     */
    private static function open_input(\stored_file $input, run_options $options): File {
        $path = get_file_storage()->get_file_system()->get_local_path_from_storedfile($input, true);
        return File::open($path, $options->read_options());
    }

    /**
     * Plans the file and applies the plan (or records what it would apply). The plan's line counts
     * and failed lines are stored first, with the failed-lines file: a run that dies keeps them.
     *
     * @param \stdClass $run
     * @param File $file
     * @return \stdClass the run record
     */
    private function plan_and_apply(\stdClass $run, File $file): \stdClass {
        $summary = $file->summary();
        foreach (['format', 'encoding', 'delimiter', 'encodingreason'] as $field) {
            $run->$field = $summary[$field] ?? '';
        }
        $snapshot = state_reader::read($file, $this->options);
        $plan = $file->plan($snapshot, $this->options->plan_options($run->timestarted));
        $this->record_failed_lines($run, $plan);
        journal::record_kept($run->id, $plan);
        $totals = $plan->summary();
        $counts = ['linecount' => $summary['lines']] + $totals['lines'];
        $this->record_plan_counts($run, $file, $counts);
        $notices = self::no_access_notices($totals['noaccess']);
        if ($plan->is_refused() || ($this->options->confirms && !$this->confirms_removals($plan))) {
            journal::record_removals($run->id, $plan);
            $refusal = $plan->is_refused() ? ['errorkey' => 'refused', 'errorarg' => json_encode($totals['refused'])]
                : ['errorkey' => 'removalschanged', 'errorarg' => $totals['syncremovals']];
            // Nothing was applied, and nothing found unchanged either: the lines were not tried.
            return $this->finish_with_lines(
                $run,
                $file,
                self::STATUS_REFUSED,
                ['applied' => 0, 'unchanged' => 0] + $counts + $refusal
            );
        }
        if ($this->options->dryrun) {
            journal::record_plan($run->id, $plan);
            return $this->finish_with_lines($run, $file, self::STATUS_DONE, $counts + ['notices' => $notices]);
        }
        $parts = $this->parts($run, $totals);
        if ($parts > 0 && $plan->courses()) {
            // Marked applying in the transaction that queues its parts: no part can finish first.
            return run_parts::queue(
                $run,
                run_parts::split($plan, $parts),
                journal::removal_keys($plan),
                $this->options,
                fn() => $this->finish_with_lines($run, $file, self::STATUS_APPLYING, $counts + ['notices' => $notices])
            );
        }
        $executor = $this->apply($run->id, $file, $plan, $plan->courses());
        return $this->finish_with_lines(
            $run,
            $file,
            self::STATUS_DONE,
            $counts + ['notices' => array_merge($notices, $executor->notices)]
        );
    }

    /**
     * What the report says of lines that enrol or reactivate users through a disabled method or
     * instance (the setting enrolwhendisabled let them): those enrolments give no access yet.
     *
     * @param int[] $lines their line numbers
     * @return string[] one notice, or none
     */
    private static function no_access_notices(array $lines): array {
        if (!$lines) {
            return [];
        }
        $shown = implode(', ', array_slice($lines, 0, self::NOTICE_LINES)) . (count($lines) > self::NOTICE_LINES ? ', …' : '');
        return [get_string('notice_noaccess', 'tool_enrolsync', (object) ['count' => count($lines), 'lines' => $shown])];
    }

    /**
     * How many parts adhoc tasks apply the run in (0: the run applies its plan itself): the
     * setting parts; at least one for a run through the web service whose plan has more
     * operations than the setting webservicequeue, so that its request answers at once.
     *
     * @param \stdClass $run
     * @param array $totals the plan's summary
     * @return int
     */
    private function parts(\stdClass $run, array $totals): int {
        $parts = (int) $this->options->get('parts');
        $large = array_sum($totals['operations']) > (int) $this->options->get('webservicequeue');
        return $run->origin === self::ORIGIN_WEBSERVICE && $large ? max(1, $parts) : $parts;
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
        if ($this->extension->status() !== extension::OK) {
            // Moodle tries the task again later: the extension may be back by then.
            throw new \moodle_exception('error_extension', 'tool_enrolsync', '', $this->extension->problem());
        }
        $part = $DB->get_record('tool_enrolsync_parts', ['id' => $partid], '*', MUST_EXIST);
        $run = $DB->get_record('tool_enrolsync_runs', ['id' => $part->runid], '*', MUST_EXIST);
        $input = run_files::input($run->id);
        if ($run->status !== self::STATUS_APPLYING || !$input || $input->get_contenthash() !== $run->contenthash) {
            // Interrupted already, or its file is gone (deleted by hand, or with every user's
            // data): nothing can be applied, and trying again for days would keep every run waiting.
            return run_parts::locked($run->id, fn() => self::interrupt_applying($run->id, 'runinput', (string) $run->id));
        }
        $file = self::open_input($input, $this->options);
        // A part recorded already (its task ran to the end but failed after it) has nothing left.
        if (!$part->timefinished) {
            $this->apply_part_plan($run, $part, $file, $courseids);
        }
        // The run's own notices (from its plan) come first.
        return run_parts::finish_when_done($part->runid, fn(\stdClass $run, array $notices) =>
            $this->finish_with_lines($run, $file, self::STATUS_DONE, ['notices' => [...run_report::notices($run), ...$notices]]));
    }

    /**
     * Plans a part's courses again and applies them, with the run's decision on full sync's
     * removals: its threshold (or its confirmation) weighed the removals of the whole run, and a
     * part's snapshot holds only its own courses, so the part plans every removal and applies
     * only those the run decided. One that appeared since (an enrolment reactivated by hand) is
     * left for the next run, which weighs it again; the run says so in a notice.
     *
     * @param \stdClass $run
     * @param \stdClass $part
     * @param File $file
     * @param int[] $courseids
     */
    private function apply_part_plan(\stdClass $run, \stdClass $part, File $file, array $courseids): void {
        // A part Moodle tries again plans again: what failed the first time is tried again, and
        // counted once.
        self::forget_failed_operations($run->id, $courseids);
        $snapshot = state_reader::read($file, $this->options, $courseids);
        $plan = $file->plan($snapshot, ['force' => true] + $this->options->plan_options($run->timestarted));
        $undecided = array_diff(
            run_parts::removals_in($plan, $courseids),
            json_decode($part->removals ?? '[]', true) ?: []
        );
        $executor = $this->apply(
            $run->id,
            $file,
            $plan,
            array_values(array_intersect($courseids, $plan->courses())),
            array_flip($undecided)
        );
        if ($undecided) {
            $executor->notices[] = get_string('notice_undecidedremovals', 'tool_enrolsync', count($undecided));
        }
        run_parts::record($part, $executor->notices);
    }

    /**
     * Forgets the operations of a run that failed in some courses, and the lines they failed.
     *
     * @param int $runid
     * @param int[] $courseids
     */
    private static function forget_failed_operations(int $runid, array $courseids): void {
        global $DB;
        // The reasons a line gets when an operation fails while applying (not while planning).
        [$keysql, $keyparams] = $DB->get_in_or_equal(executor::LINE_ERRORS);
        foreach (array_chunk(journal::forget_failures($runid, $courseids), self::LINES_CHUNK) as $lines) {
            [$insql, $params] = $DB->get_in_or_equal($lines);
            $DB->delete_records_select(
                'tool_enrolsync_lines',
                "runid = ? AND errorkey $keysql AND line $insql",
                array_merge([$runid], $keyparams, $params)
            );
        }
    }

    /**
     * Whether a run that full sync's threshold refused can still be confirmed: it is the latest
     * refused run, from the last 24 hours, not confirmed yet, and its file is kept.
     *
     * @param int $runid
     * @return bool
     */
    public static function confirmable(int $runid): bool {
        global $DB;
        $run = $DB->get_record('tool_enrolsync_runs', ['id' => $runid]);
        if (!$run || $run->status !== self::STATUS_REFUSED || $run->timestarted < time() - self::CONFIRM_WINDOW) {
            return false;
        }
        $latest = $DB->get_field_sql('SELECT MAX(id) FROM {tool_enrolsync_runs} WHERE status = ?', [self::STATUS_REFUSED]);
        [$insql, $params] = $DB->get_in_or_equal([self::STATUS_DONE, self::STATUS_APPLYING]);
        $confirmed = $DB->record_exists_select(
            'tool_enrolsync_runs',
            "confirmedrun = ? AND dryrun = 0 AND status $insql",
            array_merge([$runid], $params)
        );
        return (int) $latest === (int) $run->id && !$confirmed && run_files::input($runid) !== null;
    }

    /**
     * Whether the plan removes exactly the enrolments shown by the run it confirms.
     *
     * @param Plan $plan
     * @return bool
     */
    private function confirms_removals(Plan $plan): bool {
        return journal::removal_keys($plan) === journal::removal_keys($this->options->confirms);
    }

    /**
     * Performs the plan's operations in the given courses, reports the operations that failed on
     * their lines (those that failed before an error too), and tells teachers of their new
     * students if the settings say so.
     *
     * @param int $runid
     * @param File $file
     * @param Plan $plan
     * @param int[] $courseids
     * @param array $leftout removals not to perform: journal::removal_key() => anything
     * @return executor what it did
     */
    private function apply(int $runid, File $file, Plan $plan, array $courseids, array $leftout = []): executor {
        $executor = new executor($runid, $this->progress, $this->options->get('welcomemessages') !== 'never');
        try {
            $executor->execute($plan, $courseids, $leftout);
        } finally {
            $this->record_failed_operations($runid, $file, $executor->failures);
        }
        if ($this->options->get('notifyteachers')) {
            // The enrolments are done: a message that cannot be sent is a notice.
            array_push($executor->notices, ...notifier::new_students($plan, $executor->enrolled));
        }
        return $executor;
    }

    /**
     * Stores the failed lines of the plan, each with the user it names (userid) or, when its user
     * key is ambiguous, every user it may mean (tool_enrolsync_lineusers): the privacy API finds
     * the line for each of them.
     *
     * @param \stdClass $run
     * @param Plan $plan
     */
    private function record_failed_lines(\stdClass $run, Plan $plan): void {
        global $DB;
        for ($offset = 0; $lines = $plan->lines($offset, self::LINES_CHUNK, true); $offset += self::LINES_CHUNK) {
            $DB->insert_records('tool_enrolsync_lines', array_map(fn($line) => [
                'runid' => $run->id,
                'line' => $line['line'],
                'rawline' => $line['raw'],
                'errorkey' => $line['key'],
                'errorarg' => $line['arg'],
                'userid' => $line['userid'],
                'protection' => $line['protection'],
            ], $lines));
            $ambiguous = array_filter($lines, fn($line) => count($line['userids']) > 1);
            if ($ambiguous) {
                self::record_line_users($run->id, array_column($ambiguous, 'userids', 'line'));
            }
        }
    }

    /**
     * Stores the users of failed lines that name several.
     *
     * @param int $runid
     * @param int[][] $users line number => user ids
     */
    private static function record_line_users(int $runid, array $users): void {
        global $DB;
        [$insql, $params] = $DB->get_in_or_equal(array_keys($users));
        $ids = $DB->get_records_select_menu(
            'tool_enrolsync_lines',
            "runid = ? AND line $insql",
            array_merge([$runid], $params),
            '',
            'line, id'
        );
        $rows = [];
        foreach ($users as $line => $userids) {
            foreach ($userids as $userid) {
                $rows[] = ['lineid' => $ids[$line], 'userid' => $userid];
            }
        }
        $DB->insert_records('tool_enrolsync_lineusers', $rows);
    }

    /**
     * Stores how the file was read and the plan's line counts on the run (no line is counted
     * applied before its changes are done), with the failed-lines file: a run killed while it
     * applies keeps them, for its report, its paging and its download.
     *
     * @param \stdClass $run
     * @param File $file
     * @param array $counts linecount, applied, unchanged, failed
     */
    private function record_plan_counts(\stdClass $run, File $file, array $counts): void {
        global $DB;
        $fields = ['id' => $run->id, 'linecount' => $counts['linecount'], 'unchanged' => $counts['unchanged'],
            'failed' => $counts['failed']];
        foreach (['format', 'encoding', 'delimiter', 'encodingreason'] as $field) {
            $fields[$field] = $run->$field;
        }
        $DB->update_record('tool_enrolsync_runs', (object) $fields);
        foreach ($fields as $name => $value) {
            $run->$name = $value;
        }
        run_files::store_failed_lines($run->id, $run->filename, $file->header());
    }

    /**
     * Reports the operations that failed on their lines: a line that was to apply fails with the
     * executor's reason, Moodle's error or an enrolment made meanwhile by someone else (a line
     * that failed already keeps its first reason).
     *
     * @param int $runid
     * @param File $file
     * @param array[] $failures operations with their error
     */
    private function record_failed_operations(int $runid, File $file, array $failures): void {
        global $DB;
        $lines = [];
        foreach ($failures as $failure) {
            $lines[$failure['line']] ??= $failure;
        }
        unset($lines[0]);
        if (!$lines) {
            return;
        }
        [$insql, $params] = $DB->get_in_or_equal(array_keys($lines));
        $failed = $DB->get_fieldset_select(
            'tool_enrolsync_lines',
            'line',
            "runid = ? AND line $insql",
            array_merge([$runid], $params)
        );
        $rows = [];
        foreach (array_diff_key($lines, array_flip($failed)) as $number => $failure) {
            $rows[] = ['runid' => $runid, 'line' => $number, 'rawline' => (string) $file->line($number),
                'errorkey' => $failure['key'], 'errorarg' => $failure['arg'], 'userid' => $failure['userid'] ?? 0];
        }
        $DB->insert_records('tool_enrolsync_lines', $rows);
    }

    /**
     * Finishes a run whose file was read: what it did, from its list of changes (lines whose
     * operation failed count as failed, not applied), and the file of its failed lines.
     *
     * @param \stdClass $run
     * @param File $file
     * @param string $status
     * @param array $fields the plan's counts, and more
     * @return \stdClass
     */
    private function finish_with_lines(\stdClass $run, File $file, string $status, array $fields): \stdClass {
        global $DB;
        foreach ($fields as $name => $value) {
            $run->$name = $value;
        }
        [$operations, $run->opsfailed] = journal::counts($run->id, $run->dryrun ? journal::PLANNED : journal::DONE);
        $run->operations = json_encode($status === self::STATUS_DONE ? $operations : []);
        [$insql, $params] = $DB->get_in_or_equal(executor::LINE_ERRORS);
        $newlyfailed = $DB->count_records_select(
            'tool_enrolsync_lines',
            "runid = ? AND errorkey $insql",
            array_merge([$run->id], $params)
        );
        $run->applied -= $newlyfailed;
        $run->failed += $newlyfailed;
        if ($newlyfailed) {
            // Stored with the plan's failed lines: these join them.
            run_files::store_failed_lines($run->id, $run->filename, $file->header());
        }
        return $this->finish($run, $status, []);
    }

    /**
     * Records the end of the run (of a file, or a take-over), and tells administrators of a run
     * that went wrong.
     *
     * @param \stdClass $run
     * @param string $status
     * @param array $fields
     * @return \stdClass the run record
     */
    public function finish(\stdClass $run, string $status, array $fields): \stdClass {
        global $DB;
        foreach ($fields as $name => $value) {
            $run->$name = $value;
        }
        $run->status = $status;
        $run->timefinished = time();
        self::store_with_report($run);
        return $DB->get_record('tool_enrolsync_runs', ['id' => $run->id], '*', MUST_EXIST);
    }

    /**
     * Sends the run's report to the administrators when it needs attention, then stores the run
     * with its notices (among them the messages that could not be sent).
     *
     * @param \stdClass $run
     */
    private static function store_with_report(\stdClass $run): void {
        global $DB;
        $notices = array_merge(run_report::notices($run), self::report_to_admins($run));
        $notices = array_slice(array_values(array_unique($notices)), 0, self::NOTICES_KEPT);
        $run->notices = $notices ? json_encode($notices) : null;
        $DB->update_record('tool_enrolsync_runs', $run);
    }

    /**
     * Sends the report of a real run that did not apply every line to the administrators. A
     * message that cannot be sent does not undo the run: it is kept as a notice.
     *
     * @param \stdClass $run
     * @return string[] why messages could not be sent
     */
    private static function report_to_admins(\stdClass $run): array {
        // A run in parts reports when its last part is done.
        $unfinished = in_array($run->status, [self::STATUS_APPLYING, self::STATUS_RUNNING]);
        $clean = $run->status === self::STATUS_DONE && !$run->failed && !$run->opsfailed;
        if ($run->dryrun || $unfinished || $clean) {
            return [];
        }
        return notifier::run_report($run);
    }

    /**
     * Marks runs whose process died (still "running" while no run holds the lock) as
     * interrupted, and tells the administrators. Called by every run once it holds the lock, by
     * the status check, and when the process of a run ends.
     *
     * @param int|null $runid only this run; null: every run still marked running
     * @return int how many were marked
     */
    public static function mark_interrupted(?int $runid = null): int {
        global $DB;
        try {
            $conditions = ['status' => self::STATUS_RUNNING] + ($runid ? ['id' => $runid] : []);
            $runs = $DB->get_records('tool_enrolsync_runs', $conditions);
            foreach ($runs as $run) {
                self::interrupt($run, $run->errorkey ?: 'interrupted', $run->errorarg);
            }
            return count($runs);
        } catch (\Throwable $e) {
            // At the end of a process whose database is gone, the next run marks it.
            return 0;
        }
    }

    /**
     * Marks a run applied in parts as interrupted, if it still is being applied: its parts left
     * then end at once, and new runs no longer wait for them.
     *
     * @param int $runid
     * @param string $errorkey why: error_KEY in the language files
     * @param string|null $errorarg
     * @return \stdClass the run record
     */
    public static function interrupt_applying(int $runid, string $errorkey, ?string $errorarg = null): \stdClass {
        global $DB;
        $run = $DB->get_record('tool_enrolsync_runs', ['id' => $runid], '*', MUST_EXIST);
        return $run->status === self::STATUS_APPLYING ? self::interrupt($run, $errorkey, $errorarg) : $run;
    }

    /**
     * Records that a run was interrupted, and tells the administrators. Its counts are what is
     * known: its operations done and failed (its list of changes), its lines and unchanged lines
     * (its plan), its failed lines as stored; no line is counted applied, since the run did not
     * get to the end (what it did is in its list of changes).
     *
     * @param \stdClass $run its record, or the one being run
     * @param string $errorkey why: error_KEY in the language files
     * @param string|null $errorarg
     * @return \stdClass the run record
     */
    private static function interrupt(\stdClass $run, string $errorkey, ?string $errorarg): \stdClass {
        global $DB;
        [$operations, $run->opsfailed] = journal::counts($run->id, journal::DONE);
        $run->operations = json_encode($operations);
        $run->failed = $DB->count_records('tool_enrolsync_lines', ['runid' => $run->id]);
        $run->applied = 0;
        $run->status = self::STATUS_INTERRUPTED;
        $run->timefinished = time();
        $run->errorkey = $errorkey;
        $run->errorarg = $errorarg;
        self::store_with_report($run);
        return $DB->get_record('tool_enrolsync_runs', ['id' => $run->id], '*', MUST_EXIST);
    }
}
