//! The part of the Moodle site's state that a file touches, as PHP read it in bulk: who and what
//! the file's keys are, and for each affected course its instances, groups and members.
//!
//! PHP fills a [`Snapshot`] after reading the file: first what the keys match (`add_user`,
//! `add_course`, `add_role`, `add_method`, `add_date`), then, for every course concerned, its
//! enrolment instances and groups, and the rows that refer to them by id (user enrolments,
//! role assignments, group memberships). The rows are grouped into one [`CourseState`] per
//! course, where each user of the course is a [`Member`]. The snapshot is read-only while
//! planning: simulation copies what it changes.
//!
//! Instances and groups are referred to by *slot*, their index in their course's list, rather
//! than by database id, so that the instances and groups a plan creates (which have no id yet)
//! fit in the same lists.

use std::convert::Infallible;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;
use thiserror::Error;

use crate::keys::{KeyId, KeySet};

/// A Moodle database id.
pub type Id = i64;

/// What a user key matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UserMatch {
    /// Exactly one user.
    Found {
        /// The user's id (`user.id`).
        id: Id,
        /// Whether the user's account is suspended: they are enrolled all the same, and the
        /// report says so.
        suspended: bool,
    },
    /// Several users have this value (possible for e-mail): never guessed.
    Ambiguous,
}

/// A role of the site, as a line's `rolename` (its shortname) may name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleInfo {
    /// The role's id (`role.id`).
    pub id: Id,
    /// Whether the role can be assigned in course context.
    pub assignable: bool,
    /// Whether the site lets this tool give and take it (setting *roles a run may assign*).
    pub allowed: bool,
    /// Whether the role's archetype is student (teachers are told about new students).
    pub student: bool,
}

/// An enrolment plugin installed on the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MethodInfo {
    /// Whether the plugin is enabled site-wide (a disabled one refuses new enrolments unless
    /// the setting *enrol even when the method is disabled* is on).
    pub enabled: bool,
    /// Whether an instance may be added to a course that has none.
    pub can_create: bool,
    /// Whether the plugin lets a tool enrol users and manage their enrolments (its
    /// `allow_enrol()` and `allow_manage()`).
    pub may_enrol: bool,
    /// Whether the plugin lets a tool unenrol users (its `allow_unenrol()`).
    pub may_unenrol: bool,
}

/// A method like manual: enabled, and letting a tool do everything.
impl Default for MethodInfo {
    fn default() -> Self {
        MethodInfo {
            enabled: true,
            can_create: true,
            may_enrol: true,
            may_unenrol: true,
        }
    }
}

/// Index of an enrolment plugin's name in [`Snapshot::methods`].
pub type MethodId = KeyId;

/// One user enrolment (`user_enrolments` row): a user's enrolment through one instance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enrolment {
    /// Whether it is active (`status` 0); false when suspended.
    pub active: bool,
    /// When it starts (`timestart`, Unix seconds; 0: no start).
    pub start: i64,
    /// When it ends (`timeend`, Unix seconds; 0: no end).
    pub end: i64,
}

/// An enrolment instance of a course (`enrol` row): one method set up in the course, through
/// which users are enrolled.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Instance {
    /// Its plugin, an index into [`Snapshot::methods`].
    pub method: MethodId,
    /// Its id (`enrol.id`); `None` for one the plan creates.
    pub id: Option<Id>,
    /// Whether it is enabled in its course (`enrol.status`): users enrolled through a disabled
    /// instance have no access, so new enrolments are refused unless a setting allows them.
    pub enabled: bool,
}

/// A group of a course (`groups` row).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// Its id (`groups.id`); `None` for one the plan creates.
    pub id: Option<Id>,
    /// Its name, which lines match exactly.
    pub name: Box<str>,
}

/// Index of an instance in its course's instance list ([`CourseState::instances`], then the
/// plan's [`crate::plan::CoursePlan::instances`], which appends those it creates).
pub type InstanceSlot = u32;
/// Index of a group in its course's group list ([`CourseState::groups`], then the plan's
/// [`crate::plan::CoursePlan::groups`], which appends those it creates).
pub type GroupSlot = u32;

