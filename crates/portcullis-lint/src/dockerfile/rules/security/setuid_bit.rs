use super::perms::{describe_targets, modes_set, parse_mode};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, unquote};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports modes that set the setuid or setgid bit: `chmod u+s`, `g+s`, `+s`, `4755`,
    /// `2755`, `6755`, also through `find … -exec chmod`, `install -m 4755`, `mkdir -m 2775`
    /// and `COPY/ADD --chmod=4755`, in `RUN`, heredoc scripts and `ONBUILD RUN`.
    ///
    /// `g+s` on a directory only makes new files inherit the group; it is reported as well
    /// because the linter cannot tell a directory from a program: suppress it with a pragma
    /// where that is the intent.
    ///
    /// ## Why is this bad?
    /// A setuid program runs with its owner's privileges (root, usually) whoever starts it: any
    /// bug in it is a privilege escalation inside the container, the first step out of it.
    /// Containers rarely need one; run the process with the privileges it needs instead.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN chmod u+s /usr/local/bin/backup
    /// ```
    /// Use instead: run the container as the user that owns what `backup` reads, or grant the one
    /// capability it needs (`setcap cap_dac_read_search+ep`), or drop setuid bits altogether:
    /// ```dockerfile
    /// RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - dockle CIS-DI-0008
    pub SetuidBit {
        code: "DF106",
        name: "setuid-bit",
        practice: LeastPrivilege,
        severity: Medium,
        summary: "a file gets the setuid or setgid bit",
        aliases: ["CIS-DI-0008"],
        references: ["https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0008"],
        remediation: "do not set setuid/setgid bits; run the process as the user it needs, or grant a single capability",
    }
}

fn bits(setuid: bool, setgid: bool) -> &'static str {
    match (setuid, setgid) {
        (true, true) => "the setuid and setgid bits",
        (true, false) => "the setuid bit",
        _ => "the setgid bit",
    }
}

impl DockerfileRule for SetuidBit {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in cx.commands(ins) {
                let cmd = cmd.unwrapped();
                for m in modes_set(cmd) {
                    let Some(e) = parse_mode(m.mode) else {
                        continue;
                    };
                    if !e.setuid && !e.setgid {
                        continue;
                    }
                    let Some(w) = cmd.args.get(m.word) else {
                        continue;
                    };
                    let msg = format!(
                        "`{} {}` sets {} on {}",
                        m.tool,
                        m.mode,
                        bits(e.setuid, e.setgid),
                        describe_targets(&m.targets)
                    );
                    out.push(cx.at_script(&Self::META, msg, ins, script, w.start, w.end));
                }
            }
        }
        for ins in cx.df.all_instructions() {
            if !matches!(ins.kind, Kind::Copy | Kind::Add) {
                continue;
            }
            let Some(f) = ins.flag("chmod") else { continue };
            let Some(mode) = f.value.as_deref().map(unquote) else {
                continue;
            };
            if let Some(e) = parse_mode(&mode).filter(|e| e.setuid || e.setgid) {
                let msg = format!(
                    "`{} --chmod={mode}` sets {} on the copied files",
                    ins.kind.as_str(),
                    bits(e.setuid, e.setgid)
                );
                out.push(cx.finding(&Self::META, msg, f.start, f.end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::rules::security::testing::run;

    #[test]
    fn cases() {
        let src = "FROM alpine:3.22\n\
            RUN chmod u+s /usr/bin/backup && chmod 0755 /x && chmod u-s /usr/bin/su\n\
            RUN install -o root -m 4755 tool /usr/local/bin/tool\n\
            COPY --chmod=2755 t /t\n\
            RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +\n\
            RUN chmod 1777 /tmp\n";
        let f = run(&SetuidBit, src, None);
        let got: Vec<(u32, &str)> = f
            .iter()
            .map(|f| (f.location.line.unwrap(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "`chmod u+s` sets the setuid bit on `/usr/bin/backup`"),
                (
                    3,
                    "`install -m 4755` sets the setuid bit on `/usr/local/bin/tool`"
                ),
                (
                    4,
                    "`COPY --chmod=2755` sets the setgid bit on the copied files"
                ),
            ]
        );
    }
}
