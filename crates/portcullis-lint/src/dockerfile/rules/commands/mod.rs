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

#[cfg(test)]
mod scratch {
    #[test]
    #[ignore]
    fn show() {
        let path = std::env::var("DF").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let cfg = portcullis_core::config::Config::default();
        let res = crate::dockerfile::lint::lint(&path, &text, &cfg, None);
        let lines: Vec<&str> = text.lines().collect();
        for f in res
            .findings
            .iter()
            .filter(|f| f.rule.as_str() >= "DF002" && f.rule.as_str() <= "DF073")
        {
            let l = f.location.line.unwrap_or(0) as usize;
            let (c, ec) = (
                f.location.column.unwrap_or(0) as usize,
                f.location.end_column.unwrap_or(0) as usize,
            );
            let src = lines.get(l.wrapping_sub(1)).copied().unwrap_or("");
            let span: String = src
                .chars()
                .skip(c.saturating_sub(1))
                .take(ec.saturating_sub(c))
                .collect();
            println!("{}:{}:{} {} [{}] {}", l, c, ec, f.rule, span, f.message);
        }
    }
}
