use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports secrets in the files of every layer of the image: cloud keys (AWS, GCP, Azure),
    /// VCS tokens (GitHub, GitLab), chat, payment and mail tokens (Slack, Stripe, Twilio,
    /// SendGrid), package-registry tokens (npm, PyPI, `.npmrc`), registry auths in
    /// `.docker/config.json`, passwords in URLs (`.git-credentials`), private keys, JWTs and
    /// literal password assignments. A file that a later layer deleted or replaced is reported
    /// as "present in layer N, deleted in layer M": the layer still carries it, and anyone who
    /// pulls the image can extract it. Binary files, files under 10 bytes and third-party
    /// documentation, test fixtures and libraries (`/usr/share`, `/usr/lib`, `node_modules`,
    /// `site-packages`, `*/tests/*`) are not scanned; only the first 8 MiB of a file are
    /// (PC020 reports files cut short). Secrets are masked in every output.
    ///
    /// ## Why is this bad?
    /// An image is a public artefact as soon as it is pushed: every secret in any of its layers
    /// is published with it. Deleting the file in a later step hides it from `ls`, not from
    /// `docker save`.
    ///
    /// ## Example
    /// `COPY .aws/credentials /root/.aws/` then `RUN rm /root/.aws/credentials`.
    /// Use instead: `RUN --mount=type=secret,id=aws,target=/root/.aws/credentials …`.
    ///
    /// ## Fix safety
    /// No automatic fix. Rotate the secret: it has been published.
    ///
    /// ## References
    /// - dockle CIS-DI-0010, CIS Docker Benchmark 4.10; Trivy's secret scanner categories
    pub SecretInLayer {
        code: "IMG006",
        name: "secret-in-layer",
        practice: Secrets,
        severity: High,
        summary: "a secret in a file of an image layer",
        aliases: ["CIS-DI-0010", "CIS-4.10"],
        references: ["https://docs.docker.com/build/building/secrets/"],
        remediation: "rotate the secret, remove it from the build (use build secrets), and rebuild without the layer that holds it",
    }
}
