//! One streaming walk over a layer: entries are normalised, handed to visitors, claimed files
//! are read once and given to the analyzers, everything else is skipped.

use crate::Limits;
use crate::analyzers::{Analyzer, Claim, FileRef, Output};
use crate::decompress;
use crate::entry::{Entry, EntryKind, LayerInfo, Visitor, Want};
use crate::error::io_reason;
use crate::rules::{LimitExceeded, UnreadableLayer, UnsafePath, content_location};
use crate::tree::normalize;
use portcullis_core::Finding;
use std::cell::Cell;
use std::io::{self, Read};
use std::rc::Rc;

/// One entry as recorded for the final view.
#[derive(Debug, Clone)]
pub(crate) struct Record {
    pub path: Box<str>,
    pub kind: EntryKind,
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    pub link: Option<Box<str>>,
}

/// What analyzers found in one file of one layer.
#[derive(Debug)]
pub(crate) struct FileResult {
    pub ordinal: usize,
    pub path: String,
    pub out: Output,
}

/// Shared state of the walks of one scan.
pub(crate) struct Walker<'a, 'v> {
    pub analyzers: &'a [Box<dyn Analyzer>],
    pub visitors: &'a mut [&'v mut dyn Visitor],
    pub limits: Limits,
    pub image: String,
    pub results: Vec<FileResult>,
    pub findings: Vec<Finding>,
    pub progress: Option<&'a dyn Fn(crate::ProgressEvent)>,
    /// Reused buffer for claimed content.
    buf: Vec<u8>,
    /// Visitor wants for the current entry.
    wants: Vec<Option<u64>>,
}

/// How many findings of one kind a layer reports before summarising.
const MAX_FINDINGS_PER_KIND: usize = 20;

