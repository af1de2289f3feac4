//! Whether a variable or label name says that its value is a secret (`DB_PASSWORD`,
//! `githubToken`, `AWS_SECRET_ACCESS_KEY`), for image `Env`, labels and build arguments.

/// Words that make a name secret when a word of the name ends with them.
const SECRET_WORDS: &[&str] = &[
    "password",
    "passwd",
    "passphrase",
    "secret",
    "token",
    "credential",
    "credentials",
    "apikey",
    "privatekey",
    "accesskey",
    "secretkey",
    "clientsecret",
    "authkey",
];

/// `X_KEY` is secret when X is one of these (`API_KEY`, `PRIVATE_KEY`, `ACCESS_KEY`).
const KEY_KINDS: &[&str] = &[
    "api",
    "private",
    "access",
    "secret",
    "auth",
    "encryption",
    "signing",
    "master",
    "license",
    "deploy",
    "ssh",
    "client",
    "app",
    "account",
    "service",
];

/// A name whose last word is one of these holds something about a secret, not the secret
/// (`PASSWORD_FILE`, `TOKEN_URL`, `SECRET_NAME`).
const NOT_THE_SECRET: &[&str] = &[
    "file",
    "files",
    "path",
    "paths",
    "url",
    "uri",
    "endpoint",
    "host",
    "port",
    "id",
    "ids",
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
    "region",
    "policy",
    "hash",
    "method",
];

/// Whole names that are known and public (`GPG_KEY` of the official images is a fingerprint).
const KNOWN_PUBLIC: &[&str] = &["gpg_key", "gpg_keys", "pwd", "key"];

/// `clientSecret_v2` → `["client", "secret", "v2"]`.
fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Whether a variable name says it holds a secret. `AWS_ACCESS_KEY_ID` counts (the id is half
/// of a credential pair); `GPG_KEY`, `PUBLIC_KEY`, `PASSWORD_FILE`, `TOKEN_URL` do not.
pub fn is_secret_name(name: &str) -> bool {
    if KNOWN_PUBLIC.contains(&name.to_ascii_lowercase().as_str()) {
        return false;
    }
    let w = words(name);
    let Some(last) = w.last() else { return false };
    if w.iter().any(|x| x == "public") {
        return false;
    }
    let aws_key_id = w.windows(3).any(|p| p == ["access", "key", "id"]);
    if NOT_THE_SECRET.contains(&last.as_str()) && !aws_key_id {
        return false;
    }
    w.iter()
        .any(|x| SECRET_WORDS.iter().any(|s| x.ends_with(s)))
        || w.windows(2)
            .any(|p| p[1] == "key" && KEY_KINDS.contains(&p[0].as_str()))
}

#[cfg(test)]
mod tests {
    use super::{is_secret_name, words};

    #[test]
    fn splits_words() {
        assert_eq!(words("clientSecret_v2"), ["client", "secret", "v2"]);
        assert_eq!(words("AWS_ACCESS_KEY_ID"), ["aws", "access", "key", "id"]);
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
            "SSH_PRIVATE_KEY",
            "JWT_SECRET",
            "CREDENTIALS",
            "SECRET_KEY_BASE",
            "passwd",
            "GPG_PASSPHRASE",
            "org.example.deploy-token",
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
            "KEYCLOAK_VERSION",
        ] {
            assert!(!is_secret_name(no), "{no}");
        }
    }
}
