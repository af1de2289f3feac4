//! Hostile archives built by the tests in a temp dir: each scan ends in findings or an error,
//! never a panic; the child process's peak RSS stays under 64 MiB; nothing is written outside
//! the temp dir (nothing is written at all).
//!
//! Each scan runs in a child process (this test binary re-run on `child_scan` with
//! `PORTCULLIS_CHILD_SCAN` set), which reports its own peak RSS (`VmHWM`).

use flate2::Compression;
use flate2::write::GzEncoder;
use std::io::Write;
use std::path::{Path, PathBuf};

const RSS_LIMIT_KB: u64 = 64 * 1024;

/// Runs in the child: scans the archive named by the environment and prints the outcome.
#[test]
fn child_scan() {
    let Some(path) = std::env::var_os("PORTCULLIS_CHILD_SCAN") else {
        return;
    };
    println!();
    let src = portcullis_image::Source::parse(&path.to_string_lossy()).unwrap();
    let res = portcullis_image::scan(&src, &portcullis_image::ScanOptions::default(), &mut []);
    match res {
        Ok(img) => {
            for f in &img.findings {
                println!("FINDING {} {}", f.rule, f.message);
            }
            println!("PACKAGES {}", img.packages.len());
            println!("ENTRIES {}", img.files.len());
        }
        Err(e) => println!("ERROR {e}"),
    }
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let hwm = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .unwrap()
        .trim()
        .trim_end_matches("kB")
        .trim()
        .to_string();
    println!("VMHWM {hwm}");
}

struct Outcome {
    lines: Vec<String>,
    rss_kb: u64,
}

impl Outcome {
    fn findings(&self, rule: &str) -> Vec<&str> {
        let p = format!("FINDING {rule} ");
        self.lines
            .iter()
            .filter_map(|l| l.strip_prefix(&p))
            .collect()
    }
    fn error(&self) -> Option<&str> {
        self.lines.iter().find_map(|l| l.strip_prefix("ERROR "))
    }
}

fn run_child(dir: &Path, archive: &Path) -> Outcome {
    let before = listing(dir);
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "hostile::child_scan",
            "--exact",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("PORTCULLIS_CHILD_SCAN", archive)
        .env("HOME", dir)
        .env("TMPDIR", dir)
        .current_dir(dir)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "child failed (panic?): {stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(listing(dir), before, "the scan wrote into the temp dir");
    let lines: Vec<String> = stdout.lines().map(str::to_string).collect();
    let rss_kb = lines
        .iter()
        .find_map(|l| l.strip_prefix("VMHWM "))
        .and_then(|v| v.parse().ok())
        .expect("child reported its peak RSS");
    Outcome { lines, rss_kb }
}

fn listing(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

/// A tar header with a raw (unchecked) name.
fn raw_header(name: &str, size: u64, kind: tar::EntryType, link: Option<&str>) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    {
        let old = h.as_old_mut();
        old.name = [0; 100];
        old.name[..name.len()].copy_from_slice(name.as_bytes());
        if let Some(l) = link {
            old.linkname = [0; 100];
            old.linkname[..l.len()].copy_from_slice(l.as_bytes());
        }
    }
    h.set_size(size);
    h.set_mode(0o644);
    h.set_entry_type(kind);
    h.set_cksum();
    h
}

/// A `docker save` archive around one layer (given as the bytes of layer.tar[.gz]).
fn docker_save(dir: &Path, name: &str, layer: &[u8]) -> PathBuf {
    let path = dir.join(name);
    let f = std::fs::File::create(&path).unwrap();
    let mut b = tar::Builder::new(f);
    let config = br#"{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["sha256:0000000000000000000000000000000000000000000000000000000000000000"]},"history":[{"created_by":"test"}]}"#;
    let manifest = br#"[{"Config":"cfg.json","RepoTags":["hostile:1"],"Layers":["l1/layer.tar"]}]"#;
    let mut add = |n: &str, data: &[u8]| {
        let mut h = tar::Header::new_gnu();
        h.set_size(data.len() as u64);
        h.set_mode(0o644);
        h.set_cksum();
        b.append_data(&mut h, n, data).unwrap();
    };
    add("l1/layer.tar", layer);
    add("cfg.json", config);
    add("manifest.json", manifest);
    b.finish().unwrap();
    path
}

