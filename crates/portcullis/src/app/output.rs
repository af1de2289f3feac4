//! Writing a report: to a file or standard output, colour decided once, broken pipes quiet.

use super::Fatal;
use super::cli::{ColorChoice, OutputArgs};
use crate::report::{Format, RenderContext};
use portcullis_core::{Report, RuleMeta};
use std::collections::BTreeMap;
use std::io::{IsTerminal, Write};

/// Whether human output gets colour.
pub fn use_color(args: &OutputArgs) -> bool {
    match args.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            args.output.is_none()
                && std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::env::var("TERM").map(|t| t != "dumb").unwrap_or(true)
        }
    }
}

pub fn parse_format(s: &str) -> Result<Format, Fatal> {
    s.parse::<Format>().map_err(|_| {
        Fatal(format!(
            "unknown format `{s}` (expected one of: {})",
            Format::ALL
                .iter()
                .map(|f| f.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ))
    })
}

/// Renders the report where the user asked. A closed pipe ends the run quietly.
pub fn emit(
    args: &OutputArgs,
    format: Format,
    report: &Report,
    rules: &[&'static RuleMeta],
    sources: &BTreeMap<String, String>,
) -> Result<(), Fatal> {
    emit_context(args, format, RenderContext::new(report, rules, sources))
}

/// [`emit`] with a context the caller prepared (precomputed fingerprints).
pub fn emit_context(args: &OutputArgs, format: Format, mut cx: RenderContext) -> Result<(), Fatal> {
    cx.color = format == Format::Human && use_color(args);
    let Some(path) = &args.output else {
        // Streamed: a large report is never held in memory twice.
        let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
        return match format
            .reporter()
            .render(&cx, &mut out)
            .and_then(|_| out.flush())
        {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Fatal(String::new())),
            Err(e) => Err(Fatal(format!("writing the report to standard output: {e}"))),
        };
    };
    let mut buf = Vec::with_capacity(16 * 1024);
    format
        .reporter()
        .render(&cx, &mut buf)
        .map_err(|e| Fatal(format!("rendering the report: {e}")))?;
    std::fs::write(path, &buf).map_err(|e| {
        Fatal(format!(
            "{}: {}",
            path.display(),
            super::discover::io_reason(&e)
        ))
    })
}

/// Writes to standard output; a broken pipe is not an error.
pub fn write_stdout(bytes: &[u8]) -> Result<(), Fatal> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Fatal(String::new())),
        Err(e) => Err(Fatal(format!("standard output: {e}"))),
    }
}
