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

namespace tool_enrolsync\local;

defined('MOODLE_INTERNAL') || die();

require_once(__DIR__ . '/../engine_testcase.php');

#[\PHPUnit\Framework\Attributes\CoversClass(\tool_enrolsync\local\notifier::class)]
/**
 * The messages of a run: new students to the editing teachers, reports of failed runs to the
 * administrators.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\local\notifier
 */
final class notifier_test extends \tool_enrolsync\engine_testcase {
    /**
     * Runs a file and returns the messages the tool sent (Moodle's own, such as the welcome
     * message of manual enrolments, are not this test's business).
     *
     * @param string $content
     * @param array $options
     * @return \stdClass[]
     */
    private function messages_of(string $content, array $options = []): array {
        $this->preventResetByRollback(); // Messages are sent after the batches' transactions.
        $sink = $this->redirectMessages();
        $this->run_file($content, $options);
        $messages = array_filter($sink->get_messages(), fn($message) => $message->component === 'tool_enrolsync');
        $sink->close();
        return array_values($messages);
    }

    protected function tearDown(): void {
        global $CFG;
        remove_dir("$CFG->langotherroot/fr");
        get_string_manager()->reset_caches();
        parent::tearDown();
    }

    /**
     * Installs French as a language of the site: its language pack holds only langconfig.php, which
     * is enough for Moodle to switch to it and take the plugin's own lang/fr strings.
     */
    private function install_french(): void {
        global $CFG;
        check_dir_exists("$CFG->langotherroot/fr");
        file_put_contents(
            "$CFG->langotherroot/fr/langconfig.php",
            "<?php\n\$string['thislanguage'] = 'Français';\n\$string['parentlanguage'] = '';\n"
        );
        get_string_manager()->reset_caches();
    }

    public function test_each_editing_teacher_gets_one_message_per_course_with_its_new_students(): void {
        global $DB;
        $generator = $this->getDataGenerator();
        $math = $this->courses['MATH']->id;
        $generator->enrol_user($this->users['T1']->id, $math, 'editingteacher');
        $this->install_french();
        $teacher2 = $generator->create_user(['idnumber' => 'T2']);
        // Set after the fact: core_user caches the languages it accepts.
        $DB->set_field('user', 'lang', 'fr', ['id' => $teacher2->id]);
        $generator->enrol_user($teacher2->id, $math, 'editingteacher');
        $generator->enrol_user($this->users['S3']->id, $math, 'teacher'); // Not an editing teacher.
        set_config('notifyteachers', 1, 'tool_enrolsync');

        $messages = $this->messages_of("cid;uid;rolename\nMATH;S1;student\nMATH;S2;student\nPHYS;S1;student\n");

        $this->assertCount(2, $messages);
        $byuser = array_column($messages, null, 'useridto');
        $english = $byuser[$this->users['T1']->id];
        $this->assertSame('newstudents', $english->eventtype);
        $this->assertSame('tool_enrolsync', $english->component);
        $this->assertStringContainsString(': 2 new student(s)', $english->subject);
        $this->assertStringContainsString(fullname($this->users['S1']), $english->fullmessage);
        $this->assertStringContainsString(fullname($this->users['S2']), $english->fullmessage);
        $this->assertStringContainsString('nouvel(s) étudiant(s)', $byuser[$teacher2->id]->subject);

        // Nothing new, nothing said; a new teacher is not a new student.
        $this->assertSame([], $this->messages_of("cid;uid;rolename\nMATH;S1;student\nMATH;S3;editingteacher\n"));
    }

    public function test_teachers_enrolled_by_the_same_run_as_their_students_are_told(): void {
        set_config('notifyteachers', 1, 'tool_enrolsync');
        // The start of a term: teacher and students arrive in one file. Their enrolments start
        // when the run started, which Moodle's "active now" (rounded to 100 s) may not see yet.
        $messages = $this->messages_of("cid;uid;rolename\nMATH;T1;editingteacher\nMATH;S1;student\nMATH;S2;student\n");

        $this->assertCount(1, $messages);
        $this->assertEquals($this->users['T1']->id, $messages[0]->useridto);
        $this->assertStringContainsString(': 2 new student(s)', $messages[0]->subject);
    }

