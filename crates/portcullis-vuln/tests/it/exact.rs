//! Must show 1: with the OSV data of `osv/` imported, the findings for every case in
//! `expected/` equal the expected set exactly.

use super::inventory::{self, Content, read, rootfs};
use super::testdata;
use portcullis_core::{Distro, Finding, Package};
use portcullis_vuln::scan::{ScanOptions, scan};
use portcullis_vuln::store::Db;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// One database with every shared OSV zip, built once per test run.
fn db() -> Option<&'static Db> {
    static DB: OnceLock<Option<(tempfile::TempDir, Db)>> = OnceLock::new();
    DB.get_or_init(|| {
        let data = testdata::dir()?;
        let dir = tempfile::tempdir().expect("tempdir");
        let zips: Vec<PathBuf> = [
            "Alpine-derived",
            "Debian-derived",
            "PyPI",
            "crates.io",
            "Go",
        ]
        .iter()
        .map(|e| data.join("osv").join(e).join("all.zip"))
        .collect();
        portcullis_vuln::import::import_paths(dir.path(), &zips).expect("import shared OSV data");
        let db = Db::open_in(dir.path()).expect("open imported db");
        Some((dir, db))
    })
    .as_ref()
    .map(|(_, db)| db)
}

fn expected(data: &Path, file: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(data.join("expected").join(file)).expect("expected file");
    serde_json::from_str(&text).expect("expected JSON")
}

fn vulns(d: Option<&Distro>, pkgs: &[Package]) -> Vec<Finding> {
    let out = scan(
        db().expect("db"),
        d,
        pkgs,
        &ScanOptions {
            max_age_secs: u64::MAX,
            ..ScanOptions::default()
        },
    )
    .expect("scan");
    let (v, other): (Vec<_>, Vec<_>) = out.findings.into_iter().partition(|f| f.rule == "VULN");
    assert!(other.is_empty(), "unexpected tool findings: {other:#?}");
    v
}

fn field<'a>(f: &'a Finding, k: &str) -> &'a str {
    f.detail.as_ref().unwrap()["vulnerability"][k]
        .as_str()
        .unwrap_or("")
}

fn assert_sets<T: Ord + std::fmt::Debug>(got: BTreeSet<T>, want: BTreeSet<T>, what: &str) {
    let missing: Vec<_> = want.difference(&got).collect();
    let extra: Vec<_> = got.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{what}: {} expected, {} found\nmissing: {missing:#?}\nextra: {extra:#?}",
        want.len(),
        got.len()
    );
}

#[test]
fn debian_minbase_debian_derived() {
    let Some(data) = testdata::dir() else { return };
    let image = read(&data.join("rootfs/debian-12.15-minbase"));
    assert_eq!(image.packages.len(), 88);
    let d = image.distro.as_ref().expect("distro");
    assert_eq!((d.id.as_str(), d.version_id.as_str()), ("debian", "12"));
    let got: BTreeSet<_> = vulns(Some(d), &image.packages)
        .iter()
        .map(|f| {
            (
                field(f, "package").to_string(),
                field(f, "installed_version").to_string(),
                field(f, "source_package").to_string(),
                field(f, "source_version").to_string(),
                field(f, "id").to_string(),
                field(f, "fixed_version").to_string(),
            )
        })
        .collect();
    let want: BTreeSet<_> = expected(&data, "debian-12.15-minbase__Debian-derived.json")
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (
                s("binary"),
                s("binary_version"),
                s("source"),
                s("source_version"),
                s("id"),
                s("fixed"),
            )
        })
        .collect();
    assert_eq!(want.len(), 14);
    assert_sets(got, want, "minbase vs Debian-derived");
}

