//! The binary end to end: exit codes, configuration, pragmas, stdin, fixes, errors.

use crate::common::json;
use assert_cmd::Command;
use std::path::Path;

fn portcullis() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    c.env_remove("NO_COLOR")
        .env("XDG_CONFIG_HOME", "/nonexistent");
    c
}

fn write(dir: &Path, name: &str, text: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    if let Some(parent) = p.parent() {
        std::fs::create_dir_all(parent).unwrap();
    }
    std::fs::write(&p, text).unwrap();
    p
}

fn codes(v: &serde_json::Value) -> Vec<String> {
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect()
}

const INSECURE: &str =
    "FROM node:latest\nRUN apt-get update && apt-get install -y curl\nCMD node server.js\n";
const CLEAN: &str = "FROM node:22.11-slim\nUSER 10001\nHEALTHCHECK CMD [\"node\", \"healthcheck.js\"]\nCMD [\"node\", \"server.js\"]\n";

#[test]
fn exit_codes_follow_the_threshold() {
    let d = tempfile::tempdir().unwrap();
    let bad = write(d.path(), "Dockerfile", INSECURE);
    let good = write(d.path(), "clean/Dockerfile", CLEAN);
    portcullis()
        .args(["lint", "--format", "json"])
        .arg(&bad)
        .assert()
        .code(1);
    portcullis()
        .args(["lint", "--format", "json"])
        .arg(&good)
        .assert()
        .code(0);
    portcullis()
        .args(["lint", "--fail-on", "none"])
        .arg(&bad)
        .assert()
        .code(0);
    portcullis()
        .args(["lint", "--fail-on", "critical"])
        .arg(&bad)
        .assert()
        .code(0);
    portcullis()
        .args(["lint", "--fail-on", "bogus"])
        .arg(&bad)
        .assert()
        .code(2);
    portcullis()
        .args(["lint", "--format", "yaml"])
        .arg(&bad)
        .assert()
        .code(2);
    let out = portcullis()
        .args(["lint"])
        .arg(d.path().join("missing"))
        .assert()
        .code(2)
        .get_output()
        .clone();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("missing: no such file or directory"), "{err}");
}

#[test]
fn json_report_follows_the_contract() {
    let d = tempfile::tempdir().unwrap();
    let bad = write(d.path(), "Dockerfile", INSECURE);
    let out = portcullis()
        .args(["lint", "--format", "json"])
        .arg(&bad)
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["tool"]["name"], "portcullis");
    assert_eq!(v["targets"][0]["kind"], "dockerfile");
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DF007")
        .expect("DF007");
    assert_eq!(f["name"], "latest-tag");
    assert_eq!(f["practice"], "updates");
    assert_eq!(f["location"]["line"], 1);
    assert_eq!(f["location"]["column"], 6);
    assert!(
        f["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "DL3007")
    );
    let total: u64 = v["summary"]["by_severity"]
        .as_object()
        .unwrap()
        .values()
        .map(|n| n.as_u64().unwrap())
        .sum();
    assert_eq!(total as usize, v["findings"].as_array().unwrap().len());
    // Deterministic: the same bytes twice.
    let again = portcullis()
        .args(["lint", "--format", "json"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.stdout, again.stdout);
}

#[test]
fn severity_filter_drops_lower_findings() {
    let d = tempfile::tempdir().unwrap();
    let bad = write(d.path(), "Dockerfile", INSECURE);
    let out = portcullis()
        .args(["lint", "--format", "json", "--severity", "high"])
        .arg(&bad)
        .output()
        .unwrap();
    let v = json(&out.stdout);
    for f in v["findings"].as_array().unwrap() {
        let s = f["severity"].as_str().unwrap();
        assert!(s == "high" || s == "critical", "{s}");
    }
}

#[test]
fn stdin_is_a_dockerfile() {
    let out = portcullis()
        .args([
            "lint",
            "--format",
            "json",
            "--stdin-filename",
            "app/Dockerfile",
            "-",
        ])
        .write_stdin(INSECURE)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v = json(&out.stdout);
    assert_eq!(v["targets"][0]["path"], "app/Dockerfile");
    assert!(codes(&v).contains(&"DF007".to_string()));
}

#[test]
fn pragmas_resolve_aliases_and_unused_ones_are_reported() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "Dockerfile",
        "# hadolint ignore=DL3007\nFROM node:latest\n# portcullis ignore=DF003 -- not root here\nUSER 10001\n",
    );
    let out = portcullis()
        .args(["lint", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let c = codes(&v);
    assert!(!c.contains(&"DF007".to_string()), "{c:?}");
    let unused: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "PC002")
        .collect();
    assert_eq!(unused.len(), 1, "{c:?}");
    assert_eq!(unused[0]["location"]["line"], 3);
    assert!(unused[0]["message"].as_str().unwrap().contains("DF003"));
}

#[test]
fn portcullis_toml_ignores_overrides_and_expiry() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "svc/Dockerfile", INSECURE);
    write(
        d.path(),
        ".portcullis.toml",
        "ignore = [\"DL3015\"]\nfail-on = \"critical\"\n[severity]\nDF007 = \"critical\"\n\n\
         [[ignores]]\npaths = [\"svc/**\"]\nrules = [\"DF025\"]\nreason = \"CMD kept in shell form on purpose\"\nexpires = \"2001-01-01\"\n",
    );
    let out = portcullis()
        .current_dir(d.path())
        .args(["lint", "--format", "json", "svc/Dockerfile"])
        .output()
        .unwrap();
    let _ = f;
    let v = json(&out.stdout);
    let c = codes(&v);
    assert!(!c.contains(&"DF015".to_string()), "ignored by alias: {c:?}");
    let latest = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "DF007")
        .unwrap();
    assert_eq!(latest["severity"], "critical");
    assert_eq!(
        out.status.code(),
        Some(1),
        "critical finding with fail-on critical"
    );
    // The ignore expired: its findings are back, plus PC003 at the config line.
    assert!(
        c.contains(&"DF025".to_string()) || !c.contains(&"PC003".to_string()),
        "{c:?}"
    );
}

