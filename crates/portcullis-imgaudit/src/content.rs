//! The content checks, as one visitor of the reader's single walk: every entry of every layer
//! goes through [`ContentAudit::entry`], which keeps the few facts the checks need (bounded
//! lists) and asks for the content of files worth scanning for secrets; [`ContentAudit::finish`]
//! resolves them against the final view (which layer provides a path, which layer removed it).

use crate::input::{FileEntry, FileKind};
use crate::rules::{
    PackageCacheLeft, SecretFile, SecretInLayer, SecretScanTruncated, SetuidFile,
    ShellInMinimalImage, SudoInstalled, WorldWritable, cache_of, is_sudo, shell_or_package_manager,
};
use portcullis_core::{Finding, Location};
use portcullis_secrets::{Scanner, SecretRule};
use serde_json::json;
use std::collections::BTreeMap;

/// What the audit needs to know about the image once the walk is over.
pub trait FinalView {
    /// The manifest index of the layer that provides `path` in the final view (after whiteouts
    /// and replacements), `None` when the final view has no such path.
    fn layer_of(&self, path: &str) -> Option<usize>;
    /// The manifest index of the layer walked as `ordinal`; `None` for layers that are not part
    /// of the image (another image of the same archive).
    fn layer_index(&self, ordinal: usize) -> Option<usize>;
    /// How locations name a layer: its digest where known, else its index.
    fn layer_name(&self, index: usize) -> String;
    /// Whether the image has layers at all (an unpacked root filesystem has none to name).
    fn has_layers(&self) -> bool {
        true
    }
    /// The layer (manifest index, above `layer`) that removed or replaced `path`, where the
    /// view knows it; the audit's own record of whiteouts is used otherwise.
    fn removed_in(&self, path: &str, layer: usize) -> Option<usize> {
        let _ = (path, layer);
        None
    }
}

/// At most this many facts of each kind are kept (memory stays bounded on hostile images).
const MAX_KEPT: usize = 10_000;
/// At most this many whiteouts are kept for the "deleted in layer M" resolution.
const MAX_REMOVALS: usize = 20_000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Setuid,
    WorldWritable,
    Sudo,
    Tool(&'static str),
    PackageDb,
    SecretFile(&'static str),
}

#[derive(Debug)]
struct Fact {
    kind: Kind,
    path: String,
    ordinal: usize,
    mode: u32,
    uid: u64,
    is_dir: bool,
}

#[derive(Debug)]
struct Hit {
    rule: &'static SecretRule,
    path: String,
    ordinal: usize,
    line: u32,
    masked: String,
}

#[derive(Debug)]
struct Removal {
    ordinal: usize,
    path: String,
    opaque: bool,
}

/// The content checks of one image.
#[derive(Debug)]
pub struct ContentAudit<'s> {
    scanner: &'s Scanner,
    facts: Vec<Fact>,
    caches: Vec<(&'static str, String, usize, u64)>,
    hits: Vec<Hit>,
    removals: Vec<Removal>,
    truncated: Vec<(String, u64)>,
    truncated_count: usize,
    dropped: usize,
}

impl Default for ContentAudit<'static> {
    fn default() -> Self {
        ContentAudit::new(Scanner::builtin())
    }
}

