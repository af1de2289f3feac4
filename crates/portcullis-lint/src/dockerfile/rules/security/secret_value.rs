use super::secrets::{self, SecretMatch};
use crate::dockerfile::context::{Ctx, RunScript};
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Args, Instruction, Kind, split_words, unquote};
use crate::shell::Word;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports secrets written into the Dockerfile by value: in `ENV` values, `ARG` defaults,
    /// `LABEL` values, `RUN` command lines, heredoc bodies and the arguments of every other
    /// instruction, plus well-known token formats in comments. Only high-confidence formats are
    /// recognised:
    ///
    /// - cloud and SaaS tokens: AWS access key IDs (`AKIA…`/`ASIA…`), AWS secret keys next to
    ///   an `aws_secret_access_key` name, Google API keys (`AIza…`) and service-account JSON,
    ///   GitHub (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`, `github_pat_`), GitLab (`glpat-`),
    ///   Slack (`xoxb-`… and webhook URLs), Stripe live keys (`sk_live_`, `rk_live_`), npm
    ///   (`npm_`), PyPI (`pypi-AgE…`), Docker Hub (`dckr_pat_`), JSON Web Tokens;
    /// - private key blocks (`-----BEGIN … PRIVATE KEY-----`);
    /// - passwords in URLs (`https://user:pass@host`);
    /// - literal values of `password=`, `passwd=`, `pwd=`, `DB_PASSWORD=`, `--password VALUE`,
    ///   `docker login -p VALUE`, and npm's `_authToken=` / `_auth=`;
    /// - passwords set with `chpasswd` (`echo 'root:pw' | chpasswd`, `chpasswd <<< 'app:pw'`;
    ///   not `chpasswd -e`, which reads hashes, nor a password equal to the user name).
    ///
    /// Not reported: variable references (`$TOKEN`, `${TOKEN}`, `$(cat /run/secrets/x)`), file
    /// paths (`PASSWORD_FILE=/run/secrets/db`), placeholders (`changeme`, `<token>`, `xxxx`,
    /// `{{ .Password }}`, anything containing `example`), booleans (`MYSQL_ALLOW_EMPTY_PASSWORD=yes`),
    /// URLs whose password equals the user name (`postgres:postgres`, a well-known default), and
    /// the documented AWS example keys (`AKIAIOSFODNN7EXAMPLE`): they are published, inactive
    /// keys, and reporting them would teach users to ignore this rule.
    ///
    /// The finding never contains the secret: the message shows its kind and at most its first
    /// four characters (less for short values).
    ///
    /// ## Why is this bad?
    /// A Dockerfile is committed, shared and copied; `ENV`, `ARG` and `LABEL` values and every
    /// `RUN` command line are also stored in the image's config and history, where anyone who
    /// can pull the image reads them with `docker history`. A secret written here must be
    /// considered leaked.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN git clone https://deploy:s3cr3t-pass@git.example.org/team/app.git
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN --mount=type=secret,id=git_token \
    ///     git clone "https://deploy:$(cat /run/secrets/git_token)@git.example.org/team/app.git"
    /// ```
    /// and build with `docker build --secret id=git_token,src=token.txt .`
    ///
    /// ## Fix safety
    /// No automatic fix: the secret has to be rotated, not just removed.
    ///
    /// ## References
    /// - dockle CIS-DI-0010; Trivy secret scanning rules (token formats)
    pub SecretValue {
        code: "DF101",
        name: "secret-value",
        practice: Secrets,
        severity: Critical,
        summary: "a secret is written into the Dockerfile by value",
        aliases: ["CIS-DI-0010"],
        references: [
            "https://docs.docker.com/build/building/secrets/",
            "https://docs.docker.com/reference/build-checks/secrets-used-in-arg-or-env/",
        ],
        remediation: "remove the secret and rotate it; pass it at build time with `RUN --mount=type=secret` and at run time through your orchestrator's secrets",
    }
}

/// Where a piece of scanned text sits, for the message.
fn place(ins: &Instruction) -> String {
    match ins.kind {
        Kind::Env => "an `ENV` value".to_string(),
        Kind::Arg => "an `ARG` default".to_string(),
        Kind::Label => "a `LABEL` value".to_string(),
        Kind::Run => "a `RUN` command".to_string(),
        Kind::Onbuild => match ins.onbuild.as_deref() {
            Some(t) => format!("an `ONBUILD {}`", t.kind.as_str()),
            None => "an `ONBUILD` instruction".to_string(),
        },
        k => format!("a `{}` instruction", k.as_str()),
    }
}

fn message(m: &SecretMatch, place: &str) -> String {
    match (&m.key, m.kind) {
        (Some(k), "password") => format!("password `{}` given to `{k}` in {place}", m.shown),
        (_, "private key") => format!("private key block `{}` in {place}", m.shown),
        (_, "Google Cloud service-account key") => format!(
            "Google Cloud service-account key (`{}`) in {place}",
            m.shown
        ),
        (_, kind) => format!("{kind} `{}` in {place}", m.shown),
    }
}

