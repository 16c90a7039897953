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
 * Upgrades of the plugin's tables.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

/**
 * Brings the plugin's tables from $oldversion to this version.
 *
 * @param int $oldversion
 * @return bool
 */
function xmldb_tool_enrolsync_upgrade($oldversion) {
    global $DB;
    $dbman = $DB->get_manager();

    if ($oldversion < 2026112503) {
        // The runs, their failed lines, and the enrolments the tool created: as db/install.xml.
        foreach (['tool_enrolsync_runs', 'tool_enrolsync_lines', 'tool_enrolsync_managed'] as $name) {
            if (!$dbman->table_exists($name)) {
                $dbman->install_one_table_from_xmldb_file(__DIR__ . '/install.xml', $name);
            }
        }
        upgrade_plugin_savepoint(true, 2026112503, 'tool', 'enrolsync');
    }

    if ($oldversion < 2026112504) {
        // Failed lines know the user they name, so that the privacy API can export and delete them.
        $table = new xmldb_table('tool_enrolsync_lines');
        $field = new xmldb_field('userid', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0', 'errorarg');
        if (!$dbman->field_exists($table, $field)) {
            $dbman->add_field($table, $field);
        }
        $index = new xmldb_index('userid', XMLDB_INDEX_NOTUNIQUE, ['userid']);
        if (!$dbman->index_exists($table, $index)) {
            $dbman->add_index($table, $index);
        }
        upgrade_plugin_savepoint(true, 2026112504, 'tool', 'enrolsync');
    }

    if ($oldversion < 2026112505) {
        // Text columns that must not be null have no default (XMLDB rejects ''): the engine sets them.
        $runs = new xmldb_table('tool_enrolsync_runs');
        foreach (['contenthash' => 40, 'format' => 10, 'encoding' => 20, 'delimiter' => 1, 'errorkey' => 30] as $name => $length) {
            $dbman->change_field_default($runs, new xmldb_field($name, XMLDB_TYPE_CHAR, $length, null, XMLDB_NOTNULL));
        }
        upgrade_plugin_savepoint(true, 2026112505, 'tool', 'enrolsync');
    }

    if ($oldversion < 2026112506) {
        // Runs applied by adhoc tasks in parts.
        if (!$dbman->table_exists('tool_enrolsync_parts')) {
            $dbman->install_one_table_from_xmldb_file(__DIR__ . '/install.xml', 'tool_enrolsync_parts');
        }
        upgrade_plugin_savepoint(true, 2026112506, 'tool', 'enrolsync');
    }

    if ($oldversion < 2026120300) {
        // No column is named by a word a database reserves: lines (MySQL, MariaDB) and raw (Oracle).
        $runs = new xmldb_table('tool_enrolsync_runs');
        $field = new xmldb_field('lines', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0', 'timefinished');
        if ($dbman->field_exists($runs, $field)) {
            $dbman->rename_field($runs, $field, 'linecount');
        }
        $lines = new xmldb_table('tool_enrolsync_lines');
        $field = new xmldb_field('raw', XMLDB_TYPE_TEXT, null, null, XMLDB_NOTNULL, null, null, 'line');
        if ($dbman->field_exists($lines, $field)) {
            $dbman->rename_field($lines, $field, 'rawline');
        }
        upgrade_plugin_savepoint(true, 2026120300, 'tool', 'enrolsync');
    }

    if ($oldversion < 2026120310) {
        // Operations that fail are tried alone (not batches rolled back); why the encoding was
        // chosen; notices after a commit; the refused run a run confirms; what failed lines
        // kept from full sync's removals; the list of changes of every run.
        $runs = new xmldb_table('tool_enrolsync_runs');
        $batches = new xmldb_field('batchesfailed', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0');
        if ($dbman->field_exists($runs, $batches)) {
            $dbman->rename_field($runs, $batches, 'opsfailed');
        }
        foreach (
            [
            new xmldb_field('encodingreason', XMLDB_TYPE_CHAR, '20'),
            new xmldb_field('notices', XMLDB_TYPE_TEXT),
            new xmldb_field('confirmedrun', XMLDB_TYPE_INTEGER, '10', null, XMLDB_NOTNULL, null, '0'),
            ] as $field
        ) {
            if (!$dbman->field_exists($runs, $field)) {
                $dbman->add_field($runs, $field);
            }
        }
        $lines = new xmldb_table('tool_enrolsync_lines');
        $protection = new xmldb_field('protection', XMLDB_TYPE_CHAR, '12');
        if (!$dbman->field_exists($lines, $protection)) {
            $dbman->add_field($lines, $protection);
        }
        // A part's operations are in the run's changes: it keeps only its notices.
        $parts = new xmldb_table('tool_enrolsync_parts');
        foreach (['operations', 'failedbatches'] as $name) {
            $field = new xmldb_field($name);
            if ($dbman->field_exists($parts, $field)) {
                $dbman->drop_field($parts, $field);
            }
        }
        $notices = new xmldb_field('notices', XMLDB_TYPE_TEXT);
        if (!$dbman->field_exists($parts, $notices)) {
            $dbman->add_field($parts, $notices);
        }
        if (!$dbman->table_exists('tool_enrolsync_changes')) {
            $dbman->install_one_table_from_xmldb_file(__DIR__ . '/install.xml', 'tool_enrolsync_changes');
        }
        upgrade_plugin_savepoint(true, 2026120310, 'tool', 'enrolsync');
    }

    if ($oldversion < 2026120311) {
        // Room for the status "interrupted".
        $runs = new xmldb_table('tool_enrolsync_runs');
        $dbman->change_field_precision($runs, new xmldb_field('status', XMLDB_TYPE_CHAR, '15', null, XMLDB_NOTNULL));
        upgrade_plugin_savepoint(true, 2026120311, 'tool', 'enrolsync');
    }

    if ($oldversion < 2026120704) {
        // A take-over of enrol_flatfile records the settings it changed.
        $runs = new xmldb_table('tool_enrolsync_runs');
        $field = new xmldb_field('settings', XMLDB_TYPE_TEXT, null, null, null, null, null, 'confirmedrun');
        if (!$dbman->field_exists($runs, $field)) {
            $dbman->add_field($runs, $field);
        }
        upgrade_plugin_savepoint(true, 2026120704, 'tool', 'enrolsync');
    }

    if ($oldversion < 2026120706) {
        // The removals a part may apply (its run's decision), and every user an ambiguous failed
        // line names.
        $parts = new xmldb_table('tool_enrolsync_parts');
        $removals = new xmldb_field('removals', XMLDB_TYPE_TEXT, null, null, null, null, null, 'notices');
        if (!$dbman->field_exists($parts, $removals)) {
            $dbman->add_field($parts, $removals);
        }
        if (!$dbman->table_exists('tool_enrolsync_lineusers')) {
            $dbman->install_one_table_from_xmldb_file(__DIR__ . '/install.xml', 'tool_enrolsync_lineusers');
        }
        upgrade_plugin_savepoint(true, 2026120706, 'tool', 'enrolsync');
    }

    if ($oldversion < 2026120707) {
        // The role map and the flat-file del action start as enrol_flatfile's, as at install.
        \tool_enrolsync\local\flatfile_settings::apply();
        upgrade_plugin_savepoint(true, 2026120707, 'tool', 'enrolsync');
    }

    return true;
}
