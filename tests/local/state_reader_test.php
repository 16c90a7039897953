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

/**
 * The state reader's chunked queries close their recordsets, also when a row cannot be used.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @covers     \tool_enrolsync\local\state_reader
 */
final class state_reader_test extends \advanced_testcase {
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
