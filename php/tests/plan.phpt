--TEST--
Plan: the native fixture against a site, operations in chunks, line outcomes, a second run with nothing to do, full sync and its threshold
--EXTENSIONS--
enrolsync
--FILE--
<?php
$file = \EnrolSync\File::open(__DIR__ . '/../../tests/fixtures/native.csv', []);

/** A site with users S1001..S1005 (S1003 suspended), courses MATH-101 (2) and PHYS-201 (3). */
function site(array $enrolments, array $roles, array $groups = [[], [], []], array $members = []): \EnrolSync\Snapshot {
    $site = new \EnrolSync\Snapshot();
    $site->add_users(['S1001', 'S1002', 'T0042', 'S1003', 'S1005'], [101, 102, 103, 104, 105],
        [false, false, false, true, false]);
    $site->add_courses(['MATH-101', 'PHYS-201'], ['2', '3']);
    $site->add_roles(['editingteacher', 'teacher', 'student'], [3, 4, 5], [true, true, true], [true, true, true],
        [false, false, true]);
    $site->add_methods(['manual', 'self'], [true, true], [true, true], [true, true], [true, true]);
    $site->add_dates(['2026-09-01 00:00:00', '2027-07-05 00:00:00'], [1788213600, 1814738400]);
    $site->add_instances([2, 3], ['manual', 'manual'], [10, 11]);
    $site->add_enrolments($enrolments);
    $site->add_role_assignments($roles);
    $site->add_groups(...$groups);
    $site->add_memberships($members);
    return $site;
}
function show(\EnrolSync\Plan $plan): void {
    echo json_encode($plan->summary()), "\n";
    foreach ($plan->courses() as $course) {
        foreach ($plan->operations($course, 0, 1000) as $op) {
            echo '  ', json_encode($op), "\n";
        }
    }
}

echo "first run\n";
$enrolments = [11, 101, 0, 1700000000, 0, 1, 11, 104, 0, 1700000000, 0, 0];
$roles = [3, 101, 5, 1, 3, 104, 5, 1];
$before = site($enrolments, $roles);
$plan = $file->plan($before, ['now' => 1790000000]);
show($plan);
var_dump($plan->is_refused());
// The same rows in arrays that are not plain lists (a hole; string keys), and as the numeric
// strings Moodle's database returns, plan the same.
$holey = array_merge([0], $enrolments);
unset($holey[0]);
$keyed = array_combine(array_map(fn($i) => "r$i", array_keys($roles)), array_map('strval', $roles));
$same = $file->plan(site($holey, $keyed), ['now' => 1790000000]);
var_dump($same->summary() == $plan->summary() && $same->operations(2, 0, 100) == $plan->operations(2, 0, 100)
    && $same->operations(3, 0, 100) == $plan->operations(3, 0, 100));
echo 'chunk ', json_encode(array_column($plan->operations(2, 2, 2), 'op')), ' ',
    json_encode($plan->operations(2, 99, 10)), ' ', json_encode($plan->operations(99, 0, 10)), "\n";
echo 'counts ', json_encode([$plan->operation_count(2), $plan->operation_count(3), $plan->operation_count(99)]), "\n";
echo 'new students ', json_encode([$plan->new_students(2), $plan->new_students(3)]), "\n";
foreach ($plan->lines(0, 100, false) as $line) {
    printf("  line %d %s ops=%d %s%s%s%s\n", $line['line'], $line['status'], $line['ops'], $line['key'],
        $line['notenrolled'] ? ' notenrolled' : '', $line['usersuspended'] ? ' usersuspended' : '',
        $line['userid'] ? ' user ' . $line['userid'] : '');
}
echo 'failed from 1, 2 of them: ', json_encode(array_column($plan->lines(1, 2, true), 'line')), "\n";

echo "second run, on the site the first one left\n";
$after = site(
    [10, 101, 0, 1788213600, 1814738400, 1, 10, 102, 0, 1788213600, 1814738400, 1, 10, 103, 0, 1790000000, 0, 1,
        11, 101, 0, 1700000000, 0, 1, 11, 105, 0, 1700000000, 0, 1],
    [2, 101, 5, 1, 2, 102, 5, 1, 2, 103, 3, 1, 3, 101, 4, 1, 3, 105, 5, 1],
    [[2, 2], [50, 51], ['Group A', 'Group;"B"']], [50, 101, 51, 102]);
$plan = $file->plan($after, ['now' => 1790000000]);
show($plan);

echo "full sync: line 14 (more fields than the header) cannot tell its user, and withholds every removal\n";
$plan = $file->plan($after, ['now' => 1790000000, 'fullsync' => true, 'force' => true]);
echo json_encode($plan->summary()['withheldby']), ' removals=', $plan->summary()['syncremovals'], ' ',
    json_encode(array_column($plan->lines(0, 100, true), 'protection', 'line')), "\n";
