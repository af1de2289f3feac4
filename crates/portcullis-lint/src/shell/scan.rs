//! Byte-level helpers shared by both front ends: unquoting one word, finding the end of
//! balanced `$( … )` / `${ … }` / backtick regions, recognising `NAME=value` prefixes, and the
//! cheap nesting estimate that decides how brush-parser may be run.
//!
//! Everything here works on the UTF-8 bytes of the script. Every byte the shell treats specially
//! is ASCII, and ASCII bytes never occur inside a multi-byte UTF-8 sequence, so an offset found by
//! looking for an ASCII byte is always a char boundary. All loops only move forward and never
//! index past their `limit`, so the functions are linear and cannot panic.

/// The unquoted text of one word and what was found inside it.
#[derive(Debug, Default)]
pub(super) struct Scanned {
    /// Byte offset just past the word.
    pub end: usize,
    /// The word with quotes removed and escapes resolved; expansions (`$VAR`, `${…}`, `$(…)`,
    /// backticks, `$((…))`) are kept exactly as written.
    pub text: String,
    /// Byte ranges of the *inner* text of each command substitution (`$( … )` and `` ` … ` ``),
    /// in source order. Callers parse these as nested scripts.
    pub substitutions: Vec<(usize, usize)>,
}

/// Bytes that end an unquoted word when tokenizing by hand (bash's metacharacters).
pub(super) const fn is_meta(b: u8) -> bool {
    matches!(
        b,
        b' ' | b'\t' | b'\n' | b';' | b'&' | b'|' | b'<' | b'>' | b'(' | b')'
    )
}

