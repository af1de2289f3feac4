//! Executables: Go build information (`\xff Go buildinf:`, Go ≥ 1.18 inline format) and
//! cargo-auditable dependency lists (the zlib-compressed JSON of the ELF `.dep-v0` section).

use super::{Analyzer, Claim, FileRef, Output, Problem, lang_package};
use crate::entry::Entry;
use crate::purl;
use portcullis_core::PackageKind;
use std::io::Read;

pub struct Binaries;

const GO_MAGIC: &[u8] = b"\xff Go buildinf:";

impl Analyzer for Binaries {
    fn name(&self) -> &'static str {
        "binaries"
    }

    fn claim(&self, _path: &str, entry: &Entry<'_>) -> Claim {
        if entry.mode & 0o111 != 0 && entry.size >= 1024 {
            Claim::Binary
        } else {
            Claim::Skip
        }
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        if !data.starts_with(b"\x7fELF") && !data.starts_with(b"MZ") && !is_macho(data) {
            return;
        }
        if let Some(i) = memchr::memmem::find(data, GO_MAGIC) {
            go_buildinfo(file.path, &data[i..], out);
        }
        if data.starts_with(b"\x7fELF")
            && let Some(sec) = elf_section(data, ".dep-v0")
        {
            auditable(file.path, sec, out);
        }
    }

    fn analyze_stream(&self, file: &FileRef<'_>, reader: &mut dyn Read, out: &mut Output) {
        // Large binaries: look for Go build info in a sliding window.
        let mut head = [0u8; 4];
        if reader.read_exact(&mut head).is_err()
            || (&head != b"\x7fELF" && &head[..2] != b"MZ" && !is_macho(&head))
        {
            return;
        }
        let mut window: Vec<u8> = Vec::with_capacity(1 << 20);
        let mut chunk = vec![0u8; 256 * 1024];
        loop {
            let n = match reader.read(&mut chunk) {
                Ok(0) | Err(_) => return,
                Ok(n) => n,
            };
            window.extend_from_slice(&chunk[..n]);
            if let Some(i) = memchr::memmem::find(&window, GO_MAGIC) {
                // Build info is at most a few hundred KiB after the header.
                let mut info = window[i..].to_vec();
                let _ = reader.take(512 * 1024).read_to_end(&mut info);
                go_buildinfo(file.path, &info, out);
                return;
            }
            let keep = GO_MAGIC.len();
            if window.len() > keep {
                window.drain(..window.len() - keep);
            }
        }
    }
}

fn is_macho(d: &[u8]) -> bool {
    d.len() >= 4
        && matches!(
            [d[0], d[1], d[2], d[3]],
            [0xcf, 0xfa, 0xed, 0xfe] | [0xce, 0xfa, 0xed, 0xfe] | [0xfe, 0xed, 0xfa, 0xcf]
        )
}

fn uvarint(b: &[u8]) -> Option<(u64, usize)> {
    let mut x = 0u64;
    let mut s = 0u32;
    for (i, &c) in b.iter().enumerate().take(10) {
        if c < 0x80 {
            return Some((x | (c as u64) << s, i + 1));
        }
        x |= ((c & 0x7f) as u64) << s;
        s += 7;
    }
    None
}

/// Parses Go build info starting at the magic. Only the inline-string format (Go ≥ 1.18).
pub fn go_buildinfo(path: &str, b: &[u8], out: &mut Output) {
    if b.len() < 32 {
        return;
    }
    let flags = b[15];
    if flags & 2 == 0 {
        out.problems.push(Problem {
            rule: &crate::rules::PackageDbUnsupported::META,
            message: format!("{path}: Go binary built before Go 1.18; its module list is not read"),
        });
        return;
    }
    let mut rest = &b[32..];
    let mut strings = Vec::new();
    for _ in 0..2 {
        let Some((len, n)) = uvarint(rest) else {
            return out.unparsable(path, "Go build info: bad length");
        };
        let len = len as usize;
        let Some(s) = rest.get(n..n + len) else {
            return out.unparsable(path, "Go build info cut short");
        };
        strings.push(s);
        rest = &rest[n + len..];
    }
    let go_version = String::from_utf8_lossy(strings[0]).into_owned();
    let mut modinfo = strings[1];
    if modinfo.len() >= 33 && modinfo[modinfo.len() - 17] == b'\n' {
        modinfo = &modinfo[16..modinfo.len() - 16];
    }
    let modinfo = String::from_utf8_lossy(modinfo);
    let mut pkgs: Vec<(String, String)> = Vec::new();
    for line in modinfo.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f.as_slice() {
            ["mod", p, v, ..] if *v != "(devel)" && !v.is_empty() => {
                pkgs.push((p.to_string(), v.to_string()))
            }
            ["dep", p, v, ..] => pkgs.push((p.to_string(), v.to_string())),
            ["=>", p, v, ..] => {
                if let Some(last) = pkgs.last_mut() {
                    *last = (p.to_string(), v.to_string());
                }
            }
            _ => {}
        }
    }
    if let Some(v) = go_version.strip_prefix("go") {
        let v = v.split([' ', '+']).next().unwrap_or(v);
        pkgs.push(("stdlib".into(), format!("v{v}")));
    }
    for (p, v) in pkgs {
        let (ns, name) = match p.rsplit_once('/') {
            Some((ns, n)) => (Some(ns), n),
            None => (None, p.as_str()),
        };
        out.packages.push(lang_package(
            PackageKind::Go,
            &p,
            &v,
            purl::build("golang", ns, name, &v, &[]),
            path,
        ));
    }
}

