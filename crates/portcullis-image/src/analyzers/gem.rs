//! Ruby: installed gems' `specifications/*.gemspec`.

use super::{Analyzer, Claim, FileRef, Output, lang_package, text};
use crate::entry::Entry;
use crate::purl;
use portcullis_core::PackageKind;

pub struct Gem {
    pub max: u64,
}

impl Analyzer for Gem {
    fn name(&self) -> &'static str {
        "gem"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        if path.ends_with(".gemspec")
            && super::super::walk::parent(path).ends_with("/specifications")
        {
            Claim::Bytes(self.max.min(1 << 20))
        } else {
            Claim::Skip
        }
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        let Some(text) = text(file, data, out) else {
            return;
        };
        let (mut name, mut version, mut licenses) = (None, None, Vec::new());
        for line in text.lines() {
            let l = line.trim();
            let Some((lhs, rhs)) = l.split_once('=') else {
                continue;
            };
            let lhs = lhs.trim();
            let field = lhs.rsplit('.').next().unwrap_or("");
            if !lhs.contains('.') {
                continue;
            }
            match field {
                "name" if name.is_none() => name = first_quoted(rhs),
                "version" if version.is_none() => version = first_quoted(rhs),
                "licenses" | "license" => licenses.extend(all_quoted(rhs)),
                _ => {}
            }
        }
        let (Some(name), Some(version)) = (name, version) else {
            out.unparsable(file.path, "no name or version assignment");
            return;
        };
        let mut p = lang_package(
            PackageKind::Gem,
            &name,
            &version,
            purl::build("gem", None, &name, &version, &[]),
            file.path,
        );
        p.licenses = licenses;
        out.packages.push(p);
    }
}

fn all_quoted(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(q) = first_quoted(rest) {
        let skip = rest.find(&q).map(|i| i + q.len() + 1).unwrap_or(rest.len());
        out.push(q);
        rest = &rest[skip.min(rest.len())..];
    }
    out
}

fn first_quoted(s: &str) -> Option<String> {
    let start = s.find(['"', '\''])?;
    let quote = s.as_bytes()[start] as char;
    let rest = &s[start + 1..];
    let end = rest.find(quote)?;
    Some(rest[..end].to_string())
}
