use super::formats::is_semver;
use super::labels::check_format;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::config::LabelType;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` value that is not a semantic version, for every label the configured
    /// schema types as `semver`. Variables are expanded first; a value whose variables have no
    /// known value is not judged, and an empty value is left to label-empty.
    ///
    /// ## Why is this bad?
    /// Tools compare versions by the value; `v1.2` or `1.2` do not compare as versions.
    ///
    /// ## Example
    /// With `[labels.schema] "org.opencontainers.image.version" = "semver"`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version=v1.2
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.version=1.2.0
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3056
    pub LabelNotSemver {
        code: "DF056",
        name: "label-not-semver",
        practice: BuildHygiene,
        severity: Low,
        summary: "schema label of type semver is not a semantic version",
        aliases: ["DL3056"],
        references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
        remediation: "write MAJOR.MINOR.PATCH, e.g. 1.2.0 or 1.2.0-rc.1",
    }
}

impl DockerfileRule for LabelNotSemver {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        check_format(
            cx,
            &Self::META,
            LabelType::Semver,
            "a semantic version",
            is_semver,
            out,
        );
    }
}
