//! rpm: the sqlite rpmdb (`rpmdb.sqlite`, RPM ≥ 4.16: Fedora ≥ 33, RHEL ≥ 9) read in memory,
//! each row's header blob parsed. Berkeley DB (`Packages`) and NDB (`Packages.db`) databases
//! are reported as unsupported (`PC014`), never silently skipped.

use super::{Analyzer, Claim, FileRef, Output, Problem};
use crate::entry::Entry;
use portcullis_core::{Package, PackageKind};

pub struct Rpm {
    pub max: u64,
}

const DIRS: [&str; 3] = ["/var/lib/rpm/", "/usr/lib/sysimage/rpm/", "/usr/share/rpm/"];

impl Analyzer for Rpm {
    fn name(&self) -> &'static str {
        "rpm"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        for d in DIRS {
            if let Some(name) = path.strip_prefix(d) {
                return match name {
                    "rpmdb.sqlite" => Claim::Bytes(self.max.max(256 << 20)),
                    "Packages" | "Packages.db" => Claim::Bytes(16),
                    _ => Claim::Skip,
                };
            }
        }
        Claim::Skip
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        if !file.path.ends_with("rpmdb.sqlite") {
            if file.size > 0 {
                out.problems.push(Problem {
                    rule: &crate::rules::PackageDbUnsupported::META,
                    message: format!(
                        "{}: {} rpm database is not read yet; its packages are missing from the inventory",
                        file.path,
                        if file.path.ends_with(".db") {
                            "an NDB"
                        } else {
                            "a Berkeley DB"
                        }
                    ),
                });
            }
            return;
        }
        if !file.complete {
            out.too_large(file);
            return;
        }
        match read_sqlite(file.path, data, out) {
            Ok(()) => {}
            Err(e) => out.unparsable(file.path, e),
        }
    }
}

fn read_sqlite(path: &str, data: &[u8], out: &mut Output) -> Result<(), String> {
    let mut conn = rusqlite::Connection::open_in_memory().map_err(|e| e.to_string())?;
    conn.deserialize_read_exact(rusqlite::MAIN_DB, data, data.len(), true)
        .map_err(|e| format!("not an sqlite database ({e})"))?;
    let mut stmt = conn
        .prepare("SELECT blob FROM Packages")
        .map_err(|e| format!("no Packages table ({e})"))?;
    let rows = stmt
        .query_map([], |r| r.get::<_, Vec<u8>>(0))
        .map_err(|e| e.to_string())?;
    for (i, row) in rows.enumerate() {
        let blob = row.map_err(|e| e.to_string())?;
        match parse_header(&blob) {
            Ok(Some(p)) => out.packages.push(Package {
                found_in: path.to_string(),
                ..p
            }),
            Ok(None) => {}
            Err(e) => out.unparsable(path, format!("package header {}: {e}", i + 1)),
        }
    }
    Ok(())
}

const TAG_NAME: u32 = 1000;
const TAG_VERSION: u32 = 1001;
const TAG_RELEASE: u32 = 1002;
const TAG_EPOCH: u32 = 1003;
const TAG_LICENSE: u32 = 1014;
const TAG_ARCH: u32 = 1022;
const TAG_SOURCERPM: u32 = 1044;

