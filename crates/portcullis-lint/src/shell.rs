//! The shell command model Dockerfile rules reason about: which programs a `RUN` runs, with
//! which arguments, in which pipelines — hadolint's "present commands", built for Rust.
//!
//! [`parse`] takes the text of a shell-form `RUN` (line continuations already removed by the
//! caller) or a heredoc body, and returns a [`Script`]: every *simple command* in source order,
//! wherever it sits — in `&&`/`||` lists, after `;` or `&`, in pipelines, subshells `( … )`,
//! brace groups, `if`/`for`/`while`/`until`/`case` bodies, function bodies, and inside command
//! substitutions `$( … )`, backticks and process substitutions `<( … )`.
//!
//! # How it parses
//!
//! The script is parsed with [brush-parser] (POSIX and bash syntax). When brush-parser rejects
//! it, the hand-written tokenizer in `fallback` takes over and [`Script::parsed`] is false. The
//! fallback splits on unquoted `&&`, `||`, `;`, `|`, `&`, newlines and parentheses and knows
//! quotes, escapes, comments, here-documents and the compound-command keywords; it is linear
//! and never fails, so rules always get commands, only less exactly structured ones.
//!
//! The fallback is also used, without trying brush-parser, when
//! - the script is larger than [`BRUSH_MAX_BYTES`]. brush-parser is linear but slow, about
//!   2 MB/s (a 300-byte `RUN` takes ~60–80 µs, 128 KiB ~70 ms, 1 MiB ~0.5 s); the fallback
//!   reads 7–15 MB/s (~10 µs for the 300-byte `RUN`, ~80–150 ms for 1 MiB). Measured with
//!   the `timing` test below on a shared 2-core machine;
//! - it could nest more than 4096 levels deep (brush-parser recurses once per level, about
//!   6 KiB of stack each). Scripts that could nest more than 32 levels are parsed on a helper
//!   thread with a stack sized for them, so deep input can never overflow the caller's stack;
//! - it contains a file-descriptor number too large for brush-parser 0.4, which panics on it.
//!
//! Any other panic inside brush-parser is caught and also leads to the fallback. So does a
//! word whose position brush-parser gets wrong (each is checked against the source).
//!
//! Valid bash that brush-parser 0.4 rejects, and so gets the fallback: `select` loops,
//! `case` inside `$( … )`, `${…}` after a here-document operator on the same line
//! (`cat <<EOF ${X}`, mis-tokenized), unterminated here-documents. Dockerfile-typical
//! breakage — a trailing `&&` or `\` left by a commented-out continuation line, unbalanced
//! quotes — also gets the fallback.
//!
//! # What rules see
//!
//! - [`Word::text`] is unquoted: quotes removed, backslash escapes resolved, but expansions
//!   (`$VAR`, `${VAR:-x}`, `$(cmd)`, `` `cmd` ``, `$((1+2))`) kept literally as written.
//!   [`Word::raw`] is the word as written; `start..end` are byte offsets into the string given
//!   to [`parse`], always on char boundaries, so `&script[w.start..w.end] == w.raw`.
//! - Wrappers are not unwrapped: `sudo apt-get install x` is a command named `sudo`. Use
//!   [`Command::unwrap_wrappers`] / [`Command::unwrapped`] to look through `sudo`, `env`,
//!   `nice`, `xargs`, `time`, `timeout`, `nohup`, `exec`, ….
//! - `time` and `!` in front of a pipeline are syntax, not commands: `time make` is `make`.
//! - Bare assignments (`A=1` alone), `[[ … ]]`, `(( … ))` and here-document bodies are not
//!   commands. Redirections are listed separately in [`Command::redirects`], not as args.
//! - A pipeline is the innermost one: in `curl x | (cd /tmp && sh)`, `curl` is at position 0
//!   of a 2-element pipeline, while `cd` and `sh` are each alone in their own pipeline.
//!   Commands inside substitutions have `in_substitution` set and their own pipelines.
//!
//! [brush-parser]: https://docs.rs/brush-parser

mod brush;
mod collect;
mod fallback;
mod scan;

use collect::Collector;

/// Scripts larger than this (in bytes) are read by the fallback tokenizer only. Real `RUN`
/// lines are well under 10 KiB; at brush-parser's ~2 MB/s this caps a parse at ~70 ms.
pub const BRUSH_MAX_BYTES: usize = 128 * 1024;

/// Scripts that could nest up to this many levels are parsed with brush-parser on the
/// caller's stack (at ~6 KiB a level, 32 levels stay far below any thread's stack).
const INLINE_NESTING_LIMIT: usize = 32;
/// Beyond this many possible levels brush-parser is not tried at all.
const MAX_NESTING: usize = 4096;
/// Stack reserved per possible nesting level on the helper thread (2.5× the measured need).
const STACK_PER_LEVEL: usize = 16 * 1024;
/// Stack reserved on the helper thread on top of that.
const STACK_BASE: usize = 1024 * 1024;

/// One word of a command.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct Word {
    /// The word unquoted: quotes removed, escapes resolved, `$VAR` and other expansions kept
    /// literally as written.
    pub text: String,
    /// The word exactly as written in the script.
    pub raw: String,
    /// Byte offset of the word's first byte in the script passed to [`parse`].
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
}

/// A redirection of a command, such as `> /dev/null`, `2>&1` or `<<EOF`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Redirect {
    /// The file descriptor written before the operator (`2` in `2>&1`), if any.
    pub fd: Option<i32>,
    /// The operator: `<`, `>`, `>>`, `<>`, `>|`, `<&`, `>&`, `&>`, `&>>`, `<<<`, `<<` or `<<-`.
    pub op: String,
    /// The file, descriptor, here-string or here-document delimiter after the operator.
    pub target: Word,
}

/// One simple command: a program name with its arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// The first word after any leading `VAR=value` assignments, unquoted, e.g. `apt-get`.
    pub name: String,
    /// The name as a word, with its position.
    pub name_word: Word,
    /// The words after the name (redirections excluded).
    pub args: Vec<Word>,
    /// Leading `VAR=value` assignments, unquoted (`A="b c"` is `A=b c`).
    pub assignments: Vec<String>,
    /// The same assignments as words, with their positions.
    pub assignment_words: Vec<Word>,
    /// Redirections, wherever they were written in the command.
    pub redirects: Vec<Redirect>,
    /// Byte offset of the command's first word (assignment, name, argument or redirection
    /// target) in the script.
    pub start: usize,
    /// Byte offset just past its last word. Redirection operators before the first word and
    /// here-document bodies are outside `start..end`.
    pub end: usize,
    /// Index of the pipeline (commands joined by `|`) this command belongs to; pipelines are
    /// numbered from 0 in order of their first command.
    pub pipeline: usize,
    /// Number of commands in that pipeline, compound commands such as `( … )` included.
    pub pipeline_len: usize,
    /// 0-based position of this command in that pipeline.
    pub position: usize,
    /// Whether the command runs inside a command substitution (`$( … )`, backticks) or a
    /// process substitution (`<( … )`).
    pub in_substitution: bool,
}

