use super::util::{copy_paths, is_absolute, resolve, walk_scope};
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` or `ADD` to a relative destination (`.`, `app/`) when no `WORKDIR` was
    /// set before it in the stage or in the stages it is built `FROM`. Variables are expanded
    /// first; a destination whose variables have no known value is not judged.
    ///
    /// ## Why is this bad?
    /// A relative destination is resolved against the base image's working directory, which
    /// the Dockerfile does not show and the base image may change: files land somewhere else
    /// and the program no longer finds them.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY . .
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// WORKDIR /app
    /// COPY . .
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the intended directory is unknown.
    ///
    /// ## References
    /// - hadolint DL3045 (COPY only; `ADD` has the same problem)
    pub CopyRelativeWithoutWorkdir {
        code: "DF045",
        name: "copy-relative-without-workdir",
        practice: BuildHygiene,
        severity: Low,
        summary: "COPY to a relative destination with no WORKDIR set",
        aliases: ["DL3045"],
        references: ["https://docs.docker.com/reference/dockerfile/#workdir"],
        remediation: "set WORKDIR first, or copy to an absolute path",
    }
}

impl DockerfileRule for CopyRelativeWithoutWorkdir {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let mut has_workdir = vec![false; cx.df.stages.len()];
        walk_scope(cx, |ins, vars| {
            let Some(stage) = ins.stage.filter(|s| *s < has_workdir.len()) else {
                return;
            };
            match ins.kind {
                Kind::From => {
                    has_workdir[stage] = cx.df.stages[stage]
                        .parent
                        .is_some_and(|p| has_workdir.get(p) == Some(&true));
                }
                Kind::Workdir => has_workdir[stage] = true,
                Kind::Copy | Kind::Add if !has_workdir[stage] => {
                    let Some((_, dest)) = copy_paths(ins) else {
                        return;
                    };
                    let Some(d) = resolve(ins, &dest.text, vars, cx.df.escape) else {
                        return;
                    };
                    if !is_absolute(&d) {
                        let msg = format!(
                            "`{}` to `{d}` is relative to the base image's working directory: no `WORKDIR` is set",
                            ins.kind.as_str()
                        );
                        out.push(cx.finding(&Self::META, msg, dest.start, dest.end));
                    }
                }
                _ => {}
            }
        });
    }
}
