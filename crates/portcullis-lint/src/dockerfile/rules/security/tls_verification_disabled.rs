use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, unquote};
use crate::shell::{Command, Word};
use aho_corasick::{AhoCorasick, AhoCorasickKind};
use portcullis_core::{Finding, declare_rule};
use regex::{Regex, RegexSet};
use std::sync::LazyLock;

declare_rule! {
    /// ## What it does
    /// Reports builds that turn off certificate or signature verification:
    ///
    /// - TLS: `curl -k`/`--insecure`, `wget --no-check-certificate`, `pip --trusted-host`,
    ///   `uv --allow-insecure-host`, `npm`/`yarn`/`pnpm config set strict-ssl false`,
    ///   `git -c http.sslVerify=false`, `git config http.sslVerify false`,
    ///   `conda config --set ssl_verify false`, `--insecure-skip-tls-verify` (kubectl, helm),
    ///   `--tls-verify=false` (podman, buildah, skopeo), `aws --no-verify-ssl`, and the same
    ///   settings written into `.curlrc`, `.wgetrc`, `.npmrc`, `pip.conf`;
    /// - environment variables, in `ENV`, `ARG` defaults and `RUN` assignments:
    ///   `NODE_TLS_REJECT_UNAUTHORIZED=0`, `PYTHONHTTPSVERIFY=0`, `GIT_SSL_NO_VERIFY` (any
    ///   value: git only checks that it is set), `PIP_TRUSTED_HOST`,
    ///   `NPM_CONFIG_STRICT_SSL=false`, `YARN_ENABLE_STRICT_SSL=false`, `CONDA_SSL_VERIFY=false`,
    ///   `GOINSECURE`;
    /// - package signatures: `apk add --allow-untrusted`, `apt-get --allow-unauthenticated`,
    ///   `--allow-insecure-repositories`, `--force-yes`, `deb [trusted=yes] …` source lines,
    ///   `Acquire::https::Verify-Peer "false"`, `yum`/`dnf --nogpgcheck`, `gpgcheck=0` and
    ///   `sslverify=0` in repository files or `--setopt`, `rpm --nosignature`/`--nodigest`,
    ///   `zypper --no-gpg-checks`.
    ///
    /// `ONBUILD` triggers are checked too.
    ///
    /// ## Why is this bad?
    /// Verification is what tells a download from the real server apart from one served by
    /// whoever sits on the network path (a proxy, a compromised mirror, a hijacked DNS name).
    /// Without it, any of them can put their code into your image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -k https://internal.example.com/tool -o /usr/local/bin/tool
    /// ```
    /// Use instead: trust the internal CA instead of trusting everyone:
    /// ```dockerfile
    /// COPY internal-ca.crt /usr/local/share/ca-certificates/
    /// RUN update-ca-certificates && curl -fsSL https://internal.example.com/tool -o /usr/local/bin/tool
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the build needs the right CA certificate first.
    ///
    /// ## References
    /// - checkov CKV2_DOCKER_2 … CKV2_DOCKER_16
    pub TlsVerificationDisabled {
        code: "DF114",
        name: "tls-verification-disabled",
        practice: Updates,
        severity: Medium,
        summary: "TLS certificate or package signature verification is turned off",
        aliases: [],
        references: ["https://docs.docker.com/build/building/best-practices/"],
        remediation: "keep verification on: add the internal CA to the image's trust store and import the repository's signing key",
    }
}

/// Whether an environment variable assignment turns verification off; the message if so.
pub fn env_disables(key: &str, value: &str) -> Option<String> {
    let v = unquote(value.trim()).to_ascii_lowercase();
    let falsy = matches!(v.as_str(), "0" | "false" | "no" | "off");
    let upper = key.to_ascii_uppercase();
    let hit = match upper.as_str() {
        "NODE_TLS_REJECT_UNAUTHORIZED" | "PYTHONHTTPSVERIFY" => v == "0",
        "GIT_SSL_NO_VERIFY" => {
            return Some(format!(
                "`{key}` turns off git's TLS verification (any value does)"
            ));
        }
        "PIP_TRUSTED_HOST" | "GOINSECURE" => !v.is_empty(),
        "NPM_CONFIG_STRICT_SSL"
        | "YARN_ENABLE_STRICT_SSL"
        | "YARN_STRICT_SSL"
        | "CONDA_SSL_VERIFY" => falsy,
        _ => false,
    };
    hit.then(|| {
        format!(
            "`{key}={}` turns off TLS certificate verification",
            unquote(value.trim())
        )
    })
}

