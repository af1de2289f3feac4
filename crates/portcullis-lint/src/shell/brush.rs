//! The main front end: parse with brush-parser and walk its AST.
//!
//! brush-parser reports positions as *character* indices; they are mapped to byte offsets
//! here. Each word's position is also checked against the word's text: when brush-parser's
//! idea of where a word is does not match the source (a position bug), the whole result is
//! rejected and the caller falls back to the hand tokenizer, so offsets handed to rules are
//! never wrong.

use brush_parser::ast;

use super::collect::{Collector, Pending};
use super::{Redirect, Word};

/// Why the brush-parser result cannot be used.
#[derive(Debug)]
pub(super) struct Rejected;

/// Parses `c.src` with brush-parser and feeds every simple command to `c`.
pub(super) fn parse_into(c: &mut Collector<'_>) -> Result<(), Rejected> {
    let options = brush_parser::ParserOptions::default();
    let mut parser = brush_parser::Parser::new(std::io::BufReader::new(c.src.as_bytes()), &options);
    let program = parser.parse_program().map_err(|_| Rejected)?;
    let mut walker = Walker {
        offsets: Offsets::new(c.src),
        c,
    };
    for list in &program.complete_commands {
        walker.list(list)?;
    }
    Ok(())
}

/// Character index → byte offset.
struct Offsets {
    /// `None` for ASCII text, where the two are equal; otherwise the byte offset of every
    /// character, plus the length at the end.
    table: Option<Vec<usize>>,
    len: usize,
}

impl Offsets {
    fn new(src: &str) -> Self {
        let table = (!src.is_ascii()).then(|| {
            src.char_indices()
                .map(|(b, _)| b)
                .chain(std::iter::once(src.len()))
                .collect()
        });
        Self {
            table,
            len: src.len(),
        }
    }

    fn byte(&self, char_index: usize) -> Option<usize> {
        match &self.table {
            None => (char_index <= self.len).then_some(char_index),
            Some(t) => t.get(char_index).copied(),
        }
    }
}

struct Walker<'w, 'a> {
    c: &'w mut Collector<'a>,
    offsets: Offsets,
}

impl Walker<'_, '_> {
    fn list(&mut self, list: &ast::CompoundList) -> Result<(), Rejected> {
        for ast::CompoundListItem(and_or, _) in &list.0 {
            self.pipeline(&and_or.first)?;
            for next in &and_or.additional {
                let (ast::AndOr::And(p) | ast::AndOr::Or(p)) = next;
                self.pipeline(p)?;
            }
        }
        Ok(())
    }

    fn pipeline(&mut self, p: &ast::Pipeline) -> Result<(), Rejected> {
        let id = self.c.new_pipeline();
        let len = p.seq.len();
        for (position, command) in p.seq.iter().enumerate() {
            self.command(command, id, position, len)?;
        }
        Ok(())
    }

    fn command(
        &mut self,
        command: &ast::Command,
        id: usize,
        position: usize,
        len: usize,
    ) -> Result<(), Rejected> {
        match command {
            ast::Command::Simple(simple) => self.simple(simple, id, position, len),
            ast::Command::Compound(compound, redirects) => {
                self.compound(compound)?;
                self.compound_redirects(redirects.as_ref())
            }
            ast::Command::Function(f) => {
                self.compound(&f.body.0)?;
                self.compound_redirects(f.body.1.as_ref())
            }
            // `[[ … ]]` runs no program.
            ast::Command::ExtendedTest(_, redirects) => self.compound_redirects(redirects.as_ref()),
        }
    }

    /// The redirections of a compound command (`done < <(ls)`, `} > "$(mktemp)"`): only the
    /// commands they run are of interest.
    fn compound_redirects(
        &mut self,
        redirects: Option<&ast::RedirectList>,
    ) -> Result<(), Rejected> {
        let Some(list) = redirects else {
            return Ok(());
        };
        let mut ignored = Pending::default();
        let mut nested = Vec::new();
        for r in &list.0 {
            self.redirect(r, &mut ignored, &mut nested)?;
        }
        self.c.flush();
        self.nested(nested)
    }

