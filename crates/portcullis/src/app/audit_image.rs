//! `audit`'s image and vulnerability parts: every image the project names (the base of each
//! Dockerfile's final stage, each Compose service's image) that the local daemon holds, and
//! every `--image`, read once each through `portcullis image`'s own steps (IMG checks, secret
//! scan, vulnerability match). Findings are attributed to what named the image: the Compose
//! service (and file), or the Dockerfile.

use super::Fatal;
use super::audit_cmd::{Suppressor, list};
use super::cli::VulnArgs;
use super::image_cmd::{self, StepOptions};
use super::vuln_step::VulnStep;
use crate::audit::project::{NamedImage, Origin};
use portcullis_core::scorecard::{CheckRun, SourceRun};
use portcullis_core::{Finding, Notice, Practice, Target, TargetKind};
use portcullis_image::{Image, ScanOptions, Source};
use portcullis_vuln::rules::{VulnDbStale, VulnerablePackage};
use portcullis_vuln::{Db, DbError};
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::IsTerminal;
use std::sync::Arc;

/// The practices image checks assess.
pub(super) const IMAGE_PRACTICES: &[Practice] = &[
    Practice::MinimalImage,
    Practice::LeastPrivilege,
    Practice::Secrets,
    Practice::Updates,
];

/// Images read at the same time, whatever the number of cores: each holds its file tree and
/// inventory while it is read.
const MAX_PARALLEL: usize = 4;

/// One image to read and why.
pub(super) struct Wanted {
    /// As named: an `--image` argument or the reference a project file names.
    pub reference: String,
    /// Given with `--image` (an archive, directory or daemon image).
    pub from_arg: bool,
    /// What in the project names it (none for an `--image` the project does not name).
    pub named: Vec<NamedImage>,
}

/// What the image and vulnerability parts produced.
pub(super) struct ImageParts {
    /// Image targets, IMG, PC and VULN findings, IMG checks.
    pub image: SourceRun,
    /// One check per package matched, on the targets of `image`.
    pub vuln_checks: Vec<CheckRun>,
    /// The vulnerability part's notices and practices not assessed (no targets).
    pub vulns: SourceRun,
}

/// Options of the image parts.
pub(super) struct ImageRun<'a> {
    pub vuln: &'a VulnArgs,
    /// `--skip vulnerabilities` (or `--no-vulns`).
    pub skip_vulns: bool,
    pub progress: bool,
    /// Images created more than this many days ago are reported (IMG011).
    pub max_age_days: u32,
}

/// One image read and checked.
struct Scanned {
    target: Target,
    findings: Vec<Finding>,
    /// Names of the packages the vulnerability match checked.
    checked: BTreeSet<String>,
}

