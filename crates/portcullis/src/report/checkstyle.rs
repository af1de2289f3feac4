//! Checkstyle XML (version 4.3): one `<file>` per file (Docker objects are grouped under their
//! target's name), one `<error>` per finding with `source="portcullis.CODE"`.
//! critical/high → `error`, medium → `warning`, low/info → `info`.

use super::{Place, RenderContext, Reporter, target_label, xml_escape};
use portcullis_core::{Finding, Severity};
use std::io;

pub struct CheckstyleReporter;

/// The Checkstyle severity of a portcullis severity.
pub(crate) fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "info",
    }
}

impl Reporter for CheckstyleReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        let report = cx.report;
        let mut files: Vec<(String, Vec<(&Finding, Place)>)> = Vec::new();
        for f in &report.findings {
            let place = Place::of(f, report);
            let name = match &place {
                Place::File { path, .. } => (*path).to_string(),
                Place::Object { .. } => report
                    .targets
                    .get(f.target)
                    .map(target_label)
                    .unwrap_or_else(|| place.path().to_string()),
            };
            match files.iter_mut().find(|(n, _)| *n == name) {
                Some((_, members)) => members.push((f, place)),
                None => files.push((name, vec![(f, place)])),
            }
        }

        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(out, r#"<checkstyle version="4.3">"#)?;
        for (name, members) in &files {
            writeln!(out, r#"  <file name="{}">"#, xml_escape(name, true))?;
            for (f, place) in members {
                let mut position = String::new();
                let mut message = f.message.clone();
                match place {
                    Place::File { line, column, .. } => {
                        if let Some(l) = line {
                            position.push_str(&format!(r#" line="{l}""#));
                            if let Some(c) = column {
                                position.push_str(&format!(r#" column="{c}""#));
                            }
                        }
                    }
                    Place::Object { label, .. } => message = format!("{label}: {message}"),
                }
                writeln!(
                    out,
                    r#"    <error{position} severity="{}" message="{}" source="portcullis.{}"/>"#,
                    severity(f.severity),
                    xml_escape(&message, true),
                    xml_escape(&f.rule, true)
                )?;
            }
            writeln!(out, "  </file>")?;
        }
        writeln!(out, "</checkstyle>")
    }
}
