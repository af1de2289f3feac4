use crate::dockerfile::context::Ctx;
use crate::dockerfile::pragma::pragmas;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::suppress::Scope;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Off by default. Reports every inline suppression (`# portcullis ignore=...`,
    /// `# hadolint ignore=...`, and their `global` and `stage` forms). A pragma for the next
    /// instruction is reported at that instruction, a `stage` pragma at the stage's `FROM`
    /// and a `global` pragma at the first instruction: where what the pragma silences begins.
    ///
    /// ## Why is this bad?
    /// Teams that want every exception reviewed in one place (the configuration file, with a
    /// reason and an expiry date) forbid exceptions scattered through Dockerfiles.
    ///
    /// ## Example
    /// ```dockerfile
    /// # hadolint ignore=DL3008
    /// RUN apt-get install -y curl
    /// ```
    /// Use instead, in `.portcullis.toml`:
    /// ```toml
    /// [[ignores]]
    /// paths = ["Dockerfile"]
    /// rules = ["DF008"]
    /// reason = "curl follows the distribution's security updates"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL1001 (reported at the comment line there)
    pub InlinePragma {
        code: "DF074",
        name: "inline-pragma",
        practice: BuildHygiene,
        severity: Info,
        summary: "inline ignore pragma",
        aliases: ["DL1001"],
        references: ["https://github.com/hadolint/hadolint#inline-ignores"],
        remediation: "move the exception to the configuration file, with a reason",
        default_enabled: false,
    }
}

impl DockerfileRule for InlinePragma {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for p in pragmas(cx.path, cx.df) {
            let codes = p.codes.join(", ");
            let line = p.origin.line.unwrap_or(0);
            let f = match p.scope {
                Scope::Lines { start, end } => {
                    let ins = cx
                        .df
                        .instructions
                        .get(cx.df.instructions.partition_point(|i| i.line < start));
                    let Some(ins) = ins.filter(|i| i.line == start) else {
                        continue;
                    };
                    let what = if end > ins.end_line {
                        "in this stage"
                    } else {
                        "here"
                    };
                    let msg = format!("inline pragma on line {line} silences {codes} {what}");
                    cx.at_instruction(&Self::META, msg, ins)
                }
                Scope::File => {
                    let msg =
                        format!("inline pragma on line {line} silences {codes} in the whole file");
                    match cx.df.instructions.first() {
                        Some(first) => cx.at_instruction(&Self::META, msg, first),
                        None => {
                            let mut f = Self::META.finding(msg, p.origin.clone());
                            f.location.path = Some(cx.path.to_string());
                            f
                        }
                    }
                }
            };
            out.push(f);
        }
    }
}
