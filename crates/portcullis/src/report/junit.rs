//! JUnit XML: one `<testsuite>` per target, one failed `<testcase>` per finding (the failure's
//! `type` is the severity) and one passing test case for a target without findings. No `time`
//! or `timestamp` attributes, so the output is deterministic.

use super::{Place, RenderContext, Reporter, target_label, xml_escape};
use portcullis_core::Finding;
use std::collections::BTreeMap;
use std::io;

pub struct JunitReporter;

impl Reporter for JunitReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        let report = cx.report;
        // Suites: one per target, in target order, then any target index the report lacks.
        let mut suites: Vec<(String, Vec<&Finding>)> = report
            .targets
            .iter()
            .map(|t| (target_label(t), Vec::new()))
            .collect();
        let mut unknown: BTreeMap<usize, Vec<&Finding>> = BTreeMap::new();
        for f in &report.findings {
            match suites.get_mut(f.target) {
                Some((_, members)) => members.push(f),
                None => unknown.entry(f.target).or_default().push(f),
            }
        }
        suites.extend(
            unknown
                .into_iter()
                .map(|(i, members)| (format!("target {i}"), members)),
        );

        let failures = report.findings.len();
        let tests: usize = suites.iter().map(|(_, m)| m.len().max(1)).sum();
        writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
        writeln!(
            out,
            r#"<testsuites name="portcullis" tests="{tests}" failures="{failures}" errors="0">"#
        )?;
        for (name, members) in &suites {
            let name = xml_escape(name, true);
            writeln!(
                out,
                r#"  <testsuite name="{name}" tests="{}" failures="{}" errors="0" skipped="0">"#,
                members.len().max(1),
                members.len()
            )?;
            if members.is_empty() {
                writeln!(
                    out,
                    r#"    <testcase name="no findings" classname="{name}"/>"#
                )?;
            }
            for f in members {
                let place = Place::of(f, report);
                let at = place.display();
                let file_attr = match &place {
                    Place::File { path, line, .. } => {
                        let line = line.map(|l| format!(r#" line="{l}""#)).unwrap_or_default();
                        format!(r#" file="{}"{line}"#, xml_escape(path, true))
                    }
                    Place::Object { .. } => String::new(),
                };
                writeln!(
                    out,
                    r#"    <testcase name="{}" classname="{name}"{file_attr}>"#,
                    xml_escape(&format!("{} {} at {at}", f.rule, f.name), true)
                )?;
                let mut body = format!("{at}: {} {} ({})", f.rule, f.name, f.severity);
                if !f.aliases.is_empty() {
                    body.push_str(&format!(" [{}]", f.aliases.join(", ")));
                }
                body.push('\n');
                body.push_str(&f.message);
                if let Some(help) = &f.remediation {
                    body.push_str("\nhelp: ");
                    body.push_str(help);
                }
                writeln!(
                    out,
                    r#"      <failure type="{}" message="{}">{}</failure>"#,
                    f.severity,
                    xml_escape(&f.message, true),
                    xml_escape(&body, false)
                )?;
                writeln!(out, "    </testcase>")?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")?;
        Ok(())
    }
}
