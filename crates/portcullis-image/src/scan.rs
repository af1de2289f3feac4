//! The scan: walk every layer once, merge the layers into the final view, then keep the
//! analyzers' results of the files that survive.

use crate::analyzers::{self, OsSource};
use crate::entry::{LayerInfo, Visitor};
use crate::error::ImageError;
use crate::rules::content_location;
use crate::source::{self, Source};
use crate::tree::{FileTree, NodeParts};
use crate::walk::{Record, Walker};
use crate::{Limits, os, purl};
use portcullis_core::{Distro, Finding, Package, PackageKind};
use std::collections::HashMap;

/// What a scan reports while it runs (for a progress bar).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProgressEvent {
    /// A layer starts; `total` is its compressed size where known.
    Layer {
        ordinal: usize,
        source: String,
        total: Option<u64>,
    },
    /// Compressed bytes of the layer read so far.
    Bytes {
        ordinal: usize,
        done: u64,
        total: Option<u64>,
    },
}

/// Options of a scan.
#[derive(Clone, Default)]
pub struct ScanOptions<'a> {
    pub limits: Limits,
    /// Which image of an archive holding several (`name:tag`, or `name` for `:latest`).
    pub tag: Option<String>,
    pub progress: Option<&'a dyn Fn(ProgressEvent)>,
}

/// What a scan found.
#[derive(Debug, Default)]
pub struct Image {
    /// How the image was named (tag, archive path, directory).
    pub name: String,
    /// Image id (`sha256:…` of the config) where known.
    pub id: Option<String>,
    /// `true` for an unpacked root filesystem (no layers, no config).
    pub is_rootfs: bool,
    /// Layers in manifest order (a root filesystem has one, with `index: None`).
    pub layers: Vec<LayerInfo>,
    /// The image config document (`config.User`, `config.Env`, `history`, ...).
    pub config: Option<serde_json::Value>,
    /// The final view.
    pub files: FileTree,
    pub distro: Option<Distro>,
    /// Every package, sorted by kind, name, version, found_in.
    pub packages: Vec<Package>,
    /// `PC010`–`PC019` findings (target 0).
    pub findings: Vec<Finding>,
    ordinal_index: Vec<Option<usize>>,
}

impl Image {
    /// The manifest position of the layer walked as `ordinal`, None if it is not part of the
    /// chosen image (another image of the same archive) or a root filesystem.
    pub fn layer_of_ordinal(&self, ordinal: usize) -> Option<usize> {
        self.ordinal_index.get(ordinal).copied().flatten()
    }
}

/// Collects entries for the final view: applied at once when the layer's position is known and
/// every lower layer is in, else kept until the manifest is known.
pub(crate) struct Assembly {
    pub tree: FileTree,
    pending: HashMap<usize, Vec<Record>>,
    /// Walked layers by ordinal.
    pub walked: Vec<LayerInfo>,
    max_entries: usize,
}

impl Assembly {
    pub fn new(limits: &Limits) -> Assembly {
        Assembly {
            tree: FileTree::new(limits.max_entries),
            pending: HashMap::new(),
            walked: Vec::new(),
            max_entries: limits.max_entries,
        }
    }

    /// Registers the next layer to walk and returns its info (ordinal set).
    pub fn begin(&mut self, mut info: LayerInfo) -> LayerInfo {
        info.ordinal = self.walked.len();
        self.walked.push(info.clone());
        info
    }

    /// Walks a layer whose manifest position is known and whose lower layers are applied.
    pub fn walk_known(
        &mut self,
        w: &mut Walker<'_, '_>,
        info: &LayerInfo,
        reader: &mut dyn std::io::Read,
        total: Option<u64>,
    ) {
        let layer = info.index.unwrap_or(0) as u32;
        let tree = &mut self.tree;
        w.walk_layer(reader, info, total, &mut |r: Record| apply(tree, layer, &r));
    }

    /// Walks a layer whose position is not known yet; its entries wait in memory.
    pub fn walk_pending(
        &mut self,
        w: &mut Walker<'_, '_>,
        info: &LayerInfo,
        reader: &mut dyn std::io::Read,
        total: Option<u64>,
    ) {
        let mut recs = Vec::new();
        let max = self.tree_max();
        let mut dropped = 0u64;
        w.walk_layer(reader, info, total, &mut |r: Record| {
            if recs.len() < max {
                recs.push(r)
            } else {
                dropped += 1;
            }
        });
        self.tree.dropped += dropped;
        self.pending.insert(info.ordinal, recs);
    }

