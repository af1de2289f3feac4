use super::util::repeated_in_stage;
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every `CMD` after the first one of a stage.
    ///
    /// ## Why is this bad?
    /// Only the last `CMD` of a stage takes effect: the earlier ones never run, and a reader
    /// may believe the container starts something it does not.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD ["nginx", "-g", "daemon off;"]
    /// CMD ["php-fpm"]
    /// ```
    /// Use instead (one process per container, or a supervisor as the single `CMD`):
    /// ```dockerfile
    /// CMD ["php-fpm"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: decide which command you meant.
    ///
    /// ## References
    /// - hadolint DL4003; Trivy DS016
    pub MultipleCmd {
        code: "DF070",
        name: "multiple-cmd",
        practice: BuildHygiene,
        severity: Low,
        summary: "more than one CMD in a stage",
        aliases: ["DL4003", "DS016"],
        references: ["https://docs.docker.com/reference/dockerfile/#cmd"],
        remediation: "keep a single CMD per stage",
    }
}

impl DockerfileRule for MultipleCmd {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for (ins, first) in repeated_in_stage(cx.df, Kind::Cmd) {
            let msg = format!(
                "another `CMD` in this stage (first on line {first}): only the last one takes effect"
            );
            out.push(cx.at_instruction(&Self::META, msg, ins));
        }
    }
}
