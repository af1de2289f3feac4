//! The fallback front end: a hand-written, forgiving, linear tokenizer.
//!
//! It is used when brush-parser rejects a script (a syntax error, a construct it does not
//! know, a trailing `&&` left by a Dockerfile comment inside a continuation), when the script
//! is too large, and when it nests too deeply to parse safely. It never fails: it splits on
//! unquoted `&&`, `||`, `;`, `|`, `&`, newlines and parentheses, honours quotes, backslashes,
//! `#` comments and here-documents, and recognises enough of the compound-command keywords
//! (`if`, `for`, `case`, `while`, functions, `[[ … ]]`, `(( … ))`) not to mistake them for
//! program names. Every step moves forward, so it is linear in the input and cannot loop.

use super::collect::{Collector, Pending};
use super::scan::{balanced_paren, find_byte, is_assignment, scan_word};
use super::{Redirect, Word};

/// Tokenizes `c.src`, feeding every simple command to `c`.
pub(super) fn parse_into(c: &mut Collector<'_>) {
    c.parsed = false;
    let mut t = Tokenizer {
        s: c.src.as_bytes(),
        c,
        i: 0,
        cur: Pending::default(),
        pipeline: None,
        position: 0,
        pending_fd: None,
        heredocs: Vec::new(),
        header: Header::None,
        case_patterns: false,
        case_depth: 0,
    };
    t.run();
}

/// Words that are skipped until the next separator.
#[derive(Debug, PartialEq, Eq)]
enum Header {
    None,
    /// The words of `for NAME in …` / `select NAME in …`.
    Loop,
    /// `case WORD in`: skipped up to `in`, after which patterns come.
    Case,
    /// `function NAME`: the name is skipped.
    Function,
}

struct Tokenizer<'t, 'a> {
    s: &'a [u8],
    c: &'t mut Collector<'a>,
    i: usize,
    /// The simple command being read.
    cur: Pending,
    /// The id of the current pipeline, once it has a command.
    pipeline: Option<usize>,
    /// Position of `cur` in the current pipeline.
    position: usize,
    /// File descriptor number read just before a redirection operator.
    pending_fd: Option<i32>,
    /// Here-document delimiters (and whether `<<-` strips tabs) whose bodies start at the next
    /// newline.
    heredocs: Vec<(String, bool)>,
    header: Header,
    /// Whether `case` patterns (`pat)`) are expected next.
    case_patterns: bool,
    case_depth: usize,
}

impl Tokenizer<'_, '_> {
    fn peek(&self, k: usize) -> u8 {
        self.s.get(self.i + k).copied().unwrap_or(0)
    }

    fn run(&mut self) {
        let n = self.s.len();
        while self.i < n {
            if self.case_patterns {
                self.skip_case_pattern();
                continue;
            }
            let b = self.s[self.i];
            match b {
                b' ' | b'\t' | b'\r' => self.i += 1,
                b'\\' if self.peek(1) == b'\n' => self.i += 2,
                b'\n' => {
                    self.end_pipeline();
                    self.i += 1;
                    self.skip_heredoc_bodies();
                }
                b'#' => self.i = find_byte(self.s, self.i, n, b'\n'),
                b';' => {
                    self.end_pipeline();
                    // `;;`, `;&` and `;;&` end a case item; patterns follow.
                    let len = match (self.peek(1), self.peek(2)) {
                        (b';', b'&') => 3,
                        (b';' | b'&', _) => 2,
                        _ => 1,
                    };
                    if len > 1 && self.case_depth > 0 {
                        self.case_patterns = true;
                    }
                    self.i += len;
                }
                b'&' => match self.peek(1) {
                    b'&' => {
                        self.end_pipeline();
                        self.i += 2;
                    }
                    b'>' => self.redirect(),
                    _ => {
                        self.end_pipeline();
                        self.i += 1;
                    }
                },
                b'|' => match self.peek(1) {
                    b'|' => {
                        self.end_pipeline();
                        self.i += 2;
                    }
                    b'&' => {
                        self.end_segment();
                        self.i += 2;
                    }
                    _ => {
                        self.end_segment();
                        self.i += 1;
                    }
                },
                b'<' | b'>' => self.redirect(),
                b'(' => self.open_paren(),
                b')' => {
                    self.end_pipeline();
                    self.i += 1;
                }
                _ => self.word(),
            }
        }
        self.end_pipeline();
    }

    /// Ends the current simple command; the pipeline goes on (after `|`).
    fn end_segment(&mut self) {
        if self.cur.is_empty() {
            return;
        }
        let cur = std::mem::take(&mut self.cur);
        let id = match self.pipeline {
            Some(id) => id,
            None => {
                let id = self.c.new_pipeline();
                self.pipeline = Some(id);
                id
            }
        };
        self.c.finish(cur, id, self.position, 0);
        self.position += 1;
        self.pending_fd = None;
    }

