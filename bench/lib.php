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
 * The generated site and feed of bench/core.php, and the harness that measures each case in a
 * process of its own.
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

require(__DIR__ . '/baseline.php');

/**
 * A deterministic site and feed: line i names user i mod users and a course derived from i, so
 * that every user and course pair is on one line. Most lines add students with dates and a group;
 * some add teachers, remove or shift students; two in a hundred are wrong (unknown user, bad date).
 * About 70 % of the lines are already applied in the site's state.
 */
class bench_site {
    /** Share of the lines whose outcome the site already has. */
    const APPLIED_PERCENT = 70;
    /** Groups 1..8 are named in the file; the courses already have 1..6. */
    const GROUPS_NAMED = 8;
    /** Groups 1..6 already exist in every course. */
    const GROUPS_EXISTING = 6;
    /** Role ids by short name, as in a standard site. */
    const ROLES = ['editingteacher' => 3, 'teacher' => 4, 'student' => 5];
    /** Enrolment start date of the lines that give dates. */
    const START = '2026-09-01';
    /** Enrolment end date of the lines that give dates. */
    const END = '2027-07-05';

    /** @var int number of lines of the feed (a multiple of 10,000) */
    public int $lines;
    /** @var int */
    public int $users;
    /** @var int */
    public int $courses;

    /**
     * A site and feed of $lines lines, with one user per ten lines and one course per 200.
     *
     * @param int $lines
     */
    public function __construct(int $lines) {
        if ($lines < 10000 || $lines % 10000) {
            throw new InvalidArgumentException('the number of lines must be a multiple of 10,000');
        }
        date_default_timezone_set('Europe/Paris');
        $this->lines = $lines;
        $this->users = intdiv($lines, 10);
        $this->courses = intdiv($lines, 200);
    }

    /**
     * Writes the feed, unless an identical one is there already.
     *
     * @param string $path
     */
    public function write_feed(string $path): void {
        if (is_file($path)) {
            return;
        }
        $out = fopen("$path.part", 'w');
        fwrite($out, "cmd;cid;uid;rolename;starttime;endtime;gcmd;g1\n");
        $buffer = '';
        for ($i = 0; $i < $this->lines; $i++) {
            [$cmd, $course, $user, $role, $start, $end, $group] = $this->line($i);
            $gcmd = $group === '' ? '' : 'gaddcreate';
            $buffer .= "$cmd;$course;$user;$role;$start;$end;$gcmd;$group\n";
            if (strlen($buffer) > 1 << 20) {
                fwrite($out, $buffer);
                $buffer = '';
            }
        }
        fwrite($out, $buffer);
        fclose($out);
        rename("$path.part", $path);
    }

    /**
     * The fields of line $i: cmd, course, user, role, start, end, group.
     *
     * @param int $i
     * @return array
     */
    private function line(int $i): array {
        $user = $this->user_key($i % $this->users);
        $course = $this->course_key($this->course_of($i));
        $group = 'Group ' . ($i % $this->users % self::GROUPS_NAMED + 1);
        return match ($i % 100) {
            0 => ['add', $course, $user, 'editingteacher', '', '', ''],
            1, 2, 3 => ['del', $course, $user, 'student', '', '', ''],
            4, 5 => ['shift', $course, $user, 'teacher', '', '', ''],
            6 => ['add', $course, 'X' . $i, 'student', self::START, self::END, ''],
            7 => ['add', $course, $user, 'student', '2026-13-01', self::END, ''],
            default => ['add', $course, $user, 'student', self::START, self::END, $group],
        };
    }

    /**
     * The course that line $i names.
     *
     * @param int $i a line
     * @return int the course's index
     */
    private function course_of(int $i): int {
        // 501 k mod courses differs for the ten k a user has: one line per user and course.
        return ($i % $this->users * 7 + intdiv($i, $this->users) * 501) % $this->courses;
    }

    /**
     * The key of user $index, as the feed's uid column names it.
     *
     * @param int $index
     * @return string
     */
    private function user_key(int $index): string {
        return sprintf('U%06d', $index + 1);
    }

