use super::util::{APT, calls};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports the `apt` command in a RUN: `apt install`, `apt update`, `apt search`, ….
    ///
    /// ## Why is this bad?
    /// `apt` is the front end for people at a terminal: its output and behaviour may change
    /// between releases, and it warns that its command line is not stable for scripts.
    /// `apt-get` and `apt-cache` are the stable interfaces meant for scripts and builds.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt update && apt install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Fix safety
    /// Safe for the subcommands `apt-get` has with the same meaning (`install`, `remove`,
    /// `purge`, `update`, `autoremove`, `dist-upgrade`, …): `apt` becomes `apt-get`. `apt
    /// upgrade` becomes `apt-get upgrade --with-new-pkgs` and `apt full-upgrade` becomes
    /// `apt-get dist-upgrade`, which is what they do. No fix for `search`, `show`, `list` and
    /// the like, whose `apt-cache` equivalents print differently.
    pub AptInsteadOfAptGet {
        code: "DF027",
        name: "apt-instead-of-apt-get",
        practice: BuildHygiene,
        severity: Low,
        summary: "apt used instead of apt-get or apt-cache",
        aliases: ["DL3027"],
        references: ["https://manpages.debian.org/stable/apt/apt.8.en.html#SCRIPT_USAGE_AND_DIFFERENCES_FROM_OTHER_APT_TOOLS"],
        remediation: "use apt-get (or apt-cache for queries)",
    }
}

/// `apt` subcommands that `apt-get` has with the same meaning.
const SAME: &[&str] = &[
    "install",
    "reinstall",
    "remove",
    "purge",
    "autoremove",
    "update",
    "dist-upgrade",
    "build-dep",
    "source",
    "download",
    "changelog",
    "clean",
    "autoclean",
    "check",
    "satisfy",
];

/// `apt` subcommands whose scripted equivalent is `apt-cache`.
const QUERIES: &[&str] = &[
    "search", "show", "showsrc", "list", "policy", "depends", "rdepends", "pkgnames",
];

impl DockerfileRule for AptInsteadOfAptGet {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for call in calls(cx, ins) {
                if !call.cmd.is("apt") {
                    continue;
                }
                let p = call.parse(&APT, &APT);
                let sub = p.op_word(0);
                let sub_text = sub.map(|w| w.text.as_str()).unwrap_or("");
                let instead = if QUERIES.contains(&sub_text) {
                    "apt-cache"
                } else {
                    "apt-get"
                };
                let shown = if sub_text.is_empty() {
                    "apt".to_string()
                } else {
                    format!("apt {sub_text}")
                };
                let name = &call.cmd.name_word;
                let mut f = cx.at_script(
                    &Self::META,
                    format!("`{shown}` is meant for interactive use; use `{instead}` in scripts"),
                    ins,
                    call.script,
                    name.start,
                    name.end,
                );
                let src = |off: usize| call.script.to_source(ins, off);
                let mut edits = Vec::new();
                if let Some(sub) = sub.filter(|_| !ins.is_json() && name.raw == call.cmd.name) {
                    let rename = Edit {
                        start: src(name.start),
                        end: src(name.end),
                        replacement: format!("{}-get", name.raw),
                    };
                    if SAME.contains(&sub_text) {
                        edits.push(rename);
                    } else if sub_text == "upgrade" {
                        let at = src(sub.end);
                        edits.push(rename);
                        edits.push(Edit {
                            start: at,
                            end: at,
                            replacement: " --with-new-pkgs".into(),
                        });
                    } else if sub_text == "full-upgrade" && sub.raw == sub.text {
                        edits.push(rename);
                        edits.push(Edit {
                            start: src(sub.start),
                            end: src(sub.end),
                            replacement: "dist-upgrade".into(),
                        });
                    }
                }
                if !edits.is_empty() {
                    f.fix = Some(Fix {
                        description: "use apt-get".into(),
                        safety: FixSafety::Safe,
                        edits,
                    });
                }
                out.push(f);
            }
        }
    }
}
