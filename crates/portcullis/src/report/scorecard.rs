//! The scorecard as text (human format) — shown before the findings.
//!
//! ```text
//! Scorecard                          score        checks  passed  failed  findings
//!   minimal-image      ███████░░░     71            78      70       8  1 high, 3 medium
//!   image-scanning     not assessed: no vulnerability database: run `portcullis db update`
//! ```

use anstyle::{AnsiColor, Style};
use portcullis_core::{Notice, PracticeScore, Scorecard, Severity};
use std::io;

const BOLD: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();

fn paint(on: bool, style: Style, text: &str) -> String {
    if on && !text.is_empty() {
        format!("{}{text}{}", style.render(), style.render_reset())
    } else {
        text.to_string()
    }
}

fn score_style(score: u8) -> Style {
    let c = match score {
        90..=100 => AnsiColor::Green,
        60..=89 => AnsiColor::Yellow,
        _ => AnsiColor::Red,
    };
    Style::new().fg_color(Some(c.into())).bold()
}

fn severity_style(s: Severity) -> Style {
    match s {
        Severity::Critical | Severity::High => {
            Style::new().fg_color(Some(AnsiColor::Red.into())).bold()
        }
        Severity::Medium => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
        Severity::Low => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
        Severity::Info => DIM,
    }
}

/// `1 high, 3 medium` (highest first), or `none`.
pub(crate) fn severity_counts(p: &PracticeScore) -> String {
    let parts: Vec<String> = Severity::ALL
        .into_iter()
        .filter_map(|s| p.by_severity.get(&s).map(|n| format!("{n} {s}")))
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

/// A ten-cell bar for a 0–100 score.
pub(crate) fn bar(score: u8) -> String {
    let full = (usize::from(score) + 5) / 10;
    format!(
        "{}{}",
        "█".repeat(full.min(10)),
        "░".repeat(10 - full.min(10))
    )
}

/// Renders the scorecard, the things to fix first and the notices.
pub(crate) fn render_human(
    card: &Scorecard,
    notices: &[Notice],
    color: bool,
    out: &mut dyn io::Write,
) -> io::Result<()> {
    let width = card
        .practices
        .iter()
        .map(|p| p.practice.slug().len())
        .max()
        .unwrap_or(0);
    writeln!(
        out,
        "{}",
        paint(
            color,
            BOLD,
            &format!(
                "{:<w$}  {:<14}  {:>6}  {:>6}  {:>6}  findings",
                "Scorecard",
                "score",
                "checks",
                "passed",
                "failed",
                w = width + 2
            )
        )
    )?;
    let mut shown_hygiene_header = false;
    for p in &card.practices {
        if !p.security && !shown_hygiene_header {
            shown_hygiene_header = true;
            writeln!(out, "{}", paint(color, DIM, "  not a security practice:"))?;
        }
        let slug = format!("{:<width$}", p.practice.slug());
        match p.score {
            Some(s) => writeln!(
                out,
                "  {slug}  {} {}  {:>6}  {:>6}  {:>6}  {}",
                paint(color, score_style(s), &bar(s)),
                paint(color, score_style(s), &format!("{s:>3}")),
                p.checks.run,
                p.checks.passed,
                p.checks.failed,
                severity_counts(p)
            )?,
            None => writeln!(
                out,
                "  {slug}  {}",
                paint(
                    color,
                    DIM,
                    &format!(
                        "not assessed: {}",
                        p.not_assessed.as_deref().unwrap_or("nothing ran")
                    )
                )
            )?,
        }
    }
    if let Some(b) = &card.baseline {
        writeln!(
            out,
            "  baseline {}: {} new, {} known, {} fixed (only new findings are listed)",
            b.path, b.new, b.known, b.fixed
        )?;
    }

    let with_fixes: Vec<&PracticeScore> = card
        .practices
        .iter()
        .filter(|p| !p.top_fixes.is_empty())
        .collect();
    if !with_fixes.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint(color, BOLD, "Fix first"))?;
        for p in with_fixes {
            writeln!(
                out,
                "  {} — {}",
                paint(color, BOLD, p.practice.slug()),
                p.title
            )?;
            for t in &p.top_fixes {
                let sev = t.severity.as_str().to_ascii_uppercase();
                let times = if t.occurrences > 1 {
                    format!(" ×{}", t.occurrences)
                } else {
                    String::new()
                };
                writeln!(
                    out,
                    "    {:<8}  {} {}{times}  {}",
                    paint(color, severity_style(t.severity), &sev),
                    t.rule,
                    t.name,
                    paint(color, DIM, &format!("(first at {})", t.first))
                )?;
                if let Some(r) = &t.remediation {
                    writeln!(out, "              {r}")?;
                }
            }
        }
    }
    if !notices.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint(color, BOLD, "Skipped"))?;
        for n in notices {
            writeln!(out, "  {}: {}", n.source, n.message)?;
        }
    }
    writeln!(out)
}

/// One line on how scores are computed, for formats that show the scorecard.
pub(crate) fn score_formula_note() -> &'static str {
    "Score = 100 × passed weight / (passed + failed weight); a check weighs by severity \
     (critical 16, high 8, medium 4, low 2, info 1): passed checks by their rule's default, \
     failed checks by the worst finding. `portcullis audit --help` explains it."
}
