use super::util::repeated_in_stage;
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every `HEALTHCHECK` after the first one of a stage (`HEALTHCHECK NONE` included).
    ///
    /// ## Why is this bad?
    /// Only the last `HEALTHCHECK` of a stage takes effect; the earlier ones are dead code that
    /// misleads whoever reads the file about how the container is checked.
    ///
    /// ## Example
    /// ```dockerfile
    /// HEALTHCHECK CMD ["curl", "-f", "http://localhost/"]
    /// HEALTHCHECK CMD ["/app", "health"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// HEALTHCHECK CMD ["/app", "health"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: decide which check you meant.
    ///
    /// ## References
    /// - hadolint DL3012; Trivy DS023
    pub MultipleHealthchecks {
        code: "DF012",
        name: "multiple-healthchecks",
        practice: BuildHygiene,
        severity: Low,
        summary: "more than one HEALTHCHECK in a stage",
        aliases: ["DL3012", "DS023"],
        references: ["https://docs.docker.com/reference/dockerfile/#healthcheck"],
        remediation: "keep a single HEALTHCHECK per stage",
    }
}

impl DockerfileRule for MultipleHealthchecks {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for (ins, first) in repeated_in_stage(cx.df, Kind::Healthcheck) {
            let msg = format!(
                "another `HEALTHCHECK` in this stage (first on line {first}): only the last one takes effect"
            );
            out.push(cx.at_instruction(&Self::META, msg, ins));
        }
    }
}
