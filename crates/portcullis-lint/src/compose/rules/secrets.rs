//! Secrets: literals in `environment:`, env files and secret files that git would commit,
//! secret files that are missing or readable by others, build secrets not passed.

use super::{ComposeRule, rule_meta};
use crate::compose::dotenv;
use crate::compose::lint::Cx;
use crate::compose::yaml::Node;
use crate::dockerfile::rules::security::secrets::{
    find_secrets, is_placeholder, literal_password, mask,
};
use portcullis_core::{Finding, Severity, declare_rule};
use std::path::Path;

/// Whether a variable name says it holds a secret.
pub fn is_secret_key(key: &str) -> bool {
    let k = key.to_ascii_uppercase();
    if k.ends_with("_FILE")
        || k.ends_with("_PATH")
        || k.ends_with("_URL") && !k.contains("DATABASE")
    {
        return false;
    }
    [
        "PASSWORD",
        "PASSWD",
        "SECRET",
        "TOKEN",
        "API_KEY",
        "APIKEY",
        "PRIVATE_KEY",
        "ACCESS_KEY",
        "_PWD",
        "CREDENTIAL",
    ]
    .iter()
    .any(|w| k.contains(w))
}

/// A secret in `KEY=value`: by value pattern, or by key name with a literal value.
pub fn secret_in(key: &str, value: &str) -> Option<(Severity, String)> {
    let v = value.trim();
    if v.is_empty() || v.starts_with("vault:") || v.starts_with("/run/secrets/") {
        return None;
    }
    if let Some(m) = find_secrets(&format!("{key}={v}")).into_iter().next() {
        return Some((Severity::Critical, format!("{} `{}`", m.kind, m.shown)));
    }
    if is_secret_key(key) && literal_password(v) && !is_placeholder(v) {
        return Some((
            Severity::High,
            format!("literal value `{}` for `{key}`", mask(v)),
        ));
    }
    None
}

declare_rule! {
    /// ## What it does
    /// Reports literal secrets in a service's `environment:`: values that look like a token,
    /// a key or a URL with a password (critical), and literal values of variables named like
    /// secrets (`*_PASSWORD`, `*_TOKEN`, `*_SECRET`, `API_KEY`; high). References are fine:
    /// `${DB_PASSWORD}` (interpolated from the environment), `*_FILE` variables pointing to
    /// `/run/secrets/…`, `vault:` references.
    ///
    /// ## Why is this bad?
    /// The Compose file is committed, copied and printed (`docker inspect` shows the
    /// environment to anyone with API access).
    ///
    /// ## Example
    /// ```yaml
    ///     environment:
    ///       POSTGRES_PASSWORD: hunter2-prod
    /// ```
    /// Use instead: `POSTGRES_PASSWORD_FILE: /run/secrets/db_password` with a `secrets:` entry.
    ///
    /// ## Fix safety
    /// No automatic fix: rotate the secret, then move it to `secrets:`.
    ///
    /// ## References
    /// - KICS "Passwords And Secrets - Generic Password"
    pub SecretInEnvironment {
        code: "DC060",
        name: "compose-secret-in-environment",
        practice: Secrets,
        severity: High,
        summary: "a literal secret in a service's environment",
        aliases: ["Passwords And Secrets - Generic Password"],
        references: ["https://docs.docker.com/compose/how-tos/use-secrets/"],
        remediation: "rotate the secret; pass it with `secrets:` (and a `*_FILE` variable) or from a secret store",
    }
}

impl ComposeRule for SecretInEnvironment {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            for e in s.get("environment").and_then(Node::as_map).unwrap_or(&[]) {
                // a value that came from interpolation is not written in the file
                let Some(v) = e.value.text() else { continue };
                let raw = raw_text(cx, &e.value);
                if raw.as_deref().is_some_and(|r| r.contains('$')) {
                    continue;
                }
                if let Some((sev, what)) = secret_in(&e.key, &v) {
                    let mut f = Self::META.finding(
                        format!(
                            "service `{}` has a secret in its environment: {what}",
                            s.name
                        ),
                        cx.at(e.value.pos),
                    );
                    f.severity = sev;
                    out.push(f);
                }
            }
        }
    }
}

