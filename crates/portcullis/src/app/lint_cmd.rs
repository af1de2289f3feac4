//! `portcullis lint`: discover, read, lint in parallel, fix, suppress, report.

use super::cli::LintArgs;
use super::discover::{Input, discover, io_reason};
use super::load_config::ConfigCache;
use super::output::{emit, parse_format, write_stdout};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Fatal};
use portcullis_core::config::Config;
use portcullis_core::scorecard::{CheckRun, SourceRun};
use portcullis_core::suppress::{self, Pragma};
use portcullis_core::tool_rules::ParseError;
use portcullis_core::{Finding, Location, Report, Severity, Target, TargetKind};
use portcullis_lint::dockerfile::{fix, lint::lint};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Largest file we read: anything bigger is not a Dockerfile.
const MAX_FILE_BYTES: u64 = 64 << 20;

struct Source {
    /// Path as shown in reports.
    shown: String,
    /// Where to write fixes (None for stdin).
    path: Option<PathBuf>,
    text: String,
    /// Findings about the input itself (encoding).
    input_findings: Vec<Finding>,
    config: Arc<Config>,
    dockerignore: Option<Arc<str>>,
}

struct Linted {
    findings: Vec<Finding>,
    pragmas: Vec<Pragma>,
    /// Fixed text, when fixing changed something.
    fixed: Option<(String, usize)>,
}

