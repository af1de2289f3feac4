//! Dockerfile rules: packages family. One file per rule; listed explicitly below.

mod apt_install_recommends;

use super::DockerfileRule;

/// The rules of this family, in code order.
pub static RULES: &[&dyn DockerfileRule] = &[
    \&apt_install_recommends::AptInstallRecommends,
];
