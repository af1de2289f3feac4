//! Java archives (`.jar`, `.war`, `.ear`, Jenkins `.hpi`/`.jpi`): `META-INF/maven/**/pom.properties`,
//! else `META-INF/MANIFEST.MF`; nested archives (`BOOT-INF/lib/*.jar`, `WEB-INF/lib/*.jar`) read
//! from memory, a few levels deep. No temporary files.

use super::{Analyzer, Claim, FileRef, Output, file_name, lang_package};
use crate::entry::Entry;
use crate::purl;
use portcullis_core::PackageKind;
use std::io::{Cursor, Read};

pub struct Java {
    pub max: u64,
    pub max_entries: usize,
}

const EXTS: [&str; 5] = [".jar", ".war", ".ear", ".hpi", ".jpi"];
const MAX_DEPTH: usize = 3;

impl Analyzer for Java {
    fn name(&self) -> &'static str {
        "java"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        if EXTS.iter().any(|e| path.ends_with(e)) {
            Claim::Bytes(self.max)
        } else {
            Claim::Skip
        }
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        if !file.complete {
            out.too_large(file);
            return;
        }
        let mut budget = self.max_entries;
        self.archive(file.path, file.path, data, 0, &mut budget, out);
    }
}

impl Java {
    fn archive(
        &self,
        found_in: &str,
        shown: &str,
        data: &[u8],
        depth: usize,
        budget: &mut usize,
        out: &mut Output,
    ) {
        let mut zip = match zip::ZipArchive::new(Cursor::new(data)) {
            Ok(z) => z,
            Err(e) => {
                out.unparsable(shown, format!("not a readable zip archive ({e})"));
                return;
            }
        };
        let mut poms = Vec::new();
        let mut manifest = None;
        let mut nested: Vec<(String, Vec<u8>)> = Vec::new();
        for i in 0..zip.len() {
            if *budget == 0 {
                out.problems.push(super::Problem {
                    rule: &crate::rules::LimitExceeded::META,
                    message: format!(
                        "{shown}: more zip entries than the limit; the rest was not read"
                    ),
                });
                break;
            }
            *budget -= 1;
            let Ok(mut f) = zip.by_index(i) else {
                continue;
            };
            let name = match f.name() {
                Ok(n) => n.to_string(),
                Err(_) => continue,
            };
            let small = f.size() <= 1 << 20;
            if name.starts_with("META-INF/maven/") && name.ends_with("/pom.properties") && small {
                let mut s = String::new();
                if f.read_to_string(&mut s).is_ok() {
                    poms.push(s);
                }
            } else if name == "META-INF/MANIFEST.MF" && small {
                let mut s = String::new();
                if f.read_to_string(&mut s).is_ok() {
                    manifest = Some(s);
                }
            } else if depth < MAX_DEPTH
                && EXTS.iter().any(|e| name.ends_with(e))
                && f.size() <= self.max
            {
                let mut b = Vec::with_capacity(f.size() as usize);
                if f.read_to_end(&mut b).is_ok() {
                    nested.push((name, b));
                }
            }
        }
        let before = out.packages.len();
        for p in &poms {
            let props = properties(p);
            let get = |k: &str| props.iter().find(|(a, _)| *a == k).map(|(_, v)| v.as_str());
            if let (Some(g), Some(a), Some(v)) = (get("groupId"), get("artifactId"), get("version"))
            {
                push(out, g, a, v, found_in);
            }
        }
        if out.packages.len() == before
            && let Some(m) = &manifest
        {
            from_manifest(m, shown, found_in, out);
        }
        drop(zip);
        for (name, bytes) in nested {
            let inner = format!("{shown}!/{name}");
            self.archive(found_in, &inner, &bytes, depth + 1, budget, out);
        }
    }
}

fn push(out: &mut Output, g: &str, a: &str, v: &str, found_in: &str) {
    if out
        .packages
        .iter()
        .any(|p| p.name == format!("{g}:{a}") && p.version == v)
    {
        return;
    }
    out.packages.push(lang_package(
        PackageKind::Maven,
        &format!("{g}:{a}"),
        v,
        purl::build("maven", Some(g), a, v, &[]),
        found_in,
    ));
}

fn properties(text: &str) -> Vec<(&str, String)> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.starts_with('#') && !l.starts_with('!'))
        .filter_map(|l| l.split_once('=').or_else(|| l.split_once(':')))
        .map(|(k, v)| (k.trim(), v.trim().to_string()))
        .collect()
}

/// Manifest attributes; continuation lines start with one space.
fn from_manifest(text: &str, shown: &str, found_in: &str, out: &mut Output) {
    let mut attrs: Vec<(String, String)> = Vec::new();
    for line in text.lines() {
        if let Some(cont) = line.strip_prefix(' ') {
            if let Some(last) = attrs.last_mut() {
                last.1.push_str(cont);
            }
        } else if let Some((k, v)) = line.split_once(':') {
            attrs.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    let get = |k: &str| {
        attrs
            .iter()
            .find(|(a, _)| a.eq_ignore_ascii_case(k))
            .map(|(_, v)| v.as_str())
    };
    let version = get("Implementation-Version")
        .or_else(|| get("Bundle-Version"))
        .or_else(|| get("Specification-Version"));
    let artifact = get("Bundle-SymbolicName")
        .map(|s| s.split(';').next().unwrap_or(s).trim())
        .or_else(|| get("Implementation-Title"));
    let group = get("Implementation-Vendor-Id").or_else(|| get("Automatic-Module-Name"));
    let (Some(version), Some(artifact)) = (version, artifact) else {
        return; // an archive with no coordinates: nothing to report, nothing broken
    };
    let artifact = if artifact.is_empty() {
        file_name(shown).trim_end_matches(".jar")
    } else {
        artifact
    };
    let group = group.unwrap_or(artifact);
    push(out, group, artifact, version, found_in);
}
