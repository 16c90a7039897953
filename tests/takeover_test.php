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

use tool_enrolsync\local\journal;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\takeover::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\takeover_plan::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\executor::class)]
/**
 * Taking over from enrol_flatfile: a feed that enrol_flatfile applied, taken over, then applied
 * again by this tool in full sync, changes nothing.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\takeover
 * @covers     \tool_enrolsync\local\takeover_plan
 * @covers     \tool_enrolsync\local\executor
 */
final class takeover_test extends engine_testcase {
    /** @var string where enrol_flatfile reads its file */
    private string $location;

    protected function setUp(): void {
        global $CFG, $DB;
        parent::setUp();
        // Flat files name courses by ID number.
        foreach ($this->courses as $shortname => $course) {
            $DB->set_field('course', 'idnumber', "C$shortname", ['id' => $course->id]);
        }
        $this->location = "$CFG->dataroot/flatfile/enrolments.txt";
        check_dir_exists(dirname($this->location));
        set_config('location', $this->location, 'enrol_flatfile');
        \core\plugininfo\enrol::enable_plugin('flatfile', 1);
    }

    /**
     * Applies a flat file with enrol_flatfile's own sync, as its scheduled task does.
     *
     * @param string $content
     */
    private function flatfile_sync(string $content): void {
        file_put_contents($this->location, $content);
        enrol_get_plugin('flatfile')->sync(new \null_progress_trace());
        $this->assertFileDoesNotExist($this->location);
    }

    /**
     * Takes over from enrol_flatfile, as the tool's page and command line do.
     *
     * @param bool $dryrun
     * @param int $confirms the dry run it confirms
     * @param string $origin
     * @return \stdClass|null the run
     */
    private function take_over(bool $dryrun, int $confirms = 0, string $origin = engine::ORIGIN_CLI): ?\stdClass {
        $options = new run_options(['dryrun' => $dryrun, 'confirms' => $confirms]);
        return takeover::run(new engine($options), $options, $origin);
    }

