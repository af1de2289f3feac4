use super::util::{FlagSpec, has_long, has_short, run_commands};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `wget` without a progress setting: none of `--progress=...`, `-q`/`--quiet`,
    /// `-nv`/`--no-verbose`, or a log file (`-o`/`--output-file`, `-a`/`--append-output`).
    ///
    /// ## Why is this bad?
    /// Without a terminal, wget's default progress display prints a line every few kilobytes:
    /// a large download floods the build log with thousands of lines and hides the output that
    /// matters.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN wget https://example.com/app.tar.gz
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN wget --progress=dot:giga https://example.com/app.tar.gz
    /// ```
    ///
    /// ## Fix safety
    /// Unsafe: inserts `--progress=dot:giga` after `wget`, an option BusyBox wget (Alpine's
    /// default) does not know.
    pub WgetProgress {
        code: "DF047",
        name: "wget-progress",
        practice: BuildHygiene,
        severity: Info,
        summary: "wget without a progress setting floods the build log",
        aliases: ["DL3047"],
        references: ["https://www.gnu.org/software/wget/manual/wget.html#Download-Options"],
        remediation: "add --progress=dot:giga (or -nv / -q) to wget",
    }
}

const WGET_FLAGS: FlagSpec = FlagSpec {
    long: &[],
    short: "OoaePUtTwQlARDIXBi",
};

impl DockerfileRule for WgetProgress {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in run_commands(cx, ins) {
                if !cmd.is("wget") {
                    continue;
                }
                let a = &cmd.args;
                let short = |c| has_short(a, c, &WGET_FLAGS);
                let quiet = short('q')
                    || has_long(a, "quiet")
                    || a.iter().any(|w| w.text == "-nv")
                    || has_long(a, "no-verbose");
                let progress =
                    has_long(a, "progress") || a.iter().any(|w| w.text.starts_with("--progress="));
                let logged = short('o')
                    || has_long(a, "output-file")
                    || short('a')
                    || has_long(a, "append-output");
                if quiet || progress || logged {
                    continue;
                }
                let (s, e) = cmd.name_span();
                let mut f = cx.at_script(
                    &Self::META,
                    "`wget` without `--progress=dot:giga`, `-nv` or `-q` floods the build log",
                    ins,
                    script,
                    s,
                    e,
                );
                if !ins.is_json() {
                    let at = script.to_source(ins, e);
                    f.fix = Some(Fix {
                        description: "insert --progress=dot:giga".into(),
                        safety: FixSafety::Unsafe,
                        edits: vec![Edit {
                            start: at,
                            end: at,
                            replacement: " --progress=dot:giga".into(),
                        }],
                    });
                }
                out.push(f);
            }
        }
    }
}
