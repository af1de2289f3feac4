//! The IMG rules: one file each. Configuration checks are functions over [`ConfigCtx`]; content
//! checks are predicates that [`crate::ContentAudit`] applies to every layer entry.

mod add_in_history;
mod eol_distribution;
mod latest_tag;
mod no_healthcheck;
mod package_cache_left;
mod root_user;
mod scan_truncated;
mod secret_file;
mod secret_in_config;
mod secret_in_layer;
mod setuid_file;
mod shell_in_minimal_image;
mod stale_image;
mod sudo_installed;
mod world_writable;

pub use add_in_history::AddInHistory;
pub use eol_distribution::{EolDistribution, eol_entry};
pub use latest_tag::LatestTag;
pub use no_healthcheck::NoHealthcheck;
pub use package_cache_left::{PackageCacheLeft, cache_of};
pub use root_user::RootUser;
pub use scan_truncated::SecretScanTruncated;
pub use secret_file::SecretFile;
pub use secret_in_config::SecretInConfig;
pub use secret_in_layer::SecretInLayer;
pub use setuid_file::SetuidFile;
pub use shell_in_minimal_image::{ShellInMinimalImage, shell_or_package_manager};
pub use stale_image::StaleImage;
pub use sudo_installed::{SudoInstalled, is_sudo};
pub use world_writable::WorldWritable;

pub(crate) use eol_distribution::check as eol_check;
pub(crate) use secret_file::secret_file_kind;
pub(crate) use setuid_file::{bits as setuid_bits, matches as setuid_file_matches};
pub(crate) use shell_in_minimal_image::is_package_db;
pub(crate) use world_writable::matches as world_writable_matches;

use crate::config::ConfigCtx;
use portcullis_core::{Finding, RuleMeta};

/// A check over the image configuration.
pub type ConfigCheck = fn(&ConfigCtx<'_>, &mut Vec<Finding>);

/// The configuration checks, in code order.
pub(crate) static CONFIG_CHECKS: &[ConfigCheck] = &[
    root_user::check,
    no_healthcheck::check,
    secret_in_config::check,
    add_in_history::check,
    sudo_installed::check_history,
    stale_image::check,
    eol_distribution::check,
    latest_tag::check,
];

/// Every rule of this crate, for `portcullis rules` and `explain`.
pub static IMAGE_AUDIT_RULES: &[&RuleMeta] = &[
    &RootUser::META,
    &NoHealthcheck::META,
    &SetuidFile::META,
    &WorldWritable::META,
    &SecretInConfig::META,
    &SecretInLayer::META,
    &AddInHistory::META,
    &SudoInstalled::META,
    &PackageCacheLeft::META,
    &ShellInMinimalImage::META,
    &StaleImage::META,
    &EolDistribution::META,
    &LatestTag::META,
    &SecretFile::META,
    &SecretScanTruncated::META,
];

#[cfg(test)]
pub(crate) mod testing {
    use crate::config::ConfigCtx;
    use portcullis_core::Finding;
    use serde_json::Value;
    use time::macros::datetime;

    /// Runs one config check on a config document, with `now` = 2026-12-01.
    pub fn run<'a>(
        check: super::ConfigCheck,
        config: &'a Value,
        tweak: impl FnOnce(&mut ConfigCtx<'a>),
    ) -> Vec<Finding> {
        let mut cx = ConfigCtx::new("test/image:1", config, datetime!(2026-12-01 0:00 UTC));
        tweak(&mut cx);
        let mut out = Vec::new();
        check(&cx, &mut out);
        out
    }
}

#[cfg(test)]
mod tests {
    use super::IMAGE_AUDIT_RULES;

    #[test]
    fn codes_names_and_docs() {
        let mut codes = std::collections::HashSet::new();
        let mut names = std::collections::HashSet::new();
        for r in IMAGE_AUDIT_RULES {
            assert!(codes.insert(r.code), "{}", r.code);
            assert!(names.insert(r.name), "{}", r.name);
            assert!(
                r.code.starts_with("IMG") || r.code.starts_with("PC02"),
                "{}",
                r.code
            );
            for section in [
                "## What it does",
                "## Why is this bad?",
                "## Example",
                "## Fix safety",
            ] {
                assert!(r.docs.contains(section), "{} lacks {section}", r.code);
            }
        }
    }
}
