//! What a project names: Compose files under a directory, the images its Dockerfiles and
//! Compose services run, and which Compose service a container belongs to (by the labels
//! Compose puts on every container it creates).

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Largest Compose file read for image names (the Compose linter has its own limits).
const MAX_COMPOSE_BYTES: u64 = 8 << 20;

/// Whether a file name is one Docker Compose reads by default or by the usual conventions:
/// `compose.yaml`/`.yml`, `docker-compose.yaml`/`.yml`, `docker-compose.*.yml`,
/// `compose.*.yaml`.
pub fn is_compose_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    let Some(stem) = lower
        .strip_suffix(".yaml")
        .or_else(|| lower.strip_suffix(".yml"))
    else {
        return false;
    };
    stem == "compose"
        || stem == "docker-compose"
        || stem.starts_with("compose.")
        || stem.starts_with("docker-compose.")
}

/// Compose files under `root` (walked honouring `.gitignore` unless `no_ignore`), sorted.
pub fn compose_files(root: &Path, no_ignore: bool) -> Vec<PathBuf> {
    if root.is_file() {
        return root
            .file_name()
            .and_then(|n| n.to_str())
            .filter(|n| is_compose_name(n))
            .map(|_| vec![root.to_path_buf()])
            .unwrap_or_default();
    }
    let walker = ignore::WalkBuilder::new(root)
        .hidden(false)
        .git_ignore(!no_ignore)
        .git_global(!no_ignore)
        .git_exclude(!no_ignore)
        .ignore(!no_ignore)
        .require_git(false)
        .follow_links(false)
        .filter_entry(|e| e.file_name() != ".git")
        .build();
    let mut out: Vec<PathBuf> = walker
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| e.file_name().to_str().is_some_and(is_compose_name))
        .map(|e| {
            let p = e.path();
            p.strip_prefix("./").unwrap_or(p).to_path_buf()
        })
        .collect();
    out.sort();
    out
}

/// One service of a Compose file, as far as the audit needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeService {
    pub name: String,
    /// `image:` as written (interpolation is the Compose linter's business).
    pub image: Option<String>,
    /// Whether the service builds its image (`build:`).
    pub builds: bool,
}

/// A Compose file's project name and services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ComposeProject {
    /// The file as shown in reports.
    pub path: String,
    /// The project name Compose derives: top-level `name:`, else the directory's name.
    pub project: String,
    pub services: Vec<ComposeService>,
}

#[derive(Deserialize)]
struct RawCompose {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    services: BTreeMap<String, Option<RawService>>,
}

#[derive(Deserialize)]
struct RawService {
    #[serde(default)]
    image: Option<String>,
    #[serde(default)]
    build: Option<serde::de::IgnoredAny>,
}

/// Reads a Compose file's services. `Err` is a one-line reason (the file is not valid YAML,
/// too big, unreadable); the Compose linter reports such files in detail.
pub fn read_compose(path: &Path) -> Result<ComposeProject, String> {
    let shown = path.to_string_lossy().replace('\\', "/");
    let meta = std::fs::metadata(path).map_err(|e| format!("{shown}: {e}"))?;
    if meta.len() > MAX_COMPOSE_BYTES {
        return Err(format!(
            "{shown}: larger than {} MiB",
            MAX_COMPOSE_BYTES >> 20
        ));
    }
    let text = std::fs::read_to_string(path).map_err(|e| format!("{shown}: {e}"))?;
    let raw: RawCompose = serde_saphyr::from_str(&text).map_err(|e| {
        let msg = e.to_string();
        format!(
            "{shown}: {}",
            msg.lines().next().unwrap_or("not valid YAML")
        )
    })?;
    let dir_name = std::fs::canonicalize(path)
        .ok()
        .and_then(|p| {
            p.parent()
                .and_then(|d| d.file_name())
                .map(|n| n.to_string_lossy().into_owned())
        })
        .unwrap_or_default();
    let project = raw
        .name
        .filter(|n| !n.is_empty())
        .or_else(|| {
            std::env::var("COMPOSE_PROJECT_NAME")
                .ok()
                .filter(|n| !n.is_empty())
        })
        .unwrap_or(dir_name);
    let services = raw
        .services
        .into_iter()
        .map(|(name, svc)| ComposeService {
            name,
            image: svc.as_ref().and_then(|s| s.image.clone()),
            builds: svc.as_ref().is_some_and(|s| s.build.is_some()),
        })
        .collect();
    Ok(ComposeProject {
        path: shown,
        project,
        services,
    })
}

impl ComposeProject {
    /// The images this project runs: `image:` of each service, and for services that build
    /// without naming their image, the names Compose gives the built image
    /// (`project_service` for Compose v1, `project-service` for v2).
    pub fn images(&self) -> Vec<NamedImage> {
        let mut out = Vec::new();
        for s in &self.services {
            let why = format!("{} service `{}`", self.path, s.name);
            let origin = |built: bool| Origin::Service {
                file: self.path.clone(),
                project: self.project.clone(),
                service: s.name.clone(),
                built,
            };
            match &s.image {
                Some(i) if !i.contains('$') => out.push(NamedImage {
                    reference: i.clone(),
                    named_by: why,
                    origin: origin(false),
                }),
                Some(_) => {}
                None if s.builds => {
                    let v1: String = self
                        .project
                        .to_ascii_lowercase()
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric())
                        .collect();
                    let v2: String = self
                        .project
                        .to_ascii_lowercase()
                        .chars()
                        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
                        .collect();
                    for name in [format!("{v1}_{}", s.name), format!("{v2}-{}", s.name)] {
                        out.push(NamedImage {
                            reference: name,
                            named_by: format!("{why} (built)"),
                            origin: origin(true),
                        });
                    }
                }
                None => {}
            }
        }
        out
    }
}

