//! Lexical path handling (no file system access): joining and normalising like Python's
//! `os.path.abspath(os.path.join(dir, path))`.

use std::path::Path;

/// `dir/path` normalised (`.` and `..` removed), or `path` itself when absolute.
pub fn abs_path(dir: &Path, path: &str) -> String {
    let joined = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("{}/{}", dir.to_string_lossy().trim_end_matches('/'), path)
    };
    normalize(&joined)
}

/// Normalises `.`/`..`/`//` in a path, lexically.
pub fn normalize(p: &str) -> String {
    let abs = p.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for c in p.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|l| *l != "..") {
                    parts.pop();
                } else if !abs {
                    parts.push("..");
                }
            }
            c => parts.push(c),
        }
    }
    let body = parts.join("/");
    if abs {
        format!("/{body}")
    } else if body.is_empty() {
        ".".into()
    } else {
        body
    }
}

/// `~` and `~/x` expanded with `home`.
pub fn expand_home(p: &str, home: Option<&str>) -> String {
    match (p.strip_prefix('~'), home) {
        (Some(rest), Some(h)) if rest.is_empty() || rest.starts_with('/') => format!("{h}{rest}"),
        _ => p.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    #[test]
    fn joins() {
        assert_eq!(abs_path(Path::new("/p/q"), "./a/../b"), "/p/q/b");
        assert_eq!(abs_path(Path::new("/p"), "/x/./y/"), "/x/y");
        assert_eq!(normalize("/../a"), "/a");
        assert_eq!(expand_home("~/x", Some("/h")), "/h/x");
    }
}
