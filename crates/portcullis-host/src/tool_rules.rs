//! Problems of the benchmark run itself (`PC035`–`PC044`), reported as findings.

use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports a part of the Docker API snapshot that could not be fetched (images, networks,
    /// plugins, version). The checks that need it report what they could.
    ///
    /// ## Why is this bad?
    /// A check without its data may miss a finding.
    ///
    /// ## Example
    /// An authorization plugin that denies `GET /plugins`.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub ApiPartial {
        code: "PC035",
        name: "docker-api-partial",
        practice: HostAudit,
        severity: Medium,
        summary: "a part of the Docker API could not be read",
        aliases: [],
        references: [],
        remediation: "grant the auditing user read access to the named endpoint"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports a host file the benchmark needs but could not read or parse (a broken
    /// daemon.json, an unreadable unit file).
    ///
    /// ## Why is this bad?
    /// Settings from that file are missing from the checks; a broken daemon.json also stops
    /// dockerd from starting on its next restart.
    ///
    /// ## Example
    /// `/etc/docker/daemon.json` with a trailing comma.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub HostFileUnreadable {
        code: "PC036",
        name: "host-file-unreadable",
        practice: HostAudit,
        severity: Medium,
        summary: "a host file could not be read or parsed",
        aliases: [],
        references: [],
        remediation: "fix the file's syntax or run the benchmark as a user that can read it"
    }
}

declare_rule! {
    /// ## What it does
    /// Reports containers that disappeared between listing and inspecting them. They are left
    /// out instead of failing checks (docker-bench-security flipped 5.25 on such a race).
    ///
    /// ## Why is this bad?
    /// Nothing is wrong with the host; the count says how much was not checked.
    ///
    /// ## Example
    /// A CI job removing its containers while the benchmark runs.
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub ContainerVanished {
        code: "PC037",
        name: "container-vanished",
        practice: HostAudit,
        severity: Info,
        summary: "containers removed while the benchmark ran",
        aliases: [],
        references: [],
        remediation: "run the benchmark again when the host is quiet"
    }
}

pub static TOOL_RULES: &[&portcullis_core::RuleMeta] = &[
    &ApiPartial::META,
    &HostFileUnreadable::META,
    &ContainerVanished::META,
];