/// Settings written anywhere in a word (config lines, `-c`, `--setopt`), lowercased text.
const WORD_PATTERNS: &[(&str, &str)] = &[
    (
        r#"(?:^|[^a-z_.])gpgcheck\s*=\s*"?(?:0|false|no)\b"#,
        "`gpgcheck=0` turns off package signature checks",
    ),
    (
        r#"(?:^|[^a-z_])sslverify\s*=\s*"?(?:0|false|no)\b"#,
        "`sslverify=0` turns off the repository's TLS verification",
    ),
    (
        r"check[_-]certificate\s*=\s*off",
        "`check_certificate = off` turns off wget's TLS verification",
    ),
    (
        r"(?:^|[^a-z-])strict-ssl\s*=\s*false",
        "`strict-ssl=false` turns off npm's TLS verification",
    ),
    (
        r"(?:^|[^a-z-])trusted-host\s*=\s*\S",
        "`trusted-host` makes pip skip TLS verification for that host",
    ),
    (
        r"\[[^\]]*\btrusted=yes\b[^\]]*\]",
        "`[trusted=yes]` makes apt accept unsigned packages from that source",
    ),
    (
        r#"acquire::https::verify-(?:peer|host)"?\s*=?\s*"?false"#,
        "`Acquire::https::Verify-Peer false` turns off apt's TLS verification",
    ),
    (
        r#"apt::get::allowunauthenticated"?\s*=?\s*"?(?:true|1)"#,
        "`APT::Get::AllowUnauthenticated` makes apt accept unsigned packages",
    ),
    (
        r#"acquire::allowinsecurerepositories"?\s*=?\s*"?(?:true|1)"#,
        "`Acquire::AllowInsecureRepositories` makes apt accept unsigned repositories",
    ),
    (
        r"^http\.(?:\S*\.)?sslverify\s*=\s*(?:false|0|no|off)$",
        "`http.sslVerify=false` turns off git's TLS verification",
    ),
    (
        r"(?:^|[^a-z_])ssl_verify\s*[:=]\s*(?:false|no|0)\b",
        "`ssl_verify: false` turns off conda's TLS verification",
    ),
];

/// Every [`WORD_PATTERNS`] match contains one of these: words without any skip the regexes.
const WORD_ANCHORS: &[&str] = &[
    "gpgcheck",
    "sslverify",
    "certificate",
    "strict-ssl",
    "trusted",
    "acquire::",
    "allowunauthenticated",
    "ssl_verify",
];

/// [`WORD_ANCHORS`] in one case-insensitive pass over a word: asked of every argument of every
/// command, so no lowercased copy and no substring search per anchor.
static ANCHOR_SET: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .kind(Some(AhoCorasickKind::DFA))
        .build(WORD_ANCHORS)
        .expect("anchors build")
});

static WORD_SET: LazyLock<RegexSet> = LazyLock::new(|| {
    RegexSet::new(WORD_PATTERNS.iter().map(|(p, _)| *p)).expect("patterns compile")
});
static GIT_SSLVERIFY_KEY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^http\.(?:\S*\.)?sslverify$").expect("pattern compiles"));

/// A short flag inside a cluster (`-fsSLk`), stopping at the first flag that takes a value.
fn short_in_cluster(w: &str, flag: char, value_flags: &str) -> bool {
    let Some(cluster) = w.strip_prefix('-').filter(|c| !c.starts_with('-')) else {
        return false;
    };
    for c in cluster.chars() {
        if c == flag {
            return true;
        }
        if value_flags.contains(c) {
            return false;
        }
    }
    false
}

/// The option words of a command (before `--`).
fn options(cmd: &Command) -> impl Iterator<Item = &Word> {
    cmd.args.iter().take_while(|w| w.text != "--")
}

