//! Dockerfile rules: security family. One file per rule; listed explicitly below.
//!
//! Shared tables live in small modules beside the rules: `secrets` (secret formats),
//! `installs` (package-manager install/remove detection), `perms` (file modes), `dockerignore`
//! (.dockerignore matching), `images` (stages and image names), `eol_table` (end-of-life dates).

mod dockerignore;
mod eol_table;
mod images;
mod installs;
mod perms;
mod secrets;

mod add_url_without_checksum;
mod base_image_not_allowed;
mod build_tools_in_final_stage;
mod curl_pipe_shell;
mod eol_base_image;
mod full_distro_base;
mod insecure_build;
mod missing_user;
mod no_digest;
mod secret_file_copied;
mod secret_value;
mod setuid_bit;
mod ssh_exposed;
mod tls_verification_disabled;
mod world_writable;

use super::DockerfileRule;

/// The rules of this family, in code order.
pub static RULES: &[&dyn DockerfileRule] = &[
    &missing_user::MissingUser,
    &secret_value::SecretValue,
    &secret_file_copied::SecretFileCopied,
    &curl_pipe_shell::CurlPipeShell,
    &add_url_without_checksum::AddUrlWithoutChecksum,
    &world_writable::WorldWritable,
    &setuid_bit::SetuidBit,
    &ssh_exposed::SshExposed,
    &insecure_build::InsecureBuild,
    &build_tools_in_final_stage::BuildToolsInFinalStage,
    &full_distro_base::FullDistroBase,
    &no_digest::NoDigest,
    &eol_base_image::EolBaseImage,
    &base_image_not_allowed::BaseImageNotAllowed,
    &tls_verification_disabled::TlsVerificationDisabled,
];

#[cfg(test)]
pub(crate) mod testing {
    use crate::dockerfile::context::Ctx;
    use crate::dockerfile::parse;
    use crate::dockerfile::rules::DockerfileRule;
    use portcullis_core::Finding;
    use portcullis_core::config::Config;

    /// Runs one rule over `src` with the default configuration.
    pub fn run(rule: &dyn DockerfileRule, src: &str, dockerignore: Option<&str>) -> Vec<Finding> {
        let df = parse(src);
        let config = Config::default();
        let cx = Ctx::new("Dockerfile", &df, &config, dockerignore);
        let mut out = Vec::new();
        rule.check(&cx, &mut out);
        out
    }
}
