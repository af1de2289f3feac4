use super::util::{is_absolute, resolve, walk_scope};
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `WORKDIR` with a relative path when no absolute `WORKDIR` came before it in the
    /// stage (or in the stages it is built `FROM`). Variables are expanded first
    /// (`ARG APP=/srv/app` then `WORKDIR $APP` is absolute); a path whose variables have no
    /// known value is not judged.
    ///
    /// ## Why is this bad?
    /// A relative `WORKDIR` is resolved against the working directory of the base image, which
    /// you do not control: a new base image release can silently move every later `COPY`, `RUN`
    /// and the container's start directory.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22-slim
    /// WORKDIR /app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the absolute path depends on the base image's working directory.
    ///
    /// ## References
    /// - hadolint DL3000 (which also reports a relative `WORKDIR` after an absolute one; that
    ///   is well defined, so portcullis follows BuildKit's WorkdirRelativePath check); Trivy DS009
    pub RelativeWorkdir {
        code: "DF001",
        name: "relative-workdir",
        practice: BuildHygiene,
        severity: Low,
        summary: "WORKDIR with a relative path and no absolute WORKDIR before it",
        aliases: ["DL3000", "DS009", "WorkdirRelativePath"],
        references: ["https://docs.docker.com/reference/build-checks/workdir-relative-path/"],
        remediation: "use an absolute path: WORKDIR /app",
    }
}

impl DockerfileRule for RelativeWorkdir {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        // Per stage: whether an absolute (or unknown) WORKDIR has been set.
        let mut anchored = vec![false; cx.df.stages.len()];
        walk_scope(cx, |ins, vars| {
            let Some(stage) = ins.stage.filter(|s| *s < anchored.len()) else {
                return;
            };
            if ins.kind == Kind::From {
                anchored[stage] = cx.df.stages[stage]
                    .parent
                    .is_some_and(|p| anchored.get(p) == Some(&true));
                return;
            }
            if ins.kind != Kind::Workdir {
                return;
            }
            let written = ins.args_text();
            let Some(path) = resolve(ins, written.trim(), vars, cx.df.escape) else {
                anchored[stage] = true;
                return;
            };
            if is_absolute(&path) {
                anchored[stage] = true;
            } else if !anchored[stage] {
                let (s, e) = ins.args_span();
                out.push(cx.finding(
                    &Self::META,
                    format!("`WORKDIR {path}` is relative to the base image's working directory"),
                    s,
                    e,
                ));
            }
        });
    }
}
