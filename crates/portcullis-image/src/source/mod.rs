//! Where an image comes from: an archive, an OCI layout directory, a root filesystem, or the
//! Docker daemon.

pub(crate) mod archive;
pub(crate) mod daemon;
pub(crate) mod manifest;
pub(crate) mod rootfs;

use crate::error::ImageError;
use std::path::{Path, PathBuf};

/// An image to scan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A `docker save` or OCI archive (tar; plain, gzip or zstd).
    Archive(PathBuf),
    /// An OCI image layout directory (`oci-layout`, `index.json`, `blobs/`).
    OciDir(PathBuf),
    /// An unpacked root filesystem.
    Rootfs(PathBuf),
    /// An image of the local Docker daemon, by name, `name:tag`, id or digest.
    Daemon(String),
}

impl Source {
    /// An existing path is an archive (file) or a directory (an OCI layout when it holds
    /// `oci-layout`, else a root filesystem); anything else names an image of the daemon.
    pub fn parse(arg: &str) -> Result<Source, ImageError> {
        if let Some(rest) = arg.strip_prefix("docker:") {
            return Ok(Source::Daemon(rest.to_string()));
        }
        let p = Path::new(arg);
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => {
                if p.join("oci-layout").is_file() {
                    Ok(Source::OciDir(p.to_path_buf()))
                } else {
                    Ok(Source::Rootfs(p.to_path_buf()))
                }
            }
            Ok(_) => Ok(Source::Archive(p.to_path_buf())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if arg.contains('/') && (arg.starts_with('.') || arg.starts_with('/'))
                    || arg.ends_with(".tar")
                    || arg.ends_with(".tar.gz")
                    || arg.ends_with(".tgz")
                {
                    Err(ImageError(format!("{arg}: no such file or directory")))
                } else if arg.is_empty() {
                    Err(ImageError("empty image name".into()))
                } else {
                    Ok(Source::Daemon(arg.to_string()))
                }
            }
            Err(e) => Err(ImageError::io(arg, &e)),
        }
    }

    /// How reports name the image.
    pub fn display(&self) -> String {
        match self {
            Source::Archive(p) | Source::OciDir(p) | Source::Rootfs(p) => {
                p.to_string_lossy().into_owned()
            }
            Source::Daemon(n) => n.clone(),
        }
    }
}
