//! Value formats of the label schema: URL, RFC 3339 time, SPDX expression, git hash, semantic
//! version, e-mail address. Hand-written and strict, no dependencies.

use std::collections::HashSet;
use std::sync::LazyLock;

/// An absolute URI (RFC 3986): `scheme:rest`, no spaces or characters that must be escaped.
pub fn is_url(v: &str) -> bool {
    let Some((scheme, rest)) = v.split_once(':') else {
        return false;
    };
    let mut sc = scheme.chars();
    sc.next().is_some_and(|c| c.is_ascii_alphabetic())
        && sc.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        && !rest.is_empty()
        && percent_ok(rest)
        && rest
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/?#[]@!$&'()*+,;=%".contains(c))
}

fn percent_ok(s: &str) -> bool {
    let b = s.as_bytes();
    b.iter()
        .enumerate()
        .filter(|(_, c)| **c == b'%')
        .all(|(i, _)| {
            b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit)
        })
}

/// `2024-05-01T12:30:00Z`, `2024-05-01t12:30:00.5+02:00`, `2024-05-01 12:30:00-05:00`.
pub fn is_rfc3339(v: &str) -> bool {
    let b = v.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = v.get(r)?;
        if s.bytes().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else {
            None
        }
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || !matches!(b[10], b'T' | b't' | b' ')
        || b[13] != b':'
        || b[16] != b':'
    {
        return false;
    }
    let (Some(y), Some(mo), Some(d), Some(h), Some(mi), Some(s)) = (
        num(0..4),
        num(5..7),
        num(8..10),
        num(11..13),
        num(14..16),
        num(17..19),
    ) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match mo {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    if d == 0 || d > days || h > 23 || mi > 59 || s > 60 {
        return false;
    }
    let mut rest = &v[19..];
    if let Some(frac) = rest.strip_prefix('.') {
        let n = frac.bytes().take_while(u8::is_ascii_digit).count();
        if n == 0 {
            return false;
        }
        rest = &frac[n..];
    }
    match rest {
        "Z" | "z" => true,
        _ => {
            let o = rest.as_bytes();
            o.len() == 6
                && matches!(o[0], b'+' | b'-')
                && o[3] == b':'
                && rest[1..3].parse::<u32>().is_ok_and(|h| h <= 23)
                && rest[4..6].parse::<u32>().is_ok_and(|m| m <= 59)
                && rest[1..]
                    .bytes()
                    .filter(|c| *c != b':')
                    .all(|c| c.is_ascii_digit())
        }
    }
}

static SPDX: LazyLock<(HashSet<String>, HashSet<String>)> = LazyLock::new(|| {
    let mut ids = HashSet::new();
    let mut exceptions = HashSet::new();
    let mut in_exceptions = false;
    for l in include_str!("spdx_ids.txt").lines() {
        match l {
            "" => {}
            _ if l.starts_with('#') => {}
            "exceptions:" => in_exceptions = true,
            _ if in_exceptions => {
                exceptions.insert(l.to_ascii_lowercase());
            }
            _ => {
                ids.insert(l.to_ascii_lowercase());
            }
        }
    }
    (ids, exceptions)
});

/// An SPDX license expression: `MIT`, `Apache-2.0 OR MIT`, `GPL-2.0-or-later WITH
/// Classpath-exception-2.0`, `(MIT AND BSD-3-Clause)`, `LicenseRef-Proprietary`.
pub fn is_spdx(v: &str) -> bool {
    let spaced = v.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut p = SpdxParser { t: &tokens, i: 0 };
    !tokens.is_empty() && p.or() && p.i == tokens.len()
}

struct SpdxParser<'a> {
    t: &'a [&'a str],
    i: usize,
}

impl SpdxParser<'_> {
    fn op(&mut self, name: &str) -> bool {
        let hit = self
            .t
            .get(self.i)
            .is_some_and(|t| *t == name || *t == name.to_ascii_lowercase());
        if hit {
            self.i += 1;
        }
        hit
    }
    fn or(&mut self) -> bool {
        self.and() && (!self.op("OR") || self.or())
    }
    fn and(&mut self) -> bool {
        self.with() && (!self.op("AND") || self.and())
    }
    fn with(&mut self) -> bool {
        if !self.atom() {
            return false;
        }
        if self.op("WITH") {
            let Some(e) = self.t.get(self.i) else {
                return false;
            };
            self.i += 1;
            return SPDX.1.contains(&e.to_ascii_lowercase()) || is_ref(e, "AdditionRef-");
        }
        true
    }
    fn atom(&mut self) -> bool {
        let Some(t) = self.t.get(self.i).copied() else {
            return false;
        };
        self.i += 1;
        if t == "(" {
            return self.or() && self.t.get(self.i) == Some(&")") && {
                self.i += 1;
                true
            };
        }
        if is_ref(t, "LicenseRef-") {
            return true;
        }
        let id = t.strip_suffix('+').unwrap_or(t);
        SPDX.0.contains(&id.to_ascii_lowercase())
    }
}

/// `LicenseRef-x` or `DocumentRef-y:LicenseRef-x` (likewise `AdditionRef-`).
fn is_ref(t: &str, prefix: &str) -> bool {
    let idstring = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
    };
    let t = match t.split_once(':') {
        Some((doc, rest)) if doc.strip_prefix("DocumentRef-").is_some_and(idstring) => rest,
        Some(_) => return false,
        None => t,
    };
    t.strip_prefix(prefix).is_some_and(idstring)
}

/// A git commit id: 7 to 40 lowercase hex digits (abbreviated or full SHA-1), or 64 (SHA-256).
pub fn is_git_hash(v: &str) -> bool {
    ((7..=40).contains(&v.len()) || v.len() == 64)
        && v.bytes()
            .all(|c| c.is_ascii_digit() || (b'a'..=b'f').contains(&c))
}

