use super::labels::labels;
use super::util::walk_scope;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` that sets a label of the configured schema to an empty value
    /// (`LABEL org.opencontainers.image.version=""`), variables expanded (an `ARG` whose
    /// default is empty counts; one with no default is not judged).
    ///
    /// ## Why is this bad?
    /// An empty label looks present to a check for its presence but carries nothing: usually a
    /// build argument the CI forgot to pass.
    ///
    /// ## Example
    /// ```dockerfile
    /// LABEL org.opencontainers.image.revision=""
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ARG GIT_SHA
    /// LABEL org.opencontainers.image.revision=$GIT_SHA
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3051
    pub LabelEmpty {
        code: "DF051",
        name: "label-empty",
        practice: BuildHygiene,
        severity: Low,
        summary: "schema label with an empty value",
        aliases: ["DL3051"],
        references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
        remediation: "give the label a value",
    }
}

impl DockerfileRule for LabelEmpty {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let schema = &cx.config.label_schema;
        if schema.is_empty() {
            return;
        }
        walk_scope(cx, |ins, vars| {
            for l in labels(ins) {
                if schema.contains_key(&l.key)
                    && l.resolved(vars).is_some_and(|v| v.trim().is_empty())
                {
                    let (s, e) = if l.end > l.value_start {
                        (l.value_start, l.end)
                    } else {
                        (l.key_start, l.end)
                    };
                    out.push(cx.finding(&Self::META, format!("label `{}` is empty", l.key), s, e));
                }
            }
        });
    }
}
