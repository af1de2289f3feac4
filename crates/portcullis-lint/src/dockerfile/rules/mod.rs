//! Dockerfile rules: one file each, listed explicitly in [`RULES`].
//!
//! Adding a rule touches three places: its file here, the slice below, and its fixture in
//! `tests/fixtures/dockerfile/<CODE>.Dockerfile`.

mod commands;
mod packages;
pub(crate) mod security;
mod structure;

/// End-of-life dates of distributions and runtimes, shared with the image checks (IMG012).
pub use security::eol_table;

use super::context::Ctx;
use portcullis_core::{Finding, RuleMeta};

/// A rule over one Dockerfile.
pub trait DockerfileRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>);
}

/// Implements [`DockerfileRule::meta`] for a rule declared with `declare_rule!`.
macro_rules! rule_meta {
    () => {
        fn meta(&self) -> &'static portcullis_core::RuleMeta {
            &Self::META
        }
    };
}
pub(crate) use rule_meta;

/// Every Dockerfile rule, family by family: structure (instructions and stages), packages
/// (package managers), commands (other shell commands), security (secrets, supply chain,
/// privilege, minimal images).
pub static RULE_SETS: &[&[&dyn DockerfileRule]] = &[
    structure::RULES,
    packages::RULES,
    commands::RULES,
    security::RULES,
];

/// Every Dockerfile rule.
pub fn rules() -> impl Iterator<Item = &'static dyn DockerfileRule> {
    RULE_SETS.iter().flat_map(|s| s.iter().copied())
}
