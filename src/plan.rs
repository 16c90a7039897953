//! Planning: from a file and a snapshot, the minimal operations that bring the site to the state
//! the file asks for, course by course (in parallel), with every line's outcome.
//!
//! [`plan()`] resolves the lines ([`crate::resolve`]), groups them by course, applies each
//! course's lines to a model of it ([`crate::simulate`]) and turns the difference between each
//! user's state before and after into [`Op`]s: the fewest writes that reach the same end as
//! applying the lines one by one, each credited to the line that caused it ([`PlannedOp`]). The
//! result, a [`Plan`], holds a [`CoursePlan`] per course and a [`LineOutcome`] per valid line.
//!
//! With [`FullSync`], the file is also the complete list of the enrolments this tool manages:
//! those no line lists get the [`RemovalAction`]. Removal needs positive evidence: a line that
//! failed protects the user it names in its course, or in every course when its course cannot
//! be told ([`Protection`]); a line whose user cannot be told withholds every removal of the
//! run ([`Plan::withheld_by`]). And a plan that would remove more than the safety threshold's
//! share of the active managed enrolments is refused unless forced ([`Refusal`]): it then keeps
//! only those removals, to show the operator, and no operation.

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use smallvec::SmallVec;

use crate::dialect::Format;
use crate::error::FileError;
use crate::evidence::{AtRisk, Evidence, Joined, Witness};
use crate::line::{DelAction, Named, TimeRef};
use crate::prefetch::prefetch;
use crate::read::ParsedFile;
use crate::record::{is_comment, split_line};
use crate::resolve::{Resolver, RoleMap};
use crate::simulate::{Aspect, CourseRules, CourseSim, UserSim};
pub use crate::simulate::{LineOutcome, LineStatus, Protection, RemovalAction};
use crate::snapshot::{Group, GroupSlot, Id, Instance, InstanceSlot, RoleInfo, Snapshot};

/// Full-sync settings (spec §4).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FullSync {
    /// What happens to the managed enrolments the file no longer lists.
    pub action: RemovalAction,
    /// Largest share of the active managed enrolments (in %) a run may remove or suspend
    /// without `force`.
    pub threshold_percent: f64,
    /// The operator confirmed (`--force`, or the page's confirmation): the threshold does not
    /// apply. Evidence still does: a line that withholds removals withholds them.
    pub force: bool,
}

impl FullSync {
    /// The safety threshold when none is given (spec §8).
    pub const DEFAULT_THRESHOLD: f64 = 10.0;

    /// Checked settings: a threshold is a percentage, from 0 to 100 (NaN would disable it).
    pub fn new(
        action: RemovalAction,
        threshold_percent: f64,
        force: bool,
    ) -> Result<Self, FileError> {
        if !(0.0..=100.0).contains(&threshold_percent) {
            return Err(FileError::BadOption {
                name: "threshold",
                value: threshold_percent.to_string(),
            });
        }
        Ok(FullSync {
            action,
            threshold_percent,
            force,
        })
    }
}

/// Planning settings.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanOptions {
    /// Start time of new enrolments whose line gives none (the run's start).
    pub now: i64,
    /// Setting *create missing instances*: a course without an instance of a line's method
    /// gets one (when the plugin can add one) rather than failing the line.
    pub create_instances: bool,
    /// Setting *enrol even when the method or instance is disabled*.
    pub enrol_when_disabled: bool,
    /// Full sync's settings, when the run is a full sync.
    pub full_sync: Option<FullSync>,
    /// Setting *role map*: the file's role names.
    pub role_map: RoleMap,
    /// Setting *del action* of flat files (enrol_flatfile's *unenrolaction* by default).
    pub del_action_flat_file: DelAction,
    /// Setting *del action* of native files (tool_sync's by default).
    pub del_action_native: DelAction,
}

impl Default for PlanOptions {
    fn default() -> Self {
        PlanOptions {
            now: 0,
            create_instances: true,
            enrol_when_disabled: false,
            full_sync: None,
            role_map: RoleMap::default(),
            del_action_flat_file: DelAction::SuspendNoRoles,
            del_action_native: DelAction::ToolSync,
        }
    }
}

