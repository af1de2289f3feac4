//! Shared helpers of the security family: which stages end up in the final image, how an image
//! reference reads as an official image name, and variables in scope at an instruction.

use crate::dockerfile::{Dockerfile, ImageRef, Kind, Stage, Vars, expand, global_args};

/// Stages whose filesystem is the final image: the final stage and the stages it is built
/// `FROM`, transitively (`FROM base AS app` keeps everything `base` installed). Stages that are
/// only copied from are not included: their packages stay behind.
pub fn final_chain(df: &Dockerfile) -> Vec<usize> {
    let mut out = Vec::new();
    let mut cur = df.stages.last();
    while let Some(s) = cur {
        if out.contains(&s.index) {
            break;
        }
        out.push(s.index);
        cur = s.parent.and_then(|p| df.stages.get(p));
    }
    out
}

/// Whether the file is a multi-stage build in the useful sense: at least one stage whose
/// filesystem does not end up in the final image (a builder stage).
pub fn has_builder_stage(df: &Dockerfile) -> bool {
    let chain = final_chain(df);
    df.stages.iter().any(|s| !chain.contains(&s.index))
}

/// Stages built from an external image (not from another stage of this file).
pub fn external_stages(df: &Dockerfile) -> impl Iterator<Item = &Stage> {
    df.stages.iter().filter(|s| s.parent.is_none())
}

/// The name of a Docker official image (`python` for `python:3`, `library/python`,
/// `docker.io/library/python`, and the common mirrors `public.ecr.aws/docker/library/python` and
/// `mirror.gcr.io/library/python`); `None` for other repositories.
pub fn official_name(r: &ImageRef) -> Option<&str> {
    let repo = r.repository.as_str();
    let registry = r.registry.to_ascii_lowercase();
    let name = match registry.as_str() {
        "docker.io" | "index.docker.io" | "registry-1.docker.io" | "mirror.gcr.io" => {
            repo.strip_prefix("library/").unwrap_or(repo)
        }
        "public.ecr.aws" => repo.strip_prefix("docker/library/")?,
        _ => return None,
    };
    (!name.contains('/')).then_some(name)
}

/// Variables in scope at instruction `upto` (an index into `df.instructions`): the global ARGs,
/// then the ARG defaults and ENV values of the stage chain before it. An approximation good
/// enough to read a port or a version: values set by `--build-arg` are not known.
pub fn vars_at(df: &Dockerfile, upto: usize) -> Vars {
    let mut vars = global_args(df);
    let Some(stage) = df.instructions.get(upto).and_then(|i| i.stage) else {
        return vars;
    };
    let mut chain = Vec::new();
    let mut cur = df.stages.get(stage);
    while let Some(s) = cur {
        if chain.contains(&s.index) {
            break;
        }
        chain.push(s.index);
        cur = s.parent.and_then(|p| df.stages.get(p));
    }
    for ins in df.instructions.iter().take(upto) {
        if !ins.stage.is_some_and(|s| chain.contains(&s))
            || !matches!(ins.kind, Kind::Arg | Kind::Env)
        {
            continue;
        }
        for kv in ins.key_values() {
            match &kv.value {
                Some(v) => {
                    let e = expand(v, &vars).0;
                    vars.insert(kv.key.clone(), Some(e));
                }
                // `ARG NAME` inside a stage keeps the global default.
                None => {
                    vars.entry(kv.key.clone()).or_insert(None);
                }
            }
        }
    }
    vars
}

/// Splits an image tag like `3.12.1-slim-bookworm` into its version components (`["3", "12",
/// "1"]`) and the remaining `-`-separated words (`["slim", "bookworm"]`). A tag that does not
/// start with a digit has no version components.
pub fn split_tag(tag: &str) -> (Vec<&str>, Vec<&str>) {
    let mut words = tag.split('-');
    let first = words.next().unwrap_or("");
    let mut rest: Vec<&str> = words.filter(|w| !w.is_empty()).collect();
    let first_version = first.trim_start_matches('v');
    if first_version.starts_with(|c: char| c.is_ascii_digit()) {
        (
            first_version.split('.').filter(|c| !c.is_empty()).collect(),
            rest,
        )
    } else {
        if !first.is_empty() {
            rest.insert(0, first);
        }
        (Vec::new(), rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn chain_and_builders() {
        let df = parse(
            "FROM golang:1 AS build\nRUN make\nFROM debian:12 AS base\nFROM base\nCOPY --from=build /a /a\n",
        );
        assert_eq!(final_chain(&df), vec![2, 1]);
        assert!(has_builder_stage(&df));
        let df = parse("FROM debian:12 AS base\nFROM base\n");
        assert!(!has_builder_stage(&df));
    }

    #[test]
    fn official_names() {
        for (s, want) in [
            ("python:3", Some("python")),
            ("library/python", Some("python")),
            ("docker.io/library/node:22", Some("node")),
            ("public.ecr.aws/docker/library/alpine:3.19", Some("alpine")),
            ("bitnami/python:3", None),
            ("ghcr.io/x/python:3", None),
        ] {
            assert_eq!(official_name(&ImageRef::parse(s)), want, "{s}");
        }
    }

    #[test]
    fn tags() {
        assert_eq!(
            split_tag("3.12.1-slim-bookworm"),
            (vec!["3", "12", "1"], vec!["slim", "bookworm"])
        );
        assert_eq!(
            split_tag("bookworm-slim"),
            (vec![], vec!["bookworm", "slim"])
        );
        assert_eq!(split_tag(""), (vec![], vec![]));
    }

    #[test]
    fn vars() {
        let df = parse("ARG P=22\nFROM x\nARG Q=$P\nENV R=${Q}0\nEXPOSE $R\n");
        let v = vars_at(&df, 4);
        assert_eq!(v.get("R").cloned().flatten().as_deref(), Some("220"));
    }
}
