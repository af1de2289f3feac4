//! Linting one Dockerfile: parse once, run the enabled rules, collect pragmas.

use super::context::Ctx;
use super::rules::rules;
use super::{Dockerfile, parse, pragma};
use portcullis_core::config::Config;
use portcullis_core::suppress::Pragma;
use portcullis_core::tool_rules::{InternalError, ParseError};
use portcullis_core::{Finding, Location};

/// What linting one file produced, before suppressions are applied.
pub struct FileLint {
    pub findings: Vec<Finding>,
    pub pragmas: Vec<Pragma>,
    pub dockerfile: Dockerfile,
}

/// Lints `text` as the Dockerfile at `path`. `dockerignore` is the text of the
/// `.dockerignore` in the build context, if there is one.
pub fn lint(path: &str, text: &str, config: &Config, dockerignore: Option<&str>) -> FileLint {
    let df = parse(text);
    let mut findings = Vec::new();
    for e in &df.errors {
        let (s, _) = df.lines.line_span(&df.source, e.line);
        let (_, end) = df.lines.line_span(&df.source, e.line);
        let (el, ec) = df.position(end);
        let _ = s;
        findings.push(ParseError::META.finding(
            format!("{}: {}", path, e.message),
            Location::span(path, e.line, e.column, el, ec),
        ));
    }
    {
        let cx = Ctx::new(path, &df, config, dockerignore);
        for rule in rules() {
            let m = rule.meta();
            if !m.default_enabled && !config.enables(m.code, m.aliases) {
                continue;
            }
            // A failing rule costs its own findings for this file, never the run.
            let before = findings.len();
            let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                rule.check(&cx, &mut findings)
            }));
            match ok {
                Ok(()) => {}
                Err(_) => {
                    findings.truncate(before);
                    findings.push(InternalError::META.finding(
                        format!(
                            "{path}: rule {} ({}) failed on this file; its findings are missing",
                            m.code, m.name
                        ),
                        Location {
                            path: Some(path.to_string()),
                            line: Some(1),
                            ..Location::default()
                        },
                    ))
                }
            }
        }
    }
    let pragmas = pragma::pragmas(path, &df);
    FileLint {
        findings,
        pragmas,
        dockerfile: df,
    }
}
