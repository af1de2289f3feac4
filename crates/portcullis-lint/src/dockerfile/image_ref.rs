//! Image references: `[registry/]repository[:tag][@digest]`.

/// A parsed image reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageRef {
    /// Registry host (`docker.io` when none is written).
    pub registry: String,
    /// Whether the registry was written explicitly.
    pub explicit_registry: bool,
    /// Repository path without registry, e.g. `library/node` is written `node`.
    pub repository: String,
    pub tag: Option<String>,
    pub digest: Option<String>,
}

impl ImageRef {
    /// Parses a reference; `scratch` parses as repository `scratch`.
    pub fn parse(s: &str) -> ImageRef {
        let (rest, digest) = match s.split_once('@') {
            Some((r, d)) => (r, Some(d.to_string())),
            None => (s, None),
        };
        let (rest, tag) = match rest.rfind(':') {
            Some(c) if !rest[c + 1..].contains('/') => {
                (&rest[..c], Some(rest[c + 1..].to_string()))
            }
            _ => (rest, None),
        };
        let (registry, explicit, repo) = match rest.split_once('/') {
            Some((first, path))
                if first.contains('.') || first.contains(':') || first == "localhost" =>
            {
                (first.to_string(), true, path.to_string())
            }
            _ => ("docker.io".to_string(), false, rest.to_string()),
        };
        ImageRef {
            registry,
            explicit_registry: explicit,
            repository: repo,
            tag,
            digest,
        }
    }

    /// Repository's last path component (`node` for `docker.io/library/node`).
    pub fn short_name(&self) -> &str {
        self.repository
            .rsplit('/')
            .next()
            .unwrap_or(&self.repository)
    }

    pub fn is_scratch(&self) -> bool {
        self.repository == "scratch" && !self.explicit_registry
    }
}

#[cfg(test)]
mod tests {
    use super::ImageRef;

    #[test]
    fn parses() {
        let r = ImageRef::parse("node:22-slim");
        assert_eq!(
            (r.registry.as_str(), r.repository.as_str(), r.tag.as_deref()),
            ("docker.io", "node", Some("22-slim"))
        );
        let r = ImageRef::parse("localhost:5000/team/app@sha256:abc");
        assert_eq!(r.registry, "localhost:5000");
        assert_eq!(r.repository, "team/app");
        assert_eq!(r.tag, None);
        assert_eq!(r.digest.as_deref(), Some("sha256:abc"));
        let r = ImageRef::parse("gcr.io/distroless/static-debian12:nonroot");
        assert_eq!(r.short_name(), "static-debian12");
        assert!(ImageRef::parse("scratch").is_scratch());
    }
}
