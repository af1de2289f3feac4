use super::util::copy_paths;
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use crate::dockerfile::{Kind, unquote_word};
use portcullis_core::{Finding, declare_rule};

declare_rule! {
    /// ## What it does
    /// Reports `COPY --from=STAGE / /`: the whole filesystem of another stage or image copied
    /// over the root of this one.
    ///
    /// ## Why is this bad?
    /// Everything comes along: compilers, package caches, shells, credentials left in the
    /// build stage, and the other stage's `/etc/passwd` overwrites this one's. The image loses
    /// the point of a multi-stage build and may not even start.
    ///
    /// ## Example
    /// ```dockerfile
    /// COPY --from=build / /
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// COPY --from=build /out/app /usr/local/bin/app
    /// ```
    ///
    /// ## Fix safety
    /// No automatic fix.
    ///
    /// ## References
    /// - hadolint DL3067
    pub CopyWholeFilesystem {
        code: "DF067",
        name: "copy-whole-filesystem",
        practice: BuildHygiene,
        severity: Medium,
        summary: "COPY --from of a whole filesystem onto /",
        aliases: ["DL3067"],
        references: ["https://docs.docker.com/build/building/multi-stage/"],
        remediation: "copy only the files the image needs",
    }
}

impl DockerfileRule for CopyWholeFilesystem {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.df.all_instructions() {
            if ins.kind != Kind::Copy {
                continue;
            }
            let Some(from) = ins.flag("from") else {
                continue;
            };
            let Some((sources, dest)) = copy_paths(ins) else {
                continue;
            };
            let plain = |t: &str| {
                if ins.is_json() {
                    t.to_string()
                } else {
                    unquote_word(t)
                }
            };
            if matches!(plain(&dest.text).as_str(), "/" | "/.")
                && let Some(src) = sources
                    .iter()
                    .find(|s| matches!(plain(&s.text).as_str(), "/" | "/." | "/*"))
            {
                let from = from.value.as_deref().unwrap_or("");
                let msg = format!("copies the whole filesystem of `{from}` onto `/`");
                out.push(cx.finding(&Self::META, msg, src.start, dest.end));
            }
        }
    }
}
