use super::formats::is_email;
use super::labels::check_format;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::config::LabelType;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` value that is not an e-mail address, for every label the configured schema
    /// types as `email`. Variables are expanded first; a value whose variables have no known value
    /// is not judged, and an empty value is left to label-empty.
    ///
    /// ## Why is this bad?
    /// People and tools write to the value; a name alone (`Jane Doe`) or `Name <address>` is not an
    /// address.
    ///
    /// ## Example
    /// With `[labels.schema] "maintainer" = "email"`:
    /// ```dockerfile
    /// LABEL maintainer="Jane Doe"
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL maintainer=jane@example.com
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3058
    pub LabelNotEmail {
        code: "DF058",
        name: "label-not-email",
        practice: BuildHygiene,
        severity: Low,
        summary: "schema label of type email is not an e-mail address",
        aliases: ["DL3058"],
        references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
        remediation: "write a bare address: team@example.com",
    }
}

impl DockerfileRule for LabelNotEmail {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        check_format(
            cx,
            &Self::META,
            LabelType::Email,
            "an e-mail address",
            is_email,
            out,
        );
    }
}
