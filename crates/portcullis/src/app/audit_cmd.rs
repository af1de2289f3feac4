//! `portcullis audit [PATH]`: every part that applies — Dockerfile and Compose lint, the images
//! the project names, their vulnerabilities, the CIS benchmark of the daemon — merged into one
//! report with a scorecard. A part that cannot run says what it skipped and why (a notice), it
//! does not fail the run.

use super::audit_bench::BENCH_PRACTICES;
use super::audit_image::{IMAGE_PRACTICES, ImageRun, Wanted};
use super::cli::{AuditArgs, AuditPart, LintArgs};
use super::load_config::ConfigCache;
use super::output::{emit_context, parse_format};
use super::{EXIT_CLEAN, EXIT_ERROR, EXIT_FINDINGS, Fatal, lint_cmd};
use crate::audit::baseline::Baseline;
use crate::audit::project::{self, ComposeProject, NamedImage};
use crate::report::{RenderContext, fingerprints};
use portcullis_core::config::Config;
use portcullis_core::scorecard::{Merged, SourceRun, score};
use portcullis_core::{
    BaselineSummary, Finding, Notice, Practice, Report, RuleMeta, Severity, TargetKind, suppress,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// `audit --help`: how the score is computed.
pub const SCORE_HELP: &str = "\
The scorecard: for every practice, the checks that ran, passed and failed, the findings by
severity, a score from 0 to 100 and the three things to fix first.

  A check is one rule (or CIS check) run on one target: each enabled lint rule on each
  Dockerfile or Compose file, each image check on each image, the vulnerability match of each
  package of each image (packages the database cannot check are counted in a PC027 finding
  instead), each benchmark check on the daemon, host or each container. It fails when it
  found at least one finding (after suppressions), else it passes.

  Weights: critical 16, high 8, medium 4, low 2, info 1. A passed check weighs by its rule's
  default severity; a failed check by the worst severity it found.

    score = round(100 × passed weight / (passed weight + failed weight))

  Findings no check accounts for (a parse error, an unused suppression) count as one failed
  check per rule and target. Checks that need a human (CIS items that cannot be automated)
  count apart, never as passed or failed. A practice where nothing ran is \"not assessed\",
  with the reason.
  build-hygiene is shown apart: it is about correctness, not security.

  Fix first: per practice, the rules with the highest severity, then the most occurrences.

With --baseline REPORT (an earlier `audit --format json`), only findings that report did not have
are listed and count for --fail-on; the scorecard still covers every finding. Findings match by
rule, path and the offending line's text (objects: object, JSON pointer and message), so moved
lines still match.";

/// Runs the audit.
pub fn run(args: AuditArgs) -> Result<u8, Fatal> {
    let format = parse_format(&args.out.format)?;
    let fail_on = match args.out.fail_on.as_deref() {
        None => Some(Severity::Low),
        Some("none") => None,
        Some(s) => Some(s.parse::<Severity>().map_err(Fatal)?),
    };
    let root = args.path.clone().unwrap_or_else(|| PathBuf::from("."));
    std::fs::metadata(&root).map_err(|e| {
        Fatal(format!(
            "{}: {}",
            root.display(),
            super::discover::io_reason(&e)
        ))
    })?;
    let baseline = match &args.baseline {
        Some(p) => Some(Baseline::load(p).map_err(Fatal)?),
        None => None,
    };
    let skip = |p: AuditPart| args.skip.contains(&p);

    let mut merged = Merged::default();
    let mut named: Vec<NamedImage> = Vec::new();

    // 1. Dockerfiles (and Compose files, when the linter reads them): lint's own pipeline.
    if skip(AuditPart::Lint) {
        merged.add(SourceRun::skipped(
            "lint",
            &[],
            "Dockerfile and Compose lint skipped (--skip lint)",
        ));
    } else {
        let run = lint_cmd::lint_for_audit(&lint_args(&args, &root)?)?;
        for t in &run.targets {
            if t.kind == TargetKind::Dockerfile
                && let Some(path) = &t.path
                && let Some(text) = run.texts.get(path)
                && let Some(n) = project::final_base_image(path, text)
            {
                named.push(n);
            }
        }
        if run.targets.is_empty() {
            merged.notices.push(Notice::new(
                "lint",
                format!("no Dockerfile found under {}", root.display()),
            ));
        }
        merged.add(run);
    }

    // 2. Compose files: the images their services run.
    let compose = compose_projects(&root, args.no_ignore, &mut merged);
    for p in &compose {
        named.extend(p.images());
    }
    merged.add(compose_part(&compose));

    // 3. Images, 4. vulnerabilities, 5. the benchmark.
    let mut suppress = Suppressor::new(&args, &root)?;
    let cx = Parts {
        named: &named,
        compose: &compose,
        extra_images: &args.images,
        skip: &args.skip,
    };
    image_parts(&cx, &args, &mut suppress, &mut merged)?;
    merged.add(bench_part(&cx, &mut suppress));

    finish(args, format, fail_on, baseline, merged)
}

/// What the later parts know about the project.
struct Parts<'a> {
    named: &'a [NamedImage],
    compose: &'a [ComposeProject],
    extra_images: &'a [String],
    skip: &'a [AuditPart],
}

