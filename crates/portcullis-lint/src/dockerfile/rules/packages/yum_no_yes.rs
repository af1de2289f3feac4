use super::rpm;
use super::util::YUM_PROGS;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `yum` command that asks for confirmation — `install`, `groupinstall`,
    /// `localinstall`, `group install`, `module install`, and also `update`, `upgrade`,
    /// `remove`, `reinstall`, `downgrade`, `distro-sync`, `autoremove`, … — without `-y`
    /// (`--assumeyes`, or `--setopt=assumeyes=1`).
    ///
    /// hadolint checks the install commands only; the others stop at the same prompt.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: yum reads end-of-file at its "Is this ok [y/N]" prompt and
    /// exits with an error, so the build fails as soon as there is something to confirm.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum install httpd-2.4.6 && yum clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN yum -y install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `-y` after `yum`. Without it the build can only abort at the prompt.
    pub YumNoYes {
        code: "DF030",
        name: "yum-no-yes",
        practice: BuildHygiene,
        severity: Low,
        summary: "yum command without -y",
        aliases: ["DL3030"],
        references: ["https://man7.org/linux/man-pages/man8/yum.8.html"],
        remediation: "add -y: yum -y install <package>",
    }
}

impl DockerfileRule for YumNoYes {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        rpm::no_yes(cx, &Self::META, YUM_PROGS, out);
    }
}
