//! `portcullis sbom` and the image checks of `portcullis image`, end to end on the shared
//! Alpine archive.

use crate::common::{assert_ok, json, ok_json};
use assert_cmd::Command;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

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
    let report = ok_json(&out);
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

/// The `.peers` Python with cyclonedx-python-lib (scripts/test.sh installs it), or None (skip)
/// outside CI.
fn peers_python() -> Option<PathBuf> {
    let p = std::env::var_os("PORTCULLIS_PEERS_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../.peers/bin/python")
        });
    let ok = std::process::Command::new(&p)
        .args(["-c", "import cyclonedx.validation.json"])
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        return Some(p);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{} lacks cyclonedx-python-lib",
        p.display()
    );
    eprintln!(
        "skipping validation: {} lacks cyclonedx-python-lib",
        p.display()
    );
    None
}

const CDX_STRICT: &str = r#"
import sys
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
err = JsonStrictValidator(SchemaVersion.V1_5).validate_str(open(sys.argv[1]).read())
if err:
    print(repr(err)); sys.exit(1)
"#;

/// Validates a CycloneDX 1.5 file with cyclonedx-python-lib's JsonStrictValidator.
fn assert_cdx_strict(py: &std::path::Path, file: &std::path::Path) {
    let out = std::process::Command::new(py)
        .args(["-c", CDX_STRICT])
        .arg(file)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "JsonStrictValidator: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// The SBOM of `target` (with `zips` imported) lists exactly the vulnerabilities
/// `portcullis image` reports, which are those of the shared `expected` file; each points at
/// its component, carries the image command's rating and the fixed version; the document
/// passes cyclonedx-python-lib's strict validator.
/// Returns how many ratings came from a CVSS v3 vector.
fn sbom_vulnerabilities_case(data: &Path, target: &str, zips: &[&str], expected: &str) -> usize {
    let target = data.join(target);
    let cache = tempfile::tempdir().unwrap();
    let out = portcullis()
        .args(["db", "import", "--quiet", "--cache-dir"])
        .arg(cache.path())
        .args(zips.iter().map(|z| data.join(z)))
        .output()
        .unwrap();
    assert_ok(&out);

    // What `portcullis image` reports: (advisory id, purl) → the finding's detail.
    let out = portcullis()
        .args([
            "image",
            "--format",
            "json",
            "--fail-on",
            "none",
            "--cache-dir",
        ])
        .arg(cache.path())
        .arg(&target)
        .output()
        .unwrap();
    let report = ok_json(&out);
    let reported: BTreeMap<(String, String), serde_json::Value> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "VULN")
        .map(|f| {
            let v = &f["detail"]["vulnerability"];
            (
                (
                    v["id"].as_str().unwrap().to_string(),
                    f["location"]["purl"].as_str().unwrap().to_string(),
                ),
                v.clone(),
            )
        })
        .collect();
    // The ground truth of the shared data: the same advisories.
    let expected: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("expected").join(expected)).unwrap())
            .unwrap();
    let want: BTreeSet<&str> = expected
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    let got: BTreeSet<&str> = reported.keys().map(|k| k.0.as_str()).collect();
    assert_eq!(got, want);

    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("bom.cdx.json");
    let out = portcullis()
        .env("SOURCE_DATE_EPOCH", "1700000000")
        .args(["sbom", "--cache-dir"])
        .arg(cache.path())
        .arg(&target)
        .arg("-o")
        .arg(&file)
        .output()
        .unwrap();
    assert_ok(&out);
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let bom = json(&std::fs::read(&file).unwrap());
    let comps = bom["components"].as_array().unwrap();
    let mut in_bom: BTreeSet<(String, String)> = BTreeSet::new();
    let mut cvss = 0;
    for v in bom["vulnerabilities"].as_array().unwrap() {
        let r = v["affects"][0]["ref"].as_str().unwrap();
        let c = comps
            .iter()
            .find(|c| c["bom-ref"] == r)
            .unwrap_or_else(|| panic!("affects ref {r} is no component's bom-ref"));
        let key = (
            v["id"].as_str().unwrap().to_string(),
            c["purl"].as_str().unwrap().to_string(),
        );
        let finding = reported
            .get(&key)
            .unwrap_or_else(|| panic!("{key:?} not reported"));
        in_bom.insert(key);
        let rating = &v["ratings"][0];
        if finding["severity_source"] == "default" {
            assert_eq!(rating["severity"], "unknown", "{v}");
        } else {
            assert_eq!(rating["severity"], finding["severity"], "{v}");
        }
        if finding["severity_source"] == "cvss_v3" {
            cvss += 1;
            assert_eq!(rating["score"], finding["cvss_score"], "{v}");
            assert_eq!(rating["vector"], finding["cvss_vector"], "{v}");
            assert!(
                rating["method"].as_str().unwrap().starts_with("CVSSv3"),
                "{v}"
            );
        }
        match finding["fixed_version"].as_str() {
            Some(fixed) => {
                assert_eq!(v["affects"][0]["versions"][0]["version"], fixed, "{v}");
                assert_eq!(v["affects"][0]["versions"][0]["status"], "unaffected");
                assert!(v["recommendation"].as_str().unwrap().contains(fixed));
            }
            None => assert!(v.get("recommendation").is_none(), "{v}"),
        }
        // Every alias, as a reference.
        let refs: BTreeSet<&str> = v["references"]
            .as_array()
            .map(|a| a.iter().map(|r| r["id"].as_str().unwrap()).collect())
            .unwrap_or_default();
        let aliases: BTreeSet<&str> = finding["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a.as_str().unwrap())
            .collect();
        assert_eq!(refs, aliases, "{v}");
    }
    assert_eq!(in_bom, reported.keys().cloned().collect::<BTreeSet<_>>());

    if let Some(py) = peers_python() {
        assert_cdx_strict(&py, &file);
    }
    cvss
}