impl Parts<'_> {
    fn skipped(&self, p: AuditPart) -> bool {
        self.skip.contains(&p)
    }

    /// The images to scan: `--image` first, then the ones the project names, de-duplicated,
    /// each with everything that names it.
    fn images(&self) -> Vec<Wanted> {
        let mut out: Vec<Wanted> = Vec::new();
        for i in self.extra_images {
            if !out.iter().any(|w| &w.reference == i) {
                out.push(Wanted {
                    reference: i.clone(),
                    from_arg: true,
                    named: Vec::new(),
                });
            }
        }
        for n in self.named {
            match out.iter_mut().find(|w| w.reference == n.reference) {
                Some(w) => {
                    if !w.named.contains(n) {
                        w.named.push(n.clone());
                    }
                }
                None => out.push(Wanted {
                    reference: n.reference.clone(),
                    from_arg: false,
                    named: vec![n.clone()],
                }),
            }
        }
        out
    }
}

/// `lint`'s arguments for the audit's path, built by clap so that new lint options keep their
/// defaults.
fn lint_args(args: &AuditArgs, root: &Path) -> Result<LintArgs, Fatal> {
    use clap::{Args, FromArgMatches};
    let mut argv: Vec<std::ffi::OsString> = vec!["lint".into()];
    if let Some(c) = &args.out.config {
        argv.push("--config".into());
        argv.push(c.into());
    }
    if args.out.no_config {
        argv.push("--no-config".into());
    }
    if args.no_ignore {
        argv.push("--no-ignore".into());
    }
    argv.push("--".into());
    argv.push(root.into());
    let cmd = LintArgs::augment_args(clap::Command::new("lint"));
    let m = cmd
        .try_get_matches_from(argv)
        .map_err(|e| Fatal(format!("internal: lint arguments: {e}")))?;
    LintArgs::from_arg_matches(&m).map_err(|e| Fatal(format!("internal: lint arguments: {e}")))
}

fn compose_projects(root: &Path, no_ignore: bool, merged: &mut Merged) -> Vec<ComposeProject> {
    let mut out = Vec::new();
    for f in project::compose_files(root, no_ignore) {
        match project::read_compose(&f) {
            Ok(p) => out.push(p),
            Err(why) => merged.notices.push(Notice::new(
                "compose",
                format!("{why}; its services' images are not known"),
            )),
        }
    }
    out
}

/// The practices Compose checks assess.
const COMPOSE_PRACTICES: &[Practice] = &[
    Practice::LeastPrivilege,
    Practice::Secrets,
    Practice::RuntimeHardening,
    Practice::Network,
    Practice::Updates,
    Practice::Monitoring,
];

