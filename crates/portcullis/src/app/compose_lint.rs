//! `portcullis lint` on Compose files: recognise them, load each project (with its automatic
//! override file), run the Compose checks, apply pragmas and configuration.

use super::discover::{Input, io_reason};
use super::load_config::ConfigCache;
use super::{Fatal, cli::KindArg};
use portcullis_core::suppress;
use portcullis_core::{Finding, Severity, Target, TargetKind};
use portcullis_lint::compose::lint::{Host, lint, pragmas};
use portcullis_lint::compose::load::{self, Files, LoadOptions, override_for};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest Compose file read: anything bigger is refused (a hostile input, not a project).
pub const MAX_COMPOSE_BYTES: u64 = 8 << 20;

/// Whether a file name is a Compose file's.
pub fn is_compose_name(name: &str) -> bool {
    let l = name.to_ascii_lowercase();
    let yaml = l.ends_with(".yml") || l.ends_with(".yaml");
    yaml && (l.starts_with("compose.")
        || l.starts_with("docker-compose.")
        || l == "docker-compose.yml")
}

fn is_override_name(name: &str) -> bool {
    load::OVERRIDE_NAMES.contains(&name)
}

/// Splits the inputs into Compose files and the rest (Dockerfiles).
pub fn split(inputs: Vec<Input>, kind: Option<KindArg>) -> (Vec<Input>, Vec<Input>) {
    if kind == Some(KindArg::Compose) {
        return (inputs, Vec::new());
    }
    if kind.is_some() {
        return (Vec::new(), inputs);
    }
    inputs.into_iter().partition(|i| match i {
        Input::Stdin => false,
        Input::File(p) => p
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(is_compose_name),
    })
}

/// The file system, as the Compose model and checks see it.
pub struct FsHost;

impl Files for FsHost {
    fn read(&self, path: &Path) -> std::io::Result<String> {
        let f = std::fs::File::open(path)?;
        let mut s = String::new();
        f.take(MAX_COMPOSE_BYTES + 1).read_to_string(&mut s)?;
        if s.len() as u64 > MAX_COMPOSE_BYTES {
            return Err(std::io::Error::other(format!(
                "larger than {} MiB",
                MAX_COMPOSE_BYTES >> 20
            )));
        }
        Ok(s)
    }
}

impl Host for FsHost {
    fn mode(&self, path: &Path) -> Option<u32> {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path).ok().map(|m| m.permissions().mode())
    }
    fn git_ignored(&self, path: &Path) -> bool {
        let Ok(abs) = std::path::absolute(path) else {
            return false;
        };
        let mut dir = abs.parent();
        while let Some(d) = dir {
            let gi = d.join(".gitignore");
            if gi.exists() {
                let (m, _) = ignore::gitignore::Gitignore::new(&gi);
                if m.matched_path_or_any_parents(&abs, false).is_ignore() {
                    return true;
                }
            }
            if d.join(".git").exists() {
                break;
            }
            dir = d.parent();
        }
        false
    }
    fn docker_ignored(&self, context: &Path, path: &Path) -> bool {
        let di = context.join(".dockerignore");
        let Ok(text) = std::fs::read_to_string(&di) else {
            return false;
        };
        let rel = path
            .strip_prefix(context)
            .unwrap_or(path)
            .to_string_lossy()
            .into_owned();
        let mut b = ignore::gitignore::GitignoreBuilder::new(context);
        for l in text.lines() {
            let _ = b.add_line(None, l);
        }
        b.build().is_ok_and(|m| {
            m.matched_path_or_any_parents(Path::new(&rel), false)
                .is_ignore()
        })
    }
}

/// Inputs after dropping override files whose main file is also an input (they are merged).
fn mains(inputs: &[Input]) -> Vec<Input> {
    inputs
        .iter()
        .filter(|i| match i {
            Input::File(p) => {
                let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
                if !is_override_name(name) {
                    return true;
                }
                let dir = p.parent().unwrap_or(Path::new(""));
                !load::DEFAULT_NAMES
                    .iter()
                    .any(|m| inputs.contains(&Input::File(dir.join(m))))
            }
            Input::Stdin => true,
        })
        .cloned()
        .collect()
}

/// What linting the Compose inputs produced.
pub struct ComposeRun {
    pub failed: bool,
}

