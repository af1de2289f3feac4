//! GitLab code quality: a Code Climate JSON array.
//!
//! critical → `blocker`, high → `critical`, medium → `major`, low → `minor`, info → `info`;
//! category `Security`, except build-hygiene rules (`Style`). The fingerprint is a stable
//! 128-bit hash (hex) of the rule, the path and the offending line's text, so GitLab tracks a
//! finding across commits that move it.

use super::{Place, RenderContext, Reporter, fingerprint_keys, fnv1a128, forward_slashes};
use portcullis_core::{Practice, Severity};
use serde::Serialize;
use std::io;

pub struct GitlabReporter;

/// The Code Climate severity of a portcullis severity.
pub(crate) fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical => "blocker",
        Severity::High => "critical",
        Severity::Medium => "major",
        Severity::Low => "minor",
        Severity::Info => "info",
    }
}

#[derive(Serialize)]
struct Issue<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    engine_name: &'static str,
    check_name: &'a str,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    content: Option<Content<'a>>,
    categories: [&'static str; 1],
    severity: &'static str,
    fingerprint: String,
    location: Location,
}

#[derive(Serialize)]
struct Content<'a> {
    body: &'a str,
}

#[derive(Serialize)]
struct Location {
    path: String,
    lines: Lines,
}

#[derive(Serialize)]
struct Lines {
    begin: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<u32>,
}

impl Reporter for GitlabReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        let keys = fingerprint_keys(cx);
        let issues: Vec<Issue> = cx
            .report
            .findings
            .iter()
            .zip(keys)
            .map(|(f, (key, occurrence))| {
                let place = Place::of(f, cx.report);
                let (path, begin, end) = match &place {
                    Place::File {
                        path,
                        line,
                        end_line,
                        ..
                    } => {
                        let begin = line.unwrap_or(1);
                        let end = end_line.filter(|&e| e > begin);
                        (forward_slashes(path).into_owned(), begin, end)
                    }
                    Place::Object { path, .. } => (path.clone(), 1, None),
                };
                let description = match &place {
                    Place::File { .. } => format!("{} {}: {}", f.rule, f.name, f.message),
                    Place::Object { label, .. } => {
                        format!("{} {}: {label}: {}", f.rule, f.name, f.message)
                    }
                };
                Issue {
                    kind: "issue",
                    engine_name: "portcullis",
                    check_name: &f.rule,
                    description,
                    content: f.remediation.as_deref().map(|body| Content { body }),
                    categories: [if f.practice == Practice::BuildHygiene {
                        "Style"
                    } else {
                        "Security"
                    }],
                    severity: severity(f.severity),
                    fingerprint: format!(
                        "{:032x}",
                        fnv1a128(format!("{key}\0{occurrence}").as_bytes())
                    ),
                    location: Location {
                        path,
                        lines: Lines { begin, end },
                    },
                }
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &issues)?;
        out.write_all(b"\n")
    }
}