/// Passwords given to `chpasswd` as `user:password` lines, by `echo`/`printf` in front of it in
/// a pipeline or by a here-string: (start, end, message) in script offsets. `chpasswd -e` reads
/// hashes, not passwords, and is left alone.
fn chpasswd_secrets(script: &RunScript) -> Vec<(usize, usize, String)> {
    let cmds = &script.script.commands;
    let mut out = Vec::new();
    for c in cmds {
        let c = c.unwrapped();
        if !c.is("chpasswd") || c.has_flag("-e") || c.has_flag("--encrypted") {
            continue;
        }
        let mut inputs: Vec<&Word> = c
            .redirects
            .iter()
            .filter(|r| r.op == "<<<")
            .map(|r| &r.target)
            .collect();
        if c.position > 0
            && let Some(feeder) = cmds
                .iter()
                .find(|p| p.pipeline == c.pipeline && p.position + 1 == c.position)
            && (feeder.is("echo") || feeder.is("printf"))
        {
            inputs.extend(feeder.args.iter().filter(|w| !w.text.starts_with('-')));
        }
        for w in inputs {
            for line in w.text.split('\n').flat_map(|l| l.split("\\n")) {
                let Some((user, pw)) = line.trim().split_once(':') else {
                    continue;
                };
                // `dev:dev` is a well-known default, as in URLs: not a secret.
                if user.is_empty()
                    || user.contains('$')
                    || pw == user
                    || !secrets::literal_password(pw)
                {
                    continue;
                }
                // Point at the password in the word as written when it is there verbatim.
                let (start, end) = match w.raw.find(pw) {
                    Some(i) => (w.start + i, w.start + i + pw.len()),
                    None => (w.start, w.end),
                };
                out.push((
                    start,
                    end,
                    format!(
                        "password `{}` for user `{user}` given to `chpasswd` in a `RUN` command",
                        secrets::mask(pw)
                    ),
                ));
            }
        }
    }
    out
}

