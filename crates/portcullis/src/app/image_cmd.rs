//! `portcullis image`: read an image once (packages, OS, the reader's own findings), run the
//! image steps over it, report.
//!
//! Extending: a check of the image is an [`ImageStep`] added to [`steps`]. A step may watch the
//! walk through a [`Visitor`] (file contents, deleted files) and adds findings afterwards.

use super::cli::ImageArgs;
use super::load_config::ConfigCache;
use super::output::{emit, parse_format, write_stdout};
use super::{EXIT_CLEAN, EXIT_FINDINGS, Fatal};
use portcullis_core::{Finding, Report, Severity, Target, TargetKind, suppress};
use portcullis_image::{Image, ProgressEvent, ScanOptions, Source, Visitor, scan};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

/// One check of `portcullis image`.
pub trait ImageStep {
    /// A visitor that sees every layer entry during the walk, if the step needs one.
    fn visitor(&mut self) -> Option<&mut dyn Visitor> {
        None
    }
    /// Adds the step's findings once the image is read.
    fn finish(&mut self, image: &Image, out: &mut Vec<Finding>);
}

/// What the image steps need besides the image itself; `image` and `audit` both build it.
pub struct StepOptions {
    /// The reference the image was named by, for the latest-tag check (`None` for an id, an
    /// archive without `--tag`, or an image Compose built).
    pub reference: Option<String>,
    /// IMG011's limit.
    pub max_age_days: u32,
    /// The vulnerability step, when packages are matched.
    pub vulns: Option<super::vuln_step::VulnStep>,
}

/// The steps run on every image, in order: the IMG checks and secret scan, then the
/// vulnerability match. The image reader's own findings (PC010–PC015) and the inventory come
/// from the scan itself.
pub fn steps(o: StepOptions) -> Vec<Box<dyn ImageStep>> {
    let mut steps: Vec<Box<dyn ImageStep>> =
        vec![super::image_audit::step(o.reference, o.max_age_days)];
    if let Some(v) = o.vulns {
        steps.push(Box::new(v));
    }
    steps
}

/// Reads the image once, every step's visitor watching the walk.
pub fn read(
    source: &Source,
    opts: &ScanOptions<'_>,
    steps: &mut [Box<dyn ImageStep>],
) -> Result<Image, portcullis_image::ImageError> {
    let mut visitors: Vec<&mut dyn Visitor> =
        steps.iter_mut().filter_map(|s| s.visitor()).collect();
    scan(source, opts, &mut visitors)
}

/// The findings of a read image: the reader's own, then each step's (before suppressions).
pub fn check(image: &Image, steps: &mut [Box<dyn ImageStep>]) -> Vec<Finding> {
    let mut findings = image.findings.clone();
    for s in steps {
        s.finish(image, &mut findings);
    }
    findings
}

pub fn run(args: ImageArgs) -> Result<u8, Fatal> {
    let inventory = args.list_packages || args.out.format == "packages";
    let format = if inventory {
        None
    } else {
        Some(parse_format(&args.out.format)?)
    };
    let fail_override = match args.out.fail_on.as_deref() {
        None => None,
        Some("none") => Some(None),
        Some(s) => Some(Some(s.parse::<Severity>().map_err(Fatal)?)),
    };
    let source = Source::parse(&args.image).map_err(|e| Fatal(e.0))?;
    let mut configs = ConfigCache::new(
        args.out.config.as_deref(),
        args.out.no_config,
        super::all_rules(),
    )?;
    let config = configs.for_dir(Path::new("."))?;
    let vulns = if args.vuln.no_vulns {
        None
    } else {
        Some(super::vuln_step::VulnStep::new(&args.vuln)?)
    };
    let mut steps = steps(StepOptions {
        reference: super::image_audit::reference(args.tag.as_deref(), &args.image),
        max_age_days: args.max_age_days,
        vulns,
    });
    let progress = Progress::new(&args);
    let report_progress = |e: ProgressEvent| progress.event(e);
    let opts = ScanOptions {
        tag: args.tag.clone(),
        progress: Some(&report_progress),
        ..ScanOptions::default()
    };
    let image = read(&source, &opts, &mut steps);
    progress.finish();
    let image = image.map_err(|e| Fatal(e.0))?;
    if inventory {
        let json = args.out.format == "json";
        let text = if json {
            inventory_json(&image)
        } else {
            inventory_table(&image)
        };
        return match &args.out.output {
            Some(p) => std::fs::write(p, text).map(|_| EXIT_CLEAN).map_err(|e| {
                Fatal(format!(
                    "{}: {}",
                    p.display(),
                    super::discover::io_reason(&e)
                ))
            }),
            None => write_stdout(text.as_bytes()).map(|_| EXIT_CLEAN),
        };
    }
    let findings = check(&image, &mut steps);
    let today = time::OffsetDateTime::now_utc().date();
    let mut findings = suppress::apply(findings, &[], &config, today);
    findings.retain(|f| args.out.severity.is_none_or(|min| f.severity >= min));
    for f in &mut findings {
        f.target = 0;
    }
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    let fail_on = fail_override.unwrap_or(config.fail_on);
    let failed = findings
        .iter()
        .any(|f| fail_on.is_some_and(|t| f.severity >= t));
    let targets = vec![Target {
        kind: TargetKind::Image,
        path: match &source {
            Source::Daemon(_) => None,
            _ => Some(source.display()),
        },
        name: Some(image.name.clone()),
    }];
    let report = Report::new(env!("CARGO_PKG_VERSION"), targets, findings);
    let rules = super::all_rules();
    let format = format.unwrap_or(crate::report::Format::Human);
    emit(&args.out, format, &report, &rules, &BTreeMap::new())?;
    if !args.out.quiet && format == crate::report::Format::Human && args.out.output.is_none() {
        eprintln!(
            "portcullis: {} — {}, {} layer(s), {} packages",
            image.name,
            image
                .distro
                .as_ref()
                .and_then(|d| d
                    .pretty_name
                    .clone()
                    .or(Some(format!("{} {}", d.id, d.version_id))))
                .unwrap_or_else(|| "unknown OS".into()),
            image.layers.len(),
            image.packages.len()
        );
    }
    Ok(if failed { EXIT_FINDINGS } else { EXIT_CLEAN })
}

