use crate::input::FileEntry;
use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports files of the final view with the setuid or setgid bit (`/usr/bin/su`,
    /// `/usr/bin/passwd`, `/usr/bin/chsh`, ...), with their owner and mode.
    ///
    /// ## Why is this bad?
    /// A setuid program runs with its owner's privileges, root usually, whoever starts it. In a
    /// container that runs as a non-root user these programs are the way back to root: any bug
    /// in one of them is a privilege escalation. Containers almost never need them.
    ///
    /// ## Example
    /// `/usr/bin/chfn` with mode `4755`, owner 0.
    /// Use instead: remove the bits in the last build step of the final stage:
    /// `RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} + || true`, or run the
    /// container with `--security-opt no-new-privileges`.
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - dockle CIS-DI-0008, CIS Docker Benchmark 4.8
    pub SetuidFile {
        code: "IMG003",
        name: "setuid-file",
        practice: LeastPrivilege,
        severity: Low,
        summary: "a file with the setuid or setgid bit",
        aliases: ["CIS-DI-0008", "CIS-4.8"],
        references: ["https://github.com/goodwithtech/dockle/blob/master/CHECKPOINT.md#cis-di-0008"],
        remediation: "remove setuid/setgid bits (`chmod a-s`) from programs the container does not need to run as their owner",
    }
}

/// Whether an entry is a setuid or setgid regular file.
pub(crate) fn matches(e: &FileEntry<'_>) -> bool {
    e.is_file() && e.mode & 0o6000 != 0
}

/// `setuid`, `setgid` or both, for messages.
pub(crate) fn bits(mode: u32) -> &'static str {
    match (mode & 0o4000 != 0, mode & 0o2000 != 0) {
        (true, true) => "setuid and setgid",
        (true, false) => "setuid",
        _ => "setgid",
    }
}

#[cfg(test)]
mod tests {
    use super::{bits, matches};
    use crate::input::{FileEntry, FileKind};

    fn e(kind: FileKind, mode: u32) -> FileEntry<'static> {
        FileEntry {
            path: "/usr/bin/su",
            kind,
            mode,
            uid: 0,
            gid: 0,
            size: 10,
            ordinal: 0,
        }
    }

    #[test]
    fn vectors() {
        assert!(matches(&e(FileKind::File, 0o4755)));
        assert!(matches(&e(FileKind::File, 0o2755)));
        assert!(matches(&e(FileKind::HardLink, 0o6755)));
        assert!(!matches(&e(FileKind::File, 0o755)));
        assert!(!matches(&e(FileKind::Dir, 0o2775)));
        assert_eq!(bits(0o6755), "setuid and setgid");
    }
}
