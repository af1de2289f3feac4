use portcullis_core::declare_rule;

declare_rule! {
    /// ## What it does
    /// Reports package-manager caches left in the final view: apt lists
    /// (`/var/lib/apt/lists/*`) and downloaded packages (`/var/cache/apt/archives/*.deb`),
    /// `/var/cache/apk/`, yum/dnf caches, pip (`~/.cache/pip`), npm (`~/.npm/_cacache`) and
    /// yarn caches, with the number of files and their size.
    ///
    /// ## Why is this bad?
    /// Caches make the image bigger for nothing and tell an attacker which repositories and
    /// versions were used; stale apt lists also make a later `apt-get install` in a derived
    /// image install outdated packages.
    ///
    /// ## Example
    /// `RUN apt-get update && apt-get install -y curl` without removing the lists.
    /// Use instead: `… && rm -rf /var/lib/apt/lists/*`, `apk add --no-cache`,
    /// `pip install --no-cache-dir`, or cache mounts (`RUN --mount=type=cache,target=…`).
    ///
    /// ## Fix safety
    /// No automatic fix (the Dockerfile linter fixes the commands).
    ///
    /// ## References
    /// - dockle DKL-DI-0005 (apt), DKL-DI-0004 (apk)
    pub PackageCacheLeft {
        code: "IMG009",
        name: "package-cache-left",
        practice: MinimalImage,
        severity: Low,
        summary: "package-manager caches left in the image",
        aliases: ["DKL-DI-0005", "DKL-DI-0004", "DL3009"],
        references: ["https://docs.docker.com/build/building/best-practices/#apt-get"],
        remediation: "clean caches in the same RUN step that fills them, or use cache mounts",
    }
}

/// The cache a regular file belongs to, if any.
pub fn cache_of(path: &str) -> Option<&'static str> {
    if let Some(rest) = path.strip_prefix("/var/lib/apt/lists/") {
        return (rest != "lock" && !rest.starts_with("partial/") && !rest.is_empty())
            .then_some("apt lists (/var/lib/apt/lists)");
    }
    if path.starts_with("/var/cache/apt/") && path.ends_with(".deb") {
        return Some("apt archives (/var/cache/apt/archives)");
    }
    if path.starts_with("/var/cache/apt/") && path.ends_with(".bin") {
        return Some("apt package cache (/var/cache/apt/*.bin)");
    }
    if path.starts_with("/var/cache/apk/") {
        return Some("apk cache (/var/cache/apk)");
    }
    if path.starts_with("/var/cache/yum/") || path.starts_with("/var/cache/dnf/") {
        return Some("yum/dnf cache (/var/cache/yum, /var/cache/dnf)");
    }
    let home = path.strip_prefix("/root/").or_else(|| {
        path.strip_prefix("/home/")
            .and_then(|r| r.split_once('/').map(|(_, r)| r))
    });
    if let Some(h) = home {
        if h.starts_with(".cache/pip/") {
            return Some("pip cache (~/.cache/pip)");
        }
        if h.starts_with(".npm/_cacache/") {
            return Some("npm cache (~/.npm/_cacache)");
        }
        if h.starts_with(".cache/yarn/") {
            return Some("yarn cache (~/.cache/yarn)");
        }
    }
    if path.starts_with("/usr/local/share/.cache/yarn/") {
        return Some("yarn cache (~/.cache/yarn)");
    }
    None
}

#[cfg(test)]
mod tests {
    use super::cache_of;

    #[test]
    fn vectors() {
        assert!(
            cache_of("/var/lib/apt/lists/deb.debian.org_debian_dists_bookworm_InRelease").is_some()
        );
        assert!(cache_of("/var/lib/apt/lists/lock").is_none());
        assert!(cache_of("/var/lib/apt/lists/partial/x").is_none());
        assert!(cache_of("/var/cache/apt/archives/curl_8.deb").is_some());
        assert!(cache_of("/var/cache/apt/archives/lock").is_none());
        assert!(cache_of("/var/cache/apk/APKINDEX.tar.gz").is_some());
        assert!(cache_of("/root/.cache/pip/http/a").is_some());
        assert!(cache_of("/home/app/.npm/_cacache/index-v5/x").is_some());
        assert!(cache_of("/usr/lib/python3/x").is_none());
    }
}