/// The bytes of a named ELF section (32/64-bit, either endianness).
pub fn elf_section<'a>(d: &'a [u8], want: &str) -> Option<&'a [u8]> {
    let class64 = *d.get(4)? == 2;
    let le = *d.get(5)? == 1;
    let u16_at = |o: usize| -> Option<u64> {
        let s = d.get(o..o + 2)?;
        Some(if le {
            u16::from_le_bytes([s[0], s[1]])
        } else {
            u16::from_be_bytes([s[0], s[1]])
        } as u64)
    };
    let u32_at = |o: usize| -> Option<u64> {
        let s: [u8; 4] = d.get(o..o + 4)?.try_into().ok()?;
        Some(if le {
            u32::from_le_bytes(s)
        } else {
            u32::from_be_bytes(s)
        } as u64)
    };
    let u64_at = |o: usize| -> Option<u64> {
        let s: [u8; 8] = d.get(o..o + 8)?.try_into().ok()?;
        Some(if le {
            u64::from_le_bytes(s)
        } else {
            u64::from_be_bytes(s)
        })
    };
    let word = |o: usize| if class64 { u64_at(o) } else { u32_at(o) };
    let (shoff, shentsize, shnum, shstrndx) = if class64 {
        (u64_at(0x28)?, u16_at(0x3a)?, u16_at(0x3c)?, u16_at(0x3e)?)
    } else {
        (u32_at(0x20)?, u16_at(0x2e)?, u16_at(0x30)?, u16_at(0x32)?)
    };
    if shnum == 0 || shnum > 10_000 {
        return None;
    }
    let sec = |i: u64| -> Option<(u64, u64, u64)> {
        let base = (shoff + i * shentsize) as usize;
        let name = u32_at(base)?;
        let (off, size) = if class64 {
            (word(base + 0x18)?, word(base + 0x20)?)
        } else {
            (word(base + 0x10)?, word(base + 0x14)?)
        };
        Some((name, off, size))
    };
    let (_, str_off, str_size) = sec(shstrndx)?;
    let strtab = d.get(str_off as usize..(str_off + str_size) as usize)?;
    for i in 0..shnum {
        let (name, off, size) = sec(i)?;
        let n = strtab.get(name as usize..)?;
        let end = n.iter().position(|&c| c == 0)?;
        if &n[..end] == want.as_bytes() {
            return d.get(off as usize..(off + size) as usize);
        }
    }
    None
}

#[derive(serde::Deserialize)]
struct Audit {
    packages: Vec<AuditPkg>,
}

#[derive(serde::Deserialize)]
struct AuditPkg {
    name: String,
    version: String,
    #[serde(default)]
    source: Option<String>,
}

