//! The embedded database: one redb file (`vulns.redb`) in the cache directory.
//!
//! Tables: `meta` (schema version, build time, sources, counts per ecosystem), `advisories`
//! (id → postcard-encoded [`Advisory`]) and `affected` (`ecosystem NUL normalised-name` →
//! postcard-encoded `Vec<Affected>`, every advisory for that package). A scan reads only the
//! keys of the packages it has and the advisories that matched.
//!
//! Writing is atomic: a new database is built in a temporary file beside the old one, checked,
//! and renamed over it; a failure at any point leaves the last good database untouched.

use crate::osv::{Advisory, Affected};
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// Bump when the stored layout changes; a database of another version must be rebuilt.
pub const SCHEMA_VERSION: u32 = 1;
pub const DB_FILE: &str = "vulns.redb";

const META: TableDefinition<&str, &str> = TableDefinition::new("meta");
const ADVISORIES: TableDefinition<&str, &[u8]> = TableDefinition::new("advisories");
const AFFECTED: TableDefinition<&str, &[u8]> = TableDefinition::new("affected");

/// A database problem, as one line naming the file.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error(
        "no vulnerability database at {0}: run `portcullis db update` (or `portcullis db import` \
         with OSV zips on an air-gapped host)"
    )]
    Missing(PathBuf),
    #[error("{path}: {message}")]
    Corrupt { path: PathBuf, message: String },
    #[error(
        "{path}: database schema {found}, this portcullis reads schema {SCHEMA_VERSION}: run \
         `portcullis db update` to rebuild it"
    )]
    Schema { path: PathBuf, found: String },
    #[error("{0}")]
    Other(String),
}

/// What `db status` shows and scans check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Metadata {
    pub schema_version: u32,
    /// Unix seconds when the database was built.
    pub built_at: u64,
    /// Where the data came from (URLs or paths).
    pub sources: Vec<String>,
    /// Advisories per ecosystem (`Debian:12`, `PyPI`, …).
    pub counts: BTreeMap<String, u64>,
    pub advisories: u64,
    pub packages: u64,
}

impl Metadata {
    /// Age in seconds (0 when the clock is behind the build time).
    pub fn age_secs(&self) -> u64 {
        now_secs().saturating_sub(self.built_at)
    }
}

pub fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0)
}

/// The cache directory: `--cache-dir`, else `PORTCULLIS_CACHE_DIR`, else
/// `$XDG_CACHE_HOME/portcullis`, else `~/.cache/portcullis`.
pub fn cache_dir(flag: Option<&Path>) -> Result<PathBuf, DbError> {
    if let Some(p) = flag {
        return Ok(p.to_path_buf());
    }
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(p) = env("PORTCULLIS_CACHE_DIR") {
        return Ok(p);
    }
    if let Some(p) = env("XDG_CACHE_HOME").filter(|p| p.is_absolute()) {
        return Ok(p.join("portcullis"));
    }
    if let Some(h) = env("HOME") {
        return Ok(h.join(".cache").join("portcullis"));
    }
    Err(DbError::Other(
        "no cache directory: set --cache-dir, PORTCULLIS_CACHE_DIR, XDG_CACHE_HOME or HOME".into(),
    ))
}

/// An open database (read-only).
pub struct Db {
    path: PathBuf,
    db: redb::ReadOnlyDatabase,
    meta: Metadata,
}

fn corrupt(path: &Path, e: impl std::fmt::Display) -> DbError {
    DbError::Corrupt {
        path: path.to_path_buf(),
        message: format!("unreadable vulnerability database ({e}); run `portcullis db update`"),
    }
}

impl Db {
    /// Opens `dir/vulns.redb`.
    pub fn open_in(dir: &Path) -> Result<Db, DbError> {
        Db::open(&dir.join(DB_FILE))
    }

