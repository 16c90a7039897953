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

use tool_enrolsync\local\flatfile_settings;

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\engine::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\flatfile_settings::class)]
/**
 * The same flat file, through core enrol_flatfile's own sync and through this tool, on two
 * identical worlds of users and courses, leaves the same enrolments, statuses, dates and roles
 * (spec §2.2: a future start, held back by enrol_flatfile, is the one deliberate difference).
 * The instance's method aside: enrol_flatfile enrols through its own, this tool through manual.
 *
 * One file rather than engine_test.php: these tests are about a promise of the whole tool, with
 * their own two worlds and the other plugin's run.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\engine
 * @covers     \tool_enrolsync\local\flatfile_settings
 */
final class flatfile_compat_test extends \advanced_testcase {
    /** The worlds: enrol_flatfile's and this tool's, told apart by their ID numbers' prefix. */
    const WORLDS = ['flatfile' => 'F-', 'tool' => 'T-'];
    /** The users and courses of each world, named in the files without their prefix. */
    const USERS = ['U1', 'U2', 'U3', 'U4'];
    /** The courses of each world. */
    const COURSES = ['C1', 'C2'];

    protected function setUp(): void {
        parent::setUp();
        if (!extension_loaded('enrolsync')) {
            $this->markTestSkipped('the enrolsync extension is not loaded');
        }
        $this->resetAfterTest();
        $this->setAdminUser();
        $generator = $this->getDataGenerator();
        foreach (self::WORLDS as $prefix) {
            foreach (self::USERS as $user) {
                $generator->create_user(['idnumber' => $prefix . $user]);
            }
            foreach (self::COURSES as $course) {
                $generator->create_course(['idnumber' => $prefix . $course, 'shortname' => $prefix . $course]);
            }
        }
        $enabled = array_keys(enrol_get_plugins(true));
        set_config('enrol_plugins_enabled', implode(',', array_unique(array_merge($enabled, ['flatfile']))));
    }

    /**
     * A file of the world: each line's user and course (fields 3 and 4) with the world's prefix.
     *
     * @param string $content
     * @param string $prefix
     * @return string
     */
    private static function in_world(string $content, string $prefix): string {
        $lines = [];
        foreach (explode("\n", trim($content)) as $line) {
            $fields = explode(',', $line);
            foreach ([2, 3] as $i) {
                $fields[$i] = $prefix . $fields[$i];
            }
            $lines[] = implode(',', $fields);
        }
        return implode("\n", $lines) . "\n";
    }

    /**
     * Runs a file through both tools, each in its world; this tool's run must apply without
     * failed operations.
     *
     * @param string $content
     * @return \stdClass this tool's run
     */
    private function run_both(string $content): \stdClass {
        global $CFG;
        $location = "$CFG->dataroot/enrolments.txt";
        file_put_contents($location, self::in_world($content, self::WORLDS['flatfile']));
        set_config('location', $location, 'enrol_flatfile');
        enrol_get_plugin('flatfile')->sync(new \null_progress_trace());
        $this->assertFileDoesNotExist($location, 'enrol_flatfile took the file');

        $path = make_request_directory() . '/enrols.csv';
        file_put_contents($path, self::in_world($content, self::WORLDS['tool']));
        $run = (new engine(new run_options()))->run($path, 'enrols.csv', engine::ORIGIN_CLI);
        $this->assertSame(['done', 'flatfile', 0], [$run->status, $run->format, (int) $run->opsfailed]);
        return $run;
    }

