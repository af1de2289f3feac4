use super::util::{ZYPPER, ZYPPER_CMD, append_fix, cache_mounted, calls, removes};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

const ZYPP_CACHE: &[&str] = &["/var/cache/zypp"];

/// zypper subcommands that download packages or metadata into the cache.
const FILLS: &[&str] = &[
    "install",
    "in",
    "update",
    "up",
    "dist-upgrade",
    "dup",
    "patch",
    "source-install",
    "si",
    "install-new-recommends",
    "inr",
    "refresh",
    "ref",
];

declare_rule! {
    /// ## What it does
    /// Reports a RUN where a `zypper` command that fills the cache (`install`, `update`,
    /// `dist-upgrade`, `patch`, `source-install`, `refresh`, …) is not followed, in the same
    /// RUN, by `zypper clean` (`zypper cc`), or by a removal of `/var/cache/zypp`.
    ///
    /// Not reported when the RUN mounts a cache or tmpfs on `/var/cache/zypp`. Unlike
    /// hadolint, a `zypper clean` before the last install does not count, and `rm -rf
    /// /var/cache/zypp` does.
    ///
    /// ## Why is this bad?
    /// The repository metadata and downloaded packages stay in the layer: tens of megabytes
    /// the running container never uses. Cleaning in a later RUN does not shrink the earlier
    /// layer.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper -n install curl=8.6.0
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper -n install curl=8.6.0 && zypper clean -a
    /// ```
    ///
    /// ## Fix safety
    /// Safe: appends ` && zypper clean -a` to a plain shell-form RUN (no heredoc, no trailing
    /// `;`, `&` or comment). Only caches are removed.
    pub ZypperCleanMissing {
        code: "DF036",
        name: "zypper-clean-missing",
        practice: MinimalImage,
        severity: Low,
        summary: "zypper cache left in the image",
        aliases: ["DL3036", "DS020"],
        references: ["https://en.opensuse.org/SDB:Zypper_manual"],
        remediation: "end the RUN with && zypper clean -a",
    }
}

impl DockerfileRule for ZypperCleanMissing {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            if cache_mounted(ins, ZYPP_CACHE) {
                continue;
            }
            let calls = calls(cx, ins);
            let sub = |c: &super::util::Call| {
                c.cmd
                    .is("zypper")
                    .then(|| c.parse(&ZYPPER, &ZYPPER_CMD).op_word(0).cloned())
                    .flatten()
            };
            let last_clean = calls
                .iter()
                .filter(|c| {
                    removes(c, ZYPP_CACHE)
                        || sub(c).is_some_and(|w| matches!(w.text.as_str(), "clean" | "cc"))
                })
                .map(|c| c.seq)
                .max();
            let unclean = calls
                .iter()
                .filter(|c| last_clean.is_none_or(|l| c.seq > l))
                .find_map(|c| {
                    let w = sub(c)?;
                    FILLS.contains(&w.text.as_str()).then_some((c, w))
                });
            let Some((call, w)) = unclean else { continue };
            let mut f = cx.at_script(
                &Self::META,
                format!("`zypper {}` without `zypper clean` after it leaves the package cache in the layer", w.text),
                ins,
                call.script,
                call.cmd.name_word.start,
                w.end,
            );
            f.fix = append_fix(
                cx,
                ins,
                "zypper clean -a",
                "run zypper clean -a at the end of the RUN",
            );
            out.push(f);
        }
    }
}