/// Lints the Compose inputs, appending targets, findings and file texts to the report's.
#[allow(clippy::too_many_arguments)]
pub fn lint_inputs(
    inputs: &[Input],
    configs: &mut ConfigCache,
    stdin_name: &str,
    (env_file, merge): (Option<&Path>, bool),
    min_severity: Option<Severity>,
    fail_override: Option<Option<Severity>>,
    targets: &mut Vec<Target>,
    findings: &mut Vec<Finding>,
    texts: &mut BTreeMap<String, String>,
) -> Result<ComposeRun, Fatal> {
    let today = time::OffsetDateTime::now_utc().date();
    let env: BTreeMap<String, String> = std::env::vars().collect();
    let mut failed = false;
    // Configurations are found serially (cached per directory); projects load and lint in
    // parallel; merging into the report is serial, in input order.
    let mut planned = Vec::new();
    let mut chosen = mains(inputs);
    // --merge: one project of every named file, in order.
    let merged: Vec<PathBuf> = if merge {
        chosen
            .iter()
            .filter_map(|i| match i {
                Input::File(p) => Some(p.clone()),
                Input::Stdin => None,
            })
            .collect()
    } else {
        Vec::new()
    };
    if merge && merged.len() > 1 {
        chosen.retain(|i| matches!(i, Input::File(p) if *p == merged[0]));
    }
    for input in chosen {
        let dir = match &input {
            Input::File(p) => p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .map(Path::to_path_buf)
                .unwrap_or_else(|| PathBuf::from(".")),
            Input::Stdin => PathBuf::from("."),
        };
        let config = configs.for_dir(&dir)?;
        let stdin_text = match &input {
            Input::Stdin => {
                let mut b = String::new();
                std::io::stdin()
                    .take(MAX_COMPOSE_BYTES + 1)
                    .read_to_string(&mut b)
                    .map_err(|e| Fatal(format!("standard input: {}", io_reason(&e))))?;
                if b.len() as u64 > MAX_COMPOSE_BYTES {
                    return Err(Fatal(format!(
                        "{stdin_name}: larger than {} MiB; not a Compose file",
                        MAX_COMPOSE_BYTES >> 20
                    )));
                }
                Some(b)
            }
            Input::File(_) => None,
        };
        planned.push((input, dir, config, stdin_text));
    }
    use rayon::prelude::*;
    type Linted = (
        String,
        Vec<Finding>,
        Vec<(String, String)>,
        Option<Severity>,
    );
    let results: Vec<Result<Linted, Fatal>> = planned
        .into_par_iter()
        .map(|(input, dir, config, stdin_text)| {
            let (files, shown_main) = match &input {
                Input::Stdin => (vec![PathBuf::from(stdin_name)], stdin_name.to_string()),
                Input::File(p) => {
                    let size = std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
                    if size > MAX_COMPOSE_BYTES {
                        return Err(Fatal(format!(
                            "{}: larger than {} MiB; not a Compose file",
                            p.display(),
                            MAX_COMPOSE_BYTES >> 20
                        )));
                    }
                    let mut v = vec![p.clone()];
                    if merged.len() > 1 {
                        v = merged.clone();
                    } else {
                        v.extend(override_for(p, |q| q.exists()));
                    }
                    (v, p.to_string_lossy().into_owned())
                }
            };
            let opts = LoadOptions {
                files,
                project_dir: Some(dir),
                env: env.clone(),
                env_file: env_file.map(Path::to_path_buf),
                stdin_text,
                limits: Default::default(),
            };
            let project = load::load(&opts, &FsHost).map_err(|e| Fatal(e.to_string()))?;
            let raw = lint(&project, &config, &FsHost);
            let mut prag = Vec::new();
            for f in &project.files {
                prag.extend(pragmas(&f.shown, &f.text));
            }
            let mut kept = suppress::apply(raw, &prag, &config, today);
            kept.retain(|f| min_severity.is_none_or(|m| f.severity >= m));
            kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            let texts = project
                .files
                .iter()
                .map(|f| (f.shown.clone(), f.text.clone()))
                .collect();
            Ok((
                shown_main,
                kept,
                texts,
                fail_override.unwrap_or(config.fail_on),
            ))
        })
        .collect();
    for r in results {
        let (shown_main, mut kept, file_texts, fail_on) = r?;
        let idx = targets.len();
        for f in &mut kept {
            f.target = idx;
        }
        if kept
            .iter()
            .any(|f| fail_on.is_some_and(|t| f.severity >= t))
        {
            failed = true;
        }
        targets.push(Target {
            kind: TargetKind::Compose,
            path: Some(shown_main),
            name: None,
        });
        findings.extend(kept);
        texts.extend(file_texts);
    }
    Ok(ComposeRun { failed })
}

fn load_one(file: &Path, stdin_text: Option<String>) -> Result<load::Project, Fatal> {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let opts = LoadOptions {
        files: vec![file.to_path_buf()],
        project_dir: Some(dir),
        env: std::env::vars().collect(),
        env_file: None,
        stdin_text,
        limits: Default::default(),
    };
    if std::fs::metadata(file).is_ok_and(|m| m.len() > MAX_COMPOSE_BYTES) {
        return Err(Fatal(format!(
            "{}: larger than {} MiB; not a Compose file",
            file.display(),
            MAX_COMPOSE_BYTES >> 20
        )));
    }
    load::load(&opts, &FsHost).map_err(|e| Fatal(e.to_string()))
}

/// `portcullis harden compose FILE [-o OUT]`.
pub fn harden(args: super::cli::HardenArgs) -> Result<u8, Fatal> {
    let super::cli::HardenWhat::Compose(a) = args.what;
    let project = load_one(&a.file, None)?;
    let h = portcullis_lint::compose::harden::harden(&project);
    match &a.output {
        Some(p) => std::fs::write(p, &h.text)
            .map_err(|e| Fatal(format!("{}: {}", p.display(), io_reason(&e))))?,
        None => super::output::write_stdout(h.text.as_bytes())?,
    }
    eprintln!(
        "portcullis: the override closes {} findings in {} services; {} steps left to do by hand",
        h.closes.len(),
        h.closes
            .iter()
            .map(|c| &c.1)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        h.manual.len()
    );
    Ok(super::EXIT_CLEAN)
}

/// `portcullis lint --graph mermaid|dot FILE`.
pub fn graph(inputs: &[Input], style: &str, stdin_name: &str) -> Result<u8, Fatal> {
    let mut out = String::new();
    for input in mains(inputs) {
        let project = match &input {
            Input::File(p) => load_one(p, None)?,
            Input::Stdin => {
                let mut b = String::new();
                std::io::stdin()
                    .take(MAX_COMPOSE_BYTES + 1)
                    .read_to_string(&mut b)
                    .map_err(|e| Fatal(format!("standard input: {}", io_reason(&e))))?;
                load_one(Path::new(stdin_name), Some(b))?
            }
        };
        out.push_str(&portcullis_lint::compose::graph::render(&project, style));
    }
    if inputs.is_empty() {
        return Err(Fatal("--graph needs a Compose file".into()));
    }
    super::output::write_stdout(out.as_bytes())?;
    Ok(super::EXIT_CLEAN)
}
