//! Must show 2: a second dockerd started by the test, with settings that flip the section-2
//! checks, both polarities. It runs in its own network namespace (`unshare -n`), so its bridge,
//! iptables rules and TCP listener never touch the shared daemon's; its data, exec root, pid
//! file and socket live in a directory of its own, removed afterwards.

use crate::common::*;
use portcullis_host::cis::Status;
use portcullis_host::{BenchOptions, BenchRun, SnapshotOptions};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

struct TestDaemon {
    dir: PathBuf,
    child: Child,
}

impl TestDaemon {
    /// Starts dockerd with `daemon_json` and extra flags; `None` (with the reason printed) when
    /// this machine cannot (not root, no dockerd/unshare) — a failure under `CI=true`.
    fn start(tag: &str, daemon_json: serde_json::Value, extra: &[&str]) -> Option<TestDaemon> {
        let root = Command::new("id")
            .arg("-u")
            .output()
            .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
        if !root {
            eprintln!("skipping: starting a test dockerd needs root");
            return None;
        }
        let tools = Command::new("sh")
            .args([
                "-c",
                "command -v dockerd && command -v unshare && command -v ip",
            ])
            .output()
            .is_ok_and(|o| o.status.success());
        if !tools {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "CI=true but dockerd, unshare or ip is missing"
            );
            eprintln!("skipping: starting a test dockerd needs dockerd, unshare and ip");
            return None;
        }
        // Short path: unix socket paths are limited to 108 bytes.
        let dir = PathBuf::from(format!("/tmp/pcd-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let cfg = dir.join("daemon.json");
        std::fs::write(&cfg, serde_json::to_vec_pretty(&daemon_json).unwrap()).unwrap();
        let d = dir.display();
        let script = format!(
            "ip link set lo up; exec dockerd --config-file {d}/daemon.json --data-root {d}/data \
             --exec-root {d}/x --pidfile {d}/d.pid -H unix://{d}/d.sock --bip 10.213.7.1/24 {}",
            extra.join(" ")
        );
        let child = Command::new("unshare")
            .args(["-n", "sh", "-c", &script])
            .stdout(Stdio::null())
            .stderr(std::fs::File::create(dir.join("log")).unwrap())
            .spawn()
            .unwrap();
        let td = TestDaemon { dir, child };
        let deadline = Instant::now() + Duration::from_secs(60);
        while Instant::now() < deadline {
            let ok = Command::new("docker")
                .args([
                    "-H",
                    &td.host(),
                    "version",
                    "--format",
                    "{{.Server.Version}}",
                ])
                .output()
                .is_ok_and(|o| o.status.success());
            if ok {
                return Some(td);
            }
            std::thread::sleep(Duration::from_millis(200));
        }
        panic!(
            "test dockerd did not come up: {}",
            std::fs::read_to_string(td.dir.join("log")).unwrap_or_default()
        );
    }

    fn host(&self) -> String {
        format!("unix://{}/d.sock", self.dir.display())
    }

    fn bench(&self) -> BenchRun {
        portcullis_host::bench(&BenchOptions {
            host: Some(self.host()),
            snapshot: SnapshotOptions::default(),
            checks: vec!["2".into()],
        })
        .expect("bench runs against the test dockerd")
    }
}

impl Drop for TestDaemon {
    fn drop(&mut self) {
        stop_daemon(&mut self.child, &self.dir);
    }
}

fn status(run: &BenchRun, id: &str) -> Status {
    result(run, id).status
}

#[test]
fn hardened_daemon_passes_section_2() {
    let Some(d) = TestDaemon::start(
        "hard",
        serde_json::json!({
            "icc": false,
            "userns-remap": "default",
            "live-restore": true,
            "no-new-privileges": true,
            "log-driver": "syslog",
            "log-opts": {"syslog-address": "udp://127.0.0.1:5514"},
            "userland-proxy": false,
        }),
        &[],
    ) else {
        return;
    };
    let run = d.bench();
    assert_eq!(
        run.host.dockerd.as_ref().map(|p| p.pid),
        Some(d.child.id()),
        "audited the test daemon's process"
    );
    assert_eq!(run.host.daemon_json_path, d.dir.join("daemon.json"));
    for id in ["2.2", "2.5", "2.7", "2.9", "2.13", "2.14", "2.15", "2.16"] {
        assert_eq!(
            status(&run, id),
            Status::Pass,
            "CIS-{id}: {:?}",
            result(&run, id).observations
        );
    }
    // icc comes from the effective bridge network option, with its pointer.
    let o = &result(&run, "2.2").observations[0];
    assert_eq!(o.location.object.as_deref(), Some("network"));
    assert_eq!(o.value, Some(serde_json::json!("false")));
}

#[test]
fn insecure_daemon_fails_section_2() {
    let Some(d) = TestDaemon::start(
        "weak",
        serde_json::json!({
            "insecure-registries": ["registry.invalid:5000"],
            "log-level": "debug",
        }),
        &["-H", "tcp://127.0.0.1:2375"],
    ) else {
        return;
    };
    let run = d.bench();
    assert_eq!(run.host.dockerd.as_ref().map(|p| p.pid), Some(d.child.id()));
    for id in [
        "2.2", "2.3", "2.5", "2.7", "2.9", "2.13", "2.14", "2.15", "2.16",
    ] {
        assert_eq!(
            status(&run, id),
            Status::Fail,
            "CIS-{id}: {:?}",
            result(&run, id).observations
        );
    }
    let tls = &result(&run, "2.7").observations[0];
    assert!(tls.message.contains("127.0.0.1:2375"), "{}", tls.message);
    let reg = &result(&run, "2.5").observations[0];
    assert!(
        reg.message.contains("registry.invalid:5000"),
        "{}",
        reg.message
    );
    let f = run.findings();
    assert!(
        f.iter()
            .any(|f| f.rule == "CIS-2.7" && f.severity == portcullis_core::Severity::Critical)
    );
}
