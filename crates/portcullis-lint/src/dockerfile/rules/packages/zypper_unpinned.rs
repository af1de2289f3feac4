use super::util::{ZYPPER, ZYPPER_CMD, calls, list, zypper_pinned};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `zypper install` (`zypper in`) of a package without a version: a package is
    /// pinned when it is written `name=version` (or with `>=`, `>`, `<=`, `<`), or is an
    /// `.rpm` file. Patterns, patches and products (`-t pattern`) are not packages and are
    /// skipped, as are the values of options such as `--from <repo>`.
    ///
    /// ## Why is this bad?
    /// Without a pin, every build installs whatever version the repository serves that day:
    /// two builds of the same Dockerfile differ, and a broken or vulnerable release slips in
    /// unnoticed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper -n install curl && zypper clean -a
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper -n install curl=8.6.0 && zypper clean -a
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which version to pin.
    pub ZypperUnpinned {
        code: "DF037",
        name: "zypper-unpinned",
        practice: Updates,
        severity: Low,
        summary: "zypper install without version pins",
        aliases: ["DL3037"],
        references: ["https://en.opensuse.org/SDB:Zypper_manual"],
        remediation: "pin each package: zypper install -y <package>=<version>",
    }
}

impl DockerfileRule for ZypperUnpinned {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for call in calls(cx, ins) {
                if !call.cmd.is("zypper") {
                    continue;
                }
                let p = call.parse(&ZYPPER, &ZYPPER_CMD);
                let sub = p.op(0);
                if !matches!(sub, "install" | "in")
                    || p.values(&["t", "type"]).any(|t| t != "package")
                {
                    continue;
                }
                let loose: Vec<_> = p
                    .operands_from(1)
                    .filter(|w| !w.text.is_empty() && !zypper_pinned(&w.text))
                    .collect();
                let (Some(first), Some(last)) = (loose.first(), loose.last()) else {
                    continue;
                };
                out.push(cx.at_script(
                    &Self::META,
                    format!("`zypper {sub}` of {} without a version pin", list(&loose)),
                    ins,
                    call.script,
                    first.start,
                    last.end,
                ));
            }
        }
    }
}
