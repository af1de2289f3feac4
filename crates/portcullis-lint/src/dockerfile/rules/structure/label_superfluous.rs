use super::labels::labels;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// With `[labels] strict = true` (`strict-labels` in `.hadolint.yaml`), reports every
    /// `LABEL` key that the configured label schema does not list. Keys built from variables
    /// are not judged.
    ///
    /// ## Why is this bad?
    /// A strict schema is a contract: labels outside it are typos of schema labels
    /// (`org.opencontainers.image.licence`) or metadata nobody maintains.
    ///
    /// ## Example
    /// With `strict = true` and a schema without `build-host`:
    /// ```dockerfile
    /// LABEL build-host=ci-runner-7
    /// ```
    /// Use instead: add the key to the schema, or remove the label.
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3050
    pub LabelSuperfluous {
        code: "DF050",
        name: "label-superfluous",
        practice: BuildHygiene,
        severity: Info,
        summary: "label not in the configured strict label schema",
        aliases: ["DL3050"],
        references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
        remediation: "remove the label or add it to the label schema",
    }
}

impl DockerfileRule for LabelSuperfluous {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        if !cx.config.strict_labels {
            return;
        }
        for ins in &cx.df.instructions {
            for l in labels(ins) {
                if !l.key.contains('$') && !cx.config.label_schema.contains_key(&l.key) {
                    let msg = format!("label `{}` is not in the label schema", l.key);
                    out.push(cx.finding(&Self::META, msg, l.key_start, l.key_end));
                }
            }
        }
    }
}
