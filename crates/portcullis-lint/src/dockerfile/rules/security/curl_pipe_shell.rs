use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::shell::{self, Command, Script};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `RUN` commands that execute a script straight from the network:
    ///
    /// - `curl … | sh`, `wget -qO- … | sudo bash -`, `curl … | python3`, `| perl`, `| ruby`,
    ///   `| node`, `| php` (any interpreter reading its program from the pipe);
    /// - `bash <(curl …)`, `sh -c "$(curl …)"`, `python3 -c "$(wget -O- …)"`,
    ///   `eval "$(curl …)"`, `source <(curl …)`;
    /// - the same inside `sh -c '…'` strings and heredoc scripts, and in `ONBUILD RUN`.
    ///
    /// Not reported: an interpreter that only processes the download as data
    /// (`curl … | python3 -c 'import json,sys; …'`, `curl … | perl -ne …`, `| bash script.sh`),
    /// `curl -o file` / `wget` without `-O -` (nothing reaches the pipe).
    ///
    /// ## Why is this bad?
    /// The script is neither pinned nor verified: whoever controls the server, the DNS or the
    /// network path decides what runs in your build, as root, and the same Dockerfile builds a
    /// different image tomorrow. A truncated download can also run half a script.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSL https://get.example.dev/install.sh | sh
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// ADD --checksum=sha256:5f1c… https://get.example.dev/v1.4.2/install.sh /tmp/install.sh
    /// RUN sh /tmp/install.sh
    /// ```
    /// or install the tool from the distribution's package manager.
    ///
    /// ## Fix safety
    /// No automatic fix: the checksum has to come from a trusted source.
    pub CurlPipeShell {
        code: "DF103",
        name: "curl-pipe-shell",
        practice: Updates,
        severity: High,
        summary: "a script downloaded with curl/wget is executed without verification",
        aliases: [],
        references: ["https://docs.docker.com/reference/dockerfile/#add---checksum"],
        remediation: "download a pinned version to a file, verify its checksum (ADD --checksum or sha256sum -c), then run it",
    }
}

const SHELLS: &[&str] = &["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"];

/// Whether a command downloads and writes the body to standard output.
fn downloads_to_stdout(c: &Command) -> bool {
    if c.is("curl") {
        let to_file = c
            .flag_values("o")
            .iter()
            .chain(c.flag_values("output").iter())
            .any(|v| *v != "-")
            || c.has_flag("O")
            || c.has_flag("remote-name")
            || c.has_flag("remote-name-all");
        return !to_file;
    }
    if c.is("wget") {
        return c
            .flag_values("O")
            .iter()
            .chain(c.flag_values("output-document").iter())
            .any(|v| *v == "-" || *v == "/dev/stdout");
    }
    false
}

/// The interpreter's name when this command runs code it reads from standard input.
fn reads_program_from_stdin(c: &Command) -> Option<String> {
    let base = c.name.rsplit('/').next().unwrap_or(&c.name).to_string();
    let positional = c.args_no_flags();
    let from_stdin = positional.first().is_none_or(|w| w.text == "-");
    if SHELLS.contains(&base.as_str()) {
        if c.shell_script_arg().is_some() {
            return None;
        }
        return (from_stdin || c.has_flag("s")).then_some(base);
    }
    let (is_interp, code_flags): (bool, &[&str]) =
        if base.starts_with("python") || base.starts_with("pypy") {
            (
                base.trim_start_matches("python")
                    .trim_start_matches("pypy")
                    .chars()
                    .all(|ch| ch.is_ascii_digit() || ch == '.'),
                &["c", "m"],
            )
        } else if base == "perl" {
            (true, &["e", "E", "n", "p"])
        } else if base == "ruby" {
            (true, &["e", "n", "p"])
        } else if base == "node" || base == "nodejs" {
            (true, &["e", "p", "eval", "print"])
        } else if base == "php" {
            (true, &["r", "R", "B", "E", "F"])
        } else {
            (false, &[])
        };
    if !is_interp || code_flags.iter().any(|f| c.has_flag(f)) {
        return None;
    }
    from_stdin.then_some(base)
}

/// Whether this command executes what its arguments produce (`bash <(…)`, `sh -c "$(…)"`,
/// `eval "$(…)"`, `source <(…)`).
fn executes_arguments(c: &Command) -> bool {
    let base = c.name.rsplit('/').next().unwrap_or(&c.name);
    SHELLS.contains(&base)
        || matches!(
            base,
            "eval" | "source" | "." | "perl" | "ruby" | "node" | "nodejs" | "php"
        )
        || base.starts_with("python")
}

