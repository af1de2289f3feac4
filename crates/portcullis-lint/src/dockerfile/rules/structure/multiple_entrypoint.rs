use super::util::repeated_in_stage;
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every `ENTRYPOINT` after the first one of a stage.
    ///
    /// ## Why is this bad?
    /// Only the last `ENTRYPOINT` of a stage takes effect, so an earlier one (often a wrapper
    /// that drops privileges or sets up signals) silently never runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENTRYPOINT ["/usr/bin/tini", "--"]
    /// ENTRYPOINT ["/app"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ENTRYPOINT ["/usr/bin/tini", "--", "/app"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: decide how the entrypoints combine.
    ///
    /// ## References
    /// - hadolint DL4004; Trivy DS007
    pub MultipleEntrypoint {
        code: "DF071",
        name: "multiple-entrypoint",
        practice: BuildHygiene,
        severity: Medium,
        summary: "more than one ENTRYPOINT in a stage",
        aliases: ["DL4004", "DS007"],
        references: ["https://docs.docker.com/reference/dockerfile/#entrypoint"],
        remediation: "keep a single ENTRYPOINT per stage",
    }
}

impl DockerfileRule for MultipleEntrypoint {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for (ins, first) in repeated_in_stage(cx.df, Kind::Entrypoint) {
            let msg = format!(
                "another `ENTRYPOINT` in this stage (first on line {first}): only the last one takes effect"
            );
            out.push(cx.at_instruction(&Self::META, msg, ins));
        }
    }
}
