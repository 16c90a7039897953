--TEST--
enrolsync_version() is the crate's version
--EXTENSIONS--
enrolsync
--FILE--
<?php
preg_match('/^version = "([^"]+)"/m', file_get_contents(__DIR__ . '/../../Cargo.toml'), $m);
var_dump(enrolsync_version() === $m[1]);
preg_match("/release\s*=\s*'([^']+)'/", file_get_contents(__DIR__ . '/../../version.php'), $r);
var_dump($r[1] === $m[1]);
?>
--EXPECT--
bool(true)
bool(true)