    pub fn open(path: &Path) -> Result<Db, DbError> {
        if !path.is_file() {
            return Err(DbError::Missing(path.to_path_buf()));
        }
        let db = redb::ReadOnlyDatabase::open(path).map_err(|e| corrupt(path, e))?;
        let meta = {
            let tx = db.begin_read().map_err(|e| corrupt(path, e))?;
            let t = tx.open_table(META).map_err(|e| corrupt(path, e))?;
            let get = |k: &str| -> Result<Option<String>, DbError> {
                Ok(t.get(k)
                    .map_err(|e| corrupt(path, e))?
                    .map(|v| v.value().to_string()))
            };
            let version = get("schema_version")?.unwrap_or_default();
            if version != SCHEMA_VERSION.to_string() {
                return Err(DbError::Schema {
                    path: path.to_path_buf(),
                    found: if version.is_empty() {
                        "unknown".into()
                    } else {
                        version
                    },
                });
            }
            let raw = get("metadata")?.ok_or_else(|| corrupt(path, "no metadata"))?;
            serde_json::from_str::<Metadata>(&raw).map_err(|e| corrupt(path, e))?
        };
        Ok(Db {
            path: path.to_path_buf(),
            db,
            meta,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn metadata(&self) -> &Metadata {
        &self.meta
    }

    /// A read snapshot for many lookups.
    pub fn reader(&self) -> Result<Reader<'_>, DbError> {
        let tx = self.db.begin_read().map_err(|e| corrupt(&self.path, e))?;
        let affected = tx
            .open_table(AFFECTED)
            .map_err(|e| corrupt(&self.path, e))?;
        let advisories = tx
            .open_table(ADVISORIES)
            .map_err(|e| corrupt(&self.path, e))?;
        Ok(Reader {
            path: &self.path,
            affected,
            advisories,
        })
    }
}

/// Lookups in one read transaction.
pub struct Reader<'a> {
    path: &'a Path,
    affected: redb::ReadOnlyTable<&'static str, &'static [u8]>,
    advisories: redb::ReadOnlyTable<&'static str, &'static [u8]>,
}

impl Reader<'_> {
    /// Every advisory entry for a package key (see [`crate::osv::key`]).
    pub fn affected(&self, key: &str) -> Result<Vec<Affected>, DbError> {
        match self.affected.get(key).map_err(|e| corrupt(self.path, e))? {
            None => Ok(Vec::new()),
            Some(v) => postcard::from_bytes(v.value()).map_err(|e| corrupt(self.path, e)),
        }
    }

    pub fn advisory(&self, id: &str) -> Result<Option<Advisory>, DbError> {
        match self.advisories.get(id).map_err(|e| corrupt(self.path, e))? {
            None => Ok(None),
            Some(v) => postcard::from_bytes(v.value())
                .map(Some)
                .map_err(|e| corrupt(self.path, e)),
        }
    }

    /// Every key, for benchmarks and tests.
    pub fn keys(&self) -> Result<Vec<String>, DbError> {
        let mut out = Vec::new();
        for row in self.affected.iter().map_err(|e| corrupt(self.path, e))? {
            let (k, _) = row.map_err(|e| corrupt(self.path, e))?;
            out.push(k.value().to_string());
        }
        Ok(out)
    }
}

/// Everything a new database holds, built in memory by the importer.
#[derive(Default)]
pub struct Contents {
    /// Advisory id → postcard-encoded [`Advisory`].
    pub advisories: BTreeMap<String, Vec<u8>>,
    /// Package key → postcard-encoded `Vec<Affected>`.
    pub affected: BTreeMap<String, Vec<u8>>,
    pub counts: BTreeMap<String, u64>,
    pub sources: Vec<String>,
}

