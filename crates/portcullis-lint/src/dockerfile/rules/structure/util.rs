//! Small helpers shared by the structure rules: stage chains, COPY/ADD paths, variable scope.

use crate::dockerfile::context::Ctx;
use crate::dockerfile::{
    Dockerfile, Instruction, Kind, Spanned, Vars, expand, global_args, unquote, unquote_word,
};
use std::rc::Rc;

/// A stage and the stages it is built `FROM`, nearest first.
pub fn stage_chain(df: &Dockerfile, stage: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut cur = Some(stage);
    while let Some(s) = cur {
        // Parents are always earlier stages; the bound guards against a malformed graph.
        if s >= df.stages.len() || out.contains(&s) {
            break;
        }
        out.push(s);
        cur = df.stages[s].parent;
    }
    out
}

/// The top-level instructions of a stage and of the stages it is built `FROM`, in one pass.
pub fn chain_instructions(df: &Dockerfile, stage: usize) -> impl Iterator<Item = &Instruction> {
    let mut member = vec![false; df.stages.len()];
    for s in stage_chain(df, stage) {
        member[s] = true;
    }
    df.instructions
        .iter()
        .filter(move |i| i.stage.is_some_and(|s| member.get(s) == Some(&true)))
}

/// Every instruction of `kind` that follows another one of the same kind in its stage, with
/// the line of the first one.
pub fn repeated_in_stage(df: &Dockerfile, kind: Kind) -> Vec<(&Instruction, u32)> {
    let mut first: Option<(Option<usize>, u32)> = None;
    let mut out = Vec::new();
    for ins in &df.instructions {
        if ins.kind != kind || ins.stage.is_none() {
            continue;
        }
        match first {
            Some((stage, line)) if stage == ins.stage => out.push((ins, line)),
            _ => first = Some((ins.stage, ins.line)),
        }
    }
    out
}

/// A `--from` reference of a COPY/ADD flag or of a RUN `--mount`: the value as written and the
/// span of the flag.
pub struct FromRef {
    pub value: String,
    /// `--from` of COPY/ADD, or `from` of a `--mount`.
    pub mount: bool,
    pub start: usize,
    pub end: usize,
}

impl FromRef {
    /// `--from=x` or `from=x`, with the value given.
    pub fn show(&self, value: &str) -> String {
        if self.mount {
            format!("`--mount` `from={value}`")
        } else {
            format!("`--from={value}`")
        }
    }
}

/// Every stage or image an instruction reads from: `COPY --from=x`, `RUN --mount=...,from=x`.
pub fn from_refs(ins: &Instruction) -> Vec<FromRef> {
    let mut out = Vec::new();
    for f in &ins.flags {
        let value =
            if f.name.eq_ignore_ascii_case("from") && matches!(ins.kind, Kind::Copy | Kind::Add) {
                f.value.as_deref().map(crate::dockerfile::unquote)
            } else if f.name.eq_ignore_ascii_case("mount") && ins.kind == Kind::Run {
                f.csv()
                    .into_iter()
                    .find(|(k, _)| k == "from")
                    .map(|(_, v)| v)
            } else {
                None
            };
        if let Some(value) = value.filter(|v| !v.is_empty()) {
            out.push(FromRef {
                value,
                mount: ins.kind == Kind::Run,
                start: f.start,
                end: f.end,
            });
        }
    }
    out
}

/// Byte span of an instruction's keyword.
pub fn keyword_span(ins: &Instruction) -> (usize, usize) {
    (ins.start, ins.start + ins.keyword.len())
}

/// Sources and destination of a COPY or ADD (heredoc markers count as sources).
pub fn copy_paths(ins: &Instruction) -> Option<(&[Spanned], &Spanned)> {
    match ins.words() {
        [] | [_] => None,
        [sources @ .., dest] => Some((sources, dest)),
    }
}

/// A word's value: quotes removed (JSON-form words are already plain), the file's escape
/// character applied, variables expanded. `None` when a variable has no known value. A
/// Windows path (`C:\app`) is taken as written, as Windows users mean it.
pub fn resolve(ins: &Instruction, word: &str, vars: &Vars, escape: char) -> Option<String> {
    let plain = if ins.is_json() {
        word.to_string()
    } else if is_absolute(&unquote(word)) && unquote(word).contains('\\') {
        unquote(word)
    } else if escape == '\\' {
        unquote_word(word)
    } else {
        // Swap the roles of `\` and the escape character, unquote, swap back.
        let swapped: String = word
            .chars()
            .map(|c| {
                if c == '\\' {
                    '\u{0}'
                } else if c == escape {
                    '\\'
                } else {
                    c
                }
            })
            .collect();
        unquote_word(&swapped).replace('\u{0}', "\\")
    };
    if !plain.contains('$') {
        return Some(plain);
    }
    let (v, ok) = expand(&plain, vars);
    ok.then_some(v)
}

