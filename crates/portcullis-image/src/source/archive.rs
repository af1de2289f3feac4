//! Archives (`docker save`, OCI tar; plain, gzip or zstd) and OCI layout directories.
//!
//! A plain tar file is listed first (headers only, seeking past bodies), so the chosen image's
//! layers are walked in order and other images' layers are skipped. A compressed archive or a
//! stream is read in one pass: metadata documents are kept, layers are walked as they come and
//! their entries wait until the manifest (often last) says their order.

use super::manifest::{self, MAX_DOC_BYTES, Resolved};
use crate::decompress::{self, Compression};
use crate::entry::LayerInfo;
use crate::error::{ImageError, io_reason};
use crate::rules::{UnreadableLayer, content_location};
use crate::scan::{Assembly, ProgressEvent, ScanOptions, Walked};
use crate::walk::Walker;
use std::collections::HashMap;
use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::Path;

fn member_name(raw: &[u8]) -> String {
    let s = String::from_utf8_lossy(raw);
    s.trim_start_matches("./")
        .trim_start_matches('/')
        .to_string()
}

pub(crate) fn scan_file(
    path: &Path,
    opts: &ScanOptions<'_>,
    w: &mut Walker<'_, '_>,
    asm: &mut Assembly,
) -> Result<Walked, ImageError> {
    let shown = path.to_string_lossy().into_owned();
    let mut f = File::open(path).map_err(|e| ImageError::io(&shown, &e))?;
    let mut head = [0u8; 512];
    let n = read_full(&mut f, &mut head).map_err(|e| ImageError::io(&shown, &e))?;
    f.seek(SeekFrom::Start(0))
        .map_err(|e| ImageError::io(&shown, &e))?;
    match decompress::sniff(&head[..n]) {
        Compression::None => {
            if n < 512 || &head[257..262] != b"ustar" {
                return Err(ImageError(format!(
                    "{shown}: not an image archive (neither tar, gzip nor zstd)"
                )));
            }
            scan_seekable(&shown, f, opts, w, asm)
        }
        _ => {
            let input = std::rc::Rc::new(std::cell::Cell::new(0));
            let (reader, _) = decompress::open(BufReader::new(f), input, opts.limits)
                .map_err(|e| ImageError::io(&shown, &e))?;
            scan_stream(&shown, reader, opts, w, asm)
        }
    }
}

fn read_full(r: &mut dyn Read, buf: &mut [u8]) -> io::Result<usize> {
    let mut n = 0;
    while n < buf.len() {
        match r.read(&mut buf[n..])? {
            0 => break,
            k => n += k,
        }
    }
    Ok(n)
}

