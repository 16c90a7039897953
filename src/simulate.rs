//! Applying a course's lines, in file order, to a model of the course: the model's final state is
//! the state that applying the lines one by one in Moodle would reach. Users are copied from the
//! snapshot on first touch, so the untouched majority costs nothing.
//!
//! A [`CourseSim`] holds the course's instances and groups (the snapshot's, then those lines
//! create) and a [`UserSim`] for each user a line or full sync touches: the user's state in the
//! snapshot, their state now, and which line last changed each [`Aspect`] of it. Applying a line
//! gives its [`LineOutcome`]; [`crate::plan`] then compares each user's two states to find the
//! operations, and credits each to the line that last touched its aspect. Full sync's
//! treatment of enrolments no line lists ([`RemovalAction`]) is applied last, sparing those that
//! failed lines protect ([`Protection`]).

use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;

use crate::error::{FileError, LineError};
use crate::keys::KeySet;
use crate::line::{Command, DelAction, GroupCommand, Line};
use crate::read::ParsedFile;
use crate::resolve::Resolved;
use crate::snapshot::{
    CourseState, Enrolment, Group, GroupSlot, Id, Instance, InstanceSlot, Member, MethodInfo,
};

/// Something about one user in one course that a line can change; used to say which line
/// caused each operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Aspect {
    /// The user's enrolment through this instance: present or not, active, start, end.
    Enrolment(InstanceSlot),
    /// Whether the user holds this role (by its id), assigned by hand, in the course.
    Role(Id),
    /// Whether the user is a member of this group.
    Group(GroupSlot),
}

/// What a user absent from the snapshot has in a course.
static NOT_A_MEMBER: Member = Member {
    enrolments: SmallVec::new_const(),
    roles: SmallVec::new_const(),
    other_roles: false,
    groups: SmallVec::new_const(),
};

/// One user of the course as the lines leave them.
#[derive(Debug, Clone)]
pub struct UserSim<'a> {
    /// The user's id.
    pub id: Id,
    /// As in the snapshot (borrowed: most users a file names need no change).
    pub initial: &'a Member,
    /// As the lines applied so far leave them.
    pub current: Member,
    /// The last line that changed each aspect (0: full sync).
    touched: SmallVec<[(Aspect, u32); 4]>,
}

