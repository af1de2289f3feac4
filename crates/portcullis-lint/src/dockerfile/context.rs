//! What a Dockerfile rule sees: the parsed file, its shell scripts parsed once, the config.

use super::{Args, Dockerfile, Instruction, Kind};
use crate::shell::{self, Command, Script, Word};
use portcullis_core::config::Config;
use portcullis_core::{Finding, Location, RuleMeta};

/// Where a shell script's offsets point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Offsets into the instruction's logical line, starting at this logical offset.
    Logical(usize),
    /// Offsets into the source, starting at this byte (a heredoc body).
    Source(usize),
}

/// One shell script of a RUN: the command line, or a heredoc body run by a shell.
#[derive(Debug)]
pub struct RunScript {
    pub text: String,
    pub script: Script,
    pub origin: Origin,
}

impl RunScript {
    /// Source byte offset of a script offset.
    pub fn to_source(&self, ins: &Instruction, off: usize) -> usize {
        match self.origin {
            Origin::Logical(base) => ins.source_offset(base + off),
            Origin::Source(base) => base + off,
        }
    }
}

/// The context of one Dockerfile.
pub struct Ctx<'a> {
    pub path: &'a str,
    pub df: &'a Dockerfile,
    pub config: &'a Config,
    /// The `.dockerignore` beside the Dockerfile, if any.
    pub dockerignore: Option<&'a str>,
    /// Shell scripts of each instruction (index-aligned with `df.instructions`); for ONBUILD,
    /// the scripts of the triggered RUN.
    scripts: Vec<Vec<RunScript>>,
    /// Whether the shell in effect at each instruction is POSIX-like (not pwsh/cmd).
    posix: Vec<bool>,
    /// ONBUILD trigger address → index of its ONBUILD instruction.
    triggers: std::collections::HashMap<usize, usize>,
    /// The variables in scope before each instruction, computed when a rule first asks.
    scopes: std::cell::OnceCell<Vec<std::rc::Rc<super::Vars>>>,
}

const NON_POSIX: [&str; 3] = ["pwsh", "powershell", "cmd"];