/// A plain tar file: list, resolve, then walk the chosen layers in order.
fn scan_seekable(
    shown: &str,
    f: File,
    opts: &ScanOptions<'_>,
    w: &mut Walker<'_, '_>,
    asm: &mut Assembly,
) -> Result<Walked, ImageError> {
    let mut docs: HashMap<String, Vec<u8>> = HashMap::new();
    let mut members: HashMap<String, (u64, u64)> = HashMap::new();
    let mut listing_error = None;
    {
        let mut ar = tar::Archive::new(&f);
        let entries = ar
            .entries_with_seek()
            .map_err(|e| ImageError::io(shown, &e))?;
        for item in entries {
            let mut e = match item {
                Ok(e) => e,
                Err(err) => {
                    listing_error = Some(err);
                    break;
                }
            };
            let name = member_name(&e.path_bytes());
            if e.header().entry_type() == tar::EntryType::Link {
                // A member stored as a hard link to an earlier one (tar's deduplication).
                if let Some(target) = e.link_name_bytes().map(|l| member_name(&l))
                    && let Some(&m) = members.get(&target)
                {
                    if let Some(d) = docs.get(&target).cloned() {
                        docs.insert(name.clone(), d);
                    }
                    members.insert(name, m);
                }
                continue;
            }
            if e.header().entry_type() != tar::EntryType::Regular {
                continue;
            }
            let size = e.size();
            let pos = e.raw_file_position();
            if size <= MAX_DOC_BYTES && (manifest::is_doc_name(&name) || name.starts_with("blobs/"))
            {
                if name.starts_with("blobs/") && size > 64 * 1024 {
                    // Big blobs are layers; small ones may be JSON.
                } else {
                    let mut b = Vec::with_capacity(size as usize);
                    if e.read_to_end(&mut b).is_ok()
                        && (!name.starts_with("blobs/") || b.first() == Some(&b'{'))
                    {
                        docs.insert(name.clone(), b);
                    }
                }
            }
            members.insert(name, (pos, size));
        }
    }
    let resolved = match manifest::resolve(shown, &docs, opts.tag.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            if let Some(err) = listing_error {
                return Err(ImageError(format!("{shown}: {}", io_reason(&err))));
            }
            return Err(e);
        }
    };
    if let Some(err) = listing_error {
        w.findings.push(UnreadableLayer::META.finding(
            format!(
                "{shown}: the archive is damaged after some members ({})",
                io_reason(&err)
            ),
            content_location(shown, None, None),
        ));
    }
    let mut layers = resolved.layer_infos();
    for info in layers.iter_mut() {
        let Some(&(pos, size)) = members.get(&info.source) else {
            missing_layer(w, shown, info);
            continue;
        };
        let started = asm.begin(info.clone());
        info.ordinal = started.ordinal;
        progress(opts, &started, Some(size));
        let mut file = &f;
        if let Err(e) = file.seek(SeekFrom::Start(pos)) {
            w.layer_error(&info.source, &e);
            continue;
        }
        let mut r = BufReader::with_capacity(256 * 1024, file.take(size));
        asm.walk_known(w, &started, &mut r, Some(size));
    }
    Ok(walked(shown, resolved, layers))
}

fn missing_layer(w: &mut Walker<'_, '_>, shown: &str, info: &LayerInfo) {
    w.findings.push(UnreadableLayer::META.finding(
        format!(
            "{shown}: layer {} named by the manifest is missing from the archive",
            info.source
        ),
        content_location(shown, Some(&info.source), None),
    ));
}

fn progress(opts: &ScanOptions<'_>, info: &LayerInfo, total: Option<u64>) {
    if let Some(p) = opts.progress {
        p(ProgressEvent::Layer {
            ordinal: info.ordinal,
            source: info.source.clone(),
            total,
        });
    }
}

fn walked(shown: &str, resolved: Resolved, layers: Vec<LayerInfo>) -> Walked {
    Walked {
        name: resolved.name.unwrap_or_else(|| shown.to_string()),
        id: resolved.id,
        config: resolved.config,
        layers,
        is_rootfs: false,
    }
}

