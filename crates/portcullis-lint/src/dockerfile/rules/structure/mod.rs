//! Dockerfile rules: structure family. One file per rule; listed explicitly below.
//! `util`, `labels` and `formats` hold what several rules share.

mod formats;
mod labels;
mod util;

mod add_instead_of_copy;
mod copy_from_own_stage;
mod copy_from_unknown_stage;
mod copy_multi_source_dest;
mod copy_relative_without_workdir;
mod copy_whole_filesystem;
mod duplicate_stage_name;
mod env_self_reference;
mod from_platform;
mod inline_pragma;
mod instruction_order;
mod invalid_label_key;
mod invalid_port;
mod label_empty;
mod label_missing;
mod label_not_email;
mod label_not_git_hash;
mod label_not_rfc3339;
mod label_not_semver;
mod label_not_spdx;
mod label_not_url;
mod label_superfluous;
mod latest_tag;
mod maintainer_deprecated;
mod missing_healthcheck;
mod multiple_cmd;
mod multiple_entrypoint;
mod multiple_healthchecks;
mod non_numeric_user;
mod onbuild_forbidden;
mod redundant_target_platform;
mod relative_workdir;
mod reserved_stage_name;
mod root_user;
mod secret_name_in_arg_env;
mod shell_form_cmd;
mod untagged_image;
mod untrusted_registry;
// For other families (e.g. a missing-user rule).
#[allow(unused_imports)]
pub(crate) use root_user::is_root;

use super::DockerfileRule;

/// The rules of this family, in code order.
pub static RULES: &[&dyn DockerfileRule] = &[
    &relative_workdir::RelativeWorkdir,
    &root_user::RootUser,
    &untagged_image::UntaggedImage,
    &latest_tag::LatestTag,
    &invalid_port::InvalidPort,
    &multiple_healthchecks::MultipleHealthchecks,
    &add_instead_of_copy::AddInsteadOfCopy,
    &copy_multi_source_dest::CopyMultiSourceDest,
    &copy_from_unknown_stage::CopyFromUnknownStage,
    &copy_from_own_stage::CopyFromOwnStage,
    &duplicate_stage_name::DuplicateStageName,
    &shell_form_cmd::ShellFormCmd,
    &untrusted_registry::UntrustedRegistry,
    &from_platform::FromPlatform,
    &onbuild_forbidden::OnbuildForbidden,
    &env_self_reference::EnvSelfReference,
    &copy_relative_without_workdir::CopyRelativeWithoutWorkdir,
    &invalid_label_key::InvalidLabelKey,
    &label_missing::LabelMissing,
    &label_superfluous::LabelSuperfluous,
    &label_empty::LabelEmpty,
    &label_not_url::LabelNotUrl,
    &label_not_rfc3339::LabelNotRfc3339,
    &label_not_spdx::LabelNotSpdx,
    &label_not_git_hash::LabelNotGitHash,
    &label_not_semver::LabelNotSemver,
    &missing_healthcheck::MissingHealthcheck,
    &label_not_email::LabelNotEmail,
    &instruction_order::InstructionOrder,
    &reserved_stage_name::ReservedStageName,
    &secret_name_in_arg_env::SecretNameInArgEnv,
    &redundant_target_platform::RedundantTargetPlatform,
    &non_numeric_user::NonNumericUser,
    &copy_whole_filesystem::CopyWholeFilesystem,
    &maintainer_deprecated::MaintainerDeprecated,
    &multiple_cmd::MultipleCmd,
    &multiple_entrypoint::MultipleEntrypoint,
    &inline_pragma::InlinePragma,
];