impl<'a> Ctx<'a> {
    pub fn new(
        path: &'a str,
        df: &'a Dockerfile,
        config: &'a Config,
        dockerignore: Option<&'a str>,
    ) -> Ctx<'a> {
        let mut posix = Vec::with_capacity(df.instructions.len());
        let mut cur = true;
        let mut stage_posix: Vec<bool> = Vec::new();
        for ins in &df.instructions {
            if ins.kind == Kind::From {
                // A stage built FROM an earlier stage inherits its SHELL.
                let parent = ins
                    .stage
                    .and_then(|s| df.stages.get(s))
                    .and_then(|s| s.parent);
                cur = parent
                    .and_then(|p| stage_posix.get(p).copied())
                    .unwrap_or(true);
                stage_posix.push(cur);
            }
            if ins.kind == Kind::Shell
                && let Args::Json(v) = &ins.args
            {
                {
                    let exe = v
                        .first()
                        .map(|s| s.text.to_ascii_lowercase())
                        .unwrap_or_default();
                    cur = !NON_POSIX.iter().any(|n| exe.contains(n));
                    if let Some(last) = stage_posix.last_mut() {
                        *last = cur;
                    }
                }
            }
            // A `# hadolint shell=powershell` pragma has the same effect.
            posix.push(cur);
        }
        for c in &df.comments {
            let t = c.text.to_ascii_lowercase();
            if let Some(sh) = t
                .strip_prefix("hadolint shell=")
                .or_else(|| t.strip_prefix("portcullis shell="))
            {
                let p = !NON_POSIX.iter().any(|n| sh.contains(n));
                for (i, ins) in df.instructions.iter().enumerate() {
                    if ins.line > c.line {
                        posix[i] = p;
                    }
                }
            }
        }
        let scripts = df
            .instructions
            .iter()
            .zip(&posix)
            .map(|(ins, &p)| {
                let target = ins.onbuild.as_deref().unwrap_or(ins);
                if target.kind != Kind::Run {
                    Vec::new()
                } else if let Some(exec) = exec_form(&df.source, target) {
                    // No shell runs it, whatever SHELL says.
                    vec![exec]
                } else if p {
                    run_scripts(target)
                } else {
                    Vec::new()
                }
            })
            .collect();
        let triggers = df
            .instructions
            .iter()
            .enumerate()
            .filter_map(|(i, ins)| {
                ins.onbuild
                    .as_deref()
                    .map(|o| (o as *const Instruction as usize, i))
            })
            .collect();
        Ctx {
            path,
            df,
            config,
            dockerignore,
            scripts,
            posix,
            triggers,
            scopes: std::cell::OnceCell::new(),
        }
    }

    /// The variables in scope before each instruction (index-aligned with
    /// `df.instructions`), computed by `compute` the first time (the structure rules'
    /// `walk_scope` hands them to rules; several rules walk them for every file).
    pub(crate) fn scopes(
        &self,
        compute: fn(&Dockerfile) -> Vec<std::rc::Rc<super::Vars>>,
    ) -> &[std::rc::Rc<super::Vars>] {
        self.scopes.get_or_init(|| compute(self.df))
    }

    fn index_of(&self, ins: &Instruction) -> Option<usize> {
        let base = self.df.instructions.as_ptr() as usize;
        let p = ins as *const Instruction as usize;
        let size = std::mem::size_of::<Instruction>();
        if p >= base && p < base + size * self.df.instructions.len() {
            return Some((p - base) / size);
        }
        // An ONBUILD trigger.
        self.triggers.get(&p).copied()
    }

    /// The shell scripts of a RUN (or of an ONBUILD RUN's trigger), parsed once per file.
    pub fn scripts(&self, ins: &Instruction) -> &[RunScript] {
        match self.index_of(ins) {
            Some(i) => &self.scripts[i],
            None => &[],
        }
    }

    /// Every command of a RUN with the script it came from.
    pub fn commands<'s>(
        &'s self,
        ins: &Instruction,
    ) -> impl Iterator<Item = (&'s RunScript, &'s Command)> {
        self.scripts(ins)
            .iter()
            .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
    }

    /// Whether the shell at this instruction is POSIX-like.
    pub fn is_posix(&self, ins: &Instruction) -> bool {
        self.index_of(ins).map(|i| self.posix[i]).unwrap_or(true)
    }

    /// RUN instructions, ONBUILD RUN triggers included when `onbuild` is true.
    pub fn runs(&self, onbuild: bool) -> impl Iterator<Item = &'a Instruction> {
        self.df.instructions.iter().filter_map(move |i| {
            if i.kind == Kind::Run {
                Some(i)
            } else if onbuild {
                i.onbuild.as_deref().filter(|o| o.kind == Kind::Run)
            } else {
                None
            }
        })
    }

    /// A location from source byte offsets.
    pub fn location(&self, start: usize, end: usize) -> Location {
        let (l, c) = self.df.position(start);
        let (el, ec) = self.df.position(end.max(start));
        Location::span(self.path, l, c, el, ec)
    }

    /// A finding spanning source bytes `start..end`.
    pub fn finding(
        &self,
        meta: &'static RuleMeta,
        message: impl Into<String>,
        start: usize,
        end: usize,
    ) -> Finding {
        meta.finding(message, self.location(start, end))
    }

    /// A finding on an instruction's first line (keyword to the end of that line).
    pub fn at_instruction(
        &self,
        meta: &'static RuleMeta,
        message: impl Into<String>,
        ins: &Instruction,
    ) -> Finding {
        let (_, line_end) = self.df.lines.line_span(&self.df.source, ins.line);
        let end = line_end.min(ins.end).max(ins.start);
        let end = self.df.source[ins.start..end].trim_end().len() + ins.start;
        self.finding(meta, message, ins.start, end)
    }

    /// A finding on a shell word or command of a RUN.
    pub fn at_script(
        &self,
        meta: &'static RuleMeta,
        message: impl Into<String>,
        ins: &Instruction,
        s: &RunScript,
        start: usize,
        end: usize,
    ) -> Finding {
        self.finding(
            meta,
            message,
            s.to_source(ins, start),
            s.to_source(ins, end),
        )
    }
}

/// An exec-form RUN that runs a program directly (not `["sh", "-c", "script"]`): one command,
/// as hadolint sees it (`RUN ["pip", "install", "flask"]`), with offsets relative to its first
/// element.
fn exec_form(source: &str, ins: &Instruction) -> Option<RunScript> {
    let Args::Json(v) = &ins.args else {
        return None;
    };
    if v.len() >= 3 && is_shell(&v[0].text) && v[1].text.starts_with('-') && v[1].text.contains('c')
    {
        return None;
    }
    let (first, last) = (v.first()?, v.last()?);
    let base = first.start;
    let word = |s: &super::Spanned| Word {
        text: s.text.clone(),
        raw: source.get(s.start..s.end).unwrap_or_default().to_string(),
        start: s.start.saturating_sub(base),
        end: s.end.saturating_sub(base),
    };
    let cmd = Command {
        name: first.text.clone(),
        name_word: word(first),
        args: v[1..].iter().map(word).collect(),
        assignments: Vec::new(),
        assignment_words: Vec::new(),
        redirects: Vec::new(),
        start: 0,
        end: last.end.saturating_sub(base),
        pipeline: 0,
        pipeline_len: 1,
        position: 0,
        in_substitution: false,
        inner: Default::default(),
    };
    Some(RunScript {
        text: source.get(base..last.end).unwrap_or_default().to_string(),
        script: Script {
            commands: vec![cmd],
            parsed: true,
        },
        origin: Origin::Source(base),
    })
}