fn layer_of(entries: Vec<(tar::Header, Vec<u8>)>) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (h, data) in entries {
        b.append(&h, &data[..]).unwrap();
    }
    b.into_inner().unwrap()
}

fn apk_db() -> Vec<u8> {
    b"P:musl\nV:1.2.4-r2\no:musl\nA:x86_64\n\nP:busybox\nV:1.36.1-r5\no:busybox\n\n".to_vec()
}

#[test]
fn escaping_paths_are_reported_and_never_written() {
    let tmp = tempfile::tempdir().unwrap();
    let tag = format!("{}", std::process::id());
    let rel = format!("../../../../../../tmp/portcullis-escape-{tag}");
    let abs = format!("/tmp/portcullis-abs-{tag}");
    let db = apk_db();
    let layer = layer_of(vec![
        (
            raw_header(&rel, 5, tar::EntryType::Regular, None),
            b"owned".to_vec(),
        ),
        (
            raw_header(&abs, 5, tar::EntryType::Regular, None),
            b"owned".to_vec(),
        ),
        (
            raw_header(
                "etc/evil-link",
                0,
                tar::EntryType::Link,
                Some("../../../etc/shadow"),
            ),
            vec![],
        ),
        (
            raw_header(
                "lib/apk/db/installed",
                db.len() as u64,
                tar::EntryType::Regular,
                None,
            ),
            db,
        ),
    ]);
    let archive = docker_save(tmp.path(), "escape.tar", &layer);
    let o = run_child(tmp.path(), &archive);
    let unsafe_paths = o.findings("PC010");
    assert_eq!(unsafe_paths.len(), 3, "{:?}", o.lines);
    assert!(unsafe_paths.iter().any(|m| m.contains("climbs above")));
    assert!(unsafe_paths.iter().any(|m| m.contains("is absolute")));
    assert!(unsafe_paths.iter().any(|m| m.contains("hard link")));
    // The rest of the layer was still read.
    assert!(o.lines.contains(&"PACKAGES 2".to_string()), "{:?}", o.lines);
    assert!(!Path::new(&format!("/tmp/portcullis-escape-{tag}")).exists());
    assert!(!Path::new(&abs).exists());
    assert!(o.rss_kb < RSS_LIMIT_KB, "peak RSS {} kB", o.rss_kb);
}

#[test]
fn symlink_loops_end_in_a_finding() {
    let tmp = tempfile::tempdir().unwrap();
    let layer = layer_of(vec![
        (
            raw_header(
                "etc/os-release",
                0,
                tar::EntryType::Symlink,
                Some("os-release-b"),
            ),
            vec![],
        ),
        (
            raw_header(
                "etc/os-release-b",
                0,
                tar::EntryType::Symlink,
                Some("/etc/os-release"),
            ),
            vec![],
        ),
        (
            raw_header("lib", 0, tar::EntryType::Symlink, Some("lib")),
            vec![],
        ),
        (
            raw_header("a", 0, tar::EntryType::Symlink, Some("b/x")),
            vec![],
        ),
        (
            raw_header("b", 0, tar::EntryType::Symlink, Some("a/y")),
            vec![],
        ),
    ]);
    let archive = docker_save(tmp.path(), "loop.tar", &layer);
    let o = run_child(tmp.path(), &archive);
    let loops = o.findings("PC015");
    assert!(
        loops.iter().any(|m| m.contains("/etc/os-release")),
        "{:?}",
        o.lines
    );
    assert!(o.rss_kb < RSS_LIMIT_KB, "peak RSS {} kB", o.rss_kb);
}

