//! RubyGems ordering (`Gem::Version#<=>`).
//!
//! A version is split into segments: runs of digits (numbers) and runs of letters (strings);
//! every other character only separates, and `-` reads as `.pre.` (so `1.0-rc1` is a
//! pre-release). Canonical form: trailing zero numbers are dropped from the leading numeric
//! segments and from the rest, so `1.0.a` = `1.a` and `1.0` = `1`. Segments then compare in
//! turn, a missing one being `0`: numbers numerically (any size), strings byte-wise, and a
//! string below a number (`1.a` < `1`, `1.a` < `1.0.1`).

use super::cmp_digits;
use std::cmp::Ordering;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Seg<'a> {
    /// Digits, leading zeros stripped (empty = 0).
    Num(&'a [u8]),
    Str(&'a [u8]),
}

fn segments(v: &str) -> Vec<Seg<'_>> {
    let b = v.trim().as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            let s = i;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
            let d = &b[s..i];
            let z = d.iter().take_while(|&&x| x == b'0').count();
            out.push(Seg::Num(&d[z..]));
        } else if c.is_ascii_alphabetic() {
            let s = i;
            while i < b.len() && b[i].is_ascii_alphabetic() {
                i += 1;
            }
            out.push(Seg::Str(&b[s..i]));
        } else {
            if c == b'-' {
                out.push(Seg::Str(b"pre"));
            }
            i += 1;
        }
    }
    // Canonical segments: drop trailing zeros of the numeric prefix and of the rest.
    let split = out
        .iter()
        .position(|s| matches!(s, Seg::Str(_)))
        .unwrap_or(out.len());
    let zero = |s: &Seg<'_>| matches!(s, Seg::Num(d) if d.is_empty());
    let mut tail = out.split_off(split);
    while out.last().is_some_and(zero) {
        out.pop();
    }
    while tail.last().is_some_and(zero) {
        tail.pop();
    }
    out.extend(tail);
    out
}

/// Compares two RubyGems versions.
pub fn compare(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (x, y) = (segments(a), segments(b));
    for i in 0..x.len().max(y.len()) {
        let p = x.get(i).copied().unwrap_or(Seg::Num(b""));
        let q = y.get(i).copied().unwrap_or(Seg::Num(b""));
        let o = match (p, q) {
            (Seg::Num(m), Seg::Num(n)) => cmp_digits(m, n),
            (Seg::Str(_), Seg::Num(_)) => Ordering::Less,
            (Seg::Num(_), Seg::Str(_)) => Ordering::Greater,
            (Seg::Str(m), Seg::Str(n)) => m.cmp(n),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::*;

    #[test]
    fn gem_version_order() {
        for (a, b, o) in [
            ("1.0", "1", Equal),
            ("1.0.a", "1.a", Equal),
            ("1.0.a2", "1.0.a.2", Equal),
            ("1.0.0-rc1", "1.0.0.pre.rc1", Equal),
            ("1.0.0-rc1", "1.0.0", Less),
            ("1.0.b1", "1.0.a.2", Greater),
            ("1.a", "1.0.1", Less),
            ("3.10", "3.2", Greater),
            ("1.2.4.beta", "1.2.4", Less),
            ("1.0.a10", "1.0.a9", Greater),
            ("1.0.B", "1.0.a", Less),
            ("99999999999999999999.1", "99999999999999999999.0", Greater),
        ] {
            assert_eq!(compare(a, b), o, "{a} vs {b}");
            assert_eq!(compare(b, a), o.reverse(), "{b} vs {a}");
        }
    }
}
