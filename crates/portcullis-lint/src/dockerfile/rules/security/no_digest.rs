use super::images::external_stages;
use crate::dockerfile::ImageRef;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Off by default. Reports a `FROM` that names an image without a digest
    /// (`@sha256:…`), after build arguments are expanded. Stages built from another stage of
    /// the file, `FROM scratch` and bases that cannot be resolved (`FROM ${BASE}` with no
    /// default; the digest may come with the build argument) are not reported.
    ///
    /// Turn it on with `enable = ["DF111"]` where builds must be reproducible bit for bit, and
    /// keep the digests fresh with a bot (Renovate, Dependabot) that updates them.
    ///
    /// ## Why is this bad?
    /// A tag is a pointer the publisher can move: `python:3.13-slim` is rebuilt every few weeks,
    /// and a registry or account compromise can point it at anything. A digest names exactly
    /// one image.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim@sha256:<digest>
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: resolving the digest needs the registry.
    pub NoDigest {
        code: "DF111",
        name: "no-digest",
        practice: Updates,
        severity: Info,
        summary: "base image is not pinned by digest",
        aliases: [],
        references: ["https://docs.docker.com/build/building/best-practices/#pin-base-image-versions"],
        remediation: "pin the base image by digest (name:tag@sha256:...) and let a bot keep it updated",
        default_enabled: false,
    }
}

impl DockerfileRule for NoDigest {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for stage in external_stages(cx.df) {
            let Some(resolved) = stage.resolved.as_deref() else {
                continue;
            };
            let r = ImageRef::parse(resolved);
            if r.is_scratch() || r.digest.is_some() {
                continue;
            }
            let msg = format!("base image `{resolved}` is not pinned by digest");
            out.push(cx.finding(&Self::META, msg, stage.image.start, stage.image.end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::rules::security::testing::run;

    #[test]
    fn cases() {
        let src = "ARG BASE\nARG V=3.22\nFROM alpine:${V} AS a\nFROM a\nFROM scratch\nFROM ${BASE}\nFROM alpine@sha256:0000000000000000000000000000000000000000000000000000000000000000\n";
        let f = run(&NoDigest, src, None);
        let lines: Vec<u32> = f.iter().map(|f| f.location.line.unwrap()).collect();
        assert_eq!(lines, [3]);
        assert_eq!(
            f[0].message,
            "base image `alpine:3.22` is not pinned by digest"
        );
    }
}