    /**
     * What a world holds, by user and course named without the prefix: each enrolment (status,
     * start, end, whatever its method) and each role (shortname, whatever its component).
     *
     * @param string $prefix
     * @return array "U1 C1" => ['enrolments' => [[status, start, end], ...], 'roles' => [...]]
     */
    private function world_state(string $prefix): array {
        global $DB;
        $state = [];
        $key = fn($row) => substr($row->useridnumber, strlen($prefix)) . ' ' . substr($row->courseidnumber, strlen($prefix));
        $params = ['u' => "$prefix%", 'c' => "$prefix%"];
        $inworld = $DB->sql_like('u.idnumber', ':u') . ' AND ' . $DB->sql_like('c.idnumber', ':c');
        $enrolments = $DB->get_recordset_sql(
            "SELECT ue.id, u.idnumber AS useridnumber, c.idnumber AS courseidnumber, ue.status, ue.timestart, ue.timeend
               FROM {user_enrolments} ue
               JOIN {enrol} e ON e.id = ue.enrolid
               JOIN {course} c ON c.id = e.courseid
               JOIN {user} u ON u.id = ue.userid
              WHERE $inworld",
            $params
        );
        foreach ($enrolments as $row) {
            $state[$key($row)]['enrolments'][] = [(int) $row->status, (int) $row->timestart, (int) $row->timeend];
        }
        $enrolments->close();
        $roles = $DB->get_recordset_sql(
            "SELECT ra.id, u.idnumber AS useridnumber, c.idnumber AS courseidnumber, r.shortname
               FROM {role_assignments} ra
               JOIN {context} x ON x.id = ra.contextid AND x.contextlevel = :level
               JOIN {course} c ON c.id = x.instanceid
               JOIN {user} u ON u.id = ra.userid
               JOIN {role} r ON r.id = ra.roleid
              WHERE $inworld",
            $params + ['level' => CONTEXT_COURSE]
        );
        foreach ($roles as $row) {
            $state[$key($row)]['roles'][] = $row->shortname;
        }
        $roles->close();
        foreach ($state as &$held) {
            $held += ['enrolments' => [], 'roles' => []];
            sort($held['enrolments']);
            sort($held['roles']);
        }
        ksort($state);
        return $state;
    }

    /**
     * Runs the files in turn through both tools and checks, after each, that both worlds hold the
     * same; returns what they hold at the end.
     *
     * @param string[] $files
     * @return array the state of the worlds
     */
    private function assert_same_outcome(array $files): array {
        foreach ($files as $i => $file) {
            $this->run_both($file);
            $this->assertSame(
                $this->world_state(self::WORLDS['flatfile']),
                $this->world_state(self::WORLDS['tool']),
                "after file $i:\n$file"
            );
        }
        return $this->world_state(self::WORLDS['tool']);
    }

    /**
     * The same settings for both: enrol_flatfile's, which this tool takes over as it does at
     * install.
     *
     * @param array $flatfile enrol_flatfile's config name => value
     */
    private function configure(array $flatfile): void {
        foreach ($flatfile as $name => $value) {
            set_config($name, $value, 'enrol_flatfile');
        }
        unset_config('rolemap', 'tool_enrolsync');
        unset_config('delactionflatfile', 'tool_enrolsync');
        flatfile_settings::apply();
    }

    public function test_add_gives_the_same_enrolments_roles_and_dates(): void {
        $this->configure([]);
        $state = $this->assert_same_outcome([
            "add,student,U1,C1\nadd,Student,U2,C1\nadd,editingteacher,U3,C1\nadd,student,U3,C1\n" .
            "add,student,U1,C2\nadd,nosuchrole,U4,C1\nadd,student,NOBODY,C1\nadd,student,U4,NOWHERE",
            // Again: nothing changes; then an add without times on an enrolment with some.
            "add,student,U1,C1\nadd,student,U2,C1,1600000000,1900000000",
            "add,student,U2,C1",
        ]);
        $this->assertSame(['U1 C1', 'U1 C2', 'U2 C1', 'U3 C1'], array_keys($state));
        $this->assertSame(['editingteacher', 'student'], $state['U3 C1']['roles']);
        $this->assertSame([[0, 0, 0]], $state['U2 C1']['enrolments']);
    }