impl UserSim<'_> {
    /// The number of the last line that changed `aspect`, which the operation on it is
    /// credited to; 0 when full sync changed it last, or nothing did.
    pub fn touched_by(&self, aspect: Aspect) -> u32 {
        self.touched
            .iter()
            .find(|(a, _)| *a == aspect)
            .map_or(0, |(_, line)| *line)
    }

    fn touch(&mut self, aspect: Aspect, line: u32) {
        match self.touched.iter_mut().find(|(a, _)| *a == aspect) {
            Some(entry) => entry.1 = line,
            None => self.touched.push((aspect, line)),
        }
    }

    fn enrol(&mut self, slot: InstanceSlot, resolved: &Resolved, now: i64, line: u32) {
        let entry = self.current.enrolments.iter_mut().find(|(s, _)| *s == slot);
        match entry {
            Some((_, enrolment)) => {
                let before = *enrolment;
                enrolment.active = true;
                enrolment.start = resolved.start.unwrap_or(enrolment.start);
                enrolment.end = resolved.end.unwrap_or(enrolment.end);
                if *enrolment != before {
                    self.touch(Aspect::Enrolment(slot), line);
                }
            }
            None => {
                let start = resolved.start.unwrap_or(now);
                let end = resolved.end.unwrap_or(0);
                self.current.enrolments.push((
                    slot,
                    Enrolment {
                        active: true,
                        start,
                        end,
                    },
                ));
                self.touch(Aspect::Enrolment(slot), line);
            }
        }
    }

    fn assign(&mut self, role: Id, line: u32) {
        if !self.current.roles.contains(&role) {
            self.current.roles.push(role);
            self.touch(Aspect::Role(role), line);
        }
    }

    fn unassign(&mut self, role: Id, line: u32) -> bool {
        let before = self.current.roles.len();
        self.current.roles.retain(|r| *r != role);
        let changed = self.current.roles.len() != before;
        if changed {
            self.touch(Aspect::Role(role), line);
        }
        changed
    }

    /// Like Moodle's `unenrol_user()`: the last enrolment of a course takes every role and
    /// group membership in the course with it.
    fn unenrol(&mut self, slot: InstanceSlot, line: u32) -> bool {
        let before = self.current.enrolments.len();
        self.current.enrolments.retain(|(s, _)| *s != slot);
        if self.current.enrolments.len() == before {
            return false;
        }
        self.touch(Aspect::Enrolment(slot), line);
        if self.current.enrolments.is_empty() {
            for role in std::mem::take(&mut self.current.roles) {
                self.touch(Aspect::Role(role), line);
            }
            for group in std::mem::take(&mut self.current.groups) {
                self.touch(Aspect::Group(group), line);
            }
            self.current.other_roles = false;
        }
        true
    }

    fn suspend(&mut self, slot: InstanceSlot) {
        self.set_active(slot, false, 0);
    }

    /// Suspends or reactivates the enrolment through `slot`, if any; returns whether it changed.
    fn set_active(&mut self, slot: InstanceSlot, active: bool, line: u32) -> bool {
        let Some((_, enrolment)) = self.current.enrolments.iter_mut().find(|(s, _)| *s == slot)
        else {
            return false;
        };
        if enrolment.active == active {
            return false;
        }
        enrolment.active = active;
        self.touch(Aspect::Enrolment(slot), line);
        true
    }

    fn join(&mut self, group: GroupSlot, line: u32) {
        if !self.current.groups.contains(&group) {
            self.current.groups.push(group);
            self.touch(Aspect::Group(group), line);
        }
    }

    fn leave(&mut self, group: GroupSlot, line: u32) {
        if self.current.groups.contains(&group) {
            self.current.groups.retain(|g| *g != group);
            self.touch(Aspect::Group(group), line);
        }
    }
}

/// Full sync's treatment of managed enrolments that the file no longer lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RemovalAction {
    /// Nothing: the enrolments the file no longer lists stay as they are.
    Keep,
    /// The enrolment is suspended; its roles, groups and the user's course data stay, so a
    /// later `add` reactivates it. The default, reversible.
    Suspend,
    /// The enrolment is removed, which removes the user's roles, groups and course data when
    /// it was their last in the course: destructive, so it must be chosen.
    Unenrol,
}

impl RemovalAction {
    /// `keep`, `suspend` (the default, also for '') or `unenrol`.
    pub fn parse(value: &str) -> Result<Self, FileError> {
        match value {
            "" | "suspend" => Ok(RemovalAction::Suspend),
            "unenrol" => Ok(RemovalAction::Unenrol),
            "keep" => Ok(RemovalAction::Keep),
            other => Err(FileError::BadOption {
                name: "removalaction",
                value: other.into(),
            }),
        }
    }
}

/// What a valid line of the file comes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineStatus {
    /// The line causes at least one operation.
    Applied,
    /// The line is valid but nothing needs to change: the site is already as it asks (the
    /// line applied before), or it asks to remove what is not there.
    Unchanged,
    /// The line cannot apply (or, for a failed group part, applies only in part): its
    /// [`LineOutcome::error`] says why.
    Failed,
}

impl LineStatus {
    /// The name PHP stores and translates: `applied`, `unchanged` or `failed`.
    pub fn name(self) -> &'static str {
        match self {
            LineStatus::Applied => "applied",
            LineStatus::Unchanged => "unchanged",
            LineStatus::Failed => "failed",
        }
    }
}