/// `/x`, `C:\x`, `C:/x`.
pub fn is_absolute(path: &str) -> bool {
    let b = path.as_bytes();
    path.starts_with('/')
        || (b.len() >= 3
            && b[0].is_ascii_alphabetic()
            && b[1] == b':'
            && (b[2] == b'\\' || b[2] == b'/'))
}

/// Calls `f` for every top-level instruction with the variables in scope before it, as BuildKit
/// sees them: before the first `FROM` (and for every `FROM`) the global ARGs; inside a stage the
/// ARGs and ENVs of the stage and of the stages it is built from. A global ARG is visible in a
/// stage only once the stage redeclares it (`ARG NAME`). ARG defaults count as values.
///
/// The scopes are computed once per file (many rules walk them) and kept in the [`Ctx`].
pub fn walk_scope<'a>(cx: &Ctx<'a>, mut f: impl FnMut(&'a Instruction, &Vars)) {
    let df: &'a Dockerfile = cx.df;
    for (ins, vars) in df.instructions.iter().zip(cx.scopes(scopes_of).iter()) {
        f(ins, vars);
    }
}

/// The scope before each instruction of `df` (index-aligned with `df.instructions`; see
/// [`walk_scope`]). Instructions between two changes share one map.
pub fn scopes_of(df: &Dockerfile) -> Vec<Rc<Vars>> {
    let globals = Rc::new(global_args(df));
    let mut out = Vec::with_capacity(df.instructions.len());
    // The scope at the end of each stage, kept only until its last child stage took it.
    let mut children = vec![0usize; df.stages.len()];
    for p in df.stages.iter().filter_map(|s| s.parent) {
        if let Some(c) = children.get_mut(p) {
            *c += 1;
        }
    }
    let mut finals: Vec<Option<Vars>> = vec![None; df.stages.len()];
    let mut cur = Vars::new();
    // A shared copy of `cur`, made when an instruction first needs it after a change.
    let mut snapshot: Option<Rc<Vars>> = None;
    let mut cur_stage: Option<usize> = None;
    for ins in &df.instructions {
        if ins.kind == Kind::From || ins.stage.is_none() {
            if ins.kind == Kind::From {
                if let Some(s) = cur_stage.filter(|s| children.get(*s).is_some_and(|c| *c > 0)) {
                    finals[s] = Some(std::mem::take(&mut cur));
                }
                cur_stage = ins.stage;
                let parent = ins
                    .stage
                    .and_then(|s| df.stages.get(s))
                    .and_then(|s| s.parent);
                cur = match parent.filter(|p| *p < finals.len()) {
                    Some(p) => {
                        children[p] = children[p].saturating_sub(1);
                        if children[p] == 0 {
                            finals[p].take()
                        } else {
                            finals[p].clone()
                        }
                        .unwrap_or_default()
                    }
                    None => Vars::new(),
                };
                snapshot = None;
            }
            out.push(globals.clone());
            continue;
        }
        out.push(snapshot.get_or_insert_with(|| Rc::new(cur.clone())).clone());
        if matches!(ins.kind, Kind::Arg | Kind::Env) {
            apply(ins, &mut cur, &globals);
            snapshot = None;
        }
    }
    out
}

