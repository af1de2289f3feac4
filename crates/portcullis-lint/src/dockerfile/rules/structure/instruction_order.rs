use super::util::keyword_span;
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports every instruction other than `ARG` before the first `FROM` (comments and parser
    /// directives are fine).
    ///
    /// ## Why is this bad?
    /// A Dockerfile must begin with `FROM` (only global `ARG`s may precede it): the build fails.
    /// Usually a `FROM` was deleted or a file was concatenated in the wrong order.
    ///
    /// ## Example
    /// ```dockerfile
    /// ENV LANG=C.UTF-8
    /// FROM debian:12-slim
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM debian:12-slim
    /// ENV LANG=C.UTF-8
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3061
    pub InstructionOrder {
        code: "DF061",
        name: "instruction-order",
        practice: BuildHygiene,
        severity: High,
        summary: "instruction other than ARG before the first FROM",
        aliases: ["DL3061"],
        references: ["https://docs.docker.com/reference/dockerfile/#format"],
        remediation: "start the file with FROM; only ARG may come before it",
    }
}

impl DockerfileRule for InstructionOrder {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx
            .df
            .instructions
            .iter()
            .take_while(|i| i.kind != Kind::From)
        {
            if ins.kind != Kind::Arg {
                let (s, e) = keyword_span(ins);
                let msg = format!(
                    "`{}` before the first `FROM`: only `ARG` may come before it",
                    ins.kind.as_str()
                );
                out.push(cx.finding(&Self::META, msg, s, e));
            }
        }
    }
}
