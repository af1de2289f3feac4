//! An unpacked root filesystem: walked as one layer, links never followed, claimed files read
//! from disk (bounded by the caps).

use crate::entry::{Entry, EntryKind, LayerInfo};
use crate::error::{ImageError, io_reason};
use crate::rules::{UnreadableLayer, content_location};
use crate::scan::{Assembly, Walked};
use crate::walk::Walker;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

pub(crate) fn scan(
    root: &Path,
    w: &mut Walker<'_, '_>,
    asm: &mut Assembly,
) -> Result<Walked, ImageError> {
    let shown = root.to_string_lossy().into_owned();
    std::fs::read_dir(root).map_err(|e| ImageError::io(&shown, &e))?;
    let info = asm.begin(LayerInfo {
        ordinal: 0,
        index: None,
        digest: None,
        source: shown.clone(),
        created_by: None,
    });
    let mut stack: Vec<(PathBuf, String)> = vec![(root.to_path_buf(), String::new())];
    let mut errors = 0usize;
    while let Some((dir, rel)) = stack.pop() {
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                errors += 1;
                if errors <= 20 {
                    w.findings.push(UnreadableLayer::META.finding(
                        format!("{}: {}; not read", dir.display(), io_reason(&e)),
                        content_location(
                            &shown,
                            None,
                            Some(if rel.is_empty() { "/" } else { &rel }),
                        ),
                    ));
                }
                continue;
            }
        };
        let mut names: Vec<_> = rd.flatten().collect();
        names.sort_by_key(|e| e.file_name());
        for de in names {
            let name = de.file_name().to_string_lossy().into_owned();
            let path = format!("{rel}/{name}");
            let Ok(md) = std::fs::symlink_metadata(de.path()) else {
                continue;
            };
            let ft = md.file_type();
            let (kind, link) = if ft.is_symlink() {
                let t = std::fs::read_link(de.path())
                    .map(|t| t.to_string_lossy().into_owned())
                    .unwrap_or_default();
                (EntryKind::Symlink, Some(t))
            } else if ft.is_dir() {
                (EntryKind::Dir, None)
            } else if ft.is_file() {
                (EntryKind::File, None)
            } else {
                // Devices, FIFOs, sockets.
                (EntryKind::Other, None)
            };
            let e = Entry {
                path: &path,
                kind,
                mode: md.mode() & 0o7777,
                uid: md.uid() as u64,
                gid: md.gid() as u64,
                size: if kind == EntryKind::File { md.len() } else { 0 },
                mtime: md.mtime().max(0) as u64,
                link_target: link.as_deref(),
            };
            let res = if kind == EntryKind::File {
                match std::fs::File::open(de.path()) {
                    Ok(mut f) => w.dispatch(&info, &e, &mut f),
                    Err(_) => w.dispatch(&info, &e, &mut std::io::empty()),
                }
            } else {
                w.dispatch(&info, &e, &mut std::io::empty())
            };
            if let Err(err) = res {
                w.findings.push(UnreadableLayer::META.finding(
                    format!("{}: {}", de.path().display(), io_reason(&err)),
                    content_location(&shown, None, Some(&path)),
                ));
            }
            asm.apply_rootfs(&e);
            if kind == EntryKind::Dir {
                stack.push((de.path(), path));
            }
        }
    }
    Ok(Walked {
        name: shown,
        id: None,
        config: None,
        layers: vec![info],
        is_rootfs: true,
    })
}
