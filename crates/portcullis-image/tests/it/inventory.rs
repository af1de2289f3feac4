//! Package inventories equal what an independent reading of the same databases gives.

use crate::support::*;
use portcullis_image::{ScanOptions, Source, scan};
use std::io::Read;

fn scan_path(p: &std::path::Path) -> portcullis_image::Image {
    let src = Source::parse(p.to_str().unwrap()).unwrap();
    scan(&src, &ScanOptions::default(), &mut []).unwrap()
}

/// The apk `installed` database read independently: P/V/o lines per blank-line record.
fn apk_truth(text: &str) -> Vec<(String, String, String, String)> {
    let mut out = Vec::new();
    for rec in text.split("\n\n") {
        let get = |k: &str| {
            rec.lines()
                .find_map(|l| l.strip_prefix(k))
                .map(str::to_string)
        };
        if let (Some(n), Some(v)) = (get("P:"), get("V:")) {
            let o = get("o:").unwrap_or_else(|| n.clone());
            out.push((n, v.clone(), o, v));
        }
    }
    out.sort();
    out
}

/// The `lib/apk/db/installed` member of the (single) layer of a docker-save archive, read with
/// the tar and flate2 crates directly.
fn apk_db_of_archive(path: &std::path::Path) -> String {
    let f = std::fs::File::open(path).unwrap();
    let mut outer = tar::Archive::new(flate2::read::GzDecoder::new(f));
    for e in outer.entries().unwrap() {
        let e = e.unwrap();
        if e.path().unwrap().to_string_lossy().ends_with("layer.tar") {
            let mut inner = tar::Archive::new(e);
            for f in inner.entries().unwrap() {
                let mut f = f.unwrap();
                if f.path().unwrap().to_string_lossy() == "lib/apk/db/installed" {
                    let mut s = String::new();
                    f.read_to_string(&mut s).unwrap();
                    return s;
                }
            }
        }
    }
    panic!("no apk database in {}", path.display());
}

#[test]
fn alpine_docker_save_archives_match_their_apk_database() {
    let Some(data) = testdata() else { return };
    let mut seen = 0;
    for entry in std::fs::read_dir(data.join("images")).unwrap() {
        let p = entry.unwrap().path();
        if !p.to_string_lossy().ends_with(".tar.gz") {
            continue;
        }
        seen += 1;
        let img = scan_path(&p);
        let truth = apk_truth(&apk_db_of_archive(&p));
        assert!(
            truth.len() > 10,
            "{}: only {} packages",
            p.display(),
            truth.len()
        );
        assert_eq!(quads(&img.packages), truth, "{}", p.display());
        let d = img.distro.as_ref().expect("distro");
        assert_eq!(d.id, "alpine");
        let file = p.file_name().unwrap().to_string_lossy();
        let ver = file
            .trim_start_matches("alpine-")
            .split(".docker")
            .next()
            .unwrap();
        assert_eq!(d.version_id, ver);
        assert!(img.findings.is_empty(), "{:?}", img.findings);
        for pkg in &img.packages {
            assert_eq!(pkg.layer_index, Some(0));
            assert!(pkg.layer_digest.as_deref().unwrap().starts_with("sha256:"));
            assert!(pkg.purl.starts_with("pkg:apk/alpine/"), "{}", pkg.purl);
            assert_eq!(pkg.found_in, "/lib/apk/db/installed");
        }
    }
    assert_eq!(seen, 2);
}

/// `dpkg-query -W` over a root filesystem's database: the truth for dpkg inventories.
pub fn dpkg_truth(root: &std::path::Path) -> Vec<(String, String, String, String)> {
    let out = std::process::Command::new("dpkg-query")
        .arg("-W")
        .arg(format!(
            "--admindir={}",
            root.join("var/lib/dpkg").display()
        ))
        .arg("-f")
        .arg("${Package} ${Version} ${source:Package} ${source:Version} ${db:Status-Abbrev}\n")
        .output()
        .expect("dpkg-query runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut v: Vec<_> = String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .filter(|l| l.trim_end().ends_with("ii"))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            (
                f[0].to_string(),
                f[1].to_string(),
                f[2].to_string(),
                f[3].to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

#[test]
fn debian_minbase_rootfs_from_vulndata_matches_dpkg_query() {
    let Some(data) = testdata() else { return };
    let root = data.join("rootfs/debian-12.15-minbase");
    let img = scan_path(&root);
    let truth = dpkg_truth(&root);
    assert_eq!(truth.len(), 88);
    assert_eq!(quads(&img.packages), truth);
    let d = img.distro.unwrap();
    assert_eq!((d.id.as_str(), d.version_id.as_str()), ("debian", "12"));
    assert!(img.packages.iter().all(|p| p.layer_index.is_none()));
    assert!(
        img.packages
            .iter()
            .any(|p| p.purl.starts_with("pkg:deb/debian/libc6@2.36")
                && p.purl.contains("distro=debian-12"))
    );
}

/// The minbase rootfs imported into the daemon: the same inventory read as the root filesystem,
/// as a `docker save` archive, and through the daemon; all equal `dpkg-query -W`.
#[test]
fn minbase_image_same_inventory_from_rootfs_archive_and_daemon() {
    let Some(root) = minbase() else { return };
    if !docker_available() {
        return;
    }
    let truth = dpkg_truth(&root);
    assert!(truth.len() > 80, "{} packages", truth.len());
    let tag = format!("{}:t", unique("portcullis-test-minbase"));
    let guard = ImageGuard(tag.clone());
    // tar of the rootfs piped into `docker import`.
    let mut tar = std::process::Command::new("tar")
        .args([
            "-C",
            root.to_str().unwrap(),
            "--exclude=./.complete",
            "-c",
            ".",
        ])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let import = std::process::Command::new("docker")
        .args(["import", "--change", "LABEL portcullis.test=1", "-", &tag])
        .stdin(tar.stdout.take().unwrap())
        .output()
        .unwrap();
    assert!(tar.wait().unwrap().success());
    assert!(
        import.status.success(),
        "{}",
        String::from_utf8_lossy(&import.stderr)
    );
    let tmp = tempfile::tempdir().unwrap();
    let archive = tmp.path().join("minbase.tar");
    let save = std::process::Command::new("docker")
        .args(["save", "-o", archive.to_str().unwrap(), &tag])
        .output()
        .unwrap();
    assert!(
        save.status.success(),
        "{}",
        String::from_utf8_lossy(&save.stderr)
    );

    let from_rootfs = scan_path(&root);
    let from_archive = scan_path(&archive);
    let from_daemon = scan(
        &Source::Daemon(tag.clone()),
        &ScanOptions::default(),
        &mut [],
    )
    .unwrap();
    assert_eq!(quads(&from_rootfs.packages), truth);
    assert_eq!(quads(&from_archive.packages), truth);
    assert_eq!(quads(&from_daemon.packages), truth);
    for img in [&from_archive, &from_daemon] {
        assert_eq!(img.layers.len(), 1);
        assert!(img.packages.iter().all(|p| p.layer_index == Some(0)));
        assert!(img.findings.is_empty(), "{:?}", img.findings);
        let marker = usize::from(from_rootfs.files.get("/.complete").is_some());
        assert_eq!(img.files.len(), from_rootfs.files.len() - marker);
        assert_eq!(img.distro, from_rootfs.distro);
        assert!(img.config.is_some());
    }
    assert_eq!(from_daemon.id, from_archive.id);
    assert_eq!(
        from_rootfs.distro.as_ref().unwrap().codename.as_deref(),
        Some("bookworm")
    );
    drop(guard);
}
