use super::formats::is_spdx;
use super::labels::check_format;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::config::LabelType;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` value that is not an SPDX license expression, for every label the
    /// configured schema types as `spdx`. Variables are expanded first; a value whose variables
    /// have no known value is not judged, and an empty value is left to label-empty.
    ///
    /// ## Why is this bad?
    /// Licence scanners read the value; a free-text licence (`Apache 2`) is not recognised and the
    /// image is flagged as unlicensed.
    ///
    /// ## Example
    /// With `[labels.schema] "org.opencontainers.image.licenses" = "spdx"`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.licenses="Apache 2"
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.licenses=Apache-2.0
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3054 (which accepts a single licence id only; the OCI annotation is defined as
    ///   an SPDX expression, so `MIT OR Apache-2.0` is accepted here)
    pub LabelNotSpdx {
        code: "DF054",
        name: "label-not-spdx",
        practice: BuildHygiene,
        severity: Low,
        summary: "schema label of type spdx is not an SPDX license expression",
        aliases: ["DL3054"],
        references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
        remediation: "use SPDX ids and operators: MIT, Apache-2.0 OR MIT, LicenseRef-Proprietary",
    }
}

impl DockerfileRule for LabelNotSpdx {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        check_format(
            cx,
            &Self::META,
            LabelType::Spdx,
            "an SPDX license expression",
            is_spdx,
            out,
        );
    }
}
