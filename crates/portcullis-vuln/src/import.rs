//! Loading OSV data: zips of records (OSV's `all.zip` exports), directories of `*.json`, or
//! single record files. Every record must parse: a corrupt record fails the import (naming the
//! file and the entry) so that a bad download never replaces a good database.

use crate::osv::{self, RawRecord};
use crate::store::{self, Contents, DbError, Metadata};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

/// Entries decompressed, parsed and compiled in parallel at a time: bounds what is held
/// between the parse and the merge.
const BATCH: usize = 256;

/// One advisory as the store keeps it, compiled as soon as it is read.
struct Slot {
    id: String,
    modified: Option<String>,
    /// postcard-encoded [`osv::Advisory`].
    advisory: Box<[u8]>,
    /// Ecosystems it has entries in (for the counts).
    ecosystems: Vec<String>,
}

/// An affected entry: the index of its advisory's slot and the postcard-encoded
/// [`osv::Affected`].
type Entry = (u32, Box<[u8]>);

/// What one record compiles to, in the store's encoding.
struct Encoded {
    slot: Slot,
    /// (key, postcard-encoded [`osv::Affected`]).
    entries: Vec<(String, Box<[u8]>)>,
}

/// Collects records from sources into database contents. Records are parsed and compiled in
/// parallel (rayon) in batches while the archive is read, and kept only in the store's
/// encoding (postcard bytes), never all parsed at once.
#[derive(Default)]
pub struct Importer {
    slots: Vec<Slot>,
    by_id: HashMap<String, u32>,
    /// key → (slot, encoded entry), in the order read.
    affected: HashMap<String, Vec<Entry>>,
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
            for batch in files.chunks(BATCH) {
                let parsed: Vec<Result<Option<Encoded>, ImportError>> = batch
                    .par_iter()
                    .map(|f| {
                        let what = f.display().to_string();
                        let bytes = read_bounded(std::fs::File::open(f), &what)?;
                        encode(&bytes, &what)
                    })
                    .collect();
                self.merge(parsed)?;
            }
        } else {
            let mut head = [0u8; 4];
            let n = std::fs::File::open(path)
                .and_then(|mut f| f.read(&mut head))
                .map_err(|e| ImportError(format!("{}: {e}", path.display())))?;
            if n >= 2 && &head[..2] == b"PK" || path.extension().is_some_and(|e| e == "zip") {
                self.add_zip(path)?;
            } else {
                let what = path.display().to_string();
                let bytes = read_bounded(std::fs::File::open(path), &what)?;
                self.merge(vec![encode(&bytes, &what)])?;
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
        let zip = zip::ZipArchive::new(SharedFile::new(f))
            .map_err(|e| ImportError(format!("{name}: not a readable zip archive ({e})")))?;
        if zip.len() > MAX_ENTRIES {
            return Err(ImportError(format!(
                "{name}: more than {MAX_ENTRIES} entries"
            )));
        }
        let mut indices = Vec::with_capacity(zip.len());
        for i in 0..zip.len() {
            let ename = match zip.name_for_index(i) {
                Some(Ok(n)) => n,
                Some(Err(e)) => return Err(ImportError(format!("{name}: entry {i}: {e}"))),
                None => continue,
            };
            if ename.ends_with(".json") && !ename.ends_with('/') {
                indices.push(i);
            }
        }
        for batch in indices.chunks(BATCH) {
            let parsed: Vec<Result<Option<Encoded>, ImportError>> = batch
                .par_iter()
                .map_init(
                    || (zip.clone(), Vec::new()),
                    |(zip, buf), &i| read_entry(zip, i, &name, buf),
                )
                .collect();
            self.merge(parsed)?;
        }
        Ok(())
    }

    /// Adds one record (JSON text); `what` names it in errors.
    pub fn add_json(&mut self, bytes: &[u8], what: &str) -> Result<(), ImportError> {
        self.merge(vec![encode(bytes, what)])
    }

    /// Takes compiled records in the order read; the first error (in that order) ends the
    /// import. A record whose id was seen before replaces the earlier one when it is newer
    /// (`modified`), else it is dropped (OSV exports repeat multi-ecosystem records).
    fn merge(
        &mut self,
        parsed: Vec<Result<Option<Encoded>, ImportError>>,
    ) -> Result<(), ImportError> {
        for r in parsed {
            self.stats.records += 1;
            let Some(enc) = r? else {
                self.stats.withdrawn_or_unusable += 1;
                continue;
            };
            let idx = match self.by_id.get(&enc.slot.id) {
                Some(&old) => {
                    if enc.slot.modified <= self.slots[old as usize].modified {
                        continue;
                    }
                    for list in self.affected.values_mut() {
                        list.retain(|(s, _)| *s != old);
                    }
                    self.affected.retain(|_, l| !l.is_empty());
                    self.slots[old as usize] = enc.slot;
                    old
                }
                None => {
                    let idx = u32::try_from(self.slots.len())
                        .map_err(|_| ImportError("too many advisories".into()))?;
                    self.by_id.insert(enc.slot.id.clone(), idx);
                    self.slots.push(enc.slot);
                    idx
                }
            };
            for (key, bytes) in enc.entries {
                self.affected.entry(key).or_default().push((idx, bytes));
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
        for (key, mut list) in self.affected {
            // By advisory id: the same bytes whatever order the sources were read in.
            list.sort_by(|a, b| {
                self.slots[a.0 as usize]
                    .id
                    .cmp(&self.slots[b.0 as usize].id)
            });
            let mut v = Vec::with_capacity(5 + list.iter().map(|e| e.1.len()).sum::<usize>());
            push_varint(&mut v, list.len() as u64);
            for (_, bytes) in &list {
                v.extend_from_slice(bytes);
            }
            c.affected.insert(key, v);
        }
        for slot in self.slots {
            for eco in slot.ecosystems {
                *c.counts.entry(eco).or_default() += 1;
            }
            c.advisories.insert(slot.id, slot.advisory.into_vec());
        }
        c
    }
}

/// postcard's length prefix: unsigned LEB128.
fn push_varint(out: &mut Vec<u8>, mut n: u64) {
    loop {
        let b = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// Parses and compiles one record into the store's encoding.
fn encode(bytes: &[u8], what: &str) -> Result<Option<Encoded>, ImportError> {
    let raw: RawRecord = serde_json::from_slice(bytes)
        .map_err(|e| ImportError(format!("{what}: not a valid OSV record: {e}")))?;
    let Some(c) = osv::compile(raw).map_err(|e| ImportError(format!("{what}: {}", e.0)))? else {
        return Ok(None);
    };
    let enc = |e: postcard::Error| ImportError(format!("{what}: cannot encode: {e}"));
    let mut ecosystems: Vec<String> = Vec::new();
    let mut entries = Vec::with_capacity(c.affected.len());
    for (key, eco, entry) in &c.affected {
        if !ecosystems.contains(eco) {
            ecosystems.push(eco.clone());
        }
        entries.push((
            key.clone(),
            postcard::to_stdvec(entry).map_err(enc)?.into_boxed_slice(),
        ));
    }
    Ok(Some(Encoded {
        slot: Slot {
            id: c.advisory.id.clone(),
            modified: c.advisory.modified.clone(),
            advisory: postcard::to_stdvec(&c.advisory)
                .map_err(enc)?
                .into_boxed_slice(),
            ecosystems,
        },
        entries,
    }))
}

/// Decompresses entry `i` of `zip` (bounded) and encodes it.
fn read_entry(
    zip: &mut zip::ZipArchive<SharedFile>,
    i: usize,
    name: &str,
    buf: &mut Vec<u8>,
) -> Result<Option<Encoded>, ImportError> {
    let mut entry = zip
        .by_index(i)
        .map_err(|e| ImportError(format!("{name}: entry {i}: {e}")))?;
    let ename = match entry.name() {
        Ok(n) => format!("{name}: {n}"),
        Err(e) => return Err(ImportError(format!("{name}: entry {i}: {e}"))),
    };
    if entry.size() > MAX_RECORD {
        return Err(ImportError(format!(
            "{ename}: record larger than {MAX_RECORD} bytes"
        )));
    }
    buf.clear();
    (&mut entry)
        .take(MAX_RECORD + 1)
        .read_to_end(buf)
        .map_err(|e| ImportError(format!("{ename}: {e}")))?;
    if buf.len() as u64 > MAX_RECORD {
        return Err(ImportError(format!(
            "{ename}: record larger than {MAX_RECORD} bytes"
        )));
    }
    encode(buf, &ename)
}

/// A file read with positional reads through a small buffer of its own, so that clones (one
/// per thread) share the file, keep their own position, and read a run of neighbouring zip
/// entries with a few system calls instead of several per entry.
struct SharedFile {
    file: Arc<std::fs::File>,
    pos: u64,
    buf: Box<[u8]>,
    /// File offset of `buf[0]` and how many bytes of `buf` are valid.
    buf_at: u64,
    buf_len: usize,
}

const READ_BUF: usize = 64 << 10;

impl Clone for SharedFile {
    fn clone(&self) -> SharedFile {
        SharedFile {
            file: Arc::clone(&self.file),
            pos: self.pos,
            buf: vec![0; READ_BUF].into_boxed_slice(),
            buf_at: 0,
            buf_len: 0,
        }
    }
}

impl SharedFile {
    fn new(file: std::fs::File) -> SharedFile {
        SharedFile {
            file: Arc::new(file),
            pos: 0,
            buf: vec![0; READ_BUF].into_boxed_slice(),
            buf_at: 0,
            buf_len: 0,
        }
    }

    fn read_at(&self, buf: &mut [u8], at: u64) -> std::io::Result<usize> {
        #[cfg(unix)]
        return std::os::unix::fs::FileExt::read_at(&*self.file, buf, at);
        #[cfg(windows)]
        return std::os::windows::fs::FileExt::seek_read(&*self.file, buf, at);
    }
}

impl Read for SharedFile {
    fn read(&mut self, out: &mut [u8]) -> std::io::Result<usize> {
        let in_buf = self.pos >= self.buf_at && self.pos < self.buf_at + self.buf_len as u64;
        if !in_buf {
            if out.len() >= self.buf.len() {
                let n = self.read_at(out, self.pos)?;
                self.pos += n as u64;
                return Ok(n);
            }
            let mut buf = std::mem::take(&mut self.buf);
            let r = self.read_at(&mut buf, self.pos);
            self.buf = buf;
            self.buf_at = self.pos;
            self.buf_len = 0;
            self.buf_len = r?;
            if self.buf_len == 0 {
                return Ok(0);
            }
        }
        let from = (self.pos - self.buf_at) as usize;
        let n = out.len().min(self.buf_len - from);
        out[..n].copy_from_slice(&self.buf[from..from + n]);
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for SharedFile {
    fn seek(&mut self, to: SeekFrom) -> std::io::Result<u64> {
        let base = match to {
            SeekFrom::Start(n) => {
                self.pos = n;
                return Ok(n);
            }
            SeekFrom::End(d) => (self.file.metadata()?.len(), d),
            SeekFrom::Current(d) => (self.pos, d),
        };
        match base.0.checked_add_signed(base.1) {
            Some(p) => {
                self.pos = p;
                Ok(p)
            }
            None => Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                "seek before the start of the file",
            )),
        }
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
             Chainguard, AlmaLinux, Rocky Linux, PyPI, npm, crates.io, Go, Maven, RubyGems, \
             Packagist, NuGet, Pub, Hackage, CRAN)",
            paths[0].display()
        )));
    }
    let meta = store::write_atomic(cache_dir, &contents)?;
    Ok((meta, stats))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::osv::{Advisory, Affected, Event};

    fn record(id: &str, modified: &str, fixed: &str) -> String {
        format!(
            r#"{{"id": "{id}", "modified": "{modified}", "summary": "s {modified}",
               "affected": [{{"package": {{"ecosystem": "PyPI", "name": "Jinja2"}},
                 "ranges": [{{"type": "ECOSYSTEM",
                   "events": [{{"introduced": "0"}}, {{"fixed": "{fixed}"}}]}}]}}]}}"#
        )
    }

    #[test]
    fn encoded_lists_decode_as_the_store_reads_them() {
        let mut imp = Importer::new();
        // More than 127 entries for one key: a two-byte length prefix.
        for i in (0..130).rev() {
            let r = record(
                &format!("PYSEC-{i:04}"),
                "2024-01-01T00:00:00Z",
                &format!("2.{i}"),
            );
            imp.add_json(r.as_bytes(), "test").unwrap();
        }
        let c = imp.finish();
        assert_eq!(c.counts["PyPI"], 130);
        let list: Vec<Affected> = postcard::from_bytes(&c.affected["PyPI\0jinja2"]).unwrap();
        assert_eq!(list.len(), 130);
        assert_eq!(list[0].id, "PYSEC-0000");
        assert_eq!(list[129].id, "PYSEC-0129");
        assert_eq!(
            list[5].ranges[0].events,
            vec![Event::Introduced("0".into()), Event::Fixed("2.5".into())]
        );
        let a: Advisory = postcard::from_bytes(&c.advisories["PYSEC-0007"]).unwrap();
        assert_eq!(a.summary, "s 2024-01-01T00:00:00Z");
    }

    #[test]
    fn a_repeated_id_keeps_the_newest_record() {
        let mut imp = Importer::new();
        let old = record("GHSA-x", "2024-01-01T00:00:00Z", "2.0");
        let new = record("GHSA-x", "2024-06-01T00:00:00Z", "3.0");
        imp.add_json(old.as_bytes(), "a").unwrap();
        imp.add_json(new.as_bytes(), "b").unwrap();
        imp.add_json(old.as_bytes(), "c").unwrap();
        assert_eq!(imp.stats.records, 3);
        let c = imp.finish();
        assert_eq!(c.advisories.len(), 1);
        assert_eq!(c.counts["PyPI"], 1);
        let list: Vec<Affected> = postcard::from_bytes(&c.affected["PyPI\0jinja2"]).unwrap();
        assert_eq!(list.len(), 1);
        assert_eq!(list[0].ranges[0].events[1], Event::Fixed("3.0".into()));
    }

    #[test]
    fn shared_file_reads_like_the_file() {
        let data: Vec<u8> = (0..200_000u32).map(|i| (i * 7 % 251) as u8).collect();
        let tmp = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(tmp.path(), &data).unwrap();
        let a = SharedFile::new(std::fs::File::open(tmp.path()).unwrap());
        let mut b = a.clone();
        let mut got = Vec::new();
        b.seek(SeekFrom::Start(70_000)).unwrap();
        let mut small = [0u8; 100];
        b.read_exact(&mut small).unwrap();
        assert_eq!(&small[..], &data[70_000..70_100]);
        b.seek(SeekFrom::Current(-50)).unwrap();
        b.read_exact(&mut small).unwrap();
        assert_eq!(&small[..], &data[70_050..70_150]);
        b.seek(SeekFrom::End(-10)).unwrap();
        b.read_to_end(&mut got).unwrap();
        assert_eq!(got, &data[data.len() - 10..]);
        let mut c = a.clone();
        got.clear();
        c.read_to_end(&mut got).unwrap();
        assert_eq!(got, data);
        assert!(c.seek(SeekFrom::Current(-300_000)).is_err());
    }

    #[test]
    fn a_corrupt_record_names_itself() {
        let mut imp = Importer::new();
        let e = imp
            .add_json(b"{\"id\": 5}", "all.zip: X-1.json")
            .unwrap_err();
        assert!(
            e.0.starts_with("all.zip: X-1.json: not a valid OSV record"),
            "{}",
            e.0
        );
    }
}
