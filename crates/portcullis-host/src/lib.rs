//! The Docker host side of portcullis: the Engine API snapshot ([`engine`]), what only the host
//! can tell ([`hostfacts`]), and the CIS Docker Benchmark checks ([`cis`]) as pure functions over
//! both. The future runtime monitor and profile generators live here too.
//!
//! [`bench`] is the one call the CLI (and the integrator's `audit`) needs: it connects, takes a
//! snapshot, reads the host and returns per-check results with their statuses.

pub mod cis;
pub mod dockerbench;
pub mod engine;
pub mod hostfacts;
pub mod tool_rules;

pub use cis::{CheckResult, Counts, Observation, Status};
pub use engine::{Endpoint, Snapshot, SnapshotOptions};
pub use hostfacts::HostFacts;

use portcullis_core::{Finding, Location};

/// What to audit and how.
#[derive(Debug, Clone, Default)]
pub struct BenchOptions {
    /// Docker host (`unix://…`, `tcp://…`); default as the docker CLI resolves it.
    pub host: Option<String>,
    pub snapshot: SnapshotOptions,
    /// Check selectors (`5.4`, `CIS-5.31`, `1.1`); empty = every check.
    pub checks: Vec<String>,
}

/// A finished benchmark run.
#[derive(Debug, Clone)]
pub struct BenchRun {
    pub endpoint: Endpoint,
    pub snapshot: Snapshot,
    pub host: HostFacts,
    pub results: Vec<CheckResult>,
    /// Tool findings (`PC035`–`PC044`): parts that could not be read.
    pub tool_findings: Vec<Finding>,
    /// Unix time at start and end.
    pub started: u64,
    pub ended: u64,
}

impl BenchRun {
    /// Check statuses counted per practice (each check counted once, by its overall status):
    /// the input of a per-practice scorecard.
    pub fn by_practice(&self) -> std::collections::BTreeMap<portcullis_core::Practice, Counts> {
        let mut m = std::collections::BTreeMap::new();
        for r in &self.results {
            m.entry(r.check.meta.practice)
                .or_insert_with(Counts::default)
                .add(r.status);
        }
        m
    }

    /// Every finding: check failures, warnings and items for a human, plus tool findings.
    pub fn findings(&self) -> Vec<Finding> {
        let mut v = cis::to_findings(&self.results);
        v.extend(self.tool_findings.iter().cloned());
        v
    }

    /// [`BenchRun::findings`], consuming the run: the snapshot is freed first and the check
    /// results are moved into the findings, so the peak memory of a large run is not the
    /// snapshot, the results and the findings at once.
    pub fn into_findings(self) -> Vec<Finding> {
        let BenchRun {
            snapshot,
            results,
            tool_findings,
            ..
        } = self;
        drop(snapshot);
        let mut v = cis::into_findings(results);
        v.extend(tool_findings);
        v
    }
}

fn now() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// Runs the benchmark. `Err` is one line: the daemon cannot be reached or answered nonsense.
pub fn bench(opts: &BenchOptions) -> Result<BenchRun, String> {
    let endpoint = engine::resolve_endpoint(opts.host.as_deref())?;
    bench_endpoint(endpoint, opts)
}

/// [`bench`] against an endpoint already resolved (`opts.host` is not looked at).
pub fn bench_endpoint(endpoint: Endpoint, opts: &BenchOptions) -> Result<BenchRun, String> {
    let started = now();
    let mut phase = Phases::start();
    let unix = endpoint.unix_path();
    let (snapshot, host, per_container) = engine::block_on(async {
        let docker = engine::connect(&endpoint).await?;
        phase.mark("connect");
        let mut listing = engine::lists(&docker, &opts.snapshot).await?;
        // Host facts need only the list (which containers run); then each container's checks
        // run as its inspect document arrives, while the daemon answers the other requests.
        let running: Vec<&str> = listing.running.iter().map(String::as_str).collect();
        let host = host_facts_of(&endpoint, listing.snap.rootless(), &running);
        phase.mark("host facts");
        let info_only = Snapshot {
            info: listing.snap.info.clone(),
            ..Snapshot::default()
        };
        let cx = cis::Cx {
            snap: &info_only,
            host: &host,
        };
        let checks = cis::selected(&opts.checks);
        let per = engine::inspect_all(&docker, unix.as_deref(), &mut listing, &|c| {
            cis::container_observations(&cx, &checks, c)
        })
        .await;
        Ok::<_, String>((listing.snap, host, per))
    })??;
    phase.mark("snapshot");
    let results = cis::run_with(&snapshot, &host, &opts.checks, Some(per_container));
    let run = finish(endpoint, snapshot, host, results, started);
    phase.mark("checks");
    Ok(run)
}

