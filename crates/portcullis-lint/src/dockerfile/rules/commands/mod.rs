//! Dockerfile rules: commands family. One file per rule; listed explicitly below.

mod add_archive_extract;
mod cd_in_run;
mod consecutive_run;
mod gem_unpinned;
mod go_install_unpinned;
mod npm_unpinned;
mod pip_cache;
mod pip_unpinned;
mod pipefail;
mod pointless_command;
mod shell_via_ln;
mod sudo;
mod useradd_high_uid;
mod util;
mod wget_and_curl;
mod wget_progress;
mod yarn_cache;

use super::DockerfileRule;

/// The rules of this family, in code order.
pub static RULES: &[&dyn DockerfileRule] = &[
    &pointless_command::PointlessCommand,
    &cd_in_run::CdInRun,
    &sudo::Sudo,
    &add_archive_extract::AddArchiveExtract,
    &pip_unpinned::PipUnpinned,
    &npm_unpinned::NpmUnpinned,
    &gem_unpinned::GemUnpinned,
    &pip_cache::PipCache,
    &useradd_high_uid::UseraddHighUid,
    &wget_progress::WgetProgress,
    &consecutive_run::ConsecutiveRun,
    &yarn_cache::YarnCache,
    &go_install_unpinned::GoInstallUnpinned,
    &wget_and_curl::WgetAndCurl,
    &shell_via_ln::ShellViaLn,
    &pipefail::Pipefail,
];
