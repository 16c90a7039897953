//! `EnrolSync\\Plan`: the operations by course and every line's outcome, handed to PHP a chunk
//! at a time.

use std::sync::Arc;

use ext_php_rs::boxed::ZBox;
use ext_php_rs::exception::PhpResult;
use ext_php_rs::prelude::*;
use ext_php_rs::types::ZendHashTable;
use rustc_hash::FxHashMap;
use smallvec::{SmallVec, smallvec};

use crate::line::{Named, Rejected};
use crate::plan::{self, LineStatus, Op, Protection};
use crate::read::ParsedFile;
use crate::snapshot::{Snapshot as CoreSnapshot, UserMatch};

/// A plan: operations by course, and every line's outcome.
#[php_class]
#[php(name = "EnrolSync\\Plan")]
pub struct Plan {
    file: Arc<ParsedFile>,
    plan: plan::Plan,
    methods: Vec<String>,
    /// Valid and rejected lines merged in file order: (line number, index, rejected?).
    order: Vec<(u32, usize, bool)>,
    /// The users each failed line names that the snapshot knows, by (index, rejected?): one, or
    /// several when its user key is ambiguous. Failed lines are stored with them, so that the
    /// privacy API finds the lines that name a user.
    failed_users: FxHashMap<(usize, bool), SmallVec<[i64; 2]>>,
}

/// Valid and rejected lines in file order: (line number, index, rejected?). Both lists are in
/// file order already, so they are merged rather than sorted.
fn file_order(file: &ParsedFile) -> Vec<(u32, usize, bool)> {
    let mut order = Vec::with_capacity(file.line_count());
    let (mut valid, mut rejected) = (file.lines.iter().enumerate().peekable(), 0);
    while let Some(&(i, line)) = valid.peek() {
        match file.rejected.get(rejected) {
            Some(r) if r.number < line.number => {
                order.push((r.number, rejected, true));
                rejected += 1;
            }
            _ => {
                order.push((line.number, i, false));
                valid.next();
            }
        }
    }
    order.extend(
        file.rejected[rejected..]
            .iter()
            .enumerate()
            .map(|(i, r)| (r.number, rejected + i, true)),
    );
    order
}

impl Plan {
    pub(super) fn new(
        file: Arc<ParsedFile>,
        plan: plan::Plan,
        methods: Vec<String>,
        snapshot: &CoreSnapshot,
    ) -> Self {
        let order = file_order(&file);
        let known = |key| {
            let value = file.keys.users.value(key);
            let users: SmallVec<[i64; 2]> = match snapshot.users.get(value) {
                Some(&UserMatch::Found { id, .. }) => smallvec![id],
                Some(UserMatch::Ambiguous) => snapshot.ambiguous_users(value).into(),
                None => SmallVec::new(),
            };
            (!users.is_empty()).then_some(users)
        };
        let valid = plan
            .outcomes
            .iter()
            .enumerate()
            .filter(|(_, outcome)| outcome.status() == LineStatus::Failed)
            .filter_map(|(index, _)| Some(((index, false), known(file.lines[index].user)?)));
        let rejected = file
            .rejected
            .iter()
            .enumerate()
            .filter_map(|(index, line)| match line.names {
                Named::User { user, .. } => Some(((index, true), known(user)?)),
                Named::Nobody => None,
            });
        let failed_users = valid.chain(rejected).collect();
        Plan {
            file,
            plan,
            methods,
            order,
            failed_users,
        }
    }

    fn course(&self, courseid: i64) -> Option<&plan::CoursePlan> {
        self.plan
            .courses
            .binary_search_by_key(&courseid, |c| c.course)
            .ok()
            .map(|i| &self.plan.courses[i])
    }

