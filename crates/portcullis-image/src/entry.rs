//! What a visitor sees: layers, entries, and what it may ask for.

/// The kind of a tar entry (or a root-filesystem directory entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EntryKind {
    File,
    Dir,
    Symlink,
    /// A tar hard link: `link_target` names the file (absolute, normalised) it shares content with.
    HardLink,
    /// `.wh.NAME`: deletes `NAME` of the lower layers. `Entry::path` is the deleted path.
    Whiteout,
    /// `.wh..wh..opq`: hides every lower-layer child of the directory. `Entry::path` is the dir.
    OpaqueDir,
    /// Devices, FIFOs, sockets.
    Other,
}

impl EntryKind {
    pub(crate) fn code(self) -> u8 {
        match self {
            EntryKind::File => 0,
            EntryKind::Dir => 1,
            EntryKind::Symlink => 2,
            EntryKind::HardLink => 3,
            EntryKind::Whiteout => 4,
            EntryKind::OpaqueDir => 5,
            EntryKind::Other => 6,
        }
    }

    pub(crate) fn from_code(c: u8) -> EntryKind {
        match c {
            0 => EntryKind::File,
            1 => EntryKind::Dir,
            2 => EntryKind::Symlink,
            3 => EntryKind::HardLink,
            4 => EntryKind::Whiteout,
            5 => EntryKind::OpaqueDir,
            _ => EntryKind::Other,
        }
    }
}

/// One entry of a layer, as the walk meets it.
#[derive(Debug, Clone)]
pub struct Entry<'a> {
    /// Absolute, normalised path inside the image: `/etc/passwd`. Never contains `..`.
    pub path: &'a str,
    pub kind: EntryKind,
    /// Permission and special bits (`0o4755` for a setuid binary), without the file-type bits.
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    /// Size of the content in bytes (0 for non-files).
    pub size: u64,
    /// Modification time, seconds since the epoch.
    pub mtime: u64,
    /// Symlink target as written (may be relative), or the normalised absolute path a hard link
    /// points at.
    pub link_target: Option<&'a str>,
}

/// One layer of the image (a root filesystem is one layer with `index: None`, `digest: None`).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct LayerInfo {
    /// Position in walk order, 0-based.
    pub ordinal: usize,
    /// Position in the image's manifest (0 = base layer), when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub index: Option<usize>,
    /// The layer's diff id (`sha256:…` of the uncompressed tar) where the config names it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub digest: Option<String>,
    /// Where the layer came from: the path inside the archive, the blob path, or the directory.
    pub source: String,
    /// `created_by` of the history step that made this layer, where the config has it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub created_by: Option<String>,
}

/// What a visitor wants of an entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// Nothing more: the walk skips the body.
    Skip,
    /// The content of this regular file, up to `max` bytes (`Visitor::content` says whether it
    /// was complete).
    Bytes { max: u64 },
}

/// Sees the image during the one walk over its layers. Both methods have empty defaults.
///
/// `entry` is called for every entry of every layer (files later deleted included); returning
/// [`Want::Bytes`] for a regular file makes the walk call `content` with its bytes right after.
/// Content is read once however many visitors and analyzers want it. A hard link carries no
/// content of its own (its target's content was delivered when the target was walked).
pub trait Visitor {
    fn entry(&mut self, layer: &LayerInfo, entry: &Entry<'_>) -> Want {
        let _ = (layer, entry);
        Want::Skip
    }

    /// `complete` is false when the file was larger than the cap asked for (`data` is then the
    /// first `max` bytes) or its layer ended early.
    fn content(&mut self, layer: &LayerInfo, entry: &Entry<'_>, data: &[u8], complete: bool) {
        let _ = (layer, entry, data, complete);
    }
}
