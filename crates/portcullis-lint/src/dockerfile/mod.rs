//! The Dockerfile model: every construct BuildKit accepts, with byte spans back into the source.
//!
//! Parsing is done once per file by [`parse`]; rules only read the resulting [`Dockerfile`].
//! A broken instruction becomes a [`ParseError`] and parsing goes on with the next one.

pub mod context;
mod expand;
pub mod fix;
mod image_ref;
pub mod lint;
mod parse;
pub mod pragma;
pub mod rules;
mod stages;

pub use expand::{Vars, expand};
pub use image_ref::ImageRef;
pub use parse::parse;
pub use stages::{Stage, global_args};

/// Instruction keywords.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    From,
    Run,
    Cmd,
    Label,
    Maintainer,
    Expose,
    Env,
    Add,
    Copy,
    Entrypoint,
    Volume,
    User,
    Workdir,
    Arg,
    Onbuild,
    Stopsignal,
    Healthcheck,
    Shell,
}

impl Kind {
    pub fn from_keyword(k: &str) -> Option<Kind> {
        // Upper-cased on the stack: the longest keyword has 11 letters.
        let mut buf = [0u8; 11];
        let up = buf.get_mut(..k.len())?;
        up.copy_from_slice(k.as_bytes());
        up.make_ascii_uppercase();
        Some(match &*up {
            b"FROM" => Kind::From,
            b"RUN" => Kind::Run,
            b"CMD" => Kind::Cmd,
            b"LABEL" => Kind::Label,
            b"MAINTAINER" => Kind::Maintainer,
            b"EXPOSE" => Kind::Expose,
            b"ENV" => Kind::Env,
            b"ADD" => Kind::Add,
            b"COPY" => Kind::Copy,
            b"ENTRYPOINT" => Kind::Entrypoint,
            b"VOLUME" => Kind::Volume,
            b"USER" => Kind::User,
            b"WORKDIR" => Kind::Workdir,
            b"ARG" => Kind::Arg,
            b"ONBUILD" => Kind::Onbuild,
            b"STOPSIGNAL" => Kind::Stopsignal,
            b"HEALTHCHECK" => Kind::Healthcheck,
            b"SHELL" => Kind::Shell,
            _ => return None,
        })
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::From => "FROM",
            Kind::Run => "RUN",
            Kind::Cmd => "CMD",
            Kind::Label => "LABEL",
            Kind::Maintainer => "MAINTAINER",
            Kind::Expose => "EXPOSE",
            Kind::Env => "ENV",
            Kind::Add => "ADD",
            Kind::Copy => "COPY",
            Kind::Entrypoint => "ENTRYPOINT",
            Kind::Volume => "VOLUME",
            Kind::User => "USER",
            Kind::Workdir => "WORKDIR",
            Kind::Arg => "ARG",
            Kind::Onbuild => "ONBUILD",
            Kind::Stopsignal => "STOPSIGNAL",
            Kind::Healthcheck => "HEALTHCHECK",
            Kind::Shell => "SHELL",
        }
    }
}

/// A piece of text with its byte span in the source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// `--name=value` before the arguments of FROM, RUN, COPY, ADD, HEALTHCHECK.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flag {
    pub name: String,
    pub value: Option<String>,
    pub start: usize,
    pub end: usize,
}

impl Flag {
    /// `type=cache,target=/root/.cache` → `[("type","cache"),("target","/root/.cache")]`.
    /// Keys without `=` get an empty value. Quoted values are unquoted.
    pub fn csv(&self) -> Vec<(String, String)> {
        let Some(v) = &self.value else { return vec![] };
        split_csv(v)
            .into_iter()
            .map(|item| match item.split_once('=') {
                Some((k, v)) => (k.trim().to_ascii_lowercase(), unquote(v.trim())),
                None => (item.trim().to_ascii_lowercase(), String::new()),
            })
            .collect()
    }
}

fn split_csv(v: &str) -> Vec<String> {
    let mut out = vec![];
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    for c in v.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => {
                quote = None;
                cur.push(c);
            }
            (Some(_), c) => cur.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                cur.push(c);
            }
            (None, ',') => out.push(std::mem::take(&mut cur)),
            (None, c) => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Removes one level of matching surrounding quotes.
pub fn unquote(s: &str) -> String {
    let b = s.as_bytes();
    if b.len() >= 2 && (b[0] == b'"' || b[0] == b'\'') && b[b.len() - 1] == b[0] {
        s[1..s.len() - 1].to_string()
    } else {
        s.to_string()
    }
}

/// A heredoc attached to RUN, COPY or ADD.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heredoc {
    pub delimiter: String,
    /// `<<-`: leading tabs are stripped from body lines.
    pub strip_tabs: bool,
    /// False when the delimiter was quoted: no variable expansion in the body.
    pub expand: bool,
    /// The raw body (lines between the marker line and the terminator), ending in a newline.
    pub body: String,
    pub body_start: usize,
    /// Byte span of the `<<EOF` marker in the instruction line.
    pub marker_start: usize,
    pub marker_end: usize,
    /// False when the file ended before the terminator.
    pub terminated: bool,
}

