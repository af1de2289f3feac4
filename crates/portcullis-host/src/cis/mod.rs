//! The CIS Docker Benchmark v1.6.0 checks: pure functions over a [`Snapshot`] and
//! [`HostFacts`]. Each check yields one [`CheckResult`] with a status per object it looked at, so
//! passes are visible (scores, the docker-bench format) and not only failures.

use crate::engine::{Container, Snapshot};
use crate::hostfacts::HostFacts;
use portcullis_core::{Finding, Location, RuleMeta, Severity};
use serde::Serialize;
use serde_json::{Value, json};

mod s1;
mod s2;
mod s3;
mod s4;
mod s5;
mod s6;
mod s7;

/// Declares a CIS check: its `RuleMeta` (through `declare_rule!`, docs from the doc comment)
/// and its [`Check`] entry (level, scored, how it runs).
macro_rules! cis {
    (
        $(#[doc = $doc:literal])*
        $ty:ident {
            code: $code:literal,
            v18: $v18:literal,
            name: $name:literal,
            practice: $practice:ident,
            severity: $sev:ident,
            level: $level:literal,
            scored: $scored:literal,
            summary: $summary:literal,
            remediation: $rem:literal,
            run: $run:expr $(,)?
        }
    ) => {
        portcullis_core::declare_rule! {
            $(#[doc = $doc])*
            #[doc = ""]
            #[doc = "## Fix safety"]
            #[doc = "No automatic fix: `portcullis bench` only reads; it never changes the host, the daemon or a container."]
            #[doc = ""]
            #[doc = "## References"]
            #[doc = "CIS Docker Benchmark v1.6.0 (the v1.8.0 number is in the aliases); <https://www.cisecurity.org/benchmark/docker>"]
            pub $ty {
                code: $code,
                name: $name,
                practice: $practice,
                severity: $sev,
                summary: $summary,
                aliases: [$v18],
                references: ["https://www.cisecurity.org/benchmark/docker"],
                remediation: $rem,
            }
        }
        impl $ty {
            pub const CHECK: $crate::cis::Check = $crate::cis::Check {
                meta: &$ty::META,
                level: $level,
                scored: $scored,
                run: $run,
            };
        }
    };
}
pub(crate) use cis;

/// The result of one check on one object (or on the host as a whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Not applicable here, or cannot be evaluated (remote or rootless daemon, no containers).
    Skipped,
    Pass,
    /// Needs a human: what to look at is in the message. Never counted as a pass.
    Info,
    /// A recommendation that is not met but is not scored by CIS.
    Warn,
    Fail,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Skipped => "skipped",
            Status::Pass => "pass",
            Status::Info => "info",
            Status::Warn => "warn",
            Status::Fail => "fail",
        }
    }
}

/// One object's verdict with its evidence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Observation {
    pub status: Status,
    pub message: String,
    pub location: Location,
    /// The value found (at `location.pointer` for Docker objects).
    pub value: Option<Value>,
    /// Overrides the rule's severity for a failure (e.g. a read-only sensitive mount).
    pub severity: Option<Severity>,
}

impl Observation {
    pub fn new(status: Status, message: impl Into<String>, location: Location) -> Observation {
        Observation {
            status,
            message: message.into(),
            location,
            value: None,
            severity: None,
        }
    }
    pub fn value(mut self, v: impl Into<Value>) -> Observation {
        self.value = Some(v.into());
        self
    }
    pub fn severity(mut self, s: Severity) -> Observation {
        self.severity = Some(s);
        self
    }
}

/// How a check runs.
#[derive(Clone, Copy)]
pub enum Run {
    /// Once, over the whole snapshot and host.
    Global(fn(&Cx) -> Vec<Observation>),
    /// Once per container.
    Container(fn(&Cx, &Container) -> Observation),
}

/// A CIS check: its rule metadata, level, whether CIS scores it, and how it runs.
#[derive(Clone, Copy)]
pub struct Check {
    pub meta: &'static RuleMeta,
    /// CIS profile level (1 or 2).
    pub level: u8,
    /// Scored ("Automated") in CIS, or not scored ("Manual").
    pub scored: bool,
    pub run: Run,
}

impl Check {
    /// The v1.6.0 number, e.g. `5.4`.
    pub fn id(&self) -> &'static str {
        self.meta.code.trim_start_matches("CIS-")
    }
    /// The CIS v1.8.0 number.
    pub fn id_v1_8(&self) -> &'static str {
        self.meta
            .aliases
            .first()
            .map(|a| a.trim_start_matches("CIS-v1.8.0-"))
            .unwrap_or(self.id())
    }
    /// Section number (1–7).
    pub fn section(&self) -> u8 {
        self.id()
            .split('.')
            .next()
            .and_then(|s| s.parse().ok())
            .unwrap_or(0)
    }
    /// True when `selector` (`5.4`, `CIS-5.4`, a section prefix such as `1.1`, or the v1.8.0
    /// alias) names this check.
    pub fn selected_by(&self, selector: &str) -> bool {
        let s = selector.trim();
        let s = s
            .strip_prefix("CIS-")
            .or_else(|| s.strip_prefix("cis-"))
            .unwrap_or(s);
        if let Some(v18) = s.strip_prefix("v1.8.0-") {
            return self.id_v1_8() == v18;
        }
        let id = self.id();
        id == s || (id.starts_with(s) && id[s.len()..].starts_with('.'))
    }
}

