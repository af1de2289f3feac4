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
    /// The command its wrappers run (`None`: it is no wrapper), worked out the first time a
    /// rule asks: rules ask for every command.
    pub(crate) inner: crate::memo::Memo<Option<Box<Command>>>,
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
        // Hot: every rule asks of every command. A suffix test, no scan for the last `/`.
        let n = self.name.as_bytes();
        n == name.as_bytes()
            || (n.len() > name.len()
                && n.ends_with(name.as_bytes())
                && n[n.len() - name.len() - 1] == b'/'
                && !name.contains('/'))
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
        let spec = self.wrapper()?;
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
                inner: Default::default(),
            });
        }
        None
    }

    /// The wrapper this command is, if any. Hot (asked of every command by many rules): the
    /// program's base name compared with each wrapper's, the same test as [`Command::is`].
    fn wrapper(&self) -> Option<&'static Wrapper> {
        // A byte scan: names are short, and `rsplit_once` sets up a searcher on every call.
        let n = self.name.as_bytes();
        let base = match n.iter().rposition(|&b| b == b'/') {
            Some(i) => &n[i + 1..],
            None => n,
        };
        WRAPPERS.iter().find(|w| w.name.as_bytes() == base)
    }

    /// This command with every wrapper looked through (`sudo env A=1 nice apt-get …` →
    /// `apt-get …`); a copy of itself when it is not a wrapper.
    pub fn unwrapped(&self) -> &Self {
        self.inner
            .get_or_init(|| self.look_through().map(Box::new))
            .as_deref()
            .unwrap_or(self)
    }

    fn look_through(&self) -> Option<Self> {
        // Most commands are not wrapped: no copy for them.
        self.wrapper()?;
        let mut cur = self.clone();
        // Bounded: each step consumes at least the wrapper's name.
        for _ in 0..16 {
            match cur.unwrap_wrappers() {
                Some(next) => cur = next,
                None => break,
            }
        }
        Some(cur)
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
mod tests;
