use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, global_args, unquote};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=$TARGETPLATFORM` (or `${TARGETPLATFORM}`).
    ///
    /// ## Why is this bad?
    /// A stage is built for the target platform anyway: the flag says nothing, and readers
    /// wonder whether `$BUILDPLATFORM` was meant.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=$TARGETPLATFORM alpine:3.20
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM alpine:3.20
    /// ```
    ///
    /// ## Fix safety
    /// Safe: removes the flag; the stage is built for the same platform.
    ///
    /// ## References
    /// - hadolint DL3065; BuildKit RedundantTargetPlatform
    pub RedundantTargetPlatform {
        code: "DF065",
        name: "redundant-target-platform",
        practice: BuildHygiene,
        severity: Info,
        summary: "FROM --platform=$TARGETPLATFORM is the default",
        aliases: ["DL3065", "RedundantTargetPlatform"],
        references: ["https://docs.docker.com/reference/build-checks/redundant-target-platform/"],
        remediation: "remove --platform=$TARGETPLATFORM",
    }
}

impl DockerfileRule for RedundantTargetPlatform {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        // `ARG TARGETPLATFORM=...` before the first FROM gives the variable another meaning.
        if global_args(cx.df)
            .get("TARGETPLATFORM")
            .is_some_and(|v| v.is_some())
        {
            return;
        }
        for ins in cx.df.instructions.iter().filter(|i| i.kind == Kind::From) {
            let Some(flag) = ins.flag("platform") else {
                continue;
            };
            let value = unquote(flag.value.as_deref().unwrap_or("").trim());
            if value != "$TARGETPLATFORM" && value != "${TARGETPLATFORM}" {
                continue;
            }
            let mut f = cx.finding(
                &Self::META,
                format!("`--platform={value}` is the default"),
                flag.start,
                flag.end,
            );
            // Remove the flag and the whitespace after it.
            let src = cx.df.source.as_bytes();
            let mut end = flag.end;
            while end < src.len() && (src[end] == b' ' || src[end] == b'\t') {
                end += 1;
            }
            f.fix = Some(Fix {
                description: "remove --platform".into(),
                safety: FixSafety::Safe,
                edits: vec![Edit {
                    start: flag.start,
                    end,
                    replacement: String::new(),
                }],
            });
            out.push(f);
        }
    }
}
