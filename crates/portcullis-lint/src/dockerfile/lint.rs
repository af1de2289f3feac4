//! Linting one Dockerfile: parse once, run the enabled rules, collect pragmas.

use super::context::Ctx;
use super::rules::rules;
use super::{Dockerfile, parse, pragma};
use portcullis_core::config::Config;
use portcullis_core::suppress::Pragma;
use portcullis_core::tool_rules::{InternalError, ParseError};
use portcullis_core::{Finding, Location};

/// What linting one file produced, before suppressions are applied.
pub struct FileLint {
    pub findings: Vec<Finding>,
    pub pragmas: Vec<Pragma>,
    pub dockerfile: Dockerfile,
}

/// Lints `text` as the Dockerfile at `path`. `dockerignore` is the text of the
/// `.dockerignore` in the build context, if there is one.
pub fn lint(path: &str, text: &str, config: &Config, dockerignore: Option<&str>) -> FileLint {
    let df = parse(text);
    let mut findings = Vec::new();
    for e in &df.errors {
        let (s, _) = df.lines.line_span(&df.source, e.line);
        let (_, end) = df.lines.line_span(&df.source, e.line);
        let (el, ec) = df.position(end);
        let _ = s;
        findings.push(ParseError::META.finding(
            format!("{}: {}", path, e.message),
            Location::span(path, e.line, e.column, el, ec),
        ));
    }
    {
        let cx = Ctx::new(path, &df, config, dockerignore);
        for rule in rules() {
            let m = rule.meta();
            if !m.default_enabled && !config.enables(m.code, m.aliases) {
                continue;
            }
            // A failing rule costs its own findings for this file, never the run.
            let before = findings.len();
            let ok = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                rule.check(&cx, &mut findings)
            }));
            match ok {
                Ok(()) => {}
                Err(_) => {
                    findings.truncate(before);
                    findings.push(InternalError::META.finding(
                        format!(
                            "{path}: rule {} ({}) failed on this file; its findings are missing",
                            m.code, m.name
                        ),
                        Location {
                            path: Some(path.to_string()),
                            line: Some(1),
                            ..Location::default()
                        },
                    ))
                }
            }
        }
    }
    let pragmas = pragma::pragmas(path, &df);
    FileLint {
        findings,
        pragmas,
        dockerfile: df,
    }
}

/// A Dockerfile that takes the common paths through the parser and the rules.
const WARM_UP: &str = r#"# syntax=docker/dockerfile:1
ARG PYTHON=3.12
FROM python:${PYTHON}-slim AS build
ENV DB_PASSWORD=$DB_PASSWORD PIP_NO_CACHE_DIR=1
WORKDIR /src
COPY requirements.txt .
RUN apt-get update && apt-get install -y gcc libpq-dev \
    && pip install -r requirements.txt \
    && curl -fsSL https://example.org/install.sh | sh \
    && git clone https://github.com/example/app.git@v1 /app
RUN --mount=type=cache,target=/root/.cache npm ci && yarn install && apk add curl
ADD https://example.org/app.tar.gz /tmp/
FROM debian:12
LABEL org.opencontainers.image.source="https://example.org"
COPY --from=build /src /app
RUN useradd -u 10001 app && chmod 755 /app && echo ok | docker login -u x --password-stdin
USER app
EXPOSE 8080
HEALTHCHECK CMD ["curl", "-f", "http://localhost:8080/"]
CMD ["python", "/app/main.py"]
"#;

/// Lints a built-in Dockerfile and throws the result away. Rules compile their patterns and
/// build their tables the first time they need them; a run that calls this on an idle thread
/// while it looks for files has that done before the files arrive.
pub fn warm_up() {
    let _ = lint("Dockerfile", WARM_UP, &Config::default(), None);
}
