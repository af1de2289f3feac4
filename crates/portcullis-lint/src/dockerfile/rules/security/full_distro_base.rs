use super::images::official_name;
use crate::dockerfile::ImageRef;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a final image built on a full distribution or toolchain image when a smaller
    /// variant of the same image exists. The base is the one the final stage really starts from
    /// (following `FROM stage` chains), after build arguments are expanded:
    ///
    /// | base | suggested |
    /// |---|---|
    /// | `debian:12`, `debian:bookworm` | `debian:12-slim` |
    /// | `python:3.13`, `python:3.13-bookworm` | `python:3.13-slim`, `python:3.13-slim-bookworm` |
    /// | `node:22`, `node:22-bookworm` | `node:22-slim`, `node:22-bookworm-slim` |
    /// | `ruby:3.4`, `perl:5.40` | `ruby:3.4-slim`, `perl:5.40-slim` |
    /// | `php:8.4`, `php:8.4-fpm`, `php:8.4-cli` | `php:8.4-alpine`, `php:8.4-fpm-alpine`, ... |
    /// | `openjdk:21`, `eclipse-temurin:21` (a JDK) | `eclipse-temurin:21-jre` |
    /// | `golang`, `rust`, `gcc`, `maven`, `gradle`, `buildpack-deps` (toolchains) | build in them, copy the result into a distroless, `-slim` or `scratch` image |
    /// | `mcr.microsoft.com/dotnet/sdk` | `mcr.microsoft.com/dotnet/aspnet` or `runtime` |
    /// | `rockylinux:9`, `almalinux:9`, `oraclelinux:9` | `rockylinux:9-minimal`, `almalinux:9-minimal`, `oraclelinux:9-slim` |
    /// | `registry.access.redhat.com/ubi9` | `ubi9/ubi-minimal` or `ubi9/ubi-micro` |
    ///
    /// Not reported: `ubuntu` (there is no slim variant and the image is already a minimized
    /// cloud image; switching distributions is not a mechanical change), `php:*-apache` (there is
    /// no Alpine variant of it), tags that are already minimal (`slim`, `alpine`, `minimal`,
    /// `micro`), Windows images, Debian `experimental` and `*-backports`, bases that cannot be
    /// resolved (`FROM ${BASE}` without a default).
    ///
    /// ## Why is this bad?
    /// A full image carries compilers, headers, documentation and hundreds of packages the
    /// application never uses. Each is attack surface and shows up in vulnerability scans that
    /// someone has to triage; the image is also slower to pull.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the application may rely on a package only the full image has.
    pub FullDistroBase {
        code: "DF110",
        name: "full-distro-base",
        practice: MinimalImage,
        severity: Low,
        summary: "the final image is based on a full distribution or toolchain image",
        aliases: [],
        references: ["https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image"],
        remediation: "use the image's -slim, -alpine or -minimal variant, or a distroless image",
    }
}

const CODENAMES: &[&str] = &[
    "jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "forky",
];

fn is_minimal_word(w: &str) -> bool {
    matches!(
        w,
        "slim" | "minimal" | "micro" | "distroless" | "busybox" | "jre"
    ) || w.starts_with("alpine")
}

/// `3.13` → `3.13-slim`; `3.13-bookworm` → `3.13-slim-bookworm`; `latest` → `slim`.
fn python_style(tag: &str) -> String {
    if tag == "latest" {
        return "slim".to_string();
    }
    let words: Vec<&str> = tag.split('-').collect();
    match words.iter().position(|w| CODENAMES.contains(w)) {
        Some(0) => format!("slim-{tag}"),
        Some(i) => format!("{}-slim-{}", words[..i].join("-"), words[i..].join("-")),
        None => format!("{tag}-slim"),
    }
}

/// `22` → `22-slim`; `22-bookworm` → `22-bookworm-slim`; `latest` → `slim`.
fn node_style(tag: &str) -> String {
    if tag == "latest" {
        "slim".to_string()
    } else {
        format!("{tag}-slim")
    }
}

