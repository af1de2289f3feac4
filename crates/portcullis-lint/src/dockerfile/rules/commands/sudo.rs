use super::util::raw_commands;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};
use std::borrow::Cow;

declare_rule! {
    /// ## What it does
    /// Reports `sudo` in RUN command lines, heredoc scripts and `ONBUILD RUN` triggers.
    ///
    /// ## Why is this bad?
    /// `sudo` needs a sudoers setup, may ask for a password or a TTY, and behaves differently
    /// across distributions, so the build becomes unpredictable. A build step that needs root
    /// should run under `USER root` and switch back to an unprivileged user afterwards; a
    /// container that has to drop privileges at run time should use a tool such as `gosu` or
    /// `su-exec`. Installing `sudo` in an image also hands an escalation path to whoever gets
    /// a shell in it.
    ///
    /// ## Example
    /// ```dockerfile
    /// USER app
    /// RUN sudo apt-get update
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// USER root
    /// RUN apt-get update
    /// USER app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the step may need a `USER` change around it.
    pub Sudo {
        code: "DF005",
        name: "sudo",
        practice: LeastPrivilege,
        severity: Medium,
        summary: "sudo in RUN",
        aliases: ["DL3004", "DS010"],
        references: ["https://docs.docker.com/build/building/best-practices/#user"],
        remediation: "run the step as USER root (then switch back), or use gosu/su-exec at run time",
    }
}

impl DockerfileRule for Sudo {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, outer) in raw_commands(cx, ins) {
                // `sudo` itself, or behind another wrapper (`env sudo ...`, `nohup sudo ...`).
                let mut cur = Some(Cow::Borrowed(outer));
                let mut found = None;
                for _ in 0..16 {
                    let Some(c) = cur else { break };
                    if c.is("sudo") {
                        found = Some(c);
                        break;
                    }
                    cur = c.unwrap_wrappers().map(Cow::Owned);
                }
                let Some(cmd) = found else { continue };
                let what = cmd.unwrap_wrappers().map(|c| c.name);
                let msg = match what {
                    Some(w) => format!("`sudo {w}` in RUN: run the step as USER root instead"),
                    None => "`sudo` in RUN: run the step as USER root instead".to_string(),
                };
                let (s, e) = cmd.name_span();
                out.push(cx.at_script(&Self::META, msg, ins, script, s, e));
            }
        }
    }
}
