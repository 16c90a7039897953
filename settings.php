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
 * The tool's page (Site administration > Users > Enrolments... under "Enrolment sync") and its
 * settings (spec §8). Defaults come from \tool_enrolsync\run_options::DEFAULTS, which the engine
 * also uses when a setting was never saved.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

use tool_enrolsync\run_options;

$ADMIN->add('enrolments', new admin_category('tool_enrolsync', new lang_string('pluginname', 'tool_enrolsync')));
$ADMIN->add('tool_enrolsync', new admin_externalpage(
    'tool_enrolsync_run',
    new lang_string('runpage', 'tool_enrolsync'),
    new moodle_url('/admin/tool/enrolsync/index.php'),
    'tool/enrolsync:run'
));
$ADMIN->add('tool_enrolsync', new admin_externalpage(
    'tool_enrolsync_changes',
    new lang_string('changes', 'tool_enrolsync'),
    new moodle_url('/admin/tool/enrolsync/changes.php'),
    'tool/enrolsync:run'
));
$ADMIN->add('tool_enrolsync', new admin_externalpage(
    'tool_enrolsync_files',
    new lang_string('commandfiles', 'tool_enrolsync'),
    new moodle_url('/admin/tool/enrolsync/files.php'),
    'tool/enrolsync:run'
));
// It changes the site's settings (the page also requires tool/enrolsync:run).
$ADMIN->add('tool_enrolsync', new admin_externalpage(
    'tool_enrolsync_takeover',
    new lang_string('takeover', 'tool_enrolsync'),
    new moodle_url('/admin/tool/enrolsync/takeover.php'),
    'moodle/site:config'
));