    fn line_entry(
        &self,
        &(number, index, rejected): &(u32, usize, bool),
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let f = &*self.file;
        let userids = self
            .failed_users
            .get(&(index, rejected))
            .map_or(&[][..], |users| users.as_slice());
        if rejected {
            let protection = self
                .plan
                .rejected_protection
                .get(index)
                .copied()
                .unwrap_or_default();
            return rejected_report(f, &f.rejected[index], userids, protection);
        }
        let outcome = &self.plan.outcomes[index];
        line_report(
            i64::from(number),
            f.raw(&f.lines[index].raw),
            outcome.status().name(),
            outcome.error.as_deref(),
            outcome.ops,
            Notes {
                not_enrolled: outcome.not_enrolled,
                user_suspended: outcome.user_suspended,
                no_access: outcome.no_access,
            },
            userids,
            outcome.protection,
        )
    }
}

/// The report of a line rejected while reading: the users the site knows its user key names, and
/// what it kept from full sync's removals.
pub(super) fn rejected_report(
    file: &ParsedFile,
    line: &Rejected,
    userids: &[i64],
    protection: Protection,
) -> PhpResult<ZBox<ZendHashTable>> {
    line_report(
        i64::from(line.number),
        file.raw(&line.raw),
        "failed",
        Some(&line.error),
        0,
        Notes::default(),
        userids,
        protection,
    )
}

/// What a line's report says besides its status: the flags of its outcome.
#[derive(Default)]
struct Notes {
    not_enrolled: bool,
    user_suspended: bool,
    no_access: bool,
}

#[allow(clippy::too_many_arguments)]
fn line_report(
    number: i64,
    raw: &str,
    status: &str,
    error: Option<&crate::error::LineError>,
    ops: u32,
    notes: Notes,
    userids: &[i64],
    protection: Protection,
) -> PhpResult<ZBox<ZendHashTable>> {
    let mut entry = ZendHashTable::new();
    entry.insert("line", number)?;
    entry.insert("raw", raw)?;
    entry.insert("status", status)?;
    entry.insert("key", error.map_or("", |e| e.key()))?;
    entry.insert("arg", error.map(|e| e.arg()).unwrap_or_default())?;
    entry.insert("message", error.map(|e| e.to_string()).unwrap_or_default())?;
    entry.insert("ops", i64::from(ops))?;
    entry.insert("notenrolled", notes.not_enrolled)?;
    entry.insert("usersuspended", notes.user_suspended)?;
    entry.insert("noaccess", notes.no_access)?;
    // The one user the line names, else 0 (an ambiguous key names several: userids lists them).
    entry.insert("userid", if let [id] = userids { *id } else { 0 })?;
    let mut ids = ZendHashTable::with_capacity(userids.len() as u32);
    for &id in userids {
        ids.push(id)?;
    }
    entry.insert("userids", ids)?;
    entry.insert("protection", protection.name())?;
    Ok(entry)
}

