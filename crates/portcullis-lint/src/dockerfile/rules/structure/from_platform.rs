use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, unquote};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `FROM --platform=` with a constant value (`linux/amd64`). Not reported: a value
    /// built from variables (`$BUILDPLATFORM`, `${TARGETOS}/${TARGETARCH}`), and a stage whose
    /// name contains its architecture (`FROM --platform=linux/arm64 alpine AS build-arm64`),
    /// the usual per-architecture stages selected later with `FROM build-${TARGETARCH}`.
    /// `--platform=$TARGETPLATFORM` is reported by redundant-target-platform instead.
    ///
    /// ## Why is this bad?
    /// A constant platform pins the stage to one architecture: multi-platform builds produce an
    /// image whose binaries do not run on the other platforms, or run emulated and slowly.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM --platform=linux/amd64 golang:1.23 AS build
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM --platform=$BUILDPLATFORM golang:1.23 AS build
    /// ARG TARGETOS TARGETARCH
    /// RUN GOOS=$TARGETOS GOARCH=$TARGETARCH go build -o /out/app .
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: cross-compiling needs the build steps to change too.
    ///
    /// ## References
    /// - hadolint DL3029 (which exempts only `$BUILDPLATFORM` and `$TARGETPLATFORM`, and also
    ///   reports per-architecture stages); BuildKit FromPlatformFlagConstDisallowed
    pub FromPlatform {
        code: "DF029",
        name: "from-platform",
        practice: BuildHygiene,
        severity: Low,
        summary: "FROM --platform with a constant platform",
        aliases: ["DL3029", "FromPlatformFlagConstDisallowed"],
        references: ["https://docs.docker.com/reference/build-checks/from-platform-flag-const-disallowed/"],
        remediation: "drop --platform and pass --platform to docker build, or use $BUILDPLATFORM to cross-compile",
    }
}

impl DockerfileRule for FromPlatform {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.df.instructions.iter().filter(|i| i.kind == Kind::From) {
            let Some(flag) = ins.flag("platform") else {
                continue;
            };
            let value = unquote(flag.value.as_deref().unwrap_or("").trim());
            if value.is_empty() || value.contains('$') {
                continue;
            }
            let name = ins
                .stage
                .and_then(|s| cx.df.stages.get(s))
                .and_then(|s| s.name.as_deref())
                .unwrap_or("");
            // The architecture (and variant), or the OS when that is all there is.
            let lower = value.to_ascii_lowercase();
            let parts: Vec<&str> = lower.split('/').filter(|p| !p.is_empty()).collect();
            let arch = if parts.len() > 1 {
                &parts[1..]
            } else {
                &parts[..]
            };
            if !name.is_empty() && arch.iter().any(|part| name.contains(part)) {
                continue;
            }
            let msg = format!("`--platform={value}` pins this stage to one platform");
            out.push(cx.finding(&Self::META, msg, flag.start, flag.end));
        }
    }
}