    /// Ends the current pipeline (at `&&`, `||`, `;`, `&`, a newline or a parenthesis).
    fn end_pipeline(&mut self) {
        self.end_segment();
        if let Some(id) = self.pipeline.take() {
            let len = self.position;
            // This pipeline's commands are the last ones: substitutions are only parsed below.
            for c in self.c.commands.iter_mut().rev() {
                if c.pipeline != id {
                    break;
                }
                c.pipeline_len = len;
            }
        }
        self.position = 0;
        self.header = Header::None;
        self.c.flush();
    }

    fn word(&mut self) {
        let start = self.i;
        let scanned = scan_word(self.c.src, start, self.s.len(), true);
        let end = scanned.end;
        if end == start {
            // Cannot happen (the caller dispatches metacharacters), but never stall.
            self.i += 1;
            return;
        }
        self.i = end;
        let src = self.c.src;
        let raw = src.get(start..end).unwrap_or_default();
        // `2>file`: an all-digit word glued to a redirection operator is its fd.
        if matches!(self.peek(0), b'<' | b'>') && raw.bytes().all(|b| b.is_ascii_digit()) {
            self.pending_fd = raw.parse().ok();
            return;
        }
        // Reserved words only count unquoted: `"if"` is an ordinary word.
        let plain = !raw.bytes().any(|b| matches!(b, b'\'' | b'"' | b'\\'));
        let keyword = if plain { scanned.text.as_str() } else { "" };
        match self.header {
            Header::Loop => {
                // `for f in $(ls)`: the substitution still runs.
                self.c.note_substitutions(scanned.substitutions);
                return;
            }
            Header::Function => {
                self.header = Header::None;
                self.skip_empty_parens();
                return;
            }
            Header::Case => {
                if keyword == "in" {
                    self.header = Header::None;
                    self.case_patterns = true;
                    self.case_depth += 1;
                } else {
                    self.c.note_substitutions(scanned.substitutions);
                }
                return;
            }
            Header::None => {}
        }
        let at_start = self.cur.name.is_none() && self.cur.assignments.is_empty();
        if at_start && self.cur.args.is_empty() {
            match keyword {
                "if" | "then" | "else" | "elif" | "fi" | "do" | "done" | "while" | "until"
                | "!" | "{" | "}" => return,
                "time" if self.position == 0 => {
                    self.skip_literal_word("-p");
                    return;
                }
                "esac" => {
                    self.case_depth = self.case_depth.saturating_sub(1);
                    return;
                }
                "for" | "select" => {
                    self.header = Header::Loop;
                    return;
                }
                "case" => {
                    self.header = Header::Case;
                    return;
                }
                "function" => {
                    self.header = Header::Function;
                    return;
                }
                "[[" => {
                    self.skip_past(b"]]");
                    return;
                }
                _ => {}
            }
        }
        let word = self.c.scanned_word(start, scanned);
        if self.cur.name.is_none() {
            if is_assignment(&word.raw) {
                self.cur.assignments.push(word);
            } else {
                self.cur.name = Some(word);
            }
        } else {
            self.cur.args.push(word);
        }
    }

    /// A `(`: `(( … ))` arithmetic, `name()` of a function definition, or a subshell.
    fn open_paren(&mut self) {
        if self.peek(1) == b'(' {
            // `(( … ))` (or `for (( … ))`): nothing to run inside.
            self.end_pipeline();
            self.i = balanced_paren(self.s, self.i, self.s.len());
            return;
        }
        let only_name = self.cur.name.is_some()
            && self.cur.args.is_empty()
            && self.cur.assignments.is_empty()
            && self.cur.redirects.is_empty();
        if only_name && self.next_non_blank(self.i + 1) == b')' {
            // `name() { …; }`: a function definition, not a command.
            self.cur = Pending::default();
            self.skip_empty_parens();
            return;
        }
        self.end_pipeline();
        self.i += 1;
    }

    fn next_non_blank(&self, mut j: usize) -> u8 {
        while j < self.s.len() && matches!(self.s[j], b' ' | b'\t') {
            j += 1;
        }
        self.s.get(j).copied().unwrap_or(0)
    }

    /// Skips blanks and a following `()`, if there is one.
    fn skip_empty_parens(&mut self) {
        let mut j = self.i;
        while j < self.s.len() && matches!(self.s[j], b' ' | b'\t') {
            j += 1;
        }
        if self.s.get(j) == Some(&b'(') {
            let k = j + 1;
            let mut m = k;
            while m < self.s.len() && matches!(self.s[m], b' ' | b'\t') {
                m += 1;
            }
            if self.s.get(m) == Some(&b')') {
                self.i = m + 1;
            }
        }
    }