    /**
     * enrol_flatfile's unenrol actions.
     *
     * @return array[]
     */
    public static function unenrol_actions(): array {
        return [
            'unenrol' => [ENROL_EXT_REMOVED_UNENROL],
            'keep' => [ENROL_EXT_REMOVED_KEEP],
            'suspend and remove roles' => [ENROL_EXT_REMOVED_SUSPENDNOROLES],
        ];
    }

    /**
     * A del line does what enrol_flatfile's unenrol action says, and an add afterwards gives the
     * place back the same way.
     *
     * @dataProvider unenrol_actions
     * @param int $action
     */
    #[\PHPUnit\Framework\Attributes\DataProvider('unenrol_actions')]
    public function test_del_with_each_unenrol_action_gives_the_same_outcome(int $action): void {
        $this->configure(['unenrolaction' => $action]);
        $this->assertEquals($action, get_config('tool_enrolsync', 'delactionflatfile'));
        $state = $this->assert_same_outcome([
            "add,student,U1,C1\nadd,student,U2,C1\nadd,editingteacher,U3,C1\nadd,student,U3,C1\nadd,student,U4,C1\n" .
            "add,student,U4,C2",
            // A student; a student who also teaches; a student del'd as a teacher; nobody there.
            "del,student,U1,C1\ndel,student,U3,C1\ndel,editingteacher,U4,C1\ndel,student,U2,C2",
            // Twice: nothing more.
            "del,student,U1,C1\ndel,student,U3,C1",
            "add,student,U1,C1",
        ]);
        $expected = [
            ENROL_EXT_REMOVED_UNENROL => [],
            ENROL_EXT_REMOVED_KEEP => [[0, 0, 0]],
            ENROL_EXT_REMOVED_SUSPENDNOROLES => [[1, 0, 0]],
        ];
        $this->assertSame($expected[$action], $state['U3 C1']['enrolments'] ?? []);
        $this->assertSame([[0, 0, 0]], $state['U1 C1']['enrolments']);
        $this->assertSame(['student'], $state['U4 C1']['roles']);
    }

    public function test_enrol_flatfiles_role_map_names_the_same_roles(): void {
        $id = fn(string $shortname) => array_key_first(get_archetype_roles($shortname));
        $this->configure([
            'map_' . $id('student') => 'Etudiant',
            'map_' . $id('teacher') => ' ENSEIGNANT ',
            // A role files cannot name there; a run may not assign it here.
            'map_' . $id('manager') => '',
        ]);
        // By role id, as enrol_flatfile reads its map.
        $this->assertSame("ENSEIGNANT = teacher\nEtudiant = student", get_config('tool_enrolsync', 'rolemap'));
        $state = $this->assert_same_outcome([
            "add,etudiant,U1,C1\nadd,Enseignant,U2,C1\nadd,editingteacher,U3,C1\nadd,manager,U4,C1\nadd,learner,U4,C2",
            "del,ETUDIANT,U1,C1",
        ]);
        $this->assertSame(['teacher'], $state['U2 C1']['roles']);
    }

    public function test_past_timestamps_give_the_same_dates(): void {
        $this->configure([]);
        $past = time() - 30 * DAYSECS;
        $end = time() + 30 * DAYSECS;
        $this->assert_same_outcome([
            "add,student,U1,C1,$past,$end\nadd,student,U2,C1,$past\nadd,student,U3,C1,0,$end\n" .
            "add,student,U4,C1,$end,$past\nadd,student,U4,C2,$past,0",
            // New dates on the same enrolments.
            "add,student,U1,C1," . ($past + 60) . "\nadd,student,U2,C1,$past,$end",
        ]);
    }

    public function test_a_future_start_is_applied_here_and_held_back_by_enrol_flatfile(): void {
        $this->configure([]);
        $future = time() + 30 * DAYSECS;
        $this->run_both("add,student,U1,C1,$future");
        $this->assertSame([], $this->world_state(self::WORLDS['flatfile']));
        $this->assertSame(
            ['U1 C1' => ['enrolments' => [[0, $future, 0]], 'roles' => ['student']]],
            $this->world_state(self::WORLDS['tool'])
        );
    }
}
