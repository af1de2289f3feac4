//! Maven version ordering, following the POM reference's "Version Order Specification" (the
//! behaviour of Maven's `ComparableVersion`):
//!
//! - the version is split into tokens at `.` and `-` and at every switch between digits and
//!   other characters (a switch counts as `-`); each token keeps the separator before it;
//!   empty tokens are `0`; case is ignored;
//! - trailing null tokens (`0`, `""`, `final`, `ga`, `release`) are trimmed, and again before
//!   each remaining `-` from the end to the start;
//! - the shorter version is padded with nulls of the other's separator (`.0`, `-""`);
//! - different separators: `.qualifier < -qualifier < -number < .number`; same separator:
//!   numbers numerically and above qualifiers; qualifiers `alpha < beta < milestone < rc = cr <
//!   snapshot < "" = final = ga = release < sp`, then unknown ones in lexical order; `a1`,
//!   `b1`, `m1` mean alpha, beta, milestone when a number follows.

use super::cmp_digits;
use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq)]
struct Token {
    /// b'.', b'-', or 0 for the first token.
    sep: u8,
    value: String,
    number: bool,
}

const KEYWORDS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

fn tokens(version: &str) -> Vec<Token> {
    let v = version.trim().to_ascii_lowercase();
    let mut out: Vec<Token> = Vec::new();
    let mut sep = 0u8;
    for (raw, next_sep) in split_keep(&v) {
        // Split at digit/non-digit switches.
        let b = raw.as_bytes();
        let mut start = 0;
        let mut parts = Vec::new();
        for i in 1..b.len() {
            if b[i].is_ascii_digit() != b[i - 1].is_ascii_digit() {
                parts.push(&raw[start..i]);
                start = i;
            }
        }
        parts.push(&raw[start..]);
        let n = parts.len();
        for (j, part) in parts.into_iter().enumerate() {
            let s = if j > 0 { b'-' } else { sep };
            let number = !part.is_empty() && part.bytes().all(|c| c.is_ascii_digit());
            let value = if part.is_empty() {
                "0".to_string()
            } else if number {
                let t = part.trim_start_matches('0');
                if t.is_empty() { "0" } else { t }.to_string()
            } else {
                let followed_by_number = j + 1 < n;
                match part {
                    "cr" => "rc",
                    "ga" | "final" | "release" => "",
                    "a" if followed_by_number => "alpha",
                    "b" if followed_by_number => "beta",
                    "m" if followed_by_number => "milestone",
                    p => p,
                }
                .to_string()
            };
            out.push(Token {
                sep: s,
                number: number || part.is_empty(),
                value,
            });
        }
        sep = next_sep;
    }
    // Trim trailing nulls, then again before each remaining hyphen, from the end.
    let mut i = out.len() as isize - 1;
    while i > 0 {
        let t = &out[i as usize];
        if t.value == "0" || t.value.is_empty() {
            out.remove(i as usize);
            i -= 1;
            continue;
        }
        while i >= 0 && out[i as usize].sep != b'-' {
            i -= 1;
        }
        i -= 1;
    }
    out
}

/// Splits at `.` and `-`, yielding each piece with the separator that follows it.
fn split_keep(v: &str) -> Vec<(&str, u8)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in v.bytes().enumerate() {
        if c == b'.' || c == b'-' {
            out.push((&v[start..i], c));
            start = i + 1;
        }
    }
    out.push((&v[start..], 0));
    out
}

fn sep_rank(t: &Token) -> u8 {
    match (t.sep, t.number) {
        (b'-', false) => 1,
        (b'-', true) => 2,
        (_, false) => 0,
        (_, true) => 3,
    }
}

fn keyword(t: &Token, null: bool) -> (usize, &str) {
    if null {
        return (5, "");
    }
    match KEYWORDS.iter().position(|k| *k == t.value) {
        Some(i) => (i, ""),
        None => (KEYWORDS.len(), t.value.as_str()),
    }
}

fn cmp_token(a: &Token, a_null: bool, b: &Token, b_null: bool) -> Ordering {
    if a.sep != b.sep && !(a.sep == 0 || b.sep == 0) {
        return sep_rank(a).cmp(&sep_rank(b));
    }
    if a.number && b.number {
        return cmp_digits(a.value.as_bytes(), b.value.as_bytes());
    }
    if a.number && !a_null {
        return Ordering::Greater;
    }
    if b.number && !b_null {
        return Ordering::Less;
    }
    keyword(a, a_null).cmp(&keyword(b, b_null))
}

fn null_like(other: &Token) -> Token {
    if other.sep == b'-' {
        Token {
            sep: b'-',
            value: String::new(),
            number: false,
        }
    } else {
        Token {
            sep: other.sep,
            value: "0".into(),
            number: true,
        }
    }
}

/// Compares two Maven versions.
pub fn compare(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (ta, tb) = (tokens(a), tokens(b));
    for k in 0..ta.len().max(tb.len()) {
        let (x, xn, y, yn) = match (ta.get(k), tb.get(k)) {
            (Some(x), Some(y)) => (x.clone(), false, y.clone(), false),
            (None, Some(y)) => (null_like(y), true, y.clone(), false),
            (Some(x), None) => (x.clone(), false, null_like(x), true),
            (None, None) => break,
        };
        if x == y {
            continue;
        }
        match cmp_token(&x, xn, &y, yn) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::*;

    #[test]
    fn version_order_specification() {
        for (a, b, o) in [
            ("1", "1.0.0", Equal),
            ("1-ga", "1", Equal),
            ("1-ga-1", "1-1", Equal),
            ("1.0-alpha-1", "1.0", Less),
            ("1.0-SNAPSHOT", "1.0", Less),
            ("1.0-beta-1", "1.0-SNAPSHOT", Less),
            ("1.0", "1.0-1", Less),
            ("2.0.1", "2.0.1-xyz", Less),
            ("2.0.1-xyz", "2.0.1-123", Less),
            ("1a1", "1-alpha-1", Equal),
            ("1cr", "1rc", Equal),
            ("2.17.0", "2.15.0", Greater),
            ("1.0-sp1", "1.0", Greater),
            ("1", "1.sp", Less),
        ] {
            assert_eq!(compare(a, b), o, "{a} vs {b}");
            assert_eq!(compare(b, a), o.reverse(), "{b} vs {a}");
        }
    }
}
