//! The JSON format: exactly the versioned [`portcullis_core::Report`] (the contract in
//! DESIGN.md), pretty-printed, with a trailing newline.
//!
//! Reports with a scorecard (`audit`) also carry a `fingerprint` on every finding (see
//! [`super::fingerprints`]), which `audit --baseline` matches on.

use super::{RenderContext, Reporter};
use portcullis_core::{Finding, Report};
use serde::Serialize;
use std::io;

pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        // Serialize into a buffer (static dispatch for the many small writes), write once.
        let mut buf = Vec::with_capacity(64 * 1024);
        if cx.report.scorecard.is_some() {
            let fps = super::fingerprints(cx);
            serde_json::to_writer_pretty(&mut buf, &with_fingerprints(cx.report, &fps))?;
        } else {
            serde_json::to_writer_pretty(&mut buf, cx.report)?;
        }
        buf.push(b'\n');
        out.write_all(&buf)
    }
}

#[derive(Serialize)]
struct Fingerprinted<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    fingerprint: &'a str,
}

#[derive(Serialize)]
struct WithFingerprints<'a> {
    schema_version: u32,
    tool: &'a portcullis_core::report::Tool,
    targets: &'a [portcullis_core::Target],
    findings: Vec<Fingerprinted<'a>>,
    summary: &'a portcullis_core::Summary,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notices: &'a [portcullis_core::Notice],
    #[serde(skip_serializing_if = "Option::is_none")]
    scorecard: &'a Option<portcullis_core::Scorecard>,
}

fn with_fingerprints<'a>(report: &'a Report, fps: &'a [String]) -> WithFingerprints<'a> {
    WithFingerprints {
        schema_version: report.schema_version,
        tool: &report.tool,
        targets: &report.targets,
        findings: report
            .findings
            .iter()
            .zip(fps)
            .map(|(finding, fp)| Fingerprinted {
                finding,
                fingerprint: fp,
            })
            .collect(),
        summary: &report.summary,
        notices: &report.notices,
        scorecard: &report.scorecard,
    }
}
