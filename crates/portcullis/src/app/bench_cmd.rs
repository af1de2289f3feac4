//! `portcullis bench`: the CIS Docker Benchmark against the daemon, its host and containers.
//!
//! An unreachable daemon is a usage/input error: one line, exit 2. Host checks that cannot
//! apply (remote or rootless daemon) are `skipped` check results with the reason; skipped
//! checks are not findings, they appear in the per-section counts and the docker-bench format.

use super::cli::BenchArgs;
use super::load_config::ConfigCache;
use super::output::{parse_format, use_color, write_stdout};
use super::{EXIT_CLEAN, EXIT_FINDINGS, Fatal};
use crate::report::{Format, RenderContext};
use portcullis_core::suppress;
use portcullis_core::{Report, Severity, Target, TargetKind};
use portcullis_host::cis::{self, SECTIONS};
use portcullis_host::{BenchOptions, BenchRun, SnapshotOptions};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

pub fn run(args: BenchArgs) -> Result<u8, Fatal> {
    let docker_bench = args.out.format == "docker-bench";
    let format = if docker_bench {
        Format::Json
    } else {
        parse_format(&args.out.format)?
    };
    let fail_override = match args.out.fail_on.as_deref() {
        None => None,
        Some("none") => Some(None),
        Some(s) => Some(Some(s.parse::<Severity>().map_err(Fatal)?)),
    };
    let exclude = args
        .exclude_containers
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| Fatal(format!("--exclude-containers: invalid pattern: {e}")))?;
    let include = args
        .include_containers
        .as_deref()
        .map(regex::Regex::new)
        .transpose()
        .map_err(|e| Fatal(format!("--include-containers: invalid pattern: {e}")))?;
    let checks: Vec<String> = args
        .checks
        .iter()
        .flat_map(|c| c.split(','))
        .map(|c| c.trim().to_string())
        .filter(|c| !c.is_empty())
        .collect();
    let all = cis::all_checks();
    for c in &checks {
        if !all.iter().any(|k| k.selected_by(c)) {
            return Err(Fatal(format!(
                "--checks: `{c}` names no CIS check (expected ids such as 5.4, 2.2 or a section such as 1.1)"
            )));
        }
    }
    let rules = super::all_rules();
    let mut configs = ConfigCache::new(
        args.out.config.as_deref(),
        args.out.no_config,
        rules.clone(),
    )?;
    let config = configs.for_dir(Path::new("."))?;

    let spinner = spinner(&args);
    let opts = BenchOptions {
        host: args.host.clone(),
        snapshot: SnapshotOptions {
            running_only: args.running_only,
            exclude,
            include,
        },
        checks,
    };
    let run = portcullis_host::bench(&opts).map_err(Fatal);
    spinner.finish_and_clear();
    let run = run?;
    let mut phase = portcullis_host::Phases::start();

    if docker_bench {
        let v = portcullis_host::dockerbench::render(&run);
        let mut text = serde_json::to_string_pretty(&v)
            .map_err(|e| Fatal(format!("rendering the report: {e}")))?;
        text.push('\n');
        write_out(&args.out.output, text.as_bytes())?;
    }

    // The summary and the target need the run; then it is consumed into the findings (its
    // snapshot freed, its results moved), so a large run never holds all three at once.
    let summary = (!docker_bench && format == Format::Human).then(|| section_summary(&run));
    let daemon = run.endpoint.host.clone();
    let today = time::OffsetDateTime::now_utc().date();
    let mut findings = suppress::apply(run.into_findings(), &[], &config, today);
    findings.retain(|f| args.out.severity.is_none_or(|min| f.severity >= min));
    phase.mark("findings");
    let fail_on = fail_override.unwrap_or(config.fail_on);
    let failed = findings
        .iter()
        .any(|f| fail_on.is_some_and(|t| f.severity >= t));
    if !docker_bench {
        let targets = vec![Target {
            kind: TargetKind::Daemon,
            path: None,
            name: Some(daemon),
        }];
        let report = Report::new(env!("CARGO_PKG_VERSION"), targets, findings);
        let sources = BTreeMap::new();
        let mut cx = RenderContext::new(&report, &rules, &sources);
        cx.color = format == Format::Human && use_color(&args.out);
        // Straight into a buffered writer: the report for 1000 containers is ~9 MB, and
        // holding it whole next to the findings doubled the peak memory.
        stream_out(&args.out.output, |w| {
            format.reporter().render(&cx, w)?;
            if let Some(s) = &summary {
                w.write_all(s.as_bytes())?;
            }
            Ok(())
        })?;
        phase.mark("write");
    }
    Ok(if failed { EXIT_FINDINGS } else { EXIT_CLEAN })
}