impl DockerfileRule for SecretValue {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let mut seen: Vec<usize> = Vec::new();
        let mut push = |start: usize, end: usize, msg: String, out: &mut Vec<Finding>| {
            if !seen.contains(&start) {
                seen.push(start);
                out.push(cx.finding(&Self::META, msg, start, end));
            }
        };
        for ins in &cx.df.instructions {
            // Built only when something is found: most instructions hold no secret.
            let mut where_cache: Option<String> = None;
            let mut where_of = || where_cache.get_or_insert_with(|| place(ins)).clone();
            // The arguments (the logical line: continuations joined, offsets mapped back).
            let text = ins.logical.get(ins.args_offset..).unwrap_or("");
            for m in secrets::find_secrets(text) {
                let (s, e) = (
                    ins.source_offset(ins.args_offset + m.start),
                    ins.source_offset(ins.args_offset + m.end),
                );
                push(s, e, message(&m, &where_of()), out);
            }
            // Legacy `ENV KEY value` has no `=` for the assignment pattern to see.
            if ins.kind == Kind::Env
                && let Args::Shell(s) = &ins.args
            {
                {
                    let legacy = split_words(s)
                        .first()
                        .is_some_and(|&(a, b)| !s[a..b].contains('='));
                    if legacy {
                        for kv in ins.key_values() {
                            let Some(v) = kv.value.as_deref() else {
                                continue;
                            };
                            if secrets::is_password_key(&kv.key) && secrets::literal_password(v) {
                                let msg = format!(
                                    "password `{}` given to `{}` in {where_}",
                                    secrets::mask(&unquote(v)),
                                    kv.key,
                                    where_ = where_of()
                                );
                                push(kv.value_start, kv.end, msg, out);
                            }
                        }
                    }
                }
            }
            // Heredoc bodies (RUN scripts, files written by COPY/ADD).
            let heredocs = ins.heredocs.iter().chain(
                ins.onbuild
                    .as_deref()
                    .into_iter()
                    .flat_map(|o| o.heredocs.iter()),
            );
            for h in heredocs {
                let where_ = match ins.kind {
                    Kind::Run => "a `RUN` heredoc".to_string(),
                    k => format!("a `{}` heredoc", k.as_str()),
                };
                for m in secrets::find_secrets(&h.body) {
                    push(
                        h.body_start + m.start,
                        h.body_start + m.end,
                        message(&m, &where_),
                        out,
                    );
                }
            }
        }
        // `echo 'root:pw' | chpasswd` and `chpasswd <<< 'root:pw'`: literal passwords set
        // during the build.
        for ins in cx.runs(true) {
            for script in cx.scripts(ins) {
                for (start, end, msg) in chpasswd_secrets(script) {
                    let (s, e) = (script.to_source(ins, start), script.to_source(ins, end));
                    push(s, e, msg, out);
                }
            }
        }
        // Comments: token formats only (prose about passwords is not a password).
        for c in &cx.df.comments {
            let Some(text) = cx.df.source.get(c.start..c.end) else {
                continue;
            };
            for m in secrets::find_tokens(text) {
                push(
                    c.start + m.start,
                    c.start + m.end,
                    message(&m, "a comment"),
                    out,
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::rules::security::testing::run;

    fn fake(prefix: &str, n: usize) -> String {
        let body: String = "q7W2e9R4t6Y8u1I3o5P0".chars().cycle().take(n).collect();
        format!("{prefix}{body}")
    }

    #[test]
    fn finds_and_masks() {
        let gh = fake("ghp_", 36);
        let src = format!(
            "FROM alpine:3.22\nENV TOKEN={gh}\nARG DB_PASSWORD=hunter22\nLABEL x=\"https://u:Pa55word9@h.internal/\"\nRUN curl -H \"Authorization: token {gh}\" https://api.github.com\nENV ADMIN_PASSWORD Sup3rS3cret\n# {gh}\n"
        );
        let f = run(&SecretValue, &src, None);
        let got: Vec<(u32, &str)> = f
            .iter()
            .map(|f| (f.location.line.unwrap(), f.message.as_str()))
            .collect();
        assert_eq!(got.len(), 6, "{got:#?}");
        assert_eq!(got[0], (2, "GitHub token `ghp_…` in an `ENV` value"));
        assert_eq!(
            got[1],
            (
                3,
                "password `hu…` given to `DB_PASSWORD` in an `ARG` default"
            )
        );
        assert_eq!(got[2].0, 4);
        assert_eq!(got[3].0, 5);
        assert_eq!(
            got[4],
            (
                6,
                "password `Sup…` given to `ADMIN_PASSWORD` in an `ENV` value"
            )
        );
        assert_eq!(got[5].0, 7);
        for f in &f {
            assert!(!f.message.contains(&gh[4..12]), "{}", f.message);
            assert!(!f.message.contains("hunter22") && !f.message.contains("Pa55word9"));
        }
    }

    #[test]
    fn heredocs_and_spans() {
        let key = "-----BEGIN OPENSSH PRIVATE KEY-----";
        let src = format!(
            "FROM alpine:3.22\nCOPY <<EOF /root/.ssh/id_ed25519\n{key}\nabc\nEOF\nRUN <<EOF\nexport PGPASSWORD=l0ngPassw0rd\nEOF\n"
        );
        let f = run(&SecretValue, &src, None);
        assert_eq!(f.len(), 2, "{f:#?}");
        assert_eq!(f[0].location.line, Some(3));
        assert_eq!(
            f[0].message,
            format!("private key block `{key}` in a `COPY` heredoc")
        );
        assert_eq!(f[1].location.line, Some(7));
        assert_eq!(f[1].location.column, Some(19));
    }

    #[test]
    fn chpasswd() {
        let src = "FROM debian:12\nRUN echo 'root:Sup3rRootPw' | chpasswd && useradd app\nRUN printf 'app:An0therPw\\nops:Th1rdPass\\n' | sudo chpasswd\nRUN chpasswd <<< \"svc:Here5tringPw\"\nRUN echo \"app:${APP_PASSWORD}\" | chpasswd\nRUN echo 'root:$6$salt$hash' | chpasswd -e\nRUN echo root:changeme | chpasswd\nRUN echo 'dev:dev' | chpasswd\n";
        let f = run(&SecretValue, src, None);
        let got: Vec<(u32, u32, &str)> = f
            .iter()
            .map(|f| {
                (
                    f.location.line.unwrap(),
                    f.location.column.unwrap(),
                    f.message.as_str(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    2,
                    16,
                    "password `Sup…` for user `root` given to `chpasswd` in a `RUN` command"
                ),
                (
                    3,
                    17,
                    "password `An0…` for user `app` given to `chpasswd` in a `RUN` command"
                ),
                (
                    3,
                    32,
                    "password `Th1…` for user `ops` given to `chpasswd` in a `RUN` command"
                ),
                (
                    4,
                    23,
                    "password `Here…` for user `svc` given to `chpasswd` in a `RUN` command"
                ),
            ]
        );
    }

    #[test]
    fn quiet_on_references_and_placeholders() {
        let src = "FROM alpine:3.22\nARG NPM_TOKEN\nENV GITHUB_TOKEN=${GITHUB_TOKEN} PASSWORD=changeme\nRUN --mount=type=secret,id=pw PGPASSWORD=$(cat /run/secrets/pw) psql\nENV POSTGRES_PASSWORD_FILE=/run/secrets/db\nENV PWD /srv\n# set password=whatever in your .env\n";
        assert!(run(&SecretValue, src, None).is_empty());
    }
}
