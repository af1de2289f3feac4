//! Alpine (apk-tools) version ordering. A version is
//! `number{.number}...{letter}{_suffix{number}}...{~hash}{-r#}`:
//!
//! - number components compare numerically, except that after the first component a component
//!   with a leading zero compares as a string (apk's "fractional" components: `1.02 < 1.1`);
//!   missing components count as `0`;
//! - then the optional single lower-case letter (none < `a` < … < `z`);
//! - then the suffixes in order, weighted `_alpha < _beta < _pre < _rc < (none) < _cvs < _svn <
//!   _git < _hg < _p`, each with its number;
//! - the `~hash` is ignored; then the `-r` revision numerically;
//! - a version with unparsable text left over sorts before the same version without it, and two
//!   unparsable versions compare as plain strings.

use super::cmp_digits;
use std::cmp::Ordering;

const SUFFIXES: [&str; 9] = ["alpha", "beta", "pre", "rc", "cvs", "svn", "git", "hg", "p"];
/// Weight of a suffix: pre-release suffixes below "no suffix" (4), the rest above.
fn weight(i: usize) -> u8 {
    if i < 4 { i as u8 } else { i as u8 + 1 }
}
const NO_SUFFIX: u8 = 4;

#[derive(Debug, Default)]
struct Parsed<'a> {
    /// Number components (`1.2.3`), as digit strings.
    numbers: Vec<&'a [u8]>,
    letter: Option<u8>,
    /// (weight, digits)
    suffixes: Vec<(u8, &'a [u8])>,
    revision: &'a [u8],
    /// Text that did not fit the grammar.
    remainder: &'a [u8],
    invalid: bool,
}

fn parse(s: &str) -> Parsed<'_> {
    let b = s.as_bytes();
    let mut p = Parsed::default();
    let mut i = 0;
    // number{.number}...
    loop {
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i == start {
            break;
        }
        p.numbers.push(&b[start..i]);
        if i < b.len() && b[i] == b'.' && b.get(i + 1).is_some_and(u8::is_ascii_digit) {
            i += 1;
        } else {
            if i < b.len() && b[i] == b'.' && !p.numbers.is_empty() {
                // a trailing dot belongs to the numbers (`1.` = `1`)
                i += 1;
            }
            break;
        }
    }
    // letter
    if i < b.len() && b[i].is_ascii_lowercase() {
        p.letter = Some(b[i]);
        i += 1;
    }
    // _suffix{number}...
    'suffix: while i < b.len() && b[i] == b'_' {
        for (k, name) in SUFFIXES.iter().enumerate() {
            if b[i + 1..].starts_with(name.as_bytes()) {
                let mut j = i + 1 + name.len();
                let ds = j;
                while j < b.len() && b[j].is_ascii_digit() {
                    j += 1;
                }
                p.suffixes.push((weight(k), &b[ds..j]));
                i = j;
                continue 'suffix;
            }
        }
        break;
    }
    // ~hash
    if i < b.len() && b[i] == b'~' {
        let mut j = i + 1;
        while j < b.len() && matches!(b[j], b'0'..=b'9' | b'a'..=b'f') {
            j += 1;
        }
        if j > i + 1 {
            i = j;
        }
    }
    // -r#
    if i < b.len() {
        if b[i..].starts_with(b"-r") {
            let mut j = i + 2;
            let ds = j;
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            p.revision = &b[ds..j];
            i = j;
        } else {
            p.invalid = true;
        }
    }
    p.remainder = &b[i..];
    p
}

fn cmp_number(index: usize, a: &[u8], b: &[u8]) -> Ordering {
    if index > 0 && (a.first() == Some(&b'0') || b.first() == Some(&b'0')) {
        return a.cmp(b);
    }
    cmp_digits(a, b)
}

/// Compares two apk versions.
pub fn compare(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let pa = parse(a);
    let pb = parse(b);
    if pa.invalid && pb.invalid {
        return a.cmp(b);
    }
    let n = pa.numbers.len().max(pb.numbers.len());
    for k in 0..n {
        let x = pa.numbers.get(k).copied().unwrap_or(b"0");
        let y = pb.numbers.get(k).copied().unwrap_or(b"0");
        match cmp_number(k, x, y) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    match (pa.letter, pb.letter) {
        (None, Some(_)) => return Ordering::Less,
        (Some(_), None) => return Ordering::Greater,
        (x, y) if x != y => return x.cmp(&y),
        _ => {}
    }
    let n = pa.suffixes.len().max(pb.suffixes.len());
    for k in 0..n {
        let (wx, nx) = pa.suffixes.get(k).copied().unwrap_or((NO_SUFFIX, b"0"));
        let (wy, ny) = pb.suffixes.get(k).copied().unwrap_or((NO_SUFFIX, b"0"));
        match wx.cmp(&wy).then_with(|| cmp_digits(nx, ny)) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    match cmp_digits(pa.revision, pb.revision) {
        Ordering::Equal => {}
        o => return o,
    }
    match (pa.remainder.is_empty(), pb.remainder.is_empty()) {
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        _ => Ordering::Equal,
    }
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::*;

    #[test]
    fn suffixes_revisions_letters() {
        for (a, b, o) in [
            ("1.2.3_alpha", "1.2.3_beta", Less),
            ("1.2.3_rc1", "1.2.3", Less),
            ("1.2.3", "1.2.3_p1", Less),
            ("1.2.3_pre2", "1.2.3_rc1", Less),
            ("1.0.2h-r1", "1.0.2h-r10", Less),
            ("1.0.2h-r1", "1.0.2k-r0", Less),
            ("1.0.2", "1.0.2a", Less),
            ("1.24.2-r9", "1.24.2-r13", Less),
            ("1.1.14-r10", "1.1.14-r13", Less),
            ("1.02", "1.1", Less),
            ("2.2.39-r1", "1.0.4-r3", Greater),
            ("1-r1", "1-r01", Equal),
            ("1.0_cvs1", "1.0_git1", Less),
        ] {
            assert_eq!(compare(a, b), o, "{a} vs {b}");
            assert_eq!(compare(b, a), o.reverse(), "{b} vs {a}");
        }
    }
}
