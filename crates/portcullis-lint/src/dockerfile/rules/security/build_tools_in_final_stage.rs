use super::images::{final_chain, has_builder_stage};
use super::installs::{installs, package_name, removals};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// In a multi-stage build, reports build tools installed into the final image: compilers
    /// and build systems (`gcc`, `g++`, `gcc-c++`, `clang`, `make`, `cmake`, `ninja-build`,
    /// `autoconf`, `automake`, `libtool`, `pkg-config`, `build-essential`, Alpine's
    /// `build-base`, `golang`, `rustc`, `cargo`, versioned names such as `gcc-12`) and header
    /// packages (`*-dev`, `*-devel`, `*-headers`), installed with apt, apk, yum/dnf, zypper or
    /// pacman in the final stage or a stage it is built `FROM`.
    ///
    /// Precise by design:
    /// - only multi-stage builds (the file has a stage whose filesystem does not end up in the
    ///   final image): a single-stage build may need its compiler, and moving it out is a
    ///   bigger change than this rule can suggest;
    /// - packages removed again in the final image (`apt-get purge gcc`, `apk add --virtual
    ///   .build-deps …` then `apk del .build-deps`) are not reported;
    /// - `git`, shells and package managers are not reported: they are often needed at run
    ///   time, and their removal is a policy choice rather than a clear mistake.
    ///
    /// ## Why is this bad?
    /// The point of a multi-stage build is to leave the toolchain behind. A compiler in the
    /// final image is hundreds of megabytes of packages to patch, and lets an attacker who gets
    /// a shell build their own tools.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim AS build
    /// RUN pip wheel --wheel-dir /wheels -r requirements.txt
    /// FROM python:3.13-slim
    /// RUN apt-get update && apt-get install -y --no-install-recommends gcc libpq-dev
    /// ```
    /// Use instead: install `gcc` and `libpq-dev` in the `build` stage and only the runtime
    /// library (`libpq5`) in the final stage.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub BuildToolsInFinalStage {
        code: "DF109",
        name: "build-tools-in-final-stage",
        practice: MinimalImage,
        severity: Low,
        summary: "a multi-stage build installs compilers or -dev packages in its final stage",
        aliases: [],
        references: ["https://docs.docker.com/build/building/multi-stage/"],
        remediation: "install build tools and -dev packages in a builder stage and copy only the results into the final stage",
    }
}

const TOOLS: &[&str] = &[
    "gcc",
    "g++",
    "gcc-c++",
    "cpp",
    "clang",
    "make",
    "cmake",
    "ninja-build",
    "ninja",
    "meson",
    "autoconf",
    "automake",
    "libtool",
    "pkg-config",
    "pkgconf",
    "pkgconfig",
    "build-essential",
    "build-base",
    "gfortran",
    "golang",
    "golang-go",
    "go",
    "rustc",
    "cargo",
    "musl-dev",
    "libc-dev",
    "libc6-dev",
    "glibc-devel",
    "linux-headers",
    "kernel-devel",
];

/// Whether a package name is a build tool or a header package.
pub fn is_build_tool(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    if TOOLS.contains(&n.as_str()) {
        return true;
    }
    // `gcc-12`, `g++-13`, `clang-17`, `llvm-17-dev`.
    if let Some((stem, ver)) = n.rsplit_once('-')
        && matches!(stem, "gcc" | "g++" | "clang" | "cpp")
        && ver.chars().all(|c| c.is_ascii_digit() || c == '.')
        && !ver.is_empty()
    {
        return true;
    }
    (n.ends_with("-dev") || n.ends_with("-devel") || n.ends_with("-headers")) && n.len() > 5
}

impl DockerfileRule for BuildToolsInFinalStage {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        if !has_builder_stage(cx.df) {
            return;
        }
        let chain = final_chain(cx.df);
        let runs: Vec<_> = cx
            .runs(false)
            .filter(|i| i.stage.is_some_and(|s| chain.contains(&s)))
            .collect();
        // Everything removed anywhere in the final image's stages.
        let removed: Vec<String> = runs
            .iter()
            .flat_map(|i| cx.commands(i))
            .flat_map(|(_, c)| removals(c.unwrapped()))
            .collect();
        for ins in &runs {
            for (script, cmd) in cx.commands(ins) {
                let cmd = cmd.unwrapped();
                let Some(inst) = installs(cmd) else { continue };
                if inst
                    .virtual_name
                    .is_some_and(|v| removed.iter().any(|r| r == v))
                {
                    continue;
                }
                let tools: Vec<_> = inst
                    .packages
                    .iter()
                    .filter(|w| {
                        let name = package_name(inst.manager, &w.text);
                        is_build_tool(name) && !removed.iter().any(|r| r == name)
                    })
                    .collect();
                let (Some(first), Some(last)) = (tools.first(), tools.last()) else {
                    continue;
                };
                let mut names: Vec<String> = tools
                    .iter()
                    .take(4)
                    .map(|w| format!("`{}`", package_name(inst.manager, &w.text)))
                    .collect();
                if tools.len() > 4 {
                    names.push(format!("{} more", tools.len() - 4));
                }
                let msg = format!(
                    "`{}` installs build tools ({}) in the final stage of a multi-stage build",
                    inst.tool,
                    names.join(", ")
                );
                out.push(cx.at_script(&Self::META, msg, ins, script, first.start, last.end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::rules::security::testing::run;

    #[test]
    fn names() {
        for n in [
            "gcc",
            "gcc-12",
            "g++",
            "libpq-dev",
            "python3-devel",
            "linux-headers",
            "build-base",
            "make",
        ] {
            assert!(is_build_tool(n), "{n}");
        }
        for n in [
            "git",
            "libpq5",
            "gcc-libs",
            "udev",
            "bash",
            "curl",
            "libgcc",
            "ca-certificates",
            "-dev",
        ] {
            assert!(!is_build_tool(n), "{n}");
        }
    }

    #[test]
    fn cases() {
        let multi = "FROM golang:1.26 AS build\nRUN apt-get install -y gcc\nFROM debian:13-slim\n\
            RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates libpq-dev gcc=4:14 git\n\
            RUN apk add --virtual .deps gcc musl-dev && make && apk del .deps\n\
            RUN apt-get install -y make && make && apt-get purge -y make\n";
        let f = run(&BuildToolsInFinalStage, multi, None);
        let got: Vec<(u32, &str)> = f
            .iter()
            .map(|f| (f.location.line.unwrap(), f.message.as_str()))
            .collect();
        assert_eq!(
            got,
            [(
                4,
                "`apt-get` installs build tools (`libpq-dev`, `gcc`) in the final stage of a multi-stage build"
            )]
        );
        let single = "FROM debian:13-slim\nRUN apt-get install -y gcc\n";
        assert!(run(&BuildToolsInFinalStage, single, None).is_empty());
        let chain =
            "FROM debian:13-slim AS base\nRUN apt-get install -y gcc\nFROM base\nRUN true\n";
        assert!(
            run(&BuildToolsInFinalStage, chain, None).is_empty(),
            "no builder stage"
        );
    }
}
