use super::util::{APK, APT, Spec, calls};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get update` (`apt update`) or `apk update` in a RUN that does not install
    /// or upgrade anything with the same package manager after it.
    ///
    /// Trivy (DS017) also reports `yum update`, `dnf update` and `zypper up` alone; those
    /// upgrade the installed packages rather than only refresh an index, and yum, dnf and
    /// zypper refresh stale metadata by themselves, so they are not reported here.
    ///
    /// ## Why is this bad?
    /// The build cache keeps the layer of `RUN apt-get update` for as long as that line does
    /// not change, so a later `RUN apt-get install` installs from an index that can be months
    /// old: missing security fixes, or failing outright once the mirror dropped the listed
    /// versions. An update belongs in the same RUN as the install that needs it.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update
    /// RUN apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8 \
    ///     && rm -rf /var/lib/apt/lists/*
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: merging RUN instructions is a change to review.
    pub UpdateWithoutInstall {
        code: "DF116",
        name: "update-without-install",
        practice: BuildHygiene,
        severity: Low,
        summary: "package index update without an install in the same RUN",
        aliases: ["DS017"],
        references: ["https://docs.docker.com/build/building/best-practices/#apt-get"],
        remediation: "run the update and the install in the same RUN: apt-get update && apt-get install ...",
    }
}

/// A package manager: its programs, option spec, and the subcommands that use the index.
struct Manager {
    progs: &'static [&'static str],
    spec: &'static Spec,
    uses_index: &'static [&'static str],
}

const MANAGERS: &[Manager] = &[
    Manager {
        progs: &["apt-get", "apt"],
        spec: &APT,
        uses_index: &[
            "install",
            "upgrade",
            "dist-upgrade",
            "full-upgrade",
            "reinstall",
            "build-dep",
            "source",
            "satisfy",
            "download",
        ],
    },
    Manager {
        progs: &["apk"],
        spec: &APK,
        uses_index: &["add", "upgrade", "fix", "fetch"],
    },
];

impl DockerfileRule for UpdateWithoutInstall {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            let calls = calls(cx, ins);
            for m in MANAGERS {
                let subs: Vec<_> = calls
                    .iter()
                    .filter(|c| c.cmd.is_any(m.progs))
                    .filter_map(|c| c.parse(m.spec, m.spec).op_word(0).cloned().map(|w| (c, w)))
                    .collect();
                let last_use = subs
                    .iter()
                    .filter(|(_, w)| m.uses_index.contains(&w.text.as_str()))
                    .map(|(c, _)| c.seq)
                    .max();
                let orphan = subs
                    .iter()
                    .find(|(c, w)| w.text == "update" && last_use.is_none_or(|l| c.seq > l));
                let Some((call, w)) = orphan else { continue };
                out.push(cx.at_script(
                    &Self::META,
                    format!(
                        "`{} update` without an install after it in the same RUN: later installs use a stale cached index",
                        call.prog()
                    ),
                    ins,
                    call.script,
                    call.cmd.name_word.start,
                    w.end,
                ));
            }
        }
    }
}