/// The source text of a scalar (to tell literals from interpolated values).
fn raw_text(cx: &Cx, n: &Node) -> Option<String> {
    let f = cx.project.files.get(n.pos.file as usize)?;
    let line = f.text.lines().nth(n.pos.line.checked_sub(1)? as usize)?;
    let start = (n.pos.col as usize).saturating_sub(1);
    let s: String = line.chars().skip(start).collect();
    Some(s)
}

declare_rule! {
    /// ## What it does
    /// Reports an `env_file:` that holds secrets (by value pattern or secret-named variables
    /// with literal values) and that git does not ignore.
    ///
    /// ## Why is this bad?
    /// The next `git add .` commits the credentials; they stay in history after deletion.
    ///
    /// ## Example
    /// ```yaml
    ///     env_file: prod.env     # holds DB_PASSWORD=…, not in .gitignore
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: add the file to `.gitignore` (and rotate if it was ever committed).
    pub EnvFileSecretNotIgnored {
        code: "DC061",
        name: "env-file-secret-not-ignored",
        practice: Secrets,
        severity: High,
        summary: "an env file with secrets is not ignored by git",
        aliases: [],
        references: ["https://docs.docker.com/compose/how-tos/environment-variables/set-environment-variables/#use-the-env_file-attribute"],
        remediation: "add the env file to .gitignore; keep a secret-free example file in the repository instead",
    }
}

impl ComposeRule for EnvFileSecretNotIgnored {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            for n in s.get("env_file").and_then(Node::as_seq).unwrap_or(&[]) {
                let Some(p) = n
                    .as_str()
                    .map(str::to_string)
                    .or_else(|| n.get("path").and_then(Node::text))
                else {
                    continue;
                };
                let path = Path::new(&p);
                let Ok(text) = cx.host.read(path) else {
                    continue;
                };
                let hits: Vec<String> = dotenv::parse(&text, &Default::default())
                    .into_iter()
                    .filter_map(|v| {
                        secret_in(&v.key, v.value.as_deref()?)
                            .map(|_| format!("{} (line {})", v.key, v.line))
                    })
                    .collect();
                if !hits.is_empty() && !cx.host.git_ignored(path) {
                    out.push(Self::META.finding(format!("service `{}` reads env file {p}, which holds secrets ({}) and is not ignored by git", s.name, hits.join(", ")), cx.at(n.pos)));
                }
            }
        }
    }
}

fn secret_files<'a>(cx: &Cx<'a>) -> Vec<(&'a crate::compose::yaml::Entry, &'a Node, String)> {
    cx.project
        .section("secrets")
        .iter()
        .filter_map(|e| {
            let f = e.value.get("file")?;
            Some((e, f, f.text()?))
        })
        .collect()
}

declare_rule! {
    /// ## What it does
    /// Reports a top-level `secrets:` entry whose `file:` does not exist.
    ///
    /// ## Why is this bad?
    /// Compose refuses to start the services that use it; a deployment script may then fall
    /// back to a literal in the environment.
    ///
    /// ## Example
    /// ```yaml
    /// secrets:
    ///   db_password:
    ///     file: ./secrets/db_password.txt
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub SecretFileMissing {
        code: "DC062",
        name: "secret-file-missing",
        practice: Secrets,
        severity: Medium,
        summary: "a secret's file does not exist",
        aliases: [],
        references: ["https://docs.docker.com/reference/compose-file/secrets/"],
        remediation: "create the file (mode 0600) or point `file:` at it",
    }
}