/// The commands of one script.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Script {
    /// Every simple command, in source order.
    pub commands: Vec<Command>,
    /// True when brush-parser parsed the whole script; false when the fallback tokenizer was
    /// used for it or for any command substitution inside it.
    pub parsed: bool,
}

/// Parses a shell script (a `RUN` command line or a heredoc body) into its commands.
/// Never panics; linear in the size of the input.
pub fn parse(script: &str) -> Script {
    parse_at_depth(script, 0)
}

/// [`parse`] for a script that is `depth` command substitutions deep.
fn parse_at_depth(script: &str, depth: u8) -> Script {
    // Plain lists of simple commands (`a && b | c; d`), the bulk of RUN lines, have only one
    // structure: the linear tokenizer gets them exactly right (a proptest checks it agrees
    // with brush) at a tenth of the cost. brush handles everything compound.
    if script.len() <= BRUSH_MAX_BYTES
        && !scan::has_huge_fd_number(script)
        && is_simple(script)
        && well_formed(script)
    {
        let mut c = Collector::new(script, depth);
        fallback::parse_into(&mut c);
        let mut s = c.into_script();
        s.parsed = true;
        return s;
    }
    if script.len() <= BRUSH_MAX_BYTES && !scan::has_huge_fd_number(script) {
        let bound = scan::nesting_bound(script);
        let attempt = if bound <= INLINE_NESTING_LIMIT {
            try_brush(script, depth)
        } else if bound <= MAX_NESTING {
            on_big_stack(bound, || try_brush(script, depth)).flatten()
        } else {
            None
        };
        if let Some(parsed) = attempt {
            return parsed;
        }
    }
    let mut c = Collector::new(script, depth);
    fallback::parse_into(&mut c);
    c.into_script()
}

/// True when the script has no compound command, subshell, group, substitution or
/// here-document: only simple commands joined by `&&`, `||`, `;`, `|`, `&` and newlines.
fn is_simple(script: &str) -> bool {
    let b = script.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        match c {
            b'(' | b')' | b'`' => return false,
            b'{' if i == 0 || b[i - 1] != b'$' => return false,
            b'<' if b.get(i + 1) == Some(&b'<') => return false,
            _ => {}
        }
    }
    const KEYWORDS: [&str; 12] = [
        "if", "then", "elif", "else", "fi", "for", "while", "until", "do", "done", "case", "select",
    ];
    !script
        .split(|c: char| c.is_ascii_whitespace() || matches!(c, ';' | '&' | '|'))
        .any(|w| KEYWORDS.contains(&w) || w == "function" || w == "[[" || w == "esac")
}

/// Quotes closed, and no dangling `&&`, `||`, `|` or `\\` at the end: what brush would accept
/// for a simple script.
fn well_formed(script: &str) -> bool {
    let mut quote = 0u8;
    let b = script.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        match (quote, c) {
            (0, b'\\') => i += 1,
            (0, b'\'' | b'"') => quote = c,
            (b'"', b'\\') => i += 1,
            (q, c) if q != 0 && c == q => quote = 0,
            _ => {}
        }
        i += 1;
    }
    let t = script.trim_end();
    quote == 0
        && !t.ends_with(['&', '|', '\\'])
        && !t.starts_with(['&', '|', ';'])
        && !t.contains(";;")
}

/// Parses with brush-parser; `None` when it rejects the script, a position does not check
/// out, or it panics.
fn try_brush(script: &str, depth: u8) -> Option<Script> {
    std::panic::catch_unwind(|| {
        let mut c = Collector::new(script, depth);
        brush::parse_into(&mut c).ok()?;
        Some(c.into_script())
    })
    .ok()
    .flatten()
}

/// Runs `f` on a helper thread whose stack fits `levels` nesting levels; `None` if the thread
/// cannot be started or `f` panics.
fn on_big_stack<T: Send>(levels: usize, f: impl FnOnce() -> T + Send) -> Option<T> {
    let size = STACK_BASE.saturating_add(levels.saturating_mul(STACK_PER_LEVEL));
    std::thread::scope(|scope| {
        std::thread::Builder::new()
            .name("portcullis-shell-parse".to_owned())
            .stack_size(size)
            .spawn_scoped(scope, f)
            .ok()?
            .join()
            .ok()
    })
}

impl Script {
    /// Whether any command is part of a pipeline of two or more commands.
    pub fn has_pipe(&self) -> bool {
        self.commands.iter().any(|c| c.pipeline_len > 1)
    }

    /// The commands named `name` (see [`Command::is`]).
    pub fn find<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'s Command> + 's {
        self.commands.iter().filter(move |c| c.is(name))
    }

    /// The simple commands of pipeline `index`, in order.
    pub fn pipeline(&self, index: usize) -> impl Iterator<Item = &Command> {
        self.commands.iter().filter(move |c| c.pipeline == index)
    }
}

/// `-x`, `--xyz`, `x` → `x`, `xyz`.
fn bare(flag: &str) -> &str {
    flag.trim_start_matches('-')
}

