use super::util::{APT, apt_pinned, calls, list};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` of a package without a version: a package is pinned when it
    /// is written `name=version`, `name/release`, or is a `.deb` file. Option values such as
    /// `-t bookworm-backports` or `-o Dpkg::Options::=--force-confold` are not packages.
    /// Checked in RUN command lines, heredoc scripts and ONBUILD RUN triggers.
    ///
    /// ## Why is this bad?
    /// Without a pin, every build installs whatever version the mirror serves that day: two
    /// builds of the same Dockerfile differ, and a broken or vulnerable release slips in
    /// unnoticed. A pin makes the upgrade a reviewed change.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which version to pin.
    pub AptUnpinned {
        code: "DF008",
        name: "apt-unpinned",
        practice: Updates,
        severity: Low,
        summary: "apt-get install without version pins",
        aliases: ["DL3008"],
        references: ["https://docs.docker.com/build/building/best-practices/#apt-get"],
        remediation: "pin each package: apt-get install <package>=<version>",
    }
}

impl DockerfileRule for AptUnpinned {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for call in calls(cx, ins) {
                if !call.cmd.is("apt-get") {
                    continue;
                }
                let p = call.parse(&APT, &APT);
                if p.op(0) != "install" {
                    continue;
                }
                let loose: Vec<_> = p
                    .operands_from(1)
                    .filter(|w| !w.text.is_empty() && !apt_pinned(&w.text))
                    .collect();
                let (Some(first), Some(last)) = (loose.first(), loose.last()) else {
                    continue;
                };
                out.push(cx.at_script(
                    &Self::META,
                    format!(
                        "`apt-get install` of {} without a version pin",
                        list(&loose)
                    ),
                    ins,
                    call.script,
                    first.start,
                    last.end,
                ));
            }
        }
    }
}