/// Runs the image part over `wanted`, and the vulnerability match when a database exists.
pub(super) fn image_parts(
    wanted: Vec<Wanted>,
    o: &ImageRun<'_>,
    suppress: &mut Suppressor,
) -> Result<ImageParts, Fatal> {
    let mut image = SourceRun::new("image");
    let mut vulns = SourceRun::new("vulnerabilities");

    // Where each image comes from; the daemon's ones must be there.
    let mut sources: Vec<(Source, &Wanted)> = Vec::new();
    let mut daemon: Vec<&Wanted> = Vec::new();
    for w in &wanted {
        let source = if w.from_arg {
            Source::parse(&w.reference).map_err(|e| Fatal(format!("--image {}", e.0)))?
        } else {
            Source::Daemon(w.reference.clone())
        };
        match source {
            Source::Daemon(_) => daemon.push(w),
            s => sources.push((s, w)),
        }
    }
    if !daemon.is_empty() {
        let names: Vec<String> = daemon
            .iter()
            .map(|w| {
                w.reference
                    .strip_prefix("docker:")
                    .unwrap_or(&w.reference)
                    .to_string()
            })
            .collect();
        match portcullis_image::daemon_has_images(&names) {
            Err(e) => image.notices.push(Notice::new(
                "image",
                format!(
                    "no daemon reachable ({e}); images not scanned: {}; pass --image ARCHIVE to scan a saved image",
                    list(&missing_images(&daemon, &vec![false; daemon.len()]), 6)
                ),
            )),
            Ok(present) => {
                let missing = missing_images(&daemon, &present);
                for ((w, name), here) in daemon.iter().zip(&names).zip(&present) {
                    if *here {
                        sources.push((Source::Daemon(name.clone()), w));
                    }
                }
                if !missing.is_empty() {
                    image.notices.push(Notice::new(
                        "image",
                        format!(
                            "not in the local daemon: {}; build or pull them, or pass --image ARCHIVE",
                            list(&missing, 8)
                        ),
                    ));
                }
            }
        }
    }

    // The database, opened once for every image.
    let vuln_step = if o.skip_vulns {
        vulns = SourceRun::skipped(
            "vulnerabilities",
            &[Practice::ImageScanning],
            "vulnerability matching skipped (--skip vulnerabilities or --no-vulns)",
        );
        None
    } else {
        let step = VulnStep::new(o.vuln)?;
        match Db::open_in(step.cache_dir()) {
            Ok(db) => Some((step, Arc::new(db))),
            Err(e) => {
                let why = match e {
                    DbError::Missing(p) => format!(
                        "no vulnerability database at {}: get one with `portcullis db update`, or \
                         `portcullis db import PATH` with OSV zips on an air-gapped host; image \
                         packages were not matched",
                        p.display()
                    ),
                    e => format!("image packages not matched: {e}"),
                };
                vulns = SourceRun::skipped("vulnerabilities", &[Practice::ImageScanning], &why);
                None
            }
        }
    };

    if sources.is_empty() {
        let why = if wanted.is_empty() {
            "no image named by the project or --image"
        } else {
            "no image the project names could be read (see the image notice)"
        };
        image.not_assessed = IMAGE_PRACTICES
            .iter()
            .map(|&p| (p, why.to_string()))
            .collect();
        if vuln_step.is_some() {
            vulns
                .not_assessed
                .push((Practice::ImageScanning, why.to_string()));
        }
        return Ok(ImageParts {
            image,
            vuln_checks: Vec::new(),
            vulns,
        });
    }

    // Read and check the images in parallel, at most MAX_PARALLEL at a time: each scan streams
    // its layers, so memory is bounded by the images in flight.
    let bar = (o.progress && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(sources.len() as u64);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{spinner} images {pos}/{len} {msg}")
        {
            b.set_style(style);
        }
        b
    });
    let scan_all = || -> Vec<Result<Scanned, String>> {
        sources
            .par_iter()
            .map(|(source, w)| {
                if let Some(b) = &bar {
                    b.set_message(w.reference.clone());
                }
                let r = scan_one(source, w, vuln_step.as_ref(), o.max_age_days);
                if let Some(b) = &bar {
                    b.inc(1);
                }
                r
            })
            .collect()
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(MAX_PARALLEL);
    let results = match rayon::ThreadPoolBuilder::new().num_threads(threads).build() {
        Ok(pool) => pool.install(scan_all),
        // No thread for a pool: one image after the other.
        Err(_) => sources
            .iter()
            .map(|(source, w)| scan_one(source, w, vuln_step.as_ref(), o.max_age_days))
            .collect(),
    };
    if let Some(b) = bar {
        b.finish_and_clear();
    }

    let mut vuln_checks = Vec::new();
    let mut stale_reported = false;
    for ((_, w), r) in sources.iter().zip(results) {
        let mut s = match r {
            Ok(s) => s,
            Err(e) if w.from_arg => {
                image.errors.push(format!("--image {e}"));
                continue;
            }
            Err(e) => {
                image
                    .notices
                    .push(Notice::new("image", format!("{e}; not scanned")));
                continue;
            }
        };
        // A stale database is one finding, not one per image.
        s.findings.retain(|f| {
            let stale = f.rule == VulnDbStale::META.code;
            let keep = !(stale && stale_reported);
            stale_reported |= stale;
            keep
        });
        let t = image.targets.len();
        image.targets.push(s.target);
        let config = suppress.config_for(w.named.first().map(|n| n.origin.file()))?;
        let mut findings = suppress.apply(s.findings, &config);
        for f in &mut findings {
            f.target = t;
            attribute(f, &w.named);
        }
        image.findings.extend(findings);
        for m in portcullis_imgaudit::IMAGE_AUDIT_RULES {
            if m.code.starts_with("IMG") && Suppressor::runs(&config, m) {
                image.checks.push(CheckRun::new(m, t));
            }
        }
        if vuln_step.is_some() && Suppressor::runs(&config, &VulnerablePackage::META) {
            vuln_checks.extend(
                s.checked
                    .into_iter()
                    .map(|p| CheckRun::on(&VulnerablePackage::META, t, p)),
            );
        }
    }
    if image.targets.is_empty() {
        image.not_assessed = IMAGE_PRACTICES
            .iter()
            .map(|&p| {
                (
                    p,
                    "no image could be read (see the image notices)".to_string(),
                )
            })
            .collect();
    }
    if vuln_step.is_some() && vuln_checks.is_empty() {
        vulns.not_assessed.push((
            Practice::ImageScanning,
            "no package of the scanned images could be matched".to_string(),
        ));
    }
    Ok(ImageParts {
        image,
        vuln_checks,
        vulns,
    })
}