/// The arguments of an instruction after its flags.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Args {
    /// `["a", "b"]` (exec form).
    Json(Vec<Spanned>),
    /// Anything else; `text` is the logical text (continuations removed), mapped back to source
    /// offsets by [`Instruction::source_offset`].
    Shell(String),
}

/// One instruction, continuation lines and heredoc bodies included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Instruction {
    pub kind: Kind,
    /// The keyword as written.
    pub keyword: String,
    /// Byte span of the whole instruction in the source (heredoc bodies included).
    pub start: usize,
    pub end: usize,
    /// 1-based line of the keyword and of the last line (heredoc terminator included).
    pub line: u32,
    pub end_line: u32,
    pub flags: Vec<Flag>,
    pub args: Args,
    /// Logical offset of `args` inside [`Instruction::logical`].
    pub args_offset: usize,
    /// The instruction's logical line: continuation escapes, comment lines and blank lines
    /// inside continuations removed.
    pub logical: String,
    /// `(logical offset, source offset)` at the start of each contiguous segment.
    pub segments: Vec<(usize, usize)>,
    pub heredocs: Vec<Heredoc>,
    /// For ONBUILD: the triggered instruction.
    pub onbuild: Option<Box<Instruction>>,
    /// Index of the stage this instruction belongs to (`None` before the first FROM).
    pub stage: Option<usize>,
    /// [`Instruction::words`] and [`Instruction::key_values`], worked out once: several rules
    /// ask for them.
    pub(crate) memo: (
        crate::memo::Memo<Vec<Spanned>>,
        crate::memo::Memo<Vec<KeyValue>>,
    ),
}

impl Instruction {
    /// Maps an offset in [`Instruction::logical`] to a byte offset in the source file.
    pub fn source_offset(&self, logical: usize) -> usize {
        let i = match self.segments.binary_search_by(|(l, _)| l.cmp(&logical)) {
            Ok(i) => i,
            Err(0) => 0,
            Err(i) => i - 1,
        };
        let (l, s) = self.segments[i];
        s + (logical - l)
    }

    /// The arguments as plain text (JSON form joined by spaces).
    pub fn args_text(&self) -> String {
        match &self.args {
            Args::Shell(s) => s.clone(),
            Args::Json(v) => v
                .iter()
                .map(|s| s.text.as_str())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    pub fn is_json(&self) -> bool {
        matches!(self.args, Args::Json(_))
    }

    pub fn flag(&self, name: &str) -> Option<&Flag> {
        self.flags
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// All `--mount` flags as key/value lists.
    pub fn mounts(&self) -> Vec<Vec<(String, String)>> {
        self.flags
            .iter()
            .filter(|f| f.name.eq_ignore_ascii_case("mount"))
            .map(|f| f.csv())
            .collect()
    }

    /// Source span of the arguments (after the flags), without trailing whitespace.
    pub fn args_span(&self) -> (usize, usize) {
        let text = &self.logical[self.args_offset.min(self.logical.len())..];
        let trimmed = text.trim_end().len();
        (
            self.source_offset(self.args_offset),
            self.source_offset(self.args_offset + trimmed),
        )
    }

    /// Splits shell-form arguments into whitespace-separated words (quotes respected, kept).
    pub fn words(&self) -> &[Spanned] {
        self.memo.0.get_or_init(|| self.split_args())
    }

    fn split_args(&self) -> Vec<Spanned> {
        match &self.args {
            Args::Json(v) => v.clone(),
            Args::Shell(s) => split_words(s)
                .into_iter()
                .map(|(a, b)| Spanned {
                    text: s[a..b].to_string(),
                    start: self.source_offset(self.args_offset + a),
                    end: self.source_offset(self.args_offset + b),
                })
                .collect(),
        }
    }

    /// `key=value` pairs of ENV, LABEL and ARG (legacy `ENV key value` too), unquoted.
    pub fn key_values(&self) -> &[KeyValue] {
        self.memo.1.get_or_init(|| self.split_key_values())
    }

    fn split_key_values(&self) -> Vec<KeyValue> {
        let Args::Shell(s) = &self.args else {
            return vec![];
        };
        let words = split_words(s);
        let mut out = vec![];
        let legacy = matches!(self.kind, Kind::Env | Kind::Label)
            && words.first().is_some_and(|&(a, b)| !s[a..b].contains('='));
        if legacy && self.kind == Kind::Env {
            let (a, b) = words[0];
            let value_start = words.get(1).map(|w| w.0).unwrap_or(b);
            let value = s[value_start..].trim_end();
            out.push(KeyValue {
                key: s[a..b].to_string(),
                value: Some(unquote(value)),
                key_start: self.source_offset(self.args_offset + a),
                value_start: self.source_offset(self.args_offset + value_start),
                end: self.source_offset(self.args_offset + value_start + value.len()),
            });
            return out;
        }
        for (a, b) in words {
            let w = &s[a..b];
            let (key, value) = match w.find('=') {
                Some(eq) => (unquote(&w[..eq]), Some(unquote_word(&w[eq + 1..]))),
                None => (unquote(w), None),
            };
            let value_start = a + w.find('=').map(|e| e + 1).unwrap_or(w.len());
            out.push(KeyValue {
                key,
                value,
                key_start: self.source_offset(self.args_offset + a),
                value_start: self.source_offset(self.args_offset + value_start),
                end: self.source_offset(self.args_offset + b),
            });
        }
        out
    }
}

/// A `key=value` pair of ENV, LABEL or ARG.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyValue {
    pub key: String,
    pub value: Option<String>,
    pub key_start: usize,
    pub value_start: usize,
    pub end: usize,
}

/// Removes quotes and backslash escapes from a word like `"a b"c\ d`.
pub fn unquote_word(w: &str) -> String {
    let mut out = String::with_capacity(w.len());
    let mut chars = w.chars();
    let mut quote: Option<char> = None;
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some('"'), '\\') => {
                if let Some(n) = chars.next() {
                    if !matches!(n, '"' | '\\' | '$' | '`') {
                        out.push('\\');
                    }
                    out.push(n);
                }
            }
            (Some(_), c) => out.push(c),
            (None, '"' | '\'') => quote = Some(c),
            (None, '\\') => {
                if let Some(n) = chars.next() {
                    out.push(n);
                }
            }
            (None, c) => out.push(c),
        }
    }
    out
}

