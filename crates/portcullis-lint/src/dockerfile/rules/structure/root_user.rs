use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, unquote_word};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a final stage whose last `USER` is root: `root`, `0`, `root:root`, `0:0`, or any
    /// `root:GROUP`/`0:GROUP`.
    ///
    /// ## Why is this bad?
    /// A process running as root in the container is root on the host's kernel: any escape
    /// (a kernel bug, a mounted socket, a writable host path) is a full host compromise.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER root
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// USER 10001:10001
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the application may need files owned by its user.
    pub RootUser {
        code: "DF003",
        name: "root-user",
        practice: LeastPrivilege,
        severity: High,
        summary: "the final stage's last USER is root",
        aliases: ["DL3002", "DS002", "CIS-4.1"],
        references: ["https://docs.docker.com/build/building/best-practices/#user"],
        remediation: "switch to an unprivileged user (USER 10001:10001) after the steps that need root",
    }
}

/// Whether a USER argument names root.
pub fn is_root(user: &str) -> bool {
    let u = user.split(':').next().unwrap_or("");
    u == "root" || u == "0"
}

impl DockerfileRule for RootUser {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let Some(last) = cx.df.stages.last() else {
            return;
        };
        let user = cx
            .df
            .stage_instructions(last.index)
            .filter(|i| i.kind == Kind::User)
            .last();
        if let Some(u) = user {
            let name = unquote_word(u.args_text().trim());
            if is_root(&name) {
                let (s, e) = u.args_span();
                out.push(cx.finding(
                    &Self::META,
                    format!("the final stage runs as `{name}`"),
                    s,
                    e,
                ));
            }
        }
    }
}
