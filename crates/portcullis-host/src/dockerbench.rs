//! The `docker-bench` output format: the JSON shape docker-bench-security writes
//! (`{"dockerbenchsecurity", "start", "tests": [{"id", "desc", "results": [...]}], "checks",
//! "score", "end"}`), so dashboards built on it keep working. Serialized with serde, so
//! details are escaped (docker-bench-security's `printf` output was not).
//!
//! Mapping: pass → `PASS`, fail and warn → `WARN`, info → `INFO`, skipped → `INFO` with
//! `details: "skipped: …"`. `score` is docker-bench's: scored passes minus scored failures.

use crate::BenchRun;
use crate::cis::{SECTIONS, Status};
use serde_json::{Value, json};

fn result_word(s: Status) -> &'static str {
    match s {
        Status::Pass => "PASS",
        Status::Fail | Status::Warn => "WARN",
        Status::Info | Status::Skipped => "INFO",
    }
}

/// Renders the run as docker-bench-security JSON.
pub fn render(run: &BenchRun) -> Value {
    let mut tests = Vec::new();
    let mut checks = 0usize;
    let mut score = 0i64;
    for (sec, title) in SECTIONS {
        let mut results = Vec::new();
        for r in run.results.iter().filter(|r| r.check.section() == sec) {
            let c = r.check;
            checks += 1;
            if c.scored {
                match r.status {
                    Status::Pass => score += 1,
                    Status::Fail | Status::Warn => score -= 1,
                    _ => {}
                }
            }
            let suffix = if c.scored { "(Automated)" } else { "(Manual)" };
            let mut o = json!({
                "id": c.id(),
                "desc": format!("{} {suffix}", c.meta.summary),
                "result": result_word(r.status),
            });
            let bad: Vec<&crate::Observation> = r
                .observations
                .iter()
                .filter(|ob| ob.status == r.status)
                .collect();
            let per_object = bad.iter().any(|ob| ob.location.id.is_some());
            if per_object && r.status != Status::Pass {
                let items: Vec<String> = bad
                    .iter()
                    .filter_map(|ob| ob.location.name.clone().or(ob.location.id.clone()))
                    .collect();
                o["details"] = json!(format!("{}: {}", bad[0].message, items.join(" ")));
                o["items"] = json!(items);
            } else if let Some(first) = bad.first() {
                o["details"] = json!(first.message);
            }
            if r.status != Status::Pass && !c.meta.remediation.is_empty() {
                o["remediation"] = json!(c.meta.remediation);
            }
            results.push(o);
        }
        if !results.is_empty() {
            tests.push(json!({"id": sec.to_string(), "desc": title, "results": results}));
        }
    }
    json!({
        "dockerbenchsecurity": "1.6.0",
        "start": run.started,
        "tests": tests,
        "checks": checks,
        "score": score,
        "end": run.ended,
    })
}