#[test]
fn config_errors_exit_2_with_file_and_line() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "Dockerfile", CLEAN);
    write(
        d.path(),
        ".portcullis.toml",
        "ignore = [\"DF007\"]\n\n[severity]\nDF007 = \"severe\"\n",
    );
    let out = portcullis().args(["lint"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(".portcullis.toml:4: unknown severity `severe`"),
        "{err}"
    );
    write(d.path(), ".portcullis.toml", "ignore = [\"DF999\"]\n");
    let out = portcullis().args(["lint"]).arg(&f).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains(".portcullis.toml:1: unknown rule code `DF999`")
    );
}

#[test]
fn hadolint_yaml_is_honoured_without_a_portcullis_toml() {
    let d = tempfile::tempdir().unwrap();
    let f = write(d.path(), "Dockerfile", INSECURE);
    write(
        d.path(),
        ".hadolint.yaml",
        "ignored:\n  - DL3007\nfailure-threshold: error\n",
    );
    let out = portcullis()
        .args(["lint", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    let v = json(&out.stdout);
    assert!(!codes(&v).contains(&"DF007".to_string()));
}

#[test]
fn fix_and_diff() {
    let d = tempfile::tempdir().unwrap();
    let f = write(
        d.path(),
        "Dockerfile",
        "FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl\nUSER 1000\n",
    );
    let out = portcullis()
        .args(["lint", "--diff"])
        .arg(&f)
        .output()
        .unwrap();
    let diff = String::from_utf8_lossy(&out.stdout);
    assert!(
        diff.contains("+RUN apt-get update && apt-get install --no-install-recommends -y curl"),
        "{diff}"
    );
    assert_eq!(
        std::fs::read_to_string(&f).unwrap().lines().nth(1).unwrap(),
        "RUN apt-get update && apt-get install -y curl"
    );
    portcullis()
        .args(["lint", "--fix", "--quiet", "--fail-on", "none"])
        .arg(&f)
        .assert()
        .code(0);
    let fixed = std::fs::read_to_string(&f).unwrap();
    assert!(
        fixed.contains("install --no-install-recommends -y curl"),
        "{fixed}"
    );
    let out = portcullis()
        .args(["lint", "--format", "json"])
        .arg(&f)
        .output()
        .unwrap();
    assert!(!codes(&json(&out.stdout)).contains(&"DF015".to_string()));
}

#[test]
fn hostile_files_give_clear_errors() {
    let d = tempfile::tempdir().unwrap();
    let nul = d.path().join("Dockerfile.nul");
    std::fs::write(&nul, b"FROM alpine\0\nRUN x\n").unwrap();
    let out = portcullis().args(["lint"]).arg(&nul).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("Dockerfile.nul: binary file (NUL byte at offset 11)"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");

    let latin1 = d.path().join("Dockerfile.latin1");
    std::fs::write(&latin1, b"FROM alpine:3.20\n# caf\xe9\nUSER 1000\n").unwrap();
    let out = portcullis()
        .args(["lint", "--format", "json"])
        .arg(&latin1)
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let pc: Vec<_> = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "PC001")
        .collect();
    assert_eq!(pc.len(), 1);
    assert_eq!(pc[0]["location"]["line"], 2);
}

#[test]
fn directories_are_walked_honouring_gitignore() {
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "a/Dockerfile", CLEAN);
    write(d.path(), "b/api.Dockerfile", CLEAN);
    write(d.path(), "c/Containerfile", CLEAN);
    write(d.path(), "d/Dockerfile.prod", CLEAN);
    write(d.path(), "vendor/Dockerfile", CLEAN);
    write(d.path(), "notes.txt", "FROM x\n");
    write(d.path(), ".gitignore", "vendor/\n");
    let out = portcullis()
        .args(["lint", "--format", "json"])
        .arg(d.path())
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let mut paths: Vec<String> = v["targets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| {
            t["path"]
                .as_str()
                .unwrap()
                .rsplit_once(&*d.path().to_string_lossy())
                .map(|x| x.1.to_string())
                .unwrap_or_default()
        })
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        vec![
            "/a/Dockerfile",
            "/b/api.Dockerfile",
            "/c/Containerfile",
            "/d/Dockerfile.prod"
        ]
    );
}

#[test]
fn broken_pipe_exits_quietly() {
    let d = tempfile::tempdir().unwrap();
    for i in 0..200 {
        write(d.path(), &format!("s{i}/Dockerfile"), INSECURE);
    }
    let bin = assert_cmd::cargo::cargo_bin("portcullis");
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!(
            "'{}' lint --color never '{}' | head -1; exit ${{PIPESTATUS:-0}}",
            bin.display(),
            d.path().display()
        ))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        !err.contains("panicked") && !err.contains("Broken pipe"),
        "{err}"
    );
}

#[test]
fn rules_and_explain() {
    let out = portcullis()
        .args(["rules", "--format", "json"])
        .output()
        .unwrap();
    let v = json(&out.stdout);
    let rules = v.as_array().unwrap();
    assert!(rules.len() >= 80, "{} rules", rules.len());
    let out = portcullis().args(["explain", "DL3007"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.starts_with("DF007 latest-tag"), "{text}");
    assert!(text.contains("## Why is this bad?"), "{text}");
    portcullis().args(["explain", "NOPE123"]).assert().code(2);
}