/// Splits a RUN into the shell scripts a shell would run.
fn run_scripts(ins: &Instruction) -> Vec<RunScript> {
    let Args::Shell(text) = &ins.args else {
        // Exec form: `["sh", "-c", "script"]` runs a script; other exec forms run one program.
        if let Args::Json(v) = &ins.args
            && v.len() >= 3
            && is_shell(&v[0].text)
            && v[1].text.starts_with('-')
            && v[1].text.contains('c')
        {
            {
                let t = v[2].text.clone();
                return vec![RunScript {
                    script: shell::parse(&t),
                    text: t,
                    // Escapes in JSON strings make exact offsets impossible: point at the string.
                    origin: Origin::Source(v[2].start + 1),
                }];
            }
        }
        return Vec::new();
    };
    let mut out = Vec::new();
    if ins.heredocs.is_empty() {
        out.push(RunScript {
            script: shell::parse(text),
            text: text.clone(),
            origin: Origin::Logical(ins.args_offset),
        });
        return out;
    }
    // With heredocs: the command line without its markers; bodies run by a shell are scripts.
    let mut line = text.clone();
    for h in ins.heredocs.iter().rev() {
        let (a, b) = (
            logical_of(ins, h.marker_start),
            logical_of(ins, h.marker_end),
        );
        if let (Some(a), Some(b)) = (a, b) {
            let (a, b) = (a - ins.args_offset, b - ins.args_offset);
            if b <= line.len() && line.is_char_boundary(a) && line.is_char_boundary(b) {
                line.replace_range(a..b, &" ".repeat(b - a));
            }
        }
    }
    let cmd_words: Vec<&str> = line.split_whitespace().collect();
    let runs_body = cmd_words.is_empty() || (cmd_words.len() <= 2 && is_shell(cmd_words[0]));
    if !cmd_words.is_empty() {
        out.push(RunScript {
            script: shell::parse(&line),
            text: line.clone(),
            origin: Origin::Logical(ins.args_offset),
        });
    }
    if runs_body {
        for h in &ins.heredocs {
            let first = h.body.lines().next().unwrap_or("");
            if first.starts_with("#!")
                && !first.split_whitespace().any(is_shell)
                && !is_shell(first.trim_start_matches("#!"))
            {
                continue;
            }
            out.push(RunScript {
                script: shell::parse(&h.body),
                text: h.body.clone(),
                origin: Origin::Source(h.body_start),
            });
        }
    }
    out
}

fn logical_of(ins: &Instruction, source: usize) -> Option<usize> {
    ins.segments
        .iter()
        .rev()
        .find(|(_, s)| *s <= source)
        .map(|(l, s)| l + (source - s))
}

fn is_shell(w: &str) -> bool {
    let base = w.rsplit('/').next().unwrap_or(w);
    matches!(
        base,
        "sh" | "bash" | "ash" | "dash" | "zsh" | "ksh" | "busybox"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    #[test]
    fn exec_form_run_is_one_command_even_under_a_non_posix_shell() {
        let src = "FROM debian:12\nSHELL [\"pwsh\", \"-c\"]\nRUN [\"apt-get\", \"install\", \"-y\", \"curl\"]\nRUN [\"sh\", \"-c\", \"echo a && echo b\"]\nONBUILD RUN [\"/usr/bin/pip\", \"install\", \"flask\"]\n";
        let df = parse(src);
        let config = Config::default();
        let cx = Ctx::new("Dockerfile", &df, &config, None);
        let names = |i: usize| -> Vec<(String, Vec<String>)> {
            let ins = &df.instructions[i];
            let ins = ins.onbuild.as_deref().unwrap_or(ins);
            cx.commands(ins)
                .map(|(_, c)| {
                    (
                        c.name.clone(),
                        c.args.iter().map(|w| w.text.clone()).collect(),
                    )
                })
                .collect()
        };
        assert_eq!(
            names(2),
            [(
                "apt-get".to_string(),
                vec!["install".to_string(), "-y".into(), "curl".into()]
            )]
        );
        // `sh -c` under pwsh: the SHELL does not matter, but the script is a POSIX one only
        // where the shell is POSIX; here it is not parsed.
        assert!(names(3).is_empty());
        assert_eq!(names(4)[0].0, "/usr/bin/pip");
        // Offsets point at the words in the source.
        let ins = &df.instructions[2];
        let (s, c) = cx.commands(ins).next().unwrap();
        let w = &c.args[2];
        let at = s.to_source(ins, w.start);
        assert_eq!(&df.source[at..s.to_source(ins, w.end)], "\"curl\"");
    }
}