echo 'kept ', json_encode($plan->kept(0, 10)), "\n";
echo "without it: S1005 in PHYS-201 is managed and not listed\n";
$file = \EnrolSync\File::from_string(str_replace(';extra', '', file_get_contents(__DIR__ . '/../../tests/fixtures/native.csv')), []);
foreach ([[], ['threshold' => 30], ['force' => true], ['threshold' => 30, 'removalaction' => 'unenrol'],
        ['removalaction' => 'keep']] as $options) {
    $plan = $file->plan($after, ['now' => 1790000000, 'fullsync' => true] + $options);
    echo json_encode($options), ' refused=', json_encode($plan->is_refused()), ' ',
        json_encode($plan->summary()['refused']), ' removals=', $plan->summary()['syncremovals'], ' ',
        json_encode($plan->operations(3, 0, 10)), "\n";
}

echo "an ambiguous user key: its failed line names every user it may mean\n";
$twins = new \EnrolSync\Snapshot();
$twins->add_users(['twin@example.org', 'twin@example.org', 'solo@example.org'], [201, 202, 203], [false, false, false]);
$file = \EnrolSync\File::from_string("cid;uid;rolename\nNOWHERE;twin@example.org;student\nNOWHERE;solo@example.org;student\n",
    ['useridentifier' => 'email']);
foreach ($file->plan($twins, [])->lines(0, 10, true) as $line) {
    echo json_encode([$line['line'], $line['key'], $line['userid'], $line['userids']]), "\n";
}
?>
--EXPECT--
first run
{"operations":{"createinstance":0,"creategroup":2,"enrol":3,"update":0,"suspend":0,"unenrol":1,"assign":1,"unassign":1,"addmember":2,"removemember":0},"lines":{"applied":5,"unchanged":0,"failed":4},"courses":2,"syncremovals":0,"withheldby":[],"kept":0,"noaccess":[],"refused":null}
  {"op":"creategroup","line":3,"courseid":2,"groupid":0,"groupname":"Group A"}
  {"op":"creategroup","line":4,"courseid":2,"groupid":0,"groupname":"Group;\"B\""}
  {"op":"enrol","line":3,"courseid":2,"userid":101,"method":"manual","instanceid":10,"roleid":5,"timestart":1788213600,"timeend":1814738400}
  {"op":"addmember","line":3,"courseid":2,"userid":101,"groupid":0,"groupname":"Group A"}
  {"op":"enrol","line":4,"courseid":2,"userid":102,"method":"manual","instanceid":10,"roleid":5,"timestart":1788213600,"timeend":1814738400}
  {"op":"addmember","line":4,"courseid":2,"userid":102,"groupid":0,"groupname":"Group;\"B\""}
  {"op":"enrol","line":8,"courseid":2,"userid":103,"method":"manual","instanceid":10,"roleid":3,"timestart":1790000000,"timeend":0}
  {"op":"unassign","line":9,"courseid":3,"userid":101,"roleid":5}
  {"op":"assign","line":9,"courseid":3,"userid":101,"roleid":4}
  {"op":"unenrol","line":10,"courseid":3,"userid":104,"method":"manual","instanceid":11}
bool(false)
bool(true)
chunk ["enrol","addmember"] [] []
counts [7,3,0]
new students [[101,102],[]]
  line 3 applied ops=3 
  line 4 applied ops=3 
  line 8 applied ops=1 
  line 9 applied ops=2 
  line 10 applied ops=1  usersuspended
  line 11 failed ops=0 baddate
  line 12 failed ops=0 unknownrole user 105
  line 13 failed ops=0 unknowncourse user 101
  line 14 failed ops=0 toomanyfields
failed from 1, 2 of them: [12,13]
second run, on the site the first one left
{"operations":{"createinstance":0,"creategroup":0,"enrol":0,"update":0,"suspend":0,"unenrol":0,"assign":0,"unassign":0,"addmember":0,"removemember":0},"lines":{"applied":0,"unchanged":5,"failed":4},"courses":0,"syncremovals":0,"withheldby":[],"kept":0,"noaccess":[],"refused":null}
full sync: line 14 (more fields than the header) cannot tell its user, and withholds every removal
[14] removals=0 {"11":"course","12":"course","13":"everycourse","14":"all"}
kept [{"op":"suspend","line":14,"courseid":3,"userid":105,"method":"manual","instanceid":11,"reason":"withheld"}]
without it: S1005 in PHYS-201 is managed and not listed
[] refused=true {"removals":1,"managed":5,"threshold":10} removals=1 []
{"threshold":30} refused=false null removals=1 [{"op":"suspend","line":0,"courseid":3,"userid":105,"method":"manual","instanceid":11,"status":1,"timestart":null,"timeend":null}]
{"force":true} refused=false null removals=1 [{"op":"suspend","line":0,"courseid":3,"userid":105,"method":"manual","instanceid":11,"status":1,"timestart":null,"timeend":null}]
{"threshold":30,"removalaction":"unenrol"} refused=false null removals=1 [{"op":"unenrol","line":0,"courseid":3,"userid":105,"method":"manual","instanceid":11}]
{"removalaction":"keep"} refused=false null removals=0 []
an ambiguous user key: its failed line names every user it may mean
[2,"ambiguoususer",0,[201,202]]
[3,"unknowncourse",203,[203]]
