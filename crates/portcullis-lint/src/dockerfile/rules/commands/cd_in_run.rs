use super::util::run_commands;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `cd` in a RUN command line or heredoc script.
    ///
    /// ## Why is this bad?
    /// A directory change lasts only until the end of its RUN: the next instruction starts
    /// again in the WORKDIR. Steps written as `cd /src && make` are easy to break by moving
    /// them, and the directory they really run in is not visible in the Dockerfile's
    /// structure. `WORKDIR` sets it once, for every following instruction, and creates it if
    /// needed.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN cd /usr/src/app && make
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// WORKDIR /usr/src/app
    /// RUN make
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: a WORKDIR also changes the directory of every later instruction.
    pub CdInRun {
        code: "DF004",
        name: "cd-in-run",
        practice: BuildHygiene,
        severity: Info,
        summary: "cd in RUN instead of WORKDIR",
        aliases: ["DL3003", "DS013"],
        references: ["https://docs.docker.com/reference/dockerfile/#workdir"],
        remediation: "use WORKDIR to change directory (or a tool's own -C/--directory option)",
    }
}

impl DockerfileRule for CdInRun {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        // hadolint does not check ONBUILD triggers for this rule; neither do we.
        for ins in cx.runs(false) {
            for (script, cmd) in run_commands(cx, ins) {
                if !cmd.is("cd") {
                    continue;
                }
                let dir = cmd
                    .args
                    .iter()
                    .find(|a| !a.text.starts_with('-'))
                    .map(|a| a.text.as_str())
                    .unwrap_or("~");
                let msg = format!("`cd {dir}` in RUN: use WORKDIR to change directory");
                out.push(cx.at_script(&Self::META, msg, ins, script, cmd.start, cmd.end));
            }
        }
    }
}
