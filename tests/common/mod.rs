//! Shared helpers of the integration tests: a site model that applies plans the way Moodle's
//! APIs would, and builders for files and snapshots.
#![allow(dead_code)] // each test crate uses part of it

use enrolsync::plan::{Op, Plan};
use enrolsync::read::{ParsedFile, ReadOptions, read};
use enrolsync::snapshot::{Enrolment, Group, Instance, Snapshot};

pub fn parse(text: &str) -> ParsedFile {
    read(text.as_bytes().to_vec(), &ReadOptions::default()).expect("the file reads")
}

/// Applies a plan to a snapshot as Moodle would: what `enrol_user()`, `role_assign()`,
/// `unenrol_user()` (with its clean-up after the last enrolment) and the group API do.
pub fn apply(snapshot: &Snapshot, plan: &Plan) -> Snapshot {
    let mut after = snapshot.clone();
    let mut next_id = 1_000_000;
    for course in &plan.courses {
        let state = after.course_states.entry(course.course).or_default();
        for op in &course.ops {
            match op.op {
                Op::CreateInstance { instance } => {
                    let Instance { method, .. } = course.instances[instance as usize];
                    assert_eq!(
                        state.instances.len(),
                        instance as usize,
                        "instances are created in slot order"
                    );
                    next_id += 1;
                    state.instances.push(Instance {
                        method,
                        id: Some(next_id),
                        enabled: true,
                    });
                }
                Op::CreateGroup { group } => {
                    assert_eq!(
                        state.groups.len(),
                        group as usize,
                        "groups are created in slot order"
                    );
                    next_id += 1;
                    state.groups.push(Group {
                        id: Some(next_id),
                        name: course.groups[group as usize].name.clone(),
                    });
                }
                Op::Enrol {
                    user,
                    instance,
                    role,
                    start,
                    end,
                } => {
                    let member = state.members.entry(user).or_default();
                    assert!(
                        member.enrolment(instance).is_none(),
                        "enrol of an enrolled user"
                    );
                    member.enrolments.push((
                        instance,
                        Enrolment {
                            active: true,
                            start,
                            end,
                        },
                    ));
                    if let Some(role) = role
                        && !member.roles.contains(&role)
                    {
                        member.roles.push(role);
                    }
                    state.managed.push((user, instance));
                }
                Op::UpdateEnrolment {
                    user,
                    instance,
                    active,
                    start,
                    end,
                } => {
                    let member = state.members.get_mut(&user).expect("update of a member");
                    let (_, e) = member
                        .enrolments
                        .iter_mut()
                        .find(|(s, _)| *s == instance)
                        .expect("update of an enrolment");
                    e.active = active.unwrap_or(e.active);
                    e.start = start.unwrap_or(e.start);
                    e.end = end.unwrap_or(e.end);
                }
                Op::Unenrol { user, instance } => {
                    let member = state.members.get_mut(&user).expect("unenrol of a member");
                    member.enrolments.retain(|(s, _)| *s != instance);
                    state.managed.retain(|m| *m != (user, instance));
                    if member.enrolments.is_empty() {
                        member.roles.clear();
                        member.other_roles = false;
                        member.groups.clear();
                    }
                }
                Op::Assign { user, role } => {
                    let member = state.members.entry(user).or_default();
                    assert!(!member.roles.contains(&role), "assign of a held role");
                    member.roles.push(role);
                }
                Op::Unassign { user, role } => {
                    let member = state.members.get_mut(&user).expect("unassign of a member");
                    assert!(member.roles.contains(&role), "unassign of a role not held");
                    member.roles.retain(|r| *r != role);
                }
                Op::AddMember { user, group } => {
                    let member = state
                        .members
                        .get_mut(&user)
                        .expect("group member must be enrolled");
                    assert!(
                        !member.enrolments.is_empty(),
                        "groups_add_member needs an enrolment"
                    );
                    assert!(!member.groups.contains(&group));
                    member.groups.push(group);
                }
                Op::RemoveMember { user, group } => {
                    let member = state.members.get_mut(&user).expect("remove of a member");
                    assert!(member.groups.contains(&group));
                    member.groups.retain(|g| *g != group);
                }
            }
        }
    }
    after
}
