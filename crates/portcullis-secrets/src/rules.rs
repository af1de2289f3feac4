//! The built-in secret rules: one entry per credential format, covering Trivy's categories
//! (cloud keys, VCS tokens, chat and payment tokens, package registries, private keys, JWT,
//! registry auths, credentials in URLs, generic assignments).
//!
//! Each pattern marks the secret with the capture group `s` (the whole match when absent).
//! Patterns are compiled together in byte mode with Unicode off: `\b`, `\s` and classes are
//! ASCII, `(?i)` is ASCII case folding. Keywords are lower case; a rule's pattern is only
//! considered when one of its keywords occurs in the input (ASCII case-insensitive).

use portcullis_core::Severity;

/// What kind of credential a rule finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Category {
    Aws,
    Gcp,
    Azure,
    GitHub,
    GitLab,
    Slack,
    Stripe,
    Twilio,
    SendGrid,
    Npm,
    PyPI,
    HuggingFace,
    OpenAi,
    Docker,
    UrlCredentials,
    PrivateKey,
    Jwt,
    Generic,
}

impl Category {
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Aws => "AWS",
            Category::Gcp => "GCP",
            Category::Azure => "Azure",
            Category::GitHub => "GitHub",
            Category::GitLab => "GitLab",
            Category::Slack => "Slack",
            Category::Stripe => "Stripe",
            Category::Twilio => "Twilio",
            Category::SendGrid => "SendGrid",
            Category::Npm => "npm",
            Category::PyPI => "PyPI",
            Category::HuggingFace => "HuggingFace",
            Category::OpenAi => "OpenAI",
            Category::Docker => "Docker",
            Category::UrlCredentials => "URL credentials",
            Category::PrivateKey => "AsymmetricPrivateKey",
            Category::Jwt => "JWT",
            Category::Generic => "Generic",
        }
    }
}

/// How a match is validated after the regex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Validate {
    /// The format is specific enough: only documented example values are dropped.
    Format,
    /// An assigned value: also drops placeholders and references (`$VAR`, `/path`).
    Assigned,
    /// A generic `name = value` assignment: placeholders, references and low-entropy values are
    /// dropped; `password` says the name is a password (lower entropy accepted).
    Generic { password: bool },
    /// The match is a marker that is safe to show (a private key's `BEGIN` line).
    Marker,
}

/// One secret rule.
#[derive(Debug, PartialEq, Eq)]
pub struct SecretRule {
    /// Stable id, Trivy-style: `aws-access-key-id`.
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    pub title: &'static str,
    /// Lower-case keywords; the pattern is tried only when one occurs.
    pub keywords: &'static [&'static str],
    pub(crate) pattern: &'static str,
    pub(crate) validate: Validate,
}

macro_rules! rule {
    ($id:literal, $cat:ident, $sev:ident, $title:literal, [$($kw:literal),+], $re:literal, $v:expr) => {
        SecretRule {
            id: $id,
            category: Category::$cat,
            severity: Severity::$sev,
            title: $title,
            keywords: &[$($kw),+],
            pattern: $re,
            validate: $v,
        }
    };
}

use Validate::{Assigned, Format, Generic, Marker};

