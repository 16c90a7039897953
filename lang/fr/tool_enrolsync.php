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

$string['allchanges'] = 'Tous les changements : filtrer, télécharger';
$string['applyingbanner'] = 'En cours d\'application par des tâches ad hoc, en parties : les opérations effectuées s\'afficheront ici une fois toutes les parties appliquées.';
$string['atline'] = 'Ligne {$a} :';
$string['backtoreport'] = 'Retour au rapport de l\'exécution';
$string['change_addmember'] = 'Ajouté au groupe';
$string['change_assign'] = 'Rôle attribué';
$string['change_creategroup'] = 'Groupe créé';
$string['change_createinstance'] = 'Méthode d\'inscription ajoutée';
$string['change_enrol'] = 'Inscrit';
$string['change_merge'] = 'Doublon retiré (déjà inscrit manuellement)';
$string['change_move'] = 'Inscription déplacée vers la méthode manuelle';
$string['change_removemember'] = 'Retiré du groupe';
$string['change_suspend'] = 'Inscription suspendue';
$string['change_unassign'] = 'Rôle retiré';
$string['change_unenrol'] = 'Désinscrit';
$string['change_unenrolrole'] = 'Rôle retiré avec l\'inscription';
$string['change_update'] = 'Inscription modifiée';
$string['changes'] = 'Changements';
$string['changesin'] = 'Changements dans {$a}';
$string['changesofcourse'] = 'Changements de la synchronisation des inscriptions';
$string['changesofrun'] = 'Changements de l\'exécution {$a->id} ({$a->filename})';
$string['changesofuser'] = 'Synchronisation des inscriptions : changements faits';
$string['changesto'] = 'Changements pour {$a}';
$string['chart_applied'] = 'Lignes appliquées';
$string['chart_failed'] = 'Lignes en échec';
$string['chart_removed'] = 'Inscriptions retirées ou suspendues';
$string['chart_unchanged'] = 'Lignes inchangées';
$string['chartdryrun'] = ' (simulation)';
$string['chartrun'] = 'Exécution {$a->id}{$a->dryrun}, {$a->time}';
$string['charttitle'] = 'Les {$a} dernières exécutions';
$string['checkdropfolder'] = 'Dossier de dépôt de la synchronisation des inscriptions';
$string['checkdropfolder_locked'] = 'Le verrou de l\'émetteur {$a->lock} est dans le dossier de dépôt {$a->folder} depuis {$a->since} : la tâche planifiée en prendra les fichiers quand le verrou aura disparu.';
$string['checkdropfolder_none'] = 'Il n\'y a pas de dossier de dépôt ({$a->folder}) : les fichiers arrivent seulement par la zone des fichiers de commandes.';
$string['checkdropfolder_ok'] = 'La tâche planifiée prend les fichiers complets du dossier de dépôt {$a->folder}.';
$string['checkdropfolder_stalelock'] = 'Le verrou de l\'émetteur {$a->lock} est dans le dossier de dépôt {$a->folder} depuis {$a->since}, plus de 3 heures : la tâche planifiée n\'y prend rien tant que le verrou y est. Si l\'émetteur s\'est arrêté, supprimez le verrou une fois ses fichiers complets.';
$string['checkextension'] = 'Extension de synchronisation des inscriptions';
$string['checkextensionerror'] = 'L\'extension PHP enrolsync n\'est pas utilisable';
$string['checkextensionok'] = 'L\'extension PHP enrolsync {$a} est chargée';
$string['checkfeed'] = 'Flux d\'inscriptions';
$string['checkfeed_late'] = 'Aucun fichier d\'inscriptions n\'est arrivé depuis le {$a->time} (il en est attendu un au moins toutes les {$a->hours} heures).';
$string['checkfeed_none'] = 'Aucun fichier d\'inscriptions n\'est encore arrivé : aucun n\'est attendu avant le premier.';
$string['checkfeed_off'] = 'Aucun fichier d\'inscriptions n\'est attendu (réglage « Attendre un flux au moins toutes les » à 0).';
$string['checkfeed_ok'] = 'Le dernier fichier d\'inscriptions est arrivé le {$a->time} (il en est attendu un au moins toutes les {$a->hours} heures).';
$string['checklastrun'] = 'Dernière synchronisation planifiée des inscriptions';
$string['checklastrun_applying'] = '{$a->time} : en cours d\'application par des tâches ad hoc';
$string['checklastrun_error'] = '{$a->time} : {$a->status}, rien n\'a été appliqué';
$string['checklastrun_none'] = 'La tâche planifiée n\'a encore appliqué aucun fichier';
$string['checklastrun_ok'] = '{$a->time} : toutes les lignes appliquées';
$string['checklastrun_partabandoned'] = '{$a->time} : une partie de l\'exécution a échoué à chacune de ses tentatives et Moodle ne la relance plus : l\'exécution est incomplète. Voir le journal des tâches ad hoc, puis relancer le fichier';
$string['checklastrun_partfailed'] = '{$a->time} : une partie de l\'exécution a échoué ; Moodle relancera sa tâche ad hoc plus tard (voir le journal des tâches ad hoc)';
$string['checklastrun_running'] = '{$a->time} : en cours';
$string['checklastrun_warning'] = '{$a->time} : {$a->failed} ligne(s) en échec, {$a->operations} opération(s) en échec';
$string['choice_add'] = 'add';
$string['choice_archive'] = 'Archiver';
$string['choice_auto'] = 'Détecter automatiquement';
$string['choice_comma'] = 'Virgule (,)';
$string['choice_del'] = 'del';
$string['choice_delactionkeep'] = 'Ne rien faire : garder l\'inscription et ses rôles (« Garder l\'utilisateur inscrit » d\'enrol_flatfile)';
$string['choice_delactionroleonly'] = 'Retirer seulement le rôle de la ligne (avec * : tous les rôles qu\'une exécution peut attribuer) ; l\'inscription reste';
$string['choice_delactionsuspend'] = 'Suspendre l\'inscription, garder ses rôles';
$string['choice_delactionsuspendnoroles'] = 'Suspendre l\'inscription et retirer ses rôles';
$string['choice_delactiontoolsync'] = 'Retirer le rôle de la ligne ; désinscrire s\'il ne reste aucun rôle (tool_sync)';
$string['choice_delactionunenrol'] = 'Désinscrire (les données de l\'utilisateur dans le cours sont supprimées)';
$string['choice_delete'] = 'Supprimer';
$string['choice_disable'] = 'disable';
$string['choice_email'] = 'Adresse de courriel';
$string['choice_enable'] = 'enable';
$string['choice_flatfile'] = 'Fichier plat (enrol_flatfile)';
$string['choice_id'] = 'Identifiant de base de données (déconseillé)';
$string['choice_idnumber'] = 'Numéro d\'identification';
$string['choice_instance'] = 'Comme le dit la méthode d\'inscription';
$string['choice_iso88591'] = 'ISO-8859-1';
$string['choice_keep'] = 'Conserver';
$string['choice_native'] = 'Natif (avec en-tête)';
$string['choice_never'] = 'Jamais';
$string['choice_pipe'] = 'Barre verticale (|)';
$string['choice_semicolon'] = 'Point-virgule (;)';
$string['choice_shift'] = 'shift';
$string['choice_shortname'] = 'Nom abrégé';
$string['choice_suspend'] = 'Suspendre';
$string['choice_tab'] = 'Tabulation';
$string['choice_unenrol'] = 'Désinscrire';
$string['choice_username'] = 'Nom d\'utilisateur';
$string['choice_utf8'] = 'UTF-8';
$string['choice_windows1252'] = 'Windows-1252';
$string['cleanuparchived'] = '{$a} fichiers de commandes archivés supprimés';
$string['cleanupdone'] = '{$a} anciennes exécutions supprimées';
$string['clichange'] = '  ligne {$a->line} : {$a->change} {$a->course} {$a->user} {$a->role}{$a->group} ({$a->method}) : {$a->result} {$a->error}';
$string['clierror'] = 'Erreur ({$a->key}) : {$a->message}';
$string['clifailedline'] = '  ligne {$a->line} : {$a->message} : {$a->raw}';
$string['clifailedmore'] = '  ... et {$a} autres lignes en échec : le rapport de l\'exécution les liste toutes.';
$string['clihelp'] = 'Applique un fichier d\'inscriptions au site.