fn long_flag<'c>(cmd: &'c Command, names: &[&str]) -> Option<&'c Word> {
    options(cmd).find(|w| {
        w.text.strip_prefix("--").is_some_and(|l| {
            names
                .iter()
                .any(|n| l == *n || l.strip_prefix(n).is_some_and(|r| r.starts_with('=')))
        })
    })
}

fn is_falsy(s: &str) -> bool {
    matches!(
        s.to_ascii_lowercase().as_str(),
        "false" | "0" | "no" | "off"
    )
}

/// Adds a hit when the flag is there; the message is only written then.
fn add<'c>(out: &mut Vec<(&'c Word, String)>, w: Option<&'c Word>, msg: impl FnOnce() -> String) {
    if let Some(w) = w {
        out.push((w, msg()));
    }
}

/// Flag-based findings of one command: (word, message).
fn command_hits(cmd: &Command) -> Vec<(&Word, String)> {
    let mut out: Vec<(&Word, String)> = Vec::new();
    let tool = cmd.name.rsplit('/').next().unwrap_or(&cmd.name);
    let tls = |f: &str| format!("`{tool} {f}` turns off TLS certificate verification");
    let sig = |f: &str| format!("`{tool} {f}` turns off package signature verification");
    match tool {
        "curl" => {
            let w = options(cmd)
                .find(|w| short_in_cluster(&w.text, 'k', "dHouXeAbcFTxwmrEKUYyzCDQtP"))
                .or_else(|| long_flag(cmd, &["insecure", "proxy-insecure"]));
            add(&mut out, w, || {
                tls(w.map(|w| w.text.as_str()).unwrap_or("-k"))
            });
        }
        "wget" => {
            let w = long_flag(cmd, &["no-check-certificate"]);
            add(&mut out, w, || tls("--no-check-certificate"));
        }
        "apk" => add(&mut out, long_flag(cmd, &["allow-untrusted"]), || {
            sig("--allow-untrusted")
        }),
        "apt-get" | "apt" | "aptitude" => {
            let w = long_flag(
                cmd,
                &[
                    "allow-unauthenticated",
                    "allow-insecure-repositories",
                    "force-yes",
                ],
            );
            let f = w
                .map(|w| w.text.split('=').next().unwrap_or("").to_string())
                .unwrap_or_default();
            add(&mut out, w, || sig(&f));
        }
        "yum" | "dnf" | "dnf5" | "microdnf" | "tdnf" => {
            add(&mut out, long_flag(cmd, &["nogpgcheck"]), || {
                sig("--nogpgcheck")
            })
        }
        "rpm" => {
            let w = long_flag(cmd, &["nosignature", "nodigest"]);
            let f = w.map(|w| w.text.clone()).unwrap_or_default();
            add(&mut out, w, || sig(&f));
        }
        "zypper" => add(&mut out, long_flag(cmd, &["no-gpg-checks"]), || {
            sig("--no-gpg-checks")
        }),
        "uv" => add(&mut out, long_flag(cmd, &["allow-insecure-host"]), || {
            tls("--allow-insecure-host")
        }),
        "aws" => add(&mut out, long_flag(cmd, &["no-verify-ssl"]), || {
            tls("--no-verify-ssl")
        }),
        "npm" | "yarn" | "pnpm" => {
            // `npm config set strict-ssl false`, `npm set strict-ssl false`, `--strict-ssl=false`.
            let args = &cmd.args;
            let w = args.iter().enumerate().find_map(|(i, w)| {
                let t = w.text.to_ascii_lowercase();
                let key = t.trim_start_matches('-');
                let next_false = args.get(i + 1).is_some_and(|n| is_falsy(&n.text));
                (((key == "strict-ssl" || key == "enablestrictssl") && next_false)
                    || t == "--no-strict-ssl"
                    || t == "--strict-ssl=false")
                    .then_some(w)
            });
            add(&mut out, w, || {
                format!("`{tool}` with `strict-ssl false` turns off TLS certificate verification")
            });
        }
        "git" => {
            let args = &cmd.args;
            let w = args.iter().enumerate().find_map(|(i, w)| {
                let t = w.text.to_ascii_lowercase();
                (GIT_SSLVERIFY_KEY.is_match(&t)
                    && args.get(i + 1).is_some_and(|n| is_falsy(&n.text)))
                .then_some(w)
            });
            add(&mut out, w, || {
                "`git config http.sslVerify false` turns off git's TLS verification".to_string()
            });
        }
        "conda" | "mamba" | "micromamba" => {
            let args = &cmd.args;
            let w = args.iter().enumerate().find_map(|(i, w)| {
                (w.text.eq_ignore_ascii_case("ssl_verify")
                    && args.get(i + 1).is_some_and(|n| is_falsy(&n.text)))
                .then_some(w)
            });
            add(&mut out, w, || {
                format!(
                    "`{tool} config --set ssl_verify false` turns off TLS certificate verification"
                )
            });
        }
        _ => {}
    }
    if tool.starts_with("pip") || tool.starts_with("python") || tool == "pipenv" {
        add(&mut out, long_flag(cmd, &["trusted-host"]), || {
            format!("`{tool} --trusted-host` skips TLS verification for that host")
        });
    }
    // Any tool: kubectl/helm/oc, podman/buildah/skopeo.
    if let Some(w) = long_flag(cmd, &["insecure-skip-tls-verify"])
        && w.text.split_once('=').is_none_or(|(_, v)| !is_falsy(v))
    {
        out.push((
            w,
            format!("`{tool} --insecure-skip-tls-verify` turns off TLS certificate verification"),
        ));
    }
    if let Some(w) = long_flag(cmd, &["tls-verify", "src-tls-verify", "dest-tls-verify"])
        && w.text.split_once('=').is_some_and(|(_, v)| is_falsy(v))
    {
        out.push((
            w,
            format!("`{tool} {}` turns off TLS certificate verification", w.text),
        ));
    }
    // `echo insecure >> ~/.curlrc`
    if matches!(tool, "echo" | "printf")
        && cmd
            .redirects
            .iter()
            .any(|r| r.target.text.ends_with(".curlrc"))
        && let Some(w) = cmd
            .args
            .iter()
            .find(|w| matches!(w.text.trim(), "insecure" | "-k" | "--insecure"))
    {
        out.push((
            w,
            "`insecure` in `.curlrc` turns off curl's TLS verification".to_string(),
        ));
    }
    out
}

