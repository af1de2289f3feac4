//! Linting a loaded Compose project: the context the checks see, the Dockerfiles services
//! build, pragmas (`# portcullis ignore=DC004 -- reason` on the line above a key).

use super::load::{Files, Project};
use super::yaml::{Node, Pos};
use crate::dockerfile::{self, Kind};
use portcullis_core::config::Config;
use portcullis_core::suppress::{Pragma, Scope};
use portcullis_core::tool_rules::InternalError;
use portcullis_core::{Finding, Location};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What checks may ask of the file system, provided by the caller.
pub trait Host: Files {
    /// Permission bits of a file, `None` when it does not exist.
    fn mode(&self, path: &Path) -> Option<u32>;
    /// Whether git would ignore the path (a `.gitignore` above it matches).
    fn git_ignored(&self, path: &Path) -> bool;
    /// Whether `.dockerignore` of the build context `context` excludes `path`.
    fn docker_ignored(&self, context: &Path, path: &Path) -> bool;
}

/// The Dockerfile a service builds, as far as the checks need it.
#[derive(Debug, Clone)]
pub struct Built {
    pub path: String,
    /// The final stage's last `USER`, `None` when it never sets one.
    pub final_user: Option<String>,
    /// Line of the final stage's `FROM`.
    pub from_line: u32,
    /// `RUN --mount=type=secret,id=…` ids with their lines.
    pub secret_ids: Vec<(String, u32)>,
}

/// A service of the project.
#[derive(Clone, Copy)]
pub struct Svc<'a> {
    pub name: &'a str,
    pub key_pos: Pos,
    pub node: &'a Node,
}

impl<'a> Svc<'a> {
    pub fn get(&self, k: &str) -> Option<&'a Node> {
        self.node.get(k)
    }
    pub fn text(&self, k: &str) -> Option<String> {
        self.node.get(k).and_then(Node::text)
    }
    pub fn image(&self) -> Option<String> {
        self.text("image")
    }
    /// Strings of a list field.
    pub fn list(&self, k: &str) -> Vec<(&'a Node, String)> {
        self.node
            .get(k)
            .and_then(Node::as_seq)
            .unwrap_or(&[])
            .iter()
            .filter_map(|n| n.text().map(|t| (n, t)))
            .collect()
    }
}

/// What a check sees.
pub struct Cx<'a> {
    pub project: &'a Project,
    pub config: &'a Config,
    pub host: &'a dyn Host,
    pub built: BTreeMap<String, Built>,
    pub today: time::Date,
}

impl<'a> Cx<'a> {
    pub fn services(&self) -> impl Iterator<Item = Svc<'a>> + 'a {
        self.project.services().iter().map(|e| Svc {
            name: &e.key,
            key_pos: e.key_pos,
            node: &e.value,
        })
    }
    /// Location of a position.
    pub fn at(&self, p: Pos) -> Location {
        let path = self.project.shown(p.file);
        let end = if p.end_col > p.col {
            p.end_col
        } else {
            p.col + 1
        };
        Location::span(path, p.line, p.col, p.line, end)
    }
    /// Location of a service's name key (where omissions are reported).
    pub fn at_name(&self, s: &Svc) -> Location {
        let mut p = s.key_pos;
        p.end_col = p.col + s.name.chars().count() as u32;
        self.at(p)
    }
}

/// Reads the Dockerfile a service builds.
pub fn built_dockerfile(svc: &Node, files: &dyn Files) -> Option<Built> {
    let b = svc.get("build")?;
    let (ctx, df) = match b.as_str() {
        Some(c) => (c.to_string(), "Dockerfile".to_string()),
        None => (
            b.get("context")
                .and_then(Node::text)
                .unwrap_or_else(|| ".".into()),
            b.get("dockerfile")
                .and_then(Node::text)
                .unwrap_or_else(|| "Dockerfile".into()),
        ),
    };
    if ctx.contains("://") || ctx.starts_with("git@") || b.get("dockerfile_inline").is_some() {
        return None;
    }
    let path: PathBuf = Path::new(&ctx).join(&df);
    let text = files.read(&path).ok()?;
    let parsed = dockerfile::parse(&text);
    let last = parsed.stages.len().checked_sub(1)?;
    let mut final_user = None;
    let mut from_line = 1;
    let mut secret_ids = Vec::new();
    for i in parsed.all_instructions() {
        if i.kind == Kind::From && i.stage == Some(last) {
            from_line = i.line;
        }
        if i.kind == Kind::User && i.stage == Some(last) {
            final_user = Some(i.args_text().trim().to_string());
        }
        if i.kind == Kind::Run {
            for m in i.mounts() {
                let is_secret = m.iter().any(|(k, v)| k == "type" && v == "secret");
                if is_secret && let Some((_, id)) = m.iter().find(|(k, _)| k == "id") {
                    secret_ids.push((id.clone(), i.line));
                }
            }
        }
    }
    Some(Built {
        path: path.to_string_lossy().into_owned(),
        final_user,
        from_line,
        secret_ids,
    })
}

