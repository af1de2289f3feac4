//! NuGet ordering (NuGet.Versioning's `VersionComparer.Default`): SemVer 2.0 with up to four
//! numeric parts (`1.0` = `1.0.0.0`, leading zeros ignored), pre-release labels compared
//! case-insensitively (numeric labels numerically and below alphanumeric ones; fewer labels
//! first), build metadata (`+…`) ignored. A leading `v` is tolerated.

use super::cmp_digits;
use std::cmp::Ordering;

fn split(v: &str) -> (&str, Option<&str>) {
    let v = v.trim();
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let v = v.find('+').map_or(v, |i| &v[..i]);
    match v.find('-') {
        Some(i) => (&v[..i], Some(&v[i + 1..])),
        None => (v, None),
    }
}

fn is_num(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())
}

fn cmp_label(a: &str, b: &str) -> Ordering {
    match (is_num(a), is_num(b)) {
        (true, true) => cmp_digits(a.as_bytes(), b.as_bytes()),
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        (false, false) => a
            .bytes()
            .map(|c| c.to_ascii_lowercase())
            .cmp(b.bytes().map(|c| c.to_ascii_lowercase())),
    }
}

/// Compares two NuGet versions.
pub fn compare(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let ((ca, pa), (cb, pb)) = (split(a), split(b));
    let (mut x, mut y) = (ca.split('.'), cb.split('.'));
    // Major, minor, patch, revision; parts past the fourth are not NuGet versions and are
    // compared the same way so that the order stays total.
    loop {
        match (x.next(), y.next()) {
            (None, None) => break,
            (p, q) => {
                let (p, q) = (p.unwrap_or("0"), q.unwrap_or("0"));
                let o = if is_num(p) && is_num(q) {
                    cmp_digits(p.as_bytes(), q.as_bytes())
                } else {
                    cmp_label(p, q)
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
    match (pa, pb) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Greater,
        (Some(_), None) => Ordering::Less,
        (Some(p), Some(q)) => {
            let (mut x, mut y) = (p.split('.'), q.split('.'));
            loop {
                match (x.next(), y.next()) {
                    (None, None) => return Ordering::Equal,
                    (None, Some(_)) => return Ordering::Less,
                    (Some(_), None) => return Ordering::Greater,
                    (Some(p), Some(q)) => match cmp_label(p, q) {
                        Ordering::Equal => {}
                        o => return o,
                    },
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::*;

    #[test]
    fn nuget_order() {
        for (a, b, o) in [
            ("1.0", "1.0.0.0", Equal),
            ("1.0.01", "1.0.1.0", Equal),
            ("1.0.0-BETA", "1.0.0-beta", Equal),
            ("1.0.0+AA", "1.0.0", Equal),
            ("1.0.0", "1.0.0.1", Less),
            ("1.0.0.1-alpha", "1.0.0.1", Less),
            ("1.0.0-pre", "1.0.0.1-alpha", Less),
            ("1.0.0-beta.2", "1.0.0-beta.11", Less),
            ("1.0.0-beta.x", "1.0.0-beta.11", Greater),
            ("1.0.0-beta2", "1.0.0-BETA", Greater),
        ] {
            assert_eq!(compare(a, b), o, "{a} vs {b}");
            assert_eq!(compare(b, a), o.reverse(), "{b} vs {a}");
        }
    }
}