#[php_impl]
#[php(change_method_case = "snake_case")]
impl Plan {
    /// Counts of operations by kind, of lines by status, and the full-sync figures.
    pub fn summary(&self) -> PhpResult<ZBox<ZendHashTable>> {
        let mut ops = ZendHashTable::new();
        for name in Op::NAMES {
            ops.insert(name, 0i64)?;
        }
        let mut counts = std::collections::HashMap::<&str, i64>::new();
        for op in self.plan.courses.iter().flat_map(|c| &c.ops) {
            *counts.entry(op.op.name()).or_default() += 1;
        }
        for name in Op::NAMES {
            ops.insert(name, counts.get(name).copied().unwrap_or(0))?;
        }
        let mut lines = ZendHashTable::new();
        let status_count = |s: LineStatus| {
            self.plan
                .outcomes
                .iter()
                .filter(|o| o.status() == s)
                .count() as i64
        };
        lines.insert("applied", status_count(LineStatus::Applied))?;
        lines.insert("unchanged", status_count(LineStatus::Unchanged))?;
        lines.insert(
            "failed",
            status_count(LineStatus::Failed) + self.file.rejected.len() as i64,
        )?;
        let mut out = ZendHashTable::new();
        out.insert("operations", ops)?;
        out.insert("lines", lines)?;
        out.insert(
            "courses",
            self.plan
                .courses
                .iter()
                .filter(|c| !c.ops.is_empty())
                .count() as i64,
        )?;
        out.insert("syncremovals", self.plan.sync_removals as i64)?;
        let mut withheld = ZendHashTable::new();
        for &line in &self.plan.withheld_by {
            withheld.push(i64::from(line))?;
        }
        out.insert("withheldby", withheld)?;
        out.insert("kept", self.plan.kept.len() as i64)?;
        let mut no_access = ZendHashTable::new();
        for (line, _) in self
            .file
            .lines
            .iter()
            .zip(&self.plan.outcomes)
            .filter(|(_, outcome)| outcome.no_access && outcome.error.is_none())
        {
            no_access.push(i64::from(line.number))?;
        }
        out.insert("noaccess", no_access)?;
        match &self.plan.refusal {
            Some(refusal) => {
                let mut r = ZendHashTable::new();
                r.insert("removals", refusal.removals as i64)?;
                r.insert("managed", refusal.managed as i64)?;
                r.insert("threshold", refusal.threshold_percent)?;
                out.insert("refused", r)?;
            }
            None => out.insert("refused", ())?,
        }
        Ok(out)
    }

    /// Whether full sync's safety threshold stopped the plan (it then has no operation).
    pub fn is_refused(&self) -> bool {
        self.plan.refusal.is_some()
    }

    /// Ids of the courses that have operations, ascending.
    pub fn courses(&self) -> Vec<i64> {
        self.plan
            .courses
            .iter()
            .filter(|c| !c.ops.is_empty())
            .map(|c| c.course)
            .collect()
    }

    /// How many operations one course has (0 for a course the plan does not touch).
    pub fn operation_count(&self, courseid: i64) -> i64 {
        self.course(courseid).map_or(0, |c| c.ops.len() as i64)
    }

    /// The operations of one course, in order, `limit` of them from `offset`.
    pub fn operations(
        &self,
        courseid: i64,
        offset: i64,
        limit: i64,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let Some(course) = self.course(courseid) else {
            return Ok(ZendHashTable::new());
        };
        let start = usize::try_from(offset).unwrap_or(0).min(course.ops.len());
        let end = start
            .saturating_add(usize::try_from(limit).unwrap_or(0))
            .min(course.ops.len());
        let mut out = ZendHashTable::with_capacity((end - start) as u32);
        for planned in &course.ops[start..end] {
            out.push(self.op_entry(course, planned)?)?;
        }
        Ok(out)
    }

    /// Users newly enrolled as students in a course (for the teachers' message).
    pub fn new_students(&self, courseid: i64) -> Vec<i64> {
        self.course(courseid)
            .map(|c| c.new_students.clone())
            .unwrap_or_default()
    }

    /// The enrolments full sync removes or suspends (or, refused, would have), shaped like
    /// operations, `limit` of them from `offset`.
    pub fn removals(&self, offset: i64, limit: i64) -> PhpResult<ZBox<ZendHashTable>> {
        let offset = usize::try_from(offset).unwrap_or(0);
        let limit = usize::try_from(limit).unwrap_or(0);
        let mut out = ZendHashTable::new();
        for (course, planned) in self.plan.removals().skip(offset).take(limit) {
            out.push(self.op_entry(course, planned)?)?;
        }
        Ok(out)
    }

