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
 * Router for PHP's built-in web server, to serve a Moodle site for the browser tests:
 *   php -S localhost:8080 -t "$MOODLE_DIR" tests/browser/router.php
 * Existing static files are served as they are; scripts get Moodle's slash arguments
 * (pluginfile.php/1/...) as PATH_INFO, which the built-in server finds on its own. It runs only
 * as the built-in server's router: requested as a page (through a web server, or through itself),
 * it refuses.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// Only as the built-in server's router, never requested through it: no config.php here, so this
// check stands for Moodle's.
// phpcs:ignore moodle.Files.MoodleInternal.MoodleInternalGlobalState
if (PHP_SAPI !== 'cli-server' || defined('TOOL_ENROLSYNC_ROUTER')) {
    http_response_code(403);
    exit('Command line scripts can not be executed from the web interface');
}
define('TOOL_ENROLSYNC_ROUTER', true);

$root = $_SERVER['DOCUMENT_ROOT'];
$path = urldecode(parse_url($_SERVER['REQUEST_URI'], PHP_URL_PATH));
if ($path !== '/' && is_file($root . $path) && !str_ends_with($path, '.php')) {
    return false;
}
// A script with slash arguments: /dir/script.php/more/path.
if (preg_match('#^(.*?\.php)(/.*)?$#', $path, $matches) && is_file($root . $matches[1])) {
    $_SERVER['SCRIPT_NAME'] = $matches[1];
    $_SERVER['SCRIPT_FILENAME'] = $root . $matches[1];
    $_SERVER['PHP_SELF'] = $matches[1] . ($matches[2] ?? '');
    if (isset($matches[2])) {
        $_SERVER['PATH_INFO'] = $matches[2];
    }
    chdir(dirname($root . $matches[1]));
    require($root . $matches[1]);
    return true;
}
if (is_dir($root . $path) && is_file($root . rtrim($path, '/') . '/index.php')) {
    $script = rtrim($path, '/') . '/index.php';
    $_SERVER['SCRIPT_NAME'] = $script;
    $_SERVER['SCRIPT_FILENAME'] = $root . $script;
    $_SERVER['PHP_SELF'] = $script;
    chdir(dirname($root . $script));
    require($root . $script);
    return true;
}
return false;