pub fn run(args: LintArgs) -> Result<u8, Fatal> {
    let format = parse_format(&args.out.format)?;
    let fail_override = match args.out.fail_on.as_deref() {
        None => None,
        Some("none") => Some(None),
        Some(s) => Some(Some(s.parse::<Severity>().map_err(Fatal)?)),
    };
    // The rules' patterns are compiled on first use: on a worker thread, while this one walks
    // the directories (nothing in the output depends on it). Files named one by one are few:
    // they need no head start.
    if args.paths.is_empty() || args.paths.iter().any(|p| p.is_dir()) {
        rayon::spawn(portcullis_lint::dockerfile::lint::warm_up);
    }
    let inputs = discover(&args.paths, args.no_ignore)?;
    let (compose_inputs, inputs) = super::compose_lint::split(inputs, args.kind);
    if let Some(style) = &args.graph {
        return super::compose_lint::graph(&compose_inputs, style, &args.stdin_filename);
    }
    let mut configs = ConfigCache::new(
        args.out.config.as_deref(),
        args.out.no_config,
        super::all_rules(),
    )?;
    let (sources, mut errors) = read_sources(&inputs, &args, &mut configs)?;
    let progress = progress_bar(&args, sources.len());
    let fixing = args.fix || args.diff;
    let today = time::OffsetDateTime::now_utc().date();
    // Lint, suppress and filter each file on the worker threads; only merging is serial.
    let results: Vec<Linted> = sources
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            let mut r = lint_one(s, fixing, args.unsafe_fixes);
            let raw = if s.input_findings.is_empty() {
                std::mem::take(&mut r.findings)
            } else {
                let mut raw = s.input_findings.clone();
                raw.append(&mut r.findings);
                raw
            };
            let mut kept = suppress::apply(raw, &r.pragmas, &s.config, today);
            kept.retain(|f| args.out.severity.is_none_or(|min| f.severity >= min));
            for f in &mut kept {
                f.target = i;
            }
            kept.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
            kept.shrink_to_fit();
            r.findings = kept;
            progress.inc(1);
            r
        })
        .collect();
    progress.finish_and_clear();

    let mut targets = Vec::with_capacity(sources.len());
    let mut findings = Vec::with_capacity(results.iter().map(|r| r.findings.len()).sum());
    let mut texts = BTreeMap::new();
    let mut failed = false;
    let mut fixed_files = 0;
    let mut fixed_findings = 0;
    let mut diff_out = String::new();
    // With --fix on stdin the fixed text goes to stdout; the report goes to stderr then.
    let stdin_fixed = args.fix && sources.iter().any(|s| s.path.is_none());
    for (src, res) in sources.into_iter().zip(results) {
        targets.push(Target {
            kind: TargetKind::Dockerfile,
            path: Some(src.shown.clone()),
            name: None,
        });
        let fail_on = fail_override.unwrap_or(src.config.fail_on);
        if res
            .findings
            .iter()
            .any(|f| fail_on.is_some_and(|t| f.severity >= t))
        {
            failed = true;
        }
        findings.extend(res.findings);
        let shown_text = match &res.fixed {
            Some((new, n)) => {
                fixed_findings += n;
                fixed_files += 1;
                if args.diff {
                    diff_out.push_str(&unified_diff(&src.shown, &src.text, new));
                } else if let Some(p) = &src.path {
                    std::fs::write(p, new)
                        .map_err(|e| Fatal(format!("{}: {}", p.display(), io_reason(&e))))?;
                } else {
                    write_stdout(new.as_bytes())?;
                }
                if args.diff { src.text } else { new.clone() }
            }
            None => src.text,
        };
        texts.insert(src.shown, shown_text);
    }
    if args.diff {
        write_stdout(diff_out.as_bytes())?;
    }
    let compose = super::compose_lint::lint_inputs(
        &compose_inputs,
        &mut configs,
        &args.stdin_filename,
        (args.env_file.as_deref(), args.merge),
        args.out.severity,
        fail_override,
        &mut targets,
        &mut findings,
        &mut texts,
    )?;
    failed |= compose.failed;
    errors.extend(compose.errors);
    let report = Report::new(env!("CARGO_PKG_VERSION"), targets, findings);
    let rules = super::all_rules();
    if args.diff || stdin_fixed {
        if !args.out.quiet && args.out.output.is_none() {
            let mut cx = crate::report::RenderContext::new(&report, &rules, &texts);
            cx.color = false;
            let mut buf = Vec::new();
            let _ = crate::report::Format::Human
                .reporter()
                .render(&cx, &mut buf);
            eprint!("{}", String::from_utf8_lossy(&buf));
        } else if args.out.output.is_some() {
            emit(&args.out, format, &report, &rules, &texts)?;
        }
    } else {
        emit(&args.out, format, &report, &rules, &texts)?;
    }
    if fixing && !args.out.quiet {
        let verb = if args.diff { "would fix" } else { "fixed" };
        eprintln!("portcullis: {verb} {fixed_findings} findings in {fixed_files} files");
    }
    for e in &errors {
        eprintln!("portcullis: {e}");
    }
    // The process ends right after this: freeing every finding and source text one by one
    // would only cost time.
    std::mem::forget(report);
    std::mem::forget(texts);
    Ok(if !errors.is_empty() {
        EXIT_ERROR
    } else if failed {
        EXIT_FINDINGS
    } else {
        EXIT_CLEAN
    })
}

fn progress_bar(args: &LintArgs, n: usize) -> indicatif::ProgressBar {
    if args.out.quiet || args.out.no_progress || n < 50 || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new(n as u64);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{spinner} linting {pos}/{len} files {bar:30} {elapsed}",
    ) {
        pb.set_style(style);
    }
    pb
}

/// The directory whose configuration governs an input (standard input: the current one).
fn input_dir(input: &Input) -> PathBuf {
    match input {
        Input::Stdin => PathBuf::from("."),
        Input::File(p) => p
            .parent()
            .map(Path::to_path_buf)
            .filter(|d| !d.as_os_str().is_empty())
            .unwrap_or_else(|| PathBuf::from(".")),
    }
}

/// The `.dockerignore` and `NAME.dockerignore` files of a directory, by file name.
fn dockerignores_in(dir: &Path) -> HashMap<String, Arc<str>> {
    let mut out = HashMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.ends_with(".dockerignore")
            && let Ok(text) = std::fs::read_to_string(e.path())
        {
            out.insert(name, Arc::from(text));
        }
    }
    out
}

