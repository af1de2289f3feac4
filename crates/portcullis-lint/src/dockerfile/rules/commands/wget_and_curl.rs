use super::util::run_commands;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Instruction, Kind};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports RUN instructions that use `wget` in a stage that also uses `curl`, or the other
    /// way round, from the RUN where the second tool first appears on. `ONBUILD RUN` triggers
    /// are checked among themselves.
    ///
    /// ## Why is this bad?
    /// Both tools download files; needing both means two packages, their libraries and their
    /// vulnerabilities in the image where one would do.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz
    /// RUN wget -q https://example.com/b.tgz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN curl -fsSLo /tmp/a.tgz https://example.com/a.tgz \
    ///  && curl -fsSLO https://example.com/b.tgz
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the two tools take different options.
    pub WgetAndCurl {
        code: "DF069",
        name: "wget-and-curl",
        practice: MinimalImage,
        severity: Info,
        summary: "both wget and curl are used in one stage",
        aliases: ["DL4001", "DS014"],
        references: ["https://github.com/hadolint/hadolint/wiki/DL4001"],
        remediation: "use one download tool (curl or wget) throughout the stage",
    }
}

/// First line each tool was seen on: `[curl, wget]`.
#[derive(Default)]
struct Seen([Option<u32>; 2]);

const TOOLS: [&str; 2] = ["curl", "wget"];

impl WgetAndCurl {
    fn check_run(&self, cx: &Ctx, ins: &Instruction, seen: &mut Seen, out: &mut Vec<Finding>) {
        let cmds: Vec<_> = run_commands(cx, ins)
            .into_iter()
            .filter(|(_, c)| c.is_any(&TOOLS))
            .collect();
        if cmds.is_empty() {
            return;
        }
        for (_, c) in &cmds {
            let i = usize::from(c.is("wget"));
            seen.0[i].get_or_insert(ins.line);
        }
        let (Some(curl), Some(wget)) = (seen.0[0], seen.0[1]) else {
            return;
        };
        let (script, cmd) = &cmds[0];
        let (this, other, line) = if cmd.is("wget") {
            ("wget", "curl", curl)
        } else {
            ("curl", "wget", wget)
        };
        let msg = if line == ins.line {
            "`curl` and `wget` in the same RUN: use one download tool".to_string()
        } else {
            format!(
                "`{this}` in a stage that also uses `{other}` (line {line}): use one download tool"
            )
        };
        let (s, e) = cmd.name_span();
        out.push(cx.at_script(&Self::META, msg, ins, script, s, e));
    }
}

impl DockerfileRule for WgetAndCurl {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let (mut runs, mut triggers) = (Seen::default(), Seen::default());
        for ins in &cx.df.instructions {
            match ins.kind {
                Kind::From => (runs, triggers) = (Seen::default(), Seen::default()),
                Kind::Run => self.check_run(cx, ins, &mut runs, out),
                Kind::Onbuild => {
                    if let Some(t) = ins.onbuild.as_deref().filter(|t| t.kind == Kind::Run) {
                        self.check_run(cx, t, &mut triggers, out);
                    }
                }
                _ => {}
            }
        }
    }
}
