--TEST--
php/enrolsync.stub.php declares exactly the extension's API
--EXTENSIONS--
enrolsync
--FILE--
<?php
// The extension's signatures come from this process, where it is loaded; the stub's from a PHP
// without any ini file (so without the extension), where the stub can be declared.
$argv = ['signatures.php'];
ob_start();
require(__DIR__ . '/../signatures.php');
$fromextension = ob_get_clean();
$fromstub = shell_exec(escapeshellarg(PHP_BINARY) . ' -n ' . escapeshellarg(__DIR__ . '/../signatures.php') . ' --stub');
if ($fromstub === $fromextension) {
    echo "same\n";
} else {
    echo "extension:\n$fromextension\nstub:\n$fromstub\n";
}
echo substr_count($fromextension, "\n") > 20 ? "complete\n" : "too short\n";
?>
--EXPECT--
same
complete
