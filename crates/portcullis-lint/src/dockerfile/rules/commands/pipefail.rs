use crate::dockerfile::context::{Ctx, Origin};
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Args, Instruction, Kind};
use crate::shell::Command;
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a RUN with a pipe (`a | b`) when the shell does not run with `pipefail`: no
    /// `SHELL [..., "-o", "pipefail", ...]` in effect (in the stage, or in the stage it is built
    /// `FROM`), and no `set -o pipefail` earlier in the same script. Not checked under a
    /// non-POSIX SHELL (PowerShell, cmd).
    ///
    /// ## Why is this bad?
    /// A pipeline's status is the status of its last command: in `curl -fsSL $URL | tar -xz`
    /// a failed download gives tar an empty input, tar may succeed, and the build goes on
    /// with a broken image. `pipefail` makes the pipeline fail when any command in it fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    /// RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: prepends `set -o pipefail && ` to the RUN, which needs a shell that knows the
    /// option (bash, zsh, BusyBox ash, dash 0.5.11 or later).
    ///
    /// ## Notes
    /// Differences from hadolint: `set -o pipefail` in the RUN counts, any POSIX shell given
    /// `-o pipefail` by SHELL counts (the SHELL itself fails when the shell does not know the
    /// option), the shell is matched by its base name (`/usr/bin/bash`), and a stage built
    /// `FROM` another inherits its SHELL.
    pub Pipefail {
        code: "DF073",
        name: "pipefail",
        practice: BuildHygiene,
        severity: Low,
        summary: "RUN with a pipe without pipefail",
        aliases: ["DL4006"],
        references: ["https://docs.docker.com/build/building/best-practices/#using-pipes"],
        remediation: "set SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"] before the RUN, or start the RUN with set -o pipefail",
    }
}

/// Whether `-o pipefail` (or a bundle ending in `o`, like `-euxo pipefail`) is among the words.
fn sets_pipefail<'a>(words: impl Iterator<Item = &'a str>) -> bool {
    let mut prev_o = false;
    for w in words {
        if prev_o && w == "pipefail" {
            return true;
        }
        prev_o = w.starts_with('-') && !w.starts_with("--") && w.ends_with('o');
        if w == "-opipefail" {
            return true;
        }
    }
    false
}

/// Whether a SHELL instruction runs a POSIX shell with pipefail.
fn shell_has_pipefail(ins: &Instruction) -> bool {
    let Args::Json(v) = &ins.args else {
        return false;
    };
    sets_pipefail(v.iter().map(|s| s.text.as_str()))
}

fn is_set_pipefail(cmd: &Command) -> bool {
    cmd.is("set") && sets_pipefail(cmd.args.iter().map(|a| a.text.as_str()))
}

impl DockerfileRule for Pipefail {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let mut stage_pipefail: Vec<bool> = Vec::new();
        let mut on = false;
        for ins in &cx.df.instructions {
            match ins.kind {
                Kind::From => {
                    let parent = ins
                        .stage
                        .and_then(|s| cx.df.stages.get(s))
                        .and_then(|s| s.parent);
                    on = parent
                        .and_then(|p| stage_pipefail.get(p).copied())
                        .unwrap_or(false);
                    stage_pipefail.push(on);
                }
                Kind::Shell => {
                    on = shell_has_pipefail(ins);
                    if let Some(last) = stage_pipefail.last_mut() {
                        *last = on;
                    }
                }
                Kind::Run if !on => self.check_run(cx, ins, out),
                _ => {}
            }
        }
    }
}

impl Pipefail {
    fn check_run(&self, cx: &Ctx, ins: &Instruction, out: &mut Vec<Finding>) {
        for script in cx.scripts(ins) {
            let cmds = &script.script.commands;
            let unprotected = cmds.iter().find(|c| {
                c.pipeline_len > 1 && !cmds.iter().any(|s| s.end <= c.start && is_set_pipefail(s))
            });
            let Some(first) = unprotected else { continue };
            let last = cmds
                .iter()
                .filter(|c| c.pipeline == first.pipeline && c.pipeline_len > 1)
                .map(|c| c.end)
                .max();
            let names: Vec<&str> = cmds
                .iter()
                .filter(|c| c.pipeline == first.pipeline && c.pipeline_len > 1)
                .map(|c| c.name.as_str())
                .collect();
            let msg = format!(
                "pipe `{}` without `pipefail`: a failure before the last command is ignored",
                names.join(" | ")
            );
            let mut f = cx.at_script(
                &Self::META,
                msg,
                ins,
                script,
                first.start,
                last.unwrap_or(first.end),
            );
            if matches!(script.origin, Origin::Logical(_)) && !ins.is_json() {
                let lead = script.text.len() - script.text.trim_start().len();
                let at = script.to_source(ins, lead);
                f.fix = Some(Fix {
                    description: "prepend set -o pipefail".into(),
                    safety: FixSafety::Unsafe,
                    edits: vec![Edit {
                        start: at,
                        end: at,
                        replacement: "set -o pipefail && ".into(),
                    }],
                });
            }
            out.push(f);
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::sets_pipefail;

    #[test]
    fn pipefail_words() {
        assert!(sets_pipefail(
            ["/bin/bash", "-o", "pipefail", "-c"].into_iter()
        ));
        assert!(sets_pipefail(["-euxo", "pipefail"].into_iter()));
        assert!(!sets_pipefail(["/bin/bash", "-c"].into_iter()));
        assert!(!sets_pipefail(["+o", "pipefail"].into_iter()));
        assert!(!sets_pipefail(["--noprofile", "pipefail"].into_iter()));
    }
}