/// Writes `contents` as the database in `dir`, atomically: temp file, check, rename.
pub fn write_atomic(dir: &Path, contents: &Contents) -> Result<Metadata, DbError> {
    std::fs::create_dir_all(dir).map_err(|e| {
        DbError::Other(format!(
            "{}: cannot create cache directory: {e}",
            dir.display()
        ))
    })?;
    let tmp = tempfile_in(dir)?;
    let result = (|| {
        let meta = write_db(tmp.path(), contents)?;
        // Check what was written before it replaces anything.
        let check = Db::open(tmp.path())?;
        if check.metadata() != &meta {
            return Err(corrupt(tmp.path(), "metadata differs after writing"));
        }
        drop(check);
        Ok(meta)
    })();
    match result {
        Ok(meta) => {
            let target = dir.join(DB_FILE);
            tmp.persist(&target).map_err(|e| {
                DbError::Other(format!(
                    "{}: cannot replace database: {}",
                    target.display(),
                    e.error
                ))
            })?;
            Ok(meta)
        }
        Err(e) => Err(e), // tmp is removed on drop
    }
}

fn tempfile_in(dir: &Path) -> Result<TempPath, DbError> {
    let pid = std::process::id();
    for n in 0..100u32 {
        let p = dir.join(format!(".{DB_FILE}.{pid}.{n}.tmp"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&p)
        {
            Ok(_) => {
                // redb wants to create the file itself.
                let _ = std::fs::remove_file(&p);
                return Ok(TempPath(Some(p)));
            }
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => {
                return Err(DbError::Other(format!(
                    "{}: cannot write: {e}",
                    dir.display()
                )));
            }
        }
    }
    Err(DbError::Other(format!(
        "{}: no free temporary file name",
        dir.display()
    )))
}

/// A temporary path removed on drop unless persisted.
struct TempPath(Option<PathBuf>);

struct PersistError {
    error: std::io::Error,
}

impl TempPath {
    fn path(&self) -> &Path {
        self.0
            .as_deref()
            .expect("temp path present until persisted")
    }
    fn persist(mut self, to: &Path) -> Result<(), PersistError> {
        let from = self.0.take().expect("temp path present until persisted");
        std::fs::rename(&from, to).map_err(|error| {
            let _ = std::fs::remove_file(&from);
            PersistError { error }
        })
    }
}

impl Drop for TempPath {
    fn drop(&mut self) {
        if let Some(p) = self.0.take() {
            let _ = std::fs::remove_file(p);
        }
    }
}

fn write_db(path: &Path, c: &Contents) -> Result<Metadata, DbError> {
    let err = |e: &dyn std::fmt::Display| DbError::Other(format!("{}: {e}", path.display()));
    let mut db = redb::Database::create(path).map_err(|e| err(&e))?;
    let meta = Metadata {
        schema_version: SCHEMA_VERSION,
        built_at: now_secs(),
        sources: c.sources.clone(),
        counts: c.counts.clone(),
        advisories: c.advisories.len() as u64,
        packages: c.affected.len() as u64,
    };
    {
        let tx = db.begin_write().map_err(|e| err(&e))?;
        {
            let mut t = tx.open_table(ADVISORIES).map_err(|e| err(&e))?;
            for (id, bytes) in &c.advisories {
                t.insert(id.as_str(), bytes.as_slice())
                    .map_err(|e| err(&e))?;
            }
            let mut t = tx.open_table(AFFECTED).map_err(|e| err(&e))?;
            for (k, bytes) in &c.affected {
                t.insert(k.as_str(), bytes.as_slice())
                    .map_err(|e| err(&e))?;
            }
            let mut t = tx.open_table(META).map_err(|e| err(&e))?;
            let v = SCHEMA_VERSION.to_string();
            t.insert("schema_version", v.as_str())
                .map_err(|e| err(&e))?;
            let m = serde_json::to_string(&meta).map_err(|e| err(&e))?;
            t.insert("metadata", m.as_str()).map_err(|e| err(&e))?;
        }
        tx.commit().map_err(|e| err(&e))?;
    }
    while db
        .compact(redb::CompactionMode::Maximum)
        .map_err(|e| err(&e))?
    {}
    drop(db);
    Ok(meta)
}
