//! The final view of an image: every path that survives the layers, with the layer that added it.

use crate::entry::EntryKind;
use std::collections::BTreeMap;

/// One path of the final view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// Manifest index of the layer that added (last wrote) this path; 0 for a root filesystem.
    pub layer: u32,
    kind: u8,
    /// Permission and special bits (12 bits).
    mode: u16,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
}

impl Node {
    pub fn kind(&self) -> EntryKind {
        EntryKind::from_code(self.kind)
    }

    /// Permission and special bits (`0o4755`).
    pub fn mode(&self) -> u32 {
        self.mode as u32
    }
}

/// A whiteout or opaque directory met while merging layers, kept to say when a file was removed.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Removal {
    path: Box<str>,
    layer: u32,
    opaque: bool,
}

/// The merged file system of an image: whiteouts and opaque directories applied.
/// Paths are absolute and normalised (`/usr/bin/env`).
#[derive(Debug, Default, Clone)]
pub struct FileTree {
    nodes: BTreeMap<Box<str>, Node>,
    /// Symlink targets as written, hard link targets normalised, by path.
    links: std::collections::HashMap<Box<str>, Box<str>>,
    removals: Vec<Removal>,
    /// Entries not indexed because the entry limit was reached.
    pub dropped: u64,
    max_entries: usize,
}

/// Why a path could not be resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ResolveError {
    /// A symlink loop or a chain of more than 40 links, at this link.
    Loop(String),
}

const MAX_LINKS: usize = 40;

impl FileTree {
    pub fn new(max_entries: usize) -> FileTree {
        FileTree {
            max_entries,
            ..FileTree::default()
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// The node at an exact path (no link resolution).
    pub fn get(&self, path: &str) -> Option<&Node> {
        self.nodes.get(path)
    }

    /// A symlink's target as written, or a hard link's normalised absolute target.
    pub fn link(&self, path: &str) -> Option<&str> {
        self.links.get(path).map(|l| &**l)
    }

    /// Every path of the final view in sorted order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Node)> {
        self.nodes.iter().map(|(k, v)| (&**k, v))
    }

    /// The direct and indirect children of a directory.
    pub fn descendants<'a>(&'a self, dir: &str) -> impl Iterator<Item = (&'a str, &'a Node)> {
        let lo = if dir == "/" {
            "/".to_string()
        } else {
            format!("{dir}/")
        };
        let hi = if dir == "/" {
            "0".to_string()
        } else {
            format!("{dir}0")
        };
        self.nodes
            .range::<str, _>((
                std::ops::Bound::Included(lo.as_str()),
                std::ops::Bound::Excluded(hi.as_str()),
            ))
            .map(|(k, v)| (&**k, v))
            .collect::<Vec<_>>()
            .into_iter()
    }

    /// For a path seen in layer `layer` (manifest index): the layer that removed or replaced it,
    /// None when it is still the file of the final view.
    pub fn removed_in(&self, path: &str, layer: u32) -> Option<u32> {
        if let Some(n) = self.nodes.get(path)
            && n.layer == layer
        {
            return None;
        }
        let mut best: Option<u32> = None;
        for r in &self.removals {
            if r.layer <= layer {
                continue;
            }
            let covers = if r.opaque {
                is_under(path, &r.path)
            } else {
                path == &*r.path || is_under(path, &r.path)
            };
            if covers {
                best = Some(best.map_or(r.layer, |b| b.min(r.layer)));
            }
        }
        if let Some(n) = self.nodes.get(path)
            && n.layer > layer
        {
            best = Some(best.map_or(n.layer, |b| b.min(n.layer)));
        }
        best
    }

