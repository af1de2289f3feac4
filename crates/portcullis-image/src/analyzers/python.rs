//! Python: `*.dist-info/METADATA`, `*.egg-info/PKG-INFO` and single-file `*.egg-info`.

use super::{Analyzer, Claim, FileRef, Output, lang_package, text};
use crate::entry::Entry;
use crate::purl;
use portcullis_core::PackageKind;

pub struct Python {
    pub max: u64,
}

impl Analyzer for Python {
    fn name(&self) -> &'static str {
        "python"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        let dir = super::super::walk::parent(path);
        if (path.ends_with("/METADATA") && dir.ends_with(".dist-info"))
            || (path.ends_with("/PKG-INFO") && dir.ends_with(".egg-info"))
            || path.ends_with(".egg-info")
        {
            Claim::Bytes(self.max.min(4 << 20))
        } else {
            Claim::Skip
        }
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        let Some(text) = text(file, data, out) else {
            return;
        };
        let (mut name, mut version, mut license, mut expr) = (None, None, None, None);
        for line in text.lines() {
            if line.is_empty() {
                break; // the body (long description) follows the headers
            }
            if let Some((k, v)) = line.split_once(':') {
                let v = v.trim();
                match k {
                    "Name" => name = Some(v),
                    "Version" => version = Some(v),
                    "License" if !v.is_empty() && v != "UNKNOWN" => license = Some(v),
                    "License-Expression" => expr = Some(v),
                    _ => {}
                }
            }
        }
        let (Some(name), Some(version)) = (name, version) else {
            out.unparsable(file.path, "no Name or Version header");
            return;
        };
        let norm = normalize(name);
        let mut p = lang_package(
            PackageKind::Python,
            name,
            version,
            purl::build("pypi", None, &norm, version, &[]),
            file.path,
        );
        if let Some(l) = expr.or(license).filter(|l| l.len() < 200) {
            p.licenses.push(l.to_string());
        }
        out.packages.push(p);
    }
}

/// PEP 503 name normalisation: lower case, runs of `-_.` become `-`.
pub fn normalize(name: &str) -> String {
    let mut s = String::with_capacity(name.len());
    let mut sep = false;
    for c in name.chars() {
        if matches!(c, '-' | '_' | '.') {
            sep = true;
        } else {
            if sep && !s.is_empty() {
                s.push('-');
            }
            sep = false;
            s.push(c.to_ascii_lowercase());
        }
    }
    s
}
