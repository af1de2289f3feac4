//! `portcullis bench` end to end: argument errors, an unreachable daemon, every reporter and the
//! docker-bench format against the real daemon.

use assert_cmd::Command;

fn portcullis() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    c.env_remove("DOCKER_HOST")
        .env("NO_COLOR", "1")
        .env("XDG_CONFIG_HOME", "/nonexistent");
    c
}

fn docker_available() -> bool {
    let ok = std::process::Command::new("docker")
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

#[test]
fn unknown_check_and_unreachable_daemon_exit_2() {
    let o = portcullis()
        .args(["bench", "--checks", "9.9"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("`9.9` names no CIS check"), "{err}");
    assert_eq!(err.lines().count(), 1);

    let o = portcullis()
        .args(["bench", "-H", "unix:///nonexistent/docker.sock"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with(
            "portcullis: cannot reach the Docker daemon at unix:///nonexistent/docker.sock"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1);
    assert!(o.stdout.is_empty());
}

#[test]
fn every_format_and_docker_bench_shape() {
    if !docker_available() {
        return;
    }
    // No container matches: only host, daemon and image checks run.
    let none = ["--include-containers", "^portcullis-no-such-container$"];
    for format in [
        "human",
        "json",
        "sarif",
        "github",
        "junit",
        "checkstyle",
        "gitlab",
    ] {
        let o = portcullis()
            .args(["bench", "--fail-on", "none", "--format", format])
            .args(none)
            .output()
            .unwrap();
        assert_eq!(
            o.status.code(),
            Some(0),
            "{format}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        assert!(!o.stdout.is_empty(), "{format}");
    }
    let o = portcullis()
        .args(["bench", "--fail-on", "none"])
        .args(none)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("CIS Docker Benchmark v1.6.0"), "{text}");
    assert!(text.contains("total (117 checks)"), "{text}");

    let o = portcullis()
        .args([
            "bench",
            "--fail-on",
            "none",
            "--format",
            "docker-bench",
            "--checks",
            "2.2,5.5,1.1",
        ])
        .args(none)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["dockerbenchsecurity"], "1.6.0");
    assert_eq!(v["checks"], 20);
    let ids: Vec<&str> = v["tests"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["results"].as_array().unwrap())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"2.2") && ids.contains(&"5.5") && ids.contains(&"1.1.18"),
        "{ids:?}"
    );
    let r55 = v["tests"][2]["results"][0].clone();
    assert_eq!(r55["id"], "5.5");
    assert_eq!(r55["result"], "INFO");
    assert_eq!(r55["details"], "skipped: no containers");

    let o = portcullis()
        .args(["bench", "--format", "json", "--checks", "2.2"])
        .args(none)
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["targets"][0]["kind"], "daemon");
    for f in v["findings"].as_array().unwrap() {
        assert_eq!(f["rule"], "CIS-2.2");
        assert_eq!(f["aliases"][0], "CIS-v1.8.0-2.2");
        assert_eq!(f["detail"]["status"], "fail");
    }
}

#[test]
fn cis_rules_are_listed_and_explained() {
    let o = portcullis()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("CIS-5.32") && text.contains("docker-socket-mount"));
    let o = portcullis()
        .args(["explain", "CIS-v1.8.0-2.8"])
        .output()
        .unwrap();
    assert!(o.status.success());
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("TLS"), "{text}");
}