/// Semantic Versioning 2.0.0: `1.2.3`, `1.0.0-rc.1+build.5`; no `v` prefix, no leading zeros.
pub fn is_semver(v: &str) -> bool {
    let (rest, build) = match v.split_once('+') {
        Some((r, b)) => (r, Some(b)),
        None => (v, None),
    };
    let (core, pre) = match rest.split_once('-') {
        Some((c, p)) => (c, Some(p)),
        None => (rest, None),
    };
    let numeric = |s: &str| {
        !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()) && (s == "0" || !s.starts_with('0'))
    };
    let ident =
        |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-');
    let parts: Vec<&str> = core.split('.').collect();
    parts.len() == 3
        && parts.iter().all(|p| numeric(p))
        && pre.is_none_or(|p| {
            p.split('.')
                .all(|i| ident(i) && (!i.bytes().all(|c| c.is_ascii_digit()) || numeric(i)))
        })
        && build.is_none_or(|b| b.split('.').all(ident))
}

/// An RFC 5322 addr-spec: `local@domain`, dot-atom or quoted local part, host name or
/// `[address]` domain.
pub fn is_email(v: &str) -> bool {
    let Some(at) = v.rfind('@') else { return false };
    let (local, domain) = (&v[..at], &v[at + 1..]);
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+/=?^_`{|}~-".contains(c);
    let local_ok = if local.len() >= 2 && local.starts_with('"') && local.ends_with('"') {
        local[1..local.len() - 1]
            .chars()
            .all(|c| c.is_ascii() && !c.is_ascii_control() && c != '"' || c == ' ')
    } else {
        !local.is_empty()
            && local
                .split('.')
                .all(|p| !p.is_empty() && p.chars().all(atext))
    };
    let domain_ok = if domain.starts_with('[') && domain.ends_with(']') {
        domain.len() > 2
            && domain[1..domain.len() - 1]
                .chars()
                .all(|c| c.is_ascii_graphic() && !"[]\\".contains(c))
    } else {
        !domain.is_empty()
            && domain.split('.').all(|l| {
                !l.is_empty()
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
            })
    };
    local_ok && domain_ok && local.len() <= 64 && domain.len() <= 255
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        for ok in [
            "https://example.com/x?y=1#z",
            "git+ssh://git@host/repo.git",
            "mailto:a@b.c",
            "urn:isbn:0451450523",
        ] {
            assert!(is_url(ok), "{ok}");
        }
        for bad in [
            "example.com",
            "https//x",
            "1http://x",
            "http://a b",
            "http:",
            "",
            "http://x/%zz",
        ] {
            assert!(!is_url(bad), "{bad}");
        }
    }

    #[test]
    fn times() {
        for ok in [
            "2024-02-29T23:59:60Z",
            "2024-05-01t12:30:00.123+02:00",
            "2024-05-01 00:00:00-05:30",
        ] {
            assert!(is_rfc3339(ok), "{ok}");
        }
        for bad in [
            "2023-02-29T00:00:00Z",
            "2024-05-01",
            "2024-05-01T12:30:00",
            "2024-13-01T00:00:00Z",
            "2024-05-01T24:00:00Z",
            "2024-05-01T12:30:00.Z",
            "2024-05-01T12:30:00+2:00",
            "now",
            "2024-05-01T12:30:00+02:0x",
            "２０２４-05-01T12:30:00Z",
        ] {
            assert!(!is_rfc3339(bad), "{bad}");
        }
    }

    #[test]
    fn spdx() {
        for ok in [
            "MIT",
            "mit",
            "Apache-2.0 OR MIT",
            "(MIT AND BSD-3-Clause) or Apache-2.0",
            "GPL-2.0-or-later WITH Classpath-exception-2.0",
            "GPL-2.0+",
            "LicenseRef-Proprietary",
            "DocumentRef-spdx-tool-1.2:LicenseRef-MIT-Style-2",
        ] {
            assert!(is_spdx(ok), "{ok}");
        }
        for bad in [
            "",
            "Apache 2",
            "MIT OR",
            "(MIT",
            "MIT)",
            "MIT WITH Apache-2.0",
            "proprietary",
            "MIT Or Apache-2.0",
        ] {
            assert!(!is_spdx(bad), "{bad}");
        }
    }

    #[test]
    fn hashes_and_versions() {
        assert!(
            is_git_hash("0d1e2f3") && is_git_hash(&"a".repeat(40)) && is_git_hash(&"b".repeat(64))
        );
        assert!(
            !is_git_hash("abc")
                && !is_git_hash("0D1E2F3")
                && !is_git_hash(&"a".repeat(41))
                && !is_git_hash("main")
        );
        for ok in [
            "0.0.0",
            "1.2.3",
            "10.20.30-rc.1+build.5",
            "1.0.0-alpha-a.b-c",
            "1.0.0+001",
        ] {
            assert!(is_semver(ok), "{ok}");
        }
        for bad in [
            "v1.2.3",
            "1.2",
            "01.2.3",
            "1.2.3-01",
            "1.2.3-",
            "1.2.3+",
            "1.2.3-a..b",
            "1.2.x",
        ] {
            assert!(!is_semver(bad), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for ok in [
            "ops@example.com",
            "first.last+tag@sub.example.org",
            "\"odd name\"@example.com",
            "root@localhost",
            "a@[192.0.2.1]",
        ] {
            assert!(is_email(ok), "{ok}");
        }
        for bad in [
            "Jane Doe <jane@example.com>",
            "jane",
            "@example.com",
            "jane@",
            "a..b@x.com",
            "a@-x.com",
            "a@x..com",
            "a b@x.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }
}
