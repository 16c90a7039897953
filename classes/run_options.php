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
 * The options of one run: the plugin's settings (spec §8), with what the caller overrides
 * (dry run, format, full sync, force).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class run_options {
    /** The settings and their defaults. */
    const DEFAULTS = [
        'standardfile' => 'enrols.csv',
        'useridentifier' => 'idnumber',
        'courseidentifier' => 'shortname',
        'defaultcmd' => 'add',
        'format' => 'auto',
        'delimiter' => 'auto',
        'encoding' => 'auto',
        'fileaction' => 'archive',
        'createinstances' => 1,
        'enrolwhendisabled' => 0,
        'notifyteachers' => 0,
        'welcomemessages' => 'instance',
        'parts' => 0,
        // A real run through the web service with more operations than this is queued (adhoc task).
        'webservicequeue' => 2000,
        'fullsync' => 0,
        'removalaction' => 'suspend',
        'threshold' => 10,
        'retentiondays' => 90,
        // A feed is expected at least every so many hours (0: none is; see feed).
        'feedhours' => 26,
        // The largest file a run reads, in MB (0: no limit).
        'maxfilesize' => 200,
        // Role ids, comma-separated ('': none); null until saved: the roles of DEFAULT_ROLES.
        'roles' => null,
        // Lines "file role name = role shortname" (admin\setting_rolemap); '': shortnames only.
        'rolemap' => '',
        // The role id of lines with an empty role (0: none, they fail).
        'defaultrole' => 0,
        // What a del line does: ENROL_EXT_REMOVED_*, DEL_TOOLSYNC or DEL_ROLEONLY. Install and upgrade set the
        // flat-file one from enrol_flatfile's unenrolaction (local\flatfile_settings).
        'delactionflatfile' => ENROL_EXT_REMOVED_SUSPENDNOROLES,
        'delactionnative' => self::DEL_TOOLSYNC,
    ];

    /** Del action: tool_sync's (unassign the role, unenrol when none is left), besides Moodle's ENROL_EXT_REMOVED_*. */
    const DEL_TOOLSYNC = -1;
    /** The del action that removes the line's role only, and keeps the enrolment (spec §4). */
    const DEL_ROLEONLY = -2;

    /** The roles a run may assign until the setting is saved: those of these archetypes. */
    const DEFAULT_ROLES = ['student', 'teacher', 'editingteacher'];

    /** @var array setting => value */
    private array $values;
    /** @var bool */
    public bool $dryrun;
    /** @var bool confirms a full sync above the safety threshold */
    public bool $force;
    /** @var int the refused run whose removals this run confirms (it applies only if they are the same) */
    public int $confirms;

    /**
     * The options: the settings, with what the caller overrides. A confirmation (confirms) is a
     * full sync of the confirmed run's format, and a dry run when that run was one, whatever the
     * caller says: every entry point (page, command line, web services) confirms the run as it
     * was. A real run can still be confirmed as a dry run (a preview); a dry one never for real.
     *
     * @param array $overrides settings to use instead of the configured ones, plus dryrun, force and confirms
     */
    public function __construct(array $overrides = []) {
        global $DB;
        $config = (array) get_config('tool_enrolsync');
        $this->values = array_merge(
            self::DEFAULTS,
            array_intersect_key($config, self::DEFAULTS),
            array_intersect_key($overrides, self::DEFAULTS)
        );
        $this->dryrun = !empty($overrides['dryrun']);
        $this->force = !empty($overrides['force']);
        $this->confirms = (int) ($overrides['confirms'] ?? 0);
        $confirmed = $this->confirms ? $DB->get_record('tool_enrolsync_runs', ['id' => $this->confirms], 'id, dryrun, format')
            : null;
        // A take-over confirms its own dry run, and is then real (see takeover).
        if ($confirmed && $confirmed->format !== takeover::FORMAT) {
            $this->values['fullsync'] = 1;
            $this->values['format'] = $confirmed->format ?: $this->values['format'];
            $this->dryrun = $this->dryrun || $confirmed->dryrun;
        }
    }

    /**
     * A setting's configured value, or its default.
     *
     * @param string $name
     * @return mixed
     */
    public static function setting(string $name) {
        $value = get_config('tool_enrolsync', $name);
        return $value === false ? self::DEFAULTS[$name] : $value;
    }

    /**
     * Every value, as overrides that make the same options whatever the settings are by then
     * (an adhoc task applies a part of a run with its run's options).
     *
     * @return array
     */
    public function overrides(): array {
        return $this->values + ['dryrun' => $this->dryrun, 'force' => $this->force, 'confirms' => $this->confirms];
    }

    /**
     * A setting's value.
     *
     * @param string $name
     * @return mixed
     */
    public function get(string $name) {
        return $this->values[$name];
    }

    /**
     * The roles a run may assign (setting roles).
     *
     * @return int[] role ids
     */
    public function allowed_roles(): array {
        $setting = $this->values['roles'];
        if ($setting !== null) {
            // Saved with no role ticked: none.
            return $setting === '' ? [] : array_map('intval', explode(',', $setting));
        }
        $ids = [];
        foreach (self::DEFAULT_ROLES as $archetype) {
            $ids = array_merge($ids, array_keys(get_archetype_roles($archetype)));
        }
        return $ids;
    }

    /**
     * The options of \EnrolSync\File::open().
     *
     * @return array
     */
    public function read_options(): array {
        return array_intersect_key($this->values, array_flip(
            ['format', 'encoding', 'delimiter', 'defaultcmd', 'useridentifier', 'courseidentifier']
        )) + ['defaultrole' => (int) $this->values['defaultrole']];
    }

    /**
     * The role map (setting rolemap) as the extension takes it: file role name => role shortname,
     * both trimmed. Lines that are not mappings are left out (the setting refuses to save them).
     *
     * @return string[]
     */
    public function role_map(): array {
        $map = [];
        foreach (self::role_mappings((string) $this->values['rolemap']) as [$name, $shortname]) {
            if ($name !== '' && $shortname !== '') {
                $map[$name] = $shortname;
            }
        }
        return $map;
    }

    /**
     * The non-blank lines of a role map by line number (1-based), each split at its last "=" (a
     * shortname has none) into the trimmed name and shortname; a line without "=" gives two ''.
     *
     * @param string $value
     * @return array[] line number => [name, shortname]
     */
    public static function role_mappings(string $value): array {
        $mappings = [];
        foreach (preg_split('/\R/', $value) as $index => $line) {
            if (trim($line) === '') {
                continue;
            }
            $at = strrpos($line, '=');
            $mappings[$index + 1] = $at === false ? ['', ''] : [trim(substr($line, 0, $at)), trim(substr($line, $at + 1))];
        }
        return $mappings;
    }

    /**
     * The options of \EnrolSync\File::plan().
     *
     * @param int $now the run's start
     * @return array
     */
    public function plan_options(int $now): array {
        return [
            'now' => $now,
            'createinstances' => (bool) $this->values['createinstances'],
            'enrolwhendisabled' => (bool) $this->values['enrolwhendisabled'],
            'fullsync' => (bool) $this->values['fullsync'],
            'removalaction' => $this->values['removalaction'],
            // Not a number: as it is, for the extension to refuse (a cast would make it 0).
            'threshold' => is_numeric($this->values['threshold']) ? (float) $this->values['threshold']
                : $this->values['threshold'],
            // A confirmation goes past the threshold, then applies only the removals it was shown.
            'force' => $this->force || $this->confirms > 0,
            'rolemap' => $this->role_map(),
            'delactionflatfile' => (int) $this->values['delactionflatfile'],
            'delactionnative' => (int) $this->values['delactionnative'],
        ];
    }
}
