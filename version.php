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
 * Version information for tool_enrolsync.
 *
 * The release must equal the version of the PHP extension enrolsync (Cargo.toml): both are
 * built from this repository and checked against each other (see \tool_enrolsync\extension).
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$plugin->component = 'tool_enrolsync';
$plugin->version   = 2026120707;
$plugin->requires  = 2024100700; // Moodle 4.5 LTS.
$plugin->supported = [405, 501]; // Moodle 4.5 LTS to 5.1, each tested.
$plugin->maturity  = MATURITY_ALPHA;
$plugin->release   = '0.1.0';