/// The outcome of one valid line. Small, as there is one per line of the file: the error, which
/// few lines have, is boxed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LineOutcome {
    /// Why it failed (for a failed group part, the other operations of the line still apply).
    pub error: Option<Box<LineError>>,
    /// Number of operations the line causes, counted once the course is planned.
    pub ops: u32,
    /// A `del` for someone not enrolled, or groups for someone not enrolled.
    pub not_enrolled: bool,
    /// The user's account is suspended (enrolled all the same).
    pub user_suspended: bool,
    /// The line enrols or reactivates through a method or instance that is disabled (the
    /// setting allows it): the enrolment gives no access until they are enabled.
    pub no_access: bool,
    /// What the line, failed, keeps full sync from removing.
    pub protection: Protection,
}

/// What a line that failed keeps full sync from removing (spec §4: removal needs positive
/// evidence). Only set in full sync.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protection {
    /// Nothing: the line succeeded, or names no user of the site.
    #[default]
    None,
    /// The user's enrolments in the line's course.
    Course,
    /// The user's enrolments in every course (the line's course cannot be told).
    EveryCourse,
    /// Every enrolment: the line's user cannot be told, so the run removes nothing.
    All,
}

impl Protection {
    /// The name PHP stores and translates (`protection_<name>`); '' for none.
    pub fn name(self) -> &'static str {
        match self {
            Protection::None => "",
            Protection::Course => "course",
            Protection::EveryCourse => "everycourse",
            Protection::All => "all",
        }
    }
}

impl LineOutcome {
    /// The outcome of a line that fails as a whole, with no operation.
    pub fn failed(error: LineError) -> Self {
        LineOutcome {
            error: Some(Box::new(error)),
            ..LineOutcome::default()
        }
    }

    /// Failed when it has an error, else applied when it causes operations, else unchanged.
    pub fn status(&self) -> LineStatus {
        match (&self.error, self.ops) {
            (Some(_), _) => LineStatus::Failed,
            (None, 0) => LineStatus::Unchanged,
            (None, _) => LineStatus::Applied,
        }
    }
}

/// The model of one course while its lines are applied.
pub struct CourseSim<'a> {
    /// The course's id.
    pub course: Id,
    base: Option<&'a CourseState>,
    /// The course's instances: the snapshot's, then those lines create (id `None`).
    pub instances: Vec<Instance>,
    /// The course's groups: the snapshot's, then those lines create (id `None`).
    pub groups: Vec<Group>,
    /// The users touched so far, in the order they were first touched.
    pub users: Vec<UserSim<'a>>,
    index: FxHashMap<Id, usize>,
    /// Instances to create, with the line that first needs each.
    pub created_instances: Vec<(InstanceSlot, u32)>,
    /// Groups to create, with the line that first needs each.
    pub created_groups: Vec<(GroupSlot, u32)>,
    /// Enrolments the file lists: full sync leaves them alone.
    listed: FxHashSet<(Id, InstanceSlot)>,
    /// The roles a run may give and take: `shift` leaves the others.
    allowed_roles: &'a FxHashSet<Id>,
    now: i64,
    create_instances: bool,
    rules: CourseRules<'a>,
}

/// How the commands that need more than the line apply: `del` (a setting per format), and
/// `disable`/`enable` of every method (each enrolment's method and instance).
#[derive(Debug, Clone, Copy)]
pub struct CourseRules<'a> {
    /// What a `del` line does: the setting of the file's format.
    pub del_action: DelAction,
    /// The site's enrolment plugins' names ([`crate::snapshot::Snapshot::methods`]), which a
    /// [`crate::snapshot::MethodId`] indexes.
    pub method_names: &'a KeySet,
    /// What the site's enrolment plugins allow, indexed like `method_names`.
    pub methods: &'a [Option<MethodInfo>],
    /// Setting *enrol even when the method or instance is disabled*.
    pub enrol_when_disabled: bool,
}

