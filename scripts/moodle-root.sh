#!/usr/bin/env bash
# Prints the root of the Moodle site whose code MOODLE_DIR (or $1) names: the folder of Moodle's
# command line scripts (admin/cli), vendor/ and phpunit.xml. Before Moodle 5.1 it is the code
# tree itself; from 5.1 the plugins and config.php are in its web root public/, which MOODLE_DIR
# names (public/config.php forwards to the root's), and the root is public/'s parent.
set -euo pipefail
dir=${1:-${MOODLE_DIR:?set MOODLE_DIR to a Moodle site}}
for root in "$dir" "$dir/.."; do
    if [ -f "$root/admin/cli/upgrade.php" ]; then
        realpath "$root"
        exit 0
    fi
done
echo "moodle-root.sh: $dir is no Moodle code tree (no admin/cli/upgrade.php there or in its parent)" >&2
exit 1