fn auditable(path: &str, sec: &[u8], out: &mut Output) {
    let mut json = Vec::new();
    if let Err(e) = flate2::read::ZlibDecoder::new(sec)
        .take(8 << 20)
        .read_to_end(&mut json)
    {
        return out.unparsable(path, format!("cargo-auditable section: {e}"));
    }
    let audit: Audit = match serde_json::from_slice(&json) {
        Ok(a) => a,
        Err(e) => return out.unparsable(path, format!("cargo-auditable JSON: {e}")),
    };
    for p in audit.packages {
        if p.source.as_deref().is_some_and(|s| s == "local") {
            continue;
        }
        out.packages.push(lang_package(
            PackageKind::Cargo,
            &p.name,
            &p.version,
            purl::build("cargo", None, &p.name, &p.version, &[]),
            path,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn varint(mut n: usize, out: &mut Vec<u8>) {
        while n >= 0x80 {
            out.push((n as u8) | 0x80);
            n >>= 7;
        }
        out.push(n as u8);
    }

    /// Go ≥ 1.18 build info as the linker lays it out (header, then two varint strings).
    fn go_blob(version: &str, modinfo: &str) -> Vec<u8> {
        let mut b = b"\x7fELF".to_vec();
        b.extend_from_slice(&[0u8; 60]);
        b.extend_from_slice(GO_MAGIC);
        b.push(8); // pointer size
        b.push(2); // flags: inline strings
        b.extend_from_slice(&[0u8; 16]);
        varint(version.len(), &mut b);
        b.extend_from_slice(version.as_bytes());
        let mut m = vec![0x30u8; 16];
        m.extend_from_slice(modinfo.as_bytes());
        m.extend_from_slice(&[0x31u8; 16]);
        varint(m.len(), &mut b);
        b.extend(m);
        b
    }

    #[test]
    fn go_build_info_modules_and_replacements() {
        let info = "path\texample.com/app\nmod\texample.com/app\t(devel)\t\ndep\tgolang.org/x/net\tv0.17.0\th1:abc=\ndep\tgithub.com/old/lib\tv1.0.0\th1:x=\n=>\tgithub.com/new/lib\tv1.2.3\th1:y=\nbuild\t-compiler=gc\n";
        let blob = go_blob("go1.22.4", info);
        let mut out = Output::default();
        Binaries.analyze(
            &FileRef {
                path: "/app/server",
                size: blob.len() as u64,
                complete: true,
            },
            &blob,
            &mut out,
        );
        let got: Vec<(&str, &str)> = out
            .packages
            .iter()
            .map(|p| (p.name.as_str(), p.version.as_str()))
            .collect();
        assert_eq!(
            got,
            vec![
                ("golang.org/x/net", "v0.17.0"),
                ("github.com/new/lib", "v1.2.3"),
                ("stdlib", "v1.22.4")
            ]
        );
        assert_eq!(out.packages[0].purl, "pkg:golang/golang.org/x/net@v0.17.0");
        // The same through the streaming path, with the build info far into the file.
        let mut big = vec![0u8; 3 << 20];
        big[..4].copy_from_slice(b"\x7fELF");
        big.extend_from_slice(&blob[64..]);
        let mut out2 = Output::default();
        Binaries.analyze_stream(
            &FileRef {
                path: "/app/server",
                size: big.len() as u64,
                complete: false,
            },
            &mut &big[..],
            &mut out2,
        );
        assert_eq!(out2.packages, out.packages);
    }

    /// A minimal ELF64 little-endian file with a `.dep-v0` section and a section name table.
    fn elf_with_dep_v0(section: &[u8]) -> Vec<u8> {
        let shstr = b"\0.dep-v0\0.shstrtab\0";
        let mut d = vec![0u8; 64];
        d[..4].copy_from_slice(b"\x7fELF");
        d[4] = 2;
        d[5] = 1;
        let sec_off = d.len();
        d.extend_from_slice(section);
        let str_off = d.len();
        d.extend_from_slice(shstr);
        while d.len() % 8 != 0 {
            d.push(0);
        }
        let shoff = d.len();
        let mut sh = |name: u32, off: usize, size: usize| {
            let mut e = vec![0u8; 64];
            e[..4].copy_from_slice(&name.to_le_bytes());
            e[0x18..0x20].copy_from_slice(&(off as u64).to_le_bytes());
            e[0x20..0x28].copy_from_slice(&(size as u64).to_le_bytes());
            e
        };
        let headers = [
            sh(0, 0, 0),
            sh(1, sec_off, section.len()),
            sh(9, str_off, shstr.len()),
        ];
        for h in headers {
            d.extend(h);
        }
        d[0x28..0x30].copy_from_slice(&(shoff as u64).to_le_bytes());
        d[0x3a..0x3c].copy_from_slice(&64u16.to_le_bytes());
        d[0x3c..0x3e].copy_from_slice(&3u16.to_le_bytes());
        d[0x3e..0x40].copy_from_slice(&2u16.to_le_bytes());
        d
    }

    #[test]
    fn cargo_auditable_section() {
        let json = br#"{"packages":[{"name":"app","version":"0.1.0","source":"local","kind":"runtime","root":true},{"name":"regex","version":"1.5.4","source":"crates.io","kind":"runtime","dependencies":[]}]}"#;
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(json).unwrap();
        let elf = elf_with_dep_v0(&z.finish().unwrap());
        let mut out = Output::default();
        Binaries.analyze(
            &FileRef {
                path: "/usr/bin/app",
                size: elf.len() as u64,
                complete: true,
            },
            &elf,
            &mut out,
        );
        assert_eq!(out.packages.len(), 1);
        assert_eq!(
            (
                out.packages[0].name.as_str(),
                out.packages[0].version.as_str()
            ),
            ("regex", "1.5.4")
        );
        assert_eq!(out.packages[0].purl, "pkg:cargo/regex@1.5.4");
        // A corrupt section is a finding.
        let bad = elf_with_dep_v0(b"not zlib");
        let mut out = Output::default();
        Binaries.analyze(
            &FileRef {
                path: "/usr/bin/bad",
                size: 1,
                complete: true,
            },
            &bad,
            &mut out,
        );
        assert_eq!(out.problems.len(), 1);
    }
}
