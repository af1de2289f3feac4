//! Secret detection by value: high-confidence token formats, credentials in URLs and literal
//! password assignments. Used by DF101; the patterns are compiled once.
//!
//! Only formats that are very unlikely to be anything but a credential are recognised; generic
//! "high entropy string" detection is deliberately absent (it fires on hashes and checksums,
//! which Dockerfiles are full of).

use aho_corasick::{AhoCorasick, AhoCorasickKind};
use regex::Regex;
use std::sync::{LazyLock, OnceLock};

/// One secret found in a piece of text. Offsets are byte offsets into that text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    /// Span of the secret value itself.
    pub start: usize,
    pub end: usize,
    /// What it is, e.g. "GitHub personal access token".
    pub kind: &'static str,
    /// Text safe to show: the masked value, or a marker that is not itself secret (the
    /// `-----BEGIN ... PRIVATE KEY-----` line).
    pub shown: String,
    /// The assignment's key for `password=...`-style findings.
    pub key: Option<String>,
    /// Higher wins when two matches overlap.
    priority: u8,
}

/// How a pattern's match is turned into a finding.
#[derive(Clone, Copy)]
enum Show {
    /// Capture group 1 is the secret: show it masked.
    Masked,
    /// The whole match is a marker that is safe to show in full.
    Marker,
}

struct TokenPattern {
    kind: &'static str,
    re: &'static str,
    show: Show,
    /// Literals of which every match contains one (compared ASCII case-insensitively): the
    /// pattern is only searched for, and compiled, when one is present.
    anchors: &'static [&'static str],
}

/// Token formats. Group 1 (or the whole match for markers) is the secret.
const TOKENS: &[TokenPattern] = &[
    TokenPattern {
        kind: "AWS access key ID",
        re: r"\b((?:AKIA|ASIA)[A-Z0-9]{16})\b",
        show: Show::Masked,
        anchors: &["akia", "asia"],
    },
    TokenPattern {
        kind: "AWS secret access key",
        re: r#"(?i)aws_?secret_?(?:access_?)?key["']?\s*(?:=|:|\s)\s*["']?([A-Za-z0-9/+]{40})(?:[^A-Za-z0-9/+=]|$)"#,
        show: Show::Masked,
        anchors: &["aws"],
    },
    TokenPattern {
        kind: "Google Cloud service-account key",
        re: r#""type"\s*:\s*"service_account""#,
        show: Show::Marker,
        anchors: &["service_account"],
    },
    TokenPattern {
        kind: "Google API key",
        re: r"\b(AIza[0-9A-Za-z_-]{35})(?:[^0-9A-Za-z_-]|$)",
        show: Show::Masked,
        anchors: &["aiza"],
    },
    TokenPattern {
        kind: "GitHub token",
        re: r"\b(gh[pousr]_[A-Za-z0-9]{36})\b",
        show: Show::Masked,
        anchors: &["ghp_", "gho_", "ghu_", "ghs_", "ghr_"],
    },
    TokenPattern {
        kind: "GitHub fine-grained token",
        re: r"\b(github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b",
        show: Show::Masked,
        anchors: &["github_pat_"],
    },
    TokenPattern {
        kind: "GitLab personal access token",
        re: r"\b(glpat-[0-9A-Za-z_-]{20,})",
        show: Show::Masked,
        anchors: &["glpat-"],
    },
    TokenPattern {
        kind: "Slack token",
        re: r"\b(xox[baprs]-[0-9A-Za-z-]{10,})",
        show: Show::Masked,
        anchors: &["xox"],
    },
    TokenPattern {
        kind: "Slack webhook URL",
        re: r"(https://hooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9_/+-]{20,})",
        show: Show::Masked,
        anchors: &["hooks.slack.com"],
    },
    TokenPattern {
        kind: "Stripe live key",
        re: r"\b((?:sk|rk)_live_[0-9A-Za-z]{16,})\b",
        show: Show::Masked,
        anchors: &["_live_"],
    },
    TokenPattern {
        kind: "private key",
        re: r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----",
        show: Show::Marker,
        anchors: &["private key"],
    },
    TokenPattern {
        kind: "JSON Web Token",
        re: r"\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{10,})",
        show: Show::Masked,
        anchors: &["eyj"],
    },
    TokenPattern {
        kind: "npm access token",
        re: r"\b(npm_[A-Za-z0-9]{36})\b",
        show: Show::Masked,
        anchors: &["npm_"],
    },
    TokenPattern {
        kind: "PyPI API token",
        re: r"\b(pypi-AgE[IN][A-Za-z0-9_-]{50,})",
        show: Show::Masked,
        anchors: &["pypi-age"],
    },
    TokenPattern {
        kind: "Docker Hub access token",
        re: r"\b(dckr_pat_[A-Za-z0-9_-]{20,})",
        show: Show::Masked,
        anchors: &["dckr_pat_"],
    },
];

