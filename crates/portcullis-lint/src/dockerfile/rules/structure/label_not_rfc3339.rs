use super::formats::is_rfc3339;
use super::labels::check_format;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::config::LabelType;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` value that is not an RFC 3339 time, for every label the configured schema
    /// types as `rfc3339`. Variables are expanded first; a value whose variables have no known
    /// value is not judged, and an empty value is left to label-empty.
    ///
    /// ## Why is this bad?
    /// Tools sort and compare images by the value; a date in another format (`05/01/2024`) cannot
    /// be compared, and one without a time zone is ambiguous.
    ///
    /// ## Example
    /// With `[labels.schema] "org.opencontainers.image.created" = "rfc3339"`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.created=2024-05-01
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.created=2024-05-01T12:30:00Z
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3053
    pub LabelNotRfc3339 {
        code: "DF053",
        name: "label-not-rfc3339",
        practice: BuildHygiene,
        severity: Low,
        summary: "schema label of type rfc3339 is not an RFC 3339 time",
        aliases: ["DL3053"],
        references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
        remediation: "write the time as 2024-05-01T12:30:00Z (date -u +%Y-%m-%dT%H:%M:%SZ)",
    }
}

impl DockerfileRule for LabelNotRfc3339 {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        check_format(
            cx,
            &Self::META,
            LabelType::Rfc3339,
            "an RFC 3339 time",
            is_rfc3339,
            out,
        );
    }
}