    /// Applies one entry of layer `layer` (layers are applied in manifest order).
    pub(crate) fn apply(&mut self, layer: u32, path: &str, kind: EntryKind, node: NodeParts<'_>) {
        match kind {
            EntryKind::Whiteout => {
                self.remove_lower(path, layer, true);
                self.removals.push(Removal {
                    path: path.into(),
                    layer,
                    opaque: false,
                });
            }
            EntryKind::OpaqueDir => {
                self.remove_lower(path, layer, false);
                self.removals.push(Removal {
                    path: path.into(),
                    layer,
                    opaque: true,
                });
            }
            _ => {
                if path == "/" {
                    return;
                }
                if kind != EntryKind::Dir {
                    // A file replacing a lower directory hides everything under it.
                    if self
                        .nodes
                        .get(path)
                        .is_some_and(|n| n.kind() == EntryKind::Dir)
                    {
                        self.remove_lower(path, layer, false);
                    }
                }
                let new = Node {
                    layer,
                    kind: kind.code(),
                    mode: (node.mode & 0o7777) as u16,
                    uid: node.uid,
                    gid: node.gid,
                    size: node.size,
                };
                if let Some(n) = self.nodes.get_mut(path) {
                    if matches!(n.kind(), EntryKind::Symlink | EntryKind::HardLink) {
                        self.links.remove(path);
                    }
                    *n = new;
                } else if self.nodes.len() < self.max_entries {
                    self.nodes.insert(path.into(), new);
                } else {
                    self.dropped += 1;
                    return;
                }
                if let Some(l) = node.link {
                    self.links.insert(path.into(), l.into());
                }
            }
        }
    }

    /// Removes lower-layer nodes: the path itself (when `itself`) and everything under it.
    fn remove_lower(&mut self, path: &str, layer: u32, itself: bool) {
        if itself && self.nodes.get(path).is_some_and(|n| n.layer < layer) {
            self.nodes.remove(path);
            self.links.remove(path);
        }
        let doomed: Vec<Box<str>> = self
            .descendants(path)
            .filter(|(_, n)| n.layer < layer)
            .map(|(k, _)| k.into())
            .collect();
        for k in doomed {
            self.nodes.remove(&k);
            self.links.remove(&k);
        }
    }

    /// Resolves symlinks (in every component) and hard links inside the image, like a
    /// `chroot`: `..` stops at the root and absolute targets start at the image root. Returns
    /// the resolved path (which may not exist), or a loop error after 40 links.
    pub fn resolve(&self, path: &str) -> Result<String, ResolveError> {
        let mut hops = 0usize;
        let mut pending: Vec<String> = components(path).map(str::to_string).collect();
        pending.reverse();
        let mut cur: Vec<String> = Vec::new();
        while let Some(c) = pending.pop() {
            if c == ".." {
                cur.pop();
                continue;
            }
            if c == "." || c.is_empty() {
                continue;
            }
            cur.push(c);
            let p = join_abs(&cur);
            let Some(n) = self.nodes.get(p.as_str()) else {
                continue;
            };
            match n.kind() {
                EntryKind::Symlink => {
                    hops += 1;
                    if hops > MAX_LINKS {
                        return Err(ResolveError::Loop(p));
                    }
                    let target = self.links.get(p.as_str()).map(|l| &**l).unwrap_or("");
                    cur.pop();
                    if target.starts_with('/') {
                        cur.clear();
                    }
                    let mut t: Vec<String> = components(target).map(str::to_string).collect();
                    t.reverse();
                    pending.extend(t);
                }
                EntryKind::HardLink => {
                    hops += 1;
                    if hops > MAX_LINKS {
                        return Err(ResolveError::Loop(p));
                    }
                    let target = self.links.get(p.as_str()).map(|l| &**l).unwrap_or("/");
                    cur = components(target).map(str::to_string).collect();
                }
                _ => {}
            }
        }
        Ok(join_abs(&cur))
    }

    /// The node a path leads to after resolving links, if any.
    pub fn lookup(&self, path: &str) -> Result<Option<(String, &Node)>, ResolveError> {
        let p = self.resolve(path)?;
        Ok(self.nodes.get(p.as_str()).map(|n| (p.clone(), n)))
    }

    /// True when the path exists as a regular file (after resolving links).
    pub fn is_file(&self, path: &str) -> bool {
        matches!(self.lookup(path), Ok(Some((_, n))) if n.kind() == EntryKind::File)
    }
}

