//! SBOM writers: CycloneDX 1.5 JSON and SPDX 2.3 JSON, from the package inventory, the
//! distribution and the image's metadata. Deterministic: the same input gives the same bytes,
//! apart from the timestamp, which the caller chooses (`SOURCE_DATE_EPOCH`, see [`timestamp`]).
//! Identifiers (CycloneDX `serialNumber`, SPDX `documentNamespace`) are name-based UUIDs (v5)
//! of the content, so they change exactly when the content does.

mod cyclonedx;
mod spdx;

pub use cyclonedx::cyclonedx;
pub use spdx::spdx;

use portcullis_core::{Distro, Package, Severity};
use time::OffsetDateTime;

/// What an SBOM describes.
#[derive(Debug, Clone)]
pub struct SbomInput<'a> {
    /// The image as the user named it (`app:1.2`, an archive path, a directory).
    pub image_name: &'a str,
    /// Image id (`sha256:…` of the config) where known.
    pub image_id: Option<&'a str>,
    pub distro: Option<&'a Distro>,
    pub packages: &'a [Package],
    /// When the document is made.
    pub timestamp: OffsetDateTime,
    /// The version of portcullis that made it.
    pub tool_version: &'a str,
}

/// One vulnerability affecting a package, for CycloneDX's `vulnerabilities` section. The
/// vulnerability matcher produces these; the SBOM writer only formats them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VulnRecord {
    /// Advisory id: `CVE-2024-1234`, `GHSA-…`, `DSA-…`.
    pub id: String,
    /// Other ids of the same vulnerability (`CVE-…`, `GHSA-…`), for CycloneDX `references`.
    pub aliases: Vec<String>,
    /// The feed it comes from (`debian`, `alpine`, `osv`, `nvd`) and its URL.
    pub source_name: Option<String>,
    pub source_url: Option<String>,
    /// The package it affects, by purl (matched to a component's `bom-ref`).
    pub purl: String,
    pub severity: Option<Severity>,
    /// CVSS score, method (`CVSSv31`, `CVSSv3`, `CVSSv2`, `CVSSv4`) and vector.
    pub score: Option<f64>,
    pub method: Option<String>,
    pub vector: Option<String>,
    pub description: Option<String>,
    /// The first fixed version, where there is one.
    pub fixed_version: Option<String>,
    pub cwes: Vec<u32>,
    pub references: Vec<String>,
    /// RFC 3339 dates.
    pub published: Option<String>,
    pub updated: Option<String>,
    /// Why the vulnerability does not apply, where a VEX statement says so.
    pub analysis: Option<VulnAnalysis>,
}

/// CycloneDX `analysis` of a vulnerability (the VEX part).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VulnAnalysis {
    /// `not_affected`, `resolved`, `exploitable`, `in_triage`, `false_positive`.
    pub state: String,
    /// CycloneDX justification (`code_not_present`, `code_not_reachable`, …).
    pub justification: Option<String>,
    /// Free text: the statement's own words and where it comes from.
    pub detail: Option<String>,
}

/// The document timestamp: `SOURCE_DATE_EPOCH` (seconds since the epoch) when given, else
/// `now`. Returns an error naming the variable when it is not a number.
pub fn timestamp(
    source_date_epoch: Option<&str>,
    now: OffsetDateTime,
) -> Result<OffsetDateTime, String> {
    match source_date_epoch.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(now.replace_nanosecond(0).unwrap_or(now)),
        Some(s) => s
            .parse::<i64>()
            .ok()
            .and_then(|n| OffsetDateTime::from_unix_timestamp(n).ok())
            .ok_or_else(|| format!("SOURCE_DATE_EPOCH is not a number of seconds: `{s}`")),
    }
}

/// RFC 3339 in UTC with seconds: `2026-12-05T21:00:00Z`.
pub(crate) fn rfc3339(t: OffsetDateTime) -> String {
    let t = t.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second()
    )
}