/// Runs the enabled checks over a project.
pub fn lint(project: &Project, config: &Config, host: &dyn Host) -> Vec<Finding> {
    let mut built = BTreeMap::new();
    for e in project.services() {
        if let Some(b) = built_dockerfile(&e.value, host) {
            built.insert(e.key.clone(), b);
        }
    }
    let cx = Cx {
        project,
        config,
        host,
        built,
        today: time::OffsetDateTime::now_utc().date(),
    };
    let mut findings = Vec::new();
    for rule in super::rules::rules() {
        let m = rule.meta();
        if !m.default_enabled && !config.enables(m.code, m.aliases) {
            continue;
        }
        let mut mine = Vec::new();
        let ok =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rule.check(&cx, &mut mine)));
        match ok {
            Ok(()) => findings.extend(mine),
            Err(_) => findings.push(InternalError::META.finding(
                format!(
                    "rule {} ({}) failed on this project; its findings are missing",
                    m.code, m.name
                ),
                Location {
                    path: Some(project.shown(0).to_string()),
                    line: Some(1),
                    ..Location::default()
                },
            )),
        }
    }
    for u in &project.unset {
        findings.push(super::rules::VariableUnset::META.finding(
            format!(
                "variable `{}` is not set; it was replaced by an empty string",
                u.var
            ),
            cx.at(u.pos),
        ));
    }
    findings
}

/// Pragmas of one Compose file: `# portcullis ignore=DC004,DC010 -- reason` (or
/// `# hadolint`-style `ignore=`) on the line above a key covers that key and everything nested
/// under it; `# portcullis global ignore=…` covers the file.
pub fn pragmas(path: &str, text: &str) -> Vec<Pragma> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, l) in lines.iter().enumerate() {
        let t = l.trim_start();
        let Some(c) = t.strip_prefix('#') else {
            continue;
        };
        let c = c.trim();
        let Some(rest) = c.strip_prefix("portcullis") else {
            continue;
        };
        let rest = rest.trim();
        let (global, rest) = match rest.strip_prefix("global") {
            Some(r) => (true, r.trim()),
            None => (false, rest),
        };
        let Some(rest) = rest.strip_prefix("ignore=") else {
            continue;
        };
        let (codes, reason) = match rest.split_once("--") {
            Some((c, r)) => (c, Some(r.trim().to_string())),
            None => (rest, None),
        };
        let codes: Vec<String> = codes
            .split(',')
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect();
        let origin = Location {
            path: Some(path.to_string()),
            line: Some(i as u32 + 1),
            column: Some((l.len() - t.len()) as u32 + 1),
            ..Location::default()
        };
        let scope = if global {
            Scope::File
        } else {
            let Some(j) = (i + 1..lines.len()).find(|&j| {
                let s = lines[j].trim_start();
                !s.is_empty() && !s.starts_with('#')
            }) else {
                continue;
            };
            let indent = |s: &str| s.len() - s.trim_start().len();
            let base = indent(lines[j]);
            let mut end = j;
            for (k, line) in lines.iter().enumerate().skip(j + 1) {
                let s = line.trim_start();
                if s.is_empty() || s.starts_with('#') {
                    continue;
                }
                let ind = indent(line);
                if ind > base {
                    end = k;
                } else {
                    break;
                }
            }
            Scope::Lines {
                start: j as u32 + 1,
                end: end as u32 + 1,
            }
        };
        out.push(Pragma {
            codes,
            scope,
            origin,
            reason,
        });
    }
    out
}
