use super::formats::is_url;
use super::labels::check_format;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::config::LabelType;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` value that is not a valid URL, for every label the configured schema types
    /// as `url`. Variables are expanded first; a value whose variables have no known value is
    /// not judged, and an empty value is left to label-empty.
    ///
    /// ## Why is this bad?
    /// Tools link to the value; a value without a scheme (`github.com/x`) is not a link.
    ///
    /// ## Example
    /// With `[labels.schema] "org.opencontainers.image.source" = "url"`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source=github.com/example/app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.source=https://github.com/example/app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3052
    pub LabelNotUrl {
        code: "DF052",
        name: "label-not-url",
        practice: BuildHygiene,
        severity: Low,
        summary: "schema label of type url is not a URL",
        aliases: ["DL3052"],
        references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
        remediation: "write an absolute URL with its scheme: https://...",
    }
}

impl DockerfileRule for LabelNotUrl {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        check_format(cx, &Self::META, LabelType::Url, "a valid URL", is_url, out);
    }
}
