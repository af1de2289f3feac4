//! `portcullis harden compose`: an override file that closes what can be closed safely, to be
//! used as `docker compose -f compose.yaml -f compose.hardened.yaml`.
//!
//! Per service: `cap_drop: [ALL]` (plus `NET_BIND_SERVICE` when it listens below 1024),
//! `security_opt: [no-new-privileges:true]`, `read_only: true` with tmpfs for the paths the
//! image is known to write, a non-root `user` where the image is known to have one, memory, CPU
//! and pids limits, log rotation. Not done by an override (Compose merges lists, an override cannot
//! remove a port binding): rebinding published database ports to 127.0.0.1 — those are listed
//! in the file's header as manual steps.

use super::lint::Svc;
use super::load::Project;
use super::rules::hardening::{security_opts, writable_paths};
use super::rules::network::{is_internal, published};
use super::yaml::Node;

/// The override text and the findings it closes, as (rule code, service) pairs.
pub struct Hardened {
    pub text: String,
    pub closes: Vec<(&'static str, String)>,
    pub manual: Vec<String>,
}

/// Images known to ship a non-root user, and that user.
const NON_ROOT: &[(&str, &str)] = &[
    ("nginxinc/nginx-unprivileged", "101:101"),
    ("node", "1000:1000"),
    ("grafana/grafana", "472:0"),
    ("prom/prometheus", "65534:65534"),
    ("gcr.io/distroless", "65532:65532"),
];

fn q(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

fn has_limit(s: &Svc, keys: &[&str], deploy: &str) -> bool {
    keys.iter().any(|k| s.get(k).is_some_and(|n| !n.is_null()))
        || s.get("deploy")
            .and_then(|d| d.get("resources"))
            .and_then(|r| r.get("limits"))
            .and_then(|l| l.get(deploy))
            .is_some()
}

/// Builds the override for a project.
pub fn harden(p: &Project) -> Hardened {
    let mut out = String::new();
    let mut closes = Vec::new();
    let mut manual = Vec::new();
    let mut body = String::new();
    for e in p.services() {
        let s = Svc {
            name: &e.key,
            key_pos: e.key_pos,
            node: &e.value,
        };
        let mut lines: Vec<String> = Vec::new();
        let privileged = s.get("privileged").and_then(Node::as_bool) == Some(true);
        let caps_dropped = s
            .list("cap_drop")
            .iter()
            .any(|(_, c)| c.eq_ignore_ascii_case("ALL"));
        if !privileged && !caps_dropped {
            lines.push("    cap_drop: [ALL]".into());
            let low_port = published(&s).iter().any(|p| p.3 < 1024)
                || s.list("expose").iter().any(|(_, x)| {
                    x.split('/')
                        .next()
                        .and_then(|v| v.parse::<u32>().ok())
                        .is_some_and(|v| v < 1024)
                });
            let has_bind = s
                .list("cap_add")
                .iter()
                .any(|(_, c)| c.to_ascii_uppercase().ends_with("NET_BIND_SERVICE"));
            if low_port && !has_bind {
                lines.push("    cap_add: [NET_BIND_SERVICE]".into());
            }
            closes.push(("DC003", e.key.clone()));
        }
        let nnp = security_opts(&s)
            .iter()
            .any(|(_, k, v)| k == "no-new-privileges" && (v.is_empty() || v == "true"));
        if !nnp {
            lines.push("    security_opt: [\"no-new-privileges:true\"]".into());
            closes.push(("DC013", e.key.clone()));
        }
        if s.get("read_only").and_then(Node::as_bool) != Some(true) {
            lines.push("    read_only: true".into());
            let have: Vec<String> = s
                .list("tmpfs")
                .into_iter()
                .map(|(_, t)| t.split(':').next().unwrap_or("").to_string())
                .collect();
            let add: Vec<String> = writable_paths(&s.image().unwrap_or_default())
                .into_iter()
                .filter(|p| !have.iter().any(|h| h == p))
                .map(q)
                .collect();
            if !add.is_empty() {
                lines.push(format!("    tmpfs: [{}]", add.join(", ")));
            }
            closes.push(("DC014", e.key.clone()));
        }
        if s.get("user").is_none() && !p.services().is_empty() {
            let img = s.image().unwrap_or_default();
            let repo = img.split([':', '@']).next().unwrap_or("");
            if let Some((_, u)) = NON_ROOT.iter().find(|(i, _)| {
                repo == *i || repo.starts_with(&format!("{i}/")) || repo.ends_with(&format!("/{i}"))
            }) {
                lines.push(format!("    user: {}", q(u)));
                closes.push(("DC004", e.key.clone()));
            }
        }
        if !has_limit(&s, &["mem_limit"], "memory") {
            lines.push("    mem_limit: 512m".into());
            closes.push(("DC015", e.key.clone()));
        }
        if !has_limit(&s, &["cpus", "cpu_quota", "cpu_shares", "cpuset"], "cpus") {
            lines.push("    cpus: 1.0".into());
            closes.push(("DC016", e.key.clone()));
        }
        if !has_limit(&s, &["pids_limit"], "pids") {
            lines.push("    pids_limit: 200".into());
            closes.push(("DC017", e.key.clone()));
        }
        let logging = s.get("logging");
        let driver = logging.and_then(|l| l.get("driver")).and_then(Node::text);
        let rotated = logging
            .and_then(|l| l.get("options"))
            .and_then(|o| o.get("max-size"))
            .is_some();
        if driver.as_deref().is_none_or(|d| d == "json-file") && !rotated {
            lines.push("    logging:\n      driver: json-file\n      options:\n        max-size: 10m\n        max-file: \"3\"".into());
            if logging.is_some() {
                closes.push(("DC041", e.key.clone()));
            }
        }
        if is_internal(&s) {
            for (_, ip, pubd, target) in published(&s) {
                if !pubd.is_empty() && (ip.is_empty() || ip == "0.0.0.0") {
                    manual.push(format!("service `{}`: bind port {pubd}:{target} to 127.0.0.1 (`\"127.0.0.1:{pubd}:{target}\"`) or remove it; an override cannot replace a port binding", e.key));
                }
            }
        }
        if !lines.is_empty() {
            body.push_str(&format!("  {}:\n{}\n", q(&e.key), lines.join("\n")));
        }
    }
    out.push_str("# Generated by `portcullis harden compose`. Use it as an override:\n");
    out.push_str("#   docker compose -f compose.yaml -f compose.hardened.yaml up\n");
    out.push_str(
        "# Test the services with it: read-only root filesystems and dropped capabilities can\n",
    );
    out.push_str("# break a service that writes elsewhere or needs a capability.\n");
    for m in &manual {
        out.push_str(&format!("# TODO: {m}\n"));
    }
    if let Some(v) = p.root.get("version").and_then(Node::text) {
        out.push_str(&format!("version: {}\n", q(&v)));
    }
    if body.is_empty() {
        out.push_str("services: {}\n");
    } else {
        out.push_str("services:\n");
        out.push_str(&body);
    }
    Hardened {
        text: out,
        closes,
        manual,
    }
}
