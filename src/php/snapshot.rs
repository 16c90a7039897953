//! `EnrolSync\\Snapshot`: the part of the site a file touches, filled by PHP in bulk with
//! parallel or flat lists.

use ext_php_rs::exception::{PhpException, PhpResult};
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;

use super::zval::{IntList, bools, ints, same_length, strings};
use crate::snapshot::{Enrolment, MethodInfo, RoleInfo, Snapshot as CoreSnapshot};

/// The site state the planner needs, filled by PHP in bulk with parallel or flat lists.
#[php_class]
#[php(name = "EnrolSync\\Snapshot")]
pub struct Snapshot {
    pub(super) snapshot: CoreSnapshot,
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Snapshot {
    /// An empty snapshot.
    pub fn __construct() -> Self {
        Snapshot {
            snapshot: CoreSnapshot::new(),
        }
    }

    /// The site course's id (never a target); 1 unless said otherwise.
    pub fn set_site_course(&mut self, id: i64) {
        self.snapshot.site_course = id;
    }

    /// Users found for the file's user keys; a key given twice with different ids is ambiguous.
    pub fn add_users(
        &mut self,
        keys: &ZendHashTable,
        ids: &ZendHashTable,
        suspended: &ZendHashTable,
    ) -> PhpResult<()> {
        let (keys, ids, suspended) = (strings(keys)?, ints(ids)?, bools(suspended));
        same_length(&[keys.len(), ids.len(), suspended.len()])?;
        for ((key, id), suspended) in keys.iter().zip(ids).zip(suspended) {
            self.snapshot.add_user(key, id, suspended);
        }
        Ok(())
    }

    /// Courses found for the file's course keys; a key given twice with different ids is
    /// ambiguous.
    pub fn add_courses(&mut self, keys: &ZendHashTable, ids: &ZendHashTable) -> PhpResult<()> {
        let (keys, ids) = (strings(keys)?, ints(ids)?);
        same_length(&[keys.len(), ids.len()])?;
        for (key, id) in keys.iter().zip(ids) {
            self.snapshot.add_course(key, id);
        }
        Ok(())
    }

    /// Roles by shortname: whether they can be assigned in a course, whether the settings let
    /// this tool give them, whether they are students.
    pub fn add_roles(
        &mut self,
        shortnames: &ZendHashTable,
        ids: &ZendHashTable,
        assignable: &ZendHashTable,
        allowed: &ZendHashTable,
        student: &ZendHashTable,
    ) -> PhpResult<()> {
        let (names, ids) = (strings(shortnames)?, ints(ids)?);
        let (assignable, allowed, student) = (bools(assignable), bools(allowed), bools(student));
        let count = same_length(&[
            names.len(),
            ids.len(),
            assignable.len(),
            allowed.len(),
            student.len(),
        ])?;
        for i in 0..count {
            let role = RoleInfo {
                id: ids[i],
                assignable: assignable[i],
                allowed: allowed[i],
                student: student[i],
            };
            self.snapshot.add_role(&names[i], role);
        }
        Ok(())
    }

    /// Installed enrolment plugins: enabled on the site, able to add an instance, letting a tool
    /// enrol (and manage enrolments), letting a tool unenrol.
    pub fn add_methods(
        &mut self,
        names: &ZendHashTable,
        enabled: &ZendHashTable,
        creatable: &ZendHashTable,
        mayenrol: &ZendHashTable,
        mayunenrol: &ZendHashTable,
    ) -> PhpResult<()> {
        let names = strings(names)?;
        let flags = [enabled, creatable, mayenrol, mayunenrol].map(bools);
        let count = same_length(&[
            names.len(),
            flags[0].len(),
            flags[1].len(),
            flags[2].len(),
            flags[3].len(),
        ])?;
        for i in 0..count {
            let method = MethodInfo {
                enabled: flags[0][i],
                can_create: flags[1][i],
                may_enrol: flags[2][i],
                may_unenrol: flags[3][i],
            };
            self.snapshot.add_method(&names[i], method);
        }
        Ok(())
    }

    /// The file's dates (`YYYY-MM-DD HH:MM:SS`) as timestamps in the site's time zone.
    pub fn add_dates(
        &mut self,
        dates: &ZendHashTable,
        timestamps: &ZendHashTable,
    ) -> PhpResult<()> {
        let (dates, stamps) = (strings(dates)?, ints(timestamps)?);
        same_length(&[dates.len(), stamps.len()])?;
        for (date, stamp) in dates.iter().zip(stamps) {
            self.snapshot.add_date(date, stamp);
        }
        Ok(())
    }

    /// Enrolment instances of the affected courses, in id order, with their status
    /// (`enrol.status`: 0 enabled; all enabled when not given).
    pub fn add_instances(
        &mut self,
        courseids: &ZendHashTable,
        methods: &ZendHashTable,
        ids: &ZendHashTable,
        statuses: Option<&ZendHashTable>,
    ) -> PhpResult<()> {
        let (courses, methods, ids) = (ints(courseids)?, strings(methods)?, ints(ids)?);
        let statuses = statuses.map(ints).transpose()?;
        let given = statuses.as_ref().map_or(ids.len(), Vec::len);
        same_length(&[courses.len(), methods.len(), ids.len(), given])?;
        for i in 0..ids.len() {
            self.snapshot.add_instance(courses[i], &methods[i], ids[i]);
            if statuses.as_ref().is_some_and(|s| s[i] != 0) {
                self.snapshot
                    .disable_instance(ids[i])
                    .map_err(|e| PhpException::from_message(e.to_string()))?;
            }
        }
        Ok(())
    }

    /// User enrolments as a flat list: instanceid, userid, status (0 active), timestart,
    /// timeend, managed (1 when this tool created it), repeated.
    pub fn add_enrolments(&mut self, rows6: &ZendHashTable) -> PhpResult<()> {
        let list = IntList::read(rows6)?;
        let rows = list.rows::<6>()?.map(|r| {
            let enrolment = Enrolment {
                active: r[2] == 0,
                start: r[3],
                end: r[4],
            };
            (r[0], r[1], enrolment, r[5] != 0)
        });
        self.snapshot
            .add_enrolments(rows)
            .map_err(|e| PhpException::from_message(e.to_string()))
    }

    /// Role assignments in course contexts as a flat list: courseid, userid, roleid, manual
    /// (1 when the component is ''), repeated.
    pub fn add_role_assignments(&mut self, rows4: &ZendHashTable) -> PhpResult<()> {
        let list = IntList::read(rows4)?;
        let rows = list.rows::<4>()?;
        self.snapshot
            .add_role_assignments(rows.map(|r| (r[0], r[1], r[2], r[3] != 0)));
        Ok(())
    }

    /// Groups of the affected courses, in id order.
    pub fn add_groups(
        &mut self,
        courseids: &ZendHashTable,
        ids: &ZendHashTable,
        names: &ZendHashTable,
    ) -> PhpResult<()> {
        let (courses, ids, names) = (ints(courseids)?, ints(ids)?, strings(names)?);
        same_length(&[courses.len(), ids.len(), names.len()])?;
        for i in 0..ids.len() {
            self.snapshot.add_group(courses[i], ids[i], &names[i]);
        }
        Ok(())
    }

    /// Group memberships as a flat list: groupid, userid, repeated.
    pub fn add_memberships(&mut self, rows2: &ZendHashTable) -> PhpResult<()> {
        let list = IntList::read(rows2)?;
        let rows = list.rows::<2>()?;
        self.snapshot
            .add_memberships(rows.map(|r| (r[0], r[1])))
            .map_err(|e| PhpException::from_message(e.to_string()))
    }
}
