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

#[\PHPUnit\Framework\Attributes\CoversNothing]
/**
 * The plugin's tables work on every database Moodle supports: no table or column is named by a
 * word one of them reserves (a column `lines` is a syntax error on MySQL and MariaDB).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 * @coversNothing
 */
final class schema_test extends \advanced_testcase {
    public function test_no_table_or_column_name_is_a_reserved_word(): void {
        global $CFG;
        require_once($CFG->libdir . '/ddl/sql_generator.php');
        $reserved = \sql_generator::getAllReservedWords();
        $file = new \xmldb_file(__DIR__ . '/../db/install.xml');
        $this->assertTrue($file->loadXMLStructure());
        $tables = $file->getStructure()->getTables();
        $this->assertNotEmpty($tables);

        $found = [];
        foreach ($tables as $table) {
            $names = [$table->getName()];
            foreach ($table->getFields() as $field) {
                $names[] = $table->getName() . '.' . $field->getName();
            }
            foreach ($names as $name) {
                $word = strtolower(substr(strrchr('.' . $name, '.'), 1));
                if (isset($reserved[$word])) {
                    $found[] = "$name (reserved in " . implode(', ', $reserved[$word]) . ')';
                }
            }
        }
        $this->assertSame([], $found);
    }
}
