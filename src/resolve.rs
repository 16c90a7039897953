//! Mapping a line's keys to the site's ids: the [`Resolver`] looks each distinct key of the file
//! up in the [`Snapshot`] once, then each [`Line`] resolves by index into a [`Resolved`] line, or
//! fails with the [`LineError`] that says which key the site does not have or refuses (unknown
//! or ambiguous user or course, role not assignable or not allowed, method unknown, disabled or
//! not letting a tool do it, instance disabled, end before start). Roles are found through the
//! [`RoleMap`] setting.

use rustc_hash::FxHashMap;
use smallvec::{SmallVec, smallvec};

use crate::error::LineError;
use crate::keys::KeyId;
use crate::line::{Command, Line, RoleRef, TimeRef};
use crate::plan::PlanOptions;
use crate::prefetch::prefetch;
use crate::read::ParsedFile;
use crate::snapshot::{Id, MethodId, MethodInfo, RoleInfo, Snapshot, UserMatch};

/// The *role map* setting: the names a file gives roles, each to a role's shortname (spec §3).
/// Names are matched trimmed and without regard to case. A name the map does not hold means
/// the role of that shortname, in any case (`Student` finds `student`); a name it holds means
/// its role only, even when it is another role's shortname (`teacher = editingteacher`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleMap {
    names: FxHashMap<Box<str>, Box<str>>,
}

impl RoleMap {
    /// Maps the file's role name `name` to the role whose shortname is `shortname`.
    pub fn insert(&mut self, name: &str, shortname: &str) {
        self.names
            .insert(name.trim().to_lowercase().into(), shortname.trim().into());
    }

    /// The shortname a file's role name maps to, if the map names it.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.names
            .get(name.trim().to_lowercase().as_str())
            .map(|s| &**s)
    }
}

/// The site's roles by shortname, found exactly or else without regard to case.
struct Roles<'a> {
    exact: &'a FxHashMap<Box<str>, RoleInfo>,
    /// By lower-case shortname; `None` when two shortnames differ only by case (then only an
    /// exact match finds them).
    folded: FxHashMap<String, Option<&'a RoleInfo>>,
}

impl<'a> Roles<'a> {
    fn new(snapshot: &'a Snapshot) -> Self {
        let mut folded: FxHashMap<String, Option<&RoleInfo>> = FxHashMap::default();
        for (shortname, role) in &snapshot.roles {
            folded
                .entry(shortname.to_lowercase())
                .and_modify(|found| *found = None)
                .or_insert(Some(role));
        }
        Roles {
            exact: &snapshot.roles,
            folded,
        }
    }

    fn get(&self, shortname: &str) -> Option<&'a RoleInfo> {
        self.exact.get(shortname).or_else(|| {
            self.folded
                .get(&shortname.to_lowercase())
                .copied()
                .flatten()
        })
    }

    /// The role a file's role name means through the map, checked: it can be assigned in a
    /// course and the settings let a run give it. Errors name `named`, as the file or setting
    /// wrote it.
    fn check(role: Option<&RoleInfo>, named: &str) -> Result<Id, LineError> {
        match role {
            Some(role) if !role.assignable => Err(LineError::RoleNotAssignable(named.into())),
            Some(role) if !role.allowed => Err(LineError::RoleNotAllowed(named.into())),
            Some(role) => Ok(role.id),
            None => Err(LineError::UnknownRole(named.into())),
        }
    }
}

/// A line whose every key names something on the site.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Resolved {
    /// The user's id.
    pub user: Id,
    /// Whether the user's account is suspended (enrolled all the same; the report says so).
    pub user_suspended: bool,
    /// The course's id (never the site course).
    pub course: Id,
    /// The role's id; `None` for `*` (every role, with `del` only).
    pub role: Option<Id>,
    /// The enrolment plugin, an index into [`Snapshot::methods`].
    pub method: MethodId,
    /// Whether the course may get an instance of the method when it has none.
    pub method_can_create: bool,
    /// The line gives access through a method disabled site-wide or an instance disabled in
    /// the course, which the setting *enrol even when the method or instance is disabled*
    /// allows: the enrolment gives no access until they are enabled, and the report says so.
    pub no_access: bool,
    /// The enrolment's start as a timestamp; `None` when the line gives none (a new
    /// enrolment then starts at the run's start, an existing one keeps its own).
    pub start: Option<i64>,
    /// The enrolment's end as a timestamp; `None` when the line gives none (a new enrolment
    /// then has no end, an existing one keeps its own).
    pub end: Option<i64>,
}