/// One unverified execution: the downloader, the interpreter, the span to report.
struct Hit {
    downloader: String,
    interpreter: String,
    start: usize,
    end: usize,
    how: &'static str,
}

fn find_in(script: &Script) -> Vec<Hit> {
    let mut out = Vec::new();
    let cmds: Vec<&Command> = script.commands.iter().map(|c| c.unwrapped()).collect();
    for (i, c) in cmds.iter().enumerate() {
        // `curl … | sh`
        if c.position > 0
            && let Some(interp) = reads_program_from_stdin(c)
        {
            {
                let src = cmds[..i].iter().rev().find(|d| {
                    d.pipeline == c.pipeline && d.position < c.position && downloads_to_stdout(d)
                });
                if let Some(d) = src {
                    out.push(Hit {
                        downloader: d.name.rsplit('/').next().unwrap_or(&d.name).to_string(),
                        interpreter: interp,
                        start: d.start,
                        end: c.end,
                        how: "piped into",
                    });
                    continue;
                }
            }
        }
        // `bash <(curl …)`, `sh -c "$(curl …)"`
        if executes_arguments(c) {
            let inner = cmds.iter().find(|d| {
                d.in_substitution
                    && (d.is("curl") || d.is("wget"))
                    && c.args.iter().any(|w| d.start >= w.start && d.end <= w.end)
            });
            if let Some(d) = inner {
                out.push(Hit {
                    downloader: d.name.rsplit('/').next().unwrap_or(&d.name).to_string(),
                    interpreter: c.name.rsplit('/').next().unwrap_or(&c.name).to_string(),
                    start: c.start,
                    end: c.end,
                    how: "executed by",
                });
                continue;
            }
        }
        // `sh -c 'curl … | sh'`: the script string, reported on the whole string.
        if let Some(w) = c.shell_script_arg()
            && w.text.len() < 64 * 1024
            && let Some(h) = find_in(&shell::parse(&w.text)).into_iter().next()
        {
            out.push(Hit {
                start: w.start,
                end: w.end,
                ..h
            });
        }
    }
    out
}

impl DockerfileRule for CurlPipeShell {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for s in cx.scripts(ins) {
                for h in find_in(&s.script) {
                    let msg = format!(
                        "`{}` output is {} `{}`: the downloaded code runs unverified",
                        h.downloader, h.how, h.interpreter
                    );
                    out.push(cx.at_script(&Self::META, msg, ins, s, h.start, h.end));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(s: &str) -> Vec<String> {
        find_in(&shell::parse(s))
            .into_iter()
            .map(|h| format!("{} {} {}", h.downloader, h.how, h.interpreter))
            .collect()
    }

    #[test]
    fn positives() {
        assert_eq!(hits("curl -fsSL https://x.sh | sh"), ["curl piped into sh"]);
        assert_eq!(
            hits("wget -qO- https://x.sh | sudo -E bash -"),
            ["wget piped into bash"]
        );
        assert_eq!(
            hits("curl -sSL https://x | bash -s -- --yes"),
            ["curl piped into bash"]
        );
        assert_eq!(
            hits("curl https://bootstrap.pypa.io/get-pip.py | python3"),
            ["curl piped into python3"]
        );
        assert_eq!(
            hits("curl -L https://cpanmin.us | perl - App::cpanminus"),
            ["curl piped into perl"]
        );
        assert_eq!(
            hits("bash <(curl -fsSL https://x.sh)"),
            ["curl executed by bash"]
        );
        assert_eq!(
            hits("sh -c \"$(curl -fsSL https://x.sh)\""),
            ["curl executed by sh"]
        );
        assert_eq!(
            hits("eval \"$(wget -qO- https://x)\""),
            ["wget executed by eval"]
        );
        assert_eq!(
            hits("/bin/sh -c 'curl -s https://x | sh'"),
            ["curl piped into sh"]
        );
        assert_eq!(
            hits("set -e; curl -s https://x | tee /tmp/log | sh"),
            ["curl piped into sh"]
        );
    }

    #[test]
    fn negatives() {
        for s in [
            "curl -fsSL https://x/v.json | python3 -c 'import json,sys; print(json.load(sys.stdin))'",
            "curl -s https://x | perl -ne 'print if /v/'",
            "curl -fsSLo /tmp/i.sh https://x.sh && sh /tmp/i.sh",
            "wget https://x.sh | sh",
            "curl -s https://x | tar -xz",
            "curl -s https://x | bash /opt/local.sh",
            "curl -s https://x | jq .version",
            "echo hi | sh",
            "curl -O https://x/i.sh | sh",
        ] {
            assert!(hits(s).is_empty(), "{s}: {:?}", hits(s));
        }
    }
}
