//! `portcullis sbom`: read an image once and write its SBOM (CycloneDX 1.5 or SPDX 2.3 JSON).

use super::cli::{SbomArgs, SbomFormat};
use super::output::write_stdout;
use super::{EXIT_CLEAN, Fatal};
use portcullis_image::{ProgressEvent, ScanOptions, Source, scan};
use portcullis_imgaudit::sbom::{self, cyclonedx, spdx};
use std::io::IsTerminal;

pub fn run(args: SbomArgs) -> Result<u8, Fatal> {
    let source = Source::parse(&args.image).map_err(|e| Fatal(e.0))?;
    let epoch = std::env::var("SOURCE_DATE_EPOCH").ok();
    let timestamp =
        sbom::timestamp(epoch.as_deref(), time::OffsetDateTime::now_utc()).map_err(Fatal)?;
    let bar = (!args.quiet && std::io::stderr().is_terminal()).then(|| {
        let b = indicatif::ProgressBar::new(0);
        b.set_style(
            indicatif::ProgressStyle::with_template("{msg} {wide_bar} {bytes}/{total_bytes}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        b
    });
    let on_progress = |e: ProgressEvent| {
        let Some(b) = &bar else { return };
        match e {
            ProgressEvent::Layer { ordinal, total, .. } => {
                b.set_message(format!("layer {}", ordinal + 1));
                b.set_length(total.unwrap_or(0));
                b.set_position(0);
            }
            ProgressEvent::Bytes { done, .. } => b.set_position(done),
        }
    };
    let opts = ScanOptions {
        tag: args.tag.clone(),
        progress: Some(&on_progress),
        ..ScanOptions::default()
    };
    let image = scan(&source, &opts, &mut []);
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let image = image.map_err(|e| Fatal(e.0))?;
    if !args.quiet {
        for f in &image.findings {
            eprintln!("portcullis: warning: {} {}", f.rule, f.message);
        }
    }
    let input = portcullis_imgaudit::sbom_input(&image, timestamp, env!("CARGO_PKG_VERSION"));
    let doc = match args.format {
        SbomFormat::Cyclonedx => cyclonedx(&input, None),
        SbomFormat::Spdx => spdx(&input),
    };
    let mut text = serde_json::to_string_pretty(&doc)
        .map_err(|e| Fatal(format!("internal error rendering the SBOM: {e}")))?;
    text.push('\n');
    match &args.output {
        Some(p) => std::fs::write(p, text).map_err(|e| {
            Fatal(format!(
                "{}: {}",
                p.display(),
                super::discover::io_reason(&e)
            ))
        })?,
        None => write_stdout(text.as_bytes())?,
    }
    Ok(EXIT_CLEAN)
}