/// What one user has in one course: enrolments, roles, groups.
///
/// Lists are stored inline up to their usual length (one enrolment, a role or two, a group or
/// two). A snapshot holds a member for every user enrolled in the courses a file touches, so a
/// heap allocation per list would multiply its memory and the time to build and copy it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Member {
    /// The user's enrolments in the course, by instance (at most one per instance).
    pub enrolments: SmallVec<[(InstanceSlot, Enrolment); 1]>,
    /// Roles assigned by hand (component ''), the only ones this tool assigns and unassigns.
    pub roles: SmallVec<[Id; 2]>,
    /// Whether the user also holds roles given by enrolment plugins or other components.
    pub other_roles: bool,
    /// The groups of the course the user is a member of.
    pub groups: SmallVec<[GroupSlot; 2]>,
}

impl Member {
    /// The user's enrolment through instance `slot`, if any.
    pub fn enrolment(&self, slot: InstanceSlot) -> Option<&Enrolment> {
        self.enrolments
            .iter()
            .find(|(s, _)| *s == slot)
            .map(|(_, e)| e)
    }

    /// Whether the user holds any role in the course, by hand or otherwise (a `del` with a
    /// role unenrols only a user left with none).
    pub fn holds_any_role(&self) -> bool {
        !self.roles.is_empty() || self.other_roles
    }
}

/// The state of one course.
#[derive(Debug, Clone, Default)]
pub struct CourseState {
    /// Its enrolment instances, in id order (an [`InstanceSlot`] indexes them).
    pub instances: Vec<Instance>,
    /// Its groups, in id order (a [`GroupSlot`] indexes them).
    pub groups: Vec<Group>,
    /// Every user with an enrolment, a role assignment or a group membership in the course,
    /// by user id. Users absent from it have nothing in the course.
    pub members: FxHashMap<Id, Member>,
    /// Enrolments that this tool created, as (user id, instance): the only ones full sync may
    /// suspend or remove.
    pub managed: Vec<(Id, InstanceSlot)>,
}

impl CourseState {
    /// The first instance of a method (Moodle lists instances by id; the first is the one used).
    pub fn instance_of(&self, method: MethodId) -> Option<InstanceSlot> {
        self.instances
            .iter()
            .position(|i| i.method == method)
            .map(|p| p as InstanceSlot)
    }

    /// The first group of the course with exactly this name.
    pub fn group_named(&self, name: &str) -> Option<GroupSlot> {
        self.groups
            .iter()
            .position(|g| &*g.name == name)
            .map(|p| p as GroupSlot)
    }
}

/// A row PHP hands over refers to something the snapshot was not given first: a bug in the
/// order PHP fills it in, not a problem with the file (PHP throws it as a plain exception).
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum SnapshotError {
    /// A user enrolment's (or an instance status's) instance id was not added with
    /// [`Snapshot::add_instance`] before.
    #[error("row for instance {0}, which was not added first")]
    UnknownInstance(Id),
    /// A group membership's group id was not added with [`Snapshot::add_group`] before.
    #[error("membership row for group {0}, which was not added first")]
    UnknownGroup(Id),
}

/// Everything the planner knows about the site.
#[derive(Debug, Clone, Default)]
pub struct Snapshot {
    /// What each of the file's user keys matches ([`crate::read::Keys::users`]); a key absent
    /// matches no user.
    pub users: FxHashMap<Box<str>, UserMatch>,
    /// The course each of the file's course keys matches (the first one PHP gave, for an
    /// ambiguous key); a key absent matches no course.
    pub courses: FxHashMap<Box<str>, Id>,
    /// The site's roles, by shortname.
    pub roles: FxHashMap<Box<str>, RoleInfo>,
    /// The names of the enrolment plugins, installed ones and those instances name; a
    /// [`MethodId`] indexes it.
    pub methods: KeySet,
    /// Indexed like `methods`; `None` for a method seen only on instances (plugin not installed).
    pub method_info: Vec<Option<MethodInfo>>,
    /// Canonical local dates (see [`crate::date`]) converted by PHP in the site's time zone.
    pub dates: FxHashMap<Box<str>, i64>,
    /// The site's front page course (`SITEID`), which no line may target. [`Snapshot::new`]
    /// sets 1, Moodle's usual value.
    pub site_course: Id,
    /// The state of each course concerned, by course id: the courses the file names and, in
    /// full sync, those holding enrolments this tool manages.
    pub course_states: FxHashMap<Id, CourseState>,
    instance_slots: FxHashMap<Id, (Id, InstanceSlot)>,
    group_slots: FxHashMap<Id, (Id, GroupSlot)>,
    /// The users of each ambiguous key (few, if any).
    ambiguous: FxHashMap<Box<str>, SmallVec<[Id; 2]>>,
    /// Course keys that name several courses.
    ambiguous_courses: FxHashSet<Box<str>>,
    managed_active: usize,
}

