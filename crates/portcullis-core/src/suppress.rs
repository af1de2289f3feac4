//! Turning raw findings into reported ones: severity overrides, configured ignores (with reason
//! and expiry), inline pragmas; then the suppressions that suppressed nothing become findings.

use crate::config::Config;
use crate::tool_rules::{ExpiredSuppression, UnusedSuppression};
use crate::{Finding, Location};
use globset::{Glob, GlobSetBuilder};
use time::Date;

/// Where an inline suppression applies inside one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// The whole file (`global ignore=`).
    File,
    /// Lines `start..=end` (1-based): one instruction, or one stage.
    Lines { start: u32, end: u32 },
}

/// An inline suppression written in a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pragma {
    /// Codes or aliases as written (`DF012`, `DL3008`).
    pub codes: Vec<String>,
    pub scope: Scope,
    /// Where the pragma itself is written.
    pub origin: Location,
    pub reason: Option<String>,
}

fn matches_code(f: &Finding, code: &str) -> bool {
    f.rule.eq_ignore_ascii_case(code) || f.aliases.iter().any(|a| a.eq_ignore_ascii_case(code))
}

fn in_scope(f: &Finding, p: &Pragma) -> bool {
    if f.location.path != p.origin.path {
        return false;
    }
    match p.scope {
        Scope::File => true,
        Scope::Lines { start, end } => f.location.line.is_some_and(|l| l >= start && l <= end),
    }
}

/// Applies configuration and pragmas to the raw findings of one run.
///
/// `pragmas` are all inline suppressions of the linted files. `today` decides expiry.
/// Returns the findings to report, including one for every pragma code that suppressed nothing
/// and every expired path ignore that would otherwise have applied.
pub fn apply(
    mut findings: Vec<Finding>,
    pragmas: &[Pragma],
    config: &Config,
    today: Date,
) -> Vec<Finding> {
    // 1. Severity overrides.
    for f in &mut findings {
        if let Some(s) = config.severity_of(&f.rule, &f.aliases) {
            f.severity = s;
        }
    }
    // 2. Codes ignored everywhere. Tool findings about the tool itself (PC) stay unless named.
    findings.retain(|f| !config.ignore.iter().any(|c| matches_code(f, &c.value)));

    // 3. Per-path ignores, with expiry.
    let mut expired_hits = vec![false; config.path_ignores.len()];
    let sets: Vec<_> = config
        .path_ignores
        .iter()
        .map(|pi| {
            let mut b = GlobSetBuilder::new();
            for g in &pi.paths {
                if let Ok(g) = Glob::new(g) {
                    b.add(g);
                }
            }
            b.build().ok()
        })
        .collect();
    findings.retain(|f| {
        let Some(path) = f.location.path.as_deref() else {
            return true;
        };
        let path = path.strip_prefix("./").unwrap_or(path);
        for (i, pi) in config.path_ignores.iter().enumerate() {
            let Some(set) = &sets[i] else { continue };
            if !set.is_match(path) {
                continue;
            }
            if !pi.rules.is_empty() && !pi.rules.iter().any(|c| matches_code(f, &c.value)) {
                continue;
            }
            if pi.expires.is_some_and(|d| d < today) {
                expired_hits[i] = true;
                continue;
            }
            return false;
        }
        true
    });

    // 4. Inline pragmas; remember which (pragma, code) pairs were used.
    let mut used: Vec<Vec<bool>> = pragmas.iter().map(|p| vec![false; p.codes.len()]).collect();
    if !config.disable_pragmas {
        findings.retain(|f| {
            let mut keep = true;
            for (pi, p) in pragmas.iter().enumerate() {
                if !in_scope(f, p) {
                    continue;
                }
                for (ci, c) in p.codes.iter().enumerate() {
                    if matches_code(f, c) {
                        used[pi][ci] = true;
                        keep = false;
                    }
                }
            }
            keep
        });
    }

    // 5. Suppressions that suppressed nothing are findings themselves.
    let mut extra = Vec::new();
    if !config.disable_pragmas {
        for (pi, p) in pragmas.iter().enumerate() {
            for (ci, c) in p.codes.iter().enumerate() {
                if !used[pi][ci] {
                    extra.push(UnusedSuppression::META.finding(
                        format!("suppression of `{c}` matches no finding; remove it"),
                        p.origin.clone(),
                    ));
                }
            }
        }
    }
    for (i, hit) in expired_hits.into_iter().enumerate() {
        if hit {
            let pi = &config.path_ignores[i];
            let when = pi.expires.map(|d| d.to_string()).unwrap_or_default();
            extra.push(ExpiredSuppression::META.finding(
                format!(
                    "ignore for {} expired on {when} (reason was: {}); its findings are reported again",
                    pi.paths.join(", "),
                    pi.reason
                ),
                Location {
                    path: config.source.clone(),
                    line: Some(pi.line as u32),
                    ..Location::default()
                },
            ));
        }
    }
    // A suppression finding can itself be configured away or re-rated.
    for mut f in extra {
        if config.ignore.iter().any(|c| matches_code(&f, &c.value)) {
            continue;
        }
        if let Some(s) = config.severity_of(&f.rule, &f.aliases) {
            f.severity = s;
        }
        findings.push(f);
    }
    findings
}
