//! From files to the project model Compose computes: read each file (through [`Files`], so
//! this crate stays free of I/O), interpolate, normalise, merge (`-f a -f b`, override files),
//! resolve `extends` (with cycle detection) and `include`.

use super::dotenv;
use super::interp::{Env, InterpError, interpolate};
use super::merge::merge_service;
use super::normalize;
use super::path::abs_path;
use super::yaml::{self, Entry, Limits, Node, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Access to files, provided by the caller.
pub trait Files {
    fn read(&self, path: &Path) -> std::io::Result<String>;
}

/// The file names Compose looks for, and their override files.
pub const DEFAULT_NAMES: &[&str] = &[
    "compose.yaml",
    "compose.yml",
    "docker-compose.yml",
    "docker-compose.yaml",
];
pub const OVERRIDE_NAMES: &[&str] = &[
    "compose.override.yaml",
    "compose.override.yml",
    "docker-compose.override.yml",
    "docker-compose.override.yaml",
];

/// How to load a project.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// The files, in `-f` order (absolute or relative to the current directory).
    pub files: Vec<PathBuf>,
    /// Project directory (default: the first file's directory).
    pub project_dir: Option<PathBuf>,
    /// The process environment.
    pub env: BTreeMap<String, String>,
    /// `--env-file` (instead of the project's `.env`).
    pub env_file: Option<PathBuf>,
    /// Text for the first file when it comes from standard input.
    pub stdin_text: Option<String>,
    pub limits: Limits,
}

/// One file that contributed to the project.
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub path: PathBuf,
    /// Path as shown in reports.
    pub shown: String,
    pub text: String,
}

/// A variable reference that had no value.
#[derive(Debug, Clone)]
pub struct Unset {
    pub var: String,
    pub pos: yaml::Pos,
}

/// The loaded project.
#[derive(Debug, Clone)]
pub struct Project {
    pub files: Vec<SourceFile>,
    /// Top level after merging: `services`, `networks`, `volumes`, `secrets`, `configs`.
    pub root: Node,
    pub dir: PathBuf,
    /// Variables interpolation used (`.env` under the process environment).
    pub vars: BTreeMap<String, String>,
    pub unset: Vec<Unset>,
}

impl Project {
    pub fn services(&self) -> &[Entry] {
        self.root
            .get("services")
            .and_then(Node::as_map)
            .unwrap_or(&[])
    }
    pub fn section(&self, name: &str) -> &[Entry] {
        self.root.get(name).and_then(Node::as_map).unwrap_or(&[])
    }
    pub fn shown(&self, file: u32) -> &str {
        self.files
            .get(file as usize)
            .map(|f| f.shown.as_str())
            .unwrap_or("-")
    }
}

/// Why loading failed: the file, where, and what.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    pub file: String,
    pub line: Option<u32>,
    pub column: Option<u32>,
    pub message: String,
}

impl std::fmt::Display for LoadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match (self.line, self.column) {
            (Some(l), Some(c)) => write!(f, "{}:{l}:{c}: {}", self.file, self.message),
            (Some(l), None) => write!(f, "{}:{l}: {}", self.file, self.message),
            _ => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

struct Loader<'a> {
    fs: &'a dyn Files,
    files: Vec<SourceFile>,
    vars: BTreeMap<String, String>,
    unset: Vec<Unset>,
    limits: Limits,
    home: Option<String>,
    stdin_text: Option<String>,
    /// Parsed and processed files by path (for `extends: {file: …}`).
    cache: BTreeMap<PathBuf, Node>,
    depth: usize,
}