impl Snapshot {
    /// An empty snapshot, whose site course is 1.
    pub fn new() -> Self {
        Snapshot {
            site_course: 1,
            ..Default::default()
        }
    }

    /// A user whose identifier field has the value `key`. Two different users with the same key
    /// make the key ambiguous.
    pub fn add_user(&mut self, key: &str, id: Id, suspended: bool) {
        let found = UserMatch::Found { id, suspended };
        let Some(known) = self.users.get_mut(key) else {
            self.users.insert(key.into(), found);
            return;
        };
        let ids = self.ambiguous.entry(key.into()).or_default();
        if let UserMatch::Found { id: first, .. } = *known {
            if first == id {
                return;
            }
            ids.push(first);
        }
        if !ids.contains(&id) {
            ids.push(id);
        }
        *known = UserMatch::Ambiguous;
    }

    /// The users an ambiguous key matches (empty for other keys).
    pub fn ambiguous_users(&self, key: &str) -> &[Id] {
        self.ambiguous.get(key).map_or(&[], |ids| ids.as_slice())
    }

    /// A course whose identifier field has the value `key`. Two different courses with the
    /// same key (ID numbers need not be unique) make the key ambiguous.
    pub fn add_course(&mut self, key: &str, id: Id) {
        match self.courses.get(key) {
            Some(&known) if known != id => {
                self.ambiguous_courses.insert(key.into());
            }
            Some(_) => {}
            None => {
                self.courses.insert(key.into(), id);
            }
        }
    }

    /// The course a key names, if exactly one course has it and it is not the site course.
    pub fn course_id(&self, key: &str) -> Option<Id> {
        let id = *self.courses.get(key)?;
        (id != self.site_course && !self.is_ambiguous_course(key)).then_some(id)
    }

    /// Whether a course key names several courses.
    pub fn is_ambiguous_course(&self, key: &str) -> bool {
        self.ambiguous_courses.contains(key)
    }

    /// A role of the site, by shortname.
    pub fn add_role(&mut self, shortname: &str, role: RoleInfo) {
        self.roles.insert(shortname.into(), role);
    }

    /// An installed enrolment plugin, by name.
    pub fn add_method(&mut self, name: &str, info: MethodInfo) {
        let id = self.method_id(name);
        self.method_info[id as usize] = Some(info);
    }

    /// The timestamp of one of the file's dates (`YYYY-MM-DD HH:MM:SS`, as
    /// [`crate::read::Keys::dates`] holds it), converted in the site's time zone.
    pub fn add_date(&mut self, canonical: &str, timestamp: i64) {
        self.dates.insert(canonical.into(), timestamp);
    }

    /// The id of an enrolment plugin's name, added when new (with no [`MethodInfo`] until
    /// [`Snapshot::add_method`] gives one).
    pub fn method_id(&mut self, name: &str) -> MethodId {
        let id = self.methods.intern(name);
        if self.method_info.len() < self.methods.len() {
            self.method_info.push(None);
        }
        id
    }

    /// An enrolment instance `id` of plugin `method` in `course`. A course's instances must
    /// be added in id order: the first of a method is the one lines use.
    pub fn add_instance(&mut self, course: Id, method: &str, id: Id) {
        let method = self.method_id(method);
        let state = self.course_states.entry(course).or_default();
        state.instances.push(Instance {
            method,
            id: Some(id),
            enabled: true,
        });
        self.instance_slots
            .insert(id, (course, (state.instances.len() - 1) as InstanceSlot));
    }

