use super::formats::is_git_hash;
use super::labels::check_format;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::config::LabelType;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `LABEL` value that is not a git commit hash, for every label the configured schema
    /// types as `hash`. Variables are expanded first; a value whose variables have no known value
    /// is not judged, and an empty value is left to label-empty.
    ///
    /// ## Why is this bad?
    /// The value ties the image to the exact commit it was built from; a branch name (`main`)
    /// moves.
    ///
    /// ## Example
    /// With `[labels.schema] "org.opencontainers.image.revision" = "hash"`:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.revision=main
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// LABEL org.opencontainers.image.revision=4f9c2a1e0b7d3c5a6e8f9d0c1b2a3e4f5d6c7b8a
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3055 (which accepts only 7 or 40 characters; git abbreviates to more than 7 in
    ///   large repositories, and SHA-256 repositories use 64)
    pub LabelNotGitHash {
        code: "DF055",
        name: "label-not-git-hash",
        practice: BuildHygiene,
        severity: Low,
        summary: "schema label of type hash is not a git commit hash",
        aliases: ["DL3055"],
        references: ["https://github.com/opencontainers/image-spec/blob/main/annotations.md"],
        remediation: "use the commit id: git rev-parse HEAD",
    }
}

impl DockerfileRule for LabelNotGitHash {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        check_format(
            cx,
            &Self::META,
            LabelType::Hash,
            "a git commit hash",
            is_git_hash,
            out,
        );
    }
}
