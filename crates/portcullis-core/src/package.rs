//! What an image holds: the operating system and the packages installed in it.
//!
//! The image reader (`portcullis-image`) produces these; the vulnerability matcher
//! (`portcullis-vuln`) and the SBOM writers consume them. Plain data, no I/O.

use serde::{Deserialize, Serialize};

/// The package format / ecosystem a package was found in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PackageKind {
    /// Debian and Ubuntu `dpkg` (`/var/lib/dpkg/status`, `status.d/`).
    Dpkg,
    /// Alpine `apk` (`/lib/apk/db/installed`).
    Apk,
    /// RPM distributions (rpmdb).
    Rpm,
    /// Python distributions (dist-info / egg-info).
    Python,
    /// npm packages (`node_modules/**/package.json`, lock files).
    Npm,
    /// Rust crates (Cargo.lock, cargo-auditable binaries).
    Cargo,
    /// Go modules (binaries' build info, go.mod).
    Go,
    /// Java archives (Maven coordinates).
    Maven,
    /// Ruby gems.
    Gem,
    /// PHP Composer packages.
    Composer,
}

impl PackageKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PackageKind::Dpkg => "dpkg",
            PackageKind::Apk => "apk",
            PackageKind::Rpm => "rpm",
            PackageKind::Python => "python",
            PackageKind::Npm => "npm",
            PackageKind::Cargo => "cargo",
            PackageKind::Go => "go",
            PackageKind::Maven => "maven",
            PackageKind::Gem => "gem",
            PackageKind::Composer => "composer",
        }
    }

    /// True for operating-system package managers, whose advisories depend on the distribution.
    pub fn is_os(self) -> bool {
        matches!(
            self,
            PackageKind::Dpkg | PackageKind::Apk | PackageKind::Rpm
        )
    }
}

/// The distribution an image (or root filesystem) runs, from `/etc/os-release` and friends.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Distro {
    /// `ID` of os-release, lower case: `debian`, `ubuntu`, `alpine`, `rhel`, `centos`, ...
    pub id: String,
    /// `VERSION_ID`, or the content of `alpine-release` / `debian_version`: `12`, `3.18.4`.
    pub version_id: String,
    /// `VERSION_CODENAME` where present: `bookworm`, `jammy`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub codename: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pretty_name: Option<String>,
    /// Distroless (a dpkg `status.d/` and no shell/package manager).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub distroless: bool,
}

/// One installed package.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Package {
    pub kind: PackageKind,
    /// Binary package name as the package manager knows it (`libssl3`, `requests`,
    /// `@babel/core`, `org.apache.logging.log4j:log4j-core`, `golang.org/x/net`).
    pub name: String,
    /// Installed version exactly as recorded (`1:2.38.1-5+deb12u1`, `1.2.11-r3`, `v0.17.0`).
    pub version: String,
    /// Source package (dpkg `Source:`, apk origin `o:`, rpm source rpm name); None when the
    /// format has none or it equals `name`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_name: Option<String>,
    /// Source version where it differs from `version` (dpkg `Source: name (version)`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source_version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub arch: Option<String>,
    /// Package URL (purl spec), e.g. `pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12`.
    pub purl: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub licenses: Vec<String>,
    /// The file the package was read from (`/var/lib/dpkg/status`, `/app/package-lock.json`).
    pub found_in: String,
    /// Index of the layer that added it (0-based, in manifest order), None for a root filesystem.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer_index: Option<usize>,
    /// Digest (`sha256:…`) of the layer that added it, where known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layer_digest: Option<String>,
}

impl Package {
    /// The name advisories are keyed by for OS packages: the source package where there is one.
    pub fn source_or_name(&self) -> &str {
        self.source_name.as_deref().unwrap_or(&self.name)
    }

    /// The version advisories are compared with: the source version where there is one.
    pub fn source_version_or_version(&self) -> &str {
        self.source_version.as_deref().unwrap_or(&self.version)
    }
}
