//! The IMG checks and secret scanning of `portcullis image` (crate `portcullis-imgaudit`), as
//! an [`ImageStep`]: a visitor during the reader's walk, findings after it.

use super::image_cmd::ImageStep;
use portcullis_core::Finding;
use portcullis_image::{Image, Source, Visitor};
use portcullis_imgaudit::{AuditOptions, AuditStep};

struct Audit(Option<AuditStep>);

impl ImageStep for Audit {
    fn visitor(&mut self) -> Option<&mut dyn Visitor> {
        self.0.as_mut().map(|s| s.visitor())
    }

    fn finish(&mut self, image: &Image, out: &mut Vec<Finding>) {
        if let Some(s) = self.0.take() {
            s.finish(image, out);
        }
    }
}

/// The reference the image was named by, for the latest-tag check: a daemon image's name
/// (not an id), or the tag chosen in an archive.
pub fn reference(tag: Option<&str>, image: &str) -> Option<String> {
    if let Some(t) = tag {
        return Some(t.to_string());
    }
    match Source::parse(image).ok()? {
        Source::Daemon(name) => daemon_reference(&name),
        _ => None,
    }
}

/// A daemon image's name as the latest-tag check sees it; `None` for an id.
pub fn daemon_reference(name: &str) -> Option<String> {
    let n = name.strip_prefix("docker:").unwrap_or(name);
    let is_id =
        n.starts_with("sha256:") || (n.len() >= 12 && n.chars().all(|c| c.is_ascii_hexdigit()));
    (!is_id).then(|| n.to_string())
}

pub fn step(reference: Option<String>, max_age_days: u32) -> Box<dyn ImageStep> {
    Box::new(Audit(Some(AuditStep::new(AuditOptions {
        reference,
        max_age_days,
        ..AuditOptions::default()
    }))))
}
