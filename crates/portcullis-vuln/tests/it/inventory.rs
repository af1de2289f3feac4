//! Inventories of the real package databases in the data set, read by the image reader
//! (`portcullis_image`) from a root filesystem, as `portcullis image` reads them.
//!
//! `go.mod` is the exception: the image reader takes Go modules from binaries' build info (a
//! go.mod is rarely in an image), so the trivy go.mod fixture is read here.

use portcullis_core::{Package, PackageKind};
use portcullis_image::{Image, ScanOptions, Source, scan};
use std::path::Path;

/// Reads an image, archive or root filesystem with the image reader.
pub fn read(path: &Path) -> Image {
    read_allowing(path, &[])
}

/// Like [`read`], allowing image-reader findings whose message names one of `allowed`.
pub fn read_allowing(path: &Path, allowed: &[&str]) -> Image {
    let src = Source::parse(path.to_str().expect("utf-8 path")).expect("image source");
    let image = scan(&src, &ScanOptions::default(), &mut []).expect("image scan");
    let unexpected: Vec<_> = image
        .findings
        .iter()
        .filter(|f| !allowed.iter().any(|a| f.message.contains(a)))
        .collect();
    assert!(
        unexpected.is_empty(),
        "image reader findings: {unexpected:#?}"
    );
    image
}

/// A root filesystem in a temporary directory holding `files` (copied from the data set or
/// written: (destination, source path or content)).
pub fn rootfs(files: &[(&str, Content<'_>)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (dest, content) in files {
        let to = dir.path().join(dest.trim_start_matches('/'));
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        match content {
            Content::Text(t) => std::fs::write(&to, t).unwrap(),
            Content::Copy(from) => copy_tree(from, &to),
        }
    }
    dir
}

pub enum Content<'a> {
    Text(&'a str),
    Copy(&'a Path),
}

fn copy_tree(from: &Path, to: &Path) {
    if from.is_dir() {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap() {
            let e = e.unwrap();
            copy_tree(&e.path(), &to.join(e.file_name()));
        }
    } else {
        std::fs::copy(from, to).unwrap();
    }
}

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