    /// Walks the insides of process substitutions.
    fn nested(&mut self, nested: Vec<&ast::SubshellCommand>) -> Result<(), Rejected> {
        if !nested.is_empty() {
            let was = std::mem::replace(&mut self.c.in_substitution, true);
            for sub in nested {
                self.list(&sub.list)?;
            }
            self.c.in_substitution = was;
        }
        Ok(())
    }

    /// The argument word of a process substitution: brush-parser's span starts at the
    /// parenthesis, the word one byte earlier at its `<` or `>`.
    fn process_substitution_word(
        &self,
        sub: &ast::SubshellCommand,
    ) -> Result<Option<Word>, Rejected> {
        let (start, end) = self.span(&sub.loc)?;
        let start = start.saturating_sub(1);
        if !matches!(self.c.src.as_bytes().get(start), Some(b'<' | b'>')) {
            return Ok(None);
        }
        let text = self.c.src.get(start..end).ok_or(Rejected)?.to_owned();
        Ok(Some(Word {
            raw: text.clone(),
            text,
            start,
            end,
        }))
    }

    fn compound(&mut self, compound: &ast::CompoundCommand) -> Result<(), Rejected> {
        use ast::CompoundCommand as C;
        match compound {
            C::BraceGroup(b) => self.list(&b.list),
            C::Subshell(s) => self.list(&s.list),
            C::ForClause(f) => {
                for w in f.values.iter().flatten() {
                    // Only for the command substitutions inside the values.
                    let _ = self.word(w)?;
                }
                self.c.flush();
                self.list(&f.body.list)
            }
            C::ArithmeticForClause(f) => self.list(&f.body.list),
            C::CaseClause(case) => {
                let _ = self.word(&case.value)?;
                self.c.flush();
                for item in &case.cases {
                    if let Some(list) = &item.cmd {
                        self.list(list)?;
                    }
                }
                Ok(())
            }
            C::IfClause(i) => {
                self.list(&i.condition)?;
                self.list(&i.then)?;
                for e in i.elses.iter().flatten() {
                    if let Some(cond) = &e.condition {
                        self.list(cond)?;
                    }
                    self.list(&e.body)?;
                }
                Ok(())
            }
            C::WhileClause(w) | C::UntilClause(w) => {
                self.list(&w.0)?;
                self.list(&w.1.list)
            }
            C::Coprocess(co) => {
                let id = self.c.new_pipeline();
                self.command(&co.body, id, 0, 1)
            }
            C::Arithmetic(_) => Ok(()),
        }
    }

    fn simple(
        &mut self,
        simple: &ast::SimpleCommand,
        id: usize,
        position: usize,
        len: usize,
    ) -> Result<(), Rejected> {
        use ast::CommandPrefixOrSuffixItem as Item;
        let mut pending = Pending::default();
        let mut nested = Vec::new();
        for item in simple.prefix.iter().flat_map(|p| p.0.iter()) {
            match item {
                Item::AssignmentWord(_, w) | Item::Word(w) => {
                    pending.assignments.push(self.word(w)?);
                }
                Item::IoRedirect(r) => self.redirect(r, &mut pending, &mut nested)?,
                Item::ProcessSubstitution(_, sub) => nested.push(sub),
            }
        }
        if let Some(w) = &simple.word_or_name {
            pending.name = Some(self.word(w)?);
        }
        for item in simple.suffix.iter().flat_map(|s| s.0.iter()) {
            match item {
                Item::Word(w) | Item::AssignmentWord(_, w) => pending.args.push(self.word(w)?),
                Item::IoRedirect(r) => self.redirect(r, &mut pending, &mut nested)?,
                Item::ProcessSubstitution(_, sub) => {
                    // `<(cmd)` is an argument: a /dev/fd path.
                    pending.args.extend(self.process_substitution_word(sub)?);
                    nested.push(sub);
                }
            }
        }
        self.c.finish(pending, id, position, len);
        self.c.flush();
        self.nested(nested)
    }

