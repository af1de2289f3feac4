//! The scanner: keyword prefilter, one multi-pattern regex, validation, masking.

use crate::rules::{BUILTIN_RULES, KNOWN_EXAMPLES, SecretRule, Validate};
use crate::value::{char_classes, entropy, is_placeholder, is_reference, mask};
use aho_corasick::{AhoCorasick, MatchKind};
use regex_automata::Input;
use regex_automata::meta::Regex;
use regex_automata::util::captures::Captures;
use regex_automata::util::syntax;
use std::sync::LazyLock;

/// How files are scanned.
#[derive(Debug, Clone)]
pub struct Options {
    /// Only the first `max_bytes` of a file are scanned; [`FileScan::truncated`] says so.
    pub max_bytes: usize,
    /// Skip paths that hold third-party documentation, headers, test fixtures and packaged
    /// libraries (see [`Scanner::path_allowed`]).
    pub path_allow_list: bool,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            max_bytes: 8 * 1024 * 1024,
            path_allow_list: true,
        }
    }
}

/// Why a file was not scanned.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanSkip {
    /// A NUL byte in the first 8 KiB.
    Binary,
    /// The path is on the allow list (documentation, tests, vendored libraries).
    AllowedPath,
    /// Fewer than 10 bytes.
    TooSmall,
}

/// One secret found. Holds no copy of the secret: its span and a masked form only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SecretMatch {
    pub rule: &'static SecretRule,
    /// Byte span of the secret in the scanned input.
    pub start: usize,
    pub end: usize,
    /// 1-based line and byte column of the secret's start.
    pub line: u32,
    pub column: u32,
    /// Safe to print: the masked secret, or for private keys the `BEGIN` marker line.
    pub masked: String,
}

/// The result of scanning one file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileScan {
    pub matches: Vec<SecretMatch>,
    pub skipped: Option<ScanSkip>,
    /// The file was longer than [`Options::max_bytes`]; only its beginning was scanned.
    pub truncated: bool,
}

/// A compiled rule set. Build once ([`Scanner::builtin`] is shared) and scan from any thread.
pub struct Scanner {
    rules: Vec<&'static SecretRule>,
    keywords: AhoCorasick,
    /// For each keyword pattern, the rules it enables.
    keyword_rules: Vec<Vec<usize>>,
    all: Regex,
    /// The rules that are not generic assignments, to look inside a generic match's value.
    specific: Regex,
    specific_ids: Vec<usize>,
    options: Options,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("rules", &self.rules.len())
            .field("options", &self.options)
            .finish()
    }
}

static BUILTIN: LazyLock<Scanner> =
    LazyLock::new(|| Scanner::new(BUILTIN_RULES.iter().collect(), Options::default()));

fn compile(patterns: &[&str]) -> Regex {
    Regex::builder()
        .configure(Regex::config().hybrid_cache_capacity(8 * 1024 * 1024))
        .syntax(syntax::Config::new().unicode(false).utf8(false))
        .build_many(patterns)
        .expect("built-in secret patterns compile")
}

