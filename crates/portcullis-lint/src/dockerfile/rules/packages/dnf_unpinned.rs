use super::rpm;
use super::util::DNF_PROGS;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `dnf install` (or `microdnf install`) of a package without a version, and
    /// `dnf module install` of a module without a stream. A package is pinned when it is an
    /// `.rpm` file or is written `name-version[-release]`, where what follows the name looks
    /// like a version (one part starts with a digit or a variable): `httpd-2.4.62` and
    /// `foo-${VERSION}` are pinned, `python3-devel` is not. A module is pinned as
    /// `name:stream`. Groups (`@name`, `group install`) cannot be pinned and are skipped, as
    /// are the values of options such as `--enablerepo epel`.
    ///
    /// ## Why is this bad?
    /// Without a pin, every build installs whatever version the repository serves that day:
    /// two builds of the same Dockerfile differ, and a broken or vulnerable release slips in
    /// unnoticed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf -y install httpd && dnf clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf -y install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which version to pin.
    pub DnfUnpinned {
        code: "DF041",
        name: "dnf-unpinned",
        practice: Updates,
        severity: Low,
        summary: "dnf install without version pins",
        aliases: ["DL3041"],
        references: ["https://dnf.readthedocs.io/en/latest/command_ref.html#install-command"],
        remediation: "pin each package: dnf install -y <package>-<version>",
    }
}

impl DockerfileRule for DnfUnpinned {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        rpm::unpinned(cx, &Self::META, DNF_PROGS, out);
    }
}
