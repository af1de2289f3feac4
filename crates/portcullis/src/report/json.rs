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
        write_finding(&mut out, f)?;
    }
    Ok(out)
}

/// One finding as an array element at depth 2: the bytes serde_json's pretty printer writes
/// (a test compares them), several times faster. Most of a finding is plain text copied from
/// the rule's metadata, which needs no escaping; `fix` and `detail` go through serde.
fn write_finding(out: &mut Vec<u8>, f: &Finding) -> io::Result<()> {
    // Naming every field: a field added to `Finding` must be written here too.
    let Finding {
        rule,
        name,
        practice,
        severity,
        message,
        target,
        location,
        aliases,
        references,
        remediation,
        fix,
        detail,
    } = f;
    const FIELD: &[u8] = b",\n      \"";
    out.extend_from_slice(b"{\n      \"rule\": ");
    json_str(out, rule);
    out.extend_from_slice(b",\n      \"name\": ");
    json_str(out, name);
    out.extend_from_slice(b",\n      \"practice\": ");
    json_str(out, practice.slug());
    out.extend_from_slice(b",\n      \"severity\": ");
    json_str(out, severity.as_str());
    out.extend_from_slice(b",\n      \"message\": ");
    json_str(out, message);
    out.extend_from_slice(b",\n      \"target\": ");
    out.extend_from_slice(itoa::Buffer::new().format(*target).as_bytes());
    out.extend_from_slice(b",\n      \"location\": ");
    write_location(out, location);
    for (key, list) in [("aliases", aliases), ("references", references)] {
        out.extend_from_slice(FIELD);
        out.extend_from_slice(key.as_bytes());
        out.extend_from_slice(b"\": ");
        if list.is_empty() {
            out.extend_from_slice(b"[]");
            continue;
        }
        out.push(b'[');
        for (i, s) in list.iter().enumerate() {
            out.extend_from_slice(if i > 0 { b",\n        " } else { b"\n        " });
            json_str(out, s);
        }
        out.extend_from_slice(b"\n      ]");
    }
    out.extend_from_slice(b",\n      \"remediation\": ");
    match remediation {
        Some(r) => json_str(out, r),
        None => out.extend_from_slice(b"null"),
    }
    out.extend_from_slice(b",\n      \"fix\": ");
    nested_value(out, fix)?;
    out.extend_from_slice(b",\n      \"detail\": ");
    nested_value(out, detail)?;
    out.extend_from_slice(b"\n    }");
    Ok(())
}

