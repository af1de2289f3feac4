//! The sink both front ends (brush-parser's AST walk and the fallback tokenizer) feed: it turns
//! the words of one simple command into a [`Command`], hands out pipeline ids, parses command
//! substitutions as nested scripts, and finally orders and numbers everything.

use super::scan::{Scanned, scan_word};
use super::{Command, Redirect, Script, Word};

/// How many levels of `$( … )` inside `$( … )` are looked into. Each level re-scans its text,
/// so a fixed cap keeps the whole parse linear.
const MAX_SUBSTITUTION_DEPTH: u8 = 3;

/// The words of one simple command while it is being read.
#[derive(Debug, Default)]
pub(super) struct Pending {
    pub assignments: Vec<Word>,
    pub name: Option<Word>,
    pub args: Vec<Word>,
    pub redirects: Vec<Redirect>,
}

impl Pending {
    /// Whether nothing at all was read.
    pub const fn is_empty(&self) -> bool {
        self.name.is_none()
            && self.assignments.is_empty()
            && self.args.is_empty()
            && self.redirects.is_empty()
    }
}

/// Collects the commands of one script (or of one command substitution inside it).
#[derive(Debug)]
pub(super) struct Collector<'a> {
    /// The text being parsed; all offsets are relative to it.
    pub src: &'a str,
    /// How many command substitutions deep this text is (0 for the script itself).
    pub depth: u8,
    /// Whether the commands collected now are inside a command or process substitution.
    pub in_substitution: bool,
    pub commands: Vec<Command>,
    /// Pipeline ids handed out so far.
    pub pipelines: usize,
    /// False once any part of the text was read by the fallback tokenizer.
    pub parsed: bool,
    /// Command substitutions found in words of the current command, parsed by `flush`.
    pending_substitutions: Vec<(usize, usize)>,
}

impl<'a> Collector<'a> {
    pub const fn new(src: &'a str, depth: u8) -> Self {
        Self {
            src,
            depth,
            in_substitution: depth > 0,
            commands: Vec::new(),
            pipelines: 0,
            parsed: true,
            pending_substitutions: Vec::new(),
        }
    }

    /// A fresh pipeline id.
    pub const fn new_pipeline(&mut self) -> usize {
        self.pipelines += 1;
        self.pipelines - 1
    }

    /// Builds a [`Word`] from the byte range `start..end` (already validated as char
    /// boundaries within `src`), remembering any command substitutions inside it.
    pub fn word(&mut self, start: usize, end: usize) -> Word {
        let Scanned {
            text,
            substitutions,
            ..
        } = scan_word(self.src, start, end, false);
        self.note_substitutions(substitutions);
        Word {
            text,
            raw: self.src.get(start..end).unwrap_or_default().to_owned(),
            start,
            end,
        }
    }

    /// Builds a [`Word`] from what the fallback tokenizer scanned at `start`.
    pub fn scanned_word(&mut self, start: usize, scanned: Scanned) -> Word {
        self.note_substitutions(scanned.substitutions);
        Word {
            text: scanned.text,
            raw: self
                .src
                .get(start..scanned.end)
                .unwrap_or_default()
                .to_owned(),
            start,
            end: scanned.end,
        }
    }

    /// Queues inner ranges of command substitutions for parsing by [`Collector::flush`].
    pub fn note_substitutions(&mut self, subs: Vec<(usize, usize)>) {
        if self.depth < MAX_SUBSTITUTION_DEPTH {
            self.pending_substitutions.extend(subs);
        }
    }

    /// Turns a finished simple command into a [`Command`]. Commands without a name (bare
    /// assignments or redirections) are dropped; `pipeline_len` is filled in by the caller
    /// when it is not known yet (pass 0).
    pub fn finish(
        &mut self,
        pending: Pending,
        pipeline: usize,
        position: usize,
        pipeline_len: usize,
    ) {
        let Pending {
            assignments,
            name,
            args,
            redirects,
        } = pending;
        let Some(name_word) = name else {
            return;
        };
        let spans = assignments
            .iter()
            .chain(std::iter::once(&name_word))
            .chain(args.iter())
            .chain(redirects.iter().map(|r| &r.target))
            .map(|w| (w.start, w.end));
        let (start, end) = spans.fold((usize::MAX, 0), |(s, e), (ws, we)| (s.min(ws), e.max(we)));
        self.commands.push(Command {
            name: name_word.text.clone(),
            name_word,
            args,
            assignments: assignments.iter().map(|w| w.text.clone()).collect(),
            assignment_words: assignments,
            redirects,
            start,
            end,
            pipeline,
            pipeline_len,
            position,
            in_substitution: self.in_substitution,
            inner: Default::default(),
        });
    }

    /// Parses the command substitutions queued so far as nested scripts and adds their
    /// commands, shifted to this text's offsets.
    pub fn flush(&mut self) {
        if self.pending_substitutions.is_empty() {
            return;
        }
        let subs = std::mem::take(&mut self.pending_substitutions);
        for (a, b) in subs {
            let Some(inner_text) = self.src.get(a..b) else {
                continue;
            };
            if inner_text.trim().is_empty() {
                continue;
            }
            let inner = super::parse_at_depth(inner_text, self.depth + 1);
            self.absorb(inner, a);
        }
    }

    /// Adds the commands of a nested parse whose text started at byte `base` of this one.
    fn absorb(&mut self, inner: Script, base: usize) {
        self.parsed &= inner.parsed;
        let first_id = self.pipelines;
        let mut max_id = 0;
        for mut c in inner.commands {
            c.shift(base);
            max_id = max_id.max(c.pipeline + 1);
            c.pipeline += first_id;
            c.in_substitution = true;
            self.commands.push(c);
        }
        self.pipelines += max_id;
    }

    /// Orders the commands by source position, renumbers pipelines densely in order of first
    /// appearance, and returns the script.
    pub fn into_script(mut self) -> Script {
        self.flush();
        let mut commands = self.commands;
        commands.sort_by_key(|c| c.start);
        let mut renumber = vec![usize::MAX; self.pipelines];
        let mut next = 0;
        for c in &mut commands {
            if let Some(slot) = renumber.get_mut(c.pipeline) {
                if *slot == usize::MAX {
                    *slot = next;
                    next += 1;
                }
                c.pipeline = *slot;
            }
        }
        Script {
            commands,
            parsed: self.parsed,
        }
    }
}