impl ComposeRule for SecretFileMissing {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for (e, n, p) in secret_files(cx) {
            if cx.host.mode(Path::new(&p)).is_none() {
                out.push(Self::META.finding(
                    format!("secret `{}`: file {p} does not exist", e.key),
                    cx.at(n.pos),
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a secret file readable by its group or by everyone (mode bits `0o044`).
    ///
    /// ## Why is this bad?
    /// Every local user (and every container that bind-mounts the directory) can read it.
    ///
    /// ## Example
    /// `-rw-r--r-- secrets/db_password.txt`
    ///
    /// ## Fix safety
    /// No automatic fix: `chmod 600` the file.
    pub SecretFileReadable {
        code: "DC063",
        name: "secret-file-readable",
        practice: Secrets,
        severity: Medium,
        summary: "a secret's file is readable by group or others",
        aliases: [],
        references: ["https://docs.docker.com/reference/compose-file/secrets/"],
        remediation: "chmod 600 the file",
    }
}

impl ComposeRule for SecretFileReadable {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for (e, n, p) in secret_files(cx) {
            if let Some(m) = cx.host.mode(Path::new(&p))
                && m & 0o044 != 0
            {
                out.push(Self::META.finding(
                    format!(
                        "secret `{}`: file {p} has mode {:04o}, readable by {}",
                        e.key,
                        m & 0o7777,
                        if m & 0o004 != 0 {
                            "everyone"
                        } else {
                            "its group"
                        }
                    ),
                    cx.at(n.pos),
                ));
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a secret file that git does not ignore, or that lies inside the build context
    /// of a service and is not excluded by `.dockerignore`.
    ///
    /// ## Why is this bad?
    /// It gets committed, or `COPY . .` copies it into the image where anyone who pulls the
    /// image can read it.
    ///
    /// ## Example
    /// ```yaml
    /// secrets:
    ///   api_key:
    ///     file: ./api_key.txt      # not in .gitignore
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub SecretFileNotIgnored {
        code: "DC064",
        name: "secret-file-not-ignored",
        practice: Secrets,
        severity: High,
        summary: "a secret's file would be committed or copied into an image",
        aliases: [],
        references: ["https://docs.docker.com/build/concepts/context/#dockerignore-files"],
        remediation: "add the file to .gitignore and to the build context's .dockerignore",
    }
}

impl ComposeRule for SecretFileNotIgnored {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for (e, n, p) in secret_files(cx) {
            let path = Path::new(&p);
            if cx.host.mode(path).is_none() {
                continue;
            }
            if !cx.host.git_ignored(path) {
                out.push(Self::META.finding(
                    format!("secret `{}`: file {p} is not ignored by git", e.key),
                    cx.at(n.pos),
                ));
            }
            for s in cx.services() {
                let Some(ctx) = s.get("build").and_then(|b| {
                    b.as_str()
                        .map(str::to_string)
                        .or_else(|| b.get("context").and_then(Node::text))
                }) else {
                    continue;
                };
                let ctx = Path::new(&ctx);
                if path.starts_with(ctx) && !cx.host.docker_ignored(ctx, path) {
                    out.push(Self::META.finding(format!("secret `{}`: file {p} is inside the build context of `{}` and not in its .dockerignore", e.key, s.name), cx.at(n.pos)));
                }
            }
        }
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a `RUN --mount=type=secret,id=X` in the Dockerfile a service builds when the
    /// service's `build.secrets` does not pass `X`.
    ///
    /// ## Why is this bad?
    /// The build runs without the secret (the step fails or silently skips), and the usual
    /// "fix" is to pass it as a build argument, which stores it in the image history.
    ///
    /// ## Example
    /// ```yaml
    ///   app:
    ///     build: .      # Dockerfile: RUN --mount=type=secret,id=npmrc npm ci
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub BuildSecretNotPassed {
        code: "DC065",
        name: "build-secret-not-passed",
        practice: Secrets,
        severity: Medium,
        summary: "a build secret the Dockerfile reads is not passed by the service",
        aliases: [],
        references: ["https://docs.docker.com/reference/compose-file/build/#secrets"],
        remediation: "declare the secret at the top level and list it under the service's `build.secrets`",
    }
}

impl ComposeRule for BuildSecretNotPassed {
    rule_meta!();
    fn check(&self, cx: &Cx, out: &mut Vec<Finding>) {
        for s in cx.services() {
            let Some(b) = cx.built.get(s.name) else {
                continue;
            };
            let passed: Vec<String> = s
                .get("build")
                .and_then(|b| b.get("secrets"))
                .and_then(Node::as_seq)
                .unwrap_or(&[])
                .iter()
                .filter_map(|n| {
                    n.text()
                        .or_else(|| n.get("target").and_then(Node::text))
                        .or_else(|| n.get("source").and_then(Node::text))
                })
                .collect();
            for (id, line) in &b.secret_ids {
                if !passed.contains(id) {
                    let at = cx.at_name(&s);
                    out.push(Self::META.finding(format!("service `{}`: {} (line {line}) reads build secret `{id}`, which `build.secrets` does not pass", s.name, b.path), at));
                }
            }
        }
    }
}

pub static RULES: &[&dyn ComposeRule] = &[
    &SecretInEnvironment,
    &EnvFileSecretNotIgnored,
    &SecretFileMissing,
    &SecretFileReadable,
    &SecretFileNotIgnored,
    &BuildSecretNotPassed,
];