/// Characters that end a token: anything that cannot be part of a base64url token.
/// (Documented here; used literally in the patterns as `(?:[^A-Za-z0-9_-]|$)`.)
///
/// Order matters: when two rules match at the same place the earlier one wins, so specific
/// formats come before generic assignments.
pub static BUILTIN_RULES: &[SecretRule] = &[
    rule!(
        "aws-access-key-id",
        Aws,
        Critical,
        "AWS access key ID",
        ["akia", "asia", "abia", "acca", "a3t"],
        r"\b(?P<s>(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})\b",
        Format
    ),
    rule!(
        "aws-secret-access-key",
        Aws,
        Critical,
        "AWS secret access key",
        ["aws"],
        r#"(?i)aws_?(?:secret)?_?(?:access)?_?key["']?\s*(?:=|:|=>)\s*["']?(?P<s>[A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        Format
    ),
    rule!(
        "gcp-service-account",
        Gcp,
        Critical,
        "Google Cloud service-account key",
        ["private_key_id"],
        r#""private_key_id"\s*:\s*"(?P<s>[a-f0-9]{40})""#,
        Format
    ),
    rule!(
        "gcp-api-key",
        Gcp,
        High,
        "Google API key",
        ["aiza"],
        r"\b(?P<s>AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)",
        Format
    ),
    rule!(
        "azure-storage-account-key",
        Azure,
        Critical,
        "Azure storage account key",
        ["accountkey"],
        r"(?i)AccountKey\s*=\s*(?P<s>[A-Za-z0-9+/]{86}==)",
        Format
    ),
    rule!(
        "azure-client-secret",
        Azure,
        High,
        "Azure AD client secret",
        ["q~"],
        r"(?:^|[^A-Za-z0-9_~.-])(?P<s>[A-Za-z0-9_~.]{3}[0-9]Q~[A-Za-z0-9_~.-]{31,34})(?:[^A-Za-z0-9_~.-]|$)",
        Format
    ),
    rule!(
        "github-pat",
        GitHub,
        Critical,
        "GitHub personal access token",
        ["ghp_"],
        r"\b(?P<s>ghp_[0-9A-Za-z]{36})\b",
        Format
    ),
    rule!(
        "github-oauth",
        GitHub,
        Critical,
        "GitHub OAuth access token",
        ["gho_"],
        r"\b(?P<s>gho_[0-9A-Za-z]{36})\b",
        Format
    ),
    rule!(
        "github-app-token",
        GitHub,
        Critical,
        "GitHub app token",
        ["ghu_", "ghs_"],
        r"\b(?P<s>(?:ghu|ghs)_[0-9A-Za-z]{36})\b",
        Format
    ),
    rule!(
        "github-refresh-token",
        GitHub,
        Critical,
        "GitHub refresh token",
        ["ghr_"],
        r"\b(?P<s>ghr_[0-9A-Za-z]{36,})\b",
        Format
    ),
    rule!(
        "github-fine-grained-pat",
        GitHub,
        Critical,
        "GitHub fine-grained personal access token",
        ["github_pat_"],
        r"\b(?P<s>github_pat_[0-9A-Za-z_]{82})\b",
        Format
    ),
    rule!(
        "gitlab-pat",
        GitLab,
        Critical,
        "GitLab personal access token",
        ["glpat-"],
        r"\b(?P<s>glpat-[0-9A-Za-z_-]{20,})(?:[^0-9A-Za-z_-]|$)",
        Format
    ),
    rule!(
        "slack-access-token",
        Slack,
        High,
        "Slack token",
        ["xox"],
        r"\b(?P<s>xox[baprse]-[0-9]{6,}-[0-9A-Za-z-]{8,})",
        Format
    ),
    rule!(
        "slack-web-hook",
        Slack,
        Medium,
        "Slack webhook URL",
        ["hooks.slack.com"],
        r"(?P<s>https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{20,})",
        Format
    ),
    rule!(
        "stripe-secret-token",
        Stripe,
        Critical,
        "Stripe live secret key",
        ["sk_live_", "rk_live_"],
        r"\b(?P<s>(?:sk|rk)_live_[0-9A-Za-z]{20,})\b",
        Format
    ),
    rule!(
        "twilio-api-key",
        Twilio,
        Medium,
        "Twilio API key",
        ["sk"],
        r"\b(?P<s>SK[0-9a-f]{32})\b",
        Format
    ),
    rule!(
        "sendgrid-api-token",
        SendGrid,
        Medium,
        "SendGrid API token",
        ["sg."],
        r"\b(?P<s>SG\.[0-9A-Za-z_-]{22}\.[0-9A-Za-z_-]{43})(?:[^0-9A-Za-z_-]|$)",
        Format
    ),
    rule!(
        "npm-access-token",
        Npm,
        Critical,
        "npm access token",
        ["npm_"],
        r"\b(?P<s>npm_[0-9A-Za-z]{36})\b",
        Format
    ),
    rule!(
        "npmrc-auth",
        Npm,
        Critical,
        "registry credential in .npmrc (_authToken / _auth / _password)",
        ["_authtoken", "_auth", "_password"],
        r#"(?i)(?:^|[\s:/"'])(?:_authToken|_auth|_password)\s*=\s*["']?(?P<s>[^\s"'$]{8,})"#,
        Assigned
    ),
    rule!(
        "pypi-upload-token",
        PyPI,
        High,
        "PyPI upload token",
        ["pypi-ageichlwas5vcmc"],
        r"\b(?P<s>pypi-AgEIcHlwaS5vcmc[0-9A-Za-z_-]{50,})",
        Format
    ),
    rule!(
        "hugging-face-access-token",
        HuggingFace,
        Critical,
        "Hugging Face access token",
        ["hf_"],
        r"\b(?P<s>hf_[A-Za-z]{34})\b",
        Format
    ),
    rule!(
        "openai-api-key",
        OpenAi,
        Critical,
        "OpenAI API key",
        ["t3blbkfj"],
        r"\b(?P<s>sk-(?:proj-|svcacct-|admin-)?[0-9A-Za-z_-]{20,}T3BlbkFJ[0-9A-Za-z_-]{20,})",
        Format
    ),
    rule!(
        "docker-hub-pat",
        Docker,
        High,
        "Docker Hub personal access token",
        ["dckr_pat_"],
        r"\b(?P<s>dckr_pat_[0-9A-Za-z_-]{27})(?:[^0-9A-Za-z_-]|$)",
        Format
    ),
    rule!(
        "dockerconfig-secret",
        Docker,
        High,
        "registry credential in a Docker config (auths)",
        ["\"auth\"", "\"identitytoken\""],
        r#""(?:auth|identitytoken)"\s*:\s*"(?P<s>[A-Za-z0-9+/_.-]{12,}={0,2})""#,
        Assigned
    ),
    rule!(
        "url-credentials",
        UrlCredentials,
        High,
        "password in a URL (.git-credentials, connection strings)",
        ["://"],
        r#"\b[A-Za-z][A-Za-z0-9+.-]*://[^\s/:@'"]+:(?P<s>[^\s/@'"]{3,})@[A-Za-z0-9]"#,
        Assigned
    ),
    rule!(
        "private-key",
        PrivateKey,
        High,
        "private key",
        ["private key"],
        r"(?P<s>-----BEGIN[ A-Z0-9]* PRIVATE KEY(?: BLOCK)?-----)[ \t]*\r?\n(?:[A-Za-z-]+:[^\n]*\n){0,4}\s*[A-Za-z0-9+/=\r\n]{64}",
        Marker
    ),
    rule!(
        "jwt-token",
        Jwt,
        Medium,
        "JSON Web Token",
        ["eyj"],
        r"\b(?P<s>eyJ[0-9A-Za-z_-]{10,}\.eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,})",
        Format
    ),
    rule!(
        "generic-password",
        Generic,
        High,
        "password assigned in plain text",
        ["password", "passwd", "pwd"],
        r#"(?i)[A-Za-z0-9_.-]*(?:password|passwd|pwd)["']?\s*(?:=|:|=>)\s*["']?(?P<s>[^\s"'`;,#()<>{}\[\]]{6,})"#,
        Generic { password: true }
    ),
    rule!(
        "generic-secret",
        Generic,
        Medium,
        "secret, token or API key assigned in plain text",
        [
            "secret",
            "token",
            "api_key",
            "apikey",
            "api-key",
            "access_key",
            "private_key",
            "auth_key"
        ],
        r#"(?i)[A-Za-z0-9_.-]*(?:secret|token|api[_-]?key|access[_-]?key|private[_-]?key|auth[_-]?key)["']?\s*(?:=|:|=>)\s*["']?(?P<s>[^\s"'`;,#()<>{}\[\]]{12,})"#,
        Generic { password: false }
    ),
];

