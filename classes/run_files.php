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
    /** A file with one of these extensions, or with such a companion, is still being written. */
    const IN_TRANSFER = ['.lock', '.part'];

    /**
     * The standard file in the command file area, if present.
     *
     * @param string $path the setting: relative to the area, never outside it
     * @return \stored_file|null
     */
    public static function standard_file(string $path): ?\stored_file {
        if (str_contains($path, '..')) {
            return null;
        }
        $path = '/' . ltrim(clean_param($path, PARAM_PATH), '/');
        $file = get_file_storage()->get_file(\context_system::instance()->id, 'tool_enrolsync',
            self::AREA_COMMANDS, 0, dirname($path) === '/' ? '/' : dirname($path) . '/', basename($path));
        return $file ?: null;
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
     * @param string $origin engine::ORIGIN_TASK, ORIGIN_PAGE or ORIGIN_CLI
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
            $fs->create_file_from_storedfile(['contextid' => $file->get_contextid(), 'component' => 'tool_enrolsync',
                'filearea' => self::AREA_COMMANDS, 'itemid' => 0, 'filepath' => self::ARCHIVE_PATH, 'filename' => $name],
                $input);
        }
        $current = $fs->get_file_by_id($file->get_id());
        if (($action === 'archive' || $action === 'delete') && $current && $current->get_contenthash() === $run->contenthash) {
            $current->delete();
        }
    }

    /**
     * Moves the files of the drop folder into the command file area, replacing files of the same
     * name. Only regular files that are complete: no .lock or .part name or companion, and the
     * same size and time before and after $settle seconds.
     *
     * @param int $settle seconds to watch the files for writes still going on
     * @return string[] names of the files moved
     */
    public static function pickup_drop_folder(int $settle = 1): array {
        global $CFG;
        $folder = $CFG->dataroot . '/' . self::DROP_FOLDER;
        $seen = [];
        foreach (is_dir($folder) ? scandir($folder) : [] as $name) {
            $path = $folder . '/' . $name;
            if ($name[0] !== '.' && is_file($path) && !is_link($path) && !self::in_transfer($folder, $name)) {
                $seen[$name] = [filesize($path), filemtime($path)];
            }
        }
        if ($seen && $settle > 0) {
            sleep($settle);
        }
        clearstatcache();
        $moved = [];
        foreach ($seen as $name => $stat) {
            $path = $folder . '/' . $name;
            if (is_file($path) && [filesize($path), filemtime($path)] === $stat && !self::in_transfer($folder, $name)) {
                self::import($path, clean_param($name, PARAM_FILE) ?: 'enrolments.csv');
                $moved[] = $name;
            }
        }
        return $moved;
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
     * Moves a file from disk to the root of the command file area.
     *
     * @param string $path
     * @param string $filename
     */
    private static function import(string $path, string $filename): void {
        $record = self::area_record(self::AREA_COMMANDS, 0, $filename);
        $fs = get_file_storage();
        $existing = $fs->get_file($record['contextid'], 'tool_enrolsync', self::AREA_COMMANDS, 0, '/', $filename);
        if ($existing) {
            $existing->delete();
        }
        $fs->create_file_from_pathname($record, $path);
        unlink($path);
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
        $lines = $DB->get_fieldset_sql('SELECT rawline FROM {tool_enrolsync_lines} WHERE runid = ? ORDER BY line', [$runid]);
        if (!$lines) {
            return;
        }
        $content = "\u{FEFF}" . implode("\n", array_merge($header === '' ? [] : [$header], $lines)) . "\n";
        $name = pathinfo(clean_param($filename, PARAM_FILE) ?: 'enrolments.csv', PATHINFO_FILENAME) . '-failed.csv';
        $fs->create_file_from_string(self::area_record(self::AREA_FAILED, $runid, $name), $content);
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
     * Keeps a copy of a run's input file.
     *
     * @param int $runid
     * @param string $path
     * @param string $filename
     * @return string the file's content hash ('' when it cannot be read: the run reports why)
     */
    public static function archive_input(int $runid, string $path, string $filename): string {
        if (!is_readable($path) || !is_file($path)) {
            return '';
        }
        $record = self::area_record(self::AREA_RUNS, $runid, clean_param($filename, PARAM_FILE) ?: 'enrolments.csv');
        return get_file_storage()->create_file_from_pathname($record, $path)->get_contenthash();
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
     * The input file of a run that is applied again (its parts, or its confirmed removals).
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
        return self::run_files(self::AREA_RUNS, $runids);
    }

    /**
     * The one file of a run in an area.
     *
     * @param string $area
     * @param int $runid
     * @return \stored_file|null
     */
    private static function run_file(string $area, int $runid): ?\stored_file {
        return self::run_files($area, [$runid])[$runid] ?? null;
    }

    /**
     * The file of each of several runs in an area: the first one, should an area item hold more.
     *
     * @param string $area
     * @param int[] $runids
     * @return \stored_file[] by run id
     */
    private static function run_files(string $area, array $runids): array {
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