    /**
     * The key of course $index, as the feed's cid column names it.
     *
     * @param int $index
     * @return string
     */
    private function course_key(int $index): string {
        return sprintf('C%05d', $index + 1);
    }

    /**
     * The id of user $index in the site.
     *
     * @param int $index
     * @return int
     */
    private function user_id(int $index): int {
        return 1001 + $index;
    }

    /**
     * The id of course $index in the site.
     *
     * @param int $index
     * @return int
     */
    private function course_id(int $index): int {
        return 2 + $index;
    }

    /**
     * The id of the manual enrolment instance of course $course.
     *
     * @param int $course a course's index
     * @return int
     */
    private function instance_id(int $course): int {
        return 100001 + $course;
    }

    /**
     * The id of group $group (counted from 0) of course $course.
     *
     * @param int $course a course's index
     * @param int $group
     * @return int
     */
    private function group_id(int $course, int $group): int {
        return 200001 + $course * self::GROUPS_NAMED + $group;
    }

    /**
     * Whether the site already has the outcome of line $i.
     *
     * @param int $i a line
     * @return bool
     */
    private function applied(int $i): bool {
        // A multiplicative hash, so that being applied does not follow the kind of line (i mod 100).
        return ((($i * 2654435761) & 0xffffffff) >> 16) % 100 < self::APPLIED_PERCENT;
    }

    /**
     * The site's state as Moodle's tables would return it, in the flat shapes of
     * \EnrolSync\Snapshot (see php/enrolsync.stub.php).
     *
     * @return array users, courses, roles, instances, enrolments, roleassignments, groups, memberships
     */
    public function state(): array {
        $state = [
            'users' => [[], [], []],
            'courses' => [[], []],
            'roles' => [array_keys(self::ROLES), array_values(self::ROLES), [true, true, true], [true, true, true],
                [false, false, true]],
            'instances' => [[], [], []],
            'enrolments' => [],
            'roleassignments' => [],
            'groups' => [[], [], []],
            'memberships' => [],
        ];
        for ($u = 0; $u < $this->users; $u++) {
            array_push($state['users'][0], $this->user_key($u));
            array_push($state['users'][1], $this->user_id($u));
            array_push($state['users'][2], false);
        }
        for ($c = 0; $c < $this->courses; $c++) {
            array_push($state['courses'][0], $this->course_key($c));
            array_push($state['courses'][1], $this->course_id($c));
            array_push($state['instances'][0], $this->course_id($c));
            array_push($state['instances'][1], 'manual');
            array_push($state['instances'][2], $this->instance_id($c));
            for ($g = 0; $g < self::GROUPS_EXISTING; $g++) {
                array_push($state['groups'][0], $this->course_id($c));
                array_push($state['groups'][1], $this->group_id($c, $g));
                array_push($state['groups'][2], 'Group ' . ($g + 1));
            }
        }
        $start = strtotime(self::START);
        $end = strtotime(self::END);
        for ($i = 0; $i < $this->lines; $i++) {
            $this->add_state_of_line($state, $i, $start, $end);
        }
        return $state;
    }

    /**
     * Adds what line $i finds in the site: its outcome when applied, else the state it changes.
     *
     * @param array $state
     * @param int $i
     * @param int $start
     * @param int $end
     */
    private function add_state_of_line(array &$state, int $i, int $start, int $end): void {
        $kind = $i % 100;
        $applied = $this->applied($i);
        $roles = match (true) {
            $kind === 0 => $applied ? [self::ROLES['editingteacher']] : [],
            $kind <= 3 => $applied ? [] : [self::ROLES['student']],
            $kind <= 5 => [$applied ? self::ROLES['teacher'] : self::ROLES['student']],
            $kind <= 7 => [],
            default => $applied ? [self::ROLES['student']] : [],
        };
        if (!$roles) {
            return;
        }
        $course = $this->course_of($i);
        $user = $this->user_id($i % $this->users);
        $dates = $kind > 7 ? [$start, $end] : [$start, 0];
        array_push($state['enrolments'], $this->instance_id($course), $user, 0, $dates[0], $dates[1], 1);
        foreach ($roles as $role) {
            array_push($state['roleassignments'], $this->course_id($course), $user, $role, 1);
        }
        $group = $i % $this->users % self::GROUPS_NAMED;
        if ($kind > 7 && $group < self::GROUPS_EXISTING) {
            array_push($state['memberships'], $this->group_id($course, $group), $user);
        }
    }
}