static TOKEN_RES: [OnceLock<Regex>; TOKENS.len()] = [const { OnceLock::new() }; TOKENS.len()];

/// Token pattern `i`, compiled the first time some text contains one of its anchors.
fn token_re(i: usize) -> &'static Regex {
    TOKEN_RES[i].get_or_init(|| Regex::new(TOKENS[i].re).expect("token pattern compiles"))
}

/// `scheme://user:password@host`.
static URL_CREDS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"\b[A-Za-z][A-Za-z0-9+.-]*://([^\s/:@'"]+):([^\s/@'"]+)@([^\s/'"@:;|&)]+)"#)
        .expect("url pattern compiles")
});

/// `password=`, `DB_PASSWD=`, `pwd=`, npm's `_authToken=` / `_auth=`: the key, then the value
/// is read by hand (quotes). The key must start at a word boundary.
static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(?:^|[^A-Za-z0-9_.-])((?:[A-Za-z0-9_.-]*(?:password|passwd)|pwd|[A-Za-z0-9.-]*_pwd|_authtoken|_auth))["']?\s*=\s*"#)
        .expect("assignment pattern compiles")
});

/// `--password VALUE`, `--db-password VALUE` and `docker login ... -p VALUE`.
static PASSWORD_FLAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(--(?:[a-z0-9]+-)*password|-p)[ \t]+").expect("flag pattern compiles")
});
static LOGIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?:docker|podman|buildah|skopeo|helm|oras|nerdctl)\b[^\n;&|]*?\blogin\b")
        .expect("login pattern compiles")
});

/// Placeholder words: values that are clearly not a real secret.
const PLACEHOLDERS: &[&str] = &[
    "changeme",
    "change_me",
    "change-me",
    "changeit",
    "password",
    "passwd",
    "pass",
    "secret",
    "example",
    "sample",
    "placeholder",
    "dummy",
    "fake",
    "test",
    "testing",
    "todo",
    "tbd",
    "none",
    "null",
    "nil",
    "undefined",
    "redacted",
    "hidden",
    "masked",
    "foo",
    "bar",
    "foobar",
    "true",
    "false",
    "yes",
    "no",
    "on",
    "off",
    "default",
    "empty",
    "your_password",
    "yourpassword",
    "mypassword",
    "my_password",
    "xxx",
];
const PLACEHOLDER_PARTS: &[&str] = &[
    "example",
    "placeholder",
    "changeme",
    "change_me",
    "change-me",
    "your_",
    "your-",
    "yourpass",
    "yourtoken",
    "dummy",
    "redacted",
    "replace",
    "insert",
    "xxxx",
    "****",
    "....",
];

