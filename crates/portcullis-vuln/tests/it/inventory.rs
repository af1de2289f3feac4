//! Inventories of the real package databases in the data set.
//!
//! TEMPORARY: minimal readers of dpkg status, apk installed, Cargo.lock, go.mod and dist-info,
//! used until the image reader's analyzers (branch `image`) are merged; then these calls go
//! through `portcullis_image`'s analyzers instead.

use portcullis_core::{Package, PackageKind};
use std::path::Path;

fn pkg(kind: PackageKind, name: &str, version: &str, found_in: &str) -> Package {
    Package {
        kind,
        name: name.to_string(),
        version: version.to_string(),
        source_name: None,
        source_version: None,
        arch: None,
        purl: format!("pkg:{}/{name}@{version}", kind.as_str()),
        licenses: Vec::new(),
        found_in: found_in.to_string(),
        layer_index: None,
        layer_digest: None,
    }
}

pub fn dpkg_status(path: &Path) -> Vec<Package> {
    let text = std::fs::read_to_string(path).expect("read dpkg status");
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        let field = |k: &str| {
            para.lines()
                .find_map(|l| l.strip_prefix(k).and_then(|r| r.strip_prefix(':')))
                .map(|v| v.trim().to_string())
        };
        let (Some(name), Some(version)) = (field("Package"), field("Version")) else {
            continue;
        };
        if !field("Status").is_some_and(|s| s.ends_with(" installed")) {
            continue;
        }
        let mut p = pkg(PackageKind::Dpkg, &name, &version, "/var/lib/dpkg/status");
        if let Some(src) = field("Source") {
            match src.split_once(' ') {
                Some((n, v)) => {
                    p.source_name = Some(n.to_string());
                    p.source_version = Some(v.trim_matches(['(', ')']).to_string());
                }
                None => p.source_name = Some(src),
            }
        }
        out.push(p);
    }
    out
}

pub fn apk_installed(path: &Path) -> Vec<Package> {
    let text = std::fs::read_to_string(path).expect("read apk installed");
    let mut out = Vec::new();
    for para in text.split("\n\n") {
        let field = |k: &str| {
            para.lines()
                .find_map(|l| l.strip_prefix(k))
                .map(|v| v.trim().to_string())
        };
        let (Some(name), Some(version)) = (field("P:"), field("V:")) else {
            continue;
        };
        let mut p = pkg(PackageKind::Apk, &name, &version, "/lib/apk/db/installed");
        p.source_name = field("o:");
        out.push(p);
    }
    out
}

pub fn cargo_lock(path: &Path) -> Vec<Package> {
    let text = std::fs::read_to_string(path).expect("read Cargo.lock");
    let mut out = Vec::new();
    for block in text.split("[[package]]").skip(1) {
        let field = |k: &str| {
            block.lines().find_map(|l| {
                l.strip_prefix(k)
                    .and_then(|r| r.trim().strip_prefix('='))
                    .map(|v| v.trim().trim_matches('"').to_string())
            })
        };
        if let (Some(n), Some(v)) = (field("name"), field("version")) {
            out.push(pkg(PackageKind::Cargo, &n, &v, "Cargo.lock"));
        }
    }
    out
}

pub fn go_mod(path: &Path) -> Vec<Package> {
    let text = std::fs::read_to_string(path).expect("read go.mod");
    let mut out = Vec::new();
    let mut in_block = false;
    for line in text.lines() {
        let l = line.split("//").next().unwrap_or("").trim();
        if l == "require (" {
            in_block = true;
            continue;
        }
        if in_block && l == ")" {
            in_block = false;
            continue;
        }
        let spec = if in_block {
            l
        } else if let Some(r) = l.strip_prefix("require ") {
            r
        } else {
            continue;
        };
        let mut it = spec.split_whitespace();
        if let (Some(n), Some(v)) = (it.next(), it.next()) {
            out.push(pkg(PackageKind::Go, n, v, "go.mod"));
        }
    }
    out
}

pub fn site_packages(dir: &Path) -> Vec<Package> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).expect("read site-packages") {
        let p = e.expect("entry").path();
        if !p.to_string_lossy().ends_with(".dist-info") {
            continue;
        }
        let meta = std::fs::read_to_string(p.join("METADATA")).expect("METADATA");
        let field = |k: &str| {
            meta.lines()
                .find_map(|l| l.strip_prefix(k))
                .map(|v| v.trim().to_string())
        };
        if let (Some(n), Some(v)) = (field("Name:"), field("Version:")) {
            out.push(pkg(PackageKind::Python, &n, &v, "METADATA"));
        }
    }
    out.sort();
    out
}
