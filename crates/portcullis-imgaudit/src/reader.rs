//! Wiring to the image reader (`portcullis-image`): a [`Visitor`] that feeds the content checks
//! during the reader's one walk, the final view over [`Image::files`], and the SBOM input of a
//! scanned image. `portcullis image` runs an [`AuditStep`]; `portcullis sbom` uses
//! [`sbom_input`].

use crate::config::ConfigCtx;
use crate::content::{ContentAudit, FinalView};
use crate::input::{FileEntry, FileKind};
use crate::sbom::SbomInput;
use portcullis_core::Finding;
use portcullis_image::{Entry, EntryKind, Image, LayerInfo, Visitor, Want};
use time::OffsetDateTime;

fn kind(k: EntryKind) -> FileKind {
    match k {
        EntryKind::File => FileKind::File,
        EntryKind::Dir => FileKind::Dir,
        EntryKind::Symlink => FileKind::Symlink,
        EntryKind::HardLink => FileKind::HardLink,
        EntryKind::Whiteout => FileKind::Whiteout,
        EntryKind::OpaqueDir => FileKind::OpaqueDir,
        EntryKind::Other => FileKind::Other,
    }
}

fn file_entry<'a>(layer: &LayerInfo, e: &Entry<'a>) -> FileEntry<'a> {
    FileEntry {
        path: e.path,
        kind: kind(e.kind),
        mode: e.mode,
        uid: e.uid,
        gid: e.gid,
        size: e.size,
        ordinal: layer.ordinal,
    }
}

/// Options of the image checks.
#[derive(Debug, Clone)]
pub struct AuditOptions {
    /// The reference the user named (`name:tag`) when the image came from the daemon or was
    /// chosen by tag: the latest-tag check looks at it.
    pub reference: Option<String>,
    pub now: OffsetDateTime,
    /// IMG011's limit.
    pub max_age_days: u32,
}

impl Default for AuditOptions {
    fn default() -> Self {
        AuditOptions {
            reference: None,
            now: OffsetDateTime::now_utc(),
            max_age_days: 90,
        }
    }
}

/// The image checks of `portcullis image`: a visitor during the walk, findings after it.
pub struct AuditStep {
    content: ContentAudit<'static>,
    options: AuditOptions,
}

impl AuditStep {
    pub fn new(options: AuditOptions) -> AuditStep {
        AuditStep {
            content: ContentAudit::default(),
            options,
        }
    }

    /// The visitor to hand to `portcullis_image::scan`.
    pub fn visitor(&mut self) -> &mut dyn Visitor {
        self
    }

    /// The IMG findings (configuration and content) and PC020, once the image is read.
    pub fn finish(self, image: &Image, out: &mut Vec<Finding>) {
        let view = TreeView(image);
        let name = image.name.as_str();
        if let Some(config) = &image.config {
            let mut cx = ConfigCtx::new(name, config, self.options.now);
            cx.id = image.id.as_deref();
            cx.reference = self.options.reference.as_deref();
            cx.distro = image.distro.as_ref();
            cx.max_age_days = self.options.max_age_days;
            out.extend(crate::check_config(&cx));
        } else if let Some(d) = &image.distro {
            // A root filesystem has no config; its distribution can still be end-of-life.
            let empty = serde_json::Value::Object(Default::default());
            let mut cx = ConfigCtx::new(name, &empty, self.options.now);
            cx.distro = Some(d);
            let mut eol = Vec::new();
            crate::rules::eol_check(&cx, &mut eol);
            out.extend(eol);
        }
        out.extend(self.content.finish(&view, name));
    }
}

impl Visitor for AuditStep {
    fn entry(&mut self, layer: &LayerInfo, entry: &Entry<'_>) -> Want {
        match self.content.entry(&file_entry(layer, entry)) {
            Some(max) => Want::Bytes { max },
            None => Want::Skip,
        }
    }

    fn content(&mut self, layer: &LayerInfo, entry: &Entry<'_>, data: &[u8], _complete: bool) {
        self.content.content(&file_entry(layer, entry), data);
    }
}

/// The reader's final view.
struct TreeView<'a>(&'a Image);

impl FinalView for TreeView<'_> {
    fn layer_of(&self, path: &str) -> Option<usize> {
        self.0.files.get(path).map(|n| n.layer as usize)
    }

    fn layer_index(&self, ordinal: usize) -> Option<usize> {
        if self.0.is_rootfs {
            Some(0)
        } else {
            self.0.layer_of_ordinal(ordinal)
        }
    }

    fn layer_name(&self, index: usize) -> String {
        self.0
            .layers
            .get(index)
            .and_then(|l| l.digest.clone())
            .unwrap_or_else(|| index.to_string())
    }

    fn has_layers(&self) -> bool {
        !self.0.is_rootfs
    }

    fn removed_in(&self, path: &str, layer: usize) -> Option<usize> {
        self.0
            .files
            .removed_in(path, layer as u32)
            .map(|l| l as usize)
    }
}

/// The SBOM input of a scanned image.
pub fn sbom_input<'a>(
    image: &'a Image,
    timestamp: OffsetDateTime,
    tool_version: &'a str,
) -> SbomInput<'a> {
    SbomInput {
        image_name: &image.name,
        image_id: image.id.as_deref(),
        distro: image.distro.as_ref(),
        packages: &image.packages,
        timestamp,
        tool_version,
    }
}
