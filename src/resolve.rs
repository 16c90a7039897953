//! Mapping a line's keys to the site's ids: the [`Resolver`] looks each distinct key of the file
//! up in the [`Snapshot`] once, then each [`Line`] resolves by index into a [`Resolved`] line, or
//! fails with the [`LineError`] that says which key the site does not have or refuses (unknown
//! or ambiguous user or course, role not assignable or not allowed, method unknown, disabled or
//! not letting a tool do it, end before start).

use smallvec::{SmallVec, smallvec};

use crate::error::LineError;
use crate::keys::KeyId;
use crate::line::{Command, Line, RoleRef, TimeRef};
use crate::prefetch::prefetch;
use crate::read::ParsedFile;
use crate::snapshot::{Id, MethodId, MethodInfo, Snapshot, UserMatch};

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
    methods: Vec<Result<(MethodId, MethodInfo), LineError>>,
    dates: Vec<Option<i64>>,
    enrol_when_disabled: bool,
}

impl<'a> Resolver<'a> {
    /// Looks every key of `file` up in `snapshot`. `enrol_when_disabled` is the setting *enrol
    /// even when the method is disabled*.
    pub fn new(file: &'a ParsedFile, snapshot: &'a Snapshot, enrol_when_disabled: bool) -> Self {
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
        let roles = file
            .keys
            .roles
            .values()
            .map(|key| match snapshot.roles.get(key) {
                Some(role) if !role.assignable => Err(LineError::RoleNotAssignable(key.into())),
                Some(role) if !role.allowed => Err(LineError::RoleNotAllowed(key.into())),
                Some(role) => Ok(role.id),
                None => Err(LineError::UnknownRole(key.into())),
            })
            .collect();
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
            methods,
            dates,
            enrol_when_disabled,
        }
    }

    /// The line's keys as the site's ids, or the first reason it cannot apply, checked in this
    /// order: user, course, role, method (known, enabled for `add`/`shift`, letting a tool do
    /// what the command asks), dates. Whether the course has an instance of the method is for
    /// the simulation ([`LineError::NoInstance`]).
    pub fn resolve(&self, line: &Line) -> Result<Resolved, LineError> {
        let (user, user_suspended) = self.users[line.user as usize].clone()?;
        let course = self.courses[line.course as usize].clone()?;
        let role = match line.role {
            RoleRef::All => None,
            RoleRef::Named(key) => Some(self.roles[key as usize].clone()?),
        };
        let (method, info) = self.methods[line.method as usize].clone()?;
        let method_name = || self.file.keys.methods.value(line.method).into();
        // Removing an enrolment works whatever the method's state; only new ones are refused.
        if line.command != Command::Del && !info.enabled && !self.enrol_when_disabled {
            return Err(LineError::MethodDisabled(method_name()));
        }
        let allowed = match line.command {
            Command::Add | Command::Shift => info.may_enrol,
            Command::Del => info.may_unenrol,
        };
        if !allowed {
            return Err(LineError::MethodNotAllowed(method_name()));
        }
        let start = self.time(line.start)?;
        let end = self.time(line.end)?;
        if let (Some(start), Some(end)) = (start, end)
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
            start,
            end,
        })
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
