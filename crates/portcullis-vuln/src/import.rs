//! Loading OSV data: zips of records (OSV's `all.zip` exports), directories of `*.json`, or
//! single record files. Every record must parse: a corrupt record fails the import (naming the
//! file and the entry) so that a bad download never replaces a good database.

use crate::osv::{self, Compiled, RawRecord};
use crate::store::{self, Contents, DbError, Metadata};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Largest record accepted (bounded memory against zip bombs); real records are < 1 MiB.
const MAX_RECORD: u64 = 32 << 20;
/// Most entries read from one archive or directory.
const MAX_ENTRIES: usize = 2_000_000;

/// An import problem: the file (and entry) and what is wrong.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

impl From<DbError> for ImportError {
    fn from(e: DbError) -> Self {
        ImportError(e.to_string())
    }
}

/// Statistics of one import.
#[derive(Debug, Default, Clone)]
pub struct ImportStats {
    pub records: u64,
    pub withdrawn_or_unusable: u64,
}

/// Collects records from sources into database contents.
#[derive(Default)]
pub struct Importer {
    records: BTreeMap<String, Compiled>,
    sources: Vec<String>,
    pub stats: ImportStats,
}

impl Importer {
    pub fn new() -> Importer {
        Importer::default()
    }

    /// Adds a zip, a directory of JSON records, or one JSON record. `label` names the source in
    /// the database metadata (a URL for downloads); None uses the path.
    pub fn add_path(&mut self, path: &Path, label: Option<&str>) -> Result<(), ImportError> {
        let meta =
            std::fs::metadata(path).map_err(|e| ImportError(format!("{}: {e}", path.display())))?;
        if meta.is_dir() {
            let mut files = Vec::new();
            walk_json(path, &mut files, 0)?;
            files.sort();
            for f in files {
                let bytes = read_bounded(std::fs::File::open(&f), &f.display().to_string())?;
                self.add_json(&bytes, &f.display().to_string())?;
            }
        } else {
            let mut head = [0u8; 4];
            let n = std::fs::File::open(path)
                .and_then(|mut f| f.read(&mut head))
                .map_err(|e| ImportError(format!("{}: {e}", path.display())))?;
            if n >= 2 && &head[..2] == b"PK" || path.extension().is_some_and(|e| e == "zip") {
                self.add_zip(path)?;
            } else {
                let bytes = read_bounded(std::fs::File::open(path), &path.display().to_string())?;
                self.add_json(&bytes, &path.display().to_string())?;
            }
        }
        self.sources.push(
            label
                .map(str::to_string)
                .unwrap_or_else(|| path.display().to_string()),
        );
        Ok(())
    }

    fn add_zip(&mut self, path: &Path) -> Result<(), ImportError> {
        let name = path.display().to_string();
        let f = std::fs::File::open(path).map_err(|e| ImportError(format!("{name}: {e}")))?;
        let mut zip = zip::ZipArchive::new(std::io::BufReader::new(f))
            .map_err(|e| ImportError(format!("{name}: not a readable zip archive ({e})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(ImportError(format!(
                "{name}: more than {MAX_ENTRIES} entries"
            )));
        }
        let mut buf = Vec::new();
        for i in 0..zip.len() {
            let mut entry = zip
                .by_index(i)
                .map_err(|e| ImportError(format!("{name}: entry {i}: {e}")))?;
            let ename = match entry.name() {
                Ok(n) => n.to_string(),
                Err(e) => return Err(ImportError(format!("{name}: entry {i}: {e}"))),
            };
            if entry.is_dir() || !ename.ends_with(".json") {
                continue;
            }
            let ename = format!("{name}: {ename}");
            if entry.size() > MAX_RECORD {
                return Err(ImportError(format!(
                    "{ename}: record larger than {MAX_RECORD} bytes"
                )));
            }
            buf.clear();
            (&mut entry)
                .take(MAX_RECORD + 1)
                .read_to_end(&mut buf)
                .map_err(|e| ImportError(format!("{ename}: {e}")))?;
            if buf.len() as u64 > MAX_RECORD {
                return Err(ImportError(format!(
                    "{ename}: record larger than {MAX_RECORD} bytes"
                )));
            }
            self.add_json(&buf, &ename)?;
        }
        Ok(())
    }

    /// Adds one record (JSON text); `what` names it in errors.
    pub fn add_json(&mut self, bytes: &[u8], what: &str) -> Result<(), ImportError> {
        let raw: RawRecord = serde_json::from_slice(bytes)
            .map_err(|e| ImportError(format!("{what}: not a valid OSV record: {e}")))?;
        self.stats.records += 1;
        match osv::compile(raw).map_err(|e| ImportError(format!("{what}: {}", e.0)))? {
            None => self.stats.withdrawn_or_unusable += 1,
            Some(c) => {
                self.records.insert(c.advisory.id.clone(), c);
            }
        }
        Ok(())
    }

    /// The database contents of everything added.
    pub fn finish(self) -> Contents {
        let mut c = Contents {
            sources: self.sources,
            ..Contents::default()
        };
        let mut per_eco: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for (id, rec) in self.records {
            for (key, eco, entry) in rec.affected {
                per_eco.entry(eco).or_default().insert(id.clone());
                c.affected.entry(key).or_default().push(entry);
            }
            c.advisories.insert(id, rec.advisory);
        }
        c.counts = per_eco
            .into_iter()
            .map(|(k, v)| (k, v.len() as u64))
            .collect();
        c
    }
}

