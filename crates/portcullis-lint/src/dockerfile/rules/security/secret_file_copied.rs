use super::dockerignore::{DockerIgnore, clean};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Instruction, Kind, Spanned};
use globset::GlobBuilder;
use portcullis_core::{Finding, Severity, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `COPY` and `ADD` instructions that put secret files into an image:
    ///
    /// - a source that names a secret file, or a glob that matches one (severity high):
    ///   `.env` and `.env.*` (not `.env.example`, `.sample`, `.template`, `.dist`, `.defaults`),
    ///   SSH private keys (`id_rsa`, `id_ecdsa`, `id_ed25519`, ...), `*.pem` and `*.key` files,
    ///   PKCS#12 keystores (`*.p12`, `*.pfx`), `.npmrc`, `.pypirc`, `.netrc`,
    ///   `.git-credentials`, `credentials.json`, `kubeconfig` and `.kube/config`, the `.aws/`
    ///   and `.ssh/` directories, `.docker/config.json`;
    /// - a copy of the whole build context (`COPY . .`, `COPY . /app`, `ADD . /srv`) when the
    ///   `.dockerignore` beside the Dockerfile (or the instruction's `--exclude`) does not exclude
    ///   `.env` and `*.pem`, or there is no `.dockerignore` (severity medium; the message names
    ///   the missing patterns).
    ///
    /// To stay precise, certificate-looking PEM files are not reported (`ca.pem`, `cert.pem`,
    /// `fullchain.pem`, anything under a `certs/` directory), nor public signing keys named
    /// `*.gpg.key`, `*.asc.key`, `public.key` or `Release.key`, nor `.ssh/known_hosts`,
    /// `.ssh/config`, `authorized_keys` and `*.pub`. Whole-context copies are checked only for
    /// files at the context root: `.env` in `.dockerignore` does not exclude `app/.env` (Docker
    /// anchors patterns at the root; use `**/.env`), which this rule does not guess at.
    ///
    /// ## Why is this bad?
    /// Every file copied into a layer stays in the image, even if a later `RUN rm` deletes it:
    /// anyone who can pull the image can extract it. Private keys, registry tokens and `.env`
    /// files copied "just for the build" are the most common way secrets leak through images.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY .npmrc id_rsa /root/
    /// RUN npm ci
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=npmrc,target=/root/.npmrc \
    ///     --mount=type=ssh \
    ///     npm ci
    /// ```
    /// and, for whole-context copies, a `.dockerignore` with at least:
    /// ```text
    /// .env
    /// **/.env
    /// *.pem
    /// *.key
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the build may need the file, through a secret mount instead.
    ///
    /// ## References
    /// - dockle CIS-DI-0010
    pub SecretFileCopied {
        code: "DF102",
        name: "secret-file-copied",
        practice: Secrets,
        severity: High,
        summary: "COPY/ADD puts secret files (keys, .env, credentials) into the image",
        aliases: ["CIS-DI-0010"],
        references: [
            "https://docs.docker.com/build/building/secrets/",
            "https://docs.docker.com/build/concepts/context/#dockerignore-files",
        ],
        remediation: "mount the file only while building (`RUN --mount=type=secret` or `--mount=type=ssh`) and exclude secrets in .dockerignore",
    }
}

const ENV_TEMPLATES: &[&str] = &[
    "example", "sample", "template", "dist", "defaults", "default", "tmpl", "tpl", "schema",
];
const SSH_KEYS: &[&str] = &[
    "id_rsa",
    "id_dsa",
    "id_ecdsa",
    "id_ed25519",
    "id_ecdsa_sk",
    "id_ed25519_sk",
    "identity",
];
/// Name words of certificates and public keys: such `.pem` / `.crt` files are not secrets.
const CERT_WORDS: &[&str] = &[
    "ca",
    "cacert",
    "cacerts",
    "cert",
    "certs",
    "certificate",
    "certificates",
    "chain",
    "fullchain",
    "bundle",
    "pub",
    "public",
    "root",
    "rootca",
    "trust",
    "trusted",
    "truststore",
    "intermediate",
    "crt",
];
/// Name words of public signing keys shipped as `.key`.
const PUBLIC_KEY_WORDS: &[&str] = &[
    "gpg",
    "pgp",
    "asc",
    "pub",
    "public",
    "release",
    "repo",
    "repository",
    "archive",
    "signing",
    "keyring",
    "apt",
];
const CERT_DIRS: &[&str] = &[
    "certs",
    "ca-certificates",
    "cacerts",
    "ca",
    "trust",
    "anchors",
];