impl PlanOptions {
    /// What a `del` line of a file of this format does.
    pub fn del_action(&self, format: Format) -> DelAction {
        match format {
            Format::FlatFile => self.del_action_flat_file,
            Format::Native => self.del_action_native,
        }
    }
}

/// One write for PHP to perform with Moodle's API, in one course ([`CoursePlan::course`]).
/// Users and roles are database ids; instances and groups are slots of the
/// [`CoursePlan::instances`] and [`CoursePlan::groups`] lists, which also hold those the plan
/// creates. Within a course, creations come first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Adds an instance of the slot's method to the course with the plugin's defaults
    /// (`add_default_instance()`; the slot's id is `None` until then).
    CreateInstance {
        /// The instance to create.
        instance: InstanceSlot,
    },
    /// Creates a group of the slot's name in the course (`groups_create_group()`; the slot's
    /// id is `None` until then).
    CreateGroup {
        /// The group to create.
        group: GroupSlot,
    },
    /// `enrol_user()`, which also assigns `role` when given.
    Enrol {
        /// The user to enrol.
        user: Id,
        /// The instance to enrol them through.
        instance: InstanceSlot,
        /// A role the same line gives, assigned by `enrol_user()` itself; other new roles are
        /// [`Op::Assign`]s.
        role: Option<Id>,
        /// The enrolment's start (Unix seconds): the line's, or the run's start.
        start: i64,
        /// The enrolment's end (Unix seconds; 0: no end).
        end: i64,
    },
    /// `update_user_enrol()`; `None` leaves a field as it is.
    UpdateEnrolment {
        /// The enrolled user.
        user: Id,
        /// The instance they are enrolled through.
        instance: InstanceSlot,
        /// `Some(false)` suspends (named `suspend`), `Some(true)` reactivates.
        active: Option<bool>,
        /// The new start (Unix seconds).
        start: Option<i64>,
        /// The new end (Unix seconds; 0: no end).
        end: Option<i64>,
    },
    /// `unenrol_user()`: removes the enrolment; the last one of the user in the course takes
    /// their roles and groups with it, so no unassign or membership removal is planned then.
    Unenrol {
        /// The user to unenrol.
        user: Id,
        /// The instance to unenrol them from.
        instance: InstanceSlot,
    },
    /// `role_assign()` in the course's context.
    Assign {
        /// The user to give the role.
        user: Id,
        /// The role.
        role: Id,
    },
    /// `role_unassign()` in the course's context.
    Unassign {
        /// The user to take the role from.
        user: Id,
        /// The role.
        role: Id,
    },
    /// `groups_add_member()`.
    AddMember {
        /// The user to add.
        user: Id,
        /// The group to add them to.
        group: GroupSlot,
    },
    /// `groups_remove_member()`.
    RemoveMember {
        /// The user to remove.
        user: Id,
        /// The group to remove them from.
        group: GroupSlot,
    },
}

impl Op {
    /// Every operation's name, in the order reports list them.
    pub const NAMES: [&'static str; 10] = [
        "createinstance",
        "creategroup",
        "enrol",
        "update",
        "suspend",
        "unenrol",
        "assign",
        "unassign",
        "addmember",
        "removemember",
    ];

    /// The name PHP dispatches on (one of [`Op::NAMES`]).
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
    /// The physical line that causes it: of the lines that changed what it writes, the last
    /// one (for a creation, the first line that needs it). 0 when full sync causes it (the
    /// suspension or removal of an enrolment no line lists).
    pub line: u32,
    /// The write.
    pub op: Op,
}

/// The operations of one course; instance and group slots index `instances` and `groups`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CoursePlan {
    /// The course's id.
    pub course: Id,
    /// The course's instances: the snapshot's, then those the plan creates (id `None`).
    pub instances: Vec<Instance>,
    /// The course's groups: the snapshot's, then those the plan creates (id `None`).
    pub groups: Vec<Group>,
    /// The operations, creations first, then user by user in the order lines first touched
    /// them.
    pub ops: Vec<PlannedOp>,
    /// Users newly enrolled with a student role (for the teachers' message).
    pub new_students: Vec<Id>,
}

