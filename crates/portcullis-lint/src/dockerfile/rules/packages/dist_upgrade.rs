use super::util::{APT, calls};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get dist-upgrade` and `apt-get full-upgrade` (and the same with `apt`) in
    /// a RUN. `zypper dist-upgrade` is `zypper-dist-upgrade` (DF035).
    ///
    /// ## Why is this bad?
    /// A distribution upgrade inside a build installs and removes packages to follow changed
    /// dependencies, so what ends up in the image depends on the day of the build and can
    /// differ a lot from the base image that was chosen and tested. To move to newer packages,
    /// build from a newer base image tag; to pick up security fixes, rebuild from the updated
    /// base.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12.7-slim
    /// RUN apt-get update && apt-get -y dist-upgrade && rm -rf /var/lib/apt/lists/*
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12.8-slim
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right base image is yours to choose.
    ///
    /// ## References
    /// - Trivy DS024 (`docker-no-dist-upgrade`, deprecated there)
    pub DistUpgrade {
        code: "DF115",
        name: "dist-upgrade",
        practice: Updates,
        severity: Low,
        summary: "apt-get dist-upgrade in a Dockerfile",
        aliases: ["DS024"],
        references: ["https://avd.aquasec.com/misconfig/ds024"],
        remediation: "build from a newer base image instead of upgrading the distribution in the build",
    }
}

impl DockerfileRule for DistUpgrade {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for call in calls(cx, ins) {
                if !call.cmd.is_any(&["apt-get", "apt"]) {
                    continue;
                }
                let p = call.parse(&APT, &APT);
                let Some(sub) = p
                    .op_word(0)
                    .filter(|w| matches!(w.text.as_str(), "dist-upgrade" | "full-upgrade"))
                else {
                    continue;
                };
                out.push(cx.at_script(
                    &Self::META,
                    format!(
                        "`{} {}` upgrades the whole distribution during the build",
                        call.prog(),
                        sub.text
                    ),
                    ins,
                    call.script,
                    call.cmd.name_word.start,
                    sub.end,
                ));
            }
        }
    }
}
