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
 * Prints the signatures of the enrolsync API, one per line, sorted: from the loaded extension,
 * or (with --stub, in a PHP without the extension) from php/enrolsync.stub.php. The two outputs
 * must be equal: php/tests/stub.phpt compares them.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

// Outside the command line (a web request), refuse before doing anything. A script that runs
// without Moodle, so no config.php: this check stands for Moodle's.
// phpcs:ignore moodle.Files.MoodleInternal.MoodleInternalGlobalState
if (PHP_SAPI !== 'cli') {
    http_response_code(403);
    exit('Command line scripts can not be executed from the web interface');
}

if (in_array('--stub', $argv)) {
    require(__DIR__ . '/enrolsync.stub.php');
    $functions = ['enrolsync_version'];
    $classes = array_filter(get_declared_classes(), fn($c) => str_starts_with($c, 'EnrolSync\\'));
} else {
    $extension = new ReflectionExtension('enrolsync');
    $functions = array_keys($extension->getFunctions());
    $classes = $extension->getClassNames();
}

/**
 * One function's signature.
 *
 * @param ReflectionFunctionAbstract $function
 * @return string
 */
function signature(ReflectionFunctionAbstract $function): string {
    $params = array_map(
        fn($p) => ($p->isOptional() ? '?' : '') . $p->getType() . ' $' . $p->getName(),
        $function->getParameters()
    );
    return $function->getName() . '(' . implode(', ', $params) . '): ' . $function->getReturnType();
}

$lines = array_map(fn($f) => 'function ' . signature(new ReflectionFunction($f)), $functions);
foreach ($classes as $name) {
    $class = new ReflectionClass($name);
    $lines[] = 'class ' . $name . ' extends ' . ($class->getParentClass() ? $class->getParentClass()->getName() : '-');
    foreach ($class->getMethods() as $method) {
        // Inherited methods belong to the parent, and an argument-less constructor is an
        // implementation detail of the binding.
        if (
            $method->getDeclaringClass()->getName() !== $name
                || ($method->isConstructor() && $method->getNumberOfParameters() === 0)
        ) {
            continue;
        }
        $lines[] = '  ' . ($method->isStatic() ? 'static ' : '') . $name . '::' . signature($method);
    }
}
sort($lines);
echo implode("\n", $lines), "\n";
