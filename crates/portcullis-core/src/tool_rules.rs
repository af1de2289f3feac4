//! `PC` rules: problems of the tool's own inputs, reported as findings rather than log lines.

use crate::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports input that portcullis could not parse: a broken Dockerfile instruction, a YAML
    /// error, a truncated archive. Parsing goes on after the broken part where the format allows.
    ///
    /// ## Why is this bad?
    /// What cannot be parsed cannot be checked: a finding could hide behind the broken part.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub ParseError {
        code: "PC001",
        name: "parse-error",
        practice: BuildHygiene,
        severity: High,
        summary: "input that could not be parsed",
        aliases: ["DL1000"],
        references: [],
        remediation: "correct the syntax at the reported line"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports an inline suppression (`# portcullis ignore=…`, `# hadolint ignore=…`) naming a
    /// code that suppressed no finding in its scope.
    ///
    /// ## Why is this bad?
    /// Stale suppressions hide future findings that nobody reviewed, and misspelt codes silently
    /// suppress nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// # portcullis ignore=DF012
    /// FROM node:22.11-slim
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: remove the code from the pragma.
    pub UnusedSuppression {
        code: "PC002",
        name: "unused-suppression",
        practice: BuildHygiene,
        severity: Low,
        summary: "a suppression that suppresses nothing",
        aliases: ["RUF100"],
        references: [],
        remediation: "remove the unused code from the suppression"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a configured ignore (`[[ignores]]` in `.portcullis.toml`) whose `expires` date has
    /// passed while it still matches findings. Those findings are reported again.
    ///
    /// ## Why is this bad?
    /// An accepted risk was accepted until a date; after it, somebody has to decide again.
    ///
    /// ## Example
    /// ```toml
    /// [[ignores]]
    /// paths = ["legacy/**"]
    /// rules = ["DF020"]
    /// reason = "migrating in Q3"
    /// expires = "2025-09-30"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub ExpiredSuppression {
        code: "PC003",
        name: "expired-suppression",
        practice: BuildHygiene,
        severity: Low,
        summary: "a configured ignore past its expiry date",
        aliases: [],
        references: [],
        remediation: "fix the findings, or renew the ignore with a new reason and date"
    }
}

/// The tool's own rules.
pub static TOOL_RULES: &[&crate::RuleMeta] = &[
    &ParseError::META,
    &UnusedSuppression::META,
    &ExpiredSuppression::META,
];

declare_rule! {
    /// ## What it does
    /// Reports that a check of portcullis itself failed on this input (an internal error). The
    /// other checks still ran; this one's findings for the file are missing.
    ///
    /// ## Why is this bad?
    /// A check that did not run may hide a finding. Please report it with the input.
    ///
    /// ## Example
    /// Any input that makes a rule fail.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub InternalError {
        code: "PC004",
        name: "internal-error",
        practice: BuildHygiene,
        severity: Medium,
        summary: "a check failed on this input",
        aliases: [],
        references: [],
        remediation: "report the input to the portcullis maintainers"
    }
}
