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

fn portcullis() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    c.env_remove("PORTCULLIS_CACHE_DIR")
        .env("XDG_CACHE_HOME", "/nonexistent/cache")
        .env("XDG_CONFIG_HOME", "/nonexistent");
    c
}

/// `audit PROJECT --format json --fail-on none --cache-dir CACHE` from `cwd`.
fn audit(cwd: &Path, project: &str, cache: &Path, more: &[&str]) -> (serde_json::Value, i32) {
    let out = portcullis()
        .current_dir(cwd)
        .args(["audit", project, "--format", "json", "--fail-on", "none"])
        .arg("--cache-dir")
        .arg(cache)
        .args(more)
        .output()
        .unwrap();
    let code = out.status.code().unwrap_or(-1);
    assert_eq!(code, 0, "{}", String::from_utf8_lossy(&out.stderr));
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    (v, code)
}

/// The report's notices as `source: message`.
fn notices_of(v: &serde_json::Value) -> Vec<String> {
    v["notices"]
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
        .unwrap_or_default()
}

#[test]
fn audit_of_a_running_compose_stack() {
    if !docker_ready() {
        return;
    }
    let Some(data) = crate::common::testdata() else {
        return;
    };
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

    // The vulnerability database: the shared Alpine OSV data imported into a temporary cache.
    let cache = tmp.path().join("cache");
    portcullis()
        .args(["db", "import", "--quiet", "--cache-dir"])
        .arg(&cache)
        .arg(data.join("osv/Alpine-derived/all.zip"))
        .assert()
        .success();

    // The audit, from the folder's parent, as a user would run it.
    let (v, code) = audit(tmp.path(), &uniq, &cache, &[]);
    assert_eq!(code, 0);
    let findings = v["findings"].as_array().unwrap();
    let targets = v["targets"].as_array().unwrap();
    let notices = notices_of(&v);
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

    // Images: the one Compose built for `web` and the base image (`cache` runs it, the
    // Dockerfile builds on it) were read; the name Compose v2 would have given the built image
    // is not reported missing.
    let web_image = format!("{uniq}_web");
    let image_target = |name: &str| {
        targets
            .iter()
            .position(|t| t["kind"] == "image" && t["name"] == name)
            .unwrap_or_else(|| panic!("image {name} not scanned: {targets:#?} {notices:#?}"))
    };
    let (web_t, base_t) = (image_target(&web_image), image_target(&base_image));
    assert!(
        !notices.iter().any(|n| n.contains(&uniq)),
        "an image of the stack reported missing: {notices:#?}"
    );
    // IMG findings on the web image: its ENV holds a password, it runs as root.
    let img_on = |rule: &str, t: usize| {
        findings
            .iter()
            .find(|f| f["rule"] == rule && f["target"] == t)
    };
    let secret = img_on("IMG005", web_t).unwrap_or_else(|| panic!("no IMG005: {findings:#?}"));
    assert_eq!(secret["detail"]["compose"]["service"], "web");
    assert_eq!(secret["detail"]["compose"]["file"], compose_file.as_str());
    assert!(
        img_on("IMG001", web_t).is_some(),
        "no IMG001 on {web_image}"
    );
    assert!(
        img_on("IMG002", base_t).is_some(),
        "no IMG002 on {base_image}"
    );

    // Vulnerabilities: musl 1.1.14-r10 (CVE-2016-8859, fixed in 1.1.14-r13) in both images,
    // each attributed to the service that runs it; the base image also to the Dockerfile.
    let musl = |t: usize| {
        findings
            .iter()
            .find(|f| {
                f["rule"] == "VULN"
                    && f["target"] == t
                    && f["location"]["package"] == "musl"
                    && (f["detail"]["vulnerability"]["id"] == "CVE-2016-8859"
                        || f["detail"]["vulnerability"]["aliases"]
                            .as_array()
                            .is_some_and(|a| a.iter().any(|x| x == "CVE-2016-8859")))
            })
            .unwrap_or_else(|| panic!("no CVE-2016-8859 on target {t}: {findings:#?}"))
    };
    for (t, image, service) in [(web_t, &web_image, "web"), (base_t, &base_image, "cache")] {
        let f = musl(t);
        let vuln = &f["detail"]["vulnerability"];
        assert_eq!(vuln["installed_version"], "1.1.14-r10");
        assert_eq!(vuln["fixed_version"], "1.1.14-r13");
        assert_eq!(f["location"]["image"], image.as_str());
        assert_eq!(f["detail"]["compose"]["service"], service);
        assert_eq!(f["detail"]["compose"]["file"], compose_file.as_str());
    }
    assert_eq!(
        musl(base_t)["detail"]["dockerfile"]["path"],
        dockerfile.as_str()
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
    // The benchmark's image checks: the image is attributed to the service whose container
    // runs it.
    assert!(
        findings.iter().any(|f| f["rule"] == "CIS-4.10"
            && f["location"]["object"] == "image"
            && f["detail"]["compose"]["service"] == "web"
            && f["detail"]["compose"]["file"] == compose_file.as_str()),
        "CIS-4.10 (secret in the web image's ENV) not attributed to web"
    );
    // The scorecard: every practice assessed, image scanning by one check per package.
    let practices = v["scorecard"]["practices"].as_array().unwrap();
    assert_eq!(practices.len(), 10);
    for p in practices {
        assert!(p["score"].is_u64(), "not assessed: {p}");
    }
    let practice = |slug: &str| practices.iter().find(|p| p["practice"] == slug).unwrap();
    assert!(practice("secrets")["score"].as_u64().unwrap() < 100);
    let scanning = practice("image-scanning");
    assert!(
        scanning["sources"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "vulnerabilities"),
        "{scanning}"
    );
    // musl and busybox in each of the two images, both affected (busybox 1.24.2-r11 too).
    assert_eq!(scanning["checks"]["run"], 4, "{scanning}");
    assert_eq!(scanning["checks"]["failed"], 4, "{scanning}");

    // Again with an empty cache and a configuration that ignores IMG002 and lowers CIS-5.16:
    // one notice on how to get a database, image scanning not assessed, config applied to
    // image and bench findings; not an error.
    let empty = tmp.path().join("empty-cache");
    std::fs::create_dir_all(&empty).unwrap();
    let config = tmp.path().join("portcullis.toml");
    std::fs::write(
        &config,
        "ignore = [\"IMG002\"]\n[severity]\n\"CIS-5.16\" = \"info\"\n",
    )
    .unwrap();
    let (v2, code) = audit(
        tmp.path(),
        &uniq,
        &empty,
        &["--config", config.to_str().unwrap()],
    );
    assert_ne!(code, 2);
    let vuln_notices: Vec<String> = notices_of(&v2)
        .into_iter()
        .filter(|n| n.starts_with("vulnerabilities: "))
        .collect();
    assert_eq!(vuln_notices.len(), 1, "{vuln_notices:#?}");
    assert!(
        vuln_notices[0].contains("portcullis db update")
            && vuln_notices[0].contains("portcullis db import"),
        "{vuln_notices:#?}"
    );
    let f2 = v2["findings"].as_array().unwrap();
    assert!(!f2.iter().any(|f| f["rule"] == "VULN"));
    assert!(
        !f2.iter().any(|f| f["rule"] == "IMG002"),
        "IMG002 not ignored"
    );
    assert!(f2.iter().any(|f| f["rule"] == "IMG001"));
    let pid = f2
        .iter()
        .find(|f| f["rule"] == "CIS-5.16" && f["detail"]["compose"]["service"] == "cache")
        .expect("CIS-5.16 on cache");
    assert_eq!(pid["severity"], "info");
    let scanning = v2["scorecard"]["practices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["practice"] == "image-scanning")
        .unwrap();
    assert!(scanning["score"].is_null(), "{scanning}");
    assert!(
        scanning["not_assessed"]
            .as_str()
            .is_some_and(|r| r.contains("db update")),
        "{scanning}"
    );
    drop(stack);
}