/// Compose files are linted with the Dockerfiles (lint's pipeline); this part only says why
/// the practices Compose checks would assess were not, when the project has no Compose file.
fn compose_part(projects: &[ComposeProject]) -> SourceRun {
    let mut run = SourceRun::new("compose");
    if projects.is_empty() {
        run.not_assessed = COMPOSE_PRACTICES
            .iter()
            .map(|&p| (p, "no Compose file found".to_string()))
            .collect();
    }
    run
}

/// The image part and the vulnerability part: they share the images' targets.
fn image_parts(
    cx: &Parts,
    args: &AuditArgs,
    suppress: &mut Suppressor,
    merged: &mut Merged,
) -> Result<(), Fatal> {
    let skip_vulns = cx.skipped(AuditPart::Vulnerabilities)
        || cx.skipped(AuditPart::Image)
        || args.vuln.no_vulns;
    if cx.skipped(AuditPart::Image) {
        merged.add(SourceRun::skipped(
            "image",
            IMAGE_PRACTICES,
            "image scan skipped (--skip image)",
        ));
        merged.add(SourceRun::skipped(
            "vulnerabilities",
            &[Practice::ImageScanning],
            "vulnerability matching skipped (--skip image)",
        ));
        return Ok(());
    }
    let parts = super::audit_image::image_parts(
        cx.images(),
        &ImageRun {
            vuln: &args.vuln,
            skip_vulns,
            progress: !args.out.quiet && !args.out.no_progress,
            max_age_days: args.max_age_days,
        },
        suppress,
    )?;
    let base = merged.targets.len();
    merged.add(parts.image);
    // The vulnerability checks are on the image part's targets.
    merged
        .checks
        .extend(parts.vuln_checks.into_iter().map(|mut c| {
            c.target += base;
            ("vulnerabilities", c)
        }));
    merged.add(parts.vulns);
    Ok(())
}

fn bench_part(cx: &Parts, suppress: &mut Suppressor) -> SourceRun {
    if cx.skipped(AuditPart::Bench) {
        return SourceRun::skipped(
            "bench",
            BENCH_PRACTICES,
            "CIS benchmark skipped (--skip bench)",
        );
    }
    super::audit_bench::bench_part(cx.compose, suppress)
}

/// `a, b, c and 3 more`.
pub(super) fn list(items: &[String], max: usize) -> String {
    let shown: Vec<&str> = items.iter().take(max).map(String::as_str).collect();
    let mut s = shown.join(", ");
    if items.len() > max {
        s.push_str(&format!(" and {} more", items.len() - max));
    }
    s
}

/// Configuration (`.portcullis.toml` ignores, severity overrides, path ignores) for the parts
/// lint's pipeline does not cover: image, vulnerability and benchmark findings, with the same
/// `suppress::apply` as lint. A finding gets the configuration of the file that makes it part
/// of the project (the Compose file of its service, the Dockerfile), else the audited path's.
pub(super) struct Suppressor {
    configs: ConfigCache,
    root_dir: PathBuf,
    today: time::Date,
}

impl Suppressor {
    fn new(args: &AuditArgs, root: &Path) -> Result<Suppressor, Fatal> {
        let root_dir = if root.is_file() {
            root.parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .to_path_buf()
        } else {
            root.to_path_buf()
        };
        Ok(Suppressor {
            configs: ConfigCache::new(
                args.out.config.as_deref(),
                args.out.no_config,
                super::all_rules(),
            )?,
            root_dir,
            today: time::OffsetDateTime::now_utc().date(),
        })
    }

    /// The configuration of the directory of `file` (as shown in reports), else of the audited
    /// path.
    pub(super) fn config_for(&mut self, file: Option<&str>) -> Result<Arc<Config>, Fatal> {
        let dir = match file.map(Path::new).and_then(Path::parent) {
            Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
            Some(_) => PathBuf::from("."),
            None => self.root_dir.clone(),
        };
        self.configs.for_dir(&dir)
    }

    /// Severity overrides and ignores of `config`.
    pub(super) fn apply(&self, findings: Vec<Finding>, config: &Config) -> Vec<Finding> {
        suppress::apply(findings, &[], config, self.today)
    }