impl std::fmt::Debug for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Check")
            .field("code", &self.meta.code)
            .finish()
    }
}

/// Section titles as CIS names them.
pub const SECTIONS: [(u8, &str); 7] = [
    (1, "Host Configuration"),
    (2, "Docker daemon configuration"),
    (3, "Docker daemon configuration files"),
    (4, "Container Images and Build File"),
    (5, "Container Runtime"),
    (6, "Docker Security Operations"),
    (7, "Docker Swarm Configuration"),
];

/// What every check sees.
pub struct Cx<'a> {
    pub snap: &'a Snapshot,
    pub host: &'a HostFacts,
}

impl<'a> Cx<'a> {
    /// A skipped observation when host files cannot describe the audited daemon.
    pub fn host_skip(&self) -> Option<Vec<Observation>> {
        self.host.unavailable.as_ref().map(|why| {
            vec![Observation::new(
                Status::Skipped,
                format!("skipped: {why}"),
                daemon_loc(None),
            )]
        })
    }
}

/// The result of one check over everything it applies to.
#[derive(Debug, Clone, Serialize)]
pub struct CheckResult {
    #[serde(serialize_with = "ser_code")]
    pub check: &'static Check,
    /// The worst status among the observations (`skipped` when there are none).
    pub status: Status,
    pub observations: Vec<Observation>,
}

fn ser_code<S: serde::Serializer>(c: &&'static Check, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(c.meta.code)
}

/// Every check, in CIS order.
pub fn all_checks() -> Vec<&'static Check> {
    let mut v: Vec<&'static Check> = Vec::new();
    v.extend(s1::CHECKS.iter().copied());
    v.extend(s2::CHECKS.iter().copied());
    v.extend(s3::CHECKS.iter().copied());
    v.extend(s4::CHECKS.iter().copied());
    v.extend(s5::CHECKS.iter().copied());
    v.extend(s6::CHECKS.iter().copied());
    v.extend(s7::CHECKS.iter().copied());
    v
}

/// Every CIS rule's metadata, for `portcullis rules` / `explain`.
pub fn all_rules() -> Vec<&'static RuleMeta> {
    all_checks().into_iter().map(|c| c.meta).collect()
}

/// The checks `selectors` name (all when empty), in CIS order.
pub fn selected(selectors: &[String]) -> Vec<&'static Check> {
    all_checks()
        .into_iter()
        .filter(|c| selectors.is_empty() || selectors.iter().any(|s| c.selected_by(s)))
        .collect()
}

/// One container's observations from the selected per-container checks, in their order: what
/// [`run_with`] takes, computed while the other inspect documents are still arriving. `checks`
/// is [`selected`] for the same selectors.
pub fn container_observations(cx: &Cx, checks: &[&Check], c: &Container) -> Vec<Observation> {
    checks
        .iter()
        .filter_map(|check| match check.run {
            Run::Container(f) => Some(f(cx, c)),
            Run::Global(_) => None,
        })
        .collect()
}

/// Runs the selected checks (all when `selectors` is empty).
pub fn run(snap: &Snapshot, host: &HostFacts, selectors: &[String]) -> Vec<CheckResult> {
    run_with(snap, host, selectors, None)
}

/// [`run`], with the per-container checks' observations already computed (one vector per
/// container of `snap.containers`, from [`container_observations`] with the same selectors).
pub fn run_with(
    snap: &Snapshot,
    host: &HostFacts,
    selectors: &[String],
    per_container: Option<Vec<Vec<Observation>>>,
) -> Vec<CheckResult> {
    let cx = Cx { snap, host };
    let mut pre: Option<Vec<std::vec::IntoIter<Observation>>> = per_container
        .filter(|v| v.len() == snap.containers.len())
        .map(|v| v.into_iter().map(Vec::into_iter).collect());
    selected(selectors)
        .into_iter()
        .map(|check| {
            let observations = match check.run {
                Run::Global(f) => f(&cx),
                Run::Container(_) if snap.containers.is_empty() => vec![Observation::new(
                    Status::Skipped,
                    "skipped: no containers",
                    daemon_loc(None),
                )],
                Run::Container(f) => match pre.as_mut() {
                    Some(pre) => snap
                        .containers
                        .iter()
                        .zip(pre.iter_mut())
                        .map(|(c, obs)| obs.next().unwrap_or_else(|| f(&cx, c)))
                        .collect(),
                    None => snap.containers.iter().map(|c| f(&cx, c)).collect(),
                },
            };
            let status = observations
                .iter()
                .map(|o| o.status)
                .max()
                .unwrap_or(Status::Skipped);
            CheckResult {
                check,
                status,
                observations,
            }
        })
        .collect()
}