/// Full sync would remove more than the threshold allows: nothing is planned.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal {
    /// How many enrolments full sync would have removed or suspended.
    pub removals: usize,
    /// Active enrolments this tool manages, site-wide.
    pub managed: usize,
    /// The threshold that refused it (percent of `managed`).
    pub threshold_percent: f64,
    /// The removals it would have made, by course (so the operator sees what a confirmation
    /// confirms).
    pub courses: Vec<CoursePlan>,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// The courses' plans, by ascending course id (some may have no operation). Empty when
    /// the plan is refused.
    pub courses: Vec<CoursePlan>,
    /// Indexed like [`ParsedFile::lines`].
    pub outcomes: Vec<LineOutcome>,
    /// Set when full sync's safety threshold refused the plan.
    pub refusal: Option<Refusal>,
    /// Enrolments full sync removes or suspends.
    pub sync_removals: usize,
    /// Lines whose user cannot be told, which withheld every removal of full sync.
    pub withheld_by: Vec<u32>,
    /// What each line rejected while reading kept from full sync's removals, indexed like
    /// [`ParsedFile::rejected`] (empty without full sync).
    pub rejected_protection: Vec<Protection>,
    /// The enrolments full sync would have removed or suspended but kept, because a line that
    /// failed may be about them or withheld every removal; by course, then in the order of the
    /// course's managed enrolments.
    pub kept: Vec<Kept>,
}

/// A managed enrolment that full sync would have removed or suspended, and kept (spec §4:
/// removal needs positive evidence).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Kept {
    /// The course's id.
    pub course: Id,
    /// The user's id.
    pub user: Id,
    /// The instance the enrolment is through.
    pub instance: Instance,
    /// The line that kept it: one that may name the user in the course (a line that failed, or
    /// a comment line that holds the delimiter), or, when `withheld`, the first line whose user
    /// could not be told.
    pub line: u32,
    /// Whether a line whose user cannot be told withheld every removal of the run.
    pub withheld: bool,
    /// Whether full sync would have unenrolled the user (its removal action), rather than
    /// suspended the enrolment.
    pub unenrol: bool,
}

impl Plan {
    /// The number of operations of every course.
    pub fn op_count(&self) -> usize {
        self.courses.iter().map(|c| c.ops.len()).sum()
    }

    /// The enrolments full sync removes or suspends, with their course: those of the plan, or
    /// those a refused plan would have made.
    pub fn removals(&self) -> impl Iterator<Item = (&CoursePlan, &PlannedOp)> {
        let refused = self.refusal.iter().flat_map(|r| &r.courses);
        self.courses.iter().chain(refused).flat_map(|course| {
            course
                .ops
                .iter()
                .filter(|op| op.is_sync_removal())
                .map(move |op| (course, op))
        })
    }
}

impl PlannedOp {
    /// Whether full sync removes or suspends an enrolment with it.
    pub fn is_sync_removal(&self) -> bool {
        self.line == 0
            && matches!(
                self.op,
                Op::Unenrol { .. }
                    | Op::UpdateEnrolment {
                        active: Some(false),
                        ..
                    }
            )
    }
}