impl<'a> CourseSim<'a> {
    /// The course as `base` (the snapshot's state; `None` for a course with nothing in it)
    /// has it. `lines`: how many lines the course has (at most one new user each);
    /// `allowed_roles`: the roles a run may assign and unassign (those `shift` replaces); `now`:
    /// the start of new enrolments whose line gives none; `create_instances`: the setting
    /// *create missing instances*; `rules`: how `del`, `disable` and `enable` apply.
    pub fn new(
        course: Id,
        base: Option<&'a CourseState>,
        lines: usize,
        allowed_roles: &'a FxHashSet<Id>,
        (now, create_instances): (i64, bool),
        rules: CourseRules<'a>,
    ) -> Self {
        CourseSim {
            course,
            base,
            instances: base.map(|b| b.instances.clone()).unwrap_or_default(),
            groups: base.map(|b| b.groups.clone()).unwrap_or_default(),
            // Sized once: the users of a course are most of its lines.
            users: Vec::with_capacity(lines),
            index: FxHashMap::with_capacity_and_hasher(lines, Default::default()),
            created_instances: Vec::new(),
            created_groups: Vec::new(),
            listed: FxHashSet::default(),
            allowed_roles,
            now,
            create_instances,
            rules,
        }
    }

    fn user(&mut self, id: Id) -> &mut UserSim<'a> {
        let base = self.base;
        let users = &mut self.users;
        let at = *self.index.entry(id).or_insert_with(|| {
            let initial = base
                .and_then(|b| b.members.get(&id))
                .unwrap_or(&NOT_A_MEMBER);
            users.push(UserSim {
                id,
                initial,
                current: initial.clone(),
                touched: SmallVec::new(),
            });
            users.len() - 1
        });
        &mut self.users[at]
    }

    /// Records that a line names the user's enrolment through `slot`: full sync leaves it to
    /// what the line says (an `enable` line's enrolment is not suspended, a `disable` line's not
    /// unenrolled, a `del` that keeps the enrolment keeps it).
    fn list(&mut self, user: Id, slot: Option<InstanceSlot>) {
        if let Some(slot) = slot {
            self.listed.insert((user, slot));
        }
    }

    fn instance_of(&self, method: u32) -> Option<InstanceSlot> {
        self.instances
            .iter()
            .position(|i| i.method == method)
            .map(|p| p as InstanceSlot)
    }

    /// Applies one resolved line of the course (see [`Command`] and [`GroupCommand`] for what
    /// each does) and says what it came to. Its `ops` are counted later, once the course is
    /// planned.
    pub fn apply(&mut self, file: &ParsedFile, line: &Line, resolved: &Resolved) -> LineOutcome {
        let mut result = LineOutcome {
            user_suspended: resolved.user_suspended,
            no_access: resolved.no_access,
            ..LineOutcome::default()
        };
        let number = line.number;
        match line.command {
            Command::Add | Command::Shift => {
                let slot = match self.instance_of(resolved.method) {
                    Some(slot) => slot,
                    None if self.create_instances && resolved.method_can_create => {
                        self.instances.push(Instance {
                            method: resolved.method,
                            id: None,
                            enabled: true,
                        });
                        let slot = (self.instances.len() - 1) as InstanceSlot;
                        self.created_instances.push((slot, number));
                        slot
                    }
                    None => {
                        result.error = Some(Box::new(LineError::NoInstance(
                            file.keys.methods.value(line.method).into(),
                        )));
                        return result;
                    }
                };
                self.list(resolved.user, Some(slot));
                let (now, allowed_roles) = (self.now, self.allowed_roles);
                let user = self.user(resolved.user);
                user.enrol(slot, resolved, now, number);
                if let Some(role) = resolved.role {
                    if line.command == Command::Shift {
                        for other in user.current.roles.clone() {
                            if other != role && allowed_roles.contains(&other) {
                                user.unassign(other, number);
                            }
                        }
                    }
                    user.assign(role, number);
                }
            }
            Command::Del if self.rules.del_action == DelAction::ToolSync => {
                let slot = self.instance_of(resolved.method);
                self.list(resolved.user, slot);
                let user = self.user(resolved.user);
                let unassigned = resolved
                    .role
                    .is_some_and(|role| user.unassign(role, number));
                let enrolled = slot.is_some_and(|s| user.current.enrolment(s).is_some());
                if let Some(slot) = slot.filter(|_| enrolled)
                    && (resolved.role.is_none() || !user.current.holds_any_role())
                {
                    user.unenrol(slot, number);
                }
                result.not_enrolled = !enrolled && !unassigned;
            }
            Command::Del => self.del_as_flatfile(resolved, number, &mut result),
            Command::Disable | Command::Enable => {
                self.set_status(line, resolved, &mut result);
            }
        }
        if let Some(command) = line.group_command {
            self.apply_groups(file, line, resolved.user, command, &mut result);
        }
        result
    }

    /// A `del` with one of enrol_flatfile's actions, on the enrolment through the line's
    /// method. As enrol_flatfile, it leaves alone a user who holds roles in the course but not
    /// the line's (enrolled for those), and suspending leaves an enrolment already suspended
    /// as it is, roles included.
    fn del_as_flatfile(&mut self, resolved: &Resolved, line: u32, result: &mut LineOutcome) {
        let slot = self.instance_of(resolved.method);
        self.list(resolved.user, slot);
        let (action, allowed_roles) = (self.rules.del_action, self.allowed_roles);
        let user = self.user(resolved.user);
        let Some(slot) = slot.filter(|&s| user.current.enrolment(s).is_some()) else {
            result.not_enrolled = true;
            return;
        };
        let roles = &user.current.roles;
        if resolved
            .role
            .is_some_and(|role| !roles.is_empty() && !roles.contains(&role))
        {
            return;
        }
        match action {
            DelAction::Unenrol => {
                if let Some(role) = resolved.role {
                    user.unassign(role, line);
                }
                user.unenrol(slot, line);
            }
            DelAction::Suspend => {
                user.set_active(slot, false, line);
            }
            DelAction::SuspendNoRoles => {
                if user.set_active(slot, false, line) {
                    for role in user.current.roles.clone() {
                        if Some(role) == resolved.role || allowed_roles.contains(&role) {
                            user.unassign(role, line);
                        }
                    }
                }
            }
            DelAction::RoleOnly => {
                for role in user.current.roles.clone() {
                    let named = resolved
                        .role
                        .map_or(allowed_roles.contains(&role), |r| r == role);
                    if named {
                        user.unassign(role, line);
                    }
                }
            }
            DelAction::Keep | DelAction::ToolSync => {}
        }
    }

    /// `disable` / `enable`: the user's enrolment through the line's method, or (any method)
    /// each of their enrolments in the course through a method that lets a tool manage it
    /// (their dates stay as they are: the line's are not used). An
    /// enrolment through a disabled method or instance is reactivated only when the setting
    /// allows it (the line then says it gives no access); otherwise the line fails, having
    /// reactivated the others.
    fn set_status(&mut self, line: &Line, resolved: &Resolved, result: &mut LineOutcome) {
        let active = line.command == Command::Enable;
        let slots: SmallVec<[InstanceSlot; 2]> = if line.any_method {
            let member = &self.user(resolved.user).current;
            member.enrolments.iter().map(|(slot, _)| *slot).collect()
        } else {
            self.instance_of(resolved.method).into_iter().collect()
        };
        let mut enrolled = false;
        for slot in slots {
            let instance = self.instances[slot as usize];
            let info = self
                .rules
                .methods
                .get(instance.method as usize)
                .copied()
                .flatten();
            if line.any_method && !info.is_some_and(|info| info.may_enrol) {
                continue;
            }
            if self.user(resolved.user).current.enrolment(slot).is_none() {
                continue;
            }
            enrolled = true;
            self.list(resolved.user, Some(slot));
            let disabled = !instance.enabled || !info.is_some_and(|info| info.enabled);
            if active && line.any_method && disabled {
                if !self.rules.enrol_when_disabled {
                    let method = self.rules.method_names.value(instance.method).into();
                    result.error = Some(Box::new(if instance.enabled {
                        LineError::MethodDisabled(method)
                    } else {
                        LineError::InstanceDisabled(method)
                    }));
                    continue;
                }
                result.no_access = true;
            }
            self.user(resolved.user)
                .set_active(slot, active, line.number);
        }
        result.not_enrolled = !enrolled;
    }

    fn apply_groups(
        &mut self,
        file: &ParsedFile,
        line: &Line,
        user: Id,
        command: GroupCommand,
        result: &mut LineOutcome,
    ) {
        if self.user(user).current.enrolments.is_empty() {
            result.not_enrolled = true;
            return;
        }
        let mut slots = Vec::new();
        let mut unknown = Vec::new();
        for &name_id in file.line_groups(line) {
            let name = file.keys.groups.value(name_id);
            match self.groups.iter().position(|g| &*g.name == name) {
                Some(slot) => slots.push(slot as GroupSlot),
                None if command.creates() => {
                    self.groups.push(Group {
                        id: None,
                        name: name.into(),
                    });
                    let slot = (self.groups.len() - 1) as GroupSlot;
                    self.created_groups.push((slot, line.number));
                    slots.push(slot);
                }
                None => unknown.push(name),
            }
        }
        // A group part naming an unknown group changes no membership: greplace could not reach
        // the groups it asks for, and a typo must not take anyone out of their groups.
        if !unknown.is_empty() {
            result.error = Some(Box::new(LineError::UnknownGroup(unknown.join(", "))));
            return;
        }
        let number = line.number;
        let sim = self.user(user);
        if command.replaces() {
            for group in sim.current.groups.clone() {
                if !slots.contains(&group) {
                    sim.leave(group, number);
                }
            }
        }
        for slot in slots {
            if command == GroupCommand::Del {
                sim.leave(slot, number);
            } else {
                sim.join(slot, number);
            }
        }
    }

    /// Full sync: the managed enrolments of this course that no line lists and that `action`
    /// would change (suspending a suspended enrolment changes nothing), as (user, instance).
    pub fn at_risk(&self, action: RemovalAction) -> Vec<(Id, InstanceSlot)> {
        let Some(base) = self.base else {
            return Vec::new();
        };
        let current = |user: Id, slot: InstanceSlot| match self.index.get(&user) {
            Some(&at) => self.users[at].current.enrolment(slot).copied(),
            None => base
                .members
                .get(&user)
                .and_then(|m| m.enrolment(slot))
                .copied(),
        };
        base.managed
            .iter()
            .filter(|pair| !self.listed.contains(pair))
            .filter(|&&(user, slot)| match (action, current(user, slot)) {
                (RemovalAction::Keep, _) | (_, None) => false,
                (RemovalAction::Suspend, Some(enrolment)) => enrolment.active,
                (RemovalAction::Unenrol, Some(_)) => true,
            })
            .copied()
            .collect()
    }

    /// Full sync: the managed enrolments [`CourseSim::at_risk`] gives get `action`, but those that
    /// `kept_by` names a line for (a line that failed may be about them): those are returned,
    /// as (user, instance, line).
    pub fn remove_unlisted(
        &mut self,
        action: RemovalAction,
        kept_by: impl Fn(Id) -> Option<u32>,
    ) -> Vec<(Id, InstanceSlot, u32)> {
        let mut kept = Vec::new();
        for (user, slot) in self.at_risk(action) {
            if let Some(line) = kept_by(user) {
                kept.push((user, slot, line));
                continue;
            }
            let sim = self.user(user);
            match action {
                RemovalAction::Suspend => sim.suspend(slot),
                RemovalAction::Unenrol => {
                    sim.unenrol(slot, 0);
                }
                RemovalAction::Keep => {}
            }
        }
        kept
    }
}
