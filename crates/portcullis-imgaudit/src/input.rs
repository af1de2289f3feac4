//! The input types the image reader feeds: one [`FileEntry`] per entry of every layer.

/// The kind of a layer entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    File,
    Dir,
    Symlink,
    HardLink,
    /// `.wh.NAME`: the entry's `path` is the path it deletes from the lower layers.
    Whiteout,
    /// `.wh..wh..opq`: the entry's `path` is the directory whose lower-layer children it hides.
    OpaqueDir,
    Other,
}

/// One entry of one layer, as the walk meets it.
#[derive(Debug, Clone, Copy)]
pub struct FileEntry<'a> {
    /// Absolute, normalised path inside the image: `/etc/passwd`.
    pub path: &'a str,
    pub kind: FileKind,
    /// Permission and special bits (`0o4755`), without the file-type bits.
    pub mode: u32,
    pub uid: u64,
    pub gid: u64,
    /// Content size in bytes (0 for non-files).
    pub size: u64,
    /// The layer's position in walk order (0-based). [`crate::FinalView::layer_index`] maps it
    /// to the layer's position in the image's manifest once that is known.
    pub ordinal: usize,
}

impl FileEntry<'_> {
    pub fn is_file(&self) -> bool {
        matches!(self.kind, FileKind::File | FileKind::HardLink)
    }
}
