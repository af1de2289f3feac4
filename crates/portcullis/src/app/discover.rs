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
            .filter_entry(|e| e.file_name() != ".git")
            // Depth first with each directory's entries by name: the order of a path sort,
            // without the cost of comparing paths component by component.
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => return Err(Fatal(format!("{}: {}", p.display(), e))),
            };
            if entry.file_type().is_some_and(|t| t.is_file())
                && entry.file_name().to_str().is_some_and(|n| {
                    is_dockerfile_name(n) || super::compose_lint::is_compose_name(n)
                })
            {
                found.push(clean(entry.path()));
            }
        }
        if !found.is_sorted() {
            found.sort();
        }
        out.extend(found.into_iter().map(Input::File));
    }
    let mut seen = std::collections::HashSet::new();
    out.retain(|i| seen.insert(i.clone()));
    Ok(out)
}

fn clean(p: &Path) -> PathBuf {
    p.strip_prefix("./")
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| p.to_path_buf())
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
