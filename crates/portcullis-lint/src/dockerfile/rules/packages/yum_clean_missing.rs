use super::rpm;
use super::util::YUM_PROGS;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a RUN where a `yum` command that fills the cache (`install`, `update`,
    /// `upgrade`, `reinstall`, `groupinstall`, `makecache`, …) is not followed, in the same
    /// RUN, by `yum clean all` (`dnf clean all` and `clean metadata` count too), or by a
    /// removal of `/var/cache/yum` (or `/var/cache/dnf`).
    ///
    /// Not reported when the RUN mounts a cache or tmpfs on the cache directory
    /// (`RUN --mount=type=cache,target=/var/cache/yum ...`). Unlike hadolint, a `yum clean
    /// all` that comes before the last install does not count, and an unrelated `rm -rf` is
    /// not a cleanup.
    ///
    /// ## Why is this bad?
    /// The repository metadata and downloaded packages stay in the layer: often over a hundred
    /// megabytes the running container never uses. Cleaning in a later RUN does not shrink the
    /// earlier layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yum -y install httpd-2.4.6
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN yum -y install httpd-2.4.6 && yum clean all
    /// ```
    ///
    /// ## Fix safety
    /// Safe: appends ` && yum clean all` to a plain shell-form RUN (no heredoc, no trailing
    /// `;`, `&` or comment). Only caches are removed.
    pub YumCleanMissing {
        code: "DF032",
        name: "yum-clean-missing",
        practice: MinimalImage,
        severity: Low,
        summary: "yum cache left in the image",
        aliases: ["DL3032", "DS015"],
        references: ["https://man7.org/linux/man-pages/man8/yum.8.html"],
        remediation: "end the RUN with && yum clean all",
    }
}

impl DockerfileRule for YumCleanMissing {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        rpm::clean_missing(cx, &Self::META, YUM_PROGS, out);
    }
}
