//! Compose checks, family by family, listed explicitly in [`RULE_SETS`]. Adding a check
//! touches three places: its declaration in a family file, that family's `RULES` slice, and
//! its fixture `tests/fixtures/compose/<CODE>.yaml`.

pub mod hardening;
pub mod images;
pub mod logging;
pub mod network;
pub mod privilege;
pub mod secrets;
pub mod tool;

pub use tool::VariableUnset;

use super::lint::Cx;
use portcullis_core::{Finding, RuleMeta};

/// A check over a Compose project.
pub trait ComposeRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>);
}

macro_rules! rule_meta {
    () => {
        fn meta(&self) -> &'static portcullis_core::RuleMeta {
            &Self::META
        }
    };
}
pub(crate) use rule_meta;

/// Every Compose check: privilege, runtime hardening, network, logging, images, secrets.
pub static RULE_SETS: &[&[&dyn ComposeRule]] = &[
    privilege::RULES,
    hardening::RULES,
    network::RULES,
    logging::RULES,
    images::RULES,
    secrets::RULES,
];

/// Every Compose check.
pub fn rules() -> impl Iterator<Item = &'static dyn ComposeRule> {
    RULE_SETS.iter().flat_map(|s| s.iter().copied())
}

/// Metadata of every Compose check and of the Compose tool findings (PC045–PC054).
pub fn all_rules() -> Vec<&'static RuleMeta> {
    let mut v: Vec<&'static RuleMeta> = rules().map(|r| r.meta()).collect();
    v.extend(tool::TOOL_RULES.iter().copied());
    v
}
