//! Language packages in a multi-layer image built from the real fixtures of the test data, and
//! the same image as docker-save (plain, gzip), OCI layout (dir, tar, zstd layers), and inside a
//! multi-image archive.

use crate::support::*;
use portcullis_core::PackageKind;
use portcullis_image::{ScanOptions, Source, scan};
use std::collections::BTreeSet;
use std::path::Path;

const SITE: &str = "/usr/local/lib/python3.11/site-packages";

fn layers(data: &Path) -> Vec<Layer> {
    let lang = data.join("lang");
    let apk = std::fs::read(data.join("apk/scalibr-installed")).unwrap();
    vec![
        Layer::default()
            .file(
                "/etc/os-release",
                b"ID=alpine\nVERSION_ID=3.18.4\nPRETTY_NAME=\"Alpine Linux v3.18\"\n",
            )
            .file("/lib/apk/db/installed", &apk),
        Layer::default().tree(&lang.join("python-site"), SITE),
        Layer::default().tree(&lang.join("npm-app"), "/app").file(
            "/app/Cargo.lock",
            &std::fs::read(lang.join("cargo-app/Cargo.lock")).unwrap(),
        ),
        // A later layer deletes one distribution and the old lock file.
        Layer::default()
            .whiteout(&format!("{SITE}/idna-2.7.dist-info"))
            .whiteout("/app/package-lock.v1.json"),
    ]
}

/// `Name-Version.dist-info` directory names: the truth for Python.
fn python_truth(data: &Path) -> BTreeSet<(String, String)> {
    std::fs::read_dir(data.join("lang/python-site"))
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            let base = n.strip_suffix(".dist-info")?;
            let (name, ver) = base.rsplit_once('-')?;
            Some((name.to_string(), ver.to_string()))
        })
        .filter(|(n, _)| n != "idna")
        .collect()
}

/// The lockfile v3 `packages` entries: what npm installed into node_modules.
fn npm_truth(data: &Path) -> BTreeSet<(String, String)> {
    let lock: serde_json::Value = serde_json::from_slice(
        &std::fs::read(data.join("lang/npm-app/package-lock.json")).unwrap(),
    )
    .unwrap();
    lock["packages"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(k, _)| !k.is_empty())
        .map(|(k, v)| {
            let name = k.rsplit("node_modules/").next().unwrap().to_string();
            (name, v["version"].as_str().unwrap().to_string())
        })
        .collect()
}

fn cargo_truth(data: &Path) -> BTreeSet<(String, String)> {
    let text = std::fs::read_to_string(data.join("lang/cargo-app/Cargo.lock")).unwrap();
    let mut out = BTreeSet::new();
    let mut name = None;
    for line in text.lines() {
        if let Some(n) = line.strip_prefix("name = ") {
            name = Some(n.trim_matches('"').to_string());
        } else if let Some(v) = line.strip_prefix("version = ")
            && let Some(n) = name.take()
        {
            out.insert((n, v.trim_matches('"').to_string()));
        }
    }
    out
}

fn set_of(
    img: &portcullis_image::Image,
    kind: PackageKind,
    found: &str,
) -> BTreeSet<(String, String)> {
    img.packages
        .iter()
        .filter(|p| p.kind == kind && p.found_in.contains(found))
        .map(|p| (p.name.clone(), p.version.clone()))
        .collect()
}

fn check(img: &portcullis_image::Image, data: &Path) {
    let py = set_of(img, PackageKind::Python, SITE);
    assert_eq!(py, python_truth(data));
    assert!(
        img.packages
            .iter()
            .filter(|p| p.kind == PackageKind::Python)
            .all(|p| p.layer_index == Some(1))
    );
    let npm_installed = set_of(img, PackageKind::Npm, "/app/node_modules/");
    let npm_lock = set_of(img, PackageKind::Npm, "/app/package-lock.json");
    let truth = npm_truth(data);
    assert_eq!(truth.len(), 54);
    assert_eq!(npm_installed, truth);
    assert_eq!(npm_lock, truth);
    assert!(
        set_of(img, PackageKind::Npm, "package-lock.v1.json").is_empty(),
        "deleted file read"
    );
    assert_eq!(
        set_of(img, PackageKind::Cargo, "/app/Cargo.lock"),
        cargo_truth(data)
    );
    let apk = img
        .packages
        .iter()
        .filter(|p| p.kind == PackageKind::Apk)
        .count();
    assert!(apk > 10);
    let d = img.distro.as_ref().unwrap();
    assert_eq!((d.id.as_str(), d.version_id.as_str()), ("alpine", "3.18.4"));
    assert_eq!(img.layers.len(), 4);
    assert_eq!(img.layers[2].created_by.as_deref(), Some("step 2"));
    // The deleted file is known to have been removed by layer 3.
    let deleted = format!("{SITE}/idna-2.7.dist-info/METADATA");
    assert!(img.files.get(&deleted).is_none());
    assert_eq!(img.files.removed_in(&deleted, 1), Some(3));
    assert!(img.findings.is_empty(), "{:?}", img.findings);
    let certifi = img.packages.iter().find(|p| p.name == "certifi").unwrap();
    assert_eq!(certifi.purl, "pkg:pypi/certifi@2019.11.28");
}

