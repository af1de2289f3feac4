use super::images::final_chain;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{ImageRef, Kind};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a final stage that never sets `USER`: neither the final stage nor the stages it
    /// is built `FROM` (`FROM base AS app` inherits `base`'s `USER`) has a `USER` instruction.
    /// The finding is on the final stage's `FROM` image.
    ///
    /// Images that are known to set a non-root user themselves are not reported: tags containing
    /// `nonroot` (`gcr.io/distroless/static-debian12:nonroot`, `:debug-nonroot`). A `FROM scratch`
    /// image is reported: without `USER` its process runs as UID 0.
    ///
    /// ## Why is this bad?
    /// Without `USER` the container runs as the base image's user, which is root for almost every
    /// image. A root process in a container is root on the host's kernel: a kernel bug, a mounted
    /// socket or a writable host path turns into a host compromise. `root-user` (DF003) catches
    /// an explicit `USER root`; this rule catches the silent default.
    ///
    /// ## Example
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// COPY app /app
    /// CMD ["python", "/app/main.py"]
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// FROM python:3.13-slim
    /// RUN useradd --uid 10001 --no-create-home app
    /// COPY app /app
    /// USER 10001
    /// CMD ["python", "/app/main.py"]
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the user must exist (or be numeric) and own what the process writes.
    ///
    /// ## References
    /// - CIS Docker Benchmark 4.1; dockle CIS-DI-0001; Trivy DS002
    pub MissingUser {
        code: "DF100",
        name: "missing-user",
        practice: LeastPrivilege,
        severity: High,
        summary: "the final stage never sets USER, so the container runs as root",
        aliases: ["DS002", "CIS-DI-0001", "CIS-4.1"],
        references: ["https://docs.docker.com/build/building/best-practices/#user"],
        remediation: "add `USER <uid>` (e.g. USER 10001) to the final stage, after the steps that need root",
    }
}

impl DockerfileRule for MissingUser {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        let Some(last) = cx.df.stages.last() else {
            return;
        };
        let chain = final_chain(cx.df);
        let has_user = cx
            .df
            .instructions
            .iter()
            .any(|i| i.kind == Kind::User && i.stage.is_some_and(|s| chain.contains(&s)));
        if has_user {
            return;
        }
        let root = chain
            .last()
            .and_then(|&i| cx.df.stages.get(i))
            .unwrap_or(last);
        let base = root.base();
        let r = ImageRef::parse(base);
        if r.tag
            .as_deref()
            .is_some_and(|t| t.to_ascii_lowercase().contains("nonroot"))
        {
            return;
        }
        let message = if r.is_scratch() {
            "the final stage (`FROM scratch`) never sets `USER`: its process runs as UID 0"
                .to_string()
        } else {
            format!(
                "the final stage never sets `USER`: the container runs as `{base}`'s default user, root for most images"
            )
        };
        out.push(cx.finding(&Self::META, message, last.image.start, last.image.end));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;
    use portcullis_core::config::Config;

    fn lines(src: &str) -> Vec<u32> {
        let df = parse(src);
        let config = Config::default();
        let cx = Ctx::new("Dockerfile", &df, &config, None);
        let mut out = Vec::new();
        MissingUser.check(&cx, &mut out);
        out.iter().filter_map(|f| f.location.line).collect()
    }

    #[test]
    fn cases() {
        assert_eq!(lines("FROM debian:12-slim\nRUN true\n"), [1]);
        assert_eq!(
            lines(
                "FROM debian:12-slim AS build\nUSER app\nFROM scratch\nCOPY --from=build /a /a\n"
            ),
            [3]
        );
        assert!(
            lines("FROM debian:12-slim AS base\nUSER 10001\nFROM base\nCMD [\"x\"]\n").is_empty()
        );
        assert!(lines("FROM gcr.io/distroless/static-debian12:nonroot\nCOPY a /a\n").is_empty());
        assert!(
            lines("FROM alpine:3.22\nUSER root\n").is_empty(),
            "an explicit root USER is DF003's"
        );
        assert!(lines("").is_empty());
    }
}
