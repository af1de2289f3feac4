//! End to end: a Compose stack on the real dockerd — images built by the test from a busybox
//! root filesystem with an Alpine 3.4 package database — then `portcullis audit` on its folder.
//!
//! Needs a dockerd and docker-compose (installed and started by `scripts/test.sh`). Without
//! them the test says why and skips, except under `CI=true`, where it fails.

use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::process::Command as Proc;

/// Everything the test created on the daemon, removed again when the test ends (also when it
/// fails): the Compose project's containers, networks and built images, and the base image.
struct Stack {
    project: String,
    dir: PathBuf,
    base_image: String,
}

impl Drop for Stack {
    fn drop(&mut self) {
        let _ = Proc::new("docker-compose")
            .args([
                "-p",
                &self.project,
                "down",
                "-v",
                "--remove-orphans",
                "--rmi",
                "local",
                "-t",
                "1",
            ])
            .current_dir(&self.dir)
            .output();
        let _ = Proc::new("docker")
            .args(["image", "rm", "-f", &self.base_image])
            .output();
    }
}

fn have(cmd: &str, arg: &str) -> bool {
    Proc::new(cmd)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success())
}

/// True when the test can run; otherwise explains why (and fails under CI).
fn docker_ready() -> bool {
    let missing: Vec<&str> = [("docker", "version"), ("docker-compose", "version")]
        .into_iter()
        .filter(|(c, a)| !have(c, a))
        .map(|(c, _)| c)
        .collect();
    if missing.is_empty() {
        return true;
    }
    let why = format!(
        "audit end-to-end test needs {} (scripts/test.sh installs and starts them)",
        missing.join(" and ")
    );
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{why}");
    }
    eprintln!("skipping: {why}");
    false
}

