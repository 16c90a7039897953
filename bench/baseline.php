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
 * (c) of bench/core.php: what a Moodle developer would write in plain PHP for the bench's feed
 * (fgetcsv, the same validation, hash maps of the state, a diff line by line). It handles the
 * commands the feed uses, not every rule of the spec; date strings are parsed once each.
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

/**
 * Plans the feed against the state.
 *
 * @param string $path
 * @param array $state as bench_site::state()
 * @param int $now
 * @return array phases, operations, lines
 */
function bench_baseline(string $path, array $state, int $now): array {
    $started = microtime(true);
    $site = new bench_baseline_site($state, $now);
    $phases = ['index state' => microtime(true) - $started];
    $started = microtime(true);
    $lines = ['applied' => 0, 'unchanged' => 0, 'failed' => 0];
    $in = fopen($path, 'r');
    $columns = array_flip(array_map(fn($c) => strtolower(trim($c)), fgetcsv($in, 0, ';')));
    $number = 1;
    while (($row = fgetcsv($in, 0, ';')) !== false) {
        $number++;
        if ($row === [null] || str_starts_with($row[0], '#')) {
            continue;
        }
        $fields = [];
        foreach ($columns as $name => $index) {
            $fields[$name] = trim($row[$index] ?? '');
        }
        $status = count($row) > count($columns) ? 'failed' : $site->apply($fields);
        $lines[$status]++;
    }
    fclose($in);
    $phases['read, validate, diff'] = microtime(true) - $started;
    return ['phases' => $phases, 'operations' => array_filter($site->operations), 'lines' => $lines];
}

/**
 * The state as hash maps, changed line by line as the operations would change it.
 */
class bench_baseline_site {
    /** @var array operation name => count */
    public array $operations = [];
    /** @var array username => user id */
    private array $users;
    /** @var array course short name => course id */
    private array $courses;
    /** @var array role short name => role id */
    private array $roles;
    /** @var array course id => manual instance id */
    private array $instances = [];
    /** @var array "instance:user" => [status, start, end] */
    private array $enrolments = [];
    /** @var array "course:user" => [role id => true] */
    private array $roleassignments = [];
    /** @var array course id => [name => group id] */
    private array $groups = [];
    /** @var array "group:user" => true */
    private array $members = [];
    /** @var array date string => timestamp or false */
    private array $dates = [];
    /** @var int the time of the run, the start of enrolments that give none */
    private int $now;

    /**
     * Indexes the state by the keys the lines look up.
     *
     * @param array $state as bench_site::state()
     * @param int $now
     */
    public function __construct(array $state, int $now) {
        $this->now = $now;
        $this->users = array_combine($state['users'][0], $state['users'][1]);
        $this->courses = array_combine($state['courses'][0], $state['courses'][1]);
        $this->roles = array_combine($state['roles'][0], $state['roles'][1]);
        $this->instances = array_combine($state['instances'][0], $state['instances'][2]);
        $rows = $state['enrolments'];
        for ($i = 0, $n = count($rows); $i < $n; $i += 6) {
            $this->enrolments["{$rows[$i]}:{$rows[$i + 1]}"] = [$rows[$i + 2], $rows[$i + 3], $rows[$i + 4]];
        }
        $rows = $state['roleassignments'];
        for ($i = 0, $n = count($rows); $i < $n; $i += 4) {
            $this->roleassignments["{$rows[$i]}:{$rows[$i + 1]}"][$rows[$i + 2]] = true;
        }
        foreach ($state['groups'][0] as $i => $courseid) {
            $this->groups[$courseid][$state['groups'][2][$i]] = $state['groups'][1][$i];
        }
        $rows = $state['memberships'];
        for ($i = 0, $n = count($rows); $i < $n; $i += 2) {
            $this->members["{$rows[$i]}:{$rows[$i + 1]}"] = true;
        }
    }

    /**
     * Validates and applies one line.
     *
     * @param array $fields by column name
     * @return string applied, unchanged or failed
     */
    public function apply(array $fields): string {
        $cmd = $fields['cmd'] ?: 'add';
        $user = $this->users[$fields['uid']] ?? null;
        $course = $this->courses[$fields['cid']] ?? null;
        $role = $this->roles[$fields['rolename']] ?? null;
        $start = $this->date($fields['starttime'] ?? '');
        $end = $this->date($fields['endtime'] ?? '');
        if (
            !in_array($cmd, ['add', 'del', 'shift']) || !$user || !$course || !$role || $start === false
                || $end === false || !isset($this->instances[$course])
        ) {
            return 'failed';
        }
        $before = array_sum($this->operations);
        if ($cmd === 'del') {
            $this->del($course, $user, $role);
        } else {
            $this->add($course, $user, $role, $start, $end, $cmd === 'shift');
        }
        if (($fields['gcmd'] ?? '') === 'gaddcreate' && $fields['g1'] !== '') {
            $this->join($course, $user, $fields['g1']);
        }
        return array_sum($this->operations) > $before ? 'applied' : 'unchanged';
    }

