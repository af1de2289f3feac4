use crate::dockerfile::ImageRef;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image uses the `latest` tag, after build arguments are expanded
    /// (`ARG TAG=latest` then `FROM node:${TAG}` is caught; `FROM ${BASE}` with no default is not
    /// guessed at).
    ///
    /// ## Why is this bad?
    /// `latest` moves: the same Dockerfile builds a different image tomorrow, with different
    /// packages and vulnerabilities, and a rebuild cannot reproduce what was tested.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM node:latest
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM node:22.11-slim
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which release to pin.
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.x; hadolint DL3007; Trivy DS001
    pub LatestTag {
        code: "DF007",
        name: "latest-tag",
        practice: Updates,
        severity: Medium,
        summary: "base image uses the `latest` tag",
        aliases: ["DL3007", "DS001"],
        references: ["https://docs.docker.com/build/building/best-practices/#from"],
        remediation: "pin a release tag such as node:22.11-slim, or a digest",
    }
}

impl DockerfileRule for LatestTag {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for stage in &cx.df.stages {
            if stage.parent.is_some() {
                continue;
            }
            let Some(resolved) = stage.resolved.as_deref() else {
                continue;
            };
            let r = ImageRef::parse(resolved);
            if r.tag.as_deref() == Some("latest") && r.digest.is_none() {
                out.push(cx.finding(
                    &Self::META,
                    format!("base image `{resolved}` uses the `latest` tag"),
                    stage.image.start,
                    stage.image.end,
                ));
            }
        }
    }
}
