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
 * French strings for tool_enrolsync.
 *
 * @package    tool_enrolsync
 * @copyright  2026 tool_enrolsync contributors
 * @license    https://www.gnu.org/copyleft/gpl.html GNU GPL v3 or later
 */

defined('MOODLE_INTERNAL') || die();

$string['checkextension'] = 'Extension de synchronisation des inscriptions';
$string['checkextensionerror'] = 'L\'extension PHP enrolsync n\'est pas utilisable';
$string['checkextensionok'] = 'L\'extension PHP enrolsync {$a} est chargée';
$string['error_ambiguoususer'] = '« {$a} » correspond à plusieurs utilisateurs';
$string['error_badcommand'] = 'Commande inconnue « {$a} » (add, del ou shift attendu)';
$string['error_baddate'] = '« {$a} » n\'est pas une date (AAAA-MM-JJ, AAAA-MM-JJ HH:MM:SS ou un horodatage Unix attendu)';
$string['error_badgroupcommand'] = 'Commande de groupe inconnue « {$a} » (gadd, gaddcreate, greplace, greplacecreate ou gdel attendu)';
$string['error_badid'] = '« {$a} » n\'est pas un identifiant de base de données';
$string['error_badoption'] = 'Option invalide : {$a}';
$string['error_badwildcard'] = 'Le rôle « * » ne s\'utilise qu\'avec la commande del';
$string['error_duplicatecolumn'] = 'La colonne « {$a} » apparaît plusieurs fois dans l\'en-tête';
$string['error_emptyfile'] = 'Le fichier ne contient aucune ligne de données';
$string['error_emptyvalue'] = 'La valeur de « {$a} » est vide';
$string['error_endbeforestart'] = 'La date de fin précède la date de début';
$string['error_methoddisabled'] = 'La méthode d\'inscription « {$a} » est désactivée sur ce site';
$string['error_missingcolumn'] = 'La colonne obligatoire « {$a} » manque dans l\'en-tête';
$string['error_noinstance'] = 'Le cours n\'a pas d\'instance d\'inscription « {$a} » et aucune ne peut être créée';
$string['error_nogroups'] = 'La commande de groupe demande au moins un nom de groupe (g1 à g9)';
$string['error_rolenotassignable'] = 'Le rôle « {$a} » ne peut pas être attribué dans un cours';
$string['error_sitecourse'] = 'La page d\'accueil du site ne peut pas être une cible';
$string['error_toofewfields'] = 'Trop peu de champs : une ligne de fichier plat est « opération, rôle, utilisateur, cours[, début[, fin]] »';
$string['error_toomanyfields'] = 'Plus de champs que l\'en-tête n\'a de colonnes ({$a})';
$string['error_undecodable'] = 'Le fichier n\'est pas en {$a} valide';
$string['error_unknowncolumn'] = 'Colonne inconnue « {$a} » dans l\'en-tête';
$string['error_unknowncourse'] = 'Cours inconnu « {$a} »';
$string['error_unknowngroup'] = 'Groupe(s) inconnu(s) dans le cours : {$a}';
$string['error_unknownmethod'] = 'Méthode d\'inscription inconnue « {$a} »';
$string['error_unknownrole'] = 'Rôle inconnu « {$a} »';
$string['error_unknownuser'] = 'Utilisateur inconnu « {$a} »';
$string['error_unreadable'] = 'Impossible de lire le fichier « {$a} »';
$string['error_unterminatedquote'] = 'Un guillemet ouvert sur cette ligne n\'est jamais fermé';
$string['extensionmismatch'] = 'L\'extension PHP {$a->name} {$a->loaded} est chargée, mais cette version du plugin demande la version {$a->expected}. Compilez l\'extension depuis la même version que le plugin (cargo build --release --features php), installez-la, puis redémarrez le serveur web.';
$string['extensionmissing'] = 'L\'extension PHP {$a->name} n\'est pas chargée : les fichiers d\'inscription ne peuvent pas être lus. Compilez-la depuis les sources du plugin (cargo build --release --features php), copiez target/release/libenrolsync.so dans le dossier des extensions de PHP (php-config --extension-dir), activez-la par « extension={$a->name} » dans le php.ini de la ligne de commande et du serveur web (PHP {$a->phpversion}), puis redémarrez le serveur web.';
$string['extensionmissing_env'] = 'Le plugin a besoin de l\'extension PHP enrolsync, compilée depuis ses sources avec cargo. Voir le README du plugin.';
$string['pluginname'] = 'Synchronisation des inscriptions';
$string['privacy:metadata'] = 'Le plugin Synchronisation des inscriptions ne stocke pas de données personnelles.';