/// The single character of a one-character flag.
fn single_char(flag: &str) -> Option<char> {
    let mut chars = flag.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

/// Whether `arg` is an option word: `-x…` or `--x…`, but not `-` or `--`.
fn is_option(arg: &str) -> bool {
    arg.len() > 1 && arg.starts_with('-') && arg != "--"
}

/// Whether option word `arg` consumes the *next* word as its value, given the flags (without
/// dashes) that take one. `--opt=v` and `-ov` carry their value in themselves.
fn takes_next_value(arg: &str, value_flags: &[&str]) -> bool {
    if let Some(long) = arg.strip_prefix("--") {
        return !long.contains('=') && value_flags.iter().any(|f| bare(f) == long);
    }
    let Some(cluster) = arg.strip_prefix('-') else {
        return false;
    };
    for (pos, ch) in cluster.char_indices() {
        if value_flags.iter().any(|f| single_char(bare(f)) == Some(ch)) {
            return pos + ch.len_utf8() == cluster.len();
        }
    }
    false
}

impl Command {
    /// Whether this command is `name`: the name itself, or a path ending in it
    /// (`/usr/bin/apt-get` is `apt-get`).
    pub fn is(&self, name: &str) -> bool {
        self.name == name || self.name.rsplit('/').next() == Some(name)
    }

    /// Whether this command is any of `names`.
    pub fn is_any(&self, names: &[&str]) -> bool {
        names.iter().any(|n| self.is(n))
    }

    /// Byte span of the command name in the script.
    pub fn name_span(&self) -> (usize, usize) {
        (self.name_word.start, self.name_word.end)
    }

    /// The arguments before a `--` end-of-options marker.
    fn option_args(&self) -> impl Iterator<Item = &Word> {
        self.args.iter().take_while(|w| w.text != "--")
    }

    /// Whether a flag is given. `flag` is written without dashes: a one-character flag such
    /// as `"y"` matches `-y` and combined short flags like `-qy`; a longer one such as `"yes"`
    /// matches `--yes` and `--yes=…`. Arguments after `--` are not looked at. Single-dash long
    /// options (`find -name`) are not flags here: use [`Command::has_arg`].
    pub fn has_flag(&self, flag: &str) -> bool {
        let flag = bare(flag);
        if flag.is_empty() {
            return false;
        }
        let short = single_char(flag);
        self.option_args().any(|w| {
            let t = w.text.as_str();
            if let Some(long) = t.strip_prefix("--") {
                short.is_none()
                    && long
                        .strip_prefix(flag)
                        .is_some_and(|rest| rest.is_empty() || rest.starts_with('='))
            } else if let (Some(cluster), Some(c)) = (t.strip_prefix('-'), short) {
                cluster.contains(c)
            } else {
                false
            }
        })
    }

    /// Whether any argument is exactly `text` (unquoted).
    pub fn has_arg(&self, text: &str) -> bool {
        self.args.iter().any(|w| w.text == text)
    }

    /// The value of the first occurrence of a flag: `--flag=v`, `--flag v`, `-f v`, `-fv` or
    /// `-xfv` (letters before `f` are taken as boolean flags). `flag` is written without
    /// dashes. `None` when the flag is absent or has no value.
    pub fn flag_value(&self, flag: &str) -> Option<&str> {
        self.flag_values(flag).into_iter().next()
    }

    /// The values of every occurrence of a flag (as in `-e a -e b`), in order.
    pub fn flag_values(&self, flag: &str) -> Vec<&str> {
        let flag = bare(flag);
        let mut out = Vec::new();
        if flag.is_empty() {
            return out;
        }
        let short = single_char(flag);
        let mut i = 0;
        while i < self.args.len() {
            let t = self.args[i].text.as_str();
            if t == "--" {
                break;
            }
            let next = self.args.get(i + 1).map(|w| w.text.as_str());
            let mut consumed_next = false;
            if let Some(long) = t.strip_prefix("--") {
                if short.is_none() {
                    if long == flag {
                        out.extend(next);
                        consumed_next = next.is_some();
                    } else if let Some(v) =
                        long.strip_prefix(flag).and_then(|r| r.strip_prefix('='))
                    {
                        out.push(v);
                    }
                }
            } else if let (Some(cluster), Some(c)) = (t.strip_prefix('-'), short)
                && let Some(pos) = cluster.find(c)
            {
                let rest = cluster.get(pos + c.len_utf8()..).unwrap_or_default();
                if rest.is_empty() {
                    out.extend(next);
                    consumed_next = next.is_some();
                } else {
                    out.push(rest);
                }
            }
            i += if consumed_next { 2 } else { 1 };
        }
        out
    }

    /// The positional arguments: words not starting with `-` (a lone `-` is positional), and
    /// every word after `--`. Flag values given as separate words (`-o file`) are positional
    /// here; use [`Command::args_no_flags_with`] to skip them.
    pub fn args_no_flags(&self) -> Vec<&Word> {
        self.args_no_flags_with(&[])
    }

    /// Like [`Command::args_no_flags`], but the word after a flag in `value_flags` (written
    /// without dashes, e.g. `&["o", "output"]`) is that flag's value, not a positional
    /// argument.
    pub fn args_no_flags_with(&self, value_flags: &[&str]) -> Vec<&Word> {
        let mut out = Vec::new();
        let mut i = 0;
        let mut options_done = false;
        while i < self.args.len() {
            let w = &self.args[i];
            i += 1;
            if options_done {
                out.push(w);
            } else if w.text == "--" {
                options_done = true;
            } else if is_option(&w.text) {
                if takes_next_value(&w.text, value_flags) {
                    i += 1;
                }
            } else {
                out.push(w);
            }
        }
        out
    }

    /// The first positional argument, e.g. `install` in `apt-get -y install curl`.
    pub fn subcommand(&self) -> Option<&str> {
        self.subcommand_with(&[])
    }

    /// [`Command::subcommand`] skipping the values of `value_flags`, e.g. `apt-get -o
    /// Dpkg::Options::=--force-confold install` needs `&["o"]`.
    pub fn subcommand_with(&self, value_flags: &[&str]) -> Option<&str> {
        self.args_no_flags_with(value_flags)
            .first()
            .map(|w| w.text.as_str())
    }

    /// For `sh -c 'script'` / `bash -ec "script"` (and dash, ash, zsh, ksh, mksh): the script
    /// word. Its `text` can be given to [`parse`]; offsets in that parse are relative to the
    /// unquoted text, not to this script.
    pub fn shell_script_arg(&self) -> Option<&Word> {
        if !self.is_any(&["sh", "bash", "dash", "ash", "zsh", "ksh", "mksh"]) {
            return None;
        }
        let mut saw_c = false;
        let mut i = 0;
        while i < self.args.len() {
            let t = self.args[i].text.as_str();
            i += 1;
            if t == "--" {
                continue;
            }
            if matches!(t, "-o" | "+o" | "-O" | "+O") {
                i += 1;
            } else if t.starts_with("--") {
                // Long options such as --norc take no value.
            } else if t.len() > 1 && (t.starts_with('-') || t.starts_with('+')) {
                saw_c |= t.starts_with('-') && t.contains('c');
            } else {
                return saw_c.then(|| &self.args[i - 1]);
            }
        }
        None
    }

    /// The command a wrapper runs: for `sudo -u app env A=1 npm ci` this is `env A=1 npm ci`
    /// (apply again, or use [`Command::unwrapped`], for `npm ci`). Knows `sudo`, `doas`, `env`,
    /// `nice`, `nohup`, `xargs`, `time`, `timeout`, `stdbuf`, `ionice`, `exec`, `command`,
    /// `builtin`, `gosu`, `su-exec`, `eatmydata`, `fakeroot`, `unbuffer` and `chronic`, with
    /// their options. Assignments of `sudo`/`env` join [`Command::assignments`]. `None` when
    /// this is not a wrapper or it runs nothing (`sudo -l`, `command -v x`, `env -S …`, bare
    /// `xargs`). The result spans from its name (or its first assignment) to this command's
    /// end and keeps this command's pipeline and redirections.
    pub fn unwrap_wrappers(&self) -> Option<Self> {
        let spec = WRAPPERS.iter().find(|w| self.is(w.name))?;
        let mut assignments: Vec<Word> = self.assignment_words.clone();
        let first_own_assignment = assignments.len();
        let mut skip_positional = spec.positional;
        let mut options_done = false;
        let mut i = 0;
        while i < self.args.len() {
            let w = &self.args[i];
            i += 1;
            let t = w.text.as_str();
            if !options_done && spec.has_options {
                if t == "--" {
                    options_done = true;
                    continue;
                }
                if is_option(t) || (t == "-" && spec.name == "env") {
                    if runs_nothing(t, spec) {
                        return None;
                    }
                    if takes_next_value(t, spec.value_flags) {
                        i += 1;
                    }
                    continue;
                }
            }
            if spec.assignments && scan::is_assignment(&w.raw) {
                assignments.push(w.clone());
                continue;
            }
            if skip_positional > 0 {
                skip_positional -= 1;
                options_done = true;
                continue;
            }
            let name_word = w.clone();
            let start = assignments
                .get(first_own_assignment)
                .map_or(name_word.start, |a| a.start.min(name_word.start));
            return Some(Self {
                name: name_word.text.clone(),
                name_word,
                args: self.args.get(i..).unwrap_or_default().to_vec(),
                assignments: assignments.iter().map(|a| a.text.clone()).collect(),
                assignment_words: assignments,
                redirects: self.redirects.clone(),
                start,
                end: self.end,
                pipeline: self.pipeline,
                pipeline_len: self.pipeline_len,
                position: self.position,
                in_substitution: self.in_substitution,
            });
        }
        None
    }

    /// This command with every wrapper looked through (`sudo env A=1 nice apt-get …` →
    /// `apt-get …`); a copy of itself when it is not a wrapper.
    pub fn unwrapped(&self) -> Self {
        let mut cur = self.clone();
        // Bounded: each step consumes at least the wrapper's name.
        for _ in 0..16 {
            match cur.unwrap_wrappers() {
                Some(next) => cur = next,
                None => break,
            }
        }
        cur
    }

    /// Moves every offset `by` bytes later (for commands parsed from a substring).
    fn shift(&mut self, by: usize) {
        let words = std::iter::once(&mut self.name_word)
            .chain(self.args.iter_mut())
            .chain(self.assignment_words.iter_mut())
            .chain(self.redirects.iter_mut().map(|r| &mut r.target));
        for w in words {
            w.start += by;
            w.end += by;
        }
        self.start += by;
        self.end += by;
    }
}

/// Whether option word `arg` makes wrapper `spec` run no command (`sudo -l`, `command -v`).
fn runs_nothing(arg: &str, spec: &Wrapper) -> bool {
    if let Some(long) = arg.strip_prefix("--") {
        let name = long.split('=').next().unwrap_or_default();
        return spec.no_command.contains(&name);
    }
    let Some(cluster) = arg.strip_prefix('-') else {
        return false;
    };
    // Letters up to the first one taking a value; the rest of the word is that value.
    for ch in cluster.chars() {
        if spec.no_command.iter().any(|f| single_char(f) == Some(ch)) {
            return true;
        }
        if spec.value_flags.iter().any(|f| single_char(f) == Some(ch)) {
            return false;
        }
    }
    false
}

/// How to find the command inside a wrapper.
struct Wrapper {
    name: &'static str,
    /// Whether it takes options (before the command, up to `--`).
    has_options: bool,
    /// Flags (without dashes) whose value is the next word.
    value_flags: &'static [&'static str],
    /// Flags with which it runs no command.
    no_command: &'static [&'static str],
    /// Whether `NAME=value` words before the command are environment assignments.
    assignments: bool,
    /// Positional words before the command (`timeout DURATION cmd`, `gosu USER cmd`).
    positional: usize,
}

