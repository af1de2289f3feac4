use crate::util::{CDX, SPDX, minbase, peers_python, validate};
use portcullis_core::{Distro, Package, PackageKind};
use portcullis_imgaudit::sbom::{SbomInput, VulnRecord, cyclonedx, spdx};
use std::path::Path;
use std::process::Command;

/// The packages of a root filesystem as `dpkg-query` reads them: an independent reading.
fn dpkg_packages(root: &Path) -> Vec<Package> {
    let out = Command::new("dpkg-query")
        .arg(format!(
            "--admindir={}",
            root.join("var/lib/dpkg").display()
        ))
        .args([
            "-W",
            "-f",
            "${Package}\t${Version}\t${source:Package}\t${source:Version}\t${Architecture}\n",
        ])
        .output()
        .expect("dpkg-query runs");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Package {
                kind: PackageKind::Dpkg,
                name: f[0].into(),
                version: f[1].into(),
                source_name: (f[2] != f[0]).then(|| f[2].to_string()),
                source_version: (f[3] != f[1]).then(|| f[3].to_string()),
                arch: Some(f[4].into()),
                purl: format!(
                    "pkg:deb/debian/{}@{}?arch={}&distro=debian-12",
                    f[0],
                    f[1].replace(':', "%3A").replace('+', "%2B"),
                    f[4]
                ),
                licenses: vec!["GPL-2+".into()],
                found_in: "/var/lib/dpkg/status".into(),
                layer_index: Some(0),
                layer_digest: Some(format!("sha256:{}", "0".repeat(64))),
            }
        })
        .collect()
}

#[test]
fn cyclonedx_and_spdx_validate_against_the_official_validators() {
    let (Some(py), Some(root)) = (peers_python(), minbase()) else {
        return;
    };
    let packages = dpkg_packages(&root);
    assert!(
        packages.len() > 80,
        "minbase has {} packages",
        packages.len()
    );
    let distro = Distro {
        id: "debian".into(),
        version_id: "12".into(),
        codename: Some("bookworm".into()),
        pretty_name: Some("Debian GNU/Linux 12 (bookworm)".into()),
        distroless: false,
    };
    let input = SbomInput {
        image_name: "portcullis-test/minbase:12",
        image_id: Some("sha256:4b2a5e4f0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f"),
        distro: Some(&distro),
        packages: &packages,
        timestamp: time::OffsetDateTime::from_unix_timestamp(1_765_000_000).unwrap(),
        tool_version: "0.1.0",
    };
    let vulns = [VulnRecord {
        id: "CVE-2024-0001".into(),
        aliases: vec!["GHSA-2222-3333-4444".into()],
        source_name: Some("debian".into()),
        source_url: Some("https://security-tracker.debian.org/tracker/CVE-2024-0001".into()),
        purl: packages[0].purl.clone(),
        severity: Some(portcullis_core::Severity::High),
        score: Some(7.5),
        method: Some("CVSSv31".into()),
        vector: Some("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N".into()),
        description: Some("test record".into()),
        fixed_version: Some("9.9".into()),
        cwes: vec![79],
        references: vec!["https://example.org/advisory".into()],
        published: Some("2024-01-02T00:00:00Z".into()),
        updated: None,
        analysis: Some(portcullis_imgaudit::sbom::VulnAnalysis {
            state: "not_affected".into(),
            justification: Some("code_not_reachable".into()),
            detail: Some("vulnerable_code_not_in_execute_path (vex.json)".into()),
        }),
    }];
    let dir = tempfile::tempdir().unwrap();
    for (name, doc, script) in [
        ("bom.cdx.json", cyclonedx(&input, None), CDX),
        ("bom-vulns.cdx.json", cyclonedx(&input, Some(&vulns)), CDX),
        ("bom.spdx.json", spdx(&input), SPDX),
    ] {
        let f = dir.path().join(name);
        std::fs::write(&f, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
        let (ok, msg) = validate(&py, script, &f);
        assert!(ok, "{name} does not validate:\n{msg}");
        // The validator can fail: a broken copy is rejected.
        let mut broken = doc.clone();
        if script == CDX {
            broken["components"][1]["type"] = "no-such-type".into();
        } else {
            broken["packages"][1]["SPDXID"] = "not an id".into();
        }
        let b = dir.path().join(format!("broken-{name}"));
        std::fs::write(&b, serde_json::to_vec_pretty(&broken).unwrap()).unwrap();
        assert!(
            !validate(&py, script, &b).0,
            "{name}: the validator accepted a broken document"
        );
    }
}
