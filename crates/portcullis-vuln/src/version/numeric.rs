//! Versions that are lists of numbers: Hackage (the Haskell Package Versioning Policy:
//! components separated by `.`) and CRAN (R's `package_version`: components separated by `.`
//! or `-`). Lists compare component by component, numerically (any size, leading zeros
//! ignored); a list that is a prefix of another is smaller (`1.0` < `1.0.0`, `0.9` < `0.75`).
//!
//! Components that are not numbers (a Hackage tag such as `-beta`, or broken data) sort after
//! the numbers at their position and compare byte-wise among themselves, which keeps the
//! order total.

use super::cmp_digits;
use std::cmp::Ordering;

fn is_num(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit())
}

fn compare_by(a: &str, b: &str, seps: &[char]) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let mut x = a.trim().split(seps);
    let mut y = b.trim().split(seps);
    loop {
        match (x.next(), y.next()) {
            (None, None) => return Ordering::Equal,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => {
                let o = match (is_num(p), is_num(q)) {
                    (true, true) => cmp_digits(p.as_bytes(), q.as_bytes()),
                    (true, false) => Ordering::Less,
                    (false, true) => Ordering::Greater,
                    (false, false) => p.cmp(q),
                };
                if o != Ordering::Equal {
                    return o;
                }
            }
        }
    }
}

/// Compares two Hackage versions.
pub fn compare_hackage(a: &str, b: &str) -> Ordering {
    compare_by(a, b, &['.'])
}

/// Compares two CRAN versions.
pub fn compare_cran(a: &str, b: &str) -> Ordering {
    compare_by(a, b, &['.', '-'])
}

#[cfg(test)]
mod tests {
    use super::{compare_cran, compare_hackage};
    use std::cmp::Ordering::*;

    #[test]
    fn hackage_order() {
        for (a, b, o) in [
            ("1.0", "1.0.0", Less),
            ("0.1.26.0", "0", Greater),
            ("1.0.1.0", "1.0.0.0", Greater),
            ("2.0", "1.0.0", Greater),
            ("0.10", "0.9", Greater),
            ("0.1.0.0", "0.1.0.0", Equal),
        ] {
            assert_eq!(compare_hackage(a, b), o, "{a} vs {b}");
            assert_eq!(compare_hackage(b, a), o.reverse(), "{b} vs {a}");
        }
    }

    #[test]
    fn cran_order() {
        for (a, b, o) in [
            ("0.01.0", "0.1-0", Equal),
            ("0.01", "0.1-0", Less),
            ("0.9", "0.75", Less),
            ("1.0-0", "1.1-0", Less),
            ("1.8", "1.8.0", Less),
            ("0.3.2.0", "0.3.2", Greater),
            ("1.0-10", "1.0-9", Greater),
        ] {
            assert_eq!(compare_cran(a, b), o, "{a} vs {b}");
            assert_eq!(compare_cran(b, a), o.reverse(), "{b} vs {a}");
        }
    }
}
