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

/**
 * Library callbacks of tool_enrolsync.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Status checks (Site administration > Reports > System status).
 *
 * @return \core\check\check[]
 */
function tool_enrolsync_status_checks(): array {
    return [
        new \tool_enrolsync\check\extension(),
        new \tool_enrolsync\check\lastrun(),
        new \tool_enrolsync\check\dropfolder(),
        new \tool_enrolsync\check\feed(),
    ];
}

/**
 * Serves the tool's files (command area, runs' inputs, failed lines) to those who may run it.
 *
 * @param stdClass $course
 * @param stdClass|null $cm
 * @param context $context
 * @param string $filearea
 * @param array $args itemid, then the path
 * @param bool $forcedownload
 * @param array $options
 * @return bool false when there is no such file
 */
function tool_enrolsync_pluginfile($course, $cm, $context, $filearea, $args, $forcedownload, array $options = []) {
    $areas = [\tool_enrolsync\run_files::AREA_COMMANDS, \tool_enrolsync\run_files::AREA_RUNS,
        \tool_enrolsync\run_files::AREA_FAILED];
    if ($context->contextlevel != CONTEXT_SYSTEM || !in_array($filearea, $areas)) {
        return false;
    }
    require_login();
    require_capability('tool/enrolsync:run', $context);
    $itemid = (int) array_shift($args);
    $filename = array_pop($args);
    $filepath = $args ? '/' . implode('/', $args) . '/' : '/';
    $file = get_file_storage()->get_file($context->id, 'tool_enrolsync', $filearea, $itemid, $filepath, $filename);
    if (!$file || $file->is_directory()) {
        return false;
    }
    // Enrolment files are data, never a page: always a download.
    send_stored_file($file, 0, 0, true, $options);
}

/**
 * A link from a user's profile to every change the tool made to them, for those who may see it.
 *
 * @param \core_user\output\myprofile\tree $tree
 * @param stdClass $user
 * @param bool $iscurrentuser
 * @param stdClass|null $course
 */
function tool_enrolsync_myprofile_navigation(\core_user\output\myprofile\tree $tree, $user, $iscurrentuser, $course) {
    if (!has_capability('tool/enrolsync:run', context_system::instance())) {
        return;
    }
    $url = new moodle_url('/admin/tool/enrolsync/changes.php', ['userid' => $user->id]);
    $tree->add_node(new \core_user\output\myprofile\node(
        'administration',
        'tool_enrolsync_changes',
        get_string('changesofuser', 'tool_enrolsync'),
        null,
        $url
    ));
}

/**
 * A link from a course's navigation to every change the tool made in it, for those who may see it.
 *
 * @param navigation_node $navigation the course's node
 * @param stdClass $course
 * @param context $context
 */
function tool_enrolsync_extend_navigation_course($navigation, $course, $context) {
    if ($course->id == SITEID || !has_capability('tool/enrolsync:run', context_system::instance())) {
        return;
    }
    $url = new moodle_url('/admin/tool/enrolsync/changes.php', ['courseid' => $course->id]);
    $navigation->add(
        get_string('changesofcourse', 'tool_enrolsync'),
        $url,
        navigation_node::TYPE_SETTING,
        null,
        'tool_enrolsync_changes',
        new pix_icon('i/report', '')
    );
}
