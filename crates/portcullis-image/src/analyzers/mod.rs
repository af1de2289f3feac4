//! Package analyzers. Each claims the paths it reads (by exact path, suffix or directory
//! pattern) and is handed only those files' bytes; it returns packages, OS hints and problems
//! for that one file. The scan keeps a file's results only if that file survives in the final
//! view, and attributes each package to the earliest layer whose copy of the same database
//! already listed it.

pub mod apk;
pub mod binary;
pub mod composer;
pub mod dpkg;
pub mod gem;
pub mod java;
pub mod lockfiles;
pub mod npm;
pub mod osrel;
pub mod python;
pub mod rpm;

use crate::entry::Entry;
use portcullis_core::{Distro, Package, PackageKind, RuleMeta};
use std::io::Read;

/// What an analyzer wants of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Claim {
    Skip,
    /// The file's bytes up to this many (more: the analyzer sees `complete == false`).
    Bytes(u64),
    /// An executable: whole when small enough, else streamed to `analyze_stream`.
    Binary,
}

/// The file an analyzer is handed.
#[derive(Debug, Clone, Copy)]
pub struct FileRef<'a> {
    pub path: &'a str,
    pub size: u64,
    /// False when the file was larger than the cap.
    pub complete: bool,
}

/// Which file an OS hint came from, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum OsSource {
    EtcOsRelease,
    UsrLibOsRelease,
    AlpineRelease,
    RedhatRelease,
    DebianVersion,
}

/// A problem with one file: a finding of `rule` once the file is known to survive.
#[derive(Debug, Clone)]
pub struct Problem {
    pub rule: &'static RuleMeta,
    pub message: String,
}

/// Results of one analyzer run on one file.
#[derive(Debug, Default)]
pub struct Output {
    pub packages: Vec<Package>,
    pub os: Vec<(OsSource, Distro)>,
    pub problems: Vec<Problem>,
}

impl Output {
    pub fn is_empty(&self) -> bool {
        self.packages.is_empty() && self.os.is_empty() && self.problems.is_empty()
    }

    pub fn unparsable(&mut self, path: &str, reason: impl std::fmt::Display) {
        self.problems.push(Problem {
            rule: &crate::rules::PackageDbUnparsable::META,
            message: format!("{path}: {reason}; its packages are missing from the inventory"),
        });
    }

    pub fn too_large(&mut self, f: &FileRef<'_>) {
        self.problems.push(Problem {
            rule: &crate::rules::LimitExceeded::META,
            message: format!(
                "{}: {} bytes, larger than the per-file cap; not read, its packages are missing",
                f.path, f.size
            ),
        });
    }
}

/// A package analyzer.
pub trait Analyzer: Send + Sync {
    fn name(&self) -> &'static str;
    /// Whether (and how much of) this file is wanted. Called for every regular file: keep it cheap.
    fn claim(&self, path: &str, entry: &Entry<'_>) -> Claim;
    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output);
    /// Only for [`Claim::Binary`] files larger than the binary cap.
    fn analyze_stream(&self, file: &FileRef<'_>, reader: &mut dyn Read, out: &mut Output) {
        let _ = (file, reader, out);
    }
}

/// Every analyzer, in a fixed order.
pub fn all(limits: &crate::Limits) -> Vec<Box<dyn Analyzer>> {
    let max = limits.max_file_bytes;
    vec![
        Box::new(osrel::OsRelease),
        Box::new(dpkg::Dpkg { max }),
        Box::new(apk::Apk { max }),
        Box::new(rpm::Rpm { max }),
        Box::new(python::Python { max }),
        Box::new(npm::Npm { max }),
        Box::new(lockfiles::Lockfiles { max }),
        Box::new(composer::Composer { max }),
        Box::new(gem::Gem { max }),
        Box::new(java::Java {
            max,
            max_entries: limits.max_zip_entries,
        }),
        Box::new(binary::Binaries),
    ]
}

/// A language package with its purl.
pub(crate) fn lang_package(
    kind: PackageKind,
    name: &str,
    version: &str,
    purl: String,
    found_in: &str,
) -> Package {
    Package {
        kind,
        name: name.to_string(),
        version: version.to_string(),
        source_name: None,
        source_version: None,
        arch: None,
        purl,
        licenses: Vec::new(),
        found_in: found_in.to_string(),
        layer_index: None,
        layer_digest: None,
    }
}

/// RFC 822-style paragraphs (dpkg status, apk-style key lines are handled separately):
/// `Key: value` lines, continuation lines starting with a space, blank lines between records.
pub(crate) fn paragraphs(text: &str) -> impl Iterator<Item = Vec<(&str, &str)>> {
    text.split("\n\n").filter_map(|para| {
        let mut fields = Vec::new();
        for line in para.lines() {
            if line.starts_with(' ') || line.starts_with('\t') || line.is_empty() {
                continue;
            }
            if let Some((k, v)) = line.split_once(':') {
                fields.push((k.trim(), v.trim()));
            }
        }
        (!fields.is_empty()).then_some(fields)
    })
}

pub(crate) fn field<'a>(fields: &[(&'a str, &'a str)], key: &str) -> Option<&'a str> {
    fields
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| *v)
}

/// File name of a path.
pub(crate) fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// Text of a file, or a problem if it is not complete or not UTF-8 (invalid bytes replaced).
pub(crate) fn text<'a>(
    file: &FileRef<'_>,
    data: &'a [u8],
    out: &mut Output,
) -> Option<std::borrow::Cow<'a, str>> {
    if !file.complete {
        out.too_large(file);
        return None;
    }
    Some(String::from_utf8_lossy(data))
}
