//! Every rule has a fixture `tests/fixtures/dockerfile/<CODE>.Dockerfile`. A comment
//! `# expect: CODE[,CODE...]` marks the next line as one where CODE must fire; every line
//! without a marker must not fire those codes. Safe fixes are applied to every fixture: the
//! fixed file parses and loses exactly the fixed findings.

use portcullis_core::config::Config;
use portcullis_core::{FixSafety, Severity};
use portcullis_lint::dockerfile::{fix, lint::lint, parse};
use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

fn fixture_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dockerfile")
}

/// Config used for fixtures: everything on, label schema and registries set so that the
/// config-driven rules have something to check.
pub fn fixture_config() -> Config {
    let mut c = Config::from_toml(
        "fixture.toml",
        "trusted-registries = [\"docker.io\", \"*.gcr.io\", \"registry.example.com\"]\n\
         allowed-base-images = [\"debian:*-slim\", \"gcr.io/distroless/*\", \"alpine:3.2*\"]\n\
         [labels]\nstrict = true\n[labels.schema]\nmaintainer = \"email\"\n\"org.opencontainers.image.source\" = \"url\"\n\
         \"org.opencontainers.image.created\" = \"rfc3339\"\n\"org.opencontainers.image.licenses\" = \"spdx\"\n\
         \"org.opencontainers.image.revision\" = \"hash\"\n\"org.opencontainers.image.version\" = \"semver\"\n\
         \"org.opencontainers.image.title\" = \"text\"\n",
    )
    .unwrap();
    for r in portcullis_lint::all_rules() {
        if !r.default_enabled {
            c.enable.push(portcullis_core::config::AtLine {
                value: r.code.to_string(),
                line: 0,
            });
        }
    }
    c.fail_on = Some(Severity::Info);
    c
}

/// (line, code) pairs the markers of `text` expect.
fn expectations(text: &str) -> BTreeSet<(u32, String)> {
    let mut out = BTreeSet::new();
    let lines: Vec<&str> = text.lines().collect();
    for (i, l) in lines.iter().enumerate() {
        let Some(rest) = l.trim().strip_prefix("# expect:") else {
            continue;
        };
        // The marked line: the next line that is not itself a comment.
        let target = (i + 1..lines.len()).find(|&j| !lines[j].trim_start().starts_with('#'));
        let Some(t) = target else { continue };
        for code in rest.split(',') {
            out.insert((t as u32 + 1, code.trim().to_string()));
        }
    }
    out
}

#[test]
fn every_rule_has_a_fixture_and_it_fires_exactly_where_marked() {
    let config = fixture_config();
    let mut failures = Vec::new();
    let mut checked = 0;
    for rule in portcullis_lint::all_rules() {
        let path = fixture_dir().join(format!("{}.Dockerfile", rule.code));
        let Ok(text) = std::fs::read_to_string(&path) else {
            failures.push(format!("{}: no fixture at {}", rule.code, path.display()));
            continue;
        };
        let expected = expectations(&text);
        if !expected.iter().any(|(_, c)| c == rule.code) {
            failures.push(format!(
                "{}: fixture has no `# expect: {}` marker",
                rule.code, rule.code
            ));
        }
        let codes: BTreeSet<&str> = expected
            .iter()
            .map(|(_, c)| c.as_str())
            .chain([rule.code])
            .collect();
        let res = lint(
            &format!("{}.Dockerfile", rule.code),
            &text,
            &config,
            Some(".env\n*.pem\n"),
        );
        let got: BTreeSet<(u32, String)> = res
            .findings
            .iter()
            .filter(|f| codes.contains(&*f.rule))
            .map(|f| (f.location.line.unwrap_or(0), f.rule.to_string()))
            .collect();
        for miss in expected.difference(&got) {
            failures.push(format!(
                "{}: expected {} at line {}, not reported",
                rule.code, miss.1, miss.0
            ));
        }
        for extra in got.difference(&expected) {
            let msg = res
                .findings
                .iter()
                .find(|f| f.rule == extra.1 && f.location.line == Some(extra.0))
                .map(|f| f.message.clone())
                .unwrap_or_default();
            failures.push(format!(
                "{}: unexpected {} at line {}: {msg}",
                rule.code, extra.1, extra.0
            ));
        }
        checked += 1;
    }
    assert!(
        failures.is_empty(),
        "{} problems in {checked} fixtures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn safe_fixes_remove_exactly_the_fixed_findings() {
    let config = fixture_config();
    let mut failures = Vec::new();
    let mut fixed_any = 0;
    for entry in std::fs::read_dir(fixture_dir()).unwrap() {
        let path = entry.unwrap().path();
        let text = std::fs::read_to_string(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let before = lint(&name, &text, &config, None);
        let fixable: Vec<_> = before
            .findings
            .iter()
            .filter(|f| f.fix.as_ref().is_some_and(|x| x.safety == FixSafety::Safe))
            .collect();
        if fixable.is_empty() {
            continue;
        }
        let (new, n) = fix::apply(&text, &before.findings, false);
        let after = lint(&name, &new, &config, None);
        let errors_before = parse(&text).errors.len();
        if parse(&new).errors.len() > errors_before {
            failures.push(format!("{name}: fixed text does not parse:\n{new}"));
            continue;
        }
        let count = |fs: &[portcullis_core::Finding]| {
            let mut m: BTreeMap<String, usize> = BTreeMap::new();
            for f in fs {
                *m.entry(f.rule.to_string()).or_default() += 1;
            }
            m
        };
        let mut want = count(&before.findings);
        let applied: Vec<_> = before
            .findings
            .iter()
            .filter(|f| f.fix.as_ref().is_some_and(|x| x.safety == FixSafety::Safe))
            .collect();
        if n == applied.len() {
            for f in &applied {
                if let Some(c) = want.get_mut(&*f.rule) {
                    *c -= 1;
                }
            }
            want.retain(|_, c| *c > 0);
            let got = count(&after.findings);
            if got != want {
                failures.push(format!("{name}: after fixing, findings {got:?}, expected {want:?}\n--- fixed text:\n{new}"));
            }
        } else if n == 0 {
            failures.push(format!(
                "{name}: {} fixable findings but no fix applied",
                applied.len()
            ));
        }
        fixed_any += 1;
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    assert!(fixed_any > 0, "no fixture exercised a fix");
}