/// Documented example values that are published on purpose (AWS documentation, jwt.io).
pub(crate) const KNOWN_EXAMPLES: &[&str] = &[
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
];

#[cfg(test)]
mod tests {
    //! Positive and negative vectors for every rule. Secrets are assembled at run time so that
    //! this file holds no credential-shaped literal.
    use super::BUILTIN_RULES;
    use crate::Scanner;

    /// `n` characters cycling through `alphabet`.
    fn fill(alphabet: &str, n: usize) -> String {
        alphabet.chars().cycle().take(n).collect()
    }
    const B62: &str = "q8Zr2LpX0vWm4Tn6Yb1KcJ5hGd7FsA3eRu9Ni";
    const HEX: &str = "3fa9c07e1b5d2846";

    fn ids(text: &str) -> Vec<&'static str> {
        Scanner::builtin()
            .scan_str(text)
            .into_iter()
            .map(|m| m.rule.id)
            .collect()
    }

    fn fires(id: &str, text: &str) {
        assert!(
            ids(text).contains(&id),
            "{id} should fire on {text:?}, got {:?}",
            ids(text)
        );
    }

    fn silent(id: &str, text: &str) {
        assert!(!ids(text).contains(&id), "{id} should not fire on {text:?}");
    }

    #[test]
    fn every_rule_has_vectors_and_unique_id() {
        let mut seen = std::collections::HashSet::new();
        for r in BUILTIN_RULES {
            assert!(seen.insert(r.id), "duplicate {}", r.id);
            assert!(r.keywords.iter().all(|k| k.to_ascii_lowercase() == *k));
            assert!(r.pattern.contains("(?P<s>"), "{} marks its secret", r.id);
        }
    }

    #[test]
    fn aws() {
        let id = format!("AKIA{}", fill("Z7VRSQ5TJN2PLMHX", 16));
        fires("aws-access-key-id", &format!("aws_access_key_id = {id}"));
        fires("aws-access-key-id", &format!("key:{id}\n"));
        silent("aws-access-key-id", "AKIAIOSFODNN7EXAMPLE");
        silent("aws-access-key-id", &format!("X{id}"));
        let secret = fill("wJ8rXUtn4EMIK7MDz2NGbPxRfiCYq9abc/+d", 40);
        fires(
            "aws-secret-access-key",
            &format!("aws_secret_access_key = {secret}"),
        );
        fires(
            "aws-secret-access-key",
            &format!("AWS_SECRET_ACCESS_KEY=\"{secret}\""),
        );
        silent(
            "aws-secret-access-key",
            "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        );
        silent(
            "aws-secret-access-key",
            &format!("aws_secret_access_key = {secret}XYZ"),
        );
    }

    #[test]
    fn gcp() {
        fires(
            "gcp-service-account",
            &format!(
                "{{\"type\": \"service_account\", \"private_key_id\": \"{}\"}}",
                fill(HEX, 40)
            ),
        );
        silent("gcp-service-account", "\"private_key_id\": \"\"");
        fires(
            "gcp-api-key",
            &format!("key={}", format_args!("AIza{}", fill(B62, 35))),
        );
        silent("gcp-api-key", &format!("AIza{}", fill(B62, 20)));
    }

    #[test]
    fn azure() {
        fires(
            "azure-storage-account-key",
            &format!(
                "DefaultEndpointsProtocol=https;AccountName=x;AccountKey={}==;",
                fill(B62, 86)
            ),
        );
        silent("azure-storage-account-key", "AccountKey=short==");
        fires(
            "azure-client-secret",
            &format!("client_secret: abc3Q~{}", fill(B62, 32)),
        );
        silent("azure-client-secret", "Q~ alone");
    }

    #[test]
    fn github_and_gitlab() {
        let body = fill(B62, 36);
        fires("github-pat", &format!("token ghp_{body}"));
        fires("github-oauth", &format!("gho_{body}"));
        fires("github-app-token", &format!("ghs_{body}"));
        fires("github-app-token", &format!("ghu_{body}"));
        fires("github-refresh-token", &format!("ghr_{body}"));
        fires(
            "github-fine-grained-pat",
            &format!("github_pat_{}", fill(B62, 82)),
        );
        silent("github-pat", &format!("ghp_{}", fill(B62, 20)));
        silent("github-pat", &format!("xghp_{body}"));
        fires("gitlab-pat", &format!("glpat-{}", fill(B62, 20)));
        silent("gitlab-pat", "glpat-short");
    }

    #[test]
    fn chat_payment_mail() {
        fires(
            "slack-access-token",
            &format!("xoxb-123456789012-{}", fill(B62, 24)),
        );
        silent("slack-access-token", "xoxb-not-a-token");
        fires(
            "slack-web-hook",
            &format!(
                "https://hooks.slack.com/services/T000/B000/{}",
                fill(B62, 24)
            ),
        );
        silent("slack-web-hook", "https://hooks.slack.com/services/");
        fires("stripe-secret-token", &format!("sk_live_{}", fill(B62, 24)));
        silent("stripe-secret-token", &format!("sk_test_{}", fill(B62, 24)));
        fires("twilio-api-key", &format!("SK{}", fill(HEX, 32)));
        silent("twilio-api-key", &format!("SK{}", fill(HEX, 31)));
        fires(
            "sendgrid-api-token",
            &format!("SG.{}.{}", fill(B62, 22), fill(B62, 43)),
        );
        silent("sendgrid-api-token", "SG.short.short");
    }

    #[test]
    fn package_registries() {
        fires("npm-access-token", &format!("npm_{}", fill(B62, 36)));
        silent("npm-access-token", "npm_config_cache");
        fires(
            "npmrc-auth",
            &format!("//registry.npmjs.org/:_authToken={}", fill(B62, 30)),
        );
        fires("npmrc-auth", &format!("_auth = {}", fill(B62, 16)));
        silent(
            "npmrc-auth",
            "//registry.npmjs.org/:_authToken=${NPM_TOKEN}",
        );
        fires(
            "pypi-upload-token",
            &format!("password = pypi-AgEIcHlwaS5vcmc{}", fill(B62, 60)),
        );
        silent("pypi-upload-token", "pypi-AgEIcHlwaS5vcmcshort");
        fires(
            "hugging-face-access-token",
            &format!("hf_{}", fill("qZrLpXvWmTnYbKcJhGdFsAeRuNi", 34)),
        );
        silent("hugging-face-access-token", "hf_hub_download");
        fires(
            "openai-api-key",
            &format!("sk-proj-{}T3BlbkFJ{}", fill(B62, 24), fill(B62, 24)),
        );
        silent("openai-api-key", "T3BlbkFJ");
    }

    #[test]
    fn docker_and_urls() {
        fires("docker-hub-pat", &format!("dckr_pat_{}", fill(B62, 27)));
        fires(
            "dockerconfig-secret",
            &format!(
                "{{\"auths\":{{\"r.io\":{{\"auth\":\"{}=\"}}}}}}",
                fill(B62, 27)
            ),
        );
        silent(
            "dockerconfig-secret",
            "{\"auths\":{\"r.io\":{\"auth\":\"\"}}}",
        );
        fires(
            "url-credentials",
            "https://deploy:S3cr3t-Pa55w0rd@git.example.org\n",
        );
        fires("url-credentials", "postgres://app:Xk29!fhsQ@db:5432/app");
        silent("url-credentials", "https://user:${TOKEN}@git.example.org");
        silent("url-credentials", "https://git.example.org/a:b@c");
        silent("url-credentials", "https://user:password@host");
    }

    #[test]
    fn private_keys() {
        let body = fill("MIIEowIBAAKCAQEAx4Zr2LpX0vWm4Tn6Yb1Kc", 64);
        for kind in ["RSA ", "EC ", "OPENSSH ", "DSA ", "ENCRYPTED ", "", "PGP "] {
            let block = if kind == "PGP " { " BLOCK" } else { "" };
            let text = format!(
                "-----BEGIN {kind}PRIVATE KEY{block}-----\n{body}\n{body}\n-----END {kind}PRIVATE KEY{block}-----\n"
            );
            fires("private-key", &text);
        }
        fires(
            "private-key",
            &format!(
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0011\n\n{body}\n"
            ),
        );
        // A header without a key body: code that mentions the marker.
        silent(
            "private-key",
            "if line == \"-----BEGIN RSA PRIVATE KEY-----\":\n    pass\n",
        );
        silent(
            "private-key",
            &format!("-----BEGIN PUBLIC KEY-----\n{body}\n"),
        );
    }

    #[test]
    fn jwt() {
        fires(
            "jwt-token",
            &format!(
                "eyJ{}.eyJ{}.{}",
                fill(B62, 20),
                fill(B62, 30),
                fill(B62, 40)
            ),
        );
        silent(
            "jwt-token",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
        );
        silent("jwt-token", "eyJ.eyJ.x");
    }

    #[test]
    fn generic() {
        fires("generic-password", "DB_PASSWORD=Xk29!fhsQ\n");
        fires("generic-password", "password: \"hunter2!\"");
        fires("generic-password", "spring.datasource.password=Tr0ub4dor3");
        silent("generic-password", "password=changeme");
        silent("generic-password", "password: ${DB_PASSWORD}");
        silent("generic-password", "password = get_password()");
        silent("generic-password", "password_file=/run/secrets/db");
        silent("generic-password", "password: required");
        silent("generic-password", "PASSWORD=new_password");
        silent("generic-password", "password = self.password");
        fires(
            "generic-secret",
            &format!("client_secret = \"{}\"", fill(B62, 32)),
        );
        fires("generic-secret", &format!("API_KEY={}", fill(B62, 24)));
        silent("generic-secret", "secret_key_base = ENV.fetch(\"SECRET\")");
        silent("generic-secret", "token: aaaaaaaaaaaaaaaaaaaa");
        silent("generic-secret", "tokenizer = some_module.tokenizer_name");
        silent("generic-secret", "secret = my_secret_value_here");
    }

    #[test]
    fn specific_rule_wins_inside_a_generic_assignment() {
        let t = format!("GITHUB_TOKEN=ghp_{}", fill(B62, 36));
        assert_eq!(ids(&t), ["github-pat"]);
    }
}
