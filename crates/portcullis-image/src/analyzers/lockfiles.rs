//! Lock files: `package-lock.json` (v1–v3), `Cargo.lock`.

use super::{Analyzer, Claim, FileRef, Output, file_name, lang_package, text};
use crate::entry::Entry;
use crate::purl;
use portcullis_core::PackageKind;

pub struct Lockfiles {
    pub max: u64,
}

impl Analyzer for Lockfiles {
    fn name(&self) -> &'static str {
        "lockfiles"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        match file_name(path) {
            "package-lock.json" | "npm-shrinkwrap.json" if !path.contains("/node_modules/") => {
                Claim::Bytes(self.max)
            }
            "Cargo.lock" => Claim::Bytes(self.max),
            _ => Claim::Skip,
        }
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        let Some(text) = text(file, data, out) else {
            return;
        };
        if file_name(file.path) == "Cargo.lock" {
            cargo_lock(file.path, &text, out);
        } else {
            package_lock(file.path, &text, out);
        }
    }
}

pub fn package_lock(path: &str, text: &str, out: &mut Output) {
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => return out.unparsable(path, format!("not valid JSON ({e})")),
    };
    if let Some(pkgs) = v.get("packages").and_then(|p| p.as_object()) {
        // lockfileVersion 2 and 3: keys are install paths.
        for (key, p) in pkgs {
            if key.is_empty() || p.get("link").and_then(|l| l.as_bool()) == Some(true) {
                continue;
            }
            let Some(version) = p.get("version").and_then(|x| x.as_str()) else {
                continue;
            };
            let name = p.get("name").and_then(|n| n.as_str()).unwrap_or_else(|| {
                match key.rfind("node_modules/") {
                    Some(i) => &key[i + "node_modules/".len()..],
                    None => key,
                }
            });
            out.packages
                .push(super::npm::npm_package(name, version, path));
        }
        return;
    }
    if let Some(deps) = v.get("dependencies").and_then(|d| d.as_object()) {
        v1_deps(path, deps, out, 0);
        return;
    }
    if v.get("lockfileVersion").is_none() {
        out.unparsable(path, "no lockfileVersion, packages or dependencies");
    }
}

fn v1_deps(
    path: &str,
    deps: &serde_json::Map<String, serde_json::Value>,
    out: &mut Output,
    depth: usize,
) {
    if depth > 64 {
        return;
    }
    for (name, d) in deps {
        if let Some(version) = d.get("version").and_then(|x| x.as_str())
            && !version.starts_with("file:")
        {
            out.packages
                .push(super::npm::npm_package(name, version, path));
        }
        if let Some(nested) = d.get("dependencies").and_then(|n| n.as_object()) {
            v1_deps(path, nested, out, depth + 1);
        }
    }
}

#[derive(serde::Deserialize)]
struct CargoLock {
    #[serde(default)]
    package: Vec<CargoPkg>,
}

#[derive(serde::Deserialize)]
struct CargoPkg {
    name: String,
    version: String,
}

pub fn cargo_lock(path: &str, text: &str, out: &mut Output) {
    let lock: CargoLock = match toml::from_str(text) {
        Ok(l) => l,
        Err(e) => {
            let msg = e.to_string();
            return out.unparsable(path, msg.lines().next().unwrap_or("invalid TOML"));
        }
    };
    for p in lock.package {
        out.packages.push(lang_package(
            PackageKind::Cargo,
            &p.name,
            &p.version,
            purl::build("cargo", None, &p.name, &p.version, &[]),
            path,
        ));
    }
}