impl Scanner {
    /// The built-in rules with default options, compiled once per process.
    pub fn builtin() -> &'static Scanner {
        &BUILTIN
    }

    /// Compiles a rule set. Panics only if a rule's pattern is invalid (rules are static and
    /// covered by tests).
    pub fn new(rules: Vec<&'static SecretRule>, options: Options) -> Scanner {
        let mut words: Vec<&str> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        for (i, r) in rules.iter().enumerate() {
            for k in r.keywords {
                match words.iter().position(|w| w == k) {
                    Some(p) => keyword_rules[p].push(i),
                    None => {
                        words.push(k);
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        let keywords = AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&words)
            .expect("keywords compile");
        let patterns: Vec<&str> = rules.iter().map(|r| r.pattern).collect();
        let specific_ids: Vec<usize> = (0..rules.len())
            .filter(|&i| !matches!(rules[i].validate, Validate::Generic { .. }))
            .collect();
        let specific_patterns: Vec<&str> = specific_ids.iter().map(|&i| rules[i].pattern).collect();
        Scanner {
            all: compile(&patterns),
            specific: compile(&specific_patterns),
            specific_ids,
            rules,
            keywords,
            keyword_rules,
            options,
        }
    }

    pub fn rules(&self) -> &[&'static SecretRule] {
        &self.rules
    }

    pub fn options(&self) -> &Options {
        &self.options
    }

    /// Paths whose content is third-party documentation, headers, packaged libraries or test
    /// fixtures: their "secrets" are examples (Trivy skips the same kinds of paths).
    pub fn path_allowed(path: &str) -> bool {
        let p = path.trim_start_matches("./").trim_start_matches('/');
        const PREFIXES: &[&str] = &[
            "usr/share/",
            "usr/include/",
            "usr/lib/",
            "usr/lib64/",
            "usr/local/go/",
            "usr/local/include/",
            "usr/local/share/",
            "usr/src/",
            "var/lib/dpkg/",
            "var/lib/apt/lists/",
            "lib/apk/db/",
            "etc/ssl/certs/",
        ];
        const PARTS: &[&str] = &[
            ".dist-info/",
            ".egg-info/",
            "/site-packages/",
            "/dist-packages/",
            "/node_modules/",
            "/vendor/",
            "/test/",
            "/tests/",
            "/testdata/",
            "/testing/",
            "/fixtures/",
            "/examples/",
            "/example/",
            "/locale/",
            "/locales/",
        ];
        let lower = p.to_ascii_lowercase();
        PREFIXES.iter().any(|x| lower.starts_with(x))
            || PARTS
                .iter()
                .any(|x| lower.contains(x) || lower.starts_with(&x[1..]))
            || lower.ends_with(".md")
            || lower.starts_with("opt/yarn-v")
    }

    /// Scans one file's content (at most `max_bytes` of it are needed: pass the beginning of a
    /// longer file with `full_len` its real length).
    pub fn scan_file(&self, path: &str, content: &[u8], full_len: u64) -> FileScan {
        let mut out = FileScan::default();
        if self.options.path_allow_list && Self::path_allowed(path) {
            out.skipped = Some(ScanSkip::AllowedPath);
            return out;
        }
        if full_len < 10 || content.len() < 10 {
            out.skipped = Some(ScanSkip::TooSmall);
            return out;
        }
        let probe = &content[..content.len().min(8192)];
        if probe.contains(&0) {
            out.skipped = Some(ScanSkip::Binary);
            return out;
        }
        let cap = content.len().min(self.options.max_bytes);
        out.truncated = full_len > cap as u64;
        out.matches = self.scan_bytes(&content[..cap]);
        out
    }

    /// Scans a string (an environment value, a label, a history line, a Dockerfile
    /// instruction). No size cap, no binary test.
    pub fn scan_str(&self, text: &str) -> Vec<SecretMatch> {
        self.scan_bytes(text.as_bytes())
    }

    /// Scans bytes: prefilter, regex, validation.
    pub fn scan_bytes(&self, hay: &[u8]) -> Vec<SecretMatch> {
        let mut candidate = vec![false; self.rules.len()];
        let mut any = false;
        for m in self.keywords.find_overlapping_iter(hay) {
            for &r in &self.keyword_rules[m.pattern().as_usize()] {
                any |= !candidate[r];
                candidate[r] = true;
            }
        }
        if !any {
            return Vec::new();
        }
        let mut lines = LineCounter::default();
        let mut out = Vec::new();
        let mut caps = self.all.create_captures();
        let mut inner = self.specific.create_captures();
        let mut at = 0;
        while at < hay.len() {
            self.all
                .search_captures(&Input::new(hay).span(at..hay.len()), &mut caps);
            let Some(m) = caps.get_match() else { break };
            let pid = m.pattern().as_usize();
            let (s_start, s_end) = secret_span(&caps, m.start(), m.end());
            let rule = self.rules[pid];
            let mut next = if m.is_empty() { m.end() + 1 } else { m.end() };
            if !candidate[pid] {
                at = next;
                continue;
            }
            if let Validate::Generic { .. } = rule.validate {
                // A known token format inside the value is reported as itself.
                self.specific.search_captures(
                    &Input::new(hay).span(s_start.saturating_sub(1)..s_end.max(s_start)),
                    &mut inner,
                );
                if let Some(im) = inner.get_match() {
                    let rid = self.specific_ids[im.pattern().as_usize()];
                    let (a, b) = secret_span(&inner, im.start(), im.end());
                    if candidate[rid]
                        && let Some(found) = self.accept(self.rules[rid], hay, a, b, &mut lines)
                    {
                        out.push(found);
                    }
                    at = im.end().max(at + 1);
                    continue;
                }
            }
            match self.accept(rule, hay, s_start, s_end, &mut lines) {
                Some(found) => out.push(found),
                // Rejected: look again inside it, a shorter match may start there.
                None => {
                    next = if s_start > m.start() {
                        s_start
                    } else {
                        m.start() + 1
                    }
                }
            }
            at = next;
        }
        out
    }

    fn accept(
        &self,
        rule: &'static SecretRule,
        hay: &[u8],
        start: usize,
        end: usize,
        lines: &mut LineCounter,
    ) -> Option<SecretMatch> {
        let raw = hay.get(start..end)?;
        let value = String::from_utf8_lossy(raw);
        if !valid(rule.validate, &value, hay.get(end).copied()) {
            return None;
        }
        let (line, column) = lines.position(hay, start);
        let masked = match rule.validate {
            Validate::Marker => value.into_owned(),
            _ => mask(&value),
        };
        Some(SecretMatch {
            rule,
            start,
            end,
            line,
            column,
            masked,
        })
    }
}

fn secret_span(caps: &Captures, start: usize, end: usize) -> (usize, usize) {
    caps.get_group_by_name("s")
        .map(|s| (s.start, s.end))
        .unwrap_or((start, end))
}

/// Whether a matched value is a credential.
fn valid(v: Validate, value: &str, after: Option<u8>) -> bool {
    if KNOWN_EXAMPLES.iter().any(|e| value.contains(e)) || value.contains("EXAMPLE") {
        return false;
    }
    match v {
        Validate::Format | Validate::Marker => true,
        Validate::Assigned => !is_placeholder(value) && !is_reference(value),
        Validate::Generic { password } => {
            if after == Some(b'(') || is_placeholder(value) || is_reference(value) {
                return false;
            }
            let e = entropy(value);
            if password {
                (6..=128).contains(&value.len()) && (char_classes(value) >= 2 || e >= 3.5)
            } else {
                (12..=256).contains(&value.len()) && e >= 3.5 && char_classes(value) >= 2
            }
        }
    }
}

/// Turns byte offsets into 1-based line/column, for offsets in increasing order.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u32,
    line_start: usize,
}

impl LineCounter {
    fn position(&mut self, hay: &[u8], at: usize) -> (u32, u32) {
        if at < self.offset {
            *self = LineCounter::default();
        }
        for (i, b) in hay[self.offset..at].iter().enumerate() {
            if *b == b'\n' {
                self.line += 1;
                self.line_start = self.offset + i + 1;
            }
        }
        self.offset = at;
        (self.line + 1, (at - self.line_start + 1) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn token() -> String {
        format!("ghp_{}", "q8Zr2LpX0vWm4Tn6Yb1KcJ5hGd7FsA3eRu9N")
    }

    #[test]
    fn positions_and_masking() {
        let text = format!("a=1\nb=2\n  {}\n", token());
        let m = Scanner::builtin().scan_str(&text);
        assert_eq!(m.len(), 1);
        assert_eq!((m[0].line, m[0].column), (3, 3));
        assert_eq!(&text[m[0].start..m[0].end], token());
        assert_eq!(m[0].masked, "ghp_… (40 chars)");
    }

    #[test]
    fn skips_binary_small_and_allowed_paths() {
        let s = Scanner::builtin();
        let mut bin = token().into_bytes();
        bin.insert(0, 0);
        assert_eq!(
            s.scan_file("/app/x", &bin, bin.len() as u64).skipped,
            Some(ScanSkip::Binary)
        );
        assert_eq!(
            s.scan_file("/app/x", b"ab", 2).skipped,
            Some(ScanSkip::TooSmall)
        );
        let t = token();
        assert_eq!(
            s.scan_file("/usr/share/doc/x/README", t.as_bytes(), t.len() as u64)
                .skipped,
            Some(ScanSkip::AllowedPath)
        );
        let r = s.scan_file("/root/.env", t.as_bytes(), t.len() as u64);
        assert_eq!((r.skipped, r.matches.len()), (None, 1));
    }

    #[test]
    fn size_cap_truncates() {
        let s = Scanner::new(
            BUILTIN_RULES.iter().collect(),
            Options {
                max_bytes: 64,
                path_allow_list: false,
            },
        );
        let mut text = "x".repeat(100);
        text.push_str(&token());
        let r = s.scan_file("/a", text.as_bytes(), text.len() as u64);
        assert!(r.truncated);
        assert!(r.matches.is_empty());
    }

    #[test]
    fn no_keyword_no_work() {
        assert!(
            Scanner::builtin()
                .scan_str("hello world\n".repeat(100).as_str())
                .is_empty()
        );
    }

    #[test]
    fn invalid_utf8_and_crlf() {
        let mut b = vec![0xff, 0xfe, b'\r', b'\n'];
        b.extend_from_slice(token().as_bytes());
        b.extend_from_slice(b"\r\n");
        let m = Scanner::builtin().scan_bytes(&b);
        assert_eq!(m.len(), 1);
        assert_eq!(m[0].line, 2);
    }

    /// Random text built from the pieces the rules look for: no panic, spans inside the input,
    /// masks never longer than a quarter of the secret plus the suffix.
    #[test]
    fn random_inputs_do_not_panic() {
        let pieces: &[&[u8]] = &[
            b"password",
            b"=",
            b":",
            b"\"",
            b"'",
            b" ",
            b"\n",
            b"\r\n",
            b"ghp_",
            b"AKIA",
            b"aws_secret_access_key",
            b"-----BEGIN RSA PRIVATE KEY-----",
            b"https://",
            b"u:",
            b"@",
            b"eyJ",
            b".",
            b"Q~",
            b"SK",
            b"_authToken",
            b"\"auth\"",
            b"xoxb-1234567-",
            b"Zr2LpX0vWm4Tn6Yb1KcJ",
            b"\xff\xfe",
            b"\xe2\x82\xac",
            b"$X",
            b"AccountKey=",
            b"glpat-",
            b"sk_live_",
            b"hf_",
            b"npm_",
            b"pypi-AgEIcHlwaS5vcmc",
            b"0123456789abcdef",
        ];
        let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
        for _ in 0..3000 {
            let mut text = Vec::new();
            for _ in 0..(seed % 40) {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                text.extend_from_slice(pieces[(seed >> 33) as usize % pieces.len()]);
            }
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            for m in Scanner::builtin().scan_bytes(&text) {
                assert!(m.start <= m.end && m.end <= text.len());
                assert!(m.line >= 1 && m.column >= 1);
            }
            let _ = Scanner::builtin().scan_file("/x", &text, text.len() as u64);
        }
    }

    #[test]
    fn paths() {
        assert!(Scanner::path_allowed("/usr/lib/python3/dist-packages/x.py"));
        assert!(Scanner::path_allowed("app/node_modules/a/b.js"));
        assert!(Scanner::path_allowed("tests/x"));
        assert!(!Scanner::path_allowed("/root/.aws/credentials"));
        assert!(!Scanner::path_allowed("/app/.env"));
        assert!(!Scanner::path_allowed("/etc/app/config.yml"));
    }
}