fn run(cmd: &mut Proc) -> String {
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// A root filesystem: static busybox, Alpine 3.4's release files and an apk database listing
/// musl 1.1.14-r10 (affected by CVE-2016-8859, fixed in 1.1.14-r13) and busybox.
fn make_rootfs(root: &Path) {
    std::fs::create_dir_all(root.join("bin")).unwrap();
    std::fs::copy("/bin/busybox", root.join("bin/busybox")).unwrap();
    std::os::unix::fs::symlink("busybox", root.join("bin/sh")).unwrap();
    write(root, "etc/alpine-release", "3.4.6\n");
    write(
        root,
        "etc/os-release",
        "NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.4.6\nPRETTY_NAME=\"Alpine Linux v3.4\"\n",
    );
    write(
        root,
        "lib/apk/db/installed",
        "P:musl\nV:1.1.14-r10\nA:x86_64\nS:445080\nI:569344\nT:the musl c library (libc) implementation\nU:http://www.musl-libc.org/\nL:MIT\no:musl\n\n\
P:busybox\nV:1.24.2-r11\nA:x86_64\nS:645478\nI:651264\nT:Size optimized toolbox of many common UNIX utilities\nU:http://busybox.net\nL:GPL2\no:busybox\nF:bin\nR:busybox\n\n",
    );
    write(root, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\n");
}

#[test]
fn audit_of_a_running_compose_stack() {
    if !docker_ready() {
        return;
    }
    let tmp = tempfile::tempdir().unwrap();
    let uniq = format!(
        "pcaudit{}x{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let dir = tmp.path().join(&uniq);
    let base_image = format!("{uniq}-base:3.4");
    let stack = Stack {
        project: uniq.clone(),
        dir: dir.clone(),
        base_image: base_image.clone(),
    };

    // The base image: `docker import` of the root filesystem.
    let rootfs = tmp.path().join("rootfs");
    make_rootfs(&rootfs);
    let tar = tmp.path().join("rootfs.tar");
    run(Proc::new("tar")
        .arg("-C")
        .arg(&rootfs)
        .arg("-cf")
        .arg(&tar)
        .arg("."));
    run(Proc::new("docker")
        .args(["import", "--change", "LABEL portcullis.test=1"])
        .arg(&tar)
        .arg(&base_image));

    // The project: a Dockerfile the `web` service builds, and a Compose file.
    write(
        &dir,
        "Dockerfile",
        &format!(
            "FROM {base_image}\nENV DB_PASSWORD=Orders-FAKE-Passw0rd\nUSER root\nCMD [\"/bin/busybox\", \"sleep\", \"3600\"]\n"
        ),
    );
    write(&dir, ".dockerignore", "*\n");
    write(
        &dir,
        "docker-compose.yml",
        &format!(
            r#"version: "2.4"
services:
  web:
    build:
      context: .
      labels:
        portcullis.test: "1"
    labels:
      portcullis.test: "1"
    volumes:
      - /var/run/docker.sock:/var/run/docker.sock:ro
  cache:
    image: {base_image}
    command: ["/bin/busybox", "sleep", "3600"]
    labels:
      portcullis.test: "1"
    pid: host
"#
        ),
    );
    run(Proc::new("docker-compose")
        .args(["-p", &uniq, "up", "-d", "--build"])
        .env("DOCKER_BUILDKIT", "0")
        .env("COMPOSE_DOCKER_CLI_BUILD", "0")
        .current_dir(&dir));

    // The audit, from the folder's parent, as a user would run it.
    let out = Command::cargo_bin("portcullis")
        .unwrap()
        .current_dir(tmp.path())
        .env("XDG_CONFIG_HOME", "/nonexistent")
        .args(["audit", &uniq, "--format", "json", "--fail-on", "none"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = v["findings"].as_array().unwrap();
    let notices: Vec<String> = v["notices"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|n| {
                    format!(
                        "{}: {}",
                        n["source"].as_str().unwrap(),
                        n["message"].as_str().unwrap()
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    let dockerfile = format!("{uniq}/Dockerfile");
    let compose_file = format!("{uniq}/docker-compose.yml");

    // Lint: the Dockerfile's findings, at their lines in the right file.
    let at = |rule: &str, path: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule && f["location"]["path"] == path)
            .unwrap_or_else(|| panic!("no {rule} in {path}: {findings:#?}"))
    };
    assert_eq!(at("DF003", &dockerfile)["location"]["line"], 3);
    assert_eq!(at("DF101", &dockerfile)["location"]["line"], 2);

    // The images the project names: the Dockerfile's base, the `cache` service's image and
    // the image Compose built for `web`.
    let image_notice = notices
        .iter()
        .find(|n| n.starts_with("image: "))
        .cloned()
        .unwrap_or_default();
    let image_findings = findings.iter().any(|f| {
        f["location"]["image"]
            .as_str()
            .is_some_and(|i| i.contains(&uniq))
    });
    assert!(
        image_findings
            || (image_notice.contains(&base_image)
                && image_notice.contains(&format!("{uniq}_web"))),
        "images neither scanned nor named: {notices:#?}"
    );
    // Compose: findings in the Compose file.
    assert!(
        findings
            .iter()
            .any(|f| f["location"]["path"] == compose_file.as_str()
                && f["rule"].as_str().is_some_and(|r| r.starts_with("DC"))),
        "no Compose finding in {compose_file}"
    );
    // Bench: the containers' findings, attributed to their Compose service and file.
    let bench_on = |rule: &str, service: &str| {
        findings.iter().any(|f| {
            f["rule"] == rule
                && f["location"]["object"] == "container"
                && f["detail"]["compose"]["service"] == service
                && f["detail"]["compose"]["file"] == compose_file.as_str()
        })
    };
    assert!(
        bench_on("CIS-5.32", "web"),
        "docker.sock mount of web: {findings:#?}"
    );
    assert!(bench_on("CIS-5.16", "cache"), "host pid namespace of cache");
    // Vulnerabilities: findings, or a notice saying why they did not run.
    assert!(
        notices.iter().any(|n| n.starts_with("vulnerabilities: "))
            || findings.iter().any(|f| f["rule"] == "VULN"),
        "{notices:#?}"
    );

    // The scorecard covers every practice.
    let practices = v["scorecard"]["practices"].as_array().unwrap();
    assert_eq!(practices.len(), 10);
    for p in practices {
        assert!(p["score"].is_u64() || p["not_assessed"].is_string(), "{p}");
    }
    let secrets = practices
        .iter()
        .find(|p| p["practice"] == "secrets")
        .unwrap();
    assert!(secrets["score"].as_u64().unwrap() < 100);
    drop(stack);
}
