//! `portcullis db update`: download OSV's per-ecosystem `all.zip` exports and rebuild the
//! database from them. The downloads go to temporary files in the cache directory; the new
//! database replaces the old one only when every download is complete and every record parses.

use crate::import::{ImportStats, Importer};
use crate::store::{self, Metadata};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// OSV's public bucket.
pub const DEFAULT_BASE_URL: &str = "https://osv-vulnerabilities.storage.googleapis.com";

/// Ecosystems fetched by default: the distributions and registries portcullis matches.
pub const DEFAULT_ECOSYSTEMS: &[&str] = &[
    "Debian",
    "Ubuntu",
    "Alpine",
    "Wolfi",
    "Chainguard",
    "AlmaLinux",
    "Rocky Linux",
    "PyPI",
    "npm",
    "crates.io",
    "Go",
    "Maven",
    "RubyGems",
    "Packagist",
];

/// Largest download accepted per ecosystem.
const MAX_DOWNLOAD: u64 = 2 << 30;

#[derive(Debug, Clone)]
pub struct UpdateOptions {
    pub base_url: String,
    pub ecosystems: Vec<String>,
    /// Overall timeout per download.
    pub timeout: Duration,
}

impl Default for UpdateOptions {
    fn default() -> Self {
        UpdateOptions {
            base_url: DEFAULT_BASE_URL.to_string(),
            ecosystems: DEFAULT_ECOSYSTEMS.iter().map(|s| s.to_string()).collect(),
            timeout: Duration::from_secs(600),
        }
    }
}

/// Why an update failed; the previous database is untouched.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UpdateError(pub String);

/// `{base}/{ecosystem}/all.zip`, with the ecosystem percent-encoded (`Rocky%20Linux`).
pub fn url_for(base: &str, ecosystem: &str) -> String {
    let mut enc = String::new();
    for b in ecosystem.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b':') {
            enc.push(b as char);
        } else {
            enc.push_str(&format!("%{b:02X}"));
        }
    }
    format!("{}/{enc}/all.zip", base.trim_end_matches('/'))
}

fn is_loopback(url: &str) -> bool {
    let rest = url.split("://").nth(1).unwrap_or(url);
    let host = rest.split(['/', '?']).next().unwrap_or("");
    let host = host.rsplit_once('@').map(|(_, h)| h).unwrap_or(host);
    let host = if host.starts_with('[') {
        host.split(']').next().unwrap_or("").trim_start_matches('[')
    } else {
        host.split(':').next().unwrap_or("")
    };
    host == "localhost"
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn agent(opts: &UpdateOptions) -> ureq::Agent {
    // The proxy comes from the environment (ALL_PROXY / HTTPS_PROXY / HTTP_PROXY, NO_PROXY);
    // never for a mirror on this machine.
    let proxy = if is_loopback(&opts.base_url) {
        None
    } else {
        ureq::Proxy::try_from_env()
    };
    ureq::Agent::config_builder()
        .proxy(proxy)
        .timeout_global(Some(opts.timeout))
        .http_status_as_error(false)
        .user_agent(concat!("portcullis/", env!("CARGO_PKG_VERSION")))
        .build()
        .into()
}

/// Downloads one URL into `dest`, checking the length against `Content-Length`.
fn download(agent: &ureq::Agent, url: &str, dest: &Path) -> Result<u64, UpdateError> {
    let resp = agent
        .get(url)
        .call()
        .map_err(|e| UpdateError(format!("{url}: {e}")))?;
    let status = resp.status();
    if !status.is_success() {
        return Err(UpdateError(format!("{url}: HTTP {}", status.as_u16())));
    }
    let expected: Option<u64> = resp
        .headers()
        .get("content-length")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse().ok());
    let mut body = resp.into_body();
    let mut reader = body.as_reader();
    let mut file =
        std::fs::File::create(dest).map_err(|e| UpdateError(format!("{}: {e}", dest.display())))?;
    let mut buf = vec![0u8; 64 * 1024];
    let mut total = 0u64;
    loop {
        let n = match reader.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => {
                return Err(UpdateError(format!(
                    "{url}: transfer interrupted after {total} bytes ({e})"
                )));
            }
        };
        total += n as u64;
        if total > MAX_DOWNLOAD {
            return Err(UpdateError(format!(
                "{url}: larger than {MAX_DOWNLOAD} bytes"
            )));
        }
        file.write_all(&buf[..n])
            .map_err(|e| UpdateError(format!("{}: {e}", dest.display())))?;
    }
    if let Some(len) = expected
        && len != total
    {
        return Err(UpdateError(format!(
            "{url}: transfer interrupted: got {total} of {len} bytes"
        )));
    }
    file.sync_all()
        .map_err(|e| UpdateError(format!("{}: {e}", dest.display())))?;
    Ok(total)
}

/// Progress callback: (ecosystem, bytes downloaded).
pub type Progress<'a> = &'a mut dyn FnMut(&str, u64);

/// Downloads every ecosystem and rebuilds the database in `cache_dir`.
pub fn update(
    cache_dir: &Path,
    opts: &UpdateOptions,
    progress: Progress<'_>,
) -> Result<(Metadata, ImportStats), UpdateError> {
    if opts.ecosystems.is_empty() {
        return Err(UpdateError("no ecosystems to update".into()));
    }
    std::fs::create_dir_all(cache_dir).map_err(|e| {
        UpdateError(format!(
            "{}: cannot create cache directory: {e}",
            cache_dir.display()
        ))
    })?;
    let agent = agent(opts);
    let mut files: Vec<TempFile> = Vec::new();
    let mut importer = Importer::new();
    for (i, eco) in opts.ecosystems.iter().enumerate() {
        let url = url_for(&opts.base_url, eco);
        let tmp = TempFile(cache_dir.join(format!(".download.{}.{i}.zip", std::process::id())));
        let n = download(&agent, &url, &tmp.0)?;
        progress(eco, n);
        importer
            .add_path(&tmp.0, Some(&url))
            .map_err(|e| UpdateError(e.0.replace(&tmp.0.display().to_string(), &url)))?;
        files.push(tmp);
    }
    let stats = importer.stats.clone();
    let contents = importer.finish();
    if contents.advisories.is_empty() {
        return Err(UpdateError(format!(
            "{}: no usable OSV records",
            opts.base_url
        )));
    }
    let meta = store::write_atomic(cache_dir, &contents).map_err(|e| UpdateError(e.to_string()))?;
    drop(files);
    Ok((meta, stats))
}

/// A downloaded file removed when dropped.
struct TempFile(PathBuf);

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_loopback() {
        assert_eq!(
            url_for("https://x.example/", "Rocky Linux"),
            "https://x.example/Rocky%20Linux/all.zip"
        );
        assert_eq!(
            url_for("http://h", "crates.io"),
            "http://h/crates.io/all.zip"
        );
        assert!(is_loopback("http://127.0.0.1:8080/osv"));
        assert!(is_loopback("http://localhost/osv"));
        assert!(is_loopback("http://[::1]:80/"));
        assert!(!is_loopback(
            "https://osv-vulnerabilities.storage.googleapis.com"
        ));
    }
}