/// The daemon images not present. A service that builds its image is looked up under the
/// names Compose v1 and v2 give it: when one is there, the other is not missing; when none
/// is, they are one entry (`shop_web/shop-web`).
fn missing_images(daemon: &[&Wanted], present: &[bool]) -> Vec<String> {
    let built_present: BTreeSet<(&str, &str)> = daemon
        .iter()
        .zip(present)
        .filter(|(_, p)| **p)
        .flat_map(|(w, _)| w.named.iter().filter_map(built_service))
        .collect();
    let mut missing: Vec<String> = Vec::new();
    let mut entry_of: Vec<((&str, &str), usize)> = Vec::new();
    for (w, here) in daemon.iter().zip(present) {
        if *here {
            continue;
        }
        let built: Vec<(&str, &str)> = w.named.iter().filter_map(built_service).collect();
        if !built.is_empty() && built.iter().all(|b| built_present.contains(b)) {
            continue;
        }
        match built
            .first()
            .and_then(|b| entry_of.iter().find(|(k, _)| k == b))
        {
            Some(&(_, i)) => {
                missing[i].push('/');
                missing[i].push_str(&w.reference);
            }
            None => {
                if let Some(&b) = built.first() {
                    entry_of.push((b, missing.len()));
                }
                missing.push(w.reference.clone());
            }
        }
    }
    missing
}

/// (Compose file, service) of an image Compose builds.
fn built_service(n: &NamedImage) -> Option<(&str, &str)> {
    match &n.origin {
        Origin::Service {
            file,
            service,
            built: true,
            ..
        } => Some((file.as_str(), service.as_str())),
        _ => None,
    }
}

/// Reads one image with `portcullis image`'s steps.
fn scan_one(
    source: &Source,
    w: &Wanted,
    vulns: Option<&(VulnStep, Arc<Db>)>,
    max_age_days: u32,
) -> Result<Scanned, String> {
    // The latest-tag check looks at the reference the user chose: not at the name Compose
    // gives an image it builds.
    let built = !w.named.is_empty() && w.named.iter().all(|n| built_service(n).is_some());
    let reference = match source {
        Source::Daemon(name) if !built => super::image_audit::daemon_reference(name),
        _ => None,
    };
    let mut steps = image_cmd::steps(StepOptions {
        reference,
        max_age_days,
        vulns: vulns.map(|(s, db)| s.clone().with_db(db.clone())),
    });
    let image: Image =
        image_cmd::read(source, &ScanOptions::default(), &mut steps).map_err(|e| e.0)?;
    let findings = image_cmd::check(&image, &mut steps);
    let mut checked = BTreeSet::new();
    if let Some((_, db)) = vulns {
        let counts = &db.metadata().counts;
        for p in &image.packages {
            if portcullis_vuln::scan::query_checked(image.distro.as_ref(), p, counts).is_ok() {
                checked.insert(p.name.clone());
            }
        }
    }
    Ok(Scanned {
        target: Target {
            kind: TargetKind::Image,
            path: match source {
                Source::Daemon(_) => None,
                s => Some(s.display()),
            },
            name: Some(image.name.clone()),
        },
        findings,
        checked,
    })
}

