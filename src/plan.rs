//! Planning: from a file and a snapshot, the minimal operations that bring the site to the state
//! the file asks for, course by course (in parallel), with every line's outcome.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};

use crate::prefetch::prefetch;
use crate::read::ParsedFile;
use crate::resolve::Resolver;
use crate::simulate::{Aspect, CourseSim, UserSim};
pub use crate::simulate::{LineOutcome, LineStatus, RemovalAction};
use crate::snapshot::{Group, GroupSlot, Id, Instance, InstanceSlot, Snapshot};

/// Full-sync settings (spec §4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FullSync {
    pub action: RemovalAction,
    /// Largest share of managed enrolments (in %) a run may remove or suspend without `force`.
    pub threshold_percent: f64,
    pub force: bool,
}

/// Planning settings.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanOptions {
    /// Start time of new enrolments whose line gives none (the run's start).
    pub now: i64,
    pub create_instances: bool,
    pub enrol_when_disabled: bool,
    pub full_sync: Option<FullSync>,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            now: 0,
            create_instances: true,
            enrol_when_disabled: false,
            full_sync: None,
        }
    }
}

/// One write for PHP to perform with Moodle's API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    CreateInstance {
        instance: InstanceSlot,
    },
    CreateGroup {
        group: GroupSlot,
    },
    /// `enrol_user()`, which also assigns `role` when given.
    Enrol {
        user: Id,
        instance: InstanceSlot,
        role: Option<Id>,
        start: i64,
        end: i64,
    },
    /// `update_user_enrol()`; `None` leaves a field as it is.
    UpdateEnrolment {
        user: Id,
        instance: InstanceSlot,
        active: Option<bool>,
        start: Option<i64>,
        end: Option<i64>,
    },
    Unenrol {
        user: Id,
        instance: InstanceSlot,
    },
    Assign {
        user: Id,
        role: Id,
    },
    Unassign {
        user: Id,
        role: Id,
    },
    AddMember {
        user: Id,
        group: GroupSlot,
    },
    RemoveMember {
        user: Id,
        group: GroupSlot,
    },
}

impl Op {
    /// The name PHP dispatches on.
    pub fn name(&self) -> &'static str {
        match self {
            Op::CreateInstance { .. } => "createinstance",
            Op::CreateGroup { .. } => "creategroup",
            Op::Enrol { .. } => "enrol",
            Op::UpdateEnrolment {
                active: Some(false),
                ..
            } => "suspend",
            Op::UpdateEnrolment { .. } => "update",
            Op::Unenrol { .. } => "unenrol",
            Op::Assign { .. } => "assign",
            Op::Unassign { .. } => "unassign",
            Op::AddMember { .. } => "addmember",
            Op::RemoveMember { .. } => "removemember",
        }
    }
}

/// An operation and the line that causes it (0 for full sync).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct PlannedOp {
    pub line: u32,
    pub op: Op,
}

/// The operations of one course; instance and group slots index `instances` and `groups`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoursePlan {
    pub course: Id,
    pub instances: Vec<Instance>,
    pub groups: Vec<Group>,
    pub ops: Vec<PlannedOp>,
    /// Users newly enrolled with a student role (for the teachers' message).
    pub new_students: Vec<Id>,
}

/// Full sync would remove more than the threshold allows: nothing is planned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Refusal {
    pub removals: usize,
    pub managed: usize,
    pub threshold_percent: f64,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// By course id.
    pub courses: Vec<CoursePlan>,
    /// Indexed like [`ParsedFile::lines`].
    pub outcomes: Vec<LineOutcome>,
    pub refusal: Option<Refusal>,
    /// Enrolments full sync removes or suspends.
    pub sync_removals: usize,
}

impl Plan {
    pub fn op_count(&self) -> usize {
        self.courses.iter().map(|c| c.ops.len()).sum()
    }
}

