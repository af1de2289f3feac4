//! The checks shared by the yum and dnf/microdnf rules, which differ only in the programs they
//! look at.

use super::util::{
    RPM, RPM_CACHE, append_fix, cache_mounted, calls, insert_fix, list, removes, rpm_action,
    rpm_cleans, rpm_fills_cache, rpm_pinned, rpm_prompts,
};
use crate::dockerfile::context::Ctx;
use portcullis_core::{Finding, RuleMeta};

/// `yum install …` / `dnf module install …` as written, for messages.
fn shown(prog: &str, sub: &str, action: Option<&str>) -> String {
    match action {
        Some(a) if !a.is_empty() => format!("{prog} {sub} {a}"),
        _ => format!("{prog} {sub}"),
    }
}

/// Commands of `progs` that ask for confirmation, without `-y`/`--assumeyes`.
pub(super) fn no_yes(cx: &Ctx, meta: &'static RuleMeta, progs: &[&str], out: &mut Vec<Finding>) {
    for ins in cx.runs(true) {
        for call in calls(cx, ins) {
            if !call.cmd.is_any(progs) {
                continue;
            }
            let p = call.parse(&RPM, &RPM);
            let (sub, action, n) = rpm_action(&p);
            if !rpm_prompts(sub, action) || p.has(&["y", "assumeyes"]) {
                continue;
            }
            let assume_opt = p.values(&["setopt"]).any(|v| {
                v.split_once('=').is_some_and(|(k, v)| {
                    k.trim() == "assumeyes"
                        && matches!(
                            v.trim().to_ascii_lowercase().as_str(),
                            "1" | "true" | "yes" | "on"
                        )
                })
            });
            if assume_opt {
                continue;
            }
            let end = p
                .op_word(n - 1)
                .map(|w| w.end)
                .unwrap_or(call.cmd.name_word.end);
            let mut f = cx.at_script(
                meta,
                format!(
                    "`{}` without `-y` aborts at its confirmation prompt",
                    shown(call.prog(), sub, action)
                ),
                ins,
                call.script,
                call.cmd.name_word.start,
                end,
            );
            f.fix = insert_fix(ins, call.script, call.cmd.name_word.end, " -y", "insert -y");
            out.push(f);
        }
    }
}

/// A RUN whose last cache-filling command of `progs` is not followed by `clean all` (or a
/// removal of the cache directory), unless the cache is a cache/tmpfs mount.
pub(super) fn clean_missing(
    cx: &Ctx,
    meta: &'static RuleMeta,
    progs: &[&str],
    out: &mut Vec<Finding>,
) {
    for ins in cx.runs(true) {
        if cache_mounted(ins, RPM_CACHE) {
            continue;
        }
        let calls = calls(cx, ins);
        let last_clean = calls
            .iter()
            .filter(|c| rpm_cleans(c) || removes(c, RPM_CACHE))
            .map(|c| c.seq)
            .max();
        for call in &calls {
            if !call.cmd.is_any(progs) || last_clean.is_some_and(|l| l > call.seq) {
                continue;
            }
            let p = call.parse(&RPM, &RPM);
            let (sub, action, n) = rpm_action(&p);
            if !rpm_fills_cache(sub, action) {
                continue;
            }
            let prog = call.prog();
            let end = p
                .op_word(n - 1)
                .map(|w| w.end)
                .unwrap_or(call.cmd.name_word.end);
            let mut f = cx.at_script(
                meta,
                format!(
                    "`{}` without `{prog} clean all` after it leaves the package cache in the layer",
                    shown(prog, sub, action)
                ),
                ins,
                call.script,
                call.cmd.name_word.start,
                end,
            );
            f.fix = append_fix(
                cx,
                ins,
                &format!("{prog} clean all"),
                &format!("run {prog} clean all at the end of the RUN"),
            );
            out.push(f);
            break;
        }
    }
}

/// `install` of packages without a version, and `module install` of modules without a stream.
pub(super) fn unpinned(cx: &Ctx, meta: &'static RuleMeta, progs: &[&str], out: &mut Vec<Finding>) {
    for ins in cx.runs(true) {
        for call in calls(cx, ins) {
            if !call.cmd.is_any(progs) {
                continue;
            }
            let p = call.parse(&RPM, &RPM);
            let (sub, action, n) = rpm_action(&p);
            let prog = call.prog();
            let (loose, message): (Vec<_>, _) = match (sub, action) {
                ("install" | "in", None) => {
                    // `@group` and `@module:stream` are not packages.
                    let loose: Vec<_> = p
                        .operands_from(n)
                        .filter(|w| {
                            !w.text.is_empty() && !w.text.starts_with('@') && !rpm_pinned(&w.text)
                        })
                        .collect();
                    let m = format!(
                        "`{prog} {sub}` of {} without a version (`<package>-<version>`)",
                        list(&loose)
                    );
                    (loose, m)
                }
                ("module", Some("install")) => {
                    let loose: Vec<_> = p
                        .operands_from(n)
                        .filter(|w| !w.text.is_empty() && !w.text.contains(':'))
                        .collect();
                    let m = format!(
                        "`{prog} module install` of {} without a stream (`<module>:<stream>`)",
                        list(&loose)
                    );
                    (loose, m)
                }
                _ => continue,
            };
            let (Some(first), Some(last)) = (loose.first(), loose.last()) else {
                continue;
            };
            out.push(cx.at_script(meta, message, ins, call.script, first.start, last.end));
        }
    }
}
