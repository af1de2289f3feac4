//! `portcullis image`: exit codes, JSON report, inventory output, errors.

use crate::common::testdata;
use assert_cmd::Command;
use std::path::PathBuf;

fn portcullis() -> Command {
    let mut c = Command::cargo_bin("portcullis").unwrap();
    c.env("NO_COLOR", "1");
    c
}

/// A docker-save archive whose one layer holds an escaping entry and an apk database.
fn hostile_archive(dir: &std::path::Path) -> PathBuf {
    let mut layer = tar::Builder::new(Vec::new());
    let mut h = tar::Header::new_gnu();
    let name = b"../../escape";
    h.as_old_mut().name[..name.len()].copy_from_slice(name);
    h.set_size(1);
    h.set_mode(0o644);
    h.set_cksum();
    layer.append(&h, &b"x"[..]).unwrap();
    let db = b"P:musl\nV:1.2.4-r2\no:musl\n\n";
    let mut h = tar::Header::new_gnu();
    h.set_size(db.len() as u64);
    h.set_mode(0o644);
    layer
        .append_data(&mut h, "lib/apk/db/installed", &db[..])
        .unwrap();
    let layer = layer.into_inner().unwrap();
    let path = dir.join("img.tar");
    let mut b = tar::Builder::new(std::fs::File::create(&path).unwrap());
    for (n, d) in [
        ("l/layer.tar", layer.as_slice()),
        (
            "c.json",
            br#"{"rootfs":{"diff_ids":["sha256:ab"]}}"#.as_slice(),
        ),
        (
            "manifest.json",
            br#"[{"Config":"c.json","RepoTags":["h:1"],"Layers":["l/layer.tar"]}]"#.as_slice(),
        ),
    ] {
        let mut h = tar::Header::new_gnu();
        h.set_size(d.len() as u64);
        h.set_mode(0o644);
        b.append_data(&mut h, n, d).unwrap();
    }
    b.finish().unwrap();
    path
}

#[test]
fn image_findings_exit_one_and_follow_the_json_contract() {
    let tmp = tempfile::tempdir().unwrap();
    let a = hostile_archive(tmp.path());
    let out = portcullis()
        .args(["image", "--no-config", "--format", "json"])
        .arg(&a)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["targets"][0]["kind"], "image");
    assert_eq!(v["targets"][0]["name"], "h:1");
    // The image checks (IMG) report too; the reader's PC010 is among the findings.
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "PC010")
        .expect("PC010 reported");
    assert_eq!(f["location"]["layer"], "sha256:ab");
    assert_eq!(f["location"]["path"], "../../escape");
    // --fail-on none: exit 0.
    portcullis()
        .args(["image", "--no-config", "--quiet", "--fail-on", "none"])
        .arg(&a)
        .assert()
        .code(0);
    // PC010 is in the rule catalogue.
    portcullis().args(["explain", "PC010"]).assert().code(0);
}

#[test]
fn list_packages_prints_the_inventory() {
    let tmp = tempfile::tempdir().unwrap();
    let a = hostile_archive(tmp.path());
    let out = portcullis()
        .args(["image", "--list-packages", "--format", "json"])
        .arg(&a)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["packages"][0]["name"], "musl");
    assert_eq!(v["packages"][0]["layer_index"], 0);
    let out = portcullis()
        .args(["image", "--format", "packages"])
        .arg(&a)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("KIND"));
    assert!(text.contains("apk   musl  1.2.4-r2"), "{text}");
}

#[test]
fn image_input_errors_exit_two_with_one_line() {
    let tmp = tempfile::tempdir().unwrap();
    let not_image = tmp.path().join("notes.txt");
    std::fs::write(&not_image, "hello").unwrap();
    let out = portcullis().arg("image").arg(&not_image).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("notes.txt: not an image archive"), "{err}");
    assert_eq!(err.lines().count(), 1);
    let out = portcullis()
        .args(["image", "./no/such/archive.tar"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn alpine_archive_through_the_binary() {
    let Some(data) = testdata() else { return };
    let out = portcullis()
        .args(["image", "--list-packages", "--format", "json"])
        .arg(data.join("images/alpine-3.10.4.docker-save.tar.gz"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["distro"]["id"], "alpine");
    assert_eq!(v["image"], "alpine:3.10");
    assert_eq!(v["packages"].as_array().unwrap().len(), 14);
}
