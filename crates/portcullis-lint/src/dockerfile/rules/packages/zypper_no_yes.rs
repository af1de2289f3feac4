use super::util::{ZYPPER, ZYPPER_CMD, calls, insert_fix};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `zypper` command that asks for confirmation — `install`/`in`, `remove`/`rm`,
    /// `source-install`/`si`, `patch`, and also `update`/`up`, `dist-upgrade`/`dup`,
    /// `install-new-recommends` — without the global `-n` (`--non-interactive`) before the
    /// command or its own `-y` (`--no-confirm`).
    ///
    /// Unlike hadolint, `-n` after `install` does not count: there it means `--name`.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: zypper waits for an answer it never gets, and the build fails
    /// or hangs as soon as there is something to confirm.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN zypper install curl=8.6.0 && zypper clean -a
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN zypper -n install curl=8.6.0 && zypper clean -a
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts the global `-n` after `zypper`. Without it the build can only stop at the
    /// prompt.
    pub ZypperNoYes {
        code: "DF034",
        name: "zypper-no-yes",
        practice: BuildHygiene,
        severity: Low,
        summary: "zypper command without -n or -y",
        aliases: ["DL3034"],
        references: ["https://en.opensuse.org/SDB:Zypper_manual"],
        remediation: "add the global -n: zypper -n install <package>",
    }
}

/// zypper subcommands that ask for confirmation.
const PROMPTS: &[&str] = &[
    "install",
    "in",
    "remove",
    "rm",
    "source-install",
    "si",
    "patch",
    "update",
    "up",
    "dist-upgrade",
    "dup",
    "install-new-recommends",
    "inr",
];

impl DockerfileRule for ZypperNoYes {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for call in calls(cx, ins) {
                if !call.cmd.is("zypper") {
                    continue;
                }
                let p = call.parse(&ZYPPER, &ZYPPER_CMD);
                let Some(&(index, sub)) = p.operands.first() else {
                    continue;
                };
                if !PROMPTS.contains(&sub.text.as_str())
                    || p.has_before(&["n", "non-interactive"], index)
                    || p.has(&["y", "no-confirm"])
                {
                    continue;
                }
                let mut f = cx.at_script(
                    &Self::META,
                    format!(
                        "`zypper {}` without `-n` or `-y` stops at its confirmation prompt",
                        sub.text
                    ),
                    ins,
                    call.script,
                    call.cmd.name_word.start,
                    sub.end,
                );
                f.fix = insert_fix(ins, call.script, call.cmd.name_word.end, " -n", "insert -n");
                out.push(f);
            }
        }
    }
}