/// The parts of a node besides its layer and kind.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct NodeParts<'a> {
    pub mode: u32,
    pub uid: u32,
    pub gid: u32,
    pub size: u64,
    pub link: Option<&'a str>,
}

fn components(p: &str) -> impl Iterator<Item = &str> {
    p.split('/').filter(|c| !c.is_empty())
}

fn join_abs(parts: &[String]) -> String {
    if parts.is_empty() {
        return "/".to_string();
    }
    let mut s = String::new();
    for p in parts {
        s.push('/');
        s.push_str(p);
    }
    s
}

fn is_under(path: &str, dir: &str) -> bool {
    if dir == "/" {
        return path != "/";
    }
    path.len() > dir.len() && path.starts_with(dir) && path.as_bytes()[dir.len()] == b'/'
}

/// Normalises a tar entry name into an absolute image path. `Err` when the name climbs above
/// the root (`../x`); `Ok((path, was_absolute))` otherwise. `.` components and inner `..`
/// that stay inside are folded.
pub fn normalize(raw: &[u8]) -> Result<(String, bool), String> {
    let s = String::from_utf8_lossy(raw);
    let absolute = s.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for c in s.split('/') {
        match c {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Err(s.into_owned());
                }
            }
            c => parts.push(c),
        }
    }
    let mut out = String::with_capacity(s.len() + 1);
    for p in &parts {
        out.push('/');
        out.push_str(p);
    }
    if out.is_empty() {
        out.push('/');
    }
    Ok((out, absolute))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(t: &mut FileTree, layer: u32, p: &str) {
        t.apply(layer, p, EntryKind::File, NodeParts::default());
    }

    #[test]
    fn whiteouts_and_opaque_dirs() {
        let mut t = FileTree::new(100);
        file(&mut t, 0, "/a/x");
        file(&mut t, 0, "/a/y");
        file(&mut t, 0, "/b/z");
        t.apply(1, "/a/y", EntryKind::Whiteout, NodeParts::default());
        file(&mut t, 1, "/b/new");
        t.apply(1, "/b", EntryKind::OpaqueDir, NodeParts::default());
        assert!(t.get("/a/x").is_some());
        assert!(t.get("/a/y").is_none());
        assert!(t.get("/b/z").is_none());
        assert!(t.get("/b/new").is_some());
        assert_eq!(t.removed_in("/a/y", 0), Some(1));
        assert_eq!(t.removed_in("/a/x", 0), None);
    }

    #[test]
    fn links_resolve_inside_and_loops_stop() {
        let mut t = FileTree::new(100);
        let link = |t: &mut FileTree, p: &str, to: &str| {
            t.apply(
                0,
                p,
                EntryKind::Symlink,
                NodeParts {
                    link: Some(to),
                    ..NodeParts::default()
                },
            )
        };
        file(&mut t, 0, "/usr/lib/os-release");
        link(&mut t, "/etc/os-release", "../usr/lib/os-release");
        link(&mut t, "/lib", "usr/lib");
        link(&mut t, "/escape", "../../../../usr/lib/os-release");
        link(&mut t, "/l1", "/l2");
        link(&mut t, "/l2", "l1");
        assert_eq!(t.resolve("/etc/os-release").unwrap(), "/usr/lib/os-release");
        assert_eq!(t.resolve("/lib/os-release").unwrap(), "/usr/lib/os-release");
        assert_eq!(t.resolve("/escape").unwrap(), "/usr/lib/os-release");
        assert!(matches!(t.resolve("/l1/x"), Err(ResolveError::Loop(_))));
    }

    #[test]
    fn normalize_refuses_escapes() {
        assert_eq!(normalize(b"./etc/x").unwrap(), ("/etc/x".into(), false));
        assert_eq!(normalize(b"/etc/x").unwrap(), ("/etc/x".into(), true));
        assert_eq!(normalize(b"a/../b").unwrap(), ("/b".into(), false));
        assert!(normalize(b"../etc/x").is_err());
        assert!(normalize(b"a/../../x").is_err());
    }
}
