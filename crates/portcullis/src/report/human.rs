//! The human format: findings grouped by file (then by target), each with the offending line
//! underlined, and a closing summary.
//!
//! ```text
//! app/Dockerfile
//! app/Dockerfile:3:6  MEDIUM  DF012 latest-tag [DL3007]  base image `node:latest` is not pinned
//!   |
//! 3 | FROM node:latest
//!   |      ^^^^^^^^^^^
//!   = help: pin a release tag such as node:22.11-slim, or a digest
//! ```

use super::{Place, RenderContext, Reporter, plural};
use anstyle::{AnsiColor, Style};
use portcullis_core::{FixSafety, Practice, Severity};
use std::borrow::Cow;
use std::io;
use unicode_width::UnicodeWidthChar;

/// How many columns a tab advances in snippets.
const TAB_WIDTH: usize = 4;

pub struct HumanReporter;

struct Palette {
    on: bool,
}

impl Palette {
    fn paint<'s>(&self, style: Style, text: &'s str) -> Cow<'s, str> {
        if self.on && !text.is_empty() {
            Cow::Owned(format!("{}{text}{}", style.render(), style.render_reset()))
        } else {
            Cow::Borrowed(text)
        }
    }

    fn severity(&self, s: Severity) -> Style {
        match s {
            Severity::Critical | Severity::High => {
                Style::new().fg_color(Some(AnsiColor::Red.into())).bold()
            }
            Severity::Medium => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Severity::Low => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
            Severity::Info => Style::new().dimmed(),
        }
    }
}

const BOLD: Style = Style::new().bold();
const GUTTER: Style = Style::new()
    .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Blue)))
    .bold();
const HEADER: Style = Style::new().bold().underline();

impl Reporter for HumanReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        let p = Palette { on: cx.color };
        let report = cx.report;
        if let Some(card) = &report.scorecard {
            super::scorecard::render_human(card, &report.notices, cx.color, out)?;
        }
        let baseline = report.scorecard.as_ref().and_then(|c| c.baseline.as_ref());
        if report.findings.is_empty() {
            let targets = plural(report.targets.len(), "target", "targets");
            return match baseline {
                Some(b) => writeln!(
                    out,
                    "{} in {targets} ({} known from {})",
                    p.paint(BOLD, "no new findings"),
                    b.known,
                    b.path
                ),
                None => writeln!(out, "{} in {targets}", p.paint(BOLD, "no findings")),
            };
        }

        // Groups in order of first appearance (reports are sorted, so this is by target, path).
        let mut groups: Vec<(String, Vec<(&portcullis_core::Finding, Place)>)> = Vec::new();
        for f in &report.findings {
            let place = Place::of(f, report);
            let key = match &place {
                Place::File { path, .. } => (*path).to_string(),
                Place::Object { .. } => report
                    .targets
                    .get(f.target)
                    .map(super::target_label)
                    .unwrap_or_else(|| format!("target {}", f.target)),
            };
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, members)) => members.push((f, place)),
                None => groups.push((key, vec![(f, place)])),
            }
        }

        for (key, members) in &groups {
            writeln!(out, "{}", p.paint(HEADER, &clean(key)))?;
            for (f, place) in members {
                render_finding(cx, &p, f, place, out)?;
            }
        }
        render_summary(cx, &p, out)
    }
}