/// Plans `file` against `snapshot`: each course's lines are applied to a model of it (courses in
/// parallel); in full sync, the lines that failed and the comment lines holding the delimiter
/// then say whom they may name ([`crate::evidence`]), and the managed enrolments no line lists
/// are removed but those; each course's plan is the difference between its model and the
/// snapshot.
pub fn plan(file: &ParsedFile, snapshot: &Snapshot, options: &PlanOptions) -> Plan {
    let resolver = Resolver::new(file, snapshot, options);
    // A file with no valid line never removes anything, whatever the settings.
    let full_sync = options
        .full_sync
        .filter(|_| file.lines.par_iter().any(|l| resolver.resolve(l).is_ok()));

    let mut outcomes = vec![LineOutcome::default(); file.lines.len()];
    let mut by_course: FxHashMap<Id, Vec<usize>> = FxHashMap::default();
    for (i, line) in file.lines.iter().enumerate() {
        match resolver.course(line) {
            Some(course) => by_course.entry(course).or_default().push(i),
            // Fails on its course: every line is in one course's outcomes, or here.
            None => outcomes[i].error = resolver.resolve(line).err().map(Box::new),
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

    let role_ids = |keep: fn(&RoleInfo) -> bool| -> FxHashSet<Id> {
        snapshot
            .roles
            .values()
            .filter(|r| keep(r))
            .map(|r| r.id)
            .collect()
    };
    let students = role_ids(|r| r.student);
    let allowed_roles = role_ids(|r| r.assignable && r.allowed);
    let context = Context {
        file,
        snapshot,
        options,
        resolver: &resolver,
        students: &students,
        allowed_roles: &allowed_roles,
    };
    let mut simulated: Vec<(Course, Vec<LineOutcome>)> = courses
        .par_iter()
        .map(|(course, lines)| {
            let (sim, outcomes) = context.simulate(*course, lines);
            (context.plan_or_wait(sim), outcomes)
        })
        .collect();
    for ((_, lines), (_, course_outcomes)) in courses.iter().zip(&mut simulated) {
        for (&i, outcome) in lines.iter().zip(course_outcomes.drain(..)) {
            outcomes[i] = outcome;
        }
    }

    let mut removal = Removal::default();
    let mut rejected_protection = Vec::new();
    if let Some(sync) = options.full_sync {
        let sims = simulated.iter().filter_map(|(course, _)| match course {
            Course::AtRisk(sim) => Some(sim),
            Course::Planned(..) => None,
        });
        rejected_protection = removal.gather(&context, sync.action, sims, &mut outcomes);
    }
    let removing = full_sync.filter(|_| removal.withheld_by.is_empty());
    let finished: Vec<(CoursePlan, Vec<Kept>)> = simulated
        .into_par_iter()
        .map(|(course, _)| match course {
            Course::Planned(plan, kept) => (plan, kept),
            Course::AtRisk(sim) => context.finish(sim, removing, &removal),
        })
        .collect();
    let mut course_plans = Vec::with_capacity(finished.len());
    let mut kept = Vec::new();
    for ((_, lines), (course_plan, course_kept)) in courses.iter().zip(finished) {
        for op in &course_plan.ops {
            // The course's lines are in file order, so their numbers are sorted; full sync's
            // line 0 is none of them.
            let at = lines.binary_search_by_key(&op.line, |&i| file.lines[i].number);
            if let Ok(at) = at {
                outcomes[lines[at]].ops += 1;
            }
        }
        course_plans.push(course_plan);
        kept.extend(course_kept);
    }
    let mut plan = Plan {
        courses: course_plans,
        outcomes,
        refusal: None,
        sync_removals: 0,
        withheld_by: removal.withheld_by,
        rejected_protection,
        kept,
    };
    plan.sync_removals = plan.removals().count();
    if let Some(sync) = full_sync.filter(|sync| !sync.force) {
        refuse_above_threshold(&mut plan, sync, snapshot.managed_active());
    }
    plan
}

/// What full sync may remove: everything at risk but what the evidence keeps, or nothing when a
/// line withholds every removal.
#[derive(Default)]
struct Removal {
    /// Lines whose user cannot be told: the run removes nothing.
    withheld_by: Vec<u32>,
    evidence: Evidence,
}

impl Removal {
    /// Gathers what the lines that failed, and the comment lines holding the delimiter, keep
    /// from removal; sets the protection of each failed valid line in `outcomes`, and returns
    /// those of the lines rejected while reading.
    fn gather<'s>(
        &mut self,
        context: &Context,
        action: RemovalAction,
        sims: impl Iterator<Item = &'s CourseSim<'s>>,
        outcomes: &mut [LineOutcome],
    ) -> Vec<Protection> {
        let (file, resolver) = (context.file, context.resolver);
        let mut at_risk = AtRisk::default();
        for sim in sims {
            for (user, _) in sim.at_risk(action) {
                let courses = at_risk.entry(user).or_default();
                if courses.last() != Some(&sim.course) {
                    courses.push(sim.course);
                }
            }
        }
        // The witnesses, in file order, each with where it comes from.
        enum From {
            Rejected(usize),
            Failed(usize),
            Skipped,
        }
        let mut witnesses: Vec<(Witness, From)> = Vec::new();
        let fields = |raw| split_line(file.raw(raw), file.delimiter).0;
        for (i, rejected) in file.rejected.iter().enumerate() {
            match rejected.names {
                Named::Nobody => self.withheld_by.push(rejected.number),
                Named::User { user, course } => witnesses.push((
                    Witness {
                        number: rejected.number,
                        raw: file.raw(&rejected.raw),
                        fields: fields(&rejected.raw),
                        users: resolver.users_named(user),
                        course: course.and_then(|course| resolver.course_of(course)),
                    },
                    From::Rejected(i),
                )),
            }
        }
        let failed = file.lines.par_iter().enumerate().filter_map(|(i, line)| {
            outcomes[i].error.as_ref()?;
            let witness = Witness {
                number: line.number,
                raw: file.raw(&line.raw),
                fields: fields(&line.raw),
                users: resolver.users_named(line.user),
                course: resolver.course(line),
            };
            Some((witness, From::Failed(i)))
        });
        witnesses.par_extend(failed);
        for skipped in &file.skipped {
            let mut fields = fields(&skipped.raw);
            // Its marker may be a data line's first byte, damaged: its first field is looked at
            // without it. (The first byte of a character of several bytes leaves the rest of the
            // character undecodable, `#\u{FFFD}mile` of `Émile`: two characters from the key.)
            if let Some(first) = fields.first_mut()
                && is_comment(first.as_bytes())
            {
                // Every marker is one ASCII byte.
                *first = first[1..].trim().to_string();
            }
            let course = fields
                .get(file.course_column)
                .and_then(|key| context.snapshot.course_id(key));
            let users = SmallVec::new();
            let witness = Witness {
                number: skipped.number,
                raw: file.raw(&skipped.raw),
                fields,
                users,
                course,
            };
            witnesses.push((witness, From::Skipped));
        }
        witnesses.sort_by_key(|(witness, _)| witness.number);
        let (from, witnesses): (Vec<From>, Vec<Witness>) =
            witnesses.into_iter().map(|(w, f)| (f, w)).unzip();
        let joined = if at_risk.is_empty() {
            Vec::new()
        } else {
            joined(context, outcomes)
        };
        let (evidence, protections) =
            Evidence::gather(file, context.snapshot, &at_risk, &witnesses, &joined);
        self.evidence = evidence;
        let mut rejected_protection = vec![Protection::All; file.rejected.len()];
        for (from, protection) in from.into_iter().zip(protections) {
            match from {
                From::Rejected(i) => rejected_protection[i] = protection,
                From::Failed(i) => outcomes[i].protection = protection,
                From::Skipped => {}
            }
        }
        rejected_protection
    }
}

/// The valid lines that did not fail and have free text or times: they may be two lines joined
/// (see [`Joined`]).
fn joined<'f>(context: &Context<'f>, outcomes: &[LineOutcome]) -> Vec<Joined<'f>> {
    let timed = |time: TimeRef| matches!(time, TimeRef::At(_));
    context
        .file
        .lines
        .par_iter()
        .zip(outcomes)
        .filter(|(line, outcome)| {
            outcome.error.is_none()
                && (!line.groups.is_empty()
                    || !line.command.uses_role()
                    || timed(line.start)
                    || timed(line.end))
        })
        .map(|(line, _)| Joined { line })
        .collect()
}

