//! tool_enrolsync's computational core: it reads an enrolment feed file, validates it line by
//! line, says which users, courses, roles… PHP must look up, and plans the minimal writes that
//! bring a Moodle site to the state the file asks for. It never touches the database: PHP reads
//! the site's state in bulk, hands it over, and performs the planned writes with Moodle's APIs.
//!
//! # The model
//!
//! A feed file (CSV, exported every night by a school information system) is a list of wishes
//! about Moodle enrolments. Each data line names a user (column `uid`) and a course (`cid`) and
//! says that the user should be enrolled there (`add`), should no longer be (`del`, as the *del
//! action* setting says), should hold exactly one role (`shift`), or that their enrolment should
//! be suspended or reactivated (`disable`, `enable`) — through an enrolment method (`enrol`:
//! `manual` by default), with a role (`rolename`: a name of the role map, or a role's shortname
//! in any case; empty, the default role), an optional start and end, and optionally
//! group memberships (`gcmd` with the group names `g1`…`g9`). Lines apply in file order; the
//! result must be the state that applying them one by one would reach, but reached with the
//! fewest writes, and a file applied twice writes nothing the second time.
//!
//! In *full sync*, the file is moreover the complete list of the enrolments this tool manages:
//! those it created earlier and the file no longer lists are suspended or removed, but only
//! where the file was understood (a line that failed protects whom it names), and never more
//! than a share of them (the safety threshold) without the operator's confirmation.
//!
//! # The pipeline
//!
//! 1. **Decode** ([`decode`]): the file's bytes become UTF-8 text (byte-order mark, UTF-8,
//!    Windows-1252…), remembering which lines held bytes that were not valid.
//! 2. **Dialect** ([`dialect`]): the delimiter (`;`, `,`, tab, `|`) and the format: *native*
//!    (a header names the columns) or *flat file* (core enrol_flatfile's headerless lines).
//! 3. **Records** ([`record`]): one record per physical line, split into fields with RFC 4180
//!    quoting; blank lines and comments are skipped.
//! 4. **Lines** ([`read`], with [`line`](mod@line), [`date`] and [`keys`]): the header is
//!    checked, then each record becomes a valid [`line::Line`] or a [`line::Rejected`] line
//!    with its [`error::LineError`]. The values lines name are interned, per kind, in the
//!    file's [`read::Keys`]: a line holds small ids, and the distinct keys are what PHP looks
//!    up. The result is a [`read::ParsedFile`]; a problem with the whole file is an
//!    [`error::FileError`] instead, and nothing of the file applies.
//! 5. **Lookup, in PHP**: PHP takes the keys, finds the users and courses they mean with a
//!    few bulk queries (never one per line), converts the dates, lists the site's roles and
//!    enrolment plugins, reads the state of the courses concerned (those the file names and, in full sync, every course holding an enrolment
//!    this tool manages: their enrolment instances, user enrolments, role assignments, groups
//!    and group members), and fills a [`snapshot::Snapshot`] with it.
//! 6. **Resolve** ([`resolve`]): each distinct key is mapped to the site's id once; each line
//!    then resolves by index into a [`resolve::Resolved`] line, or fails (unknown user,
//!    disabled method…).
//! 7. **Simulate** ([`simulate`]): course by course, in parallel, the course's lines are
//!    applied in file order to a model of the course that starts as the snapshot
//!    ([`simulate::CourseSim`]); in full sync, the managed enrolments no line listed then get
//!    the removal action.
//! 8. **Plan** ([`plan`]): for each user, the difference between the state before and after
//!    gives the operations ([`plan::Op`]), each with the line that caused it. The
//!    [`plan::Plan`] holds them by course, with every line's [`plan::LineOutcome`] and, in full
//!    sync, what failed lines kept from removal and whether the safety threshold refused the
//!    plan ([`plan::Refusal`]).
//!
//! Steps 1 to 4 are one call, [`read::read`]; steps 6 to 8 another, [`plan::plan`]. PHP then
//! performs the plan's operations course by course, and reports every line's outcome.
//!
//! # Conventions
//!
//! - Line numbers are the file's physical lines, 1-based, header and comments included; 0
//!   means "no line": an error about the whole file, or an operation of full sync.
//! - Times are Unix timestamps in seconds, as Moodle stores them; an enrolment's end of 0 means
//!   no end. Calendar dates in a file are only converted by PHP, which knows the site's time
//!   zone.
//! - [`snapshot::Id`] is a Moodle database id; [`keys::KeyId`] an index into one of the file's
//!   key sets; a *slot* ([`snapshot::InstanceSlot`], [`snapshot::GroupSlot`]) an index into a
//!   course's list of instances or groups, which also covers those a plan creates (no id yet).
//! - Every error has a stable message key, which PHP translates (see [`error`]).
//!
//! Everything here is plain Rust, tested with `cargo test`. The PHP extension is the thin glue
//! in `src/php/` (the classes `EnrolSync\File`, `EnrolSync\Snapshot` and `EnrolSync\Plan`),
//! compiled with the `php` feature. The private `prefetch` module is a cache hint that
//! resolving and planning give for reads they know ahead but that are scattered in memory.

#![deny(unsafe_code)]
#![warn(missing_docs)]

pub mod date;
pub mod decode;
pub mod dialect;
pub mod error;
pub mod evidence;
pub mod keys;
pub mod line;
pub mod plan;
#[allow(unsafe_code)]
mod prefetch;
pub mod read;
pub mod record;
pub mod resolve;
pub mod simulate;
pub mod snapshot;

#[cfg(feature = "php")]
mod php;

/// The extension's version: the crate's, which the Moodle plugin checks against its own.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