    /**
     * Enrols the user with the role, or updates the enrolment's status and dates and assigns the
     * role; a shift also unassigns the user's other roles in the course.
     *
     * @param int $course course id
     * @param int $user user id
     * @param int $role role id
     * @param int|null $start null to keep (now for a new enrolment)
     * @param int|null $end null to keep (none for a new enrolment)
     * @param bool $shift
     */
    private function add(int $course, int $user, int $role, ?int $start, ?int $end, bool $shift): void {
        $key = "{$this->instances[$course]}:$user";
        $roles = &$this->roleassignments["$course:$user"];
        $enrolment = $this->enrolments[$key] ?? null;
        if ($enrolment === null) {
            $this->enrolments[$key] = [0, $start ?? $this->now, $end ?? 0];
            $this->count('enrol');
            $roles = [$role => true];
            return;
        }
        if (
            $enrolment[0] != 0 || ($start !== null && $start != $enrolment[1])
                || ($end !== null && $end != $enrolment[2])
        ) {
            $this->enrolments[$key] = [0, $start ?? $enrolment[1], $end ?? $enrolment[2]];
            $this->count('update');
        }
        foreach ($shift ? array_keys($roles ?? []) : [] as $other) {
            if ($other != $role) {
                unset($roles[$other]);
                $this->count('unassign');
            }
        }
        if (!isset($roles[$role])) {
            $roles[$role] = true;
            $this->count('assign');
        }
    }

    /**
     * Unassigns the role, and unenrols the user (leaving the course's groups) when it was the last.
     *
     * @param int $course course id
     * @param int $user user id
     * @param int $role role id
     */
    private function del(int $course, int $user, int $role): void {
        $key = "{$this->instances[$course]}:$user";
        if (!isset($this->enrolments[$key]) || !isset($this->roleassignments["$course:$user"][$role])) {
            return;
        }
        unset($this->roleassignments["$course:$user"][$role]);
        if ($this->roleassignments["$course:$user"]) {
            $this->count('unassign');
            return;
        }
        unset($this->enrolments[$key]);
        foreach ($this->groups[$course] ?? [] as $group) {
            unset($this->members["$group:$user"]);
        }
        $this->count('unenrol');
    }

    /**
     * Adds an enrolled user to the course's group of that name, creating the group if needed.
     *
     * @param int $course course id
     * @param int $user user id
     * @param string $name the group's name
     */
    private function join(int $course, int $user, string $name): void {
        if (!isset($this->enrolments["{$this->instances[$course]}:$user"])) {
            return;
        }
        if (!isset($this->groups[$course][$name])) {
            $this->groups[$course][$name] = "new$course:$name";
            $this->count('creategroup');
        }
        $member = "{$this->groups[$course][$name]}:$user";
        if (!isset($this->members[$member])) {
            $this->members[$member] = true;
            $this->count('addmember');
        }
    }

    /**
     * A date of the feed as a timestamp, each distinct string parsed once.
     *
     * @param string $value YYYY-MM-DD, YYYY-MM-DD HH:MM:SS, a Unix timestamp or ''
     * @return int|null|false the timestamp, null for '', false when invalid
     */
    private function date(string $value): int|null|false {
        if ($value === '') {
            return null;
        }
        if (!array_key_exists($value, $this->dates)) {
            $format = strlen($value) === 10 ? 'Y-m-d' : 'Y-m-d H:i:s';
            $date = DateTime::createFromFormat("!$format", $value);
            $this->dates[$value] = match (true) {
                ctype_digit($value) => (int) $value,
                $date && $date->format($format) === $value => $date->getTimestamp(),
                default => false,
            };
        }
        return $this->dates[$value];
    }

    /**
     * Counts one more operation of that name.
     *
     * @param string $operation
     */
    private function count(string $operation): void {
        $this->operations[$operation] = ($this->operations[$operation] ?? 0) + 1;
    }
}