impl<'a, 'v> Walker<'a, 'v> {
    pub fn new(
        analyzers: &'a [Box<dyn Analyzer>],
        visitors: &'a mut [&'v mut dyn Visitor],
        limits: Limits,
        image: String,
        progress: Option<&'a dyn Fn(crate::ProgressEvent)>,
    ) -> Walker<'a, 'v> {
        Walker {
            analyzers,
            visitors,
            limits,
            image,
            results: Vec::new(),
            findings: Vec::new(),
            progress,
            buf: Vec::new(),
            wants: Vec::new(),
        }
    }

    fn layer_name(layer: &LayerInfo) -> String {
        layer.digest.clone().unwrap_or_else(|| layer.source.clone())
    }

    /// Walks one layer tar stream (compressed or not). `sink` receives every entry for the final
    /// view. Problems become findings; the walk never fails.
    pub fn walk_layer(
        &mut self,
        raw: &mut dyn Read,
        layer: &LayerInfo,
        total: Option<u64>,
        sink: &mut dyn FnMut(Record),
    ) {
        let input = Rc::new(Cell::new(0u64));
        let lname = Self::layer_name(layer);
        let reader = match decompress::open(raw, input.clone(), self.limits) {
            Ok((r, _)) => r,
            Err(e) => {
                self.layer_error(&lname, &e);
                return;
            }
        };
        let mut ar = tar::Archive::new(reader);
        let entries = match ar.entries() {
            Ok(e) => e,
            Err(e) => {
                self.layer_error(&lname, &e);
                return;
            }
        };
        let mut unsafe_count = 0usize;
        let mut last_report = 0u64;
        for item in entries {
            let mut entry = match item {
                Ok(e) => e,
                Err(e) => {
                    self.layer_error(&lname, &e);
                    break;
                }
            };
            if let Some(p) = self.progress {
                let now = input.get();
                if now - last_report > (1 << 20) {
                    last_report = now;
                    p(crate::ProgressEvent::Bytes {
                        ordinal: layer.ordinal,
                        done: now,
                        total,
                    });
                }
            }
            let h = entry.header();
            let et = h.entry_type();
            let raw_path = entry.path_bytes().into_owned();
            let (mut path, absolute) = match normalize(&raw_path) {
                Ok(p) => p,
                Err(name) => {
                    unsafe_count += 1;
                    self.unsafe_path(&lname, unsafe_count, &name, "climbs above the image root");
                    continue;
                }
            };
            if absolute {
                unsafe_count += 1;
                self.unsafe_path(
                    &lname,
                    unsafe_count,
                    &String::from_utf8_lossy(&raw_path),
                    "is absolute; it is read inside the image root",
                );
            }
            let mut kind = match et {
                tar::EntryType::Regular
                | tar::EntryType::Continuous
                | tar::EntryType::GNUSparse => EntryKind::File,
                tar::EntryType::Directory => EntryKind::Dir,
                tar::EntryType::Symlink => EntryKind::Symlink,
                tar::EntryType::Link => EntryKind::HardLink,
                tar::EntryType::XGlobalHeader
                | tar::EntryType::XHeader
                | tar::EntryType::GNULongName
                | tar::EntryType::GNULongLink => continue,
                _ => EntryKind::Other,
            };
            // Whiteouts.
            if let Some(name) = path.rsplit('/').next()
                && let Some(rest) = name.strip_prefix(".wh.")
            {
                let dir = parent(&path).to_string();
                if rest == ".wh..opq" {
                    kind = EntryKind::OpaqueDir;
                    path = dir;
                } else {
                    kind = EntryKind::Whiteout;
                    path = if dir == "/" {
                        format!("/{rest}")
                    } else {
                        format!("{dir}/{rest}")
                    };
                }
            }
            let link_owned: Option<String> = match kind {
                EntryKind::Symlink => entry
                    .link_name_bytes()
                    .map(|b| String::from_utf8_lossy(&b).into_owned()),
                EntryKind::HardLink => {
                    let b = entry.link_name_bytes().unwrap_or_default();
                    match normalize(&b) {
                        Ok((p, _)) => Some(p),
                        Err(name) => {
                            unsafe_count += 1;
                            self.unsafe_path(
                                &lname,
                                unsafe_count,
                                &format!("{path} -> {name}"),
                                "is a hard link that climbs above the image root",
                            );
                            continue;
                        }
                    }
                }
                _ => None,
            };
            let h = entry.header();
            let size = if kind == EntryKind::File {
                entry.size()
            } else {
                0
            };
            let e = Entry {
                path: &path,
                kind,
                mode: h.mode().unwrap_or(0) & 0o7777,
                uid: h.uid().unwrap_or(0),
                gid: h.gid().unwrap_or(0),
                size,
                mtime: h.mtime().unwrap_or(0),
                link_target: link_owned.as_deref(),
            };
            if let Err(err) = self.dispatch(layer, &e, &mut entry) {
                if decompress::bomb_of(&err).is_none() && err.kind() == io::ErrorKind::UnexpectedEof
                {
                    self.findings.push(UnreadableLayer::META.finding(
                        format!(
                            "layer {lname}: `{path}` ({size} bytes) is cut short: the layer is truncated"
                        ),
                        content_location(&self.image, Some(&lname), Some(&path)),
                    ));
                    sink(record(&e));
                    return;
                }
                self.layer_error(&lname, &err);
                sink(record(&e));
                return;
            }
            sink(record(&e));
        }
        if unsafe_count > MAX_FINDINGS_PER_KIND {
            self.findings.push(UnsafePath::META.finding(
                format!(
                    "layer {lname}: {} more entries with unsafe paths were not listed",
                    unsafe_count - MAX_FINDINGS_PER_KIND
                ),
                content_location(&self.image, Some(&lname), None),
            ));
        }
        if let Some(p) = self.progress {
            p(crate::ProgressEvent::Bytes {
                ordinal: layer.ordinal,
                done: input.get(),
                total,
            });
        }
    }

    fn unsafe_path(&mut self, lname: &str, n: usize, name: &str, why: &str) {
        if n <= MAX_FINDINGS_PER_KIND {
            self.findings.push(UnsafePath::META.finding(
                format!("layer {lname}: entry `{name}` {why}"),
                content_location(&self.image, Some(lname), Some(name)),
            ));
        }
    }

    pub(crate) fn layer_error(&mut self, lname: &str, e: &io::Error) {
        if let Some(b) = decompress::bomb_of(e) {
            self.findings.push(LimitExceeded::META.finding(
                format!("layer {lname}: {b}; the rest of the layer was not read"),
                content_location(&self.image, Some(lname), None),
            ));
        } else {
            self.findings.push(UnreadableLayer::META.finding(
                format!(
                    "layer {lname}: {}; the rest of the layer was not read",
                    io_reason(e)
                ),
                content_location(&self.image, Some(lname), None),
            ));
        }
    }

    /// Hands an entry to the visitors and analyzers, reading its body once if anybody wants it.
    pub(crate) fn dispatch(
        &mut self,
        layer: &LayerInfo,
        e: &Entry<'_>,
        body: &mut dyn Read,
    ) -> io::Result<()> {
        let mut visitor_max = 0u64;
        let mut any_visitor = false;
        self.wants.clear();
        for v in self.visitors.iter_mut() {
            match v.entry(layer, e) {
                Want::Bytes { max } if e.kind == EntryKind::File => {
                    visitor_max = visitor_max.max(max);
                    any_visitor = true;
                    self.wants.push(Some(max));
                }
                _ => self.wants.push(None),
            }
        }
        if e.kind != EntryKind::File {
            return Ok(());
        }
        let mut analyzer_max = 0u64;
        let mut claimed: [usize; 8] = [usize::MAX; 8];
        let mut nclaimed = 0;
        let mut binary: Option<usize> = None;
        for (i, a) in self.analyzers.iter().enumerate() {
            match a.claim(e.path, e) {
                Claim::Skip => {}
                Claim::Bytes(max) => {
                    analyzer_max = analyzer_max.max(max);
                    if nclaimed < claimed.len() {
                        claimed[nclaimed] = i;
                        nclaimed += 1;
                    }
                }
                Claim::Binary => binary = Some(i),
            }
        }
        if !any_visitor && nclaimed == 0 && binary.is_none() {
            return Ok(());
        }
        let mut cap = visitor_max.max(analyzer_max);
        if binary.is_some() && e.size <= self.limits.max_binary_bytes {
            cap = cap.max(e.size);
        }
        let want = cap.min(e.size);
        let mut buf = std::mem::take(&mut self.buf);
        buf.clear();
        buf.reserve(want as usize);
        let read = body.take(want).read_to_end(&mut buf);
        if let Err(err) = read {
            self.buf = buf;
            return Err(err);
        }
        let complete = buf.len() as u64 == e.size;
        if (buf.len() as u64) < want {
            self.buf = buf;
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "entry cut short",
            ));
        }
        if any_visitor {
            for (i, v) in self.visitors.iter_mut().enumerate() {
                if let Some(max) = self.wants[i] {
                    let n = (max as usize).min(buf.len());
                    v.content(layer, e, &buf[..n], complete && n == buf.len());
                }
            }
        }
        let file = FileRef {
            path: e.path,
            size: e.size,
            complete,
        };
        let mut out = Output::default();
        for &i in &claimed[..nclaimed] {
            self.analyzers[i].analyze(&file, &buf, &mut out);
        }
        if let Some(i) = binary {
            if complete {
                self.analyzers[i].analyze(&file, &buf, &mut out);
            } else {
                let mut chained = io::Cursor::new(&buf[..]).chain(&mut *body);
                self.analyzers[i].analyze_stream(&file, &mut chained, &mut out);
            }
        }
        // Keep at most a modest buffer between entries.
        if buf.capacity() > (4 << 20) {
            buf = Vec::new();
        }
        self.buf = buf;
        if !out.is_empty() {
            self.results.push(FileResult {
                ordinal: layer.ordinal,
                path: e.path.to_string(),
                out,
            });
        }
        Ok(())
    }
}

fn record(e: &Entry<'_>) -> Record {
    Record {
        path: e.path.into(),
        kind: e.kind,
        mode: e.mode,
        uid: e.uid as u32,
        gid: e.gid as u32,
        size: e.size,
        link: e.link_target.map(Into::into),
    }
}

pub(crate) fn parent(p: &str) -> &str {
    match p.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &p[..i],
    }
}