    /// Whether `config` leaves the rule's check running (enabled, not ignored), as lint
    /// counts its checks.
    pub(super) fn runs(config: &Config, m: &RuleMeta) -> bool {
        let enabled = m.default_enabled || config.enables(m.code, m.aliases);
        enabled && !config.ignore.iter().any(|c| m.answers_to(&c.value))
    }
}

/// Scorecard, baseline, filters, rendering, exit code.
fn finish(
    args: AuditArgs,
    format: crate::report::Format,
    fail_on: Option<Severity>,
    baseline: Option<Baseline>,
    merged: Merged,
) -> Result<u8, Fatal> {
    let Merged {
        targets,
        findings,
        checks,
        manual,
        mut notices,
        not_assessed,
        texts,
        errors,
    } = merged;
    let version = env!("CARGO_PKG_VERSION");
    let full = Report::new(version, targets, findings);
    let mut card = score(&full.findings, &checks, &manual, &not_assessed);
    let rules = super::all_rules();
    let fps = fingerprints(&RenderContext::new(&full, &rules, &texts));

    // Which findings to list: new ones under --baseline, at or above --severity.
    let mut keep: Vec<bool> = vec![true; full.findings.len()];
    if let (Some(b), Some(path)) = (&baseline, &args.baseline) {
        let c = b.compare(&full.findings, &fps);
        card.baseline = Some(BaselineSummary {
            path: path.display().to_string(),
            new: c.is_new.iter().filter(|n| **n).count(),
            known: c.known,
            fixed: c.fixed,
        });
        keep = c.is_new;
    }
    if let Some(min) = args.out.severity {
        for (k, f) in keep.iter_mut().zip(&full.findings) {
            *k = *k && f.severity >= min;
        }
    }
    let mut listed = Vec::new();
    let mut listed_fps = Vec::new();
    for ((f, fp), k) in full.findings.into_iter().zip(fps).zip(&keep) {
        if *k {
            listed.push(f);
            listed_fps.push(fp);
        }
    }
    notices.sort();
    notices.dedup();
    // Report::new keeps the order of already sorted findings, so fingerprints stay aligned.
    let mut report = Report::new(version, full.targets, listed);
    report.notices = notices;
    report.scorecard = Some(card);
    let failed = report
        .findings
        .iter()
        .any(|f| fail_on.is_some_and(|t| f.severity >= t));

    let mut cx = RenderContext::new(&report, &rules, &texts);
    cx.fingerprints = Some(&listed_fps);
    emit_context(&args.out, format, cx)?;
    if !args.out.quiet && args.out.output.is_some() {
        for n in &report.notices {
            eprintln!("portcullis: skipped: {}: {}", n.source, n.message);
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::audit::project::Origin;

    #[test]
    fn images_merge_what_names_them_after_the_image_arguments() {
        let base = NamedImage {
            reference: "base:1".into(),
            named_by: "Dockerfile:1 (base of the final stage)".into(),
            origin: Origin::Dockerfile {
                path: "Dockerfile".into(),
                line: 1,
            },
        };
        let cache = NamedImage {
            reference: "base:1".into(),
            named_by: "compose.yaml service `cache`".into(),
            origin: Origin::Service {
                file: "compose.yaml".into(),
                project: "p".into(),
                service: "cache".into(),
                built: false,
            },
        };
        let named = [base.clone(), cache.clone(), base.clone()];
        let extra = ["saved.tar".to_string(), "base:1".to_string()];
        let parts = Parts {
            named: &named,
            compose: &[],
            extra_images: &extra,
            skip: &[],
        };
        let images = parts.images();
        let refs: Vec<(&str, bool, usize)> = images
            .iter()
            .map(|w| (w.reference.as_str(), w.from_arg, w.named.len()))
            .collect();
        assert_eq!(refs, [("saved.tar", true, 0), ("base:1", true, 2)]);
        assert_eq!(images[1].named, [base, cache]);
    }
}
