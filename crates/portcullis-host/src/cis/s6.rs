//! Section 6: security operations (sprawl). Counts from the API, for a human to act on.

use super::{Check, Cx, Observation, Run, Status, cis, daemon_loc};
use serde_json::Value;
use std::collections::HashSet;

cis! {
    /// ## What it does
    /// Counts images and how many of them any container uses; unused images are listed for a
    /// human to prune.
    ///
    /// ## Why is this bad?
    /// Old unused images keep old vulnerabilities around, ready to be run again by mistake.
    ///
    /// ## Example
    /// Dozens of dangling images after months of builds.
    Cis6_1 {
        code: "CIS-6.1", v18: "CIS-v1.8.0-6.1", name: "image-sprawl", practice: HostAudit,
        severity: Low, level: 1, scored: false,
        summary: "Ensure that image sprawl is avoided",
        remediation: "remove unused images (docker image prune -a) on a schedule",
        run: Run::Global(images),
    }
}
fn images(cx: &Cx) -> Vec<Observation> {
    let used: HashSet<&str> = cx
        .snap
        .containers
        .iter()
        .filter_map(|c| c.at("/Image").and_then(Value::as_str))
        .collect();
    let total = cx.snap.images.len();
    let unused = cx
        .snap
        .images
        .iter()
        .filter(|i| {
            i.get("Id")
                .and_then(Value::as_str)
                .is_none_or(|id| !used.contains(id))
        })
        .count();
    let loc = daemon_loc(Some("/Images"));
    vec![
        if unused == 0 {
            Observation::new(Status::Pass, format!("{total} images, all in use"), loc)
        } else {
            Observation::new(
                Status::Info,
                format!(
                    "{total} images, {unused} not used by any container: review and prune them"
                ),
                loc,
            )
        }
        .value(unused),
    ]
}

cis! {
    /// ## What it does
    /// Counts containers and how many are not running, for a human to clean up.
    ///
    /// ## Why is this bad?
    /// Stopped containers keep their writable layers, secrets in their config, and can be
    /// restarted by mistake.
    ///
    /// ## Example
    /// Hundreds of exited containers from old deployments.
    Cis6_2 {
        code: "CIS-6.2", v18: "CIS-v1.8.0-6.2", name: "container-sprawl", practice: HostAudit,
        severity: Low, level: 1, scored: false,
        summary: "Ensure that container sprawl is avoided",
        remediation: "remove stopped containers (docker container prune) on a schedule",
        run: Run::Global(containers),
    }
}
fn containers(cx: &Cx) -> Vec<Observation> {
    let total = cx
        .snap
        .info
        .get("Containers")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let running = cx
        .snap
        .info
        .get("ContainersRunning")
        .and_then(Value::as_u64)
        .unwrap_or(0);
    let stopped = total.saturating_sub(running);
    let loc = daemon_loc(Some("/Containers"));
    vec![if stopped == 0 {
        Observation::new(Status::Pass, format!("{total} containers, all running"), loc)
    } else {
        Observation::new(Status::Info, format!("{total} containers, {stopped} not running: review and remove the ones no longer needed"), loc)
    }
    .value(stopped)]
}

pub static CHECKS: &[&Check] = &[&Cis6_1::CHECK, &Cis6_2::CHECK];