/// Adds the variables an ARG or ENV defines to `vars`.
fn apply(ins: &Instruction, vars: &mut Vars, globals: &Vars) {
    match ins.kind {
        Kind::Arg => {
            for kv in ins.key_values() {
                let v = match &kv.value {
                    Some(v) => {
                        let (t, ok) = expand(v, vars);
                        ok.then_some(t)
                    }
                    None => globals.get(&kv.key).cloned().flatten(),
                };
                vars.insert(kv.key.clone(), v);
            }
        }
        Kind::Env => {
            // Every pair sees the variables from before the instruction.
            let new: Vec<_> = ins
                .key_values()
                .iter()
                .map(|kv| {
                    let v = kv.value.as_ref().and_then(|v| {
                        let (t, ok) = expand(v, vars);
                        ok.then_some(t)
                    });
                    (kv.key.clone(), v)
                })
                .collect();
            vars.extend(new);
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dockerfile::parse;

    fn scope_at(src: &str, line: u32) -> Vars {
        let df = parse(src);
        let mut out = Vars::new();
        for (ins, v) in df.instructions.iter().zip(scopes_of(&df)) {
            if ins.line == line {
                out = (*v).clone();
            }
        }
        out
    }

    #[test]
    fn scoping() {
        let src = "ARG G=1\nARG H\nFROM a AS base\nARG G\nENV E=/x\nFROM base\nUSER $G\nFROM b\nARG H\nUSER x\n";
        let v = scope_at(src, 7);
        assert_eq!(v.get("G"), Some(&Some("1".into())));
        assert_eq!(v.get("E"), Some(&Some("/x".into())));
        let v = scope_at(src, 10);
        assert!(!v.contains_key("G"));
        assert_eq!(v.get("H"), Some(&None));
        // FROM sees the global ARGs only.
        let v = scope_at(src, 6);
        assert_eq!(v.get("G"), Some(&Some("1".into())));
        assert!(!v.contains_key("E"));
    }

    #[test]
    fn escapes() {
        let df = parse("FROM a\nCOPY x y\n");
        let ins = &df.instructions[1];
        let v = Vars::new();
        assert_eq!(
            resolve(ins, r#""a b"\ c"#, &v, '\\').as_deref(),
            Some("a b c")
        );
        assert_eq!(
            resolve(ins, r"C:\app\x", &v, '\\').as_deref(),
            Some(r"C:\app\x")
        );
        assert_eq!(resolve(ins, r"a\b`c", &v, '`').as_deref(), Some(r"a\bc"));
        assert_eq!(resolve(ins, "$X", &v, '\\'), None);
    }

    #[test]
    fn paths() {
        assert!(is_absolute("/a") && is_absolute("C:\\a") && is_absolute("d:/x"));
        assert!(!is_absolute("a/b") && !is_absolute("C:") && !is_absolute(""));
    }
}

/// Random input through every structure rule with every configuration option set (the
/// integration test's hostile input runs with the default configuration, where the label and
/// registry rules do nothing): no panic, fixes stay on character boundaries.
#[cfg(test)]
mod hostile {
    use proptest::prelude::*;

    fn run(text: &str) {
        let config = portcullis_core::config::Config::from_toml(
            "f.toml",
            "trusted-registries = [\"docker.io\", \"*.gcr.io\"]\n[labels]\nstrict = true\n[labels.schema]\n\
             maintainer = \"email\"\na = \"url\"\nb = \"rfc3339\"\nc = \"spdx\"\nd = \"hash\"\ne = \"semver\"\n",
        )
        .unwrap();
        let df = crate::dockerfile::parse(text);
        let cx = crate::dockerfile::context::Ctx::new("x", &df, &config, None);
        let mut out = Vec::new();
        for r in super::super::RULES {
            r.check(&cx, &mut out);
        }
        for e in out
            .iter()
            .filter_map(|f| f.fix.as_ref())
            .flat_map(|f| &f.edits)
        {
            assert!(e.start <= e.end && e.end <= text.len());
            assert!(text.is_char_boundary(e.start) && text.is_char_boundary(e.end));
        }
        let (fixed, _) = crate::dockerfile::fix::apply(text, &out, true);
        crate::dockerfile::parse(&fixed);
    }

    fn dockerfileish() -> impl Strategy<Value = String> {
        let t = prop_oneof![
            Just("FROM "),
            Just("WORKDIR "),
            Just("EXPOSE "),
            Just("CMD "),
            Just("ENTRYPOINT "),
            Just("HEALTHCHECK CMD "),
            Just("MAINTAINER "),
            Just("COPY "),
            Just("ADD "),
            Just("ENV "),
            Just("ARG "),
            Just("USER "),
            Just("ONBUILD "),
            Just("LABEL "),
            Just(" AS "),
            Just("--from="),
            Just("--platform="),
            Just("--mount=from="),
            Just("# hadolint ignore=DL3008\n"),
            Just("# hadolint global ignore=X\n"),
            Just("# escape=`\n"),
            Just("<<EOF"),
            Just("EOF"),
            Just("\n"),
            Just("\\\n"),
            Just("`"),
            Just(" "),
            Just("\""),
            Just("'"),
            Just("$"),
            Just("${A:-b}"),
            Just("$TARGETPLATFORM"),
            Just("="),
            Just(":"),
            Just("/"),
            Just("-"),
            Just("C:\\"),
            Just("é"),
            Just("maintainer="),
            Just("a="),
            Just("b="),
            Just("c="),
            Just("d="),
            Just("e="),
            Just("scratch"),
            Just("0"),
            Just("[\"a\", \"b\"]"),
            Just("(MIT OR"),
            Just("2024-01-01T"),
            Just("%"),
            Just("@"),
            Just("TOKEN"),
        ];
        let word = "[a-zA-Z0-9:/._@+-]{1,8}";
        prop::collection::vec(prop_oneof![t.prop_map(String::from), word], 0..50)
            .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
        #[test]
        fn structure_rules_never_panic(text in dockerfileish()) {
            run(&text);
        }
        #[test]
        fn structure_rules_never_panic_on_bytes(text in "\\PC{0,120}") {
            run(&text);
        }
    }
}
