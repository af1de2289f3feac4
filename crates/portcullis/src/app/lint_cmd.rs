//! `portcullis lint`: discover, read, lint in parallel, fix, suppress, report.

use super::cli::LintArgs;
use super::discover::{Input, discover, io_reason};
use super::load_config::ConfigCache;
use super::output::{emit, parse_format, write_stdout};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Fatal};
use portcullis_core::config::Config;
use portcullis_core::suppress::{self, Pragma};
use portcullis_core::tool_rules::ParseError;
use portcullis_core::{Finding, Location, Report, Severity, Target, TargetKind};
use portcullis_lint::dockerfile::{fix, lint::lint};
use rayon::prelude::*;
use std::collections::BTreeMap;
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
    dockerignore: Option<String>,
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
    let inputs = discover(&args.paths, args.no_ignore)?;
    let mut configs = ConfigCache::new(
        args.out.config.as_deref(),
        args.out.no_config,
        super::all_rules(),
    )?;
    // Configs are found sequentially (cached per directory); files are read in parallel.
    let mut planned = Vec::with_capacity(inputs.len());
    for input in &inputs {
        planned.push((input, configs.for_dir(&input_dir(input))?));
    }
    let read: Vec<Result<Source, Fatal>> = planned
        .par_iter()
        .map(|(input, config)| read_input(input, &args, config.clone()))
        .collect();
    let mut errors = Vec::new();
    let mut sources = Vec::new();
    for r in read {
        match r {
            Ok(s) => sources.push(s),
            Err(Fatal(m)) => errors.push(m),
        }
    }
    let progress = progress_bar(&args, sources.len());
    let fixing = args.fix || args.diff;
    let results: Vec<Linted> = sources
        .par_iter()
        .map(|s| {
            let r = lint_one(s, fixing, args.unsafe_fixes);
            progress.inc(1);
            r
        })
        .collect();
    progress.finish_and_clear();

    let today = time::OffsetDateTime::now_utc().date();
    let mut targets = Vec::new();
    let mut findings = Vec::new();
    let mut texts = BTreeMap::new();
    let mut failed = false;
    let mut fixed_files = 0;
    let mut fixed_findings = 0;
    let mut diff_out = String::new();
    for (i, (src, res)) in sources.iter().zip(results).enumerate() {
        targets.push(Target {
            kind: TargetKind::Dockerfile,
            path: Some(src.shown.clone()),
            name: None,
        });
        let mut raw = src.input_findings.clone();
        raw.extend(res.findings);
        let mut kept = suppress::apply(raw, &res.pragmas, &src.config, today);
        let fail_on = fail_override.unwrap_or(src.config.fail_on);
        kept.retain(|f| args.out.severity.is_none_or(|min| f.severity >= min));
        for f in &mut kept {
            f.target = i;
            if fail_on.is_some_and(|t| f.severity >= t) {
                failed = true;
            }
        }
        findings.extend(kept);
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
                if args.diff {
                    src.text.clone()
                } else {
                    new.clone()
                }
            }
            None => src.text.clone(),
        };
        texts.insert(src.shown.clone(), shown_text);
    }
    if args.diff {
        write_stdout(diff_out.as_bytes())?;
    }
    let report = Report::new(env!("CARGO_PKG_VERSION"), targets, findings);
    let rules = super::all_rules();
    // With --fix on stdin the fixed text went to stdout; the report goes to stderr then.
    let stdin_fixed = args.fix && sources.iter().any(|s| s.path.is_none());
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

fn read_input(input: &Input, args: &LintArgs, config: Arc<Config>) -> Result<Source, Fatal> {
    let (shown, path, bytes, dir) = match input {
        Input::Stdin => {
            let mut b = Vec::new();
            std::io::stdin()
                .take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut b)
                .map_err(|e| Fatal(format!("standard input: {}", io_reason(&e))))?;
            (args.stdin_filename.clone(), None, b, PathBuf::from("."))
        }
        Input::File(p) => {
            let shown = p.to_string_lossy().replace('\\', "/");
            let f =
                std::fs::File::open(p).map_err(|e| Fatal(format!("{shown}: {}", io_reason(&e))))?;
            let mut b = Vec::new();
            f.take(MAX_FILE_BYTES + 1)
                .read_to_end(&mut b)
                .map_err(|e| Fatal(format!("{shown}: {}", io_reason(&e))))?;
            let dir = p
                .parent()
                .map(Path::to_path_buf)
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or_else(|| PathBuf::from("."));
            (shown, Some(p.clone()), b, dir)
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
    let dockerignore = path.as_ref().and_then(|p| {
        let specific = PathBuf::from(format!("{}.dockerignore", p.display()));
        std::fs::read_to_string(&specific)
            .ok()
            .or_else(|| std::fs::read_to_string(dir.join(".dockerignore")).ok())
    });
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
