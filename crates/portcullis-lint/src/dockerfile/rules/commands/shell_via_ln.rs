use super::util::{FlagSpec, basename, long_value, operands, run_commands, short_value};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `ln` that replaces `/bin/sh` (or `/usr/bin/sh`) with a link to another shell,
    /// as in `ln -sf /bin/bash /bin/sh`.
    ///
    /// ## Why is this bad?
    /// Swapping the system shell changes every script of the image that runs `/bin/sh`,
    /// including the distribution's own maintainer scripts, to get bash in RUN. The `SHELL`
    /// instruction changes the shell of the following RUN, CMD and ENTRYPOINT instructions and
    /// leaves the system alone.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN ln -sf /bin/bash /bin/sh
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## Notes
    /// Unlike hadolint, a link *to* `/bin/sh` (`ln -s /bin/sh /usr/local/bin/sh`) is not
    /// reported: only the link's own path matters.
    pub ShellViaLn {
        code: "DF072",
        name: "shell-via-ln",
        practice: BuildHygiene,
        severity: Low,
        summary: "ln replaces /bin/sh instead of using SHELL",
        aliases: ["DL4005"],
        references: ["https://docs.docker.com/reference/dockerfile/#shell"],
        remediation: "use the SHELL instruction to change the shell of RUN",
    }
}

const LN_FLAGS: FlagSpec = FlagSpec {
    long: &["target-directory", "suffix"],
    short: "tS",
};

/// The system shell a link path replaces, if any.
fn system_sh(path: &str) -> Option<&'static str> {
    let mut p = path.trim_end_matches('/').to_string();
    while p.contains("//") {
        p = p.replace("//", "/");
    }
    ["/bin/sh", "/usr/bin/sh"].into_iter().find(|s| *s == p)
}

impl DockerfileRule for ShellViaLn {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in run_commands(cx, ins) {
                if !cmd.is("ln") {
                    continue;
                }
                let ops = operands(&cmd.args, &LN_FLAGS);
                let target_dir = short_value(&cmd.args, 't', &LN_FLAGS)
                    .or_else(|| long_value(&cmd.args, "target-directory"));
                // The links created: DIR/<name of each target> with -t, else the last operand
                // (a directory when it ends with `/`).
                let hit = match (&target_dir, ops.split_last()) {
                    (Some((dir, word)), _) => ops
                        .iter()
                        .find_map(|(_, w)| system_sh(&format!("{dir}/{}", basename(&w.text))))
                        .map(|sh| {
                            (
                                sh,
                                word.map(|w| (w.start, w.end)).unwrap_or(cmd.name_span()),
                            )
                        }),
                    (None, Some(((_, dest), targets))) if !targets.is_empty() => {
                        let link = |t: &str| {
                            if dest.text.ends_with('/') {
                                format!("{}{}", dest.text, basename(t))
                            } else {
                                dest.text.clone()
                            }
                        };
                        targets
                            .iter()
                            .find_map(|(_, t)| system_sh(&link(&t.text)))
                            .map(|sh| (sh, (dest.start, dest.end)))
                    }
                    _ => None,
                };
                if let Some((sh, (s, e))) = hit {
                    let msg = format!(
                        "`ln` replaces `{sh}`: use the SHELL instruction to change the shell of RUN"
                    );
                    out.push(cx.at_script(&Self::META, msg, ins, script, s, e));
                }
            }
        }
    }
}
