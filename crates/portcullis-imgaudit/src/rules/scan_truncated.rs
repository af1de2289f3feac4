use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports, once per image, text files larger than the secret scanner's cap (8 MiB) that
    /// were scanned only in their beginning, with their number and a few of their paths.
    ///
    /// ## Why is this bad?
    /// A secret past the cap is not found. Large text files in images are usually logs, dumps
    /// or data sets, themselves worth a look.
    ///
    /// ## Example
    /// `/var/log/app/debug.log` of 300 MB.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub SecretScanTruncated {
        code: "PC020",
        name: "secret-scan-truncated",
        practice: BuildHygiene,
        severity: Info,
        summary: "large files were scanned for secrets only in part",
        aliases: [],
        references: [],
        remediation: "keep large data files out of the image, or scan them separately",
    }
}
