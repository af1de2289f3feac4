use super::util::{cache_mount_targets, pip_install, run_commands, truthy};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Instruction, Kind};
use portcullis_core::{Edit, Finding, Fix, FixSafety, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `pip install` (also `pip3`, `python -m pip`) without `--no-cache-dir`. Not
    /// reported when `PIP_NO_CACHE_DIR` is set to a true value by an `ENV` or `ARG` of the stage
    /// (or of the stage it is built `FROM`) or in the RUN itself, nor when the RUN mounts a
    /// cache or tmpfs on pip's cache directory (`--mount=type=cache,target=/root/.cache/pip`).
    /// `pipx` and `pipenv` have caches of their own and are not checked.
    ///
    /// ## Why is this bad?
    /// pip keeps every downloaded wheel in `~/.cache/pip`. In an image that cache is dead
    /// weight: it is never reused, yet it is stored in the layer and shipped with the image.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN pip install flask==3.0.3
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN pip install --no-cache-dir flask==3.0.3
    /// # or keep a cache across builds without shipping it:
    /// RUN --mount=type=cache,target=/root/.cache/pip pip install flask==3.0.3
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `--no-cache-dir` after `install`; only the cache left in the layer changes.
    pub PipCache {
        code: "DF042",
        name: "pip-cache",
        practice: MinimalImage,
        severity: Low,
        summary: "pip install without --no-cache-dir",
        aliases: ["DL3042"],
        references: ["https://pip.pypa.io/en/stable/topics/caching/"],
        remediation: "add --no-cache-dir to pip install, or mount a cache on /root/.cache/pip",
    }
}

/// Whether an ENV or ARG sets `PIP_NO_CACHE_DIR` to a true value.
fn sets_no_cache(ins: &Instruction) -> bool {
    matches!(ins.kind, Kind::Env | Kind::Arg)
        && ins
            .key_values()
            .iter()
            .any(|kv| kv.key == "PIP_NO_CACHE_DIR" && kv.value.as_deref().is_some_and(truthy))
}

/// Whether `PIP_NO_CACHE_DIR=<true>` appears in a script (`export`, a prefix assignment...).
fn script_sets_no_cache(text: &str) -> bool {
    text.match_indices("PIP_NO_CACHE_DIR=").any(|(i, m)| {
        let v = &text[i + m.len()..];
        let v = v.trim_start_matches(['"', '\'']);
        let end = v
            .find(|c: char| !c.is_ascii_alphanumeric())
            .unwrap_or(v.len());
        truthy(&v[..end])
    })
}

/// Whether a cache or tmpfs mount covers pip's cache directory.
fn mounts_pip_cache(ins: &Instruction) -> bool {
    cache_mount_targets(ins)
        .iter()
        .any(|t| t.ends_with(".cache/pip") || t.ends_with("/.cache") || t == "~/.cache")
}

impl DockerfileRule for PipCache {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        // Per stage: whether PIP_NO_CACHE_DIR is on, at the end of the stage and so far.
        let mut stage_on: Vec<bool> = Vec::new();
        let mut on = false;
        for ins in &cx.df.instructions {
            if ins.kind == Kind::From {
                let parent = ins
                    .stage
                    .and_then(|s| cx.df.stages.get(s))
                    .and_then(|s| s.parent);
                on = parent
                    .and_then(|p| stage_on.get(p).copied())
                    .unwrap_or(false);
                stage_on.push(on);
                continue;
            }
            if sets_no_cache(ins) {
                on = true;
                if let Some(last) = stage_on.last_mut() {
                    *last = true;
                }
                continue;
            }
            let target = ins.onbuild.as_deref().unwrap_or(ins);
            if target.kind != Kind::Run || on || mounts_pip_cache(target) {
                continue;
            }
            let scripts = cx.scripts(target);
            if scripts.iter().any(|s| script_sets_no_cache(&s.text)) {
                continue;
            }
            for (script, cmd) in run_commands(cx, target) {
                {
                    let Some(pip) = pip_install(cmd) else {
                        continue;
                    };
                    if pip.wrapper || pip.uv {
                        continue;
                    }
                    let disabled = pip.args.iter().any(|a| {
                        a.text == "--no-cache-dir"
                            || a.text.strip_prefix("--no-cache-dir=").is_some_and(truthy)
                    });
                    if disabled {
                        continue;
                    }
                    let msg = format!(
                        "`{} install` without `--no-cache-dir` leaves pip's cache in the layer",
                        pip.program
                    );
                    let mut f =
                        cx.at_script(&Self::META, msg, target, script, cmd.start, pip.install.end);
                    if !target.is_json() {
                        let at = script.to_source(target, pip.install.end);
                        f.fix = Some(Fix {
                            description: "insert --no-cache-dir".into(),
                            safety: FixSafety::Safe,
                            edits: vec![Edit {
                                start: at,
                                end: at,
                                replacement: " --no-cache-dir".into(),
                            }],
                        });
                    }
                    out.push(f);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::script_sets_no_cache;

    #[test]
    fn script_assignments() {
        assert!(script_sets_no_cache(
            "export PIP_NO_CACHE_DIR=1 && pip install x"
        ));
        assert!(script_sets_no_cache(
            "PIP_NO_CACHE_DIR=\"true\" pip install x"
        ));
        assert!(!script_sets_no_cache("PIP_NO_CACHE_DIR=0 pip install x"));
        assert!(!script_sets_no_cache("pip install x"));
    }
}
