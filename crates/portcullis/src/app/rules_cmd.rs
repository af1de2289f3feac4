//! `portcullis rules` and `portcullis explain`.

use super::cli::{ExplainArgs, RulesArgs};
use super::output::write_stdout;
use super::{EXIT_CLEAN, Fatal};
use portcullis_core::RuleMeta;

pub fn list(args: RulesArgs) -> Result<u8, Fatal> {
    let rules = super::all_rules();
    let text = match args.format.as_str() {
        "json" => {
            let v: Vec<_> = rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "code": r.code, "name": r.name, "practice": r.practice,
                        "severity": r.severity, "summary": r.summary, "aliases": r.aliases,
                        "references": r.references, "default_enabled": r.default_enabled,
                    })
                })
                .collect();
            serde_json::to_string_pretty(&v).map_err(|e| Fatal(e.to_string()))? + "\n"
        }
        "human" => {
            let mut s = String::new();
            s.push_str(&format!(
                "{:<7} {:<34} {:<18} {:<9} {}\n",
                "CODE", "NAME", "PRACTICE", "SEVERITY", "ALIASES"
            ));
            for r in &rules {
                let mut name = r.name.to_string();
                if !r.default_enabled {
                    name.push_str(" (opt-in)");
                }
                s.push_str(&format!(
                    "{:<7} {:<34} {:<18} {:<9} {}\n",
                    r.code,
                    name,
                    r.practice.slug(),
                    r.severity.as_str(),
                    r.aliases.join(", ")
                ));
            }
            s.push_str(&format!("{} rules\n", rules.len()));
            s
        }
        other => {
            return Err(Fatal(format!(
                "unknown format `{other}` for rules (expected human or json)"
            )));
        }
    };
    write_stdout(text.as_bytes())?;
    Ok(EXIT_CLEAN)
}

/// Finds a rule by code, alias or name.
pub fn find(code: &str) -> Vec<&'static RuleMeta> {
    let rules = super::all_rules();
    let exact: Vec<_> = rules
        .iter()
        .copied()
        .filter(|r| r.code.eq_ignore_ascii_case(code) || r.name.eq_ignore_ascii_case(code))
        .collect();
    if !exact.is_empty() {
        return exact;
    }
    rules
        .into_iter()
        .filter(|r| r.aliases.iter().any(|a| a.eq_ignore_ascii_case(code)))
        .collect()
}

pub fn explain(args: ExplainArgs) -> Result<u8, Fatal> {
    let found = find(&args.code);
    if found.is_empty()
        && matches!(
            args.code.to_ascii_lowercase().as_str(),
            "score" | "scorecard"
        )
    {
        super::output::write_stdout(format!("{}\n", super::audit_cmd::SCORE_HELP).as_bytes())?;
        return Ok(super::EXIT_CLEAN);
    }
    if found.is_empty() {
        return Err(Fatal(format!(
            "no rule `{}` (see `portcullis rules`)",
            args.code
        )));
    }
    let mut s = String::new();
    for r in found {
        s.push_str(&format!("{} {} — {}\n", r.code, r.name, r.summary));
        s.push_str(&format!(
            "practice: {} ({})\n",
            r.practice.slug(),
            r.practice.title()
        ));
        s.push_str(&format!(
            "severity: {}{}\n",
            r.severity,
            if r.default_enabled { "" } else { " (opt-in)" }
        ));
        if !r.aliases.is_empty() {
            s.push_str(&format!("aliases: {}\n", r.aliases.join(", ")));
        }
        if !r.remediation.is_empty() {
            s.push_str(&format!("remediation: {}\n", r.remediation));
        }
        s.push('\n');
        for line in r.docs.lines() {
            s.push_str(line.strip_prefix(' ').unwrap_or(line));
            s.push('\n');
        }
        if !r.references.is_empty() {
            s.push_str("\nReferences:\n");
            for u in r.references {
                s.push_str(&format!("- {u}\n"));
            }
        }
        s.push('\n');
    }
    write_stdout(s.trim_end().as_bytes())?;
    write_stdout(b"\n")?;
    Ok(EXIT_CLEAN)
}
