//! The scorecard's accounting: which checks ran on what, and the score of every practice.
//!
//! Every part of an audit (Dockerfile and Compose lint, image checks, vulnerability matching,
//! the CIS benchmark) hands over a [`SourceRun`]: its targets, its findings (after
//! suppressions) and one [`CheckRun`] per check it ran on a target — a lint rule on a file, a
//! CIS check on a container, the vulnerability match of one package. A check *failed* when at
//! least one finding of its rule is on its target (and subject, for per-package checks);
//! otherwise it *passed*. [`score`] turns that into a [`Scorecard`].
//!
//! The formula: every check weighs by a severity weight ([`weight`]): a passed check by its
//! rule's default severity, a failed check by the worst severity it found (after configuration
//! overrides). `score = round(100 × passed / (passed + failed))`. Findings that no check
//! accounts for (a parse error, an unused suppression) count as one failed check per rule and
//! target. A practice where nothing ran is "not assessed", with the reason the sources gave.

use crate::report::{CheckCounts, Notice, PracticeScore, Scorecard, TopFix};
use crate::{Finding, Location, Practice, RuleMeta, Severity, Target};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The formula in one line, carried in every scorecard.
pub const FORMULA: &str = "score = round(100 × passed weight / (passed weight + failed weight)); \
     weights critical 16, high 8, medium 4, low 2, info 1; a passed check weighs by its rule's \
     default severity, a failed check by the worst severity it found";

/// How much a check of this severity counts in a score.
pub fn weight(s: Severity) -> u64 {
    match s {
        Severity::Critical => 16,
        Severity::High => 8,
        Severity::Medium => 4,
        Severity::Low => 2,
        Severity::Info => 1,
    }
}

/// One check that ran on one target.
#[derive(Debug, Clone)]
pub struct CheckRun {
    pub rule: &'static RuleMeta,
    /// Index into the source's (later the report's) `targets`.
    pub target: usize,
    /// For checks that run once per thing inside a target: the vulnerability match of one
    /// package (`Location::package` of its findings). `None` for whole-target checks.
    pub subject: Option<String>,
}

impl CheckRun {
    pub fn new(rule: &'static RuleMeta, target: usize) -> CheckRun {
        CheckRun {
            rule,
            target,
            subject: None,
        }
    }

    /// A check of one package (or other named thing) inside a target.
    pub fn on(rule: &'static RuleMeta, target: usize, subject: impl Into<String>) -> CheckRun {
        CheckRun {
            rule,
            target,
            subject: Some(subject.into()),
        }
    }
}

/// What one part of an audit produced: the unit every source plugs in with.
///
/// Target indices in `findings` and `checks` are local to this run; merging offsets them.
#[derive(Debug, Default)]
pub struct SourceRun {
    /// `lint`, `compose`, `image`, `vulnerabilities`, `bench`.
    pub source: &'static str,
    pub targets: Vec<Target>,
    pub findings: Vec<Finding>,
    pub checks: Vec<CheckRun>,
    /// Checks that ran but need a human to judge (their findings are `info`): counted apart,
    /// never as passed or failed.
    pub manual: Vec<CheckRun>,
    /// What this source skipped and why.
    pub notices: Vec<Notice>,
    /// Practices this source would have assessed, with why it could not.
    pub not_assessed: Vec<(Practice, String)>,
    /// Text of the files its findings point into (for snippets and fingerprints).
    pub texts: BTreeMap<String, String>,
    /// Errors that make the run exit 2 (a file that could not be read).
    pub errors: Vec<String>,
}

impl SourceRun {
    pub fn new(source: &'static str) -> SourceRun {
        SourceRun {
            source,
            ..SourceRun::default()
        }
    }

    /// A part that could not run at all: one notice, and its practices not assessed.
    pub fn skipped(source: &'static str, practices: &[Practice], why: &str) -> SourceRun {
        let mut run = SourceRun::new(source);
        run.notices.push(Notice::new(source, why));
        run.not_assessed = practices.iter().map(|&p| (p, why.to_string())).collect();
        run
    }
}

