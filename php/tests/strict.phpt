--TEST--
The API refuses what it cannot use, with a clear exception: plan options of the wrong type or out of range, snapshot integers that are not integers, and messages holding a NUL byte still reach PHP as FileException
--EXTENSIONS--
enrolsync
--FILE--
<?php
$file = \EnrolSync\File::from_string("cid;uid;rolename\nC1;u1;student\n", []);
$snapshot = new \EnrolSync\Snapshot();
$options = [
    ['fullsync' => true, 'threshold' => NAN],
    ['fullsync' => true, 'threshold' => INF],
    ['fullsync' => true, 'threshold' => -5],
    ['fullsync' => true, 'threshold' => '10'],
    ['removalaction' => 'delete'],
    ['removalaction' => 1],
    ['fullsync' => 'false'],
    ['force' => 'yes'],
    ['now' => '1700000000'],
    ['delactionflatfile' => 4],
    ['delactionnative' => '-1'],
    ['rolemap' => 'Etudiant = student'],
    ['rolemap' => ['Etudiant' => 5]],
    ['rolemap' => ['Etudiant' => 'student', 7 => 'teacher'], 'delactionflatfile' => 0, 'delactionnative' => -1],
    ['fullsync' => 1, 'threshold' => 25.5, 'removalaction' => 'unenrol', 'force' => false, 'now' => 1700000000],
];
foreach ($options as $option) {
    try {
        $file->plan($snapshot, $option);
        echo json_encode($option), ": planned\n";
    } catch (\EnrolSync\FileException $e) {
        echo json_encode($option, JSON_PARTIAL_OUTPUT_ON_ERROR), ': ', $e->get_error_key(), ' ', $e->get_error_arg(), "\n";
    }
}
foreach (['abc', '12abc', 1.9e30, 12.0, true, '-3', ' 7'] as $id) {
    try {
        (new \EnrolSync\Snapshot())->add_courses(['C1'], [$id]);
        echo var_export($id, true), ": accepted\n";
    } catch (\Throwable $e) {
        echo var_export($id, true), ': ', get_class($e), ': ', $e->getMessage(), "\n";
    }
}
// A UTF-16 file without its byte order mark, and a NUL in the header: the message names the
// column, and the exception is still the extension's own.
$utf16 = implode('', array_map(fn($c) => "$c\0", str_split("cid;uid;rolename\nC1;u1;student\n")));
foreach ([$utf16, "cid;u\0id;rolename\n"] as $content) {
    try {
        \EnrolSync\File::from_string($content, []);
        echo "read\n";
    } catch (\Throwable $e) {
        echo get_class($e), ': ', $e->get_error_key(), ' ', json_encode($e->get_error_arg()), "\n";
    }
}
try {
    \EnrolSync\File::from_string("cid;uid;rolename\n", ['delimiter' => "\0"]);
} catch (\Throwable $e) {
    echo get_class($e), ': ', $e->get_error_key(), "\n";
}
foreach ([-2, '5', 0, 5] as $role) {
    try {
        \EnrolSync\File::from_string("cid;uid;rolename\nC1;u1;\n", ['defaultrole' => $role]);
        echo 'defaultrole ', json_encode($role), ": read\n";
    } catch (\Throwable $e) {
        echo 'defaultrole ', json_encode($role), ': ', $e->get_error_key(), ' ', $e->get_error_arg(), "\n";
    }
}
// Instance statuses, when given, are one per instance.
try {
    (new \EnrolSync\Snapshot())->add_instances([2, 3], ['manual', 'manual'], [10, 11], [0]);
} catch (\Throwable $e) {
    echo get_class($e), ': ', $e->getMessage(), "\n";
}
?>
--EXPECT--
{"fullsync":true,"threshold":0}: badoption threshold=NaN
{"fullsync":true,"threshold":0}: badoption threshold=inf
{"fullsync":true,"threshold":-5}: badoption threshold=-5
{"fullsync":true,"threshold":"10"}: badoption threshold=10
{"removalaction":"delete"}: badoption removalaction=delete
{"removalaction":1}: badoption removalaction=1
{"fullsync":"false"}: badoption fullsync=false
{"force":"yes"}: badoption force=yes
{"now":"1700000000"}: badoption now=1700000000
{"delactionflatfile":4}: badoption delactionflatfile=4
{"delactionnative":"-1"}: badoption delactionnative=-1
{"rolemap":"Etudiant = student"}: badoption rolemap=Etudiant = student
{"rolemap":{"Etudiant":5}}: badoption rolemap=5
{"rolemap":{"Etudiant":"student","7":"teacher"},"delactionflatfile":0,"delactionnative":-1}: planned
{"fullsync":1,"threshold":25.5,"removalaction":"unenrol","force":false,"now":1700000000}: planned
'abc': Exception: expected a list of integers
'12abc': Exception: expected a list of integers
1.9E+30: Exception: expected a list of integers
12.0: Exception: expected a list of integers
true: Exception: expected a list of integers
'-3': accepted
' 7': Exception: expected a list of integers
EnrolSync\FileException: unknowncolumn "c\ufffdi\ufffdd\ufffd"
EnrolSync\FileException: unknowncolumn "u\ufffdid"
EnrolSync\FileException: badoption
defaultrole -2: badoption defaultrole=-2
defaultrole "5": badoption defaultrole=5
defaultrole 0: read
defaultrole 5: read
Exception: the lists must have the same length
