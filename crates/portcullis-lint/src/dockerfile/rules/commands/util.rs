//! Helpers shared by the commands family: argument scanning that knows which flags take a
//! value, cache mounts, and the variables in scope at an instruction.

use crate::dockerfile::context::{Ctx, RunScript};
use crate::dockerfile::{Dockerfile, Instruction, Kind, Vars, global_args};
use crate::shell::{Command, Word};

/// A script of a RUN: one of [`Ctx::scripts`] (exec-form RUNs included).
pub(super) type ScriptRef<'s> = &'s RunScript;

/// The commands of a RUN (or ONBUILD RUN trigger) as written, wrappers included. An exec-form
/// RUN that is not `["sh", "-c", ...]` runs its program directly: it is one command here,
/// as hadolint sees it (`RUN ["pip", "install", "flask"]`).
pub(super) fn raw_commands<'s>(
    cx: &'s Ctx,
    ins: &Instruction,
) -> Vec<(ScriptRef<'s>, &'s Command)> {
    cx.scripts(ins)
        .iter()
        .flat_map(|s| s.script.commands.iter().map(move |c| (s, c)))
        .collect()
}

/// [`raw_commands`] with wrappers looked through: `sudo pip install x` is `pip install x`.
pub(super) fn run_commands<'s>(
    cx: &'s Ctx,
    ins: &Instruction,
) -> Vec<(ScriptRef<'s>, &'s Command)> {
    cx.scripts(ins)
        .iter()
        .flat_map(|s| s.script.commands.iter().map(move |c| (s, c.unwrapped())))
        .collect()
}

/// How a program's flags take values.
pub(super) struct FlagSpec<'a> {
    /// Long flags (without dashes) whose value is the next argument unless given with `=`.
    /// Matched after `--`, and after a single `-` too (Go style: `-tags foo`).
    pub long: &'a [&'a str],
    /// Short flag letters whose value is the rest of the bundle or the next argument.
    pub short: &'a str,
}

impl FlagSpec<'_> {
    fn takes_long(&self, name: &str) -> bool {
        self.long.contains(&name)
    }
}

/// The operands of a command (arguments that are not flags nor flag values), with their index
/// in `args`. Everything after `--` is an operand.
pub(super) fn operands<'w>(args: &'w [Word], spec: &FlagSpec) -> Vec<(usize, &'w Word)> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut no_more_flags = false;
    while i < args.len() {
        let t = args[i].text.as_str();
        if no_more_flags || t == "-" || !t.starts_with('-') {
            out.push((i, &args[i]));
            i += 1;
            continue;
        }
        if t == "--" {
            no_more_flags = true;
            i += 1;
            continue;
        }
        let (body, double) = match t.strip_prefix("--") {
            Some(b) => (b, true),
            None => (&t[1..], false),
        };
        let name = body.split('=').next().unwrap_or(body);
        if double || single_dash_long(body, spec) {
            if !body.contains('=') && spec.takes_long(name) {
                i += 1;
            }
            i += 1;
            continue;
        }
        // A bundle of short flags: the first value-taking letter takes the rest or the next word.
        for (k, c) in body.char_indices() {
            if spec.short.contains(c) {
                if k + c.len_utf8() == body.len() {
                    i += 1;
                }
                break;
            }
        }
        i += 1;
    }
    out
}

/// Whether `-body` is a long flag written with one dash (Go style `-tags`), not a bundle.
fn single_dash_long(body: &str, spec: &FlagSpec) -> bool {
    let name = body.split('=').next().unwrap_or(body);
    name.chars().count() > 1 && spec.takes_long(name)
}

/// Whether a command has the short flag `letter` (also inside a bundle such as `-qO-`, but not
/// in the value of an earlier value-taking letter).
pub(super) fn has_short(args: &[Word], letter: char, spec: &FlagSpec) -> bool {
    args.iter()
        .take_while(|a| a.text != "--")
        .any(|a| bundle_has(&a.text, letter, spec))
}

fn bundle_has(t: &str, letter: char, spec: &FlagSpec) -> bool {
    if !t.starts_with('-') || t.starts_with("--") || t.len() < 2 {
        return false;
    }
    let body = &t[1..];
    if single_dash_long(body, spec) {
        return false;
    }
    for c in body.chars() {
        if c == letter {
            return true;
        }
        if spec.short.contains(c) {
            return false;
        }
    }
    false
}

