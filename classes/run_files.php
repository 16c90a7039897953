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

/**
 * The tool's files in Moodle's file API (system context, component tool_enrolsync): the command
 * file area with the standard file and what the drop folder brings in, the copy of each run's
 * input, and each run's failed lines.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_files {
    /** File area of the runs' input files, item id = run id. */
    const AREA_RUNS = 'runs';
    /** The command file area, where the standard file lives (item id 0). */
    const AREA_COMMANDS = 'commands';
    /** File area of the runs' failed lines (original header + those lines), item id = run id. */
    const AREA_FAILED = 'failed';
    /** Where files run by the standard file's run are moved when the after-run action is archive. */
    const ARCHIVE_PATH = '/archive/';
    /** The drop folder, under the data root: files put there from outside enter the command area. */
    const DROP_FOLDER = 'sync';
    /** drop_folder_state(): the drop folder is a folder. */
    const DROP_FOLDER_OK = 'ok';
    /** drop_folder_state(): there is no drop folder. */
    const DROP_FOLDER_MISSING = 'missing';
    /** drop_folder_state(): something else has its name: a symbolic link (never followed), a file... */
    const DROP_FOLDER_NOT_FOLDER = 'notfolder';
    /** A file with one of these extensions, or with such a companion, is still being written. */
    const IN_TRANSFER = ['.lock', '.part'];
    /** The remote writer's lock (tool_sync's convention): nothing is taken while it is in the drop folder. */
    const WRITER_LOCK = 'alock.txt';
    /** Seconds after which the writer's lock is stale: the administrators are told, once. */
    const STALE_LOCK = 3 * HOURSECS;
    /** Seconds between the two checks of a file of the drop folder (times are whole seconds). */
    const SETTLE = 2;

    /**
     * The standard file in the command file area, if present.
     *
     * @param string $path the setting: relative to the area, never outside it
     * @return \stored_file|null
     */
    public static function standard_file(string $path): ?\stored_file {
        $record = self::standard_record($path);
        $file = $record ? get_file_storage()->get_file(...array_values($record)) : false;
        return $file ?: null;
    }

    /**
     * The file record of the standard file.
     *
     * @param string $path the setting: relative to the area
     * @return array|null null for a path that leaves the area
     */
    private static function standard_record(string $path): ?array {
        if (str_contains($path, '..')) {
            return null;
        }
        $path = '/' . ltrim(clean_param($path, PARAM_PATH), '/');
        return ['contextid' => \context_system::instance()->id, 'component' => 'tool_enrolsync',
            'filearea' => self::AREA_COMMANDS, 'itemid' => 0,
            'filepath' => dirname($path) === '/' ? '/' : dirname($path) . '/', 'filename' => basename($path)];
    }

    /**
     * Brings a file of the server in as the standard file (one that enrol_flatfile was to read,
     * taken over), and removes it there once the copy has its content, as enrol_flatfile removes
     * the files it reads.
     *
     * @param string $path
     * @param string $standardfile the setting
     * @return bool false when the file could not be removed (it is brought in all the same)
     */
    public static function bring_in_standard_file(string $path, string $standardfile): bool {
        $stored = get_file_storage()->create_file_from_pathname(self::standard_record($standardfile), $path);
        return $stored->get_contenthash() === sha1_file($path) && @unlink($path);
    }

    /**
     * Runs the standard file, then keeps, archives or deletes it as the settings say.
     *
     * @param engine $engine
     * @param string $origin engine::ORIGIN_TASK, ORIGIN_PAGE or ORIGIN_CLI
     * @param run_options $options
     * @return \stdClass|null the run, or null when there is no standard file
     */
    public static function run_standard_file(engine $engine, string $origin, run_options $options): ?\stdClass {
        $file = self::standard_file($options->get('standardfile'));
        if (!$file) {
            return null;
        }
        $run = self::run_stored_file($engine, $file, $file->get_filename(), $origin);
        // The feed arrived when the file entered the area: a kept file run again is nothing new.
        feed::ran($run, $file->get_timemodified());
        // A dry run, a rejected file or a refused plan wrote nothing: the file stays for the real
        // or the corrected or the forced run. A run in parts reads its archived copy.
        if (!$options->dryrun && in_array($run->status, [engine::STATUS_DONE, engine::STATUS_APPLYING])) {
            self::after_run($file, $run, $options->get('fileaction'));
        }
        return $run;
    }

    /**
     * Runs a file of the file API, through a temporary copy on disk.
     *
     * @param engine $engine
     * @param \stored_file $file
     * @param string $filename its name for the history
     * @param string $origin engine::ORIGIN_TASK, ORIGIN_PAGE, ORIGIN_CLI or ORIGIN_WEBSERVICE
     * @return \stdClass the run
     */
    public static function run_stored_file(engine $engine, \stored_file $file, string $filename, string $origin): \stdClass {
        $path = $file->copy_content_to_temp('tool_enrolsync');
        try {
            return $engine->run($path, $filename, $origin);
        } finally {
            @unlink($path);
        }
    }

    /**
     * Keeps, archives (under a name with the run's time and id) or deletes the file that was run.
     * Only that file: one replaced during the run (same name, new content) has not run yet, so
     * it stays for the next run, and the archive holds the run's own copy.
     *
     * @param \stored_file $file the standard file as it was when the run started
     * @param \stdClass $run
     * @param string $action keep, archive or delete
     */
    private static function after_run(\stored_file $file, \stdClass $run, string $action): void {
        $fs = get_file_storage();
        $input = self::input($run->id);
        if ($action === 'archive' && $input) {
            $name = date('Ymd-His', $run->timestarted) . '-run' . $run->id . '-' . $file->get_filename();
            $fs->create_file_from_storedfile(
                ['contextid' => $file->get_contextid(), 'component' => 'tool_enrolsync',
                'filearea' => self::AREA_COMMANDS, 'itemid' => 0, 'filepath' => self::ARCHIVE_PATH, 'filename' => $name],
                $input
            );
        }
        $current = $fs->get_file_by_id($file->get_id());
        if (($action === 'archive' || $action === 'delete') && $current && $current->get_contenthash() === $run->contenthash) {
            $current->delete();
        }
    }

    /**
     * Moves the files of the drop folder into the command file area, replacing files of the same
     * name. Nothing while the remote writer's lock (alock.txt) is there: the administrators are
     * told once when it is older than 3 hours. Nothing either when the drop folder is not a folder
     * of its own (a symbolic link, say). Only regular files that are complete and meant to be
     * taken: no name starting with "." or "_" or holding "lock" (in any case), no .part name, no
     * .lock or .part companion, and the same size and time before and after $settle seconds (at
     * least 2 by default: times are in whole seconds). A symbolic link is never followed: every
     * check is on the entry itself (lstat), every read through a handle opened without blocking
     * and checked to be that same file (open_drop_file()); a file that is not the same file
     * (device and inode) at the second check, when it is opened and after it was read waits for
     * the next run, and one with another name elsewhere (a hard link) is refused. A file is
     * removed from the drop folder once its copy in the file API has the content that was read;
     * when it cannot be removed, it is remembered and not brought in again while it stays the
     * same file. What is refused or left is printed (mtrace).
     *
     * @param int $settle seconds to watch the files for writes still going on
     * @param callable|null $wait waits that many seconds (sleep(), unless a test says otherwise)
     * @return string[] names of the files moved
     */
    public static function pickup_drop_folder(int $settle = self::SETTLE, ?callable $wait = null): array {
        $folder = self::drop_folder_path();
        $state = self::drop_folder_state();
        if ($state !== self::DROP_FOLDER_OK) {
            if ($state === self::DROP_FOLDER_NOT_FOLDER) {
                mtrace(get_string('dropnotfolder', 'tool_enrolsync', $folder));
            }
            return [];
        }
        if (!self::writer_lock_free()) {
            return [];
        }
        $names = array_filter(scandir($folder) ?: [], [self::class, 'is_taken_name']);
        $imported = self::forget_imports_except($names);
        $seen = [];
        foreach ($names as $name) {
            $path = $folder . '/' . $name;
            $stat = @lstat($path);
            if (!$stat || self::in_transfer($folder, $name) || self::is_directory($stat)) {
                continue;
            }
            $broughtin = isset($imported[$name]) && self::is_plain_file($stat) && self::same_file($imported[$name], $stat)
                && self::drop_file_hash($path, $stat) === $imported[$name]['hash'];
            if (!self::is_plain_file($stat)) {
                mtrace(get_string('dropnotregular', 'tool_enrolsync', $name));
            } else if ($broughtin) {
                // Brought in already, but it could not be removed: try again, never import it twice.
                self::remove_imported($path, $name, $imported[$name]);
            } else {
                $seen[$name] = $stat;
            }
        }
        if ($seen) {
            ($wait ?? fn(int $seconds) => $seconds > 0 && sleep($seconds))($settle);
        }
        clearstatcache();
        $moved = [];
        foreach ($seen as $name => $stat) {
            $path = $folder . '/' . $name;
            $now = @lstat($path);
            if ($now && !self::is_plain_file($now)) {
                mtrace(get_string('dropnotregular', 'tool_enrolsync', $name));
            } else if (!$now || !self::same_file($stat, $now) || self::in_transfer($folder, $name)) {
                mtrace(get_string('dropchanged', 'tool_enrolsync', $name));
            } else if (self::import($path, $name, $now)) {
                $moved[] = $name;
            }
        }
        return $moved;
    }

    /**
     * The path of the drop folder.
     *
     * @return string
     */
    public static function drop_folder_path(): string {
        global $CFG;
        return $CFG->dataroot . '/' . self::DROP_FOLDER;
    }

    /**
     * Whether the drop folder is a folder of its own, checked on the entry itself: a symbolic
     * link would lead the task to take files from wherever it points.
     *
     * @return string DROP_FOLDER_OK, DROP_FOLDER_MISSING or DROP_FOLDER_NOT_FOLDER
     */
    public static function drop_folder_state(): string {
        clearstatcache();
        $stat = @lstat(self::drop_folder_path());
        if (!$stat) {
            return self::DROP_FOLDER_MISSING;
        }
        return self::is_directory($stat) ? self::DROP_FOLDER_OK : self::DROP_FOLDER_NOT_FOLDER;
    }

    /**
     * When the remote writer's lock was put in the drop folder (or last touched), if it is there.
     * Any entry of that name is the lock, a dangling link included.
     *
     * @return int|null its time, or null when there is none
     */
    public static function writer_lock_time(): ?int {
        clearstatcache();
        $stat = @lstat(self::drop_folder_path() . '/' . self::WRITER_LOCK);
        return $stat ? (int) $stat['mtime'] : null;
    }

    /**
     * Whether nothing keeps the task from taking files: no writer's lock. While there is one, the
     * task says so; once the lock is older than 3 hours the administrators are told, once for
     * that lock (the setting droplockreported remembers it until the lock goes).
     *
     * @return bool
     */
    private static function writer_lock_free(): bool {
        $since = self::writer_lock_time();
        $reported = get_config('tool_enrolsync', 'droplockreported');
        if ($since === null) {
            if ($reported !== false) {
                unset_config('droplockreported', 'tool_enrolsync');
            }
            return true;
        }
        mtrace(get_string('droplocked', 'tool_enrolsync', (object) ['lock' => self::WRITER_LOCK, 'since' => userdate($since)]));
        if (time() - $since > self::STALE_LOCK && $reported !== (string) $since) {
            foreach (local\notifier::stale_drop_lock($since) as $failure) {
                mtrace($failure);
            }
            set_config('droplockreported', $since, 'tool_enrolsync');
        }
        return false;
    }

    /**
     * Whether a name of the drop folder is one the task may take: not hidden ("."), not a
     * writer's temporary file ("_" first) nor a lock (tool_sync's conventions).
     *
     * @param string $name
     * @return bool
     */
    private static function is_taken_name(string $name): bool {
        return $name[0] !== '.' && $name[0] !== '_' && stripos($name, 'lock') === false;
    }

    /**
     * Whether a file of the drop folder is still being written.
     *
     * @param string $folder
     * @param string $name
     * @return bool
     */
    private static function in_transfer(string $folder, string $name): bool {
        foreach (self::IN_TRANSFER as $extension) {
            if (str_ends_with($name, $extension) || file_exists($folder . '/' . $name . $extension)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether an lstat() or fstat() result is a directory.
     *
     * @param array $stat
     * @return bool
     */
    private static function is_directory(array $stat): bool {
        return ($stat['mode'] & 0170000) === 0040000;
    }

    /**
     * Whether an lstat() or fstat() result is a regular file with no other name (a symbolic link,
     * a device or a hard link to a file elsewhere is not).
     *
     * @param array $stat
     * @return bool
     */
    private static function is_plain_file(array $stat): bool {
        return ($stat['mode'] & 0170000) === 0100000 && $stat['nlink'] === 1;
    }

    /**
     * Whether two stat results are the same file, unchanged: device, inode, size and time.
     *
     * @param array $a
     * @param array $b
     * @return bool
     */
    private static function same_file(array $a, array $b): bool {
        foreach (['dev', 'ino', 'size', 'mtime'] as $field) {
            if ((int) $a[$field] !== (int) $b[$field]) {
                return false;
            }
        }
        return true;
    }

    /**
     * Moves a file of the drop folder to the root of the command file area: reads it through one
     * handle, checked to be the file that was watched (a link swapped in since would lead to
     * another file), into a copy of its own; stores the copy; removes the file once the stored
     * content is what was read and the file has not changed meanwhile.
     *
     * @param string $path
     * @param string $name its name in the drop folder
     * @param array $stat its lstat() at the last check
     * @return bool whether it was brought in
     */
    private static function import(string $path, string $name, array $stat): bool {
        $copy = make_request_directory() . '/dropped';
        $handle = self::open_drop_file($path, $stat);
        $read = false;
        if ($handle) {
            $out = fopen($copy, 'wb');
            $read = stream_copy_to_stream($handle, $out) === $stat['size'];
            fclose($out);
            fclose($handle);
        }
        clearstatcache();
        $after = @lstat($path);
        if (!$read || !$after || !self::is_plain_file($after) || !self::same_file($stat, $after)) {
            mtrace(get_string('dropchanged', 'tool_enrolsync', $name));
            return false;
        }
        $hash = sha1_file($copy);
        $filename = clean_param($name, PARAM_FILE) ?: 'enrolments.csv';
        $record = self::area_record(self::AREA_COMMANDS, 0, $filename);
        $fs = get_file_storage();
        $existing = $fs->get_file($record['contextid'], 'tool_enrolsync', self::AREA_COMMANDS, 0, '/', $filename);
        if ($existing) {
            $existing->delete();
        }
        $stored = $fs->create_file_from_pathname($record, $copy);
        @unlink($copy);
        if ($stored->get_contenthash() !== $hash) {
            // Not what was read: the file stays for the next run.
            $stored->delete();
            mtrace(get_string('dropchanged', 'tool_enrolsync', $name));
            return false;
        }
        // Removed only if it still has the content stored (if not, it is new: the next run brings it).
        if (self::drop_file_hash($path, $stat) === $hash) {
            $identity = array_intersect_key($stat, array_flip(['dev', 'ino', 'size', 'mtime']));
            self::remove_imported($path, $name, ['hash' => $hash] + $identity);
        }
        return true;
    }

    /**
     * Opens a file of the drop folder for reading, as the file that was checked or not at all.
     * PHP cannot open without following a symbolic link (no O_NOFOLLOW), so the handle is checked
     * instead: it is opened without blocking (mode "n", O_NONBLOCK: a FIFO swapped in since the
     * check would otherwise wait for a writer for ever), and given back only if it is a regular
     * file with no other name and the same file as $stat (device, inode, size, time). What a
     * link swapped in leads to is thus never read, whatever it is.
     *
     * @param string $path
     * @param array $stat the file's lstat() when it was checked
     * @return resource|null the handle, to read from and close; null when it is not that file
     */
    public static function open_drop_file(string $path, array $stat) {
        $handle = @fopen($path, 'rbn');
        if (!$handle) {
            return null;
        }
        $opened = fstat($handle);
        if (!$opened || !self::is_plain_file($opened) || !self::same_file($stat, $opened)) {
            fclose($handle);
            return null;
        }
        return $handle;
    }

    /**
     * The SHA-1 of a file of the drop folder, read through open_drop_file().
     *
     * @param string $path
     * @param array $stat the file's lstat() when it was checked
     * @return string|null null when it is no longer that file
     */
    private static function drop_file_hash(string $path, array $stat): ?string {
        $handle = self::open_drop_file($path, $stat);
        if (!$handle) {
            return null;
        }
        $context = hash_init('sha1');
        hash_update_stream($context, $handle);
        fclose($handle);
        return hash_final($context);
    }

    /**
     * Removes a file brought in from the drop folder. When it cannot be removed, it is remembered
     * (setting dropimports), so that it is not brought in again while it stays the same file.
     *
     * @param string $path
     * @param string $name
     * @param array $imported dev, ino, size, mtime and hash of what was brought in
     */
    private static function remove_imported(string $path, string $name, array $imported): void {
        $imports = self::imports();
        if (@unlink($path)) {
            unset($imports[$name]);
        } else {
            $imports[$name] = $imported;
            mtrace(get_string('dropnotremoved', 'tool_enrolsync', $name));
        }
        set_config('dropimports', $imports ? json_encode($imports) : null, 'tool_enrolsync');
    }

    /**
     * The files brought in from the drop folder that could not be removed, by name.
     *
     * @return array[] name => dev, ino, size, mtime, hash
     */
    private static function imports(): array {
        return json_decode((string) get_config('tool_enrolsync', 'dropimports'), true) ?: [];
    }

    /**
     * Forgets the files brought in that are no longer in the drop folder.
     *
     * @param string[] $names the names in the drop folder
     * @return array[] those still there, as imports() gives them
     */
    private static function forget_imports_except(array $names): array {
        $imports = self::imports();
        $kept = array_intersect_key($imports, array_flip($names));
        if (count($kept) !== count($imports)) {
            set_config('dropimports', $kept ? json_encode($kept) : null, 'tool_enrolsync');
        }
        return $kept;
    }

    /**
     * Stores (again) a run's failed lines as a file that can be corrected and run again: the
     * original header, then those lines as the run recorded them, in UTF-8 with a byte order mark
     * (so that spreadsheets read it right). No failed line, no file.
     *
     * @param int $runid
     * @param string $filename the input's name
     * @param string $header the header line ('' for a flat file)
     */
    public static function store_failed_lines(int $runid, string $filename, string $header): void {
        global $DB;
        $fs = get_file_storage();
        $fs->delete_area_files(\context_system::instance()->id, 'tool_enrolsync', self::AREA_FAILED, $runid);
        // Written to a temporary file a line at a time, as the lines are read: a run may have
        // failed a million of them.
        $lines = $DB->get_recordset('tool_enrolsync_lines', ['runid' => $runid], 'line', 'id, rawline');
        try {
            if (!$lines->valid()) {
                return;
            }
            $path = make_request_directory() . '/failed.csv';
            $out = fopen($path, 'wb');
            fwrite($out, "\u{FEFF}" . ($header === '' ? '' : "$header\n"));
            foreach ($lines as $line) {
                fwrite($out, "$line->rawline\n");
            }
            fclose($out);
        } finally {
            $lines->close();
        }
        $name = pathinfo(clean_param($filename, PARAM_FILE) ?: 'enrolments.csv', PATHINFO_FILENAME) . '-failed.csv';
        $fs->create_file_from_pathname(self::area_record(self::AREA_FAILED, $runid, $name), $path);
        @unlink($path);
    }

    /**
     * The failed-lines file of a run, if it had failed lines.
     *
     * @param int $runid
     * @return \stored_file|null
     */
    public static function failed_lines_file(int $runid): ?\stored_file {
        return self::run_file(self::AREA_FAILED, $runid);
    }

    /**
     * Deletes the files of a run (its input and failed lines).
     *
     * @param int $runid
     */
    public static function delete_run_files(int $runid): void {
        $fs = get_file_storage();
        foreach ([self::AREA_RUNS, self::AREA_FAILED] as $area) {
            $fs->delete_area_files(\context_system::instance()->id, 'tool_enrolsync', $area, $runid);
        }
    }

    /**
     * Deletes the files of the command file area's archive (archive/ and below) created before a
     * time: the history retention setting covers them.
     *
     * @param int $before
     * @return int how many were deleted
     */
    public static function delete_archived_files(int $before): int {
        global $DB;
        $select = 'contextid = :contextid AND component = :component AND filearea = :filearea AND itemid = 0
            AND ' . $DB->sql_like('filepath', ':archive') . ' AND filename <> :directory AND timecreated < :before';
        $records = $DB->get_records_select('files', $select, ['contextid' => \context_system::instance()->id,
            'component' => 'tool_enrolsync', 'filearea' => self::AREA_COMMANDS, 'archive' => self::ARCHIVE_PATH . '%',
            'directory' => '.', 'before' => $before]);
        $storage = get_file_storage();
        foreach ($records as $record) {
            $storage->get_file_instance($record)->delete();
        }
        return count($records);
    }

    /**
     * Keeps a copy of a run's input file: the bytes the run then reads, plans and applies.
     *
     * @param int $runid
     * @param string $path
     * @param string $filename
     * @return \stored_file|null null when it cannot be read (the run reports why)
     */
    public static function archive_input(int $runid, string $path, string $filename): ?\stored_file {
        if (!is_readable($path) || !is_file($path)) {
            return null;
        }
        $record = self::area_record(self::AREA_RUNS, $runid, clean_param($filename, PARAM_FILE) ?: 'enrolments.csv');
        return get_file_storage()->create_file_from_pathname($record, $path);
    }

    /**
     * The input file of a run, if kept.
     *
     * @param int $runid
     * @return \stored_file|null
     */
    public static function input(int $runid): ?\stored_file {
        return self::run_file(self::AREA_RUNS, $runid);
    }

    /**
     * The input file of a run that is run again (its confirmed removals).
     *
     * @param int $runid
     * @return \stored_file
     * @throws \moodle_exception when it is no longer kept (deleted by the clean-up, or by hand)
     */
    public static function required_input(int $runid): \stored_file {
        return self::input($runid) ?? throw new \moodle_exception('error_runinput', 'tool_enrolsync', '', $runid);
    }

    /**
     * The input files of several runs in one query (a page of the history).
     *
     * @param int[] $runids
     * @return \stored_file[] by run id, for the runs whose input is kept
     */
    public static function inputs(array $runids): array {
        return self::files_of_runs(self::AREA_RUNS, $runids);
    }

    /**
     * The one file of a run in an area.
     *
     * @param string $area
     * @param int $runid
     * @return \stored_file|null
     */
    private static function run_file(string $area, int $runid): ?\stored_file {
        return self::files_of_runs($area, [$runid])[$runid] ?? null;
    }

    /**
     * The file of each of several runs in an area: the first one, should an area item hold more.
     *
     * @param string $area
     * @param int[] $runids
     * @return \stored_file[] by run id
     */
    private static function files_of_runs(string $area, array $runids): array {
        global $DB;
        if (!$runids) {
            return [];
        }
        [$insql, $params] = $DB->get_in_or_equal($runids, SQL_PARAMS_NAMED);
        $params += ['contextid' => \context_system::instance()->id, 'component' => 'tool_enrolsync', 'filearea' => $area,
            'directory' => '.'];
        $records = $DB->get_records_select('files', "contextid = :contextid AND component = :component
            AND filearea = :filearea AND itemid $insql AND filename <> :directory", $params, 'id');
        $storage = get_file_storage();
        $files = [];
        foreach ($records as $record) {
            $files[$record->itemid] ??= $storage->get_file_instance($record);
        }
        return $files;
    }

    /**
     * The file record of a file at the root of one of the tool's areas.
     *
     * @param string $area
     * @param int $itemid
     * @param string $filename
     * @return array
     */
    private static function area_record(string $area, int $itemid, string $filename): array {
        return ['contextid' => \context_system::instance()->id, 'component' => 'tool_enrolsync', 'filearea' => $area,
            'itemid' => $itemid, 'filepath' => '/', 'filename' => $filename];
    }
}
