use super::images::{external_stages, official_name};
use crate::dockerfile::ImageRef;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use globset::{GlobBuilder, GlobSet, GlobSetBuilder};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// When the configuration lists `allowed-base-images`, reports every `FROM` whose image
    /// matches none of them. Patterns are globs over `name:tag` as resolved (build arguments
    /// expanded); `*` matches any characters, `/` and `:` included. An image matches when any of
    /// its spellings does: as written (`python:3.13-slim`, with or without its `@digest`),
    /// short (`python:3.13-slim` for `docker.io/library/python:3.13-slim`) and fully qualified
    /// (`docker.io/library/python:3.13-slim`); an untagged image is also tried as `:latest`.
    ///
    /// ```toml
    /// allowed-base-images = ["gcr.io/distroless/*", "python:3.13-slim*", "docker.io/library/alpine:3.2*"]
    /// ```
    ///
    /// Stages built from another stage, `FROM scratch`, and bases that cannot be resolved
    /// (`FROM ${BASE}` without a default: the policy cannot be checked statically) are not
    /// reported. Nothing is reported when the list is empty (the default).
    ///
    /// ## Why is this bad?
    /// An organisation that maintains or vets a set of base images wants every image built on
    /// them: images on other bases miss the hardening, the patch cadence and the scanning that
    /// come with the approved ones.
    ///
    /// ## Example
    /// With `allowed-base-images = ["gcr.io/distroless/*"]`:
    /// ```dockerfile
    /// FROM node:22
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM gcr.io/distroless/nodejs22-debian12
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub BaseImageNotAllowed {
        code: "DF113",
        name: "base-image-not-allowed",
        practice: Updates,
        severity: High,
        summary: "base image is not in the configured allowed-base-images",
        aliases: [],
        references: [],
        remediation: "build on one of the images listed in allowed-base-images, or extend the list",
    }
}

fn glob_set(patterns: &[String]) -> GlobSet {
    let mut b = GlobSetBuilder::new();
    for p in patterns {
        if let Ok(g) = GlobBuilder::new(p.trim()).literal_separator(false).build() {
            b.add(g);
        }
    }
    b.build().unwrap_or_else(|_| GlobSet::empty())
}

/// The spellings of an image reference that patterns are matched against.
fn spellings(resolved: &str, r: &ImageRef) -> Vec<String> {
    let tags: Vec<String> = match &r.tag {
        Some(t) => vec![t.clone()],
        None => vec!["latest".to_string()],
    };
    let mut out = vec![resolved.to_string()];
    if let Some((no_digest, _)) = resolved.split_once('@') {
        out.push(no_digest.to_string());
    }
    for t in &tags {
        let short = match official_name(r) {
            Some(n) => n.to_string(),
            None if !r.explicit_registry => r.repository.clone(),
            None => format!("{}/{}", r.registry, r.repository),
        };
        out.push(format!("{short}:{t}"));
        out.push(format!("{}/{}:{t}", r.registry, r.repository));
        if let Some(n) = official_name(r) {
            out.push(format!("docker.io/library/{n}:{t}"));
        }
        if let Some(d) = &r.digest {
            out.push(format!("{short}:{t}@{d}"));
        }
    }
    out
}

impl DockerfileRule for BaseImageNotAllowed {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        if cx.config.allowed_base_images.is_empty() {
            return;
        }
        let set = glob_set(&cx.config.allowed_base_images);
        for stage in external_stages(cx.df) {
            let Some(resolved) = stage.resolved.as_deref() else {
                continue;
            };
            let r = ImageRef::parse(resolved);
            if r.is_scratch() {
                continue;
            }
            if spellings(resolved, &r).iter().any(|s| set.is_match(s)) {
                continue;
            }
            let msg = format!("base image `{resolved}` is not in `allowed-base-images`");
            out.push(cx.finding(&Self::META, msg, stage.image.start, stage.image.end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portcullis_core::config::Config;

    fn lines(src: &str, allowed: &[&str]) -> Vec<u32> {
        let df = crate::dockerfile::parse(src);
        let config = Config {
            allowed_base_images: allowed.iter().map(|s| s.to_string()).collect(),
            ..Config::default()
        };
        let cx = Ctx::new("Dockerfile", &df, &config, None);
        let mut out = Vec::new();
        BaseImageNotAllowed.check(&cx, &mut out);
        out.iter().map(|f| f.location.line.unwrap()).collect()
    }

    #[test]
    fn cases() {
        let src = "ARG V=3.22\n\
            FROM alpine:${V} AS a\n\
            FROM docker.io/library/python:3.13-slim\n\
            FROM gcr.io/distroless/static-debian12:nonroot\n\
            FROM node:22\n\
            FROM a\n\
            FROM scratch\n\
            FROM ${NOPE}\n\
            FROM debian\n";
        let allowed = [
            "alpine:3.*",
            "python:3.13-slim*",
            "gcr.io/distroless/*",
            "docker.io/library/debian:latest",
        ];
        assert_eq!(lines(src, &allowed), [5]);
        assert!(lines(src, &[]).is_empty());
        assert_eq!(
            lines("FROM python@sha256:abc\n", &["python:latest"]),
            Vec::<u32>::new()
        );
    }

    /// The fixture, checked with the allow-list its header names (the shared fixture
    /// configuration has to carry the same list for the fixture test).
    #[test]
    fn fixture_with_its_allow_list() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/dockerfile/DF113.Dockerfile"
        ))
        .unwrap();
        let marked: Vec<u32> = text
            .lines()
            .enumerate()
            .filter(|(_, l)| l.trim() == "# expect: DF113")
            .map(|(i, _)| i as u32 + 2)
            .collect();
        assert_eq!(
            lines(
                &text,
                &["debian:*-slim", "gcr.io/distroless/*", "alpine:3.2*"]
            ),
            marked
        );
    }
}
