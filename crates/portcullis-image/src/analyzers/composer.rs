//! PHP: `composer.lock` and Composer's `vendor/composer/installed.json`.

use super::{Analyzer, Claim, FileRef, Output, file_name, lang_package, text};
use crate::entry::Entry;
use crate::purl;
use portcullis_core::PackageKind;

pub struct Composer {
    pub max: u64,
}

impl Analyzer for Composer {
    fn name(&self) -> &'static str {
        "composer"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        if file_name(path) == "composer.lock" || path.ends_with("/vendor/composer/installed.json") {
            Claim::Bytes(self.max)
        } else {
            Claim::Skip
        }
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        let Some(text) = text(file, data, out) else {
            return;
        };
        let v: serde_json::Value = match serde_json::from_str(&text) {
            Ok(v) => v,
            Err(e) => return out.unparsable(file.path, format!("not valid JSON ({e})")),
        };
        let lists: Vec<&serde_json::Value> = if let Some(a) = v.as_array() {
            a.iter().collect() // installed.json of Composer 1
        } else {
            ["packages", "packages-dev"]
                .iter()
                .filter_map(|k| v.get(*k))
                .flat_map(|l| l.as_array().into_iter().flatten())
                .collect()
        };
        for p in lists {
            let (Some(name), Some(version)) = (
                p.get("name").and_then(|x| x.as_str()),
                p.get("version").and_then(|x| x.as_str()),
            ) else {
                continue;
            };
            let (ns, short) = name.split_once('/').unwrap_or(("", name));
            let mut pkg = lang_package(
                PackageKind::Composer,
                name,
                version,
                purl::build("composer", Some(ns), short, version, &[]),
                file.path,
            );
            if let Some(l) = p.get("license").and_then(|l| l.as_array()) {
                pkg.licenses = l
                    .iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect();
            }
            out.packages.push(pkg);
        }
    }
}
