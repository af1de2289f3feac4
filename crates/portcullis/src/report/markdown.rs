//! Markdown for pull-request comments: the scorecard as a table (audit), the things to fix
//! first, what was skipped, then the findings grouped by practice in collapsible sections.
//! Text from the report is escaped for GitHub-flavoured Markdown tables (`|`, HTML, line
//! breaks), so a hostile file name cannot inject markup into the comment.

use super::scorecard::severity_counts;
use super::{Place, RenderContext, Reporter, plural};
use portcullis_core::{Finding, Practice, Severity};
use std::io;

pub struct MarkdownReporter;

/// Escapes text for a table cell or a line of Markdown: HTML-special characters as entities,
/// `|` and line breaks so a cell stays one cell.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("\\|"),
            '\n' | '\r' | '\t' => out.push(' '),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text in a code span: backticks cannot be escaped inside one, so they are dropped.
fn code(s: &str) -> String {
    format!("`{}`", esc(&s.replace('`', "'")))
}

impl Reporter for MarkdownReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        let report = cx.report;
        let findings = &report.findings;
        let counts: Vec<String> = Severity::ALL
            .into_iter()
            .filter_map(|s| {
                let n = findings.iter().filter(|f| f.severity == s).count();
                (n > 0).then(|| format!("{n} {s}"))
            })
            .collect();
        let mut headline = format!(
            "## portcullis: {} in {}",
            plural(findings.len(), "finding", "findings"),
            plural(report.targets.len(), "target", "targets")
        );
        if !counts.is_empty() {
            headline.push_str(&format!(" ({})", counts.join(", ")));
        }
        writeln!(out, "{headline}\n")?;

        if let Some(card) = &report.scorecard {
            if let Some(b) = &card.baseline {
                writeln!(
                    out,
                    "Compared with the baseline {}: **{} new**, {} known, {} fixed. Only new findings are listed; the scorecard counts all of them.\n",
                    code(&b.path),
                    b.new,
                    b.known,
                    b.fixed
                )?;
            }
            writeln!(
                out,
                "| Practice | Score | Checks | Passed | Failed | Findings |"
            )?;
            writeln!(out, "|---|---:|---:|---:|---:|---|")?;
            for p in &card.practices {
                let name = if p.security {
                    format!("{} ({})", esc(&p.title), code(p.practice.slug()))
                } else {
                    format!(
                        "{} ({}, not security)",
                        esc(&p.title),
                        code(p.practice.slug())
                    )
                };
                match p.score {
                    Some(s) => writeln!(
                        out,
                        "| {name} | **{s}** | {} | {} | {} | {} |",
                        p.checks.run,
                        p.checks.passed,
                        p.checks.failed,
                        severity_counts(p)
                    )?,
                    None => writeln!(
                        out,
                        "| {name} | — | | | | not assessed: {} |",
                        esc(p.not_assessed.as_deref().unwrap_or("nothing ran"))
                    )?,
                }
            }
            writeln!(out)?;
            let fixes: Vec<_> = card
                .practices
                .iter()
                .filter(|p| !p.top_fixes.is_empty())
                .collect();
            if !fixes.is_empty() {
                writeln!(out, "**Fix first**\n")?;
                for p in fixes {
                    writeln!(out, "- **{}**", esc(p.practice.slug()))?;
                    for t in &p.top_fixes {
                        let times = if t.occurrences > 1 {
                            format!(", ×{}", t.occurrences)
                        } else {
                            String::new()
                        };
                        let help = t
                            .remediation
                            .as_deref()
                            .map(|r| format!(" — {}", esc(r)))
                            .unwrap_or_default();
                        writeln!(
                            out,
                            "  - {} {} ({}{times}, first at {}){help}",
                            code(&t.rule),
                            esc(&t.name),
                            t.severity,
                            code(&t.first)
                        )?;
                    }
                }
                writeln!(out)?;
            }
            let score_line = super::scorecard::score_formula_note();
            writeln!(out, "<sub>{}</sub>\n", esc(score_line))?;
        }
        if !report.notices.is_empty() {
            writeln!(out, "**Skipped**\n")?;
            for n in &report.notices {
                writeln!(out, "- {}: {}", esc(&n.source), esc(&n.message))?;
            }
            writeln!(out)?;
        }

        if findings.is_empty() {
            return Ok(());
        }
        writeln!(out, "### Findings\n")?;
        for practice in Practice::ALL {
            let mine: Vec<&Finding> = findings.iter().filter(|f| f.practice == practice).collect();
            if mine.is_empty() {
                continue;
            }
            writeln!(
                out,
                "<details><summary><b>{}</b> — {}: {}</summary>\n",
                esc(practice.slug()),
                esc(practice.title()),
                plural(mine.len(), "finding", "findings")
            )?;
            writeln!(out, "| Severity | Rule | Where | Message |")?;
            writeln!(out, "|---|---|---|---|")?;
            let mut sorted = mine;
            sorted.sort_by_key(|f| std::cmp::Reverse(f.severity));
            for f in sorted {
                let place = Place::of(f, report).display();
                let help = f
                    .remediation
                    .as_deref()
                    .map(|r| format!("<br>help: {}", esc(r)))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "| {} | {} {} | {} | {}{help} |",
                    f.severity.as_str().to_ascii_uppercase(),
                    code(&f.rule),
                    esc(&f.name),
                    code(&place),
                    esc(&f.message)
                )?;
            }
            writeln!(out, "\n</details>\n")?;
        }
        Ok(())
    }
}