    fn tree_max(&self) -> usize {
        self.max_entries
    }

    /// Applies a root-filesystem entry (one layer, index 0).
    pub fn apply_rootfs(&mut self, e: &crate::entry::Entry<'_>) {
        self.tree.apply(
            0,
            e.path,
            e.kind,
            NodeParts {
                mode: e.mode,
                uid: e.uid as u32,
                gid: e.gid as u32,
                size: e.size,
                link: e.link_target,
            },
        );
    }

    /// Applies waiting layers in manifest order: `order[i]` is the ordinal of manifest layer i.
    pub fn apply_pending(&mut self, order: &[Option<usize>]) {
        for (i, ord) in order.iter().enumerate() {
            if let Some(o) = ord
                && let Some(recs) = self.pending.remove(o)
            {
                for r in &recs {
                    apply(&mut self.tree, i as u32, r);
                }
            }
        }
        self.pending.clear();
    }
}

fn apply(tree: &mut FileTree, layer: u32, r: &Record) {
    tree.apply(
        layer,
        &r.path,
        r.kind,
        NodeParts {
            mode: r.mode,
            uid: r.uid,
            gid: r.gid,
            size: r.size,
            link: r.link.as_deref(),
        },
    );
}

/// What a source hands back after walking: the chosen image's metadata.
pub(crate) struct Walked {
    pub name: String,
    pub id: Option<String>,
    pub config: Option<serde_json::Value>,
    /// Layers in manifest order with their ordinals (usize::MAX when never walked).
    pub layers: Vec<LayerInfo>,
    pub is_rootfs: bool,
}

/// Scans an image: one walk per layer, visitors called along the way. See the crate docs.
pub fn scan(
    source: &Source,
    opts: &ScanOptions<'_>,
    visitors: &mut [&mut dyn Visitor],
) -> Result<Image, ImageError> {
    let analyzers = analyzers::all(&opts.limits);
    let shown = source.display();
    let mut w = Walker::new(
        &analyzers,
        visitors,
        opts.limits,
        shown.clone(),
        opts.progress,
    );
    let mut asm = Assembly::new(&opts.limits);
    let walked = match source {
        Source::Archive(p) => source::archive::scan_file(p, opts, &mut w, &mut asm)?,
        Source::OciDir(p) => source::archive::scan_oci_dir(p, opts, &mut w, &mut asm)?,
        Source::Rootfs(p) => source::rootfs::scan(p, &mut w, &mut asm)?,
        Source::Daemon(name) => source::daemon::scan(name, opts, &mut w, &mut asm)?,
    };
    Ok(finish(w, asm, walked, &shown))
}

