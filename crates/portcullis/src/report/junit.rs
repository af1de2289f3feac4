//! JUnit XML: one `<testsuite>` per target, one failed `<testcase>` per finding (the failure's
//! `type` is the severity) and one passing test case for a target without findings. No `time`
//! or `timestamp` attributes, so the output is deterministic.

use super::{Place, RenderContext, Reporter, target_label, xml_escape};
use portcullis_core::Finding;
use std::collections::BTreeMap;
use std::io;
use std::io::Write as _;

pub struct JunitReporter;

impl Reporter for JunitReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        let report = cx.report;
        if let Some(card) = &report.scorecard {
            return render_by_practice(cx, card, out);
        }
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
                failed_case(cx, f, &name, out)?;
            }
            writeln!(out, "  </testsuite>")?;
        }
        writeln!(out, "</testsuites>")?;
        Ok(())
    }
}

/// One failed test case for a finding; `classname` is already escaped.
fn failed_case(
    cx: &RenderContext,
    f: &Finding,
    classname: &str,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let place = Place::of(f, cx.report);
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
        r#"    <testcase name="{}" classname="{classname}"{file_attr}>"#,
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
    writeln!(out, "    </testcase>")
}

/// `audit`: one test suite per practice. Each listed finding is a failed test case; the checks
/// that passed are one passing test case; a practice not assessed is one skipped test case
/// with the reason.
fn render_by_practice(
    cx: &RenderContext,
    card: &portcullis_core::Scorecard,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let report = cx.report;
    let mut total_tests = 0;
    let mut total_failures = 0;
    let mut total_skipped = 0;
    let mut body: Vec<u8> = Vec::new();
    for p in &card.practices {
        let mine: Vec<&Finding> = report
            .findings
            .iter()
            .filter(|f| f.practice == p.practice)
            .collect();
        let passed_case =
            usize::from(p.checks.passed > 0 || (mine.is_empty() && p.score.is_some()));
        let skipped = usize::from(p.score.is_none());
        let tests = mine.len() + passed_case + skipped;
        total_tests += tests;
        total_failures += mine.len();
        total_skipped += skipped;
        let name = xml_escape(p.practice.slug(), true);
        let score = p
            .score
            .map(|s| s.to_string())
            .unwrap_or_else(|| "not assessed".into());
        writeln!(
            body,
            r#"  <testsuite name="{name}" tests="{tests}" failures="{}" errors="0" skipped="{skipped}">"#,
            mine.len()
        )?;
        writeln!(body, "    <properties>")?;
        for (k, v) in [
            ("title", p.title.clone()),
            ("score", score),
            ("checks.run", p.checks.run.to_string()),
            ("checks.passed", p.checks.passed.to_string()),
            ("checks.failed", p.checks.failed.to_string()),
            ("security", p.security.to_string()),
        ] {
            writeln!(
                body,
                r#"      <property name="{k}" value="{}"/>"#,
                xml_escape(&v, true)
            )?;
        }
        writeln!(body, "    </properties>")?;
        if skipped == 1 {
            writeln!(
                body,
                r#"    <testcase name="not assessed" classname="{name}"><skipped message="{}"/></testcase>"#,
                xml_escape(p.not_assessed.as_deref().unwrap_or("nothing ran"), true)
            )?;
        }
        if passed_case == 1 {
            writeln!(
                body,
                r#"    <testcase name="{} checks passed" classname="{name}"/>"#,
                p.checks.passed
            )?;
        }
        for f in mine {
            failed_case(cx, f, &name, &mut body)?;
        }
        writeln!(body, "  </testsuite>")?;
    }
    writeln!(out, r#"<?xml version="1.0" encoding="UTF-8"?>"#)?;
    writeln!(
        out,
        r#"<testsuites name="portcullis audit" tests="{total_tests}" failures="{total_failures}" errors="0" skipped="{total_skipped}">"#
    )?;
    out.write_all(&body)?;
    writeln!(out, "</testsuites>")
}