/// Whether a value is a placeholder (`changeme`, `<token>`, `xxxx`, `{{ secret }}`, `...EXAMPLE`).
pub fn is_placeholder(v: &str) -> bool {
    let t = v.trim();
    let l = t.to_ascii_lowercase();
    if l.is_empty()
        || PLACEHOLDERS.contains(&l.as_str())
        || PLACEHOLDER_PARTS.iter().any(|p| l.contains(p))
    {
        return true;
    }
    let wrapped = |a: &str, b: &str| l.starts_with(a) && l.ends_with(b);
    if wrapped("<", ">")
        || wrapped("{", "}")
        || wrapped("[", "]")
        || wrapped("%", "%")
        || wrapped("__", "__")
        || l.contains("%s")
    {
        return true;
    }
    // `aaaa`, `0000`, `----`: at most two distinct characters.
    if l.chars().count() < 4 {
        return false;
    }
    let mut distinct: Vec<char> = Vec::new();
    for c in l.chars() {
        if !distinct.contains(&c) {
            distinct.push(c);
            if distinct.len() > 2 {
                return false;
            }
        }
    }
    true
}

/// Whether a value refers to something else instead of being a literal: a variable, a command
/// substitution, a file (`/run/secrets/x`, `@file`), stdin (`-`).
fn is_reference(v: &str) -> bool {
    v.contains('$')
        || v.contains('`')
        || v.starts_with('/')
        || v.starts_with("~/")
        || v.starts_with("./")
        || v.starts_with('@')
        || v.starts_with('-')
}

/// Masks a secret: its first characters (at most 4, at most a third of the value) and `…`.
pub fn mask(secret: &str) -> String {
    let n = secret.chars().count();
    let keep = (n / 3).min(4);
    let mut out: String = secret.chars().take(keep).collect();
    out.push('…');
    out
}

/// Reads a shell-ish value starting at `at`: `"..."`, `'...'` or up to whitespace or a shell
/// operator. Returns the value's span (quotes excluded).
fn read_value(text: &str, at: usize) -> Option<(usize, usize)> {
    let rest = text.get(at..)?;
    let first = rest.chars().next()?;
    if first == '"' || first == '\'' {
        let close = rest[1..].find(first)?;
        return Some((at + 1, at + 1 + close));
    }
    let len = rest
        .find(|c: char| {
            c.is_whitespace() || matches!(c, '"' | '\'' | ';' | '&' | '|' | ')' | '<' | '>' | ',')
        })
        .unwrap_or(rest.len());
    (len > 0).then_some((at, at + len))
}

/// Whether a literal assigned to a password-like key is worth reporting.
pub fn literal_password(value: &str) -> bool {
    let v = value.trim();
    v.chars().count() >= 4 && !is_reference(v) && !is_placeholder(v)
}

/// Whether `key` names a password (`DB_PASSWORD`, `passwd`, `PGPASSWORD`, `db_pwd`).
pub fn is_password_key(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    k.ends_with("password") || k.ends_with("passwd") || k == "pwd" || k.ends_with("_pwd")
}

// Literal triggers found in one pass over a text (bits of a `u64`): bit `i < TOKENS.len()` is
// an anchor of token pattern `i`; the others gate the capture searches of `find_secrets`.
const URL: u32 = 40;
const AT: u32 = 41;
const EQ: u32 = 42;
const PASS_LIKE: u32 = 43;
const PASSWORD: u32 = 44;
const DASH_P: u32 = 45;
const LOGIN_WORD: u32 = 46;
const _: () = assert!(TOKENS.len() < URL as usize);
const OTHER_TRIGGERS: &[(&str, u32)] = &[
    ("://", URL),
    ("@", AT),
    ("=", EQ),
    ("pass", PASS_LIKE),
    ("pwd", PASS_LIKE),
    ("_auth", PASS_LIKE),
    ("password", PASSWORD),
    ("-p", DASH_P),
    ("login", LOGIN_WORD),
];

static TRIGGERS: LazyLock<(AhoCorasick, Vec<u32>)> = LazyLock::new(|| {
    let mut pats: Vec<&str> = Vec::new();
    let mut bits: Vec<u32> = Vec::new();
    for (i, t) in TOKENS.iter().enumerate() {
        for a in t.anchors {
            pats.push(a);
            bits.push(i as u32);
        }
    }
    for (p, b) in OTHER_TRIGGERS {
        pats.push(p);
        bits.push(*b);
    }
    // A DFA: the fastest search, and the automaton is small.
    let ac = AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .build(&pats)
        .expect("trigger literals build");
    (ac, bits)
});