/// Packages in a fixed order (kind, name, version, where found), whatever the reader's order.
pub(crate) fn sorted(p: &[Package]) -> Vec<&Package> {
    let mut v: Vec<&Package> = p.iter().collect();
    v.sort_by(|a, b| {
        (a.kind, &a.name, &a.version, &a.found_in, &a.purl).cmp(&(
            b.kind,
            &b.name,
            &b.version,
            &b.found_in,
            &b.purl,
        ))
    });
    v
}

/// A name-based UUID of the document's content.
pub(crate) fn content_uuid(kind: &str, input: &SbomInput<'_>) -> uuid::Uuid {
    let mut key = format!(
        "{kind}\n{}\n{}\n",
        input.image_name,
        input.image_id.unwrap_or("")
    );
    if let Some(d) = input.distro {
        key.push_str(&format!("{} {}\n", d.id, d.version_id));
    }
    for p in sorted(input.packages) {
        key.push_str(&format!(
            "{}\t{}\t{}\n",
            p.purl,
            p.found_in,
            p.layer_digest.as_deref().unwrap_or("")
        ));
    }
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes())
}

#[cfg(test)]
pub(crate) mod testing {
    use super::SbomInput;
    use portcullis_core::{Distro, Package, PackageKind};
    use time::macros::datetime;

    pub fn packages() -> Vec<Package> {
        vec![
            Package {
                kind: PackageKind::Dpkg,
                name: "libssl3".into(),
                version: "3.0.11-1~deb12u2".into(),
                source_name: Some("openssl".into()),
                source_version: None,
                arch: Some("amd64".into()),
                purl: "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12".into(),
                licenses: vec!["Apache-2.0".into(), "GPL-2+".into()],
                found_in: "/var/lib/dpkg/status".into(),
                layer_index: Some(0),
                layer_digest: Some(format!("sha256:{}", "a".repeat(64))),
            },
            Package {
                kind: PackageKind::Npm,
                name: "@babel/core".into(),
                version: "7.24.0".into(),
                source_name: None,
                source_version: None,
                arch: None,
                purl: "pkg:npm/%40babel/core@7.24.0".into(),
                licenses: vec!["MIT".into()],
                found_in: "/app/node_modules/@babel/core/package.json".into(),
                layer_index: Some(1),
                layer_digest: None,
            },
            Package {
                kind: PackageKind::Npm,
                name: "@babel/core".into(),
                version: "7.24.0".into(),
                source_name: None,
                source_version: None,
                arch: None,
                purl: "pkg:npm/%40babel/core@7.24.0".into(),
                licenses: vec![],
                found_in: "/opt/other/node_modules/@babel/core/package.json".into(),
                layer_index: Some(1),
                layer_digest: None,
            },
        ]
    }

    pub fn distro() -> Distro {
        Distro {
            id: "debian".into(),
            version_id: "12".into(),
            codename: Some("bookworm".into()),
            pretty_name: Some("Debian GNU/Linux 12 (bookworm)".into()),
            distroless: false,
        }
    }

    pub fn input<'a>(packages: &'a [Package], distro: &'a Distro) -> SbomInput<'a> {
        SbomInput {
            image_name: "example/app:1.0",
            image_id: Some(
                "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
            ),
            distro: Some(distro),
            packages,
            timestamp: datetime!(2026-12-05 21:00:00 UTC),
            tool_version: "0.1.0",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn timestamps() {
        let now = datetime!(2026-12-05 21:00:00.5 UTC);
        assert_eq!(
            rfc3339(timestamp(None, now).unwrap()),
            "2026-12-05T21:00:00Z"
        );
        assert_eq!(
            rfc3339(timestamp(Some("0"), now).unwrap()),
            "1970-01-01T00:00:00Z"
        );
        assert!(
            timestamp(Some("yesterday"), now)
                .unwrap_err()
                .contains("SOURCE_DATE_EPOCH")
        );
    }
}
