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

/**
 * What the tests of the engine and of its web services share: a site with users S1, S2, S3, T1 (by
 * idnumber) and courses MATH, PHYS (by shortname), files run through the engine, and the rows they
 * leave. Moodle's test case of external functions (externallib_advanced_testcase) is its parent.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
abstract class engine_testcase extends \core_external\tests\externallib_testcase {
    /** @var \stdClass[] users by idnumber */
    protected array $users = [];
    /** @var \stdClass[] courses by shortname */
    protected array $courses = [];

    /**
     * The site of every test: users S1, S2, S3, T1 and courses MATH, PHYS, as the administrator.
     */
    protected function setUp(): void {
        parent::setUp();
        if (!extension_loaded('enrolsync')) {
            $this->markTestSkipped('the enrolsync extension is not loaded');
        }
        $this->resetAfterTest();
        $this->setAdminUser();
        $generator = $this->getDataGenerator();
        foreach (['S1', 'S2', 'S3', 'T1'] as $idnumber) {
            $this->users[$idnumber] = $generator->create_user(['idnumber' => $idnumber]);
        }
        foreach (['MATH', 'PHYS'] as $shortname) {
            $this->courses[$shortname] = $generator->create_course(['shortname' => $shortname]);
        }
    }

    /**
     * Runs a file with the given content.
     *
     * @param string $content
     * @param array $options run_options overrides
     * @param string $origin engine::ORIGIN_*
     * @return \stdClass the run record
     */
    protected function run_file(string $content, array $options = [], string $origin = engine::ORIGIN_CLI): \stdClass {
        $path = make_request_directory() . '/enrols.csv';
        file_put_contents($path, $content);
        return (new engine(new run_options($options)))->run($path, 'enrols.csv', $origin);
    }

    /**
     * The user enrolments of a course: idnumber => status.
     *
     * @param string $course shortname
     * @return int[]
     */
    protected function enrolments(string $course): array {
        global $DB;
        $enrolments = array_map('intval', $DB->get_records_sql_menu(
            "SELECT u.idnumber, ue.status
               FROM {user_enrolments} ue
               JOIN {enrol} e ON e.id = ue.enrolid
               JOIN {user} u ON u.id = ue.userid
              WHERE e.courseid = ?",
            [$this->courses[$course]->id]
        ));
        // Sorted here: the databases order text differently (with or without case).
        ksort($enrolments, SORT_STRING);
        return $enrolments;
    }

    /**
     * The role assignments of a course: "idnumber:role shortname", sorted.
     *
     * @param string $course
     * @return string[]
     */
    protected function roles(string $course): array {
        global $DB;
        $context = \context_course::instance($this->courses[$course]->id);
        $rows = $DB->get_fieldset_sql(
            "SELECT " . $DB->sql_concat('u.idnumber', "':'", 'r.shortname') . "
               FROM {role_assignments} ra
               JOIN {user} u ON u.id = ra.userid
               JOIN {role} r ON r.id = ra.roleid
              WHERE ra.contextid = ?",
            [$context->id]
        );
        sort($rows);
        return $rows;
    }

    /**
     * The groups of a course and their members: name => [idnumber, ...].
     *
     * @param string $course
     * @return array
     */
    protected function group_members(string $course): array {
        $groups = [];
        foreach (groups_get_all_groups($this->courses[$course]->id) as $group) {
            $members = array_column(groups_get_members($group->id, 'u.id, u.idnumber'), 'idnumber');
            sort($members);
            $groups[$group->name] = $members;
        }
        ksort($groups);
        return $groups;
    }

    /**
     * Row counts of the tables a run could change, and of the log.
     *
     * @return int[]
     */
    protected function table_counts(): array {
        global $DB;
        $counts = [];
        foreach (
            ['user_enrolments', 'enrol', 'role_assignments', 'groups', 'groups_members',
                'logstore_standard_log', 'tool_enrolsync_managed', 'user', 'course'] as $table
        ) {
            $counts[$table] = $DB->count_records($table);
        }
        return $counts;
    }

    /** A file with lines of each kind of add. */
    const FILE = "cmd;cid;uid;rolename;starttime;endtime;gcmd;g1\n" .
        "add;MATH;S1;student;2026-09-01;2027-07-05;gaddcreate;Group A\n" .
        "add;MATH;S2;student;2026-09-01;2027-07-05;gaddcreate;Group B\n" .
        "add;MATH;T1;editingteacher;;;;\n" .
        "add;PHYS;S1;student;;;;\n";

    /**
     * Users U1 … U$count (created when missing), enrolled as students in a course by a run of
     * this tool, so that full sync manages their enrolments.
     *
     * @param string $course shortname
     * @param int $count
     * @return string[] the lines that enrolled them (cmd;cid;uid;rolename)
     */
    protected function managed_students(string $course, int $count): array {
        $lines = [];
        for ($i = 1; $i <= $count; $i++) {
            $this->users["U$i"] ??= $this->getDataGenerator()->create_user(['idnumber' => "U$i"]);
            $lines[] = "add;$course;U$i;student";
        }
        $run = $this->run_file(self::MANAGED_HEADER . implode("\n", $lines) . "\n");
        $this->assertEquals($count, $run->applied);
        return $lines;
    }

    /** The header of the lines managed_students() gives. */
    const MANAGED_HEADER = "cmd;cid;uid;rolename\n";

    /**
     * Puts a file in the command file area.
     *
     * @param string $filename
     * @param string $content
     * @param string $filepath
     * @return \stored_file
     */
    protected function put_command_file(string $filename, string $content, string $filepath = '/'): \stored_file {
        return get_file_storage()->create_file_from_string(['contextid' => \context_system::instance()->id,
            'component' => 'tool_enrolsync', 'filearea' => run_files::AREA_COMMANDS, 'itemid' => 0,
            'filepath' => $filepath, 'filename' => $filename], $content);
    }

    /**
     * Runs a scheduled task.
     *
     * @param \core\task\scheduled_task $task
     * @return string what it printed
     */
    protected function execute_task(\core\task\scheduled_task $task): string {
        ob_start();
        $task->execute();
        return ob_get_clean();
    }

    /**
     * The memory PHP needed at the peak of a piece of work, above what it used before. On
     * PostgreSQL, a recordset's rows wait in the database library's own memory (Moodle reads them
     * through a cursor), which PHP does not count: a peak that stays low there shows that the
     * work never held the rows in PHP. MySQL and MariaDB's recordsets are buffered by the driver
     * (mysqlnd), in memory PHP counts: there the peak includes the rows' raw data.
     *
     * @param callable $work
     * @return int bytes
     */
    protected function peak_memory(callable $work): int {
        gc_collect_cycles();
        $before = memory_get_usage();
        memory_reset_peak_usage();
        $work();
        return memory_get_peak_usage() - $before;
    }

    /**
     * Whether the site's recordsets stream rows from the database (PostgreSQL's cursors) rather
     * than hold the whole result in PHP's memory first (MySQL and MariaDB's buffered results).
     *
     * @return bool
     */
    protected function recordsets_stream(): bool {
        global $DB;
        return $DB->get_dbfamily() === 'postgres';
    }

    /**
     * Adds failed lines to a run, as a large file of unknown users leaves them: line $from and
     * the next ones, each naming user "NOBODY<line>" and padded to a few hundred bytes.
     *
     * @param int $runid
     * @param int $from the first line's number
     * @param int $count
     */
    protected function add_failed_lines(int $runid, int $from, int $count): void {
        global $DB;
        for ($start = $from; $start < $from + $count; $start += 1000) {
            $rows = [];
            foreach (range($start, min($start + 999, $from + $count - 1)) as $line) {
                $rows[] = ['runid' => $runid, 'line' => $line, 'rawline' => self::failed_raw($line), 'errorkey' => 'unknownuser',
                    'errorarg' => "NOBODY$line", 'userid' => 0];
            }
            $DB->insert_records('tool_enrolsync_lines', $rows);
        }
    }

    /**
     * The raw line add_failed_lines() stores for a line.
     *
     * @param int $line
     * @return string
     */
    protected static function failed_raw(int $line): string {
        return "MATH;NOBODY$line;student;" . str_repeat('x', 400);
    }

    /** @var int writes tried during the last with_failing_writes() */
    protected int $tries = 0;

    /**
     * Runs $run while the first $failures writes ($statement: INSERT or UPDATE) into a table fail.
     * The tries are counted where a rollback does not undo them: a sequence (PostgreSQL), a MyISAM
     * table (MySQL, MariaDB). The trigger is the database's own language, so each family has its
     * own; the plugin's code has none of this. Needs preventResetByRollback().
     *
     * @param string $table without prefix
     * @param string $statement INSERT or UPDATE
     * @param int $failures
     * @param callable $run
     * @return mixed what $run returns
     */
    protected function with_failing_writes(string $table, string $statement, int $failures, callable $run) {
        global $DB, $CFG;
        if (!in_array($DB->get_dbfamily(), ['postgres', 'mysql'])) {
            $this->markTestSkipped('the failing writes are made by a PostgreSQL, MySQL or MariaDB trigger');
        }
        $name = 'tool_enrolsync_test_' . $table;
        $table = $CFG->prefix . $table;
        $postgres = $DB->get_dbfamily() === 'postgres';
        if ($postgres) {
            $DB->change_database_structure(["CREATE SEQUENCE {$name}_tries",
                "CREATE FUNCTION {$name}_fail() RETURNS trigger LANGUAGE plpgsql AS '
                    BEGIN
                        IF nextval(''{$name}_tries'') <= $failures THEN
                            RAISE EXCEPTION ''write %'', currval(''{$name}_tries'');
                        END IF;
                        RETURN NEW;
                    END'",
                "CREATE TRIGGER {$name}_fail BEFORE $statement ON $table
                    FOR EACH ROW EXECUTE FUNCTION {$name}_fail()"]);
        } else {
            $DB->change_database_structure(["CREATE TABLE {$name}_tries (n INT NOT NULL) ENGINE=MyISAM",
                "INSERT INTO {$name}_tries (n) VALUES (0)",
                "CREATE TRIGGER {$name}_fail BEFORE $statement ON $table FOR EACH ROW
                    BEGIN
                        UPDATE {$name}_tries SET n = n + 1;
                        IF (SELECT n FROM {$name}_tries) <= $failures THEN
                            SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'write';
                        END IF;
                    END"]);
        }
        try {
            return $run();
        } finally {
            if ($postgres) {
                $this->tries = (int) $DB->get_field_sql("SELECT last_value FROM {$name}_tries");
                $DB->change_database_structure(["DROP TRIGGER {$name}_fail ON $table",
                    "DROP FUNCTION {$name}_fail()", "DROP SEQUENCE {$name}_tries"]);
            } else {
                $this->tries = (int) $DB->get_field_sql("SELECT n FROM {$name}_tries");
                $DB->change_database_structure(["DROP TRIGGER {$name}_fail", "DROP TABLE {$name}_tries"]);
            }
        }
    }

    /**
     * A progress for a run (its engine's) that calls $action once, as the run's writes begin: the
     * run has read the site and planned, and written nothing yet.
     *
     * @param callable $action
     * @return \core\progress\base
     */
    protected function when_writes_begin(callable $action): \core\progress\base {
        return new class ($action) extends \core\progress\none {
            /** @var callable|null what happens as the writes begin, until it has */
            private $action;

            /**
             * Remembers what to do.
             *
             * @param callable $action
             */
            public function __construct(callable $action) {
                $this->action = $action;
            }

            /**
             * The writes begin.
             *
             * @param string $description
             * @param int $max
             * @param int $parentcount
             */
            public function start_progress($description, $max = self::INDETERMINATE, $parentcount = 1) {
                if ($this->action) {
                    ($this->action)();
                    $this->action = null;
                }
                parent::start_progress($description, $max, $parentcount);
            }
        };
    }
}
