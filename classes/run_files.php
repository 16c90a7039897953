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
 * The tool's files in Moodle's file API (system context, component tool_enrolsync): the copy of
 * each run's input, kept with its run record.
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

    /**
     * The standard file in the command file area, if present.
     *
     * @param string $path the setting: relative to the area, never outside it
     * @return \stored_file|null
     */
    public static function standard_file(string $path): ?\stored_file {
        $path = '/' . ltrim(clean_param($path, PARAM_PATH), '/');
        if (str_contains($path, '..')) {
            return null;
        }
        $file = get_file_storage()->get_file(\context_system::instance()->id, 'tool_enrolsync',
            self::AREA_COMMANDS, 0, dirname($path) === '/' ? '/' : dirname($path) . '/', basename($path));
        return $file ?: null;
    }

    /**
     * Runs the standard file.
     *
     * @param engine $engine
     * @param string $origin task, page or cli
     * @param run_options $options
     * @return \stdClass|null the run, or null when there is no standard file
     */
    public static function run_standard_file(engine $engine, string $origin, run_options $options): ?\stdClass {
        $file = self::standard_file($options->get('standardfile'));
        if (!$file) {
            return null;
        }
        $path = $file->copy_content_to_temp('tool_enrolsync');
        try {
            return $engine->run($path, $file->get_filename(), $origin);
        } finally {
            @unlink($path);
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
        $record = [
            'contextid' => \context_system::instance()->id,
            'component' => 'tool_enrolsync',
            'filearea' => self::AREA_RUNS,
            'itemid' => $runid,
            'filepath' => '/',
            'filename' => clean_param($filename, PARAM_FILE) ?: 'enrolments.csv',
        ];
        return get_file_storage()->create_file_from_pathname($record, $path)->get_contenthash();
    }

    /**
     * The input file of a run, if kept.
     *
     * @param int $runid
     * @return \stored_file|null
     */
    public static function input(int $runid): ?\stored_file {
        $files = get_file_storage()->get_area_files(\context_system::instance()->id, 'tool_enrolsync',
            self::AREA_RUNS, $runid, 'id', false);
        return reset($files) ?: null;
    }
}
