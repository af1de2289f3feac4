//! The JSON report: a versioned contract (`schema_version` 1).

use crate::{Finding, Practice, Severity};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the JSON report layout. Bumped only on incompatible changes.
pub const SCHEMA_VERSION: u32 = 1;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TargetKind {
    Dockerfile,
    Compose,
    Image,
    Daemon,
    Host,
    Container,
}

impl TargetKind {
    pub fn as_str(self) -> &'static str {
        match self {
            TargetKind::Dockerfile => "dockerfile",
            TargetKind::Compose => "compose",
            TargetKind::Image => "image",
            TargetKind::Daemon => "daemon",
            TargetKind::Host => "host",
            TargetKind::Container => "container",
        }
    }
}

/// One thing that was checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    pub kind: TargetKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tool {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Summary {
    pub by_severity: BTreeMap<Severity, usize>,
    pub by_practice: BTreeMap<Practice, usize>,
}

impl Summary {
    pub fn of(findings: &[Finding]) -> Summary {
        let mut s = Summary::default();
        for f in findings {
            *s.by_severity.entry(f.severity).or_default() += 1;
            *s.by_practice.entry(f.practice).or_default() += 1;
        }
        s
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: u32,
    pub tool: Tool,
    pub targets: Vec<Target>,
    pub findings: Vec<Finding>,
    pub summary: Summary,
    /// What a run skipped and why (`audit`: no daemon, no vulnerability database). Not failures.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<Notice>,
    /// The score per practice (`audit`). Absent from `lint` reports.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scorecard: Option<Scorecard>,
}

impl Report {
    /// Builds a report, sorting findings deterministically and computing the summary.
    pub fn new(version: &str, targets: Vec<Target>, mut findings: Vec<Finding>) -> Report {
        findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        findings.dedup_by(|a, b| a == b);
        let summary = Summary::of(&findings);
        Report {
            schema_version: SCHEMA_VERSION,
            tool: Tool {
                name: "portcullis".into(),
                version: version.into(),
            },
            targets,
            findings,
            summary,
            notices: Vec::new(),
            scorecard: None,
        }
    }

    /// The highest severity present, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}

/// A part of a run that could not run, and why: shown to people, never a failure.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Notice {
    /// Which part: `lint`, `compose`, `image`, `vulnerabilities`, `bench`, `baseline`.
    pub source: String,
    pub message: String,
}

impl Notice {
    pub fn new(source: impl Into<String>, message: impl Into<String>) -> Notice {
        Notice {
            source: source.into(),
            message: message.into(),
        }
    }
}

/// The score of every practice: how many checks ran, passed and failed, and what to fix first.
///
/// The formula (also in `portcullis audit --help` and the README): every check that ran weighs
/// by a severity weight (`critical` 16, `high` 8, `medium` 4, `low` 2, `info` 1) — a passed check
/// by its rule's default severity, a failed check by the worst severity it found (after
/// configuration overrides). `score = round(100 × passed weight / (passed weight + failed
/// weight))`. A practice where no check ran is "not assessed" and has no score.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scorecard {
    /// One line describing the formula, so a JSON consumer need not look it up.
    pub formula: String,
    /// Every practice, in `Practice::ALL` order; `build-hygiene` is last and not a security
    /// practice (`security: false`).
    pub practices: Vec<PracticeScore>,
    /// Present when the run compared against a baseline report.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline: Option<BaselineSummary>,
}

/// One practice's line of the scorecard.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PracticeScore {
    pub practice: Practice,
    pub title: String,
    /// False for `build-hygiene` (correctness, not security).
    pub security: bool,
    /// 0–100; absent when nothing was assessed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    /// Why the practice was not assessed (only when `score` is absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_assessed: Option<String>,
    pub checks: CheckCounts,
    /// Findings of this practice by severity (all of them, also under `--baseline`).
    pub by_severity: BTreeMap<Severity, usize>,
    /// Which parts of the run contributed checks: `lint`, `compose`, `image`, `vulnerabilities`,
    /// `bench`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The (at most three) most important things to fix: highest severity, then most
    /// occurrences.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub top_fixes: Vec<TopFix>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckCounts {
    pub run: usize,
    pub passed: usize,
    pub failed: usize,
    /// Checks that need a human (CIS items that cannot be automated): their findings are
    /// listed at `info`, but they count neither as passed nor as failed (not in `run`).
    #[serde(default)]
    pub manual: usize,
}

/// One rule to fix, with how often and how badly it fired.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TopFix {
    pub rule: String,
    pub name: String,
    /// The worst severity among its findings.
    pub severity: Severity,
    pub occurrences: usize,
    /// Where the first occurrence is (`path:line` or an object label).
    pub first: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remediation: Option<String>,
}

/// How the findings compare with a baseline report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BaselineSummary {
    /// The baseline report, as given.
    pub path: String,
    /// Findings not in the baseline (the ones listed in `findings`).
    pub new: usize,
    /// Findings also in the baseline (counted in the scorecard, not listed).
    pub known: usize,
    /// Baseline findings no longer found.
    pub fixed: usize,
}