/// Plans `file` against `snapshot`.
pub fn plan(file: &ParsedFile, snapshot: &Snapshot, options: &PlanOptions) -> Plan {
    let resolver = Resolver::new(file, snapshot, options.enrol_when_disabled);
    // A file with no valid line never removes anything, whatever the settings.
    let full_sync = options
        .full_sync
        .filter(|_| file.lines.par_iter().any(|l| resolver.resolve(l).is_ok()));

    let mut by_course: FxHashMap<Id, Vec<usize>> = FxHashMap::default();
    let mut courseless = Vec::new();
    for (i, line) in file.lines.iter().enumerate() {
        match resolver.course(line) {
            Some(course) => by_course.entry(course).or_default().push(i),
            None => courseless.push(i),
        }
    }
    if full_sync.is_some() {
        for (&course, state) in &snapshot.course_states {
            if !state.managed.is_empty() {
                by_course.entry(course).or_default();
            }
        }
    }
    let mut courses: Vec<(Id, Vec<usize>)> = by_course.into_iter().collect();
    courses.sort_unstable_by_key(|(course, _)| *course);

    let students: FxHashSet<Id> = snapshot
        .roles
        .values()
        .filter(|r| r.student)
        .map(|r| r.id)
        .collect();
    let context = Context {
        file,
        snapshot,
        options,
        full_sync,
        resolver: &resolver,
        students: &students,
    };
    let planned: Vec<(CoursePlan, Vec<LineOutcome>)> = courses
        .par_iter()
        .map(|(course, lines)| context.plan_course(*course, lines))
        .collect();

    // Every line is in one course's outcomes, or fails on its course.
    let mut outcomes = vec![LineOutcome::default(); file.lines.len()];
    for i in courseless {
        outcomes[i].error = resolver.resolve(&file.lines[i]).err().map(Box::new);
    }
    let mut course_plans = Vec::with_capacity(planned.len());
    for ((_, lines), (course_plan, course_outcomes)) in courses.iter().zip(planned) {
        for (&i, outcome) in lines.iter().zip(course_outcomes) {
            outcomes[i] = outcome;
        }
        course_plans.push(course_plan);
    }

    let sync_removals = course_plans
        .iter()
        .flat_map(|c| &c.ops)
        .filter(|o| {
            o.line == 0
                && matches!(
                    o.op,
                    Op::Unenrol { .. }
                        | Op::UpdateEnrolment {
                            active: Some(false),
                            ..
                        }
                )
        })
        .count();
    let refusal = full_sync.and_then(|sync| {
        let managed = snapshot.managed_total();
        let allowed = sync.threshold_percent / 100.0 * managed as f64;
        (!sync.force && sync_removals as f64 > allowed).then_some(Refusal {
            removals: sync_removals,
            managed,
            threshold_percent: sync.threshold_percent,
        })
    });
    if refusal.is_some() {
        // Stop before writing anything: a refused plan has no operation at all.
        course_plans.clear();
        for outcome in &mut outcomes {
            outcome.ops = 0;
        }
    }
    Plan {
        courses: course_plans,
        outcomes,
        refusal,
        sync_removals,
    }
}

/// How many lines ahead of the one being planned to ask the memory for.
const PREFETCH_DISTANCE: usize = 8;

struct Context<'a> {
    file: &'a ParsedFile,
    snapshot: &'a Snapshot,
    options: &'a PlanOptions,
    full_sync: Option<FullSync>,
    resolver: &'a Resolver<'a>,
    students: &'a FxHashSet<Id>,
}

