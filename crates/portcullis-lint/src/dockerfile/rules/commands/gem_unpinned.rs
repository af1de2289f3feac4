use super::util::{FlagSpec, has_long, has_short, operands, run_commands};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `gem install` (or `gem i`) of a gem without a version: `gem install rails`
    /// instead of `gem install rails:7.2.1` or `gem install rails -v 7.2.1`. Local `.gem` files
    /// and installs from a gem dependencies file (`-g Gemfile`) are not reported.
    ///
    /// ## Why is this bad?
    /// An unpinned gem installs whatever is newest on the day of the build: two builds of the
    /// same Dockerfile get different code, a new release can break the image, and a
    /// compromised release flows straight in.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN gem install bundler
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN gem install bundler:2.5.22
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix: the right version is the one the application was tested with.
    ///
    /// ## Notes
    /// Differences from hadolint: flags without a value (`--no-document`) do not hide the gem
    /// after them, arguments after `--` (build options) are not gems, and `.gem` files are pinned.
    pub GemUnpinned {
        code: "DF028",
        name: "gem-unpinned",
        practice: Updates,
        severity: Low,
        summary: "gem install without a version",
        aliases: ["DL3028"],
        references: ["https://guides.rubygems.org/command-reference/#gem-install"],
        remediation: "pin each gem (gem install rails:7.2.1) or install with bundler from a Gemfile.lock",
    }
}

const GEM_FLAGS: FlagSpec = FlagSpec {
    long: &[
        "install-dir",
        "bindir",
        "source",
        "trust-policy",
        "platform",
        "build-root",
        "version",
        "file",
        "config-file",
        "target",
        "ri-dir",
    ],
    short: "insPvg",
};

impl DockerfileRule for GemUnpinned {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            for (script, cmd) in run_commands(cx, ins) {
                if !cmd.is("gem") {
                    continue;
                }
                // Arguments after `--` are build options for the gem's extensions.
                let end = cmd
                    .args
                    .iter()
                    .position(|a| a.text == "--")
                    .unwrap_or(cmd.args.len());
                let args = &cmd.args[..end];
                let ops = operands(args, &GEM_FLAGS);
                let Some((_, sub)) = ops.first() else {
                    continue;
                };
                if sub.text != "install" && sub.text != "i" {
                    continue;
                }
                let versioned = has_short(args, 'v', &GEM_FLAGS) || has_long(args, "version");
                let from_file = has_short(args, 'g', &GEM_FLAGS) || has_long(args, "file");
                if versioned || from_file {
                    continue;
                }
                let unpinned: Vec<_> = ops[1..]
                    .iter()
                    .map(|(_, w)| *w)
                    .filter(|w| !w.text.contains(':') && !w.text.ends_with(".gem"))
                    .collect();
                let (Some(first), Some(last)) = (unpinned.first(), unpinned.last()) else {
                    continue;
                };
                let names: Vec<String> = unpinned.iter().map(|w| format!("`{}`", w.text)).collect();
                let msg = format!(
                    "`gem {}` of {} without a version pin",
                    sub.text,
                    names.join(", ")
                );
                out.push(cx.at_script(&Self::META, msg, ins, script, first.start, last.end));
            }
        }
    }
}
