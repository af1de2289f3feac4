//! `portcullis db import|status|update` end to end (the binary).

use crate::common::{assert_ok, testdata};
use assert_cmd::Command;

fn portcullis() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    c.env_remove("PORTCULLIS_CACHE_DIR")
        .env_remove("XDG_CACHE_HOME");
    c
}

#[test]
fn import_then_status() {
    let Some(data) = testdata() else { return };
    let cache = tempfile::tempdir().unwrap();
    portcullis()
        .args(["db", "import", "--quiet", "--cache-dir"])
        .arg(cache.path())
        .arg(data.join("osv/crates.io/all.zip"))
        .arg(data.join("osv/Alpine-derived/all.zip"))
        .assert()
        .success();
    // The cache directory also comes from the environment.
    let out = portcullis()
        .env("PORTCULLIS_CACHE_DIR", cache.path())
        .args(["db", "status", "--format", "json"])
        .output()
        .unwrap();
    assert_ok(&out);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["schema_version"], 1);
    assert_eq!(v["counts"]["crates.io"], 1193);
    assert_eq!(v["counts"]["Alpine:v3.10"], 1721);
    assert!(v["age_seconds"].as_u64().unwrap() < 3600);
    let human = portcullis()
        .args(["db", "status", "--cache-dir"])
        .arg(cache.path())
        .output()
        .unwrap();
    let text = String::from_utf8(human.stdout).unwrap();
    assert!(
        text.contains("schema     1") && text.contains("Alpine:v3.4"),
        "{text}"
    );
}

#[test]
fn missing_and_broken_inputs_exit_2_with_one_line() {
    let cache = tempfile::tempdir().unwrap();
    let out = portcullis()
        .args(["db", "status", "--cache-dir"])
        .arg(cache.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("db update") && err.lines().count() == 1,
        "{err}"
    );

    let bad = cache.path().join("bad.zip");
    std::fs::write(&bad, b"PK\x03\x04 not really a zip").unwrap();
    let out = portcullis()
        .args(["db", "import", "--cache-dir"])
        .arg(cache.path())
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("bad.zip") && err.contains("previous database is kept"),
        "{err}"
    );
    assert!(!cache.path().join("vulns.redb").exists());

    // An unreachable mirror.
    let out = portcullis()
        .args([
            "db",
            "update",
            "--quiet",
            "--base-url",
            "http://127.0.0.1:9",
            "--ecosystem",
            "PyPI",
            "--cache-dir",
        ])
        .arg(cache.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("127.0.0.1:9") && err.contains("previous database is kept"),
        "{err}"
    );
}