/// Per-key lookups for one file against one snapshot.
pub struct Resolver<'a> {
    file: &'a ParsedFile,
    snapshot: &'a Snapshot,
    users: Vec<Result<(Id, bool), LineError>>,
    courses: Vec<Result<Id, LineError>>,
    roles: Vec<Result<Id, LineError>>,
    default_role: Result<Id, LineError>,
    methods: Vec<Result<(MethodId, MethodInfo), LineError>>,
    dates: Vec<Option<i64>>,
    enrol_when_disabled: bool,
}

impl<'a> Resolver<'a> {
    /// Looks every key of `file` up in `snapshot`, roles through the options' role map.
    pub fn new(file: &'a ParsedFile, snapshot: &'a Snapshot, options: &PlanOptions) -> Self {
        let users = file
            .keys
            .users
            .values()
            .map(|key| match snapshot.users.get(key) {
                Some(UserMatch::Found { id, suspended }) => Ok((*id, *suspended)),
                Some(UserMatch::Ambiguous) => Err(LineError::AmbiguousUser(key.into())),
                None => Err(LineError::UnknownUser(key.into())),
            })
            .collect();
        let courses = file
            .keys
            .courses
            .values()
            .map(|key| match snapshot.courses.get(key) {
                _ if snapshot.is_ambiguous_course(key) => {
                    Err(LineError::AmbiguousCourse(key.into()))
                }
                Some(&id) if id == snapshot.site_course => Err(LineError::SiteCourse),
                Some(&id) => Ok(id),
                None => Err(LineError::UnknownCourse(key.into())),
            })
            .collect();
        let site_roles = Roles::new(snapshot);
        let roles = file
            .keys
            .roles
            .values()
            .map(|key| {
                let shortname = options.role_map.get(key).unwrap_or(key);
                Roles::check(site_roles.get(shortname), key)
            })
            .collect();
        // Only lines that read with the default role use it.
        let default_role = match file.default_role {
            Some(id) => match snapshot.roles.iter().find(|(_, role)| role.id == id) {
                Some((shortname, role)) => Roles::check(Some(role), shortname),
                None => Err(LineError::UnknownRole(id.to_string())),
            },
            None => Err(LineError::EmptyValue("rolename")),
        };
        let methods = file
            .keys
            .methods
            .values()
            .map(|name| {
                let id = snapshot.methods.get(name);
                match id.and_then(|id| snapshot.method_info[id as usize].map(|info| (id, info))) {
                    Some(found) => Ok(found),
                    None => Err(LineError::UnknownMethod(name.into())),
                }
            })
            .collect();
        let dates = file
            .keys
            .dates
            .values()
            .map(|d| snapshot.dates.get(d).copied())
            .collect();
        Resolver {
            file,
            snapshot,
            users,
            courses,
            roles,
            default_role,
            methods,
            dates,
            enrol_when_disabled: options.enrol_when_disabled,
        }
    }