    /**
     * Every user enrolment of the site: "course:idnumber:method:status:timestart:timeend", sorted.
     *
     * @return string[]
     */
    private function all_enrolments(): array {
        global $DB;
        $rows = $DB->get_records_sql("SELECT ue.id, c.shortname, u.idnumber, e.enrol, ue.status, ue.timestart, ue.timeend
                                        FROM {user_enrolments} ue
                                        JOIN {enrol} e ON e.id = ue.enrolid
                                        JOIN {course} c ON c.id = e.courseid
                                        JOIN {user} u ON u.id = ue.userid");
        $list = array_map(fn($r) => "$r->shortname:$r->idnumber:$r->enrol:$r->status:$r->timestart:$r->timeend", $rows);
        sort($list);
        return array_values($list);
    }

    /**
     * Every role assignment in a course: "idnumber:role:component", sorted.
     *
     * @param string $course
     * @return string[]
     */
    private function role_components(string $course): array {
        global $DB;
        $context = \context_course::instance($this->courses[$course]->id);
        $rows = $DB->get_records_sql("SELECT ra.id, u.idnumber, r.shortname, ra.component
                                        FROM {role_assignments} ra
                                        JOIN {user} u ON u.id = ra.userid
                                        JOIN {role} r ON r.id = ra.roleid
                                       WHERE ra.contextid = ?", [$context->id]);
        $list = array_map(fn($r) => "$r->idnumber:$r->shortname:$r->component", $rows);
        sort($list);
        return array_values($list);
    }

    /**
     * The changes of a run: "op:course:idnumber:role:method:result", in order.
     *
     * @param int $runid
     * @return string[]
     */
    private function changes_of(int $runid): array {
        global $DB;
        $rows = $DB->get_records_sql("SELECT ch.id, ch.op, c.shortname, u.idnumber, r.shortname AS role, ch.method, ch.result
                                        FROM {" . journal::TABLE . "} ch
                                        JOIN {course} c ON c.id = ch.courseid
                                   LEFT JOIN {user} u ON u.id = ch.userid
                                   LEFT JOIN {role} r ON r.id = ch.roleid
                                       WHERE ch.runid = ?
                                    ORDER BY ch.id", [$runid]);
        return array_values(array_map(fn($r) => "$r->op:$r->shortname:$r->idnumber:$r->role:$r->method:$r->result", $rows));
    }

    /**
     * A term's flat file: students and a teacher, with and without dates.
     *
     * @return string
     */
    private function term_file(): string {
        $start = time() - 10 * DAYSECS;
        $end = time() + 100 * DAYSECS;
        return "add,student,S1,CMATH\n" .
            "add,student,S2,CMATH,$start,$end\n" .
            "add,editingteacher,T1,CMATH\n" .
            "add,student,S1,CPHYS,$start\n";
    }

    public function test_after_the_takeover_the_same_feed_in_full_sync_changes_nothing(): void {
        global $DB;
        $this->preventResetByRollback(); // Messages are sent once the transactions commit.
        $file = $this->term_file();
        $this->flatfile_sync($file);
        $before = $this->all_enrolments();
        $this->assertCount(4, preg_grep('/:flatfile:0:/', $before));
        $mathroles = $this->roles('MATH');

        $dryrun = $this->take_over(true);
        $this->assertSame($before, $this->all_enrolments(), 'a dry run writes nothing');
        $this->assertTrue(enrol_is_enabled('flatfile'));
        $sink = $this->redirectEvents();
        $messages = $this->redirectMessages();
        $run = $this->take_over(false, $dryrun->id);
        $events = array_count_values(array_map(fn($e) => $e->eventname, $sink->get_events()));
        $sink->close();
        $this->assertSame([], $messages->get_messages(), 'a moved enrolment gets no welcome message');
        $messages->close();

        // The same enrolments, statuses and dates, now through the manual method; the same roles,
        // now given by hand (component ''), as this tool gives them.
        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertSame(str_replace(':flatfile:', ':manual:', $before), $this->all_enrolments());
        $this->assertSame($mathroles, $this->roles('MATH'));
        $this->assertSame(['S1:student:', 'S2:student:', 'T1:editingteacher:'], $this->role_components('MATH'));
        $this->assertEquals(4, $DB->count_records('tool_enrolsync_managed', ['runid' => $run->id]));
        $this->assertFalse(enrol_is_enabled('flatfile'), 'enrol_flatfile no longer runs');
        // Through Moodle's APIs: its events, and no welcome message.
        $this->assertEquals(4, $events['\core\event\user_enrolment_created']);
        $this->assertEquals(4, $events['\core\event\user_enrolment_deleted']);
        $this->assertEquals(4, $events['\core\event\role_assigned']);
        $this->assertEquals(['move' => 4, 'assign' => 4], json_decode($run->operations, true));
        // The dry run listed exactly what the take-over did.
        $this->assertSame(
            str_replace(':planned', ':done', $this->changes_of($dryrun->id)),
            $this->changes_of($run->id)
        );
        $this->assertContains('move:MATH:S2::manual:done', $this->changes_of($run->id));
        $this->assertContains('assign:MATH:S2:student:manual:done', $this->changes_of($run->id));

        // The same file, through this tool, in full sync: nothing to do, nothing removed.
        $counts = $this->table_counts();
        $again = $this->run_file($file, ['format' => 'flatfile', 'fullsync' => 1]);
        $this->assertSame(engine::STATUS_DONE, $again->status);
        $this->assertEquals([4, 0, 4, 0], [$again->linecount, $again->applied, $again->unchanged, $again->failed]);
        $this->assertSame([], json_decode($again->operations, true));
        $this->assertSame([], $this->changes_of($again->id));
        $this->assertSame(str_replace(':flatfile:', ':manual:', $before), $this->all_enrolments());
        unset($counts['logstore_standard_log']);
        $this->assertSame($counts, array_diff_key($this->table_counts(), ['logstore_standard_log' => 0]));

        // From now on, full sync manages them: a student the feed no longer lists is suspended.
        $withouts2 = implode("\n", array_filter(explode("\n", $file), fn($line) => !str_contains($line, ',S2,'))) . "\n";
        $this->run_file($withouts2, ['format' => 'flatfile', 'fullsync' => 1, 'force' => true]);
        $this->assertSame(['S1' => 0, 'S2' => 1, 'T1' => 0], $this->enrolments('MATH'));
    }

    public function test_its_settings_are_taken_over(): void {
        global $DB;
        $teacher = $DB->get_record('role', ['shortname' => 'teacher']);
        $manager = $DB->get_record('role', ['shortname' => 'manager']);
        set_config('map_' . $teacher->id, ' Ucitel ', 'enrol_flatfile');
        // An empty alias: enrol_flatfile takes no line with this role.
        set_config('map_' . $manager->id, '', 'enrol_flatfile');
        set_config('unenrolaction', ENROL_EXT_REMOVED_UNENROL, 'enrol_flatfile');
        $this->flatfile_sync("add,ucitel,T1,CMATH\n");
        $rolemap = get_config('tool_enrolsync', 'rolemap');

        $dryrun = $this->take_over(true);
        $this->assertSame($rolemap, get_config('tool_enrolsync', 'rolemap'), 'a dry run changes no setting');
        $run = $this->take_over(false, $dryrun->id);

        // The names enrol_flatfile took that are not the role's short name (matched in any case,
        // as it compares them). The manager's empty alias takes no line: a run may not give
        // that role unless the setting roles says so.
        $this->assertSame('Ucitel = teacher', get_config('tool_enrolsync', 'rolemap'));
        $this->assertEquals(ENROL_EXT_REMOVED_UNENROL, get_config('tool_enrolsync', 'delactionflatfile'));
        // The run records what it changed, as the dry run said it would; so does Moodle's log of
        // configuration changes.
        $settings = json_decode($run->settings, true);
        $this->assertSame(json_decode($dryrun->settings, true), $settings);
        $this->assertSame('Ucitel = teacher', $settings['rolemap'][1]);
        $this->assertSame((string) ENROL_EXT_REMOVED_UNENROL, $settings['delactionflatfile'][1]);
        $this->assertTrue($DB->record_exists('config_log', ['plugin' => 'tool_enrolsync', 'name' => 'rolemap']));
        $this->assertSame(['T1:teacher:'], $this->role_components('MATH'));
    }

    public function test_a_file_waiting_where_enrol_flatfile_reads_is_brought_in_as_the_standard_file(): void {
        $this->flatfile_sync("add,student,S1,CMATH\n");
        file_put_contents($this->location, "add,student,S2,CMATH\n");

        $dryrun = $this->take_over(true);
        $this->assertFileExists($this->location);
        $this->assertNull(run_files::standard_file('enrols.csv'));
        $run = $this->take_over(false, $dryrun->id);

        $this->assertFileDoesNotExist($this->location);
        $this->assertSame("add,student,S2,CMATH\n", run_files::standard_file('enrols.csv')->get_content());
        $this->assertSame([$this->location, 'enrols.csv'], json_decode($run->settings, true)['location']);
        // The scheduled task runs it next, as enrol_flatfile would have.
        $this->execute_task(new task\sync_task());
        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('MATH'));
    }

    public function test_a_user_also_enrolled_by_hand_keeps_that_enrolment_as_it_is(): void {
        global $DB;
        $this->getDataGenerator()->enrol_user($this->users['S3']->id, $this->courses['MATH']->id, 'student');
        $this->flatfile_sync("add,student,S3,CMATH\nadd,teacher,S3,CPHYS\n");
        // A course whose enrol_flatfile instance is disabled, without a manual instance: as
        // Moodle's own migration does, the new manual instance is disabled too.
        $physflatfile = $DB->get_record('enrol', ['courseid' => $this->courses['PHYS']->id, 'enrol' => 'flatfile']);
        enrol_get_plugin('flatfile')->update_status($physflatfile, ENROL_INSTANCE_DISABLED);
        $DB->delete_records('enrol', ['courseid' => $this->courses['PHYS']->id, 'enrol' => 'manual']);

        $run = $this->take_over(false);

        $this->assertSame(['MATH:S3:manual:0:0:0', 'PHYS:S3:manual:0:0:0'], $this->all_enrolments());
        $this->assertSame(['S3:student:'], $this->role_components('MATH'));
        $this->assertSame(['S3:teacher:'], $this->role_components('PHYS'));
        $physmanual = ['courseid' => $this->courses['PHYS']->id, 'enrol' => 'manual'];
        $this->assertEquals(ENROL_INSTANCE_DISABLED, $DB->get_field('enrol', 'status', $physmanual));
        // The enrolment made by hand is not this tool's: full sync never touches it.
        $this->assertSame(['merge:MATH:S3::manual:done', 'createinstance:PHYS:::manual:done',
            'assign:PHYS:S3:teacher:manual:done', 'move:PHYS:S3::manual:done'], $this->changes_of($run->id));
        $this->assertEquals(1, $DB->count_records('tool_enrolsync_managed'));
    }

    public function test_an_enrolment_enrol_flatfile_holds_back_until_its_start_is_taken_over_with_its_start(): void {
        global $DB;
        $start = time() + 30 * DAYSECS;
        $file = "add,student,S1,CMATH\nadd,student,S2,CMATH,$start\n";
        $this->flatfile_sync($file);
        $this->assertEquals(1, $DB->count_records('enrol_flatfile'));

        $run = $this->take_over(false);

        $this->assertEquals(0, $DB->count_records('enrol_flatfile'));
        $this->assertSame(['MATH:S1:manual:0:0:0', "MATH:S2:manual:0:$start:0"], $this->all_enrolments());
        $this->assertEquals(2, $DB->count_records('tool_enrolsync_managed', ['runid' => $run->id]));
        $again = $this->run_file($file, ['format' => 'flatfile', 'fullsync' => 1]);
        $this->assertEquals([0, 2], [$again->applied, $again->unchanged]);
    }

    public function test_a_takeover_is_done_once(): void {
        global $DB;
        $this->assertTrue(takeover::needed(), 'enrol_flatfile is enabled');
        $this->flatfile_sync("add,student,S1,CMATH\n");
        $dryrun = $this->take_over(true, 0, engine::ORIGIN_PAGE);
        $this->assertTrue(takeover::confirmable($dryrun->id));

        // Meanwhile enrol_flatfile enrols someone else: what the dry run listed is no longer what
        // the take-over would do. Nothing is done: the new list is shown instead, to confirm.
        $this->flatfile_sync("add,student,S2,CMATH\n");
        $changed = $this->take_over(false, $dryrun->id, engine::ORIGIN_PAGE);
        $this->assertEquals([1, 'takeoverchanged'], [$changed->dryrun, $changed->errorkey]);
        $this->assertCount(2, preg_grep('/:flatfile:/', $this->all_enrolments()));
        $this->assertFalse(takeover::confirmable($dryrun->id), 'only the latest dry run can be confirmed');
        $refused = $this->take_over(false, $dryrun->id, engine::ORIGIN_PAGE);
        $this->assertEquals([engine::STATUS_REJECTED, 'takeovernotconfirmable'], [$refused->status, $refused->errorkey]);
        $this->assertCount(2, preg_grep('/:flatfile:/', $this->all_enrolments()));

        $run = $this->take_over(false, $changed->id, engine::ORIGIN_PAGE);
        $this->assertSame(engine::STATUS_DONE, $run->status);
        $this->assertEquals(0, $run->dryrun);
        $this->assertFalse(takeover::confirmable($changed->id), 'a dry run is confirmed once');
        $this->assertFalse(takeover::needed());
        $runs = $DB->count_records('tool_enrolsync_runs');
        $this->assertNull($this->take_over(false, $changed->id, engine::ORIGIN_PAGE), 'nothing left to take over');
        $this->assertNull($this->take_over(false));
        $this->assertNull($this->take_over(true));
        $this->assertEquals($runs, $DB->count_records('tool_enrolsync_runs'));
    }

    public function test_without_the_manual_method_nothing_is_taken_over(): void {
        $this->flatfile_sync("add,student,S1,CMATH\n");
        \core\plugininfo\enrol::enable_plugin('manual', 0);
        $before = $this->all_enrolments();

        $run = $this->take_over(false);

        $this->assertSame(engine::STATUS_REJECTED, $run->status);
        $this->assertSame('manualdisabled', $run->errorkey);
        $this->assertSame($before, $this->all_enrolments());
        $this->assertTrue(enrol_is_enabled('flatfile'));
        $this->assertSame(run_report::EXIT_REJECTED, run_report::exit_status($run));
    }

    public function test_a_takeover_waits_for_no_run(): void {
        global $CFG, $DB;
        $this->flatfile_sync("add,student,S1,CMATH\n");
        // PostgreSQL's advisory locks are re-entrant within one connection: file locks are not.
        $CFG->lock_factory = '\\core\\lock\\file_lock_factory';
        $lock = \core\lock\lock_config::get_lock_factory('tool_enrolsync')->get_lock('run', 0);
        try {
            $run = $this->take_over(false);
        } finally {
            $lock->release();
        }
        $this->assertSame(engine::STATUS_LOCKED, $run->status);
        $this->assertEquals(0, $DB->count_records('tool_enrolsync_runs'));
        $this->assertCount(1, preg_grep('/:flatfile:/', $this->all_enrolments()));
    }
}