#[test]
fn language_packages_in_every_archive_form() {
    let Some(data) = testdata() else { return };
    let layers = layers(&data);
    let tmp = tempfile::tempdir().unwrap();
    let plain = docker_save_archive(&[("lang:1", &layers)]);
    let forms: Vec<(&str, Vec<u8>)> = vec![
        ("save.tar", plain.clone()),
        ("save.tar.gz", gzip(&plain)),
        ("oci.tar", tar_of(&oci_layout("lang:1", &layers))),
    ];
    for (name, bytes) in forms {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let img = scan(
            &Source::parse(p.to_str().unwrap()).unwrap(),
            &ScanOptions::default(),
            &mut [],
        )
        .unwrap();
        check(&img, &data);
    }
    // An OCI layout directory.
    let dir = tmp.path().join("oci");
    for (p, d) in oci_layout("lang:1", &layers) {
        let f = dir.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, d).unwrap();
    }
    let src = Source::parse(dir.to_str().unwrap()).unwrap();
    assert!(matches!(src, Source::OciDir(_)));
    check(
        &scan(&src, &ScanOptions::default(), &mut []).unwrap(),
        &data,
    );
}

#[test]
fn several_images_in_one_archive_are_chosen_by_tag() {
    let Some(data) = testdata() else { return };
    let layers = layers(&data);
    let other = vec![Layer::default().file("/etc/os-release", b"ID=debian\nVERSION_ID=12\n")];
    let tmp = tempfile::tempdir().unwrap();
    let both = docker_save_archive(&[("other:2", &other), ("example.com/team/lang:1", &layers)]);
    for (name, bytes) in [("multi.tar", both.clone()), ("multi.tar.gz", gzip(&both))] {
        let p = tmp.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        let src = Source::parse(p.to_str().unwrap()).unwrap();
        let err = scan(&src, &ScanOptions::default(), &mut []).unwrap_err();
        assert!(
            err.0.contains("holds 2 images") && err.0.contains("other:2"),
            "{err}"
        );
        let opts = ScanOptions {
            tag: Some("example.com/team/lang:1".into()),
            ..ScanOptions::default()
        };
        let img = scan(&src, &opts, &mut []).unwrap();
        check(&img, &data);
        let opts = ScanOptions {
            tag: Some("other:2".into()),
            ..ScanOptions::default()
        };
        let img = scan(&src, &opts, &mut []).unwrap();
        assert_eq!(img.distro.unwrap().id, "debian");
        assert!(img.packages.is_empty());
        let opts = ScanOptions {
            tag: Some("missing:3".into()),
            ..ScanOptions::default()
        };
        assert!(
            scan(&src, &opts, &mut [])
                .unwrap_err()
                .0
                .contains("no image tagged")
        );
    }
}

/// A visitor sees every entry, and the content of files a later layer deletes.
#[derive(Default)]
struct Watcher {
    entries: usize,
    whiteouts: Vec<String>,
    seen: Vec<(usize, String, usize, bool)>,
}

impl portcullis_image::Visitor for Watcher {
    fn entry(
        &mut self,
        layer: &portcullis_image::LayerInfo,
        e: &portcullis_image::Entry<'_>,
    ) -> portcullis_image::Want {
        self.entries += 1;
        if e.kind == portcullis_image::EntryKind::Whiteout {
            self.whiteouts.push(e.path.to_string());
        }
        assert!(layer.index.is_some());
        if e.path.ends_with("package-lock.v1.json") {
            portcullis_image::Want::Bytes { max: 100 }
        } else {
            portcullis_image::Want::Skip
        }
    }

    fn content(
        &mut self,
        layer: &portcullis_image::LayerInfo,
        e: &portcullis_image::Entry<'_>,
        data: &[u8],
        complete: bool,
    ) {
        self.seen
            .push((layer.ordinal, e.path.to_string(), data.len(), complete));
    }
}

#[test]
fn visitors_see_deleted_files_and_whiteouts() {
    let Some(data) = testdata() else { return };
    let layers = layers(&data);
    let tmp = tempfile::tempdir().unwrap();
    let p = tmp.path().join("save.tar");
    std::fs::write(&p, docker_save_archive(&[("lang:1", &layers)])).unwrap();
    let mut w = Watcher::default();
    let img = scan(
        &Source::parse(p.to_str().unwrap()).unwrap(),
        &ScanOptions::default(),
        &mut [&mut w],
    )
    .unwrap();
    let total: usize = layers.iter().map(|l| l.entries.len()).sum();
    assert_eq!(w.entries, total);
    assert_eq!(
        w.whiteouts,
        vec![
            format!("{SITE}/idna-2.7.dist-info"),
            "/app/package-lock.v1.json".to_string()
        ]
    );
    assert_eq!(w.seen.len(), 1);
    let (ordinal, path, len, complete) = &w.seen[0];
    assert_eq!(
        (path.as_str(), *len, *complete),
        ("/app/package-lock.v1.json", 100, false)
    );
    let layer = img.layer_of_ordinal(*ordinal).unwrap();
    assert_eq!(layer, 2);
    assert_eq!(img.files.removed_in(path, layer as u32), Some(3));
}
