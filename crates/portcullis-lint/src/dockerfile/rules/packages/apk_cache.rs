use super::util::{APK, cache_mounted, calls, insert_fix, removes};
use crate::dockerfile::context::Ctx;
use crate::dockerfile::rules::{DockerfileRule, rule_meta};
use portcullis_core::{Finding, declare_rule};

/// apk's index and package caches.
const APK_CACHE: &[&str] = &["/var/cache/apk", "/etc/apk/cache"];

declare_rule! {
    /// ## What it does
    /// Reports `apk add` without `--no-cache`.
    ///
    /// Not reported when the RUN mounts a cache or tmpfs on `/var/cache/apk` (or
    /// `/etc/apk/cache`), nor when the same RUN removes `/var/cache/apk` after the last
    /// `apk add` (`rm -rf /var/cache/apk/*`): in both cases nothing reaches the layer.
    /// hadolint reports the second case too, as a matter of style.
    ///
    /// ## Why is this bad?
    /// Without `--no-cache`, the package index downloaded by `--update` or `apk update` stays
    /// in `/var/cache/apk` and makes every image a few megabytes larger, for nothing.
    ///
    /// ## Example
    /// ```dockerfile
    /// RUN apk add --update curl~8.11
    /// ```
    /// Use instead:
    /// ```dockerfile
    /// RUN apk add --no-cache curl~8.11
    /// ```
    ///
    /// ## Fix safety
    /// Safe: inserts `--no-cache` after `add`. apk then fetches a fresh index into a temporary
    /// place for this command, which is what `--update` asked for anyway.
    pub ApkCache {
        code: "DF019",
        name: "apk-cache",
        practice: MinimalImage,
        severity: Low,
        summary: "apk add without --no-cache",
        aliases: ["DL3019", "DS025"],
        references: ["https://github.com/gliderlabs/docker-alpine/blob/master/docs/usage.md#disabling-cache"],
        remediation: "use apk add --no-cache <package>",
    }
}

impl DockerfileRule for ApkCache {
    rule_meta!();
    fn check(&self, cx: &Ctx, out: &mut Vec<Finding>) {
        for ins in cx.runs(true) {
            if cache_mounted(ins, APK_CACHE) {
                continue;
            }
            let calls = calls(cx, ins);
            let last_cleanup = calls
                .iter()
                .filter(|c| removes(c, &["/var/cache/apk"]))
                .map(|c| c.seq)
                .max();
            for call in &calls {
                if !call.cmd.is("apk") || last_cleanup.is_some_and(|l| l > call.seq) {
                    continue;
                }
                let p = call.parse(&APK, &APK);
                let Some(sub) = p.op_word(0).filter(|w| w.text == "add") else {
                    continue;
                };
                if p.has(&["no-cache"]) {
                    continue;
                }
                let mut f = cx.at_script(
                    &Self::META,
                    "`apk add` without `--no-cache` leaves the package index in /var/cache/apk",
                    ins,
                    call.script,
                    call.cmd.name_word.start,
                    sub.end,
                );
                f.fix = insert_fix(
                    ins,
                    call.script,
                    sub.end,
                    " --no-cache",
                    "insert --no-cache",
                );
                out.push(f);
            }
        }
    }
}