/// What the base is and what to use instead, for a base that is too big.
fn advice(r: &ImageRef) -> Option<(&'static str, String)> {
    let tag = r
        .tag
        .clone()
        .unwrap_or_else(|| "latest".to_string())
        .to_ascii_lowercase();
    let words: Vec<&str> = tag.split('-').collect();
    if words.iter().any(|w| {
        w.starts_with("windowsservercore") || w.starts_with("nanoserver") || w.starts_with("ltsc")
    }) {
        return None;
    }
    let minimal = words.iter().any(|w| is_minimal_word(w));
    let major = words
        .first()
        .and_then(|w| w.split('.').next())
        .filter(|m| m.chars().all(|c| c.is_ascii_digit()) && !m.is_empty());
    let full = format!("{}/{}", r.registry, r.repository).to_ascii_lowercase();
    if let Some(name) = official_name(r) {
        let full_debian = "a full Debian image";
        return match name {
            "debian" => {
                if minimal || words.iter().any(|w| matches!(*w, "experimental" | "rc" | "backports")) {
                    None
                } else {
                    let t = if tag == "latest" { "stable-slim".to_string() } else { format!("{tag}-slim") };
                    Some((full_debian, format!("`debian:{t}`")))
                }
            }
            "python" | "ruby" | "perl" if !minimal => Some((full_debian, format!("`{name}:{}`", python_style(&tag)))),
            "node" if !minimal => Some((full_debian, format!("`node:{}`", node_style(&tag)))),
            "php" if !minimal && !words.contains(&"apache") => {
                let kept: Vec<&str> = words.iter().copied().filter(|w| !CODENAMES.contains(w)).collect();
                let t = if tag == "latest" { "alpine".to_string() } else { format!("{}-alpine", kept.join("-")) };
                Some((full_debian, format!("`php:{t}`")))
            }
            "openjdk" | "eclipse-temurin" if !minimal => {
                let v = major.unwrap_or("<version>");
                Some(("a full JDK image", format!("`eclipse-temurin:{v}-jre` (or `{v}-jre-alpine`)")))
            }
            "golang" => Some(("a Go toolchain image", "a build stage on it, with only the binary copied into `gcr.io/distroless/static` or `scratch`".to_string())),
            "rust" => Some(("a Rust toolchain image", "a build stage on it, with only the binary copied into `gcr.io/distroless/cc` or a `-slim` image".to_string())),
            "gcc" => Some(("a C/C++ toolchain image", "a build stage on it, with only the binary copied into a `-slim` or distroless image".to_string())),
            "maven" | "gradle" => Some(("a Java build-tool image", "a build stage on it, with only the jar copied into `eclipse-temurin:<version>-jre`".to_string())),
            "buildpack-deps" => Some(("a full build-dependencies image", "a `-slim` image of your runtime".to_string())),
            "rockylinux" | "almalinux" if !minimal && major.is_some() => Some(("a full RHEL-compatible image", format!("`{name}:{tag}-minimal`"))),
            "oraclelinux" if !minimal && major.is_some() => Some(("a full Oracle Linux image", format!("`oraclelinux:{tag}-slim`"))),
            _ => None,
        };
    }
    if full.starts_with("mcr.microsoft.com/dotnet/sdk") {
        return Some((
            "the .NET SDK image",
            format!(
                "`mcr.microsoft.com/dotnet/aspnet:{tag}` or `mcr.microsoft.com/dotnet/runtime:{tag}`"
            ),
        ));
    }
    if full == "docker.io/rockylinux/rockylinux" && !minimal && major.is_some() {
        return Some((
            "a full RHEL-compatible image",
            format!("`rockylinux/rockylinux:{tag}-minimal`"),
        ));
    }
    let redhat = matches!(
        r.registry.as_str(),
        "registry.access.redhat.com" | "registry.redhat.io"
    ) || r.repository.starts_with("redhat/");
    if redhat {
        let repo = r.repository.trim_start_matches("redhat/");
        let ubi = repo.split('/').next().filter(|u| {
            u.starts_with("ubi") && u[3..].chars().all(|c| c.is_ascii_digit()) && u.len() > 3
        });
        if let Some(u) = ubi {
            let rest = repo.split('/').nth(1);
            if rest.is_none() || rest == Some("ubi") {
                return Some((
                    "the full Red Hat UBI image",
                    format!("`{u}/ubi-minimal` or `{u}/ubi-micro`"),
                ));
            }
        }
    }
    None
}

