//! Test data and helpers.

use std::path::PathBuf;

/// `PORTCULLIS_TESTDATA` (default `../shared/vulndata` from the repo root). Absent: skip with a
/// reason, except under `CI=true`, where it is a failure.
pub fn testdata() -> Option<PathBuf> {
    let p = std::env::var_os("PORTCULLIS_TESTDATA")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared/vulndata"));
    if p.join("README.md").is_file() {
        return Some(p);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("test data missing at {} (CI=true)", p.display());
    }
    eprintln!(
        "skipping: test data not found at {} (set PORTCULLIS_TESTDATA)",
        p.display()
    );
    None
}

/// The debootstrap minbase bookworm rootfs (`PORTCULLIS_MINBASE_ROOTFS`).
pub fn minbase() -> Option<PathBuf> {
    let p = std::env::var_os("PORTCULLIS_MINBASE_ROOTFS")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/test-cache/bookworm-minbase"));
    if p.join("var/lib/dpkg/status").is_file() {
        return Some(p);
    }
    if std::env::var("CI").as_deref() == Ok("true") {
        panic!("minbase rootfs missing at {} (CI=true)", p.display());
    }
    eprintln!(
        "skipping: minbase rootfs not found at {} (set PORTCULLIS_MINBASE_ROOTFS)",
        p.display()
    );
    None
}

pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Whether a Docker daemon answers (tests needing it skip otherwise, except under CI).
pub fn docker_available() -> bool {
    let ok = std::process::Command::new("docker")
        .args(["version", "--format", "{{.Server.Version}}"])
        .output()
        .map(|o| o.status.success())
        .unwrap_or(false);
    if !ok {
        if std::env::var("CI").as_deref() == Ok("true") {
            panic!("no Docker daemon answers (CI=true)");
        }
        eprintln!("skipping: no Docker daemon answers");
    }
    ok
}

/// Removes a docker image on drop (also when the test fails).
pub struct ImageGuard(pub String);

impl Drop for ImageGuard {
    fn drop(&mut self) {
        let _ = std::process::Command::new("docker")
            .args(["rmi", "-f", &self.0])
            .output();
    }
}

pub fn unique(prefix: &str) -> String {
    let t = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{prefix}-{}-{t}", std::process::id())
}

/// (name, version, source, source version) of each package, sorted.
pub fn quads(pkgs: &[portcullis_core::Package]) -> Vec<(String, String, String, String)> {
    let mut v: Vec<_> = pkgs
        .iter()
        .map(|p| {
            (
                p.name.clone(),
                p.version.clone(),
                p.source_or_name().to_string(),
                p.source_version_or_version().to_string(),
            )
        })
        .collect();
    v.sort();
    v
}