/// Everything the audit gathered, merged across sources.
#[derive(Debug, Default)]
pub struct Merged {
    pub targets: Vec<Target>,
    pub findings: Vec<Finding>,
    /// Each check with the source that ran it.
    pub checks: Vec<(&'static str, CheckRun)>,
    pub manual: Vec<CheckRun>,
    pub notices: Vec<Notice>,
    pub not_assessed: Vec<(Practice, String)>,
    pub texts: BTreeMap<String, String>,
    pub errors: Vec<String>,
}

impl Merged {
    /// Appends a source's results, moving its target indices after the ones already merged.
    pub fn add(&mut self, run: SourceRun) {
        let base = self.targets.len();
        self.targets.extend(run.targets);
        self.findings.extend(run.findings.into_iter().map(|mut f| {
            f.target += base;
            f
        }));
        self.checks.extend(run.checks.into_iter().map(|mut c| {
            c.target += base;
            (run.source, c)
        }));
        self.manual.extend(run.manual.into_iter().map(|mut c| {
            c.target += base;
            c
        }));
        self.notices.extend(run.notices);
        self.not_assessed.extend(run.not_assessed);
        self.texts.extend(run.texts);
        self.errors.extend(run.errors);
    }
}

/// Computes the scorecard of `findings` (all of them, after suppressions) given the checks
/// that ran and the reasons practices could not be assessed.
pub fn score(
    findings: &[Finding],
    checks: &[(&'static str, CheckRun)],
    manual: &[CheckRun],
    not_assessed: &[(Practice, String)],
) -> Scorecard {
    // Worst severity per (rule, target) and per (rule, target, package).
    let mut worst: HashMap<(&str, usize), Severity> = HashMap::new();
    let mut worst_subject: HashMap<(&str, usize, &str), Severity> = HashMap::new();
    for f in findings {
        let w = worst.entry((&*f.rule, f.target)).or_insert(f.severity);
        *w = (*w).max(f.severity);
        if let Some(p) = f.location.package.as_deref() {
            let w = worst_subject
                .entry((&*f.rule, f.target, p))
                .or_insert(f.severity);
            *w = (*w).max(f.severity);
        }
    }

    #[derive(Default)]
    struct Acc {
        counts: CheckCounts,
        passed_weight: u64,
        failed_weight: u64,
        sources: BTreeSet<&'static str>,
    }
    let mut acc: BTreeMap<Practice, Acc> = BTreeMap::new();
    let mut covered: BTreeSet<(&str, usize)> = BTreeSet::new();
    for (source, c) in checks {
        let a = acc.entry(c.rule.practice).or_default();
        a.counts.run += 1;
        a.sources.insert(source);
        covered.insert((c.rule.code, c.target));
        let found = match &c.subject {
            None => worst.get(&(c.rule.code, c.target)),
            Some(s) => worst_subject.get(&(c.rule.code, c.target, s.as_str())),
        };
        match found {
            Some(&sev) => {
                a.counts.failed += 1;
                a.failed_weight += weight(sev);
            }
            None => {
                a.counts.passed += 1;
                a.passed_weight += weight(c.rule.severity);
            }
        }
    }
    for c in manual {
        acc.entry(c.rule.practice).or_default().counts.manual += 1;
        covered.insert((c.rule.code, c.target));
    }
    // Findings no check accounts for: one failed check per rule and target.
    let mut uncovered: BTreeMap<(&str, usize), (Practice, Severity)> = BTreeMap::new();
    for f in findings {
        let key = (&*f.rule, f.target);
        if covered.contains(&key) {
            continue;
        }
        let e = uncovered.entry(key).or_insert((f.practice, f.severity));
        e.1 = e.1.max(f.severity);
    }
    for (practice, sev) in uncovered.into_values() {
        let a = acc.entry(practice).or_default();
        a.counts.run += 1;
        a.counts.failed += 1;
        a.failed_weight += weight(sev);
    }

    let practices = Practice::ALL
        .into_iter()
        .map(|p| {
            let a = acc.remove(&p).unwrap_or_default();
            let mine: Vec<&Finding> = findings.iter().filter(|f| f.practice == p).collect();
            let mut by_severity = BTreeMap::new();
            for f in &mine {
                *by_severity.entry(f.severity).or_insert(0) += 1;
            }
            let total = a.passed_weight + a.failed_weight;
            let (score, reason) = if a.counts.run == 0 || total == 0 {
                let reasons: Vec<&str> = not_assessed
                    .iter()
                    .filter(|(q, _)| *q == p)
                    .map(|(_, r)| r.as_str())
                    .collect();
                let mut unique: Vec<&str> = Vec::new();
                for r in reasons {
                    if !unique.contains(&r) {
                        unique.push(r);
                    }
                }
                let reason = if unique.is_empty() {
                    "no check of this practice applies to what was audited".to_string()
                } else {
                    unique.join("; ")
                };
                (None, Some(reason))
            } else {
                // Rounded half up, in integers.
                let s = (200 * a.passed_weight + total) / (2 * total);
                (Some(s.min(100) as u8), None)
            };
            PracticeScore {
                practice: p,
                title: p.title().to_string(),
                security: p != Practice::BuildHygiene,
                score,
                not_assessed: reason,
                checks: a.counts,
                by_severity,
                sources: a.sources.into_iter().map(str::to_string).collect(),
                top_fixes: top_fixes(&mine, 3),
            }
        })
        .collect();
    Scorecard {
        formula: FORMULA.to_string(),
        practices,
        baseline: None,
    }
}

/// The `n` rules to fix first: highest severity, then most occurrences, then code.
pub fn top_fixes(findings: &[&Finding], n: usize) -> Vec<TopFix> {
    let mut by_rule: BTreeMap<&str, (Severity, usize, &Finding)> = BTreeMap::new();
    for f in findings {
        let e = by_rule.entry(&*f.rule).or_insert((f.severity, 0, f));
        e.0 = e.0.max(f.severity);
        e.1 += 1;
    }
    let mut v: Vec<_> = by_rule.into_iter().collect();
    v.sort_by(|(ra, (sa, na, _)), (rb, (sb, nb, _))| sb.cmp(sa).then(nb.cmp(na)).then(ra.cmp(rb)));
    v.into_iter()
        .take(n)
        .map(|(rule, (severity, occurrences, first))| TopFix {
            rule: rule.to_string(),
            name: first.name.to_string(),
            severity,
            occurrences,
            first: place_label(&first.location),
            remediation: first.remediation.as_ref().map(|r| r.to_string()),
        })
        .collect()
}

/// A short label for where a finding is: `path:line`, or the object, image and package.
pub fn place_label(loc: &Location) -> String {
    let mut parts: Vec<String> = Vec::new();
    if let Some(o) = &loc.object {
        parts.push(o.clone());
        if let Some(who) = loc.name.as_ref().or(loc.id.as_ref()) {
            parts.push(who.clone());
        }
    }
    if let Some(i) = &loc.image {
        parts.push(format!("image {i}"));
    }
    match (&loc.path, loc.line) {
        (Some(p), Some(l)) => parts.push(format!("{p}:{l}")),
        (Some(p), None) => parts.push(p.clone()),
        _ => {}
    }
    if let Some(p) = &loc.package {
        match &loc.version {
            Some(v) => parts.push(format!("{p}@{v}")),
            None => parts.push(p.clone()),
        }
    }
    if let Some(p) = &loc.pointer {
        parts.push(p.clone());
    }
    if parts.is_empty() {
        "(no location)".to_string()
    } else {
        parts.join(" ")
    }
}
