use crate::config::{ConfigCtx, pointer_token};
use portcullis_core::{Finding, Severity, declare_rule};
use portcullis_secrets::{Scanner, is_placeholder, is_reference, is_secret_name, mask};
use serde_json::{Value, json};

declare_rule! {
    /// ## What it does
    /// Reports secrets in the image configuration: environment variables (`Config.Env`),
    /// labels, and the history's `created_by` lines (which record every `ENV`, `LABEL` and the
    /// build arguments a `RUN` step saw, as `|2 TOKEN=… /bin/sh -c …`). A value is a secret when
    /// the secret scanner recognises it (cloud keys, tokens, private keys, passwords in URLs…),
    /// or when its name says so (`DB_PASSWORD`, `githubToken`, `AWS_SECRET_ACCESS_KEY`) and the
    /// value is a literal: placeholders (`changeme`, `<token>`), references (`$X`,
    /// `/run/secrets/x`) and names that only describe a secret (`PASSWORD_FILE`, `GPG_KEY`) are
    /// left alone. Values are masked in every output.
    ///
    /// ## Why is this bad?
    /// Anyone who can pull the image can read its configuration and history
    /// (`docker image inspect`, `docker history --no-trunc`): the secret is published with it,
    /// in every registry and cache it reaches.
    ///
    /// ## Example
    /// `ENV DB_PASSWORD=Tr0ub4dor3` or `ARG NPM_TOKEN` passed to a `RUN` step.
    /// Use instead: `RUN --mount=type=secret,id=npm_token …` at build time and secrets
    /// injected at run time (orchestrator secrets, `/run/secrets`).
    ///
    /// ## Fix safety
    /// No automatic fix. Rotate the secret: it has been published.
    ///
    /// ## References
    /// - dockle CIS-DI-0010, CIS Docker Benchmark 4.10
    pub SecretInConfig {
        code: "IMG005",
        name: "secret-in-config",
        practice: Secrets,
        severity: High,
        summary: "a secret in the image's Env, labels or history",
        aliases: ["CIS-DI-0010", "CIS-4.10", "DS031"],
        references: ["https://docs.docker.com/build/building/secrets/"],
        remediation: "rotate the secret, then pass it with build secrets (`RUN --mount=type=secret`) and run-time secrets, never ENV, LABEL or ARG",
    }
}

/// What makes a value a secret: a scanner rule, or the name.
struct Verdict {
    severity: Severity,
    what: String,
    masked: String,
    rule: Option<&'static str>,
}

/// Judges `name=value`: the scanner first, then the name.
fn judge(name: Option<&str>, value: &str) -> Option<Verdict> {
    if let Some(m) = Scanner::builtin().scan_str(value).into_iter().next() {
        return Some(Verdict {
            severity: m.rule.severity,
            what: m.rule.title.to_string(),
            masked: m.masked,
            rule: Some(m.rule.id),
        });
    }
    let name = name?;
    let v = value.trim();
    (is_secret_name(name) && v.chars().count() >= 4 && !is_placeholder(v) && !is_reference(v)).then(
        || Verdict {
            severity: Severity::High,
            what: "a secret by its name".to_string(),
            masked: mask(v),
            rule: None,
        },
    )
}

fn push(cx: &ConfigCtx<'_>, out: &mut Vec<Finding>, place: String, pointer: String, v: Verdict) {
    let mut f = SecretInConfig::META.finding(
        format!("{place} holds {} ({})", v.what, v.masked),
        cx.location(&pointer),
    );
    f.severity = v.severity.max(Severity::High);
    f.detail = Some(json!({"secret_rule": v.rule, "masked": v.masked}));
    out.push(f);
}

/// `K=V` words of a history line: `ENV A=1 B=2`, the `|N K=V …` build-argument prefix of RUN.
fn assignments(line: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let body = line.trim_start();
    let body = body.strip_prefix("RUN ").unwrap_or(body);
    let body = body
        .trim_start_matches("/bin/sh -c ")
        .trim_start_matches("#(nop) ")
        .trim();
    if let Some(rest) = body.strip_prefix('|') {
        let mut words = rest.split(' ');
        let n: usize = words.next().and_then(|w| w.parse().ok()).unwrap_or(0);
        for w in words.take(n) {
            if let Some((k, v)) = w.split_once('=') {
                out.push((k, v));
            }
        }
        return out;
    }
    for kw in ["ENV ", "ARG ", "LABEL "] {
        if let Some(rest) = body.strip_prefix(kw) {
            for w in rest.split_whitespace() {
                if let Some((k, v)) = w.split_once('=') {
                    out.push((k, v.trim_matches('"')));
                }
            }
        }
    }
    out
}