    /// The line's keys as the site's ids, or the first reason it cannot apply, checked in this
    /// order: user, course, role (unless the command uses none), method (known, enabled and
    /// its instance in the course enabled for a command that gives access, letting a tool do
    /// what the command asks; not checked for a `disable`/`enable` of any method, which the
    /// simulation checks enrolment by enrolment), dates. Whether the course has an instance of
    /// the method is for the simulation ([`LineError::NoInstance`]).
    pub fn resolve(&self, line: &Line) -> Result<Resolved, LineError> {
        let (user, user_suspended) = self.users[line.user as usize].clone()?;
        let course = self.courses[line.course as usize].clone()?;
        let role = match line.role {
            _ if !line.command.uses_role() => None,
            RoleRef::All => None,
            RoleRef::Named(key) => Some(self.roles[key as usize].clone()?),
            RoleRef::Default => Some(self.default_role.clone()?),
        };
        let (method, info) = self.methods[line.method as usize].clone()?;
        let no_access = if line.any_method {
            false
        } else {
            self.check_method(line, course, method, info)?
        };
        let start = self.time(line.start)?;
        let end = self.time(line.end)?;
        // An end of 0 (a flat file's) is no end.
        if let (Some(start), Some(end)) = (start, end)
            && end != 0
            && end < start
        {
            return Err(LineError::EndBeforeStart);
        }
        let method_can_create = info.can_create;
        Ok(Resolved {
            user,
            user_suspended,
            course,
            role,
            method,
            method_can_create,
            no_access,
            start,
            end,
        })
    }

    /// Whether the line's method lets it do what it asks in the course: the plugin lets a tool
    /// do it and, for a command that gives access, the method is enabled and so is its instance
    /// in the course (removing or suspending an enrolment works whatever their state). Returns
    /// whether the enrolment will give no access (allowed by the setting).
    fn check_method(
        &self,
        line: &Line,
        course: Id,
        method: MethodId,
        info: MethodInfo,
    ) -> Result<bool, LineError> {
        let method_name = || self.file.keys.methods.value(line.method).into();
        let allowed = match line.command {
            Command::Add | Command::Shift | Command::Disable | Command::Enable => info.may_enrol,
            Command::Del => info.may_unenrol,
        };
        if !line.command.gives_access() {
            return if allowed {
                Ok(false)
            } else {
                Err(LineError::MethodNotAllowed(method_name()))
            };
        }
        if !info.enabled && !self.enrol_when_disabled {
            return Err(LineError::MethodDisabled(method_name()));
        }
        if !allowed {
            return Err(LineError::MethodNotAllowed(method_name()));
        }
        let instance_disabled = self
            .snapshot
            .course_states
            .get(&course)
            .is_some_and(|state| {
                state
                    .instance_of(method)
                    .is_some_and(|slot| !state.instances[slot as usize].enabled)
            });
        if instance_disabled && !self.enrol_when_disabled {
            return Err(LineError::InstanceDisabled(method_name()));
        }
        Ok(!info.enabled || instance_disabled)
    }

    /// Asks the cache for what [`Resolver::resolve`] will read of the line's user.
    pub fn prefetch_user(&self, line: &Line) {
        prefetch(&self.users[line.user as usize]);
    }

    /// Only the course, for grouping lines whose other keys fail.
    pub fn course(&self, line: &Line) -> Option<Id> {
        self.course_of(line.course)
    }

    /// The course a course key names, if the site has it (and it is not the site course).
    pub fn course_of(&self, key: KeyId) -> Option<Id> {
        self.courses[key as usize].as_ref().ok().copied()
    }

    /// The users of the site a user key may mean: one, several when it is ambiguous, none when
    /// it is unknown. Full sync leaves them all alone when a line naming the key fails.
    pub fn users_named(&self, key: KeyId) -> SmallVec<[Id; 2]> {
        match &self.users[key as usize] {
            Ok((id, _)) => smallvec![*id],
            Err(_) => self
                .snapshot
                .ambiguous_users(self.file.keys.users.value(key))
                .into(),
        }
    }

    fn time(&self, time: TimeRef) -> Result<Option<i64>, LineError> {
        match time {
            TimeRef::Unset => Ok(None),
            TimeRef::At(stamp) => Ok(Some(stamp)),
            TimeRef::Local(key) => match self.dates[key as usize] {
                Some(stamp) => Ok(Some(stamp)),
                None => Err(LineError::BadDate(self.file.keys.dates.value(key).into())),
            },
        }
    }
}