/// The inventory as JSON: image, distro, layers, packages (the `Package` model of core).
fn inventory_json(image: &Image) -> String {
    let v = serde_json::json!({
        "schema_version": 1,
        "image": image.name,
        "id": image.id,
        "distro": image.distro,
        "layers": image.layers,
        "packages": image.packages,
        "findings": image.findings,
    });
    let mut s = serde_json::to_string_pretty(&v).unwrap_or_default();
    s.push('\n');
    s
}

fn inventory_table(image: &Image) -> String {
    let rows: Vec<[String; 5]> = image
        .packages
        .iter()
        .map(|p| {
            let src = match (&p.source_name, &p.source_version) {
                (Some(n), Some(v)) => format!("{n} {v}"),
                (Some(n), None) => n.clone(),
                (None, Some(v)) => format!("{} {v}", p.name),
                (None, None) => String::new(),
            };
            [
                p.kind.as_str().to_string(),
                p.name.clone(),
                p.version.clone(),
                src,
                p.layer_index.map(|l| l.to_string()).unwrap_or("-".into()),
            ]
        })
        .collect();
    let head = ["KIND", "NAME", "VERSION", "SOURCE", "LAYER"];
    let mut w = head.map(str::len);
    for r in &rows {
        for (i, c) in r.iter().enumerate() {
            w[i] = w[i].max(c.chars().count());
        }
    }
    let mut s = String::new();
    let line = |s: &mut String, r: &[&str]| {
        for (i, c) in r.iter().enumerate() {
            if i + 1 == r.len() {
                s.push_str(c);
            } else {
                s.push_str(&format!("{c:<width$}  ", width = w[i]));
            }
        }
        s.push('\n');
    };
    line(&mut s, &head);
    for r in &rows {
        line(&mut s, &r.iter().map(String::as_str).collect::<Vec<_>>());
    }
    s
}

/// A progress bar per layer on a terminal; hidden otherwise.
struct Progress {
    bar: RefCell<Option<indicatif::ProgressBar>>,
    enabled: bool,
}

impl Progress {
    fn new(args: &ImageArgs) -> Progress {
        Progress {
            bar: RefCell::new(None),
            enabled: !args.out.quiet && !args.out.no_progress && std::io::stderr().is_terminal(),
        }
    }

    fn event(&self, e: ProgressEvent) {
        if !self.enabled {
            return;
        }
        let mut bar = self.bar.borrow_mut();
        match e {
            ProgressEvent::Layer {
                ordinal,
                source,
                total,
            } => {
                if let Some(b) = bar.take() {
                    b.finish_and_clear();
                }
                let b = indicatif::ProgressBar::new(total.unwrap_or(0));
                if let Ok(style) = indicatif::ProgressStyle::with_template(
                    "{spinner} layer {prefix} {bar:30} {bytes}/{total_bytes} {msg}",
                ) {
                    b.set_style(style);
                }
                b.set_prefix((ordinal + 1).to_string());
                let short: String = source.chars().take(24).collect();
                b.set_message(short);
                *bar = Some(b);
            }
            ProgressEvent::Bytes { done, .. } => {
                if let Some(b) = bar.as_ref() {
                    b.set_position(done);
                }
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = self.bar.borrow_mut().take() {
            b.finish_and_clear();
        }
    }
}
