//! Bounds that keep memory and time finite on hostile images.

/// Limits of one scan. Exceeding one is a `PC012` finding, never a crash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Entries kept in the final view (files, dirs, links); beyond it entries are walked (and
    /// analyzed) but not indexed.
    pub max_entries: usize,
    /// Largest file content handed to an analyzer (package databases, manifests).
    pub max_file_bytes: u64,
    /// Largest executable read in full for embedded build information (Go, cargo-auditable).
    pub max_binary_bytes: u64,
    /// Uncompressed bytes of one layer above which the compression ratio is checked.
    pub bomb_min_bytes: u64,
    /// Largest uncompressed/compressed ratio of a layer past `bomb_min_bytes`.
    pub bomb_max_ratio: u64,
    /// Uncompressed bytes of one layer, whatever the ratio.
    pub max_layer_bytes: u64,
    /// Entries of one Java archive (and its nested archives) read.
    pub max_zip_entries: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_entries: 400_000,
            max_file_bytes: 32 << 20,
            max_binary_bytes: 24 << 20,
            bomb_min_bytes: 256 << 20,
            bomb_max_ratio: 200,
            max_layer_bytes: 64 << 30,
            max_zip_entries: 20_000,
        }
    }
}
