use crate::dockerfile::ImageRef;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a `FROM` whose image has neither a tag nor a digest, after global build arguments
    /// are expanded. Not reported: `FROM` of an earlier stage (`FROM build`), `FROM scratch`, and
    /// an image whose variables have no default (`ARG BASE` then `FROM $BASE`: the tag is
    /// chosen at build time). A default that supplies the tag counts (`ARG TAG=22` then
    /// `FROM node:$TAG` is tagged); a default that does not is reported (`ARG BASE=node`).
    ///
    /// ## Why is this bad?
    /// An untagged image means `latest`: the build takes whatever was pushed last, so two
    /// builds of the same Dockerfile can differ and a rebuild cannot reproduce a tested image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: only you know which release to pin.
    ///
    /// ## References
    /// - hadolint DL3006 (which also reports `FROM ${BASE}` with no default, a known false
    ///   positive)
    pub UntaggedImage {
        code: "DF006",
        name: "untagged-image",
        practice: Updates,
        severity: Medium,
        summary: "base image without a tag or digest",
        aliases: ["DL3006"],
        references: ["https://docs.docker.com/build/building/best-practices/#from"],
        remediation: "pin a release tag such as python:3.13-slim, or a digest",
    }
}

impl DockerfileRule for UntaggedImage {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for stage in &cx.df.stages {
            if stage.parent.is_some() {
                continue;
            }
            let Some(resolved) = stage.resolved.as_deref().filter(|r| !r.is_empty()) else {
                continue;
            };
            let r = ImageRef::parse(resolved);
            if r.is_scratch()
                || r.digest.is_some()
                || r.tag.as_deref().is_some_and(|t| !t.is_empty())
            {
                continue;
            }
            let msg = if resolved == stage.image.text {
                format!("base image `{resolved}` has no tag: it means `latest`")
            } else {
                format!(
                    "base image `{}` (`{resolved}`) has no tag: it means `latest`",
                    stage.image.text
                )
            };
            out.push(cx.finding(&Self::META, msg, stage.image.start, stage.image.end));
        }
    }
}
