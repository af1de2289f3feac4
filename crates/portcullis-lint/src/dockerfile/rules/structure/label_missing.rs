use super::labels::labels;
use super::util::chain_instructions;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};
use std::collections::HashSet;

declare_rule! {
    /// ## What it does
    /// When a label schema is configured (`[labels.schema]`, or `label-schema` in
    /// `.hadolint.yaml`), reports every schema label the final image lacks: no `LABEL` sets it
    /// in the final stage or in the stages it is built `FROM`. Reported at the final stage's
    /// `FROM`.
    ///
    /// ## Why is this bad?
    /// Registries, scanners and people rely on the labels the organisation agreed on (source
    /// repository, revision, licence, owner) to trace an image back to its code and owner.
    ///
    /// ## Example
    /// With `[labels.schema] "org.opencontainers.image.source" = "url"`:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// LABEL org.opencontainers.image.source=https://github.com/example/app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the values are yours to give.
    ///
    /// ## References
    /// - hadolint DL3049 (which checks every stage not copied from; only the final image
    ///   carries labels anyone reads)
    pub LabelMissing {
        code: "DF049",
        name: "label-missing",
        practice: BuildHygiene,
        severity: Info,
        summary: "a label of the configured schema is missing",
        aliases: ["DL3049"],
        references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
        remediation: "add the label with LABEL key=value in the final stage",
    }
}

impl DockerfileRule for LabelMissing {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let schema = &cx.config.label_schema;
        let Some(last) = cx.df.final_stage() else {
            return;
        };
        if schema.is_empty() {
            return;
        }
        let set: HashSet<String> = chain_instructions(cx.df, last.index)
            .flat_map(labels)
            .map(|l| l.key)
            .collect();
        for key in schema.keys() {
            if !set.contains(key) {
                let msg = format!("label `{key}` is missing from the final image");
                out.push(cx.finding(&Self::META, msg, last.image.start, last.image.end));
            }
        }
    }
}
