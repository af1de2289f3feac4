//! dpkg: `/var/lib/dpkg/status` and distroless `/var/lib/dpkg/status.d/*`.

use super::{Analyzer, Claim, FileRef, Output, field, paragraphs, text};
use crate::entry::Entry;
use portcullis_core::{Package, PackageKind};

pub struct Dpkg {
    pub max: u64,
}

impl Analyzer for Dpkg {
    fn name(&self) -> &'static str {
        "dpkg"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        if path == "/var/lib/dpkg/status" {
            return Claim::Bytes(self.max);
        }
        if let Some(name) = path.strip_prefix("/var/lib/dpkg/status.d/")
            && !name.contains('/')
            && !name.ends_with(".md5sums")
        {
            return Claim::Bytes(self.max);
        }
        Claim::Skip
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        let Some(text) = text(file, data, out) else {
            return;
        };
        let distroless = file.path.starts_with("/var/lib/dpkg/status.d/");
        let mut seen = 0usize;
        for para in paragraphs(&text) {
            let Some(name) = field(&para, "Package") else {
                continue;
            };
            seen += 1;
            // Only installed packages; distroless entries have no Status field.
            let status = field(&para, "Status");
            match status {
                Some(s)
                    if s.split_whitespace().collect::<Vec<_>>()
                        != ["install", "ok", "installed"] =>
                {
                    continue;
                }
                None if !distroless => continue,
                _ => {}
            }
            let Some(version) = field(&para, "Version") else {
                out.unparsable(file.path, format!("package `{name}` has no Version"));
                continue;
            };
            let (mut src, mut src_ver) = (None, None);
            if let Some(s) = field(&para, "Source") {
                match s.split_once('(') {
                    Some((n, v)) => {
                        src = Some(n.trim().to_string());
                        src_ver = Some(v.trim_end_matches(')').trim().to_string());
                    }
                    None => src = Some(s.trim().to_string()),
                }
            }
            let src = src.filter(|s| s != name);
            let src_ver = src_ver.filter(|v| v != version);
            let arch = field(&para, "Architecture").map(str::to_string);
            out.packages.push(Package {
                kind: PackageKind::Dpkg,
                name: name.to_string(),
                version: version.to_string(),
                source_name: src,
                source_version: src_ver,
                arch,
                purl: String::new(),
                licenses: Vec::new(),
                found_in: file.path.to_string(),
                layer_index: None,
                layer_digest: None,
            });
        }
        if seen == 0 && !text.trim().is_empty() {
            out.unparsable(file.path, "no `Package:` paragraphs");
        }
    }
}