/**
 * Measures one case in this process and prints its result as JSON.
 *
 * @param string $case ours or php
 * @param string $path the feed
 * @param int $lines its number of lines
 */
function bench_measure(string $case, string $path, int $lines): void {
    $state = (new bench_site($lines))->state();
    $now = strtotime('2026-11-25 00:00:00');
    $before = bench_rss();
    $started = microtime(true);
    $result = $case === 'ours' ? bench_ours($path, $state, $now) : bench_baseline($path, $state, $now);
    $result['seconds'] = microtime(true) - $started;
    $result['rss'] = bench_peak_rss();
    $result['rss_before'] = $before;
    echo json_encode($result), "\n";
}

/**
 * (b): the extension, as the engine uses it.
 *
 * @param string $path
 * @param array $state
 * @param int $now
 * @return array phases, operations, lines
 */
function bench_ours(string $path, array $state, int $now): array {
    $phases = [];
    $clock = microtime(true);
    $lap = function (string $phase) use (&$phases, &$clock) {
        $phases[$phase] = microtime(true) - $clock;
        $clock = microtime(true);
    };
    $file = \EnrolSync\File::open($path, []);
    $lap('read');
    $keys = $file->keys();
    $lap('keys');
    $snapshot = new \EnrolSync\Snapshot();
    $snapshot->add_users(...$state['users']);
    $snapshot->add_courses(...$state['courses']);
    $snapshot->add_roles(...$state['roles']);
    $snapshot->add_methods(['manual'], [true], [true], [true], [true]);
    $snapshot->add_dates($keys['dates'], array_map('strtotime', $keys['dates']));
    $snapshot->add_instances(...$state['instances']);
    $snapshot->add_groups(...$state['groups']);
    $lap('snapshot ids');
    $snapshot->add_enrolments($state['enrolments']);
    $snapshot->add_role_assignments($state['roleassignments']);
    $snapshot->add_memberships($state['memberships']);
    $lap('snapshot rows');
    $plan = $file->plan($snapshot, ['now' => $now]);
    $lap('plan');
    $summary = $plan->summary();
    return ['phases' => $phases, 'operations' => array_filter($summary['operations']),
        'lines' => $summary['lines']];
}

/**
 * Runs $measure $times and keeps the fastest result.
 *
 * @param int $times
 * @param callable $measure
 * @return array
 */
function bench_best(int $times, callable $measure): array {
    $best = null;
    for ($i = 0; $i < $times; $i++) {
        $result = $measure();
        if ($best === null || $result['seconds'] < $best['seconds']) {
            $best = $result;
        }
    }
    return $best;
}

/**
 * (a): the csv crate alone (cargo example csv_floor).
 *
 * @param string $path
 * @return array seconds, records
 */
function bench_floor(string $path): array {
    $root = dirname(__DIR__);
    $target = getenv('CARGO_TARGET_DIR') ?: "$root/target";
    $binary = "$target/release/examples/csv_floor";
    if (!is_executable($binary)) {
        bench_run('cargo build --release --quiet --example csv_floor --manifest-path ' . escapeshellarg("$root/Cargo.toml"));
    }
    return json_decode(bench_run(escapeshellarg($binary) . ' ' . escapeshellarg($path) . " ';'"), true);
}

/**
 * Measures a case in a new PHP process with the same extension.
 *
 * @param string $case
 * @param string $path
 * @param int $lines
 * @param int $threads the extension's threads (0: one per core)
 * @return array
 */
