//! Dockerfile rules: security family. One file per rule; listed explicitly below.
//!
//! Shared tables live in small modules beside the rules: `secrets` (secret formats),
//! `installs` (package-manager install/remove detection), `perms` (file modes), `dockerignore`
//! (.dockerignore matching), `images` (stages and image names), `eol_table` (end-of-life dates).

mod dockerignore;
pub mod eol_table;
pub(crate) mod images;
mod installs;
mod perms;
pub(crate) mod secrets;

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

#[cfg(test)]
mod tests {
    use super::RULES;
    use super::testing::run;

    /// Every rule of the family survives odd input without panicking.
    #[test]
    fn odd_files_do_not_panic() {
        let odd = [
            "",
            "FROM",
            "FROM \u{e9}\u{20ac}:\u{fc}\nRUN \u{e9}=password=\u{20ac}\u{20ac}\u{20ac}\u{20ac}\n",
            "FROM x\nRUN <<EOF\ncurl | sh\n",
            "FROM x\nCOPY <<'EOF' /a\n-----BEGIN\nEOF\n",
            "FROM x\nRUN chmod\nRUN chmod -R\nRUN mkdir -m\nRUN install -m\nRUN find -exec chmod\n",
            "FROM x\nCOPY --chmod= a b\nADD --checksum= http:// /\nADD git@ /\nADD https://x.git# /\n",
            "FROM x\nEXPOSE 22-\nEXPOSE -22\nEXPOSE /tcp\nEXPOSE ${P:-22}\n",
            "ARG A=${A}\nFROM ${A}:${A}@\nRUN --security --network\n",
            "FROM x\nENV password\nENV p=\"\nLABEL a=\"https://u:@h\" b='x://:p@'\n",
            "FROM x\nCOPY [\"\", \"\"]\nCOPY . \nCOPY --exclude= . .\n",
            "FROM x\nRUN sh -c\nRUN bash -c \"$(\"\nRUN curl | \nRUN apk add -t\n",
            "FROM python:\nFROM :3.8\nFROM @sha256:\nFROM node:-\n",
        ];
        for src in odd {
            for rule in RULES {
                let _ = run(*rule, src, Some("!\n**\n[\n"));
                let _ = run(*rule, src, None);
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
        /// Random Dockerfile-ish text built from the tokens the rules look at.
        #[test]
        fn random_files_do_not_panic(tokens in proptest::collection::vec(proptest::sample::select(vec![
            "FROM ", "RUN ", "COPY ", "ADD ", "ENV ", "ARG ", "EXPOSE ", "USER ", "ONBUILD ", "LABEL ", "\n", " ", "\\\n",
            "<<EOF", "EOF", "curl -fsSL https://x", "|", " sh", "$(", ")", "\"", "'", "=", "password", "ghp_", "AKIA",
            "chmod ", "777", "u+s", "--chmod=", "--checksum=", "--network=host", "--security=insecure", "22", "/tcp",
            "apt-get install -y ", "apk add ", "gcc", "openssh-server", "python:3.8", "node:16-alpine3.15", "scratch",
            "${A}", "AS b", ".env", "*.pem", ".", "-k", "--insecure", "NODE_TLS_REJECT_UNAUTHORIZED=0", "é", "€",
        ]), 0..40)) {
            let src: String = tokens.concat();
            for rule in RULES {
                let _ = run(*rule, &src, Some(".env\n!x\n**/*.pem\n"));
            }
        }
    }
}
