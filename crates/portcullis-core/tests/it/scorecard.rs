//! The scorecard's formula, coverage and ordering of things to fix.

use portcullis_core::scorecard::{CheckRun, Merged, SourceRun, score, weight};
use portcullis_core::tool_rules::{ExpiredSuppression, ParseError, UnusedSuppression};
use portcullis_core::{Location, Practice, Severity, Target, TargetKind};

fn at(line: u32) -> Location {
    Location {
        path: Some("Dockerfile".into()),
        line: Some(line),
        ..Location::default()
    }
}

fn target() -> Target {
    Target {
        kind: TargetKind::Dockerfile,
        path: Some("Dockerfile".into()),
        name: None,
    }
}

#[test]
fn passed_and_failed_checks_weigh_by_severity() {
    // Three build-hygiene checks on one target: PC001 (high) fails with a low finding after a
    // severity override, PC002 (low) passes, PC003 (low) passes.
    let mut run = SourceRun::new("lint");
    run.targets.push(target());
    let mut f = ParseError::META.finding("broken", at(1));
    f.severity = Severity::Low;
    run.findings.push(f);
    run.checks.push(CheckRun::new(&ParseError::META, 0));
    run.checks.push(CheckRun::new(&UnusedSuppression::META, 0));
    run.checks.push(CheckRun::new(&ExpiredSuppression::META, 0));
    let mut m = Merged::default();
    m.add(run);
    let card = score(&m.findings, &m.checks, &m.manual, &m.not_assessed);
    let hygiene = card
        .practices
        .iter()
        .find(|p| p.practice == Practice::BuildHygiene)
        .unwrap();
    assert!(!hygiene.security);
    assert_eq!(
        (
            hygiene.checks.run,
            hygiene.checks.passed,
            hygiene.checks.failed
        ),
        (3, 2, 1)
    );
    // passed 2 + 2, failed 2 (low) -> 4 / 6 = 66.7 -> 67
    assert_eq!(weight(Severity::Low), 2);
    assert_eq!(hygiene.score, Some(67));
    assert_eq!(hygiene.sources, vec!["lint".to_string()]);
    assert_eq!(hygiene.by_severity.get(&Severity::Low), Some(&1));
    // Every practice is listed, in order; those without checks are not assessed.
    assert_eq!(card.practices.len(), Practice::ALL.len());
    let scanning = &card.practices[3];
    assert_eq!(scanning.practice, Practice::ImageScanning);
    assert_eq!(scanning.score, None);
    assert!(scanning.not_assessed.is_some());
}

#[test]
fn not_assessed_carries_the_sources_reason_and_targets_are_offset() {
    let mut m = Merged::default();
    let mut a = SourceRun::new("lint");
    a.targets.push(target());
    a.checks.push(CheckRun::new(&UnusedSuppression::META, 0));
    m.add(a);
    let mut b = SourceRun::skipped(
        "vulnerabilities",
        &[Practice::ImageScanning],
        "no vulnerability database",
    );
    b.targets.push(target());
    b.findings.push(UnusedSuppression::META.finding("x", at(2)));
    b.checks.push(CheckRun::new(&UnusedSuppression::META, 0));
    m.add(b);
    assert_eq!(m.findings[0].target, 1);
    assert_eq!(m.checks[1].1.target, 1);
    assert_eq!(m.notices.len(), 1);
    let card = score(&m.findings, &m.checks, &m.manual, &m.not_assessed);
    let scanning = &card.practices[3];
    assert_eq!(
        scanning.not_assessed.as_deref(),
        Some("no vulnerability database")
    );
    let hygiene = card.practices.last().unwrap();
    // Target 0 passed, target 1 failed: the finding is on the second source's target only.
    assert_eq!((hygiene.checks.passed, hygiene.checks.failed), (1, 1));
    assert_eq!(hygiene.score, Some(50));
}

#[test]
fn uncovered_findings_count_as_failed_checks_and_subjects_match_packages() {
    let mut m = Merged::default();
    let mut a = SourceRun::new("vulnerabilities");
    a.targets.push(target());
    // Two packages checked; one has a finding.
    a.checks
        .push(CheckRun::on(&ExpiredSuppression::META, 0, "openssl"));
    a.checks
        .push(CheckRun::on(&ExpiredSuppression::META, 0, "zlib"));
    let mut f = ExpiredSuppression::META.finding(
        "openssl is affected",
        Location {
            package: Some("openssl".into()),
            ..Location::default()
        },
    );
    f.severity = Severity::Critical;
    a.findings.push(f);
    // A finding of a rule that no check accounts for.
    a.findings.push(ParseError::META.finding("broken", at(3)));
    m.add(a);
    let card = score(&m.findings, &m.checks, &m.manual, &m.not_assessed);
    let hygiene = card.practices.last().unwrap();
    assert_eq!(
        (
            hygiene.checks.run,
            hygiene.checks.passed,
            hygiene.checks.failed
        ),
        (3, 1, 2)
    );
    // passed: low 2; failed: critical 16 + high 8 -> 2/26 = 7.7 -> 8
    assert_eq!(hygiene.score, Some(8));
    // Critical first, then high.
    let fixes: Vec<_> = hygiene.top_fixes.iter().map(|t| t.rule.as_str()).collect();
    assert_eq!(fixes, vec!["PC003", "PC001"]);
    assert_eq!(hygiene.top_fixes[1].first, "Dockerfile:3");
}

#[test]
fn top_fixes_prefer_severity_then_occurrences() {
    let mut m = Merged::default();
    let mut a = SourceRun::new("lint");
    a.targets.push(target());
    for line in 1..=3 {
        a.findings
            .push(UnusedSuppression::META.finding("u", at(line)));
    }
    a.findings
        .push(ExpiredSuppression::META.finding("e", at(9)));
    let mut crit = ParseError::META.finding("p", at(7));
    crit.severity = Severity::Info;
    a.findings.push(crit);
    m.add(a);
    let card = score(&m.findings, &m.checks, &m.manual, &m.not_assessed);
    let hygiene = card.practices.last().unwrap();
    let fixes: Vec<_> = hygiene
        .top_fixes
        .iter()
        .map(|t| (t.rule.as_str(), t.occurrences))
        .collect();
    assert_eq!(fixes, vec![("PC002", 3), ("PC003", 1), ("PC001", 1)]);
    assert_eq!(
        hygiene.top_fixes[0].remediation.as_deref(),
        Some(UnusedSuppression::META.remediation)
    );
}

#[test]
fn manual_checks_count_apart() {
    let mut m = Merged::default();
    let mut a = SourceRun::new("bench");
    a.targets.push(target());
    a.checks.push(CheckRun::new(&UnusedSuppression::META, 0));
    // A check that needs a human: its info finding is neither a pass nor a failure.
    a.manual.push(CheckRun::new(&ParseError::META, 0));
    let mut f = ParseError::META.finding("look at the audit rules", at(1));
    f.severity = Severity::Info;
    a.findings.push(f);
    m.add(a);
    let card = score(&m.findings, &m.checks, &m.manual, &m.not_assessed);
    let hygiene = card.practices.last().unwrap();
    assert_eq!(
        (
            hygiene.checks.run,
            hygiene.checks.passed,
            hygiene.checks.failed,
            hygiene.checks.manual
        ),
        (1, 1, 0, 1)
    );
    assert_eq!(hygiene.score, Some(100));
    assert_eq!(hygiene.by_severity.get(&Severity::Info), Some(&1));
}
