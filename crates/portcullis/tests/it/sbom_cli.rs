//! `portcullis sbom` and the image checks of `portcullis image`, end to end on the shared
//! Alpine archive.

use assert_cmd::Command;
use std::path::PathBuf;

fn portcullis() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    c.env("XDG_CONFIG_HOME", "/nonexistent");
    c
}

/// `alpine-3.10.4.docker-save.tar.gz` of the shared test data, or None (skip) outside CI.
fn alpine_archive() -> Option<PathBuf> {
    let root = std::env::var_os("PORTCULLIS_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/vulndata")
        });
    let p = root.join("images/alpine-3.10.4.docker-save.tar.gz");
    if p.exists() {
        return Some(p);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("{} is missing", p.display());
    }
    eprintln!(
        "skipping: {} is missing (set PORTCULLIS_TESTDATA)",
        p.display()
    );
    None
}

fn json(out: &[u8]) -> serde_json::Value {
    serde_json::from_slice(out).unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(out)))
}

#[test]
fn sbom_is_reproducible_with_source_date_epoch() {
    let Some(img) = alpine_archive() else { return };
    let run = |format: &str| {
        portcullis()
            .env("SOURCE_DATE_EPOCH", "1700000000")
            .args(["sbom", "--quiet", "--format", format])
            .arg(&img)
            .output()
            .unwrap()
    };
    let a = run("cyclonedx");
    assert!(a.status.success(), "{}", String::from_utf8_lossy(&a.stderr));
    assert_eq!(a.stdout, run("cyclonedx").stdout, "two runs differ");
    let cdx = json(&a.stdout);
    assert_eq!(cdx["specVersion"], "1.5");
    assert_eq!(cdx["metadata"]["timestamp"], "2023-11-14T22:13:20Z");
    let comps = cdx["components"].as_array().unwrap();
    assert_eq!(comps[0]["type"], "operating-system");
    assert!(comps.iter().any(|c| c["name"] == "musl"), "{cdx}");
    let s = run("spdx");
    assert!(s.status.success());
    let spdx = json(&s.stdout);
    assert_eq!(spdx["spdxVersion"], "SPDX-2.3");
    assert_eq!(spdx["packages"].as_array().unwrap().len(), comps.len() + 1);
}

#[test]
fn sbom_input_errors_exit_2() {
    let out = portcullis()
        .args(["sbom", "/nonexistent/image.tar"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("/nonexistent/image.tar"), "{err}");
    let Some(img) = alpine_archive() else { return };
    let out = portcullis()
        .env("SOURCE_DATE_EPOCH", "yesterday")
        .arg("sbom")
        .arg(&img)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("SOURCE_DATE_EPOCH"));
}

#[test]
fn image_command_reports_the_image_checks() {
    let Some(img) = alpine_archive() else { return };
    let out = portcullis()
        .args(["image", "--format", "json", "--fail-on", "none"])
        .arg(&img)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = json(&out.stdout);
    let rules: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for code in ["IMG001", "IMG002", "IMG011", "IMG012"] {
        assert!(rules.contains(&code), "{code} missing: {rules:?}");
    }
    let eol = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "IMG012")
        .unwrap();
    assert_eq!(eol["location"]["path"], "/etc/os-release");
    let root = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "IMG001")
        .unwrap();
    assert_eq!(root["location"]["object"], "image");
    assert_eq!(root["location"]["pointer"], "/config/User");
}