fn finish(w: Walker<'_, '_>, asm: Assembly, walked: Walked, shown: &str) -> Image {
    let Walker {
        results,
        mut findings,
        ..
    } = w;
    let tree = asm.tree;
    let mut ordinal_index = vec![None; asm.walked.len()];
    for (i, l) in walked.layers.iter().enumerate() {
        if l.ordinal < ordinal_index.len() {
            ordinal_index[l.ordinal] = if walked.is_rootfs { None } else { Some(i) };
        }
    }
    if tree.dropped > 0 {
        findings.push(crate::rules::LimitExceeded::META.finding(
            format!(
                "the image has more than {} entries; {} entries were walked but left out of the file view",
                tree.len(),
                tree.dropped
            ),
            content_location(shown, None, None),
        ));
    }
    let layer_no = |ord: usize| -> Option<u32> {
        if walked.is_rootfs {
            Some(0)
        } else {
            ordinal_index.get(ord).copied().flatten().map(|i| i as u32)
        }
    };
    // Results by path, with their layer.
    let mut by_path: HashMap<&str, Vec<(u32, &crate::walk::FileResult)>> = HashMap::new();
    for r in &results {
        if let Some(l) = layer_no(r.ordinal) {
            by_path.entry(r.path.as_str()).or_default().push((l, r));
        }
    }
    let mut os_hints: Vec<(OsSource, Distro)> = Vec::new();
    let mut packages: Vec<Package> = Vec::new();
    for (path, mut versions) in by_path {
        versions.sort_by_key(|(l, _)| *l);
        let survivor = match tree.get(path) {
            Some(n) => versions.iter().rev().find(|(l, _)| *l == n.layer),
            None if tree.dropped > 0 => versions.last(),
            None => None,
        };
        let Some(&(layer, res)) = survivor else {
            continue;
        };
        os_hints.extend(res.out.os.iter().cloned());
        for p in &res.out.problems {
            let lname = layer_name(&walked, layer);
            findings.push(p.rule.finding(
                p.message.clone(),
                content_location(shown, lname.as_deref(), Some(path)),
            ));
        }
        for p in &res.out.packages {
            let mut p = p.clone();
            // The earliest layer from which this file listed the same package unchanged.
            let mut first = layer;
            for (l, older) in versions.iter().rev() {
                if *l > layer {
                    continue;
                }
                if older
                    .out
                    .packages
                    .iter()
                    .any(|q| q.name == p.name && q.version == p.version && q.arch == p.arch)
                {
                    first = *l;
                } else {
                    break;
                }
            }
            if !walked.is_rootfs {
                p.layer_index = Some(first as usize);
                p.layer_digest = walked
                    .layers
                    .get(first as usize)
                    .and_then(|l| l.digest.clone());
            }
            packages.push(p);
        }
    }
    for p in WATCHED {
        if tree
            .get(p)
            .is_some_and(|n| n.kind() == crate::entry::EntryKind::Symlink)
            && let Err(crate::tree::ResolveError::Loop(at)) = tree.resolve(p)
        {
            findings.push(crate::rules::LinkLoop::META.finding(
                format!("{p}: symbolic link loop (at {at}); the file was not read"),
                content_location(shown, None, Some(p)),
            ));
        }
    }
    let distro = os::detect(os_hints, &tree);
    for p in &mut packages {
        if p.kind.is_os() && p.purl.is_empty() {
            p.purl = os_purl(p, distro.as_ref());
        }
    }
    packages.sort();
    packages.dedup();
    findings.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
    Image {
        name: walked.name,
        id: walked.id,
        is_rootfs: walked.is_rootfs,
        layers: walked.layers,
        config: walked.config,
        files: tree,
        distro,
        packages,
        findings,
        ordinal_index,
    }
}

/// Paths whose links are resolved and reported when they loop.
const WATCHED: &[&str] = &[
    "/etc/os-release",
    "/usr/lib/os-release",
    "/etc/alpine-release",
    "/etc/debian_version",
    "/etc/redhat-release",
    "/var/lib/dpkg/status",
    "/lib/apk/db/installed",
    "/var/lib/rpm/rpmdb.sqlite",
    "/usr/lib/sysimage/rpm/rpmdb.sqlite",
];

fn layer_name(walked: &Walked, layer: u32) -> Option<String> {
    if walked.is_rootfs {
        return None;
    }
    walked
        .layers
        .get(layer as usize)
        .map(|l| l.digest.clone().unwrap_or_else(|| l.source.clone()))
}

/// purls of OS packages, which need the distribution.
fn os_purl(p: &Package, d: Option<&Distro>) -> String {
    let id = d.map(|d| d.id.as_str()).unwrap_or("");
    let distro_q = d
        .map(|d| {
            if p.kind == PackageKind::Apk {
                d.version_id.clone()
            } else {
                format!("{}-{}", d.id, d.version_id)
            }
        })
        .unwrap_or_default();
    let arch = p.arch.as_deref().unwrap_or("");
    match p.kind {
        PackageKind::Dpkg => purl::build(
            "deb",
            Some(if id.is_empty() { "debian" } else { id }),
            &p.name,
            &p.version,
            &[("arch", arch), ("distro", &distro_q)],
        ),
        PackageKind::Apk => purl::build(
            "apk",
            Some(if id.is_empty() { "alpine" } else { id }),
            &p.name,
            &p.version,
            &[("arch", arch), ("distro", &distro_q)],
        ),
        _ => {
            let (epoch, version) = match p.version.split_once(':') {
                Some((e, v)) if e.chars().all(|c| c.is_ascii_digit()) => (e, v),
                _ => ("", p.version.as_str()),
            };
            purl::build(
                "rpm",
                Some(if id.is_empty() { "redhat" } else { id }),
                &p.name,
                version,
                &[("arch", arch), ("distro", &distro_q), ("epoch", epoch)],
            )
        }
    }
}