/// The archive oracle (bookworm-security Packages + changelogs) is a second, independent
/// source. Every (source, CVE) it lists that the imported OSV data has a record for is found,
/// with the archive's fixed version, and nothing outside the oracle is found.
#[test]
fn debian_minbase_bookworm_security_oracle() {
    let Some(data) = testdata::dir() else { return };
    let image = read(&data.join("rootfs/debian-12.15-minbase"));
    let found = vulns(image.distro.as_ref(), &image.packages);
    let mut got: BTreeSet<(String, String, String)> = BTreeSet::new();
    for f in &found {
        let cves: Vec<String> = f.detail.as_ref().unwrap()["vulnerability"]["aliases"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(|a| a.as_str().map(str::to_string))
            .filter(|a| a.starts_with("CVE-"))
            .collect();
        for c in cves {
            got.insert((
                field(f, "source_package").into(),
                c,
                field(f, "fixed_version").into(),
            ));
        }
    }
    let reader = db().unwrap().reader().unwrap();
    let mut want = BTreeSet::new();
    let mut without_record = Vec::new();
    for e in expected(&data, "debian-12.15-minbase__bookworm-security.json") {
        let src = e["source"].as_str().unwrap();
        let fixed = e["fixed"].as_str().unwrap();
        for c in e["cves"].as_array().unwrap() {
            let c = c.as_str().unwrap();
            if reader
                .advisory(&format!("DEBIAN-CL-{c}"))
                .unwrap()
                .is_some()
            {
                want.insert((src.to_string(), c.to_string(), fixed.to_string()));
            } else {
                without_record.push(format!("{src} {c}"));
            }
        }
    }
    // The oracle's 15 (source, CVE) pairs: 14 have an OSV record; apt's is missing from the
    // derived data (native package, changelog.gz not read by the converter).
    assert_eq!(want.len() + without_record.len(), 15);
    assert_eq!(without_record, ["apt CVE-2026-109518"]);
    assert_sets(got, want, "minbase vs bookworm-security oracle");
}

#[test]
fn apk_trivy_v34() {
    let Some(data) = testdata::dir() else { return };
    // The trivy 3.4-era installed database in an Alpine 3.4 root filesystem.
    let root = rootfs(&[
        (
            "lib/apk/db/installed",
            Content::Copy(&data.join("apk/trivy-apk-installed")),
        ),
        (
            "etc/os-release",
            Content::Text("NAME=\"Alpine Linux\"\nID=alpine\nVERSION_ID=3.4.6\n"),
        ),
    ]);
    // The fixture has a record without a version, injected by trivy's tests: the reader
    // reports it (PC) and leaves it out.
    let image = inventory::read_allowing(root.path(), &["invalidPackageWithoutAVersion"]);
    let found = vulns(image.distro.as_ref(), &image.packages);
    let got: BTreeSet<_> = found
        .iter()
        .map(|f| {
            (
                field(f, "package").to_string(),
                field(f, "source_package").to_string(),
                field(f, "installed_version").to_string(),
                // Derived ids are ALPINE-<CVE id>; the expected file names the CVE.
                field(f, "id").trim_start_matches("ALPINE-").to_string(),
            )
        })
        .collect();
    let exp = expected(&data, "apk-trivy-v3.4__secdb-v3.4.json");
    let want: BTreeSet<_> = exp
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (s("package"), s("origin"), s("installed"), s("id"))
        })
        .collect();
    assert_eq!(want.len(), 57);
    assert_sets(got, want, "trivy apk DB vs Alpine:v3.4");
    // One advisory listed twice with different fixes (CVE-2017-3738): the fix reported is the
    // version past both; otherwise the expected fix.
    let mut fixes: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for e in &exp {
        fixes
            .entry((
                e["package"].as_str().unwrap().into(),
                e["id"].as_str().unwrap().into(),
            ))
            .or_default()
            .insert(e["fixed"].as_str().unwrap().into());
    }
    for f in &found {
        let id = field(f, "id").trim_start_matches("ALPINE-").to_string();
        let want = fixes[&(field(f, "package").to_string(), id.clone())]
            .iter()
            .max_by(|a, b| portcullis_vuln::version::apk::compare(a, b))
            .unwrap()
            .clone();
        assert_eq!(field(f, "fixed_version"), want, "{id}");
    }
}

/// The real Alpine 3.10.4 and 3.11.5 images (docker save archives) against their releases'
/// data: the data is older than the images, so nothing is found.
#[test]
fn alpine_images_have_no_findings() {
    let Some(data) = testdata::dir() else { return };
    for (file, want) in [
        (
            "alpine-3.10.4.docker-save.tar.gz",
            "image-alpine-3.10.4__secdb-v3.10.json",
        ),
        (
            "alpine-3.11.5.docker-save.tar.gz",
            "image-alpine-3.11.5__secdb-v3.11.json",
        ),
    ] {
        let image = read(&data.join("images").join(file));
        assert_eq!(image.packages.len(), 14, "{file}");
        let d = image.distro.as_ref().expect("distro");
        assert_eq!(d.id, "alpine");
        // The release's advisories are in the database, so the empty result is a real answer.
        let eco = format!("Alpine:v{}", d.version_id.rsplit_once('.').unwrap().0);
        assert!(db().unwrap().metadata().counts[&eco] > 1000, "{eco}");
        let found = vulns(Some(d), &image.packages);
        assert!(expected(&data, want).is_empty());
        assert!(found.is_empty(), "{file}: {found:#?}");
    }
}

fn lang_case(file: &str, pkgs: Vec<Package>) {
    let Some(data) = testdata::dir() else { return };
    let norm = |eco: &str, n: &str| portcullis_vuln::osv::normalize_name(eco, n);
    let eco = match pkgs[0].kind {
        portcullis_core::PackageKind::Python => "PyPI",
        portcullis_core::PackageKind::Cargo => "crates.io",
        _ => "Go",
    };
    let got: BTreeSet<_> = vulns(None, &pkgs)
        .iter()
        .map(|f| {
            (
                norm(eco, field(f, "package")),
                field(f, "installed_version").to_string(),
                field(f, "id").to_string(),
            )
        })
        .collect();
    let want: BTreeSet<_> = expected(&data, file)
        .iter()
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap().to_string();
            (norm(eco, &s("name")), s("version"), s("id"))
        })
        .collect();
    assert!(!want.is_empty());
    assert_sets(got, want, file);
}

#[test]
fn lang_python_site() {
    let Some(data) = testdata::dir() else { return };
    let root = rootfs(&[(
        "usr/local/lib/python3.11/site-packages",
        Content::Copy(&data.join("lang/python-site")),
    )]);
    let pkgs = read(root.path()).packages;
    assert_eq!(pkgs.len(), 7);
    lang_case("lang-python-site.json", pkgs);
}

#[test]
fn lang_cargo_app() {
    let Some(data) = testdata::dir() else { return };
    let root = rootfs(&[(
        "app/Cargo.lock",
        Content::Copy(&data.join("lang/cargo-app/Cargo.lock")),
    )]);
    lang_case("lang-cargo-app.json", read(root.path()).packages);
}

#[test]
fn lang_trivy_ci_test_cargo() {
    let Some(data) = testdata::dir() else { return };
    let root = rootfs(&[(
        "src/Cargo.lock",
        Content::Copy(&data.join("lang/trivy-ci-test/Cargo.lock")),
    )]);
    lang_case("lang-trivy-ci-test-cargo.json", read(root.path()).packages);
}

#[test]
fn lang_go_mod_trivy() {
    let Some(data) = testdata::dir() else { return };
    lang_case(
        "lang-go-mod-trivy.json",
        inventory::go_mod(&data.join("lang/go-mod/go.mod")),
    );
}
