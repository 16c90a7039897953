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
 * Web services: a school information system pushes its feed and reads the outcome back, through
 * the same engine, lock and rules as the tool's page, the scheduled task and the command line.
 * The pre-built service "Enrolment sync" is disabled, and only for the users an administrator
 * authorises: enable it, authorise a user who has tool/enrolsync:run, and give them a token.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$functions = [
    'tool_enrolsync_run_file' => [
        'classname' => \tool_enrolsync\external\run_file::class,
        'description' => 'Runs an enrolment file uploaded to the draft area (webservice/upload.php): as a dry run, ' .
            'or for real (a large run is queued: poll tool_enrolsync_get_run), or confirms a run full sync refused.',
        'type' => 'write',
        'capabilities' => 'tool/enrolsync:run',
    ],
    'tool_enrolsync_get_run' => [
        'classname' => \tool_enrolsync\external\get_run::class,
        'description' => "A run's status and report (counts, failed lines, a refused run's removals), or the latest run's.",
        'type' => 'read',
        'capabilities' => 'tool/enrolsync:run',
    ],
    'tool_enrolsync_get_changes' => [
        'classname' => \tool_enrolsync\external\get_changes::class,
        'description' => 'The changes of a run, or across runs for a user or a course, a page at a time.',
        'type' => 'read',
        'capabilities' => 'tool/enrolsync:run',
    ],
];

$services = [
    'Enrolment sync' => [
        'functions' => ['tool_enrolsync_run_file', 'tool_enrolsync_get_run', 'tool_enrolsync_get_changes'],
        'shortname' => 'tool_enrolsync',
        'enabled' => 0,
        'restrictedusers' => 1,
        // Files are uploaded with webservice/upload.php, which only a service that allows it accepts.
        'uploadfiles' => 1,
    ],
];
