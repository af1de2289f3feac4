//! Reads a container image in one streaming pass per layer and reports what it holds: the
//! operating system, the installed packages, and problems of the image itself (`PC010`–`PC019`).
//! Nothing is extracted and nothing is written to disk.
//!
//! # Public API (stable; other crates build on it)
//!
//! ```text
//! let source = Source::parse("alpine:3.19")?;          // archive, OCI layout, rootfs dir, daemon
//! let mut my_visitor = MyVisitor::default();           // optional, see `Visitor`
//! let image: Image = scan(&source, &ScanOptions::default(), &mut [&mut my_visitor])?;
//! image.packages        // Vec<portcullis_core::Package>, sorted, layer_index/layer_digest set
//! image.distro          // Option<portcullis_core::Distro>
//! image.findings        // Vec<Finding>: PC010–PC019 (unsafe paths, unreadable layers, limits,
//!                       //   package databases that failed to parse, unsupported formats)
//! image.files           // FileTree: the final view (whiteouts applied), each file with its layer
//! image.layers          // Vec<LayerInfo> in manifest order (digest, size, source path)
//! image.config          // Option<serde_json::Value>: the image config (User, Env, Healthcheck,
//!                       //   history, created, ...); None for a root filesystem
//! image.name / image.id // what was scanned
//! ```
//!
//! * [`scan`] never panics on hostile input: `Err(ImageError)` is for input that cannot be read
//!   at all (no such file, not an image, daemon unreachable: exit code 2 in the CLI); everything
//!   else is a `PC` finding in [`Image::findings`].
//! * [`Visitor`] is how other checks (secrets, setuid files, ...) see the image during the same
//!   walk: `entry` is called for **every** entry of every layer in walk order — files that a
//!   later layer deletes included, whiteouts included — and returns [`Want::Bytes`] to be handed
//!   the file's content (up to a cap) in `content`. Visitors are owned by the caller; after
//!   [`scan`] returns they resolve what they collected against [`Image::files`]
//!   (`files.get(path)` tells whether a path survives and which layer holds it; a file seen in
//!   layer *n* that is absent from the final view, or held by a later layer, was deleted or
//!   replaced; [`FileTree::removed_in`] names the layer that removed it).
//! * Layer identity: [`LayerInfo::ordinal`] is the walk order; [`LayerInfo::index`] is the
//!   position in the image's manifest when it is known during the walk (always, except for a
//!   legacy `docker save` stream whose `manifest.json` comes last: then `index` is None during
//!   the walk and [`Image::layer_of_ordinal`] maps ordinals to manifest positions afterwards).
//! * Paths in [`Entry`] and [`Package::found_in`](portcullis_core::Package) are absolute and
//!   normalised (`/etc/os-release`); entries that try to leave the root (`../`, absolute names)
//!   are reported (`PC010`) and never reach a visitor under their hostile name.
//!
//! Package analyzers live in [`analyzers`]; each claims paths and is handed only those files'
//! bytes, so a layer is read once whatever the number of analyzers.

pub mod analyzers;
mod decompress;
pub mod entry;
pub mod error;
pub mod limits;
pub mod os;
pub mod purl;
pub mod rules;
mod scan;
pub mod source;
pub mod tree;
mod walk;

pub use entry::{Entry, EntryKind, LayerInfo, Visitor, Want};
pub use error::ImageError;
pub use limits::Limits;
pub use scan::{Image, ProgressEvent, ScanOptions, scan};
pub use source::Source;
pub use source::daemon::present as daemon_has_images;
pub use tree::{FileTree, Node};
