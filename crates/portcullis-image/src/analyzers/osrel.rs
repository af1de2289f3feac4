//! OS detection: `/etc/os-release`, `/usr/lib/os-release`, `alpine-release`, `debian_version`,
//! `redhat-release`.

use super::{Analyzer, Claim, FileRef, OsSource, Output};
use crate::entry::Entry;
use portcullis_core::Distro;

pub struct OsRelease;

impl Analyzer for OsRelease {
    fn name(&self) -> &'static str {
        "os-release"
    }

    fn claim(&self, path: &str, _: &Entry<'_>) -> Claim {
        match path {
            "/etc/os-release"
            | "/usr/lib/os-release"
            | "/etc/alpine-release"
            | "/etc/debian_version"
            | "/etc/redhat-release" => Claim::Bytes(64 * 1024),
            _ => Claim::Skip,
        }
    }

    fn analyze(&self, file: &FileRef<'_>, data: &[u8], out: &mut Output) {
        let text = String::from_utf8_lossy(data);
        let hint = match file.path {
            "/etc/os-release" => parse_os_release(&text).map(|d| (OsSource::EtcOsRelease, d)),
            "/usr/lib/os-release" => {
                parse_os_release(&text).map(|d| (OsSource::UsrLibOsRelease, d))
            }
            "/etc/alpine-release" => first_line(&text).map(|v| {
                (
                    OsSource::AlpineRelease,
                    Distro {
                        id: "alpine".into(),
                        version_id: v.to_string(),
                        ..Distro::default()
                    },
                )
            }),
            "/etc/debian_version" => first_line(&text).map(|v| {
                // `12.5` -> `12`; `bookworm/sid` stays as written.
                let major = v.split('.').next().unwrap_or(v);
                let version_id = if major.chars().all(|c| c.is_ascii_digit()) {
                    major.to_string()
                } else {
                    v.to_string()
                };
                (
                    OsSource::DebianVersion,
                    Distro {
                        id: "debian".into(),
                        version_id,
                        ..Distro::default()
                    },
                )
            }),
            "/etc/redhat-release" => first_line(&text)
                .and_then(parse_redhat_release)
                .map(|d| (OsSource::RedhatRelease, d)),
            _ => None,
        };
        if let Some(h) = hint {
            out.os.push(h);
        }
    }
}

fn first_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|l| !l.is_empty())
}

/// `KEY=value` lines, values optionally quoted (shell-style).
pub fn parse_os_release(text: &str) -> Option<Distro> {
    let mut d = Distro::default();
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('#') {
            continue;
        }
        let Some((k, v)) = line.split_once('=') else {
            continue;
        };
        let v = unquote(v.trim());
        match k.trim() {
            "ID" => d.id = v.to_ascii_lowercase(),
            "VERSION_ID" => d.version_id = v,
            "VERSION_CODENAME" if !v.is_empty() => d.codename = Some(v),
            "PRETTY_NAME" if !v.is_empty() => d.pretty_name = Some(v),
            _ => {}
        }
    }
    (!d.id.is_empty()).then_some(d)
}

fn unquote(v: &str) -> String {
    let b = v.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        v[1..v.len() - 1]
            .replace("\\\"", "\"")
            .replace("\\\\", "\\")
    } else {
        v.to_string()
    }
}

/// `CentOS Linux release 7.9.2009 (Core)`, `Red Hat Enterprise Linux release 8.9 (Ootpa)`.
fn parse_redhat_release(line: &str) -> Option<Distro> {
    let (name, rest) = line.split_once(" release ")?;
    let version = rest.split_whitespace().next()?.to_string();
    let lname = name.to_ascii_lowercase();
    let id = if lname.contains("centos") {
        "centos"
    } else if lname.contains("rocky") {
        "rocky"
    } else if lname.contains("alma") {
        "almalinux"
    } else if lname.contains("fedora") {
        "fedora"
    } else if lname.contains("oracle") {
        "ol"
    } else {
        "rhel"
    };
    Some(Distro {
        id: id.into(),
        version_id: version,
        pretty_name: Some(line.to_string()),
        ..Distro::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn os_release_and_redhat_release() {
        let d = parse_os_release(
            "PRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\nVERSION_ID=\"12\"\nVERSION_CODENAME=bookworm\n",
        )
        .unwrap();
        assert_eq!((d.id.as_str(), d.version_id.as_str()), ("debian", "12"));
        assert_eq!(d.codename.as_deref(), Some("bookworm"));
        let r = parse_redhat_release("CentOS Linux release 7.9.2009 (Core)").unwrap();
        assert_eq!(
            (r.id.as_str(), r.version_id.as_str()),
            ("centos", "7.9.2009")
        );
    }
}