fn read_input(
    input: &Input,
    args: &LintArgs,
    config: Arc<Config>,
    dockerignore: Option<Arc<str>>,
) -> Result<Source, Fatal> {
    let (shown, path, bytes) = match input {
        Input::Stdin => {
            let mut b = Vec::new();
            std::io::stdin()
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut b)
                .map_err(|e| Fatal(format!("standard input: {}", io_reason(&e))))?;
            (args.stdin_filename.clone(), None, b)
        }
        Input::File(p) => {
            let shown = p.to_string_lossy().replace('\\', "/");
            let f =
                std::fs::File::open(p).map_err(|e| Fatal(format!("{shown}: {}", io_reason(&e))))?;
            let size = f
                .metadata()
                .map(|m| m.len())
                .unwrap_or(0)
                .min(MAX_FILE_BYTES);
            let mut b = Vec::with_capacity(size as usize + 1);
            f.take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut b)
                .map_err(|e| Fatal(format!("{shown}: {}", io_reason(&e))))?;
            (shown, Some(p.clone()), b)
        }
    };
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(Fatal(format!(
            "{shown}: larger than {} MiB; not a Dockerfile",
            MAX_FILE_BYTES >> 20
        )));
    }
    if let Some(pos) = bytes.iter().position(|&b| b == 0) {
        return Err(Fatal(format!(
            "{shown}: binary file (NUL byte at offset {pos}); not a Dockerfile"
        )));
    }
    let mut input_findings = Vec::new();
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let t = String::from_utf8_lossy(e.as_bytes()).into_owned();
            let line = t[..at.min(t.len())].matches('\n').count() as u32 + 1;
            input_findings.push(ParseError::META.finding(
                format!("{shown}: not valid UTF-8 (first invalid byte at offset {at}); invalid bytes were read as U+FFFD"),
                Location { path: Some(shown.clone()), line: Some(line), ..Location::default() },
            ));
            t
        }
    };
    Ok(Source {
        shown,
        path,
        text,
        input_findings,
        config,
        dockerignore,
    })
}

fn lint_one(s: &Source, fixing: bool, unsafe_fixes: bool) -> Linted {
    let first = lint(&s.shown, &s.text, &s.config, s.dockerignore.as_deref());
    if !fixing {
        return Linted {
            findings: first.findings,
            pragmas: first.pragmas,
            fixed: None,
        };
    }
    // Fix, re-lint, repeat until nothing more applies (bounded).
    let mut text = s.text.clone();
    let mut current = first;
    let mut total = 0;
    for _ in 0..8 {
        let (new, n) = fix::apply(&text, &current.findings, unsafe_fixes);
        if n == 0 || new == text {
            break;
        }
        total += n;
        text = new;
        current = lint(&s.shown, &text, &s.config, s.dockerignore.as_deref());
    }
    Linted {
        findings: current.findings,
        pragmas: current.pragmas,
        fixed: (total > 0).then_some((text, total)),
    }
}

fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Finds each input's configuration (serially, cached per directory) and `.dockerignore` (one
/// directory listing per directory), then reads the files in parallel. A file that cannot be
/// read is an error line of its own; the others are returned.
fn read_sources(
    inputs: &[Input],
    args: &LintArgs,
    configs: &mut ConfigCache,
) -> Result<(Vec<Source>, Vec<String>), Fatal> {
    type InDir = Arc<HashMap<String, Arc<str>>>;
    let mut ignores: HashMap<PathBuf, InDir> = HashMap::new();
    // Inputs come directory by directory: the previous input's directory is usually this one's.
    let mut current: Option<(PathBuf, Arc<Config>, InDir)> = None;
    let mut planned = Vec::with_capacity(inputs.len());
    for input in inputs {
        let dir = input_dir(input);
        let (_, config, in_dir) = match current {
            Some(ref c) if c.0.as_os_str() == dir.as_os_str() => c,
            _ => {
                let config = configs.for_dir(&dir)?;
                let in_dir = ignores
                    .entry(dir.clone())
                    .or_insert_with(|| Arc::new(dockerignores_in(&dir)))
                    .clone();
                current.insert((dir, config, in_dir))
            }
        };
        let dockerignore = match input {
            Input::File(p) if !in_dir.is_empty() => p
                .file_name()
                .map(|n| format!("{}.dockerignore", n.to_string_lossy()))
                .and_then(|n| in_dir.get(&n).cloned())
                .or_else(|| in_dir.get(".dockerignore").cloned()),
            _ => None,
        };
        planned.push((input, config.clone(), dockerignore));
    }
    let read: Vec<Result<Source, Fatal>> = planned
        .par_iter()
        .map(|(input, config, ignore)| read_input(input, args, config.clone(), ignore.clone()))
        .collect();
    let mut errors = Vec::new();
    let mut sources = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok(s) => sources.push(s),
            Err(Fatal(m)) => errors.push(m),
        }
    }
    Ok((sources, errors))
}

