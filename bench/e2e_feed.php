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
 * The feeds of bench/e2e.php, deterministic for a seed: the same content in tool_enrolsync's native
 * format and in enrol_flatfile's format.
 *
 * - initial: LINES new enrolments, line k naming user k mod USERS in a course derived from k (so
 *   that no user and course pair repeats); one in twenty an editing teacher, the others students;
 *   the native feed also puts each user in one of four groups of the course (created when missing).
 * - change, 5 % of LINES: 2 % new students, 2 % students removed (del), 1 % students given the
 *   teacher role as well. (enrol_flatfile cannot change a role in place: its del of one role
 *   unenrols the user, so a role change is a role added.)
 * - roster, the nightly full roster: the initial feed again with the same 5 % changed, as a school's
 *   export gives it for the night after: every enrolment still there (the students gone left out,
 *   the new students in, with a group in the native feed, the 1 % with a teacher line as well);
 *   for enrol_flatfile the same lines as add, then a del line for each student gone. Ours runs it
 *   with full sync, which suspends the enrolments the file no longer lists.
 *
 * No feed has dates: enrol_flatfile would hold future starts back.
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
 * The bench's feeds for a number of users, courses and lines, and a seed (see above).
 */
class e2e_feed {
    /** @var int the number of bench users */
    private int $users;
    /** @var int the number of bench courses */
    private int $courses;
    /** @var int the number of lines of the initial feed */
    private int $lines;
    /** @var int the seed of the shuffle that picks the students changed */
    private int $seed;

    /**
     * Feeds of $lines lines over the bench's users and courses; throws when the users and courses
     * cannot give that many distinct pairs.
     *
     * @param int $users
     * @param int $courses
     * @param int $lines
     * @param int $seed
     */
    public function __construct(int $users, int $courses, int $lines, int $seed) {
        // Pair k: user k mod users, course (7 q + r) mod courses with q = k div users: distinct
        // while q stays below the courses (7 and the number of courses share no factor).
        if (intdiv((int) ($lines * 1.02), $users) >= $courses || $courses % 7 === 0) {
            throw new InvalidArgumentException('too many lines for these users and courses');
        }
        $this->users = $users;
        $this->courses = $courses;
        $this->lines = $lines;
        $this->seed = $seed;
    }

    /**
     * The key of bench user $i.
     *
     * @param int $i
     * @return string the idnumber (and username) of bench user $i
     */
    public static function user(int $i): string {
        return sprintf('BU%06d', $i);
    }

    /**
     * The key of bench course $c.
     *
     * @param int $c
     * @return string the idnumber (and shortname) of bench course $c
     */
    public static function course(int $c): string {
        return sprintf('BC%04d', $c);
    }

    /**
     * The user and course of pair $k.
     *
     * @param int $k
     * @return string[] [course, user]
     */
    private function pair(int $k): array {
        $user = $k % $this->users;
        return [self::course((7 * intdiv($k, $this->users) + $user) % $this->courses), self::user($user)];
    }

    /**
     * The feeds' lines: [command, role, course, user, group or null].
     *
     * @param string $which initial, change or roster
     * @return array[]
     */
    public function lines(string $which): array {
        if ($which === 'roster') {
            return $this->roster();
        }
        if ($which === 'initial') {
            $lines = [];
            for ($k = 0; $k < $this->lines; $k++) {
                $lines[] = ['add', $k % 20 ? 'student' : 'editingteacher', ...$this->pair($k), 'Group ' . ($k % 4 + 1)];
            }
            return $lines;
        }
        $percent = intdiv($this->lines, 100);
        $lines = [];
        for ($k = $this->lines; $k < $this->lines + 2 * $percent; $k++) {
            $lines[] = ['add', 'student', ...$this->pair($k), null];
        }
        $students = $this->shuffled(array_values(array_filter(range(0, $this->lines - 1), fn($k) => $k % 20 !== 0)));
        foreach (array_slice($students, 0, 2 * $percent) as $k) {
            $lines[] = ['del', 'student', ...$this->pair($k), null];
        }
        foreach (array_slice($students, 2 * $percent, $percent) as $k) {
            $lines[] = ['add', 'teacher', ...$this->pair($k), null];
        }
        return $lines;
    }

    /**
     * The nightly full roster: the initial lines but the students gone, the new students (with a
     * group), a teacher line after each student given the teacher role; then, as del lines (which
     * only enrol_flatfile's feed keeps), the students gone.
     *
     * @return array[]
     */
    private function roster(): array {
        $percent = intdiv($this->lines, 100);
        $students = $this->shuffled(array_values(array_filter(range(0, $this->lines - 1), fn($k) => $k % 20 !== 0)));
        $gone = array_flip(array_slice($students, 0, 2 * $percent));
        $teachers = array_flip(array_slice($students, 2 * $percent, $percent));
        $lines = [];
        $del = [];
        for ($k = 0; $k < $this->lines + 2 * $percent; $k++) {
            $role = $k < $this->lines && $k % 20 === 0 ? 'editingteacher' : 'student';
            $line = ['add', $role, ...$this->pair($k), 'Group ' . ($k % 4 + 1)];
            if (isset($gone[$k])) {
                $del[] = ['del', 'student', ...$this->pair($k), null];
                continue;
            }
            $lines[] = $line;
            if (isset($teachers[$k])) {
                $lines[] = ['add', 'teacher', ...$this->pair($k), null];
            }
        }
        return array_merge($lines, $del);
    }

    /**
     * A permutation of $values that depends only on the seed.
     *
     * @param int[] $values
     * @return int[]
     */
    private function shuffled(array $values): array {
        mt_srand($this->seed);
        for ($i = count($values) - 1; $i > 0; $i--) {
            $j = mt_rand(0, $i);
            [$values[$i], $values[$j]] = [$values[$j], $values[$i]];
        }
        return $values;
    }

    /**
     * Writes ours-LINES-{initial,change,roster}.csv (and -nogroups.csv: the same without groups) and
     * flatfile-LINES-{initial,change,roster}.txt. The native roster has no del lines: full sync
     * removes what it no longer lists.
     *
     * @param string $dir
     * @return string[] the paths, by "tool:which"
     */
    public function write(string $dir): array {
        if (!is_dir($dir)) {
            mkdir($dir, 0777, true);
        }
        $paths = [];
        foreach (['initial', 'change', 'roster'] as $which) {
            $native = ["cmd,cid,uid,rolename,gcmd,g1"];
            $nogroups = ["cmd,cid,uid,rolename"];
            $flat = [];
            foreach ($this->lines($which) as [$command, $role, $course, $user, $group]) {
                $flat[] = implode(', ', [$command, $role, $user, $course]);
                if ($which === 'roster' && $command === 'del') {
                    continue;
                }
                $native[] = implode(',', [$command, $course, $user, $role, $group ? 'gaddcreate' : '', $group ?? '']);
                $nogroups[] = implode(',', [$command, $course, $user, $role]);
            }
            $paths["ours:$which"] = "$dir/ours-{$this->lines}-$which.csv";
            $paths["ours:$which-nogroups"] = "$dir/ours-{$this->lines}-$which-nogroups.csv";
            $paths["flatfile:$which"] = "$dir/flatfile-{$this->lines}-$which.txt";
            file_put_contents($paths["ours:$which"], implode("\n", $native) . "\n");
            file_put_contents($paths["ours:$which-nogroups"], implode("\n", $nogroups) . "\n");
            file_put_contents($paths["flatfile:$which"], implode("\n", $flat) . "\n");
        }
        return $paths;
    }
}
