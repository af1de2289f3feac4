//! Python version ordering (PEP 440): `[N!]N(.N)*[{a|b|rc}N][.postN][.devN][+local]`, with the
//! spec's normalisations (case, `alpha`/`beta`/`c`/`pre`/`preview`, `-`/`_`/`.` separators,
//! implicit numbers, `-N` post releases, `rev`/`r`, a leading `v`).
//!
//! Order: epoch, release (trailing zeros ignored), then dev-only releases below pre-releases
//! below the release, post releases above it, dev releases below their parent, and a local
//! label above the same public version (numeric segments above alphanumeric ones). A string
//! that is not PEP 440 sorts below every valid version; two such strings compare as text.

use super::cmp_digits;
use std::cmp::Ordering;

#[derive(Debug, Default)]
struct Parsed<'a> {
    epoch: &'a [u8],
    release: Vec<&'a [u8]>,
    /// 0 = a, 1 = b, 2 = rc
    pre: Option<(u8, &'a [u8])>,
    post: Option<&'a [u8]>,
    dev: Option<&'a [u8]>,
    local: Option<&'a [u8]>,
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }
    fn digits(&mut self) -> &'a [u8] {
        let s = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        &self.b[s..self.i]
    }
    /// Consumes one of `words` (case-insensitive), longest first, returning its index.
    fn word(&mut self, words: &[&str]) -> Option<usize> {
        for (k, w) in words.iter().enumerate() {
            let end = self.i + w.len();
            if end <= self.b.len() && self.b[self.i..end].eq_ignore_ascii_case(w.as_bytes()) {
                self.i = end;
                return Some(k);
            }
        }
        None
    }
    fn sep(&mut self) -> bool {
        if matches!(self.peek(), Some(b'.' | b'-' | b'_')) {
            self.i += 1;
            true
        } else {
            false
        }
    }
}

fn parse(s: &str) -> Option<Parsed<'_>> {
    let s = s.trim();
    let mut c = Cursor {
        b: s.as_bytes(),
        i: 0,
    };
    let mut p = Parsed::default();
    if matches!(c.peek(), Some(b'v' | b'V')) {
        c.i += 1;
    }
    let first = c.digits();
    if first.is_empty() {
        return None;
    }
    if c.peek() == Some(b'!') {
        c.i += 1;
        p.epoch = first;
        let d = c.digits();
        if d.is_empty() {
            return None;
        }
        p.release.push(d);
    } else {
        p.release.push(first);
    }
    while c.peek() == Some(b'.') && c.b.get(c.i + 1).is_some_and(u8::is_ascii_digit) {
        c.i += 1;
        p.release.push(c.digits());
    }
    // pre-release
    let save = c.i;
    c.sep();
    const PRE: [&str; 8] = ["alpha", "beta", "preview", "pre", "rc", "a", "b", "c"];
    if let Some(k) = c.word(&PRE) {
        let kind = match PRE[k] {
            "alpha" | "a" => 0,
            "beta" | "b" => 1,
            _ => 2,
        };
        c.sep();
        p.pre = Some((kind, c.digits()));
    } else {
        c.i = save;
    }
    // post-release
    let save = c.i;
    if c.peek() == Some(b'-') && c.b.get(c.i + 1).is_some_and(u8::is_ascii_digit) {
        c.i += 1;
        p.post = Some(c.digits());
    } else {
        c.sep();
        if c.word(&["post", "rev", "r"]).is_some() {
            c.sep();
            p.post = Some(c.digits());
        } else {
            c.i = save;
        }
    }
    // dev release
    let save = c.i;
    c.sep();
    if c.word(&["dev"]).is_some() {
        c.sep();
        p.dev = Some(c.digits());
    } else {
        c.i = save;
    }
    // local version
    if c.peek() == Some(b'+') {
        let rest = &c.b[c.i + 1..];
        if rest.is_empty()
            || !rest
                .iter()
                .all(|ch| ch.is_ascii_alphanumeric() || matches!(ch, b'.' | b'-' | b'_'))
        {
            return None;
        }
        p.local = Some(rest);
        c.i = c.b.len();
    }
    if c.i != c.b.len() {
        return None;
    }
    Some(p)
}

