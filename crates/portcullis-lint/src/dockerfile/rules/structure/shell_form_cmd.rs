use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Args, Instruction, Kind, split_words, unquote_word};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` written in shell form
    /// (`CMD node server.js`) instead of JSON (exec) form (`CMD ["node", "server.js"]`).
    ///
    /// ## Why is this bad?
    /// Shell form runs `/bin/sh -c "..."`: the program may not be PID 1 and then never receives
    /// `SIGTERM`, so `docker stop` waits and kills it without a clean shutdown. A shell-form
    /// `ENTRYPOINT` also ignores `CMD` and `docker run` arguments. And the image needs a shell.
    ///
    /// ## Example
    /// ```dockerfile
    /// CMD node server.js
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// CMD ["node", "server.js"]
    /// ```
    ///
    /// ## Fix safety
    /// Only for a simple command (no variables, globs, redirections, pipes, `&&`, backslashes,
    /// shell builtins or assignments) under a POSIX shell. Safe for `HEALTHCHECK CMD`, and for
    /// `CMD` when the Dockerfile sets no JSON-form `ENTRYPOINT` for the stage. Unsafe for
    /// `ENTRYPOINT` (it starts receiving `CMD` and `docker run` arguments) and for a `CMD`
    /// passed to a JSON-form `ENTRYPOINT` (it receives the words instead of `/bin/sh -c ...`).
    /// An `ENTRYPOINT` inherited from the base image also receives the words instead of
    /// `/bin/sh -c ...`, which is what such entrypoint scripts expect.
    ///
    /// ## References
    /// - hadolint DL3025 (it reports `HEALTHCHECK CMD` too); BuildKit JSONArgsRecommended
    pub ShellFormCmd {
        code: "DF025",
        name: "shell-form-cmd",
        practice: RuntimeHardening,
        severity: Low,
        summary: "CMD/ENTRYPOINT/HEALTHCHECK in shell form",
        aliases: ["DL3025", "JSONArgsRecommended"],
        references: ["https://docs.docker.com/reference/build-checks/json-args-recommended/"],
        remediation: "use the JSON form: CMD [\"program\", \"arg\"]",
    }
}

/// Shell words that only mean something to a shell.
const BUILTINS: &[&str] = &[
    ".", ":", "alias", "case", "cd", "eval", "exec", "export", "for", "function", "if", "readonly",
    "select", "set", "shift", "source", "trap", "ulimit", "umask", "unset", "until", "wait",
    "while", "{",
];

/// The JSON form of a simple shell command, or `None` when the shell does more than split
/// words and remove quotes.
fn exec_form(text: &str) -> Option<String> {
    if text.contains(|c: char| "$`|&;<>()*?[]{}~#!\\\n\r".contains(c)) {
        return None;
    }
    let words: Vec<String> = split_words(text)
        .into_iter()
        .map(|(a, b)| unquote_word(&text[a..b]))
        .collect();
    let first = words.first()?;
    if first.contains('=') || BUILTINS.contains(&first.as_str()) {
        return None;
    }
    let items: Vec<String> = words
        .iter()
        .filter_map(|w| serde_json::to_string(w).ok())
        .collect();
    Some(format!("[{}]", items.join(", ")))
}

/// For each stage: whether it, or a stage it is built from, sets a JSON-form ENTRYPOINT.
fn json_entrypoints(cx: &Ctx) -> Vec<bool> {
    let mut own = vec![false; cx.df.stages.len()];
    for ins in &cx.df.instructions {
        if let (Kind::Entrypoint, true, Some(s)) = (ins.kind, ins.is_json(), ins.stage)
            && let Some(o) = own.get_mut(s)
        {
            *o = true;
        }
    }
    // Parents come before their children.
    for (s, stage) in cx.df.stages.iter().enumerate() {
        if let Some(p) = stage.parent.filter(|p| *p < s) {
            own[s] |= own[p];
        }
    }
    own
}

impl DockerfileRule for ShellFormCmd {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let entrypoints = json_entrypoints(cx);
        let json_entrypoint = |ins: &Instruction| {
            ins.stage
                .and_then(|s| entrypoints.get(s).copied())
                .unwrap_or(false)
        };
        for ins in &cx.df.instructions {
            let Args::Shell(text) = &ins.args else {
                continue;
            };
            let (what, cmd_offset, safety) = match ins.kind {
                Kind::Cmd if json_entrypoint(ins) => ("`CMD`", 0, FixSafety::Unsafe),
                Kind::Cmd => ("`CMD`", 0, FixSafety::Safe),
                Kind::Entrypoint => ("`ENTRYPOINT`", 0, FixSafety::Unsafe),
                Kind::Healthcheck => {
                    let t = text.trim_start();
                    let Some(rest) = t
                        .get(..3)
                        .filter(|k| k.eq_ignore_ascii_case("cmd"))
                        .map(|_| &t[3..])
                    else {
                        continue;
                    };
                    if !rest.starts_with(char::is_whitespace)
                        || serde_json::from_str::<Vec<String>>(rest.trim()).is_ok()
                    {
                        continue;
                    }
                    (
                        "`HEALTHCHECK CMD`",
                        text.len() - rest.trim_start().len(),
                        FixSafety::Safe,
                    )
                }
                _ => continue,
            };
            let command = text[cmd_offset..].trim_end();
            if command.is_empty() {
                continue;
            }
            let start = ins.source_offset(ins.args_offset + cmd_offset);
            let end = ins.source_offset(ins.args_offset + cmd_offset + command.len());
            let sh = if cx.is_posix(ins) {
                "`/bin/sh -c`"
            } else {
                "the `SHELL`"
            };
            let msg = match ins.kind {
                Kind::Entrypoint => format!(
                    "shell-form `ENTRYPOINT` runs through {sh} and ignores `CMD` and run arguments"
                ),
                Kind::Healthcheck => format!(
                    "shell-form `HEALTHCHECK CMD` runs through {sh}, which the image must contain"
                ),
                _ => format!(
                    "shell-form `CMD` runs through {sh}: the program may not receive stop signals"
                ),
            };
            let mut f = cx.finding(&Self::META, msg, start, end);
            if cx.is_posix(ins)
                && cx.df.escape == '\\'
                && let Some(json) = exec_form(command)
            {
                f.fix = Some(Fix {
                    description: format!("write {what} in JSON form"),
                    safety,
                    edits: vec![Edit {
                        start,
                        end,
                        replacement: json,
                    }],
                });
            }
            out.push(f);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::exec_form;

    #[test]
    fn simple_commands_only() {
        assert_eq!(
            exec_form("node server.js").as_deref(),
            Some(r#"["node", "server.js"]"#)
        );
        assert_eq!(
            exec_form(r#"echo "a b" 'c'"#).as_deref(),
            Some(r#"["echo", "a b", "c"]"#)
        );
        for no in [
            "node $APP",
            "a && b",
            "a | b",
            "a > log",
            "run *.js",
            "cd /x",
            "FOO=1 app",
            "exec app",
            "a\\ b",
            "~/bin/x",
            "",
        ] {
            assert_eq!(exec_form(no), None, "{no}");
        }
    }
}
