//! Choosing the distribution from the OS hints of the files that survive, and distroless.

use crate::analyzers::OsSource;
use crate::tree::FileTree;
use portcullis_core::Distro;

/// Shells and package managers whose absence (with a dpkg `status.d/`) marks a distroless image.
const SHELLS_AND_MANAGERS: &[&str] = &[
    "/bin/sh",
    "/bin/bash",
    "/bin/busybox",
    "/usr/bin/sh",
    "/usr/bin/bash",
    "/usr/bin/apt",
    "/usr/bin/apt-get",
    "/usr/bin/dpkg",
    "/sbin/apk",
    "/usr/bin/yum",
    "/usr/bin/dnf",
    "/usr/bin/rpm",
    "/usr/bin/microdnf",
];

/// The best hint (os-release first), completed from lesser ones, and the distroless mark.
pub fn detect(mut hints: Vec<(OsSource, Distro)>, tree: &FileTree) -> Option<Distro> {
    hints.sort_by_key(|(s, _)| *s);
    let mut it = hints.into_iter();
    let (_, mut d) = it.next()?;
    for (_, other) in it {
        if other.id == d.id && d.version_id.is_empty() {
            d.version_id = other.version_id;
        }
    }
    d.distroless = is_distroless(tree);
    Some(d)
}

pub fn is_distroless(tree: &FileTree) -> bool {
    let status_d = tree.descendants("/var/lib/dpkg/status.d").next().is_some();
    status_d
        && tree.get("/var/lib/dpkg/status").is_none()
        && !SHELLS_AND_MANAGERS.iter().any(|p| tree.is_file(p))
}