#[test]
fn gzip_bomb_is_stopped() {
    let tmp = tempfile::tempdir().unwrap();
    // One layer: a 1 GiB file of zeros, gzip-compressed (about 1 MiB).
    let size: u64 = 1 << 30;
    let mut gz = GzEncoder::new(Vec::new(), Compression::default());
    {
        let h = raw_header("zeros", size, tar::EntryType::Regular, None);
        gz.write_all(h.as_bytes()).unwrap();
        let chunk = vec![0u8; 1 << 20];
        for _ in 0..(size >> 20) {
            gz.write_all(&chunk).unwrap();
        }
        gz.write_all(&[0u8; 1024]).unwrap();
    }
    let layer = gz.finish().unwrap();
    assert!(layer.len() < 8 << 20);
    let archive = docker_save(tmp.path(), "bomb.tar", &layer);
    let o = run_child(tmp.path(), &archive);
    let limits = o.findings("PC012");
    assert!(
        limits.iter().any(|m| m.contains("decompression bomb")),
        "{:?}",
        o.lines
    );
    assert!(o.rss_kb < RSS_LIMIT_KB, "peak RSS {} kB", o.rss_kb);
}

#[test]
fn a_million_tiny_files_stay_bounded() {
    let tmp = tempfile::tempdir().unwrap();
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    {
        let mut b = tar::Builder::new(&mut gz);
        for i in 0..1_000_000u32 {
            let name = format!("d{}/f{}", i / 1000, i % 1000);
            let h = raw_header(&name, 1, tar::EntryType::Regular, None);
            b.append(&h, &b"x"[..]).unwrap();
        }
        b.finish().unwrap();
    }
    let layer = gz.finish().unwrap();
    let archive = docker_save(tmp.path(), "million.tar", &layer);
    let o = run_child(tmp.path(), &archive);
    assert!(!o.findings("PC012").is_empty(), "{:?}", o.lines);
    assert!(o.error().is_none());
    assert!(o.rss_kb < RSS_LIMIT_KB, "peak RSS {} kB", o.rss_kb);
}

#[test]
fn huge_sparse_entry_with_a_short_body_is_a_truncated_layer() {
    let tmp = tempfile::tempdir().unwrap();
    let db = apk_db();
    let mut layer = layer_of(vec![(
        raw_header(
            "lib/apk/db/installed",
            db.len() as u64,
            tar::EntryType::Regular,
            None,
        ),
        db,
    )]);
    // Drop the end-of-archive blocks, then claim 10 GiB and deliver 4 KiB.
    layer.truncate(layer.len() - 1024);
    let h = raw_header("var/huge.img", 10 << 30, tar::EntryType::Regular, None);
    layer.extend_from_slice(h.as_bytes());
    layer.extend_from_slice(&[7u8; 4096]);
    let archive = docker_save(tmp.path(), "sparse.tar", &layer);
    let o = run_child(tmp.path(), &archive);
    assert!(!o.findings("PC011").is_empty(), "{:?}", o.lines);
    // What came before the damage was read.
    assert!(o.lines.contains(&"PACKAGES 2".to_string()), "{:?}", o.lines);
    assert!(o.rss_kb < RSS_LIMIT_KB, "peak RSS {} kB", o.rss_kb);
}

#[test]
fn truncated_layer_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let mut entries = Vec::new();
    let db = apk_db();
    entries.push((
        raw_header(
            "lib/apk/db/installed",
            db.len() as u64,
            tar::EntryType::Regular,
            None,
        ),
        db,
    ));
    for i in 0..200 {
        let body: Vec<u8> = (0..20_000u32)
            .map(|j| (j.wrapping_mul(2654435761).wrapping_add(i) >> 13) as u8)
            .collect();
        entries.push((
            raw_header(
                &format!("data/f{i}"),
                body.len() as u64,
                tar::EntryType::Regular,
                None,
            ),
            body,
        ));
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    gz.write_all(&layer_of(entries)).unwrap();
    let mut layer = gz.finish().unwrap();
    layer.truncate(layer.len() / 2);
    let archive = docker_save(tmp.path(), "truncated.tar", &layer);
    let o = run_child(tmp.path(), &archive);
    assert!(!o.findings("PC011").is_empty(), "{:?}", o.lines);
    assert!(o.rss_kb < RSS_LIMIT_KB, "peak RSS {} kB", o.rss_kb);

    // The whole archive cut short (before its manifest): a clear error, exit 2 in the CLI.
    let full = std::fs::read(&archive).unwrap();
    let cut = tmp.path().join("cut.tar");
    std::fs::write(&cut, &full[..full.len() / 3]).unwrap();
    let o = run_child(tmp.path(), &cut);
    assert!(o.error().is_some(), "{:?}", o.lines);
}
