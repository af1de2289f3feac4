use super::util::{APT, Parsed, calls, insert_fix};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an `apt-get` command that asks for confirmation — `install`, and also
    /// `upgrade`, `dist-upgrade`, `remove`, `purge`, `autoremove`, `build-dep`, … — without
    /// `-y` (`--yes`, `--assume-yes`). Quiet level 2 (`-qq`, `-q=2`, `--quiet=2`) implies `-y`,
    /// as does `-o APT::Get::Assume-Yes=true`; a simulation (`-s`) never asks.
    /// `DEBIAN_FRONTEND=noninteractive` does not help: it silences debconf, not apt's prompt.
    ///
    /// hadolint checks `install` only; the other commands stop at the same prompt.
    ///
    /// ## Why is this bad?
    /// A build has no terminal: apt reads end-of-file at its "Do you want to continue?"
    /// prompt and aborts. The build works only as long as nothing needs confirming, then
    /// breaks on an unrelated change in the mirror.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get update && apt-get install --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `-y` after the subcommand. Without it the build can only abort at the
    /// prompt.
    pub AptNoYes {
        code: "DF014",
        name: "apt-no-yes",
        practice: BuildHygiene,
        severity: Low,
        summary: "apt-get command without -y",
        aliases: ["DL3014", "DS021"],
        references: ["https://docs.docker.com/build/building/best-practices/#apt-get"],
        remediation: "add -y: apt-get install -y <package>",
    }
}

/// apt-get subcommands that ask for confirmation.
const PROMPTS: &[&str] = &[
    "install",
    "reinstall",
    "remove",
    "purge",
    "upgrade",
    "dist-upgrade",
    "full-upgrade",
    "autoremove",
    "autopurge",
    "build-dep",
    "satisfy",
];

/// Whether apt-get's options answer its prompt.
fn assumes_yes(p: &Parsed) -> bool {
    // Simulations and `--print-uris` never reach the prompt.
    if p.has(&[
        "y",
        "yes",
        "assume-yes",
        "s",
        "simulate",
        "just-print",
        "dry-run",
        "recon",
        "no-act",
        "print-uris",
    ]) {
        return true;
    }
    let mut quiet = 0i64;
    for o in p.opts.iter().filter(|o| o.name == "q" || o.name == "quiet") {
        match o.value.as_deref().map(|v| v.trim().parse::<i64>()) {
            Some(Ok(n)) => quiet = n,
            _ => quiet += 1,
        }
    }
    if quiet >= 2 {
        return true;
    }
    p.values(&["o", "option"]).any(|v| {
        let Some((k, val)) = v.split_once('=') else {
            return false;
        };
        let val = val.trim().trim_matches(['"', '\'']).to_ascii_lowercase();
        (k.eq_ignore_ascii_case("APT::Get::Assume-Yes")
            && matches!(val.as_str(), "1" | "true" | "yes" | "on"))
            || (k.eq_ignore_ascii_case("quiet") && val.parse::<i64>().is_ok_and(|n| n >= 2))
    })
}

impl DockerfileRule for AptNoYes {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for call in calls(cx, ins) {
                if !call.cmd.is("apt-get") {
                    continue;
                }
                let p = call.parse(&APT, &APT);
                let Some(sub) = p.op_word(0) else { continue };
                if !PROMPTS.contains(&sub.text.as_str()) || assumes_yes(&p) {
                    continue;
                }
                let mut f = cx.at_script(
                    &Self::META,
                    format!(
                        "`apt-get {}` without `-y` aborts at its confirmation prompt",
                        sub.text
                    ),
                    ins,
                    call.script,
                    call.cmd.name_word.start,
                    sub.end,
                );
                f.fix = insert_fix(ins, call.script, sub.end, " -y", "insert -y");
                out.push(f);
            }
        }
    }
}