pub(crate) fn check(cx: &ConfigCtx<'_>, out: &mut Vec<Finding>) {
    let (env, env_ptr) = cx.field("Env");
    let mut env_pairs: Vec<(&str, &str)> = Vec::new();
    for (i, e) in env
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let Some((k, v)) = e.as_str().and_then(|s| s.split_once('=')) else {
            continue;
        };
        env_pairs.push((k, v));
        if let Some(verdict) = judge(Some(k), v) {
            push(
                cx,
                out,
                format!("environment variable `{k}`"),
                format!("{env_ptr}/{i}"),
                verdict,
            );
        }
    }
    let (labels, labels_ptr) = cx.field("Labels");
    let mut label_pairs: Vec<(&str, &str)> = Vec::new();
    if let Some(map) = labels.and_then(Value::as_object) {
        for (k, v) in map {
            let Some(v) = v.as_str() else { continue };
            label_pairs.push((k, v));
            if let Some(verdict) = judge(Some(k), v) {
                push(
                    cx,
                    out,
                    format!("label `{k}`"),
                    format!("{labels_ptr}/{}", pointer_token(k)),
                    verdict,
                );
            }
        }
    }
    for step in &cx.history {
        let pointer = format!("/history/{}/created_by", step.index);
        let line = step.created_by;
        let pairs = assignments(line);
        let mut reported = false;
        for (k, v) in &pairs {
            // Already reported where it still is: the current Env or labels.
            if env_pairs.contains(&(k, v)) || label_pairs.contains(&(k, v)) {
                reported = true;
                continue;
            }
            if let Some(verdict) = judge(Some(k), v) {
                push(
                    cx,
                    out,
                    format!("history step {} (`{k}`)", step.index),
                    pointer.clone(),
                    verdict,
                );
                reported = true;
            }
        }
        if reported {
            continue;
        }
        if let Some(verdict) = judge(None, line) {
            push(
                cx,
                out,
                format!("history step {}", step.index),
                pointer,
                verdict,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::check;
    use crate::rules::testing::run;
    use serde_json::json;

    fn ghp() -> String {
        format!("ghp_{}", "q8Zr2LpX0vWm4Tn6Yb1KcJ5hGd7FsA3eRu9N")
    }

    #[test]
    fn env_labels_history() {
        let cfg = json!({
            "config": {
                "Env": ["PATH=/usr/bin", "DB_PASSWORD=Tr0ub4dor3", format!("GH={}", ghp()), "GPG_KEY=A4A9406876FCBD3C456770C88C718D3B5072E1F5", "PASSWORD_FILE=/run/secrets/pw", "API_TOKEN=changeme"],
                "Labels": {"org.example.deploy-token": "Zr2LpX0vWm4Tn6Yb1KcJ", "maintainer": "a@b.c"}
            },
            "history": [
                {"created_by": "/bin/sh -c #(nop)  ENV DB_PASSWORD=Tr0ub4dor3"},
                {"created_by": "|1 NPM_TOKEN=Zr2LpX0vWm4Tn6Yb1KcJ5hGd /bin/sh -c npm ci"},
                {"created_by": "RUN /bin/sh -c apt-get update && apt-get install -y curl # buildkit"},
                {"created_by": "/bin/sh -c git clone https://deploy:Xk29fhsQ7pLm@git.example.org/app.git"},
                {"created_by": "RUN |2 HOME_DIR=/app GH_TOKEN=Zr2LpX0vWm4Tn6Yb1KcJ5hGd /bin/sh -c make # buildkit"}
            ]
        });
        let f = run(check, &cfg, |_| {});
        let pointers: Vec<&str> = f
            .iter()
            .map(|x| x.location.pointer.as_deref().unwrap())
            .collect();
        assert_eq!(
            pointers,
            [
                "/config/Env/1",
                "/config/Env/2",
                "/config/Labels/org.example.deploy-token",
                "/history/1/created_by",
                "/history/3/created_by",
                "/history/4/created_by"
            ],
            "{f:#?}"
        );
        let all = serde_json::to_string(&f).unwrap();
        for secret in ["Tr0ub4dor3", &ghp(), "Zr2LpX0vWm4Tn6Yb1KcJ", "Xk29fhsQ7pLm"] {
            assert!(!all.contains(secret), "{secret} leaked");
        }
        assert_eq!(f[1].severity, portcullis_core::Severity::Critical);
    }

    #[test]
    fn clean_config() {
        let cfg = json!({"config": {"Env": ["PATH=/usr/bin", "NODE_VERSION=22.1.0", "TOKENIZERS_PARALLELISM=false"]}, "history": [{"created_by": "/bin/sh -c #(nop) ADD file:abc in / "}]});
        assert!(run(check, &cfg, |_| {}).is_empty());
    }
}
