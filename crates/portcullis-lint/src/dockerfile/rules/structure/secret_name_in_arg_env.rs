use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `ARG` or `ENV` (`ONBUILD` included) whose name says it holds a secret. The
    /// name is split into words (`_`, `-`, `.` and camelCase): it is reported when a word is
    /// or ends with `password`, `passwd`, `pword`, `passphrase`, `secret`, `token`,
    /// `credential(s)`, `creds` or `apikey` (`DB_PASSWORD`, `clientSecret`, `GITHUB_TOKEN`), or
    /// when two words name a key (`API_KEY`, `AWS_ACCESS_KEY_ID`, `SSH_PRIVATE_KEY`,
    /// `SIGNING_KEY`). Not reported: names that contain `public` (`NEXT_PUBLIC_API_KEY`), names
    /// whose last word says the value is not the secret itself (`TOKEN_URL`,
    /// `POSTGRES_PASSWORD_FILE`, `SECRET_NAME`, `PASSWORD_LENGTH`, ...), values that are
    /// absolute paths (`GOOGLE_APPLICATION_CREDENTIALS=/run/secrets/gcp.json`), and words that
    /// merely contain a keyword (`TOKENIZERS_PARALLELISM`, `PRIVATE_REGISTRY`, `GPG_KEY`).
    ///
    /// ## Why is this bad?
    /// `ENV` values are stored in the image configuration, and `ARG` values in the history of
    /// every `RUN` that uses them: anyone who can pull the image can read the secret.
    ///
    /// ## Example
    /// ```dockerfile
    /// ARG NPM_TOKEN
    /// RUN echo "//registry.npmjs.org/:_authToken=$NPM_TOKEN" > .npmrc && npm ci
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3064 (a fixed name list plus substrings such as `token`, `private` and
    ///   `username`, which also match `TOKENIZERS_PARALLELISM` or `PRIVATE_REGISTRY`);
    ///   BuildKit SecretsUsedInArgOrEnv
    pub SecretNameInArgEnv {
        code: "DF064",
        name: "secret-name-in-arg-env",
        practice: Secrets,
        severity: High,
        summary: "ARG or ENV named like a secret",
        aliases: ["DL3064", "SecretsUsedInArgOrEnv"],
        references: ["https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/"],
        remediation: "pass secrets with RUN --mount=type=secret, never through ARG or ENV",
    }
}

/// Words that are (or end) a secret's name.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwords",
    "passwd",
    "pword",
    "passphrase",
    "secret",
    "secrets",
    "token",
    "tokens",
    "credential",
    "credentials",
    "creds",
    "apikey",
    "apikeys",
];

/// `X_KEY` where X makes the key a secret one.
const KEY_KINDS: &[&str] = &[
    "api",
    "access",
    "private",
    "secret",
    "client",
    "signing",
    "encryption",
    "master",
    "account",
    "auth",
    "app",
    "application",
    "license",
    "session",
    "ssh",
    "deploy",
];

/// Last words that make the value something about a secret, not the secret.
const NOT_THE_SECRET: &[&str] = &[
    "url",
    "uri",
    "endpoint",
    "host",
    "hostname",
    "port",
    "file",
    "path",
    "dir",
    "directory",
    "name",
    "type",
    "length",
    "len",
    "ttl",
    "expiry",
    "expires",
    "expiration",
    "timeout",
    "header",
    "prefix",
    "suffix",
    "mode",
    "enabled",
    "disabled",
    "required",
    "format",
    "algorithm",
    "version",
    "size",
    "count",
    "field",
    "param",
    "location",
    "scope",
    "scopes",
    "issuer",
    "audience",
    "lifetime",
    "duration",
    "rotation",
    "env",
    "var",
];

/// `clientSecret_v2` → `["client", "secret", "v2"]`.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            out.extend((!cur.is_empty()).then(|| std::mem::take(&mut cur)));
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    out.extend((!cur.is_empty()).then_some(cur));
    out
}

/// Whether a variable name says it holds a secret.
pub fn is_secret_name(name: &str) -> bool {
    let w = words(name);
    let Some(last) = w.last() else { return false };
    if w.iter().any(|x| x == "public") || NOT_THE_SECRET.contains(&last.as_str()) {
        return false;
    }
    w.iter()
        .any(|x| SECRET_WORDS.iter().any(|s| x.ends_with(s)))
        || w.windows(2)
            .any(|p| p[1] == "key" && KEY_KINDS.contains(&p[0].as_str()))
}

impl DockerfileRule for SecretNameInArgEnv {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.df.all_instructions() {
            if !matches!(ins.kind, Kind::Arg | Kind::Env) {
                continue;
            }
            for kv in ins.key_values() {
                if !is_secret_name(&kv.key)
                    || kv.value.as_deref().is_some_and(|v| v.starts_with('/'))
                {
                    continue;
                }
                let kw = ins.kind.as_str();
                let stays = if ins.kind == Kind::Env {
                    "the image configuration"
                } else {
                    "the image history"
                };
                let msg = format!(
                    "`{kw} {}` looks like a secret: its value stays in {stays}",
                    kv.key
                );
                out.push(cx.finding(&Self::META, msg, kv.key_start, kv.key_start + kv.key.len()));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{is_secret_name, words};

    #[test]
    fn splits_words() {
        assert_eq!(words("clientSecret_v2"), ["client", "secret", "v2"]);
        assert_eq!(words("AWS_ACCESS_KEY_ID"), ["aws", "access", "key", "id"]);
        assert_eq!(words("apiKey"), ["api", "key"]);
    }

    #[test]
    fn secret_names() {
        for yes in [
            "GITHUB_TOKEN",
            "npm_token",
            "AWS_SECRET_ACCESS_KEY",
            "AWS_ACCESS_KEY_ID",
            "DB_PASSWORD",
            "MYSQL_ROOT_PASSWORD",
            "apiKey",
            "API_KEY",
            "SSH_PRIVATE_KEY",
            "JWT_SECRET",
            "OKTA_OAUTH2_CLIENTSECRET",
            "CREDENTIALS",
            "SECRET_KEY_BASE",
            "TOKEN",
            "passwd",
            "GPG_PASSPHRASE",
            "DEPLOY_KEY",
        ] {
            assert!(is_secret_name(yes), "{yes}");
        }
        for no in [
            "TOKENIZERS_PARALLELISM",
            "PRIVATE_REGISTRY",
            "USERNAME",
            "GPG_KEY",
            "PUBLIC_KEY",
            "NEXT_PUBLIC_API_KEY",
            "TOKEN_URL",
            "POSTGRES_PASSWORD_FILE",
            "SECRET_NAME",
            "PASSWORD_LENGTH",
            "KEY",
            "PWD",
            "PATH",
            "",
            "SECRETSMANAGER_REGION",
            "KEYCLOAK_VERSION",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
    }
}
