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
        }
    }

    /// The highest severity present, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.findings.iter().map(|f| f.severity).max()
    }
}
