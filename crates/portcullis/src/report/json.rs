//! The JSON format: exactly the versioned [`portcullis_core::Report`] (the contract in
//! DESIGN.md), pretty-printed, with a trailing newline.

use super::{RenderContext, Reporter};
use std::io;

pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        serde_json::to_writer_pretty(&mut *out, cx.report)?;
        out.write_all(b"\n")
    }
}
