use crate::dockerfile::ImageRef;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use globset::{GlobBuilder, GlobMatcher};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// When `trusted-registries` is configured (globs such as `docker.io`, `*.gcr.io`,
    /// `registry.example.com:5000`), reports a `FROM` whose image comes from any other registry.
    /// An image without a registry comes from `docker.io` (`hub.docker.com` and
    /// `index.docker.io` are the same registry). Not reported: `FROM scratch`, `FROM` of an
    /// earlier stage, and an image whose registry is a variable with no default. Global build
    /// arguments are expanded; a written registry is checked even when the rest of the image
    /// is a variable (`FROM ghcr.io/org/${IMAGE}`).
    ///
    /// ## Why is this bad?
    /// Images from registries nobody vetted bypass the organisation's scanning, signing and
    /// mirroring: a typo-squatted or compromised image runs in your build and your product.
    ///
    /// ## Example
    /// With `trusted-registries = ["registry.example.com"]`:
    /// ```dockerfile
    /// FROM quay.io/someone/tool:1.0
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM registry.example.com/mirror/tool:1.0
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3026 (`trustedRegistries` in `.hadolint.yaml` is read as is)
    pub UntrustedRegistry {
        code: "DF026",
        name: "untrusted-registry",
        practice: Updates,
        severity: High,
        summary: "base image from a registry not in trusted-registries",
        aliases: ["DL3026"],
        references: ["https://docs.docker.com/build/building/best-practices/#from"],
        remediation: "pull base images only from a registry listed in trusted-registries (or add it there)",
    }
}

const DOCKER_HUB: &[&str] = &[
    "docker.io",
    "hub.docker.com",
    "index.docker.io",
    "registry-1.docker.io",
];

impl DockerfileRule for UntrustedRegistry {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        if cx.config.trusted_registries.is_empty() {
            return;
        }
        let globs: Vec<GlobMatcher> = cx
            .config
            .trusted_registries
            .iter()
            .filter_map(|g| GlobBuilder::new(g).case_insensitive(true).build().ok())
            .map(|g| g.compile_matcher())
            .collect();
        for stage in &cx.df.stages {
            if stage.parent.is_some() {
                continue;
            }
            let r = match stage.resolved.as_deref() {
                Some(res) => ImageRef::parse(res),
                None => {
                    // Unresolved: only a registry written out in full can be judged.
                    let r = ImageRef::parse(&stage.image.text);
                    if !r.explicit_registry || r.registry.contains('$') {
                        continue;
                    }
                    r
                }
            };
            if r.is_scratch() || r.repository.is_empty() {
                continue;
            }
            let names: &[&str] = if DOCKER_HUB.contains(&r.registry.to_ascii_lowercase().as_str()) {
                DOCKER_HUB
            } else {
                &[r.registry.as_str()]
            };
            if names.iter().any(|n| globs.iter().any(|g| g.is_match(n))) {
                continue;
            }
            let implied = if r.explicit_registry {
                ""
            } else {
                " (implied)"
            };
            let msg = format!(
                "base image `{}` comes from registry `{}`{implied}, which is not trusted",
                stage.base(),
                r.registry
            );
            out.push(cx.finding(&Self::META, msg, stage.image.start, stage.image.end));
        }
    }
}