    /// The enrolments full sync kept though it would have removed or suspended them, shaped like
    /// removals, with the line that kept each and why, `limit` of them from `offset`.
    pub fn kept(&self, offset: i64, limit: i64) -> PhpResult<ZBox<ZendHashTable>> {
        let offset = usize::try_from(offset).unwrap_or(0);
        let limit = usize::try_from(limit).unwrap_or(0);
        let mut out = ZendHashTable::new();
        for kept in self.plan.kept.iter().skip(offset).take(limit) {
            let mut e = ZendHashTable::new();
            e.insert("op", if kept.unenrol { "unenrol" } else { "suspend" })?;
            e.insert("line", i64::from(kept.line))?;
            e.insert("courseid", kept.course)?;
            e.insert("userid", kept.user)?;
            e.insert(
                "method",
                self.methods[kept.instance.method as usize].as_str(),
            )?;
            e.insert("instanceid", kept.instance.id.unwrap_or(0))?;
            e.insert(
                "reason",
                if kept.withheld {
                    "withheld"
                } else {
                    "protected"
                },
            )?;
            out.push(e)?;
        }
        Ok(out)
    }

    /// Line outcomes in file order, `limit` of them from `offset`; with `failedonly`, only
    /// failed lines (offset and limit then count failed lines).
    pub fn lines(
        &self,
        offset: i64,
        limit: i64,
        failedonly: bool,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let offset = usize::try_from(offset).unwrap_or(0);
        let limit = usize::try_from(limit).unwrap_or(0);
        let failed = |&&(_, index, rejected): &&(u32, usize, bool)| {
            rejected || self.plan.outcomes[index].status() == LineStatus::Failed
        };
        let mut out = ZendHashTable::new();
        let selected: Box<dyn Iterator<Item = &(u32, usize, bool)>> = if failedonly {
            Box::new(self.order.iter().filter(failed))
        } else {
            Box::new(self.order.iter())
        };
        for entry in selected.skip(offset).take(limit) {
            out.push(self.line_entry(entry)?)?;
        }
        Ok(out)
    }
}

impl Plan {
    fn op_entry(
        &self,
        course: &plan::CoursePlan,
        planned: &plan::PlannedOp,
    ) -> PhpResult<ZBox<ZendHashTable>> {
        let mut e = ZendHashTable::new();
        e.insert("op", planned.op.name())?;
        e.insert("line", i64::from(planned.line))?;
        e.insert("courseid", course.course)?;
        let instance = |e: &mut ZBox<ZendHashTable>, slot: u32| -> PhpResult<()> {
            let instance = course.instances[slot as usize];
            e.insert("method", self.methods[instance.method as usize].as_str())?;
            e.insert("instanceid", instance.id.unwrap_or(0))?;
            Ok(())
        };
        let group = |e: &mut ZBox<ZendHashTable>, slot: u32| -> PhpResult<()> {
            let group = &course.groups[slot as usize];
            e.insert("groupid", group.id.unwrap_or(0))?;
            e.insert("groupname", &*group.name)?;
            Ok(())
        };
        match planned.op {
            Op::CreateInstance { instance: slot } => instance(&mut e, slot)?,
            Op::CreateGroup { group: slot } => group(&mut e, slot)?,
            Op::Enrol {
                user,
                instance: slot,
                role,
                start,
                end,
            } => {
                e.insert("userid", user)?;
                instance(&mut e, slot)?;
                e.insert("roleid", role.unwrap_or(0))?;
                e.insert("timestart", start)?;
                e.insert("timeend", end)?;
            }
            Op::UpdateEnrolment {
                user,
                instance: slot,
                active,
                start,
                end,
            } => {
                e.insert("userid", user)?;
                instance(&mut e, slot)?;
                match active {
                    Some(active) => e.insert("status", i64::from(!active))?,
                    None => e.insert("status", ())?,
                }
                e.insert("timestart", start)?;
                e.insert("timeend", end)?;
            }
            Op::Unenrol {
                user,
                instance: slot,
            } => {
                e.insert("userid", user)?;
                instance(&mut e, slot)?;
            }
            Op::Assign { user, role } | Op::Unassign { user, role } => {
                e.insert("userid", user)?;
                e.insert("roleid", role)?;
            }
            Op::AddMember { user, group: slot } | Op::RemoveMember { user, group: slot } => {
                e.insert("userid", user)?;
                group(&mut e, slot)?;
            }
        }
        Ok(e)
    }
}