/// One pass over a tar stream (a compressed archive, or the daemon's export).
pub(crate) fn scan_stream(
    shown: &str,
    reader: impl Read,
    opts: &ScanOptions<'_>,
    w: &mut Walker<'_, '_>,
    asm: &mut Assembly,
) -> Result<Walked, ImageError> {
    let mut docs: HashMap<String, Vec<u8>> = HashMap::new();
    let mut walked_layers: HashMap<String, usize> = HashMap::new();
    let mut ar = tar::Archive::new(reader);
    let entries = ar.entries().map_err(|e| ImageError::io(shown, &e))?;
    let mut stream_error = None;
    for item in entries {
        let e = match item {
            Ok(e) => e,
            Err(err) => {
                stream_error = Some(err);
                break;
            }
        };
        if e.header().entry_type() != tar::EntryType::Regular {
            continue;
        }
        let name = member_name(&e.path_bytes());
        let size = e.size();
        let is_blob = name.starts_with("blobs/");
        let is_layer_name = name.ends_with("/layer.tar") || name.ends_with(".tar") || is_blob;
        let mut br = BufReader::with_capacity(64 * 1024, e);
        if manifest::is_doc_name(&name) && size <= MAX_DOC_BYTES {
            let mut b = Vec::with_capacity(size as usize);
            if let Err(err) = br.read_to_end(&mut b) {
                stream_error = Some(err);
                break;
            }
            docs.insert(name, b);
            continue;
        }
        if !is_layer_name {
            continue;
        }
        let first = match br.fill_buf() {
            Ok(b) => b.first().copied(),
            Err(err) => {
                stream_error = Some(err);
                break;
            }
        };
        if is_blob && first == Some(b'{') && size <= MAX_DOC_BYTES {
            let mut b = Vec::with_capacity(size as usize);
            if let Err(err) = br.read_to_end(&mut b) {
                stream_error = Some(err);
                break;
            }
            docs.insert(name, b);
            continue;
        }
        let info = asm.begin(LayerInfo {
            ordinal: 0,
            index: None,
            digest: None,
            source: name.clone(),
            created_by: None,
        });
        progress(opts, &info, Some(size));
        asm.walk_pending(w, &info, &mut br, Some(size));
        walked_layers.insert(name, info.ordinal);
        // Drain what the layer walk left (tar padding, or a damaged layer's rest).
        if let Err(err) = io::copy(&mut br, &mut io::sink()) {
            stream_error = Some(err);
            break;
        }
    }
    let resolved = match manifest::resolve(shown, &docs, opts.tag.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            if let Some(err) = stream_error {
                return Err(ImageError(format!(
                    "{shown}: {} (before the image manifest was read)",
                    io_reason(&err)
                )));
            }
            return Err(e);
        }
    };
    if let Some(err) = stream_error {
        w.layer_error(shown, &err);
    }
    let mut layers = resolved.layer_infos();
    let mut order = Vec::with_capacity(layers.len());
    for info in layers.iter_mut() {
        match walked_layers.get(&info.source) {
            Some(&o) => {
                info.ordinal = o;
                order.push(Some(o));
            }
            None => {
                missing_layer(w, shown, info);
                order.push(None);
            }
        }
    }
    asm.apply_pending(&order);
    Ok(walked(shown, resolved, layers))
}

/// An OCI image layout directory: blobs are files, so layers are read in order directly.
pub(crate) fn scan_oci_dir(
    dir: &Path,
    opts: &ScanOptions<'_>,
    w: &mut Walker<'_, '_>,
    asm: &mut Assembly,
) -> Result<Walked, ImageError> {
    let shown = dir.to_string_lossy().into_owned();
    let mut docs = HashMap::new();
    let index = dir.join("index.json");
    let b = std::fs::read(&index).map_err(|e| ImageError::io(&index.to_string_lossy(), &e))?;
    docs.insert("index.json".to_string(), b);
    // Load the small JSON blobs (indexes, manifests, configs).
    let blobs = dir.join("blobs");
    if let Ok(algs) = std::fs::read_dir(&blobs) {
        for alg in algs.flatten() {
            let Ok(files) = std::fs::read_dir(alg.path()) else {
                continue;
            };
            for f in files.flatten() {
                let Ok(m) = f.metadata() else { continue };
                if !m.is_file() || m.len() > MAX_DOC_BYTES {
                    continue;
                }
                let mut head = [0u8; 1];
                let Ok(mut fh) = File::open(f.path()) else {
                    continue;
                };
                if fh.read_exact(&mut head).is_ok() && head[0] == b'{' {
                    let mut b = vec![b'{'];
                    if fh.read_to_end(&mut b).is_ok() {
                        docs.insert(
                            format!(
                                "blobs/{}/{}",
                                alg.file_name().to_string_lossy(),
                                f.file_name().to_string_lossy()
                            ),
                            b,
                        );
                    }
                }
            }
        }
    }
    let resolved = manifest::resolve(&shown, &docs, opts.tag.as_deref())?;
    let mut layers = resolved.layer_infos();
    for info in layers.iter_mut() {
        let p = dir.join(&info.source);
        let f = match File::open(&p) {
            Ok(f) => f,
            Err(_) => {
                missing_layer(w, &shown, info);
                continue;
            }
        };
        let size = f.metadata().map(|m| m.len()).ok();
        let started = asm.begin(info.clone());
        info.ordinal = started.ordinal;
        progress(opts, &started, size);
        let mut r = BufReader::with_capacity(256 * 1024, f);
        asm.walk_known(w, &started, &mut r, size);
    }
    Ok(walked(&shown, resolved, layers))
}