function bench_child(string $case, string $path, int $lines, int $threads = 0): array {
    $command = sprintf(
        '%s%s -d memory_limit=-1 %s --measure %s %s %d',
        $threads ? "RAYON_NUM_THREADS=$threads " : '',
        escapeshellarg(PHP_BINARY),
        escapeshellarg(__DIR__ . '/core.php'),
        $case,
        escapeshellarg($path),
        $lines
    );
    return json_decode(bench_run($command), true, 512, JSON_THROW_ON_ERROR);
}

/**
 * Runs a shell command and returns its output; stops the bench when it fails.
 *
 * @param string $command
 * @return string
 */
function bench_run(string $command): string {
    exec($command, $output, $status);
    if ($status !== 0) {
        fwrite(STDERR, "failed ($status): $command\n");
        exit(2);
    }
    return implode("\n", $output);
}

/**
 * This process's peak resident memory, in bytes (Linux).
 *
 * @return int
 */
function bench_peak_rss(): int {
    return bench_proc_status('VmHWM');
}

/**
 * This process's resident memory now, in bytes (Linux).
 *
 * @return int
 */
function bench_rss(): int {
    return bench_proc_status('VmRSS');
}

/**
 * A memory figure of /proc/self/status, in bytes (0 when unknown).
 *
 * @param string $field
 * @return int
 */
function bench_proc_status(string $field): int {
    $status = @file_get_contents('/proc/self/status');
    return preg_match("/^$field:\\s+(\\d+) kB/m", (string) $status, $m) ? (int) $m[1] * 1024 : 0;
}

/**
 * The phases and their seconds, as one line of text.
 *
 * @param array $phases seconds by phase
 * @return string
 */
function bench_phases(array $phases): string {
    return implode(', ', array_map(fn($name, $s) => sprintf('%s %.3f', $name, $s), array_keys($phases), $phases));
}

/**
 * The counts, sorted by name, as one line of text (name=count).
 *
 * @param array $counts
 * @return string
 */
function bench_counts(array $counts): string {
    ksort($counts);
    return implode(' ', array_map(fn($name, $n) => "$name=$n", array_keys($counts), $counts));
}

/**
 * Reading time of about $bytes of clean lines, next to as many lines whose quotes never close: a
 * quote in a field then one that opens the last field (`C1;u1";"student`), or an opening quote
 * at the start of a field (`C1;"u1;student`). A quoted field never spans a line break, so reading
 * is linear whatever the quotes (spec §2.3): the three are of the same order. (Before, when a
 * quote could run over lines, the first kind took 26 s for 400 kB, and grew with its square.)
 *
 * @param int $bytes
 * @return array by kind: seconds (best of three), MB, lines, rejected lines
 */
function bench_quotes(int $bytes = 10000000): array {
    $kinds = [
        'clean' => fn(int $i) => 'C' . ($i % 5000) . ';u' . ($i % 100000) . ";student\n",
        'a quote opening the last field' => fn(int $i) => "C1;u$i\";\"student\n",
        'an opening quote never closed' => fn(int $i) => "C1;\"u$i;student\n",
    ];
    $results = [];
    foreach ($kinds as $kind => $line) {
        $lines = ["cid;uid;rolename\n"];
        for ($size = 0, $i = 0; $size < $bytes; $i++) {
            $lines[] = $text = $line($i);
            $size += strlen($text);
        }
        $text = implode('', $lines);
        unset($lines);
        $best = INF;
        for ($run = 0; $run < 3; $run++) {
            $started = microtime(true);
            $file = \EnrolSync\File::from_string($text, []);
            $best = min($best, microtime(true) - $started);
        }
        $summary = $file->summary();
        $results[$kind] = ['seconds' => $best, 'mb' => strlen($text) / 1e6, 'lines' => $summary['lines'],
            'rejected' => $summary['rejected']];
        unset($file, $text);
    }
    return $results;
}
