use super::util::run_commands;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports commands that do nothing useful while an image is built: `ssh`, `vim`,
    /// `shutdown`, `service`, `ps`, `free`, `top`, `kill` and `mount`, in RUN command lines,
    /// heredoc scripts and `ONBUILD RUN` triggers.
    ///
    /// ## Why is this bad?
    /// A build step runs one command in a throwaway container: there is no init system to
    /// start services with, nobody to use an editor, no process worth listing or killing, and a
    /// mount is gone when the step ends. Such a command is a leftover from an interactive
    /// session, or a sign that the Dockerfile expects a running system it does not have.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN service nginx start
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// CMD ["nginx", "-g", "daemon off;"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: what the command was meant to do belongs elsewhere (CMD, a
    /// `RUN --mount`, the build context).
    pub PointlessCommand {
        code: "DF002",
        name: "pointless-command",
        practice: BuildHygiene,
        severity: Info,
        summary: "a command that makes no sense in a build step (ssh, vim, service, ps, ...)",
        aliases: ["DL3001"],
        references: ["https://github.com/hadolint/hadolint/wiki/DL3001"],
        remediation: "remove the command; start services with CMD/ENTRYPOINT, mount with RUN --mount",
    }
}

/// Commands and why each makes no sense in a build step.
const POINTLESS: &[(&str, &str)] = &[
    ("free", "shows the memory of a throwaway build container"),
    ("kill", "a build step has no long-running process to kill"),
    (
        "mount",
        "a mount does not outlive the build step; use `RUN --mount`",
    ),
    ("ps", "lists the processes of a throwaway build container"),
    (
        "service",
        "there is no init system in a build step; start the service with CMD",
    ),
    (
        "shutdown",
        "there is no system to shut down in a build step",
    ),
    (
        "ssh",
        "an interactive remote shell has no place in a build step",
    ),
    (
        "top",
        "an interactive process viewer has no place in a build step",
    ),
    ("vim", "an interactive editor has no place in a build step"),
];

impl DockerfileRule for PointlessCommand {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in run_commands(cx, ins) {
                let Some((name, why)) = POINTLESS.iter().find(|(n, _)| cmd.is(n)) else {
                    continue;
                };
                let (s, e) = cmd.name_span();
                out.push(cx.at_script(
                    &Self::META,
                    format!("`{name}` in RUN: {why}"),
                    ins,
                    script,
                    s,
                    e,
                ));
            }
        }
    }
}
