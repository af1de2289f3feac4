//! The IMG checks and secret scanning of `portcullis image` (crate `portcullis-imgaudit`), as
//! an [`ImageStep`]: a visitor during the reader's walk, findings after it.

use super::cli::ImageArgs;
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
fn reference(args: &ImageArgs) -> Option<String> {
    if let Some(t) = &args.tag {
        return Some(t.clone());
    }
    match Source::parse(&args.image).ok()? {
        Source::Daemon(name) => {
            let n = name.strip_prefix("docker:").unwrap_or(&name);
            let is_id = n.starts_with("sha256:")
                || (n.len() >= 12 && n.chars().all(|c| c.is_ascii_hexdigit()));
            (!is_id).then(|| n.to_string())
        }
        _ => None,
    }
}

pub fn step(args: &ImageArgs) -> Box<dyn ImageStep> {
    Box::new(Audit(Some(AuditStep::new(AuditOptions {
        reference: reference(args),
        max_age_days: args.max_age_days,
        ..AuditOptions::default()
    }))))
}
