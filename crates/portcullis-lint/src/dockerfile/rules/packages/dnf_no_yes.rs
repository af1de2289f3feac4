use super::rpm;
use super::util::DNF_PROGS;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `dnf` or `microdnf` command that asks for confirmation — `install`,
    /// `groupinstall`, `localinstall`, `group install`, `module install`, and also `update`,
    /// `upgrade`, `remove`, `reinstall`, `downgrade`, `distro-sync`, `autoremove`, … — without
    /// `-y` (`--assumeyes`, or `--setopt=assumeyes=1`).
    ///
    /// microdnf asks too since it follows dnf's `assumeyes` setting (microdnf 3.7, EL9).
    /// hadolint checks the install commands only; the others stop at the same prompt.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: dnf reads end-of-file at its "Is this ok [y/N]" prompt and
    /// exits with an error, so the build fails as soon as there is something to confirm.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf install httpd-2.4.62 && dnf clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf -y install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `-y` after `dnf` (`microdnf`). Without it the build can only abort at
    /// the prompt.
    pub DnfNoYes {
        code: "DF038",
        name: "dnf-no-yes",
        practice: BuildHygiene,
        severity: Low,
        summary: "dnf or microdnf command without -y",
        aliases: ["DL3038"],
        references: ["https://dnf.readthedocs.io/en/latest/command_ref.html"],
        remediation: "add -y: dnf -y install <package>",
    }
}

impl DockerfileRule for DnfNoYes {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        rpm::no_yes(cx, &Self::META, DNF_PROGS, out);
    }
}
