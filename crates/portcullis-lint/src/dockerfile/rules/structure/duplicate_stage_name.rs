use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};
use std::collections::HashMap;

declare_rule! {
    /// ## What it does
    /// Reports a `FROM ... AS NAME` whose name (compared case-insensitively, as BuildKit does)
    /// was already given to an earlier stage.
    ///
    /// ## Why is this bad?
    /// BuildKit refuses the file; older builders silently make `--from=NAME` and `--target NAME`
    /// refer to one of the two stages, so the image may contain the wrong files.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM golang:1.23 AS build
    /// FROM node:22 AS build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM golang:1.23 AS build-api
    /// FROM node:22 AS build-web
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: references to the name would have to change too.
    ///
    /// ## References
    /// - hadolint DL3024; Trivy DS012; BuildKit DuplicateStageName
    pub DuplicateStageName {
        code: "DF024",
        name: "duplicate-stage-name",
        practice: BuildHygiene,
        severity: Medium,
        summary: "two stages with the same name",
        aliases: ["DL3024", "DS012", "DuplicateStageName"],
        references: ["https://docs.docker.com/reference/build-checks/duplicate-stage-name/"],
        remediation: "give every stage a unique name",
    }
}

impl DockerfileRule for DuplicateStageName {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        // Stage name → index of its first FROM.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for s in &cx.df.stages {
            let (Some(name), Some((a, b))) = (&s.name, s.name_span) else {
                continue;
            };
            match first.get(name.as_str()) {
                Some(&from) => {
                    let line = cx.df.instructions.get(from).map(|f| f.line).unwrap_or(0);
                    let msg =
                        format!("stage name `{name}` is already used by the stage on line {line}");
                    out.push(cx.finding(&Self::META, msg, a, b));
                }
                None => {
                    first.insert(name, s.from);
                }
            }
        }
    }
}
