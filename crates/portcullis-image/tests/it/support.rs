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

/// A layer built by a test: (path, content) files, symlinks and whiteouts.
#[derive(Default, Clone)]
pub struct Layer {
    pub entries: Vec<(String, Vec<u8>, tar::EntryType, Option<String>)>,
}

impl Layer {
    pub fn file(mut self, path: &str, data: &[u8]) -> Layer {
        self.entries.push((
            path.to_string(),
            data.to_vec(),
            tar::EntryType::Regular,
            None,
        ));
        self
    }

    /// Every file under `dir` on disk, placed under `at` in the image.
    pub fn tree(mut self, dir: &std::path::Path, at: &str) -> Layer {
        let mut stack = vec![(dir.to_path_buf(), at.trim_end_matches('/').to_string())];
        while let Some((d, rel)) = stack.pop() {
            let mut items: Vec<_> = std::fs::read_dir(&d).unwrap().map(|e| e.unwrap()).collect();
            items.sort_by_key(|e| e.file_name());
            for e in items {
                let p = format!("{rel}/{}", e.file_name().to_string_lossy());
                if e.file_type().unwrap().is_dir() {
                    stack.push((e.path(), p));
                } else {
                    let data = std::fs::read(e.path()).unwrap();
                    self = self.file(&p, &data);
                }
            }
        }
        self
    }

    pub fn whiteout(mut self, path: &str) -> Layer {
        let (dir, name) = path.rsplit_once('/').unwrap();
        self.entries.push((
            format!("{dir}/.wh.{name}"),
            Vec::new(),
            tar::EntryType::Regular,
            None,
        ));
        self
    }

    pub fn tar(&self) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for (path, data, kind, link) in &self.entries {
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_mode(0o644);
            h.set_entry_type(*kind);
            let p = path.trim_start_matches('/');
            match link {
                Some(l) => b.append_link(&mut h, p, l).unwrap(),
                None => b.append_data(&mut h, p, &data[..]).unwrap(),
            }
        }
        b.into_inner().unwrap()
    }
}

fn fake_digest(i: usize, salt: &str) -> String {
    let mut s = format!("{salt}{i:04}");
    while s.len() < 64 {
        s.push('a');
    }
    s.chars()
        .map(|c| {
            if c.is_ascii_hexdigit() {
                c.to_ascii_lowercase()
            } else {
                'b'
            }
        })
        .take(64)
        .collect()
}

fn config_json(n: usize, salt: &str) -> String {
    let ids: Vec<String> = (0..n)
        .map(|i| format!("\"sha256:{}\"", fake_digest(i, &format!("d{salt}"))))
        .collect();
    let hist: Vec<String> = (0..n)
        .map(|i| format!("{{\"created_by\":\"step {i}\"}}"))
        .collect();
    format!(
        "{{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":{{\"User\":\"app\"}},\"rootfs\":{{\"type\":\"layers\",\"diff_ids\":[{}]}},\"history\":[{}]}}",
        ids.join(","),
        hist.join(",")
    )
}

fn append(b: &mut tar::Builder<Vec<u8>>, name: &str, data: &[u8]) {
    let mut h = tar::Header::new_gnu();
    h.set_size(data.len() as u64);
    h.set_mode(0o644);
    b.append_data(&mut h, name, data).unwrap();
}

/// A legacy `docker save` archive holding the given images (tag, layers).
pub fn docker_save_archive(images: &[(&str, &[Layer])]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    let mut manifest = Vec::new();
    for (n, (tag, layers)) in images.iter().enumerate() {
        let salt = format!("{n}");
        let mut paths = Vec::new();
        for (i, l) in layers.iter().enumerate() {
            let p = format!("{}/layer.tar", fake_digest(i, &format!("e{salt}")));
            append(&mut b, &p, &l.tar());
            paths.push(format!("\"{p}\""));
        }
        let cfg = format!("{}.json", fake_digest(0, &format!("c{salt}")));
        append(&mut b, &cfg, config_json(layers.len(), &salt).as_bytes());
        manifest.push(format!(
            "{{\"Config\":\"{cfg}\",\"RepoTags\":[\"{tag}\"],\"Layers\":[{}]}}",
            paths.join(",")
        ));
    }
    append(
        &mut b,
        "manifest.json",
        format!("[{}]", manifest.join(",")).as_bytes(),
    );
    b.into_inner().unwrap()
}

/// An OCI image layout (as tar members: path, bytes) with zstd-compressed layers.
pub fn oci_layout(tag: &str, layers: &[Layer]) -> Vec<(String, Vec<u8>)> {
    let mut files = vec![(
        "oci-layout".to_string(),
        br#"{"imageLayoutVersion":"1.0.0"}"#.to_vec(),
    )];
    let mut descs = Vec::new();
    for (i, l) in layers.iter().enumerate() {
        let d = fake_digest(i, "f");
        let z = zstd_compress(&l.tar());
        descs.push(format!(
            "{{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+zstd\",\"digest\":\"sha256:{d}\",\"size\":{}}}",
            z.len()
        ));
        files.push((format!("blobs/sha256/{d}"), z));
    }
    let cfg = config_json(layers.len(), "o");
    let cfg_d = fake_digest(0, "c");
    files.push((format!("blobs/sha256/{cfg_d}"), cfg.clone().into_bytes()));
    let manifest = format!(
        "{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:{cfg_d}\",\"size\":{}}},\"layers\":[{}]}}",
        cfg.len(),
        descs.join(",")
    );
    let man_d = fake_digest(0, "a");
    files.push((
        format!("blobs/sha256/{man_d}"),
        manifest.clone().into_bytes(),
    ));
    let index = format!(
        "{{\"schemaVersion\":2,\"manifests\":[{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:{man_d}\",\"size\":{},\"annotations\":{{\"org.opencontainers.image.ref.name\":\"{}\"}}}}]}}",
        manifest.len(),
        tag.rsplit(':').next().unwrap()
    );
    files.push(("index.json".to_string(), index.into_bytes()));
    files
}

pub fn tar_of(files: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut b = tar::Builder::new(Vec::new());
    for (p, d) in files {
        append(&mut b, p, d);
    }
    b.into_inner().unwrap()
}

/// zstd through the `zstd` command (a real, independent encoder).
pub fn zstd_compress(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut child = std::process::Command::new("zstd")
        .args(["-q", "-c", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("zstd is installed (scripts/test.sh installs it)");
    let mut stdin = child.stdin.take().unwrap();
    let data = data.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&data));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    assert!(out.status.success());
    out.stdout
}

pub fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(data).unwrap();
    gz.finish().unwrap()
}
