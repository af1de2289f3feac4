//! SemVer 2.0 ordering (crates.io, npm, OSV `SEMVER` ranges) and Go module versions.
//!
//! Tolerant of what real advisory data and lock files contain: a leading `v`, missing minor or
//! patch (`1.2` = `1.2.0`), leading zeros, numbers of any size, and extra components
//! (`1.1.3.4`: past patch they are build data, ignored). Pre-release identifiers compare as SemVer says (numeric
//! identifiers numerically and below alphanumeric ones, which compare in ASCII order; fewer
//! identifiers first); build metadata (`+…`, including Go's `+incompatible`) is ignored.
//!
//! Go pseudo-versions (`v0.0.0-20210101000000-abcdef123456`,
//! `v1.2.4-0.20210101000000-abcdef123456`) are SemVer pre-releases and order correctly as such.

use super::cmp_digits;
use std::cmp::Ordering;

struct Parts<'a> {
    core: &'a str,
    pre: Option<&'a str>,
}

fn parts(v: &str) -> Parts<'_> {
    let v = v.trim();
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let v = match v.find('+') {
        Some(i) => &v[..i],
        None => v,
    };
    match v.find('-') {
        Some(i) => Parts {
            core: &v[..i],
            pre: Some(&v[i + 1..]),
        },
        None => Parts { core: v, pre: None },
    }
}

fn cmp_ident(a: &str, b: &str) -> Ordering {
    let an = !a.is_empty() && a.bytes().all(|c| c.is_ascii_digit());
    let bn = !b.is_empty() && b.bytes().all(|c| c.is_ascii_digit());
    match (an, bn) {
        (true, true) => cmp_digits(a.as_bytes(), b.as_bytes()),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a.cmp(b),
    }
}

fn cmp_core(a: &str, b: &str) -> Ordering {
    let mut x = a.split('.');
    let mut y = b.split('.');
    // Missing major/minor/patch are 0; components past patch are build data, ignored.
    for _ in 0..3 {
        let p = x.next().unwrap_or("0");
        let q = y.next().unwrap_or("0");
        let o = if p.bytes().all(|c| c.is_ascii_digit()) && q.bytes().all(|c| c.is_ascii_digit()) {
            cmp_digits(p.as_bytes(), q.as_bytes())
        } else {
            cmp_ident(p, q)
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Compares two SemVer versions.
pub fn compare(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (pa, pb) = (parts(a), parts(b));
    cmp_core(pa.core, pb.core).then_with(|| match (pa.pre, pb.pre) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(x), Some(y)) => cmp_idents(x, y),
    })
}

/// Compares two Pub (Dart) versions: SemVer, except that build metadata counts, as
/// `pub_semver` orders it: after everything else is equal, no build < a build, and builds
/// compare like pre-release identifiers (`1.0.0 < 1.0.0+build`, `1.2.3+9 < 1.2.3+a`).
pub fn compare_pub(a: &str, b: &str) -> Ordering {
    compare(a, b).then_with(|| match (build(a), build(b)) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => cmp_idents(x, y),
    })
}

fn build(v: &str) -> Option<&str> {
    let v = v.trim();
    v.find('+').map(|i| &v[i + 1..])
}

/// Dot-separated identifiers in turn; fewer identifiers first.
fn cmp_idents(x: &str, y: &str) -> Ordering {
    let mut x = x.split('.');
    let mut y = y.split('.');
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => match cmp_ident(p, q) {
                Ordering::Equal => {}
                o => return o,
            },
        }
    }
}

/// Compares two Go module versions (`v1.2.3`, pseudo-versions, `+incompatible`), and Go
/// toolchain versions as the `stdlib` module reports them (`go1.21.3`, `1.21rc2`).
pub fn compare_go(a: &str, b: &str) -> Ordering {
    compare(go_canonical(a), go_canonical(b))
}

fn go_canonical(v: &str) -> &str {
    v.strip_prefix("go").unwrap_or(v)
}

#[cfg(test)]
mod tests {
    use super::{compare, compare_go, compare_pub};
    use std::cmp::Ordering::*;

    #[test]
    fn semver_order() {
        for (a, b, o) in [
            ("1.0.0-alpha", "1.0.0-alpha.1", Less),
            ("1.0.0-beta.11", "1.0.0-rc.1", Less),
            ("1.0.0-rc.1", "1.0.0", Less),
            ("1.2", "1.2.0", Equal),
            ("1.2.3+build", "1.2.3", Equal),
            ("0.10.0", "0.9.0", Greater),
            ("1.1.3.4", "1.1.3", Equal),
        ] {
            assert_eq!(compare(a, b), o, "{a} vs {b}");
            assert_eq!(compare(b, a), o.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn pub_orders_build_metadata() {
        for (a, b, o) in [
            ("1.0.0-pre", "1.0.0-pre+build", Less),
            ("1.0.0-pre+build", "1.0.0", Less),
            ("1.0.0", "1.0.0+build", Less),
            ("1.2.3+1", "1.2.3+2", Less),
            ("1.2.3+900", "1.2.3+a", Less),
            ("1.2.3+a1", "1.2.3+a", Greater),
            ("1.2.3+a.1", "1.2.3+a", Greater),
            ("v1.2.3", "1.2.3", Equal),
            ("1.0.0-rc.1", "1.0.0", Less),
        ] {
            assert_eq!(compare_pub(a, b), o, "{a} vs {b}");
            assert_eq!(compare_pub(b, a), o.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn go_versions() {
        for (a, b, o) in [
            ("v2.7.1+incompatible", "2.8.0", Less),
            ("v0.0.0-20210101000000-abcdef123456", "0.0.1", Less),
            (
                "v0.0.0-20210101000000-abcdef123456",
                "0.0.0-20220101000000-abcdef123456",
                Less,
            ),
            ("v1.2.4-0.20210101000000-abcdef123456", "1.2.3", Greater),
            ("v1.2.4-0.20210101000000-abcdef123456", "1.2.4", Less),
            ("go1.21.3", "1.21.4", Less),
        ] {
            assert_eq!(compare_go(a, b), o, "{a} vs {b}");
            assert_eq!(compare_go(b, a), o.reverse(), "{b} vs {a}");
        }
    }
}