impl<'s> ContentAudit<'s> {
    pub fn new(scanner: &'s Scanner) -> ContentAudit<'s> {
        ContentAudit {
            scanner,
            facts: Vec::new(),
            caches: Vec::new(),
            hits: Vec::new(),
            removals: Vec::new(),
            truncated: Vec::new(),
            truncated_count: 0,
            dropped: 0,
        }
    }

    fn fact(&mut self, kind: Kind, e: &FileEntry<'_>) {
        if self.facts.len() >= MAX_KEPT {
            self.dropped += 1;
            return;
        }
        self.facts.push(Fact {
            kind,
            path: e.path.to_string(),
            ordinal: e.ordinal,
            mode: e.mode,
            uid: e.uid,
            is_dir: e.kind == FileKind::Dir,
        });
    }

    /// Sees one entry; returns `Some(max)` when it wants the file's first `max` bytes.
    pub fn entry(&mut self, e: &FileEntry<'_>) -> Option<u64> {
        match e.kind {
            FileKind::Whiteout | FileKind::OpaqueDir => {
                if self.removals.len() < MAX_REMOVALS {
                    self.removals.push(Removal {
                        ordinal: e.ordinal,
                        path: e.path.to_string(),
                        opaque: e.kind == FileKind::OpaqueDir,
                    });
                }
                return None;
            }
            FileKind::Other => return None,
            _ => {}
        }
        if crate::rules::setuid_file_matches(e) {
            self.fact(Kind::Setuid, e);
        }
        if crate::rules::world_writable_matches(e) {
            self.fact(Kind::WorldWritable, e);
        }
        if e.kind != FileKind::Dir {
            if is_sudo(e.path) {
                self.fact(Kind::Sudo, e);
            }
            if let Some(t) = shell_or_package_manager(e.path) {
                self.fact(Kind::Tool(t), e);
            }
            if crate::rules::is_package_db(e.path) {
                self.fact(Kind::PackageDb, e);
            }
        }
        if !e.is_file() {
            return None;
        }
        if let Some(k) = crate::rules::secret_file_kind(e.path)
            && !Scanner::path_allowed(e.path)
        {
            self.fact(Kind::SecretFile(k), e);
        }
        if let Some(label) = cache_of(e.path) {
            if self.caches.len() < MAX_KEPT {
                self.caches
                    .push((label, e.path.to_string(), e.ordinal, e.size));
            }
            return None;
        }
        let opts = self.scanner.options();
        if e.size < 10
            || (opts.path_allow_list && Scanner::path_allowed(e.path))
            || likely_binary(e.path, e.size)
        {
            return None;
        }
        Some(e.size.min(opts.max_bytes as u64))
    }

    /// Sees the content asked for by [`ContentAudit::entry`] (`data` may be only the file's
    /// beginning).
    pub fn content(&mut self, e: &FileEntry<'_>, data: &[u8]) {
        let scan = self.scanner.scan_file(e.path, data, e.size);
        if scan.truncated {
            self.truncated_count += 1;
            if self.truncated.len() < 20 {
                self.truncated.push((e.path.to_string(), e.size));
            }
        }
        for m in scan.matches {
            if self.hits.len() >= MAX_KEPT {
                self.dropped += 1;
                break;
            }
            self.hits.push(Hit {
                rule: m.rule,
                path: e.path.to_string(),
                ordinal: e.ordinal,
                line: m.line,
                masked: m.masked,
            });
        }
    }

    /// The layer (manifest index, above `above`) that first removed `path`: a whiteout of it or
    /// of a parent, or an opaque parent directory.
    fn removed_in(&self, view: &dyn FinalView, path: &str, above: usize) -> Option<usize> {
        self.removals
            .iter()
            .filter(|r| {
                if r.opaque {
                    path.strip_prefix(r.path.trim_end_matches('/'))
                        .is_some_and(|rest| rest.starts_with('/'))
                } else {
                    path == r.path
                        || path
                            .strip_prefix(r.path.as_str())
                            .is_some_and(|rest| rest.starts_with('/'))
                }
            })
            .filter_map(|r| view.layer_index(r.ordinal))
            .filter(|&m| m > above)
            .min()
    }

    fn location(view: &dyn FinalView, image: &str, layer: usize, path: &str) -> Location {
        Location {
            image: Some(image.to_string()),
            layer: view.has_layers().then(|| view.layer_name(layer)),
            path: Some(path.to_string()),
            ..Location::default()
        }
    }

    /// Where a file seen in layer `n` stands now: still there, or replaced/deleted in layer M.
    fn status(&self, view: &dyn FinalView, path: &str, n: usize) -> (String, Option<usize>) {
        match view.layer_of(path) {
            Some(m) if m == n => ("present in the final image".to_string(), None),
            Some(m) if m > n => (
                format!("present in layer {n}, replaced in layer {m}: it still ships in the image"),
                Some(m),
            ),
            _ => match view
                .removed_in(path, n)
                .or_else(|| self.removed_in(view, path, n))
            {
                Some(m) => (
                    format!(
                        "present in layer {n}, deleted in layer {m}: it still ships in the image"
                    ),
                    Some(m),
                ),
                None => (
                    format!(
                        "present in layer {n}, not in the final view: it still ships in the image"
                    ),
                    None,
                ),
            },
        }
    }

    fn secret_file(
        &self,
        view: &dyn FinalView,
        image: &str,
        f: &Fact,
        what: &str,
        out: &mut Vec<Finding>,
    ) {
        let Some(n) = view.layer_index(f.ordinal) else {
            return;
        };
        if self
            .hits
            .iter()
            .any(|h| h.path == f.path && h.ordinal == f.ordinal)
        {
            return;
        }
        let (status, removed) = self.status(view, &f.path, n);
        let mut x = SecretFile::META.finding(
            format!("`{}` is {what}, {status}", f.path),
            Self::location(view, image, n, &f.path),
        );
        x.detail = Some(json!({"layer": n, "deleted_in_layer": removed}));
        out.push(x);
    }

    /// The findings, resolved against the final view.
    pub fn finish(self, view: &dyn FinalView, image: &str) -> Vec<Finding> {
        let mut out = Vec::new();
        // Facts about files: only those the final view still has from that layer.
        let present = |f: &Fact| -> Option<usize> {
            let n = view.layer_index(f.ordinal)?;
            (view.layer_of(&f.path) == Some(n)).then_some(n)
        };
        let mut has_package_db = false;
        let mut tools: Vec<(&str, &'static str, usize)> = Vec::new();
        for f in &self.facts {
            if let Kind::SecretFile(what) = f.kind {
                self.secret_file(view, image, f, what, &mut out);
                continue;
            }
            let Some(n) = present(f) else { continue };
            let loc = || Self::location(view, image, n, &f.path);
            match f.kind {
                Kind::Setuid => {
                    out.push(SetuidFile::META.finding(
                        format!(
                            "`{}` is {} (mode {:04o}, owner uid {})",
                            f.path,
                            crate::rules::setuid_bits(f.mode),
                            f.mode & 0o7777,
                            f.uid
                        ),
                        loc(),
                    ));
                }
                Kind::WorldWritable => out.push(WorldWritable::META.finding(
                    format!(
                        "{} `{}` is world-writable (mode {:04o})",
                        if f.is_dir { "directory" } else { "file" },
                        f.path,
                        f.mode & 0o7777
                    ),
                    loc(),
                )),
                Kind::Sudo => out
                    .push(SudoInstalled::META.finding(format!("`{}` is installed", f.path), loc())),
                Kind::Tool(t) => tools.push((&f.path, t, n)),
                Kind::PackageDb => has_package_db = true,
                Kind::SecretFile(_) => {}
            }
        }
        if !has_package_db && !tools.is_empty() {
            tools.sort();
            let list: Vec<String> = tools
                .iter()
                .map(|(p, t, _)| format!("`{p}` ({t})"))
                .collect();
            let (p, _, n) = tools[0];
            out.push(ShellInMinimalImage::META.finding(
                format!(
                    "the image has no package database (a minimal image) but ships {}",
                    list.join(", ")
                ),
                Self::location(view, image, n, p),
            ));
        }
        // Caches present in the final view, one finding per cache.
        let mut caches: BTreeMap<&str, (usize, u64, String, usize)> = BTreeMap::new();
        for (label, path, ordinal, size) in &self.caches {
            let Some(n) = view.layer_index(*ordinal) else {
                continue;
            };
            if view.layer_of(path) != Some(n) {
                continue;
            }
            let c = caches.entry(label).or_insert((0, 0, path.clone(), n));
            c.0 += 1;
            c.1 += size;
        }
        for (label, (count, bytes, path, n)) in caches {
            let mut f = PackageCacheLeft::META.finding(
                format!(
                    "{label}: {count} files, {} left in the image",
                    human_bytes(bytes)
                ),
                Self::location(view, image, n, &path),
            );
            f.detail = Some(json!({"files": count, "bytes": bytes}));
            out.push(f);
        }
        // Secrets, with where they are and whether a later layer removed them.
        for h in &self.hits {
            let Some(n) = view.layer_index(h.ordinal) else {
                continue;
            };
            let (status, removed) = self.status(view, &h.path, n);
            let mut f = SecretInLayer::META.finding(
                format!(
                    "{} ({}) in `{}` line {}, {status}",
                    h.rule.title, h.masked, h.path, h.line
                ),
                Self::location(view, image, n, &h.path),
            );
            f.location.line = Some(h.line);
            f.severity = h.rule.severity;
            f.detail = Some(json!({
                "secret_rule": h.rule.id,
                "category": h.rule.category.as_str(),
                "masked": h.masked,
                "layer": n,
                "deleted_in_layer": removed,
            }));
            out.push(f);
        }
        if self.truncated_count > 0 {
            let list: Vec<String> = self
                .truncated
                .iter()
                .map(|(p, s)| format!("{p} ({})", human_bytes(*s)))
                .collect();
            let mut f = SecretScanTruncated::META.finding(
                format!(
                    "{} files larger than {} were scanned for secrets only in part: {}",
                    self.truncated_count,
                    human_bytes(self.scanner.options().max_bytes as u64),
                    list.join(", ")
                ),
                Location {
                    image: Some(image.to_string()),
                    ..Location::default()
                },
            );
            f.detail = Some(json!({"files": self.truncated_count}));
            out.push(f);
        }
        out
    }
}

/// Files not worth reading for secrets: compiled code and archives by extension, and large
/// files in program directories (programs; the scripts there that could hold a secret are
/// small). Reading them would only find a NUL byte after paying for the read.
fn likely_binary(path: &str, size: u64) -> bool {
    const EXT: &[&str] = &[
        ".so", ".a", ".o", ".ko", ".pyc", ".pyo", ".class", ".jar", ".war", ".whl", ".egg", ".gz",
        ".tgz", ".xz", ".bz2", ".zst", ".zip", ".7z", ".deb", ".rpm", ".apk", ".png", ".jpg",
        ".jpeg", ".gif", ".ico", ".webp", ".woff", ".woff2", ".ttf", ".otf", ".mo", ".wasm",
        ".node", ".db", ".sqlite",
    ];
    let name = path.rsplit('/').next().unwrap_or(path);
    let lower = name.to_ascii_lowercase();
    if EXT.iter().any(|x| lower.ends_with(x)) || lower.contains(".so.") {
        return true;
    }
    const PROGRAM_DIRS: &[&str] = &[
        "/bin/",
        "/sbin/",
        "/usr/bin/",
        "/usr/sbin/",
        "/usr/libexec/",
        "/lib/",
        "/lib64/",
        "/usr/local/bin/",
        "/usr/local/sbin/",
    ];
    size > 256 * 1024 && PROGRAM_DIRS.iter().any(|d| path.starts_with(d))
}

/// `1.5 MiB`.
pub fn human_bytes(b: u64) -> String {
    const UNITS: [&str; 5] = ["B", "KiB", "MiB", "GiB", "TiB"];
    let mut v = b as f64;
    let mut u = 0;
    while v >= 1024.0 && u < UNITS.len() - 1 {
        v /= 1024.0;
        u += 1;
    }
    if u == 0 {
        format!("{b} B")
    } else {
        format!("{v:.1} {}", UNITS[u])
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// A final view over an in-memory list of layers (walk order = manifest order).
    struct View(HashMap<String, usize>);
    impl FinalView for View {
        fn layer_of(&self, path: &str) -> Option<usize> {
            self.0.get(path).copied()
        }
        fn layer_index(&self, ordinal: usize) -> Option<usize> {
            Some(ordinal)
        }
        fn layer_name(&self, index: usize) -> String {
            format!("sha256:{index:064}")
        }
    }

    fn entry(path: &str, kind: FileKind, mode: u32, size: u64, ordinal: usize) -> FileEntry<'_> {
        FileEntry {
            path,
            kind,
            mode,
            uid: 0,
            gid: 0,
            size,
            ordinal,
        }
    }

    #[test]
    fn secret_deleted_in_a_later_layer_is_reported_with_both_layers() {
        let key = format!("aws_access_key_id = AKIA{}\n", "Z7VRSQ5TJN2PLMHX");
        let mut a = ContentAudit::default();
        let e = entry(
            "/root/.aws/credentials",
            FileKind::File,
            0o600,
            key.len() as u64,
            1,
        );
        let want = a.entry(&e).expect("wants the content");
        assert_eq!(want, key.len() as u64);
        a.content(&e, key.as_bytes());
        a.entry(&entry(
            "/root/.aws/credentials",
            FileKind::Whiteout,
            0,
            0,
            2,
        ));
        let view = View(HashMap::new());
        let f = a.finish(&view, "img");
        assert_eq!(f.len(), 1, "{f:#?}");
        assert_eq!(f[0].rule, "IMG006");
        assert!(
            f[0].message
                .contains("present in layer 1, deleted in layer 2"),
            "{}",
            f[0].message
        );
        assert!(!f[0].message.contains("Z7VRSQ5TJN2PLMHX"));
        assert_eq!(f[0].location.line, Some(1));
        assert_eq!(f[0].severity, portcullis_core::Severity::Critical);
    }

    #[test]
    fn file_facts_only_when_in_the_final_view() {
        let mut a = ContentAudit::default();
        for e in [
            entry("/usr/bin/su", FileKind::File, 0o4755, 100, 0),
            entry("/usr/bin/gone", FileKind::File, 0o4755, 100, 0),
            entry("/data", FileKind::Dir, 0o777, 0, 1),
            entry("/tmp", FileKind::Dir, 0o1777, 0, 0),
            entry("/bin/busybox", FileKind::File, 0o755, 100, 0),
            entry("/bin/sh", FileKind::Symlink, 0o777, 0, 0),
            entry(
                "/var/lib/apt/lists/x_InRelease",
                FileKind::File,
                0o644,
                2048,
                1,
            ),
        ] {
            a.entry(&e);
        }
        let view = View(HashMap::from([
            ("/usr/bin/su".to_string(), 0),
            ("/data".to_string(), 1),
            ("/tmp".to_string(), 0),
            ("/bin/busybox".to_string(), 0),
            ("/bin/sh".to_string(), 0),
            ("/var/lib/apt/lists/x_InRelease".to_string(), 1),
        ]));
        let f = a.finish(&view, "img");
        let codes: Vec<&str> = f.iter().map(|x| &*x.rule).collect();
        assert_eq!(codes, ["IMG003", "IMG004", "IMG010", "IMG009"], "{f:#?}");
        assert!(
            f[2].message
                .contains("`/bin/busybox` (busybox), `/bin/sh` (shell)")
        );
        assert!(f[3].message.contains("1 files, 2.0 KiB"));
    }

    #[test]
    fn credential_files_by_name_once() {
        let key = format!("aws_access_key_id = AKIA{}\n", "Z7VRSQ5TJN2PLMHX");
        let mut a = ContentAudit::default();
        let creds = entry(
            "/root/.aws/credentials",
            FileKind::File,
            0o600,
            key.len() as u64,
            0,
        );
        a.entry(&creds);
        a.content(&creds, key.as_bytes());
        let mut p12 = b"\x30\x82".to_vec();
        p12.extend([0u8; 64]);
        let e = entry(
            "/app/deploy.p12",
            FileKind::File,
            0o644,
            p12.len() as u64,
            1,
        );
        if a.entry(&e).is_some() {
            a.content(&e, &p12);
        }
        a.entry(&entry("/app/deploy.p12", FileKind::Whiteout, 0, 0, 2));
        a.entry(&entry(
            "/usr/share/doc/x/examples/id_rsa",
            FileKind::File,
            0o644,
            100,
            0,
        ));
        let view = View(HashMap::from([("/root/.aws/credentials".to_string(), 0)]));
        let f = a.finish(&view, "img");
        let codes: Vec<&str> = f.iter().map(|x| &*x.rule).collect();
        assert_eq!(codes, ["IMG014", "IMG006"], "{f:#?}");
        assert!(
            f[0].message.contains(
                "`/app/deploy.p12` is a PKCS#12 key bundle, present in layer 1, deleted in layer 2"
            ),
            "{}",
            f[0].message
        );
    }

    #[test]
    fn binaries_are_not_read() {
        assert!(likely_binary("/usr/lib/x86_64-linux-gnu/libc.so.6", 10));
        assert!(likely_binary("/app/static/logo.PNG", 10));
        assert!(likely_binary("/usr/bin/python3.11", 6 << 20));
        assert!(!likely_binary("/usr/local/bin/entrypoint.sh", 2048));
        assert!(!likely_binary("/app/config.yml", 6 << 20));
        let mut a = ContentAudit::default();
        assert!(
            a.entry(&entry(
                "/usr/bin/docker",
                FileKind::File,
                0o755,
                40 << 20,
                0
            ))
            .is_none()
        );
        assert_eq!(
            a.entry(&entry(
                "/usr/local/bin/run.sh",
                FileKind::File,
                0o755,
                300,
                0
            )),
            Some(300)
        );
    }

    #[test]
    fn human() {
        assert_eq!(human_bytes(12), "12 B");
        assert_eq!(human_bytes(8 * 1024 * 1024), "8.0 MiB");
    }
}
