//! apk: `/lib/apk/db/installed` (and `/usr/lib/apk/db/installed`).

use super::{Analyzer, Claim, FileRef, Output, text};
use crate::entry::Entry;
use portcullis_core::{Package, PackageKind};

pub struct Apk {
    pub max: u64,
}

impl Analyzer for Apk {
    fn name(&self) -> &'static str {
        "apk"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        match path {
            "/lib/apk/db/installed" | "/usr/lib/apk/db/installed" => Claim::Bytes(self.max),
            _ => Claim::Skip,
        }
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        let Some(text) = text(file, data, out) else {
            return;
        };
        parse(file.path, &text, out);
    }
}

/// Records are separated by blank lines; each line is `K:value` with a one-letter key.
pub fn parse(path: &str, text: &str, out: &mut Output) {
    let mut cur = Rec::default();
    let mut records = 0usize;
    for line in text.lines().chain(std::iter::once("")) {
        if line.trim().is_empty() {
            if cur.name.is_some() || cur.version.is_some() {
                records += 1;
                match (cur.name.take(), cur.version.take()) {
                    (Some(name), Some(version)) => {
                        let origin = cur.origin.take().filter(|o| *o != name);
                        out.packages.push(Package {
                            kind: PackageKind::Apk,
                            name,
                            version,
                            source_name: origin,
                            source_version: None,
                            arch: cur.arch.take(),
                            purl: String::new(),
                            licenses: cur.license.take().map(split_license).unwrap_or_default(),
                            found_in: path.to_string(),
                            layer_index: None,
                            layer_digest: None,
                        });
                    }
                    (name, _) => out.unparsable(
                        path,
                        format!(
                            "record {records} ({}) lacks a P: or V: line",
                            name.as_deref().unwrap_or("no name")
                        ),
                    ),
                }
            }
            cur = Rec::default();
            continue;
        }
        let Some((k, v)) = line.split_once(':') else {
            continue;
        };
        match k {
            "P" => cur.name = Some(v.to_string()),
            "V" => cur.version = Some(v.to_string()),
            "o" => cur.origin = Some(v.to_string()),
            "A" => cur.arch = Some(v.to_string()),
            "L" => cur.license = Some(v.to_string()),
            _ => {}
        }
    }
    if records == 0 && !text.trim().is_empty() {
        out.unparsable(path, "no package records");
    }
}

fn split_license(l: String) -> Vec<String> {
    vec![l]
}

#[derive(Default)]
struct Rec {
    name: Option<String>,
    version: Option<String>,
    origin: Option<String>,
    arch: Option<String>,
    license: Option<String>,
}
