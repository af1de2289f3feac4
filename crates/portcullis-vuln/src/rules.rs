//! The findings of vulnerability scanning: `VULN` and the tool's own `PC025`–`PC029`.

use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports an installed package (operating-system or language package) whose version an
    /// advisory of the vulnerability database lists as affected. The advisory id, its aliases
    /// (CVE ids), the fixed version and the CVSS score are in `detail.vulnerability`.
    ///
    /// Debian and Ubuntu packages are matched by source package and source version, Alpine
    /// packages by origin, RPM packages by name, language packages by their registry's name
    /// (PEP 503 for PyPI). Severity comes from the advisory's CVSS v3 (else v4) base score, else
    /// from the database's own rating, else `medium`.
    ///
    /// ## Why is this bad?
    /// Known vulnerabilities are the first thing an attacker tries; a fixed version usually
    /// exists.
    ///
    /// ## Example
    /// ```text
    /// perl-base 5.36.0-7+deb12u3 (source perl) is affected by CVE-2025-15649; fixed in 5.36.0-7+deb12u4
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: upgrade the package (rebuild the image on an updated base), or record
    /// why it is not affected in a VEX document or an ignore with a reason and an expiry.
    ///
    /// ## References
    /// - https://ossf.github.io/osv-schema/
    pub VulnerablePackage {
        code: "VULN",
        name: "vulnerable-package",
        practice: ImageScanning,
        severity: Medium,
        summary: "an installed package with a known vulnerability",
        aliases: [],
        references: ["https://ossf.github.io/osv-schema/"],
        remediation: "upgrade the package to the fixed version, or rebuild on an updated base image"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports that no vulnerability database exists, so packages were not checked for known
    /// vulnerabilities.
    ///
    /// ## Why is this bad?
    /// An image scan without a database finds nothing and looks clean.
    ///
    /// ## Example
    /// A first scan on a new machine, before `portcullis db update`.
    ///
    /// ## Fix safety
    /// No automatic fix: run `portcullis db update`, or `portcullis db import` with OSV zips on
    /// an air-gapped host.
    pub VulnDbMissing {
        code: "PC025",
        name: "vulnerability-database-missing",
        practice: ImageScanning,
        severity: High,
        summary: "no vulnerability database: packages were not checked",
        aliases: [],
        references: [],
        remediation: "run `portcullis db update` (or `portcullis db import PATH` offline)"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports that the vulnerability database is older than the configured maximum age
    /// (`--db-max-age`, default 7 days).
    ///
    /// ## Why is this bad?
    /// Advisories published since the last update are missing: the scan under-reports.
    ///
    /// ## Example
    /// A CI cache that restores a database built months ago.
    ///
    /// ## Fix safety
    /// No automatic fix: run `portcullis db update`.
    pub VulnDbStale {
        code: "PC026",
        name: "stale-vulnerability-database",
        practice: ImageScanning,
        severity: Low,
        summary: "the vulnerability database is older than the maximum age",
        aliases: [],
        references: [],
        remediation: "run `portcullis db update`"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports packages that could not be checked: operating-system packages of a distribution
    /// (or release) for which the database has no advisories, and package kinds whose versions
    /// portcullis cannot order. One finding per distribution or kind, with the package count.
    ///
    /// ## Why is this bad?
    /// Unchecked packages look like packages without vulnerabilities.
    ///
    /// ## Example
    /// An image based on a distribution whose advisories are not in the database.
    ///
    /// ## Fix safety
    /// No automatic fix: import the distribution's OSV data, or accept the gap.
    pub PackagesNotChecked {
        code: "PC027",
        name: "packages-not-checked",
        practice: ImageScanning,
        severity: Info,
        summary: "packages that could not be checked for vulnerabilities",
        aliases: [],
        references: [],
        remediation: "import OSV data for this ecosystem with `portcullis db update --ecosystem` or `db import`"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a vulnerability suppression (a configured ignore, or a VEX statement) that
    /// suppressed nothing in this scan, or whose expiry date has passed (the findings it
    /// matched are reported again).
    ///
    /// ## Why is this bad?
    /// A stale suppression hides a future finding nobody reviewed; an expired one is an
    /// accepted risk whose acceptance ran out.
    ///
    /// ## Example
    /// ```toml
    /// [[vulnerabilities.ignore]]
    /// id = "CVE-2023-0001"
    /// package = "openssl"
    /// reason = "not reachable: TLS is terminated by the proxy"
    /// expires = "2024-01-31"
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: remove or renew the suppression.
    pub StaleVulnSuppression {
        code: "PC028",
        name: "stale-vulnerability-suppression",
        practice: ImageScanning,
        severity: Low,
        summary: "a vulnerability suppression that is unused or expired",
        aliases: [],
        references: [],
        remediation: "remove the suppression, or renew it with a new reason and expiry"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports that the vulnerability database exists but cannot be read (a damaged file, a
    /// schema this portcullis does not read), so packages were not checked.
    ///
    /// ## Why is this bad?
    /// An image scan without a working database finds nothing and looks clean.
    ///
    /// ## Example
    /// A database file truncated by a full disk.
    ///
    /// ## Fix safety
    /// No automatic fix: run `portcullis db update` (or `db import`) to rebuild it.
    pub VulnDbUnreadable {
        code: "PC029",
        name: "vulnerability-database-unreadable",
        practice: ImageScanning,
        severity: High,
        summary: "the vulnerability database cannot be read: packages were not checked",
        aliases: [],
        references: [],
        remediation: "run `portcullis db update` (or `portcullis db import PATH` offline)"
    }
}

/// Every rule of this crate.
pub static VULN_RULES: &[&portcullis_core::RuleMeta] = &[
    &VulnerablePackage::META,
    &VulnDbMissing::META,
    &VulnDbStale::META,
    &PackagesNotChecked::META,
    &StaleVulnSuppression::META,
    &VulnDbUnreadable::META,
];
