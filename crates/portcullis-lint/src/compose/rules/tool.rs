//! Problems of the Compose input itself (PC045–PC054).

use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a `$VAR` or `${VAR}` in a Compose file whose variable is set neither in the
    /// environment nor in the project's `.env` (or `--env-file`). Compose replaces it with an
    /// empty string, as portcullis does before checking.
    ///
    /// ## Why is this bad?
    /// The checked configuration is not the one that will run where the variable is set: an
    /// image tag, a port binding or a user may differ there.
    ///
    /// ## Example
    /// ```yaml
    /// services:
    ///   web:
    ///     image: "nginx:${NGINX_TAG}"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: give the variable a default (`${NGINX_TAG:-1.27}`) or set it in `.env`.
    pub VariableUnset {
        code: "PC045",
        name: "compose-variable-unset",
        practice: BuildHygiene,
        severity: Low,
        summary: "a Compose variable without a value",
        aliases: [],
        references: ["https://docs.docker.com/compose/how-tos/environment-variables/variable-interpolation/"],
        remediation: "set the variable in `.env`, or give it a default with `${VAR:-default}`",
    }
}

/// The Compose tool findings.
pub static TOOL_RULES: &[&portcullis_core::RuleMeta] = &[&VariableUnset::META];