/// Parses an rpm header blob (as stored in the rpmdb: no lead, no magic): a count of index
/// entries, the data length, 16-byte index entries (tag, type, offset, count), then the data.
pub fn parse_header(b: &[u8]) -> Result<Option<Package>, String> {
    let be = |o: usize| -> Result<u32, String> {
        b.get(o..o + 4)
            .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
            .ok_or_else(|| "header cut short".to_string())
    };
    let il = be(0)? as usize;
    let dl = be(4)? as usize;
    if il > 100_000 || dl > b.len() {
        return Err("implausible header sizes".into());
    }
    let data_start = 8 + il * 16;
    let data = b
        .get(data_start..data_start + dl)
        .ok_or("header data cut short")?;
    let mut name = None;
    let mut version = None;
    let mut release = None;
    let mut epoch = None;
    let mut arch = None;
    let mut license = None;
    let mut srpm = None;
    for i in 0..il {
        let o = 8 + i * 16;
        let tag = be(o)?;
        let ty = be(o + 4)?;
        let off = be(o + 8)? as usize;
        let string = || -> Option<String> {
            if ty != 6 && ty != 8 && ty != 9 {
                return None;
            }
            let s = data.get(off..)?;
            let end = s.iter().position(|&c| c == 0)?;
            Some(String::from_utf8_lossy(&s[..end]).into_owned())
        };
        match tag {
            TAG_NAME => name = string(),
            TAG_VERSION => version = string(),
            TAG_RELEASE => release = string(),
            TAG_ARCH => arch = string(),
            TAG_LICENSE => license = string(),
            TAG_SOURCERPM => srpm = string(),
            TAG_EPOCH if ty == 4 => {
                epoch = data
                    .get(off..off + 4)
                    .map(|s| u32::from_be_bytes([s[0], s[1], s[2], s[3]]))
            }
            _ => {}
        }
    }
    let name = name.ok_or("no NAME tag")?;
    if name == "gpg-pubkey" {
        return Ok(None);
    }
    let version = version.ok_or("no VERSION tag")?;
    let release = release.ok_or("no RELEASE tag")?;
    let evr = match epoch {
        Some(e) if e > 0 => format!("{e}:{version}-{release}"),
        _ => format!("{version}-{release}"),
    };
    let (src_name, src_ver) = srpm
        .as_deref()
        .and_then(split_srpm)
        .map(|(n, v)| (Some(n), Some(v)))
        .unwrap_or((None, None));
    let src_ver = src_ver.map(|v| match epoch {
        Some(e) if e > 0 => format!("{e}:{v}"),
        _ => v,
    });
    Ok(Some(Package {
        kind: PackageKind::Rpm,
        source_name: src_name.filter(|s| *s != name),
        source_version: src_ver.filter(|v| *v != evr),
        name,
        version: evr,
        arch: arch.filter(|a| a != "(none)"),
        purl: String::new(),
        licenses: license.into_iter().collect(),
        found_in: String::new(),
        layer_index: None,
        layer_digest: None,
    }))
}

/// `openssl-3.0.7-27.el9.src.rpm` -> (`openssl`, `3.0.7-27.el9`).
fn split_srpm(s: &str) -> Option<(String, String)> {
    let base = s
        .strip_suffix(".src.rpm")
        .or_else(|| s.strip_suffix(".nosrc.rpm"))?;
    let (rest, release) = base.rsplit_once('-')?;
    let (name, version) = rest.rsplit_once('-')?;
    Some((name.to_string(), format!("{version}-{release}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(entries: &[(u32, u32, &[u8])]) -> Vec<u8> {
        let mut data = Vec::new();
        let mut index = Vec::new();
        for (tag, ty, val) in entries {
            index.extend_from_slice(&tag.to_be_bytes());
            index.extend_from_slice(&ty.to_be_bytes());
            index.extend_from_slice(&(data.len() as u32).to_be_bytes());
            index.extend_from_slice(&1u32.to_be_bytes());
            data.extend_from_slice(val);
        }
        let mut b = Vec::new();
        b.extend_from_slice(&(entries.len() as u32).to_be_bytes());
        b.extend_from_slice(&(data.len() as u32).to_be_bytes());
        b.extend(index);
        b.extend(data);
        b
    }

    #[test]
    fn header_blob_fields() {
        let h = header(&[
            (TAG_NAME, 6, b"openssl-libs\0"),
            (TAG_VERSION, 6, b"3.0.7\0"),
            (TAG_RELEASE, 6, b"27.el9\0"),
            (TAG_EPOCH, 4, &1u32.to_be_bytes()),
            (TAG_ARCH, 6, b"x86_64\0"),
            (TAG_SOURCERPM, 6, b"openssl-3.0.7-27.el9.src.rpm\0"),
        ]);
        let p = parse_header(&h).unwrap().unwrap();
        assert_eq!(p.name, "openssl-libs");
        assert_eq!(p.version, "1:3.0.7-27.el9");
        assert_eq!(p.source_name.as_deref(), Some("openssl"));
        assert_eq!(p.source_version, None);
        assert!(parse_header(&h[..20]).is_err());
    }
}
