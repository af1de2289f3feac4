use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `apt-get install` without `--no-install-recommends` (or
    /// `-o APT::Install-Recommends=false`), in RUN command lines and heredoc scripts alike.
    ///
    /// ## Why is this bad?
    /// Recommended packages are not needed to run the program: they enlarge the image and its
    /// attack surface, and bring vulnerabilities that have to be patched.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y curl
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apt-get install -y --no-install-recommends curl
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `--no-install-recommends` after `install`. A program that relied on a
    /// recommended package must now name it.
    pub AptInstallRecommends {
        code: "DF015",
        name: "apt-install-recommends",
        practice: MinimalImage,
        severity: Low,
        summary: "apt-get install without --no-install-recommends",
        aliases: ["DL3015", "DS029"],
        references: ["https://docs.docker.com/build/building/best-practices/#apt-get"],
        remediation: "add --no-install-recommends to apt-get install",
    }
}

impl DockerfileRule for AptInstallRecommends {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in cx.commands(ins) {
                if !cmd.is("apt-get") || cmd.subcommand() != Some("install") {
                    continue;
                }
                let has = cmd.has_flag("no-install-recommends")
                    || cmd.args.iter().any(|a| {
                        a.text.contains("Install-Recommends=false")
                            || a.text.contains("Install-Recommends=0")
                    });
                if has {
                    continue;
                }
                let mut f = cx.at_script(
                    &Self::META,
                    "`apt-get install` without `--no-install-recommends` installs recommended packages too",
                    ins,
                    script,
                    cmd.start,
                    cmd.end,
                );
                if let Some(sub) = cmd.args.iter().find(|a| a.text == "install") {
                    let at = script.to_source(ins, sub.end);
                    f.fix = Some(Fix {
                        description: "insert --no-install-recommends".into(),
                        safety: FixSafety::Safe,
                        edits: vec![Edit {
                            start: at,
                            end: at,
                            replacement: " --no-install-recommends".into(),
                        }],
                    });
                }
                out.push(f);
            }
        }
    }
}