fn render_finding(
    cx: &RenderContext,
    p: &Palette,
    f: &portcullis_core::Finding,
    place: &Place,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let sev_style = p.severity(f.severity);
    let severity = f.severity.as_str().to_ascii_uppercase();
    let aliases = if f.aliases.is_empty() {
        String::new()
    } else {
        format!(" [{}]", f.aliases.join(", "))
    };
    writeln!(
        out,
        "{}  {}  {} {}{}  {}",
        p.paint(BOLD, &clean(&place.display())),
        p.paint(sev_style, &severity),
        p.paint(BOLD, &clean(&f.rule)),
        clean(&f.name),
        clean(&aliases),
        clean(&f.message),
    )?;

    // The snippet, when we have the file and a line.
    let mut gutter_width = 1;
    if let Place::File {
        path,
        line: Some(line),
        column,
        end_line,
        end_column,
    } = place
        && let Some(text) = cx.source_line(path, *line)
    {
        let multiline = end_line.is_some_and(|e| e > *line);
        let number = line.to_string();
        gutter_width = number.len();
        let blank = " ".repeat(gutter_width);
        let (shown, pad, width) = underline(text, *column, *end_column, multiline);
        writeln!(out, "{blank} {}", p.paint(GUTTER, "|"))?;
        writeln!(
            out,
            "{} {}{}",
            p.paint(GUTTER, &number),
            p.paint(GUTTER, "|"),
            if shown.is_empty() {
                String::new()
            } else {
                format!(" {shown}")
            }
        )?;
        let carets = "^".repeat(width);
        writeln!(
            out,
            "{blank} {} {}{}",
            p.paint(GUTTER, "|"),
            " ".repeat(pad),
            p.paint(sev_style, &carets)
        )?;
    }
    let blank = " ".repeat(gutter_width);
    if let Some(help) = &f.remediation {
        writeln!(
            out,
            "{blank} {} {}: {}",
            p.paint(GUTTER, "="),
            p.paint(BOLD, "help"),
            clean(help)
        )?;
    }
    if let Some(owner) = owner(f) {
        writeln!(
            out,
            "{blank} {} {}: {}",
            p.paint(GUTTER, "="),
            p.paint(BOLD, "in"),
            clean(&owner)
        )?;
    }
    if let Some(fix) = &f.fix {
        let safety = match fix.safety {
            FixSafety::Safe => "",
            FixSafety::Unsafe => " (unsafe)",
        };
        writeln!(
            out,
            "{blank} {} {}{safety}: {}",
            p.paint(GUTTER, "="),
            p.paint(BOLD, "fix"),
            clean(&fix.description)
        )?;
    }
    writeln!(out)
}

/// What in the user's project a finding about a Docker object belongs to, when `audit` knows
/// it: the Compose service that runs the image or container (`detail.compose`), else the
/// Dockerfile whose base image it is (`detail.dockerfile`).
fn owner(f: &portcullis_core::Finding) -> Option<String> {
    let d = f.detail.as_ref()?;
    if let Some(c) = d.get("compose") {
        let service = c.get("service")?.as_str()?;
        return Some(match c.get("file").and_then(|v| v.as_str()) {
            Some(file) => format!("service {service} ({file})"),
            None => format!("service {service}"),
        });
    }
    let df = d.get("dockerfile")?;
    let path = df.get("path")?.as_str()?;
    Some(match df.get("line").and_then(|v| v.as_u64()) {
        Some(line) => format!("base image of {path}:{line}"),
        None => format!("base image of {path}"),
    })
}

fn render_summary(cx: &RenderContext, p: &Palette, out: &mut dyn io::Write) -> io::Result<()> {
    let findings = &cx.report.findings;
    let by_severity: Vec<String> = Severity::ALL
        .into_iter()
        .filter_map(|s| {
            let n = findings.iter().filter(|f| f.severity == s).count();
            (n > 0).then(|| p.paint(p.severity(s), &format!("{n} {s}")).into_owned())
        })
        .collect();
    writeln!(
        out,
        "{} in {}: {}",
        p.paint(BOLD, &plural(findings.len(), "finding", "findings")),
        plural(cx.report.targets.len(), "target", "targets"),
        by_severity.join(", ")
    )?;

    let practices: Vec<(Practice, usize)> = Practice::ALL
        .into_iter()
        .map(|pr| (pr, findings.iter().filter(|f| f.practice == pr).count()))
        .filter(|&(_, n)| n > 0)
        .collect();
    let slug_width = practices
        .iter()
        .map(|(pr, _)| pr.slug().len())
        .max()
        .unwrap_or(0);
    let count_width = practices
        .iter()
        .map(|(_, n)| n.to_string().len())
        .max()
        .unwrap_or(1);
    for (pr, n) in &practices {
        writeln!(
            out,
            "  {n:>count_width$}  {:<slug_width$}  {}",
            pr.slug(),
            pr.title()
        )?;
    }

    let fixable = |safety| {
        findings
            .iter()
            .filter(|f| f.fix.as_ref().is_some_and(|fix| fix.safety == safety))
            .count()
    };
    let (safe, unsafe_) = (fixable(FixSafety::Safe), fixable(FixSafety::Unsafe));
    // `audit` does not fix; `lint --fix` does.
    let how = if cx.report.scorecard.is_some() {
        "`portcullis lint --fix`"
    } else {
        "--fix"
    };
    match (safe, unsafe_) {
        (0, 0) => {}
        (s, 0) => writeln!(out, "{s} fixable with {how}")?,
        (s, u) => writeln!(out, "{s} fixable with {how} ({u} more with --unsafe-fixes)")?,
    }
    if let Some(b) = cx
        .report
        .scorecard
        .as_ref()
        .and_then(|c| c.baseline.as_ref())
    {
        writeln!(
            out,
            "{} new, {} known (in {}, not listed), {} fixed since",
            b.new, b.known, b.path, b.fixed
        )?;
    }
    Ok(())
}

