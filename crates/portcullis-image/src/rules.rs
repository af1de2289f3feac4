//! `PC010`–`PC019`: problems of the image reader's input, reported as findings.

use portcullis_core::{Location, RuleMeta, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports a layer entry whose name leaves the image root: an absolute name (`/etc/x`
    /// stored with its leading slash is fine, but `../../etc/cron.d/x` is not) or a `..`
    /// component that climbs above the root, and hard links pointing outside the image.
    ///
    /// ## Why is this bad?
    /// Naive extractors write such entries outside the target directory ("tar slip"): the image
    /// was built to attack whoever unpacks it. portcullis never extracts anything; it reports
    /// the entry and leaves it out of the image's view.
    ///
    /// ## Example
    /// A layer tar holding `../../root/.ssh/authorized_keys`.
    ///
    /// ## Fix safety
    /// No automatic fix: rebuild the image from a trusted base.
    pub UnsafePath {
        code: "PC010",
        name: "image-unsafe-path",
        practice: ImageScanning,
        severity: High,
        summary: "a layer entry whose path leaves the image root",
        aliases: [],
        references: ["https://github.com/opencontainers/image-spec/blob/main/layer.md"],
        remediation: "do not run or unpack this image; rebuild it from a trusted base"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a layer (or an image archive) that could not be read to its end: truncated,
    /// corrupt compression, a broken tar header. The files before the damage were checked.
    ///
    /// ## Why is this bad?
    /// Whatever follows the damage was not checked: packages, secrets and files may be missing
    /// from the report.
    ///
    /// ## Example
    /// A `docker save` archive cut short by a full disk.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub UnreadableLayer {
        code: "PC011",
        name: "image-unreadable-layer",
        practice: BuildHygiene,
        severity: High,
        summary: "a layer or image archive that could not be read to its end",
        aliases: [],
        references: [],
        remediation: "export the image again (docker save) and check the archive is complete"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports that reading the image hit one of portcullis's safety limits: too many entries,
    /// a decompression bomb (a layer expanding far beyond its compressed size), a package
    /// database larger than the per-file cap, a sparse or oversized entry.
    ///
    /// ## Why is this bad?
    /// The limits keep memory and time bounded on hostile images; what lies beyond them was
    /// not (fully) checked.
    ///
    /// ## Example
    /// A layer of 1 MiB that decompresses to 1 GiB of zeros.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub LimitExceeded {
        code: "PC012",
        name: "image-limit-exceeded",
        practice: BuildHygiene,
        severity: Medium,
        summary: "reading the image hit a safety limit",
        aliases: [],
        references: [],
        remediation: "inspect the image by hand; a legitimate image this large can be scanned as an unpacked root filesystem"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a package database or manifest (dpkg `status`, apk `installed`, rpmdb,
    /// `package-lock.json`, `Cargo.lock`, `composer.lock`, a jar's `pom.properties`, ...) that
    /// could not be parsed. Its packages are missing from the inventory.
    ///
    /// ## Why is this bad?
    /// Packages that are not in the inventory are not matched against advisories: a silent
    /// omission would look like a clean scan.
    ///
    /// ## Example
    /// A `package-lock.json` that is not valid JSON.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub PackageDbUnparsable {
        code: "PC013",
        name: "package-db-unparsable",
        practice: ImageScanning,
        severity: High,
        summary: "a package database that could not be parsed",
        aliases: [],
        references: [],
        remediation: "check the file named in the message; regenerate it with its package manager"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a package database in a format portcullis does not read yet: the Berkeley DB
    /// (`Packages`) and NDB (`Packages.db`) rpm databases of older RPM distributions.
    ///
    /// ## Why is this bad?
    /// The packages it lists are not in the inventory and are not matched against advisories.
    ///
    /// ## Example
    /// A CentOS 7 image (`/var/lib/rpm/Packages`).
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub PackageDbUnsupported {
        code: "PC014",
        name: "package-db-unsupported",
        practice: ImageScanning,
        severity: High,
        summary: "a package database in a format that is not read",
        aliases: [],
        references: [],
        remediation: "scan the image with a tool that reads this format, or rebuild on a base with an sqlite rpmdb"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a symbolic link of the image that cannot be resolved inside the image: a loop
    /// (`a -> b`, `b -> a`) or a chain deeper than 40 links, met while resolving a path that a
    /// check needed.
    ///
    /// ## Why is this bad?
    /// The file behind the link could not be checked. Link loops are also a classic way to hang
    /// naive scanners.
    ///
    /// ## Example
    /// `/etc/os-release -> /etc/os-release`.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub LinkLoop {
        code: "PC015",
        name: "image-link-loop",
        practice: BuildHygiene,
        severity: Low,
        summary: "a symbolic link that loops or cannot be resolved inside the image",
        aliases: [],
        references: [],
        remediation: "fix or remove the link"
    }
}

/// The image reader's rules, for `portcullis rules` and `explain`.
pub static IMAGE_RULES: &[&RuleMeta] = &[
    &UnsafePath::META,
    &UnreadableLayer::META,
    &LimitExceeded::META,
    &PackageDbUnparsable::META,
    &PackageDbUnsupported::META,
    &LinkLoop::META,
];

/// Location of image content: image name, layer, path.
pub fn content_location(image: &str, layer: Option<&str>, path: Option<&str>) -> Location {
    Location {
        image: Some(image.to_string()),
        layer: layer.map(str::to_string),
        path: path.map(str::to_string),
        ..Location::default()
    }
}
