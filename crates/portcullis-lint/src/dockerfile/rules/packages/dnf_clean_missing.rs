use super::rpm;
use super::util::DNF_PROGS;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a RUN where a `dnf` or `microdnf` command that fills the cache (`install`,
    /// `upgrade`, `update`, `reinstall`, `group install`, `module install`, `makecache`, …) is
    /// not followed, in the same RUN, by `dnf clean all` (`microdnf clean all`, `yum clean all`
    /// and `clean metadata` count too), or by a removal of `/var/cache/dnf` (or
    /// `/var/cache/yum`).
    ///
    /// Not reported when the RUN mounts a cache or tmpfs on the cache directory
    /// (`RUN --mount=type=cache,target=/var/cache/dnf ...`), which hadolint does not know
    /// about. An unrelated `rm -rf` is not a cleanup.
    ///
    /// ## Why is this bad?
    /// The repository metadata stays in the layer: often over a hundred megabytes the running
    /// container never uses. Cleaning in a later RUN does not shrink the earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN dnf -y install httpd-2.4.62
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN dnf -y install httpd-2.4.62 && dnf clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: appends ` && dnf clean all` (`microdnf clean all`) to a plain shell-form RUN (no
    /// heredoc, no trailing `;`, `&` or comment). Only caches are removed.
    pub DnfCleanMissing {
        code: "DF040",
        name: "dnf-clean-missing",
        practice: MinimalImage,
        severity: Low,
        summary: "dnf cache left in the image",
        aliases: ["DL3040", "DS019", "DS027"],
        references: ["https://dnf.readthedocs.io/en/latest/command_ref.html#clean-command"],
        remediation: "end the RUN with && dnf clean all",
    }
}

impl DockerfileRule for DnfCleanMissing {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        rpm::clean_missing(cx, &Self::META, DNF_PROGS, out);
    }
}