    /// Skips the next word if it is exactly `lit` (as in `time -p`).
    fn skip_literal_word(&mut self, lit: &str) {
        let mut j = self.i;
        while j < self.s.len() && matches!(self.s[j], b' ' | b'\t') {
            j += 1;
        }
        let end = j + lit.len();
        if self.s.get(j..end) == Some(lit.as_bytes())
            && self.s.get(end).is_none_or(|&b| super::scan::is_meta(b))
        {
            self.i = end;
        }
    }

    /// Moves past the next occurrence of `needle`, or to the end.
    fn skip_past(&mut self, needle: &[u8]) {
        let rest = self.s.get(self.i..).unwrap_or_default();
        self.i = rest
            .windows(needle.len())
            .position(|w| w == needle)
            .map_or(self.s.len(), |p| self.i + p + needle.len());
    }

    /// Skips one `case` pattern up to its `)`, or `esac`.
    fn skip_case_pattern(&mut self) {
        let n = self.s.len();
        while self.i < n {
            match self.s[self.i] {
                b' ' | b'\t' | b'\r' | b'\n' | b';' => self.i += 1,
                b'#' => self.i = find_byte(self.s, self.i, n, b'\n'),
                _ => break,
            }
        }
        let s = self.s;
        let i = self.i;
        if s.get(i..i + 4) == Some(b"esac") && s.get(i + 4).is_none_or(|&b| super::scan::is_meta(b))
        {
            self.i += 4;
            self.case_depth = self.case_depth.saturating_sub(1);
            self.case_patterns = false;
            return;
        }
        // Up to the first unquoted `)`.
        let mut j = i;
        while j < n {
            match s[j] {
                b')' => {
                    j += 1;
                    break;
                }
                b'\\' => j += 2,
                b'\'' => j = find_byte(s, j + 1, n, b'\'') + 1,
                b'"' => j = find_byte(s, j + 1, n, b'"') + 1,
                _ => j += 1,
            }
        }
        self.i = j.min(n);
        self.case_patterns = false;
    }

    /// Reads a redirection operator at `self.i` and its target word.
    fn redirect(&mut self) {
        let ops: [&[u8]; 15] = [
            b"&>>", b"&>", b"<<<", b"<<-", b"<<", b"<>", b"<&", b"<(", b">>", b">&", b">|", b">(",
            b"<", b">", b"&",
        ];
        let rest = self.s.get(self.i..).unwrap_or_default();
        let op = ops
            .iter()
            .copied()
            .find(|op| rest.starts_with(op))
            .unwrap_or(b"&");
        let fd = self.pending_fd.take();
        if op == b"<(" || op == b">(" {
            // A process substitution used as an argument (or, oddly, as the command).
            let word = self.process_substitution();
            if self.cur.name.is_none() {
                self.cur.name = Some(word);
            } else {
                self.cur.args.push(word);
            }
            return;
        }
        self.i += op.len();
        while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\t') {
            self.i += 1;
        }
        let target = if matches!((self.peek(0), self.peek(1)), (b'<' | b'>', b'(')) {
            // `done < <(ls)`
            self.process_substitution()
        } else {
            let start = self.i;
            let scanned = scan_word(self.c.src, start, self.s.len(), true);
            self.i = scanned.end;
            self.c.scanned_word(start, scanned)
        };
        if (op == b"<<" || op == b"<<-") && !target.text.is_empty() {
            self.heredocs.push((target.text.clone(), op == b"<<-"));
        }
        if target.start == target.end {
            return;
        }
        self.cur.redirects.push(Redirect {
            fd,
            op: String::from_utf8_lossy(op).into_owned(),
            target,
        });
    }

    /// Reads `<( … )` or `>( … )` at `self.i` as a word; its inside is parsed as a nested
    /// script.
    fn process_substitution(&mut self) -> Word {
        let start = self.i;
        let end = balanced_paren(self.s, self.i + 1, self.s.len());
        self.i = end;
        let inner_end = if end > start + 2 && self.s[end - 1] == b')' {
            end - 1
        } else {
            end
        };
        self.c
            .note_substitutions(vec![(start + 2, inner_end.max(start + 2))]);
        let text = self.c.src.get(start..end).unwrap_or_default().to_owned();
        Word {
            raw: text.clone(),
            text,
            start,
            end,
        }
    }

    /// After a newline: skips the bodies of the here-documents opened on the line before.
    fn skip_heredoc_bodies(&mut self) {
        let n = self.s.len();
        for (delimiter, strip_tabs) in std::mem::take(&mut self.heredocs) {
            while self.i < n {
                let eol = find_byte(self.s, self.i, n, b'\n');
                let mut line = &self.s[self.i..eol];
                self.i = (eol + 1).min(n);
                if strip_tabs {
                    while let [b'\t', rest @ ..] = line {
                        line = rest;
                    }
                }
                if let [rest @ .., b'\r'] = line {
                    line = rest;
                }
                if line == delimiter.as_bytes() {
                    break;
                }
            }
        }
    }
}