/// The value of a short value-taking flag (`-u 1000`, `-u1000`, `-mu 1000`), first occurrence.
pub(super) fn short_value<'w>(
    args: &'w [Word],
    letter: char,
    spec: &FlagSpec,
) -> Option<(String, Option<&'w Word>)> {
    for (i, a) in args.iter().enumerate() {
        let t = a.text.as_str();
        if t == "--" {
            return None;
        }
        if !t.starts_with('-') || t.starts_with("--") || t.len() < 2 {
            continue;
        }
        let body = &t[1..];
        if single_dash_long(body, spec) {
            continue;
        }
        for (k, c) in body.char_indices() {
            if !spec.short.contains(c) {
                continue;
            }
            if c != letter {
                break;
            }
            let rest = &body[k + c.len_utf8()..];
            if !rest.is_empty() {
                return Some((rest.to_string(), Some(a)));
            }
            return args.get(i + 1).map(|n| (n.text.clone(), Some(n)));
        }
    }
    None
}

/// Whether `--name` or `--name=...` is among the arguments.
pub(super) fn has_long(args: &[Word], name: &str) -> bool {
    long_value(args, name).is_some() || args.iter().any(|a| a.text.strip_prefix("--") == Some(name))
}

/// The value of `--name=value` or `--name value` (first occurrence; `--name` alone at the end
/// gives an empty value).
pub(super) fn long_value<'w>(args: &'w [Word], name: &str) -> Option<(String, Option<&'w Word>)> {
    for (i, a) in args.iter().enumerate() {
        let Some(body) = a.text.strip_prefix("--") else {
            continue;
        };
        if body.is_empty() {
            return None;
        }
        if let Some(v) = body.strip_prefix(name).and_then(|r| r.strip_prefix('=')) {
            return Some((v.to_string(), Some(a)));
        }
        if body == name {
            return args.get(i + 1).map(|n| (n.text.clone(), Some(n)));
        }
    }
    None
}

/// Targets of `RUN --mount=type=cache` and `type=tmpfs` mounts: what they hold never reaches a
/// layer. Trailing slashes removed.
pub(super) fn cache_mount_targets(ins: &Instruction) -> Vec<String> {
    ins.mounts()
        .iter()
        .filter(|m| {
            m.iter()
                .any(|(k, v)| k == "type" && (v == "cache" || v == "tmpfs"))
        })
        .filter_map(|m| {
            m.iter()
                .find(|(k, _)| k == "target" || k == "dst" || k == "destination")
                .map(|(_, v)| v.trim_end_matches('/').to_string())
        })
        .collect()
}

/// Values a variable like `PIP_NO_CACHE_DIR` reads as on.
pub(super) fn truthy(v: &str) -> bool {
    matches!(
        v.trim().to_ascii_lowercase().as_str(),
        "1" | "true" | "on" | "yes"
    )
}

/// The variables a RUN sees: global ARG defaults, then the ARG and ENV of its stage before it.
pub(super) fn vars_before(df: &Dockerfile, ins: &Instruction) -> Vars {
    let mut vars = global_args(df);
    let Some(stage) = ins.stage else { return vars };
    for i in df
        .instructions
        .iter()
        .filter(|i| i.stage == Some(stage) && i.start < ins.start)
    {
        if matches!(i.kind, Kind::Arg | Kind::Env) {
            for kv in i.key_values() {
                // `ARG X` without a default keeps a global default of the same name.
                if kv.value.is_none() && vars.contains_key(&kv.key) {
                    continue;
                }
                vars.insert(kv.key.clone(), kv.value.clone());
            }
        }
    }
    vars
}

/// The part after the last `/` (or `\`), quotes removed.
pub(super) fn basename(path: &str) -> &str {
    let p = path.trim_matches(|c| c == '"' || c == '\'');
    p.rsplit(['/', '\\']).next().unwrap_or(p)
}

