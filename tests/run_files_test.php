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

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\run_files::class)]
#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\task\sync_task::class)]
/**
 * The tool's files: the standard file and what happens to it after a run, the drop folder, the
 * failed-lines file, and the scheduled task that ties them together.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\run_files
 * @covers     \tool_enrolsync\task\sync_task
 */
final class run_files_test extends engine_testcase {
    /**
     * The command file area: "path/name" => content.
     *
     * @return string[]
     */
    private function command_area(): array {
        $files = [];
        foreach (
            get_file_storage()->get_area_files(
                \context_system::instance()->id,
                'tool_enrolsync',
                run_files::AREA_COMMANDS,
                0,
                'filepath, filename',
                false
            ) as $file
        ) {
            $files[$file->get_filepath() . $file->get_filename()] = $file->get_content();
        }
        return $files;
    }

    /**
     * Runs the scheduled task.
     *
     * @return string what it printed
     */
    private function run_task(): string {
        return $this->execute_task(new task\sync_task());
    }

    /**
     * The drop folder, created empty.
     *
     * @return string its path
     */
    private function drop_folder(): string {
        global $CFG;
        $folder = $CFG->dataroot . '/' . run_files::DROP_FOLDER;
        remove_dir($folder);
        check_dir_exists($folder);
        return $folder;
    }

    public function test_without_a_standard_file_the_task_skips_quietly_unless_the_file_is_kept(): void {
        global $DB;
        $this->assertSame('', $this->run_task());
        set_config('fileaction', 'delete', 'tool_enrolsync');
        $this->assertSame('', $this->run_task());
        set_config('fileaction', 'keep', 'tool_enrolsync');
        $this->assertStringContainsString("'enrols.csv' is not in the command file area", $this->run_task());
        $this->assertEquals(0, $DB->count_records('tool_enrolsync_runs'));
    }

    public function test_the_task_runs_the_standard_file_then_archives_it_linked_to_its_run(): void {
        global $DB;
        $this->put_command_file('enrols.csv', self::FILE);
        $this->assertStringContainsString('4 applied', $this->run_task());

        $run = $DB->get_record('tool_enrolsync_runs', []);
        $this->assertEquals(['task', 0, 4], [$run->origin, $run->userid, $run->applied]);
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
        $archived = '/archive/' . date('Ymd-His', $run->timestarted) . "-run{$run->id}-enrols.csv";
        $this->assertSame([$archived => self::FILE], $this->command_area());
        $this->assertSame(self::FILE, run_files::input($run->id)->get_content());
        // Nothing new: the next run skips.
        $this->assertSame('', $this->run_task());
        $this->assertEquals(1, $DB->count_records('tool_enrolsync_runs'));
    }