/// Byte ranges of whitespace-separated words, quotes and backslash escapes respected.
pub fn split_words(s: &str) -> Vec<(usize, usize)> {
    let b = s.as_bytes();
    let mut out = vec![];
    let mut i = 0;
    while i < b.len() {
        while i < b.len() && b[i].is_ascii_whitespace() {
            i += 1;
        }
        if i >= b.len() {
            break;
        }
        let end = word_end(s, i);
        out.push((i, end));
        i = end;
    }
    out
}

/// End of the whitespace-delimited word starting at `start`: quotes and backslash escapes
/// respected, never inside a UTF-8 sequence.
pub(crate) fn word_end(s: &str, start: usize) -> usize {
    let b = s.as_bytes();
    let mut i = start;
    let mut quote = 0u8;
    while i < b.len() {
        let c = b[i];
        if quote != 0 {
            if c == quote {
                quote = 0;
            } else if c == b'\\' && quote == b'"' {
                i += 1;
            }
        } else if c == b'"' || c == b'\'' {
            quote = c;
        } else if c == b'\\' {
            i += 1;
        } else if c.is_ascii_whitespace() {
            break;
        }
        i += 1;
    }
    let end = i.min(b.len());
    (end..=b.len())
        .find(|&e| s.is_char_boundary(e))
        .unwrap_or(b.len())
}

/// A parser directive (`# syntax=`, `# escape=`, `# check=`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub name: String,
    pub value: String,
    pub line: u32,
}

/// A comment line outside instructions (pragmas live here).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// Text after `#`, trimmed.
    pub text: String,
    pub line: u32,
    pub start: usize,
    pub end: usize,
}

/// A syntax problem; becomes a `PC001` finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    pub line: u32,
    pub column: u32,
}

/// A parsed Dockerfile.
#[derive(Debug, Clone)]
pub struct Dockerfile {
    pub source: String,
    pub lines: portcullis_core::text::LineIndex,
    pub directives: Vec<Directive>,
    pub escape: char,
    pub instructions: Vec<Instruction>,
    pub comments: Vec<Comment>,
    pub errors: Vec<ParseError>,
    pub stages: Vec<Stage>,
}

impl Dockerfile {
    /// 1-based (line, column) of a source byte offset.
    pub fn position(&self, offset: usize) -> (u32, u32) {
        self.lines.position(&self.source, offset)
    }

    /// The final stage (the one `docker build` produces without `--target`).
    pub fn final_stage(&self) -> Option<&Stage> {
        self.stages.last()
    }

    /// Instructions of a stage, in order.
    pub fn stage_instructions(&self, stage: usize) -> impl Iterator<Item = &Instruction> {
        self.instructions
            .iter()
            .filter(move |i| i.stage == Some(stage))
    }

    /// Every instruction, with ONBUILD triggers yielded after their ONBUILD.
    pub fn all_instructions(&self) -> impl Iterator<Item = &Instruction> {
        self.instructions
            .iter()
            .flat_map(|i| std::iter::once(i).chain(i.onbuild.as_deref()))
    }
}