/// Writes through `f` into `path` (or standard output), buffered; write errors name the file.
fn stream_out(
    path: &Option<std::path::PathBuf>,
    f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> Result<(), Fatal> {
    use std::io::Write;
    match path {
        Some(p) => {
            let file = std::fs::File::create(p).map_err(|e| {
                Fatal(format!(
                    "{}: {}",
                    p.display(),
                    super::discover::io_reason(&e)
                ))
            })?;
            let mut w = std::io::BufWriter::with_capacity(256 * 1024, file);
            f(&mut w).and_then(|_| w.flush()).map_err(|e| {
                Fatal(format!(
                    "{}: {}",
                    p.display(),
                    super::discover::io_reason(&e)
                ))
            })
        }
        None => {
            let mut w = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
            match f(&mut w).and_then(|_| w.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(Fatal(String::new())),
                Err(e) => Err(Fatal(format!("standard output: {e}"))),
            }
        }
    }
}

fn write_out(path: &Option<std::path::PathBuf>, bytes: &[u8]) -> Result<(), Fatal> {
    match path {
        Some(p) => std::fs::write(p, bytes).map_err(|e| {
            Fatal(format!(
                "{}: {}",
                p.display(),
                super::discover::io_reason(&e)
            ))
        }),
        None => write_stdout(bytes),
    }
}

/// The per-section table and score that `human` adds after the findings.
pub fn section_summary(run: &BenchRun) -> String {
    let (per, total) = cis::counts(&run.results);
    let mut s = String::new();
    s.push_str(&format!(
        "\nCIS Docker Benchmark v1.6.0 — {} ({} containers, Docker {}, API {})\n",
        run.endpoint.host,
        run.snapshot.containers.len(),
        run.snapshot
            .version
            .get("Version")
            .and_then(|v| v.as_str())
            .unwrap_or("?"),
        run.snapshot.api_version
    ));
    s.push_str(
        "  section                                 pass  fail  warn  info  skipped  score\n",
    );
    for (sec, c) in &per {
        let title = SECTIONS
            .iter()
            .find(|(n, _)| n == sec)
            .map(|(_, t)| *t)
            .unwrap_or("");
        s.push_str(&format!(
            "  {sec} {title:<37} {:>4}  {:>4}  {:>4}  {:>4}  {:>7}  {:>5}\n",
            c.pass,
            c.fail,
            c.warn,
            c.info,
            c.skipped,
            c.score()
                .map(|p| format!("{p}%"))
                .unwrap_or_else(|| "-".into())
        ));
    }
    s.push_str(&format!(
        "  total {:<35} {:>4}  {:>4}  {:>4}  {:>4}  {:>7}  {:>5}\n",
        format!("({} checks)", run.results.len()),
        total.pass,
        total.fail,
        total.warn,
        total.info,
        total.skipped,
        total
            .score()
            .map(|p| format!("{p}%"))
            .unwrap_or_else(|| "-".into())
    ));
    if let Some(why) = &run.host.unavailable {
        s.push_str(&format!("  host checks skipped: {why}\n"));
    }
    s
}

fn spinner(args: &BenchArgs) -> indicatif::ProgressBar {
    if args.out.quiet || args.out.no_progress || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let pb = indicatif::ProgressBar::new_spinner();
    pb.set_message("auditing the Docker daemon");
    pb.enable_steady_tick(std::time::Duration::from_millis(100));
    pb
}