#[test]
fn cyclonedx_sbom_lists_the_vulnerabilities_the_image_command_reports() {
    let Some(data) = crate::common::testdata() else {
        return;
    };
    sbom_vulnerabilities_case(
        &data,
        "rootfs/debian-12.15-minbase",
        &["osv/Debian-derived/all.zip"],
        "debian-12.15-minbase__Debian-derived.json",
    );
    // RUSTSEC records carry CVSS vectors: the ratings come from them.
    let cvss = sbom_vulnerabilities_case(
        &data,
        "lang/cargo-app",
        &["osv/crates.io/all.zip"],
        "lang-cargo-app.json",
    );
    assert!(cvss >= 3, "{cvss} CVSS ratings");
}

#[test]
fn sbom_without_a_database_is_written_with_a_one_line_warning() {
    let Some(data) = crate::common::testdata() else {
        return;
    };
    let rootfs = data.join("rootfs/debian-12.15-minbase");
    let cache = tempfile::tempdir().unwrap();
    let out = portcullis()
        .args(["sbom", "--cache-dir"])
        .arg(cache.path())
        .arg(&rootfs)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("no vulnerabilities section") && err.contains("portcullis db update"),
        "{err}"
    );
    let bom = json(&out.stdout);
    assert!(!bom["components"].as_array().unwrap().is_empty());
    assert!(bom.get("vulnerabilities").is_none());
    // --no-vulns: the same document, no warning.
    let out = portcullis()
        .args(["sbom", "--no-vulns", "--cache-dir"])
        .arg(cache.path())
        .arg(&rootfs)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(json(&out.stdout).get("vulnerabilities").is_none());
}

#[test]
fn vex_not_affected_statements_become_cyclonedx_analysis_with_show_suppressed() {
    let Some(data) = crate::common::testdata() else {
        return;
    };
    let rootfs = data.join("rootfs/debian-12.15-minbase");
    let cache = tempfile::tempdir().unwrap();
    let out = portcullis()
        .args(["db", "import", "--quiet", "--cache-dir"])
        .arg(cache.path())
        .arg(data.join("osv/Debian-derived/all.zip"))
        .output()
        .unwrap();
    assert_ok(&out);
    // One of the minbase's advisories, by its CVE alias, for the pcre2 library.
    let vex = cache.path().join("vex.json");
    std::fs::write(
        &vex,
        r#"{"@context":"https://openvex.dev/ns/v0.2.0","@id":"https://example.org/vex/1",
          "author":"ops","timestamp":"2026-12-01T00:00:00Z","version":1,"statements":[
          {"vulnerability":{"name":"CVE-2026-103111"},
           "products":[{"@id":"pkg:deb/debian/libpcre2-8-0"}],
           "status":"not_affected","justification":"vulnerable_code_not_in_execute_path"}]}"#,
    )
    .unwrap();
    let sbom = |extra: &[&str]| {
        let out = portcullis()
            .args(["sbom", "--cache-dir"])
            .arg(cache.path())
            .arg("--vex")
            .arg(&vex)
            .args(extra)
            .arg(&rootfs)
            .output()
            .unwrap();
        assert_ok(&out);
        json(&out.stdout)
    };
    let ids = |bom: &serde_json::Value| -> Vec<String> {
        bom["vulnerabilities"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["id"].as_str().unwrap().to_string())
            .collect()
    };
    let plain = sbom(&[]);
    assert_eq!(ids(&plain).len(), 13);
    assert!(!ids(&plain).contains(&"DEBIAN-CL-CVE-2026-103111".to_string()));
    let shown = sbom(&["--show-suppressed"]);
    assert_eq!(ids(&shown).len(), 14);
    let v = shown["vulnerabilities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["id"] == "DEBIAN-CL-CVE-2026-103111")
        .unwrap();
    assert_eq!(v["analysis"]["state"], "not_affected", "{v}");
    assert_eq!(v["analysis"]["justification"], "code_not_reachable", "{v}");
    assert!(
        v["analysis"]["detail"]
            .as_str()
            .unwrap()
            .contains("vex.json"),
        "{v}"
    );
    assert_eq!(
        shown["vulnerabilities"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|v| v.get("analysis").is_some())
            .count(),
        1
    );
    if let Some(py) = peers_python() {
        let file = cache.path().join("bom.cdx.json");
        std::fs::write(&file, serde_json::to_vec_pretty(&shown).unwrap()).unwrap();
        assert_cdx_strict(&py, &file);
    }
}