impl Context<'_> {
    /// The course's plan, and the outcomes of its lines (`lines`, indices in the file, in order).
    fn plan_course(&self, course: Id, lines: &[usize]) -> (CoursePlan, Vec<LineOutcome>) {
        let base = self.snapshot.course_states.get(&course);
        let mut sim = CourseSim::new(
            course,
            base,
            lines.len(),
            self.options.now,
            self.options.create_instances,
        );
        let mut outcomes = Vec::with_capacity(lines.len());
        for (k, &i) in lines.iter().enumerate() {
            // A course's lines are spread over the whole file: reading each one, then its user's
            // entry, was a cache miss and most of the time of resolving it. Both are asked for
            // ahead, the user once the line has arrived.
            if let Some(&ahead) = lines.get(k + PREFETCH_DISTANCE) {
                prefetch(&self.file.lines[ahead]);
            }
            if let Some(&ahead) = lines.get(k + PREFETCH_DISTANCE / 2) {
                self.resolver.prefetch_user(&self.file.lines[ahead]);
            }
            let line = &self.file.lines[i];
            let outcome = match self.resolver.resolve(line) {
                Ok(resolved) => sim.apply(self.file, line, &resolved),
                Err(error) => {
                    if let Some(user) = self.resolver.user(line) {
                        sim.protect(user);
                    }
                    LineOutcome::failed(error)
                }
            };
            outcomes.push(outcome);
        }
        if let Some(sync) = self.full_sync {
            sim.remove_unlisted(sync.action);
        }
        let plan = self.diff(sim);
        for op in &plan.ops {
            // The course's lines are in file order, so their numbers are sorted; full sync's
            // line 0 is none of them.
            let at = lines.binary_search_by_key(&op.line, |&i| self.file.lines[i].number);
            if let Ok(at) = at {
                outcomes[at].ops += 1;
            }
        }
        (plan, outcomes)
    }

    /// The operations that turn each user's initial state into their final one.
    fn diff(&self, sim: CourseSim) -> CoursePlan {
        let mut ops: Vec<PlannedOp> = Vec::new();
        for &(slot, line) in &sim.created_instances {
            ops.push(PlannedOp {
                line,
                op: Op::CreateInstance { instance: slot },
            });
        }
        for &(slot, line) in &sim.created_groups {
            ops.push(PlannedOp {
                line,
                op: Op::CreateGroup { group: slot },
            });
        }
        let mut new_students = Vec::new();
        for user in &sim.users {
            if user_diff(user, &mut ops)
                && user.current.roles.iter().any(|r| self.students.contains(r))
            {
                new_students.push(user.id);
            }
        }
        CoursePlan {
            course: sim.course,
            instances: sim.instances,
            groups: sim.groups,
            ops,
            new_students,
        }
    }
}

/// Appends the operations of one user; returns whether the user is new to the course.
fn user_diff(user: &UserSim, ops: &mut Vec<PlannedOp>) -> bool {
    let (initial, current) = (user.initial, &user.current);
    let id = user.id;
    let mut push = |aspect: Aspect, op: Op| {
        ops.push(PlannedOp {
            line: user.touched_by(aspect),
            op,
        })
    };
    let mut folded_role = None;
    for &(slot, now) in &current.enrolments {
        let aspect = Aspect::Enrolment(slot);
        match initial.enrolment(slot) {
            None => {
                // enrol_user() assigns a role itself: give it one the same line adds.
                let line = user.touched_by(aspect);
                let role = current.roles.iter().copied().find(|r| {
                    folded_role.is_none()
                        && !initial.roles.contains(r)
                        && user.touched_by(Aspect::Role(*r)) == line
                });
                folded_role = folded_role.or(role);
                push(
                    aspect,
                    Op::Enrol {
                        user: id,
                        instance: slot,
                        role,
                        start: now.start,
                        end: now.end,
                    },
                );
            }
            Some(before) if *before != now => push(
                aspect,
                Op::UpdateEnrolment {
                    user: id,
                    instance: slot,
                    active: (before.active != now.active).then_some(now.active),
                    start: (before.start != now.start).then_some(now.start),
                    end: (before.end != now.end).then_some(now.end),
                },
            ),
            Some(_) => {}
        }
    }
    // Unenrolling from the last instance makes Moodle remove every role and group itself.
    let cascades = !initial.enrolments.is_empty() && current.enrolments.is_empty();
    if !cascades {
        for &role in initial.roles.iter().filter(|r| !current.roles.contains(r)) {
            push(Aspect::Role(role), Op::Unassign { user: id, role });
        }
        for &role in current
            .roles
            .iter()
            .filter(|r| !initial.roles.contains(r) && Some(**r) != folded_role)
        {
            push(Aspect::Role(role), Op::Assign { user: id, role });
        }
        for &group in initial
            .groups
            .iter()
            .filter(|g| !current.groups.contains(g))
        {
            push(Aspect::Group(group), Op::RemoveMember { user: id, group });
        }
        for &group in current
            .groups
            .iter()
            .filter(|g| !initial.groups.contains(g))
        {
            push(Aspect::Group(group), Op::AddMember { user: id, group });
        }
    }
    for &(slot, _) in initial
        .enrolments
        .iter()
        .filter(|(s, _)| current.enrolment(*s).is_none())
    {
        push(
            Aspect::Enrolment(slot),
            Op::Unenrol {
                user: id,
                instance: slot,
            },
        );
    }
    initial.enrolments.is_empty() && !current.enrolments.is_empty()
}
