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
 * The PHP extension enrolsync: whether it is loaded, and whether it is the version this plugin
 * was released with (both are built from the same repository).
 *
 * Everything that asks about the extension goes through this class, so tests can simulate a
 * missing or different extension by overriding loaded_version().
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */
class extension {
    /** @var string The extension's name, as in extension_loaded() and php.ini. */
    public const NAME = 'enrolsync';

    /** The extension is loaded and has the plugin's version. */
    public const OK = 'ok';
    /** The extension is not loaded. */
    public const MISSING = 'missing';
    /** The extension is loaded with another version than the plugin's. */
    public const MISMATCH = 'mismatch';

    /**
     * The loaded extension's version.
     *
     * @return string|null null when the extension is not loaded
     */
    public function loaded_version(): ?string {
        return extension_loaded(self::NAME) ? \enrolsync_version() : null;
    }

    /**
     * The version the plugin needs: its own release.
     *
     * @return string
     */
    public function expected_version(): string {
        return \core_plugin_manager::instance()->get_plugin_info('tool_enrolsync')->release;
    }

    /**
     * One of OK, MISSING, MISMATCH.
     *
     * @return string
     */
    public function status(): string {
        $loaded = $this->loaded_version();
        if ($loaded === null) {
            return self::MISSING;
        }
        return $loaded === $this->expected_version() ? self::OK : self::MISMATCH;
    }

    /**
     * What is wrong and how to fix it, for administrators; null when all is well.
     *
     * @return string|null
     */
    public function problem(): ?string {
        $a = (object) [
            'name' => self::NAME,
            'expected' => $this->expected_version(),
            'loaded' => (string) $this->loaded_version(),
            'phpversion' => PHP_MAJOR_VERSION . '.' . PHP_MINOR_VERSION,
        ];
        switch ($this->status()) {
            case self::MISSING:
                return get_string('extensionmissing', 'tool_enrolsync', $a);
            case self::MISMATCH:
                return get_string('extensionmismatch', 'tool_enrolsync', $a);
            default:
                return null;
        }
    }
}