/// The triggers without which nothing can be found: every token anchor and the password-like
/// words (`=`, `@`, `://` and `-p` alone lead to no match). Most texts hold none of them, and
/// this search is much cheaper than [`triggers`]' overlapping one.
static RARE_TRIGGERS: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let rare = OTHER_TRIGGERS
        .iter()
        .filter(|(_, b)| matches!(*b, PASS_LIKE | PASSWORD | LOGIN_WORD))
        .map(|(p, _)| *p);
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(
            TOKENS
                .iter()
                .flat_map(|t| t.anchors.iter().copied())
                .chain(rare),
        )
        .expect("trigger literals build")
});

/// Whether `text` may hold a secret [`find_secrets`] reports (false: it holds none).
fn may_hold_secret(text: &str) -> bool {
    RARE_TRIGGERS.is_match(text) || (text.contains('@') && text.contains("://"))
}

/// Which triggers occur in `text` (ASCII case-insensitively).
fn triggers(text: &str) -> u64 {
    let (ac, bits) = &*TRIGGERS;
    let mut found = 0u64;
    for m in ac.find_overlapping_iter(text) {
        found |= 1 << bits[m.pattern().as_usize()];
    }
    found
}

fn has(found: u64, bit: u32) -> bool {
    found & (1 << bit) != 0
}

/// Token matches in `text`, given its [`triggers`].
fn token_matches(text: &str, found: u64, out: &mut Vec<SecretMatch>) {
    for (idx, t) in TOKENS.iter().enumerate() {
        if !has(found, idx as u32) {
            continue;
        }
        for caps in token_re(idx).captures_iter(text) {
            let m = match t.show {
                Show::Marker => caps.get(0),
                Show::Masked => caps.get(1),
            };
            let Some(m) = m else { continue };
            let value = m.as_str();
            // The part after a fixed prefix must not be a placeholder (`ghp_xxxx…`,
            // `AKIAIOSFODNN7EXAMPLE`, AWS's documented example secret key).
            let body = value
                .split_once('_')
                .or_else(|| value.split_once('-'))
                .map(|(_, b)| b)
                .unwrap_or(value);
            if matches!(t.show, Show::Masked)
                && (is_placeholder(body) || value.to_ascii_lowercase().contains("example"))
            {
                continue;
            }
            out.push(SecretMatch {
                start: m.start(),
                end: m.end(),
                kind: t.kind,
                shown: match t.show {
                    Show::Marker => value.to_string(),
                    Show::Masked => mask(value),
                },
                key: None,
                priority: 2,
            });
        }
    }
}

/// High-confidence token formats only (used on comments).
pub fn find_tokens(text: &str) -> Vec<SecretMatch> {
    let mut out = Vec::new();
    if !RARE_TRIGGERS.is_match(text) {
        return out;
    }
    token_matches(text, triggers(text), &mut out);
    dedup(out)
}

