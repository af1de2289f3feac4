//! Version ordering, one module per scheme. Every comparator works on borrowed strings and
//! allocates nothing on the common path: matching compares the installed version with a few
//! event versions per advisory, millions of times per scan of a large image.
//!
//! Each comparator is total: versions the scheme calls invalid still get a deterministic order
//! (documented per module), because advisory data contains them and a scan must not fail on one.

pub mod apk;
pub mod dpkg;
pub mod maven;
pub mod nuget;
pub mod numeric;
pub mod packagist;
pub mod pep440;
pub mod rpm;
pub mod rubygems;
pub mod semver;

use std::cmp::Ordering;

/// How versions of an ecosystem are ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scheme {
    /// Debian and Ubuntu (`dpkg --compare-versions`).
    Dpkg,
    /// Alpine, Wolfi and Chainguard (apk-tools).
    Apk,
    /// RPM distributions (rpmvercmp over epoch:version-release).
    Rpm,
    /// SemVer 2.0 (crates.io, npm; also OSV `SEMVER` ranges).
    Semver,
    /// Go modules: SemVer with a `v` prefix, pseudo-versions, `+incompatible`.
    Go,
    /// Python (PEP 440).
    Pep440,
    /// Maven (ComparableVersion).
    Maven,
    /// RubyGems (`Gem::Version`).
    RubyGems,
    /// Packagist (Composer; PHP `version_compare`).
    Packagist,
    /// NuGet (SemVer 2.0 with four numeric parts, case-insensitive pre-release).
    NuGet,
    /// Pub (Dart; SemVer with build metadata ordered).
    Pub,
    /// Hackage (PVP: numeric components).
    Hackage,
    /// CRAN (numeric components split on `.` and `-`).
    Cran,
}

impl Scheme {
    /// The scheme of an OSV ecosystem string (`Debian:12`, `Alpine:v3.19`, `PyPI`), or None when
    /// portcullis cannot order that ecosystem's versions.
    pub fn for_ecosystem(ecosystem: &str) -> Option<Scheme> {
        let base = ecosystem.split(':').next().unwrap_or(ecosystem);
        Some(match base {
            "Debian" | "Ubuntu" => Scheme::Dpkg,
            "Alpine" | "Wolfi" | "Chainguard" => Scheme::Apk,
            "AlmaLinux" | "Rocky Linux" | "Red Hat" | "openSUSE" | "SUSE" | "Mageia"
            | "Photon OS" | "openEuler" => Scheme::Rpm,
            "crates.io" | "npm" => Scheme::Semver,
            "Go" => Scheme::Go,
            "PyPI" => Scheme::Pep440,
            "Maven" => Scheme::Maven,
            "RubyGems" => Scheme::RubyGems,
            "Packagist" => Scheme::Packagist,
            "NuGet" => Scheme::NuGet,
            "Pub" => Scheme::Pub,
            "Hackage" => Scheme::Hackage,
            "CRAN" => Scheme::Cran,
            _ => return None,
        })
    }

    /// Compares two versions under this scheme.
    pub fn compare(self, a: &str, b: &str) -> Ordering {
        match self {
            Scheme::Dpkg => dpkg::compare(a, b),
            Scheme::Apk => apk::compare(a, b),
            Scheme::Rpm => rpm::compare(a, b),
            Scheme::Semver => semver::compare(a, b),
            Scheme::Go => semver::compare_go(a, b),
            Scheme::Pep440 => pep440::compare(a, b),
            Scheme::Maven => maven::compare(a, b),
            Scheme::RubyGems => rubygems::compare(a, b),
            Scheme::Packagist => packagist::compare(a, b),
            Scheme::NuGet => nuget::compare(a, b),
            Scheme::Pub => semver::compare_pub(a, b),
            Scheme::Hackage => numeric::compare_hackage(a, b),
            Scheme::Cran => numeric::compare_cran(a, b),
        }
    }
}

/// Compares two strings of ASCII digits as unbounded non-negative integers (leading zeros
/// ignored), without parsing them into a fixed-width integer.
pub(crate) fn cmp_digits(a: &[u8], b: &[u8]) -> Ordering {
    let a = strip_zeros(a);
    let b = strip_zeros(b);
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

fn strip_zeros(s: &[u8]) -> &[u8] {
    let n = s.iter().take_while(|&&c| c == b'0').count();
    &s[n..]
}