    /// Marks instance `id`, added before, as disabled in its course (its `enrol.status` is not
    /// `ENROL_INSTANCE_ENABLED`).
    pub fn disable_instance(&mut self, id: Id) -> Result<(), SnapshotError> {
        let &(course, slot) = self
            .instance_slots
            .get(&id)
            .ok_or(SnapshotError::UnknownInstance(id))?;
        if let Some(instance) = self
            .course_states
            .get_mut(&course)
            .and_then(|state| state.instances.get_mut(slot as usize))
        {
            instance.enabled = false;
        }
        Ok(())
    }

    /// One user enrolment; see [`Snapshot::add_enrolments`].
    pub fn add_enrolment(
        &mut self,
        instance: Id,
        user: Id,
        enrolment: Enrolment,
        managed: bool,
    ) -> Result<(), SnapshotError> {
        self.add_enrolments([(instance, user, enrolment, managed)])
    }

    /// User enrolments: instance id, user id, enrolment, whether this tool created it. Every
    /// instance must have been added first, or nothing is added and the error names it. The
    /// rows are gone through twice (counting each course's rows, then placing them), so that
    /// they need not be copied first: hence `Clone` iterators.
    pub fn add_enrolments<R>(&mut self, rows: R) -> Result<(), SnapshotError>
    where
        R: IntoIterator<Item = (Id, Id, Enrolment, bool)>,
        R::IntoIter: Clone,
    {
        let slots = &self.instance_slots;
        let grouped = group_by_course(rows.into_iter(), |(instance, user, enrolment, managed)| {
            let &(course, slot) = slots
                .get(&instance)
                .ok_or(SnapshotError::UnknownInstance(instance))?;
            Ok((course, (user, slot, enrolment, managed)))
        })?;
        self.managed_active += grouped
            .iter()
            .filter(|(_, (_, _, enrolment, managed))| *managed && enrolment.active)
            .count();
        self.add_by_course(&grouped, |state, &(user, slot, enrolment, managed)| {
            state
                .members
                .entry(user)
                .or_default()
                .enrolments
                .push((slot, enrolment));
            if managed {
                state.managed.push((user, slot));
            }
        });
        Ok(())
    }

    /// A role assignment in the course's context; `manual` when its component is ''.
    pub fn add_role_assignment(&mut self, course: Id, user: Id, role: Id, manual: bool) {
        self.add_role_assignments([(course, user, role, manual)]);
    }

    /// Role assignments in course contexts: course id, user id, role id, whether its
    /// component is '' (assigned by hand, as this tool assigns roles, rather than by an
    /// enrolment plugin or another component). Like [`Snapshot::add_enrolments`],
    /// the rows are gone through twice.
    pub fn add_role_assignments<R>(&mut self, rows: R)
    where
        R: IntoIterator<Item = (Id, Id, Id, bool)>,
        R::IntoIter: Clone,
    {
        let Ok(grouped) = group_by_course(rows.into_iter(), |(course, user, role, manual)| {
            Ok::<_, Infallible>((course, (user, role, manual)))
        });
        self.add_by_course(&grouped, |state, &(user, role, manual)| {
            let member = state.members.entry(user).or_default();
            if !manual {
                member.other_roles = true;
            } else if !member.roles.contains(&role) {
                member.roles.push(role);
            }
        });
    }

    /// Rows grouped by course (see [`group_by_course`]): each course's rows added to it,
    /// courses in parallel. Adding the rows in their order would jump from one course's member
    /// map to another's at every row, a cache miss or two each; grouped, a course's rows go
    /// into its own map one after the other, and courses, being independent, go in parallel.
    fn add_by_course<T: Sync>(
        &mut self,
        grouped: &[(Id, T)],
        add: impl Fn(&mut CourseState, &T) + Sync,
    ) {
        let mut by_course = FxHashMap::default();
        for rows in grouped.chunk_by(|a, b| a.0 == b.0) {
            self.course_states.entry(rows[0].0).or_default();
            by_course.insert(rows[0].0, rows);
        }
        self.course_states
            .par_iter_mut()
            .for_each(|(course, state)| {
                for (_, row) in by_course.get(course).copied().unwrap_or_default() {
                    add(state, row);
                }
            });
    }