/// An image the project refers to, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct NamedImage {
    pub reference: String,
    /// `app/Dockerfile:1 (final stage)`, `compose.yaml service web`.
    pub named_by: String,
    pub origin: Origin,
}

/// What names an image, for attributing its findings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Origin {
    /// A Compose service runs it: its `image:`, or (`built`) the name Compose gives the image
    /// it builds for the service.
    Service {
        /// The Compose file as shown in reports.
        file: String,
        project: String,
        service: String,
        built: bool,
    },
    /// The base image of a Dockerfile's final stage.
    Dockerfile { path: String, line: u32 },
}

impl Origin {
    /// The file that names the image.
    pub fn file(&self) -> &str {
        match self {
            Origin::Service { file, .. } => file,
            Origin::Dockerfile { path, .. } => path,
        }
    }
}

/// The base image of a Dockerfile's final stage (the image its build runs on), if it names a
/// real image (not `scratch`, not another stage, no unresolved variable).
pub fn final_base_image(path: &str, text: &str) -> Option<NamedImage> {
    let df = portcullis_lint::dockerfile::parse(text);
    let stage = df.final_base_stage()?;
    let base = stage.resolved.as_deref()?;
    if base.eq_ignore_ascii_case("scratch") || base.contains('$') || base.is_empty() {
        return None;
    }
    let line = df.instructions.get(stage.from)?.line;
    Some(NamedImage {
        reference: base.to_string(),
        named_by: format!("{path}:{line} (base of the final stage)"),
        origin: Origin::Dockerfile {
            path: path.to_string(),
            line,
        },
    })
}

/// The Compose service a container belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceOf {
    pub project: String,
    pub service: String,
    /// The audited Compose file that defines it (as shown in reports), when it is one of them.
    pub file: Option<String>,
}

/// Attributes a container to a Compose service from its labels
/// (`com.docker.compose.project`, `com.docker.compose.service`,
/// `com.docker.compose.project.config_files`, the latter a comma-separated list of the absolute
/// paths Compose was run with). `audited` are the audited Compose files: (as shown, absolute).
pub fn service_of(
    labels: &BTreeMap<String, String>,
    audited: &[(String, PathBuf)],
) -> Option<ServiceOf> {
    let project = labels.get("com.docker.compose.project")?.clone();
    let service = labels.get("com.docker.compose.service")?.clone();
    let file = labels
        .get("com.docker.compose.project.config_files")
        .and_then(|files| {
            // Compose v1 writes the names as given (relative to the working directory, its
            // own label); v2 writes absolute paths.
            let dir = labels.get("com.docker.compose.project.working_dir");
            files.split(',').map(str::trim).find_map(|f| {
                let f = match dir {
                    Some(d) if Path::new(f).is_relative() => Path::new(d).join(f),
                    _ => PathBuf::from(f),
                };
                audited
                    .iter()
                    .find(|(_, abs)| *abs == f)
                    .map(|(shown, _)| shown.clone())
            })
        });
    Some(ServiceOf {
        project,
        service,
        file,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compose_names() {
        for yes in [
            "compose.yaml",
            "compose.yml",
            "docker-compose.yml",
            "docker-compose.yaml",
            "docker-compose.prod.yml",
            "compose.override.yaml",
            "Docker-Compose.YML",
        ] {
            assert!(is_compose_name(yes), "{yes}");
        }
        for no in ["compose.json", "my-compose.yml", "compose", "values.yaml"] {
            assert!(!is_compose_name(no), "{no}");
        }
    }

    #[test]
    fn labels_map_to_services() {
        // Labels as docker-compose 1.29 writes them (recorded from a real container).
        let labels: BTreeMap<String, String> = [
            ("com.docker.compose.project", "shop"),
            ("com.docker.compose.service", "web"),
            (
                "com.docker.compose.project.config_files",
                "/srv/shop/docker-compose.yml,/srv/shop/docker-compose.override.yml",
            ),
            ("com.docker.compose.container-number", "1"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
        let audited = vec![(
            "shop/docker-compose.override.yml".to_string(),
            PathBuf::from("/srv/shop/docker-compose.override.yml"),
        )];
        let s = service_of(&labels, &audited).unwrap();
        assert_eq!(s.project, "shop");
        assert_eq!(s.service, "web");
        assert_eq!(s.file.as_deref(), Some("shop/docker-compose.override.yml"));
        assert_eq!(service_of(&labels, &[]).unwrap().file, None);
        assert!(service_of(&BTreeMap::new(), &audited).is_none());
    }

    #[test]
    fn final_stage_base() {
        let text =
            "ARG V=3.20\nFROM golang:1.26 AS build\nRUN true\nFROM alpine:${V} AS run\nFROM run\n";
        let n = final_base_image("Dockerfile", text).unwrap();
        assert_eq!(n.reference, "alpine:3.20");
        assert_eq!(n.named_by, "Dockerfile:4 (base of the final stage)");
        assert!(final_base_image("D", "FROM scratch\n").is_none());
    }
}
