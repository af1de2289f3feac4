//! The JSON format: exactly the versioned [`portcullis_core::Report`] (the contract in
//! DESIGN.md), pretty-printed, with a trailing newline.

use super::{RenderContext, Reporter};
use std::io;

pub struct JsonReporter;

impl Reporter for JsonReporter {
    fn render(&self, cx: &RenderContext, out: &mut dyn io::Write) -> io::Result<()> {
        // Serialize into a buffer (static dispatch for the many small writes), write once.
        let mut buf = Vec::with_capacity(64 * 1024);
        serde_json::to_writer_pretty(&mut buf, cx.report)?;
        buf.push(b'\n');
        out.write_all(&buf)
    }
}