    public function test_only_the_file_that_was_run_is_archived_or_deleted(): void {
        $file = $this->put_command_file('enrols.csv', self::FILE);
        $newer = "cid;uid;rolename\nPHYS;S2;student\n";
        // While the run writes, the operator uploads tomorrow's file under the same name: the
        // file manager keeps the record and replaces its content.
        $progress = new class ($file, $newer) extends \core\progress\none {
            /** @var \stored_file|null the standard file, until it is replaced */
            private ?\stored_file $file;
            /** @var string */
            private string $newer;

            /**
             * Remembers what to replace.
             *
             * @param \stored_file $file
             * @param string $newer
             */
            public function __construct(\stored_file $file, string $newer) {
                $this->file = $file;
                $this->newer = $newer;
            }

            /**
             * Replaces the file's content at the first write.
             *
             * @param int $progress
             */
            public function progress($progress = self::INDETERMINATE) {
                if ($this->file) {
                    $draft = get_file_storage()->create_file_from_string(['contextid' => \context_user::instance(
                        get_admin()->id
                    )->id, 'component' => 'user', 'filearea' => 'draft', 'itemid' => 1,
                        'filepath' => '/', 'filename' => 'enrols.csv'], $this->newer);
                    $this->file->replace_file_with($draft);
                    $this->file = null;
                }
            }
        };
        $options = new run_options();
        $run = run_files::run_standard_file(new engine($options, $progress), 'task', $options);

        $this->assertEquals(4, $run->applied);
        $archived = '/archive/' . date('Ymd-His', $run->timestarted) . "-run{$run->id}-enrols.csv";
        $this->assertSame(['/enrols.csv' => $newer, $archived => self::FILE], $this->command_area());
        // The newer file is the next run's.
        $this->assertStringContainsString('1 applied', $this->run_task());
        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('PHYS'));
    }

    public function test_a_kept_file_stays_and_a_deleted_one_goes(): void {
        set_config('fileaction', 'keep', 'tool_enrolsync');
        $this->put_command_file('enrols.csv', self::FILE);
        $this->run_task();
        $this->assertSame(['/enrols.csv' => self::FILE], $this->command_area());

        set_config('fileaction', 'delete', 'tool_enrolsync');
        $this->run_task();
        $this->assertSame([], $this->command_area());
    }

    public function test_a_dry_run_a_rejected_file_or_a_refused_plan_leaves_the_file_in_place(): void {
        $this->put_command_file('enrols.csv', self::FILE);
        $options = new run_options(['dryrun' => true]);
        run_files::run_standard_file(new engine($options), 'page', $options);
        $this->assertSame(['/enrols.csv' => self::FILE], $this->command_area());

        $this->put_command_file('feed.csv', "cid;uid;colour\nMATH;S1;blue\n");
        $options = new run_options(['standardfile' => 'feed.csv']);
        $run = run_files::run_standard_file(new engine($options), 'page', $options);
        $this->assertSame(engine::STATUS_REJECTED, $run->status);
        $this->assertArrayHasKey('/feed.csv', $this->command_area());
    }

    public function test_the_standard_file_path_stays_inside_the_command_area(): void {
        $this->put_command_file('feed.csv', self::FILE, '/sis/');
        $this->assertSame(self::FILE, run_files::standard_file('sis/feed.csv')->get_content());
        $this->assertSame(self::FILE, run_files::standard_file('/sis/feed.csv')->get_content());
        $this->assertNull(run_files::standard_file('sis/../sis/feed.csv'));
        $this->assertNull(run_files::standard_file('feed.csv'));
    }

    public function test_the_drop_folder_brings_in_complete_regular_files_only(): void {
        $folder = $this->drop_folder();
        $this->put_command_file('enrols.csv', 'old content');
        file_put_contents("$folder/enrols.csv", self::FILE);
        file_put_contents("$folder/big.csv", 'half');
        file_put_contents("$folder/big.csv.part", '');
        file_put_contents("$folder/other.csv", 'being written');
        file_put_contents("$folder/other.csv.lock", '');
        file_put_contents("$folder/upload.csv.part", 'half');
        file_put_contents("$folder/.hidden.csv", 'hidden');
        mkdir("$folder/subfolder");

        $this->assertSame(['enrols.csv'], run_files::pickup_drop_folder(0));
        $this->assertSame(['/enrols.csv' => self::FILE], $this->command_area());
        $this->assertFileDoesNotExist("$folder/enrols.csv");
        $left = array_values(array_diff(scandir($folder), ['.', '..']));
        sort($left, SORT_STRING);
        $this->assertSame(['.hidden.csv', 'big.csv', 'big.csv.part', 'other.csv', 'other.csv.lock', 'subfolder',
            'upload.csv.part'], $left);
    }

    public function test_a_file_still_growing_in_the_drop_folder_waits_for_the_next_run(): void {
        $folder = $this->drop_folder();
        file_put_contents("$folder/enrols.csv", "cid;uid;rolename\n");
        // Another process appends to the file while the pickup watches it.
        exec('(sleep 0.3; echo "MATH;S1;student" >> ' . escapeshellarg("$folder/enrols.csv") . ') > /dev/null 2>&1 &');
        [$moved, $output] = $this->pickup(1);
        $this->assertSame([], $moved);
        $this->assertStringContainsString("'enrols.csv' changed in the drop folder", $output);
        $this->assertSame([], $this->command_area());
        $this->assertSame(['enrols.csv'], $this->pickup(1)[0]);
        $this->assertSame(['/enrols.csv' => "cid;uid;rolename\nMATH;S1;student\n"], $this->command_area());
    }

    /**
     * Brings in the drop folder's files, with what it printed.
     *
     * @param int $settle
     * @param callable|null $wait
     * @return array [names moved, output]
     */
    private function pickup(int $settle = 0, ?callable $wait = null): array {
        ob_start();
        try {
            $moved = run_files::pickup_drop_folder($settle, $wait);
        } finally {
            $output = ob_get_clean();
        }
        return [$moved, $output];
    }

    /**
     * A file of the drop folder with the size and time of another file, as one who wants the other
     * file imported in its place would make it.
     *
     * @param string $path
     * @param string $like
     */
    private function put_lookalike(string $path, string $like): void {
        file_put_contents($path, str_repeat('x', filesize($like)));
        touch($path, filemtime($like));
        clearstatcache();
    }

    public function test_the_settle_check_waits_at_least_two_seconds_by_default(): void {
        $folder = $this->drop_folder();
        file_put_contents("$folder/enrols.csv", self::FILE);
        $waited = null;
        run_files::pickup_drop_folder(wait: function (int $seconds) use (&$waited) {
            $waited = $seconds;
        });
        $this->assertGreaterThanOrEqual(2, $waited);
    }

    public function test_a_link_in_the_drop_folder_is_never_followed(): void {
        global $CFG;
        $folder = $this->drop_folder();
        symlink("$CFG->dirroot/config.php", "$folder/enrols.csv");
        file_put_contents("$folder/real.csv", self::FILE);
        symlink("$folder/real.csv", "$folder/other.csv");
        [$moved] = $this->pickup();
        $this->assertSame(['real.csv'], $moved);
        $this->assertSame(['/real.csv' => self::FILE], $this->command_area());
        $this->assertTrue(is_link("$folder/enrols.csv"));
    }

    public function test_a_file_swapped_for_a_link_during_the_settle_wait_is_not_followed(): void {
        global $CFG;
        $folder = $this->drop_folder();
        // The file has config.php's size and time: only the link gives the swap away.
        $this->put_lookalike("$folder/enrols.csv", "$CFG->dirroot/config.php");
        [$moved, $output] = $this->pickup(2, function () use ($folder, $CFG) {
            unlink("$folder/enrols.csv");
            symlink("$CFG->dirroot/config.php", "$folder/enrols.csv");
        });
        $this->assertSame([], $moved);
        $this->assertSame([], $this->command_area());
        $this->assertTrue(is_link("$folder/enrols.csv"));
        $this->assertStringContainsString("'enrols.csv' is not a regular file", $output);
    }

    public function test_a_file_replaced_during_the_settle_wait_waits_for_the_next_run(): void {
        $folder = $this->drop_folder();
        file_put_contents("$folder/enrols.csv", self::FILE);
        // Another file of the same size and time takes its place.
        $this->put_lookalike("$folder/new.tmp", "$folder/enrols.csv");
        [$moved, $output] = $this->pickup(2, fn() => rename("$folder/new.tmp", "$folder/enrols.csv"));
        $this->assertSame([], $moved);
        $this->assertSame([], $this->command_area());
        $this->assertStringContainsString("'enrols.csv' changed", $output);
        // It is brought in by the next run, once it stays the same.
        [$moved] = $this->pickup();
        $this->assertSame(['enrols.csv'], $moved);
    }

    public function test_a_file_with_another_name_elsewhere_is_not_brought_in(): void {
        global $CFG;
        $folder = $this->drop_folder();
        // A hard link to config.php is a regular file of the drop folder: its content is not the
        // writer's to give.
        link("$CFG->dirroot/config.php", "$folder/enrols.csv");
        [$moved, $output] = $this->pickup();
        $this->assertSame([], $moved);
        $this->assertSame([], $this->command_area());
        $this->assertStringContainsString("'enrols.csv' is not a regular file", $output);
    }

    public function test_a_file_that_cannot_be_removed_is_brought_in_once(): void {
        $folder = $this->drop_folder();
        file_put_contents("$folder/enrols.csv", self::FILE);
        $this->make_read_only($folder);
        try {
            [$moved, $output] = $this->pickup();
            $this->assertSame(['enrols.csv'], $moved);
            $this->assertStringContainsString("'enrols.csv' was brought in but could not be removed", $output);
            $this->assertSame(['/enrols.csv' => self::FILE], $this->command_area());
            // The run archived it; the next runs do not bring the same file in again.
            get_file_storage()->delete_area_files(\context_system::instance()->id, 'tool_enrolsync', run_files::AREA_COMMANDS);
            [$moved] = $this->pickup();
            $this->assertSame([], $moved);
            $this->assertSame([], $this->command_area());
        } finally {
            $this->make_read_only($folder, false);
        }
        // Removable again, it goes; a new file of the same name comes in.
        $this->pickup();
        $this->assertFileDoesNotExist("$folder/enrols.csv");
        file_put_contents("$folder/enrols.csv", self::FILE);
        [$moved] = $this->pickup();
        $this->assertSame(['enrols.csv'], $moved);
    }

    /**
     * Makes a folder's entries impossible to remove, or possible again (root ignores permissions:
     * then the immutable attribute).
     *
     * @param string $folder
     * @param bool $readonly
     */
    private function make_read_only(string $folder, bool $readonly = true): void {
        if (function_exists('posix_geteuid') && posix_geteuid() !== 0) {
            chmod($folder, $readonly ? 0555 : 0755);
            return;
        }
        exec('chattr ' . ($readonly ? '+i ' : '-i ') . escapeshellarg($folder) . ' 2>&1', $output, $status);
        if ($status !== 0) {
            $this->markTestSkipped('cannot make a folder read-only for root: ' . implode(' ', $output));
        }
    }

    /**
     * Makes a FIFO where a file of the drop folder was, and a writer that opens it after 3
     * seconds, writes a line into it and gives up after 6: whatever waits on the FIFO waits for
     * it, and reads what it writes.
     *
     * @param string $path
     */
    private function swap_in_a_fifo(string $path): void {
        if (!function_exists('posix_mkfifo')) {
            $this->markTestSkipped('PHP has no posix_mkfifo() here');
        }
        @unlink($path);
        $this->assertTrue(posix_mkfifo($path, 0600));
        // A writer that comes 3 seconds later, to the FIFO only: a later test's file of that name
        // must not get its line.
        $fifo = escapeshellarg($path);
        exec('timeout 6 sh -c ' . escapeshellarg("sleep 3; [ -p $fifo ] && echo 'MATH;S1;student' > $fifo") .
            ' > /dev/null 2>&1 &');
    }

    public function test_a_fifo_swapped_in_after_the_check_is_neither_waited_for_nor_read(): void {
        global $CFG;
        $folder = $this->drop_folder();
        $swaps = [
            'a fifo' => fn($path) => $this->swap_in_a_fifo($path),
            'a link to a fifo' => function ($path) use ($folder) {
                $this->swap_in_a_fifo("$folder/fifo");
                unlink($path);
                symlink("$folder/fifo", $path);
            },
            'a link to a file' => function ($path) use ($CFG) {
                unlink($path);
                symlink("$CFG->dirroot/config.php", $path);
            },
        ];
        foreach ($swaps as $swap => $make) {
            $path = "$folder/enrols.csv";
            file_put_contents($path, self::FILE);
            clearstatcache();
            $checked = lstat($path);
            $make($path);
            $started = microtime(true);
            $handle = run_files::open_drop_file($path, $checked);
            $this->assertLessThan(2, microtime(true) - $started, "$swap: the open waited for a writer");
            $this->assertNull($handle, "$swap was opened as the file checked");
            @unlink($path);
            @unlink("$folder/fifo");
        }
        // The file itself, unchanged, opens, and reads.
        file_put_contents("$folder/enrols.csv", self::FILE);
        clearstatcache();
        $handle = run_files::open_drop_file("$folder/enrols.csv", lstat("$folder/enrols.csv"));
        $this->assertSame(self::FILE, stream_get_contents($handle));
        fclose($handle);
    }

    public function test_a_fifo_in_the_drop_folder_is_refused_at_once(): void {
        $folder = $this->drop_folder();
        $this->swap_in_a_fifo("$folder/enrols.csv");
        $started = microtime(true);
        [$moved, $output] = $this->pickup();
        $this->assertLessThan(2, microtime(true) - $started, 'the pickup waited for a writer');
        $this->assertSame([], $moved);
        $this->assertStringContainsString("'enrols.csv' is not a regular file", $output);
        $this->assertSame([], $this->command_area());
    }

    public function test_a_drop_folder_that_is_a_link_is_refused(): void {
        $folder = $this->drop_folder();
        $elsewhere = make_request_directory();
        file_put_contents("$elsewhere/enrols.csv", self::FILE);
        remove_dir($folder);
        symlink($elsewhere, $folder);
        try {
            [$moved, $output] = $this->pickup();
        } finally {
            unlink($folder);
        }
        $this->assertSame([], $moved);
        $this->assertStringContainsString('is not a folder (a symbolic link, or another kind of file)', $output);
        $this->assertSame([], $this->command_area());
        $this->assertFileExists("$elsewhere/enrols.csv");
    }

    public function test_files_whose_name_starts_with_an_underscore_or_holds_lock_are_never_taken(): void {
        $folder = $this->drop_folder();
        foreach (['_enrols.csv', 'enrols_LOCKED.csv', 'Lock.csv', 'unlock.txt', 'enrols.csv'] as $name) {
            file_put_contents("$folder/$name", self::FILE);
        }
        [$moved] = $this->pickup();
        $this->assertSame(['enrols.csv'], $moved);
        $this->assertSame(['/enrols.csv' => self::FILE], $this->command_area());
        $left = array_values(array_diff(scandir($folder), ['.', '..']));
        sort($left, SORT_STRING);
        $this->assertSame(['Lock.csv', '_enrols.csv', 'enrols_LOCKED.csv', 'unlock.txt'], $left);
    }

    public function test_while_the_writer_lock_is_there_nothing_is_taken(): void {
        $folder = $this->drop_folder();
        file_put_contents("$folder/enrols.csv", self::FILE);
        file_put_contents("$folder/alock.txt", '');
        $sink = $this->redirectMessages();
        $output = $this->run_task();
        $this->assertStringContainsString("The remote writer's lock alock.txt is in the drop folder", $output);
        $this->assertStringContainsString('nothing is taken from the drop folder', $output);
        $this->assertSame([], $this->command_area());
        $this->assertFileExists("$folder/enrols.csv");
        // A lock of a few minutes is a writer at work: nobody is told.
        $this->assertSame([], $sink->get_messages());

        unlink("$folder/alock.txt");
        $this->assertStringContainsString("'enrols.csv' moved from the drop folder", $this->run_task());
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
    }

    public function test_a_writer_lock_older_than_three_hours_is_reported_once(): void {
        $folder = $this->drop_folder();
        file_put_contents("$folder/alock.txt", '');
        $since = time() - 3 * HOURSECS - 60;
        touch("$folder/alock.txt", $since);
        $admin2 = $this->getDataGenerator()->create_user();
        set_config('siteadmins', get_admin()->id . ',' . $admin2->id);
        $reports = function (): array {
            $sink = $this->redirectMessages();
            $this->pickup();
            $messages = array_filter($sink->get_messages(), fn($m) => $m->eventtype === 'runreport');
            $sink->close();
            return array_values($messages);
        };

        $messages = $reports();
        $this->assertEqualsCanonicalizing([get_admin()->id, $admin2->id], array_column($messages, 'useridto'));
        $this->assertStringContainsString('alock.txt', $messages[0]->subject);
        $this->assertStringContainsString(userdate($since), $messages[0]->fullmessage);
        // One message per stale lock, not one per run.
        $this->assertSame([], $reports());
        // A new lock that grows old is another.
        unlink("$folder/alock.txt");
        $this->assertSame([], $reports());
        file_put_contents("$folder/alock.txt", '');
        $this->assertSame([], $reports());
        touch("$folder/alock.txt", time() - 4 * HOURSECS);
        clearstatcache();
        $this->assertCount(2, $reports());
    }

    public function test_the_task_runs_what_the_drop_folder_brought(): void {
        $folder = $this->drop_folder();
        file_put_contents("$folder/enrols.csv", self::FILE);
        $output = $this->run_task();
        $this->assertStringContainsString("'enrols.csv' moved from the drop folder", $output);
        $this->assertSame(['S1' => 0, 'S2' => 0, 'T1' => 0], $this->enrolments('MATH'));
        $this->assertFileDoesNotExist("$folder/enrols.csv");
    }

    public function test_the_failed_lines_file_has_the_header_and_exactly_the_failed_lines(): void {
        $content = "# from the SIS\ncid;uid;rolename\nMATH;S1;student\nMATH;NOBODY;student\n\"MATH\";S2;studnet\nPHYS;S2;student\n";
        $run = $this->run_file($content);
        $failed = "cid;uid;rolename\nMATH;NOBODY;student\n\"MATH\";S2;studnet\n";
        $file = run_files::failed_lines_file($run->id);
        $this->assertSame('enrols-failed.csv', $file->get_filename());
        $this->assertSame("\u{FEFF}" . $failed, $file->get_content());

        // Corrected, it runs: S2 gets the role it was meant to have.
        $run = $this->run_file(str_replace('studnet', 'student', $file->get_content()));
        $this->assertEquals([1, 1, 0], [$run->applied, $run->failed, $run->unchanged]);
        $this->assertSame(['S1' => 0, 'S2' => 0], $this->enrolments('MATH'));

        $this->assertNull(run_files::failed_lines_file($this->run_file(self::FILE)->id));
    }

    public function test_a_flat_file_failed_lines_file_has_no_header(): void {
        global $DB;
        $DB->set_field('course', 'idnumber', 'M1', ['id' => $this->courses['MATH']->id]);
        $run = $this->run_file("add, student, S1, M1\nadd, student, NOBODY, M1\n", ['format' => 'flatfile']);
        $this->assertSame("\u{FEFF}add, student, NOBODY, M1\n", run_files::failed_lines_file($run->id)->get_content());
    }

    public function test_the_failed_lines_file_of_a_large_run_is_written_as_a_stream(): void {
        $run = $this->run_file("cid;uid;rolename\nMATH;NOBODY;student\n");
        $count = 20000;
        $this->add_failed_lines($run->id, 3, $count);

        $peak = $this->peak_memory(fn() => run_files::store_failed_lines($run->id, 'enrols.csv', 'cid;uid;rolename'));

        $handle = run_files::failed_lines_file($run->id)->get_content_file_handle();
        $this->assertSame("\u{FEFF}cid;uid;rolename\n", fgets($handle));
        $this->assertSame("MATH;NOBODY;student\n", fgets($handle));
        $line = 3;
        while (($text = fgets($handle)) !== false) {
            if ($text !== self::failed_raw($line) . "\n") {
                $this->fail("line $line of the file: $text");
            }
            $line++;
        }
        fclose($handle);
        $this->assertSame(3 + $count, $line, 'every failed line, in order, once');
        if ($this->recordsets_stream()) {
            // Held in PHP, the lines would take some 25 megabytes.
            $this->assertLessThan(4 * 1024 * 1024, $peak, 'the failed lines were held in memory');
        }
    }
}