fn cmp_release(a: &[&[u8]], b: &[&[u8]]) -> Ordering {
    let n = a.len().max(b.len());
    for k in 0..n {
        let x = a.get(k).copied().unwrap_or(b"0");
        let y = b.get(k).copied().unwrap_or(b"0");
        match cmp_digits(x, y) {
            Ordering::Equal => {}
            o => return o,
        }
    }
    Ordering::Equal
}

/// Position of the pre-release part: dev-only releases first, then a/b/rc, then none.
fn pre_key<'a>(p: &Parsed<'a>) -> (u8, u8, &'a [u8]) {
    match p.pre {
        None if p.post.is_none() && p.dev.is_some() => (0, 0, b""),
        None => (2, 0, b""),
        Some((k, n)) => (1, k, n),
    }
}

fn cmp_local(a: &[u8], b: &[u8]) -> Ordering {
    fn seg(s: &[u8]) -> Vec<&[u8]> {
        s.split(|c| matches!(c, b'.' | b'-' | b'_')).collect()
    }
    let (x, y) = (seg(a), seg(b));
    for k in 0..x.len().max(y.len()) {
        let (p, q) = match (x.get(k), y.get(k)) {
            (None, None) => break,
            (None, Some(_)) => return Ordering::Less,
            (Some(_), None) => return Ordering::Greater,
            (Some(p), Some(q)) => (*p, *q),
        };
        let pn = p.iter().all(u8::is_ascii_digit);
        let qn = q.iter().all(u8::is_ascii_digit);
        let o = match (pn, qn) {
            (true, true) => cmp_digits(p, q),
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => p.to_ascii_lowercase().cmp(&q.to_ascii_lowercase()),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

/// Compares two Python versions.
pub fn compare(a: &str, b: &str) -> Ordering {
    if a == b {
        return Ordering::Equal;
    }
    let (pa, pb) = match (parse(a), parse(b)) {
        (Some(x), Some(y)) => (x, y),
        (None, None) => return a.cmp(b),
        (None, Some(_)) => return Ordering::Less,
        (Some(_), None) => return Ordering::Greater,
    };
    cmp_digits(pa.epoch, pb.epoch)
        .then_with(|| cmp_release(&pa.release, &pb.release))
        .then_with(|| {
            let (x, y) = (pre_key(&pa), pre_key(&pb));
            x.0.cmp(&y.0)
                .then(x.1.cmp(&y.1))
                .then_with(|| cmp_digits(x.2, y.2))
        })
        .then_with(|| match (pa.post, pb.post) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => cmp_digits(x, y),
        })
        .then_with(|| match (pa.dev, pb.dev) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Greater,
            (Some(_), None) => Ordering::Less,
            (Some(x), Some(y)) => cmp_digits(x, y),
        })
        .then_with(|| match (pa.local, pb.local) {
            (None, None) => Ordering::Equal,
            (None, Some(_)) => Ordering::Less,
            (Some(_), None) => Ordering::Greater,
            (Some(x), Some(y)) => cmp_local(x, y),
        })
}

#[cfg(test)]
mod tests {
    use super::compare;
    use std::cmp::Ordering::*;

    #[test]
    fn pep440_order() {
        for (a, b, o) in [
            ("1.0.dev1", "1.0a1", Less),
            ("1.0a1", "1.0b1", Less),
            ("1.0b2", "1.0rc1", Less),
            ("1.0rc1", "1.0", Less),
            ("1.0", "1.0.post1", Less),
            ("1.0.post1.dev1", "1.0.post1", Less),
            ("1.0", "1.0+local", Less),
            ("1.0", "1.0.0", Equal),
            ("1.0-1", "1.0.post1", Equal),
            ("1.0alpha1", "1.0a1", Equal),
            ("1.0C1", "1.0rc1", Equal),
            ("1!0.1", "2.0", Greater),
            ("v1.2", "1.2", Equal),
            ("2019.11.28", "2022.12.07", Less),
            ("not a version", "0.0.1", Less),
        ] {
            assert_eq!(compare(a, b), o, "{a} vs {b}");
            assert_eq!(compare(b, a), o.reverse(), "{b} vs {a}");
        }
    }
}