/// pip's flags that take a value (`pip install --help`, global options included).
pub(super) const PIP_FLAGS: FlagSpec = FlagSpec {
    long: &[
        "abi",
        "build",
        "cache-dir",
        "cert",
        "client-cert",
        "config-settings",
        "constraint",
        "editable",
        "exists-action",
        "extra-index-url",
        "find-links",
        "global-option",
        "group",
        "implementation",
        "index-url",
        "keyring-provider",
        "log",
        "no-binary",
        "only-binary",
        "platform",
        "prefix",
        "progress-bar",
        "proxy",
        "python",
        "python-version",
        "report",
        "requirement",
        "retries",
        "root",
        "src",
        "target",
        "timeout",
        "trusted-host",
        "upgrade-strategy",
        "use-deprecated",
        "use-feature",
    ],
    short: "bcefirt",
};

/// A `pip install` (or `pip3`, `pip3.12`, `python -m pip`, `uv pip` ... `install`).
pub(super) struct PipInstall<'c> {
    /// How it was invoked, for messages: `pip`, `python3 -m pip`, `uv pip`.
    pub program: String,
    /// pip's own arguments (after `-m pip` for python).
    pub args: &'c [Word],
    /// The `install` word.
    pub install: &'c Word,
    /// `pipx` or `pipenv` rather than pip itself.
    pub wrapper: bool,
    /// `uv pip install`.
    pub uv: bool,
}

/// Recognises a pip install command.
pub(super) fn pip_install(cmd: &Command) -> Option<PipInstall<'_>> {
    let name = basename(&cmd.name);
    let (program, args, uv): (String, &[Word], bool) = if name.starts_with("pip") {
        (name.to_string(), &cmd.args[..], false)
    } else if name.starts_with("python") {
        let i = cmd
            .args
            .iter()
            .position(|a| a.text == "-m" || a.text.starts_with("-mpip"))?;
        let (module, rest) = if cmd.args[i].text == "-m" {
            (cmd.args.get(i + 1)?.text.as_str(), cmd.args.get(i + 2..)?)
        } else {
            (&cmd.args[i].text[2..], cmd.args.get(i + 1..)?)
        };
        if !module.starts_with("pip") {
            return None;
        }
        (format!("{name} -m {module}"), rest, false)
    } else if name == "uv" && cmd.args.first().is_some_and(|a| a.text == "pip") {
        ("uv pip".to_string(), cmd.args.get(1..)?, true)
    } else {
        return None;
    };
    let (_, install) = *operands(args, &PIP_FLAGS).first()?;
    if install.text != "install" {
        return None;
    }
    let wrapper = program.contains("pipx") || program.contains("pipenv");
    Some(PipInstall {
        program,
        args,
        install,
        wrapper,
        uv,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<Word> {
        let script = crate::shell::parse(s);
        script
            .commands
            .into_iter()
            .next()
            .map(|c| c.args)
            .unwrap_or_default()
    }

    const PIP: FlagSpec = FlagSpec {
        long: &["index-url", "target"],
        short: "it",
    };

    #[test]
    fn operands_skip_flag_values() {
        let a = words(
            "pip install -i https://x --index-url=https://y --target /t -qt /u flask -- -weird",
        );
        let ops: Vec<&str> = operands(&a, &PIP)
            .iter()
            .map(|(_, w)| w.text.as_str())
            .collect();
        assert_eq!(ops, ["install", "flask", "-weird"]);
    }

    #[test]
    fn short_and_long_values() {
        let a = words("useradd -mu 123456 --home=/h bob");
        let spec = FlagSpec {
            long: &["home"],
            short: "u",
        };
        assert_eq!(
            short_value(&a, 'u', &spec).map(|v| v.0),
            Some("123456".into())
        );
        assert!(has_short(&a, 'm', &spec));
        assert!(!has_short(&a, 'l', &spec));
        assert_eq!(long_value(&a, "home").map(|v| v.0), Some("/h".into()));
        let b = words("useradd -u123456 bob");
        assert_eq!(
            short_value(&b, 'u', &spec).map(|v| v.0),
            Some("123456".into())
        );
    }

    #[test]
    fn basenames() {
        assert_eq!(basename("/tmp/a.tar.gz"), "a.tar.gz");
        assert_eq!(basename("\"a.tar\""), "a.tar");
        assert_eq!(basename("x"), "x");
    }
}
