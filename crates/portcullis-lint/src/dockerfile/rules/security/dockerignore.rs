//! `.dockerignore` matching with Docker's semantics (moby/patternmatcher): one pattern a line,
//! `#` comments, `!` re-includes, patterns are relative to the context root (a leading `/` is
//! dropped), `*` and `?` do not cross `/`, `**` matches any number of directories, a pattern that
//! matches a directory excludes everything in it, and the last matching pattern wins.

use globset::{GlobBuilder, GlobMatcher};

/// A parsed `.dockerignore`.
#[derive(Debug, Default)]
pub struct DockerIgnore {
    rules: Vec<Rule>,
}

#[derive(Debug)]
struct Rule {
    matcher: GlobMatcher,
    negated: bool,
}

impl DockerIgnore {
    /// Parses `.dockerignore` text. Invalid patterns are skipped (Docker rejects the build; the
    /// linter just does not count them as exclusions).
    pub fn parse(text: &str) -> DockerIgnore {
        let mut out = DockerIgnore::default();
        for line in text.lines() {
            out.add(line);
        }
        out
    }

    /// Adds one pattern line (also used for `COPY --exclude=PATTERN`).
    pub fn add(&mut self, line: &str) {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            return;
        }
        let (negated, pat) = match line.strip_prefix('!') {
            Some(p) => (true, p.trim()),
            None => (false, line),
        };
        let pat = clean(pat);
        if pat.is_empty() {
            return;
        }
        let build = |p: &str| {
            GlobBuilder::new(p)
                .literal_separator(true)
                .backslash_escape(true)
                .build()
        };
        // `**` not alone in a path component is an error for globset; Docker reads it as `*`.
        let glob = build(&pat).or_else(|_| build(&pat.replace("**", "*")));
        if let Ok(g) = glob {
            self.rules.push(Rule {
                matcher: g.compile_matcher(),
                negated,
            });
        }
    }

    /// Whether `path` (relative to the context root, `/`-separated) is left out of the context:
    /// the last pattern matching it or one of its parent directories decides.
    pub fn excludes(&self, path: &str) -> bool {
        let path = clean(path);
        let mut candidates = vec![path.clone()];
        let mut cur = path.as_str();
        while let Some((parent, _)) = cur.rsplit_once('/') {
            candidates.push(parent.to_string());
            cur = parent;
        }
        let mut excluded = false;
        for r in &self.rules {
            if candidates.iter().any(|c| r.matcher.is_match(c)) {
                excluded = !r.negated;
            }
        }
        excluded
    }
}

/// Normalises a path or pattern like Go's `filepath.Clean` for our purposes: no leading `/` or
/// `./`, no `.` components, no trailing `/`, no doubled `/`.
pub fn clean(p: &str) -> String {
    let parts: Vec<&str> = p
        .split('/')
        .filter(|c| !c.is_empty() && *c != ".")
        .collect();
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_semantics() {
        let d = DockerIgnore::parse(
            "# comment\n.env\n*.pem\n!public.pem\nsecrets/\n**/*.key\n/build\n",
        );
        assert!(d.excludes(".env"));
        assert!(!d.excludes("app/.env"), ".env is anchored at the root");
        assert!(d.excludes("key.pem"));
        assert!(!d.excludes("public.pem"), "re-included");
        assert!(!d.excludes("certs/key.pem"), "`*` does not cross `/`");
        assert!(
            d.excludes("secrets/db/password.txt"),
            "a directory excludes its content"
        );
        assert!(d.excludes("a/b/c.key"));
        assert!(d.excludes("server.key"), "`**/` matches zero directories");
        assert!(d.excludes("./build/x"));
        let d = DockerIgnore::parse("*\n!src\n");
        assert!(d.excludes(".env"));
        assert!(!d.excludes("src/main.rs"));
        let d = DockerIgnore::parse("**/.env*\n");
        assert!(d.excludes("a/b/.env.local"));
        assert!(!DockerIgnore::parse("").excludes(".env"));
    }

    #[test]
    fn odd_patterns_do_not_panic() {
        let d = DockerIgnore::parse("!\n[\na**b\n\\\n/\n..\n");
        let _ = d.excludes(".env");
    }
}