    /// A group `id` named `name` in `course`. PHP adds a course's groups in id order, so that
    /// a name two groups share means the older one.
    pub fn add_group(&mut self, course: Id, id: Id, name: &str) {
        let state = self.course_states.entry(course).or_default();
        state.groups.push(Group {
            id: Some(id),
            name: name.into(),
        });
        self.group_slots
            .insert(id, (course, (state.groups.len() - 1) as GroupSlot));
    }

    /// One group membership; see [`Snapshot::add_memberships`].
    pub fn add_membership(&mut self, group: Id, user: Id) -> Result<(), SnapshotError> {
        self.add_memberships([(group, user)])
    }

    /// Group memberships: group id, user id. Every group must have been added first, or
    /// nothing is added and the error names it. The rows are gone through twice.
    pub fn add_memberships<R>(&mut self, rows: R) -> Result<(), SnapshotError>
    where
        R: IntoIterator<Item = (Id, Id)>,
        R::IntoIter: Clone,
    {
        let slots = &self.group_slots;
        let grouped = group_by_course(rows.into_iter(), |(group, user)| {
            let &(course, slot) = slots
                .get(&group)
                .ok_or(SnapshotError::UnknownGroup(group))?;
            Ok((course, (user, slot)))
        })?;
        self.add_by_course(&grouped, |state, &(user, slot)| {
            let member = state.members.entry(user).or_default();
            if !member.groups.contains(&slot) {
                member.groups.push(slot);
            }
        });
        Ok(())
    }

    /// Number of active enrolments this tool created, site-wide (the base of the safety
    /// threshold: a suspended enrolment has nothing left to lose).
    pub fn managed_active(&self) -> usize {
        self.managed_active
    }
}

/// The rows, `place`d (a course and what to add to it), with each course's rows together:
/// courses in order of first appearance, rows in their order. A counting sort, which goes
/// through the rows twice (counting, then placing) and moves each one once: linear, with no
/// comparison, and the rows can be read where they are (PHP's arrays) rather than copied into a
/// vector to sort. An error of `place` stops it before anything is placed.
fn group_by_course<R, T, E>(
    rows: R,
    place: impl Fn(R::Item) -> Result<(Id, T), E>,
) -> Result<Vec<(Id, T)>, E>
where
    R: Iterator + Clone,
    T: Copy,
{
    let mut index: FxHashMap<Id, usize> = FxHashMap::default();
    let mut ends = Vec::new();
    let mut courses = Vec::with_capacity(rows.size_hint().0);
    let mut first = None;
    for row in rows.clone() {
        let placed = place(row)?;
        let at = *index.entry(placed.0).or_insert_with(|| {
            ends.push(0);
            ends.len() - 1
        });
        ends[at] += 1;
        courses.push(at);
        first.get_or_insert(placed);
    }
    let Some(first) = first else {
        return Ok(Vec::new());
    };
    // Where each course's rows start, then the next free place of each.
    let mut next = Vec::with_capacity(ends.len());
    let mut start = 0;
    for count in ends {
        next.push(start);
        start += count;
    }
    let mut grouped = vec![first; courses.len()];
    for (row, course) in rows.zip(courses) {
        grouped[next[course]] = place(row)?;
        next[course] += 1;
    }
    Ok(grouped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_are_grouped_by_course_in_their_order() {
        let rows = [(2, 'a'), (1, 'b'), (2, 'c'), (3, 'd'), (1, 'e')];
        let place = |row: &(Id, char)| Ok::<_, ()>(*row);
        assert_eq!(
            group_by_course(rows.iter(), place),
            Ok(vec![(2, 'a'), (2, 'c'), (1, 'b'), (1, 'e'), (3, 'd')])
        );
        assert_eq!(group_by_course([].iter(), place), Ok(vec![]));
        let refuse_3 = |row: &(Id, char)| if row.0 == 3 { Err(row.1) } else { Ok(*row) };
        assert_eq!(group_by_course(rows.iter(), refuse_3), Err('d'));
    }
}
