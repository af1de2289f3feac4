use super::util::{chain_instructions, stage_chain};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{ImageRef, Kind};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a final stage with no `HEALTHCHECK`, neither in the stage nor in the stages it
    /// is built `FROM` (`HEALTHCHECK NONE` counts as a deliberate choice). Reported at the final
    /// stage's `FROM`. Not reported for an image built on `scratch`: it has no shell or tools to
    /// run a check with, so a check must be built into the program, and such images usually
    /// run under an orchestrator with its own probes. A healthcheck inherited from a base image
    /// cannot be seen here; silence the finding for such a stage.
    ///
    /// ## Why is this bad?
    /// Without a healthcheck Docker only knows whether the process runs, not whether it works:
    /// a hung server stays "up", restart policies and Swarm never replace it, and `depends_on:
    /// condition: service_healthy` cannot be used.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM nginx:1.27
    /// COPY site/ /usr/share/nginx/html/
    /// HEALTHCHECK --interval=30s --timeout=3s CMD ["curl", "-fsS", "http://localhost/"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the check depends on the program.
    ///
    /// ## References
    /// - hadolint DL3057 (off by default there, and checked for every stage); Trivy DS026;
    ///   CIS Docker Benchmark 4.6
    pub MissingHealthcheck {
        code: "DF057",
        name: "missing-healthcheck",
        practice: RuntimeHardening,
        severity: Low,
        summary: "final image without HEALTHCHECK",
        aliases: ["DL3057", "DS026", "CIS-4.6"],
        references: ["https://docs.docker.com/reference/dockerfile/#healthcheck"],
        remediation: "add HEALTHCHECK CMD [...] that fails when the service does not work",
    }
}

impl DockerfileRule for MissingHealthcheck {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let Some(last) = cx.df.final_stage() else {
            return;
        };
        let chain = stage_chain(cx.df, last.index);
        let root = chain
            .last()
            .and_then(|s| cx.df.stages.get(*s))
            .unwrap_or(last);
        if root
            .resolved
            .as_deref()
            .is_some_and(|r| ImageRef::parse(r).is_scratch())
        {
            return;
        }
        let has = chain_instructions(cx.df, last.index).any(|i| i.kind == Kind::Healthcheck);
        if !has {
            out.push(cx.finding(
                &Self::META,
                "the final image has no `HEALTHCHECK`",
                last.image.start,
                last.image.end,
            ));
        }
    }
}