/// Scans one word starting at `start` and ending at `limit` at the latest.
///
/// With `stop_at_meta` the word also ends at the first unquoted metacharacter (the fallback
/// tokenizer); without it the whole `start..limit` range is one word (brush-parser already found
/// its end). `limit` must be a char boundary no greater than `src.len()`.
pub(super) fn scan_word(src: &str, start: usize, limit: usize, stop_at_meta: bool) -> Scanned {
    let s = src.as_bytes();
    let limit = limit.min(s.len());
    let mut out: Vec<u8> = Vec::with_capacity(limit.saturating_sub(start).min(64));
    let mut subs = Vec::new();
    let mut i = start;
    while i < limit {
        let b = s[i];
        match b {
            b'\\' => {
                if i + 1 < limit {
                    if s[i + 1] != b'\n' {
                        out.push(s[i + 1]);
                    }
                    i += 2;
                } else {
                    out.push(b'\\');
                    i += 1;
                }
            }
            b'\'' => {
                let close = find_byte(s, i + 1, limit, b'\'');
                out.extend_from_slice(&s[i + 1..close]);
                i = (close + 1).min(limit);
            }
            b'"' => i = scan_double_quoted(s, i + 1, limit, &mut out, &mut subs),
            b'$' => i = scan_dollar(s, i, limit, &mut out, &mut subs, false),
            b'`' => i = scan_backtick(s, i, limit, &mut out, &mut subs),
            // A carriage return from a CRLF file is noise, not part of the word.
            b'\r' => i += 1,
            b'(' if stop_at_meta && opens_word_group(&out) => {
                // `a=(1 2)` array assignments and extglob patterns such as `@(a|b)`.
                let end = balanced_paren(s, i, limit);
                out.extend_from_slice(&s[i..end]);
                i = end;
            }
            _ if stop_at_meta && is_meta(b) => break,
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    Scanned {
        end: i.min(limit),
        text: into_string(out),
        substitutions: subs,
    }
}

/// Whether a `(` right after `text` continues the word rather than ending it.
fn opens_word_group(text: &[u8]) -> bool {
    matches!(text.last(), Some(b'=' | b'@' | b'!' | b'?' | b'*' | b'+'))
}

/// Turns collected bytes into a `String`. Only ASCII bytes are ever dropped from valid UTF-8
/// input, so this is always valid; the lossy path is a safety net, not an expected case.
fn into_string(out: Vec<u8>) -> String {
    String::from_utf8(out).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// The index of the first `needle` in `s[from..limit]`, or `limit`.
pub(super) fn find_byte(s: &[u8], from: usize, limit: usize, needle: u8) -> usize {
    let limit = limit.min(s.len());
    if from >= limit {
        return limit;
    }
    s[from..limit]
        .iter()
        .position(|&b| b == needle)
        .map_or(limit, |p| from + p)
}

/// Scans the inside of `"…"` starting just after the opening quote; returns the index after
/// the closing quote (or `limit` when unterminated).
fn scan_double_quoted(
    s: &[u8],
    mut i: usize,
    limit: usize,
    out: &mut Vec<u8>,
    subs: &mut Vec<(usize, usize)>,
) -> usize {
    while i < limit {
        match s[i] {
            b'"' => return i + 1,
            b'\\' if i + 1 < limit => {
                match s[i + 1] {
                    b'\n' => {}
                    b'$' | b'`' | b'"' | b'\\' => out.push(s[i + 1]),
                    other => {
                        out.push(b'\\');
                        out.push(other);
                    }
                }
                i += 2;
            }
            b'$' => i = scan_dollar(s, i, limit, out, subs, true),
            b'`' => i = scan_backtick(s, i, limit, out, subs),
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    limit
}

/// Handles a `$` at `i`: `$'…'`, `$"…"`, `$(…)`, `$((…))`, `${…}` or a plain `$`.
/// Expansions are copied raw; command substitutions are also recorded.
fn scan_dollar(
    s: &[u8],
    i: usize,
    limit: usize,
    out: &mut Vec<u8>,
    subs: &mut Vec<(usize, usize)>,
    in_double_quotes: bool,
) -> usize {
    let next = if i + 1 < limit { s[i + 1] } else { 0 };
    match next {
        b'\'' if !in_double_quotes => scan_ansi_c(s, i + 2, limit, out),
        b'"' if !in_double_quotes => scan_double_quoted(s, i + 2, limit, out, subs),
        b'(' => {
            let end = balanced_paren(s, i + 1, limit);
            let arithmetic = i + 2 < limit && s[i + 2] == b'(';
            if !arithmetic {
                let inner_end = if end > i + 2 && s[end - 1] == b')' {
                    end - 1
                } else {
                    end
                };
                subs.push((i + 2, inner_end.max(i + 2)));
            }
            out.extend_from_slice(&s[i..end]);
            end
        }
        b'{' => {
            let end = balanced_brace(s, i + 1, limit);
            out.extend_from_slice(&s[i..end]);
            end
        }
        _ => {
            out.push(b'$');
            i + 1
        }
    }
}

/// Scans `` `…` `` starting at the opening backtick; copies it raw and records its inside.
fn scan_backtick(
    s: &[u8],
    i: usize,
    limit: usize,
    out: &mut Vec<u8>,
    subs: &mut Vec<(usize, usize)>,
) -> usize {
    let close = find_unescaped(s, i + 1, limit, b'`');
    subs.push((i + 1, close));
    let end = (close + 1).min(limit);
    out.extend_from_slice(&s[i..end]);
    end
}

/// The index of the first `needle` in `s[from..limit]` not preceded by a backslash, or `limit`.
fn find_unescaped(s: &[u8], mut i: usize, limit: usize, needle: u8) -> usize {
    while i < limit {
        if s[i] == b'\\' {
            i += 2;
        } else if s[i] == needle {
            return i;
        } else {
            i += 1;
        }
    }
    limit
}

/// Scans the inside of `$'…'` (ANSI-C quoting) from just after the quote. Common escapes are
/// resolved; numeric ones (`\x41`, `\101`, `\u…`) are kept as written.
fn scan_ansi_c(s: &[u8], mut i: usize, limit: usize, out: &mut Vec<u8>) -> usize {
    while i < limit {
        match s[i] {
            b'\'' => return i + 1,
            b'\\' if i + 1 < limit => {
                let resolved = match s[i + 1] {
                    b'n' => Some(b'\n'),
                    b't' => Some(b'\t'),
                    b'r' => Some(b'\r'),
                    b'a' => Some(0x07),
                    b'b' => Some(0x08),
                    b'e' | b'E' => Some(0x1b),
                    b'f' => Some(0x0c),
                    b'v' => Some(0x0b),
                    c @ (b'\\' | b'\'' | b'"' | b'?') => Some(c),
                    _ => None,
                };
                if let Some(c) = resolved {
                    out.push(c);
                } else {
                    out.push(b'\\');
                    out.push(s[i + 1]);
                }
                i += 2;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    limit
}

/// Given `s[open] == b'('`, returns the index just past the matching `)`, or `limit` when
/// unbalanced. Quotes, escapes and backticks inside are skipped. Linear.
pub(super) fn balanced_paren(s: &[u8], open: usize, limit: usize) -> usize {
    balanced(s, open, limit, b'(', b')')
}

/// Given `s[open] == b'{'`, returns the index just past the matching `}`, or `limit`.
fn balanced_brace(s: &[u8], open: usize, limit: usize) -> usize {
    balanced(s, open, limit, b'{', b'}')
}

fn balanced(s: &[u8], open: usize, limit: usize, opener: u8, closer: u8) -> usize {
    let limit = limit.min(s.len());
    let mut depth = 0usize;
    // `case … in pat) …;; esac` inside `$( … )`: a pattern's `)` closes nothing.
    let mut case = CaseState::default();
    let mut i = open;
    while i < limit {
        let b = s[i];
        if opener == b'(' && b.is_ascii_alphabetic() && (i == 0 || !is_word_byte(s[i - 1])) {
            let start = i;
            while i < limit && is_word_byte(s[i]) {
                i += 1;
            }
            case.word(&s[start..i]);
        } else if case.pattern && (b == b'(' || b == b')') {
            // The optional `(` before a pattern, or the `)` after it.
            case.pattern &= b == b'(';
            i += 1;
        } else if b == opener {
            depth += 1;
            i += 1;
        } else if b == closer {
            depth = depth.saturating_sub(1);
            i += 1;
            if depth == 0 {
                return i;
            }
        } else {
            i = match b {
                b'\\' => i + 2,
                b'\'' => find_byte(s, i + 1, limit, b'\'') + 1,
                b'"' => find_unescaped(s, i + 1, limit, b'"') + 1,
                b'`' => find_unescaped(s, i + 1, limit, b'`') + 1,
                b';' if case.open > 0 && matches!(s.get(i + 1), Some(b';' | b'&')) => {
                    case.pattern = true;
                    i + 2
                }
                _ => i + 1,
            };
        }
    }
    limit
}

const fn is_word_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Just enough of `case` syntax to skip its patterns while balancing parentheses.
#[derive(Debug, Default)]
struct CaseState {
    /// `case` was seen and its `in` was not yet.
    header: bool,
    /// Open `case … esac` blocks.
    open: usize,
    /// A pattern (ending in `)`) comes next.
    pattern: bool,
}

impl CaseState {
    fn word(&mut self, w: &[u8]) {
        match w {
            b"case" => self.header = true,
            b"in" if self.header => {
                self.header = false;
                self.open += 1;
                self.pattern = true;
            }
            b"esac" if self.open > 0 => {
                self.open -= 1;
                self.pattern = false;
            }
            _ => {}
        }
    }
}

/// Whether a raw word is a shell assignment: `NAME=…`, `NAME+=…` or `NAME[idx]=…`.
pub(super) fn is_assignment(raw: &str) -> bool {
    let s = raw.as_bytes();
    let Some(&first) = s.first() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return false;
    }
    let mut i = 1;
    while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_') {
        i += 1;
    }
    if i < s.len() && s[i] == b'[' {
        i = find_byte(s, i, s.len(), b']') + 1;
    }
    if i < s.len() && s[i] == b'+' {
        i += 1;
    }
    i < s.len() && s[i] == b'='
}

/// An upper bound on how deeply brush-parser may recurse on `script`: the number of
/// constructs that can open a nesting level (`(`, `{`, backticks and the compound-command
/// keywords). It counts openers anywhere — quoted, commented, matched or not — so it never
/// underestimates, whatever the input. Linear.
pub(super) fn nesting_bound(script: &str) -> usize {
    let s = script.as_bytes();
    let mut count = 0usize;
    let mut i = 0;
    while i < s.len() {
        let b = s[i];
        if b.is_ascii_alphabetic() {
            let start = i;
            while i < s.len() && (s[i].is_ascii_alphanumeric() || s[i] == b'_') {
                i += 1;
            }
            if matches!(
                &s[start..i],
                b"if"
                    | b"for"
                    | b"while"
                    | b"until"
                    | b"case"
                    | b"select"
                    | b"function"
                    | b"coproc"
            ) {
                count += 1;
            }
        } else {
            if matches!(b, b'(' | b'{' | b'`') {
                count += 1;
            }
            i += 1;
        }
    }
    count
}

/// Whether `script` contains an all-digit word of more than 9 digits directly followed by `<`
/// or `>`: brush-parser 0.4 unwraps the file-descriptor number parse and panics on those.
pub(super) fn has_huge_fd_number(script: &str) -> bool {
    let s = script.as_bytes();
    let mut run = 0usize;
    for &b in s {
        if b.is_ascii_digit() {
            run += 1;
        } else {
            if run > 9 && (b == b'<' || b == b'>') {
                return true;
            }
            run = 0;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(s: &str) -> String {
        scan_word(s, 0, s.len(), true).text
    }

    #[test]
    fn unquotes() {
        assert_eq!(word("'a b'c\"d e\"\\ f"), "a bcd e f");
        assert_eq!(word("\"$HOME/x\""), "$HOME/x");
        assert_eq!(word("\"a\\\"b\\n\""), "a\"b\\n");
        assert_eq!(word("$'a\\tb\\x41'"), "a\tb\\x41");
        assert_eq!(word("\"$(echo \"x y\")\"z"), "$(echo \"x y\")z");
        assert_eq!(word("${A:-\"q r\"}s"), "${A:-\"q r\"}s");
        assert_eq!(word("a=(1 2) b"), "a=(1 2)");
        assert_eq!(word("ab;cd"), "ab");
        assert_eq!(word("x\r"), "x");
        assert_eq!(word("'unterminated"), "unterminated");
        assert_eq!(word("\\"), "\\");
    }

    #[test]
    fn substitutions() {
        let s = "a$(b c)`d`\"$(e)\"$((1+2))";
        let w = scan_word(s, 0, s.len(), true);
        let inner: Vec<&str> = w.substitutions.iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(inner, ["b c", "d", "e"]);
        assert_eq!(w.end, s.len());
    }

    #[test]
    fn assignments() {
        assert!(is_assignment("A=1"));
        assert!(is_assignment("_a_1+=x"));
        assert!(is_assignment("a[1]=x"));
        assert!(!is_assignment("=x"));
        assert!(!is_assignment("1A=x"));
        assert!(!is_assignment("--opt=x"));
        assert!(!is_assignment("A"));
    }

    #[test]
    fn case_in_substitution() {
        let s = "$(case $x in (a) echo a;; b|c) (echo b) ;; esac) tail";
        let w = scan_word(s, 0, s.len(), true);
        assert_eq!(w.text, &s[..s.len() - 5]);
        let inner: Vec<&str> = w.substitutions.iter().map(|&(a, b)| &s[a..b]).collect();
        assert_eq!(inner, [&s[2..s.len() - 6]]);
    }

    #[test]
    fn bounds() {
        assert_eq!(nesting_bound("if a; then (b) fi; for x"), 3);
        assert!(has_huge_fd_number("echo 99999999999>x"));
        assert!(!has_huge_fd_number("echo 2>x 1234567890 >y"));
    }
}
