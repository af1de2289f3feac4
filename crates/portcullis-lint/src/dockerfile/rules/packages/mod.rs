//! Dockerfile rules: packages family. One file per rule; listed explicitly below.

mod apk_cache;
mod apk_unpinned;
mod apt_install_recommends;
mod apt_instead_of_apt_get;
mod apt_lists_left;
mod apt_no_yes;
mod apt_unpinned;
mod dist_upgrade;
mod dnf_clean_missing;
mod dnf_no_yes;
mod dnf_unpinned;
mod rpm;
mod update_without_install;
mod util;
mod yum_clean_missing;
mod yum_no_yes;
mod yum_unpinned;
mod zypper_clean_missing;
mod zypper_dist_upgrade;
mod zypper_no_yes;
mod zypper_unpinned;

use super::DockerfileRule;

/// The rules of this family, in code order.
pub static RULES: &[&dyn DockerfileRule] = &[
    &apt_unpinned::AptUnpinned,
    &apt_lists_left::AptListsLeft,
    &apt_no_yes::AptNoYes,
    &apt_install_recommends::AptInstallRecommends,
    &apk_unpinned::ApkUnpinned,
    &apk_cache::ApkCache,
    &apt_instead_of_apt_get::AptInsteadOfAptGet,
    &yum_no_yes::YumNoYes,
    &yum_clean_missing::YumCleanMissing,
    &yum_unpinned::YumUnpinned,
    &zypper_no_yes::ZypperNoYes,
    &zypper_dist_upgrade::ZypperDistUpgrade,
    &zypper_clean_missing::ZypperCleanMissing,
    &zypper_unpinned::ZypperUnpinned,
    &dnf_no_yes::DnfNoYes,
    &dnf_clean_missing::DnfCleanMissing,
    &dnf_unpinned::DnfUnpinned,
    &dist_upgrade::DistUpgrade,
    &update_without_install::UpdateWithoutInstall,
];