/// Full sync's safety threshold: a plan that would remove or suspend more than its share of the
/// active enrolments this tool manages is refused. It then keeps only its removals, to show
/// them, and no operation at all.
fn refuse_above_threshold(plan: &mut Plan, sync: FullSync, managed: usize) {
    let allowed = sync.threshold_percent / 100.0 * managed as f64;
    if plan.sync_removals as f64 <= allowed {
        return;
    }
    let mut courses = std::mem::take(&mut plan.courses);
    for course in &mut courses {
        course.ops.retain(PlannedOp::is_sync_removal);
        course.new_students.clear();
    }
    courses.retain(|course| !course.ops.is_empty());
    for outcome in &mut plan.outcomes {
        outcome.ops = 0;
    }
    plan.refusal = Some(Refusal {
        removals: plan.sync_removals,
        managed,
        threshold_percent: sync.threshold_percent,
        courses,
    });
}

/// A course once its lines are applied: planned, or, in full sync with enrolments at risk,
/// waiting for what the whole file's failed lines keep (its model is kept until then; the other
/// courses' are not, which keeps the memory of a run without full sync what one course needs).
enum Course<'a> {
    Planned(CoursePlan, Vec<Kept>),
    AtRisk(CourseSim<'a>),
}

/// How many lines ahead of the one being planned to ask the memory for.
const PREFETCH_DISTANCE: usize = 8;