/// What kind of secret a path (relative, `/`-separated, no glob) is, if any.
pub fn secret_file_kind(path: &str) -> Option<&'static str> {
    let path = clean(path);
    let comps: Vec<&str> = path.split('/').collect();
    let base = *comps.last()?;
    let lower = base.to_ascii_lowercase();
    let dirs = &comps[..comps.len() - 1];
    let words = |s: &str| -> Vec<String> {
        s.split(['.', '-', '_'])
            .map(|w| w.to_ascii_lowercase())
            .collect()
    };
    if lower == ".env" {
        return Some("dotenv file");
    }
    if let Some(suffix) = lower.strip_prefix(".env.") {
        return (!ENV_TEMPLATES
            .iter()
            .any(|t| suffix.split('.').any(|w| w == *t)))
        .then_some("dotenv file");
    }
    if SSH_KEYS.contains(&lower.as_str()) {
        return Some("SSH private key");
    }
    if let Some(i) = comps.iter().position(|c| *c == ".ssh") {
        let inside = &comps[i + 1..];
        let harmless = inside.last().is_some_and(|l| {
            matches!(
                *l,
                "known_hosts" | "config" | "authorized_keys" | "environment"
            ) || l.ends_with(".pub")
        });
        return (!harmless).then_some("SSH directory");
    }
    if let Some(i) = comps.iter().position(|c| *c == ".aws") {
        let inside = &comps[i + 1..];
        return (inside.is_empty() || inside.contains(&"credentials")).then_some("AWS credentials");
    }
    if comps.contains(&".docker") && (base == ".docker" || base == "config.json") {
        return Some("Docker registry credentials");
    }
    if lower == "kubeconfig"
        || (base == "config" && dirs.last() == Some(&".kube"))
        || base == ".kube"
    {
        return Some("Kubernetes credentials (kubeconfig)");
    }
    match lower.as_str() {
        ".npmrc" => return Some("npm credentials file (`.npmrc`)"),
        ".pypirc" => return Some("PyPI credentials file (`.pypirc`)"),
        ".netrc" | "_netrc" => return Some("netrc credentials file"),
        ".git-credentials" => return Some("git credential store"),
        "credentials.json" => return Some("credentials file"),
        _ => {}
    }
    let ext = lower.rsplit_once('.');
    let in_cert_dir = dirs
        .iter()
        .any(|d| CERT_DIRS.contains(&d.to_ascii_lowercase().as_str()));
    match ext {
        Some((stem, "pem")) => {
            let cert = in_cert_dir || words(stem).iter().any(|w| CERT_WORDS.contains(&w.as_str()));
            (!cert).then_some("PEM file (private key)")
        }
        Some((stem, "key")) => {
            let public = words(stem)
                .iter()
                .any(|w| PUBLIC_KEY_WORDS.contains(&w.as_str()));
            (!public && !in_cert_dir).then_some("private key file")
        }
        Some((_, "p12" | "pfx")) => Some("PKCS#12 keystore"),
        _ => None,
    }
}

/// Representative secret file names that a glob source is tried against.
const PROBES: &[&str] = &[
    ".env",
    ".env.production",
    "id_rsa",
    "id_ed25519",
    "server.pem",
    "server.key",
    "keystore.p12",
    "keystore.pfx",
    ".npmrc",
    ".pypirc",
    ".netrc",
    ".git-credentials",
    "credentials.json",
    "kubeconfig",
];

/// Everyday file names: a glob that matches one of them (`*.json`, `*`, `config/*`) copies
/// ordinary files, not specifically secrets, and is not reported.
const ORDINARY: &[&str] = &[
    "package.json",
    "tsconfig.json",
    "index.js",
    "main.go",
    "app.py",
    "requirements.txt",
    "README.md",
    "config.yaml",
    "settings.toml",
    "Makefile",
    "go.mod",
    "pom.xml",
    "Gemfile",
    "composer.json",
    "index.html",
    "app.conf",
];

/// For a glob source (`*.pem`, `.env*`, `config/*.key`): an example secret file it matches.
fn glob_secret(src: &str) -> Option<(String, &'static str)> {
    let src = clean(src);
    let (dir, base) = match src.rsplit_once('/') {
        Some((d, b)) => (Some(d), b),
        None => (None, src.as_str()),
    };
    // `*`, `*.*`, `?`: no literal part naming anything; whole-directory copies are handled apart.
    let literal: String = base
        .chars()
        .filter(|c| !matches!(c, '*' | '?' | '[' | ']'))
        .collect();
    if literal.chars().count() < 2 || !base.contains(['*', '?', '[']) {
        return None;
    }
    // Compiling a glob costs far more than this test: a glob that matches a probe name has
    // each of its literal parts in that name.
    if !PROBES.iter().any(|p| may_match(base, p)) {
        return None;
    }
    let m = GlobBuilder::new(base)
        .literal_separator(true)
        .build()
        .ok()?
        .compile_matcher();
    if ORDINARY.iter().any(|o| m.is_match(o)) {
        return None;
    }
    for p in PROBES {
        if m.is_match(p) {
            let candidate = match dir {
                Some(d) => format!("{d}/{p}"),
                None => p.to_string(),
            };
            if let Some(kind) = secret_file_kind(&candidate) {
                return Some((p.to_string(), kind));
            }
        }
    }
    None
}

