use super::perms::{describe_targets, modes_set, parse_mode};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, unquote};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports modes that make files writable by every user: `chmod 777`, `chmod 666`,
    /// `chmod -R o+w`, `a+w`, `a=rwx`, numeric modes with a setuid/setgid prefix (`4777`),
    /// also through `find … -exec chmod`, `mkdir -m 777`, `install -m 666` and
    /// `COPY/ADD --chmod=777`, in `RUN`, heredoc scripts and `ONBUILD RUN`.
    ///
    /// Not reported: modes with the sticky bit (`chmod 1777 /tmp`, `a+rwxt`), the standard mode
    /// of shared temporary directories, where only a file's owner may delete or rename it; and
    /// `chmod +w` without `o`/`a`, which the umask keeps from others.
    ///
    /// ## Why is this bad?
    /// Any process in the container, whatever its user, can then change those files: a
    /// compromised low-privilege process rewrites the application's code or configuration, or a
    /// script that root later runs.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN chmod -R 777 /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN chown -R 10001:10001 /app/data && chmod -R u=rwX,go=rX /app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: which user needs to write is up to you.
    pub WorldWritable {
        code: "DF105",
        name: "world-writable",
        practice: LeastPrivilege,
        severity: Medium,
        summary: "files are made writable by every user (chmod 777, o+w)",
        aliases: [],
        references: ["https://docs.docker.com/build/building/best-practices/#user"],
        remediation: "give write access to the one user that needs it (chown + u+w), not to others",
    }
}

impl DockerfileRule for WorldWritable {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in cx.commands(ins) {
                let cmd = cmd.unwrapped();
                for m in modes_set(cmd) {
                    let Some(e) = parse_mode(m.mode) else {
                        continue;
                    };
                    if !e.world_writable || e.sticky {
                        continue;
                    }
                    let Some(w) = cmd.args.get(m.word) else {
                        continue;
                    };
                    let msg = format!(
                        "`{} {}` makes {} writable by every user",
                        m.tool,
                        m.mode,
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
            if parse_mode(&mode).is_some_and(|e| e.world_writable && !e.sticky) {
                let msg = format!(
                    "`{} --chmod={mode}` makes the copied files writable by every user",
                    ins.kind.as_str()
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
            RUN chmod -R 777 /app && chmod 1777 /scratch && chmod 755 /bin/x\n\
            RUN sudo chmod o+w /etc/app.conf\n\
            COPY --chmod=666 a /a\n\
            COPY --chmod=644 b /b\n\
            RUN mkdir -p -m 0777 /data; chmod +w /x\n\
            ONBUILD RUN chmod a=rwx /plugins\n";
        let f = run(&WorldWritable, src, None);
        let got: Vec<(u32, &str)> = f
            .iter()
            .map(|f| (f.location.line.unwrap(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (2, "`chmod 777` makes `/app` writable by every user"),
                (
                    3,
                    "`chmod o+w` makes `/etc/app.conf` writable by every user"
                ),
                (6, "`mkdir -m 0777` makes `/data` writable by every user"),
                (7, "`chmod a=rwx` makes `/plugins` writable by every user"),
                (
                    4,
                    "`COPY --chmod=666` makes the copied files writable by every user"
                ),
            ]
        );
        assert_eq!(f[0].location.column, Some(14));
    }
}
