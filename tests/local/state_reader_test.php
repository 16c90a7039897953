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

use tool_enrolsync\run_report;

/**
 * How a file's keys match the site's users and courses, the same on every database: PostgreSQL
 * compares text with case and accents, MariaDB's utf8mb4_unicode_ci without either. The rule
 * (README, "Matching"): usernames as Moodle stores them (lower case), e-mail addresses without
 * case, idnumbers and short names exactly; a key several users have is a line error. And the
 * chunked queries close their recordsets, also when a row cannot be used.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\local\state_reader
 */
final class state_reader_test extends \tool_enrolsync\engine_testcase {
    /**
     * The failed lines of a run: line number => error key.
     *
     * @param \stdClass $run
     * @return string[]
     */
    private function failures(\stdClass $run): array {
        return array_column(run_report::failed_lines($run->id), 'key', 'line');
    }

    public function test_user_idnumbers_match_exactly(): void {
        $generator = $this->getDataGenerator();
        $generator->create_user(['idnumber' => 'u001']);
        $generator->create_user(['idnumber' => 'X1']);
        $generator->create_user(['idnumber' => 'x1']);
        $generator->create_user(['idnumber' => 'é2']);
        $run = $this->run_file("cid;uid;rolename\n" .
            "MATH;U001;student\n" .  // Only u001 exists.
            "MATH;u001;student\n" .
            "MATH;x1;student\n" .    // X1 and x1 are two users, not one ambiguous key.
            "MATH;e2;student\n" .    // Only é2 exists.
            "MATH;É2;student\n");
        $this->assertSame([2 => 'unknownuser', 5 => 'unknownuser', 6 => 'unknownuser'], $this->failures($run));
        $this->assertSame(['u001' => 0, 'x1' => 0], $this->enrolments('MATH'));
    }

    public function test_course_short_names_and_idnumbers_match_exactly(): void {
        $generator = $this->getDataGenerator();
        $chem = $generator->create_course(['shortname' => 'CHÉM', 'idnumber' => 'c-001']);
        $this->courses['CHÉM'] = $chem;
        $file = "cid;uid;rolename\nCHEM;S1;student\nchém;S1;student\nCHÉM;S2;student\n";
        $run = $this->run_file($file, ['courseidentifier' => 'shortname']);
        $this->assertSame([2 => 'unknowncourse', 3 => 'unknowncourse'], $this->failures($run));
        $this->assertSame(['S2' => 0], $this->enrolments('CHÉM'));

        $run = $this->run_file("cid;uid;rolename\nC-001;S1;student\nc-001;S3;student\n", ['courseidentifier' => 'idnumber']);
        $this->assertSame([2 => 'unknowncourse'], $this->failures($run));
        $this->assertSame(['S2' => 0, 'S3' => 0], $this->enrolments('CHÉM'));
    }

    public function test_usernames_match_in_any_case_as_moodle_stores_them_in_lower_case(): void {
        $this->getDataGenerator()->create_user(['username' => 'jdupont', 'idnumber' => 'JD']);
        $file = "cid;uid;rolename\nMATH;JDupont;student\nPHYS;JDUPONT;student\nPHYS;jdupond;student\n";
        $run = $this->run_file($file, ['useridentifier' => 'username']);
        $this->assertSame([4 => 'unknownuser'], $this->failures($run));
        $this->assertSame(['JD' => 0], $this->enrolments('MATH'));
        $this->assertSame(['JD' => 0], $this->enrolments('PHYS'));
    }

    public function test_emails_match_in_any_case_but_with_their_accents(): void {
        $generator = $this->getDataGenerator();
        $generator->create_user(['email' => 'Marie.Curie@Example.ORG', 'idnumber' => 'MC']);
        $generator->create_user(['email' => 'josé@example.org', 'idnumber' => 'JO']);
        $file = "cid;uid;rolename\n" .
            "MATH;marie.curie@example.org;student\n" .
            "PHYS;MARIE.CURIE@EXAMPLE.ORG;student\n" .
            "MATH;jose@example.org;student\n" .  // Only josé exists.
            "PHYS;JOSÉ@example.org;student\n";
        $run = $this->run_file($file, ['useridentifier' => 'email']);
        $this->assertSame([4 => 'unknownuser'], $this->failures($run));
        $this->assertSame(['MC' => 0], $this->enrolments('MATH'));
        $this->assertSame(['JO' => 0, 'MC' => 0], $this->enrolments('PHYS'));
    }

    public function test_a_key_several_users_have_is_a_line_error(): void {
        set_config('allowaccountssameemail', 1);
        $generator = $this->getDataGenerator();
        $generator->create_user(['email' => 'twin@example.org', 'idnumber' => 'TW']);
        $generator->create_user(['email' => 'twin@example.org', 'idnumber' => 'TW']);
        $generator->create_user(['email' => 'TWIN@example.org', 'idnumber' => 'TW3']);
        $run = $this->run_file("cid;uid;rolename\nMATH;Twin@Example.org;student\n", ['useridentifier' => 'email']);
        $this->assertSame([2 => 'ambiguoususer'], $this->failures($run));
        $run = $this->run_file("cid;uid;rolename\nMATH;TW;student\nMATH;TW3;student\n");
        $this->assertSame([2 => 'ambiguoususer'], $this->failures($run));
        $this->assertSame(['TW3' => 0], $this->enrolments('MATH'));
    }

    public function test_a_recordset_is_closed_when_its_rows_throw(): void {
        $recordset = new class extends \moodle_recordset {
            /** @var bool */
            public bool $closed = false;
            /** @var int */
            private int $row = 0;

            /**
             * One row.
             *
             * @return \stdClass
             */
            public function current(): \stdClass {
                return (object) ['id' => 1];
            }

            /**
             * The row's number.
             *
             * @return int
             */
            public function key(): int {
                return $this->row;
            }

            /**
             * The next row.
             */
            public function next(): void {
                $this->row++;
            }

            /**
             * Whether there is a row.
             *
             * @return bool
             */
            public function valid(): bool {
                return $this->row < 1;
            }

            /**
             * Closes it.
             */
            public function close() {
                $this->closed = true;
            }
        };
        $eachchunk = new \ReflectionMethod(state_reader::class, 'each_chunk');
        try {
            $eachchunk->invoke(null, [1], fn() => $recordset, fn() => throw new \coding_exception('bad row'));
            $this->fail('no exception');
        } catch (\coding_exception $e) {
            $this->assertStringContainsString('bad row', $e->getMessage());
        }
        $this->assertTrue($recordset->closed);
    }
}
