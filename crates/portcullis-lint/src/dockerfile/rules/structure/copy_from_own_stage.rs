use super::util::{from_refs, walk_scope};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, expand};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from` (and `ADD --from`, `RUN --mount=...,from=`) that names the stage it
    /// is in, by name or by index.
    ///
    /// ## Why is this bad?
    /// A stage cannot read its own result while it is being built: the build fails with a
    /// circular dependency, or (with an image of the same name) copies from something else.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:22 AS web
    /// COPY --from=web /src/dist /srv
    /// ```
    /// Use instead: build the files in an earlier stage and copy from that one.
    /// ```dockerfile
    /// FROM node:22 AS build
    /// RUN npm run build
    /// FROM nginx:1.27 AS web
    /// COPY --from=build /src/dist /srv
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3023; Trivy DS006
    pub CopyFromOwnStage {
        code: "DF023",
        name: "copy-from-own-stage",
        practice: BuildHygiene,
        severity: Medium,
        summary: "COPY --from names its own stage",
        aliases: ["DL3023", "DS006"],
        references: ["https://docs.docker.com/build/building/multi-stage/"],
        remediation: "copy from an earlier stage",
    }
}

impl DockerfileRule for CopyFromOwnStage {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        walk_scope(cx, |ins, vars| {
            let Some(stage) = ins.stage.and_then(|s| cx.df.stages.get(s)) else {
                return;
            };
            if ins.kind == Kind::From {
                return;
            }
            for r in from_refs(ins) {
                let (v, ok) = expand(&r.value, vars);
                let lower = v.to_ascii_lowercase();
                if ok
                    && (stage.name.as_deref() == Some(lower.as_str())
                        || lower.parse::<usize>() == Ok(stage.index))
                {
                    let msg = format!("{} names the stage it is in", r.show(&v));
                    out.push(cx.finding(&Self::META, msg, r.start, r.end));
                }
            }
        });
    }
}
