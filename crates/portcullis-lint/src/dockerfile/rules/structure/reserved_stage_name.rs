use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a stage named `scratch` or `context` (in any case).
    ///
    /// ## Why is this bad?
    /// Both words already mean something to the builder: `FROM scratch` is the empty image and
    /// `context` is the build context in `--from` and named contexts. A stage with either name
    /// makes later references ambiguous.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM alpine:3.20 AS scratch
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20 AS base
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: references to the name would have to change too.
    ///
    /// ## References
    /// - hadolint DL3063; BuildKit ReservedStageName
    pub ReservedStageName {
        code: "DF063",
        name: "reserved-stage-name",
        practice: BuildHygiene,
        severity: Low,
        summary: "stage named `scratch` or `context`",
        aliases: ["DL3063", "ReservedStageName"],
        references: ["https://docs.docker.com/reference/build-checks/reserved-stage-name/"],
        remediation: "rename the stage, e.g. `base` or `build`",
    }
}

impl DockerfileRule for ReservedStageName {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for s in &cx.df.stages {
            let (Some(name), Some((a, b))) = (&s.name, s.name_span) else {
                continue;
            };
            if name == "scratch" || name == "context" {
                out.push(cx.finding(
                    &Self::META,
                    format!("`{name}` is reserved and should not name a stage"),
                    a,
                    b,
                ));
            }
        }
    }
}