    public function test_no_message_for_a_dry_run_or_when_the_setting_is_off(): void {
        $this->getDataGenerator()->enrol_user($this->users['T1']->id, $this->courses['MATH']->id, 'editingteacher');
        $this->assertSame([], $this->messages_of("cid;uid;rolename\nMATH;S1;student\n"));
        set_config('notifyteachers', 1, 'tool_enrolsync');
        $this->assertSame([], $this->messages_of("cid;uid;rolename\nMATH;S2;student\n", ['dryrun' => true]));
    }

    public function test_a_long_list_of_names_is_capped_with_the_total(): void {
        $generator = $this->getDataGenerator();
        $generator->enrol_user($this->users['T1']->id, $this->courses['MATH']->id, 'editingteacher');
        $lines = "cid;uid;rolename\n";
        for ($i = 1; $i <= notifier::NAMES_SHOWN + 5; $i++) {
            $generator->create_user(['idnumber' => "N$i"]);
            $lines .= "MATH;N$i;student\n";
        }
        set_config('notifyteachers', 1, 'tool_enrolsync');
        [$message] = $this->messages_of($lines);
        $this->assertStringContainsString((notifier::NAMES_SHOWN + 5) . ' new student(s)', $message->fullmessage);
        $this->assertStringContainsString('… and 5 more.', $message->fullmessage);
        $this->assertSame(notifier::NAMES_SHOWN, substr_count($message->fullmessage, "\n- "));
    }

    public function test_administrators_get_the_report_of_a_run_with_failures_only(): void {
        [$report] = $this->messages_of("cid;uid;rolename\nMATH;S1;student\nMATH;NOBODY;student\n");
        $this->assertSame('runreport', $report->eventtype);
        $this->assertEquals(get_admin()->id, $report->useridto);
        $this->assertStringContainsString('enrols.csv needs attention', $report->subject);
        $this->assertStringContainsString("line 3: Unknown user 'NOBODY'", $report->fullmessage);

        [$rejected] = $this->messages_of("cid;uid;colour\nMATH;S1;blue\n");
        $this->assertStringContainsString("Unknown column 'colour'", $rejected->fullmessage);

        $this->assertSame([], $this->messages_of("cid;uid;rolename\nMATH;S2;student\n"));
        $this->assertSame([], $this->messages_of("cid;uid;rolename\nMATH;NOBODY;student\n", ['dryrun' => true]));
    }

    public function test_a_stale_drop_folder_lock_is_told_to_each_administrator_in_their_language(): void {
        global $DB;
        $this->install_french();
        $french = $this->getDataGenerator()->create_user();
        $DB->set_field('user', 'lang', 'fr', ['id' => $french->id]);
        set_config('siteadmins', get_admin()->id . ',' . $french->id);
        $since = time() - 4 * HOURSECS;
        $sink = $this->redirectMessages();

        $this->assertSame([], notifier::stale_drop_lock($since));

        $messages = array_column($sink->get_messages(), null, 'useridto');
        $this->assertCount(2, $messages);
        $english = $messages[get_admin()->id];
        $this->assertSame(['tool_enrolsync', 'runreport'], [$english->component, $english->eventtype]);
        $this->assertStringContainsString("The remote writer's lock alock.txt", $english->fullmessage);
        $this->assertStringContainsString(userdate($since), $english->fullmessage);
        $this->assertStringContainsString("Le verrou de l'émetteur alock.txt", $messages[$french->id]->fullmessage);
    }

    public function test_the_feed_messages_are_in_each_administrators_language(): void {
        global $DB;
        $this->preventResetByRollback();
        $this->install_french();
        $DB->set_field('user', 'lang', 'fr', ['id' => get_admin()->id]);
        $since = time() - 2 * DAYSECS;
        $sink = $this->redirectMessages();

        $this->assertSame([], notifier::feed_late($since, 26));
        $this->assertSame([], notifier::feed_back($since, time()));

        [$late, $back] = $sink->get_messages();
        $this->assertSame(['runreport', 'runreport'], [$late->eventtype, $back->eventtype]);
        $this->assertStringContainsString('Aucun fichier d\'inscriptions', $late->fullmessage);
        $this->assertStringContainsString('26', $late->fullmessage);
        $this->assertStringContainsString('de nouveau', $back->subject);
    }
}