fn shown(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

fn err(file: &str, pos: Option<yaml::Pos>, message: impl Into<String>) -> LoadError {
    LoadError {
        file: file.to_string(),
        line: pos.map(|p| p.line),
        column: pos.map(|p| p.col),
        message: message.into(),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

const SECTIONS: &[&str] = &["services", "networks", "volumes", "secrets", "configs"];

/// The automatic override file next to `file`, when `file` has a default name.
pub fn override_for(file: &Path, exists: impl Fn(&Path) -> bool) -> Option<PathBuf> {
    let name = file.file_name()?.to_str()?;
    if !DEFAULT_NAMES.contains(&name) {
        return None;
    }
    let dir = file.parent().unwrap_or(Path::new(""));
    OVERRIDE_NAMES
        .iter()
        .map(|n| dir.join(n))
        .find(|p| exists(p))
}

/// Loads a project.
pub fn load(opts: &LoadOptions, fs: &dyn Files) -> Result<Project, LoadError> {
    let Some(first) = opts.files.first() else {
        return Err(err("-", None, "no Compose file given"));
    };
    let dir = opts.project_dir.clone().unwrap_or_else(|| {
        first
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."))
    });
    let mut vars = BTreeMap::new();
    let env_path = opts.env_file.clone().unwrap_or_else(|| dir.join(".env"));
    match fs.read(&env_path) {
        Ok(text) => {
            for v in dotenv::parse(&text, &opts.env) {
                if let Some(val) = v.value {
                    vars.insert(v.key, val);
                }
            }
        }
        Err(e) if opts.env_file.is_some() => {
            return Err(err(&shown(&env_path), None, io_reason(&e)));
        }
        Err(_) => {}
    }
    for (k, v) in &opts.env {
        vars.insert(k.clone(), v.clone());
    }
    let mut l = Loader {
        fs,
        files: Vec::new(),
        vars,
        unset: Vec::new(),
        limits: opts.limits,
        home: opts.env.get("HOME").cloned(),
        stdin_text: opts.stdin_text.clone(),
        cache: BTreeMap::new(),
        depth: 0,
    };
    let abs_dir = dir.clone();
    let mut merged: Option<Node> = None;
    for f in &opts.files {
        let doc = l.file(f, &abs_dir)?;
        merged = Some(match merged {
            None => doc,
            Some(base) => merge_top(&base, &doc),
        });
    }
    let mut root = merged.unwrap_or_else(|| Node::map(Vec::new(), Default::default()));
    l.resolve_extends(&mut root, &abs_dir)?;
    Ok(Project {
        files: l.files,
        root,
        dir,
        vars: l.vars,
        unset: l.unset,
    })
}

/// Merges the top level of `over` onto `base`: services merged, other resources replaced.
fn merge_top(base: &Node, over: &Node) -> Node {
    let mut out = base.clone();
    for sec in SECTIONS {
        let Some(o) = over.get(sec).and_then(Node::as_map) else {
            continue;
        };
        if out.get(sec).and_then(Node::as_map).is_none() {
            out.set(
                sec,
                Node::map(Vec::new(), over.get(sec).map(|n| n.pos).unwrap_or_default()),
            );
        }
        let target = out
            .get_mut(sec)
            .and_then(Node::as_map_mut)
            .expect("just set");
        for e in o {
            match target.iter_mut().find(|x| x.key == e.key) {
                Some(x) if *sec == "services" => {
                    let mut v = merge_service(&x.value, &e.value);
                    // `extends` of a merged service: the override's, else the base's
                    if let Some(ext) = e
                        .value
                        .entry("extends")
                        .or_else(|| x.value.entry("extends"))
                    {
                        v.set("extends", ext.value.clone());
                    }
                    x.value = v;
                }
                Some(x) => *x = e.clone(),
                None => target.push(e.clone()),
            }
        }
    }
    out
}

impl Loader<'_> {
    fn add_file(&mut self, path: &Path, text: String) -> u32 {
        self.files.push(SourceFile {
            path: path.to_path_buf(),
            shown: shown(path),
            text,
        });
        (self.files.len() - 1) as u32
    }

    /// Reads, parses, interpolates and normalises one file; `dir` resolves relative paths.
    fn file(&mut self, path: &Path, dir: &Path) -> Result<Node, LoadError> {
        if let Some(n) = self.cache.get(path) {
            return Ok(n.clone());
        }
        let name = shown(path);
        let text = match (self.files.is_empty(), self.stdin_text.take()) {
            (true, Some(t)) => t,
            _ => self
                .fs
                .read(path)
                .map_err(|e| err(&name, None, io_reason(&e)))?,
        };
        let idx = self.add_file(path, text);
        let text = &self.files[idx as usize].text;
        let mut doc = yaml::parse(text, idx, self.limits).map_err(|e| LoadError {
            file: name.clone(),
            line: Some(e.line),
            column: Some(e.col),
            message: e.message,
        })?;
        match &doc.value {
            Value::Map(_) => {}
            Value::Null => doc = Node::map(Vec::new(), doc.pos),
            _ => return Err(err(&name, Some(doc.pos), "top level is not a mapping")),
        }
        if let Some(v) = doc.get("version")
            && v.text().is_some_and(|t| t.starts_with('1'))
        {
            return Err(err(
                &name,
                Some(v.pos),
                "Compose file format version 1 is not supported",
            ));
        }
        // interpolate resources, then normalise services
        for sec in SECTIONS {
            if let Some(n) = doc.get_mut(sec) {
                if n.is_null() {
                    *n = Node::map(Vec::new(), n.pos);
                }
                let Value::Map(entries) = &mut n.value else {
                    return Err(err(
                        &name,
                        Some(n.pos),
                        format!("`{sec}` must be a mapping"),
                    ));
                };
                for e in entries.iter_mut() {
                    let path = format!("{}/{}", sec.trim_end_matches('s'), e.key);
                    interp_node(&mut e.value, &path, &self.vars, &mut self.unset, &name)?;
                    if *sec == "services" {
                        if e.value.is_null() {
                            e.value = Node::map(Vec::new(), e.key_pos);
                        }
                        if e.value.as_map().is_none() {
                            return Err(err(
                                &name,
                                Some(e.value.pos),
                                format!("service `{}` must be a mapping", e.key),
                            ));
                        }
                        normalize::service(&mut e.value, dir, self.home.as_deref());
                    } else if (*sec == "secrets" || *sec == "configs")
                        && let Some(f) = e.value.get_mut("file")
                        && let Value::Str(s) = &mut f.value
                    {
                        *s = abs_path(dir, &super::path::expand_home(s, self.home.as_deref()));
                    }
                }
            }
        }
        self.include(&mut doc, path, dir, &name)?;
        self.cache.insert(path.to_path_buf(), doc.clone());
        Ok(doc)
    }

    /// `include:` (Compose specification): each entry is loaded as its own project and its
    /// resources are added; a name defined twice is an error.
    fn include(
        &mut self,
        doc: &mut Node,
        path: &Path,
        dir: &Path,
        name: &str,
    ) -> Result<(), LoadError> {
        let Some(inc) = doc.remove("include") else {
            return Ok(());
        };
        self.depth += 1;
        if self.depth > 16 {
            return Err(err(
                name,
                Some(inc.key_pos),
                "`include` nested deeper than 16 (a cycle?)",
            ));
        }
        let items = match &inc.value.value {
            Value::Seq(s) => s.clone(),
            _ => return Err(err(name, Some(inc.value.pos), "`include` must be a list")),
        };
        for it in items {
            let (paths, pdir): (Vec<Node>, Option<String>) = match &it.value {
                Value::Str(_) => (vec![it.clone()], None),
                Value::Map(_) => {
                    let p = match it.get("path").map(|n| &n.value) {
                        Some(Value::Str(_)) => {
                            vec![it.get("path").cloned().unwrap_or_else(|| it.clone())]
                        }
                        Some(Value::Seq(s)) => s.clone(),
                        _ => return Err(err(name, Some(it.pos), "`include` entry without `path`")),
                    };
                    (p, it.get("project_directory").and_then(Node::text))
                }
                _ => {
                    return Err(err(
                        name,
                        Some(it.pos),
                        "`include` entry must be a path or a mapping",
                    ));
                }
            };
            let mut sub: Option<Node> = None;
            for p in &paths {
                let Some(s) = p.text() else { continue };
                let s = interpolate(&s, &Env::new(&self.vars))
                    .map_err(|e| err(name, Some(p.pos), e.to_string()))?;
                let file = PathBuf::from(abs_path(dir, &s));
                if file == path
                    || self.files.iter().filter(|f| f.path == file).count() > 0 && self.depth > 8
                {
                    return Err(err(
                        name,
                        Some(p.pos),
                        format!("`include` of {} is a cycle", shown(&file)),
                    ));
                }
                let fdir = match &pdir {
                    Some(d) => PathBuf::from(abs_path(dir, d)),
                    None => file
                        .parent()
                        .map(Path::to_path_buf)
                        .unwrap_or_else(|| dir.to_path_buf()),
                };
                let d = self.file(&file, &fdir).map_err(|mut e| {
                    if e.line.is_none() && e.file == shown(&file) {
                        e = err(name, Some(p.pos), format!("include {}: {}", s, e.message));
                    }
                    e
                })?;
                sub = Some(match sub {
                    None => d,
                    Some(b) => merge_top(&b, &d),
                });
            }
            let Some(sub) = sub else { continue };
            for sec in SECTIONS {
                let Some(entries) = sub.get(sec).and_then(Node::as_map) else {
                    continue;
                };
                if doc.get(sec).and_then(Node::as_map).is_none() {
                    doc.set(sec, Node::map(Vec::new(), it.pos));
                }
                let target = doc
                    .get_mut(sec)
                    .and_then(Node::as_map_mut)
                    .expect("just set");
                for e in entries {
                    if let Some(x) = target.iter().find(|x| x.key == e.key) {
                        if *sec == "services" {
                            return Err(err(
                                name,
                                Some(x.key_pos),
                                format!(
                                    "service `{}` is defined both here and in an included file",
                                    e.key
                                ),
                            ));
                        }
                        continue;
                    }
                    target.push(e.clone());
                }
            }
        }
        self.depth -= 1;
        Ok(())
    }

    fn resolve_extends(&mut self, root: &mut Node, dir: &Path) -> Result<(), LoadError> {
        let Some(services) = root.get("services").and_then(Node::as_map) else {
            return Ok(());
        };
        let names: Vec<String> = services.iter().map(|e| e.key.clone()).collect();
        let snapshot = root.clone();
        for n in names {
            let main = self
                .files
                .first()
                .map(|f| f.path.clone())
                .unwrap_or_default();
            let svc = snapshot
                .get("services")
                .and_then(|s| s.get(&n))
                .cloned()
                .unwrap_or_else(|| Node::null(Default::default()));
            if svc.get("extends").is_none() {
                continue;
            }
            let resolved = self.extend(&svc, &n, &main, &snapshot, dir, &mut Vec::new())?;
            if let Some(slot) = root.get_mut("services").and_then(|s| s.get_mut(&n)) {
                *slot = resolved;
            }
        }
        Ok(())
    }

    /// The service `svc` (named `name`, written in `file` whose top level is `doc`) with its
    /// `extends` chain resolved.
    fn extend(
        &mut self,
        svc: &Node,
        name: &str,
        file: &Path,
        doc: &Node,
        dir: &Path,
        seen: &mut Vec<(PathBuf, String)>,
    ) -> Result<Node, LoadError> {
        let sig = (file.to_path_buf(), name.to_string());
        let fname = shown(file);
        if seen.contains(&sig) {
            let chain: Vec<String> = seen
                .iter()
                .chain([&sig])
                .map(|(f, s)| format!("{s} in {}", shown(f)))
                .collect();
            return Err(err(
                &fname,
                svc.get("extends").map(|n| n.pos),
                format!("circular `extends`: {}", chain.join(" -> ")),
            ));
        }
        if seen.len() > 64 {
            return Err(err(&fname, None, "`extends` chain longer than 64"));
        }
        let Some(ext) = svc.get("extends") else {
            return Ok(svc.clone());
        };
        seen.push(sig);
        let (target_name, target_file) = match &ext.value {
            Value::Str(s) => (s.clone(), None),
            Value::Map(_) => (
                ext.get("service")
                    .and_then(Node::text)
                    .ok_or_else(|| err(&fname, Some(ext.pos), "`extends` without `service`"))?,
                ext.get("file").and_then(Node::text),
            ),
            _ => {
                return Err(err(
                    &fname,
                    Some(ext.pos),
                    "`extends` must be a service name or a mapping",
                ));
            }
        };
        let (bfile, bdoc, bdir) = match target_file {
            None => (file.to_path_buf(), doc.clone(), dir.to_path_buf()),
            Some(f) => {
                let p = PathBuf::from(abs_path(dir, &f));
                let d = p
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| dir.to_path_buf());
                let n = self.file(&p, &d).map_err(|mut e| {
                    if e.line.is_none() {
                        e = err(
                            &fname,
                            Some(ext.pos),
                            format!("extends file {f}: {}", e.message),
                        );
                    }
                    e
                })?;
                (p, n, d)
            }
        };
        let Some(base) = bdoc
            .get("services")
            .and_then(|s| s.get(&target_name))
            .cloned()
        else {
            return Err(err(
                &fname,
                Some(ext.pos),
                format!(
                    "cannot extend service `{target_name}` in {}: service not found",
                    shown(&bfile)
                ),
            ));
        };
        let base = self.extend(&base, &target_name, &bfile, &bdoc, &bdir, seen)?;
        seen.pop();
        let mut over = svc.clone();
        over.remove("extends");
        let mut base = base;
        base.remove("extends");
        Ok(merge_service(&base, &over))
    }
}

/// Fields Compose converts after interpolation (a subset of Compose 1.x's conversion map).
fn cast(path: &str, n: &mut Node) {
    let Value::Str(s) = &n.value else { return };
    let segs: Vec<&str> = path.split('/').collect();
    let tail = if segs.len() > 2 {
        segs[2..].join("/")
    } else {
        String::new()
    };
    let kind = match (segs.first().copied(), tail.as_str()) {
        (
            Some("service"),
            "privileged"
            | "read_only"
            | "stdin_open"
            | "tty"
            | "oom_kill_disable"
            | "healthcheck/disable"
            | "volumes/read_only",
        ) => "bool",
        (Some("service"), "cpus" | "deploy/resources/limits/cpus") => "float",
        (
            Some("service"),
            "ports/target"
            | "ports/published"
            | "healthcheck/retries"
            | "mem_swappiness"
            | "oom_score_adj"
            | "deploy/replicas"
            | "scale"
            | "cpu_count"
            | "secrets/mode"
            | "configs/mode",
        ) => "int",
        (Some("service"), t) if t.starts_with("ulimits/") => "int",
        (
            Some("network" | "volume" | "secret" | "config"),
            "external" | "internal" | "attachable",
        ) => "bool",
        _ => return,
    };
    let v = match kind {
        "bool" => match s.to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" | "on" => Value::Bool(true),
            "n" | "no" | "false" | "off" => Value::Bool(false),
            _ => return,
        },
        "float" => match s.trim().parse::<f64>() {
            Ok(f) => Value::Float(f),
            Err(_) => return,
        },
        _ => match s.trim().parse::<i64>() {
            Ok(i) => Value::Int(i),
            Err(_) => return,
        },
    };
    n.value = v;
}

fn interp_node(
    n: &mut Node,
    path: &str,
    vars: &BTreeMap<String, String>,
    unset: &mut Vec<Unset>,
    file: &str,
) -> Result<(), LoadError> {
    match &mut n.value {
        Value::Str(s) => {
            if s.contains('$') {
                let env = Env::new(vars);
                let r = interpolate(s, &env).map_err(|e| match e {
                    InterpError::Required { var, message } => err(
                        file,
                        Some(n.pos),
                        format!("required variable {var} is missing a value: {message}"),
                    ),
                    InterpError::Invalid(s) => err(
                        file,
                        Some(n.pos),
                        format!("invalid interpolation format: \"{s}\""),
                    ),
                })?;
                for v in env.unset.into_inner() {
                    unset.push(Unset { var: v, pos: n.pos });
                }
                *s = r;
            }
            cast(path, n);
        }
        Value::Seq(items) => {
            for it in items {
                interp_node(it, path, vars, unset, file)?;
            }
        }
        Value::Map(entries) => {
            for e in entries {
                let p = format!("{path}/{}", e.key);
                interp_node(&mut e.value, &p, vars, unset, file)?;
            }
        }
        _ => {}
    }
    Ok(())
}