/// Text from the report made safe for a terminal: control characters (which could move the
/// cursor or change colours) become U+FFFD, line breaks and tabs become spaces.
fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(char::is_control) {
        return Cow::Borrowed(s);
    }
    Cow::Owned(
        s.chars()
            .map(|c| match c {
                '\n' | '\r' | '\t' => ' ',
                c if c.is_control() => '\u{FFFD}',
                c => c,
            })
            .collect(),
    )
}

/// The source line as shown (tabs expanded, controls replaced), the display width before the
/// span and the display width of the span (at least 1).
///
/// `column` and `end_column` are 1-based character columns, the end exclusive. A span that
/// continues on later lines is underlined to the end of its first line; a missing column
/// underlines the line's text.
fn underline(
    line: &str,
    column: Option<u32>,
    end_column: Option<u32>,
    multiline: bool,
) -> (String, usize, usize) {
    let chars: Vec<char> = line.chars().collect();
    let widths: Vec<usize> = chars.iter().map(|&c| char_width(c)).collect();
    let shown: String = chars
        .iter()
        .flat_map(|&c| {
            let (rep, n) = match c {
                '\t' => (' ', TAB_WIDTH),
                c if c.is_control() => ('\u{FFFD}', 1),
                c => (c, 1),
            };
            std::iter::repeat_n(rep, n)
        })
        .collect();

    let len = chars.len();
    let text_end = len - chars.iter().rev().take_while(|c| c.is_whitespace()).count();
    let (start, end) = match column {
        None => {
            let first = chars.iter().take_while(|c| c.is_whitespace()).count();
            (first.min(text_end), text_end)
        }
        Some(c) => {
            let start = (c as usize - 1).min(len);
            let end = match end_column {
                _ if multiline => text_end.max(start),
                Some(e) => (e as usize).saturating_sub(1).clamp(start, len),
                None => text_end.max(start),
            };
            (start, end)
        }
    };
    let pad: usize = widths[..start].iter().sum();
    let width: usize = widths[start..end].iter().sum();
    (shown.trim_end().to_string(), pad, width.max(1))
}

fn char_width(c: char) -> usize {
    match c {
        '\t' => TAB_WIDTH,
        c if c.is_control() => 1,
        c => c.width().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::{owner, underline};

    #[test]
    fn owner_names_the_service_else_the_dockerfile() {
        let meta = &portcullis_core::tool_rules::ParseError::META;
        let mut f = meta.finding("m", portcullis_core::Location::default());
        assert_eq!(owner(&f), None);
        f.detail = Some(serde_json::json!({
            "compose": {"project": "shop", "service": "web", "file": "compose.yaml"},
            "dockerfile": {"path": "app/Dockerfile", "line": 3}
        }));
        assert_eq!(owner(&f).as_deref(), Some("service web (compose.yaml)"));
        f.detail = Some(serde_json::json!({"dockerfile": {"path": "app/Dockerfile", "line": 3}}));
        assert_eq!(owner(&f).as_deref(), Some("base image of app/Dockerfile:3"));
        f.detail = Some(serde_json::json!({"vulnerability": {"id": "X"}}));
        assert_eq!(owner(&f), None);
    }

    #[test]
    fn ascii_span() {
        let (shown, pad, width) = underline("FROM node:latest", Some(6), Some(17), false);
        assert_eq!(shown, "FROM node:latest");
        assert_eq!((pad, width), (5, 11));
    }

    #[test]
    fn tabs_and_wide_chars() {
        // Tab (4 columns) then a CJK character (2 columns) before the span.
        let (shown, pad, width) = underline("\t日x = \"秘密\"", Some(3), Some(4), false);
        assert_eq!(shown, "    日x = \"秘密\"");
        assert_eq!((pad, width), (6, 1));
        let (_, pad, width) = underline("\t日x = \"秘密\"", Some(7), Some(11), false);
        assert_eq!((pad, width), (10, 6));
    }

    #[test]
    fn multiline_runs_to_end_of_first_line() {
        let (_, pad, width) = underline("RUN apt-get update && \\  ", Some(5), Some(3), true);
        assert_eq!((pad, width), (4, 19));
    }

    #[test]
    fn missing_or_out_of_range_columns() {
        let (_, pad, width) = underline("  USER root", None, None, false);
        assert_eq!((pad, width), (2, 9));
        let (_, pad, width) = underline("abc", Some(9), Some(12), false);
        assert_eq!((pad, width), (3, 1));
    }
}
