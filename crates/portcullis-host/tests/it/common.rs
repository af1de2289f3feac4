//! Docker helpers for the tests: the docker CLI, a test image imported from busybox, and a guard
//! that removes what a test created even when it fails.

use portcullis_host::cis::{CheckResult, Status};
use portcullis_host::{BenchOptions, BenchRun, SnapshotOptions};
use std::process::{Command, Output};

pub const IMAGE: &str = "portcullis-bench-test/busybox:1";

/// True when a docker daemon answers; otherwise the test prints why and returns (a failure
/// under `CI=true`).
pub fn docker_available() -> bool {
    let ok = Command::new("docker")
        .args(["version", "--format", "{{.Server.Version}}"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "CI=true but no docker daemon answers"
        );
        eprintln!("skipping: no docker daemon answers");
    }
    ok
}

pub fn docker(args: &[&str]) -> Output {
    Command::new("docker")
        .args(args)
        .output()
        .expect("running the docker CLI")
}

pub fn docker_ok(args: &[&str]) -> String {
    let o = docker(args);
    assert!(
        o.status.success(),
        "docker {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).trim().to_string()
}

/// Imports a busybox root filesystem as the test image (user 1000:1000, `sh -c 'sleep 600'`),
/// once per daemon.
pub fn ensure_image() {
    if docker(&["image", "inspect", IMAGE]).status.success() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::create_dir_all(root.join("tmp")).unwrap();
    std::fs::copy("/bin/busybox", root.join("bin/busybox"))
        .expect("busybox-static at /bin/busybox");
    for applet in ["sh", "sleep", "cp", "true", "cat", "ls", "ps"] {
        std::os::unix::fs::symlink("busybox", root.join("bin").join(applet)).unwrap();
    }
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(root.join("tmp"), std::fs::Permissions::from_mode(0o1777)).unwrap();
    let tar = dir.path().with_extension("tar");
    let st = Command::new("tar")
        .args([
            "-C",
            &root.to_string_lossy(),
            "-cf",
            &tar.to_string_lossy(),
            ".",
        ])
        .status()
        .unwrap();
    assert!(st.success());
    docker_ok(&[
        "import",
        "--change",
        "USER 1000:1000",
        "--change",
        "CMD [\"sh\", \"-c\", \"sleep 600\"]",
        "--change",
        "LABEL portcullis.test=1",
        &tar.to_string_lossy(),
        IMAGE,
    ]);
    let _ = std::fs::remove_file(tar);
}

/// Removes the named containers on drop.
pub struct Guard {
    pub names: Vec<String>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        if self.names.is_empty() {
            return;
        }
        let mut args = vec!["rm", "-f", "-v"];
        args.extend(self.names.iter().map(String::as_str));
        let _ = docker(&args);
    }
}

/// A name prefix unique to this test run.
pub fn prefix(tag: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .subsec_nanos();
    format!("pcbench-{tag}-{}-{nanos}", std::process::id())
}

/// Runs the benchmark on the default daemon, only over containers named `prefix*`.
pub fn bench_only(prefix: &str) -> BenchRun {
    portcullis_host::bench(&BenchOptions {
        host: None,
        snapshot: SnapshotOptions {
            include: Some(regex::Regex::new(&format!("^{}", regex::escape(prefix))).unwrap()),
            ..SnapshotOptions::default()
        },
        checks: vec![],
    })
    .expect("bench runs against the local daemon")
}

pub fn result<'a>(run: &'a BenchRun, id: &str) -> &'a CheckResult {
    run.results
        .iter()
        .find(|r| r.check.id() == id)
        .unwrap_or_else(|| panic!("no result for {id}"))
}

/// The status of check `id` for container `name`.
pub fn status_for(run: &BenchRun, id: &str, name: &str) -> Status {
    let r = result(run, id);
    let obs: Vec<_> = r
        .observations
        .iter()
        .filter(|o| o.location.name.as_deref() == Some(name))
        .collect();
    assert_eq!(
        obs.len(),
        1,
        "{id} has {} observations for {name}",
        obs.len()
    );
    obs[0].status
}

pub fn host_has_apparmor() -> bool {
    std::fs::read_to_string("/sys/module/apparmor/parameters/enabled")
        .is_ok_and(|v| v.trim() == "Y")
}

/// Stops a dockerd a test started (SIGTERM so it stops its containerd, SIGKILL after 20 s),
/// unmounts what it left mounted under its data directory `dir` (the userns root, overlay
/// mounts), deepest first, and removes `dir`.
pub fn stop_daemon(child: &mut std::process::Child, dir: &std::path::Path) {
    use std::process::Command;
    use std::time::{Duration, Instant};
    let pid = child.id().to_string();
    let _ = Command::new("kill").args(["-TERM", &pid]).status();
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if matches!(child.try_wait(), Ok(Some(_))) {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    let _ = child.kill();
    let _ = child.wait();
    let prefix = format!("{}/", dir.display());
    let mut mounts: Vec<String> = std::fs::read_to_string("/proc/self/mountinfo")
        .unwrap_or_default()
        .lines()
        .filter_map(|l| l.split(' ').nth(4))
        .filter(|m| m.starts_with(&prefix))
        .map(str::to_string)
        .collect();
    mounts.sort_by_key(|m| std::cmp::Reverse(m.len()));
    for m in mounts {
        let _ = Command::new("umount").arg(&m).status();
    }
    let _ = std::fs::remove_dir_all(dir);
}