impl DockerfileRule for FullDistroBase {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let Some(stage) = cx.df.final_base_stage() else {
            return;
        };
        let Some(resolved) = stage.resolved.as_deref() else {
            return;
        };
        let r = ImageRef::parse(resolved);
        if r.is_scratch() || (r.digest.is_some() && r.tag.is_none()) {
            return;
        }
        if let Some((what, instead)) = advice(&r) {
            let msg = format!("the final image is based on `{resolved}`, {what}: use {instead}");
            out.push(cx.finding(&Self::META, msg, stage.image.start, stage.image.end));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::rules::security::testing::run;

    fn instead(image: &str) -> Option<String> {
        advice(&ImageRef::parse(image)).map(|(_, i)| i)
    }

    #[test]
    fn suggestions() {
        assert_eq!(instead("debian:12").as_deref(), Some("`debian:12-slim`"));
        assert_eq!(instead("debian").as_deref(), Some("`debian:stable-slim`"));
        assert_eq!(
            instead("python:3.13-bookworm").as_deref(),
            Some("`python:3.13-slim-bookworm`")
        );
        assert_eq!(
            instead("python:bookworm").as_deref(),
            Some("`python:slim-bookworm`")
        );
        assert_eq!(
            instead("docker.io/library/python:3.13").as_deref(),
            Some("`python:3.13-slim`")
        );
        assert_eq!(
            instead("node:22-bookworm").as_deref(),
            Some("`node:22-bookworm-slim`")
        );
        assert_eq!(
            instead("php:8.4-fpm-bookworm").as_deref(),
            Some("`php:8.4-fpm-alpine`")
        );
        assert_eq!(
            instead("rockylinux:9").as_deref(),
            Some("`rockylinux:9-minimal`")
        );
        assert!(instead("registry.access.redhat.com/ubi9/ubi:9.5").is_some());
        assert!(instead("mcr.microsoft.com/dotnet/sdk:9.0").is_some());
        assert!(instead("golang:1.26-alpine").is_some());
        for quiet in [
            "debian:12-slim",
            "python:3.13-slim",
            "python:3.13-alpine3.22",
            "node:22-alpine",
            "ubuntu:24.04",
            "php:8.4-apache",
            "eclipse-temurin:21-jre",
            "rockylinux:9-minimal",
            "registry.access.redhat.com/ubi9/ubi-minimal",
            "mcr.microsoft.com/dotnet/aspnet:9.0",
            "gcr.io/distroless/python3-debian12",
            "python:3.13-windowsservercore-ltsc2022",
            "debian:bookworm-backports",
            "myorg/python:3.13",
        ] {
            assert_eq!(instead(quiet), None, "{quiet}");
        }
    }

    #[test]
    fn final_base_only() {
        let src = "ARG PY=3.13\nFROM python:${PY} AS build\nRUN pip wheel .\nFROM python:${PY}-slim\nCOPY --from=build /w /w\n";
        assert!(run(&FullDistroBase, src, None).is_empty());
        let src = "ARG PY=3.13\nFROM python:${PY} AS base\nFROM base\n";
        let f = run(&FullDistroBase, src, None);
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].location.line, Some(2));
        assert_eq!(
            f[0].message,
            "the final image is based on `python:3.13`, a full Debian image: use `python:3.13-slim`"
        );
    }
}
