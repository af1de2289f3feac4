//! Dockerfile rules: structure family. One file per rule; listed explicitly below.

mod latest_tag;
mod root_user;
pub(crate) use root_user::is_root;

use super::DockerfileRule;

/// The rules of this family, in code order.
pub static RULES: &[&dyn DockerfileRule] = &[
    \&root_user::RootUser,
    \&latest_tag::LatestTag,
];
