//! The rule catalogue: unique codes and names, documentation for every rule, aliases that
//! resolve to one rule each (or knowingly to several, for Trivy ids that cover two rules).

use std::collections::{BTreeMap, BTreeSet};

#[test]
fn codes_and_names_are_unique_and_well_formed() {
    let rules = portcullis_lint::all_rules();
    let mut codes = BTreeSet::new();
    let mut names = BTreeSet::new();
    for r in &rules {
        assert!(codes.insert(r.code), "duplicate code {}", r.code);
        assert!(names.insert(r.name), "duplicate name {}", r.name);
        assert!(
            r.code.len() == 5
                && r.code.starts_with("DF")
                && r.code[2..].chars().all(|c| c.is_ascii_digit()),
            "bad code {}",
            r.code
        );
        assert!(
            r.name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
            "name {} is not kebab-case",
            r.name
        );
        assert!(!r.summary.is_empty(), "{} has no summary", r.code);
        assert!(!r.remediation.is_empty(), "{} has no remediation", r.code);
    }
}

#[test]
fn every_rule_is_documented() {
    for r in portcullis_lint::all_rules() {
        for section in [
            "## What it does",
            "## Why is this bad?",
            "## Example",
            "## Fix safety",
        ] {
            assert!(r.docs.contains(section), "{} docs lack `{section}`", r.code);
        }
    }
}

#[test]
fn aliases_resolve() {
    let mut by_alias: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for r in portcullis_lint::all_rules() {
        for a in r.aliases {
            assert!(
                !a.is_empty() && !a.contains(' '),
                "{}: bad alias `{a}`",
                r.code
            );
            by_alias.entry(a).or_default().push(r.code);
        }
    }
    // A hadolint code means exactly one portcullis rule, so pragmas and configs carry over.
    for (a, codes) in &by_alias {
        if a.starts_with("DL") {
            assert_eq!(codes.len(), 1, "{a} is an alias of {codes:?}");
        }
    }
    // Every hadolint rule that exists in 2.15.1 is covered.
    let hadolint: Vec<String> = (3000..=3067)
        .filter(|n| ![3005, 3017, 3031, 3039].contains(n))
        .map(|n| format!("DL{n}"))
        .chain(
            [
                "DL4000", "DL4001", "DL4003", "DL4004", "DL4005", "DL4006", "DL1001",
            ]
            .map(String::from),
        )
        .collect();
    let missing: Vec<_> = hadolint
        .iter()
        .filter(|c| !by_alias.contains_key(c.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "hadolint rules without a portcullis rule: {missing:?}"
    );
}