/// Phase timings on stderr when `PORTCULLIS_TIMING` is set (for `scripts/bench-bench.sh` and
/// anyone asking where the time goes): elapsed milliseconds and resident memory per phase.
pub struct Phases {
    on: bool,
    last: std::time::Instant,
}

impl Phases {
    pub fn start() -> Phases {
        Phases {
            on: std::env::var_os("PORTCULLIS_TIMING").is_some_and(|v| !v.is_empty()),
            last: std::time::Instant::now(),
        }
    }

    pub fn mark(&mut self, what: &str) {
        if !self.on {
            return;
        }
        let now = std::time::Instant::now();
        // utime + stime of the process, in clock ticks (100 per second on Linux).
        let cpu_ticks: u64 = std::fs::read_to_string("/proc/self/stat")
            .ok()
            .and_then(|s| {
                let rest = s.rsplit_once(')')?.1;
                let f: Vec<&str> = rest.split_whitespace().collect();
                Some(f.get(11)?.parse::<u64>().ok()? + f.get(12)?.parse::<u64>().ok()?)
            })
            .unwrap_or(0);
        let rss = std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find(|l| l.starts_with("VmRSS:"))
                    .map(|l| l["VmRSS:".len()..].trim().to_string())
            })
            .unwrap_or_default();
        eprintln!(
            "portcullis timing: {what:<12} {:>8.1} ms  cpu {:>4} ms total  rss {rss}",
            (now - self.last).as_secs_f64() * 1000.0,
            cpu_ticks * 10
        );
        self.last = now;
    }
}

/// Reads the host facts that apply to this daemon: none for a remote one.
pub fn host_facts(endpoint: &Endpoint, snap: &Snapshot) -> HostFacts {
    let running: Vec<&str> = snap
        .containers
        .iter()
        .filter(|c| c.running())
        .map(|c| c.id.as_str())
        .collect();
    host_facts_of(endpoint, snap.rootless(), &running)
}

/// [`host_facts`] from what the container list says: `running` are the ids whose processes to
/// look for.
pub fn host_facts_of(endpoint: &Endpoint, rootless: bool, running: &[&str]) -> HostFacts {
    if !endpoint.is_local() {
        return HostFacts::unavailable(format!(
            "the daemon at {} is remote; its host files cannot be read from here",
            endpoint.host
        ));
    }
    let socket = endpoint.unix_path();
    let mut facts = hostfacts::collect(socket.as_deref(), rootless, running);
    if rootless && facts.dockerd.is_none() {
        facts.unavailable =
            Some("the rootless daemon's process and files belong to another user".into());
    }
    facts
}

/// Runs the checks over a snapshot and host facts (pure; unit tests call this).
pub fn evaluate(
    endpoint: Endpoint,
    snapshot: Snapshot,
    host: HostFacts,
    checks: &[String],
    started: u64,
) -> BenchRun {
    let results = cis::run(&snapshot, &host, checks);
    finish(endpoint, snapshot, host, results, started)
}

fn finish(
    endpoint: Endpoint,
    snapshot: Snapshot,
    host: HostFacts,
    results: Vec<CheckResult>,
    started: u64,
) -> BenchRun {
    let mut tool_findings = Vec::new();
    for e in &snapshot.errors {
        let mut f = tool_rules::ApiPartial::META.finding(e.clone(), cis::daemon_loc(None));
        f.detail = Some(serde_json::json!({"error": e}));
        tool_findings.push(f);
    }
    if let Some(e) = &host.daemon_json_error {
        tool_findings.push(tool_rules::HostFileUnreadable::META.finding(
            e.clone(),
            Location {
                object: Some("host file".into()),
                path: Some(host.daemon_json_path.to_string_lossy().into_owned()),
                ..Location::default()
            },
        ));
    }
    if snapshot.vanished > 0 {
        tool_findings.push(tool_rules::ContainerVanished::META.finding(
            format!(
                "{} containers were removed while the benchmark ran and were not checked",
                snapshot.vanished
            ),
            cis::daemon_loc(None),
        ));
    }
    BenchRun {
        endpoint,
        snapshot,
        host,
        results,
        tool_findings,
        started,
        ended: now(),
    }
}

/// Every rule of this crate (CIS checks and tool rules), for `rules` / `explain`.
pub fn all_rules() -> Vec<&'static portcullis_core::RuleMeta> {
    let mut v = cis::all_rules();
    v.extend(tool_rules::TOOL_RULES.iter().copied());
    v
}