if ($hassiteconfig) {
    $settings = new admin_settingpage('tool_enrolsync_settings', new lang_string('settings', 'tool_enrolsync'));
    if ($ADMIN->fulltree) {
        $defaults = run_options::DEFAULTS;
        $choices = fn(array $values) => array_combine(
            $values,
            array_map(fn($value) => new lang_string('choice_' . str_replace('-', '', $value), 'tool_enrolsync'), $values)
        );
        $setting = fn(string $name) => ['tool_enrolsync/' . $name, new lang_string($name, 'tool_enrolsync'),
            new lang_string($name . '_desc', 'tool_enrolsync')];

        $settings->add(new admin_setting_heading('tool_enrolsync/files', new lang_string('heading_files', 'tool_enrolsync'), ''));
        $settings->add(new \tool_enrolsync\admin\setting_standardfile(...$setting('standardfile')));
        $settings->add(new admin_setting_configselect(...[...$setting('fileaction'), $defaults['fileaction'],
            $choices(['archive', 'keep', 'delete'])]));
        $settings->add(new admin_setting_configtext(...[...$setting('feedhours'), $defaults['feedhours'], '/^\d{1,4}$/', 6]));
        $settings->add(new admin_setting_configtext(...[...$setting('retentiondays'), $defaults['retentiondays'], '/^\d+$/', 6]));

        $settings->add(new admin_setting_heading(
            'tool_enrolsync/reading',
            new lang_string('heading_reading', 'tool_enrolsync'),
            ''
        ));
        $settings->add(new admin_setting_configselect(...[...$setting('format'), $defaults['format'],
            $choices(['auto', 'native', 'flatfile'])]));
        $settings->add(new admin_setting_configselect(...[...$setting('encoding'), $defaults['encoding'],
            $choices(['auto', 'utf-8', 'windows-1252', 'iso-8859-1'])]));
        $settings->add(new admin_setting_configselect(...[...$setting('delimiter'), $defaults['delimiter'],
            $choices(['auto', 'semicolon', 'comma', 'tab', 'pipe'])]));
        $settings->add(new admin_setting_configselect(...[...$setting('useridentifier'), $defaults['useridentifier'],
            $choices(['idnumber', 'username', 'email', 'id'])]));
        $settings->add(new admin_setting_configselect(...[...$setting('courseidentifier'), $defaults['courseidentifier'],
            $choices(['shortname', 'idnumber', 'id'])]));
        $settings->add(new admin_setting_configselect(...[...$setting('defaultcmd'), $defaults['defaultcmd'],
            $choices(['add', 'del', 'shift', 'disable', 'enable'])]));
        $settings->add(new admin_setting_configtext(...[...$setting('maxfilesize'), $defaults['maxfilesize'], '/^\d{1,6}$/', 6]));

        $settings->add(new admin_setting_heading(
            'tool_enrolsync/applying',
            new lang_string('heading_applying', 'tool_enrolsync'),
            ''
        ));
        $settings->add(new admin_setting_configcheckbox(...[...$setting('createinstances'), $defaults['createinstances']]));
        $settings->add(new admin_setting_configcheckbox(...[...$setting('enrolwhendisabled'), $defaults['enrolwhendisabled']]));
        $settings->add(new admin_setting_configcheckbox(...[...$setting('notifyteachers'), $defaults['notifyteachers']]));
        $settings->add(new admin_setting_configselect(...[...$setting('welcomemessages'), $defaults['welcomemessages'],
            $choices(['instance', 'never'])]));
        $settings->add(new admin_setting_configtext(...[...$setting('parts'), $defaults['parts'], '/^\d{1,2}$/', 4]));
        $settings->add(new admin_setting_configtext(...[...$setting('webservicequeue'), $defaults['webservicequeue'],
            '/^\d{1,7}$/', 8]));
        // Stored as role ids; until saved, the roles of these archetypes.
        $settings->add(new admin_setting_pickroles(...[...$setting('roles'), run_options::DEFAULT_ROLES]));
        $settings->add(new \tool_enrolsync\admin\setting_rolemap(...$setting('rolemap')));
        $courseroles = array_intersect_key(
            role_fix_names(get_all_roles(), null, ROLENAME_ORIGINAL, true),
            array_flip(get_roles_for_contextlevels(CONTEXT_COURSE))
        );
        $settings->add(new admin_setting_configselect(...[...$setting('defaultrole'), $defaults['defaultrole'],
            [0 => new lang_string('none')] + $courseroles]));
        // Moodle's ENROL_EXT_REMOVED_* (enrol_flatfile's unenrol action), and tool_sync's.
        $delactions = [
            run_options::DEL_TOOLSYNC => new lang_string('choice_delactiontoolsync', 'tool_enrolsync'),
            ENROL_EXT_REMOVED_UNENROL => new lang_string('choice_delactionunenrol', 'tool_enrolsync'),
            ENROL_EXT_REMOVED_KEEP => new lang_string('choice_delactionkeep', 'tool_enrolsync'),
            run_options::DEL_ROLEONLY => new lang_string('choice_delactionroleonly', 'tool_enrolsync'),
            ENROL_EXT_REMOVED_SUSPEND => new lang_string('choice_delactionsuspend', 'tool_enrolsync'),
            ENROL_EXT_REMOVED_SUSPENDNOROLES => new lang_string('choice_delactionsuspendnoroles', 'tool_enrolsync'),
        ];
        $settings->add(new admin_setting_configselect(...[...$setting('delactionflatfile'), $defaults['delactionflatfile'],
            array_diff_key($delactions, [run_options::DEL_TOOLSYNC => 1])]));
        $settings->add(new admin_setting_configselect(...[...$setting('delactionnative'), $defaults['delactionnative'],
            $delactions]));

        $settings->add(new admin_setting_heading(
            'tool_enrolsync/fullsyncheading',
            new lang_string('heading_fullsync', 'tool_enrolsync'),
            new lang_string('heading_fullsync_desc', 'tool_enrolsync')
        ));
        $settings->add(new admin_setting_configcheckbox(...[...$setting('fullsync'), $defaults['fullsync']]));
        $settings->add(new admin_setting_configselect(...[...$setting('removalaction'), $defaults['removalaction'],
            $choices(['suspend', 'unenrol', 'keep'])]));
        $settings->add(new admin_setting_configtext(...[...$setting('threshold'), $defaults['threshold'],
            '/^(100(\.0+)?|\d{1,2}(\.\d+)?)$/', 6]));
    }
    $ADMIN->add('tool_enrolsync', $settings);
}