const fn wrapper(name: &'static str, value_flags: &'static [&'static str]) -> Wrapper {
    Wrapper {
        name,
        has_options: true,
        value_flags,
        no_command: &[],
        assignments: false,
        positional: 0,
    }
}

const WRAPPERS: &[Wrapper] = &[
    Wrapper {
        assignments: true,
        no_command: &[
            "l", "list", "v", "validate", "K", "V", "version", "e", "edit", "h", "help",
        ],
        ..wrapper(
            "sudo",
            &[
                "u",
                "g",
                "p",
                "r",
                "t",
                "U",
                "C",
                "D",
                "T",
                "R",
                "user",
                "group",
                "prompt",
                "role",
                "type",
                "other-user",
                "close-from",
                "chdir",
                "command-timeout",
                "host",
            ],
        )
    },
    wrapper("doas", &["u", "C"]),
    Wrapper {
        assignments: true,
        no_command: &["S", "split-string", "help", "version"],
        ..wrapper("env", &["u", "C", "unset", "chdir"])
    },
    wrapper("nice", &["n", "adjustment"]),
    Wrapper {
        has_options: false,
        ..wrapper("nohup", &[])
    },
    wrapper(
        "xargs",
        &[
            "a",
            "d",
            "E",
            "I",
            "L",
            "n",
            "P",
            "s",
            "arg-file",
            "delimiter",
            "max-lines",
            "max-args",
            "max-procs",
            "max-chars",
            "process-slot-var",
        ],
    ),
    wrapper("time", &["f", "o", "format", "output"]),
    Wrapper {
        positional: 1,
        ..wrapper("timeout", &["s", "k", "signal", "kill-after"])
    },
    wrapper("stdbuf", &["i", "o", "e", "input", "output", "error"]),
    wrapper(
        "ionice",
        &[
            "c",
            "n",
            "p",
            "P",
            "u",
            "class",
            "classdata",
            "pid",
            "pgid",
            "uid",
        ],
    ),
    wrapper("exec", &["a"]),
    Wrapper {
        no_command: &["v", "V"],
        ..wrapper("command", &[])
    },
    Wrapper {
        has_options: false,
        ..wrapper("builtin", &[])
    },
    Wrapper {
        has_options: false,
        positional: 1,
        ..wrapper("gosu", &[])
    },
    Wrapper {
        has_options: false,
        positional: 1,
        ..wrapper("su-exec", &[])
    },
    Wrapper {
        has_options: false,
        ..wrapper("eatmydata", &[])
    },
    wrapper("fakeroot", &["l", "s", "i", "lib", "faked"]),
    wrapper("unbuffer", &[]),
    wrapper("chronic", &[]),
];

#[cfg(test)]
mod tests {
    use super::*;

    /// Names of the commands, in order.
    fn names(s: &Script) -> Vec<&str> {
        s.commands.iter().map(|c| c.name.as_str()).collect()
    }

    /// Argument texts of a command.
    fn args(c: &Command) -> Vec<&str> {
        c.args.iter().map(|w| w.text.as_str()).collect()
    }

    /// Every word's offsets point at its raw text.
    fn check_offsets(src: &str, s: &Script) {
        for c in &s.commands {
            let words = std::iter::once(&c.name_word)
                .chain(&c.args)
                .chain(&c.assignment_words)
                .chain(c.redirects.iter().map(|r| &r.target));
            for w in words {
                assert_eq!(
                    src.get(w.start..w.end),
                    Some(w.raw.as_str()),
                    "{w:?} in {src:?}"
                );
                assert!(c.start <= w.start && w.end <= c.end, "{w:?} outside {c:?}");
            }
            assert!(src.is_char_boundary(c.start) && src.is_char_boundary(c.end));
        }
    }

    fn parse_checked(src: &str) -> Script {
        let s = parse(src);
        check_offsets(src, &s);
        s
    }

    #[test]
    fn simple_command_and_words() {
        let src = "apt-get install -y curl";
        let s = parse_checked(src);
        assert!(s.parsed);
        assert_eq!(names(&s), ["apt-get"]);
        let c = &s.commands[0];
        assert_eq!(args(c), ["install", "-y", "curl"]);
        assert_eq!((c.start, c.end), (0, src.len()));
        assert_eq!(c.name_span(), (0, 7));
        assert_eq!((c.args[0].start, c.args[0].end), (8, 15));
        assert_eq!(c.subcommand(), Some("install"));
        assert!(c.is("apt-get") && !c.is("apt"));
    }

    #[test]
    fn env_prefix() {
        let s = parse_checked("DEBIAN_FRONTEND=noninteractive A=\"b c\" apt-get install -qy x");
        let c = &s.commands[0];
        assert_eq!(c.name, "apt-get");
        assert_eq!(c.assignments, ["DEBIAN_FRONTEND=noninteractive", "A=b c"]);
        assert_eq!(c.assignment_words[1].raw, "A=\"b c\"");
        assert_eq!(c.start, 0);
        // An assignment after the name is an ordinary argument.
        let s = parse_checked("make CC=gcc all");
        assert_eq!(args(&s.commands[0]), ["CC=gcc", "all"]);
        // A bare assignment runs no program.
        assert!(parse_checked("A=1").commands.is_empty());
    }

    #[test]
    fn flags() {
        let s = parse_checked(
            "apt-get -qy install --no-install-recommends --target-release=bookworm -o a=b -t x pkg -- -z",
        );
        let c = &s.commands[0];
        assert!(c.has_flag("y") && c.has_flag("q") && c.has_flag("-y"));
        assert!(c.has_flag("no-install-recommends"));
        assert!(c.has_flag("target-release"));
        assert!(!c.has_flag("z"), "after --");
        assert!(!c.has_flag("no-install"), "prefix of a long flag");
        assert!(!c.has_flag("yes"));
        assert!(!c.has_flag(""));
        assert_eq!(c.flag_value("target-release"), Some("bookworm"));
        assert_eq!(c.flag_value("o"), Some("a=b"));
        assert_eq!(c.flag_value("t"), Some("x"));
        assert_eq!(c.flag_value("missing"), None);
        let pos: Vec<&str> = c.args_no_flags().iter().map(|w| w.text.as_str()).collect();
        assert_eq!(pos, ["install", "a=b", "x", "pkg", "-z"]);
        let pos: Vec<&str> = c
            .args_no_flags_with(&["o", "t"])
            .iter()
            .map(|w| w.text.as_str())
            .collect();
        assert_eq!(pos, ["install", "pkg", "-z"]);

        let s = parse_checked("curl -fsSLo /tmp/x --retry 3 -H 'A: b' -H C:d https://e");
        let c = &s.commands[0];
        assert!(c.has_flag("L") && c.has_flag("s") && c.has_flag("retry"));
        assert_eq!(c.flag_value("o"), Some("/tmp/x"));
        assert_eq!(c.flag_value("retry"), Some("3"));
        assert_eq!(c.flag_values("H"), ["A: b", "C:d"]);
        assert_eq!(
            c.args_no_flags_with(&["retry", "H"])
                .last()
                .map(|w| w.text.as_str()),
            Some("https://e")
        );

        let s = parse_checked("apt-get -o Dpkg::Options::=--force-confold -y install x");
        let c = &s.commands[0];
        assert_eq!(c.subcommand(), Some("Dpkg::Options::=--force-confold"));
        assert_eq!(c.subcommand_with(&["o"]), Some("install"));
        assert!(c.has_arg("x"));
    }

    #[test]
    fn quotes_and_escapes() {
        let src = r#"echo 'a b' "c $HOME d" e\ f "g\"h" $'i\tj' "$(date +%s)" ${X:-"y z"}"#;
        let s = parse_checked(src);
        assert!(s.parsed);
        let c = &s.commands[0];
        assert_eq!(
            args(c),
            [
                "a b",
                "c $HOME d",
                "e f",
                "g\"h",
                "i\tj",
                "$(date +%s)",
                "${X:-\"y z\"}"
            ]
        );
        assert_eq!(c.args[1].raw, "\"c $HOME d\"");
        // `date` runs in a substitution.
        assert_eq!(names(&s), ["echo", "date"]);
        assert!(s.commands[1].in_substitution && !s.commands[0].in_substitution);
        // Quoted names are unquoted too.
        assert_eq!(names(&parse_checked("'apt-get' install")), ["apt-get"]);
    }

    #[test]
    fn pipelines_and_positions() {
        let src = "set -o pipefail; curl -fsSL https://x | tee /tmp/i | sh -s -- -y && echo ok";
        let s = parse_checked(src);
        assert!(s.parsed && s.has_pipe());
        assert_eq!(names(&s), ["set", "curl", "tee", "sh", "echo"]);
        let pl: Vec<(usize, usize, usize)> = s
            .commands
            .iter()
            .map(|c| (c.pipeline, c.position, c.pipeline_len))
            .collect();
        assert_eq!(pl, [(0, 0, 1), (1, 0, 3), (1, 1, 3), (1, 2, 3), (2, 0, 1)]);
        assert_eq!(s.commands[0].flag_value("o"), Some("pipefail"));
        assert_eq!(s.pipeline(1).count(), 3);
        assert!(!parse_checked("a && b || c; d & e").has_pipe());
    }

    #[test]
    fn and_chains_and_find() {
        let src = "apt-get update && apt-get install -y x && rm -rf /var/lib/apt/lists/*";
        let s = parse_checked(src);
        assert_eq!(names(&s), ["apt-get", "apt-get", "rm"]);
        assert_eq!(s.find("apt-get").count(), 2);
        let install = s.find("apt-get").nth(1).map(|c| &c.args[0]);
        let install = install.map(|w| (w.start, w.end, w.text.as_str()));
        assert_eq!(install, Some((26, 33, "install")));
        assert_eq!(&src[26..33], "install");
        let pipes: Vec<usize> = s.commands.iter().map(|c| c.pipeline).collect();
        assert_eq!(pipes, [0, 1, 2]);
    }

    #[test]
    fn subshells_groups_and_functions() {
        let s = parse_checked("(cd /src && make) ; { echo a; echo b; } > log; f() { g x; }; f");
        assert!(s.parsed);
        assert_eq!(names(&s), ["cd", "make", "echo", "echo", "g", "f"]);
        let s = parse_checked("curl x | (cd /tmp && sh)");
        let c = &s.commands[0];
        assert_eq!((c.position, c.pipeline_len), (0, 2));
        assert_eq!(names(&s), ["curl", "cd", "sh"]);
    }

    #[test]
    fn compound_commands() {
        let src = "if [ -f /x ]; then rm /x; elif true; then :; else echo no; fi; \
                   for p in $(ls /d); do chmod 600 \"$p\"; done; \
                   while read -r l; do echo \"$l\"; done < f; \
                   case \"$A\" in a) apk add x ;; *) yum install y ;; esac; \
                   until false; do break; done";
        let s = parse_checked(src);
        assert!(s.parsed);
        assert_eq!(
            names(&s),
            [
                "[", "rm", "true", ":", "echo", "ls", "chmod", "read", "echo", "apk", "yum",
                "false", "break"
            ]
        );
        let ls = &s.commands[5];
        assert!(ls.in_substitution);
        assert_eq!(&src[ls.start..ls.end], "ls /d");
    }

    #[test]
    fn heredoc_bodies_and_newlines() {
        let src = "set -eux\napt-get update\n\napt-get install -y \\\n  curl\ncat > /etc/x <<'EOF'\nrm -rf / ; not a command\nEOF\necho done\n";
        let s = parse_checked(src);
        assert!(s.parsed);
        assert_eq!(names(&s), ["set", "apt-get", "apt-get", "cat", "echo"]);
        assert_eq!(args(&s.commands[2]), ["install", "-y", "curl"]);
        let cat = &s.commands[3];
        assert_eq!(cat.redirects.len(), 2);
        assert_eq!(cat.redirects[0].op, ">");
        assert_eq!(cat.redirects[0].target.text, "/etc/x");
        assert_eq!(cat.redirects[1].op, "<<");
        assert_eq!(cat.redirects[1].target.text, "EOF");
        assert_eq!(s.commands[4].name_word.start, src.len() - 10);
    }

    #[test]
    fn comments() {
        let s =
            parse_checked("# install\napt-get update # refresh\n  # apt-get install x\necho a#b");
        assert_eq!(names(&s), ["apt-get", "echo"]);
        assert_eq!(args(&s.commands[0]), ["update"]);
        assert_eq!(args(&s.commands[1]), ["a#b"]);
    }

    #[test]
    fn redirects_are_not_args() {
        let s = parse_checked("make 2>&1 >/dev/null install &> log");
        let c = &s.commands[0];
        assert_eq!(args(c), ["install"]);
        let r: Vec<(Option<i32>, &str, &str)> = c
            .redirects
            .iter()
            .map(|r| (r.fd, r.op.as_str(), r.target.text.as_str()))
            .collect();
        assert_eq!(
            r,
            [
                (Some(2), ">&", "1"),
                (None, ">", "/dev/null"),
                (None, "&>", "log")
            ]
        );
    }

    #[test]
    fn substitutions_and_time() {
        let s = parse_checked("echo `id -u` $(cat $(ls)) <(curl -s x) && time -p make");
        assert_eq!(names(&s), ["echo", "id", "cat", "ls", "curl", "make"]);
        assert_eq!(s.commands[0].args[2].text, "<(curl -s x)");
        assert!(s.commands[1..5].iter().all(|c| c.in_substitution));
        assert!(!s.commands[5].in_substitution);
    }

    #[test]
    fn process_substitution_redirects() {
        for src in [
            "while read -r l; do echo \"$l\"; done < <(ls /x)",
            "while read -r l; do echo \"$l\"; done < <(ls /x) &&",
        ] {
            let s = parse_checked(src);
            assert_eq!(names(&s), ["read", "echo", "ls"], "{src}");
            assert!(s.commands[2].in_substitution);
        }
        let s = parse_checked("diff <(sort a) >(tee b) > out");
        assert_eq!(names(&s), ["diff", "sort", "tee"]);
        assert_eq!(args(&s.commands[0]), ["<(sort a)", ">(tee b)"]);
        for src in [
            "for f in $(find / -perm -4000); do :; done; case $(uname) in *) ;; esac",
            "for f in $(find / -perm -4000); do :; done; case $(uname) in *) ;; esac; &&",
        ] {
            assert_eq!(names(&parse_checked(src)), ["find", ":", "uname"], "{src}");
        }
    }

    #[test]
    fn unicode_offsets() {
        let src = "echo «héllo» && ünïcode --flâg=✓ 'ü x'";
        let s = parse_checked(src);
        assert!(s.parsed);
        assert_eq!(names(&s), ["echo", "ünïcode"]);
        assert_eq!(s.commands[1].flag_value("flâg"), Some("✓"));
        assert_eq!(s.commands[1].args[1].text, "ü x");
    }

    #[test]
    fn wrappers() {
        let s = parse_checked("sudo -u app -E env -i A=1 nice -n 5 apt-get install -y x");
        let c = &s.commands[0];
        assert_eq!(c.name, "sudo");
        let env = c.unwrap_wrappers();
        assert_eq!(env.as_ref().map(|c| c.name.as_str()), Some("env"));
        let inner = c.unwrapped();
        assert_eq!(inner.name, "apt-get");
        assert_eq!(args(&inner), ["install", "-y", "x"]);
        assert_eq!(inner.assignments, ["A=1"]);
        assert_eq!(inner.end, c.end);
        assert!(
            parse_checked("apt-get install").commands[0]
                .unwrap_wrappers()
                .is_none()
        );
        let un = |src: &str| parse_checked(src).commands[0].unwrapped().name;
        assert_eq!(un("xargs -n1 -I{} rm {}"), "rm");
        assert_eq!(un("timeout -s KILL 10 curl x"), "curl");
        assert_eq!(un("gosu app:app /usr/bin/make"), "/usr/bin/make");
        assert_eq!(un("/usr/bin/env -- python3 x.py"), "python3");
        assert_eq!(
            un("sudo DEBIAN_FRONTEND=noninteractive apt-get x"),
            "apt-get"
        );
        assert_eq!(un("command -v curl"), "command");
        assert_eq!(un("sudo -l"), "sudo");
        assert_eq!(un("sudo -ulisa make"), "make");
        assert_eq!(un("sudo --list"), "sudo");
        assert_eq!(un("env -S 'a b'"), "env");
        assert_eq!(un("nice -10 make"), "make");
        assert_eq!(un("xargs"), "xargs");
    }

    #[test]
    fn shell_script_argument() {
        let s = parse_checked("bash -o pipefail -ec 'apt-get update' arg0; sh x.sh; sh -c");
        let script = s.commands[0].shell_script_arg().map(|w| w.text.as_str());
        assert_eq!(script, Some("apt-get update"));
        assert!(s.commands[1].shell_script_arg().is_none());
        assert!(s.commands[2].shell_script_arg().is_none());
    }

    #[test]
    fn fallback_path() {
        // A trailing `&&` (left by a commented-out continuation line) is a syntax error.
        let src = "apt-get update && apt-get install -y 'a b' x \"$(echo y)\" && ";
        let s = parse_checked(src);
        assert!(!s.parsed);
        assert_eq!(names(&s), ["apt-get", "apt-get", "echo"]);
        assert_eq!(
            args(&s.commands[1]),
            ["install", "-y", "a b", "x", "$(echo y)"]
        );
        assert_eq!(
            &src[s.commands[1].args[0].start..s.commands[1].args[0].end],
            "install"
        );

        let src = "if [ x ; then curl a | sh -s -- -y 2>/dev/null ; fi ; \
                   for i in a b ; do echo $i ; done ; case x in a|b) apk add z ;; esac ; \
                   f() { g ; } ; [[ -f x && -d y ]] && ((i++)) ; ! time -p true \"unterminated";
        let s = parse_checked(src);
        assert!(!s.parsed);
        assert_eq!(names(&s), ["[", "curl", "sh", "echo", "apk", "g", "true"]);
        let sh = &s.commands[2];
        assert_eq!((sh.position, sh.pipeline_len), (1, 2));
        assert_eq!(args(sh), ["-s", "--", "-y"]);
        assert_eq!(sh.redirects[0].fd, Some(2));
        assert_eq!(args(&s.commands[6]), ["unterminated"]);

        let s = parse_checked("cat <<EOF | sh\nrm -rf /\nEOF\necho ok &&");
        assert!(!s.parsed);
        assert_eq!(names(&s), ["cat", "sh", "echo"]);
    }

    #[test]
    fn fallback_matches_brush_on_common_lines() {
        let lines = [
            "apt-get update && apt-get install -y --no-install-recommends curl ca-certificates",
            "set -o pipefail; wget -qO- https://x | tar xz -C /opt",
            "DEBIAN_FRONTEND=noninteractive apt-get -qq install x > /dev/null 2>&1",
            "pip install --no-cache-dir -r requirements.txt && rm -rf ~/.cache",
            "(cd /src && make -j\"$(nproc)\") && echo 'built it'",
        ];
        for line in lines {
            let brush = parse_checked(line);
            let mut c = Collector::new(line, 0);
            fallback::parse_into(&mut c);
            let fb = c.into_script();
            check_offsets(line, &fb);
            assert!(brush.parsed && !fb.parsed);
            assert_eq!(brush.commands, fb.commands, "{line}");
        }
    }

    #[test]
    fn odd_inputs() {
        for src in [
            "",
            "   ",
            "\n\n",
            "#",
            ";;",
            "&& ||",
            "|",
            "'",
            "\"",
            "\\",
            "$(",
            "`",
            "${",
            "((",
            "))",
            "<<",
            "<<EOF",
            "echo 99999999999>x",
            "a\r\nb\r\n",
            "case",
            "esac esac",
            "function",
            "f(",
            "{ } ( ) [[ ]]",
            "\u{0}\u{1}\u{7f}",
        ] {
            let _ = parse_checked(src);
        }
        let s = parse_checked("echo 99999999999>x");
        assert!(!s.parsed);
        assert_eq!(names(&s), ["echo"]);
    }

    #[test]
    fn deep_nesting_does_not_overflow() {
        let deep = [
            format!("{}echo{}", "( ".repeat(50_000), " )".repeat(50_000)),
            format!("{}echo{}", "echo $(".repeat(20_000), ")".repeat(20_000)),
            format!(
                "{}echo{}",
                "if true; then ".repeat(5_000),
                "; fi".repeat(5_000)
            ),
            format!("{}echo{}", "{ ".repeat(300), "; }".repeat(300)),
            format!(
                "{}echo{}",
                "if a; then ".repeat(1_000),
                "; fi".repeat(1_000)
            ),
            "`".repeat(100_000),
        ];
        for src in &deep {
            let s = parse_checked(src);
            assert!(s.commands.iter().any(|c| c.name == "echo") || src.starts_with('`'));
        }
        // Moderately deep scripts are still parsed exactly (on the helper thread).
        let src = format!("{}echo{}", "if a; then ".repeat(200), "; fi".repeat(200));
        let s = parse_checked(&src);
        assert!(s.parsed);
        assert_eq!(s.commands.len(), 201);
    }

    #[test]
    fn large_inputs_are_linear() {
        let n = 100_000;
        let src = vec!["echo x"; n].join(" && ");
        let s = parse_checked(&src);
        assert_eq!(s.commands.len(), n);
        assert!(!s.parsed, "above BRUSH_MAX_BYTES");
        assert_eq!(s.commands[n - 1].pipeline, n - 1);

        let src = vec!["a | b"; 50_000].join("\n");
        let s = parse_checked(&src);
        assert_eq!(s.commands.len(), 100_000);
        assert!(s.commands.iter().all(|c| c.pipeline_len == 2));

        // Unterminated quotes and substitutions over megabytes.
        for src in [
            format!("echo '{}", "x ".repeat(1 << 20)),
            format!("echo \"{}", "$(x ".repeat(1 << 18)),
            "$(".repeat(1 << 18),
            "<<E\n".repeat(1 << 18),
        ] {
            let _ = parse_checked(&src);
        }
    }

    /// Prints parse times; run with `cargo test -p portcullis-lint --lib shell::tests::timing
    /// -- --ignored --nocapture` (use `--release` for representative numbers).
    #[test]
    #[ignore = "timing report, not a test"]
    fn timing() {
        let line = "set -eux; apt-get update && DEBIAN_FRONTEND=noninteractive apt-get \
                    install -y --no-install-recommends curl ca-certificates git gnupg && curl \
                    -fsSL https://example.com/key.gpg | gpg --dearmor -o /usr/share/keyrings/x.gpg \
                    && rm -rf /var/lib/apt/lists/* && echo \"done $(date) in $HOME\" > /tmp/x";
        let time = |label: &str, src: &str, iters: u32| {
            let t = std::time::Instant::now();
            let mut s = Script::default();
            for _ in 0..iters {
                s = parse(std::hint::black_box(src));
            }
            let each = t.elapsed() / iters;
            println!(
                "{label}: {} bytes, {} commands, parsed={}, {each:?} per parse",
                src.len(),
                s.commands.len(),
                s.parsed
            );
        };
        time("typical RUN", line, 2000);
        let mut c = Collector::new(line, 0);
        let t = std::time::Instant::now();
        for _ in 0..2000 {
            c = Collector::new(line, 0);
            fallback::parse_into(&mut c);
        }
        println!("typical RUN, fallback only: {:?}", t.elapsed() / 2000);
        drop(c);
        let script = |n: usize| {
            let mut s = String::new();
            while s.len() < n {
                s.push_str(line);
                s.push('\n');
            }
            s
        };
        time("64 KiB script", &script(64 << 10), 5);
        time("128 KiB script", &script(BRUSH_MAX_BYTES - 300), 5);
        time("1 MiB script", &script(1 << 20), 5);
        time("100k && commands", &vec!["echo x"; 100_000].join(" && "), 5);
        for (label, src) in [
            ("1 MiB script", script(1 << 20)),
            ("100k && commands", vec!["echo x"; 100_000].join(" && ")),
        ] {
            let t = std::time::Instant::now();
            let parsed = try_brush(&src, 0).is_some_and(|s| s.parsed);
            println!(
                "{label}, brush-parser forced: parsed={parsed}, {:?}",
                t.elapsed()
            );
        }
        time("10 MiB script", &script(10 << 20), 1);
    }

    /// Checks what every parse must satisfy, for both front ends.
    fn assert_sound(src: &str) -> Result<(), proptest::test_runner::TestCaseError> {
        use proptest::{prop_assert, prop_assert_eq};
        let mut fallback_only = Collector::new(src, 0);
        fallback::parse_into(&mut fallback_only);
        for s in [parse(src), fallback_only.into_script()] {
            for c in &s.commands {
                let words = std::iter::once(&c.name_word)
                    .chain(&c.args)
                    .chain(&c.assignment_words)
                    .chain(c.redirects.iter().map(|r| &r.target));
                for w in words {
                    prop_assert!(w.start <= w.end && w.end <= src.len());
                    prop_assert!(src.is_char_boundary(w.start) && src.is_char_boundary(w.end));
                    prop_assert_eq!(&src[w.start..w.end], w.raw.as_str());
                    prop_assert!(c.start <= w.start && w.end <= c.end);
                }
                prop_assert!(c.position < c.pipeline_len);
                let _ = (c.unwrapped(), c.has_flag("y"), c.flag_values("o"));
                let _ = (c.args_no_flags_with(&["o"]), c.shell_script_arg());
            }
            let starts: Vec<usize> = s.commands.iter().map(|c| c.start).collect();
            prop_assert!(starts.windows(2).all(|w| w[0] <= w[1]), "source order");
        }
        Ok(())
    }

    /// Shell-looking fragments, so that brush-parser accepts many of the generated scripts.
    fn fragments() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let fragment = proptest::sample::select(vec![
            "apt-get",
            "install",
            "-y",
            "-qy",
            "--no-install-recommends",
            "--a=b",
            "curl",
            "x",
            "\"a b\"",
            "'c d'",
            "$HOME",
            "${X:-y}",
            "$(echo z)",
            "`id`",
            "<(ls)",
            "A=1",
            "é✓",
            "2>&1",
            ">/dev/null",
            "<<<w",
            " && ",
            " || ",
            " | ",
            "; ",
            "\n",
            " & ",
            "( ",
            " )",
            "{ ",
            "; }",
            "if true; then ",
            "; fi",
            "for i in 1 2; do ",
            "; done",
            " # c\n",
            "\\\n",
            "\r\n",
            "case $v in a) ",
            ";; esac",
            "<<EOF\nbody )\nEOF\n",
            "sudo",
            "env",
            "time",
            "!",
            "f() { ",
            "\"",
            "'",
            "$(",
            ")",
        ]);
        proptest::collection::vec(fragment, 0..40).prop_map(|v| v.join(" "))
    }

    /// Well-formed scripts: lists of pipelines of commands, some wrapped in compound
    /// commands, so that brush-parser's path (and its offsets) get exercised.
    fn scripts() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let word = proptest::sample::select(vec![
            "apt-get",
            "install",
            "-y",
            "-qy",
            "--no-install-recommends",
            "--a=b",
            "curl",
            "x",
            "\"a b\"",
            "'c d'",
            "$HOME",
            "${X:-y}",
            "\"$(echo z)\"",
            "`id`",
            "<(ls)",
            "é✓",
            "2>&1",
            ">/dev/null",
            "<<<w",
            "a\\ b",
            "$'t\\tu'",
            "CC=gcc",
            "--",
            "-",
            "\\\n",
            "$((1+2))",
            "${#a[@]}",
            "\"${x:-$(echo y | tr y z)}\"",
            "'it''s'",
            "a#b",
        ]);
        let command = (
            proptest::option::of(proptest::sample::select(vec!["A=1 ", "B=\"é x\" "])),
            proptest::sample::select(vec!["apt-get", "sudo", "env", "curl", "sh", "/bin/rm"]),
            proptest::collection::vec(word, 0..6),
        )
            .prop_map(|(a, n, w)| format!("{}{n} {}", a.unwrap_or_default(), w.join(" ")));
        let pipeline = proptest::collection::vec(command, 1..4).prop_map(|v| v.join(" | "));
        let wrapped = (
            pipeline,
            proptest::sample::select(vec![
                "{}",
                "( {} )",
                "{ {}; }",
                "if {}; then {}; fi",
                "for i in a b; do {}; done",
                "echo \"$({})\"",
                "while {}; do {}; done",
                "case $v in a) {};; esac",
                "f() {\n{}\n}",
                "time {}",
                "! {}",
                // Not `cat <<EOF {}`: brush-parser 0.4 mangles `${…}` after a here-doc
                // operator on the same line (detected, and the fallback used).
                "{} <<'EOF'\nbody ) $(x) `y`\nEOF\ntrue",
                "{} <<-E\n\tE\n:",
            ]),
        )
            .prop_map(|(p, w)| w.replace("{}", &p));
        let op = proptest::sample::select(vec![" && ", " || ", "; ", "\n", " & ", "\n# c\n"]);
        proptest::collection::vec((wrapped, op), 1..6).prop_map(|v| {
            let mut out = String::new();
            for (k, (w, op)) in v.iter().enumerate() {
                if k > 0 {
                    out.push_str(op);
                }
                out.push_str(w);
            }
            out
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn never_panics_on_random_text(
            src in proptest::string::string_regex(
                "([a-z0-9 =_.\\-/]|[|&;<>()\\[\\]{}$`'\"\\\\#\\n\\r\\t*?!~@%+,:]|if |then |fi|for |do |done|case |esac|in |<<EOF\\n|EOF\\n|é|✓){0,80}"
            ).unwrap_or_else(|e| panic!("{e}"))
        ) {
            assert_sound(&src)?;
        }

        #[test]
        fn never_panics_on_shell_like_text(src in fragments()) {
            assert_sound(&src)?;
        }

        #[test]
        fn well_formed_scripts_parse_with_sound_offsets(src in scripts()) {
            assert_sound(&src)?;
            proptest::prop_assert!(parse(&src).parsed, "brush-parser rejected {src:?}");
        }

        #[test]
        fn fallback_finds_the_same_commands(src in scripts()) {
            let exact = parse(&src);
            let mut c = Collector::new(&src, 0);
            fallback::parse_into(&mut c);
            let rough = c.into_script();
            let key = |s: &Script| -> Vec<(String, Vec<String>, usize, bool)> {
                s.commands
                    .iter()
                    .map(|c| (c.name.clone(), c.args.iter().map(|w| w.raw.clone()).collect(), c.start, c.in_substitution))
                    .collect()
            };
            proptest::prop_assert_eq!(key(&exact), key(&rough), "{:?}", src);
        }
    }
}