/// Findings for the normal reporters: failures at the rule's severity (or the observation's),
/// warnings at `low` at most, items needing a human at `info`. Passes and skipped checks are
/// not findings (they are in the check results).
pub fn to_findings(results: &[CheckResult]) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in results {
        for o in &r.observations {
            if let Some(f) = finding(r.check, o.clone()) {
                out.push(f);
            }
        }
    }
    out
}

/// [`to_findings`], consuming the results: messages, locations and values are moved, not
/// copied (for 1000 containers that is tens of thousands of strings and JSON values).
pub fn into_findings(results: Vec<CheckResult>) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in results {
        for o in r.observations {
            if let Some(f) = finding(r.check, o) {
                out.push(f);
            }
        }
    }
    out
}

fn finding(c: &Check, o: Observation) -> Option<Finding> {
    let severity = match o.status {
        Status::Pass | Status::Skipped => return None,
        Status::Fail => o.severity.unwrap_or(c.meta.severity),
        Status::Warn => o.severity.unwrap_or(c.meta.severity).min(Severity::Low),
        Status::Info => Severity::Info,
    };
    let mut f = c.meta.finding(o.message, o.location);
    f.severity = severity;
    f.detail = Some(json!({
        "cis": c.id(),
        "cis_v1_8_0": c.id_v1_8(),
        "level": c.level,
        "scored": c.scored,
        "status": o.status,
        "value": o.value,
    }));
    Some(f)
}

/// Counts of statuses per section.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub pass: usize,
    pub fail: usize,
    pub warn: usize,
    pub info: usize,
    pub skipped: usize,
}

impl Counts {
    pub fn add(&mut self, s: Status) {
        match s {
            Status::Pass => self.pass += 1,
            Status::Fail => self.fail += 1,
            Status::Warn => self.warn += 1,
            Status::Info => self.info += 1,
            Status::Skipped => self.skipped += 1,
        }
    }
    /// Percentage of evaluated checks (pass, fail, warn) that passed; `None` when none were.
    pub fn score(&self) -> Option<u32> {
        let n = self.pass + self.fail + self.warn;
        (n > 0).then(|| ((self.pass * 100 + n / 2) / n) as u32)
    }
}

/// Counts per section (1–7) and in total, by each check's overall status.
pub fn counts(results: &[CheckResult]) -> (Vec<(u8, Counts)>, Counts) {
    let mut per: Vec<(u8, Counts)> = SECTIONS
        .iter()
        .map(|(s, _)| (*s, Counts::default()))
        .collect();
    let mut total = Counts::default();
    for r in results {
        total.add(r.status);
        if let Some((_, c)) = per.iter_mut().find(|(s, _)| *s == r.check.section()) {
            c.add(r.status);
        }
    }
    per.retain(|(_, c)| *c != Counts::default());
    (per, total)
}

// ---- locations -------------------------------------------------------------------------

/// The daemon, with an optional pointer into `/info`.
pub fn daemon_loc(pointer: Option<&str>) -> Location {
    Location {
        object: Some("daemon".into()),
        pointer: pointer.map(str::to_string),
        ..Location::default()
    }
}

/// A host file.
pub fn file_loc(path: &std::path::Path) -> Location {
    Location {
        object: Some("host file".into()),
        path: Some(path.to_string_lossy().into_owned()),
        ..Location::default()
    }
}

/// A container, with a JSON pointer into its inspect document.
pub fn container_loc(c: &Container, pointer: &str) -> Location {
    Location {
        object: Some("container".into()),
        id: Some(c.id.clone()),
        name: Some(c.name.clone()),
        pointer: Some(pointer.to_string()),
        ..Location::default()
    }
}

/// An observation on a container: status, message, pointer and the value found there.
pub fn on(c: &Container, status: Status, pointer: &str, message: impl Into<String>) -> Observation {
    let value = c.at(pointer).cloned().unwrap_or(Value::Null);
    Observation::new(status, message, container_loc(c, pointer)).value(value)
}

/// Escapes one JSON pointer token (`~` → `~0`, `/` → `~1`).
pub fn ptr_token(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

/// A manual check: one `info` observation saying what to look at.
pub fn manual(what: impl Into<String>) -> Vec<Observation> {
    vec![Observation::new(Status::Info, what, daemon_loc(None))]
}

#[cfg(test)]
mod tests;
