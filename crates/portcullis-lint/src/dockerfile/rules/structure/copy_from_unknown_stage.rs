use super::util::{from_refs, walk_scope};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, expand};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=NAME` (and `ADD --from`, `RUN --mount=...,from=NAME`) where `NAME`
    /// is neither a stage of this file nor an image reference, and `--from=N` where stage `N`
    /// does not come before the current one. A value that looks like an image (`nginx:1.27`,
    /// `ghcr.io/org/tool`) is an image, not a typo: not reported. Variables are expanded with
    /// the stage's build arguments; a value that stays unknown is not judged.
    ///
    /// ## Why is this bad?
    /// A misspelled stage name is read as an image name: the build pulls `buidl:latest` from
    /// Docker Hub (or fails), instead of copying what the stage built.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM gcr.io/distroless/static-debian12
    /// COPY --from=buidl /out/app /app
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// COPY --from=build /out/app /app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix; the message suggests the closest stage name.
    ///
    /// ## References
    /// - hadolint DL3022 (which also reports images with a tag, and stages defined later,
    ///   which BuildKit accepts)
    pub CopyFromUnknownStage {
        code: "DF022",
        name: "copy-from-unknown-stage",
        practice: BuildHygiene,
        severity: Medium,
        summary: "COPY --from names no earlier stage",
        aliases: ["DL3022"],
        references: ["https://docs.docker.com/build/building/multi-stage/"],
        remediation: "name a stage defined with FROM ... AS NAME, or give the image a tag",
    }
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            cur.push(
                (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1),
            );
        }
        prev = cur;
    }
    prev[b.len()]
}

impl DockerfileRule for CopyFromUnknownStage {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let stages = &cx.df.stages;
        let names: std::collections::HashSet<&str> =
            stages.iter().filter_map(|s| s.name.as_deref()).collect();
        walk_scope(cx, |ins, vars| {
            let Some(cur) = ins.stage.filter(|s| *s < stages.len()) else {
                return;
            };
            if ins.kind == Kind::From {
                return;
            }
            for r in from_refs(ins) {
                let (v, ok) = expand(&r.value, vars);
                if !ok {
                    continue;
                }
                let shown = r.show(&v);
                let v = v.to_ascii_lowercase();
                let msg = if let Ok(n) = v.parse::<usize>() {
                    if n < cur {
                        continue;
                    }
                    if n == cur {
                        continue; // copy-from-own-stage
                    }
                    format!(
                        "{shown}: stage {n} does not come before this stage (stages count from 0)"
                    )
                } else {
                    // Earlier stages, the own stage (copy-from-own-stage), later stages (BuildKit
                    // resolves them), and image references are all fine here.
                    if names.contains(v.as_str()) || v.contains([':', '/', '@', '.']) {
                        continue;
                    }
                    let best = stages[..cur]
                        .iter()
                        .filter_map(|s| s.name.as_deref())
                        .map(|n| (distance(n, &v), n))
                        .min();
                    match best {
                        Some((d, n)) if d <= 2 || n.starts_with(&v) || v.starts_with(n) => {
                            format!("{shown} names no stage of this file: did you mean `{n}`?")
                        }
                        _ => format!(
                            "{shown} names no stage of this file (an image needs a tag, e.g. `{v}:1.0`)"
                        ),
                    }
                };
                out.push(cx.finding(&Self::META, msg, r.start, r.end));
            }
        });
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn distance() {
        assert_eq!(super::distance("build", "buidl"), 2);
        assert_eq!(super::distance("", "ab"), 2);
        assert_eq!(super::distance("same", "same"), 0);
    }
}