/// A finding's location: the fields that are set, at depth 3.
fn write_location(out: &mut Vec<u8>, l: &portcullis_core::Location) {
    let portcullis_core::Location {
        path,
        line,
        column,
        end_line,
        end_column,
        object,
        id,
        name,
        pointer,
        image,
        layer,
        package,
        version,
        purl,
    } = l;
    /// A location field's value: text or a number.
    enum V<'a> {
        Text(&'a Option<String>),
        Num(&'a Option<u32>),
    }
    // In `Location`'s field order, as serde writes them.
    let fields = [
        ("path", V::Text(path)),
        ("line", V::Num(line)),
        ("column", V::Num(column)),
        ("end_line", V::Num(end_line)),
        ("end_column", V::Num(end_column)),
        ("object", V::Text(object)),
        ("id", V::Text(id)),
        ("name", V::Text(name)),
        ("pointer", V::Text(pointer)),
        ("image", V::Text(image)),
        ("layer", V::Text(layer)),
        ("package", V::Text(package)),
        ("version", V::Text(version)),
        ("purl", V::Text(purl)),
    ];
    out.push(b'{');
    let mut first = true;
    for (k, v) in fields {
        if matches!(v, V::Text(None) | V::Num(None)) {
            continue;
        }
        out.extend_from_slice(if first {
            b"\n        \""
        } else {
            b",\n        \""
        });
        first = false;
        out.extend_from_slice(k.as_bytes());
        out.extend_from_slice(b"\": ");
        match v {
            V::Text(Some(t)) => json_str(out, t),
            V::Num(Some(n)) => out.extend_from_slice(itoa::Buffer::new().format(*n).as_bytes()),
            V::Text(None) | V::Num(None) => {}
        }
    }
    if first {
        out.push(b'}');
    } else {
        out.extend_from_slice(b"\n      }");
    }
}

/// A field value at depth 3 through serde (`null` when absent).
fn nested_value<T: Serialize>(out: &mut Vec<u8>, v: &Option<T>) -> io::Result<()> {
    match v {
        None => out.extend_from_slice(b"null"),
        Some(v) => {
            let mut ser = serde_json::Serializer::with_formatter(&mut *out, Nested::at(3));
            v.serialize(&mut ser)?;
        }
    }
    Ok(())
}

/// A JSON string: copied as is when nothing in it needs escaping (the common case), else
/// escaped by serde_json.
fn json_str(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        // Writing to a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// Whether a string holds a byte JSON escapes (a control character, `"` or `\`), eight bytes
/// at a time. May say yes when the answer is no (serde_json then escapes nothing), never the
/// reverse.
fn needs_escape(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // Whether some byte of `x` is below `n` (n <= 128): exact as a yes/no answer.
    let below = |x: u64, n: u64| x.wrapping_sub(ONES * n) & !x & HIGH != 0;
    let zero = |x: u64| below(x, 1);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let x = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        if below(x, 0x20)
            || zero(x ^ (ONES * u64::from(b'"')))
            || zero(x ^ (ONES * u64::from(b'\\')))
        {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&c| c < 0x20 || c == b'"' || c == b'\\')
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
                // Every shape the fast writer handles differently: escapes and non-ASCII text,
                // every location field or none, owned and empty lists, fixes, no remediation.
                match i % 5 {
                    1 => {
                        f.message = "tab\there, é, \u{1} and a \\ backslash".into();
                        f.location = Location {
                            path: Some("dir/\"odd\".Dockerfile".into()),
                            line: Some(7),
                            column: Some(0),
                            end_line: Some(u32::MAX),
                            end_column: Some(1),
                            object: Some("container".into()),
                            id: Some("abc".into()),
                            name: Some("/web".into()),
                            pointer: Some("/HostConfig/Privileged".into()),
                            image: Some("debian:12".into()),
                            layer: Some("sha256:00".into()),
                            package: Some("musl".into()),
                            version: Some("1.1.14-r10".into()),
                            purl: Some("pkg:apk/alpine/musl@1.1.14-r10".into()),
                        };
                        f.aliases = vec!["DL3008".to_string(), "x\"y".to_string()].into();
                        f.remediation = None;
                    }
                    2 => {
                        f.location = Location::default();
                        f.fix = Some(portcullis_core::Fix {
                            description: "add `--no-install-recommends`".into(),
                            safety: portcullis_core::FixSafety::Safe,
                            edits: vec![portcullis_core::Edit {
                                start: 3,
                                end: 3,
                                replacement: " --no-install-recommends\n".into(),
                            }],
                        });
                    }
                    3 => {
                        f.location = Location {
                            image: Some("alpine:3.4".into()),
                            ..Location::default()
                        };
                        f.references = portcullis_core::StrList::default();
                        f.target = usize::MAX;
                    }
                    _ => {}
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
    fn needs_escape_finds_every_escaped_byte() {
        // Every byte value at every position of strings long enough for whole words and a tail.
        for len in [1, 7, 8, 9, 16, 23] {
            for pos in 0..len {
                for b in 0..=255u8 {
                    let mut v = vec![b'a'; len];
                    v[pos] = b;
                    let want = b < 0x20 || b == b'"' || b == b'\\';
                    if want {
                        assert!(needs_escape(&v), "byte {b:#x} at {pos} of {len}");
                    } else if v.is_ascii() {
                        // No false alarm next to plain ASCII.
                        assert!(!needs_escape(&v), "byte {b:#x} at {pos} of {len}");
                    }
                }
            }
        }
        assert!(!needs_escape("é, ü and ✓ need no escaping".as_bytes()));
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
