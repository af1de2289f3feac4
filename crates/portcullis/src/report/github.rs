//! GitHub Actions workflow commands, which the runner turns into annotations:
//!
//! ```text
//! ::warning file=app/Dockerfile,line=3,col=6,endLine=3,endColumn=17,title=DF012 latest-tag::base image `node:latest` is not pinned
//! ```
//!
//! critical/high → `error`, medium → `warning`, low/info → `notice`. Findings on Docker objects
//! have no file, so their message starts with the object.

use super::{Place, RenderContext, Reporter, forward_slashes};
use portcullis_core::Severity;
use std::io;

pub struct GithubReporter;

/// The workflow command of a severity.
pub(crate) fn command(s: Severity) -> &'static str {
    match s {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "notice",
    }
}

impl Reporter for GithubReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        for f in &cx.report.findings {
            let place = Place::of(f, cx.report);
            let mut props: Vec<(&str, String)> = Vec::new();
            let mut message = String::new();
            match &place {
                Place::File {
                    path,
                    line,
                    column,
                    end_line,
                    end_column,
                } => {
                    props.push(("file", forward_slashes(path).into_owned()));
                    if let Some(line) = line {
                        props.push(("line", line.to_string()));
                        if let Some(c) = column {
                            props.push(("col", c.to_string()));
                        }
                        if let Some(e) = end_line {
                            props.push(("endLine", e.to_string()));
                        }
                        if let (Some(_), Some(e)) = (column, end_column) {
                            props.push(("endColumn", e.to_string()));
                        }
                    }
                }
                Place::Object { label, .. } => {
                    message.push_str(label);
                    message.push_str(": ");
                }
            }
            props.push(("title", format!("{} {}", f.rule, f.name)));
            message.push_str(&f.message);
            if let Some(help) = &f.remediation {
                message.push_str("\nhelp: ");
                message.push_str(help);
            }
            let props = props
                .iter()
                .map(|(k, v)| format!("{k}={}", escape_property(v)))
                .collect::<Vec<_>>()
                .join(",");
            writeln!(
                out,
                "::{} {props}::{}",
                command(f.severity),
                escape_data(&message)
            )?;
        }
        Ok(())
    }
}

/// Escapes a workflow command's message (`%`, CR, LF), as the runner's `toCommandValue` expects.
pub(crate) fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a workflow command's property value: as [`escape_data`], plus `:` and `,`.
pub(crate) fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}
