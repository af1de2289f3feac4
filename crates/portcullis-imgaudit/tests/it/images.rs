//! The image checks on real images: an image built by the real daemon (`docker import` of a
//! busybox root filesystem, then `docker build` with planted secrets, setuid files, a
//! world-writable directory and ADD), read as a `docker save` archive and through the daemon;
//! and the Alpine archives of the shared test data.

use crate::util::{CDX, SPDX, in_ci, peers_python, skip_or_fail, validate};
use portcullis_core::Finding;
use portcullis_image::{ScanOptions, Source, scan};
use portcullis_imgaudit::sbom::{cyclonedx, spdx};
use portcullis_imgaudit::{AuditOptions, AuditStep, sbom_input};
use std::path::{Path, PathBuf};
use std::process::Command;

fn docker_ok() -> bool {
    let ok = Command::new("docker")
        .arg("version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skip_or_fail("no Docker daemon answers (scripts/test.sh starts one)");
    }
    ok
}

fn docker(args: &[&str]) -> String {
    let out = Command::new("docker")
        .args(args)
        .env("DOCKER_BUILDKIT", "0")
        .output()
        .expect("docker runs");
    assert!(
        out.status.success(),
        "docker {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().to_string()
}

/// Removes the images a test created, also when it fails.
struct Cleanup(Vec<String>);
impl Drop for Cleanup {
    fn drop(&mut self) {
        for t in self.0.iter().rev() {
            let _ = Command::new("docker").args(["rmi", "-f", t]).output();
        }
    }
}

/// Scans an image with the image checks.
fn audit(source: &Source, reference: Option<&str>) -> (portcullis_image::Image, Vec<Finding>) {
    let mut step = AuditStep::new(AuditOptions {
        reference: reference.map(str::to_string),
        ..AuditOptions::default()
    });
    let image = scan(source, &ScanOptions::default(), &mut [step.visitor()]).expect("image reads");
    let mut out = Vec::new();
    step.finish(&image, &mut out);
    (image, out)
}

fn shell(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn built_image_with_planted_problems() {
    if !docker_ok() {
        return;
    }
    let uniq = format!(
        "portcullis-test-imgcontent-{}-{}",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    );
    let base = format!("{uniq}-base:1");
    let tag = format!("{uniq}:latest");
    let _cleanup = Cleanup(vec![base.clone(), tag.clone()]);
    let dir = tempfile::tempdir().unwrap();

    // Base: a busybox root filesystem, imported.
    let rootfs = dir.path().join("rootfs");
    std::fs::create_dir_all(rootfs.join("bin")).unwrap();
    std::fs::create_dir_all(rootfs.join("tmp")).unwrap();
    std::fs::copy("/bin/busybox", rootfs.join("bin/busybox")).expect("busybox-static installed");
    for tool in ["sh", "rm", "cp", "chmod", "mkdir"] {
        std::os::unix::fs::symlink("busybox", rootfs.join("bin").join(tool)).unwrap();
    }
    let tarball = dir.path().join("rootfs.tar");
    let st = Command::new("tar")
        .args(["-C"])
        .arg(&rootfs)
        .args(["-cf"])
        .arg(&tarball)
        .arg(".")
        .status()
        .unwrap();
    assert!(st.success());
    docker(&[
        "import",
        "--change",
        "LABEL portcullis.test=1",
        tarball.to_str().unwrap(),
        &base,
    ]);

    // The image: a secret added in layer 1 and deleted in layer 2, a setuid copy of busybox,
    // a world-writable directory, a password in ENV.
    let ctx = dir.path().join("ctx");
    std::fs::create_dir_all(&ctx).unwrap();
    let key_id = format!("AKIA{}", "Z7VRSQ5TJN2PLMHX");
    shell(
        &ctx.join("creds"),
        &format!("[default]\naws_access_key_id = {key_id}\n"),
    );
    shell(
        &ctx.join("Dockerfile"),
        &format!(
            "FROM {base}\nLABEL portcullis.test=1\nADD creds /root/.aws/credentials\nRUN rm /root/.aws/credentials\n\
             RUN cp /bin/busybox /bin/suidtool && chmod 4755 /bin/suidtool && mkdir /data && chmod 777 /data\n\
             ENV DB_PASSWORD=Tr0ub4dor3x\n"
        ),
    );
    docker(&[
        "build",
        "-q",
        "--label",
        "portcullis.test=1",
        "-t",
        &tag,
        ctx.to_str().unwrap(),
    ]);
    let archive = dir.path().join("image.tar");
    docker(&["save", "-o", archive.to_str().unwrap(), &tag]);

    let (image, findings) = audit(&Source::Archive(archive.clone()), Some(&tag));
    let has = |code: &str, text: &str| {
        findings
            .iter()
            .any(|f| f.rule == code && f.message.contains(text))
    };
    let dump = || serde_json::to_string_pretty(&findings).unwrap();
    assert!(
        has("IMG006", "present in layer 1, deleted in layer 2"),
        "{}",
        dump()
    );
    let secret = findings.iter().find(|f| f.rule == "IMG006").unwrap();
    assert_eq!(
        secret.location.path.as_deref(),
        Some("/root/.aws/credentials")
    );
    assert_eq!(secret.location.layer, image.layers[1].digest);
    assert!(has("IMG003", "/bin/suidtool"), "{}", dump());
    assert!(!has("IMG003", "/bin/busybox"), "{}", dump());
    assert!(has("IMG004", "/data"), "{}", dump());
    assert!(has("IMG005", "DB_PASSWORD"), "{}", dump());
    assert!(has("IMG007", "ADD"), "{}", dump());
    assert!(has("IMG001", "root"), "{}", dump());
    assert!(has("IMG002", "HEALTHCHECK"), "{}", dump());
    assert!(has("IMG010", "/bin/busybox"), "{}", dump());
    assert!(has("IMG013", "latest"), "{}", dump());
    // Masked everywhere.
    let all = dump();
    assert!(!all.contains(&key_id) && !all.contains("Tr0ub4dor3x"));

    // The same image through the daemon gives the same findings.
    let (_, from_daemon) = audit(&Source::parse(&tag).unwrap(), Some(&tag));
    let key = |v: &[Finding]| {
        let mut k: Vec<(String, String)> = v
            .iter()
            .map(|f| (f.rule.to_string(), f.message.clone()))
            .collect();
        k.sort();
        k
    };
    assert_eq!(key(&findings), key(&from_daemon));
}

fn shared_images() -> Vec<PathBuf> {
    let root = std::env::var_os("PORTCULLIS_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| crate::util::repo_root().join("../shared/vulndata"));
    let mut v: Vec<PathBuf> = std::fs::read_dir(root.join("images"))
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.to_string_lossy().ends_with(".tar.gz"))
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    if v.is_empty() {
        skip_or_fail("no images in PORTCULLIS_TESTDATA/images");
    }
    v
}

#[test]
fn shared_alpine_images_checks_and_sboms() {
    let images = shared_images();
    let py = if images.is_empty() {
        None
    } else {
        peers_python()
    };
    for path in images {
        let (image, findings) = audit(&Source::Archive(path.clone()), None);
        let d = image.distro.as_ref().expect("distro detected");
        assert_eq!(d.id, "alpine");
        let minor: String = d
            .version_id
            .split('.')
            .take(2)
            .collect::<Vec<_>>()
            .join(".");
        assert!(
            findings
                .iter()
                .any(|f| f.rule == "IMG012" && f.message.contains(&format!("Alpine {minor}"))),
            "{}: {findings:#?}",
            path.display()
        );
        assert!(
            !findings.iter().any(|f| f.rule == "IMG006"),
            "{}: secret false positive: {findings:#?}",
            path.display()
        );
        assert!(!image.packages.is_empty());
        let Some(py) = &py else { continue };
        let input = sbom_input(&image, time::OffsetDateTime::UNIX_EPOCH, "0.1.0");
        let dir = tempfile::tempdir().unwrap();
        let cdx = cyclonedx(&input, None);
        assert_eq!(
            cdx["components"].as_array().unwrap().len(),
            image.packages.len() + 1
        );
        for (name, doc, script) in [("c.json", cdx, CDX), ("s.json", spdx(&input), SPDX)] {
            let f = dir.path().join(name);
            std::fs::write(&f, serde_json::to_vec(&doc).unwrap()).unwrap();
            let (ok, msg) = validate(py, script, &f);
            assert!(ok, "{}: {name}: {msg}", path.display());
        }
    }
    let _ = in_ci();
}
