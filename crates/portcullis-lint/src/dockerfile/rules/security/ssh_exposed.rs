use super::images::{final_chain, vars_at};
use super::installs::{Manager, installs, package_name};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, expand, unquote_word};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports an SSH server in the final image: `EXPOSE 22` (`22/tcp`, a range containing 22,
    /// or a variable whose default is 22), or the installation of an SSH server package —
    /// `openssh-server`, `ssh`, `dropbear`, `tinysshd` with apt; `openssh`, `openssh-server`,
    /// `dropbear` with apk, zypper and pacman; `openssh-server`, `dropbear` with yum/dnf/microdnf.
    ///
    /// Only the stages whose filesystem is the final image are checked (the final stage and the
    /// stages it is built `FROM`): a builder stage that needs `sshd` for tests does not ship it.
    /// `EXPOSE 22/udp` and client packages (`openssh-client`) are not reported.
    ///
    /// ## Why is this bad?
    /// A container is not a virtual machine: an SSH daemon adds a network service, keys and
    /// passwords to manage, and a root process to patch. Use `docker exec` (or `kubectl exec`)
    /// to get a shell in a running container.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apt-get install -y openssh-server
    /// EXPOSE 22
    /// ```
    /// Use instead: remove both and run `docker exec -it CONTAINER sh` when you need a shell.
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - Trivy DS004; checkov CKV_DOCKER_1
    pub SshExposed {
        code: "DF107",
        name: "ssh-exposed",
        practice: Network,
        severity: Medium,
        summary: "the image exposes port 22 or installs an SSH server",
        aliases: ["DS004"],
        references: ["https://docs.docker.com/reference/cli/docker/container/exec/"],
        remediation: "remove the SSH server and EXPOSE 22; use `docker exec` for interactive access",
    }
}

fn ssh_server(m: Manager, name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    let common = matches!(n.as_str(), "openssh-server" | "dropbear");
    common
        || match m {
            Manager::Apt => matches!(
                n.as_str(),
                "ssh" | "dropbear-bin" | "dropbear-run" | "tinysshd" | "lsh-server"
            ),
            Manager::Apk => matches!(n.as_str(), "openssh" | "openssh-server-pam"),
            Manager::Zypper | Manager::Pacman => n == "openssh",
            Manager::Rpm => false,
        }
}

/// Whether an EXPOSE word (`22`, `22/tcp`, `20-30`) covers TCP port 22.
fn exposes_22(spec: &str) -> bool {
    let (ports, proto) = match spec.split_once('/') {
        Some((p, proto)) => (p, proto.to_ascii_lowercase()),
        None => (spec, "tcp".to_string()),
    };
    if proto != "tcp" {
        return false;
    }
    let (a, b) = match ports.split_once('-') {
        Some((a, b)) => (a, b),
        None => (ports, ports),
    };
    match (a.trim().parse::<u32>(), b.trim().parse::<u32>()) {
        (Ok(a), Ok(b)) => a <= 22 && 22 <= b,
        _ => false,
    }
}

impl DockerfileRule for SshExposed {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let chain = final_chain(cx.df);
        let in_final = |s: Option<usize>| s.is_some_and(|s| chain.contains(&s));
        for (i, ins) in cx.df.instructions.iter().enumerate() {
            if ins.kind != Kind::Expose || !in_final(ins.stage) {
                continue;
            }
            let words = ins.words();
            let vars = if words.iter().any(|w| w.text.contains('$')) {
                Some(vars_at(cx.df, i))
            } else {
                None
            };
            for w in words {
                let text = unquote_word(&w.text);
                let spec = match &vars {
                    Some(v) => expand(&text, v).0,
                    None => text.clone(),
                };
                if exposes_22(&spec) {
                    let shown = if spec == text {
                        format!("`EXPOSE {text}`")
                    } else {
                        format!("`EXPOSE {text}` (= `{spec}`)")
                    };
                    out.push(cx.finding(
                        &Self::META,
                        format!("{shown} publishes the SSH port"),
                        w.start,
                        w.end,
                    ));
                }
            }
        }
        for ins in cx.runs(true) {
            if !in_final(ins.stage) {
                continue;
            }
            for (script, cmd) in cx.commands(ins) {
                let cmd = cmd.unwrapped();
                let Some(inst) = installs(cmd) else { continue };
                for w in &inst.packages {
                    let name = package_name(inst.manager, &w.text);
                    if ssh_server(inst.manager, name) {
                        let msg = format!(
                            "`{}` installs `{name}`, an SSH server, in the final image",
                            inst.tool
                        );
                        out.push(cx.at_script(&Self::META, msg, ins, script, w.start, w.end));
                    }
                }
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
        let src = "FROM debian:12-slim AS test\n\
            RUN apt-get install -y openssh-server\n\
            EXPOSE 22\n\
            FROM debian:12-slim\n\
            ARG SSH_PORT=22\n\
            EXPOSE 80 22/tcp 53/udp 22/udp\n\
            EXPOSE $SSH_PORT 2222\n\
            RUN apt-get update && apt-get install -y --no-install-recommends openssh-client ssh=1:9.2p1-2\n\
            RUN apk add --no-cache dropbear\n";
        let f = run(&SshExposed, src, None);
        let got: Vec<(u32, &str)> = f
            .iter()
            .map(|f| (f.location.line.unwrap(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                (6, "`EXPOSE 22/tcp` publishes the SSH port"),
                (7, "`EXPOSE $SSH_PORT` (= `22`) publishes the SSH port"),
                (
                    8,
                    "`apt-get` installs `ssh`, an SSH server, in the final image"
                ),
                (
                    9,
                    "`apk` installs `dropbear`, an SSH server, in the final image"
                ),
            ]
        );
        assert!(exposes_22("20-25"));
        assert!(!exposes_22("2222"));
    }
}
