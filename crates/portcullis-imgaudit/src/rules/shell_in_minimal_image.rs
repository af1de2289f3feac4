use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports shells and package managers (`/bin/sh`, `bash`, `busybox`, `apk`, `apt-get`,
    /// `dpkg`, `rpm`, `pip`, `npm`, ...) in an image that is otherwise minimal: one without an
    /// operating-system package database (scratch-based, distroless, static binaries).
    ///
    /// ## Why is this bad?
    /// A minimal image is minimal so that an attacker who gets code execution finds no tools: a
    /// shell or a package manager left in it gives back exactly what the minimal base took
    /// away, and usually comes from a copied `busybox` or a debug step nobody removed.
    ///
    /// ## Example
    /// `FROM gcr.io/distroless/static` then `COPY --from=busybox /bin/busybox /bin/`.
    /// Use instead: leave tools out of the final stage; debug with an ephemeral debug container
    /// (`docker debug`, `kubectl debug`).
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - Docker Security Best Practices, practice 1: minimal base images
    pub ShellInMinimalImage {
        code: "IMG010",
        name: "shell-in-minimal-image",
        practice: MinimalImage,
        severity: Medium,
        summary: "a shell or package manager in an otherwise minimal image",
        aliases: [],
        references: ["https://github.com/GoogleContainerTools/distroless#why-should-i-use-distroless-images"],
        remediation: "remove shells and package managers from the final stage",
    }
}

/// The tool a final-view path is, if it is a shell or a package manager.
pub fn shell_or_package_manager(path: &str) -> Option<&'static str> {
    let name = path.rsplit('/').next()?;
    let dir = &path[..path.len() - name.len()];
    if !matches!(
        dir,
        "/bin/" | "/sbin/" | "/usr/bin/" | "/usr/sbin/" | "/usr/local/bin/" | "/busybox/"
    ) {
        return None;
    }
    Some(match name {
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "mksh" | "csh" | "tcsh" => "shell",
        "busybox" => "busybox",
        "apk" | "apt" | "apt-get" | "dpkg" | "yum" | "dnf" | "microdnf" | "rpm" | "zypper" => {
            "package manager"
        }
        "pip" | "pip3" | "npm" | "yarn" | "gem" => "language package manager",
        _ => return None,
    })
}

/// Paths of the operating-system package databases: an image that has one is a distribution,
/// not a minimal image.
pub(crate) fn is_package_db(path: &str) -> bool {
    matches!(
        path,
        "/var/lib/dpkg/status"
            | "/lib/apk/db/installed"
            | "/usr/lib/apk/db/installed"
            | "/var/lib/rpm/Packages"
            | "/var/lib/rpm/Packages.db"
            | "/var/lib/rpm/rpmdb.sqlite"
            | "/usr/lib/sysimage/rpm/rpmdb.sqlite"
            | "/usr/lib/sysimage/rpm/Packages.db"
    )
}

#[cfg(test)]
mod tests {
    use super::{is_package_db, shell_or_package_manager};

    #[test]
    fn vectors() {
        assert_eq!(shell_or_package_manager("/bin/sh"), Some("shell"));
        assert_eq!(shell_or_package_manager("/bin/busybox"), Some("busybox"));
        assert_eq!(
            shell_or_package_manager("/sbin/apk"),
            Some("package manager")
        );
        assert_eq!(
            shell_or_package_manager("/usr/local/bin/pip3"),
            Some("language package manager")
        );
        assert_eq!(shell_or_package_manager("/usr/share/bash"), None);
        assert_eq!(shell_or_package_manager("/app/sh"), None);
        assert!(is_package_db("/var/lib/dpkg/status"));
        assert!(!is_package_db("/var/lib/dpkg/status-old"));
    }
}