fn read_bounded(f: std::io::Result<std::fs::File>, what: &str) -> Result<Vec<u8>, ImportError> {
    let f = f.map_err(|e| ImportError(format!("{what}: {e}")))?;
    let mut buf = Vec::new();
    f.take(MAX_RECORD + 1)
        .read_to_end(&mut buf)
        .map_err(|e| ImportError(format!("{what}: {e}")))?;
    if buf.len() as u64 > MAX_RECORD {
        return Err(ImportError(format!(
            "{what}: record larger than {MAX_RECORD} bytes"
        )));
    }
    Ok(buf)
}

/// Collects `*.json` below `dir`, not following symbolic links (no loops).
fn walk_json(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) -> Result<(), ImportError> {
    if depth > 32 {
        return Err(ImportError(format!(
            "{}: directories nested too deeply",
            dir.display()
        )));
    }
    let rd = std::fs::read_dir(dir).map_err(|e| ImportError(format!("{}: {e}", dir.display())))?;
    for ent in rd {
        let ent = ent.map_err(|e| ImportError(format!("{}: {e}", dir.display())))?;
        let ft = ent
            .file_type()
            .map_err(|e| ImportError(format!("{}: {e}", ent.path().display())))?;
        let p = ent.path();
        if ft.is_dir() {
            walk_json(&p, out, depth + 1)?;
        } else if ft.is_file() && p.extension().is_some_and(|e| e == "json") {
            out.push(p);
            if out.len() > MAX_ENTRIES {
                return Err(ImportError(format!(
                    "{}: more than {MAX_ENTRIES} files",
                    dir.display()
                )));
            }
        }
    }
    Ok(())
}

/// `portcullis db import`: builds a new database from `paths` and replaces the one in
/// `cache_dir` atomically.
pub fn import_paths(
    cache_dir: &Path,
    paths: &[PathBuf],
) -> Result<(Metadata, ImportStats), ImportError> {
    if paths.is_empty() {
        return Err(ImportError(
            "nothing to import: name OSV zips or directories".into(),
        ));
    }
    let mut imp = Importer::new();
    for p in paths {
        imp.add_path(p, None)?;
    }
    let stats = imp.stats.clone();
    let contents = imp.finish();
    if contents.advisories.is_empty() {
        return Err(ImportError(format!(
            "{}: no usable OSV records (supported ecosystems: Debian, Ubuntu, Alpine, Wolfi, \
             Chainguard, AlmaLinux, Rocky Linux, PyPI, npm, crates.io, Go, Maven)",
            paths[0].display()
        )));
    }
    let meta = store::write_atomic(cache_dir, &contents)?;
    Ok((meta, stats))
}
