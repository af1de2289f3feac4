//! Dockerfile and Compose parsing and rules. Pure: no I/O; callers pass text in.

pub mod compose;
pub mod dockerfile;
mod memo;
pub mod shell;

/// Every lint rule's metadata (Dockerfile rules today; Compose rules join them).
pub fn all_rules() -> Vec<&'static portcullis_core::RuleMeta> {
    dockerfile::rules::rules().map(|r| r.meta()).collect()
}