    fn redirect<'n>(
        &mut self,
        r: &'n ast::IoRedirect,
        pending: &mut Pending,
        nested: &mut Vec<&'n ast::SubshellCommand>,
    ) -> Result<(), Rejected> {
        use ast::{IoFileRedirectKind as K, IoFileRedirectTarget as T, IoRedirect as R};
        let (fd, op, target) = match r {
            R::File(fd, kind, target) => {
                let op = match kind {
                    K::Read => "<",
                    K::Write => ">",
                    K::Append => ">>",
                    K::ReadAndWrite => "<>",
                    K::Clobber => ">|",
                    K::DuplicateInput => "<&",
                    K::DuplicateOutput => ">&",
                };
                match target {
                    T::Filename(w) | T::Duplicate(w) => (*fd, op, w),
                    T::ProcessSubstitution(_, sub) => {
                        if let Some(target) = self.process_substitution_word(sub)? {
                            pending.redirects.push(Redirect {
                                fd: *fd,
                                op: op.to_owned(),
                                target,
                            });
                        }
                        nested.push(sub);
                        return Ok(());
                    }
                    // Only synthesised by brush-parser for `|&`: nothing in the source.
                    T::Fd(_) => return Ok(()),
                }
            }
            R::OutputAndError(w, append) => (None, if *append { "&>>" } else { "&>" }, w),
            R::HereString(fd, w) => (*fd, "<<<", w),
            R::HereDocument(fd, doc) => {
                let op = if doc.remove_tabs { "<<-" } else { "<<" };
                (*fd, op, &doc.here_end)
            }
        };
        if target.loc.is_none() {
            return Ok(());
        }
        let target = self.word(target)?;
        pending.redirects.push(Redirect {
            fd,
            op: op.to_owned(),
            target,
        });
        Ok(())
    }

    /// Byte span of a brush-parser source span.
    fn span(&self, loc: &brush_parser::SourceSpan) -> Result<(usize, usize), Rejected> {
        let start = self.offsets.byte(loc.start.index).ok_or(Rejected)?;
        let end = self.offsets.byte(loc.end.index).ok_or(Rejected)?;
        if start > end {
            return Err(Rejected);
        }
        Ok((start, end))
    }

    /// Converts a brush-parser word, checking its position against its text.
    fn word(&mut self, w: &ast::Word) -> Result<Word, Rejected> {
        let loc = w.loc.as_ref().ok_or(Rejected)?;
        let (start, end) = self.span(loc)?;
        let start = reconcile(self.c.src, start, end, &w.value).ok_or(Rejected)?;
        Ok(self.c.word(start, end))
    }
}

/// Checks that the source at `start..end` is the word brush-parser says it is, and returns the
/// real start. brush-parser counts a line continuation before a word as part of it
/// (`a \<newline> b` puts `b` at the backslash's newline), and drops continuations inside
/// words from the word's value; both are accounted for. Array assignments are normalised by
/// brush-parser (`a=( 1  2 )` becomes `a=(1 2)`), so only their `NAME=(` head and `)` tail
/// are compared.
fn reconcile(src: &str, mut start: usize, end: usize, value: &str) -> Option<usize> {
    let bytes = src.as_bytes();
    loop {
        match bytes.get(start..end)? {
            [b' ' | b'\t' | b'\n', ..] => start += 1,
            [b'\\', b'\n', ..] => start += 2,
            _ => break,
        }
    }
    let slice = src.get(start..end)?;
    if slice == value {
        return Some(start);
    }
    if slice.contains("\\\n") && slice.replace("\\\n", "") == value {
        return Some(start);
    }
    if let Some(head) = value.find("=(").and_then(|p| value.get(..p + 2))
        && slice.starts_with(head)
        && slice.ends_with(')')
        && value.ends_with(')')
    {
        return Some(start);
    }
    None
}
