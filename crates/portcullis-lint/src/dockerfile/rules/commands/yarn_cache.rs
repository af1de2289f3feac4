use super::util::{FlagSpec, cache_mount_targets, long_value, operands, run_commands};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Instruction, Kind};
use crate::shell::Command;
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `yarn install` (also a bare `yarn`, `yarn add`, `yarn global add`) in a RUN that
    /// does not clean yarn's cache: no `yarn cache clean` and no `rm` of the cache directory in
    /// the same RUN, and no cache or tmpfs mount on it. Only stages that end up in the image
    /// are checked (the final stage and the stages it is built `FROM`), and `ONBUILD RUN`
    /// triggers; a builder stage whose files are copied out keeps its cache to itself.
    ///
    /// ## Why is this bad?
    /// yarn keeps a copy of every package it downloads in its cache. In an image that cache is
    /// never reused, yet it is stored in the layer and shipped, often doubling the size of
    /// `node_modules`.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN yarn install --frozen-lockfile && yarn cache clean
    /// # or keep a cache across builds without shipping it:
    /// RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    pub YarnCache {
        code: "DF060",
        name: "yarn-cache",
        practice: MinimalImage,
        severity: Low,
        summary: "yarn install without yarn cache clean",
        aliases: ["DL3060"],
        references: ["https://classic.yarnpkg.com/en/docs/cli/cache"],
        remediation: "run yarn cache clean in the same RUN, or mount a cache on yarn's cache directory",
    }
}

const YARN_FLAGS: FlagSpec = FlagSpec {
    long: &[
        "cwd",
        "cache-folder",
        "modules-folder",
        "registry",
        "network-timeout",
        "mutex",
        "global-folder",
        "link-folder",
        "use-yarnrc",
        "preferred-cache-folder",
    ],
    short: "",
};

/// Paths of yarn caches (classic and berry).
fn is_yarn_cache_path(p: &str, custom: &[String]) -> bool {
    let p = p.trim_end_matches(['/', '*']).trim_end_matches('/');
    p.ends_with(".cache/yarn")
        || p.ends_with(".yarn/cache")
        || p.ends_with(".yarn/berry/cache")
        || p.ends_with(".yarn-cache")
        || custom
            .iter()
            .any(|c| !c.is_empty() && p == c.trim_end_matches('/'))
}

/// `yarn install`, `yarn add`, `yarn global add`, or a bare `yarn` (which installs).
fn installs(cmd: &Command) -> bool {
    if !cmd.is("yarn") {
        return false;
    }
    let ops = operands(&cmd.args, &YARN_FLAGS);
    match ops.first().map(|(_, w)| w.text.as_str()) {
        None => true,
        Some("install" | "add") => true,
        Some("global") => ops.get(1).is_some_and(|(_, w)| w.text == "add"),
        _ => false,
    }
}

fn cleans(cmd: &Command, custom: &[String]) -> bool {
    if cmd.is("yarn") {
        let ops = operands(&cmd.args, &YARN_FLAGS);
        return ops
            .windows(2)
            .any(|w| w[0].1.text == "cache" && w[1].1.text == "clean");
    }
    cmd.is("rm") && cmd.args.iter().any(|a| is_yarn_cache_path(&a.text, custom))
}

impl YarnCache {
    fn check_run(&self, cx: &Ctx, ins: &Instruction, out: &mut Vec<Finding>) {
        let cmds = run_commands(cx, ins);
        if !cmds.iter().any(|(_, c)| installs(c)) {
            return;
        }
        let custom: Vec<String> = cmds
            .iter()
            .filter(|(_, c)| c.is("yarn"))
            .filter_map(|(_, c)| long_value(&c.args, "cache-folder").map(|v| v.0))
            .collect();
        if cmds.iter().any(|(_, c)| cleans(c, &custom))
            || cache_mount_targets(ins)
                .iter()
                .any(|t| is_yarn_cache_path(t, &custom))
        {
            return;
        }
        for (script, cmd) in cmds.iter().filter(|(_, c)| installs(c)) {
            let words: Vec<&str> = std::iter::once("yarn")
                .chain(
                    operands(&cmd.args, &YARN_FLAGS)
                        .iter()
                        .take(2)
                        .map(|(_, w)| w.text.as_str()),
                )
                .take_while(|w| !w.contains(['/', '@']))
                .collect();
            let what = match words.get(1) {
                Some(&"global") => words.join(" "),
                Some(sub) => format!("yarn {sub}"),
                None => "yarn".to_string(),
            };
            let msg = format!(
                "`{what}` without `yarn cache clean` in the same RUN leaves yarn's cache in the layer"
            );
            out.push(cx.at_script(&Self::META, msg, ins, script, cmd.start, cmd.end));
        }
    }
}

impl DockerfileRule for YarnCache {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        // Stages whose layers are in the final image: the last one and those it is built FROM.
        let mut in_image = vec![false; cx.df.stages.len()];
        let mut s = cx.df.stages.len().checked_sub(1);
        while let Some(i) = s {
            if std::mem::replace(&mut in_image[i], true) {
                break;
            }
            s = cx.df.stages[i].parent;
        }
        for ins in &cx.df.instructions {
            if let Some(trigger) = ins.onbuild.as_deref().filter(|t| t.kind == Kind::Run) {
                // A trigger runs in whatever image builds FROM this one.
                self.check_run(cx, trigger, out);
            } else if ins.kind == Kind::Run
                && ins
                    .stage
                    .is_none_or(|s| in_image.get(s).copied().unwrap_or(true))
            {
                self.check_run(cx, ins, out);
            }
        }
    }
}
