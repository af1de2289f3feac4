use crate::dockerfile::context::{Ctx, Origin};
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Args, Instruction, Kind};
use crate::shell;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a RUN that directly follows another RUN (comments and blank lines between them
    /// do not count) when both run a single command and have the same flags (`--mount`,
    /// `--network`, `--security`). RUNs that already chain several commands are taken as
    /// deliberately separate, as are RUNs with different mounts.
    ///
    /// ## Why is this bad?
    /// Every RUN adds a layer. Single-command RUNs in a row make an image of many small layers
    /// where one would do, and a file created in one and deleted in the next still takes space
    /// in the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN mkdir -p /app/data
    /// RUN chown app /app/data
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN mkdir -p /app/data \
    ///  && chown app /app/data
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: merging changes layer caching, and the user may want the split.
    pub ConsecutiveRun {
        code: "DF059",
        name: "consecutive-run",
        practice: MinimalImage,
        severity: Info,
        summary: "consecutive single-command RUN instructions",
        aliases: ["DL3059"],
        references: ["https://docs.docker.com/build/building/best-practices/#minimize-the-number-of-layers"],
        remediation: "merge the RUN instructions with &&",
    }
}

/// The flags of a RUN, normalised for comparison.
fn flags_key(ins: &Instruction) -> Vec<(String, String)> {
    let mut v: Vec<(String, String)> = ins
        .flags
        .iter()
        .map(|f| {
            (
                f.name.to_ascii_lowercase(),
                f.value.clone().unwrap_or_default(),
            )
        })
        .collect();
    v.sort();
    v
}

/// How many commands a RUN runs. An exec-form RUN runs one program; a heredoc fed to another
/// program (`RUN python3 <<EOF`) is a deliberate unit and counts as several; under a non-POSIX
/// SHELL the text is still split the way a POSIX shell would (as hadolint does).
fn command_count(cx: &Ctx, ins: &Instruction) -> usize {
    let scripts = cx.scripts(ins);
    if scripts.is_empty() {
        return match &ins.args {
            Args::Json(v) => usize::from(!v.is_empty()),
            Args::Shell(s) => shell::parse(s).commands.len(),
        };
    }
    let bodies = scripts
        .iter()
        .filter(|s| matches!(s.origin, Origin::Source(_)))
        .count();
    let other_programs = ins.heredocs.len().saturating_sub(bodies);
    scripts
        .iter()
        .map(|s| s.script.commands.len())
        .sum::<usize>()
        + 2 * other_programs
}

/// The previous RUN: its line, flags and command count.
struct PrevRun {
    line: u32,
    flags: Vec<(String, String)>,
    count: usize,
}

impl DockerfileRule for ConsecutiveRun {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let mut prev: Option<PrevRun> = None;
        for ins in &cx.df.instructions {
            if ins.kind != Kind::Run {
                prev = None;
                continue;
            }
            let flags = flags_key(ins);
            let count = command_count(cx, ins);
            if let Some(p) = prev
                .as_ref()
                .filter(|p| p.flags == flags && p.count <= 1 && count <= 1)
            {
                let msg = format!(
                    "`RUN` right after the single-command `RUN` on line {}: merge them into one layer",
                    p.line
                );
                out.push(cx.at_instruction(&Self::META, msg, ins));
            }
            prev = Some(PrevRun {
                line: ins.line,
                flags,
                count,
            });
        }
    }
}
