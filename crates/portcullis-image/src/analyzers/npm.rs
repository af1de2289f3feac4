//! npm: installed packages (`node_modules/**/package.json`).

use super::{Analyzer, Claim, FileRef, Output, lang_package, text};
use crate::entry::Entry;
use crate::purl;
use portcullis_core::{Package, PackageKind};

pub struct Npm {
    pub max: u64,
}

impl Analyzer for Npm {
    fn name(&self) -> &'static str {
        "npm"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        let Some(i) = path.rfind("/node_modules/") else {
            return Claim::Skip;
        };
        // node_modules/NAME/package.json or node_modules/@scope/NAME/package.json
        let rest = &path[i + "/node_modules/".len()..];
        let Some(dir) = rest.strip_suffix("/package.json") else {
            return Claim::Skip;
        };
        let depth = dir.split('/').count();
        if (depth == 1 && !dir.starts_with('@')) || (depth == 2 && dir.starts_with('@')) {
            Claim::Bytes(self.max.min(4 << 20))
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
            Err(e) => {
                out.unparsable(file.path, format!("not valid JSON ({e})"));
                return;
            }
        };
        let (Some(name), Some(version)) = (
            v.get("name").and_then(|x| x.as_str()),
            v.get("version").and_then(|x| x.as_str()),
        ) else {
            return; // a package.json without name/version is not a published package
        };
        let mut p = npm_package(name, version, file.path);
        p.licenses = licenses(&v);
        out.packages.push(p);
    }
}

pub(crate) fn npm_package(name: &str, version: &str, found_in: &str) -> Package {
    let (ns, short) = match name.split_once('/') {
        Some((scope, n)) if scope.starts_with('@') => (Some(scope), n),
        _ => (None, name),
    };
    lang_package(
        PackageKind::Npm,
        name,
        version,
        purl::build("npm", ns, short, version, &[]),
        found_in,
    )
}

fn licenses(v: &serde_json::Value) -> Vec<String> {
    match v.get("license") {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Object(o)) => o
            .get("type")
            .and_then(|t| t.as_str())
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
        _ => match v.get("licenses") {
            Some(serde_json::Value::Array(a)) => a
                .iter()
                .filter_map(|l| {
                    l.as_str()
                        .or_else(|| l.get("type").and_then(|t| t.as_str()))
                        .map(str::to_string)
                })
                .collect(),
            _ => Vec::new(),
        },
    }
}
