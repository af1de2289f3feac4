use crate::input::{FileEntry, FileKind};
use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports world-writable files and directories of the final view (mode `o+w`).
    /// Directories with the sticky bit (`/tmp`, `/var/tmp`: mode `1777`) are fine and left alone;
    /// symbolic links are always `0777` and ignored.
    ///
    /// ## Why is this bad?
    /// Any user in the container can change a world-writable file: a program, a script or a
    /// configuration file there lets an unprivileged process change what a privileged one runs.
    /// A world-writable directory without the sticky bit lets anyone replace files of others.
    ///
    /// ## Example
    /// `/app/entrypoint.sh` with mode `0777`.
    /// Use instead: `COPY --chmod=0755` and directories owned by the user that writes them.
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - CIS Docker Benchmark 4 (image content)
    pub WorldWritable {
        code: "IMG004",
        name: "world-writable-file",
        practice: LeastPrivilege,
        severity: Medium,
        summary: "a world-writable file or directory without the sticky bit",
        aliases: [],
        references: ["https://docs.docker.com/reference/dockerfile/#copy---chmod"],
        remediation: "remove write permission for others (`chmod o-w`), or give the directory the sticky bit",
    }
}

/// Whether an entry is a world-writable file, or a world-writable directory without sticky bit.
pub(crate) fn matches(e: &FileEntry<'_>) -> bool {
    match e.kind {
        FileKind::File | FileKind::HardLink => e.mode & 0o002 != 0,
        FileKind::Dir => e.mode & 0o002 != 0 && e.mode & 0o1000 == 0,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::matches;
    use crate::input::{FileEntry, FileKind};

    fn e(kind: FileKind, mode: u32) -> FileEntry<'static> {
        FileEntry {
            path: "/x",
            kind,
            mode,
            uid: 0,
            gid: 0,
            size: 0,
            ordinal: 0,
        }
    }

    #[test]
    fn vectors() {
        assert!(matches(&e(FileKind::File, 0o666)));
        assert!(matches(&e(FileKind::Dir, 0o777)));
        assert!(!matches(&e(FileKind::Dir, 0o1777)));
        assert!(!matches(&e(FileKind::Symlink, 0o777)));
        assert!(!matches(&e(FileKind::File, 0o664)));
    }
}
