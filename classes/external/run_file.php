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

namespace tool_enrolsync\external;

use core_external\external_api;
use core_external\external_function_parameters;
use core_external\external_single_structure;
use core_external\external_value;
use tool_enrolsync\engine;
use tool_enrolsync\form\run_options_fields;
use tool_enrolsync\run_files;
use tool_enrolsync\run_options;

/**
 * The web service tool_enrolsync_run_file: runs a file that the client uploaded to its draft
 * area (webservice/upload.php), with the run options of the tool's page, through the engine
 * like every other run. A dry run, and a real run of a small plan, answer with the report; a
 * real run whose plan has more operations than the setting webservicequeue is applied by an
 * adhoc task, and answers at once with status queued (tool_enrolsync_get_run then tells how it
 * goes). The run keeps its own copy of the file: the draft is deleted once the run is recorded.
 *
 * @package    tool_enrolsync
 * @category   external
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_file extends external_api {
    /** The formats a run may be told to read. */
    const FORMATS = ['auto', 'native', 'flatfile'];

    /**
     * The parameters.
     *
     * @return external_function_parameters
     */
    public static function execute_parameters(): external_function_parameters {
        return new external_function_parameters([
            'itemid' => new external_value(PARAM_INT, 'The draft item id that webservice/upload.php returned, ' .
                'holding the one file to run; 0 with confirm'),
            'dryrun' => new external_value(PARAM_BOOL, 'Dry run: write nothing, report what a real run would do'),
            'fullsync' => new external_value(PARAM_BOOL, 'Full sync: the file lists every enrolment the tool manages; ' .
                'null: the setting', VALUE_DEFAULT, null, NULL_ALLOWED),
            'format' => new external_value(PARAM_ALPHA, "auto, native or flatfile; '': the setting", VALUE_DEFAULT, ''),
            'confirm' => new external_value(
                PARAM_INT,
                "A run full sync's safety threshold refused, to confirm: its " .
                'file runs again, with full sync, and applies only if its removals are still those listed; 0: none',
                VALUE_DEFAULT,
                0
            ),
        ]);
    }

    /**
     * Runs the file.
     *
     * @param int $itemid
     * @param bool $dryrun
     * @param bool|null $fullsync
     * @param string $format
     * @param int $confirm
     * @return array the run's report
     */
    public static function execute(
        int $itemid,
        bool $dryrun,
        ?bool $fullsync = null,
        string $format = '',
        int $confirm = 0
    ): array {
        global $DB;
        $params = self::validate_parameters(self::execute_parameters(), ['itemid' => $itemid, 'dryrun' => $dryrun,
            'fullsync' => $fullsync, 'format' => $format, 'confirm' => $confirm]);
        $context = \context_system::instance();
        self::validate_context($context);
        require_capability('tool/enrolsync:run', $context);
        if ($params['format'] !== '' && !in_array($params['format'], self::FORMATS)) {
            throw new \invalid_parameter_exception("format: '{$params['format']}' is none of " . implode(', ', self::FORMATS));
        }
        if ($params['confirm']) {
            if ($params['itemid']) {
                throw new \invalid_parameter_exception('itemid: a confirmation runs the refused run\'s file, give 0');
            }
            $refused = $DB->get_record('tool_enrolsync_runs', ['id' => $params['confirm']], '*', MUST_EXIST);
            // As the refused run was: a full sync of its format, and a dry run still if it was one.
            $overrides = ['confirms' => (int) $refused->id, 'dryrun' => $params['dryrun']];
            $file = run_files::required_input($refused->id);
            $filename = $refused->filename;
        } else {
            // The options of the page's upload form, whose full sync is the setting until changed.
            $overrides = run_options_fields::overrides((object) ['dryrun' => $params['dryrun'],
                'fullsync' => $params['fullsync'] ?? (bool) run_options::setting('fullsync'), 'format' => $params['format']]);
            $file = self::draft_file($params['itemid']);
            $filename = $file->get_filename();
        }
        // As on the tool's page: the run may be long (a large dry run), and a client that gives up
        // waiting must not stop it halfway.
        \core_php_time_limit::raise();
        raise_memory_limit(MEMORY_HUGE);
        ignore_user_abort(true);
        $run = run_files::run_stored_file(new engine(new run_options($overrides)), $file, $filename, engine::ORIGIN_WEBSERVICE);
        if ($run->status === engine::STATUS_LOCKED) {
            // Nothing was done: the draft stays, for the client to try again.
            throw new \moodle_exception('error_locked', 'tool_enrolsync');
        }
        if (!$params['confirm']) {
            get_file_storage()->delete_area_files($file->get_contextid(), 'user', 'draft', $params['itemid']);
        }
        return report::export($run, 0, get_changes::PER_PAGE);
    }

    /**
     * What it returns.
     *
     * @return external_single_structure
     */
    public static function execute_returns(): external_single_structure {
        return report::structure();
    }

    /**
     * The one file of the caller's draft area.
     *
     * @param int $itemid
     * @return \stored_file
     * @throws \moodle_exception when the area holds no file, or several
     */
    private static function draft_file(int $itemid): \stored_file {
        global $USER;
        $context = \context_user::instance($USER->id);
        $files = get_file_storage()->get_area_files($context->id, 'user', 'draft', $itemid, 'id', false);
        if (count($files) !== 1) {
            throw new \moodle_exception('error_draftfile', 'tool_enrolsync', '', (object) ['itemid' => $itemid,
                'count' => count($files)]);
        }
        return reset($files);
    }
}