/// Every secret in `text`: tokens, URL credentials, literal password assignments.
pub fn find_secrets(text: &str) -> Vec<SecretMatch> {
    let mut out = Vec::new();
    if !may_hold_secret(text) {
        return out;
    }
    // Literal prefilters, found in one pass: most instructions hold none of these, and the
    // capture searches below are the expensive part of this rule.
    let found = triggers(text);
    token_matches(text, found, &mut out);
    let url_creds = has(found, URL) && has(found, AT);
    let assignment = has(found, EQ) && has(found, PASS_LIKE);
    // `--password`-style flags, or `-p` after a `login` (see below).
    let password_flag = has(found, PASSWORD) || (has(found, DASH_P) && has(found, LOGIN_WORD));
    let url_iter = url_creds
        .then(|| URL_CREDS.captures_iter(text))
        .into_iter()
        .flatten();
    for caps in url_iter {
        let (Some(user), Some(pass), Some(host)) = (caps.get(1), caps.get(2), caps.get(3)) else {
            continue;
        };
        let p = pass.as_str();
        let host = host.as_str().to_ascii_lowercase();
        if p == user.as_str()
            || is_reference(p)
            || is_placeholder(p)
            || host.contains("example")
            || host.starts_with(['<', '{'])
        {
            continue;
        }
        out.push(SecretMatch {
            start: pass.start(),
            end: pass.end(),
            kind: "password in a URL",
            shown: mask(p),
            key: None,
            priority: 1,
        });
    }
    let assignment_iter = assignment
        .then(|| ASSIGNMENT.captures_iter(text))
        .into_iter()
        .flatten();
    for caps in assignment_iter {
        let (Some(key), Some(all)) = (caps.get(1), caps.get(0)) else {
            continue;
        };
        let Some((s, e)) = read_value(text, all.end()) else {
            continue;
        };
        let value = &text[s..e];
        if !literal_password(value) {
            continue;
        }
        let k = key.as_str().trim_start_matches('-');
        let kind = if k.eq_ignore_ascii_case("_authtoken") || k.eq_ignore_ascii_case("_auth") {
            "npm registry token"
        } else {
            "password"
        };
        out.push(SecretMatch {
            start: s,
            end: e,
            kind,
            shown: mask(value),
            key: Some(k.to_string()),
            priority: 0,
        });
    }
    let flag_iter = password_flag
        .then(|| PASSWORD_FLAG.captures_iter(text))
        .into_iter()
        .flatten();
    for caps in flag_iter {
        let (Some(flag), Some(all)) = (caps.get(1), caps.get(0)) else {
            continue;
        };
        // `-p` is a password only for `... login`.
        if flag.as_str() == "-p" {
            let line_start = text[..flag.start()]
                .rfind(['\n', ';', '&', '|'])
                .map(|i| i + 1)
                .unwrap_or(0);
            if !LOGIN.is_match(&text[line_start..flag.start()]) {
                continue;
            }
        }
        let Some((s, e)) = read_value(text, all.end()) else {
            continue;
        };
        let value = &text[s..e];
        if !literal_password(value) {
            continue;
        }
        out.push(SecretMatch {
            start: s,
            end: e,
            kind: "password",
            shown: mask(value),
            key: Some(flag.as_str().to_string()),
            priority: 0,
        });
    }
    dedup(out)
}