/// False only when glob `pattern` (`*`, `?`, `[...]`) certainly does not match `name`: some
/// literal part of the pattern is missing from the name. Escapes and `{a,b}` alternatives are
/// not looked into (true).
fn may_match(pattern: &str, name: &str) -> bool {
    if pattern.contains(['\\', '{']) {
        return true;
    }
    let mut rest = pattern;
    while !rest.is_empty() {
        let cut = rest.find(['*', '?', '[']).unwrap_or(rest.len());
        if !name.contains(&rest[..cut]) {
            return false;
        }
        rest = &rest[cut..];
        if rest.starts_with('[') {
            // A class: `[...]`, where a `]` right after `[`, `[!` or `[^` is a member.
            let body = rest[1..].strip_prefix(['!', '^']).unwrap_or(&rest[1..]);
            let skip = rest.len() - body.len();
            match body.get(1..).and_then(|b| b.find(']')) {
                Some(close) => rest = &rest[skip + 1 + close + 1..],
                None => return true,
            }
        } else if !rest.is_empty() {
            rest = &rest[1..];
        }
    }
    true
}

/// Patterns a whole-context copy needs excluded: (probe path, pattern to suggest).
const CONTEXT_PROBES: &[(&str, &str)] = &[(".env", ".env"), ("private-key.pem", "*.pem")];

/// Whether a source copies the whole context root.
fn is_whole_context(src: &str) -> bool {
    matches!(src, "." | "./" | "./." | "*" | "./*" | "/" | "/.")
}

/// The sources of a COPY/ADD (destination, heredoc markers and URLs left out).
fn sources(ins: &Instruction) -> Vec<Spanned> {
    let words = ins.words();
    if words.len() < 2 {
        return Vec::new();
    }
    words[..words.len() - 1]
        .iter()
        .map(|w| Spanned {
            text: crate::dockerfile::unquote_word(&w.text),
            ..*w
        })
        .filter(|w| {
            !w.text.starts_with("<<") && !w.text.contains("://") && !w.text.starts_with("git@")
        })
        .collect()
}

