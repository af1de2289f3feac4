//! Packagist (Composer) ordering: PHP's `version_compare` on the version without a leading
//! `v`, as Composer compares versions.
//!
//! Canonical form: `-`, `_`, `+` and other non-alphanumeric characters become `.`, and a `.` is
//! put between a digit and a letter (`1.0rc1` → `1.0.rc.1`). Parts then compare in turn:
//! numbers numerically (any size); words by their special form, matched by prefix and case
//! sensitively as PHP does: `dev` < `alpha` = `a` < `beta` = `b` < `RC` = `rc` < a number
//! (`#`) < `pl` = `p`, any other word (`ALPHA`, `stable`) below them all. When one version runs out, the next part of the other
//! decides: a number makes it greater, a word is compared with a number
//! (`1.0` < `1.0.0`, `1.0rc1` < `1.0`, `1.0pl1` > `1.0`).

use super::cmp_digits;
use std::cmp::Ordering;

/// The canonical parts of a version: runs of digits and runs of letters (and `#`).
fn parts(v: &str) -> Vec<&[u8]> {
    let v = v.trim();
    let v = v.strip_prefix(['v', 'V']).unwrap_or(v);
    let b = v.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            out.push(&b[s..i]);
        } else if c.is_ascii_alphabetic() || c == b'#' {
            // `#` stands for "any number" in PHP's table of special forms.
            let s = i;
            while i < b.len()
                && !b[i].is_ascii_digit()
                && (b[i].is_ascii_alphabetic() || b[i] == b'#')
            {
                i += 1;
            }
            out.push(&b[s..i]);
        } else {
            i += 1;
        }
    }
    out
}

fn is_num(p: &[u8]) -> bool {
    p.first().is_some_and(u8::is_ascii_digit)
}

/// The rank of a word in PHP's table of special forms (numbers rank as `#`).
fn special(p: &[u8]) -> i8 {
    if is_num(p) {
        return 4;
    }
    const FORMS: [(&[u8], i8); 10] = [
        (b"dev", 0),
        (b"alpha", 1),
        (b"a", 1),
        (b"beta", 2),
        (b"b", 2),
        (b"RC", 3),
        (b"rc", 3),
        (b"#", 4),
        (b"pl", 5),
        (b"p", 5),
    ];
    for (name, rank) in FORMS {
        if p.starts_with(name) {
            return rank;
        }
    }
    -6
}

fn cmp_part(p: &[u8], q: &[u8]) -> Ordering {
    if is_num(p) && is_num(q) {
        cmp_digits(p, q)
    } else {
        special(p).cmp(&special(q))
    }
}

/// Compares two Packagist versions.
pub fn compare(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (x, y) = (parts(a), parts(b));
    let n = x.len().min(y.len());
    for i in 0..n {
        let o = cmp_part(x[i], y[i]);
        if o != Ordering::Equal {
            return o;
        }
    }
    // One ran out: compare the other's remaining parts with a number.
    let rest = |r: &[&[u8]]| -> Ordering {
        for p in r {
            if is_num(p) {
                return Ordering::Greater;
            }
            match special(p).cmp(&4) {
                Ordering::Equal => {}
                o => return o,
            }
        }
        Ordering::Equal
    };
    match x.len().cmp(&y.len()) {
        Ordering::Equal => Ordering::Equal,
        Ordering::Greater => rest(&x[n..]),
        Ordering::Less => rest(&y[n..]).reverse(),
    }
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::*;

    #[test]
    fn php_version_compare_order() {
        for (a, b, o) in [
            ("1.0-dev", "1.0a1", Less),
            ("1.0a1", "1.0b1", Less),
            ("1.0b1", "1.0RC1", Less),
            ("1.0RC1", "1.0rc1", Equal),
            ("1.0rc1", "1.0", Less),
            ("1.0", "1.0pl1", Less),
            ("1.0", "1.0.0", Less),
            ("v1.0pl1", "1.0pl1", Equal),
            ("1.25.0-beta2.1", "1.25.0-b.2.1", Equal),
            ("dev-foo", "1.26.0", Less),
            ("1.2.3.#.beta", "1.2.3", Less),
            ("1.2.3.#", "1.2.3.1", Equal),
            ("4.3-2", "4.3-2beta1", Greater),
            ("1.0.0-stable", "1.0.0", Less),
            ("1.9.0-ALPHA.1", "1.9.0-BETA.1", Equal),
        ] {
            assert_eq!(compare(a, b), o, "{a} vs {b}");
            assert_eq!(compare(b, a), o.reverse(), "{b} vs {a}");
        }
    }
}