/// Keeps one match per overlapping region: the highest priority, then the earliest.
fn dedup(mut v: Vec<SecretMatch>) -> Vec<SecretMatch> {
    v.sort_by(|a, b| b.priority.cmp(&a.priority).then(a.start.cmp(&b.start)));
    let mut out: Vec<SecretMatch> = Vec::new();
    for m in v {
        if !out.iter().any(|o| m.start < o.end && o.start < m.end) {
            out.push(m);
        }
    }
    out.sort_by_key(|m| m.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Builds fake secrets at run time so that no token-shaped literal sits in the source.
    fn fake(prefix: &str, n: usize) -> String {
        let alphabet = "aB3dE5gH7jK9mN2pQ4sT6vW8yZ";
        let body: String = alphabet.chars().cycle().take(n).collect();
        format!("{prefix}{body}")
    }

    fn kinds(text: &str) -> Vec<&'static str> {
        find_secrets(text).into_iter().map(|m| m.kind).collect()
    }

    #[test]
    fn tokens() {
        let gh = fake("ghp_", 36);
        let found = find_secrets(&format!("ENV GITHUB_TOKEN={gh}"));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, "GitHub token");
        assert_eq!(found[0].shown, "ghp_…");
        assert!(!found[0].shown.contains(&gh[4..8]));
        assert_eq!(
            kinds(&format!("x {}", fake("glpat-", 20))),
            ["GitLab personal access token"]
        );
        assert_eq!(
            kinds(&fake("AKIA", 16).to_uppercase()),
            ["AWS access key ID"]
        );
        assert_eq!(
            kinds(&format!("AWS_SECRET_ACCESS_KEY={}", fake("", 40))),
            ["AWS secret access key"]
        );
        assert_eq!(
            kinds(&format!("k={}", fake("npm_", 36))),
            ["npm access token"]
        );
        assert_eq!(kinds(&fake("dckr_pat_", 27)), ["Docker Hub access token"]);
        assert_eq!(
            kinds("-----BEGIN OPENSSH PRIVATE KEY-----\nabc"),
            ["private key"]
        );
        assert_eq!(
            find_secrets("-----BEGIN RSA PRIVATE KEY-----")[0].shown,
            "-----BEGIN RSA PRIVATE KEY-----"
        );
        let jwt = format!("{}.{}.{}", fake("eyJ", 20), fake("eyJ", 30), fake("", 20));
        assert_eq!(kinds(&jwt), ["JSON Web Token"]);
        assert_eq!(kinds(&fake("AIza", 35)), ["Google API key"]);
        assert_eq!(
            kinds(r#"{"type": "service_account", "project_id": "p"}"#),
            ["Google Cloud service-account key"]
        );
        assert_eq!(kinds(&fake("sk_live_", 24)), ["Stripe live key"]);
        assert_eq!(kinds(&fake("xoxb-", 24)), ["Slack token"]);
        assert_eq!(kinds(&fake("pypi-AgEI", 60)), ["PyPI API token"]);
    }

    #[test]
    fn not_secrets() {
        // Public example keys, placeholders, variables, short or lookalike strings.
        for t in [
            "AKIAIOSFODNN7EXAMPLE",
            "AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
            "GITHUB_TOKEN=${GITHUB_TOKEN}",
            "password=$DB_PASSWORD",
            "password=\"${PASS}\"",
            "password=changeme",
            "PASSWORD=<your-password>",
            "MYSQL_ALLOW_EMPTY_PASSWORD=yes",
            "POSTGRES_PASSWORD_FILE=/run/secrets/db",
            "--password-stdin",
            "git clone https://${USER}:${TOKEN}@github.com/o/r.git",
            "postgres://postgres:postgres@db:5432/app",
            "https://user:pass@example.com/",
            "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            "PWD=/app",
            "cd $(pwd)",
            "ssh://git@github.com:22/o/r",
            "curl -p -x proxy:8080 https://x",
            "echo \"//registry.npmjs.org/:_authToken=${NPM_TOKEN}\" > .npmrc",
        ] {
            assert!(find_secrets(t).is_empty(), "{t}: {:?}", find_secrets(t));
        }
    }

    #[test]
    fn assignments_and_urls() {
        let f = find_secrets("RUN mysql --user=root --password=s3cr3tPw -e 'select 1'");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].kind, "password");
        assert_eq!(f[0].key.as_deref(), Some("password"));
        assert_eq!(f[0].shown, "s3…");
        let t = "DB_PASSWORD=\"hunter22\"";
        let f = find_secrets(t);
        assert_eq!(&t[f[0].start..f[0].end], "hunter22");
        assert_eq!(
            kinds("pip install --index-url https://deploy:Tr0ub4dor@pypi.corp.internal/simple x"),
            ["password in a URL"]
        );
        assert_eq!(
            kinds("docker login -u me -p Sup3rSecret registry.io"),
            ["password"]
        );
        assert_eq!(kinds("tool --db-password Sup3rSecret"), ["password"]);
        assert_eq!(
            kinds("echo //registry.npmjs.org/:_authToken=abcd1234efgh > .npmrc"),
            ["npm registry token"]
        );
        // The token inside a URL is reported once, as the token.
        let url = format!("https://oauth2:{}@gitlab.com/g/p.git", fake("glpat-", 20));
        assert_eq!(kinds(&url), ["GitLab personal access token"]);
    }

    #[test]
    fn masking() {
        assert_eq!(mask("AKIA1234567890ABCDEF"), "AKIA…");
        assert_eq!(mask("abc"), "a…");
        assert_eq!(mask("ab"), "…");
        assert_eq!(mask("é€ü😀é€ü😀"), "é€…");
    }

    #[test]
    fn no_panics_on_odd_text() {
        for t in [
            "password=",
            "password=\"",
            "password='abc",
            "x://a:b@",
            "-----BEGIN",
            "é=password=é€",
            "--password",
        ] {
            let _ = find_secrets(t);
        }
    }
}
