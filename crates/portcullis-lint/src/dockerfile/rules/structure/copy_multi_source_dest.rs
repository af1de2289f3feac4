use super::util::{copy_paths, resolve, walk_scope};
use crate::dockerfile::Kind;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `COPY` or `ADD` with more than one source (heredocs included) whose
    /// destination does not end with `/`. A destination whose variables have no known value is
    /// not judged.
    ///
    /// ## Why is this bad?
    /// With several sources the destination must be a directory, and Docker only accepts it
    /// written with a trailing `/`: the build fails.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY package.json package-lock.json /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// COPY package.json package-lock.json /app/
    /// ```
    ///
    /// ## Fix safety
    /// Safe: appends `/` to the destination as written, which is the only form Docker accepts.
    ///
    /// ## References
    /// - hadolint DL3021 (COPY only; `ADD` has the same requirement); Trivy DS011
    pub CopyMultiSourceDest {
        code: "DF021",
        name: "copy-multi-source-dest",
        practice: BuildHygiene,
        severity: Medium,
        summary: "COPY/ADD with several sources to a destination without a trailing /",
        aliases: ["DL3021", "DS011"],
        references: ["https://docs.docker.com/reference/dockerfile/#copy"],
        remediation: "end the destination with / when copying several sources",
    }
}

impl DockerfileRule for CopyMultiSourceDest {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        walk_scope(cx, |ins, vars| {
            let ins = ins.onbuild.as_deref().unwrap_or(ins);
            if !matches!(ins.kind, Kind::Copy | Kind::Add) {
                return;
            }
            let Some((sources, dest)) = copy_paths(ins) else {
                return;
            };
            if sources.len() < 2 {
                return;
            }
            let Some(d) = resolve(ins, &dest.text, vars, cx.df.escape) else {
                return;
            };
            if d.ends_with('/') || d.ends_with('\\') {
                return;
            }
            let msg = format!(
                "{} sources copied to `{d}`: the destination must end with `/`",
                sources.len()
            );
            let mut f = cx.finding(&Self::META, msg, dest.start, dest.end);
            // `/app` → `/app/`, `"/app"` → `"/app/"`; JSON strings hold the quote at the end.
            let quoted = dest.text.len() >= 2
                && (dest.text.ends_with('"') || dest.text.ends_with('\''))
                || ins.is_json();
            let at = if quoted { dest.end - 1 } else { dest.end };
            if !dest.text.contains('$') && !dest.text.ends_with('\\') {
                f.fix = Some(Fix {
                    description: "append / to the destination".into(),
                    safety: FixSafety::Safe,
                    edits: vec![Edit {
                        start: at,
                        end: at,
                        replacement: "/".into(),
                    }],
                });
            }
            out.push(f);
        });
    }
}