Options :
  --file=CHEMIN     le fichier à appliquer (par défaut : le fichier standard de la zone des fichiers de commande)
  -n, --dry-run     planifie et rend compte, sans rien écrire
  --json            affiche le rapport en un document JSON
  --format=FORMAT   auto, native ou flatfile (par défaut : le réglage)
  --full-sync       synchronisation complète : les inscriptions créées par cet outil que le fichier omet reçoivent l\'action de retrait
  --force           continue même si la synchronisation complète dépasse le seuil de sécurité (une ligne dont l\'utilisateur ne peut être déterminé retient toujours tout retrait)
  --confirm=RUNID   confirme une exécution refusée par le seuil de sécurité : son fichier à nouveau, appliqué seulement s\'il retire exactement ce qu\'elle a listé
  --changes[=N]     liste les changements de l\'exécution (les N premiers, 100 par défaut) ; avec --json, dans le document
  --parts=N         applique en N tâches ad hoc exécutées par cron (par défaut : le réglage ; 0 : dans ce processus)
  -h, --help        cette aide

La progression s\'affiche sur stderr. Code de sortie : 0 toutes les lignes appliquées, 1 des lignes en échec, 2 fichier refusé ou synchronisation complète refusée, 3 une autre exécution est en cours.

Lignes en échec : les 100 premières sont affichées, puis le nombre des autres (avec --json : failedlines, et morefailedlines) ; le rapport de l\'exécution sur la page de l\'outil et son fichier des lignes en échec les contiennent toutes.

Exemple : sudo -u www-data php admin/tool/enrolsync/cli/sync.php --file=/srv/sis/enrols.csv --dry-run';
$string['clinotice'] = 'Avis : {$a}';
$string['clisummary'] = '{$a->file} : {$a->lines} lignes ({$a->format}, {$a->encoding}, séparateur « {$a->delimiter} ») : {$a->applied} appliquées, {$a->unchanged} inchangées, {$a->failed} en échec';
$string['commandfiles'] = 'Fichiers de commandes';
$string['commandfiles_desc'] = 'Les fichiers que l\'outil exécute. Le fichier standard est « {$a} » ; les fichiers déposés dans le dossier de dépôt (dataroot/sync) arrivent ici avant chaque exécution planifiée ; les fichiers archivés sont dans le dossier archive.';
$string['commandfiles_help'] = 'Les fichiers que l\'outil exécute : le fichier standard, les fichiers qu\'a amenés le dossier de dépôt (dataroot/sync) avant l\'exécution planifiée, et archive/ avec les fichiers standard déjà exécutés. Un fichier enregistré ici sous le nom du fichier standard est celui qu\'appliquera la prochaine exécution planifiée. Supprimer un fichier archivé perd cette copie de l\'export (chaque exécution garde aussi sa propre copie, jusqu\'à ce que la conservation de l\'historique la supprime).';
$string['confirmremovals'] = 'Confirmer les retraits et appliquer ce fichier';
$string['count_applied'] = 'Appliquées';
$string['count_failed'] = 'En échec';
$string['count_lines'] = 'Lignes';
$string['count_opsfailed'] = 'Opérations en échec';
$string['count_unchanged'] = 'Inchangées';
$string['courseidentifier'] = 'Identifiant des cours';
$string['courseidentifier_desc'] = 'Le champ de cours que contient la colonne cid. Le nom abrégé est recommandé : il est obligatoire et unique ; le numéro d\'identification peut être vide, et les identifiants de base de données diffèrent d\'un site à l\'autre. Les fichiers plats nomment toujours les cours par leur numéro d\'identification. Changez-le en même temps que l\'export, après une simulation : des lignes écrites pour un autre identifiant échouent comme cours inconnus.';
$string['createinstances'] = 'Créer les méthodes d\'inscription manquantes';
$string['createinstances_desc'] = 'Quand un cours n\'a pas d\'instance de la méthode d\'inscription nommée par une ligne, en ajouter une (si la méthode le permet). Désactivé : ces lignes échouent jusqu\'à ce que quelqu\'un ajoute la méthode au cours.';
$string['defaultcmd'] = 'Commande par défaut';
$string['defaultcmd_desc'] = 'La commande de chaque ligne d\'un fichier natif sans colonne cmd. Avec del ou shift, chacun de ces fichiers retire ou remplace des rôles : gardez add, sauf si l\'export ne contient que des retraits.';
$string['defaultrole'] = 'Rôle par défaut';
$string['defaultrole_desc'] = 'Le rôle des lignes dont le rôle est vide. Aucun : ces lignes échouent. Le rôle doit être l\'un des rôles qu\'une exécution peut attribuer.';
$string['delactionflatfile'] = 'Effet d\'une ligne del (fichiers plats)';
$string['delactionflatfile_desc'] = 'Comme l\'« Action de désinscription externe » d\'enrol_flatfile, dont il a repris la valeur à l\'installation. Un utilisateur qui a des rôles dans le cours, mais pas celui de la ligne, est laissé tel quel, comme le fait enrol_flatfile. Suspendre laisse telle quelle une inscription déjà suspendue. « Suspendre l\'inscription et retirer ses rôles » retire le rôle de la ligne et les autres rôles qu\'une exécution peut attribuer.';
$string['delactionnative'] = 'Effet d\'une ligne del (fichiers natifs)';
$string['delactionnative_desc'] = 'Par défaut, le comportement de tool_sync : le rôle de la ligne est retiré, et l\'utilisateur est désinscrit de l\'instance de la méthode s\'il n\'a alors plus aucun rôle dans le cours (avec * : désinscrit). Les autres choix agissent comme pour les fichiers plats.';
$string['delimiter'] = 'Séparateur';
$string['delimiter_desc'] = 'Automatique : celui de ; , tabulation | que la première ligne utilise le plus. Un séparateur imposé que le fichier n\'utilise pas fait de son en-tête une seule colonne inconnue (le fichier est rejeté) ou fait échouer toutes les lignes d\'un fichier plat.';
$string['downloadfailed'] = 'Télécharger les lignes en échec';
$string['downloadreport'] = 'Télécharger le rapport';
$string['dropchanged'] = '« {$a} » a changé dans le dossier de dépôt pendant sa vérification ou sa lecture : il attend la prochaine exécution';
$string['droplocked'] = 'Le verrou de l\'émetteur {$a->lock} est dans le dossier de dépôt (depuis {$a->since}) : rien n\'est pris du dossier de dépôt cette fois';
$string['droplockstale_body'] = 'Le verrou de l\'émetteur {$a->lock} est dans le dossier de dépôt {$a->folder} depuis {$a->since}, plus de 3 heures. La tâche planifiée ne prend aucun fichier du dossier de dépôt tant que le verrou y est : les nouveaux fichiers d\'inscriptions attendent. Si l\'émetteur (l\'export du système d\'information de l\'établissement) s\'est arrêté ou a échoué, supprimez le verrou une fois ses fichiers complets. Ce message n\'est envoyé qu\'une fois pour ce verrou.';
$string['droplockstale_subject'] = 'Synchronisation des inscriptions : le verrou de l\'émetteur {$a->lock} est dans le dossier de dépôt depuis {$a->since}';
$string['dropnotfolder'] = '{$a} n\'est pas un dossier (un lien symbolique, ou un autre type de fichier) : la tâche planifiée n\'y prend rien. Faites-en un vrai dossier.';
$string['dropnotregular'] = '« {$a} » n\'est pas un fichier ordinaire du dossier de dépôt (un lien symbolique, une FIFO ou un périphérique, ou un fichier qui a un autre nom ailleurs) : il n\'est pas importé';
$string['dropnotremoved'] = '« {$a} » a été importé mais n\'a pas pu être supprimé du dossier de dépôt : il ne sera pas importé de nouveau tant qu\'il reste le même fichier';
$string['droppedfile'] = '« {$a} » déplacé du dossier de dépôt vers la zone des fichiers de commandes';
$string['dryrun'] = 'Simulation';
$string['dryrun_help'] = 'Lit le fichier, le planifie sur le site tel qu\'il est, et rend compte exactement de ce que ferait une exécution réelle (ses lignes en échec, et sa liste des changements marqués comme prévus) sans écrire aucune inscription. L\'exécution reste dans l\'historique comme simulation. Décochez pour appliquer le fichier.';
$string['dryrun_label'] = 'Planifier et rapporter seulement : ne rien écrire';
$string['dryrunbanner'] = 'Simulation : rien n\'a été écrit';
$string['encoding'] = 'Encodage';
$string['encoding_desc'] = 'Automatique : une marque d\'ordre des octets décide (UTF-8, UTF-16), sinon UTF-8 si le fichier est de l\'UTF-8 valide ou contient des caractères UTF-8 (une ligne avec un octet qui n\'est pas de l\'UTF-8 échoue alors seule), sinon Windows-1252. Un encodage imposé qui n\'est pas celui du fichier déforme les noms accentués, qui ne correspondent alors plus à aucun utilisateur, cours ou groupe.';
$string['encodingreason_bom'] = 'marque d\'ordre des octets';
$string['encodingreason_multibyte'] = 'le fichier contient des caractères UTF-8 ; {$a} ligne(s) en UTF-8 non valide échouent';
$string['encodingreason_nomultibyte'] = 'aucun caractère UTF-8 et des octets hors ASCII : lu en Windows-1252';
$string['encodingreason_setting'] = 'choisi dans les réglages';
$string['encodingreason_valid'] = 'le fichier est de l\'UTF-8 valide';
$string['enrolsync:run'] = 'Exécuter des fichiers d\'inscriptions et voir leurs rapports';
$string['enrolwhendisabled'] = 'Inscrire même si la méthode ou l\'instance est désactivée';
$string['enrolwhendisabled_desc'] = 'Appliquer les lignes dont la méthode d\'inscription est désactivée sur le site, ou dont l\'instance dans le cours est désactivée : le rapport indique alors que ces inscriptions ne donnent pas accès au cours tant qu\'elle n\'est pas activée. Sinon ces lignes échouent.';
$string['error_addmember'] = 'Impossible d\'ajouter l\'utilisateur au groupe « {$a} »';
$string['error_ambiguouscourse'] = '« {$a} » correspond à plusieurs cours';
$string['error_ambiguoususer'] = '« {$a} » correspond à plusieurs utilisateurs';
$string['error_badcommand'] = 'Commande inconnue « {$a} » (add, del, shift, disable ou enable attendu)';
$string['error_baddate'] = '« {$a} » n\'est pas une date (AAAA-MM-JJ, AAAA-MM-JJ HH:MM:SS ou un horodatage Unix attendu)';
$string['error_badgroupcommand'] = 'Commande de groupe inconnue « {$a} » (gadd, gaddcreate, greplace, greplacecreate ou gdel attendu)';
$string['error_badid'] = '« {$a} » n\'est pas un identifiant de base de données';
$string['error_badoption'] = 'Option invalide : {$a}';
$string['error_badwildcard'] = 'Le rôle « * » ne s\'utilise qu\'avec la commande del';
$string['error_draftfile'] = 'La zone de brouillon {$a->itemid} contient {$a->count} fichier(s) : déposez exactement un fichier avec webservice/upload.php, et donnez l\'identifiant d\'élément (itemid) qu\'il a renvoyé.';
$string['error_duplicatecolumn'] = 'La colonne « {$a} » apparaît plusieurs fois dans l\'en-tête';
$string['error_emptyfile'] = 'Le fichier ne contient aucune ligne de données';
$string['error_emptyvalue'] = 'La valeur de « {$a} » est vide';
$string['error_endbeforestart'] = 'La date de fin précède la date de début';
$string['error_enrolledmeanwhile'] = 'Quelqu\'un a inscrit cet utilisateur au cours par la méthode « {$a} » après que cette exécution a lu le site : cette inscription n\'est pas celle de l\'outil, qui l\'a laissée telle quelle et ne la gère pas (la synchronisation complète ne la retire jamais). Exécutez de nouveau cette ligne pour lui donner le rôle et les dates de la ligne.';
$string['error_exception'] = 'L\'exécution s\'est arrêtée sur une erreur : {$a}';
$string['error_extension'] = '{$a}';
$string['error_instancedisabled'] = 'L\'instance d\'inscription « {$a} » du cours est désactivée : une inscription par elle ne donnerait pas accès au cours. Activez-la dans le cours, ou activez le réglage « Inscrire même si la méthode ou l\'instance est désactivée ».';
$string['error_interrupted'] = 'L\'exécution a été interrompue : son processus s\'est arrêté avant la fin. Ce que ses lots validés ont fait figure dans sa liste des changements ; relancez le fichier pour terminer.';
$string['error_invalidutf8'] = 'UTF-8 non valide : la ligne contient un octet qui n\'est pas de l\'UTF-8 (le fichier est lu en UTF-8)';
$string['error_locked'] = 'Une autre exécution est en cours : rien n\'a été fait';
$string['error_manualdisabled'] = 'La méthode d\'inscription manuelle est désactivée sur ce site : les inscriptions déplacées vers elle ne donneraient aucun accès. Activez-la (Administration du site > Plugins > Inscriptions > Gestion des plugins d\'inscription), puis relancez la reprise. Rien n\'a été fait.';
$string['error_methoddisabled'] = 'La méthode d\'inscription « {$a} » est désactivée sur ce site';
$string['error_methodnotallowed'] = 'La méthode d\'inscription « {$a} » ne permet pas à un outil d\'inscrire ou de désinscrire par elle';
$string['error_missingcolumn'] = 'La colonne obligatoire « {$a} » manque dans l\'en-tête';
$string['error_nogroups'] = 'La commande de groupe demande au moins un nom de groupe (g1 à g9)';
$string['error_noinstance'] = 'Le cours n\'a pas d\'instance d\'inscription « {$a} » et aucune ne peut être créée';
$string['error_notconfirmable'] = 'L\'exécution {$a} ne peut plus être confirmée : seule la dernière exécution refusée peut l\'être, dans les 24 heures, tant que son fichier est conservé.';
$string['error_nothingtotakeover'] = 'Il n\'y a rien à reprendre d\'enrol_flatfile : il est désactivé et ne détient aucune inscription.';
$string['error_opfailed'] = 'Moodle a refusé le changement : {$a}';
$string['error_partslocked'] = 'Un autre processus applique une partie de cette exécution depuis trop longtemps : cette partie sera tentée à nouveau plus tard.';
$string['error_refused'] = 'La synchronisation complète retirerait ou suspendrait {$a->removals} des {$a->managed} inscriptions actives gérées par cet outil, plus que le seuil de sécurité ({$a->threshold} %) : rien n\'a été fait. Vérifiez la liste ci-dessous, et confirmez-la pour continuer.';
$string['error_removalschanged'] = 'Les retraits ne sont plus ceux qui ont été montrés (le site ou le fichier a changé depuis) : rien n\'a été fait. Vérifiez la nouvelle liste de {$a} retrait(s) ci-dessous, et confirmez-la si elle est juste.';
$string['error_rolenotallowed'] = 'Le rôle « {$a} » n\'est pas un de ceux que cet outil peut attribuer (voir le réglage Rôles qu\'une exécution peut attribuer)';
$string['error_rolenotassignable'] = 'Le rôle « {$a} » ne peut pas être attribué dans un cours';
$string['error_runinput'] = 'Le fichier de l\'exécution {$a} n\'est plus conservé (supprimé avec l\'historique des exécutions, à la main, ou avec les données de tous les utilisateurs) : il ne peut pas être appliqué à nouveau.';
$string['error_sitecourse'] = 'La page d\'accueil du site ne peut pas être une cible';
$string['error_takeoverchanged'] = 'Ce que ferait la reprise a changé depuis la simulation confirmée (enrol_flatfile a continué entre-temps, ou un réglage a changé) : rien n\'a été fait. Voici ce qu\'elle ferait maintenant ; relancez la reprise pour appliquer exactement ceci.';
$string['error_takeovernotconfirmable'] = 'La simulation {$a} ne peut plus être confirmée : seule la dernière simulation de la reprise peut l\'être, une seule fois.';
$string['error_toofewfields'] = 'Trop peu de champs : une ligne de fichier plat est « opération, rôle, utilisateur, cours[, début[, fin]] »';
$string['error_toolarge'] = 'Le fichier fait {$a->size}, plus que la taille maximale de {$a->limit} : il n\'a pas été lu. La limite est le réglage « Taille maximale d\'un fichier ».';
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
$string['extensionmismatch'] = 'L\'extension PHP {$a->name} {$a->loaded} est chargée, mais cette version du plugin demande la version {$a->expected}. Installez l\'extension de la même version que le plugin (son paquet Debian php{$a->phpversion}-enrolsync {$a->expected}, son module précompilé, ou une compilation des mêmes sources : cargo build --release --features php), puis redémarrez le serveur web.';
$string['extensionmissing'] = 'L\'extension PHP {$a->name} n\'est pas chargée : les fichiers d\'inscription ne peuvent pas être lus. Installez l\'extension de la version du plugin ({$a->expected}) compilée pour PHP {$a->phpversion}, pour la ligne de commande comme pour le serveur web. Sous Debian, son paquet l\'active : apt-get install ./php{$a->phpversion}-enrolsync_{$a->expected}_amd64.deb. Ailleurs, copiez son module précompilé enrolsync.so, ou une compilation des sources du plugin (cargo build --release --features php, puis target/release/libenrolsync.so), dans le dossier des extensions de PHP (php-config --extension-dir) et activez-la par « extension={$a->name} » dans le php.ini de la ligne de commande et du serveur web. Puis redémarrez le serveur web.';
$string['extensionmissing_env'] = 'Le plugin a besoin de l\'extension PHP enrolsync de sa version : son paquet Debian, son module précompilé, ou une compilation de ses sources. Voir le README du plugin.';
$string['failedlines'] = 'Lignes en échec';
$string['feedagain_body'] = 'Un fichier d\'inscriptions est arrivé de nouveau : il a été écrit le {$a->time}. Le précédent avait été écrit le {$a->since}.';
$string['feedagain_subject'] = 'Synchronisation des inscriptions : un fichier d\'inscriptions est arrivé de nouveau';
$string['feedhours'] = 'Attendre un flux au moins toutes les (heures)';
$string['feedhours_desc'] = 'Quand aucun fichier d\'inscriptions n\'est arrivé depuis ce nombre d\'heures, le contrôle d\'état (Administration du site > Rapports > État du système) avertit, et les administrateurs reçoivent un message ; ils en reçoivent un autre quand un fichier arrive de nouveau. Un fichier arrive quand une exécution réelle lit le fichier standard déposé dans la zone des fichiers de commandes depuis le précédent (par le dossier de dépôt, la page des fichiers de commandes ou les services web), ou un fichier donné à la ligne de commande ; il date de sa dernière écriture : un fichier standard conservé et relancé chaque nuit n\'est pas un nouveau fichier. Les simulations et les fichiers téléversés sur la page de l\'outil ne sont pas le flux. Aucun fichier n\'est attendu avant le premier. 0 : aucun fichier n\'est attendu.';
$string['feedlate_body'] = 'Aucun fichier d\'inscriptions n\'est arrivé depuis le {$a->time}, alors qu\'il en est attendu un au moins toutes les {$a->hours} heures : les inscriptions de ce site ne suivent plus le système d\'information de l\'établissement. Vérifiez son export, et le transfert du fichier vers le dossier de dépôt (ou ce qui lance le fichier : la ligne de commande, les services web). Vous serez prévenu quand un fichier arrivera de nouveau.';
$string['feedlate_subject'] = 'Synchronisation des inscriptions : aucun fichier d\'inscriptions depuis le {$a->time}';
$string['file'] = 'Fichier';
$string['file_help'] = 'Le fichier d\'inscriptions à exécuter une fois, en CSV (.csv ou .txt) : le format natif avec en-tête, ou les lignes d\'enrol_flatfile. Sa taille est limitée par la limite de téléversement de Moodle et par le réglage Taille maximale d\'un fichier. Il ne devient pas le fichier standard, qui est celui qu\'exécute la tâche planifiée.';
$string['fileaction'] = 'Après une exécution';
$string['fileaction_desc'] = 'Ce que devient le fichier standard après une exécution réelle qui n\'a été ni rejetée ni refusée. Archiver : déplacé dans archive/ sous un nom qui porte la date et le numéro de l\'exécution. Supprimer : supprimé. Dans ces deux cas, la tâche planifiée ne s\'exécute que lorsqu\'un nouveau fichier est présent. Conserver : le même fichier est exécuté de nouveau chaque nuit ; risque : un export périmé continue d\'être appliqué (en synchronisation complète, il continue de décider qui reste inscrit).';
$string['format'] = 'Format du fichier';
$string['format_desc'] = 'Natif (avec en-tête, compatible tool_sync) ou fichier plat (compatible enrol_flatfile : opération, rôle, numéro d\'identification de l\'utilisateur, numéro d\'identification du cours[, début[, fin]]). La détection automatique les distingue par la première ligne ; n\'imposez un format que si elle se trompe : un fichier lu dans l\'autre format est rejeté ou voit ses lignes échouer.';
$string['format_help'] = 'Comment lire ce fichier : comme le dit le réglage Format du fichier (par défaut, détecté d\'après la première ligne), ou imposé en natif (un en-tête nomme les colonnes : cid, uid, rolename…) ou en fichier plat (les lignes d\'enrol_flatfile : opération, rôle, numéro d\'identification de l\'utilisateur, numéro d\'identification du cours[, début[, fin]]).';
$string['format_setting'] = 'Comme dans les réglages';
$string['fullsync'] = 'Synchronisation complète';
$string['fullsync_desc'] = 'Exécuter en synchronisation complète par défaut : la tâche planifiée, la ligne de commande, et la case Synchronisation complète de la page de l\'outil, cochée d\'avance. Le fichier est alors la liste complète : chaque inscription créée par cet outil que le fichier ne contient plus subit l\'action de retrait. Ne l\'activez que pour un export complet à chaque fois, après une simulation en synchronisation complète.';
$string['fullsync_help'] = 'Le fichier est la liste complète des inscriptions gérées par cet outil : chaque inscription créée par une exécution précédente de l\'outil que le fichier ne contient plus subit l\'action de retrait des réglages (suspendre, par défaut). Les inscriptions faites autrement ne sont jamais modifiées. Une ligne en échec protège l\'utilisateur qu\'elle nomme ; une ligne dont l\'utilisateur ne peut être déterminé retient tout retrait. Si plus que le seuil de sécurité devait partir, rien n\'est écrit et le rapport en donne la liste, à confirmer. Ne la cochez que pour un export complet, et essayez-la d\'abord en simulation.';
$string['fullsync_label'] = 'Les inscriptions créées par cet outil et absentes du fichier subissent l\'action de retrait';
$string['heading_applying'] = 'Application du fichier';
$string['heading_files'] = 'Fichiers';
$string['heading_fullsync'] = 'Synchronisation complète';
$string['heading_fullsync_desc'] = 'En synchronisation complète, le fichier est la liste complète des inscriptions gérées par cet outil : une inscription créée par une exécution précédente et que le fichier ne contient plus subit l\'action de retrait. Les inscriptions faites autrement ne sont jamais modifiées.';
$string['heading_reading'] = 'Lecture du fichier';
$string['history'] = 'Historique des exécutions';
$string['item'] = 'Élément';
$string['kept_protected'] = 'Conservée : la ligne {$a} peut désigner cet utilisateur ici (elle a échoué, est un commentaire contenant le séparateur, ou se lit comme deux lignes jointes)';
$string['kept_withheld'] = 'Conservée : l\'utilisateur de la ligne {$a} n\'a pu être déterminé, la synchronisation complète n\'a donc rien retiré';
$string['keptbylines'] = 'La synchronisation complète a conservé {$a} inscription(s) qu\'elle aurait sinon retirée(s) ou suspendue(s) : des lignes du fichier en échec ou qui semblent abîmées peuvent désigner leurs utilisateurs. La liste des changements indique pour chacune la ligne qui l\'a conservée.';
$string['line'] = 'Ligne';
$string['maxfilesize'] = 'Taille maximale d\'un fichier (Mo)';
$string['maxfilesize_desc'] = 'Un fichier plus grand est rejeté avant d\'être lu. Lire et planifier un fichier demande de la mémoire : jusqu\'à environ 10 fois sa taille (le plus grand fichier de la limite par défaut, 200 Mo, a demandé 2,1 Go, état du site en PHP compris), dans le processus web ou cron qui l\'exécute : baissez la limite sur une machine qui a moins de mémoire. 0 : pas de limite.';
$string['messageprovider:newstudents'] = 'Nouveaux étudiants inscrits dans mes cours par la synchronisation des inscriptions';
$string['messageprovider:runreport'] = 'Exécutions de la synchronisation des inscriptions avec des lignes en échec ou un fichier rejeté';
$string['method'] = 'Méthode d\'inscription';
$string['morecourses'] = '… et {$a} cours de plus : voir tous les changements.';
$string['newstudents_body'] = '{$a->count} nouvel(s) étudiant(s) inscrit(s) dans {$a->course} :
{$a->names}';
$string['newstudents_more'] = '… et {$a->more} de plus.';
$string['newstudents_subject'] = '{$a->course} : {$a->count} nouvel(s) étudiant(s)';
$string['nostandardfile'] = 'Le fichier standard « {$a} » n\'est pas dans la zone des fichiers de commande';
$string['notice_noaccess'] = '{$a->count} ligne(s) ont inscrit ou réactivé des utilisateurs par une méthode ou une instance d\'inscription désactivée (lignes {$a->lines}) : ces inscriptions ne donnent pas accès au cours tant qu\'elle n\'est pas activée.';
$string['notice_undecidedremovals'] = '{$a} retrait(s) de la synchronisation complète n\'ont pas été appliqués : le site a changé après que l\'exécution les a comparés à son seuil (ou à sa confirmation). La prochaine exécution les compare à nouveau.';
$string['notices'] = 'Avis : les changements sont faits, mais Moodle a signalé';
$string['notifyteachers'] = 'Avertir les enseignants éditeurs';
$string['notifyteachers_desc'] = 'Après chaque exécution réelle (pas une simulation), chaque enseignant éditeur d\'un cours qui a reçu de nouveaux étudiants reçoit un message qui les énumère, selon ses préférences de notification. Une exécution de rentrée envoie un message par enseignant et par cours.';
$string['op_addmember'] = 'Membres ajoutés aux groupes';
$string['op_assign'] = 'Rôles attribués';
$string['op_creategroup'] = 'Groupes créés';
$string['op_createinstance'] = 'Méthodes d\'inscription ajoutées aux cours';
$string['op_enrol'] = 'Utilisateurs inscrits';
$string['op_merge'] = 'Inscriptions en double retirées (déjà inscrits manuellement)';
$string['op_move'] = 'Inscriptions déplacées vers la méthode manuelle';
$string['op_removemember'] = 'Membres retirés des groupes';
$string['op_suspend'] = 'Inscriptions suspendues';
$string['op_unassign'] = 'Rôles retirés';
$string['op_unenrol'] = 'Utilisateurs désinscrits';
$string['op_unenrolrole'] = 'Rôles retirés avec une désinscription';
$string['op_update'] = 'Inscriptions modifiées';
$string['operation'] = 'Changement';
$string['operationsdone'] = 'Opérations effectuées';
$string['operationsplanned'] = 'Opérations prévues';
$string['origin_cli'] = 'Ligne de commande';
$string['origin_page'] = 'Page de l\'outil';
$string['origin_task'] = 'Tâche planifiée';
$string['origin_webservice'] = 'Service web';
$string['partapplied'] = 'Exécution {$a->run} : une partie de {$a->courses} cours appliquée';
$string['partnotapplied'] = 'L\'exécution {$a->run} a été interrompue : sa partie de {$a->courses} cours n\'a pas été appliquée';
$string['parts'] = 'Appliquer en parties';
$string['parts_desc'] = '0 : une exécution applique elle-même son plan. 1 ou plus : une exécution découpe son plan par cours en autant de parties de taille voisine, et met en file une tâche ad hoc pour chacune, afin que plusieurs processus cron l\'appliquent en parallèle. Chaque partie planifie de nouveau ses cours à partir du fichier archivé : le résultat est celui d\'une exécution unique. Une nouvelle exécution attend que toutes les parties soient appliquées. Utile seulement avec plusieurs processus cron et les cœurs pour eux ; une partie qui échoue est relancée par Moodle, et le contrôle d\'état le signale.';
$string['pluginname'] = 'Synchronisation des inscriptions';
$string['privacy:lines'] = 'Lignes en échec';
$string['privacy:managed'] = 'Inscriptions créées par l\'outil';
$string['privacy:metadata:core_files'] = 'Les fichiers d\'inscriptions nomment des utilisateurs : ceux qui attendent dans la zone des fichiers de commandes, les fichiers de commandes archivés après leur exécution (archive/), la copie du fichier de chaque exécution et ses lignes en échec. La durée de conservation de l\'historique les supprime.';
$string['privacy:metadata:core_message'] = 'Les enseignants sont informés des nouveaux étudiants, les administrateurs des exécutions en échec.';
$string['privacy:metadata:tool_enrolsync_changes'] = 'Ce que chaque exécution a changé, ou changerait, aux inscriptions, rôles et groupes des utilisateurs.';
$string['privacy:metadata:tool_enrolsync_changes:courseid'] = 'Le cours.';
$string['privacy:metadata:tool_enrolsync_changes:error'] = 'L\'erreur de Moodle, en cas d\'échec.';
$string['privacy:metadata:tool_enrolsync_changes:groupname'] = 'Le groupe auquel l\'utilisateur a été ajouté ou dont il a été retiré.';
$string['privacy:metadata:tool_enrolsync_changes:line'] = 'La ligne du fichier qui l\'a causé.';
$string['privacy:metadata:tool_enrolsync_changes:method'] = 'La méthode d\'inscription.';
$string['privacy:metadata:tool_enrolsync_changes:op'] = 'Le changement (inscrit, suspendu, rôle attribué…).';
$string['privacy:metadata:tool_enrolsync_changes:result'] = 'S\'il a été fait, s\'il a échoué, ou s\'il était seulement prévu.';
$string['privacy:metadata:tool_enrolsync_changes:roleid'] = 'Le rôle attribué ou retiré.';
$string['privacy:metadata:tool_enrolsync_changes:userid'] = 'L\'utilisateur concerné.';
$string['privacy:metadata:tool_enrolsync_lines'] = 'Les lignes en échec de chaque exécution, telles que le fichier les donnait (elles nomment des utilisateurs).';
$string['privacy:metadata:tool_enrolsync_lines:errorarg'] = 'La valeur que cite le motif : un identifiant de la ligne (utilisateur, cours, rôle ou groupe).';
$string['privacy:metadata:tool_enrolsync_lines:errorkey'] = 'Pourquoi la ligne a échoué.';
$string['privacy:metadata:tool_enrolsync_lines:rawline'] = 'Le texte de la ligne.';
$string['privacy:metadata:tool_enrolsync_lines:userid'] = 'L\'utilisateur que nomme la ligne, quand le site le connaît.';
$string['privacy:metadata:tool_enrolsync_lineusers'] = 'Les utilisateurs que nomme une ligne en échec quand plusieurs utilisateurs ont sa clé d\'utilisateur.';
$string['privacy:metadata:tool_enrolsync_lineusers:lineid'] = 'La ligne en échec.';
$string['privacy:metadata:tool_enrolsync_lineusers:userid'] = 'Un utilisateur que la clé d\'utilisateur de la ligne peut désigner.';
$string['privacy:metadata:tool_enrolsync_managed'] = 'Les inscriptions créées par cet outil.';
$string['privacy:metadata:tool_enrolsync_managed:enrolid'] = 'L\'instance de la méthode d\'inscription.';
$string['privacy:metadata:tool_enrolsync_managed:runid'] = 'L\'exécution qui l\'a créée.';
$string['privacy:metadata:tool_enrolsync_managed:userenrolid'] = 'L\'inscription de l\'utilisateur.';
$string['privacy:metadata:tool_enrolsync_managed:userid'] = 'L\'utilisateur inscrit.';
$string['privacy:metadata:tool_enrolsync_parts'] = 'Les parties d\'une exécution qu\'appliquent des tâches ad hoc, tant que l\'exécution est conservée.';
$string['privacy:metadata:tool_enrolsync_parts:removals'] = 'Les utilisateurs dont la synchronisation complète a décidé de retirer ou de suspendre les inscriptions, qu\'une partie doit encore appliquer.';
$string['privacy:metadata:tool_enrolsync_runs'] = 'Chaque exécution d\'un fichier d\'inscriptions.';
$string['privacy:metadata:tool_enrolsync_runs:errorarg'] = 'Ce que cite le rejet du fichier ou l\'arrêt de l\'exécution : une valeur du fichier (qui peut être un identifiant d\'utilisateur), ou un message d\'erreur.';
$string['privacy:metadata:tool_enrolsync_runs:filename'] = 'Le nom du fichier exécuté.';
$string['privacy:metadata:tool_enrolsync_runs:notices'] = 'Ce qui a échoué une fois les modifications faites, comme un message qui n\'a pas pu être envoyé (il peut nommer son destinataire).';
$string['privacy:metadata:tool_enrolsync_runs:timestarted'] = 'Le début de l\'exécution.';
$string['privacy:metadata:tool_enrolsync_runs:userid'] = 'L\'utilisateur qui a lancé l\'exécution.';
$string['privacy:runs'] = 'Exécutions lancées';
$string['progressline'] = '{$a} % des opérations effectuées';
$string['protection_all'] = 'La synchronisation complète n\'a rien retiré lors de cette exécution : l\'utilisateur de cette ligne n\'a pu être déterminé.';
$string['protection_course'] = 'La synchronisation complète n\'a pas touché, dans le cours de cette ligne, aux inscriptions des utilisateurs que cette ligne peut désigner.';
$string['protection_everycourse'] = 'La synchronisation complète n\'a touché, dans aucun cours, aux inscriptions des utilisateurs que cette ligne peut désigner (son cours n\'a pu être déterminé).';
$string['rawline'] = 'Ligne telle que dans le fichier';
$string['reading'] = 'format {$a->format}, {$a->encoding}, séparateur « {$a->delimiter} »';
$string['reason'] = 'Raison';
$string['removalaction'] = 'Action de retrait';
$string['removalaction_desc'] = 'Ce que fait la synchronisation complète d\'une inscription créée par cet outil que le fichier ne contient plus. Suspendre conserve l\'inscription, ses rôles et ses notes, et un add ultérieur la réactive. Désinscrire retire l\'utilisateur du cours avec ses données (rôles, groupes, notes) : à choisir en connaissance de cause. Conserver : rien n\'est retiré.';
$string['removalsrefused'] = 'Les inscriptions que la confirmation retirerait ou suspendrait';
$string['report'] = 'Rapport';
$string['reportof'] = 'Rapport de';
$string['result'] = 'Résultat';
$string['result_done'] = 'Fait';
$string['result_failed'] = 'Échoué';
$string['result_kept'] = 'Conservée (non retirée : une ligne abîmée peut désigner cet utilisateur)';
$string['result_planned'] = 'Prévu';
$string['retentiondays'] = 'Conservation de l\'historique (jours)';
$string['retentiondays_desc'] = 'Les exécutions plus anciennes, avec leurs lignes en échec et leurs fichiers, et les fichiers de commandes archivés avant cette date, sont supprimés chaque nuit. 0 les conserve indéfiniment. L\'historique répond à « qui a retiré cet élève, quand, depuis quel fichier et quelle ligne ? » : une conservation courte le perd plus tôt, une longue garde plus longtemps des données personnelles.';
$string['rolegroup'] = 'Rôle ou groupe';
$string['rolemap'] = 'Correspondance des rôles';
$string['rolemap_badline'] = 'Ligne {$a} : écrivez « nom du rôle dans le fichier = nom abrégé du rôle ».';
$string['rolemap_desc'] = 'Une correspondance par ligne : le nom de rôle qu\'utilise le fichier = le nom abrégé d\'un rôle, par exemple « Etudiant = student » ou « Enseignant = editingteacher ». Les noms du fichier sont comparés sans les espaces qui les entourent et sans tenir compte de la casse. Un nom sans ligne ici désigne le rôle de ce nom abrégé, quelle que soit la casse (« Student » trouve student). Seuls les rôles qu\'une exécution peut attribuer peuvent être donnés ; une ligne qui correspond à un autre rôle échoue.';
$string['rolemap_duplicate'] = 'Ligne {$a} : ce nom de rôle a deux correspondances.';
$string['rolemap_unknown'] = 'Ligne {$a->line} : aucun rôle n\'a le nom abrégé « {$a->shortname} ».';
$string['roles'] = 'Rôles qu\'une exécution peut attribuer';
$string['roles_desc'] = 'Une ligne qui nomme un autre rôle échoue : un fichier ne peut pas donner un rôle de cours non prévu (gestionnaire, par exemple). shift ne touche pas aux autres rôles. Risque : un rôle coché ici peut être donné dans n\'importe quel cours par quiconque écrit l\'export.';
$string['run'] = 'Exécuter';
$string['runpage'] = 'Exécuter un fichier d\'inscriptions';
$string['runreport_subject'] = 'Synchronisation des inscriptions : l\'exécution {$a->id} de {$a->filename} demande votre attention';
$string['runstandard'] = 'Exécuter le fichier standard';
$string['runstandardnow'] = 'L\'exécuter maintenant';
$string['searchchanges'] = 'Changements : rechercher par utilisateur ou par cours';
$string['searchcourse'] = 'Cours';
$string['searchcourse_help'] = 'Une partie d\'un nom abrégé, d\'un nom complet ou d\'un numéro d\'identification : les changements de chaque cours correspondant.';
$string['searchuser'] = 'Utilisateur';
$string['searchuser_help'] = 'Une partie d\'un numéro d\'identification, d\'un nom d\'utilisateur, d\'une adresse de courriel ou d\'un nom : les changements de chaque utilisateur correspondant.';
$string['settings'] = 'Réglages';
$string['standardfile'] = 'Fichier standard';
$string['standardfile_desc'] = 'Chemin du fichier exécuté par la tâche planifiée (et par L\'exécuter maintenant sur la page de l\'outil), relatif à la zone des fichiers de commandes (par exemple enrols.csv ou sis/enrols.csv). Le dossier de dépôt (dataroot/sync) amène les fichiers à la racine de la zone : avec un dossier de dépôt, donnez un nom sans dossier.';
$string['standardfile_help'] = 'Le fichier qu\'exécute chaque nuit la tâche planifiée, dans la zone des fichiers de commandes (le réglage Fichier standard). Après une exécution réelle, il est archivé, conservé ou supprimé comme le dit le réglage Après une exécution ; une simulation le laisse en place.';
$string['standardfile_needsname'] = 'Indiquez le chemin d\'un fichier, par exemple enrols.csv.';
$string['standardfile_outside'] = 'Le chemin doit rester dans la zone des fichiers de commandes : pas de / initial, pas de .., pas de \\.';
$string['started'] = 'Début';
$string['startedby'] = 'Lancée par';
$string['status'] = 'État';
$string['status_applying'] = 'En cours d\'application par ses parties';
$string['status_done'] = 'Terminée';
$string['status_interrupted'] = 'Interrompue';
$string['status_locked'] = 'Autre exécution en cours';
$string['status_refused'] = 'Refusée par le seuil de sécurité';
$string['status_rejected'] = 'Fichier rejeté';
$string['status_running'] = 'En cours';
$string['takeover'] = 'Reprendre depuis enrol_flatfile';
$string['takeover_advice'] = 'enrol_flatfile lisait son fichier dans {$a->location}. Cet outil lit les fichiers déposés dans son dossier de dépôt : faites plutôt écrire par l\'export du système d\'information de l\'établissement {$a->dropfile} (sous un nom finissant par .part, renommé une fois complet) ; la tâche planifiée l\'exécute ensuite.';
$string['takeover_after'] = 'Après';
$string['takeover_before'] = 'Avant';
$string['takeover_change'] = '{$a->now} → {$a->then}';
$string['takeover_clifrom'] = 'Plugin à reprendre inconnu : « {$a} ». Seul --from=flatfile (enrol_flatfile) est pris en charge.';
$string['takeover_clihelp'] = 'Reprend depuis enrol_flatfile : ses réglages et ses inscriptions.

Options :
  --from=flatfile   le plugin à reprendre (enrol_flatfile, le seul)
  -n, --dry-run     lister ce que la reprise changerait, ne rien changer
  --json            afficher le rapport en un seul document JSON
  --changes[=N]     lister les changements (les N premiers, 100 par défaut) ; avec --json, dans le document
  -h, --help        cette aide

Dans l\'ordre : enrol_flatfile est désactivé ; sa correspondance des rôles (map_<roleid>) devient le réglage de correspondance des rôles, son action de désinscription l\'action de « del » pour les fichiers plats ; un fichier en attente là où il lit devient le fichier standard ; ses inscriptions passent à la méthode manuelle avec le même statut, les mêmes dates et les mêmes rôles (par l\'API d\'inscription de Moodle, sans message de bienvenue), et la synchronisation complète les gère ; les inscriptions qu\'il retient jusqu\'à leur début sont faites avec ce début. Un utilisateur inscrit aussi à la main garde cette inscription telle quelle, et le doublon d\'enrol_flatfile est retiré. La reprise est enregistrée comme une exécution avec sa liste de changements ; une fois faite, il ne reste rien à reprendre.

La progression va sur stderr. Code de sortie : 0 reprise faite (ou rien à reprendre), 1 des opérations ont échoué, 2 refusée (--from inconnu, méthode manuelle désactivée), 3 une autre exécution est en cours.

Exemple : sudo -u www-data php admin/tool/enrolsync/cli/takeover.php --from=flatfile --dry-run --changes';
$string['takeover_confirm'] = 'Reprendre maintenant, exactement comme listé';
$string['takeover_delactionflatfile'] = 'Action de « del » pour les fichiers plats';
$string['takeover_dryrun'] = 'Simulation : lister ce que la reprise changerait';
$string['takeover_enabled'] = 'enrol_flatfile';
$string['takeover_heldbackleft'] = '{$a} action(s) qu\'enrol_flatfile retenait jusqu\'à leur début ont été laissées dans sa table (un retrait, plusieurs actions pour un même utilisateur et un même cours, ou un utilisateur déjà inscrit) : relancez avec cet outil le fichier qui les contient, ou appliquez-les à la main.';
$string['takeover_intro'] = 'Un site qui utilisait enrol_flatfile a ses inscriptions sous la méthode enrol_flatfile. La reprise, dans l\'ordre : enrol_flatfile est désactivé ; sa correspondance des rôles devient celle de cet outil, et son action de désinscription l\'action de « del » pour les fichiers plats ; un fichier en attente là où il lit devient le fichier standard ; ses inscriptions passent à la méthode manuelle, celle qu\'utilise cet outil, avec le même statut, les mêmes dates et les mêmes rôles, par l\'API d\'inscription de Moodle (ses événements et ses journaux ; aucun message de bienvenue), et la synchronisation complète les gère ensuite ; les inscriptions qu\'il retient jusqu\'à leur début sont faites avec ce début. Un utilisateur inscrit aussi à la main garde cette inscription telle quelle (la synchronisation complète n\'y touche jamais), et le doublon d\'enrol_flatfile est retiré. La simulation liste exactement ce qui changera, et seule cette liste peut ensuite être appliquée. Ensuite, le même flux passé par cet outil ne change rien.';
$string['takeover_line'] = 'Reprise';
$string['takeover_location'] = 'Fichier en attente là où lit enrol_flatfile';
$string['takeover_notremoved'] = 'Le fichier {$a} a été repris comme fichier standard, mais n\'a pas pu être supprimé de son emplacement : supprimez-le à la main.';
$string['takeover_reading'] = 'Reprise d\'enrol_flatfile : ses réglages et ses inscriptions';
$string['takeover_rolemap'] = 'Correspondance des rôles';
$string['takeover_settings'] = 'Réglages';
$string['takeover_standardfile'] = '{$a}, le fichier standard de la zone des fichiers de commandes';
$string['takeover_statedisabled'] = 'enrol_flatfile est désactivé. Il détient {$a->enrolments} inscription(s) dans {$a->courses} cours, et {$a->heldback} action(s) retenue(s) jusqu\'à leur début.';
$string['takeover_stateenabled'] = 'enrol_flatfile est activé. Il détient {$a->enrolments} inscription(s) dans {$a->courses} cours, et {$a->heldback} action(s) retenue(s) jusqu\'à leur début.';
$string['task_applypart'] = 'Appliquer une partie d\'une synchronisation des inscriptions';
$string['task_cleanup'] = 'Supprimer l\'ancien historique de la synchronisation des inscriptions';
$string['task_feedwatch'] = 'Surveiller le flux d\'inscriptions';
$string['task_sync'] = 'Appliquer le fichier d\'inscriptions standard';
$string['threshold'] = 'Seuil de sécurité (%)';
$string['threshold_desc'] = 'Une synchronisation complète qui retirerait ou suspendrait plus que cette part des inscriptions actives gérées par cet outil s\'arrête avant toute écriture, et les liste, sauf confirmation. Suspendre une inscription déjà suspendue ne compte pas. 0 : tout retrait demande une confirmation ; 100 : la synchronisation complète ne s\'arrête jamais.';
$string['uploadandrun'] = 'Téléverser et exécuter';
$string['useridentifier'] = 'Identifiant des utilisateurs';
$string['useridentifier_desc'] = 'Le champ utilisateur que contient la colonne uid. Le numéro d\'identification est recommandé ; les identifiants de base de données diffèrent d\'un site à l\'autre, et une adresse de courriel partagée par plusieurs utilisateurs fait échouer sa ligne. Les fichiers plats nomment toujours les utilisateurs par leur numéro d\'identification. Changez-le en même temps que l\'export, après une simulation : des lignes écrites pour un autre identifiant échouent comme utilisateurs inconnus.';
$string['value'] = 'Valeur';
$string['webservicequeue'] = 'Mettre en file d\'attente les exécutions par service web au-delà de (opérations)';
$string['webservicequeue_desc'] = 'Une exécution réelle lancée par le service web (tool_enrolsync_run_file) dont le plan compte plus d\'opérations que ce nombre n\'est pas appliquée pendant la requête : une tâche ad hoc l\'applique au prochain passage du cron, et la requête répond aussitôt avec le numéro de l\'exécution et l\'état queued (le client interroge ensuite tool_enrolsync_get_run). Les autres exécutions attendent qu\'elle soit appliquée, comme pour une exécution en parties. 0 met en file d\'attente toute exécution réelle qui change quelque chose. Une simulation répond toujours avec son rapport.';
$string['welcomemessages'] = 'Messages de bienvenue pour les inscriptions faites par cet outil';
$string['welcomemessages_desc'] = 'Comme le dit la méthode d\'inscription : chaque nouvelle inscription reçoit le message de bienvenue que son instance prévoit (Moodle en envoie un par défaut pour les inscriptions manuelles). Jamais : les inscriptions de cet outil n\'en reçoivent aucun, quoi que dise l\'instance ; les instances ne sont pas modifiées, et les inscriptions à la main reçoivent toujours le leur. Sinon, le chargement de rentrée de milliers d\'inscriptions envoie des milliers de courriels.';
$string['withheldby'] = 'La synchronisation complète n\'a rien retiré ni suspendu lors de cette exécution : l\'utilisateur de la ou des lignes {$a} n\'a pu être déterminé. Corrigez ces lignes et relancez le fichier.';
