//! The model every portcullis capability shares: findings, practices, severities, locations,
//! rule metadata, configuration, suppressions and the versioned JSON report.
//!
//! This crate does no I/O: callers hand it text and paths, it hands back values.

pub mod config;
pub mod finding;
pub mod package;
pub mod practice;
pub mod report;
pub mod rule;
pub mod scorecard;
pub mod severity;
pub mod suppress;
pub mod text;
pub mod tool_rules;

pub use finding::{Edit, Finding, Fix, FixSafety, Location, StrList};
pub use package::{Distro, Package, PackageKind};
pub use practice::Practice;
pub use report::{
    BaselineSummary, CheckCounts, Notice, PracticeScore, Report, Scorecard, Summary, Target,
    TargetKind, TopFix,
};
pub use rule::{Rule, RuleMeta};
pub use severity::Severity;