impl DockerfileRule for SecretFileCopied {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for top in &cx.df.instructions {
            let ins = top.onbuild.as_deref().unwrap_or(top);
            if !matches!(ins.kind, Kind::Copy | Kind::Add) {
                continue;
            }
            let kw = ins.kind.as_str();
            let from_context = ins.flag("from").is_none();
            for src in sources(ins) {
                if src.text.contains('$') {
                    continue;
                }
                if let Some(kind) =
                    secret_file_kind(&src.text).filter(|_| !src.text.contains(['*', '?', '[']))
                {
                    let msg = format!("`{kw}` copies `{}` into the image: {kind}", src.text);
                    out.push(cx.finding(&Self::META, msg, src.start, src.end));
                    continue;
                }
                if let Some((example, kind)) = glob_secret(&src.text) {
                    let msg = format!(
                        "`{kw}` source `{}` matches secret files such as `{example}` ({kind})",
                        src.text
                    );
                    out.push(cx.finding(&Self::META, msg, src.start, src.end));
                    continue;
                }
                // Whole-context copies: only from the build context, and not for ONBUILD (the
                // child image's context and .dockerignore are unknown).
                if !from_context || top.kind == Kind::Onbuild || !is_whole_context(&src.text) {
                    continue;
                }
                let mut ignore = cx.dockerignore.map(DockerIgnore::parse);
                for f in ins
                    .flags
                    .iter()
                    .filter(|f| f.name.eq_ignore_ascii_case("exclude"))
                {
                    if let Some(v) = &f.value {
                        ignore
                            .get_or_insert_with(DockerIgnore::default)
                            .add(&crate::dockerfile::unquote(v));
                    }
                }
                let missing: Vec<&str> = CONTEXT_PROBES
                    .iter()
                    .filter(|(probe, _)| !ignore.as_ref().is_some_and(|d| d.excludes(probe)))
                    .map(|(_, pat)| *pat)
                    .collect();
                if missing.is_empty() {
                    continue;
                }
                let list = missing
                    .iter()
                    .map(|p| format!("`{p}`"))
                    .collect::<Vec<_>>()
                    .join(" and ");
                let msg = if cx.dockerignore.is_none() && ins.flag("exclude").is_none() {
                    format!(
                        "`{kw} {}` copies the whole build context and there is no `.dockerignore`: {list} files go into the image",
                        src.text
                    )
                } else {
                    format!(
                        "`{kw} {}` copies the whole build context and `.dockerignore` does not exclude {list}",
                        src.text
                    )
                };
                let mut f = cx.finding(&Self::META, msg, src.start, src.end);
                f.severity = Severity::Medium;
                out.push(f);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::rules::security::testing::run;

    #[test]
    fn may_match_is_a_necessary_condition() {
        let patterns = [
            "*.pem",
            "*.key",
            ".env*",
            "*.json",
            "package*.json",
            "*.txt",
            "id_*",
            "[.]env",
            "*.p[1]2",
            "*.{pem,crt}",
            "secret?.key",
            "[!a]d_rsa",
            "[]]x",
            "*[",
            "a\\*b",
            "*.pfx",
            "server.*",
            "*rc",
            "kube*",
            "*.*",
        ];
        let names = PROBES.iter().chain(ORDINARY).copied();
        for p in patterns {
            let Ok(g) = GlobBuilder::new(p).literal_separator(true).build() else {
                continue;
            };
            let m = g.compile_matcher();
            for n in names.clone() {
                if m.is_match(n) {
                    assert!(may_match(p, n), "{p} matches {n}");
                }
            }
        }
        assert!(!may_match("package*.json", "credentials.json"));
        assert!(!may_match("*.txt", ".env"));
        assert!(may_match("*.json", "credentials.json"));
    }

    #[test]
    fn kinds() {
        for (p, want) in [
            (".env", true),
            ("./config/.env.production", true),
            (".env.example", false),
            (".env.local.sample", false),
            ("id_rsa", true),
            ("id_rsa.pub", false),
            ("tls/server.key", true),
            ("nodesource.gpg.key", false),
            ("Release.key", false),
            ("privkey.pem", true),
            ("fullchain.pem", false),
            ("ca.pem", false),
            ("certs/server.pem", false),
            ("store.p12", true),
            (".ssh", true),
            (".ssh/", true),
            (".ssh/known_hosts", false),
            ("home/.ssh/id_ed25519", true),
            (".aws/credentials", true),
            (".aws/config", false),
            (".docker/config.json", true),
            (".kube/config", true),
            ("config", false),
            (".npmrc", true),
            ("package.json", false),
            ("src/keys.py", false),
        ] {
            assert_eq!(secret_file_kind(p).is_some(), want, "{p}");
        }
    }

    #[test]
    fn globs() {
        assert!(glob_secret("*.pem").is_some());
        assert!(glob_secret(".env*").is_some());
        assert!(glob_secret("secrets/*.key").is_some());
        assert!(glob_secret("certs/*.pem").is_none());
        assert!(glob_secret("*").is_none());
        assert!(glob_secret("*.*").is_none());
        assert!(
            glob_secret("*.json").is_none(),
            "package.json too: not specific to secrets"
        );
        assert!(glob_secret("credentials*.json").is_some());
        assert!(glob_secret("*.p12").is_some());
        assert!(glob_secret("src/*.py").is_none());
    }

    #[test]
    fn whole_context() {
        let src = "FROM alpine:3.22\nCOPY . /app\n";
        let f = run(&SecretFileCopied, src, Some(".git\nnode_modules\n"));
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].severity, Severity::Medium);
        assert_eq!(
            f[0].message,
            "`COPY .` copies the whole build context and `.dockerignore` does not exclude `.env` and `*.pem`"
        );
        assert!(run(&SecretFileCopied, src, Some("**/.env\n**/*.pem\n")).is_empty());
        assert!(run(&SecretFileCopied, src, Some("*\n!src\n")).is_empty());
        assert!(
            run(
                &SecretFileCopied,
                "FROM alpine:3.22\nCOPY --exclude=.env --exclude=*.pem . /app\n",
                None
            )
            .is_empty()
        );
        let f = run(&SecretFileCopied, src, None);
        assert!(
            f[0].message.contains("there is no `.dockerignore`"),
            "{}",
            f[0].message
        );
        assert!(
            run(
                &SecretFileCopied,
                "FROM alpine:3.22\nCOPY --from=build . /app\n",
                None
            )
            .is_empty()
        );
    }

    #[test]
    fn explicit() {
        let f = run(
            &SecretFileCopied,
            "FROM alpine:3.22\nCOPY [\"id_rsa\", \"/root/.ssh/\"]\nADD --chown=1:1 .npmrc *.pem /x/\nONBUILD COPY .env /app/\n",
            Some(""),
        );
        let got: Vec<(u32, u32)> = f
            .iter()
            .map(|f| (f.location.line.unwrap(), f.location.column.unwrap()))
            .collect();
        assert_eq!(got, [(2, 7), (3, 17), (3, 24), (4, 14)], "{f:#?}");
        assert!(f.iter().all(|f| f.severity == Severity::High));
    }
}
