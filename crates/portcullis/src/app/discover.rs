//! Finding the files to lint: explicit files as given, directories walked honouring
//! `.gitignore` (the `ignore` crate, as ripgrep does).

use super::Fatal;
use std::path::{Path, PathBuf};

/// What kind of file a path names, judged by its name.
pub fn is_dockerfile_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    lower == "dockerfile"
        || lower == "containerfile"
        || lower.starts_with("dockerfile.")
        || lower.starts_with("containerfile.")
        || lower.ends_with(".dockerfile")
        || lower.ends_with(".containerfile")
}

/// One input to lint.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Input {
    Stdin,
    File(PathBuf),
}

/// Expands the command-line paths into inputs, sorted and de-duplicated per directory.
pub fn discover(paths: &[PathBuf], no_ignore: bool) -> Result<Vec<Input>, Fatal> {
    let defaults = [PathBuf::from(".")];
    let paths = if paths.is_empty() {
        &defaults[..]
    } else {
        paths
    };
    let mut out = Vec::new();
    for p in paths {
        if p.as_os_str() == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let meta = std::fs::metadata(p)
            .map_err(|e| Fatal(format!("{}: {}", p.display(), io_reason(&e))))?;
        if meta.is_file() {
            out.push(Input::File(p.clone()));
            continue;
        }
        let mut found = Vec::new();
        let walker = ignore::WalkBuilder::new(p)
            .hidden(false)
            .git_ignore(!no_ignore)
            .git_global(!no_ignore)
            .git_exclude(!no_ignore)
            .ignore(!no_ignore)
            .require_git(false)
            .follow_links(false)
            .filter_entry(|e| last_part(e.path()) != b".git")
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => return Err(Fatal(format!("{}: {}", p.display(), e))),
            };
            let name = last_part(entry.path());
            if entry.file_type().is_some_and(|t| t.is_file())
                && std::str::from_utf8(name)
                    .is_ok_and(|n| is_dockerfile_name(n) || super::compose_lint::is_compose_name(n))
            {
                found.push(clean(entry.into_path()));
            }
        }
        // Path order (component by component), as a byte comparison in which `/` sorts first:
        // the same order for the walker's paths, without splitting them into components.
        found.sort_unstable_by(|a, b| path_order(a, b));
        out.extend(found.into_iter().map(Input::File));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.clone()));
    Ok(out)
}

fn clean(p: PathBuf) -> PathBuf {
    match p.strip_prefix("./") {
        Ok(rest) => rest.to_path_buf(),
        Err(_) => p,
    }
}

/// A walked path's file name. The walker's own `file_name` re-parses the path into components,
/// which costs more than everything else done per entry.
fn last_part(p: &Path) -> &[u8] {
    let b = p.as_os_str().as_encoded_bytes();
    b.rsplit(|&c| c == b'/').next().unwrap_or(b)
}

/// Compares paths as [`Path`]'s order does for paths without `.` parts or repeated
/// separators (what the walker yields): bytes, with the separator below every other byte.
fn path_order(a: &Path, b: &Path) -> std::cmp::Ordering {
    let key = |c: u8| if c == b'/' { 0u16 } else { u16::from(c) + 1 };
    let (a, b) = (
        a.as_os_str().as_encoded_bytes(),
        b.as_os_str().as_encoded_bytes(),
    );
    a.iter().map(|&c| key(c)).cmp(b.iter().map(|&c| key(c)))
}

/// A short reason for an I/O error, without Rust's `(os error N)` suffix.
pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => {
            let s = e.to_string();
            match s.find(" (os error") {
                Some(i) => s[..i].to_string(),
                None => s,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_order_is_paths_order() {
        let mut paths: Vec<PathBuf> = [
            "a",
            "a/b",
            "a/b/c",
            "a-b",
            "a-b/c",
            "a.b",
            "a0",
            "a/b-c",
            "a/b.c",
            "a/bc",
            "ab",
            "A",
            "é/x",
            "e/x",
            "a/b/c/d.Dockerfile",
            "a/Dockerfile",
            "a/Dockerfile.dev",
            "b",
            "dir/sub dir/x",
            "dir/sub/x",
            "dir/sub-x",
            "dir/sub_x",
        ]
        .iter()
        .map(PathBuf::from)
        .collect();
        let mut want = paths.clone();
        want.sort();
        paths.sort_by(|a, b| path_order(a, b));
        assert_eq!(paths, want);
    }

    #[test]
    fn last_part_is_the_file_name() {
        for p in [
            "Dockerfile",
            "a/Dockerfile",
            "./a/b/compose.yaml",
            "/x/.git",
        ] {
            let p = Path::new(p);
            assert_eq!(last_part(p), p.file_name().unwrap().as_encoded_bytes());
        }
    }
}