struct Context<'a> {
    file: &'a ParsedFile,
    snapshot: &'a Snapshot,
    options: &'a PlanOptions,
    resolver: &'a Resolver<'a>,
    students: &'a FxHashSet<Id>,
    allowed_roles: &'a FxHashSet<Id>,
}

impl<'a> Context<'a> {
    /// The course's model once its lines (`lines`, indices in the file, in order) are applied,
    /// and their outcomes.
    fn simulate(&self, course: Id, lines: &[usize]) -> (CourseSim<'a>, Vec<LineOutcome>) {
        let base = self.snapshot.course_states.get(&course);
        let mut sim = CourseSim::new(
            course,
            base,
            lines.len(),
            self.allowed_roles,
            (self.options.now, self.options.create_instances),
            CourseRules {
                del_action: self.options.del_action(self.file.format),
                method_names: &self.snapshot.methods,
                methods: &self.snapshot.method_info,
                enrol_when_disabled: self.options.enrol_when_disabled,
            },
        );
        let mut outcomes = Vec::with_capacity(lines.len());
        for (k, &i) in lines.iter().enumerate() {
            // A course's lines are spread over the whole file, and so are their users' entries
            // in the resolver: read in turn, each would be a cache miss, and resolving a line
            // is otherwise cheap. Both are asked for ahead, the user once its line has arrived.
            if let Some(&ahead) = lines.get(k + PREFETCH_DISTANCE) {
                prefetch(&self.file.lines[ahead]);
            }
            if let Some(&ahead) = lines.get(k + PREFETCH_DISTANCE / 2) {
                self.resolver.prefetch_user(&self.file.lines[ahead]);
            }
            let line = &self.file.lines[i];
            outcomes.push(match self.resolver.resolve(line) {
                Ok(resolved) => sim.apply(self.file, line, &resolved),
                Err(error) => LineOutcome::failed(error),
            });
        }
        (sim, outcomes)
    }

    /// The course's plan now, when full sync can remove nothing in it; else its model, which
    /// waits for the evidence ([`Removal::gather`]).
    fn plan_or_wait(&self, sim: CourseSim<'a>) -> Course<'a> {
        match self.options.full_sync {
            Some(sync) if !sim.at_risk(sync.action).is_empty() => Course::AtRisk(sim),
            _ => {
                let (plan, kept) = self.finish(sim, None, &Removal::default());
                Course::Planned(plan, kept)
            }
        }
    }

    /// The course's plan: full sync's removals (`removing`, unless withheld) but those the
    /// evidence keeps, then the difference between the model and the snapshot; and the
    /// enrolments full sync keeps, with the line that keeps each.
    fn finish(
        &self,
        mut sim: CourseSim,
        removing: Option<FullSync>,
        removal: &Removal,
    ) -> (CoursePlan, Vec<Kept>) {
        let course = sim.course;
        let kept = match (removing, self.options.full_sync) {
            (Some(sync), _) => {
                sim.remove_unlisted(sync.action, |user| removal.evidence.keeper(course, user))
            }
            // Withheld: everything at risk is kept, by the first line that withheld it.
            (None, Some(sync)) => match removal.withheld_by.first() {
                Some(&line) => sim
                    .at_risk(sync.action)
                    .into_iter()
                    .map(|(user, slot)| (user, slot, line))
                    .collect(),
                None => Vec::new(),
            },
            (None, None) => Vec::new(),
        };
        let unenrol =
            self.options.full_sync.map(|sync| sync.action) == Some(RemovalAction::Unenrol);
        let kept = kept
            .into_iter()
            .map(|(user, slot, line)| Kept {
                course,
                user,
                instance: sim.instances[slot as usize],
                line,
                withheld: removing.is_none(),
                unenrol,
            })
            .collect();
        (self.diff(sim), kept)
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
