use super::rpm;
use super::util::YUM_PROGS;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `yum install` of a package without a version, and `yum module install` of a
    /// module without a stream. A package is pinned when it is an `.rpm` file or is written
    /// `name-version[-release]`, where what follows the name looks like a version (one part
    /// starts with a digit or a variable): `httpd-2.4.6` and `foo-${VERSION}` are pinned,
    /// `python3-devel` and `gcc-c++` are not. A module is pinned as `name:stream`. Groups
    /// (`@name`, `group install`) cannot be pinned and are skipped, as are the values of
    /// options such as `--enablerepo epel`.
    ///
    /// ## Why is this bad?
    /// Without a pin, every build installs whatever version the repository serves that day:
    /// two builds of the same Dockerfile differ, and a broken or vulnerable release slips in
    /// unnoticed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum -y install httpd && yum clean all
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN yum -y install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which version to pin.
    pub YumUnpinned {
        code: "DF033",
        name: "yum-unpinned",
        practice: Updates,
        severity: Low,
        summary: "yum install without version pins",
        aliases: ["DL3033"],
        references: ["https://man7.org/linux/man-pages/man8/yum.8.html"],
        remediation: "pin each package: yum install -y <package>-<version>",
    }
}

impl DockerfileRule for YumUnpinned {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        rpm::unpinned(cx, &Self::META, YUM_PROGS, out);
    }
}
