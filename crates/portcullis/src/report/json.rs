//! The JSON format: exactly the versioned [`portcullis_core::Report`] (the contract in
//! DESIGN.md), pretty-printed, with a trailing newline.
//!
//! The bytes are those of `serde_json::to_writer_pretty(report)`. Findings are most of a large
//! report, so they are rendered in parallel chunks and spliced into the rest of the report.
//!
//! Reports with a scorecard (`audit`) also carry a `fingerprint` on every finding (see
//! [`super::fingerprints`]), which `audit --baseline` matches on; they are rendered in one piece.

use super::{RenderContext, Reporter};
use portcullis_core::{Finding, Report};
use rayon::prelude::*;
use serde::Serialize;
use std::io;

pub struct JsonReporter;

/// Findings per parallel rendering task.
const CHUNK: usize = 128;
/// Chunks rendered before they are written.
const WINDOW: usize = 8;

/// Where the findings array sits in the report rendered with no findings (`"findings": []`,
/// at object depth 1). Keys are JSON-escaped, so this text cannot occur inside a value.
const EMPTY_FINDINGS: &[u8] = b"\n  \"findings\": []";

/// The report without its findings; serializes field for field like [`Report`].
#[derive(Serialize)]
struct Shell<'a, T, U, S> {
    schema_version: u32,
    tool: &'a T,
    targets: &'a U,
    findings: [(); 0],
    summary: &'a S,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notices: &'a [portcullis_core::Notice],
}

impl Reporter for JsonReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        if cx.report.scorecard.is_some() {
            let fps = super::fingerprints(cx);
            let mut buf = Vec::with_capacity(64 * 1024);
            serde_json::to_writer_pretty(&mut buf, &with_fingerprints(cx.report, &fps))?;
            buf.push(b'\n');
            return out.write_all(&buf);
        }
        // Naming every field: a field added to `Report` must be added to `Shell` too.
        let Report {
            schema_version,
            tool,
            targets,
            findings,
            summary,
            notices,
            scorecard: _,
        } = cx.report;
        let shell = Shell {
            schema_version: *schema_version,
            tool,
            targets,
            findings: [],
            summary,
            notices,
        };
        let mut head = Vec::with_capacity(64 * 1024);
        serde_json::to_writer_pretty(&mut head, &shell)?;
        head.push(b'\n');
        if findings.is_empty() {
            return out.write_all(&head);
        }
        let at = head
            .windows(EMPTY_FINDINGS.len())
            .position(|w| w == EMPTY_FINDINGS)
            .map(|p| p + EMPTY_FINDINGS.len() - 1)
            .ok_or_else(|| io::Error::other("findings missing from the JSON report"))?;
        out.write_all(&head[..at])?;
        out.write_all(b"\n")?;
        // A window of chunks at a time: rendered in parallel, written, freed; the next window
        // reuses that memory instead of the whole report being held at once.
        let mut first = true;
        for window in findings.chunks(CHUNK * WINDOW) {
            let chunks: Vec<io::Result<Vec<u8>>> =
                window.par_chunks(CHUNK).map(render_chunk).collect();
            for c in chunks {
                if !first {
                    out.write_all(b",\n")?;
                }
                first = false;
                out.write_all(&c?)?;
            }
        }
        out.write_all(b"\n  ")?;
        out.write_all(&head[at..])
    }
}

#[derive(Serialize)]
struct Fingerprinted<'a> {
    #[serde(flatten)]
    finding: &'a Finding,
    fingerprint: &'a str,
}

/// A report with a scorecard, each finding with its fingerprint.
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

/// Findings as array elements at depth 2 (four spaces), separated by `,\n`, no trailing one.
fn render_chunk(findings: &[Finding]) -> io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(findings.len() * 1024);
    for (i, f) in findings.iter().enumerate() {
        out.extend_from_slice(if i > 0 { b",\n    " } else { b"    " });
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Nested::at(2));
        f.serialize(&mut ser)?;
    }
    Ok(out)
}

/// serde_json's pretty layout (two-space indent, `": "`) for a value that starts at a given
/// depth, so array elements are written in place instead of re-indented afterwards.
struct Nested {
    depth: usize,
    has_value: bool,
}

impl Nested {
    fn at(depth: usize) -> Nested {
        Nested {
            depth,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + io::Write>(&self, w: &mut W) -> io::Result<()> {
        const SPACES: &[u8] = &[b' '; 64];
        let mut n = self.depth * 2;
        while n > 0 {
            let k = n.min(SPACES.len());
            w.write_all(&SPACES[..k])?;
            n -= k;
        }
        Ok(())
    }

    fn open<W: ?Sized + io::Write>(&mut self, w: &mut W, c: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(c)
    }

    fn close<W: ?Sized + io::Write>(&mut self, w: &mut W, c: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(c)
    }

    fn item<W: ?Sized + io::Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
}

impl serde_json::ser::Formatter for Nested {
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.item(w, first)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portcullis_core::{Location, Target, TargetKind};

    fn report(n: usize) -> Report {
        let meta = &portcullis_core::tool_rules::ParseError::META;
        let findings = (0..n)
            .map(|i| {
                let mut f = meta.finding(
                    format!("message {i} with \"quotes\"\nand a newline"),
                    Location::span("a/Dockerfile", i as u32 + 1, 1, i as u32 + 1, 4),
                );
                if i % 3 == 0 {
                    f.detail = Some(serde_json::json!({"k": [1, {"x": "y"}], "e": []}));
                }
                f
            })
            .collect();
        Report::new(
            "9.9.9",
            vec![Target {
                kind: TargetKind::Dockerfile,
                path: Some("a/Dockerfile".into()),
                name: None,
            }],
            findings,
        )
    }

    #[test]
    fn same_bytes_as_serde_pretty() {
        for n in [
            0,
            1,
            2,
            CHUNK - 1,
            CHUNK,
            CHUNK + 1,
            3 * CHUNK + 7,
            CHUNK * WINDOW,
            CHUNK * WINDOW + 1,
            2 * CHUNK * WINDOW + 5,
        ] {
            let r = report(n);
            let mut want = serde_json::to_vec_pretty(&r).unwrap();
            want.push(b'\n');
            let rules = Vec::new();
            let sources = Default::default();
            let cx = RenderContext::new(&r, &rules, &sources);
            let mut got = Vec::new();
            JsonReporter.render(&cx, &mut got).unwrap();
            assert_eq!(
                String::from_utf8(got).unwrap(),
                String::from_utf8(want).unwrap(),
                "{n} findings"
            );
        }
    }
}
