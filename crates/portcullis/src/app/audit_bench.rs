//! `audit`'s benchmark part: `portcullis bench` (the CIS Docker Benchmark) through the host
//! crate, each observation a check of the scorecard, each container attributed to its Compose
//! service through the labels Compose sets.

use super::Fatal;
use super::audit_cmd::Suppressor;
use crate::audit::project::{ComposeProject, ServiceOf, service_of};
use portcullis_core::scorecard::{CheckRun, SourceRun};
use portcullis_core::{Finding, Location, Notice, Practice, Target, TargetKind};
use portcullis_host::{BenchOptions, Status};
use std::collections::{BTreeMap, HashMap};
use std::path::PathBuf;

/// The practices the CIS benchmark assesses.
pub(super) const BENCH_PRACTICES: &[Practice] = &[
    Practice::HostAudit,
    Practice::LeastPrivilege,
    Practice::RuntimeHardening,
    Practice::Network,
    Practice::Monitoring,
];

/// Runs the benchmark; no daemon is a notice, not an error.
pub(super) fn bench_part(compose: &[ComposeProject], suppress: &mut Suppressor) -> SourceRun {
    let run = match portcullis_host::bench(&BenchOptions::default()) {
        Ok(r) => r,
        Err(e) => {
            return SourceRun::skipped(
                "bench",
                BENCH_PRACTICES,
                &format!("no daemon reachable ({e}); the CIS Docker Benchmark did not run"),
            );
        }
    };
    let audited: Vec<(String, PathBuf)> = compose
        .iter()
        .filter_map(|p| {
            std::fs::canonicalize(&p.path)
                .ok()
                .map(|abs| (p.path.clone(), abs))
        })
        .collect();
    let mut out = SourceRun::new("bench");
    // Containers first: their Compose service, from their labels.
    let mut services: HashMap<String, ServiceOf> = HashMap::new();
    // Images by id: the services whose containers run them.
    let mut image_services: HashMap<String, Vec<ServiceOf>> = HashMap::new();
    for c in &run.snapshot.containers {
        let labels: BTreeMap<String, String> = c
            .at("/Config/Labels")
            .and_then(|l| l.as_object())
            .map(|m| {
                m.iter()
                    .filter_map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_string())))
                    .collect()
            })
            .unwrap_or_default();
        if let Some(s) = service_of(&labels, &audited) {
            if let Some(image) = c.at("/Image").and_then(|v| v.as_str())
                && !image_services.get(image).is_some_and(|v| v.contains(&s))
            {
                image_services
                    .entry(image.to_string())
                    .or_default()
                    .push(s.clone());
            }
            services.insert(c.id.clone(), s);
        }
    }
    let mut targets: HashMap<(String, String), usize> = HashMap::new();
    let mut target_of = |loc: &Location, out: &mut SourceRun| -> usize {
        let object = loc.object.clone().unwrap_or_else(|| "daemon".into());
        let (kind, who) = match object.as_str() {
            "container" => (
                TargetKind::Container,
                loc.id
                    .clone()
                    .or_else(|| loc.name.clone())
                    .unwrap_or_default(),
            ),
            "host file" | "host" => (TargetKind::Host, String::new()),
            "image" => (
                TargetKind::Image,
                loc.name
                    .clone()
                    .or_else(|| loc.id.clone())
                    .unwrap_or_default(),
            ),
            _ => (TargetKind::Daemon, String::new()),
        };
        let key = (kind.as_str().to_string(), who.clone());
        if let Some(&i) = targets.get(&key) {
            return i;
        }
        let name = match kind {
            TargetKind::Container => {
                let shown = loc.name.clone().unwrap_or_else(|| who.clone());
                Some(match services.get(&who) {
                    Some(s) => format!(
                        "{shown} (Compose service `{}` of {})",
                        s.service,
                        s.file.as_deref().unwrap_or(&s.project)
                    ),
                    None => shown,
                })
            }
            TargetKind::Image => Some(who.clone()),
            TargetKind::Daemon => Some(run.endpoint.host.clone()),
            _ => None,
        };
        out.targets.push(Target {
            kind,
            path: None,
            name,
        });
        let i = out.targets.len() - 1;
        targets.insert(key, i);
        i
    };
    // The audited path's configuration decides which checks count (as for lint).
    let root_config = match suppress.config_for(None) {
        Ok(c) => c,
        Err(Fatal(e)) => {
            out.errors.push(e);
            return out;
        }
    };
    for r in &run.results {
        if !Suppressor::runs(&root_config, r.check.meta) {
            continue;
        }
        for o in &r.observations {
            let t = target_of(&o.location, &mut out);
            match o.status {
                Status::Pass | Status::Fail | Status::Warn => {
                    out.checks.push(CheckRun::new(r.check.meta, t))
                }
                Status::Info => out.manual.push(CheckRun::new(r.check.meta, t)),
                Status::Skipped => {}
            }
        }
    }
    // Findings grouped by the Compose file of their service (its configuration applies), the
    // others under the audited path's.
    let mut by_file: BTreeMap<Option<String>, Vec<Finding>> = BTreeMap::new();
    for mut f in run.findings() {
        f.target = target_of(&f.location, &mut out);
        // A container's service; an image's: the first service whose containers run it.
        let service = match f.location.object.as_deref() {
            Some("container") => f.location.id.as_ref().and_then(|id| services.get(id)),
            Some("image") => f
                .location
                .id
                .as_ref()
                .and_then(|id| image_services.get(id))
                .and_then(|v| v.first()),
            _ => None,
        };
        if let Some(s) = service {
            let compose = serde_json::json!({
                "project": s.project, "service": s.service, "file": s.file,
            });
            match f.detail.as_mut().and_then(|d| d.as_object_mut()) {
                Some(d) => {
                    d.insert("compose".into(), compose);
                }
                None => f.detail = Some(serde_json::json!({ "compose": compose })),
            }
        }
        let file = service.and_then(|s| s.file.clone());
        by_file.entry(file).or_default().push(f);
    }
    for (file, findings) in by_file {
        match suppress.config_for(file.as_deref()) {
            Ok(config) => out.findings.extend(suppress.apply(findings, &config)),
            Err(Fatal(e)) => out.errors.push(e),
        }
    }
    if let Some(why) = &run.host.unavailable {
        out.notices
            .push(Notice::new("bench", format!("host checks skipped: {why}")));
    }
    out
}
