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

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

/**
 * What the tests of the web services share: the engine's test site, files uploaded to the
 * caller's draft area as webservice/upload.php leaves them, and the functions called as the web
 * service server calls them (parameters validated, the answer checked against its structure).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
abstract class webservice_testcase extends \tool_enrolsync\engine_testcase {
    /**
     * Puts a file in the current user's draft area, as webservice/upload.php does.
     *
     * @param string $content
     * @param int $itemid the draft item (0: a new one)
     * @param string $filename
     * @return int the draft item id
     */
    protected function upload(string $content, int $itemid = 0, string $filename = 'enrols.csv'): int {
        global $USER;
        $itemid = $itemid ?: file_get_unused_draft_itemid();
        get_file_storage()->create_file_from_string(
            ['contextid' => \context_user::instance($USER->id)->id,
            'component' => 'user', 'filearea' => 'draft', 'itemid' => $itemid, 'filepath' => '/', 'filename' => $filename],
            $content
        );
        return $itemid;
    }

    /**
     * The files of the current user's draft area.
     *
     * @param int $itemid
     * @return int how many
     */
    protected function draft_files(int $itemid): int {
        global $USER;
        return count(get_file_storage()->get_area_files(
            \context_user::instance($USER->id)->id,
            'user',
            'draft',
            $itemid,
            'id',
            false
        ));
    }

    /**
     * Calls a web service function by its name, as db/services.php declares it, and checks its
     * answer against the structure it declares, as the server does.
     *
     * @param string $function tool_enrolsync_...
     * @param array $args by name
     * @return array the answer
     */
    protected function call(string $function, array $args = []): array {
        $info = external_api::external_function_info($function);
        $result = call_user_func_array([$info->classname, $info->methodname], $args);
        return external_api::clean_returnvalue($info->returns_desc, $result);
    }
}
