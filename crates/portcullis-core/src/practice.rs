//! The practices of "Docker Security Best Practices" that every finding belongs to.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The practice a rule serves. Each rule belongs to exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Practice {
    MinimalImage,
    LeastPrivilege,
    Secrets,
    ImageScanning,
    HostAudit,
    RuntimeHardening,
    Network,
    Updates,
    Monitoring,
    /// Correctness and maintainability of build files: not a security practice, but hadolint's
    /// style and correctness rules live here so that practice scores stay about security.
    BuildHygiene,
}

impl Practice {
    pub const ALL: [Practice; 10] = [
        Practice::MinimalImage,
        Practice::LeastPrivilege,
        Practice::Secrets,
        Practice::ImageScanning,
        Practice::HostAudit,
        Practice::RuntimeHardening,
        Practice::Network,
        Practice::Updates,
        Practice::Monitoring,
        Practice::BuildHygiene,
    ];

    pub fn slug(self) -> &'static str {
        match self {
            Practice::MinimalImage => "minimal-image",
            Practice::LeastPrivilege => "least-privilege",
            Practice::Secrets => "secrets",
            Practice::ImageScanning => "image-scanning",
            Practice::HostAudit => "host-audit",
            Practice::RuntimeHardening => "runtime-hardening",
            Practice::Network => "network",
            Practice::Updates => "updates",
            Practice::Monitoring => "monitoring",
            Practice::BuildHygiene => "build-hygiene",
        }
    }

    /// The title of the practice as the seed list names it.
    pub fn title(self) -> &'static str {
        match self {
            Practice::MinimalImage => "Use minimal base images",
            Practice::LeastPrivilege => "Principle of least privilege",
            Practice::Secrets => "Manage secrets securely",
            Practice::ImageScanning => "Scan images for vulnerabilities",
            Practice::HostAudit => "Audit host and daemon (CIS Docker Benchmark)",
            Practice::RuntimeHardening => "Harden the container runtime",
            Practice::Network => "Segment networks",
            Practice::Updates => "Pin and update images",
            Practice::Monitoring => "Monitor and log",
            Practice::BuildHygiene => "Build-file correctness",
        }
    }

    pub fn from_slug(s: &str) -> Option<Practice> {
        Practice::ALL.into_iter().find(|p| p.slug() == s)
    }
}

impl fmt::Display for Practice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.slug())
    }
}
