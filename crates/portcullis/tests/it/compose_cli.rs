//! `portcullis lint` on Compose files end to end: discovery, stdin, pragmas, reporters, graph,
//! harden; hostile input exits 2 with one clear line, quickly, without a panic.

use crate::common::json;
use assert_cmd::Command;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn portcullis() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    c.env("XDG_CONFIG_HOME", "/nonexistent")
        .timeout(Duration::from_secs(60));
    c
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "portcullis-compose-cli-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

const INSECURE: &str = "services:\n  web:\n    image: nginx:latest\n    privileged: true\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n";

#[test]
fn directories_files_and_stdin_are_recognised() {
    let d = tmp("discover");
    std::fs::write(d.join("docker-compose.prod.yml"), INSECURE).unwrap();
    std::fs::write(d.join("notes.yml"), INSECURE).unwrap();
    let out = portcullis()
        .args(["lint", "-f", "json"])
        .arg(&d)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out.stdout);
    let targets = v["targets"].as_array().unwrap();
    assert_eq!(targets.len(), 1, "{targets:?}");
    assert_eq!(targets[0]["kind"], "compose");
    let rules: Vec<&str> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules.contains(&"DC001") && rules.contains(&"DC006"),
        "{rules:?}"
    );
    let out = portcullis()
        .args([
            "lint",
            "--kind",
            "compose",
            "-f",
            "json",
            "--stdin-filename",
            "compose.yaml",
            "-",
        ])
        .write_stdin(INSECURE)
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert!(
        v["findings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "DC006" && f["location"]["line"] == 6)
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn override_file_is_merged_and_pragmas_apply() {
    let d = tmp("override");
    std::fs::write(d.join("compose.yaml"), "services:\n  # portcullis ignore=DC001 -- lab machine\n  web:\n    image: nginx:1.27\n    privileged: true\n").unwrap();
    std::fs::write(
        d.join("compose.override.yaml"),
        "services:\n  web:\n    pid: host\n",
    )
    .unwrap();
    let out = portcullis()
        .args(["lint", "-f", "json"])
        .arg(&d)
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert_eq!(v["targets"].as_array().unwrap().len(), 1);
    let f = v["findings"].as_array().unwrap();
    assert!(
        !f.iter().any(|f| f["rule"] == "DC001"),
        "pragma did not suppress DC001"
    );
    let pid = f
        .iter()
        .find(|f| f["rule"] == "DC005")
        .expect("DC005 from the override file");
    assert!(
        pid["location"]["path"]
            .as_str()
            .unwrap()
            .ends_with("compose.override.yaml")
    );
    assert_eq!(pid["location"]["line"], 3);
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn every_format_renders_compose_findings() {
    let d = tmp("formats");
    let f = d.join("compose.yaml");
    std::fs::write(&f, INSECURE).unwrap();
    for fmt in [
        "human",
        "json",
        "sarif",
        "github",
        "junit",
        "checkstyle",
        "gitlab",
    ] {
        let out = portcullis()
            .args(["lint", "--color", "never", "-f", fmt])
            .arg(&f)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{fmt}");
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("DC006"),
            "{fmt}"
        );
    }
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn graph_marks_host_ports_and_the_socket() {
    let d = tmp("graph");
    let f = d.join("compose.yaml");
    std::fs::write(&f, "services:\n  web:\n    image: nginx:1.27\n    ports: [\"127.0.0.1:8080:80\"]\n    networks: [front]\n  agent:\n    image: x/agent:1\n    network_mode: host\n    volumes: [/run/docker.sock:/run/docker.sock]\nnetworks:\n  front: {}\n").unwrap();
    let out = portcullis()
        .args(["lint", "--graph", "mermaid"])
        .arg(&f)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(s.starts_with("flowchart LR"));
    assert!(s.contains("127.0.0.1:8080 → 80"), "{s}");
    assert!(s.contains("svc_agent -. \"docker.sock\" .-> docker"), "{s}");
    assert!(s.contains("network_mode: host"), "{s}");
    let out = portcullis()
        .args(["lint", "--graph", "dot"])
        .arg(&f)
        .output()
        .unwrap();
    let s = String::from_utf8_lossy(&out.stdout);
    assert!(
        s.starts_with("graph compose {") && s.contains("svc_web -- net_front"),
        "{s}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn harden_writes_an_override() {
    let d = tmp("harden");
    let f = d.join("compose.yaml");
    std::fs::write(
        &f,
        "services:\n  web:\n    image: nginx:1.27\n    ports: [\"80:80\"]\n",
    )
    .unwrap();
    let o = d.join("compose.hardened.yaml");
    portcullis()
        .args(["harden", "compose"])
        .arg(&f)
        .arg("-o")
        .arg(&o)
        .assert()
        .success();
    let text = std::fs::read_to_string(&o).unwrap();
    assert!(
        text.contains("cap_drop: [ALL]") && text.contains("cap_add: [NET_BIND_SERVICE]"),
        "{text}"
    );
    assert!(
        text.contains("read_only: true") && text.contains("/var/cache/nginx"),
        "{text}"
    );
    let _ = std::fs::remove_dir_all(&d);
}

fn hostile(d: &Path, name: &str, text: &[u8], expect: &str) {
    let f = d.join(name);
    std::fs::write(&f, text).unwrap();
    let start = Instant::now();
    let out = portcullis()
        .args(["lint", "--kind", "compose"])
        .arg(&f)
        .output()
        .unwrap();
    let took = start.elapsed();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{name}: {err}");
    assert!(err.contains(expect), "{name}: `{err}` lacks `{expect}`");
    assert!(!err.contains("panicked"), "{name}: {err}");
    assert_eq!(err.trim().lines().count(), 1, "{name}: not one line: {err}");
    eprintln!("{name}: exit 2 in {took:?}: {}", err.trim());
}

#[test]
fn hostile_compose_input_exits_2_with_one_clear_line() {
    let d = tmp("hostile");
    let mut bomb = String::from("x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..12 {
        let p = i - 1;
        bomb.push_str(&format!(
            "x-a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
        ));
    }
    bomb.push_str("services:\n  web:\n    image: busybox\n    command: *a11\n");
    hostile(&d, "bomb.yaml", bomb.as_bytes(), "YAML bomb");
    let deep = format!(
        "services:\n  web:\n    labels: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    hostile(&d, "deep-flow.yaml", deep.as_bytes(), "deep-flow.yaml:");
    let block = format!(
        "services:\n  web:\n    labels:\n      {}x\n",
        "- ".repeat(10_000)
    );
    hostile(&d, "deep-block.yaml", block.as_bytes(), "deep-block.yaml:");
    let mut big = String::from("services:\n  web:\n    image: busybox:1.36\n    environment:\n");
    while big.len() < 50 << 20 {
        big.push_str("      KEY_0123456789: value-0123456789-0123456789-0123456789\n");
    }
    hostile(&d, "big.yaml", big.as_bytes(), "larger than 8 MiB");
    hostile(
        &d,
        "cycle.yaml",
        b"services:\n  a:\n    extends: b\n  b:\n    extends: a\n",
        "circular `extends`",
    );
    hostile(
        &d,
        "include.yaml",
        b"include:\n  - missing/compose.yaml\nservices:\n  a:\n    image: busybox:1.36\n",
        "include missing/compose.yaml: no such file or directory",
    );
    hostile(
        &d,
        "notyaml.yaml",
        b"services: [unclosed\n",
        "notyaml.yaml:",
    );
    let _ = std::fs::remove_dir_all(&d);
}

#[test]
fn env_file_and_merge_options() {
    let d = tmp("envmerge");
    std::fs::write(
        d.join("compose.yaml"),
        "services:\n  web:\n    image: \"nginx:${TAG}\"\n",
    )
    .unwrap();
    std::fs::write(d.join(".env"), "TAG=1.27\n").unwrap();
    std::fs::write(d.join("prod.env"), "TAG=latest\n").unwrap();
    std::fs::write(d.join("prod.yaml"), "services:\n  web:\n    user: root\n").unwrap();
    let rules = |out: &std::process::Output| -> Vec<String> {
        json(&out.stdout)["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let plain = portcullis()
        .args(["lint", "-f", "json"])
        .arg(d.join("compose.yaml"))
        .output()
        .unwrap();
    assert!(!rules(&plain).contains(&"DC051".to_string()));
    let with_env = portcullis()
        .args(["lint", "-f", "json", "--env-file"])
        .arg(d.join("prod.env"))
        .arg(d.join("compose.yaml"))
        .output()
        .unwrap();
    assert!(
        rules(&with_env).contains(&"DC051".to_string()),
        "{:?}",
        rules(&with_env)
    );
    let merged = portcullis()
        .args(["lint", "-f", "json", "--kind", "compose", "--merge"])
        .arg(d.join("compose.yaml"))
        .arg(d.join("prod.yaml"))
        .output()
        .unwrap();
    let v = json(&merged.stdout);
    assert_eq!(v["targets"].as_array().unwrap().len(), 1);
    let root = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DC004" && f["severity"] == "high")
        .expect("user: root from prod.yaml");
    assert!(
        root["location"]["path"]
            .as_str()
            .unwrap()
            .ends_with("prod.yaml")
    );
    let _ = std::fs::remove_dir_all(&d);
}
