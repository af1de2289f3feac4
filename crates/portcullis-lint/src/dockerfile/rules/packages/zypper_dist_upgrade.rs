use super::util::{ZYPPER, ZYPPER_CMD, calls};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `zypper dist-upgrade` (`zypper dup`) in a RUN.
    ///
    /// ## Why is this bad?
    /// A distribution upgrade inside a build can switch the image to new versions of
    /// everything, vendor changes and removed packages included, depending on the day it
    /// runs. The base image's release is the place to choose the distribution version: use a
    /// newer base image tag instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM opensuse/leap:15.5
    /// RUN zypper -n dup
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM opensuse/leap:15.6
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right base image is yours to choose.
    pub ZypperDistUpgrade {
        code: "DF035",
        name: "zypper-dist-upgrade",
        practice: Updates,
        severity: Low,
        summary: "zypper dist-upgrade in a Dockerfile",
        aliases: ["DL3035"],
        references: ["https://en.opensuse.org/SDB:Zypper_manual"],
        remediation: "build from a newer base image instead of upgrading the distribution in the build",
    }
}

impl DockerfileRule for ZypperDistUpgrade {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for call in calls(cx, ins) {
                if !call.cmd.is("zypper") {
                    continue;
                }
                let p = call.parse(&ZYPPER, &ZYPPER_CMD);
                let Some(sub) = p
                    .op_word(0)
                    .filter(|w| matches!(w.text.as_str(), "dist-upgrade" | "dup"))
                else {
                    continue;
                };
                out.push(cx.at_script(
                    &Self::META,
                    format!(
                        "`zypper {}` upgrades the whole distribution during the build",
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
