//! Integration tests of the secret scanner against real files: a real Debian root filesystem
//! (false positives) and planted secrets in a temporary tree (recall).

use portcullis_secrets::Scanner;
use std::path::{Path, PathBuf};

/// The minbase rootfs, or None (skip) outside CI when it is absent.
fn minbase() -> Option<PathBuf> {
    let p = std::env::var_os("PORTCULLIS_MINBASE_ROOTFS")
        .map(PathBuf::from)
        .or_else(|| {
            let d = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
                .join("../../target/test-cache/bookworm-minbase");
            d.exists().then_some(d)
        });
    match p {
        Some(p) if p.join("etc/os-release").exists() => Some(p),
        _ if std::env::var("CI").as_deref() == Ok("true") => {
            panic!(
                "PORTCULLIS_MINBASE_ROOTFS is not set or not a root filesystem (scripts/test.sh builds it)"
            )
        }
        _ => {
            eprintln!(
                "skipping: no minbase rootfs (set PORTCULLIS_MINBASE_ROOTFS; scripts/test.sh builds it)"
            );
            None
        }
    }
}

fn walk(root: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let Ok(ft) = e.file_type() else { continue };
        if ft.is_dir() {
            if !["proc", "sys", "dev"]
                .iter()
                .any(|x| e.path() == root.join(x))
            {
                walk(root, &e.path(), out);
            }
        } else if ft.is_file() {
            out.push(e.path());
        }
    }
}

/// Every regular file of a pristine Debian minbase, scanned as an image scan would: no secret.
#[test]
fn minbase_rootfs_has_no_false_positives() {
    let Some(root) = minbase() else { return };
    let mut files = Vec::new();
    walk(&root, &root, &mut files);
    assert!(files.len() > 1000, "the rootfs has files: {}", files.len());
    let s = Scanner::builtin();
    let mut scanned = 0;
    let mut hits = Vec::new();
    for f in &files {
        let Ok(bytes) = std::fs::read(f) else {
            continue;
        };
        let rel = f
            .strip_prefix(&root)
            .unwrap()
            .to_string_lossy()
            .into_owned();
        let r = s.scan_file(&rel, &bytes, bytes.len() as u64);
        if r.skipped.is_none() {
            scanned += 1;
        }
        for m in r.matches {
            hits.push(format!("{rel}:{}: {} {}", m.line, m.rule.id, m.masked));
        }
    }
    assert!(scanned > 100, "scanned {scanned} text files");
    assert!(
        hits.is_empty(),
        "false positives in a pristine rootfs:\n{}",
        hits.join("\n")
    );
}

/// Planted secrets in the places they are usually left: each is found, once, masked.
#[test]
fn planted_secrets_are_found_and_masked() {
    let dir = tempfile::tempdir().unwrap();
    let key_id = format!("AKIA{}", "Z7VRSQ5TJN2PLMHX");
    let secret: String = "wJ8rXUtn4EMIK7MDz2NGbPxRfiCYq9abc/+d"
        .chars()
        .cycle()
        .take(40)
        .collect();
    let body: String = "MIIEowIBAAKCAQEAx4Zr2LpX0vWm4Tn6Yb1Kc"
        .chars()
        .cycle()
        .take(64)
        .collect();
    let ghp = format!("ghp_{}", "q8Zr2LpX0vWm4Tn6Yb1KcJ5hGd7FsA3eRu9N");
    let files: Vec<(&str, String, &[&str])> = vec![
        (
            "root/.aws/credentials",
            format!("[default]\naws_access_key_id = {key_id}\naws_secret_access_key = {secret}\n"),
            &["aws-access-key-id", "aws-secret-access-key"],
        ),
        (
            "root/.git-credentials",
            "https://deploy:Xk29fhsQ7pLm@github.com\n".to_string(),
            &["url-credentials"],
        ),
        (
            "root/.npmrc",
            "//registry.npmjs.org/:_authToken=Zr2LpX0vWm4Tn6Yb1KcJ5hGd\n".to_string(),
            &["npmrc-auth"],
        ),
        (
            "root/.ssh/id_rsa",
            format!(
                "-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n{body}\n-----END OPENSSH PRIVATE KEY-----\n"
            ),
            &["private-key"],
        ),
        (
            "app/.env",
            format!("GITHUB_TOKEN={ghp}\nDB_PASSWORD=Tr0ub4dor3x\n"),
            &["github-pat", "generic-password"],
        ),
    ];
    let s = Scanner::builtin();
    for (rel, text, want) in &files {
        let p = dir.path().join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(&p, text).unwrap();
        let bytes = std::fs::read(&p).unwrap();
        let r = s.scan_file(rel, &bytes, bytes.len() as u64);
        let got: Vec<&str> = r.matches.iter().map(|m| m.rule.id).collect();
        assert_eq!(&got, want, "{rel}");
        for m in &r.matches {
            let raw = &text[m.start..m.end];
            if m.rule.id != "private-key" {
                assert!(
                    !m.masked.contains(raw),
                    "{rel}: masked form shows the secret"
                );
            }
        }
    }
}
