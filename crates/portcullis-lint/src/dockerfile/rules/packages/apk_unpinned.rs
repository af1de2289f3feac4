use super::util::{APK, apk_pinned, calls, list};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `apk add` of a package without a version constraint: a package is pinned when
    /// it is written `name=version`, `name~version` (fuzzy: same major/minor), `name>version`
    /// or `name<version`, or is an `.apk` file. Option values such as `--virtual .build-deps`
    /// or `-X <repository>` are not packages. `name@tag` selects a repository, not a version.
    ///
    /// ## Why is this bad?
    /// Without a pin, every build installs whatever version the repository serves that day:
    /// two builds of the same Dockerfile differ, and a broken or vulnerable release slips in
    /// unnoticed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --no-cache curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apk add --no-cache curl~8.11
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which version to pin.
    pub ApkUnpinned {
        code: "DF018",
        name: "apk-unpinned",
        practice: Updates,
        severity: Low,
        summary: "apk add without version pins",
        aliases: ["DL3018"],
        references: ["https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper#Holding_a_specific_package_back"],
        remediation: "pin each package: apk add <package>=<version> (or <package>~<major.minor>)",
    }
}

impl DockerfileRule for ApkUnpinned {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for call in calls(cx, ins) {
                if !call.cmd.is("apk") {
                    continue;
                }
                let p = call.parse(&APK, &APK);
                if p.op(0) != "add" {
                    continue;
                }
                let loose: Vec<_> = p
                    .operands_from(1)
                    .filter(|w| !w.text.is_empty() && !apk_pinned(&w.text))
                    .collect();
                let (Some(first), Some(last)) = (loose.first(), loose.last()) else {
                    continue;
                };
                out.push(cx.at_script(
                    &Self::META,
                    format!("`apk add` of {} without a version pin", list(&loose)),
                    ins,
                    call.script,
                    first.start,
                    last.end,
                ));
            }
        }
    }
}