/// `lint`'s pipeline for `audit`: the same discovery, configuration, reading, linting and
/// suppressions as [`run`], without fixing or rendering. Returns the findings (every severity;
/// the caller filters), the files' text, and one check per enabled rule and file for the
/// scorecard. A file that cannot be read is an error in the returned run, not the end of it.
pub(super) fn lint_for_audit(args: &LintArgs) -> Result<SourceRun, Fatal> {
    let inputs = discover(&args.paths, args.no_ignore)?;
    let (compose_inputs, inputs) = super::compose_lint::split(inputs, args.kind);
    let mut configs = ConfigCache::new(
        args.out.config.as_deref(),
        args.out.no_config,
        super::all_rules(),
    )?;
    let mut run = SourceRun::new("lint");
    let (sources, errors) = read_sources(&inputs, args, &mut configs)?;
    run.errors = errors;
    let today = time::OffsetDateTime::now_utc().date();
    let linted: Vec<Vec<Finding>> = sources
        .par_iter()
        .enumerate()
        .map(|(i, s)| {
            let r = lint_one(s, false, false);
            let mut raw = s.input_findings.clone();
            raw.extend(r.findings);
            let mut kept = suppress::apply(raw, &r.pragmas, &s.config, today);
            for f in &mut kept {
                f.target = i;
            }
            kept
        })
        .collect();
    for (i, (src, findings)) in sources.into_iter().zip(linted).enumerate() {
        run.targets.push(Target {
            kind: TargetKind::Dockerfile,
            path: Some(src.shown.clone()),
            name: None,
        });
        push_checks(&mut run, i, TargetKind::Dockerfile, &src.config);
        run.findings.extend(findings);
        run.texts.insert(src.shown, src.text);
    }
    // Compose files one by one: a broken one is an error of its own, the others still lint.
    for input in &compose_inputs {
        let before = run.targets.len();
        let linted = super::compose_lint::lint_inputs(
            std::slice::from_ref(input),
            &mut configs,
            &args.stdin_filename,
            (args.env_file.as_deref(), args.merge),
            None,
            Some(None),
            &mut run.targets,
            &mut run.findings,
            &mut run.texts,
        );
        match linted {
            Err(Fatal(m)) => {
                run.errors.push(m);
                continue;
            }
            // A project that failed to load is reported in `errors`, not as `Err`.
            Ok(c) if !c.errors.is_empty() => {
                run.errors.extend(c.errors);
                continue;
            }
            Ok(_) => {}
        }
        let config = configs.for_dir(&input_dir(input))?;
        for t in before..run.targets.len() {
            push_checks(&mut run, t, TargetKind::Compose, &config);
        }
    }
    Ok(run)
}

/// One check per lint rule of the target's kind (`DF` rules on Dockerfiles, `DC` rules on
/// Compose files) that its configuration enables and does not ignore.
fn push_checks(run: &mut SourceRun, target: usize, kind: TargetKind, config: &Config) {
    let prefix = match kind {
        TargetKind::Dockerfile => "DF",
        TargetKind::Compose => "DC",
        _ => return,
    };
    for m in super::all_rules() {
        if !m.code.starts_with(prefix) {
            continue;
        }
        let enabled = m.default_enabled || config.enables(m.code, m.aliases);
        let ignored = config.ignore.iter().any(|c| m.answers_to(&c.value));
        if enabled && !ignored {
            run.checks.push(CheckRun::new(m, target));
        }
    }
}
