use super::util::keyword_span;
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `ONBUILD ONBUILD`, `ONBUILD FROM` and `ONBUILD MAINTAINER`.
    ///
    /// ## Why is this bad?
    /// Docker does not allow these triggers: the image builds, and every image built `FROM` it
    /// then fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// ONBUILD FROM alpine:3.20
    /// ```
    /// Use instead: put the `FROM` in the child image's Dockerfile.
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3043
    pub OnbuildForbidden {
        code: "DF043",
        name: "onbuild-forbidden",
        practice: BuildHygiene,
        severity: Medium,
        summary: "ONBUILD of ONBUILD, FROM or MAINTAINER",
        aliases: ["DL3043"],
        references: ["https://docs.docker.com/reference/dockerfile/#onbuild"],
        remediation: "remove the trigger; ONBUILD cannot run ONBUILD, FROM or MAINTAINER",
    }
}

impl DockerfileRule for OnbuildForbidden {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in &cx.df.instructions {
            let Some(t) = ins.onbuild.as_deref() else {
                continue;
            };
            if matches!(t.kind, Kind::Onbuild | Kind::From | Kind::Maintainer) {
                let (s, e) = keyword_span(t);
                out.push(cx.finding(
                    &Self::META,
                    format!("`ONBUILD {}` is not allowed", t.kind.as_str()),
                    s,
                    e,
                ));
            }
        }
    }
}