/// Names what runs or builds on the image in the finding's detail: `compose` (the first
/// Compose service, as bench findings carry it) and `named_by` (everything that names it).
fn attribute(f: &mut Finding, named: &[NamedImage]) {
    if named.is_empty() {
        return;
    }
    let mut add = serde_json::Map::new();
    if let Some(Origin::Service {
        file,
        project,
        service,
        ..
    }) = named
        .iter()
        .map(|n| &n.origin)
        .find(|o| matches!(o, Origin::Service { .. }))
    {
        add.insert(
            "compose".into(),
            serde_json::json!({ "project": project, "service": service, "file": file }),
        );
    }
    if let Some(Origin::Dockerfile { path, line }) = named
        .iter()
        .map(|n| &n.origin)
        .find(|o| matches!(o, Origin::Dockerfile { .. }))
    {
        add.insert(
            "dockerfile".into(),
            serde_json::json!({ "path": path, "line": line }),
        );
    }
    let by: Vec<&str> = named.iter().map(|n| n.named_by.as_str()).collect();
    add.insert("named_by".into(), serde_json::json!(by));
    match f.detail.as_mut() {
        Some(serde_json::Value::Object(d)) => d.extend(add),
        Some(_) => {}
        None => f.detail = Some(serde_json::Value::Object(add)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn named(reference: &str, origin: Origin) -> NamedImage {
        NamedImage {
            reference: reference.into(),
            named_by: origin.file().to_string(),
            origin,
        }
    }

    fn built(reference: &str, service: &str) -> Wanted {
        Wanted {
            reference: reference.into(),
            from_arg: false,
            named: vec![named(
                reference,
                Origin::Service {
                    file: "shop/compose.yaml".into(),
                    project: "shop".into(),
                    service: service.into(),
                    built: true,
                },
            )],
        }
    }

    #[test]
    fn the_other_compose_name_of_a_built_image_is_not_missing() {
        let pulled = Wanted {
            reference: "redis:7".into(),
            from_arg: false,
            named: Vec::new(),
        };
        let (v1, v2, w1, w2) = (
            built("shop_api", "api"),
            built("shop-api", "api"),
            built("shop_web", "web"),
            built("shop-web", "web"),
        );
        let daemon = [&v1, &v2, &w1, &w2, &pulled];
        // api built (v1 name), web never built, redis not pulled.
        let missing = missing_images(&daemon, &[true, false, false, false, false]);
        assert_eq!(missing, ["shop_web/shop-web", "redis:7"]);
    }

    #[test]
    fn findings_name_the_service_and_the_dockerfile() {
        let by = [
            named(
                "base:1",
                Origin::Dockerfile {
                    path: "app/Dockerfile".into(),
                    line: 3,
                },
            ),
            named(
                "base:1",
                Origin::Service {
                    file: "compose.yaml".into(),
                    project: "p".into(),
                    service: "cache".into(),
                    built: false,
                },
            ),
        ];
        let mut f = VulnerablePackage::META.finding("m", Default::default());
        f.detail = Some(serde_json::json!({ "vulnerability": { "id": "CVE-1" } }));
        attribute(&mut f, &by);
        let d = f.detail.unwrap();
        assert_eq!(d["vulnerability"]["id"], "CVE-1");
        assert_eq!(d["compose"]["service"], "cache");
        assert_eq!(d["compose"]["file"], "compose.yaml");
        assert_eq!(d["dockerfile"]["path"], "app/Dockerfile");
        assert_eq!(d["dockerfile"]["line"], 3);
        assert_eq!(d["named_by"].as_array().unwrap().len(), 2);
        // An `--image` nothing in the project names: no detail added.
        let mut g = VulnerablePackage::META.finding("m", Default::default());
        attribute(&mut g, &[]);
        assert!(g.detail.is_none());
    }
}