/// Every hit of one command: flags, settings in words, environment assignments.
fn hits(cmd: &Command) -> Vec<(&Word, String)> {
    let mut out = command_hits(cmd);
    for w in &cmd.args {
        if out.iter().any(|(o, _)| std::ptr::eq(*o, w)) {
            continue;
        }
        if !ANCHOR_SET.is_match(&w.text) {
            continue;
        }
        let t = w.text.to_ascii_lowercase();
        if let Some(i) = WORD_SET.matches(&t).iter().next() {
            out.push((w, WORD_PATTERNS[i].1.to_string()));
        }
    }
    let exported = matches!(
        cmd.name.as_str(),
        "export" | "declare" | "typeset" | "readonly" | "local"
    );
    let assigned = cmd
        .assignment_words
        .iter()
        .chain(cmd.args.iter().filter(|_| exported));
    for w in assigned {
        if let Some((k, v)) = w.text.split_once('=')
            && let Some(msg) = env_disables(k, v)
            && !out.iter().any(|(o, _)| o.start == w.start)
        {
            out.push((w, msg));
        }
    }
    out
}

impl DockerfileRule for TlsVerificationDisabled {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            let mut seen: Vec<usize> = Vec::new();
            for (script, cmd) in cx.commands(ins) {
                let cmd = cmd.unwrapped();
                for (w, msg) in hits(cmd) {
                    let start = script.to_source(ins, w.start);
                    if seen.contains(&start) {
                        continue;
                    }
                    seen.push(start);
                    out.push(cx.at_script(&Self::META, msg, ins, script, w.start, w.end));
                }
            }
        }
        for ins in cx.df.all_instructions() {
            if !matches!(ins.kind, Kind::Env | Kind::Arg) {
                continue;
            }
            for kv in ins.key_values() {
                let Some(v) = kv.value.as_deref() else {
                    continue;
                };
                if let Some(msg) = env_disables(&kv.key, v) {
                    out.push(cx.finding(
                        &Self::META,
                        format!("{msg} (`{}`)", ins.kind.as_str()),
                        kv.key_start,
                        kv.end,
                    ));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shell::parse;

    fn msgs(s: &str) -> Vec<String> {
        let script = parse(s);
        script
            .commands
            .iter()
            .flat_map(|c| {
                hits(c.unwrapped())
                    .into_iter()
                    .map(|(_, m)| m)
                    .collect::<Vec<_>>()
            })
            .collect()
    }

    #[test]
    fn every_word_pattern_has_an_anchor() {
        for (p, _) in WORD_PATTERNS {
            assert!(WORD_ANCHORS.iter().any(|a| p.contains(a)), "{p}");
        }
    }

    #[test]
    fn positives() {
        for s in [
            "curl -fsSLk https://x",
            "curl --insecure https://x",
            "wget --no-check-certificate https://x",
            "pip install --trusted-host pypi.internal x",
            "python3 -m pip install --trusted-host=pypi.internal x",
            "npm config set strict-ssl false",
            "yarn config set strict-ssl false",
            "git -c http.sslVerify=false clone https://x",
            "git config --global http.sslverify false",
            "GIT_SSL_NO_VERIFY=1 git clone https://x",
            "export NODE_TLS_REJECT_UNAUTHORIZED=0",
            "sudo env PYTHONHTTPSVERIFY=0 python app.py",
            "apk add --allow-untrusted /tmp/x.apk",
            "apt-get install -y --allow-unauthenticated x",
            "echo 'deb [trusted=yes] http://repo.internal/ ./' > /etc/apt/sources.list.d/r.list",
            "echo 'Acquire::https::Verify-Peer \"false\";' > /etc/apt/apt.conf.d/99",
            "yum install -y --nogpgcheck x",
            "dnf config-manager --setopt=internal.sslverify=0 --save",
            "echo gpgcheck=0 >> /etc/yum.repos.d/x.repo",
            "rpm -i --nosignature x.rpm",
            "conda config --set ssl_verify false",
            "helm repo add x https://x --insecure-skip-tls-verify",
            "skopeo copy --src-tls-verify=false docker://a docker://b",
            "echo insecure >> ~/.curlrc",
            "echo 'check_certificate = off' >> ~/.wgetrc",
        ] {
            assert_eq!(msgs(s).len(), 1, "{s}: {:?}", msgs(s));
        }
    }

    #[test]
    fn negatives() {
        for s in [
            "curl -fsSL https://x",
            "curl -d key=value https://x",
            "curl -K config https://x",
            "wget -q https://x",
            "npm config set strict-ssl true",
            "git config --global http.sslVerify true",
            "export NODE_TLS_REJECT_UNAUTHORIZED=1",
            "echo repo_gpgcheck=0 >> /etc/yum.repos.d/x.repo",
            "echo gpgcheck=1 >> /etc/yum.repos.d/x.repo",
            "apt-get install -y x",
            "podman pull --tls-verify=true x",
            "kubectl get pods --insecure-skip-tls-verify=false",
            "echo insecure > notes.txt",
        ] {
            assert!(msgs(s).is_empty(), "{s}: {:?}", msgs(s));
        }
    }

    #[test]
    fn env_and_arg() {
        let f = crate::dockerfile::rules::security::testing::run(
            &TlsVerificationDisabled,
            "FROM alpine:3.22\nENV NODE_TLS_REJECT_UNAUTHORIZED=0 OTHER=1\nARG GIT_SSL_NO_VERIFY=false\nARG PYTHONHTTPSVERIFY\nENV NPM_CONFIG_STRICT_SSL true\n",
            None,
        );
        let lines: Vec<u32> = f.iter().map(|f| f.location.line.unwrap()).collect();
        assert_eq!(lines, [2, 3]);
        assert_eq!(
            f[0].message,
            "`NODE_TLS_REJECT_UNAUTHORIZED=0` turns off TLS certificate verification (`ENV`)"
        );
    }
}
